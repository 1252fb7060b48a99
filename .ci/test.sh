#!/usr/bin/env bash
# The project's one test command (README "Run the tests"): prepares what the tests use on a fresh
# machine, then runs every test suite. CI's .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN=(mvn -B -ntp)

echo "== channels4j: unit and integration tests (embedded Tyrus)"
"${MVN[@]}" install

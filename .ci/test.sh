#!/usr/bin/env bash
# The project's one test command (README, "Run every test"). On a fresh machine with Java 17,
# Maven and Node it installs what the tests use (Debian's Chromium, npm's playwright-core), then
# runs every suite: the library's unit and integration tests, then the chat example's (real
# sockets and a real browser). CI's .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B -ntp)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

echo "== preparing: Chromium and playwright-core for the browser test"
command -v chromium >/dev/null || apt_install chromium
npm ci --prefix examples/chat/src/test/browser --no-audit --no-fund --loglevel=error

echo "== channels4j: unit and integration tests (embedded Tyrus)"
"${MVN[@]}" install

echo "== examples/chat: real sockets and a real browser"
"${MVN[@]}" -f examples/chat/pom.xml verify

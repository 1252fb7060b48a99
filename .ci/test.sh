#!/usr/bin/env bash
# The project's one test command (README, "Run every test"). On a fresh machine with Java 17,
# Maven and Node it installs what the tests use (Debian's Chromium, npm's playwright-core), then
# runs every suite: the library's unit and integration tests, then the chat example's (real
# sockets and a real browser), then a smoke run of every benchmark scenario (tiny sizes) against
# channels4j, the raw Tyrus baseline and Django Channels. CI's .ci/run calls exactly this.
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

echo "== preparing: Chromium and playwright-core for the browser test, Django Channels for the benchmarks"
command -v chromium >/dev/null || apt_install chromium
[ -x /usr/bin/daphne ] && /usr/bin/python3 -c 'import channels, channels_redis' 2>/dev/null \
  || apt_install daphne python3-django-channels python3-channels-redis
npm ci --prefix examples/chat/src/test/browser --no-audit --no-fund --loglevel=error

echo "== channels4j: unit and integration tests (embedded Tyrus)"
"${MVN[@]}" install

echo "== examples/chat: real sockets and a real browser"
"${MVN[@]}" -f examples/chat/pom.xml verify

echo "== benchmarks: a smoke run of every scenario (tiny sizes; proves the tools, measures nothing)"
"${MVN[@]}" -q -f benchmarks/pom.xml package
benchmarks/run-all.sh --plan smoke --no-build --out benchmarks/target/smoke
java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main -f 0 -wi 0 -i 1 -r 100ms -foe true \
  > benchmarks/target/jmh-smoke.txt 2>&1 || { cat benchmarks/target/jmh-smoke.txt; exit 1; }
echo "jmh smoke: $(grep -c ' avgt ' benchmarks/target/jmh-smoke.txt) benchmarks ran"

#!/usr/bin/env bash
# The project's one test command (README, "Run every test"). On a fresh machine with Java 17,
# Maven and Node it installs what the tests use (Debian's Chromium, npm's playwright-core, Redis
# and the Django Channels peer for the Redis layer), starts Redis on 127.0.0.1:6379 unless one
# answers there, then runs every suite: the library's unit and integration tests, then the chat
# example's (real sockets and a real browser). CI's .ci/run calls exactly this.
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

echo "== preparing: Redis and the Django Channels peer (channels_redis 4.0) for the Redis layer"
command -v redis-server >/dev/null || apt_install redis-server
/usr/bin/python3 -c 'import channels_redis' 2>/dev/null || apt_install python3-channels-redis
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi

echo "== channels4j: unit and integration tests (embedded Tyrus, Redis, Django Channels peer)"
"${MVN[@]}" install

echo "== examples/chat: real sockets and a real browser"
"${MVN[@]}" -f examples/chat/pom.xml verify

#!/usr/bin/env bash
# The project's one test command (README, "Run every test"). On a fresh machine with Java 17,
# Maven and Node it installs what the tests use (Debian's Chromium, npm's playwright-core, Redis
# and the Django Channels peer for the Redis layer), starts Redis on 127.0.0.1:6379 unless one
# answers there, then runs every suite: the library's unit and integration tests, the chat
# example's (real sockets and a real browser), then the chat WAR in real servers, WildFly and
# Payara Micro, one after the other (Arquillian; the server distributions come from Maven Central
# into examples/chat/target/), then a smoke run of every benchmark scenario (tiny sizes) against
# channels4j, the raw Tyrus baseline and Django Channels, and of the JMH benchmarks. CI's .ci/run
# calls exactly this. No server outlives it, whether the tests pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B -ntp)

# Each phase says how long the previous one took, so CI's log shows where the time goes.
phase_start=$SECONDS
phase() {
  echo "== ($((SECONDS - phase_start)) s) $*"
  phase_start=$SECONDS
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

phase "preparing: Chromium and playwright-core for the browser test, Django Channels for the benchmarks"
command -v chromium >/dev/null || apt_install chromium
[ -x /usr/bin/daphne ] && /usr/bin/python3 -c 'import channels, channels_redis' 2>/dev/null \
  || apt_install daphne python3-django-channels python3-channels-redis
npm ci --prefix examples/chat/src/test/browser --no-audit --no-fund --loglevel=error

phase "preparing: Redis and the Django Channels peer (channels_redis 4.0) for the Redis layer"
command -v redis-server >/dev/null || apt_install redis-server
/usr/bin/python3 -c 'import channels_redis' 2>/dev/null || apt_install python3-channels-redis
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  # The daemon outlives this run: it must not keep the run's other descriptors open (a caller's
  # lock file, e.g. `flock LOCK .ci/run`, would stay locked after the run).
  (for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done
   exec redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)
fi

phase "channels4j: unit and integration tests (embedded Tyrus, Redis, Django Channels peer)"
"${MVN[@]}" install

phase "examples/chat: real sockets and a real browser"
"${MVN[@]}" -f examples/chat/pom.xml verify

# Arquillian stops its servers, but a killed build or a Payara Micro still shutting down could leave
# one behind: on exit, end every process running from examples/chat/target (the servers started
# here, by their process ids), first politely, then for good.
servers_dir="$PWD/examples/chat/target/"
server_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null < "$p/cmdline") || continue
    case "$cmd" in *"$servers_dir"*) echo "${p#/proc/}";; esac
  done
}
stop_servers() {
  local pids i
  pids=$(server_pids)
  [ -z "$pids" ] && return 0
  for i in $(seq 1 30); do
    pids=$(server_pids)
    [ -z "$pids" ] && return 0
    [ "$i" -eq 1 ] && echo "== waiting for servers to stop: $pids" && kill $pids 2>/dev/null || true
    sleep 1
  done
  echo "== servers still running after 30 s, killing: $pids" >&2
  kill -9 $pids 2>/dev/null || true
}
payara_tmp_before=$(ls -d /tmp/arquillian-payara-micro* 2>/dev/null || true)
cleanup() {
  stop_servers
  # the Payara Micro adapter leaves its deployment folders in /tmp: remove the ones made by this run
  for d in $(ls -d /tmp/arquillian-payara-micro* 2>/dev/null || true); do
    case " $payara_tmp_before " in *" $d "*) ;; *) rm -rf "$d";; esac
  done
}
trap cleanup EXIT
trap 'exit 143' INT TERM

phase "examples/chat in WildFly (Undertow), applying server-config/wildfly"
"${MVN[@]}" -f examples/chat/pom.xml verify -Pwildfly

phase "examples/chat in Payara Micro (Tyrus), applying server-config/payara"
"${MVN[@]}" -f examples/chat/pom.xml verify -Ppayara

phase "benchmarks: a smoke run of every scenario (tiny sizes; proves the tools, measures nothing)"
"${MVN[@]}" -q -f benchmarks/pom.xml package
benchmarks/run-all.sh --plan smoke --no-build --out benchmarks/target/smoke
benchmarks/run-all.sh --plan redis-smoke --no-build --out benchmarks/target/redis-smoke
java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main -f 0 -wi 0 -i 1 -r 100ms -foe true \
  > benchmarks/target/jmh-smoke.txt 2>&1 || { cat benchmarks/target/jmh-smoke.txt; exit 1; }
echo "jmh smoke: $(grep -c ' avgt ' benchmarks/target/jmh-smoke.txt) benchmarks ran"
phase "done"

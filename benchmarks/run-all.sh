#!/usr/bin/env bash
# Runs the benchmark scenarios against every server, in the same run, one after the other:
# channels4j (the chat example, embedded, in-memory layer), the raw Tyrus baseline, and Django
# Channels (daphne, in-memory and Redis layers). Each server is pinned to one core (taskset),
# the load generator to the other. Results: benchmarks/results/<stamp>/results.jsonl (one JSON
# object per run, with the load average before and after it) and summary.md (medians, spread
# and ratios), written by summarize.py.
# --servers spring: the Spring Boot peer (benchmarks/peers/spring, a fat jar on embedded Tomcat).
#
#   benchmarks/run-all.sh [--plan smoke|full|redis] [--runs N] [--servers "channels4j raw django-memory"]
#                         [--scenarios "fanout-paced pingpong ..."] [--quiet-load 0.5] [--no-build]
#
# --plan redis: a 100-client room spread over two chat nodes sharing one Redis
# (channels4j-redis2), its messages group-sent by the nodes' consumers (redis-java-*) or by a
# Python process calling channels_redis's group_send (redis-python-*): at a paced 200 sends/s,
# and stepping the rate up until a step loses a message or its p99 passes 1 s (ramp). Server CPU
# is both nodes plus Redis; the Python sender runs on the generator's core.
# --servers quarkus: the chat on Quarkus WebSockets Next (benchmarks/peers/quarkus), built only when named.
# --servers channels4j-baseline: the chat jar named by BASELINE_CHAT_JAR (another build, with its own
# lib/ beside it), measured beside channels4j in the same run for a before/after.
# --quiet-load L: before each measured run wait (up to --quiet-wait seconds) until the 1-minute
# load average is below L, and mark the run noisy:true when it never got there.
# Every server started here is stopped on exit; all traffic goes to 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
plan=full
runs=""
servers=""
scenarios=""
quiet_load=""
quiet_wait=600
build=1
server_cpu=0
gen_cpu=1
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --plan) plan="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --quiet-load) quiet_load="$2"; shift 2 ;;
    --quiet-wait) quiet_wait="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
done

case "$plan" in
  smoke)
    runs="${runs:-1}"
    servers="${servers:-channels4j raw django-memory}"
    scenarios="${scenarios:-fanout-paced fanout-unpaced fanout-ramp fanout-rooms pingpong connect churn overload}"
    ;;
  full)
    runs="${runs:-3}"
    servers="${servers:-channels4j raw django-memory django-redis}"
    scenarios="${scenarios:-fanout-paced fanout-150k fanout-200k fanout-unpaced fanout-ramp fanout-r10 fanout-r100 pingpong connect churn overload}"
    ;;
  redis)
    runs="${runs:-3}"
    servers="${servers:-channels4j-redis2}"
    scenarios="${scenarios:-redis-java-paced redis-python-paced redis-java-ramp redis-python-ramp}"
    ;;
  redis-smoke)
    runs="${runs:-1}"
    servers="${servers:-channels4j-redis2}"
    scenarios="${scenarios:-redis-java-paced redis-python-paced redis-java-ramp redis-python-ramp}"
    ;;
  *) echo "--plan must be smoke, full, redis or redis-smoke" >&2; exit 2 ;;
esac

if [ "$(nproc)" -lt 2 ]; then gen_cpu=0; fi
hard_fds="$(ulimit -Hn)"
[ "$hard_fds" = unlimited ] && hard_fds=1048576
ulimit -n "$hard_fds"
# one process holds the connections plus its own files: keep a margin of 500
max_conns=$(( hard_fds - 500 ))

group_sender="$here/peers/redis-sender/group_sender.py"
redis_ramp="100,200,300,400,600,800,1000,1200,1600,2000,2400"

# the first argument in the smoke plan, the second in the others
sized() {
  if [ "$plan" = smoke ]; then echo "$1"; else echo "$2"; fi
}

# scenario name -> generator arguments
args_for() {
  case "$plan:$1" in
    redis:redis-java-paced)      echo "fanout --rooms 1 --clients 100 --senders 10 --messages 600 --warmup 300 --rate 200 --max-seconds 180" ;;
    redis:redis-java-ramp)       echo "fanout --rooms 1 --clients 100 --senders 10 --ramp $redis_ramp --seconds 5 --warmup 200 --drain-seconds 5 --max-seconds 300" ;;
    # the smoke plan's fanout on Redis; a Python group sender drives the same runs as the Java one
    redis-smoke:redis-java-paced) plan=smoke args_for fanout-paced ;;
    redis-smoke:redis-java-ramp)  plan=smoke args_for fanout-ramp ;;
    redis*:redis-python-*)       echo "$(args_for "${1/python/java}") --group-sender $group_sender" ;;
    # each scenario's smoke size (seconds, run by the test command), then its full size
    smoke:fanout-paced|full:fanout-paced) sized "fanout --rooms 1 --clients 10 --senders 2 --messages 50 --warmup 20 --rate 100 --max-seconds 60" "fanout --rooms 1 --clients 100 --senders 10 --messages 1200 --warmup 300 --rate 600 --max-seconds 180" ;;
    smoke:fanout-unpaced|full:fanout-unpaced) sized "fanout --rooms 1 --clients 10 --senders 2 --messages 100 --warmup 20 --rate 0 --window 5 --max-seconds 60" "fanout --rooms 1 --clients 100 --senders 10 --messages 1000000 --seconds 15 --warmup 300 --rate 0 --window 10 --max-seconds 180" ;;
    smoke:fanout-ramp|full:fanout-ramp) sized "fanout --rooms 1 --clients 10 --senders 2 --ramp 20,50 --seconds 1 --warmup 10 --drain-seconds 3 --max-seconds 60" "fanout --rooms 1 --clients 100 --senders 10 --ramp 50,100,200,400,600,800,1000,1200,1600,2000,2400,3200 --seconds 5 --warmup 200 --drain-seconds 5 --max-seconds 240" ;;
    smoke:pingpong|full:pingpong) sized "pingpong --messages 200 --warmup 100 --max-seconds 60" "pingpong --messages 20000 --warmup 5000 --max-seconds 120" ;;
    smoke:connect|full:connect) sized "connect --connections 200 --sources 2 --hold-seconds 1 --max-seconds 60" "connect --connections $max_conns --hold-seconds 5 --max-seconds 300" ;;
    smoke:churn|full:churn) sized "churn --iterations 50 --parallel 5 --max-seconds 60" "churn --iterations 3000 --parallel 20 --max-seconds 180" ;;
    smoke:overload|full:overload) sized "fanout --rooms 1 --clients 10 --senders 2 --messages 200 --warmup 0 --rate 2000 --drain-seconds 3 --max-seconds 60" "fanout --rooms 1 --clients 100 --senders 10 --messages 2000 --warmup 0 --rate 20000 --drain-seconds 5 --max-seconds 120" ;;
    # rooms: three small rooms in the smoke plan; ten and a hundred in the full one
    smoke:fanout-rooms)   echo "fanout --rooms 3 --clients 4 --senders 2 --messages 50 --warmup 10 --rate 0 --window 5 --max-seconds 60" ;;
    # the rates of the comparison with the Java peers: 150k and 200k deliveries/s (1,500 and 2,000 sends/s to 100 members), paced, 8 s measured
    full:fanout-150k)     echo "fanout --rooms 1 --clients 100 --senders 10 --messages 1200 --warmup 300 --rate 1500 --drain-seconds 5 --max-seconds 180" ;;
    full:fanout-200k)     echo "fanout --rooms 1 --clients 100 --senders 10 --messages 1600 --warmup 400 --rate 2000 --drain-seconds 5 --max-seconds 180" ;;
    # an open-loop flood longer than back-pressure holds: 1,500 frames per sender at 2,000/s each (1,024 are held at most)
    full:overload-flood)  echo "fanout --rooms 1 --clients 100 --senders 10 --messages 15000 --warmup 0 --rate 20000 --drain-seconds 5 --max-seconds 180" ;;
    full:fanout-r10)      echo "fanout --rooms 10 --clients 100 --senders 10 --messages 1000000 --seconds 15 --warmup 50 --rate 0 --window 10 --max-seconds 240" ;;
    full:fanout-r100)     echo "fanout --rooms 100 --clients 10 --senders 10 --messages 1000000 --seconds 15 --warmup 50 --rate 0 --window 10 --max-seconds 240" ;;
    *) echo "no scenario $1 in plan $plan" >&2; return 1 ;;
  esac
}

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${out:-$here/results/$stamp}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

if [ "$build" = 1 ]; then
  echo "== building channels4j, the chat example and the benchmarks" >&2
  mvn -B -ntp -q -f "$root/pom.xml" install -DskipTests
  mvn -B -ntp -q -f "$root/examples/chat/pom.xml" package -DskipTests
  mvn -B -ntp -q -f "$here/pom.xml" package -DskipTests
  case " $servers " in *" quarkus "*) mvn -B -ntp -q -f "$here/peers/quarkus/pom.xml" package -DskipTests ;; esac
  case " $servers " in *" spring "*) mvn -B -ntp -q -f "$here/peers/spring/pom.xml" package -DskipTests ;; esac
fi
# The chat and the generator run on this work tree's library, whatever ~/.m2 holds now (its main
# jar, not the test helpers' -tests.jar beside it).
lib_jar="$(ls "$root"/target/channels4j-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' -e '-tests\.jar$' | head -1)"
cp "$lib_jar" "$root/examples/chat/target/lib/"
cp "$lib_jar" "$here/target/lib/"
gen_jar="$here/target/benchmarks.jar"

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# server_pids: the processes of the server under test (two for a two-node server); server_pid
# is what the generator is given (comma-separated, plus Redis's for the two-node server)
server_pids=""
server_pid=""
stop_server() {
  local pid
  for pid in $server_pids; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  server_pids=""
  server_pid=""
}
started_redis=""
cleanup() {
  stop_server
  # a Redis this script started goes too; one that was already running is left alone
  if [ -n "$started_redis" ]; then redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    started_redis=1
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

# chat_node PORT LOG [ARGS...]: starts the chat example pinned to the server's core, adds its pid to server_pids;
# CHAT_JAR names another build of it (the baseline server)
chat_node() {
  local port="$1" log="$2"
  shift 2
  taskset -c "$server_cpu" java ${SERVER_JAVA_OPTS:-} -jar "${CHAT_JAR:-$root/examples/chat/target/chat.jar}" \
    --port "$port" "$@" >>"$log" 2>&1 &
  server_pids="$server_pids $!"
}

# start_server NAME: sets server_pids, server_pid, ws_url, stats_url, jvm; returns 3 when NAME is not available
start_server() {
  local name="$1" port log="$out/server-$1.log"
  port="$(free_port)"
  ws_url="ws://127.0.0.1:$port"
  stats_url="http://127.0.0.1:$port/stats"
  jvm=true
  server_pids=""
  case "$name" in
    channels4j) chat_node "$port" "$log" ;;
    channels4j-baseline)
      # another build of the chat (e.g. the last release, for a before/after of a change), from BASELINE_CHAT_JAR
      [ -n "${BASELINE_CHAT_JAR:-}" ] && [ -f "$BASELINE_CHAT_JAR" ] || { echo "   BASELINE_CHAT_JAR is not set" >&2; return 3; }
      CHAT_JAR="$BASELINE_CHAT_JAR" chat_node "$port" "$log"
      ;;
    channels4j-redis) ensure_redis; chat_node "$port" "$log" --layer redis ;;
    channels4j-redis2)
      ensure_redis
      local port2; port2="$(free_port)"
      chat_node "$port" "$log" --layer redis
      chat_node "$port2" "$out/server-$1-b.log" --layer redis
      ws_url="$ws_url,ws://127.0.0.1:$port2"
      stats_url="$stats_url,http://127.0.0.1:$port2/stats"
      ;;
    raw)
      local sport; sport="$(free_port)"
      stats_url="http://127.0.0.1:$sport/stats"
      taskset -c "$server_cpu" java ${SERVER_JAVA_OPTS:-} -cp "$gen_jar" io.channels4j.bench.raw.RawServer \
        --port "$port" --stats-port "$sport" >>"$log" 2>&1 &
      server_pids=$!
      ;;
    quarkus)
      local quarkus_jar="$here/peers/quarkus/target/quarkus-app/quarkus-run.jar"
      [ -f "$quarkus_jar" ] || { echo "   quarkus is not built (see benchmarks/peers/quarkus/README.md)" >&2; return 3; }
      taskset -c "$server_cpu" java ${SERVER_JAVA_OPTS:-} -Dquarkus.http.port="$port" -jar "$quarkus_jar" >>"$log" 2>&1 &
      server_pids=$!
      ;;
    django-memory|django-redis)
      jvm=false
      [ "$name" = django-redis ] && ensure_redis
      (cd "$here/peers/django" && BENCH_LAYER="${name#django-}" BENCH_DB="$out/django.sqlite3" \
        exec taskset -c "$server_cpu" /usr/bin/python3 /usr/bin/daphne -v 0 -b 127.0.0.1 -p "$port" \
        benchpeer.asgi:application) >>"$log" 2>&1 &
      server_pids=$!
      ;;
    spring)
      local spring_jar="$here/peers/spring/target/spring-peer.jar"
      [ -f "$spring_jar" ] || { echo "   spring is not built (see benchmarks/peers/spring/README.md)" >&2; return 3; }
      taskset -c "$server_cpu" java ${SERVER_JAVA_OPTS:-} -jar "$spring_jar" --server.port="$port" >>"$log" 2>&1 &
      server_pids=$!
      ;;
    *) echo "unknown server $name" >&2; return 2 ;;
  esac
  server_pids="${server_pids# }"
  server_pid="${server_pids// /,}"
  # a server of several nodes is measured with the Redis they share
  if [ "$name" = channels4j-redis2 ]; then
    server_pid="$server_pid,$(redis-cli -h 127.0.0.1 -p 6379 info server | tr -d '\r' | sed -n 's/^process_id://p')"
  fi
  local url
  for url in ${stats_url//,/ }; do
    wait_started "$name" "$url" || { stop_server; return 3; }
  done
  return 0
}

# wait_started NAME URL: until URL answers, every server process is alive, and 30 s have not passed
wait_started() {
  local pid
  for _ in $(seq 1 300); do
    for pid in $server_pids; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "   $1 did not start (see $out/server-$1*.log)" >&2
        return 1
      fi
    done
    curl -sf "$2" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "   $1 did not answer $2 within 30 s" >&2
  return 1
}

load1() { cut -d' ' -f1 /proc/loadavg; }

wait_quiet() {
  [ -z "$quiet_load" ] && return 0
  local until=$(( $(date +%s) + quiet_wait ))
  while [ "$(date +%s)" -lt "$until" ]; do
    awk -v l="$(load1)" -v q="$quiet_load" 'BEGIN { exit !(l < q) }' && return 0
    sleep 5
  done
  return 1
}

failures=0
for run in $(seq 1 "$runs"); do
  for scenario in $scenarios; do
    for server in $servers; do
      gen_args="$(args_for "$scenario")"
      echo "== run $run/$runs  $scenario  $server" >&2
      if ! start_server "$server"; then
        echo "{\"server\":\"$server\",\"scenario_name\":\"$scenario\",\"run\":$run,\"skipped\":\"server not available\"}" >>"$results"
        continue
      fi
      extra=""
      if [ "$scenario" = connect ] && [ "$jvm" = true ]; then extra="--jvm-gc true"; fi
      noisy=false
      wait_quiet || noisy=true
      before="$(load1)"
      set +e
      line="$(taskset -c "$gen_cpu" java ${GEN_JAVA_OPTS:-} -jar "$gen_jar" $gen_args --url "$ws_url" \
        --stats "$stats_url" --server-pid "$server_pid" $extra 2>>"$out/generator.log" | grep '^RESULT ' | tail -1)"
      status=$?
      set -e
      after="$(load1)"
      stop_server
      if [ -z "$line" ]; then
        echo "   no result (see $out/generator.log)" >&2
        failures=$((failures + 1))
        echo "{\"server\":\"$server\",\"scenario_name\":\"$scenario\",\"run\":$run,\"error\":\"no result\"}" >>"$results"
        continue
      fi
      json="${line#RESULT \{}"
      echo "{\"server\":\"$server\",\"scenario_name\":\"$scenario\",\"run\":$run,\"load1_before\":$before,\"load1_after\":$after,\"noisy\":$noisy,$json" >>"$results"
      echo "   $(echo "$line" | /usr/bin/python3 "$here/summarize.py" --brief)" >&2
      if echo "$line" | grep -q '"error":'; then failures=$((failures + 1)); fi
    done
  done
done

{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "kernel: $(uname -r); open files: $hard_fds"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "python: $(/usr/bin/python3 --version 2>&1); $(/usr/bin/python3 -c 'import channels, daphne, django, channels_redis; print("channels", channels.__version__, "daphne", daphne.__version__, "django", django.__version__, "channels_redis", channels_redis.__version__)' 2>/dev/null || echo "Django peer not installed")"
  echo "git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "plan: $plan, runs: $runs, servers: $servers"
} > "$out/machine.txt"
/usr/bin/python3 "$here/summarize.py" "$results" > "$out/summary.md"
cat "$out/summary.md"
echo "results: $out" >&2
if [ "$plan" = smoke ] || [ "$plan" = redis-smoke ]; then
  exec /usr/bin/python3 "$here/summarize.py" --check "$results"
fi
exit $(( failures > 0 ))

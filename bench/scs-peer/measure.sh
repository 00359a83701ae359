#!/usr/bin/env bash
# Benchmark (not a test): the request path and the footprint of the Spring Cloud Stream peer (bench/scs-peer) against the
# plain-client worker (bench/raw-client RawWorker) and, when CAMEL_DIR names a checkout with a built
# app/target/camel-worker.jar, camel-worker itself (no-op route bench/noop.camel.yaml), on the local broker (127.0.0.1:5672
# guest/guest, vhost /), each consumer in a JVM of its own started with the same flags ($JVM).
#
# throughput  RequestLoad (bench/raw-client) queues WARMUP + COUNT requests as the Worker Manager does, then starts the
#             consumer; requests/s and consumer CPU per request from the WARMUP-th to the last response, plus the
#             broker's (beam.smp) CPU per request over the same window. For each concurrency, RUNS rounds; the order of
#             the sides rotates every round, so that no side always runs right after the same other one.
# footprint   each side is started in turn (order rotating every round) and waits for its ready line (Spring Boot's
#             "Started ... in", the raw worker's "raw worker consuming"): start-up wall time and CPU time until then;
#             after IDLE seconds (all sides idle together, heartbeats only): VmRSS, threads, classes loaded (jstat -class).
#
# Usage: bench/scs-peer/measure.sh [throughput] [footprint]          (both by default)
# Settings (environment): RUNS (3), COUNT (20000), WARMUP (2000), PREFETCH (250), CONCURRENCY ("1 4"), IDLE (60),
#   SIDES ("raw scs", plus "camel" when CAMEL_DIR is set; "scs-ops" is the peer with the actuator's health probes, info
#   and Prometheus over Spring MVC, as a Spring Boot user adds them: what camel-worker serves for operations),
#   JVM ("-Xmx352m -XX:+ExitOnOutOfMemoryError"),
#   JAVA (java: the launcher of every side, e.g. a JDK 25's bin/java),
#   LAUNCH (jar: java -jar the Spring Boot jars; cached: each Spring side runs from its extracted jar with a class cache
#   trained the way docker/Dockerfile trains the image's: an AOT cache where the JVM can train one (Java 25), else AppCDS),
#   CAMEL_DIR (a camel-worker checkout whose app/target/camel-worker.jar is built; its bench/noop.camel.yaml is the route),
#   OUT (bench/scs-peer/target/measure: logs, results.txt).
# The machine may be shared: every line carries the 1-minute load average; the summary gives medians and ranges.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="$(dirname "$HERE")"
RUNS=${RUNS:-3}
COUNT=${COUNT:-20000}
WARMUP=${WARMUP:-2000}
PREFETCH=${PREFETCH:-250}
CONCURRENCY=${CONCURRENCY:-"1 4"}
IDLE=${IDLE:-60}
JVM=${JVM:-"-Xmx352m -XX:+ExitOnOutOfMemoryError"}
JAVA=${JAVA:-java}
LAUNCH=${LAUNCH:-jar}
CAMEL_DIR=${CAMEL_DIR:-}
if [ -n "$CAMEL_DIR" ]; then CAMEL_DIR="$(cd "$CAMEL_DIR" && pwd)"; fi
SIDES=${SIDES:-"raw scs${CAMEL_DIR:+ camel}"}
OUT=${OUT:-$HERE/target/measure}
MODES=${*:-throughput footprint}
mkdir -p "$OUT"

RAW_JAR=$BENCH/raw-client/target/raw-client.jar
SCS_JAR=$HERE/target/scs-peer.jar
SCS_OPS_JAR=$HERE/target/scs-peer-ops.jar
build() { # build <dir> [maven args]: offline first, Maven Central if something is missing
  local dir=$1; shift
  (cd "$dir" && { mvn -B -q -o package -DskipTests "$@" >/dev/null 2>&1 || mvn -B -q package -DskipTests "$@"; })
}
[ -f "$RAW_JAR" ] || build "$BENCH/raw-client"
[ -f "$SCS_JAR" ] || build "$HERE"
if [[ " $SIDES " == *" scs-ops "* ]]; then [ -f "$SCS_OPS_JAR" ] || build "$HERE" -Pops; fi
if [[ " $SIDES " == *" camel "* ]]; then
  [ -n "$CAMEL_DIR" ] && [ -f "$CAMEL_DIR/app/target/camel-worker.jar" ] || { echo "camel side: set CAMEL_DIR to a checkout with app/target/camel-worker.jar"; exit 2; }
fi
BROKER_PID=$(pgrep -x beam.smp | head -1 || true)
CLK_TCK=$(getconf CLK_TCK)

# The image's rule (docker/Dockerfile): an AOT cache where the JVM can write one in a training run (Java 25), else AppCDS.
if "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then AOT_CACHE=true; else AOT_CACHE=false; fi
# jar_of <side>: the Spring Boot jar a side runs.
jar_of() { case $1 in camel) echo "$CAMEL_DIR/app/target/camel-worker.jar" ;; scs-ops) echo "$SCS_OPS_JAR" ;; *) echo "$SCS_JAR" ;; esac; }
# launch_of <side>: how the JVM starts a Spring side's application (after $JAVA $JVM). LAUNCH=cached extracts the jar
# and trains its cache once per run of this script, as the image does: the context is refreshed, then the JVM exits.
launch_of() {
  local side=$1 jar dir
  jar=$(jar_of "$side")
  if [ "$LAUNCH" != cached ]; then echo "-jar $jar"; return; fi
  dir=$OUT/cached/$side
  if [ ! -f "$dir/trained" ]; then
    rm -rf "$dir"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null
    local train
    if $AOT_CACHE; then train="-XX:AOTCacheOutput=$dir/app.aot"; else train="-XX:ArchiveClassesAtExit=$dir/app.jsa"; fi
    (cd "$(dir_of "$side")" && "$JAVA" $train -Dspring.context.exit=onRefresh -jar "$dir/app/$(basename "$jar")" \
      --worker.type=training --worker.tenants=training > "$dir/training.log" 2>&1) || { echo "training of $side failed, see $dir/training.log" >&2; exit 2; }
    touch "$dir/trained"
  fi
  if $AOT_CACHE; then echo "-XX:AOTCache=$dir/app.aot -jar $dir/app/$(basename "$jar")";
  else echo "-XX:SharedArchiveFile=$dir/app.jsa -Xshare:auto -jar $dir/app/$(basename "$jar")"; fi
}

# command <side> <type> <concurrency>: the consumer's command line (run from $dir_of <side>).
command_of() {
  local side=$1 type=$2 c=$3
  case $side in
    raw)   echo "$JAVA $JVM -jar $RAW_JAR $type $c $PREFETCH" ;;
    scs)   echo "$JAVA $JVM $(launch_of scs) --worker.type=$type --worker.concurrency=$c --worker.prefetch=$PREFETCH --worker.instance-id=$type" ;;
    # Served as camel-worker serves them: health with its liveness and readiness groups, info, Prometheus (on a free port).
    scs-ops) echo "$JAVA $JVM $(launch_of scs-ops) --worker.type=$type --worker.concurrency=$c --worker.prefetch=$PREFETCH --worker.instance-id=$type --spring.main.web-application-type=servlet --server.port=0 --management.endpoints.web.exposure.include=health,info,prometheus --management.endpoint.health.probes.enabled=true" ;;
    camel) echo "$JAVA $JVM $(launch_of camel) --worker.tenants=project1 --camel.main.routes-include-pattern=file:bench/noop.camel.yaml --spring.main.web-application-type=none --worker.type=$type --worker.instance-id=$type --worker.concurrency=$c --worker.prefetch=$PREFETCH --worker.send-running=false --worker.broker-max-message-size=64KB" ;;
    *) echo "unknown side $side" >&2; exit 2 ;;
  esac
}
dir_of() { if [ "$1" = camel ]; then echo "$CAMEL_DIR"; else echo "$BENCH"; fi; }
ready_pattern() { if [ "$1" = raw ]; then echo 'raw worker consuming'; else echo ' Started [A-Za-z]* in '; fi; }
# rotate <n> <words...>: the words rotated left n times
rotate() { local n=$1; shift; local a=("$@"); local k=$((n % ${#a[@]})); echo "${a[@]:k}" "${a[@]:0:k}"; }
load() { cut -d' ' -f1 /proc/loadavg; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) cores, $("$JAVA" -version 2>&1 | sed -n 1p), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# sides: $SIDES; JVM: $JVM; launch: $LAUNCH; prefetch $PREFETCH; $RUNS rounds"
# The class caches are trained before anything is measured.
for side in $SIDES; do [ "$side" = raw ] || launch_of "$side" > /dev/null; done

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%g\n", m}'; }
range() { sort -g | awk 'NR==1{min=$1} {max=$1} END {if (NR) printf "%g-%g\n", min, max; else print "-"}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

throughput() {
  local results=$OUT/throughput.txt
  : > "$results"
  echo "## throughput: $WARMUP warm-up + $COUNT measured requests queued first, then the consumer starts"
  for c in $CONCURRENCY; do
    for run in $(seq 1 "$RUNS"); do
      for side in $(rotate $((run - 1)) $SIDES); do
        local cmd line
        cmd=$(command_of "$side" '{type}' "$c")
        line=$(cd "$(dir_of "$side")" && java -cp "$RAW_JAR" io.camelworker.bench.raw.RequestLoad --count "$COUNT" --warmup "$WARMUP" \
          --label "$side-c$c" ${BROKER_PID:+--watch-pid $BROKER_PID} --cmd "$cmd" > "$OUT/$side-c$c-run$run.log" 2>&1; grep '^RESULT' "$OUT/$side-c$c-run$run.log" || true)
        if [ -z "$line" ]; then echo "   $side c=$c run $run: failed, see $OUT/$side-c$c-run$run.log"; continue; fi
        echo "side=$side c=$c run=$run $line" >> "$results"
        echo "$line" | awk -v s="$side" -v c="$c" -v r="$run" '{for (i=1;i<=NF;i++) {split($i,kv,"="); v[kv[1]]=kv[2]}
          printf "   run %s c=%s %-5s %6s req/s  consumer %6s us CPU/req  broker %6s us CPU/req  load %s\n", r, c, s, v["rate"], v["cpu_us"], v["watched_cpu_us"], v["load1"]}'
      done
    done
  done
  echo
  echo "| concurrency | side | req/s median (range) | consumer CPU us/req median (range) | broker CPU us/req median | load (1 min) range |"
  echo "|---|---|---|---|---|---|"
  for c in $CONCURRENCY; do
    for side in $SIDES; do
      local rows
      rows=$(grep "^side=$side c=$c " "$results" || true)
      [ -n "$rows" ] || continue
      printf '| %s | %s | %s (%s) | %s (%s) | %s | %s |\n' "$c" "$side" \
        "$(echo "$rows" | field rate | median)" "$(echo "$rows" | field rate | range)" \
        "$(echo "$rows" | field cpu_us | median)" "$(echo "$rows" | field cpu_us | range)" \
        "$(echo "$rows" | field watched_cpu_us | median)" "$(echo "$rows" | field load1 | range)"
    done
  done
}

footprint() {
  local results=$OUT/footprint.txt
  : > "$results"
  echo "## footprint: start-up until the ready line, then $IDLE s idle (heartbeats only)"
  for run in $(seq 1 "$RUNS"); do
    local order pids=() sides=()
    order=$(rotate $((run - 1)) $SIDES)
    for side in $order; do
      local type="fp-$side-$RANDOM$RANDOM" log="$OUT/footprint-$side-run$run.log" start pid ready wall cpu
      : > "$log"
      start=$(date +%s.%N)
      (cd "$(dir_of "$side")" && exec $(command_of "$side" "$type" 1)) > "$log" 2>&1 &
      pid=$!
      for _ in $(seq 1 2400); do
        grep -q "$(ready_pattern "$side")" "$log" && break
        kill -0 "$pid" 2>/dev/null || { echo "   $side exited before it was ready, see $log"; break; }
        sleep 0.05
      done
      cpu=$(cpu_ticks "$pid")
      ready=$(date +%s.%N)
      wall=$(echo "$ready - $start" | bc -l)
      pids+=("$pid"); sides+=("$side")
      echo "$side $pid $type $wall $(echo "$cpu / $CLK_TCK" | bc -l) $(load)" > "$OUT/footprint-$side.ready"
    done
    sleep "$IDLE"
    for i in "${!pids[@]}"; do
      local side=${sides[$i]} pid=${pids[$i]} rss threads classes wall cpu startload type
      read -r _ _ type wall cpu startload < "$OUT/footprint-$side.ready"
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
      threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
      classes=$("$(dirname "$(command -v "$JAVA")")/jstat" -class "$pid" | awk 'NR==2 {print $1}')
      printf 'side=%s run=%s start_wall_s=%.2f start_cpu_s=%.2f rss_mb=%d threads=%s classes=%s start_load=%s idle_load=%s\n' \
        "$side" "$run" "$wall" "$cpu" $((rss / 1024)) "$threads" "$classes" "$startload" "$(load)" >> "$results"
      tail -1 "$results" | sed 's/^/   /'
      kill "$pid"; wait "$pid" 2>/dev/null || true
      command -v rabbitmqctl >/dev/null && rabbitmqctl -q delete_queue "regards.worker.$type.request" >/dev/null 2>&1 || true
    done
  done
  echo
  echo "| side | start-up wall s median (range) | start-up CPU s median (range) | RSS after ${IDLE} s idle MB median (range) | threads | classes loaded median (range) |"
  echo "|---|---|---|---|---|---|"
  for side in $SIDES; do
    local rows
    rows=$(grep "^side=$side " "$results" || true)
    [ -n "$rows" ] || continue
    printf '| %s | %s (%s) | %s (%s) | %s (%s) | %s | %s (%s) |\n' "$side" \
      "$(echo "$rows" | field start_wall_s | median)" "$(echo "$rows" | field start_wall_s | range)" \
      "$(echo "$rows" | field start_cpu_s | median)" "$(echo "$rows" | field start_cpu_s | range)" \
      "$(echo "$rows" | field rss_mb | median)" "$(echo "$rows" | field rss_mb | range)" \
      "$(echo "$rows" | field threads | median)" \
      "$(echo "$rows" | field classes | median)" "$(echo "$rows" | field classes | range)"
  done
}

for mode in $MODES; do
  case $mode in
    throughput) throughput ;;
    footprint) footprint ;;
    *) echo "unknown mode $mode (throughput, footprint)"; exit 2 ;;
  esac
done
echo "# done $(date -u '+%H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

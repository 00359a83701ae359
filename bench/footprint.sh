#!/usr/bin/env bash
# Benchmark (not a test): memory of an idle worker against a plain Spring Boot + Spring AMQP application
# (io.camelworker.bench.PlainBootHeartbeat: no Camel, no web server, the same heartbeat every 10 s), both run with the
# same JVM flags against the local broker (127.0.0.1:5672).
#
# Each run starts the worker (the shipped delete-files route, HTTP on a random port) and the reference side by side,
# waits for Spring Boot's "Started ..." line, leaves them idle IDLE seconds (60), then reads VmRSS and Threads from
# /proc/<pid>/status and heap and metaspace from `jstat -gc` (no attach, no GC forced). RUNS runs (3), the two
# processes starting in alternating order. Memory at rest depends much less on the machine's load than the start-up
# time does (what the JIT has compiled 60 s after start still shows); the load average is printed with each run.
#
# Usage: bench/footprint.sh [config...]      configs (default: image readme default):
#   image    the flags of docker/Dockerfile (ENV JAVA_TOOL_OPTIONS, ENV MALLOC_ARENA_MAX, the ENTRYPOINT's class data
#            sharing) in a 512 MiB container (-XX:MaxRAM=512m, as deploy/ gives); the worker runs from the extracted jar
#            with an AppCDS archive trained as the image trains it, the reference with its own archive
#   readme   the JVM flags of the README's `java -jar app/target/camel-worker.jar` line, the fat jar
#   default  no flags at all (`java -jar app/target/camel-worker.jar`)
# REFERENCE=web adds Tomcat, the actuator and Prometheus to the reference (see below).
# EXTRA="flags" adds JVM flags to both sides, EXTRA_ENV="NAME=value" environment variables to both, WORKER_ARGS="--a=b"
# Spring arguments to the worker only, LABEL names the variant in the output (the experiments of BENCHMARKS.md), OUT
# (target/footprint) holds logs and results: give each of several invocations at once its own.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
IDLE=${IDLE:-60}
EXTRA=${EXTRA:-}
EXTRA_ENV=${EXTRA_ENV:-}
WORKER_ARGS=${WORKER_ARGS:-}
LABEL=${LABEL:-}
OUT=${OUT:-target/footprint}
mkdir -p "$OUT"

[ -f app/target/camel-worker.jar ] || mvn -B -q package -DskipTests
if [ ! -f app/target/bench.classpath ] || [ pom.xml -nt app/target/bench.classpath ] || [ ! -f app/target/test-classes/io/camelworker/bench/PlainBootHeartbeat.class ]; then
  mvn -B -q -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/app/target/bench.classpath >/dev/null
fi
# The reference's class path: its class in a jar (class data sharing archives no class from a directory), Spring Boot,
# Spring AMQP and what they need; no Camel, no web server.
mkdir -p target/cds-ref
if [ ! -f target/cds-ref/plain-boot.jar ] || [ app/target/test-classes/io/camelworker/bench/PlainBootHeartbeat.class -nt target/cds-ref/plain-boot.jar ]; then
  jar cf target/cds-ref/plain-boot.jar -C app/target/test-classes io/camelworker/bench/PlainBootHeartbeat.class \
    -C test-kit/target/classes io/camelworker/testing/FakeWorkerManager.class
fi
PLAIN_CP="target/cds-ref/plain-boot.jar:$(tr ':' '\n' < app/target/bench.classpath | grep -E '/(spring-(boot|boot-autoconfigure|core|beans|context|aop|expression|jcl|amqp|rabbit|messaging|tx|retry)-[0-9]|amqp-client-|jackson-(core|databind|annotations)-|slf4j-api-|logback-|jul-to-slf4j-|log4j-(api|to-slf4j)-|snakeyaml-2|micrometer-(observation|commons)-|jakarta.annotation-api-)' | paste -sd:)"
PLAIN_ARGS=()
# REFERENCE=web: the same reference with Tomcat, Spring MVC, the actuator and the Prometheus registry on its class path,
# as the worker has them for its probes and metrics (Spring Boot's auto-configuration starts them), HTTP on a random port.
if [ "${REFERENCE:-plain}" = web ]; then
  PLAIN_CP="$PLAIN_CP:$(tr ':' '\n' < app/target/bench.classpath | grep -E '/(spring-(web|webmvc|boot-actuator|boot-actuator-autoconfigure)-[0-9]|tomcat-embed-(core|el|websocket)-|micrometer-(core|registry-prometheus|jakarta9)-|prometheus-metrics-|HdrHistogram-|LatencyUtils-|jackson-datatype-(jdk8|jsr310)-|jackson-module-parameter-names-)' | paste -sd:)"
  PLAIN_ARGS=(--server.port=0 --management.endpoints.web.exposure.include=health,info,prometheus)
fi
REF=${REFERENCE:-plain}

# The image's flags, read from the Dockerfile so that the bench follows it.
IMAGE_FLAGS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' docker/Dockerfile)
IMAGE_ENV=$(sed -n 's/^ENV \(MALLOC_ARENA_MAX=[0-9]*\)$/\1/p' docker/Dockerfile)
# The README's flags: what stands between `java` and `-jar app/target/camel-worker.jar` in its run line.
README_FLAGS=$(grep -m1 -o 'java [^`]*-jar app/target/camel-worker.jar' README.md | sed 's/^java //; s/ *-jar target\/camel-worker.jar$//')
README_ENV=$( (grep -m1 -o '[A-Z_]*=[^ ]* java [^`]*-jar app/target/camel-worker.jar' README.md || true) | sed -n 's/^\([A-Z_]*=[^ ]*\) java .*/\1/p')
WORKER_ROUTE_ARGS=(--worker.tenants=project1 --worker.files.allowed-roots=/tmp/camel-worker-demo --server.port=0)

# Class data sharing as the image does it: the jar extracted without the launcher, a training run that refreshes the
# context and exits. The reference gets an archive of its own, trained the same way.
cds() {
  if [ ! -f target/cds/camel-worker.jar ] || [ app/target/camel-worker.jar -nt target/cds/camel-worker.jar ]; then
    rm -rf target/cds
    java -Djarmode=tools -jar app/target/camel-worker.jar extract --destination target/cds >/dev/null
  fi
  local flags=($IMAGE_FLAGS -XX:MaxRAM=512m $EXTRA)
  [ -f target/cds/app.jsa ] || env $IMAGE_ENV java "${flags[@]}" -XX:ArchiveClassesAtExit=target/cds/app.jsa \
    -Dspring.context.exit=onRefresh -jar target/cds/camel-worker.jar --worker.tenants=training >"$OUT/cds-worker.log" 2>&1 || true
  [ -f target/cds-ref/$REF.jsa ] || env $IMAGE_ENV java "${flags[@]}" -XX:ArchiveClassesAtExit=target/cds-ref/$REF.jsa \
    -Dspring.context.exit=onRefresh -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat \
    --worker.instance-id=training "${PLAIN_ARGS[@]}" >"$OUT/cds-plain.log" 2>&1 || true
  [ -f target/cds/app.jsa ] && [ -f target/cds-ref/$REF.jsa ] || { echo "CDS training failed: $OUT/cds-*.log"; exit 1; }
}

# start <name> <log> <env> <command...>: starts a process in the background, its pid in $OUT/<name>.pid.
start() {
  local name=$1 log=$2 envs=$3; shift 3
  date +%s.%N > "$OUT/$name.start"
  env $envs "$@" >"$log" 2>&1 &
  echo $! > "$OUT/$name.pid"
}

# sample <name> <log> <label>: waits for "Started", idles, prints one row and stops the process.
sample() {
  local name=$1 log=$2 label=$3 pid ready started
  pid=$(cat "$OUT/$name.pid")
  for _ in $(seq 1 1200); do
    grep -q ' Started [A-Za-z]* in ' "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "$label: exited before start-up, see $log"; return 1; }
    sleep 0.1
  done
  ready=$(date +%s.%N); started=$(cat "$OUT/$name.start")
  printf '%s %s\n' "$pid" "$ready" > "$OUT/$name.ready"
}

report() {
  local name=$1 label=$2 run=$3 pid ready started rss threads gc
  read -r pid ready < "$OUT/$name.ready"; started=$(cat "$OUT/$name.start")
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status)
  threads=$(awk '/^Threads:/ {print $2}' /proc/"$pid"/status)
  # jstat -gc: S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU ... (KB)
  gc=$(jstat -gc "$pid" | tail -1)
  read -r s0c s1c s0u s1u ec eu oc ou mc mu ccsc ccsu _ <<<"$gc"
  printf '%s|%s|%d|%d|%.1f|%.1f|%.1f|%.1f|%d|%.1f|%s\n' "$label" "$name" "$run" $((rss / 1024)) \
    "$(echo "($s0u+$s1u+$eu+$ou)/1024" | bc -l)" "$(echo "($s0c+$s1c+$ec+$oc)/1024" | bc -l)" \
    "$(echo "$mu/1024" | bc -l)" "$(echo "$mc/1024" | bc -l)" "$threads" "$(echo "$ready - $started" | bc -l)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/results.txt"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_config() {
  local config=$1 flags envs worker plain label
  case $config in
    image)   cds
             flags="$IMAGE_FLAGS -XX:MaxRAM=512m -Xshare:auto $EXTRA"; envs="$IMAGE_ENV $EXTRA_ENV"
             worker=(java $flags -XX:SharedArchiveFile=target/cds/app.jsa -jar target/cds/camel-worker.jar)
             plain=(java $flags -XX:SharedArchiveFile=target/cds-ref/$REF.jsa -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat) ;;
    readme)  flags="$README_FLAGS $EXTRA"; envs="$README_ENV $EXTRA_ENV"
             worker=(java $flags -jar app/target/camel-worker.jar)
             plain=(java $flags -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat) ;;
    default) flags="$EXTRA"; envs=$EXTRA_ENV
             worker=(java $flags -jar app/target/camel-worker.jar)
             plain=(java $flags -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat) ;;
    *) echo "unknown config $config"; exit 2 ;;
  esac
  label="$config${LABEL:+ ($LABEL)}"
  echo "## $label: ${envs:+$envs }java $flags ..."
  echo "   worker:    ${envs:+$envs }${worker[*]} ${WORKER_ROUTE_ARGS[*]} --worker.type=fp-delete-<random> $WORKER_ARGS"
  echo "   reference: ${envs:+$envs }${plain[*]//$PLAIN_CP/<Spring Boot + AMQP jars>} --worker.instance-id=fp-plain-<random>"
  for run in $(seq 1 "$RUNS"); do
    local type="fp-delete-$RANDOM$RANDOM"
    if [ $((run % 2)) = 1 ]; then order="worker plain"; else order="plain worker"; fi
    for side in $order; do
      if [ "$side" = worker ]; then
        start worker "$OUT/worker.log" "$envs" "${worker[@]}" "${WORKER_ROUTE_ARGS[@]}" --worker.type="$type" $WORKER_ARGS
      else
        start plain "$OUT/plain.log" "$envs" "${plain[@]}" --worker.instance-id="fp-plain-$RANDOM" "${PLAIN_ARGS[@]}"
      fi
    done
    sample worker "$OUT/worker.log" "$label" && sample plain "$OUT/plain.log" "$label"
    sleep "$IDLE"
    report worker "$label" "$run"; report plain "$label" "$run"
    grep "^$label|" "$OUT/results.txt" | tail -2 | awk -F'|' -v ref="$REF" '{printf "   run %s %-6s RSS %4d MB  heap %5.1f/%5.1f MB  metaspace %5.1f/%5.1f MB  threads %3d  started in %5.1f s  load %s\n", $3, $2, $4, $5, $6, $7, $8, $9, $10, $11}'
  done
}

: > "$OUT/results.txt"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(hostname), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB," \
  "$(java -version 2>&1 | sed -n 2p), load average $(cut -d' ' -f1-3 /proc/loadavg); idle ${IDLE} s, $RUNS runs"
for config in ${@:-image readme default}; do
  run_config "$config"
done
echo
echo "| config | process | RSS MB (runs) | heap used / committed MB | metaspace used MB | threads | ratio of median RSS |"
echo "|---|---|---|---|---|---|---|"
awk -F'|' '
  { key = $1 SUBSEP $2; n[key]++; rss[key, n[key]] = $4; hu[key] += $5; hc[key] += $6; mu[key] += $7; th[key] += $9
    if (!(($1) in seen)) { seen[$1] = 1; order[++labels] = $1 } }
  function median(key,   i, j, t, a, m) { m = n[key]; for (i = 1; i <= m; i++) a[i] = rss[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  function runs(key,   i, s) { s = rss[key, 1]; for (i = 2; i <= n[key]; i++) s = s ", " rss[key, i]; return s }
  END { for (l = 1; l <= labels; l++) { c = order[l]; w = c SUBSEP "worker"; p = c SUBSEP "plain"
    printf "| %s | worker | %s | %.0f / %.0f | %.0f | %.0f | %.2f |\n", c, runs(w), hu[w] / n[w], hc[w] / n[w], mu[w] / n[w], th[w] / n[w], median(w) / median(p)
    printf "| %s | reference (%s) | %s | %.0f / %.0f | %.0f | %.0f | |\n", c, ref, runs(p), hu[p] / n[p], hc[p] / n[p], mu[p] / n[p], th[p] / n[p] } }
' "$OUT/results.txt"

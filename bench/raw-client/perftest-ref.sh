#!/usr/bin/env bash
# Benchmark (not a test): is the plain-client reference (RawWorker) as fast as the plain RabbitMQ client can be on this
# machine and broker (127.0.0.1:5672, vhost /)? Runs RabbitMQ PerfTest (com.rabbitmq:perf-test, the broker team's load
# tool) and RawWorker side by side, in rounds whose order rotates, at each concurrency (1 and 4) and prefetch 250:
#
# perftest    PerfTest on its own: C producers publishing persistent 60-byte messages with confirms (at most 250
#             unconfirmed each) and C consumers acknowledging each message (prefetch 250) on one durable queue with the
#             REGARDS request queue's x-max-priority=255, for DURATION s; its "receiving rate avg". Per message: one
#             confirmed publish, one delivery, one ack: the work of a worker's request path, but with an empty queue and
#             one delivery per message (a worker's request costs two deliveries: the request and its response).
# pt-drain    PerfTest's consumers (consume + ack, prefetch 250, C consumers) on the very queue RequestLoad fills as the
#             Worker Manager does (WARMUP + COUNT requests, x-max-priority 255, DLX arguments), measured by RequestLoad
#             --drain from the queue's depth: the request side alone, an upper bound for any worker on that queue.
# raw         RawWorker on the same kind of queue, measured by RequestLoad from its responses (request side + response).
#
# Usage: bench/raw-client/perftest-ref.sh      Settings: RUNS (3), COUNT (20000), WARMUP (2000), CONCURRENCY ("1 4"),
#   DURATION (30), JVM ("-Xmx352m"), OUT (bench/raw-client/target/perftest-ref).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
RUNS=${RUNS:-3}
COUNT=${COUNT:-20000}
WARMUP=${WARMUP:-2000}
CONCURRENCY=${CONCURRENCY:-"1 4"}
DURATION=${DURATION:-30}
JVM=${JVM:-"-Xmx352m"}
OUT=${OUT:-$HERE/target/perftest-ref}
SIDES="perftest pt-drain raw"
mkdir -p "$OUT"

[ -f target/raw-client.jar ] || { mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests; }
if [ ! -f target/perftest.classpath ]; then
  mvn -B -q -o -Pperftest dependency:build-classpath -Dmdep.outputFile=target/perftest.classpath >/dev/null 2>&1 \
    || mvn -B -q -Pperftest dependency:build-classpath -Dmdep.outputFile=target/perftest.classpath >/dev/null
fi
# PerfTest logs with Logback: the raw client's slf4j-simple must not be on its class path.
PERFTEST="java $JVM -cp $(tr ':' '\n' < target/perftest.classpath | grep -v slf4j-simple | paste -sd:) com.rabbitmq.perf.PerfTest"
BROKER_PID=$(pgrep -x beam.smp | head -1 || true)
LOAD="java -cp target/raw-client.jar io.camelworker.bench.raw.RequestLoad --count $COUNT --warmup $WARMUP ${BROKER_PID:+--watch-pid $BROKER_PID}"
rotate() { local n=$1; shift; local a=("$@"); local k=$((n % ${#a[@]})); echo "${a[@]:k}" "${a[@]:0:k}"; }
load() { cut -d' ' -f1 /proc/loadavg; }

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) cores, PerfTest $($PERFTEST --version 2>/dev/null | grep -o 'RabbitMQ Perf Test [^ ]*' | head -1 || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# commands (C = concurrency):"
echo "#   perftest: $PERFTEST -x C -y C -u perftest-ref-<random> -ad true -f persistent -c 250 -q 250 -s 60 --queue-args x-max-priority=255 -z $DURATION -i 5"
echo "#   pt-drain: $LOAD --drain --cmd \"$PERFTEST -x 0 -y C -p -u regards.worker.{type}.request -q 250\""
echo "#   raw:      $LOAD --cmd \"java $JVM -jar target/raw-client.jar {type} C 250\""
results=$OUT/results.txt
: > "$results"
for c in $CONCURRENCY; do
  for run in $(seq 1 "$RUNS"); do
    for side in $(rotate $((run - 1)) $SIDES); do
      log=$OUT/$side-c$c-run$run.log
      case $side in
        perftest)
          $PERFTEST -x "$c" -y "$c" -u "perftest-ref-$RANDOM$RANDOM" -ad true -f persistent -c 250 -q 250 -s 60 \
            --queue-args x-max-priority=255 -z "$DURATION" -i 5 > "$log" 2>&1 || true
          rate=$(sed -n 's/.*receiving rate avg: \([0-9]*\) msg\/s.*/\1/p' "$log" | tail -1)
          cpu=- ;;
        pt-drain)
          $LOAD --label "pt-drain-c$c" --drain --cmd "$PERFTEST -x 0 -y $c -p -u regards.worker.{type}.request -q 250 -i 60" > "$log" 2>&1 || true
          rate=$(sed -n 's/^RESULT .* rate=\([0-9]*\) .*/\1/p' "$log"); cpu=$(sed -n 's/^RESULT .* cpu_us=\([0-9.]*\) .*/\1/p' "$log") ;;
        raw)
          $LOAD --label "raw-c$c" --cmd "java $JVM -jar target/raw-client.jar {type} $c 250" > "$log" 2>&1 || true
          rate=$(sed -n 's/^RESULT .* rate=\([0-9]*\) .*/\1/p' "$log"); cpu=$(sed -n 's/^RESULT .* cpu_us=\([0-9.]*\) .*/\1/p' "$log") ;;
      esac
      echo "side=$side c=$c run=$run rate=${rate:-failed} cpu_us=${cpu:--} load1=$(load)" | tee -a "$results" | sed 's/^/   /'
    done
  done
done
echo
echo "| concurrency | side | msg/s or req/s: median (all runs) | consumer CPU us per message/request: median | load (1 min) range |"
echo "|---|---|---|---|---|"
for c in $CONCURRENCY; do
  for side in $SIDES; do
    grep "^side=$side c=$c " "$results" | awk -v c="$c" -v s="$side" '
      { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["rate"] != "failed") { r[++n] = v["rate"] + 0; all = all (all ? ", " : "") v["rate"]; if (v["cpu_us"] != "-") u[++m] = v["cpu_us"] + 0 }
        l = l (l ? " " : "") v["load1"] }
      function med(a, k,   i, j, t) { if (!k) return "-"; for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
      END { printf "| %s | %s | %s (%s) | %s | %s |\n", c, s, med(r, n), all, med(u, m), l }'
  done
done
echo "# done $(date -u '+%H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

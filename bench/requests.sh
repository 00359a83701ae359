#!/usr/bin/env bash
# Benchmark (not a test): the worker's request path against a plain RabbitMQ client worker doing the same protocol work
# (io.camelworker.bench.PlainClientWorker), same broker (127.0.0.1:5672), same topology, same prefetch.
# The reference confirms asynchronously (it acknowledges each request when its response's confirm arrives, taking the next
# request meanwhile), as the worker does; both run at the same prefetch.
# Usage: bench/requests.sh throughput|latency [extra -Dbench.* options]
#   bench/requests.sh throughput                                  5,000 requests, prefetch 1 and 250, concurrency 1 and 4,
#                                                                 without RUNNING, best of 2 alternating runs (about 10 min)
#   bench/requests.sh throughput -Dbench.running="false true" -Dbench.count=20000 -Dbench.repeat=3   the long version
#   bench/requests.sh latency -Dbench.count=6000 -Dbench.rate=200 median/p99 at 200 requests/s
#   -Dbench.prefetch=10  -Dbench.jvm="-Xmx256m"  -Dbench.worker.args="--logging.level.root=WARN"  -Dbench.impl=worker
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-throughput}
shift || true
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "$(date -Is) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
DEFAULTS=()
if [ "$MODE" = throughput ]; then
  DEFAULTS=(-Dbench.count=5000 -Dbench.prefetch="1 250" -Dbench.concurrency="1 4" -Dbench.running=false -Dbench.repeat=2)
fi
exec java -Xmx512m -cp "$CP" "${DEFAULTS[@]}" "$@" io.camelworker.bench.RequestBench "$MODE"

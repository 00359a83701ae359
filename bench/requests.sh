#!/usr/bin/env bash
# Benchmark (not a test): the worker's request path against a plain RabbitMQ client worker doing the same protocol work
# (io.camelworker.bench.PlainClientWorker), same broker (127.0.0.1:5672), same topology, same prefetch.
# Usage: bench/requests.sh throughput|latency [extra -Dbench.* options]
#   bench/requests.sh throughput                                  20,000 requests, concurrency 1 and 4, without/with RUNNING
#   bench/requests.sh latency -Dbench.count=6000 -Dbench.rate=200 median/p99 at 200 requests/s
#   -Dbench.prefetch=10  -Dbench.jvm="-Xmx256m"  -Dbench.worker.args="--logging.level.root=WARN"  -Dbench.impl=worker
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-throughput}
shift || true
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "$(date -Is) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx512m -cp "$CP" "$@" io.camelworker.bench.RequestBench "$MODE"

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
# FLAGS=image runs both consumers with the JVM flags of docker/Dockerfile in a 512 MiB container (-XX:MaxRAM=512m) and
# class data sharing as the image does it: the worker from its extracted jar with an archive trained on the no-op
# route, the reference from a jar of its own with an archive trained by a short run (fewer classes: it needs few).
# Each side prints its CPU per request over all answers and over the second half (most of the JIT done by then).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-throughput}
shift || true
mvn -o -q -B -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/app/target/bench.classpath >/dev/null
CP="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"
echo "$(date -Is) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
SIDES=()
if [ "${FLAGS:-}" = image ]; then
  IMAGE_FLAGS="$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' docker/Dockerfile) -XX:MaxRAM=512m"
  DIR=target/cds-requests
  [ -f app/target/camel-worker.jar ] && [ -z "$(find app/target/classes -newer app/target/camel-worker.jar -print -quit)" ] \
    || mvn -o -q -B package -DskipTests
  if [ ! -f $DIR/worker/camel-worker.jar ] || [ app/target/camel-worker.jar -nt $DIR/worker/camel-worker.jar ]; then
    rm -rf $DIR && mkdir -p $DIR
    java -Djarmode=tools -jar app/target/camel-worker.jar extract --destination $DIR/worker >/dev/null
    java $IMAGE_FLAGS -XX:ArchiveClassesAtExit=$DIR/worker.jsa -Dspring.context.exit=onRefresh -cp $DIR/worker/camel-worker.jar \
      io.camelworker.WorkerApplication --camel.main.routes-include-pattern=file:bench/noop.camel.yaml \
      --spring.main.web-application-type=none --server.port=-1 --worker.tenants=training >$DIR/worker-training.log 2>&1 || true
    jar cf $DIR/baseline.jar -C app/target/test-classes io/camelworker/bench/PlainClientWorker.class \
      -C app/target/test-classes io/camelworker/bench/PlainClientWorker\$1.class -C app/target/test-classes io/camelworker/bench/PlainClientWorker\$2.class \
      -C test-kit/target/classes io/camelworker/testing/FakeWorkerManager.class
    BASELINE_CP="$DIR/baseline.jar:$(tr ':' '\n' < app/target/bench.classpath | grep -E '/(amqp-client-|slf4j-api-|logback-(classic|core)-|jackson-(core|databind|annotations)-)' | paste -sd:)"
    echo "$BASELINE_CP" > $DIR/baseline.classpath
    # A run on a queue nobody declared: it connects and fails; stopped after 10 s, it archives the classes it loaded.
    timeout 10 java $IMAGE_FLAGS -XX:ArchiveClassesAtExit=$DIR/baseline.jsa -cp "$BASELINE_CP" io.camelworker.bench.PlainClientWorker \
      cds-training 1 1 false >$DIR/baseline-training.log 2>&1 || true
  fi
  [ -f $DIR/worker.jsa ] && [ -f $DIR/baseline.jsa ] || { echo "class data sharing training failed: $DIR/*-training.log"; exit 1; }
  SIDES=("-Dbench.jvm=$IMAGE_FLAGS" "-Dbench.worker.cp=$DIR/worker/camel-worker.jar" "-Dbench.baseline.cp=$(cat $DIR/baseline.classpath)"
    "-Dbench.worker.jvm=-XX:SharedArchiveFile=$DIR/worker.jsa" "-Dbench.baseline.jvm=-XX:SharedArchiveFile=$DIR/baseline.jsa")
  echo "both consumers: java $IMAGE_FLAGS, each with its own class data sharing archive ($DIR)"
fi
DEFAULTS=()
if [ "$MODE" = throughput ]; then
  DEFAULTS=(-Dbench.count=5000 -Dbench.prefetch="1 250" -Dbench.concurrency="1 4" -Dbench.running=false -Dbench.repeat=2)
fi
exec java -Xmx512m -cp "$CP" "${DEFAULTS[@]}" "${SIDES[@]}" "$@" io.camelworker.bench.RequestBench "$MODE"

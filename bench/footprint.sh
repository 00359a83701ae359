#!/usr/bin/env bash
# Benchmark (not a test): start-up time (process start -> first heartbeat received) and resident memory at rest of the
# worker (target/camel-worker.jar, the no-op route, Tomcat on a random port for the actuator endpoints), against a plain
# Spring Boot + Spring AMQP application without Camel (io.camelworker.bench.PlainBootHeartbeat), under several JVM and
# Spring Boot options. Best of RUNS runs each (default 3).
# Usage: bench/footprint.sh [variant...]   (variants: plain worker serial tiered lazy cds all; default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
HEAP=${HEAP:--Xmx128m}
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
[ -f target/camel-worker.jar ] || mvn -q -B -o package -DskipTests
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
# The reference's class path: Spring Boot, Spring AMQP and what they need; no Camel, no web server.
PLAIN_CP="target/test-classes:$(tr ':' '\n' < target/bench.classpath | grep -E '/(spring-(boot|boot-autoconfigure|core|beans|context|aop|expression|jcl|amqp|rabbit|messaging|tx|retry)-[0-9]|amqp-client-|jackson-(core|databind|annotations)-|slf4j-api-|logback-|jul-to-slf4j-|log4j-(api|to-slf4j)-|snakeyaml-2|micrometer-(observation|commons)-|jakarta.annotation-api-)' | paste -sd:)"
# Class data sharing needs the jar extracted (classes from nested jars cannot be archived).
if [ ! -f target/cds/camel-worker.jar ] || [ target/camel-worker.jar -nt target/cds/camel-worker.jar ]; then
  rm -rf target/cds
  java -Djarmode=tools -jar target/camel-worker.jar extract --destination target/cds >/dev/null
  rm -f target/cds/app.jsa
fi
ARGS=(--camel.main.routes-include-pattern=file:bench/noop.camel.yaml --worker.type={TYPE} --worker.instance-id={ID}
      --worker.tenants=project1 --server.port=0)
SMALL=(-XX:+UseSerialGC -Xss512k)
run() { java -Xmx256m -cp "$CP" -Dbench.runs="$RUNS" io.camelworker.bench.FootprintBench "$@"; }
train_cds() {
  [ -f target/cds/app.jsa ] && return
  # Training run as the Dockerfile does it: the context is refreshed, then the JVM exits and archives what it loaded.
  java "$HEAP" "${SMALL[@]}" -XX:ArchiveClassesAtExit=target/cds/app.jsa -Dspring.context.exit=onRefresh \
    -jar target/cds/camel-worker.jar "${ARGS[@]//\{*\}/training}" >target/cds/training.log 2>&1 || true
  [ -f target/cds/app.jsa ] || { echo "CDS training failed: target/cds/training.log"; exit 1; }
}

echo "$(date -Is) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), heap $HEAP, best of $RUNS"
printf '%-58s %10s %11s %12s\n' "" "start-up" "RSS at rest" "load avg"
for variant in "${@:-plain worker serial tiered lazy cds all}"; do
  for v in $variant; do
    case $v in
      plain)  run "plain Spring Boot + AMQP, no Camel ($HEAP)" java "$HEAP" -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat \
                --worker.instance-id={ID}
              run "plain Spring Boot + AMQP, no Camel (+ SerialGC, -Xss512k, C1)" java "$HEAP" "${SMALL[@]}" \
                -XX:TieredStopAtLevel=1 -cp "$PLAIN_CP" io.camelworker.bench.PlainBootHeartbeat --worker.instance-id={ID} ;;
      worker) run "worker jar ($HEAP, default GC)" java "$HEAP" -jar target/camel-worker.jar "${ARGS[@]}" ;;
      serial) run "worker jar + SerialGC -Xss512k" java "$HEAP" "${SMALL[@]}" -jar target/camel-worker.jar "${ARGS[@]}" ;;
      tiered) run "worker jar + SerialGC -Xss512k + C1 only" java "$HEAP" "${SMALL[@]}" -XX:TieredStopAtLevel=1 \
                -jar target/camel-worker.jar "${ARGS[@]}" ;;
      lazy)   run "worker jar + SerialGC -Xss512k + lazy init" java "$HEAP" "${SMALL[@]}" \
                -jar target/camel-worker.jar "${ARGS[@]}" --spring.main.lazy-initialization=true ;;
      cds)    train_cds
              run "worker extracted + SerialGC -Xss512k + AppCDS" java "$HEAP" "${SMALL[@]}" \
                -XX:SharedArchiveFile=target/cds/app.jsa -jar target/cds/camel-worker.jar "${ARGS[@]}" ;;
      all)    train_cds
              run "worker extracted + SerialGC -Xss512k + AppCDS + C1 + lazy" java "$HEAP" "${SMALL[@]}" \
                -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=target/cds/app.jsa -jar target/cds/camel-worker.jar \
                "${ARGS[@]}" --spring.main.lazy-initialization=true ;;
      *) echo "unknown variant $v"; exit 2 ;;
    esac
  done
done

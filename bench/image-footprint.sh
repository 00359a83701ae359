#!/usr/bin/env bash
# Benchmark (not a test): the image's start-up and memory at rest on each base, e.g. Java 25 with its AOT cache against
# Java 17 with its AppCDS archive. Builds docker/Dockerfile on each base (docker/make-local-base.sh makes the local/debian-*
# ones when missing), then, RUNS times (3) and each base in turn, runs the delete-files worker as the deployments do
# (host network for the local broker, --memory 512m, read-only root) and reads, from the container's java process on the
# host: CPU time and wall time until Spring Boot's "Started ..." line, then VmRSS after IDLE seconds (60) of rest.
# Needs root (Docker and debootstrap are installed from Debian when missing); not part of the test suite.
#
#   bench/image-footprint.sh                       # bases: local/debian-jdk25:bookworm local/debian-jre17:bookworm
#   BASES="eclipse-temurin:25-jre eclipse-temurin:17-jre" bench/image-footprint.sh
#
# Environment: BASES, RUNS, IDLE, JAR (camel-worker.jar), WORK (/tmp/camel-worker-image-footprint), DOCKER_HOST (an
# engine to use; without one, a private dockerd is started on a socket under $WORK and stopped at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
BASES=${BASES:-"local/debian-jdk25:bookworm local/debian-jre17:bookworm"}
RUNS=${RUNS:-3}
IDLE=${IDLE:-60}
JAR=${JAR:-camel-worker.jar}
work=${WORK:-/tmp/camel-worker-image-footprint}
mkdir -p "$work/data" && chmod a+rwx "$work/data"
say() { printf '[image-footprint] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
. docker/engine.sh
trap stop_docker_engine EXIT
use_docker_engine "$work"
[ -f "app/target/$JAR" ] || mvn -B -q package -DskipTests
tag() { echo "camel-worker-footprint:$(echo "$1" | tr -c 'a-z0-9\n' '-')"; }
for base in $BASES; do
  case $base in local/debian-*) docker image inspect "$base" >/dev/null 2>&1 || WORK="$work" docker/make-local-base.sh "$base" ;; esac
  docker build -q -f docker/Dockerfile --build-arg BASE_IMAGE="$base" --build-arg JAR="$JAR" -t "$(tag "$base")" . \
    >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
  echo "# $base: image $(docker image inspect -f '{{.Size}}' "$(tag "$base")" | awk '{printf "%d MB", $1/1e6}'), cache flag: $(docker run --rm --entrypoint cat "$(tag "$base")" cache.args)"
done
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS rounds, $IDLE s idle"
for run in $(seq 1 "$RUNS"); do
  for base in $BASES; do
    name="footprint-$$-$run" type="image-footprint-$(date +%s)-$run"
    start=$(date +%s.%N)
    docker run -d --name "$name" --network host --memory 512m --read-only --tmpfs /tmp -v "$work/data:/data" \
      -e SERVER_PORT=0 -e WORKER_TENANTS=project1 -e WORKER_TYPE="$type" -e WORKER_FILES_ALLOWED_ROOTS=/data \
      "$(tag "$base")" >/dev/null
    pid=$(docker inspect -f '{{.State.Pid}}' "$name")
    for _ in $(seq 1 1200); do docker logs "$name" 2>&1 | grep -q ' Started [A-Za-z]* in ' && break; sleep 0.1; done
    cpu=$(awk -v tck="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / tck}' "/proc/$pid/stat")
    wall=$(echo "$(date +%s.%N) - $start" | bc -l)
    sleep "$IDLE"
    rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$pid/status")
    printf 'base=%s run=%s start_wall_s=%.2f start_cpu_s=%s rss_mb=%s load=%s\n' "$base" "$run" "$wall" "$cpu" "$rss" \
      "$(cut -d' ' -f1 /proc/loadavg)"
    docker rm -f "$name" >/dev/null
    command -v rabbitmqctl >/dev/null && rabbitmqctl -q delete_queue "regards.worker.$type.request" >/dev/null 2>&1 || true
  done
done

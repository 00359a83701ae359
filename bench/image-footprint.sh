#!/usr/bin/env bash
# Benchmark (not a test): the image's start-up and memory at rest on each base, e.g. Java 25 with its AOT cache against
# Java 17 with its AppCDS archive. Builds docker/Dockerfile on each base (docker/make-local-base.sh makes the local/debian-*
# ones when missing), then, RUNS times (3) and each base in turn, runs the delete-files worker as the deployments do
# (host network for the local broker, --memory 512m, read-only root) and reads, from the container's java process on the
# host: CPU time and wall time until Spring Boot's "Started ..." line, then VmRSS after IDLE seconds (60) of rest.
# Needs root and Docker (docker/check-image.sh installs it); not part of the test suite.
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
dockerd_pid=
cleanup() { if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ -z "${DOCKER_HOST:-}" ] || ! docker info >/dev/null 2>&1; then
  export DOCKER_HOST="unix://$work/docker.sock"
  dockerd -H "$DOCKER_HOST" --pidfile "$work/dockerd.pid" >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start (see $work/dockerd.log)"; exit 1; }
fi
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

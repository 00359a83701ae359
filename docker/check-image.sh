#!/usr/bin/env bash
# Checks the image for real on a machine without access to Docker Hub: makes a base image from Debian's own packages
# (docker/make-local-base.sh: Debian with this machine's JDK 25, or Debian's JRE 17), builds docker/Dockerfile on it, runs the delete-files worker against
# the local broker (127.0.0.1:5672, guest/guest) with the host network, and waits until Docker reports the container
# `healthy` and a request is answered SUCCESS. Needs root (apt-get, debootstrap, dockerd). Not part of the test suite.
#
#   docker/check-image.sh            # from the repository root; about 5 minutes the first time, 1 once the base exists
#
# Environment: BASE_IMAGE (default local/debian-jdk25:bookworm when this machine has a JDK 25 at JDK25_HOME, else
# local/debian-jre17:bookworm; made when missing), DEBIAN_MIRROR (default: the mirror this machine's apt uses),
# CHECK_PORT (the worker's HTTP port on the host, default 18089), DOCKER_HOST (an engine to use; without one, a private dockerd is
# started on a socket under $WORK and stopped at the end, so that other tools do not find it), WORK (default
# /tmp/camel-worker-image-check).
set -euo pipefail
cd "$(dirname "$0")/.."

# The Dockerfile's default base is a JRE 25 (AOT cache): with a JDK 25 on this machine the base is made from it.
if [ -x "${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" ]; then default_base=local/debian-jdk25:bookworm; else default_base=local/debian-jre17:bookworm; fi
base_image=${BASE_IMAGE:-$default_base}
port=${CHECK_PORT:-18089}
work=${WORK:-/tmp/camel-worker-image-check}
image=camel-worker:check
type="image-check-$(date +%s)"
container="camel-worker-check-$$"
mkdir -p "$work"

say() { printf '[check-image] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

. docker/engine.sh

cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  command -v rabbitmqctl >/dev/null && rabbitmqctl -q delete_queue "regards.worker.$type.request" >/dev/null 2>&1 || true
  stop_docker_engine
}
trap cleanup EXIT

use_docker_engine "$work"

if ! docker image inspect "$base_image" >/dev/null 2>&1; then
  case $base_image in
    local/debian-*) WORK="$work" docker/make-local-base.sh "$base_image" || fail "base image $base_image not made" ;;
    *) fail "base image $base_image is missing" ;;
  esac
fi

[ -f app/target/camel-worker.jar ] || { say "packaging the jar"; mvn -B -q package -DskipTests; }
say "building $image on $base_image"
build_start=$(date +%s)
docker build -q -f docker/Dockerfile --build-arg BASE_IMAGE="$base_image" -t "$image" . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "docker build"; }
say "built in $(( $(date +%s) - build_start )) s, $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}')"

data="$work/data"
rm -rf "$data" && mkdir -p "$data" && echo hello >"$data/a.txt" && chmod -R a+rwX "$data"
say "running worker type $type on 127.0.0.1:$port (host network, --memory 512m, read-only root)"
run_start=$(date +%s)
docker run -d --name "$container" --network host --memory 512m --read-only --tmpfs /tmp -v "$data:/data" \
  -e SERVER_PORT="$port" -e WORKER_TENANTS=project1 -e WORKER_TYPE="$type" -e WORKER_FILES_ALLOWED_ROOTS=/data \
  -e WORKER_ROUTES=classpath:routes/delete-files-worker.camel.yaml "$image" "$@" >/dev/null

status=starting
for _ in $(seq 1 90); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$container" 2>/dev/null || echo gone)
  [ "$status" = healthy ] || [ "$status" = unhealthy ] || [ "$status" = gone ] && break
  sleep 2
done
if [ "$status" != healthy ]; then
  docker logs --tail 40 "$container" 2>&1 || true
  docker inspect -f '{{json .State.Health}}' "$container" 2>/dev/null || true
  fail "container is '$status', not healthy"
fi
say "healthy $(( $(date +%s) - run_start )) s after docker run; probe: $(docker inspect -f '{{(index .State.Health.Log 0).Output}}' "$container" | tr -d '\n')"

answer=$(bin/submit-request --type "$type" --json '{"urls":["file:///data/a.txt"]}' --timeout 60 2>&1) || { echo "$answer"; fail "no SUCCESS"; }
echo "$answer" | sed 's/^/  /'
echo "$answer" | grep -q '^SUCCESS' || fail "no SUCCESS"
[ ! -e "$data/a.txt" ] || fail "the file was not deleted"
probe_start=$(date +%s%N)
docker exec "$container" env -u JAVA_TOOL_OPTIONS java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m \
  -cp /app/camel-worker.jar io.camelworker.console.HealthProbe >/dev/null
say "one health probe: $(( ($(date +%s%N) - probe_start) / 1000000 )) ms"
say "RSS after one request: $(docker stats --no-stream --format '{{.MemUsage}}' "$container")"
say "OK: $image on $base_image is healthy and answered SUCCESS"

#!/usr/bin/env bash
# Checks the image for real on a machine without access to Docker Hub: makes a JRE 17 base image from Debian's own
# packages (debootstrap + openjdk-17-jre-headless), builds docker/Dockerfile on it, runs the delete-files worker against
# the local broker (127.0.0.1:5672, guest/guest) with the host network, and waits until Docker reports the container
# `healthy` and a request is answered SUCCESS. Needs root (apt-get, debootstrap, dockerd). Not part of the test suite.
#
#   docker/check-image.sh            # from the repository root; about 5 minutes the first time, 1 once the base exists
#
# Environment: BASE_IMAGE (default local/debian-jre17:bookworm, made when missing), DEBIAN_MIRROR (default: the mirror
# this machine's apt uses), CHECK_PORT (the
# worker's HTTP port on the host, default 18089), DOCKER_HOST (an engine to use; without one, a private dockerd is
# started on a socket under $WORK and stopped at the end, so that other tools do not find it), WORK (default
# /tmp/camel-worker-image-check).
set -euo pipefail
cd "$(dirname "$0")/.."

base_image=${BASE_IMAGE:-local/debian-jre17:bookworm}
# The Debian mirror this machine's apt already uses (its first "URIs:" or "deb" line), unless DEBIAN_MIRROR says otherwise.
apt_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ print $2; exit }'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ print $2; exit }' || true; } | head -n 1
}
mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
port=${CHECK_PORT:-18089}
work=${WORK:-/tmp/camel-worker-image-check}
image=camel-worker:check
type="image-check-$(date +%s)"
container="camel-worker-check-$$"
mkdir -p "$work"

say() { printf '[check-image] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

command -v docker >/dev/null && command -v dockerd >/dev/null && command -v debootstrap >/dev/null || {
  say "installing docker.io and debootstrap from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >"$work/apt.log" 2>&1 \
    || { apt-get update -q >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >>"$work/apt.log" 2>&1; } \
    || fail "apt-get install docker.io debootstrap (see $work/apt.log)"
}

dockerd_pid=
cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  command -v rabbitmqctl >/dev/null && rabbitmqctl -q delete_queue "regards.worker.$type.request" >/dev/null 2>&1 || true
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -z "${DOCKER_HOST:-}" ] || ! docker info >/dev/null 2>&1; then
  export DOCKER_HOST="unix://$work/docker.sock"
  if ! docker info >/dev/null 2>&1; then
    say "starting a private dockerd on $DOCKER_HOST (log: $work/dockerd.log)"
    dockerd -H "$DOCKER_HOST" --pidfile "$work/dockerd.pid" >"$work/dockerd.log" 2>&1 &
    dockerd_pid=$!
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || fail "dockerd did not start (see $work/dockerd.log)"
  fi
fi

if ! docker image inspect "$base_image" >/dev/null 2>&1; then
  [ "$base_image" = local/debian-jre17:bookworm ] || fail "base image $base_image is missing"
  [ -n "$mirror" ] || fail "no Debian mirror in /etc/apt/sources.list*: set DEBIAN_MIRROR"
  say "making $base_image with debootstrap from $mirror (log: $work/debootstrap.log)"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || fail "debootstrap (see $work/debootstrap.log)"
  tar -C "$work/rootfs" -c . | docker import - "$base_image" >/dev/null
  rm -rf "$work/rootfs"
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

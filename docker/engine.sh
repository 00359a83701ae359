# Sourced (not run) by the scripts that need a Docker engine: docker/check-image.sh, docker/swarm-rollout.sh,
# bench/image-footprint.sh, once they have defined say and fail. Needs root.
#   use_docker_engine <work directory>  installs docker.io and debootstrap from Debian when missing; uses the engine
#                                       DOCKER_HOST names, or else starts a private dockerd on a socket under the
#                                       directory (so that other tools, Testcontainers among them, do not find it)
#   stop_docker_engine                  stops that private dockerd, if one was started
dockerd_pid=

use_docker_engine() {
  local work=$1
  command -v docker >/dev/null && command -v dockerd >/dev/null && command -v debootstrap >/dev/null || {
    say "installing docker.io and debootstrap from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >"$work/apt.log" 2>&1 \
      || { apt-get update -q >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >>"$work/apt.log" 2>&1; } \
      || fail "apt-get install docker.io debootstrap (see $work/apt.log)"
  }
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
}

stop_docker_engine() {
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
}

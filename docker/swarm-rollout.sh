#!/usr/bin/env bash
# Docker Swarm for real: on a one-node swarm, deploys the storage worker of deploy/swarm/workers.yml (3 replicas) against
# the local broker (127.0.0.1:5672, guest/guest) and, while a steady stream of store requests runs
# (io.camelworker.deploy.StoreRequestStream, the test kit playing the Worker Manager), rolls the service to a new image
# tag, kills one task's container, scales to 5 and back to 2. Then checks: every request answered (duplicates only with
# the same outcome), each file stored once under its name, the type's heartbeats never silent for the manager's 60 s,
# and every task healthy by the stack's own health check. Needs root (apt-get, debootstrap, dockerd), about 7 minutes
# (3 more the first time, for the base image). Not part of the test suite nor of .ci/run.
#
#   docker/swarm-rollout.sh          # from the repository root
#
# Environment: RATE (store requests per second, default 10), BASE_IMAGE (default local/debian-jdk25:bookworm when this
# machine has a JDK 25, else local/debian-jre17:bookworm; made by docker/make-local-base.sh when missing), DEBIAN_MIRROR, WORK (default /tmp/camel-worker-swarm),
# DOCKER_HOST (an engine to use; without one a private dockerd is started on a socket under $WORK and stopped at the end).
#
# What differs from a production deployment, and why: the tasks use the host's network (the broker is on 127.0.0.1 and
# containers get no address outside loopback on these machines), so the stack is deployed with an override file that
# gives each task an HTTP port of its own derived from its slot (18<slot>93), and the update moves the new tasks to
# 19<slot>93: with `order: start-first` the new task of a slot runs beside the old one. In REGARDS' overlay network
# each task has its own network namespace and they all keep 9093. The override also sets the vhost `/`, the worker type
# (unique per run), the data directory, and 0 replicas for the stack's other services.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Dockerfile's default base is a JRE 25 (AOT cache): with a JDK 25 on this machine the base is made from it.
if [ -x "${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" ]; then default_base=local/debian-jdk25:bookworm; else default_base=local/debian-jre17:bookworm; fi
base_image=${BASE_IMAGE:-$default_base}
rate=${RATE:-10}
work=${WORK:-/tmp/camel-worker-swarm}
stack=cw
service=${stack}_storage-worker
type="swarm-storage-$(date +%s)"
data="$work/data"
mkdir -p "$work"

say() { printf '[swarm-rollout %s] %s\n' "$(date +%T)" "$*"; }
fail() { say "FAILED: $*"; exit 1; }

. docker/engine.sh

stream_pid=
monitor_pid=
cleanup() {
  [ -n "$stream_pid" ] && kill "$stream_pid" 2>/dev/null || true
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
  if docker info >/dev/null 2>&1; then
    docker stack rm "$stack" >/dev/null 2>&1 || true
    for _ in $(seq 1 90); do [ -z "$(docker ps -q --filter "label=com.docker.stack.namespace=$stack")" ] && break; sleep 1; done
    docker secret rm camel-worker-broker-password >/dev/null 2>&1 || true
    docker swarm leave --force >/dev/null 2>&1 || true
    docker image rm camel-worker:v1 camel-worker:v2 >/dev/null 2>&1 || true
  fi
  stop_docker_engine
  rm -rf "$data"
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
say "building camel-worker:v1 on $base_image, and v2 (the same with a label: a new image for the update)"
docker build -q -f docker/Dockerfile --build-arg BASE_IMAGE="$base_image" -t camel-worker:v1 . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "docker build"; }
printf 'FROM camel-worker:v1\nLABEL io.camelworker.rollout=v2\n' | docker build -q -t camel-worker:v2 - >>"$work/build.log" 2>&1 \
  || fail "docker build v2"
say "compiling the request stream (test classes) and its class path"
mvn -o -q -B -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/app/target/bench.classpath >"$work/mvn.log" 2>&1 \
  || { cat "$work/mvn.log"; fail "mvn test-compile"; }

rm -rf "$data" && mkdir -p "$data/in" "$data/store" && chmod -R a+rwX "$data"
docker swarm init --advertise-addr 127.0.0.1 >/dev/null
docker swarm update --task-history-limit 20 >/dev/null   # keep every task of the run for the health report
printf guest | docker secret create camel-worker-broker-password - >/dev/null
cat >"$work/override.yml" <<EOF
version: "3.7"
services:
  storage-worker:
    deploy:
      replicas: 3
    environment:
      SPRING_RABBITMQ_VIRTUAL_HOST: /
      WORKER_TYPE: $type
      SERVER_PORT: "18{{.Task.Slot}}93"
      THC_PORT: "18{{.Task.Slot}}93"
    volumes:
      - $data:/data
  delete-files-worker:
    deploy:
      replicas: 0
  lta-product-zip-extraction-worker:
    deploy:
      replicas: 0
EOF

running() { docker service ps "$service" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running' || true; }
await_running() {  # $1 = replicas; a task is Running once its health check passed (the stack has one)
  for _ in $(seq 1 120); do
    [ "$(running)" -ge "$1" ] && [ "$(docker service ps "$service" --filter desired-state=running -q | wc -l)" -eq "$1" ] && return 0
    sleep 2
  done
  docker service ps --no-trunc "$service"; fail "$service did not reach $1 running tasks"
}
await_containers() {  # $1 = running containers of the service (the others stopped)
  for _ in $(seq 1 120); do
    [ "$(docker ps -q --filter "label=com.docker.swarm.service.name=$service" | wc -l)" -eq "$1" ] && return 0
    sleep 1
  done
  fail "$service still has more than $1 containers running"
}

say "deploying deploy/swarm/workers.yml (storage worker, 3 replicas, type $type, host network, $data on /data)"
deploy_start=$(date +%s)
CAMEL_WORKER_IMAGE=camel-worker:v1 REGARDS_NETWORK=host RABBITMQ_ADDRESSES=127.0.0.1:5672 WORKER_TENANTS=project1 \
  docker stack deploy --resolve-image never -c deploy/swarm/workers.yml -c "$work/override.yml" "$stack" >"$work/deploy.log" 2>&1 \
  || { cat "$work/deploy.log"; fail "docker stack deploy"; }
await_running 3
say "3 tasks running and healthy $(( $(date +%s) - deploy_start )) s after the deploy"

# Every 3 s, the state and health of every container of the service (an 'unhealthy' here fails the run).
( while true; do docker ps -a --filter "label=com.docker.swarm.service.name=$service" \
    --format "$(date +%T) {{.Names}} {{.Status}}"; sleep 3; done ) >"$work/monitor.log" 2>&1 &
monitor_pid=$!
java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" io.camelworker.deploy.StoreRequestStream \
  type="$type" host-data="$data" rate="$rate" stop-file="$work/stop" >"$work/stream.log" 2>&1 &
stream_pid=$!
rm -f "$work/stop"
for _ in $(seq 1 60); do grep -q streaming "$work/stream.log" && break; sleep 1; done
sleep 30

say "rolling update to camel-worker:v2 (the stack's update_config)"
update_start=$(date +%s)
docker service update --detach=false --quiet --no-resolve-image --image camel-worker:v2 \
  --env-add 'SERVER_PORT=19{{.Task.Slot}}93' --env-add 'THC_PORT=19{{.Task.Slot}}93' "$service" >"$work/update.log" 2>&1 \
  || { cat "$work/update.log"; fail "service update"; }
say "  every task replaced after $(( $(date +%s) - update_start )) s"
# The update is complete once its monitor period is over; a task failing before then would roll it back.
for _ in $(seq 1 120); do
  state=$(docker service inspect -f '{{.UpdateStatus.State}}' "$service")
  [ "$state" = updating ] || break
  sleep 1
done
say "  update $state after $(( $(date +%s) - update_start )) s: $(docker service inspect -f '{{.UpdateStatus.Message}}' "$service")"
[ "$state" = completed ] || fail "the update ended '$state'"
sleep 20

victim=$(docker ps -q --filter "label=com.docker.swarm.service.name=$service" | head -n 1)
say "docker kill $victim ($(docker inspect -f '{{.Name}}' "$victim"))"
kill_start=$(date +%s)
docker kill "$victim" >/dev/null
sleep 2
await_running 3
say "  replaced and healthy after $(( $(date +%s) - kill_start )) s"
sleep 20

say "scaling to 5"
scale_start=$(date +%s)
docker service scale --detach "$service=5" >"$work/scale.log" 2>&1 || { cat "$work/scale.log"; fail "scale 5"; }
await_running 5
say "  5 tasks running and healthy after $(( $(date +%s) - scale_start )) s"
sleep 20
say "scaling to 2"
scale_start=$(date +%s)
docker service scale --detach "$service=2" >>"$work/scale.log" 2>&1 || { cat "$work/scale.log"; fail "scale 2"; }
await_containers 2
say "  3 tasks stopped after $(( $(date +%s) - scale_start )) s"
sleep 20

touch "$work/stop"
say "stream stopped; waiting for its last answers"
stream_status=0
wait "$stream_pid" || stream_status=$?
stream_pid=
kill "$monitor_pid" 2>/dev/null || true
monitor_pid=
sed 's/^/  /' "$work/stream.log" | grep -v -E ' [0-9]+ sent, [0-9]+ answered$'

say "tasks (docker service ps):"
docker service ps --format '{{.Name}} {{.Image}} desired={{.DesiredState}} {{.CurrentState}} {{.Error}}' "$service" \
  | sed 's/^/  /' | tee "$work/tasks.log"
say "health probes of the containers still known (docker inspect; scaled-down tasks are removed with theirs):"
# As Docker counts them: probes failing before the first pass are the start (start_period), not a failure; Docker marks
# every exited container 'unhealthy'; a probe that runs while Swarm stops the task (SIGTERM, exit 143) finds the HTTP
# server closed. Only a failed probe between the first pass and the stop counts.
health_failures=0
for container in $(docker ps -aq --filter "label=com.docker.swarm.service.name=$service"); do
  name=$(docker inspect -f '{{.Name}}' "$container")
  exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$container")
  probes=$(docker inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{end}}' "$container")
  failed=$(echo "$probes" | awk '{ for (i = 1; i <= NF; i++) { if ($i == 0) up = 1; else if (up) n++ } } END { print n + 0 }')
  last=$(echo "$probes" | awk '{ print $NF }')
  during_stop=0
  [ "$exit_code" = 143 ] && [ "$last" != 0 ] && during_stop=1
  echo "  $name exit=$exit_code probes: $probes(failed after the start: $failed, of which while stopping: $during_stop)"
  health_failures=$((health_failures + failed - during_stop))
done
unhealthy=$(grep -c unhealthy "$work/monitor.log" || true)
replaced=$(grep -c -i unhealthy "$work/tasks.log" || true)
say "failed probes of serving tasks: $health_failures; running containers seen 'unhealthy' (every 3 s): $unhealthy;" \
  "tasks Swarm replaced as unhealthy: $replaced"
# docker service logs can hang once tasks are removed: the logs of the containers still known, each bounded in time.
for container in $(docker ps -aq --filter "label=com.docker.swarm.service.name=$service"); do
  timeout 20 docker logs "$container" 2>&1 || true
done >"$work/service.log"
say "worker log lines: $(grep -c -E ' (ERROR|WARN) ' "$work/service.log" || true) ERROR/WARN (in $work/service.log)"

[ "$stream_status" -eq 0 ] || fail "the request stream's checks failed (see above)"
[ "$health_failures" -eq 0 ] && [ "$unhealthy" -eq 0 ] && [ "$replaced" -eq 0 ] || fail "a task was unhealthy"
say "OK: nothing lost across the update, the kill and the scaling"

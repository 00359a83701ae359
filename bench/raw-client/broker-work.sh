#!/usr/bin/env bash
# Diagnostic (not a test): the broker's own work per request for one consumer, counted in Erlang reductions, which the
# machine's load does not change (CPU seconds and requests/s do). RequestLoad queues WARMUP + COUNT requests, starts the
# consumer, and the broker is asked (rabbitmqctl eval, as root on the broker's machine):
#   - before the consumer starts and after the last answer: the reductions of the request queue's process;
#   - after the last answer: the reductions of the consumer's connections (reader processes) and of their channels,
#     found by the consumer's local TCP ports (ss -tnp).
# Each divided by the number of requests (warm-up included): what this consumer costs the broker per request.
#
# Usage: bench/raw-client/broker-work.sh <label> "<consumer command, {type} = worker type>" [RequestLoad options]
#   e.g. bench/raw-client/broker-work.sh raw "java -jar target/raw-client.jar {type} 1 250"
#   Settings: COUNT (20000), WARMUP (2000), DIR (directory the consumer runs in: bench/raw-client).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
LABEL=$1
CMD=$2
shift 2
COUNT=${COUNT:-20000}
WARMUP=${WARMUP:-2000}
DIR=${DIR:-$HERE}
STATE=$(mktemp -d)
trap 'rm -rf "$STATE"' EXIT

queue_reductions() { # <type>
  rabbitmqctl eval "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\"regards.worker.$1.request\">>)),
    element(2, erlang:process_info(amqqueue:get_pid(Q), reductions))." 2>/dev/null | tr -d '\n'
}
# connection_reductions <pid>: "<readers> <channels> <connections> <channel count>" of the process's AMQP connections
connection_reductions() {
  local ports
  ports=$(ss -tnpH state established '( dport = :5672 )' | grep "pid=$1," | awk '{split($3, a, ":"); print a[length(a)]}' | paste -sd, -)
  rabbitmqctl eval "Ports = [$ports],
    Red = fun(P) -> case erlang:process_info(P, reductions) of {reductions, R} -> R; _ -> 0 end end,
    Conns = [C || C <- rabbit_networking:connections(),
                  lists:member(proplists:get_value(peer_port, rabbit_reader:info(C, [peer_port])), Ports)],
    Chans = [Ch || Ch <- rabbit_channel:list(),
                   lists:member(proplists:get_value(connection, rabbit_channel:info(Ch, [connection])), Conns)],
    io_lib:format(\"~b ~b ~b ~b\", [lists:sum([Red(P) || P <- Conns]), lists:sum([Red(P) || P <- Chans]), length(Conns), length(Chans)])." 2>/dev/null \
    | tr -d '"\n'
}
export -f queue_reductions connection_reductions
export STATE

cd "$DIR"
java -cp "$HERE/target/raw-client.jar" io.camelworker.bench.raw.RequestLoad --count "$COUNT" --warmup "$WARMUP" --label "$LABEL" \
  --on-release 'queue_reductions {type} > $STATE/queue.before' \
  --on-done 'queue_reductions {type} > $STATE/queue.after; connection_reductions {pid} > $STATE/connections' \
  --cmd "$CMD" "$@" | grep -E '^(RESULT|[a-z].*requests/s)' | grep '^RESULT'
total=$((COUNT + WARMUP))
read -r readers channels nconn nchan < "$STATE/connections" || true  # no trailing newline
awk -v l="$LABEL" -v n="$total" -v qb="$(cat "$STATE/queue.before")" -v qa="$(cat "$STATE/queue.after")" \
  -v r="$readers" -v c="$channels" -v nc="$nconn" -v nch="$nchan" 'BEGIN {
  printf "BROKER label=%s queue_red_per_req=%.0f connection_red_per_req=%.0f channel_red_per_req=%.0f total_red_per_req=%.0f connections=%d channels=%d\n",
    l, (qa - qb) / n, r / n, c / n, (qa - qb + r + c) / n, nc, nch }'

#!/usr/bin/env bash
# Benchmark (not a test): what the parser sandbox (issue 19) costs, two builds of the worker side by side ("before":
# parsers in the worker's JVM; "after": in sandbox processes), the runs of the two alternated pair by pair (order
# reversed every round) so that the load of a shared machine hits both; the 1-minute load average is printed per row.
#
#   bench/sandbox-cost.sh extract   archive:extract (the step routes/archive-extraction-worker.camel.yaml calls: MD5,
#                                   extraction, in the sandbox when there is one) on a 1 GiB zip of 32 KiB files and one
#                                   of 256 MiB files, against `unzip -q`, in the same round. No broker: the route
#                                   bench/extract-bench.camel.yaml extracts a 4 MiB zip first (the first request: it
#                                   starts the sandbox process), then the 1 GiB one (a warm replica's request); the
#                                   step's time comes from the route's log, so the JVM's start is not in it. RSS: the
#                                   worker's and each sandbox process's peak (VmHWM, sampled every 0.2 s).
#   bench/sandbox-cost.sh rss       a replica at rest and after one parse, with the image's flags and layout (the
#                                   extracted jar and an AppCDS archive, as docker/Dockerfile does): the shipped
#                                   archive-extraction route on the local broker (127.0.0.1:5672) plus the bench route;
#                                   IDLE s after start: worker RSS and its child processes (none expected); then one
#                                   extraction of the 4 MiB zip; 5 s later: worker RSS + sandbox process RSS.
#   bench/sandbox-cost.sh metadata  bench/metadata-latency.sh (first request and warm median) with each build in turn.
#
#   bench/sandbox-cost.sh engine    what bounds the difference: the extraction engine alone (ExtractArchiveCommand, no
#                                   Spring, no sandbox, 2 threads as the worker passes them) on both zips, with the worker's
#                                   flags (before and after jars), with the sandbox process's first flags (-Xmx128m
#                                   -XX:+UseSerialGC -Xss1m -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1), and
#                                   with those flags less the C1-only cap, less the one-processor count.
#
# Builds: BEFORE_JAR and AFTER_JAR (default: app/target/camel-worker.jar of this tree as "after"). ROUNDS (3) rounds,
# WORK (/tmp/sandbox-bench) holds the archives, logs and workspaces. Worker JVM: the Dockerfile's JAVA_TOOL_OPTIONS
# with -XX:MaxRAM=512m (the 512 MiB container of deploy/), as command-line flags; FLAGS overrides them.
# Needs bash, python3, zip, unzip, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
MODE=${1:?usage: bench/sandbox-cost.sh extract|rss|metadata}
WORK=${WORK:-/tmp/sandbox-bench}
ROUNDS=${ROUNDS:-3}
IDLE=${IDLE:-30}
AFTER_JAR=${AFTER_JAR:-$(pwd)/app/target/camel-worker.jar}
BEFORE_JAR=${BEFORE_JAR:?BEFORE_JAR: the jar of the build without the sandbox}
ROUTE=$(pwd)/bench/extract-bench.camel.yaml
IMAGE_FLAGS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' docker/Dockerfile)
IMAGE_ENV=$(sed -n 's/^ENV \(MALLOC_ARENA_MAX=[0-9]*\)$/\1/p' docker/Dockerfile)
FLAGS=${FLAGS:-$IMAGE_FLAGS -XX:MaxRAM=512m}
mkdir -p "$WORK"
load() { cut -d' ' -f1 /proc/loadavg; }
jar_of() { if [ "$1" = before ]; then echo "$BEFORE_JAR"; else echo "$AFTER_JAR"; fi; }
# VARIANT="--a=b ...": a third side, "variant", the after build with these Spring arguments (an experiment).
VARIANT=${VARIANT:-}
args_of() { if [ "$1" = variant ]; then echo "$VARIANT"; fi; }
sides() { # <round>: the sides of a round, in an order reversed every round
  local s="before after${VARIANT:+ variant}"
  if [ $(($1 % 2)) = 1 ]; then echo "$s"; else echo "$s" | tr ' ' '\n' | tac | paste -sd' '; fi
}

# Builds <name>.zip of <MiB> of files of <file size> bytes, as bench/unzip.sh does (content compresses about 2:1).
build() {
  local name=$1 file_size=$2 size_mb=$3
  [ -f "$WORK/$name.zip" ] && return
  python3 - "$WORK/$name" "$size_mb" "$file_size" <<'PY'
import os, sys
root, size_mb, file_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = (b"lat=43.6 lon=1.44 value=%d quality=GOOD\n" * 4096)
count = size_mb * 1024 * 1024 // file_size
for i in range(count):
    d = os.path.join(root, "d%03d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.dat" % i), "wb") as f:
        left = file_size
        while left > 0:
            n = min(left, 1 << 20)
            half = n // 2
            f.write(os.urandom(half))
            f.write((text * (1 + (n - half) // len(text)))[: n - half])
            left -= n
PY
  (cd "$WORK/$name" && zip -q -r "../$name.zip" .)
  rm -rf "${WORK:?}/$name"
}

# sampler <pid> <out>: every 0.2 s, "<worker VmHWM kB> <child pid>:<child VmHWM kB>..." into <out> (last line wins).
sampler() {
  local pid=$1 out=$2 line c
  while kill -0 "$pid" 2>/dev/null; do
    line=$(awk '/^VmHWM:/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    for c in $(pgrep -P "$pid" || true); do
      line="$line $c:$(awk '/^VmHWM:/ {print $2}' /proc/"$c"/status 2>/dev/null || echo 0)"
    done
    echo "$line" >> "$out"
    sleep 0.2
  done
}

# until_log <pid> <log> <pattern> <seconds>: waits for a line of the log.
until_log() {
  local pid=$1 log=$2 pattern=$3 i
  for i in $(seq 1 $(($4 * 10))); do
    grep -qs "$pattern" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process ended, see $log" >&2; return 1; }
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $log" >&2; return 1
}

# ms between the start= and end= of a BENCH line of the log for an archive
step_ms() {
  grep "BENCH archive=.*/$2 " "$1" | sed 's/.* start=\([0-9:.]*\) end=\([0-9:.]*\).*/\1 \2/' | tr ':' ' ' \
    | awk '{ s = ($1 * 3600 + $2 * 60 + $3) * 1000; e = ($4 * 3600 + $5 * 60 + $6) * 1000; if (e < s) e += 86400000;
             printf "%d", e - s + 0.5 }'
}

extract_run() { # <label> <archive name>: one JVM, the 4 MiB zip then the archive; prints one row
  local label=$1 name=$2 jar log samples pid l0 warm_ms big_ms start_ms worker_kb child
  jar=$(jar_of "$label"); log=$WORK/extract-$label-$name.log; samples=$WORK/samples-$label
  rm -rf "$WORK/ws" "$WORK/trigger"; mkdir -p "$WORK/trigger"; : > "$samples"; sync
  touch "$WORK/trigger/go"
  l0=$(load)
  # shellcheck disable=SC2086
  env $IMAGE_ENV java $FLAGS -jar "$jar" --camel.main.routes-include-pattern="file:$ROUTE" \
    --bench.dir="$WORK/trigger" --bench.archives="file://$WORK/warm.zip,file://$WORK/$name.zip" \
    --worker.tenants=bench --worker.files.allowed-roots="$WORK" --worker.extraction.workspace="$WORK/ws" \
    --server.port=0 --spring.main.banner-mode=off --logging.level.io.camelworker.sandbox=info $(args_of "$label") > "$log" 2>&1 &
  pid=$!
  sampler "$pid" "$samples" &
  until_log "$pid" "$log" "BENCH done" 900 || { kill "$pid"; return 1; }
  sleep 0.3
  worker_kb=$(tail -1 "$samples" | cut -d' ' -f1)
  child=$(tail -1 "$samples" | tr ' ' '\n' | sed -n 's/.*://p' | sort -n | tail -1)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  warm_ms=$(step_ms "$log" warm.zip); big_ms=$(step_ms "$log" "$name.zip")
  start_ms=$(grep -o 'Sandbox process [0-9]* started in [0-9]* ms' "$log" | head -1 | awk '{print $6}' || true)
  printf '%-12s %-7s %8s %9.2f %9.0f %12s %10d %10s %5s-%s\n' "$name" "$label" "${start_ms:--}" "$(echo "$big_ms/1000" | bc -l)" \
    "$(echo "$BYTES/1000000/($big_ms/1000)" | bc -l)" "$warm_ms" $((worker_kb / 1024)) "${child:+$((child / 1024))}" "$l0" "$(load)"
  rm -rf "$WORK/ws"
}

unzip_run() { # <archive name>
  local name=$1 l0 t
  rm -rf "$WORK/out-unzip"; sync; l0=$(load)
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" unzip -q "$WORK/$name.zip" -d "$WORK/out-unzip"
  read -r t rss < "$WORK/time.txt"
  printf '%-12s %-7s %8s %9.2f %9.0f %12s %10d %10s %5s-%s\n' "$name" unzip - "$t" "$(echo "$BYTES/1000000/$t" | bc -l)" - $((rss / 1024)) - "$l0" "$(load)"
  rm -rf "$WORK/out-unzip"
}

extract() {
  build warm 32768 4; build small-files 32768 1024; build large-files 268435456 1024
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(hostname), $(nproc) cores, $(java -version 2>&1 | sed -n 2p); worker: java $FLAGS"
  printf '%-12s %-7s %8s %9s %9s %12s %10s %10s %11s\n' archive build "child ms" "1GiB s" "MB/s" "4MiB 1st ms" "worker MB" "child MB" load
  for name in small-files large-files; do
    BYTES=$(unzip -Zt "$WORK/$name.zip" | awk '{print $3}')
    for round in $(seq 1 "$ROUNDS"); do
      if [ $((round % 2)) = 1 ]; then order="unzip $(sides "$round")"; else order="$(sides "$round") unzip"; fi
      for side in $order; do
        if [ "$side" = unzip ]; then unzip_run "$name"; else extract_run "$side" "$name"; fi
      done
    done
  done
}

# The image's layout: the jar extracted without the launcher and an AppCDS archive trained as docker/Dockerfile does.
image_layout() { # <label>: prints the jar to run
  local dir=$WORK/image-$1 jar
  jar=$(jar_of "$1")
  if [ ! -f "$dir/camel-worker.jar" ] || [ "$jar" -nt "$dir/camel-worker.jar" ]; then
    rm -rf "$dir"; java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  fi
  # shellcheck disable=SC2086
  [ -f "$dir/app.jsa" ] || (cd "$dir" && env $IMAGE_ENV java $FLAGS -XX:ArchiveClassesAtExit=app.jsa \
    -Dspring.context.exit=onRefresh -jar camel-worker.jar --worker.tenants=training > training.log 2>&1 || true)
  echo "$dir"
}

rss_run() { # <label>
  local label=$1 dir log pid rest children after_w after_c l0 routes
  dir=$(image_layout "$label"); log=$WORK/rss-$label.log
  routes="file:$(dirname "$(jar_of "$label")")/../routes/archive-extraction-worker.camel.yaml,file:$ROUTE"
  rm -rf "$WORK/ws" "$WORK/trigger"; mkdir -p "$WORK/trigger"
  l0=$(load)
  # shellcheck disable=SC2086
  (cd "$dir" && exec env $IMAGE_ENV java $FLAGS -XX:SharedArchiveFile=app.jsa -Xshare:auto -jar camel-worker.jar \
    --camel.main.routes-include-pattern="$routes" --worker.type="sandbox-cost-$RANDOM$RANDOM" \
    --bench.dir="$WORK/trigger" --bench.archives="file://$WORK/warm.zip" \
    --worker.tenants=bench --worker.files.allowed-roots="$WORK" --worker.extraction.workspace="$WORK/ws" \
    --server.port=0 --logging.level.io.camelworker.sandbox=info $(args_of "$label")) > "$log" 2>&1 &
  pid=$!
  until_log "$pid" "$log" ' Started [A-Za-z]* in ' 900 || { kill "$pid"; return 1; }
  sleep "$IDLE"
  rest=$(awk '/^VmRSS:/ {print int($2 / 1024)}' /proc/$pid/status)
  children=$( (pgrep -P "$pid" || true) | wc -l)
  touch "$WORK/trigger/go"
  until_log "$pid" "$log" "BENCH done" 300 || { kill "$pid"; return 1; }
  sleep 5
  after_w=$(awk '/^VmRSS:/ {print int($2 / 1024)}' /proc/$pid/status)
  after_c=0
  for c in $(pgrep -P "$pid" || true); do
    after_c=$((after_c + $(awk '/^VmRSS:/ {print int($2 / 1024)}' /proc/"$c"/status)))
  done
  start_ms=$(grep -o 'Sandbox process [0-9]* started in [0-9]* ms' "$log" | head -1 | awk '{print $6}' || true)
  printf '%-7s %12d %9d %16d %15d %10d %8s %5s-%s\n' "$label" "$rest" "$children" "$after_w" "$after_c" $((after_w + after_c)) \
    "${start_ms:--}" "$l0" "$(load)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$WORK/ws"
}

rss() {
  build warm 32768 4
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(hostname), $(nproc) cores; worker: ${IMAGE_ENV:+$IMAGE_ENV }java $FLAGS -XX:SharedArchiveFile=app.jsa -jar camel-worker.jar (extracted); idle $IDLE s"
  printf '%-7s %12s %9s %16s %15s %10s %8s %11s\n' build "rest RSS MB" children "after: worker MB" "sandbox MB" "total MB" "child ms" load
  for round in $(seq 1 "$ROUNDS"); do
    for side in $(sides "$round"); do rss_run "$side"; done
  done
}

engine_run() { # <label> <jar> <archive name> <flags...>
  local label=$1 jar=$2 name=$3 l0 t out; shift 3
  rm -rf "$WORK/out-engine"; sync; l0=$(load)
  out=$(java "$@" -cp "$jar" -Dloader.main=io.camelworker.steps.archive.ExtractArchiveCommand \
    org.springframework.boot.loader.launch.PropertiesLauncher "$WORK/$name.zip" "$WORK/out-engine" 2)
  t=$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s .*/\1/p')
  printf '%-12s %-28s %8.2f s %6.0f MB/s  %5s-%s\n' "$name" "$label" "$t" "$(echo "$BYTES/1000000/$t" | bc -l)" "$l0" "$(load)"
  rm -rf "$WORK/out-engine"
}

engine() {
  local child="-Xmx128m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss1m -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1"
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(hostname), $(nproc) cores; the engine alone, 2 threads"
  for name in small-files large-files; do
    BYTES=$(unzip -Zt "$WORK/$name.zip" | awk '{print $3}')
    for round in $(seq 1 "$ROUNDS"); do
      # shellcheck disable=SC2086
      {
        engine_run "before, worker flags" "$BEFORE_JAR" "$name" $FLAGS
        engine_run "after, worker flags" "$AFTER_JAR" "$name" $FLAGS
        engine_run "after, sandbox flags" "$AFTER_JAR" "$name" $child
        engine_run "after, sandbox flags, C2" "$AFTER_JAR" "$name" ${child/-XX:TieredStopAtLevel=1/}
        engine_run "after, sandbox flags, 2 CPUs" "$AFTER_JAR" "$name" ${child/-XX:ActiveProcessorCount=1/}
      }
    done
  done
}

metadata() {
  mkdir -p "$WORK/metadata/large"
  # the 1 GiB GeoTIFF of an earlier bench/metadata.sh run, if any, instead of generating another
  [ -f "$WORK/metadata/large/S2X_MSI_large.tif" ] || [ ! -f /tmp/metadata-bench/large/S2X_MSI_large.tif ] \
    || ln /tmp/metadata-bench/large/S2X_MSI_large.tif "$WORK/metadata/large/" 2>/dev/null || true
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(hostname), $(nproc) cores; JAVA_OPTS=$FLAGS"
  for round in $(seq 1 "$ROUNDS"); do
    for side in $(sides "$round"); do
      echo "## round $round $side (load $(load))"
      JAR=$(jar_of "$side") JAVA_OPTS="$FLAGS" bench/metadata-latency.sh "$WORK/metadata" 2>&1 | sed "s/^/$side /"
    done
  done
}

"$MODE" "${@:2}"

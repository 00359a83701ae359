#!/usr/bin/env bash
# Benchmark of the storage worker's local copy step (stream, MD5 on the way, temporary name, atomic rename) against
# cp + md5sum on the same file. Each is run RUNS times, alternately, and the best time is kept (the machine is
# shared); prints MB/s, the ratio worker/cp+md5sum in throughput, and peak RSS (/usr/bin/time -v).
# Usage: bench/storage-copy.sh [size-in-MiB, default 1024] [work directory, default target/bench] [runs, default 3]
#   e.g. bench/storage-copy.sh 1024 /dev/shm/bench   (tmpfs: measures the CPU path without the disk)
# The worker's JVM runs with the Docker image's options (docker/Dockerfile: -XX:+UseSerialGC -Xss512k and an AppCDS
# archive made by a training run, here one copy of a 1 MiB file), with -Xmx128m; the row "plain java" is the same copy
# with the JVM's defaults (G1, no application class archive).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
WORK=${2:-target/bench}
RUNS=${3:-3}
mkdir -p "$WORK/in" "$WORK/out"
SRC="$WORK/in/source.bin"
DST="$WORK/out/copy.bin"

if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" -ne $((SIZE_MIB * 1024 * 1024)) ]; then
  echo "creating a ${SIZE_MIB} MiB file"
  head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$SRC"
fi
mvn -o -q -B -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/app/target/bench.classpath >/dev/null
CP="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"
BYTES=$(stat -c %s "$SRC")
MD5=$(md5sum "$SRC" | cut -d' ' -f1)   # also warms the page cache: every run reads the source from memory
IMAGE_OPTS="-XX:+UseSerialGC -Xss512k"
# Class data sharing archives classes from jars only, as the image's class path is: the project's classes in jars.
jar cf "$WORK/classes.jar" -C app/target/classes . && jar cf "$WORK/test-classes.jar" -C app/target/test-classes .
JAR_CP="$WORK/test-classes.jar:$WORK/classes.jar:$(cat app/target/bench.classpath)"
JSA="$WORK/storage-copy.jsa"
head -c 1048576 "$SRC" > "$WORK/in/training.bin"
rm -f "$JSA" "$WORK/out/copy.bin"
java -XX:ArchiveClassesAtExit="$JSA" $IMAGE_OPTS -Xmx128m -cp "$JAR_CP" io.camelworker.storage.StorageCopyBench \
  "$WORK/in/training.bin" "$WORK/out" false "$(md5sum "$WORK/in/training.bin" | cut -d' ' -f1)" >/dev/null 2>&1
rm -f "$WORK/in/training.bin" "$WORK/out/copy.bin"
WORKER_JAVA="java $IMAGE_OPTS -XX:SharedArchiveFile=$JSA -Xmx128m"

# Runs a command after flushing the previous run's dirty pages; sets ELAPSED (s) and RSS (KB).
timed() {
  rm -f "$DST"; sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -v -o "$WORK/last.time" "$@" >"$WORK/last.out"
  end=$(date +%s%N)
  ELAPSED=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  RSS=$(grep 'Maximum resident' "$WORK/last.time" | awk '{ print $NF }')
  # The worker prints the time of the copy step itself, without the JVM start (paid once per replica, not per file).
  STEP=$(sed -n 's/^worker copy: [0-9]* bytes in \([0-9.]*\) s.*/\1/p' "$WORK/last.out")
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

CP_BEST=""; NOSYNC_BEST=""; SYNC_BEST=""; NOSYNC_STEP=""; SYNC_STEP=""; PLAIN_BEST=""
for run in $(seq "$RUNS"); do
  timed sh -c "cp '$SRC' '$DST' && md5sum '$DST'"
  CP_BEST=$(best "$CP_BEST" "$ELAPSED"); CP_RSS=$RSS
  # The worker step runs in a JVM capped at 128 MB of heap: the file is streamed, never held. JVM start-up included.
  timed $WORKER_JAVA -cp "$JAR_CP" io.camelworker.storage.StorageCopyBench "$SRC" "$WORK/out" false "$MD5"
  NOSYNC_BEST=$(best "$NOSYNC_BEST" "$ELAPSED"); NOSYNC_RSS=$RSS; NOSYNC_STEP=$(best "$NOSYNC_STEP" "$STEP")
  timed $WORKER_JAVA -cp "$JAR_CP" io.camelworker.storage.StorageCopyBench "$SRC" "$WORK/out" true "$MD5"
  SYNC_BEST=$(best "$SYNC_BEST" "$ELAPSED"); SYNC_RSS=$RSS; SYNC_STEP=$(best "$SYNC_STEP" "$STEP")
  timed java -Xmx128m -cp "$CP" io.camelworker.storage.StorageCopyBench "$SRC" "$WORK/out" false "$MD5"
  PLAIN_BEST=$(best "$PLAIN_BEST" "$ELAPSED")
  echo "run $run: cp+md5sum ${CP_BEST}s, worker ${NOSYNC_BEST}s, worker+fsync ${SYNC_BEST}s, plain java ${PLAIN_BEST}s (best so far)"
done
rm -f "$DST"

mbs() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v c="$CP_BEST" -v w="$1" 'BEGIN { printf "%.2f", c / w }'; }
echo
echo "file: $BYTES bytes in $WORK, best of $RUNS runs"
printf '%-44s %7s s %7s MB/s  ratio %4s  peak RSS %6s KB\n' "cp + md5sum" "$CP_BEST" "$(mbs "$CP_BEST")" "1.00" "$CP_RSS"
printf '%-44s %7s s %7s MB/s  ratio %4s  peak RSS %6s KB\n' "worker copy step, -Xmx128m (sync-on-store=false)" \
  "$NOSYNC_BEST" "$(mbs "$NOSYNC_BEST")" "$(ratio "$NOSYNC_BEST")" "$NOSYNC_RSS"
printf '%-44s %7s s %7s MB/s  ratio %4s  peak RSS %6s KB\n' "worker copy step, -Xmx128m (sync-on-store=true)" \
  "$SYNC_BEST" "$(mbs "$SYNC_BEST")" "$(ratio "$SYNC_BEST")" "$SYNC_RSS"
printf '%-44s %7s s %7s MB/s  ratio %4s  (JVM defaults: G1, no AppCDS)\n' "worker copy step, plain java (sync=false)" \
  "$PLAIN_BEST" "$(mbs "$PLAIN_BEST")" "$(ratio "$PLAIN_BEST")"
printf '%-44s %7s s %7s MB/s  ratio %4s  (copy step alone, JVM start excluded)\n' "worker copy step (sync-on-store=false)" \
  "$NOSYNC_STEP" "$(mbs "$NOSYNC_STEP")" "$(ratio "$NOSYNC_STEP")"
printf '%-44s %7s s %7s MB/s  ratio %4s  (copy step alone, JVM start excluded)\n' "worker copy step (sync-on-store=true)" \
  "$SYNC_STEP" "$(mbs "$SYNC_STEP")" "$(ratio "$SYNC_STEP")"

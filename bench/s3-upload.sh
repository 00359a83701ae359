#!/usr/bin/env bash
# Benchmark of the storage worker's upload to S3 against the AWS CLI (`aws s3 cp`, Debian package awscli) on the same
# file and the same S3-compatible server on loopback (S3Mock, the tests' server, in its own JVM). Each upload is run
# RUNS times, alternately, and the best time is kept (the machine is shared); prints MB/s, the ratio worker/aws cli in
# throughput, and peak RSS (/usr/bin/time -v) of the uploading process (not the server's). The AWS CLI runs with
# its defaults (8 MB parts, 10 at once) and bench/awscli-plugins/continue_without_reason.py (see below).
# The worker uploads as the storage worker does: FileTransfer into an S3Destination, MD5 verified on the way, parts of
# multipartThresholdMb (REGARDS default 5), nbParallelPartsUpload parts at once (capped by
# worker.storage.max-parallel-parts, default 4), in a JVM with -Xmx128m and the Docker image's options
# (docker/Dockerfile: -XX:+UseSerialGC -Xss512k, an AppCDS archive made by a training run: here one upload of 1 MiB).
# Usage: bench/s3-upload.sh [size-in-MiB, default 1024] [work directory, default target/bench] [runs, default 3]
#        [multipartThresholdMb, default 5] [nbParallelPartsUpload, default 4] [port, default 9090]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
WORK=${2:-target/bench}
RUNS=${3:-3}
THRESHOLD_MB=${4:-5}
PARALLEL=${5:-4}
PORT=${6:-9090}
BUCKET=bench
ENDPOINT="http://127.0.0.1:$PORT"
AWS=/usr/bin/aws   # the Debian package's; an `aws` found first on the PATH may be a pyenv shim

if ! [ -x "$AWS" ]; then
  echo "installing the Debian package awscli"
  apt-get install -y awscli >/dev/null
fi
"$AWS" --version

mkdir -p "$WORK/in" "$WORK/s3root"
WORK=$(cd "$WORK" && pwd)
SRC="$WORK/in/upload.bin"
if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" -ne $((SIZE_MIB * 1024 * 1024)) ]; then
  echo "creating a ${SIZE_MIB} MiB file"
  head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$SRC"
fi
mvn -o -q -B -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/app/target/bench.classpath >/dev/null
CP="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"
BYTES=$(stat -c %s "$SRC")
MD5=$(md5sum "$SRC" | cut -d' ' -f1)   # also warms the page cache: every run reads the source from memory

# The AWS CLI: dummy keys, path-style addressing (as the worker), in a configuration of its own.
export AWS_ACCESS_KEY_ID=bench-key AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
rm -f "$AWS_CONFIG_FILE"
"$AWS" configure set default.s3.addressing_style path
# S3Mock (Tomcat) answers "Expect: 100-continue" with "HTTP/1.1 100", without the optional reason phrase, which the
# botocore of awscli 2.9.19 does not recognise: every part upload over HTTP fails (adobe/S3Mock#2321). The plugin is the
# upstream fix (botocore 1.40.21): it changes the parsing of that status line, nothing else.
"$AWS" configure set plugins.cli_legacy_plugin_path "$PWD/bench/awscli-plugins"
"$AWS" configure set plugins.continue_without_reason continue_without_reason

# The server: S3Mock in its own JVM, objects stored under $WORK/s3root.
rm -rf "$WORK/s3root"/*
java -Xmx1g -cp "$CP" io.camelworker.storage.S3MockServer "$PORT" "$BUCKET" "$WORK/s3root" >"$WORK/s3mock.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK/s3root"' EXIT
for _ in $(seq 120); do
  grep -q 's3mock ready' "$WORK/s3mock.log" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/s3mock.log"; exit 1; }
  sleep 0.5
done
grep -q 's3mock ready' "$WORK/s3mock.log" || { echo "s3mock did not start"; cat "$WORK/s3mock.log"; exit 1; }

# Runs a command after removing the previous run's object; sets ELAPSED (s) and RSS (KB).
timed() {
  local key=$1; shift
  "$AWS" --endpoint-url "$ENDPOINT" s3 rm "s3://$BUCKET/$key" >/dev/null 2>&1 || true
  sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -v -o "$WORK/last.time" "$@" >"$WORK/last.out"
  end=$(date +%s%N)
  ELAPSED=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  RSS=$(grep 'Maximum resident' "$WORK/last.time" | awk '{ print $NF }')
  # The worker prints the time of the upload itself, without the JVM start (paid once per replica, not per file).
  STEP=$(sed -n 's/^worker upload: [0-9]* bytes in \([0-9.]*\) s.*/\1/p' "$WORK/last.out")
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
# Checks that the object is there, whole: size, and the MD5 the worker records in its metadata.
stored() {
  local size
  size=$("$AWS" --endpoint-url "$ENDPOINT" s3api head-object --bucket "$BUCKET" --key "$1" \
    --query ContentLength --output text)
  [ "$size" -eq "$BYTES" ] || { echo "s3://$BUCKET/$1: $size bytes, expected $BYTES"; exit 1; }
}

# The worker's JVM as the image starts it; class data sharing archives classes from jars only: the project's in jars.
IMAGE_OPTS="-XX:+UseSerialGC -Xss512k"
JSA="$WORK/s3-upload.jsa"
jar cf "$WORK/classes.jar" -C app/target/classes . && jar cf "$WORK/test-classes.jar" -C app/target/test-classes .
JAR_CP="$WORK/test-classes.jar:$WORK/classes.jar:$(cat app/target/bench.classpath)"
head -c 1048576 "$SRC" > "$WORK/in/training.bin"
rm -f "$JSA"
java -XX:ArchiveClassesAtExit="$JSA" $IMAGE_OPTS -Xmx128m -cp "$JAR_CP" io.camelworker.storage.S3UploadBench \
  "$WORK/in/training.bin" "$ENDPOINT" "$BUCKET" training.bin "$(md5sum "$WORK/in/training.bin" | cut -d' ' -f1)" \
  "$THRESHOLD_MB" "$PARALLEL" >/dev/null 2>&1
rm -f "$WORK/in/training.bin"
WORKER_JAVA="java $IMAGE_OPTS -XX:SharedArchiveFile=$JSA -Xmx128m"

CLI_BEST=""; WORKER_BEST=""; WORKER_STEP=""
for run in $(seq "$RUNS"); do
  timed cli.bin "$AWS" --endpoint-url "$ENDPOINT" s3 cp --only-show-errors "$SRC" "s3://$BUCKET/cli.bin"
  stored cli.bin
  CLI_BEST=$(best "$CLI_BEST" "$ELAPSED"); CLI_RSS=$RSS
  timed worker.bin $WORKER_JAVA -cp "$JAR_CP" io.camelworker.storage.S3UploadBench "$SRC" "$ENDPOINT" "$BUCKET" \
    worker.bin "$MD5" "$THRESHOLD_MB" "$PARALLEL"
  stored worker.bin
  WORKER_BEST=$(best "$WORKER_BEST" "$ELAPSED"); WORKER_RSS=$RSS; WORKER_STEP=$(best "$WORKER_STEP" "$STEP")
  echo "run $run: aws s3 cp ${CLI_BEST}s, worker ${WORKER_BEST}s (upload alone ${WORKER_STEP}s) (best so far)"
done
tail -1 "$WORK/last.out"

mbs() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v c="$CLI_BEST" -v w="$1" 'BEGIN { printf "%.2f", c / w }'; }
echo
echo "file: $BYTES bytes in $WORK/in, server S3Mock on $ENDPOINT, best of $RUNS runs"
printf '%-52s %7s s %7s MB/s  ratio %4s  peak RSS %7s KB\n' "aws s3 cp ($("$AWS" --version | cut -d' ' -f1))" \
  "$CLI_BEST" "$(mbs "$CLI_BEST")" "1.00" "$CLI_RSS"
printf '%-52s %7s s %7s MB/s  ratio %4s  peak RSS %7s KB\n' \
  "worker S3 upload, -Xmx128m + image opts (${THRESHOLD_MB} MB x ${PARALLEL})" \
  "$WORKER_BEST" "$(mbs "$WORKER_BEST")" "$(ratio "$WORKER_BEST")" "$WORKER_RSS"
printf '%-52s %7s s %7s MB/s  ratio %4s  (upload alone, JVM start excluded)\n' "worker S3 upload" \
  "$WORKER_STEP" "$(mbs "$WORKER_STEP")" "$(ratio "$WORKER_STEP")"

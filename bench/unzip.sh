#!/usr/bin/env bash
# Benchmark (not a test): the worker's extraction engine against `unzip -q`, on two 1 GB zips: many small files, and a
# few large ones. Prints MB/s, the speed ratio (worker / unzip) and the peak RSS of each.
# Usage: bench/unzip.sh [work dir, default /tmp/camel-worker-bench]   (builds app/target/camel-worker.jar if missing)
# Environment: SIZE_MB (default 1024), XMX (default 128m), PARALLELISM (default: the engine's default).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/camel-worker-bench}
SIZE_MB=${SIZE_MB:-1024}
XMX=${XMX:-128m}
JAR=app/target/camel-worker.jar
[ -f "$JAR" ] || mvn -q -B -o package -DskipTests
mkdir -p "$WORK"

# Builds <name>.zip of SIZE_MB of files of <file size> bytes; the content compresses about 2:1 (half random, half text).
build() {
  local name=$1 file_size=$2
  [ -f "$WORK/$name.zip" ] && return
  python3 - "$WORK/$name" "$SIZE_MB" "$file_size" <<'PY'
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

# Runs a command under /usr/bin/time -v; prints "<seconds> <peak RSS kB>".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local elapsed rss
  elapsed=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  rm -f "$log"
  echo "$elapsed $rss"
}

printf '%-12s %10s %8s %10s %12s %8s %10s %12s %6s\n' archive "MB" "unzip s" "unzip MB/s" "unzip RSS" "worker s" "worker MB/s" "worker RSS" ratio
for spec in "small-files:32768" "large-files:268435456"; do
  name=${spec%%:*}; file_size=${spec##*:}
  build "$name" "$file_size"
  mb=$(unzip -Zt "$WORK/$name.zip" | awk '{print $3/1e6}')
  rm -rf "$WORK/out-unzip" "$WORK/out-worker"; sync
  read -r u_s u_rss < <(measure unzip -q "$WORK/$name.zip" -d "$WORK/out-unzip")
  rm -rf "$WORK/out-unzip"; sync
  read -r w_s w_rss < <(measure java -Xmx"$XMX" -cp "$JAR" -Dloader.main=io.camelworker.steps.archive.ExtractArchiveCommand \
      org.springframework.boot.loader.launch.PropertiesLauncher "$WORK/$name.zip" "$WORK/out-worker" ${PARALLELISM:-})
  rm -rf "$WORK/out-worker"
  awk -v n="$name" -v mb="$mb" -v us="$u_s" -v ur="$u_rss" -v ws="$w_s" -v wr="$w_rss" 'BEGIN {
    printf "%-12s %10.0f %8.2f %10.0f %10d kB %8.2f %10.0f %10d kB %6.2f\n", n, mb, us, mb/us, ur, ws, mb/ws, wr, us/ws }'
done

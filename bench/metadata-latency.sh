#!/usr/bin/env bash
# Per-request latency of a metadata step in one JVM (no broker), first run and warm runs: REPEAT runs of the geospatial
# step on a 1 MiB and a 1 GiB GeoTIFF (generated as bench/metadata.sh does) and of the image step on a small PNG, with a
# 256 MiB heap (JAVA_OPTS). Prints the first run, then the median and max of the others, in ms.
#   bench/metadata-latency.sh [work directory, default /tmp/metadata-bench] (REPEAT=21, JAR=app/target/camel-worker.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/metadata-bench}
REPEAT=${REPEAT:-21}
JAR=${JAR:-app/target/camel-worker.jar}
ROUTE=$(pwd)/bench/metadata-latency.camel.yaml
mkdir -p "$WORK"
[ -f "$JAR" ] || mvn -q -B -o package -DskipTests
[ -f "$WORK/small/S2X_MSI_small.tif" ] || { mkdir -p "$WORK/small"; python3 bench/products.py geotiff "$WORK/small/S2X_MSI_small.tif" 1024; }
[ -f "$WORK/large/S2X_MSI_large.tif" ] || { mkdir -p "$WORK/large"; python3 bench/products.py geotiff "$WORK/large/S2X_MSI_large.tif" 32768; }
[ -f "$WORK/png/ql.png" ] || { mkdir -p "$WORK/png"; cp src/test/resources/metadata/products/S2X_MSI_20240115T103021_O01234_ql.png "$WORK/png/ql.png"; }

run() { # name dir file step mapping-options
  local dir=$WORK/$2
  printf '{"type":"Feature","urn":"URN:FEATURE:DATA:bench:00000000-0000-0000-0000-000000000000:V1","entityType":"DATA","model":"BENCH","files":[{"locations":[{"url":"file://%s"}],"attributes":{"dataType":"RAWDATA","filename":"%s"}}]}' \
    "$dir/$3" "$3" > "$dir/feature.json"
  java ${JAVA_OPTS:--Xmx256m} -jar "$JAR" \
    --camel.main.routes-include-pattern="file:$ROUTE" --camel.main.duration-max-messages=1 \
    --bench.dir="$dir" --bench.step="$4" --bench.mapping="$5" --bench.repeat="$REPEAT" --worker.tenants=bench \
    --worker.files.allowed-roots="$WORK" --server.port=0 --spring.main.banner-mode=off > "$WORK/$1.log" 2>&1
  grep -o 'BENCH run=[0-9]* start=[0-9:.]* end=[0-9:.]*' "$WORK/$1.log" | sed 's/[a-zA-Z]*=//g; s/:/ /g' \
    | awk -v name="$1" -v size="$(stat -c %s "$dir/$3")" '
      { start = ($3 * 3600 + $4 * 60 + $5) * 1000; end = ($6 * 3600 + $7 * 60 + $8) * 1000;
        if (end < start) end += 86400000; ms[NR] = int(end - start + 0.5) }
      END { if (NR == 0) { print name ": no run logged"; exit 1 }
            n = 0; for (i = 2; i <= NR; i++) warm[++n] = ms[i]; asort(warm);
            printf "%-22s %10d bytes  first %6d ms  warm median %5d ms  max %5d ms  (%d warm runs)\n",
              name, size, ms[1], warm[int((n + 1) / 2)], warm[n], n }'
}

GEO='property.west=west&property.north=north&property.width=attribute:ImageWidth'
run geospatial-1MiB small S2X_MSI_small.tif geospatial "$GEO"
run geospatial-1GiB large S2X_MSI_large.tif geospatial "$GEO"
run image-png png ql.png image 'property.width=width&property.height=height'

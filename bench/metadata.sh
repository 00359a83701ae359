#!/usr/bin/env bash
# Metadata extraction reads headers, not whole rasters: compares wall time and peak RSS of the geospatial extractor on a
# 1 MiB and a 1 GiB GeoTIFF (generated), and, for contrast, of the file-facts extractor (which digests every byte) on
# the 1 GiB one, with a 256 MiB heap (JAVA_OPTS). No broker needed: a one-shot route runs the step on a Feature file. Needs GNU time and python3.
#   bench/metadata.sh [work directory, default /tmp/metadata-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/metadata-bench}
mkdir -p "$WORK"
[ -f app/target/camel-worker.jar ] || mvn -q -B -o package -DskipTests
[ -f "$WORK/small/S2X_MSI_small.tif" ] || { mkdir -p "$WORK/small"; python3 bench/products.py geotiff "$WORK/small/S2X_MSI_small.tif" 1024; }
[ -f "$WORK/large/S2X_MSI_large.tif" ] || { mkdir -p "$WORK/large"; python3 bench/products.py geotiff "$WORK/large/S2X_MSI_large.tif" 32768; }

run() { # name dir file step mapping-options
  local dir=$WORK/$2
  printf '{"type":"Feature","urn":"URN:FEATURE:DATA:bench:00000000-0000-0000-0000-000000000000:V1","entityType":"DATA","model":"BENCH","files":[{"locations":[{"url":"file://%s"}],"attributes":{"dataType":"RAWDATA","filename":"%s"}}]}' \
    "$dir/$3" "$3" > "$dir/feature.json"
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" java ${JAVA_OPTS:--Xmx256m} -jar app/target/camel-worker.jar \
    --camel.main.routes-include-pattern=file:bench/metadata-bench.camel.yaml --camel.main.duration-max-messages=1 \
    --bench.dir="$dir" --bench.step="$4" --bench.mapping="$5" --worker.tenants=bench --worker.files.allowed-roots="$WORK" \
    --server.port=0 --spring.main.banner-mode=off > "$WORK/$1.log" 2>&1
  read -r seconds kib < "$WORK/time.txt"
  printf '%-28s %10s bytes  wall %6ss  peak RSS %5d MiB  %s\n' "$1" "$(stat -c %s "$dir/$3")" "$seconds" "$((kib / 1024))" \
    "$(grep -o 'BENCH.*' "$WORK/$1.log" | cut -c7-)"
}

GEO='property.west=west&property.north=north&property.width=attribute:ImageWidth'
run geospatial-1MiB small S2X_MSI_small.tif geospatial "$GEO"
run geospatial-1GiB large S2X_MSI_large.tif geospatial "$GEO"
run file-facts-1GiB large S2X_MSI_large.tif file-facts 'property.size=size&property.md5=checksum'

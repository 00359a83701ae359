#!/usr/bin/env bash
# The camel-worker steps in Kaoto, from a fresh clone: installs the npm packages, generates the catalog from the component
# JSON, builds the page and runs the browser test, which writes docs/kaoto-storage-worker.png. See docs/kaoto.md.
# Needs Node 20.19+ with npm, and Debian's chromium (apt-get install -y chromium; or CHROMIUM=/path/to/chromium).
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "check.sh: no Chromium at ${CHROMIUM:-/usr/bin/chromium}; expected Debian's (apt-get install -y chromium) or CHROMIUM=path" >&2
  exit 1
fi
# The component JSON is committed (each module's src/generated), so Maven is not needed here; the build rewrites it when a component changes.
npm ci --no-audit --no-fund
npm run generate
npm run build
npm test

#!/usr/bin/env bash
# Copies the shipped routes (routes/<worker>.camel.yaml) into the overlays that run them
# (deploy/kubernetes/overlays/<worker>/routes/), where kustomize can read them for the routes ConfigMap: kustomize reads
# no file outside an overlay's directory. Run it after a shipped route changes; DeploymentManifestsIT fails until then.
# Overlays whose route you edited on purpose: keep your copy and skip them (or drop the test's comparison).
set -euo pipefail
cd "$(dirname "$0")/../.."
for overlay in deploy/kubernetes/overlays/*/; do
  name=$(basename "$overlay")
  if [ -f "routes/$name.camel.yaml" ]; then
    cp "routes/$name.camel.yaml" "$overlay/routes/$name.camel.yaml"
    echo "copied routes/$name.camel.yaml to ${overlay}routes/"
  fi
done

#!/usr/bin/env bash
# Makes a Java base image without Docker Hub, from Debian's own packages (debootstrap), for docker/check-image.sh and
# docker/swarm-rollout.sh; the Docker engine is the one DOCKER_HOST names. Needs root (debootstrap).
#
#   docker/make-local-base.sh local/debian-jre17:bookworm   # Debian bookworm with Debian's openjdk-17-jre-headless
#   docker/make-local-base.sh local/debian-jdk25:bookworm   # Debian bookworm with this machine's JDK 25 (JDK25_HOME,
#                                                           # default /usr/lib/jvm/temurin-25-jdk-amd64) in /opt/java
#
# Environment: DEBIAN_MIRROR (default: the mirror this machine's apt uses), WORK (default /tmp/camel-worker-base: the
# root file system while it is made, and the log).
set -euo pipefail
image=${1:?usage: make-local-base.sh local/debian-jre17:bookworm|local/debian-jdk25:bookworm}
work=${WORK:-/tmp/camel-worker-base}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
say() { printf '[make-local-base] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
# The Debian mirror this machine's apt already uses (its first "URIs:" or "deb" line), unless DEBIAN_MIRROR says otherwise.
apt_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ print $2; exit }'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ print $2; exit }' || true; } | head -n 1
}
case $image in
  local/debian-jre17:bookworm) packages=openjdk-17-jre-headless,ca-certificates ;;
  local/debian-jdk25:bookworm) packages=ca-certificates
    [ -x "$jdk25/bin/java" ] || fail "no JDK 25 at $jdk25: set JDK25_HOME" ;;
  *) fail "unknown base $image (local/debian-jre17:bookworm or local/debian-jdk25:bookworm)" ;;
esac
mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
[ -n "$mirror" ] || fail "no Debian mirror in /etc/apt/sources.list*: set DEBIAN_MIRROR"
mkdir -p "$work"
say "making $image with debootstrap from $mirror (log: $work/debootstrap.log)"
rm -rf "$work/rootfs"
debootstrap --variant=minbase --include="$packages" bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || fail "debootstrap (see $work/debootstrap.log)"
if [ "$image" = local/debian-jdk25:bookworm ]; then
  # The whole JDK (its jmods are not always shipped, so no jlink); java on the PATH through a link, as Debian's own JRE.
  cp -a "$jdk25" "$work/rootfs/opt/java"
  ln -s /opt/java/bin/java "$work/rootfs/usr/bin/java"
fi
tar -C "$work/rootfs" -c . | docker import - "$image" >/dev/null
rm -rf "$work/rootfs"
say "made $image"

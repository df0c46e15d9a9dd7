#!/usr/bin/env bash
# Builds a Java 17 base image from Debian's own packages, for machines whose Docker engine cannot
# pull from a registry: debootstrap a minimal Debian bookworm with openjdk-17-jre-headless, then
# `docker import` it. Needs root (debootstrap) and reaches only Debian's package mirror: the one
# this machine's own apt uses (its first non-security source in /etc/apt/sources.list or
# /etc/apt/sources.list.d/*.sources), or BLN_DEBIAN_MIRROR.
#
#   docker/build-base.sh [IMAGE]        IMAGE defaults to bln-base:bookworm-jre17
#   docker/build-base.sh --mirror       prints the mirror it would use, and exits
#
# Then build the jobs image on it: BLN_BASE_IMAGE=bln-base:bookworm-jre17 (docs/cluster.md).
# An image of that name that already exists is kept; remove it to build it again.
set -euo pipefail
apt_dir="${BLN_APT_DIR:-/etc/apt}" # where apt's sources are; another root only for tests

# The URI of the first source of binary packages that is not a security archive, from one-line
# (sources.list, *.list) and deb822 (*.sources) files alike.
apt_mirror() {
  local f
  for f in "$apt_dir/sources.list" "$apt_dir"/sources.list.d/*.list "$apt_dir"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in
      *.list) awk '$1 == "deb" {
          i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
          if ($(i + 1) !~ /security/) { print $i; found = 1; exit }
        } END { exit !found }' "$f" && return 0 ;;
      *.sources) awk 'function pick() { if (deb && uri != "" && suites !~ /security/) { print uri; found = 1; exit } }
          /^[ \t]*#/ { next }
          /^[ \t]*$/ { pick(); deb = 0; uri = ""; suites = ""; next }
          $1 == "Types:" && $0 ~ /[ \t]deb([ \t]|$)/ { deb = 1 }
          $1 == "URIs:" { uri = $2 }
          $1 == "Suites:" { suites = $0 }
          END { if (!found) pick(); exit !found }' "$f" && return 0 ;;
    esac
  done
  return 1
}
if [ -n "${BLN_DEBIAN_MIRROR:-}" ]; then
  mirror="$BLN_DEBIAN_MIRROR"
else
  mirror="$(apt_mirror)" || { echo "build-base: no Debian source in $apt_dir/sources.list or $apt_dir/sources.list.d/; set BLN_DEBIAN_MIRROR to a Debian mirror" >&2; exit 2; }
fi
if [ "${1:-}" = --mirror ]; then
  echo "$mirror"
  exit 0
fi
image="${1:-bln-base:bookworm-jre17}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "build-base: $image exists"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "build-base: debootstrap needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-base: install debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }

rootfs="$(mktemp -d "${TMPDIR:-/tmp}/bln-base.XXXXXX")"
trap 'rm -rf "$rootfs"' EXIT
echo "build-base: debootstrap bookworm with openjdk-17-jre-headless from $mirror into $rootfs (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,procps bookworm "$rootfs" "$mirror" \
  >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; echo "build-base: debootstrap failed; log: $rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"
# No package lists or caches in the image.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# The tar's top entry becomes the image's /: mktemp -d made it 0700, which would leave every
# user but root unable to reach any file (the cluster's entrypoint failed with exit 126).
chmod 0755 "$rootfs"
tar -C "$rootfs" -c . | docker import --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "build-base: $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

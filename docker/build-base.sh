#!/usr/bin/env bash
# Builds a Java 17 base image from Debian's own packages, for machines whose Docker engine cannot
# pull from a registry: debootstrap a minimal Debian bookworm with openjdk-17-jre-headless, then
# `docker import` it. Needs root (debootstrap) and reaches only Debian's package mirror.
#
#   docker/build-base.sh [IMAGE]        IMAGE defaults to bln-base:bookworm-jre17
#
# Then build the jobs image on it: BLN_BASE_IMAGE=bln-base:bookworm-jre17 (docs/cluster.md).
# An image of that name that already exists is kept; remove it to build it again.
set -euo pipefail
image="${1:-bln-base:bookworm-jre17}"
mirror="${BLN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "build-base: $image exists"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "build-base: debootstrap needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-base: install debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }

rootfs="$(mktemp -d "${TMPDIR:-/tmp}/bln-base.XXXXXX")"
trap 'rm -rf "$rootfs"' EXIT
echo "build-base: debootstrap bookworm with openjdk-17-jre-headless into $rootfs (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,procps bookworm "$rootfs" "$mirror" \
  >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; echo "build-base: debootstrap failed; log: $rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"
# No package lists or caches in the image.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "build-base: $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

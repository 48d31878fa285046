#!/usr/bin/env bash
# Builds the real Debian image of the image tests, once (OUT/done marks a finished build):
#   OUT/layout          an OCI image layout (umoci): tag "bookworm" (one layer: the mmdebstrap minbase rootfs) and
#                       tag "bookworm-purged" (a second layer in which one package was purged with dpkg)
#   OUT/bookworm.tar    the "bookworm" image as a docker-archive (skopeo)
#   OUT/dpkg-query.txt, OUT/dpkg-query-purged.txt
#                       `dpkg-query -W --admindir=ROOTFS/var/lib/dpkg` of each rootfs: what an SBOM must list
# mmdebstrap with no mirror uses this machine's apt sources. Needs root (or sudo) for mmdebstrap, chroot and umoci.
# Environment: INCLUDE (comma-separated extra packages, for a bigger image), KEEP_ROOTFS=1 (keep OUT/rootfs unpacked),
# PURGE_PACKAGE (gpgv).
set -euo pipefail
out="${1:?usage: build-debian-image.sh OUTDIR}"
purge="${PURGE_PACKAGE:-gpgv}"
[ -f "$out/done" ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
include=()
[ -n "${INCLUDE:-}" ] && include=(--include="$INCLUDE")
$sudo mmdebstrap --quiet --variant=minbase --mode=root --format=directory "${include[@]}" bookworm rootfs >mmdebstrap.log 2>&1 \
  || { cat mmdebstrap.log >&2; exit 1; }
dpkg-query -W -f='${Package}\t${Version}\t${Architecture}\n' --admindir=rootfs/var/lib/dpkg | sort >dpkg-query.txt
$sudo tar -C rootfs --numeric-owner -cf layer.tar .
umoci init --layout layout
umoci new --image layout:bookworm
$sudo umoci raw add-layer --image layout:bookworm layer.tar
rm -f layer.tar
# The second image: unpack, purge a package in the rootfs, repack (umoci writes whiteouts for what was removed).
$sudo umoci unpack --image layout:bookworm bundle >/dev/null
$sudo chroot bundle/rootfs dpkg --purge --force-depends "$purge" >purge.log 2>&1 || { cat purge.log >&2; exit 1; }
dpkg-query -W -f='${Package}\t${Version}\t${Architecture}\n' --admindir=bundle/rootfs/var/lib/dpkg | sort >dpkg-query-purged.txt
$sudo umoci repack --image layout:bookworm-purged bundle >/dev/null
$sudo rm -rf bundle
[ "${KEEP_ROOTFS:-0}" = 1 ] || $sudo rm -rf rootfs
skopeo --insecure-policy copy --quiet oci:layout:bookworm docker-archive:bookworm.tar:debian:bookworm >/dev/null
echo "$purge" >purged-package.txt
touch done

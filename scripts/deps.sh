#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages kbench's build and tests need, only those
# missing. As root it runs apt-get; otherwise it prints the command to run.
set -eu

PKGS="
	build-essential pkg-config
	libnl-3-dev libnl-genl-3-dev libjansson-dev libcmocka-dev
	libelf-dev libdw-dev zlib1g-dev
	linux-image-amd64 linux-headers-amd64 linux-source
	qemu-system-x86 busybox-static cpio kmod e2fsprogs
	jq gnuplot-nox linux-perf
	chromium libxml2-dev libxml2-utils file python3 time groff-base
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -n "$missing" ] || { echo "kbench: deps: all installed"; exit 0; }

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "kbench: deps: missing:$missing" >&2
	echo "kbench: deps: run as root: apt-get update && $cmd" >&2
	exit 2
fi
echo "kbench: deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

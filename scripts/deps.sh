#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages kbench's build and tests need, only those
# missing. As root it runs apt-get; otherwise it prints the commands to run.
#
#   --qemu-backports  also take QEMU from the release's backports suite
#                     (QEMU 10 on Debian 12), adding the suite if it is
#                     not configured: it can run deterministic mode with
#                     more than one vCPU. Opt-in, see docs/vm.md.
#   --flavours        also the -cloud- kernel flavour's image and headers
#                     (the -rt- flavour is always installed: the tests
#                     compare it with the generic one), see docs/kernels.md.
set -eu

PKGS="
	build-essential pkg-config
	libnl-3-dev libnl-genl-3-dev libjansson-dev libcmocka-dev
	libelf-dev libdw-dev zlib1g-dev
	linux-image-amd64 linux-headers-amd64 linux-source
	linux-image-rt-amd64 linux-headers-rt-amd64
	flex bison bc libssl-dev
	qemu-system-x86 busybox-static cpio kmod e2fsprogs
	jq gnuplot-nox linux-perf
	chromium libxml2-dev libxml2-utils file python3 time groff-base
	lava-dispatcher lava-common lavacli
"

backports=0
for a in "$@"; do
	case $a in
	--qemu-backports) backports=1 ;;
	--flavours) PKGS="$PKGS linux-image-cloud-amd64 linux-headers-cloud-amd64" ;;
	-h | --help)
		sed -n '3,12s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "kbench: deps: unknown option '$a' (--qemu-backports, --flavours)" >&2
		exit 2
		;;
	esac
done

# run CMD...: as root, run it; otherwise say what to run, and remember
# that something is left to do.
pending=0
run() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		echo "kbench: deps: run as root: $*" >&2
		pending=1
	fi
}

export DEBIAN_FRONTEND=noninteractive
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "kbench: deps: missing:$missing"
	run apt-get update -q
	# shellcheck disable=SC2086
	run apt-get install -y -q --no-install-recommends $missing
else
	echo "kbench: deps: all installed"
fi

if [ "$backports" = 1 ]; then
	# shellcheck disable=SC1091
	. /etc/os-release
	if [ "${ID:-}" != debian ] || [ -z "${VERSION_CODENAME:-}" ]; then
		echo "kbench: deps: --qemu-backports: Debian only (this is ${ID:-unknown})" >&2
		exit 2
	fi
	suite=$VERSION_CODENAME-backports
	if dpkg-query -W -f='${Version}\n' qemu-system-x86 2>/dev/null | grep -q '~bpo'; then
		echo "kbench: deps: QEMU from $suite: installed"
	else
		if ! grep -rqs -- "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
			line="deb http://deb.debian.org/debian $suite main"
			run sh -c "echo '$line' >/etc/apt/sources.list.d/kbench-backports.list"
		fi
		run apt-get update -q
		run apt-get install -y -q --no-install-recommends -t "$suite" qemu-system-x86
	fi
fi
[ "$pending" = 0 ] || exit 2

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Holds the CLI to its layers (docs/architecture.md). Each directory of
# userspace/ is a layer and may include only the layers it stands on:
#
#   cmd       everything below
#   render    analysis model util
#   bench     workloads capture client model util
#   analysis  model util
#   capture   client model util
#   client    model util
#   model     util
#   workloads util
#   util      nothing
#
# and these stay where they belong: libnl in client/, jansson (the file
# formats) out of util/, client/, capture/, analysis/ and workloads/, error
# messages and exit statuses (kb_err) in cmd/, no source file outside a
# layer, and no function longer than MAX_FUNC lines.
# Prints one line per violation; exits 1 when there is any.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
MAX_FUNC=${MAX_FUNC:-80}

declare -A below=(
	[cmd]="render bench analysis capture client model util workloads"
	[render]="analysis model util"
	[bench]="workloads capture client model util"
	[analysis]="model util"
	[capture]="client model util"
	[client]="model util"
	[model]="util"
	[workloads]="util"
	[util]=""
)
bad=0
say() { echo "layers: $*"; bad=1; }

layer_of() {
	case $1 in
	userspace/*/*) d=${1#userspace/}; echo "${d%%/*}" ;;
	workloads/*) echo workloads ;;
	*) echo "" ;;
	esac
}

files=$(git ls-files -co --exclude-standard userspace workloads | grep -E '\.[ch]$' |
	grep -v '^userspace/util/syscall_names\.c$')
for f in $files; do
	layer=$(layer_of "$f")
	if [ -z "$layer" ] || [ -z "${below[$layer]+x}" ]; then
		say "$f: not in a layer directory (${!below[*]})"
		continue
	fi
	while IFS=: read -r n inc; do
		inc=${inc#*\"}
		inc=${inc%\"*}
		case $inc in
		*/*)
			to=${inc%%/*}
			[ -e "userspace/$inc" ] || [ -e "$inc" ] ||
				say "$f:$n: includes \"$inc\", which does not exist"
			[[ " ${below[$layer]} " == *" $to "* ]] ||
				say "$f:$n: $layer/ includes \"$inc\": $to/ is not below $layer/"
			;;
		*)
			[ -e "$(dirname "$f")/$inc" ] ||
				say "$f:$n: includes \"$inc\" without its layer (write \"LAYER/$inc\")"
			;;
		esac
	done < <(grep -n '^#include "' "$f")
	case $layer in
	client) ;;
	*) grep -n '^#include <\(netlink/\|linux/genetlink\.h\|linux/netlink\.h\)' "$f" |
		while IFS= read -r l; do echo "layers: $f:${l%%:*}: netlink outside client/"; done |
		grep . && bad=1 ;;
	esac
	case $layer in
	util | client | capture | analysis | workloads)
		grep -n '^#include <jansson.h>' "$f" | while IFS= read -r l; do
			echo "layers: $f:${l%%:*}: jansson in $layer/ (JSON belongs to model/ and render/)"
		done | grep . && bad=1 ;;
	esac
	case $f in
	userspace/cmd/* | userspace/util/util.[ch]) ;;
	*) grep -n '\bkb_err(' "$f" | while IFS= read -r l; do
		echo "layers: $f:${l%%:*}: kb_err() outside cmd/ (return -errno and a reason)"
	   done | grep . && bad=1 ;;
	esac
done

# Kernel style: a function body opens with "{" and closes with "}" alone
# at the start of a line.
long=$(awk -v max="$MAX_FUNC" '
	FNR == 1 { inside = 0; prev = "" }
	/^\{$/ { inside = 1; start = FNR; name = prev; next }
	/^\}/ && inside { inside = 0; if (FNR - start + 1 > max)
		printf "layers: %s:%d: %s: %d lines (at most %d)\n", FILENAME, start, name,
			FNR - start + 1, max; next }
	!inside && $0 != "" { prev = $0 }' $(echo "$files" | grep '\.c$'))
[ -z "$long" ] || { echo "$long"; bad=1; }

[ "$bad" = 0 ] && echo "layers: ok ($(echo "$files" | wc -l) files)"
exit "$bad"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Keeps the man page and the bash completion in sync with the CLI: every
# command of `kbench --help` and every option of `kbench CMD --help` must
# appear in both, nothing else may, the completion must offer each option,
# and the man page must format without warnings.
# Usage: tests/docs/sync.sh [KBENCH]
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kbench=${1:-$top/userspace/kbench}
man=$top/docs/man/kbench.1
comp=$top/scripts/completion/kbench.bash
fails=0

fail() { echo "FAIL docs: $*"; fails=$((fails + 1)); }

# Options a help text or a man page section names, one per line, sorted.
help_opts() {
	"$kbench" "$1" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u
}
man_section() {	# the roff of "kbench CMD", hyphens unescaped
	sed 's/\\-/-/g' "$man" | awk -v c="$1" '
		/^\.S[HS] / { on = index($0, "\"kbench " c " ") || index($0, "\"kbench " c "\"") }
		on'
}
man_opts() {	# options that a .TP item of the section introduces
	man_section "$1" | awk '/^\.TP/ { getline; print }' |
		grep -oE -- '(^| )--?[A-Za-z][a-z-]*' | tr -d ' ' | sort -u
}
comp_opts() {
	bash -c '. "$1"; _kbench_opts "$2"' _ "$comp" "$1" | tr -s ' \t\n' '\n' |
		grep . | sort -u
}
# What the completion offers for "kbench CMD WORD<TAB>".
complete_word() {
	bash -c '. "$1"; COMP_WORDS=(kbench "$2" "$3"); COMP_CWORD=2; _kbench
		printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$1" "$2"
}

cmds=$("$kbench" --help | awk '/^Commands:/ { on = 1; next } on && NF { print $1 } on && !NF { exit }')
[ -n "$cmds" ] || fail "no commands in kbench --help"
comp_cmds=$(bash -c '. "$1"; COMP_WORDS=(kbench ""); COMP_CWORD=1; _kbench
	printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" | grep -v -e '^-' -e '^help$' | sort)
[ "$comp_cmds" = "$(sort <<<"$cmds")" ] ||
	fail "completion commands '$(echo $comp_cmds)' differ from kbench --help '$(echo $cmds)'"
man_cmds=$(grep -oE '^\.SS "kbench [a-z]+' "$man" | awk '{ print $3 }' | sort)
[ "$man_cmds" = "$(sort <<<"$cmds")" ] ||
	fail "man page commands '$(echo $man_cmds)' differ from kbench --help '$(echo $cmds)'"

for c in $cmds; do
	want=$(help_opts "$c")
	[ -n "$want" ] || { fail "$c: no options in its --help"; continue; }
	# -h/--help may go unlisted in a help text and in the man page.
	extra='^(-h|--help)$'
	have=$(man_opts "$c")
	missing=$(comm -23 <(echo "$want") <(echo "$have") | grep -vE "$extra")
	unknown=$(comm -13 <(echo "$want") <(echo "$have") | grep -vE "$extra")
	[ -z "$missing" ] || fail "$c: man page lacks $(echo $missing)"
	[ -z "$unknown" ] || fail "$c: man page has $(echo $unknown), which --help does not"
	have=$(comp_opts "$c")
	missing=$(comm -23 <(echo "$want") <(echo "$have"))
	unknown=$(comm -13 <(echo "$want") <(echo "$have") | grep -vE "$extra")
	[ -z "$missing" ] || fail "$c: completion lacks $(echo $missing)"
	[ -z "$unknown" ] || fail "$c: completion has $(echo $unknown), which --help does not"
	for o in $(grep -- '^--' <<<"$want"); do
		complete_word "$c" "$o" | grep -qx -- "$o" ||
			fail "$c: completing '$o' does not offer it"
	done
done

warn=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
[ -z "$warn" ] || fail "groff warns about the man page: $warn"

[ $fails = 0 ] && echo "docs: man page and completion match $(wc -w <<<"$cmds") commands"
[ $fails = 0 ]

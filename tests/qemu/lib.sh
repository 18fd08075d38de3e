# SPDX-License-Identifier: GPL-2.0
# Helpers for QEMU test cases; sourced by tests/qemu/run before each case.
# A case is a bash script that boots with "$VM" run ... and checks what came
# back; it fails by calling fail (or exiting non-zero).

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status WANT CMD...: run CMD, fail unless it exits WANT.
expect_status() {
	local want=$1 got=0
	shift
	"$@" || got=$?
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}

# expect_grep PATTERN FILE: fail unless FILE has a line matching PATTERN.
expect_grep() {
	grep -Eq -- "$1" "$2" || fail "$2 has no line matching '$1'"
}

# vm OUTDIR [OPTIONS] -- GUEST_CMD: a quiet run with a test-sized timeout,
# on KBENCH_TEST_KERNEL (with KBENCH_TEST_KDIR) when set (make check-debug).
vm() {
	local out=$1 k=()
	shift
	[ -z "${KBENCH_TEST_KERNEL:-}" ] ||
		k=(--kernel "$KBENCH_TEST_KERNEL" --kdir "${KBENCH_TEST_KDIR:?}")
	"$VM" run -q -o "$out" --timeout "${KBENCH_TEST_TIMEOUT:-300}" "${k[@]}" "$@"
}

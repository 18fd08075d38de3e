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
#
# KBENCH_TEST_DEBUG=1 (make check-debug): the console gets only errors and
# worse during the run (loglevel=4); the guest saves the whole kernel log in
# OUTDIR/dmesg.txt at the end, which is judged like the console (exit
# 123 on a report) and appended to OUTDIR/console.log. On the debug kernel
# a warning printed from a hard interrupt ("hrtimer: interrupt took ...",
# under TCG at boot) makes the 8250 console take its spinlock_t there:
# lockdep's raw-lock nesting check reports that, then switches itself off
# for the rest of the boot (docs/testing.md, "The debug kernel"). And
# no5lvl: with QEMU's LA57 an interrupt that lands while the boot CPU is
# identified again made KASAN report a wild access in handle_edge_irq.
vm() {
	local out=$1 k=() opts=() rc=0
	shift
	[ -z "${KBENCH_TEST_KERNEL:-}" ] ||
		k=(--kernel "$KBENCH_TEST_KERNEL" --kdir "${KBENCH_TEST_KDIR:?}")
	if [ -z "${KBENCH_TEST_DEBUG:-}" ]; then
		"$VM" run -q -o "$out" --timeout "${KBENCH_TEST_TIMEOUT:-300}" "${k[@]}" "$@"
		return
	fi
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$VM" run -q -o "$out" --timeout "${KBENCH_TEST_TIMEOUT:-300}" "${k[@]}" \
		--append "loglevel=4 log_buf_len=8M no5lvl" "${opts[@]}" -- \
		sh -c '"$@"; r=$?; dmesg > /out/dmesg.txt; exit $r' guest "$@" || rc=$?
	# The guest's /out lands in OUTDIR itself.
	if [ ! -f "$out/dmesg.txt" ]; then
		echo "FAIL: the guest left no kernel log ($out/dmesg.txt) to judge" >&2
		return $((rc ? rc : 125))
	fi
	{
		echo "---- the kernel log at the end of the guest command (dmesg) ----"
		cat "$out/dmesg.txt"
	} >>"$out/console.log"
	"$VM" check-log "$out/dmesg.txt" >&2 || rc=123
	return "$rc"
}

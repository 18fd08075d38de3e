# SPDX-License-Identifier: GPL-2.0
# Shared by cases/safety.sh and cases/safety-rt.sh (not a case itself):
# boots KERNEL with 4 vCPUs, runs guest/safety.sh and judges what it left.
# KBENCH_TEST_KERNEL / KBENCH_TEST_KDIR name another kernel (make
# check-debug); KBFUZZ_N the fuzzer's messages per run.

# safety_kernel PATTERN: the newest installed kernel whose line in
# `kbench-vm kernels` matches PATTERN (an ERE), as "IMAGE KDIR".
safety_kernel() {
	local all line
	all=$("$VM" kernels)
	while read -r line; do
		[[ $line =~ $1 ]] && { echo "$line" | cut -d' ' -f1,3; return 0; }
	done <<<"$all"
	return 1
}

# safety_run IMAGE KDIR: the boot, then the verdicts.
safety_run() {
	local image=$1 kdir=$2 top o f
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
	mkdir -p "$OUT"
	make -s -C "$top/tests/fuzz" O="$OUT" >/dev/null || fail "cannot build the test programs"
	KBENCH_TEST_KERNEL=$image KBENCH_TEST_KDIR=$kdir \
		KBENCH_TEST_TIMEOUT=${KBENCH_TEST_TIMEOUT:-900} vm "$OUT" --cpus 4 \
		--add "$OUT/kbcheck:/root/kbcheck" --add "$OUT/kbfuzz:/root/kbfuzz" \
		-- env KBFUZZ_N="${KBFUZZ_N:-5000}" sh /usr/share/kbench/tests/safety.sh ||
		{ grep -h '^FAIL' "$OUT"/*.out 2>/dev/null | head -20 >&2; fail "guest script failed"; }
	o=$OUT
	jq -e '[.syscalls[] | select(.name == "getppid")][0].count == 1000' "$o/exec.json" >/dev/null ||
		fail "exec from a non-leader thread: getppid counted $(jq -c '[.syscalls[] | select(.name == "getppid")]' "$o/exec.json")"
	for f in extack privilege drain rings badfp nomem storm parallel hotplug; do
		[ "$(cat "$o/$f.status")" = 0 ] || fail "$f: $(grep -h FAIL "$o/$f.out" | head -5)"
		grep -q '^ok ' "$o/$f.out" || fail "$f: no check ran"
		! grep -q '^FAIL' "$o/$f.out" || fail "$f: $(grep FAIL "$o/$f.out" | head -5)"
	done
	# Every refused dump says why.
	expect_grep '^ok extack: GET_COUNTERS as nobody: -1 "needs CAP_PERFMON or CAP_SYS_ADMIN"$' "$o/extack.out"
	expect_grep '^ok extack: READ_SAMPLES of a session that does not sample: -95 "the session does not sample"$' "$o/extack.out"
	expect_grep '^ok drain: round 4: one last drain brings every recorded sample: .*dropped [1-9]' "$o/drain.out"
	for f in fuzz_root fuzz_nobody fuzz_root_session fuzz_nobody_session; do
		[ "$(cat "$o/$f.status")" = 0 ] || fail "$f: $(cat "$o/$f.err")"
		expect_grep '^kbfuzz: sent [0-9]+ in' "$o/$f.out"
	done
	expect_grep '^state: +idle$' "$o/status_after.txt"
	[ "$(cat "$o/normal.status")" = 0 ] || fail "a normal session after the fuzzing failed: $(cat "$o/normal.err")"
	[ "$(cat "$o/record.status")" = 0 ] || fail "a recording after the fuzzing failed: $(cat "$o/record.err")"
	[ ! -s "$o/vmalloc_after.txt" ] || fail "vmalloc areas left after rmmod: $(cat "$o/vmalloc_after.txt")"
	if [ -f "$o/kmemleak.txt" ] && grep -q kbench "$o/kmemleak.txt"; then
		fail "kmemleak: $(head -40 "$o/kmemleak.txt")"
	fi
	# The debug kernel's own checks: each allocation of START failed in
	# turn, and lockdep ran to the end with the module's locks known.
	if [ -n "${KBENCH_TEST_DEBUG:-}" ]; then
		[ "$(cat "$o/failnth.status" 2>/dev/null)" = 0 ] ||
			fail "failnth: $(grep -h FAIL "$o/failnth.out" 2>/dev/null | head -5)"
		expect_grep '^ok failnth: every one of START' "$o/failnth.out"
		expect_grep '^ok failnth: a normal START afterwards' "$o/failnth.out"
		expect_grep 'debug_locks: +1$' "$o/lockdep.txt"
		expect_grep 'kbench_session_lock' "$o/lockdep.txt"
		grep -h '^ok\|^note' "$o/failnth.out"
		cat "$o/lockdep.txt"
	fi
	grep -h '^ok\|^note' "$o"/{extack,privilege,drain,badfp,nomem,storm,parallel,hotplug}.out
	grep -h '^kbfuzz: sent' "$o"/fuzz_*.out
}

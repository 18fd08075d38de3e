# kbench run syscall -r 2 -t 1: every benchmark, two positive values in
# ns/op, latency percentiles in order, its profiled repetitions apart.
. "$(dirname "$VM")/../tests/qemu/run-checks.sh"
vm "$OUT" -- sh /usr/share/kbench/tests/run-suite.sh syscall || fail "guest script failed"
o=$OUT
expect_grep '^0$' "$o/syscall.status"
check_results "$o/syscall/results.json" syscall 7 '"ns/op"'
check_profiles "$o/syscall/results.json"
# Syscalls per op come from the per-repetition counters: one getppid, and
# a clock read (a real syscall on the HPET) only once per batch.
jq -e '.benchmarks[] | select(.name == "syscall/null") | .counters_per_op.syscalls |
	. >= 1 and . <= 1.01' "$o/syscall/results.json" >/dev/null ||
	fail "syscall/null: not 1 to 1.01 syscalls per op"
jq -e '.environment | .timing == "batches/1" and .clocksource != "" and
	.clock_read_ns > 0 and (.accelerator | test("^(kvm|tcg)$"))' \
	"$o/syscall/results.json" >/dev/null || fail "environment not recorded"
jq -e '[.benchmarks[] | .batch_ops >= 1] | all' "$o/syscall/results.json" >/dev/null ||
	fail "batch sizes not recorded"
jq -e '[.benchmarks[] | .latency_ns | .p50 > 0 and .p50 <= .p90 and .p90 <= .p99
	and .p99 <= ."p99.9" and ."p99.9" <= .max and .count > 0] | all' \
	"$o/syscall/results.json" >/dev/null || fail "latency percentiles out of order"
jq -e '[.benchmarks[] | select(.name == "syscall/mmap") |
	.counters_per_op.page_faults >= 16] | all' "$o/syscall/results.json" >/dev/null ||
	fail "syscall/mmap does not show 16 page faults per op"
jq -e '.profile.enabled == true' "$o/syscall/results.json" >/dev/null ||
	fail "profiles not recorded as on"
jq -e '.noise.hypervisor.detected == true and (.noise.hypervisor.accel | test("^(kvm|tcg)$"))' \
	"$o/syscall/results.json" >/dev/null || fail "hypervisor and accelerator not recorded"
expect_grep '^syscall/null +[0-9.]+ (ns|µs|ms)/op ±[0-9.]+% \(2 reps\)  p50 [0-9.]+ (ns|µs|ms) ' "$o/syscall.out"
expect_grep '^results: syscall/results.json$' "$o/syscall.out"
if grep -q 'profiles off' "$o/syscall.err"; then
	fail "profiles off with the module loaded: $(cat "$o/syscall.err")"
fi

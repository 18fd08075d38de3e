# kbench run cpu -r 2 -t 1 --per-cpu: every benchmark, two positive values.
. "$(dirname "$VM")/../tests/qemu/run-checks.sh"
vm "$OUT" -- sh /usr/share/kbench/tests/run-suite.sh cpu --per-cpu || fail "guest script failed"
o=$OUT
expect_grep '^0$' "$o/cpu.status"
check_results "$o/cpu/results.json" cpu 4 '"ops/s", "MB/s"'
check_profiles "$o/cpu/results.json"
jq -e '.parameters.per_cpu == true and .parameters.threads == .host.cpu_count and
	([.benchmarks[] | .latency_ns == null] | all)' \
	"$o/cpu/results.json" >/dev/null || fail "per-CPU threads or latency wrong"
jq -e '[.benchmarks[] | .events | to_entries[] |
	(.value.supported == true and (.value.total | type == "number")) or
	(.value.supported == false and (.value.reason | test("not supported")))] | all' \
	"$o/cpu/results.json" >/dev/null || fail "event counts neither counted nor 'not supported'"

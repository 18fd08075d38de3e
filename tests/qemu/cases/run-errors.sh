# kbench run without the module, with --require-module and with bad input:
# exit 2 and a message that names the problem.
vm "$OUT" --no-module -- sh /usr/share/kbench/tests/run-errors.sh || fail "guest script failed"
o=$OUT
expect_grep '^kbench: run: --require-module: profiles unavailable: the kbench kernel module is not loaded' "$o/require.err"
[ ! -e "$o/req/results.json" ] || fail "--require-module wrote results"
expect_grep "^kbench: run: unknown suite 'bogus' \(io, cpu, syscall or all\)$" "$o/suite.err"
expect_grep "^kbench: run: unknown benchmark 'nosuch' in suite 'syscall' \(known: null, pipe, open, stat, mmap, ctxsw, fork\)$" "$o/bench.err"
expect_grep "^kbench: run: unknown benchmark 'syscall/null' in suite 'cpu'" "$o/bench_other_suite.err"
expect_grep "^kbench: run: -r: '0' is not a number of repetitions from 1 to 10000$" "$o/reps.err"
expect_grep "^kbench: run: -t: '-1' is not a duration in seconds above 0$" "$o/time.err"
expect_grep '^kbench: run: io directory /nonexistent: No such file or directory$' "$o/dir.err"
expect_grep '^kbench: run: /scratch: not enough free space: 320 GiB needed \(--size for each of 5 io benchmarks' "$o/space.err"
expect_grep '^kbench: run: --max-reps and --target-cov go together$' "$o/adaptive.err"
expect_grep '^kbench: run: no suite given' "$o/nosuite.err"
expect_grep "^kbench: run: unknown benchmark 'getppid-is-not-a-name'" "$o/badname.err"
expect_grep '^kbench: run: profiles off: the kbench kernel module is not loaded' "$o/nomod.err"
jq -e '.profile.enabled == false and (.profile.reason | test("not loaded")) and
	([.benchmarks[].profile.enabled] == [false, false]) and
	([.benchmarks[].name] == ["syscall/null", "syscall/stat"])' \
	"$o/nomod/results.json" >/dev/null || fail "no-module results do not say why profiles are off"
jq -e '(.schema | startswith("kbench-run/1")) and .benchmarks[0].name == "cpu/hash" and
	.profile.reason == "disabled with --no-profile"' "$o/json.out" >/dev/null ||
	fail "--json did not print the results"
cmp -s <(jq -S . "$o/json.out") <(jq -S . "$o/json/results.json") ||
	fail "--json output differs from results.json"

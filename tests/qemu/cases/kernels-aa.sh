# kbench-vm compare, A/A: the installed kernel twice, labelled, two
# deterministic boots each in turns (A B A B). Nothing changed, so
# nothing may be called a change: exit 0, and the report names the kernel
# twice, by its labels, with its build.
k=$("$VM" kernels | head -n 1 | cut -d' ' -f1)
[ -n "$k" ] || fail "no kernel with headers installed"
rc=0
"$VM" compare -o "$OUT" --deterministic --boots 2 --timeout "${KBENCH_TEST_TIMEOUT:-300}" \
	--kernel "$k" --label A --kernel "$k" --label B -- \
	syscall -b null -b stat -r 3 -t 0.05 --warmup 0.02 --profile-reps 1 \
	>"$OUT.txt" 2>"$OUT.err" || rc=$?
cat "$OUT.txt" "$OUT.err"
[ "$rc" = 0 ] || fail "compare exited $rc, expected 0"

# The boots ran in turns, each with the module built once per kernel.
for l in A B; do
	for b in 1 2; do
		[ -f "$OUT/$l/boot-$b/run/results.json" ] || fail "no results of $l's boot $b"
	done
	jq -e '(.boots | length) == 2 and .environment.mode == "deterministic"' \
		"$OUT/$l/results/results.json" >/dev/null || fail "$l's boots are not merged"
done
expect_grep '^kbench-vm: compare: A: boot 1 of 2 done' "$OUT.err"
[ "$(grep -o '^kbench-vm: compare: [AB]: boot [12]' "$OUT.err" | tr '\n' ' ')" = \
	"kbench-vm: compare: A: boot 1 kbench-vm: compare: B: boot 1 kbench-vm: compare: A: boot 2 kbench-vm: compare: B: boot 2 " ] ||
	fail "boots not in turns"

# The report: both labels, the kernel and its build, no change called.
j=$OUT/report/compare.json
rel=$(jq -r .base.kernel "$j")
jq -e --arg rel "$rel" '.base.label == "A" and .new.label == "B" and .new.kernel == $rel and
	(.base.kernel_build | startswith("#")) and .summary.regressions == 0 and
	.summary.improvements == 0 and .summary.not_compared == 0 and
	.environment.fields.kernel.differs == false and
	.environment.fields.preempt.base != null' "$j" >/dev/null ||
	fail "compare.json: $(jq -c '{base, new, summary}' "$j")"
expect_grep "^  base   A +$rel #" "$OUT.txt"
expect_grep "^  new    B +$rel #" "$OUT.txt"
expect_grep '^benchmark +A +B +change' "$OUT.txt"
grep -q '<li>Base <b>A</b>: ' "$OUT/report/compare.html" || fail "compare.html does not name A"
grep -q '<li>New <b>B</b>: ' "$OUT/report/compare.html" || fail "compare.html does not name B"

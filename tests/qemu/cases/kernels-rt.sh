# kbench-vm compare of the generic kernel (the base) and its -rt- flavour,
# deterministic, the syscall suite, one boot each; beside them a truncated
# copy of the generic image (refused before any boot) and the generic
# kernel with an init that does not exist (it panics at every boot: tried
# twice, then reported with its console). Exit 2 for the two that did not
# run; generic against rt is reported all the same, complete, with
# PREEMPT_RT among the configuration differences. Who wins is not checked.
line=$("$VM" kernels | grep -- '-rt-' | head -n 1)
[ -n "$line" ] || fail "no -rt- kernel with headers installed (scripts/deps.sh installs it)"
rt=${line%% *}
gen=$("$VM" kernels | grep -v -- '-rt-' | head -n 1 | cut -d' ' -f1)
[ -n "$gen" ] || fail "no generic kernel with headers installed"
mkdir -p "$OUT.img"
head -c 3000000 "$gen" >"$OUT.img/vmlinuz-truncated"
rc=0
"$VM" compare -o "$OUT" --deterministic --boots 1 --timeout "${KBENCH_TEST_TIMEOUT:-300}" \
	--kernel "$gen" --label generic --kernel "$rt" --label rt \
	--kernel "$OUT.img/vmlinuz-truncated:$(dirname "$VM")/../.cache/nonexistent" --label truncated \
	--kernel "$gen@rdinit=/nonexistent" --label panics -- \
	syscall -r 3 -t 0.05 --warmup 0.02 --profile-reps 2 >"$OUT.txt" 2>"$OUT.err" || rc=$?
cat "$OUT.txt" "$OUT.err"
[ "$rc" = 2 ] || fail "compare exited $rc, expected 2 (two kernels did not run)"

# The truncated image: refused before any boot, saying why.
expect_grep "^kbench-vm: compare: truncated: '.*/vmlinuz-truncated' is truncated: 3000000 bytes" "$OUT.err"
[ ! -e "$OUT/truncated/boot-1" ] && [ ! -e "$OUT/truncated/boot-1.failed-1" ] ||
	fail "the truncated image was booted"
# The kernel that panics: tried twice, reported with its console's tail.
for a in 1 2; do
	expect_grep 'Kernel panic' "$OUT/panics/boot-1.failed-$a/console.log"
done
expect_grep '^panics .*: boot 1 failed twice: the kernel reported a problem' "$OUT/panics/failure.txt"
expect_grep '^    .*Kernel panic - not syncing' "$OUT/panics/failure.txt"
expect_grep '^kernels that did not run' "$OUT.txt"
expect_grep '^  truncated: .* is truncated' "$OUT.txt"
expect_grep '^  panics: boot 1 failed twice' "$OUT.txt"

# generic against rt: every benchmark of the suite, named and configured.
j=$OUT/report/compare.json
jq -e '.base.label == "generic" and .new.label == "rt" and
	(.new.kernel | test("-rt-")) and (.new.kernel_build | test("PREEMPT_RT")) and
	.environment.fields.preempt.new == "rt" and .environment.fields.preempt.differs and
	(.environment.fields.preempt.base | test("dynamic")) and
	.environment.fields.hz.base > 0 and .environment.fields.nohz.base != null and
	.environment.invalid == false' "$j" >/dev/null ||
	fail "compare.json: $(jq -c '{base, new, environment: .environment.fields.preempt}' "$j")"
expect_grep '^  differs: +preemption +.*dynamic.* -> rt$' "$OUT.txt"
n=$(jq '[.benchmarks[] | select(.compared)] | length' "$j")
[ "$n" = 7 ] || fail "$n benchmarks compared, expected the suite's 7"
# Consistent artefacts: the counts, the table, the charts, the evidence.
jq -e '.summary as $s | ($s.regressions + $s.improvements + $s.unchanged + $s.inconclusive) == 7
	and $s.regressions == ([.benchmarks[] | select(.verdict == "regression")] | length)
	and ([.benchmarks[] | select(.verdict == "regression" or .verdict == "improvement")
	      | .profile != null] | all)' "$j" >/dev/null || fail "compare.json's summary and verdicts disagree"
for b in $(jq -r '.benchmarks[].name' "$j"); do
	v=$(jq -r --arg b "$b" '.benchmarks[] | select(.name == $b) | .verdict' "$j")
	expect_grep "^$b .* $v" "$OUT.txt"
	s=$(echo "$b" | tr / -)
	[ -s "$OUT/report/charts/bars-$s.dat" ] || fail "no bar chart of $b"
	if [ "$(jq -r --arg b "$b" '.benchmarks[] | select(.name == $b) | .profile.available // false' "$j")" = true ]; then
		[ -s "$OUT/report/diff-$s.svg" ] || fail "no differential flamegraph of $b"
	fi
done
[ "$(grep -vc '^#' "$OUT/report/charts/change.dat")" = 7 ] || fail "the change chart lacks benchmarks"
grep -q '<tr class="env-differs"><td>preemption</td>' "$OUT/report/compare.html" ||
	fail "compare.html does not show the preemption models"

# Stacks that answer "where" for a program built without frame pointers
# (tests/qemu/progs/nofp.c: main -> nofp_outer -> nofp_middle -> nofp_leaf):
# a frame-pointer walk from its leaf reads junk, which must end as
# [unknown] and never stay as raw addresses; the vDSO is named; the
# recording states the kernel's memory auto-init and the walks it cut.
# With --unwind dwarf, the copied user stacks give the whole chain
# (main -> nofp_outer -> nofp_middle -> nofp_leaf) in most samples, and
# stack pointers that point nowhere (progs/badsp.c) copy nothing, fault
# nothing (a kernel report would fail the boot) and unwind to [unknown].
vm "$OUT" -- sh /usr/share/kbench/tests/profiles.sh || fail "guest script failed"
o=$OUT
expect_grep '^0$' "$o/nofp.status"
r=$o/nofp/results.json
f=$o/nofp/stacks.folded
jq -e '.schema == "kbench-record/1" and .samples.recorded > 500 and
	.top[0].function == "nofp_leaf" and .top[0].percent > 50' "$r" >/dev/null ||
	fail "nofp_leaf does not lead: $(jq -c '{samples: .samples.recorded, top}' "$r")"

# At most 2 % of the samples have a user frame that is a raw address
# (0x..., FILE+0x...); kernel frames (_[k]) are not judged here.
raw_frames() {
	awk '{ n = $NF; total += n; sub(/ [0-9]+$/, ""); k = split($0, fr, ";")
		for (i = 2; i <= k; i++)
			if (fr[i] !~ /_\[k\]$/ && fr[i] ~ /(^0x[0-9a-f]+$)|(\+0x[0-9a-f]+$)/) { raw += n; break }
		} END { printf "%d %d\n", raw, total }' "$1"
}
raw_frames "$f" > "$o/raw.txt"
read -r raw total < "$o/raw.txt"
echo "nofp: $raw of $total samples with a raw-address user frame"
[ "$total" -gt 0 ] && [ $((raw * 100)) -le $((total * 2)) ] ||
	fail "$raw of $total samples carry a raw-address user frame (more than 2 %): $(grep -E '(;0x[0-9a-f]+;)|(\+0x)' "$f" | head -5)"
# Junk ends the walk as one [unknown] frame, outermost, or nowhere.
if grep -Eq ';[^;]+;\[unknown\]' "$f"; then
	fail "[unknown] below another user frame: $(grep -E ';[^;]+;\[unknown\]' "$f" | head -3)"
fi
jq -e '.samples.user_unknown >= 0' "$r" >/dev/null || fail "samples.user_unknown missing"
# The vDSO: its frames carry names, never offsets.
if grep -q '\[vdso\]+0x' "$f"; then
	fail "vDSO frames left as offsets: $(grep '\[vdso\]+0x' "$f" | head -3)"
fi
grep -q '__vdso_clock_gettime' "$f" || fail "no named vDSO frame in $f"
[ -s "$o/nofp/vdso.so" ] || fail "the recording kept no vdso.so"
# Debian's kernel zeroes what it allocates (init_on_alloc), and says so.
jq -e '.kernel.init_on_alloc == true and .kernel.facts_from == "boot log" and
	.environment.accelerator != null' "$r" >/dev/null ||
	fail "kernel facts: $(jq -c '{kernel, environment}' "$r")"

# DWARF unwinding: the whole chain, root to leaf, in most of nofp's samples.
r=$o/nofp-dwarf/results.json
f=$o/nofp-dwarf/stacks.folded
expect_grep '^0$' "$o/nofp-dwarf.status"
jq -e '.callgraph.user_unwind == "dwarf" and .callgraph.user_stack_bytes == 8192 and
	.samples.dwarf.samples > 500 and .samples.dwarf.unwound * 2 > .samples.dwarf.samples and
	.samples.dwarf.unwind_us_per_sample > 0 and .samples.dwarf.stack_bytes_per_sample > 0 and
	.samples.dwarf.copy_ns_per_sample > 0' \
	"$r" >/dev/null || fail "dwarf: $(jq -c '{callgraph, dwarf: .samples.dwarf}' "$r")"
awk '$1 ~ /^nofp;/ { n = $NF; total += n
		if ($0 ~ /;main;nofp_outer;nofp_middle;nofp_leaf( |;)/) chain += n }
	END { printf "%d %d\n", chain, total }' "$f" > "$o/chain.txt"
read -r chain total < "$o/chain.txt"
echo "nofp --unwind dwarf: $chain of $total samples with main;nofp_outer;nofp_middle;nofp_leaf; $(jq -c .samples.dwarf "$r")"
[ "$total" -gt 0 ] && [ $((chain * 2)) -gt "$total" ] ||
	fail "the whole chain in $chain of $total samples: $(sort -t' ' -k2 -rn "$f" | head -5)"
raw_frames "$f" > "$o/raw-dwarf.txt"
read -r raw total < "$o/raw-dwarf.txt"
[ $((raw * 100)) -le $((total * 2)) ] ||
	fail "dwarf: $raw of $total samples carry a raw-address user frame"
grep -q "kbench: record: --unwind: 'dwarf,12' is not fp, dwarf or dwarf,SIZE" "$o/badunwind.err" ||
	fail "--unwind dwarf,12: $(cat "$o/badunwind.err")"
grep -q 'dwarf unwinding: ' "$o/nofp-dwarf.out" "$o/nofp-dwarf.err" ||
	fail "the summary says nothing of the unwinding: $(cat "$o/nofp-dwarf.out")"

# badsp: every copy from a bad stack pointer is cut short, none crashes.
r=$o/badsp/results.json
expect_grep '^0$' "$o/badsp.status"
expect_grep '^done 7$' "$o/badsp.out"
jq -e '.samples.dwarf.samples > 100 and .samples.dwarf.stack_cut * 2 > .samples.dwarf.samples' \
	"$r" >/dev/null || fail "badsp: $(jq -c .samples.dwarf "$r")"
echo "badsp: $(jq -c .samples.dwarf "$r")"

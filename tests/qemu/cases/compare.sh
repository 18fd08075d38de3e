# kbench compare end to end: a planted regression (tests/modules/kbench_slow
# spins in a kprobe on getppid) is found in syscall/null and not in
# syscall/stat, with kbench_slow_spin as the top culprit of the profile
# difference; two sets of runs of the same kernel (A/A) show no regression.
# The guest interleaves one-repetition runs of the three sets (see
# guest/compare.sh); here kbench merge makes one results.json per set and
# the host's CLI compares them.
ko=$("$VM" build-module "$(dirname "$VM")/../tests/modules/kbench_slow")
[ -f "$ko" ] || fail "test module did not build"
cli=$(dirname "$VM")/../userspace/kbench
[ -x "$cli" ] || fail "build the CLI first (make -C userspace)"
vm "$OUT" --add "$ko:/root/kbench_slow.ko" -- sh /usr/share/kbench/tests/compare.sh ||
	fail "guest script failed"
o=$OUT
for i in 1 2 3 4 5; do
	for s in base aa new; do
		[ "$(cat "$o/$s-$i.status")" = 0 ] ||
			fail "run $s-$i exited $(cat "$o/$s-$i.status"): $(cat "$o/$s-$i.err")"
	done
	[ "$(cat "$o/insmod-$i.status")" = 0 ] || fail "kbench_slow did not load ($i)"
	[ "$(cat "$o/rmmod-$i.status")" = 0 ] || fail "kbench_slow did not unload ($i)"
done
expect_grep 'kbench_slow: __x64_sys_getppid slowed down by' "$OUT/console.log"

# merge SET: $o/SET/results.json from $o/SET-1 .. SET-5 with kbench merge:
# values concatenated with the boot of each, profile directories rebased.
merge() {
	"$cli" merge -o "$o/$1" "$o/$1"-[1-5] > "$OUT/merge-$1.txt" 2>&1 ||
		fail "cannot merge $1: $(cat "$OUT/merge-$1.txt")"
	jq -e '[.benchmarks[] | (.values | length) == 5 and (.value_boots | length) == 5
		and (.profile.dirs | length) >= 1 and (.profile.dirs[0] | startswith("../"))]
		| all' "$o/$1/results.json" > /dev/null ||
		fail "$1: merged results.json lacks values, boots or profile directories"
}
merge base
merge aa
merge new
# Planted regression: exit 1, syscall/null a regression, stat not.
expect_status 1 "$cli" compare "$o/base" "$o/new" --json -o "$OUT/cmp-new" > "$OUT/cmp-new.json"
"$cli" compare "$o/base" "$o/new" > "$OUT/cmp-new.txt" || true
cat "$OUT/cmp-new.txt"
j=$OUT/cmp-new.json
cmp -s "$j" "$OUT/cmp-new/compare.json" || fail "--json and -o DIR/compare.json differ"
v() { jq -r --arg n "$2" '.benchmarks[] | select(.name == $n) | .verdict' "$1"; }
[ "$(v "$j" syscall/null)" = regression ] || fail "syscall/null: $(v "$j" syscall/null), expected regression"
[ "$(v "$j" syscall/stat)" != regression ] || fail "syscall/stat flagged as a regression"
jq -e '.summary.regressions == 1 and .summary.not_compared == 0' "$j" >/dev/null ||
	fail "not exactly one regression"
# Every verdict says what it rests on: the environment, the test, the model.
jq -e '(.environment.fields | has("mode")) and .parameters.threshold_source == "mode" and
	([.benchmarks[] | .test != null and .model.valid and .model.boots.base >= 1] | all)' \
	"$j" > /dev/null || fail "compare.json lacks the environment, test or noise model"
culprit=$(jq -r '.benchmarks[] | select(.name == "syscall/null") | .profile.culprit.function' "$j")
[ "$culprit" = "kbench_slow_spin [kbench_slow]_[k]" ] || fail "top culprit is '$culprit'"
jq -e '.benchmarks[] | select(.name == "syscall/null") | .profile |
	.repetitions.base == 5 and .repetitions.new == 5 and
	.functions[0].function == .culprit.function and .culprit.significant and
	.culprit.ci_pp[0] > 0 and (.path.stack | endswith(";kbench_slow_spin [kbench_slow]_[k]")) and
	([.stacks[] | select(.significant)] | length) > 0' "$j" >/dev/null ||
	fail "profile evidence incomplete: $(jq -c '.benchmarks[0].profile | del(.stacks, .functions)' "$j")"
expect_grep '^syscall/null .* regression' "$OUT/cmp-new.txt"
expect_grep 'top culprit: kbench_slow_spin \[kbench_slow\]_\[k\]' "$OUT/cmp-new.txt"
# -o DIR's other outputs: the differential flamegraph, charts, compare.html.
d=$OUT/cmp-new
[ -s "$d/diff-syscall-null.svg" ] || fail "no $d/diff-syscall-null.svg"
xmllint --noout "$d/diff-syscall-null.svg" || fail "diff-syscall-null.svg is not well-formed XML"
grep -A1 '<title>kbench_slow_spin \[kbench_slow\]_\[k\] (' "$d/diff-syscall-null.svg" |
	grep -q '^self: base .* pp (95% CI .*), significant' ||
	fail "diff-syscall-null.svg: kbench_slow_spin's frame does not show a significant change"
[ -s "$d/compare.html" ] || fail "no $d/compare.html"
[ -s "$d/charts/change.dat" ] && [ -s "$d/charts/bars-syscall-null.gp" ] || fail "no charts in $d/charts"
browser=$(command -v chromium chromium-browser google-chrome 2>/dev/null | head -n1 || true)
if [ -n "$browser" ]; then	# it opens offline, with the flamegraph embedded
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$(mktemp -d)" --dump-dom --virtual-time-budget=3000 \
		"file://$d/compare.html" > "$OUT/cmp-new.dom.html" 2> /dev/null ||
		fail "chromium could not load compare.html"
	grep -q '<tr class="v-regression"><td><a href="#bench-syscall-null">' "$OUT/cmp-new.dom.html" ||
		fail "compare.html: no regression row for syscall/null"
	grep -q '<object class="flamegraph" type="image/svg+xml" style="height:[0-9]*px" data="data:image/svg+xml;base64,' \
		"$OUT/cmp-new.dom.html" || fail "compare.html: no embedded differential flamegraph"
fi

# A/A: no regression, exit 0.
expect_status 0 "$cli" compare "$o/base" "$o/aa" --json -o "$OUT/cmp-aa" > /dev/null
"$cli" compare "$o/base" "$o/aa" > "$OUT/cmp-aa.txt" || true
cat "$OUT/cmp-aa.txt"
jq -e '.summary.regressions == 0 and .summary.not_compared == 0' "$OUT/cmp-aa/compare.json" >/dev/null ||
	fail "A/A comparison flagged a regression"


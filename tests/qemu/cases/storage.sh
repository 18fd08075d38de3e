# Profiles share one copy of each kallsyms and vDSO per result, so that a
# 5-repetition syscall suite (7 benchmarks, 3 profiled repetitions each)
# runs twice in one default guest (1 GiB; its /out an ext4 disk) without
# running out of memory; the size of a result is printed for docs/record.md.
vm "$OUT" --timeout "${KBENCH_TEST_TIMEOUT:-1200}" -- sh /usr/share/kbench/tests/storage.sh ||
	fail "guest script failed"
o=$OUT
if grep -Eq 'Out of memory|oom-kill|invoked oom-killer' "$OUT/console.log"; then
	fail "the guest ran out of memory: $(grep -E 'Out of memory|oom-kill' "$OUT/console.log" | head -3)"
fi
for n in 1 2; do
	expect_grep '^0$' "$o/run$n.status"
	jq -e '.partial == false and (.benchmarks | length) == 7 and
		all(.benchmarks[]; (.values | length) == 5 and (.profile.dirs | length) == 3)' \
		"$o/run$n/results.json" >/dev/null ||
		fail "run$n incomplete: $(jq -c '[.benchmarks[] | {name, n: (.values | length)}]' "$o/run$n/results.json")"
done
# Every profile's kallsyms is one file (one inode, linked 21 + 1 times).
[ "$(wc -l < "$o/kallsyms.txt")" = 1 ] || fail "kallsyms not shared: $(cat "$o/kallsyms.txt")"
read -r _ links < "$o/kallsyms.txt"
[ "$links" -ge 22 ] || fail "kallsyms has $links names, want the store's and 21 profiles'"
cat "$o/du.txt" "$o/meminfo.txt"
size=$(awk '$2 == "run1" { print $1 }' "$o/du.txt")
[ "$size" -lt 40960 ] || fail "one result takes $size KiB, more than 40 MiB"
# The report reads it on the host as before.
top=$(cd "$(dirname "$VM")/.." && pwd)
make -s -C "$top/userspace" >/dev/null || fail "host build of userspace/kbench failed"
"$top/userspace/kbench" report -o "$o/report" "$o/run1" > "$o/report.out" 2> "$o/report.err" ||
	fail "kbench report: $(cat "$o/report.err")"
[ ! -s "$o/report.err" ] || fail "kbench report warned: $(cat "$o/report.err")"
jq -e '(.benchmarks | length) == 7 and .context.environment.accelerator != null and
	all(.benchmarks[]; .profile_facts.profiles == 3 and .profile_facts.on_cpu_pct > 0)' \
	"$o/report/report.json" >/dev/null || fail "report: $(jq -c '.context' "$o/report/report.json")"

# kbench run io -r 2 -t 1 on the scratch disk: every benchmark, values in
# MB/s or IOPS, the target recorded as /dev/vda (ext4), no files left; and
# Ctrl-C in the middle of a run leaves partial results and no files.
. "$(dirname "$VM")/../tests/qemu/run-checks.sh"
vm "$OUT" -- sh -c 'sh /usr/share/kbench/tests/run-suite.sh io --size 64M &&
	sh /usr/share/kbench/tests/run-interrupt.sh' || fail "guest script failed"
o=$OUT
expect_grep '^0$' "$o/io.status"
check_results "$o/io/results.json" io 5 '"MB/s", "IOPS"'
check_profiles "$o/io/results.json"
# The profiles see the I/O go through ext4 and the block layer.
cat "$o"/io/profiles/*/rep-*/stacks.folded > "$OUT/io.folded"
grep -Eq 'ext4_[a-z0-9_]*( \[ext4\])?_\[k\]' "$OUT/io.folded" || fail "io profiles show no ext4 function"
grep -Eq '(blk_mq_[a-z_]*|submit_bio[a-z_]*)_\[k\]' "$OUT/io.folded" ||
	fail "io profiles show no block-layer function"
jq -e '.parameters.io | .dir == "/scratch" and .device == "/dev/vda" and
	.fstype == "ext4" and .size_bytes == 67108864' \
	"$o/io/results.json" >/dev/null || fail "io target is not /scratch on /dev/vda"
jq -e '.benchmarks[] | select(.name == "io/rand-read") | .notes |
	any(test("^O_DIRECT I/O on /scratch$"))' "$o/io/results.json" >/dev/null ||
	fail "io/rand-read did not use O_DIRECT on ext4"
jq -e '.benchmarks[] | select(.name == "io/seq-read") | .notes |
	any(test("page cache dropped"))' "$o/io/results.json" >/dev/null ||
	fail "io/seq-read did not drop the page cache"
[ "$(cat "$o/io.scratch")" = lost+found ] ||
	fail "files left on /scratch: $(cat "$o/io.scratch")"
# Interrupted run.
expect_grep '^2$' "$o/int.status"
expect_grep '^kbench: run: interrupted: partial results in int/results.json$' "$o/int.err"
# Repetitions go in rounds over every benchmark: a stop leaves them all short.
jq -e '.partial == true and ([.benchmarks[] | select(.partial)] | length) == 5' \
	"$o/int/results.json" >/dev/null || fail "interrupted run not marked partial"
[ "$(cat "$o/int.scratch")" = lost+found ] ||
	fail "files left on /scratch after SIGINT: $(cat "$o/int.scratch")"

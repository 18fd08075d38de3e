# scripts/kbench-lava end to end on this machine, as a lab would run it:
# one kernel under two labels (an A/A comparison), 2 boots each of a short
# syscall suite, as LAVA jobs run by lava-run on a QEMU device; then gather
# brings each job's results back from its log and compares them. The
# report and the exit status must be kbench compare's own on the gathered
# results; LAVA must have recorded each benchmark as a test case with its
# median; every job's console is checked for kernel reports (gather does,
# as kbench-vm does) and a hang ends at the job's timeout; a kernel that
# panics at boot is named with its report. lava-run needs
# root (it works in /var/lib/lava/dispatcher).
L=$(dirname "$VM")/kbench-lava
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: lava-run needs root"
	return 0
fi
gen=$("$VM" kernels | awk 'NR == 1 { print $1 }')
"$L" generate -o "$OUT" --timeout 6 --boots 2 \
	--kernel "$gen" --label a --kernel "$gen" --label b \
	--suite 'syscall -b null -b stat -r 1 -t 0.2 --warmup 0.1 --profile-reps 1'
"$L" run-local "$OUT" || fail "run-local: a job failed (logs in $OUT/local/)"
rc=0
"$L" gather "$OUT" >"$OUT/gather.txt" || rc=$?
cat "$OUT/gather.txt"
[ "$rc" -le 1 ] || fail "gather exited $rc"
for k in a b; do
	[ -f "$OUT/results/syscall/$k/merged/results.json" ] || fail "$k: no merged results"
	for b in 1 2; do
		[ -f "$OUT/results/syscall/$k/boot-$b/run/results.json" ] || fail "$k boot $b: no results"
		ls "$OUT/results/syscall/$k/boot-$b"/run/profiles/*/rep-1/stacks.folded >/dev/null ||
			fail "$k boot $b: no profile came back"
		log=$OUT/local/$k.syscall.boot-$b/log.yaml
		# lava-run writes YAML flow mappings, a string sometimes tagged "!".
		grep -Eq '"case": "syscall-null", .*"measurement": (! )?"[0-9.]+"' "$log" ||
			fail "$k boot $b: LAVA recorded no syscall-null test case with a measurement"
		grep -q '"case": "kbench-run", .*"result": "pass"' "$log" ||
			fail "$k boot $b: LAVA did not record kbench-run as passed"
	done
done
r2=0
"$(dirname "$VM")/../userspace/kbench" compare -l a -l b -o "$OUT/direct" \
	"$OUT/results/syscall/a/merged" "$OUT/results/syscall/b/merged" >"$OUT/direct.txt" || r2=$?
[ "$r2" = "$rc" ] || fail "gather exited $rc, kbench compare on its results $r2"
diff <(grep -v 'report' "$OUT/direct.txt") <(grep -v 'report' "$OUT/report/syscall.txt") ||
	fail "gather's report differs from kbench compare's"
expect_grep '2 boots' "$OUT/report/syscall.txt"

# A kernel that panics at boot (no init): lava-run fails the job, and
# gather names the kernel's report, not only LAVA's error.
p=$OUT/panics
"$L" generate -o "$p" --timeout 3 --kernel "$gen@rdinit=/nonexistent" --label panics --suite 'syscall -b null -r 1'
rc=0
"$L" run-local "$p" 2>"$p.run.err" || rc=$?
cat "$p.run.err"
[ "$rc" = 2 ] || fail "run-local of a kernel that panics exited $rc"
expect_grep '^kbench-lava: run-local: panics.syscall.boot-1: the job failed: ' "$p.run.err"
rc=0
"$L" gather "$p" 2>"$p.gather.err" || rc=$?
cat "$p.gather.err"
[ "$rc" = 2 ] || fail "gather of a kernel that panics exited $rc"
expect_grep '^kbench-lava: gather: panics.syscall.boot-1: the kernel reported a problem: Kernel panic - not syncing' "$p.gather.err"

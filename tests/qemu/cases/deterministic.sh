# Deterministic mode (docs/vm.md): refused, before any build or boot, where
# it cannot be had; where it can, guest time counts instructions, so two
# runs in one boot agree within 0.1 %.
mkdir -p "$OUT"

# refused NAME PATTERN ARGS...: `kbench-vm run ARGS -- true` exits 125 with
# a message matching PATTERN.
refused() {
	local name=$1 pattern=$2 rc=0
	shift 2
	"$VM" run -q -o "$OUT/$name" "$@" -- true 2>"$OUT/$name.err" || rc=$?
	[ "$rc" = 125 ] || fail "kbench-vm run $*: exit $rc, expected 125: $(cat "$OUT/$name.err")"
	expect_grep "$pattern" "$OUT/$name.err"
}
refused kvm '^kbench-vm: --deterministic needs TCG: under KVM the guest runs on the host CPU' \
	--deterministic --accel kvm
KBENCH_VM_TCG_THREAD=multi refused multi \
	'^kbench-vm: --deterministic needs single-threaded TCG' --deterministic

# More than one vCPU: refused by a QEMU that cannot (its verdict is probed
# once per QEMU and kernel, and cached), else the guest has them.
rc=0
vm "$OUT/smp" --deterministic --cpus 2 --no-module -- cat /sys/devices/system/cpu/online \
	2>"$OUT/smp.err" || rc=$?
case $rc in
125)
	expect_grep '^kbench-vm: --deterministic --cpus 2: .* cannot run more than one vCPU under -icount' "$OUT/smp.err"
	expect_grep 'Use --cpus 1, .*scripts/deps.sh --qemu-backports' "$OUT/smp.err"
	;;
0) expect_grep '^0-1' "$OUT/smp/guest.log" ;;
*) fail "--deterministic --cpus 2 exited $rc: $(cat "$OUT/smp.err")" ;;
esac

vm "$OUT" --deterministic --no-module -- sh /usr/share/kbench/tests/deterministic.sh ||
	fail "guest script failed: $(cat "$OUT/guest.log")"
o=$OUT
expect_grep ' kbench_accel=tcg kbench_mode=deterministic kbench_clock=tsc-reliable tsc=reliable norandmaps ' "$o/cmdline"
[ "$(cat "$o/online")" = 0 ] || fail "online CPUs: $(cat "$o/online"), expected 0 (one vCPU by default)"
[ "$(cat "$o/clocksource")" = tsc ] || fail "clocksource $(cat "$o/clocksource")"
for r in run1 run2; do
	# The results say so, in the environment a compare checks.
	jq -e '.environment.mode == "deterministic" and .environment.accelerator == "tcg" and
		.environment.clocksource == "tsc" and .environment.timing == "batches/1"' \
		"$o/$r/results.json" >/dev/null || fail "$r/results.json does not say deterministic"
done
# Each benchmark's median agrees between the runs within 0.1 %.
jq -e -n --slurpfile a "$o/run1/results.json" --slurpfile b "$o/run2/results.json" '
	[$a[0].benchmarks, $b[0].benchmarks] | transpose | length == 2 and
	all(.[]; .[0].name == .[1].name and
		((.[0].summary.median - .[1].summary.median) / .[0].summary.median | fabs) <= 0.001)' \
	>/dev/null || fail "the runs disagree: $(jq -c '[.benchmarks[] | [.name, .summary.median]]' \
		"$o/run1/results.json" "$o/run2/results.json")"

# The guest's clock (docs/vm.md, "The guest's clock"). Under single-threaded
# TCG kbench-vm gives the guest tsc=reliable; check that the kernel took the
# TSC, and that the clock it gives is correct: CLOCK_MONOTONIC never goes
# backwards between CPUs, keeps the host's time (the CMOS RTC, which QEMU
# drives from the host's clock), and is read without a system call.
vm "$OUT" --accel tcg --no-module -- sh /usr/share/kbench/tests/clock.sh ||
	fail "guest script failed: $(cat "$OUT/guest.log")"
o=$OUT
val() { sed -n "s/^$2 //p" "$o/$1.out"; }
expect_grep ' kbench_accel=tcg kbench_mode=wallclock ' "$o/cmdline"
if ! grep -qw constant_tsc /proc/cpuinfo; then
	# The guest TSC would follow a host TSC of varying rate.
	expect_grep ' kbench_clock=kernel ' "$o/cmdline"
	echo "host TSC rate not constant: the guest keeps the kernel's clock"
	exit 0
fi
expect_grep ' kbench_clock=tsc-reliable tsc=reliable ' "$o/cmdline"
[ "$(cat "$o/clocksource")" = tsc ] ||
	fail "clocksource is $(cat "$o/clocksource"), not tsc: $(cat "$o/clock.dmesg")"
if grep -i 'unstable' "$o/clock.dmesg"; then
	fail "the kernel marked the TSC unstable"
fi

# Millions of reads on two CPUs, tens of thousands checked across CPUs.
[ "$(val mono reads)" -ge 1000000 ] || fail "only $(val mono reads) clock reads"
[ "$(val mono cross)" -ge 10000 ] || fail "only $(val mono cross) checks across CPUs"
[ "$(val mono backward)" = 0 ] ||
	fail "CLOCK_MONOTONIC went backwards $(val mono backward) times, by up to $(val mono max_back_ns) ns"

# The rate: within 0.1 % of the RTC's, beyond what the RTC edges resolve.
awk -v e="$(val rate error_ppm)" -v r="$(val rate resolution_ppm)" \
	'BEGIN { exit !(e <= 1000 + r && -e <= 1000 + r) }' ||
	fail "the clock's rate is $(val rate error_ppm) ppm off the RTC's (resolution $(val rate resolution_ppm) ppm)"

# Read through the vDSO: cheaper than the cheapest system call (through
# the HPET a read is a system call and an emulated device read).
awk -v c="$(val cost clock_ns)" -v g="$(val cost getppid_ns)" 'BEGIN { exit !(c < g) }' ||
	fail "a clock read costs $(val cost clock_ns) ns, getppid $(val cost getppid_ns) ns"

#!/bin/sh
# Guest side of cases/deterministic.sh: what the guest was booted with, and
# the same short syscall run twice (run1/, run2/).
. /usr/share/kbench/tests/lib.sh
cat /proc/cmdline > cmdline
cat /sys/devices/system/cpu/online > online
cat /sys/devices/system/clocksource/clocksource0/current_clocksource > clocksource
for r in run1 run2; do
	check $r 0 kbench run syscall -b null -b stat -r 3 -t 0.2 --warmup 0.05 \
		--no-profile -o $r
done
exit $fails

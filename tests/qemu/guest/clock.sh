#!/bin/sh
# Guest side of cases/clock.sh: the clocksource the kernel took, its command
# line and boot messages, and clockcheck's checks of CLOCK_MONOTONIC, each
# saved in /out for the host to judge.
. /usr/share/kbench/tests/lib.sh
cat /sys/devices/system/clocksource/clocksource0/current_clocksource > clocksource
cat /proc/cmdline > cmdline
dmesg | grep -Ei 'tsc|clocksource' > clock.dmesg
check cost 0 clockcheck cost 200000
check mono 0 clockcheck mono 6
check rate 0 clockcheck rate 6
cat cost.out mono.out rate.out
exit $fails

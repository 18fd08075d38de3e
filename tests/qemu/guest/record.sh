#!/bin/sh
# Guest side of cases/record.sh: record known workloads and leave the
# results in /out for the host to judge.
set -u
. /usr/share/kbench/tests/lib.sh

# A user-mode loop in a known function, and a kernel-bound read loop.
check spin 0 kbench record -F 999 -o spin -- spin 2
check readzero 0 kbench record -F 999 -l -o readzero -- readzero 2
# Counting is asked for; by default (spin above) nothing is counted.
check counted 0 kbench record -F 999 -c -o counted -- readzero 1
# Gone long before the first drain: its maps come from the kernel's mapping
# events instead of /proc, so its user frames are still named.
check short 0 kbench record -F 999 --drain-ms 10000 -o short -- spin 1
# Callgraph limited to the kernel: no user frames beyond the user IP.
check kernel_only 0 kbench record -F 499 -g kernel -o kernel_only -- readzero 1
# Attach to a running process; system-wide for a fixed time.
# It spins until killed: on a loaded host, a fixed run of a few seconds
# ended before record read its maps, leaving raw addresses.
spin 600 > /dev/null &
bg=$!
sleep 1
check attach 0 kbench record -F 999 -p $bg -d 1 -o attach
check system 0 kbench record -F 999 -a -d 1 -o system
kill $bg
wait $bg || true
# The top frequency with the smallest ring: drops happen and are counted.
check drops 0 kbench record -F 20000 --ring-kb 16 --drain-ms 1000 -o drops -- spin 2

# Bad input is refused before anything starts.
check bad_freq 2 kbench record -F 0 -- true
check bad_freq_high 2 kbench record -F 20001 -- true
check bad_callgraph 2 kbench record -g frames -- true
check bad_drain 2 kbench record --drain-ms 5 -- true
check bad_both 2 kbench record -a -p 1 -d 1
check bad_nothing 2 kbench record
check bad_cmd 2 kbench record -o badcmd -- /nonexistent/program

# A session whose owner dies is torn down; one under rmmod too.
kbench record -F 999 -a -o killed > /dev/null 2>&1 &
rec=$!
sleep 1
kill -9 $rec
wait $rec
sleep 0.5
kbench status > after_kill.out
kbench record -F 999 -a -d 30 -o unloaded > unload.out 2> unload.err &
rec=$!
# Once the session runs (not before: rmmod would win the race to START),
# unload. A READ_SAMPLES dump in flight holds a reference to the module,
# and the CLI drains every second: rmmod then fails with EBUSY and is
# tried again, as an administrator would.
i=0
until kbench status 2>/dev/null | grep -q 'state: *running' || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
i=0
until rmmod kbench 2>/dev/null || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '^kbench ' /proc/modules && { echo "FAIL rmmod under a session"; fails=$((fails + 1)); }
wait $rec
echo $? > unload.status
exit $fails

#!/bin/sh
# Guest side of cases/counters_stress.sh: sessions started and stopped over
# and over, owners killed, and the module unloaded under a running session,
# all while syscall-heavy load runs on every CPU. The kernel must stay quiet
# (the harness fails on any warning) and nothing may stay allocated.
set -u
P=/root/sctest
fails=0
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

$P spin 600 & s1=$!
$P spin 600 & s2=$!

i=0
while [ $i -lt 12 ]; do
	kbench stat -l -a -d 0.2 > /dev/null 2>&1 || bad "stat -a round $i"
	kbench stat -l -o exact$i.json -- $P work 4 > /dev/null 2>&1 ||
		bad "stat work round $i"
	i=$((i + 1))
done

# While a session runs its buffers are in vmallocinfo ...
kbench stat -l -a -d 100 > /dev/null 2>&1 & bg=$!
sleep 1
grep -c '\[kbench\]' /proc/vmallocinfo > vmalloc_running.txt
kill -9 $bg
wait $bg
# ... and once its owner is gone, they are not.
grep '\[kbench\]' /proc/vmallocinfo > vmalloc_after.txt
kbench status > status_after.txt

# Owners killed at random points of their life.
i=0
while [ $i -lt 8 ]; do
	kbench stat -l -a -d 100 > /dev/null 2>&1 & bg=$!
	sleep 0.$((i + 1))
	kill -9 $bg
	wait $bg
	i=$((i + 1))
done
kbench status | grep -q 'state: *idle' || bad "a session survived its owner"

# rmmod while a session collects: the module stops it on the way out.
i=0
while [ $i -lt 5 ]; do
	kbench stat -l -a -d 100 > rmmod$i.out 2> rmmod$i.err & bg=$!
	sleep 1
	rmmod kbench || bad "rmmod $i"
	wait $bg
	echo $? > rmmod$i.status
	insmod /lib/kbench/kbench.ko || bad "insmod $i"
	i=$((i + 1))
done
# And with a -- CMD session whose command outlives the module.
kbench stat -l -- $P spin 2 > rmmod_cmd.out 2> rmmod_cmd.err & bg=$!
sleep 1
rmmod kbench || bad "rmmod under a command"
wait $bg
echo $? > rmmod_cmd.status
insmod /lib/kbench/kbench.ko || bad "insmod after the command"
kbench stat -- $P work 4 > /dev/null 2>&1 || bad "stat after the reloads"

kill $s1 $s2
wait
exit $fails

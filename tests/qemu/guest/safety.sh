#!/bin/sh
# Guest side of cases/safety.sh (and safety-rt.sh, and make check-debug):
# the module's safety promises, docs/security.md. Every check leaves its
# output in /out; kbcheck's "FAIL" lines and statuses are judged by the
# host, the kernel log by the harness.
set -u
. /usr/share/kbench/tests/lib.sh
K=/root/kbcheck
F=/root/kbfuzz

# execve from a non-leader thread of a target: its later syscalls count.
check exec 0 kbench stat -o exec.json -- execthread 1000

check extack 0 $K extack
check privilege 0 $K privilege
# The smallest ring at the highest frequency, read 4 KiB at a time.
check drain 0 $K drain 20000 16 1 4
# The same with the rings in the checker's memory, read in place, and an
# owner that scribbles on them and unmaps them under the sampler.
check rings 0 $K rings 20000 16 1 3
check badfp 0 $K badfp
check nomem 0 $K nomem
# Fork/exit/exec storms on every CPU while counters are read and reset.
check storm 0 $K storm 8
# Another generic netlink family answers while START and STOP are slow.
check parallel 0 $K parallel 5
# CPUs offline and online under a system-wide and a one-CPU sampler.
check hotplug 0 $K hotplug 6

# The fuzzer, bounded, as root and as nobody, with and without a session.
check fuzz_root 0 $F -n "${KBFUZZ_N:-5000}" -s 1 -t 90
check fuzz_nobody 0 $F -n "${KBFUZZ_N:-5000}" -s 2 -t 90 -u 65534
check fuzz_root_session 0 $F -n "${KBFUZZ_N:-5000}" -s 3 -t 90 -S
check fuzz_nobody_session 0 $F -n "${KBFUZZ_N:-5000}" -s 4 -t 90 -S -u 65534

# Allocation failures (a fault-injection kernel: make check-debug): each
# allocation of a START fails in turn. fail-nth counts the calls failslab
# and fail_page_alloc look at: sleeping ones too, and pages of order 1 and
# up (vmalloc's single pages would make the walk thousands long, and fail
# it the way its other allocations do). Quiet: a dump would be a report.
if [ -e /proc/thread-self/fail-nth ]; then
	for fi in failslab fail_page_alloc; do
		d=/sys/kernel/debug/$fi
		echo 0 > $d/probability
		echo 0 > $d/verbose
		echo N > $d/ignore-gfp-wait
	done
	echo 1 > /sys/kernel/debug/fail_page_alloc/min-order
	check failnth 0 $K failnth 5000 900
fi

# Afterwards a normal session works and nothing is left behind.
kbench status > status_after.txt 2>&1
check normal 0 kbench stat -o normal.json -- sctest work 4
check record 0 kbench record -F 999 -o rec -- spin 1
# Lockdep (a debug kernel): still on, so nothing switched it off, and it
# knew the module's locks.
if [ -f /proc/lockdep_stats ]; then
	grep 'debug_locks:' /proc/lockdep_stats > lockdep.txt
	grep -E 'kbench_session_lock|&t->lock' /proc/lockdep >> lockdep.txt
fi
rmmod kbench || { echo "FAIL rmmod"; fails=$((fails + 1)); }
grep '\[kbench\]' /proc/vmallocinfo > vmalloc_after.txt
if [ -f /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	sleep 5
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > kmemleak.txt
fi
insmod /lib/kbench/kbench.ko || { echo "FAIL insmod"; fails=$((fails + 1)); }
exit $fails

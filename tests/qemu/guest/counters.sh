#!/bin/sh
# Guest side of cases/counters.sh: exact per-target counts, a neighbour that
# must not leak in, system-wide counting, session state, the error paths.
# Leaves the evidence in /out; the host checks it.
set -u
P=/root/sctest
run() {	# run NAME CMD...: stdout, stderr and status into NAME.{out,err,status}
	name=$1
	shift
	"$@" > "$name.out" 2> "$name.err"
	echo $? > "$name.status"
}

# A noisy neighbour making the very syscalls the target makes.
$P spin 600 & spin=$!

run work kbench stat --latency -o work.json -- $P work 64
run nolat kbench stat -o nolat.json -- $P work 8
# Each clock the module can time syscalls with, forced (auto picks one).
for clk in tsc local mono; do
	echo $clk > /sys/module/kbench/parameters/latency_clock
	run clock_$clk kbench stat --latency -o clock_$clk.json -- $P work 8
done
# A clock it does not know is refused, and the setting stays.
echo tick > /sys/module/kbench/parameters/latency_clock 2> badclock.err
echo $? > badclock.status
cat /sys/module/kbench/parameters/latency_clock > badclock.after
echo auto > /sys/module/kbench/parameters/latency_clock
run quiet_json kbench stat --json -- $P spin 0.2
run work_fail kbench stat -- /nonexistent/program

# -p: an existing process (held on a fifo) and what it starts from now on.
mkfifo go
( read x < go; exec $P work 16 ) > pid_child.out & target=$!
sleep 0.5
kbench stat -p $target -o pid.json > pid.out 2> pid.err & stat=$!
sleep 1
echo go > go
wait $stat; echo $? > pid.status
wait $target

# System-wide sees the neighbour.
run all kbench stat -a -d 1 -o all.json

# One session at a time; its state shows in status.
kbench stat -a -d 4 > /dev/null 2>&1 & bg=$!
sleep 1.5
run status_running kbench status --json
run busy kbench stat -a -d 1
run badflag kbench stat --collect 0x100 -a -d 1
run nolatency_only kbench stat --collect 0x2 -a -d 1
wait $bg

# No CAP_PERFMON / CAP_SYS_ADMIN: refused.
run perm $P asuser 65534 /usr/bin/kbench stat -a -d 1

# The owner socket closing ends the session.
kbench stat -a -d 100 > /dev/null 2>&1 & bg=$!
sleep 1.5
run status_owned kbench status
kill -9 $bg
wait $bg
run status_released kbench status

kill $spin
wait $spin
exit 0

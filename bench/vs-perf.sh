#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/bench-vs-perf: kbench against perf on the same fixed
# work, configurations interleaved over ROUNDS so drift hits them alike.
# Prints raw lines "ROW CONFIG VALUE SAMPLES LOST" to stdout; the host side
# takes medians and ratios. VALUE is ops (spin rows, higher is better) or
# ns per getppid (getppid rows, lower is better); SAMPLES and LOST are the
# samples a sampling tool delivered and the ones it dropped or lost.
#
# Two "floor" configurations run beside the tools: the same timers or the
# same tracepoint with kbench's callback returning at once (its target is a
# sleeping process). They show what any tool pays before it does any work.
# Each kbench recording's results.json goes to acct/, for the host to check
# fired = recorded + dropped + filtered.
secs=${SECS:-3}
rounds=${ROUNDS:-5}
calls=${CALLS:-300000}
ncpu=$(nproc)
spinners=${SPINNERS:-2}
P=sctest
mkdir -p acct

perf record -q -e cpu-clock -o /tmp/probe.data true > /dev/null 2>&1 ||
	{ echo "bench-vs-perf: perf record does not run in this guest" >&2; exit 2; }

cat > /tmp/spinall <<EOF
#!/bin/sh
i=0
while [ \$i -lt $spinners ]; do spin $secs 2000 > /tmp/spin.\$i & i=\$((i + 1)); done
wait
cat /tmp/spin.* | awk '{ s += \$2 } END { print "ops", s }'
EOF
chmod +x /tmp/spinall

sleep 100000 &
idle=$!

# out ROW CONFIG: prints the line for the run whose output is in /tmp/run.*
out() {
	row=$1 cfg=$2 n=0 lost=0
	case $row in
	spin*) v=$(sed -n 's/^ops //p' /tmp/run.out) ;;
	*) v=$(grep -m1 -o '^[0-9.]*' /tmp/run.out) ;;
	esac
	case $cfg in
	kbench)
		n=$(sed -n 's/^kbench: record: \([0-9]*\) samples, \([0-9]*\) dropped.*/\1/p' /tmp/run.err)
		lost=$(sed -n 's/^kbench: record: \([0-9]*\) samples, \([0-9]*\) dropped.*/\2/p' /tmp/run.err)
		[ -f /tmp/k/results.json ] && cp /tmp/k/results.json "acct/$row.$r.json" ;;
	perf)
		perf report -i /tmp/p.data --stats > /tmp/p.stats 2>/dev/null
		n=$(awk '$1 == "SAMPLE" && $2 == "events:" { print $3; exit }' /tmp/p.stats)
		lost=$(awk '$1 ~ /^LOST/ && $2 == "events:" { s += $3 } END { print s + 0 }' /tmp/p.stats) ;;
	esac
	[ -n "$v" ] && echo "$row $cfg $v ${n:-0} ${lost:-0}"
	[ -n "$v" ] || { echo "bench-vs-perf: $row $cfg: no result" >&2; cat /tmp/run.err >&2; }
}

# spin ROW FREQ: the CPU rows, every CPU busy, system-wide call graphs.
spin() {
	row=$1 f=$2
	/tmp/spinall > /tmp/run.out 2> /tmp/run.err
	out "$row" none
	rm -rf /tmp/k
	kbench record -F "$f" -a -g kernel,user --no-counters -o /tmp/k -- \
		/tmp/spinall > /tmp/run.out 2> /tmp/run.err
	out "$row" kbench
	perf record -q -e cpu-clock -F "$f" -a -g -o /tmp/p.data -- \
		/tmp/spinall > /tmp/run.out 2> /tmp/run.err
	out "$row" perf
	# Started, and stopped, outside the timed work: only the ticks count.
	kbench record -F "$f" -p $idle --no-counters -o /tmp/kf > /dev/null 2>&1 &
	k=$!
	sleep 1
	/tmp/spinall > /tmp/run.out 2> /tmp/run.err
	kill -INT $k
	wait $k
	out "$row" floor
}

# syscalls: the getppid rows (sampled, counted, timed).
syscalls() {
	$P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out getppid none
	rm -rf /tmp/k
	kbench record -F 1000 -g kernel,user --no-counters -o /tmp/k -- \
		$P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out sample-1k kbench
	perf record -q -e cpu-clock -F 1000 -g -o /tmp/p.data -- \
		$P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out sample-1k perf
	kbench stat -o /tmp/ks.json -- $P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out count kbench
	perf stat -e raw_syscalls:sys_enter -o /dev/null -- \
		$P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out count perf
	kbench stat -l -o /tmp/ks.json -- $P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	out latency kbench
	# The clocks the module does not pick by itself here, forced.
	for clk in local mono; do
		echo $clk > /sys/module/kbench/parameters/latency_clock
		kbench stat -l -o /tmp/ks.json -- $P bench "$calls" > /tmp/run.out 2> /tmp/run.err
		out latency-$clk kbench
	done
	echo auto > /sys/module/kbench/parameters/latency_clock
	kbench stat -p $idle -d 1000 -o /tmp/kf.json > /dev/null 2>&1 &
	k=$!
	sleep 1
	$P bench "$calls" > /tmp/run.out 2> /tmp/run.err
	kill -INT $k
	wait $k
	out count floor
}

r=0
while [ $r -lt "$rounds" ]; do
	spin spin-1k 1000
	spin spin-10k 10000
	syscalls
	r=$((r + 1))
done
kill $idle
kbench stat -l -j -- true 2>/dev/null | grep -o '"latency_clock": *"[a-z_]*"' |
	sed 's/.*"\([a-z_]*\)"$/clock \1/'
echo "env cpus $ncpu $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource) $(uname -r)"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/bench-sampler: throughput of a CPU-bound loop (spin)
# with no sampling, under kbench record and under perf record at the same
# frequencies, all system-wide with call graphs. Configurations are
# interleaved over ROUNDS so drift hits them alike; the median ops per
# configuration and its ratio to the baseline are printed. kbench runs with
# its default syscall and fault counters on, and without them (-nocnt), to
# show what sampling alone costs.
secs=${SECS:-3}
rounds=${ROUNDS:-3}
have_perf=0
command -v perf > /dev/null && perf record -q -o /tmp/probe.data -a true > /dev/null 2>&1 && have_perf=1

run() {	# run NAME CMD...: append "NAME OPS" to results
	name=$1
	shift
	ops=$("$@" 2>/dev/null | sed -n 's/^ops //p')
	[ -n "$ops" ] && echo "$name $ops" >> /tmp/results
}

: > /tmp/results
i=0
while [ $i -lt "$rounds" ]; do
	run none spin "$secs"
	run kbench-1k kbench record -F 1000 -a -o /tmp/k1 -- spin "$secs"
	run kbench-10k kbench record -F 10000 -a -o /tmp/k10 -- spin "$secs"
	run kbench-1k-nocnt kbench record -F 1000 -a --no-counters -o /tmp/k1n -- spin "$secs"
	run kbench-10k-nocnt kbench record -F 10000 -a --no-counters -o /tmp/k10n -- spin "$secs"
	if [ $have_perf = 1 ]; then
		run perf-1k perf record -q -F 1000 -a -g -o /tmp/p1.data -- spin "$secs"
		run perf-10k perf record -q -F 10000 -a -g -o /tmp/p10.data -- spin "$secs"
	fi
	i=$((i + 1))
done

median() { grep "^$1 " /tmp/results | cut -d' ' -f2 | sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }
base=$(median none)
echo "spin ${secs}s x $rounds rounds, median ops; ratio = ops / ops without sampling"
for c in none kbench-1k kbench-10k kbench-1k-nocnt kbench-10k-nocnt perf-1k perf-10k; do
	m=$(median $c)
	[ -n "$m" ] || { echo "$c: not run"; continue; }
	awk -v c="$c" -v m="$m" -v b="$base" 'BEGIN {printf "%-16s %8d ops  ratio %.3f\n", c, m, m / b}'
done
[ $have_perf = 1 ] || echo "perf: not runnable in this guest"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/bench-sampler: throughput of a CPU-bound loop (one
# spin per CPU, so no CPU idles) with no sampling, under kbench record and
# under perf record at the same frequencies, system-wide with call graphs.
# Configurations are interleaved over ROUNDS so drift hits them alike.
#
# The throughput ratio alone misleads: a tick the machine cannot deliver in
# time is skipped by both tools (under TCG, up to half of them at 10 kHz,
# and more while other work runs), so a tool can look cheap by taking fewer
# samples. Each run's CPU time lost per delivered sample is printed beside
# it: lost = (1 - ratio) x CPUs x seconds, cost = lost / samples.
# kbench runs without its syscall and fault counters (perf record counts
# neither), and once with them (-cnt) to show what they add.
secs=${SECS:-3}
rounds=${ROUNDS:-5}
ncpu=$(nproc)
have_perf=0
command -v perf > /dev/null && perf record -q -o /tmp/probe.data -a true > /dev/null 2>&1 && have_perf=1

# One spin per CPU; prints "ops N", the sum.
cat > /tmp/spinall <<EOF
#!/bin/sh
i=0
while [ \$i -lt $ncpu ]; do spin $secs > /tmp/spin.\$i & i=\$((i + 1)); done
wait
cat /tmp/spin.* | awk '{ s += \$2 } END { print "ops", s }'
EOF
chmod +x /tmp/spinall

run() {	# run NAME CMD...: append "NAME OPS SAMPLES" to /tmp/results
	name=$1
	shift
	"$@" > /tmp/run.out 2> /tmp/run.err
	ops=$(sed -n 's/^ops //p' /tmp/run.out)
	case $name in
	kbench*) n=$(sed -n 's/^kbench: record: \([0-9]*\) samples.*/\1/p' /tmp/run.err) ;;
	perf*) n=$(perf report -i /tmp/p.data --stats 2>/dev/null |
		   awk '$1 == "SAMPLE" && $2 == "events:" { print $3; exit }') ;;
	*) n=0 ;;
	esac
	[ -n "$ops" ] && [ -n "$n" ] && echo "$name $ops $n" >> /tmp/results
}

: > /tmp/results
i=0
while [ $i -lt "$rounds" ]; do
	run none /tmp/spinall
	for f in 1000 10000; do
		k=$((f / 1000))k
		run kbench-$k kbench record -F $f -a -g kernel,user --no-counters -o /tmp/k -- /tmp/spinall
		run kbench-$k-cnt kbench record -F $f -a -g kernel,user -o /tmp/k -- /tmp/spinall
		[ $have_perf = 1 ] && run perf-$k perf record -q -F $f -a -g -o /tmp/p.data -- /tmp/spinall
	done
	i=$((i + 1))
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
base=$(awk '$1 == "none" { print $2 }' /tmp/results | median)
echo "spin on $ncpu CPUs, ${secs}s x $rounds rounds; medians over rounds"
echo "ratio = ops / ops without sampling; cost = CPU time lost per sample"
printf '%-16s %8s %7s %12s %11s\n' config ops ratio samples/s/cpu cost/sample
for c in none kbench-1k kbench-1k-cnt perf-1k kbench-10k kbench-10k-cnt perf-10k; do
	grep -q "^$c " /tmp/results || { echo "$c: not run"; continue; }
	ops=$(awk -v c=$c '$1 == c { print $2 }' /tmp/results | median)
	n=$(awk -v c=$c '$1 == c { print $3 }' /tmp/results | median)
	cost=$(awk -v c=$c -v b="$base" -v cpus="$ncpu" -v s="$secs" \
		'$1 == c && $3 > 0 { print (1 - $2 / b) * cpus * s / $3 * 1e6 }' /tmp/results | median)
	awk -v c="$c" -v m="$ops" -v b="$base" -v n="$n" -v cpus="$ncpu" -v s="$secs" -v cost="$cost" \
		'BEGIN { printf "%-16s %8d %7.3f %12.0f %9s us\n", c, m, m / b, n / cpus / s,
			 c == "none" ? "-" : sprintf("%.1f", cost) }'
done
[ $have_perf = 1 ] || echo "perf: not runnable in this guest"

#!/bin/sh
# Guest side of cases/compare.sh. Five rounds of three one-repetition runs
# (and one profiled repetition each): base-I and aa-I on the plain kernel,
# in turns so neither always follows the other, then new-I with
# tests/modules/kbench_slow planting a delay in getppid(). Interleaving the
# rounds spreads any drift of the host (TCG guests share it with whatever
# else runs there) over all three sets alike; the host merges each set into
# one run and compares.
set -u
run() {
	kbench run syscall -b syscall/null -b syscall/stat -r 1 --profile-reps 1 -t 1 \
		-o "$1" > "$1.out" 2> "$1.err"
	echo $? > "$1.status"
}
for i in 1 2 3 4 5; do
	if [ $((i % 2)) = 1 ]; then
		run "base-$i"
		run "aa-$i"
	else
		run "aa-$i"
		run "base-$i"
	fi
	insmod /root/kbench_slow.ko delay_ns="${KBENCH_SLOW_NS:-5000}"
	echo $? > "insmod-$i.status"
	run "new-$i"
	rmmod kbench_slow
	echo $? > "rmmod-$i.status"
done

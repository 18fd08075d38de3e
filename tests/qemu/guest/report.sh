#!/bin/sh
# Guest side of cases/report.sh: a short profiled run and a recording, left
# in /out/run and /out/rec for the host to report on (the guest has no
# gnuplot).
set -u
kbench run syscall -b syscall/null -b syscall/open -r 2 --profile-reps 2 -t 1 -o run \
	> run.out 2> run.err
echo $? > run.status
kbench record -o rec -- readzero 1 > rec.out 2> rec.err
echo $? > rec.status
cat run.err rec.err

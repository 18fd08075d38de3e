#!/bin/sh
# Guest side of cases/run-io.sh, part two: Ctrl-C (SIGINT) in the middle of
# an io run leaves partial results and no files behind.
set -u
kbench run io -r 5 -t 2 --warmup 0 -o int > int.out 2> int.err &
pid=$!
sleep 4
kill -INT $pid
wait $pid
echo $? > int.status
ls -A "$KBENCH_IO_DIR" > int.scratch
cat int.out int.err

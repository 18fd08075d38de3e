#!/bin/sh
# Guest side of cases/run-{io,cpu,syscall}.sh: a short run of suite $1 into
# /out/$1 (results.json there, text and errors beside it), then what the
# io directory holds afterwards. Extra arguments go to kbench run.
set -u
suite=$1
shift
kbench run "$suite" -r 2 --profile-reps 2 -t 1 -o "$suite" "$@" > "$suite.out" 2> "$suite.err"
echo $? > "$suite.status"
ls -A "$KBENCH_IO_DIR" > "$suite.scratch"
cat "$suite.out" "$suite.err"

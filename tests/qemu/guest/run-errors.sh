#!/bin/sh
# Guest side of cases/run-errors.sh (booted --no-module): bad input and
# --require-module without the module are errors (exit 2) that say why.
set -u
. /usr/share/kbench/tests/lib.sh

check require 2 kbench run syscall -b null -r 1 -t 0.1 --require-module -o req
check suite 2 kbench run bogus
check bench 2 kbench run syscall -b nosuch
check bench_other_suite 2 kbench run cpu -b syscall/null
check reps 2 kbench run syscall -r 0
check time 2 kbench run syscall -t -1
check dir 2 kbench run io --dir /nonexistent
check space 2 kbench run io --size 64G
check adaptive 2 kbench run cpu --max-reps 5
check nosuite 2 kbench run
check badname 2 kbench run syscall -b null -b getppid-is-not-a-name
# Without the module and without --require-module: runs, says profiles
# are off, records why.
check nomod 0 kbench run syscall -b null -b syscall/stat -r 1 -t 0.2 --warmup 0 -o nomod
check json 0 kbench run cpu -b hash -r 1 -t 0.2 --warmup 0 --no-profile --json -o json
for f in *.err; do echo "== $f"; cat "$f"; done
exit $fails

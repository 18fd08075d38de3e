#!/bin/sh
# Guest side of cases/storage.sh: a 5-repetition syscall suite twice in one
# default guest (1 GiB), then what the results take.
set -u
. /usr/share/kbench/tests/lib.sh

for n in 1 2; do
	check run$n 0 kbench run syscall -r 5 -t 1 -o run$n
done
du -sk run1 run2 run1/profiles/shared > du.txt
# One kallsyms per result: the profiles' names are links to it.
for k in run1/profiles/*/rep-*/kallsyms; do stat -c '%i %h' "$k"; done | sort -u > kallsyms.txt
grep -E '^(MemTotal|MemAvailable|Shmem):' /proc/meminfo > meminfo.txt
exit $fails

#!/bin/sh
# Guest side of cases/status.sh: talk to the module, unload and reload it,
# and leave the evidence in /out for the host to check.
set -u
. /usr/share/kbench/tests/lib.sh

check status 0 kbench status
check status_json 0 kbench status --json
check status_bad_arg 2 kbench status --bogus
check status_extra 2 kbench status extra

# Load and unload under queries: every cycle must stay clean.
i=0
while [ $i -lt 20 ]; do
	rmmod kbench || { echo "FAIL rmmod $i"; fails=$((fails + 1)); }
	insmod /lib/kbench/kbench.ko || { echo "FAIL insmod $i"; fails=$((fails + 1)); }
	kbench status > /dev/null || { echo "FAIL status after reload $i"; fails=$((fails + 1)); }
	i=$((i + 1))
done

rmmod kbench
check unloaded 2 kbench status
grep -q kbench /proc/modules && { echo "FAIL module still listed"; fails=$((fails + 1)); }
exit $fails

#!/bin/sh
# Guest side of cases/profiles.sh: a recording of nofp, built without frame
# pointers, left in /out/nofp for the host to judge.
set -u
. /usr/share/kbench/tests/lib.sh

check nofp 0 kbench record -F 999 -o nofp -- nofp 3
exit $fails

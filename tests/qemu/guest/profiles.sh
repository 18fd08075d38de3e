#!/bin/sh
# Guest side of cases/profiles.sh: recordings of nofp, built without frame
# pointers, with frame-pointer walks (/out/nofp) and with DWARF unwinding
# of copied user stacks (/out/nofp-dwarf), and of badsp, whose stack
# pointer points nowhere (/out/badsp), left for the host to judge.
set -u
. /usr/share/kbench/tests/lib.sh

check nofp 0 kbench record -F 999 -o nofp -- nofp 3
check nofp-dwarf 0 kbench record -F 999 --unwind dwarf -o nofp-dwarf -- nofp 3
check badunwind 2 kbench record --unwind dwarf,12 -o bad -- true
# Stack copies from stack pointers that point nowhere, or into the kernel.
check badsp 0 kbench record -F 999 --unwind dwarf -o badsp -- badsp
exit $fails

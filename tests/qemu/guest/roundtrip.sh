#!/bin/sh
# Guest side of cases/roundtrip.sh: without the module loaded, leave files of
# known content in /out (binary, nested, linked, empty) and exit with a
# chosen status.
set -eu
kbench status > nomod.out 2> nomod.err && exit 99
echo $? > nomod.status
mkdir -p deep/er
head -c 3000000 /dev/urandom > deep/er/random.bin
sha256sum deep/er/random.bin > random.sha256
ln deep/er/random.bin link.bin
: > empty
echo "KBENCH_IO_DIR=$KBENCH_IO_DIR" > env.txt
grep -E " ($KBENCH_IO_DIR|/out) ext4 " /proc/mounts > mounts.txt
exit 7

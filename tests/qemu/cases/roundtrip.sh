# GUEST_CMD's status comes back as kbench-vm's, /out comes back intact, the
# scratch disk is ext4 on a virtio disk, and --no-module means no module.
expect_status 7 vm "$OUT" --no-module -- sh /usr/share/kbench/tests/roundtrip.sh
o=$OUT/out
(cd "$o" && sha256sum -c random.sha256) || fail "random.bin changed on the way out"
[ -f "$o/empty" ] && [ ! -s "$o/empty" ] || fail "empty file lost"
expect_grep '^2$' "$o/nomod.status"
expect_grep 'not loaded' "$o/nomod.err"
expect_grep '^KBENCH_IO_DIR=/scratch$' "$o/env.txt"
expect_grep '^/dev/vda /scratch ext4 ' "$o/mounts.txt"
expect_grep 'EXT4-fs \(vda\): mounted filesystem' "$OUT/console.log"

# Guest statuses that collide with the harness's verdicts come back as 1.
expect_status 1 vm "$OUT.collide" --no-module -- sh -c 'exit 124'

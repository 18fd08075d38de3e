# GUEST_CMD's status comes back as kbench-vm's, /out (an ext4 disk) comes
# back intact into OUTDIR itself, hard links kept, the scratch disk is ext4
# on a virtio disk, and --no-module means no module.
expect_status 7 vm "$OUT" --no-module -- sh /usr/share/kbench/tests/roundtrip.sh
o=$OUT
(cd "$o" && sha256sum -c random.sha256) || fail "random.bin changed on the way out"
[ -f "$o/empty" ] && [ ! -s "$o/empty" ] || fail "empty file lost"
expect_grep '^2$' "$o/nomod.status"
expect_grep 'not loaded' "$o/nomod.err"
expect_grep '^KBENCH_IO_DIR=/scratch$' "$o/env.txt"
expect_grep '^/dev/vda /scratch ext4 ' "$o/mounts.txt"
expect_grep 'EXT4-fs \(vda\): mounted filesystem' "$OUT/console.log"
expect_grep '^/dev/vdb /out ext4 ' "$o/mounts.txt"
[ "$(stat -c %i "$o/link.bin")" = "$(stat -c %i "$o/deep/er/random.bin")" ] ||
	fail "a hard link in /out came back as a copy"
[ ! -e "$o/out" ] && [ ! -e "$o/lost+found" ] || fail "OUTDIR has a nested out/ or lost+found/"

# A later run into the same OUTDIR replaces what the earlier one left there,
# and nothing else.
echo mine >"$OUT/mine.txt"
expect_status 0 vm "$OUT" --no-module -- sh -c 'echo again > again.txt'
[ ! -e "$o/deep" ] && [ ! -e "$o/random.sha256" ] || fail "the earlier run's files were left"
expect_grep '^mine$' "$OUT/mine.txt"
expect_grep '^again$' "$OUT/again.txt"

# Guest statuses that collide with the harness's verdicts come back as 1.
expect_status 1 vm "$OUT.collide" --no-module -- sh -c 'exit 124'

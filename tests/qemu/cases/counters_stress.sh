# Start/stop loops, owners killed, rmmod under a running session, all under
# syscall load: no kernel warnings (the harness fails on any), no vmalloc
# left behind, counts still exact, and a clear error for the CLI whose module
# went away.
progs=$(dirname "$VM")/../tests/qemu/progs
mkdir -p "$OUT"
gcc -static -O2 -Wall -Wextra -Werror -o "$OUT/sctest" "$progs/sctest.c" ||
	fail "cannot build sctest"
vm "$OUT" --add "$OUT/sctest:/root/sctest" -- sh /usr/share/kbench/tests/counters_stress.sh ||
	fail "guest script failed"
o=$OUT
for f in "$o"/exact*.json; do
	jq -e '[.syscalls[] | select(.name == "getppid")][0].count == 1000' "$f" >/dev/null ||
		fail "$f: getppid is not exactly 1000 under churn"
done
[ "$(cat "$o/vmalloc_running.txt")" -ge 2 ] || fail "no kbench vmalloc area while running"
[ ! -s "$o/vmalloc_after.txt" ] || fail "vmalloc areas left after the session: $(cat "$o/vmalloc_after.txt")"
expect_grep '^state: +idle$' "$o/status_after.txt"
for i in 0 1 2 3 4; do
	[ "$(cat "$o/rmmod$i.status")" = 2 ] || fail "stat survived rmmod $i with status $(cat "$o/rmmod$i.status")"
	expect_grep '^kbench: stat: the session ended early' "$o/rmmod$i.err"
done
[ "$(cat "$o/rmmod_cmd.status")" = 2 ] || fail "stat -- CMD survived rmmod"
expect_grep 'stopped the running session on unload' "$OUT/console.log"

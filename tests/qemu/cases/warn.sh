# A kernel WARNING in the guest fails the run with status 123, even though
# the guest command itself would have succeeded.
ko=$("$VM" build-module "$(dirname "$VM")/../tests/modules/kbench_warn")
[ -f "$ko" ] || fail "test module did not build"
expect_status 123 vm "$OUT" --add "$ko:/root/kbench_warn.ko" -- \
	sh -c 'insmod /root/kbench_warn.ko; exit 0'
expect_grep 'WARNING:.*kbench_warn' "$OUT/console.log"

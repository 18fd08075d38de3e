# cases/safety.sh on the PREEMPT_RT flavour: its spinlock_t sleeps, so a
# probe that took one in atomic context would show here.
. "$(dirname "${BASH_SOURCE[0]}")/safety-common.bash"
[ -z "${KBENCH_TEST_KERNEL:-}" ] || exit 0	# make check-debug runs safety.sh
k=$(safety_kernel '^/boot/vmlinuz-[^ ]*-rt-amd64 ') ||
	fail "no PREEMPT_RT kernel with headers (scripts/deps.sh installs linux-image-rt-amd64 and linux-headers-rt-amd64)"
safety_run ${k% *} ${k#* }

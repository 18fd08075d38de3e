# The module must never hurt the kernel it measures (docs/security.md): on
# the generic kernel with 4 vCPUs, execve from a non-leader thread, extack
# of refused dumps, privilege through borrowed sockets, the last drain,
# the sampler's own faults, the largest rings, fork/exit storms under
# counter reads, other genl families during slow STARTs, CPU hotplug under
# sampling, and the fuzzer as root and nobody, with and without a session;
# then a normal session, and nothing left behind.
. "$(dirname "${BASH_SOURCE[0]}")/safety-common.bash"
if [ -n "${KBENCH_TEST_KERNEL:-}" ]; then
	safety_run "$KBENCH_TEST_KERNEL" "${KBENCH_TEST_KDIR:?}"
else
	k=$(safety_kernel '^/boot/vmlinuz-[0-9.]+-[0-9]+-amd64 ') ||
		fail "no generic Debian kernel with headers (scripts/deps.sh installs linux-image-amd64)"
	safety_run ${k% *} ${k#* }
fi

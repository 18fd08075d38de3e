// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: plants a known regression in getppid(2). A kprobe on
 * the syscall's entry calls kbench_slow_spin(), which busy-waits delay_ns
 * nanoseconds, so `kbench compare` must report syscall/null as a regression
 * and name kbench_slow_spin as the function whose share of samples grew.
 *
 * The spin is a calibrated loop (measured at load time): it runs for about
 * delay_ns, as long as the CPU runs at the speed it had during calibration.
 * At function entry the kprobe goes through ftrace: the handler runs with
 * preemption off but interrupts on, so the sampler's timer interrupts land
 * inside the spin.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/timekeeping.h>

static unsigned int delay_ns = 2000;
module_param(delay_ns, uint, 0644);
MODULE_PARM_DESC(delay_ns, "nanoseconds added to every getppid() (default 2000)");

static char *symbol = "__x64_sys_getppid";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "function to slow down (default __x64_sys_getppid)");

/* Loop iterations per millisecond, measured at load. */
static u64 loops_per_ms;

/*
 * Spins LOOPS iterations. No clock is read inside: under QEMU the
 * clocksource may be the emulated HPET, whose reads would take the samples
 * away from this function.
 */
static noinline void kbench_slow_spin(u64 loops)
{
	while (loops--)
		barrier();
}

/* The fastest of a few timed runs, so that a preempted one does not count. */
static void kbench_slow_calibrate(void)
{
	const u64 loops = 1 << 20;
	u64 best = U64_MAX;
	int i;

	for (i = 0; i < 5; i++) {
		u64 t0 = ktime_get_ns();

		kbench_slow_spin(loops);
		best = min(best, ktime_get_ns() - t0);
	}
	loops_per_ms = div64_u64(loops * NSEC_PER_MSEC, max_t(u64, best, 1));
}

static int kbench_slow_pre(struct kprobe *p, struct pt_regs *regs)
{
	kbench_slow_spin(div_u64((u64)READ_ONCE(delay_ns) * loops_per_ms,
				 NSEC_PER_MSEC));
	return 0;
}

static struct kprobe kbench_slow_kp = {
	.pre_handler = kbench_slow_pre,
};

static int __init kbench_slow_init(void)
{
	int ret;

	kbench_slow_calibrate();
	kbench_slow_kp.symbol_name = symbol;
	ret = register_kprobe(&kbench_slow_kp);
	if (ret) {
		pr_err("cannot probe %s: %d\n", symbol, ret);
		return ret;
	}
	pr_info("%s slowed down by %u ns (%llu loops/ms)\n", symbol, delay_ns,
		loops_per_ms);
	return 0;
}

static void __exit kbench_slow_exit(void)
{
	unregister_kprobe(&kbench_slow_kp);
}

module_init(kbench_slow_init);
module_exit(kbench_slow_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbench test: adds a known delay to one syscall via a kprobe");

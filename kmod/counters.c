// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall and page-fault counters.
 *
 * Syscalls: a raw_syscalls:sys_enter probe counts per CPU and per syscall
 * number (this_cpu_inc, no locks, no atomics); reads sum over the CPUs.
 * Numbers outside the native table and ia32/x32 calls go to one "other"
 * counter, since their numbers mean other syscalls.
 *
 * Latency: sys_enter stores the entry time in a per-tid slot and sys_exit
 * takes it back out. A per-CPU slot would be wrong (the task may sleep and
 * migrate mid-syscall, and another task then enters on that CPU); a slot in
 * task_struct is not ours to add. So there is one u64 per possible tid,
 * allocated at start next to the target bitmap (8 bytes x PID_MAX_LIMIT,
 * 32 MiB on 64-bit, only with latency collection), holding
 * (timestamp << 10) | (syscall number + 1) (the timestamp's top bits fall
 * off; differences are taken modulo 2^54 ticks, exact below 2^53: a month
 * of a 3 GHz TSC), so the exit probe also
 * knows which syscall it ends even when regs->orig_ax no longer says so
 * (rt_sigreturn rewrites it). 0 means "no syscall in flight": the slot is
 * cleared when a task is forked (its first sys_exit, the return from fork,
 * has no entry) and when it exits (exit_group never returns). Only a task's
 * own thread writes its slot while it lives, so no locking is needed.
 *
 * Time is read as cheaply as is right, since latency mode pays two reads
 * per syscall. The TSC itself (one instruction; a difference is scaled to
 * ns at exit by a multiply and a shift from tsc_khz) where the kernel
 * trusts it, not marked unstable, and its rate is fixed: a constant-rate
 * TSC, or a virtual machine's, which no frequency driver rescales. Else
 * local_clock() (sched_clock: no seqlock, no indirect call, no clocksource
 * device), and where that only counts ticks (no usable TSC at all; a
 * session checks that it moves by less than half a tick between two
 * reads), ktime_get_mono_fast_ns(). A global clocksource read is what all
 * reads used to be: a seqcount and an indirect call, and under TCG an
 * emulated HPET costs microseconds. Entry and exit may run on different
 * CPUs (the task slept and migrated): a trusted TSC is synchronized across
 * them; local_clock()'s per-CPU clocks, where it is not stable, stay within
 * a tick of each other. A negative difference counts as 0 ns. The
 * latency_clock parameter forces one clock, so that tests reach each.
 *
 * Page faults: the x86 exceptions:page_fault_user/page_fault_kernel
 * tracepoints give the user/kernel split, counted like syscalls. Minor and
 * major faults come from the target tasks' own min_flt/maj_flt counters,
 * which the kernel bumps in mm_account_fault() and getrusage() reports:
 * a task's growth while it is a target is what is counted. A task joining
 * at start subtracts its value then, a task leaving at exit adds its final
 * value, and a read adds the current value of every live target task (under
 * the target's lock, so an exiting task is counted exactly once).
 *
 * Reset never writes to the per-CPU counters (a probe may be incrementing
 * them): it records their sums as a base that reads subtract.
 */
#include <linux/bitops.h>
#include <linux/compat.h>
#include <linux/err.h>
#include <linux/clocksource.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/kbench.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/clock.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>
#include <asm/unistd.h>
#ifdef CONFIG_X86_TSC
#include <asm/tsc.h>
#endif

#include "counters.h"
#include "gfp.h"
#include "tp.h"

#define KB_NR_SC		NR_syscalls
#define KB_SLOT_NR_BITS		10
#define KB_SLOT_NR_MASK		((1ULL << KB_SLOT_NR_BITS) - 1)
/* One slot per possible tid: indexing by tid & mask needs no bounds check. */
#define KB_NSLOTS		PID_MAX_LIMIT
#define KB_SLOT(tid)		((unsigned int)(tid) & (KB_NSLOTS - 1))

struct kbench_cpu_counts {
	u64 other;
	u64 fault_user;
	u64 fault_kernel;
	u64 count[KB_NR_SC];
};

struct kbench_cpu_lat {
	u64 errors[KB_NR_SC];
	u64 total_ns[KB_NR_SC];
	u64 hist[KB_NR_SC][KBENCH_HIST_BUCKETS];
};

/* Sums at the last reset, subtracted from every read. */
struct kbench_base {
	struct kbench_cpu_counts cnt;
	struct kbench_cpu_lat lat;
};

struct kbench_counters {
	u32 collect;
	struct kbench_target *target;
	struct kbench_cpu_counts __percpu *cnt;
	struct kbench_cpu_lat **lat;	/* [nr_cpu_ids], latency only */
	u64 *slots;			/* [KB_NSLOTS], latency only */
	u8 clock;			/* enum kbench_lat_clock */
	u32 tsc_mult, tsc_shift;	/* TSC cycles to ns */
	struct kbench_base *base;
	s64 minflt_adj, majflt_adj;	/* under target->lock */
	bool sc_registered, exit_registered, pf_registered;
	struct kbench_tp *enter_tp, *exit_tp;	/* the probes for the mode */
};

/* The per-CPU totals that are not per syscall. */
struct kbench_misc_sum {
	u64 other, fault_user, fault_kernel;
};

/* One syscall's values, summed over the CPUs, base subtracted. */
struct kbench_sc_sum {
	u64 count, errors, total_ns;
	u64 hist[KBENCH_HIST_BUCKETS];
};

/*
 * Whether local_clock() is fine grained here: it must move by less than a
 * tick between two reads. A jiffies-based sched_clock holds still for a
 * whole tick, longer than this loop takes; the TSC moves on every read.
 */
static bool kb_local_clock_coarse(void)
{
	u64 t0 = local_clock(), t;
	int i;

	for (i = 0; i < 100000; i++) {
		t = local_clock();
		if (t != t0)
			return t - t0 >= TICK_NSEC / 2;
	}
	return true;
}

/* The latency_clock parameter: a name, kept as an index (no string to free). */
enum { KB_WANT_AUTO, KB_WANT_TSC, KB_WANT_LOCAL, KB_WANT_MONO };
static const char * const kb_want_names[] = { "auto", "tsc", "local", "mono" };
static int kb_want_clock = KB_WANT_AUTO;

static int kb_want_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(kb_want_names, val);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(kb_want_clock, i);
	return 0;
}

static int kb_want_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", kb_want_names[READ_ONCE(kb_want_clock)]);
}

static const struct kernel_param_ops kb_want_ops = {
	.set = kb_want_set,
	.get = kb_want_get,
};
module_param_cb(latency_clock, &kb_want_ops, NULL, 0644);
MODULE_PARM_DESC(latency_clock,
		 "clock that times syscalls: auto (default), tsc, local, mono");

/* Whether the TSC can time syscalls directly (see the top of the file). */
static bool kb_tsc_usable(void)
{
#ifdef CONFIG_X86_TSC
	return boot_cpu_has(X86_FEATURE_TSC) && tsc_khz &&
	       !check_tsc_unstable() &&
	       (boot_cpu_has(X86_FEATURE_CONSTANT_TSC) ||
		boot_cpu_has(X86_FEATURE_HYPERVISOR));
#else
	return false;
#endif
}

static void kb_lat_clock_choose(struct kbench_counters *c)
{
	int want = READ_ONCE(kb_want_clock);

	c->clock = KBENCH_LAT_CLOCK_MONO;
	if (want == KB_WANT_MONO)
		return;
#ifdef CONFIG_X86_TSC
	if ((want == KB_WANT_TSC && boot_cpu_has(X86_FEATURE_TSC) && tsc_khz) ||
	    (want == KB_WANT_AUTO && kb_tsc_usable())) {
		/*
		 * ns = cycles * 10^6 / tsc_khz; mul_u64_u32_shr() multiplies
		 * in 128 bits, so any difference converts.
		 */
		clocks_calc_mult_shift(&c->tsc_mult, &c->tsc_shift, tsc_khz,
				       NSEC_PER_MSEC, 3600);
		c->clock = KBENCH_LAT_CLOCK_TSC;
		return;
	}
#endif
	if (!kb_local_clock_coarse())
		c->clock = KBENCH_LAT_CLOCK_LOCAL;
}

/*
 * The clock as a reply names it: a TSC that the kernel's watchdog marked
 * unstable since the session chose it is said to be so.
 */
static u32 kb_lat_clock_said(const struct kbench_counters *c)
{
#ifdef CONFIG_X86_TSC
	if (c->clock == KBENCH_LAT_CLOCK_TSC && check_tsc_unstable())
		return KBENCH_LAT_CLOCK_TSC_UNSTABLE;
#endif
	return c->clock;
}

/*
 * A timestamp in the session clock's units. TSC is a constant in each
 * probe that calls this: the TSC probes make no calls at all, so they save
 * and restore no registers either.
 */
static __always_inline u64 kb_lat_now(const struct kbench_counters *c,
				      bool tsc)
{
#ifdef CONFIG_X86_TSC
	if (tsc)
		return rdtsc();
#endif
	if (c->clock == KBENCH_LAT_CLOCK_LOCAL)
		return local_clock();
	return ktime_get_mono_fast_ns();
}

/* A difference of two timestamps, in ns. */
static __always_inline u64 kb_lat_ns(const struct kbench_counters *c, u64 d,
				     bool tsc)
{
	if (tsc)
		return mul_u64_u32_shr(d, c->tsc_mult, c->tsc_shift);
	return d;
}

/* Hot paths: preemption is off in a tracepoint probe. */

/* Counts the call; with LAT, notes when it started. */
static __always_inline void kb_enter(struct kbench_counters *c, long id,
				     bool lat, bool tsc)
{
	pid_t tid = current->pid;
	u64 now;

	if (!kbench_target_match(c->target, current))
		return;
	if (unlikely((unsigned long)id >= KB_NR_SC || in_compat_syscall())) {
		this_cpu_inc(c->cnt->other);
		return;
	}
	this_cpu_inc(c->cnt->count[id]);
	if (!lat)
		return;
	now = kb_lat_now(c, tsc);
	WRITE_ONCE(c->slots[KB_SLOT(tid)], (now << KB_SLOT_NR_BITS) | (id + 1));
}

/* Times the call that TASK started, if it started one in the session. */
static __always_inline void kb_exit(struct kbench_counters *c, long ret,
				    bool tsc)
{
	struct kbench_cpu_lat *lat;
	pid_t tid = current->pid;
	unsigned int nr, b;
	u64 slot;
	s64 d;

	slot = READ_ONCE(c->slots[KB_SLOT(tid)]);
	if (!slot)
		return;
	WRITE_ONCE(c->slots[KB_SLOT(tid)], 0);
	nr = (slot & KB_SLOT_NR_MASK) - 1;
	if (WARN_ON_ONCE(nr >= KB_NR_SC))
		return;
	/* Modulo 2^54 ticks: exact for any call shorter than 2^53. */
	d = (s64)((kb_lat_now(c, tsc) << KB_SLOT_NR_BITS) -
		  (slot & ~KB_SLOT_NR_MASK)) >> KB_SLOT_NR_BITS;
	d = d < 0 ? 0 : kb_lat_ns(c, d, tsc);
	b = min_t(unsigned int, fls64(d), KBENCH_HIST_BUCKETS - 1);
	lat = c->lat[raw_smp_processor_id()];
	lat->total_ns[nr] += d;
	lat->hist[nr][b]++;
	if (IS_ERR_VALUE(ret))
		lat->errors[nr]++;
}

/* One probe per mode, so that each does only its own work. */
static void kb_sys_enter_count(void *data, struct pt_regs *regs, long id)
{
	kb_enter(data, id, false, false);
}

static void kb_sys_enter_tsc(void *data, struct pt_regs *regs, long id)
{
	kb_enter(data, id, true, true);
}

static void kb_sys_enter_clock(void *data, struct pt_regs *regs, long id)
{
	kb_enter(data, id, true, false);
}

static void kb_sys_exit_tsc(void *data, struct pt_regs *regs, long ret)
{
	kb_exit(data, ret, true);
}

static void kb_sys_exit_clock(void *data, struct pt_regs *regs, long ret)
{
	kb_exit(data, ret, false);
}

static void kb_pf_user(void *data, unsigned long address,
		       struct pt_regs *regs, unsigned long error_code)
{
	struct kbench_counters *c = data;

	if (kbench_target_match(c->target, current))
		this_cpu_inc(c->cnt->fault_user);
}

/*
 * A kernel-mode fault outside task context is not the task's doing: the
 * sampler's own user-stack reads (copy_from_user_nofault() in its hard
 * interrupt, on a garbage frame pointer) fault there, as do other
 * interrupt-time probes. Only the task's own faults count.
 */
static void kb_pf_kernel(void *data, unsigned long address,
			 struct pt_regs *regs, unsigned long error_code)
{
	struct kbench_counters *c = data;

	if (in_task() && kbench_target_match(c->target, current))
		this_cpu_inc(c->cnt->fault_kernel);
}

static struct kbench_tp kb_enter_count_tps[] = {
	{ .name = "sys_enter", .probe = kb_sys_enter_count },
};

static struct kbench_tp kb_enter_tsc_tps[] = {
	{ .name = "sys_enter", .probe = kb_sys_enter_tsc },
};

static struct kbench_tp kb_enter_clock_tps[] = {
	{ .name = "sys_enter", .probe = kb_sys_enter_clock },
};

static struct kbench_tp kb_exit_tsc_tps[] = {
	{ .name = "sys_exit", .probe = kb_sys_exit_tsc },
};

static struct kbench_tp kb_exit_clock_tps[] = {
	{ .name = "sys_exit", .probe = kb_sys_exit_clock },
};

static struct kbench_tp kb_pf_tps[] = {
	{ .name = "page_fault_user", .probe = kb_pf_user },
	{ .name = "page_fault_kernel", .probe = kb_pf_kernel },
};

struct kbench_counters *kbench_counters_create(u32 collect,
					       struct kbench_target *t)
{
	struct kbench_counters *c;
	int cpu;

	BUILD_BUG_ON(KB_NR_SC + 1 > KB_SLOT_NR_MASK);
	BUILD_BUG_ON(!is_power_of_2(KB_NSLOTS));

	c = kzalloc(sizeof(*c), KBENCH_GFP);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->collect = collect;
	c->target = t;
	if (collect & KBENCH_COLLECT_SYSCALL_LATENCY)
		kb_lat_clock_choose(c);
	c->cnt = alloc_percpu_gfp(struct kbench_cpu_counts, KBENCH_GFP);
	c->base = __vmalloc(sizeof(*c->base), KBENCH_GFP | __GFP_ZERO);
	if (!c->cnt || !c->base)
		goto err_free;

	if (collect & KBENCH_COLLECT_SYSCALL_LATENCY) {
		c->lat = kcalloc(nr_cpu_ids, sizeof(*c->lat), KBENCH_GFP);
		if (!c->lat)
			goto err_free;
		for_each_possible_cpu(cpu) {
			c->lat[cpu] = kvzalloc_node(sizeof(*c->lat[cpu]),
						    KBENCH_GFP_KV,
						    cpu_to_node(cpu));
			if (!c->lat[cpu])
				goto err_free;
		}
		c->slots = __vmalloc(array_size(KB_NSLOTS, sizeof(*c->slots)),
				     KBENCH_GFP | __GFP_ZERO);
		if (!c->slots)
			goto err_free;
	}
	return c;

err_free:
	kbench_counters_destroy(c);
	return ERR_PTR(-ENOMEM);
}

void kbench_counters_destroy(struct kbench_counters *c)
{
	int cpu;

	if (!c)
		return;
	if (WARN_ON_ONCE(c->sc_registered || c->exit_registered ||
			 c->pf_registered))
		return;	/* leak rather than free under a live probe */
	if (c->lat) {
		for_each_possible_cpu(cpu)
			kvfree(c->lat[cpu]);
		kfree(c->lat);
	}
	vfree(c->slots);
	vfree(c->base);
	free_percpu(c->cnt);
	kfree(c);
}

int kbench_counters_register(struct kbench_counters *c)
{
	int ret;

	bool tsc = c->clock == KBENCH_LAT_CLOCK_TSC;

	c->enter_tp = kb_enter_count_tps;
	if (c->collect & KBENCH_COLLECT_SYSCALL_LATENCY) {
		c->enter_tp = tsc ? kb_enter_tsc_tps : kb_enter_clock_tps;
		c->exit_tp = tsc ? kb_exit_tsc_tps : kb_exit_clock_tps;
		ret = kbench_tp_lookup(c->exit_tp, 1) ?:
		      kbench_tp_register(c->exit_tp, 1, c);
		if (ret)
			goto err;
		c->exit_registered = true;
	}
	if (c->collect & KBENCH_COLLECT_SYSCALLS) {
		ret = kbench_tp_lookup(c->enter_tp, 1) ?:
		      kbench_tp_register(c->enter_tp, 1, c);
		if (ret)
			goto err;
		c->sc_registered = true;
	}
	if (c->collect & KBENCH_COLLECT_FAULTS) {
		ret = kbench_tp_lookup(kb_pf_tps, ARRAY_SIZE(kb_pf_tps)) ?:
		      kbench_tp_register(kb_pf_tps, ARRAY_SIZE(kb_pf_tps), c);
		if (ret)
			goto err;
		c->pf_registered = true;
	}
	return 0;

err:
	kbench_counters_unregister(c);
	tracepoint_synchronize_unregister();
	return ret;
}

void kbench_counters_unregister(struct kbench_counters *c)
{
	if (c->pf_registered)
		kbench_tp_unregister(kb_pf_tps, ARRAY_SIZE(kb_pf_tps), c);
	if (c->sc_registered)
		kbench_tp_unregister(c->enter_tp, 1, c);
	if (c->exit_registered)
		kbench_tp_unregister(c->exit_tp, 1, c);
	c->pf_registered = false;
	c->sc_registered = false;
	c->exit_registered = false;
}

void kbench_counters_join(struct task_struct *task, void *arg)
{
	struct kbench_counters *c = arg;

	c->minflt_adj -= READ_ONCE(task->min_flt);
	c->majflt_adj -= READ_ONCE(task->maj_flt);
}

void kbench_counters_leave(struct kbench_counters *c, struct task_struct *task)
{
	c->minflt_adj += READ_ONCE(task->min_flt);
	c->majflt_adj += READ_ONCE(task->maj_flt);
}

void kbench_counters_task_new(struct kbench_counters *c,
			      struct task_struct *task)
{
	if (c->slots)
		WRITE_ONCE(c->slots[KB_SLOT(task->pid)], 0);
}

void kbench_counters_task_gone(struct kbench_counters *c,
			       struct task_struct *task)
{
	kbench_counters_task_new(c, task);
}

void kbench_counters_task_exec(struct kbench_counters *c,
			       struct task_struct *task, pid_t old_tid)
{
	u64 slot;

	if (!c->slots)
		return;
	/* The execve in flight ends under the new tid. */
	slot = READ_ONCE(c->slots[KB_SLOT(old_tid)]);
	WRITE_ONCE(c->slots[KB_SLOT(old_tid)], 0);
	WRITE_ONCE(c->slots[KB_SLOT(task->pid)], slot);
}

/* Sum of min_flt/maj_flt over the live target tasks. Target lock held. */
static void kb_live_faults(struct kbench_counters *c, s64 *min, s64 *maj)
{
	struct kbench_target *t = c->target;
	struct task_struct *task;
	unsigned long tid;

	*min = 0;
	*maj = 0;
	rcu_read_lock();
	for_each_set_bit(tid, t->bits, t->nbits) {
		task = pid_task(find_pid_ns(tid, &init_pid_ns), PIDTYPE_PID);
		if (!task)
			continue;
		*min += READ_ONCE(task->min_flt);
		*maj += READ_ONCE(task->maj_flt);
	}
	rcu_read_unlock();
}

static void kb_sum_sc(struct kbench_counters *c, unsigned int nr,
		      struct kbench_sc_sum *s)
{
	struct kbench_cpu_lat *lat;
	unsigned int b;
	int cpu;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		s->count += READ_ONCE(per_cpu_ptr(c->cnt, cpu)->count[nr]);
		if (!c->lat)
			continue;
		lat = c->lat[cpu];
		s->errors += READ_ONCE(lat->errors[nr]);
		s->total_ns += READ_ONCE(lat->total_ns[nr]);
		for (b = 0; b < KBENCH_HIST_BUCKETS; b++)
			s->hist[b] += READ_ONCE(lat->hist[nr][b]);
	}
	s->count -= c->base->cnt.count[nr];
	s->errors -= c->base->lat.errors[nr];
	s->total_ns -= c->base->lat.total_ns[nr];
	for (b = 0; b < KBENCH_HIST_BUCKETS; b++)
		s->hist[b] -= c->base->lat.hist[nr][b];
}

/* The per-CPU totals that are not per syscall, base not subtracted. */
static void kb_sum_misc(struct kbench_counters *c, struct kbench_misc_sum *m)
{
	struct kbench_cpu_counts *cc;
	int cpu;

	m->other = 0;
	m->fault_user = 0;
	m->fault_kernel = 0;
	for_each_possible_cpu(cpu) {
		cc = per_cpu_ptr(c->cnt, cpu);
		m->other += READ_ONCE(cc->other);
		m->fault_user += READ_ONCE(cc->fault_user);
		m->fault_kernel += READ_ONCE(cc->fault_kernel);
	}
}

void kbench_counters_reset(struct kbench_counters *c)
{
	struct kbench_sc_sum s;
	struct kbench_misc_sum m;
	unsigned int nr;
	s64 min, maj;

	for (nr = 0; nr < KB_NR_SC; nr++) {
		kb_sum_sc(c, nr, &s);
		/* kb_sum_sc() subtracted the old base: add the difference. */
		c->base->cnt.count[nr] += s.count;
		if (!c->lat)
			continue;
		c->base->lat.errors[nr] += s.errors;
		c->base->lat.total_ns[nr] += s.total_ns;
		for (int b = 0; b < KBENCH_HIST_BUCKETS; b++)
			c->base->lat.hist[nr][b] += s.hist[b];
	}
	kb_sum_misc(c, &m);
	c->base->cnt.other = m.other;
	c->base->cnt.fault_user = m.fault_user;
	c->base->cnt.fault_kernel = m.fault_kernel;

	raw_spin_lock(&c->target->lock);
	kb_live_faults(c, &min, &maj);
	c->minflt_adj = -min;
	c->majflt_adj = -maj;
	raw_spin_unlock(&c->target->lock);
}

int kbench_counters_fill_totals(struct kbench_counters *c, struct sk_buff *skb)
{
	struct kbench_misc_sum m;
	struct nlattr *nest;
	s64 min, maj;

	kb_sum_misc(c, &m);
	if (nla_put_u64_64bit(skb, KBENCH_A_SYSCALLS_OTHER,
			      m.other - c->base->cnt.other, KBENCH_A_PAD))
		return -EMSGSIZE;
	if (c->lat && nla_put_u32(skb, KBENCH_A_LATENCY_CLOCK, kb_lat_clock_said(c)))
		return -EMSGSIZE;
	if (!(c->collect & KBENCH_COLLECT_FAULTS))
		return 0;

	raw_spin_lock(&c->target->lock);
	kb_live_faults(c, &min, &maj);
	min += c->minflt_adj;
	maj += c->majflt_adj;
	raw_spin_unlock(&c->target->lock);

	nest = nla_nest_start(skb, KBENCH_A_FAULTS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, KBENCH_A_FAULT_USER,
			      m.fault_user - c->base->cnt.fault_user,
			      KBENCH_A_FAULT_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_FAULT_KERNEL,
			      m.fault_kernel - c->base->cnt.fault_kernel,
			      KBENCH_A_FAULT_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_FAULT_MINOR, max_t(s64, min, 0),
			      KBENCH_A_FAULT_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_FAULT_MAJOR, max_t(s64, maj, 0),
			      KBENCH_A_FAULT_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kb_put_sc(struct kbench_counters *c, struct sk_buff *skb,
		     unsigned int nr, const struct kbench_sc_sum *s)
{
	struct nlattr *hist;
	unsigned int b;

	if (nla_put_u32(skb, KBENCH_A_SC_NR, nr) ||
	    nla_put_u64_64bit(skb, KBENCH_A_SC_COUNT, s->count,
			      KBENCH_A_SC_PAD))
		return -EMSGSIZE;
	if (!c->lat)
		return 0;
	if (nla_put_u64_64bit(skb, KBENCH_A_SC_ERRORS, s->errors,
			      KBENCH_A_SC_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_SC_TOTAL_NS, s->total_ns,
			      KBENCH_A_SC_PAD))
		return -EMSGSIZE;
	hist = nla_nest_start(skb, KBENCH_A_SC_HIST);
	if (!hist)
		return -EMSGSIZE;
	for (b = 0; b < KBENCH_HIST_BUCKETS; b++) {
		if (!s->hist[b])
			continue;
		if (nla_put_u64_64bit(skb, KBENCH_A_HIST_BUCKET0 + b, s->hist[b],
				      KBENCH_A_HIST_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, hist);
	return 0;
}

int kbench_counters_fill_syscalls(struct kbench_counters *c,
				  struct sk_buff *skb, unsigned long *next)
{
	struct nlattr *nest, *entry;
	struct kbench_sc_sum s;
	unsigned long nr;

	nest = nla_nest_start(skb, KBENCH_A_SYSCALLS);
	if (!nest)
		return -EMSGSIZE;
	for (nr = *next; nr < KB_NR_SC; nr++) {
		kb_sum_sc(c, nr, &s);
		if (!s.count && !s.total_ns && !s.errors)
			continue;
		entry = nla_nest_start(skb, KBENCH_A_SYSCALL);
		if (!entry || kb_put_sc(c, skb, nr, &s)) {
			if (entry)
				nla_nest_cancel(skb, entry);
			*next = nr;
			nla_nest_end(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	*next = nr;
	nla_nest_end(skb, nest);
	return 0;
}

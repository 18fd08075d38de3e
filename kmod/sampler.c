// SPDX-License-Identifier: GPL-2.0
/*
 * Stack sampling from pinned per-CPU hrtimers.
 *
 * Each sampled CPU has a timer in HARD mode (on PREEMPT_RT a soft timer runs
 * in a thread and there is no interrupted context left to look at), a
 * scratch buffer and a ring. The timer callback is the only writer of its
 * ring and the drain is the only reader: a single-producer single-consumer
 * ring with acquire/release on the two positions, so the callback never
 * takes a lock, never sleeps and never allocates.
 */
#include <linux/cpu.h>
#include <linux/hrtimer.h>
#include <linux/kbench.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>
#include <asm/irq_regs.h>
#include <asm/unwind.h>

#include "sampler.h"
#include "target.h"

/* Marks the unused end of the ring when a record would not fit there. */
#define KBENCH_CTX_PAD	0xff

struct kbench_cpu {
	struct hrtimer timer;
	struct kbench_sampler *s;
	u8 *ring;
	u64 head;		/* written by the callback only */
	u64 tail;		/* written by the drain only */
	u64 fired, recorded, dropped, filtered, missed;
	ktime_t first;		/* delay of the first tick */
	bool armed;
	struct kbench_sampler_stats snap;	/* filled on this CPU */
	/* Header and IPs are built here before they are sized and copied. */
	struct kbench_sample *scratch;
};

struct kbench_sampler {
	struct kbench_cpu __percpu *cpus;
	cpumask_var_t mask;
	const struct kbench_target *target;
	ktime_t period;
	u32 ring_size;		/* bytes, a power of two */
	u32 kernel_depth, user_depth;
};

/* Finds the interrupted context's registers. */
static struct pt_regs *interrupted_regs(void)
{
	struct unwind_state state;
	struct pt_regs *regs = get_irq_regs();

	if (regs)
		return regs;
	/*
	 * Not entered through an interrupt that recorded its regs: walk out
	 * of the callback until the unwinder crosses the entry frame.
	 */
	for (unwind_start(&state, current, NULL, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		regs = unwind_get_entry_regs(&state, NULL);
		if (regs)
			return regs;
	}
	return NULL;
}

static unsigned int walk_kernel(struct pt_regs *regs, u64 *ips,
				unsigned int max, u8 *flags)
{
	struct unwind_state state;
	unsigned int n = 0;

	/* Starting from regs, the unwinder skips the regs frame itself. */
	ips[n++] = regs->ip;
	for (unwind_start(&state, current, regs, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		unsigned long addr = unwind_get_return_address(&state);

		if (!addr)
			break;
		if (n == max) {
			*flags |= KBENCH_SAMPLE_KERNEL_TRUNCATED;
			break;
		}
		ips[n++] = addr;
	}
	return n;
}

/* Frame-pointer walk of a 64-bit user stack; best effort, never faults. */
static unsigned int walk_user(struct pt_regs *regs, u64 *ips,
			      unsigned int max, u8 *flags)
{
	unsigned long fp = regs->bp;
	unsigned int n = 0;

	if (!max)
		return 0;
	ips[n++] = regs->ip;
	if (!user_64bit_mode(regs))
		return n;
	while (fp && !(fp & 7)) {
		unsigned long frame[2];

		if (n == max) {
			*flags |= KBENCH_SAMPLE_USER_TRUNCATED;
			break;
		}
		if (copy_from_user_nofault(frame, (void __user *)fp,
					   sizeof(frame))) {
			*flags |= KBENCH_SAMPLE_USER_FAULTED;
			break;
		}
		if (!frame[1])
			break;
		ips[n++] = frame[1];
		/* Stacks grow down: a caller's frame is always higher. */
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
	return n;
}

/* Copies the scratch record into the ring; false when it does not fit. */
static bool ring_put(struct kbench_cpu *c, u32 size)
{
	u32 mask = c->s->ring_size - 1;
	u32 off = c->head & mask, pad = 0;
	u64 head = c->head, tail;

	/* Pairs with the drain's release: the space it freed is copied out. */
	tail = smp_load_acquire(&c->tail);

	if (off + size > c->s->ring_size)
		pad = c->s->ring_size - off;
	if (head + pad + size - tail > c->s->ring_size)
		return false;
	if (pad) {
		struct kbench_sample *p = (void *)(c->ring + off);

		p->size = pad;
		p->context = KBENCH_CTX_PAD;
		head += pad;
		off = 0;
	}
	memcpy(c->ring + off, c->scratch, size);
	/* Publishes the record to the drain. */
	smp_store_release(&c->head, head + size);
	return true;
}

static enum hrtimer_restart kbench_tick(struct hrtimer *timer)
{
	struct kbench_cpu *c = container_of(timer, struct kbench_cpu, timer);
	struct kbench_sampler *s = c->s;
	struct kbench_sample *rec = c->scratch;
	struct task_struct *task = current;
	struct pt_regs *regs, *uregs = NULL;
	ktime_t due;
	u64 overruns;

	/*
	 * The tick's due time is its timestamp: exact to within the timer's
	 * latency, and free, where a clocksource read is not (an emulated
	 * HPET costs microseconds).
	 */
	due = hrtimer_get_expires(timer);
	overruns = hrtimer_forward_now(timer, s->period);
	c->fired++;
	if (overruns > 1)
		c->missed += overruns - 1;

	if (!kbench_target_match(s->target, task)) {
		c->filtered++;
		return HRTIMER_RESTART;
	}
	regs = interrupted_regs();

	memset(rec, 0, sizeof(*rec));
	rec->cpu = smp_processor_id();
	rec->pid = task->tgid;
	rec->tid = task->pid;
	rec->time_ns = ktime_to_ns(due);
	if (regs && user_mode(regs)) {
		rec->context = KBENCH_CTX_USER;
		uregs = regs;
	} else {
		rec->context = is_idle_task(task) ? KBENCH_CTX_IDLE : KBENCH_CTX_KERNEL;
		if (regs)
			rec->nr_kernel = walk_kernel(regs, rec->ips, s->kernel_depth,
						     &rec->flags);
		/* Where a user task entered the kernel. */
		if (task->mm && !(task->flags & PF_KTHREAD))
			uregs = task_pt_regs(task);
	}
	if (uregs)
		rec->nr_user = walk_user(uregs, rec->ips + rec->nr_kernel,
					 s->user_depth, &rec->flags);
	rec->size = sizeof(*rec) + sizeof(u64) * (rec->nr_kernel + rec->nr_user);

	if (ring_put(c, rec->size))
		c->recorded++;
	else
		c->dropped++;
	return HRTIMER_RESTART;
}

static void start_on_cpu(void *arg)
{
	struct kbench_sampler *s = arg;
	struct kbench_cpu *c = this_cpu_ptr(s->cpus);

	hrtimer_start(&c->timer, c->first, HRTIMER_MODE_REL_PINNED_HARD);
}

static void free_cpus(struct kbench_sampler *s)
{
	unsigned int cpu;

	for_each_cpu(cpu, s->mask) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		if (c->armed)
			hrtimer_cancel(&c->timer);
		kvfree(c->ring);
		kfree(c->scratch);
	}
	free_percpu(s->cpus);
	free_cpumask_var(s->mask);
}

struct kbench_sampler *kbench_sampler_start(const struct kbench_sampler_config *cfg,
					    const struct kbench_target *target)
{
	struct kbench_sampler *s;
	unsigned int cpu, nth = 0;
	size_t max_rec;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->target = target;
	s->period = ns_to_ktime(NSEC_PER_SEC / cfg->freq_hz);
	s->ring_size = roundup_pow_of_two(cfg->ring_kb * 1024);
	s->kernel_depth = cfg->kernel_depth;
	s->user_depth = cfg->user_depth;
	max_rec = sizeof(struct kbench_sample) +
		  sizeof(u64) * (cfg->kernel_depth + cfg->user_depth);

	s->cpus = alloc_percpu(struct kbench_cpu);
	if (!s->cpus || !zalloc_cpumask_var(&s->mask, GFP_KERNEL))
		goto err;

	cpus_read_lock();
	cpumask_and(s->mask, cfg->cpus, cpu_online_mask);
	if (cpumask_empty(s->mask)) {
		cpus_read_unlock();
		free_cpus(s);
		kfree(s);
		return ERR_PTR(-EINVAL);
	}
	for_each_cpu(cpu, s->mask) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		c->s = s;
		/*
		 * Ticks spread evenly over the period instead of hitting every
		 * CPU at once: under TCG, CPUs interrupted together miss a
		 * third of their 1 kHz ticks waiting for each other.
		 */
		c->first = ktime_add_ns(s->period,
					div_u64(ktime_to_ns(s->period) * nth++,
						cpumask_weight(s->mask)));
		c->ring = kvzalloc_node(s->ring_size, GFP_KERNEL, cpu_to_node(cpu));
		c->scratch = kzalloc_node(max_rec, GFP_KERNEL, cpu_to_node(cpu));
		if (!c->ring || !c->scratch)
			goto err_unlock;
		hrtimer_init(&c->timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_PINNED_HARD);
		c->timer.function = kbench_tick;
		c->armed = true;
	}
	/* A pinned timer stays on the CPU that starts it. */
	on_each_cpu_mask(s->mask, start_on_cpu, s, true);
	cpus_read_unlock();
	return s;

err_unlock:
	cpus_read_unlock();
err:
	if (s->cpus)
		free_cpus(s);
	else
		free_cpumask_var(s->mask);
	kfree(s);
	return ERR_PTR(-ENOMEM);
}

void kbench_sampler_stop_timers(struct kbench_sampler *s)
{
	unsigned int cpu;

	/* Waits for a callback running on another CPU; cancel is idempotent. */
	for_each_cpu(cpu, s->mask)
		hrtimer_cancel(&per_cpu_ptr(s->cpus, cpu)->timer);
}

void kbench_sampler_stop(struct kbench_sampler *s)
{
	if (!s)
		return;
	free_cpus(s);
	kfree(s);
}

/* Bytes of whole records from TAIL that fit in ROOM, pads included. */
static u32 ring_span(struct kbench_cpu *c, u64 tail, u64 head, u32 room,
		     u32 *payload)
{
	u32 mask = c->s->ring_size - 1, span = 0;

	*payload = 0;
	while (tail + span < head) {
		struct kbench_sample *p = (void *)(c->ring + ((tail + span) & mask));

		if (p->context != KBENCH_CTX_PAD) {
			if (*payload + p->size > room)
				break;
			*payload += p->size;
		}
		span += p->size;
	}
	return span;
}

int kbench_sampler_drain(struct kbench_sampler *s, struct sk_buff *skb,
			 unsigned int *cursor)
{
	unsigned int cpu;

	for (cpu = *cursor; cpu < nr_cpu_ids; cpu++) {
		struct kbench_cpu *c;
		u64 head, tail;
		u32 mask = s->ring_size - 1, span, payload, done = 0;
		int room = skb_tailroom(skb) - nla_total_size(0) - NLA_ALIGNTO;
		struct nlattr *attr;
		u8 *dst;

		if (!cpumask_test_cpu(cpu, s->mask))
			continue;
		c = per_cpu_ptr(s->cpus, cpu);
		/* Pairs with ring_put()'s release: the records are complete. */
		head = smp_load_acquire(&c->head);
		tail = c->tail;
		if (tail == head)
			continue;
		*cursor = cpu;
		if (room <= 0)
			return -EMSGSIZE;
		span = ring_span(c, tail, head, room, &payload);
		if (!payload) {
			/* Only pads, or one record larger than a message. */
			if (!span)
				return -EMSGSIZE;
			/* Pairs with ring_put()'s acquire of the tail. */
			smp_store_release(&c->tail, tail + span);
			continue;
		}
		attr = nla_reserve(skb, KBENCH_A_SAMPLES, payload);
		if (!attr)
			return -EMSGSIZE;
		dst = nla_data(attr);
		/*
		 * Records lie back to back between pads and the ring's end:
		 * one memcpy per such run, not per record.
		 */
		while (done < span) {
			u8 *src = c->ring + ((tail + done) & mask);
			struct kbench_sample *p = (void *)src;
			u32 run = 0;

			if (p->context == KBENCH_CTX_PAD) {
				done += p->size;
				continue;
			}
			do {
				run += p->size;
				p = (void *)(src + run);
			} while (done + run < span && ((tail + done + run) & mask) &&
				 p->context != KBENCH_CTX_PAD);
			memcpy(dst, src, run);
			dst += run;
			done += run;
		}
		/* Frees the space only after the copy; pairs with ring_put(). */
		smp_store_release(&c->tail, tail + span);
		return payload;
	}
	*cursor = nr_cpu_ids;
	return 0;
}

u64 kbench_sampler_budget(const struct kbench_sampler *s)
{
	return (u64)s->ring_size * cpumask_weight(s->mask);
}

/*
 * Runs on the CPU itself, with interrupts off: its timer callback, a hard
 * interrupt on the same CPU, cannot be half way through its counting.
 */
static void snapshot_on_cpu(void *arg)
{
	struct kbench_sampler_stats *st = arg;
	struct kbench_cpu *c = container_of(st, struct kbench_cpu, snap);

	*st = (struct kbench_sampler_stats){
		.fired = c->fired, .recorded = c->recorded,
		.dropped = c->dropped, .filtered = c->filtered,
		.missed = c->missed,
	};
}

static int put_cpu_stats(struct sk_buff *skb, unsigned int cpu,
			 const struct kbench_sampler_stats *st)
{
	struct nlattr *nest = nla_nest_start(skb, KBENCH_A_CPU);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KBENCH_A_CPU_ID, cpu) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_FIRED, st->fired, KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_RECORDED, st->recorded, KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_DROPPED, st->dropped, KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_FILTERED, st->filtered, KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_MISSED, st->missed, KBENCH_A_CPU_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int kbench_sampler_fill_stats(struct kbench_sampler *s, struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, KBENCH_A_CPU_STATS);
	unsigned int cpu;

	if (!nest)
		return -EMSGSIZE;
	for_each_cpu(cpu, s->mask) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		/* An offline CPU's timer has moved on: its values are still. */
		if (smp_call_function_single(cpu, snapshot_on_cpu, &c->snap, 1))
			snapshot_on_cpu(&c->snap);
		if (put_cpu_stats(skb, cpu, &c->snap)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

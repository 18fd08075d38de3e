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
 *
 * The rings are the module's, read over netlink (READ_SAMPLES), or pages of
 * the session owner's memory that it reads in place (user_ring.c). Either
 * way HEAD is the callback's own and only published, through HEADP, and
 * TAIL is read through TAILP to size the free space: never trusted for
 * more, since an owner can write anything there.
 *
 * CPU hotplug. A pinned timer left on a CPU that goes down would migrate
 * and sample another CPU into this one's ring. A hotplug instance per
 * sampler cancels the timer on the dying CPU before it goes (the callback
 * runs on that CPU), and starts it again, with a ring allocated then if the
 * CPU never had one, on a CPU of the request that comes online. A ring
 * outlives its CPU's going down: its samples are still drained. Timers are
 * only armed and cancelled with the hotplug lock held (read side here,
 * write side in the callbacks), so the two never race.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/kbench.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>
#include <asm/irq_regs.h>
#include <asm/unwind.h>

#include "gfp.h"
#include "sampler.h"
#include "target.h"
#include "user_ring.h"
#include "ustack.h"

struct kbench_cpu {
	struct hrtimer timer;
	struct kbench_sampler *s;
	u8 *ring;
	u64 head;		/* the callback's; only published */
	u64 *headp;		/* where it is published */
	u64 *tailp;		/* where the reader frees space */
	u64 pub_head;		/* the module's ring: HEAD published */
	u64 tail;		/* the module's ring: written by the drain only */
	struct kbench_user_ring uring;	/* the owner's ring, when it is */
	u64 fired, recorded, dropped, filtered, missed;
	u64 ustack_copies, ustack_ns;
	ktime_t first;		/* delay of the first tick */
	bool armed;		/* timer started; changes under the hotplug lock */
	struct kbench_sampler_stats snap;	/* filled on this CPU */
	/*
	 * A record is built here, before it is sized and copied, when the
	 * ring has no room for the largest one at its head.
	 */
	struct kbench_sample *scratch;
};

struct kbench_sampler {
	struct kbench_cpu __percpu *cpus;
	/*
	 * Allocated as plain memory, not cpumask_var_t: a failed
	 * alloc_cpumask_var() dumps a stack on DEBUG_PER_CPU_MAPS kernels,
	 * whatever the GFP flags say (see kbench_alloc_cpumask()).
	 */
	struct cpumask *want;	/* the CPUs asked for, online or not */
	struct cpumask *mask;	/* CPUs with a ring: every one sampled so far */
	struct hlist_node node;	/* the hotplug instance */
	bool node_added;
	bool stopped;		/* no timer starts again; hotplug lock */
	const struct kbench_target *target;
	ktime_t period;
	bool user_rings;	/* in the owner's memory, pinned at start */
	u32 ring_size;		/* bytes, a power of two */
	u32 kernel_depth, user_depth;
	u32 ustack;		/* user stack bytes copied per sample */
	size_t max_rec;		/* bytes of the largest record */
};

static enum cpuhp_state kbench_cpuhp_state;

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

/*
 * Reads one user frame, the caller's frame pointer and the return address,
 * with page faults disabled (the caller's doing): false when it is not
 * mapped. Two plain loads between one STAC/CLAC, as perf reads frames,
 * where copy_from_user_nofault() would call out to a string copy per frame.
 */
static bool read_user_frame(unsigned long fp, unsigned long frame[2])
{
	const unsigned long __user *p = (const unsigned long __user *)fp;

	if (!user_access_begin(p, 2 * sizeof(*p)))
		return false;
	unsafe_get_user(frame[0], &p[0], fault);
	unsafe_get_user(frame[1], &p[1], fault);
	user_access_end();
	return true;
fault:
	user_access_end();
	return false;
}

/*
 * Frame-pointer walk of a 64-bit user stack; best effort, never faults.
 * Frames are read directly once the task's own mm is known to be loaded:
 * MM_LOADED when the tick interrupted user mode itself; else the first
 * frame is read with copy_from_user_nofault(), which checks it (an EFI
 * runtime call, during which the tick may interrupt the kernel, runs on
 * efi_mm, whose low half is not the task's). The mm cannot change while
 * the tick runs.
 */
static unsigned int walk_user(struct pt_regs *regs, u64 *ips,
			      unsigned int max, u8 *flags, bool mm_loaded)
{
	unsigned long fp = regs->bp;
	unsigned int n = 0;

	if (!max)
		return 0;
	ips[n++] = regs->ip;
	if (!user_64bit_mode(regs))
		return n;
	pagefault_disable();
	while (fp && !(fp & 7)) {
		unsigned long frame[2];

		if (n == max) {
			*flags |= KBENCH_SAMPLE_USER_TRUNCATED;
			break;
		}
		if (n == 1 && !mm_loaded ?
		    copy_from_user_nofault(frame, (void __user *)fp, sizeof(frame)) :
		    !read_user_frame(fp, frame)) {
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
	pagefault_enable();
	return n;
}

/*
 * Where the tick builds its record: in the ring itself, at the head, when
 * the largest record would fit there without wrapping (the drain reads
 * nothing past the head, and the acquire of the tail orders its copy-out
 * of that space before our writes); else in the scratch buffer, for
 * ring_put() to copy and wrap. Most ticks then copy nothing.
 */
static struct kbench_sample *ring_reserve(struct kbench_cpu *c)
{
	u32 size = c->s->ring_size, off = c->head & (size - 1);
	/* Pairs with the reader's release: the space it freed is read. */
	u64 tail = smp_load_acquire(c->tailp);

	if (off + c->s->max_rec <= size && c->head + c->s->max_rec - tail <= size)
		return (void *)(c->ring + off);
	return c->scratch;
}

/* Copies the scratch record into the ring; false when it does not fit. */
static bool ring_put(struct kbench_cpu *c, u32 size)
{
	u32 mask = c->s->ring_size - 1;
	u32 off = c->head & mask, pad = 0;
	u64 head = c->head, tail;

	/* Pairs with the reader's release: the space it freed is read. */
	tail = smp_load_acquire(c->tailp);

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
	c->head = head + size;
	/* Publishes the record to the reader. */
	smp_store_release(c->headp, c->head);
	return true;
}

static enum hrtimer_restart kbench_tick(struct hrtimer *timer)
{
	struct kbench_cpu *c = container_of(timer, struct kbench_cpu, timer);
	struct kbench_sampler *s = c->s;
	struct kbench_sample *rec;
	struct task_struct *task = current;
	struct pt_regs *regs, *uregs = NULL;
	unsigned int nr_kernel = 0, nr_user = 0, size;
	u8 context, flags = 0;
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

	/*
	 * The record may be in the owner's memory, which it can write while
	 * we do: its fields are only ever written, and what the tick needs
	 * again (counts, flags, size) stays in locals.
	 */
	rec = ring_reserve(c);
	if (regs && user_mode(regs)) {
		context = KBENCH_CTX_USER;
		uregs = regs;
	} else {
		context = is_idle_task(task) ? KBENCH_CTX_IDLE : KBENCH_CTX_KERNEL;
		if (regs)
			nr_kernel = walk_kernel(regs, rec->ips, s->kernel_depth,
						&flags);
		/*
		 * Where a user task entered the kernel. Not an io_uring
		 * worker's: its pt_regs are its parent's, with a stale bp.
		 */
		if (task->mm && !(task->flags & (PF_KTHREAD | PF_IO_WORKER)))
			uregs = task_pt_regs(task);
	}
	if (uregs)
		nr_user = walk_user(uregs, rec->ips + nr_kernel, s->user_depth,
				    &flags, uregs == regs);
	size = sizeof(*rec) + sizeof(u64) * (nr_kernel + nr_user);
	if (uregs && s->ustack) {
		u64 t0 = local_clock();

		size += kbench_ustack_copy(uregs, (u8 *)rec + size, s->ustack,
					   &flags);
		c->ustack_ns += local_clock() - t0;
		c->ustack_copies++;
	}
	rec->size = size;
	rec->context = context;
	rec->flags = flags;
	rec->cpu = smp_processor_id();
	rec->nr_kernel = nr_kernel;
	rec->nr_user = nr_user;
	rec->pid = task->tgid;
	rec->tid = task->pid;
	rec->time_ns = ktime_to_ns(due);

	if (rec != c->scratch) {
		c->head += size;
		/* Publishes the record to the reader. */
		smp_store_release(c->headp, c->head);
		c->recorded++;
	} else if (ring_put(c, size)) {
		c->recorded++;
	} else {
		c->dropped++;
	}
	return HRTIMER_RESTART;
}

/* Gives CPU its ring, scratch and timer. Hotplug lock held. */
static int prepare_cpu(struct kbench_sampler *s, unsigned int cpu)
{
	struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);
	int node = cpu_to_node(cpu);

	c->s = s;
	c->scratch = kzalloc_node(s->max_rec, KBENCH_GFP, node);
	if (!c->scratch)
		return -ENOMEM;
	if (s->user_rings) {
		/* Pinned at start, for every CPU asked for. */
		c->ring = c->uring.data;
		c->headp = &c->uring.ctl->head;
		c->tailp = &c->uring.ctl->tail;
	} else {
		c->ring = kvzalloc_node(s->ring_size, KBENCH_GFP_KV, node);
		if (!c->ring) {
			kfree(c->scratch);
			c->scratch = NULL;
			return -ENOMEM;
		}
		c->headp = &c->pub_head;
		c->tailp = &c->tail;
	}
	hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	c->timer.function = kbench_tick;
	c->first = s->period;
	/* The drain and the stats look at CPUs in the mask only. */
	cpumask_set_cpu(cpu, s->mask);
	return 0;
}

/* On C's own CPU: a pinned timer stays on the CPU that starts it. */
static void arm_cpu(struct kbench_cpu *c)
{
	c->armed = true;
	hrtimer_start(&c->timer, c->first, HRTIMER_MODE_REL_PINNED_HARD);
}

static void start_on_cpu(void *arg)
{
	struct kbench_sampler *s = arg;

	arm_cpu(this_cpu_ptr(s->cpus));
}

/* Hotplug: runs on CPU as it comes online (cpuhp thread, may sleep). */
static int kbench_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct kbench_sampler *s = hlist_entry(node, struct kbench_sampler, node);

	if (s->stopped || !cpumask_test_cpu(cpu, s->want))
		return 0;
	/* Never fail the hotplug: without a ring the CPU is not sampled. */
	if (!cpumask_test_cpu(cpu, s->mask) && prepare_cpu(s, cpu)) {
		pr_info("CPU %u came online; no memory for its sample ring, not sampled\n",
			cpu);
		return 0;
	}
	arm_cpu(per_cpu_ptr(s->cpus, cpu));
	return 0;
}

/* Hotplug: runs on CPU before it goes down; its timer must not migrate. */
static int kbench_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct kbench_sampler *s = hlist_entry(node, struct kbench_sampler, node);
	struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

	if (cpumask_test_cpu(cpu, s->mask) && c->armed) {
		hrtimer_cancel(&c->timer);
		c->armed = false;
	}
	return 0;
}

static void free_cpus(struct kbench_sampler *s)
{
	unsigned int cpu;

	if (s->node_added)
		cpuhp_state_remove_instance_nocalls(kbench_cpuhp_state, &s->node);
	/* The mask is NULL when its own allocation failed. */
	if (s->cpus && s->mask) {
		for_each_cpu(cpu, s->mask) {
			struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

			if (c->armed)
				hrtimer_cancel(&c->timer);
			if (!s->user_rings)
				kvfree(c->ring);
			kfree(c->scratch);
		}
	}
	/* Every timer is off: the owner's pages go back to it. */
	if (s->cpus && s->want && s->user_rings)
		for_each_cpu(cpu, s->want)
			kbench_user_ring_release(&per_cpu_ptr(s->cpus, cpu)->uring);
	free_percpu(s->cpus);
	kfree(s->mask);
	kfree(s->want);
}

/* A bound on the whole, not only per ring: an eighth of memory. */
static bool rings_fit(u32 ring_size, unsigned int n,
		      struct netlink_ext_ack *extack)
{
	u64 limit = ((u64)totalram_pages() << PAGE_SHIFT) / 8;

	if ((u64)ring_size * n <= limit)
		return true;
	NL_SET_ERR_MSG(extack,
		       "the sample rings would take more than an eighth of memory: use smaller rings");
	return false;
}

/*
 * Pins the owner's ring of every CPU asked for, online or not, so that a
 * CPU coming online needs no memory. Process context, the owner's own.
 */
static int pin_user_rings(struct kbench_sampler *s,
			  const struct kbench_sampler_config *cfg,
			  struct netlink_ext_ack *extack)
{
	u64 slot = PAGE_SIZE + s->ring_size;
	unsigned int cpu;
	int ret;

	if (!PAGE_ALIGNED(cfg->ring_addr)) {
		NL_SET_ERR_MSG(extack, "the ring region must start on a page boundary");
		return -EINVAL;
	}
	if (cfg->ring_len != kbench_user_ring_region_len(s->ring_size)) {
		NL_SET_ERR_MSG(extack,
			       "the ring region must be a page and a ring for each CPU id below nr_cpu_ids");
		return -EINVAL;
	}
	if (!rings_fit(s->ring_size, cpumask_weight(s->want), extack))
		return -ENOMEM;
	for_each_cpu(cpu, s->want) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		ret = kbench_user_ring_pin(&c->uring, cfg->ring_addr + cpu * slot,
					   s->ring_size, extack);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The rings of the online CPUs asked for, each with its first tick spread
 * over the period. Hotplug lock held; frees nothing on failure.
 */
static int prepare_online(struct kbench_sampler *s, struct netlink_ext_ack *extack)
{
	unsigned int cpu, nth = 0, n;

	for_each_cpu_and(cpu, s->want, cpu_online_mask)
		nth++;
	if (!nth) {
		NL_SET_ERR_MSG(extack, "no online CPU to sample");
		return -EINVAL;
	}
	/* The owner's rings were sized and pinned already. */
	if (!s->user_rings && !rings_fit(s->ring_size, nth, extack))
		return -ENOMEM;
	n = nth;
	nth = 0;
	for_each_cpu_and(cpu, s->want, cpu_online_mask) {
		if (prepare_cpu(s, cpu)) {
			NL_SET_ERR_MSG(extack, "cannot allocate the sample rings");
			return -ENOMEM;
		}
		/*
		 * Ticks spread evenly over the period instead of hitting every
		 * CPU at once: under TCG, CPUs interrupted together miss a
		 * third of their 1 kHz ticks waiting for each other.
		 */
		per_cpu_ptr(s->cpus, cpu)->first =
			ktime_add_ns(s->period,
				     div_u64(ktime_to_ns(s->period) * nth++, n));
	}
	return 0;
}

struct kbench_sampler *kbench_sampler_start(const struct kbench_sampler_config *cfg,
					    const struct kbench_target *target,
					    struct netlink_ext_ack *extack)
{
	struct kbench_sampler *s;
	int ret = -ENOMEM;

	s = kzalloc(sizeof(*s), KBENCH_GFP);
	if (!s) {
		NL_SET_ERR_MSG(extack, "not enough memory for the sampler");
		return ERR_PTR(-ENOMEM);
	}
	s->target = target;
	s->period = ns_to_ktime(NSEC_PER_SEC / cfg->freq_hz);
	s->user_rings = cfg->ring_addr || cfg->ring_len;
	s->ring_size = roundup_pow_of_two(cfg->ring_kb * 1024);
	s->kernel_depth = cfg->kernel_depth;
	s->user_depth = cfg->user_depth;
	s->ustack = cfg->ustack;
	s->max_rec = sizeof(struct kbench_sample) +
		     sizeof(u64) * (cfg->kernel_depth + cfg->user_depth);
	if (cfg->ustack)
		s->max_rec += sizeof(struct kbench_sample_ustack) + cfg->ustack;
	if (s->max_rec * 4 > s->ring_size) {
		NL_SET_ERR_MSG(extack,
			       "the sample ring cannot hold four records with their user stacks: use a larger ring");
		kfree(s);
		return ERR_PTR(-EINVAL);
	}
	s->want = kbench_alloc_cpumask(KBENCH_GFP);
	s->mask = kbench_alloc_cpumask(KBENCH_GFP);
	if (!s->want || !s->mask)
		goto err_nomem;
	s->cpus = alloc_percpu_gfp(struct kbench_cpu, KBENCH_GFP);
	if (!s->cpus)
		goto err_nomem;
	cpumask_and(s->want, cfg->cpus, cpu_possible_mask);
	if (s->user_rings) {
		ret = pin_user_rings(s, cfg, extack);
		if (ret)
			goto err;
	}

	/* Its callbacks leave a stopped sampler alone until it starts. */
	s->stopped = true;
	ret = cpuhp_state_add_instance_nocalls(kbench_cpuhp_state, &s->node);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot follow CPU hotplug");
		goto err;
	}
	s->node_added = true;
	cpus_read_lock();
	ret = prepare_online(s, extack);
	if (!ret) {
		s->stopped = false;
		on_each_cpu_mask(s->mask, start_on_cpu, s, true);
	}
	cpus_read_unlock();
	if (ret)
		goto err;
	return s;

err_nomem:
	NL_SET_ERR_MSG(extack, "not enough memory for the sampler");
err:
	free_cpus(s);
	kfree(s);
	return ERR_PTR(ret);
}

void kbench_sampler_stop_timers(struct kbench_sampler *s)
{
	unsigned int cpu;

	cpus_read_lock();
	s->stopped = true;
	/* Waits for a callback running on another CPU. */
	for_each_cpu(cpu, s->mask) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		if (c->armed) {
			hrtimer_cancel(&c->timer);
			c->armed = false;
		}
	}
	cpus_read_unlock();
}

void kbench_sampler_stop(struct kbench_sampler *s)
{
	if (!s)
		return;
	kbench_sampler_stop_timers(s);
	free_cpus(s);
	kfree(s);
}

int __init kbench_sampler_init(void)
{
	int ret;

	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "kbench/sampler:online",
				      kbench_cpu_online, kbench_cpu_offline);
	if (ret < 0)
		return ret;
	kbench_cpuhp_state = ret;
	return 0;
}

void kbench_sampler_exit(void)
{
	cpuhp_remove_multi_state(kbench_cpuhp_state);
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

static int drain_locked(struct kbench_sampler *s, struct sk_buff *skb,
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
		/* Pairs with the callback's release: the records are complete. */
		head = smp_load_acquire(&c->pub_head);
		tail = c->tail;
		if (tail == head)
			continue;
		*cursor = cpu;
		if (room <= 0)
			return -EMSGSIZE;
		span = ring_span(c, tail, head, room, &payload);
		if (!payload) {
			/* The next record does not fit this message. */
			if (!span)
				return -EMSGSIZE;
			/* Pads first: pairs with ring_put()'s acquire of the tail. */
			smp_store_release(&c->tail, tail + span);
			/*
			 * Records after the pads are this CPU's, for the next
			 * message: moving on would skip them, and could end
			 * the dump with them still in the ring.
			 */
			if (tail + span != head)
				return -EMSGSIZE;
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

int kbench_sampler_drain(struct kbench_sampler *s, struct sk_buff *skb,
			 unsigned int *cursor)
{
	int ret;

	if (s->user_rings)
		return -EBUSY;
	/* The mask and the rings of CPUs coming online hold still. */
	cpus_read_lock();
	ret = drain_locked(s, skb, cursor);
	cpus_read_unlock();
	return ret;
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
		.ustack_copies = c->ustack_copies, .ustack_ns = c->ustack_ns,
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
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_MISSED, st->missed, KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_USTACK_COPIES, st->ustack_copies,
			      KBENCH_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KBENCH_A_CPU_USTACK_NS, st->ustack_ns,
			      KBENCH_A_CPU_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * A nest's length is 16 bits: KBENCH_A_CPU_STATS holds at most this many
 * CPUs, and a reply carries as many nests as it takes.
 */
#define KB_CPUS_PER_NEST	256

static int fill_stats_locked(struct kbench_sampler *s, struct sk_buff *skb)
{
	struct nlattr *nest = NULL;
	unsigned int cpu, n = 0;

	BUILD_BUG_ON(nla_total_size(0) + KB_CPUS_PER_NEST * KBENCH_CPU_STATS_BYTES >
		     U16_MAX);
	for_each_cpu(cpu, s->mask) {
		struct kbench_cpu *c = per_cpu_ptr(s->cpus, cpu);

		if (!nest) {
			nest = nla_nest_start(skb, KBENCH_A_CPU_STATS);
			if (!nest)
				return -EMSGSIZE;
		}
		/*
		 * An online CPU is read on itself; an offline one's timer was
		 * cancelled before it went down, so its values are still.
		 */
		if (!cpu_online(cpu) ||
		    smp_call_function_single(cpu, snapshot_on_cpu, &c->snap, 1))
			snapshot_on_cpu(&c->snap);
		if (put_cpu_stats(skb, cpu, &c->snap))
			return -EMSGSIZE;
		if (++n == KB_CPUS_PER_NEST) {
			nla_nest_end(skb, nest);
			nest = NULL;
			n = 0;
		}
	}
	if (nest)
		nla_nest_end(skb, nest);
	return 0;
}

int kbench_sampler_fill_stats(struct kbench_sampler *s, struct sk_buff *skb)
{
	int ret;

	/* No CPU goes down, or comes up, between its check and its read. */
	cpus_read_lock();
	ret = fill_stats_locked(s, skb);
	cpus_read_unlock();
	return ret;
}

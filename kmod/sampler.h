/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stack sampler: per-CPU pinned hrtimers that record the interrupted
 * context's kernel and user stacks into bounded per-CPU rings.
 */
#ifndef _KBENCH_SAMPLER_H
#define _KBENCH_SAMPLER_H

#include <linux/cpumask.h>
#include <linux/types.h>

struct kbench_target;
struct netlink_ext_ack;
struct sk_buff;

struct kbench_sampler_config {
	u32 freq_hz;		/* per CPU */
	u32 kernel_depth;	/* 1..KBENCH_SAMPLE_DEPTH_MAX */
	u32 user_depth;		/* 0..KBENCH_SAMPLE_DEPTH_MAX */
	u32 ring_kb;		/* per CPU */
	u32 ustack;		/* user stack bytes per sample, 0: none */
	const struct cpumask *cpus;	/* the online ones among them are sampled */
	u64 ring_addr, ring_len;	/* the owner's ring region; 0, 0: none */
};

/* Per-CPU accounting: fired = recorded + dropped + filtered. */
struct kbench_sampler_stats {
	u64 fired;		/* timer callbacks that ran */
	u64 recorded;		/* samples written to the ring */
	u64 dropped;		/* samples that did not fit the ring */
	u64 filtered;		/* ticks that hit a task outside the target */
	u64 missed;		/* ticks lost to overruns (callback too late) */
	u64 ustack_copies;	/* user stacks copied */
	u64 ustack_ns;		/* time those copies took */
};

struct kbench_sampler;

/* Module load and unload: the CPU hotplug state every sampler uses. */
int kbench_sampler_init(void);
void kbench_sampler_exit(void);

/*
 * Allocates the rings, or pins the owner's (in its process context), and
 * starts the timers; may sleep. ERR_PTR(-EINVAL) when no CPU of the
 * configuration is online or the ring region is misshapen, -EFAULT when it
 * is not writable memory, -ENOMEM when the rings do not fit (over an eighth
 * of memory, or an allocation failed); EXTACK says which. A CPU of the
 * configuration that comes online later is sampled from then on.
 */
struct kbench_sampler *kbench_sampler_start(const struct kbench_sampler_config *cfg,
					    const struct kbench_target *target,
					    struct netlink_ext_ack *extack);

/* Stops the timers for good; rings and accounting stay. May sleep. */
void kbench_sampler_stop_timers(struct kbench_sampler *s);

/* Stops the timers and frees everything; may sleep. */
void kbench_sampler_stop(struct kbench_sampler *s);

/*
 * Moves whole sample records from the rings into one KBENCH_A_SAMPLES
 * attribute of SKB, starting at CPU *CURSOR. Returns the bytes added (0 when
 * every ring was empty), or -errno: -EBUSY when the rings are the owner's.
 * One reader at a time; the caller serialises.
 */
int kbench_sampler_drain(struct kbench_sampler *s, struct sk_buff *skb,
			 unsigned int *cursor);

/* Bytes one READ_SAMPLES dump may move: about one ring per CPU. */
u64 kbench_sampler_budget(const struct kbench_sampler *s);

/*
 * Puts KBENCH_A_CPU_STATS nests (256 CPUs each at most), each CPU read on
 * itself so the sums add up. A reply with room for KBENCH_CPU_STATS_BYTES
 * per possible CPU, plus a nest header per 256, always has room.
 */
int kbench_sampler_fill_stats(struct kbench_sampler *s, struct sk_buff *skb);

/* One KBENCH_A_CPU nest at most: eight attributes, 64-bit ones padded. */
#define KBENCH_CPU_STATS_BYTES	128

#endif /* _KBENCH_SAMPLER_H */

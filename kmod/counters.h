/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syscall and page-fault counters of a session: tracepoint probes that count
 * per CPU without locks, aggregated when read.
 */
#ifndef _KBENCH_COUNTERS_H
#define _KBENCH_COUNTERS_H

#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include "target.h"

struct kbench_counters;

/*
 * Allocates counters for the KBENCH_COLLECT_* bits in COLLECT (only the
 * counter bits are looked at) over target set T, which must outlive them.
 * Returns the counters or an ERR_PTR.
 */
struct kbench_counters *kbench_counters_create(u32 collect,
					       struct kbench_target *t);
void kbench_counters_destroy(struct kbench_counters *c);

/* Attaches / detaches the probes (see kbench_tp_unregister()). */
int kbench_counters_register(struct kbench_counters *c);
void kbench_counters_unregister(struct kbench_counters *c);

/* Target hooks, called with the target's lock held. */
void kbench_counters_join(struct task_struct *task, void *c);
void kbench_counters_leave(struct kbench_counters *c, struct task_struct *task);

/* Task lifetime hooks (any task, target or not); from probes, no locks. */
void kbench_counters_task_new(struct kbench_counters *c,
			      struct task_struct *task);
void kbench_counters_task_gone(struct kbench_counters *c,
			       struct task_struct *task);
/* sched_process_exec of a thread whose tid changed from OLD_TID. */
void kbench_counters_task_exec(struct kbench_counters *c,
			       struct task_struct *task, pid_t old_tid);

/* Zeroes every counter. Serialised with the fill functions by the caller. */
void kbench_counters_reset(struct kbench_counters *c);

/* Puts KBENCH_A_SYSCALLS_OTHER and KBENCH_A_FAULTS. -EMSGSIZE if full. */
int kbench_counters_fill_totals(struct kbench_counters *c, struct sk_buff *skb);

/*
 * Puts KBENCH_A_SYSCALLS with entries from syscall *NEXT on. Returns 0 when
 * every entry is in (*NEXT is then past the table), -EMSGSIZE when the
 * message filled up (*NEXT is the first entry left out).
 */
int kbench_counters_fill_syscalls(struct kbench_counters *c,
				  struct sk_buff *skb, unsigned long *next);

#endif /* _KBENCH_COUNTERS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The target set of a session: which tasks the counters and the sampler
 * look at. A bitmap indexed by global tid, so the hot paths only do
 * a bounds check and a test_bit.
 */
#ifndef _KBENCH_TARGET_H
#define _KBENCH_TARGET_H

#include <linux/bitops.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct kbench_target {
	unsigned long *bits;	/* bit tid set: tid is a target task */
	unsigned int nbits;	/* PID_MAX_LIMIT */
	bool system_wide;	/* every task is a target */
	/*
	 * Orders a task joining the set at start against the same task
	 * leaving it at exit (or changing tid at exec), and a reader's walk
	 * against all of these, so that per-task values (fault counts) are
	 * folded exactly once. Raw: the exit and exec probes take it with
	 * preemption off, where a PREEMPT_RT spinlock_t would sleep.
	 */
	raw_spinlock_t lock;
};

/* Called with the target's lock held for each task that joins at start. */
typedef void (*kbench_target_join_fn)(struct task_struct *task, void *arg);

int kbench_target_init(struct kbench_target *t, bool system_wide);
void kbench_target_destroy(struct kbench_target *t);

/*
 * Puts the initial tasks in the set: every thread of the process PID names
 * in the caller's pid namespace, or every thread of the system. JOIN is
 * called for each. Returns 0, or -ESRCH when there is no such process.
 */
int kbench_target_populate(struct kbench_target *t, pid_t pid,
			   kbench_target_join_fn join, void *arg);

/* True when TID is in the set (hot path: no locks). */
static inline bool kbench_target_has(const struct kbench_target *t, pid_t tid)
{
	return (unsigned int)tid < t->nbits && test_bit(tid, t->bits);
}

/* True when the counters should count what TASK does (hot path). */
static inline bool kbench_target_match(const struct kbench_target *t,
				       const struct task_struct *task)
{
	return t->system_wide || kbench_target_has(t, task->pid);
}

/* sched_process_fork: CHILD joins when PARENT is a target. */
void kbench_target_fork(struct kbench_target *t, struct task_struct *parent,
			struct task_struct *child);

/*
 * sched_process_exit: TASK leaves the set. Returns true when it was in it,
 * with the target's lock held so the caller can fold its values; the
 * caller then calls kbench_target_exit_done().
 */
bool kbench_target_exit(struct kbench_target *t, struct task_struct *task);
void kbench_target_exit_done(struct kbench_target *t);

/*
 * sched_process_exec: a thread other than the leader that execs takes the
 * leader's tid (de_thread()), so its membership moves from OLD_TID to its
 * new tid. Returns true when it did.
 */
bool kbench_target_exec(struct kbench_target *t, struct task_struct *task,
			pid_t old_tid);

#endif /* _KBENCH_TARGET_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * The target set: a bitmap indexed by global tid (task->pid), allocated at
 * start with a bit for every possible tid (PID_MAX_LIMIT: pid_max is not
 * exported, and may be raised during a session). Bounds are still checked.
 *
 * Membership changes only at three points, all of which are ordered against
 * the task running:
 *  - start: the initial threads are marked under the lock, skipping threads
 *    that already run do_exit() (PF_EXITING is set before their
 *    sched_process_exit), so no bit is left behind by a dying thread;
 *  - sched_process_fork: the child is marked when its parent is a member,
 *    before wake_up_new_task() lets the child run;
 *  - sched_process_exit: the bit is cleared; a tid is only reused after its
 *    task is gone, so a reused tid never inherits a stale bit;
 *  - sched_process_exec: a non-leader thread that execs takes the leader's
 *    tid in de_thread() (the leader has exited, clearing its bit, and is
 *    released under the exec'ing thread's old tid, with no exit event):
 *    the bit moves from the old tid to the new one, so the process stays
 *    a target and no stale bit is left for a later task with that tid.
 *
 * The lock is a raw spinlock: the exit and exec probes run with preemption
 * disabled. Its holders are short (a bit and two counters) except the
 * start's task walk and a reader's bitmap walk, which are bounded by the
 * number of tasks and the bitmap's size.
 */
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/threads.h>
#include <linux/vmalloc.h>

#include "gfp.h"
#include "target.h"

int kbench_target_init(struct kbench_target *t, bool system_wide)
{
	/*
	 * pid_max is not exported to modules, and it can be raised at any
	 * time: cover every possible tid (512 KiB on 64-bit).
	 */
	unsigned int nbits = PID_MAX_LIMIT;

	t->bits = __vmalloc(BITS_TO_LONGS(nbits) * sizeof(unsigned long),
			    KBENCH_GFP | __GFP_ZERO);
	if (!t->bits)
		return -ENOMEM;
	t->nbits = nbits;
	t->system_wide = system_wide;
	raw_spin_lock_init(&t->lock);
	return 0;
}

void kbench_target_destroy(struct kbench_target *t)
{
	vfree(t->bits);
	t->bits = NULL;
	t->nbits = 0;
}

/* Marks TASK unless it is exiting or out of range. Lock held. */
static void kbench_target_join(struct kbench_target *t,
			       struct task_struct *task,
			       kbench_target_join_fn join, void *arg)
{
	pid_t tid = task->pid;

	if ((unsigned int)tid >= t->nbits || READ_ONCE(task->flags) & PF_EXITING)
		return;
	/* A child forked since the fork probe went live is already in. */
	if (test_and_set_bit(tid, t->bits))
		return;
	if (join)
		join(task, arg);
}

int kbench_target_populate(struct kbench_target *t, pid_t pid,
			   kbench_target_join_fn join, void *arg)
{
	struct task_struct *p, *task;
	int ret = 0;

	rcu_read_lock();
	raw_spin_lock(&t->lock);
	if (t->system_wide) {
		for_each_process_thread(p, task)
			kbench_target_join(t, task, join, arg);
	} else {
		p = pid_task(find_vpid(pid), PIDTYPE_PID);
		if (!p) {
			ret = -ESRCH;
		} else {
			p = p->group_leader;
			for_each_thread(p, task)
				kbench_target_join(t, task, join, arg);
		}
	}
	raw_spin_unlock(&t->lock);
	rcu_read_unlock();
	return ret;
}

void kbench_target_fork(struct kbench_target *t, struct task_struct *parent,
			struct task_struct *child)
{
	pid_t tid = child->pid;

	if ((unsigned int)tid >= t->nbits)
		return;
	/* A new thread's "parent" here is the thread that cloned it. */
	if (t->system_wide || kbench_target_has(t, parent->pid))
		set_bit(tid, t->bits);
}

bool kbench_target_exit(struct kbench_target *t, struct task_struct *task)
{
	pid_t tid = task->pid;

	if ((unsigned int)tid >= t->nbits)
		return false;
	/*
	 * No unlocked test_bit() shortcut: start may be marking this very
	 * task right now, and the lock is what orders the two.
	 */
	raw_spin_lock(&t->lock);
	if (!test_and_clear_bit(tid, t->bits)) {
		raw_spin_unlock(&t->lock);
		return false;
	}
	return true;
}

void kbench_target_exit_done(struct kbench_target *t)
{
	raw_spin_unlock(&t->lock);
}

bool kbench_target_exec(struct kbench_target *t, struct task_struct *task,
			pid_t old_tid)
{
	pid_t tid = task->pid;
	bool moved = false;

	if (old_tid == tid || (unsigned int)old_tid >= t->nbits)
		return false;
	raw_spin_lock(&t->lock);
	if (test_and_clear_bit(old_tid, t->bits) &&
	    (unsigned int)tid < t->nbits) {
		set_bit(tid, t->bits);
		moved = true;
	}
	raw_spin_unlock(&t->lock);
	return moved;
}

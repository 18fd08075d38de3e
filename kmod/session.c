// SPDX-License-Identifier: GPL-2.0
/*
 * The session: at most one, owned by the netlink socket that started it.
 *
 * Lifetime. kbench_session is only set and cleared under kbench_session_lock,
 * and a session is only freed under it, after every probe that could see it
 * is unregistered and tracepoint_synchronize_unregister() has returned. Every
 * reader (status, counter dumps, reset) holds the lock; the probes never take
 * it. The genl family runs its operations in parallel (no genl_mutex), so
 * this lock alone orders them: a slow START or STOP stalls kbench requests,
 * not every other generic netlink family. A session ends on STOP, when its
 * owner socket is released (the netlink notifier chain is a blocking one,
 * so the teardown runs right there, in the closing task's context), or on
 * module unload, after the genl family is gone so that no request can race
 * with it.
 *
 * The owner is the socket itself, held by reference: a release notifier
 * names only (netns, portid), and a portid freed by a closing socket can be
 * bound again by a new one before that notifier runs, so a session stops
 * only when its own socket is dead.
 *
 * The sampler runs next to the counters: started after the target set is
 * populated, stopped (its timers cancelled) before anything it reads goes.
 * Its rings have one reader at a time because every drain holds the lock.
 */
#include <linux/err.h>
#include <linux/kbench.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "counters.h"
#include "gfp.h"
#include "sampler.h"
#include "session.h"
#include "target.h"
#include "tp.h"

struct kbench_session {
	u64 id;			/* never 0; dumps check it did not change */
	u32 collect;		/* enum kbench_collect bits */
	pid_t pid;		/* as given (sender's namespace), 0: all */
	struct pid *target_pid;	/* the same, referenced; NULL: all */
	struct net *owner_net;	/* owner socket's; compared, not referenced */
	u32 owner_portid;
	struct sock *owner_sk;	/* referenced */
	unsigned long reset_gen; /* dump consistency: bumped on reset */
	struct kbench_target target;
	struct kbench_counters *counters;
	struct kbench_sampler *sampler;
	bool task_probes;
};

static DEFINE_MUTEX(kbench_session_lock);
static struct kbench_session *kbench_session;
static u64 kbench_session_last_id;

static void kb_fork_probe(void *data, struct task_struct *parent,
			  struct task_struct *child)
{
	struct kbench_session *s = data;

	kbench_target_fork(&s->target, parent, child);
	kbench_counters_task_new(s->counters, child);
}

static void kb_exit_probe(void *data, struct task_struct *task)
{
	struct kbench_session *s = data;

	if (kbench_target_exit(&s->target, task)) {
		kbench_counters_leave(s->counters, task);
		kbench_target_exit_done(&s->target);
	}
	kbench_counters_task_gone(s->counters, task);
}

/* OLD_PID is the exec'ing thread's tid before de_thread() (global). */
static void kb_exec_probe(void *data, struct task_struct *task, pid_t old_pid,
			  struct linux_binprm *bprm)
{
	struct kbench_session *s = data;

	if (old_pid == task->pid)
		return;
	kbench_target_exec(&s->target, task, old_pid);
	kbench_counters_task_exec(s->counters, task, old_pid);
}

static struct kbench_tp kb_task_tps[] = {
	{ .name = "sched_process_fork", .probe = kb_fork_probe },
	{ .name = "sched_process_exit", .probe = kb_exit_probe },
	{ .name = "sched_process_exec", .probe = kb_exec_probe },
};

/* Detaches everything and frees S. Lock held (or S never published). */
static void kb_session_free(struct kbench_session *s)
{
	/* Cancels the timers: no tick runs with S once this returns. */
	kbench_sampler_stop(s->sampler);
	if (s->counters)
		kbench_counters_unregister(s->counters);
	if (s->task_probes)
		kbench_tp_unregister(kb_task_tps, ARRAY_SIZE(kb_task_tps), s);
	s->task_probes = false;
	/* No probe runs with S or its counters once this returns. */
	tracepoint_synchronize_unregister();
	kbench_counters_destroy(s->counters);
	kbench_target_destroy(&s->target);
	put_pid(s->target_pid);
	if (s->owner_sk)
		sock_put(s->owner_sk);
	kfree(s);
}

/*
 * Allocates S's target set and counters, attaches the probes, populates the
 * set and starts the sampler (SCFG, if any). On error S is left for
 * kb_session_free(), and EXTACK says what failed.
 */
static int kb_session_build(struct kbench_session *s,
			    const struct kbench_sampler_config *scfg,
			    struct netlink_ext_ack *extack)
{
	struct kbench_counters *counters;
	struct kbench_sampler *sampler;
	int ret;

	ret = kbench_target_init(&s->target, s->pid == 0);
	if (ret) {
		NL_SET_ERR_MSG(extack, "not enough memory for the target set");
		return ret;
	}
	counters = kbench_counters_create(s->collect, &s->target);
	if (IS_ERR(counters)) {
		NL_SET_ERR_MSG(extack, "not enough memory for the counters");
		return PTR_ERR(counters);
	}
	s->counters = counters;

	/* Fork/exit tracking goes live before the set is populated. */
	ret = kbench_tp_lookup(kb_task_tps, ARRAY_SIZE(kb_task_tps)) ?:
	      kbench_tp_register(kb_task_tps, ARRAY_SIZE(kb_task_tps), s);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot attach the sched tracepoints");
		return ret;
	}
	s->task_probes = true;

	if (s->pid) {
		s->target_pid = find_get_pid(s->pid);
		if (!s->target_pid) {
			NL_SET_ERR_MSG(extack, "no such process");
			return -ESRCH;
		}
	}
	ret = kbench_target_populate(&s->target, s->pid, kbench_counters_join,
				     s->counters);
	if (ret) {
		NL_SET_ERR_MSG(extack, "no such process");
		return ret;
	}
	ret = kbench_counters_register(s->counters);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot attach the counters' tracepoints");
		return ret;
	}
	if (scfg) {
		sampler = kbench_sampler_start(scfg, &s->target, extack);
		if (IS_ERR(sampler))
			return PTR_ERR(sampler);
		s->sampler = sampler;
	}
	return 0;
}

int kbench_session_start(u32 collect, pid_t pid,
			 const struct kbench_sampler_config *scfg,
			 struct sock *owner, u32 portid,
			 struct netlink_ext_ack *extack)
{
	struct kbench_session *s;
	int ret;

	if (WARN_ON_ONCE(!(collect & KBENCH_COLLECT_SAMPLES) != !scfg))
		return -EINVAL;
	if (WARN_ON_ONCE(collect & ~KBENCH_COLLECT_BUILT))
		return -EOPNOTSUPP;
	if (!collect) {
		NL_SET_ERR_MSG(extack, "nothing to collect");
		return -EINVAL;
	}
	if ((collect & KBENCH_COLLECT_SYSCALL_LATENCY) &&
	    !(collect & KBENCH_COLLECT_SYSCALLS)) {
		NL_SET_ERR_MSG(extack, "syscall latency needs syscall counting");
		return -EINVAL;
	}

	mutex_lock(&kbench_session_lock);
	if (kbench_session) {
		NL_SET_ERR_MSG(extack, "a session is already running");
		ret = -EBUSY;
		goto out_unlock;
	}
	s = kzalloc(sizeof(*s), KBENCH_GFP);
	if (!s) {
		NL_SET_ERR_MSG(extack, "not enough memory for a session");
		ret = -ENOMEM;
		goto out_unlock;
	}
	s->collect = collect;
	s->pid = pid;
	s->owner_net = sock_net(owner);
	s->owner_portid = portid;
	s->owner_sk = owner;
	sock_hold(owner);
	s->reset_gen = 1;

	ret = kb_session_build(s, scfg, extack);
	if (ret) {
		kb_session_free(s);
		goto out_unlock;
	}
	s->id = ++kbench_session_last_id;
	kbench_session = s;
	pr_debug("session %llu started: collect %#x, pid %d\n", s->id,
		 collect, pid);
out_unlock:
	mutex_unlock(&kbench_session_lock);
	return ret;
}

/* Stops and frees the running session, if any. Lock held. */
static bool kb_session_stop_locked(void)
{
	struct kbench_session *s = kbench_session;

	if (!s)
		return false;
	kbench_session = NULL;
	pr_debug("session %llu stopped\n", s->id);
	kb_session_free(s);
	return true;
}

int kbench_session_stop(struct netlink_ext_ack *extack)
{
	int ret = 0;

	mutex_lock(&kbench_session_lock);
	if (!kb_session_stop_locked()) {
		NL_SET_ERR_MSG(extack, "no session is running");
		ret = -ENODATA;
	}
	mutex_unlock(&kbench_session_lock);
	return ret;
}

int kbench_session_reset(struct netlink_ext_ack *extack)
{
	struct kbench_session *s;
	int ret = 0;

	mutex_lock(&kbench_session_lock);
	s = kbench_session;
	if (s) {
		kbench_counters_reset(s->counters);
		s->reset_gen++;
	} else {
		NL_SET_ERR_MSG(extack, "no session is running");
		ret = -ENODATA;
	}
	mutex_unlock(&kbench_session_lock);
	return ret;
}

int kbench_session_fill_status(struct sk_buff *skb, bool privileged)
{
	struct kbench_session *s;
	pid_t vpid = 0;
	int ret = 0;

	mutex_lock(&kbench_session_lock);
	s = kbench_session;
	/* The target as the caller's pid namespace sees it, if it does. */
	if (s && s->target_pid)
		vpid = pid_vnr(s->target_pid);
	if (nla_put_u32(skb, KBENCH_A_STATE,
			s ? KBENCH_STATE_RUNNING : KBENCH_STATE_IDLE))
		ret = -EMSGSIZE;
	else if (s && privileged &&
		 (nla_put_u32(skb, KBENCH_A_COLLECT, s->collect) ||
		  (vpid > 0 && nla_put_u32(skb, KBENCH_A_TARGET_PID, vpid))))
		ret = -EMSGSIZE;
	mutex_unlock(&kbench_session_lock);
	return ret;
}

/*
 * The session a dump reads, or an ERR_PTR with the reason in cb->extack.
 * A dump binds to the session running at its first message (in 6.1 a
 * dump's .start has no extack, so refusals are made here, and arrive in
 * NLMSG_DONE with their message); later messages check it still runs.
 * Lock held.
 */
static struct kbench_session *kb_dump_session(struct netlink_callback *cb)
{
	struct kbench_session *s = kbench_session;

	if (!cb->args[0]) {
		if (!s) {
			NL_SET_ERR_MSG(cb->extack, "no session is running");
			return ERR_PTR(-ENODATA);
		}
		cb->args[0] = s->id;
	} else if (!s || s->id != cb->args[0]) {
		NL_SET_ERR_MSG(cb->extack, "the session stopped during the dump");
		return ERR_PTR(-ENODATA);
	}
	return s;
}

/* cb->args: [0] session id, [1] stage, [2] next syscall number. */
enum { KB_DUMP_TOTALS, KB_DUMP_SYSCALLS, KB_DUMP_DONE };

int kbench_session_dump_fill(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kbench_session *s;
	bool progress = false;
	unsigned long first;
	int ret;

	mutex_lock(&kbench_session_lock);
	s = kb_dump_session(cb);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	cb->seq = s->reset_gen;
	if (cb->args[1] == KB_DUMP_DONE) {
		ret = 0;
		goto out;
	}
	if (cb->args[1] == KB_DUMP_TOTALS) {
		if (nla_put_u32(skb, KBENCH_A_COLLECT, s->collect) ||
		    kbench_counters_fill_totals(s->counters, skb)) {
			ret = -EMSGSIZE;
			goto out;
		}
		cb->args[1] = KB_DUMP_SYSCALLS;
		progress = true;
	}
	first = cb->args[2];
	ret = kbench_counters_fill_syscalls(s->counters, skb, &cb->args[2]);
	if (!ret)
		cb->args[1] = KB_DUMP_DONE;
	if (!ret || progress || cb->args[2] > first)
		ret = 1;
out:
	mutex_unlock(&kbench_session_lock);
	return ret;
}

/* The running session if it samples, else an ERR_PTR and why. Lock held. */
static struct kbench_session *kb_sampling_session(struct netlink_ext_ack *extack)
{
	if (!kbench_session) {
		NL_SET_ERR_MSG(extack, "no session is running");
		return ERR_PTR(-ENODATA);
	}
	if (!kbench_session->sampler) {
		NL_SET_ERR_MSG(extack, "the session does not sample");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return kbench_session;
}

/* cb->args: [0] session id, [1] next CPU, [2] bytes so far. */
int kbench_session_samples_fill(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kbench_session *s;
	unsigned int cpu;
	int ret;

	mutex_lock(&kbench_session_lock);
	s = kb_dump_session(cb);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	if (!s->sampler) {
		NL_SET_ERR_MSG(cb->extack, "the session does not sample");
		ret = -EOPNOTSUPP;
		goto out;
	}
	/* Producers keep going: stop after about a ring's worth per CPU. */
	if (cb->args[2] >= kbench_sampler_budget(s->sampler)) {
		ret = 0;
		goto out;
	}
	cpu = cb->args[1];
	ret = kbench_sampler_drain(s->sampler, skb, &cpu);
	if (ret == -EBUSY)
		NL_SET_ERR_MSG(cb->extack,
			       "the rings are in the owner's memory: it reads them there");
	cb->args[1] = cpu;
	if (ret > 0)
		cb->args[2] += ret;
out:
	mutex_unlock(&kbench_session_lock);
	return ret;
}

int kbench_session_stop_sampler(struct netlink_ext_ack *extack)
{
	struct kbench_session *s;

	mutex_lock(&kbench_session_lock);
	s = kb_sampling_session(extack);
	if (!IS_ERR(s))
		kbench_sampler_stop_timers(s->sampler);
	mutex_unlock(&kbench_session_lock);
	return PTR_ERR_OR_ZERO(s);
}

int kbench_session_fill_sampler_stats(struct sk_buff *skb,
				      struct netlink_ext_ack *extack)
{
	struct kbench_session *s;
	int ret;

	mutex_lock(&kbench_session_lock);
	s = kb_sampling_session(extack);
	ret = IS_ERR(s) ? PTR_ERR(s) : kbench_sampler_fill_stats(s->sampler, skb);
	mutex_unlock(&kbench_session_lock);
	return ret;
}

static int kb_netlink_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct netlink_notify *n = ptr;
	struct kbench_session *s;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !READ_ONCE(kbench_session))
		return NOTIFY_DONE;

	mutex_lock(&kbench_session_lock);
	s = kbench_session;
	/*
	 * netlink_release() orphans the socket before it notifies: a live
	 * owner means this portid was its own but is now someone else's.
	 */
	if (s && s->owner_net == n->net && s->owner_portid == n->portid &&
	    sock_flag(s->owner_sk, SOCK_DEAD))
		kb_session_stop_locked();
	mutex_unlock(&kbench_session_lock);
	return NOTIFY_DONE;
}

static struct notifier_block kb_netlink_nb = {
	.notifier_call = kb_netlink_event,
};

int __init kbench_session_init(void)
{
	return netlink_register_notifier(&kb_netlink_nb);
}

void kbench_session_exit(void)
{
	netlink_unregister_notifier(&kb_netlink_nb);
	mutex_lock(&kbench_session_lock);
	if (kb_session_stop_locked())
		pr_info("stopped the running session on unload\n");
	mutex_unlock(&kbench_session_lock);
}

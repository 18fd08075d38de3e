/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session: one at a time, owned by the netlink socket that started it.
 * It holds the target set and what collects over it (the counters and the
 * sampler), and tears them down on STOP, socket close or unload.
 */
#ifndef _KBENCH_SESSION_H
#define _KBENCH_SESSION_H

#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

/* Collect bits this build implements. */
#define KBENCH_COLLECT_BUILT	(KBENCH_COLLECT_SYSCALLS |		\
				 KBENCH_COLLECT_SYSCALL_LATENCY |	\
				 KBENCH_COLLECT_FAULTS |		\
				 KBENCH_COLLECT_SAMPLES)

struct kbench_sampler_config;

int kbench_session_init(void);
void kbench_session_exit(void);

/*
 * PID 0: system-wide. SCFG: the sampler's configuration, exactly when
 * COLLECT has KBENCH_COLLECT_SAMPLES. The session belongs to the socket
 * OWNER (bound to PORTID), which it holds a reference to.
 */
int kbench_session_start(u32 collect, pid_t pid,
			 const struct kbench_sampler_config *scfg,
			 struct sock *owner, u32 portid,
			 struct netlink_ext_ack *extack);
int kbench_session_stop(struct netlink_ext_ack *extack);
int kbench_session_reset(struct netlink_ext_ack *extack);

/*
 * Puts KBENCH_A_STATE and, for a PRIVILEGED caller while a session runs,
 * its configuration (the target pid as the caller's pid namespace sees it).
 */
int kbench_session_fill_status(struct sk_buff *skb, bool privileged);

/*
 * GET_COUNTERS dump, CB's args zeroed at its start. fill() binds the dump
 * to the running session at its first call and puts the next part of the
 * counters in SKB: > 0 when it put something, 0 when the dump is complete,
 * -errno (with a cb->extack message) otherwise.
 */
int kbench_session_dump_fill(struct sk_buff *skb, struct netlink_callback *cb);

/* READ_SAMPLES dump, like the counters' one; one batch per message. */
int kbench_session_samples_fill(struct sk_buff *skb, struct netlink_callback *cb);

/* STOP_SAMPLER: the running session's sampler stops ticking. */
int kbench_session_stop_sampler(struct netlink_ext_ack *extack);

/* Puts KBENCH_A_CPU_STATS of the running session's sampler. */
int kbench_session_fill_sampler_stats(struct sk_buff *skb,
				      struct netlink_ext_ack *extack);

#endif /* _KBENCH_SESSION_H */

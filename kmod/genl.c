// SPDX-License-Identifier: GPL-2.0
/*
 * The kbench generic netlink family. The wire format is documented in
 * include/uapi/linux/kbench.h; this file only implements it.
 *
 * Privilege is checked on the request's socket as well as on the task:
 * netlink_capable() wants the capability both in the credentials the
 * socket was opened with and in the task sending (or, for a dump's later
 * messages, receiving). A socket opened by an unprivileged user and
 * written by a setuid program, or a privileged socket handed to an
 * unprivileged process, gets nothing. docs/security.md has the model.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/kbench.h>
#include <linux/threads.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "genl.h"
#include "gfp.h"
#include "sampler.h"
#include "session.h"

/* Features this build implements; grows as subsystems land. */
#define KBENCH_FEATURES_BUILT	(KBENCH_FEATURE_SAMPLER |		\
				 KBENCH_FEATURE_SYSCALLS |		\
				 KBENCH_FEATURE_FAULTS |		\
				 KBENCH_FEATURE_USER_STACK |		\
				 KBENCH_FEATURE_USER_RINGS)

static struct genl_family kbench_family;

/* CAP_PERFMON or CAP_SYS_ADMIN, on both the socket's opener and the task. */
static bool kbench_capable(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_PERFMON) ||
	       netlink_capable(skb, CAP_SYS_ADMIN);
}

/*
 * The same question for GET_STATUS, which everyone may send: without an
 * audit record of the denial, so `kbench status` run by a user does not
 * fill the audit log. The task is asked first (quietly); the socket's
 * opener only when the task has the capability, as netlink_capable() does.
 */
static bool kbench_capable_quiet(const struct sk_buff *skb, int cap)
{
	const struct netlink_skb_parms *nsp = &NETLINK_CB(skb);

	if (!ns_capable_noaudit(&init_user_ns, cap))
		return false;
	return (nsp->flags & NETLINK_SKB_DST) ||
	       file_ns_capable(nsp->sk->sk_socket->file, &init_user_ns, cap);
}

static int kbench_fill_status(struct sk_buff *skb, bool privileged)
{
	if (nla_put_string(skb, KBENCH_A_MODULE_VERSION, KBENCH_VERSION) ||
	    nla_put_u32(skb, KBENCH_A_WIRE_VERSION, KBENCH_GENL_VERSION) ||
	    nla_put_string(skb, KBENCH_A_KERNEL_RELEASE, utsname()->release) ||
	    nla_put_u32(skb, KBENCH_A_FEATURES, KBENCH_FEATURES_BUILT) ||
	    nla_put_u32(skb, KBENCH_A_NR_CPUS, num_possible_cpus()))
		return -EMSGSIZE;
	return kbench_session_fill_status(skb, privileged);
}

static int kbench_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &kbench_family, 0,
				KBENCH_CMD_GET_STATUS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}

	ret = kbench_fill_status(msg, kbench_capable_quiet(skb, CAP_PERFMON) ||
				 kbench_capable_quiet(skb, CAP_SYS_ADMIN));
	if (ret)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

/* START, STOP and the counters are what perf users need CAP_PERFMON for. */
static int kbench_check_perm(const struct sk_buff *skb,
			     struct netlink_ext_ack *extack)
{
	if (kbench_capable(skb))
		return 0;
	NL_SET_ERR_MSG(extack, "needs CAP_PERFMON or CAP_SYS_ADMIN");
	return -EPERM;
}

static u32 kbench_attr_u32(struct nlattr **attrs, int type, u32 dflt)
{
	return attrs[type] ? nla_get_u32(attrs[type]) : dflt;
}

/* Fills CFG from the START request; the policy has checked the ranges. */
static int kbench_sampler_config(struct genl_info *info,
				 struct kbench_sampler_config *cfg,
				 struct cpumask *mask)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *cpus = attrs[KBENCH_A_SAMPLE_CPUS];

	cfg->freq_hz = kbench_attr_u32(attrs, KBENCH_A_SAMPLE_FREQ,
				       KBENCH_SAMPLE_FREQ_DEFAULT);
	cfg->kernel_depth = kbench_attr_u32(attrs, KBENCH_A_SAMPLE_KERNEL_DEPTH,
					    KBENCH_SAMPLE_DEPTH_DEFAULT);
	cfg->user_depth = kbench_attr_u32(attrs, KBENCH_A_SAMPLE_USER_DEPTH,
					  KBENCH_SAMPLE_DEPTH_DEFAULT);
	cfg->ring_kb = kbench_attr_u32(attrs, KBENCH_A_SAMPLE_RING_KB,
				       KBENCH_SAMPLE_RING_KB_DEFAULT);
	cfg->ustack = kbench_attr_u32(attrs, KBENCH_A_SAMPLE_USER_STACK, 0);
	if (!attrs[KBENCH_A_SAMPLE_RING_ADDR] != !attrs[KBENCH_A_SAMPLE_RING_LEN]) {
		NL_SET_ERR_MSG(info->extack,
			       "the ring region needs both its address and its length");
		return -EINVAL;
	}
	cfg->ring_addr = cfg->ring_len = 0;
	if (attrs[KBENCH_A_SAMPLE_RING_ADDR]) {
		cfg->ring_addr = nla_get_u64(attrs[KBENCH_A_SAMPLE_RING_ADDR]);
		cfg->ring_len = nla_get_u64(attrs[KBENCH_A_SAMPLE_RING_LEN]);
		if (!cfg->ring_addr || !cfg->ring_len) {
			NL_SET_ERR_MSG(info->extack, "the ring region is empty");
			return -EINVAL;
		}
	}
	if (cfg->ustack % 8) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KBENCH_A_SAMPLE_USER_STACK],
				    "the user stack size must be a multiple of 8 bytes");
		return -EINVAL;
	}
	if (!cpus) {
		cpumask_copy(mask, cpu_possible_mask);
	} else {
		const u8 *bits = nla_data(cpus);
		unsigned int cpu, nbits = nla_len(cpus) * 8;

		cpumask_clear(mask);
		for (cpu = 0; cpu < nbits && cpu < nr_cpu_ids; cpu++)
			if (bits[cpu / 8] & (1U << (cpu % 8)))
				cpumask_set_cpu(cpu, mask);
		if (!cpumask_intersects(mask, cpu_online_mask)) {
			NL_SET_ERR_MSG_ATTR(info->extack, cpus,
					    "no online CPU in the CPU mask");
			return -EINVAL;
		}
	}
	cfg->cpus = mask;
	return 0;
}

static int kbench_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kbench_sampler_config cfg, *scfg = NULL;
	struct cpumask *mask;
	u32 collect, pid = 0;
	int ret;

	ret = kbench_check_perm(skb, info->extack);
	if (ret)
		return ret;
	if (GENL_REQ_ATTR_CHECK(info, KBENCH_A_COLLECT))
		return -EINVAL;
	collect = nla_get_u32(info->attrs[KBENCH_A_COLLECT]);
	if (info->attrs[KBENCH_A_TARGET_PID])
		pid = nla_get_u32(info->attrs[KBENCH_A_TARGET_PID]);
	mask = kbench_alloc_cpumask(GFP_KERNEL | __GFP_NOWARN);
	if (!mask) {
		NL_SET_ERR_MSG(info->extack, "not enough memory for the CPU mask");
		return -ENOMEM;
	}
	if (collect & KBENCH_COLLECT_SAMPLES) {
		ret = kbench_sampler_config(info, &cfg, mask);
		if (ret)
			goto out;
		scfg = &cfg;
	}
	ret = kbench_session_start(collect, pid, scfg, NETLINK_CB(skb).sk,
				   info->snd_portid, info->extack);
out:
	kfree(mask);
	return ret;
}

static int kbench_sampler_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	ret = kbench_check_perm(skb, info->extack);
	if (ret)
		return ret;
	/* One nest per 256 CPUs, of one nest of six attributes per CPU. */
	msg = genlmsg_new(DIV_ROUND_UP(num_possible_cpus(), 256) * nla_total_size(0) +
			  num_possible_cpus() * KBENCH_CPU_STATS_BYTES,
			  GFP_KERNEL | __GFP_NOWARN);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "not enough memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &kbench_family, 0,
				KBENCH_CMD_GET_SAMPLER_STATS);
	ret = hdr ? kbench_session_fill_sampler_stats(msg, info->extack) : -EMSGSIZE;
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int kbench_stop_sampler_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kbench_check_perm(skb, info->extack) ?:
	       kbench_session_stop_sampler(info->extack);
}

/*
 * Every message of a dump checks privilege again: later ones are made in
 * the recvmsg() of whoever reads the socket then. A dump's .start cannot
 * report an extack message in 6.1, so the checks are made here and a
 * refusal arrives in NLMSG_DONE.
 */
static int kbench_dump_perm(struct netlink_callback *cb)
{
	return kbench_check_perm(cb->skb, cb->extack);
}

/*
 * Packs one message per CPU with samples into SKB while they fit: the
 * reader gets as many samples per recvmsg() as its buffer takes.
 */
static int kbench_samples_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	void *hdr;
	int ret;

	ret = kbench_dump_perm(cb);
	if (ret)
		return ret;
	for (;;) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &kbench_family,
				  NLM_F_MULTI, KBENCH_CMD_READ_SAMPLES);
		if (!hdr) {
			ret = -EMSGSIZE;
			break;
		}
		ret = kbench_session_samples_fill(skb, cb);
		if (ret <= 0) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	/* What did not fit, or an error, waits for the next call. */
	return skb->len ?: ret;
}

static int kbench_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kbench_check_perm(skb, info->extack) ?:
	       kbench_session_stop(info->extack);
}

static int kbench_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kbench_check_perm(skb, info->extack) ?:
	       kbench_session_reset(info->extack);
}

static int kbench_counters_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	void *hdr;
	int ret;

	ret = kbench_dump_perm(cb);
	if (ret)
		return ret;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &kbench_family, NLM_F_MULTI,
			  KBENCH_CMD_GET_COUNTERS);
	if (!hdr)
		return -EMSGSIZE;
	ret = kbench_session_dump_fill(skb, cb);
	if (ret <= 0) {
		genlmsg_cancel(skb, hdr);
		return ret;
	}
	/* Flags the message NLM_F_DUMP_INTR when a reset moved cb->seq. */
	genl_dump_check_consistent(cb, hdr);
	genlmsg_end(skb, hdr);
	return skb->len;
}

/* Not const: struct nla_policy's range pointer is not, in 6.1. */
static struct netlink_range_validation kbench_pid_range = {
	.min = 1,
	.max = PID_MAX_LIMIT,
};

static struct netlink_range_validation kbench_ring_range = {
	.min = KBENCH_SAMPLE_RING_KB_MIN,
	.max = KBENCH_SAMPLE_RING_KB_MAX,
};

static const struct nla_policy kbench_start_policy[KBENCH_A_MAX + 1] = {
	[KBENCH_A_COLLECT] = NLA_POLICY_MASK(NLA_U32, __KBENCH_COLLECT_ALL),
	[KBENCH_A_TARGET_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &kbench_pid_range),
	[KBENCH_A_SAMPLE_FREQ] = NLA_POLICY_RANGE(NLA_U32, KBENCH_SAMPLE_FREQ_MIN,
						  KBENCH_SAMPLE_FREQ_MAX),
	[KBENCH_A_SAMPLE_KERNEL_DEPTH] = NLA_POLICY_RANGE(NLA_U32, 1,
							  KBENCH_SAMPLE_DEPTH_MAX),
	[KBENCH_A_SAMPLE_USER_DEPTH] = NLA_POLICY_RANGE(NLA_U32, 1,
							KBENCH_SAMPLE_DEPTH_MAX),
	[KBENCH_A_SAMPLE_RING_KB] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &kbench_ring_range),
	[KBENCH_A_SAMPLE_CPUS] = { .type = NLA_BINARY,
				   .len = KBENCH_SAMPLE_CPUS_MAX_BYTES },
	[KBENCH_A_SAMPLE_USER_STACK] = NLA_POLICY_MAX(NLA_U32,
						      KBENCH_SAMPLE_USER_STACK_MAX),
	[KBENCH_A_SAMPLE_RING_ADDR] = { .type = NLA_U64 },
	[KBENCH_A_SAMPLE_RING_LEN] = { .type = NLA_U64 },
};

static const struct genl_ops kbench_ops[] = {
	{
		/*
		 * No policy: the family has no resv_start_op, so the core
		 * refuses every attribute sent with this command.
		 */
		.cmd	= KBENCH_CMD_GET_STATUS,
		.doit	= kbench_get_status_doit,
	},
	{
		.cmd	= KBENCH_CMD_START,
		.doit	= kbench_start_doit,
		.policy	= kbench_start_policy,
		.maxattr = KBENCH_A_MAX,
	},
	{
		.cmd	= KBENCH_CMD_STOP,
		.doit	= kbench_stop_doit,
	},
	{
		.cmd	= KBENCH_CMD_GET_COUNTERS,
		.dumpit	= kbench_counters_dumpit,
	},
	{
		.cmd	= KBENCH_CMD_RESET_COUNTERS,
		.doit	= kbench_reset_doit,
	},
	{
		.cmd	= KBENCH_CMD_READ_SAMPLES,
		.dumpit	= kbench_samples_dumpit,
	},
	{
		.cmd	= KBENCH_CMD_GET_SAMPLER_STATS,
		.doit	= kbench_sampler_stats_doit,
	},
	{
		.cmd	= KBENCH_CMD_STOP_SAMPLER,
		.doit	= kbench_stop_sampler_doit,
	},
};

static struct genl_family kbench_family __ro_after_init = {
	.name		= KBENCH_GENL_NAME,
	.version	= KBENCH_GENL_VERSION,
	.maxattr	= KBENCH_A_MAX,
	.module		= THIS_MODULE,
	.ops		= kbench_ops,
	.n_ops		= ARRAY_SIZE(kbench_ops),
	.netnsok	= true,
	/*
	 * No genl_mutex: START (allocations, a task walk) and STOP (RCU
	 * grace periods) would stall every other generic netlink family.
	 * The session's own lock orders kbench's operations.
	 */
	.parallel_ops	= true,
};

int __init kbench_genl_init(void)
{
	return genl_register_family(&kbench_family);
}

void kbench_genl_exit(void)
{
	genl_unregister_family(&kbench_family);
}

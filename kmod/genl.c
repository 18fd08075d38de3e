// SPDX-License-Identifier: GPL-2.0
/*
 * The kbench generic netlink family. The wire format is documented in
 * include/uapi/linux/kbench.h; this file only implements it.
 */
#include <linux/cpumask.h>
#include <linux/kbench.h>
#include <linux/utsname.h>
#include <net/genetlink.h>

#include "genl.h"

/* Features this build implements; grows as subsystems land. */
#define KBENCH_FEATURES_BUILT	0U

static struct genl_family kbench_family;

static int kbench_fill_status(struct sk_buff *skb)
{
	if (nla_put_string(skb, KBENCH_A_MODULE_VERSION, KBENCH_VERSION) ||
	    nla_put_u32(skb, KBENCH_A_WIRE_VERSION, KBENCH_GENL_VERSION) ||
	    nla_put_string(skb, KBENCH_A_KERNEL_RELEASE, utsname()->release) ||
	    nla_put_u32(skb, KBENCH_A_FEATURES, KBENCH_FEATURES_BUILT) ||
	    nla_put_u32(skb, KBENCH_A_STATE, KBENCH_STATE_IDLE) ||
	    nla_put_u32(skb, KBENCH_A_NR_CPUS, num_possible_cpus()))
		return -EMSGSIZE;
	return 0;
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

	ret = kbench_fill_status(msg);
	if (ret)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

static const struct genl_ops kbench_ops[] = {
	{
		/*
		 * No policy: the family has no resv_start_op, so the core
		 * refuses every attribute sent with this command.
		 */
		.cmd	= KBENCH_CMD_GET_STATUS,
		.doit	= kbench_get_status_doit,
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
};

int __init kbench_genl_init(void)
{
	return genl_register_family(&kbench_family);
}

void kbench_genl_exit(void)
{
	genl_unregister_family(&kbench_family);
}

// SPDX-License-Identifier: GPL-2.0
/* The module's status: KBENCH_CMD_GET_STATUS and its reply. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/kbench.h>

#include "status.h"

static int copy_string(struct nlattr *a, char *dst, size_t len)
{
	if (!a || nla_len(a) < 1 || ((char *)nla_data(a))[nla_len(a) - 1])
		return -EPROTO;
	snprintf(dst, len, "%s", (char *)nla_data(a));
	return 0;
}

static int get_u32(struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) != sizeof(uint32_t))
		return -EPROTO;
	*v = nla_get_u32(a);
	return 0;
}

int kb_status_parse(struct nlattr **tb, void *arg)
{
	struct kb_status *st = arg;

	memset(st, 0, sizeof(*st));
	if (copy_string(tb[KBENCH_A_MODULE_VERSION], st->module_version,
			sizeof(st->module_version)) ||
	    copy_string(tb[KBENCH_A_KERNEL_RELEASE], st->kernel_release,
			sizeof(st->kernel_release)) ||
	    get_u32(tb[KBENCH_A_WIRE_VERSION], &st->wire_version) ||
	    get_u32(tb[KBENCH_A_FEATURES], &st->features) ||
	    get_u32(tb[KBENCH_A_STATE], &st->state) ||
	    get_u32(tb[KBENCH_A_NR_CPUS], &st->nr_cpus))
		return -EPROTO;
	/* Only while a session runs. */
	if ((tb[KBENCH_A_COLLECT] && get_u32(tb[KBENCH_A_COLLECT], &st->collect)) ||
	    (tb[KBENCH_A_TARGET_PID] && get_u32(tb[KBENCH_A_TARGET_PID], &st->target_pid)))
		return -EPROTO;
	return 0;
}

int kb_status_get(struct kb_nl *nl, struct kb_status *st,
		  char why[KB_NL_ERRLEN])
{
	return kb_nl_request(nl, KBENCH_CMD_GET_STATUS, 0, NULL, NULL,
			     kb_status_parse, st, why);
}

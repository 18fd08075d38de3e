// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "counters.h"
#include "session.h"

struct start_args {
	uint32_t collect;
	pid_t pid;
	const struct kb_sampler_opts *sopts;
};

static int add_start(struct nl_msg *msg, void *arg)
{
	const struct start_args *a = arg;

	if (nla_put_u32(msg, KBENCH_A_COLLECT, a->collect) < 0)
		return -EMSGSIZE;
	if (a->pid && nla_put_u32(msg, KBENCH_A_TARGET_PID, (uint32_t)a->pid) < 0)
		return -EMSGSIZE;
	return a->sopts ? kb_sampler_put_opts(msg, a->sopts) : 0;
}

int kb_session_start(struct kb_nl *nl, uint32_t collect, pid_t pid,
		     const struct kb_sampler_opts *sopts,
		     char why[KB_NL_ERRLEN])
{
	struct start_args a = { .collect = collect, .pid = pid, .sopts = sopts };

	return kb_nl_request(nl, KBENCH_CMD_START, 0, add_start, &a, NULL, NULL,
			     why);
}

int kb_session_stop(struct kb_nl *nl, char why[KB_NL_ERRLEN])
{
	return kb_nl_request(nl, KBENCH_CMD_STOP, 0, NULL, NULL, NULL, NULL, why);
}

int kb_session_reset(struct kb_nl *nl, char why[KB_NL_ERRLEN])
{
	return kb_nl_request(nl, KBENCH_CMD_RESET_COUNTERS, 0, NULL, NULL, NULL,
			     NULL, why);
}

static int append(const void *records, size_t len, void *out)
{
	return kb_sample_buf_add(out, records, len);
}

int kb_session_end(struct kb_nl *nl, struct kb_user_rings *rings, bool counters,
		   struct kb_session_end *end, char why[KB_NL_ERRLEN])
{
	int ret;

	memset(end, 0, sizeof(*end));
	ret = kb_sampler_stop_timers(nl, why);
	if (!ret)
		ret = rings ? kb_user_rings_read(rings, append, &end->samples, why) :
			      kb_sampler_drain(nl, &end->samples, why);
	if (!ret)
		ret = kb_sampler_stats(nl, &end->stats, &end->nstats, why);
	if (!ret && counters) {
		ret = kb_counters_fetch(nl, &end->counters, why);
		end->have_counters = !ret;
	}
	if (!ret)
		ret = kb_session_stop(nl, why);
	return ret;
}

void kb_session_end_free(struct kb_session_end *end)
{
	kb_sample_buf_free(&end->samples);
	free(end->stats);
	if (end->have_counters)
		kb_counters_free(&end->counters);
	memset(end, 0, sizeof(*end));
}

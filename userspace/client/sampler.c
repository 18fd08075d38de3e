// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "sampler.h"

int kb_sampler_put_opts(struct nl_msg *msg, const struct kb_sampler_opts *o)
{
	if (nla_put_u32(msg, KBENCH_A_SAMPLE_FREQ, o->freq_hz) < 0 ||
	    nla_put_u32(msg, KBENCH_A_SAMPLE_KERNEL_DEPTH, o->kernel_depth) < 0 ||
	    nla_put_u32(msg, KBENCH_A_SAMPLE_USER_DEPTH, o->user_depth) < 0 ||
	    nla_put_u32(msg, KBENCH_A_SAMPLE_RING_KB, o->ring_kb) < 0)
		return -EMSGSIZE;
	/* Only when asked for: a module without the feature refuses it. */
	if (o->ustack &&
	    nla_put_u32(msg, KBENCH_A_SAMPLE_USER_STACK, o->ustack) < 0)
		return -EMSGSIZE;
	if (o->ring_len &&
	    (nla_put_u64(msg, KBENCH_A_SAMPLE_RING_ADDR, o->ring_addr) < 0 ||
	     nla_put_u64(msg, KBENCH_A_SAMPLE_RING_LEN, o->ring_len) < 0))
		return -EMSGSIZE;
	return 0;
}

int kb_sampler_stop_timers(struct kb_nl *nl, char why[KB_NL_ERRLEN])
{
	return kb_nl_request(nl, KBENCH_CMD_STOP_SAMPLER, 0, NULL, NULL, NULL,
			     NULL, why);
}

struct drain_each {
	kb_samples_fn fn;
	void *arg;
};

static int on_drain_each(struct nlattr **tb, void *arg)
{
	struct drain_each *d = arg;
	const void *data;
	size_t len;

	/* The module puts one KBENCH_A_SAMPLES per message. */
	if (!tb[KBENCH_A_SAMPLES])
		return 0;
	len = (size_t)nla_len(tb[KBENCH_A_SAMPLES]);
	data = nla_data(tb[KBENCH_A_SAMPLES]);
	/*
	 * Whole records, each a multiple of 8 bytes, the first 24 bytes into
	 * the message, which libnl holds in a buffer of its own: aligned.
	 */
	if (len % 8 || (uintptr_t)data % 8)
		return -EPROTO;
	return d->fn(data, len, d->arg);
}

int kb_sampler_drain_each(struct kb_nl *nl, kb_samples_fn fn, void *arg,
			  char why[KB_NL_ERRLEN])
{
	struct drain_each d = { .fn = fn, .arg = arg };

	return kb_nl_dump(nl, KBENCH_CMD_READ_SAMPLES, NULL, NULL, on_drain_each,
			  &d, why);
}

static int append(const void *records, size_t len, void *out)
{
	return kb_sample_buf_add(out, records, len);
}

int kb_sampler_drain(struct kb_nl *nl, struct kb_sample_buf *out,
		     char why[KB_NL_ERRLEN])
{
	return kb_sampler_drain_each(nl, append, out, why);
}

static int get_u64(struct nlattr **tb, int type, uint64_t *v)
{
	if (!tb[type] || nla_len(tb[type]) != sizeof(uint64_t))
		return -EPROTO;
	*v = nla_get_u64(tb[type]);
	return 0;
}

int kb_cpu_stats_parse(struct nlattr *nest, struct kb_cpu_stats **stats,
		       size_t *n)
{
	struct nlattr *cpu;
	int rem;

	nla_for_each_nested(cpu, nest, rem) {
		struct nlattr *tb[KBENCH_A_CPU_MAX + 1];
		struct kb_cpu_stats st, *p;

		if (nla_type(cpu) != KBENCH_A_CPU ||
		    nla_parse_nested(tb, KBENCH_A_CPU_MAX, cpu, NULL) < 0 ||
		    !tb[KBENCH_A_CPU_ID] || nla_len(tb[KBENCH_A_CPU_ID]) != 4 ||
		    get_u64(tb, KBENCH_A_CPU_FIRED, &st.fired) ||
		    get_u64(tb, KBENCH_A_CPU_RECORDED, &st.recorded) ||
		    get_u64(tb, KBENCH_A_CPU_DROPPED, &st.dropped) ||
		    get_u64(tb, KBENCH_A_CPU_FILTERED, &st.filtered) ||
		    get_u64(tb, KBENCH_A_CPU_MISSED, &st.missed))
			goto bad;
		/* Absent from older modules, and 0 without stack copies. */
		st.ustack_copies = st.ustack_ns = 0;
		if (tb[KBENCH_A_CPU_USTACK_COPIES] && tb[KBENCH_A_CPU_USTACK_NS] &&
		    (get_u64(tb, KBENCH_A_CPU_USTACK_COPIES, &st.ustack_copies) ||
		     get_u64(tb, KBENCH_A_CPU_USTACK_NS, &st.ustack_ns)))
			goto bad;
		st.cpu = nla_get_u32(tb[KBENCH_A_CPU_ID]);
		p = realloc(*stats, (*n + 1) * sizeof(*p));
		if (!p) {
			free(*stats);
			*stats = NULL;
			return -ENOMEM;
		}
		*stats = p;
		(*stats)[(*n)++] = st;
	}
	return 0;
bad:
	free(*stats);
	*stats = NULL;
	*n = 0;
	return -EPROTO;
}

struct stats_req {
	struct kb_cpu_stats **stats;
	size_t *n;
	unsigned int nests;
};

/* Every KBENCH_A_CPU_STATS nest of the reply: there is one per 256 CPUs. */
static int on_stats(struct nlattr *a, void *arg)
{
	struct stats_req *r = arg;

	if (nla_type(a) != KBENCH_A_CPU_STATS)
		return 0;
	r->nests++;
	return kb_cpu_stats_parse(a, r->stats, r->n);
}

int kb_sampler_stats(struct kb_nl *nl, struct kb_cpu_stats **stats, size_t *n,
		     char why[KB_NL_ERRLEN])
{
	struct stats_req r = { stats, n, 0 };
	int ret;

	*stats = NULL;
	*n = 0;
	ret = kb_nl_request_each(nl, KBENCH_CMD_GET_SAMPLER_STATS, on_stats,
				 &r, why);
	if (!ret && !r.nests) {
		snprintf(why, KB_NL_ERRLEN, "malformed reply: no CPU statistics");
		ret = -EPROTO;
	}
	if (ret) {
		free(*stats);
		*stats = NULL;
		*n = 0;
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/* A session's counters over netlink: one GET_COUNTERS dump, parsed. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>
#include <linux/netlink.h>
#include <netlink/attr.h>

#include "counters.h"

static int get_u64(const struct nlattr *a, uint64_t *v)
{
	if (!a || nla_len(a) != sizeof(uint64_t))
		return -EPROTO;
	memcpy(v, nla_data(a), sizeof(*v));
	return 0;
}

static int parse_hist(struct nlattr *nest, struct kb_sc *sc)
{
	struct nlattr *a;
	int rem, type;

	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		if (type == KBENCH_A_HIST_PAD)
			continue;
		if (type < KBENCH_A_HIST_BUCKET0 || type > KBENCH_A_HIST_MAX)
			return -EPROTO;
		if (get_u64(a, &sc->hist[type - KBENCH_A_HIST_BUCKET0]))
			return -EPROTO;
	}
	return 0;
}

static int parse_sc(struct nlattr *nest, struct kb_counters *c)
{
	struct nlattr *tb[KBENCH_A_SC_MAX + 1];
	struct kb_sc sc = { 0 };

	if (nla_parse_nested(tb, KBENCH_A_SC_MAX, nest, NULL) < 0 ||
	    !tb[KBENCH_A_SC_NR] || nla_len(tb[KBENCH_A_SC_NR]) != sizeof(uint32_t) ||
	    get_u64(tb[KBENCH_A_SC_COUNT], &sc.count))
		return -EPROTO;
	sc.nr = nla_get_u32(tb[KBENCH_A_SC_NR]);
	if (tb[KBENCH_A_SC_TOTAL_NS]) {
		if (get_u64(tb[KBENCH_A_SC_TOTAL_NS], &sc.total_ns) ||
		    get_u64(tb[KBENCH_A_SC_ERRORS], &sc.errors) ||
		    (tb[KBENCH_A_SC_HIST] && parse_hist(tb[KBENCH_A_SC_HIST], &sc)))
			return -EPROTO;
	}
	/* Entries come in increasing order, across messages too. */
	if (c->n && c->sc[c->n - 1].nr >= sc.nr)
		return -EPROTO;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct kb_sc *p = realloc(c->sc, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->sc = p;
		c->cap = cap;
	}
	c->sc[c->n++] = sc;
	return 0;
}

int kb_counters_parse(struct nlattr **tb, void *arg)
{
	struct kb_counters *c = arg;
	struct nlattr *ft[KBENCH_A_FAULT_MAX + 1];
	struct nlattr *a;
	int rem, ret;

	if (tb[KBENCH_A_COLLECT]) {	/* the first message */
		if (nla_len(tb[KBENCH_A_COLLECT]) != sizeof(uint32_t) ||
		    get_u64(tb[KBENCH_A_SYSCALLS_OTHER], &c->other))
			return -EPROTO;
		c->collect = nla_get_u32(tb[KBENCH_A_COLLECT]);
		c->latency = c->collect & KBENCH_COLLECT_SYSCALL_LATENCY;
		c->lat_clock = -1;
		if (tb[KBENCH_A_LATENCY_CLOCK]) {
			if (nla_len(tb[KBENCH_A_LATENCY_CLOCK]) != sizeof(uint32_t))
				return -EPROTO;
			c->lat_clock = (int)nla_get_u32(tb[KBENCH_A_LATENCY_CLOCK]);
		}
	}
	if (tb[KBENCH_A_FAULTS]) {
		if (nla_parse_nested(ft, KBENCH_A_FAULT_MAX, tb[KBENCH_A_FAULTS],
				     NULL) < 0 ||
		    get_u64(ft[KBENCH_A_FAULT_USER], &c->fault_user) ||
		    get_u64(ft[KBENCH_A_FAULT_KERNEL], &c->fault_kernel) ||
		    get_u64(ft[KBENCH_A_FAULT_MINOR], &c->fault_minor) ||
		    get_u64(ft[KBENCH_A_FAULT_MAJOR], &c->fault_major))
			return -EPROTO;
		c->faults = true;
	}
	if (!tb[KBENCH_A_SYSCALLS])
		return -EPROTO;
	nla_for_each_nested(a, tb[KBENCH_A_SYSCALLS], rem) {
		if (nla_type(a) != KBENCH_A_SYSCALL)
			return -EPROTO;
		ret = parse_sc(a, c);
		if (ret)
			return ret;
	}
	return 0;
}

int kb_counters_fetch(struct kb_nl *nl, struct kb_counters *c,
		      char why[KB_NL_ERRLEN])
{
	int ret;

	memset(c, 0, sizeof(*c));
	ret = kb_nl_dump(nl, KBENCH_CMD_GET_COUNTERS, NULL, NULL,
			 kb_counters_parse, c, why);
	if (ret < 0)
		kb_counters_free(c);
	return ret;
}

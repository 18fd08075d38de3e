// SPDX-License-Identifier: GPL-2.0
/* Fetching, printing and serialising a session's counters. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>
#include <linux/netlink.h>
#include <netlink/attr.h>

#include "counters.h"
#include "syscalls.h"

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

void kb_counters_free(struct kb_counters *c)
{
	free(c->sc);
	c->sc = NULL;
	c->n = c->cap = 0;
}

const struct kb_sc *kb_counters_find(const struct kb_counters *c, uint32_t nr)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->sc[i].nr == nr)
			return &c->sc[i];
	return NULL;
}

uint64_t kb_counters_total(const struct kb_counters *c)
{
	uint64_t sum = c->other;

	for (size_t i = 0; i < c->n; i++)
		sum += c->sc[i].count;
	return sum;
}

static const char *sc_name(uint32_t nr, char *buf, size_t len)
{
	const char *name = kb_syscall_name(nr);

	if (name)
		return name;
	snprintf(buf, len, "syscall_%u", nr);
	return buf;
}

json_t *kb_counters_json(const struct kb_counters *c)
{
	json_t *root, *arr, *e, *h;
	char buf[32];
	int last;

	arr = json_array();
	for (size_t i = 0; arr && i < c->n; i++) {
		const struct kb_sc *sc = &c->sc[i];

		e = json_pack("{s:I, s:s, s:I}", "number", (json_int_t)sc->nr,
			      "name", sc_name(sc->nr, buf, sizeof(buf)),
			      "count", (json_int_t)sc->count);
		if (e && c->latency) {
			h = json_array();
			for (last = KBENCH_HIST_BUCKETS - 1; last >= 0 && !sc->hist[last]; last--)
				;
			for (int b = 0; h && b <= last; b++)
				json_array_append_new(h, json_integer((json_int_t)sc->hist[b]));
			json_object_set_new(e, "errors", json_integer((json_int_t)sc->errors));
			json_object_set_new(e, "total_ns", json_integer((json_int_t)sc->total_ns));
			json_object_set_new(e, "histogram", h ? h : json_null());
		}
		if (!e || json_array_append_new(arr, e)) {
			json_decref(arr);
			return NULL;
		}
	}
	if (!arr)
		return NULL;
	root = json_pack("{s:o, s:I}", "syscalls", arr, "syscalls_other",
			 (json_int_t)c->other);
	if (root && c->faults)
		json_object_set_new(root, "page_faults",
				    json_pack("{s:I, s:I, s:I, s:I}",
					      "user", (json_int_t)c->fault_user,
					      "kernel", (json_int_t)c->fault_kernel,
					      "minor", (json_int_t)c->fault_minor,
					      "major", (json_int_t)c->fault_major));
	return root;
}

static const struct kb_counters *sort_ctx;
static bool sort_by_time;

static int by_weight(const void *a, const void *b)
{
	const struct kb_sc *x = &sort_ctx->sc[*(const size_t *)a];
	const struct kb_sc *y = &sort_ctx->sc[*(const size_t *)b];
	uint64_t wx = sort_by_time ? x->total_ns : x->count;
	uint64_t wy = sort_by_time ? y->total_ns : y->count;

	if (wx != wy)
		return wx < wy ? 1 : -1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

void kb_counters_print(const struct kb_counters *c, FILE *f)
{
	size_t *order = malloc((c->n ? c->n : 1) * sizeof(*order));
	uint64_t calls = 0, errors = 0, total = 0;
	char buf[32];

	if (!order)
		return;
	for (size_t i = 0; i < c->n; i++)
		order[i] = i;
	sort_ctx = c;
	sort_by_time = c->latency;
	qsort(order, c->n, sizeof(*order), by_weight);

	if (c->collect & KBENCH_COLLECT_SYSCALLS) {
		if (c->latency)
			fprintf(f, "%6s %14s %12s %10s %10s  %s\n", "% time",
				"total ns", "avg ns", "calls", "errors", "syscall");
		else
			fprintf(f, "%10s  %s\n", "calls", "syscall");
		for (size_t i = 0; i < c->n; i++)
			total += c->sc[i].total_ns;
		for (size_t i = 0; i < c->n; i++) {
			const struct kb_sc *sc = &c->sc[order[i]];
			const char *name = sc_name(sc->nr, buf, sizeof(buf));

			calls += sc->count;
			errors += sc->errors;
			if (c->latency)
				fprintf(f, "%6.2f %14" PRIu64 " %12" PRIu64 " %10" PRIu64
					" %10" PRIu64 "  %s\n",
					total ? 100.0 * sc->total_ns / total : 0.0,
					sc->total_ns,
					sc->count ? sc->total_ns / sc->count : 0,
					sc->count, sc->errors, name);
			else
				fprintf(f, "%10" PRIu64 "  %s\n", sc->count, name);
		}
		if (c->latency)
			fprintf(f, "%6s %14" PRIu64 " %12s %10" PRIu64 " %10" PRIu64
				"  total\n", "100.00", total, "", calls, errors);
		else
			fprintf(f, "%10" PRIu64 "  total\n", calls);
		if (c->other)
			fprintf(f, "(%" PRIu64 " compat or unknown syscalls not listed)\n",
				c->other);
	}
	if (c->faults)
		fprintf(f, "page faults: %" PRIu64 " user, %" PRIu64 " kernel; %"
			PRIu64 " minor, %" PRIu64 " major\n", c->fault_user,
			c->fault_kernel, c->fault_minor, c->fault_major);
	free(order);
}

void kb_counters_print_top(const struct kb_counters *c, FILE *f,
			   const char *prefix, size_t want)
{
	size_t *order = malloc((c->n ? c->n : 1) * sizeof(*order));
	char buf[32];

	if (!order)
		return;
	for (int by_time = 0; by_time <= (int)c->latency; by_time++) {
		for (size_t i = 0; i < c->n; i++)
			order[i] = i;
		sort_ctx = c;
		sort_by_time = by_time;
		qsort(order, c->n, sizeof(*order), by_weight);
		fprintf(f, "%s%s:", prefix, by_time ? "by time" : "by calls");
		for (size_t i = 0; i < c->n && i < want; i++) {
			const struct kb_sc *sc = &c->sc[order[i]];

			if (by_time)
				fprintf(f, "%s %s %.3f ms", i ? "," : "",
					sc_name(sc->nr, buf, sizeof(buf)), sc->total_ns / 1e6);
			else
				fprintf(f, "%s %s %" PRIu64, i ? "," : "",
					sc_name(sc->nr, buf, sizeof(buf)), sc->count);
		}
		fprintf(f, "%s\n", c->n ? "" : " none");
	}
	free(order);
}

// SPDX-License-Identifier: GPL-2.0
/* A session's counters as text: strace -c's table and a one-line top. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kbench.h>

#include "counters_text.h"

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
			const char *name = kb_counters_sc_name(sc->nr, buf, sizeof(buf));

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
					kb_counters_sc_name(sc->nr, buf, sizeof(buf)), sc->total_ns / 1e6);
			else
				fprintf(f, "%s %s %" PRIu64, i ? "," : "",
					kb_counters_sc_name(sc->nr, buf, sizeof(buf)), sc->count);
		}
		fprintf(f, "%s\n", c->n ? "" : " none");
	}
	free(order);
}

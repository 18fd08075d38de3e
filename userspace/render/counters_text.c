// SPDX-License-Identifier: GPL-2.0
/* A session's counters as text: strace -c's table and a one-line top. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kbench.h>

#include "counters_text.h"
#include "util/fmt.h"

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

/* S right-aligned in WIDTH columns ("µ" is two bytes but one column). */
static void rjust(FILE *f, const char *s, int width)
{
	int cols = 0;

	for (const char *c = s; *c; c++)
		cols += ((unsigned char)*c & 0xc0) != 0x80;
	fprintf(f, "%*s%s", width > cols ? width - cols : 0, "", s);
}

/*
 * One row with latency: the share of the time, the total and the mean as
 * times, then the exact calls and errors, as strace -c has them.
 */
static void latency_row(FILE *f, double pct, uint64_t total_ns, double avg_ns,
			uint64_t calls, uint64_t errors, const char *name)
{
	char t[KB_FMT_LEN], a[KB_FMT_LEN];

	fprintf(f, "%6.2f ", pct);
	rjust(f, kb_fmt_ns(t, (double)total_ns), 10);
	fputc(' ', f);
	rjust(f, avg_ns >= 0 ? kb_fmt_ns(a, avg_ns) : "", 10);
	fprintf(f, " %10" PRIu64 " %10" PRIu64 "  %s\n", calls, errors, name);
}

/* The syscall rows, heaviest first, and their total. */
static void syscall_rows(const struct kb_counters *c, const size_t *order,
			 FILE *f)
{
	uint64_t calls = 0, errors = 0, total = 0;
	char buf[32];

	if (c->latency)
		fprintf(f, "%6s %10s %10s %10s %10s  %s\n", "% time", "total",
			"avg", "calls", "errors", "syscall");
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
			latency_row(f, total ? 100.0 * sc->total_ns / total : 0.0,
				    sc->total_ns, sc->count ?
				    (double)sc->total_ns / sc->count : 0.0,
				    sc->count, sc->errors, name);
		else
			fprintf(f, "%10" PRIu64 "  %s\n", sc->count, name);
	}
	if (c->latency)
		latency_row(f, 100.0, total, -1, calls, errors, "total");
	else
		fprintf(f, "%10" PRIu64 "  total\n", calls);
}

void kb_counters_print(const struct kb_counters *c, FILE *f)
{
	size_t *order = malloc((c->n ? c->n : 1) * sizeof(*order));

	if (!order)
		return;
	for (size_t i = 0; i < c->n; i++)
		order[i] = i;
	sort_ctx = c;
	sort_by_time = c->latency;
	qsort(order, c->n, sizeof(*order), by_weight);

	if (c->collect & KBENCH_COLLECT_SYSCALLS) {
		syscall_rows(c, order, f);
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
	char buf[32], t[KB_FMT_LEN];

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
				fprintf(f, "%s %s %s", i ? "," : "",
					kb_counters_sc_name(sc->nr, buf, sizeof(buf)),
					kb_fmt_ns(t, (double)sc->total_ns));
			else
				fprintf(f, "%s %s %" PRIu64, i ? "," : "",
					kb_counters_sc_name(sc->nr, buf, sizeof(buf)), sc->count);
		}
		fprintf(f, "%s\n", c->n ? "" : " none");
	}
	free(order);
}

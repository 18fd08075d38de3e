// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>

#include "counters_text.h"
#include "record_text.h"
#include "util/fmt.h"

/* --unwind dwarf: how the unwinding went, and its cost per sample. */
static void print_dwarf(FILE *f, const char *prefix,
			const struct kb_dwarf_stats *d, const struct kb_cpu_stats *tot)
{
	char u[KB_FMT_LEN], n[KB_FMT_LEN], t[KB_FMT_LEN], x[KB_FMT_LEN];
	char c[KB_FMT_LEN], b[KB_FMT_LEN], ns[KB_FMT_LEN], cp[KB_FMT_LEN];
	double per = d->samples ? (double)d->samples : 1;
	double copies = tot->ustack_copies ? (double)tot->ustack_copies : 1;

	fprintf(f, "%sdwarf unwinding: %s of %s samples to the outermost frame, %s truncated (stack copy too short), %s without call-frame info; %s stack copies cut short; per sample %s of stack, copied in %s in the tick, unwound in %s\n",
		prefix, kb_fmt_count(u, d->unwound), kb_fmt_count(n, d->samples),
		kb_fmt_count(t, d->truncated), kb_fmt_count(x, d->failed),
		kb_fmt_count(c, d->cut), kb_fmt_bytes(b, (double)d->stack_bytes / per),
		kb_fmt_ns(cp, (double)tot->ustack_ns / copies),
		kb_fmt_ns(ns, (double)d->unwind_ns / per));
}

/*
 * What the counters cost the target: the cost per syscall measured at the
 * start, times the syscalls counted, against the recording's duration.
 */
static void print_counting_cost(FILE *f, const char *prefix,
				const struct kb_record *r)
{
	char per[KB_FMT_LEN], n[KB_FMT_LEN], tot[KB_FMT_LEN], dur[KB_FMT_LEN];
	uint64_t calls = kb_counters_total(&r->counters);
	double ns = r->counting_ns * (double)calls;

	const char *what = r->counters.latency ? "counting and timing" : "counting";

	if (isnan(r->counting_ns)) {
		fprintf(f, "%s%s cost: not measured\n", prefix, what);
		return;
	}
	fprintf(f, "%s%s cost: %s per syscall (measured at start) x %s syscalls = %s, %.1f%% of %s\n",
		prefix, what, kb_fmt_ns(per, r->counting_ns), kb_fmt_count(n, calls),
		kb_fmt_ns(tot, ns),
		r->duration_s > 0 ? 100 * ns / (r->duration_s * 1e9) : 0.0,
		kb_fmt_ns(dur, r->duration_s * 1e9));
}

void kb_record_print_summary(FILE *f, const char *prefix,
			     const struct kb_record *r)
{
	char n[KB_FMT_LEN], d[KB_FMT_LEN], m[KB_FMT_LEN], t[KB_FMT_LEN];
	char line[256];

	fprintf(f, "%s%s samples, %s dropped, %s missed ticks in %s%s; top:",
		prefix, kb_fmt_count(n, r->total.recorded),
		kb_fmt_count(d, r->total.dropped), kb_fmt_count(m, r->total.missed),
		kb_fmt_ns(t, r->duration_s * 1e9), r->partial ? " (interrupted)" : "");
	for (size_t i = 0; i < r->n_top; i++)
		fprintf(f, "%s %s %.1f%%", i ? "," : "", r->top[i].function,
			r->top[i].percent);
	fprintf(f, "%s\n", r->n_top ? "" : " (no samples)");
	if (r->user_stack)
		print_dwarf(f, prefix, &r->dwarf, &r->total);
	if (r->have_counters) {
		snprintf(line, sizeof(line), "%ssyscalls ", prefix);
		kb_counters_print_top(&r->counters, f, line, KB_RECORD_TOP);
		print_counting_cost(f, prefix, r);
	} else {
		fprintf(f, "%ssyscalls and page faults not counted (-c counts them)\n",
			prefix);
	}
}

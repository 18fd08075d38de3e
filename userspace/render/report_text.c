// SPDX-License-Identifier: GPL-2.0
/* The hotspot table (report_text.h). */
#include <math.h>

#include "report_text.h"
#include "util/fmt.h"

/* "kernel 6.1.0-amd64, tcg, wallclock; init_on_alloc on (boot log)". */
static void print_context(FILE *f, const struct kb_report *r)
{
	const struct kb_env *e = kb_report_env(r);
	const struct kb_kernel_facts *k = &r->g[0].prof.kfacts;
	const char *kernel = kb_report_kernel(r);

	fprintf(f, "Kernel %s", kernel[0] ? kernel : "unknown");
	if (e)
		fprintf(f, ", accelerator %s, %s mode", e->accel, e->mode);
	if (k->init_on_alloc >= 0)
		fprintf(f, "; init_on_alloc %s (%s)", k->init_on_alloc ? "on" : "off",
			k->source);
	fputs("\n\n", f);
}

/* On-CPU share, missed ticks and the walks cut short, when profiles said. */
/* --unwind dwarf: how many stacks were unwound whole, and the cost. */
static void print_dwarf(FILE *f, const struct kb_report_prof *p)
{
	const struct kb_dwarf_stats *d = &p->dwarf;
	char u[KB_FMT_LEN], n[KB_FMT_LEN], t[KB_FMT_LEN], x[KB_FMT_LEN];
	char c[KB_FMT_LEN], w[KB_FMT_LEN];

	if (!d->samples)
		return;
	fprintf(f, "  DWARF unwinding: %s of %s samples whole, %s truncated, %s without call-frame info; per sample %s in the tick, %s to unwind\n",
		kb_fmt_count(u, d->unwound), kb_fmt_count(n, d->samples),
		kb_fmt_count(t, d->truncated), kb_fmt_count(x, d->failed),
		kb_fmt_ns(c, p->copy_ns / (double)d->samples),
		kb_fmt_ns(w, (double)d->unwind_ns / (double)d->samples));
}

static void print_prof(FILE *f, const struct kb_report_prof *p)
{
	char m[KB_FMT_LEN], u[KB_FMT_LEN];

	if (!p->n)
		return;
	fputs("  ", f);
	if (!isnan(p->on_cpu_pct))
		fprintf(f, "on-CPU %.0f %% of wall time, ", p->on_cpu_pct);
	fprintf(f, "%s missed ticks", kb_fmt_count(m, p->missed));
	if (!isnan(p->missed_pct))
		fprintf(f, " (%.1f %%)", p->missed_pct);
	if (p->user_unknown)
		fprintf(f, ", %s user stacks ended as [unknown]",
			kb_fmt_count(u, p->user_unknown));
	fputc('\n', f);
	print_dwarf(f, p);
}

/* The counters a group has: per operation for a benchmark, else totals. */
static void print_counters(FILE *f, const struct kb_report_group *g)
{
	const struct kb_bench_result *b = g->bench;
	const struct kb_report_prof *p = &g->prof;
	char n[KB_FMT_LEN];

	if (b && !isnan(b->syscalls_per_op))
		fprintf(f, "  %.3g syscalls and %.3g page faults per operation\n",
			b->syscalls_per_op, isnan(b->page_faults_per_op) ? 0 :
			b->page_faults_per_op);
	if (b || !p->have_counters)
		return;
	fprintf(f, "  %s syscalls", kb_fmt_count(n, p->syscalls));
	for (size_t i = 0; i < p->n_sc && i < 5; i++)
		fprintf(f, "%s %s %s", i ? "," : ":", p->sc[i].name,
			kb_fmt_count(n, p->sc[i].count));
	fprintf(f, "; %s page faults\n",
		kb_fmt_count(n, p->faults_minor + p->faults_major));
}

static void print_group(FILE *f, const struct kb_report *r, size_t i)
{
	const struct kb_report_group *g = &r->g[i];
	char n[KB_FMT_LEN];

	if (i == 0 && r->src->run)
		fprintf(f, "Overall (%zu benchmarks): ", r->ng - 1);
	else
		fprintf(f, "%s: ", g->name);
	if (!g->profiled) {
		fprintf(f, "no profile\n\n");
		return;
	}
	fprintf(f, "%s samples in %zu profile%s\n", kb_fmt_count(n, g->fs.samples),
		g->ndirs, g->ndirs == 1 ? "" : "s");
	print_prof(f, &g->prof);
	print_counters(f, g);
	if (!g->nhs) {
		fprintf(f, "  no function at or above %.1f %% self samples\n\n", r->bands.low);
		return;
	}
	fprintf(f, "  %-8s %6s %6s %8s  %-23s %s\n", "SEVERITY", "SELF%", "TOTAL%",
		"SAMPLES", "CATEGORY", "FUNCTION");
	for (size_t j = 0; j < g->nhs; j++) {
		const struct kb_hotspot *h = &g->hs[j];

		fprintf(f, "  %-8s %6.1f %6.1f %8s  %-23s %s", kb_severity_name(h->severity),
			h->self_pct, h->total_pct, kb_fmt_count(n, h->self),
			kb_category_name(h->category), h->frame);
		if (h->syscall[0])
			fprintf(f, " (%s syscall)", h->syscall);
		fputc('\n', f);
	}
	fputc('\n', f);
}

void kb_report_print(FILE *f, const struct kb_report *r)
{
	print_context(f, r);
	for (size_t i = 0; i < r->ng; i++)
		print_group(f, r, i);
}

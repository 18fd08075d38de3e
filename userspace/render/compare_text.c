// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare_text.h"
#include "util/fmt.h"

struct colours {
	const char *red, *green, *yellow, *bold, *off;
};

static const char *verdict_colour(const struct colours *c, enum kb_verdict v)
{
	return v == KB_REGRESSION ? c->red : v == KB_IMPROVEMENT ? c->green :
	       v == KB_INCONCLUSIVE ? c->yellow : "";
}

static void fmt_p(char *buf, size_t len, double p)
{
	if (!isfinite(p))
		snprintf(buf, len, "-");
	else if (p < 0.0001)
		snprintf(buf, len, "<0.0001");
	else
		snprintf(buf, len, "%.4f", p);
}

/* S right-aligned in WIDTH columns, counting characters, not bytes ("µ"). */
static void put_right(FILE *f, const char *s, int width)
{
	int cols = 0;

	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	for (; cols < width; cols++)
		fputc(' ', f);
	fputs(s, f);
}

static void print_functions(FILE *f, const struct kb_cmp_profile *p)
{
	fprintf(f, "  %7s %7s %9s  %-19s %s\n", "base%", "new%", "delta",
		"95% CI (pp)", "function (self share)");
	for (size_t i = 0; i < p->n_functions && i < KB_TEXT_FUNCS; i++) {
		const struct kb_cmp_share *x = &p->functions[i];
		char cis[48] = "-";

		if (x->ci_valid)
			snprintf(cis, sizeof(cis), "[%+.1f, %+.1f]", x->ci_lo, x->ci_hi);
		fprintf(f, "  %7.1f %7.1f %+8.1f  %-19s %s%s\n", x->base_pct,
			x->new_pct, x->delta_pp, cis, x->name,
			x->significant ? " *" : "");
	}
}

static void print_counter(FILE *f, const char *name, const struct kb_cmp_change *x)
{
	char a[KB_FMT_LEN], b[KB_FMT_LEN];

	if (isfinite(x->base) && isfinite(x->new))
		fprintf(f, " %s %s -> %s;", name, kb_fmt_si(a, x->base),
			kb_fmt_si(b, x->new));
	else
		fprintf(f, " %s n/a;", name);
}

static void print_profile(FILE *f, const struct colours *c,
			  const struct kb_cmp_profile *p)
{
	const struct kb_cmp_share *cul = p->culprit;

	if (!p->available) {
		fprintf(f, "  profile: not available (%s)\n", p->reason);
	} else {
		fprintf(f, "  profile: %zu + %zu repetitions\n", p->reps[0], p->reps[1]);
		if (cul)
			fprintf(f, "  top culprit: %s%s%s (%s)  %+.1f pp (95%% CI %+.1f .. %+.1f)\n",
				c->bold, cul->name, c->off,
				cul->category_name ? cul->category_name : "",
				cul->delta_pp, cul->ci_lo, cul->ci_hi);
		else
			fprintf(f, "  top culprit: none (no function's share changed significantly)\n");
		if (p->path)
			fprintf(f, "  path: %s  %+.1f pp\n", p->path->name,
				p->path->delta_pp);
		print_functions(f, p);
	}
	fprintf(f, "  per op:");
	print_counter(f, "syscalls", &p->counters.syscalls);
	print_counter(f, "page_faults", &p->counters.page_faults);
	fputc('\n', f);
}

/* What an inconclusive verdict lacks or needs. */
static void print_needed(FILE *f, const struct kb_comparison *cmp,
			 const struct kb_cmp_entry *x)
{
	if (!x->s.decidable)
		fprintf(f, " (%s)", x->s.missing);
	else if (x->boots_needed)
		fprintf(f, " (~%u boots per side to resolve %.3g%%)", x->boots_needed,
			cmp->par.threshold_pct);
	else
		fprintf(f, " (~%u reps per side to resolve %.3g%%)", x->reps_needed,
			cmp->par.threshold_pct);
}

static void print_entry(FILE *f, const struct colours *c,
			const struct kb_comparison *cmp, const struct kb_cmp_entry *x)
{
	const struct kb_cmp_model *m = &x->s.model;
	char ci[40] = "-", p[16], q[16], va[KB_FMT_LEN], vb[KB_FMT_LEN];

	if (m->valid)
		snprintf(ci, sizeof(ci), "[%+.1f, %+.1f]", m->ci_lo, m->ci_hi);
	fmt_p(p, sizeof(p), x->s.decidable ? x->s.p : NAN);
	fmt_p(q, sizeof(q), x->q);
	fprintf(f, "%-16s ", x->name);
	put_right(f, kb_fmt_value(va, x->side[0].median, x->unit), 12);
	fputc(' ', f);
	put_right(f, kb_fmt_value(vb, x->side[1].median, x->unit), 12);
	fprintf(f, " %+7.1f%% %-17s %8s %-1s %8s  %s%s%s", x->s.change_pct, ci, p,
		!x->s.decidable ? "" : x->s.test == KB_TEST_U ? "U" : "t", q,
		verdict_colour(c, x->verdict), kb_verdict_name(x->verdict), c->off);
	if (x->verdict == KB_INCONCLUSIVE)
		print_needed(f, cmp, x);
	fputc('\n', f);
}

/* The like-for-like check: what is the same, what differs. */
static void print_env(FILE *f, const struct colours *c, const struct kb_comparison *cmp)
{
	const struct kb_env_diff *d = &cmp->env;

	if (!d->recorded[0] || !d->recorded[1])
		fprintf(f, "environment: not recorded in %s (as in results before 1.1): "
			"like for like not checked\n",
			!d->recorded[0] && !d->recorded[1] ? "either run" :
			!d->recorded[0] ? "base" : "new");
	else if (d->n_invalid)
		fprintf(f, "environment: %sNOT like for like%s, compared with --force\n",
			c->red, c->off);
	else
		fprintf(f, "environment: like for like (mode, accelerator, timing "
			"method, CPUs)\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct kb_env_field *x = &d->f[i];

		if (x->differs)
			fprintf(f, "  %-13s %-20s %.200s -> %.200s\n",
				x->invalidates ? "INVALIDATES:" : "differs:", x->label,
				x->val[0], x->val[1]);
	}
	fputc('\n', f);
}

static void print_summary(FILE *f, const struct kb_comparison *c)
{
	const size_t *n = c->count;
	const struct kb_boot_prior *p = c->par.prior;

	fprintf(f, "\n%zu compared: %zu regression%s, %zu improvement%s, %zu unchanged, "
		"%zu inconclusive; %zu not compared (threshold %.3g%%%s, FDR %.3g)\n",
		n[0] + n[1] + n[2] + n[3],
		n[KB_REGRESSION], n[KB_REGRESSION] == 1 ? "" : "s",
		n[KB_IMPROVEMENT], n[KB_IMPROVEMENT] == 1 ? "" : "s",
		n[KB_UNCHANGED], n[KB_INCONCLUSIVE], c->not_compared,
		c->par.threshold_pct, c->par.threshold_given ? "" : " for the mode",
		c->par.alpha);
	if (c->prior_used && p)
		fprintf(f, "boots: base %zu, new %zu; %zu verdict%s rest on the prior "
			"between-boot noise of %g%% for %s%s%s, not on measured boots "
			"(kbench merge runs of several boots to measure it)\n",
			c->run[0].boots, c->run[1].boots, c->prior_used,
			c->prior_used == 1 ? "" : "s", p->cv_pct,
			p->mode ? p->mode : "an unrecorded mode",
			p->accel ? " on " : "", p->accel ? p->accel : "");
}

void kb_comparison_print(FILE *f, const struct kb_comparison *c, bool colour)
{
	struct colours col = { "", "", "", "", "" };

	if (colour)
		col = (struct colours){ "\033[31m", "\033[32m", "\033[33m",
					"\033[1m", "\033[0m" };
	print_env(f, &col, c);
	fprintf(f, "%-16s %12s %12s %8s %-17s %10s %8s  %s\n", "benchmark",
		"base", "new", "change", "95% CI", "p test", "q", "verdict");
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].compared)
			print_entry(f, &col, c, &c->e[i]);
	for (size_t i = 0; i < c->n; i++)
		if (!c->e[i].compared)
			fprintf(f, "%-16s not compared: %s\n", c->e[i].name,
				c->e[i].reason);
	for (size_t i = 0; i < c->n; i++) {
		const struct kb_cmp_entry *e = &c->e[i];

		if (!e->profile)
			continue;
		fprintf(f, "\n%s%s%s %s%s%s %+.1f%%\n", col.bold, e->name, col.off,
			verdict_colour(&col, e->verdict), kb_verdict_name(e->verdict),
			col.off, e->s.change_pct);
		print_profile(f, &col, e->profile);
	}
	print_summary(f, c);
}

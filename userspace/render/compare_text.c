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

/* What the builds say of a function: appeared, vanished, compiled as. */
static void print_build(FILE *f, const struct kb_cmp_share *x)
{
	if (x->presence == KB_PRESENCE_APPEARED)
		fputs(" (appeared: only the new build has it)", f);
	else if (x->presence == KB_PRESENCE_VANISHED)
		fputs(" (vanished: only the base build has it)", f);
	if (x->compiled_as[0])
		fprintf(f, " (base: %s)", x->compiled_as[0]);
	if (x->compiled_as[1])
		fprintf(f, " (new: %s)", x->compiled_as[1]);
}

/* A share, or "-" where its build has no such function. */
static void print_pct(FILE *f, double pct, bool absent)
{
	if (absent)
		fprintf(f, " %7s", "-");
	else
		fprintf(f, " %7.1f", pct);
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
		fputc(' ', f);
		print_pct(f, x->base_pct, x->presence == KB_PRESENCE_APPEARED);
		print_pct(f, x->new_pct, x->presence == KB_PRESENCE_VANISHED);
		fprintf(f, " %+8.1f  %-19s %s%s", x->delta_pp, cis, x->name,
			x->significant ? " *" : "");
		print_build(f, x);
		fputc('\n', f);
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
		if (cul) {
			fprintf(f, "  top culprit: %s%s%s (%s)  %+.1f pp (95%% CI %+.1f .. %+.1f)",
				c->bold, cul->name, c->off,
				cul->category_name ? cul->category_name : "",
				cul->delta_pp, cul->ci_lo, cul->ci_hi);
			print_build(f, cul);
			fputc('\n', f);
		} else
			fprintf(f, "  top culprit: none (no function's share changed significantly)\n");
		if (p->path)
			fprintf(f, "  path: %s  %+.1f pp\n", p->path->name,
				p->path->delta_pp);
		print_functions(f, p);
	}
	fprintf(f, "  per op:");
	print_counter(f, "syscalls", &p->counters.syscalls);
	print_counter(f, "page_faults", &p->counters.page_faults);
	/*
	 * The perf events counted on either side (context switches, ...);
	 * page_faults is the event above.
	 */
	for (size_t i = 0; i < p->counters.n_events; i++) {
		const struct kb_cmp_change *x = &p->counters.events[i].c;
		const char *name = p->counters.events[i].name;

		if (isfinite(x->base) && isfinite(x->new) && (x->base || x->new) &&
		    strcmp(name, "page_faults"))
			print_counter(f, name, x);
	}
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

/* The counts of C, after PREFIX ("rt vs generic: " of a set). */
static void print_summary(FILE *f, const struct kb_comparison *c, const char *prefix)
{
	const size_t *n = c->count;
	const struct kb_boot_prior *p = c->par.prior;

	fprintf(f, "\n%s%zu compared: %zu regression%s, %zu improvement%s, %zu unchanged, "
		"%zu inconclusive; %zu not compared (threshold %.3g%%%s, FDR %.3g)\n",
		prefix, n[0] + n[1] + n[2] + n[3],
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

/* One run: its role, label, kernel release and build, and boots. */
static void print_run(FILE *f, const char *role, const struct kb_cmp_run *r)
{
	fprintf(f, "  %-6s %-12s %s%s%s, %zu boot%s%s\n", role,
		r->label[0] ? r->label : "-", r->kernel[0] ? r->kernel : "kernel unknown",
		r->build[0] ? " " : "", r->build, r->boots, r->boots == 1 ? "" : "s",
		r->partial ? ", partial" : "");
}

static void colours_of(struct colours *col, bool colour)
{
	*col = (struct colours){ "", "", "", "", "" };
	if (colour)
		*col = (struct colours){ "\033[31m", "\033[32m", "\033[33m",
					 "\033[1m", "\033[0m" };
}

void kb_comparison_print(FILE *f, const struct kb_comparison *c, bool colour)
{
	struct colours col;

	colours_of(&col, colour);
	fputs("runs:\n", f);
	print_run(f, "base", &c->run[0]);
	print_run(f, "new", &c->run[1]);
	print_env(f, &col, c);
	fprintf(f, "%-16s %12.12s %12.12s %8s %-17s %10s %8s  %s\n", "benchmark",
		c->run[0].label[0] ? c->run[0].label : "base",
		c->run[1].label[0] ? c->run[1].label : "new", "change", "95% CI",
		"p test", "q", "verdict");
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
	print_summary(f, c, "");
}

/* ---- several runs against one base, side by side ---- */

/* Field J of every run's environment, when it differs in any pair. */
static void print_set_field(FILE *f, const struct kb_cmp_set *s, size_t j)
{
	bool differs = false, invalid = false;

	for (size_t i = 0; i + 1 < s->n; i++) {
		differs |= s->pair[i]->env.f[j].differs;
		invalid |= s->pair[i]->env.f[j].invalidates;
	}
	if (!differs)
		return;
	fprintf(f, "  %-13s %-20s", invalid ? "INVALIDATES:" : "differs:",
		s->pair[0]->env.f[j].label);
	for (size_t k = 0; k < s->n; k++) {
		const struct kb_env_field *x = &s->pair[k ? k - 1 : 0]->env.f[j];
		int side = k ? 1 : 0;

		fprintf(f, "%s%.120s", k ? " | " : " ", x->known[side] ?
			x->val[side] : "?");
	}
	fputc('\n', f);
}

static void print_set_env(FILE *f, const struct colours *c, const struct kb_cmp_set *s)
{
	size_t invalid = 0, unrecorded = 0;

	for (size_t i = 0; i + 1 < s->n; i++) {
		invalid += s->pair[i]->env.n_invalid;
		unrecorded += !s->pair[i]->env.recorded[0] || !s->pair[i]->env.recorded[1];
	}
	if (unrecorded)
		fputs("environment: not recorded in every run (results before 1.1): "
		      "like for like not checked\n", f);
	else if (invalid)
		fprintf(f, "environment: %sNOT like for like%s, compared with --force\n",
			c->red, c->off);
	else
		fputs("environment: like for like (mode, accelerator, timing method, CPUs)\n", f);
	for (size_t j = 0; j < s->pair[0]->env.n; j++)
		print_set_field(f, s, j);
	fputc('\n', f);
}

/* A median and, beside it, the CoV of its repetitions: its spread. */
static void print_set_value(FILE *f, const struct kb_cmp_side *side, const char *unit)
{
	char v[KB_FMT_LEN], cov[16] = "-";

	if (side->n > 1 && isfinite(side->cov_pct))
		snprintf(cov, sizeof(cov), "%.2f%%", side->cov_pct);
	put_right(f, kb_fmt_value(v, side->median, unit), 12);
	fprintf(f, " %7s", cov);
}

/*
 * Row R: the base's median and spread, then per other run its median,
 * spread, change with its 95 % CI, and verdict.
 */
static void print_set_row(FILE *f, const struct colours *c, const struct kb_cmp_set *s,
			  const struct kb_cmp_row *r)
{
	const struct kb_cmp_entry *base = NULL;
	char ch[16], ci[40];

	for (size_t i = 0; !base && i + 1 < s->n; i++)
		if (r->e[i] && r->e[i]->compared)
			base = r->e[i];
	fprintf(f, "%-16s ", r->name);
	if (base)
		print_set_value(f, &base->side[0], base->unit);
	else
		fprintf(f, "%12s %7s", "-", "");
	for (size_t i = 0; i + 1 < s->n; i++) {
		const struct kb_cmp_entry *e = r->e[i];

		if (!e || !e->compared) {
			fprintf(f, "   %-*s", i + 2 < s->n ? 64 : 0, e ? "not compared" : "-");
			continue;
		}
		fputs("   ", f);
		print_set_value(f, &e->side[1], e->unit);
		snprintf(ch, sizeof(ch), "%+.1f%%", e->s.change_pct);
		snprintf(ci, sizeof(ci), "-");
		if (e->s.model.valid)
			snprintf(ci, sizeof(ci), "[%+.1f, %+.1f]", e->s.model.ci_lo,
				 e->s.model.ci_hi);
		fprintf(f, " %8s %-16s %s%-*s%s", ch, ci, verdict_colour(c, e->verdict),
			i + 2 < s->n ? 12 : 0, kb_verdict_name(e->verdict), c->off);
	}
	fputc('\n', f);
}

static void print_set_table(FILE *f, const struct colours *c, const struct kb_cmp_set *s)
{
	char name[64];

	fprintf(f, "%-16s %12.12s %7s", "benchmark", kb_cmp_run_name(s, 0, name, sizeof(name)),
		"cov");
	for (size_t k = 1; k < s->n; k++)
		fprintf(f, "   %12.12s %7s %8s %-16s %-*s",
			kb_cmp_run_name(s, k, name, sizeof(name)), "cov", "change", "95% CI",
			k + 1 < s->n ? 12 : 0, "verdict");
	fputc('\n', f);
	for (size_t r = 0; r < s->n_rows; r++)
		print_set_row(f, c, s, &s->rows[r]);
	for (size_t r = 0; r < s->n_rows; r++)
		for (size_t i = 0; i + 1 < s->n; i++)
			if (s->rows[r].e[i] && !s->rows[r].e[i]->compared)
				fprintf(f, "%-16s %s: not compared: %s\n", s->rows[r].name,
					kb_cmp_run_name(s, i + 1, name, sizeof(name)),
					s->rows[r].e[i]->reason);
}

void kb_cmp_set_print(FILE *f, const struct kb_cmp_set *s, bool colour)
{
	char a[64], b[64], prefix[160];
	struct colours col;

	colours_of(&col, colour);
	fputs("runs:\n", f);
	for (size_t k = 0; k < s->n; k++) {
		snprintf(prefix, sizeof(prefix), k ? "new %zu" : "base", k);
		print_run(f, prefix, kb_cmp_set_run(s, k));
	}
	print_set_env(f, &col, s);
	print_set_table(f, &col, s);
	kb_cmp_run_name(s, 0, a, sizeof(a));
	for (size_t i = 0; i + 1 < s->n; i++) {
		const struct kb_comparison *c = s->pair[i];

		kb_cmp_run_name(s, i + 1, b, sizeof(b));
		for (size_t j = 0; j < c->n; j++) {
			const struct kb_cmp_entry *e = &c->e[j];

			if (!e->profile)
				continue;
			fprintf(f, "\n%s vs %s: %s%s%s %s%s%s %+.1f%%\n", b, a, col.bold,
				e->name, col.off, verdict_colour(&col, e->verdict),
				kb_verdict_name(e->verdict), col.off, e->s.change_pct);
			print_profile(f, &col, e->profile);
		}
	}
	for (size_t i = 0; i + 1 < s->n; i++) {
		snprintf(prefix, sizeof(prefix), "%s vs %s: ",
			 kb_cmp_run_name(s, i + 1, b, sizeof(b)), a);
		print_summary(f, s->pair[i], prefix);
	}
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare_html.h"
#include "compare_charts.h"
#include "diff_flamegraph.h"
#include "html.h"
#include "util/fileio.h"
#include "util/fmt.h"

/* Ranked functions shown per regression or improvement. */
#define HTML_FUNCS 10

static const char css[] =
	"code.path{font-family:monospace;word-break:break-all}\n"
	"tr.v-regression td.verdict,span.v-regression{background:#d62728;color:#fff;padding:0 4px}\n"
	"tr.v-improvement td.verdict,span.v-improvement{background:#2ca02c;color:#fff;padding:0 4px}\n"
	"tr.v-inconclusive td.verdict,span.v-inconclusive{background:#ffd54f;padding:0 4px}\n"
	"tr.v-not-compared td{color:#777}\n"
	"tr.env-differs td{background:#fff3c4}\n"
	"tr.env-invalidates td{background:#f4b4b4}\n"
	"span.build{color:#555;font-size:90%}\n";

/* A number, or "-" when it is missing. */
static void td_num(FILE *f, double x, const char *fmt)
{
	fputs("<td class=\"num\">", f);
	if (isfinite(x))
		fprintf(f, fmt, x);
	else
		fputs("-", f);
	fputs("</td>", f);
}

/* A number for people: V in UNIT, or a plain count with a prefix. */
static void td_human(FILE *f, double v, const char *unit)
{
	char buf[KB_FMT_LEN];

	fputs("<td class=\"num\">", f);
	kb_html(f, unit ? kb_fmt_value(buf, v, unit) : kb_fmt_si(buf, v));
	fputs("</td>", f);
}

static void td_ci(FILE *f, bool valid, double lo, double hi)
{
	if (valid)
		fprintf(f, "<td class=\"num\">[%+.2f, %+.2f]</td>", lo, hi);
	else
		fputs("<td class=\"num\">-</td>", f);
}

void kb_compare_html_chart(FILE *f, const char *dir, const char *chart, bool missing)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/charts/%s.svg", dir, chart);
	if (missing || access(path, R_OK)) {
		fprintf(f, "<p class=\"nochart\">chart %s: not rendered%s; data and script in "
			"charts/%s.dat and charts/%s.gp</p>\n", chart,
			missing ? " (gnuplot is not installed)" : "", chart, chart);
		return;
	}
	fprintf(f, "<img class=\"chart\" alt=\"%s\" src=\"data:image/svg+xml;base64,", chart);
	kb_embed_file(f, path);
	fputs("\">\n", f);
}

/* The verdict cell: the verdict, and what an inconclusive one lacks. */
static void td_verdict(FILE *f, const struct kb_cmp_entry *e)
{
	fprintf(f, "<td class=\"verdict\">%s", kb_verdict_name(e->verdict));
	if (e->verdict == KB_INCONCLUSIVE) {
		fputs(" (", f);
		if (!e->s.decidable)
			kb_html(f, e->s.missing);
		else if (e->boots_needed)
			fprintf(f, "~%u boots per side to resolve", e->boots_needed);
		else
			fprintf(f, "~%u reps per side to resolve", e->reps_needed);
		fputs(")", f);
	}
	fputs("</td>", f);
}

static void verdict_row(FILE *f, const struct kb_cmp_entry *e)
{
	const struct kb_cmp_model *m = &e->s.model;
	char slug[128];

	kb_slug(slug, sizeof(slug), e->name);
	fprintf(f, "<tr class=\"v-%s\"><td><a href=\"#bench-", kb_verdict_name(e->verdict));
	kb_html(f, slug);
	fputs("\">", f);
	kb_html(f, e->name);
	fputs("</a></td><td>", f);
	kb_html(f, e->unit);
	fputs("</td>", f);
	td_human(f, e->side[0].median, e->unit);
	td_human(f, e->side[1].median, e->unit);
	td_num(f, e->s.change_pct, "%+.2f");
	td_ci(f, m->valid, m->ci_lo, m->ci_hi);
	td_num(f, e->s.decidable ? e->s.p : NAN, "%.4f");
	fprintf(f, "<td>%s</td>", e->s.decidable ? kb_cmp_test_name(e->s.test) : "-");
	td_num(f, e->q, "%.4f");
	fprintf(f, "<td>%s</td>", !m->valid ? "-" : m->by_boot ? "boot" : "repetition");
	td_verdict(f, e);
	fputs("</tr>\n", f);
}

static void html_verdicts(FILE *f, const struct kb_comparison *c)
{
	fputs("<table class=\"verdicts\">\n<thead><tr><th>benchmark</th><th>unit</th>"
	      "<th>base median</th><th>new median</th><th>change %</th><th>95% CI %</th>"
	      "<th>p</th><th>test</th><th>q</th><th>unit of evidence</th><th>verdict</th>"
	      "</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].compared)
			verdict_row(f, &c->e[i]);
	for (size_t i = 0; i < c->n; i++) {
		if (c->e[i].compared)
			continue;
		fputs("<tr class=\"v-not-compared\"><td>", f);
		kb_html(f, c->e[i].name);
		fputs("</td><td colspan=\"10\">not compared: ", f);
		kb_html(f, c->e[i].reason);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* The like-for-like table: every field of both environments. */
static void html_env(FILE *f, const struct kb_comparison *c)
{
	const struct kb_env_diff *d = &c->env;

	fputs("<h2>Environment</h2>\n<p class=\"meta\">", f);
	if (!d->recorded[0] || !d->recorded[1])
		fprintf(f, "Not recorded in %s (as in results before 1.1): like for like not "
			"checked.", !d->recorded[0] && !d->recorded[1] ? "either run" :
			!d->recorded[0] ? "the base run" : "the new run");
	else if (d->n_invalid)
		fputs("<b>Not like for like</b>: compared with --force.", f);
	else
		fputs("Like for like: mode, accelerator, timing method and CPUs agree.", f);
	fputs("</p>\n<table class=\"environment\"><thead><tr><th>field</th><th>base</th>"
	      "<th>new</th><th>status</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < d->n; i++) {
		const struct kb_env_field *x = &d->f[i];

		fprintf(f, "<tr class=\"%s\"><td>%s</td><td>", x->invalidates ?
			"env-invalidates" : x->differs ? "env-differs" : "env-same", x->label);
		kb_html(f, x->known[0] ? x->val[0] : "not recorded");
		fputs("</td><td>", f);
		kb_html(f, x->known[1] ? x->val[1] : "not recorded");
		fprintf(f, "</td><td>%s</td></tr>\n", x->invalidates ? "differs: invalidates" :
			x->differs ? "differs" : x->known[0] && x->known[1] ? "same" : "unknown");
	}
	fputs("</tbody></table>\n", f);
}

static void counter_row(FILE *f, const char *what, const char *name,
			const struct kb_cmp_change *x)
{
	fprintf(f, "<tr><td>%s", what);
	kb_html(f, name);
	fputs("</td>", f);
	td_human(f, x->base, NULL);
	td_human(f, x->new, NULL);
	td_num(f, x->change_pct, "%+.2f");
	fputs("</tr>\n", f);
}

static void html_counters(FILE *f, const struct kb_cmp_counters *c)
{
	fputs("<h3>Counters per operation</h3>\n<table class=\"counters\"><thead><tr>"
	      "<th>counter</th><th>base</th><th>new</th><th>change %</th></tr></thead><tbody>\n", f);
	counter_row(f, "", "syscalls", &c->syscalls);
	counter_row(f, "", "page_faults", &c->page_faults);
	for (size_t i = 0; i < c->n_events; i++)
		counter_row(f, "event ", c->events[i].name, &c->events[i].c);
	fputs("</tbody></table>\n", f);
}

/* What the builds say of a function: appeared, vanished, compiled as. */
static void html_build(FILE *f, const struct kb_cmp_share *x)
{
	if (x->presence == KB_PRESENCE_APPEARED)
		fputs(" <span class=\"build\">appeared: only the new build has it</span>", f);
	else if (x->presence == KB_PRESENCE_VANISHED)
		fputs(" <span class=\"build\">vanished: only the base build has it</span>", f);
	for (int side = 0; side < 2; side++) {
		if (!x->compiled_as[side])
			continue;
		fprintf(f, " <span class=\"build\">%s: ", side ? "new" : "base");
		kb_html(f, x->compiled_as[side]);
		fputs("</span>", f);
	}
}

static void function_row(FILE *f, const struct kb_cmp_share *x)
{
	fputs("<tr><td class=\"fn\">", f);
	kb_html(f, x->name);
	html_build(f, x);
	fputs("</td><td>", f);
	kb_html(f, x->category_name ? x->category_name : "");
	fputs("</td>", f);
	td_num(f, x->presence == KB_PRESENCE_APPEARED ? NAN : x->base_pct, "%.2f");
	td_num(f, x->presence == KB_PRESENCE_VANISHED ? NAN : x->new_pct, "%.2f");
	td_num(f, x->delta_pp, "%+.2f");
	td_ci(f, x->ci_valid, x->ci_lo, x->ci_hi);
	td_num(f, x->p, "%.4f");
	fprintf(f, "<td>%s</td></tr>\n", x->significant ? "yes" : "no");
}

/* The height attribute of the SVG at PATH (kb_flame_write's), or 400. */
static unsigned int svg_height(const char *path)
{
	char head[1024];
	FILE *in = fopen(path, "r");
	size_t n = in ? fread(head, 1, sizeof(head) - 1, in) : 0;
	const char *h;
	unsigned int v = 0;

	if (in)
		fclose(in);
	head[n] = 0;
	h = strstr(head, " height=\"");
	if (!h || sscanf(h, " height=\"%u\"", &v) != 1 || !v || v > 100000)
		v = 400;
	return v;
}

static void html_diff_flame(FILE *f, const char *dir, const struct kb_cmp_entry *e)
{
	char name[160], file[4400];

	kb_diff_flame_file(name, sizeof(name), e->name);
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (access(file, R_OK))
		return;
	fprintf(f, "<h3>Differential flamegraph</h3>\n<p class=\"hint\">The new profile's stacks; "
		"each frame coloured by the change of its self share: red grew, blue shrank, "
		"saturated only where the 95%% CI of the change excludes 0, grey otherwise. "
		"Hover for base %%, new %%, delta and CI; click to zoom; Search highlights "
		"frames (%s).</p>\n<object class=\"flamegraph\" type=\"image/svg+xml\" "
		"style=\"height:%upx\" data=\"data:image/svg+xml;base64,", name,
		svg_height(file) + 4);
	kb_embed_file(f, file);
	fputs("\"></object>\n", f);
}

static void html_culprit(FILE *f, const struct kb_cmp_profile *p)
{
	const struct kb_cmp_share *cul = p->culprit;

	fputs("<p class=\"culprit\">Top culprit: ", f);
	if (cul) {
		fputs("<code>", f);
		kb_html(f, cul->name);
		fputs("</code> (", f);
		kb_html(f, cul->category_name ? cul->category_name : "");
		fprintf(f, ") %+.2f pp", cul->delta_pp);
		if (cul->ci_valid)
			fprintf(f, " (95%% CI %+.2f .. %+.2f)", cul->ci_lo, cul->ci_hi);
		html_build(f, cul);
	} else {
		fputs("none (no function's share changed significantly)", f);
	}
	fputs("</p>\n", f);
	if (p->path) {
		fputs("<p class=\"culprit\">Path: <code class=\"path\">", f);
		kb_html(f, p->path->name);
		fprintf(f, "</code> %+.2f pp</p>\n", p->path->delta_pp);
	}
}

void kb_compare_html_profile(FILE *f, const char *dir, const struct kb_cmp_entry *e)
{
	const struct kb_cmp_profile *p = e->profile;

	fputs("<h3>Profile difference</h3>\n", f);
	if (!p->available) {
		fputs("<p class=\"meta\">Not available: ", f);
		kb_html(f, p->reason);
		fputs("</p>\n", f);
		html_counters(f, &p->counters);
		return;
	}
	fprintf(f, "<p class=\"meta\">%zu base and %zu new profiles; ", p->reps[0],
		p->reps[1]);
	kb_html(f, p->method);
	fputs(".</p>\n", f);
	html_culprit(f, p);
	fputs("<table class=\"functions\"><thead><tr><th>function (self share)</th><th>category</th>"
	      "<th>base %</th><th>new %</th><th>delta pp</th><th>95% CI pp</th><th>p</th>"
	      "<th>significant</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < p->n_functions && i < HTML_FUNCS; i++)
		function_row(f, &p->functions[i]);
	fputs("</tbody></table>\n", f);
	html_counters(f, &p->counters);
	html_diff_flame(f, dir, e);
}

static void html_side(FILE *f, const char *label, const struct kb_cmp_side *s,
		      const char *unit)
{
	char buf[KB_FMT_LEN];

	fprintf(f, " %s: n %zu, median ", label, s->n);
	kb_html(f, kb_fmt_value(buf, s->median, unit));
	fprintf(f, ", CoV %.2f%%.", s->cov_pct);
}

void kb_compare_html_model(FILE *f, const struct kb_cmp_entry *e)
{
	const struct kb_cmp_model *m = &e->s.model;

	fputs("<p class=\"meta\">", f);
	if (!m->valid) {
		fputs("No noise model: ", f);
		kb_html(f, m->why);
		fputs(".</p>\n", f);
		return;
	}
	fprintf(f, "Noise model: %zu base and %zu new boot%s (%zu shared); the %s is "
		"the unit of evidence; within-boot sd %.3g%%", m->boots[0], m->boots[1],
		m->boots[1] == 1 ? "" : "s", m->shared, m->by_boot ? "boot" : "repetition",
		m->within_pct);
	if (m->by_boot)
		fprintf(f, ", between-boot sd %.3g%% (from the %s)", m->between_pct,
			m->between_from);
	fprintf(f, "; change of the mean %+.3g%%, t %.3g, df %.3g, p %.3g.",
		m->estimate_pct, m->t, m->df, m->p);
	if (!e->s.decidable) {
		fputs(" No verdict: ", f);
		kb_html(f, e->s.missing);
		fputs(".", f);
	}
	fputs("</p>\n", f);
}

static void html_bench(FILE *f, const char *dir, const struct kb_cmp_entry *e,
		       bool missing)
{
	const char *v = kb_verdict_name(e->verdict);
	char slug[128], chart[160];

	kb_slug(slug, sizeof(slug), e->name);
	fputs("<section id=\"bench-", f);
	kb_html(f, slug);
	fputs("\">\n<h2>", f);
	kb_html(f, e->name);
	fprintf(f, " <span class=\"v-%s\">%s</span> %+.2f%%</h2>\n", v, v, e->s.change_pct);
	fputs("<p class=\"meta\">", f);
	kb_html(f, e->metric);
	fputs(" in ", f);
	kb_html(f, e->unit);
	fprintf(f, " (%s is better).", e->higher_is_better ? "higher" : "lower");
	html_side(f, "Base", &e->side[0], e->unit);
	html_side(f, "New", &e->side[1], e->unit);
	fputs("</p>\n", f);
	kb_compare_html_model(f, e);
	fputs("<div class=\"charts\">\n", f);
	kb_compare_bars_name(chart, sizeof(chart), e->name);
	kb_compare_html_chart(f, dir, chart, missing);
	fputs("</div>\n", f);
	if (e->profile)
		kb_compare_html_profile(f, dir, e);
	fputs("</section>\n", f);
}

void kb_compare_html_run(FILE *f, const char *role, const struct kb_cmp_run *r)
{
	fprintf(f, "<li>%s", role);
	if (r->label[0]) {
		fputs(" <b>", f);
		kb_html(f, r->label);
		fputs("</b>", f);
	}
	fputs(": <code>", f);
	kb_html(f, r->dir);
	fputs("</code>, suite ", f);
	kb_html(f, r->suite);
	fputs(", kernel ", f);
	kb_html(f, r->kernel[0] ? r->kernel : "unknown");
	if (r->build[0]) {
		fputs(" <code>", f);
		kb_html(f, r->build);
		fputs("</code>", f);
	}
	fputs(", started ", f);
	kb_html(f, r->started);
	fprintf(f, ", %zu boot%s%s</li>\n", r->boots, r->boots == 1 ? "" : "s",
		r->partial ? ", <b>partial</b>" : "");
}

static void html_head(FILE *f, const struct kb_comparison *c, bool missing)
{
	const size_t *n = c->count;

	kb_html_begin(f, "kbench compare", css);
	fputs("<h1>kbench compare</h1>\n<ul class=\"meta\">\n", f);
	kb_compare_html_run(f, "Base", &c->run[0]);
	kb_compare_html_run(f, "New", &c->run[1]);
	fprintf(f, "<li>threshold %g%% (", c->par.threshold_pct);
	kb_html(f, c->par.threshold_rule);
	fprintf(f, "), false discovery rate %g, %g%% confidence, "
		"%u bootstrap resamples, at least %u values per side for a verdict</li>\n",
		c->par.alpha, 100 * c->par.level, c->par.boot_iters, c->par.min_values);
	if (c->prior_used && c->par.prior) {
		fprintf(f, "<li>%zu verdict%s rest on the prior between-boot noise of %g%% (",
			c->prior_used, c->prior_used == 1 ? "" : "s", c->par.prior->cv_pct);
		kb_html(f, c->par.prior->source);
		fputs("), not on measured boots: merge runs of several boots "
		      "(<code>kbench merge</code>) to measure it</li>\n", f);
	}
	fputs("</ul>\n", f);
	fprintf(f, "<p id=\"summary\"><b>%zu regression%s</b>, %zu improvement%s, %zu unchanged, "
		"%zu inconclusive, %zu not compared.</p>\n",
		n[KB_REGRESSION], n[KB_REGRESSION] == 1 ? "" : "s",
		n[KB_IMPROVEMENT], n[KB_IMPROVEMENT] == 1 ? "" : "s",
		n[KB_UNCHANGED], n[KB_INCONCLUSIVE], c->not_compared);
	if (missing)
		fputs("<p class=\"nochart\">gnuplot is not installed: charts were not rendered.</p>\n", f);
}

int kb_compare_html_write(FILE *f, const char *dir, const struct kb_comparison *c,
			  bool missing)
{
	html_head(f, c, missing);
	html_env(f, c);
	fputs("<h2>Verdicts</h2>\n", f);
	html_verdicts(f, c);
	if (c->not_compared < c->n) {
		fputs("<div class=\"charts\">\n", f);
		kb_compare_html_chart(f, dir, "change", missing);
		fputs("</div>\n", f);
	}
	/* Regressions and improvements first: that is where the evidence is. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->n; i++)
			if (c->e[i].compared && (c->e[i].profile != NULL) == !pass)
				html_bench(f, dir, &c->e[i], missing);
	kb_html_end(f);
	return ferror(f) ? -EIO : 0;
}

struct page {
	const char *dir;
	const struct kb_comparison *c;
	bool missing;
};

static int page_fn(FILE *f, void *arg)
{
	const struct page *p = arg;

	return kb_compare_html_write(f, p->dir, p->c, p->missing);
}

int kb_compare_html_save(const char *dir, const struct kb_comparison *c,
			 bool gnuplot_missing, char *why, size_t why_len)
{
	struct page p = { dir, c, gnuplot_missing };
	char path[4200];
	int ret;

	snprintf(path, sizeof(path), "%s/compare.html", dir);
	ret = kb_write_atomic(path, page_fn, &p);
	if (ret)
		snprintf(why, why_len, "%s: cannot write: %s", path, strerror(-ret));
	return ret;
}

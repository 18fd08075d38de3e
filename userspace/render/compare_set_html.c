// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "compare_set_html.h"
#include "compare_charts.h"
#include "compare_html.h"
#include "html.h"
#include "util/fileio.h"
#include "util/fmt.h"

static const char css[] =
	"code.path{font-family:monospace;word-break:break-all}\n"
	"td.v-regression,span.v-regression{background:#d62728;color:#fff;padding:0 4px}\n"
	"td.v-improvement,span.v-improvement{background:#2ca02c;color:#fff;padding:0 4px}\n"
	"td.v-inconclusive,span.v-inconclusive{background:#ffd54f;padding:0 4px}\n"
	"td.not-compared{color:#777}\n"
	"tr.env-differs td{background:#fff3c4}\n"
	"tr.env-invalidates td{background:#f4b4b4}\n"
	"th.run{border-left:2px solid #bbb}\n"
	"span.build{color:#555;font-size:90%}\n";

void kb_compare_set_subdir(char *buf, size_t len, const struct kb_cmp_set *s,
			   size_t i)
{
	char name[64], slug[80];

	kb_slug(slug, sizeof(slug), kb_cmp_run_name(s, i + 1, name, sizeof(name)));
	snprintf(buf, len, "vs-%s", slug);
}

static void html_head(FILE *f, const struct kb_cmp_set *s, bool missing)
{
	const struct kb_cmp_params *par = &s->pair[0]->par;
	const size_t *n = s->count;
	char role[32];

	kb_html_begin(f, "kbench compare", css);
	fprintf(f, "<h1>kbench compare: %zu runs against one base</h1>\n<ul class=\"meta\">\n",
		s->n - 1);
	for (size_t k = 0; k < s->n; k++) {
		snprintf(role, sizeof(role), k ? "New %zu" : "Base", k);
		kb_compare_html_run(f, role, kb_cmp_set_run(s, k));
	}
	fprintf(f, "<li>threshold %g%% (", par->threshold_pct);
	kb_html(f, par->threshold_rule);
	fprintf(f, "), false discovery rate %g per run against the base, %g%% confidence</li>\n"
		"</ul>\n", par->alpha, 100 * par->level);
	fprintf(f, "<p id=\"summary\">Over every run: <b>%zu regression%s</b>, %zu improvement%s, "
		"%zu unchanged, %zu inconclusive, %zu not compared.</p>\n",
		n[KB_REGRESSION], n[KB_REGRESSION] == 1 ? "" : "s",
		n[KB_IMPROVEMENT], n[KB_IMPROVEMENT] == 1 ? "" : "s",
		n[KB_UNCHANGED], n[KB_INCONCLUSIVE], s->not_compared);
	if (missing)
		fputs("<p class=\"nochart\">gnuplot is not installed: charts were not rendered.</p>\n", f);
}

/* The header cells of the runs, after FIRST. */
static void run_headers(FILE *f, const struct kb_cmp_set *s, const char *first)
{
	char name[64];

	fprintf(f, "<thead><tr><th>%s</th>", first);
	for (size_t k = 0; k < s->n; k++) {
		fputs("<th class=\"run\">", f);
		kb_html(f, kb_cmp_run_name(s, k, name, sizeof(name)));
		fputs("</th>", f);
	}
}

/* Field J of every run's environment, highlighted where any differs. */
static void env_row(FILE *f, const struct kb_cmp_set *s, size_t j)
{
	bool differs = false, invalid = false;

	for (size_t i = 0; i + 1 < s->n; i++) {
		differs |= s->pair[i]->env.f[j].differs;
		invalid |= s->pair[i]->env.f[j].invalidates;
	}
	fprintf(f, "<tr class=\"%s\"><td>%s</td>", invalid ? "env-invalidates" :
		differs ? "env-differs" : "env-same", s->pair[0]->env.f[j].label);
	for (size_t k = 0; k < s->n; k++) {
		const struct kb_env_field *x = &s->pair[k ? k - 1 : 0]->env.f[j];

		fputs("<td>", f);
		kb_html(f, x->known[k ? 1 : 0] ? x->val[k ? 1 : 0] : "not recorded");
		fputs("</td>", f);
	}
	fprintf(f, "<td>%s</td></tr>\n", invalid ? "differs: invalidates" :
		differs ? "differs" : "same");
}

static void html_env(FILE *f, const struct kb_cmp_set *s)
{
	fputs("<h2>Environment and kernel configuration</h2>\n<p class=\"meta\">Every field "
	      "of every run's environment; highlighted where a run differs from the base. "
	      "Kernels differ by design: only the mode, accelerator, timing method and "
	      "CPUs must agree.</p>\n<table class=\"environment\">", f);
	run_headers(f, s, "field");
	fputs("<th>status</th></tr></thead><tbody>\n", f);
	for (size_t j = 0; j < s->pair[0]->env.n; j++)
		env_row(f, s, j);
	fputs("</tbody></table>\n", f);
}

/* A median and the CoV of its repetitions (its spread). */
static void value_html(FILE *f, const struct kb_cmp_side *side, const char *unit)
{
	char v[KB_FMT_LEN];

	kb_html(f, kb_fmt_value(v, side->median, unit));
	if (side->n > 1 && isfinite(side->cov_pct))
		fprintf(f, " &plusmn;%.2f%%", side->cov_pct);
}

/* Pair I's cells of one benchmark: median and spread, change with CI, verdict. */
static void verdict_cells(FILE *f, const struct kb_cmp_set *s, size_t i,
			  const struct kb_cmp_entry *e)
{
	char name[64], slug[160];

	if (!e || !e->compared) {
		fputs("<td class=\"not-compared\" colspan=\"2\">", f);
		kb_html(f, e ? e->reason : "not in this run");
		fputs("</td>", f);
		return;
	}
	fputs("<td class=\"num\">", f);
	value_html(f, &e->side[1], e->unit);
	fprintf(f, " (%+.2f%%", e->s.change_pct);
	if (e->s.model.valid)
		fprintf(f, ", CI %+.2f .. %+.2f", e->s.model.ci_lo, e->s.model.ci_hi);
	fprintf(f, ")</td><td class=\"v-%s\">", kb_verdict_name(e->verdict));
	if (e->profile) {
		kb_slug(slug, sizeof(slug), kb_cmp_run_name(s, i + 1, name, sizeof(name)));
		fprintf(f, "<a href=\"#%s-", slug);
		kb_slug(slug, sizeof(slug), e->name);
		fprintf(f, "%s\">%s</a>", slug, kb_verdict_name(e->verdict));
	} else {
		fputs(kb_verdict_name(e->verdict), f);
	}
	fputs("</td>", f);
}

static void html_verdicts(FILE *f, const struct kb_cmp_set *s)
{
	char name[64];

	fputs("<h2>Every benchmark, every run</h2>\n<table class=\"verdicts\"><thead><tr>"
	      "<th>benchmark</th><th class=\"run\">", f);
	kb_html(f, kb_cmp_run_name(s, 0, name, sizeof(name)));
	fputs(" (base)</th>", f);
	for (size_t k = 1; k < s->n; k++) {
		fputs("<th class=\"run\" colspan=\"2\">", f);
		kb_html(f, kb_cmp_run_name(s, k, name, sizeof(name)));
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t r = 0; r < s->n_rows; r++) {
		const struct kb_cmp_row *row = &s->rows[r];
		const struct kb_cmp_entry *b = NULL;

		for (size_t i = 0; !b && i + 1 < s->n; i++)
			if (row->e[i] && row->e[i]->compared)
				b = row->e[i];
		fputs("<tr><td>", f);
		kb_html(f, row->name);
		fputs("</td><td class=\"num\">", f);
		if (b)
			value_html(f, &b->side[0], b->unit);
		else
			fputs("-", f);
		fputs("</td>", f);
		for (size_t i = 0; i + 1 < s->n; i++)
			verdict_cells(f, s, i, row->e[i]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_charts(FILE *f, const char *dir, const struct kb_cmp_set *s,
			bool missing)
{
	char chart[160];

	fputs("<h2>Charts</h2>\n<div class=\"charts\">\n", f);
	kb_compare_html_chart(f, dir, "change", missing);
	for (size_t r = 0; r < s->n_rows; r++) {
		bool compared = false;

		for (size_t i = 0; i + 1 < s->n; i++)
			compared |= s->rows[r].e[i] && s->rows[r].e[i]->compared;
		if (!compared)
			continue;
		kb_compare_bars_name(chart, sizeof(chart), s->rows[r].name);
		kb_compare_html_chart(f, dir, chart, missing);
	}
	fputs("</div>\n", f);
}

/* Pair I's regressions and improvements, with its profile evidence. */
static void html_evidence(FILE *f, const char *dir, const struct kb_cmp_set *s,
			  size_t i)
{
	const struct kb_comparison *c = s->pair[i];
	char a[64], b[64], sub[160], pdir[4400], slug[160], bslug[160];

	kb_cmp_run_name(s, 0, a, sizeof(a));
	kb_cmp_run_name(s, i + 1, b, sizeof(b));
	kb_compare_set_subdir(sub, sizeof(sub), s, i);
	snprintf(pdir, sizeof(pdir), "%s/%s", dir, sub);
	kb_slug(bslug, sizeof(bslug), b);
	fputs("<h2>", f);
	kb_html(f, b);
	fputs(" against ", f);
	kb_html(f, a);
	fprintf(f, "</h2>\n<p class=\"meta\">%zu regression%s, %zu improvement%s, %zu unchanged, "
		"%zu inconclusive. Its own report: <a href=\"%s/compare.html\">%s/compare.html</a>."
		"</p>\n", c->count[KB_REGRESSION], c->count[KB_REGRESSION] == 1 ? "" : "s",
		c->count[KB_IMPROVEMENT], c->count[KB_IMPROVEMENT] == 1 ? "" : "s",
		c->count[KB_UNCHANGED], c->count[KB_INCONCLUSIVE], sub, sub);
	for (size_t j = 0; j < c->n; j++) {
		const struct kb_cmp_entry *e = &c->e[j];
		const char *v = kb_verdict_name(e->verdict);

		if (!e->profile)
			continue;
		kb_slug(slug, sizeof(slug), e->name);
		fprintf(f, "<section id=\"%s-%s\">\n<h3>", bslug, slug);
		kb_html(f, e->name);
		fprintf(f, " <span class=\"v-%s\">%s</span> %+.2f%%</h3>\n", v, v,
			e->s.change_pct);
		kb_compare_html_model(f, e);
		kb_compare_html_profile(f, pdir, e);
		fputs("</section>\n", f);
	}
}

int kb_compare_set_html_write(FILE *f, const char *dir, const struct kb_cmp_set *s,
			      bool missing)
{
	html_head(f, s, missing);
	html_env(f, s);
	html_verdicts(f, s);
	html_charts(f, dir, s, missing);
	for (size_t i = 0; i + 1 < s->n; i++)
		html_evidence(f, dir, s, i);
	kb_html_end(f);
	return ferror(f) ? -EIO : 0;
}

struct page {
	const char *dir;
	const struct kb_cmp_set *s;
	bool missing;
};

static int page_fn(FILE *f, void *arg)
{
	const struct page *p = arg;

	return kb_compare_set_html_write(f, p->dir, p->s, p->missing);
}

int kb_compare_set_html_save(const char *dir, const struct kb_cmp_set *s,
			     bool gnuplot_missing, char *why, size_t why_len)
{
	struct page p = { dir, s, gnuplot_missing };
	char path[4200];
	int ret;

	snprintf(path, sizeof(path), "%s/compare.html", dir);
	ret = kb_write_atomic(path, page_fn, &p);
	if (ret)
		snprintf(why, why_len, "%s: cannot write: %s", path, strerror(-ret));
	return ret;
}

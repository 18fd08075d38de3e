// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_charts.h"
#include "charts.h"
#include "util/fileio.h"

void kb_compare_bars_name(char *buf, size_t len, const char *bench)
{
	char slug[128];

	kb_slug(slug, sizeof(slug), bench);
	snprintf(buf, len, "bars-%s", slug);
}

/* A chart's data and script, written to memory. */
struct chart {
	char *data, *script;
	size_t dl, sl;
	FILE *d, *s;
};

static int chart_open(struct chart *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->d = open_memstream(&ch->data, &ch->dl);
	ch->s = open_memstream(&ch->script, &ch->sl);
	return ch->d && ch->s ? 0 : -ENOMEM;
}

/*
 * Closes CH and renders it as CDIR/NAME: 0, 1 when gnuplot is missing, or
 * -errno after telling WARN.
 */
static int chart_render(struct chart *ch, const char *cdir, const char *name,
			kb_chart_warn_fn warn, void *arg)
{
	char why[1024] = "out of memory";
	int ret = ch->d && ch->s ? 0 : -ENOMEM;

	if ((ch->d && fclose(ch->d)) || (ch->s && fclose(ch->s)))
		ret = -ENOMEM;
	if (!ret)
		ret = kb_chart_render(cdir, name, ch->data, ch->script, why,
				      sizeof(why));
	free(ch->data);
	free(ch->script);
	if (ret < 0)
		warn(name, why, arg);
	return ret;
}

/* Base against new: the median with its 95 % CI, as two bars. */
static int chart_bars(const char *cdir, const struct kb_cmp_entry *e,
		      kb_chart_warn_fn warn, void *arg)
{
	const struct kb_cmp_side *a = &e->side[0], *b = &e->side[1];
	struct chart ch;
	char name[160];

	kb_compare_bars_name(name, sizeof(name), e->name);
	if (chart_open(&ch))
		return chart_render(&ch, cdir, name, warn, arg);
	fprintf(ch.d, "# x side median ci95_lo ci95_hi (%s; bootstrap CI of the median)\n",
		e->unit);
	fprintf(ch.d, "0 base %.9g %.9g %.9g\n1 new %.9g %.9g %.9g\n",
		a->median, a->med_lo, a->med_hi, b->median, b->med_lo, b->med_hi);
	fputs("set title '", ch.s);
	kb_gp_str(ch.s, e->name);
	fprintf(ch.s, ": median, base vs new, with 95%% CI (%s, change %+.1f%%)'\n"
		"set ylabel '", e->higher_is_better ? "higher is better" :
		"lower is better", e->s.change_pct);
	kb_gp_str(ch.s, e->unit);
	fputs("'\nset style fill solid 0.85 border -1\nset boxwidth 0.6\n"
	      "set xrange [-0.7:1.7]\nset yrange [0:*]\nset grid ytics\n"
	      "set key outside bottom center horizontal\n"
	      "plot datafile using 1:($1 == 0 ? $3 : 1/0):xtic(2) with boxes lc rgb '#7f9fcf' title 'base', "
	      "datafile using 1:($1 == 1 ? $3 : 1/0) with boxes lc rgb '#d0604a' title 'new', "
	      "datafile using 1:3:4:5 with yerrorbars lc rgb '#202020' pt 7 ps 0.6 lw 1.5 "
	      "title '95% CI of the median'\n", ch.s);
	return chart_render(&ch, cdir, name, warn, arg);
}

static unsigned int verdict_rgb(enum kb_verdict v)
{
	return v == KB_REGRESSION ? 0xd62728 : v == KB_IMPROVEMENT ? 0x2ca02c :
	       v == KB_INCONCLUSIVE ? 0xc89000 : 0x505050;
}

/* Change % of every compared benchmark with its CI, and the threshold band. */
static int chart_change(const char *cdir, const struct kb_comparison *c,
			kb_chart_warn_fn warn, void *arg)
{
	double thr = c->par.threshold_pct;
	struct chart ch;
	size_t k = 0;

	if (chart_open(&ch))
		return chart_render(&ch, cdir, "change", warn, arg);
	fputs("# x benchmark change_pct ci95_lo ci95_hi colour verdict\n", ch.d);
	for (size_t i = 0; i < c->n; i++) {
		const struct kb_cmp_entry *e = &c->e[i];
		const struct kb_cmp_stats *s = &e->s;
		bool ci = s->model.valid;	/* the CI the verdict used */

		if (!e->compared)
			continue;
		fprintf(ch.d, "%zu ", k++);
		kb_gp_label(ch.d, e->name, sizeof(e->name));
		fprintf(ch.d, " %.9g %.9g %.9g %u %s\n", s->change_pct,
			ci ? s->model.ci_lo : s->change_pct,
			ci ? s->model.ci_hi : s->change_pct,
			verdict_rgb(e->verdict), kb_verdict_name(e->verdict));
	}
	fprintf(ch.s, "set title 'Change of the median per benchmark, with 95%% CI "
		"(band: threshold +-%g%%)'\nset ylabel 'change %%'\n"
		"set xrange [-0.7:%zu.3]\nset grid ytics\nset xtics rotate by -30\nunset key\n"
		"set object 1 rect from graph 0, first %g to graph 1, first %g "
		"fc rgb '#e4e4e4' fs solid 1.0 noborder behind\n"
		"set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#808080' dt 2\n"
		"plot datafile using 1:3:4:5:6:xtic(2) with yerrorbars lc rgb variable pt 7 ps 1.2 lw 1.5\n",
		thr, k ? k - 1 : 0, -thr, thr);
	return chart_render(&ch, cdir, "change", warn, arg);
}

int kb_compare_charts(const char *dir, const struct kb_comparison *c,
		      bool *gnuplot_missing, kb_chart_warn_fn warn, void *arg,
		      char *why, size_t why_len)
{
	char cdir[4200];
	size_t n = 0;
	int ret;

	*gnuplot_missing = false;
	snprintf(cdir, sizeof(cdir), "%s/charts", dir);
	ret = kb_mkdir_p(cdir);
	if (ret) {
		snprintf(why, why_len, "%s: %s", cdir, strerror(-ret));
		return ret;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (!c->e[i].compared)
			continue;
		n++;
		if (chart_bars(cdir, &c->e[i], warn, arg) == 1)
			*gnuplot_missing = true;
	}
	if (n && chart_change(cdir, c, warn, arg) == 1)
		*gnuplot_missing = true;
	return 0;
}

/* ---- several runs against one base ---- */

/* A colour per run: the base grey-blue, the others distinct. */
static unsigned int run_rgb(size_t k)
{
	static const unsigned int rgb[] = { 0x7f9fcf, 0xd0604a, 0x59a14f, 0xedc948,
					    0xb07aa1, 0xff9da7, 0x9c755f, 0x76b7b2 };

	return rgb[k % (sizeof(rgb) / sizeof(rgb[0]))];
}

/* The base entry of row R (any pair that compared it), or NULL. */
static const struct kb_cmp_entry *row_base(const struct kb_cmp_set *s,
					    const struct kb_cmp_row *r)
{
	for (size_t i = 0; i + 1 < s->n; i++)
		if (r->e[i] && r->e[i]->compared)
			return r->e[i];
	return NULL;
}

/* Every run's median of row R with its 95 % CI, as bars side by side. */
static int chart_set_bars(const char *cdir, const struct kb_cmp_set *s,
			  const struct kb_cmp_row *r, kb_chart_warn_fn warn, void *arg)
{
	const struct kb_cmp_entry *b = row_base(s, r);
	char name[160], run[64];
	struct chart ch;

	kb_compare_bars_name(name, sizeof(name), r->name);
	if (chart_open(&ch))
		return chart_render(&ch, cdir, name, warn, arg);
	fprintf(ch.d, "# x run median ci95_lo ci95_hi colour (%s; bootstrap CI of the median)\n",
		b->unit);
	for (size_t k = 0; k < s->n; k++) {
		const struct kb_cmp_entry *e = k ? r->e[k - 1] : b;
		const struct kb_cmp_side *x;

		if (!e || !e->compared)
			continue;
		x = &e->side[k ? 1 : 0];
		fprintf(ch.d, "%zu ", k);
		kb_gp_label(ch.d, kb_cmp_run_name(s, k, run, sizeof(run)), 40);
		fprintf(ch.d, " %.9g %.9g %.9g %u\n", x->median, x->med_lo, x->med_hi,
			run_rgb(k));
	}
	fputs("set title '", ch.s);
	kb_gp_str(ch.s, r->name);
	fprintf(ch.s, ": median of every run, with 95%% CI (%s is better)'\nset ylabel '",
		b->higher_is_better ? "higher" : "lower");
	kb_gp_str(ch.s, b->unit);
	fprintf(ch.s, "'\nset style fill solid 0.85 border -1\nset boxwidth 0.6\n"
		"set xrange [-0.7:%zu.7]\nset yrange [0:*]\nset grid ytics\nunset key\n"
		"plot datafile using 1:3:6:xtic(2) with boxes lc rgb variable, "
		"datafile using 1:3:4:5 with yerrorbars lc rgb '#202020' pt 7 ps 0.6 lw 1.5\n",
		s->n - 1);
	return chart_render(&ch, cdir, name, warn, arg);
}

/* Every other run's change against the base, per benchmark, with its CI. */
static int chart_set_change(const char *cdir, const struct kb_cmp_set *s,
			    kb_chart_warn_fn warn, void *arg)
{
	double thr = s->pair[0]->par.threshold_pct, w = 0.6 / (double)(s->n - 1);
	char run[64];
	struct chart ch;
	size_t x = 0;

	if (chart_open(&ch))
		return chart_render(&ch, cdir, "change", warn, arg);
	fputs("# x benchmark change_pct ci95_lo ci95_hi run verdict\n", ch.d);
	for (size_t r = 0; r < s->n_rows; r++) {
		if (!row_base(s, &s->rows[r]))
			continue;
		for (size_t i = 0; i + 1 < s->n; i++) {
			const struct kb_cmp_entry *e = s->rows[r].e[i];
			bool ci = e && e->compared && e->s.model.valid;

			if (!e || !e->compared)
				continue;
			fprintf(ch.d, "%.4f ", (double)x - 0.3 + w * ((double)i + 0.5));
			kb_gp_label(ch.d, i == (s->n - 2) / 2 ? e->name : "", sizeof(e->name));
			fprintf(ch.d, " %.9g %.9g %.9g %zu %s\n", e->s.change_pct,
				ci ? e->s.model.ci_lo : e->s.change_pct,
				ci ? e->s.model.ci_hi : e->s.change_pct, i + 1,
				kb_verdict_name(e->verdict));
		}
		x++;
	}
	fprintf(ch.s, "set title 'Change of the median against ");
	kb_gp_str(ch.s, kb_cmp_run_name(s, 0, run, sizeof(run)));
	fprintf(ch.s, ", with 95%% CI (band: threshold +-%g%%)'\nset ylabel 'change %%'\n"
		"set xrange [-0.7:%zu.3]\nset grid ytics\nset xtics rotate by -30\n"
		"set key outside bottom center horizontal\n"
		"set object 1 rect from graph 0, first %g to graph 1, first %g "
		"fc rgb '#e4e4e4' fs solid 1.0 noborder behind\n"
		"set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#808080' dt 2\n"
		"plot", thr, x ? x - 1 : 0, -thr, thr);
	for (size_t k = 1; k < s->n; k++) {
		fprintf(ch.s, "%s datafile using ($6 == %zu ? $1 : 1/0):3:4:5%s with yerrorbars "
			"lc rgb '#%06x' pt 7 ps 1.2 lw 1.5 title '", k > 1 ? "," : "", k,
			k == (s->n - 1 + 1) / 2 ? ":xtic(2)" : "", run_rgb(k));
		kb_gp_str(ch.s, kb_cmp_run_name(s, k, run, sizeof(run)));
		fputc('\'', ch.s);
	}
	fputc('\n', ch.s);
	return chart_render(&ch, cdir, "change", warn, arg);
}

int kb_compare_set_charts(const char *dir, const struct kb_cmp_set *s,
			  bool *gnuplot_missing, kb_chart_warn_fn warn, void *arg,
			  char *why, size_t why_len)
{
	char cdir[4200];
	size_t n = 0;
	int ret;

	*gnuplot_missing = false;
	snprintf(cdir, sizeof(cdir), "%s/charts", dir);
	ret = kb_mkdir_p(cdir);
	if (ret) {
		snprintf(why, why_len, "%s: %s", cdir, strerror(-ret));
		return ret;
	}
	for (size_t r = 0; r < s->n_rows; r++) {
		if (!row_base(s, &s->rows[r]))
			continue;
		n++;
		if (chart_set_bars(cdir, s, &s->rows[r], warn, arg) == 1)
			*gnuplot_missing = true;
	}
	if (n && chart_set_change(cdir, s, warn, arg) == 1)
		*gnuplot_missing = true;
	return 0;
}

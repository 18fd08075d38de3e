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

// SPDX-License-Identifier: GPL-2.0
/* A report group's gnuplot charts (report_charts.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_charts.h"
#include "charts.h"
#include "util/fmt.h"

/* A chart's data file and script, written to memory. */
struct chart {
	char *data, *script;
	size_t dl, sl;
	FILE *d, *s;
};

static int chart_open(struct chart *c)
{
	memset(c, 0, sizeof(*c));
	c->d = open_memstream(&c->data, &c->dl);
	c->s = open_memstream(&c->script, &c->sl);
	if (c->d && c->s)
		return 0;
	if (c->d)
		fclose(c->d);
	if (c->s)
		fclose(c->s);
	free(c->data);
	free(c->script);
	return -ENOMEM;
}

/* Closes C and renders it as NAME-SLUG of group GROUP. */
static int chart_done(struct chart *c, struct kb_report_files *fs,
		      const struct kb_report *r, size_t group, const char *name)
{
	char full[208], why[4608];
	int ret = 0;

	if (fclose(c->d))
		ret = -ENOMEM;
	if (fclose(c->s))
		ret = -ENOMEM;
	snprintf(full, sizeof(full), "%s-%s", name, r->g[group].slug);
	if (!ret)
		ret = kb_chart_render(fs->chart_dir, full, c->data, c->script, why,
				      sizeof(why));
	free(c->data);
	free(c->script);
	if (ret == -ENOMEM)
		return ret;
	if (ret < 0)
		return kb_report_files_warn(fs, "chart %s: %s", full, why);
	if (ret == 1)
		fs->gnuplot_missing = true;
	return kb_report_files_add_chart(fs, full, group, ret == 0);
}

static int chart_hotspots(struct kb_report_files *fs, const struct kb_report *r,
			  size_t group)
{
	const struct kb_fstats *f = &r->g[group].fs;
	size_t n = f->n < KB_REPORT_TOP_BARS ? f->n : KB_REPORT_TOP_BARS;
	struct chart c;

	if (!n || !f->samples)
		return 0;
	if (chart_open(&c))
		return -ENOMEM;
	fprintf(c.d, "# function self_pct self_samples\n");
	for (size_t i = 0; i < n; i++) {
		kb_gp_label(c.d, f->f[i].name, 60);
		fprintf(c.d, " %.4f %" PRIu64 "\n", 100.0 * f->f[i].self / f->samples,
			f->f[i].self);
	}
	fprintf(c.s, "set title 'Top functions by self samples: ");
	kb_gp_str(c.s, r->g[group].name);
	fprintf(c.s, "'\nset key off\nset grid xtics\nset xlabel 'self samples (%%)'\n"
		"set xrange [0:*]\nset yrange [%zu-0.5:-0.5]\nset lmargin 48\n"
		"set style fill solid 0.85 border -1\n"
		"plot datafile using (0):0:(0):2:($0-0.35):($0+0.35):ytic(1) "
		"with boxxyerror lc rgb '#e8902c'\n", n);
	return chart_done(&c, fs, r, group, "hotspots");
}

static int chart_reps(struct kb_report_files *fs, const struct kb_report *r,
		      size_t group)
{
	const struct kb_bench_result *b = r->g[group].bench;
	double m = b->summary.mean, sd = b->summary.stddev;
	char mean[KB_FMT_LEN];
	struct chart c;

	if (!b->n_values)
		return 0;
	if (chart_open(&c))
		return -ENOMEM;
	fprintf(c.d, "# repetition value mean-stddev mean+stddev (%s)\n", b->unit);
	for (size_t i = 0; i < b->n_values; i++)
		fprintf(c.d, "%zu %.9g %.9g %.9g\n", i + 1, b->values[i], m - sd, m + sd);
	fprintf(c.s, "set title '");
	kb_gp_str(c.s, b->name);
	fprintf(c.s, ": repetitions (%s, %s is better)'\nset xlabel 'repetition'\nset ylabel '",
		b->metric, b->higher_is_better ? "higher" : "lower");
	kb_gp_str(c.s, b->unit);
	fprintf(c.s, "'\nset xrange [0.5:%zu.5]\nset xtics 1\nset grid ytics\n"
		"set key outside bottom center horizontal\n"
		"plot datafile using 1:3:4 with filledcurves fc rgb '#dde6f5' title 'mean ± stddev', "
		"%.9g with lines lc rgb '#3060a0' dt 2 title 'mean ", b->n_values, m);
	kb_gp_str(c.s, kb_fmt_value(mean, m, b->unit));
	fprintf(c.s, "', datafile using 1:2 with linespoints pt 7 ps 1.2 lc rgb '#c03020' "
		"title 'value'\n");
	return chart_done(&c, fs, r, group, "reps");
}

static int chart_latency(struct kb_report_files *fs, const struct kb_report *r,
			 size_t group)
{
	const struct kb_latency *l = &r->g[group].bench->latency;
	char count[KB_FMT_LEN];
	struct chart c;

	if (!l->valid || !l->count)
		return 0;
	if (chart_open(&c))
		return -ENOMEM;
	fprintf(c.d, "# percentile ns\np50 %.9g\np90 %.9g\np99 %.9g\np99.9 %.9g\nmax %.9g\n",
		l->p50, l->p90, l->p99, l->p999, l->max);
	fprintf(c.s, "set title '");
	kb_gp_str(c.s, r->g[group].bench->name);
	fprintf(c.s, ": latency percentiles (%s operations)'\n"
		"set ylabel 'ns (log scale)'\nset logscale y\nset key off\nset grid ytics\n"
		"set style fill solid 0.85 border -1\nset boxwidth 0.6\nset xrange [-0.6:4.6]\n"
		"plot datafile using 0:2:xtic(1) with boxes lc rgb '#3060a0', "
		"'' using 0:2:(sprintf('%%.0f', $2)) with labels offset 0,0.8\n",
		kb_fmt_count(count, l->count));
	return chart_done(&c, fs, r, group, "latency");
}

/* Every CPU of the machine gets a column, those without samples flat. */
static void timeline_data(FILE *d, const struct kb_timeline *t, size_t ncols)
{
	fprintf(d, "time_s");
	for (size_t c = 0; c < ncols; c++)
		fprintf(d, " cpu%zu", c);
	fputc('\n', d);
	for (size_t b = 0; b < t->nbins; b++) {
		fprintf(d, "%.1f", b * KB_TIMELINE_BIN_NS / 1e9);
		for (size_t c = 0; c < ncols; c++)
			fprintf(d, " %.0f", kb_timeline_get(t, c, b) * 1e9 / KB_TIMELINE_BIN_NS);
		fputc('\n', d);
	}
}

static int chart_timeline(struct kb_report_files *fs, const struct kb_report *r,
			  size_t group)
{
	const struct kb_timeline *t = &r->g[group].tl;
	size_t cpus = r->src->cpus, ncols;
	struct chart c;

	if (!t->profiles || t->err || !t->nbins)
		return 0;
	ncols = cpus <= KB_TIMELINE_MAX_CPUS && cpus > t->ncpu ? cpus : t->ncpu;
	if (chart_open(&c))
		return -ENOMEM;
	timeline_data(c.d, t, ncols);
	fprintf(c.s, "set title 'Samples per second per CPU: ");
	kb_gp_str(c.s, r->g[group].name);
	fprintf(c.s, "%s'\nset xlabel 'time (s)'\nset ylabel 'samples/s'\n"
		"set key outside right top autotitle columnhead\nset grid\n"
		"set yrange [0:*]\n"
		"plot for [i=2:%zu] datafile using 1:i with steps lw 1.5\n",
		t->profiles > 1 ? " (profiles one after another)" : "", ncols + 1);
	return chart_done(&c, fs, r, group, "timeline");
}

int kb_report_charts(struct kb_report_files *fs, const struct kb_report *r,
		     size_t group)
{
	int ret = 0;

	if (r->g[group].bench) {
		ret = chart_reps(fs, r, group);
		if (!ret)
			ret = chart_latency(fs, r, group);
	}
	if (!ret)
		ret = chart_hotspots(fs, r, group);
	if (!ret)
		ret = chart_timeline(fs, r, group);
	return ret;
}

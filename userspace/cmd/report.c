// SPDX-License-Identifier: GPL-2.0
/*
 * kbench report: hotspots, flamegraphs, charts, report.html and report.json
 * from a `kbench record` or a `kbench run` directory (docs/report.md).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>

#include "render/charts.h"
#include "cli.h"
#include "commands.h"
#include "render/html.h"
#include "render/flamegraph.h"
#include "analysis/hotspots.h"
#include "capture/profile.h"
#include "model/results.h"
#include "model/samples.h"
#include "model/stacks.h"
#include "util/parse.h"
#include "util/util.h"

#define REPORT_SCHEMA "kbench-report/1"
#define RECORD_SCHEMA "kbench-record/1"
#define TOP_BARS 10
#define TIMELINE_BIN_NS 100000000ULL	/* 100 ms */
#define WHYLEN 9216

struct group {
	char name[160];		/* benchmark name, "overall" or the command */
	char slug[176];		/* for file names */
	const struct kb_bench_result *res;	/* NULL: overall or a record */
	char **dirs;		/* profile directories */
	size_t ndirs;
	bool profiled;
	struct kb_fstats fs;
	struct kb_stacks st;
	struct kb_hotspot *hs;
	size_t nhs;
	char flame[200];	/* file name in the output directory, or "" */
	unsigned int flame_height;	/* pixels */
	json_t *charts;		/* [name] rendered or at least written */
};

struct report {
	const char *dir, *out;
	char dir_buf[4096], file[4200];	/* where the source results.json is */
	char chart_dir[4096];
	struct kb_bands bands;
	bool json, gnuplot_missing, gnuplot_warned;
	json_t *root;		/* the source results.json */
	const char *schema;
	struct kb_results *run;	/* NULL for a record */
	struct group *g;	/* g[0] is the overall group */
	size_t ng;
	json_t *chart_list;	/* [{name, png, svg, dat, gp}] */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench report RESULT [-o OUTDIR] [--threshold PCT] [--bands L,M,H,C] [-j]\n"
		"\n"
		"Hotspots, flamegraphs and charts of a `kbench record` or `kbench run`\n"
		"result (its directory, or the results.json in it). Prints the hotspot\n"
		"table and writes report.html, report.json, flamegraph*.svg and charts/\n"
		"into the result's directory (or OUTDIR).\n"
		"\n"
		"  -o, --output OUTDIR    where the report goes (default: the result's)\n"
		"      --threshold PCT    report functions from PCT %% self samples\n"
		"                         (default %.0f); severity bands PCT, 2, 4, 8 x PCT\n"
		"      --bands L,M,H,C    the low, medium, high and critical bands\n"
		"  -j, --json             print report.json instead of the table\n"
		"  -h, --help             show this help\n"
		"\n"
		"Charts need gnuplot; without it they are skipped (with their data\n"
		"and scripts kept). Exit status: 0 report written, 2 error.\n",
		KB_THRESHOLD_DEFAULT);
}

static void slugify(char *dst, size_t len, const char *src)
{
	size_t i = 0;

	for (; *src && i + 1 < len; src++)
		dst[i++] = (*src >= 'a' && *src <= 'z') || (*src >= 'A' && *src <= 'Z') ||
			   (*src >= '0' && *src <= '9') || *src == '.' || *src == '_' ?
			   *src : '-';
	dst[i] = '\0';
}

/* Adds the stacks of profile directory DIR to G. */
static int load_profile(struct group *g, const char *dir, char *why)
{
	char pwhy[KB_PROFILE_WHYLEN];
	int ret = kb_profile_read_stacks(dir, &g->st, pwhy);

	if (ret)
		snprintf(why, WHYLEN, "%s", pwhy);
	return ret;
}

/* Self and total samples (fstats), then hotspots, of G's stacks. */
static int analyze(struct group *g, const struct kb_bands *b, char *why)
{
	char *text = NULL;
	size_t len = 0, line;
	FILE *f;
	int ret;

	ret = kb_stacks_sort(&g->st);
	f = ret ? NULL : open_memstream(&text, &len);
	if (f) {
		ret = kb_stacks_write(&g->st, f);
		if (fclose(f) && !ret)
			ret = -ENOMEM;
		/* fmemopen refuses an empty buffer: a blank line reads as nothing. */
		f = ret ? NULL : len ? fmemopen(text, len, "r") : fmemopen("\n", 1, "r");
		if (f) {
			ret = kb_fstats_read(&g->fs, f, &line);
			fclose(f);
		} else if (!ret) {
			ret = -ENOMEM;
		}
	} else if (!ret) {
		ret = -ENOMEM;
	}
	free(text);
	if (!ret)
		ret = kb_hotspots_find(&g->fs, &g->st, b, &g->hs, &g->nhs);
	if (ret)
		snprintf(why, WHYLEN, "%s: %s", g->name, strerror(-ret));
	return ret;
}

static void group_free(struct group *g)
{
	for (size_t i = 0; i < g->ndirs; i++)
		free(g->dirs[i]);
	free(g->dirs);
	if (g->fs.f || g->fs.n)
		kb_fstats_free(&g->fs);
	kb_stacks_free(&g->st);
	free(g->hs);
	json_decref(g->charts);
}

static int add_dir(struct group *g, const char *base, const char *rel)
{
	char **p = realloc(g->dirs, (g->ndirs + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	g->dirs = p;
	if (asprintf(&g->dirs[g->ndirs], "%s/%s", base, rel) < 0)
		return -ENOMEM;
	g->ndirs++;
	return 0;
}

/* ---- source directories ---- */

static int load_source(struct report *r, char *why)
{
	char path[4200], rwhy[KB_RESULTS_WHY];
	json_error_t jerr;
	json_t *schema;
	int ret;

	snprintf(path, sizeof(path), "%s", r->file);
	r->root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->root) {
		struct stat sb;

		if (stat(path, &sb))
			snprintf(why, WHYLEN, "%s: %s (not a kbench record or run directory)",
				 path, strerror(errno));
		else
			snprintf(why, WHYLEN, "%s: not valid JSON: %s (line %d)", path,
				 jerr.text, jerr.line);
		return -EINVAL;
	}
	schema = json_object_get(r->root, "schema");
	if (!json_is_string(schema)) {
		snprintf(why, WHYLEN, "%s: missing field 'schema'", path);
		return -EINVAL;
	}
	r->schema = json_string_value(schema);
	if (!strcmp(r->schema, RECORD_SCHEMA))
		return 0;
	if (!strncmp(r->schema, KB_RESULTS_NAME "/", strlen(KB_RESULTS_NAME) + 1)) {
		ret = kb_results_from_json(r->root, &r->run, rwhy);
		if (ret)
			snprintf(why, WHYLEN, "%s: %s", path, rwhy);
		return ret;
	}
	snprintf(why, WHYLEN, "%s: unknown schema '%s' (this kbench reports on '%s' and '%s')",
		 path, r->schema, RECORD_SCHEMA, KB_RESULTS_SCHEMA);
	return -EPROTONOSUPPORT;
}

static struct group *new_group(struct report *r, const char *name)
{
	struct group *p = realloc(r->g, (r->ng + 1) * sizeof(*p));

	if (!p)
		return NULL;
	r->g = p;
	p = &r->g[r->ng++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	kb_stacks_init(&p->st);
	slugify(p->slug, sizeof(p->slug), name);
	p->charts = json_array();
	return p;
}

static int make_groups(struct report *r, char *why)
{
	struct group *all = new_group(r, "overall");
	int ret;

	if (!all)
		return -ENOMEM;
	if (!r->run) {		/* a record: the overall group is the profile */
		json_t *cmd = json_object_get(r->root, "command");

		if (json_is_array(cmd) && json_array_size(cmd)) {
			char name[160] = "";
			size_t i;
			json_t *a;

			json_array_foreach(cmd, i, a)
				if (json_is_string(a))
					snprintf(name + strlen(name), sizeof(name) - strlen(name),
						 "%s%s", i ? " " : "", json_string_value(a));
			snprintf(all->name, sizeof(all->name), "%s", name);
		} else {
			snprintf(all->name, sizeof(all->name), "%s", r->dir);
		}
		all->profiled = true;
		ret = add_dir(all, r->dir, ".");
		return ret ? ret : load_profile(all, all->dirs[0], why);
	}
	for (size_t i = 0; i < r->run->n_benches; i++) {
		const struct kb_bench_result *b = &r->run->benches[i];
		struct group *g = new_group(r, b->name);

		if (!g)
			return -ENOMEM;
		all = &r->g[0];
		g->res = b;
		if (!b->profile.enabled)
			continue;
		g->profiled = b->profile.n_dirs > 0;
		for (size_t j = 0; j < b->profile.n_dirs; j++) {
			const char *rel = b->profile.dirs[j];

			if (!*rel || rel[0] == '/') {
				snprintf(why, WHYLEN, "%s/results.json: '%s': profile.dirs[%zu] is not a relative path",
					 r->dir, b->name, j);
				return -EINVAL;
			}
			ret = add_dir(g, r->dir, rel);
			if (!ret)
				ret = add_dir(all, r->dir, rel);
			if (!ret)
				ret = load_profile(g, g->dirs[g->ndirs - 1], why);
			if (ret)
				return ret;
		}
		if (g->profiled) {
			ret = kb_stacks_add(&all->st, &g->st);
			if (ret) {
				snprintf(why, WHYLEN, "%s: %s", g->name, strerror(-ret));
				return ret;
			}
			all->profiled = true;
		}
	}
	return 0;
}

/* ---- flamegraphs ---- */

static int write_flame(struct report *r, struct group *g, char *why)
{
	char path[4400], sub[256];
	struct kb_flame fl;
	struct kb_flame_opts o = { 0 };
	FILE *f;
	int ret;

	if (!g->st.n)
		return 0;
	ret = kb_flame_build(&fl, &g->st);
	g->flame_height = kb_flame_height(&fl);
	if (ret) {
		snprintf(why, WHYLEN, "%s: flamegraph: %s", g->name, strerror(-ret));
		return ret;
	}
	snprintf(g->flame, sizeof(g->flame), "%s%s.svg",
		 g == r->g ? "flamegraph" : "flamegraph-", g == r->g ? "" : g->slug);
	snprintf(path, sizeof(path), "%s/%s", r->out, g->flame);
	snprintf(sub, sizeof(sub), "%" PRIu64 " samples in %zu profile%s",
		 g->st.samples, g->ndirs, g->ndirs == 1 ? "" : "s");
	o.title = g->name;
	o.subtitle = sub;
	f = fopen(path, "w");
	if (!f) {
		ret = -errno;
	} else {
		ret = kb_flame_write(&fl, &o, f);
		if (fclose(f) && !ret)
			ret = -errno;
	}
	kb_flame_free(&fl);
	if (ret)
		snprintf(why, WHYLEN, "%s: %s", path, strerror(-ret));
	return ret;
}

/* ---- charts ---- */

/* Appends S as a gnuplot single-quoted string's content. */
static void gp_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
}

static void chart(struct report *r, struct group *g, const char *name,
		  char *data, char *script)
{
	char why[WHYLEN];
	int ret;

	ret = kb_chart_render(r->chart_dir, name, data, script, why, sizeof(why));
	free(data);
	free(script);
	if (ret == 1) {
		r->gnuplot_missing = true;
	} else if (ret < 0) {
		kb_err("report", "chart %s: %s", name, why);
		return;
	}
	json_array_append_new(g->charts, json_string(name));
	json_array_append_new(r->chart_list, json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o}",
		"name", name, "group", g->name, "rendered", ret == 0,
		"png", ret == 0 ? json_sprintf("charts/%s.png", name) : json_null(),
		"svg", ret == 0 ? json_sprintf("charts/%s.svg", name) : json_null(),
		"dat", json_sprintf("charts/%s.dat", name),
		"gp", json_sprintf("charts/%s.gp", name)));
}

static void chart_hotspots(struct report *r, struct group *g)
{
	char *data = NULL, *script = NULL, name[256];
	size_t dl = 0, sl = 0, n = g->fs.n < TOP_BARS ? g->fs.n : TOP_BARS;
	FILE *d, *s;

	if (!n || !g->fs.samples)
		return;
	d = open_memstream(&data, &dl);
	s = open_memstream(&script, &sl);
	if (!d || !s)
		goto oom;
	fprintf(d, "# function self_pct self_samples\n");
	for (size_t i = 0; i < n; i++) {
		fputc('"', d);
		for (const char *p = g->fs.f[i].name; *p && p - g->fs.f[i].name < 60; p++)
			fputc(*p == '"' ? '\'' : *p, d);
		fprintf(d, "\" %.4f %" PRIu64 "\n",
			100.0 * g->fs.f[i].self / g->fs.samples, g->fs.f[i].self);
	}
	fprintf(s, "set title 'Top functions by self samples: ");
	gp_str(s, g->name);
	fprintf(s, "'\nset key off\nset grid xtics\nset xlabel 'self samples (%%)'\n"
		"set xrange [0:*]\nset yrange [%zu-0.5:-0.5]\nset lmargin 48\n"
		"set style fill solid 0.85 border -1\n"
		"plot datafile using (0):0:(0):2:($0-0.35):($0+0.35):ytic(1) "
		"with boxxyerror lc rgb '#e8902c'\n", n);
	fclose(d);
	fclose(s);
	d = s = NULL;
	snprintf(name, sizeof(name), "hotspots-%s", g->slug);
	chart(r, g, name, data, script);
	return;
oom:
	if (d)
		fclose(d);
	if (s)
		fclose(s);
	free(data);
	free(script);
}

static void chart_reps(struct report *r, struct group *g)
{
	const struct kb_bench_result *b = g->res;
	char *data = NULL, *script = NULL, name[256];
	size_t dl = 0, sl = 0;
	double m = b->summary.mean, sd = b->summary.stddev;
	FILE *d, *s;

	if (!b->n_values)
		return;
	d = open_memstream(&data, &dl);
	s = open_memstream(&script, &sl);
	if (!d || !s) {
		if (d)
			fclose(d);
		free(data);
		return;
	}
	fprintf(d, "# repetition value mean-stddev mean+stddev (%s)\n", b->unit);
	for (size_t i = 0; i < b->n_values; i++)
		fprintf(d, "%zu %.9g %.9g %.9g\n", i + 1, b->values[i], m - sd, m + sd);
	fprintf(s, "set title '");
	gp_str(s, b->name);
	fprintf(s, ": repetitions (%s, %s is better)'\nset xlabel 'repetition'\nset ylabel '",
		b->metric, b->higher_is_better ? "higher" : "lower");
	gp_str(s, b->unit);
	fprintf(s, "'\nset xrange [0.5:%zu.5]\nset xtics 1\nset grid ytics\nset key outside bottom center horizontal\n"
		"plot datafile using 1:3:4 with filledcurves fc rgb '#dde6f5' title 'mean ± stddev', "
		"%.9g with lines lc rgb '#3060a0' dt 2 title 'mean %.4g', "
		"datafile using 1:2 with linespoints pt 7 ps 1.2 lc rgb '#c03020' title 'value'\n",
		b->n_values, m, m);
	fclose(d);
	fclose(s);
	snprintf(name, sizeof(name), "reps-%s", g->slug);
	chart(r, g, name, data, script);
}

static void chart_latency(struct report *r, struct group *g)
{
	const struct kb_latency *l = &g->res->latency;
	char *data = NULL, *script = NULL, name[256];
	size_t dl = 0, sl = 0;
	FILE *d, *s;

	if (!l->valid || !l->count)
		return;
	d = open_memstream(&data, &dl);
	s = open_memstream(&script, &sl);
	if (!d || !s) {
		if (d)
			fclose(d);
		free(data);
		return;
	}
	fprintf(d, "# percentile ns\np50 %.9g\np90 %.9g\np99 %.9g\np99.9 %.9g\nmax %.9g\n",
		l->p50, l->p90, l->p99, l->p999, l->max);
	fprintf(s, "set title '");
	gp_str(s, g->res->name);
	fprintf(s, ": latency percentiles (%" PRIu64 " operations)'\n"
		"set ylabel 'ns (log scale)'\nset logscale y\nset key off\nset grid ytics\n"
		"set style fill solid 0.85 border -1\nset boxwidth 0.6\nset xrange [-0.6:4.6]\n"
		"plot datafile using 0:2:xtic(1) with boxes lc rgb '#3060a0', "
		"'' using 0:2:(sprintf('%%.0f', $2)) with labels offset 0,0.8\n", l->count);
	fclose(d);
	fclose(s);
	snprintf(name, sizeof(name), "latency-%s", g->slug);
	chart(r, g, name, data, script);
}

struct timeline {
	uint64_t t0, last;
	uint64_t base;		/* time offset of this profile, in bins */
	uint64_t **bins;	/* [cpu][bin] */
	size_t ncpu, nbins;
	int err;
};

static int timeline_add(const struct kbench_sample *s, void *arg)
{
	struct timeline *t = arg;
	uint64_t bin;

	if (!t->t0 || s->time_ns < t->t0)
		t->t0 = t->t0 ? t->t0 : s->time_ns;
	if (s->time_ns < t->t0)
		return 0;
	bin = t->base + (s->time_ns - t->t0) / TIMELINE_BIN_NS;
	if (bin > 100000 || s->cpu >= 4096)	/* a bogus time or CPU */
		return 0;
	if (s->cpu >= t->ncpu) {
		uint64_t **p = realloc(t->bins, (s->cpu + 1) * sizeof(*p));

		if (!p)
			return t->err = -ENOMEM;
		for (size_t i = t->ncpu; i <= s->cpu; i++)
			p[i] = NULL;
		t->bins = p;
		t->ncpu = s->cpu + 1;
	}
	if (bin >= t->nbins) {
		for (size_t c = 0; c < t->ncpu; c++) {
			uint64_t *q;

			if (!t->bins[c])	/* allocated at its first sample */
				continue;
			q = realloc(t->bins[c], (bin + 1) * sizeof(*q));
			if (!q)
				return t->err = -ENOMEM;
			memset(q + t->nbins, 0, (bin + 1 - t->nbins) * sizeof(*q));
			t->bins[c] = q;
		}
		t->nbins = bin + 1;
	}
	if (!t->bins[s->cpu]) {
		t->bins[s->cpu] = calloc(t->nbins, sizeof(uint64_t));
		if (!t->bins[s->cpu])
			return t->err = -ENOMEM;
	}
	t->bins[s->cpu][bin]++;
	if (bin > t->last)
		t->last = bin;
	return 0;
}

static void chart_timeline(struct report *r, struct group *g)
{
	struct timeline t = { 0 };
	char *data = NULL, *script = NULL, name[256], path[4200];
	size_t dl = 0, sl = 0, used = 0, ncols;
	json_int_t cpus;
	FILE *d, *s;

	for (size_t i = 0; i < g->ndirs; i++) {
		void *buf;
		size_t len;
		FILE *f;

		snprintf(path, sizeof(path), "%s/samples.raw", g->dirs[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!kb_raw_read(f, &buf, &len)) {
			t.t0 = 0;
			t.base = t.nbins;
			if (kb_samples_walk(buf, len, timeline_add, &t) >= 0 && !t.err)
				used++;
			free(buf);
		}
		fclose(f);
	}
	/* CPUs that took no sample still get their (flat) line. */
	cpus = r->run ? json_integer_value(json_object_get(r->run->host, "cpu_count")) :
		json_integer_value(json_object_get(r->root, "cpus"));
	ncols = cpus > 0 && cpus <= 4096 && (size_t)cpus > t.ncpu ? (size_t)cpus : t.ncpu;
	if (used && !t.err && t.nbins) {
		d = open_memstream(&data, &dl);
		s = open_memstream(&script, &sl);
		if (d && s) {
			fprintf(d, "time_s");
			for (size_t c = 0; c < ncols; c++)
				fprintf(d, " cpu%zu", c);
			fputc('\n', d);
			for (size_t b = 0; b < t.nbins; b++) {
				fprintf(d, "%.1f", b * TIMELINE_BIN_NS / 1e9);
				for (size_t c = 0; c < ncols; c++)
					fprintf(d, " %.0f", (c < t.ncpu && t.bins[c] ? t.bins[c][b] : 0) *
						1e9 / TIMELINE_BIN_NS);
				fputc('\n', d);
			}
			fprintf(s, "set title 'Samples per second per CPU: ");
			gp_str(s, g->name);
			fprintf(s, "%s'\nset xlabel 'time (s)'\nset ylabel 'samples/s'\n"
				"set key outside right top autotitle columnhead\nset grid\n"
				"set yrange [0:*]\n"
				"plot for [i=2:%zu] datafile using 1:i with steps lw 1.5\n",
				used > 1 ? " (profiles one after another)" : "", ncols + 1);
		}
		if (d)
			fclose(d);
		if (s)
			fclose(s);
		if (d && s) {
			snprintf(name, sizeof(name), "timeline-%s", g->slug);
			chart(r, g, name, data, script);
			data = script = NULL;
		}
		free(data);
		free(script);
	}
	for (size_t c = 0; c < t.ncpu; c++)
		free(t.bins[c]);
	free(t.bins);
}

/* ---- report.json ---- */

static json_t *hotspot_json(const struct kb_hotspot *h)
{
	return json_pack("{s:s, s:s, s:s?, s:b, s:I, s:I, s:f, s:f, s:s, s:s, s:s, s:s}",
		"function", h->frame, "name", h->func,
		"module", h->module[0] ? h->module : NULL, "kernel", h->kernel,
		"self_samples", (json_int_t)h->self, "total_samples", (json_int_t)h->total,
		"self_pct", h->self_pct, "total_pct", h->total_pct,
		"severity", kb_severity_name(h->severity),
		"category", kb_category_id(h->category),
		"category_name", kb_category_name(h->category),
		"recommendation", kb_category_advice(h->category));
}

static json_t *group_json(const struct group *g)
{
	json_t *o, *hs = json_array();

	for (size_t i = 0; i < g->nhs; i++)
		json_array_append_new(hs, hotspot_json(&g->hs[i]));
	o = json_pack("{s:s, s:b, s:I, s:I, s:I, s:o, s:s?, s:O}",
		"name", g->name, "profiled", g->profiled,
		"profiles", (json_int_t)g->ndirs,
		"samples", (json_int_t)g->fs.samples, "stacks", (json_int_t)g->fs.stacks,
		"hotspots", hs, "flamegraph", g->flame[0] ? g->flame : NULL,
		"charts", g->charts);
	return o;
}

static json_t *report_json(const struct report *r)
{
	json_t *benches = json_array();

	for (size_t i = 1; i < r->ng; i++)
		json_array_append_new(benches, group_json(&r->g[i]));
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:f, s:f, s:f, s:f}, s:{s:b, s:s?, s:O}, s:o, s:o}",
		"schema", REPORT_SCHEMA, "kbench_version", KBENCH_VERSION,
		"source", "dir", r->dir, "schema", r->schema,
		"bands", "low", r->bands.low, "medium", r->bands.medium,
		"high", r->bands.high, "critical", r->bands.critical,
		"charts", "rendered", !r->gnuplot_missing,
		"reason", r->gnuplot_missing ? "gnuplot is not installed" : NULL,
		"files", r->chart_list,
		"overall", group_json(&r->g[0]), "benchmarks", benches);
}

/* ---- report.html ---- */

static void html_hotspots(FILE *f, const struct group *g)
{
	fprintf(f, "<table class=\"hotspots\" id=\"hotspots-%s\">\n<thead><tr>"
		"<th>severity</th><th>function</th><th>self %%</th><th>total %%</th>"
		"<th>samples</th><th>category</th><th>recommendation</th></tr></thead><tbody>\n",
		g->slug);
	for (size_t i = 0; i < g->nhs; i++) {
		const struct kb_hotspot *h = &g->hs[i];

		fprintf(f, "<tr class=\"sev-%s\"><td>%s</td><td class=\"fn\">",
			kb_severity_name(h->severity), kb_severity_name(h->severity));
		kb_html(f, h->frame);
		fprintf(f, "</td><td class=\"num\">%.1f</td><td class=\"num\">%.1f</td>"
			"<td class=\"num\">%" PRIu64 "</td><td>%s</td><td>%s</td></tr>\n",
			h->self_pct, h->total_pct, h->self, kb_category_name(h->category),
			kb_category_advice(h->category));
	}
	if (!g->nhs)
		fprintf(f, "<tr><td colspan=\"7\">%s</td></tr>\n", g->profiled ?
			"no function reaches the threshold" : "no profile");
	fputs("</tbody></table>\n", f);
}

static void html_charts(FILE *f, const struct report *r, const struct group *g)
{
	char path[4400];
	size_t i;
	json_t *c;

	if (!json_array_size(g->charts))
		return;
	fputs("<div class=\"charts\">\n", f);
	json_array_foreach(g->charts, i, c) {
		snprintf(path, sizeof(path), "%s/%s.svg", r->chart_dir, json_string_value(c));
		if (r->gnuplot_missing) {
			fprintf(f, "<p class=\"nochart\">%s: not rendered (gnuplot is not installed); "
				"data and script in charts/</p>\n", json_string_value(c));
			continue;
		}
		fprintf(f, "<img class=\"chart\" alt=\"%s\" src=\"data:image/svg+xml;base64,",
			json_string_value(c));
		kb_embed_file(f, path);
		fputs("\">\n", f);
	}
	fputs("</div>\n", f);
}

static void html_flame(FILE *f, const struct report *r, const struct group *g)
{
	char path[4400];

	if (!g->flame[0])
		return;
	snprintf(path, sizeof(path), "%s/%s", r->out, g->flame);
	fputs("<h3>Flamegraph</h3>\n<p class=\"hint\">Hover for details, click a frame to zoom, "
	      "Search (or Ctrl-F in the graph) to highlight frames by regular expression.</p>\n"
	      "<object class=\"flamegraph\" type=\"image/svg+xml\" ", f);
	fprintf(f, "style=\"height:%upx\" data=\"data:image/svg+xml;base64,", g->flame_height + 4);
	kb_embed_file(f, path);
	fputs("\"></object>\n", f);
}

static void html_bench(FILE *f, const struct group *g)
{
	const struct kb_bench_result *b = g->res;
	const struct kb_summary *s = &b->summary;

	fputs("<table class=\"summary\"><thead><tr><th>metric</th><th>unit</th><th>n</th>"
	      "<th>mean</th><th>median</th><th>stddev</th><th>CoV %</th><th>min</th><th>max</th>"
	      "</tr></thead><tbody><tr>", f);
	fprintf(f, "<td>%s</td><td>", b->metric);
	kb_html(f, b->unit);
	fprintf(f, "</td><td class=\"num\">%zu</td><td class=\"num\">%.4g</td><td class=\"num\">%.4g</td>"
		"<td class=\"num\">%.4g</td><td class=\"num\">%.2f</td><td class=\"num\">%.4g</td>"
		"<td class=\"num\">%.4g</td></tr></tbody></table>\n",
		b->n_values, s->mean, s->median, s->stddev, s->cov_pct, s->min, s->max);
	if (b->latency.valid)
		fprintf(f, "<p>latency (ns): p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f "
			"over %" PRIu64 " operations</p>\n", b->latency.p50, b->latency.p90,
			b->latency.p99, b->latency.p999, b->latency.max, b->latency.count);
}

static int write_html(const struct report *r, const char *path)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		return -errno;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"kbench " KBENCH_VERSION "\">\n<title>kbench report: ", f);
	kb_html(f, r->g[0].name);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1280px}\n"
	      "table{border-collapse:collapse;margin:.5em 0 1em}\n"
	      "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}\n"
	      "th{background:#eee}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	      "td.fn{font-family:monospace;word-break:break-all}\n"
	      "tr.sev-critical td:first-child{background:#d62728;color:#fff}\n"
	      "tr.sev-high td:first-child{background:#ff7f0e}\n"
	      "tr.sev-medium td:first-child{background:#ffd54f}\n"
	      "tr.sev-low td:first-child{background:#c5e1a5}\n"
	      "img.chart{width:620px;max-width:100%;border:1px solid #ddd;margin:4px}\n"
	      "object.flamegraph{width:100%;border:1px solid #ddd}\n"
	      ".meta,.hint,.nochart{color:#555;font-size:13px}\n"
	      "section{border-top:2px solid #ddd;margin-top:1.5em}\n"
	      "</style>\n</head>\n<body>\n<h1>kbench report</h1>\n<p class=\"meta\">Source: <code>", f);
	kb_html(f, r->dir);
	fprintf(f, "</code> (%s)", r->schema);
	if (r->run) {
		fputs(", suite ", f);
		kb_html(f, r->run->suite);
		fprintf(f, ", %s to %s%s", r->run->started, r->run->finished,
			r->run->partial ? ", <b>partial</b>" : "");
	}
	fprintf(f, ". Severity bands (self %%): low &ge; %g, medium &ge; %g, high &ge; %g, "
		"critical &ge; %g.</p>\n", r->bands.low, r->bands.medium, r->bands.high,
		r->bands.critical);
	if (r->gnuplot_missing)
		fputs("<p class=\"nochart\">gnuplot is not installed: charts were not rendered.</p>\n", f);
	if (r->ng > 1) {
		fputs("<nav><ul>\n<li><a href=\"#overall\">overall</a></li>\n", f);
		for (size_t i = 1; i < r->ng; i++) {
			fprintf(f, "<li><a href=\"#bench-%s\">", r->g[i].slug);
			kb_html(f, r->g[i].name);
			fputs("</a></li>\n", f);
		}
		fputs("</ul></nav>\n", f);
	}
	for (size_t i = 0; i < r->ng; i++) {
		const struct group *g = &r->g[i];

		fprintf(f, "<section id=\"%s%s\">\n<h2>", i ? "bench-" : "overall", i ? g->slug : "");
		kb_html(f, i || !r->run ? g->name : "Overall (every benchmark)");
		fprintf(f, "</h2>\n<p class=\"meta\">%" PRIu64 " samples, %" PRIu64
			" distinct stacks, %zu profile%s</p>\n", g->fs.samples, g->fs.stacks,
			g->ndirs, g->ndirs == 1 ? "" : "s");
		if (g->res)
			html_bench(f, g);
		fputs("<h3>Hotspots</h3>\n", f);
		html_hotspots(f, g);
		html_charts(f, r, g);
		html_flame(f, r, g);
		fputs("</section>\n", f);
	}
	fputs("</body>\n</html>\n", f);
	if (ferror(f))
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/* ---- the table ---- */

static void print_table(const struct report *r)
{
	for (size_t i = 0; i < r->ng; i++) {
		const struct group *g = &r->g[i];

		if (i == 0 && r->run)
			printf("Overall (%zu benchmarks): ", r->ng - 1);
		else
			printf("%s: ", g->name);
		if (!g->profiled) {
			printf("no profile\n\n");
			continue;
		}
		printf("%" PRIu64 " samples in %zu profile%s\n", g->fs.samples, g->ndirs,
		       g->ndirs == 1 ? "" : "s");
		if (!g->nhs) {
			printf("  no function at or above %.1f %% self samples\n\n", r->bands.low);
			continue;
		}
		printf("  %-8s %6s %6s %8s  %-22s %s\n", "SEVERITY", "SELF%", "TOTAL%",
		       "SAMPLES", "CATEGORY", "FUNCTION");
		for (size_t j = 0; j < g->nhs; j++) {
			const struct kb_hotspot *h = &g->hs[j];

			printf("  %-8s %6.1f %6.1f %8" PRIu64 "  %-22s %s\n",
			       kb_severity_name(h->severity), h->self_pct, h->total_pct,
			       h->self, kb_category_name(h->category), h->frame);
		}
		putchar('\n');
	}
}

static int mkdir_p(const char *dir)
{
	if (!mkdir(dir, 0755) || errno == EEXIST)
		return 0;
	return -errno;
}

static void report_free(struct report *r)
{
	for (size_t i = 0; i < r->ng; i++)
		group_free(&r->g[i]);
	free(r->g);
	if (r->run)
		kb_results_free(r->run);
	json_decref(r->root);
	json_decref(r->chart_list);
}

int cmd_report(int argc, char **argv)
{
	enum { OPT_THRESHOLD = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "bands", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct report r = { 0 };
	char why[WHYLEN], path[4400];
	double t;
	json_t *js;
	int c, ret = KB_EXIT_ERROR;

	struct kb_opts opts = { .cmd = "report", .shortopts = "o:jh",
				.longopts = longopts };

	kb_bands_from_threshold(&r.bands, KB_THRESHOLD_DEFAULT);
	/* Options may follow RESULT: getopt permutes. */
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case 'o':
			r.out = optarg;
			break;
		case OPT_THRESHOLD:
			if (kb_parse_double(optarg, 1e-9, 100, &t)) {
				kb_err("report", "--threshold: '%s' is not a percentage above 0 and at most 100",
				       optarg);
				return KB_EXIT_ERROR;
			}
			kb_bands_from_threshold(&r.bands, t);
			break;
		case 'b':
			if (kb_bands_parse(&r.bands, optarg)) {
				kb_err("report", "--bands: '%s' is not four increasing percentages LOW,MEDIUM,HIGH,CRITICAL",
				       optarg);
				return KB_EXIT_ERROR;
			}
			break;
		case 'j':
			r.json = true;
			break;
		case 'h':
			usage(stdout);
			return KB_EXIT_OK;
		default:
			return KB_EXIT_ERROR;
		}
	}
	if (optind == argc) {
		kb_opt_missing("report", "no result given (a directory or its results.json)");
		return KB_EXIT_ERROR;
	}
	if (optind + 1 < argc) {
		kb_opt_unexpected("report", argv[optind + 1]);
		return KB_EXIT_ERROR;
	}
	c = kb_results_locate(argv[optind], r.dir_buf, sizeof(r.dir_buf), r.file,
			      sizeof(r.file));
	if (c) {
		kb_err("report", "%s: %s", argv[optind], strerror(-c));
		return KB_EXIT_ERROR;
	}
	r.dir = r.dir_buf;
	r.out = r.out ? r.out : r.dir;
	r.chart_list = json_array();
	if (load_source(&r, why) || make_groups(&r, why)) {
		kb_err("report", "%s", why);
		goto out;
	}
	for (size_t i = 0; i < r.ng; i++) {
		if (r.g[i].profiled && analyze(&r.g[i], &r.bands, why)) {
			kb_err("report", "%s", why);
			goto out;
		}
	}
	snprintf(r.chart_dir, sizeof(r.chart_dir), "%s/charts", r.out);
	if (mkdir_p(r.out) || mkdir_p(r.chart_dir)) {
		kb_err("report", "%s: %s", r.chart_dir, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < r.ng; i++) {
		struct group *g = &r.g[i];

		if (write_flame(&r, g, why)) {
			kb_err("report", "%s", why);
			goto out;
		}
		if (g->res) {
			chart_reps(&r, g);
			chart_latency(&r, g);
		}
		chart_hotspots(&r, g);
		chart_timeline(&r, g);
	}
	if (r.gnuplot_missing)
		kb_err("report", "gnuplot is not installed: charts not rendered (data and scripts in %s)",
		       r.chart_dir);

	js = report_json(&r);
	snprintf(path, sizeof(path), "%s/report.json", r.out);
	if (!js || json_dump_file(js, path, JSON_INDENT(2) | JSON_SORT_KEYS)) {
		kb_err("report", "%s: cannot write", path);
		json_decref(js);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/report.html", r.out);
	c = write_html(&r, path);
	if (c) {
		kb_err("report", "%s: %s", path, strerror(-c));
		json_decref(js);
		goto out;
	}
	if (r.json) {
		json_dumpf(js, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else {
		print_table(&r);
		printf("Report: %s/report.html, %s/report.json, flamegraphs and %zu chart%s in %s\n",
		       r.out, r.out, json_array_size(r.chart_list),
		       json_array_size(r.chart_list) == 1 ? "" : "s", r.chart_dir);
	}
	json_decref(js);
	ret = fflush(stdout) ? KB_EXIT_ERROR : KB_EXIT_OK;
out:
	report_free(&r);
	return ret;
}

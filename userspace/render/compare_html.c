// SPDX-License-Identifier: GPL-2.0
/*
 * The outputs of `kbench compare -o DIR` beside compare.json, built from
 * compare.json alone: gnuplot charts in DIR/charts/ and DIR/compare.html,
 * one self-contained page (charts and the differential flamegraphs that
 * compare.c wrote embedded as data: URIs) that opens offline.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>

#include "charts.h"
#include "analysis/compare.h"
#include "html.h"
#include "flamegraph.h"
#include "analysis/statistics.h"
#include "util/util.h"

/* Ranked functions shown per regression or improvement. */
#define HTML_FUNCS 10

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static bool compared(json_t *b)
{
	return json_is_true(json_object_get(b, "compared"));
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

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/*
 * Percentile bootstrap 95 % CI of the median of VALUES (a JSON array),
 * KB_CMP_BOOT_ITERS resamples, seeded by NAME and SIDE so that the same
 * input gives the same chart. One value: the value itself.
 */
static void median_ci(json_t *values, const char *name, int side, double *med,
		      double *lo, double *hi)
{
	size_t n = json_array_size(values), iters = KB_CMP_BOOT_ITERS;
	double *v = calloc(n + 1, sizeof(*v)), *r = calloc(n + 1, sizeof(*r));
	double *m = calloc(iters, sizeof(*m));
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	struct kb_rng g;

	*med = *lo = *hi = NAN;
	if (!v || !r || !m || !n)
		goto out;
	for (size_t i = 0; i < n; i++)
		v[i] = json_number_value(json_array_get(values, i));
	*med = *lo = *hi = kb_median(v, n);
	if (n < 2)
		goto out;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	kb_rng_seed(&g, KB_CMP_SEED ^ h ^ (uint64_t)side);
	for (size_t k = 0; k < iters; k++) {
		for (size_t i = 0; i < n; i++)
			r[i] = v[kb_rng_below(&g, n)];
		m[k] = kb_median(r, n);
	}
	qsort(m, iters, sizeof(*m), by_value);
	*lo = m[(size_t)floor((1 - KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
	*hi = m[(size_t)ceil((1 + KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
out:
	free(v);
	free(r);
	free(m);
}

/* Renders one chart; 1 when gnuplot is missing, -1 after an error. */
static int render(const char *cdir, const char *name, char *data, char *script)
{
	char why[1024];
	int ret = data && script ?
		kb_chart_render(cdir, name, data, script, why, sizeof(why)) : -ENOMEM;

	free(data);
	free(script);
	if (ret == -ENOMEM)
		snprintf(why, sizeof(why), "out of memory");
	if (ret < 0) {
		/* A chart is not worth failing the comparison for. */
		kb_err("compare", "chart %s: %s", name, why);
		return -1;
	}
	return ret;
}

/* Base against new: the median with its 95 % CI, as two bars. */
static int chart_bars(const char *cdir, json_t *b)
{
	const char *name = str(b, "name"), *unit = str(b, "unit");
	double m[2], lo[2], hi[2];
	char *data = NULL, *script = NULL, cname[300];
	size_t dl = 0, sl = 0;
	FILE *d = open_memstream(&data, &dl), *s = open_memstream(&script, &sl);

	if (!d || !s) {
		if (d)
			fclose(d);
		free(data);
		return render(cdir, name, NULL, NULL);
	}
	for (int side = 0; side < 2; side++)
		median_ci(json_object_get(json_object_get(b, side ? "new" : "base"), "values"),
			  name, side, &m[side], &lo[side], &hi[side]);
	fprintf(d, "# x side median ci95_lo ci95_hi (%s; bootstrap CI of the median)\n", unit);
	fprintf(d, "0 base %.9g %.9g %.9g\n1 new %.9g %.9g %.9g\n",
		m[0], lo[0], hi[0], m[1], lo[1], hi[1]);
	fputs("set title '", s);
	gp_str(s, name);
	fprintf(s, ": median, base vs new, with 95%% CI (%s, change %+.1f%%)'\n"
		"set ylabel '", json_is_true(json_object_get(b, "higher_is_better")) ?
		"higher is better" : "lower is better", num(b, "change_pct"));
	gp_str(s, unit);
	fputs("'\nset style fill solid 0.85 border -1\nset boxwidth 0.6\n"
	      "set xrange [-0.7:1.7]\nset yrange [0:*]\nset grid ytics\n"
	      "set key outside bottom center horizontal\n"
	      "plot datafile using 1:($1 == 0 ? $3 : 1/0):xtic(2) with boxes lc rgb '#7f9fcf' title 'base', "
	      "datafile using 1:($1 == 1 ? $3 : 1/0) with boxes lc rgb '#d0604a' title 'new', "
	      "datafile using 1:3:4:5 with yerrorbars lc rgb '#202020' pt 7 ps 0.6 lw 1.5 "
	      "title '95% CI of the median'\n", s);
	fclose(d);
	fclose(s);
	kb_cmp_file_name(cname, sizeof(cname), "bars-", name, "");
	return render(cdir, cname, data, script);
}

/* Change % of every compared benchmark with its CI, and the threshold band. */
static int chart_change(const char *cdir, json_t *root)
{
	double thr = num(json_object_get(root, "parameters"), "threshold_pct");
	char *data = NULL, *script = NULL;
	size_t dl = 0, sl = 0, i, k = 0;
	FILE *d = open_memstream(&data, &dl), *s = open_memstream(&script, &sl);
	json_t *b;

	if (!d || !s) {
		if (d)
			fclose(d);
		free(data);
		return render(cdir, "change", NULL, NULL);
	}
	fputs("# x benchmark change_pct ci95_lo ci95_hi colour verdict\n", d);
	json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
		json_t *ci = json_object_get(b, "ci_pct");
		const char *v = str(b, "verdict");
		double c = num(b, "change_pct");
		unsigned int colour = !strcmp(v, "regression") ? 0xd62728 :
				      !strcmp(v, "improvement") ? 0x2ca02c :
				      !strcmp(v, "inconclusive") ? 0xc89000 : 0x505050;

		if (!compared(b))
			continue;
		fprintf(d, "%zu \"%s\" %.9g %.9g %.9g %u %s\n", k++, str(b, "name"), c,
			json_is_array(ci) ? json_number_value(json_array_get(ci, 0)) : c,
			json_is_array(ci) ? json_number_value(json_array_get(ci, 1)) : c,
			colour, v);
	}
	fprintf(s, "set title 'Change of the median per benchmark, with 95%% CI "
		"(band: threshold +-%g%%)'\nset ylabel 'change %%'\n"
		"set xrange [-0.7:%zu.3]\nset grid ytics\nset xtics rotate by -30\nunset key\n"
		"set object 1 rect from graph 0, first %g to graph 1, first %g "
		"fc rgb '#e4e4e4' fs solid 1.0 noborder behind\n"
		"set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#808080' dt 2\n"
		"plot datafile using 1:3:4:5:6:xtic(2) with yerrorbars lc rgb variable pt 7 ps 1.2 lw 1.5\n",
		thr, k ? k - 1 : 0, -thr, thr);
	fclose(d);
	fclose(s);
	return render(cdir, "change", data, script);
}

int kb_compare_charts(const char *dir, json_t *root, bool *gnuplot_missing)
{
	char cdir[4200];
	size_t i, n = 0;
	json_t *b;

	*gnuplot_missing = false;
	snprintf(cdir, sizeof(cdir), "%s/charts", dir);
	if (mkdir(cdir, 0777) && errno != EEXIST) {
		kb_err("compare", "%s: %s", cdir, strerror(errno));
		return -1;
	}
	json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
		if (!compared(b))
			continue;
		n++;
		if (chart_bars(cdir, b) == 1)
			*gnuplot_missing = true;
	}
	if (n && chart_change(cdir, root) == 1)
		*gnuplot_missing = true;
	return 0;
}

/* ---- compare.html ---- */

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

static void td_ci(FILE *f, json_t *ci, const char *fmt)
{
	fputs("<td class=\"num\">", f);
	if (json_is_array(ci)) {
		fputc('[', f);
		fprintf(f, fmt, json_number_value(json_array_get(ci, 0)));
		fputs(", ", f);
		fprintf(f, fmt, json_number_value(json_array_get(ci, 1)));
		fputc(']', f);
	} else {
		fputs("-", f);
	}
	fputs("</td>", f);
}

static void html_chart(FILE *f, const char *dir, const char *chart, bool missing)
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

static void html_verdicts(FILE *f, json_t *root)
{
	size_t i;
	json_t *b;

	fputs("<table class=\"verdicts\">\n<thead><tr><th>benchmark</th><th>unit</th>"
	      "<th>base median</th><th>new median</th><th>change %</th><th>95% CI %</th>"
	      "<th>U p</th><th>Welch p</th><th>q</th><th>verdict</th></tr></thead><tbody>\n", f);
	json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
		char slug[300];

		if (!compared(b))
			continue;
		kb_cmp_file_name(slug, sizeof(slug), "", str(b, "name"), "");
		fprintf(f, "<tr class=\"v-%s\"><td><a href=\"#bench-", str(b, "verdict"));
		kb_html(f, slug);
		fputs("\">", f);
		kb_html(f, str(b, "name"));
		fputs("</a></td><td>", f);
		kb_html(f, str(b, "unit"));
		fputs("</td>", f);
		td_num(f, num(json_object_get(b, "base"), "median"), "%.5g");
		td_num(f, num(json_object_get(b, "new"), "median"), "%.5g");
		td_num(f, num(b, "change_pct"), "%+.2f");
		td_ci(f, json_object_get(b, "ci_pct"), "%+.2f");
		td_num(f, num(json_object_get(b, "mann_whitney"), "p"), "%.4f");
		td_num(f, num(json_object_get(b, "welch"), "p"), "%.4f");
		td_num(f, num(b, "q"), "%.4f");
		fprintf(f, "<td class=\"verdict\">%s", str(b, "verdict"));
		if (json_is_integer(json_object_get(b, "reps_needed")))
			fprintf(f, " (~%lld reps per side to resolve)",
				(long long)json_integer_value(json_object_get(b, "reps_needed")));
		fputs("</td></tr>\n", f);
	}
	json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
		if (compared(b))
			continue;
		fputs("<tr class=\"v-not-compared\"><td>", f);
		kb_html(f, str(b, "name"));
		fputs("</td><td colspan=\"9\">not compared: ", f);
		kb_html(f, str(b, "reason"));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_counters(FILE *f, json_t *c)
{
	const char *k;
	json_t *x;

	if (!json_is_object(c))
		return;
	fputs("<h3>Counters per operation</h3>\n<table class=\"counters\"><thead><tr>"
	      "<th>counter</th><th>base</th><th>new</th><th>change %</th></tr></thead><tbody>\n", f);
	json_object_foreach(c, k, x) {
		if (!strcmp(k, "events"))
			continue;
		fprintf(f, "<tr><td>%s</td>", k);
		td_num(f, num(x, "base"), "%.4g");
		td_num(f, num(x, "new"), "%.4g");
		td_num(f, num(x, "change_pct"), "%+.2f");
		fputs("</tr>\n", f);
	}
	json_object_foreach(json_object_get(c, "events"), k, x) {
		fputs("<tr><td>event ", f);
		kb_html(f, k);
		fputs("</td>", f);
		td_num(f, num(x, "base"), "%.4g");
		td_num(f, num(x, "new"), "%.4g");
		td_num(f, num(x, "change_pct"), "%+.2f");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_function_row(FILE *f, json_t *x, const char *key, bool cat)
{
	fputs("<tr><td class=\"fn\">", f);
	kb_html(f, str(x, key));
	fputs("</td>", f);
	if (cat) {
		fputs("<td>", f);
		kb_html(f, str(x, "category_name"));
		fputs("</td>", f);
	}
	td_num(f, num(x, "base_pct"), "%.2f");
	td_num(f, num(x, "new_pct"), "%.2f");
	td_num(f, num(x, "delta_pp"), "%+.2f");
	td_ci(f, json_object_get(x, "ci_pp"), "%+.2f");
	td_num(f, num(x, "p"), "%.4f");
	fprintf(f, "<td>%s</td></tr>\n",
		json_is_true(json_object_get(x, "significant")) ? "yes" : "no");
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

static void html_profile(FILE *f, const char *dir, json_t *b)
{
	json_t *p = json_object_get(b, "profile"), *cul, *path, *x;
	char name[300], file[4400];
	unsigned int height;
	size_t i;

	if (!json_is_object(p))
		return;
	fputs("<h3>Profile difference</h3>\n", f);
	if (!json_is_true(json_object_get(p, "available"))) {
		fputs("<p class=\"meta\">Not available: ", f);
		kb_html(f, str(p, "reason"));
		fputs("</p>\n", f);
		html_counters(f, json_object_get(p, "counters_per_op"));
		return;
	}
	cul = json_object_get(p, "culprit");
	path = json_object_get(p, "path");
	fprintf(f, "<p class=\"meta\">%lld base and %lld new profiles; ",
		(long long)json_integer_value(json_object_get(json_object_get(p, "repetitions"), "base")),
		(long long)json_integer_value(json_object_get(json_object_get(p, "repetitions"), "new")));
	kb_html(f, str(p, "method"));
	fputs(".</p>\n<p class=\"culprit\">Top culprit: ", f);
	if (json_is_object(cul)) {
		json_t *ci = json_object_get(cul, "ci_pp");

		fputs("<code>", f);
		kb_html(f, str(cul, "function"));
		fputs("</code> (", f);
		kb_html(f, str(cul, "category_name"));
		fprintf(f, ") %+.2f pp", num(cul, "delta_pp"));
		if (json_is_array(ci))
			fprintf(f, " (95%% CI %+.2f .. %+.2f)",
				json_number_value(json_array_get(ci, 0)),
				json_number_value(json_array_get(ci, 1)));
	} else {
		fputs("none (no function's share changed significantly)", f);
	}
	fputs("</p>\n", f);
	if (json_is_object(path)) {
		fputs("<p class=\"culprit\">Path: <code class=\"path\">", f);
		kb_html(f, str(path, "stack"));
		fprintf(f, "</code> %+.2f pp</p>\n", num(path, "delta_pp"));
	}
	fputs("<table class=\"functions\"><thead><tr><th>function (self share)</th><th>category</th>"
	      "<th>base %</th><th>new %</th><th>delta pp</th><th>95% CI pp</th><th>p</th>"
	      "<th>significant</th></tr></thead><tbody>\n", f);
	json_array_foreach(json_object_get(p, "functions"), i, x) {
		if (i >= HTML_FUNCS)
			break;
		html_function_row(f, x, "function", true);
	}
	fputs("</tbody></table>\n", f);
	html_counters(f, json_object_get(p, "counters_per_op"));
	kb_cmp_file_name(name, sizeof(name), "diff-", str(b, "name"), ".svg");
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	if (access(file, R_OK))
		return;
	height = svg_height(file);
	fprintf(f, "<h3>Differential flamegraph</h3>\n<p class=\"hint\">The new profile's stacks; "
		"each frame coloured by the change of its self share: red grew, blue shrank, "
		"saturated only where the 95%% CI of the change excludes 0, grey otherwise. "
		"Hover for base %%, new %%, delta and CI; click to zoom; Search highlights "
		"frames (%s).</p>\n<object class=\"flamegraph\" type=\"image/svg+xml\" "
		"style=\"height:%upx\" data=\"data:image/svg+xml;base64,", name, height + 4);
	kb_embed_file(f, file);
	fputs("\"></object>\n", f);
}

static void html_bench(FILE *f, const char *dir, json_t *b, bool missing)
{
	char slug[300], chart[320];
	json_t *ba = json_object_get(b, "base"), *nw = json_object_get(b, "new");

	kb_cmp_file_name(slug, sizeof(slug), "", str(b, "name"), "");
	fputs("<section id=\"bench-", f);
	kb_html(f, slug);
	fputs("\">\n<h2>", f);
	kb_html(f, str(b, "name"));
	fprintf(f, " <span class=\"v-%s\">%s</span> %+.2f%%</h2>\n", str(b, "verdict"),
		str(b, "verdict"), num(b, "change_pct"));
	fputs("<p class=\"meta\">", f);
	kb_html(f, str(b, "metric"));
	fputs(" in ", f);
	kb_html(f, str(b, "unit"));
	fprintf(f, " (%s is better). Base: n %lld, median %.5g, CoV %.2f%%. New: n %lld, "
		"median %.5g, CoV %.2f%%.</p>\n",
		json_is_true(json_object_get(b, "higher_is_better")) ? "higher" : "lower",
		(long long)json_integer_value(json_object_get(ba, "n")), num(ba, "median"),
		num(ba, "cov_pct"), (long long)json_integer_value(json_object_get(nw, "n")),
		num(nw, "median"), num(nw, "cov_pct"));
	fputs("<div class=\"charts\">\n", f);
	kb_cmp_file_name(chart, sizeof(chart), "bars-", str(b, "name"), "");
	html_chart(f, dir, chart, missing);
	fputs("</div>\n", f);
	html_profile(f, dir, b);
	fputs("</section>\n", f);
}

static void html_run(FILE *f, const char *label, json_t *r)
{
	fprintf(f, "<li>%s: <code>", label);
	kb_html(f, str(r, "dir"));
	fputs("</code>, suite ", f);
	kb_html(f, str(r, "suite"));
	fputs(", kernel ", f);
	kb_html(f, json_is_string(json_object_get(r, "kernel")) ? str(r, "kernel") : "unknown");
	fputs(", started ", f);
	kb_html(f, str(r, "started"));
	fprintf(f, "%s</li>\n", json_is_true(json_object_get(r, "partial")) ? ", <b>partial</b>" : "");
}

static int write_html(FILE *f, const char *dir, json_t *root, bool missing)
{
	json_t *sum = json_object_get(root, "summary"), *par = json_object_get(root, "parameters");
	size_t i;
	json_t *b;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"kbench " KBENCH_VERSION "\">\n"
	      "<title>kbench compare</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1280px}\n"
	      "table{border-collapse:collapse;margin:.5em 0 1em}\n"
	      "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}\n"
	      "th{background:#eee}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	      "td.fn,code.path{font-family:monospace;word-break:break-all}\n"
	      "tr.v-regression td.verdict,span.v-regression{background:#d62728;color:#fff;padding:0 4px}\n"
	      "tr.v-improvement td.verdict,span.v-improvement{background:#2ca02c;color:#fff;padding:0 4px}\n"
	      "tr.v-inconclusive td.verdict,span.v-inconclusive{background:#ffd54f;padding:0 4px}\n"
	      "tr.v-not-compared td{color:#777}\n"
	      "img.chart{width:620px;max-width:100%;border:1px solid #ddd;margin:4px}\n"
	      "object.flamegraph{width:100%;border:1px solid #ddd}\n"
	      ".meta,.hint,.nochart{color:#555;font-size:13px}\n"
	      "section{border-top:2px solid #ddd;margin-top:1.5em}\n"
	      "</style>\n</head>\n<body>\n<h1>kbench compare</h1>\n<ul class=\"meta\">\n", f);
	html_run(f, "Base", json_object_get(root, "base"));
	html_run(f, "New", json_object_get(root, "new"));
	fprintf(f, "<li>threshold %g%%, false discovery rate %g, %g%% confidence, "
		"%lld bootstrap resamples</li>\n</ul>\n",
		num(par, "threshold_pct"), num(par, "alpha"), 100 * num(par, "level"),
		(long long)json_integer_value(json_object_get(json_object_get(par, "bootstrap"),
							      "iterations")));
	fprintf(f, "<p id=\"summary\"><b>%lld regression%s</b>, %lld improvement%s, %lld unchanged, "
		"%lld inconclusive, %lld not compared.</p>\n",
		(long long)json_integer_value(json_object_get(sum, "regressions")),
		json_integer_value(json_object_get(sum, "regressions")) == 1 ? "" : "s",
		(long long)json_integer_value(json_object_get(sum, "improvements")),
		json_integer_value(json_object_get(sum, "improvements")) == 1 ? "" : "s",
		(long long)json_integer_value(json_object_get(sum, "unchanged")),
		(long long)json_integer_value(json_object_get(sum, "inconclusive")),
		(long long)json_integer_value(json_object_get(sum, "not_compared")));
	if (missing)
		fputs("<p class=\"nochart\">gnuplot is not installed: charts were not rendered.</p>\n", f);
	fputs("<h2>Verdicts</h2>\n", f);
	html_verdicts(f, root);
	if (json_integer_value(json_object_get(sum, "not_compared")) <
	    (json_int_t)json_array_size(json_object_get(root, "benchmarks"))) {
		fputs("<div class=\"charts\">\n", f);
		html_chart(f, dir, "change", missing);
		fputs("</div>\n", f);
	}
	/* Regressions and improvements first: that is where the evidence is. */
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(json_object_get(root, "benchmarks"), i, b)
			if (compared(b) && json_is_object(json_object_get(b, "profile")) == !pass)
				html_bench(f, dir, b, missing);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -EIO : 0;
}

int kb_compare_html(const char *dir, json_t *root, bool gnuplot_missing)
{
	char path[4200], tmp[4210];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/compare.html", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		kb_err("compare", "%s: %s", tmp, strerror(errno));
		return -1;
	}
	ret = write_html(f, dir, root, gnuplot_missing);
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		kb_err("compare", "%s: cannot write: %s", path, strerror(-ret));
		unlink(tmp);
		return -1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* report.html (report_html.h): tables with human numbers, exact in JSON. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "report_html.h"
#include "html.h"
#include "util/fileio.h"
#include "util/fmt.h"

static const char css[] =
	"tr.sev-critical td:first-child{background:#d62728;color:#fff}\n"
	"tr.sev-high td:first-child{background:#ff7f0e}\n"
	"tr.sev-medium td:first-child{background:#ffd54f}\n"
	"tr.sev-low td:first-child{background:#c5e1a5}\n"
	"table.context th{font-weight:normal;color:#555}\n"
	".callers{color:#555;font-size:12px}\n";

/* A hot function's cell: the frame, its syscall, its main callers. */
static void html_function(FILE *f, const struct kb_hotspot *h)
{
	kb_html(f, h->frame);
	if (h->syscall[0]) {
		fputs(" (", f);
		kb_html(f, h->syscall);
		fputs(" syscall)", f);
	}
	for (size_t i = 0; i < h->ncallers; i++) {
		fprintf(f, "%s", i ? ", " : "<br><span class=\"callers\">called from ");
		kb_html(f, h->callers[i].frame);
		fprintf(f, " %.0f %%", h->callers[i].pct);
	}
	if (h->ncallers)
		fputs("</span>", f);
}

static void html_hotspots(FILE *f, const struct kb_report_group *g)
{
	char n[KB_FMT_LEN], advice[1024];

	fprintf(f, "<table class=\"hotspots\" id=\"hotspots-%s\">\n<thead><tr>"
		"<th>severity</th><th>function</th><th>self %%</th><th>total %%</th>"
		"<th>samples</th><th>category</th><th>recommendation</th></tr></thead><tbody>\n",
		g->slug);
	for (size_t i = 0; i < g->nhs; i++) {
		const struct kb_hotspot *h = &g->hs[i];

		const char *a = kb_hotspot_advice(h, advice, sizeof(advice));

		fprintf(f, "<tr class=\"sev-%s\"><td>%s</td><td class=\"fn\">",
			kb_severity_name(h->severity), kb_severity_name(h->severity));
		html_function(f, h);
		fprintf(f, "</td><td class=\"num\">%.1f</td><td class=\"num\">%.1f</td>"
			"<td class=\"num\">%s</td><td>%s</td><td>",
			h->self_pct, h->total_pct, kb_fmt_count(n, h->self),
			kb_category_name(h->category));
		if (a)
			kb_html(f, a);
		else
			fputs("&mdash;", f);
		fputs("</td></tr>\n", f);
	}
	if (!g->nhs)
		fprintf(f, "<tr><td colspan=\"7\">%s</td></tr>\n", g->profiled ?
			"no function reaches the threshold" : "no profile");
	fputs("</tbody></table>\n", f);
}

static void html_charts(FILE *f, const struct kb_report_files *fs, size_t group)
{
	char path[4608];
	bool any = false;

	for (size_t i = 0; i < fs->ncharts; i++) {
		const struct kb_report_chart *c = &fs->charts[i];

		if (c->group != group)
			continue;
		if (!any)
			fputs("<div class=\"charts\">\n", f);
		any = true;
		if (!c->rendered) {
			fprintf(f, "<p class=\"nochart\">%s: not rendered (gnuplot is not installed); "
				"data and script in charts/</p>\n", c->name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s.svg", fs->chart_dir, c->name);
		fprintf(f, "<img class=\"chart\" alt=\"%s\" src=\"data:image/svg+xml;base64,",
			c->name);
		kb_embed_file(f, path);
		fputs("\">\n", f);
	}
	if (any)
		fputs("</div>\n", f);
}

static void html_flame(FILE *f, const struct kb_report_files *fs, size_t group)
{
	const struct kb_report_flame *fl = &fs->flame[group];
	char path[4400];

	if (!fl->file[0])
		return;
	snprintf(path, sizeof(path), "%s/%s", fs->out, fl->file);
	fputs("<h3>Flamegraph</h3>\n<p class=\"hint\">Hover for details, click a frame to zoom, "
	      "Search (or Ctrl-F in the graph) to highlight frames by regular expression.</p>\n"
	      "<object class=\"flamegraph\" type=\"image/svg+xml\" ", f);
	fprintf(f, "style=\"height:%upx\" data=\"data:image/svg+xml;base64,", fl->height + 4);
	kb_embed_file(f, path);
	fputs("\"></object>\n", f);
}

/* A benchmark's summary in its unit, and its latency percentiles. */
static void html_bench(FILE *f, const struct kb_bench_result *b)
{
	const struct kb_summary *s = &b->summary;
	const struct kb_latency *l = &b->latency;
	const double v[] = { s->mean, s->median, s->stddev, s->min, s->max };
	char n[6][KB_FMT_LEN];

	fputs("<table class=\"summary\"><thead><tr><th>metric</th><th>n</th><th>mean</th>"
	      "<th>median</th><th>stddev</th><th>CoV %</th><th>min</th><th>max</th>"
	      "</tr></thead><tbody><tr><td>", f);
	kb_html(f, b->metric);
	fprintf(f, "</td><td class=\"num\">%zu</td>", b->n_values);
	for (size_t i = 0; i < 5; i++) {
		fputs("<td class=\"num\">", f);
		kb_html(f, kb_fmt_value(n[0], v[i], b->unit));
		fputs("</td>", f);
		if (i == 2)	/* after the stddev */
			fprintf(f, "<td class=\"num\">%.1f</td>", s->cov_pct);
	}
	fputs("</tr></tbody></table>\n", f);
	if (!l->valid)
		return;
	fprintf(f, "<p>latency: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s over %s operations</p>\n",
		kb_fmt_ns(n[0], l->p50), kb_fmt_ns(n[1], l->p90), kb_fmt_ns(n[2], l->p99),
		kb_fmt_ns(n[3], l->p999), kb_fmt_ns(n[4], l->max), kb_fmt_count(n[5], l->count));
}

/* One row of the context table; nothing when V is empty. */
static void ctx_row(FILE *f, const char *id, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	fprintf(f, "<tr><th>%s</th><td id=\"ctx-%s\">", label, id);
	kb_html(f, v);
	fputs("</td></tr>\n", f);
}

/* The environment's rows: accelerator, mode, clock, CPUs, memory, ... */
static void ctx_env(FILE *f, const struct kb_env *e)
{
	char buf[160], n[KB_FMT_LEN];

	ctx_row(f, "accelerator", "accelerator", e->accel);
	ctx_row(f, "mode", "mode", e->mode);
	snprintf(buf, sizeof(buf), "%s%s%s", e->clocksource,
		 isnan(e->clock_read_ns) ? "" : ", one read ",
		 isnan(e->clock_read_ns) ? "" : kb_fmt_ns(n, e->clock_read_ns));
	ctx_row(f, "clock", "clock", buf);
	snprintf(buf, sizeof(buf), "%u", e->cpus);
	ctx_row(f, "cpus", "CPUs", e->cpus ? buf : NULL);
	ctx_row(f, "memory", "memory", e->mem_kb ?
		kb_fmt_bytes(n, (double)e->mem_kb * 1024) : NULL);
	ctx_row(f, "mitigations", "mitigations=", e->mitigations);
	ctx_row(f, "thp", "transparent huge pages", e->thp);
	ctx_row(f, "governor", "cpufreq governor", e->governor);
}

/* What the result was measured on, and the noise seen when it began. */
static void html_context(FILE *f, const struct kb_report *r)
{
	const struct kb_env *e = kb_report_env(r);
	const struct kb_noise_facts *n = &r->src->noise;
	const struct kb_kernel_facts *k = &r->g[0].prof.kfacts;
	char buf[160];

	fputs("<table class=\"context\" id=\"context\"><tbody>\n", f);
	ctx_row(f, "kernel", "kernel", kb_report_kernel(r));
	if (e)
		ctx_env(f, e);
	else
		ctx_row(f, "accelerator", "accelerator", "unknown (not recorded)");
	if (k->init_on_alloc >= 0) {
		snprintf(buf, sizeof(buf), "init_on_alloc %s, init_on_free %s (%s)",
			 k->init_on_alloc ? "on" : "off", k->init_on_free < 0 ? "unknown" :
			 k->init_on_free ? "on" : "off", k->source);
		ctx_row(f, "meminit", "memory auto-init", buf);
	}
	if (r->src->run) {
		snprintf(buf, sizeof(buf), "%zu", r->src->run->n_boots);
		ctx_row(f, "boots", "boots", buf);
	}
	if (n->have_loadavg) {
		snprintf(buf, sizeof(buf), "%.2f %.2f %.2f", n->loadavg[0], n->loadavg[1],
			 n->loadavg[2]);
		ctx_row(f, "loadavg", "load average at start", buf);
	}
	ctx_row(f, "smt", "SMT active", n->smt);
	ctx_row(f, "hypervisor", "hypervisor", n->hypervisor);
	fputs("</tbody></table>\n", f);
}

/* Where the report comes from, and the severity bands. */
static void html_meta(FILE *f, const struct kb_report *r,
		      const struct kb_report_files *fs)
{
	const struct kb_results *run = r->src->run;

	fputs("<h1>kbench report</h1>\n<p class=\"meta\">Source: <code>", f);
	kb_html(f, r->dir);
	fputs("</code> (", f);
	kb_html(f, r->src->schema);
	fputs(")", f);
	if (run) {
		fputs(", suite ", f);
		kb_html(f, run->suite);
		fputs(", ", f);
		kb_html(f, run->started);
		fputs(" to ", f);
		kb_html(f, run->finished);
		fputs(run->partial ? ", <b>partial</b>" : "", f);
	}
	fprintf(f, ". Severity bands (self %%): low &ge; %g, medium &ge; %g, high &ge; %g, "
		"critical &ge; %g.</p>\n", r->bands.low, r->bands.medium, r->bands.high,
		r->bands.critical);
	html_context(f, r);
	if (fs->gnuplot_missing)
		fputs("<p class=\"nochart\">gnuplot is not installed: charts were not rendered.</p>\n", f);
	if (r->ng < 2)
		return;
	fputs("<nav><ul>\n<li><a href=\"#overall\">overall</a></li>\n", f);
	for (size_t i = 1; i < r->ng; i++) {
		fprintf(f, "<li><a href=\"#bench-%s\">", r->g[i].slug);
		kb_html(f, r->g[i].name);
		fputs("</a></li>\n", f);
	}
	fputs("</ul></nav>\n", f);
}

/* On-CPU share, missed ticks, drops and cut walks of a group's profiles. */
/* --unwind dwarf: how many stacks were unwound whole, and the cost. */
static void html_dwarf(FILE *f, const struct kb_report_prof *p)
{
	const struct kb_dwarf_stats *w = &p->dwarf;
	char u[KB_FMT_LEN], n[KB_FMT_LEN], t[KB_FMT_LEN], x[KB_FMT_LEN];
	char c[KB_FMT_LEN], k[KB_FMT_LEN];

	fprintf(f, "<p class=\"meta prof\">DWARF unwinding: %s of %s samples whole, %s truncated (stack copy too short), %s without call-frame information; per sample %s in the tick, %s to unwind.</p>\n",
		kb_fmt_count(u, w->unwound), kb_fmt_count(n, w->samples),
		kb_fmt_count(t, w->truncated), kb_fmt_count(x, w->failed),
		kb_fmt_ns(c, p->copy_ns / (double)w->samples),
		kb_fmt_ns(k, (double)w->unwind_ns / (double)w->samples));
}

static void html_prof(FILE *f, const struct kb_report_prof *p)
{
	char m[KB_FMT_LEN], d[KB_FMT_LEN], u[KB_FMT_LEN];

	if (!p->n)
		return;
	fputs("<p class=\"meta prof\">", f);
	if (!isnan(p->on_cpu_pct))
		fprintf(f, "On CPU %.0f %% of wall time; ", p->on_cpu_pct);
	fprintf(f, "%s missed ticks", kb_fmt_count(m, p->missed));
	if (!isnan(p->missed_pct))
		fprintf(f, " (%.1f %% of timer periods)", p->missed_pct);
	fprintf(f, ", %s samples dropped, %s user stacks ended as [unknown].</p>\n",
		kb_fmt_count(d, p->dropped), kb_fmt_count(u, p->user_unknown));
	if (p->dwarf.samples)
		html_dwarf(f, p);
}

/* A benchmark's counters and events per operation. */
static void html_per_op(FILE *f, const struct kb_bench_result *b)
{
	bool any = false;

	if (!isnan(b->syscalls_per_op))
		fprintf(f, "<p class=\"meta\">Per operation: %.3g syscalls, %.3g page faults",
			b->syscalls_per_op, isnan(b->page_faults_per_op) ? 0 :
			b->page_faults_per_op);
	for (size_t i = 0; i < b->n_events; i++) {
		const struct kb_event_count *e = &b->events[i];

		if (!e->supported)
			continue;
		fprintf(f, "%s%s %.3g", any ? ", " : isnan(b->syscalls_per_op) ?
			"<p class=\"meta\">Events per operation: " : "; events: ",
			e->name, e->per_op);
		any = true;
	}
	if (any || !isnan(b->syscalls_per_op))
		fputs(".</p>\n", f);
}

/* A recording's counters: its most called syscalls and its faults. */
static void html_counters(FILE *f, const struct kb_report_prof *p)
{
	char n[3][KB_FMT_LEN];

	if (!p->have_counters)
		return;
	fprintf(f, "<p class=\"meta\">%s syscalls, %s page faults (%s major)",
		kb_fmt_count(n[0], p->syscalls),
		kb_fmt_count(n[1], p->faults_minor + p->faults_major),
		kb_fmt_count(n[2], p->faults_major));
	for (size_t i = 0; i < p->n_sc; i++) {
		fprintf(f, "%s", i ? ", " : "; most called: ");
		kb_html(f, p->sc[i].name);
		fprintf(f, " %s", kb_fmt_count(n[0], p->sc[i].count));
		if (p->sc[i].total_ns)
			fprintf(f, " (%s)", kb_fmt_ns(n[1], (double)p->sc[i].total_ns));
	}
	fputs(".</p>\n", f);
}

static void html_group(FILE *f, const struct kb_report *r,
		       const struct kb_report_files *fs, size_t i)
{
	const struct kb_report_group *g = &r->g[i];
	char n[2][KB_FMT_LEN];

	fprintf(f, "<section id=\"%s%s\">\n<h2>", i ? "bench-" : "overall", i ? g->slug : "");
	kb_html(f, i || !r->src->run ? g->name : "Overall (every benchmark)");
	fprintf(f, "</h2>\n<p class=\"meta\">%s samples, %s distinct stacks, %zu profile%s</p>\n",
		kb_fmt_count(n[0], g->fs.samples), kb_fmt_count(n[1], g->fs.stacks),
		g->ndirs, g->ndirs == 1 ? "" : "s");
	html_prof(f, &g->prof);
	if (g->bench) {
		html_bench(f, g->bench);
		html_per_op(f, g->bench);
	} else {
		html_counters(f, &g->prof);
	}
	fputs("<h3>Hotspots</h3>\n", f);
	html_hotspots(f, g);
	html_charts(f, fs, i);
	html_flame(f, fs, i);
	fputs("</section>\n", f);
}

int kb_report_html(FILE *f, const struct kb_report *r,
		   const struct kb_report_files *fs)
{
	char title[256];

	snprintf(title, sizeof(title), "kbench report: %s", r->g[0].name);
	kb_html_begin(f, title, css);
	html_meta(f, r, fs);
	for (size_t i = 0; i < r->ng; i++)
		html_group(f, r, fs, i);
	kb_html_end(f);
	return ferror(f) ? -EIO : 0;
}

struct page {
	const struct kb_report *r;
	const struct kb_report_files *fs;
};

static int write_page(FILE *f, void *arg)
{
	const struct page *p = arg;

	return kb_report_html(f, p->r, p->fs);
}

int kb_report_html_save(const char *path, const struct kb_report *r,
			const struct kb_report_files *fs)
{
	struct page p = { r, fs };

	return kb_write_atomic(path, write_page, &p);
}

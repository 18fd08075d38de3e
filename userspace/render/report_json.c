// SPDX-License-Identifier: GPL-2.0
/* report.json of a report (report_json.h). */
#include <math.h>

#include "report_json.h"
#include "model/record.h"

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *callers_json(const struct kb_hotspot *h)
{
	json_t *a = json_array();

	for (size_t i = 0; i < h->ncallers; i++)
		json_array_append_new(a, json_pack("{s:s, s:f}", "function",
			h->callers[i].frame, "pct", h->callers[i].pct));
	return a;
}

static json_t *hotspot_json(const struct kb_hotspot *h)
{
	char advice[1024];
	const char *a = kb_hotspot_advice(h, advice, sizeof(advice));

	return json_pack("{s:s, s:s, s:s?, s:b, s:I, s:I, s:f, s:f, s:s, s:s, s:s,"
			 " s:o, s:b, s:o, s:o}",
		"function", h->frame, "name", h->func,
		"module", h->module[0] ? h->module : NULL, "kernel", h->kernel,
		"self_samples", (json_int_t)h->self, "total_samples", (json_int_t)h->total,
		"self_pct", h->self_pct, "total_pct", h->total_pct,
		"severity", kb_severity_name(h->severity),
		"category", kb_category_id(h->category),
		"category_name", kb_category_name(h->category),
		"recommendation", str_or_null(a), "advised", h->advised,
		"syscall", str_or_null(h->syscall), "callers", callers_json(h));
}

/* The counters of a group's profiles: totals and the most called. */
static json_t *counters_json(const struct kb_report_prof *p)
{
	json_t *top = json_array();

	if (!p->have_counters) {
		json_decref(top);
		return json_null();
	}
	for (size_t i = 0; i < p->n_sc; i++)
		json_array_append_new(top, json_pack("{s:s, s:I, s:o}", "name",
			p->sc[i].name, "count", (json_int_t)p->sc[i].count,
			"total_ns", p->sc[i].total_ns ?
			json_integer((json_int_t)p->sc[i].total_ns) : json_null()));
	return json_pack("{s:I, s:I, s:I, s:o}", "syscalls", (json_int_t)p->syscalls,
		"page_faults_minor", (json_int_t)p->faults_minor,
		"page_faults_major", (json_int_t)p->faults_major, "top_syscalls", top);
}

/* --unwind dwarf's counts and costs per sample; null when not used. */
static json_t *dwarf_json(const struct kb_report_prof *p)
{
	if (!p->dwarf.samples)
		return json_null();
	return kb_dwarf_json(&p->dwarf, p->copy_ns / (double)p->dwarf.samples);
}

/* What the group's profiles say of themselves; null without any. */
static json_t *prof_json(const struct kb_report_prof *p)
{
	if (!p->n)
		return json_null();
	return json_pack("{s:I, s:f, s:o, s:I, s:o, s:I, s:I, s:o, s:o}",
		"profiles", (json_int_t)p->n, "duration_s", p->duration_s,
		"on_cpu_pct", num_or_null(p->on_cpu_pct),
		"missed_ticks", (json_int_t)p->missed,
		"missed_pct", num_or_null(p->missed_pct),
		"dropped", (json_int_t)p->dropped,
		"user_unknown", (json_int_t)p->user_unknown,
		"counters", counters_json(p),
		"dwarf", dwarf_json(p));
}

/* A benchmark's measurement: noise, counters per op and events per op. */
static json_t *measurement_json(const struct kb_bench_result *b)
{
	json_t *ev = json_object();

	for (size_t i = 0; i < b->n_events; i++) {
		const struct kb_event_count *e = &b->events[i];

		json_object_set_new(ev, e->name, e->supported ?
			json_pack("{s:I, s:f}", "total", (json_int_t)e->total,
				  "per_op", e->per_op) : json_null());
	}
	return json_pack("{s:s, s:s, s:I, s:f, s:f, s:o, s:o, s:o, s:o}",
		"metric", b->metric, "unit", b->unit, "n", (json_int_t)b->n_values,
		"median", b->summary.median, "cov_pct", b->summary.cov_pct,
		"profile_overhead_pct", num_or_null(b->profile_overhead_pct),
		"syscalls_per_op", num_or_null(b->syscalls_per_op),
		"page_faults_per_op", num_or_null(b->page_faults_per_op),
		"events_per_op", ev);
}

static json_t *group_json(const struct kb_report *r, const struct kb_report_files *fs,
			  size_t i)
{
	const struct kb_report_group *g = &r->g[i];
	json_t *hs = json_array(), *charts = json_array();

	for (size_t j = 0; j < g->nhs; j++)
		json_array_append_new(hs, hotspot_json(&g->hs[j]));
	for (size_t j = 0; j < fs->ncharts; j++)
		if (fs->charts[j].group == i)
			json_array_append_new(charts, json_string(fs->charts[j].name));
	return json_pack("{s:s, s:b, s:I, s:I, s:I, s:o, s:s?, s:o, s:o, s:o}",
		"name", g->name, "profiled", g->profiled,
		"profiles", (json_int_t)g->ndirs,
		"samples", (json_int_t)g->fs.samples, "stacks", (json_int_t)g->fs.stacks,
		"hotspots", hs, "flamegraph", fs->flame[i].file[0] ? fs->flame[i].file : NULL,
		"charts", charts, "profile_facts", prof_json(&g->prof),
		"measurement", g->bench ? measurement_json(g->bench) : json_null());
}

/* What the result was measured on, and the noise seen when it began. */
static json_t *context_json(const struct kb_report *r)
{
	const struct kb_env *e = kb_report_env(r);
	const struct kb_noise_facts *n = &r->src->noise;
	const struct kb_kernel_facts *k = &r->g[0].prof.kfacts;
	json_t *c = json_pack("{s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}}",
		"kernel", str_or_null(kb_report_kernel(r)),
		"kernel_settings", "init_on_alloc", tristate(k->init_on_alloc),
			"init_on_free", tristate(k->init_on_free),
			"from", str_or_null(k->source),
		"noise", "loadavg", n->have_loadavg ? json_pack("[f, f, f]",
			n->loadavg[0], n->loadavg[1], n->loadavg[2]) : json_null(),
			"smt_active", str_or_null(n->smt),
			"hypervisor", str_or_null(n->hypervisor));

	json_object_set_new(c, "environment", e ? kb_env_json(e) : json_null());
	json_object_set_new(c, "boots", r->src->run ?
			    json_integer((json_int_t)r->src->run->n_boots) : json_null());
	return c;
}

/* {name, group, rendered, dat, gp, png, svg}: paths relative to the report. */
static json_t *chart_json(const struct kb_report *r, const struct kb_report_chart *c)
{
	const char *n = c->name;

	return json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o}",
		"name", n, "group", r->g[c->group].name, "rendered", c->rendered,
		"png", c->rendered ? json_sprintf("charts/%s.png", n) : json_null(),
		"svg", c->rendered ? json_sprintf("charts/%s.svg", n) : json_null(),
		"dat", json_sprintf("charts/%s.dat", n),
		"gp", json_sprintf("charts/%s.gp", n));
}

json_t *kb_report_json(const struct kb_report *r,
		       const struct kb_report_files *fs)
{
	json_t *benches = json_array(), *files = json_array();

	for (size_t i = 1; i < r->ng; i++)
		json_array_append_new(benches, group_json(r, fs, i));
	for (size_t i = 0; i < fs->ncharts; i++)
		json_array_append_new(files, chart_json(r, &fs->charts[i]));
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:o, s:{s:f, s:f, s:f, s:f},"
			 " s:{s:b, s:s?, s:o}, s:o, s:o}",
		"schema", KB_REPORT_SCHEMA, "kbench_version", KBENCH_VERSION,
		"source", "dir", r->dir, "schema", r->src->schema,
		"context", context_json(r),
		"bands", "low", r->bands.low, "medium", r->bands.medium,
		"high", r->bands.high, "critical", r->bands.critical,
		"charts", "rendered", !fs->gnuplot_missing,
		"reason", fs->gnuplot_missing ? "gnuplot is not installed" : NULL,
		"files", files,
		"overall", group_json(r, fs, 0), "benchmarks", benches);
}

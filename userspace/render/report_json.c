// SPDX-License-Identifier: GPL-2.0
/* report.json of a report (report_json.h). */
#include "report_json.h"

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
	return json_pack("{s:s, s:b, s:I, s:I, s:I, s:o, s:s?, s:o}",
		"name", g->name, "profiled", g->profiled,
		"profiles", (json_int_t)g->ndirs,
		"samples", (json_int_t)g->fs.samples, "stacks", (json_int_t)g->fs.stacks,
		"hotspots", hs, "flamegraph", fs->flame[i].file[0] ? fs->flame[i].file : NULL,
		"charts", charts);
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
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:f, s:f, s:f, s:f},"
			 " s:{s:b, s:s?, s:o}, s:o, s:o}",
		"schema", KB_REPORT_SCHEMA, "kbench_version", KBENCH_VERSION,
		"source", "dir", r->dir, "schema", r->src->schema,
		"bands", "low", r->bands.low, "medium", r->bands.medium,
		"high", r->bands.high, "critical", r->bands.critical,
		"charts", "rendered", !fs->gnuplot_missing,
		"reason", fs->gnuplot_missing ? "gnuplot is not installed" : NULL,
		"files", files,
		"overall", group_json(r, fs, 0), "benchmarks", benches);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kbench report: hotspots, flamegraphs, charts, report.html and report.json
 * from a `kbench record` or a `kbench run` result (docs/report.md). Parses
 * the options, loads the result and its profiles, builds the report model
 * (analysis/report.h) once, writes its files and prints it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "cli.h"
#include "commands.h"
#include "analysis/report.h"
#include "capture/profile.h"
#include "model/json_io.h"
#include "model/report_source.h"
#include "model/samples.h"
#include "render/report_files.h"
#include "render/report_html.h"
#include "render/report_json.h"
#include "render/report_text.h"
#include "util/parse.h"
#include "util/util.h"

struct report_opts {
	const char *result;	/* a directory or its results.json */
	const char *out;	/* NULL: the result's directory */
	struct kb_bands bands;
	bool json;
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

/* One option C with its argument; 0, or -1 after saying what is wrong. */
static int parse_opt(int c, struct report_opts *o)
{
	double t;

	switch (c) {
	case 'o':
		o->out = optarg;
		return 0;
	case 't':
		if (kb_parse_double(optarg, 1e-9, 100, &t)) {
			kb_err("report", "--threshold: '%s' is not a percentage above 0 and at most 100",
			       optarg);
			return -1;
		}
		kb_bands_from_threshold(&o->bands, t);
		return 0;
	case 'b':
		if (kb_bands_parse(&o->bands, optarg)) {
			kb_err("report", "--bands: '%s' is not four increasing percentages LOW,MEDIUM,HIGH,CRITICAL",
			       optarg);
			return -1;
		}
		return 0;
	case 'j':
		o->json = true;
		return 0;
	default:
		return -1;
	}
}

/* 0 to go on, 1 after --help, -1 after an error. */
static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "threshold", required_argument, NULL, 't' },
		{ "bands", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "report", .shortopts = "o:jh",
				.longopts = longopts };
	int c;

	kb_bands_from_threshold(&o->bands, KB_THRESHOLD_DEFAULT);
	/* Options may follow RESULT: getopt permutes. */
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (parse_opt(c, o))
			return -1;
	}
	if (optind == argc) {
		kb_opt_missing("report", "no result given (a directory or its results.json)");
		return -1;
	}
	if (optind + 1 < argc) {
		kb_opt_unexpected("report", argv[optind + 1]);
		return -1;
	}
	o->result = argv[optind];
	return 0;
}

/* The raw samples of profile DIR on T's timeline, when it has them. */
static void load_timeline(struct kb_timeline *t, const char *dir)
{
	char path[4200];
	void *buf;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	/* The timeline is an extra: a damaged file leaves it out. */
	if (!kb_raw_read(f, &buf, &len)) {
		kb_timeline_add(t, buf, len);
		free(buf);
	}
	fclose(f);
}

/*
 * What a run's profile DIR says of itself (accounting, counters, kernel
 * settings) into G. It is context, not the report's substance: a profile
 * without a readable results.json is said and left out.
 */
static void load_profile_facts(struct kb_report_group *g, const char *dir)
{
	char path[4200], why[4608];
	struct kb_record_info rec;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (kb_record_info_load(path, &rec, why, sizeof(why)))
		kb_err("report", "%s (left out of the profile facts)", why);
	else
		kb_report_add_profile(g, &rec);
}

/* Each group's profiles: their stacks (unless merged), raw samples, facts. */
static int load_profiles(struct kb_report *r)
{
	char why[KB_PROFILE_WHYLEN];

	for (size_t i = 0; i < r->ng; i++) {
		struct kb_report_group *g = &r->g[i];

		for (size_t j = 0; j < g->ndirs; j++) {
			load_timeline(&g->tl, g->dirs[j]);
			if (g->merged)
				continue;	/* the benchmarks' add up to it */
			if (kb_profile_read_stacks(g->dirs[j], &g->st, why)) {
				kb_err("report", "%s", why);
				return -1;
			}
			if (r->src->run)
				load_profile_facts(g, g->dirs[j]);
		}
	}
	return 0;
}

/* The result named by O, its profiles, and the report model built. */
static int build(const struct report_opts *o, char *dir, size_t dlen,
		 struct kb_report_source *src, struct kb_report *r)
{
	char file[4200], why[KB_SOURCE_WHYLEN];
	int ret;

	ret = kb_results_locate(o->result, dir, dlen, file, sizeof(file));
	if (ret) {
		kb_err("report", "%s: %s", o->result, strerror(-ret));
		return -1;
	}
	if (kb_report_source_load(src, file, why) ||
	    kb_report_init(r, dir, src, &o->bands, why)) {
		kb_err("report", "%s", why);
		return -1;
	}
	if (load_profiles(r))
		return -1;
	if (kb_report_analyze(r, why)) {
		kb_err("report", "%s", why);
		return -1;
	}
	return 0;
}

/* The flamegraphs and charts into OUT, with what failed said. */
static int write_images(const struct kb_report *r, const char *out,
			struct kb_report_files *fs)
{
	char why[4608];
	int ret = kb_report_files_write(fs, r, out, why, sizeof(why));

	for (size_t i = 0; i < fs->nwarnings; i++)
		kb_err("report", "%s", fs->warnings[i]);
	if (ret) {
		kb_err("report", "%s", why);
		return -1;
	}
	if (fs->gnuplot_missing)
		kb_err("report", "gnuplot is not installed: charts not rendered (data and scripts in %s)",
		       fs->chart_dir);
	return 0;
}

/* report.json (JS) and report.html beside the images. */
static int write_pages(const struct kb_report *r, const struct kb_report_files *fs,
		       json_t *js)
{
	char path[4200];
	int ret;

	snprintf(path, sizeof(path), "%s/report.json", fs->out);
	ret = kb_json_save(path, js);
	if (!ret) {
		snprintf(path, sizeof(path), "%s/report.html", fs->out);
		ret = kb_report_html_save(path, r, fs);
	}
	if (ret) {
		kb_err("report", "%s: %s", path, strerror(-ret));
		return -1;
	}
	return 0;
}

/* report.json, or the table and where the files went. */
static int print(const struct report_opts *o, const struct kb_report *r,
		 const struct kb_report_files *fs, json_t *js)
{
	if (o->json) {
		if (kb_json_dump(stdout, js))
			return -1;
	} else {
		kb_report_print(stdout, r);
		printf("Report: %s/report.html, %s/report.json, flamegraphs and %zu chart%s in %s\n",
		       fs->out, fs->out, fs->ncharts, fs->ncharts == 1 ? "" : "s",
		       fs->chart_dir);
	}
	return fflush(stdout) ? -1 : 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct kb_report_source src = { 0 };
	struct kb_report r = { 0 };
	struct kb_report_files fs = { 0 };
	char dir[4096];
	json_t *js = NULL;
	int ret = parse_opts(argc, argv, &o);

	if (ret)
		return ret > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	ret = KB_EXIT_ERROR;
	if (build(&o, dir, sizeof(dir), &src, &r) ||
	    write_images(&r, o.out ? o.out : dir, &fs))
		goto out;
	js = kb_report_json(&r, &fs);
	if (!js)
		kb_err("report", "report.json: %s", strerror(ENOMEM));
	else if (!write_pages(&r, &fs, js) && !print(&o, &r, &fs, js))
		ret = KB_EXIT_OK;
out:
	json_decref(js);
	kb_report_files_free(&fs);
	kb_report_free(&r);
	kb_report_source_free(&src);
	return ret;
}

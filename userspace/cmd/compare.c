// SPDX-License-Identifier: GPL-2.0
/*
 * kbench compare: is NEW slower than BASE, is that real or noise, and where
 * did the time go; with several NEW runs (kernel builds, say), all of them
 * against the one base, side by side. The command: its options, the
 * results and the kernel symbols of the builds they ran on; the
 * comparison is built by analysis/comparison.c and written and printed by
 * render/ (compare_text.c, compare_charts.c, compare_html.c,
 * compare_set_html.c, diff_flamegraph.c) and model/comparison.c
 * (compare.json).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "cli.h"
#include "commands.h"
#include "analysis/comparison.h"
#include "analysis/profile_diff.h"
#include "capture/ksyms.h"
#include "model/comparison.h"
#include "model/json_io.h"
#include "model/results.h"
#include "render/compare_charts.h"
#include "render/compare_html.h"
#include "render/compare_set_html.h"
#include "render/compare_text.h"
#include "render/diff_flamegraph.h"
#include "util/fileio.h"
#include "util/parse.h"
#include "util/strmap.h"
#include "util/term.h"
#include "util/util.h"

/* Runs one command compares: the base and up to this many others. */
#define CMP_RUNS_MAX 16

struct cmp_opts {
	const char *const *runs;	/* BASE NEW [NEW...] */
	size_t n_runs;
	const char *labels[CMP_RUNS_MAX];	/* --label, in order */
	size_t n_labels;
	const char *out;
	double threshold, alpha;	/* threshold NAN: the mode's default */
	bool json, force;
	bool fail_inconclusive;		/* --fail-on inconclusive */
};

struct run_side {
	struct kb_results *r;
	char dir[4096];		/* where results.json and profiles/ are */
	char file[4200];
	struct kb_strmap syms;	/* the kernel functions of its build */
	bool have_syms;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench compare BASE NEW [NEW...] [-l LABEL]... [--threshold PCT]\n"
		"                     [--alpha A] [--force] [--fail-on WHAT] [-j] [-o DIR]\n"
		"\n"
		"Compare two `kbench run` results (directories holding results.json,\n"
		"or the files themselves) benchmark by benchmark; with more than one\n"
		"NEW, each against BASE, side by side. First the like-for-like\n"
		"check of the two environments: a different mode, accelerator, timing\n"
		"method or CPU count refuses the comparison. Then per benchmark: medians,\n"
		"change, its 95%% CI from a noise model where separate boots are a level\n"
		"of variance (results merged from several boots: see kbench merge),\n"
		"Mann-Whitney U and t p-values, Benjamini-Hochberg q-values across the\n"
		"benchmarks, and a verdict; fewer than 3 values a side is inconclusive.\n"
		"For every regression and improvement the profiles of the two runs are\n"
		"compared function by function, with a confidence interval across\n"
		"repetitions; functions match across kernel builds whatever copies the\n"
		"compiler made (.isra.0, .constprop.0, .part.0, .cold), and one only\n"
		"a build has is marked appeared or vanished.\n"
		"\n"
		"  -l, --label LABEL    name the runs, in order (one per run): the\n"
		"                       tables and pages call them so\n"
		"      --threshold PCT  smallest change that counts (default: 3 for\n"
		"                       wall-clock time; for deterministic mode 5 times\n"
		"                       its boot-noise prior, at least 0.1)\n"
		"      --alpha A        false discovery rate (default 0.05)\n"
		"      --force          compare runs whose environments differ in a field\n"
		"                       that invalidates the comparison (recorded)\n"
		"      --fail-on WHAT   regression (default): exit 1 on a regression;\n"
		"                       inconclusive: also on an inconclusive verdict\n"
		"  -j, --json           print compare.json instead of the table\n"
		"  -o, --output DIR     also write DIR/compare.json, compare.html, charts/\n"
		"                       and a differential flamegraph per regression and\n"
		"                       improvement (DIR/diff-BENCH.svg); with several\n"
		"                       NEW runs, each one's against BASE in DIR/vs-LABEL/\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 no regression, 1 at least one regression (or inconclusive\n"
		"verdict, with --fail-on inconclusive), 2 error or unlike environments.\n");
}

/* The operands: BASE NEW [NEW...], as many as the labels if any. */
static int check_runs(int argc, char **argv, struct cmp_opts *o)
{
	char msg[96];

	if (argc - optind > CMP_RUNS_MAX) {
		kb_opt_unexpected("compare", argv[optind + CMP_RUNS_MAX]);
		return -1;
	}
	o->runs = (const char *const *)argv + optind;
	o->n_runs = (size_t)(argc - optind);
	if (o->n_labels && o->n_labels != o->n_runs) {
		snprintf(msg, sizeof(msg), "--label: %zu label%s for %zu runs (one per run, "
			 "in order)", o->n_labels, o->n_labels == 1 ? "" : "s", o->n_runs);
		kb_opt_missing("compare", msg);
		return -1;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct cmp_opts *o)
{
	enum { OPT_THRESHOLD = 256, OPT_ALPHA, OPT_FORCE, OPT_FAIL_ON };
	static const struct option longopts[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "compare", .shortopts = "l:o:jh",
				.longopts = longopts };
	int c;

	*o = (struct cmp_opts){ .threshold = NAN, .alpha = 0.05 };
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case OPT_THRESHOLD:
			if (kb_parse_double(optarg, 0, 1e6, &o->threshold)) {
				kb_err("compare", "--threshold: '%s' is not a percentage >= 0",
				       optarg);
				return -1;
			}
			break;
		case OPT_ALPHA:
			if (kb_parse_double(optarg, 1e-12, 1 - 1e-12, &o->alpha)) {
				kb_err("compare", "--alpha: '%s' is not a number between 0 and 1",
				       optarg);
				return -1;
			}
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "regression") && strcmp(optarg, "inconclusive")) {
				kb_err("compare", "--fail-on: '%s' is not regression or inconclusive",
				       optarg);
				return -1;
			}
			o->fail_inconclusive = !strcmp(optarg, "inconclusive");
			break;
		case 'l':
			if (o->n_labels == CMP_RUNS_MAX || !optarg[0]) {
				kb_err("compare", "--label: %s", optarg[0] ?
				       "more labels than runs" : "an empty label");
				return -1;
			}
			o->labels[o->n_labels++] = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (argc - optind < 2) {
		kb_opt_missing("compare", "needs two results: BASE and NEW");
		return -1;
	}
	return check_runs(argc, argv, o);
}

static int load_side(const char *arg, struct run_side *s)
{
	return kb_cli_load_results("compare", arg, s->dir, sizeof(s->dir), s->file,
				   sizeof(s->file), &s->r);
}

/*
 * The kernel functions of the build S ran on: the kallsyms kept by the
 * first of its profiles that has one, each name as a profile frame shows
 * it once build suffixes are dropped (kb_frame_key()). Without one the
 * comparison cannot say which functions appeared or vanished.
 */
static void load_syms(struct run_side *s)
{
	const struct kb_results *r = s->r;
	struct kb_ksyms ks = { 0 };
	char path[8400], frame[600];
	FILE *f = NULL;
	int ret = 0;

	for (size_t i = 0; !f && i < r->n_benches; i++)
		for (size_t k = 0; !f && k < r->benches[i].profile.n_dirs; k++) {
			snprintf(path, sizeof(path), "%s/%s/kallsyms", s->dir,
				 r->benches[i].profile.dirs[k]);
			f = fopen(path, "re");
		}
	if (!f)
		return;
	if (kb_ksyms_load(&ks, f)) {
		fclose(f);
		return;
	}
	fclose(f);
	kb_strmap_init(&s->syms);
	for (size_t i = 0; !ret && i < ks.n; i++) {
		const struct kb_ksym *k = &ks.syms[i];
		char *key;
		size_t id;

		snprintf(frame, sizeof(frame), "%.500s%s%.64s%s_[k]", k->name,
			 k->module ? " [" : "", k->module ? k->module : "",
			 k->module ? "]" : "");
		key = kb_frame_key(frame, strlen(frame));
		ret = key ? kb_strmap_intern(&s->syms, key, strlen(key), &id) : -ENOMEM;
		free(key);
	}
	kb_ksyms_free(&ks);
	s->have_syms = !ret;
	if (ret)
		kb_strmap_free(&s->syms);
}

static void chart_warn(const char *chart, const char *why, void *arg)
{
	(void)arg;
	kb_err("compare", "chart %s: %s", chart, why);
}

/*
 * -o DIR: a differential flamegraph per regression and improvement with
 * profiles, compare.json, the charts and compare.html (which embeds the
 * others). 0, or -1 after saying what failed.
 */
static int write_outputs(const char *dir, const struct kb_comparison *c)
{
	char path[4200], why[4800];
	bool missing = false;
	int ret;

	for (size_t i = 0; i < c->n; i++) {
		const struct kb_cmp_entry *e = &c->e[i];

		if (e->profile && e->profile->available &&
		    kb_diff_flame_save(dir, e, why, sizeof(why))) {
			kb_err("compare", "%s", why);
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/compare.json", dir);
	ret = kb_comparison_save(path, c);
	if (ret) {
		kb_err("compare", "%s: cannot write: %s", path, strerror(-ret));
		return -1;
	}
	if (kb_compare_charts(dir, c, &missing, chart_warn, NULL, why, sizeof(why)) ||
	    kb_compare_html_save(dir, c, missing, why, sizeof(why))) {
		kb_err("compare", "%s", why);
		return -1;
	}
	if (missing)
		kb_err("compare", "gnuplot is not installed: charts not rendered "
		       "(data and scripts in %s/charts)", dir);
	return 0;
}

/*
 * -o DIR of several runs: each pair's outputs in DIR/vs-NAME/, then the
 * set's compare.json, charts and compare.html (which embeds the pairs'
 * differential flamegraphs). 0, or -1 after saying what failed.
 */
static int write_set_outputs(const char *dir, const struct kb_cmp_set *set)
{
	char path[4400], why[4800];
	bool missing = false;
	int ret;

	for (size_t i = 0; i + 1 < set->n; i++) {
		char sub[160];

		kb_compare_set_subdir(sub, sizeof(sub), set, i);
		snprintf(path, sizeof(path), "%s/%s", dir, sub);
		ret = kb_mkdir_p(path);
		if (ret) {
			kb_err("compare", "%s: %s", path, strerror(-ret));
			return -1;
		}
		if (write_outputs(path, set->pair[i]))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/compare.json", dir);
	ret = kb_cmp_set_save(path, set);
	if (ret) {
		kb_err("compare", "%s: cannot write: %s", path, strerror(-ret));
		return -1;
	}
	if (kb_compare_set_charts(dir, set, &missing, chart_warn, NULL, why, sizeof(why)) ||
	    kb_compare_set_html_save(dir, set, missing, why, sizeof(why))) {
		kb_err("compare", "%s", why);
		return -1;
	}
	return 0;
}

/*
 * compare.json or the table on stdout: of the one pair when there are two
 * runs, else of the set. 0, or -1 after saying why.
 */
static int print(const struct kb_cmp_set *set, bool json)
{
	bool colour = kb_term_colour(fileno(stdout));
	json_t *root = NULL;
	int ret = 0;

	if (json) {
		root = set->n == 2 ? kb_comparison_json(set->pair[0]) :
				     kb_cmp_set_json(set);
		ret = root ? kb_json_dump(stdout, root) : -ENOMEM;
		json_decref(root);
	} else if (set->n == 2) {
		kb_comparison_print(stdout, set->pair[0], colour);
	} else {
		kb_cmp_set_print(stdout, set, colour);
	}
	if (!ret && fflush(stdout))
		ret = -errno;
	if (ret)
		kb_err("compare", "stdout: %s", strerror(-ret));
	return ret ? -1 : 0;
}

/* Loads every run of O into SIDES and IN. 0, or -1 after saying why. */
static int load_runs(const struct cmp_opts *o, struct run_side *sides,
		     struct kb_cmp_input *in)
{
	for (size_t i = 0; i < o->n_runs; i++) {
		struct run_side *s = &sides[i];

		if (load_side(o->runs[i], s))
			return -1;
		load_syms(s);
		in[i] = (struct kb_cmp_input){
			.r = s->r, .dir = s->dir, .file = s->file,
			.syms = s->have_syms ? &s->syms : NULL,
			.label = o->n_labels ? o->labels[i] : NULL,
		};
	}
	return 0;
}

static void free_runs(struct run_side *sides, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kb_results_free(sides[i].r);
		if (sides[i].have_syms)
			kb_strmap_free(&sides[i].syms);
	}
}

int cmd_compare(int argc, char **argv)
{
	struct run_side sides[CMP_RUNS_MAX] = { 0 };
	struct kb_cmp_input in[CMP_RUNS_MAX];
	struct kb_cmp_set *set = NULL;
	struct kb_cmp_options co;
	struct cmp_opts o;
	char why[1400];
	int ret = KB_EXIT_ERROR, r;
	bool out_ok;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	if (load_runs(&o, sides, in))
		goto out;
	if (o.out && (r = kb_mkdir_p(o.out))) {
		kb_err("compare", "%s: %s", o.out, strerror(-r));
		goto out;
	}
	co = (struct kb_cmp_options){
		.threshold_pct = o.threshold, .alpha = o.alpha, .force = o.force,
		.fail_on = o.fail_inconclusive ? "inconclusive" : "regression",
	};
	r = kb_cmp_set_build(in, o.n_runs, &co, &set, why, sizeof(why));
	if (r) {
		kb_err("compare", "%s", why);
		goto out;
	}
	out_ok = !o.out || !(set->n == 2 ? write_outputs(o.out, set->pair[0]) :
			     write_set_outputs(o.out, set));
	if (!out_ok || print(set, o.json))
		goto out;
	ret = set->count[KB_REGRESSION] ||
	      (o.fail_inconclusive && set->count[KB_INCONCLUSIVE]) ?
	      KB_EXIT_REGRESSION : KB_EXIT_OK;
out:
	kb_cmp_set_free(set);
	free_runs(sides, o.n_runs);
	return ret;
}

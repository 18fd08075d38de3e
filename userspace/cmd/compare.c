// SPDX-License-Identifier: GPL-2.0
/*
 * kbench compare: is NEW slower than BASE, is that real or noise, and where
 * did the time go. The command: its options and the two results; the
 * comparison is built by analysis/comparison.c and written and printed by
 * render/ (compare_text.c, compare_charts.c, compare_html.c,
 * diff_flamegraph.c) and model/comparison.c (compare.json).
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
#include "model/comparison.h"
#include "model/json_io.h"
#include "model/results.h"
#include "render/compare_charts.h"
#include "render/compare_html.h"
#include "render/compare_text.h"
#include "render/diff_flamegraph.h"
#include "util/fileio.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/util.h"

struct cmp_opts {
	const char *base, *new, *out;
	double threshold, alpha;	/* threshold NAN: the mode's default */
	bool json, force;
	bool fail_inconclusive;		/* --fail-on inconclusive */
};

struct run_side {
	struct kb_results *r;
	char dir[4096];		/* where results.json and profiles/ are */
	char file[4200];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench compare BASE NEW [--threshold PCT] [--alpha A] [--force]\n"
		"                     [--fail-on WHAT] [-j] [-o DIR]\n"
		"\n"
		"Compare two `kbench run` results (directories holding results.json,\n"
		"or the files themselves) benchmark by benchmark. First the like-for-like\n"
		"check of the two environments: a different mode, accelerator, timing\n"
		"method or CPU count refuses the comparison. Then per benchmark: medians,\n"
		"change, its 95%% CI from a noise model where separate boots are a level\n"
		"of variance (results merged from several boots: see kbench merge),\n"
		"Mann-Whitney U and t p-values, Benjamini-Hochberg q-values across the\n"
		"benchmarks, and a verdict; fewer than 3 values a side is inconclusive.\n"
		"For every regression and improvement the profiles of the two runs are\n"
		"compared function by function, with a confidence interval across\n"
		"repetitions.\n"
		"\n"
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
		"                       improvement (DIR/diff-BENCH.svg)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 no regression, 1 at least one regression (or inconclusive\n"
		"verdict, with --fail-on inconclusive), 2 error or unlike environments.\n");
}

static int parse_opts(int argc, char **argv, struct cmp_opts *o)
{
	enum { OPT_THRESHOLD = 256, OPT_ALPHA, OPT_FORCE, OPT_FAIL_ON };
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "compare", .shortopts = "o:jh",
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
	if (argc - optind > 2) {
		kb_opt_unexpected("compare", argv[optind + 2]);
		return -1;
	}
	o->base = argv[optind];
	o->new = argv[optind + 1];
	return 0;
}

static int load_side(const char *arg, struct run_side *s)
{
	char why[KB_RESULTS_WHY];
	int ret;

	ret = kb_results_locate(arg, s->dir, sizeof(s->dir), s->file, sizeof(s->file));
	if (ret) {
		kb_err("compare", "%s: %s", arg, strerror(-ret));
		return -1;
	}
	ret = kb_results_load(s->file, &s->r, why);
	if (ret) {
		kb_err("compare", "%s", why);
		return -1;
	}
	return 0;
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

/* compare.json or the table on stdout. 0, or -1 after saying why. */
static int print(const struct kb_comparison *c, bool json)
{
	json_t *root = NULL;
	int ret = 0;

	if (json) {
		root = kb_comparison_json(c);
		ret = root ? kb_json_dump(stdout, root) : -ENOMEM;
		json_decref(root);
	} else {
		kb_comparison_print(stdout, c, kb_term_colour(fileno(stdout)));
	}
	if (!ret && fflush(stdout))
		ret = -errno;
	if (ret)
		kb_err("compare", "stdout: %s", strerror(-ret));
	return ret ? -1 : 0;
}

int cmd_compare(int argc, char **argv)
{
	struct run_side sa = { 0 }, sb = { 0 };
	struct kb_comparison *c = NULL;
	struct kb_cmp_input in_a, in_b;
	struct kb_cmp_options co;
	struct cmp_opts o;
	char why[1024];
	int ret = KB_EXIT_ERROR, r;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	if (load_side(o.base, &sa) || load_side(o.new, &sb))
		goto out;
	if (o.out && (r = kb_mkdir_p(o.out))) {
		kb_err("compare", "%s: %s", o.out, strerror(-r));
		goto out;
	}
	in_a = (struct kb_cmp_input){ sa.r, sa.dir, sa.file };
	in_b = (struct kb_cmp_input){ sb.r, sb.dir, sb.file };
	co = (struct kb_cmp_options){
		.threshold_pct = o.threshold, .alpha = o.alpha, .force = o.force,
		.fail_on = o.fail_inconclusive ? "inconclusive" : "regression",
	};
	r = kb_comparison_build(&in_a, &in_b, &co, &c, why, sizeof(why));
	if (r) {
		kb_err("compare", "%s", why);
		goto out;
	}
	if ((o.out && write_outputs(o.out, c)) || print(c, o.json))
		goto out;
	ret = c->count[KB_REGRESSION] ||
	      (o.fail_inconclusive && c->count[KB_INCONCLUSIVE]) ?
	      KB_EXIT_REGRESSION : KB_EXIT_OK;
out:
	kb_comparison_free(c);
	kb_results_free(sa.r);
	kb_results_free(sb.r);
	return ret;
}

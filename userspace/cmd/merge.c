// SPDX-License-Identifier: GPL-2.0
/*
 * kbench merge: the runs of several boots of one kernel (or several runs
 * of one boot) as one result, so that kbench compare can treat the boot
 * as a level of variance. The command: its options, loading the results,
 * refusing unlike ones, writing DIR/results.json; the merge itself is
 * model/results_merge.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "cli.h"
#include "commands.h"
#include "model/json_io.h"
#include "model/results.h"
#include "model/results_merge.h"
#include "util/fileio.h"
#include "util/util.h"

struct merge_opts {
	const char *out;
	bool json, force;
	char **results;
	size_t n;
};

/* One loaded input, named as the user named it. */
struct input {
	struct kb_results *r;
	char dir[4096];
	char file[4200];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench merge -o DIR RESULT... [--force] [-j]\n"
		"\n"
		"Merge several `kbench run` results (directories holding results.json,\n"
		"or the files themselves) of one suite into DIR/results.json: the values\n"
		"of each benchmark concatenated, with the boot each came from (results\n"
		"of one boot stay one boot), profile directories rebased to resolve from\n"
		"DIR, profiled values concatenated, the environment of the first result.\n"
		"kbench compare then treats the boots as a level of variance. Results\n"
		"whose suite, measuring parameters (seconds, warm-up, threads, per-CPU,\n"
		"io) or environment differ are refused, with the fields named.\n"
		"\n"
		"  -o, --output DIR  where the merged results.json goes (created)\n"
		"      --force       merge results that differ anyway\n"
		"  -j, --json        also print the merged results.json\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 merged, 2 error or unlike results.\n");
}

static int parse_opts(int argc, char **argv, struct merge_opts *o)
{
	enum { OPT_FORCE = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "merge", .shortopts = "o:jh",
				.longopts = longopts };
	int c;

	*o = (struct merge_opts){ 0 };
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (!o->out) {
		kb_opt_missing("merge", "needs -o DIR: where the merged results.json goes");
		return -1;
	}
	if (argc - optind < 2) {
		kb_opt_missing("merge", "needs at least two results to merge");
		return -1;
	}
	o->results = argv + optind;
	o->n = (size_t)(argc - optind);
	return 0;
}

static int load(const char *arg, struct input *in)
{
	return kb_cli_load_results("merge", arg, in->dir, sizeof(in->dir), in->file,
				   sizeof(in->file), &in->r);
}

/* R into DIR/results.json, and on stdout with JSON. 0, or -1 after saying why. */
static int write_merged(const struct kb_results *r, const char *dir, bool json)
{
	char path[4200], why[KB_RESULTS_WHY];
	json_t *root;
	int ret;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (kb_results_write(r, path, why)) {
		kb_err("merge", "%s", why);
		return -1;
	}
	if (!json) {
		printf("merged %zu benchmark%s from %zu boot%s into %s\n", r->n_benches,
		       r->n_benches == 1 ? "" : "s", r->n_boots, r->n_boots == 1 ? "" : "s",
		       path);
		return 0;
	}
	root = kb_results_to_json(r);
	ret = root ? kb_json_dump(stdout, root) : -ENOMEM;
	json_decref(root);
	if (ret) {
		kb_err("merge", "stdout: %s", strerror(-ret));
		return -1;
	}
	return 0;
}

/* Loads the inputs, merges them into DIR. 0, or -1 after saying why. */
static int merge(const struct merge_opts *o, struct input *in,
		 struct kb_merge_input *mi)
{
	struct kb_results *r = NULL;
	char why[4096];
	int ret;

	for (size_t i = 0; i < o->n; i++) {
		if (load(o->results[i], &in[i]))
			return -1;
		mi[i] = (struct kb_merge_input){ in[i].r, in[i].dir, in[i].file };
	}
	ret = kb_mkdir_p(o->out);
	if (ret) {
		kb_err("merge", "%s: %s", o->out, strerror(-ret));
		return -1;
	}
	ret = kb_results_merge(mi, o->n, o->out, o->force, &r, why, sizeof(why));
	if (ret) {
		kb_err("merge", "%s", why);
		return -1;
	}
	ret = write_merged(r, o->out, o->json);
	kb_results_free(r);
	return ret;
}

int cmd_merge(int argc, char **argv)
{
	struct kb_merge_input *mi = NULL;
	struct input *in = NULL;
	struct merge_opts o;
	int ret = KB_EXIT_ERROR, r;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	in = calloc(o.n, sizeof(*in));
	mi = calloc(o.n, sizeof(*mi));
	if (!in || !mi)
		kb_err("merge", "out of memory");
	else if (!merge(&o, in, mi))
		ret = KB_EXIT_OK;
	for (size_t i = 0; in && i < o.n; i++)
		kb_results_free(in[i].r);
	free(in);
	free(mi);
	return ret;
}

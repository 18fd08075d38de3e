// SPDX-License-Identifier: GPL-2.0
/*
 * kbench run: the options, then the runner (bench/runner.h) measures and
 * this command shows it: a line per benchmark (render/run_text.h), progress
 * on an interactive terminal, errors and the exit status. results.json
 * (docs/results.md) is saved after every round, partial until the end.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "workloads/workload.h"
#include "cli.h"
#include "commands.h"
#include "bench/io_target.h"
#include "bench/run_profile.h"
#include "bench/runner.h"
#include "model/json_io.h"
#include "model/results.h"
#include "render/run_text.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/util.h"

#define DEFAULT_REPS 5
#define DEFAULT_PROFILE_REPS 3
#define DEFAULT_SECONDS 5.0
#define DEFAULT_WARMUP 1.0
#define DEFAULT_SIZE (128ULL << 20)
#define DEFAULT_OUT "kbench-results"

enum { OPT_WARMUP = 256, OPT_NO_PROFILE, OPT_REQUIRE, OPT_MAX_REPS,
       OPT_TARGET_COV, OPT_DIR, OPT_SIZE, OPT_PER_CPU, OPT_PROFILE_REPS };

struct run_opts {
	const char *suite;
	const char **bench;	/* -b names, as given */
	size_t n_bench;
	long reps, profile_reps;
	double seconds, warmup;
	const char *out;
	bool no_profile, require_module, json, per_cpu;
	long max_reps;
	double target_cov;	/* < 0: not given */
	const char *dir;
	uint64_t size;
};

/* What the runner's hooks need to show a run and save its results. */
struct run_view {
	const struct run_opts *o;
	const char *path;	/* DIR/results.json */
	bool drawn;		/* a progress line is on the terminal */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench run SUITE [-b BENCH]... [-r REPS] [-t SECONDS] [--warmup S]\n"
		"                  [-o DIR] [--profile-reps N] [--no-profile] [--require-module]\n"
		"                  [--max-reps N --target-cov PCT] [--dir DIR] [--size BYTES]\n"
		"                  [--per-cpu] [--json]\n"
		"\n"
		"Run the benchmarks of SUITE (io, cpu, syscall or all), each with a\n"
		"warm-up and REPS measured repetitions, and write DIR/results.json\n"
		"(docs/results.md). Repetitions run in rounds, every benchmark once a\n"
		"round. With the kbench module loaded, N more repetitions of each\n"
		"benchmark are profiled under DIR/profiles/, spread over the rounds;\n"
		"the measured ones, which verdicts rest on, are never instrumented.\n"
		"\n"
		"  -b, --bench BENCH     only this benchmark (repeatable): 'null' or\n"
		"                        'syscall/null'\n"
		"  -r, --reps REPS       measured repetitions (default %d)\n"
		"  -t, --time SECONDS    duration of each repetition (default %g)\n"
		"      --warmup S        warm-up before the repetitions (default %g)\n"
		"  -o, --output DIR      results directory (default %s)\n"
		"      --profile-reps N  profiled repetitions besides (default %d)\n"
		"      --no-profile      do not record profiles (--profile-reps 0)\n"
		"      --require-module  fail when profiles cannot be recorded\n"
		"      --max-reps N      add repetitions, up to N, while the\n"
		"      --target-cov PCT  coefficient of variation is above PCT\n"
		"      --dir DIR         io: target directory (default $KBENCH_IO_DIR,\n"
		"                        else the current directory)\n"
		"      --size BYTES      io: file size, K/M/G suffixes (default 128M)\n"
		"      --per-cpu         cpu: one worker thread per online CPU\n"
		"  -j, --json            print results.json on stdout\n"
		"  -h, --help            show this help\n"
		"\nBenchmarks:\n",
		DEFAULT_REPS, DEFAULT_SECONDS, DEFAULT_WARMUP, DEFAULT_OUT,
		DEFAULT_PROFILE_REPS);
	for (size_t i = 0; i < kb_workload_count(); i++)
		fprintf(f, "  %-20s %s (%s)\n", kb_workload_at(i)->name,
			kb_workload_at(i)->desc, kb_workload_at(i)->unit);
}

/* The options with a number, and what the number must be. */
static const struct {
	int c;
	const char *name, *what;
} numbers[] = {
	{ 'r', "-r", "a number of repetitions from 1 to 10000" },
	{ 't', "-t", "a duration in seconds above 0" },
	{ OPT_WARMUP, "--warmup", "a duration in seconds, 0 or more" },
	{ OPT_MAX_REPS, "--max-reps", "a number of repetitions from 1 to 10000" },
	{ OPT_PROFILE_REPS, "--profile-reps", "a number of repetitions from 0 to 10000" },
	{ OPT_TARGET_COV, "--target-cov", "a percentage above 0" },
	{ OPT_SIZE, "--size", "a size in bytes (with an optional K, M or G)" },
};

/* Option C's number ARG into O: 0, or -EINVAL when it is not one. */
static int parse_number(int c, const char *arg, struct run_opts *o)
{
	uint64_t n;
	int err = 0;

	switch (c) {
	case 'r':
	case OPT_MAX_REPS:
		err = kb_parse_uint(arg, 10, 1, 10000, &n);
		if (!err)
			*(c == 'r' ? &o->reps : &o->max_reps) = (long)n;
		break;
	case OPT_PROFILE_REPS:
		err = kb_parse_uint(arg, 10, 0, 10000, &n);
		o->profile_reps = (long)n;
		break;
	case 't':
		err = kb_parse_double(arg, 1e-6, 86400, &o->seconds);
		break;
	case OPT_WARMUP:
		err = kb_parse_double(arg, 0, 86400, &o->warmup);
		break;
	case OPT_TARGET_COV:
		err = kb_parse_double(arg, 1e-9, 1000, &o->target_cov);
		break;
	case OPT_SIZE:
		err = kb_parse_size(arg, &o->size);
		break;
	}
	return err ? -EINVAL : 0;
}

/* Option C into O: 0, 1 to stop (--help done), or KB_EXIT_ERROR. */
static int parse_opt(int c, struct run_opts *o)
{
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		if (numbers[i].c != c)
			continue;
		if (!parse_number(c, optarg, o))
			return 0;
		kb_err("run", "%s: '%s' is not %s", numbers[i].name, optarg,
		       numbers[i].what);
		return KB_EXIT_ERROR;
	}
	switch (c) {
	case 'b':
		o->bench[o->n_bench++] = optarg;
		return 0;
	case 'o':
		o->out = optarg;
		return 0;
	case OPT_NO_PROFILE:
		o->no_profile = true;
		return 0;
	case OPT_REQUIRE:
		o->require_module = true;
		return 0;
	case OPT_DIR:
		o->dir = optarg;
		return 0;
	case OPT_PER_CPU:
		o->per_cpu = true;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'h':
		usage(stdout);
		return 1;
	}
	return KB_EXIT_ERROR;	/* kb_opt_next() said why */
}

/* The suite operand and the options that go together. */
static int check_operands(int argc, char **argv, struct run_opts *o)
{
	if (optind >= argc) {
		kb_opt_missing("run", "no suite given (io, cpu, syscall or all)");
		return KB_EXIT_ERROR;
	}
	o->suite = argv[optind++];
	if (!kb_suite_known(o->suite)) {
		kb_err("run", "unknown suite '%s' (io, cpu, syscall or all)",
		       o->suite);
		return KB_EXIT_ERROR;
	}
	if (optind < argc) {
		kb_opt_unexpected("run", argv[optind]);
		return KB_EXIT_ERROR;
	}
	if ((o->max_reps > 0) != (o->target_cov > 0)) {
		kb_err("run", "--max-reps and --target-cov go together");
		return KB_EXIT_ERROR;
	}
	if (o->max_reps > 0 && o->max_reps < o->reps) {
		kb_err("run", "--max-reps %ld is below -r %ld", o->max_reps,
		       o->reps);
		return KB_EXIT_ERROR;
	}
	return 0;
}

/* 0; -1 after --help; KB_EXIT_ERROR after saying what is wrong. */
static int parse_args(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "bench", required_argument, NULL, 'b' },
		{ "reps", required_argument, NULL, 'r' },
		{ "time", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "output", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'o' },	/* the old name */
		{ "profile-reps", required_argument, NULL, OPT_PROFILE_REPS },
		{ "no-profile", no_argument, NULL, OPT_NO_PROFILE },
		{ "require-module", no_argument, NULL, OPT_REQUIRE },
		{ "max-reps", required_argument, NULL, OPT_MAX_REPS },
		{ "target-cov", required_argument, NULL, OPT_TARGET_COV },
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "per-cpu", no_argument, NULL, OPT_PER_CPU },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "run", .shortopts = "b:r:t:o:jh",
				.longopts = longopts };
	int c, ret;

	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		ret = parse_opt(c, o);
		if (ret)
			return ret == 1 ? -1 : ret;
	}
	return check_operands(argc, argv, o);
}

/* The runner's plan from the options. */
static void make_plan(const struct run_opts *o, struct kb_run_plan *p)
{
	const char *env = getenv("KBENCH_IO_DIR");

	p->reps = o->reps;
	p->profile_reps = o->no_profile ? 0 : o->profile_reps;
	p->max_reps = o->max_reps;
	p->target_cov = o->target_cov;
	p->seconds = o->seconds;
	p->warmup = o->warmup;
	p->out = o->out;
	p->per_cpu = o->per_cpu;
	p->params.io_dir = o->dir ? o->dir : env && *env ? env : ".";
	p->params.io_size = o->size;
	p->params.threads = 1;
	if (o->per_cpu) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		p->params.threads = n > 0 && n < 1024 ? (unsigned int)n : 1;
	}
}

/*
 * The benchmarks, the io target (checked when io benchmarks run or --dir
 * is given; IO is set only for the former) and whether profiles are
 * recorded. 0, or KB_EXIT_ERROR after saying what is wrong.
 */
static int prepare(const struct run_opts *o, struct kb_runner *rn,
		   struct kb_io_target *io, bool *use_io)
{
	struct kb_run_plan *p = &rn->plan;
	char why[KB_RUN_WHY];
	size_t n_io;

	make_plan(o, p);
	if (kb_runner_select(rn, o->suite, o->bench, o->n_bench, why, sizeof(why)))
		goto fail;
	/* Every io benchmark keeps its file for the whole run. */
	n_io = kb_runner_count_io(rn);
	*use_io = n_io > 0;
	if ((o->dir || *use_io) &&
	    kb_io_target_check(p->params.io_dir, p->params.io_size,
			       n_io ? n_io : 1, io, why, sizeof(why)))
		goto fail;
	if (!p->profile_reps) {
		snprintf(p->profile_why, sizeof(p->profile_why), o->no_profile ?
			 "disabled with --no-profile" : "--profile-reps 0");
		return 0;
	}
	p->profiles = kb_run_profile_available(p->profile_why);
	if (!p->profiles && o->require_module) {
		kb_err("run", "--require-module: profiles unavailable: %s",
		       p->profile_why);
		return KB_EXIT_ERROR;
	}
	return 0;
fail:
	kb_err("run", "%s", why);
	return KB_EXIT_ERROR;
}

static void clear_progress(struct run_view *v)
{
	if (v->drawn)
		kb_run_text_progress_clear(stderr);
	v->drawn = false;
}

static void on_progress(void *arg, const struct kb_run_progress *p)
{
	struct run_view *v = arg;

	kb_run_text_progress(stderr, p->index, p->count, p->name, p->rep,
			     p->reps, p->profiled, p->eta_s);
	v->drawn = true;
}

static void on_round_done(void *arg, const struct kb_results *r)
{
	struct run_view *v = arg;
	char why[KB_RESULTS_WHY];

	if (kb_results_write(r, v->path, why)) {
		clear_progress(v);
		kb_err("run", "%s", why);
	}
}

static void on_bench_done(void *arg, const struct kb_results *r,
			  const struct kb_bench_result *b)
{
	struct run_view *v = arg;

	(void)r;
	clear_progress(v);
	if (!v->o->json)
		kb_run_text_bench(stdout, b);
}

static void on_warn(void *arg, const char *bench, const char *msg)
{
	clear_progress(arg);
	kb_err("run", "%s: profile: %s", bench, msg);
}

/* Saves the results once more, complete, and says where they are. */
static int finish(const struct run_opts *o, const struct kb_results *r,
		  const char *path, int status)
{
	char why[KB_RESULTS_WHY];

	if (kb_results_write(r, path, why)) {
		kb_err("run", "%s", why);
		return KB_EXIT_ERROR;
	}
	if (o->json) {
		json_t *root = kb_results_to_json(r);

		kb_json_dump(stdout, root);
		json_decref(root);
	} else {
		printf("results: %s\n", path);
	}
	if (kb_stop_requested) {
		kb_err("run", "interrupted: partial results in %s", path);
		return KB_EXIT_ERROR;
	}
	return status;
}

/* Runs what RN holds, showing it as it goes; the exit status. */
static int run(const struct run_opts *o, struct kb_runner *rn, int argc,
	       char **argv, const struct kb_io_target *io)
{
	char path[4200], why[KB_RUN_WHY];
	struct run_view v = { .o = o, .path = path };
	int ret;

	if (kb_runner_begin(rn, o->suite, io, argc, argv, why, sizeof(why))) {
		kb_err("run", "%s", why);
		return KB_EXIT_ERROR;
	}
	if (!rn->plan.profiles && !o->no_profile)
		kb_err("run", "profiles off: %s", rn->plan.profile_why);
	snprintf(path, sizeof(path), "%s/results.json", o->out);
	/* A second Ctrl-C leaves at once, but without leaving files behind. */
	kb_catch_stop(kb_tmp_unlink_all);
	signal(SIGPIPE, SIG_IGN);
	rn->hooks = (struct kb_run_hooks){
		.progress = kb_term_interactive(STDERR_FILENO) ? on_progress : NULL,
		.round_done = on_round_done, .bench_done = on_bench_done,
		.warn = on_warn, .arg = &v,
	};
	ret = kb_runner_run(rn, why, sizeof(why));
	clear_progress(&v);
	if (ret < 0)
		kb_err("run", "%s", why);
	return finish(o, rn->res, path, ret < 0 ? KB_EXIT_ERROR : KB_EXIT_OK);
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {
		.reps = DEFAULT_REPS, .profile_reps = DEFAULT_PROFILE_REPS,
		.seconds = DEFAULT_SECONDS,
		.warmup = DEFAULT_WARMUP, .out = DEFAULT_OUT,
		.target_cov = -1, .size = DEFAULT_SIZE,
	};
	struct kb_runner rn = { 0 };
	struct kb_io_target io;
	bool use_io = false;
	int ret;

	o.bench = calloc((size_t)argc + 1, sizeof(*o.bench));
	if (!o.bench)
		return KB_EXIT_ERROR;
	ret = parse_args(argc, argv, &o);
	if (!ret)
		ret = prepare(&o, &rn, &io, &use_io);
	if (!ret)
		ret = run(&o, &rn, argc, argv, use_io ? &io : NULL);
	kb_runner_free(&rn);
	free(o.bench);
	kb_tmp_unlink_all();
	return ret < 0 ? KB_EXIT_OK : ret;
}

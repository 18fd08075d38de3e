// SPDX-License-Identifier: GPL-2.0
/*
 * kbench run: run a workload suite with warm-up and repetitions, keep every
 * repetition's value, count events, note the noise sources and write
 * results.json (docs/results.md). Profiles per repetition go through
 * run_profile.h.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "workloads/workload.h"
#include "cli.h"
#include "commands.h"
#include "util/hist.h"
#include "bench/noise.h"
#include "bench/perfev.h"
#include "model/results.h"
#include "bench/run_profile.h"
#include "util/summary.h"
#include "util/fmt.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/util.h"

#define DEFAULT_REPS 5
#define DEFAULT_SECONDS 5.0
#define DEFAULT_WARMUP 1.0
#define DEFAULT_SIZE (128ULL << 20)
#define DEFAULT_OUT "kbench-results"
#define IO_MARGIN (16ULL << 20)	/* fsync-write's file and slack */

struct run_opts {
	const char *suite;
	const char **bench;	/* -b names, as given */
	size_t n_bench;
	long reps;
	double seconds, warmup;
	const char *out;
	bool no_profile, require_module, json, per_cpu;
	long max_reps;
	double target_cov;	/* < 0: not given */
	const char *dir;
	uint64_t size;
};

struct run {
	struct run_opts *o;
	const struct kb_workload **sel;
	size_t n_sel;
	struct kb_wl_params params;
	bool profiles;
	char profile_why[KB_RUN_PROFILE_WHY];
	bool tty;
	uint64_t started_ns;
	double planned_s, done_s;	/* for the ETA */
	struct kb_results *res;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench run SUITE [-b BENCH]... [-r REPS] [-t SECONDS] [--warmup S]\n"
		"                  [-o DIR] [--no-profile] [--require-module]\n"
		"                  [--max-reps N --target-cov PCT] [--dir DIR] [--size BYTES]\n"
		"                  [--per-cpu] [--json]\n"
		"\n"
		"Run the benchmarks of SUITE (io, cpu, syscall or all), each with a\n"
		"warm-up and REPS measured repetitions, and write DIR/results.json\n"
		"(docs/results.md). With the kbench module loaded, each repetition\n"
		"is profiled under DIR/profiles/.\n"
		"\n"
		"  -b, --bench BENCH     only this benchmark (repeatable): 'null' or\n"
		"                        'syscall/null'\n"
		"  -r, --reps REPS       measured repetitions (default %d)\n"
		"  -t, --time SECONDS    duration of each repetition (default %g)\n"
		"      --warmup S        warm-up before the repetitions (default %g)\n"
		"  -o, --output DIR      results directory (default %s)\n"
		"      --no-profile      do not record profiles\n"
		"      --require-module  fail when profiles cannot be recorded\n"
		"      --max-reps N      add repetitions, up to N, while the\n"
		"      --target-cov PCT  coefficient of variation is above PCT\n"
		"      --dir DIR         io: target directory (default $KBENCH_IO_DIR,\n"
		"                        else the current directory)\n"
		"      --size BYTES      io: file size, K/M/G suffixes (default 128M)\n"
		"      --per-cpu         cpu: one worker thread per online CPU\n"
		"  -j, --json            print results.json on stdout\n"
		"\nBenchmarks:\n",
		DEFAULT_REPS, DEFAULT_SECONDS, DEFAULT_WARMUP, DEFAULT_OUT);
	for (size_t i = 0; i < kb_workload_count(); i++)
		fprintf(f, "  %-20s %s (%s)\n", kb_workload_at(i)->name,
			kb_workload_at(i)->desc, kb_workload_at(i)->unit);
}

/* 0, or KB_EXIT_ERROR after saying what is wrong. */
static int select_benchmarks(struct run *rn)
{
	struct run_opts *o = rn->o;
	size_t n = kb_workload_count();

	rn->sel = calloc(n, sizeof(*rn->sel));
	if (!rn->sel)
		return KB_EXIT_ERROR;
	for (size_t i = 0; i < o->n_bench; i++) {
		const struct kb_workload *w = NULL;
		char names[1024] = "";

		for (size_t j = 0; j < n; j++) {
			const struct kb_workload *c = kb_workload_at(j);
			const char *slash = strchr(c->name, '/');

			if (!kb_workload_in_suite(c, o->suite))
				continue;
			if (!strcmp(c->name, o->bench[i]) ||
			    !strcmp(slash + 1, o->bench[i]))
				w = c;
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
				 "%s%s", names[0] ? ", " : "", slash + 1);
		}
		if (!w) {
			kb_err("run", "unknown benchmark '%s' in suite '%s' "
			       "(known: %s)", o->bench[i], o->suite, names);
			return KB_EXIT_ERROR;
		}
		bool dup = false;

		for (size_t k = 0; k < rn->n_sel; k++)
			dup |= rn->sel[k] == w;
		if (!dup)
			rn->sel[rn->n_sel++] = w;
	}
	if (!o->n_bench)
		for (size_t j = 0; j < n; j++)
			if (kb_workload_in_suite(kb_workload_at(j), o->suite))
				rn->sel[rn->n_sel++] = kb_workload_at(j);
	return 0;
}

static bool any_io(const struct run *rn)
{
	for (size_t i = 0; i < rn->n_sel; i++)
		if (kb_workload_in_suite(rn->sel[i], "io"))
			return true;
	return false;
}

/* The mount behind DIR, from /proc/self/mountinfo. */
static json_t *io_target(const char *dir, const struct statvfs *vfs,
			 const char *dev, uint64_t size)
{
	char line[4096], mnt[1024], src[1024] = "", fstype[64] = "";
	unsigned int maj, min;
	struct stat st;
	FILE *f;

	if (stat(dir, &st))
		return json_null();
	f = fopen("/proc/self/mountinfo", "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *dash = strstr(line, " - ");

		if (sscanf(line, "%*u %*u %u:%u %*s %1023s", &maj, &min, mnt) != 3 ||
		    !dash || maj != major(st.st_dev) || min != minor(st.st_dev))
			continue;
		if (sscanf(dash + 3, "%63s %1023s", fstype, src) == 2)
			break;
	}
	if (f)
		fclose(f);
	return json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:I}",
			 "dir", dir,
			 "device", src[0] ? src : NULL,
			 "fstype", fstype[0] ? fstype : NULL,
			 "dev", dev,
			 "free_bytes", (json_int_t)((uint64_t)vfs->f_bavail * vfs->f_frsize),
			 "size_bytes", (json_int_t)size);
}

/* Checks the io target up front; 0 or KB_EXIT_ERROR after saying why. */
static int check_io(struct run *rn, json_t **target)
{
	const char *dir = rn->params.io_dir;
	struct statvfs vfs;
	struct stat st;
	uint64_t need, avail;
	char a[KB_FMT_LEN], b[KB_FMT_LEN], dev[32];

	if (stat(dir, &st)) {
		kb_err("run", "io directory %s: %s", dir, strerror(errno));
		return KB_EXIT_ERROR;
	}
	if (!S_ISDIR(st.st_mode)) {
		kb_err("run", "io directory %s: not a directory", dir);
		return KB_EXIT_ERROR;
	}
	if (access(dir, W_OK | X_OK)) {
		kb_err("run", "%s: cannot write there: %s", dir, strerror(errno));
		return KB_EXIT_ERROR;
	}
	if (statvfs(dir, &vfs)) {
		kb_err("run", "%s: %s", dir, strerror(errno));
		return KB_EXIT_ERROR;
	}
	need = rn->params.io_size + IO_MARGIN;
	avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	if (avail < need) {
		kb_err("run", "%s: not enough free space: %s needed (--size plus "
		       "16 MiB), %s free; use a smaller --size or another --dir",
		       dir, kb_fmt_bytes(a, (double)need), kb_fmt_bytes(b, (double)avail));
		return KB_EXIT_ERROR;
	}
	snprintf(dev, sizeof(dev), "%u:%u", major(st.st_dev), minor(st.st_dev));
	*target = io_target(dir, &vfs, dev, rn->params.io_size);
	return 0;
}

static void iso_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void progress(struct run *rn, size_t k, const char *name, long rep,
		     long reps)
{
	double el, eta;

	if (!rn->tty)
		return;
	el = (double)(kb_now_ns() - rn->started_ns) / 1e9;
	eta = rn->done_s > 0 ? el / rn->done_s * (rn->planned_s - rn->done_s) :
	      rn->planned_s - rn->done_s;
	if (eta < 0)
		eta = 0;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %s %ld/%ld, ETA %.0f s",
		k + 1, rn->n_sel, name, rep ? "repetition" : "warm-up",
		rep, reps, eta);
	fflush(stderr);
}

static void progress_clear(struct run *rn)
{
	if (rn->tty) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
	}
}

/* "syscall/null" -> "DIR/profiles/syscall-null/rep-N", made. */
static int profile_dir(struct run *rn, const struct kb_workload *w, long rep,
		       char *buf, size_t len)
{
	char name[64];
	size_t n;

	snprintf(name, sizeof(name), "%s", w->name);
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '-';
	n = (size_t)snprintf(buf, len, "%s/profiles", rn->o->out);
	if (n + strlen(name) + 32 >= len)
		return -ENAMETOOLONG;
	mkdir(buf, 0755);
	snprintf(buf + n, len - n, "/%s", name);
	mkdir(buf, 0755);
	snprintf(buf + strlen(buf), len - strlen(buf), "/rep-%ld", rep);
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* The events counted over the measured repetitions of B (OPS in all). */
static void set_events(struct kb_bench_result *b, const struct kb_perf *perf,
		       double ops)
{
	for (int i = 0; i < KB_EV_N && i < KB_EVENTS_MAX; i++) {
		struct kb_event_count *e = &b->events[b->n_events++];

		snprintf(e->name, sizeof(e->name), "%s", kb_ev_name(i));
		e->supported = kb_perf_supported(perf, i);
		if (!e->supported) {
			snprintf(e->reason, sizeof(e->reason), "%s", perf->why[i]);
			continue;
		}
		e->total = perf->total[i];
		e->per_op = ops > 0 ? (double)perf->total[i] / ops : 0.0;
		e->user_only = perf->user_only[i];
	}
}

/*
 * Runs one benchmark into B. Returns 0, 1 when interrupted (B holds what
 * was measured), or KB_EXIT_ERROR after saying why.
 */
static int run_bench(struct run *rn, size_t k, struct kb_bench_result *b)
{
	const struct kb_workload *w = rn->sel[k];
	struct run_opts *o = rn->o;
	struct kb_wl_ctx ctx = { .p = &rn->params };
	struct kb_hist *lat = NULL, *rep_lat = NULL;
	struct kb_perf perf;
	struct kb_wl_sample s;
	double ops_total = 0, *vals;
	long cap = o->max_reps > o->reps ? o->max_reps : o->reps, rep;
	bool adaptive = o->max_reps > 0;
	double mod_syscalls = 0, mod_ops = 0;
	int ret = 0;

	snprintf(b->name, sizeof(b->name), "%s", w->name);
	snprintf(b->desc, sizeof(b->desc), "%s", w->desc);
	snprintf(b->metric, sizeof(b->metric), "%s", w->metric);
	snprintf(b->unit, sizeof(b->unit), "%s", w->unit);
	b->higher_is_better = w->higher_is_better;
	b->values = vals = calloc((size_t)cap, sizeof(double));
	if (w->has_latency) {
		lat = kb_hist_new();
		rep_lat = kb_hist_new();
	}
	if (!vals || (w->has_latency && (!lat || !rep_lat))) {
		kb_err("run", "out of memory");
		ret = KB_EXIT_ERROR;
		goto out;
	}
	kb_perf_open(&perf);

	if (w->setup(&ctx)) {
		kb_err("run", "%s: %s", w->name, ctx.why);
		ret = KB_EXIT_ERROR;
		goto teardown;
	}
	if (o->warmup > 0 && !kb_stop_requested) {
		progress(rn, k, w->name, 0, o->reps);
		memset(&s, 0, sizeof(s));
		if (w->run(&ctx, o->warmup, &s)) {
			kb_err("run", "%s: %s", w->name, ctx.why);
			ret = KB_EXIT_ERROR;
			goto teardown;
		}
		rn->done_s += o->warmup;
	}
	for (rep = 1; rep <= cap && !kb_stop_requested; rep++) {
		struct kb_run_profile prof;
		struct kb_run_profile_result pres;
		char pdir[4096], why[KB_RUN_PROFILE_WHY];

		if (rep > o->reps) {	/* adaptive: only while too noisy */
			kb_summarize(vals, b->n_values, &b->summary);
			if (b->summary.cov_pct <= o->target_cov)
				break;
			rn->planned_s += o->seconds;
		}
		progress(rn, k, w->name, rep, rep > o->reps ? cap : o->reps);
		memset(&s, 0, sizeof(s));
		if (rep_lat) {
			kb_hist_reset(rep_lat);
			s.lat = rep_lat;
		}
		if (rn->profiles) {
			int err = profile_dir(rn, w, rep, pdir, sizeof(pdir));

			if (err)
				snprintf(why, sizeof(why), "cannot create %.200s: %s",
					 pdir, strerror(-err));
			if (err || kb_run_profile_begin(&prof, pdir, why)) {
				kb_err("run", "%s: profile: %s", w->name, why);
				ret = KB_EXIT_ERROR;
				goto teardown;
			}
		}
		kb_perf_start(&perf);
		ret = w->run(&ctx, o->seconds, &s);
		kb_perf_stop(&perf);
		if (rn->profiles) {
			if (kb_run_profile_end(&prof, &pres, why)) {
				kb_err("run", "%s: profile: %s", w->name, why);
				ret = KB_EXIT_ERROR;
				goto teardown;
			}
			for (size_t i = 0; i < pres.n_notes; i++)
				kb_err("run", "%s: profile: %s", w->name, pres.notes[i]);
			/* recorded relative to -o DIR */
			if (kb_profiles_add_dir(&b->profile, pdir + strlen(o->out) + 1)) {
				kb_err("run", "out of memory");
				ret = KB_EXIT_ERROR;
				goto teardown;
			}
			if (pres.have_counters) {
				mod_syscalls += (double)pres.syscalls;
				mod_ops += s.ops;
			}
		}
		if (ret) {
			kb_err("run", "%s: %s", w->name, ctx.why);
			ret = KB_EXIT_ERROR;
			goto teardown;
		}
		rn->done_s += o->seconds;
		if (kb_stop_requested)		/* cut short: not a measurement */
			break;
		vals[b->n_values++] = kb_wl_value_of(w, &s);
		ops_total += s.ops;
		if (lat)
			kb_hist_merge(lat, rep_lat);
	}
	if (kb_stop_requested) {
		b->partial = true;
		ret = 1;
	}
	kb_summarize(vals, b->n_values, &b->summary);
	if (lat && lat->count) {
		b->latency = (struct kb_latency){
			.valid = true, .count = lat->count,
			.p50 = kb_hist_percentile(lat, 50),
			.p90 = kb_hist_percentile(lat, 90),
			.p99 = kb_hist_percentile(lat, 99),
			.p999 = kb_hist_percentile(lat, 99.9),
			.max = (double)lat->max,
		};
	}
	if (adaptive)
		b->adaptive = (struct kb_adaptive){
			.enabled = true, .target_cov_pct = o->target_cov,
			.max_reps = o->max_reps, .initial_reps = o->reps,
			.reps = (long)b->n_values,
			.final_cov_pct = b->summary.cov_pct,
			.target_met = b->summary.cov_pct <= o->target_cov,
		};
	set_events(b, &perf, ops_total);
	if (kb_perf_supported(&perf, KB_EV_PAGE_FAULTS) && ops_total > 0)
		b->page_faults_per_op = (double)perf.total[KB_EV_PAGE_FAULTS] / ops_total;
	if (mod_ops > 0)
		b->syscalls_per_op = mod_syscalls / mod_ops;
	b->profile.enabled = rn->profiles;
	if (!rn->profiles)
		snprintf(b->profile.reason, sizeof(b->profile.reason), "%s",
			 rn->profile_why);
	for (unsigned int i = 0; i < ctx.n_notes; i++)
		kb_bench_add_note(b, ctx.notes[i]);
	if (adaptive && b->n_values > (size_t)o->reps) {
		char note[160];

		snprintf(note, sizeof(note), "adaptive: %zu repetitions instead of %ld "
			 "to bring the CoV to %.2f %% (target %.2f %%)", b->n_values,
			 o->reps, b->summary.cov_pct, o->target_cov);
		kb_bench_add_note(b, note);
	}
teardown:
	w->teardown(&ctx);
	kb_perf_close(&perf);
out:
	kb_hist_free(lat);
	kb_hist_free(rep_lat);
	return ret;
}

static void print_bench(const struct kb_bench_result *b)
{
	char lat[128] = "";

	if (b->latency.valid)
		snprintf(lat, sizeof(lat), "  p50 %.0f p99 %.0f p99.9 %.0f ns",
			 b->latency.p50, b->latency.p99, b->latency.p999);
	printf("%-20s %12.6g %-6s ±%5.1f%% (%zu rep%s)%s%s\n", b->name,
	       b->summary.mean, b->unit, b->summary.cov_pct, b->n_values,
	       b->n_values == 1 ? "" : "s", lat, b->partial ? "  [partial]" : "");
	fflush(stdout);
}

static json_t *params_json(const struct run *rn, json_t *io, int argc,
			   char **argv)
{
	const struct run_opts *o = rn->o;
	json_t *names = json_array(), *cmd = json_array();

	for (size_t i = 0; i < rn->n_sel; i++)
		json_array_append_new(names, json_string(rn->sel[i]->name));
	for (int i = 0; i < argc; i++)
		json_array_append_new(cmd, json_string(argv[i]));
	return json_pack("{s:o, s:o, s:I, s:f, s:f, s:o, s:o, s:b, s:I, s:o, s:o}",
			 "command", cmd, "benchmarks", names,
			 "repetitions", (json_int_t)o->reps,
			 "seconds", o->seconds, "warmup_seconds", o->warmup,
			 "max_repetitions", o->max_reps > 0 ?
				json_integer(o->max_reps) : json_null(),
			 "target_cov_pct", o->max_reps > 0 ?
				json_real(o->target_cov) : json_null(),
			 "per_cpu", o->per_cpu,
			 "threads", (json_int_t)rn->params.threads,
			 "io", io ? io : json_null(),
			 "out", json_string(o->out));
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	enum { OPT_WARMUP = 256, OPT_NO_PROFILE, OPT_REQUIRE, OPT_MAX_REPS,
	       OPT_TARGET_COV, OPT_DIR, OPT_SIZE, OPT_PER_CPU };
	static const struct option longopts[] = {
		{ "bench", required_argument, NULL, 'b' },
		{ "reps", required_argument, NULL, 'r' },
		{ "time", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "output", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'o' },	/* the old name */
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
	uint64_t n;
	int c;

	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case 'b':
			o->bench[o->n_bench++] = optarg;
			break;
		case 'r':
			if (kb_parse_uint(optarg, 10, 1, 10000, &n)) {
				kb_err("run", "-r: '%s' is not a number of "
				       "repetitions from 1 to 10000", optarg);
				return KB_EXIT_ERROR;
			}
			o->reps = (long)n;
			break;
		case 't':
			if (kb_parse_double(optarg, 1e-6, 86400, &o->seconds)) {
				kb_err("run", "-t: '%s' is not a duration in "
				       "seconds above 0", optarg);
				return KB_EXIT_ERROR;
			}
			break;
		case OPT_WARMUP:
			if (kb_parse_double(optarg, 0, 86400, &o->warmup)) {
				kb_err("run", "--warmup: '%s' is not a duration "
				       "in seconds, 0 or more", optarg);
				return KB_EXIT_ERROR;
			}
			break;
		case 'o':
			o->out = optarg;
			break;
		case OPT_NO_PROFILE:
			o->no_profile = true;
			break;
		case OPT_REQUIRE:
			o->require_module = true;
			break;
		case OPT_MAX_REPS:
			if (kb_parse_uint(optarg, 10, 1, 10000, &n)) {
				kb_err("run", "--max-reps: '%s' is not a number "
				       "of repetitions from 1 to 10000", optarg);
				return KB_EXIT_ERROR;
			}
			o->max_reps = (long)n;
			break;
		case OPT_TARGET_COV:
			if (kb_parse_double(optarg, 1e-9, 1000, &o->target_cov)) {
				kb_err("run", "--target-cov: '%s' is not a "
				       "percentage above 0", optarg);
				return KB_EXIT_ERROR;
			}
			break;
		case OPT_DIR:
			o->dir = optarg;
			break;
		case OPT_SIZE:
			if (kb_parse_size(optarg, &o->size)) {
				kb_err("run", "--size: '%s' is not a size in bytes "
				       "(with an optional K, M or G)", optarg);
				return KB_EXIT_ERROR;
			}
			break;
		case OPT_PER_CPU:
			o->per_cpu = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return KB_EXIT_ERROR;
		}
	}
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

static int prepare_out(const char *out)
{
	struct stat st;

	if (mkdir(out, 0755) && errno != EEXIST) {
		kb_err("run", "-o %s: %s", out, strerror(errno));
		return KB_EXIT_ERROR;
	}
	if (stat(out, &st) || !S_ISDIR(st.st_mode)) {
		kb_err("run", "-o %s: not a directory", out);
		return KB_EXIT_ERROR;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {
		.reps = DEFAULT_REPS, .seconds = DEFAULT_SECONDS,
		.warmup = DEFAULT_WARMUP, .out = DEFAULT_OUT,
		.target_cov = -1, .size = DEFAULT_SIZE,
	};
	struct run rn = { .o = &o };
	char path[4200], why[KB_RESULTS_WHY];
	const char *env = getenv("KBENCH_IO_DIR");
	json_t *io = NULL;
	int ret, status = KB_EXIT_OK;

	o.bench = calloc((size_t)argc + 1, sizeof(*o.bench));
	if (!o.bench)
		return KB_EXIT_ERROR;
	ret = parse_args(argc, argv, &o);
	if (ret)
		goto out_opts;
	ret = select_benchmarks(&rn);
	if (ret)
		goto out;

	rn.params.io_dir = o.dir ? o.dir : env && *env ? env : ".";
	rn.params.io_size = o.size;
	rn.params.threads = 1;
	if (o.per_cpu) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		rn.params.threads = n > 0 && n < 1024 ? (unsigned int)n : 1;
	}
	if (o.dir || any_io(&rn)) {
		ret = check_io(&rn, &io);
		if (ret)
			goto out;
		if (!any_io(&rn)) {
			json_decref(io);
			io = NULL;
		}
	}

	if (o.no_profile) {
		snprintf(rn.profile_why, sizeof(rn.profile_why),
			 "disabled with --no-profile");
	} else {
		rn.profiles = kb_run_profile_available(rn.profile_why);
		if (!rn.profiles && o.require_module) {
			kb_err("run", "--require-module: profiles unavailable: %s",
			       rn.profile_why);
			ret = KB_EXIT_ERROR;
			goto out;
		}
	}
	ret = prepare_out(o.out);
	if (ret)
		goto out;
	if (!rn.profiles && !o.no_profile)
		kb_err("run", "profiles off: %s", rn.profile_why);

	rn.res = kb_results_new();
	if (!rn.res) {
		ret = KB_EXIT_ERROR;
		goto out;
	}
	snprintf(rn.res->suite, sizeof(rn.res->suite), "%s", o.suite);
	iso_now(rn.res->started, sizeof(rn.res->started));
	rn.res->host = kb_host_json();
	rn.res->noise = kb_noise_json();	/* load average before the run */
	rn.res->parameters = params_json(&rn, io, argc, argv);
	io = NULL;
	rn.res->profile.enabled = rn.profiles;
	if (!rn.profiles)
		snprintf(rn.res->profile.reason, sizeof(rn.res->profile.reason),
			 "%s", rn.profile_why);

	snprintf(path, sizeof(path), "%s/results.json", o.out);
	/* A second Ctrl-C leaves at once, but without leaving files behind. */
	kb_catch_stop(kb_tmp_unlink_all);
	signal(SIGPIPE, SIG_IGN);
	rn.tty = kb_term_interactive(STDERR_FILENO);
	rn.started_ns = kb_now_ns();
	rn.planned_s = (double)rn.n_sel * (o.warmup + (double)o.reps * o.seconds);
	for (size_t k = 0; k < rn.n_sel && !kb_stop_requested; k++) {
		struct kb_bench_result *b = kb_results_add(rn.res);

		if (!b) {
			kb_err("run", "out of memory");
			status = KB_EXIT_ERROR;
			break;
		}
		ret = run_bench(&rn, k, b);
		progress_clear(&rn);
		if (ret == KB_EXIT_ERROR) {
			b->partial = true;
			kb_summarize(b->values, b->n_values, &b->summary);
			status = KB_EXIT_ERROR;
			break;
		}
		if (!o.json)
			print_bench(b);
		/* Until the run ends, the file on disk says it is partial. */
		rn.res->partial = true;
		iso_now(rn.res->finished, sizeof(rn.res->finished));
		if (kb_results_write(rn.res, path, why))
			kb_err("run", "%s", why);
	}
	rn.res->partial = kb_stop_requested || status != KB_EXIT_OK;
	iso_now(rn.res->finished, sizeof(rn.res->finished));
	if (kb_results_write(rn.res, path, why)) {
		kb_err("run", "%s", why);
		ret = KB_EXIT_ERROR;
		goto out;
	}
	if (o.json) {
		json_t *root = kb_results_to_json(rn.res);

		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
		putchar('\n');
		json_decref(root);
	} else {
		printf("results: %s\n", path);
	}
	if (kb_stop_requested) {
		kb_err("run", "interrupted: partial results in %s", path);
		status = KB_EXIT_ERROR;
	}
	ret = status;
out:
	json_decref(io);
	kb_results_free(rn.res);
	free(rn.sel);
out_opts:
	free(o.bench);
	kb_tmp_unlink_all();
	return ret < 0 ? KB_EXIT_OK : ret;
}

// SPDX-License-Identifier: GPL-2.0
/* The benchmarks of a run selected, started and run in order (runner.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <jansson.h>

#include "runner.h"
#include "noise.h"
#include "environment.h"
#include "util/summary.h"
#include "util/util.h"

/* The benchmark of SUITE called NAME ("bench" or "suite/bench"), or NULL
 * with KNOWN listing the suite's names. */
static const struct kb_workload *find_named(const char *suite, const char *name,
					    char *known, size_t len)
{
	const struct kb_workload *w = NULL;

	known[0] = '\0';
	for (size_t j = 0; j < kb_workload_count(); j++) {
		const struct kb_workload *c = kb_workload_at(j);
		const char *slash = strchr(c->name, '/');

		if (!kb_workload_in_suite(c, suite))
			continue;
		if (!strcmp(c->name, name) || !strcmp(slash + 1, name))
			w = c;
		snprintf(known + strlen(known), len - strlen(known), "%s%s",
			 known[0] ? ", " : "", slash + 1);
	}
	return w;
}

int kb_runner_select(struct kb_runner *rn, const char *suite,
		     const char *const *names, size_t n, char *why, size_t len)
{
	size_t count = kb_workload_count();
	char known[1024];

	rn->n_sel = 0;
	rn->sel = calloc(count, sizeof(*rn->sel));
	if (!rn->sel) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct kb_workload *w = find_named(suite, names[i], known,
							 sizeof(known));
		bool dup = false;

		if (!w) {
			snprintf(why, len, "unknown benchmark '%s' in suite '%s' "
				 "(known: %s)", names[i], suite, known);
			return -ENOENT;
		}
		for (size_t k = 0; k < rn->n_sel; k++)
			dup |= rn->sel[k] == w;
		if (!dup)
			rn->sel[rn->n_sel++] = w;
	}
	if (!n)
		for (size_t j = 0; j < count; j++)
			if (kb_workload_in_suite(kb_workload_at(j), suite))
				rn->sel[rn->n_sel++] = kb_workload_at(j);
	return 0;
}

size_t kb_runner_count_io(const struct kb_runner *rn)
{
	size_t n = 0;

	for (size_t i = 0; i < rn->n_sel; i++)
		n += kb_workload_in_suite(rn->sel[i], "io");
	return n;
}

static int prepare_out(const char *out, char *why, size_t len)
{
	struct stat st;

	if (mkdir(out, 0755) && errno != EEXIST) {
		int err = errno;

		snprintf(why, len, "-o %s: %s", out, strerror(err));
		return -err;
	}
	if (stat(out, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(why, len, "-o %s: not a directory", out);
		return -ENOTDIR;
	}
	return 0;
}

static void iso_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* results.json's "parameters": how the run was asked for. */
static json_t *params_json(const struct kb_runner *rn,
			   const struct kb_io_target *io, int argc, char **argv)
{
	const struct kb_run_plan *p = &rn->plan;
	json_t *names = json_array(), *cmd = json_array();

	for (size_t i = 0; i < rn->n_sel; i++)
		json_array_append_new(names, json_string(rn->sel[i]->name));
	for (int i = 0; i < argc; i++)
		json_array_append_new(cmd, json_string(argv[i]));
	return json_pack("{s:o, s:o, s:I, s:f, s:f, s:o, s:o, s:b, s:I, s:o, s:s}",
			 "command", cmd, "benchmarks", names,
			 "repetitions", (json_int_t)p->reps,
			 "seconds", p->seconds, "warmup_seconds", p->warmup,
			 "max_repetitions", p->max_reps > 0 ?
				json_integer(p->max_reps) : json_null(),
			 "target_cov_pct", p->max_reps > 0 ?
				json_real(p->target_cov) : json_null(),
			 "per_cpu", p->per_cpu,
			 "threads", (json_int_t)p->params.threads,
			 "io", io ? kb_io_target_json(io) : json_null(),
			 "out", p->out);
}

int kb_runner_begin(struct kb_runner *rn, const char *suite,
		    const struct kb_io_target *io, int argc, char **argv,
		    char *why, size_t len)
{
	const struct kb_run_plan *p = &rn->plan;
	struct kb_results *r;
	int err = prepare_out(p->out, why, len);

	if (err)
		return err;
	r = rn->res = kb_results_new();
	if (!r) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	snprintf(r->suite, sizeof(r->suite), "%s", suite);
	iso_now(r->started, sizeof(r->started));
	r->host = kb_host_json();
	r->noise = kb_noise_json();	/* load average before the run */
	kb_env_probe(&r->env);
	if (kb_results_add_boot(r, r->env.boot_id[0] ? r->env.boot_id : "unknown") < 0) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	r->parameters = params_json(rn, io, argc, argv);
	r->profile.enabled = p->profiles;
	if (!p->profiles)
		snprintf(r->profile.reason, sizeof(r->profile.reason), "%s",
			 p->profile_why);
	return 0;
}

/* Tells the command where benchmark K is: REP of REPS (0: warm-up). */
static void report(struct kb_runner *rn, size_t k, long rep, long reps,
		   bool profiled)
{
	double el, eta;

	if (!rn->hooks.progress)
		return;
	el = (double)(kb_now_ns() - rn->started_ns) / 1e9;
	eta = rn->done_s > 0 ? el / rn->done_s * (rn->planned_s - rn->done_s) :
	      rn->planned_s - rn->done_s;
	rn->hooks.progress(rn->hooks.arg, &(struct kb_run_progress){
		.index = k, .count = rn->n_sel, .name = rn->sel[k]->name,
		.rep = rep, .reps = reps, .profiled = profiled,
		.eta_s = eta < 0 ? 0 : eta,
	});
}

/* The profiled repetitions due by the end of round ROUND of ROUNDS. */
static long profiled_by(const struct kb_run_plan *p, long round)
{
	long rounds = p->reps;

	if (!p->profiles)
		return 0;
	if (round >= rounds)
		return p->profile_reps;
	/* spread over the measured rounds, the first in round 1 */
	return (round * p->profile_reps + rounds - 1) / rounds;
}

/* One repetition of benchmark K in the round: its measured one, if due,
 * and a profiled one, if due. 0, 1 (stopped) or -errno. */
static int run_unit(struct kb_runner *rn, struct kb_measure *m, size_t k,
		    long round, char *why, size_t len)
{
	const struct kb_run_plan *p = &rn->plan;
	int err = 0;

	if (round <= m->cap && kb_measure_due(m, round)) {
		if (round > p->reps)	/* an adaptive one: more to do */
			rn->planned_s += p->seconds;
		report(rn, k, round, round > p->reps ? m->cap : p->reps, false);
		err = kb_measure_rep(m, false, why, len);
		rn->done_s += p->seconds;
		rn->progress = true;
	}
	while (!err && !kb_stop_requested && m->profiled < profiled_by(p, round)) {
		report(rn, k, m->profiled + 1, p->profile_reps, true);
		err = kb_measure_rep(m, true, why, len);
		rn->done_s += p->seconds;
		rn->progress = true;
	}
	return err;
}

/*
 * Round ROUND: every benchmark once, starting one further along each
 * round, so that drift and order effects spread over all of them alike.
 */
static int run_round(struct kb_runner *rn, struct kb_measure *m, long round,
		     char *why, size_t len)
{
	int err = 0;

	for (size_t i = 0; i < rn->n_sel && !err && !kb_stop_requested; i++) {
		size_t k = ((size_t)(round - 1) + i) % rn->n_sel;

		err = run_unit(rn, &m[k], k, round, why, len);
	}
	return err < 0 ? err : kb_stop_requested ? 1 : 0;
}

/* Sets up every benchmark and warms each up. 0 or -errno with WHY. */
static int open_all(struct kb_runner *rn, struct kb_measure *m, char *why,
		    size_t len)
{
	const struct kb_run_plan *p = &rn->plan;
	struct kb_results *r = rn->res;
	int err = 0;

	for (size_t k = 0; k < rn->n_sel; k++)
		if (!kb_results_add(r)) {
			snprintf(why, len, "out of memory");
			return -ENOMEM;
		}
	for (size_t k = 0; k < rn->n_sel && !err; k++) {
		err = kb_measure_open(&m[k], p, rn->sel[k], &r->benches[k], why, len);
		m[k].warn = rn->hooks.warn;
		m[k].warn_arg = rn->hooks.arg;
	}
	/* Without a warm-up, a run of 0 s still sizes the timing batches,
	 * outside every measured or profiled window. */
	for (size_t k = 0; k < rn->n_sel && !err && !kb_stop_requested; k++) {
		if (p->warmup > 0)
			report(rn, k, 0, p->reps, false);
		err = kb_measure_warmup(&m[k], why, len);
		rn->done_s += p->warmup;
	}
	return err;
}

/* Saves what is measured so far: the results, still partial. */
static void round_done(struct kb_runner *rn)
{
	struct kb_results *r = rn->res;

	for (size_t k = 0; k < r->n_benches; k++)
		kb_summarize(r->benches[k].values, r->benches[k].n_values,
			     &r->benches[k].summary);
	r->partial = true;
	iso_now(r->finished, sizeof(r->finished));
	if (rn->hooks.round_done)
		rn->hooks.round_done(rn->hooks.arg, r);
}

int kb_runner_run(struct kb_runner *rn, char *why, size_t len)
{
	const struct kb_run_plan *p = &rn->plan;
	struct kb_results *r = rn->res;
	struct kb_measure *m = calloc(rn->n_sel + 1, sizeof(*m));
	long round = 1;
	int err;

	if (!m) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	rn->started_ns = kb_now_ns();
	rn->planned_s = (double)rn->n_sel * (p->warmup + (double)(p->reps +
			(p->profiles ? p->profile_reps : 0)) * p->seconds);
	err = open_all(rn, m, why, len);
	/* Rounds until nothing is due: -r, the profiled, the adaptive ones. */
	for (rn->progress = true; !err && !kb_stop_requested && rn->progress;
	     round++) {
		rn->progress = false;
		err = run_round(rn, m, round, why, len);
		if (!err && rn->progress)
			round_done(rn);
	}
	for (size_t k = 0; k < rn->n_sel && k < r->n_benches; k++) {
		if (m[k].set_up || m[k].b)
			kb_measure_finish(&m[k], err != 0 || kb_stop_requested);
		kb_measure_close(&m[k]);
		if (err >= 0 && rn->hooks.bench_done)
			rn->hooks.bench_done(rn->hooks.arg, r, &r->benches[k]);
	}
	free(m);
	r->partial = kb_stop_requested || err != 0;
	iso_now(r->finished, sizeof(r->finished));
	return err < 0 ? err : kb_stop_requested ? 1 : 0;
}

void kb_runner_free(struct kb_runner *rn)
{
	kb_results_free(rn->res);
	rn->res = NULL;
	free(rn->sel);
	rn->sel = NULL;
	rn->n_sel = 0;
}

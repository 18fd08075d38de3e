/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measuring one benchmark: its setup, an optional warm-up, repetitions one
 * at a time, its teardown, and its kb_bench_result put together from what
 * the repetitions measured.
 *
 * One repetition (kb_measure_rep) is the unit a runner schedules between
 * kb_measure_open() and kb_measure_close(). It is either measured or
 * profiled, never both: a measured repetition only times the workload (and
 * counts hardware events), and its value is one a verdict rests on; a
 * profiled one samples and counts syscalls, and its value only tells what
 * profiling cost. Nothing here prints: every failure is -errno with the
 * reason in WHY.
 */
#ifndef KBENCH_MEASURE_H
#define KBENCH_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "workloads/workload.h"
#include "model/results.h"
#include "perfev.h"
#include "run_profile.h"

/* How a run measures: the options of `kbench run` the measuring needs. */
struct kb_run_plan {
	long reps;		/* -r: measured repetitions */
	long profile_reps;	/* --profile-reps: profiled ones, besides */
	long max_reps;		/* --max-reps; 0: no adaptive repetitions */
	double target_cov;	/* --target-cov, percent, with max_reps */
	double seconds;		/* -t: each repetition */
	double warmup;		/* --warmup seconds; 0: none */
	const char *out;	/* -o DIR: profiles go to DIR/profiles/ */
	bool profiles;		/* profiles can be recorded (profile_reps > 0) */
	char profile_why[KB_RUN_PROFILE_WHY];	/* why not, when !profiles */
	bool per_cpu;		/* --per-cpu, as asked (threads is what counts) */
	struct kb_wl_params params;
};

/* One benchmark between its setup and its teardown. */
struct kb_measure {
	const struct kb_run_plan *plan;
	const struct kb_workload *w;
	struct kb_bench_result *b;	/* values are appended here */
	struct kb_wl_ctx ctx;
	struct kb_perf perf;
	struct kb_hist *lat, *rep_lat;	/* all repetitions, the current one */
	long cap;			/* measured repetitions at most */
	long profiled;			/* profiled repetitions done */
	double ops;			/* of the repetitions perf counted */
	double mod_syscalls, mod_ops;	/* from the profiles' counters */
	bool set_up;
	/* Told of a profile's warnings (lost mapping events, say); may be NULL. */
	void (*warn)(void *arg, const char *bench, const char *msg);
	void *warn_arg;
};

/*
 * Names B after W, makes room for its values and sets W up. 0, or -errno
 * with WHY; kb_measure_close() is due either way.
 */
int kb_measure_open(struct kb_measure *m, const struct kb_run_plan *plan,
		    const struct kb_workload *w, struct kb_bench_result *b,
		    char *why, size_t len);

/* Runs the warm-up (nothing kept). 0 or -errno with WHY. */
int kb_measure_warmup(struct kb_measure *m, char *why, size_t len);

/*
 * Whether repetition REP (from 1) is due: one of -r, or with adaptive
 * repetitions one more while the CoV so far is above the target.
 */
bool kb_measure_due(struct kb_measure *m, long rep);

/*
 * One repetition. Measured: events counted, its value and latencies kept.
 * PROFILED: recorded into DIR/profiles/SUITE-BENCH/rep-N (N counting the
 * profiled ones), its value kept apart, its syscalls counted. 0; 1 when a
 * stop request cut it short (its value is dropped); or -errno with WHY.
 */
int kb_measure_rep(struct kb_measure *m, bool profiled, char *why, size_t len);

/* Fills the rest of B from the repetitions kept; PARTIAL: cut short. */
void kb_measure_finish(struct kb_measure *m, bool partial);

/* Tears the benchmark down (when set up) and frees what open took. */
void kb_measure_close(struct kb_measure *m);

#endif

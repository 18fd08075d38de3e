/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kbench run` below its command: the benchmarks a suite and its -b names
 * select, the results' header (host, noise, parameters), and the run: every
 * benchmark set up and warmed up, then rounds in which each benchmark runs
 * one repetition (measure.h), starting one benchmark further along each
 * round, so that drift spreads over all benchmarks alike instead of landing
 * on one block; the profiled repetitions are spread over the same rounds;
 * then every benchmark torn down, into a typed kb_results.
 *
 * The runner never prints. It reports progress and every finished
 * benchmark through hooks the command supplies, and a failure as -errno
 * with the reason in words for a user.
 */
#ifndef KBENCH_RUNNER_H
#define KBENCH_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workloads/workload.h"
#include "model/results.h"
#include "io_target.h"
#include "measure.h"

#define KB_RUN_WHY 1024

/* Where a run is: before the warm-up and before every repetition. */
struct kb_run_progress {
	size_t index, count;	/* benchmark INDEX (from 0) of COUNT */
	const char *name;	/* "suite/bench" */
	long rep, reps;		/* repetition REP of REPS; REP 0: the warm-up */
	bool profiled;		/* of the profiled repetitions */
	double eta_s;		/* seconds left, estimated */
};

struct kb_run_hooks {
	void (*progress)(void *arg, const struct kb_run_progress *p);
	/*
	 * A round has ended: every benchmark ran once more. R says partial
	 * until the run ends: the moment to save it.
	 */
	void (*round_done)(void *arg, const struct kb_results *r);
	/*
	 * The run has ended (whole, or cut short by a stop request) and B is
	 * complete; called for every benchmark in order.
	 */
	void (*bench_done)(void *arg, const struct kb_results *r,
			   const struct kb_bench_result *b);
	/* A warning about benchmark BENCH's profile, to pass on. */
	void (*warn)(void *arg, const char *bench, const char *msg);
	void *arg;
};

struct kb_runner {
	struct kb_run_plan plan;	/* the caller fills these two */
	struct kb_run_hooks hooks;	/* (any hook may be NULL) */
	const struct kb_workload **sel;	/* the benchmarks, in run order */
	size_t n_sel;
	struct kb_results *res;		/* from kb_runner_begin() */
	uint64_t started_ns;
	double planned_s, done_s;	/* seconds of work, for the ETA */
	bool progress;			/* the current round ran something */
};

/*
 * Selects the benchmarks of SUITE, or only those NAMES (N of them, each
 * "bench" or "suite/bench") in the order given, each once. 0, or -errno
 * with WHY ("unknown benchmark 'x' in suite 'io' (known: ...)").
 */
int kb_runner_select(struct kb_runner *rn, const char *suite,
		     const char *const *names, size_t n, char *why, size_t len);

/* How many io benchmarks are selected. */
size_t kb_runner_count_io(const struct kb_runner *rn);

/*
 * Makes the plan's -o directory and starts the results of SUITE: start
 * time, host, noise, parameters (the command line ARGV, IO or NULL), and
 * whether profiles are recorded. 0, or -errno with WHY.
 */
int kb_runner_begin(struct kb_runner *rn, const char *suite,
		    const struct kb_io_target *io, int argc, char **argv,
		    char *why, size_t len);

/*
 * Runs every selected benchmark until done or a stop is requested
 * (kb_stop_requested). Returns 0, 1 when stopped (what was measured is
 * kept, marked partial), or -errno with WHY when a benchmark failed (the
 * run ends there; the results, marked partial, hold it). Either way the
 * results are complete for writing: partial and finished are set.
 */
int kb_runner_run(struct kb_runner *rn, char *why, size_t len);

void kb_runner_free(struct kb_runner *rn);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.json of `kbench run`: the in-memory form, its writer and its
 * reader. The format is documented in docs/results.md; the schema string is
 * "kbench-run/MAJOR.MINOR" or "kbench-run/MAJOR". Readers accept any minor
 * version of the major version they know (minor versions only add fields)
 * and refuse every other major version.
 */
#ifndef KBENCH_RESULTS_H
#define KBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "environment.h"
#include "util/summary.h"

#define KB_RESULTS_NAME "kbench-run"
#define KB_RESULTS_MAJOR 1
#define KB_RESULTS_MINOR 1	/* 1.1: environment, boots, profiled values */
#define KB_RESULTS_SCHEMA "kbench-run/1"
#define KB_RESULTS_WHY 512

/*
 * Per-operation latency. With batch timing (environment.timing
 * "batches/1") each value is the mean of one batch of the benchmark's
 * batch_ops operations: the percentiles are those of batch means, which
 * hide the spread inside a batch.
 */
struct kb_latency {
	bool valid;		/* false: the benchmark does not time ops */
	uint64_t count;		/* operations timed */
	double p50, p90, p99, p999, max;	/* nanoseconds */
};

/* Extra repetitions while the values were too noisy (--max-reps). */
struct kb_adaptive {
	bool enabled;
	double target_cov_pct, final_cov_pct;
	long max_reps, initial_reps, reps;
	bool target_met;
};

/* One hardware or software event counted over the measured repetitions. */
#define KB_EVENTS_MAX 16
struct kb_event_count {
	char name[32];		/* "cycles", "page_faults", ... */
	bool supported;
	char reason[96];	/* why not, when unsupported */
	uint64_t total;
	double per_op;
	bool user_only;		/* kernel counting was not permitted */
};

/* Whether profiles were recorded, where (relative to results.json's
 * directory), and why not. */
struct kb_profiles {
	bool enabled;
	char reason[256];	/* when not enabled */
	char **dirs;
	size_t n_dirs;
};

struct kb_bench_result {
	char name[64];		/* "suite/bench" */
	char desc[160];
	char metric[32];
	char unit[16];
	bool higher_is_better;
	bool partial;		/* interrupted: fewer values than planned */
	size_t n_values;
	double *values;		/* one per repetition, in order */
	/*
	 * Which boot (index into kb_results.boots) each value comes from;
	 * NULL: all from boot 0. Results merged from several boots have it.
	 */
	size_t *value_boots;
	struct kb_summary summary;
	/* Operations per clock read (batch timing); 0: not said. */
	uint64_t batch_ops;
	/*
	 * The values of the profiled repetitions, which verdicts do not use,
	 * and what profiling cost: (median profiled - median unprofiled) /
	 * median unprofiled, in percent of the metric (NAN: not measured).
	 */
	size_t n_profiled;
	double *profiled_values;
	double profile_overhead_pct;
	struct kb_latency latency;
	struct kb_adaptive adaptive;
	size_t n_events;
	struct kb_event_count events[KB_EVENTS_MAX];
	/* Per operation over the measured repetitions; NAN: not measured. */
	double syscalls_per_op, page_faults_per_op;
	struct kb_profiles profile;
	char **notes;
	size_t n_notes;
};

struct kb_results {
	unsigned int major, minor;	/* schema version read or written */
	char kbench_version[32];
	char suite[16];
	bool partial;
	char started[32], finished[32];	/* ISO 8601, UTC */
	json_t *host;		/* {hostname, kernel: {...}, cpu_model, cpu_count} */
	json_t *noise;
	json_t *parameters;
	struct kb_profiles profile;	/* enabled, reason; no dirs */
	struct kb_env env;		/* the first boot's */
	/* The boots the values come from (boot_id each); at least one. */
	size_t n_boots;
	char (*boots)[40];
	size_t n_benches;
	struct kb_bench_result *benches;
};

/*
 * Where a result named by a user is: ARG is a directory holding
 * results.json (a `kbench run` or `kbench record` output), or such a file
 * itself. DIR gets the directory (where profiles/ and procs/ are found),
 * FILE the results.json path. 0, or -errno (ENOENT: ARG does not exist).
 */
int kb_results_locate(const char *arg, char *dir, size_t dir_len, char *file,
		      size_t file_len);

/* A results object with no benchmarks and the current schema. */
struct kb_results *kb_results_new(void);
/* Appends an empty benchmark and returns it (NULL when out of memory). */
struct kb_bench_result *kb_results_add(struct kb_results *r);

/* Adds boot ID to R's boots and returns its index; -ENOMEM. */
long kb_results_add_boot(struct kb_results *r, const char *id);

/* The boot of value I of B. */
static inline size_t kb_bench_value_boot(const struct kb_bench_result *b,
					 size_t i)
{
	return b->value_boots ? b->value_boots[i] : 0;
}

/* Appends a copy of TEXT to B's notes, or a profile directory to P. */
int kb_bench_add_note(struct kb_bench_result *b, const char *text);
int kb_profiles_add_dir(struct kb_profiles *p, const char *dir);

/* The benchmark called NAME, or NULL. */
const struct kb_bench_result *kb_results_find(const struct kb_results *r,
					      const char *name);

/* {enabled, dirs} (with DIRS) or {enabled} when enabled, else {enabled, reason}. */
json_t *kb_profiles_json(const struct kb_profiles *p, bool dirs);

/* The event called NAME of B, or NULL. */
const struct kb_event_count *kb_bench_event(const struct kb_bench_result *b,
					    const char *name);
void kb_results_free(struct kb_results *r);

json_t *kb_results_to_json(const struct kb_results *r);
/* Writes PATH atomically (PATH.tmp, then rename). 0 or -errno with WHY. */
int kb_results_write(const struct kb_results *r, const char *path,
		     char why[KB_RESULTS_WHY]);

/*
 * Reads and validates PATH. Returns 0 with *OUT set, or a negative errno
 * with WHY naming the file and the problem (-EINVAL: malformed,
 * -EPROTONOSUPPORT: another major version).
 */
int kb_results_load(const char *path, struct kb_results **out,
		    char why[KB_RESULTS_WHY]);
/* The same from a parsed document; WHY does not name a file. */
int kb_results_from_json(json_t *root, struct kb_results **out,
			 char why[KB_RESULTS_WHY]);

#endif

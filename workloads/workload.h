/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmarks of `kbench run`: a table of named workloads, each with its
 * primary metric, and a run function that works for a given duration and
 * reports how many operations (and bytes) it did, in how much time, with
 * one latency per operation in a histogram where operations are timed.
 */
#ifndef KBENCH_WORKLOAD_H
#define KBENCH_WORKLOAD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/hist.h"
#include "util/util.h"

/* How a repetition's primary value is computed from its sample. */
enum kb_wl_value {
	KB_WL_OPS_PER_SEC,	/* ops / s (also IOPS) */
	KB_WL_MB_PER_SEC,	/* bytes / s / 1e6 */
	KB_WL_NS_PER_OP,	/* elapsed ns / ops */
};

struct kb_wl_params {
	const char *io_dir;	/* where io/ benchmarks put their file */
	uint64_t io_size;	/* bytes of that file */
	unsigned int threads;	/* cpu/ benchmarks: worker threads */
};

#define KB_WL_MAX_NOTES 6
#define KB_WL_NOTE_LEN 192
#define KB_WL_WHY_LEN 256

/* One benchmark's state between setup and teardown. */
struct kb_wl_ctx {
	const struct kb_wl_params *p;
	void *state;
	unsigned int n_notes;
	char notes[KB_WL_MAX_NOTES][KB_WL_NOTE_LEN];
	char why[KB_WL_WHY_LEN];	/* set when a hook fails */
};

/* What one run (one repetition, or the warm-up) measured. */
struct kb_wl_sample {
	double ops;
	double bytes;
	double elapsed_ns;
	struct kb_hist *lat;	/* per-op latency in ns, or NULL */
};

struct kb_workload {
	const char *name;	/* "suite/bench" */
	const char *desc;
	const char *metric;	/* "throughput", "iops", "rate", "latency" */
	const char *unit;	/* "MB/s", "IOPS", "ops/s", "ns/op" */
	bool higher_is_better;
	enum kb_wl_value value;
	bool has_latency;	/* fills kb_wl_sample.lat */
	/* Each returns 0 or a negative errno with ctx->why set. */
	int (*setup)(struct kb_wl_ctx *ctx);
	int (*run)(struct kb_wl_ctx *ctx, double seconds,
		   struct kb_wl_sample *s);
	void (*teardown)(struct kb_wl_ctx *ctx);
};

/* Every workload, in table order: io, cpu, syscall. */
size_t kb_workload_count(void);
const struct kb_workload *kb_workload_at(size_t i);
const struct kb_workload *kb_workload_find(const char *name);
/* True when W belongs to SUITE ("all" matches every workload). */
bool kb_workload_in_suite(const struct kb_workload *w, const char *suite);
/* True when SUITE names a suite ("io", "cpu", "syscall", "all"). */
bool kb_suite_known(const char *suite);

/* The primary value of a sample (0 when it did nothing). */
double kb_wl_value_of(const struct kb_workload *w, const struct kb_wl_sample *s);

/* Adds a note once (identical notes are kept once). */
void kb_wl_note(struct kb_wl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kb_wl_fail(struct kb_wl_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Temporary files the benchmarks create. kb_tmp_unlink_all() is async
 * signal safe: a second Ctrl-C removes them before the process exits.
 */
int kb_tmp_add(const char *path);
void kb_tmp_remove(const char *path);	/* unlinks and forgets PATH */
void kb_tmp_unlink_all(void);

/* The suites' tables, for workloads.c. */
extern const struct kb_workload kb_io_workloads[];
extern const size_t kb_io_workloads_n;
extern const struct kb_workload kb_cpu_workloads[];
extern const size_t kb_cpu_workloads_n;
extern const struct kb_workload kb_syscall_workloads[];
extern const size_t kb_syscall_workloads_n;

#endif

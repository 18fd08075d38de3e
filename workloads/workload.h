/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmarks of `kbench run`: a table of named workloads, each with its
 * primary metric, and a run function that works for a given duration and
 * reports how many operations (and bytes) it did, in how much time, and
 * where operations are timed, their latencies in a histogram.
 *
 * Every run function times its operations through one loop, kb_wl_timed():
 * one clock read per batch of ctx->batch operations, never one per
 * operation, so that the clock costs at most 1 % of the measured time
 * whatever the clocksource (a clock read on the HPET of a TCG guest costs
 * as much as a null system call). The batch is sized once per benchmark,
 * on its first run, and kept for every later run so that repetitions
 * compare. Latencies are then batch means: each batch records its mean
 * time per operation, with the batch size as its weight. Slow operations
 * (most io/ ones) come out with batches of one: their latencies stay those
 * of single operations.
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
	/*
	 * Operations per clock read: 0 until the benchmark's first run sizes
	 * it (kb_wl_calibrate), then the same for every run.
	 */
	uint64_t batch;
	/*
	 * The clock the loop reads and what one read costs, for tests:
	 * NULL means kb_now_ns, 0 means measured (kb_clock_read_ns()).
	 */
	uint64_t (*clock)(void);
	double clock_ns;
	unsigned int n_notes;
	char notes[KB_WL_MAX_NOTES][KB_WL_NOTE_LEN];
	char why[KB_WL_WHY_LEN];	/* set when a hook fails */
};

/* What one run (one repetition, or the warm-up) measured. */
struct kb_wl_sample {
	double ops;
	double bytes;
	double elapsed_ns;
	uint64_t batch;		/* operations per clock read it used */
	/*
	 * Per-op latency in ns, or NULL: percentiles of batch means, one
	 * value per batch (its elapsed time / its operations) recorded with
	 * the batch's operations as its weight, so count == ops.
	 */
	struct kb_hist *lat;
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

/*
 * Does N operations of a benchmark whose state is ARG and adds the bytes
 * they moved to S->bytes (the loop counts the operations). Returns how
 * many it did: N, or fewer only when a stop request cut them short (an
 * EINTR with kb_stop_requested set); or a negative errno, with ctx->why
 * set by kb_wl_fail() (worker threads return it and leave ctx alone).
 */
typedef int64_t (*kb_wl_ops_fn)(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
				 struct kb_wl_sample *s);

/*
 * The timed loop: FN in batches of ctx->batch operations with one clock
 * read per batch, until SECONDS have passed (checked per batch) or a stop
 * is requested. Fills S: ops, elapsed_ns (first read to last), batch, and
 * one batch mean per batch in S->lat (when not NULL); FN adds bytes. When
 * ctx->batch is 0 it first sizes it (kb_wl_calibrate, untimed); a run of
 * 0 seconds then only sizes it. 0, or FN's negative errno.
 */
int kb_wl_timed(struct kb_wl_ctx *ctx, double seconds, kb_wl_ops_fn fn,
		void *arg, struct kb_wl_sample *s);

/*
 * Sizes ctx->batch: runs FN in doubling batches until one lasts
 * KB_WL_PROBE_NS (and 1000 clock reads), untimed and uncounted, runs that
 * batch KB_WL_PROBE_TRIES times in all and takes the fastest run's time per
 * operation (kb_wl_batch_size). Workloads with
 * worker threads call it before starting them. 0 (ctx->batch stays 0 when
 * a stop cut the probe short), or FN's negative errno.
 */
#define KB_WL_PROBE_NS 2000000ULL
#define KB_WL_PROBE_TRIES 5
int kb_wl_calibrate(struct kb_wl_ctx *ctx, kb_wl_ops_fn fn, void *arg);

/*
 * Operations per clock read for operations of OP_NS and clock reads of
 * CLOCK_NS: enough that a batch lasts KB_WL_CLOCK_SHARE clock reads (the
 * reads cost at most 1 / KB_WL_CLOCK_SHARE of the time: 0.5 %, half the
 * 1 % allowed, as the probe's estimate may be off), at least 1, and at
 * most KB_WL_BATCH_MAX or KB_WL_BATCH_MAX_NS of work (so a repetition
 * overruns its duration, and a stop waits, by at most that).
 */
#define KB_WL_CLOCK_SHARE 200
#define KB_WL_BATCH_MAX (1ULL << 24)
#define KB_WL_BATCH_MAX_NS 10e6
uint64_t kb_wl_batch_size(double clock_ns, double op_ns);

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

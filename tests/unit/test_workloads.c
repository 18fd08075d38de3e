// SPDX-License-Identifier: GPL-2.0
/*
 * The timed loop every workload runs (workloads/workload.h) against a fake
 * clock that charges a known cost per read and per operation: the batch it
 * sizes for a clock cost, one clock read per batch, latencies as batch
 * means weighted by the batch, stop requests and failures; then real
 * workloads (syscall/null, cpu/hash with two threads) and the measured
 * cost of a clock read (util/clock.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "workloads/workload.h"
#include "util/clock.h"

/* The fake clock: every read costs CLOCK_COST, every operation its cost. */
static uint64_t fake_ns, fake_reads;
static uint64_t clock_cost;

static uint64_t fake_clock(void)
{
	fake_ns += clock_cost;
	fake_reads++;
	return fake_ns;
}

/* What the fake operations do: cost per op, a stop or a failure after some. */
struct fake_ops {
	uint64_t op_ns;		/* each operation's cost ... */
	uint64_t slow_ns;	/* ... or this in every other group of 4 */
	uint64_t done;		/* operations so far */
	uint64_t stop_after;	/* then a stop request cuts the batch short */
	uint64_t fail_after;	/* then -EIO */
	unsigned int calls;
	unsigned int preempted;	/* this call (from 1) is preempted ... */
	uint64_t preempt_ns;	/* ... for so long */
};

static int64_t fake_op(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
		       struct kb_wl_sample *s)
{
	struct fake_ops *f = arg;

	(void)ctx;
	if (++f->calls == f->preempted)
		fake_ns += f->preempt_ns;
	for (uint64_t i = 0; i < n; i++) {
		if (f->fail_after && f->done == f->fail_after)
			return -EIO;
		if (f->stop_after && f->done == f->stop_after) {
			kb_stop_requested = 1;
			return (int64_t)i;
		}
		fake_ns += f->slow_ns && f->done / 4 % 2 ? f->slow_ns : f->op_ns;
		f->done++;
		s->bytes += 10;
	}
	return (int64_t)n;
}

static void fake_ctx(struct kb_wl_ctx *ctx, uint64_t clock_ns)
{
	*ctx = (struct kb_wl_ctx){ .clock = fake_clock, .clock_ns = (double)clock_ns };
	clock_cost = clock_ns;
	fake_ns = 1000000000;
	fake_reads = 0;
}

/* Batches last KB_WL_CLOCK_SHARE clock reads, within 1 and the caps. */
static void batches_last_200_clock_reads(void **state)
{
	(void)state;
	/* a TCG guest on the HPET: getppid 870 ns, a clock read 830 ns */
	assert_int_equal(kb_wl_batch_size(830, 870), 191);
	assert_int_equal(kb_wl_batch_size(25, 1000), 5);
	assert_int_equal(kb_wl_batch_size(25, 5000), 1);
	assert_int_equal(kb_wl_batch_size(25, 10e6), 1);	/* io: one op */
	assert_int_equal(kb_wl_batch_size(0, 100), 1);
	assert_int_equal(kb_wl_batch_size(100, 1), 20000);
	/* at most KB_WL_BATCH_MAX_NS of work, and KB_WL_BATCH_MAX ops */
	assert_int_equal(kb_wl_batch_size(1e6, 1), 10000000);
	assert_int_equal(kb_wl_batch_size(1e6, 0.1), KB_WL_BATCH_MAX);
	assert_int_equal(kb_wl_batch_size(100, 0), KB_WL_BATCH_MAX);
	/* the clock is at most 1 % (0.5 % by design) of a batch's time */
	for (double op = 1; op < 1e7; op *= 3.7) {
		uint64_t b = kb_wl_batch_size(830, op);

		if (b > 1 && b * op < KB_WL_BATCH_MAX_NS)
			assert_true(830 / (830 + (double)b * op) <= 0.005);
	}
}

/*
 * Calibration: doubling probes until one lasts KB_WL_PROBE_NS, that one
 * KB_WL_PROBE_TRIES times, then the batch for the fastest's cost per op;
 * untimed, nothing counted.
 */
static void the_probe_sizes_the_batch(void **state)
{
	struct fake_ops f = { .op_ns = 100 };
	struct kb_wl_ctx ctx;

	(void)state;
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), 0);
	assert_int_equal(ctx.batch, 2000);	/* 200 x 1000 / 100 */
	/* 1, 2, 4, ... 32768: the first batch of 2 ms or more, 5 times */
	assert_int_equal(f.calls, 15 + KB_WL_PROBE_TRIES);
	assert_int_equal(f.done, 32767 + KB_WL_PROBE_TRIES * 32768);
	assert_int_equal(fake_reads, 2 * (15 + KB_WL_PROBE_TRIES));
	/* preempted for 5 ms in one window: the fastest window counts */
	for (unsigned int c = 16; c < 16 + KB_WL_PROBE_TRIES; c++) {
		f = (struct fake_ops){ .op_ns = 100, .preempted = c,
				       .preempt_ns = 5000000 };
		fake_ctx(&ctx, 1000);
		assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), 0);
		assert_int_equal(ctx.batch, 2000);
	}
	/* a slow operation: one per batch */
	f = (struct fake_ops){ .op_ns = 5000000 };
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), 0);
	assert_int_equal(ctx.batch, 1);
	assert_int_equal(f.done, KB_WL_PROBE_TRIES);
	/* a clock that costs more: more operations per read */
	f = (struct fake_ops){ .op_ns = 100 };
	fake_ctx(&ctx, 5000);
	assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), 0);
	assert_int_equal(ctx.batch, 10000);
}

/*
 * A run: one clock read per batch plus the first, until the duration is
 * up; every batch's mean recorded with the batch as its weight.
 */
static void one_clock_read_per_batch(void **state)
{
	struct fake_ops f = { .op_ns = 100 };
	struct kb_hist *lat = kb_hist_new();
	struct kb_wl_sample s = { .lat = lat };
	struct kb_wl_ctx ctx;

	(void)state;
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), 0);
	f.done = 0;
	fake_reads = 0;
	assert_int_equal(kb_wl_timed(&ctx, 0.01, fake_op, &f, &s), 0);
	/* a batch: 2000 ops of 100 ns and one read of 1000 ns = 201 us */
	assert_int_equal(s.batch, 2000);
	assert_int_equal(fake_reads, 1 + 50);	/* 50 x 201 us >= 10 ms */
	assert_true(s.ops == 50 * 2000);
	assert_true(s.elapsed_ns == 50 * 201000.0);
	assert_true(s.bytes == 10 * s.ops);
	assert_true(lat->count == 50 * 2000);
	assert_int_equal(lat->min, 101);	/* 100.5 ns rounded */
	assert_int_equal(lat->max, 101);
	/* the next run keeps the batch, even when operations got slower */
	f.op_ns = 300;
	s = (struct kb_wl_sample){ 0 };
	assert_int_equal(kb_wl_timed(&ctx, 0.01, fake_op, &f, &s), 0);
	assert_int_equal(s.batch, 2000);
	assert_int_equal(ctx.batch, 2000);
	assert_true(s.ops == 17 * 2000);	/* 601 us a batch */
	kb_hist_free(lat);
}

/* Batch means weighted by their batch: percentiles of operations. */
static void latencies_are_weighted_batch_means(void **state)
{
	struct fake_ops f = { .op_ns = 100, .slow_ns = 1000 };
	struct kb_hist *lat = kb_hist_new();
	struct kb_wl_sample s = { .lat = lat };
	struct kb_wl_ctx ctx;

	(void)state;
	fake_ctx(&ctx, 0);
	ctx.batch = 4;		/* fixed: batches alternate fast and slow */
	assert_int_equal(kb_wl_timed(&ctx, 1e-3, fake_op, &f, &s), 0);
	assert_int_equal(f.calls, 456);	/* 228 x (400 + 4000) ns >= 1 ms */
	assert_true(lat->count == (uint64_t)s.ops);
	assert_int_equal(lat->min, 100);
	assert_int_equal(lat->max, 1000);
	assert_true(kb_hist_percentile(lat, 50) == 100);
	assert_true(kb_hist_percentile(lat, 51) >= 1000 * (1 - KB_HIST_MAX_REL_ERR));
	assert_true(fabs(kb_hist_mean(lat) - s.elapsed_ns / s.ops) < 1e-6);
	kb_hist_free(lat);
}

/* A stop request ends the run after the batch it cut short. */
static void a_stop_ends_the_batch(void **state)
{
	struct fake_ops f = { .op_ns = 100, .stop_after = 4321 };
	struct kb_hist *lat = kb_hist_new();
	struct kb_wl_sample s = { .lat = lat };
	struct kb_wl_ctx ctx;

	(void)state;
	fake_ctx(&ctx, 1000);
	ctx.batch = 1000;
	assert_int_equal(kb_wl_timed(&ctx, 10, fake_op, &f, &s), 0);
	kb_stop_requested = 0;
	assert_true(s.ops == 4321);
	assert_int_equal(f.calls, 5);
	assert_true(lat->count == 4321);
	assert_true(s.elapsed_ns == 4321 * 100.0 + 5 * 1000.0);
	/* stopped already: nothing done */
	s = (struct kb_wl_sample){ 0 };
	f = (struct fake_ops){ .op_ns = 100 };
	kb_stop_requested = 1;
	assert_int_equal(kb_wl_timed(&ctx, 10, fake_op, &f, &s), 0);
	kb_stop_requested = 0;
	assert_true(s.ops == 0 && s.elapsed_ns == 0);
	/* stopped while calibrating: no batch, no run */
	f = (struct fake_ops){ .op_ns = 100, .stop_after = 100 };
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_timed(&ctx, 10, fake_op, &f, &s), 0);
	kb_stop_requested = 0;
	assert_int_equal(ctx.batch, 0);
	assert_true(s.ops == 0);
	kb_hist_free(lat);
}

/* A failing operation ends the run with its error; 0 s only calibrates. */
static void failures_and_zero_second_runs(void **state)
{
	struct fake_ops f = { .op_ns = 100, .fail_after = 250000 };
	struct kb_wl_sample s = { 0 };
	struct kb_wl_ctx ctx;

	(void)state;
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_timed(&ctx, 0, fake_op, &f, &s), 0);
	assert_int_equal(ctx.batch, 2000);
	assert_int_equal(s.batch, 2000);
	assert_true(s.ops == 0 && s.elapsed_ns == 0 && s.bytes == 0);
	assert_int_equal(kb_wl_timed(&ctx, 10, fake_op, &f, &s), -EIO);
	f = (struct fake_ops){ .op_ns = 100, .fail_after = 10 };
	fake_ctx(&ctx, 1000);
	assert_int_equal(kb_wl_calibrate(&ctx, fake_op, &f), -EIO);
	assert_int_equal(ctx.batch, 0);
}

/* Runs workload NAME for SECONDS with CTX (set up and torn down here). */
static void run_workload(const char *name, struct kb_wl_ctx *ctx,
			 double seconds, struct kb_wl_sample *s)
{
	const struct kb_workload *w = kb_workload_find(name);

	assert_non_null(w);
	if (w->setup(ctx))
		fail_msg("%s: setup: %s", name, ctx->why);
	if (w->run(ctx, seconds, s))
		fail_msg("%s: run: %s", name, ctx->why);
	w->teardown(ctx);
}

/*
 * syscall/null on the real clock: the batch makes clock reads a small
 * share of the time (the bound is 2 %), and latencies count ops.
 */
static void null_spends_little_on_the_clock(void **state)
{
	struct kb_wl_params p = { "/tmp", 1 << 20, 1 };
	struct kb_wl_ctx ctx = { .p = &p };
	struct kb_hist *lat = kb_hist_new();
	struct kb_wl_sample s = { .lat = lat };
	double reads, share;

	(void)state;
	run_workload("syscall/null", &ctx, 0.2, &s);
	assert_true(ctx.batch >= 1 && s.batch == ctx.batch);
	assert_true(s.ops > 0 && lat->count == (uint64_t)s.ops);
	reads = s.ops / (double)s.batch + 1;
	share = reads * kb_clock_read_ns() / s.elapsed_ns;
	print_message("syscall/null: %.0f ns/op, batch %llu, clock %.1f ns, "
		      "clock share %.2f %%\n", s.elapsed_ns / s.ops,
		      (unsigned long long)s.batch, kb_clock_read_ns(), share * 100);
	assert_true(share < 0.02);
	kb_hist_free(lat);
}

/* cpu/hash with two threads: one batch size, sized before they start. */
static void threads_share_one_batch(void **state)
{
	struct kb_wl_params p = { "/tmp", 1 << 20, 2 };
	struct kb_wl_ctx ctx = { .p = &p };
	struct kb_wl_sample s = { 0 }, s2 = { 0 };
	const struct kb_workload *w = kb_workload_find("cpu/hash");

	(void)state;
	if (w->setup(&ctx))
		fail_msg("setup: %s", ctx.why);
	assert_int_equal(w->run(&ctx, 0.05, &s), 0);
	assert_true(ctx.batch > 1);	/* a hash is far cheaper than a read */
	assert_int_equal(s.batch, ctx.batch);
	assert_true(s.ops >= 2.0 * (double)s.batch);
	assert_int_equal(w->run(&ctx, 0.05, &s2), 0);
	assert_int_equal(s2.batch, s.batch);
	w->teardown(&ctx);
}

/* One clock read: measured, positive, plausible, and remembered. */
static void a_clock_read_is_measured(void **state)
{
	double c = kb_clock_cost_ns(5, 1000), once = kb_clock_read_ns();

	(void)state;
	assert_true(c > 0 && c < 100000);
	assert_true(once > 0 && once < 100000);
	assert_true(kb_clock_read_ns() == once);
	assert_true(kb_clock_cost_ns(0, 1000) == 0);
	assert_true(kb_clock_cost_ns(3, 0) == 0);
	assert_true(kb_clock_cost_ns(1000, 10) > 0);	/* loops capped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batches_last_200_clock_reads),
		cmocka_unit_test(the_probe_sizes_the_batch),
		cmocka_unit_test(one_clock_read_per_batch),
		cmocka_unit_test(latencies_are_weighted_batch_means),
		cmocka_unit_test(a_stop_ends_the_batch),
		cmocka_unit_test(failures_and_zero_second_runs),
		cmocka_unit_test(null_spends_little_on_the_clock),
		cmocka_unit_test(threads_share_one_batch),
		cmocka_unit_test(a_clock_read_is_measured),
	};

	return cmocka_run_group_tests_name("workloads", tests, NULL, NULL);
}

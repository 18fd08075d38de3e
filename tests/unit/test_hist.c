// SPDX-License-Identifier: GPL-2.0
/* The log-linear histogram: bucket layout, error bound, percentiles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/hist.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double rel_err(double got, double want)
{
	double d = got > want ? got - want : want - got;

	return want ? d / want : d;
}

/* Every value lies in its bucket, and buckets tile the range. */
static void test_layout(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < 100000; v++) {
		unsigned int i = kb_hist_index(v);

		assert_true(kb_hist_bucket_low(i) <= v && v <= kb_hist_bucket_high(i));
	}
	for (int k = 0; k < 200000; k++) {
		uint64_t v = next() >> (next() % 64);
		unsigned int i = kb_hist_index(v);

		assert_true(i < KB_HIST_BUCKETS);
		assert_true(kb_hist_bucket_low(i) <= v && v <= kb_hist_bucket_high(i));
	}
	for (unsigned int i = 0; i + 1 < KB_HIST_BUCKETS; i++)
		assert_true(kb_hist_bucket_high(i) + 1 == kb_hist_bucket_low(i + 1));
	assert_int_equal(kb_hist_index(UINT64_MAX), KB_HIST_BUCKETS - 1);
	assert_true(kb_hist_bucket_high(KB_HIST_BUCKETS - 1) == UINT64_MAX);
}

/* One value at a time over 1 ns .. 2^62 ns: reported within the bound. */
static void test_error_bound(void **state)
{
	struct kb_hist *h = kb_hist_new();
	double worst = 0;

	(void)state;
	assert_non_null(h);
	assert_true(KB_HIST_MAX_REL_ERR <= 0.01);
	for (int k = 0; k < 100000; k++) {
		uint64_t v = 1 + (next() >> (2 + next() % 62));
		/* Only the one value: its percentile is its bucket's midpoint
		 * clamped to [min, max], i.e. exact; so record a neighbour in
		 * the same bucket to see the midpoint itself. */
		unsigned int i = kb_hist_index(v);
		double got;

		kb_hist_reset(h);
		kb_hist_record(h, kb_hist_bucket_low(i));
		kb_hist_record(h, kb_hist_bucket_high(i));
		kb_hist_record(h, v);
		got = kb_hist_percentile(h, 50);
		if (rel_err(got, (double)v) > worst)
			worst = rel_err(got, (double)v);
		assert_true(rel_err(got, (double)v) <= KB_HIST_MAX_REL_ERR);
	}
	assert_true(worst > 0);	/* the test did see bucketing */
	kb_hist_free(h);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Percentiles of a wide, skewed sample against the exact sorted values. */
static void test_percentiles(void **state)
{
	const double ps[] = { 1, 10, 50, 90, 99, 99.9, 99.99, 100 };
	enum { N = 200000 };
	uint64_t *v = malloc(N * sizeof(*v));
	struct kb_hist *h = kb_hist_new(), *a = kb_hist_new(), *b = kb_hist_new();
	double sum = 0;

	(void)state;
	assert_non_null(v);
	assert_non_null(h);
	assert_non_null(a);
	assert_non_null(b);
	for (int i = 0; i < N; i++) {
		/* mostly 100 ns .. 10 us, a tail up to ~1 s */
		v[i] = 100 + next() % 10000;
		if (next() % 100 == 0)
			v[i] <<= next() % 17;
		kb_hist_record(h, v[i]);
		kb_hist_record(i % 2 ? a : b, v[i]);
		sum += (double)v[i];
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	for (size_t k = 0; k < sizeof(ps) / sizeof(ps[0]); k++) {
		double exact = ps[k] / 100.0 * (double)N;	/* nearest rank */
		size_t rank = (size_t)exact + ((double)(size_t)exact < exact);
		double want = (double)v[rank ? rank - 1 : 0];

		assert_true(rel_err(kb_hist_percentile(h, ps[k]), want) <=
			    KB_HIST_MAX_REL_ERR);
	}
	assert_true(kb_hist_percentile(h, 100) == (double)v[N - 1]);
	assert_true(h->min == v[0] && h->max == v[N - 1]);
	assert_true(rel_err(kb_hist_mean(h), sum / N) < 1e-9);

	/* Merging halves gives the same histogram. */
	kb_hist_merge(a, b);
	assert_true(a->count == h->count && a->min == h->min && a->max == h->max);
	assert_memory_equal(a->buckets, h->buckets, sizeof(h->buckets));
	free(v);
	kb_hist_free(h);
	kb_hist_free(a);
	kb_hist_free(b);
}

static void test_empty_and_small(void **state)
{
	struct kb_hist *h = kb_hist_new();

	(void)state;
	assert_true(kb_hist_percentile(h, 50) == 0);
	assert_true(kb_hist_mean(h) == 0);
	for (uint64_t i = 1; i <= 100; i++)	/* exact below 128 */
		kb_hist_record(h, i);
	assert_true(kb_hist_percentile(h, 50) == 50);
	assert_true(kb_hist_percentile(h, 99) == 99);
	assert_true(kb_hist_percentile(h, 0.001) == 1);
	kb_hist_record_n(h, 1000000, 900);
	assert_int_equal(h->count, 1000);
	assert_true(rel_err(kb_hist_percentile(h, 50), 1e6) <= KB_HIST_MAX_REL_ERR);
	kb_hist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_error_bound),
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_empty_and_small),
	};

	return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * statistics.c against published reference values (R 4.x: wilcox.test,
 * t.test, p.adjust, qt, qnorm) and against brute-force enumeration.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/statistics.h"

#define assert_near(x, want, tol) do {					\
	double x_ = (x), w_ = (want);					\
	if (!(fabs(x_ - w_) <= (tol)))					\
		fail_msg("%s = %.10g, expected %.10g +- %g", #x, x_, w_,	\
			 (double)(tol));				\
} while (0)

/*
 * R's ?wilcox.test example (Hollander & Wolfe 1973, p. 69, permeability
 * constants): wilcox.test(x, y, alternative = "g") gives W = 35,
 * p-value = 0.1272; two-sided, R doubles the smaller tail: 0.2544.
 */
static void mwu_exact_r_example(void **state)
{
	static const double x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91,
				    1.64, 0.73, 1.46 };
	static const double y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
	struct kb_mwu r;

	(void)state;
	assert_int_equal(kb_mann_whitney(x, 10, y, 5, &r), 0);
	assert_true(r.exact);
	assert_near(r.u, 35, 0);
	assert_near(r.p, 2 * 0.1272061272, 1e-9);	/* = 2 * 389 / 3003 */
	/* Swapping the samples: U' = n1 n2 - U, same p. */
	assert_int_equal(kb_mann_whitney(y, 5, x, 10, &r), 0);
	assert_near(r.u, 15, 0);
	assert_near(r.p, 0.2544122544, 1e-9);
}

/*
 * Complete separation: the smallest two-sided exact p is 2 / C(n1+n2, n1).
 * wilcox.test(1:5, 6:10) gives W = 0, p-value = 0.007937 (2/252);
 * wilcox.test(1:3, 4:6) p-value = 0.1 (2/20); 1:4 vs 5:8: 0.02857 (2/70).
 */
static void mwu_exact_separation(void **state)
{
	static const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	struct kb_mwu r;

	(void)state;
	assert_int_equal(kb_mann_whitney(a, 5, b, 5, &r), 0);
	assert_near(r.u, 0, 0);
	assert_near(r.p, 2.0 / 252, 1e-12);
	assert_int_equal(kb_mann_whitney(b, 5, a, 5, &r), 0);
	assert_near(r.u, 25, 0);
	assert_near(r.p, 2.0 / 252, 1e-12);
	assert_int_equal(kb_mann_whitney(a, 3, b, 3, &r), 0);
	assert_near(r.p, 0.1, 1e-12);
	assert_int_equal(kb_mann_whitney(a, 4, b + 1, 4, &r), 0);
	assert_near(r.p, 2.0 / 70, 1e-12);
	/* Identical samples: p = 1. */
	assert_int_equal(kb_mann_whitney(a, 5, a, 5, &r), 0);
	assert_near(r.u, 12.5, 0);
	assert_near(r.p, 1, 1e-12);
	assert_int_equal(kb_mann_whitney(a, 0, b, 5, &r), -EINVAL);
}

/* Exact p with ties: the DP must equal enumeration of every assignment. */
static void mwu_exact_ties_brute_force(void **state)
{
	static const double a[] = { 1, 2, 2, 3, 5, 5 }, b[] = { 2, 3, 3, 5, 6, 7 };
	double all[12], w, cnt_le = 0, cnt_ge = 0, tot = 0, rank[12];
	struct kb_mwu r;

	(void)state;
	memcpy(all, a, sizeof(a));
	memcpy(all + 6, b, sizeof(b));
	/* Midranks, the slow way. */
	for (int i = 0; i < 12; i++) {
		double lt = 0, eq = 0;

		for (int k = 0; k < 12; k++) {
			lt += all[k] < all[i];
			eq += all[k] == all[i];
		}
		rank[i] = lt + (eq + 1) / 2;
	}
	w = 0;
	for (int i = 0; i < 6; i++)
		w += rank[i];
	for (unsigned int m = 0; m < 1u << 12; m++) {
		double s = 0;

		if (__builtin_popcount(m) != 6)
			continue;
		for (int i = 0; i < 12; i++)
			if (m & 1u << i)
				s += rank[i];
		tot++;
		cnt_le += s <= w + 1e-9;
		cnt_ge += s >= w - 1e-9;
	}
	assert_int_equal(kb_mann_whitney(a, 6, b, 6, &r), 0);
	assert_true(r.exact);
	assert_near(r.u, w - 21, 1e-12);
	assert_near(r.p, fmin(1, 2 * fmin(cnt_le, cnt_ge) / tot), 1e-12);
}

/*
 * Beyond KB_MWU_EXACT_MAX: normal approximation with tie correction and
 * continuity correction, as wilcox.test(0:39, 10:49, exact = FALSE,
 * correct = TRUE) computes it: U = 450 (of 1600; 30 tied pairs), sigma^2 =
 * 40*40/12 * (81 - 30*6/(80*79)), z = (450 - 800 + 0.5) / sigma = -3.36366,
 * p = 2 pnorm(z) = 7.6917e-04 (cross-checked with a Python transcription
 * of R's formula).
 */
static void mwu_normal_approximation(void **state)
{
	double a[40], b[40], sigma, z;
	struct kb_mwu r;

	(void)state;
	for (int i = 0; i < 40; i++) {
		a[i] = i;
		b[i] = i + 10;
	}
	assert_int_equal(kb_mann_whitney(a, 40, b, 40, &r), 0);
	assert_false(r.exact);
	assert_near(r.u, 450, 0);
	sigma = sqrt(40.0 * 40 / 12 * (81 - 30.0 * 6 / (80 * 79)));
	z = (450 - 800 + 0.5) / sigma;
	assert_near(r.p, 2 * 0.5 * erfc(-z / sqrt(2)), 1e-12);
	assert_near(r.p, 7.6917e-04, 1e-8);
}

/*
 * R: t.test(extra ~ group, data = sleep) (Welch): t = -1.8608,
 * df = 17.776, p-value = 0.07939, 95 percent CI -3.3654832 0.2054832.
 */
static void welch_sleep(void **state)
{
	static const double g1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8,
				     0.0, 2.0 };
	static const double g2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6,
				     4.6, 3.4 };
	struct kb_welch w;

	(void)state;
	/* kb_welch(a, b) tests b - a: group 1 minus group 2 here. */
	assert_int_equal(kb_welch(g2, 10, g1, 10, 0.95, &w), 0);
	assert_near(w.t, -1.8608, 5e-5);
	assert_near(w.df, 17.776, 5e-4);
	assert_near(w.p, 0.07939, 5e-6);
	assert_near(w.lo, -3.3654832, 5e-7);
	assert_near(w.hi, 0.2054832, 5e-7);
	assert_near(w.diff, -1.58, 1e-12);
	/* Degenerate: no variance. */
	assert_int_equal(kb_welch(g1, 1, g2, 10, 0.95, &w), -EINVAL);
	{
		static const double c[] = { 2, 2, 2 }, d[] = { 3, 3, 3 };

		assert_int_equal(kb_welch(c, 3, d, 3, 0.95, &w), 0);
		assert_near(w.p, 0, 0);
		assert_near(w.lo, 1, 0);
		assert_int_equal(kb_welch(c, 3, c, 3, 0.95, &w), 0);
		assert_near(w.p, 1, 0);
	}
}

/* R: qt(0.975, 4) = 2.776445, qnorm(0.975) = 1.959964, qnorm(0.8) = 0.8416212. */
static void distributions(void **state)
{
	(void)state;
	assert_near(kb_t_quantile(0.975, 4), 2.776445, 1e-6);
	assert_near(kb_t_quantile(0.025, 4), -2.776445, 1e-6);
	assert_near(kb_t_quantile(0.975, 1e6), 1.959966, 1e-5);
	assert_near(kb_norm_quantile(0.975), 1.959964, 1e-6);
	assert_near(kb_norm_quantile(0.8), 0.8416212, 1e-6);
	assert_near(kb_t_cdf(2.776445, 4), 0.975, 1e-7);
	assert_near(kb_t_cdf(0, 3), 0.5, 1e-12);
	assert_near(kb_betai(2, 3, 0.4), 0.5248, 1e-12);	/* pbeta(0.4, 2, 3) */
	assert_near(kb_betai(0.5, 0.5, 0.5), 0.5, 1e-12);
}

/* p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH") = .025 .05 .05 .025 .5 */
static void bh_reference(void **state)
{
	static const double p[] = { 0.01, 0.04, 0.03, 0.005, 0.5 };
	static const double want[] = { 0.025, 0.05, 0.05, 0.025, 0.5 };
	/* p.adjust(c(0.02, 0.02, 0.9), "BH") = 0.03 0.03 0.9 */
	static const double p2[] = { 0.02, 0.02, 0.9 }, want2[] = { 0.03, 0.03, 0.9 };
	double q[5];

	(void)state;
	assert_int_equal(kb_bh_adjust(p, 5, q), 0);
	for (int i = 0; i < 5; i++)
		assert_near(q[i], want[i], 1e-15);
	assert_int_equal(kb_bh_adjust(p2, 3, q), 0);
	for (int i = 0; i < 3; i++)
		assert_near(q[i], want2[i], 1e-15);
}

static void bootstrap_deterministic(void **state)
{
	static const double a[] = { 100, 101, 99, 100.5, 99.5 };
	static const double b[] = { 110, 111, 109, 110.5, 109.5 };
	double lo, hi, lo2, hi2;
	struct kb_rng g;

	(void)state;
	kb_rng_seed(&g, 42);
	assert_int_equal(kb_bootstrap_change(a, 5, b, 5, 2000, 0.95, &g, &lo, &hi), 0);
	kb_rng_seed(&g, 42);
	assert_int_equal(kb_bootstrap_change(a, 5, b, 5, 2000, 0.95, &g, &lo2, &hi2), 0);
	assert_true(lo == lo2 && hi == hi2);
	/* The true change, +10 %, is inside; 0 is far outside. */
	assert_true(lo <= 10 && hi >= 10 && lo > 7 && hi < 13);
	assert_int_equal(kb_bootstrap_change(a, 0, b, 5, 10, 0.95, &g, &lo, &hi), -EINVAL);
}

/* Uniform draws: every bucket of 10 within 10 % of its expected count. */
static void rng_uniform(void **state)
{
	unsigned int n[10] = { 0 };
	struct kb_rng g;

	(void)state;
	kb_rng_seed(&g, 7);
	for (int i = 0; i < 100000; i++)
		n[kb_rng_below(&g, 10)]++;
	for (int i = 0; i < 10; i++)
		assert_true(n[i] > 9000 && n[i] < 11000);
}

/*
 * n = 2 (1.959964 + 0.841621)^2 (cov / delta)^2 / (3 / pi):
 * cov 2 %, delta 3 %: 6.977 / 0.9549 = 7.31 -> 8; cov 1 %: 0.81 -> the
 * exact test's floor of 4 (2 / C(8, 4) = 0.029 <= 0.05 < 2 / C(6, 3)).
 */
static void reps_needed(void **state)
{
	(void)state;
	assert_int_equal(kb_mwu_min_n(0.05), 4);
	assert_int_equal(kb_mwu_min_n(0.01), 5);	/* 2/252 = 0.0079 */
	assert_int_equal(kb_reps_needed(2, 3, 0.05, 0.8), 8);
	assert_int_equal(kb_reps_needed(1, 3, 0.05, 0.8), 4);
	assert_int_equal(kb_reps_needed(10, 3, 0.05, 0.8), 183);
	assert_int_equal(kb_reps_needed(2, 0, 0.05, 0.8), 0);
}

static void medians(void **state)
{
	static const double v[] = { 5, 1, 3, 2 };

	(void)state;
	assert_near(kb_median(v, 4), 2.5, 0);
	assert_near(kb_median(v, 3), 3, 0);
	assert_true(isnan(kb_median(v, 0)));
	assert_near(kb_variance(v, 4), 35.0 / 12, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mwu_exact_r_example),
		cmocka_unit_test(mwu_exact_separation),
		cmocka_unit_test(mwu_exact_ties_brute_force),
		cmocka_unit_test(mwu_normal_approximation),
		cmocka_unit_test(welch_sleep),
		cmocka_unit_test(distributions),
		cmocka_unit_test(bh_reference),
		cmocka_unit_test(bootstrap_deterministic),
		cmocka_unit_test(rng_uniform),
		cmocka_unit_test(reps_needed),
		cmocka_unit_test(medians),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * statistics.c against published reference values (R 4.x: wilcox.test,
 * t.test, p.adjust, qt, qnorm) and against brute-force enumeration; the
 * boot model of boots.c against its formulas worked by hand, and the
 * prior table and default thresholds.
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

#include "analysis/boots.h"
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

/* The U test's floor: 2 / C(na + nb, na), none beyond the exact range. */
static void mwu_floor(void **state)
{
	(void)state;
	assert_near(kb_mwu_floor(3, 3), 0.1, 1e-15);
	assert_near(kb_mwu_floor(5, 5), 2.0 / 252, 1e-15);
	assert_near(kb_mwu_floor(3, 5), 2.0 / 56, 1e-15);
	assert_near(kb_mwu_floor(1, 1), 1, 0);
	assert_near(kb_mwu_floor(30, 31), 0, 0);
	assert_near(kb_mwu_floor(0, 3), 1, 0);
	/* The floor is reached: perfectly separated samples. */
	{
		static const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
		struct kb_mwu r;

		assert_int_equal(kb_mann_whitney(a, 3, b, 3, &r), 0);
		assert_near(r.p, kb_mwu_floor(3, 3), 1e-12);
	}
}

static void median_resample(void **state)
{
	struct kb_rng g;
	double v[40], c[40];

	(void)state;
	kb_rng_seed(&g, 5);
	for (size_t n = 1; n <= 40; n++) {
		for (size_t i = 0; i < n; i++)
			v[i] = c[i] = (double)kb_rng_below(&g, 7);
		assert_near(kb_median_resample(c, n), kb_median(v, n), 0);
	}
}

/* The sum of squares of the logs of V around their mean; the mean in *M. */
static double log_ss(const double *v, size_t n, double *m)
{
	double s = 0, ss = 0;

	for (size_t i = 0; i < n; i++)
		s += log(v[i]);
	*m = s / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (log(v[i]) - *m) * (log(v[i]) - *m);
	return ss;
}

/*
 * One boot shared by both sides: its effect cancels, the repetitions are
 * the unit: Student's t on the logs, pooled variance, n_a + n_b - 2 df.
 */
static void boot_model_one_shared_boot(void **state)
{
	static const double a[] = { 100, 102, 104 }, b[] = { 110, 111, 115 };
	struct kb_boot_sample sa = { a, NULL, 3 }, sb = { b, NULL, 3 };
	struct kb_cmp_model m;
	double ma, mb, s2, t;

	(void)state;
	s2 = (log_ss(a, 3, &ma) + log_ss(b, 3, &mb)) / 4;
	t = (mb - ma) / sqrt(s2 * (1.0 / 3 + 1.0 / 3));
	assert_int_equal(kb_boot_model(&sa, &sb, NULL, 0.95, &m), 0);
	assert_true(m.valid);
	assert_false(m.by_boot);
	assert_int_equal(m.shared, 1);
	assert_null(m.between_from);
	assert_true(isnan(m.between_pct));
	assert_near(m.df, 4, 1e-12);
	assert_near(m.t, t, 1e-9);
	assert_near(m.p, 2 * kb_t_cdf(-fabs(t), 4), 1e-12);
	assert_near(m.estimate_pct, expm1(mb - ma) * 100, 1e-9);
	assert_near(m.ci_lo, expm1(mb - ma - kb_t_quantile(0.975, 4) *
				   sqrt(s2 * 2.0 / 3)) * 100, 1e-6);
	assert_near(m.within_pct, 100 * sqrt(s2), 1e-9);
}

/*
 * One boot per side, different boots: the prior stands in for the
 * between-boot variance, Var = 2 tau0^2 + s_w^2 (1/3 + 1/3), with
 * Welch-Satterthwaite df from the prior's df and the within df.
 */
static void boot_model_prior(void **state)
{
	static const double a[] = { 100, 102, 104 }, b[] = { 110, 111, 115 };
	static const size_t ba[] = { 0, 0, 0 }, bb[] = { 1, 1, 1 };
	const struct kb_boot_prior prior = { NULL, NULL, 1, 4, "test" };
	struct kb_boot_sample sa = { a, ba, 3 }, sb = { b, bb, 3 };
	struct kb_cmp_model m;
	double ma, mb, s2, x, y, t, df;

	(void)state;
	s2 = (log_ss(a, 3, &ma) + log_ss(b, 3, &mb)) / 4;
	x = 2 * 0.01 * 0.01;
	y = s2 * 2.0 / 3;
	t = (mb - ma) / sqrt(x + y);
	df = (x + y) * (x + y) / (x * x / 4 + y * y / 4);
	assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
	assert_true(m.valid && m.by_boot && m.prior_used);
	assert_string_equal(m.between_from, "prior");
	assert_int_equal(m.boots[0], 1);
	assert_int_equal(m.boots[1], 1);
	assert_int_equal(m.shared, 0);
	assert_near(m.between_pct, 1, 1e-12);
	assert_true(isnan(m.between_data_pct));
	assert_near(m.t, t, 1e-9);
	assert_near(m.df, df, 1e-9);
	assert_near(m.p, 2 * kb_t_cdf(-fabs(t), df), 1e-12);
	assert_near(m.boot_sd_pct, 100 * sqrt(0.0001 + s2 / 3), 1e-9);
	/* Without a prior nothing measures the boots. */
	assert_int_equal(kb_boot_model(&sa, &sb, NULL, 0.95, &m), 0);
	assert_false(m.valid);
	assert_string_equal(m.why, "one boot per side and no prior");
}

/*
 * Several boots a side: the boots measure the between-boot variance
 * (method of moments), weighed with the prior by their df.
 */
static void boot_model_boots(void **state)
{
	/* Three boots a side, two values each; boot means spread by ~5 %. */
	static const double a[] = { 100, 101, 105, 106, 95, 96 };
	static const double b[] = { 110, 111, 104, 103, 99, 100 };
	static const size_t ba[] = { 0, 0, 1, 1, 2, 2 }, bb[] = { 3, 3, 4, 4, 5, 5 };
	const struct kb_boot_prior prior = { NULL, NULL, 1, 4, "test" };
	struct kb_boot_sample sa = { a, ba, 6 }, sb = { b, bb, 6 };
	struct kb_cmp_model m, d;
	double mean[6], ssw = 0, grand[2] = { 0, 0 }, sbm = 0, s2w, tau2d, tau2;

	(void)state;
	for (int k = 0; k < 6; k++) {
		const double *v = k < 3 ? &a[2 * k] : &b[2 * (k - 3)];

		ssw += log_ss(v, 2, &mean[k]);
		grand[k >= 3] += mean[k] / 3;
	}
	for (int k = 0; k < 6; k++)
		sbm += (mean[k] - grand[k >= 3]) * (mean[k] - grand[k >= 3]) / 4;
	s2w = ssw / 6;
	tau2d = fmax(0, sbm - s2w / 2);
	tau2 = (4 * 0.0001 + 4 * tau2d) / 8;
	assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
	assert_true(m.valid && m.by_boot);
	assert_string_equal(m.between_from, "prior and data");
	assert_near(m.data_df, 4, 0);
	assert_near(m.between_data_pct, 100 * sqrt(tau2d), 1e-9);
	assert_near(m.between_pct, 100 * sqrt(tau2), 1e-9);
	assert_near(m.t, (grand[1] - grand[0]) /
		    sqrt(tau2 * 2.0 / 3 + s2w * (2.0 / 3) / 2), 1e-9);
	/* No prior: the data alone. */
	assert_int_equal(kb_boot_model(&sa, &sb, NULL, 0.95, &d), 0);
	assert_string_equal(d.between_from, "data");
	assert_near(d.between_pct, 100 * sqrt(tau2d), 1e-9);
	/* Boots on both sides: their effect cancels, repetitions the unit. */
	sb.boot = ba;
	assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
	assert_false(m.by_boot);
	assert_int_equal(m.shared, 3);
	assert_false(m.prior_used);
}

/* One value per boot: between and within cannot be told apart. */
static void boot_model_one_value_per_boot(void **state)
{
	static const double a[] = { 100, 104, 98 }, b[] = { 120, 118, 125 };
	static const size_t ba[] = { 0, 1, 2 }, bb[] = { 3, 4, 5 };
	const struct kb_boot_prior prior = { NULL, NULL, 1, 4, "test" };
	struct kb_boot_sample sa = { a, ba, 3 }, sb = { b, bb, 3 };
	struct kb_cmp_model m;
	double ma, mb, s2;

	(void)state;
	s2 = (log_ss(a, 3, &ma) + log_ss(b, 3, &mb)) / 4;
	assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
	assert_true(m.valid && m.by_boot);
	assert_false(m.prior_used);
	assert_string_equal(m.between_from, "data");
	assert_true(isnan(m.within_pct));
	assert_near(m.df, 4, 0);
	assert_near(m.t, (mb - ma) / sqrt(s2 * 2.0 / 3), 1e-9);
	/* One value a side: nothing to go on. */
	sa.n = sb.n = 1;
	assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
	assert_false(m.valid);
	/* A value that is not positive has no log. */
	{
		static const double z[] = { 100, 0, 98 };

		sa = (struct kb_boot_sample){ z, NULL, 3 };
		sb = (struct kb_boot_sample){ b, NULL, 3 };
		assert_int_equal(kb_boot_model(&sa, &sb, &prior, 0.95, &m), 0);
		assert_false(m.valid);
		assert_string_equal(m.why, "a value is not positive");
	}
}

/* The prior table and the thresholds that follow the mode. */
static void priors_and_thresholds(void **state)
{
	struct kb_env e, w, none;
	char rule[160];

	(void)state;
	kb_env_init(&e);
	kb_env_init(&w);
	kb_env_init(&none);
	snprintf(e.mode, sizeof(e.mode), KB_MODE_DETERMINISTIC);
	snprintf(e.accel, sizeof(e.accel), "tcg");
	snprintf(w.mode, sizeof(w.mode), KB_MODE_WALLCLOCK);
	snprintf(w.accel, sizeof(w.accel), "tcg");
	/* Each environment finds its own entry; the numbers are measured. */
	assert_string_equal(kb_boot_prior_of(&e)->mode, KB_MODE_DETERMINISTIC);
	assert_string_equal(kb_boot_prior_of(&w)->accel, "tcg");
	assert_true(kb_boot_prior_of(&e)->cv_pct < 1);
	snprintf(w.accel, sizeof(w.accel), "kvm");
	assert_string_equal(kb_boot_prior_of(&w)->accel, "kvm");
	snprintf(w.accel, sizeof(w.accel), "none");
	assert_string_equal(kb_boot_prior_of(&w)->accel, "none");
	/* Not recorded: at least the largest wall-clock prior. */
	assert_true(kb_boot_prior_of(&none) == &kb_boot_priors[kb_n_boot_priors - 1]);
	for (size_t i = 0; i < kb_n_boot_priors; i++) {
		assert_true(kb_boot_priors[i].cv_pct > 0 && kb_boot_priors[i].df > 0 &&
			    kb_boot_priors[i].source[0]);
		if (kb_boot_priors[i].mode &&
		    !strcmp(kb_boot_priors[i].mode, KB_MODE_WALLCLOCK))
			assert_true(kb_boot_prior_of(&none)->cv_pct >=
				    kb_boot_priors[i].cv_pct);
	}
	/* A pair takes the larger of its two priors. */
	assert_true(kb_boot_prior_pair(&e, &none) == kb_boot_prior_of(&none));
	{
		double p = kb_boot_prior_of(&e)->cv_pct, t = 5 * p < 0.1 ? 0.1 : 5 * p;
		char want[160];

		assert_near(kb_default_threshold(&e, &e, rule, sizeof(rule)), t, 1e-12);
		snprintf(want, sizeof(want), "deterministic mode: 5 x its boot-noise prior "
			 "(%g %%), at least 0.1 %%", p);
		assert_string_equal(rule, want);
	}
	snprintf(w.accel, sizeof(w.accel), "tcg");
	assert_near(kb_default_threshold(&w, &w, rule, sizeof(rule)), 3, 0);
	assert_string_equal(rule, "the default for wallclock time");
	assert_near(kb_default_threshold(&e, &w, rule, sizeof(rule)), 3, 0);
	assert_near(kb_default_threshold(&none, &none, rule, sizeof(rule)), 3, 0);
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
		cmocka_unit_test(mwu_floor),
		cmocka_unit_test(median_resample),
		cmocka_unit_test(boot_model_one_shared_boot),
		cmocka_unit_test(boot_model_prior),
		cmocka_unit_test(boot_model_boots),
		cmocka_unit_test(boot_model_one_value_per_boot),
		cmocka_unit_test(priors_and_thresholds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

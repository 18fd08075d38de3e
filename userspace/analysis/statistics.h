/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inferential statistics for comparing two sets of repetitions: the
 * Mann-Whitney U test (exact for small samples), Welch's t-test and its
 * confidence interval, a seeded bootstrap of the relative change of
 * medians, Benjamini-Hochberg adjustment, and the repetitions a comparison
 * would need. Every function is deterministic: the bootstrap draws from a
 * PRNG the caller seeds. docs/compare.md states the methods.
 */
#ifndef KBENCH_STATISTICS_H
#define KBENCH_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/summary.h"

/*
 * Exact Mann-Whitney p-values are computed while n1 + n2 is at most this;
 * beyond it, the normal approximation with tie and continuity correction.
 */
#define KB_MWU_EXACT_MAX 60

/* Standard normal and Student's t distributions. */
double kb_norm_cdf(double z);
double kb_norm_quantile(double p);
/* Regularized incomplete beta function I_x(a, b). */
double kb_betai(double a, double b, double x);
/* P(T <= t) for Student's t with DF degrees of freedom (DF may be real). */
double kb_t_cdf(double t, double df);
/* The P quantile of Student's t with DF degrees of freedom. */
double kb_t_quantile(double p, double df);

struct kb_mwu {
	double u;	/* U of the first sample: pairs (a, b) with a > b, ties 1/2 */
	double p;	/* two-sided p-value */
	bool exact;	/* from the exact permutation distribution */
};

/*
 * Two-sided Mann-Whitney U test of A against B. With n1 + n2 <=
 * KB_MWU_EXACT_MAX the p-value is exact: the permutation distribution of
 * the (mid)rank sum is enumerated, so ties are handled exactly too, and
 * p = min(1, 2 min(P(W <= w), P(W >= w))) as R's wilcox.test computes it.
 * Beyond that, the normal approximation with tie-corrected variance and a
 * continuity correction of 1/2. Returns 0, or -EINVAL for an empty sample
 * and -ENOMEM.
 */
int kb_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		    struct kb_mwu *r);

struct kb_welch {
	double t;	/* (mean(b) - mean(a)) / se */
	double df;	/* Welch-Satterthwaite degrees of freedom */
	double p;	/* two-sided */
	double diff;	/* mean(b) - mean(a) */
	double lo, hi;	/* confidence interval of diff */
};

/*
 * Welch's unequal-variances t-test of B against A with a LEVEL (e.g. 0.95)
 * confidence interval of mean(b) - mean(a). Both samples need two values
 * (-EINVAL otherwise). Zero variance on both sides gives p = 1 when the
 * means are equal, 0 when they differ, and a zero-width interval.
 */
int kb_welch(const double *a, size_t na, const double *b, size_t nb,
	     double level, struct kb_welch *r);

/* xoshiro256**, seeded with splitmix64. */
struct kb_rng {
	uint64_t s[4];
};

void kb_rng_seed(struct kb_rng *g, uint64_t seed);
uint64_t kb_rng_next(struct kb_rng *g);
/* Uniform in [0, N), without modulo bias. */
uint64_t kb_rng_below(struct kb_rng *g, uint64_t n);

/*
 * Percentile bootstrap (ITERS resamples, both samples resampled with
 * replacement) of the relative change of medians,
 * (median(b*) - median(a*)) / |median(a*)| * 100, at LEVEL (e.g. 0.95).
 * Returns 0, -EINVAL (empty sample, median of A zero) or -ENOMEM.
 */
int kb_bootstrap_change(const double *a, size_t na, const double *b, size_t nb,
			unsigned int iters, double level, struct kb_rng *g,
			double *lo, double *hi);

/*
 * The median of the N values V, which it sorts in place: kb_median_sorted()
 * with an insertion sort for the small samples of a bootstrap resample.
 */
double kb_median_resample(double *v, size_t n);

/* Benjamini-Hochberg adjusted p-values (q-values) of the N p-values P. */
int kb_bh_adjust(const double *p, size_t n, double *q);

/*
 * Repetitions per side that would detect a relative change of DELTA_PCT
 * with two-sided level ALPHA and power POWER when the values have a
 * coefficient of variation COV_PCT: the normal-theory sample size
 * 2 (z_{1-alpha/2} + z_power)^2 (cov / delta)^2, divided by 3/pi (the
 * asymptotic efficiency of the U test relative to the t-test under
 * normality), rounded up, and never below the smallest n per side at which
 * the exact U test can reach ALPHA at all. 0 when DELTA_PCT <= 0.
 */
unsigned int kb_reps_needed(double cov_pct, double delta_pct, double alpha,
			    double power);

/* The smallest n (per side, equal sizes) whose exact U test can reach ALPHA. */
unsigned int kb_mwu_min_n(double alpha);

/*
 * The smallest two-sided p-value kb_mann_whitney() can give with NA and NB
 * values and no ties: 2 / C(NA + NB, NA), at most 1; 0 beyond
 * KB_MWU_EXACT_MAX (the normal approximation has no useful floor). It
 * depends on the sizes only, so a test chosen by it keeps its level.
 */
double kb_mwu_floor(size_t na, size_t nb);

#endif

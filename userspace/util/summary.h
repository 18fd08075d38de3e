/* SPDX-License-Identifier: GPL-2.0 */
/* Summary statistics of a set of values (a benchmark's repetitions). */
#ifndef KBENCH_SUMMARY_H
#define KBENCH_SUMMARY_H

#include <stddef.h>

struct kb_summary {
	size_t n;
	double mean;
	double median;
	double stddev;		/* sample standard deviation (n - 1) */
	double cov_pct;		/* stddev / |mean| * 100; 0 when n < 2 */
	double min, max;
};

/* Fills S from the N values V (which are not modified); zeros when N is 0. */
void kb_summarize(const double *v, size_t n, struct kb_summary *s);

/* Median of the N values V (not modified); NAN when N is 0. */
double kb_median(const double *v, size_t n);
/* Median of the N values V, which it sorts in place (no allocation). */
double kb_median_sorted(double *v, size_t n);
/* Arithmetic mean and sample variance (n - 1; 0 for one value). */
double kb_mean(const double *v, size_t n);
double kb_variance(const double *v, size_t n);

/* qsort's comparison of two doubles, ascending. */
int kb_cmp_double(const void *a, const void *b);

#endif

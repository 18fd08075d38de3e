/* SPDX-License-Identifier: GPL-2.0 */
/* Summary statistics of a benchmark's per-repetition values. */
#ifndef KBENCH_STATS_H
#define KBENCH_STATS_H

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

#endif

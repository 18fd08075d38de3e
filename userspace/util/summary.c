// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

int kb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double kb_median_sorted(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), kb_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double kb_median(const double *v, size_t n)
{
	double *c, m;

	if (!n)
		return NAN;
	c = malloc(n * sizeof(*c));
	if (!c)
		return NAN;
	memcpy(c, v, n * sizeof(*c));
	m = kb_median_sorted(c, n);
	free(c);
	return m;
}

double kb_mean(const double *v, size_t n)
{
	double s = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

double kb_variance(const double *v, size_t n)
{
	double m = kb_mean(v, n), s = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return s / (double)(n - 1);
}

void kb_summarize(const double *v, size_t n, struct kb_summary *s)
{
	memset(s, 0, sizeof(*s));
	if (!n)
		return;
	s->n = n;
	s->mean = kb_mean(v, n);
	s->stddev = sqrt(kb_variance(v, n));
	s->cov_pct = n > 1 && s->mean != 0 ? s->stddev / fabs(s->mean) * 100 : 0;
	s->median = kb_median(v, n);
	s->min = s->max = v[0];
	for (size_t i = 1; i < n; i++) {
		s->min = v[i] < s->min ? v[i] : s->min;
		s->max = v[i] > s->max ? v[i] : s->max;
	}
	/* The median is the only casualty of a failed allocation. */
	if (isnan(s->median))
		s->median = s->mean;
}

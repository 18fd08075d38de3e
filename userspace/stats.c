// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Newton's method: the CLI links without libm. */
static double kb_sqrt(double x)
{
	double r = x > 1 ? x : 1;

	if (x <= 0)
		return 0;
	for (int i = 0; i < 2000; i++) {
		double next = (r + x / r) / 2;

		if (next >= r)
			break;
		r = next;
	}
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void kb_summarize(const double *v, size_t n, struct kb_summary *s)
{
	double *sorted, sum = 0, sq = 0;

	memset(s, 0, sizeof(*s));
	if (!n)
		return;
	s->n = n;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - s->mean) * (v[i] - s->mean);
	s->stddev = n > 1 ? kb_sqrt(sq / (double)(n - 1)) : 0;
	s->cov_pct = n > 1 && s->mean != 0 ? s->stddev / fabs(s->mean) * 100 : 0;

	sorted = malloc(n * sizeof(*sorted));
	if (!sorted) {		/* the median is the only casualty */
		s->median = s->mean;
		s->min = s->max = v[0];
		for (size_t i = 1; i < n; i++) {
			s->min = v[i] < s->min ? v[i] : s->min;
			s->max = v[i] > s->max ? v[i] : s->max;
		}
		return;
	}
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->median = n % 2 ? sorted[n / 2] :
		    (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	free(sorted);
}

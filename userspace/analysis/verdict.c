// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"
#include "statistics.h"
#include "util/summary.h"

uint64_t kb_cmp_seed(const char *name)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return KB_CMP_SEED ^ h;
}

/* The coefficient of variation of V in %, 0 for a zero mean. */
static double cov_pct(const double *v, size_t n)
{
	double m = kb_mean(v, n);

	return m ? sqrt(kb_variance(v, n)) / fabs(m) * 100 : 0;
}

int kb_cmp_stats(const double *a, size_t na, const double *b, size_t nb,
		 uint64_t seed, struct kb_cmp_stats *s)
{
	struct kb_mwu u;
	struct kb_welch w;
	struct kb_rng g;
	double ca, cb;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!na || !nb)
		return -EINVAL;
	s->na = na;
	s->nb = nb;
	s->med_a = kb_median(a, na);
	s->med_b = kb_median(b, nb);
	if (!s->med_a)
		return -EINVAL;
	s->change_pct = (s->med_b - s->med_a) / fabs(s->med_a) * 100;
	ca = cov_pct(a, na);
	cb = cov_pct(b, nb);
	s->cov_pct = sqrt((ca * ca + cb * cb) / 2);
	ret = kb_mann_whitney(a, na, b, nb, &u);
	if (ret)
		return ret;
	s->u.u = u.u;
	s->u.p = u.p;
	s->u.exact = u.exact;
	s->welch_valid = !kb_welch(a, na, b, nb, KB_CMP_LEVEL, &w);
	if (s->welch_valid) {
		s->w.t = w.t;
		s->w.df = w.df;
		s->w.p = w.p;
	}
	if (na >= 2 && nb >= 2) {
		kb_rng_seed(&g, seed);
		ret = kb_bootstrap_change(a, na, b, nb, KB_CMP_BOOT_ITERS,
					  KB_CMP_LEVEL, &g, &s->ci_lo, &s->ci_hi);
		if (ret == -ENOMEM)
			return ret;
		s->ci_valid = !ret;
	}
	return 0;
}

enum kb_verdict kb_cmp_verdict(const struct kb_cmp_stats *s, double q,
			       bool higher_is_better, double threshold_pct,
			       double alpha)
{
	/* Positive: NEW is worse. */
	double worse = higher_is_better ? -s->change_pct : s->change_pct;
	bool sig = q < alpha;

	if (fabs(s->change_pct) >= threshold_pct && sig)
		return worse > 0 ? KB_REGRESSION : KB_IMPROVEMENT;
	if (fabs(s->change_pct) < threshold_pct) {
		if (sig)
			return KB_UNCHANGED;
		if (s->ci_valid && s->ci_lo > -threshold_pct &&
		    s->ci_hi < threshold_pct)
			return KB_UNCHANGED;
	}
	return KB_INCONCLUSIVE;
}

unsigned int kb_cmp_reps_needed(const struct kb_cmp_stats *s,
				double threshold_pct, double alpha)
{
	size_t now = s->na > s->nb ? s->na : s->nb;
	unsigned int n = kb_reps_needed(s->cov_pct, threshold_pct, alpha,
					KB_CMP_POWER);

	/* Noise alone would not need more: the change sits at the threshold. */
	return n > now ? n : (unsigned int)now + 1;
}

int kb_cmp_median_ci(const double *v, size_t n, uint64_t seed, double *med,
		     double *lo, double *hi)
{
	const size_t iters = KB_CMP_BOOT_ITERS;
	double *r, *m;
	struct kb_rng g;

	*med = *lo = *hi = NAN;
	if (!n)
		return -EINVAL;
	*med = *lo = *hi = kb_median(v, n);
	if (n < 2)
		return 0;
	r = malloc(n * sizeof(*r));
	m = malloc(iters * sizeof(*m));
	if (!r || !m) {
		free(r);
		free(m);
		return -ENOMEM;
	}
	kb_rng_seed(&g, seed);
	for (size_t k = 0; k < iters; k++) {
		for (size_t i = 0; i < n; i++)
			r[i] = v[kb_rng_below(&g, n)];
		m[k] = kb_median_sorted(r, n);
	}
	qsort(m, iters, sizeof(*m), kb_cmp_double);
	*lo = m[(size_t)floor((1 - KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
	*hi = m[(size_t)ceil((1 + KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
	free(r);
	free(m);
	return 0;
}

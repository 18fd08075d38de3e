// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
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

/* What S lacks for a verdict, into S->missing; S->decidable if nothing. */
static void decidable(struct kb_cmp_stats *s)
{
	const size_t min = KB_CMP_MIN_VALUES;

	s->decidable = false;
	if (s->na < min && s->na == s->nb)
		snprintf(s->missing, sizeof(s->missing),
			 "%zu value%s per side, at least %zu needed", s->na,
			 s->na == 1 ? "" : "s", min);
	else if (s->na < min || s->nb < min)
		snprintf(s->missing, sizeof(s->missing),
			 "%zu base and %zu new values, at least %zu per side needed",
			 s->na, s->nb, min);
	else if (!s->model.valid)
		snprintf(s->missing, sizeof(s->missing), "no estimate of the noise: %s",
			 s->model.why);
	else
		s->decidable = true;
}

int kb_cmp_stats_boots(const struct kb_boot_sample *sa,
		       const struct kb_boot_sample *sb,
		       const struct kb_boot_prior *prior, uint64_t seed,
		       unsigned int iters, struct kb_cmp_stats *s)
{
	const double *a = sa->v, *b = sb->v;
	size_t na = sa->n, nb = sb->n;
	struct kb_mwu u;
	struct kb_welch w;
	struct kb_rng g;
	double ca, cb;
	int ret;

	memset(s, 0, sizeof(*s));
	s->p = NAN;
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
		ret = kb_bootstrap_change(a, na, b, nb, iters,
					  KB_CMP_LEVEL, &g, &s->ci_lo, &s->ci_hi);
		if (ret == -ENOMEM)
			return ret;
		s->ci_valid = !ret;
	}
	ret = kb_boot_model(sa, sb, prior, KB_CMP_LEVEL, &s->model);
	if (ret)
		return ret;
	s->test = KB_TEST_U;
	s->p = s->u.p;
	decidable(s);
	return 0;
}

int kb_cmp_stats(const double *a, size_t na, const double *b, size_t nb,
		 uint64_t seed, struct kb_cmp_stats *s)
{
	struct kb_boot_sample sa = { a, NULL, na }, sb = { b, NULL, nb };

	return kb_cmp_stats_boots(&sa, &sb, NULL, seed, KB_CMP_BOOT_ITERS, s);
}

void kb_cmp_choose_test(struct kb_cmp_stats *s, size_t m, double alpha)
{
	bool u = !s->model.by_boot &&
		 kb_mwu_floor(s->na, s->nb) <= alpha / (double)(m ? m : 1);

	s->test = u || !s->model.valid ? KB_TEST_U : KB_TEST_T;
	s->p = s->test == KB_TEST_U ? s->u.p : s->model.p;
}

/* +1: the test says NEW is higher, -1 lower, 0 neither. */
static int test_direction(const struct kb_cmp_stats *s)
{
	double mid = (double)s->na * (double)s->nb / 2;

	if (s->test == KB_TEST_T)
		return s->model.estimate_pct > 0 ? 1 : s->model.estimate_pct < 0 ? -1 : 0;
	/* U counts pairs with base > new. */
	return s->u.u < mid ? 1 : s->u.u > mid ? -1 : 0;
}

enum kb_verdict kb_cmp_verdict(const struct kb_cmp_stats *s, double q,
			       bool higher_is_better, double threshold_pct,
			       double alpha)
{
	/* Positive: NEW is worse. */
	double worse = higher_is_better ? -s->change_pct : s->change_pct;
	int dir = s->change_pct > 0 ? 1 : s->change_pct < 0 ? -1 : 0;
	bool sig = s->decidable && q < alpha;

	if (!s->decidable)
		return KB_INCONCLUSIVE;
	if (fabs(s->change_pct) >= threshold_pct && sig && dir &&
	    dir == test_direction(s))
		return worse > 0 ? KB_REGRESSION : KB_IMPROVEMENT;
	if (fabs(s->change_pct) < threshold_pct) {
		if (sig)
			return KB_UNCHANGED;
		if (s->model.valid && s->model.ci_lo > -threshold_pct &&
		    s->model.ci_hi < threshold_pct)
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
	n = n > now ? n : (unsigned int)now + 1;
	return n < KB_CMP_MIN_VALUES ? KB_CMP_MIN_VALUES : n;
}

void kb_cmp_needed(struct kb_cmp_entry *e, double threshold_pct, double alpha)
{
	e->reps_needed = e->boots_needed = 0;
	if (e->s.decidable && e->s.model.by_boot)
		e->boots_needed = kb_boots_needed(&e->s.model, threshold_pct, alpha,
						  KB_CMP_POWER);
	else
		e->reps_needed = kb_cmp_reps_needed(&e->s, threshold_pct, alpha);
}

int kb_cmp_median_ci(const double *v, size_t n, uint64_t seed,
		     unsigned int iters, double *med, double *lo, double *hi)
{
	double *r, *m;
	struct kb_rng g;

	*med = *lo = *hi = NAN;
	if (!n || !iters)
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
		m[k] = kb_median_resample(r, n);
	}
	qsort(m, iters, sizeof(*m), kb_cmp_double);
	*lo = m[(size_t)floor((1 - KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
	*hi = m[(size_t)ceil((1 + KB_CMP_LEVEL) / 2 * (double)(iters - 1))];
	free(r);
	free(m);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Tests, intervals and sample sizes for kbench compare (statistics.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "statistics.h"
#include "util/summary.h"

double kb_norm_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* Inverts a monotone increasing CDF by bisection over a growing bracket. */
static double invert(double (*cdf)(double x, double arg), double arg, double p)
{
	double lo = -1, hi = 1;

	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	while (cdf(lo, arg) > p && lo > -1e12)
		lo *= 2;
	while (cdf(hi, arg) < p && hi < 1e12)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		double mid = (lo + hi) / 2;

		if (cdf(mid, arg) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static double norm_cdf_arg(double z, double unused)
{
	(void)unused;
	return kb_norm_cdf(z);
}

double kb_norm_quantile(double p)
{
	return invert(norm_cdf_arg, 0, p);
}

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 1000; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

double kb_betai(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) +
		 a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return bt * betacf(a, b, x) / a;
	return 1 - bt * betacf(b, a, 1 - x) / b;
}

double kb_t_cdf(double t, double df)
{
	double tail;

	if (isinf(t))
		return t > 0 ? 1 : 0;
	/* P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2). */
	tail = kb_betai(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? 1 - tail / 2 : tail / 2;
}

double kb_t_quantile(double p, double df)
{
	return invert(kb_t_cdf, df, p);
}

/* Ranks of the N values V, doubled so that midranks are integers. */
static int doubled_ranks(const double *v, size_t n, long *r2, double *ties)
{
	size_t *idx = malloc(n * sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	/* Insertion sort of indices: n is small where it matters. */
	for (size_t i = 1; i < n; i++) {
		size_t k = idx[i], j = i;

		for (; j > 0 && v[idx[j - 1]] > v[k]; j--)
			idx[j] = idx[j - 1];
		idx[j] = k;
	}
	*ties = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
			j++;
		/* Ranks i+1..j+1 share their mean; doubled: i + j + 2. */
		for (size_t k = i; k <= j; k++)
			r2[idx[k]] = (long)(i + j + 2);
		if (j > i) {
			double t = (double)(j - i + 1);

			*ties += t * t * t - t;
		}
		i = j + 1;
	}
	free(idx);
	return 0;
}

/*
 * Exact two-sided p of the doubled rank sum W2 of the first NA of the N
 * doubled ranks R2: counts, for every k and s, the subsets of size k with
 * doubled rank sum s (a knapsack over the pooled values).
 */
static int exact_p(const long *r2, size_t n, size_t na, long w2, double *p)
{
	long smax = 0;
	double *f, le = 0, ge = 0, total = 0;

	for (size_t i = 0; i < n; i++)
		smax += r2[i];
	f = calloc((na + 1) * (size_t)(smax + 1), sizeof(*f));
	if (!f)
		return -ENOMEM;
#define F(k, s) f[(size_t)(k) * (size_t)(smax + 1) + (size_t)(s)]
	F(0, 0) = 1;
	for (size_t i = 0; i < n; i++) {
		size_t kmax = i + 1 < na ? i + 1 : na;

		for (size_t k = kmax; k >= 1; k--)
			for (long s = smax; s >= r2[i]; s--)
				F(k, s) += F(k - 1, s - r2[i]);
	}
	for (long s = 0; s <= smax; s++) {
		double c = F(na, s);

		total += c;
		if (s <= w2)
			le += c;
		if (s >= w2)
			ge += c;
	}
#undef F
	free(f);
	*p = fmin(1, 2 * fmin(le, ge) / total);
	return 0;
}

int kb_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		    struct kb_mwu *r)
{
	size_t n = na + nb;
	double *v, ties, w = 0, mu, sigma2;
	long *r2, w2 = 0;
	int ret = 0;

	if (!na || !nb)
		return -EINVAL;
	v = malloc(n * sizeof(*v));
	r2 = malloc(n * sizeof(*r2));
	if (!v || !r2) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(v, a, na * sizeof(*v));
	memcpy(v + na, b, nb * sizeof(*v));
	ret = doubled_ranks(v, n, r2, &ties);
	if (ret)
		goto out;
	for (size_t i = 0; i < na; i++)
		w2 += r2[i];
	w = (double)w2 / 2;
	r->u = w - (double)na * (double)(na + 1) / 2;
	r->exact = n <= KB_MWU_EXACT_MAX;
	if (r->exact) {
		ret = exact_p(r2, n, na, w2, &r->p);
		goto out;
	}
	mu = (double)na * (double)nb / 2;
	sigma2 = (double)na * (double)nb / 12 *
		 ((double)n + 1 - ties / ((double)n * (double)(n - 1)));
	if (sigma2 <= 0) {
		r->p = 1;
	} else {
		double d = r->u - mu;
		double z = (d - (d > 0 ? 0.5 : d < 0 ? -0.5 : 0)) / sqrt(sigma2);

		r->p = fmin(1, 2 * kb_norm_cdf(-fabs(z)));
	}
out:
	free(v);
	free(r2);
	return ret;
}

int kb_welch(const double *a, size_t na, const double *b, size_t nb,
	     double level, struct kb_welch *r)
{
	double va, vb, se2, q;

	if (na < 2 || nb < 2)
		return -EINVAL;
	va = kb_variance(a, na) / (double)na;
	vb = kb_variance(b, nb) / (double)nb;
	se2 = va + vb;
	r->diff = kb_mean(b, nb) - kb_mean(a, na);
	if (se2 <= 0) {
		r->df = (double)(na + nb - 2);
		r->t = r->diff == 0 ? 0 : copysign(INFINITY, r->diff);
		r->p = r->diff == 0 ? 1 : 0;
		r->lo = r->hi = r->diff;
		return 0;
	}
	r->df = se2 * se2 / (va * va / (double)(na - 1) +
			     vb * vb / (double)(nb - 1));
	r->t = r->diff / sqrt(se2);
	r->p = fmin(1, kb_betai(r->df / 2, 0.5,
				r->df / (r->df + r->t * r->t)));
	q = kb_t_quantile(1 - (1 - level) / 2, r->df);
	r->lo = r->diff - q * sqrt(se2);
	r->hi = r->diff + q * sqrt(se2);
	return 0;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void kb_rng_seed(struct kb_rng *g, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		g->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t kb_rng_next(struct kb_rng *g)
{
	uint64_t *s = g->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

uint64_t kb_rng_below(struct kb_rng *g, uint64_t n)
{
	uint64_t min = -n % n, r;

	do
		r = kb_rng_next(g);
	while (r < min);
	return r % n;
}

/* The P quantile of the N sorted values V, linearly interpolated. */
static double quantile_sorted(const double *v, size_t n, double p)
{
	double h = p * (double)(n - 1);
	size_t i = (size_t)floor(h);

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

double kb_median_resample(double *v, size_t n)
{
	if (n > 32)
		return kb_median_sorted(v, n);
	for (size_t i = 1; i < n; i++) {
		double x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int kb_bootstrap_change(const double *a, size_t na, const double *b, size_t nb,
			unsigned int iters, double level, struct kb_rng *g,
			double *lo, double *hi)
{
	double *ra, *rb, *ch;
	int ret = 0;

	if (!na || !nb || !iters)
		return -EINVAL;
	for (size_t i = 0; i < na; i++)
		if (a[i] == 0)
			return -EINVAL;
	ra = malloc(na * sizeof(*ra));
	rb = malloc(nb * sizeof(*rb));
	ch = malloc(iters * sizeof(*ch));
	if (!ra || !rb || !ch) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned int it = 0; it < iters; it++) {
		double ma, mb;

		for (size_t i = 0; i < na; i++)
			ra[i] = a[kb_rng_below(g, na)];
		for (size_t i = 0; i < nb; i++)
			rb[i] = b[kb_rng_below(g, nb)];
		ma = kb_median_resample(ra, na);
		mb = kb_median_resample(rb, nb);
		ch[it] = ma ? (mb - ma) / fabs(ma) * 100 : 0;
	}
	qsort(ch, iters, sizeof(*ch), kb_cmp_double);
	*lo = quantile_sorted(ch, iters, (1 - level) / 2);
	*hi = quantile_sorted(ch, iters, 1 - (1 - level) / 2);
out:
	free(ra);
	free(rb);
	free(ch);
	return ret;
}

static const double *bh_p;

static int by_p(const void *x, const void *y)
{
	double a = bh_p[*(const size_t *)x], b = bh_p[*(const size_t *)y];

	if (a != b)
		return a < b ? -1 : 1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

int kb_bh_adjust(const double *p, size_t n, double *q)
{
	size_t *idx;
	double run = 1;

	if (!n)
		return 0;
	idx = malloc(n * sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	bh_p = p;
	qsort(idx, n, sizeof(*idx), by_p);
	bh_p = NULL;
	/* From the largest p down: q_(i) = min_{j >= i} p_(j) n / j. */
	for (size_t i = n; i > 0; i--) {
		double v = p[idx[i - 1]] * (double)n / (double)i;

		if (v < run)
			run = v;
		q[idx[i - 1]] = run;
	}
	free(idx);
	return 0;
}

unsigned int kb_mwu_min_n(double alpha)
{
	/* The smallest exact two-sided p of n vs n is 2 / C(2n, n). */
	for (unsigned int n = 1; n < 64; n++) {
		double c = 1;

		for (unsigned int k = 1; k <= n; k++)
			c = c * (double)(n + k) / (double)k;
		if (2 / c <= alpha)
			return n;
	}
	return 64;
}

double kb_mwu_floor(size_t na, size_t nb)
{
	double c = 1;

	if (!na || !nb)
		return 1;
	if (na + nb > KB_MWU_EXACT_MAX)
		return 0;
	for (size_t k = 1; k <= na; k++)
		c = c * (double)(nb + k) / (double)k;
	return fmin(1, 2 / c);
}

unsigned int kb_reps_needed(double cov_pct, double delta_pct, double alpha,
			    double power)
{
	double z, n;
	unsigned int min = kb_mwu_min_n(alpha);

	if (!(delta_pct > 0))
		return 0;
	z = kb_norm_quantile(1 - alpha / 2) + kb_norm_quantile(power);
	n = 2 * z * z * (cov_pct / delta_pct) * (cov_pct / delta_pct);
	n /= 3 / M_PI;
	if (!(n < 1e6))
		return 1000000;
	n = ceil(n);
	return n < min ? min : (unsigned int)n;
}

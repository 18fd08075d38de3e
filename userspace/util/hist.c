// SPDX-License-Identifier: GPL-2.0
/* Log-linear histogram: see hist.h for the layout and its error bound. */
#include <stdlib.h>
#include <string.h>

#include "hist.h"

struct kb_hist *kb_hist_new(void)
{
	struct kb_hist *h = malloc(sizeof(*h));

	if (h)
		kb_hist_reset(h);
	return h;
}

void kb_hist_free(struct kb_hist *h)
{
	free(h);
}

void kb_hist_reset(struct kb_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int kb_hist_index(uint64_t v)
{
	unsigned int e, shift;

	if (v < KB_HIST_SUB)
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v);	/* >= SUB_BITS */
	shift = e - KB_HIST_SUB_BITS;
	/* v >> shift is in [SUB, 2 * SUB): its low bits pick the bucket. */
	return (shift + 1) * KB_HIST_SUB +
	       (unsigned int)((v >> shift) - KB_HIST_SUB);
}

uint64_t kb_hist_bucket_low(unsigned int i)
{
	unsigned int shift;

	if (i < KB_HIST_SUB)
		return i;
	shift = i / KB_HIST_SUB - 1;
	return (uint64_t)(KB_HIST_SUB + i % KB_HIST_SUB) << shift;
}

uint64_t kb_hist_bucket_high(unsigned int i)
{
	unsigned int shift;

	if (i < KB_HIST_SUB)
		return i;
	shift = i / KB_HIST_SUB - 1;
	return kb_hist_bucket_low(i) + (((uint64_t)1 << shift) - 1);
}

void kb_hist_record_n(struct kb_hist *h, uint64_t v, uint64_t n)
{
	if (!n)
		return;
	h->buckets[kb_hist_index(v)] += n;
	h->count += n;
	h->sum += (double)v * (double)n;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void kb_hist_record(struct kb_hist *h, uint64_t v)
{
	kb_hist_record_n(h, v, 1);
}

void kb_hist_merge(struct kb_hist *dst, const struct kb_hist *src)
{
	if (!src->count)
		return;
	for (unsigned int i = 0; i < KB_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

double kb_hist_percentile(const struct kb_hist *h, double p)
{
	uint64_t rank, seen = 0;
	double exact = p / 100.0 * (double)h->count, mid;

	if (!h->count)
		return 0;
	if (p >= 100)
		return (double)h->max;
	rank = (uint64_t)exact;		/* ceil() without libm */
	if ((double)rank < exact)
		rank++;
	if (rank < 1)
		rank = 1;
	for (unsigned int i = 0; i < KB_HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen < rank)
			continue;
		mid = ((double)kb_hist_bucket_low(i) +
		       (double)kb_hist_bucket_high(i)) / 2;
		if (mid < (double)h->min)
			mid = (double)h->min;
		if (mid > (double)h->max)
			mid = (double)h->max;
		return mid;
	}
	return (double)h->max;
}

double kb_hist_mean(const struct kb_hist *h)
{
	return h->count ? h->sum / (double)h->count : 0;
}

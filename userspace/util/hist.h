/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HDR-style log-linear latency histogram. Values (nanoseconds, or any
 * unsigned 64-bit quantity) below 2^KB_HIST_SUB_BITS get a bucket each;
 * above that every power of two is split into 2^KB_HIST_SUB_BITS equal
 * buckets. A value is reported as the midpoint of its bucket, so the
 * relative error of any percentile is at most 2^-(KB_HIST_SUB_BITS + 1)
 * (0.39 % with 7 bits), over the whole 64-bit range, in fixed memory.
 */
#ifndef KBENCH_HIST_H
#define KBENCH_HIST_H

#include <stdint.h>

#define KB_HIST_SUB_BITS 7
#define KB_HIST_SUB (1U << KB_HIST_SUB_BITS)
/* Exact buckets, then one group per shift 0..(63 - SUB_BITS). */
#define KB_HIST_BUCKETS ((64 - KB_HIST_SUB_BITS + 1) * KB_HIST_SUB)
/* Bound on |reported - true| / true for any recorded value. */
#define KB_HIST_MAX_REL_ERR (1.0 / (2.0 * KB_HIST_SUB))

struct kb_hist {
	uint64_t count;
	uint64_t min, max;
	double sum;
	uint64_t buckets[KB_HIST_BUCKETS];
};

/* Allocates an empty histogram (NULL when out of memory). */
struct kb_hist *kb_hist_new(void);
void kb_hist_free(struct kb_hist *h);
void kb_hist_reset(struct kb_hist *h);

void kb_hist_record(struct kb_hist *h, uint64_t v);
void kb_hist_record_n(struct kb_hist *h, uint64_t v, uint64_t n);
/* Adds every value of SRC to DST. */
void kb_hist_merge(struct kb_hist *dst, const struct kb_hist *src);

/* Bucket index of V, and the lowest and highest value of bucket I. */
unsigned int kb_hist_index(uint64_t v);
uint64_t kb_hist_bucket_low(unsigned int i);
uint64_t kb_hist_bucket_high(unsigned int i);

/*
 * The nearest-rank percentile P (0 < P <= 100) as the midpoint of its
 * bucket, clamped to the exact minimum and maximum; 0 when empty.
 */
double kb_hist_percentile(const struct kb_hist *h, double p);
double kb_hist_mean(const struct kb_hist *h);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One benchmark compared between two runs: its statistics (statistics.h
 * applied to the two sets of repetitions), the verdict a CI job gates on,
 * and how many repetitions would settle an inconclusive one. Every random
 * draw is seeded from the benchmark's name, so the same inputs always give
 * the same numbers. docs/compare.md states the methods.
 */
#ifndef KBENCH_VERDICT_H
#define KBENCH_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/comparison.h"

#define KB_CMP_BOOT_ITERS 2000
#define KB_CMP_LEVEL 0.95
#define KB_CMP_POWER 0.8
#define KB_CMP_SEED 0x6b62656e6368ULL	/* "kbench" */

/* The bootstrap seed of the benchmark NAME: KB_CMP_SEED ^ FNV-1a(NAME). */
uint64_t kb_cmp_seed(const char *name);

/* Everything but the verdict; SEED drives the bootstrap. 0 or -errno. */
int kb_cmp_stats(const double *a, size_t na, const double *b, size_t nb,
		 uint64_t seed, struct kb_cmp_stats *s);

/*
 * The verdict from the statistics and the BH-adjusted U p-value Q:
 * regression/improvement when Q < ALPHA and the change is at least
 * THRESHOLD_PCT in that direction; unchanged when the change is below the
 * threshold and either significant or with a CI inside +-THRESHOLD_PCT;
 * inconclusive otherwise.
 */
enum kb_verdict kb_cmp_verdict(const struct kb_cmp_stats *s, double q,
			       bool higher_is_better, double threshold_pct,
			       double alpha);

/* Repetitions per side an inconclusive comparison would need. */
unsigned int kb_cmp_reps_needed(const struct kb_cmp_stats *s,
				double threshold_pct, double alpha);

/*
 * The median of the N values V and its percentile bootstrap CI at
 * KB_CMP_LEVEL (KB_CMP_BOOT_ITERS resamples drawn from SEED); one value
 * gives the value itself as both bounds. 0, -EINVAL (N is 0) or -ENOMEM.
 */
int kb_cmp_median_ci(const double *v, size_t n, uint64_t seed, double *med,
		     double *lo, double *hi);

#endif

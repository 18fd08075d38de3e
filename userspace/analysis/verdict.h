/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One benchmark compared between two runs: its statistics (statistics.h
 * applied to the two sets of repetitions, and the noise model of boots.h),
 * which test decides, the verdict a CI job gates on, and how many
 * repetitions or boots would settle an inconclusive one. Every random
 * draw is seeded from the benchmark's name, so the same inputs always give
 * the same numbers. docs/compare.md states the methods and the rules.
 */
#ifndef KBENCH_VERDICT_H
#define KBENCH_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boots.h"
#include "model/comparison.h"

#define KB_CMP_BOOT_ITERS 2000
/* Values per side below which no verdict but inconclusive is given. */
#define KB_CMP_MIN_VALUES 3
#define KB_CMP_LEVEL 0.95
#define KB_CMP_POWER 0.8
#define KB_CMP_SEED 0x6b62656e6368ULL	/* "kbench" */

/* The bootstrap seed of the benchmark NAME: KB_CMP_SEED ^ FNV-1a(NAME). */
uint64_t kb_cmp_seed(const char *name);

/*
 * Everything but the verdict, for the sides A and B with the boot of each
 * value; PRIOR stands in for the between-boot variance the boots cannot
 * measure (boots.h), SEED drives the bootstrap (ITERS resamples; it
 * informs, the verdict does not rest on it). S->test is U until
 * kb_cmp_choose_test(). 0 or -errno.
 */
int kb_cmp_stats_boots(const struct kb_boot_sample *a,
		       const struct kb_boot_sample *b,
		       const struct kb_boot_prior *prior, uint64_t seed,
		       unsigned int iters, struct kb_cmp_stats *s);

/*
 * The same with every value from one boot (the repetition is the unit)
 * and KB_CMP_BOOT_ITERS resamples.
 */
int kb_cmp_stats(const double *a, size_t na, const double *b, size_t nb,
		 uint64_t seed, struct kb_cmp_stats *s);

/*
 * The test whose p-value goes into Benjamini-Hochberg across M decidable
 * benchmarks at ALPHA: the U test when the repetition is the unit and its
 * floor (kb_mwu_floor) is at most ALPHA / M, so that one clear change
 * could be called; the noise model's t otherwise. The choice depends on
 * the sizes only, never on the values, so each test keeps its level.
 */
void kb_cmp_choose_test(struct kb_cmp_stats *s, size_t m, double alpha);

/*
 * The verdict from the statistics and the BH-adjusted p-value Q of
 * S->test: inconclusive when S is not decidable (fewer than
 * KB_CMP_MIN_VALUES a side: S->missing says what is missing);
 * regression/improvement when Q < ALPHA, the test's direction agrees with
 * the change of the medians, and that change is at least THRESHOLD_PCT;
 * unchanged when the change is below the threshold and either Q < ALPHA
 * or the noise model's CI lies inside +-THRESHOLD_PCT; inconclusive
 * otherwise.
 */
enum kb_verdict kb_cmp_verdict(const struct kb_cmp_stats *s, double q,
			       bool higher_is_better, double threshold_pct,
			       double alpha);

/* Repetitions per side an inconclusive comparison would need. */
unsigned int kb_cmp_reps_needed(const struct kb_cmp_stats *s,
				double threshold_pct, double alpha);

/*
 * What an inconclusive verdict needs, into E: boots per side when the
 * boot is the unit (E->boots_needed), else repetitions (E->reps_needed).
 */
void kb_cmp_needed(struct kb_cmp_entry *e, double threshold_pct, double alpha);

/*
 * The median of the N values V and its percentile bootstrap CI at
 * KB_CMP_LEVEL (ITERS resamples drawn from SEED); one value gives the
 * value itself as both bounds. 0, -EINVAL (N or ITERS is 0) or -ENOMEM.
 */
int kb_cmp_median_ci(const double *v, size_t n, uint64_t seed,
		     unsigned int iters, double *med, double *lo, double *hi);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boots as a level of variance. Separate boots of one kernel differ far
 * more than repetitions inside one boot do, so when the two sides of a
 * comparison come from different boots, the boot, not the repetition, is
 * the unit of evidence: a one-way random-effects model on log values
 * (between-boot and within-boot variance components), tested with t on the
 * mean of boot means. Where the data cannot measure the between-boot
 * variance (one boot per side) a prior per mode and accelerator stands in,
 * and says so. Also the default threshold, which follows the mode's noise.
 * docs/compare.md states the model, the prior table and the rules.
 */
#ifndef KBENCH_BOOTS_H
#define KBENCH_BOOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/comparison.h"
#include "model/environment.h"

/* The default threshold of wall-clock (and unknown) modes, %. */
#define KB_THRESHOLD_WALLCLOCK 3.0
/* Deterministic: this many times the mode's boot-noise prior, at least ... */
#define KB_THRESHOLD_PRIOR_MULT 5.0
#define KB_THRESHOLD_FLOOR 0.1

/* The prior table (docs/compare.md), for tests and docs. */
extern const struct kb_boot_prior kb_boot_priors[];
extern const size_t kb_n_boot_priors;

/*
 * The prior of the environment E: the first entry of the table whose mode
 * and accelerator match; an environment that is not recorded, or matches
 * none, gets the last entry (the largest wall-clock noise).
 */
const struct kb_boot_prior *kb_boot_prior_of(const struct kb_env *e);

/* Of two environments (forced across modes): the larger prior. */
const struct kb_boot_prior *kb_boot_prior_pair(const struct kb_env *a,
					       const struct kb_env *b);

/*
 * The threshold when --threshold is not given: KB_THRESHOLD_WALLCLOCK for
 * wall-clock time, and for deterministic mode KB_THRESHOLD_PRIOR_MULT
 * times its prior, at least KB_THRESHOLD_FLOOR; of two environments, the
 * larger. RULE (LEN bytes) says how it was derived.
 */
double kb_default_threshold(const struct kb_env *a, const struct kb_env *b,
			    char *rule, size_t len);

/* One side of a benchmark: its values and the boot of each. */
struct kb_boot_sample {
	const double *v;
	/* Per value, an id shared by both sides: equal ids, the same boot.
	 * NULL: every value from boot 0. */
	const size_t *boot;
	size_t n;
};

/*
 * M from the two sides A (base) and B (new): the estimate, CI at LEVEL,
 * t, df and two-sided p of the change of the mean of boot means of log
 * values. PRIOR (may be NULL) stands in for the between-boot variance
 * the boots cannot measure, weighted by its df against theirs. M->valid
 * is false, with M->why, when the values say nothing about the noise or
 * a value is not positive. 0, or -ENOMEM.
 */
int kb_boot_model(const struct kb_boot_sample *a, const struct kb_boot_sample *b,
		  const struct kb_boot_prior *prior, double level,
		  struct kb_cmp_model *m);

/*
 * Boots per side that would resolve a change of THRESHOLD_PCT at ALPHA
 * with POWER, given M's noise of a boot mean (normal theory); at least one
 * more than the larger side has.
 */
unsigned int kb_boots_needed(const struct kb_cmp_model *m, double threshold_pct,
			     double alpha, double power);

#endif

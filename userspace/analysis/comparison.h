/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare's analysis, start to end: whether the two runs were
 * measured like for like (model/env_diff.h), which benchmarks compare,
 * their statistics with the boots as a level of variance (verdict.h,
 * boots.h), Benjamini-Hochberg across them, the verdicts, and for every
 * regression and improvement the profile difference (profile_diff.h) and
 * the counters per operation. The result is the typed model of
 * model/comparison.h, which every output renders.
 */
#ifndef KBENCH_ANALYSIS_COMPARISON_H
#define KBENCH_ANALYSIS_COMPARISON_H

#include "model/comparison.h"
#include "model/results.h"

/* One result as the user named it (kb_results_locate). */
struct kb_cmp_input {
	const struct kb_results *r;
	const char *dir;	/* where results.json and profiles/ are */
	const char *file;	/* results.json, for "missing in FILE" */
};

/* How to compare. */
struct kb_cmp_options {
	double threshold_pct;	/* the smallest change that counts; NAN: the mode's */
	double alpha;		/* the false discovery rate */
	bool force;		/* compare environments that invalidate it */
	const char *fail_on;	/* recorded in compare.json; NULL: "regression" */
	/* Bootstrap resamples of the CIs that inform (0: KB_CMP_BOOT_ITERS). */
	unsigned int boot_iters;
};

/*
 * Compares NEW against BASE: every benchmark of either, in BASE's order
 * and then NEW's others. Returns 0 with *OUT (kb_comparison_free);
 * -EXDEV when the environments differ in a field that invalidates the
 * comparison and O->force is not set, with WHY (LEN bytes) naming the
 * fields; or -ENOMEM.
 */
int kb_comparison_build(const struct kb_cmp_input *base,
			const struct kb_cmp_input *new,
			const struct kb_cmp_options *o,
			struct kb_comparison **out, char *why, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare's analysis, start to end: which benchmarks of two results
 * compare like for like, their statistics (verdict.h), Benjamini-Hochberg
 * across them, the verdicts, and for every regression and improvement the
 * profile difference (profile_diff.h) and the counters per operation. The
 * result is the typed model of model/comparison.h, which every output
 * renders.
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

/*
 * Compares NEW against BASE: every benchmark of either, in BASE's order
 * and then NEW's others. THRESHOLD_PCT is the smallest change that counts,
 * ALPHA the false discovery rate. Returns 0 with *OUT (kb_comparison_free),
 * or -ENOMEM.
 */
int kb_comparison_build(const struct kb_cmp_input *base,
			const struct kb_cmp_input *new, double threshold_pct,
			double alpha, struct kb_comparison **out);

#endif

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
#include "util/strmap.h"

/* One result as the user named it (kb_results_locate). */
struct kb_cmp_input {
	const struct kb_results *r;
	const char *dir;	/* where results.json and profiles/ are */
	const char *file;	/* results.json, for "missing in FILE" */
	/*
	 * The kernel functions of the build it ran on (kb_profile_diff_builds()),
	 * or NULL: then whether a function appeared or vanished is not known.
	 */
	const struct kb_strmap *syms;
	const char *label;	/* the name the user gave it, or NULL */
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

/*
 * Several runs against one base: IN[0] is the base, each of IN[1..N-1]
 * is compared with it (kb_comparison_build(), every pair with the same
 * options), and the benchmarks of all of them are lined up as rows: the
 * base's in its order, then the others' as they first appear. Returns 0
 * with *OUT (kb_cmp_set_free); -EINVAL when two runs have the same label;
 * -EXDEV when a pair is not like for like (without O->force), WHY naming
 * the run; or -ENOMEM.
 */
int kb_cmp_set_build(const struct kb_cmp_input *in, size_t n,
		     const struct kb_cmp_options *o, struct kb_cmp_set **out,
		     char *why, size_t len);

#endif

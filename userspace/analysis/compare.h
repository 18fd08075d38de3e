/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare: the statistics of one benchmark compared between two runs,
 * its verdict, and the profile difference behind it. cmd_compare() (in
 * compare.c) drives these; they are exposed for the tests. docs/compare.md
 * documents the methods and compare.json.
 */
#ifndef KBENCH_COMPARE_H
#define KBENCH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "statistics.h"

#define KB_COMPARE_SCHEMA "kbench-compare/1"
#define KB_CMP_BOOT_ITERS 2000
#define KB_CMP_LEVEL 0.95
#define KB_CMP_POWER 0.8
#define KB_CMP_SEED 0x6b62656e6368ULL	/* "kbench" */

enum kb_verdict {
	KB_UNCHANGED,
	KB_REGRESSION,
	KB_IMPROVEMENT,
	KB_INCONCLUSIVE,
};

const char *kb_verdict_name(enum kb_verdict v);

struct kb_cmp_stats {
	size_t na, nb;
	double med_a, med_b;
	double change_pct;	/* (med_b - med_a) / |med_a| * 100 */
	bool ci_valid;
	double ci_lo, ci_hi;	/* bootstrap CI of change_pct */
	double cov_pct;		/* pooled: sqrt((cov_a^2 + cov_b^2) / 2) */
	struct kb_mwu u;
	bool welch_valid;	/* two values on each side */
	struct kb_welch w;
};

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
 * The profile difference between the folded files BASE[NA] and NEW[NB]
 * (one per repetition): per function, the self share of every repetition
 * and the growth in percentage points with a Welch confidence interval
 * across repetitions; the same per stack; the culprit and the path that
 * grew. DIRECTION is +1 to rank growth first (regression), -1 to rank
 * shrinkage first (improvement). Returns 0 with *OUT, or -errno with WHY.
 */
int kb_profile_diff(const char *const *base, size_t na,
		    const char *const *new, size_t nb, int direction,
		    json_t **out, char *why, size_t why_len);

/*
 * Writes to F the differential flamegraph of the folded profiles BASE[NA]
 * and NEW[NB] (one per repetition): the layout of NEW's stacks, every
 * repetition merged, each frame coloured by the change of its self share
 * (the stack ending in it, as in kb_profile_diff's "stacks"): red where it
 * grew, blue where it shrank, saturated in proportion to the change where
 * the 95 % CI excludes 0, neutral grey otherwise. Tooltips give base %,
 * new %, delta (pp) and CI of the self and the total share. TITLE heads it.
 * Returns 0, or -errno with WHY.
 */
int kb_diff_flame_write(const char *const *base, size_t na,
			const char *const *new, size_t nb, const char *title,
			FILE *f, char *why, size_t why_len);

/*
 * The file name of a benchmark's output: PREFIX, NAME with '/' replaced by
 * '-', SUFFIX ("diff-", "syscall/null", ".svg" -> "diff-syscall-null.svg").
 */
void kb_cmp_file_name(char *buf, size_t len, const char *prefix,
		      const char *name, const char *suffix);

/*
 * compare_html.c: from compare.json (ROOT), the charts in DIR/charts/
 * (kb_chart_render; when gnuplot is missing, *GNUPLOT_MISSING is set and
 * only their data and scripts are written) and DIR/compare.html, which
 * embeds the charts and DIR/diff-*.svg. Returns 0 or -1 after printing the
 * error.
 */
int kb_compare_charts(const char *dir, json_t *root, bool *gnuplot_missing);
int kb_compare_html(const char *dir, json_t *root, bool gnuplot_missing);

#endif

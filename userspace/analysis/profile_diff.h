/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where did the time go between two runs: the profile difference behind a
 * regression or an improvement. Every repetition's profile counts once:
 * per function its self share of that repetition's samples, per stack its
 * share, and across repetitions the growth in percentage points with a
 * Welch confidence interval. docs/compare.md states the method.
 */
#ifndef KBENCH_PROFILE_DIFF_H
#define KBENCH_PROFILE_DIFF_H

#include <stddef.h>

#include "model/comparison.h"

/* Ranked functions kept in the profile difference (and compare.json). */
#define KB_CMP_FUNCS 50

/*
 * The profile difference between the folded files BASE[NA] and NEW[NB]
 * (one per repetition, read with kb_stacks_read()): every function's self
 * share and every stack's share with its change, ranked; the culprit and
 * the path that grew; NEW's stacks merged, for the differential
 * flamegraph. Frames without a symbol carry addresses that ASLR moves,
 * so "0x7f..." compares as "[unknown]" (and "DSO+0x..." as
 * "DSO+[unknown]"). DIRECTION is +1 to rank growth first (regression), -1
 * to rank shrinkage first (improvement).
 *
 * Returns 0 with OUT filled (available, all but its counters), or -errno
 * with WHY (-ENODATA: a side has no samples) and OUT empty.
 */
int kb_profile_diff(const char *const *base, size_t na,
		    const char *const *new, size_t nb, int direction,
		    struct kb_cmp_profile *out, char *why, size_t why_len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where did the time go between two runs: the profile difference behind a
 * regression or an improvement. Every repetition's profile counts once:
 * per function its self share of that repetition's samples, per stack its
 * share, and across repetitions the growth in percentage points with a
 * Welch confidence interval. Frames compare by function, whatever copies
 * of it the compiler made in either build. docs/compare.md states the
 * method.
 */
#ifndef KBENCH_PROFILE_DIFF_H
#define KBENCH_PROFILE_DIFF_H

#include <stddef.h>

#include "model/comparison.h"
#include "util/strmap.h"

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

/*
 * kb_profile_diff() between two kernel builds: SYMS[0] and SYMS[1] hold
 * the kernel functions each build has (kallsyms, as frames: "name_[k]",
 * "name [module]_[k]", through kb_frame_key()), so that a function only
 * one of them has is marked appeared or vanished (struct kb_cmp_share's
 * presence). SYMS NULL, or either NULL: not known.
 */
int kb_profile_diff_builds(const char *const *base, size_t na,
			   const char *const *new, size_t nb,
			   const struct kb_strmap *const syms[2], int direction,
			   struct kb_cmp_profile *out, char *why, size_t why_len);

/*
 * A folded frame (IN, N bytes) as profiles of different runs and builds
 * compare it: an address, which ASLR moves, as "[unknown]" ("0x7ffc..."),
 * "[unknown]_[k]" or "libc.so.6+[unknown]"; a function without the
 * suffixes the compiler gives the copies it makes (".isra.0",
 * ".constprop.0", ".part.0", ".cold", ".lto_priv.0", ".llvm.NUMBER",
 * ".localalias", in any combination; C++ " [clone .isra.0]"), so that
 * "do_sys_openat2.isra.0_[k]" of one build is "do_sys_openat2_[k]" of
 * another. A new string, or NULL when out of memory.
 */
char *kb_frame_key(const char *in, size_t n);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Several results of one suite merged into one (`kbench merge`): the runs
 * of several boots of one kernel, so that `kbench compare` sees the boot
 * as a level of variance. Values are concatenated per benchmark with the
 * boot each came from (inputs of one boot stay one boot), profile
 * directories rebased to resolve from the merged result's directory,
 * profiled values concatenated, the environment of the first input kept.
 * docs/compare.md describes it.
 */
#ifndef KBENCH_RESULTS_MERGE_H
#define KBENCH_RESULTS_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

/*
 * Whether the boot id ID names no boot ("", "unknown", "unknown-N"):
 * results that did not record their boot. Such a boot is never taken for
 * the same boot as another, in a merge or a comparison.
 */
bool kb_boot_unknown(const char *id);

/* One result to merge, as the user named it (kb_results_locate). */
struct kb_merge_input {
	const struct kb_results *r;
	const char *dir;	/* its directory: profile dirs are relative to it */
	const char *file;	/* its results.json, for messages */
};

/*
 * Merges the N inputs IN into *OUT (kb_results_free), to be written into
 * OUT_DIR, which must exist: profile directories are made relative to it.
 * The inputs must be of one suite, with the same parameters that change
 * what a benchmark measures (seconds, warmup_seconds, per_cpu, threads,
 * io) and the same environment field by field (env_diff.h); otherwise
 * -EXDEV with WHY naming the input and the fields, unless FORCE. A
 * benchmark whose metric or unit differs between inputs cannot be merged
 * (-EINVAL), FORCE or not. 0, or -errno with WHY (LEN bytes).
 */
int kb_results_merge(const struct kb_merge_input *in, size_t n,
		     const char *out_dir, bool force, struct kb_results **out,
		     char *why, size_t len);

#endif

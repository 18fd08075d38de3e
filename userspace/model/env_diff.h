/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two runs' environments side by side, field by field: what `kbench
 * compare` shows and checks before any verdict (like for like), and what
 * `kbench merge` requires of the results it merges. A field a run does not
 * record (results before 1.1, or a fact the run could not read) is
 * unknown: it neither differs nor invalidates. docs/compare.md lists the
 * fields and which of them invalidate a comparison.
 */
#ifndef KBENCH_ENV_DIFF_H
#define KBENCH_ENV_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "results.h"

#define KB_ENV_FIELDS 20

struct kb_env_field {
	const char *name;	/* as in results.json ("accelerator", "cpus") */
	const char *label;	/* for people ("accelerator", "CPUs") */
	bool numeric;		/* num[] holds the values (JSON numbers) */
	char val[2][1024];	/* base, new; "" when not recorded */
	double num[2];
	bool known[2];
	bool differs;		/* known on both sides and not equal */
	/* Differs, and the field decides whether values compare at all. */
	bool invalidates;
};

struct kb_env_diff {
	bool recorded[2];	/* the run has an environment (results >= 1.1) */
	size_t n;
	struct kb_env_field f[KB_ENV_FIELDS];
	size_t n_differ, n_invalid;
};

/* Whether E says anything at all (results before 1.1 say nothing). */
bool kb_env_recorded(const struct kb_env *e);

/*
 * D from the environments of A (base) and B (new): mode, accelerator,
 * timing, cpus, clocksource, memory_kb, kernel, the kernel's build and
 * configuration (kernel_build, preempt, hz, nohz, config_mitigations,
 * init_on_alloc, init_on_free, debug), cmdline, mitigations, thp, governor
 * and kbench_version. Mode, accelerator, timing and cpus invalidate a
 * comparison when they differ.
 */
void kb_env_diff(const struct kb_results *a, const struct kb_results *b,
		 struct kb_env_diff *d);

/*
 * "mode (deterministic vs wallclock), cpus (1 vs 2)" into BUF (LEN bytes):
 * the fields that invalidate, or with ALL every field that differs.
 */
void kb_env_diff_names(const struct kb_env_diff *d, bool all, char *buf,
		       size_t len);

/*
 * compare.json's "environment": {recorded: {base, new}, forced, invalid,
 * fields: {NAME: {base, new, differs, invalidates}}}; unknown values are
 * null. NULL when out of memory.
 */
json_t *kb_env_diff_json(const struct kb_env_diff *d, bool forced);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a hot function is doing, from its name and its callers: a table of
 * shell patterns (fnmatch) on bare function names, in analysis/categories.c,
 * and one short recommendation per category. Extend the table there.
 */
#ifndef KBENCH_CATEGORIES_H
#define KBENCH_CATEGORIES_H

#include <stdbool.h>
#include <stddef.h>

enum kb_category {
	KB_CAT_OTHER,		/* nothing matched */
	KB_CAT_IDLE,
	KB_CAT_LOCK,
	KB_CAT_ALLOC,
	KB_CAT_COPY,
	KB_CAT_FAULT,
	KB_CAT_BLOCK,
	KB_CAT_FS,
	KB_CAT_NET,
	KB_CAT_SCHED,
	KB_CAT_IRQ,
	KB_CAT_TIME,
	KB_CAT_SYSCALL,
	KB_CAT_USER,		/* user code no pattern knows */
	KB_CAT_COUNT
};

/* "memory allocation", "lock contention", ... */
const char *kb_category_name(enum kb_category c);
/* A short identifier for scripts: "alloc", "lock", ... */
const char *kb_category_id(enum kb_category c);
const char *kb_category_advice(enum kb_category c);

/*
 * The bare function of a folded frame: "func [mod]_[k]" and "func_[k]" give
 * "func" (LEN bytes at the returned pointer); *KERNEL says whether the frame
 * was a kernel one and *MOD and *MODLEN the module, if any (else NULL, 0).
 */
const char *kb_frame_func(const char *frame, size_t flen, size_t *len,
			  bool *kernel, const char **mod, size_t *modlen);

/* The category of one frame, KB_CAT_OTHER when no pattern matches it. */
enum kb_category kb_category_frame(const char *frame, size_t flen);

/*
 * The category of a stack's leaf: its own category, else the first
 * category found among its callers, innermost first, else KB_CAT_USER for
 * a user frame and KB_CAT_OTHER for a kernel one. FRAMES[0] is the root
 * (the comm), FRAMES[N - 1] the leaf; LENS their lengths.
 */
enum kb_category kb_category_stack(const char *const *frames,
				   const size_t *lens, size_t n);

#endif

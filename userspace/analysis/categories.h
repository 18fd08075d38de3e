/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a hot function is doing, from its name and its callers: a table of
 * shell patterns (fnmatch) on bare function names, in analysis/categories.c,
 * a few rules over a stack (page zeroing at allocation, sampling
 * artefacts, libc syscall wrappers), and one short recommendation per
 * category where the pattern supports one. Extend the table there.
 */
#ifndef KBENCH_CATEGORIES_H
#define KBENCH_CATEGORIES_H

#include <stdbool.h>
#include <stddef.h>

enum kb_category {
	KB_CAT_OTHER,		/* nothing matched */
	KB_CAT_IDLE,
	KB_CAT_LOCK,		/* contention: a lock's slow path */
	KB_CAT_LOCKING,		/* taking and releasing locks, no slow path */
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
	KB_CAT_IRQ_ON,		/* artefact: where interrupts come back on */
	KB_CAT_MEMINIT,		/* init_on_alloc / init_on_free zeroing */
	KB_CAT_ZEROING,		/* pages zeroed at allocation, reason unknown */
	KB_CAT_COUNT
};

/* "memory allocation", "lock contention", ... */
const char *kb_category_name(enum kb_category c);
/* A short identifier for scripts: "alloc", "lock", ... */
const char *kb_category_id(enum kb_category c);
/* The recommendation, or NULL where no pattern supports one (other, user). */
const char *kb_category_advice(enum kb_category c);

/* Kernel settings the rules take into account (-1: unknown). */
struct kb_cat_ctx {
	int init_on_alloc, init_on_free;
};

/*
 * The bare function of a folded frame: "func [mod]_[k]" and "func_[k]" give
 * "func" (LEN bytes at the returned pointer); *KERNEL says whether the frame
 * was a kernel one and *MOD and *MODLEN the module, if any (else NULL, 0).
 */
const char *kb_frame_func(const char *frame, size_t flen, size_t *len,
			  bool *kernel, const char **mod, size_t *modlen);

/*
 * The category of one frame as a leaf, KB_CAT_OTHER when no pattern
 * matches it. A user frame that is a libc syscall wrapper ("__libc_write",
 * "__pwrite") is KB_CAT_SYSCALL.
 */
enum kb_category kb_category_frame(const char *frame, size_t flen);

/*
 * The syscall a libc wrapper frame stands for ("__libc_write" -> "write",
 * "__pwrite" -> "pwrite64") into OUT, or false when FRAME (a user frame)
 * is none.
 */
bool kb_frame_syscall(const char *frame, size_t flen, char *out, size_t len);

/*
 * What the classification of one frame needs, computed once per frame
 * name (the hotspots cache it): its category as the leaf, as a caller,
 * and its roles in the stack rules.
 */
struct kb_frame_class {
	unsigned char leaf, outer;	/* enum kb_category */
	unsigned char roles;		/* KB_ROLE_* */
	bool kernel;
};

void kb_frame_classify(const char *frame, size_t flen, struct kb_frame_class *fc);

/*
 * The category of a stack of classified frames, root first (FC[0], the
 * comm) and leaf last: the rules for a zeroing leaf (an anonymous fault's
 * page is FAULT; a page zeroed by the allocator is MEMINIT when CTX says
 * init_on_alloc, ALLOC when it is off, ZEROING when unknown), else the
 * leaf's own category, else the innermost caller's that has one, else
 * USER for a user leaf and OTHER for a kernel one. *DEPTH (may be NULL)
 * gets how far from the leaf the deciding frame was (0: the leaf).
 */
enum kb_category kb_category_decide(const struct kb_frame_class *fc, size_t n,
				    const struct kb_cat_ctx *ctx, size_t *depth);

/* The same from frame names (FRAMES[N], LENS their lengths). */
enum kb_category kb_category_stack(const char *const *frames,
				   const size_t *lens, size_t n,
				   const struct kb_cat_ctx *ctx);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Folded stacks in memory, for the flamegraph and hotspot categories: every
 * distinct frame name is interned once (an id), every stack is a run of ids
 * from the root (the comm) to the leaf. Equal stacks are merged as they are
 * read, and reading several files adds to the same set, so a benchmark's
 * repetitions aggregate.
 */
#ifndef KBENCH_STACKS_H
#define KBENCH_STACKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kb_stack {
	size_t first;		/* index of the root frame in ids[] */
	uint32_t n;		/* frames, root to leaf */
	uint64_t count;
	uint64_t hash;		/* of the stack's text, to merge equal ones */
	double frac;		/* fractional counts read, not yet whole */
};

struct kb_stacks {
	char **names;		/* frame id -> name */
	size_t *name_lens;
	size_t n_names, cap_names;
	uint32_t *ids;		/* the frames of every stack */
	size_t n_ids, cap_ids;
	struct kb_stack *s;
	size_t n, cap;
	uint64_t samples;	/* sum of the counts */
	uint32_t *hash;		/* names, open addressing: id + 1, 0 empty */
	size_t hash_cap;
	size_t *shash;		/* stacks, open addressing: index + 1 */
	size_t shash_cap;
};

void kb_stacks_init(struct kb_stacks *st);
void kb_stacks_free(struct kb_stacks *st);

/*
 * Appends the stacks of a folded file, read as FlameGraph reads one:
 * "frame;frame;... COUNT" lines, the count after the last blank (spaces
 * or tabs); blank lines and comments ("# ...") skipped. Fractional counts
 * ("0.25", weighted samples) are summed per stack, and each stack's sum
 * rounded to whole samples at the end of the file. Returns 0, -EPROTO
 * with *LINE set to the first malformed line (callers name the file), or
 * -errno.
 */
int kb_stacks_read(struct kb_stacks *st, FILE *f, size_t *line);

/*
 * Adds COUNT samples of the stack TEXT: LEN bytes of frame names, root
 * first, separated by ';' (a folded line without its count). Returns 0 or
 * -errno.
 */
int kb_stacks_add_stack(struct kb_stacks *st, const char *text, size_t len,
			uint64_t count);

/* Adds every stack of SRC to ST. Returns 0 or -errno. */
int kb_stacks_add(struct kb_stacks *st, const struct kb_stacks *src);

/* The id of NAME (LEN bytes), or -1 when no stack has it. */
int64_t kb_stacks_lookup(const struct kb_stacks *st, const char *name,
			 size_t len);

/* Sorts the stacks by frame names, root first (FlameGraph's order). */
int kb_stacks_sort(struct kb_stacks *st);

/* Writes the stacks in folded form (sort them first for a canonical file). */
int kb_stacks_write(const struct kb_stacks *st, FILE *f);

#endif

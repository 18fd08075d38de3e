/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Function statistics of a folded-stack profile: for every frame name, the
 * samples where it is the leaf (self) and the samples whose stack contains
 * it at least once (total, so recursion is not counted twice). The shared
 * base of hotspot reports and profile comparisons.
 */
#ifndef KBENCH_FSTATS_H
#define KBENCH_FSTATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/stacks.h"

struct kb_fstat {
	char *name;		/* frame as in the folded file */
	uint64_t self, total;
};

struct kb_fstats {
	struct kb_fstat *f;	/* sorted by self, then total, descending */
	size_t n;
	uint64_t samples;	/* sum of every stack's count */
	uint64_t stacks;	/* distinct stacks */
};

/* The statistics of the stacks in ST. 0 or -ENOMEM. */
int kb_fstats_from_stacks(struct kb_fstats *fs, const struct kb_stacks *st);

/*
 * Reads a folded file ("frame;frame;... COUNT" per line). Returns 0,
 * -EPROTO with *LINE set to the first malformed line, or -errno.
 */
int kb_fstats_read(struct kb_fstats *fs, FILE *f, size_t *line);
void kb_fstats_free(struct kb_fstats *fs);

/* The entry for NAME, or NULL. */
const struct kb_fstat *kb_fstats_find(const struct kb_fstats *fs,
				      const char *name);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differential flamegraph of a profile difference (model/comparison.h):
 * the layout of NEW's stacks, every repetition merged, each frame coloured
 * by the change of its self share (the stack ending in it, as in the
 * profile's stacks[]): red where it grew, blue where it shrank, saturated
 * in proportion to the change where the 95 % CI excludes 0, neutral grey
 * otherwise. Tooltips give base %, new %, delta (pp) and CI of the self
 * and the total share. Drawn by flamegraph.h.
 */
#ifndef KBENCH_DIFF_FLAMEGRAPH_H
#define KBENCH_DIFF_FLAMEGRAPH_H

#include <stddef.h>
#include <stdio.h>

#include "model/comparison.h"

/* The file of BENCH's graph in an output directory: "diff-syscall-null.svg". */
void kb_diff_flame_file(char *buf, size_t len, const char *bench);

/* Writes the graph of the available profile P to F. 0, or -errno with WHY. */
int kb_diff_flame_write(const struct kb_cmp_profile *p, const char *title,
			FILE *f, char *why, size_t why_len);

/*
 * DIR/diff-BENCH.svg of the entry E, whose profile is available, written
 * whole or not at all. 0, or -errno with WHY naming the file.
 */
int kb_diff_flame_save(const char *dir, const struct kb_cmp_entry *e,
		       char *why, size_t why_len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbolized stacks in FlameGraph's folded format: one line per distinct
 * stack, "comm;outermost;...;innermost COUNT". User frames come first
 * (outermost at the root), then kernel frames, which carry FlameGraph's
 * "_[k]" suffix; module functions read "func [module]_[k]". Frames that no
 * symbol covers keep their address ("0xffffffff81234567_[k]",
 * "libc.so.6+0x1234" or "0x7f...").
 */
#ifndef KBENCH_FOLDED_H
#define KBENCH_FOLDED_H

#include <stdint.h>
#include <stdio.h>
#include <linux/kbench.h>

#include "ksyms.h"
#include "usyms.h"

struct kb_proc {
	uint32_t pid;
	char comm[32];
	struct kb_umaps maps;
};

struct kb_folded {
	const struct kb_ksyms *ksyms;
	struct kb_proc *procs;		/* by pid, as captured */
	size_t nprocs;
	struct kb_elf_cache *elfs;
	void *stacks;			/* json object: stack -> count */
	uint64_t samples;
};

int kb_folded_init(struct kb_folded *fo, const struct kb_ksyms *ksyms);
void kb_folded_free(struct kb_folded *fo);

/* Records a process's name and executable mappings (MAPS may be NULL). */
int kb_folded_add_proc(struct kb_folded *fo, uint32_t pid, const char *comm,
		       FILE *maps);
const struct kb_proc *kb_folded_proc(const struct kb_folded *fo, uint32_t pid);

/* Symbolizes S and counts its stack. */
int kb_folded_add(struct kb_folded *fo, const struct kbench_sample *s);

/* Writes every stack, sorted, as "stack count\n". */
int kb_folded_write(const struct kb_folded *fo, FILE *f);

#endif

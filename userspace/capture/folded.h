/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbolized stacks in FlameGraph's folded format: one line per distinct
 * stack, "comm;outermost;...;innermost COUNT". User frames come first
 * (outermost at the root), then kernel frames, which carry FlameGraph's
 * "_[k]" suffix; module functions read "func [module]_[k]". Frames that no
 * symbol covers keep their address ("0xffffffff81234567_[k]"), or for user
 * frames their file and offset ("libc.so.6+0x1234", "[vdso]+0x9a0"). A
 * user walk that leaves the process's executable mappings ends there as
 * "[unknown]" (usyms.h); without captured mappings the addresses stay
 * ("0x7f..."). A sample with a copied user stack gets its user frames from
 * the DWARF unwinder (unwind.h) instead; an unwind that did not reach the
 * outermost frame ends as "[unknown]" too.
 *
 * This module owns the symbolizing: it turns each sample into its stack
 * and counts it in a struct kb_stacks (model/stacks.h), which the caller
 * owns; kb_stacks_sort() and kb_stacks_write() then make the file.
 */
#ifndef KBENCH_FOLDED_H
#define KBENCH_FOLDED_H

#include <stdint.h>
#include <stdio.h>
#include <linux/kbench.h>

#include "ksyms.h"
#include "unwind.h"
#include "usyms.h"
#include "model/samples.h"
#include "model/stacks.h"

struct kb_proc {
	uint32_t pid;
	char comm[32];
	struct kb_umaps maps;
	struct kb_unwinder *unw;	/* made at its first copied stack */
};


struct kb_folded {
	const struct kb_ksyms *ksyms;
	struct kb_proc *procs;		/* by pid, as captured */
	size_t nprocs;
	struct kb_elf_cache *elfs;
	struct kb_stacks *stacks;	/* where the stacks go; the caller's */
	uint64_t samples;		/* symbolized by this kb_folded */
	uint64_t user_cut;		/* ... whose user walk ended as [unknown] */
	struct kb_dwarf_stats dwarf;
	char *buf;			/* the stack being built */
	size_t cap;
};

/* Symbolizes with KSYMS (may be NULL) into ST. 0 or -ENOMEM. */
int kb_folded_init(struct kb_folded *fo, const struct kb_ksyms *ksyms,
		   struct kb_stacks *st);

/* The vDSO image to symbolize "[vdso]" frames with (usyms.h). 0 or -ENOMEM. */
int kb_folded_set_vdso(struct kb_folded *fo, const char *path);
void kb_folded_free(struct kb_folded *fo);

/*
 * Records a process's name and executable mappings (MAPS may be NULL: its
 * user frames are then kept as addresses).
 */
int kb_folded_add_proc(struct kb_folded *fo, uint32_t pid, const char *comm,
		       FILE *maps);
const struct kb_proc *kb_folded_proc(const struct kb_folded *fo, uint32_t pid);

/* Symbolizes S and counts its stack. 0 or -ENOMEM. */
int kb_folded_add(struct kb_folded *fo, const struct kbench_sample *s);

#endif

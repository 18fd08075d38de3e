/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DWARF unwinding of the user stacks copied with samples (`kbench record
 * --unwind dwarf`): libdwfl replays the program's call-frame information
 * (.eh_frame, .debug_frame, also from a separate debug file) over the
 * registers and the top of the stack the module copied, against the
 * process's captured mappings. One unwinder per process keeps the files
 * and their CFI open across its samples.
 */
#ifndef KBENCH_UNWIND_H
#define KBENCH_UNWIND_H

#include <stdint.h>
#include <linux/kbench.h>

#include "usyms.h"

struct kb_unwinder;

/* How an unwind ended. */
enum kb_unwind_end {
	KB_UNWIND_DONE,		/* at the outermost frame (_start, a thread's start) */
	KB_UNWIND_TRUNCATED,	/* it needed stack beyond the bytes copied */
	KB_UNWIND_FAILED,	/* no call-frame information for a frame */
};

/* An unwinder for PID's mappings UM (which must outlive it); NULL: no memory. */
struct kb_unwinder *kb_unwinder_new(const struct kb_umaps *um, uint32_t pid);
void kb_unwinder_free(struct kb_unwinder *u);

/*
 * Unwinds US into PCS (at most MAX): the interrupted IP first, then each
 * caller's return address minus one (an address inside the call), so a
 * symbol lookup names the caller. Returns how many; *END says why it
 * stopped (a full PCS counts as TRUNCATED).
 */
int kb_unwind(struct kb_unwinder *u, const struct kbench_sample_ustack *us,
	      __u64 *pcs, int max, enum kb_unwind_end *end);

#endif

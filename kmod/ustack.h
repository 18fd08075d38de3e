/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User registers and the top of the user stack, copied with a sample for
 * the CLI's DWARF unwinder (struct kbench_sample_ustack).
 */
#ifndef _KBENCH_USTACK_H
#define _KBENCH_USTACK_H

#include <linux/types.h>

struct pt_regs;

/*
 * Fills DST (room for a struct kbench_sample_ustack and WANT bytes) from
 * the user registers REGS and the stack above their sp, and sets FLAGS.
 * Any context, hard interrupts included: never sleeps, allocates or
 * faults. Returns the bytes used, 8-aligned; 0 when WANT is 0 or the task
 * is not a 64-bit one.
 */
u32 kbench_ustack_copy(struct pt_regs *regs, void *dst, u32 want,
		       u8 *flags);

#endif /* _KBENCH_USTACK_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * User stacks for DWARF unwinding, as perf's --call-graph dwarf copies
 * them: the sampler's hard-irq timer callback copies the interrupted
 * task's user registers and the top WANT bytes of its user stack into the
 * record it is building (sized at START, so nothing is allocated here).
 * Pages are read with copy_from_user_nofault(), one at a time: the copy
 * ends at the first that cannot be read without a fault (the top of the
 * stack, a page swapped out) and says so, and an sp that is not a user
 * address reads nothing.
 */
#include <linux/kbench.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "ustack.h"

/* REGS in DWARF register order (UAPI: struct kbench_sample_ustack). */
static void copy_regs(const struct pt_regs *regs, __u64 *r)
{
	r[0] = regs->ax;
	r[1] = regs->dx;
	r[2] = regs->cx;
	r[3] = regs->bx;
	r[4] = regs->si;
	r[5] = regs->di;
	r[6] = regs->bp;
	r[7] = regs->sp;
	r[8] = regs->r8;
	r[9] = regs->r9;
	r[10] = regs->r10;
	r[11] = regs->r11;
	r[12] = regs->r12;
	r[13] = regs->r13;
	r[14] = regs->r14;
	r[15] = regs->r15;
	r[16] = regs->ip;
}

u32 kbench_ustack_copy(struct pt_regs *regs, void *dst, u32 want,
		       u8 *flags)
{
	struct kbench_sample_ustack *us = dst;
	unsigned long sp = regs->sp;
	u32 done = 0;

	BUILD_BUG_ON(KBENCH_UREGS != 17 || sizeof(*us) % 8);
	if (!want || !user_64bit_mode(regs))
		return 0;
	copy_regs(regs, us->regs);
	while (done < want) {
		unsigned long addr = sp + done;
		u32 chunk = min_t(unsigned long, want - done,
				  PAGE_SIZE - offset_in_page(addr));

		if (addr < sp ||
		    copy_from_user_nofault(us->stack + done,
					   (const void __user *)addr, chunk))
			break;
		done += chunk;
	}
	/* The record's padding never carries an earlier sample's bytes. */
	memset(us->stack + done, 0, ALIGN(done, 8) - done);
	us->size = done;
	us->reserved = 0;
	*flags |= KBENCH_SAMPLE_USER_STACK;
	if (done < want)
		*flags |= KBENCH_SAMPLE_USTACK_CUT;
	return sizeof(*us) + ALIGN(done, 8);
}

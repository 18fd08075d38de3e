/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sample ring in the session owner's memory: its pages pinned and mapped
 * into the kernel, so the timer callback writes where the owner reads.
 */
#ifndef _KBENCH_USER_RING_H
#define _KBENCH_USER_RING_H

#include <linux/types.h>

struct kbench_ring_ctl;
struct mm_struct;
struct netlink_ext_ack;
struct page;

struct kbench_user_ring {
	struct page **pages;	/* the slot's, control page first */
	unsigned int nr_pages;
	void *map;		/* all of them, contiguous in vmalloc space */
	struct kbench_ring_ctl *ctl;
	u8 *data;		/* the ring itself, a page in */
	struct mm_struct *mm;	/* charged for the pins (locked_vm) */
};

/*
 * Pins the slot at user address ADDR (page-aligned: a control page then
 * RING_SIZE bytes) of the calling process, charged to its locked memory,
 * and maps it. Process context. 0, -EFAULT when the memory is not the
 * caller's and writable, -EINVAL when it is not private anonymous memory,
 * -ENOMEM (also over RLIMIT_MEMLOCK without CAP_IPC_LOCK); EXTACK says
 * which.
 */
int kbench_user_ring_pin(struct kbench_user_ring *r, unsigned long addr,
			 u32 ring_size, struct netlink_ext_ack *extack);

/* Unmaps and unpins; a ring never pinned is left alone. May sleep. */
void kbench_user_ring_release(struct kbench_user_ring *r);

/* The region's length for RING_SIZE: a slot per CPU id; 0 on overflow. */
u64 kbench_user_ring_region_len(u32 ring_size);

#endif /* _KBENCH_USER_RING_H */

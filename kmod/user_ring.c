// SPDX-License-Identifier: GPL-2.0
/*
 * Sample rings in the session owner's memory.
 *
 * The reader maps nothing of the module's: it hands its own anonymous
 * memory over at START, and the module pins those pages for the session
 * (FOLL_LONGTERM: migrated out of movable zones first, never reclaimed)
 * and maps them into vmalloc space, where the timer callback writes without
 * faults. So no file or mapping of the module's outlives the session, and
 * the module can be unloaded while the reader still holds the memory:
 * teardown unpins, and the pages are the reader's again.
 *
 * The owner can write anywhere in its slot at any time. The module only
 * ever reads TAIL from it, and only to size the free space: positions it
 * writes at come from its own HEAD, kept apart (see the sampler).
 */
#include <linux/cpumask.h>
#include <linux/kbench.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "gfp.h"
#include "user_ring.h"

u64 kbench_user_ring_region_len(u32 ring_size)
{
	u64 len;

	if (check_mul_overflow((u64)PAGE_SIZE + ring_size, (u64)nr_cpu_ids, &len))
		return 0;
	return len;
}

int kbench_user_ring_pin(struct kbench_user_ring *r, unsigned long addr,
			 u32 ring_size)
{
	unsigned int n = 1 + ring_size / PAGE_SIZE;
	int pinned;

	r->pages = kvcalloc(n, sizeof(*r->pages), KBENCH_GFP_KV);
	if (!r->pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, r->pages);
	if (pinned != n) {
		if (pinned > 0)
			unpin_user_pages(r->pages, pinned);
		kvfree(r->pages);
		r->pages = NULL;
		return pinned < 0 && pinned != -EFAULT ? pinned : -EFAULT;
	}
	r->nr_pages = n;
	r->map = vmap(r->pages, n, VM_MAP, PAGE_KERNEL);
	if (!r->map) {
		unpin_user_pages(r->pages, n);
		kvfree(r->pages);
		r->pages = NULL;
		return -ENOMEM;
	}
	r->ctl = r->map;
	r->data = (u8 *)r->map + PAGE_SIZE;
	WRITE_ONCE(r->ctl->head, 0);
	WRITE_ONCE(r->ctl->size, ring_size);
	return 0;
}

void kbench_user_ring_release(struct kbench_user_ring *r)
{
	if (!r->pages)
		return;
	vunmap(r->map);
	/* The callback wrote them: dirty, should they be file pages. */
	unpin_user_pages_dirty_lock(r->pages, r->nr_pages, true);
	kvfree(r->pages);
	memset(r, 0, sizeof(*r));
}

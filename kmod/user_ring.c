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
#include <linux/mmap_lock.h>
#include <linux/sched/mm.h>
#include <net/netlink.h>
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

/*
 * Private anonymous memory only, mapped writable: a file's pages written
 * behind the file system's back (no page_mkwrite, no dirty tracking while
 * pinned) is what long-term pins of file memory get wrong. Lock held.
 */
static int check_anonymous(struct mm_struct *mm, unsigned long start,
			   unsigned long end)
{
	while (start < end) {
		struct vm_area_struct *vma = vma_lookup(mm, start);

		if (!vma || !(vma->vm_flags & VM_WRITE))
			return -EFAULT;
		if (!vma_is_anonymous(vma))
			return -EINVAL;
		start = vma->vm_end;
	}
	return 0;
}

/* Pins N pages at ADDR into R->pages; 0 or -errno, EXTACK says why. */
static int pin_pages(struct kbench_user_ring *r, struct mm_struct *mm,
		     unsigned long addr, unsigned int n,
		     struct netlink_ext_ack *extack)
{
	long pinned;
	int ret;

	/* One hold of the lock: the check holds for what is pinned. */
	mmap_read_lock(mm);
	ret = check_anonymous(mm, addr, addr + (unsigned long)n * PAGE_SIZE);
	pinned = ret ? 0 : pin_user_pages(addr, n, FOLL_WRITE | FOLL_LONGTERM,
					  r->pages, NULL);
	mmap_read_unlock(mm);
	if (!ret && pinned == n)
		return 0;
	if (pinned > 0)
		unpin_user_pages(r->pages, pinned);
	if (ret == -EINVAL) {
		NL_SET_ERR_MSG(extack, "the ring region must be private anonymous memory");
		return ret;
	}
	if (ret || pinned >= 0 || pinned == -EFAULT) {
		NL_SET_ERR_MSG(extack,
			       "the ring region is not writable memory of the caller");
		return -EFAULT;
	}
	NL_SET_ERR_MSG(extack, "cannot pin the ring region");
	return pinned;
}

int kbench_user_ring_pin(struct kbench_user_ring *r, unsigned long addr,
			 u32 ring_size, struct netlink_ext_ack *extack)
{
	unsigned int n = 1 + ring_size / PAGE_SIZE;
	struct mm_struct *mm = current->mm;
	int ret;

	if (!mm) {
		NL_SET_ERR_MSG(extack, "the caller has no memory to hold rings");
		return -EFAULT;
	}
	/* Charged like mlock()ed memory, as io_uring and RDMA charge pins. */
	ret = account_locked_vm(mm, n, true);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "the ring region exceeds the locked-memory limit (RLIMIT_MEMLOCK)");
		return ret;
	}
	r->pages = kvcalloc(n, sizeof(*r->pages), KBENCH_GFP_KV);
	ret = r->pages ? pin_pages(r, mm, addr, n, extack) : -ENOMEM;
	if (!ret) {
		r->map = vmap(r->pages, n, VM_MAP, PAGE_KERNEL);
		if (!r->map) {
			unpin_user_pages(r->pages, n);
			ret = -ENOMEM;
		}
	}
	if (ret) {
		if (ret == -ENOMEM)
			NL_SET_ERR_MSG(extack, "not enough memory to map the ring region");
		kvfree(r->pages);
		r->pages = NULL;
		account_locked_vm(mm, n, false);
		return ret;
	}
	mmgrab(mm);
	r->mm = mm;
	r->nr_pages = n;
	r->ctl = r->map;
	r->data = (u8 *)r->map + PAGE_SIZE;
	/* A region used before starts empty. */
	WRITE_ONCE(r->ctl->head, 0);
	WRITE_ONCE(r->ctl->tail, 0);
	WRITE_ONCE(r->ctl->size, ring_size);
	return 0;
}

void kbench_user_ring_release(struct kbench_user_ring *r)
{
	if (!r->pages)
		return;
	vunmap(r->map);
	unpin_user_pages_dirty_lock(r->pages, r->nr_pages, true);
	kvfree(r->pages);
	/* The owner may be gone: its mm struct is still ours to uncharge. */
	account_locked_vm(r->mm, r->nr_pages, false);
	mmdrop(r->mm);
	memset(r, 0, sizeof(*r));
}

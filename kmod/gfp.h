/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a session allocates: charged to the caller's memory cgroup, and
 * allowed to fail quietly rather than invoke the OOM killer or print an
 * allocation-failure splat. A session that cannot get its memory is
 * refused with -ENOMEM and a reason; the system keeps running.
 */
#ifndef _KBENCH_GFP_H
#define _KBENCH_GFP_H

#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#define KBENCH_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)

/*
 * For kvmalloc(): __GFP_RETRY_MAYFAIL there makes it try hard for
 * physically contiguous pages (compaction, reclaim) before its vmalloc
 * fallback, a cost the measured system would pay. Without it, kmalloc is
 * tried once and vmalloc takes over; the sampler's cap on its rings (an
 * eighth of memory) is what keeps that from the OOM killer.
 */
#define KBENCH_GFP_KV	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

/*
 * A zeroed cpumask of nr_cpu_ids bits, freed with kfree(). Not
 * zalloc_cpumask_var(): with CONFIG_DEBUG_PER_CPU_MAPS its failure prints
 * "alloc_cpumask_var: failed!" and a stack dump even under __GFP_NOWARN,
 * which a refused START must not do.
 */
static inline struct cpumask *kbench_alloc_cpumask(gfp_t gfp)
{
	return kzalloc(cpumask_size(), gfp);
}

#endif /* _KBENCH_GFP_H */

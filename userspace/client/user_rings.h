/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sample rings in kbench's own memory (KBENCH_A_SAMPLE_RING_ADDR): the
 * module pins them at START and writes records there; they are read in
 * place, without a copy through netlink. Layout: struct kbench_ring_ctl.
 */
#ifndef KBENCH_USER_RINGS_H
#define KBENCH_USER_RINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"
#include "sampler.h"

struct kb_user_rings;

/*
 * Maps a region for rings of RING_KB KiB (rounded up to a power of two, as
 * the module does) for every CPU id the kernel has (POSSIBLE: the text of
 * /sys/devices/system/cpu/possible, NULL to read it), not inherited by
 * children. 0 or -errno + WHY.
 */
int kb_user_rings_open(struct kb_user_rings **rp, uint32_t ring_kb,
		       const char *possible, char why[KB_NL_ERRLEN]);

/* Unmaps it; the module may still hold the pages until its session ends. */
void kb_user_rings_close(struct kb_user_rings *r);

/* Puts the region into sampler options, for START. */
void kb_user_rings_put(const struct kb_user_rings *r, struct kb_sampler_opts *o);

/*
 * Hands every record the rings hold to FN, a run of whole records at a
 * time where they lie (valid only during the call), then frees their
 * space. 0, FN's -errno, or -EPROTO (+ WHY) when a ring does not hold what
 * the module writes.
 */
int kb_user_rings_read(struct kb_user_rings *r, kb_samples_fn fn, void *arg,
		       char why[KB_NL_ERRLEN]);

/* Bytes of the region, all of which the module may pin. */
size_t kb_user_rings_len(const struct kb_user_rings *r);

/*
 * Whether this process may pin BYTES more: the module charges pinned rings
 * to locked memory, which RLIMIT_MEMLOCK bounds without CAP_IPC_LOCK.
 */
bool kb_memlock_allows(uint64_t bytes);

/* The highest CPU number in a cpulist ("0-3,8"), plus one; -EINVAL. */
int kb_cpulist_ids(const char *list, unsigned int *ids);

#endif

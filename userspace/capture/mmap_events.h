/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process names and executable mappings from the kernel's side-band
 * events (perf_event_open(2): a dummy software event on every CPU with
 * mmap2, comm and task records), for the processes that exit before a
 * drain can read their /proc/PID/maps. The per-CPU rings are read in
 * userspace whenever the recording polls; the kernel never wakes us.
 */
#ifndef KBENCH_MMAP_EVENTS_H
#define KBENCH_MMAP_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

struct kb_mmev;

/*
 * Opens an event and a ring of DATA_KB KiB (a power of two) on every
 * online CPU; events start at once. 0, or -errno (ENOENT, EINVAL: no such
 * event; EACCES, EPERM: not permitted; ENOSYS: no perf events).
 */
int kb_mmev_open(struct kb_mmev **mp, uint32_t data_kb);

/* Reads and applies what every ring holds; cheap when they are empty. */
void kb_mmev_poll(struct kb_mmev *m);

/*
 * Frees the processes whose exit an earlier poll read, but those KEEP
 * (may be NULL) still wants. Call right after a drain of the samples: a
 * process that exited before it began has no samples left in the rings.
 */
void kb_mmev_forget_exited(struct kb_mmev *m,
			   bool (*keep)(uint32_t pid, void *arg), void *arg);

/*
 * Writes DIR/procs/PID.comm and PID.maps (in /proc/PID/maps format) from
 * the events. 0, -ENOENT when the events know nothing of PID, or -errno.
 */
int kb_mmev_write_procs(struct kb_mmev *m, const char *dir, uint32_t pid);

/* Records the kernel could not write (a ring was full) or we could not keep. */
uint64_t kb_mmev_lost(const struct kb_mmev *m);

void kb_mmev_close(struct kb_mmev *m);

#endif

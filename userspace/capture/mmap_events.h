/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mappings kept per process, from the kernel's side-band events
 * (perf_event_open(2): a dummy software event on every CPU with mmap2,
 * comm and task records), for the processes that exit before a drain can
 * read their /proc/PID/maps. This module owns the rings and, in memory,
 * each process's name and executable mappings (files, the vDSO and
 * anonymous code); it hands a process
 * back as a struct kb_procmaps and writes no file (capture/profile.h
 * does). The per-CPU rings are read in userspace whenever the recording
 * polls; the kernel never wakes us.
 */
#ifndef KBENCH_MMAP_EVENTS_H
#define KBENCH_MMAP_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/procmaps.h"

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
 * Keeps PID (a sampled process /proc missed) after its exit, for
 * kb_mmev_proc() at the end, also when its events are yet to be read.
 */
void kb_mmev_keep(struct kb_mmev *m, uint32_t pid);

/*
 * Frees the processes whose exit an earlier poll read, but those kept.
 * Call right after a drain of the samples: a process that exited before
 * it began has no samples left in the rings.
 */
void kb_mmev_forget_exited(struct kb_mmev *m);

/*
 * The parent PID was forked from when the events never saw its image (a
 * process there before the recording): its mappings are the base of
 * PID's, which the caller reads from that parent's capture, if any. 0
 * when PID's mappings are all in the events, or PID is unknown.
 */
uint32_t kb_mmev_base_pid(const struct kb_mmev *m, uint32_t pid);

/*
 * PID's name and executable mappings as the events know them, laid
 * over BASE (the capture of kb_mmev_base_pid()'s process; may be NULL),
 * into OUT (free it with kb_procmaps_free()). A process without a name
 * gets "pid-PID". 0, -ENOENT when the events know nothing of PID, or
 * -ENOMEM.
 */
int kb_mmev_proc(struct kb_mmev *m, uint32_t pid,
		 const struct kb_procmaps *base, struct kb_procmaps *out);

/* Records the kernel could not write (a ring was full) or we could not keep. */
uint64_t kb_mmev_lost(const struct kb_mmev *m);

void kb_mmev_close(struct kb_mmev *m);

#endif

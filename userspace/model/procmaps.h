/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A process's name and executable mappings, as a profile directory
 * keeps them in procs/PID.comm and procs/PID.maps (docs/record.md): the
 * maps file is in /proc/PID/maps format, so the kernel's own file serves
 * as is. The mapping events (capture/mmap_events.h) hand processes back in
 * this form, and capture/profile.h writes and reads them.
 */
#ifndef KBENCH_PROCMAPS_H
#define KBENCH_PROCMAPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One mapping, a line of a maps file. */
struct kb_vma {
	uint64_t start, end, pgoff, ino;
	uint32_t maj, min;
	uint32_t prot;		/* PROT_READ, PROT_WRITE, PROT_EXEC */
	uint32_t flags;		/* MAP_SHARED or MAP_PRIVATE */
	char *path;		/* owned */
};

struct kb_procmaps {
	char comm[32];		/* "": unknown */
	struct kb_vma *v;	/* in file order */
	size_t n, cap;
};

void kb_procmaps_free(struct kb_procmaps *pm);

/* Appends V, taking its path (freed on failure). 0 or -ENOMEM. */
int kb_procmaps_add(struct kb_procmaps *pm, struct kb_vma *v);

/*
 * Appends the executable mappings of a maps-format stream: files, the
 * vDSO ("[vdso]") and anonymous code (path ""); other lines are skipped.
 * 0 or -ENOMEM.
 */
int kb_procmaps_read(struct kb_procmaps *pm, FILE *f);

/*
 * Writes PM's mappings in maps format, a newline in a path escaped as the
 * kernel does ("\012"). 0 or -EIO.
 */
int kb_procmaps_write(const struct kb_procmaps *pm, FILE *f);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profile directories: the one module that knows their files
 * (docs/record.md), writes them as a recording goes and reads them back.
 *   samples.raw       the records as the module sent them (model/samples.h)
 *   kallsyms          /proc/kallsyms when recording ended
 *   vdso.so           the kernel's vDSO image, for "[vdso]" frames
 *                     (both possibly links into a store, store.h)
 *   procs/PID.comm    each sampled process's name and executable mappings
 *   procs/PID.maps    (model/procmaps.h): from /proc while it lived, else
 *                     from the mapping events (mmap_events.h)
 *   stacks.folded     the symbolized stacks (folded.h), rebuilt from the
 *                     files above when it is missing
 */
#ifndef KBENCH_PROFILE_H
#define KBENCH_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#include "model/procmaps.h"
#include "model/samples.h"
#include "model/stacks.h"

/* Room for a path and what went wrong with it. */
#define KB_PROFILE_WHYLEN 4608

/*
 * Creates DIR (if needed) and DIR/samples.raw with its header; *RAW is
 * left open for the records. 0 or -errno with WHY.
 */
int kb_profile_create(const char *dir, FILE **raw, char why[KB_PROFILE_WHYLEN]);

/*
 * Saves what symbolizing needs from the running kernel: /proc/kallsyms as
 * DIR/kallsyms and the vDSO image as DIR/vdso.so. With STORE (relative to
 * DIR unless absolute; NULL: none), each is kept there once by content and
 * linked into DIR (store.h). 0 or -errno with WHY.
 */
int kb_profile_save_system(const char *dir, const char *store,
			   char why[KB_PROFILE_WHYLEN]);

/*
 * Saves PID's comm and maps from /proc under DIR/procs: 0, or -ESRCH when
 * it already exited and -ENODATA when it has no mappings (a zombie, a
 * kernel thread).
 */
int kb_profile_capture_proc(const char *dir, uint32_t pid);

/* Writes DIR/procs/PID.comm and PID.maps from PM. 0 or -errno. */
int kb_profile_write_proc(const char *dir, uint32_t pid,
			  const struct kb_procmaps *pm);

/*
 * Reads DIR/procs/PID.comm and PID.maps (its executable file mappings)
 * into PM. 0, -ENOENT when PID was not captured, or -errno.
 */
int kb_profile_read_proc(const char *dir, uint32_t pid,
			 struct kb_procmaps *pm);

/* Opens DIR/procs/PID.EXT ("comm", "maps"); MODE "w" creates DIR/procs. */
FILE *kb_profile_proc_open(const char *dir, uint32_t pid, const char *ext,
			   const char *mode);

/* Sorts ST and writes it as DIR/stacks.folded. 0 or -errno with WHY. */
int kb_profile_write_stacks(const char *dir, struct kb_stacks *st,
			    char why[KB_PROFILE_WHYLEN]);

/* What symbolizing a profile directory counted besides its stacks. */
struct kb_profile_info {
	uint64_t samples;		/* symbolized */
	uint64_t user_cut;		/* whose user walk ended as [unknown] */
	struct kb_dwarf_stats dwarf;	/* samples with a copied user stack */
	uint64_t by_context[4];		/* per enum kbench_context */
};

/*
 * Symbolizes DIR's raw samples with its kallsyms and procs/ into ST
 * (added to what it holds), counting them in INFO (may be NULL). Returns
 * 0 or -errno with WHY saying which file failed; ST may then hold part
 * of DIR's stacks.
 */
int kb_profile_load(const char *dir, struct kb_stacks *st,
		    struct kb_profile_info *info, char why[KB_PROFILE_WHYLEN]);

/*
 * Adds the stacks of the profile in DIR to ST: DIR/stacks.folded, or when
 * that is missing, the stacks rebuilt from samples.raw, kallsyms and
 * procs/. Returns 0 or -errno with WHY saying which file failed.
 */
int kb_profile_read_stacks(const char *dir, struct kb_stacks *st,
			   char why[KB_PROFILE_WHYLEN]);

#endif

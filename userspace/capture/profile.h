/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recorded profile on disk, and how folded stacks are rebuilt from it:
 *   samples.raw       the records as the module sent them (samples.h)
 *   kallsyms          /proc/kallsyms when recording ended
 *   procs/PID.comm    each sampled process's name and executable mappings,
 *   procs/PID.maps    captured while it lived
 */
#ifndef KBENCH_PROFILE_H
#define KBENCH_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#include "folded.h"
#include "ksyms.h"
#include "model/stacks.h"

struct kb_profile {
	struct kb_ksyms ksyms;
	struct kb_folded folded;
	uint64_t by_context[4];		/* samples per enum kbench_context */
};

/*
 * Saves PID's comm and maps under DIR/procs: 0, or -ESRCH when it already
 * exited and -ENODATA when it has no mappings (a zombie, a kernel thread).
 */
int kb_profile_capture_proc(const char *dir, uint32_t pid);

/* Opens DIR/procs/PID.EXT ("comm", "maps"); MODE "w" creates DIR/procs. */
FILE *kb_profile_proc_open(const char *dir, uint32_t pid, const char *ext,
			   const char *mode);

/* Room for a path and what went wrong with it. */
#define KB_PROFILE_WHYLEN 4608

/*
 * Loads DIR's kallsyms, processes and raw samples into folded stacks.
 * Returns 0 or -errno with WHY saying which file failed.
 */
int kb_profile_load(struct kb_profile *p, const char *dir,
		    char why[KB_PROFILE_WHYLEN]);
void kb_profile_free(struct kb_profile *p);

/*
 * Adds the stacks of the profile in DIR to ST: DIR/stacks.folded, or when
 * that is missing, the stacks rebuilt from samples.raw, kallsyms and
 * procs/. Returns 0 or -errno with WHY saying which file failed.
 */
int kb_profile_read_stacks(const char *dir, struct kb_stacks *st,
			   char why[KB_PROFILE_WHYLEN]);

#endif

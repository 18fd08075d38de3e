/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What counting costs a syscall on this machine, measured where the user
 * pays it: the same null syscall timed without a session and in a
 * counting session that targets the measuring process itself.
 */
#ifndef KBENCH_COUNTING_COST_H
#define KBENCH_COUNTING_COST_H

#include <stdint.h>

#include "client/nl.h"

/*
 * Sets *NS to the nanoseconds that collecting COLLECT (KBENCH_COLLECT_
 * SYSCALLS, with or without _SYSCALL_LATENCY) adds to one getppid() (0 when
 * the difference is below the noise). Opens and stops a session of its own
 * on NL, so call it before the recording's session starts. 0 or -errno with
 * WHY filled in.
 */
int kb_counting_cost(struct kb_nl *nl, uint32_t collect, double *ns,
		     char why[KB_NL_ERRLEN]);

#endif

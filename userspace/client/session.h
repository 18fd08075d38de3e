/* SPDX-License-Identifier: GPL-2.0 */
/* Starting and stopping a kbench.ko session (KBENCH_CMD_START/STOP). */
#ifndef KBENCH_SESSION_H
#define KBENCH_SESSION_H

#include <stdint.h>
#include <sys/types.h>

#include "nl.h"
#include "sampler.h"

/*
 * Starts a session collecting COLLECT (enum kbench_collect bits) for the
 * process tree of PID, or system-wide when PID is 0, with the sampler
 * configured by SOPTS when COLLECT has KBENCH_COLLECT_SAMPLES (else NULL).
 * The session lives as long as NL stays open. Returns 0 or -errno with WHY
 * filled in.
 */
int kb_session_start(struct kb_nl *nl, uint32_t collect, pid_t pid,
		     const struct kb_sampler_opts *sopts,
		     char why[KB_NL_ERRLEN]);
int kb_session_stop(struct kb_nl *nl, char why[KB_NL_ERRLEN]);
int kb_session_reset(struct kb_nl *nl, char why[KB_NL_ERRLEN]);

#endif

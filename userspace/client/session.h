/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Starting and stopping a kbench.ko session (KBENCH_CMD_START/STOP), and
 * ending a sampling one in a single call that collects what it leaves.
 */
#ifndef KBENCH_SESSION_H
#define KBENCH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nl.h"
#include "sampler.h"
#include "user_rings.h"
#include "model/counters.h"
#include "model/samples.h"

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

/* What a sampling session leaves when it ends. */
struct kb_session_end {
	struct kb_sample_buf samples;	/* the records no drain took yet */
	struct kb_cpu_stats *stats;	/* per CPU, exact with the timers quiet */
	size_t nstats;
	bool have_counters;
	struct kb_counters counters;	/* valid with have_counters */
};

/*
 * Ends a sampling session: stops its timers (so that the last samples and
 * the accounting are exact: fired = recorded + dropped + filtered), drains
 * the rings into END->samples (from RINGS when the session has them in our
 * memory, else over netlink), reads the accounting and, with COUNTERS,
 * the counters, then stops the session. 0 or -errno with WHY; END holds
 * what was read either way: free it with kb_session_end_free().
 */
int kb_session_end(struct kb_nl *nl, struct kb_user_rings *rings, bool counters,
		   struct kb_session_end *end, char why[KB_NL_ERRLEN]);
void kb_session_end_free(struct kb_session_end *end);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One recording: a session that samples (and counts) a target into a
 * profile directory (docs/record.md), from START to results.json.
 * Shared by `kbench record` and the per-repetition profiles of `kbench run`.
 */
#ifndef KBENCH_RECORDING_H
#define KBENCH_RECORDING_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "client/counters.h"
#include "client/nl.h"
#include "profile.h"
#include "client/sampler.h"

#define KB_REC_WHYLEN KB_PROFILE_WHYLEN

struct kb_rec_config {
	struct kb_sampler_opts s;
	bool counters;		/* also count syscalls and page faults */
	bool latency;		/* and time every syscall */
	pid_t pid;		/* the target process tree; 0: system-wide */
	/*
	 * The longest the caller goes between kb_recording_poll() calls
	 * (0: about a second): sizes the mapping-event rings, which must
	 * not fill up in between.
	 */
	uint32_t poll_ms;
};

/* What the caller knows about the recording, for results.json. */
struct kb_rec_meta {
	const char *mode;	/* "command", "pid", "system" */
	char **command;		/* argv, or NULL */
	int command_status;	/* -1: none */
	double duration_s;
	bool partial;
};

/* Totals of a finished recording. */
struct kb_rec_summary {
	struct kb_cpu_stats sum;	/* over every CPU; .cpu unused */
	uint64_t symbolized;
	bool have_counters;
	struct kb_counters counters;	/* valid with have_counters */
	json_t *top;			/* [{function, samples, percent}] */
};

struct kb_recording;

/*
 * Creates DIR (if needed) and starts the session. The caller then lets the
 * target run and calls kb_recording_poll() every now and then. 0 or
 * -errno with WHY.
 */
int kb_recording_start(struct kb_recording **rp, const char *dir,
		       const struct kb_rec_config *cfg, char why[KB_REC_WHYLEN]);

/*
 * Moves the samples taken so far to disk, after reading the mapping
 * events. 0 or -errno with WHY.
 */
int kb_recording_poll(struct kb_recording *r, char why[KB_REC_WHYLEN]);

/*
 * Reads only the mapping events (processes' exec, mmap, fork, exit), so
 * their rings never fill between drains: a few memory reads when nothing
 * happened, cheap enough to call on every wakeup.
 */
void kb_recording_poll_events(struct kb_recording *r);

/*
 * Stops sampling, collects the last samples, the accounting and the
 * counters, ends the session and writes stacks.folded and results.json.
 * SUM (may be NULL) gets the totals; free it with kb_rec_summary_free().
 * 0 or -errno with WHY. The recording is freed either way.
 */
int kb_recording_finish(struct kb_recording *r, const struct kb_rec_meta *meta,
			struct kb_rec_summary *sum, char why[KB_REC_WHYLEN]);

/* Ends the session without writing results (error paths). */
void kb_recording_abort(struct kb_recording *r);

void kb_rec_summary_free(struct kb_rec_summary *sum);

#endif

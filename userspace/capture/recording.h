/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One recording: a session that samples (and counts) a target into a
 * profile directory (profile.h, docs/record.md), from START to
 * results.json. Shared by `kbench record` and the per-repetition profiles
 * of `kbench run`. It orchestrates, top-down: the session through the
 * client, the mapping events (mmap_events.h), the profile directory's
 * files (profile.h), and results.json (model/record.h).
 */
#ifndef KBENCH_RECORDING_H
#define KBENCH_RECORDING_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "profile.h"
#include "client/sampler.h"
#include "model/record.h"

#define KB_REC_WHYLEN KB_PROFILE_WHYLEN
#define KB_REC_NOTELEN 256

struct kb_rec_config {
	struct kb_sampler_opts s;
	bool counters;		/* also count syscalls and page faults */
	bool latency;		/* and time every syscall */
	bool counting_cost;	/* first measure what counting costs a syscall */
	pid_t pid;		/* the target process tree; 0: system-wide */
	/*
	 * The longest the caller goes between kb_recording_poll() calls
	 * (0: about a second): sizes the mapping-event rings, which must
	 * not fill up in between.
	 */
	uint32_t poll_ms;
	/*
	 * Where files that profiles can share (kallsyms, the vDSO) are kept
	 * once, relative to the profile directory unless absolute
	 * (capture/store.h); NULL: in the profile directory itself.
	 */
	const char *store;
};

/* What the caller knows about the recording, for results.json. */
struct kb_rec_meta {
	const char *mode;	/* "command", "pid", "system" */
	char **command;		/* argv, or NULL; must outlive the summary */
	int command_status;	/* -1: none */
	double duration_s;
	bool partial;
	const struct kb_env *env;	/* what it runs on; NULL: not said */
};

/* A finished recording: what results.json says, and what to tell a user. */
struct kb_rec_summary {
	struct kb_record rec;
	/*
	 * Warnings for the caller to print ("" when none). NO_EVENTS: the
	 * mapping events were unavailable (the same in every recording of a
	 * process: say it once). EVENTS_LOST: some were lost where they could
	 * cost a process its user frames. NETLINK_RINGS: the rings could not
	 * be in our memory, and were read through netlink (the same in every
	 * recording: once).
	 */
	char no_events[KB_REC_NOTELEN];
	char events_lost[KB_REC_NOTELEN];
	char netlink_rings[KB_REC_NOTELEN];
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
 * Ends the recording, top-down: ends the session through the client (the
 * last samples, the accounting, the counters), finishes the capture
 * (samples.raw, kallsyms, procs/ of processes gone before a drain), then
 * writes stacks.folded and results.json. SUM (may be NULL) gets the
 * summary; free it with kb_rec_summary_free(). 0 or -errno with WHY. The
 * recording is freed either way.
 */
int kb_recording_finish(struct kb_recording *r, const struct kb_rec_meta *meta,
			struct kb_rec_summary *sum, char why[KB_REC_WHYLEN]);

/* Ends the session without writing results (error paths). */
void kb_recording_abort(struct kb_recording *r);

void kb_rec_summary_free(struct kb_rec_summary *sum);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event counts of a benchmark through perf_event_open(2): this process and
 * the threads it starts (not its child processes: see perfev.c). An event the PMU or kernel does not
 * offer is recorded as unsupported with the reason, never an error.
 */
#ifndef KBENCH_PERFEV_H
#define KBENCH_PERFEV_H

#include <stdbool.h>
#include <stdint.h>

enum kb_ev {
	KB_EV_CYCLES,
	KB_EV_INSTRUCTIONS,
	KB_EV_CACHE_MISSES,
	KB_EV_BRANCH_MISSES,
	KB_EV_CONTEXT_SWITCHES,
	KB_EV_CPU_MIGRATIONS,
	KB_EV_PAGE_FAULTS,
	KB_EV_N
};

struct kb_perf {
	int fd[KB_EV_N];		/* open between start and stop only */
	bool ok[KB_EV_N];		/* the event can be counted here */
	bool user_only[KB_EV_N];	/* kernel counting not permitted */
	char why[KB_EV_N][96];		/* why an event is unsupported */
	uint64_t total[KB_EV_N];	/* summed over kb_perf_stop() calls */
};

const char *kb_ev_name(enum kb_ev ev);
/* Tries every event (and closes it again); never fails. */
void kb_perf_open(struct kb_perf *p);
bool kb_perf_supported(const struct kb_perf *p, enum kb_ev ev);
/* Opens and enables the counters; stop adds them to total and closes. */
void kb_perf_start(struct kb_perf *p);
void kb_perf_stop(struct kb_perf *p);
void kb_perf_close(struct kb_perf *p);

#endif

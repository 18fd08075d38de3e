/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters of a running session: fetched with one GET_COUNTERS dump,
 * printed as a table or turned into JSON. Shared by stat and record.
 */
#ifndef KBENCH_COUNTERS_H
#define KBENCH_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "nl.h"

struct kb_sc {
	uint32_t nr;
	uint64_t count;
	uint64_t errors;	/* with latency only */
	uint64_t total_ns;	/* with latency only */
	uint64_t hist[KBENCH_HIST_BUCKETS];
};

struct kb_counters {
	uint32_t collect;	/* enum kbench_collect bits of the session */
	bool latency;		/* errors, total_ns and hist are valid */
	bool faults;		/* the fault totals are valid */
	uint64_t other;		/* compat / unknown syscalls */
	uint64_t fault_user, fault_kernel, fault_minor, fault_major;
	size_t n, cap;
	struct kb_sc *sc;	/* by increasing number */
};

/* Reads the running session's counters into C. 0 or -errno + WHY. */
int kb_counters_fetch(struct kb_nl *nl, struct kb_counters *c,
		      char why[KB_NL_ERRLEN]);
void kb_counters_free(struct kb_counters *c);

/* Parses one GET_COUNTERS dump message into C (exposed for tests). */
int kb_counters_parse(struct nlattr **tb, void *c);

/* The entry for syscall NR, or NULL. */
const struct kb_sc *kb_counters_find(const struct kb_counters *c, uint32_t nr);

/* Total calls over every syscall, "other" included. */
uint64_t kb_counters_total(const struct kb_counters *c);

/*
 * The JSON form: { "syscalls": [ { "number", "name", "count", and with
 * latency "errors", "total_ns", "histogram" } ], "syscalls_other",
 * "page_faults": { "user", "kernel", "minor", "major" } }. The histogram is
 * an array of counts, index B holding calls of N ns with fls64(N) == B
 * (B >= 1: [2^(B-1), 2^B) ns), trailing zeros trimmed.
 */
json_t *kb_counters_json(const struct kb_counters *c);

/*
 * One line "PREFIXby calls: name N, ..." with the WANT most called syscalls,
 * and with latency a second one by total time.
 */
void kb_counters_print_top(const struct kb_counters *c, FILE *f,
			   const char *prefix, size_t want);

/* A strace -c like table, sorted by time with latency, else by calls. */
void kb_counters_print(const struct kb_counters *c, FILE *f);

#endif

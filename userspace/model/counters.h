/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session's counters in memory: exact syscall counts (with latency,
 * errors and histograms) and page faults, as GET_COUNTERS reports them;
 * and their JSON form. client/counters.h fills them in.
 */
#ifndef KBENCH_MODEL_COUNTERS_H
#define KBENCH_MODEL_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <linux/kbench.h>

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
	int lat_clock;		/* enum kbench_lat_clock; -1: not said */
	uint64_t other;		/* compat / unknown syscalls */
	uint64_t fault_user, fault_kernel, fault_minor, fault_major;
	size_t n, cap;
	struct kb_sc *sc;	/* by increasing number */
};

void kb_counters_free(struct kb_counters *c);

/* "tsc", "local_clock", "mono_fast", "tsc_marked_unstable" or NULL: the clock's name for JSON. */
const char *kb_counters_clock_name(int lat_clock);

/* The entry for syscall NR, or NULL. */
const struct kb_sc *kb_counters_find(const struct kb_counters *c, uint32_t nr);

/* Total calls over every syscall, "other" included. */
uint64_t kb_counters_total(const struct kb_counters *c);

/* The name of syscall NR, else "syscall_NR" written into BUF. */
const char *kb_counters_sc_name(uint32_t nr, char *buf, size_t len);

/*
 * The JSON form: { "syscalls": [ { "number", "name", "count", and with
 * latency "errors", "total_ns", "histogram" } ], "syscalls_other",
 * "page_faults": { "user", "kernel", "minor", "major" } }. The histogram is
 * an array of counts, index B holding calls of N ns with fls64(N) == B
 * (B >= 1: [2^(B-1), 2^B) ns), trailing zeros trimmed.
 */
json_t *kb_counters_json(const struct kb_counters *c);

#endif

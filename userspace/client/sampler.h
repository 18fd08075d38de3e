/* SPDX-License-Identifier: GPL-2.0 */
/* The sampler side of a session: its configuration, drain and accounting. */
#ifndef KBENCH_SAMPLING_H
#define KBENCH_SAMPLING_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"
#include "model/samples.h"

struct kb_sampler_opts {
	uint32_t freq_hz;
	uint32_t kernel_depth, user_depth;
	uint32_t ring_kb;
	uint32_t ustack;	/* user stack bytes per sample; 0: none */
	/* rings in our own memory (user_rings.h); 0, 0: in the module */
	uint64_t ring_addr, ring_len;
};

/* Puts the KBENCH_A_SAMPLE_* attributes of a START request. */
int kb_sampler_put_opts(struct nl_msg *msg, const struct kb_sampler_opts *o);

/* Stops the sampler's timers; samples and accounting stay readable. */
int kb_sampler_stop_timers(struct kb_nl *nl, char why[KB_NL_ERRLEN]);

/*
 * Drains every ring once (a READ_SAMPLES dump), appending the records to
 * OUT: at most what the rings held. 0 or -errno + WHY.
 */
int kb_sampler_drain(struct kb_nl *nl, struct kb_sample_buf *out,
		     char why[KB_NL_ERRLEN]);

/*
 * Drains every ring once, handing each message's records to FN where they
 * lie in the receive buffer (whole records, 8-byte aligned, LEN bytes;
 * valid only during the call), with no copy beyond the one libnl makes of
 * each message. FN returns 0 or -errno, which ends the drain. 0 or -errno
 * + WHY.
 */
typedef int (*kb_samples_fn)(const void *records, size_t len, void *arg);
int kb_sampler_drain_each(struct kb_nl *nl, kb_samples_fn fn, void *arg,
			  char why[KB_NL_ERRLEN]);

/*
 * Reads the per-CPU accounting of the running session into a malloc'ed
 * array. 0 or -errno + WHY.
 */
int kb_sampler_stats(struct kb_nl *nl, struct kb_cpu_stats **stats, size_t *n,
		     char why[KB_NL_ERRLEN]);

/*
 * Parses a KBENCH_A_CPU_STATS nest, appending its CPUs to the malloc'ed
 * array *STATS of *N (start from NULL, 0; exposed for tests and status).
 * On error the array is freed and emptied.
 */
int kb_cpu_stats_parse(struct nlattr *nest, struct kb_cpu_stats **stats,
		       size_t *n);

#endif

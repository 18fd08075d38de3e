/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Samples per CPU over time, in fixed bins, from the raw sample records of
 * one or more profiles (model/samples.h). Each profile starts at its first
 * sample's time and follows the ones added before it, so a benchmark's
 * repetitions line up one after another.
 */
#ifndef KBENCH_TIMELINE_H
#define KBENCH_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#define KB_TIMELINE_BIN_NS 100000000ULL		/* 100 ms */
#define KB_TIMELINE_MAX_BINS 100000		/* later samples: a bogus time */
#define KB_TIMELINE_MAX_CPUS 4096

struct kb_timeline {
	uint64_t **bins;	/* [cpu][bin]; NULL for a CPU without samples */
	size_t ncpu;		/* CPUs seen: the highest CPU number + 1 */
	size_t nbins;
	size_t profiles;	/* profiles added whole */
	int err;		/* -ENOMEM once memory ran out: bins incomplete */
	uint64_t t0, base;	/* while adding: first time, offset in bins */
};

/*
 * Adds the records in BUF (LEN bytes, as kb_raw_read() returns them) after
 * those added before. Returns 0, or -EPROTO (a malformed record; those
 * before it count) or -ENOMEM.
 */
int kb_timeline_add(struct kb_timeline *t, const void *buf, size_t len);

/* Samples of CPU in BIN (0 outside what was seen). */
uint64_t kb_timeline_get(const struct kb_timeline *t, size_t cpu, size_t bin);

void kb_timeline_free(struct kb_timeline *t);

#endif

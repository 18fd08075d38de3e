/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stack samples as the module sends them (struct kbench_sample records
 * packed in KBENCH_A_SAMPLES), and the raw sample file that keeps them:
 * a 16-byte header ("KBSAMPLE", u32 version, u32 record alignment) and
 * the records exactly as they came off the wire.
 */
#ifndef KBENCH_SAMPLES_H
#define KBENCH_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kbench.h>

#define KB_RAW_MAGIC "KBSAMPLE"
#define KB_RAW_VERSION 1

/* Called for each valid record; a non-zero return stops the walk. */
typedef int (*kb_sample_fn)(const struct kbench_sample *s, void *arg);

/*
 * Walks the records of BUF. Returns 0, the callback's non-zero value, or
 * -EPROTO at the first malformed record (bad size, counts that do not
 * match the size, or a record running past the buffer).
 */
int kb_samples_walk(const void *buf, size_t len, kb_sample_fn fn, void *arg);

int kb_raw_write_header(FILE *f);
/* Reads a whole raw file; *BUF is malloc'ed. -EPROTO: not a raw file. */
int kb_raw_read(FILE *f, void **buf, size_t *len);

#endif

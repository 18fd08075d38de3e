/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stack samples as the module sends them (struct kbench_sample records
 * packed in KBENCH_A_SAMPLES), and the raw sample file that keeps them:
 * a 16-byte header ("KBSAMPLE", u32 version, u32 record alignment) and
 * the records exactly as they came off the wire. Also the sampler's
 * per-CPU accounting that goes with them.
 */
#ifndef KBENCH_SAMPLES_H
#define KBENCH_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kbench.h>

#define KB_RAW_MAGIC "KBSAMPLE"
#define KB_RAW_VERSION 1

/* Per-CPU accounting of a sampler: fired = recorded + dropped + filtered. */
struct kb_cpu_stats {
	uint32_t cpu;
	uint64_t fired, recorded, dropped, filtered, missed;
	/* --unwind dwarf: user stacks copied, and the time the ticks spent */
	uint64_t ustack_copies, ustack_ns;
};

/* Samples with a copied user stack (--unwind dwarf), and their unwinding. */
struct kb_dwarf_stats {
	uint64_t samples;	/* with a copied stack */
	uint64_t unwound;	/* ... unwound to the outermost frame */
	uint64_t truncated;	/* ... that needed more stack than was copied */
	uint64_t failed;	/* ... stopped at a frame without CFI */
	uint64_t cut;		/* copies the module cut short */
	uint64_t stack_bytes;	/* stack bytes copied, all samples */
	uint64_t unwind_ns;	/* time spent unwinding them */
};

/* Records off the wire, as one drain returns them, whole and in order. */
struct kb_sample_buf {
	void *data;
	size_t len, cap;
};

/* Appends LEN bytes of records. 0 or -ENOMEM. */
int kb_sample_buf_add(struct kb_sample_buf *b, const void *p, size_t len);
void kb_sample_buf_free(struct kb_sample_buf *b);

/*
 * The record at *OFF in BUF (LEN bytes), *OFF then moving past it: NULL at
 * the end (*ERR 0) or at a malformed record (*ERR -EPROTO: bad size,
 * counts that do not match the size, or a record running past BUF). A
 * record's size covers its IPs and, with KBENCH_SAMPLE_USER_STACK, its
 * struct kbench_sample_ustack and the stack bytes.
 */
const struct kbench_sample *kb_samples_next(const void *buf, size_t len,
					    size_t *off, int *err);

/*
 * The user registers and stack copied with S (kb_samples_next() checked
 * their size), or NULL when it has none.
 */
const struct kbench_sample_ustack *kb_sample_ustack(const struct kbench_sample *s);

/* Called for each valid record; a non-zero return stops the walk. */
typedef int (*kb_sample_fn)(const struct kbench_sample *s, void *arg);

/*
 * Walks the records of BUF with kb_samples_next(). Returns 0, the
 * callback's non-zero value, or -EPROTO at the first malformed record.
 */
int kb_samples_walk(const void *buf, size_t len, kb_sample_fn fn, void *arg);

int kb_raw_write_header(FILE *f);
/* Reads a whole raw file; *BUF is malloc'ed. -EPROTO: not a raw file. */
int kb_raw_read(FILE *f, void **buf, size_t *len);

#endif

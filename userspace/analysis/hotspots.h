/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hotspots of a profile: the functions whose self samples reach the lowest
 * severity band, with their severity, category and recommendation.
 */
#ifndef KBENCH_HOTSPOTS_H
#define KBENCH_HOTSPOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "categories.h"
#include "fstats.h"
#include "model/stacks.h"

enum kb_severity {
	KB_SEV_NONE,		/* below the reporting threshold */
	KB_SEV_LOW,
	KB_SEV_MEDIUM,
	KB_SEV_HIGH,
	KB_SEV_CRITICAL,
};

/* Lower bounds of each band, in percent of self samples, increasing. */
struct kb_bands {
	double low, medium, high, critical;
};

#define KB_THRESHOLD_DEFAULT 5.0

/* Bands from a threshold T: T, 2T, 4T, 8T (5, 10, 20, 40 by default). */
void kb_bands_from_threshold(struct kb_bands *b, double t);
/* Parses "LOW,MEDIUM,HIGH,CRITICAL" (increasing percentages); 0 or -EINVAL. */
int kb_bands_parse(struct kb_bands *b, const char *s);

enum kb_severity kb_severity_of(double self_pct, const struct kb_bands *b);
const char *kb_severity_name(enum kb_severity s);

#define KB_HOTSPOT_CALLERS 3

/* A caller of a hot function and its share of the function's self samples. */
struct kb_caller {
	const char *frame;	/* as in the folded file (owned by the stacks) */
	double pct;
};

struct kb_hotspot {
	const char *frame;	/* as in the folded file (owned by the fstats) */
	char func[256];		/* without "_[k]" and " [module]" */
	char module[64];	/* "" unless a kernel module's */
	bool kernel;
	uint64_t self, total;
	double self_pct, total_pct;
	enum kb_severity severity;
	enum kb_category category;
	/*
	 * The category was decided by the function itself or its caller in
	 * most of its samples: its recommendation applies. Otherwise it only
	 * says what the function runs under.
	 */
	bool advised;
	char syscall[32];	/* the syscall of a libc wrapper, else "" */
	struct kb_caller callers[KB_HOTSPOT_CALLERS];	/* most samples first */
	size_t ncallers;
};

/*
 * The functions of FS at or above the low band, most self samples first.
 * The category of each is voted over the stacks of ST where it is the leaf,
 * weighted by samples (kb_category_decide(), with CTX; may be NULL), and so
 * are its callers. Returns 0 or -ENOMEM.
 */
int kb_hotspots_find(const struct kb_fstats *fs, const struct kb_stacks *st,
		     const struct kb_bands *b, const struct kb_cat_ctx *ctx,
		     struct kb_hotspot **out, size_t *n);

/*
 * The recommendation for H into BUF (LEN bytes): its category's, with what
 * H adds (the syscall of a wrapper; the callers of an artefact). NULL when
 * there is none: no pattern supports one, or H was only under it.
 */
const char *kb_hotspot_advice(const struct kb_hotspot *h, char *buf, size_t len);

#endif

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

struct kb_hotspot {
	const char *frame;	/* as in the folded file (owned by the fstats) */
	char func[256];		/* without "_[k]" and " [module]" */
	char module[64];	/* "" unless a kernel module's */
	bool kernel;
	uint64_t self, total;
	double self_pct, total_pct;
	enum kb_severity severity;
	enum kb_category category;
};

/*
 * The functions of FS at or above the low band, most self samples first.
 * The category of each is voted over the stacks of ST where it is the leaf,
 * weighted by samples (kb_category_stack). Returns 0 or -ENOMEM.
 */
int kb_hotspots_find(const struct kb_fstats *fs, const struct kb_stacks *st,
		     const struct kb_bands *b, struct kb_hotspot **out,
		     size_t *n);

#endif

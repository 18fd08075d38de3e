/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report model of `kbench report` (docs/report.md), built once and
 * rendered as the hotspot table, report.json, report.html and the charts
 * (render/report_*.h). A report has groups: the overall one first (a run's
 * every benchmark together, or a recording's profile), then one per
 * benchmark of a run. Each group holds its profiles' stacks merged, their
 * function statistics, the hotspots and the per-CPU sample timeline.
 *
 * Building it takes three steps, so that this layer reads no profile:
 *   kb_report_init()     the groups and their profile directories;
 *   the caller           adds each group's stacks (unless .merged) and raw
 *                        samples (capture/profile.h, model/samples.h);
 *   kb_report_analyze()  merges, sorts, and finds the hotspots.
 */
#ifndef KBENCH_REPORT_H
#define KBENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "fstats.h"
#include "hotspots.h"
#include "timeline.h"
#include "model/report_source.h"
#include "model/stacks.h"

#define KB_REPORT_SCHEMA "kbench-report/1"
#define KB_REPORT_WHYLEN 4608

struct kb_report_group {
	char name[160];		/* the benchmark, "overall" or the command */
	char slug[176];		/* for file names and HTML ids (kb_slug) */
	const struct kb_bench_result *bench;	/* NULL: overall or a record */
	char **dirs;		/* its profile directories */
	size_t ndirs;
	bool profiled;		/* false: ran without profiles */
	bool merged;		/* a run's overall group: no stacks of its own */
	struct kb_stacks st;	/* every profile's stacks, sorted once analysed */
	struct kb_timeline tl;
	struct kb_fstats fs;
	struct kb_hotspot *hs;	/* at or above the low band, most self first */
	size_t nhs;
};

struct kb_report {
	const char *dir;	/* the result's directory */
	const struct kb_report_source *src;	/* its results.json */
	struct kb_bands bands;
	struct kb_report_group *g;	/* g[0] is the overall group */
	size_t ng;
};

/*
 * The groups of SRC, read from DIR, with BANDS; R keeps DIR and SRC.
 * Returns 0, or -errno with WHY (-EINVAL: a profile directory that is not
 * a relative path).
 */
int kb_report_init(struct kb_report *r, const char *dir,
		   const struct kb_report_source *src,
		   const struct kb_bands *bands, char why[KB_REPORT_WHYLEN]);

/*
 * Adds every profiled benchmark's stacks to the overall group of a run,
 * then sorts each group's stacks and finds its statistics and hotspots.
 * Returns 0 or -ENOMEM with WHY.
 */
int kb_report_analyze(struct kb_report *r, char why[KB_REPORT_WHYLEN]);

void kb_report_free(struct kb_report *r);

#endif

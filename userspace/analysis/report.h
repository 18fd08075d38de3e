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
 *   the caller           adds each group's stacks (unless .merged), raw
 *                        samples and profiles' results.json
 *                        (capture/profile.h, model/samples.h,
 *                        kb_report_add_profile());
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

/*
 * What a group's profiles say of themselves (their results.json, summed):
 * the sampler's accounting, the counters, the kernel's settings.
 */
struct kb_report_prof {
	size_t n;		/* profiles whose results.json was read */
	double duration_s;	/* summed */
	double busy_s;		/* the target's CPU time, estimated, summed */
	double busy_of_s;	/* the durations busy_s was estimated over */
	uint64_t fired, recorded, dropped, filtered, missed;
	uint64_t idle, user_unknown;
	struct kb_dwarf_stats dwarf;	/* --unwind dwarf; samples 0: not used */
	double copy_ns;			/* the copies' time in the ticks */
	bool have_counters;
	uint64_t syscalls, faults_minor, faults_major;
	struct kb_record_sc sc[KB_RECORD_INFO_SC];	/* most called first */
	size_t n_sc;
	struct kb_kernel_facts kfacts;	/* -1 where none said, or they differ */
	char release[65];
	/* From the above by kb_report_analyze(); NAN: no profile said. */
	double on_cpu_pct;	/* the target's CPU time, % of wall time (busy_s) */
	double missed_pct;	/* timer periods missed, % of all */
};

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
	struct kb_report_prof prof;
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
 * Adds what the results.json of one of G's profiles says (REC) to G. A
 * record's own is added by kb_report_init().
 */
void kb_report_add_profile(struct kb_report_group *g,
			   const struct kb_record_info *rec);

/*
 * Adds every profiled benchmark's stacks and profile facts to the overall
 * group of a run, then sorts each group's stacks and finds its statistics,
 * on-CPU share and hotspots (with the kernel settings its profiles
 * recorded). Returns 0 or -ENOMEM with WHY.
 */
int kb_report_analyze(struct kb_report *r, char why[KB_REPORT_WHYLEN]);

void kb_report_free(struct kb_report *r);

/*
 * What the result was measured on: a run's environment, or a recording's
 * when it said one (NULL: an older recording, unknown).
 */
const struct kb_env *kb_report_env(const struct kb_report *r);

/* The kernel release: the environment's, else the profiles'; "" unknown. */
const char *kb_report_kernel(const struct kb_report *r);

#endif

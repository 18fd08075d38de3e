/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The images of a report (docs/report.md): a flamegraph per profiled group
 * and the gnuplot charts under charts/, and what became of each, for
 * report.json, report.html and the command's summary. A chart that fails
 * does not fail the report: it is a warning the command prints.
 */
#ifndef KBENCH_REPORT_FILES_H
#define KBENCH_REPORT_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/report.h"

/* charts/NAME.dat and NAME.gp, and NAME.png and NAME.svg when rendered. */
struct kb_report_chart {
	char name[208];		/* "reps-syscall-null" */
	size_t group;		/* its group's index in the report */
	bool rendered;
};

struct kb_report_flame {
	char file[200];		/* in the report directory; "" when none */
	unsigned int height;	/* of the SVG, in pixels */
};

struct kb_report_files {
	char out[4096];			/* the report directory */
	char chart_dir[4200];		/* OUT/charts */
	struct kb_report_flame *flame;	/* one per group */
	struct kb_report_chart *charts;	/* in the order written */
	size_t ncharts;
	bool gnuplot_missing;		/* charts written but not rendered */
	char **warnings;		/* "chart NAME: why" */
	size_t nwarnings;
};

/*
 * Makes OUT and OUT/charts, writes every profiled group's flamegraph
 * (flamegraph.svg for the overall group, flamegraph-SLUG.svg for the
 * others), then its charts (report_charts.h). Returns 0, or -errno with WHY
 * (LEN bytes) when a directory or a flamegraph cannot be written.
 */
int kb_report_files_write(struct kb_report_files *fs,
			  const struct kb_report *r, const char *out,
			  char *why, size_t len);

/* Lists chart NAME of group GROUP; 0 or -ENOMEM. */
int kb_report_files_add_chart(struct kb_report_files *fs, const char *name,
			      size_t group, bool rendered);

/* Keeps a warning for the command to print; 0 or -ENOMEM. */
int kb_report_files_warn(struct kb_report_files *fs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void kb_report_files_free(struct kb_report_files *fs);

#endif

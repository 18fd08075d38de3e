/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gnuplot charts of a report group (docs/report.md), each rendered by
 * kb_chart_render() (charts.h) into charts/ and listed in the report's
 * files:
 *   reps-SLUG      a benchmark's value per repetition, its mean +- stddev
 *   latency-SLUG   a benchmark's latency percentiles (when it times ops)
 *   hotspots-SLUG  the ten functions with most self samples
 *   timeline-SLUG  samples per second per CPU, from the raw samples
 */
#ifndef KBENCH_REPORT_CHARTS_H
#define KBENCH_REPORT_CHARTS_H

#include <stddef.h>

#include "report_files.h"
#include "analysis/report.h"

#define KB_REPORT_TOP_BARS 10

/*
 * Writes the charts of group GROUP of R into FS->chart_dir. A chart that
 * gnuplot cannot render becomes a warning in FS; a missing gnuplot sets
 * FS->gnuplot_missing. Returns 0 or -ENOMEM.
 */
int kb_report_charts(struct kb_report_files *fs, const struct kb_report *r,
		     size_t group);

#endif

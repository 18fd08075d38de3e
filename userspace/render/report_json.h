/* SPDX-License-Identifier: GPL-2.0 */
/* report.json ("kbench-report/1", docs/report.md) of a built report. */
#ifndef KBENCH_REPORT_JSON_H
#define KBENCH_REPORT_JSON_H

#include <jansson.h>

#include "report_files.h"
#include "analysis/report.h"

/*
 * {schema, kbench_version, source, bands, charts, overall, benchmarks}, or
 * NULL when out of memory. Exact values: the table rounds, this does not.
 */
json_t *kb_report_json(const struct kb_report *r,
		       const struct kb_report_files *fs);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hotspot table of a report, for people: per group its samples and
 * profiles, then one line per hotspot (docs/report.md, "Terminal output").
 */
#ifndef KBENCH_REPORT_TEXT_H
#define KBENCH_REPORT_TEXT_H

#include <stdio.h>

#include "analysis/report.h"

void kb_report_print(FILE *f, const struct kb_report *r);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.html: one self-contained page of a comparison (runs, verdict
 * table, change chart, then per benchmark its bar chart and profile
 * difference), with the charts of compare_charts.h and the differential
 * flamegraphs of diff_flamegraph.h that are in the output directory
 * embedded as data: URIs, so that it opens offline.
 */
#ifndef KBENCH_COMPARE_HTML_H
#define KBENCH_COMPARE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/comparison.h"

/* The page of C, embedding what DIR holds, to F. 0 or -EIO. */
int kb_compare_html_write(FILE *f, const char *dir, const struct kb_comparison *c,
			  bool gnuplot_missing);

/* DIR/compare.html, written whole or not at all. 0, or -errno with WHY. */
int kb_compare_html_save(const char *dir, const struct kb_comparison *c,
			 bool gnuplot_missing, char *why, size_t why_len);

#endif

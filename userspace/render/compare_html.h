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

/* The parts compare_set_html.c shares: */

/* "<li>ROLE LABEL: dir, suite, kernel release and build, started, boots</li>" */
void kb_compare_html_run(FILE *f, const char *role, const struct kb_cmp_run *r);

/* DIR/charts/CHART.svg embedded, or where its data and script are. */
void kb_compare_html_chart(FILE *f, const char *dir, const char *chart, bool missing);

/* The noise model E's verdict rests on, in one sentence. */
void kb_compare_html_model(FILE *f, const struct kb_cmp_entry *e);

/*
 * E's profile difference: culprit, path, top functions (with what the
 * builds say of them), counters per operation, and the differential
 * flamegraph that DIR holds, embedded.
 */
void kb_compare_html_profile(FILE *f, const char *dir, const struct kb_cmp_entry *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.html of several runs against one base (kernel builds, say): one
 * self-contained page with the runs (label, kernel release and build), the
 * environment of every run side by side (their configurations where they
 * differ), every benchmark of every run with change and verdict against
 * the base, the charts of compare_charts.h with all runs side by side, and
 * per run its regressions' and improvements' evidence: noise model,
 * culprit, path, functions, counters and the differential flamegraph of
 * its own comparison with the base (DIR/vs-NAME/), embedded.
 */
#ifndef KBENCH_COMPARE_SET_HTML_H
#define KBENCH_COMPARE_SET_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/comparison.h"

/* Where pair I's own outputs go in the output directory: "vs-rt". */
void kb_compare_set_subdir(char *buf, size_t len, const struct kb_cmp_set *s,
			   size_t i);

/* The page of S, embedding what DIR holds, to F. 0 or -EIO. */
int kb_compare_set_html_write(FILE *f, const char *dir, const struct kb_cmp_set *s,
			      bool gnuplot_missing);

/* DIR/compare.html, written whole or not at all. 0, or -errno with WHY. */
int kb_compare_set_html_save(const char *dir, const struct kb_cmp_set *s,
			     bool gnuplot_missing, char *why, size_t why_len);

#endif

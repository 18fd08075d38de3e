/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare's gnuplot charts (charts.h), from the comparison model:
 * per compared benchmark, charts/bars-BENCH.* (base and new median with
 * the 95 % CI of each), and charts/change.* (the change of every compared
 * benchmark with the noise model's CI the verdict used, coloured by
 * verdict, in the threshold band).
 */
#ifndef KBENCH_COMPARE_CHARTS_H
#define KBENCH_COMPARE_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/comparison.h"

/* The bar chart's name of BENCH: "bars-syscall-null" (charts/NAME.svg). */
void kb_compare_bars_name(char *buf, size_t len, const char *bench);

/* A chart that could not be drawn: its name and why. */
typedef void (*kb_chart_warn_fn)(const char *chart, const char *why,
				 void *arg);

/*
 * Writes DIR/charts/ for C. When gnuplot is missing, *GNUPLOT_MISSING is
 * set and only the charts' data and scripts are written. A chart that
 * fails is not worth failing the comparison for: WARN hears of it and the
 * others are drawn. Returns 0, or -errno with WHY when DIR/charts cannot
 * be made.
 */
int kb_compare_charts(const char *dir, const struct kb_comparison *c,
		      bool *gnuplot_missing, kb_chart_warn_fn warn, void *arg,
		      char *why, size_t why_len);

/*
 * The charts of several runs against one base, in DIR/charts/: per
 * benchmark bars-BENCH.* (every run's median with its 95 % CI, side by
 * side) and change.* (every other run's change against the base per
 * benchmark, with the noise model's CI, one colour per run, in the
 * threshold band). As kb_compare_charts().
 */
int kb_compare_set_charts(const char *dir, const struct kb_cmp_set *s,
			  bool *gnuplot_missing, kb_chart_warn_fn warn, void *arg,
			  char *why, size_t why_len);

#endif

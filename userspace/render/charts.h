/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Charts rendered with gnuplot. Each chart keeps its data and script beside
 * the images so that a user can restyle it and run `gnuplot NAME.gp` again
 * in that directory.
 */
#ifndef KBENCH_CHARTS_H
#define KBENCH_CHARTS_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes DIR/NAME.dat (DATA) and DIR/NAME.gp, then runs gnuplot in DIR to
 * render DIR/NAME.png (pngcairo, else png) and DIR/NAME.svg. SCRIPT is
 * gnuplot commands that plot the data file, which they name with the
 * variable `datafile` ('NAME.dat'); NAME.gp sets that variable and wraps
 * SCRIPT in a loop that selects each terminal and output file.
 * The gnuplot binary is $KBENCH_GNUPLOT, else `gnuplot` on the PATH.
 *
 * Returns 0; 1 when gnuplot is missing (the .dat and .gp files are written,
 * nothing is rendered: the caller says so once and carries on); or -errno
 * with WHY (LEN bytes) saying what failed (-EIO: gnuplot failed, with its
 * first error line).
 */
/* Writes S as the content of a gnuplot single-quoted string ('' for '). */
void kb_gp_str(FILE *f, const char *s);

/*
 * Writes S as a double-quoted label in a gnuplot data file: at most MAX
 * bytes, with '"' turned into '\''.
 */
void kb_gp_label(FILE *f, const char *s, size_t max);

int kb_chart_render(const char *dir, const char *name, const char *data,
		    const char *script, char *why, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare's terminal output, from the comparison model: one line
 * per benchmark (medians as human numbers in the benchmark's unit, change,
 * CI, p-values, q, verdict), the benchmarks not compared and why, then per
 * regression and improvement its culprit, path, top functions and counters
 * per operation, and a summary line.
 */
#ifndef KBENCH_COMPARE_TEXT_H
#define KBENCH_COMPARE_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "model/comparison.h"

/* Ranked functions shown per regression or improvement. */
#define KB_TEXT_FUNCS 5

/* Prints C to F; COLOUR adds ANSI colours to verdicts and names. */
void kb_comparison_print(FILE *f, const struct kb_comparison *c, bool colour);

#endif

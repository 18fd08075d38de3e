/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench compare's terminal output, from the comparison model: the runs
 * (labels, kernel release and build), the like-for-like check (what differs between the environments), one line
 * per benchmark (medians as human numbers in the benchmark's unit, change,
 * the noise model's CI, the deciding p-value and its test, q, verdict, and
 * what an inconclusive one lacks), the benchmarks not compared and why,
 * then per regression and improvement its culprit, path, top functions and
 * counters per operation, and a summary with the threshold and whether
 * verdicts rest on the boot-noise prior.
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

/*
 * Prints several runs against one base side by side: the runs (label,
 * kernel release and build, boots), the environment fields that differ
 * with every run's value, one line per benchmark with the base's median
 * and every other run's median, change and verdict, then per run its
 * regressions' and improvements' evidence, and a summary per run.
 */
void kb_cmp_set_print(FILE *f, const struct kb_cmp_set *s, bool colour);

#endif

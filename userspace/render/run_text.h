/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `kbench run` shows as it goes: one line per finished benchmark, its
 * numbers for people (util/fmt.h: "syscall/null  864 ns/op ±1.2% (5 reps)
 * p50 832 ns p99 1.20 µs p99.9 4.51 µs"; results.json keeps the exact
 * values), and a progress line that redraws itself, for a terminal only.
 */
#ifndef KBENCH_RUN_TEXT_H
#define KBENCH_RUN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/results.h"

/* B's line: name, mean with its unit, CoV, repetitions, latency, partial. */
void kb_run_text_bench(FILE *f, const struct kb_bench_result *b);

/*
 * "[2/3] syscall/null repetition 4/5, ETA 12 s" over the line the cursor
 * is on (REP 0: the warm-up; PROFILED: "profiled repetition").
 * Cursor movement: only for a terminal.
 */
void kb_run_text_progress(FILE *f, size_t index, size_t count,
			  const char *name, long rep, long reps, bool profiled,
			  double eta_s);

/* Clears the progress line, leaving the cursor at its start. */
void kb_run_text_progress_clear(FILE *f);

#endif

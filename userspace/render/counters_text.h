/* SPDX-License-Identifier: GPL-2.0 */
/* A session's counters as text, for kbench stat and kbench record. */
#ifndef KBENCH_COUNTERS_TEXT_H
#define KBENCH_COUNTERS_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "model/counters.h"

/*
 * One line "PREFIXby calls: name N, ..." with the WANT most called syscalls,
 * and with latency a second one by total time ("read 12.3 ms, ...").
 */
void kb_counters_print_top(const struct kb_counters *c, FILE *f,
			   const char *prefix, size_t want);

/*
 * A strace -c like table, sorted by time with latency, else by calls:
 * exact calls and errors, times in human units ("9.47 µs").
 */
void kb_counters_print(const struct kb_counters *c, FILE *f);

#endif

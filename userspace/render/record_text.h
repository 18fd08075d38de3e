/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording as text: the summary `kbench record` prints when it ends,
 * one line of samples, drops, missed ticks, duration and top functions,
 * then the most called syscalls (counters_text.h) when it counted them.
 */
#ifndef KBENCH_RECORD_TEXT_H
#define KBENCH_RECORD_TEXT_H

#include <stdio.h>

#include "model/record.h"

/*
 * "PREFIX12.3k samples, 0 dropped, 4 missed ticks in 2.00 s; top: f 97.1%,
 * g 1.2%" (" (interrupted)" after the duration when R is partial), then
 * with --unwind dwarf a "PREFIXdwarf unwinding: ..." line (unwound,
 * truncated, failed, cost per sample), then "PREFIXsyscalls by calls: ..."
 * lines.
 */
void kb_record_print_summary(FILE *f, const char *prefix,
			     const struct kb_record *r);

#endif

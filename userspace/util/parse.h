/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers as users type them on a command line. Each parser takes the whole
 * string or nothing, and returns 0 or -EINVAL (the caller names the option
 * and the accepted range in its error).
 */
#ifndef KBENCH_PARSE_H
#define KBENCH_PARSE_H

#include <stdint.h>

/* A finite decimal number in [MIN, MAX]. */
int kb_parse_double(const char *s, double min, double max, double *v);

/*
 * A whole number without a sign in [MIN, MAX]; BASE as strtoull's (10, or
 * 0 to also take 0x... and 0...).
 */
int kb_parse_uint(const char *s, int base, uint64_t min, uint64_t max,
		  uint64_t *v);

/* A byte count above 0 with an optional K, M or G (KiB, MiB, GiB) suffix. */
int kb_parse_size(const char *s, uint64_t *v);

#endif

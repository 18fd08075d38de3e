/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers for people: three significant digits with an SI or binary
 * prefix, and a unit where there is one ("219M ops/s", "p50 9.47 ms",
 * "128 MiB"). Tables and text use these; JSON keeps exact values.
 * Every function writes BUF (KB_FMT_LEN bytes) and returns it; a value
 * that is not finite prints as "-".
 */
#ifndef KBENCH_FMT_H
#define KBENCH_FMT_H

#include <stdint.h>

#define KB_FMT_LEN 32

/* V with an SI prefix and no unit: "950", "9.47k", "219M", "1.50m". */
const char *kb_fmt_si(char buf[KB_FMT_LEN], double v);

/* A duration in nanoseconds: "464 ns", "9.47 µs", "12.0 ms", "3.20 s". */
const char *kb_fmt_ns(char buf[KB_FMT_LEN], double ns);

/* Bytes with binary prefixes: "512 B", "4.00 KiB", "128 MiB". */
const char *kb_fmt_bytes(char buf[KB_FMT_LEN], double bytes);

/*
 * V in UNIT, scaled by what the unit is: a time ("ns", "ns/op") as a time
 * ("9.47 ms", "1.20 µs/op"), "MB/s" through B/s .. TB/s, anything else
 * (a rate such as "ops/s" or "IOPS") with an SI prefix ("219M ops/s").
 */
const char *kb_fmt_value(char buf[KB_FMT_LEN], double v, const char *unit);

/* A count: exact below 100000, else with an SI prefix ("1.07M"). */
const char *kb_fmt_count(char buf[KB_FMT_LEN], uint64_t n);

#endif

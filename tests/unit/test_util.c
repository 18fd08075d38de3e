// SPDX-License-Identifier: GPL-2.0
/*
 * The util layer: human numbers, command-line numbers, files written whole,
 * slugs, interned strings and the terminal test.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers.h"
#include "util/fileio.h"
#include "util/fmt.h"
#include "util/parse.h"
#include "util/strmap.h"
#include "util/summary.h"
#include "util/term.h"

static void fmt_three_significant_digits(void **state)
{
	char b[KB_FMT_LEN];

	(void)state;
	assert_string_equal(kb_fmt_si(b, 0), "0");
	assert_string_equal(kb_fmt_si(b, 464), "464");
	assert_string_equal(kb_fmt_si(b, 9.994), "9.99");
	assert_string_equal(kb_fmt_si(b, 9.996), "10.0");
	assert_string_equal(kb_fmt_si(b, 99.96), "100");
	/* Rounding up to 1000 moves to the next prefix. */
	assert_string_equal(kb_fmt_si(b, 999.6), "1.00k");
	assert_string_equal(kb_fmt_si(b, 2.19392e8), "219M");
	assert_string_equal(kb_fmt_si(b, 0.0015), "1.50m");
	assert_string_equal(kb_fmt_si(b, -3.14159), "-3.14");
	assert_string_equal(kb_fmt_si(b, NAN), "-");
	assert_string_equal(kb_fmt_si(b, INFINITY), "-");
}

static void fmt_times_bytes_and_counts(void **state)
{
	char b[KB_FMT_LEN];

	(void)state;
	assert_string_equal(kb_fmt_ns(b, 464), "464 ns");
	assert_string_equal(kb_fmt_ns(b, 9469952), "9.47 ms");
	assert_string_equal(kb_fmt_ns(b, 1200), "1.20 µs");
	assert_string_equal(kb_fmt_ns(b, 3.2e9), "3.20 s");
	/* Beyond seconds there is no bigger unit: still seconds. */
	assert_string_equal(kb_fmt_ns(b, 4.5e12), "4500 s");
	assert_string_equal(kb_fmt_bytes(b, 512), "512 B");
	assert_string_equal(kb_fmt_bytes(b, 128 << 20), "128 MiB");
	assert_string_equal(kb_fmt_bytes(b, 1536), "1.50 KiB");
	assert_string_equal(kb_fmt_count(b, 99999), "99999");
	assert_string_equal(kb_fmt_count(b, 1070000), "1.07M");
}

static void fmt_values_follow_their_unit(void **state)
{
	char b[KB_FMT_LEN];

	(void)state;
	assert_string_equal(kb_fmt_value(b, 2.19392e8, "ops/s"), "219M ops/s");
	assert_string_equal(kb_fmt_value(b, 15234, "IOPS"), "15.2k IOPS");
	assert_string_equal(kb_fmt_value(b, 863.9, "ns/op"), "864 ns/op");
	assert_string_equal(kb_fmt_value(b, 3.6e6, "ns/op"), "3.60 ms/op");
	assert_string_equal(kb_fmt_value(b, 9469952, "ns"), "9.47 ms");
	assert_string_equal(kb_fmt_value(b, 1234.5, "MB/s"), "1.23 GB/s");
	assert_string_equal(kb_fmt_value(b, 0.5, "MB/s"), "500 kB/s");
	assert_string_equal(kb_fmt_value(b, 42, ""), "42.0");
	assert_string_equal(kb_fmt_value(b, NAN, "ops/s"), "-");
}

static void parse_takes_the_whole_string(void **state)
{
	double d;
	uint64_t u;

	(void)state;
	assert_int_equal(kb_parse_double("1.5", 0, 10, &d), 0);
	assert_true(d == 1.5);
	assert_int_equal(kb_parse_double("1.5x", 0, 10, &d), -EINVAL);
	assert_int_equal(kb_parse_double("", 0, 10, &d), -EINVAL);
	assert_int_equal(kb_parse_double("11", 0, 10, &d), -EINVAL);
	assert_int_equal(kb_parse_double("nan", 0, 10, &d), -EINVAL);
	assert_int_equal(kb_parse_double("inf", 0, INFINITY, &d), -EINVAL);
	assert_int_equal(kb_parse_uint("42", 10, 1, 100, &u), 0);
	assert_int_equal(u, 42);
	assert_int_equal(kb_parse_uint("-1", 10, 0, UINT64_MAX, &u), -EINVAL);
	assert_int_equal(kb_parse_uint(" 1", 10, 0, 100, &u), -EINVAL);
	assert_int_equal(kb_parse_uint("0", 10, 1, 100, &u), -EINVAL);
	assert_int_equal(kb_parse_uint("0x10", 0, 0, 100, &u), 0);
	assert_int_equal(u, 16);
	assert_int_equal(kb_parse_uint("0x10", 10, 0, 100, &u), -EINVAL);
	assert_int_equal(kb_parse_uint("99999999999999999999", 10, 0, UINT64_MAX, &u),
			 -EINVAL);
}

static void parse_sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(kb_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(kb_parse_size("128M", &v), 0);
	assert_int_equal(v, 128ULL << 20);
	assert_int_equal(kb_parse_size("2GiB", &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(kb_parse_size("1kB", &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(kb_parse_size("0", &v), -EINVAL);
	assert_int_equal(kb_parse_size("-1M", &v), -EINVAL);
	assert_int_equal(kb_parse_size("1T", &v), -EINVAL);
	assert_int_equal(kb_parse_size("17179869184G", &v), -EINVAL);
}

static int write_hello(FILE *f, void *arg)
{
	(void)arg;
	return fputs("hello\n", f) < 0 ? -EIO : 0;
}

static int write_fails(FILE *f, void *arg)
{
	(void)arg;
	fputs("half", f);
	return -EPIPE;
}

static void files_are_written_whole(void **state)
{
	char path[512], tmp[520], line[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/a.txt", group_tmpdir());
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(kb_write_atomic(path, write_hello, NULL), 0);
	assert_int_equal(kb_read_line(path, line, sizeof(line)), 0);
	assert_string_equal(line, "hello");
	/* A failed write leaves the old file and no temporary one. */
	assert_int_equal(kb_write_atomic(path, write_fails, NULL), -EPIPE);
	assert_int_equal(kb_read_line(path, line, sizeof(line)), 0);
	assert_string_equal(line, "hello");
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(kb_write_text(path, "x\ny\n", 4), 0);
	assert_int_equal(kb_read_line(path, line, sizeof(line)), 0);
	assert_string_equal(line, "x");
	assert_int_equal(kb_read_line("/nonexistent/x", line, sizeof(line)), -ENOENT);
	assert_string_equal(line, "");
}

/* Fields of /proc-style files: the first matching line, hex or decimal. */
static void fields_are_read_by_key(void **state)
{
	static const char text[] = "Name:\tx\nVmLck:\t    12 kB\n"
				   "CapEff:\t000001ffffffffff\nVmLck: 99 kB\n";
	unsigned long long v = 7;
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/status", group_tmpdir());
	assert_int_equal(kb_write_text(path, text, sizeof(text) - 1), 0);
	assert_int_equal(kb_read_field(path, "VmLck: %llu kB", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(kb_read_field(path, "CapEff: %llx", &v), 0);
	assert_int_equal(v, 0x1ffffffffffULL);
	assert_int_equal(kb_read_field(path, "MemTotal: %llu kB", &v), -ENODATA);
	assert_int_equal(kb_read_field("/nonexistent/x", "VmLck: %llu", &v), -ENOENT);
}

static void directories_are_made_with_parents(void **state)
{
	char dir[512], file[520];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/p/q/r", group_tmpdir());
	assert_int_equal(kb_mkdir_p(dir), 0);
	assert_int_equal(kb_mkdir_p(dir), 0);
	snprintf(file, sizeof(file), "%s/f", dir);
	assert_int_equal(kb_write_text(file, "", 0), 0);
	assert_int_equal(kb_mkdir_p(file), -ENOTDIR);
}

static void slugs_are_safe_file_names(void **state)
{
	char b[16];

	(void)state;
	kb_slug(b, sizeof(b), "syscall/null");
	assert_string_equal(b, "syscall-null");
	kb_slug(b, sizeof(b), "sh -c 'x;y'");
	assert_string_equal(b, "sh--c--x-y-");
	kb_slug(b, sizeof(b), "a_b.c");
	assert_string_equal(b, "a_b.c");
	kb_slug(b, 4, "abcdef");
	assert_string_equal(b, "abc");
}

static void strings_are_interned(void **state)
{
	struct kb_strmap m;
	char key[32];
	size_t id;

	(void)state;
	kb_strmap_init(&m);
	assert_int_equal(kb_strmap_find(&m, "a", 1), KB_STRMAP_NONE);
	/* Enough keys to grow the table several times. */
	for (size_t i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "key-%zu", i);
		assert_int_equal(kb_strmap_intern(&m, key, strlen(key), &id), 0);
		assert_int_equal(id, i);
	}
	for (size_t i = 0; i < 1000; i += 37) {
		snprintf(key, sizeof(key), "key-%zu", i);
		assert_int_equal(kb_strmap_find(&m, key, strlen(key)), i);
		assert_int_equal(kb_strmap_intern(&m, key, strlen(key), &id), 0);
		assert_int_equal(id, i);
		assert_string_equal(kb_strmap_key(&m, i), key);
	}
	assert_int_equal(m.n, 1000);
	/* LEN bytes, not the NUL: "key-12" is a prefix, not a match. */
	assert_int_equal(kb_strmap_find(&m, "key-123", 6), 12);
	kb_strmap_free(&m);
}

static void medians_and_summaries(void **state)
{
	const double v[] = { 5, 1, 4, 2, 3 };
	struct kb_summary s;

	(void)state;
	assert_true(kb_median(v, 5) == 3);
	assert_true(kb_median(v, 4) == 3);	/* 5 1 4 2: (2 + 4) / 2 */
	assert_true(isnan(kb_median(v, 0)));
	kb_summarize(v, 5, &s);
	assert_int_equal(s.n, 5);
	assert_true(s.mean == 3 && s.median == 3 && s.min == 1 && s.max == 5);
	assert_true(fabs(s.stddev - sqrt(2.5)) < 1e-12);
	kb_summarize(v, 1, &s);
	assert_true(s.stddev == 0 && s.cov_pct == 0);
}

static void dumb_terminals_are_logs(void **state)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), tty;

	(void)state;
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	tty = open(ptsname(master), O_RDWR | O_NOCTTY);
	assert_true(tty >= 0);
	setenv("TERM", "xterm", 1);
	unsetenv("NO_COLOR");
	assert_true(kb_term_interactive(tty));
	assert_true(kb_term_colour(tty));
	setenv("NO_COLOR", "1", 1);
	assert_true(kb_term_interactive(tty));
	assert_false(kb_term_colour(tty));
	setenv("NO_COLOR", "", 1);
	assert_true(kb_term_colour(tty));
	/* What the VM guest sets: its console is a log. */
	setenv("TERM", "dumb", 1);
	assert_false(kb_term_interactive(tty));
	assert_false(kb_term_colour(tty));
	/* A file is never a terminal. */
	setenv("TERM", "xterm", 1);
	assert_false(kb_term_interactive(master + 1000));
	close(tty);
	close(master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fmt_three_significant_digits),
		cmocka_unit_test(fmt_times_bytes_and_counts),
		cmocka_unit_test(fmt_values_follow_their_unit),
		cmocka_unit_test(parse_takes_the_whole_string),
		cmocka_unit_test(parse_sizes),
		cmocka_unit_test(files_are_written_whole),
		cmocka_unit_test(fields_are_read_by_key),
		cmocka_unit_test(directories_are_made_with_parents),
		cmocka_unit_test(slugs_are_safe_file_names),
		cmocka_unit_test(strings_are_interned),
		cmocka_unit_test(medians_and_summaries),
		cmocka_unit_test(dumb_terminals_are_logs),
	};

	return cmocka_run_group_tests_name("util", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

// SPDX-License-Identifier: GPL-2.0
/* Self and total samples per function from folded stacks. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/fstats.h"

static int read_text(struct kb_fstats *fs, const char *text, size_t *line)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = kb_fstats_read(fs, f, line);
	fclose(f);
	return ret;
}

static void self_and_total(void **state)
{
	struct kb_fstats fs;
	const struct kb_fstat *e;
	size_t line;

	(void)state;
	assert_int_equal(read_text(&fs,
		"app;main;work 60\n"
		"app;main;work;read_[k] 30\n"
		"app;main;helper 10\n"
		"app;main;rec;rec;rec 5\n"
		"kworker;func [mod]_[k] 7\n", &line), 0);
	assert_int_equal(fs.samples, 112);
	assert_int_equal(fs.stacks, 5);
	/* Sorted by self: work 60, read 30, helper 10, func 7, rec 5. */
	assert_string_equal(fs.f[0].name, "work");
	assert_string_equal(fs.f[1].name, "read_[k]");
	e = kb_fstats_find(&fs, "work");
	assert_int_equal(e->self, 60);
	assert_int_equal(e->total, 90);
	e = kb_fstats_find(&fs, "main");
	assert_int_equal(e->self, 0);
	assert_int_equal(e->total, 105);
	/* Recursion counts once towards the total. */
	e = kb_fstats_find(&fs, "rec");
	assert_int_equal(e->self, 5);
	assert_int_equal(e->total, 5);
	/* Frames may contain spaces; the count is after the last one. */
	e = kb_fstats_find(&fs, "func [mod]_[k]");
	assert_int_equal(e->self, 7);
	assert_null(kb_fstats_find(&fs, "absent"));
	kb_fstats_free(&fs);
}

static void malformed_lines_are_named(void **state)
{
	struct kb_fstats fs;
	size_t line;

	(void)state;
	assert_int_equal(read_text(&fs, "a;b 1\nno count here\n", &line), -EPROTO);
	assert_int_equal(line, 2);
	assert_int_equal(read_text(&fs, "a;b 1\n\na;c 12x\n", &line), -EPROTO);
	assert_int_equal(line, 3);
	assert_int_equal(read_text(&fs, "", &line), 0);
	assert_int_equal(fs.samples, 0);
	kb_fstats_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(self_and_total),
		cmocka_unit_test(malformed_lines_are_named),
	};

	return cmocka_run_group_tests_name("fstats", tests, NULL, NULL);
}

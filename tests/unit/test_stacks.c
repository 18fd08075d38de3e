// SPDX-License-Identifier: GPL-2.0
/* The folded reader: what FlameGraph accepts, kbench accepts. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "capture/profile.h"
#include "model/stacks.h"

/* Reads TEXT into ST; returns kb_stacks_read()'s result and *LINE. */
static int read_text(struct kb_stacks *st, const char *text, size_t *line)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = kb_stacks_read(st, f, line);
	fclose(f);
	return ret;
}

static char *written(struct kb_stacks *st)
{
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);

	assert_int_equal(kb_stacks_sort(st), 0);
	assert_int_equal(kb_stacks_write(st, mem), 0);
	fclose(mem);
	return out;
}

/* Comments, blank lines, tabs, CRLF and trailing blanks are FlameGraph's. */
static void comments_and_blanks_are_skipped(void **state)
{
	struct kb_stacks st;
	size_t line;
	char *out;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(read_text(&st,
		"# perf script | stackcollapse-perf.pl\n"
		"\n"
		"   \n"
		"main;work 3\n"
		"#another comment 12\n"
		"main;work\t2\r\n"
		"main;idle  5   \n"
		"main;with space in it 1\n", &line), 0);
	assert_int_equal(line, 8);
	assert_int_equal(st.samples, 11);
	out = written(&st);
	assert_string_equal(out, "main;idle 5\nmain;with space in it 1\nmain;work 5\n");
	free(out);
	kb_stacks_free(&st);
}

/* Fractional counts are summed per stack, then rounded to whole samples. */
static void fractional_counts_are_summed(void **state)
{
	struct kb_stacks st;
	size_t line;
	char *out;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(read_text(&st,
		"a;b 0.25\n"
		"a;b 0.25\n"
		"a;b 1.5\n"
		"a;c 2.\n"
		"a;d 0.4\n"
		"a;e 7\n", &line), 0);
	out = written(&st);
	/* b: 2.0; c: 2; d: 0.4 rounds to nothing; e: 7. */
	assert_string_equal(out, "a;b 2\na;c 2\na;d 0\na;e 7\n");
	assert_int_equal(st.samples, 11);
	free(out);

	/* A later file's fractions add to what was left over. */
	assert_int_equal(read_text(&st, "a;d 0.2\n", &line), 0);
	out = written(&st);
	assert_string_equal(out, "a;b 2\na;c 2\na;d 1\na;e 7\n");
	free(out);
	kb_stacks_free(&st);
}

/* A malformed line is refused with its number. */
static void malformed_lines_are_numbered(void **state)
{
	static const char *const bad[] = {
		"# fine\na;b 1\na;b\n",		/* no count */
		"# fine\na;b 1\na;b -1\n",	/* negative */
		"# fine\na;b 1\na;b 1e3\n",	/* not as FlameGraph writes one */
		"# fine\na;b 1\n 5\n",		/* no stack */
		"# fine\na;b 1\na;b 1.2.3\n",
	};
	struct kb_stacks st;
	size_t line;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kb_stacks_init(&st);
		assert_int_equal(read_text(&st, bad[i], &line), -EPROTO);
		assert_int_equal(line, 3);
		kb_stacks_free(&st);
	}
}

/* A profile's stacks.folded that is malformed is named, with its line. */
static void profile_error_names_file_and_line(void **state)
{
	char *dir = tmpdir_new(), path[4200], why[KB_PROFILE_WHYLEN];
	struct kb_stacks st;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/stacks.folded", dir);
	f = fopen(path, "w");
	fputs("# written by hand\nmain;f 1.5\n\nmain;g oops\n", f);
	fclose(f);
	kb_stacks_init(&st);
	assert_int_equal(kb_profile_read_stacks(dir, &st, why), -EPROTO);
	kb_stacks_free(&st);
	assert_non_null(strstr(why, path));
	assert_non_null(strstr(why, ": line 4: "));
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(comments_and_blanks_are_skipped),
		cmocka_unit_test(fractional_counts_are_summed),
		cmocka_unit_test(malformed_lines_are_numbered),
		cmocka_unit_test(profile_error_names_file_and_line),
	};

	return cmocka_run_group_tests_name("stacks", tests, NULL, NULL);
}

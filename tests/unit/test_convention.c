// SPDX-License-Identifier: GPL-2.0
/*
 * One CLI convention for every command of the table (cmd/cli.h): -h/--help
 * prints the usage on stdout and exits 0, and lists -o/--output,
 * -j/--json and -h/--help; an unknown option, an option without its value
 * and a stray argument each get one message, "kbench: CMD: ... (see
 * 'kbench CMD --help')", on stderr and nothing else, and exit 2.
 */
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

#define main kbench_main
#include "cmd/kbench.c"
#undef main

static char out[16384], err[16384];

static int run(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return run_captured(kbench_main, argc, argv, out, err, sizeof(out));
}

/* "kbench: CMD: WHAT (see 'kbench CMD --help')\n", exactly. */
static void expect_error(const char *cmd, const char *what)
{
	char want[512];

	snprintf(want, sizeof(want), "kbench: %s: %s (see 'kbench %s --help')\n",
		 cmd, what, cmd);
	if (strcmp(err, want))
		fail_msg("kbench %s: got '%s', want '%s'", cmd, err, want);
	assert_string_equal(out, "");
}

static void every_command_has_help(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char *name = (char *)commands[i].name, usage[64];
		char *longv[] = { "kbench", name, "--help", NULL };
		char *shortv[] = { "kbench", name, "-h", NULL };

		snprintf(usage, sizeof(usage), "Usage: kbench %s", name);
		assert_int_equal(run(longv), 0);
		assert_string_equal(err, "");
		if (strncmp(out, usage, strlen(usage)))
			fail_msg("%s --help starts with '%.40s'", name, out);
		for (const char *const *o = (const char *const[]){
			"-o, --output", "-j, --json", "-h, --help", NULL }; *o; o++)
			if (!strstr(out, *o))
				fail_msg("%s --help does not list '%s'", name, *o);
		assert_int_equal(run(shortv), 0);
		assert_int_equal(strncmp(out, usage, strlen(usage)), 0);
	}
}

static void unknown_options_are_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char *name = (char *)commands[i].name;
		char *longv[] = { "kbench", name, "--bogus", NULL };
		char *shortv[] = { "kbench", name, "-Z", NULL };
		char *glued[] = { "kbench", name, "--bogus=1", NULL };

		assert_int_equal(run(longv), 2);
		expect_error(name, "unknown option '--bogus'");
		assert_int_equal(run(shortv), 2);
		expect_error(name, "unknown option '-Z'");
		assert_int_equal(run(glued), 2);
		expect_error(name, "unknown option '--bogus'");
	}
}

static void missing_values_are_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char *name = (char *)commands[i].name;
		char *shortv[] = { "kbench", name, "-o", NULL };
		char *longv[] = { "kbench", name, "--output", NULL };

		assert_int_equal(run(shortv), 2);
		expect_error(name, "option '-o' needs a value");
		assert_int_equal(run(longv), 2);
		expect_error(name, "option '--output' needs a value");
	}
}

/* Commands whose trailing arguments are a profiled command have none stray. */
static void stray_arguments_are_named(void **state)
{
	static const struct {
		char *argv[8];
		const char *what;
	} cases[] = {
		{ { "kbench", "status", "extra", NULL }, "unexpected argument 'extra'" },
		{ { "kbench", "run", "cpu", "extra", NULL }, "unexpected argument 'extra'" },
		{ { "kbench", "compare", "-l", "x", "a", "b", NULL },
		  "--label: 1 label for 2 runs (one per run, in order)" },
		{ { "kbench", "report", "a", "extra", NULL }, "unexpected argument 'extra'" },
		{ { "kbench", "compare", "a", NULL }, "needs two results: BASE and NEW" },
		{ { "kbench", "merge", "-o", "d", "a", NULL },
		  "needs at least two results to merge" },
		{ { "kbench", "merge", "a", "b", NULL },
		  "needs -o DIR: where the merged results.json goes" },
		{ { "kbench", "report", NULL },
		  "no result given (a directory or its results.json)" },
		{ { "kbench", "run", NULL }, "no suite given (io, cpu, syscall or all)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(run((char **)cases[i].argv), 2);
		expect_error(cases[i].argv[1], cases[i].what);
	}
}

/* Each case of the tests above covers every command in the table. */
static void the_table_is_what_is_tested(void **state)
{
	static const char *const known[] = {
		"status", "record", "stat", "run", "compare", "merge", "report",
	};

	(void)state;
	assert_int_equal(N_COMMANDS, sizeof(known) / sizeof(known[0]));
	for (size_t i = 0; i < N_COMMANDS; i++)
		assert_string_equal(commands[i].name, known[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_has_help),
		cmocka_unit_test(unknown_options_are_named),
		cmocka_unit_test(missing_values_are_named),
		cmocka_unit_test(stray_arguments_are_named),
		cmocka_unit_test(the_table_is_what_is_tested),
	};

	return cmocka_run_group_tests_name("convention", tests, NULL, NULL);
}

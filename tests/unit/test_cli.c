// SPDX-License-Identifier: GPL-2.0
/* The command table: dispatch, help, version, errors and exit statuses. */
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

/* Runs kbench with ARGS, capturing stdout and stderr into OUT and ERR. */
static int run(char *out, char *err, size_t len, int argc, ...)
{
	char *argv[16] = { "kbench" };
	va_list ap;

	assert_true(argc < 15);
	va_start(ap, argc);
	for (int i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return run_captured(kbench_main, argc + 1, argv, out, err, len);
}

static char out[8192], err[8192];

static void help_lists_every_command(void **state)
{
	(void)state;
	assert_int_equal(run(out, err, sizeof(out), 1, "--help"), 0);
	for (size_t i = 0; i < N_COMMANDS; i++)
		assert_non_null(strstr(out, commands[i].name));
	assert_string_equal(err, "");
}

static void no_arguments_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(run(out, err, sizeof(out), 0), 2);
	assert_non_null(strstr(err, "Usage: kbench"));
}

static void version_names_cli_and_wire(void **state)
{
	(void)state;
	assert_int_equal(run(out, err, sizeof(out), 1, "--version"), 0);
	assert_string_equal(out, "kbench " KBENCH_VERSION " (wire version 1)\n");
}

static void help_command_prints_its_usage(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		assert_int_equal(run(out, err, sizeof(out), 2, "help",
				     commands[i].name), 0);
		assert_non_null(strstr(out, "Usage: kbench "));
		assert_non_null(strstr(out, commands[i].name));
	}
}

static void unknown_commands_are_named(void **state)
{
	(void)state;
	assert_int_equal(run(out, err, sizeof(out), 1, "frobnicate"), 2);
	assert_string_equal(err, "kbench: frobnicate: unknown command (see 'kbench --help')\n");
	assert_int_equal(run(out, err, sizeof(out), 2, "help", "frobnicate"), 2);
	assert_string_equal(err, "kbench: help: unknown command 'frobnicate' (see 'kbench --help')\n");
}

static void bad_option_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(run(out, err, sizeof(out), 2, "status", "--bogus"), 2);
	assert_string_equal(err, "kbench: status: unknown option '--bogus' "
			    "(see 'kbench status --help')\n");
	assert_int_equal(run(out, err, sizeof(out), 2, "status", "extra"), 2);
	assert_string_equal(err, "kbench: status: unexpected argument 'extra' "
			    "(see 'kbench status --help')\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_lists_every_command),
		cmocka_unit_test(no_arguments_is_a_usage_error),
		cmocka_unit_test(version_names_cli_and_wire),
		cmocka_unit_test(help_command_prints_its_usage),
		cmocka_unit_test(unknown_commands_are_named),
		cmocka_unit_test(bad_option_is_a_usage_error),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}

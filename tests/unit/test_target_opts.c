// SPDX-License-Identifier: GPL-2.0
/*
 * The target options record and stat share (-p, -a, -d, -- CMD): what is
 * taken, what is refused and in which words; then each command's own words.
 */
#include <getopt.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "cmd/commands.h"
#include "cmd/target_opts.h"

static void test_usage(FILE *f)
{
	fputs("Usage: test\n", f);
}

/* Record's shape: -a may go with a command; usage after "nothing". */
static const struct kb_target_msgs msgs = {
	.cmd = "test",
	.bad_pid = "-p: '%s' is no pid",
	.bad_duration = "-d: '%s' is no duration",
	.all_and_pid = "-a and -p",
	.pid_and_cmd = "-p and CMD",
	.nothing = "nothing",
	.nothing_usage = test_usage,
	.duration_and_cmd = "-d and CMD",
};

/* Stat's shape: -a and a command exclude each other; no usage. */
static const struct kb_target_msgs strict_msgs = {
	.cmd = "strict",
	.bad_pid = "'%s' is no pid",
	.bad_duration = "'%s' is no duration",
	.all_and_pid = "one of them",
	.pid_and_cmd = "one of them",
	.all_and_cmd = "one of them",
	.nothing = "one of them",
	.duration_and_cmd = "-d and CMD",
};

static const struct kb_target_msgs *cur_msgs;
static struct kb_target t;
static bool saw_x;
static char out[8192], err[8192];

/* Parses like a command: the target options and -x, then the command. */
static int parse(int argc, char **argv)
{
	static const struct option opts[] = {
		KB_TARGET_LONGOPTS,
		{ "x", no_argument, NULL, 'x' },
		{ 0 }
	};
	int c, ret;

	memset(&t, 0, sizeof(t));
	saw_x = false;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+" KB_TARGET_SHORTOPTS "x", opts,
				NULL)) != -1) {
		ret = kb_target_opt(&t, cur_msgs, c, optarg);
		if (ret < 0)
			return -1;
		if (ret > 0)
			continue;
		if (c != 'x')
			return -2;
		saw_x = true;
	}
	return kb_target_check(&t, cur_msgs, argc - optind, argv + optind);
}

/* Parses the NULL-terminated ARGS after a program name, stderr in err. */
static int parse_with(const struct kb_target_msgs *m, char **args)
{
	char *argv[16] = { "test" };
	int argc = 1;

	while (args[argc - 1]) {
		assert_true(argc < 15);
		argv[argc] = args[argc - 1];
		argc++;
	}
	cur_msgs = m;
	return run_captured(parse, argc, argv, out, err, sizeof(err));
}

#define ARGS(...) ((char *[]){ __VA_ARGS__, NULL })

static void pid_and_duration_are_taken(void **state)
{
	(void)state;
	assert_int_equal(parse_with(&msgs, ARGS("-p", "42", "-d", "1.5")), 0);
	assert_int_equal(t.pid, 42);
	assert_true(t.duration == 1.5);
	assert_false(t.all);
	assert_null(t.cmd);
	assert_string_equal(err, "");

	assert_int_equal(parse_with(&msgs, ARGS("--pid=4194304", "--duration", "0.25")), 0);
	assert_int_equal(t.pid, 4194304);
	assert_true(t.duration == 0.25);

	assert_int_equal(parse_with(&msgs, ARGS("-x", "--all", "-x")), 0);
	assert_true(t.all);
	assert_int_equal(t.pid, 0);
	assert_true(t.duration == 0);
	assert_true(saw_x);	/* not a target option: left to the command */
}

static void the_command_follows_the_options(void **state)
{
	(void)state;
	/* With or without "--"; the command's own options stay its own. */
	assert_int_equal(parse_with(&msgs, ARGS("--", "ls", "-p", "1")), 0);
	assert_non_null(t.cmd);
	assert_string_equal(t.cmd[0], "ls");
	assert_string_equal(t.cmd[1], "-p");
	assert_string_equal(t.cmd[2], "1");
	assert_null(t.cmd[3]);
	assert_int_equal(t.pid, 0);

	assert_int_equal(parse_with(&msgs, ARGS("-x", "ls", "-a")), 0);
	assert_string_equal(t.cmd[0], "ls");
	assert_string_equal(t.cmd[1], "-a");
	assert_false(t.all);

	/* A NULL all_and_cmd lets -a go with a command. */
	assert_int_equal(parse_with(&msgs, ARGS("-a", "--", "true")), 0);
	assert_true(t.all);
	assert_string_equal(t.cmd[0], "true");
	assert_string_equal(err, "");
}

static void bad_pids_are_refused(void **state)
{
	static const char *const bad[] = {
		"0", "-5", " -5", "-0", "4194305", "", "abc", "12x", "1.5",
		"99999999999999999999", " -18446744073709551610",
	};
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_with(&msgs, ARGS("-a", "-p", (char *)bad[i])), -1);
		snprintf(want, sizeof(want), "kbench: test: -p: '%s' is no pid\n", bad[i]);
		assert_string_equal(err, want);
		assert_int_equal(parse_with(&strict_msgs, ARGS("--pid", (char *)bad[i])), -1);
		snprintf(want, sizeof(want), "kbench: strict: '%s' is no pid\n", bad[i]);
		assert_string_equal(err, want);
	}
}

static void bad_durations_are_refused(void **state)
{
	static const char *const bad[] = { "0", "-1", "", "abc", "1x", "nan", "0x" };
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_with(&msgs, ARGS("-a", "-d", (char *)bad[i])), -1);
		snprintf(want, sizeof(want), "kbench: test: -d: '%s' is no duration\n", bad[i]);
		assert_string_equal(err, want);
	}
}

static void bad_combinations_are_refused_in_order(void **state)
{
	(void)state;
	assert_int_equal(parse_with(&msgs, ARGS("-a", "-p", "1", "-d", "1")), -1);
	assert_string_equal(err, "kbench: test: -a and -p\n");
	/* -a and -p is said first, before what the command adds. */
	assert_int_equal(parse_with(&msgs, ARGS("-p", "1", "-a", "-d", "1", "--", "ls")), -1);
	assert_string_equal(err, "kbench: test: -a and -p\n");
	assert_int_equal(parse_with(&msgs, ARGS("-p", "1", "-d", "1", "ls")), -1);
	assert_string_equal(err, "kbench: test: -p and CMD\n");
	assert_int_equal(parse_with(&msgs, ARGS("-d", "1", "--", "ls")), -1);
	assert_string_equal(err, "kbench: test: -d and CMD\n");
	/* Nothing to watch: the message, then the usage when there is one. */
	assert_int_equal(parse_with(&msgs, ARGS("-d", "1")), -1);
	assert_string_equal(err, "kbench: test: nothing\nUsage: test\n");
	assert_int_equal(parse_with(&msgs, ARGS("--")), -1);
	assert_string_equal(err, "kbench: test: nothing\nUsage: test\n");

	assert_int_equal(parse_with(&strict_msgs, ARGS("-a", "--", "ls")), -1);
	assert_string_equal(err, "kbench: strict: one of them\n");
	assert_int_equal(parse_with(&strict_msgs, ARGS("-a", "-p", "1")), -1);
	assert_string_equal(err, "kbench: strict: one of them\n");
	assert_int_equal(parse_with(&strict_msgs, ARGS("-d", "1", "ls")), -1);
	assert_string_equal(err, "kbench: strict: -d and CMD\n");
	assert_int_equal(parse_with(&strict_msgs, ARGS("-x")), -1);
	assert_string_equal(err, "kbench: strict: one of them\n");	/* no usage */
	assert_string_equal(out, "");
}

/* Runs CMD with ARGS after its name: its exit status; stderr in err. */
static int run_cmd(int (*cmd)(int, char **), const char *name, char **args)
{
	char *argv[16] = { (char *)name };
	int argc = 1;

	while (args[argc - 1]) {
		assert_true(argc < 15);
		argv[argc] = args[argc - 1];
		argc++;
	}
	return run_captured(cmd, argc, argv, out, err, sizeof(err));
}

struct cmd_case {
	char **args;
	const char *err;	/* stderr, or what comes before the usage */
	bool usage;		/* the command's usage follows ERR */
};

static void check_cases(int (*cmd)(int, char **), const char *name,
			const struct cmd_case *cases, size_t n)
{
	char usage[64];

	snprintf(usage, sizeof(usage), "Usage: kbench %s ", name);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cases[i].err);

		assert_int_equal(run_cmd(cmd, name, cases[i].args), 2);
		if (cases[i].usage) {
			assert_memory_equal(err, cases[i].err, len);
			assert_ptr_equal(strstr(err, usage), err + len);
		} else {
			assert_string_equal(err, cases[i].err);
		}
		assert_string_equal(out, "");
	}
}

/* record's words, as tests/qemu/cases/record.sh greps some of them. */
static void record_words_its_errors(void **state)
{
	const struct cmd_case cases[] = {
		{ .args = ARGS("-a", "-p", "1", "-d", "1"),
		  .err = "kbench: record: -a and -p exclude each other\n" },
		{ .args = ARGS("-p", "1", "--", "true"),
		  .err = "kbench: record: -p and a command exclude each other\n" },
		{ .args = ARGS("-d", "1", "--", "true"),
		  .err = "kbench: record: -d applies to -p and -a; a command ends the recording itself\n" },
		{ .args = ARGS("-p", "0"),
		  .err = "kbench: record: -p: '0' is not a whole number from 1 to 4194304\n" },
		{ .args = ARGS("--pid", "4194305"),
		  .err = "kbench: record: -p: '4194305' is not a whole number from 1 to 4194304\n" },
		{ .args = ARGS("-a", "-d", "0"),
		  .err = "kbench: record: -d: '0' is not a positive number of seconds\n" },
		{ .args = ARGS("-l", "--no-counters", "-a"),
		  .err = "kbench: record: --no-counters excludes --latency, which counts\n" },
		{ .args = ARGS("--no-counters", "-c", "-a"),
		  .err = "kbench: record: --no-counters excludes --counters\n" },
		{ .args = ARGS("-F", "999"),
		  .err = "kbench: record: nothing to record: give -- CMD, -p PID or -a\n",
		  .usage = true },
	};

	(void)state;
	check_cases(cmd_record, "record", cases, sizeof(cases) / sizeof(cases[0]));
}

static void stat_words_its_errors(void **state)
{
	const struct cmd_case cases[] = {
		{ .args = ARGS("-a", "-p", "1"),
		  .err = "kbench: stat: give exactly one of -- CMD, -p PID or -a\n" },
		{ .args = ARGS("-p", "1", "--", "true"),
		  .err = "kbench: stat: give exactly one of -- CMD, -p PID or -a\n" },
		{ .args = ARGS("-a", "--", "true"),
		  .err = "kbench: stat: give exactly one of -- CMD, -p PID or -a\n" },
		{ .args = ARGS("-l"),
		  .err = "kbench: stat: give exactly one of -- CMD, -p PID or -a\n" },
		{ .args = ARGS("-d", "1", "--", "true"),
		  .err = "kbench: stat: --duration goes with -p or -a, not a command\n" },
		{ .args = ARGS("-p", "0"),
		  .err = "kbench: stat: -p: '0' is not a whole number from 1 to 4194304\n" },
		{ .args = ARGS("--pid", "12x"),
		  .err = "kbench: stat: -p: '12x' is not a whole number from 1 to 4194304\n" },
		{ .args = ARGS("-a", "-d", "-1"),
		  .err = "kbench: stat: -d: '-1' is not a positive number of seconds\n" },
	};

	(void)state;
	check_cases(cmd_stat, "stat", cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pid_and_duration_are_taken),
		cmocka_unit_test(the_command_follows_the_options),
		cmocka_unit_test(bad_pids_are_refused),
		cmocka_unit_test(bad_durations_are_refused),
		cmocka_unit_test(bad_combinations_are_refused_in_order),
		cmocka_unit_test(record_words_its_errors),
		cmocka_unit_test(stat_words_its_errors),
	};

	return cmocka_run_group_tests_name("target_opts", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/* kbench: the command table, and nothing more. */
#include <stdio.h>
#include <string.h>
#include <linux/kbench.h>

#include "commands.h"
#include "util/util.h"

struct kb_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct kb_cmd commands[] = {
	{ "status", cmd_status, "Show the loaded module's version and state" },
	{ "record", cmd_record, "Sample the kernel and user stacks of a command" },
	{ "stat", cmd_stat, "Count the syscalls and page faults of a command" },
	{ "run", cmd_run, "Run a workload suite (io, cpu, syscall, all)" },
	{ "compare", cmd_compare, "Compare two runs: regressions and where the time went" },
	{ "merge", cmd_merge, "Merge the runs of several boots into one result" },
	{ "report", cmd_report, "Hotspots, flamegraphs, charts and an HTML report" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "Usage: kbench COMMAND [ARGS...]\n"
		   "       kbench help COMMAND\n"
		   "       kbench --version\n\nCommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nExit status: 0 ok, 1 regression found (compare), "
		   "2 usage or runtime error.\n");
}

static const struct kb_cmd *find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct kb_cmd *cmd;

	if (argc < 2) {
		usage(stderr);
		return KB_EXIT_ERROR;
	}
	if (kb_is_help(argv[1])) {
		usage(stdout);
		return KB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("kbench %s (wire version %d)\n", KBENCH_VERSION,
		       KBENCH_GENL_VERSION);
		return KB_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return KB_EXIT_OK;
		}
		cmd = find(argv[2]);
		if (!cmd) {
			kb_err("help", "unknown command '%s' (see 'kbench --help')",
			       argv[2]);
			return KB_EXIT_ERROR;
		}
		char *help_argv[] = { argv[2], "--help", NULL };
		return cmd->fn(2, help_argv);
	}
	cmd = find(argv[1]);
	if (!cmd) {
		kb_err(argv[1], "unknown command (see 'kbench --help')");
		return KB_EXIT_ERROR;
	}
	return cmd->fn(argc - 1, argv + 1);
}

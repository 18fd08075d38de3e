/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options convention every command follows (docs/man/kbench.1):
 * -o/--output, -j/--json and -h/--help mean the same everywhere, and an
 * unknown option, an option without its value or a stray argument gets
 * one message format, "kbench: CMD: ...", and exit status 2.
 */
#ifndef KBENCH_CLI_H
#define KBENCH_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

struct kb_results;

/* One command's options, walked with kb_opt_next(). */
struct kb_opts {
	const char *cmd;		/* "run", for messages */
	const char *shortopts;		/* getopt's, a leading '+' allowed */
	const struct option *longopts;
	bool started;
};

/* What kb_opt_next() returns for a bad option, after saying why. */
#define KB_OPT_BAD '?'

/*
 * getopt_long() over ARGV with the convention's messages: the next option
 * (its character or long-option value), -1 when the options end (optind
 * then indexes the first operand), or KB_OPT_BAD after printing
 * "kbench: CMD: unknown option '--x' (see 'kbench CMD --help')" or
 * "... option '-o' needs a value ...".
 */
int kb_opt_next(struct kb_opts *o, int argc, char **argv);

/* "kbench: CMD: unexpected argument 'ARG' (see 'kbench CMD --help')". */
void kb_opt_unexpected(const char *cmd, const char *arg);

/* "kbench: CMD: MSG (see 'kbench CMD --help')": an operand is missing. */
void kb_opt_missing(const char *cmd, const char *msg);

/*
 * The results ARG names (a run directory or its results.json), loaded into
 * *R, with where they are in DIR and FILE (kb_results_locate()). 0, or -1
 * after saying why as "kbench: CMD: ...".
 */
int kb_cli_load_results(const char *cmd, const char *arg, char *dir, size_t dlen,
			char *file, size_t flen, struct kb_results **r);

#endif

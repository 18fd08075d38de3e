// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "model/results.h"
#include "util/util.h"

/* The option as the user wrote it: "--name" or "-x". */
static const char *written(int argc, char **argv, char *buf, size_t len)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : NULL;

	/*
	 * A long option, or a short one standing alone, is the last argument
	 * getopt took; in a cluster ("-xz") only optopt names it.
	 */
	if (arg && (!strncmp(arg, "--", 2) || (optopt && arg[0] == '-' &&
						arg[1] == optopt && !arg[2])))
		snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt)
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", arg ? arg : "?");
	return buf;
}

int kb_opt_next(struct kb_opts *o, int argc, char **argv)
{
	char spec[128], name[128];
	const char *s = o->shortopts;
	bool plus = *s == '+';
	int c;

	if (!o->started) {
		/* A full reset: tests run several commands in one process. */
		optind = 0;
		o->started = true;
	}
	/* A ':' first: getopt reports a missing value and prints nothing. */
	snprintf(spec, sizeof(spec), "%s:%s", plus ? "+" : "", s + plus);
	opterr = 0;
	optopt = 0;
	c = getopt_long(argc, argv, spec, o->longopts, NULL);
	if (c == '?') {
		kb_err(o->cmd, "unknown option '%s' (see 'kbench %s --help')",
		       written(argc, argv, name, sizeof(name)), o->cmd);
		return KB_OPT_BAD;
	}
	if (c == ':') {
		kb_err(o->cmd, "option '%s' needs a value (see 'kbench %s --help')",
		       written(argc, argv, name, sizeof(name)), o->cmd);
		return KB_OPT_BAD;
	}
	return c;
}

void kb_opt_unexpected(const char *cmd, const char *arg)
{
	kb_err(cmd, "unexpected argument '%s' (see 'kbench %s --help')", arg, cmd);
}

void kb_opt_missing(const char *cmd, const char *msg)
{
	kb_err(cmd, "%s (see 'kbench %s --help')", msg, cmd);
}

int kb_cli_load_results(const char *cmd, const char *arg, char *dir, size_t dlen,
			char *file, size_t flen, struct kb_results **r)
{
	char why[KB_RESULTS_WHY];
	int ret;

	ret = kb_results_locate(arg, dir, dlen, file, flen);
	if (ret) {
		kb_err(cmd, "%s: %s", arg, strerror(-ret));
		return -1;
	}
	if (kb_results_load(file, r, why)) {
		kb_err(cmd, "%s", why);
		return -1;
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a command watches, as kbench record and kbench stat take it:
 * -p/--pid PID, -a/--all, -d/--duration S and a trailing -- CMD [ARGS...].
 */
#ifndef KBENCH_TARGET_OPTS_H
#define KBENCH_TARGET_OPTS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* The largest pid -p takes (the kernel's PID_MAX_LIMIT on 64-bit). */
#define KB_TARGET_PID_MAX 4194304

/* The target options, for a command's getopt_long() string and table. */
#define KB_TARGET_SHORTOPTS "ap:d:"
#define KB_TARGET_LONGOPTS \
	{ "pid", required_argument, NULL, 'p' }, \
	{ "all", no_argument, NULL, 'a' }, \
	{ "duration", required_argument, NULL, 'd' }

struct kb_target {
	pid_t pid;		/* -p; 0 without */
	bool all;		/* -a */
	double duration;	/* -d in seconds; 0 without */
	char **cmd;		/* the command after the options; NULL without */
};

/*
 * How a command words its target errors; each one goes to kb_err() under
 * CMD. BAD_PID and BAD_DURATION are formats of the refused argument (%s).
 * The checks run in this order; a NULL message lets its combination through
 * (record's ALL_AND_CMD: -a with a command samples while the command runs).
 */
struct kb_target_msgs {
	const char *cmd;
	const char *bad_pid;
	const char *bad_duration;
	const char *all_and_pid;
	const char *pid_and_cmd;
	const char *all_and_cmd;
	const char *nothing;
	void (*nothing_usage)(FILE *);	/* printed after NOTHING when set */
	const char *duration_and_cmd;
};

/*
 * Takes getopt's option C and its ARG when it is a target option: 1 when
 * taken, 0 when C is not a target option, -1 (with an error) on a bad value.
 */
int kb_target_opt(struct kb_target *t, const struct kb_target_msgs *m, int c,
		  const char *arg);

/*
 * After getopt: takes the REST_ARGC arguments left in REST as the command
 * and checks the combination: 0 when it is good, -1 with an error.
 */
int kb_target_check(struct kb_target *t, const struct kb_target_msgs *m,
		    int rest_argc, char **rest);

#endif

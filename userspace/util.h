/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KBENCH_UTIL_H
#define KBENCH_UTIL_H

#include <signal.h>
#include <stdbool.h>

/* Exit statuses of every kbench command (docs/cli.md). */
enum kb_exit {
	KB_EXIT_OK = 0,
	KB_EXIT_REGRESSION = 1,	/* compare: at least one regression */
	KB_EXIT_ERROR = 2,	/* usage or runtime error */
};

/* Prints "kbench: WHAT: WHY" to stderr. */
void kb_err(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set by SIGINT/SIGTERM once kb_catch_stop() has been called. */
extern volatile sig_atomic_t kb_stop_requested;

/* Turns SIGINT and SIGTERM into kb_stop_requested, for a clean stop. */
void kb_catch_stop(void);

/* CLOCK_MONOTONIC in seconds. */
double kb_now(void);

/*
 * Sleeps until FD (a pidfd, say; -1 for none) is readable, the
 * CLOCK_MONOTONIC time DEADLINE (seconds) passes, or a stop signal comes:
 * 1 when FD is readable, 0 otherwise, -errno when the wait failed.
 */
int kb_sleep_until(int fd, double deadline);

/* True when ARG is -h or --help. */
bool kb_is_help(const char *arg);

#endif

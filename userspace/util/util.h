/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every layer shares: exit statuses, the error printer (called by the
 * command layer only: below it, functions return -errno and a reason), the
 * stop flag that SIGINT and SIGTERM set, and the one clock.
 */
#ifndef KBENCH_UTIL_H
#define KBENCH_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Exit statuses of every kbench command (docs/man/kbench.1). */
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

/*
 * Turns SIGINT and SIGTERM into kb_stop_requested, for a clean stop. They
 * interrupt blocking calls (no SA_RESTART). With LAST_WORDS, a second
 * signal calls it (it must be async-signal-safe) and exits with 130.
 */
void kb_catch_stop(void (*last_words)(void));

/* CLOCK_MONOTONIC in nanoseconds: the one clock of the CLI. */
uint64_t kb_now_ns(void);

/*
 * Sleeps until FD (a pidfd, say; -1 for none) is readable, the
 * CLOCK_MONOTONIC time DEADLINE_NS passes, or a stop signal comes:
 * 1 when FD is readable, 0 otherwise, -errno when the wait failed.
 */
int kb_sleep_until(int fd, uint64_t deadline_ns);

/* True when ARG is -h or --help. */
bool kb_is_help(const char *arg);

#endif

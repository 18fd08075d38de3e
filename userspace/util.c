// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"

void kb_err(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kbench: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

volatile sig_atomic_t kb_stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	kb_stop_requested = 1;
}

void kb_catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

double kb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int kb_sleep_until(int fd, double deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	double secs = deadline - kb_now();
	struct timespec left;
	sigset_t stop, old;
	int ret;

	if (secs <= 0)
		return 0;
	left.tv_sec = (time_t)secs;
	left.tv_nsec = (long)((secs - left.tv_sec) * 1e9);
	/*
	 * The stop signals stay blocked from the check to the sleep, so one
	 * that comes in between ends the sleep instead of being slept through.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (kb_stop_requested) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 0;
	}
	ret = ppoll(&p, fd >= 0 ? 1 : 0, &left, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	return ret > 0;
}

bool kb_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

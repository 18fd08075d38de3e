// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
static void (*stop_last_words)(void);

static void on_stop_signal(int sig)
{
	(void)sig;
	if (kb_stop_requested && stop_last_words) {
		stop_last_words();
		_exit(130);
	}
	kb_stop_requested = 1;
}

void kb_catch_stop(void (*last_words)(void))
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	stop_last_words = last_words;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

uint64_t kb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int kb_sleep_until(int fd, uint64_t deadline_ns)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t now = kb_now_ns();
	struct timespec left;
	sigset_t stop, old;
	int ret;

	if (deadline_ns <= now)
		return 0;
	left.tv_sec = (time_t)((deadline_ns - now) / 1000000000ULL);
	left.tv_nsec = (long)((deadline_ns - now) % 1000000000ULL);
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

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "perfev.h"

static const struct {
	const char *name;
	uint32_t type;
	uint64_t config;
} events[KB_EV_N] = {
	[KB_EV_CYCLES] = { "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[KB_EV_INSTRUCTIONS] = { "instructions", PERF_TYPE_HARDWARE,
				 PERF_COUNT_HW_INSTRUCTIONS },
	[KB_EV_CACHE_MISSES] = { "cache_misses", PERF_TYPE_HARDWARE,
				 PERF_COUNT_HW_CACHE_MISSES },
	[KB_EV_BRANCH_MISSES] = { "branch_misses", PERF_TYPE_HARDWARE,
				  PERF_COUNT_HW_BRANCH_MISSES },
	[KB_EV_CONTEXT_SWITCHES] = { "context_switches", PERF_TYPE_SOFTWARE,
				     PERF_COUNT_SW_CONTEXT_SWITCHES },
	[KB_EV_CPU_MIGRATIONS] = { "cpu_migrations", PERF_TYPE_SOFTWARE,
				   PERF_COUNT_SW_CPU_MIGRATIONS },
	[KB_EV_PAGE_FAULTS] = { "page_faults", PERF_TYPE_SOFTWARE,
				PERF_COUNT_SW_PAGE_FAULTS },
};

const char *kb_ev_name(enum kb_ev ev)
{
	return ev < KB_EV_N ? events[ev].name : "unknown";
}

/*
 * The counters exist only while a measured repetition runs (opened by
 * kb_perf_start, closed by kb_perf_stop), and threads started then inherit
 * them, child processes do not (inherit_thread, Linux 5.13). A process
 * carrying perf events pays for each one at every context switch, enabled
 * or not, and a child given copies pays for them at fork and frees them at
 * exit, which on PREEMPT_RT waits an RCU grace period per event: with every
 * benchmark's counters open for the whole run, syscall/fork cost 252 ms
 * instead of 0.97 ms on 6.1's -rt- flavour in deterministic mode.
 * Older kernels refuse the flag: there children inherit the counters.
 */
static int open_attr(enum kb_ev ev, bool exclude_kernel, bool threads_only)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = events[ev].type;
	attr.config = events[ev].config;
	attr.disabled = 1;
	attr.inherit = 1;
	attr.inherit_thread = threads_only;
	attr.exclude_kernel = exclude_kernel;
	attr.exclude_hv = 1;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			   PERF_FORMAT_TOTAL_TIME_RUNNING;
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

static int open_one(enum kb_ev ev, bool exclude_kernel)
{
	int fd = open_attr(ev, exclude_kernel, true);

	if (fd < 0 && errno == EINVAL)
		fd = open_attr(ev, exclude_kernel, false);
	return fd;
}

void kb_perf_open(struct kb_perf *p)
{
	memset(p, 0, sizeof(*p));
	for (int ev = 0; ev < KB_EV_N; ev++) {
		p->fd[ev] = open_one(ev, false);
		if (p->fd[ev] < 0 && (errno == EACCES || errno == EPERM)) {
			p->fd[ev] = open_one(ev, true);
			p->user_only[ev] = p->fd[ev] >= 0;
		}
		p->ok[ev] = p->fd[ev] >= 0;
		if (p->ok[ev]) {	/* a trial: start opens them again */
			close(p->fd[ev]);
			p->fd[ev] = -1;
			continue;
		}
		switch (errno) {
		case ENOENT:
		case ENODEV:
		case EOPNOTSUPP:
		case EINVAL:
			snprintf(p->why[ev], sizeof(p->why[ev]),
				 "not supported (no PMU or event: %s)",
				 strerror(errno));
			break;
		case ENOSYS:
			snprintf(p->why[ev], sizeof(p->why[ev]),
				 "not supported (kernel without perf events)");
			break;
		default:
			snprintf(p->why[ev], sizeof(p->why[ev]),
				 "not supported here: %s", strerror(errno));
		}
	}
}

bool kb_perf_supported(const struct kb_perf *p, enum kb_ev ev)
{
	return p->ok[ev];
}

void kb_perf_start(struct kb_perf *p)
{
	for (int ev = 0; ev < KB_EV_N; ev++) {
		if (!p->ok[ev])
			continue;
		if (p->fd[ev] < 0)
			p->fd[ev] = open_one(ev, p->user_only[ev]);
		if (p->fd[ev] < 0)
			continue;
		ioctl(p->fd[ev], PERF_EVENT_IOC_RESET, 0);
		ioctl(p->fd[ev], PERF_EVENT_IOC_ENABLE, 0);
	}
}

void kb_perf_stop(struct kb_perf *p)
{
	uint64_t v[3];

	for (int ev = 0; ev < KB_EV_N; ev++) {
		if (p->fd[ev] < 0)
			continue;
		ioctl(p->fd[ev], PERF_EVENT_IOC_DISABLE, 0);
		if (read(p->fd[ev], v, sizeof(v)) != sizeof(v))
			continue;
		/* Scale a multiplexed counter to the time it was enabled. */
		if (v[2] && v[2] < v[1])
			v[0] = (uint64_t)((double)v[0] * (double)v[1] / (double)v[2]);
		p->total[ev] += v[0];
	}
	kb_perf_close(p);
}

void kb_perf_close(struct kb_perf *p)
{
	for (int ev = 0; ev < KB_EV_N; ev++) {
		if (p->fd[ev] >= 0)
			close(p->fd[ev]);
		p->fd[ev] = -1;
	}
}

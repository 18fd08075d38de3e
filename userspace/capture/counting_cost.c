// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "counting_cost.h"
#include "client/session.h"
#include "util/util.h"

/* Calls per window and windows per side: about 2 ms under TCG in all. */
#define COST_CALLS	1000
#define COST_WINDOWS	5

/*
 * The fastest of a few windows, per call: a window that an interrupt or
 * another task cut into only ever runs slower. One clock read per window.
 */
static double fastest_call_ns(void)
{
	double best = INFINITY;

	for (int w = 0; w < COST_WINDOWS; w++) {
		uint64_t t0 = kb_now_ns();

		for (int i = 0; i < COST_CALLS; i++)
			syscall(SYS_getppid);
		best = fmin(best, (double)(kb_now_ns() - t0) / COST_CALLS);
	}
	return best;
}

int kb_counting_cost(struct kb_nl *nl, uint32_t collect, double *ns,
		     char why[KB_NL_ERRLEN])
{
	double off, on;
	int ret;

	off = fastest_call_ns();
	ret = kb_session_start(nl, collect, getpid(), NULL, why);
	if (ret)
		return ret;
	on = fastest_call_ns();
	ret = kb_session_stop(nl, why);
	if (ret)
		return ret;
	/* Off again, so that a drift during the session does not count. */
	off = fmin(off, fastest_call_ns());
	*ns = on > off ? on - off : 0;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* The cost of one clock read, measured (clock.h). */
#include <stdint.h>

#include "clock.h"
#include "summary.h"
#include "util.h"

#define MAX_LOOPS 64

double kb_clock_cost_ns(unsigned int loops, unsigned int calls)
{
	double cost[MAX_LOOPS];
	volatile uint64_t sink = 0;

	if (loops > MAX_LOOPS)
		loops = MAX_LOOPS;
	if (!loops || !calls)
		return 0;
	for (unsigned int l = 0; l < loops; l++) {
		uint64_t t0 = kb_now_ns(), t1;

		for (unsigned int i = 0; i < calls; i++)
			sink += kb_now_ns();
		t1 = kb_now_ns();
		/* from the middle of the first read to that of the last */
		cost[l] = (double)(t1 - t0) / (double)(calls + 1);
	}
	(void)sink;
	return kb_median_sorted(cost, loops);
}

double kb_clock_read_ns(void)
{
	static double cost;

	if (!(cost > 0))
		cost = kb_clock_cost_ns(KB_CLOCK_LOOPS, KB_CLOCK_CALLS);
	return cost;
}

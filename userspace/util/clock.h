/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one read of the one clock (kb_now_ns(), CLOCK_MONOTONIC) costs,
 * measured. It depends on the clocksource: a few tens of nanoseconds
 * through the vDSO with the TSC, close to a microsecond in a TCG guest on
 * the HPET (a real system call and an emulated device read). The
 * workloads size their batches by it (workloads/workload.h), and results
 * record it (environment.clock_read_ns).
 */
#ifndef KBENCH_CLOCK_H
#define KBENCH_CLOCK_H

/*
 * The cost of one kb_now_ns() in nanoseconds: the median over LOOPS loops
 * of CALLS back-to-back reads each (the median shrugs off a loop that was
 * preempted). Takes LOOPS x CALLS clock reads.
 */
double kb_clock_cost_ns(unsigned int loops, unsigned int calls);

/*
 * kb_clock_cost_ns(KB_CLOCK_LOOPS, KB_CLOCK_CALLS), measured at the first
 * call and remembered for the process (make that first call from one
 * thread). Under 10 ms even on the HPET of a TCG guest.
 */
#define KB_CLOCK_LOOPS 5
#define KB_CLOCK_CALLS 2000
double kb_clock_read_ns(void);

#endif

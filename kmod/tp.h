/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attaching probes to kernel tracepoints that are not exported (raw_syscalls,
 * x86 exceptions, sched): found by name with for_each_kernel_tracepoint().
 */
#ifndef _KBENCH_TP_H
#define _KBENCH_TP_H

#include <linux/tracepoint.h>

struct kbench_tp {
	const char *name;	/* tracepoint name, e.g. "sys_enter" */
	void *probe;		/* probe with the tracepoint's prototype */
	struct tracepoint *tp;	/* filled by kbench_tp_lookup() */
};

/* Finds every tracepoint of TPS; -ENOENT (and a log line) when one is missing. */
int kbench_tp_lookup(struct kbench_tp *tps, size_t n);

/* Registers every probe with DATA, all or none. Returns 0 or -errno. */
int kbench_tp_register(struct kbench_tp *tps, size_t n, void *data);

/*
 * Unregisters the probes; a probe may still be running on another CPU until
 * the caller's tracepoint_synchronize_unregister() returns.
 */
void kbench_tp_unregister(struct kbench_tp *tps, size_t n, void *data);

#endif /* _KBENCH_TP_H */

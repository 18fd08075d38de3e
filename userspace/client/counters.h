/* SPDX-License-Identifier: GPL-2.0 */
/* A running session's counters, fetched with one GET_COUNTERS dump. */
#ifndef KBENCH_CLIENT_COUNTERS_H
#define KBENCH_CLIENT_COUNTERS_H

#include <netlink/attr.h>

#include "nl.h"
#include "model/counters.h"

/* Reads the running session's counters into C. 0 or -errno + WHY. */
int kb_counters_fetch(struct kb_nl *nl, struct kb_counters *c,
		      char why[KB_NL_ERRLEN]);

/* Parses one GET_COUNTERS dump message into C (exposed for tests). */
int kb_counters_parse(struct nlattr **tb, void *c);

#endif

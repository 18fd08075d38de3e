/* SPDX-License-Identifier: GPL-2.0 */
/* The module's status: KBENCH_CMD_GET_STATUS and its reply. */
#ifndef KBENCH_CLIENT_STATUS_H
#define KBENCH_CLIENT_STATUS_H

#include <netlink/attr.h>

#include "nl.h"
#include "model/status.h"

/* Fills ST from a GET_STATUS reply; -EPROTO when an attribute is missing. */
int kb_status_parse(struct nlattr **tb, void *st);

/* Asks the module for its status. 0 or -errno with WHY. */
int kb_status_get(struct kb_nl *nl, struct kb_status *st,
		  char why[KB_NL_ERRLEN]);

#endif

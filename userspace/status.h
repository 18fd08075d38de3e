/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KBENCH_STATUS_H
#define KBENCH_STATUS_H

#include <stdint.h>
#include <netlink/attr.h>

struct kb_status {
	char module_version[32];
	char kernel_release[65];
	uint32_t wire_version;
	uint32_t features;
	uint32_t state;
	uint32_t nr_cpus;
	uint32_t collect;	/* running session's enum kbench_collect, or 0 */
	uint32_t target_pid;	/* its target process, 0: system-wide */
};

/* Fills ST from a GET_STATUS reply; -EPROTO when an attribute is missing. */
int kb_status_parse(struct nlattr **tb, void *st);

/* Names of enum kbench_state values and kbench_feature bits. */
const char *kb_state_name(uint32_t state);
const char *kb_feature_name(uint32_t bit);

#endif

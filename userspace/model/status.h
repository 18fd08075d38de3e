/* SPDX-License-Identifier: GPL-2.0 */
/* What the loaded module is and does, as KBENCH_CMD_GET_STATUS tells. */
#ifndef KBENCH_MODEL_STATUS_H
#define KBENCH_MODEL_STATUS_H

#include <stdint.h>

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

/*
 * Names of enum kbench_state values, kbench_feature bits and
 * kbench_collect bits (NULL for a bit this CLI does not know).
 */
const char *kb_state_name(uint32_t state);
const char *kb_feature_name(uint32_t bit);
const char *kb_collect_name(uint32_t bit);

#endif

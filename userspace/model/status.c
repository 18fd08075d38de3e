// SPDX-License-Identifier: GPL-2.0
/* Names of the module's states, features and collections (model/status.h). */
#include <stddef.h>
#include <linux/kbench.h>

#include "status.h"

static const char *const state_names[] = {
	[KBENCH_STATE_IDLE] = "idle",
	[KBENCH_STATE_RUNNING] = "running",
};

static const char *const feature_names[] = {
	"sampler", "syscalls", "faults", "user-stack", "user-rings",
};

const char *kb_state_name(uint32_t state)
{
	if (state >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[state];
}

static const char *const collect_names[] = {
	"syscalls", "syscall-latency", "faults", "samples",
};

const char *kb_collect_name(uint32_t bit)
{
	if (bit >= sizeof(collect_names) / sizeof(collect_names[0]))
		return NULL;
	return collect_names[bit];
}

const char *kb_feature_name(uint32_t bit)
{
	if (bit >= sizeof(feature_names) / sizeof(feature_names[0]))
		return NULL;
	return feature_names[bit];
}

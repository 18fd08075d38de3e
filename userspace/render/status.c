// SPDX-License-Identifier: GPL-2.0
#include <linux/kbench.h>

#include "status.h"

void kb_status_print(FILE *f, const struct kb_status *st)
{
	int printed = 0;

	fprintf(f, "module:    kbench.ko %s (wire version %u)\n",
		st->module_version, st->wire_version);
	fprintf(f, "kernel:    %s, %u possible CPUs\n", st->kernel_release,
		st->nr_cpus);
	fprintf(f, "state:     %s\n", kb_state_name(st->state));
	/* The module tells only a privileged caller what a session does. */
	if (st->state == KBENCH_STATE_RUNNING && !st->collect) {
		fprintf(f, "session:   details need CAP_PERFMON or CAP_SYS_ADMIN\n");
	} else if (st->state == KBENCH_STATE_RUNNING) {
		fprintf(f, "session:  ");
		for (uint32_t bit = 0; bit < 32; bit++)
			if (st->collect & (1U << bit))
				fprintf(f, " %s", kb_collect_name(bit) ?
					kb_collect_name(bit) : "unknown");
		if (st->target_pid)
			fprintf(f, ", process tree of pid %u\n", st->target_pid);
		else
			fprintf(f, ", system-wide\n");
	}
	fprintf(f, "features: ");
	for (uint32_t bit = 0; bit < 32; bit++) {
		if (!(st->features & (1U << bit)))
			continue;
		fprintf(f, " %s", kb_feature_name(bit) ? kb_feature_name(bit) : "unknown");
		printed++;
	}
	fprintf(f, "%s\n", printed ? "" : " none");
}

/* The names of the bits of MASK that NAME knows. */
static json_t *bit_names(uint32_t mask, const char *(*name)(uint32_t))
{
	json_t *a = json_array();

	for (uint32_t bit = 0; a && bit < 32; bit++)
		if (mask & (1U << bit) && name(bit))
			json_array_append_new(a, json_string(name(bit)));
	return a;
}

json_t *kb_status_json(const struct kb_status *st)
{
	json_t *root;

	root = json_pack("{s:s, s:i, s:s, s:s, s:o, s:i, s:s}",
			 "module_version", st->module_version,
			 "wire_version", (json_int_t)st->wire_version,
			 "kernel_release", st->kernel_release,
			 "state", kb_state_name(st->state),
			 "features", bit_names(st->features, kb_feature_name),
			 "nr_cpus", (json_int_t)st->nr_cpus,
			 "cli_version", KBENCH_VERSION);
	if (root && st->state == KBENCH_STATE_RUNNING)
		json_object_set_new(root, "session", json_pack("{s:o, s:o}",
			"collect", bit_names(st->collect, kb_collect_name),
			"target_pid", st->target_pid ?
			json_integer(st->target_pid) : json_null()));
	return root;
}

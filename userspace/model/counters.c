// SPDX-License-Identifier: GPL-2.0
/* A session's counters in memory and in JSON (model/counters.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>

#include "counters.h"
#include "util/syscalls.h"

void kb_counters_free(struct kb_counters *c)
{
	free(c->sc);
	c->sc = NULL;
	c->n = c->cap = 0;
}

const struct kb_sc *kb_counters_find(const struct kb_counters *c, uint32_t nr)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->sc[i].nr == nr)
			return &c->sc[i];
	return NULL;
}

uint64_t kb_counters_total(const struct kb_counters *c)
{
	uint64_t sum = c->other;

	for (size_t i = 0; i < c->n; i++)
		sum += c->sc[i].count;
	return sum;
}

const char *kb_counters_sc_name(uint32_t nr, char *buf, size_t len)
{
	const char *name = kb_syscall_name(nr);

	if (name)
		return name;
	snprintf(buf, len, "syscall_%u", nr);
	return buf;
}

const char *kb_counters_clock_name(int lat_clock)
{
	switch (lat_clock) {
	case KBENCH_LAT_CLOCK_TSC:
		return "tsc";
	case KBENCH_LAT_CLOCK_LOCAL:
		return "local_clock";
	case KBENCH_LAT_CLOCK_MONO:
		return "mono_fast";
	case KBENCH_LAT_CLOCK_TSC_UNSTABLE:
		return "tsc_marked_unstable";
	default:
		return NULL;
	}
}

json_t *kb_counters_json(const struct kb_counters *c)
{
	json_t *root, *arr, *e, *h;
	char buf[32];
	int last;

	arr = json_array();
	for (size_t i = 0; arr && i < c->n; i++) {
		const struct kb_sc *sc = &c->sc[i];

		e = json_pack("{s:I, s:s, s:I}", "number", (json_int_t)sc->nr,
			      "name", kb_counters_sc_name(sc->nr, buf, sizeof(buf)),
			      "count", (json_int_t)sc->count);
		if (e && c->latency) {
			h = json_array();
			for (last = KBENCH_HIST_BUCKETS - 1; last >= 0 && !sc->hist[last]; last--)
				;
			for (int b = 0; h && b <= last; b++)
				json_array_append_new(h, json_integer((json_int_t)sc->hist[b]));
			json_object_set_new(e, "errors", json_integer((json_int_t)sc->errors));
			json_object_set_new(e, "total_ns", json_integer((json_int_t)sc->total_ns));
			json_object_set_new(e, "histogram", h ? h : json_null());
		}
		if (!e || json_array_append_new(arr, e)) {
			json_decref(arr);
			return NULL;
		}
	}
	if (!arr)
		return NULL;
	root = json_pack("{s:o, s:I}", "syscalls", arr, "syscalls_other",
			 (json_int_t)c->other);
	if (root && c->latency && kb_counters_clock_name(c->lat_clock))
		json_object_set_new(root, "latency_clock",
				    json_string(kb_counters_clock_name(c->lat_clock)));
	if (root && c->faults)
		json_object_set_new(root, "page_faults",
				    json_pack("{s:I, s:I, s:I, s:I}",
					      "user", (json_int_t)c->fault_user,
					      "kernel", (json_int_t)c->fault_kernel,
					      "minor", (json_int_t)c->fault_minor,
					      "major", (json_int_t)c->fault_major));
	return root;
}

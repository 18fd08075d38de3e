// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "environment.h"

void kb_env_init(struct kb_env *e)
{
	memset(e, 0, sizeof(*e));
	e->clock_read_ns = NAN;
}

/* "kernel_config": null when no config file was found. */
static json_t *kconfig_json(const struct kb_kconfig *k)
{
	if (!k->source[0])
		return json_null();
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}",
			 "source", k->source, "preempt", k->preempt, "hz", (int)k->hz,
			 "nohz", k->nohz, "mitigations", k->mitigations,
			 "init_on_alloc", k->init_on_alloc,
			 "init_on_free", k->init_on_free, "debug", k->debug);
}

json_t *kb_env_json(const struct kb_env *e)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s,"
			 " s:s, s:o}",
			 "accelerator", e->accel, "mode", e->mode,
			 "timing", e->timing, "clocksource", e->clocksource,
			 "clock_read_ns", isfinite(e->clock_read_ns) ?
				json_real(e->clock_read_ns) : json_null(),
			 "cpus", (int)e->cpus, "memory_kb", (json_int_t)e->mem_kb,
			 "kernel", e->kernel, "cmdline", e->cmdline,
			 "mitigations", e->mitigations, "thp", e->thp,
			 "governor", e->governor, "boot_id", e->boot_id,
			 "kernel_build", e->build,
			 "kernel_config", kconfig_json(&e->config));
}

/* A string field KEY of O into DST (LEN bytes); absent: "". */
static int get_str(json_t *o, const char *key, char *dst, size_t len,
		   char *why, size_t wlen)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= len) {
		snprintf(why, wlen, "'environment.%s' is not a string of fewer than %zu bytes",
			 key, len);
		return -EINVAL;
	}
	snprintf(dst, len, "%s", json_string_value(v));
	return 0;
}

/* A number field KEY of O: its value, DEF when absent or null. */
static int get_num(json_t *o, const char *key, double def, double *v,
		   char *why, size_t wlen)
{
	json_t *j = json_object_get(o, key);

	*v = def;
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_number(j) || json_number_value(j) < 0) {
		snprintf(why, wlen, "'environment.%s' is not a number >= 0", key);
		return -EINVAL;
	}
	*v = json_number_value(j);
	return 0;
}

/* "kernel_config" of O into K; absent or null: nothing known. */
static int kconfig_from_json(json_t *o, struct kb_kconfig *k, char *why, size_t len)
{
	json_t *c = json_object_get(o, "kernel_config");
	double hz;

	if (!c || json_is_null(c))
		return 0;
	if (!json_is_object(c)) {
		snprintf(why, len, "'environment.kernel_config' is not an object");
		return -EINVAL;
	}
	if (get_str(c, "source", k->source, sizeof(k->source), why, len) ||
	    get_str(c, "preempt", k->preempt, sizeof(k->preempt), why, len) ||
	    get_str(c, "nohz", k->nohz, sizeof(k->nohz), why, len) ||
	    get_str(c, "mitigations", k->mitigations, sizeof(k->mitigations), why, len) ||
	    get_str(c, "init_on_alloc", k->init_on_alloc, sizeof(k->init_on_alloc),
		    why, len) ||
	    get_str(c, "init_on_free", k->init_on_free, sizeof(k->init_on_free),
		    why, len) ||
	    get_str(c, "debug", k->debug, sizeof(k->debug), why, len) ||
	    get_num(c, "hz", 0, &hz, why, len))
		return -EINVAL;
	k->hz = hz < 1e6 ? (unsigned int)hz : 0;
	return 0;
}

int kb_env_from_json(json_t *o, struct kb_env *e, char *why, size_t len)
{
	double cpus, mem;

	kb_env_init(e);
	if (!o || json_is_null(o))
		return 0;
	if (!json_is_object(o)) {
		snprintf(why, len, "'environment' is not an object");
		return -EINVAL;
	}
	if (get_str(o, "accelerator", e->accel, sizeof(e->accel), why, len) ||
	    get_str(o, "mode", e->mode, sizeof(e->mode), why, len) ||
	    get_str(o, "timing", e->timing, sizeof(e->timing), why, len) ||
	    get_str(o, "clocksource", e->clocksource, sizeof(e->clocksource), why, len) ||
	    get_str(o, "kernel", e->kernel, sizeof(e->kernel), why, len) ||
	    get_str(o, "cmdline", e->cmdline, sizeof(e->cmdline), why, len) ||
	    get_str(o, "mitigations", e->mitigations, sizeof(e->mitigations), why, len) ||
	    get_str(o, "thp", e->thp, sizeof(e->thp), why, len) ||
	    get_str(o, "governor", e->governor, sizeof(e->governor), why, len) ||
	    get_str(o, "boot_id", e->boot_id, sizeof(e->boot_id), why, len) ||
	    get_str(o, "kernel_build", e->build, sizeof(e->build), why, len) ||
	    kconfig_from_json(o, &e->config, why, len) ||
	    get_num(o, "clock_read_ns", NAN, &e->clock_read_ns, why, len) ||
	    get_num(o, "cpus", 0, &cpus, why, len) ||
	    get_num(o, "memory_kb", 0, &mem, why, len))
		return -EINVAL;
	e->cpus = cpus < 1e6 ? (unsigned int)cpus : 0;
	e->mem_kb = (uint64_t)mem;
	return 0;
}

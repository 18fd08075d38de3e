// SPDX-License-Identifier: GPL-2.0
/* results.json of a recording: what its readers use (model/record.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/kbench.h>

#include "record.h"

/* The command's words joined by spaces, cut to fit. */
static int read_command(json_t *cmd, struct kb_record_info *rec, char *why,
			size_t len)
{
	size_t i, used = 0;
	json_t *a;

	if (!cmd || json_is_null(cmd))
		return 0;
	if (!json_is_array(cmd)) {
		snprintf(why, len, "'command' is not an array of strings");
		return -EINVAL;
	}
	json_array_foreach(cmd, i, a) {
		if (!json_is_string(a)) {
			snprintf(why, len, "'command[%zu]' is not a string", i);
			return -EINVAL;
		}
		if (used < sizeof(rec->command))
			used += snprintf(rec->command + used, sizeof(rec->command) - used,
					 "%s%s", i ? " " : "", json_string_value(a));
	}
	return 0;
}

/* O.KEY as a count into *V (absent or null: left alone). */
static int get_count(json_t *o, const char *where, const char *key, uint64_t *v,
		     char *why, size_t len)
{
	json_t *x = json_object_get(o, key);

	if (!x || json_is_null(x))
		return 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		snprintf(why, len, "'%s%s' is not a count", where, key);
		return -EINVAL;
	}
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

/* O.KEY as a number into *V (absent or null: left alone). */
static int get_number(json_t *o, const char *key, double *v, char *why,
		      size_t len)
{
	json_t *x = json_object_get(o, key);

	if (!x || json_is_null(x))
		return 0;
	if (!json_is_number(x) || json_number_value(x) < 0) {
		snprintf(why, len, "'%s' is not a number", key);
		return -EINVAL;
	}
	*v = json_number_value(x);
	return 0;
}

/* "kernel": the release and the memory auto-init settings. */
static int read_kernel(json_t *k, struct kb_record_info *rec, char *why,
		       size_t len)
{
	json_t *a = json_object_get(k, "init_on_alloc");
	json_t *f = json_object_get(k, "init_on_free");
	json_t *from = json_object_get(k, "facts_from");
	json_t *rel = json_object_get(k, "release");

	rec->kfacts.init_on_alloc = json_is_boolean(a) ? json_is_true(a) : -1;
	rec->kfacts.init_on_free = json_is_boolean(f) ? json_is_true(f) : -1;
	if (k && !json_is_object(k)) {
		snprintf(why, len, "'kernel' is not an object");
		return -EINVAL;
	}
	if (json_is_string(from))
		snprintf(rec->kfacts.source, sizeof(rec->kfacts.source), "%s",
			 json_string_value(from));
	if (json_is_string(rel))
		snprintf(rec->release, sizeof(rec->release), "%s", json_string_value(rel));
	return 0;
}

/* Each CPU's share of ticks that found the target, summed (record.h). */
static int read_busy(json_t *per_cpu, struct kb_record_info *rec, char *why,
		     size_t len)
{
	size_t i;
	json_t *c;

	rec->busy_cpus = NAN;
	if (!json_is_array(per_cpu) || !json_array_size(per_cpu))
		return 0;
	rec->busy_cpus = 0;
	json_array_foreach(per_cpu, i, c) {
		uint64_t fired = 0, recorded = 0, dropped = 0;
		int ret = get_count(c, "samples.per_cpu[].", "fired", &fired, why, len);

		ret |= get_count(c, "samples.per_cpu[].", "recorded", &recorded, why, len);
		ret |= get_count(c, "samples.per_cpu[].", "dropped", &dropped, why, len);
		if (ret)
			return -EINVAL;
		if (fired)
			rec->busy_cpus += (double)(recorded + dropped) / (double)fired;
	}
	return 0;
}

/* "samples.dwarf": --unwind dwarf's counts; the means become sums. */
static int read_dwarf(json_t *d, struct kb_record_info *rec, char *why,
		      size_t len)
{
	struct kb_dwarf_stats *w = &rec->dwarf;
	double bytes = 0, unwind_us = 0, copy_ns = 0;
	int ret = 0;

	if (!d || json_is_null(d))
		return 0;
	ret |= get_count(d, "samples.dwarf.", "samples", &w->samples, why, len);
	ret |= get_count(d, "samples.dwarf.", "unwound", &w->unwound, why, len);
	ret |= get_count(d, "samples.dwarf.", "truncated", &w->truncated, why, len);
	ret |= get_count(d, "samples.dwarf.", "failed", &w->failed, why, len);
	ret |= get_count(d, "samples.dwarf.", "stack_cut", &w->cut, why, len);
	ret |= get_number(d, "stack_bytes_per_sample", &bytes, why, len);
	ret |= get_number(d, "unwind_us_per_sample", &unwind_us, why, len);
	ret |= get_number(d, "copy_ns_per_sample", &copy_ns, why, len);
	w->stack_bytes = (uint64_t)(bytes * (double)w->samples);
	w->unwind_ns = (uint64_t)(unwind_us * 1e3 * (double)w->samples);
	rec->copy_ns = copy_ns * (double)w->samples;
	return ret ? -EINVAL : 0;
}

/* "samples": the sampler's accounting. */
static int read_samples(json_t *s, struct kb_record_info *rec, char *why,
			size_t len)
{
	struct kb_cpu_stats *t = &rec->total;
	json_t *ctx = json_object_get(s, "by_context");
	json_t *per_cpu = json_object_get(s, "per_cpu");
	int ret = 0;

	if (!s || json_is_null(s))
		return 0;
	ret |= get_count(s, "samples.", "fired", &t->fired, why, len);
	ret |= get_count(s, "samples.", "recorded", &t->recorded, why, len);
	ret |= get_count(s, "samples.", "dropped", &t->dropped, why, len);
	ret |= get_count(s, "samples.", "filtered", &t->filtered, why, len);
	ret |= get_count(s, "samples.", "missed", &t->missed, why, len);
	ret |= get_count(s, "samples.", "user_unknown", &rec->user_unknown, why, len);
	ret |= get_count(ctx, "samples.by_context.", "user",
			 &rec->by_context[KBENCH_CTX_USER], why, len);
	ret |= get_count(ctx, "samples.by_context.", "kernel",
			 &rec->by_context[KBENCH_CTX_KERNEL], why, len);
	ret |= get_count(ctx, "samples.by_context.", "idle",
			 &rec->by_context[KBENCH_CTX_IDLE], why, len);
	rec->n_cpus = json_is_array(per_cpu) ? json_array_size(per_cpu) : 0;
	if (!ret)
		ret = read_busy(per_cpu, rec, why, len);
	if (!ret)
		ret = read_dwarf(json_object_get(s, "dwarf"), rec, why, len);
	return ret ? -EINVAL : 0;
}

/* Keeps syscall NAME among the most called (REC->sc, most first). */
static void keep_sc(struct kb_record_info *rec, const char *name, uint64_t count,
		    uint64_t ns)
{
	size_t i = rec->n_sc < KB_RECORD_INFO_SC ? rec->n_sc++ : KB_RECORD_INFO_SC;

	if (i == KB_RECORD_INFO_SC) {
		if (count <= rec->sc[i - 1].count)
			return;
		i--;
	}
	for (; i > 0 && rec->sc[i - 1].count < count; i--)
		rec->sc[i] = rec->sc[i - 1];
	snprintf(rec->sc[i].name, sizeof(rec->sc[i].name), "%s", name);
	rec->sc[i].count = count;
	rec->sc[i].total_ns = ns;
}

/* "syscalls", "syscalls_other", "page_faults": the counters, if any. */
static int read_counters(json_t *root, struct kb_record_info *rec, char *why,
			 size_t len)
{
	json_t *sc = json_object_get(root, "syscalls"), *pf, *e;
	uint64_t other = 0;
	size_t i;
	int ret;

	if (!json_is_array(sc))
		return 0;
	rec->have_counters = true;
	json_array_foreach(sc, i, e) {
		uint64_t count = 0, ns = 0;
		json_t *name = json_object_get(e, "name");

		ret = get_count(e, "syscalls[].", "count", &count, why, len);
		ret |= get_count(e, "syscalls[].", "total_ns", &ns, why, len);
		if (ret || !json_is_string(name)) {
			snprintf(why, len, "'syscalls[%zu]' is not a syscall's counts", i);
			return -EINVAL;
		}
		rec->syscalls += count;
		keep_sc(rec, json_string_value(name), count, ns);
	}
	pf = json_object_get(root, "page_faults");
	ret = get_count(root, "", "syscalls_other", &other, why, len);
	ret |= get_count(pf, "page_faults.", "minor", &rec->faults_minor, why, len);
	ret |= get_count(pf, "page_faults.", "major", &rec->faults_major, why, len);
	rec->syscalls += other;
	return ret ? -EINVAL : 0;
}

int kb_record_info_from_json(json_t *root, struct kb_record_info *rec,
			     char *why, size_t len)
{
	json_t *schema = json_object_get(root, "schema");
	json_t *cpus = json_object_get(root, "cpus");
	int ret;

	memset(rec, 0, sizeof(*rec));
	rec->kfacts.init_on_alloc = rec->kfacts.init_on_free = -1;
	rec->busy_cpus = NAN;
	if (!json_is_string(schema) || strcmp(json_string_value(schema), KB_RECORD_SCHEMA)) {
		snprintf(why, len, "schema is not '%s'", KB_RECORD_SCHEMA);
		return -EINVAL;
	}
	if (cpus && !json_is_null(cpus)) {
		if (!json_is_integer(cpus) || json_integer_value(cpus) < 0 ||
		    json_integer_value(cpus) > 1 << 20) {
			snprintf(why, len, "'cpus' is not a CPU count");
			return -EINVAL;
		}
		rec->cpus = (unsigned int)json_integer_value(cpus);
	}
	ret = read_command(json_object_get(root, "command"), rec, why, len);
	if (!ret)
		ret = read_kernel(json_object_get(root, "kernel"), rec, why, len);
	if (!ret)
		ret = get_number(root, "frequency_hz", &rec->frequency_hz, why, len);
	if (!ret)
		ret = get_number(root, "duration_s", &rec->duration_s, why, len);
	if (!ret)
		ret = read_samples(json_object_get(root, "samples"), rec, why, len);
	if (!ret)
		ret = read_counters(root, rec, why, len);
	if (!ret && json_is_object(json_object_get(root, "environment"))) {
		rec->have_env = true;
		ret = kb_env_from_json(json_object_get(root, "environment"), &rec->env,
				       why, len);
	}
	return ret;
}

int kb_record_info_load(const char *path, struct kb_record_info *rec,
			char *why, size_t len)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	char inner[256];
	int ret;

	memset(rec, 0, sizeof(*rec));
	if (!root) {
		ret = access(path, R_OK) ? -errno : -EINVAL;
		snprintf(why, len, "%s: %s", path, ret == -EINVAL ? jerr.text :
			 strerror(-ret));
		return ret;
	}
	ret = kb_record_info_from_json(root, rec, inner, sizeof(inner));
	json_decref(root);
	if (ret)
		snprintf(why, len, "%s: %s", path, inner);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>

#include "json_io.h"
#include "record.h"

void kb_record_set_cpus(struct kb_record *r, struct kb_cpu_stats *per_cpu,
			size_t n)
{
	free(r->per_cpu);
	r->per_cpu = per_cpu;
	r->n_cpus = n;
	memset(&r->total, 0, sizeof(r->total));
	for (size_t i = 0; i < n; i++) {
		r->total.fired += per_cpu[i].fired;
		r->total.recorded += per_cpu[i].recorded;
		r->total.dropped += per_cpu[i].dropped;
		r->total.filtered += per_cpu[i].filtered;
		r->total.missed += per_cpu[i].missed;
		r->total.ustack_copies += per_cpu[i].ustack_copies;
		r->total.ustack_ns += per_cpu[i].ustack_ns;
	}
}

/* qsort has no context argument: the names and self counts being sorted. */
static const struct kb_stacks *sorting;
static const uint64_t *self;

static int by_self(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (self[x] != self[y])
		return self[x] < self[y] ? 1 : -1;
	return strcmp(sorting->names[x], sorting->names[y]);
}

int kb_record_set_top(struct kb_record *r, const struct kb_stacks *st)
{
	uint64_t *counts = calloc(st->n_names + 1, sizeof(*counts));
	uint32_t *ids = calloc(st->n_names + 1, sizeof(*ids));
	size_t n = 0;
	int ret = 0;

	if (!counts || !ids) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];

		if (s->n)
			counts[st->ids[s->first + s->n - 1]] += s->count;
	}
	for (size_t i = 0; i < st->n_names; i++)
		if (counts[i])
			ids[n++] = (uint32_t)i;
	sorting = st;
	self = counts;
	qsort(ids, n, sizeof(*ids), by_self);
	for (size_t i = 0; i < r->n_top; i++)
		free(r->top[i].function);
	r->n_top = 0;
	for (size_t i = 0; i < n && i < KB_RECORD_TOP; i++) {
		struct kb_record_top *t = &r->top[r->n_top];

		t->function = strdup(st->names[ids[i]]);
		if (!t->function) {
			ret = -ENOMEM;
			break;
		}
		t->samples = counts[ids[i]];
		t->percent = st->samples ? 100.0 * t->samples / st->samples : 0.0;
		r->n_top++;
	}
out:
	free(counts);
	free(ids);
	return ret;
}

static json_t *cpu_json(const struct kb_cpu_stats *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}",
			 "fired", (json_int_t)c->fired,
			 "recorded", (json_int_t)c->recorded,
			 "dropped", (json_int_t)c->dropped,
			 "filtered", (json_int_t)c->filtered,
			 "missed", (json_int_t)c->missed);
}

/*
 * The time each copy added to its tick is the module's sum over its
 * copies; the unwinding time is spent after the recording, on the CPU
 * that reads it.
 */
json_t *kb_dwarf_json(const struct kb_dwarf_stats *d, double copy_ns)
{
	double n = d->samples ? (double)d->samples : 1;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f}",
		"samples", (json_int_t)d->samples,
		"unwound", (json_int_t)d->unwound,
		"truncated", (json_int_t)d->truncated,
		"failed", (json_int_t)d->failed,
		"stack_cut", (json_int_t)d->cut,
		"stack_bytes_per_sample", (double)d->stack_bytes / n,
		"unwind_us_per_sample", (double)d->unwind_ns / n / 1e3,
		"copy_ns_per_sample", copy_ns);
}

static json_t *samples_json(const struct kb_record *r)
{
	uint64_t copies = r->total.ustack_copies;
	double copy_ns = (double)r->total.ustack_ns / (double)(copies ? copies : 1);
	json_t *s = cpu_json(&r->total), *per_cpu = json_array();

	for (size_t i = 0; i < r->n_cpus; i++) {
		json_t *c = cpu_json(&r->per_cpu[i]);

		json_object_set_new(c, "cpu", json_integer(r->per_cpu[i].cpu));
		json_array_append_new(per_cpu, c);
	}
	json_object_set_new(s, "per_cpu", per_cpu);
	json_object_set_new(s, "symbolized", json_integer((json_int_t)r->symbolized));
	json_object_set_new(s, "by_context", json_pack("{s:I, s:I, s:I}",
		"user", (json_int_t)r->by_context[KBENCH_CTX_USER],
		"kernel", (json_int_t)r->by_context[KBENCH_CTX_KERNEL],
		"idle", (json_int_t)r->by_context[KBENCH_CTX_IDLE]));
	json_object_set_new(s, "user_unknown", json_integer((json_int_t)r->user_unknown));
	json_object_set_new(s, "dwarf", r->user_stack ?
			    kb_dwarf_json(&r->dwarf, copy_ns) : json_null());
	return s;
}

static json_t *tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* uname, and the settings that change what some costs mean. */
static json_t *kernel_json(const struct kb_record *r)
{
	const struct kb_kernel_facts *k = &r->kfacts;

	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s?}",
		"release", r->release, "version", r->version, "machine", r->machine,
		"init_on_alloc", tristate(k->init_on_alloc),
		"init_on_free", tristate(k->init_on_free),
		"facts_from", k->source[0] ? k->source : NULL);
}

static json_t *target_json(const struct kb_record *r, json_t **command)
{
	json_t *t = json_pack("{s:s}", "mode", r->mode);

	if (r->pid)
		json_object_set_new(t, "pid", json_integer(r->pid));
	*command = json_null();
	if (r->command) {
		*command = json_array();
		for (char **a = r->command; *a; a++)
			json_array_append_new(*command, json_string(*a));
	}
	return t;
}

static json_t *top_json(const struct kb_record *r)
{
	json_t *top = json_array();

	for (size_t i = 0; i < r->n_top; i++)
		json_array_append_new(top, json_pack("{s:s, s:I, s:f}",
			"function", r->top[i].function,
			"samples", (json_int_t)r->top[i].samples,
			"percent", r->top[i].percent));
	return top;
}

json_t *kb_record_json(const struct kb_record *r)
{
	json_t *root, *command, *target = target_json(r, &command);

	root = json_pack("{s:s, s:s, s:o, s:i, s:i, s:f, s:b,"
			 " s:o, s:o, s:{s:i, s:i, s:i}, s:o, s:o}",
		"schema", KB_RECORD_SCHEMA,
		"kbench_version", KBENCH_VERSION,
		"kernel", kernel_json(r),
		"cpus", r->cpus,
		"frequency_hz", (int)r->frequency_hz,
		"duration_s", r->duration_s,
		"partial", r->partial,
		"command", command,
		"target", target,
		"callgraph", "kernel_depth", (int)r->kernel_depth,
			"user_depth", (int)r->user_depth, "ring_kb", (int)r->ring_kb,
		"samples", samples_json(r),
		"top", top_json(r));
	if (!root)
		return NULL;
	json_object_set_new(json_object_get(root, "callgraph"), "user_unwind",
			    json_string(r->user_stack ? "dwarf" : "fp"));
	json_object_set_new(json_object_get(root, "callgraph"), "user_stack_bytes",
			    json_integer(r->user_stack));
	if (r->command_status >= 0)
		json_object_set_new(root, "command_status", json_integer(r->command_status));
	/* null: the kernel gave no mapping events, so none could be counted */
	json_object_set_new(root, "maps_events_lost", r->have_maps_events ?
			    json_integer((json_int_t)r->maps_events_lost) : json_null());
	json_object_set_new(root, "maps_from_events",
			    json_integer((json_int_t)r->maps_from_events));
	if (r->have_counters) {
		json_t *c = kb_counters_json(&r->counters);

		if (!c || json_object_update(root, c)) {
			json_decref(c);
			json_decref(root);
			return NULL;
		}
		json_decref(c);
		json_object_set_new(root, "counting_cost_ns", isnan(r->counting_ns) ?
				    json_null() : json_real(r->counting_ns));
	}
	if (r->have_env)
		json_object_set_new(root, "environment", kb_env_json(&r->env));
	json_object_set_new(root, "files", json_pack("{s:s, s:s, s:s, s:s, s:s}",
		"raw", "samples.raw", "folded", "stacks.folded",
		"kallsyms", "kallsyms", "vdso", "vdso.so", "procs", "procs/"));
	return root;
}

int kb_record_save(const char *path, const struct kb_record *r)
{
	json_t *root = kb_record_json(r);
	int ret;

	if (!root)
		return -ENOMEM;
	ret = kb_json_save(path, root);
	json_decref(root);
	return ret;
}

void kb_record_free(struct kb_record *r)
{
	free(r->per_cpu);
	for (size_t i = 0; i < r->n_top; i++)
		free(r->top[i].function);
	if (r->have_counters)
		kb_counters_free(&r->counters);
	memset(r, 0, sizeof(*r));
}

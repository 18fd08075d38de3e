// SPDX-License-Identifier: GPL-2.0
/* Two runs' environments field by field (env_diff.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "env_diff.h"

bool kb_env_recorded(const struct kb_env *e)
{
	return e->accel[0] || e->mode[0] || e->timing[0] || e->clocksource[0] ||
	       e->cpus || e->kernel[0];
}

/* The next field of D: NAME, shown as LABEL; INVALIDATES when it differs. */
static struct kb_env_field *add(struct kb_env_diff *d, const char *name,
				const char *label, bool invalidates)
{
	struct kb_env_field *f = &d->f[d->n++];

	memset(f, 0, sizeof(*f));
	f->name = name;
	f->label = label;
	f->invalidates = invalidates;	/* for now: whether it may */
	return f;
}

static void str_field(struct kb_env_diff *d, const char *name, const char *label,
		      bool invalidates, const char *a, const char *b)
{
	struct kb_env_field *f = add(d, name, label, invalidates);

	snprintf(f->val[0], sizeof(f->val[0]), "%s", a);
	snprintf(f->val[1], sizeof(f->val[1]), "%s", b);
	f->known[0] = a[0];
	f->known[1] = b[0];
	f->differs = f->known[0] && f->known[1] && strcmp(a, b);
}

/* A count; 0 is "not recorded". */
static void num_field(struct kb_env_diff *d, const char *name, const char *label,
		      bool invalidates, double a, double b)
{
	struct kb_env_field *f = add(d, name, label, invalidates);

	f->numeric = true;
	f->num[0] = a;
	f->num[1] = b;
	f->known[0] = a > 0;
	f->known[1] = b > 0;
	if (f->known[0])
		snprintf(f->val[0], sizeof(f->val[0]), "%.0f", a);
	if (f->known[1])
		snprintf(f->val[1], sizeof(f->val[1]), "%.0f", b);
	f->differs = f->known[0] && f->known[1] && a != b;
}

/*
 * MemTotal moves by a few kB from boot to boot of one guest (memory the
 * firmware and early boot reserve: 90852K against 90856K), so sizes within
 * 0.5 % are the same memory; a guest given other memory differs by far more.
 */
static void memory_field(struct kb_env_diff *d, uint64_t a, uint64_t b)
{
	struct kb_env_field *f;

	num_field(d, "memory_kb", "memory (kB)", false, (double)a, (double)b);
	f = &d->f[d->n - 1];
	if (f->differs && fabs((double)a - (double)b) <= 0.005 * fmax((double)a, (double)b))
		f->differs = false;
}

/*
 * The kernel's build and configuration: different by design when kernels
 * are compared, so shown and never refused.
 */
static void config_fields(struct kb_env_diff *d, const struct kb_env *x,
			  const struct kb_env *y)
{
	const struct kb_kconfig *a = &x->config, *b = &y->config;

	str_field(d, "kernel_build", "kernel build", false, x->build, y->build);
	str_field(d, "preempt", "preemption", false, a->preempt, b->preempt);
	num_field(d, "hz", "HZ", false, a->hz, b->hz);
	str_field(d, "nohz", "NO_HZ", false, a->nohz, b->nohz);
	str_field(d, "config_mitigations", "mitigations built in", false,
		  a->mitigations, b->mitigations);
	str_field(d, "init_on_alloc", "init_on_alloc", false, a->init_on_alloc,
		  b->init_on_alloc);
	str_field(d, "init_on_free", "init_on_free", false, a->init_on_free,
		  b->init_on_free);
	str_field(d, "debug", "debug options", false, a->debug, b->debug);
}

void kb_env_diff(const struct kb_results *a, const struct kb_results *b,
		 struct kb_env_diff *d)
{
	const struct kb_env *x = &a->env, *y = &b->env;

	memset(d, 0, sizeof(*d));
	d->recorded[0] = kb_env_recorded(x);
	d->recorded[1] = kb_env_recorded(y);
	str_field(d, "mode", "mode", true, x->mode, y->mode);
	str_field(d, "accelerator", "accelerator", true, x->accel, y->accel);
	str_field(d, "timing", "timing method", true, x->timing, y->timing);
	num_field(d, "cpus", "CPUs", true, x->cpus, y->cpus);
	str_field(d, "clocksource", "clocksource", false, x->clocksource,
		  y->clocksource);
	memory_field(d, x->mem_kb, y->mem_kb);
	str_field(d, "kernel", "kernel", false, x->kernel, y->kernel);
	config_fields(d, x, y);
	str_field(d, "cmdline", "kernel command line", false, x->cmdline, y->cmdline);
	str_field(d, "mitigations", "mitigations", false, x->mitigations,
		  y->mitigations);
	str_field(d, "thp", "THP", false, x->thp, y->thp);
	str_field(d, "governor", "governor", false, x->governor, y->governor);
	str_field(d, "kbench_version", "kbench version", false, a->kbench_version,
		  b->kbench_version);
	for (size_t i = 0; i < d->n; i++) {
		struct kb_env_field *f = &d->f[i];

		f->invalidates = f->invalidates && f->differs;
		d->n_differ += f->differs;
		d->n_invalid += f->invalidates;
	}
}

void kb_env_diff_names(const struct kb_env_diff *d, bool all, char *buf,
		       size_t len)
{
	size_t at = 0;

	buf[0] = 0;
	for (size_t i = 0; i < d->n && at < len; i++) {
		const struct kb_env_field *f = &d->f[i];
		int n;

		if (!(all ? f->differs : f->invalidates))
			continue;
		n = snprintf(buf + at, len - at, "%s%s (%.60s vs %.60s)",
			     at ? ", " : "", f->name, f->val[0], f->val[1]);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

static json_t *value_json(const struct kb_env_field *f, int side)
{
	if (!f->known[side])
		return json_null();
	return f->numeric ? json_integer((json_int_t)f->num[side]) :
			    json_string(f->val[side]);
}

json_t *kb_env_diff_json(const struct kb_env_diff *d, bool forced)
{
	json_t *fields = json_object();

	for (size_t i = 0; fields && i < d->n; i++) {
		const struct kb_env_field *f = &d->f[i];

		json_object_set_new(fields, f->name,
				    json_pack("{s:o, s:o, s:b, s:b}",
					      "base", value_json(f, 0),
					      "new", value_json(f, 1),
					      "differs", f->differs,
					      "invalidates", f->invalidates));
	}
	if (!fields)
		return NULL;
	return json_pack("{s:{s:b, s:b}, s:b, s:b, s:o}", "recorded",
			 "base", d->recorded[0], "new", d->recorded[1],
			 "forced", forced, "invalid", d->n_invalid > 0,
			 "fields", fields);
}

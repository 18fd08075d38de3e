// SPDX-License-Identifier: GPL-2.0
/* results.json of `kbench run`: the validating reader (docs/results.md). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

/* Validation: every failure names the field, JSON-path style. */
struct rd {
	char *why;
	int err;
};

static int bad(struct rd *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct rd *rd, const char *fmt, ...)
{
	va_list ap;

	if (rd->err)
		return rd->err;
	va_start(ap, fmt);
	vsnprintf(rd->why, KB_RESULTS_WHY, fmt, ap);
	va_end(ap);
	rd->err = -EINVAL;
	return rd->err;
}

static json_t *field(struct rd *rd, json_t *obj, const char *at,
		     const char *key, json_type type)
{
	static const char *const names[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
		[JSON_REAL] = "a number", [JSON_TRUE] = "a boolean",
		[JSON_FALSE] = "a boolean", [JSON_NULL] = "null",
	};
	json_t *v = json_object_get(obj, key);
	bool ok;

	if (!v) {
		bad(rd, "missing field '%s%s'", at, key);
		return NULL;
	}
	switch (type) {
	case JSON_REAL:
		ok = json_is_number(v);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		ok = json_is_boolean(v);
		break;
	default:
		ok = json_typeof(v) == type;
	}
	if (!ok) {
		bad(rd, "field '%s%s' is not %s", at, key, names[type]);
		return NULL;
	}
	return v;
}

static void get_str(struct rd *rd, json_t *obj, const char *at,
		    const char *key, char *dst, size_t len)
{
	json_t *v = field(rd, obj, at, key, JSON_STRING);

	if (!v)
		return;
	if (json_string_length(v) >= len) {
		bad(rd, "field '%s%s' is too long", at, key);
		return;
	}
	snprintf(dst, len, "%s", json_string_value(v));
}

static double get_num(struct rd *rd, json_t *obj, const char *at,
		      const char *key)
{
	json_t *v = field(rd, obj, at, key, JSON_REAL);

	return v ? json_number_value(v) : 0;
}

static bool get_bool(struct rd *rd, json_t *obj, const char *at,
		     const char *key)
{
	json_t *v = field(rd, obj, at, key, JSON_TRUE);

	return v && json_is_true(v);
}

/* A field that may be absent or null; NULL then. */
static json_t *get_opt(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v) ? v : NULL;
}

static void nomem(struct rd *rd)
{
	if (!rd->err) {
		rd->err = -ENOMEM;
		snprintf(rd->why, KB_RESULTS_WHY, "out of memory");
	}
}

/* An array of strings at AT KEY, appended to *V (*N of them). */
static void get_strings(struct rd *rd, json_t *obj, const char *at,
			const char *key, char ***v, size_t *n)
{
	json_t *a = field(rd, obj, at, key, JSON_ARRAY), *s;
	size_t i;

	json_array_foreach(a, i, s) {
		char **p;

		if (!json_is_string(s)) {
			bad(rd, "'%s%s[%zu]' is not a string", at, key, i);
			return;
		}
		p = realloc(*v, (*n + 1) * sizeof(*p));
		if (!p || !(p[*n] = strdup(json_string_value(s)))) {
			if (p)
				*v = p;
			nomem(rd);
			return;
		}
		*v = p;
		(*n)++;
	}
}

/* {enabled, reason} or {enabled, dirs}; absent: not recorded. */
static void read_profiles(struct rd *rd, json_t *o, const char *at,
			  struct kb_profiles *p, bool dirs)
{
	json_t *reason;

	if (!o) {
		snprintf(p->reason, sizeof(p->reason), "not recorded");
		return;
	}
	p->enabled = get_bool(rd, o, at, "enabled");
	reason = json_object_get(o, "reason");
	if (!p->enabled && reason)
		get_str(rd, o, at, "reason", p->reason, sizeof(p->reason));
	if (p->enabled && dirs)
		get_strings(rd, o, at, "dirs", &p->dirs, &p->n_dirs);
}

static void read_adaptive(struct rd *rd, json_t *o, const char *at,
			  struct kb_adaptive *a)
{
	if (!o || !(a->enabled = get_bool(rd, o, at, "enabled")))
		return;
	a->target_cov_pct = get_num(rd, o, at, "target_cov_pct");
	a->max_reps = (long)get_num(rd, o, at, "max_repetitions");
	a->initial_reps = (long)get_num(rd, o, at, "initial_repetitions");
	a->reps = (long)get_num(rd, o, at, "repetitions");
	a->final_cov_pct = get_num(rd, o, at, "final_cov_pct");
	a->target_met = get_bool(rd, o, at, "target_met");
}

static void read_events(struct rd *rd, json_t *o, const char *at,
			struct kb_bench_result *b)
{
	const char *name;
	json_t *e;
	char eat[160];

	json_object_foreach(o, name, e) {
		struct kb_event_count *c = &b->events[b->n_events];

		if (b->n_events == KB_EVENTS_MAX || strlen(name) >= sizeof(c->name)) {
			bad(rd, "'%sevents' has too many events or too long a name", at);
			return;
		}
		snprintf(eat, sizeof(eat), "%sevents.%s.", at, name);
		if (!json_is_object(e)) {
			bad(rd, "'%.150s' is not an object", eat);
			return;
		}
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->supported = get_bool(rd, e, eat, "supported");
		if (c->supported) {
			c->total = (uint64_t)get_num(rd, e, eat, "total");
			c->per_op = get_num(rd, e, eat, "per_op");
			c->user_only = json_is_true(json_object_get(e, "user_only"));
		} else if (json_object_get(e, "reason")) {
			get_str(rd, e, eat, "reason", c->reason, sizeof(c->reason));
		}
		b->n_events++;
	}
}

/* A number or null (NAN) at AT KEY of O, which may be absent. */
static double num_or_nan(struct rd *rd, json_t *o, const char *at,
			 const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return NAN;
	return get_num(rd, o, at, key);
}

/* An array of numbers at AT KEY of O into *V (*N); absent: none. */
static void get_reals(struct rd *rd, json_t *o, const char *at,
		      const char *key, double **v, size_t *n)
{
	json_t *a = json_object_get(o, key), *x;
	size_t i;

	if (!a || json_is_null(a))
		return;
	a = field(rd, o, at, key, JSON_ARRAY);
	if (!a)
		return;
	*v = calloc(json_array_size(a) + 1, sizeof(**v));
	if (!*v) {
		nomem(rd);
		return;
	}
	json_array_foreach(a, i, x) {
		if (!json_is_number(x)) {
			bad(rd, "'%s%s[%zu]' is not a number", at, key, i);
			return;
		}
		(*v)[(*n)++] = json_number_value(x);
	}
}

/* value_boots: one boot index per value, each below N_BOOTS. */
static void read_value_boots(struct rd *rd, json_t *jb, const char *at,
			     struct kb_bench_result *b, size_t n_boots)
{
	double *v = NULL;
	size_t n = 0;

	get_reals(rd, jb, at, "value_boots", &v, &n);
	if (!rd->err && v && n != b->n_values)
		bad(rd, "'%svalue_boots' has %zu entries for %zu values", at, n,
		    b->n_values);
	if (!rd->err && v) {
		b->value_boots = calloc(n + 1, sizeof(*b->value_boots));
		if (!b->value_boots)
			nomem(rd);
		for (size_t i = 0; !rd->err && i < n; i++) {
			if (!(v[i] >= 0 && v[i] < (double)n_boots && v[i] == (size_t)v[i]))
				bad(rd, "'%svalue_boots[%zu]' is not the index of a boot", at, i);
			else
				b->value_boots[i] = (size_t)v[i];
		}
	}
	free(v);
}

/* The optional parts of a benchmark: how it was run and profiled. */
static void read_bench_extras(struct rd *rd, json_t *jb, const char *at,
			      struct kb_bench_result *b)
{
	char sub[96];
	json_t *cpo = get_opt(jb, "counters_per_op");

	snprintf(sub, sizeof(sub), "%sadaptive.", at);
	read_adaptive(rd, get_opt(jb, "adaptive"), sub, &b->adaptive);
	if (get_opt(jb, "events"))
		read_events(rd, field(rd, jb, at, "events", JSON_OBJECT), at, b);
	snprintf(sub, sizeof(sub), "%scounters_per_op.", at);
	b->syscalls_per_op = num_or_nan(rd, cpo, sub, "syscalls");
	b->page_faults_per_op = num_or_nan(rd, cpo, sub, "page_faults");
	snprintf(sub, sizeof(sub), "%sprofile.", at);
	read_profiles(rd, get_opt(jb, "profile"), sub, &b->profile, true);
	if (get_opt(jb, "notes"))
		get_strings(rd, jb, at, "notes", &b->notes, &b->n_notes);
	b->batch_ops = (uint64_t)(get_opt(jb, "batch_ops") ?
				  get_num(rd, jb, at, "batch_ops") : 0);
	get_reals(rd, jb, at, "profiled_values", &b->profiled_values, &b->n_profiled);
	b->profile_overhead_pct = num_or_nan(rd, jb, at, "profile_overhead_pct");
}

static void read_bench(struct rd *rd, json_t *jb, size_t idx,
		       struct kb_bench_result *b, size_t n_boots)
{
	char at[64];
	json_t *values, *summary, *lat, *v;
	size_t i;

	snprintf(at, sizeof(at), "benchmarks[%zu].", idx);
	if (!json_is_object(jb)) {
		bad(rd, "'benchmarks[%zu]' is not an object", idx);
		return;
	}
	get_str(rd, jb, at, "name", b->name, sizeof(b->name));
	get_str(rd, jb, at, "metric", b->metric, sizeof(b->metric));
	get_str(rd, jb, at, "unit", b->unit, sizeof(b->unit));
	b->higher_is_better = get_bool(rd, jb, at, "higher_is_better");
	if (json_object_get(jb, "description"))
		get_str(rd, jb, at, "description", b->desc, sizeof(b->desc));
	if (json_object_get(jb, "partial"))
		b->partial = get_bool(rd, jb, at, "partial");
	values = field(rd, jb, at, "values", JSON_ARRAY);
	if (values) {
		b->values = calloc(json_array_size(values) + 1, sizeof(double));
		if (!b->values) {
			nomem(rd);
			return;
		}
		json_array_foreach(values, i, v) {
			if (!json_is_number(v)) {
				bad(rd, "'%svalues[%zu]' is not a number", at, i);
				return;
			}
			b->values[b->n_values++] = json_number_value(v);
		}
	}
	summary = field(rd, jb, at, "summary", JSON_OBJECT);
	if (summary) {
		char sat[80];

		snprintf(sat, sizeof(sat), "%ssummary.", at);
		b->summary.n = (size_t)get_num(rd, summary, sat, "n");
		b->summary.mean = get_num(rd, summary, sat, "mean");
		b->summary.median = get_num(rd, summary, sat, "median");
		b->summary.stddev = get_num(rd, summary, sat, "stddev");
		b->summary.cov_pct = get_num(rd, summary, sat, "cov_pct");
		b->summary.min = get_num(rd, summary, sat, "min");
		b->summary.max = get_num(rd, summary, sat, "max");
	}
	lat = json_object_get(jb, "latency_ns");
	if (lat && !json_is_null(lat)) {
		char lat_at[80];

		snprintf(lat_at, sizeof(lat_at), "%slatency_ns.", at);
		if (!json_is_object(lat)) {
			bad(rd, "field '%slatency_ns' is not an object or null", at);
			return;
		}
		b->latency.valid = true;
		b->latency.count = (uint64_t)get_num(rd, lat, lat_at, "count");
		b->latency.p50 = get_num(rd, lat, lat_at, "p50");
		b->latency.p90 = get_num(rd, lat, lat_at, "p90");
		b->latency.p99 = get_num(rd, lat, lat_at, "p99");
		b->latency.p999 = get_num(rd, lat, lat_at, "p99.9");
		b->latency.max = get_num(rd, lat, lat_at, "max");
	}
	read_bench_extras(rd, jb, at, b);
	read_value_boots(rd, jb, at, b, n_boots);
}

/* environment and boots; results before 1.1 have one unnamed boot. */
static void read_env(struct rd *rd, json_t *root, struct kb_results *r)
{
	char **ids = NULL;
	size_t n = 0;

	if (!rd->err && kb_env_from_json(get_opt(root, "environment"), &r->env,
					 rd->why, KB_RESULTS_WHY))
		rd->err = -EINVAL;
	if (!rd->err && get_opt(root, "boots"))
		get_strings(rd, root, "", "boots", &ids, &n);
	for (size_t i = 0; !rd->err && i < n; i++)
		if (kb_results_add_boot(r, ids[i]) < 0)
			nomem(rd);
	if (!rd->err && !r->n_boots &&
	    kb_results_add_boot(r, r->env.boot_id[0] ? r->env.boot_id : "unknown") < 0)
		nomem(rd);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* "kbench-run/1" or "kbench-run/1.2" -> major, minor. */
static int parse_schema(struct rd *rd, const char *s, struct kb_results *r)
{
	size_t len = strlen(KB_RESULTS_NAME);
	unsigned int major, minor = 0;
	char tail;
	int n;

	if (strncmp(s, KB_RESULTS_NAME "/", len + 1))
		return bad(rd, "schema '%s' is not a kbench run result "
			   "(expected '%s')", s, KB_RESULTS_SCHEMA);
	n = sscanf(s + len + 1, "%u.%u%c", &major, &minor, &tail);
	if (n != 1 && n != 2)
		return bad(rd, "schema '%s' has no valid version "
			   "(expected '%s')", s, KB_RESULTS_SCHEMA);
	if (major != KB_RESULTS_MAJOR) {
		bad(rd, "schema '%s' has major version %u; this kbench reads "
		    "major version %d ('%s')", s, major, KB_RESULTS_MAJOR,
		    KB_RESULTS_SCHEMA);
		rd->err = -EPROTONOSUPPORT;
		return rd->err;
	}
	r->major = major;
	r->minor = minor;
	return 0;
}

int kb_results_from_json(json_t *root, struct kb_results **out,
			 char why[KB_RESULTS_WHY])
{
	struct rd rd = { why, 0 };
	struct kb_results *r;
	json_t *schema, *benches, *jb, *kernel;
	size_t i;

	*out = NULL;
	if (!json_is_object(root))
		return bad(&rd, "the document is not a JSON object");
	schema = field(&rd, root, "", "schema", JSON_STRING);
	if (!schema)
		return rd.err;
	r = kb_results_new();
	if (!r) {
		snprintf(why, KB_RESULTS_WHY, "out of memory");
		return -ENOMEM;
	}
	if (parse_schema(&rd, json_string_value(schema), r))
		goto out;
	get_str(&rd, root, "", "kbench_version", r->kbench_version,
		sizeof(r->kbench_version));
	get_str(&rd, root, "", "suite", r->suite, sizeof(r->suite));
	r->partial = get_bool(&rd, root, "", "partial");
	get_str(&rd, root, "", "started", r->started, sizeof(r->started));
	get_str(&rd, root, "", "finished", r->finished, sizeof(r->finished));
	r->host = json_incref(field(&rd, root, "", "host", JSON_OBJECT));
	if (r->host) {
		kernel = field(&rd, r->host, "host.", "kernel", JSON_OBJECT);
		if (kernel)
			field(&rd, kernel, "host.kernel.", "release", JSON_STRING);
	}
	r->parameters = json_incref(field(&rd, root, "", "parameters",
					  JSON_OBJECT));
	r->noise = json_incref(get_opt(root, "noise"));
	read_profiles(&rd, get_opt(root, "profile"), "profile.", &r->profile, false);
	read_env(&rd, root, r);
	benches = field(&rd, root, "", "benchmarks", JSON_ARRAY);
	if (rd.err)
		goto out;
	json_array_foreach(benches, i, jb) {
		struct kb_bench_result *b = kb_results_add(r);

		if (!b) {
			snprintf(why, KB_RESULTS_WHY, "out of memory");
			rd.err = -ENOMEM;
			goto out;
		}
		read_bench(&rd, jb, i, b, r->n_boots);
		if (rd.err)
			goto out;
	}
out:
	if (rd.err) {
		kb_results_free(r);
		return rd.err;
	}
	*out = r;
	return 0;
}

int kb_results_load(const char *path, struct kb_results **out,
		    char why[KB_RESULTS_WHY])
{
	char inner[KB_RESULTS_WHY];
	json_error_t jerr;
	json_t *root;
	int ret;

	*out = NULL;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (!strncmp(jerr.text, "unable to open", 14)) {
			snprintf(why, KB_RESULTS_WHY, "%s: %s", path, jerr.text);
			return -ENOENT;
		}
		snprintf(why, KB_RESULTS_WHY, "%s: not valid JSON: %s (line %d)",
			 path, jerr.text, jerr.line);
		return -EINVAL;
	}
	ret = kb_results_from_json(root, out, inner);
	json_decref(root);
	if (ret)
		snprintf(why, KB_RESULTS_WHY, "%s: %.400s", path, inner);
	return ret;
}

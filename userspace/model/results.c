// SPDX-License-Identifier: GPL-2.0
/* results.json of `kbench run`: the model and its writer (docs/results.md). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "json_io.h"
#include "results.h"

int kb_results_locate(const char *arg, char *dir, size_t dir_len, char *file,
		      size_t file_len)
{
	const char *slash = strrchr(arg, '/');
	struct stat st;

	if (stat(arg, &st))
		return -errno;
	if (S_ISDIR(st.st_mode)) {
		snprintf(dir, dir_len, "%s", arg);
		snprintf(file, file_len, "%s/results.json", arg);
		return 0;
	}
	if (!slash)
		snprintf(dir, dir_len, ".");
	else if (slash == arg)
		snprintf(dir, dir_len, "/");
	else
		snprintf(dir, dir_len, "%.*s", (int)(slash - arg), arg);
	snprintf(file, file_len, "%s", arg);
	return 0;
}

struct kb_results *kb_results_new(void)
{
	struct kb_results *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->major = KB_RESULTS_MAJOR;
	r->minor = KB_RESULTS_MINOR;
	kb_env_init(&r->env);
	snprintf(r->kbench_version, sizeof(r->kbench_version), "%s",
		 KBENCH_VERSION);
	return r;
}

struct kb_bench_result *kb_results_add(struct kb_results *r)
{
	struct kb_bench_result *b;

	b = realloc(r->benches, (r->n_benches + 1) * sizeof(*b));
	if (!b)
		return NULL;
	r->benches = b;
	b = &r->benches[r->n_benches++];
	memset(b, 0, sizeof(*b));
	b->syscalls_per_op = b->page_faults_per_op = NAN;
	b->profile_overhead_pct = NAN;
	return b;
}

/* Appends a copy of S to the array *V of *N strings. */
static int add_string(char ***v, size_t *n, const char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*v = p;
	p[*n] = strdup(s);
	if (!p[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

int kb_bench_add_note(struct kb_bench_result *b, const char *text)
{
	return add_string(&b->notes, &b->n_notes, text);
}

int kb_profiles_add_dir(struct kb_profiles *p, const char *dir)
{
	return add_string(&p->dirs, &p->n_dirs, dir);
}

long kb_results_add_boot(struct kb_results *r, const char *id)
{
	char (*b)[40];

	for (size_t i = 0; i < r->n_boots; i++)
		if (!strcmp(r->boots[i], id))
			return (long)i;
	b = realloc(r->boots, (r->n_boots + 1) * sizeof(*b));
	if (!b)
		return -ENOMEM;
	r->boots = b;
	snprintf(b[r->n_boots], sizeof(b[0]), "%s", id);
	return (long)r->n_boots++;
}

const struct kb_bench_result *kb_results_find(const struct kb_results *r,
					      const char *name)
{
	for (size_t i = 0; i < r->n_benches; i++)
		if (!strcmp(r->benches[i].name, name))
			return &r->benches[i];
	return NULL;
}

const struct kb_event_count *kb_bench_event(const struct kb_bench_result *b,
					    const char *name)
{
	for (size_t i = 0; i < b->n_events; i++)
		if (!strcmp(b->events[i].name, name))
			return &b->events[i];
	return NULL;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void bench_free(struct kb_bench_result *b)
{
	free(b->values);
	free(b->value_boots);
	free(b->profiled_values);
	free_strings(b->profile.dirs, b->profile.n_dirs);
	free_strings(b->notes, b->n_notes);
}

void kb_results_free(struct kb_results *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_benches; i++)
		bench_free(&r->benches[i]);
	free(r->benches);
	json_decref(r->host);
	json_decref(r->noise);
	json_decref(r->parameters);
	free(r->boots);
	free(r);
}

/* json_real() refuses NaN and infinities: they become null. */
static json_t *real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *or_null(json_t *j)
{
	return j ? json_incref(j) : json_null();
}

static json_t *strings(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *adaptive_json(const struct kb_adaptive *a)
{
	if (!a->enabled)
		return json_pack("{s:b}", "enabled", 0);
	return json_pack("{s:b, s:o, s:I, s:I, s:I, s:o, s:b}",
			 "enabled", 1, "target_cov_pct", real(a->target_cov_pct),
			 "max_repetitions", (json_int_t)a->max_reps,
			 "initial_repetitions", (json_int_t)a->initial_reps,
			 "repetitions", (json_int_t)a->reps,
			 "final_cov_pct", real(a->final_cov_pct),
			 "target_met", a->target_met);
}

static json_t *events_json(const struct kb_bench_result *b)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < b->n_events; i++) {
		const struct kb_event_count *e = &b->events[i];

		json_object_set_new(o, e->name, e->supported ?
			json_pack("{s:b, s:I, s:o, s:b}", "supported", 1,
				  "total", (json_int_t)e->total,
				  "per_op", real(e->per_op), "user_only", e->user_only) :
			json_pack("{s:b, s:s}", "supported", 0, "reason", e->reason));
	}
	return o;
}

/* {enabled, dirs} or {enabled, reason}; DIRS false: the run's own. */
json_t *kb_profiles_json(const struct kb_profiles *p, bool dirs)
{
	if (!p->enabled)
		return json_pack("{s:b, s:s}", "enabled", 0, "reason", p->reason);
	if (!dirs)
		return json_pack("{s:b}", "enabled", 1);
	return json_pack("{s:b, s:o}", "enabled", 1,
			 "dirs", strings(p->dirs, p->n_dirs));
}

static json_t *reals(const double *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, real(v[i]));
	return a;
}

/* What this version adds to a benchmark (results 1.1). */
static void bench_extras_to_json(json_t *o, const struct kb_bench_result *b)
{
	json_object_set_new(o, "batch_ops", b->batch_ops ?
			    json_integer((json_int_t)b->batch_ops) : json_null());
	json_object_set_new(o, "profiled_values",
			    reals(b->profiled_values, b->n_profiled));
	json_object_set_new(o, "profile_overhead_pct", real(b->profile_overhead_pct));
	if (b->value_boots) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < b->n_values; i++)
			json_array_append_new(a, json_integer((json_int_t)b->value_boots[i]));
		json_object_set_new(o, "value_boots", a);
	}
}

static json_t *bench_to_json(const struct kb_bench_result *b)
{
	const struct kb_summary *s = &b->summary;
	const struct kb_latency *l = &b->latency;
	json_t *o, *lat, *summary;

	summary = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
			    "n", (json_int_t)s->n, "mean", real(s->mean),
			    "median", real(s->median), "stddev", real(s->stddev),
			    "cov_pct", real(s->cov_pct), "min", real(s->min),
			    "max", real(s->max));
	lat = !l->valid ? json_null() :
	      json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}",
			"count", (json_int_t)l->count, "p50", real(l->p50),
			"p90", real(l->p90), "p99", real(l->p99),
			"p99.9", real(l->p999), "max", real(l->max));
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, "
		      "s:o, s:o, s:o, s:o, s:o}",
			 "name", b->name, "description", b->desc,
			 "metric", b->metric, "unit", b->unit,
			 "higher_is_better", b->higher_is_better,
			 "partial", b->partial, "values", reals(b->values, b->n_values),
			 "summary", summary, "latency_ns", lat,
			 "adaptive", adaptive_json(&b->adaptive),
			 "events", events_json(b),
			 "counters_per_op", json_pack("{s:o, s:o}",
				"page_faults", real(b->page_faults_per_op),
				"syscalls", real(b->syscalls_per_op)),
			 "profile", kb_profiles_json(&b->profile, true),
			 "notes", strings(b->notes, b->n_notes));
	if (o)
		bench_extras_to_json(o, b);
	return o;
}

json_t *kb_results_to_json(const struct kb_results *r)
{
	json_t *benches = json_array(), *root;
	char schema[48];

	for (size_t i = 0; i < r->n_benches; i++)
		json_array_append_new(benches, bench_to_json(&r->benches[i]));
	if (r->minor)
		snprintf(schema, sizeof(schema), "%s/%u.%u", KB_RESULTS_NAME,
			 r->major, r->minor);
	else
		snprintf(schema, sizeof(schema), "%s/%u", KB_RESULTS_NAME,
			 r->major);
	root = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "schema", schema, "kbench_version", r->kbench_version,
			 "suite", r->suite, "partial", r->partial,
			 "started", r->started, "finished", r->finished,
			 "host", or_null(r->host), "noise", or_null(r->noise),
			 "parameters", or_null(r->parameters),
			 "profile", kb_profiles_json(&r->profile, false),
			 "benchmarks", benches);
	if (root) {
		json_t *boots = json_array();

		for (size_t i = 0; boots && i < r->n_boots; i++)
			json_array_append_new(boots, json_string(r->boots[i]));
		/* One run is one boot, named as a reader would name it. */
		if (boots && !r->n_boots)
			json_array_append_new(boots, json_string(r->env.boot_id[0] ?
						r->env.boot_id : "unknown"));
		json_object_set_new(root, "environment", kb_env_json(&r->env));
		json_object_set_new(root, "boots", boots ? boots : json_null());
	}
	return root;
}

int kb_results_write(const struct kb_results *r, const char *path,
		     char why[KB_RESULTS_WHY])
{
	json_t *root = kb_results_to_json(r);
	int ret;

	if (!root) {
		snprintf(why, KB_RESULTS_WHY, "cannot build the results JSON");
		return -ENOMEM;
	}
	ret = kb_json_save(path, root);
	if (ret)
		snprintf(why, KB_RESULTS_WHY, "cannot write %s: %s", path,
			 strerror(-ret));
	json_decref(root);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/* results.json: writer and validating reader (docs/results.md). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

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
	return b;
}

static void bench_free(struct kb_bench_result *b)
{
	free(b->values);
	json_decref(b->adaptive);
	json_decref(b->events);
	json_decref(b->counters_per_op);
	json_decref(b->profile);
	json_decref(b->notes);
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
	json_decref(r->profile);
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

static json_t *bench_to_json(const struct kb_bench_result *b)
{
	const struct kb_summary *s = &b->summary;
	const struct kb_latency *l = &b->latency;
	json_t *values = json_array(), *lat, *summary;

	for (size_t i = 0; i < b->n_values; i++)
		json_array_append_new(values, real(b->values[i]));
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
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o}",
			 "name", b->name, "description", b->desc,
			 "metric", b->metric, "unit", b->unit,
			 "higher_is_better", b->higher_is_better,
			 "partial", b->partial, "values", values,
			 "summary", summary, "latency_ns", lat,
			 "adaptive", or_null(b->adaptive),
			 "events", or_null(b->events),
			 "counters_per_op", or_null(b->counters_per_op),
			 "profile", or_null(b->profile),
			 "notes", b->notes ? json_incref(b->notes) : json_array());
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
			 "profile", or_null(r->profile), "benchmarks", benches);
	return root;
}

int kb_results_write(const struct kb_results *r, const char *path,
		     char why[KB_RESULTS_WHY])
{
	char tmp[4200];
	json_t *root = kb_results_to_json(r);
	int ret = 0;

	if (!root) {
		snprintf(why, KB_RESULTS_WHY, "cannot build the results JSON");
		return -ENOMEM;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (json_dump_file(root, tmp, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) ||
	    rename(tmp, path)) {
		ret = -(errno ? errno : EIO);
		snprintf(why, KB_RESULTS_WHY, "cannot write %s: %s", path,
			 strerror(-ret));
		unlink(tmp);
	}
	json_decref(root);
	return ret;
}

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

/* A field that may be absent or null; kept as a reference. */
static json_t *get_opt(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v) ? json_incref(v) : NULL;
}

static void read_bench(struct rd *rd, json_t *jb, size_t idx,
		       struct kb_bench_result *b)
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
			rd->err = -ENOMEM;
			snprintf(rd->why, KB_RESULTS_WHY, "out of memory");
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
	b->adaptive = get_opt(jb, "adaptive");
	b->events = get_opt(jb, "events");
	b->counters_per_op = get_opt(jb, "counters_per_op");
	b->profile = get_opt(jb, "profile");
	b->notes = get_opt(jb, "notes");
	if (b->notes && json_is_array(b->notes) && !json_array_size(b->notes)) {
		json_decref(b->notes);	/* written for NULL: read as NULL */
		b->notes = NULL;
	}
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
	r->noise = get_opt(root, "noise");
	r->profile = get_opt(root, "profile");
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
		read_bench(&rd, jb, i, b);
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

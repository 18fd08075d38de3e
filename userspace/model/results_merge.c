// SPDX-License-Identifier: GPL-2.0
/* Several results of one suite merged into one (results_merge.h). */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "env_diff.h"
#include "results_merge.h"
#include "util/summary.h"

bool kb_boot_unknown(const char *id)
{
	return !id[0] || !strcmp(id, "unknown") || !strncmp(id, "unknown-", 8);
}

/* ---- like for like ---- */

/* Appends to WHY (LEN bytes) at *AT. */
static void say(char *why, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(char *why, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(why + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n;
	if (*at >= len)
		*at = len - 1;	/* truncated */
}

/* The parameters that change what a benchmark measures (as compare's). */
static const char *const measuring[][2] = {
	{ "seconds", NULL }, { "warmup_seconds", NULL }, { "per_cpu", NULL },
	{ "threads", NULL }, { "io", NULL },
};

/* Whether B was measured like A; if not, WHY (from *AT) says how not. */
static bool alike(const struct kb_merge_input *a, const struct kb_merge_input *b,
		  char *why, size_t len, size_t *at)
{
	struct kb_env_diff *d = malloc(sizeof(*d));
	char reason[300], names[1200];
	size_t start = *at, heading;

	say(why, len, at, "%s%s differs from %s:", start ? "; " : "", b->file, a->file);
	heading = *at;
	if (strcmp(a->r->suite, b->r->suite))
		say(why, len, at, " suite %s vs %s;", a->r->suite, b->r->suite);
	for (size_t i = 0; i < sizeof(measuring) / sizeof(measuring[0]); i++)
		if (!kb_cmp_same_param(a->r, b->r, measuring[i][0], measuring[i][1],
				       reason, sizeof(reason)))
			say(why, len, at, " %s;", reason);
	if (d) {
		kb_env_diff(a->r, b->r, d);
		if (d->n_differ) {
			kb_env_diff_names(d, true, names, sizeof(names));
			say(why, len, at, " environment: %s;", names);
		}
	}
	free(d);
	if (!d) {
		say(why, len, at, " out of memory;");
		return false;
	}
	if (*at == heading) {
		*at = start;	/* nothing differs: take the heading back */
		why[start] = 0;
		return true;
	}
	if (why[*at - 1] == ';')
		why[--*at] = 0;
	return false;
}

/* ---- paths ---- */

/*
 * PATH made absolute against BASE (when relative) and normalised: no ".",
 * "..", or repeated "/". A new string, or NULL.
 */
static char *normalise(const char *base, const char *path)
{
	char *joined, *out, *save = NULL;
	size_t n = 0;

	if (asprintf(&joined, "%s/%s", path[0] == '/' ? "" : base, path) < 0)
		return NULL;
	out = calloc(strlen(joined) + 2, 1);
	for (char *c = strtok_r(joined, "/", &save); out && c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			while (n > 0 && out[--n] != '/')
				;
			out[n] = 0;
			continue;
		}
		n += (size_t)sprintf(out + n, "/%s", c);
	}
	if (out && !n)
		strcpy(out, "/");
	free(joined);
	return out;
}

/* The length of the first component of the normalised path P ("/a/b"). */
static size_t comp_len(const char *p)
{
	size_t n = 1;

	while (p[n] && p[n] != '/')
		n++;
	return n;
}

/* TO relative to the directory FROM (both absolute, normalised). */
static char *relative(const char *from, const char *to)
{
	size_t up = 0, at = 0;
	char *rel;

	if (!strcmp(from, "/"))
		from = "";
	/* Skip the components both share. */
	while (*from && *to) {
		size_t n = comp_len(from);

		if (comp_len(to) != n || strncmp(from, to, n))
			break;
		from += n;
		to += n;
	}
	for (; *from; from += comp_len(from))
		up++;
	rel = malloc(3 * up + strlen(to) + 2);
	if (!rel)
		return NULL;
	for (size_t i = 0; i < up; i++)
		at += (size_t)sprintf(rel + at, "../");
	if (*to)
		sprintf(rel + at, "%s", to + 1);
	else if (at)
		rel[at - 1] = 0;	/* no trailing '/' */
	else
		strcpy(rel, ".");
	return rel;
}

/* DIR of input IN (relative to IN->dir) as seen from OUT (absolute). */
static char *rebase(const char *out, const struct kb_merge_input *in,
		    const char *dir)
{
	char *in_dir = realpath(in->dir, NULL), *abs, *rel = NULL;

	if (!in_dir)
		return NULL;
	abs = normalise(in_dir, dir);
	if (abs)
		rel = relative(out, abs);
	free(in_dir);
	free(abs);
	return rel;
}

/* ---- boots ---- */

/*
 * The merged boot of boot J of input I: MAP[I][J]. Inputs of one boot
 * stay one boot; every unknown boot becomes a boot of its own,
 * "unknown-N".
 */
static int merge_boots(const struct kb_merge_input *in, size_t n,
		       struct kb_results *r, size_t **map)
{
	size_t unknown = 0;

	for (size_t i = 0; i < n; i++) {
		size_t nb = in[i].r->n_boots ? in[i].r->n_boots : 1;

		map[i] = calloc(nb, sizeof(**map));
		if (!map[i])
			return -ENOMEM;
		for (size_t j = 0; j < nb; j++) {
			const char *id = j < in[i].r->n_boots ? in[i].r->boots[j] : "";
			char name[40];
			long k;

			if (kb_boot_unknown(id)) {
				snprintf(name, sizeof(name), "unknown-%zu", ++unknown);
				id = name;
			}
			k = kb_results_add_boot(r, id);
			if (k < 0)
				return (int)k;
			map[i][j] = (size_t)k;
		}
	}
	return 0;
}

/* ---- benchmarks ---- */

/* Counters per operation, weighted by the values they were counted over. */
struct counters {
	double sys, sys_w, pf, pf_w;
	double ev[KB_EVENTS_MAX], ev_w[KB_EVENTS_MAX];
};

static void weigh(double *sum, double *w, double x, double n)
{
	if (isfinite(x)) {
		*sum += x * n;
		*w += n;
	}
}

/* B's counters into C and M's events (the first input's set). */
static void add_counters(struct kb_bench_result *m, const struct kb_bench_result *b,
			 struct counters *c)
{
	double n = (double)(b->n_values ? b->n_values : 1);

	weigh(&c->sys, &c->sys_w, b->syscalls_per_op, n);
	weigh(&c->pf, &c->pf_w, b->page_faults_per_op, n);
	for (size_t i = 0; i < m->n_events; i++) {
		struct kb_event_count *e = &m->events[i];
		const struct kb_event_count *x = kb_bench_event(b, e->name);

		if (!e->supported)
			continue;
		if (!x || !x->supported) {
			e->supported = false;
			snprintf(e->reason, sizeof(e->reason),
				 "not counted in every merged result");
			continue;
		}
		e->total += x->total;
		e->user_only |= x->user_only;
		weigh(&c->ev[i], &c->ev_w[i], x->per_op, n);
	}
}

static void finish_counters(struct kb_bench_result *m, const struct counters *c)
{
	m->syscalls_per_op = c->sys_w ? c->sys / c->sys_w : NAN;
	m->page_faults_per_op = c->pf_w ? c->pf / c->pf_w : NAN;
	for (size_t i = 0; i < m->n_events; i++)
		if (m->events[i].supported)
			m->events[i].per_op = c->ev_w[i] ? c->ev[i] / c->ev_w[i] : NAN;
}

/* Appends the K values ADD to *V (*N of them). */
static int append(double **v, size_t *n, const double *add, size_t k)
{
	double *p = realloc(*v, (*n + k + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	memcpy(p + *n, add, k * sizeof(*p));
	*v = p;
	*n += k;
	return 0;
}

/* B's values, their merged boots (MAP), and its profiled values, into M. */
static int add_values(struct kb_bench_result *m, const struct kb_bench_result *b,
		      const size_t *map)
{
	size_t before = m->n_values, *vb;

	if (append(&m->values, &m->n_values, b->values, b->n_values))
		return -ENOMEM;
	vb = realloc(m->value_boots, (m->n_values + 1) * sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	m->value_boots = vb;
	for (size_t i = 0; i < b->n_values; i++)
		vb[before + i] = map[kb_bench_value_boot(b, i)];
	return append(&m->profiled_values, &m->n_profiled, b->profiled_values,
		      b->n_profiled);
}

/* B's profile directories, rebased to resolve from OUT, and notes, into M. */
static int add_profiles_notes(struct kb_bench_result *m, const struct kb_bench_result *b,
			      const struct kb_merge_input *in, const char *out)
{
	int ret = 0;

	if (b->profile.enabled)
		m->profile.enabled = true;
	for (size_t i = 0; !ret && i < b->profile.n_dirs; i++) {
		char *d = rebase(out, in, b->profile.dirs[i]);

		ret = d ? kb_profiles_add_dir(&m->profile, d) : -ENOMEM;
		free(d);
	}
	for (size_t i = 0; !ret && i < b->n_notes; i++) {
		bool seen = false;

		for (size_t k = 0; k < m->n_notes; k++)
			seen |= !strcmp(m->notes[k], b->notes[i]);
		if (!seen)
			ret = kb_bench_add_note(m, b->notes[i]);
	}
	return ret;
}

/* M's description, metric and what is taken from the first input B. */
static void copy_first(struct kb_bench_result *m, const struct kb_bench_result *b)
{
	memcpy(m->name, b->name, sizeof(m->name));
	memcpy(m->desc, b->desc, sizeof(m->desc));
	memcpy(m->metric, b->metric, sizeof(m->metric));
	memcpy(m->unit, b->unit, sizeof(m->unit));
	m->higher_is_better = b->higher_is_better;
	m->batch_ops = b->batch_ops;
	m->latency = b->latency;
	m->adaptive = b->adaptive;
	m->n_events = b->n_events;
	memcpy(m->events, b->events, sizeof(m->events));
	for (size_t i = 0; i < m->n_events; i++)
		m->events[i].total = 0;	/* summed over the inputs */
	memcpy(m->profile.reason, b->profile.reason, sizeof(m->profile.reason));
}

/* Whether B measures what M does; if not, WHY says how not. */
static bool same_metric(const struct kb_bench_result *m, const struct kb_bench_result *b,
			const char *file, char *why, size_t len)
{
	if (!strcmp(m->metric, b->metric) && !strcmp(m->unit, b->unit) &&
	    m->higher_is_better == b->higher_is_better)
		return true;
	snprintf(why, len, "%s: %s measures %s in %s (%s is better), the first "
		 "result %s in %s (%s is better): not the same benchmark", file,
		 b->name, b->metric, b->unit, b->higher_is_better ? "higher" : "lower",
		 m->metric, m->unit, m->higher_is_better ? "higher" : "lower");
	return false;
}

/* What is computed from M's merged values. */
static void finish_bench(struct kb_bench_result *m, const struct counters *c,
			 size_t inputs)
{
	kb_summarize(m->values, m->n_values, &m->summary);
	finish_counters(m, c);
	m->profile_overhead_pct = NAN;
	if (m->n_profiled && m->n_values) {
		double u = kb_median(m->values, m->n_values);

		if (u)
			m->profile_overhead_pct =
				(kb_median(m->profiled_values, m->n_profiled) - u) / fabs(u) * 100;
	}
	if (m->profile.enabled)
		m->profile.reason[0] = 0;
	if (inputs > 1 && m->latency.valid)
		kb_bench_add_note(m, "latency_ns: from the first merged result only");
}

/* The benchmark NAME of every input that has it, merged into R. */
static int merge_bench(const struct kb_merge_input *in, size_t n, size_t **map,
		       const char *out, const char *name, struct kb_results *r,
		       char *why, size_t len)
{
	struct kb_bench_result *m = kb_results_add(r);
	struct counters c = { 0 };
	size_t inputs = 0;
	int ret = m ? 0 : -ENOMEM;

	for (size_t i = 0; !ret && i < n; i++) {
		const struct kb_bench_result *b = kb_results_find(in[i].r, name);

		if (!b)
			continue;
		if (!inputs++)
			copy_first(m, b);
		else if (!same_metric(m, b, in[i].file, why, len))
			return -EINVAL;
		if (b->batch_ops != m->batch_ops)
			m->batch_ops = 0;	/* not one size: not said */
		m->partial |= b->partial;
		add_counters(m, b, &c);
		ret = add_values(m, b, map[i]);
		if (!ret)
			ret = add_profiles_notes(m, b, &in[i], out);
	}
	if (!ret)
		finish_bench(m, &c, inputs);
	else
		snprintf(why, len, "out of memory");
	return ret;
}

/* The run-level fields: the first input's, and the span of all. */
static int merge_top(const struct kb_merge_input *in, size_t n, struct kb_results *r)
{
	const struct kb_results *a = in[0].r;
	json_t *from = json_array();

	memcpy(r->kbench_version, a->kbench_version, sizeof(r->kbench_version));
	memcpy(r->suite, a->suite, sizeof(r->suite));
	memcpy(r->started, a->started, sizeof(r->started));
	memcpy(r->finished, a->finished, sizeof(r->finished));
	r->env = a->env;
	r->profile = a->profile;
	r->profile.dirs = NULL;
	r->profile.n_dirs = 0;
	r->host = json_incref(a->host);
	r->noise = json_incref(a->noise);
	r->parameters = a->parameters ? json_deep_copy(a->parameters) : json_object();
	for (size_t i = 0; i < n; i++) {
		const struct kb_results *x = in[i].r;

		r->partial |= x->partial;
		if (strcmp(x->started, r->started) < 0)
			memcpy(r->started, x->started, sizeof(r->started));
		if (strcmp(x->finished, r->finished) > 0)
			memcpy(r->finished, x->finished, sizeof(r->finished));
		json_array_append_new(from, json_string(in[i].file));
	}
	if (!from || !r->parameters)
		return -ENOMEM;
	return json_object_set_new(r->parameters, "merged_from", from) ? -ENOMEM : 0;
}

/* Every benchmark of any input, in the order they first appear. */
static int merge_benches(const struct kb_merge_input *in, size_t n, size_t **map,
			 const char *out, struct kb_results *r, char *why, size_t len)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < n; i++)
		for (size_t k = 0; !ret && k < in[i].r->n_benches; k++) {
			const char *name = in[i].r->benches[k].name;

			if (!kb_results_find(r, name))
				ret = merge_bench(in, n, map, out, name, r, why, len);
		}
	return ret;
}

int kb_results_merge(const struct kb_merge_input *in, size_t n,
		     const char *out_dir, bool force, struct kb_results **out,
		     char *why, size_t len)
{
	char *abs_out = NULL;
	size_t **map = NULL, at = 0;
	struct kb_results *r = NULL;
	int ret = 0;

	*out = NULL;
	why[0] = 0;
	for (size_t i = 1; i < n; i++)
		if (!alike(&in[0], &in[i], why, len, &at))
			ret = -EXDEV;
	if (ret && !force) {
		say(why, len, &at, " (--force merges them anyway)");
		return ret;
	}
	abs_out = realpath(out_dir, NULL);
	ret = abs_out ? 0 : -errno;
	map = calloc(n + 1, sizeof(*map));
	r = kb_results_new();
	if (!ret && (!map || !r))
		ret = -ENOMEM;
	if (!ret)
		ret = merge_top(in, n, r);
	if (!ret)
		ret = merge_boots(in, n, r, map);
	if (!ret)
		ret = merge_benches(in, n, map, abs_out, r, why, len);
	for (size_t i = 0; map && i < n; i++)
		free(map[i]);
	free(map);
	free(abs_out);
	if (ret && ret != -EINVAL)
		snprintf(why, len, "%s: %s", out_dir, strerror(-ret));
	if (ret)
		kb_results_free(r);
	else
		*out = r;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The comparison model: freeing it, compare.json from it, and the two
 * things about a run that live in results.json's untyped parts (its
 * parameters and its kernel).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "json_io.h"

static const char *const verdict_names[] = {
	[KB_UNCHANGED] = "unchanged",
	[KB_REGRESSION] = "regression",
	[KB_IMPROVEMENT] = "improvement",
	[KB_INCONCLUSIVE] = "inconclusive",
};

const char *kb_verdict_name(enum kb_verdict v)
{
	return v < KB_VERDICTS ? verdict_names[v] : "?";
}

const char *kb_cmp_test_name(enum kb_cmp_test t)
{
	return t == KB_TEST_T ? "t" : "mann-whitney";
}

const char *kb_presence_name(enum kb_presence p)
{
	return p == KB_PRESENCE_BOTH ? "both" : p == KB_PRESENCE_APPEARED ? "appeared" :
	       p == KB_PRESENCE_VANISHED ? "vanished" : NULL;
}

void kb_cmp_share_free(struct kb_cmp_share *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->reps[0]);
	free(s->reps[1]);
	free(s->compiled_as[0]);
	free(s->compiled_as[1]);
}

static void free_shares(struct kb_cmp_share *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kb_cmp_share_free(&s[i]);
	free(s);
}

void kb_cmp_profile_free(struct kb_cmp_profile *p)
{
	if (!p)
		return;
	free(p->samples[0]);
	free(p->samples[1]);
	free_shares(p->culprit, p->culprit ? 1 : 0);
	free_shares(p->path, p->path ? 1 : 0);
	free_shares(p->functions, p->n_functions);
	free_shares(p->stacks, p->n_stacks);
	kb_stacks_free(&p->layout);
	memset(p, 0, sizeof(*p));
}

void kb_comparison_free(struct kb_comparison *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].side[0].values);
		free(c->e[i].side[1].values);
		kb_cmp_profile_free(c->e[i].profile);
		free(c->e[i].profile);
	}
	free(c->e);
	free(c);
}

/* ---- compare.json ---- */

static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jpair(double lo, double hi, bool valid)
{
	return valid ? json_pack("[o, o]", jnum(lo), jnum(hi)) : json_null();
}

/* {KEY: name, base_pct, ..., significant}, and a function's category. */
static json_t *share_json(const struct kb_cmp_share *s, const char *key)
{
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
			      key, s->name, "base_pct", jnum(s->base_pct),
			      "new_pct", jnum(s->new_pct),
			      "delta_pp", jnum(s->delta_pp),
			      "ci_pp", jpair(s->ci_lo, s->ci_hi, s->ci_valid),
			      "p", jnum(s->p), "significant", s->significant);

	if (o && s->category) {
		json_object_set_new(o, "category", json_string(s->category));
		json_object_set_new(o, "category_name", json_string(s->category_name));
		json_object_set_new(o, "presence", jstr(kb_presence_name(s->presence)));
		if (s->compiled_as[0] || s->compiled_as[1])
			json_object_set_new(o, "compiled_as", json_pack("{s:o, s:o}",
					    "base", jstr(s->compiled_as[0]),
					    "new", jstr(s->compiled_as[1])));
	}
	return o;
}

static json_t *shares_json(const struct kb_cmp_share *s, size_t n,
			   const char *key)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, share_json(&s[i], key));
	return a;
}

static json_t *change_json(const struct kb_cmp_change *c)
{
	return json_pack("{s:o, s:o, s:o}", "base", jnum(c->base), "new",
			 jnum(c->new), "change_pct", jnum(c->change_pct));
}

static json_t *counters_json(const struct kb_cmp_counters *c)
{
	json_t *ev = json_object();

	for (size_t i = 0; ev && i < c->n_events; i++)
		json_object_set_new(ev, c->events[i].name,
				    change_json(&c->events[i].c));
	return json_pack("{s:o, s:o, s:o}", "syscalls", change_json(&c->syscalls),
			 "page_faults", change_json(&c->page_faults),
			 "events", ev ? ev : json_null());
}

static json_t *samples_json(const uint64_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

static json_t *profile_json(const struct kb_cmp_profile *p)
{
	json_t *o;

	if (!p->available) {
		return json_pack("{s:b, s:s, s:o}", "available", 0,
				 "reason", p->reason, "counters_per_op",
				 counters_json(&p->counters));
	}
	o = json_pack("{s:s, s:{s:I, s:I}, s:{s:o, s:o}, s:o, s:o, s:o, s:o,"
		      " s:b, s:o}", "method", p->method,
		      "repetitions", "base", (json_int_t)p->reps[0],
		      "new", (json_int_t)p->reps[1],
		      "samples", "base", samples_json(p->samples[0], p->n_samples[0]),
		      "new", samples_json(p->samples[1], p->n_samples[1]),
		      "culprit", p->culprit ? share_json(p->culprit, "function") :
					      json_null(),
		      "path", p->path ? share_json(p->path, "stack") : json_null(),
		      "functions", shares_json(p->functions, p->n_functions, "function"),
		      "stacks", shares_json(p->stacks, p->n_stacks, "stack"),
		      "available", 1, "counters_per_op", counters_json(&p->counters));
	return o;
}

static json_t *values_json(const double *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, jnum(v[i]));
	return a;
}

static json_t *side_json(const struct kb_cmp_side *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n,
			 "median", jnum(s->median), "mean", jnum(s->mean),
			 "cov_pct", jnum(s->cov_pct),
			 "values", values_json(s->values, s->n));
}

/* The noise model of a benchmark (struct kb_cmp_model). */
static json_t *model_json(const struct kb_cmp_model *m)
{
	if (!m->valid)
		return json_pack("{s:b, s:s}", "valid", 0, "why", m->why);
	return json_pack("{s:b, s:s, s:{s:I, s:I, s:I}, s:o, s:o, s:o, s:o, s:o,"
			 " s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "valid", 1,
			 "unit", m->by_boot ? "boot" : "repetition",
			 "boots", "base", (json_int_t)m->boots[0],
			 "new", (json_int_t)m->boots[1], "shared", (json_int_t)m->shared,
			 "within_pct", jnum(m->within_pct),
			 "between_pct", jnum(m->between_pct),
			 "between_data_pct", jnum(m->between_data_pct),
			 "boot_sd_pct", jnum(m->boot_sd_pct),
			 "between_from", m->between_from ? json_string(m->between_from) :
							   json_null(),
			 "prior_used", m->prior_used, "data_df", jnum(m->data_df),
			 "estimate_pct", jnum(m->estimate_pct),
			 "ci_pct", jpair(m->ci_lo, m->ci_hi, true), "t", jnum(m->t),
			 "df", jnum(m->df), "p", jnum(m->p));
}

/* What this version adds to a compared benchmark: the decision's basis. */
static void decision_json(json_t *o, const struct kb_cmp_entry *e)
{
	const struct kb_cmp_stats *s = &e->s;

	json_object_set_new(o, "test", s->decidable ?
			    json_string(kb_cmp_test_name(s->test)) : json_null());
	json_object_set_new(o, "p", s->decidable ? jnum(s->p) : json_null());
	json_object_set_new(o, "model", model_json(&s->model));
	json_object_set_new(o, "verdict_reason", s->decidable ? json_null() :
			    json_string(s->missing));
	json_object_set_new(o, "boots_needed", e->boots_needed ?
			    json_integer(e->boots_needed) : json_null());
}

static json_t *entry_json(const struct kb_cmp_entry *e)
{
	const struct kb_cmp_stats *s = &e->s;
	json_t *o;

	if (!e->compared)
		return json_pack("{s:s, s:b, s:s, s:s}", "name", e->name,
				 "compared", 0, "reason", e->reason,
				 "present", e->in_base && e->in_new ? "both" :
					    e->in_base ? "base" : "new");
	o = json_pack("{s:s, s:b, s:s, s:s, s:b, s:o, s:o, s:o, s:o,"
			 " s:{s:o, s:o, s:b}, s:o, s:o, s:s, s:o, s:o}",
			 "name", e->name, "compared", 1, "metric", e->metric,
			 "unit", e->unit, "higher_is_better", e->higher_is_better,
			 "base", side_json(&e->side[0]), "new", side_json(&e->side[1]),
			 "change_pct", jnum(s->change_pct),
			 "ci_pct", jpair(s->ci_lo, s->ci_hi, s->ci_valid),
			 "mann_whitney", "u", jnum(s->u.u), "p", jnum(s->u.p),
			 "exact", s->u.exact,
			 "welch", s->welch_valid ?
				json_pack("{s:o, s:o, s:o}", "t", jnum(s->w.t),
					  "df", jnum(s->w.df), "p", jnum(s->w.p)) :
				json_null(),
			 "q", jnum(e->q), "verdict", kb_verdict_name(e->verdict),
			 "reps_needed", e->verdict == KB_INCONCLUSIVE && !e->boots_needed ?
				json_integer(e->reps_needed) : json_null(),
			 "profile", e->profile ? profile_json(e->profile) : json_null());
	if (o)
		decision_json(o, e);
	return o;
}

static json_t *run_json(const struct kb_cmp_run *r)
{
	return json_pack("{s:s, s:o, s:s, s:s, s:o, s:o, s:b, s:I}", "dir", r->dir,
			 "label", r->label[0] ? json_string(r->label) : json_null(),
			 "suite", r->suite, "started", r->started,
			 "kernel", r->kernel[0] ? json_string(r->kernel) : json_null(),
			 "kernel_build", r->build[0] ? json_string(r->build) : json_null(),
			 "partial", r->partial, "boots", (json_int_t)r->boots);
}

/* What this version adds to "parameters" and "summary". */
static void params_json(json_t *root, const struct kb_comparison *c)
{
	const struct kb_cmp_params *p = &c->par;
	json_t *par = json_object_get(root, "parameters");
	const struct kb_boot_prior *pr = p->prior;

	json_object_set_new(par, "threshold_source", json_string(p->threshold_given ?
							"option" : "mode"));
	json_object_set_new(par, "threshold_rule", json_string(p->threshold_rule));
	json_object_set_new(par, "min_values", json_integer(p->min_values));
	json_object_set_new(par, "fail_on", json_string(p->fail_on));
	json_object_set_new(par, "force", json_boolean(p->force));
	json_object_set_new(par, "boot_prior", !pr ? json_null() :
			    json_pack("{s:o, s:o, s:f, s:f, s:s}", "mode", jstr(pr->mode),
				      "accelerator", jstr(pr->accel), "cv_pct", pr->cv_pct,
				      "df", pr->df, "source", pr->source));
	json_object_set_new(json_object_get(root, "summary"), "prior_used",
			    json_integer((json_int_t)c->prior_used));
	json_object_set_new(root, "environment",
			    kb_env_diff_json(&c->env, p->force && c->env.n_invalid));
}

json_t *kb_comparison_json(const struct kb_comparison *c)
{
	const struct kb_cmp_params *p = &c->par;
	json_t *benches = json_array(), *root;

	for (size_t i = 0; benches && i < c->n; i++)
		if (json_array_append_new(benches, entry_json(&c->e[i])))
			break;
	if (!benches || json_array_size(benches) != c->n) {
		json_decref(benches);
		return NULL;
	}
	root = json_pack("{s:s, s:s, s:o, s:o, s:{s:f, s:f, s:f, s:{s:i, s:I},"
			 " s:i, s:f}, s:o, s:{s:I, s:I, s:I, s:I, s:I}}",
			 "schema", KB_COMPARE_SCHEMA,
			 "kbench_version", KBENCH_VERSION,
			 "base", run_json(&c->run[0]), "new", run_json(&c->run[1]),
			 "parameters", "threshold_pct", p->threshold_pct,
			 "alpha", p->alpha, "level", p->level,
			 "bootstrap", "iterations", (int)p->boot_iters,
			 "seed", (json_int_t)p->seed,
			 "exact_u_max_n", (int)p->exact_u_max_n, "power", p->power,
			 "benchmarks", benches,
			 "summary", "regressions", (json_int_t)c->count[KB_REGRESSION],
			 "improvements", (json_int_t)c->count[KB_IMPROVEMENT],
			 "unchanged", (json_int_t)c->count[KB_UNCHANGED],
			 "inconclusive", (json_int_t)c->count[KB_INCONCLUSIVE],
			 "not_compared", (json_int_t)c->not_compared);
	if (root)
		params_json(root, c);
	return root;
}

int kb_comparison_save(const char *path, const struct kb_comparison *c)
{
	json_t *root = kb_comparison_json(c);
	int ret;

	if (!root)
		return -ENOMEM;
	ret = kb_json_save(path, root);
	json_decref(root);
	return ret;
}

/* ---- what results.json keeps untyped ---- */

bool kb_cmp_same_param(const struct kb_results *ra, const struct kb_results *rb,
		       const char *key, const char *sub, char *reason,
		       size_t len)
{
	json_t *a = json_object_get(ra->parameters, key);
	json_t *b = json_object_get(rb->parameters, key);
	char *sa, *sb;

	if (sub) {
		a = json_object_get(a, sub);
		b = json_object_get(b, sub);
	}
	if ((!a && !b) || (a && b && json_equal(a, b)))
		return true;
	/* 1 and 1.0 are the same setting. */
	if (json_is_number(a) && json_is_number(b) &&
	    json_number_value(a) == json_number_value(b))
		return true;
	sa = a ? json_dumps(a, JSON_ENCODE_ANY) : NULL;
	sb = b ? json_dumps(b, JSON_ENCODE_ANY) : NULL;
	snprintf(reason, len, "different parameters: %s%s%s %s vs %s", key,
		 sub ? "." : "", sub ? sub : "", sa ? sa : "(none)",
		 sb ? sb : "(none)");
	free(sa);
	free(sb);
	return false;
}

void kb_cmp_run_from(struct kb_cmp_run *run, const struct kb_results *r,
		     const char *dir)
{
	json_t *k = json_object_get(r->host, "kernel");
	const char *rel = json_string_value(json_object_get(k, "release"));

	memset(run, 0, sizeof(*run));
	snprintf(run->dir, sizeof(run->dir), "%s", dir);
	snprintf(run->suite, sizeof(run->suite), "%s", r->suite);
	snprintf(run->started, sizeof(run->started), "%s", r->started);
	snprintf(run->kernel, sizeof(run->kernel), "%s", rel ? rel : r->env.kernel);
	snprintf(run->build, sizeof(run->build), "%s", r->env.build);
	run->partial = r->partial;
	run->boots = r->n_boots ? r->n_boots : 1;
}

/* ---- several runs against one base ---- */

const struct kb_cmp_run *kb_cmp_set_run(const struct kb_cmp_set *s, size_t k)
{
	return k ? &s->pair[k - 1]->run[1] : &s->pair[0]->run[0];
}

const char *kb_cmp_run_name(const struct kb_cmp_set *s, size_t k, char *buf,
			    size_t len)
{
	const struct kb_cmp_run *r = kb_cmp_set_run(s, k);

	if (r->label[0])
		snprintf(buf, len, "%s", r->label);
	else if (!k)
		snprintf(buf, len, "base");
	else
		snprintf(buf, len, "new %zu", k);
	return buf;
}

void kb_cmp_set_free(struct kb_cmp_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->pair && i + 1 < s->n; i++)
		kb_comparison_free(s->pair[i]);
	for (size_t i = 0; s->rows && i < s->n_rows; i++)
		free(s->rows[i].e);
	free(s->pair);
	free(s->rows);
	free(s);
}

/* Field J of every run's environment: {values: [...], differs, invalidates}. */
static json_t *set_field_json(const struct kb_cmp_set *s, size_t j)
{
	json_t *v = json_array();
	bool differs = false, invalid = false;

	for (size_t k = 0; v && k < s->n; k++) {
		const struct kb_env_field *f = &s->pair[k ? k - 1 : 0]->env.f[j];
		int side = k ? 1 : 0;

		json_array_append_new(v, !f->known[side] ? json_null() : f->numeric ?
				      json_integer((json_int_t)f->num[side]) :
				      json_string(f->val[side]));
		if (k) {
			differs |= f->differs;
			invalid |= f->invalidates;
		}
	}
	return json_pack("{s:o, s:b, s:b}", "values", v ? v : json_null(),
			 "differs", differs, "invalidates", invalid);
}

static json_t *set_env_json(const struct kb_cmp_set *s)
{
	const struct kb_env_diff *d = &s->pair[0]->env;
	json_t *fields = json_object();

	for (size_t j = 0; fields && j < d->n; j++)
		json_object_set_new(fields, d->f[j].name, set_field_json(s, j));
	return fields ? json_pack("{s:o}", "fields", fields) : NULL;
}

/* Run K's side of row R: {n, median, cov_pct}, or null. */
static json_t *row_side_json(const struct kb_cmp_set *s, const struct kb_cmp_row *r,
			     size_t k)
{
	const struct kb_cmp_entry *e = NULL;

	for (size_t i = 0; !k && !e && i + 1 < s->n; i++)
		if (r->e[i] && r->e[i]->compared)
			e = r->e[i];
	if (k && r->e[k - 1] && r->e[k - 1]->compared)
		e = r->e[k - 1];
	if (!e)
		return json_null();
	return json_pack("{s:I, s:o, s:o}", "n", (json_int_t)e->side[k ? 1 : 0].n,
			 "median", jnum(e->side[k ? 1 : 0].median),
			 "cov_pct", jnum(e->side[k ? 1 : 0].cov_pct));
}

/* Pair I's verdict on row R, in short; null when it has no such benchmark. */
static json_t *row_change_json(const struct kb_cmp_row *r, size_t i)
{
	const struct kb_cmp_entry *e = r->e[i];
	const struct kb_cmp_profile *p;

	if (!e)
		return json_null();
	if (!e->compared)
		return json_pack("{s:b, s:s}", "compared", 0, "reason", e->reason);
	p = e->profile;
	return json_pack("{s:b, s:o, s:o, s:o, s:s, s:o}", "compared", 1,
			 "change_pct", jnum(e->s.change_pct),
			 "ci_pct", jpair(e->s.model.ci_lo, e->s.model.ci_hi,
					 e->s.model.valid),
			 "q", jnum(e->q), "verdict", kb_verdict_name(e->verdict),
			 "culprit", p && p->available && p->culprit ?
				json_string(p->culprit->name) : json_null());
}

static json_t *set_rows_json(const struct kb_cmp_set *s)
{
	json_t *a = json_array();

	for (size_t r = 0; a && r < s->n_rows; r++) {
		const struct kb_cmp_row *row = &s->rows[r];
		json_t *runs = json_array(), *changes = json_array();

		for (size_t k = 0; runs && k < s->n; k++)
			json_array_append_new(runs, row_side_json(s, row, k));
		for (size_t i = 0; changes && i + 1 < s->n; i++)
			json_array_append_new(changes, row_change_json(row, i));
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "name",
						   row->name, "unit", row->unit,
						   "runs", runs ? runs : json_null(),
						   "changes", changes ? changes : json_null()));
	}
	return a;
}

json_t *kb_cmp_set_json(const struct kb_cmp_set *s)
{
	json_t *runs = json_array(), *pairs = json_array(), *root;

	for (size_t k = 0; runs && k < s->n; k++)
		json_array_append_new(runs, run_json(kb_cmp_set_run(s, k)));
	for (size_t i = 0; pairs && i + 1 < s->n; i++)
		if (json_array_append_new(pairs, kb_comparison_json(s->pair[i])))
			break;
	if (!runs || !pairs || json_array_size(pairs) + 1 != s->n) {
		json_decref(runs);
		json_decref(pairs);
		return NULL;
	}
	root = json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I},"
			 " s:o}", "schema", KB_COMPARE_SET_SCHEMA,
			 "kbench_version", KBENCH_VERSION, "runs", runs,
			 "environment", set_env_json(s), "benchmarks", set_rows_json(s),
			 "summary", "regressions", (json_int_t)s->count[KB_REGRESSION],
			 "improvements", (json_int_t)s->count[KB_IMPROVEMENT],
			 "unchanged", (json_int_t)s->count[KB_UNCHANGED],
			 "inconclusive", (json_int_t)s->count[KB_INCONCLUSIVE],
			 "not_compared", (json_int_t)s->not_compared,
			 "comparisons", pairs);
	return root;
}

int kb_cmp_set_save(const char *path, const struct kb_cmp_set *s)
{
	json_t *root = kb_cmp_set_json(s);
	int ret;

	if (!root)
		return -ENOMEM;
	ret = kb_json_save(path, root);
	json_decref(root);
	return ret;
}

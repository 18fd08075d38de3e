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

void kb_cmp_share_free(struct kb_cmp_share *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->reps[0]);
	free(s->reps[1]);
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
	return json_pack("{s:s, s:s, s:s, s:o, s:b, s:I}", "dir", r->dir,
			 "suite", r->suite, "started", r->started,
			 "kernel", r->kernel[0] ? json_string(r->kernel) : json_null(),
			 "partial", r->partial, "boots", (json_int_t)r->boots);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
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
	snprintf(run->kernel, sizeof(run->kernel), "%s", rel ? rel : "");
	run->partial = r->partial;
	run->boots = r->n_boots ? r->n_boots : 1;
}

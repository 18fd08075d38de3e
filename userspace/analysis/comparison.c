// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "boots.h"
#include "profile_diff.h"
#include "statistics.h"
#include "verdict.h"
#include "model/results_merge.h"
#include "util/summary.h"

/*
 * Both runs' boots as ids shared by the two sides: a boot of NEW that BASE
 * has too gets BASE's id; a boot whose id is unknown is never shared.
 */
struct boot_map {
	size_t *id[2];
	size_t n[2];
};

static void boot_map_free(struct boot_map *m)
{
	free(m->id[0]);
	free(m->id[1]);
}

static int boot_map(const struct kb_results *a, const struct kb_results *b,
		    struct boot_map *m)
{
	/* Results made in memory may list no boot: theirs is unknown. */
	m->n[0] = a->n_boots ? a->n_boots : 1;
	m->n[1] = b->n_boots ? b->n_boots : 1;
	m->id[0] = calloc(m->n[0], sizeof(size_t));
	m->id[1] = calloc(m->n[1], sizeof(size_t));
	if (!m->id[0] || !m->id[1]) {
		boot_map_free(m);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->n[0]; i++)
		m->id[0][i] = i;
	for (size_t j = 0; j < m->n[1]; j++) {
		m->id[1][j] = m->n[0] + j;
		if (j >= b->n_boots || kb_boot_unknown(b->boots[j]))
			continue;
		for (size_t i = 0; i < a->n_boots; i++)
			if (!strcmp(a->boots[i], b->boots[j]))
				m->id[1][j] = i;
	}
	return 0;
}

/* The shared boot id of every value of B on SIDE, or NULL (-ENOMEM). */
static size_t *value_ids(const struct boot_map *m, int side,
			 const struct kb_bench_result *b)
{
	size_t *v = malloc((b->n_values + 1) * sizeof(*v));

	for (size_t i = 0; v && i < b->n_values; i++) {
		size_t k = kb_bench_value_boot(b, i);

		v[i] = m->id[side][k < m->n[side] ? k : 0];
	}
	return v;
}

/* Whether A and B measure the same thing; if not, E->reason says why. */
static bool comparable(const struct kb_cmp_input *in_a,
		       const struct kb_cmp_input *in_b,
		       const struct kb_bench_result *a,
		       const struct kb_bench_result *b, struct kb_cmp_entry *e)
{
	const struct kb_results *ra = in_a->r, *rb = in_b->r;
	char *why = e->reason;
	size_t len = sizeof(e->reason);

	if (strcmp(a->unit, b->unit)) {
		snprintf(why, len, "different units: %s vs %s", a->unit, b->unit);
		return false;
	}
	if (strcmp(a->metric, b->metric) || a->higher_is_better != b->higher_is_better) {
		snprintf(why, len, "different metrics: %s vs %s", a->metric, b->metric);
		return false;
	}
	if (!a->n_values || !b->n_values) {
		snprintf(why, len, "no values in the %s run", a->n_values ? "new" : "base");
		return false;
	}
	if (kb_median(a->values, a->n_values) == 0) {
		snprintf(why, len, "the base median is 0: no relative change");
		return false;
	}
	/* Run parameters that change what a benchmark measures. */
	if (!kb_cmp_same_param(ra, rb, "seconds", NULL, why, len) ||
	    !kb_cmp_same_param(ra, rb, "warmup_seconds", NULL, why, len))
		return false;
	if (!strncmp(a->name, "cpu/", 4) &&
	    (!kb_cmp_same_param(ra, rb, "per_cpu", NULL, why, len) ||
	     !kb_cmp_same_param(ra, rb, "threads", NULL, why, len)))
		return false;
	if (!strncmp(a->name, "io/", 3) &&
	    (!kb_cmp_same_param(ra, rb, "io", "size_bytes", why, len) ||
	     !kb_cmp_same_param(ra, rb, "io", "fstype", why, len)))
		return false;
	return true;
}

/* SIDE of a compared benchmark from B; SEED and ITERS, its median's CI. */
static int side_from(struct kb_cmp_side *side, const struct kb_bench_result *b,
		     double median, uint64_t seed, unsigned int iters)
{
	struct kb_summary s;
	double med;

	kb_summarize(b->values, b->n_values, &s);
	side->n = b->n_values;
	side->median = median;
	side->mean = s.mean;
	side->cov_pct = s.cov_pct;
	side->values = malloc((b->n_values + 1) * sizeof(double));
	if (!side->values)
		return -ENOMEM;
	memcpy(side->values, b->values, b->n_values * sizeof(double));
	return kb_cmp_median_ci(b->values, b->n_values, seed, iters, &med,
				&side->med_lo, &side->med_hi);
}

/* E's statistics, the values' boots from M, the prior from C. */
static int stats_of(const struct kb_comparison *c, const struct boot_map *m,
		    const struct kb_bench_result *a, const struct kb_bench_result *b,
		    struct kb_cmp_entry *e)
{
	size_t *ia = value_ids(m, 0, a), *ib = value_ids(m, 1, b);
	struct kb_boot_sample sa = { a->values, ia, a->n_values };
	struct kb_boot_sample sb = { b->values, ib, b->n_values };
	int ret = -ENOMEM;

	if (ia && ib)
		ret = kb_cmp_stats_boots(&sa, &sb, c->par.prior, kb_cmp_seed(a->name),
					 c->par.boot_iters, &e->s);
	free(ia);
	free(ib);
	return ret;
}

/* E from the base's A and the new B. 0 (compared or not) or -ENOMEM. */
static int entry_from(const struct kb_cmp_input *in_a,
		      const struct kb_cmp_input *in_b, const struct kb_comparison *c,
		      const struct boot_map *m, const struct kb_bench_result *a,
		      struct kb_cmp_entry *e)
{
	const struct kb_bench_result *b = kb_results_find(in_b->r, a->name);
	uint64_t seed = kb_cmp_seed(a->name);
	int ret;

	snprintf(e->name, sizeof(e->name), "%s", a->name);
	e->in_base = true;
	e->in_new = b != NULL;
	if (!b) {
		snprintf(e->reason, sizeof(e->reason), "missing in %.200s", in_b->file);
		return 0;
	}
	if (!comparable(in_a, in_b, a, b, e))
		return 0;
	ret = stats_of(c, m, a, b, e);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		snprintf(e->reason, sizeof(e->reason), "cannot compare: %s",
			 strerror(-ret));
		return 0;
	}
	snprintf(e->metric, sizeof(e->metric), "%s", a->metric);
	snprintf(e->unit, sizeof(e->unit), "%s", a->unit);
	e->higher_is_better = a->higher_is_better;
	e->compared = true;
	ret = side_from(&e->side[0], a, e->s.med_a, seed ^ 0, c->par.boot_iters);
	if (!ret)
		ret = side_from(&e->side[1], b, e->s.med_b, seed ^ 1, c->par.boot_iters);
	return ret;
}

static struct kb_cmp_change change_of(double x, double y)
{
	return (struct kb_cmp_change){
		.base = x, .new = y,
		.change_pct = isfinite(x) && isfinite(y) && x ?
			      (y - x) / fabs(x) * 100 : NAN,
	};
}

/* Counters and events per operation, base A and new B. */
static void counters_of(struct kb_cmp_counters *c, const struct kb_bench_result *a,
			const struct kb_bench_result *b)
{
	c->syscalls = change_of(a->syscalls_per_op, b->syscalls_per_op);
	c->page_faults = change_of(a->page_faults_per_op, b->page_faults_per_op);
	c->n_events = 0;
	for (size_t i = 0; i < a->n_events && c->n_events < KB_EVENTS_MAX; i++) {
		const struct kb_event_count *x = &a->events[i];
		const struct kb_event_count *y = kb_bench_event(b, x->name);
		struct kb_cmp_event *ev = &c->events[c->n_events];

		if (!x->supported || !y || !y->supported)
			continue;
		snprintf(ev->name, sizeof(ev->name), "%s", x->name);
		ev->c = change_of(x->per_op, y->per_op);
		c->n_events++;
	}
}

static void free_paths(char **p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		free(p[i]);
	free(p);
}

/* The stacks.folded paths of B's profiles, or NULL with REASON. */
static char **profile_paths(const struct kb_cmp_input *in,
			    const struct kb_bench_result *b, size_t *n,
			    char *reason, size_t len)
{
	const struct kb_profiles *pr = &b->profile;
	char **p;

	*n = 0;
	if (!pr->enabled || !pr->n_dirs) {
		snprintf(reason, len, "no profiles in %.300s%s%.150s", in->dir,
			 pr->reason[0] ? ": " : "", pr->reason);
		return NULL;
	}
	p = calloc(pr->n_dirs, sizeof(*p));
	for (size_t i = 0; p && i < pr->n_dirs; i++) {
		if (asprintf(&p[i], "%s/%s/stacks.folded", in->dir, pr->dirs[i]) < 0) {
			p[i] = NULL;
			free_paths(p, i);
			p = NULL;
		}
	}
	if (!p)
		snprintf(reason, len, "out of memory");
	else
		*n = pr->n_dirs;
	return p;
}

/*
 * E's profile difference; unavailable, with the reason, when either side
 * has no usable profiles. 0 or -ENOMEM.
 */
static int profile_of(const struct kb_cmp_input *in_a,
		      const struct kb_cmp_input *in_b, struct kb_cmp_entry *e)
{
	const struct kb_bench_result *a = kb_results_find(in_a->r, e->name);
	const struct kb_bench_result *b = kb_results_find(in_b->r, e->name);
	struct kb_cmp_profile *p = calloc(1, sizeof(*p));
	char reason[sizeof(p->reason)] = "";
	const struct kb_strmap *syms[2] = { in_a->syms, in_b->syms };
	size_t na = 0, nb = 0;
	char **pa, **pb = NULL;

	if (!p)
		return -ENOMEM;
	pa = profile_paths(in_a, a, &na, reason, sizeof(reason));
	if (pa)
		pb = profile_paths(in_b, b, &nb, reason, sizeof(reason));
	if (!pa || !pb ||
	    kb_profile_diff_builds((const char *const *)pa, na,
				   (const char *const *)pb, nb, syms,
				   e->verdict == KB_REGRESSION ? 1 : -1, p, reason,
				   sizeof(reason)))
		snprintf(p->reason, sizeof(p->reason), "%s", reason);
	free_paths(pa, na);
	free_paths(pb, nb);
	counters_of(&p->counters, a, b);
	e->profile = p;
	return 0;
}

/* The test of every compared benchmark, its p-value and BH's q-value. */
static int adjust(struct kb_comparison *c)
{
	double *p = calloc(c->n + 1, sizeof(*p)), *q = calloc(c->n + 1, sizeof(*q));
	size_t m = 0, k = 0;
	int ret = p && q ? 0 : -ENOMEM;

	for (size_t i = 0; i < c->n; i++)
		m += c->e[i].compared && c->e[i].s.decidable;
	for (size_t i = 0; !ret && i < c->n; i++) {
		struct kb_cmp_entry *e = &c->e[i];

		e->q = NAN;
		if (!e->compared || !e->s.decidable)
			continue;
		kb_cmp_choose_test(&e->s, m, c->par.alpha);
		p[k++] = e->s.p;
	}
	if (!ret)
		ret = kb_bh_adjust(p, m, q);
	k = 0;
	for (size_t i = 0; !ret && i < c->n; i++)
		if (c->e[i].compared && c->e[i].s.decidable)
			c->e[i].q = q[k++];
	free(p);
	free(q);
	return ret;
}

/*
 * The verdicts (only decidable benchmarks enter BH: one that cannot be
 * called does not dilute the others), profiles, counts.
 */
static int decide(const struct kb_cmp_input *in_a, const struct kb_cmp_input *in_b,
		  struct kb_comparison *c)
{
	const struct kb_cmp_params *par = &c->par;
	int ret = adjust(c);

	for (size_t i = 0; !ret && i < c->n; i++) {
		struct kb_cmp_entry *e = &c->e[i];

		if (!e->compared) {
			c->not_compared++;
			continue;
		}
		e->verdict = kb_cmp_verdict(&e->s, e->q, e->higher_is_better,
					    par->threshold_pct, par->alpha);
		if (e->verdict == KB_INCONCLUSIVE)
			kb_cmp_needed(e, par->threshold_pct, par->alpha);
		/* The prior alone: no boots measured the between-boot noise. */
		if (e->s.decidable && e->s.test == KB_TEST_T && e->s.model.prior_used &&
		    !e->s.model.data_df)
			c->prior_used++;
		if (e->verdict == KB_REGRESSION || e->verdict == KB_IMPROVEMENT)
			ret = profile_of(in_a, in_b, e);
		c->count[e->verdict]++;
	}
	return ret;
}

/* The entries: BASE's benchmarks, then those only NEW has. */
static int entries(const struct kb_cmp_input *a, const struct kb_cmp_input *b,
		   struct kb_comparison *c)
{
	struct boot_map m;
	int ret = boot_map(a->r, b->r, &m);

	if (ret)
		return ret;
	c->e = calloc(a->r->n_benches + b->r->n_benches + 1, sizeof(*c->e));
	if (!c->e)
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < a->r->n_benches; i++)
		ret = entry_from(a, b, c, &m, &a->r->benches[i], &c->e[c->n++]);
	for (size_t i = 0; !ret && i < b->r->n_benches; i++) {
		struct kb_cmp_entry *e;

		if (kb_results_find(a->r, b->r->benches[i].name))
			continue;
		e = &c->e[c->n++];
		snprintf(e->name, sizeof(e->name), "%s", b->r->benches[i].name);
		e->in_new = true;
		snprintf(e->reason, sizeof(e->reason), "missing in %.200s", a->file);
	}
	boot_map_free(&m);
	return ret;
}

/* How the statistics are computed: the options, the mode's defaults. */
static void params(struct kb_comparison *c, const struct kb_results *a,
		   const struct kb_results *b, const struct kb_cmp_options *o)
{
	struct kb_cmp_params *p = &c->par;

	*p = (struct kb_cmp_params){
		.threshold_pct = o->threshold_pct, .alpha = o->alpha,
		.threshold_given = isfinite(o->threshold_pct),
		.level = KB_CMP_LEVEL,
		.boot_iters = o->boot_iters ? o->boot_iters : KB_CMP_BOOT_ITERS,
		.seed = KB_CMP_SEED, .exact_u_max_n = KB_MWU_EXACT_MAX,
		.power = KB_CMP_POWER, .min_values = KB_CMP_MIN_VALUES,
		.prior = kb_boot_prior_pair(&a->env, &b->env), .force = o->force,
	};
	snprintf(p->fail_on, sizeof(p->fail_on), "%s",
		 o->fail_on ? o->fail_on : "regression");
	if (p->threshold_given)
		snprintf(p->threshold_rule, sizeof(p->threshold_rule), "--threshold");
	else
		p->threshold_pct = kb_default_threshold(&a->env, &b->env,
							p->threshold_rule,
							sizeof(p->threshold_rule));
}

int kb_comparison_build(const struct kb_cmp_input *base,
			const struct kb_cmp_input *new,
			const struct kb_cmp_options *o,
			struct kb_comparison **out, char *why, size_t len)
{
	struct kb_comparison *c = calloc(1, sizeof(*c));
	char names[800];
	int ret;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	kb_cmp_run_from(&c->run[0], base->r, base->dir);
	kb_cmp_run_from(&c->run[1], new->r, new->dir);
	snprintf(c->run[0].label, sizeof(c->run[0].label), "%s",
		 base->label ? base->label : "");
	snprintf(c->run[1].label, sizeof(c->run[1].label), "%s",
		 new->label ? new->label : "");
	kb_env_diff(base->r, new->r, &c->env);
	if (c->env.n_invalid && !o->force) {
		kb_env_diff_names(&c->env, false, names, sizeof(names));
		snprintf(why, len, "not like for like: %s (--force compares them anyway)",
			 names);
		free(c);
		return -EXDEV;
	}
	params(c, base->r, new->r, o);
	ret = entries(base, new, c);
	if (!ret)
		ret = decide(base, new, c);
	if (ret) {
		snprintf(why, len, "%s", strerror(-ret));
		kb_comparison_free(c);
		return ret;
	}
	*out = c;
	return 0;
}

/* The row of S named NAME, or NULL. */
static struct kb_cmp_row *row_named(struct kb_cmp_set *s, const char *name)
{
	for (size_t r = 0; r < s->n_rows; r++)
		if (!strcmp(s->rows[r].name, name))
			return &s->rows[r];
	return NULL;
}

/* Pair I's entries as rows of S: a new row for a benchmark not seen yet. */
static int set_rows_of(struct kb_cmp_set *s, size_t i, size_t cap)
{
	const struct kb_comparison *c = s->pair[i];

	for (size_t j = 0; j < c->n; j++) {
		const struct kb_cmp_entry *e = &c->e[j];
		struct kb_cmp_row *row = row_named(s, e->name);

		if (!row) {
			if (s->n_rows == cap)
				return -ENOMEM;
			row = &s->rows[s->n_rows++];
			snprintf(row->name, sizeof(row->name), "%s", e->name);
			row->e = calloc(s->n, sizeof(*row->e));
			if (!row->e)
				return -ENOMEM;
		}
		row->e[i] = e;
		if (!row->unit[0] && e->compared)
			snprintf(row->unit, sizeof(row->unit), "%s", e->unit);
	}
	return 0;
}

/* The rows and the counts of S, its pairs built. 0 or -ENOMEM. */
static int set_rows(struct kb_cmp_set *s)
{
	size_t cap = 0;
	int ret = 0;

	for (size_t i = 0; i + 1 < s->n; i++)
		cap += s->pair[i]->n;
	s->rows = calloc(cap + 1, sizeof(*s->rows));
	if (!s->rows)
		return -ENOMEM;
	for (size_t i = 0; !ret && i + 1 < s->n; i++) {
		ret = set_rows_of(s, i, cap);
		for (int v = 0; v < KB_VERDICTS; v++)
			s->count[v] += s->pair[i]->count[v];
		s->not_compared += s->pair[i]->not_compared;
	}
	return ret;
}

/* Two runs of IN with one label: their names in WHY. */
static bool same_labels(const struct kb_cmp_input *in, size_t n, char *why,
			size_t len)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; in[i].label && j < n; j++)
			if (in[j].label && !strcmp(in[i].label, in[j].label)) {
				snprintf(why, len, "%.200s and %.200s have the same label '%.64s'",
					 in[i].file, in[j].file, in[i].label);
				return true;
			}
	return false;
}

int kb_cmp_set_build(const struct kb_cmp_input *in, size_t n,
		     const struct kb_cmp_options *o, struct kb_cmp_set **out,
		     char *why, size_t len)
{
	struct kb_cmp_set *s = calloc(1, sizeof(*s));
	char pwhy[1024];
	int ret = 0;

	*out = NULL;
	if (!s || n < 2 || !(s->pair = calloc(n, sizeof(*s->pair)))) {
		free(s);
		snprintf(why, len, "%s", n < 2 ? "fewer than two runs" : "out of memory");
		return n < 2 ? -EINVAL : -ENOMEM;
	}
	s->n = n;
	if (same_labels(in, n, why, len))
		ret = -EINVAL;
	for (size_t i = 1; !ret && i < n; i++) {
		ret = kb_comparison_build(&in[0], &in[i], o, &s->pair[i - 1], pwhy,
					  sizeof(pwhy));
		if (ret && n == 2)
			snprintf(why, len, "%s", pwhy);
		else if (ret)
			snprintf(why, len, "%.300s against %.300s: %.400s", in[i].label ?
				 in[i].label : in[i].file, in[0].label ? in[0].label :
				 in[0].file, pwhy);
	}
	if (!ret) {
		ret = set_rows(s);
		if (ret)
			snprintf(why, len, "%s", strerror(-ret));
	}
	if (ret) {
		kb_cmp_set_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

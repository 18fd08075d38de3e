// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"
#include "profile_diff.h"
#include "statistics.h"
#include "verdict.h"
#include "util/summary.h"

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

/* SIDE of a compared benchmark from B; SEED drives its median's CI. */
static int side_from(struct kb_cmp_side *side, const struct kb_bench_result *b,
		     double median, uint64_t seed)
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
	return kb_cmp_median_ci(b->values, b->n_values, seed, &med,
				&side->med_lo, &side->med_hi);
}

/* E from the base's A and the new B. 0 (compared or not) or -ENOMEM. */
static int entry_from(const struct kb_cmp_input *in_a,
		      const struct kb_cmp_input *in_b,
		      const struct kb_bench_result *a, struct kb_cmp_entry *e)
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
	ret = kb_cmp_stats(a->values, a->n_values, b->values, b->n_values, seed,
			   &e->s);
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
	ret = side_from(&e->side[0], a, e->s.med_a, seed ^ 0);
	if (!ret)
		ret = side_from(&e->side[1], b, e->s.med_b, seed ^ 1);
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
	size_t na = 0, nb = 0;
	char **pa, **pb = NULL;

	if (!p)
		return -ENOMEM;
	pa = profile_paths(in_a, a, &na, reason, sizeof(reason));
	if (pa)
		pb = profile_paths(in_b, b, &nb, reason, sizeof(reason));
	if (!pa || !pb ||
	    kb_profile_diff((const char *const *)pa, na, (const char *const *)pb,
			    nb, e->verdict == KB_REGRESSION ? 1 : -1, p, reason,
			    sizeof(reason)))
		snprintf(p->reason, sizeof(p->reason), "%s", reason);
	free_paths(pa, na);
	free_paths(pb, nb);
	counters_of(&p->counters, a, b);
	e->profile = p;
	return 0;
}

/* q-values across the compared benchmarks, verdicts, profiles, counts. */
static int decide(const struct kb_cmp_input *in_a, const struct kb_cmp_input *in_b,
		  struct kb_comparison *c)
{
	double *p = calloc(c->n + 1, sizeof(*p)), *q = calloc(c->n + 1, sizeof(*q));
	size_t m = 0;
	int ret = p && q ? 0 : -ENOMEM;

	for (size_t i = 0; !ret && i < c->n; i++)
		if (c->e[i].compared)
			p[m++] = c->e[i].s.u.p;
	if (!ret)
		ret = kb_bh_adjust(p, m, q);
	m = 0;
	for (size_t i = 0; !ret && i < c->n; i++) {
		struct kb_cmp_entry *e = &c->e[i];
		const struct kb_cmp_params *par = &c->par;

		if (!e->compared) {
			c->not_compared++;
			continue;
		}
		e->q = q[m++];
		e->verdict = kb_cmp_verdict(&e->s, e->q, e->higher_is_better,
					    par->threshold_pct, par->alpha);
		if (e->verdict == KB_INCONCLUSIVE)
			e->reps_needed = kb_cmp_reps_needed(&e->s, par->threshold_pct,
							    par->alpha);
		if (e->verdict == KB_REGRESSION || e->verdict == KB_IMPROVEMENT)
			ret = profile_of(in_a, in_b, e);
		c->count[e->verdict]++;
	}
	free(p);
	free(q);
	return ret;
}

/* The entries: BASE's benchmarks, then those only NEW has. */
static int entries(const struct kb_cmp_input *a, const struct kb_cmp_input *b,
		   struct kb_comparison *c)
{
	int ret = 0;

	c->e = calloc(a->r->n_benches + b->r->n_benches + 1, sizeof(*c->e));
	if (!c->e)
		return -ENOMEM;
	for (size_t i = 0; !ret && i < a->r->n_benches; i++)
		ret = entry_from(a, b, &a->r->benches[i], &c->e[c->n++]);
	for (size_t i = 0; !ret && i < b->r->n_benches; i++) {
		struct kb_cmp_entry *e;

		if (kb_results_find(a->r, b->r->benches[i].name))
			continue;
		e = &c->e[c->n++];
		snprintf(e->name, sizeof(e->name), "%s", b->r->benches[i].name);
		e->in_new = true;
		snprintf(e->reason, sizeof(e->reason), "missing in %.200s", a->file);
	}
	return ret;
}

int kb_comparison_build(const struct kb_cmp_input *base,
			const struct kb_cmp_input *new, double threshold_pct,
			double alpha, struct kb_comparison **out)
{
	struct kb_comparison *c = calloc(1, sizeof(*c));
	int ret;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	kb_cmp_run_from(&c->run[0], base->r, base->dir);
	kb_cmp_run_from(&c->run[1], new->r, new->dir);
	c->par = (struct kb_cmp_params){
		.threshold_pct = threshold_pct, .alpha = alpha,
		.level = KB_CMP_LEVEL, .boot_iters = KB_CMP_BOOT_ITERS,
		.seed = KB_CMP_SEED, .exact_u_max_n = KB_MWU_EXACT_MAX,
		.power = KB_CMP_POWER,
	};
	ret = entries(base, new, c);
	if (!ret)
		ret = decide(base, new, c);
	if (ret) {
		kb_comparison_free(c);
		return ret;
	}
	*out = c;
	return 0;
}

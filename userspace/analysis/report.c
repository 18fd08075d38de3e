// SPDX-License-Identifier: GPL-2.0
/* The report model: groups, their stacks and hotspots (report.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kbench.h>

#include "report.h"
#include "util/fileio.h"

static struct kb_report_group *add_group(struct kb_report *r, const char *name)
{
	struct kb_report_group *p = realloc(r->g, (r->ng + 1) * sizeof(*p));

	if (!p)
		return NULL;
	r->g = p;
	p = &r->g[r->ng++];
	memset(p, 0, sizeof(*p));
	p->prof.kfacts.init_on_alloc = p->prof.kfacts.init_on_free = -1;
	snprintf(p->name, sizeof(p->name), "%s", name);
	kb_slug(p->slug, sizeof(p->slug), name);
	kb_stacks_init(&p->st);
	return p;
}

static int add_dir(struct kb_report_group *g, const char *base, const char *rel)
{
	char **p = realloc(g->dirs, (g->ndirs + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	g->dirs = p;
	if (asprintf(&g->dirs[g->ndirs], "%s/%s", base, rel) < 0)
		return -ENOMEM;
	g->ndirs++;
	return 0;
}

/* A run's benchmark B: its group, its profiles also the overall group's. */
static int add_bench(struct kb_report *r, const struct kb_bench_result *b,
		     char why[KB_REPORT_WHYLEN])
{
	struct kb_report_group *g = add_group(r, b->name);
	int ret = 0;

	if (!g)
		return -ENOMEM;
	g->bench = b;
	if (!b->profile.enabled)
		return 0;
	g->profiled = b->profile.n_dirs > 0;
	r->g[0].profiled |= g->profiled;
	for (size_t j = 0; j < b->profile.n_dirs && !ret; j++) {
		const char *rel = b->profile.dirs[j];

		if (!*rel || rel[0] == '/') {
			snprintf(why, KB_REPORT_WHYLEN,
				 "%s/results.json: '%s': profile.dirs[%zu] is not a relative path",
				 r->dir, b->name, j);
			return -EINVAL;
		}
		ret = add_dir(g, r->dir, rel);
		if (!ret)
			ret = add_dir(&r->g[0], r->dir, rel);
	}
	return ret;
}

int kb_report_init(struct kb_report *r, const char *dir,
		   const struct kb_report_source *src,
		   const struct kb_bands *bands, char why[KB_REPORT_WHYLEN])
{
	struct kb_report_group *all;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->dir = dir;
	r->src = src;
	r->bands = *bands;
	all = add_group(r, "overall");
	if (!all) {
		ret = -ENOMEM;
	} else if (!src->run) {	/* a record: the overall group is the profile */
		snprintf(all->name, sizeof(all->name), "%s",
			 src->rec.command[0] ? src->rec.command : dir);
		all->profiled = true;
		kb_report_add_profile(all, &src->rec);
		ret = add_dir(all, dir, ".");
	} else {
		all->merged = true;
		for (size_t i = 0; i < src->run->n_benches && !ret; i++)
			ret = add_bench(r, &src->run->benches[i], why);
	}
	if (ret == -ENOMEM)
		snprintf(why, KB_REPORT_WHYLEN, "%s", strerror(ENOMEM));
	return ret;
}

/* Where two profiles' settings differ, neither is known. */
static int agree(int have, int add, size_t n)
{
	if (!n || have < 0)
		return add;
	return add < 0 || add == have ? have : -1;
}

/* Adds the syscall counts of ADD (most called first) to P's. */
static void add_sc(struct kb_report_prof *p, const struct kb_record_sc *add,
		   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < p->n_sc && strcmp(p->sc[j].name, add[i].name); j++)
			;
		if (j == p->n_sc) {
			if (p->n_sc == KB_RECORD_INFO_SC)
				continue;	/* beyond the most called */
			p->sc[p->n_sc++] = (struct kb_record_sc){ .count = 0 };
			snprintf(p->sc[j].name, sizeof(p->sc[j].name), "%s", add[i].name);
		}
		p->sc[j].count += add[i].count;
		p->sc[j].total_ns += add[i].total_ns;
	}
	/* Most called first again (a handful: insertion sort). */
	for (size_t i = 1; i < p->n_sc; i++)
		for (size_t j = i; j > 0 && p->sc[j].count > p->sc[j - 1].count; j--) {
			struct kb_record_sc t = p->sc[j];

			p->sc[j] = p->sc[j - 1];
			p->sc[j - 1] = t;
		}
}

/* Sums Q, another group's (or a profile's, as a group of one), into P. */
static void add_prof(struct kb_report_prof *p, const struct kb_report_prof *q)
{
	p->kfacts.init_on_alloc = agree(p->kfacts.init_on_alloc,
					q->kfacts.init_on_alloc, p->n);
	p->kfacts.init_on_free = agree(p->kfacts.init_on_free,
				       q->kfacts.init_on_free, p->n);
	if (!p->kfacts.source[0])
		memcpy(p->kfacts.source, q->kfacts.source, sizeof(p->kfacts.source));
	if (!p->release[0])
		memcpy(p->release, q->release, sizeof(p->release));
	p->n += q->n;
	p->duration_s += q->duration_s;
	p->busy_s += q->busy_s;
	p->busy_of_s += q->busy_of_s;
	p->fired += q->fired;
	p->recorded += q->recorded;
	p->dropped += q->dropped;
	p->filtered += q->filtered;
	p->missed += q->missed;
	p->idle += q->idle;
	p->user_unknown += q->user_unknown;
	p->dwarf.samples += q->dwarf.samples;
	p->dwarf.unwound += q->dwarf.unwound;
	p->dwarf.truncated += q->dwarf.truncated;
	p->dwarf.failed += q->dwarf.failed;
	p->dwarf.cut += q->dwarf.cut;
	p->dwarf.stack_bytes += q->dwarf.stack_bytes;
	p->dwarf.unwind_ns += q->dwarf.unwind_ns;
	p->copy_ns += q->copy_ns;
	p->have_counters |= q->have_counters;
	p->syscalls += q->syscalls;
	p->faults_minor += q->faults_minor;
	p->faults_major += q->faults_major;
	add_sc(p, q->sc, q->n_sc);
}

void kb_report_add_profile(struct kb_report_group *g,
			   const struct kb_record_info *rec)
{
	struct kb_report_prof q = { .n = 1 };
	const struct kb_cpu_stats *t = &rec->total;
	double idle = t->recorded ? (double)rec->by_context[KBENCH_CTX_IDLE] /
				    (double)t->recorded : 0;

	q.duration_s = rec->duration_s;
	/* The CPUs it kept busy, the idle task's samples not counted. */
	if (!isnan(rec->busy_cpus)) {
		q.busy_s = rec->busy_cpus * (1 - idle) * rec->duration_s;
		q.busy_of_s = rec->duration_s;
	}
	q.fired = t->fired;
	q.recorded = t->recorded;
	q.dropped = t->dropped;
	q.filtered = t->filtered;
	q.missed = t->missed;
	q.idle = rec->by_context[KBENCH_CTX_IDLE];
	q.user_unknown = rec->user_unknown;
	q.dwarf = rec->dwarf;
	q.copy_ns = rec->copy_ns;
	q.have_counters = rec->have_counters;
	q.syscalls = rec->syscalls;
	q.faults_minor = rec->faults_minor;
	q.faults_major = rec->faults_major;
	q.kfacts = rec->kfacts;
	memcpy(q.release, rec->release, sizeof(q.release));
	add_sc(&q, rec->sc, rec->n_sc);
	add_prof(&g->prof, &q);
}

/* The shares that come from the sums: on-CPU time and missed periods. */
static void settle_prof(struct kb_report_prof *p)
{
	p->on_cpu_pct = p->busy_of_s > 0 ? 100.0 * p->busy_s / p->busy_of_s : NAN;
	p->missed_pct = p->fired + p->missed ?
			100.0 * (double)p->missed / (double)(p->fired + p->missed) : NAN;
	if (!p->n)
		p->on_cpu_pct = p->missed_pct = NAN;
}

static int analyze_group(struct kb_report *r, struct kb_report_group *g)
{
	struct kb_cat_ctx ctx = { g->prof.kfacts.init_on_alloc,
				  g->prof.kfacts.init_on_free };
	int ret = kb_stacks_sort(&g->st);

	if (!g->prof.n)
		ctx.init_on_alloc = ctx.init_on_free = -1;
	settle_prof(&g->prof);
	if (!ret)
		ret = kb_fstats_from_stacks(&g->fs, &g->st);
	if (!ret)
		ret = kb_hotspots_find(&g->fs, &g->st, &r->bands, &ctx, &g->hs, &g->nhs);
	return ret;
}

int kb_report_analyze(struct kb_report *r, char why[KB_REPORT_WHYLEN])
{
	int ret = 0;

	for (size_t i = 1; i < r->ng && r->g[0].merged && !ret; i++) {
		if (!r->g[i].profiled)
			continue;
		add_prof(&r->g[0].prof, &r->g[i].prof);
		ret = kb_stacks_add(&r->g[0].st, &r->g[i].st);
	}
	if (ret) {
		snprintf(why, KB_REPORT_WHYLEN, "%s: %s", r->g[0].name, strerror(-ret));
		return ret;
	}
	for (size_t i = 0; i < r->ng; i++) {
		if (!r->g[i].profiled)
			continue;
		ret = analyze_group(r, &r->g[i]);
		if (ret) {
			snprintf(why, KB_REPORT_WHYLEN, "%s: %s", r->g[i].name, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

const struct kb_env *kb_report_env(const struct kb_report *r)
{
	if (r->src->run)
		return &r->src->run->env;
	return r->src->rec.have_env ? &r->src->rec.env : NULL;
}

const char *kb_report_kernel(const struct kb_report *r)
{
	const struct kb_env *e = kb_report_env(r);

	if (e && e->kernel[0])
		return e->kernel;
	if (r->src->rec.release[0])
		return r->src->rec.release;
	return r->ng ? r->g[0].prof.release : "";
}

void kb_report_free(struct kb_report *r)
{
	for (size_t i = 0; i < r->ng; i++) {
		struct kb_report_group *g = &r->g[i];

		for (size_t j = 0; j < g->ndirs; j++)
			free(g->dirs[j]);
		free(g->dirs);
		kb_stacks_free(&g->st);
		kb_timeline_free(&g->tl);
		kb_fstats_free(&g->fs);
		free(g->hs);
	}
	free(r->g);
	memset(r, 0, sizeof(*r));
}

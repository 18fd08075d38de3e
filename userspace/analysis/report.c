// SPDX-License-Identifier: GPL-2.0
/* The report model: groups, their stacks and hotspots (report.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int analyze_group(struct kb_report *r, struct kb_report_group *g)
{
	int ret = kb_stacks_sort(&g->st);

	if (!ret)
		ret = kb_fstats_from_stacks(&g->fs, &g->st);
	if (!ret)
		ret = kb_hotspots_find(&g->fs, &g->st, &r->bands, &g->hs, &g->nhs);
	return ret;
}

int kb_report_analyze(struct kb_report *r, char why[KB_REPORT_WHYLEN])
{
	int ret = 0;

	for (size_t i = 1; i < r->ng && r->g[0].merged && !ret; i++)
		if (r->g[i].profiled)
			ret = kb_stacks_add(&r->g[0].st, &r->g[i].st);
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

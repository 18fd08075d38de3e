// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_flamegraph.h"
#include "flamegraph.h"
#include "analysis/statistics.h"
#include "analysis/verdict.h"
#include "util/fileio.h"
#include "util/summary.h"

#define NO_STACK ((size_t)-1)

/* One box of the graph: its self share's stack and its total share. */
struct diff_node {
	size_t self;		/* index in the profile's stacks[], or NO_STACK */
	double *inc[2];		/* total share per repetition, per side */
	double ma, mb, d, lo, hi;
	bool ci;
};

struct diff_flame {
	const struct kb_cmp_profile *p;
	struct diff_node *dn;	/* per node of the layout */
	double max_abs;		/* the largest significant |delta| */
};

/* Colour between LIGHT and FULL, T in [0, 1]. */
static void mix(char rgb[KB_FLAME_RGB], const int light[3], const int full[3],
		double t)
{
	int c[3];

	for (int i = 0; i < 3; i++)
		c[i] = (int)lround(light[i] + (full[i] - light[i]) * t);
	snprintf(rgb, KB_FLAME_RGB, "#%02x%02x%02x", c[0], c[1], c[2]);
}

static void diff_color(const struct kb_flame *fl, size_t node,
		       char rgb[KB_FLAME_RGB], void *arg)
{
	static const int red_light[3] = { 245, 190, 190 }, red[3] = { 214, 39, 39 };
	static const int blue_light[3] = { 190, 205, 245 }, blue[3] = { 31, 90, 200 };
	const struct diff_flame *df = arg;
	const struct diff_node *n = &df->dn[node];
	const struct kb_cmp_share *x;
	double t;

	(void)fl;
	if (n->self == NO_STACK || !df->p->stacks[n->self].significant) {
		snprintf(rgb, KB_FLAME_RGB, "#d4d4d4");	/* no significant change */
		return;
	}
	x = &df->p->stacks[n->self];
	/* Saturation grows with the change, from a clearly tinted minimum. */
	t = df->max_abs > 0 ? fabs(x->delta_pp) / df->max_abs : 1;
	t = 0.3 + 0.7 * (t > 1 ? 1 : t);
	mix(rgb, x->delta_pp > 0 ? red_light : blue_light,
	    x->delta_pp > 0 ? red : blue, t);
}

static void diff_describe(const struct kb_flame *fl, size_t node, char *buf,
			  size_t len, void *arg)
{
	const struct diff_flame *df = arg;
	const struct diff_node *n = &df->dn[node];
	size_t o = 0;

	(void)fl;
	if (!node)
		return;
	if (n->self != NO_STACK) {
		const struct kb_cmp_share *x = &df->p->stacks[n->self];

		o = (size_t)snprintf(buf, len, "self: base %.2f%%, new %.2f%%, %+.2f pp",
				     x->base_pct, x->new_pct, x->delta_pp);
		if (o < len && x->ci_valid)
			o += (size_t)snprintf(buf + o, len - o, " (95%% CI %+.2f .. %+.2f)%s",
					      x->ci_lo, x->ci_hi, x->significant ?
					      ", significant" : ", not significant");
		else if (o < len)
			o += (size_t)snprintf(buf + o, len - o, " (no CI: fewer than 2 profiles a side)");
	} else {
		o = (size_t)snprintf(buf, len, "self: no samples end here");
	}
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "; total: base %.2f%%, new %.2f%%, %+.2f pp",
				      n->ma, n->mb, n->d);
	if (o < len && n->ci)
		snprintf(buf + o, len - o, " (95%% CI %+.2f .. %+.2f)", n->lo, n->hi);
}

/* Adds stack R's shares to every node on its path; records where it ends. */
static int map_stack(const struct kb_flame *fl, const struct kb_cmp_profile *p,
		     size_t r, struct diff_node *dn)
{
	char *name = strdup(p->stacks[r].name), *s, *semi;
	size_t node = 0;

	if (!name)
		return -ENOMEM;
	for (s = name; s; s = semi ? semi + 1 : NULL) {
		size_t c;

		semi = strchr(s, ';');
		if (semi)
			*semi = 0;
		c = kb_flame_child(fl, node, s);
		if (c == (size_t)-1)
			break;		/* not in NEW: not drawn */
		for (int side = 0; side < 2; side++)
			for (size_t k = 0; k < p->reps[side]; k++)
				dn[c].inc[side][k] += p->stacks[r].reps[side][k];
		node = c;
		if (!semi)
			dn[c].self = r;
	}
	free(name);
	return 0;
}

/* Every node's total share and its CI, and the largest significant change. */
static void totals(struct diff_flame *df, size_t nn)
{
	const size_t *used = df->p->reps;

	for (size_t i = 0; i < nn; i++) {
		struct diff_node *d = &df->dn[i];
		struct kb_welch w;

		if (!i) {
			d->ma = d->mb = 100;
			continue;
		}
		d->ma = kb_mean(d->inc[0], used[0]);
		d->mb = kb_mean(d->inc[1], used[1]);
		d->d = d->mb - d->ma;
		d->ci = !kb_welch(d->inc[0], used[0], d->inc[1], used[1],
				  KB_CMP_LEVEL, &w);
		d->lo = d->ci ? w.lo : d->d;
		d->hi = d->ci ? w.hi : d->d;
		if (d->self != NO_STACK && df->p->stacks[d->self].significant &&
		    fabs(df->p->stacks[d->self].delta_pp) > df->max_abs)
			df->max_abs = fabs(df->p->stacks[d->self].delta_pp);
	}
}

/* DF's nodes for the layout FL. 0 or -ENOMEM. */
static int nodes(struct diff_flame *df, const struct kb_flame *fl)
{
	const struct kb_cmp_profile *p = df->p;
	int ret = 0;

	df->dn = calloc(fl->nn + 1, sizeof(*df->dn));
	if (!df->dn)
		return -ENOMEM;
	for (size_t i = 0; i < fl->nn; i++) {
		df->dn[i].self = NO_STACK;
		df->dn[i].inc[0] = calloc(p->reps[0] + 1, sizeof(double));
		df->dn[i].inc[1] = calloc(p->reps[1] + 1, sizeof(double));
		if (!df->dn[i].inc[0] || !df->dn[i].inc[1])
			ret = -ENOMEM;
	}
	for (size_t r = 0; !ret && r < p->n_stacks; r++)
		ret = map_stack(fl, p, r, df->dn);
	if (!ret)
		totals(df, fl->nn);
	return ret;
}

static int draw(const struct kb_flame *fl, struct diff_flame *df,
		const char *title, FILE *f)
{
	struct kb_flame_opts o = { 0 };
	char sub[256];

	snprintf(sub, sizeof(sub), "new: %" PRIu64 " samples, %zu vs %zu profiles; "
		 "saturated where the 95%% CI excludes 0", df->p->layout.samples,
		 df->p->reps[1], df->p->reps[0]);
	o.title = title;
	o.subtitle = sub;
	o.color = diff_color;
	o.describe = diff_describe;
	o.arg = df;
	o.legend = "self share: <tspan fill=\"#d62727\">&#9632;</tspan> grew "
		   "<tspan fill=\"#1f5ac8\">&#9632;</tspan> shrank "
		   "<tspan fill=\"#b0b0b0\">&#9632;</tspan> not significant";
	return kb_flame_write(fl, &o, f);
}

int kb_diff_flame_write(const struct kb_cmp_profile *p, const char *title,
			FILE *f, char *why, size_t why_len)
{
	struct diff_flame df = { .p = p };
	struct kb_flame fl = { 0 };
	int ret;

	if (!p->available) {
		snprintf(why, why_len, "no profile difference: %s", p->reason);
		return -ENODATA;
	}
	ret = kb_flame_build(&fl, &p->layout);
	if (!ret)
		ret = nodes(&df, &fl);
	if (!ret)
		ret = draw(&fl, &df, title, f);
	if (ret)
		snprintf(why, why_len, "%s", strerror(-ret));
	for (size_t i = 0; df.dn && i < fl.nn; i++) {
		free(df.dn[i].inc[0]);
		free(df.dn[i].inc[1]);
	}
	free(df.dn);
	kb_flame_free(&fl);
	return ret;
}

void kb_diff_flame_file(char *buf, size_t len, const char *bench)
{
	char slug[128];

	kb_slug(slug, sizeof(slug), bench);
	snprintf(buf, len, "diff-%s.svg", slug);
}

struct save {
	const struct kb_cmp_profile *p;
	const char *title;
	char *why;
	size_t why_len;
};

static int save_fn(FILE *f, void *arg)
{
	struct save *s = arg;

	return kb_diff_flame_write(s->p, s->title, f, s->why, s->why_len);
}

int kb_diff_flame_save(const char *dir, const struct kb_cmp_entry *e,
		       char *why, size_t why_len)
{
	char name[160], path[4400], title[400], reason[512] = "";
	struct save s = { e->profile, title, reason, sizeof(reason) };
	int ret;

	kb_diff_flame_file(name, sizeof(name), e->name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(title, sizeof(title), "%s: %s %+.1f%%, differential flamegraph",
		 e->name, kb_verdict_name(e->verdict), e->s.change_pct);
	if (!e->profile) {
		snprintf(why, why_len, "%s: no profile difference", path);
		return -ENODATA;
	}
	ret = kb_write_atomic(path, save_fn, &s);
	if (ret)
		snprintf(why, why_len, "%s: %s", path,
			 reason[0] ? reason : strerror(-ret));
	return ret;
}

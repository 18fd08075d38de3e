// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotspots.h"
#include "util/parse.h"

void kb_bands_from_threshold(struct kb_bands *b, double t)
{
	*b = (struct kb_bands){ t, 2 * t, 4 * t, 8 * t };
}

int kb_bands_parse(struct kb_bands *b, const char *s)
{
	char buf[128], *p = buf;
	double v[4];

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (int i = 0; i < 4; i++) {
		char *comma = strchr(p, ',');

		/* Four fields exactly, each a percentage above the one before. */
		if ((i < 3) != (comma != NULL))
			return -EINVAL;
		if (comma)
			*comma = '\0';
		if (kb_parse_double(p, 0, 100, &v[i]) || (i && v[i] <= v[i - 1]))
			return -EINVAL;
		p = comma + 1;
	}
	*b = (struct kb_bands){ v[0], v[1], v[2], v[3] };
	return 0;
}

enum kb_severity kb_severity_of(double self_pct, const struct kb_bands *b)
{
	if (self_pct >= b->critical)
		return KB_SEV_CRITICAL;
	if (self_pct >= b->high)
		return KB_SEV_HIGH;
	if (self_pct >= b->medium)
		return KB_SEV_MEDIUM;
	if (self_pct >= b->low)
		return KB_SEV_LOW;
	return KB_SEV_NONE;
}

const char *kb_severity_name(enum kb_severity s)
{
	static const char *const names[] = { "none", "low", "medium", "high", "critical" };

	return (unsigned int)s < 5 ? names[s] : "none";
}

/* Classes of frame names, computed once each (kb_frame_classify()). */
struct classes {
	struct kb_frame_class *c;
	bool *done;
	struct kb_frame_class *path;	/* one stack's, root to leaf */
	size_t cap;
};

static const struct kb_frame_class *class_of(struct classes *cl,
					     const struct kb_stacks *st, uint32_t id)
{
	if (!cl->done[id]) {
		kb_frame_classify(st->names[id], st->name_lens[id], &cl->c[id]);
		cl->done[id] = true;
	}
	return &cl->c[id];
}

/* What the stacks ending in one function say about it. */
struct tally {
	uint64_t w[KB_CAT_COUNT], near[KB_CAT_COUNT];	/* near: depth <= 1 */
	uint32_t parent[16];
	uint64_t pw[16];
	size_t np;
};

static void tally_parent(struct tally *t, uint32_t id, uint64_t count)
{
	size_t i;

	for (i = 0; i < t->np && t->parent[i] != id; i++)
		;
	if (i == t->np) {
		if (t->np == 16)
			return;	/* the rest are minor by then */
		t->parent[t->np] = id;
		t->pw[t->np++] = 0;
	}
	t->pw[i] += count;
}

/* Votes the category and counts the callers of leaf ID into T. */
static int vote(const struct kb_stacks *st, int64_t id, struct classes *cl,
		const struct kb_cat_ctx *ctx, struct tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; id >= 0 && i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];
		const uint32_t *ids = st->ids + s->first;
		enum kb_category c;
		size_t depth;

		if (ids[s->n - 1] != (uint32_t)id)
			continue;
		if (s->n > cl->cap) {
			void *p = realloc(cl->path, s->n * sizeof(*cl->path));

			if (!p)
				return -ENOMEM;
			cl->path = p;
			cl->cap = s->n;
		}
		for (uint32_t j = 0; j < s->n; j++)
			cl->path[j] = *class_of(cl, st, ids[j]);
		c = kb_category_decide(cl->path, s->n, ctx, &depth);
		t->w[c] += s->count;
		t->near[c] += depth <= 1 ? s->count : 0;
		if (s->n >= 2)
			tally_parent(t, ids[s->n - 2], s->count);
	}
	return 0;
}

/* The category, advice and callers of X from its tally. */
static void settle(struct kb_hotspot *x, const struct kb_stacks *st,
		   const struct tally *t)
{
	enum kb_category best = KB_CAT_OTHER;
	bool used[16] = { false };

	for (int c = 0; c < KB_CAT_COUNT; c++)
		if (t->w[c] > t->w[best])
			best = (enum kb_category)c;
	x->category = best;
	x->advised = t->near[best] * 2 >= t->w[best];
	if (best == KB_CAT_SYSCALL && !x->kernel)
		kb_frame_syscall(x->frame, strlen(x->frame), x->syscall,
				 sizeof(x->syscall));
	for (x->ncallers = 0; x->ncallers < KB_HOTSPOT_CALLERS; x->ncallers++) {
		size_t top = t->np;

		for (size_t i = 0; i < t->np; i++)
			if (!used[i] && (top == t->np || t->pw[i] > t->pw[top]))
				top = i;
		if (top == t->np || !x->self)
			break;
		used[top] = true;
		x->callers[x->ncallers] = (struct kb_caller){
			st->names[t->parent[top]], 100.0 * (double)t->pw[top] / (double)x->self };
	}
}

/* Fills X from E, the statistics of one function. */
static void describe(struct kb_hotspot *x, const struct kb_fstat *e,
		     const struct kb_fstats *fs, const struct kb_bands *b)
{
	const char *mod;
	size_t flen, modlen;

	memset(x, 0, sizeof(*x));
	x->frame = e->name;
	kb_frame_func(e->name, strlen(e->name), &flen, &x->kernel, &mod, &modlen);
	snprintf(x->func, sizeof(x->func), "%.*s", (int)flen, e->name);
	if (mod)
		snprintf(x->module, sizeof(x->module), "%.*s", (int)modlen, mod);
	x->self = e->self;
	x->total = e->total;
	x->self_pct = 100.0 * (double)e->self / (double)fs->samples;
	x->total_pct = 100.0 * (double)e->total / (double)fs->samples;
	x->severity = kb_severity_of(x->self_pct, b);
}

int kb_hotspots_find(const struct kb_fstats *fs, const struct kb_stacks *st,
		     const struct kb_bands *b, const struct kb_cat_ctx *ctx,
		     struct kb_hotspot **out, size_t *n)
{
	struct classes cl = { 0 };
	struct kb_hotspot *h = NULL, *p;
	struct tally t;
	size_t cnt = 0;
	int ret = 0;

	*out = NULL;
	*n = 0;
	cl.c = calloc(st->n_names + 1, sizeof(*cl.c));
	cl.done = calloc(st->n_names + 1, sizeof(*cl.done));
	if (!cl.c || !cl.done)
		ret = -ENOMEM;
	for (size_t i = 0; !ret && i < fs->n && fs->samples; i++) {
		const struct kb_fstat *e = &fs->f[i];

		/* Sorted by self: nothing further reaches the threshold. */
		if (kb_severity_of(100.0 * (double)e->self / (double)fs->samples, b) ==
		    KB_SEV_NONE)
			break;
		p = realloc(h, (cnt + 1) * sizeof(*h));
		if (!p) {
			ret = -ENOMEM;
			break;
		}
		h = p;
		describe(&h[cnt], e, fs, b);
		ret = vote(st, kb_stacks_lookup(st, e->name, strlen(e->name)), &cl,
			   ctx, &t);
		if (!ret)
			settle(&h[cnt++], st, &t);
	}
	free(cl.c);
	free(cl.done);
	free(cl.path);
	if (ret) {
		free(h);
		return ret;
	}
	*out = h;
	*n = cnt;
	return 0;
}

const char *kb_hotspot_advice(const struct kb_hotspot *h, char *buf, size_t len)
{
	const char *a = kb_category_advice(h->category);
	size_t used;

	if (!a || !h->advised)
		return NULL;
	if (h->syscall[0])
		used = (size_t)snprintf(buf, len, "The %s(2) syscall's entry and exit, "
					"sampled in its libc wrapper as it returns. %s",
					h->syscall, a);
	else
		used = (size_t)snprintf(buf, len, "%s", a);
	if (h->category != KB_CAT_IRQ_ON || !h->ncallers)
		return buf;
	for (size_t i = 0; i < h->ncallers && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s %s %.0f %%",
					 i ? "," : " Callers:", h->callers[i].frame,
					 h->callers[i].pct);
	if (used < len)
		snprintf(buf + used, len - used, ".");
	return buf;
}

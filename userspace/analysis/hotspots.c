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

static enum kb_category vote(const struct kb_stacks *st, int64_t id,
			     int8_t *cache, const char **frames, size_t *lens)
{
	uint64_t w[KB_CAT_COUNT] = { 0 };
	enum kb_category best = KB_CAT_OTHER;

	for (size_t i = 0; id >= 0 && i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];
		const uint32_t *ids = st->ids + s->first;
		enum kb_category c = KB_CAT_COUNT;

		if (ids[s->n - 1] != (uint32_t)id)
			continue;
		/* Innermost frame with a category, as kb_category_stack. */
		for (uint32_t j = s->n; j-- > 0;) {
			int8_t *k = &cache[ids[j]];

			if (*k < 0)
				*k = (int8_t)kb_category_frame(st->names[ids[j]],
							       st->name_lens[ids[j]]);
			if (*k != KB_CAT_OTHER) {
				c = (enum kb_category)*k;
				break;
			}
		}
		if (c == KB_CAT_COUNT) {
			frames[0] = st->names[ids[s->n - 1]];
			lens[0] = st->name_lens[ids[s->n - 1]];
			c = kb_category_stack(frames, lens, 1);
		}
		w[c] += s->count;
	}
	for (int c = 0; c < KB_CAT_COUNT; c++)
		if (w[c] > w[best])
			best = (enum kb_category)c;
	return best;
}

int kb_hotspots_find(const struct kb_fstats *fs, const struct kb_stacks *st,
		     const struct kb_bands *b, struct kb_hotspot **out,
		     size_t *n)
{
	struct kb_hotspot *h = NULL;
	int8_t *cache;
	const char *frames[1];
	size_t lens[1], cnt = 0;

	*out = NULL;
	*n = 0;
	cache = malloc(st->n_names + 1);
	if (!cache)
		return -ENOMEM;
	memset(cache, -1, st->n_names + 1);
	for (size_t i = 0; i < fs->n && fs->samples; i++) {
		const struct kb_fstat *e = &fs->f[i];
		double pct = 100.0 * (double)e->self / (double)fs->samples;
		struct kb_hotspot *x, *p;
		const char *mod;
		size_t flen, modlen;

		/* Sorted by self: nothing further reaches the threshold. */
		if (kb_severity_of(pct, b) == KB_SEV_NONE)
			break;
		p = realloc(h, (cnt + 1) * sizeof(*h));
		if (!p) {
			free(h);
			free(cache);
			return -ENOMEM;
		}
		h = p;
		x = &h[cnt++];
		memset(x, 0, sizeof(*x));
		x->frame = e->name;
		kb_frame_func(e->name, strlen(e->name), &flen, &x->kernel, &mod, &modlen);
		snprintf(x->func, sizeof(x->func), "%.*s", (int)flen, e->name);
		if (mod)
			snprintf(x->module, sizeof(x->module), "%.*s", (int)modlen, mod);
		x->self = e->self;
		x->total = e->total;
		x->self_pct = pct;
		x->total_pct = 100.0 * (double)e->total / (double)fs->samples;
		x->severity = kb_severity_of(pct, b);
		x->category = vote(st, kb_stacks_lookup(st, e->name, strlen(e->name)),
				   cache, frames, lens);
	}
	free(cache);
	*out = h;
	*n = cnt;
	return 0;
}

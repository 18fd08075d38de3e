// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fstats.h"

static int by_self(const void *a, const void *b)
{
	const struct kb_fstat *x = a, *y = b;

	if (x->self != y->self)
		return x->self < y->self ? 1 : -1;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->name, y->name);
}

int kb_fstats_from_stacks(struct kb_fstats *fs, const struct kb_stacks *st)
{
	/* The last stack each name was counted in: recursion counts once. */
	size_t *seen = calloc(st->n_names + 1, sizeof(*seen));
	struct kb_fstat *f = calloc(st->n_names + 1, sizeof(*f));

	memset(fs, 0, sizeof(*fs));
	if (!seen || !f) {
		free(seen);
		free(f);
		return -ENOMEM;
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];
		const uint32_t *ids = st->ids + s->first;

		for (uint32_t k = 0; k < s->n; k++) {
			if (seen[ids[k]] == i + 1)
				continue;
			seen[ids[k]] = i + 1;
			f[ids[k]].total += s->count;
		}
		if (s->n)
			f[ids[s->n - 1]].self += s->count;
		fs->samples += s->count;
		fs->stacks++;
	}
	free(seen);
	/* Only names that some stack holds (every interned one does). */
	for (size_t i = 0; i < st->n_names; i++) {
		if (!f[i].total)
			continue;
		f[fs->n] = (struct kb_fstat){ strdup(st->names[i]), f[i].self, f[i].total };
		if (!f[fs->n++].name) {
			fs->f = f;
			kb_fstats_free(fs);
			return -ENOMEM;
		}
	}
	fs->f = f;
	qsort(fs->f, fs->n, sizeof(*fs->f), by_self);
	return 0;
}

int kb_fstats_read(struct kb_fstats *fs, FILE *f, size_t *line)
{
	struct kb_stacks st;
	int ret;

	kb_stacks_init(&st);
	memset(fs, 0, sizeof(*fs));
	ret = kb_stacks_read(&st, f, line);
	if (!ret)
		ret = kb_fstats_from_stacks(fs, &st);
	kb_stacks_free(&st);
	if (!ret)
		*line = 0;
	return ret;
}

void kb_fstats_free(struct kb_fstats *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		free(fs->f[i].name);
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

const struct kb_fstat *kb_fstats_find(const struct kb_fstats *fs,
				      const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].name, name))
			return &fs->f[i];
	return NULL;
}

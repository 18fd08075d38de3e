// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "fstats.h"

/* Adds N to FUNCS[NAME] at index IDX (0 self, 1 total). */
static int bump(json_t *funcs, const char *name, size_t idx, uint64_t n)
{
	json_t *e = json_object_get(funcs, name);

	if (!e) {
		e = json_pack("[I, I]", (json_int_t)0, (json_int_t)0);
		if (!e || json_object_set_new(funcs, name, e))
			return -ENOMEM;
	}
	json_array_set_new(e, idx, json_integer(
		json_integer_value(json_array_get(e, idx)) + (json_int_t)n));
	return 0;
}

/* Counts STACK (modified in place) with weight N. */
static int add_stack(json_t *funcs, char *stack, uint64_t n)
{
	json_t *seen = json_object();
	char *save = NULL, *frame, *leaf = NULL;
	int ret = 0;

	if (!seen)
		return -ENOMEM;
	for (frame = strtok_r(stack, ";", &save); frame && !ret;
	     frame = strtok_r(NULL, ";", &save)) {
		leaf = frame;
		/* A recursive frame counts once towards its total. */
		if (json_object_get(seen, frame))
			continue;
		json_object_set_new(seen, frame, json_true());
		ret = bump(funcs, frame, 1, n);
	}
	if (!ret && leaf)
		ret = bump(funcs, leaf, 0, n);
	json_decref(seen);
	return ret;
}

static int by_self(const void *a, const void *b)
{
	const struct kb_fstat *x = a, *y = b;

	if (x->self != y->self)
		return x->self < y->self ? 1 : -1;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->name, y->name);
}

int kb_fstats_read(struct kb_fstats *fs, FILE *f, size_t *line)
{
	json_t *funcs = json_object(), *v;
	char *buf = NULL, *sp, *end;
	const char *key;
	size_t cap = 0, i = 0;
	ssize_t len;
	int ret = 0;

	memset(fs, 0, sizeof(*fs));
	*line = 0;
	if (!funcs)
		return -ENOMEM;
	while ((len = getline(&buf, &cap, f)) > 0) {
		uint64_t n;

		(*line)++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		if (!len)
			continue;
		/* The count follows the last space; frames may hold spaces. */
		sp = strrchr(buf, ' ');
		if (!sp || sp == buf || sp[1] < '0' || sp[1] > '9') {
			ret = -EPROTO;
			break;
		}
		errno = 0;
		n = strtoull(sp + 1, &end, 10);
		if (errno || *end) {
			ret = -EPROTO;
			break;
		}
		*sp = 0;
		ret = add_stack(funcs, buf, n);
		if (ret)
			break;
		fs->samples += n;
		fs->stacks++;
	}
	free(buf);
	if (!ret && ferror(f))
		ret = -EIO;
	if (!ret) {
		fs->f = calloc(json_object_size(funcs) + 1, sizeof(*fs->f));
		if (!fs->f)
			ret = -ENOMEM;
	}
	if (!ret) {
		json_object_foreach(funcs, key, v) {
			fs->f[i].name = strdup(key);
			fs->f[i].self = (uint64_t)json_integer_value(json_array_get(v, 0));
			fs->f[i].total = (uint64_t)json_integer_value(json_array_get(v, 1));
			if (!fs->f[i++].name)
				ret = -ENOMEM;
		}
		fs->n = i;
		qsort(fs->f, fs->n, sizeof(*fs->f), by_self);
	}
	json_decref(funcs);
	if (ret)
		kb_fstats_free(fs);
	else
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

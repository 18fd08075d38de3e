// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

void kb_strmap_init(struct kb_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void kb_strmap_free(struct kb_strmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->lens);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* The slot holding KEY, or the empty one where it would go. */
static size_t slot_of(const struct kb_strmap *m, const char *key, size_t len)
{
	size_t mask = m->nslots - 1, i = hash(key, len) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t v = m->slots[i];

		if (!v || (m->lens[v - 1] == len && !memcmp(m->keys[v - 1], key, len)))
			return i;
	}
}

size_t kb_strmap_find(const struct kb_strmap *m, const char *key, size_t len)
{
	uint32_t v;

	if (!m->nslots)
		return KB_STRMAP_NONE;
	v = m->slots[slot_of(m, key, len)];
	return v ? v - 1 : KB_STRMAP_NONE;
}

/* Keeps the table at most half full. */
static int grow(struct kb_strmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	char **keys = realloc(m->keys, cap * sizeof(*keys));
	size_t *lens;

	if (!keys)
		return -ENOMEM;
	m->keys = keys;
	lens = realloc(m->lens, cap * sizeof(*lens));
	if (!lens)
		return -ENOMEM;
	m->lens = lens;
	free(m->slots);
	m->nslots = 2 * cap;
	m->slots = calloc(m->nslots, sizeof(*m->slots));
	if (!m->slots) {
		m->nslots = 0;
		return -ENOMEM;
	}
	m->cap = cap;
	for (size_t i = 0; i < m->n; i++)
		m->slots[slot_of(m, m->keys[i], m->lens[i])] = (uint32_t)i + 1;
	return 0;
}

int kb_strmap_intern(struct kb_strmap *m, const char *key, size_t len,
		     size_t *id)
{
	size_t slot;
	char *copy;

	if (m->nslots) {
		slot = slot_of(m, key, len);
		if (m->slots[slot]) {
			*id = m->slots[slot] - 1;
			return 0;
		}
	}
	if ((m->n == m->cap || !m->nslots) && grow(m))
		return -ENOMEM;
	if (m->n >= UINT32_MAX - 1)
		return -ENOMEM;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, key, len);
	copy[len] = '\0';
	slot = slot_of(m, key, len);
	m->keys[m->n] = copy;
	m->lens[m->n] = len;
	m->slots[slot] = (uint32_t)++m->n;
	*id = m->n - 1;
	return 0;
}

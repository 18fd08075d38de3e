/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interned strings: each distinct string gets a dense id (0, 1, 2, ... in
 * the order they were first seen), found again by hash. The callers keep
 * their per-string data in arrays indexed by id.
 */
#ifndef KBENCH_STRMAP_H
#define KBENCH_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct kb_strmap {
	char **keys;		/* id -> its string (owned, NUL-terminated) */
	size_t *lens;
	size_t n, cap;
	uint32_t *slots;	/* open addressing: id + 1, 0 empty */
	size_t nslots;
};

#define KB_STRMAP_NONE ((size_t)-1)

void kb_strmap_init(struct kb_strmap *m);
void kb_strmap_free(struct kb_strmap *m);

/* The id of KEY (LEN bytes), or KB_STRMAP_NONE. */
size_t kb_strmap_find(const struct kb_strmap *m, const char *key, size_t len);

/* The id of KEY (LEN bytes), added when new. 0 with *ID, or -ENOMEM. */
int kb_strmap_intern(struct kb_strmap *m, const char *key, size_t len,
		     size_t *id);

static inline const char *kb_strmap_key(const struct kb_strmap *m, size_t id)
{
	return m->keys[id];
}

#endif

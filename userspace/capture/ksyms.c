// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

/* Appends S to the arena; returns its offset (pointers come after sorting). */
static long arena_add(struct kb_ksyms *ks, const char *s)
{
	size_t len = strlen(s) + 1;
	long off;

	if (ks->strings_len + len > ks->strings_cap) {
		size_t cap = ks->strings_cap ? ks->strings_cap * 2 : 1 << 20;
		char *p;

		while (cap < ks->strings_len + len)
			cap *= 2;
		p = realloc(ks->strings, cap);
		if (!p)
			return -ENOMEM;
		ks->strings = p;
		ks->strings_cap = cap;
	}
	memcpy(ks->strings + ks->strings_len, s, len);
	off = (long)ks->strings_len;
	ks->strings_len += len;
	return off;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * Whether NAME marks where a section starts or ends rather than names a
 * function ("__static_call_text_end", "__indirect_thunk_start", "_etext"):
 * at an address a function shares, the function's name is the one to show.
 */
static bool is_marker(const char *name)
{
	if (!strncmp(name, "__", 2))
		return ends_with(name, "_start") || ends_with(name, "_end") ||
		       ends_with(name, "_begin");
	return !strcmp(name, "_stext") || !strcmp(name, "_etext") ||
	       !strcmp(name, "_text") || !strcmp(name, "_sinittext") ||
	       !strcmp(name, "_einittext");
}

/* By address; among aliases, the name to show last (where find looks). */
static int by_addr(const void *a, const void *b)
{
	const struct kb_ksym *x = a, *y = b;
	bool mx, my;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	mx = is_marker(x->name);
	my = is_marker(y->name);
	if (mx != my)
		return mx ? -1 : 1;
	return strcmp(x->name, y->name);
}

int kb_ksyms_load(struct kb_ksyms *ks, FILE *f)
{
	size_t cap = 0, nonzero = 0;
	char line[512];

	memset(ks, 0, sizeof(*ks));
	while (fgets(line, sizeof(line), f)) {
		char type, name[256], module[128] = "";
		uint64_t addr;
		long noff, moff = -1;
		int n;

		n = sscanf(line, "%" SCNx64 " %c %255s [%127[^]]]", &addr, &type,
			   name, module);
		if (n < 3)
			continue;
		/* Functions only: data symbols would steal code addresses. */
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (ks->n == cap) {
			struct kb_ksym *p;

			cap = cap ? cap * 2 : 65536;
			p = realloc(ks->syms, cap * sizeof(*p));
			if (!p)
				goto nomem;
			ks->syms = p;
		}
		noff = arena_add(ks, name);
		if (noff < 0)
			goto nomem;
		if (n == 4) {
			moff = arena_add(ks, module);
			if (moff < 0)
				goto nomem;
		}
		/* Offsets for now; the arena may still move. */
		ks->syms[ks->n].addr = addr;
		ks->syms[ks->n].name = (const char *)(uintptr_t)noff;
		ks->syms[ks->n].module = (const char *)(intptr_t)moff;
		ks->n++;
		nonzero += addr != 0;
	}
	for (size_t i = 0; i < ks->n; i++) {
		intptr_t moff = (intptr_t)ks->syms[i].module;

		ks->syms[i].name = ks->strings + (uintptr_t)ks->syms[i].name;
		ks->syms[i].module = moff < 0 ? NULL : ks->strings + moff;
	}
	if (ks->n && !nonzero) {
		kb_ksyms_free(ks);
		return -EACCES;
	}
	qsort(ks->syms, ks->n, sizeof(*ks->syms), by_addr);
	return 0;
nomem:
	kb_ksyms_free(ks);
	return -ENOMEM;
}

void kb_ksyms_free(struct kb_ksyms *ks)
{
	free(ks->syms);
	free(ks->strings);
	memset(ks, 0, sizeof(*ks));
}

const struct kb_ksym *kb_ksyms_find(const struct kb_ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->n;

	/* Last symbol with sym.addr <= addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &ks->syms[lo - 1] : NULL;
}

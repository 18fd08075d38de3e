// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stacks.h"

void kb_stacks_init(struct kb_stacks *st)
{
	memset(st, 0, sizeof(*st));
}

void kb_stacks_free(struct kb_stacks *st)
{
	for (size_t i = 0; i < st->n_names; i++)
		free(st->names[i]);
	free(st->names);
	free(st->name_lens);
	free(st->ids);
	free(st->s);
	free(st->hash);
	free(st->shash);
	memset(st, 0, sizeof(*st));
}

/* A word at a time: lines of one-sample stacks are long and many. */
static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 29;
}

static int grow(void **p, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (want <= *cap)
		return 0;
	while (n < want)
		n *= 2;
	q = realloc(*p, n * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static int64_t find_slot(const struct kb_stacks *st, const char *name,
			 size_t len, size_t *slot)
{
	size_t mask = st->hash_cap - 1;
	size_t i = hash_str(name, len) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t v = st->hash[i];

		if (!v) {
			*slot = i;
			return -1;
		}
		if (st->name_lens[v - 1] == len &&
		    !memcmp(st->names[v - 1], name, len))
			return v - 1;
	}
}

int64_t kb_stacks_lookup(const struct kb_stacks *st, const char *name,
			 size_t len)
{
	size_t slot;

	if (!st->hash_cap)
		return -1;
	return find_slot(st, name, len, &slot);
}

static int rehash(struct kb_stacks *st)
{
	size_t cap = st->hash_cap ? st->hash_cap * 2 : 1024, slot;
	uint32_t *old = st->hash;

	st->hash = calloc(cap, sizeof(*st->hash));
	if (!st->hash) {
		st->hash = old;
		return -ENOMEM;
	}
	st->hash_cap = cap;
	for (size_t i = 0; i < st->n_names; i++) {
		find_slot(st, st->names[i], st->name_lens[i], &slot);
		st->hash[slot] = (uint32_t)i + 1;
	}
	free(old);
	return 0;
}

static int intern(struct kb_stacks *st, const char *name, size_t len,
		  uint32_t *id)
{
	size_t slot, cap;
	int64_t found;
	char *copy;

	if ((st->n_names + 1) * 2 > st->hash_cap && rehash(st))
		return -ENOMEM;
	found = find_slot(st, name, len, &slot);
	if (found >= 0) {
		*id = (uint32_t)found;
		return 0;
	}
	if (st->n_names >= UINT32_MAX - 1)
		return -E2BIG;
	cap = st->cap_names;
	if (grow((void **)&st->names, &cap, st->n_names + 1, sizeof(char *)) ||
	    grow((void **)&st->name_lens, &st->cap_names, st->n_names + 1,
		 sizeof(size_t)))
		return -ENOMEM;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len);
	copy[len] = '\0';
	st->names[st->n_names] = copy;
	st->name_lens[st->n_names] = len;
	*id = (uint32_t)st->n_names++;
	st->hash[slot] = *id + 1;
	return 0;
}

static int stack_rehash(struct kb_stacks *st)
{
	size_t cap = st->shash_cap ? st->shash_cap : 1024;

	while (cap < (st->n + 1) * 2)
		cap *= 2;
	free(st->shash);
	st->shash = calloc(cap, sizeof(*st->shash));
	if (!st->shash) {
		st->shash_cap = 0;
		return -ENOMEM;
	}
	st->shash_cap = cap;
	for (size_t i = 0; i < st->n; i++) {
		size_t j = st->s[i].hash & (cap - 1);

		while (st->shash[j])
			j = (j + 1) & (cap - 1);
		st->shash[j] = i + 1;
	}
	return 0;
}

/* Whether stack K is the text TEXT (LEN bytes, frames split by ';'). */
static int stack_is(const struct kb_stacks *st, size_t k, const char *text,
		    size_t len)
{
	const struct kb_stack *s = &st->s[k];
	size_t pos = 0;

	for (uint32_t j = 0; j < s->n; j++) {
		uint32_t id = st->ids[s->first + j];
		size_t n = st->name_lens[id];

		if (j && (pos >= len || text[pos++] != ';'))
			return 0;
		if (pos + n > len || memcmp(text + pos, st->names[id], n))
			return 0;
		pos += n;
	}
	return pos == len;
}

/* The index of the stack TEXT, or -1; *SLOT is where it would go. */
static int64_t stack_find(const struct kb_stacks *st, const char *text,
			  size_t len, uint64_t h, size_t *slot)
{
	size_t mask = st->shash_cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		size_t v = st->shash[i];

		if (!v) {
			*slot = i;
			return -1;
		}
		if (st->s[v - 1].hash == h && stack_is(st, v - 1, text, len))
			return (int64_t)v - 1;
	}
}

/* Adds COUNT and FRAC (a fraction of a sample) to the stack TEXT. */
static int add_stack(struct kb_stacks *st, const char *text, size_t len,
		     uint64_t count, double frac)
{
	const char *frame = text, *end = text + len;
	uint32_t n = 0, id;
	size_t first = st->n_ids, slot = 0;
	uint64_t h;
	int64_t k;
	int ret;

	if ((st->n + 1) * 2 > st->shash_cap && stack_rehash(st))
		return -ENOMEM;
	h = hash_str(text, len);
	k = stack_find(st, text, len, h, &slot);
	if (k >= 0) {
		st->s[k].count += count;
		st->s[k].frac += frac;
		st->samples += count;
		return 0;
	}
	for (;;) {
		const char *semi = memchr(frame, ';', (size_t)(end - frame));
		size_t flen = semi ? (size_t)(semi - frame) : (size_t)(end - frame);

		if (grow((void **)&st->ids, &st->cap_ids, st->n_ids + 1,
			 sizeof(*st->ids)))
			return -ENOMEM;
		ret = intern(st, frame, flen, &id);
		if (ret)
			return ret;
		st->ids[st->n_ids++] = id;
		n++;
		if (!semi)
			break;
		frame = semi + 1;
	}
	if (grow((void **)&st->s, &st->cap, st->n + 1, sizeof(*st->s)))
		return -ENOMEM;
	st->s[st->n++] = (struct kb_stack){ first, n, count, h, frac };
	st->shash[slot] = st->n;
	st->samples += count;
	return 0;
}

int kb_stacks_add_stack(struct kb_stacks *st, const char *text, size_t len,
			uint64_t count)
{
	return add_stack(st, text, len, count, 0);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * A count as FlameGraph reads one, "12", "0.25" or "3.": its whole part
 * in *WHOLE and the rest in *FRAC. 0, or -EPROTO.
 */
static int parse_count(const char *s, uint64_t *whole, double *frac)
{
	const char *dot = strchr(s, '.');
	char *end;

	if (*s < '0' || *s > '9')
		return -EPROTO;
	errno = 0;
	*whole = strtoull(s, &end, 10);
	*frac = 0;
	if (errno || (*end && end != dot))
		return -EPROTO;
	if (!dot)
		return 0;
	if (strspn(dot + 1, "0123456789") != strlen(dot + 1))
		return -EPROTO;
	*frac = strtod(dot, NULL);
	return 0;
}

/*
 * Parses one line (without its newline): 1 for a blank line or a comment
 * ("# ..."), which FlameGraph skips too.
 */
static int add_line(struct kb_stacks *st, char *l, size_t len)
{
	size_t sp, stack_len;
	uint64_t whole;
	double frac;

	while (len && is_blank(l[len - 1]))
		len--;
	if (!len || l[0] == '#')
		return 1;
	l[len] = '\0';
	for (sp = len; sp > 0 && !is_blank(l[sp - 1]); sp--)
		;
	/* The stack ends at the blanks before the count. */
	for (stack_len = sp; stack_len > 0 && is_blank(l[stack_len - 1]); stack_len--)
		;
	if (!sp || !stack_len || parse_count(l + sp, &whole, &frac))
		return -EPROTO;
	return add_stack(st, l, stack_len, whole, frac);
}

/* Each stack's summed fractions, rounded into its whole samples. */
static void round_fractions(struct kb_stacks *st)
{
	for (size_t i = 0; i < st->n; i++) {
		struct kb_stack *s = &st->s[i];
		double w = floor(s->frac + 0.5);

		if (w != 0) {
			s->count += (uint64_t)(int64_t)w;
			st->samples += (uint64_t)(int64_t)w;
			s->frac -= w;
		}
	}
}

int kb_stacks_read(struct kb_stacks *st, FILE *f, size_t *line)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	*line = 0;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		++*line;
		if (len && buf[len - 1] == '\n')
			len--;
		ret = add_line(st, buf, (size_t)len);
		if (ret < 0)
			break;
		ret = 0;
	}
	if (!ret && ferror(f))
		ret = -EIO;
	if (!ret)
		round_fractions(st);
	free(buf);
	return ret;
}

/* qsort has no context argument in C11: the set being sorted. */
static const struct kb_stacks *sorting;
static const uint32_t *rank;

static int by_frames(const void *a, const void *b)
{
	const struct kb_stack *x = a, *y = b;
	const uint32_t *p = sorting->ids + x->first, *q = sorting->ids + y->first;
	uint32_t n = x->n < y->n ? x->n : y->n;

	for (uint32_t i = 0; i < n; i++)
		if (p[i] != q[i])
			return rank[p[i]] < rank[q[i]] ? -1 : 1;
	return (x->n > y->n) - (x->n < y->n);
}

static int by_name(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return strcmp(sorting->names[*x], sorting->names[*y]);
}

int kb_stacks_sort(struct kb_stacks *st)
{
	uint32_t *order, *r;
	size_t out = 0;

	if (!st->n)
		return 0;
	order = malloc(st->n_names * sizeof(*order) + 1);
	r = malloc(st->n_names * sizeof(*r) + 1);
	if (!order || !r) {
		free(order);
		free(r);
		return -ENOMEM;
	}
	for (size_t i = 0; i < st->n_names; i++)
		order[i] = (uint32_t)i;
	sorting = st;
	qsort(order, st->n_names, sizeof(*order), by_name);
	for (size_t i = 0; i < st->n_names; i++)
		r[order[i]] = (uint32_t)i;
	rank = r;
	qsort(st->s, st->n, sizeof(*st->s), by_frames);
	for (size_t i = 1; i < st->n; i++) {
		if (!by_frames(&st->s[out], &st->s[i])) {
			st->s[out].count += st->s[i].count;
			st->s[out].frac += st->s[i].frac;
		} else {
			st->s[++out] = st->s[i];
		}
	}
	st->n = out + 1;
	sorting = NULL;
	rank = NULL;
	free(order);
	free(r);
	return stack_rehash(st);
}

int kb_stacks_write(const struct kb_stacks *st, FILE *f)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];

		for (uint32_t j = 0; j < s->n; j++) {
			if (j)
				fputc(';', f);
			fputs(st->names[st->ids[s->first + j]], f);
		}
		fprintf(f, " %" PRIu64 "\n", s->count);
	}
	return ferror(f) ? -EIO : 0;
}

int kb_stacks_add(struct kb_stacks *st, const struct kb_stacks *src)
{
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	for (size_t i = 0; !ret && i < src->n; i++) {
		const struct kb_stack *s = &src->s[i];
		size_t len = 24;

		for (uint32_t j = 0; j < s->n; j++)
			len += src->name_lens[src->ids[s->first + j]] + 1;
		if (len > cap) {
			char *p = realloc(line, len);

			if (!p) {
				ret = -ENOMEM;
				break;
			}
			line = p;
			cap = len;
		}
		len = 0;
		for (uint32_t j = 0; j < s->n; j++) {
			uint32_t id = src->ids[s->first + j];

			if (j)
				line[len++] = ';';
			memcpy(line + len, src->names[id], src->name_lens[id]);
			len += src->name_lens[id];
		}
		len += (size_t)sprintf(line + len, " %" PRIu64, s->count);
		ret = add_line(st, line, len);
		if (ret > 0)
			ret = 0;
	}
	free(line);
	return ret;
}

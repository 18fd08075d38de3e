// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_diff.h"
#include "categories.h"
#include "statistics.h"
#include "verdict.h"
#include "model/stacks.h"
#include "util/strmap.h"
#include "util/summary.h"

static const char method[] = "self share of each repetition's samples; "
			     "Welch 95% CI of the difference of mean shares";

/* The share of every name (function or stack) in every repetition. */
struct shares {
	struct kb_strmap names;	/* row -> name */
	double *s[2];		/* per side: [row * stride + rep], percent */
	size_t stride[2];	/* repetitions a side, room for each */
	size_t cap;		/* rows allocated */
};

/* What reading every repetition of both sides builds. */
struct reading {
	struct shares fn, st;
	size_t used[2];		/* repetitions with samples */
	uint64_t *samples[2];	/* of every repetition */
	char *layout;		/* NEW's stacks, normalised, folded */
	size_t layout_len;
	FILE *lf;		/* writes layout */
	char *buf;		/* a stack's normalised text */
	size_t buf_cap;
	/* Self frames whose name differs from their function's: "SIDE\tFN\tNAME". */
	struct kb_strmap alias;
};

static void shares_init(struct shares *t, const size_t n[2])
{
	memset(t, 0, sizeof(*t));
	kb_strmap_init(&t->names);
	t->stride[0] = n[0] + 1;
	t->stride[1] = n[1] + 1;
}

static void shares_free(struct shares *t)
{
	kb_strmap_free(&t->names);
	free(t->s[0]);
	free(t->s[1]);
}

static const double *shares_of(const struct shares *t, int side, size_t row)
{
	return &t->s[side][row * t->stride[side]];
}

static int shares_add(struct shares *t, const char *name, size_t len,
		      int side, size_t rep, double share)
{
	size_t id;
	int ret = kb_strmap_intern(&t->names, name, len, &id);

	if (ret)
		return ret;
	if (id >= t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;

		for (int k = 0; k < 2; k++) {
			double *s = realloc(t->s[k], cap * t->stride[k] * sizeof(*s));

			if (!s)
				return -ENOMEM;
			memset(s + t->cap * t->stride[k], 0,
			       (cap - t->cap) * t->stride[k] * sizeof(*s));
			t->s[k] = s;
		}
		t->cap = cap;
	}
	t->s[side][id * t->stride[side] + rep] += share;
	return 0;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return n > 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/*
 * The length of NAME (N bytes) without one trailing compiler suffix, or N:
 * ".cold", ".isra", ".constprop", ".part", ".lto_priv", ".llvm",
 * ".localalias" or ".__uniq", each with an optional ".NUMBER".
 */
static size_t drop_suffix(const char *name, size_t n)
{
	static const char *const sfx[] = { "cold", "isra", "constprop", "part",
					   "lto_priv", "llvm", "localalias", "__uniq" };
	const char *dot = NULL;
	size_t end = n;

	for (size_t i = n; i > 0; i--)
		if (name[i - 1] == '.') {
			dot = name + i - 1;
			break;
		}
	if (!dot || dot == name)
		return n;
	/* ".NUMBER" after the suffix: look at the dot before it. */
	if (all_digits(dot + 1, (size_t)(name + n - dot - 1))) {
		end = (size_t)(dot - name);
		dot = memrchr(name, '.', end);
		if (!dot || dot == name)
			return n;
	}
	for (size_t k = 0; k < sizeof(sfx) / sizeof(sfx[0]); k++)
		if (strlen(sfx[k]) == end - (size_t)(dot - name) - 1 &&
		    !memcmp(dot + 1, sfx[k], end - (size_t)(dot - name) - 1))
			return (size_t)(dot - name);
	return n;
}

/*
 * NAME's function part without its compiler suffixes: where the function
 * ends (before " [module]_[k]" or "_[k]" of a kernel frame) into *FN_END,
 * and the length of what is left of it into the return value. A
 * demangled C++ clone, "f(int) [clone .isra.0]", is f(int).
 */
static size_t bare_length(const char *name, size_t n, size_t *fn_end)
{
	const char *clone = memmem(name, n, " [clone .", 9);
	size_t end = n, bare, prev;

	if (n >= 4 && !memcmp(name + n - 4, "_[k]", 4)) {
		const char *mod = memchr(name, ' ', n - 4);

		end = mod ? (size_t)(mod - name) : n - 4;
	} else if (clone) {
		*fn_end = n;
		return (size_t)(clone - name);
	}
	*fn_end = end;
	bare = end;
	do {
		prev = bare;
		bare = drop_suffix(name, bare);
	} while (bare != prev);
	return bare;
}

char *kb_frame_key(const char *in, size_t n)
{
	const char *plus = memchr(in, '+', n);
	size_t hex = n >= 4 && !memcmp(in + n - 4, "_[k]", 4) ? n - 4 : n;
	size_t fn_end, bare;
	char *out = NULL;

	if (hex > 2 && !memcmp(in, "0x", 2) && all_hex(in + 2, hex - 2))
		return strdup(hex < n ? "[unknown]_[k]" : "[unknown]");
	if (plus && plus + 3 <= in + n && !memcmp(plus, "+0x", 3) &&
	    all_hex(plus + 3, (size_t)(in + n - plus - 3))) {
		if (asprintf(&out, "%.*s+[unknown]", (int)(plus - in), in) < 0)
			out = NULL;
		return out;
	}
	bare = bare_length(in, n, &fn_end);
	if (asprintf(&out, "%.*s%.*s", (int)bare, in, (int)(n - fn_end),
		     in + fn_end) < 0)
		out = NULL;
	return out;
}

/* Every frame name of KS normalised; NULL when out of memory. */
static char **norm_names(const struct kb_stacks *ks)
{
	char **norm = calloc(ks->n_names + 1, sizeof(*norm));

	for (size_t i = 0; norm && i < ks->n_names; i++) {
		norm[i] = kb_frame_key(ks->names[i], ks->name_lens[i]);
		if (!norm[i]) {
			for (size_t k = 0; k < i; k++)
				free(norm[k]);
			free(norm);
			return NULL;
		}
	}
	return norm;
}

/* Stack K of KS with normalised frames into R->buf. 0 or -ENOMEM. */
static int stack_text(struct reading *r, const struct kb_stacks *ks,
		      char *const *norm, size_t k, size_t *len)
{
	const struct kb_stack *s = &ks->s[k];
	size_t o = 0;

	if (!r->buf) {
		r->buf = malloc(256);
		if (!r->buf)
			return -ENOMEM;
		r->buf_cap = 256;
	}
	for (uint32_t j = 0; j < s->n; j++) {
		const char *f = norm[ks->ids[s->first + j]];
		size_t fl = strlen(f);

		if (o + fl + 2 > r->buf_cap) {
			size_t cap = 2 * (o + fl + 2) + 256;
			char *b = realloc(r->buf, cap);

			if (!b)
				return -ENOMEM;
			r->buf = b;
			r->buf_cap = cap;
		}
		if (j)
			r->buf[o++] = ';';
		memcpy(r->buf + o, f, fl);
		o += fl;
	}
	r->buf[o] = 0;
	*len = o;
	return 0;
}

/*
 * Adds the profile KS as repetition R->used[SIDE] of SIDE: the share of
 * each stack, the self share of each function (summed over the frames
 * that normalise to it), and NEW's stacks to the layout.
 */
/*
 * Remembers that SIDE's frame NAME (LEN bytes) counted as function FN,
 * a copy the compiler made of it (addresses folded into "[unknown]" are
 * not names worth keeping).
 */
static int add_alias(struct reading *r, int side, const char *fn,
		     const char *name, size_t len)
{
	char *key;
	size_t id;
	int n, ret;

	if ((strlen(fn) == len && !memcmp(fn, name, len)) || strstr(fn, "[unknown]"))
		return 0;
	n = asprintf(&key, "%d\t%s\t%.*s", side, fn, (int)len, name);
	if (n < 0)
		return -ENOMEM;
	ret = kb_strmap_intern(&r->alias, key, (size_t)n, &id);
	free(key);
	return ret;
}

static int add_rep(struct reading *r, const struct kb_stacks *ks, int side)
{
	double total = (double)ks->samples;
	size_t rep = r->used[side], len;
	uint64_t *self = calloc(ks->n_names + 1, sizeof(*self));
	char **norm = norm_names(ks);
	int ret = self && norm ? 0 : -ENOMEM;

	for (size_t k = 0; !ret && k < ks->n; k++) {
		const struct kb_stack *s = &ks->s[k];

		ret = stack_text(r, ks, norm, k, &len);
		if (!ret)
			ret = shares_add(&r->st, r->buf, len, side, rep,
					 (double)s->count / total * 100);
		if (!ret && s->n)
			self[ks->ids[s->first + s->n - 1]] += s->count;
		if (!ret && side)
			fprintf(r->lf, "%s %" PRIu64 "\n", r->buf, s->count);
	}
	for (size_t i = 0; !ret && i < ks->n_names; i++)
		if (self[i])
			ret = shares_add(&r->fn, norm[i], strlen(norm[i]), side,
					 rep, (double)self[i] / total * 100);
	for (size_t i = 0; !ret && i < ks->n_names; i++)
		if (self[i])
			ret = add_alias(r, side, norm[i], ks->names[i], ks->name_lens[i]);
	for (size_t i = 0; norm && i < ks->n_names; i++)
		free(norm[i]);
	free(norm);
	free(self);
	return ret;
}

/* Reads repetition I of SIDE from PATH into R. 0 or -errno with WHY. */
static int read_rep(struct reading *r, const char *path, int side, size_t i,
		    char *why, size_t why_len)
{
	struct kb_stacks ks;
	size_t line = 0;
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return ret;
	}
	kb_stacks_init(&ks);
	ret = kb_stacks_read(&ks, f, &line);
	fclose(f);
	if (!ret) {
		r->samples[side][i] = ks.samples;
		if (ks.samples)
			ret = add_rep(r, &ks, side);
		if (!ret && ks.samples)
			r->used[side]++;
	}
	kb_stacks_free(&ks);
	if (ret == -EPROTO)
		snprintf(why, why_len, "%s: line %zu is not 'STACK COUNT'", path, line);
	else if (ret)
		snprintf(why, why_len, "%s: %s", path, strerror(-ret));
	return ret;
}

static void reading_free(struct reading *r)
{
	shares_free(&r->fn);
	shares_free(&r->st);
	kb_strmap_free(&r->alias);
	free(r->samples[0]);
	free(r->samples[1]);
	if (r->lf)
		fclose(r->lf);
	free(r->layout);
	free(r->buf);
}

/* NEW's stacks that R wrote to R->layout, merged and sorted, into LAYOUT. */
static int build_layout(struct reading *r, struct kb_stacks *layout)
{
	size_t line = 0;
	int ret = fclose(r->lf) ? -ENOMEM : 0;
	FILE *f;

	r->lf = NULL;
	f = ret ? NULL : fmemopen(r->layout, r->layout_len, "r");
	if (!f)
		return -ENOMEM;
	ret = kb_stacks_read(layout, f, &line);
	fclose(f);
	return ret ? ret : kb_stacks_sort(layout);
}

/*
 * Reads every repetition of both sides (PATHS[side][N[side]]) into R, and
 * NEW's merged stacks into LAYOUT. R is initialised, also on error.
 * -ENODATA when a side has no samples at all.
 */
static int read_all(const char *const *const paths[2], const size_t n[2],
		    struct reading *r, struct kb_stacks *layout, char *why,
		    size_t why_len)
{
	int ret = 0;

	memset(r, 0, sizeof(*r));
	shares_init(&r->fn, n);
	shares_init(&r->st, n);
	kb_strmap_init(&r->alias);
	r->samples[0] = calloc(n[0] + 1, sizeof(uint64_t));
	r->samples[1] = calloc(n[1] + 1, sizeof(uint64_t));
	r->lf = open_memstream(&r->layout, &r->layout_len);
	if (!r->samples[0] || !r->samples[1] || !r->lf)
		ret = -ENOMEM;
	for (int side = 0; side < 2 && !ret; side++)
		for (size_t i = 0; i < n[side] && !ret; i++)
			ret = read_rep(r, paths[side][i], side, i, why, why_len);
	if (!ret && (!r->used[0] || !r->used[1])) {
		snprintf(why, why_len, "the %s profiles have no samples",
			 r->used[0] ? "new" : "base");
		return -ENODATA;
	}
	if (!ret) {
		ret = build_layout(r, layout);
		if (ret)
			snprintf(why, why_len, "the new profiles, merged: %s",
				 strerror(-ret));
	}
	return ret;
}

/* A row of a share table, its statistics and its rank. */
struct row_stat {
	size_t row;
	const char *name;
	double ma, mb, d, lo, hi, p;
	bool ci, sig;
	double key;		/* ranking key, larger first */
};

static void row_stats(const struct shares *t, const size_t used[2],
		      int direction, struct row_stat *rs)
{
	for (size_t i = 0; i < t->names.n; i++) {
		const double *a = shares_of(t, 0, i), *b = shares_of(t, 1, i);
		struct row_stat *x = &rs[i];
		struct kb_welch w;

		x->row = i;
		x->name = kb_strmap_key(&t->names, i);
		x->ma = kb_mean(a, used[0]);
		x->mb = kb_mean(b, used[1]);
		x->d = x->mb - x->ma;
		x->ci = !kb_welch(a, used[0], b, used[1], KB_CMP_LEVEL, &w);
		x->lo = x->ci ? w.lo : x->d;
		x->hi = x->ci ? w.hi : x->d;
		x->p = x->ci ? w.p : NAN;
		x->sig = x->ci && (x->lo > 0 || x->hi < 0);
		/* Growth: the lower bound; shrinkage: minus the upper bound. */
		x->key = direction > 0 ? x->lo : -x->hi;
	}
}

static int by_key(const void *x, const void *y)
{
	const struct row_stat *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? 1 : -1;
	if (fabs(a->d) != fabs(b->d))
		return fabs(a->d) < fabs(b->d) ? 1 : -1;
	return strcmp(a->name, b->name);
}

/* The statistics of every row of T, ranked; NULL when out of memory. */
static struct row_stat *ranked(const struct shares *t, const size_t used[2],
			       int direction)
{
	struct row_stat *rs = calloc(t->names.n + 1, sizeof(*rs));

	if (!rs)
		return NULL;
	row_stats(t, used, direction, rs);
	qsort(rs, t->names.n, sizeof(*rs), by_key);
	return rs;
}

/* The category of STACK's leaf, from the leaf and its callers. */
static enum kb_category stack_category(const char *stack)
{
	const char *frames[256];
	size_t lens[256], n = 0;

	while (n < 256) {
		size_t len = strcspn(stack, ";");

		frames[n] = stack;
		lens[n++] = len;
		if (!stack[len])
			break;
		stack += len + 1;
	}
	return kb_category_stack(frames, lens, n, NULL);
}

static void set_category(struct kb_cmp_share *s, enum kb_category c)
{
	s->category = kb_category_id(c);
	s->category_name = kb_category_name(c);
}

/*
 * OUT from the row X of T; with REPS, also the share of every repetition.
 * A function (FN) gets its frame's category. 0 or -ENOMEM.
 */
static int share_from(const struct shares *t, const struct row_stat *x,
		      const size_t used[2], bool reps, bool fn,
		      struct kb_cmp_share *out)
{
	*out = (struct kb_cmp_share){
		.name = strdup(x->name), .base_pct = x->ma, .new_pct = x->mb,
		.delta_pp = x->d, .ci_valid = x->ci, .ci_lo = x->lo,
		.ci_hi = x->hi, .p = x->p, .significant = x->sig,
	};
	if (fn)
		set_category(out, kb_category_frame(x->name, strlen(x->name)));
	for (int side = 0; reps && side < 2; side++) {
		out->reps[side] = malloc((used[side] + 1) * sizeof(double));
		if (!out->reps[side])
			return -ENOMEM;
		memcpy(out->reps[side], shares_of(t, side, x->row),
		       used[side] * sizeof(double));
	}
	return out->name ? 0 : -ENOMEM;
}

/* N ranked rows RS of T as shares; *OUT gets them. 0 or -ENOMEM. */
static int shares_from(const struct shares *t, const struct row_stat *rs,
		       size_t n, const size_t used[2], bool stacks,
		       struct kb_cmp_share **out, size_t *n_out)
{
	int ret = 0;

	*n_out = 0;
	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < n && !ret; i++) {
		ret = share_from(t, &rs[i], used, stacks, !stacks, &(*out)[i]);
		(*n_out)++;
	}
	return ret;
}

static const char *leaf_of(const char *stack)
{
	const char *semi = strrchr(stack, ';');

	return semi ? semi + 1 : stack;
}

/*
 * The culprit: the first ranked function that moved significantly in
 * DIRECTION, categorised by the path: the stack ending in it that moved
 * most. Without one, the path is the first ranked stack if that moved
 * significantly in DIRECTION.
 */
static int culprit_and_path(const struct reading *r, const struct row_stat *fs,
			    const struct row_stat *ss, int direction,
			    struct kb_cmp_profile *p)
{
	const struct row_stat *cul = NULL, *path = NULL;
	int ret = 0;

	for (size_t i = 0; !cul && i < r->fn.names.n; i++)
		if (fs[i].sig && fs[i].d * direction > 0)
			cul = &fs[i];
	for (size_t k = 0; cul && !path && k < r->st.names.n; k++)
		if (!strcmp(leaf_of(ss[k].name), cul->name))
			path = &ss[k];
	if (cul) {
		p->culprit = calloc(1, sizeof(*p->culprit));
		ret = p->culprit ? share_from(&r->fn, cul, r->used, false, true,
					      p->culprit) : -ENOMEM;
		if (!ret && path)
			set_category(p->culprit, stack_category(path->name));
	}
	if (!path && r->st.names.n && ss[0].sig && ss[0].d * direction > 0)
		path = &ss[0];
	if (!ret && path) {
		p->path = calloc(1, sizeof(*p->path));
		ret = p->path ? share_from(&r->st, path, r->used, false, false,
					   p->path) : -ENOMEM;
	}
	return ret;
}

/* Ranks both tables of R and fills P's shares. 0 or -ENOMEM. */
static int fill(const struct reading *r, int direction, struct kb_cmp_profile *p)
{
	struct row_stat *fs = ranked(&r->fn, r->used, direction);
	struct row_stat *ss = ranked(&r->st, r->used, direction);
	size_t nf = r->fn.names.n < KB_CMP_FUNCS ? r->fn.names.n : KB_CMP_FUNCS;
	int ret = fs && ss ? 0 : -ENOMEM;

	if (!ret)
		ret = shares_from(&r->fn, fs, nf, r->used, false, &p->functions,
				  &p->n_functions);
	if (!ret)
		ret = shares_from(&r->st, ss, r->st.names.n, r->used, true,
				  &p->stacks, &p->n_stacks);
	if (!ret)
		ret = culprit_and_path(r, fs, ss, direction, p);
	free(fs);
	free(ss);
	return ret;
}

/*
 * Whether the kernel function FN exists in both builds, appeared in the
 * new or vanished from it, by their symbol tables SYMS (either NULL:
 * unknown). Functions outside the kernel, or in neither table, are unknown.
 */
static enum kb_presence presence_of(const char *fn,
				    const struct kb_strmap *const syms[2])
{
	size_t len = strlen(fn);
	bool in[2];

	if (!syms || !syms[0] || !syms[1] || len < 4 ||
	    memcmp(fn + len - 4, "_[k]", 4) || !strncmp(fn, "[unknown]", 9))
		return KB_PRESENCE_UNKNOWN;
	for (int side = 0; side < 2; side++)
		in[side] = kb_strmap_find(syms[side], fn, len) != KB_STRMAP_NONE;
	if (in[0] && in[1])
		return KB_PRESENCE_BOTH;
	return in[1] ? KB_PRESENCE_APPEARED :
	       in[0] ? KB_PRESENCE_VANISHED : KB_PRESENCE_UNKNOWN;
}

/* The names SIDE's frames had where they differ from S's: "a, b", or NULL. */
static int compiled_as(const struct reading *r, struct kb_cmp_share *s)
{
	size_t fl = strlen(s->name);

	for (size_t i = 0; i < r->alias.n; i++) {
		const char *k = kb_strmap_key(&r->alias, i), *name = k + 3 + fl;
		int side = k[0] - '0';
		char *grown;

		if (strncmp(k + 2, s->name, fl) || k[2 + fl] != '\t')
			continue;
		if (s->compiled_as[side] && strlen(s->compiled_as[side]) > 400)
			continue;	/* enough to tell which copies ran */
		if (asprintf(&grown, "%s%s%s", s->compiled_as[side] ?
			     s->compiled_as[side] : "", s->compiled_as[side] ?
			     ", " : "", name) < 0)
			return -ENOMEM;
		free(s->compiled_as[side]);
		s->compiled_as[side] = grown;
	}
	return 0;
}

/* Presence in the builds and the names compiled, of every function of P. */
static int builds_of(const struct reading *r, const struct kb_strmap *const syms[2],
		     struct kb_cmp_profile *p)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < p->n_functions; i++) {
		p->functions[i].presence = presence_of(p->functions[i].name, syms);
		ret = compiled_as(r, &p->functions[i]);
	}
	if (!ret && p->culprit) {
		p->culprit->presence = presence_of(p->culprit->name, syms);
		ret = compiled_as(r, p->culprit);
	}
	return ret;
}

int kb_profile_diff(const char *const *base, size_t na,
		    const char *const *new, size_t nb, int direction,
		    struct kb_cmp_profile *out, char *why, size_t why_len)
{
	return kb_profile_diff_builds(base, na, new, nb, NULL, direction, out,
				      why, why_len);
}

int kb_profile_diff_builds(const char *const *base, size_t na,
			   const char *const *new, size_t nb,
			   const struct kb_strmap *const syms[2], int direction,
			   struct kb_cmp_profile *out, char *why, size_t why_len)
{
	const char *const *paths[2] = { base, new };
	size_t n[2] = { na, nb };
	struct reading r;
	int ret;

	memset(out, 0, sizeof(*out));
	kb_stacks_init(&out->layout);
	ret = read_all(paths, n, &r, &out->layout, why, why_len);
	if (!ret)
		ret = fill(&r, direction, out);
	if (!ret)
		ret = builds_of(&r, syms, out);
	if (!ret) {
		out->available = true;
		out->method = method;
		for (int side = 0; side < 2; side++) {
			out->reps[side] = r.used[side];
			out->samples[side] = r.samples[side];
			out->n_samples[side] = n[side];
			r.samples[side] = NULL;
		}
	}
	reading_free(&r);
	if (ret == -ENOMEM)
		snprintf(why, why_len, "out of memory");
	if (ret)
		kb_cmp_profile_free(out);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kbench compare: is NEW slower than BASE, is that real or noise, and where
 * did the time go. Statistics per benchmark (statistics.h), Benjamini-
 * Hochberg across benchmarks, a verdict a CI job can gate on, and for every
 * regression or improvement the profile difference with a confidence
 * interval per function across the repetitions' profiles.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>

#include "analysis/categories.h"
#include "cli.h"
#include "commands.h"
#include "analysis/compare.h"
#include "render/flamegraph.h"
#include "analysis/fstats.h"
#include "model/results.h"
#include "model/stacks.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/util.h"

/* Ranked functions kept in compare.json and shown on the terminal. */
#define JSON_FUNCS 50
#define TERM_FUNCS 5

static const char *const verdict_names[] = {
	[KB_UNCHANGED] = "unchanged",
	[KB_REGRESSION] = "regression",
	[KB_IMPROVEMENT] = "improvement",
	[KB_INCONCLUSIVE] = "inconclusive",
};

const char *kb_verdict_name(enum kb_verdict v)
{
	return verdict_names[v];
}

static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jpair(double lo, double hi, bool valid)
{
	return valid ? json_pack("[o, o]", jnum(lo), jnum(hi)) : json_null();
}

int kb_cmp_stats(const double *a, size_t na, const double *b, size_t nb,
		 uint64_t seed, struct kb_cmp_stats *s)
{
	struct kb_rng g;
	double ca, cb, ma, mb;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!na || !nb)
		return -EINVAL;
	s->na = na;
	s->nb = nb;
	s->med_a = kb_median(a, na);
	s->med_b = kb_median(b, nb);
	if (!s->med_a)
		return -EINVAL;
	s->change_pct = (s->med_b - s->med_a) / fabs(s->med_a) * 100;
	ma = kb_mean(a, na);
	mb = kb_mean(b, nb);
	ca = ma ? sqrt(kb_variance(a, na)) / fabs(ma) * 100 : 0;
	cb = mb ? sqrt(kb_variance(b, nb)) / fabs(mb) * 100 : 0;
	s->cov_pct = sqrt((ca * ca + cb * cb) / 2);
	ret = kb_mann_whitney(a, na, b, nb, &s->u);
	if (ret)
		return ret;
	s->welch_valid = !kb_welch(a, na, b, nb, KB_CMP_LEVEL, &s->w);
	if (na >= 2 && nb >= 2) {
		kb_rng_seed(&g, seed);
		ret = kb_bootstrap_change(a, na, b, nb, KB_CMP_BOOT_ITERS,
					  KB_CMP_LEVEL, &g, &s->ci_lo, &s->ci_hi);
		if (ret == -ENOMEM)
			return ret;
		s->ci_valid = !ret;
	}
	return 0;
}

enum kb_verdict kb_cmp_verdict(const struct kb_cmp_stats *s, double q,
			       bool higher_is_better, double threshold_pct,
			       double alpha)
{
	/* Positive: NEW is worse. */
	double worse = higher_is_better ? -s->change_pct : s->change_pct;
	bool sig = q < alpha;

	if (fabs(s->change_pct) >= threshold_pct && sig)
		return worse > 0 ? KB_REGRESSION : KB_IMPROVEMENT;
	if (fabs(s->change_pct) < threshold_pct) {
		if (sig)
			return KB_UNCHANGED;
		if (s->ci_valid && s->ci_lo > -threshold_pct &&
		    s->ci_hi < threshold_pct)
			return KB_UNCHANGED;
	}
	return KB_INCONCLUSIVE;
}

unsigned int kb_cmp_reps_needed(const struct kb_cmp_stats *s,
				double threshold_pct, double alpha)
{
	size_t now = s->na > s->nb ? s->na : s->nb;
	unsigned int n = kb_reps_needed(s->cov_pct, threshold_pct, alpha,
					KB_CMP_POWER);

	/* Noise alone would not need more: the change sits at the threshold. */
	return n > now ? n : (unsigned int)now + 1;
}

/* Per-repetition shares of every name (function or stack), both sides. */
struct share_row {
	char *name;
	double *s[2];		/* [side][rep], percent */
};

struct share_table {
	json_t *index;		/* name -> row */
	struct share_row *rows;
	size_t n, cap, reps[2];
};

static int table_init(struct share_table *t, size_t na, size_t nb)
{
	memset(t, 0, sizeof(*t));
	t->reps[0] = na;
	t->reps[1] = nb;
	t->index = json_object();
	return t->index ? 0 : -ENOMEM;
}

static void table_free(struct share_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].name);
		free(t->rows[i].s[0]);
		free(t->rows[i].s[1]);
	}
	free(t->rows);
	json_decref(t->index);
}

static int table_add(struct share_table *t, const char *name, int side,
		     size_t rep, double share)
{
	json_t *i = json_object_get(t->index, name);
	struct share_row *r;

	if (!i) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? 2 * t->cap : 64;
			struct share_row *n = realloc(t->rows, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			t->rows = n;
			t->cap = cap;
		}
		r = &t->rows[t->n];
		r->name = strdup(name);
		r->s[0] = calloc(t->reps[0] + 1, sizeof(double));
		r->s[1] = calloc(t->reps[1] + 1, sizeof(double));
		i = json_integer((json_int_t)t->n);
		if (!r->name || !r->s[0] || !r->s[1] || !i ||
		    json_object_set_new(t->index, name, i)) {
			free(r->name);
			free(r->s[0]);
			free(r->s[1]);
			return -ENOMEM;
		}
		t->n++;
	}
	r = &t->rows[json_integer_value(i)];
	r->s[side][rep] += share;
	return 0;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return n > 0;
}

/*
 * Frames that no symbol covered carry an address, which ASLR moves from
 * run to run: "0x7ffc...", "0xffff..._[k]", "libc.so.6+0x7f...". They
 * become "[unknown]", "[unknown]_[k]", "libc.so.6+[unknown]" so the same
 * code compares equal across runs. Returns a new string (NULL: ENOMEM).
 */
static char *norm_frames(const char *in)
{
	size_t len = strlen(in), o = 0;
	char *out = malloc(2 * len + 16);

	if (!out)
		return NULL;
	while (*in) {
		size_t n = strcspn(in, ";");
		const char *plus = memchr(in, '+', n);
		size_t hex = n >= 4 && !memcmp(in + n - 4, "_[k]", 4) ? n - 4 : n;

		if (hex > 2 && !memcmp(in, "0x", 2) && all_hex(in + 2, hex - 2)) {
			o += (size_t)sprintf(out + o, "[unknown]%s", hex < n ? "_[k]" : "");
		} else if (plus && plus + 3 <= in + n && !memcmp(plus, "+0x", 3) &&
			   all_hex(plus + 3, (size_t)(in + n - plus - 3))) {
			memcpy(out + o, in, (size_t)(plus - in));
			o += (size_t)(plus - in);
			o += (size_t)sprintf(out + o, "+[unknown]");
		} else {
			memcpy(out + o, in, n);
			o += n;
		}
		in += n;
		if (*in == ';')
			out[o++] = *in++;
	}
	out[o] = 0;
	return out;
}

static int table_add_norm(struct share_table *t, const char *name, int side,
			  size_t rep, double share)
{
	char *norm = norm_frames(name);
	int ret;

	if (!norm)
		return -ENOMEM;
	ret = table_add(t, norm, side, rep, share);
	free(norm);
	return ret;
}

/*
 * Adds one repetition's profile PATH as repetition REP of SIDE: self shares
 * per function (fstats) and shares per stack. *SAMPLES gets its samples;
 * an empty profile adds nothing.
 */
static int read_rep(const char *path, struct share_table *fn,
		    struct share_table *st, int side, size_t rep,
		    uint64_t *samples, char *why, size_t why_len)
{
	struct kb_fstats fs;
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, line;
	ssize_t len;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = kb_fstats_read(&fs, f, &line);
	if (ret) {
		if (ret == -EPROTO)
			snprintf(why, why_len, "%s: line %zu is not 'STACK COUNT'",
				 path, line);
		else
			snprintf(why, why_len, "%s: %s", path, strerror(-ret));
		fclose(f);
		return ret;
	}
	*samples = fs.samples;
	for (size_t i = 0; fs.samples && i < fs.n && !ret; i++)
		if (fs.f[i].self)
			ret = table_add_norm(fn, fs.f[i].name, side, rep,
					(double)fs.f[i].self / (double)fs.samples * 100);
	rewind(f);
	/* fstats accepted every line: each ends in " COUNT". */
	while (!ret && fs.samples && (len = getline(&buf, &cap, f)) > 0) {
		char *sp;

		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		sp = strrchr(buf, ' ');
		if (!len || !sp)
			continue;
		*sp = 0;
		ret = table_add_norm(st, buf, side, rep,
				strtod(sp + 1, NULL) / (double)fs.samples * 100);
	}
	free(buf);
	fclose(f);
	kb_fstats_free(&fs);
	if (ret)
		snprintf(why, why_len, "%s: %s", path, strerror(-ret));
	return ret;
}

struct row_stat {
	size_t row;
	double ma, mb, d, lo, hi, p;
	bool ci, sig;
	double key;		/* ranking key, larger first */
};

static void row_stats(const struct share_table *t, size_t ua, size_t ub,
		      int direction, struct row_stat *rs)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct share_row *r = &t->rows[i];
		struct row_stat *x = &rs[i];
		struct kb_welch w;

		x->row = i;
		x->ma = kb_mean(r->s[0], ua);
		x->mb = kb_mean(r->s[1], ub);
		x->d = x->mb - x->ma;
		x->ci = !kb_welch(r->s[0], ua, r->s[1], ub, KB_CMP_LEVEL, &w);
		x->lo = x->ci ? w.lo : x->d;
		x->hi = x->ci ? w.hi : x->d;
		x->p = x->ci ? w.p : NAN;
		x->sig = x->ci && (x->lo > 0 || x->hi < 0);
		/* Growth: the lower bound; shrinkage: minus the upper bound. */
		x->key = direction > 0 ? x->lo : -x->hi;
	}
}

static const struct share_table *sort_table;

static int by_key(const void *x, const void *y)
{
	const struct row_stat *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? 1 : -1;
	if (fabs(a->d) != fabs(b->d))
		return fabs(a->d) < fabs(b->d) ? 1 : -1;
	return strcmp(sort_table->rows[a->row].name,
		      sort_table->rows[b->row].name);
}

static void set_category(json_t *o, enum kb_category c)
{
	json_object_set_new(o, "category", json_string(kb_category_id(c)));
	json_object_set_new(o, "category_name", json_string(kb_category_name(c)));
}

static json_t *row_json(const struct share_table *t, const struct row_stat *x,
			const char *key)
{
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
			      key, t->rows[x->row].name,
			      "base_pct", jnum(x->ma), "new_pct", jnum(x->mb),
			      "delta_pp", jnum(x->d),
			      "ci_pp", jpair(x->lo, x->hi, x->ci),
			      "p", jnum(x->p), "significant", x->sig);

	if (o && !strcmp(key, "function")) {
		const char *name = t->rows[x->row].name;

		set_category(o, kb_category_frame(name, strlen(name)));
	}
	return o;
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
	return kb_category_stack(frames, lens, n);
}

static const char *leaf_of(const char *stack)
{
	const char *semi = strrchr(stack, ';');

	return semi ? semi + 1 : stack;
}

/*
 * Reads every repetition of both sides (PATHS[side][N[side]]) into FN and
 * ST; USED gets the profiles with samples per side, SAMPLES (when not NULL)
 * the samples of every profile. Both tables are initialised, also on error.
 * -ENODATA when a side has no samples at all.
 */
static int load_tables(const char *const *const paths[2], const size_t n[2],
		       struct share_table *fn, struct share_table *st,
		       size_t used[2], json_t *samples[2], char *why,
		       size_t why_len)
{
	int ret, ret2;

	used[0] = used[1] = 0;
	ret = table_init(fn, n[0], n[1]);
	ret2 = table_init(st, n[0], n[1]);
	if (!ret)
		ret = ret2;
	if (ret)
		snprintf(why, why_len, "out of memory");
	for (int side = 0; side < 2 && !ret; side++) {
		for (size_t i = 0; i < n[side] && !ret; i++) {
			uint64_t cnt = 0;

			ret = read_rep(paths[side][i], fn, st, side,
				       used[side], &cnt, why, why_len);
			if (!ret && cnt)
				used[side]++;
			if (!ret && samples &&
			    json_array_append_new(samples[side],
						  json_integer((json_int_t)cnt)))
				ret = -ENOMEM;
		}
	}
	if (!ret && (!used[0] || !used[1])) {
		snprintf(why, why_len, "the %s profiles have no samples",
			 used[0] ? "new" : "base");
		ret = -ENODATA;
	}
	return ret;
}

int kb_profile_diff(const char *const *base, size_t na,
		    const char *const *new, size_t nb, int direction,
		    json_t **out, char *why, size_t why_len)
{
	const char *const *paths[2] = { base, new };
	size_t n[2] = { na, nb }, used[2] = { 0, 0 };
	struct share_table fn, st;
	struct row_stat *fs = NULL, *ss = NULL;
	json_t *res = NULL, *samples[2] = { json_array(), json_array() };
	json_t *funcs = NULL, *stacks = NULL, *culprit = json_null(),
	       *path = json_null();
	int ret;

	*out = NULL;
	ret = load_tables(paths, n, &fn, &st, used, samples, why, why_len);
	if (ret)
		goto out;
	fs = calloc(fn.n + 1, sizeof(*fs));
	ss = calloc(st.n + 1, sizeof(*ss));
	funcs = json_array();
	stacks = json_array();
	if (!fs || !ss || !funcs || !stacks) {
		ret = -ENOMEM;
		goto out;
	}
	row_stats(&fn, used[0], used[1], direction, fs);
	row_stats(&st, used[0], used[1], direction, ss);
	sort_table = &fn;
	qsort(fs, fn.n, sizeof(*fs), by_key);
	sort_table = &st;
	qsort(ss, st.n, sizeof(*ss), by_key);
	sort_table = NULL;
	for (size_t i = 0; i < fn.n && i < JSON_FUNCS; i++)
		json_array_append_new(funcs, row_json(&fn, &fs[i], "function"));
	for (size_t i = 0; i < st.n; i++)
		json_array_append_new(stacks, row_json(&st, &ss[i], "stack"));
	/* The culprit: the first ranked function that moved significantly. */
	for (size_t i = 0; i < fn.n; i++) {
		if (fs[i].sig && fs[i].d * direction > 0) {
			const char *name = fn.rows[fs[i].row].name;

			json_decref(culprit);
			culprit = row_json(&fn, &fs[i], "function");
			/* The path: the stack ending in it that moved most. */
			for (size_t k = 0; k < st.n; k++) {
				if (!strcmp(leaf_of(st.rows[ss[k].row].name), name)) {
					json_decref(path);
					path = row_json(&st, &ss[k], "stack");
					set_category(culprit, stack_category(
						st.rows[ss[k].row].name));
					break;
				}
			}
			break;
		}
	}
	if (json_is_null(path) && st.n && ss[0].sig && ss[0].d * direction > 0) {
		json_decref(path);
		path = row_json(&st, &ss[0], "stack");
	}
	res = json_pack("{s:s, s:{s:I, s:I}, s:{s:O, s:O}, s:O, s:O, s:O, s:O}",
			"method", "self share of each repetition's samples; "
			"Welch 95% CI of the difference of mean shares",
			"repetitions", "base", (json_int_t)used[0],
			"new", (json_int_t)used[1],
			"samples", "base", samples[0], "new", samples[1],
			"culprit", culprit, "path", path,
			"functions", funcs, "stacks", stacks);
	if (!res)
		ret = -ENOMEM;
out:
	if (ret == -ENOMEM)
		snprintf(why, why_len, "out of memory");
	free(fs);
	free(ss);
	json_decref(samples[0]);
	json_decref(samples[1]);
	json_decref(funcs);
	json_decref(stacks);
	json_decref(culprit);
	json_decref(path);
	table_free(&fn);
	table_free(&st);
	*out = res;
	return ret;
}

/* ------------------------------------------------------------------ */
/* The differential flamegraph                                          */

struct diff_node {
	size_t self;		/* row of the stack ending here, or (size_t)-1 */
	double *inc[2];		/* total share per repetition, per side */
	double ma, mb, d, lo, hi;
	bool ci;
};

struct diff_flame {
	const struct row_stat *rs;	/* per row of the stack table */
	struct diff_node *dn;
	double max_abs;			/* the largest significant |delta| */
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
	const struct row_stat *x;
	double t;

	(void)fl;
	if (n->self == (size_t)-1 || !df->rs[n->self].sig) {
		snprintf(rgb, KB_FLAME_RGB, "#d4d4d4");	/* no significant change */
		return;
	}
	x = &df->rs[n->self];
	/* Saturation grows with the change, from a clearly tinted minimum. */
	t = df->max_abs > 0 ? fabs(x->d) / df->max_abs : 1;
	t = 0.3 + 0.7 * (t > 1 ? 1 : t);
	mix(rgb, x->d > 0 ? red_light : blue_light, x->d > 0 ? red : blue, t);
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
	if (n->self != (size_t)-1) {
		const struct row_stat *x = &df->rs[n->self];

		o = (size_t)snprintf(buf, len, "self: base %.2f%%, new %.2f%%, %+.2f pp", x->ma,
				     x->mb, x->d);
		if (o < len && x->ci)
			o += (size_t)snprintf(buf + o, len - o, " (95%% CI %+.2f .. %+.2f)%s",
					      x->lo, x->hi, x->sig ? ", significant" :
					      ", not significant");
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

/* NEW's stacks, all repetitions, frames normalised like the share tables. */
static int read_new_stacks(const char *const *paths, size_t n, struct kb_stacks *ks,
			   char *why, size_t why_len)
{
	char *text = NULL, *buf = NULL;
	size_t tlen = 0, cap = 0, line = 0;
	FILE *m = open_memstream(&text, &tlen), *in;
	ssize_t len;
	int ret = 0;

	if (!m)
		return -ENOMEM;
	for (size_t i = 0; i < n && !ret; i++) {
		in = fopen(paths[i], "r");
		if (!in) {
			ret = -errno;
			snprintf(why, why_len, "%s: %s", paths[i], strerror(errno));
			break;
		}
		while (!ret && (len = getline(&buf, &cap, in)) > 0) {
			char *sp, *norm;

			while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
				buf[--len] = 0;
			sp = strrchr(buf, ' ');
			if (!len || !sp)
				continue;
			*sp = 0;
			norm = norm_frames(buf);
			if (!norm)
				ret = -ENOMEM;
			else
				fprintf(m, "%s %s\n", norm, sp + 1);
			free(norm);
		}
		fclose(in);
	}
	free(buf);
	if (fclose(m) && !ret)
		ret = -ENOMEM;
	kb_stacks_init(ks);
	if (!ret && tlen) {
		FILE *f = fmemopen(text, tlen, "r");

		if (!f) {
			ret = -ENOMEM;
		} else {
			ret = kb_stacks_read(ks, f, &line);
			fclose(f);
		}
		if (ret == -EPROTO)
			snprintf(why, why_len, "the new profiles: line %zu is not 'STACK COUNT'",
				 line);
	}
	if (!ret)
		ret = kb_stacks_sort(ks);
	if (ret && ret != -EPROTO && ret != -ENOENT && ret != -EACCES)
		snprintf(why, why_len, "the new profiles: %s", strerror(-ret));
	free(text);
	return ret;
}

/* Adds row R of ST to every node on its path in FL; records where it ends. */
static int map_row(const struct kb_flame *fl, const struct share_table *st,
		   size_t r, const size_t used[2], struct diff_node *dn)
{
	char *name = strdup(st->rows[r].name), *p, *semi;
	size_t node = 0;

	if (!name)
		return -ENOMEM;
	for (p = name; p; p = semi ? semi + 1 : NULL) {
		size_t c;

		semi = strchr(p, ';');
		if (semi)
			*semi = 0;
		c = kb_flame_child(fl, node, p);
		if (c == (size_t)-1)
			break;		/* not in NEW: not drawn */
		for (int side = 0; side < 2; side++)
			for (size_t k = 0; k < used[side]; k++)
				dn[c].inc[side][k] += st->rows[r].s[side][k];
		node = c;
		if (!semi)
			dn[c].self = r;
	}
	free(name);
	return 0;
}

int kb_diff_flame_write(const char *const *base, size_t na,
			const char *const *new, size_t nb, const char *title,
			FILE *f, char *why, size_t why_len)
{
	const char *const *paths[2] = { base, new };
	size_t n[2] = { na, nb }, used[2];
	struct share_table fn, st;
	struct row_stat *rs = NULL;
	struct diff_flame df = { 0 };
	struct kb_stacks ks;
	struct kb_flame fl = { 0 };
	struct kb_flame_opts o = { 0 };
	char sub[256];
	int ret;

	kb_stacks_init(&ks);
	ret = load_tables(paths, n, &fn, &st, used, NULL, why, why_len);
	if (!ret)
		ret = read_new_stacks(new, nb, &ks, why, why_len);
	if (!ret) {
		ret = kb_flame_build(&fl, &ks);
		if (ret)
			snprintf(why, why_len, "flamegraph: %s", strerror(-ret));
	}
	if (ret)
		goto out;
	rs = calloc(st.n + 1, sizeof(*rs));
	df.dn = calloc(fl.nn, sizeof(*df.dn));
	ret = rs && df.dn ? 0 : -ENOMEM;
	for (size_t i = 0; !ret && i < fl.nn; i++) {
		df.dn[i].self = (size_t)-1;
		df.dn[i].inc[0] = calloc(used[0] + 1, sizeof(double));
		df.dn[i].inc[1] = calloc(used[1] + 1, sizeof(double));
		if (!df.dn[i].inc[0] || !df.dn[i].inc[1])
			ret = -ENOMEM;
	}
	if (ret) {
		snprintf(why, why_len, "out of memory");
		goto out;
	}
	row_stats(&st, used[0], used[1], 1, rs);
	df.rs = rs;
	for (size_t r = 0; !ret && r < st.n; r++)
		ret = map_row(&fl, &st, r, used, df.dn);
	if (ret) {
		snprintf(why, why_len, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < fl.nn; i++) {
		struct diff_node *d = &df.dn[i];
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
		if (d->self != (size_t)-1 && rs[d->self].sig &&
		    fabs(rs[d->self].d) > df.max_abs)
			df.max_abs = fabs(rs[d->self].d);
	}
	snprintf(sub, sizeof(sub), "new: %" PRIu64 " samples, %zu vs %zu profiles; "
		 "saturated where the 95%% CI excludes 0", ks.samples, used[1], used[0]);
	o.title = title;
	o.subtitle = sub;
	o.color = diff_color;
	o.describe = diff_describe;
	o.arg = &df;
	o.legend = "self share: <tspan fill=\"#d62727\">&#9632;</tspan> grew "
		   "<tspan fill=\"#1f5ac8\">&#9632;</tspan> shrank "
		   "<tspan fill=\"#b0b0b0\">&#9632;</tspan> not significant";
	ret = kb_flame_write(&fl, &o, f);
	if (ret)
		snprintf(why, why_len, "%s", strerror(-ret));
out:
	for (size_t i = 0; df.dn && i < fl.nn; i++) {
		free(df.dn[i].inc[0]);
		free(df.dn[i].inc[1]);
	}
	free(df.dn);
	free(rs);
	kb_flame_free(&fl);
	kb_stacks_free(&ks);
	table_free(&fn);
	table_free(&st);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The command                                                          */

struct cmp_opts {
	const char *base, *new, *out;
	double threshold, alpha;
	bool json;
};

struct run_side {
	struct kb_results *r;
	char dir[4096];		/* where results.json and profiles/ are */
	char file[4200];
};

struct cmp_entry {
	const struct kb_bench_result *a, *b;
	const char *name;
	char reason[256];	/* not compared: why */
	bool compared;
	struct kb_cmp_stats s;
	double q;
	enum kb_verdict v;
	unsigned int reps_needed;
	json_t *profile;	/* regressions and improvements */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench compare BASE NEW [--threshold PCT] [--alpha A] [-j] [-o DIR]\n"
		"\n"
		"Compare two `kbench run` results (directories holding results.json,\n"
		"or the files themselves) benchmark by benchmark: medians, change,\n"
		"bootstrap 95%% CI of the change, Mann-Whitney U (exact for small\n"
		"samples) and Welch p-values, Benjamini-Hochberg q-values across the\n"
		"benchmarks, and a verdict. For every regression and improvement the\n"
		"profiles of the two runs are compared function by function, with a\n"
		"confidence interval across repetitions.\n"
		"\n"
		"      --threshold PCT  smallest change that counts (default 3)\n"
		"      --alpha A        false discovery rate (default 0.05)\n"
		"  -j, --json           print compare.json instead of the table\n"
		"  -o, --output DIR     also write DIR/compare.json, compare.html, charts/\n"
		"                       and a differential flamegraph per regression and\n"
		"                       improvement (DIR/diff-BENCH.svg)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 no regression, 1 at least one regression, 2 error.\n");
}

static int parse_opts(int argc, char **argv, struct cmp_opts *o)
{
	enum { OPT_THRESHOLD = 256, OPT_ALPHA };
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "compare", .shortopts = "o:jh",
				.longopts = longopts };
	int c;

	*o = (struct cmp_opts){ .threshold = 3, .alpha = 0.05 };
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case OPT_THRESHOLD:
			if (kb_parse_double(optarg, 0, 1e6, &o->threshold)) {
				kb_err("compare", "--threshold: '%s' is not a percentage >= 0",
				       optarg);
				return -1;
			}
			break;
		case OPT_ALPHA:
			if (kb_parse_double(optarg, 1e-12, 1 - 1e-12, &o->alpha)) {
				kb_err("compare", "--alpha: '%s' is not a number between 0 and 1",
				       optarg);
				return -1;
			}
			break;
		case 'j':
			o->json = true;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (argc - optind < 2) {
		kb_opt_missing("compare", "needs two results: BASE and NEW");
		return -1;
	}
	if (argc - optind > 2) {
		kb_opt_unexpected("compare", argv[optind + 2]);
		return -1;
	}
	o->base = argv[optind];
	o->new = argv[optind + 1];
	return 0;
}

static int load_side(const char *arg, struct run_side *s)
{
	char why[KB_RESULTS_WHY];
	int ret;

	ret = kb_results_locate(arg, s->dir, sizeof(s->dir), s->file, sizeof(s->file));
	if (ret) {
		kb_err("compare", "%s: %s", arg, strerror(-ret));
		return -1;
	}
	ret = kb_results_load(s->file, &s->r, why);
	if (ret) {
		kb_err("compare", "%s", why);
		return -1;
	}
	return 0;
}

static const struct kb_bench_result *find_bench(const struct kb_results *r,
						const char *name)
{
	for (size_t i = 0; i < r->n_benches; i++)
		if (!strcmp(r->benches[i].name, name))
			return &r->benches[i];
	return NULL;
}

/* Run parameters that change what a benchmark measures. */
static bool same_param(const struct kb_results *ra, const struct kb_results *rb,
		       const char *key, const char *sub, char *reason,
		       size_t len)
{
	json_t *a = json_object_get(ra->parameters, key);
	json_t *b = json_object_get(rb->parameters, key);
	char *sa, *sb;

	if (sub) {
		a = json_object_get(a, sub);
		b = json_object_get(b, sub);
	}
	if ((!a && !b) || (a && b && json_equal(a, b)))
		return true;
	/* 1 and 1.0 are the same setting. */
	if (json_is_number(a) && json_is_number(b) &&
	    json_number_value(a) == json_number_value(b))
		return true;
	sa = a ? json_dumps(a, JSON_ENCODE_ANY) : NULL;
	sb = b ? json_dumps(b, JSON_ENCODE_ANY) : NULL;
	snprintf(reason, len, "different parameters: %s%s%s %s vs %s", key,
		 sub ? "." : "", sub ? sub : "", sa ? sa : "(none)",
		 sb ? sb : "(none)");
	free(sa);
	free(sb);
	return false;
}

static bool comparable(const struct run_side *sa, const struct run_side *sb,
		       struct cmp_entry *e)
{
	const struct kb_bench_result *a = e->a, *b = e->b;

	if (strcmp(a->unit, b->unit)) {
		snprintf(e->reason, sizeof(e->reason), "different units: %s vs %s",
			 a->unit, b->unit);
		return false;
	}
	if (strcmp(a->metric, b->metric) || a->higher_is_better != b->higher_is_better) {
		snprintf(e->reason, sizeof(e->reason), "different metrics: %s vs %s",
			 a->metric, b->metric);
		return false;
	}
	if (!a->n_values || !b->n_values) {
		snprintf(e->reason, sizeof(e->reason), "no values in the %s run",
			 a->n_values ? "new" : "base");
		return false;
	}
	if (kb_median(a->values, a->n_values) == 0) {
		snprintf(e->reason, sizeof(e->reason),
			 "the base median is 0: no relative change");
		return false;
	}
	if (!same_param(sa->r, sb->r, "seconds", NULL, e->reason, sizeof(e->reason)) ||
	    !same_param(sa->r, sb->r, "warmup_seconds", NULL, e->reason, sizeof(e->reason)))
		return false;
	if (!strncmp(a->name, "cpu/", 4) &&
	    (!same_param(sa->r, sb->r, "per_cpu", NULL, e->reason, sizeof(e->reason)) ||
	     !same_param(sa->r, sb->r, "threads", NULL, e->reason, sizeof(e->reason))))
		return false;
	if (!strncmp(a->name, "io/", 3) &&
	    (!same_param(sa->r, sb->r, "io", "size_bytes", e->reason, sizeof(e->reason)) ||
	     !same_param(sa->r, sb->r, "io", "fstype", e->reason, sizeof(e->reason))))
		return false;
	return true;
}

static uint64_t name_seed(const char *name)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return KB_CMP_SEED ^ h;
}

/* The profile's stacks.folded paths of a benchmark, or NULL with REASON. */
static char **profile_paths(const struct run_side *s,
			    const struct kb_bench_result *b, size_t *n,
			    char *reason, size_t len)
{
	const struct kb_profiles *pr = &b->profile;
	char **p;

	*n = 0;
	if (!pr->enabled || !pr->n_dirs) {
		snprintf(reason, len, "no profiles in %.300s%s%.150s", s->dir,
			 pr->reason[0] ? ": " : "", pr->reason);
		return NULL;
	}
	p = calloc(pr->n_dirs, sizeof(*p));
	if (!p) {
		snprintf(reason, len, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < pr->n_dirs; i++) {
		if (asprintf(&p[i], "%s/%s/stacks.folded", s->dir, pr->dirs[i]) < 0) {
			p[i] = NULL;
			snprintf(reason, len, "out of memory");
			for (size_t k = 0; k < i; k++)
				free(p[k]);
			free(p);
			return NULL;
		}
	}
	*n = pr->n_dirs;
	return p;
}

static void free_paths(char **p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
	free(p);
}

static json_t *change_of(double x, double y)
{
	return json_pack("{s:o, s:o, s:o}", "base", jnum(x), "new", jnum(y),
			 "change_pct", isfinite(x) && isfinite(y) && x ?
				jnum((y - x) / fabs(x) * 100) : json_null());
}

/* Counters and events per operation, base and new. */
static json_t *counters_json(const struct cmp_entry *e)
{
	json_t *c = json_object(), *ev = json_object();

	if (!c || !ev) {
		json_decref(c);
		json_decref(ev);
		return NULL;
	}
	json_object_set_new(c, "syscalls", change_of(e->a->syscalls_per_op,
						     e->b->syscalls_per_op));
	json_object_set_new(c, "page_faults", change_of(e->a->page_faults_per_op,
							e->b->page_faults_per_op));
	for (size_t i = 0; i < e->a->n_events; i++) {
		const struct kb_event_count *x = &e->a->events[i];
		const struct kb_event_count *y = kb_bench_event(e->b, x->name);

		if (x->supported && y && y->supported)
			json_object_set_new(ev, x->name, change_of(x->per_op, y->per_op));
	}
	json_object_set_new(c, "events", ev);
	return c;
}

void kb_cmp_file_name(char *buf, size_t len, const char *prefix,
		      const char *name, const char *suffix)
{
	snprintf(buf, len, "%s%s%s", prefix, name, suffix);
	for (char *p = buf + strlen(prefix); *p; p++)
		if (*p == '/')
			*p = '-';
}

/* DIR/diff-BENCH.svg from the profiles PA and PB. 0 or -1 after an error. */
static int write_diff_flame(const char *dir, const struct cmp_entry *e,
			    char **pa, size_t na, char **pb, size_t nb)
{
	char name[300], path[4400], tmp[4410], title[400], why[512] = "";
	FILE *f;
	int ret;

	kb_cmp_file_name(name, sizeof(name), "diff-", e->name, ".svg");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	snprintf(title, sizeof(title), "%s: %s %+.1f%%, differential flamegraph",
		 e->name, kb_verdict_name(e->v), e->s.change_pct);
	f = fopen(tmp, "w");
	if (!f) {
		kb_err("compare", "%s: %s", tmp, strerror(errno));
		return -1;
	}
	ret = kb_diff_flame_write((const char *const *)pa, na,
				  (const char *const *)pb, nb, title, f, why,
				  sizeof(why));
	if (fclose(f) && !ret) {
		ret = -errno;
		snprintf(why, sizeof(why), "%s", strerror(errno));
	}
	if (!ret && rename(tmp, path)) {
		ret = -errno;
		snprintf(why, sizeof(why), "%s", strerror(errno));
	}
	if (ret) {
		unlink(tmp);
		kb_err("compare", "%s: %s", path, why);
		return -1;
	}
	return 0;
}

/* The profile analysis; with OUT, also DIR/diff-BENCH.svg. 0 or -1. */
static int analyse_profile(const struct run_side *sa, const struct run_side *sb,
			   struct cmp_entry *e, const char *out)
{
	char reason[512] = "";
	size_t na = 0, nb = 0;
	char **pa = profile_paths(sa, e->a, &na, reason, sizeof(reason));
	char **pb = pa ? profile_paths(sb, e->b, &nb, reason, sizeof(reason)) : NULL;
	json_t *diff = NULL;
	int ret = 0;

	if (pa && pb &&
	    kb_profile_diff((const char *const *)pa, na, (const char *const *)pb,
			    nb, e->v == KB_REGRESSION ? 1 : -1, &diff, reason,
			    sizeof(reason)))
		diff = NULL;
	if (diff && out)
		ret = write_diff_flame(out, e, pa, na, pb, nb);
	free_paths(pa, na);
	free_paths(pb, nb);
	if (diff)
		json_object_set_new(diff, "available", json_true());
	else
		diff = json_pack("{s:b, s:s}", "available", 0, "reason", reason);
	json_object_set_new(diff, "counters_per_op", counters_json(e));
	e->profile = diff;
	return ret;
}

static json_t *values_json(const double *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jnum(v[i]));
	return a;
}

static json_t *side_json(const struct kb_bench_result *b, double median)
{
	struct kb_summary s;

	kb_summarize(b->values, b->n_values, &s);
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "n", (json_int_t)b->n_values,
			 "median", jnum(median), "mean", jnum(s.mean),
			 "cov_pct", jnum(s.cov_pct),
			 "values", values_json(b->values, b->n_values));
}

static json_t *entry_json(const struct cmp_entry *e)
{
	const struct kb_bench_result *x = e->a ? e->a : e->b;
	json_t *o;

	if (!e->compared)
		return json_pack("{s:s, s:b, s:s, s:s}", "name", e->name,
				 "compared", 0, "reason", e->reason,
				 "present", e->a && e->b ? "both" :
					    e->a ? "base" : "new");
	o = json_pack("{s:s, s:b, s:s, s:s, s:b, s:o, s:o, s:o, s:o,"
		      " s:{s:o, s:o, s:b}, s:o, s:o, s:s, s:o, s:o}",
		      "name", e->name, "compared", 1, "metric", x->metric,
		      "unit", x->unit, "higher_is_better", x->higher_is_better,
		      "base", side_json(e->a, e->s.med_a),
		      "new", side_json(e->b, e->s.med_b),
		      "change_pct", jnum(e->s.change_pct),
		      "ci_pct", jpair(e->s.ci_lo, e->s.ci_hi, e->s.ci_valid),
		      "mann_whitney", "u", jnum(e->s.u.u), "p", jnum(e->s.u.p),
		      "exact", e->s.u.exact,
		      "welch", e->s.welch_valid ?
			json_pack("{s:o, s:o, s:o}", "t", jnum(e->s.w.t),
				  "df", jnum(e->s.w.df), "p", jnum(e->s.w.p)) :
			json_null(),
		      "q", jnum(e->q), "verdict", kb_verdict_name(e->v),
		      "reps_needed", e->v == KB_INCONCLUSIVE ?
			json_integer(e->reps_needed) : json_null(),
		      "profile", e->profile ? json_incref(e->profile) : json_null());
	return o;
}

static json_t *run_json(const struct run_side *s)
{
	json_t *k = json_object_get(s->r->host, "kernel");

	return json_pack("{s:s, s:s, s:s, s:O, s:b}", "dir", s->dir,
			 "suite", s->r->suite, "started", s->r->started,
			 "kernel", json_object_get(k, "release") ?
				json_object_get(k, "release") : json_null(),
			 "partial", s->r->partial);
}

static json_t *compare_json(const struct cmp_opts *o, const struct run_side *sa,
			    const struct run_side *sb, const struct cmp_entry *e,
			    size_t n, const size_t count[5])
{
	json_t *benches = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(benches, entry_json(&e[i]));
	return json_pack("{s:s, s:s, s:o, s:o, s:{s:f, s:f, s:f, s:{s:i, s:I},"
			 " s:i, s:f}, s:o, s:{s:I, s:I, s:I, s:I, s:I}}",
			 "schema", KB_COMPARE_SCHEMA,
			 "kbench_version", KBENCH_VERSION,
			 "base", run_json(sa), "new", run_json(sb),
			 "parameters", "threshold_pct", o->threshold,
			 "alpha", o->alpha, "level", KB_CMP_LEVEL,
			 "bootstrap", "iterations", KB_CMP_BOOT_ITERS,
			 "seed", (json_int_t)KB_CMP_SEED,
			 "exact_u_max_n", KB_MWU_EXACT_MAX, "power", KB_CMP_POWER,
			 "benchmarks", benches,
			 "summary", "regressions", (json_int_t)count[KB_REGRESSION],
			 "improvements", (json_int_t)count[KB_IMPROVEMENT],
			 "unchanged", (json_int_t)count[KB_UNCHANGED],
			 "inconclusive", (json_int_t)count[KB_INCONCLUSIVE],
			 "not_compared", (json_int_t)count[4]);
}

/* ------------------------------------------------------------------ */
/* The terminal                                                         */

struct colours {
	const char *red, *green, *yellow, *bold, *off;
};

static const char *verdict_colour(const struct colours *c, enum kb_verdict v)
{
	return v == KB_REGRESSION ? c->red : v == KB_IMPROVEMENT ? c->green :
	       v == KB_INCONCLUSIVE ? c->yellow : "";
}

static void fmt_p(char *buf, size_t len, double p)
{
	if (!isfinite(p))
		snprintf(buf, len, "-");
	else if (p < 0.0001)
		snprintf(buf, len, "<0.0001");
	else
		snprintf(buf, len, "%.4f", p);
}

static void print_profile(FILE *f, const struct colours *c, json_t *p)
{
	json_t *cul = json_object_get(p, "culprit"), *path = json_object_get(p, "path");
	json_t *funcs = json_object_get(p, "functions"), *x;
	json_t *cnt = json_object_get(p, "counters_per_op");
	const char *k;
	size_t i;

	if (!json_is_true(json_object_get(p, "available"))) {
		fprintf(f, "  profile: not available (%s)\n",
			json_string_value(json_object_get(p, "reason")));
	} else {
		fprintf(f, "  profile: %lld + %lld repetitions\n",
			(long long)json_integer_value(json_object_get(
				json_object_get(p, "repetitions"), "base")),
			(long long)json_integer_value(json_object_get(
				json_object_get(p, "repetitions"), "new")));
		if (json_is_object(cul)) {
			json_t *ci = json_object_get(cul, "ci_pp");

			fprintf(f, "  top culprit: %s%s%s (%s)  %+.1f pp (95%% CI %+.1f .. %+.1f)\n",
				c->bold, json_string_value(json_object_get(cul, "function")),
				c->off, json_string_value(json_object_get(cul, "category_name")),
				json_real_value(json_object_get(cul, "delta_pp")),
				json_real_value(json_array_get(ci, 0)),
				json_real_value(json_array_get(ci, 1)));
		} else {
			fprintf(f, "  top culprit: none (no function's share changed significantly)\n");
		}
		if (json_is_object(path))
			fprintf(f, "  path: %s  %+.1f pp\n",
				json_string_value(json_object_get(path, "stack")),
				json_real_value(json_object_get(path, "delta_pp")));
		fprintf(f, "  %7s %7s %9s  %-19s %s\n", "base%", "new%", "delta",
			"95% CI (pp)", "function (self share)");
		json_array_foreach(funcs, i, x) {
			json_t *ci = json_object_get(x, "ci_pp");
			char cis[48] = "-";

			if (i >= TERM_FUNCS)
				break;
			if (json_is_array(ci))
				snprintf(cis, sizeof(cis), "[%+.1f, %+.1f]",
					 json_real_value(json_array_get(ci, 0)),
					 json_real_value(json_array_get(ci, 1)));
			fprintf(f, "  %7.1f %7.1f %+8.1f  %-19s %s%s\n",
				json_real_value(json_object_get(x, "base_pct")),
				json_real_value(json_object_get(x, "new_pct")),
				json_real_value(json_object_get(x, "delta_pp")), cis,
				json_string_value(json_object_get(x, "function")),
				json_is_true(json_object_get(x, "significant")) ? " *" : "");
		}
	}
	fprintf(f, "  per op:");
	json_object_foreach(cnt, k, x) {
		if (!strcmp(k, "events"))
			continue;
		if (json_is_number(json_object_get(x, "base")) &&
		    json_is_number(json_object_get(x, "new")))
			fprintf(f, " %s %.3g -> %.3g;", k,
				json_number_value(json_object_get(x, "base")),
				json_number_value(json_object_get(x, "new")));
		else
			fprintf(f, " %s n/a;", k);
	}
	fputc('\n', f);
}

static void print_table(FILE *f, const struct cmp_opts *o, const struct cmp_entry *e,
			size_t n, const size_t count[5])
{
	struct colours c = { "", "", "", "", "" };

	if (kb_term_colour(fileno(f)))
		c = (struct colours){ "\033[31m", "\033[32m", "\033[33m",
				      "\033[1m", "\033[0m" };
	fprintf(f, "%-16s %-6s %11s %11s %8s %-17s %8s %8s %8s  %s\n",
		"benchmark", "unit", "base", "new", "change", "95% CI", "U p",
		"Welch p", "q", "verdict");
	for (size_t i = 0; i < n; i++) {
		const struct cmp_entry *x = &e[i];
		char ci[40] = "-", up[16], wp[16], q[16];

		if (!x->compared)
			continue;
		if (x->s.ci_valid)
			snprintf(ci, sizeof(ci), "[%+.1f, %+.1f]", x->s.ci_lo,
				 x->s.ci_hi);
		fmt_p(up, sizeof(up), x->s.u.p);
		fmt_p(wp, sizeof(wp), x->s.welch_valid ? x->s.w.p : NAN);
		fmt_p(q, sizeof(q), x->q);
		fprintf(f, "%-16s %-6s %11.5g %11.5g %+7.1f%% %-17s %8s %8s %8s  %s%s%s",
			x->name, x->a->unit, x->s.med_a, x->s.med_b,
			x->s.change_pct, ci, up, wp, q, verdict_colour(&c, x->v),
			kb_verdict_name(x->v), c.off);
		if (x->v == KB_INCONCLUSIVE)
			fprintf(f, " (~%u reps per side to resolve %.3g%%)",
				x->reps_needed, o->threshold);
		fputc('\n', f);
	}
	for (size_t i = 0; i < n; i++)
		if (!e[i].compared)
			fprintf(f, "%-16s not compared: %s\n", e[i].name, e[i].reason);
	for (size_t i = 0; i < n; i++) {
		if (!e[i].profile)
			continue;
		fprintf(f, "\n%s%s%s %s%s%s %+.1f%%\n", c.bold, e[i].name, c.off,
			verdict_colour(&c, e[i].v), kb_verdict_name(e[i].v), c.off,
			e[i].s.change_pct);
		print_profile(f, &c, e[i].profile);
	}
	fprintf(f, "\n%zu compared: %zu regression%s, %zu improvement%s, %zu unchanged, "
		"%zu inconclusive; %zu not compared (threshold %.3g%%, FDR %.3g)\n",
		count[0] + count[1] + count[2] + count[3],
		count[KB_REGRESSION], count[KB_REGRESSION] == 1 ? "" : "s",
		count[KB_IMPROVEMENT], count[KB_IMPROVEMENT] == 1 ? "" : "s",
		count[KB_UNCHANGED], count[KB_INCONCLUSIVE], count[4],
		o->threshold, o->alpha);
}

static int write_json(const char *dir, json_t *root)
{
	char path[4200], tmp[4210];
	bool bad = false;
	FILE *f;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		kb_err("compare", "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/compare.json", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f) {
		bad = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) ||
		      fputc('\n', f) == EOF;
		bad |= fclose(f) != 0;
	}
	if (!f || bad || rename(tmp, path)) {
		kb_err("compare", "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	struct run_side sa = { 0 }, sb = { 0 };
	struct cmp_opts o;
	struct cmp_entry *e = NULL;
	size_t n = 0, m = 0, count[5] = { 0 }, *idx = NULL;
	double *p = NULL, *q = NULL;
	json_t *root = NULL;
	int ret = KB_EXIT_ERROR, r;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	if (load_side(o.base, &sa) || load_side(o.new, &sb))
		goto out;
	e = calloc(sa.r->n_benches + sb.r->n_benches + 1, sizeof(*e));
	p = calloc(sa.r->n_benches + 1, sizeof(*p));
	q = calloc(sa.r->n_benches + 1, sizeof(*q));
	idx = calloc(sa.r->n_benches + 1, sizeof(*idx));
	if (!e || !p || !q || !idx) {
		kb_err("compare", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < sa.r->n_benches; i++) {
		struct cmp_entry *x = &e[n++];

		x->a = &sa.r->benches[i];
		x->name = x->a->name;
		x->b = find_bench(sb.r, x->name);
		if (!x->b) {
			snprintf(x->reason, sizeof(x->reason), "missing in %.200s", sb.file);
			continue;
		}
		if (!comparable(&sa, &sb, x))
			continue;
		r = kb_cmp_stats(x->a->values, x->a->n_values, x->b->values,
				 x->b->n_values, name_seed(x->name), &x->s);
		if (r) {
			snprintf(x->reason, sizeof(x->reason), "cannot compare: %s",
				 strerror(-r));
			continue;
		}
		x->compared = true;
		p[m] = x->s.u.p;
		idx[m++] = n - 1;
	}
	for (size_t i = 0; i < sb.r->n_benches; i++) {
		if (find_bench(sa.r, sb.r->benches[i].name))
			continue;
		e[n].b = &sb.r->benches[i];
		e[n].name = e[n].b->name;
		snprintf(e[n].reason, sizeof(e[n].reason), "missing in %.200s", sa.file);
		n++;
	}
	if (o.out && mkdir(o.out, 0777) && errno != EEXIST) {
		kb_err("compare", "%s: %s", o.out, strerror(errno));
		goto out;
	}
	if (kb_bh_adjust(p, m, q)) {
		kb_err("compare", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < m; i++) {
		struct cmp_entry *x = &e[idx[i]];

		x->q = q[i];
		x->v = kb_cmp_verdict(&x->s, x->q, x->a->higher_is_better,
				      o.threshold, o.alpha);
		if (x->v == KB_INCONCLUSIVE)
			x->reps_needed = kb_cmp_reps_needed(&x->s, o.threshold, o.alpha);
		if ((x->v == KB_REGRESSION || x->v == KB_IMPROVEMENT) &&
		    analyse_profile(&sa, &sb, x, o.out))
			goto out;
		count[x->v]++;
	}
	count[4] = n - m;
	root = compare_json(&o, &sa, &sb, e, n, count);
	if (!root) {
		kb_err("compare", "out of memory");
		goto out;
	}
	if (o.out && write_json(o.out, root))
		goto out;
	if (o.out) {
		bool missing = false;

		if (kb_compare_charts(o.out, root, &missing) ||
		    kb_compare_html(o.out, root, missing))
			goto out;
		if (missing)
			kb_err("compare", "gnuplot is not installed: charts not rendered "
			       "(data and scripts in %s/charts)", o.out);
	}
	if (o.json) {
		if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10)))
			goto out;
		putchar('\n');
	} else {
		print_table(stdout, &o, e, n, count);
	}
	if (fflush(stdout)) {
		kb_err("compare", "stdout: %s", strerror(errno));
		goto out;
	}
	ret = count[KB_REGRESSION] ? KB_EXIT_REGRESSION : KB_EXIT_OK;
out:
	for (size_t i = 0; e && i < n; i++)
		json_decref(e[i].profile);
	free(e);
	free(p);
	free(q);
	free(idx);
	json_decref(root);
	kb_results_free(sa.r);
	kb_results_free(sb.r);
	return ret;
}

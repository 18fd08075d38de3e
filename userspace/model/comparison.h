/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The comparison of two `kbench run` results, typed: what analysis/
 * comparison.c builds once and every output of `kbench compare` renders
 * (the terminal table, compare.json, compare.html, the charts, the
 * differential flamegraphs). compare.json's format is documented in
 * docs/compare.md; kb_comparison_json() writes it.
 */
#ifndef KBENCH_COMPARISON_H
#define KBENCH_COMPARISON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "env_diff.h"
#include "results.h"
#include "stacks.h"

#define KB_COMPARE_SCHEMA "kbench-compare/1"

enum kb_verdict {
	KB_UNCHANGED,
	KB_REGRESSION,
	KB_IMPROVEMENT,
	KB_INCONCLUSIVE,
	KB_VERDICTS
};

/* "unchanged", "regression", "improvement", "inconclusive". */
const char *kb_verdict_name(enum kb_verdict v);

/* One of the two runs. */
struct kb_cmp_run {
	char dir[4096];		/* where its results.json and profiles are */
	char label[64];		/* the name the user gave it ("generic"); "" none */
	char suite[16];
	char started[32];
	char kernel[65];	/* release; "" when unknown (JSON null) */
	char build[128];	/* the kernel's uname -v; "" when unknown */
	bool partial;
	size_t boots;		/* the boots its values come from */
};

/*
 * The between-boot noise assumed where the data cannot measure it
 * (analysis/boots.c): the standard deviation of the log of a boot's mean
 * (x 100, about a CoV in %), per mode and accelerator.
 */
struct kb_boot_prior {
	const char *mode, *accel;	/* NULL: any */
	double cv_pct;
	double df;		/* its weight against the data's boots */
	const char *source;	/* where the number comes from */
};

/* How the statistics were computed (compare.json's "parameters"). */
struct kb_cmp_params {
	double threshold_pct, alpha;
	bool threshold_given;	/* --threshold; else the mode's default */
	char threshold_rule[160];	/* how the default was derived */
	double level;		/* of every confidence interval */
	unsigned int boot_iters;
	uint64_t seed;
	unsigned int exact_u_max_n;
	double power;		/* for reps_needed */
	unsigned int min_values;	/* per side, for any verdict but inconclusive */
	const struct kb_boot_prior *prior;
	char fail_on[16];	/* "regression" or "inconclusive" (recorded) */
	bool force;		/* --force: unlike environments compared */
};

/* Which test's p-value goes into Benjamini-Hochberg. */
enum kb_cmp_test {
	KB_TEST_U,		/* Mann-Whitney U, exact for small samples */
	KB_TEST_T,		/* t on the noise model (struct kb_cmp_model) */
};

/* "mann-whitney", "t". */
const char *kb_cmp_test_name(enum kb_cmp_test t);

/*
 * The noise model of one benchmark (analysis/boots.c): log values, the
 * boot as a random effect. When both sides come from the same boots the
 * boot's effect cancels and the repetition is the unit of evidence;
 * otherwise the boot is, with the between-boot variance measured from the
 * boots and, where there are too few, taken from the prior.
 */
struct kb_cmp_model {
	bool valid;
	char why[96];		/* when not valid */
	bool by_boot;		/* the boot is the unit of evidence */
	size_t boots[2];	/* base, new */
	size_t shared;		/* boots on both sides */
	double within_pct;	/* sd of log values in a boot x 100; NAN: not separable */
	double between_pct;	/* between-boot sd used x 100; NAN: cancels */
	double between_data_pct;	/* what the boots alone say; NAN: too few */
	double boot_sd_pct;	/* sd of the log of a boot's mean x 100; NAN: cancels */
	bool prior_used;
	const char *between_from;	/* "prior", "data", "prior and data"; NULL */
	double data_df;		/* boots beyond the two side means */
	double estimate_pct;	/* change of the mean of boot means of logs, % */
	double ci_lo, ci_hi;	/* its CI at KB_CMP_LEVEL, % */
	double t, df, p;	/* two-sided */
};

/* The statistics of one benchmark, base against new (analysis/verdict.c). */
struct kb_cmp_stats {
	size_t na, nb;
	double med_a, med_b;
	double change_pct;	/* (med_b - med_a) / |med_a| * 100 */
	bool ci_valid;
	double ci_lo, ci_hi;	/* bootstrap CI of change_pct */
	double cov_pct;		/* pooled: sqrt((cov_a^2 + cov_b^2) / 2) */
	struct {
		double u, p;
		bool exact;
	} u;			/* Mann-Whitney U */
	bool welch_valid;	/* two values on each side */
	struct {
		double t, df, p;
	} w;			/* Welch's t-test */
	struct kb_cmp_model model;
	/* Enough values for any verdict but inconclusive; else what is missing. */
	bool decidable;
	char missing[160];
	enum kb_cmp_test test;	/* decidable: whose p goes into BH */
	double p;		/* that p-value */
};

/* One side of a compared benchmark. */
struct kb_cmp_side {
	size_t n;
	double *values;		/* one per repetition (owned) */
	double median, mean, cov_pct;
	/* Bootstrap CI of the median, for the bar chart (median itself: n 1). */
	double med_lo, med_hi;
};

/* Whether a kernel function exists in both builds compared, by their kallsyms. */
enum kb_presence {
	KB_PRESENCE_UNKNOWN,	/* no symbol tables, or not a kernel function */
	KB_PRESENCE_BOTH,
	KB_PRESENCE_APPEARED,	/* only the new build has it */
	KB_PRESENCE_VANISHED,	/* only the base build has it */
};

/* "both", "appeared", "vanished"; NULL when unknown. */
const char *kb_presence_name(enum kb_presence p);

/* The change of one share of samples: a function's self share, or a stack's. */
struct kb_cmp_share {
	char *name;
	/* Functions and the culprit: kb_category_id() and _name(); else NULL. */
	const char *category, *category_name;
	double base_pct, new_pct;	/* mean over repetitions */
	double delta_pp;
	bool ci_valid;			/* two profiles a side */
	double ci_lo, ci_hi;		/* Welch CI of delta_pp */
	double p;			/* Welch's p; NAN without a CI */
	bool significant;		/* the CI excludes 0 */
	/* Stacks: the share in each repetition, per side (diff flamegraph). */
	double *reps[2];
	/* Functions and the culprit: */
	enum kb_presence presence;
	/* the names its frames had per side where not NAME ("f.isra.0_[k]"); NULL */
	char *compiled_as[2];
};

/* A counter per operation in both runs; NAN: not measured. */
struct kb_cmp_change {
	double base, new;
	double change_pct;	/* NAN when either is missing or base is 0 */
};

struct kb_cmp_event {
	char name[32];
	struct kb_cmp_change c;
};

struct kb_cmp_counters {
	struct kb_cmp_change syscalls, page_faults;
	struct kb_cmp_event events[KB_EVENTS_MAX];	/* supported in both */
	size_t n_events;
};

/* The profile difference behind a regression or an improvement. */
struct kb_cmp_profile {
	bool available;
	char reason[512];		/* when not available */
	const char *method;		/* how shares and intervals were computed */
	size_t reps[2];			/* profiles with samples, per side */
	uint64_t *samples[2];		/* samples of every profile, per side */
	size_t n_samples[2];
	struct kb_cmp_share *culprit;	/* NULL: no function moved significantly */
	struct kb_cmp_share *path;	/* the stack ending in it that moved most */
	struct kb_cmp_share *functions;	/* ranked, the first KB_CMP_FUNCS */
	size_t n_functions;
	struct kb_cmp_share *stacks;	/* every stack, ranked */
	size_t n_stacks;
	/* NEW's stacks, every repetition merged, frames as in stacks[]. */
	struct kb_stacks layout;
	struct kb_cmp_counters counters;	/* also when not available */
};

/* One benchmark of either run. */
struct kb_cmp_entry {
	char name[64];
	bool in_base, in_new;
	bool compared;
	char reason[256];		/* not compared: why */
	char metric[32], unit[16];
	bool higher_is_better;
	struct kb_cmp_side side[2];	/* base, new */
	struct kb_cmp_stats s;
	double q;			/* BH-adjusted s.p; NAN: not decidable */
	enum kb_verdict verdict;
	unsigned int reps_needed;	/* inconclusive by repetitions: per side */
	unsigned int boots_needed;	/* inconclusive by boots: per side */
	struct kb_cmp_profile *profile;	/* regressions and improvements */
};

struct kb_comparison {
	struct kb_cmp_run run[2];	/* base, new */
	struct kb_cmp_params par;
	struct kb_env_diff env;		/* like for like, field by field */
	size_t prior_used;		/* verdicts on the prior alone (one boot a side) */
	struct kb_cmp_entry *e;		/* base's benchmarks, then new's others */
	size_t n;
	size_t count[KB_VERDICTS];
	size_t not_compared;
};

/*
 * Several runs against one base, side by side (`kbench compare BASE NEW
 * NEW...`): the comparison of the base with each other run, and the
 * benchmarks of all of them as rows. The runs are pair[0]->run[0] (the
 * base) and pair[i]->run[1] (run i + 1); kb_cmp_set_run() names them.
 */
struct kb_cmp_row {
	char name[64];
	char unit[16];		/* of the first pair that compared it; "" */
	/* Per pair: its entry for this benchmark, NULL when it has none. */
	const struct kb_cmp_entry **e;
};

struct kb_cmp_set {
	size_t n;			/* runs, the base included (>= 2) */
	struct kb_comparison **pair;	/* n - 1: the base against run i + 1 */
	struct kb_cmp_row *rows;	/* the base's benchmarks, then the others' */
	size_t n_rows;
	size_t count[KB_VERDICTS];	/* over every pair */
	size_t not_compared;
};

#define KB_COMPARE_SET_SCHEMA "kbench-compare-set/1"

/* Run K of S: 0 the base, K > 0 the new run of pair K - 1. */
const struct kb_cmp_run *kb_cmp_set_run(const struct kb_cmp_set *s, size_t k);

/* Run K's name for people: its label, else "base" or "new K". */
const char *kb_cmp_run_name(const struct kb_cmp_set *s, size_t k, char *buf,
			    size_t len);

void kb_cmp_set_free(struct kb_cmp_set *s);

/*
 * compare.json of a set ("kbench-compare-set/1", docs/compare.md): the
 * runs, the environments side by side, every benchmark of every run with
 * the change and verdict against the base, the summary, and every pair's
 * compare.json. NULL when out of memory.
 */
json_t *kb_cmp_set_json(const struct kb_cmp_set *s);

/* That JSON into PATH, atomically. 0 or -errno. */
int kb_cmp_set_save(const char *path, const struct kb_cmp_set *s);

void kb_cmp_share_free(struct kb_cmp_share *s);
void kb_cmp_profile_free(struct kb_cmp_profile *p);
void kb_comparison_free(struct kb_comparison *c);

/* compare.json ("kbench-compare/1"), or NULL when out of memory. */
json_t *kb_comparison_json(const struct kb_comparison *c);

/* compare.json into PATH, atomically. 0 or -errno. */
int kb_comparison_save(const char *path, const struct kb_comparison *c);

/*
 * Whether the run parameter KEY (KEY.SUB with SUB) is the same in A and B:
 * both missing, equal, or equal numbers (1 and 1.0). If not, REASON says
 * "different parameters: KEY A vs B".
 */
bool kb_cmp_same_param(const struct kb_results *a, const struct kb_results *b,
		       const char *key, const char *sub, char *reason,
		       size_t len);

/* RUN from the results R read from DIR. */
void kb_cmp_run_from(struct kb_cmp_run *run, const struct kb_results *r,
		     const char *dir);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel builds compared: frames that differ only by the copies the
 * compiler made of a function (.isra.0, .constprop.0, .part.0, .cold, and
 * combinations) are one function; a function only one build has (by its
 * kallsyms) is appeared or vanished, not a change from nothing; and
 * `kbench compare BASE NEW NEW` puts three labelled kernels side by side
 * in one table, one compare.json, one HTML page and charts, with each
 * kernel's configuration and each regression's evidence.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "helpers.h"
#include "cmd/commands.h"
#include "analysis/profile_diff.h"
#include "model/comparison.h"
#include "model/results.h"
#include "util/strmap.h"
#include "util/summary.h"

static void expect_key(const char *frame, const char *key)
{
	char *k = kb_frame_key(frame, strlen(frame));

	assert_non_null(k);
	if (strcmp(k, key))
		fail_msg("'%s' became '%s', expected '%s'", frame, k, key);
	free(k);
}

/* What the compiler appends to a function's copies, alone and together. */
static void compiler_suffixes_dropped(void **state)
{
	(void)state;
	expect_key("do_sys_openat2.isra.0_[k]", "do_sys_openat2_[k]");
	expect_key("syscall_trace_enter.constprop.0_[k]", "syscall_trace_enter_[k]");
	expect_key("__d_lookup_rcu.part.0_[k]", "__d_lookup_rcu_[k]");
	expect_key("link_path_walk.cold_[k]", "link_path_walk_[k]");
	expect_key("f.constprop.0.isra.0_[k]", "f_[k]");
	expect_key("f.part.0.cold_[k]", "f_[k]");
	expect_key("f.isra.12.cold.3_[k]", "f_[k]");
	expect_key("g.lto_priv.0", "g");
	expect_key("h.llvm.1234567890123", "h");
	/* Module frames keep their module. */
	expect_key("kb_sys_enter.isra.0 [kbench]_[k]", "kb_sys_enter [kbench]_[k]");
	/* Demangled C++ clones. */
	expect_key("ns::f(int) [clone .isra.0]", "ns::f(int)");
	/* Dots that are not a compiler's: kept. */
	expect_key("foo.bar_[k]", "foo.bar_[k]");
	expect_key("libc.so.6", "libc.so.6");
	expect_key("cold", "cold");
	expect_key(".cold_[k]", ".cold_[k]");
	expect_key("x.12_[k]", "x.12_[k]");
	/* Addresses, which ASLR moves, as before. */
	expect_key("0x7ffc1234", "[unknown]");
	expect_key("0xffffffff81234567_[k]", "[unknown]_[k]");
	expect_key("libc.so.6+0x7f1234", "libc.so.6+[unknown]");
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* DIR/NAME-I/stacks.folded with TEXT; its path into PATH. */
static void write_profile(const char *dir, const char *name, int i, const char *text,
			  char *path, size_t len)
{
	snprintf(path, len, "%s/%s-%d", dir, name, i);
	mkdir(path, 0777);
	strncat(path, "/stacks.folded", len - strlen(path) - 1);
	write_text(path, text);
}

static const struct kb_cmp_share *fn_of(const struct kb_cmp_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_functions; i++)
		if (!strcmp(p->functions[i].name, name))
			return &p->functions[i];
	return NULL;
}

static void intern_all(struct kb_strmap *m, const char *const *names)
{
	size_t id;

	kb_strmap_init(m);
	for (; *names; names++)
		assert_int_equal(kb_strmap_intern(m, *names, strlen(*names), &id), 0);
}

/*
 * A generic build (open_helper.isra.0, old_lock) against an RT build
 * (open_helper, rt_spin_lock); late is in both, sampled in the RT one only.
 */
static void builds_matched(void **state)
{
	static const char *const gen_syms[] = { "open_helper_[k]", "old_lock_[k]",
		"work_[k]", "ghost_[k]", "late_[k]", NULL };
	static const char *const rt_syms[] = { "open_helper_[k]", "rt_spin_lock_[k]",
		"work_[k]", "ghost_[k]", "late_[k]", NULL };
	char dir[256], pa[3][512], pb[3][512], text[512], why[256];
	const char *a[3], *b[3];
	struct kb_strmap gen, rt;
	const struct kb_strmap *syms[2] = { &gen, &rt };
	const struct kb_cmp_share *f;
	struct kb_cmp_profile d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/builds", group_tmpdir());
	mkdir(dir, 0777);
	for (int i = 0; i < 3; i++) {
		snprintf(text, sizeof(text), "k;sys_open_[k];open_helper.isra.0_[k] %d\n"
			 "k;sys_open_[k];old_lock_[k] %d\nk;work_[k] 500\nk;0x7ffc%04x 5\n",
			 300 + i, 100 + i, 0x1000 * i);
		write_profile(dir, "gen", i, text, pa[i], sizeof(pa[i]));
		snprintf(text, sizeof(text), "k;sys_open_[k];open_helper_[k] %d\n"
			 "k;sys_open_[k];rt_spin_lock_[k] %d\nk;work_[k] 500\n"
			 "k;late_[k] %d\n", 301 - i, 250 + 5 * i, 40 + i);
		write_profile(dir, "rt", i, text, pb[i], sizeof(pb[i]));
		a[i] = pa[i];
		b[i] = pb[i];
	}
	intern_all(&gen, gen_syms);
	intern_all(&rt, rt_syms);
	assert_int_equal(kb_profile_diff_builds(a, 3, b, 3, syms, 1, &d, why,
						sizeof(why)), 0);
	/* One function, whatever its copy was called in either build. */
	f = fn_of(&d, "open_helper_[k]");
	assert_non_null(f);
	assert_null(fn_of(&d, "open_helper.isra.0_[k]"));
	assert_true(f->base_pct > 30 && f->new_pct > 25 && fabs(f->delta_pp) < 8);
	assert_int_equal(f->presence, KB_PRESENCE_BOTH);
	assert_string_equal(f->compiled_as[0], "open_helper.isra.0_[k]");
	assert_null(f->compiled_as[1]);
	/* Only in one build: appeared, vanished; the culprit says so too. */
	f = fn_of(&d, "rt_spin_lock_[k]");
	assert_non_null(f);
	assert_int_equal(f->presence, KB_PRESENCE_APPEARED);
	assert_true(f->delta_pp > 20);
	assert_non_null(d.culprit);
	assert_string_equal(d.culprit->name, "rt_spin_lock_[k]");
	assert_int_equal(d.culprit->presence, KB_PRESENCE_APPEARED);
	assert_int_equal(fn_of(&d, "old_lock_[k]")->presence, KB_PRESENCE_VANISHED);
	/* In both builds, sampled in one: a change, not a new function. */
	assert_int_equal(fn_of(&d, "late_[k]")->presence, KB_PRESENCE_BOTH);
	assert_int_equal(fn_of(&d, "work_[k]")->presence, KB_PRESENCE_BOTH);
	/* Addresses are no compiler's copies: no names kept for them. */
	f = fn_of(&d, "[unknown]");
	assert_non_null(f);
	assert_null(f->compiled_as[0]);
	assert_int_equal(f->presence, KB_PRESENCE_UNKNOWN);
	assert_string_equal(kb_presence_name(KB_PRESENCE_APPEARED), "appeared");
	assert_null(kb_presence_name(KB_PRESENCE_UNKNOWN));
	kb_cmp_profile_free(&d);

	/* Without the builds' symbols: matched all the same, presence unknown. */
	assert_int_equal(kb_profile_diff(a, 3, b, 3, 1, &d, why, sizeof(why)), 0);
	f = fn_of(&d, "open_helper_[k]");
	assert_non_null(f);
	assert_int_equal(f->presence, KB_PRESENCE_UNKNOWN);
	assert_int_equal(fn_of(&d, "rt_spin_lock_[k]")->presence, KB_PRESENCE_UNKNOWN);
	kb_cmp_profile_free(&d);
	kb_strmap_free(&gen);
	kb_strmap_free(&rt);
}

/* ------------------------------------------------------------------ */

/* One kernel build: its name, config facts, kallsyms and hot function. */
struct kernel {
	const char *dir, *release, *build, *preempt, *debug;
	double null_ns;		/* syscall/null's mean */
	const char *hot;	/* the function that takes its extra time */
	const char *kallsyms;
};

static void set_env(struct kb_env *e, const struct kernel *k)
{
	kb_env_init(e);
	snprintf(e->accel, sizeof(e->accel), "tcg");
	snprintf(e->mode, sizeof(e->mode), KB_MODE_DETERMINISTIC);
	snprintf(e->timing, sizeof(e->timing), KB_TIMING_METHOD);
	snprintf(e->clocksource, sizeof(e->clocksource), "tsc");
	e->cpus = 1;
	e->mem_kb = 1000000;
	snprintf(e->kernel, sizeof(e->kernel), "%s", k->release);
	snprintf(e->build, sizeof(e->build), "%s", k->build);
	snprintf(e->boot_id, sizeof(e->boot_id), "boot-%s", k->release);
	snprintf(e->config.source, sizeof(e->config.source), "/boot/config-%s", k->release);
	snprintf(e->config.preempt, sizeof(e->config.preempt), "%s", k->preempt);
	e->config.hz = 250;
	snprintf(e->config.debug, sizeof(e->config.debug), "%s", k->debug);
}

/* A benchmark of R with 5 values about MEAN (+-0.01 %). */
static struct kb_bench_result *add_bench(struct kb_results *r, const char *name,
					 double mean)
{
	struct kb_bench_result *b = kb_results_add(r);

	snprintf(b->name, sizeof(b->name), "%s", name);
	snprintf(b->metric, sizeof(b->metric), "latency");
	snprintf(b->unit, sizeof(b->unit), "ns/op");
	b->values = malloc(5 * sizeof(double));
	for (int i = 0; i < 5; i++)
		b->values[i] = mean * (1 + 0.0001 * (i - 2));
	b->n_values = 5;
	kb_summarize(b->values, 5, &b->summary);
	b->syscalls_per_op = 1.0;
	b->page_faults_per_op = 0.0;
	return b;
}

/* K's results directory: syscall/null profiled 3 times, syscall/stat. */
static void write_kernel(const struct kernel *k)
{
	struct kb_results *r = kb_results_new();
	struct kb_bench_result *b;
	char path[512], rel[64], text[512], why[KB_RESULTS_WHY];

	assert_non_null(r);
	mkdir(k->dir, 0777);
	set_env(&r->env, k);
	snprintf(r->suite, sizeof(r->suite), "syscall");
	snprintf(r->started, sizeof(r->started), "2026-01-01T00:00:00Z");
	r->host = json_pack("{s:{s:s}}", "kernel", "release", k->release);
	r->noise = json_object();
	r->parameters = json_pack("{s:f, s:f}", "seconds", 0.2, "warmup_seconds", 0.05);
	r->profile.enabled = true;
	b = add_bench(r, "syscall/null", k->null_ns);
	b->profile.enabled = true;
	for (int i = 0; i < 3; i++) {
		snprintf(text, sizeof(text), "kbench;getppid;entry_SYSCALL_64_[k];"
			 "do_syscall_64.constprop.0_[k] %d\nkbench;getppid;entry_SYSCALL_64_[k];"
			 "%s %d\n", 600 + i, k->hot, (int)(k->null_ns - 400) + i);
		write_profile(k->dir, "null", i, text, path, sizeof(path));
		snprintf(rel, sizeof(rel), "null-%d", i);
		assert_int_equal(kb_profiles_add_dir(&b->profile, rel), 0);
		snprintf(path, sizeof(path), "%s/null-%d/kallsyms", k->dir, i);
		write_text(path, k->kallsyms);
	}
	add_bench(r, "syscall/stat", 7480);
	snprintf(path, sizeof(path), "%s/results.json", k->dir);
	assert_int_equal(kb_results_write(r, path, why), 0);
	kb_results_free(r);
}

static json_t *jget(json_t *j, const char *path)
{
	char key[64];

	while (j && *path) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		j = json_is_array(j) ? json_array_get(j, strtoul(key, NULL, 10)) :
				       json_object_get(j, key);
		path += n + (path[n] == '.');
	}
	return j;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_non_null(s);
	fread(s, 1, (1 << 20) - 1, f);
	fclose(f);
	return s;
}

/* Three kernels: generic (the base), rt (slower, rt_spin_lock), cloud (the same). */
static void three_kernels(char dirs[3][256])
{
	const struct kernel k[3] = {
		{ dirs[0], "6.1.0-57-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3",
		  "voluntary (dynamic)", "DEBUG_LIST", 463.9, "fast_path_[k]",
		  "ffffffff81000000 T do_syscall_64.constprop.0\n"
		  "ffffffff81000100 T fast_path\n" },
		{ dirs[1], "6.1.0-57-rt-amd64", "#1 SMP PREEMPT_RT Debian 6.1.192-3",
		  "rt", "DEBUG_LIST", 530.0, "rt_spin_lock_[k]",
		  "ffffffff81000000 T do_syscall_64\nffffffff81000100 T rt_spin_lock\n"
		  "ffffffffc0000000 t kb_sys_enter\t[kbench]\n" },
		{ dirs[2], "6.1.0-57-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3",
		  "voluntary (dynamic)", "none", 463.9, "fast_path_[k]",
		  "ffffffff81000000 T do_syscall_64.constprop.0\n"
		  "ffffffff81000100 T fast_path\n" },
	};
	const char *names[3] = { "generic", "rt", "cloud" };

	for (int i = 0; i < 3; i++) {
		snprintf(dirs[i], 256, "%s/%s", group_tmpdir(), names[i]);
		write_kernel(&k[i]);
	}
}

/* The set's compare.json: runs, configs side by side, changes, pairs. */
static void check_set_json(json_t *j)
{
	assert_string_equal(json_string_value(jget(j, "schema")), KB_COMPARE_SET_SCHEMA);
	assert_int_equal(json_array_size(jget(j, "runs")), 3);
	assert_string_equal(json_string_value(jget(j, "runs.1.label")), "rt");
	assert_string_equal(json_string_value(jget(j, "runs.1.kernel")), "6.1.0-57-rt-amd64");
	assert_string_equal(json_string_value(jget(j, "runs.1.kernel_build")),
			    "#1 SMP PREEMPT_RT Debian 6.1.192-3");
	/* The configurations, every run's, and where they differ. */
	assert_string_equal(json_string_value(jget(j, "environment.fields.preempt.values.1")),
			    "rt");
	assert_string_equal(json_string_value(jget(j, "environment.fields.preempt.values.2")),
			    "voluntary (dynamic)");
	assert_true(json_is_true(jget(j, "environment.fields.preempt.differs")));
	assert_false(json_is_true(jget(j, "environment.fields.preempt.invalidates")));
	assert_true(json_is_true(jget(j, "environment.fields.debug.differs")));
	assert_false(json_is_true(jget(j, "environment.fields.hz.differs")));
	/* Every benchmark, every run. */
	assert_string_equal(json_string_value(jget(j, "benchmarks.0.name")), "syscall/null");
	assert_true(fabs(json_real_value(jget(j, "benchmarks.0.runs.0.median")) - 463.9) < 1e-6);
	assert_string_equal(json_string_value(jget(j, "benchmarks.0.changes.0.verdict")),
			    "regression");
	assert_string_equal(json_string_value(jget(j, "benchmarks.0.changes.0.culprit")),
			    "rt_spin_lock_[k]");
	assert_string_equal(json_string_value(jget(j, "benchmarks.0.changes.1.verdict")),
			    "unchanged");
	assert_int_equal(json_integer_value(jget(j, "summary.regressions")), 1);
	/* Each pair in full, the culprit an RT function. */
	assert_int_equal(json_array_size(jget(j, "comparisons")), 2);
	assert_string_equal(json_string_value(jget(j, "comparisons.0.new.label")), "rt");
	assert_string_equal(json_string_value(jget(j,
		"comparisons.0.benchmarks.0.profile.culprit.presence")), "appeared");
}

static char text[32768], err[8192];

/* kbench compare ARGS... (getopt reorders its argv: a fresh one each time). */
static int compare(const char *arg, ...)
{
	char *argv[24] = { "compare" };
	int argc = 1;
	va_list ap;

	va_start(ap, arg);
	for (; arg && argc < 23; arg = va_arg(ap, const char *))
		argv[argc++] = (char *)arg;
	va_end(ap);
	return run_captured(cmd_compare, argc, argv, text, err, sizeof(text));
}

static void kernels_side_by_side(void **state)
{
	char dirs[3][256], out[300], path[400], *html;
	json_error_t jerr;
	json_t *j;

	(void)state;
	three_kernels(dirs);
	snprintf(out, sizeof(out), "%s/cmp3", group_tmpdir());
	assert_int_equal(compare("-l", "generic", "-l", "rt", "-l", "cloud", dirs[0],
				 dirs[1], dirs[2], "-o", out, NULL), 1);
	print_message("%s", text);
	/* One table: every kernel by label, human numbers, the configs that differ. */
	assert_non_null(strstr(text, "  new 1  rt           6.1.0-57-rt-amd64 #1 SMP PREEMPT_RT"));
	assert_non_null(strstr(text, "preemption           voluntary (dynamic) | rt | "
			       "voluntary (dynamic)\n"));
	/* Every kernel's median and spread, the change with its CI, the verdict. */
	assert_non_null(strstr(text, "benchmark             generic     cov             rt     cov"
			       "   change 95% CI           verdict               cloud"));
	assert_non_null(strstr(text, "syscall/null        464 ns/op   0.02%      530 ns/op   0.02%"
			       "   +14.2% [+14.0, +14.5]   regression        464 ns/op"));
	assert_non_null(strstr(text, "rt vs generic: syscall/null regression +14.2%"));
	assert_non_null(strstr(text, "top culprit: rt_spin_lock_[k]"));
	assert_non_null(strstr(text, "(appeared: only the new build has it)"));
	assert_non_null(strstr(text, "cloud vs generic: 2 compared: 0 regressions"));
	assert_null(strstr(text, "463.9"));

	snprintf(path, sizeof(path), "%s/compare.json", out);
	j = json_load_file(path, 0, &jerr);
	assert_non_null(j);
	check_set_json(j);
	json_decref(j);
	/* Each pair's own outputs, and the page with all of them. */
	snprintf(path, sizeof(path), "%s/vs-rt/compare.json", out);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/vs-rt/diff-syscall-null.svg", out);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/charts/change.dat", out);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/charts/bars-syscall-null.gp", out);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/compare.html", out);
	html = slurp(path);
	assert_non_null(strstr(html, "<b>rt</b>: <code>"));
	assert_non_null(strstr(html, "<code>#1 SMP PREEMPT_RT Debian 6.1.192-3</code>"));
	assert_non_null(strstr(html, "<tr class=\"env-differs\"><td>preemption</td>"
			       "<td>voluntary (dynamic)</td><td>rt</td>"));
	assert_non_null(strstr(html, "<td class=\"num\">464 ns/op &plusmn;0.02%</td>"));
	assert_non_null(strstr(html, "<a href=\"#rt-syscall-null\">regression</a>"));
	assert_non_null(strstr(html, "<section id=\"rt-syscall-null\">"));
	assert_non_null(strstr(html, "appeared: only the new build has it"));
	assert_non_null(strstr(html, "data:image/svg+xml;base64,"));
	free(html);

	/* -j: the set's JSON on stdout. */
	assert_int_equal(compare("-l", "generic", "-l", "rt", "-l", "cloud", dirs[0],
				 dirs[1], dirs[2], "-j", NULL), 1);
	j = json_loads(text, 0, &jerr);
	assert_non_null(j);
	check_set_json(j);
	json_decref(j);
}

/* Two runs: compare.json and the table as before, the labels added. */
static void two_labelled_runs(void **state)
{
	char dirs[3][256];
	json_error_t jerr;
	json_t *j;

	(void)state;
	three_kernels(dirs);
	assert_int_equal(compare(dirs[0], dirs[2], "-l", "before", "-l", "after", "-j",
				 NULL), 0);
	j = json_loads(text, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(jget(j, "schema")), KB_COMPARE_SCHEMA);
	assert_string_equal(json_string_value(jget(j, "base.label")), "before");
	assert_string_equal(json_string_value(jget(j, "new.label")), "after");
	assert_string_equal(json_string_value(jget(j, "new.kernel")), "6.1.0-57-cloud-amd64");
	assert_true(json_is_true(jget(j, "environment.fields.debug.differs")));
	json_decref(j);
	assert_int_equal(compare(dirs[0], dirs[2], "-l", "before", "-l", "after", NULL), 0);
	assert_non_null(strstr(text, "  base   before       6.1.0-57-amd64 #1 SMP"));
	assert_non_null(strstr(text, "benchmark              before        after"));
	assert_non_null(strstr(text, "  differs:      debug options        DEBUG_LIST -> none\n"));

	/* Labels must tell the runs apart, one per run. */
	assert_int_equal(compare(dirs[0], dirs[2], "-l", "before", "-l", "before", NULL), 2);
	assert_non_null(strstr(err, "have the same label 'before'"));
	assert_int_equal(compare(dirs[0], dirs[2], "-l", "before", NULL), 2);
	assert_non_null(strstr(err, "--label: 1 label for 2 runs"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compiler_suffixes_dropped),
		cmocka_unit_test(builds_matched),
		cmocka_unit_test(kernels_side_by_side),
		cmocka_unit_test(two_labelled_runs),
	};

	return cmocka_run_group_tests_name("kernels", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

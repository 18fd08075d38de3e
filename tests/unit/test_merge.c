// SPDX-License-Identifier: GPL-2.0
/*
 * kbench merge: results of one suite merged into one results.json, values
 * concatenated with the boot each came from (results of one boot stay one
 * boot, unknown boots each their own), profile directories rebased so they
 * resolve from the output, counters weighted; unlike results refused with
 * the differing fields named unless --force; and compare on merged results
 * takes the boot as its unit.
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

#include "helpers.h"
#include "cmd/commands.h"
#include "model/results.h"
#include "model/results_merge.h"
#include "util/fileio.h"

static char out_text[65536], err_text[8192];

/* One input: DIR/results.json of boot BOOT, kernel KERNEL, two benchmarks. */
static void write_input(const char *dir, const char *boot, const char *kernel,
			double base, const char *unit)
{
	struct kb_results *r = kb_results_new();
	char path[600], why[KB_RESULTS_WHY];

	assert_non_null(r);
	kb_mkdir_p(dir);
	snprintf(r->suite, sizeof(r->suite), "syscall");
	snprintf(r->started, sizeof(r->started), "2026-01-0%cT00:00:00Z", dir[strlen(dir) - 1]);
	snprintf(r->finished, sizeof(r->finished), "2026-01-0%cT01:00:00Z", dir[strlen(dir) - 1]);
	r->host = json_pack("{s:s, s:{s:s}}", "hostname", "h", "kernel", "release", kernel);
	r->parameters = json_pack("{s:f, s:f, s:s}", "seconds", 1.0, "warmup_seconds", 1.0,
				  "out", dir);
	r->profile.enabled = true;
	snprintf(r->env.mode, sizeof(r->env.mode), KB_MODE_WALLCLOCK);
	snprintf(r->env.accel, sizeof(r->env.accel), "kvm");
	snprintf(r->env.timing, sizeof(r->env.timing), KB_TIMING_METHOD);
	r->env.cpus = 2;
	snprintf(r->env.kernel, sizeof(r->env.kernel), "%s", kernel);
	snprintf(r->env.boot_id, sizeof(r->env.boot_id), "%s", boot);
	assert_int_equal(kb_results_add_boot(r, boot), 0);
	for (int k = 0; k < 2; k++) {
		struct kb_bench_result *b = kb_results_add(r);
		double v[3] = { base * (k + 1), base * (k + 1) + 1, base * (k + 1) + 2 };
		double pv[1] = { base * (k + 1) * 1.1 };

		snprintf(b->name, sizeof(b->name), "syscall/b%d", k);
		snprintf(b->metric, sizeof(b->metric), "latency");
		snprintf(b->unit, sizeof(b->unit), "%s", k ? unit : "ns/op");
		b->values = malloc(sizeof(v));
		memcpy(b->values, v, sizeof(v));
		b->n_values = 3;
		b->profiled_values = malloc(sizeof(pv));
		memcpy(b->profiled_values, pv, sizeof(pv));
		b->n_profiled = 1;
		b->syscalls_per_op = base / 100;
		b->profile.enabled = true;
		snprintf(path, sizeof(path), "profiles/b%d-1", k);
		assert_int_equal(kb_profiles_add_dir(&b->profile, path), 0);
		snprintf(path, sizeof(path), "%s/profiles/b%d-1", dir, k);
		kb_mkdir_p(path);
	}
	snprintf(path, sizeof(path), "%s/results.json", dir);
	assert_int_equal(kb_results_write(r, path, why), 0);
	kb_results_free(r);
}

static int merge(char **args, size_t n)
{
	char *argv[16] = { "merge" };

	for (size_t i = 0; i < n; i++)
		argv[i + 1] = args[i];
	return run_captured(cmd_merge, (int)n + 1, argv, out_text, err_text, sizeof(out_text));
}

static struct kb_results *load(const char *dir)
{
	char path[600], why[KB_RESULTS_WHY];
	struct kb_results *r;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	assert_int_equal(kb_results_load(path, &r, why), 0);
	return r;
}

/* A profile directory DIR of the merged result in OUT exists. */
static void assert_resolves(const char *out, const char *dir)
{
	char path[1200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", out, dir);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		fail_msg("%s does not resolve from %s", dir, out);
}

static void merges_values_boots_profiles(void **state)
{
	char r1[256], r2[256], r3[256], out[256];
	const struct kb_bench_result *b;
	struct kb_results *m;

	(void)state;
	snprintf(r1, sizeof(r1), "%s/in/r1", group_tmpdir());
	snprintf(r2, sizeof(r2), "%s/in/r2", group_tmpdir());
	snprintf(r3, sizeof(r3), "%s/in/r3", group_tmpdir());
	snprintf(out, sizeof(out), "%s/merged/deep", group_tmpdir());
	write_input(r1, "boot-a", "6.1", 100, "ns/op");
	write_input(r2, "boot-a", "6.1", 200, "ns/op");	/* the same boot */
	write_input(r3, "boot-b", "6.1", 300, "ns/op");
	assert_int_equal(merge((char *[]){ "-o", out, r1, r2, r3 }, 5), 0);
	assert_non_null(strstr(out_text, "merged 2 benchmarks from 2 boots into "));
	m = load(out);
	assert_int_equal(m->n_boots, 2);
	assert_string_equal(m->boots[0], "boot-a");
	assert_string_equal(m->boots[1], "boot-b");
	assert_string_equal(m->env.boot_id, "boot-a");
	assert_string_equal(m->started, "2026-01-01T00:00:00Z");
	assert_string_equal(m->finished, "2026-01-03T01:00:00Z");
	assert_int_equal(json_array_size(json_object_get(m->parameters, "merged_from")), 3);
	assert_int_equal(m->n_benches, 2);
	b = &m->benches[0];
	assert_int_equal(b->n_values, 9);
	assert_true(b->values[0] == 100 && b->values[3] == 200 && b->values[8] == 302);
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(kb_bench_value_boot(b, i), i < 6 ? 0 : 1);
	assert_int_equal(b->summary.n, 9);
	assert_true(b->summary.median == 201);
	assert_int_equal(b->n_profiled, 3);
	assert_true(fabs(b->syscalls_per_op - 2) < 1e-12);	/* (1 + 2 + 3) / 3 */
	/* Profiled 110, 220, 330 against the median 201. */
	assert_true(fabs(b->profile_overhead_pct - 1900.0 / 201) < 1e-9);
	assert_int_equal(b->profile.n_dirs, 3);
	assert_string_equal(b->profile.dirs[0], "../../in/r1/profiles/b0-1");
	for (size_t i = 0; i < 3; i++)
		assert_resolves(out, b->profile.dirs[i]);
	kb_results_free(m);

	/* Merged results merge again; the directories still resolve. */
	snprintf(r1, sizeof(r1), "%s/again", group_tmpdir());
	assert_int_equal(merge((char *[]){ "-o", r1, out, r3 }, 4), 0);
	m = load(r1);
	assert_int_equal(m->benches[1].n_values, 12);
	assert_int_equal(m->n_boots, 2);	/* boot-b is in both */
	for (size_t i = 0; i < m->benches[1].profile.n_dirs; i++)
		assert_resolves(r1, m->benches[1].profile.dirs[i]);
	assert_string_equal(m->benches[1].profile.dirs[3], "../in/r3/profiles/b1-1");
	kb_results_free(m);

	/* Into one of the inputs' own directory: paths stay as they were. */
	snprintf(out, sizeof(out), "%s/in/r1", group_tmpdir());
	snprintf(r1, sizeof(r1), "%s/in/r1/results.json", group_tmpdir());
	assert_int_equal(merge((char *[]){ "-o", out, r1, r2, "-j" }, 5), 0);
	assert_non_null(strstr(out_text, "\"schema\": \"kbench-run/1.1\""));
	assert_non_null(strstr(out_text, "\"profiles/b0-1\""));
	assert_non_null(strstr(out_text, "\"../r2/profiles/b0-1\""));
}

/* Results that did not record their boot: each is a boot of its own. */
static void unknown_boots_stay_apart(void **state)
{
	char r1[256], r2[256], out[256];
	struct kb_results *m;

	(void)state;
	snprintf(r1, sizeof(r1), "%s/u/r1", group_tmpdir());
	snprintf(r2, sizeof(r2), "%s/u/r2", group_tmpdir());
	snprintf(out, sizeof(out), "%s/u/out", group_tmpdir());
	write_input(r1, "unknown", "6.1", 100, "ns/op");
	write_input(r2, "unknown", "6.1", 100, "ns/op");
	assert_true(kb_boot_unknown("unknown") && kb_boot_unknown("") &&
		    kb_boot_unknown("unknown-7") && !kb_boot_unknown("boot-a"));
	assert_int_equal(merge((char *[]){ "-o", out, r1, r2 }, 4), 0);
	m = load(out);
	assert_int_equal(m->n_boots, 2);
	assert_string_equal(m->boots[0], "unknown-1");
	assert_string_equal(m->boots[1], "unknown-2");
	assert_int_equal(kb_bench_value_boot(&m->benches[0], 3), 1);
	kb_results_free(m);
}

static void unlike_results_refused(void **state)
{
	char r1[256], r2[256], r3[256], out[256];

	(void)state;
	snprintf(r1, sizeof(r1), "%s/x/r1", group_tmpdir());
	snprintf(r2, sizeof(r2), "%s/x/r2", group_tmpdir());
	snprintf(r3, sizeof(r3), "%s/x/r3", group_tmpdir());
	snprintf(out, sizeof(out), "%s/x/out", group_tmpdir());
	write_input(r1, "boot-a", "6.1", 100, "ns/op");
	write_input(r2, "boot-b", "6.2", 100, "ns/op");
	write_input(r3, "boot-c", "6.1", 100, "us/op");
	assert_int_equal(merge((char *[]){ "-o", out, r1, r2 }, 4), 2);
	assert_non_null(strstr(err_text, "kbench: merge: "));
	assert_non_null(strstr(err_text, "r2/results.json differs from "));
	assert_non_null(strstr(err_text, "environment: kernel (6.1 vs 6.2)"));
	assert_non_null(strstr(err_text, "(--force merges them anyway)"));
	{
		char path[300];

		snprintf(path, sizeof(path), "%s/results.json", out);
		assert_int_equal(access(path, F_OK), -1);	/* nothing written */
	}
	assert_int_equal(merge((char *[]){ "-o", out, r1, r2, "--force" }, 5), 0);
	/* Another unit is another benchmark: never merged. */
	assert_int_equal(merge((char *[]){ "-o", out, r1, r3, "--force" }, 5), 2);
	assert_non_null(strstr(err_text, "syscall/b1 measures latency in us/op"));
	/* Usage. */
	assert_int_equal(merge((char *[]){ "-o", out, r1 }, 3), 2);
	assert_int_equal(merge((char *[]){ "-o", out, r1, "/nonexistent" }, 4), 2);
	assert_non_null(strstr(err_text, "/nonexistent: No such file or directory"));
}

/*
 * Compare on merged results: three boots a side, the boot the unit, the
 * between-boot variance from the boots and the prior.
 */
static void compare_takes_boots(void **state)
{
	char dirs[6][256], base[256], new[256], cmp[256], path[300];
	json_error_t err;
	json_t *root, *model;
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		char boot[16];

		snprintf(dirs[i], sizeof(dirs[i]), "%s/c/r%zu", group_tmpdir(), i + 1);
		snprintf(boot, sizeof(boot), "boot-%zu", i);
		write_input(dirs[i], boot, "6.1", i < 3 ? 1000 + 10 * (double)i :
			    1300 + 10 * (double)i, "ns/op");
	}
	snprintf(base, sizeof(base), "%s/c/base", group_tmpdir());
	snprintf(new, sizeof(new), "%s/c/new", group_tmpdir());
	snprintf(cmp, sizeof(cmp), "%s/c/cmp", group_tmpdir());
	assert_int_equal(merge((char *[]){ "-o", base, dirs[0], dirs[1], dirs[2] }, 5), 0);
	assert_int_equal(merge((char *[]){ "-o", new, dirs[3], dirs[4], dirs[5] }, 5), 0);
	{
		char *argv[] = { "compare", base, new, "-o", cmp, NULL };

		assert_int_equal(run_captured(cmd_compare, 5, argv, out_text, err_text,
					      sizeof(out_text)), 1);
	}
	snprintf(path, sizeof(path), "%s/compare.json", cmp);
	root = json_load_file(path, 0, &err);
	assert_non_null(root);
	model = json_object_get(json_array_get(json_object_get(root, "benchmarks"), 0), "model");
	assert_string_equal(json_string_value(json_object_get(model, "unit")), "boot");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(model, "boots"),
							    "base")), 3);
	assert_string_equal(json_string_value(json_object_get(model, "between_from")),
			    "prior and data");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "base"),
							    "boots")), 3);
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(merges_values_boots_profiles),
		cmocka_unit_test(unknown_boots_stay_apart),
		cmocka_unit_test(unlike_results_refused),
		cmocka_unit_test(compare_takes_boots),
	};

	return cmocka_run_group_tests(tests, group_tmpdir_setup, group_tmpdir_teardown);
}

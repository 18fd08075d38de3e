// SPDX-License-Identifier: GPL-2.0
/* results.json: write -> read -> equal, and bad files refused clearly. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers.h"
#include "model/results.h"

static struct kb_results *sample(void)
{
	struct kb_results *r = kb_results_new();
	struct kb_bench_result *b;
	static const double vals[] = { 123.456789012345678, 0.1, 1e-300, 7e12 };

	assert_non_null(r);
	snprintf(r->suite, sizeof(r->suite), "syscall");
	snprintf(r->started, sizeof(r->started), "2024-01-02T03:04:05Z");
	snprintf(r->finished, sizeof(r->finished), "2024-01-02T03:05:06Z");
	r->partial = true;
	r->host = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:i}",
			    "hostname", "h", "kernel", "release", "6.1.0-56-amd64",
			    "version", "#1 SMP", "cmdline", "ro quiet",
			    "cpu_model", "QEMU Virtual CPU", "cpu_count", 2);
	r->noise = json_pack("{s:s, s:n, s:[f,f,f]}", "thp", "madvise",
			     "governor", "loadavg", 0.5, 0.25, 0.0);
	r->parameters = json_pack("{s:i, s:f}", "repetitions", 4, "seconds", 1.5);
	snprintf(r->env.accel, sizeof(r->env.accel), "tcg");
	snprintf(r->env.mode, sizeof(r->env.mode), KB_MODE_DETERMINISTIC);
	snprintf(r->env.timing, sizeof(r->env.timing), KB_TIMING_METHOD);
	snprintf(r->env.clocksource, sizeof(r->env.clocksource), "tsc");
	r->env.clock_read_ns = 48.5;
	r->env.cpus = 2;
	r->env.mem_kb = 1000000;
	snprintf(r->env.cmdline, sizeof(r->env.cmdline), "console=ttyS0 tsc=reliable");
	snprintf(r->profile.reason, sizeof(r->profile.reason), "no module");

	b = kb_results_add(r);
	assert_non_null(b);
	snprintf(b->name, sizeof(b->name), "syscall/null");
	snprintf(b->desc, sizeof(b->desc), "getppid()");
	snprintf(b->metric, sizeof(b->metric), "latency");
	snprintf(b->unit, sizeof(b->unit), "ns/op");
	b->values = malloc(sizeof(vals));
	memcpy(b->values, vals, sizeof(vals));
	b->n_values = 4;
	kb_summarize(b->values, b->n_values, &b->summary);
	b->latency = (struct kb_latency){ true, 1000, 50.5, 90.5, 99.5, 120.5, 4096 };
	b->events[b->n_events++] = (struct kb_event_count){
		.name = "cycles", .reason = "not supported" };
	b->events[b->n_events++] = (struct kb_event_count){
		.name = "page_faults", .supported = true, .total = 12, .per_op = 0.5 };
	assert_int_equal(kb_bench_add_note(b, "a note"), 0);
	b->adaptive = (struct kb_adaptive){ .enabled = true, .target_cov_pct = 2,
		.final_cov_pct = 1.5, .max_reps = 9, .initial_reps = 4, .reps = 4,
		.target_met = true };
	b->syscalls_per_op = 1.01;
	b->batch_ops = 4096;
	b->profiled_values = malloc(2 * sizeof(double));
	b->profiled_values[0] = 130.5;
	b->profiled_values[1] = 131.5;
	b->n_profiled = 2;
	b->profile_overhead_pct = 4.25;
	/* merged from two boots: the last value from the second */
	assert_int_equal(kb_results_add_boot(r, "boot-a"), 0);
	assert_int_equal(kb_results_add_boot(r, "boot-b"), 1);
	assert_int_equal(kb_results_add_boot(r, "boot-a"), 0);
	b->value_boots = calloc(4, sizeof(size_t));
	b->value_boots[3] = 1;
	b->profile.enabled = true;
	assert_int_equal(kb_profiles_add_dir(&b->profile, "profiles/syscall-null/rep-1"), 0);

	b = kb_results_add(r);	/* no latency, interrupted, no values */
	assert_non_null(b);
	snprintf(b->name, sizeof(b->name), "cpu/hash");
	snprintf(b->metric, sizeof(b->metric), "rate");
	snprintf(b->unit, sizeof(b->unit), "ops/s");
	b->higher_is_better = true;
	b->partial = true;
	return r;
}

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", group_tmpdir(), name);
}

static void assert_json_equal(json_t *a, json_t *b)
{
	if (!a || !b) {
		assert_true(!a && !b);
		return;
	}
	assert_true(json_equal(a, b));
}

static void test_round_trip(void **state)
{
	struct kb_results *w = sample(), *r;
	char path[256], why[KB_RESULTS_WHY];

	(void)state;
	path_of(path, sizeof(path), "rt.json");
	assert_int_equal(kb_results_write(w, path, why), 0);
	assert_int_equal(kb_results_load(path, &r, why), 0);

	assert_int_equal(r->major, KB_RESULTS_MAJOR);
	assert_string_equal(r->kbench_version, KBENCH_VERSION);
	assert_string_equal(r->suite, w->suite);
	assert_string_equal(r->started, w->started);
	assert_string_equal(r->finished, w->finished);
	assert_true(r->partial == w->partial);
	assert_json_equal(r->host, w->host);
	assert_json_equal(r->noise, w->noise);
	assert_json_equal(r->parameters, w->parameters);
	assert_memory_equal(&r->env, &w->env, sizeof(w->env));
	assert_int_equal(r->n_boots, 2);
	assert_string_equal(r->boots[1], "boot-b");
	assert_true(r->profile.enabled == w->profile.enabled);
	assert_string_equal(r->profile.reason, w->profile.reason);
	assert_int_equal(r->n_benches, w->n_benches);
	for (size_t i = 0; i < w->n_benches; i++) {
		struct kb_bench_result *x = &w->benches[i], *y = &r->benches[i];

		assert_string_equal(y->name, x->name);
		assert_string_equal(y->desc, x->desc);
		assert_string_equal(y->metric, x->metric);
		assert_string_equal(y->unit, x->unit);
		assert_true(y->higher_is_better == x->higher_is_better);
		assert_true(y->partial == x->partial);
		assert_int_equal(y->n_values, x->n_values);
		for (size_t k = 0; k < x->n_values; k++)
			assert_true(y->values[k] == x->values[k]);	/* exact */
		assert_memory_equal(&y->summary, &x->summary, sizeof(x->summary));
		assert_true(y->latency.valid == x->latency.valid);
		if (x->latency.valid)
			assert_memory_equal(&y->latency, &x->latency,
					    sizeof(x->latency));
		assert_int_equal(y->n_events, x->n_events);
		for (size_t k = 0; k < x->n_events; k++) {
			assert_string_equal(y->events[k].name, x->events[k].name);
			assert_string_equal(y->events[k].reason, x->events[k].reason);
			assert_true(y->events[k].supported == x->events[k].supported);
			assert_true(y->events[k].total == x->events[k].total);
			assert_true(y->events[k].per_op == x->events[k].per_op);
		}
		assert_memory_equal(&y->adaptive, &x->adaptive, sizeof(x->adaptive));
		assert_int_equal(y->n_notes, x->n_notes);
		for (size_t k = 0; k < x->n_notes; k++)
			assert_string_equal(y->notes[k], x->notes[k]);
		assert_true(y->profile.enabled == x->profile.enabled);
		assert_int_equal(y->profile.n_dirs, x->profile.n_dirs);
		for (size_t k = 0; k < x->profile.n_dirs; k++)
			assert_string_equal(y->profile.dirs[k], x->profile.dirs[k]);
		assert_int_equal(y->batch_ops, x->batch_ops);
		assert_int_equal(y->n_profiled, x->n_profiled);
		for (size_t k = 0; k < x->n_profiled; k++)
			assert_true(y->profiled_values[k] == x->profiled_values[k]);
		assert_true(isnan(y->profile_overhead_pct) == isnan(x->profile_overhead_pct));
		for (size_t k = 0; k < x->n_values; k++)
			assert_int_equal(kb_bench_value_boot(y, k), kb_bench_value_boot(x, k));
		assert_true(isnan(y->syscalls_per_op) == isnan(x->syscalls_per_op));
		if (!isnan(x->syscalls_per_op))
			assert_true(y->syscalls_per_op == x->syscalls_per_op);
	}
	/* And the reader's own output writes the same document again. */
	json_t *a = kb_results_to_json(w), *b = kb_results_to_json(r);

	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	kb_results_free(w);
	kb_results_free(r);
}

/* Writes SAMPLE as JSON, edited by EDIT, and returns the load error. */
static int load_edited(void (*edit)(json_t *root), char *why)
{
	struct kb_results *w = sample(), *r = NULL;
	json_t *root = kb_results_to_json(w);
	char path[256];
	int ret;

	edit(root);
	path_of(path, sizeof(path), "edited.json");
	assert_int_equal(json_dump_file(root, path, 0), 0);
	ret = kb_results_load(path, &r, why);
	assert_null(r);
	json_decref(root);
	kb_results_free(w);
	return ret;
}

static void major_2(json_t *root)
{
	json_object_set_new(root, "schema", json_string("kbench-run/2.0"));
}

static void minor_7(json_t *root)
{
	json_object_set_new(root, "schema", json_string("kbench-run/1.7"));
	json_object_set_new(root, "future_field", json_true());
}

static void other_schema(json_t *root)
{
	json_object_set_new(root, "schema", json_string("perf-stat/1"));
}

static void no_benchmarks(json_t *root)
{
	json_object_del(root, "benchmarks");
}

static void no_unit(json_t *root)
{
	json_object_del(json_array_get(json_object_get(root, "benchmarks"), 1),
			"unit");
}

static void bad_value(json_t *root)
{
	json_t *b = json_array_get(json_object_get(root, "benchmarks"), 0);

	json_array_set_new(json_object_get(b, "values"), 2, json_string("fast"));
}

static void no_release(json_t *root)
{
	json_object_del(json_object_get(json_object_get(root, "host"), "kernel"),
			"release");
}

static void string_reps(json_t *root)
{
	json_t *b = json_array_get(json_object_get(root, "benchmarks"), 0);

	json_object_set_new(json_object_get(b, "summary"), "mean",
			    json_string("5"));
}

static void boot_out_of_range(json_t *root)
{
	json_t *b = json_array_get(json_object_get(root, "benchmarks"), 0);

	json_array_set_new(json_object_get(b, "value_boots"), 1, json_integer(2));
}

static void boots_too_few(json_t *root)
{
	json_t *b = json_array_get(json_object_get(root, "benchmarks"), 0);

	json_array_remove(json_object_get(b, "value_boots"), 0);
}

static void env_not_object(json_t *root)
{
	json_object_set_new(root, "environment", json_string("tcg"));
}

static void env_bad_cpus(json_t *root)
{
	json_object_set_new(json_object_get(root, "environment"), "cpus",
			    json_string("2"));
}

/* Results written before 1.1: one boot, an unknown environment. */
static void before_1_1(json_t *root)
{
	json_t *b = json_array_get(json_object_get(root, "benchmarks"), 0);

	json_object_set_new(root, "schema", json_string("kbench-run/1"));
	json_object_del(root, "environment");
	json_object_del(root, "boots");
	json_object_del(b, "value_boots");
	json_object_del(b, "batch_ops");
	json_object_del(b, "profiled_values");
	json_object_del(b, "profile_overhead_pct");
}

static void test_reject(void **state)
{
	char why[KB_RESULTS_WHY], path[256];

	(void)state;
	path_of(path, sizeof(path), "edited.json");
	assert_int_equal(load_edited(major_2, why), -EPROTONOSUPPORT);
	assert_non_null(strstr(why, path));
	assert_non_null(strstr(why, "schema 'kbench-run/2.0' has major version 2; "
				    "this kbench reads major version 1"));
	assert_int_equal(load_edited(other_schema, why), -EINVAL);
	assert_non_null(strstr(why, "schema 'perf-stat/1' is not a kbench run result"));
	assert_int_equal(load_edited(no_benchmarks, why), -EINVAL);
	assert_non_null(strstr(why, "missing field 'benchmarks'"));
	assert_int_equal(load_edited(no_unit, why), -EINVAL);
	assert_non_null(strstr(why, "missing field 'benchmarks[1].unit'"));
	assert_int_equal(load_edited(bad_value, why), -EINVAL);
	assert_non_null(strstr(why, "'benchmarks[0].values[2]' is not a number"));
	assert_int_equal(load_edited(no_release, why), -EINVAL);
	assert_non_null(strstr(why, "missing field 'host.kernel.release'"));
	assert_int_equal(load_edited(string_reps, why), -EINVAL);
	assert_non_null(strstr(why, "field 'benchmarks[0].summary.mean' is not a number"));
	assert_int_equal(load_edited(boot_out_of_range, why), -EINVAL);
	assert_non_null(strstr(why, "'benchmarks[0].value_boots[1]' is not the index of a boot"));
	assert_int_equal(load_edited(boots_too_few, why), -EINVAL);
	assert_non_null(strstr(why, "'benchmarks[0].value_boots' has 3 entries for 4 values"));
	assert_int_equal(load_edited(env_not_object, why), -EINVAL);
	assert_non_null(strstr(why, "'environment' is not an object"));
	assert_int_equal(load_edited(env_bad_cpus, why), -EINVAL);
	assert_non_null(strstr(why, "'environment.cpus' is not a number >= 0"));
}

static void test_old_results_read(void **state)
{
	struct kb_results *w = sample(), *r;
	json_t *root = kb_results_to_json(w);
	char path[256], why[KB_RESULTS_WHY];

	(void)state;
	before_1_1(root);
	path_of(path, sizeof(path), "old.json");
	assert_int_equal(json_dump_file(root, path, 0), 0);
	assert_int_equal(kb_results_load(path, &r, why), 0);
	assert_int_equal(r->minor, 0);
	assert_int_equal(r->n_boots, 1);
	assert_string_equal(r->boots[0], "unknown");
	assert_string_equal(r->env.mode, "");
	assert_true(isnan(r->env.clock_read_ns));
	assert_null(r->benches[0].value_boots);
	assert_int_equal(r->benches[0].batch_ops, 0);
	assert_true(isnan(r->benches[0].profile_overhead_pct));
	json_decref(root);
	kb_results_free(w);
	kb_results_free(r);
}

static void test_minor_accepted(void **state)
{
	struct kb_results *w = sample(), *r;
	json_t *root = kb_results_to_json(w);
	char path[256], why[KB_RESULTS_WHY];

	(void)state;
	minor_7(root);
	path_of(path, sizeof(path), "minor.json");
	assert_int_equal(json_dump_file(root, path, 0), 0);
	assert_int_equal(kb_results_load(path, &r, why), 0);
	assert_int_equal(r->major, 1);
	assert_int_equal(r->minor, 7);
	json_decref(root);
	kb_results_free(w);
	kb_results_free(r);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_not_json(void **state)
{
	struct kb_results *r;
	char path[256], why[KB_RESULTS_WHY], want[300];

	(void)state;
	path_of(path, sizeof(path), "garbage.json");
	write_file(path, "{\"schema\": \"kbench-run/1\",\n  oops\n");
	assert_int_equal(kb_results_load(path, &r, why), -EINVAL);
	snprintf(want, sizeof(want), "%s: not valid JSON: ", path);
	assert_non_null(strstr(why, want));
	assert_non_null(strstr(why, "(line 2)"));

	write_file(path, "[1, 2, 3]");
	assert_int_equal(kb_results_load(path, &r, why), -EINVAL);
	assert_non_null(strstr(why, "the document is not a JSON object"));

	write_file(path, "{\"suite\": \"io\"}");
	assert_int_equal(kb_results_load(path, &r, why), -EINVAL);
	assert_non_null(strstr(why, "missing field 'schema'"));

	path_of(path, sizeof(path), "absent.json");
	assert_int_equal(kb_results_load(path, &r, why), -ENOENT);
	assert_non_null(strstr(why, "absent.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_minor_accepted),
		cmocka_unit_test(test_old_results_read),
		cmocka_unit_test(test_not_json),
	};

	return cmocka_run_group_tests_name("results", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

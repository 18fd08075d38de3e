// SPDX-License-Identifier: GPL-2.0
/*
 * The report's layers one by one: the typed reader of a recording's
 * results.json and of a report's source, the per-CPU timeline, the report
 * model built from stacks in memory, and the images step returning a
 * failed chart as a warning instead of printing it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "helpers.h"
#include "analysis/report.h"
#include "analysis/timeline.h"
#include "model/record.h"
#include "model/samples.h"
#include "model/report_source.h"
#include "render/report_files.h"
#include "render/report_json.h"
#include "render/report_text.h"

#define RUN FIXTURES "/report/run"

static int record_of(const char *text, struct kb_record_info *rec, char *why)
{
	json_error_t e;
	json_t *root = json_loads(text, 0, &e);
	int ret;

	assert_non_null(root);
	ret = kb_record_info_from_json(root, rec, why, 256);
	json_decref(root);
	return ret;
}

static void record_reader(void **state)
{
	struct kb_record_info rec;
	char why[256];

	(void)state;
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\", \"cpus\": 4,"
				   " \"command\": [\"readzero\", \"1\"]}", &rec, why), 0);
	assert_string_equal(rec.command, "readzero 1");
	assert_int_equal(rec.cpus, 4);
	/* Neither field is required; null is none. */
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\", \"command\": null}",
				   &rec, why), 0);
	assert_string_equal(rec.command, "");
	assert_int_equal(rec.cpus, 0);
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\", \"command\": [1]}",
				   &rec, why), -EINVAL);
	assert_string_equal(why, "'command[0]' is not a string");
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\", \"cpus\": \"two\"}",
				   &rec, why), -EINVAL);
	assert_int_equal(record_of("{\"schema\": \"kbench-run/1\"}", &rec, why), -EINVAL);
}

static void add_stacks(struct kb_stacks *st, const char *text);

/* A recording's context, accounting and counters, as its report reads them. */
static const char full_record[] =
	"{\"schema\": \"kbench-record/1\", \"cpus\": 2, \"command\": [\"readzero\", \"1\"],"
	" \"kernel\": {\"release\": \"6.1.0-57-amd64\", \"version\": \"#1\","
	"   \"machine\": \"x86_64\", \"init_on_alloc\": true, \"init_on_free\": false,"
	"   \"facts_from\": \"boot log\"},"
	" \"frequency_hz\": 999, \"duration_s\": 1.0,"
	" \"samples\": {\"fired\": 1600, \"recorded\": 500, \"dropped\": 0,"
	"   \"filtered\": 1100, \"missed\": 400, \"symbolized\": 500, \"user_unknown\": 7,"
	"   \"per_cpu\": [{\"fired\": 1000, \"recorded\": 500}, {\"fired\": 600, \"recorded\": 0}], \"by_context\": {\"user\": 100, \"kernel\": 400, \"idle\": 0}},"
	" \"syscalls\": [{\"number\": 0, \"name\": \"read\", \"count\": 20, \"total_ns\": 5000},"
	"   {\"number\": 1, \"name\": \"write\", \"count\": 30}],"
	" \"syscalls_other\": 2, \"page_faults\": {\"user\": 5, \"kernel\": 1,"
	"   \"minor\": 6, \"major\": 0},"
	" \"environment\": {\"accelerator\": \"tcg\", \"mode\": \"wallclock\","
	"   \"kernel\": \"6.1.0-57-amd64\"}}";

static void record_reader_context(void **state)
{
	struct kb_record_info rec;
	char why[256];

	(void)state;
	assert_int_equal(record_of(full_record, &rec, why), 0);
	assert_string_equal(rec.release, "6.1.0-57-amd64");
	assert_int_equal(rec.kfacts.init_on_alloc, 1);
	assert_int_equal(rec.kfacts.init_on_free, 0);
	assert_string_equal(rec.kfacts.source, "boot log");
	assert_int_equal(rec.n_cpus, 2);
	assert_float_equal(rec.busy_cpus, 0.5, 1e-9);
	assert_int_equal(rec.total.missed, 400);
	assert_int_equal(rec.user_unknown, 7);
	assert_true(rec.have_counters);
	assert_int_equal(rec.syscalls, 52);
	assert_int_equal(rec.n_sc, 2);
	assert_string_equal(rec.sc[0].name, "write");	/* most called first */
	assert_int_equal(rec.sc[1].total_ns, 5000);
	assert_int_equal(rec.faults_minor, 6);
	assert_true(rec.have_env);
	assert_string_equal(rec.env.accel, "tcg");
	/* Older recordings: unknown, not an error. */
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\"}", &rec, why), 0);
	assert_int_equal(rec.kfacts.init_on_alloc, -1);
	assert_false(rec.have_counters);
	assert_false(rec.have_env);
	assert_int_equal(record_of("{\"schema\": \"kbench-record/1\","
				   " \"samples\": {\"missed\": -1}}", &rec, why), -EINVAL);
	assert_string_equal(why, "'samples.missed' is not a count");
}

/* A report of that recording: context, on-CPU share, missed ticks, counters. */
static void record_report_shows_context(void **state)
{
	char *d = tmpdir_new(), path[1024], why[KB_REPORT_WHYLEN], *text = NULL;
	struct kb_report_source src;
	struct kb_report r;
	struct kb_bands b;
	size_t len = 0;
	FILE *f, *m;

	(void)state;
	snprintf(path, sizeof(path), "%s/results.json", d);
	f = fopen(path, "w");
	fputs(full_record, f);
	fclose(f);
	kb_bands_from_threshold(&b, 5);
	assert_int_equal(kb_report_source_load(&src, path, why), 0);
	assert_int_equal(kb_report_init(&r, d, &src, &b, why), 0);
	add_stacks(&r.g[0].st, "readzero;read;vfs_read_[k];kmem_cache_alloc_[k];memset_erms_[k] 10\n");
	assert_int_equal(kb_report_analyze(&r, why), 0);
	/* Half of CPU 0's ticks found it, none of CPU 1's: half a CPU. */
	assert_float_equal(r.g[0].prof.on_cpu_pct, 50.0, 1e-9);
	assert_float_equal(r.g[0].prof.missed_pct, 20.0, 1e-9);
	/* The recording said init_on_alloc: the slab's memset is its cost. */
	assert_int_equal(r.g[0].hs[0].category, KB_CAT_MEMINIT);
	m = open_memstream(&text, &len);
	kb_report_print(m, &r);
	fclose(m);
	assert_non_null(strstr(text, "Kernel 6.1.0-57-amd64, accelerator tcg, wallclock mode; "
				     "init_on_alloc on (boot log)\n"));
	assert_non_null(strstr(text, "  on-CPU 50 % of wall time, 400 missed ticks (20.0 %), "
				     "7 user stacks ended as [unknown]\n"));
	assert_non_null(strstr(text, "  52 syscalls: write 30, read 20; 6 page faults\n"));
	free(text);
	kb_report_free(&r);
	kb_report_source_free(&src);
	tmpdir_remove(d);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void report_source(void **state)
{
	char *d = tmpdir_new(), path[1024], why[KB_SOURCE_WHYLEN];
	struct kb_report_source src;

	(void)state;
	/* A run: its benchmarks, and the host's CPU count. */
	assert_int_equal(kb_report_source_load(&src, RUN "/results.json", why), 0);
	assert_non_null(src.run);
	assert_int_equal(src.run->n_benches, 2);
	assert_int_equal(src.cpus, 2);
	assert_string_equal(src.schema, "kbench-run/1");
	kb_report_source_free(&src);
	/* A recording. */
	snprintf(path, sizeof(path), "%s/results.json", d);
	write_file(d, "results.json", "{\"schema\": \"kbench-record/1\", \"cpus\": 8,"
		   " \"command\": [\"sleep\", \"1\"]}");
	assert_int_equal(kb_report_source_load(&src, path, why), 0);
	assert_null(src.run);
	assert_string_equal(src.rec.command, "sleep 1");
	assert_int_equal(src.cpus, 8);
	kb_report_source_free(&src);
	/* Anything else, named with the file. */
	write_file(d, "results.json", "{\"schema\": \"kbench-compare/1\"}");
	assert_int_equal(kb_report_source_load(&src, path, why), -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "/results.json: unknown schema 'kbench-compare/1'"));
	kb_report_source_free(&src);
	write_file(d, "results.json", "[");
	assert_int_equal(kb_report_source_load(&src, path, why), -EINVAL);
	assert_non_null(strstr(why, "not valid JSON"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(kb_report_source_load(&src, path, why), -ENOENT);
	tmpdir_remove(d);
}

struct rec {
	struct kbench_sample s;
	uint64_t ip;
};

static struct rec sample(uint16_t cpu, uint64_t t)
{
	struct rec r = { 0 };

	r.s.size = sizeof(r);
	r.s.context = KBENCH_CTX_KERNEL;
	r.s.nr_kernel = 1;
	r.s.cpu = cpu;
	r.s.time_ns = t;
	r.ip = 0xffffffff81000000ULL;
	return r;
}

static void timeline_bins(void **state)
{
	const uint64_t t0 = 7000000000ULL, ms = 1000000;
	struct rec a[] = { sample(0, t0), sample(0, t0 + 50 * ms), sample(2, t0 + 150 * ms),
			   sample(9999, t0 + 10 * ms) /* a bogus CPU: left out */ };
	struct rec b[] = { sample(1, 90 * ms), sample(1, 95 * ms) };
	struct kb_timeline t = { 0 };

	(void)state;
	assert_int_equal(kb_timeline_add(&t, a, sizeof(a)), 0);
	assert_int_equal(t.ncpu, 3);
	assert_int_equal(t.nbins, 2);
	assert_int_equal(kb_timeline_get(&t, 0, 0), 2);
	assert_int_equal(kb_timeline_get(&t, 2, 1), 1);
	assert_int_equal(kb_timeline_get(&t, 1, 0), 0);	/* no sample: no bins */
	/* The second profile follows the first, from its own first sample. */
	assert_int_equal(kb_timeline_add(&t, b, sizeof(b)), 0);
	assert_int_equal(t.profiles, 2);
	assert_int_equal(t.nbins, 3);
	assert_int_equal(kb_timeline_get(&t, 1, 2), 2);
	assert_int_equal(kb_timeline_get(&t, 0, 2), 0);
	assert_int_equal(kb_timeline_get(&t, 5, 99), 0);
	/* A malformed record: an error, and that profile does not count. */
	assert_int_equal(kb_timeline_add(&t, b, sizeof(b) - 4), -EPROTO);
	assert_int_equal(t.profiles, 2);
	kb_timeline_free(&t);
}

static void add_stacks(struct kb_stacks *st, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	size_t line;

	assert_non_null(f);
	assert_int_equal(kb_stacks_read(st, f, &line), 0);
	fclose(f);
}

/* The run fixture's groups, with stacks given here instead of read. */
static void build_run(struct kb_report *r, struct kb_report_source *src)
{
	char why[KB_REPORT_WHYLEN];
	struct kb_bands b;

	kb_bands_from_threshold(&b, 5);
	assert_int_equal(kb_report_source_load(src, RUN "/results.json", why), 0);
	assert_int_equal(kb_report_init(r, RUN, src, &b, why), 0);
	assert_int_equal(r->ng, 3);
	add_stacks(&r->g[1].st, "app;getppid;__x64_sys_getppid_[k] 30\napp;main 10\n");
	add_stacks(&r->g[2].st, "app;open;path_openat_[k] 50\n");
	assert_int_equal(kb_report_analyze(r, why), 0);
}

static void report_model(void **state)
{
	struct kb_report_source src;
	struct kb_report r;

	(void)state;
	build_run(&r, &src);
	assert_string_equal(r.g[0].name, "overall");
	assert_true(r.g[0].merged);
	assert_int_equal(r.g[0].ndirs, 4);	/* both benchmarks' two repetitions */
	assert_string_equal(r.g[1].slug, "syscall-null");
	assert_non_null(strstr(r.g[1].dirs[0], RUN "/"));
	assert_ptr_equal(r.g[1].bench, &src.run->benches[0]);
	/* The overall group merges the benchmarks' stacks. */
	assert_int_equal(r.g[0].fs.samples, 90);
	assert_int_equal(r.g[0].nhs, 3);
	assert_string_equal(r.g[0].hs[0].frame, "path_openat_[k]");
	assert_int_equal(r.g[1].fs.samples, 40);
	assert_int_equal(r.g[1].nhs, 2);
	assert_int_equal(r.g[1].hs[0].category, KB_CAT_SYSCALL);
	assert_float_equal(r.g[1].hs[0].self_pct, 75.0, 1e-9);
	kb_report_free(&r);
	kb_report_source_free(&src);
}

/* A chart gnuplot fails on is a warning returned, not a message printed. */
static void failed_chart_is_a_warning(void **state)
{
	char *out = tmpdir_new(), why[512], err[4096], outbuf[256];
	struct kb_report_source src;
	struct kb_report_files fs;
	struct redirect e, o;
	struct kb_report r;
	json_t *j;
	int ret;

	(void)state;
	build_run(&r, &src);
	setenv("KBENCH_GNUPLOT", "/bin/false", 1);
	redirect_begin(&o, STDOUT_FILENO, true);
	redirect_begin(&e, STDERR_FILENO, true);
	ret = kb_report_files_write(&fs, &r, out, why, sizeof(why));
	redirect_end(&e, err, sizeof(err));
	redirect_end(&o, outbuf, sizeof(outbuf));
	unsetenv("KBENCH_GNUPLOT");
	assert_int_equal(ret, 0);
	assert_string_equal(err, "");
	assert_string_equal(outbuf, "");
	assert_int_equal(fs.ncharts, 0);
	assert_true(fs.nwarnings >= 7);
	/* In the order written: the overall group's first. */
	assert_non_null(strstr(fs.warnings[0], "chart hotspots-overall: "));
	assert_non_null(strstr(fs.warnings[1], "chart reps-syscall-null: "));
	assert_non_null(strstr(fs.warnings[1], "gnuplot failed"));
	/* The flamegraphs are written all the same. */
	assert_string_equal(fs.flame[0].file, "flamegraph.svg");
	assert_string_equal(fs.flame[2].file, "flamegraph-syscall-open.svg");
	assert_true(fs.flame[1].height > 0);
	j = kb_report_json(&r, &fs);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j, "charts"), "files")), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "overall"),
							      "flamegraph")), "flamegraph.svg");
	json_decref(j);
	kb_report_files_free(&fs);
	kb_report_free(&r);
	kb_report_source_free(&src);
	tmpdir_remove(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_reader),
		cmocka_unit_test(record_reader_context),
		cmocka_unit_test(record_report_shows_context),
		cmocka_unit_test(report_source),
		cmocka_unit_test(timeline_bins),
		cmocka_unit_test(report_model),
		cmocka_unit_test(failed_chart_is_a_warning),
	};

	return cmocka_run_group_tests_name("report_model", tests, NULL, NULL);
}

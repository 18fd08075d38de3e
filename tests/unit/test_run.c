// SPDX-License-Identifier: GPL-2.0
/*
 * kbench run on the host, short: every workload runs, measures and cleans
 * up after itself; bad input is refused with the reason; a real run writes
 * a results.json that the reader accepts and prints its numbers for people
 * (render/run_text.h).
 */
#include <dirent.h>
#include <regex.h>
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
#include "workloads/workload.h"
#include "cmd/commands.h"
#include "model/results.h"
#include "render/run_text.h"
#include "util/fmt.h"

static char out[16384], err[16384];

/* Runs cmd_run with ARGV (NULL-terminated), capturing stdout and stderr. */
static int run(char *const *args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = "run";
	while (args[argc - 1])
		argv[argc] = args[argc - 1], argc++;
	argv[argc] = NULL;
	return run_captured(cmd_run, argc, argv, out, err, sizeof(out));
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Every workload: setup, a short run, teardown; files gone afterwards. */
static void test_every_workload(void **state)
{
	char iodir[128];
	struct kb_wl_params p = { iodir, 2 << 20, 2 };
	struct kb_hist *lat = kb_hist_new();

	(void)state;
	snprintf(iodir, sizeof(iodir), "%s/io", group_tmpdir());
	assert_int_equal(mkdir(iodir, 0755), 0);
	assert_true(kb_workload_count() == 16);
	for (size_t i = 0; i < kb_workload_count(); i++) {
		const struct kb_workload *w = kb_workload_at(i);
		struct kb_wl_ctx ctx = { .p = &p };
		struct kb_wl_sample s = { 0 };

		kb_hist_reset(lat);
		s.lat = w->has_latency ? lat : NULL;
		if (w->setup(&ctx))
			fail_msg("%s: setup: %s", w->name, ctx.why);
		if (w->run(&ctx, 0.05, &s))
			fail_msg("%s: run: %s", w->name, ctx.why);
		w->teardown(&ctx);
		assert_true(s.ops > 0);
		assert_true(s.elapsed_ns > 0);
		assert_true(kb_wl_value_of(w, &s) > 0);
		if (w->has_latency)
			assert_true(lat->count == (uint64_t)s.ops);
		assert_int_equal(entries(iodir), 0);
		assert_ptr_equal(kb_workload_find(w->name), w);
	}
	kb_hist_free(lat);
	rmdir(iodir);
}

struct bad {
	char *args[8];
	const char *msg;
};

static void test_bad_input(void **state)
{
	static const struct bad cases[] = {
		{ { "bogus", NULL }, "kbench: run: unknown suite 'bogus' (io, cpu, syscall or all)\n" },
		{ { NULL }, "kbench: run: no suite given (io, cpu, syscall or all) "
		  "(see 'kbench run --help')\n" },
		{ { "io", "-b", "null", NULL }, "kbench: run: unknown benchmark 'null' in suite 'io' "
		  "(known: seq-write, seq-read, rand-read, rand-write, fsync-write)\n" },
		{ { "cpu", "-r", "0", NULL }, "kbench: run: -r: '0' is not a number of repetitions from 1 to 10000\n" },
		{ { "cpu", "-r", "2x", NULL }, "kbench: run: -r: '2x' is not a number" },
		{ { "cpu", "-t", "-1", NULL }, "kbench: run: -t: '-1' is not a duration in seconds above 0\n" },
		{ { "cpu", "-t", "0", NULL }, "kbench: run: -t: '0' is not a duration" },
		{ { "cpu", "--warmup", "-2", NULL }, "kbench: run: --warmup: '-2' is not a duration" },
		{ { "cpu", "--target-cov", "5", NULL }, "kbench: run: --max-reps and --target-cov go together\n" },
		{ { "cpu", "-r", "5", "--max-reps", "3", "--target-cov", "2", NULL },
		  "kbench: run: --max-reps 3 is below -r 5\n" },
		{ { "io", "--dir", "/nonexistent/x", NULL },
		  "kbench: run: io directory /nonexistent/x: No such file or directory\n" },
		{ { "io", "--dir", "/etc/hostname", NULL },
		  "kbench: run: io directory /etc/hostname: not a directory\n" },
		{ { "io", "--size", "0", NULL }, "kbench: run: --size: '0' is not a size" },
		{ { "io", "--size", "1000000G", "--dir", "/tmp", NULL },
		  "kbench: run: /tmp: not enough free space: " },
		{ { "cpu", "extra", NULL },
		  "kbench: run: unexpected argument 'extra' (see 'kbench run --help')\n" },
		{ { "cpu", "--bogus", NULL },
		  "kbench: run: unknown option '--bogus' (see 'kbench run --help')\n" },
		{ { "cpu", "-r", NULL },
		  "kbench: run: option '-r' needs a value (see 'kbench run --help')\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(run(cases[i].args), 2);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].msg);
		assert_string_equal(out, "");
	}
}

/* A real short run; its results.json passes the reader. */
static void test_run_and_load(void **state)
{
	char dir[128], path[160], why[KB_RESULTS_WHY];
	struct kb_results *r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/res", group_tmpdir());
	char *args[] = { "all", "-b", "syscall/null", "-b", "hash", "-b", "null",
			 "-r", "2", "-t", "0.05", "--warmup", "0.01", "-o", dir,
			 "--no-profile", "--max-reps", "3", "--target-cov", "1000",
			 NULL };

	assert_int_equal(run(args), 0);
	assert_non_null(strstr(out, "syscall/null "));
	assert_non_null(strstr(out, "cpu/hash "));
	assert_string_equal(err, "");	/* --no-profile: nothing to say */
	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (kb_results_load(path, &r, why))
		fail_msg("%s", why);
	assert_string_equal(r->suite, "all");
	assert_false(r->partial);
	assert_int_equal(r->n_benches, 2);	/* -b null named it twice */
	/* in the order -b named them */
	assert_string_equal(r->benches[0].name, "syscall/null");
	assert_string_equal(r->benches[1].name, "cpu/hash");
	for (size_t i = 0; i < 2; i++) {
		struct kb_bench_result *b = &r->benches[i];

		/* a CoV target of 1000 % is met at once: no extra reps */
		assert_int_equal(b->n_values, 2);
		assert_true(b->values[0] > 0 && b->values[1] > 0);
		assert_int_equal(b->summary.n, 2);
		assert_true(b->adaptive.enabled && b->adaptive.target_met);
	}
	assert_true(r->benches[0].latency.valid);
	assert_false(r->benches[1].latency.valid);
	assert_true(r->benches[0].latency.p50 <= r->benches[0].latency.p99);
	assert_string_equal(r->benches[0].unit, "ns/op");
	assert_false(r->benches[0].higher_is_better);
	assert_true(r->benches[1].higher_is_better);
	assert_string_equal(r->profile.reason, "disabled with --no-profile");
	kb_results_free(r);
}

/* Whether TEXT has a match for the extended regular expression RE. */
static bool matches(const char *text, const char *re)
{
	regex_t rx;
	bool found;

	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB), 0);
	found = !regexec(&rx, text, 0, NULL, 0);
	regfree(&rx);
	return found;
}

/*
 * The text line of a real run shows the mean and the percentiles with
 * their units ("1.73 µs/op", "p99 2.57 µs"), not "%g" numbers; the mean is
 * the one results.json holds exactly.
 */
static void test_text_line_is_human(void **state)
{
	char dir[128], path[160], why[KB_RESULTS_WHY], want[160], v[KB_FMT_LEN];
	struct kb_results *r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/human", group_tmpdir());
	char *args[] = { "syscall", "-b", "null", "-r", "1", "-t", "0.05",
			 "--warmup", "0", "--no-profile", "-o", dir, NULL };

	assert_int_equal(run(args), 0);
	assert_string_equal(err, "");	/* not a terminal: no progress */
	if (!matches(out, "^syscall/null +[0-9.]+ (ns|µs|ms)/op ±[0-9.]+% \\(1 rep\\)  "
		     "p50 [0-9.]+ (ns|µs|ms) p99 [0-9.]+ (ns|µs|ms) "
		     "p99\\.9 [0-9.]+ (ns|µs|ms|s)\nresults: [^\n]*/human/results\\.json\n$"))
		fail_msg("not a human result line: '%s'", out);
	assert_null(strstr(out, "e+"));
	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (kb_results_load(path, &r, why))
		fail_msg("%s", why);
	snprintf(want, sizeof(want), " %s ±", kb_fmt_value(v, r->benches[0].summary.mean,
							   r->benches[0].unit));
	assert_non_null(strstr(out, want));
	kb_results_free(r);
}

/* B's line as kb_run_text_bench() writes it, into BUF. */
static const char *line_of(const struct kb_bench_result *b, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	assert_non_null(f);
	kb_run_text_bench(f, b);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Every unit with its prefix, aligned by columns (µ is one), partial. */
static void test_text_line_format(void **state)
{
	struct kb_bench_result b = {
		.name = "syscall/null", .unit = "ns/op", .n_values = 5,
		.summary = { .mean = 864.2, .cov_pct = 1.234 },
		.latency = { .valid = true, .p50 = 832, .p99 = 1200, .p999 = 4510 },
	};
	char buf[256];

	(void)state;
	assert_string_equal(line_of(&b, buf, sizeof(buf)),
		"syscall/null       864 ns/op ±1.2% (5 reps)  "
		"p50 832 ns p99 1.20 µs p99.9 4.51 µs\n");
	b.summary.mean = 1726.3;
	b.latency.valid = false;
	assert_string_equal(line_of(&b, buf, sizeof(buf)),
		"syscall/null      1.73 µs/op ±1.2% (5 reps)\n");
	b = (struct kb_bench_result){
		.name = "cpu/hash", .unit = "ops/s", .n_values = 1, .partial = true,
		.summary = { .mean = 2.19392e8, .cov_pct = 0 },
	};
	assert_string_equal(line_of(&b, buf, sizeof(buf)),
		"cpu/hash          219M ops/s ±0.0% (1 rep)  [partial]\n");
	snprintf(b.name, sizeof(b.name), "cpu/memcpy");
	snprintf(b.unit, sizeof(b.unit), "MB/s");
	b.summary.mean = 36312.5;
	b.partial = false;
	assert_string_equal(line_of(&b, buf, sizeof(buf)),
		"cpu/memcpy         36.3 GB/s ±0.0% (1 rep)\n");
	snprintf(b.name, sizeof(b.name), "io/rand-read");
	snprintf(b.unit, sizeof(b.unit), "IOPS");
	b.summary.mean = 21734;
	b.n_values = 0;		/* stopped before a repetition ended */
	b.partial = true;
	assert_string_equal(line_of(&b, buf, sizeof(buf)),
		"io/rand-read               - (0 reps)  [partial]\n");
}

/* The progress line redraws itself over the line; clearing leaves none. */
static void test_progress_line(void **state)
{
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_non_null(f);
	kb_run_text_progress(f, 0, 3, "cpu/hash", 0, 5, false, 12.4);
	kb_run_text_progress(f, 1, 3, "cpu/sort", 6, 8, false, 0);
	kb_run_text_progress(f, 2, 3, "cpu/memcpy", 1, 3, true, 7);
	kb_run_text_progress_clear(f);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "\r\033[K[1/3] cpu/hash warm-up 0/5, ETA 12 s"
			    "\r\033[K[2/3] cpu/sort repetition 6/8, ETA 0 s"
			    "\r\033[K[3/3] cpu/memcpy profiled repetition 1/3, ETA 7 s"
			    "\r\033[K");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_workload),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_run_and_load),
		cmocka_unit_test(test_text_line_is_human),
		cmocka_unit_test(test_text_line_format),
		cmocka_unit_test(test_progress_line),
	};

	return cmocka_run_group_tests_name("run", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

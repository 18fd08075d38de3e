// SPDX-License-Identifier: GPL-2.0
/*
 * The runner of kbench run (bench/runner.h, measure.h, io_target.h) without
 * its command: selection, the io target's checks, one benchmark measured
 * repetition by repetition (adaptive ones included), profile directories
 * per repetition, progress and finished-benchmark hooks, a stop request and
 * a failing benchmark, which the runner reports without printing.
 *
 * The profile hooks are this file's own (they win over the library's):
 * they record where a profile would go and report counters, as the module
 * would.
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
#include <cmocka.h>

#include "helpers.h"
#include "bench/io_target.h"
#include "bench/measure.h"
#include "bench/run_profile.h"
#include "bench/runner.h"

#define FAKE_SYSCALLS 1000

static int profiles_begun, profiles_ended;

bool kb_run_profile_available(char why[KB_RUN_PROFILE_WHY])
{
	snprintf(why, KB_RUN_PROFILE_WHY, "fake");
	return true;
}

int kb_run_profile_begin(struct kb_run_profile *p, const char *dir,
			 char why[KB_RUN_PROFILE_WHY])
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(why, KB_RUN_PROFILE_WHY, "%s is not a directory", dir);
		return -ENOTDIR;
	}
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	profiles_begun++;
	return 0;
}

int kb_run_profile_end(struct kb_run_profile *p, struct kb_run_profile_result *r,
		       char why[KB_RUN_PROFILE_WHY])
{
	(void)p;
	(void)why;
	*r = (struct kb_run_profile_result){ .samples = 1, .have_counters = true,
					     .syscalls = FAKE_SYSCALLS, .n_notes = 1 };
	snprintf(r->notes[0], sizeof(r->notes[0]), "3 mapping events lost");
	profiles_ended++;
	return 0;
}

static void plan_init(struct kb_run_plan *p, const char *out)
{
	*p = (struct kb_run_plan){
		.reps = 2, .seconds = 0.02, .out = out,
		.params = { .io_dir = "/nonexistent/kbench", .io_size = 1 << 20,
			    .threads = 1 },
	};
	snprintf(p->profile_why, sizeof(p->profile_why), "disabled for the test");
}

static void test_select(void **state)
{
	const char *names[] = { "stat", "syscall/null", "stat" };
	struct kb_runner rn = { 0 };
	char why[KB_RUN_WHY];

	(void)state;
	assert_int_equal(kb_runner_select(&rn, "syscall", names, 3, why, sizeof(why)), 0);
	assert_int_equal(rn.n_sel, 2);		/* named twice, run once */
	assert_string_equal(rn.sel[0]->name, "syscall/stat");	/* as named */
	assert_string_equal(rn.sel[1]->name, "syscall/null");
	assert_int_equal(kb_runner_count_io(&rn), 0);
	kb_runner_free(&rn);

	assert_int_equal(kb_runner_select(&rn, "cpu", NULL, 0, why, sizeof(why)), 0);
	assert_int_equal(rn.n_sel, 4);
	assert_string_equal(rn.sel[0]->name, "cpu/hash");	/* table order */
	kb_runner_free(&rn);

	assert_int_equal(kb_runner_select(&rn, "all", NULL, 0, why, sizeof(why)), 0);
	assert_int_equal(rn.n_sel, kb_workload_count());
	assert_int_equal(kb_runner_count_io(&rn), 5);
	kb_runner_free(&rn);

	names[0] = "null";
	assert_int_equal(kb_runner_select(&rn, "cpu", names, 1, why, sizeof(why)), -ENOENT);
	assert_string_equal(why, "unknown benchmark 'null' in suite 'cpu' "
			    "(known: hash, matmul, memcpy, sort)");
	kb_runner_free(&rn);
}

static void test_io_target(void **state)
{
	struct kb_io_target t;
	char why[KB_RUN_WHY], want[256];
	json_t *j;

	(void)state;
	assert_int_equal(kb_io_target_check(group_tmpdir(), 1 << 20, 1, &t, why,
					    sizeof(why)), 0);
	assert_string_equal(t.dir, group_tmpdir());
	assert_non_null(strchr(t.dev, ':'));
	assert_true(t.free_bytes > KB_IO_MARGIN);
	assert_true(t.size_bytes == 1 << 20);
	j = kb_io_target_json(&t);
	assert_string_equal(json_string_value(json_object_get(j, "dev")), t.dev);
	assert_true(json_integer_value(json_object_get(j, "size_bytes")) == 1 << 20);
	assert_true(json_is_string(json_object_get(j, "fstype")) ||
		    json_is_null(json_object_get(j, "fstype")));
	json_decref(j);

	assert_int_equal(kb_io_target_check("/etc/hostname", 1, 1, &t, why, sizeof(why)),
			 -ENOTDIR);
	assert_string_equal(why, "io directory /etc/hostname: not a directory");
	assert_int_equal(kb_io_target_check(group_tmpdir(), 1ULL << 60, 1, &t, why,
					    sizeof(why)), -ENOSPC);
	snprintf(want, sizeof(want), "%s: not enough free space: ", group_tmpdir());
	assert_memory_equal(why, want, strlen(want));
	/* Room for one file of half the free space, not for three. */
	uint64_t half = (t.free_bytes - KB_IO_MARGIN) / 2;

	assert_int_equal(kb_io_target_check(group_tmpdir(), half, 1, &t, why,
					    sizeof(why)), 0);
	assert_int_equal(kb_io_target_check(group_tmpdir(), half, 3, &t, why,
					    sizeof(why)), -ENOSPC);
	assert_non_null(strstr(why, "for each of 3 io benchmarks"));
}

/*
 * A CoV target nothing meets: repetitions are added up to --max-reps, and
 * the benchmark says so. The profiled repetitions go into their own
 * directories and their values apart from those verdicts use.
 */
static void test_measure_adaptive_profiled(void **state)
{
	const struct kb_workload *w = kb_workload_find("syscall/null");
	struct kb_bench_result b = { .syscalls_per_op = NAN };
	struct kb_run_plan p;
	struct kb_measure m;
	char out[128], why[KB_RUN_WHY], dir[256];
	struct stat st;
	long rep;

	(void)state;
	snprintf(out, sizeof(out), "%s/adaptive", group_tmpdir());
	assert_int_equal(mkdir(out, 0755), 0);
	plan_init(&p, out);
	p.max_reps = 4;
	p.target_cov = 1e-9;
	p.profiles = true;
	p.profile_reps = 2;
	profiles_begun = profiles_ended = 0;
	assert_int_equal(kb_measure_open(&m, &p, w, &b, why, sizeof(why)), 0);
	for (rep = 1; kb_measure_due(&m, rep); rep++)
		assert_int_equal(kb_measure_rep(&m, false, why, sizeof(why)), 0);
	assert_int_equal(profiles_begun, 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(kb_measure_rep(&m, true, why, sizeof(why)), 0);
	kb_measure_finish(&m, false);
	kb_measure_close(&m);

	assert_int_equal(rep, 5);
	assert_int_equal(b.n_values, 4);
	assert_true(b.adaptive.enabled && !b.adaptive.target_met);
	assert_int_equal(b.adaptive.reps, 4);
	assert_int_equal(b.adaptive.initial_reps, 2);
	assert_int_equal(b.n_notes, 1);
	assert_memory_equal(b.notes[0], "adaptive: 4 repetitions instead of 2", 36);
	assert_true(b.latency.valid && b.latency.count > 0);
	assert_int_equal(b.n_events, KB_EV_N);

	assert_int_equal(profiles_begun, 2);
	assert_int_equal(profiles_ended, 2);
	assert_true(b.profile.enabled);
	assert_int_equal(b.profile.n_dirs, 2);
	assert_int_equal(b.n_profiled, 2);
	assert_true(b.profiled_values[0] > 0 && b.profiled_values[1] > 0);
	assert_true(isfinite(b.profile_overhead_pct));
	assert_string_equal(b.profile.dirs[0], "profiles/syscall-null/rep-1");
	assert_string_equal(b.profile.dirs[1], "profiles/syscall-null/rep-2");
	snprintf(dir, sizeof(dir), "%s/%s", out, b.profile.dirs[1]);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* the module's counters over the profiled ops */
	assert_true(b.syscalls_per_op > 0 && isfinite(b.syscalls_per_op));
	free(b.values);
	free(b.profiled_values);
	for (size_t i = 0; i < b.n_notes; i++)
		free(b.notes[i]);
	free(b.notes);
	for (size_t i = 0; i < b.profile.n_dirs; i++)
		free(b.profile.dirs[i]);
	free(b.profile.dirs);
}

struct seen {
	int progress, done, stop_at;	/* stop_at: request a stop at that call */
	int warnings;			/* the profiles' notes, passed on */
	bool done_partial;
	char calls[512];
};

static void on_progress(void *arg, const struct kb_run_progress *p)
{
	struct seen *s = arg;

	snprintf(s->calls + strlen(s->calls), sizeof(s->calls) - strlen(s->calls),
		 "%zu/%zu %s %ld/%ld%s;", p->index + 1, p->count, p->name, p->rep,
		 p->reps, p->profiled ? "p" : "");
	assert_true(p->eta_s >= 0);
	if (++s->progress == s->stop_at)
		kb_stop_requested = 1;
}

static void on_done(void *arg, const struct kb_results *r,
		    const struct kb_bench_result *b)
{
	struct seen *s = arg;

	assert_ptr_equal(b, &r->benches[s->done]);	/* each, in order */
	s->done_partial = r->partial;	/* saved as partial until the end */
	s->done++;
}

static void on_warn(void *arg, const char *bench, const char *msg)
{
	struct seen *s = arg;

	assert_string_equal(msg, "3 mapping events lost");
	assert_non_null(strchr(bench, '/'));
	s->warnings++;
}

/* Whether run_with() profiles every repetition (with the fake above). */
static bool with_profiles;

/* Selects NAMES of SUITE, begins into OUT and runs with hooks into SEEN. */
static int run_with(struct kb_runner *rn, const char *suite, const char **names,
		    size_t n, struct seen *seen, char *why, size_t len)
{
	char out[128], *argv[] = { "run", (char *)suite };

	snprintf(out, sizeof(out), "%s/run-%s-%zu", group_tmpdir(), suite, n);
	plan_init(&rn->plan, out);
	rn->plan.warmup = 0.01;
	rn->plan.profiles = with_profiles;
	rn->plan.profile_reps = with_profiles ? 2 : 0;
	rn->hooks = (struct kb_run_hooks){ .progress = on_progress,
					   .bench_done = on_done, .warn = on_warn,
					   .arg = seen };
	assert_int_equal(kb_runner_select(rn, suite, names, n, why, len), 0);
	assert_int_equal(kb_runner_begin(rn, suite, NULL, 2, argv, why, len), 0);
	return kb_runner_run(rn, why, len);
}

static void test_run_hooks(void **state)
{
	const char *names[] = { "hash", "sort" };
	struct kb_runner rn = { 0 };
	struct seen seen = { 0 };
	char why[KB_RUN_WHY];

	(void)state;
	assert_int_equal(run_with(&rn, "cpu", names, 2, &seen, why, sizeof(why)), 0);
	/* warm-ups first, then rounds, each starting one benchmark later */
	assert_string_equal(seen.calls,
		"1/2 cpu/hash 0/2;2/2 cpu/sort 0/2;"
		"1/2 cpu/hash 1/2;2/2 cpu/sort 1/2;"
		"2/2 cpu/sort 2/2;1/2 cpu/hash 2/2;");
	assert_int_equal(seen.done, 2);
	assert_true(seen.done_partial);
	assert_false(rn.res->partial);
	assert_string_equal(rn.res->suite, "cpu");
	assert_true(rn.res->started[0] && rn.res->finished[0]);
	assert_false(rn.res->profile.enabled);
	assert_string_equal(rn.res->profile.reason, "disabled for the test");
	assert_int_equal(rn.res->n_benches, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(rn.res->benches[i].n_values, 2);
		assert_false(rn.res->benches[i].partial);
		assert_false(rn.res->benches[i].profile.enabled);
	}
	kb_runner_free(&rn);
}

/* A profile's warnings go up to the command's hook, once per repetition. */
static void test_profile_warnings_reach_the_hook(void **state)
{
	const char *names[] = { "hash" };
	struct kb_runner rn = { 0 };
	struct seen seen = { 0 };
	char why[KB_RUN_WHY];

	(void)state;
	with_profiles = true;
	assert_int_equal(run_with(&rn, "cpu", names, 1, &seen, why, sizeof(why)), 0);
	with_profiles = false;
	/* two profiled repetitions, one in each of the two rounds */
	assert_string_equal(seen.calls, "1/1 cpu/hash 0/2;1/1 cpu/hash 1/2;"
			    "1/1 cpu/hash 1/2p;1/1 cpu/hash 2/2;1/1 cpu/hash 2/2p;");
	assert_int_equal(seen.warnings, 2);
	assert_int_equal(rn.res->benches[0].n_values, 2);
	assert_int_equal(rn.res->benches[0].n_profiled, 2);
	assert_int_equal(rn.res->benches[0].profile.n_dirs, 2);
	kb_runner_free(&rn);
}

/* A stop during the warm-ups: no repetition, every benchmark partial. */
static void test_run_stopped(void **state)
{
	const char *names[] = { "hash", "sort" };
	struct kb_runner rn = { 0 };
	struct seen seen = { .stop_at = 2 };
	char why[KB_RUN_WHY];

	(void)state;
	assert_int_equal(run_with(&rn, "cpu", names, 2, &seen, why, sizeof(why)), 1);
	kb_stop_requested = 0;
	assert_string_equal(seen.calls, "1/2 cpu/hash 0/2;2/2 cpu/sort 0/2;");
	assert_int_equal(seen.done, 2);
	assert_true(rn.res->partial);
	assert_int_equal(rn.res->n_benches, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(rn.res->benches[i].partial);
		assert_int_equal(rn.res->benches[i].n_values, 0);
	}
	kb_runner_free(&rn);
}

/* A benchmark that cannot be set up ends the run with its reason. */
static void test_run_failed(void **state)
{
	const char *names[] = { "seq-write" };
	struct kb_runner rn = { 0 };
	struct seen seen = { 0 };
	struct redirect o, e;
	char why[KB_RUN_WHY], out[256], err[256];
	int ret;

	(void)state;
	redirect_begin(&o, STDOUT_FILENO, true);
	redirect_begin(&e, STDERR_FILENO, true);
	ret = run_with(&rn, "io", names, 1, &seen, why, sizeof(why));
	redirect_end(&o, out, sizeof(out));
	redirect_end(&e, err, sizeof(err));
	assert_true(ret < 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	assert_memory_equal(why, "io/seq-write: ", 14);
	assert_int_equal(seen.done, 0);
	assert_true(rn.res->partial);
	assert_int_equal(rn.res->n_benches, 1);
	assert_true(rn.res->benches[0].partial);
	kb_runner_free(&rn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_io_target),
		cmocka_unit_test(test_measure_adaptive_profiled),
		cmocka_unit_test(test_run_hooks),
		cmocka_unit_test(test_profile_warnings_reach_the_hook),
		cmocka_unit_test(test_run_stopped),
		cmocka_unit_test(test_run_failed),
	};

	return cmocka_run_group_tests_name("runner", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

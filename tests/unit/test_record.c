// SPDX-License-Identifier: GPL-2.0
/*
 * A recording's results: the top functions taken from its stacks, the
 * results.json that model/record.c writes from a struct kb_record, the
 * end of a recording writing stacks.folded and results.json from a
 * profile directory, and the summary line in human numbers.
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
#include <cmocka.h>
#include <sys/stat.h>
#include <jansson.h>

/* The recording's static steps, run on a profile directory made here. */
#include "capture/recording.c"
#include "helpers.h"
#include "model/record.h"
#include "model/samples.h"
#include "render/record_text.h"

static void add(struct kb_stacks *st, const char *text, uint64_t count)
{
	assert_int_equal(kb_stacks_add_stack(st, text, strlen(text), count), 0);
}

/* Self samples per leaf, most first, ties by name, at most five. */
static void top_from_stacks(void **state)
{
	struct kb_record r = { 0 };
	struct kb_stacks st;

	(void)state;
	kb_stacks_init(&st);
	add(&st, "a;main;spin", 40);
	add(&st, "b;main;spin", 20);
	add(&st, "a;main;read;copy_user_[k]", 10);
	add(&st, "a;main", 10);
	add(&st, "a;main;zeta", 5);
	add(&st, "a;main;alpha", 5);
	add(&st, "a;main;omega", 4);
	add(&st, "a;main;spin", 6);
	assert_int_equal(st.samples, 100);
	assert_int_equal(kb_record_set_top(&r, &st), 0);
	assert_int_equal(r.n_top, KB_RECORD_TOP);
	assert_string_equal(r.top[0].function, "spin");
	assert_int_equal(r.top[0].samples, 66);
	assert_true(r.top[0].percent > 65.99 && r.top[0].percent < 66.01);
	assert_string_equal(r.top[1].function, "copy_user_[k]");
	assert_string_equal(r.top[2].function, "main");
	assert_string_equal(r.top[3].function, "alpha");
	assert_string_equal(r.top[4].function, "zeta");
	/* Again, over what it held: no leak, the same answer. */
	assert_int_equal(kb_record_set_top(&r, &st), 0);
	assert_string_equal(r.top[4].function, "zeta");
	kb_stacks_free(&st);
	kb_record_free(&r);

	kb_stacks_init(&st);
	assert_int_equal(kb_record_set_top(&r, &st), 0);
	assert_int_equal(r.n_top, 0);
	kb_record_free(&r);
}

/* A record with two CPUs, a command, counters and mapping events. */
static void fill(struct kb_record *r, char **argv)
{
	struct kb_cpu_stats *cpus = calloc(2, sizeof(*cpus));
	struct kb_stacks st;

	assert_non_null(cpus);
	cpus[0] = (struct kb_cpu_stats){ 0, 100, 90, 4, 6, 1, 0, 0 };
	cpus[1] = (struct kb_cpu_stats){ 1, 50, 50, 0, 0, 2, 0, 0 };
	snprintf(r->release, sizeof(r->release), "6.1.0");
	snprintf(r->version, sizeof(r->version), "#1 SMP");
	snprintf(r->machine, sizeof(r->machine), "x86_64");
	r->cpus = 2;
	r->frequency_hz = 999;
	r->kernel_depth = 64;
	r->user_depth = 1;
	r->ring_kb = 2048;
	r->mode = "command";
	r->pid = 4242;
	r->command = argv;
	r->command_status = 3;
	r->duration_s = 2.5;
	kb_record_set_cpus(r, cpus, 2);
	r->symbolized = 140;
	r->by_context[KBENCH_CTX_USER] = 100;
	r->by_context[KBENCH_CTX_KERNEL] = 40;
	r->have_maps_events = true;
	r->maps_events_lost = 7;
	r->maps_from_events = 2;
	r->have_counters = true;
	r->counters.collect = KBENCH_COLLECT_SYSCALLS;
	r->counters.n = r->counters.cap = 1;
	r->counters.sc = calloc(1, sizeof(*r->counters.sc));
	assert_non_null(r->counters.sc);
	r->counters.sc[0] = (struct kb_sc){ .nr = 0, .count = 1000 };
	r->counting_ns = 87.5;
	kb_stacks_init(&st);
	add(&st, "prog;main;spin", 140);
	assert_int_equal(kb_record_set_top(r, &st), 0);
	kb_stacks_free(&st);
}

static json_int_t get_int(json_t *root, const char *path)
{
	json_t *v = json_object_get(root, path);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* The fields docs/record.md lists, written through kb_json_save. */
static void results_json_fields(void **state)
{
	char *argv[] = { "prog", "-x", NULL };
	char *dir = tmpdir_new(), path[4200];
	struct kb_record r = { 0 };
	json_t *root, *s, *cpu;
	json_error_t e;

	(void)state;
	fill(&r, argv);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	assert_int_equal(kb_record_save(path, &r), 0);
	root = json_load_file(path, 0, &e);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "schema")),
			    "kbench-record/1");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "kernel"), "machine")), "x86_64");
	assert_int_equal(get_int(root, "cpus"), 2);
	assert_int_equal(get_int(root, "frequency_hz"), 999);
	assert_true(json_real_value(json_object_get(root, "duration_s")) == 2.5);
	assert_true(json_is_false(json_object_get(root, "partial")));
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(root, "command"), 1)), "-x");
	assert_int_equal(get_int(root, "command_status"), 3);
	assert_int_equal(get_int(json_object_get(root, "target"), "pid"), 4242);
	assert_int_equal(get_int(json_object_get(root, "callgraph"), "user_depth"), 1);
	s = json_object_get(root, "samples");
	assert_int_equal(get_int(s, "fired"), 150);
	assert_int_equal(get_int(s, "recorded"), 140);
	assert_int_equal(get_int(s, "dropped"), 4);
	assert_int_equal(get_int(s, "filtered"), 6);
	assert_int_equal(get_int(s, "missed"), 3);
	assert_int_equal(get_int(s, "symbolized"), 140);
	assert_int_equal(get_int(json_object_get(s, "by_context"), "kernel"), 40);
	cpu = json_array_get(json_object_get(s, "per_cpu"), 1);
	assert_int_equal(get_int(cpu, "cpu"), 1);
	assert_int_equal(get_int(cpu, "fired"), 50);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(root, "top"), 0), "function")), "spin");
	assert_int_equal(get_int(root, "maps_events_lost"), 7);
	assert_int_equal(get_int(root, "maps_from_events"), 2);
	assert_int_equal(get_int(json_array_get(json_object_get(root, "syscalls"), 0),
				 "count"), 1000);
	assert_true(json_real_value(json_object_get(root, "counting_cost_ns")) == 87.5);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "files"), "folded")), "stacks.folded");
	json_decref(root);

	/* No events, no status, system-wide, no counters: null or absent. */
	r.have_maps_events = false;
	r.command_status = -1;
	r.command = NULL;
	r.mode = "system";
	r.pid = 0;
	kb_counters_free(&r.counters);
	r.have_counters = false;
	root = kb_record_json(&r);
	assert_non_null(root);
	assert_true(json_is_null(json_object_get(root, "maps_events_lost")));
	assert_true(json_is_null(json_object_get(root, "command")));
	assert_null(json_object_get(root, "command_status"));
	assert_null(json_object_get(json_object_get(root, "target"), "pid"));
	assert_null(json_object_get(root, "syscalls"));
	assert_null(json_object_get(root, "counting_cost_ns"));
	json_decref(root);
	kb_record_free(&r);
	tmpdir_remove(dir);
}

/* Appends one record of a sample to BUF at *LEN. */
static void put_sample(uint64_t *buf, size_t *len, uint8_t ctx, uint32_t pid,
		       int nk, int nu, const uint64_t *ips)
{
	struct kbench_sample *s = (void *)((uint8_t *)buf + *len);

	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s) + 8 * (nk + nu);
	s->context = ctx;
	s->nr_kernel = nk;
	s->nr_user = nu;
	s->pid = s->tid = pid;
	memcpy(s->ips, ips, 8 * (nk + nu));
	*len += s->size;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 65535, f) > 0);
	fclose(f);
	return buf;
}

/*
 * The last steps of a recording, without a kernel: the last records go
 * to samples.raw, then stacks.folded and results.json are written from
 * the profile directory (kallsyms from the fixture, procs/ by hand).
 */
static void finish_writes_stacks_and_results(void **state)
{
	uint64_t buf[64], k[2] = { 0xffffffffc0a01003, 0xffffffff81002010 };
	struct kb_recording r = { .cfg.s.freq_hz = 999 };
	struct kb_rec_meta meta = { .mode = "pid", .command_status = -1 };
	struct kb_session_end end = { 0 };
	struct kb_record rec = { 0 };
	char why[KB_REC_WHYLEN], path[4200], *text, *dir = tmpdir_new();
	size_t len = 0;
	json_t *root;
	FILE *f;

	(void)state;
	snprintf(r.dir, sizeof(r.dir), "%s", dir);
	assert_int_equal(kb_profile_create(r.dir, &r.raw, why), 0);
	snprintf(path, sizeof(path), "%s/kallsyms", r.dir);
	copy_file(FIXTURES "/kallsyms", path);
	f = kb_profile_proc_open(r.dir, 77, "comm", "w");
	fputs("worker\n", f);
	fclose(f);
	for (int i = 0; i < 3; i++)
		put_sample(buf, &len, KBENCH_CTX_KERNEL, 77, 2, 0, k);
	put_sample(buf, &len, KBENCH_CTX_KERNEL, 77, 1, 0, k + 1);
	put_sample(buf, &len, KBENCH_CTX_IDLE, 0, 1, 0, k + 1);
	assert_int_equal(kb_sample_buf_add(&end.samples, buf, len), 0);
	/* pid 77 looks sampled and captured: nothing to take from /proc. */
	assert_int_equal(add_seen(&r, (struct seen_pid){ 77, true, false }), 0);
	assert_int_equal(take_batch(&r, &end.samples, why), 0);
	assert_int_equal(fclose(r.raw), 0);
	r.raw = NULL;

	end.stats = calloc(1, sizeof(*end.stats));
	end.stats[0] = (struct kb_cpu_stats){ 0, 5, 5, 0, 0, 0, 0, 0 };
	end.nstats = 1;
	describe(&r, &meta, &end, &rec);
	assert_null(end.stats);
	assert_int_equal(write_results(&r, &rec, why), 0);

	snprintf(path, sizeof(path), "%s/stacks.folded", r.dir);
	text = slurp(path);
	assert_string_equal(text,
		"swapper;do_syscall_64_[k] 1\n"
		"worker;do_syscall_64_[k] 1\n"
		"worker;do_syscall_64_[k];kbench_spin [kbench_test]_[k] 3\n");
	free(text);
	snprintf(path, sizeof(path), "%s/results.json", r.dir);
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	assert_int_equal(get_int(json_object_get(root, "samples"), "symbolized"), 5);
	assert_int_equal(get_int(json_object_get(json_object_get(root, "samples"),
						 "by_context"), "idle"), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(root, "top"), 0), "function")),
		"kbench_spin [kbench_test]_[k]");
	assert_true(json_is_null(json_object_get(root, "maps_events_lost")));
	json_decref(root);

	kb_record_free(&rec);
	kb_session_end_free(&end);
	free(r.seen);
	free(r.slots);
	tmpdir_remove(dir);
}

/*
 * A drain's records, taken message by message where they lie: runs of one
 * process skip the lookup, and 300 processes (the table grows, moving the
 * entries under the cached one) are each noted once, with user frames
 * noted for exactly the processes whose samples had them. The bytes reach
 * samples.raw unchanged.
 */
static void records_noted_once_per_process(void **state)
{
	static uint64_t buf[300 * 3 * 5];
	uint64_t ips[2] = { 0x401000, 0x401100 };
	struct kb_recording r = { .cfg.s.freq_hz = 999 };
	char why[KB_REC_WHYLEN], path[4200], *dir = tmpdir_new();
	size_t len = 0;
	struct stat st;
	off_t header;

	(void)state;
	snprintf(r.dir, sizeof(r.dir), "%s", dir);
	assert_int_equal(kb_profile_create(r.dir, &r.raw, why), 0);
	assert_int_equal(fflush(r.raw), 0);
	snprintf(path, sizeof(path), "%s/samples.raw", r.dir);
	assert_int_equal(stat(path, &st), 0);
	header = st.st_size;
	/* pids that no process has: their capture fails, and says so */
	for (uint32_t p = 0; p < 300; p++)
		for (int i = 0; i < 3; i++)
			put_sample(buf, &len, KBENCH_CTX_USER, 4000000 + p, 0,
				   p % 2 && i == 2 ? 2 : 0, ips);
	assert_int_equal(on_records(buf, len / 2, &r), 0);
	assert_int_equal(on_records((uint8_t *)buf + len / 2, len - len / 2, &r),
			 0);
	assert_int_equal(r.nseen, 300);
	for (uint32_t p = 0; p < 300; p++) {
		struct seen_pid *sp = seen(&r, 4000000 + p);

		assert_non_null(sp);
		assert_int_equal(sp->pid, 4000000 + p);
		assert_false(sp->captured);
		assert_int_equal(sp->user, p % 2);
	}
	assert_null(seen(&r, 4000300));
	assert_int_equal(fclose(r.raw), 0);
	r.raw = NULL;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, header + (off_t)len);
	free(r.seen);
	free(r.slots);
	tmpdir_remove(dir);
}

/* The summary line: counts, the duration and the top in human units. */
static void summary_in_human_numbers(void **state)
{
	char *argv[] = { "prog", NULL }, *out = NULL;
	struct kb_record r = { 0 };
	size_t len = 0;
	FILE *f;

	(void)state;
	fill(&r, argv);
	r.total.recorded = 123456;
	r.total.dropped = 0;
	r.total.missed = 4;
	r.counters.latency = true;
	r.counters.sc[0].total_ns = 12345678;
	r.counting_ns = 250;
	f = open_memstream(&out, &len);
	kb_record_print_summary(f, "kbench: record: ", &r);
	fclose(f);
	/* 1000 calls x 250 ns = 250 us, 0.01 % of 2.5 s. */
	assert_string_equal(out,
		"kbench: record: 123k samples, 0 dropped, 4 missed ticks in 2.50 s;"
		" top: spin 100.0%\n"
		"kbench: record: syscalls by calls: read 1000\n"
		"kbench: record: syscalls by time: read 12.3 ms\n"
		"kbench: record: counting and timing cost: 250 ns per syscall (measured at start)"
		" x 1000 syscalls = 250 µs, 0.0% of 2.50 s\n");
	free(out);

	r.counting_ns = NAN;
	f = open_memstream(&out, &len);
	kb_record_print_summary(f, "", &r);
	fclose(f);
	assert_non_null(strstr(out, "\ncounting and timing cost: not measured\n"));
	free(out);

	r.partial = true;
	r.n_top = 0;
	free(r.top[0].function);
	r.have_counters = false;
	kb_counters_free(&r.counters);
	f = open_memstream(&out, &len);
	kb_record_print_summary(f, "", &r);
	fclose(f);
	assert_string_equal(out,
		"123k samples, 0 dropped, 4 missed ticks in 2.50 s (interrupted);"
		" top: (no samples)\n"
		"syscalls and page faults not counted (-c counts them)\n");
	free(out);
	kb_record_free(&r);
}

/*
 * --unwind dwarf: results.json states the unwinding and its costs, the
 * report's reader gets them back as sums, the summary line says them in
 * human numbers; with frame pointers, "dwarf" is null.
 */
static void dwarf_unwinding_stated(void **state)
{
	char *argv[] = { "prog", NULL }, *out = NULL;
	struct kb_record r = { 0 };
	struct kb_record_info info = { 0 };
	char why[256];
	size_t len = 0;
	json_t *root, *d;
	FILE *f;

	(void)state;
	fill(&r, argv);
	r.user_stack = 8192;
	r.dwarf = (struct kb_dwarf_stats){ .samples = 100, .unwound = 90,
		.truncated = 8, .failed = 2, .cut = 100, .stack_bytes = 204800,
		.unwind_ns = 15000000 };
	r.total.ustack_copies = 100;
	r.total.ustack_ns = 1800000;
	root = kb_record_json(&r);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "callgraph"), "user_unwind")), "dwarf");
	d = json_object_get(json_object_get(root, "samples"), "dwarf");
	assert_int_equal(get_int(d, "unwound"), 90);
	assert_true(json_real_value(json_object_get(d, "copy_ns_per_sample")) == 18000);
	assert_true(json_real_value(json_object_get(d, "unwind_us_per_sample")) == 150);
	assert_true(json_real_value(json_object_get(d, "stack_bytes_per_sample")) == 2048);
	assert_int_equal(kb_record_info_from_json(root, &info, why, sizeof(why)), 0);
	assert_int_equal(info.dwarf.samples, 100);
	assert_int_equal(info.dwarf.truncated, 8);
	assert_int_equal(info.dwarf.unwind_ns, 15000000);
	assert_true(info.copy_ns == 1800000);
	json_decref(root);

	f = open_memstream(&out, &len);
	kb_record_print_summary(f, "", &r);
	fclose(f);
	assert_non_null(strstr(out, "\ndwarf unwinding: 90 of 100 samples to the outermost frame, 8 truncated (stack copy too short), 2 without call-frame info; 100 stack copies cut short; per sample 2.00 KiB of stack, copied in 18.0 µs in the tick, unwound in 150 µs\n"));
	free(out);

	r.user_stack = 0;
	root = kb_record_json(&r);
	assert_true(json_is_null(json_object_get(json_object_get(root, "samples"), "dwarf")));
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "callgraph"), "user_unwind")), "fp");
	json_decref(root);
	kb_record_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dwarf_unwinding_stated),
		cmocka_unit_test(top_from_stacks),
		cmocka_unit_test(results_json_fields),
		cmocka_unit_test(finish_writes_stacks_and_results),
		cmocka_unit_test(records_noted_once_per_process),
		cmocka_unit_test(summary_in_human_numbers),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}

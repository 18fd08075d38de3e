// SPDX-License-Identifier: GPL-2.0
/* Sample records off the wire, the raw file, and folded stacks. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers.h"
#include "capture/folded.h"
#include "capture/profile.h"
#include "model/samples.h"

/* Appends one record to BUF at *LEN; returns the record. */
static struct kbench_sample *put(uint64_t *buf, size_t *len, uint8_t ctx,
				 uint32_t pid, int nk, int nu, const uint64_t *ips)
{
	struct kbench_sample *s = (void *)((uint8_t *)buf + *len);

	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s) + 8 * (nk + nu);
	s->context = ctx;
	s->nr_kernel = nk;
	s->nr_user = nu;
	s->pid = pid;
	s->tid = pid;
	memcpy(s->ips, ips, 8 * (nk + nu));
	*len += s->size;
	return s;
}

static int count(const struct kbench_sample *s, void *arg)
{
	(void)s;
	(*(int *)arg)++;
	return 0;
}

static void walk_counts_and_validates(void **state)
{
	uint64_t buf[64], ips[3] = { 1, 2, 3 };
	size_t len = 0;
	struct kbench_sample *s;
	int n = 0;

	(void)state;
	put(buf, &len, KBENCH_CTX_USER, 10, 0, 1, ips);
	s = put(buf, &len, KBENCH_CTX_KERNEL, 10, 2, 1, ips);
	assert_int_equal(kb_samples_walk(buf, len, count, &n), 0);
	assert_int_equal(n, 2);

	/* Truncated buffer, wrong size field, unknown context. */
	assert_int_equal(kb_samples_walk(buf, len - 8, count, &n), -EPROTO);
	s->size += 8;
	assert_int_equal(kb_samples_walk(buf, len, count, &n), -EPROTO);
	s->size -= 8;
	s->context = 9;
	assert_int_equal(kb_samples_walk(buf, len, count, &n), -EPROTO);
}

/* The iterator steps record by record and stops at a damaged one. */
static void next_steps_and_stops(void **state)
{
	uint64_t buf[64], ips[3] = { 1, 2, 3 };
	const struct kbench_sample *s;
	size_t len = 0, off = 0;
	int err;

	(void)state;
	put(buf, &len, KBENCH_CTX_USER, 10, 0, 1, ips);
	put(buf, &len, KBENCH_CTX_KERNEL, 11, 2, 1, ips);
	s = kb_samples_next(buf, len, &off, &err);
	assert_non_null(s);
	assert_int_equal(s->pid, 10);
	s = kb_samples_next(buf, len, &off, &err);
	assert_non_null(s);
	assert_int_equal(s->nr_kernel, 2);
	assert_int_equal(off, len);
	assert_null(kb_samples_next(buf, len, &off, &err));
	assert_int_equal(err, 0);

	off = 0;
	assert_null(kb_samples_next(buf, 8, &off, &err));
	assert_int_equal(err, -EPROTO);
	assert_int_equal(off, 0);
}

/*
 * Stacks added by their text are the stacks a folded file reads: equal
 * ones merged, frames interned, the same file written back.
 */
static void stacks_added_by_text(void **state)
{
	static const char text[] = "a;b;c 3\nx;y 1\n";
	struct kb_stacks st, read;
	FILE *f;
	size_t line;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(kb_stacks_add_stack(&st, "x;y", 3, 1), 0);
	assert_int_equal(kb_stacks_add_stack(&st, "a;b;c", 5, 1), 0);
	/* Only LEN bytes count: the rest of the buffer is not a frame. */
	assert_int_equal(kb_stacks_add_stack(&st, "a;b;c;d", 5, 2), 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.samples, 4);
	assert_int_equal(st.n_names, 5);
	assert_int_equal(kb_stacks_sort(&st), 0);
	f = open_memstream(&out, &len);
	assert_int_equal(kb_stacks_write(&st, f), 0);
	fclose(f);
	assert_string_equal(out, text);
	free(out);

	kb_stacks_init(&read);
	f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(kb_stacks_read(&read, f, &line), 0);
	fclose(f);
	assert_int_equal(kb_stacks_add(&read, &st), 0);
	assert_int_equal(read.n, 2);
	assert_int_equal(read.samples, 8);
	kb_stacks_free(&read);
	kb_stacks_free(&st);
}

static void raw_file_round_trip(void **state)
{
	uint64_t buf[16], ips[2] = { 0x1234, 0x5678 };
	size_t len = 0, rlen;
	void *rbuf;
	FILE *f = tmpfile();

	(void)state;
	put(buf, &len, KBENCH_CTX_KERNEL, 7, 1, 1, ips);
	assert_int_equal(kb_raw_write_header(f), 0);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	rewind(f);
	assert_int_equal(kb_raw_read(f, &rbuf, &rlen), 0);
	assert_int_equal(rlen, len);
	assert_memory_equal(rbuf, buf, len);
	free(rbuf);
	fclose(f);

	f = tmpfile();
	fputs("not a raw sample file at all", f);
	rewind(f);
	assert_int_equal(kb_raw_read(f, &rbuf, &rlen), -EPROTO);
	fclose(f);
}

__attribute__((noinline)) int kb_folded_user_marker(int x)
{
	return x + 1;
}

/* Writes ST sorted, as stacks.folded has it, into a malloc'ed string. */
static char *folded_text(struct kb_stacks *st)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *mem = open_memstream(&out, &outlen);

	assert_non_null(mem);
	assert_int_equal(kb_stacks_sort(st), 0);
	assert_int_equal(kb_stacks_write(st, mem), 0);
	assert_int_equal(fclose(mem), 0);
	return out;
}

static void folded_stacks(void **state)
{
	struct kb_ksyms ks;
	struct kb_folded fo;
	struct kb_stacks st;
	uint64_t buf[64];
	size_t len = 0;
	char *out;
	FILE *f = fopen(FIXTURES "/kallsyms", "r"), *maps;
	uint64_t marker = (uint64_t)(uintptr_t)&kb_folded_user_marker + 1;
	/* kernel: kbench_spin <- do_syscall_64 <- entry; user: marker, main */
	uint64_t k2u[4] = { 0xffffffffc0a01003, 0xffffffff81002010,
			    0xffffffff81002400, marker };
	uint64_t unknown[2] = { 0xffffffff80000000, 0x42 };

	(void)state;
	assert_non_null(f);
	assert_int_equal(kb_ksyms_load(&ks, f), 0);
	fclose(f);
	kb_stacks_init(&st);
	assert_int_equal(kb_folded_init(&fo, &ks, &st), 0);
	maps = fopen("/proc/self/maps", "r");
	assert_int_equal(kb_folded_add_proc(&fo, 10, "my prog;x", maps), 0);
	fclose(maps);

	put(buf, &len, KBENCH_CTX_KERNEL, 10, 3, 1, k2u);
	put(buf, &len, KBENCH_CTX_KERNEL, 10, 3, 1, k2u);
	put(buf, &len, KBENCH_CTX_KERNEL, 99, 1, 1, unknown);
	put(buf, &len, KBENCH_CTX_IDLE, 0, 1, 0, k2u + 1);
	for (size_t off = 0; off < len;) {
		const struct kbench_sample *s = (void *)((uint8_t *)buf + off);

		assert_int_equal(kb_folded_add(&fo, s), 0);
		off += s->size;
	}
	assert_int_equal(fo.samples, 4);
	/* Equal stacks are one, counted twice; the stacks are the caller's. */
	assert_int_equal(st.n, 3);
	assert_int_equal(st.samples, 4);
	kb_folded_free(&fo);

	out = folded_text(&st);
	assert_string_equal(out,
		"my_prog_x;kb_folded_user_marker;entry_SYSCALL_64_[k];"
		"do_syscall_64_[k];kbench_spin [kbench_test]_[k] 2\n"
		"pid-99;0x42;0xffffffff80000000_[k] 1\n"
		"swapper;do_syscall_64_[k] 1\n");
	free(out);
	kb_stacks_free(&st);
	kb_ksyms_free(&ks);
	assert_int_equal(kb_folded_user_marker(1), 2);
}

/*
 * A frame-pointer walk through code without frame pointers reads junk:
 * against the captured mappings, the walk ends at the first frame outside
 * every executable one, as "[unknown]"; without mappings, nothing is cut.
 */
static void junk_user_frames_end_the_walk(void **state)
{
	uint64_t marker = (uint64_t)(uintptr_t)&kb_folded_user_marker + 1;
	uint64_t junk[4] = { marker, 0x3fc999999999999aULL, marker,
			     0xffffffffffffffffULL };
	uint64_t raw[2] = { 0x3fc999999999999aULL, 0xfeedfacedeadbeefULL };
	uint64_t buf[64];
	struct kb_folded fo;
	struct kb_stacks st;
	size_t len = 0;
	char *out;
	FILE *maps;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(kb_folded_init(&fo, NULL, &st), 0);
	maps = fopen("/proc/self/maps", "r");
	assert_int_equal(kb_folded_add_proc(&fo, 10, "prog", maps), 0);
	fclose(maps);
	assert_int_equal(kb_folded_add_proc(&fo, 11, "nomaps", NULL), 0);
	put(buf, &len, KBENCH_CTX_USER, 10, 0, 4, junk);
	put(buf, &len, KBENCH_CTX_USER, 10, 0, 1, junk);
	put(buf, &len, KBENCH_CTX_USER, 10, 0, 1, junk + 1);
	put(buf, &len, KBENCH_CTX_USER, 11, 0, 2, raw);
	for (size_t off = 0; off < len;) {
		const struct kbench_sample *s = (void *)((uint8_t *)buf + off);

		assert_int_equal(kb_folded_add(&fo, s), 0);
		off += s->size;
	}
	assert_int_equal(fo.user_cut, 2);
	kb_folded_free(&fo);
	out = folded_text(&st);
	assert_string_equal(out,
		"nomaps;0xfeedfacedeadbeef;0x3fc999999999999a 1\n"
		"prog;[unknown] 1\n"
		"prog;[unknown];kb_folded_user_marker 1\n"
		"prog;kb_folded_user_marker 1\n");
	free(out);
	kb_stacks_free(&st);
}

/* A record directory written by hand is rebuilt into the same stacks. */
static void profile_rebuilds_from_disk(void **state)
{
	char *dir, path[4200], why[KB_PROFILE_WHYLEN];
	uint64_t buf[32], ips[2] = { 0xffffffff81002010,
				     (uint64_t)(uintptr_t)&kb_folded_user_marker + 1 };
	size_t len = 0;
	struct kb_profile_info info;
	struct kb_stacks st;
	char *out;
	FILE *f;

	(void)state;
	dir = tmpdir_new();
	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	copy_file(FIXTURES "/kallsyms", path);
	/* This very process stands in for the recorded one. */
	assert_int_equal(kb_profile_capture_proc(dir, (uint32_t)getpid()), 0);
	put(buf, &len, KBENCH_CTX_KERNEL, (uint32_t)getpid(), 1, 1, ips);
	put(buf, &len, KBENCH_CTX_USER, (uint32_t)getpid(), 0, 1, ips + 1);
	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	f = fopen(path, "w");
	assert_int_equal(kb_raw_write_header(f), 0);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);

	kb_stacks_init(&st);
	assert_int_equal(kb_profile_load(dir, &st, &info, why), 0);
	assert_int_equal(info.samples, 2);
	assert_int_equal(info.by_context[KBENCH_CTX_KERNEL], 1);
	assert_int_equal(info.by_context[KBENCH_CTX_USER], 1);
	out = folded_text(&st);
	assert_string_equal(out,
		"test_folded;kb_folded_user_marker 1\n"
		"test_folded;kb_folded_user_marker;do_syscall_64_[k] 1\n");
	free(out);
	kb_stacks_free(&st);

	/* Without stacks.folded, a profile's stacks are rebuilt the same. */
	kb_stacks_init(&st);
	assert_int_equal(kb_profile_read_stacks(dir, &st, why), 0);
	out = folded_text(&st);
	assert_string_equal(out,
		"test_folded;kb_folded_user_marker 1\n"
		"test_folded;kb_folded_user_marker;do_syscall_64_[k] 1\n");
	free(out);
	kb_stacks_free(&st);

	/* A damaged raw file is named in the error. */
	f = fopen(path, "w");
	fputs("garbage", f);
	fclose(f);
	kb_stacks_init(&st);
	assert_int_equal(kb_profile_load(dir, &st, NULL, why), -EPROTO);
	kb_stacks_free(&st);
	assert_non_null(strstr(why, "samples.raw: not a kbench raw sample file"));

	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_counts_and_validates),
		cmocka_unit_test(next_steps_and_stops),
		cmocka_unit_test(stacks_added_by_text),
		cmocka_unit_test(raw_file_round_trip),
		cmocka_unit_test(folded_stacks),
		cmocka_unit_test(junk_user_frames_end_the_walk),
		cmocka_unit_test(profile_rebuilds_from_disk),
	};

	return cmocka_run_group_tests_name("folded", tests, NULL, NULL);
}

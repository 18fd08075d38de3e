// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping events: synthetic perf ring contents, laid out as the kernel
 * writes them, handed back as a process's name and mappings and written
 * as procs/PID.comm and PID.maps.
 */
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

/* The static parser and ring reader, fed without a kernel. */
#include "capture/mmap_events.c"
#include "capture/profile.h"
#include "capture/usyms.h"
#include "helpers.h"
#include "model/samples.h"

#define RING_BYTES 4096

struct fake {
	struct perf_event_mmap_page *pg;
	uint8_t *data;
};

/* A kb_mmev reading N rings of RING_BYTES that the test writes into. */
static struct kb_mmev *fake_mmev(struct fake *f, size_t n)
{
	struct kb_mmev *m = mmev_new(n);

	assert_non_null(m);
	for (size_t i = 0; i < n; i++) {
		f[i].pg = calloc(1, sizeof(*f[i].pg));
		f[i].data = calloc(1, RING_BYTES);
		assert_non_null(f[i].pg);
		assert_non_null(f[i].data);
		m->rings[i] = (struct ring){ .pg = f[i].pg, .data = f[i].data,
					     .size = RING_BYTES, .fd = -1 };
	}
	m->nrings = n;
	return m;
}

static void fake_free(struct kb_mmev *m, struct fake *f, size_t n)
{
	kb_mmev_close(m);
	for (size_t i = 0; i < n; i++) {
		free(f[i].pg);
		free(f[i].data);
	}
}

/* Starts an empty ring at byte POS (as if that much had been read). */
static void ring_at(struct fake *f, uint64_t pos)
{
	f->pg->data_head = pos;
	f->pg->data_tail = pos;
}

/* Writes one record at the head, wrapping at the ring's end as the kernel does. */
static void put(struct fake *f, const void *rec)
{
	const struct perf_event_header *h = rec;
	uint64_t head = f->pg->data_head;

	for (size_t i = 0; i < h->size; i++)
		f->data[(head + i) % RING_BYTES] = ((const uint8_t *)rec)[i];
	f->pg->data_head = head + h->size;
}

/* Record builders: fields, then the sample_id trailer (pid, tid, time). */
struct rec {
	uint64_t buf[64];
	size_t len;
};

static void rec_start(struct rec *r, uint32_t type, uint16_t misc)
{
	memset(r, 0, sizeof(*r));
	r->len = sizeof(struct perf_event_header);
	((struct perf_event_header *)r->buf)->type = type;
	((struct perf_event_header *)r->buf)->misc = misc;
}

static void rec_add(struct rec *r, const void *p, size_t len)
{
	memcpy((uint8_t *)r->buf + r->len, p, len);
	r->len += len;
}

/* A string, NUL-terminated and padded to 8 bytes as the kernel pads it. */
static void rec_str(struct rec *r, const char *s)
{
	size_t len = strlen(s) + 1;

	rec_add(r, s, len);
	r->len = (r->len + 7) & ~(size_t)7;
}

static const void *rec_end(struct rec *r, uint32_t pid, uint32_t tid, uint64_t time)
{
	struct trailer t = { pid, tid, time };

	rec_add(r, &t, sizeof(t));
	((struct perf_event_header *)r->buf)->size = (uint16_t)r->len;
	return r->buf;
}

static const void *mmap2(struct rec *r, uint32_t pid, uint64_t addr, uint64_t len,
			 uint64_t pgoff, uint32_t prot, const char *path, uint64_t time)
{
	struct rec_mmap2 m = {
		.pid = pid, .tid = pid, .addr = addr, .len = len, .pgoff = pgoff,
		.maj = 8, .min = 1, .ino = 1234, .prot = prot, .flags = MAP_PRIVATE,
	};

	rec_start(r, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER);
	rec_add(r, (uint8_t *)&m + sizeof(m.h), sizeof(m) - sizeof(m.h));
	rec_str(r, path);
	return rec_end(r, pid, pid, time);
}

static const void *comm(struct rec *r, uint32_t pid, uint32_t tid, const char *name,
			bool exec, uint64_t time)
{
	uint32_t ids[2] = { pid, tid };

	rec_start(r, PERF_RECORD_COMM, exec ? PERF_RECORD_MISC_COMM_EXEC : 0);
	rec_add(r, ids, sizeof(ids));
	rec_str(r, name);
	return rec_end(r, pid, tid, time);
}

static const void *task(struct rec *r, uint32_t type, uint32_t pid, uint32_t ppid,
			uint32_t tid, uint64_t time)
{
	uint32_t ids[4] = { pid, ppid, tid, ppid };

	rec_start(r, type, 0);
	rec_add(r, ids, sizeof(ids));
	rec_add(r, &time, sizeof(time));
	return rec_end(r, pid, tid, time);
}

static const void *lost(struct rec *r, uint64_t n, uint64_t time)
{
	uint64_t f[2] = { 1, n };

	rec_start(r, PERF_RECORD_LOST, 0);
	rec_add(r, f, sizeof(f));
	return rec_end(r, 0, 0, time);
}

/* Reads DIR/procs/PID.EXT whole; NULL if it does not exist. */
static char *slurp(const char *dir, uint32_t pid, const char *ext)
{
	FILE *f = kb_profile_proc_open(dir, pid, ext, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void expect_file(const char *dir, uint32_t pid, const char *ext,
			const char *want)
{
	char *got = slurp(dir, pid, ext);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/*
 * What a recording does for a sampled process /proc missed: the events
 * hand it back, over its parent's capture when it inherited that, and the
 * profile directory writes it.
 */
static int write_procs(struct kb_mmev *m, const char *dir, uint32_t pid)
{
	uint32_t ppid = kb_mmev_base_pid(m, pid);
	struct kb_procmaps base, pm;
	bool have_base = ppid && !kb_profile_read_proc(dir, ppid, &base);
	int ret = kb_mmev_proc(m, pid, have_base ? &base : NULL, &pm);

	if (!ret) {
		ret = kb_profile_write_proc(dir, pid, &pm);
		kb_procmaps_free(&pm);
	}
	if (have_base)
		kb_procmaps_free(&base);
	return ret;
}

#define RX (PROT_READ | PROT_EXEC)

/*
 * An exec and its mappings become a maps file the usual parser reads:
 * code in files, the vDSO and anonymous code (no path, as /proc has it)
 * are kept; data mappings, other special ones and a thread's name are
 * left out.
 */
static void exec_writes_maps(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct kb_elf_cache *c = kb_elf_cache_new();
	struct kb_umaps um;
	struct rec r;
	FILE *maps;

	(void)state;
	put(f, comm(&r, 100, 100, "prog", true, 10));
	put(f, mmap2(&r, 100, 0x400000, 0x1000, 0x1000, RX, "/usr/bin/prog", 11));
	put(f, mmap2(&r, 100, 0x7f0000001000, 0x2000, 0x3000, RX,
		     "/usr/lib/libc.so.6", 12));
	put(f, mmap2(&r, 100, 0x600000, 0x1000, 0, PROT_READ | PROT_WRITE,
		     "/usr/bin/prog", 13));
	put(f, mmap2(&r, 100, 0x7f0000100000, 0x1000, 0, RX, "//anon", 14));
	put(f, mmap2(&r, 100, 0x7fff00000000, 0x1000, 0, RX, "[vdso]", 14));
	put(f, mmap2(&r, 100, 0x7fff00100000, 0x1000, 0, RX, "[vsyscall]", 14));
	put(f, comm(&r, 100, 101, "worker", false, 15));
	kb_mmev_poll(m);
	assert_int_equal(f->pg->data_tail, f->pg->data_head);

	assert_int_equal(write_procs(m, dir, 100), 0);
	expect_file(dir, 100, "comm", "prog\n");
	expect_file(dir, 100, "maps",
		"00400000-00401000 r-xp 00001000 08:01 1234 /usr/bin/prog\n"
		"7f0000001000-7f0000003000 r-xp 00003000 08:01 1234 /usr/lib/libc.so.6\n"
		"7f0000100000-7f0000101000 r-xp 00000000 08:01 1234 \n"
		"7fff00000000-7fff00001000 r-xp 00000000 08:01 1234 [vdso]\n");
	maps = kb_profile_proc_open(dir, 100, "maps", "r");
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	fclose(maps);
	assert_int_equal(um.n, 4);
	assert_int_equal(um.maps[1].start, 0x7f0000001000);
	assert_int_equal(um.maps[1].pgoff, 0x3000);
	assert_null(um.maps[2].path);
	assert_string_equal(um.maps[3].path, "[vdso]");
	kb_umaps_free(&um);
	kb_elf_cache_free(c);

	assert_int_equal(write_procs(m, dir, 999), -ENOENT);
	assert_null(slurp(dir, 999, "maps"));
	assert_int_equal(kb_mmev_lost(m), 0);
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/* A record that runs over the end of the ring is read whole. */
static void record_wraps_ring_end(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	/* The header fits before the end, the path wraps; then the next. */
	ring_at(f, 3 * RING_BYTES - 40);
	put(f, mmap2(&r, 7, 0x10000, 0x1000, 0, RX,
		     "/opt/a/rather/long/path/to/a/library/libwrap.so", 5));
	assert_true(f->pg->data_head % RING_BYTES > 0 &&
		    f->pg->data_head % RING_BYTES < RING_BYTES - 40);
	put(f, comm(&r, 7, 7, "wrapped", false, 6));
	kb_mmev_poll(m);
	assert_int_equal(f->pg->data_tail, f->pg->data_head);
	/* A header split across the end, too. */
	ring_at(f, 4 * RING_BYTES - 4);
	put(f, mmap2(&r, 7, 0x20000, 0x1000, 0x2000, RX, "/lib/libsplit.so", 7));
	kb_mmev_poll(m);

	assert_int_equal(write_procs(m, dir, 7), 0);
	expect_file(dir, 7, "comm", "wrapped\n");
	expect_file(dir, 7, "maps",
		"00010000-00011000 r-xp 00000000 08:01 1234 "
		"/opt/a/rather/long/path/to/a/library/libwrap.so\n"
		"00020000-00021000 r-xp 00002000 08:01 1234 /lib/libsplit.so\n");
	assert_int_equal(kb_mmev_lost(m), 0);
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/*
 * An exec discards what was mapped before it, in time order across CPUs:
 * the new image's mapping read first (from another CPU's ring) stays, an
 * old one read after the exec (even a poll later) is dropped.
 */
static void exec_resets_mappings(void **state)
{
	struct fake f[2];
	struct kb_mmev *m = fake_mmev(f, 2);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	put(&f[0], mmap2(&r, 50, 0x1000, 0x1000, 0, RX, "/bin/sh", 100));
	put(&f[0], mmap2(&r, 50, 0x9000, 0x1000, 0, RX, "/lib/libold.so", 101));
	kb_mmev_poll(m);
	put(&f[0], mmap2(&r, 50, 0x400000, 0x1000, 0, RX, "/usr/bin/new", 301));
	put(&f[1], mmap2(&r, 50, 0x5000, 0x1000, 0, RX, "/lib/liblate.so", 250));
	put(&f[1], comm(&r, 50, 50, "new", true, 300));
	kb_mmev_poll(m);
	put(&f[1], mmap2(&r, 50, 0x6000, 0x1000, 0, RX, "/lib/libstale.so", 299));
	put(&f[1], mmap2(&r, 50, 0x7000, 0x1000, 0, RX, "/lib/libnew.so", 302));
	kb_mmev_poll(m);

	assert_int_equal(write_procs(m, dir, 50), 0);
	expect_file(dir, 50, "comm", "new\n");
	expect_file(dir, 50, "maps",
		"00007000-00008000 r-xp 00000000 08:01 1234 /lib/libnew.so\n"
		"00400000-00401000 r-xp 00000000 08:01 1234 /usr/bin/new\n");
	fake_free(m, f, 2);
	tmpdir_remove(dir);
}

/*
 * Rings are merged in time order: of two mappings at one address on two
 * CPUs the later wins, whichever ring is read first.
 */
static void rings_merge_in_time_order(void **state)
{
	struct fake f[2];
	struct kb_mmev *m = fake_mmev(f, 2);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	put(&f[0], comm(&r, 70, 70, "dl", true, 1));
	put(&f[0], mmap2(&r, 70, 0x10000, 0x2000, 0, RX, "/lib/second.so", 20));
	put(&f[1], mmap2(&r, 70, 0x10000, 0x2000, 0, RX, "/lib/first.so", 10));
	kb_mmev_poll(m);
	assert_int_equal(write_procs(m, dir, 70), 0);
	expect_file(dir, 70, "maps",
		"00010000-00012000 r-xp 00000000 08:01 1234 /lib/second.so\n");
	fake_free(m, f, 2);
	tmpdir_remove(dir);
}

/* A mapping over part of another trims or splits it, offsets following. */
static void overlapping_mappings(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	put(f, comm(&r, 9, 9, "jit", true, 1));
	put(f, mmap2(&r, 9, 0x10000, 0x10000, 0x100000, RX, "/lib/big.so", 2));
	put(f, mmap2(&r, 9, 0x30000, 0x2000, 0, RX, "/lib/small.so", 3));
	/* Splits big.so; anonymous code trims small.so and stays, pathless. */
	put(f, mmap2(&r, 9, 0x14000, 0x1000, 0, RX, "/lib/mid.so", 4));
	put(f, mmap2(&r, 9, 0x31000, 0x4000, 0, RX, "//anon", 5));
	kb_mmev_poll(m);

	assert_int_equal(write_procs(m, dir, 9), 0);
	expect_file(dir, 9, "maps",
		"00010000-00014000 r-xp 00100000 08:01 1234 /lib/big.so\n"
		"00014000-00015000 r-xp 00000000 08:01 1234 /lib/mid.so\n"
		"00015000-00020000 r-xp 00105000 08:01 1234 /lib/big.so\n"
		"00030000-00031000 r-xp 00000000 08:01 1234 /lib/small.so\n"
		"00031000-00035000 r-xp 00000000 08:01 1234 \n");
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/* Lost records are counted; unknown and malformed ones are not applied. */
static void lost_and_ignored_records(void **state)
{
	struct fake f[2];
	struct kb_mmev *m = fake_mmev(f, 2);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	put(&f[0], lost(&r, 7, 1));
	rec_start(&r, PERF_RECORD_SAMPLE, 0);
	put(&f[0], rec_end(&r, 3, 3, 2));
	rec_start(&r, 200, 0);
	put(&f[0], rec_end(&r, 3, 3, 3));
	put(&f[1], lost(&r, 5, 4));
	kb_mmev_poll(m);
	assert_int_equal(kb_mmev_lost(m), 12);
	assert_int_equal(write_procs(m, dir, 3), -ENOENT);

	/* A header claiming more than the ring holds: the rest is dropped. */
	put(&f[0], comm(&r, 3, 3, "x", false, 5));
	f[0].pg->data_head -= 8;
	kb_mmev_poll(m);
	assert_int_equal(kb_mmev_lost(m), 13);
	assert_int_equal(f[0].pg->data_tail, f[0].pg->data_head);
	assert_int_equal(write_procs(m, dir, 3), -ENOENT);
	fake_free(m, f, 2);
	tmpdir_remove(dir);
}

/*
 * A fork copies the parent's mappings and name as they were then; an exit
 * lets the process go unless the recording still wants it.
 */
static void fork_and_exit(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	put(f, comm(&r, 20, 20, "make", true, 1));
	put(f, mmap2(&r, 20, 0x400000, 0x1000, 0, RX, "/usr/bin/make", 2));
	put(f, task(&r, PERF_RECORD_FORK, 21, 20, 21, 3));
	put(f, task(&r, PERF_RECORD_FORK, 22, 20, 22, 3));
	put(f, task(&r, PERF_RECORD_FORK, 20, 20, 23, 3));	/* a thread */
	put(f, mmap2(&r, 20, 0x500000, 0x1000, 0, RX, "/lib/libafter.so", 4));
	put(f, mmap2(&r, 21, 0x600000, 0x1000, 0, RX, "/lib/libchild.so", 5));
	put(f, task(&r, PERF_RECORD_EXIT, 21, 20, 21, 6));
	put(f, task(&r, PERF_RECORD_EXIT, 22, 20, 22, 6));
	put(f, task(&r, PERF_RECORD_EXIT, 20, 20, 23, 6));	/* the thread */
	kb_mmev_poll(m);

	assert_int_equal(write_procs(m, dir, 21), 0);
	expect_file(dir, 21, "comm", "make\n");
	expect_file(dir, 21, "maps",
		"00400000-00401000 r-xp 00000000 08:01 1234 /usr/bin/make\n"
		"00600000-00601000 r-xp 00000000 08:01 1234 /lib/libchild.so\n");
	kb_mmev_forget_exited(m);
	assert_int_equal(write_procs(m, dir, 22), -ENOENT);
	assert_int_equal(write_procs(m, dir, 20), 0);	/* still running */
	expect_file(dir, 20, "maps",
		"00400000-00401000 r-xp 00000000 08:01 1234 /usr/bin/make\n"
		"00500000-00501000 r-xp 00000000 08:01 1234 /lib/libafter.so\n");
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/*
 * Exited processes are forgotten after a drain, but those the recording
 * keeps: marked before their events were read, or after.
 */
static void forget_keeps_wanted(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct rec r;

	(void)state;
	for (uint32_t pid = 30; pid < 34; pid++) {
		put(f, comm(&r, pid, pid, "short", true, pid));
		put(f, task(&r, PERF_RECORD_EXIT, pid, 1, pid, 100 + pid));
	}
	put(f, comm(&r, 40, 40, "alive", true, 50));
	kb_mmev_keep(m, 31);
	kb_mmev_poll(m);
	kb_mmev_keep(m, 33);
	kb_mmev_forget_exited(m);
	assert_int_equal(write_procs(m, dir, 30), -ENOENT);
	assert_int_equal(write_procs(m, dir, 31), 0);
	assert_int_equal(write_procs(m, dir, 32), -ENOENT);
	assert_int_equal(write_procs(m, dir, 33), 0);
	assert_int_equal(write_procs(m, dir, 40), 0);
	expect_file(dir, 31, "comm", "short\n");
	expect_file(dir, 33, "comm", "short\n");
	expect_file(dir, 33, "maps", "");
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/*
 * A process comes back typed, without a file: its name, and its
 * mappings sorted and whole; one without a name is named by its pid.
 */
static void proc_is_handed_back(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	struct kb_procmaps pm;
	struct rec r;

	(void)state;
	put(f, comm(&r, 5, 5, "tool", true, 1));
	put(f, mmap2(&r, 5, 0x7f0000000000, 0x3000, 0x1000, RX, "/lib/libz.so", 2));
	put(f, mmap2(&r, 5, 0x400000, 0x1000, 0, RX, "/usr/bin/tool", 3));
	put(f, mmap2(&r, 6, 0x500000, 0x1000, 0, RX, "/usr/bin/nameless", 4));
	kb_mmev_poll(m);

	assert_int_equal(kb_mmev_base_pid(m, 5), 0);
	assert_int_equal(kb_mmev_proc(m, 5, NULL, &pm), 0);
	assert_string_equal(pm.comm, "tool");
	assert_int_equal(pm.n, 2);
	assert_int_equal(pm.v[0].start, 0x400000);
	assert_string_equal(pm.v[0].path, "/usr/bin/tool");
	assert_int_equal(pm.v[1].end, 0x7f0000003000);
	assert_int_equal(pm.v[1].pgoff, 0x1000);
	assert_int_equal(pm.v[1].prot, RX);
	kb_procmaps_free(&pm);
	assert_int_equal(kb_mmev_proc(m, 6, NULL, &pm), 0);
	assert_string_equal(pm.comm, "pid-6");
	kb_procmaps_free(&pm);
	assert_int_equal(kb_mmev_proc(m, 7, NULL, &pm), -ENOENT);
	fake_free(m, f, 1);
}

/*
 * The child of a process from before the recording: its parent's /proc
 * capture, with what the child mapped since laid over it.
 */
static void child_of_captured_parent(void **state)
{
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	FILE *out;
	struct rec r;

	(void)state;
	out = kb_profile_proc_open(dir, 60, "comm", "w");
	fputs("server\n", out);
	fclose(out);
	out = kb_profile_proc_open(dir, 60, "maps", "w");
	fputs("00400000-00401000 r--p 00000000 08:01 77 /usr/sbin/server\n"
	      "00401000-00409000 r-xp 00001000 08:01 77 /usr/sbin/server\n"
	      "01000000-01021000 rw-p 00000000 00:00 0 [heap]\n"
	      "7f0000000000-7f0000010000 r-xp 00000000 08:01 78 /lib/libplug.so\n"
	      "7fff00000000-7fff00002000 r-xp 00000000 00:00 0 [vdso]\n", out);
	fclose(out);
	put(f, task(&r, PERF_RECORD_FORK, 61, 60, 61, 1));
	put(f, mmap2(&r, 61, 0x7f0000008000, 0x1000, 0, RX, "/lib/libnew.so", 2));
	put(f, task(&r, PERF_RECORD_EXIT, 61, 60, 61, 3));
	kb_mmev_poll(m);

	assert_int_equal(write_procs(m, dir, 61), 0);
	expect_file(dir, 61, "comm", "server\n");
	expect_file(dir, 61, "maps",
		"00401000-00409000 r-xp 00001000 08:01 77 /usr/sbin/server\n"
		"7f0000000000-7f0000008000 r-xp 00000000 08:01 78 /lib/libplug.so\n"
		"7f0000008000-7f0000009000 r-xp 00000000 08:01 1234 /lib/libnew.so\n"
		"7f0000009000-7f0000010000 r-xp 00009000 08:01 78 /lib/libplug.so\n"
		"7fff00000000-7fff00002000 r-xp 00000000 00:00 0 [vdso]\n");
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

/*
 * A process written to a profile directory and read back: the name, and
 * the executable file mappings only, a newline in a path escaped.
 */
static void procs_round_trip(void **state)
{
	struct kb_procmaps pm = { .comm = "srv" }, back;
	struct kb_vma v[2] = {
		{ 0x1000, 0x2000, 0x3000, 77, 8, 1, RX, MAP_PRIVATE, NULL },
		{ 0x9000, 0xa000, 0, 78, 8, 2, RX, MAP_SHARED, NULL },
	};
	char *dir = tmpdir_new();
	FILE *f;

	(void)state;
	v[0].path = strdup("/usr/bin/srv");
	v[1].path = strdup("/tmp/odd\nname.so");
	assert_int_equal(kb_procmaps_add(&pm, &v[0]), 0);
	assert_int_equal(kb_procmaps_add(&pm, &v[1]), 0);
	assert_null(v[0].path);
	assert_int_equal(kb_profile_write_proc(dir, 12, &pm), 0);
	expect_file(dir, 12, "comm", "srv\n");
	expect_file(dir, 12, "maps",
		"00001000-00002000 r-xp 00003000 08:01 77 /usr/bin/srv\n"
		"00009000-0000a000 r-xs 00000000 08:02 78 /tmp/odd\\012name.so\n");
	/* A data mapping and a heap are not read back. */
	f = kb_profile_proc_open(dir, 12, "maps", "a");
	fputs("00600000-00601000 rw-p 00000000 08:01 77 /usr/bin/srv\n"
	      "01000000-01021000 rw-p 00000000 00:00 0 [heap]\n", f);
	fclose(f);
	assert_int_equal(kb_profile_read_proc(dir, 12, &back), 0);
	assert_string_equal(back.comm, "srv");
	assert_int_equal(back.n, 2);
	assert_int_equal(back.v[0].pgoff, 0x3000);
	assert_int_equal(back.v[1].flags, MAP_SHARED);
	assert_int_equal(back.v[1].min, 2);
	assert_string_equal(back.v[1].path, "/tmp/odd\\012name.so");
	kb_procmaps_free(&back);
	kb_procmaps_free(&pm);
	assert_int_equal(kb_profile_read_proc(dir, 13, &back), -ENOENT);
	tmpdir_remove(dir);
}

/* A function of this binary for a sample to land in. */
__attribute__((noinline)) int kb_mmev_user_marker(int x)
{
	return x + 1;
}

/*
 * End to end: mapping events that describe this test binary's own text
 * symbolize a sample of a process that /proc never saw.
 */
static void events_symbolize_a_gone_process(void **state)
{
	uint64_t ip = (uint64_t)(uintptr_t)&kb_mmev_user_marker + 1;
	uint64_t start, end, pgoff, buf[8];
	struct kbench_sample *s = (void *)buf;
	char line[4352], path[4096], why[KB_PROFILE_WHYLEN], file[4300];
	struct fake f[1];
	struct kb_mmev *m = fake_mmev(f, 1);
	char *dir = tmpdir_new();
	struct kb_stacks st;
	bool found = false;
	char *out = NULL;
	size_t outlen = 0;
	FILE *maps, *raw, *mem;
	struct rec r;

	(void)state;
	maps = fopen("/proc/self/maps", "r");
	assert_non_null(maps);
	while (!found && fgets(line, sizeof(line), maps))
		found = sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64
			       " %*s %*s %4095s", &start, &end, &pgoff, path) == 4 &&
			ip >= start && ip < end;
	fclose(maps);
	assert_true(found);
	put(f, comm(&r, 4242, 4242, "gone", true, 1));
	put(f, mmap2(&r, 4242, start, end - start, pgoff, RX, path, 2));
	kb_mmev_poll(m);
	assert_int_equal(write_procs(m, dir, 4242), 0);

	snprintf(file, sizeof(file), "%s/kallsyms", dir);
	copy_file(FIXTURES "/kallsyms", file);
	memset(buf, 0, sizeof(buf));
	s->size = sizeof(*s) + 8;
	s->context = KBENCH_CTX_USER;
	s->nr_user = 1;
	s->pid = s->tid = 4242;
	s->ips[0] = ip;
	snprintf(file, sizeof(file), "%s/samples.raw", dir);
	raw = fopen(file, "w");
	assert_int_equal(kb_raw_write_header(raw), 0);
	assert_int_equal(fwrite(buf, 1, s->size, raw), s->size);
	fclose(raw);
	kb_stacks_init(&st);
	assert_int_equal(kb_profile_load(dir, &st, NULL, why), 0);
	mem = open_memstream(&out, &outlen);
	assert_int_equal(kb_stacks_write(&st, mem), 0);
	fclose(mem);
	assert_string_equal(out, "gone;kb_mmev_user_marker 1\n");
	assert_int_equal(kb_mmev_user_marker(1), 2);
	free(out);
	kb_stacks_free(&st);
	fake_free(m, f, 1);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exec_writes_maps),
		cmocka_unit_test(record_wraps_ring_end),
		cmocka_unit_test(exec_resets_mappings),
		cmocka_unit_test(rings_merge_in_time_order),
		cmocka_unit_test(overlapping_mappings),
		cmocka_unit_test(lost_and_ignored_records),
		cmocka_unit_test(fork_and_exit),
		cmocka_unit_test(forget_keeps_wanted),
		cmocka_unit_test(proc_is_handed_back),
		cmocka_unit_test(child_of_captured_parent),
		cmocka_unit_test(procs_round_trip),
		cmocka_unit_test(events_symbolize_a_gone_process),
	};

	return cmocka_run_group_tests_name("mmap_events", tests, NULL, NULL);
}

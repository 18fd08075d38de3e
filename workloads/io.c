// SPDX-License-Identifier: GPL-2.0
/*
 * io/: file I/O on the target directory (--dir, $KBENCH_IO_DIR or the
 * current directory). Each benchmark owns one file, created in setup and
 * removed in teardown (and by the Ctrl-C path: see kb_tmp_add()). Their
 * operations are slow next to a clock read, so their batches (kb_wl_timed)
 * are mostly of one operation, and their latencies those of single ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workload.h"

#define CHUNK (1U << 20)	/* sequential I/O size */
#define BLOCK 4096U		/* random and small I/O size */
#define SYNC_SPAN (4U << 20)	/* small synced writes cycle over 4 MiB */

struct io {
	char path[4096];
	int fd;
	bool direct;
	bool registered;
	uint64_t size;		/* bytes of the file */
	uint64_t off;		/* where the next sequential operation goes */
	bool writes;		/* rand-write, not rand-read */
	uint64_t rng;
	char *buf;		/* CHUNK bytes, BLOCK-aligned */
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void io_free(struct io *io)
{
	if (!io)
		return;
	if (io->fd >= 0)
		close(io->fd);
	if (io->registered)
		kb_tmp_remove(io->path);
	free(io->buf);
	free(io);
}

static void io_teardown(struct kb_wl_ctx *ctx)
{
	io_free(ctx->state);
	ctx->state = NULL;
}

/* Creates the benchmark's file (empty) and its buffer. */
static int io_create(struct kb_wl_ctx *ctx, const char *tag, uint64_t size)
{
	struct io *io = calloc(1, sizeof(*io));
	int ret;

	if (!io)
		return kb_wl_fail(ctx, ENOMEM, "%s", tag);
	io->fd = -1;
	io->size = size;
	io->rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid();
	ctx->state = io;
	if (posix_memalign((void **)&io->buf, BLOCK, CHUNK))
		return kb_wl_fail(ctx, ENOMEM, "%s", tag);
	for (size_t i = 0; i < CHUNK; i++)	/* not zeros: no shortcut */
		io->buf[i] = (char)(xorshift(&io->rng) >> 56);
	snprintf(io->path, sizeof(io->path), "%s/kbench-%s.XXXXXX",
		 ctx->p->io_dir, tag);
	io->fd = mkstemp(io->path);
	if (io->fd < 0)
		return kb_wl_fail(ctx, errno, "cannot create a file in %s",
				  ctx->p->io_dir);
	ret = kb_tmp_add(io->path);
	if (ret < 0) {
		unlink(io->path);
		return kb_wl_fail(ctx, -ret, "%s", io->path);
	}
	io->registered = true;
	return 0;
}

/* Writes the whole file once and syncs it (not timed). */
static int io_fill(struct kb_wl_ctx *ctx, struct io *io)
{
	for (uint64_t off = 0; off < io->size && !kb_stop_requested; off += CHUNK) {
		size_t n = io->size - off < CHUNK ? io->size - off : CHUNK;

		if (pwrite(io->fd, io->buf, n, (off_t)off) != (ssize_t)n)
			return kb_wl_fail(ctx, errno ? errno : ENOSPC,
					  "cannot write %s", io->path);
	}
	if (fsync(io->fd))
		return kb_wl_fail(ctx, errno, "fsync %s", io->path);
	return 0;
}

/* Reopens the file with O_DIRECT when the filesystem takes it. */
static int io_reopen(struct kb_wl_ctx *ctx, struct io *io, int flags)
{
	int fd = open(io->path, flags | O_DIRECT);

	io->direct = fd >= 0;
	if (fd < 0 && errno == EINVAL) {
		fd = open(io->path, flags);
		kb_wl_note(ctx, "O_DIRECT not supported on %s: buffered I/O "
			   "(measures the page cache, not the device)",
			   ctx->p->io_dir);
	}
	if (fd < 0)
		return kb_wl_fail(ctx, errno, "cannot open %s", io->path);
	if (io->direct)
		kb_wl_note(ctx, "O_DIRECT I/O on %s", ctx->p->io_dir);
	close(io->fd);
	io->fd = fd;
	return 0;
}

/* Evicts the file from the page cache; says so when it cannot. */
static void io_drop_cache(struct kb_wl_ctx *ctx, struct io *io, bool global)
{
	int fd;

	posix_fadvise(io->fd, 0, 0, POSIX_FADV_DONTNEED);
	if (!global)
		return;
	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3", 1) != 1)
		kb_wl_note(ctx, "cannot drop caches (/proc/sys/vm/drop_caches: "
			   "%s): only this file's pages were evicted with "
			   "posix_fadvise, metadata may be warm", strerror(errno));
	else
		kb_wl_note(ctx, "page cache dropped before each repetition");
	if (fd >= 0)
		close(fd);
}

/* Returns -EINTR quietly when a signal interrupted a stopping run. */
static int io_error(struct kb_wl_ctx *ctx, struct io *io, const char *op)
{
	int err = errno ? errno : ENOSPC;

	if (err == EINTR && kb_stop_requested)
		return 0;
	return kb_wl_fail(ctx, err, "%s %s", op, io->path);
}

/* In an ops function: DONE when a stop interrupted OP, else its failure. */
static int64_t io_failed(struct kb_wl_ctx *ctx, struct io *io, const char *op,
			 uint64_t done)
{
	int err = errno ? errno : ENOSPC;

	if (err == EINTR && kb_stop_requested)
		return (int64_t)done;
	return kb_wl_fail(ctx, err, "%s %s", op, io->path);
}

static int seqwrite_setup(struct kb_wl_ctx *ctx)
{
	return io_create(ctx, "seqwrite", ctx->p->io_size);
}

static int64_t seqwrite_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			    struct kb_wl_sample *s)
{
	struct io *io = arg;

	for (uint64_t i = 0; i < n; i++) {
		if (io->off + CHUNK > io->size)
			io->off = 0;	/* overwrite from the start */
		if (pwrite(io->fd, io->buf, CHUNK, (off_t)io->off) != CHUNK)
			return io_failed(ctx, io, "write", i);
		io->off += CHUNK;
		s->bytes += CHUNK;
	}
	return (int64_t)n;
}

/* The fsync at the end is part of the elapsed time, not of a latency. */
static int seqwrite_run(struct kb_wl_ctx *ctx, double seconds,
			struct kb_wl_sample *s)
{
	struct io *io = ctx->state;
	uint64_t t;
	int ret;

	io->off = 0;
	if (ftruncate(io->fd, 0))
		return io_error(ctx, io, "truncate");
	ret = kb_wl_timed(ctx, seconds, seqwrite_ops, io, s);
	if (ret)
		return ret;
	t = kb_now_ns();
	if (fsync(io->fd))
		return io_error(ctx, io, "fsync");
	s->elapsed_ns += (double)(kb_now_ns() - t);
	return 0;
}

static int seqread_setup(struct kb_wl_ctx *ctx)
{
	int ret = io_create(ctx, "seqread", ctx->p->io_size);

	return ret ? ret : io_fill(ctx, ctx->state);
}

static int64_t seqread_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			   struct kb_wl_sample *s)
{
	struct io *io = arg;
	ssize_t got;

	for (uint64_t i = 0; i < n; i++) {
		got = pread(io->fd, io->buf, CHUNK, (off_t)io->off);
		if (got == 0) {	/* end of file: cold again, from the start */
			io_drop_cache(ctx, io, false);
			io->off = 0;
			got = pread(io->fd, io->buf, CHUNK, 0);
			if (got == 0)
				return kb_wl_fail(ctx, ENODATA, "read %s", io->path);
		}
		if (got < 0)
			return io_failed(ctx, io, "read", i);
		io->off += (uint64_t)got;
		s->bytes += (double)got;
	}
	return (int64_t)n;
}

static int seqread_run(struct kb_wl_ctx *ctx, double seconds,
		       struct kb_wl_sample *s)
{
	struct io *io = ctx->state;

	io->off = 0;
	io_drop_cache(ctx, io, true);
	return kb_wl_timed(ctx, seconds, seqread_ops, io, s);
}

static int random_setup(struct kb_wl_ctx *ctx, const char *tag, int flags)
{
	struct io *io;
	int ret = io_create(ctx, tag, ctx->p->io_size);

	if (ret)
		return ret;
	io = ctx->state;
	io->writes = flags != O_RDONLY;
	ret = io_fill(ctx, io);
	return ret ? ret : io_reopen(ctx, io, flags);
}

static int randread_setup(struct kb_wl_ctx *ctx)
{
	return random_setup(ctx, "randread", O_RDONLY);
}

static int randwrite_setup(struct kb_wl_ctx *ctx)
{
	return random_setup(ctx, "randwrite", O_WRONLY);
}

static int64_t random_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			  struct kb_wl_sample *s)
{
	struct io *io = arg;
	uint64_t blocks = io->size / BLOCK, off;
	ssize_t got;

	for (uint64_t i = 0; i < n; i++) {
		off = xorshift(&io->rng) % blocks * BLOCK;
		if (io->writes)
			got = pwrite(io->fd, io->buf, BLOCK, (off_t)off);
		else
			got = pread(io->fd, io->buf, BLOCK, (off_t)off);
		if (got != BLOCK)
			return io_failed(ctx, io, io->writes ? "write" : "read", i);
		s->bytes += BLOCK;
	}
	return (int64_t)n;
}

static int random_run(struct kb_wl_ctx *ctx, double seconds,
		      struct kb_wl_sample *s)
{
	struct io *io = ctx->state;

	if (io->size < BLOCK)
		return kb_wl_fail(ctx, EINVAL, "--size is below one block");
	if (!io->direct)
		io_drop_cache(ctx, io, false);
	return kb_wl_timed(ctx, seconds, random_ops, io, s);
}

static int fsync_setup(struct kb_wl_ctx *ctx)
{
	return io_create(ctx, "fsync", SYNC_SPAN);
}

static int64_t fsync_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			 struct kb_wl_sample *s)
{
	struct io *io = arg;

	for (uint64_t i = 0; i < n; i++) {
		if (pwrite(io->fd, io->buf, BLOCK, (off_t)io->off) != BLOCK)
			return io_failed(ctx, io, "write", i);
		if (fsync(io->fd))
			return io_failed(ctx, io, "fsync", i);
		io->off = (io->off + BLOCK) % SYNC_SPAN;
		s->bytes += BLOCK;
	}
	return (int64_t)n;
}

static int fsync_run(struct kb_wl_ctx *ctx, double seconds,
		     struct kb_wl_sample *s)
{
	struct io *io = ctx->state;

	io->off = 0;
	return kb_wl_timed(ctx, seconds, fsync_ops, io, s);
}

const struct kb_workload kb_io_workloads[] = {
	{ "io/seq-write", "sequential 1 MiB buffered writes, fsync at the end",
	  "throughput", "MB/s", true, KB_WL_MB_PER_SEC, true,
	  seqwrite_setup, seqwrite_run, io_teardown },
	{ "io/seq-read", "sequential 1 MiB reads with a cold page cache",
	  "throughput", "MB/s", true, KB_WL_MB_PER_SEC, true,
	  seqread_setup, seqread_run, io_teardown },
	{ "io/rand-read", "random 4 KiB reads (O_DIRECT where supported)",
	  "iops", "IOPS", true, KB_WL_OPS_PER_SEC, true,
	  randread_setup, random_run, io_teardown },
	{ "io/rand-write", "random 4 KiB writes (O_DIRECT where supported)",
	  "iops", "IOPS", true, KB_WL_OPS_PER_SEC, true,
	  randwrite_setup, random_run, io_teardown },
	{ "io/fsync-write", "4 KiB writes, each followed by fsync",
	  "iops", "IOPS", true, KB_WL_OPS_PER_SEC, true,
	  fsync_setup, fsync_run, io_teardown },
};
const size_t kb_io_workloads_n = sizeof(kb_io_workloads) / sizeof(kb_io_workloads[0]);

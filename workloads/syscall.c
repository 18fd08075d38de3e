// SPDX-License-Identifier: GPL-2.0
/*
 * syscall/: lmbench-style kernel entry costs, timed in batches with one
 * clock read per batch (kb_wl_timed); ns/op is elapsed time / ops, and
 * latencies are batch means.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

#define MMAP_PAGES 16

struct sc {
	int (*op)(struct sc *sc);
	int p1[2], p2[2];	/* pipes: to the partner, back from it */
	pid_t partner;
	char path[256];
	bool registered;
	long page;
	bool pinned;
	cpu_set_t orig;		/* affinity before pinning */
};

static int op_null(struct sc *sc)
{
	(void)sc;
	syscall(SYS_getppid);	/* glibc's getppid() is not cached, but be sure */
	return 0;
}

static int op_pipe(struct sc *sc)
{
	char c = 'x';

	if (write(sc->p1[1], &c, 1) != 1 || read(sc->p1[0], &c, 1) != 1)
		return -errno;
	return 0;
}

static int op_open(struct sc *sc)
{
	int fd = open(sc->path, O_RDONLY);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int op_stat(struct sc *sc)
{
	struct stat st;

	return stat(sc->path, &st) ? -errno : 0;
}

static int op_mmap(struct sc *sc)
{
	size_t len = (size_t)sc->page * MMAP_PAGES;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	for (size_t off = 0; off < len; off += (size_t)sc->page)
		p[off] = 1;	/* one page fault each */
	munmap(p, len);
	return 0;
}

static int op_ctxsw(struct sc *sc)
{
	char c = 'x';

	if (write(sc->p1[1], &c, 1) != 1)
		return -errno;
	if (read(sc->p2[0], &c, 1) != 1)
		return errno ? -errno : -EPIPE;
	return 0;
}

static int op_fork(struct sc *sc)
{
	pid_t pid = fork();
	int status;

	(void)sc;
	if (pid < 0)
		return -errno;
	if (!pid)
		_exit(0);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
	p[0] = p[1] = -1;
}

static void sc_teardown(struct kb_wl_ctx *ctx)
{
	struct sc *sc = ctx->state;

	if (!sc)
		return;
	close_pair(sc->p1);
	close_pair(sc->p2);
	if (sc->partner > 0) {		/* it exits on EOF; make sure */
		kill(sc->partner, SIGKILL);
		waitpid(sc->partner, NULL, 0);
	}
	if (sc->registered)
		kb_tmp_remove(sc->path);
	if (sc->pinned)
		sched_setaffinity(0, sizeof(sc->orig), &sc->orig);
	free(sc);
	ctx->state = NULL;
}

static int sc_setup(struct kb_wl_ctx *ctx, int (*op)(struct sc *))
{
	struct sc *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return kb_wl_fail(ctx, ENOMEM, "setup");
	ctx->state = sc;
	sc->op = op;
	sc->p1[0] = sc->p1[1] = sc->p2[0] = sc->p2[1] = -1;
	sc->page = sysconf(_SC_PAGESIZE);
	return 0;
}

static int null_setup(struct kb_wl_ctx *ctx)
{
	return sc_setup(ctx, op_null);
}

static int mmap_setup(struct kb_wl_ctx *ctx)
{
	return sc_setup(ctx, op_mmap);
}

static int fork_setup(struct kb_wl_ctx *ctx)
{
	return sc_setup(ctx, op_fork);
}

static int pipe_setup(struct kb_wl_ctx *ctx)
{
	int ret = sc_setup(ctx, op_pipe);
	struct sc *sc = ctx->state;

	if (!ret && pipe(sc->p1))
		return kb_wl_fail(ctx, errno, "pipe");
	return ret;
}

/* open and stat work on a small file in $TMPDIR (default /tmp). */
static int file_setup(struct kb_wl_ctx *ctx, int (*op)(struct sc *))
{
	const char *tmp = getenv("TMPDIR");
	struct sc *sc;
	int ret = sc_setup(ctx, op), fd;

	if (ret)
		return ret;
	sc = ctx->state;
	snprintf(sc->path, sizeof(sc->path), "%s/kbench-path.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(sc->path);
	if (fd < 0)
		return kb_wl_fail(ctx, errno, "cannot create a file like %s",
				  sc->path);
	close(fd);
	ret = kb_tmp_add(sc->path);
	if (ret) {
		unlink(sc->path);
		return kb_wl_fail(ctx, -ret, "%s", sc->path);
	}
	sc->registered = true;
	return 0;
}

static int open_setup(struct kb_wl_ctx *ctx)
{
	return file_setup(ctx, op_open);
}

static int stat_setup(struct kb_wl_ctx *ctx)
{
	return file_setup(ctx, op_stat);
}

/* The partner of the ping-pong: echo every byte until EOF. */
static void __attribute__((noreturn)) partner(int in, int out)
{
	char c;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
	_exit(0);
}

static int ctxsw_setup(struct kb_wl_ctx *ctx)
{
	int ret = sc_setup(ctx, op_ctxsw);
	struct sc *sc = ctx->state;
	cpu_set_t set;

	if (ret)
		return ret;
	if (pipe(sc->p1) || pipe(sc->p2))
		return kb_wl_fail(ctx, errno, "pipe");
	/* Both on one CPU: every round trip is two context switches. */
	if (!sched_getaffinity(0, sizeof(sc->orig), &sc->orig)) {
		int cpu = 0;

		while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &sc->orig))
			cpu++;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sc->pinned = !sched_setaffinity(0, sizeof(set), &set);
		if (sc->pinned)
			kb_wl_note(ctx, "both processes pinned to CPU %d; "
				   "op = one round trip (two switches)", cpu);
	}
	sc->partner = fork();
	if (sc->partner < 0)
		return kb_wl_fail(ctx, errno, "fork");
	if (!sc->partner) {
		close(sc->p1[1]);
		close(sc->p2[0]);
		partner(sc->p1[0], sc->p2[1]);
	}
	close(sc->p1[0]);
	close(sc->p2[1]);
	sc->p1[0] = sc->p2[1] = -1;
	return 0;
}

static int64_t sc_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
		      struct kb_wl_sample *s)
{
	struct sc *sc = arg;
	int ret;

	(void)s;
	for (uint64_t i = 0; i < n; i++) {
		ret = sc->op(sc);
		if (ret == -EINTR && kb_stop_requested)
			return (int64_t)i;
		if (ret)
			return kb_wl_fail(ctx, -ret, "operation failed");
	}
	return (int64_t)n;
}

static int sc_run(struct kb_wl_ctx *ctx, double seconds,
		  struct kb_wl_sample *s)
{
	return kb_wl_timed(ctx, seconds, sc_ops, ctx->state, s);
}

#define SC(name, desc, setup, teardown) \
	{ "syscall/" name, desc, "latency", "ns/op", false, KB_WL_NS_PER_OP, \
	  true, setup, sc_run, teardown }

const struct kb_workload kb_syscall_workloads[] = {
	SC("null", "getppid(): the null system call", null_setup, sc_teardown),
	SC("pipe", "write and read one byte on a pipe", pipe_setup, sc_teardown),
	SC("open", "open and close a file in $TMPDIR", open_setup, sc_teardown),
	SC("stat", "stat a file in $TMPDIR", stat_setup, sc_teardown),
	SC("mmap", "mmap 16 anonymous pages, touch each, munmap",
	   mmap_setup, sc_teardown),
	SC("ctxsw", "pipe ping-pong between two processes on one CPU",
	   ctxsw_setup, sc_teardown),
	SC("fork", "fork a child that exits at once, and wait for it",
	   fork_setup, sc_teardown),
};
const size_t kb_syscall_workloads_n =
	sizeof(kb_syscall_workloads) / sizeof(kb_syscall_workloads[0]);

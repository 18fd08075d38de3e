// SPDX-License-Identifier: GPL-2.0
/*
 * cpu/: compute kernels that exercise the CPU and memory, not the kernel;
 * they show what the scheduler, frequency and interrupts cost a program.
 * With --per-cpu one worker thread runs per online CPU and ops add up;
 * each times itself in batches of the size worker 0 calibrated alone.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

#define MAT_N 48		/* matrix side: three fit in L2 */
#define COPY_BYTES (8U << 20)	/* memcpy: larger than most caches */
#define SORT_N 2048

struct worker {
	kb_wl_ops_fn fn;	/* never sets ctx->why: threads share ctx */
	uint64_t rng;
	void *a, *b, *c;
	uint64_t sink;		/* cpu/hash: the running hash */
	struct kb_wl_ctx *ctx;
	double seconds;
	struct kb_wl_sample s;	/* this worker's ops and bytes */
	int err;
};

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* cpu/hash: ops are 64-bit integer hashes (murmur3's finalizer). */
static int64_t hash_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			struct kb_wl_sample *s)
{
	struct worker *w = arg;
	uint64_t h = w->sink;

	(void)ctx;
	(void)s;
	for (uint64_t i = 0; i < n; i++) {
		h ^= h >> 33;
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
		h *= 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 33;
		h += i;
	}
	w->sink = h;
	return (int64_t)n;
}

/* cpu/matmul: ops are MAT_N x MAT_N double matrix products. */
static int64_t matmul_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			  struct kb_wl_sample *s)
{
	struct worker *w = arg;
	double (*a)[MAT_N] = w->a, (*b)[MAT_N] = w->b, (*c)[MAT_N] = w->c;

	(void)ctx;
	(void)s;
	for (uint64_t op = 0; op < n; op++) {
		for (int i = 0; i < MAT_N; i++) {
			for (int j = 0; j < MAT_N; j++)
				c[i][j] = 0;
			for (int k = 0; k < MAT_N; k++)
				for (int j = 0; j < MAT_N; j++)
					c[i][j] += a[i][k] * b[k][j];
		}
		/* Feed the result back so nothing is loop-invariant. */
		a[0][0] = c[MAT_N - 1][MAT_N - 1] * 1e-9;
	}
	return (int64_t)n;
}

/* cpu/memcpy: bytes copied between two large buffers. */
static int64_t memcpy_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			  struct kb_wl_sample *s)
{
	struct worker *w = arg;

	(void)ctx;
	for (uint64_t op = 0; op < n; op++) {
		memcpy(w->b, w->a, COPY_BYTES);
		((volatile char *)w->a)[w->sink++ % COPY_BYTES] ^= 1;
		s->bytes += COPY_BYTES;
	}
	return (int64_t)n;
}

/* A branchy sort: insertion sort below 16, else quicksort. */
static void sort_u32(uint32_t *v, long lo, long hi)
{
	while (hi - lo > 16) {
		uint32_t pivot = v[lo + (hi - lo) / 2], t;
		long i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			sort_u32(v, lo, j);
			lo = i;
		} else {
			sort_u32(v, i, hi);
			hi = j;
		}
	}
	for (long i = lo + 1; i <= hi; i++) {
		uint32_t x = v[i];
		long j = i - 1;

		while (j >= lo && v[j] > x) {
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = x;
	}
}

/* cpu/sort: ops are sorts of SORT_N random 32-bit integers. */
static int64_t sort_ops(struct kb_wl_ctx *ctx, void *arg, uint64_t n,
			struct kb_wl_sample *s)
{
	struct worker *w = arg;
	uint32_t *v = w->a;

	(void)ctx;
	(void)s;
	for (uint64_t op = 0; op < n; op++) {
		for (int i = 0; i < SORT_N; i++)
			v[i] = (uint32_t)splitmix(&w->rng);
		sort_u32(v, 0, SORT_N - 1);
		for (int i = 1; i < SORT_N; i++)
			if (v[i - 1] > v[i])
				return -EFAULT;
	}
	return (int64_t)n;
}

struct cpu {
	unsigned int n;
	struct worker *w;
};

static void cpu_teardown(struct kb_wl_ctx *ctx)
{
	struct cpu *cpu = ctx->state;

	if (!cpu)
		return;
	for (unsigned int i = 0; i < cpu->n; i++) {
		free(cpu->w[i].a);
		free(cpu->w[i].b);
		free(cpu->w[i].c);
	}
	free(cpu->w);
	free(cpu);
	ctx->state = NULL;
}

static int cpu_setup(struct kb_wl_ctx *ctx, kb_wl_ops_fn fn, size_t bytes)
{
	unsigned int n = ctx->p->threads ? ctx->p->threads : 1;
	struct cpu *cpu = calloc(1, sizeof(*cpu));

	if (!cpu)
		return kb_wl_fail(ctx, ENOMEM, "cpu");
	ctx->state = cpu;
	cpu->w = calloc(n, sizeof(*cpu->w));
	if (!cpu->w)
		return kb_wl_fail(ctx, ENOMEM, "cpu");
	cpu->n = n;
	for (unsigned int i = 0; i < n; i++) {
		struct worker *w = &cpu->w[i];

		w->fn = fn;
		w->ctx = ctx;
		w->rng = 0x243f6a8885a308d3ULL * (i + 1);
		w->sink = w->rng;
		if (!bytes)
			continue;
		w->a = malloc(bytes);
		w->b = malloc(bytes);
		w->c = malloc(bytes);
		if (!w->a || !w->b || !w->c)
			return kb_wl_fail(ctx, ENOMEM, "cpu");
		for (size_t j = 0; j < bytes; j++) {
			((unsigned char *)w->a)[j] = (unsigned char)splitmix(&w->rng);
			((unsigned char *)w->b)[j] = (unsigned char)j;
		}
		if (fn == matmul_ops)	/* sane doubles, not random bits */
			for (size_t j = 0; j < MAT_N * MAT_N; j++) {
				((double *)w->a)[j] = (double)(j % 7) / 7;
				((double *)w->b)[j] = (double)(j % 5) / 5;
			}
	}
	if (n > 1)
		kb_wl_note(ctx, "%u worker threads, one per online CPU", n);
	return 0;
}

static int hash_setup(struct kb_wl_ctx *ctx)
{
	return cpu_setup(ctx, hash_ops, 0);
}

static int matmul_setup(struct kb_wl_ctx *ctx)
{
	return cpu_setup(ctx, matmul_ops, MAT_N * MAT_N * sizeof(double));
}

static int memcpy_setup(struct kb_wl_ctx *ctx)
{
	return cpu_setup(ctx, memcpy_ops, COPY_BYTES);
}

static int sort_setup(struct kb_wl_ctx *ctx)
{
	return cpu_setup(ctx, sort_ops, SORT_N * sizeof(uint32_t));
}

static void *thread_main(void *p)
{
	struct worker *w = p;

	w->err = kb_wl_timed(w->ctx, w->seconds, w->fn, w, &w->s);
	return NULL;
}

/* Sizes the batch on worker 0 alone, before the threads share ctx. */
static int cpu_calibrate(struct kb_wl_ctx *ctx, struct cpu *cpu)
{
	int ret = kb_wl_calibrate(ctx, cpu->w[0].fn, &cpu->w[0]);

	return ret ? kb_wl_fail(ctx, -ret, "self-check failed in worker 0") : 0;
}

static int cpu_run(struct kb_wl_ctx *ctx, double seconds,
		   struct kb_wl_sample *s)
{
	struct cpu *cpu = ctx->state;
	pthread_t tids[cpu->n];
	unsigned int started = 0;
	uint64_t start;
	int ret = ctx->batch ? 0 : cpu_calibrate(ctx, cpu);

	if (ret || !ctx->batch)
		return ret;
	start = kb_now_ns();
	for (unsigned int i = 0; i < cpu->n; i++) {
		cpu->w[i].s = (struct kb_wl_sample){ 0 };
		cpu->w[i].seconds = seconds;
		cpu->w[i].err = 0;
	}
	/* Worker 0 runs on this thread; the others on their own. */
	for (unsigned int i = 1; i < cpu->n; i++) {
		ret = pthread_create(&tids[i], NULL, thread_main, &cpu->w[i]);
		if (ret)
			break;
		started = i;
	}
	if (!ret)
		thread_main(&cpu->w[0]);
	for (unsigned int i = 1; i <= started; i++)
		pthread_join(tids[i], NULL);
	if (ret)
		return kb_wl_fail(ctx, ret, "cannot start a worker thread");
	s->elapsed_ns = (double)(kb_now_ns() - start);
	s->batch = ctx->batch;
	for (unsigned int i = 0; i < cpu->n; i++) {
		if (cpu->w[i].err)
			return kb_wl_fail(ctx, -cpu->w[i].err, "%s worker %u",
					  "self-check failed in", i);
		s->ops += cpu->w[i].s.ops;
		s->bytes += cpu->w[i].s.bytes;
	}
	return 0;
}

const struct kb_workload kb_cpu_workloads[] = {
	{ "cpu/hash", "64-bit integer hashing (murmur3 finalizer)",
	  "rate", "ops/s", true, KB_WL_OPS_PER_SEC, false,
	  hash_setup, cpu_run, cpu_teardown },
	{ "cpu/matmul", "48x48 double-precision matrix multiply; op = one product",
	  "rate", "ops/s", true, KB_WL_OPS_PER_SEC, false,
	  matmul_setup, cpu_run, cpu_teardown },
	{ "cpu/memcpy", "memcpy bandwidth between two 8 MiB buffers",
	  "throughput", "MB/s", true, KB_WL_MB_PER_SEC, false,
	  memcpy_setup, cpu_run, cpu_teardown },
	{ "cpu/sort", "branchy quicksort of 2048 random integers; op = one sort",
	  "rate", "ops/s", true, KB_WL_OPS_PER_SEC, false,
	  sort_setup, cpu_run, cpu_teardown },
};
const size_t kb_cpu_workloads_n = sizeof(kb_cpu_workloads) / sizeof(kb_cpu_workloads[0]);

// SPDX-License-Identifier: GPL-2.0
/* The workload table, the timed loop and what every benchmark shares. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"
#include "util/clock.h"

#define MAX_WORKLOADS 32
static const struct kb_workload *table[MAX_WORKLOADS];
static size_t table_n;

static void build_table(void)
{
	const struct { const struct kb_workload *w; size_t n; } suites[] = {
		{ kb_io_workloads, kb_io_workloads_n },
		{ kb_cpu_workloads, kb_cpu_workloads_n },
		{ kb_syscall_workloads, kb_syscall_workloads_n },
	};

	if (table_n)
		return;
	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		for (size_t i = 0; i < suites[s].n && table_n < MAX_WORKLOADS; i++)
			table[table_n++] = &suites[s].w[i];
}

size_t kb_workload_count(void)
{
	build_table();
	return table_n;
}

const struct kb_workload *kb_workload_at(size_t i)
{
	build_table();
	return i < table_n ? table[i] : NULL;
}

const struct kb_workload *kb_workload_find(const char *name)
{
	build_table();
	for (size_t i = 0; i < table_n; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

bool kb_workload_in_suite(const struct kb_workload *w, const char *suite)
{
	size_t len = strlen(suite);

	if (!strcmp(suite, "all"))
		return true;
	return !strncmp(w->name, suite, len) && w->name[len] == '/';
}

bool kb_suite_known(const char *suite)
{
	return !strcmp(suite, "all") || !strcmp(suite, "io") ||
	       !strcmp(suite, "cpu") || !strcmp(suite, "syscall");
}

double kb_wl_value_of(const struct kb_workload *w, const struct kb_wl_sample *s)
{
	if (s->elapsed_ns <= 0 || s->ops <= 0)
		return 0;
	switch (w->value) {
	case KB_WL_OPS_PER_SEC:
		return s->ops / (s->elapsed_ns / 1e9);
	case KB_WL_MB_PER_SEC:
		return s->bytes / (s->elapsed_ns / 1e9) / 1e6;
	case KB_WL_NS_PER_OP:
		return s->elapsed_ns / s->ops;
	}
	return 0;
}

uint64_t kb_wl_batch_size(double clock_ns, double op_ns)
{
	double want, most = (double)KB_WL_BATCH_MAX;

	if (!(op_ns > 0))
		return KB_WL_BATCH_MAX;
	if (KB_WL_BATCH_MAX_NS / op_ns < most)
		most = KB_WL_BATCH_MAX_NS / op_ns;
	want = KB_WL_CLOCK_SHARE * (clock_ns > 0 ? clock_ns : 0) / op_ns;
	if (want > most)
		want = most;
	if (want <= 1)
		return 1;
	return (uint64_t)want + ((double)(uint64_t)want < want);
}

static uint64_t clock_of(const struct kb_wl_ctx *ctx)
{
	return ctx->clock ? ctx->clock() : kb_now_ns();
}

int kb_wl_calibrate(struct kb_wl_ctx *ctx, kb_wl_ops_fn fn, void *arg)
{
	double clock_ns = ctx->clock_ns > 0 ? ctx->clock_ns : kb_clock_read_ns();
	uint64_t n = 1, t0, t1, least = KB_WL_PROBE_NS, best = UINT64_MAX;
	struct kb_wl_sample scratch = { 0 };	/* the probe is not measured */
	int64_t done;

	if (clock_ns * 1000 > (double)least)
		least = (uint64_t)(clock_ns * 1000);
	for (int tries = 0;;) {
		t0 = clock_of(ctx);
		done = fn(ctx, arg, n, &scratch);
		t1 = clock_of(ctx);
		if (done < 0)
			return (int)done;
		if ((uint64_t)done < n || kb_stop_requested)
			return 0;
		if (tries || t1 - t0 >= least || n >= KB_WL_BATCH_MAX) {
			/*
			 * Being preempted only adds time: the fastest of a
			 * few windows is the operation's cost (one window
			 * on a loaded host made batches 8 times too small).
			 */
			if (t1 - t0 < best)
				best = t1 - t0;
			if (++tries == KB_WL_PROBE_TRIES)
				break;
			continue;
		}
		n *= 2;
	}
	/* a window holds about one clock read besides the N operations */
	ctx->batch = kb_wl_batch_size(clock_ns, ((double)best - clock_ns) / (double)n);
	return 0;
}

int kb_wl_timed(struct kb_wl_ctx *ctx, double seconds, kb_wl_ops_fn fn,
		void *arg, struct kb_wl_sample *s)
{
	uint64_t start, prev, end, t;
	int64_t done;
	int ret;

	if (!ctx->batch) {
		ret = kb_wl_calibrate(ctx, fn, arg);
		if (ret || !ctx->batch)
			return ret;
	}
	s->batch = ctx->batch;
	start = prev = clock_of(ctx);
	end = start + (uint64_t)(seconds > 0 ? seconds * 1e9 : 0);
	while (!kb_stop_requested && prev < end) {
		done = fn(ctx, arg, ctx->batch, s);
		if (done < 0)
			return (int)done;
		t = clock_of(ctx);
		if (done > 0) {
			s->ops += (double)done;
			if (s->lat)	/* the batch's mean, rounded, DONE times */
				kb_hist_record_n(s->lat, (t - prev + (uint64_t)done / 2) /
						 (uint64_t)done, (uint64_t)done);
		}
		prev = t;
		if ((uint64_t)done < ctx->batch)	/* a stop cut it short */
			break;
	}
	s->elapsed_ns = (double)(prev - start);
	return 0;
}

void kb_wl_note(struct kb_wl_ctx *ctx, const char *fmt, ...)
{
	char note[KB_WL_NOTE_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
	for (unsigned int i = 0; i < ctx->n_notes; i++)
		if (!strcmp(ctx->notes[i], note))
			return;
	if (ctx->n_notes < KB_WL_MAX_NOTES)
		memcpy(ctx->notes[ctx->n_notes++], note, sizeof(note));
}

int kb_wl_fail(struct kb_wl_ctx *ctx, int err, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->why, sizeof(ctx->why), fmt, ap);
	va_end(ap);
	len = strlen(ctx->why);
	if (err && len < sizeof(ctx->why))
		snprintf(ctx->why + len, sizeof(ctx->why) - len, ": %s",
			 strerror(err));
	return -(err ? err : EIO);
}

#define MAX_TMP 8
#define TMP_LEN 4096
static char tmp_paths[MAX_TMP][TMP_LEN];
static volatile sig_atomic_t tmp_used[MAX_TMP];

int kb_tmp_add(const char *path)
{
	for (int i = 0; i < MAX_TMP; i++) {
		if (tmp_used[i])
			continue;
		if (strlen(path) >= TMP_LEN)
			return -ENAMETOOLONG;
		strcpy(tmp_paths[i], path);
		tmp_used[i] = 1;
		return 0;
	}
	return -ENOSPC;
}

void kb_tmp_remove(const char *path)
{
	for (int i = 0; i < MAX_TMP; i++) {
		if (tmp_used[i] && !strcmp(tmp_paths[i], path)) {
			unlink(tmp_paths[i]);
			tmp_used[i] = 0;
			return;
		}
	}
	unlink(path);
}

void kb_tmp_unlink_all(void)
{
	for (int i = 0; i < MAX_TMP; i++) {
		if (tmp_used[i]) {
			unlink(tmp_paths[i]);
			tmp_used[i] = 0;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/* `kbench run` as text: result lines and the progress line (run_text.h). */
#include <stdio.h>
#include <string.h>

#include "run_text.h"
#include "util/fmt.h"

#define NAME_WIDTH 16
#define VALUE_WIDTH 11	/* "219M ops/s", "1.73 µs/op", "12.3k IOPS" */

/* Columns S takes on a terminal: UTF-8 continuation bytes take none. */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void kb_run_text_bench(FILE *f, const struct kb_bench_result *b)
{
	char v[KB_FMT_LEN], cov[32] = "", lat[128] = "";
	char p50[KB_FMT_LEN], p99[KB_FMT_LEN], p999[KB_FMT_LEN];
	size_t w;

	if (b->n_values) {
		kb_fmt_value(v, b->summary.mean, b->unit);
		snprintf(cov, sizeof(cov), " ±%.1f%%", b->summary.cov_pct);
	} else {
		snprintf(v, sizeof(v), "-");
	}
	if (b->latency.valid)
		snprintf(lat, sizeof(lat), "  p50 %s p99 %s p99.9 %s",
			 kb_fmt_ns(p50, b->latency.p50), kb_fmt_ns(p99, b->latency.p99),
			 kb_fmt_ns(p999, b->latency.p999));
	w = columns(v);
	fprintf(f, "%-*s %*s%s%s (%zu rep%s)%s%s\n", NAME_WIDTH, b->name,
		(int)(w < VALUE_WIDTH ? VALUE_WIDTH - w : 0), "", v, cov,
		b->n_values, b->n_values == 1 ? "" : "s", lat,
		b->partial ? "  [partial]" : "");
	fflush(f);
}

void kb_run_text_progress(FILE *f, size_t index, size_t count,
			  const char *name, long rep, long reps, bool profiled,
			  double eta_s)
{
	fprintf(f, "\r\033[K[%zu/%zu] %s %s %ld/%ld, ETA %.0f s", index + 1,
		count, name, !rep ? "warm-up" : profiled ? "profiled repetition" :
		"repetition", rep, reps, eta_s);
	fflush(f);
}

void kb_run_text_progress_clear(FILE *f)
{
	fputs("\r\033[K", f);
	fflush(f);
}

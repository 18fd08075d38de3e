// SPDX-License-Identifier: GPL-2.0
/* The hotspot table (report_text.h). */
#include "report_text.h"
#include "util/fmt.h"

static void print_group(FILE *f, const struct kb_report *r, size_t i)
{
	const struct kb_report_group *g = &r->g[i];
	char n[KB_FMT_LEN];

	if (i == 0 && r->src->run)
		fprintf(f, "Overall (%zu benchmarks): ", r->ng - 1);
	else
		fprintf(f, "%s: ", g->name);
	if (!g->profiled) {
		fprintf(f, "no profile\n\n");
		return;
	}
	fprintf(f, "%s samples in %zu profile%s\n", kb_fmt_count(n, g->fs.samples),
		g->ndirs, g->ndirs == 1 ? "" : "s");
	if (!g->nhs) {
		fprintf(f, "  no function at or above %.1f %% self samples\n\n", r->bands.low);
		return;
	}
	fprintf(f, "  %-8s %6s %6s %8s  %-22s %s\n", "SEVERITY", "SELF%", "TOTAL%",
		"SAMPLES", "CATEGORY", "FUNCTION");
	for (size_t j = 0; j < g->nhs; j++) {
		const struct kb_hotspot *h = &g->hs[j];

		fprintf(f, "  %-8s %6.1f %6.1f %8s  %-22s %s\n",
			kb_severity_name(h->severity), h->self_pct, h->total_pct,
			kb_fmt_count(n, h->self), kb_category_name(h->category), h->frame);
	}
	fputc('\n', f);
}

void kb_report_print(FILE *f, const struct kb_report *r)
{
	for (size_t i = 0; i < r->ng; i++)
		print_group(f, r, i);
}

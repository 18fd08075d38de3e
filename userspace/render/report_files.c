// SPDX-License-Identifier: GPL-2.0
/* A report's flamegraphs and the list of its charts (report_files.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_files.h"
#include "flamegraph.h"
#include "report_charts.h"
#include "util/fileio.h"

int kb_report_files_add_chart(struct kb_report_files *fs, const char *name,
			      size_t group, bool rendered)
{
	struct kb_report_chart *p = realloc(fs->charts, (fs->ncharts + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	fs->charts = p;
	p = &fs->charts[fs->ncharts++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->group = group;
	p->rendered = rendered;
	return 0;
}

int kb_report_files_warn(struct kb_report_files *fs, const char *fmt, ...)
{
	char **p = realloc(fs->warnings, (fs->nwarnings + 1) * sizeof(*p));
	va_list ap;
	int n;

	if (!p)
		return -ENOMEM;
	fs->warnings = p;
	va_start(ap, fmt);
	n = vasprintf(&p[fs->nwarnings], fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	fs->nwarnings++;
	return 0;
}

/* Group I's flamegraph, when it has stacks. */
static int write_flame(struct kb_report_files *fs, const struct kb_report *r,
		       size_t i, char *why, size_t len)
{
	const struct kb_report_group *g = &r->g[i];
	struct kb_report_flame *fl = &fs->flame[i];
	struct kb_flame_opts o = { .title = g->name };
	char path[4400], sub[256];
	int ret;

	if (!g->st.n)
		return 0;
	snprintf(fl->file, sizeof(fl->file), "%s%s.svg", i ? "flamegraph-" : "flamegraph",
		 i ? g->slug : "");
	snprintf(path, sizeof(path), "%s/%s", fs->out, fl->file);
	snprintf(sub, sizeof(sub), "%" PRIu64 " samples in %zu profile%s",
		 g->st.samples, g->ndirs, g->ndirs == 1 ? "" : "s");
	o.subtitle = sub;
	ret = kb_flame_save(path, &g->st, &o, &fl->height);
	if (ret) {
		snprintf(why, len, "%s: %s", path, strerror(-ret));
		fl->file[0] = '\0';
	}
	return ret;
}

int kb_report_files_write(struct kb_report_files *fs,
			  const struct kb_report *r, const char *out,
			  char *why, size_t len)
{
	int ret;

	memset(fs, 0, sizeof(*fs));
	snprintf(fs->out, sizeof(fs->out), "%s", out);
	snprintf(fs->chart_dir, sizeof(fs->chart_dir), "%s/charts", out);
	fs->flame = calloc(r->ng ? r->ng : 1, sizeof(*fs->flame));
	if (!fs->flame) {
		snprintf(why, len, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	ret = kb_mkdir_p(fs->chart_dir);
	if (ret) {
		snprintf(why, len, "%s: %s", fs->chart_dir, strerror(-ret));
		return ret;
	}
	for (size_t i = 0; i < r->ng; i++) {
		ret = write_flame(fs, r, i, why, len);
		if (!ret)
			ret = kb_report_charts(fs, r, i);
		if (ret == -ENOMEM)
			snprintf(why, len, "charts: %s", strerror(ENOMEM));
		if (ret)
			return ret;
	}
	return 0;
}

void kb_report_files_free(struct kb_report_files *fs)
{
	for (size_t i = 0; i < fs->nwarnings; i++)
		free(fs->warnings[i]);
	free(fs->warnings);
	free(fs->charts);
	free(fs->flame);
	memset(fs, 0, sizeof(*fs));
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html: one self-contained page of a report, its charts and
 * flamegraphs embedded as data: URIs, so that it opens offline.
 */
#ifndef KBENCH_REPORT_HTML_H
#define KBENCH_REPORT_HTML_H

#include <stdio.h>

#include "report_files.h"
#include "analysis/report.h"

/* Writes the page to F, embedding the files FS lists. 0 or -EIO. */
int kb_report_html(FILE *f, const struct kb_report *r,
		   const struct kb_report_files *fs);

/* The same into PATH, atomically (util/fileio.h). 0 or -errno. */
int kb_report_html_save(const char *path, const struct kb_report *r,
			const struct kb_report_files *fs);

#endif

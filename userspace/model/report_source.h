/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `kbench report` is made from: the results.json of a recording
 * (record.h) or of a run (results.h), read once into typed form, with what
 * both say in different places (the machine's CPU count) in one field.
 */
#ifndef KBENCH_REPORT_SOURCE_H
#define KBENCH_REPORT_SOURCE_H

#include <stddef.h>

#include "record.h"
#include "results.h"

/* Room for a path and what is wrong with it. */
#define KB_SOURCE_WHYLEN 4608

/* What a run's "noise" says of the machine when it began, typed. */
struct kb_noise_facts {
	bool have_loadavg;
	double loadavg[3];	/* 1, 5 and 15 minutes */
	char smt[16];		/* SMT active: "1", "0" or "" (not said) */
	char hypervisor[96];	/* DMI vendor and product, "" */
};

struct kb_report_source {
	char schema[64];		/* as the file says */
	struct kb_results *run;		/* a run's results; NULL for a record */
	struct kb_record_info rec;		/* a record's (empty for a run) */
	unsigned int cpus;		/* CPUs of the machine; 0: unknown */
	struct kb_noise_facts noise;	/* a run's (empty for a record) */
};

/*
 * Reads PATH. Returns 0, or -errno with WHY naming PATH and the problem:
 * -ENOENT (no such file), -EINVAL (not JSON, a malformed field) or
 * -EPROTONOSUPPORT (neither a record's nor a run's schema).
 */
int kb_report_source_load(struct kb_report_source *src, const char *path,
			  char why[KB_SOURCE_WHYLEN]);
void kb_report_source_free(struct kb_report_source *src);

#endif

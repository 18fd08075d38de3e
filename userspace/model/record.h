/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.json of `kbench record` ("kbench-record/1", docs/record.md): the
 * fields that readers of a recording use, typed. The writer is the
 * recording's own (capture/recording.c).
 */
#ifndef KBENCH_RECORD_H
#define KBENCH_RECORD_H

#include <stddef.h>
#include <jansson.h>

#define KB_RECORD_SCHEMA "kbench-record/1"

struct kb_record {
	char command[160];	/* the command's words joined by spaces; "" */
	unsigned int cpus;	/* CPUs online while recording; 0: not said */
};

/*
 * Reads ROOT, whose "schema" must be KB_RECORD_SCHEMA. A missing or null
 * "command" or "cpus" leaves the field empty. Returns 0, or -EINVAL with
 * WHY (LEN bytes) naming the field.
 */
int kb_record_from_json(json_t *root, struct kb_record *rec, char *why,
			size_t len);

#endif

// SPDX-License-Identifier: GPL-2.0
/* results.json of a recording: what its readers use (model/record.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "record.h"

/* The command's words joined by spaces, cut to fit. */
static int read_command(json_t *cmd, struct kb_record_info *rec, char *why,
			size_t len)
{
	size_t i, used = 0;
	json_t *a;

	if (!cmd || json_is_null(cmd))
		return 0;
	if (!json_is_array(cmd)) {
		snprintf(why, len, "'command' is not an array of strings");
		return -EINVAL;
	}
	json_array_foreach(cmd, i, a) {
		if (!json_is_string(a)) {
			snprintf(why, len, "'command[%zu]' is not a string", i);
			return -EINVAL;
		}
		if (used < sizeof(rec->command))
			used += snprintf(rec->command + used, sizeof(rec->command) - used,
					 "%s%s", i ? " " : "", json_string_value(a));
	}
	return 0;
}

int kb_record_info_from_json(json_t *root, struct kb_record_info *rec,
			     char *why, size_t len)
{
	json_t *schema = json_object_get(root, "schema");
	json_t *cpus = json_object_get(root, "cpus");

	memset(rec, 0, sizeof(*rec));
	if (!json_is_string(schema) || strcmp(json_string_value(schema), KB_RECORD_SCHEMA)) {
		snprintf(why, len, "schema is not '%s'", KB_RECORD_SCHEMA);
		return -EINVAL;
	}
	if (cpus && !json_is_null(cpus)) {
		if (!json_is_integer(cpus) || json_integer_value(cpus) < 0 ||
		    json_integer_value(cpus) > 1 << 20) {
			snprintf(why, len, "'cpus' is not a CPU count");
			return -EINVAL;
		}
		rec->cpus = (unsigned int)json_integer_value(cpus);
	}
	return read_command(json_object_get(root, "command"), rec, why, len);
}

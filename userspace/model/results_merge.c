// SPDX-License-Identifier: GPL-2.0
/* Several results of one suite merged into one (results_merge.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "results_merge.h"

bool kb_boot_unknown(const char *id)
{
	return !id[0] || !strcmp(id, "unknown") || !strncmp(id, "unknown-", 8);
}

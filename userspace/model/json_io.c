// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "json_io.h"
#include "util/fileio.h"

int kb_json_dump(FILE *f, json_t *root)
{
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) ||
	    fputc('\n', f) == EOF)
		return -EIO;
	return 0;
}

static int dump(FILE *f, void *root)
{
	return kb_json_dump(f, root);
}

int kb_json_save(const char *path, json_t *root)
{
	return kb_write_atomic(path, dump, root);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* kbench's JSON documents on a stream or in a file, all written one way. */
#ifndef KBENCH_JSON_IO_H
#define KBENCH_JSON_IO_H

#include <stdio.h>
#include <jansson.h>

/*
 * Writes ROOT to F, indented, with every real to 17 significant digits
 * (so it reads back exactly) and a final newline. 0 or -EIO.
 */
int kb_json_dump(FILE *f, json_t *root);

/* The same into PATH, atomically (util/fileio.h). 0 or -errno. */
int kb_json_save(const char *path, json_t *root);

#endif

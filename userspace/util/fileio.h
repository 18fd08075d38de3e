/* SPDX-License-Identifier: GPL-2.0 */
/* Files: written whole or not at all, directories made, one-line reads. */
#ifndef KBENCH_FILEIO_H
#define KBENCH_FILEIO_H

#include <stddef.h>
#include <stdio.h>

/* Writes the content of a file to F; 0 or -errno. */
typedef int (*kb_write_fn)(FILE *f, void *arg);

/*
 * Writes PATH through FN into PATH.tmp, then renames it over PATH, so that
 * a reader never sees half a file and a failure leaves the old one.
 * Returns 0, or -errno with PATH.tmp removed.
 */
int kb_write_atomic(const char *path, kb_write_fn fn, void *arg);

/* The same for LEN bytes of TEXT. */
int kb_write_text(const char *path, const char *text, size_t len);

/* Makes DIR and any missing parent; 0 when it exists, or -errno. */
int kb_mkdir_p(const char *dir);

/*
 * Reads FILE's first line into BUF without its newline; 0 or -errno (BUF
 * is then empty).
 */
int kb_read_line(const char *file, char *buf, size_t len);

/*
 * The number of FILE's first line that FMT (one %llu or %llx conversion,
 * e.g. "VmLck: %llu kB") matches, into *V; 0, or -errno (-ENODATA: no
 * such line).
 */
int kb_read_field(const char *file, const char *fmt, unsigned long long *v);

/*
 * A name made safe for a file name or an HTML id: letters, digits, '.' and
 * '_' are kept, anything else becomes '-' ("syscall/null" -> "syscall-null").
 */
void kb_slug(char *dst, size_t len, const char *src);

#endif

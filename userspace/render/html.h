/* SPDX-License-Identifier: GPL-2.0 */
/* Writing self-contained HTML: escaped text and files embedded as base64. */
#ifndef KBENCH_EMBED_H
#define KBENCH_EMBED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* S, escaped for HTML text and attribute values. */
void kb_html(FILE *f, const char *s);

/* N bytes of P in base64, for data: URIs. */
void kb_base64(FILE *f, const unsigned char *p, size_t n);

/* The file PATH in base64; false when it cannot be read. */
bool kb_embed_file(FILE *f, const char *path);

/*
 * The head of a kbench page and the opening <body>: TITLE (escaped) and
 * the style every page shares (tables, numbers, charts, flamegraphs),
 * then the page's own CSS rules (trusted, may be NULL).
 */
void kb_html_begin(FILE *f, const char *title, const char *css);

/* Closes what kb_html_begin() opened. */
void kb_html_end(FILE *f);

#endif

// SPDX-License-Identifier: GPL-2.0
/* Self-contained HTML pages: escaping, embedded files, the shared head. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "flamegraph.h"

void kb_html(FILE *f, const char *s)
{
	kb_xml_escape(f, s, strlen(s));
}

void kb_base64(FILE *f, const unsigned char *p, size_t n)
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4 * 1024];
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);

		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
		if (o == sizeof(out)) {
			fwrite(out, 1, o, f);
			o = 0;
		}
	}
	fwrite(out, 1, o, f);
}

bool kb_embed_file(FILE *f, const char *path)
{
	FILE *in = fopen(path, "r");
	/* A multiple of 3, so chunks encode without padding in between. */
	unsigned char buf[3 * 4096];
	size_t n;

	if (!in)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		kb_base64(f, buf, n);
	fclose(in);
	return true;
}

void kb_html_begin(FILE *f, const char *title, const char *css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"kbench " KBENCH_VERSION "\">\n<title>", f);
	kb_html(f, title);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1280px}\n"
	      "table{border-collapse:collapse;margin:.5em 0 1em}\n"
	      "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}\n"
	      "th{background:#eee}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	      "td.fn{font-family:monospace;word-break:break-all}\n"
	      "img.chart{width:620px;max-width:100%;border:1px solid #ddd;margin:4px}\n"
	      "object.flamegraph{width:100%;border:1px solid #ddd}\n"
	      ".meta,.hint,.nochart{color:#555;font-size:13px}\n"
	      "section{border-top:2px solid #ddd;margin-top:1.5em}\n", f);
	if (css)
		fputs(css, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

void kb_html_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}

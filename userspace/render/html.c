// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
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

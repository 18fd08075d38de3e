// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

int kb_samples_walk(const void *buf, size_t len, kb_sample_fn fn, void *arg)
{
	const uint8_t *p = buf, *end = p + len;

	while (p < end) {
		struct kbench_sample s;
		size_t need;
		int ret;

		if ((size_t)(end - p) < sizeof(s))
			return -EPROTO;
		memcpy(&s, p, sizeof(s));
		need = sizeof(s) + sizeof(uint64_t) * (s.nr_kernel + s.nr_user);
		if (s.size != need || s.size % 8 || s.size > (size_t)(end - p) ||
		    s.context < KBENCH_CTX_USER || s.context > KBENCH_CTX_IDLE)
			return -EPROTO;
		/* Records are 8-byte aligned in the buffer the kernel fills. */
		ret = fn((const struct kbench_sample *)p, arg);
		if (ret)
			return ret;
		p += s.size;
	}
	return 0;
}

int kb_raw_write_header(FILE *f)
{
	uint32_t v[2] = { KB_RAW_VERSION, 8 };

	if (fwrite(KB_RAW_MAGIC, 8, 1, f) != 1 || fwrite(v, sizeof(v), 1, f) != 1)
		return -EIO;
	return 0;
}

int kb_raw_read(FILE *f, void **buf, size_t *len)
{
	char magic[8];
	uint32_t v[2];
	size_t cap = 1 << 20, n = 0, got;
	uint8_t *b;

	if (fread(magic, 8, 1, f) != 1 || memcmp(magic, KB_RAW_MAGIC, 8) ||
	    fread(v, sizeof(v), 1, f) != 1 || v[0] != KB_RAW_VERSION)
		return -EPROTO;
	b = malloc(cap);
	if (!b)
		return -ENOMEM;
	while ((got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		free(b);
		return -EIO;
	}
	*buf = b;
	*len = n;
	return 0;
}

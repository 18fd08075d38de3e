// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

const struct kbench_sample *kb_samples_next(const void *buf, size_t len,
					    size_t *off, int *err)
{
	const uint8_t *p = (const uint8_t *)buf + *off;
	struct kbench_sample s;
	size_t need, left = len - *off;

	*err = 0;
	if (*off >= len)
		return NULL;
	*err = -EPROTO;
	if (left < sizeof(s))
		return NULL;
	memcpy(&s, p, sizeof(s));
	need = sizeof(s) + sizeof(uint64_t) * (s.nr_kernel + s.nr_user);
	if ((s.flags & KBENCH_SAMPLE_USER_STACK) && need < s.size &&
	    s.size - need >= sizeof(struct kbench_sample_ustack)) {
		struct kbench_sample_ustack us;

		memcpy(&us, p + need, sizeof(us));
		need += sizeof(us) + ((us.size + 7ul) & ~7ul);
	}
	if (s.size != need || s.size % 8 || s.size > left ||
	    s.context < KBENCH_CTX_USER || s.context > KBENCH_CTX_IDLE)
		return NULL;
	*err = 0;
	*off += s.size;
	/* Records are 8-byte aligned in the buffer the kernel fills. */
	return (const struct kbench_sample *)p;
}

const struct kbench_sample_ustack *kb_sample_ustack(const struct kbench_sample *s)
{
	if (!(s->flags & KBENCH_SAMPLE_USER_STACK))
		return NULL;
	return (const void *)(s->ips + s->nr_kernel + s->nr_user);
}

int kb_samples_walk(const void *buf, size_t len, kb_sample_fn fn, void *arg)
{
	const struct kbench_sample *s;
	size_t off = 0;
	int err, ret;

	while ((s = kb_samples_next(buf, len, &off, &err))) {
		ret = fn(s, arg);
		if (ret)
			return ret;
	}
	return err;
}

int kb_sample_buf_add(struct kb_sample_buf *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		void *d;

		while (cap < b->len + len)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy((uint8_t *)b->data + b->len, p, len);
	b->len += len;
	return 0;
}

void kb_sample_buf_free(struct kb_sample_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
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

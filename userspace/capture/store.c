// SPDX-License-Identifier: GPL-2.0
/* Files kept once by content, linked into each profile (store.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "store.h"
#include "util/fileio.h"

unsigned long long kb_store_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ len;

	/* FNV-1a; equal hashes are compared byte for byte before sharing. */
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

/* 1: PATH holds exactly DATA; 0: there is no PATH; -1: it holds other. */
static int same_content(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "r");
	char buf[65536];
	size_t off = 0, n;
	int ret = 1;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (ret > 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (off + n > len || memcmp(buf, (const char *)data + off, n))
			ret = -1;
		off += n;
	}
	if (ferror(f) || off != len)
		ret = -1;
	fclose(f);
	return ret;
}

/* DIR/NAME as a plain file. 0 or -errno with WHY. */
static int put_plain(const char *dst, const void *data, size_t len, char *why,
		     size_t len_why)
{
	int ret;

	unlink(dst);
	ret = kb_write_text(dst, data, len);
	if (ret)
		snprintf(why, len_why, "cannot write %s: %s", dst, strerror(-ret));
	return ret;
}

/* DST made a name of the store's SPATH; TARGET for a symbolic link. */
static int link_to(const char *spath, const char *target, const char *dst)
{
	if (unlink(dst) && errno != ENOENT)
		return -errno;
	if (!link(spath, dst) || !symlink(target, dst))
		return 0;
	return -errno;
}

int kb_store_put(const char *dir, const char *name, const char *store,
		 const struct kb_store_file *sf, const void *data, size_t len,
		 char *why, size_t len_why)
{
	char dst[4200], sdir[4200], spath[4800], target[4800], fname[256];
	bool rel;
	int have;

	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if (!store)
		return put_plain(dst, data, len, why, len_why);
	rel = store[0] != '/';
	snprintf(fname, sizeof(fname), "%s%016llx%s", sf->prefix,
		 kb_store_hash(data, len), sf->suffix);
	snprintf(sdir, sizeof(sdir), "%s%s%s", rel ? dir : "", rel ? "/" : "", store);
	snprintf(spath, sizeof(spath), "%s/%s", sdir, fname);
	/* A link's text resolves from DIR, where it lives. */
	snprintf(target, sizeof(target), "%s/%s", store, fname);
	if (kb_mkdir_p(sdir))
		return put_plain(dst, data, len, why, len_why);
	have = same_content(spath, data, len);
	if (!have && kb_write_text(spath, data, len))
		have = -1;
	/* A store that cannot take it, or a hash collision: a copy. */
	if (have < 0 || link_to(spath, target, dst))
		return put_plain(dst, data, len, why, len_why);
	return 0;
}

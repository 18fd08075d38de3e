// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fileio.h"

int kb_write_atomic(const char *path, kb_write_fn fn, void *arg)
{
	char *tmp;
	FILE *f;
	int ret;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "w");
	if (!f) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	ret = fn(f, arg);
	if (!ret && ferror(f))
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

struct text {
	const char *p;
	size_t len;
};

static int write_text(FILE *f, void *arg)
{
	const struct text *t = arg;

	return fwrite(t->p, 1, t->len, f) == t->len ? 0 : -EIO;
}

int kb_write_text(const char *path, const char *text, size_t len)
{
	struct text t = { text, len };

	return kb_write_atomic(path, write_text, &t);
}

int kb_mkdir_p(const char *dir)
{
	char *p = strdup(dir);
	int ret = 0;

	if (!p)
		return -ENOMEM;
	/* Each parent in turn; an existing one is fine. */
	for (char *s = p + 1; *s && !ret; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			ret = -errno;
		*s = '/';
	}
	if (!ret && mkdir(p, 0755) && errno != EEXIST)
		ret = -errno;
	if (!ret) {
		struct stat st;

		if (stat(p, &st))
			ret = -errno;
		else if (!S_ISDIR(st.st_mode))
			ret = -ENOTDIR;
	}
	free(p);
	return ret;
}

int kb_read_line(const char *file, char *buf, size_t len)
{
	FILE *f = fopen(file, "re");
	int ret = 0;

	buf[0] = '\0';		/* callers may use BUF without looking */
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		ret = ferror(f) ? -EIO : -ENODATA;
		buf[0] = '\0';
	} else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return ret;
}

int kb_read_field(const char *file, const char *fmt, unsigned long long *v)
{
	char line[512];
	FILE *f = fopen(file, "re");
	int ret = -ENODATA;

	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, v) == 1)
			ret = 0;
	fclose(f);
	return ret;
}

void kb_slug(char *dst, size_t len, const char *src)
{
	size_t i = 0;

	if (!len)
		return;
	for (; *src && i + 1 < len; src++)
		dst[i++] = (*src >= 'a' && *src <= 'z') || (*src >= 'A' && *src <= 'Z') ||
			   (*src >= '0' && *src <= '9') || *src == '.' || *src == '_' ?
			   *src : '-';
	dst[i] = '\0';
}

// SPDX-License-Identifier: GPL-2.0
/* The io benchmarks' directory, checked and described (io_target.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "io_target.h"
#include "util/fmt.h"

/* The source and type of the mount behind device ST_DEV (mountinfo). */
static void find_mount(dev_t st_dev, struct kb_io_target *t)
{
	char line[4096], mnt[1024];
	unsigned int maj, min;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	while (f && fgets(line, sizeof(line), f)) {
		char *dash = strstr(line, " - ");

		if (sscanf(line, "%*u %*u %u:%u %*s %1023s", &maj, &min, mnt) != 3 ||
		    !dash || maj != major(st_dev) || min != minor(st_dev))
			continue;
		if (sscanf(dash + 3, "%63s %1023s", t->fstype, t->device) == 2)
			break;
		t->fstype[0] = t->device[0] = '\0';
	}
	if (f)
		fclose(f);
}

/* "PRE DIR: WHAT strerror(ERR)" into WHY; returns -ERR. */
static int fail(char *why, size_t len, int err, const char *pre,
		const char *dir, const char *what)
{
	snprintf(why, len, "%s%s: %s%s", pre, dir, what, strerror(err));
	return -err;
}

int kb_io_target_check(const char *dir, uint64_t size, size_t files,
		       struct kb_io_target *t, char *why, size_t len)
{
	char a[KB_FMT_LEN], b[KB_FMT_LEN];
	struct statvfs vfs;
	struct stat st;
	uint64_t need;

	memset(t, 0, sizeof(*t));
	t->dir = dir;
	t->size_bytes = size;
	if (stat(dir, &st))
		return fail(why, len, errno, "io directory ", dir, "");
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "io directory %s: not a directory", dir);
		return -ENOTDIR;
	}
	if (access(dir, W_OK | X_OK))
		return fail(why, len, errno, "", dir, "cannot write there: ");
	if (statvfs(dir, &vfs))
		return fail(why, len, errno, "", dir, "");
	need = size * files + KB_IO_MARGIN;
	t->free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	if (t->free_bytes < need) {
		snprintf(why, len, "%s: not enough free space: %s needed (--size for "
			 "each of %zu io benchmark%s, plus 16 MiB), %s free; use a "
			 "smaller --size or another --dir", dir,
			 kb_fmt_bytes(a, (double)need), files, files == 1 ? "" : "s",
			 kb_fmt_bytes(b, (double)t->free_bytes));
		return -ENOSPC;
	}
	snprintf(t->dev, sizeof(t->dev), "%u:%u", major(st.st_dev), minor(st.st_dev));
	find_mount(st.st_dev, t);
	return 0;
}

json_t *kb_io_target_json(const struct kb_io_target *t)
{
	return json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:I}",
			 "dir", t->dir,
			 "device", t->device[0] ? t->device : NULL,
			 "fstype", t->fstype[0] ? t->fstype : NULL,
			 "dev", t->dev,
			 "free_bytes", (json_int_t)t->free_bytes,
			 "size_bytes", (json_int_t)t->size_bytes);
}

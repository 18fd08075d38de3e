/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the unit tests share: temporary directories (made with mkdtemp,
 * removed without a shell), copying a file, and running a command with its
 * standard output and error captured or silenced.
 *
 * All static inline, so each test takes only what it uses.
 */
#ifndef KBENCH_TEST_HELPERS_H
#define KBENCH_TEST_HELPERS_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

/* Temporary directories */

/*
 * Makes a new, empty directory /tmp/kbench-TEST.XXXXXX, TEST being this
 * test program's name; returns its path, for tmpdir_remove().
 */
static inline char *tmpdir_new(void)
{
	char *dir = NULL;

	assert_true(asprintf(&dir, "/tmp/kbench-%s.XXXXXX",
			     program_invocation_short_name) > 0);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static inline int remove_tree_entry(const char *path, const struct stat *sb,
				    int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

/*
 * Removes PATH and everything below it, deepest first; symbolic links are
 * removed, never followed. Returns 0, or -1 with errno set.
 */
static inline int remove_tree(const char *path)
{
	return nftw(path, remove_tree_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes a directory from tmpdir_new() with all it holds; frees DIR. */
static inline void tmpdir_remove(char *dir)
{
	assert_int_equal(remove_tree(dir), 0);
	free(dir);
}

/*
 * One temporary directory for a whole group of tests: pass the setup and
 * teardown to cmocka_run_group_tests(); the tests find it at group_tmpdir().
 */
static inline char **group_tmpdir_slot(void)
{
	static char *dir;

	return &dir;
}

static inline const char *group_tmpdir(void)
{
	return *group_tmpdir_slot();
}

static inline int group_tmpdir_setup(void **state)
{
	(void)state;
	*group_tmpdir_slot() = tmpdir_new();
	return 0;
}

static inline int group_tmpdir_teardown(void **state)
{
	char **dir = group_tmpdir_slot();
	int ret = remove_tree(*dir);

	(void)state;
	free(*dir);
	*dir = NULL;
	return ret;
}

/* Files */

/* Copies the file FROM to TO, creating or truncating TO. */
static inline void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[8192];
	size_t n;

	assert_non_null(in);
	out = fopen(to, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	assert_false(ferror(in));
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Standard output and error */

/* A file descriptor of this process sent elsewhere until redirect_end(). */
struct redirect {
	int fd;		/* the one redirected: STDOUT_FILENO or STDERR_FILENO */
	int saved;	/* a duplicate of what it was, to put back */
	FILE *file;	/* a temporary file holding what was written, or NULL */
};

/*
 * Sends FD into a temporary file if KEEP (read back by redirect_end()),
 * else to /dev/null. stdout and stderr are flushed first.
 */
static inline void redirect_begin(struct redirect *r, int fd, bool keep)
{
	int to;

	fflush(stdout);
	fflush(stderr);
	r->fd = fd;
	r->file = keep ? tmpfile() : NULL;
	if (keep)
		assert_non_null(r->file);
	to = keep ? fileno(r->file) : open("/dev/null", O_WRONLY);
	r->saved = dup(fd);
	assert_true(r->saved >= 0 && to >= 0);
	dup2(to, fd);
	if (!keep)
		close(to);
}

/*
 * Puts FD back as it was. If it went into a file, copies what was written
 * into BUF, at most LEN - 1 bytes and a terminating NUL.
 */
static inline void redirect_end(struct redirect *r, char *buf, size_t len)
{
	size_t n;

	fflush(stdout);
	fflush(stderr);
	dup2(r->saved, r->fd);
	close(r->saved);
	if (!r->file)
		return;
	rewind(r->file);
	n = fread(buf, 1, len - 1, r->file);
	buf[n] = 0;
	fclose(r->file);
}

/*
 * Runs CMD(ARGC, ARGV), a main() or a command, with its stdout and stderr
 * captured into OUT and ERR (LEN bytes each, NUL-terminated). Returns what
 * CMD returned.
 */
static inline int run_captured(int (*cmd)(int, char **), int argc, char **argv,
			       char *out, char *err, size_t len)
{
	struct redirect o, e;
	int ret;

	redirect_begin(&o, STDOUT_FILENO, true);
	redirect_begin(&e, STDERR_FILENO, true);
	ret = cmd(argc, argv);
	redirect_end(&o, out, len);
	redirect_end(&e, err, len);
	return ret;
}

/* Runs CMD(ARGC, ARGV) with stdout sent to /dev/null; stderr still shows. */
static inline int run_quiet(int (*cmd)(int, char **), int argc, char **argv)
{
	struct redirect o;
	int ret;

	redirect_begin(&o, STDOUT_FILENO, false);
	ret = cmd(argc, argv);
	redirect_end(&o, NULL, 0);
	return ret;
}

#endif

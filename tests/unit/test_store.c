// SPDX-License-Identifier: GPL-2.0
/* Files kept once by content and linked into every profile that has them. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "helpers.h"
#include "capture/profile.h"
#include "capture/store.h"
#include "util/fileio.h"

static const struct kb_store_file ksf = { "kallsyms-test-", "" };

static void mkdirs(const char *base, const char *rel)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	assert_int_equal(kb_mkdir_p(path), 0);
}

static struct stat stat_of(const char *base, const char *rel)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	assert_int_equal(stat(path, &st), 0);
	return st;
}

static char *text_of(const char *base, const char *rel)
{
	char path[4200], *buf = calloc(1, 256);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_true(fread(buf, 1, 255, f) > 0);
	fclose(f);
	return buf;
}

/* Two profiles with equal content share one file; other content does not. */
static void equal_content_is_shared(void **state)
{
	char *base = tmpdir_new(), dir[4200], why[256], name[128], *t;
	struct stat a, b, c;

	(void)state;
	mkdirs(base, "profiles/x/rep-1");
	mkdirs(base, "profiles/x/rep-2");
	mkdirs(base, "profiles/y/rep-1");
	snprintf(dir, sizeof(dir), "%s/profiles/x/rep-1", base);
	assert_int_equal(kb_store_put(dir, "kallsyms", "../../shared", &ksf, "abc\n", 4,
				      why, sizeof(why)), 0);
	snprintf(dir, sizeof(dir), "%s/profiles/x/rep-2", base);
	assert_int_equal(kb_store_put(dir, "kallsyms", "../../shared", &ksf, "abc\n", 4,
				      why, sizeof(why)), 0);
	snprintf(dir, sizeof(dir), "%s/profiles/y/rep-1", base);
	assert_int_equal(kb_store_put(dir, "kallsyms", "../../shared", &ksf, "xyz\n", 4,
				      why, sizeof(why)), 0);

	a = stat_of(base, "profiles/x/rep-1/kallsyms");
	b = stat_of(base, "profiles/x/rep-2/kallsyms");
	c = stat_of(base, "profiles/y/rep-1/kallsyms");
	assert_true(a.st_ino == b.st_ino);
	assert_true(a.st_ino != c.st_ino);
	snprintf(name, sizeof(name), "profiles/shared/kallsyms-test-%016llx",
		 kb_store_hash("abc\n", 4));
	assert_true(stat_of(base, name).st_ino == a.st_ino);
	assert_int_equal(a.st_nlink, 3);	/* the store's and two profiles' */
	t = text_of(base, "profiles/y/rep-1/kallsyms");
	assert_string_equal(t, "xyz\n");
	free(t);
	tmpdir_remove(base);
}

/* No store: a plain file; a store file with other content: a copy. */
static void plain_without_store_or_on_collision(void **state)
{
	char *base = tmpdir_new(), why[256], path[4200], *t;
	FILE *f;

	(void)state;
	assert_int_equal(kb_store_put(base, "a", NULL, &ksf, "one\n", 4, why,
				      sizeof(why)), 0);
	assert_int_equal(stat_of(base, "a").st_nlink, 1);
	/* Content planted under the hash of other content is not shared. */
	mkdirs(base, "store");
	snprintf(path, sizeof(path), "%s/store/kallsyms-test-%016llx", base,
		 kb_store_hash("two\n", 4));
	f = fopen(path, "w");
	fputs("not two\n", f);
	fclose(f);
	assert_int_equal(kb_store_put(base, "b", "store", &ksf, "two\n", 4, why,
				      sizeof(why)), 0);
	t = text_of(base, "b");
	assert_string_equal(t, "two\n");
	free(t);
	assert_int_equal(stat_of(base, "b").st_nlink, 1);
	tmpdir_remove(base);
}

/* A profile's kallsyms and vDSO, from the running system, into a store. */
static void system_files_go_to_the_store(void **state)
{
	char *base = tmpdir_new(), dir[4200], why[KB_PROFILE_WHYLEN];

	(void)state;
	mkdirs(base, "profiles/b/rep-1");
	mkdirs(base, "profiles/b/rep-2");
	snprintf(dir, sizeof(dir), "%s/profiles/b/rep-1", base);
	assert_int_equal(kb_profile_save_system(dir, "../../shared", why), 0);
	snprintf(dir, sizeof(dir), "%s/profiles/b/rep-2", base);
	assert_int_equal(kb_profile_save_system(dir, "../../shared", why), 0);
	assert_true(stat_of(base, "profiles/b/rep-1/vdso.so").st_ino ==
		    stat_of(base, "profiles/b/rep-2/vdso.so").st_ino);
	assert_true(stat_of(base, "profiles/b/rep-1/kallsyms").st_ino ==
		    stat_of(base, "profiles/b/rep-2/kallsyms").st_ino);
	assert_true(stat_of(base, "profiles/b/rep-1/kallsyms").st_size > 0);
	assert_true(stat_of(base, "profiles/b/rep-1/vdso.so").st_nlink >= 3);
	tmpdir_remove(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_content_is_shared),
		cmocka_unit_test(plain_without_store_or_on_collision),
		cmocka_unit_test(system_files_go_to_the_store),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}

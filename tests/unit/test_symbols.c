// SPDX-License-Identifier: GPL-2.0
/* Kernel symbols from kallsyms fixtures; user symbols from this process. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/ksyms.h"
#include "capture/usyms.h"

static FILE *fixture(const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "r");
	assert_non_null(f);
	return f;
}

static void kallsyms_lookup(void **state)
{
	struct kb_ksyms ks;
	const struct kb_ksym *s;
	FILE *f = fixture("kallsyms");

	(void)state;
	assert_int_equal(kb_ksyms_load(&ks, f), 0);
	fclose(f);
	/* Text symbols only: the A and D lines are not functions. */
	assert_int_equal(ks.n, 9);
	s = kb_ksyms_find(&ks, 0xffffffff81002080);
	assert_string_equal(s->name, "do_syscall_64");
	assert_null(s->module);
	/* The data symbol between must not capture code addresses. */
	s = kb_ksyms_find(&ks, 0xffffffff81002200);
	assert_string_equal(s->name, "do_syscall_64");
	s = kb_ksyms_find(&ks, 0xffffffff81003010);
	assert_string_equal(s->name, "weak_function");
	s = kb_ksyms_find(&ks, 0xffffffffc0a01003);
	assert_string_equal(s->name, "kbench_spin");
	assert_string_equal(s->module, "kbench_test");
	s = kb_ksyms_find(&ks, 0xffffffffc0b00010);
	assert_string_equal(s->module, "kbench");
	assert_null(kb_ksyms_find(&ks, 0xffffffff80000000));
	kb_ksyms_free(&ks);
}

static void hidden_kallsyms_is_refused(void **state)
{
	const char text[] = "0000000000000000 T _stext\n0000000000000000 t foo\t[bar]\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct kb_ksyms ks;

	(void)state;
	assert_non_null(f);
	assert_int_equal(kb_ksyms_load(&ks, f), -EACCES);
	fclose(f);
}

/* Functions the test looks itself up by; noinline keeps them real. */
__attribute__((noinline)) int kb_test_marker_function(int x)
{
	return x * 3 + 1;
}

static void own_functions_resolve(void **state)
{
	struct kb_elf_cache *c = kb_elf_cache_new();
	struct kb_umaps um;
	const char *dso, *name;
	FILE *maps = fopen("/proc/self/maps", "r");
	uint64_t addr = (uint64_t)(uintptr_t)&kb_test_marker_function;

	(void)state;
	assert_non_null(c);
	assert_non_null(maps);
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	fclose(maps);

	name = kb_umaps_find(&um, addr + 2, &dso);
	assert_non_null(name);
	assert_string_equal(name, "kb_test_marker_function");
	assert_non_null(strstr(dso, "test_symbols"));

	/* A libc function, through a shared object's symbols. */
	name = kb_umaps_find(&um, (uint64_t)(uintptr_t)&getppid, &dso);
	assert_non_null(name);
	assert_non_null(strstr(name, "getppid"));
	assert_non_null(strstr(dso, "libc"));

	/* A stack address is in no executable mapping. */
	name = kb_umaps_find(&um, (uint64_t)(uintptr_t)&um, &dso);
	assert_null(name);
	assert_null(dso);

	kb_umaps_free(&um);
	kb_elf_cache_free(c);
	assert_int_equal(kb_test_marker_function(1), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kallsyms_lookup),
		cmocka_unit_test(hidden_kallsyms_is_refused),
		cmocka_unit_test(own_functions_resolve),
	};

	return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/* Kernel symbols from kallsyms fixtures; user symbols from this process. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <libelf.h>
#include <fcntl.h>
#include <cmocka.h>

#include "helpers.h"
#include "capture/ksyms.h"
#include "capture/profile.h"
#include "capture/usyms.h"

/* std::terminate() of the C++ runtime the CLI links for demangling. */
void _ZSt9terminatev(void);

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

/* Frame names: functions, C++ demangled, file offsets, addresses. */
static void frames_are_named(void **state)
{
	struct kb_elf_cache *c = kb_elf_cache_new();
	FILE *maps = fopen("/proc/self/maps", "r");
	uint64_t cxx = (uint64_t)(uintptr_t)&_ZSt9terminatev;
	char gone[] = "00400000-00402000 r-xp 00001000 08:01 7 /gone/prog\n"
		      "00500000-00501000 r-xp 00000000 00:00 0 \n";
	struct kb_umaps um;
	char out[512];

	(void)state;
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	fclose(maps);
	assert_true(um.known);
	assert_int_equal(kb_umaps_frame(&um, (uint64_t)(uintptr_t)&kb_test_marker_function + 1,
					out, sizeof(out)), KB_U_NAMED);
	assert_string_equal(out, "kb_test_marker_function");
	assert_int_equal(kb_umaps_frame(&um, cxx, out, sizeof(out)), KB_U_NAMED);
	assert_string_equal(out, "std::terminate()");
	/* Junk a frame-pointer walk reads is in no executable mapping. */
	assert_false(kb_umaps_covers(&um, 0x3fc999999999999aULL));
	assert_int_equal(kb_umaps_frame(&um, 0x3fc999999999999aULL, out, sizeof(out)),
			 KB_U_OUTSIDE);
	assert_string_equal(out, "0x3fc999999999999a");
	kb_umaps_free(&um);

	/* An unreadable file keeps its name and the offset in it. */
	maps = fmemopen(gone, strlen(gone), "r");
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	fclose(maps);
	assert_int_equal(kb_umaps_frame(&um, 0x400010, out, sizeof(out)), KB_U_MAPPED);
	assert_string_equal(out, "prog+0x1010");
	assert_int_equal(kb_umaps_frame(&um, 0x500020, out, sizeof(out)), KB_U_MAPPED);
	assert_string_equal(out, "[anon]+0x20");
	kb_umaps_free(&um);
	kb_elf_cache_free(c);
}

/* The value of symbol NAME in the ELF file PATH, through libelf. */
static uint64_t elf_symbol(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY);
	Elf *elf;
	Elf_Scn *scn = NULL;
	uint64_t v = 0;

	assert_true(fd >= 0);
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (!v && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d = elf_getdata(scn, NULL);

		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_DYNSYM || !sh.sh_entsize)
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;

			gelf_getsym(d, (int)i, &sym);
			if (!strcmp(elf_strptr(elf, sh.sh_link, sym.st_name), name))
				v = sym.st_value;
		}
	}
	elf_end(elf);
	close(fd);
	return v;
}

/* The vDSO saved with a profile names the frames in [vdso]. */
static void vdso_frames_resolve(void **state)
{
	char *dir = tmpdir_new(), path[4200], why[KB_PROFILE_WHYLEN], out[256];
	struct kb_elf_cache *c = kb_elf_cache_new();
	uint64_t start = 0, end = 0, sym;
	struct kb_umaps um;
	char line[512];
	FILE *maps;

	(void)state;
	assert_int_equal(kb_profile_save_system(dir, NULL, why), 0);
	snprintf(path, sizeof(path), "%s/vdso.so", dir);
	sym = elf_symbol(path, "__vdso_clock_gettime");
	assert_true(sym > 0);
	maps = fopen("/proc/self/maps", "r");
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, "[vdso]"))
			assert_int_equal(sscanf(line, "%lx-%lx", &start, &end), 2);
	rewind(maps);
	assert_true(start && sym < end - start);

	/* Without the image, the frame is the offset in the vDSO. */
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	assert_int_equal(kb_umaps_frame(&um, start + sym, out, sizeof(out)), KB_U_MAPPED);
	snprintf(line, sizeof(line), "[vdso]+0x%lx", sym);
	assert_string_equal(out, line);
	kb_umaps_free(&um);
	kb_elf_cache_free(c);

	c = kb_elf_cache_new();
	assert_int_equal(kb_elf_cache_set_vdso(c, path), 0);
	rewind(maps);
	assert_int_equal(kb_umaps_load(&um, maps, c), 0);
	fclose(maps);
	assert_int_equal(kb_umaps_frame(&um, start + sym + 1, out, sizeof(out)), KB_U_NAMED);
	assert_non_null(strstr(out, "clock_gettime"));
	kb_umaps_free(&um);
	kb_elf_cache_free(c);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kallsyms_lookup),
		cmocka_unit_test(hidden_kallsyms_is_refused),
		cmocka_unit_test(own_functions_resolve),
		cmocka_unit_test(frames_are_named),
		cmocka_unit_test(vdso_frames_resolve),
	};

	return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The rules over a stack that a name table alone cannot make: page zeroing
 * at allocation (a fault's, a kernel setting's, or unknown), the sampling
 * artefact where interrupts come back on, libc's syscall wrappers, and
 * advice only where the pattern supports it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/categories.h"
#include "analysis/fstats.h"
#include "analysis/hotspots.h"
#include "capture/ksyms.h"

static enum kb_category cat(const char *const *frames, size_t n,
			    const struct kb_cat_ctx *ctx)
{
	size_t lens[32];

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(frames[i]);
	return kb_category_stack(frames, lens, n, ctx);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* clear_page under the page allocator: whose cost it is depends on why. */
static void zeroing_at_allocation(void **state)
{
	const char *cache[] = { "kbench", "__pwrite", "vfs_write_[k]",
		"ext4_da_write_begin [ext4]_[k]", "__filemap_get_folio_[k]",
		"folio_alloc_[k]", "__alloc_pages_[k]", "get_page_from_freelist_[k]",
		"clear_page_erms_[k]" };
	const char *anon[] = { "kbench", "op_mmap", "asm_exc_page_fault_[k]",
		"handle_mm_fault_[k]", "__handle_mm_fault_[k]", "vma_alloc_folio_[k]",
		"__folio_alloc_[k]", "__alloc_pages_[k]", "get_page_from_freelist_[k]",
		"clear_page_erms_[k]" };
	const char *slab[] = { "kbench", "do_syscall_64_[k]", "kmem_cache_alloc_[k]",
		"memset_erms_[k]" };
	const char *freed[] = { "kbench", "do_syscall_64_[k]", "kfree_[k]",
		"memset_erms_[k]" };
	const char *plain[] = { "readzero", "vfs_read_[k]", "clear_page_erms_[k]" };
	struct kb_cat_ctx on = { 1, 1 }, off = { 0, 0 };

	(void)state;
	/* A page cache page is zeroed only by init_on_alloc. */
	assert_int_equal(cat(cache, N(cache), &on), KB_CAT_MEMINIT);
	assert_int_equal(cat(cache, N(cache), &off), KB_CAT_ALLOC);
	assert_int_equal(cat(cache, N(cache), NULL), KB_CAT_ZEROING);
	/* A fault's new anonymous page is zeroed whatever the setting. */
	assert_int_equal(cat(anon, N(anon), &on), KB_CAT_FAULT);
	assert_int_equal(cat(anon, N(anon), NULL), KB_CAT_FAULT);
	assert_int_equal(cat(slab, N(slab), &on), KB_CAT_MEMINIT);
	assert_int_equal(cat(freed, N(freed), &on), KB_CAT_MEMINIT);
	assert_int_equal(cat(freed, N(freed), &off), KB_CAT_COPY);
	/* Zeroing outside the allocator stays a copy. */
	assert_int_equal(cat(plain, N(plain), &on), KB_CAT_COPY);
}

/* Where interrupts come back on is an artefact only where the tick landed. */
static void irq_on_only_as_the_leaf(void **state)
{
	const char *leaf[] = { "app", "do_syscall_64_[k]", "try_to_wake_up_[k]",
			       "_raw_spin_unlock_irqrestore_[k]" };
	const char *under[] = { "app", "do_syscall_64_[k]",
				"_raw_spin_unlock_irqrestore_[k]", "mystery_[k]" };
	const char *sched[] = { "app", "schedule_[k]", "finish_task_switch.isra.0_[k]",
				"mystery_[k]" };

	(void)state;
	assert_int_equal(cat(leaf, N(leaf), NULL), KB_CAT_IRQ_ON);
	assert_int_equal(cat(under, N(under), NULL), KB_CAT_LOCKING);
	assert_int_equal(cat(sched, N(sched), NULL), KB_CAT_SCHED);
}

/* PREEMPT_RT's lock functions and migrate_enable/disable are locking. */
static void rt_locks_are_locking(void **state)
{
	const char *open_rt[] = { "app", "__x64_sys_openat_[k]", "do_sys_openat2_[k]",
				  "migrate_enable_[k]" };
	const char *fork_rt[] = { "app", "copy_page_range_[k]", "rt_spin_unlock_[k]" };
	const char *slow[] = { "app", "pipe_write_[k]", "rt_mutex_slowlock.constprop.0_[k]" };

	(void)state;
	assert_int_equal(cat(open_rt, N(open_rt), NULL), KB_CAT_LOCKING);
	assert_int_equal(cat(fork_rt, N(fork_rt), NULL), KB_CAT_LOCKING);
	assert_int_equal(cat(slow, N(slow), NULL), KB_CAT_LOCK);
}

/* libc's wrappers name their syscalls; kernel frames and others do not. */
static void wrappers_name_their_syscall(void **state)
{
	static const struct { const char *frame, *want; } cases[] = {
		{ "__libc_write", "write" }, { "__pwrite", "pwrite64" },
		{ "pread", "pread64" }, { "__GI___libc_read", "read" },
		{ "__open64_nocancel", "open" }, { "fstatat64", "newfstatat" },
		{ "__close_nocancel", "close" }, { "fsync", "fsync" },
		{ "main", NULL }, { "write_[k]", NULL }, { "matmul_ops", NULL },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		bool got = kb_frame_syscall(cases[i].frame, strlen(cases[i].frame),
					    out, sizeof(out));

		if (got != (cases[i].want != NULL) || (got && strcmp(out, cases[i].want)))
			fail_msg("%s: %s, want %s", cases[i].frame, got ? out : "none",
				 cases[i].want ? cases[i].want : "none");
	}
}

static void read_stacks(struct kb_stacks *st, struct kb_fstats *fs, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	size_t line;

	kb_stacks_init(st);
	assert_int_equal(kb_stacks_read(st, f, &line), 0);
	fclose(f);
	assert_int_equal(kb_stacks_sort(st), 0);
	assert_int_equal(kb_fstats_from_stacks(fs, st), 0);
}

/* The advice says what the hotspot adds, and nothing where it was only under. */
static void advice_where_the_pattern_supports_it(void **state)
{
	struct kb_stacks st;
	struct kb_fstats fs;
	struct kb_hotspot *h;
	struct kb_bands b;
	char buf[1024];
	const char *a;
	size_t n;

	(void)state;
	read_stacks(&st, &fs,
		"app;do_syscall_64_[k];wake_it_[k];_raw_spin_unlock_irqrestore_[k] 45\n"
		"app;do_syscall_64_[k];other_[k];_raw_spin_unlock_irqrestore_[k] 15\n"
		"app;main;__libc_write 25\n"
		"app;do_syscall_64_[k];vfs_read_[k];f_[k];g_[k];mystery_[k] 15\n");
	kb_bands_from_threshold(&b, 5);
	assert_int_equal(kb_hotspots_find(&fs, &st, &b, NULL, &h, &n), 0);
	assert_int_equal(n, 3);

	assert_int_equal(h[0].category, KB_CAT_IRQ_ON);
	assert_int_equal(h[0].ncallers, 2);
	assert_string_equal(h[0].callers[0].frame, "wake_it_[k]");
	assert_true(h[0].callers[0].pct > 74.9 && h[0].callers[0].pct < 75.1);
	a = kb_hotspot_advice(&h[0], buf, sizeof(buf));
	assert_non_null(strstr(a, "sampling timer cannot fire while interrupts are off"));
	assert_non_null(strstr(a, "Callers: wake_it_[k] 75 %, other_[k] 25 %."));

	assert_string_equal(h[1].frame, "__libc_write");
	assert_int_equal(h[1].category, KB_CAT_SYSCALL);
	assert_string_equal(h[1].syscall, "write");
	a = kb_hotspot_advice(&h[1], buf, sizeof(buf));
	assert_non_null(strstr(a, "The write(2) syscall's entry and exit"));

	/* Decided three frames up: what it runs under, without advice. */
	assert_string_equal(h[2].frame, "mystery_[k]");
	assert_int_equal(h[2].category, KB_CAT_FS);
	assert_false(h[2].advised);
	assert_null(kb_hotspot_advice(&h[2], buf, sizeof(buf)));
	free(h);
	kb_fstats_free(&fs);
	kb_stacks_free(&st);
}

/* Of several names at one address, the function's, not a section marker's. */
static void kallsyms_prefers_functions_to_markers(void **state)
{
	static const char text[] =
		"ffffffff81201580 T __x86_indirect_thunk_array\n"
		"ffffffff81201580 T __static_call_text_end\n"
		"ffffffff81201580 T __indirect_thunk_start\n"
		"ffffffff812015a0 T __x86_indirect_thunk_rcx\n"
		"ffffffff81000000 T _stext\n"
		"ffffffff81000000 T startup_64\n";
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct kb_ksyms ks;

	(void)state;
	assert_int_equal(kb_ksyms_load(&ks, f), 0);
	fclose(f);
	assert_string_equal(kb_ksyms_find(&ks, 0xffffffff81201585)->name,
			    "__x86_indirect_thunk_array");
	assert_string_equal(kb_ksyms_find(&ks, 0xffffffff81000010)->name, "startup_64");
	kb_ksyms_free(&ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zeroing_at_allocation),
		cmocka_unit_test(irq_on_only_as_the_leaf),
		cmocka_unit_test(rt_locks_are_locking),
		cmocka_unit_test(wrappers_name_their_syscall),
		cmocka_unit_test(advice_where_the_pattern_supports_it),
		cmocka_unit_test(kallsyms_prefers_functions_to_markers),
	};

	return cmocka_run_group_tests_name("categories", tests, NULL, NULL);
}

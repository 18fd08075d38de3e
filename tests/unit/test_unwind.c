// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF unwinding (capture/unwind.h) of this process's own stack, copied
 * as the module copies a sampled task's: the registers getcontext() saw and
 * the stack above them. The chain unwind_outer -> unwind_middle ->
 * unwind_leaf must come back whole, a short copy must end as truncated,
 * and the records must pass the raw-file reader with their stacks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <cmocka.h>

#include "helpers.h"
#include "capture/folded.h"
#include "capture/unwind.h"
#include "capture/usyms.h"
#include "model/samples.h"
#include "model/stacks.h"

#define STACK_BYTES 8192

/* A sample record with room for its IPs and a copied stack. */
struct rec {
	struct kbench_sample s;
	__u64 ips[1];
	struct kbench_sample_ustack us;
	uint8_t stack[STACK_BYTES];
};

static struct rec captured;

/* A copy of raw stack, redzones and all: not for the sanitizer to judge. */
static __attribute__((no_sanitize_address)) void raw_copy(uint8_t *dst,
							   const uint8_t *src,
							   size_t n)
{
	for (size_t i = 0; i < n; i++)
		((volatile uint8_t *)dst)[i] = src[i];
}

/*
 * The end of the mapping that holds ADDR (the stack's top), or ADDR itself
 * when no mapping does: a copy must stop there, as the module's stops at
 * the first page it cannot read. How far the top lies above a frame
 * changes from run to run (the environment, the random stack offset).
 */
static uintptr_t mapping_end(uintptr_t addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi;
	char line[512];
	uintptr_t end = addr;

	if (!f)
		return end;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
			end = hi;
			break;
		}
	fclose(f);
	return end;
}

/*
 * The rest of a capture, out of capture() so that nothing there changes
 * after getcontext() returns (it may return twice): WANT bytes of stack
 * from the captured SP, fewer where the stack ends, and the record.
 */
static __attribute__((noinline)) void copy_stack(uint32_t want)
{
	uintptr_t sp = (uintptr_t)captured.us.regs[KBENCH_UREG_SP];
	uintptr_t end = mapping_end(sp);
	uint32_t flags = KBENCH_SAMPLE_USER_STACK;

	if (end - sp < want) {
		want = (uint32_t)(end - sp);
		flags |= KBENCH_SAMPLE_USTACK_CUT;
	}
	raw_copy(captured.stack, (const uint8_t *)sp, want);
	captured.us.size = want;
	captured.s.flags = flags;
	captured.s.context = KBENCH_CTX_USER;
	captured.s.nr_user = 1;
	captured.s.pid = (uint32_t)getpid();
	captured.s.tid = captured.s.pid;
	captured.ips[0] = captured.us.regs[KBENCH_UREG_IP];
	captured.s.size = sizeof(captured.s) + 8 + sizeof(captured.us) + want;
}

/* Copies the registers and WANT bytes of stack as kmod/ustack.c does. */
static __attribute__((noinline)) void capture(uint32_t want)
{
	ucontext_t uc;
	const greg_t *g = uc.uc_mcontext.gregs;
	static const int order[KBENCH_UREGS] = {
		REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI, REG_RDI, REG_RBP,
		REG_RSP, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
		REG_R14, REG_R15, REG_RIP,
	};

	getcontext(&uc);
	for (int i = 0; i < KBENCH_UREGS; i++)
		captured.us.regs[i] = (uint64_t)g[order[i]];
	copy_stack(want);
}

__attribute__((noinline)) void unwind_leaf(uint32_t want)
{
	capture(want);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void unwind_middle(uint32_t want)
{
	unwind_leaf(want);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void unwind_outer(uint32_t want)
{
	unwind_middle(want);
	__asm__ volatile("" ::: "memory");
}

static void load_self(struct kb_umaps *um, struct kb_elf_cache *c)
{
	FILE *f = fopen("/proc/self/maps", "r");

	assert_non_null(f);
	assert_int_equal(kb_umaps_load(um, f, c), 0);
	fclose(f);
}

/* The names of PCS, innermost first, joined by ';'. */
static void names(const struct kb_umaps *um, const __u64 *pcs, int n,
		  char *out, size_t len)
{
	size_t used = 0;

	out[0] = 0;
	for (int i = 0; i < n && used + 1 < len; i++) {
		char frame[256];

		kb_umaps_frame(um, pcs[i], frame, sizeof(frame));
		used += (size_t)snprintf(out + used, len - used, "%s;", frame);
	}
}

static void whole_chain(void **state)
{
	struct kb_elf_cache *c = kb_elf_cache_new();
	struct kb_umaps um;
	struct kb_unwinder *u;
	enum kb_unwind_end end;
	__u64 pcs[KBENCH_SAMPLE_DEPTH_MAX];
	char chain[8192];
	int n;

	(void)state;
	load_self(&um, c);
	unwind_outer(STACK_BYTES);
	u = kb_unwinder_new(&um, captured.s.pid);
	assert_non_null(u);
	n = kb_unwind(u, &captured.us, pcs, KBENCH_SAMPLE_DEPTH_MAX, &end);
	names(&um, pcs, n, chain, sizeof(chain));
	print_message("unwound %d frames (end %d): %s\n", n, end, chain);
	assert_non_null(strstr(chain, "capture;unwind_leaf;unwind_middle;unwind_outer;whole_chain;"));

	/* 64 bytes hold capture's frame at most: the rest is beyond. */
	unwind_outer(64);
	n = kb_unwind(u, &captured.us, pcs, KBENCH_SAMPLE_DEPTH_MAX, &end);
	assert_int_equal(end, KB_UNWIND_TRUNCATED);
	assert_true(n >= 1 && n < 4);
	kb_unwinder_free(u);
	kb_umaps_free(&um);
	kb_elf_cache_free(c);
}

/* The reader takes a record with a stack, and refuses one whose size lies. */
static void records_with_stacks(void **state)
{
	const struct kbench_sample *s;
	size_t off = 0;
	int err;

	(void)state;
	unwind_outer(256);
	s = kb_samples_next(&captured, captured.s.size, &off, &err);
	assert_non_null(s);
	assert_int_equal(off, captured.s.size);
	assert_non_null(kb_sample_ustack(s));
	assert_int_equal(kb_sample_ustack(s)->size, 256);
	captured.us.size = 264;
	off = 0;
	assert_null(kb_samples_next(&captured, captured.s.size, &off, &err));
	assert_int_equal(err, -EPROTO);
}

/* The folded stack of such a sample names the chain, outermost first. */
static void folded_chain(void **state)
{
	struct kb_folded fo;
	struct kb_stacks st;
	FILE *maps = fopen("/proc/self/maps", "r");
	char *out;
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(maps);
	kb_stacks_init(&st);
	assert_int_equal(kb_folded_init(&fo, NULL, &st), 0);
	unwind_outer(STACK_BYTES);
	assert_int_equal(kb_folded_add_proc(&fo, captured.s.pid, "self", maps), 0);
	fclose(maps);
	assert_int_equal(kb_folded_add(&fo, &captured.s), 0);
	assert_int_equal(fo.dwarf.samples, 1);
	assert_int_equal(fo.dwarf.unwound + fo.dwarf.truncated + fo.dwarf.failed, 1);
	f = open_memstream(&out, &len);
	assert_int_equal(kb_stacks_sort(&st), 0);
	assert_int_equal(kb_stacks_write(&st, f), 0);
	fclose(f);
	assert_non_null(strstr(out, ";folded_chain;unwind_outer;unwind_middle;unwind_leaf;capture 1"));
	free(out);
	kb_folded_free(&fo);
	kb_stacks_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_chain),
		cmocka_unit_test(records_with_stacks),
		cmocka_unit_test(folded_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF unwinding (unwind.h). The process is "attached" to libdwfl with
 * callbacks instead of ptrace: its initial registers and its memory are
 * the ones copied with the sample being unwound. Memory outside the copy
 * cannot be read; the unwind ends there, truncated.
 */
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "unwind.h"

struct kb_unwinder {
	Dwfl *dwfl;
	bool attached;
	const struct kbench_sample_ustack *us;	/* the sample under way */
	__u64 *pcs;
	int n, max;
	bool outside;		/* a read beyond the copied stack */
};

static const Dwfl_Callbacks dwfl_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	if (*thread_argp)
		return 0;
	*thread_argp = arg;
	return dwfl_pid(dwfl);
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	(void)dwfl;
	(void)tid;
	*thread_argp = arg;
	return true;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result,
			void *arg)
{
	struct kb_unwinder *u = arg;
	uint64_t sp = u->us->regs[KBENCH_UREG_SP];

	(void)dwfl;
	if (addr < sp || addr - sp > u->us->size ||
	    u->us->size - (addr - sp) < sizeof(*result)) {
		u->outside = true;
		return false;
	}
	memcpy(result, u->us->stack + (addr - sp), sizeof(*result));
	return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct kb_unwinder *u = arg;
	Dwarf_Word regs[KBENCH_UREGS];

	for (int i = 0; i < KBENCH_UREGS; i++)
		regs[i] = u->us->regs[i];
	if (!dwfl_thread_state_registers(thread, 0, KBENCH_UREGS, regs))
		return false;
	dwfl_thread_state_register_pc(thread, regs[KBENCH_UREG_IP]);
	return true;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* Reports each ELF file of UM once, where UM maps it. */
static void report_maps(Dwfl *dwfl, const struct kb_umaps *um)
{
	dwfl_report_begin(dwfl);
	for (size_t i = 0; i < um->n; i++) {
		uint64_t bias;
		const char *file = kb_map_elf(&um->maps[i], &bias);
		bool seen = false;

		for (size_t j = 0; file && j < i && !seen; j++)
			seen = um->maps[j].elf == um->maps[i].elf;
		if (file && !seen)
			dwfl_report_elf(dwfl, um->maps[i].path, file, -1, bias, true);
	}
	dwfl_report_end(dwfl, NULL, NULL);
}

struct kb_unwinder *kb_unwinder_new(const struct kb_umaps *um, uint32_t pid)
{
	struct kb_unwinder *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!u->dwfl) {
		free(u);
		return NULL;
	}
	report_maps(u->dwfl, um);
	/* Fails without a readable ELF module: then every unwind fails. */
	u->attached = dwfl_attach_state(u->dwfl, NULL, (pid_t)pid,
					&thread_callbacks, u);
	return u;
}

void kb_unwinder_free(struct kb_unwinder *u)
{
	if (!u)
		return;
	dwfl_end(u->dwfl);
	free(u);
}

static int on_frame(Dwfl_Frame *state, void *arg)
{
	struct kb_unwinder *u = arg;
	Dwarf_Addr pc;
	bool activation;

	if (!dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	if (u->n == u->max)
		return DWARF_CB_ABORT;
	u->pcs[u->n++] = activation ? pc : pc - 1;
	return DWARF_CB_OK;
}

int kb_unwind(struct kb_unwinder *u, const struct kbench_sample_ustack *us,
	      __u64 *pcs, int max, enum kb_unwind_end *end)
{
	int ret;

	*end = KB_UNWIND_FAILED;
	if (!u->attached || max <= 0)
		return 0;
	u->us = us;
	u->pcs = pcs;
	u->n = 0;
	u->max = max;
	u->outside = false;
	ret = dwfl_getthread_frames(u->dwfl, dwfl_pid(u->dwfl), on_frame, u);
	/*
	 * A register libdwfl cannot read leaves the caller's pc undefined,
	 * which ends the walk as if at the outermost frame: a read beyond
	 * the copy is what tells a truncated walk from a finished one.
	 */
	if (u->outside || u->n == max)
		*end = KB_UNWIND_TRUNCATED;
	else if (!ret)
		*end = KB_UNWIND_DONE;
	if (!u->n) {
		/* Not even the interrupted IP: keep that much. */
		pcs[0] = us->regs[KBENCH_UREG_IP];
		u->n = 1;
	}
	return u->n;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel symbols from /proc/kallsyms (modules included), by address. */
#ifndef KBENCH_KSYMS_H
#define KBENCH_KSYMS_H

#include <stdint.h>
#include <stdio.h>

struct kb_ksym {
	uint64_t addr;
	const char *name;
	const char *module;	/* NULL for the core kernel */
};

struct kb_ksyms {
	struct kb_ksym *syms;	/* sorted by addr */
	size_t n;
	char *strings;		/* one arena for every name */
	size_t strings_len, strings_cap;
};

/*
 * Reads a kallsyms-format stream (text symbols only). Returns 0, -EACCES
 * when every address reads as zero (kptr_restrict hides them), or -errno.
 */
int kb_ksyms_load(struct kb_ksyms *ks, FILE *f);
void kb_ksyms_free(struct kb_ksyms *ks);

/*
 * The function containing ADDR, or NULL when ADDR is below every symbol.
 * Of several names at one address, a function's wins over a section
 * marker's ("__static_call_text_end").
 */
const struct kb_ksym *kb_ksyms_find(const struct kb_ksyms *ks, uint64_t addr);

#endif

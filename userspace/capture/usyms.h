/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User symbols: a process's executable mappings (from /proc/PID/maps, read
 * while it lives) and the function symbols of each mapped ELF file.
 */
#ifndef KBENCH_USYMS_H
#define KBENCH_USYMS_H

#include <stdint.h>
#include <stdio.h>

struct kb_elf;		/* one ELF file's functions, shared by mappings */

struct kb_map {
	uint64_t start, end, pgoff;
	struct kb_elf *elf;	/* NULL: anonymous, or not an ELF we can read */
	const char *path;
};

struct kb_umaps {
	struct kb_map *maps;	/* sorted by start */
	size_t n;
};

/* A cache of ELF files by path, so each binary is read once per run. */
struct kb_elf_cache;

struct kb_elf_cache *kb_elf_cache_new(void);
void kb_elf_cache_free(struct kb_elf_cache *c);

/* Reads the executable mappings of a maps-format stream. */
int kb_umaps_load(struct kb_umaps *um, FILE *maps, struct kb_elf_cache *c);
void kb_umaps_free(struct kb_umaps *um);

/*
 * Resolves ADDR to a function name. Returns the name, or NULL when the
 * address is in no mapping or in no known function; *DSO gets the mapping's
 * file name (or NULL) either way.
 */
const char *kb_umaps_find(const struct kb_umaps *um, uint64_t addr,
			  const char **dso);

#endif

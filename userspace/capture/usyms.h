/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User symbols: a process's executable mappings (a maps file, captured
 * while it lived or rebuilt from the mapping events) and the function
 * symbols of each mapped ELF file, found through libdwfl: the file's own
 * .symtab, else its separate debug file (by build-id under
 * /usr/lib/debug/.build-id, or by .gnu_debuglink beside it, in .debug/ or
 * under /usr/lib/debug), else its MiniDebugInfo or .dynsym. Debug info is
 * never downloaded (debuginfod is not asked). C++ names are demangled.
 * The vDSO, which is no file, is read from an image saved with the
 * profile (capture/profile.h).
 */
#ifndef KBENCH_USYMS_H
#define KBENCH_USYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kb_elf;		/* one ELF file's functions, shared by mappings */

struct kb_map {
	uint64_t start, end, pgoff;
	struct kb_elf *elf;	/* NULL: anonymous, or not an ELF we can read */
	const char *path;	/* the file, "[vdso]", or NULL (anonymous) */
};

struct kb_umaps {
	struct kb_map *maps;	/* in file order (sorted by start) */
	size_t n;
	bool known;		/* a maps file was read: frames can be judged */
};

/* A cache of ELF files by path, so each binary is read once per profile. */
struct kb_elf_cache;

struct kb_elf_cache *kb_elf_cache_new(void);
void kb_elf_cache_free(struct kb_elf_cache *c);

/*
 * The vDSO image "[vdso]" mappings are symbolized with (a file saved by
 * the recording); NULL or a missing file: vDSO frames keep their offset.
 * 0 or -ENOMEM.
 */
int kb_elf_cache_set_vdso(struct kb_elf_cache *c, const char *path);

/* Reads the executable mappings of a maps-format stream. 0 or -ENOMEM. */
int kb_umaps_load(struct kb_umaps *um, FILE *maps, struct kb_elf_cache *c);
void kb_umaps_free(struct kb_umaps *um);

/* Whether ADDR is in one of UM's executable mappings. */
bool kb_umaps_covers(const struct kb_umaps *um, uint64_t addr);

/* What kb_umaps_frame() found at an address. */
enum kb_ufound {
	KB_U_OUTSIDE,		/* in no executable mapping */
	KB_U_MAPPED,		/* in one, but no symbol covers it */
	KB_U_NAMED,		/* in a function */
};

/*
 * The frame name of ADDR into OUT (LEN bytes): the function (demangled),
 * else "FILE+0xOFFSET" (the offset in the file; "[anon]+0x..." for
 * anonymous code; "[vdso]+0x..." without the vDSO's image), else "0xADDR".
 * In the vDSO's image only its entry points have names: an address in
 * none of them is "[vdso]". Names never hold the folded format's
 * separators (';' and newlines become '_').
 */
enum kb_ufound kb_umaps_frame(const struct kb_umaps *um, uint64_t addr,
			      char *out, size_t len);

/*
 * The ELF file M maps (for "[vdso]", the saved image) and the bias that
 * turns its link-time addresses into M's runtime ones; NULL when M maps
 * no ELF file that could be read.
 */
const char *kb_map_elf(const struct kb_map *m, uint64_t *bias);

/*
 * Resolves ADDR to a function name, demangled. Returns the name (valid
 * while the cache lives), or NULL when the address is in no mapping or in
 * no known function; *DSO gets the mapping's file name (or NULL) either
 * way.
 */
const char *kb_umaps_find(const struct kb_umaps *um, uint64_t addr,
			  const char **dso);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * User symbols (usyms.h). Each ELF file is opened once through libdwfl,
 * which finds its best symbol table (own, separate debug file, MiniDebugInfo
 * or .dynsym); its functions are copied into a sorted table and the file is
 * closed again, so that a system-wide profile does not keep hundreds of
 * files open, and every lookup is a binary search.
 */
#include <errno.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "usyms.h"

/* The C++ runtime's demangler (libstdc++), declared here for C. */
char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

struct kb_fsym {
	uint64_t vaddr, size;	/* link-time address */
	char *name;		/* owned; demangled on first use */
	uint8_t rank;		/* among aliases, the higher wins */
	bool demangled;
};

struct kb_seg {
	uint64_t offset, filesz, vaddr;
};

struct kb_elf {
	char *path;
	struct kb_fsym *syms;	/* sorted by vaddr, one per address */
	size_t n;
	struct kb_seg *segs;	/* PT_LOAD segments */
	size_t nsegs;
	bool ok;		/* read; false: unreadable, remembered as such */
	struct kb_elf *next;
};

struct kb_elf_cache {
	struct kb_elf *head;
	char *vdso;		/* the saved vDSO image, or NULL */
};

static const Dwfl_Callbacks dwfl_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* Global before weak before local; then the fewest leading '_'. */
static uint8_t sym_rank(const GElf_Sym *sym, const char *name)
{
	uint8_t b = GELF_ST_BIND(sym->st_info);
	uint8_t r = b == STB_GLOBAL ? 3 : b == STB_WEAK ? 2 : 1;
	size_t u = strspn(name, "_");

	return (uint8_t)(r * 16 + (u < 15 ? 15 - u : 0));
}

static int by_vaddr(const void *a, const void *b)
{
	const struct kb_fsym *x = a, *y = b;

	if (x->vaddr != y->vaddr)
		return x->vaddr < y->vaddr ? -1 : 1;
	return (y->rank > x->rank) - (y->rank < x->rank);
}

/* Appends one function symbol of MOD. 0, or -ENOMEM. */
static int add_sym(struct kb_elf *e, size_t *cap, const GElf_Sym *sym,
		   const char *name, uint64_t vaddr)
{
	struct kb_fsym *f;

	if (e->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;

		f = realloc(e->syms, nc * sizeof(*f));
		if (!f)
			return -ENOMEM;
		e->syms = f;
		*cap = nc;
	}
	f = &e->syms[e->n];
	f->name = strdup(name);
	if (!f->name)
		return -ENOMEM;
	f->vaddr = vaddr;
	f->size = sym->st_size;
	f->rank = sym_rank(sym, name);
	f->demangled = false;
	e->n++;
	return 0;
}

/* Copies MOD's function symbols (link-time addresses), one per address. */
static int read_syms(struct kb_elf *e, Dwfl_Module *mod, GElf_Addr bias)
{
	int nsyms = dwfl_module_getsymtab(mod);
	size_t cap = 0, out = 0;
	int ret = 0;

	for (int i = 1; i < nsyms && !ret; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr,
							   &shndx, NULL, NULL);
		int type = GELF_ST_TYPE(sym.st_info);

		if (!name || !*name || shndx == SHN_UNDEF || !sym.st_value ||
		    (type != STT_FUNC && type != STT_GNU_IFUNC))
			continue;
		ret = add_sym(e, &cap, &sym, name, addr - bias);
	}
	if (ret || !e->n)
		return ret;
	qsort(e->syms, e->n, sizeof(*e->syms), by_vaddr);
	/* Aliases (write, __write, __libc_write): the best ranked stays. */
	for (size_t i = 1; i < e->n; i++) {
		if (e->syms[i].vaddr == e->syms[out].vaddr) {
			if (!e->syms[out].size)
				e->syms[out].size = e->syms[i].size;
			free(e->syms[i].name);
		} else {
			e->syms[++out] = e->syms[i];
		}
	}
	e->n = out + 1;
	return 0;
}

/* The PT_LOAD segments of ELF. 0, -ENOEXEC or -ENOMEM. */
static int read_segs(struct kb_elf *e, Elf *elf)
{
	size_t nph;

	if (!elf || elf_getphdrnum(elf, &nph))
		return -ENOEXEC;
	e->segs = calloc(nph + 1, sizeof(*e->segs));
	if (!e->segs)
		return -ENOMEM;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD)
			e->segs[e->nsegs++] = (struct kb_seg){ ph.p_offset,
				ph.p_filesz, ph.p_vaddr };
	}
	return e->nsegs ? 0 : -ENOEXEC;
}

/* Reads E->path's segments and functions, then lets the file go. */
static int read_elf(struct kb_elf *e)
{
	Dwfl *dwfl = dwfl_begin(&dwfl_callbacks);
	Dwfl_Module *mod;
	GElf_Addr bias = 0;
	int ret = -ENOEXEC;

	if (!dwfl)
		return -ENOMEM;
	/* At 0: module addresses are the file's own link-time addresses. */
	mod = dwfl_report_elf(dwfl, e->path, e->path, -1, 0, false);
	dwfl_report_end(dwfl, NULL, NULL);
	if (mod)
		ret = read_segs(e, dwfl_module_getelf(mod, &bias));
	if (!ret)
		ret = read_syms(e, mod, bias);
	dwfl_end(dwfl);
	return ret;
}

static void elf_free(struct kb_elf *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->syms[i].name);
	free(e->syms);
	free(e->segs);
	free(e->path);
	free(e);
}

/*
 * The cache's entry for PATH, read on first use (failures are remembered
 * too, so a bad file is not reopened per sample); NULL when out of memory.
 */
static struct kb_elf *elf_entry(struct kb_elf_cache *c, const char *path)
{
	struct kb_elf *e;

	for (e = c->head; e; e = e->next)
		if (!strcmp(e->path, path))
			return e;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->path = strdup(path);
	if (!e->path) {
		free(e);
		return NULL;
	}
	e->ok = !read_elf(e);
	if (!e->ok) {
		for (size_t i = 0; i < e->n; i++)
			free(e->syms[i].name);
		free(e->syms);
		free(e->segs);
		e->syms = NULL;
		e->segs = NULL;
		e->n = e->nsegs = 0;
	}
	e->next = c->head;
	c->head = e;
	return e;
}

struct kb_elf_cache *kb_elf_cache_new(void)
{
	/*
	 * libdwfl asks the debuginfod servers of DEBUGINFOD_URLS for debug
	 * files it cannot find: a profile never waits on the network.
	 */
	unsetenv("DEBUGINFOD_URLS");
	elf_version(EV_CURRENT);
	return calloc(1, sizeof(struct kb_elf_cache));
}

int kb_elf_cache_set_vdso(struct kb_elf_cache *c, const char *path)
{
	char *p = path ? strdup(path) : NULL;

	if (path && !p)
		return -ENOMEM;
	free(c->vdso);
	c->vdso = p;
	return 0;
}

void kb_elf_cache_free(struct kb_elf_cache *c)
{
	struct kb_elf *e, *next;

	if (!c)
		return;
	for (e = c->head; e; e = next) {
		next = e->next;
		elf_free(e);
	}
	free(c->vdso);
	free(c);
}

/* Appends one mapping; "" is anonymous memory. 0 or -ENOMEM. */
static int add_map(struct kb_umaps *um, struct kb_elf_cache *c, uint64_t start,
		   uint64_t end, uint64_t pgoff, const char *path)
{
	struct kb_map *p = realloc(um->maps, (um->n + 1) * sizeof(*p));
	struct kb_map m = { start, end, pgoff, NULL, NULL };
	struct kb_elf *e = NULL;

	if (!p)
		return -ENOMEM;
	um->maps = p;
	/* The cache owns the strings: the file's path, or a literal. */
	if (path[0] == '/') {
		e = elf_entry(c, path);
		if (!e)
			return -ENOMEM;
		m.path = e->path;
	} else if (!strcmp(path, "[vdso]")) {
		e = c->vdso ? elf_entry(c, c->vdso) : NULL;
		if (c->vdso && !e)
			return -ENOMEM;
		m.path = "[vdso]";
	}
	m.elf = e && e->ok ? e : NULL;
	um->maps[um->n++] = m;
	return 0;
}

int kb_umaps_load(struct kb_umaps *um, FILE *maps, struct kb_elf_cache *c)
{
	char line[4352];

	memset(um, 0, sizeof(*um));
	um->known = true;
	while (fgets(line, sizeof(line), maps)) {
		uint64_t start, end, pgoff;
		char perms[8], path[4096] = "";

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095[^\n]",
			   &start, &end, perms, &pgoff, path) < 4 || strlen(perms) < 3 ||
		    perms[2] != 'x' || end <= start)
			continue;
		/* Other special mappings ([vsyscall]) run no user code of ours. */
		if (path[0] && path[0] != '/' && strcmp(path, "[vdso]"))
			continue;
		if (add_map(um, c, start, end, pgoff, path)) {
			kb_umaps_free(um);
			return -ENOMEM;
		}
	}
	return 0;
}

void kb_umaps_free(struct kb_umaps *um)
{
	free(um->maps);
	memset(um, 0, sizeof(*um));
}

static struct kb_fsym *elf_find(const struct kb_elf *e, uint64_t vaddr)
{
	size_t lo = 0, hi = e->n;
	struct kb_fsym *f;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->syms[mid].vaddr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	f = &e->syms[lo - 1];
	/* Sized symbols must contain the address; unsized ones may not lie. */
	if (f->size && vaddr >= f->vaddr + f->size)
		return NULL;
	return f;
}

/* F's name, demangled once (C++ "_Z..." names; others are left). */
static const char *sym_name(struct kb_fsym *f)
{
	char *d;
	int status;

	if (f->demangled)
		return f->name;
	f->demangled = true;
	if (strncmp(f->name, "_Z", 2))
		return f->name;
	d = __cxa_demangle(f->name, NULL, NULL, &status);
	if (d && !status) {
		free(f->name);
		f->name = d;
	} else {
		free(d);
	}
	return f->name;
}

static const struct kb_map *map_of(const struct kb_umaps *um, uint64_t addr)
{
	for (size_t i = 0; i < um->n; i++)
		if (addr >= um->maps[i].start && addr < um->maps[i].end)
			return &um->maps[i];
	return NULL;
}

bool kb_umaps_covers(const struct kb_umaps *um, uint64_t addr)
{
	return map_of(um, addr) != NULL;
}

/* The function of M containing ADDR, or NULL. */
static struct kb_fsym *map_sym(const struct kb_map *m, uint64_t addr)
{
	/* Runtime address -> file offset -> link-time address. */
	uint64_t off = addr - m->start + m->pgoff;

	if (!m->elf)
		return NULL;
	for (size_t s = 0; s < m->elf->nsegs; s++) {
		const struct kb_seg *g = &m->elf->segs[s];

		if (off >= g->offset && off < g->offset + g->filesz)
			return elf_find(m->elf, off - g->offset + g->vaddr);
	}
	return NULL;
}

const char *kb_umaps_find(const struct kb_umaps *um, uint64_t addr,
			  const char **dso)
{
	const struct kb_map *m = map_of(um, addr);
	struct kb_fsym *f = m ? map_sym(m, addr) : NULL;

	*dso = m ? m->path : NULL;
	return f ? sym_name(f) : NULL;
}

/* Copies S into OUT with the folded format's separators replaced. */
static void put_name(char *out, size_t len, const char *s)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len; i++)
		out[i] = s[i] == ';' || s[i] == '\n' || s[i] == '\r' ? '_' : s[i];
	if (len)
		out[i] = 0;
}

enum kb_ufound kb_umaps_frame(const struct kb_umaps *um, uint64_t addr,
			      char *out, size_t len)
{
	const struct kb_map *m = map_of(um, addr);
	struct kb_fsym *f = m ? map_sym(m, addr) : NULL;
	const char *base;
	char buf[512];

	if (f) {
		put_name(out, len, sym_name(f));
		return KB_U_NAMED;
	}
	if (!m) {
		snprintf(out, len, "0x%" PRIx64, addr);
		return KB_U_OUTSIDE;
	}
	/*
	 * The vDSO's image names its entry points only: its inner helpers
	 * have no symbol without the kernel's debug files. It is one place.
	 */
	if (m->elf && m->path && !strcmp(m->path, "[vdso]")) {
		snprintf(out, len, "[vdso]");
		return KB_U_NAMED;
	}
	base = !m->path ? "[anon]" : strrchr(m->path, '/') ?
	       strrchr(m->path, '/') + 1 : m->path;
	snprintf(buf, sizeof(buf), "%s+0x%" PRIx64, base,
		 addr - m->start + m->pgoff);
	put_name(out, len, buf);
	return KB_U_MAPPED;
}

const char *kb_map_elf(const struct kb_map *m, uint64_t *bias)
{
	uint64_t len = m->end - m->start;

	if (!m->elf)
		return NULL;
	/* Runtime address = link-time address + offset - vaddr + start - pgoff. */
	for (size_t s = 0; s < m->elf->nsegs; s++) {
		const struct kb_seg *g = &m->elf->segs[s];

		if (g->offset < m->pgoff + len && g->offset + g->filesz > m->pgoff) {
			*bias = m->start - m->pgoff + g->offset - g->vaddr;
			return m->elf->path;
		}
	}
	return NULL;
}

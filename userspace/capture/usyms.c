// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "usyms.h"

struct kb_fsym {
	uint64_t vaddr, size;
	char *name;
};

struct kb_seg {
	uint64_t offset, filesz, vaddr;
};

struct kb_elf {
	char *path;
	struct kb_fsym *syms;	/* sorted by vaddr */
	size_t n;
	struct kb_seg *segs;	/* PT_LOAD segments */
	size_t nsegs;
	struct kb_elf *next;
};

struct kb_elf_cache {
	struct kb_elf *head;
};

static int by_vaddr(const void *a, const void *b)
{
	const struct kb_fsym *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* Adds the STT_FUNC symbols of one symbol table section. */
static int add_symtab(struct kb_elf *e, Elf *elf, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t count;

	if (!data || !sh->sh_entsize)
		return 0;
	count = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < count; i++) {
		GElf_Sym sym;
		const char *name;
		struct kb_fsym *p;

		if (!gelf_getsym(data, (int)i, &sym) ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC || !sym.st_value)
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		p = realloc(e->syms, (e->n + 1) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		e->syms = p;
		e->syms[e->n].vaddr = sym.st_value;
		e->syms[e->n].size = sym.st_size;
		e->syms[e->n].name = strdup(name);
		if (!e->syms[e->n].name)
			return -ENOMEM;
		e->n++;
	}
	return 0;
}

/* Reads FD's function symbols (.symtab, else .dynsym) and load segments. */
static int read_elf(struct kb_elf *e, int fd)
{
	Elf_Scn *scn = NULL, *dynsym = NULL;
	GElf_Shdr sh, dynsh;
	bool have_symtab = false;
	size_t nph;
	Elf *elf;
	int ret = 0;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getphdrnum(elf, &nph)) {
		ret = -ENOEXEC;
		goto out;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		struct kb_seg *p;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		p = realloc(e->segs, (e->nsegs + 1) * sizeof(*p));
		if (!p) {
			ret = -ENOMEM;
			goto out;
		}
		e->segs = p;
		e->segs[e->nsegs++] = (struct kb_seg){ ph.p_offset, ph.p_filesz,
						       ph.p_vaddr };
	}
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			have_symtab = true;
			ret = add_symtab(e, elf, scn, &sh);
			if (ret)
				goto out;
		} else if (sh.sh_type == SHT_DYNSYM) {
			dynsym = scn;
			dynsh = sh;
		}
	}
	/* A stripped binary still names its exported functions. */
	if (!have_symtab && dynsym)
		ret = add_symtab(e, elf, dynsym, &dynsh);
	if (!ret && e->n)
		qsort(e->syms, e->n, sizeof(*e->syms), by_vaddr);
out:
	elf_end(elf);
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

/* The cached ELF for PATH, read on first use; NULL if it is unreadable. */
static struct kb_elf *elf_get(struct kb_elf_cache *c, const char *path)
{
	struct kb_elf *e;
	int fd;

	for (e = c->head; e; e = e->next)
		if (!strcmp(e->path, path))
			return e->segs ? e : NULL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->path = strdup(path);
	if (!e->path) {
		free(e);
		return NULL;
	}
	/* Remember failures too, so a bad file is not reopened per sample. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read_elf(e, fd)) {
			free(e->segs);
			e->segs = NULL;
			e->nsegs = 0;
		}
		close(fd);
	}
	e->next = c->head;
	c->head = e;
	return e->segs ? e : NULL;
}

struct kb_elf_cache *kb_elf_cache_new(void)
{
	return calloc(1, sizeof(struct kb_elf_cache));
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
	free(c);
}

int kb_umaps_load(struct kb_umaps *um, FILE *maps, struct kb_elf_cache *c)
{
	char line[4096];

	memset(um, 0, sizeof(*um));
	while (fgets(line, sizeof(line), maps)) {
		uint64_t start, end, pgoff;
		char perms[8], path[4096] = "";
		struct kb_map *p;
		struct kb_elf *e;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095[^\n]",
			   &start, &end, perms, &pgoff, path) < 4 || perms[2] != 'x')
			continue;
		e = path[0] == '/' ? elf_get(c, path) : NULL;
		p = realloc(um->maps, (um->n + 1) * sizeof(*p));
		if (!p) {
			kb_umaps_free(um);
			return -ENOMEM;
		}
		um->maps = p;
		/* The ELF cache owns the path string for file mappings. */
		um->maps[um->n++] = (struct kb_map){ start, end, pgoff, e,
						     e ? e->path : NULL };
	}
	return 0;
}

void kb_umaps_free(struct kb_umaps *um)
{
	free(um->maps);
	memset(um, 0, sizeof(*um));
}

static const char *elf_find(const struct kb_elf *e, uint64_t vaddr)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->syms[mid].vaddr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* Sized symbols must contain the address; unsized ones may not lie. */
	if (e->syms[lo - 1].size && vaddr >= e->syms[lo - 1].vaddr + e->syms[lo - 1].size)
		return NULL;
	return e->syms[lo - 1].name;
}

const char *kb_umaps_find(const struct kb_umaps *um, uint64_t addr,
			  const char **dso)
{
	*dso = NULL;
	for (size_t i = 0; i < um->n; i++) {
		const struct kb_map *m = &um->maps[i];
		uint64_t off;

		if (addr < m->start || addr >= m->end)
			continue;
		*dso = m->path;
		if (!m->elf)
			return NULL;
		/* Runtime address -> file offset -> link-time address. */
		off = addr - m->start + m->pgoff;
		for (size_t s = 0; s < m->elf->nsegs; s++) {
			const struct kb_seg *g = &m->elf->segs[s];

			if (off >= g->offset && off < g->offset + g->filesz)
				return elf_find(m->elf, off - g->offset + g->vaddr);
		}
		return NULL;
	}
	return NULL;
}

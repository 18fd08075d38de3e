// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "procmaps.h"

void kb_procmaps_free(struct kb_procmaps *pm)
{
	for (size_t i = 0; i < pm->n; i++)
		free(pm->v[i].path);
	free(pm->v);
	memset(pm, 0, sizeof(*pm));
}

int kb_procmaps_add(struct kb_procmaps *pm, struct kb_vma *v)
{
	if (pm->n == pm->cap) {
		size_t cap = pm->cap ? pm->cap * 2 : 16;
		struct kb_vma *p = realloc(pm->v, cap * sizeof(*p));

		if (!p) {
			free(v->path);
			v->path = NULL;
			return -ENOMEM;
		}
		pm->v = p;
		pm->cap = cap;
	}
	pm->v[pm->n++] = *v;
	v->path = NULL;
	return 0;
}

int kb_procmaps_read(struct kb_procmaps *pm, FILE *f)
{
	char line[4352], perms[8], path[4096];

	while (fgets(line, sizeof(line), f)) {
		struct kb_vma v = { 0 };

		path[0] = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %"
			   SCNu64 " %4095[^\n]", &v.start, &v.end, perms, &v.pgoff,
			   &v.maj, &v.min, &v.ino, path) < 7 || strlen(perms) < 4 ||
		    perms[2] != 'x' || v.end <= v.start ||
		    (path[0] && path[0] != '/' && strcmp(path, "[vdso]")))
			continue;
		v.prot = (perms[0] == 'r' ? PROT_READ : 0) |
			 (perms[1] == 'w' ? PROT_WRITE : 0) | PROT_EXEC;
		v.flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
		v.path = strdup(path);
		if (!v.path || kb_procmaps_add(pm, &v))
			return -ENOMEM;
	}
	return 0;
}

int kb_procmaps_write(const struct kb_procmaps *pm, FILE *f)
{
	for (size_t i = 0; i < pm->n; i++) {
		const struct kb_vma *v = &pm->v[i];

		fprintf(f, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64
			" %02x:%02x %" PRIu64 " ", v->start, v->end,
			v->prot & PROT_READ ? 'r' : '-',
			v->prot & PROT_WRITE ? 'w' : '-',
			v->prot & PROT_EXEC ? 'x' : '-',
			(v->flags & MAP_SHARED) ? 's' : 'p', v->pgoff, v->maj,
			v->min, v->ino);
		for (const char *c = v->path; *c; c++)
			if (*c == '\n')
				fputs("\\012", f);
			else
				fputc(*c, f);
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "folded.h"

int kb_folded_init(struct kb_folded *fo, const struct kb_ksyms *ksyms)
{
	memset(fo, 0, sizeof(*fo));
	fo->ksyms = ksyms;
	fo->elfs = kb_elf_cache_new();
	/* A jansson object is the hash table: stack string -> count. */
	fo->stacks = json_object();
	if (!fo->elfs || !fo->stacks) {
		kb_folded_free(fo);
		return -ENOMEM;
	}
	return 0;
}

void kb_folded_free(struct kb_folded *fo)
{
	for (size_t i = 0; i < fo->nprocs; i++)
		kb_umaps_free(&fo->procs[i].maps);
	free(fo->procs);
	kb_elf_cache_free(fo->elfs);
	json_decref(fo->stacks);
	memset(fo, 0, sizeof(*fo));
}

const struct kb_proc *kb_folded_proc(const struct kb_folded *fo, uint32_t pid)
{
	for (size_t i = 0; i < fo->nprocs; i++)
		if (fo->procs[i].pid == pid)
			return &fo->procs[i];
	return NULL;
}

int kb_folded_add_proc(struct kb_folded *fo, uint32_t pid, const char *comm,
		       FILE *maps)
{
	struct kb_proc *p;
	int ret = 0;

	if (kb_folded_proc(fo, pid))
		return 0;
	p = realloc(fo->procs, (fo->nprocs + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	fo->procs = p;
	p = &fo->procs[fo->nprocs];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%s", comm);
	/* Folded stacks separate frames with ';' and end at a space. */
	for (char *c = p->comm; *c; c++)
		if (*c == ';' || *c == ' ')
			*c = '_';
	if (maps)
		ret = kb_umaps_load(&p->maps, maps, fo->elfs);
	fo->nprocs++;
	return ret;
}

/* Appends "sep + text" to the growing stack string. */
static int append(char **buf, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 2 > *cap) {
		size_t nc = (*cap ? *cap : 256) * 2;
		char *nb;

		while (nc < *len + n + 2)
			nc *= 2;
		nb = realloc(*buf, nc);
		if (!nb)
			return -ENOMEM;
		*buf = nb;
		*cap = nc;
	}
	if (*len)
		(*buf)[(*len)++] = ';';
	memcpy(*buf + *len, text, n + 1);
	*len += n;
	return 0;
}

static void kernel_frame(const struct kb_folded *fo, uint64_t ip, char *out,
			 size_t len)
{
	const struct kb_ksym *k = fo->ksyms ? kb_ksyms_find(fo->ksyms, ip) : NULL;

	if (!k)
		snprintf(out, len, "0x%" PRIx64 "_[k]", ip);
	else if (k->module)
		snprintf(out, len, "%s [%s]_[k]", k->name, k->module);
	else
		snprintf(out, len, "%s_[k]", k->name);
}

static void user_frame(const struct kb_proc *p, uint64_t ip, char *out,
		       size_t len)
{
	const char *dso = NULL, *name = p ? kb_umaps_find(&p->maps, ip, &dso) : NULL;

	if (name)
		snprintf(out, len, "%s", name);
	else if (dso)
		snprintf(out, len, "%s+0x%" PRIx64, strrchr(dso, '/') ?
			 strrchr(dso, '/') + 1 : dso, ip);
	else
		snprintf(out, len, "0x%" PRIx64, ip);
}

int kb_folded_add(struct kb_folded *fo, const struct kbench_sample *s)
{
	const struct kb_proc *p = kb_folded_proc(fo, s->pid);
	size_t len = 0, cap = 0;
	char *stack = NULL, frame[512], comm[48];
	json_t *old;
	int ret;

	if (s->context == KBENCH_CTX_IDLE)
		snprintf(comm, sizeof(comm), "swapper");
	else if (p)
		snprintf(comm, sizeof(comm), "%s", p->comm);
	else
		snprintf(comm, sizeof(comm), "pid-%" PRIu32, s->pid);
	ret = append(&stack, &len, &cap, comm);
	/* Root first: user frames outermost-in, then kernel frames. */
	for (int i = s->nr_user - 1; !ret && i >= 0; i--) {
		user_frame(p, s->ips[s->nr_kernel + i], frame, sizeof(frame));
		ret = append(&stack, &len, &cap, frame);
	}
	for (int i = s->nr_kernel - 1; !ret && i >= 0; i--) {
		kernel_frame(fo, s->ips[i], frame, sizeof(frame));
		ret = append(&stack, &len, &cap, frame);
	}
	if (!ret) {
		old = json_object_get(fo->stacks, stack);
		ret = json_object_set_new(fo->stacks, stack,
					  json_integer((old ? json_integer_value(old) : 0) + 1));
		ret = ret ? -ENOMEM : 0;
	}
	if (!ret)
		fo->samples++;
	free(stack);
	return ret;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kb_folded_write(const struct kb_folded *fo, FILE *f)
{
	size_t n = json_object_size(fo->stacks), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	const char *key;
	json_t *val;

	if (!keys)
		return -ENOMEM;
	json_object_foreach(fo->stacks, key, val)
		keys[i++] = key;
	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 0; i < n; i++)
		fprintf(f, "%s %" JSON_INTEGER_FORMAT "\n", keys[i],
			json_integer_value(json_object_get(fo->stacks, keys[i])));
	free(keys);
	return ferror(f) ? -EIO : 0;
}

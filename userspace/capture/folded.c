// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "folded.h"
#include "model/samples.h"
#include "util/util.h"

int kb_folded_init(struct kb_folded *fo, const struct kb_ksyms *ksyms,
		   struct kb_stacks *st)
{
	memset(fo, 0, sizeof(*fo));
	fo->ksyms = ksyms;
	fo->stacks = st;
	fo->elfs = kb_elf_cache_new();
	return fo->elfs ? 0 : -ENOMEM;
}

int kb_folded_set_vdso(struct kb_folded *fo, const char *path)
{
	return kb_elf_cache_set_vdso(fo->elfs, path);
}

void kb_folded_free(struct kb_folded *fo)
{
	for (size_t i = 0; i < fo->nprocs; i++) {
		kb_unwinder_free(fo->procs[i].unw);
		kb_umaps_free(&fo->procs[i].maps);
	}
	free(fo->procs);
	kb_elf_cache_free(fo->elfs);
	free(fo->buf);
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

/* Appends "sep + text" to the stack being built, LEN bytes so far. */
static int append(struct kb_folded *fo, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 2 > fo->cap) {
		size_t nc = (fo->cap ? fo->cap : 256) * 2;
		char *nb;

		while (nc < *len + n + 2)
			nc *= 2;
		nb = realloc(fo->buf, nc);
		if (!nb)
			return -ENOMEM;
		fo->buf = nb;
		fo->cap = nc;
	}
	if (*len)
		fo->buf[(*len)++] = ';';
	memcpy(fo->buf + *len, text, n + 1);
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

/*
 * Appends S's user frames, outermost first. Against the process's captured
 * mappings, the walk ends at the first frame in none of its executable
 * ones: a frame-pointer walk through code built without frame pointers
 * reads junk from there on, so the rest is one "[unknown]" frame.
 */
/*
 * Unwinds S's copied user stack into PCS (innermost first); returns how
 * many, with *CUT set when the unwind stopped short of the outermost
 * frame. -ENOMEM when no unwinder could be made.
 */
static int unwind_user(struct kb_folded *fo, struct kb_proc *p,
		       const struct kbench_sample *s,
		       const struct kbench_sample_ustack *us, __u64 *pcs,
		       bool *cut)
{
	struct kb_dwarf_stats *d = &fo->dwarf;
	enum kb_unwind_end end;
	uint64_t t0 = kb_now_ns();
	int n;

	if (!p->unw) {
		p->unw = kb_unwinder_new(&p->maps, s->pid);
		if (!p->unw)
			return -ENOMEM;
	}
	n = kb_unwind(p->unw, us, pcs, KBENCH_SAMPLE_DEPTH_MAX, &end);
	d->unwind_ns += kb_now_ns() - t0;
	d->samples++;
	d->stack_bytes += us->size;
	d->cut += !!(s->flags & KBENCH_SAMPLE_USTACK_CUT);
	d->unwound += end == KB_UNWIND_DONE;
	d->truncated += end == KB_UNWIND_TRUNCATED;
	d->failed += end == KB_UNWIND_FAILED;
	*cut = end != KB_UNWIND_DONE;
	return n;
}

static int add_user(struct kb_folded *fo, struct kb_proc *p,
		    const struct kbench_sample *s, size_t *len)
{
	const struct kbench_sample_ustack *us = kb_sample_ustack(s);
	__u64 pcs[KBENCH_SAMPLE_DEPTH_MAX];
	const __u64 *ips = s->ips + s->nr_kernel;
	int n = s->nr_user, ret = 0;
	bool cut = false;
	char frame[512];

	if (us && p && p->maps.known) {
		n = unwind_user(fo, p, s, us, pcs, &cut);
		if (n < 0)
			return n;
		ips = pcs;
		if (cut) {
			fo->user_cut++;
			ret = append(fo, len, "[unknown]");
		}
	}
	for (int i = 0; !cut && p && p->maps.known && i < n; i++) {
		if (!kb_umaps_covers(&p->maps, ips[i])) {
			n = i;
			fo->user_cut++;
			ret = append(fo, len, "[unknown]");
			break;
		}
	}
	for (int i = n - 1; !ret && i >= 0; i--) {
		if (p)
			kb_umaps_frame(&p->maps, ips[i], frame, sizeof(frame));
		else
			snprintf(frame, sizeof(frame), "0x%" PRIx64, (uint64_t)ips[i]);
		ret = append(fo, len, frame);
	}
	return ret;
}

int kb_folded_add(struct kb_folded *fo, const struct kbench_sample *s)
{
	struct kb_proc *p = (struct kb_proc *)kb_folded_proc(fo, s->pid);
	char frame[512], comm[48];
	size_t len = 0;
	int ret;

	if (s->context == KBENCH_CTX_IDLE)
		snprintf(comm, sizeof(comm), "swapper");
	else if (p)
		snprintf(comm, sizeof(comm), "%s", p->comm);
	else
		snprintf(comm, sizeof(comm), "pid-%" PRIu32, s->pid);
	ret = append(fo, &len, comm);
	/* Root first: user frames outermost-in, then kernel frames. */
	if (!ret)
		ret = add_user(fo, p, s, &len);
	for (int i = s->nr_kernel - 1; !ret && i >= 0; i--) {
		kernel_frame(fo, s->ips[i], frame, sizeof(frame));
		ret = append(fo, &len, frame);
	}
	if (!ret)
		ret = kb_stacks_add_stack(fo->stacks, fo->buf, len, 1);
	if (!ret)
		fo->samples++;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "mmap_events.h"

/* Mappings kept per process: beyond this, a JIT or a leak; counted lost. */
#define MAPS_MAX 4096
/* The smallest ring worth having when the locked-memory budget is short. */
#define RING_MIN_BYTES (16 * 1024)
/* Records copied out per poll kept allocated between polls. */
#define BATCH_KEEP_BYTES (1024 * 1024)

/* Records as the kernel writes them (linux/perf_event.h, enum perf_event_type). */
struct rec_mmap2 {
	struct perf_event_header h;
	uint32_t pid, tid;
	uint64_t addr, len, pgoff;
	uint32_t maj, min;
	uint64_t ino, ino_generation;
	uint32_t prot, flags;
	char filename[];
};

struct rec_comm {
	struct perf_event_header h;
	uint32_t pid, tid;
	char comm[];
};

/* PERF_RECORD_FORK and PERF_RECORD_EXIT */
struct rec_task {
	struct perf_event_header h;
	uint32_t pid, ppid, tid, ptid;
	uint64_t time;
};

struct rec_lost {
	struct perf_event_header h;
	uint64_t id, lost;
};

/* What sample_id_all appends to every record, for sample_type TID | TIME. */
struct trailer {
	uint32_t pid, tid;
	uint64_t time;
};

struct umap {
	uint64_t start, end, pgoff, ino;
	uint64_t time;		/* of the event that made it */
	uint32_t maj, min, prot, flags;
	char *path;
};

struct proc {
	uint32_t pid;
	uint32_t ppid;		/* from a fork we saw; 0: unknown */
	bool exited;
	bool keep;		/* sampled, and /proc missed it: never forgotten */
	/* The mappings are all there are: an exec (or a fork of one) was seen. */
	bool based;
	uint64_t exec_time, comm_time;
	char comm[16];		/* "": unknown */
	struct umap *maps;	/* sorted by start, never overlapping */
	size_t n, cap;
	struct proc *next;	/* hash chain */
};

struct ring {
	struct perf_event_mmap_page *pg;
	uint8_t *data;
	uint64_t size;		/* bytes, a power of two */
	void *map;
	size_t maplen;
	int fd;
};

/* A record copied out of a ring, ordered by time across CPUs. */
struct ref {
	uint64_t time;
	size_t off;		/* in batch */
};

struct kb_mmev {
	struct ring *rings;
	size_t nrings;
	struct proc **tab;	/* by pid */
	size_t nbuckets, nprocs;
	uint8_t *batch;
	size_t blen, bcap;
	struct ref *refs;
	size_t nrefs, crefs;
	uint64_t lost;
};

static struct kb_mmev *mmev_new(size_t nrings)
{
	struct kb_mmev *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->nbuckets = 256;
	m->tab = calloc(m->nbuckets, sizeof(*m->tab));
	m->rings = calloc(nrings ? nrings : 1, sizeof(*m->rings));
	if (!m->tab || !m->rings) {
		free(m->tab);
		free(m->rings);
		free(m);
		return NULL;
	}
	return m;
}

/* --- processes and their mappings --- */

static struct proc *proc_find(const struct kb_mmev *m, uint32_t pid)
{
	struct proc *p;

	for (p = m->tab[pid & (m->nbuckets - 1)]; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

static void maps_clear(struct proc *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	free(p->maps);
	p->maps = NULL;
	p->n = p->cap = 0;
}

static void proc_free(struct proc *p)
{
	maps_clear(p);
	free(p);
}

static void rehash(struct kb_mmev *m)
{
	size_t nb = m->nbuckets * 2;
	struct proc **tab = calloc(nb, sizeof(*tab));

	if (!tab)
		return;		/* longer chains, still correct */
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct proc *p, *next;

		for (p = m->tab[i]; p; p = next) {
			next = p->next;
			p->next = tab[p->pid & (nb - 1)];
			tab[p->pid & (nb - 1)] = p;
		}
	}
	free(m->tab);
	m->tab = tab;
	m->nbuckets = nb;
}

static struct proc *proc_get(struct kb_mmev *m, uint32_t pid)
{
	struct proc *p = proc_find(m, pid);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->next = m->tab[pid & (m->nbuckets - 1)];
	m->tab[pid & (m->nbuckets - 1)] = p;
	if (++m->nprocs > 2 * m->nbuckets)
		rehash(m);
	return p;
}

static bool maps_grow(struct proc *p)
{
	struct umap *n;
	size_t cap;

	if (p->n < p->cap)
		return true;
	cap = p->cap ? p->cap * 2 : 16;
	n = realloc(p->maps, cap * sizeof(*n));
	if (!n)
		return false;
	p->maps = n;
	p->cap = cap;
	return true;
}

/*
 * Removes [START, END) from P's mappings, as a new mapping over it does
 * in the kernel: covered ones go, overlapped ones are trimmed or split.
 */
static void maps_cut(struct kb_mmev *m, struct proc *p, uint64_t start,
		     uint64_t end)
{
	for (size_t i = 0; i < p->n;) {
		struct umap *u = &p->maps[i];

		if (u->end <= start || u->start >= end) {
			i++;
		} else if (u->start < start && u->end > end) {
			struct umap right = *u;

			right.path = strdup(u->path);
			u->end = start;
			if (!right.path || !maps_grow(p)) {
				free(right.path);
				m->lost++;
				return;
			}
			right.pgoff += end - right.start;
			right.start = end;
			memmove(&p->maps[i + 2], &p->maps[i + 1],
				(p->n - i - 1) * sizeof(*p->maps));
			p->maps[i + 1] = right;
			p->n++;
			return;
		} else if (u->start < start) {
			u->end = start;
			i++;
		} else if (u->end > end) {
			u->pgoff += end - u->start;
			u->start = end;
			i++;
		} else {
			free(u->path);
			memmove(u, u + 1, (p->n - i - 1) * sizeof(*u));
			p->n--;
		}
	}
}

/* Adds U (taking its path) over whatever P had mapped there. */
static void maps_add(struct kb_mmev *m, struct proc *p, struct umap *u)
{
	size_t i;

	maps_cut(m, p, u->start, u->end);
	/*
	 * Files, the vDSO and anonymous code (a JIT's, "//anon": kept with
	 * no path, as /proc/PID/maps shows it): every place user code can
	 * run, so that a frame in none of them is known to be junk. Other
	 * special mappings run no user code.
	 */
	if (u->path && !strcmp(u->path, "//anon"))
		u->path[0] = 0;
	if (!u->path || (u->path[0] && u->path[0] != '/' && strcmp(u->path, "[vdso]")) ||
	    (u->path[0] == '/' && u->path[1] == '/')) {
		free(u->path);
		return;
	}
	if (p->n >= MAPS_MAX || !maps_grow(p)) {
		free(u->path);
		m->lost++;
		return;
	}
	for (i = p->n; i > 0 && p->maps[i - 1].start > u->start; i--)
		;
	memmove(&p->maps[i + 1], &p->maps[i], (p->n - i) * sizeof(*u));
	p->maps[i] = *u;
	p->n++;
}

/* Copies the mappings of FROM that existed at TIME into TO. */
static void maps_copy(struct kb_mmev *m, struct proc *to,
		      const struct proc *from, uint64_t time)
{
	for (size_t i = 0; i < from->n; i++) {
		struct umap u = from->maps[i];

		if (u.time > time)
			continue;
		u.path = strdup(u.path);
		if (!u.path) {
			m->lost++;
			continue;
		}
		maps_add(m, to, &u);
	}
}

/* --- applying records --- */

static uint64_t rec_time(const struct perf_event_header *h)
{
	struct trailer t;

	if (h->size < sizeof(*h) + sizeof(t))
		return 0;
	memcpy(&t, (const uint8_t *)h + h->size - sizeof(t), sizeof(t));
	return t.time;
}

/* The record's variable part: from OFF to where the trailer begins. */
static size_t var_len(const struct perf_event_header *h, size_t off)
{
	size_t end = h->size - sizeof(struct trailer);

	return h->size >= off + sizeof(struct trailer) ? end - off : 0;
}

static void on_mmap2(struct kb_mmev *m, const struct rec_mmap2 *r, uint64_t t)
{
	size_t len = var_len(&r->h, sizeof(*r));
	struct umap u = { 0 };
	struct proc *p;

	if (r->h.size < sizeof(*r) || !(r->prot & PROT_EXEC) || !r->len ||
	    r->addr + r->len < r->addr)
		return;
	p = proc_get(m, r->pid);
	if (!p) {
		m->lost++;
		return;
	}
	/* A mapping of the image an exec we applied already replaced. */
	if (t < p->exec_time)
		return;
	u.start = r->addr;
	u.end = r->addr + r->len;
	u.pgoff = r->pgoff;
	u.time = t;
	u.prot = r->prot;
	u.flags = r->flags;
	if (!(r->h.misc & PERF_RECORD_MISC_MMAP_BUILD_ID)) {
		u.maj = r->maj;
		u.min = r->min;
		u.ino = r->ino;
	}
	u.path = strndup(r->filename, len);
	if (!u.path) {
		m->lost++;
		return;
	}
	maps_add(m, p, &u);
}

static void on_comm(struct kb_mmev *m, const struct rec_comm *r, uint64_t t)
{
	size_t len = var_len(&r->h, sizeof(*r));
	struct proc *p;

	/* A thread's own name; /proc/PID/comm is the group leader's. */
	if (r->h.size < sizeof(*r) || r->pid != r->tid)
		return;
	p = proc_get(m, r->pid);
	if (!p) {
		m->lost++;
		return;
	}
	if ((r->h.misc & PERF_RECORD_MISC_COMM_EXEC) && t >= p->exec_time) {
		/* A new image: what was mapped before it is gone. */
		size_t keep = 0;

		for (size_t i = 0; i < p->n; i++) {
			if (p->maps[i].time < t)
				free(p->maps[i].path);
			else
				p->maps[keep++] = p->maps[i];
		}
		p->n = keep;
		p->exec_time = t;
		p->based = true;
	}
	if (t >= p->comm_time) {
		if (len >= sizeof(p->comm))
			len = sizeof(p->comm) - 1;
		memcpy(p->comm, r->comm, len);
		p->comm[len] = 0;
		p->comm[strcspn(p->comm, "\n")] = 0;
		p->comm_time = t;
	}
}

static void on_fork(struct kb_mmev *m, const struct rec_task *r, uint64_t t)
{
	struct proc *c, *parent;

	if (r->h.size < sizeof(*r) || r->pid == r->ppid)
		return;		/* a new thread shares its process's maps */
	c = proc_get(m, r->pid);
	if (!c) {
		m->lost++;
		return;
	}
	/* Whatever had this pid before exited; the child starts afresh. */
	maps_clear(c);
	c->exited = false;
	c->based = false;
	c->exec_time = 0;
	c->comm[0] = 0;
	c->comm_time = t;
	c->ppid = r->ppid;
	parent = proc_find(m, r->ppid);
	if (parent) {
		/* The child has the parent's mappings and name from the fork. */
		maps_copy(m, c, parent, t);
		c->based = parent->based;
		if (parent->comm_time <= t)
			memcpy(c->comm, parent->comm, sizeof(c->comm));
	}
}

static void on_exit_rec(struct kb_mmev *m, const struct rec_task *r)
{
	struct proc *p;

	if (r->h.size < sizeof(*r) || r->pid != r->tid)
		return;		/* a thread, not the process */
	p = proc_find(m, r->pid);
	if (p)
		p->exited = true;
}

static void apply(struct kb_mmev *m, const struct perf_event_header *h,
		  uint64_t t)
{
	switch (h->type) {
	case PERF_RECORD_MMAP2:
		on_mmap2(m, (const struct rec_mmap2 *)h, t);
		break;
	case PERF_RECORD_COMM:
		on_comm(m, (const struct rec_comm *)h, t);
		break;
	case PERF_RECORD_FORK:
		on_fork(m, (const struct rec_task *)h, t);
		break;
	case PERF_RECORD_EXIT:
		on_exit_rec(m, (const struct rec_task *)h);
		break;
	case PERF_RECORD_LOST:
		if (h->size >= sizeof(struct rec_lost))
			m->lost += ((const struct rec_lost *)h)->lost;
		break;
	default:
		break;		/* nothing we asked for, or nothing we need */
	}
}

/* --- reading the rings --- */

/* Copies LEN bytes at OFF of R's data, which may wrap at its end. */
static void ring_copy(const struct ring *r, uint64_t off, void *dst, size_t len)
{
	size_t first = r->size - off < len ? (size_t)(r->size - off) : len;

	memcpy(dst, r->data + off, first);
	memcpy((uint8_t *)dst + first, r->data, len - first);
}

/* Room for LEN bytes at the end of the batch (8-byte aligned); NULL: no memory. */
static void *batch_reserve(struct kb_mmev *m, size_t len)
{
	size_t need = m->blen + ((len + 7) & ~(size_t)7);

	if (need > m->bcap) {
		size_t cap = m->bcap ? m->bcap : 65536;
		uint8_t *b;

		while (cap < need)
			cap *= 2;
		b = realloc(m->batch, cap);
		if (!b)
			return NULL;
		m->batch = b;
		m->bcap = cap;
	}
	if (m->nrefs == m->crefs) {
		size_t cap = m->crefs ? m->crefs * 2 : 1024;
		struct ref *r = realloc(m->refs, cap * sizeof(*r));

		if (!r)
			return NULL;
		m->refs = r;
		m->crefs = cap;
	}
	return m->batch + m->blen;
}

/* Copies every complete record of R into the batch and frees its space. */
static void ring_read(struct kb_mmev *m, struct ring *r)
{
	uint64_t head = __atomic_load_n(&r->pg->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->pg->data_tail;

	while (head - tail >= sizeof(struct perf_event_header)) {
		struct perf_event_header h;
		uint64_t off = tail & (r->size - 1);
		void *dst;

		ring_copy(r, off, &h, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail) {
			/* Cannot happen with a sane kernel: drop the rest. */
			m->lost++;
			tail = head;
			break;
		}
		dst = batch_reserve(m, h.size);
		if (dst) {
			ring_copy(r, off, dst, h.size);
			m->refs[m->nrefs++] = (struct ref){
				rec_time(dst), m->blen };
			m->blen += (h.size + 7) & ~(size_t)7;
		} else {
			m->lost++;
		}
		tail += h.size;
	}
	/* The kernel may reuse the space once it sees the new tail. */
	__atomic_store_n(&r->pg->data_tail, tail, __ATOMIC_RELEASE);
}

static int by_time(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

void kb_mmev_poll(struct kb_mmev *m)
{
	for (size_t i = 0; i < m->nrings; i++) {
		struct ring *r = &m->rings[i];

		if (__atomic_load_n(&r->pg->data_head, __ATOMIC_ACQUIRE) !=
		    r->pg->data_tail)
			ring_read(m, r);
	}
	if (!m->nrefs)
		return;
	/*
	 * Each ring is in order, but a process moves between CPUs: an exec
	 * on one must come before the mappings it makes on another.
	 */
	qsort(m->refs, m->nrefs, sizeof(*m->refs), by_time);
	for (size_t i = 0; i < m->nrefs; i++)
		apply(m, (const struct perf_event_header *)(m->batch + m->refs[i].off),
		      m->refs[i].time);
	m->nrefs = 0;
	m->blen = 0;
	/* A burst needs not keep its memory for the rest of the recording. */
	if (m->bcap > BATCH_KEEP_BYTES) {
		free(m->batch);
		m->batch = NULL;
		m->bcap = 0;
	}
}

/* --- opening --- */

static int open_event(int cpu, uint32_t watermark)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_DUMMY;
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a.sample_id_all = 1;
	/* Executable mappings only (no mmap_data), names, forks and exits. */
	a.mmap = 1;
	a.mmap2 = 1;
	a.comm = 1;
	a.comm_exec = 1;
	a.task = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	/* Nobody waits on the fd: a full-ring watermark spares the wakeups. */
	a.watermark = 1;
	a.wakeup_watermark = watermark;
	return (int)syscall(SYS_perf_event_open, &a, -1, cpu, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

/*
 * Maps FD's ring: one metadata page and BYTES of data, fewer when the
 * locked-memory budget (perf_event_mlock_kb, RLIMIT_MEMLOCK) is short.
 */
static int ring_map(struct ring *r, int fd, size_t bytes, size_t page)
{
	for (;;) {
		r->maplen = page + bytes;
		r->map = mmap(NULL, r->maplen, PROT_READ | PROT_WRITE, MAP_SHARED,
			      fd, 0);
		if (r->map != MAP_FAILED)
			break;
		if ((errno != EPERM && errno != ENOMEM) ||
		    bytes / 2 < RING_MIN_BYTES || bytes / 2 < page) {
			r->map = NULL;
			return -errno;
		}
		bytes /= 2;
	}
	r->fd = fd;
	r->pg = r->map;
	r->data = (uint8_t *)r->map + page;
	r->size = bytes;
	return 0;
}

int kb_mmev_open(struct kb_mmev **mp, uint32_t data_kb)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), bytes = page;
	struct kb_mmev *m;
	int ret = -ENODEV;

	/* A power of two of pages, as perf requires. */
	while (bytes < (size_t)data_kb * 1024)
		bytes *= 2;
	if (ncpus < 1)
		ncpus = 1;
	m = mmev_new((size_t)ncpus);
	if (!m)
		return -ENOMEM;
	for (int cpu = 0; cpu < ncpus; cpu++) {
		int fd = open_event(cpu, (uint32_t)bytes);

		if (fd < 0 && errno == ENODEV)
			continue;	/* offline */
		if (fd < 0) {
			ret = -errno;
			goto err;
		}
		ret = ring_map(&m->rings[m->nrings], fd, bytes, page);
		if (ret) {
			close(fd);
			goto err;
		}
		m->nrings++;
	}
	if (!m->nrings)
		goto err;
	*mp = m;
	return 0;
err:
	kb_mmev_close(m);
	return ret;
}

/* --- the processes, when the recording asks --- */

void kb_mmev_keep(struct kb_mmev *m, uint32_t pid)
{
	struct proc *p = proc_get(m, pid);

	if (p)
		p->keep = true;
	else
		m->lost++;
}

void kb_mmev_forget_exited(struct kb_mmev *m)
{
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct proc **pp = &m->tab[i];

		while (*pp) {
			struct proc *p = *pp;

			if (p->exited && !p->keep) {
				*pp = p->next;
				proc_free(p);
				m->nprocs--;
			} else {
				pp = &p->next;
			}
		}
	}
}

uint32_t kb_mmev_base_pid(const struct kb_mmev *m, uint32_t pid)
{
	const struct proc *p = proc_find(m, pid);

	return p && !p->based ? p->ppid : 0;
}

/* Lays BASE's mappings (a maps file's, in file order) into P. */
static void maps_from_vmas(struct kb_mmev *m, struct proc *p,
			   const struct kb_procmaps *base)
{
	for (size_t i = 0; i < base->n; i++) {
		const struct kb_vma *v = &base->v[i];
		struct umap u = { v->start, v->end, v->pgoff, v->ino, 0, v->maj,
				  v->min, v->prot, v->flags, strdup(v->path) };

		if (!u.path) {
			m->lost++;
			continue;
		}
		maps_add(m, p, &u);
	}
}

/* Moves VIEW's mappings (sorted, not overlapping) into OUT. */
static int maps_to_vmas(struct proc *view, struct kb_procmaps *out)
{
	for (size_t i = 0; i < view->n; i++) {
		struct umap *u = &view->maps[i];
		struct kb_vma v = { u->start, u->end, u->pgoff, u->ino, u->maj,
				    u->min, u->prot, u->flags, u->path };

		u->path = NULL;
		if (kb_procmaps_add(out, &v))
			return -ENOMEM;
	}
	return 0;
}

int kb_mmev_proc(struct kb_mmev *m, uint32_t pid,
		 const struct kb_procmaps *base, struct kb_procmaps *out)
{
	struct proc *p = proc_find(m, pid), view = { .pid = pid };
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!p)
		return -ENOENT;
	/*
	 * A child of a process that was there before the recording has what
	 * its parent had mapped then: BASE, with what the child mapped since
	 * laid over it.
	 */
	if (base) {
		maps_from_vmas(m, &view, base);
		snprintf(out->comm, sizeof(out->comm), "%s", base->comm);
	}
	maps_copy(m, &view, p, UINT64_MAX);
	if (p->comm[0])
		snprintf(out->comm, sizeof(out->comm), "%s", p->comm);
	if (!out->comm[0] && !view.n)
		ret = -ENOENT;
	else if (!out->comm[0])
		snprintf(out->comm, sizeof(out->comm), "pid-%" PRIu32, pid);
	if (!ret)
		ret = maps_to_vmas(&view, out);
	maps_clear(&view);
	if (ret)
		kb_procmaps_free(out);
	return ret;
}

uint64_t kb_mmev_lost(const struct kb_mmev *m)
{
	return m->lost;
}

void kb_mmev_close(struct kb_mmev *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nrings; i++) {
		if (m->rings[i].map)
			munmap(m->rings[i].map, m->rings[i].maplen);
		if (m->rings[i].fd >= 0)
			close(m->rings[i].fd);
	}
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct proc *p, *next;

		for (p = m->tab[i]; p; p = next) {
			next = p->next;
			proc_free(p);
		}
	}
	free(m->tab);
	free(m->rings);
	free(m->batch);
	free(m->refs);
	free(m);
}

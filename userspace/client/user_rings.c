// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <linux/kbench.h>

#include "user_rings.h"
#include "util/fileio.h"

#define POSSIBLE_PATH "/sys/devices/system/cpu/possible"

struct kb_user_rings {
	uint8_t *base;
	size_t len, slot, page;
	uint64_t ring_size;
	unsigned int ids;
};

int kb_cpulist_ids(const char *list, unsigned int *ids)
{
	unsigned long hi = 0;
	bool any = false;
	const char *p = list;

	while (*p && *p != '\n') {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p || *p == '-' || *p == '+')
			return -EINVAL;
		p = end;
		if (*p == '-') {
			b = strtoul(++p, &end, 10);
			if (end == p || *p == '-' || *p == '+' || b < a)
				return -EINVAL;
			p = end;
		}
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
		if (b >= 1u << 20)
			return -EINVAL;
		hi = b > hi ? b : hi;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*ids = (unsigned int)hi + 1;
	return 0;
}

int kb_user_rings_open(struct kb_user_rings **rp, uint32_t ring_kb,
		       const char *possible, char why[KB_NL_ERRLEN])
{
	struct kb_user_rings *r;
	char buf[4096];
	int ret;

	if (!possible) {
		ret = kb_read_line(POSSIBLE_PATH, buf, sizeof(buf));
		if (ret) {
			snprintf(why, KB_NL_ERRLEN, "cannot read %s: %s",
				 POSSIBLE_PATH, strerror(-ret));
			return ret;
		}
		possible = buf;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(why, KB_NL_ERRLEN, "out of memory");
		return -ENOMEM;
	}
	if (kb_cpulist_ids(possible, &r->ids)) {
		snprintf(why, KB_NL_ERRLEN, "%s: not a CPU list: '%.64s'",
			 POSSIBLE_PATH, possible);
		free(r);
		return -EINVAL;
	}
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	for (r->ring_size = 1; r->ring_size < (uint64_t)ring_kb * 1024;)
		r->ring_size <<= 1;
	r->slot = r->page + r->ring_size;
	r->len = r->slot * r->ids;
	/* Pages the module does not pin (CPUs not sampled) are never touched. */
	r->base = mmap(NULL, r->len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r->base == MAP_FAILED) {
		ret = -errno;
		snprintf(why, KB_NL_ERRLEN, "cannot map %zu bytes of sample rings: %s",
			 r->len, strerror(errno));
		free(r);
		return ret;
	}
	/* A forked target must not get copies of pages the module writes. */
	if (madvise(r->base, r->len, MADV_DONTFORK)) {
		ret = -errno;
		snprintf(why, KB_NL_ERRLEN, "sample rings: madvise: %s",
			 strerror(errno));
		kb_user_rings_close(r);
		return ret;
	}
	*rp = r;
	return 0;
}

void kb_user_rings_close(struct kb_user_rings *r)
{
	if (!r)
		return;
	munmap(r->base, r->len);
	free(r);
}

size_t kb_user_rings_len(const struct kb_user_rings *r)
{
	return r->len;
}

bool kb_memlock_allows(uint64_t bytes)
{
	unsigned long long caps = 0, locked_kb = 0;
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return true;
	/* CAP_IPC_LOCK (14 in linux/capability.h) lifts the limit. */
	if (!kb_read_field("/proc/self/status", "CapEff: %llx", &caps) &&
	    (caps >> 14) & 1)
		return true;
	/* What is locked already counts (VmLck; 0 if unknown). */
	kb_read_field("/proc/self/status", "VmLck: %llu kB", &locked_kb);
	return locked_kb * 1024 + bytes <= rl.rlim_cur;
}

void kb_user_rings_put(const struct kb_user_rings *r, struct kb_sampler_opts *o)
{
	o->ring_addr = (uint64_t)(uintptr_t)r->base;
	o->ring_len = r->len;
}

/*
 * The whole records from the ring's offset OFF, at most ROOM bytes (to
 * HEAD or the ring's end), up to a pad; -1 when one is malformed.
 */
static long run_len(const uint8_t *p, uint64_t room)
{
	uint64_t run = 0;

	while (run < room) {
		const struct kbench_sample *s = (const void *)(p + run);

		if (room - run < sizeof(*s) ||
		    s->context == KBENCH_CTX_PAD)
			break;
		if (s->size < sizeof(*s) || s->size % 8 || s->size > room - run)
			return -1;
		run += s->size;
	}
	return (long)run;
}

static int read_ring(struct kb_user_rings *r, unsigned int cpu,
		     kb_samples_fn fn, void *arg, char why[KB_NL_ERRLEN])
{
	struct kbench_ring_ctl *ctl = (void *)(r->base + cpu * r->slot);
	const uint8_t *ring = (const uint8_t *)ctl + r->page;
	uint64_t mask = r->ring_size - 1, tail = ctl->tail, head;
	int ret;

	if (ctl->size != r->ring_size)	/* a CPU the session does not sample */
		return 0;
	/* Pairs with the module's release: the records up to HEAD are whole. */
	head = __atomic_load_n(&ctl->head, __ATOMIC_ACQUIRE);
	if (head - tail > r->ring_size || head % 8)
		goto bad;
	while (tail != head) {
		uint64_t off = tail & mask;
		uint64_t room = head - tail < r->ring_size - off ?
				head - tail : r->ring_size - off;
		long run = run_len(ring + off, room);

		if (run < 0)
			goto bad;
		if (run) {
			ret = fn(ring + off, (size_t)run, arg);
			if (ret)
				return ret;
			tail += (uint64_t)run;
		}
		if ((uint64_t)run < room) {
			/*
			 * A pad fills the ring to its end, before HEAD; nothing
			 * else stops a run (a pad past HEAD would move TAIL past
			 * it, and the loop would never end).
			 */
			const struct kbench_sample *pad = (const void *)(ring + off + run);

			if (room != r->ring_size - off || pad->context != KBENCH_CTX_PAD ||
			    pad->size != room - (uint64_t)run)
				goto bad;
			tail += pad->size;
		}
		/* Frees the space once FN is done with it. */
		__atomic_store_n(&ctl->tail, tail, __ATOMIC_RELEASE);
	}
	return 0;
bad:
	snprintf(why, KB_NL_ERRLEN, "the sample ring of CPU %u is corrupt "
		 "(head %llu, tail %llu)", cpu, (unsigned long long)head,
		 (unsigned long long)tail);
	return -EPROTO;
}

int kb_user_rings_read(struct kb_user_rings *r, kb_samples_fn fn, void *arg,
		       char why[KB_NL_ERRLEN])
{
	for (unsigned int cpu = 0; cpu < r->ids; cpu++) {
		int ret = read_ring(r, cpu, fn, arg, why);

		if (ret)
			return ret;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Rings in kbench's own memory, read in place: the reader takes what the
 * module writes (records, a pad at the ring's end, HEAD and TAIL as
 * include/uapi/linux/kbench.h lays them out) and refuses anything else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/kbench.h>

#include "client/user_rings.c"

#define RING (16 * 1024)

/* What the module does: a record of N IPs at HEAD, or a pad to the end. */
static uint64_t put_record(struct kb_user_rings *r, unsigned int cpu,
			   uint64_t head, unsigned int nips, uint32_t pid)
{
	struct kbench_ring_ctl *ctl = (void *)(r->base + cpu * r->slot);
	uint8_t *ring = (uint8_t *)ctl + r->page;
	uint32_t size = (uint32_t)(sizeof(struct kbench_sample) + 8 * nips);
	uint64_t off = head % r->ring_size;
	struct kbench_sample *s;

	if (off + size > r->ring_size) {
		s = (void *)(ring + off);
		s->size = (uint16_t)(r->ring_size - off);
		s->context = KBENCH_CTX_PAD;
		head += s->size;
		off = 0;
	}
	s = (void *)(ring + off);
	memset(s, 0, size);
	s->size = (uint16_t)size;
	s->context = KBENCH_CTX_USER;
	s->cpu = (uint16_t)cpu;
	s->nr_user = (uint8_t)nips;
	s->pid = pid;
	for (unsigned int i = 0; i < nips; i++)
		s->ips[i] = 0x400000 + i;
	return head + size;
}

static struct kbench_ring_ctl *ctl_of(struct kb_user_rings *r, unsigned int cpu)
{
	return (void *)(r->base + cpu * r->slot);
}

struct got {
	uint32_t pids[4096];
	size_t n, runs, bytes;
	int fail_at;		/* run number that fails, 0: none */
};

static int take(const void *data, size_t len, void *arg)
{
	struct got *g = arg;
	size_t off = 0;
	const struct kbench_sample *s;
	int err;

	if (++g->runs == (size_t)g->fail_at)
		return -ENOSPC;
	g->bytes += len;
	while ((s = kb_samples_next(data, len, &off, &err)))
		g->pids[g->n++] = s->pid;
	assert_int_equal(err, 0);
	return 0;
}

static struct kb_user_rings *open_two(void)
{
	struct kb_user_rings *r = NULL;
	char why[KB_NL_ERRLEN];

	assert_int_equal(kb_user_rings_open(&r, RING / 1024, "0-1\n", why), 0);
	assert_int_equal(r->ids, 2);
	assert_int_equal(r->ring_size, RING);
	assert_int_equal(r->len, 2 * (r->page + RING));
	return r;
}

static void cpu_lists(void **state)
{
	unsigned int ids = 0;

	(void)state;
	assert_int_equal(kb_cpulist_ids("0-1\n", &ids), 0);
	assert_int_equal(ids, 2);
	assert_int_equal(kb_cpulist_ids("0,2-3", &ids), 0);
	assert_int_equal(ids, 4);
	assert_int_equal(kb_cpulist_ids("5", &ids), 0);
	assert_int_equal(ids, 6);
	assert_int_equal(kb_cpulist_ids("", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("a", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("3-1", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("0-", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("-1", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("0,,1", &ids), -EINVAL);
	assert_int_equal(kb_cpulist_ids("0 1", &ids), -EINVAL);
}

/* Records across the ring's end, in order, the pad skipped, TAIL freed. */
static void reads_across_the_wrap(void **state)
{
	struct kb_user_rings *r = open_two();
	struct kbench_ring_ctl *ctl = ctl_of(r, 1);
	struct kb_sampler_opts o = { 0 };
	char why[KB_NL_ERRLEN];
	static struct got g;
	uint64_t head, start = RING - 200;
	uint32_t pid = 1;

	(void)state;
	kb_user_rings_put(r, &o);
	assert_ptr_equal((void *)(uintptr_t)o.ring_addr, r->base);
	assert_int_equal(o.ring_len, r->len);
	/* CPU 0 is not sampled: its SIZE stays 0 and it is never read. */
	ctl->size = RING;
	ctl->tail = start;
	head = start;
	for (; pid <= 12; pid++)
		head = put_record(r, 1, head, pid % 5, pid);
	__atomic_store_n(&ctl->head, head, __ATOMIC_RELEASE);
	memset(&g, 0, sizeof(g));
	assert_int_equal(kb_user_rings_read(r, take, &g, why), 0);
	assert_int_equal(g.n, 12);
	for (size_t i = 0; i < g.n; i++)
		assert_int_equal(g.pids[i], i + 1);
	assert_int_equal(g.runs, 2);	/* before the pad, and after it */
	assert_int_equal(ctl->tail, head);
	/* Nothing new: nothing read, TAIL stays. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(kb_user_rings_read(r, take, &g, why), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(ctl->tail, head);
	kb_user_rings_close(r);
}

/* A failing consumer keeps its records in the ring: TAIL does not move. */
static void consumer_error_keeps_records(void **state)
{
	struct kb_user_rings *r = open_two();
	struct kbench_ring_ctl *ctl = ctl_of(r, 0);
	char why[KB_NL_ERRLEN];
	static struct got g;
	uint64_t head = 0;

	(void)state;
	ctl->size = RING;
	for (uint32_t pid = 1; pid <= 3; pid++)
		head = put_record(r, 0, head, 2, pid);
	ctl->head = head;
	memset(&g, 0, sizeof(g));
	g.fail_at = 1;
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -ENOSPC);
	assert_int_equal(ctl->tail, 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(kb_user_rings_read(r, take, &g, why), 0);
	assert_int_equal(g.n, 3);
	kb_user_rings_close(r);
}

/* What the module never writes is refused, naming the CPU. */
static void corrupt_rings_are_refused(void **state)
{
	struct kb_user_rings *r = open_two();
	struct kbench_ring_ctl *ctl = ctl_of(r, 1);
	struct kbench_sample *s = (void *)((uint8_t *)ctl + r->page);
	char why[KB_NL_ERRLEN];
	static struct got g;
	uint64_t head;

	(void)state;
	ctl->size = RING;
	head = put_record(r, 1, 0, 3, 7);
	/* HEAD more than a ring ahead of TAIL */
	ctl->head = RING + 64;
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -EPROTO);
	assert_non_null(strstr(why, "CPU 1"));
	/* a record of size 0 */
	ctl->head = head;
	s->size = 0;
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -EPROTO);
	/* a record running past HEAD */
	s->size = (uint16_t)(head + 8);
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -EPROTO);
	/* a pad that does not reach the ring's end */
	s->size = 64;
	s->context = KBENCH_CTX_PAD;
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -EPROTO);
	/* a pad to the ring's end that HEAD never reached: TAIL would pass it */
	s->size = RING;
	assert_int_equal(kb_user_rings_read(r, take, &g, why), -EPROTO);
	assert_int_equal(ctl->tail, 0);
	kb_user_rings_close(r);
}

static void bad_possible_list(void **state)
{
	struct kb_user_rings *r = NULL;
	char why[KB_NL_ERRLEN];

	(void)state;
	assert_int_equal(kb_user_rings_open(&r, 16, "x\n", why), -EINVAL);
	assert_null(r);
	assert_non_null(strstr(why, "not a CPU list"));
}

/*
 * Without CAP_IPC_LOCK, RLIMIT_MEMLOCK decides whether the rings can be
 * pinned (else the recording reads the module's rings over netlink).
 */
static void memlock_limit_decides(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2];
		struct rlimit rl = { 256 * 1024, 256 * 1024 };

		if (syscall(SYS_capget, &h, d))
			_exit(10);
		d[0].effective &= ~(1u << CAP_IPC_LOCK);
		if (syscall(SYS_capset, &h, d) || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(11);
		if (kb_memlock_allows(16 * 1024 * 1024))
			_exit(12);
		if (!kb_memlock_allows(4096))
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpu_lists),
		cmocka_unit_test(reads_across_the_wrap),
		cmocka_unit_test(consumer_error_keeps_records),
		cmocka_unit_test(corrupt_rings_are_refused),
		cmocka_unit_test(bad_possible_list),
		cmocka_unit_test(memlock_limit_decides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

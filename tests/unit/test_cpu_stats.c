// SPDX-License-Identifier: GPL-2.0
/*
 * GET_SAMPLER_STATS replies as the module lays them out: one
 * KBENCH_A_CPU_STATS nest per 256 CPUs (a nest's length is 16 bits), and
 * the client takes the CPUs of every nest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <linux/kbench.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "client/sampler.c"

/* Puts CPUs FIRST..FIRST+N-1 in one nest; CPU c fired 10c times. */
static void put_nest(struct nl_msg *m, unsigned int first, unsigned int n)
{
	struct nlattr *nest = nla_nest_start(m, KBENCH_A_CPU_STATS);

	assert_non_null(nest);
	for (unsigned int c = first; c < first + n; c++) {
		struct nlattr *cpu = nla_nest_start(m, KBENCH_A_CPU);

		assert_non_null(cpu);
		assert_int_equal(nla_put_u32(m, KBENCH_A_CPU_ID, c), 0);
		assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_FIRED, 10ULL * c), 0);
		assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_RECORDED, 6ULL * c), 0);
		assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_DROPPED, 1ULL * c), 0);
		assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_FILTERED, 3ULL * c), 0);
		assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_MISSED, 0), 0);
		/* Odd CPUs as a module with user-stack copies sends them. */
		if (c % 2) {
			assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_USTACK_COPIES, c), 0);
			assert_int_equal(nla_put_u64(m, KBENCH_A_CPU_USTACK_NS, 100ULL * c), 0);
		}
		nla_nest_end(m, cpu);
	}
	nla_nest_end(m, nest);
	/* What the module's BUILD_BUG_ON guarantees of each nest. */
	assert_true(nla_len(nest) <= 65535 - NLA_HDRLEN);
}

static void every_nest_is_read(void **state)
{
	struct nl_msg *m = nlmsg_alloc_size(65536);
	struct kb_cpu_stats *st = NULL;
	size_t n = 0;
	struct stats_req r = { &st, &n, 0 };
	struct nlattr *a;
	int rem;

	(void)state;
	assert_non_null(m);
	put_nest(m, 0, 256);
	put_nest(m, 256, 44);
	nla_for_each_attr(a, nlmsg_attrdata(nlmsg_hdr(m), 0),
			  nlmsg_attrlen(nlmsg_hdr(m), 0), rem)
		assert_int_equal(on_stats(a, &r), 0);
	assert_int_equal(r.nests, 2);
	assert_int_equal(n, 300);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(st[i].cpu, i);
		assert_int_equal(st[i].fired, 10 * i);
		assert_int_equal(st[i].fired, st[i].recorded + st[i].dropped +
				 st[i].filtered);
		assert_int_equal(st[i].ustack_copies, i % 2 ? i : 0);
		assert_int_equal(st[i].ustack_ns, i % 2 ? 100 * i : 0);
	}
	free(st);
	nlmsg_free(m);
}

static void a_bad_cpu_empties_the_array(void **state)
{
	struct nl_msg *m = nlmsg_alloc();
	struct kb_cpu_stats *st = NULL;
	struct nlattr *nest, *cpu;
	size_t n = 0;

	(void)state;
	assert_non_null(m);
	put_nest(m, 0, 2);
	assert_int_equal(kb_cpu_stats_parse(nlmsg_attrdata(nlmsg_hdr(m), 0),
					    &st, &n), 0);
	assert_int_equal(n, 2);
	/* A CPU without its counts: the whole reply is malformed. */
	nest = nla_nest_start(m, KBENCH_A_CPU_STATS);
	cpu = nla_nest_start(m, KBENCH_A_CPU);
	assert_int_equal(nla_put_u32(m, KBENCH_A_CPU_ID, 9), 0);
	nla_nest_end(m, cpu);
	nla_nest_end(m, nest);
	assert_int_equal(kb_cpu_stats_parse(nest, &st, &n), -EPROTO);
	assert_null(st);
	assert_int_equal(n, 0);
	nlmsg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_nest_is_read),
		cmocka_unit_test(a_bad_cpu_empties_the_array),
	};

	return cmocka_run_group_tests_name("cpu_stats", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/* GET_STATUS replies, as the kernel would send them, parsed by status.c. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/kbench.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "client/status.h"
#include "render/status.h"

/* Which attribute a fixture leaves out or breaks (0: none). */
struct fixture {
	int omit;
	int short_u32;
	int unterminated;
};

static struct nl_msg *status_reply(const struct fixture *fx)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, 0,
				    KBENCH_CMD_GET_STATUS, KBENCH_GENL_VERSION));
	if (fx->omit != KBENCH_A_MODULE_VERSION) {
		if (fx->unterminated == KBENCH_A_MODULE_VERSION)
			assert_int_equal(nla_put(msg, KBENCH_A_MODULE_VERSION, 5,
						 "0.1.0"), 0);
		else
			assert_int_equal(nla_put_string(msg, KBENCH_A_MODULE_VERSION,
							"0.1.0"), 0);
	}
	if (fx->omit != KBENCH_A_KERNEL_RELEASE)
		assert_int_equal(nla_put_string(msg, KBENCH_A_KERNEL_RELEASE,
						"6.1.0-56-amd64"), 0);
	if (fx->omit != KBENCH_A_WIRE_VERSION)
		assert_int_equal(nla_put_u32(msg, KBENCH_A_WIRE_VERSION, 1), 0);
	if (fx->omit != KBENCH_A_FEATURES) {
		if (fx->short_u32 == KBENCH_A_FEATURES)
			assert_int_equal(nla_put_u16(msg, KBENCH_A_FEATURES, 5), 0);
		else
			assert_int_equal(nla_put_u32(msg, KBENCH_A_FEATURES,
						     KBENCH_FEATURE_SAMPLER |
						     KBENCH_FEATURE_FAULTS), 0);
	}
	if (fx->omit != KBENCH_A_STATE)
		assert_int_equal(nla_put_u32(msg, KBENCH_A_STATE,
					     KBENCH_STATE_RUNNING), 0);
	if (fx->omit != KBENCH_A_NR_CPUS)
		assert_int_equal(nla_put_u32(msg, KBENCH_A_NR_CPUS, 2), 0);
	return msg;
}

static int parse_fixture(const struct fixture *fx, struct kb_status *st)
{
	struct nlattr *tb[KBENCH_A_MAX + 1];
	struct nl_msg *msg = status_reply(fx);
	int ret;

	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KBENCH_A_MAX,
				       NULL), 0);
	ret = kb_status_parse(tb, st);
	nlmsg_free(msg);
	return ret;
}

static void complete_reply_parses(void **state)
{
	struct fixture fx = { 0 };
	struct kb_status st;

	(void)state;
	assert_int_equal(parse_fixture(&fx, &st), 0);
	assert_string_equal(st.module_version, "0.1.0");
	assert_string_equal(st.kernel_release, "6.1.0-56-amd64");
	assert_int_equal(st.wire_version, 1);
	assert_int_equal(st.features, KBENCH_FEATURE_SAMPLER | KBENCH_FEATURE_FAULTS);
	assert_int_equal(st.state, KBENCH_STATE_RUNNING);
	assert_int_equal(st.nr_cpus, 2);
}

static void each_missing_attribute_is_refused(void **state)
{
	struct kb_status st;

	(void)state;
	for (int a = KBENCH_A_MODULE_VERSION; a <= KBENCH_A_NR_CPUS; a++) {
		struct fixture fx = { .omit = a };

		assert_int_equal(parse_fixture(&fx, &st), -EPROTO);
	}
}

static void malformed_attributes_are_refused(void **state)
{
	struct fixture narrow = { .short_u32 = KBENCH_A_FEATURES };
	struct fixture unterminated = { .unterminated = KBENCH_A_MODULE_VERSION };
	struct kb_status st;

	(void)state;
	assert_int_equal(parse_fixture(&narrow, &st), -EPROTO);
	assert_int_equal(parse_fixture(&unterminated, &st), -EPROTO);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(kb_state_name(KBENCH_STATE_IDLE), "idle");
	assert_string_equal(kb_state_name(KBENCH_STATE_RUNNING), "running");
	assert_string_equal(kb_state_name(__KBENCH_STATE_LAST), "unknown");
	assert_string_equal(kb_feature_name(0), "sampler");
	assert_string_equal(kb_feature_name(2), "faults");
	/* Every defined feature bit has a name, and no more. */
	for (uint32_t bit = 0; bit < 32; bit++)
		assert_int_equal(kb_feature_name(bit) != NULL,
				 !!(__KBENCH_FEATURE_ALL & (1U << bit)));
}

/*
 * The module tells an unprivileged caller only that a session runs: no
 * collect bits, no pid. The text says so instead of "system-wide".
 */
static void unprivileged_view_of_a_session(void **state)
{
	struct fixture fx = { 0 };
	struct kb_status st;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(parse_fixture(&fx, &st), 0);
	assert_int_equal(st.collect, 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	kb_status_print(f, &st);
	fclose(f);
	assert_non_null(strstr(text, "state:     running\n"
				     "session:   details need CAP_PERFMON or CAP_SYS_ADMIN\n"));
	assert_null(strstr(text, "system-wide"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete_reply_parses),
		cmocka_unit_test(each_missing_attribute_is_refused),
		cmocka_unit_test(malformed_attributes_are_refused),
		cmocka_unit_test(names),
		cmocka_unit_test(unprivileged_view_of_a_session),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}

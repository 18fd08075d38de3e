// SPDX-License-Identifier: GPL-2.0
/* Extended-ACK messages, laid out as the kernel's netlink_ack() does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "client/nl.h"

/*
 * An NLMSG_ERROR for a request of REQ_PAYLOAD bytes. CAPPED: the request is
 * echoed as its header only; otherwise whole. MSG: the extack text, or NULL.
 */
static struct nl_msg *ack(int capped, int req_payload, const char *msg)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	int flags = (capped ? NLM_F_CAPPED : 0) | (msg ? NLM_F_ACK_TLVS : 0);
	size_t len = sizeof(*e) + (capped ? 0 : NLMSG_ALIGN(req_payload));

	assert_non_null(m);
	nlh = nlmsg_put(m, 0, 7, NLMSG_ERROR, (int)len, flags);
	assert_non_null(nlh);
	e = nlmsg_data(nlh);
	memset(e, 0, len);
	e->error = -22;
	e->msg.nlmsg_len = NLMSG_HDRLEN + req_payload;
	e->msg.nlmsg_type = 0x20;
	if (msg)
		assert_int_equal(nla_put_string(m, NLMSGERR_ATTR_MSG, msg), 0);
	return m;
}

static void capped_ack_message_is_found(void **state)
{
	struct nl_msg *m = ack(1, 24, "frequency out of range");

	(void)state;
	assert_string_equal(kb_nl_extack_msg(nlmsg_hdr(m)), "frequency out of range");
	nlmsg_free(m);
}

static void uncapped_ack_skips_the_echoed_request(void **state)
{
	struct nl_msg *m = ack(0, 24, "unknown flag");

	(void)state;
	assert_string_equal(kb_nl_extack_msg(nlmsg_hdr(m)), "unknown flag");
	nlmsg_free(m);
}

static void ack_without_tlvs_has_no_message(void **state)
{
	struct nl_msg *m = ack(1, 24, NULL);

	(void)state;
	assert_null(kb_nl_extack_msg(nlmsg_hdr(m)));
	nlmsg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capped_ack_message_is_found),
		cmocka_unit_test(uncapped_ack_skips_the_echoed_request),
		cmocka_unit_test(ack_without_tlvs_has_no_message),
	};

	return cmocka_run_group_tests_name("nl", tests, NULL, NULL);
}

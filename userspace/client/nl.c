// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kbench.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * The kernel sizes each dump message from the reader's largest recvmsg(),
 * capped at 32 KiB: a buffer this large always holds one whole.
 */
#define KB_NL_DUMP_BUF	65536

struct kb_nl {
	struct nl_sock *sk;
	int family;
};

struct kb_nl_req {
	kb_nl_parse_fn parse;
	kb_nl_each_fn each;	/* instead of PARSE: every attribute in turn */
	void *arg;
	int err;		/* first error: ours or the kernel's */
	bool done;		/* ACK, DONE or error seen */
	char *why;
};

int kb_nl_open(struct kb_nl **nlp, char why[KB_NL_ERRLEN])
{
	struct kb_nl *nl;
	int one = 1, ret;

	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		snprintf(why, KB_NL_ERRLEN, "out of memory");
		return -ENOMEM;
	}
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		snprintf(why, KB_NL_ERRLEN, "cannot allocate a netlink socket");
		free(nl);
		return -ENOMEM;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		snprintf(why, KB_NL_ERRLEN, "cannot open a generic netlink socket: %s",
			 nl_geterror(ret));
		goto err;
	}
	/* Best effort: without extack we still get the errno. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));

	nl->family = genl_ctrl_resolve(nl->sk, KBENCH_GENL_NAME);
	if (nl->family < 0) {
		if (nl->family == -NLE_OBJ_NOTFOUND) {
			snprintf(why, KB_NL_ERRLEN,
				 "the kbench kernel module is not loaded "
				 "(load it with: insmod kmod/kbench.ko)");
			ret = -ENOENT;
		} else {
			snprintf(why, KB_NL_ERRLEN,
				 "cannot resolve the \"%s\" netlink family: %s",
				 KBENCH_GENL_NAME, nl_geterror(nl->family));
			ret = -EIO;
		}
		nl_socket_free(nl->sk);
		free(nl);
		return ret;
	}
	*nlp = nl;
	return 0;
err:
	nl_socket_free(nl->sk);
	free(nl);
	return -EIO;
}

void kb_nl_close(struct kb_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

const char *kb_nl_extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	/* Without NLM_F_CAPPED the offending request follows the header. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (nlmsg_parse((struct nlmsghdr *)nlh, (int)off, tb, NLMSGERR_ATTR_MAX,
			NULL) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return NULL;
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

static int kb_nl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *err,
			  void *arg)
{
	struct kb_nl_req *req = arg;
	const struct nlmsghdr *nlh = (void *)((char *)err - NLMSG_HDRLEN);
	const char *msg = kb_nl_extack_msg(nlh);

	(void)nla;
	req->done = true;
	if (!req->err) {
		req->err = err->error ? err->error : -EIO;
		if (msg)
			snprintf(req->why, KB_NL_ERRLEN, "kernel reports: %s", msg);
		else
			snprintf(req->why, KB_NL_ERRLEN, "%s", strerror(-req->err));
	}
	return NL_STOP;
}

/* ACK of a doit: the exchange is over. */
static int kb_nl_on_done(struct nl_msg *msg, void *arg)
{
	struct kb_nl_req *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

const char *kb_nl_done_error(const struct nlmsghdr *nlh, int *err)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int e;

	*err = 0;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(e))
		return NULL;
	memcpy(&e, nlmsg_data(nlh), sizeof(e));
	*err = e < 0 ? e : 0;
	if (!*err || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (nlmsg_parse((struct nlmsghdr *)nlh, sizeof(e), tb, NLMSGERR_ATTR_MAX,
			NULL) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return NULL;
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

/*
 * NLMSG_DONE of a dump: the exchange is over. A dump that failed after its
 * first message carries the errno (and extack) in its DONE.
 */
static int kb_nl_on_finish(struct nl_msg *msg, void *arg)
{
	struct kb_nl_req *req = arg;
	const char *why;
	int err;

	req->done = true;
	why = kb_nl_done_error(nlmsg_hdr(msg), &err);
	if (err && !req->err) {
		req->err = err;
		if (why)
			snprintf(req->why, KB_NL_ERRLEN, "kernel reports: %s", why);
		else
			snprintf(req->why, KB_NL_ERRLEN, "%s", strerror(-err));
	}
	return NL_STOP;
}

/* Hands every top-level attribute of MSG, in order, to req->each. */
static int kb_nl_each_attr(struct nl_msg *msg, struct kb_nl_req *req)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0)) {
		req->err = -EPROTO;
		snprintf(req->why, KB_NL_ERRLEN, "malformed reply: short message");
		return NL_SKIP;
	}
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		ret = req->each(a, req->arg);
		if (ret < 0) {
			req->err = ret;
			snprintf(req->why, KB_NL_ERRLEN, "malformed reply: %s",
				 strerror(-ret));
			return NL_SKIP;
		}
	}
	return NL_OK;
}

static int kb_nl_on_valid(struct nl_msg *msg, void *arg)
{
	struct kb_nl_req *req = arg;
	struct nlattr *tb[KBENCH_A_MAX + 1];
	int ret;

	if (req->err)
		return NL_SKIP;
	if (req->each)
		return kb_nl_each_attr(msg, req);
	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, KBENCH_A_MAX, NULL);
	if (ret < 0) {
		req->err = -EPROTO;
		snprintf(req->why, KB_NL_ERRLEN, "malformed reply: %s",
			 nl_geterror(ret));
		return NL_SKIP;	/* keep reading up to the ACK */
	}
	ret = req->parse ? req->parse(tb, req->arg) : 0;
	if (ret < 0) {
		req->err = ret;
		snprintf(req->why, KB_NL_ERRLEN, "malformed reply: %s",
			 strerror(-ret));
		return NL_SKIP;
	}
	return NL_OK;
}

static int kb_nl_exchange(struct kb_nl *nl, uint8_t cmd, int flags,
			  int (*add)(struct nl_msg *msg, void *arg),
			  void *add_arg, struct kb_nl_req *r)
{
	struct kb_nl_req req = *r;
	char *why = req.why;
	struct nl_msg *msg;
	struct nl_cb *cb;
	int ret;

	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		snprintf(why, KB_NL_ERRLEN, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags | NLM_F_REQUEST | NLM_F_ACK, cmd,
			 KBENCH_GENL_VERSION) ||
	    (add && add(msg, add_arg) < 0)) {
		snprintf(why, KB_NL_ERRLEN, "request does not fit a message");
		ret = -EMSGSIZE;
		goto out;
	}
	/*
	 * libnl peeks at each message's size, then reads it: two copies.
	 * Dumps (samples move megabytes) read once into a buffer that fits
	 * any dump message; a doit's reply can be larger, so it is peeked at.
	 */
	if (flags & NLM_F_DUMP) {
		nl_socket_disable_msg_peek(nl->sk);
		nl_socket_set_msg_buf_size(nl->sk, KB_NL_DUMP_BUF);
	} else {
		nl_socket_enable_msg_peek(nl->sk);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, kb_nl_on_valid, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, kb_nl_on_done, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, kb_nl_on_finish, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, kb_nl_on_error, &req);

	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		snprintf(why, KB_NL_ERRLEN, "cannot send: %s", nl_geterror(ret));
		ret = -EIO;
		goto out;
	}
	/* Receive until the ACK (or DONE for dumps) ends the exchange. */
	ret = 0;
	while (!req.done && ret >= 0)
		ret = nl_recvmsgs(nl->sk, cb);
	if (req.err) {
		ret = req.err;
	} else if (ret == -NLE_DUMP_INTR) {
		snprintf(why, KB_NL_ERRLEN,
			 "the data changed while it was read (reset?), try again");
		ret = -EAGAIN;
	} else if (ret < 0) {
		snprintf(why, KB_NL_ERRLEN, "cannot receive: %s", nl_geterror(ret));
		ret = -EIO;
	} else {
		ret = 0;
	}
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

int kb_nl_request(struct kb_nl *nl, uint8_t cmd, int flags,
		  int (*add)(struct nl_msg *msg, void *arg), void *add_arg,
		  kb_nl_parse_fn parse, void *parse_arg,
		  char why[KB_NL_ERRLEN])
{
	struct kb_nl_req req = { .parse = parse, .arg = parse_arg, .why = why };

	return kb_nl_exchange(nl, cmd, flags, add, add_arg, &req);
}

int kb_nl_request_each(struct kb_nl *nl, uint8_t cmd, kb_nl_each_fn each,
		       void *arg, char why[KB_NL_ERRLEN])
{
	struct kb_nl_req req = { .each = each, .arg = arg, .why = why };

	return kb_nl_exchange(nl, cmd, 0, NULL, NULL, &req);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the kernel-side tests: no libnl, so the programs
 * link statically and send exactly the bytes they mean to, malformed ones
 * included. Everything the protocol is comes from <linux/kbench.h>.
 */
#ifndef KBNL_H
#define KBNL_H

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/kbench.h>
#include <linux/netlink.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define KBNL_BUF	65536

struct kbnl {
	int fd;
	int family;
	uint32_t seq;
	/*
	 * recvmsg() size: the kernel sizes dump messages from the largest a
	 * socket has used, so one socket keeps to one size.
	 */
	size_t buflen;
	int write;	/* send with write(): no address named */
};

/* A message being built: header, genl header, attributes. */
struct kbmsg {
	union {
		struct nlmsghdr nlh;
		uint8_t buf[KBNL_BUF];
	};
	size_t len;
};

/* What came back for one request. */
struct kbreply {
	int err;		/* 0, or the kernel's negative errno */
	char msg[256];		/* its extack text, "" without one */
	unsigned int nmsgs;	/* data messages */
	size_t payload;		/* bytes of KBENCH_A_SAMPLES seen */
	int truncated;		/* a read was cut short */
	int timed_out;
};

static inline void kbmsg_init(struct kbmsg *m, uint16_t type, uint16_t flags,
			      uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static inline struct nlattr *kbmsg_put(struct kbmsg *m, uint16_t type,
				       const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (m->len + total > sizeof(m->buf))
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	m->len += total;
	return a;
}

static inline void kbmsg_put_u32(struct kbmsg *m, uint16_t type, uint32_t v)
{
	kbmsg_put(m, type, &v, sizeof(v));
}

static inline int kbnl_send_raw(struct kbnl *k, struct kbmsg *m, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	m->nlh.nlmsg_seq = ++k->seq;
	if (k->write)
		return write(k->fd, m->buf, len) < 0 ? -errno : 0;
	return sendto(k->fd, m->buf, len, 0, (struct sockaddr *)&to,
		      sizeof(to)) < 0 ? -errno : 0;
}

static inline int kbnl_send(struct kbnl *k, struct kbmsg *m)
{
	m->nlh.nlmsg_len = (uint32_t)m->len;
	return kbnl_send_raw(k, m, m->len);
}

/* The extack text of an NLMSG_ERROR or NLMSG_DONE carrying TLVs. */
static inline void kbnl_extack(const struct nlmsghdr *nlh, size_t skip,
			       char *out, size_t outlen)
{
	const uint8_t *p = (const uint8_t *)nlh + NLMSG_HDRLEN + skip;
	const uint8_t *end = (const uint8_t *)nlh + nlh->nlmsg_len;

	out[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
			return;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			snprintf(out, outlen, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
			return;
		}
		p += NLA_ALIGN(a->nla_len);
	}
}

/* Called for every data message of a reply. */
typedef void (*kbnl_each_fn)(const struct nlmsghdr *nlh, void *arg);

/*
 * Reads until the request's ACK, NLMSG_DONE or error, or until nothing came
 * for TIMEOUT_MS. BUFLEN is the recvmsg() size (the kernel sizes dump
 * messages from it).
 */
static inline int kbnl_recv(struct kbnl *k, struct kbreply *r, size_t buflen,
			    int timeout_ms, kbnl_each_fn each, void *arg)
{
	static uint8_t buf[KBNL_BUF];
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };

	memset(r, 0, sizeof(*r));
	if (buflen > sizeof(buf))
		buflen = sizeof(buf);
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;
		int left;

		if (poll(&pfd, 1, timeout_ms) <= 0) {
			r->timed_out = 1;
			return -ETIMEDOUT;
		}
		n = recv(k->fd, buf, buflen, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		left = (int)n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, left);
		     nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);
				size_t skip = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					skip += e->msg.nlmsg_len - NLMSG_HDRLEN;
				r->err = e->error;
				kbnl_extack(nlh, skip, r->msg, sizeof(r->msg));
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(e))
					memcpy(&e, NLMSG_DATA(nlh), sizeof(e));
				r->err = e < 0 ? e : 0;
				kbnl_extack(nlh, sizeof(e), r->msg, sizeof(r->msg));
				return 0;
			}
			r->nmsgs++;
			if (each)
				each(nlh, arg);
		}
		if (left)
			r->truncated = 1;
	}
}

/* The attributes of a genl message: first one and the bytes they span. */
static inline struct nlattr *kbnl_attrs(const struct nlmsghdr *nlh, int *len)
{
	*len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return (struct nlattr *)((uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN);
}

#define kbnl_for_each_attr(a, head, len, rem)				\
	for ((a) = (head), (rem) = (len);				\
	     (rem) >= NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN &&	\
	     (a)->nla_len <= (rem);					\
	     (rem) -= NLA_ALIGN((a)->nla_len),				\
	     (a) = (struct nlattr *)((uint8_t *)(a) + NLA_ALIGN((a)->nla_len)))

#define kbnl_type(a)	((a)->nla_type & NLA_TYPE_MASK)
#define kbnl_data(a)	((void *)((uint8_t *)(a) + NLA_HDRLEN))
#define kbnl_len(a)	((int)(a)->nla_len - NLA_HDRLEN)

static inline void kbnl_family_each(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a;
	int len, rem;

	kbnl_for_each_attr(a, kbnl_attrs(nlh, &len), len, rem)
		if (kbnl_type(a) == CTRL_ATTR_FAMILY_ID && kbnl_len(a) >= 2)
			*(int *)arg = *(uint16_t *)kbnl_data(a);
}

/*
 * Opens a socket with extended acks, reading BUFLEN bytes at a time, and
 * resolves the kbench family.
 */
static inline int kbnl_open_buf(struct kbnl *k, size_t buflen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct kbmsg m;
	struct kbreply r;
	int one = 1, ret;

	k->seq = 0;
	k->family = -1;
	k->buflen = buflen;
	k->write = 0;
	k->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (k->fd < 0)
		return -errno;
	if (bind(k->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(k->fd);
		return ret;
	}
	setsockopt(k->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	kbmsg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
		   CTRL_CMD_GETFAMILY, 1);
	kbmsg_put(&m, CTRL_ATTR_FAMILY_NAME, KBENCH_GENL_NAME,
		  sizeof(KBENCH_GENL_NAME));
	ret = kbnl_send(k, &m);
	if (!ret)
		ret = kbnl_recv(k, &r, k->buflen, 5000, kbnl_family_each,
				&k->family);
	if (!ret && r.err)
		ret = r.err;
	if (!ret && k->family < 0)
		ret = -ENOENT;
	if (ret)
		close(k->fd);
	return ret;
}

static inline int kbnl_open(struct kbnl *k)
{
	return kbnl_open_buf(k, 32768);
}

static inline void kbnl_close(struct kbnl *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

/* A request of CMD with no attributes (DUMP: a dump), and its outcome. */
static inline int kbnl_simple(struct kbnl *k, uint8_t cmd, int dump,
			      struct kbreply *r, kbnl_each_fn each, void *arg)
{
	struct kbmsg m;
	int ret;

	kbmsg_init(&m, (uint16_t)k->family,
		   NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0), cmd,
		   KBENCH_GENL_VERSION);
	ret = kbnl_send(k, &m);
	return ret ?: kbnl_recv(k, r, k->buflen, 10000, each, arg);
}

#endif /* KBNL_H */

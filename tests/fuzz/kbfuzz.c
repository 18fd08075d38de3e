// SPDX-License-Identifier: GPL-2.0
/*
 * kbfuzz: sends kbench.ko a bounded number of random and mutated generic
 * netlink messages of every command, valid ones among them, and reads what
 * comes back. The kernel log is the judge (the QEMU harness fails a boot on
 * any report); this program only fails when it cannot talk to the module.
 *
 *   kbfuzz [-n COUNT] [-s SEED] [-t SECONDS] [-u UID] [-S]
 *
 *   -n COUNT    messages to send (default 2000)
 *   -s SEED     random seed (default: time); printed, so a run repeats
 *   -t SECONDS  stop after this long whatever the count (default 120)
 *   -u UID      drop to this uid and gid (e.g. 65534, nobody) before
 *               fuzzing, after -S's session started
 *   -S          hold a session on a socket of its own while fuzzing
 *               (started as root, before -u), restarted when a fuzzed
 *               STOP ended it and the fuzzer can still start one
 *
 * Messages: well-formed requests of each command with random attributes
 * (types, lengths and values at and around every bound), mutations of a
 * valid START (bytes flipped, lengths changed, truncated), random headers
 * and flags (dumps and doits of every command), sockets closed in the
 * middle of a dump, and recvmsg() sizes from tiny to large.
 */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kbnl.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: repeatable from the seed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

/* A u32 at or near a bound the module checks, or anything at all. */
static uint32_t edge_u32(void)
{
	static const uint32_t edges[] = {
		0, 1, 2, 7, 8, 15, 16, 17, 64, 127, 128, 999, 1000, 4096,
		16384, 20000, 20001, 65535, 65536, 65537, 4194304, 4194305,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
		KBENCH_COLLECT_SYSCALLS, KBENCH_COLLECT_SAMPLES,
		__KBENCH_COLLECT_ALL, __KBENCH_COLLECT_ALL + 1,
	};

	if (below(4) == 0)
		return (uint32_t)rnd();
	return edges[below(sizeof(edges) / sizeof(edges[0]))];
}

static void put_random_attr(struct kbmsg *m, int depth)
{
	uint8_t data[1100];
	uint16_t type = (uint16_t)below(KBENCH_A_MAX + 4);
	size_t len;
	uint32_t v;

	if (below(10) == 0)
		type |= NLA_F_NESTED;
	switch (below(6)) {
	case 0:
		len = 0;
		break;
	case 1:
	case 2:
		v = edge_u32();
		kbmsg_put(m, type, &v, sizeof(v));
		return;
	case 3:
		len = 1 + below(16);
		break;
	case 4:
		if (depth < 3) {
			/* A nest of random attributes. */
			struct nlattr *a = kbmsg_put(m, type | NLA_F_NESTED, NULL, 0);
			size_t start = m->len;
			unsigned int i, n = below(4);

			for (i = 0; a && i < n; i++)
				put_random_attr(m, depth + 1);
			if (a)
				a->nla_len = (uint16_t)(NLA_HDRLEN + m->len - start);
			return;
		}
		len = below(64);
		break;
	default:
		/* CPU bitmaps around KBENCH_SAMPLE_CPUS_MAX_BYTES. */
		len = below(5) ? below(9) : KBENCH_SAMPLE_CPUS_MAX_BYTES - 1 + below(3);
		break;
	}
	for (size_t i = 0; i < len; i++)
		data[i] = below(3) ? (uint8_t)rnd() : 0xff;
	kbmsg_put(m, type, data, len);
}

/* A valid START: what a mutation starts from. */
static void build_start(struct kbmsg *m, int family)
{
	kbmsg_init(m, (uint16_t)family, NLM_F_REQUEST | NLM_F_ACK,
		   KBENCH_CMD_START, KBENCH_GENL_VERSION);
	kbmsg_put_u32(m, KBENCH_A_COLLECT, below(2) ? __KBENCH_COLLECT_ALL :
		      KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_FAULTS);
	kbmsg_put_u32(m, KBENCH_A_SAMPLE_FREQ, 1 + below(KBENCH_SAMPLE_FREQ_MAX));
	kbmsg_put_u32(m, KBENCH_A_SAMPLE_RING_KB, KBENCH_SAMPLE_RING_KB_MIN << below(4));
	kbmsg_put_u32(m, KBENCH_A_SAMPLE_KERNEL_DEPTH, 1 + below(KBENCH_SAMPLE_DEPTH_MAX));
	kbmsg_put_u32(m, KBENCH_A_SAMPLE_USER_DEPTH, 1 + below(KBENCH_SAMPLE_DEPTH_MAX));
	if (below(2))
		kbmsg_put_u32(m, KBENCH_A_TARGET_PID, below(2) ? 1 : (uint32_t)getpid());
}

/* One message: random, mutated or valid. Returns its length to send. */
static size_t build_message(struct kbmsg *m, int family)
{
	static const uint16_t flag_sets[] = {
		NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_DUMP, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
	};
	unsigned int i, n, kind = below(10);
	uint8_t cmd = (uint8_t)below(KBENCH_CMD_MAX + 3);
	uint16_t flags = flag_sets[below(4)];

	if (below(20) == 0)
		flags = (uint16_t)rnd() | NLM_F_REQUEST;
	if (kind < 4) {
		/* A command with random attributes. */
		kbmsg_init(m, (uint16_t)family, flags, cmd,
			   below(8) ? KBENCH_GENL_VERSION : (uint8_t)rnd());
		n = below(6);
		for (i = 0; i < n; i++)
			put_random_attr(m, 0);
	} else if (kind < 7) {
		/* A valid START, mutated. */
		build_start(m, family);
		m->nlh.nlmsg_len = (uint32_t)m->len;
		n = 1 + below(4);
		for (i = 0; i < n; i++) {
			size_t at = NLMSG_HDRLEN + below((uint32_t)(m->len - NLMSG_HDRLEN));

			m->buf[at] = below(2) ? (uint8_t)rnd() : m->buf[at] ^ (1U << below(8));
		}
		if (below(3) == 0)
			m->len = NLMSG_HDRLEN + below((uint32_t)(m->len - NLMSG_HDRLEN + 8));
	} else {
		/* A well-formed request of each command, no attributes. */
		kbmsg_init(m, (uint16_t)family, flags, cmd, KBENCH_GENL_VERSION);
		if (cmd == KBENCH_CMD_START)
			build_start(m, family);
	}
	m->nlh.nlmsg_len = (uint32_t)m->len;
	if (below(30) == 0)
		m->nlh.nlmsg_len += below(16) - 8;	/* lies about its length */
	return m->len;
}

struct fuzz {
	struct kbnl k;
	struct kbnl owner;	/* -S: the session's socket */
	int hold, can_start;
	unsigned long sent, errors[160], acks, dumps_cut, reopens, restarts;
};

static int start_session(struct fuzz *f)
{
	struct kbmsg m;
	struct kbreply r;

	kbmsg_init(&m, (uint16_t)f->owner.family, NLM_F_REQUEST | NLM_F_ACK,
		   KBENCH_CMD_START, KBENCH_GENL_VERSION);
	kbmsg_put_u32(&m, KBENCH_A_COLLECT, __KBENCH_COLLECT_ALL);
	kbmsg_put_u32(&m, KBENCH_A_SAMPLE_FREQ, 999);
	kbmsg_put_u32(&m, KBENCH_A_SAMPLE_RING_KB, 64);
	if (kbnl_send(&f->owner, &m) || kbnl_recv(&f->owner, &r, KBNL_BUF, 10000,
						  NULL, NULL))
		return -EIO;
	return r.err;
}

/* Keeps -S's session running: drains it now and then, restarts it. */
static void tend_session(struct fuzz *f)
{
	struct kbreply r;

	if (!f->hold)
		return;
	if (below(16) == 0)
		kbnl_simple(&f->owner, KBENCH_CMD_READ_SAMPLES, 1, &r, NULL, NULL);
	if (!f->can_start || below(8))
		return;
	kbnl_simple(&f->owner, KBENCH_CMD_GET_STATUS, 0, &r, NULL, NULL);
	if (start_session(f) == 0)
		f->restarts++;
}

static void fuzz_one(struct fuzz *f)
{
	static struct kbmsg m;
	struct kbreply r;
	size_t len = build_message(&m, f->k.family);
	size_t buflen = below(4) ? f->k.buflen : 64 + below(8192);
	int ret;

	ret = kbnl_send_raw(&f->k, &m, len);
	f->sent++;
	if (ret) {
		f->errors[0]++;
		return;
	}
	if (below(25) == 0) {
		/* Gone in the middle of whatever the request started. */
		kbnl_close(&f->k);
		f->dumps_cut++;
	} else {
		kbnl_recv(&f->k, &r, buflen, 30, NULL, NULL);
		if (r.err < 0 && -r.err < 160)
			f->errors[-r.err]++;
		else if (!r.err && !r.timed_out)
			f->acks++;
	}
	if (f->k.fd < 0 || below(100) == 0) {
		kbnl_close(&f->k);
		if (kbnl_open(&f->k) == 0)
			f->reopens++;
		else
			f->k.fd = -1;
	}
}

static int drop_to(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid)) {
		perror("kbfuzz: dropping privileges");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fuzz f = { .k.fd = -1, .owner.fd = -1 };
	unsigned long count = 2000, i;
	uint64_t seed = (uint64_t)time(NULL);
	long uid = -1, limit = 120;
	time_t t0;
	int opt;

	while ((opt = getopt(argc, argv, "n:s:t:u:S")) != -1) {
		switch (opt) {
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 't': limit = strtol(optarg, NULL, 0); break;
		case 'u': uid = strtol(optarg, NULL, 0); break;
		case 'S': f.hold = 1; break;
		default:
			fprintf(stderr, "usage: kbfuzz [-n COUNT] [-s SEED] [-t SECONDS] [-u UID] [-S]\n");
			return 2;
		}
	}
	rng_state = seed ? seed : 1;
	if (f.hold && (kbnl_open(&f.owner) || start_session(&f))) {
		fprintf(stderr, "kbfuzz: cannot start the session to hold\n");
		return 1;
	}
	if (uid >= 0 && drop_to((uid_t)uid))
		return 1;
	f.can_start = uid < 0;
	if (kbnl_open(&f.k)) {
		fprintf(stderr, "kbfuzz: cannot open the kbench family\n");
		return 1;
	}
	printf("kbfuzz: seed %llu, %lu messages, uid %d%s\n",
	       (unsigned long long)seed, count, (int)getuid(),
	       f.hold ? ", holding a session" : "");
	t0 = time(NULL);
	for (i = 0; i < count && time(NULL) - t0 < limit; i++) {
		if (f.k.fd < 0 && kbnl_open(&f.k))
			continue;
		fuzz_one(&f);
		tend_session(&f);
	}
	printf("kbfuzz: sent %lu in %ld s: %lu acks, EINVAL %lu, EPERM %lu, "
	       "ENODATA %lu, EBUSY %lu, EOPNOTSUPP %lu, ENOMEM %lu, ESRCH %lu; "
	       "%lu sockets closed mid-request, %lu sessions restarted\n",
	       f.sent, (long)(time(NULL) - t0), f.acks, f.errors[EINVAL],
	       f.errors[EPERM], f.errors[ENODATA], f.errors[EBUSY],
	       f.errors[EOPNOTSUPP], f.errors[ENOMEM], f.errors[ESRCH],
	       f.dumps_cut, f.restarts);
	kbnl_close(&f.k);
	kbnl_close(&f.owner);
	return 0;
}

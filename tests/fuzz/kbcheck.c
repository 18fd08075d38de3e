// SPDX-License-Identifier: GPL-2.0
/*
 * kbcheck: checks of kbench.ko's safety promises (docs/security.md) that
 * need raw control of sockets, credentials and CPUs. Each prints "ok NAME
 * ..." or "FAIL NAME: ..." lines and the program exits with the number of
 * failures. Run as root in a guest (tests/qemu/guest/safety.sh).
 *
 *   kbcheck extack     every refused dump and request carries its reason
 *   kbcheck privilege  a socket opened unprivileged and written by root, a
 *                      privileged socket used by nobody, and a dump whose
 *                      later messages nobody reads, all refused
 *   kbcheck drain FREQ RING_KB SECONDS ROUNDS
 *                      every recorded sample is delivered by one drain
 *                      after STOP_SAMPLER, or was counted as dropped, in
 *                      each of ROUNDS sessions
 *   kbcheck rings FREQ RING_KB SECONDS ROUNDS
 *                      the same with the rings in this process's memory,
 *                      read in place: every misshapen region refused with
 *                      its reason, READ_SAMPLES refused, every recorded
 *                      sample read; then an owner that writes garbage
 *                      tails and unmaps its rings while they are written
 *   kbcheck hotplug SECONDS
 *                      CPUs go offline and online under a system-wide and
 *                      a one-CPU sampler: samples carry their ring's CPU,
 *                      none fall in a CPU's offline time, CPUs that come
 *                      back are sampled again, the accounting adds up
 *   kbcheck badfp      a target with a garbage frame pointer: the
 *                      sampler's faulting user-stack reads are not counted
 *                      as the target's kernel page faults
 *   kbcheck storm SECONDS
 *                      fork/exit/exec storms under a system-wide session
 *                      whose counters are read and reset over and over
 *   kbcheck nomem      the largest rings on every CPU: a clean -ENOMEM with
 *                      a reason when they do not fit
 *   kbcheck parallel SECONDS
 *                      another generic netlink family answers while
 *                      START and STOP run back to back: kbench's slow
 *                      operations do not hold genl_mutex
 *   kbcheck failnth [MAX [SECONDS]]
 *                      each allocation of a START of everything fails in
 *                      turn (/proc/thread-self/fail-nth, a fault-injection
 *                      kernel): each START is refused with -ENOMEM and a
 *                      reason, or absorbs the failure; then a normal START
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kbnl.h"

#define NOBODY	65534
#define MAX_CPUS 64

static int failures;

#define FAIL(name, ...) do {						\
	printf("FAIL %s: ", name);					\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
	failures++;							\
} while (0)

#define OK(name, ...) do {						\
	printf("ok %s: ", name);					\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int nr_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > MAX_CPUS ? MAX_CPUS : (int)n;
}

static void open_or_die(struct kbnl *k)
{
	int ret = kbnl_open(k);

	if (ret) {
		printf("FAIL setup: cannot open the kbench family: %s\n",
		       strerror(-ret));
		exit(100);
	}
}

/* Starts a session on K: COLLECT, sampler FREQ/RING_KB (0: default), CPUS. */
static int start(struct kbnl *k, uint32_t collect, uint32_t pid, uint32_t freq,
		 uint32_t ring_kb, const uint8_t *cpus, size_t cpus_len,
		 struct kbreply *r)
{
	struct kbmsg m;
	int ret;

	kbmsg_init(&m, (uint16_t)k->family, NLM_F_REQUEST | NLM_F_ACK,
		   KBENCH_CMD_START, KBENCH_GENL_VERSION);
	kbmsg_put_u32(&m, KBENCH_A_COLLECT, collect);
	if (pid)
		kbmsg_put_u32(&m, KBENCH_A_TARGET_PID, pid);
	if (freq)
		kbmsg_put_u32(&m, KBENCH_A_SAMPLE_FREQ, freq);
	if (ring_kb)
		kbmsg_put_u32(&m, KBENCH_A_SAMPLE_RING_KB, ring_kb);
	if (cpus)
		kbmsg_put(&m, KBENCH_A_SAMPLE_CPUS, cpus, cpus_len);
	ret = kbnl_send(k, &m);
	return ret ?: kbnl_recv(k, r, k->buflen, 30000, NULL, NULL);
}

static void expect(const char *name, const struct kbreply *r, int err,
		   const char *msg)
{
	if (r->err != err || (msg && strcmp(r->msg, msg)))
		FAIL(name, "got %d \"%s\", want %d \"%s\"", r->err, r->msg, err,
		     msg ? msg : "");
	else
		OK(name, "%d \"%s\"", r->err, r->msg);
}

/* Runs FN(ARG) in a child that is nobody; returns its exit status. */
static int as_nobody(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(99);
		failures = 0;
		fn(arg);
		fflush(stdout);
		_exit(failures);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return 99;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 98;
}

static void stop_all(void)
{
	struct kbnl k;
	struct kbreply r;

	open_or_die(&k);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	kbnl_close(&k);
}

/* ---- extack ---------------------------------------------------------- */

static const char *const no_perm = "needs CAP_PERFMON or CAP_SYS_ADMIN";

static void extack_nobody(void *arg)
{
	struct kbnl k;
	struct kbreply r;

	(void)arg;
	open_or_die(&k);
	kbnl_simple(&k, KBENCH_CMD_GET_COUNTERS, 1, &r, NULL, NULL);
	expect("extack: GET_COUNTERS as nobody", &r, -EPERM, no_perm);
	kbnl_simple(&k, KBENCH_CMD_READ_SAMPLES, 1, &r, NULL, NULL);
	expect("extack: READ_SAMPLES as nobody", &r, -EPERM, no_perm);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	expect("extack: STOP as nobody", &r, -EPERM, no_perm);
	kbnl_simple(&k, KBENCH_CMD_GET_SAMPLER_STATS, 0, &r, NULL, NULL);
	expect("extack: GET_SAMPLER_STATS as nobody", &r, -EPERM, no_perm);
	kbnl_close(&k);
}

static int cmd_extack(void)
{
	struct kbnl k, owner;
	struct kbreply r;

	stop_all();
	open_or_die(&k);
	kbnl_simple(&k, KBENCH_CMD_GET_COUNTERS, 1, &r, NULL, NULL);
	expect("extack: GET_COUNTERS without a session", &r, -ENODATA,
	       "no session is running");
	kbnl_simple(&k, KBENCH_CMD_READ_SAMPLES, 1, &r, NULL, NULL);
	expect("extack: READ_SAMPLES without a session", &r, -ENODATA,
	       "no session is running");
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	expect("extack: STOP without a session", &r, -ENODATA,
	       "no session is running");
	failures += as_nobody(extack_nobody, NULL);

	open_or_die(&owner);
	start(&owner, KBENCH_COLLECT_SYSCALLS, 0, 0, 0, NULL, 0, &r);
	expect("extack: START counting", &r, 0, NULL);
	kbnl_simple(&k, KBENCH_CMD_READ_SAMPLES, 1, &r, NULL, NULL);
	expect("extack: READ_SAMPLES of a session that does not sample", &r,
	       -EOPNOTSUPP, "the session does not sample");
	kbnl_simple(&k, KBENCH_CMD_STOP_SAMPLER, 0, &r, NULL, NULL);
	expect("extack: STOP_SAMPLER of a session that does not sample", &r,
	       -EOPNOTSUPP, "the session does not sample");
	start(&k, KBENCH_COLLECT_SYSCALLS, 0, 0, 0, NULL, 0, &r);
	expect("extack: START while one runs", &r, -EBUSY,
	       "a session is already running");
	failures += as_nobody(extack_nobody, NULL);
	kbnl_close(&owner);
	kbnl_close(&k);
	return failures;
}

/* ---- privilege -------------------------------------------------------- */

struct status_seen {
	int state, has_collect, has_pid;
};

static void status_each(const struct nlmsghdr *nlh, void *arg)
{
	struct status_seen *st = arg;
	struct nlattr *a;
	int len, rem;

	kbnl_for_each_attr(a, kbnl_attrs(nlh, &len), len, rem) {
		if (kbnl_type(a) == KBENCH_A_STATE)
			st->state = (int)*(uint32_t *)kbnl_data(a);
		if (kbnl_type(a) == KBENCH_A_COLLECT)
			st->has_collect = 1;
		if (kbnl_type(a) == KBENCH_A_TARGET_PID)
			st->has_pid = 1;
	}
}

static void status_as_nobody(void *arg)
{
	struct status_seen st = { -1, 0, 0 };
	struct kbnl k;
	struct kbreply r;

	(void)arg;
	open_or_die(&k);
	kbnl_simple(&k, KBENCH_CMD_GET_STATUS, 0, &r, status_each, &st);
	if (r.err || st.state != KBENCH_STATE_RUNNING || st.has_collect ||
	    st.has_pid)
		FAIL("privilege: status as nobody",
		     "err %d state %d collect %d pid %d: want the state only",
		     r.err, st.state, st.has_collect, st.has_pid);
	else
		OK("privilege: status as nobody", "running, no details");
	kbnl_close(&k);
}

/* A privileged socket, inherited by a child that is nobody. */
static void use_inherited(void *arg)
{
	struct kbnl *k = arg;
	struct kbreply r;

	kbnl_simple(k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	expect("privilege: STOP on root's socket, sent by nobody", &r, -EPERM,
	       no_perm);
	kbnl_simple(k, KBENCH_CMD_GET_COUNTERS, 1, &r, NULL, NULL);
	expect("privilege: GET_COUNTERS on root's socket, by nobody", &r,
	       -EPERM, no_perm);
	kbnl_simple(k, KBENCH_CMD_RESET_COUNTERS, 0, &r, NULL, NULL);
	expect("privilege: RESET on root's socket, by nobody", &r, -EPERM,
	       no_perm);
}

/* Reads the rest of a dump root started: its later messages are refused. */
static void read_dump(void *arg)
{
	struct kbnl *k = arg;
	struct kbreply r;

	kbnl_recv(k, &r, k->buflen, 10000, NULL, NULL);
	if (r.err != -EPERM || strcmp(r.msg, no_perm))
		FAIL("privilege: a dump continued by nobody",
		     "%u messages, %zu bytes, then %d \"%s\": want -EPERM",
		     r.nmsgs, r.payload, r.err, r.msg);
	else
		OK("privilege: a dump continued by nobody",
		   "%u messages already queued%s, then -EPERM \"%s\"", r.nmsgs,
		   r.truncated ? " (truncated)" : "", r.msg);
}

/* Opens a socket as nobody (saved uid root), then writes it as root. */
static void setuid_writer(void)
{
	struct kbnl k;
	struct kbreply r;

	if (setresuid(-1, NOBODY, 0)) {
		FAIL("privilege: setuid writer", "setresuid: %s", strerror(errno));
		return;
	}
	open_or_die(&k);
	if (setresuid(-1, 0, -1)) {
		FAIL("privilege: setuid writer", "back to root: %s", strerror(errno));
		exit(100);
	}
	/*
	 * write(), as a setuid program does to a descriptor it was given:
	 * a sendto() that names the kernel is a deliberate request, and
	 * netlink_capable() lets the sender's own capabilities decide.
	 */
	k.write = 1;
	start(&k, KBENCH_COLLECT_SYSCALLS, 0, 0, 0, NULL, 0, &r);
	expect("privilege: START written by root to nobody's socket", &r,
	       -EPERM, no_perm);
	kbnl_simple(&k, KBENCH_CMD_GET_COUNTERS, 1, &r, NULL, NULL);
	expect("privilege: GET_COUNTERS written by root to nobody's socket",
	       &r, -EPERM, no_perm);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	expect("privilege: STOP written by root to nobody's socket", &r,
	       -EPERM, no_perm);
	kbnl_close(&k);
}

static int cmd_privilege(void)
{
	struct kbnl owner, k;
	struct kbreply r;

	stop_all();
	setuid_writer();
	open_or_die(&owner);
	start(&owner, __KBENCH_COLLECT_ALL, 0, 20000, 1024, NULL, 0, &r);
	expect("privilege: START sampling system-wide", &r, 0, NULL);
	failures += as_nobody(status_as_nobody, NULL);
	open_or_die(&k);
	failures += as_nobody(use_inherited, &k);

	/* Let the rings fill, ask for a dump, and leave it to nobody. */
	usleep(500000);
	{
		struct kbmsg m;

		kbmsg_init(&m, (uint16_t)k.family, NLM_F_REQUEST | NLM_F_DUMP,
			   KBENCH_CMD_READ_SAMPLES, KBENCH_GENL_VERSION);
		kbnl_send(&k, &m);
	}
	failures += as_nobody(read_dump, &k);
	kbnl_close(&k);
	kbnl_simple(&owner, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	expect("privilege: the owner still stops its session", &r, 0, NULL);
	kbnl_close(&owner);
	return failures;
}

/* ---- samples: drain, hotplug ------------------------------------------ */

struct cpu_tally {
	uint64_t delivered[MAX_CPUS];
	uint64_t mixed;		/* attributes holding more than one CPU */
	uint64_t bad;		/* malformed records */
	uint64_t records, faulted;
	/* Offline intervals per CPU, [from, to) ns; to == 0: still offline. */
	uint64_t off_from[MAX_CPUS][64], off_to[MAX_CPUS][64];
	int noff[MAX_CPUS];
	uint64_t in_offline;	/* samples due while their CPU was offline */
	uint64_t after_online[MAX_CPUS];	/* samples after a CPU came back */
	uint64_t last_online[MAX_CPUS];
	uint64_t outside_mask;
	uint64_t mask;		/* 0: every CPU */
};

static void tally_record(struct cpu_tally *t, const struct kbench_sample *s)
{
	int i;

	t->records++;
	if (s->flags & KBENCH_SAMPLE_USER_FAULTED)
		t->faulted++;
	if (s->cpu >= MAX_CPUS) {
		t->bad++;
		return;
	}
	t->delivered[s->cpu]++;
	if (t->mask && !(t->mask & (1ULL << s->cpu)))
		t->outside_mask++;
	for (i = 0; i < t->noff[s->cpu]; i++)
		if (s->time_ns > t->off_from[s->cpu][i] + 50000000ULL &&
		    (!t->off_to[s->cpu][i] || s->time_ns < t->off_to[s->cpu][i]))
			t->in_offline++;
	if (t->last_online[s->cpu] && s->time_ns > t->last_online[s->cpu])
		t->after_online[s->cpu]++;
}

static void samples_each(const struct nlmsghdr *nlh, void *arg)
{
	struct cpu_tally *t = arg;
	struct nlattr *a;
	int len, rem;

	kbnl_for_each_attr(a, kbnl_attrs(nlh, &len), len, rem) {
		uint8_t *p = kbnl_data(a), *end = p + kbnl_len(a);
		int cpu = -1;

		if (kbnl_type(a) != KBENCH_A_SAMPLES)
			continue;
		while (p + sizeof(struct kbench_sample) <= end) {
			const struct kbench_sample *s = (const void *)p;

			if (s->size < sizeof(*s) || s->size % 8 || p + s->size > end ||
			    s->size != sizeof(*s) + 8 * (s->nr_kernel + s->nr_user)) {
				t->bad++;
				break;
			}
			if (cpu >= 0 && s->cpu != cpu)
				t->mixed++;
			cpu = s->cpu;
			tally_record(t, s);
			p += s->size;
		}
	}
}

struct cpu_stats {
	uint64_t fired, recorded, dropped, filtered, missed;
	int seen;
};

static void stats_each(const struct nlmsghdr *nlh, void *arg)
{
	struct cpu_stats *st = arg;
	struct nlattr *a, *c, *v;
	int len, rem, crem, vrem;

	kbnl_for_each_attr(a, kbnl_attrs(nlh, &len), len, rem) {
		if (kbnl_type(a) != KBENCH_A_CPU_STATS)
			continue;
		kbnl_for_each_attr(c, (struct nlattr *)kbnl_data(a), kbnl_len(a), crem) {
			struct cpu_stats one = { 0 };
			uint32_t id = MAX_CPUS;

			kbnl_for_each_attr(v, (struct nlattr *)kbnl_data(c), kbnl_len(c), vrem) {
				uint64_t x = 0;

				if (kbnl_len(v) == 8)
					memcpy(&x, kbnl_data(v), 8);
				switch (kbnl_type(v)) {
				case KBENCH_A_CPU_ID: id = *(uint32_t *)kbnl_data(v); break;
				case KBENCH_A_CPU_FIRED: one.fired = x; break;
				case KBENCH_A_CPU_RECORDED: one.recorded = x; break;
				case KBENCH_A_CPU_DROPPED: one.dropped = x; break;
				case KBENCH_A_CPU_FILTERED: one.filtered = x; break;
				case KBENCH_A_CPU_MISSED: one.missed = x; break;
				}
			}
			if (id < MAX_CPUS) {
				one.seen = 1;
				st[id] = one;
			}
		}
	}
}

/* One READ_SAMPLES dump, read K->buflen bytes at a time. */
static int drain(struct kbnl *k, struct cpu_tally *t, const char *name)
{
	struct kbreply r;
	struct kbmsg m;

	kbmsg_init(&m, (uint16_t)k->family, NLM_F_REQUEST | NLM_F_DUMP,
		   KBENCH_CMD_READ_SAMPLES, KBENCH_GENL_VERSION);
	if (kbnl_send(k, &m) ||
	    kbnl_recv(k, &r, k->buflen, 10000, samples_each, t))
		r.timed_out = 1;
	if (r.err || r.timed_out || r.truncated) {
		FAIL(name, "READ_SAMPLES: %d \"%s\"%s%s", r.err, r.msg,
		     r.timed_out ? " (timed out)" : "",
		     r.truncated ? " (truncated)" : "");
		return -1;
	}
	return 0;
}

/*
 * After STOP_SAMPLER, one drain must bring every recorded sample: checks
 * delivered == recorded and fired == recorded + dropped + filtered.
 */
static void final_accounting(struct kbnl *k, struct cpu_tally *t,
			     const char *name, int need_drops, int netlink)
{
	struct cpu_stats st[MAX_CPUS] = { { 0 } };
	struct kbreply r;
	uint64_t rec = 0, del = 0, drop = 0, fired = 0;
	int cpu, bad = 0;

	if (netlink) {
		kbnl_simple(k, KBENCH_CMD_STOP_SAMPLER, 0, &r, NULL, NULL);
		if (r.err)
			FAIL(name, "STOP_SAMPLER: %d \"%s\"", r.err, r.msg);
		drain(k, t, name);
	}
	kbnl_simple(k, KBENCH_CMD_GET_SAMPLER_STATS, 0, &r, stats_each, st);
	if (r.err)
		FAIL(name, "GET_SAMPLER_STATS: %d \"%s\"", r.err, r.msg);
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!st[cpu].seen) {
			if (t->delivered[cpu]) {
				FAIL(name, "CPU %d: %llu samples, no stats", cpu,
				     (unsigned long long)t->delivered[cpu]);
				bad++;
			}
			continue;
		}
		if (st[cpu].fired != st[cpu].recorded + st[cpu].dropped + st[cpu].filtered ||
		    st[cpu].recorded != t->delivered[cpu]) {
			FAIL(name, "CPU %d: fired %llu recorded %llu dropped %llu filtered %llu, delivered %llu",
			     cpu, (unsigned long long)st[cpu].fired,
			     (unsigned long long)st[cpu].recorded,
			     (unsigned long long)st[cpu].dropped,
			     (unsigned long long)st[cpu].filtered,
			     (unsigned long long)t->delivered[cpu]);
			bad++;
		}
		rec += st[cpu].recorded;
		del += t->delivered[cpu];
		drop += st[cpu].dropped;
		fired += st[cpu].fired;
	}
	if (t->bad || t->mixed) {
		FAIL(name, "%llu malformed records, %llu batches mixing CPUs",
		     (unsigned long long)t->bad, (unsigned long long)t->mixed);
		bad++;
	}
	if (need_drops && !drop) {
		FAIL(name, "no drops: the rings never filled, nothing was tested");
		bad++;
	}
	if (!bad)
		OK(name, "fired %llu, recorded %llu = delivered %llu, dropped %llu",
		   (unsigned long long)fired, (unsigned long long)rec,
		   (unsigned long long)del, (unsigned long long)drop);
}

static void busy_loop(void);

/*
 * Recurses DEPTH frames before it spins: deep user stacks make large
 * records, so a ring's wrap pad is often where a drain finds it.
 */
static __attribute__((noinline)) int deep(int depth)
{
	volatile int keep = depth;

	if (depth > 0)
		keep += deep(depth - 1);
	else
		busy_loop();
	return keep;
}

/* Busy children whose stacks differ in depth: records of every size. */
static pid_t spawn_load(int n)
{
	pid_t leader = fork();
	int i;

	if (leader)
		return leader;
	setpgid(0, 0);
	for (i = 1; i < n; i++)
		if (fork() == 0)
			break;
	deep(i % 2 ? 120 : 10);
	_exit(0);
}

static void busy_loop(void)
{
	for (;;) {
		char buf[64];
		int fd = open("/proc/self/stat", O_RDONLY);

		if (fd >= 0) {
			if (read(fd, buf, sizeof(buf)) < 0)
				_exit(1);
			close(fd);
		}
		for (volatile int j = 0; j < 20000; j++)
			;
		/* Orphaned (the checker died): stop burning the guest's CPU. */
		if (getppid() == 1)
			return;
	}
}

static void stop_load(pid_t leader)
{
	kill(-leader, SIGKILL);
	kill(leader, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0 || waitpid(leader, NULL, 0) > 0)
		;
}

/* One session: sample, drain as it goes, then the last drain's verdict. */
static void drain_round(uint32_t freq, uint32_t ring, double secs, int round)
{
	static struct cpu_tally t;
	char name[96];
	struct kbnl k;
	struct kbreply r;
	uint64_t end;

	memset(&t, 0, sizeof(t));
	/*
	 * Small reads: the kernel sizes dump messages from the reader's
	 * buffer, so a ring's wrap pad often lands at a message's edge.
	 */
	if (kbnl_open_buf(&k, 4096))
		open_or_die(&k);
	start(&k, KBENCH_COLLECT_SAMPLES, 0, freq, ring, NULL, 0, &r);
	expect("drain: START", &r, 0, NULL);
	end = now_ns() + (uint64_t)(secs * 1e9);
	while (now_ns() < end) {
		usleep(20000);
		if (drain(&k, &t, "drain"))
			break;
	}
	snprintf(name, sizeof(name),
		 "drain: round %d: one last drain brings every recorded sample", round);
	final_accounting(&k, &t, name, 1, 1);
	kbnl_close(&k);
}

/* FREQ RING_KB SECONDS ROUNDS of drain and rings, with their defaults. */
struct round_args {
	uint32_t freq, ring;
	double secs;
	int rounds;
};

static struct round_args round_args(int argc, char **argv)
{
	return (struct round_args){
		.freq = argc > 2 ? (uint32_t)atoi(argv[2]) : 20000,
		.ring = argc > 3 ? (uint32_t)atoi(argv[3]) : 16,
		.secs = argc > 4 ? atof(argv[4]) : 1,
		.rounds = argc > 5 ? atoi(argv[5]) : 3,
	};
}

static int cmd_drain(int argc, char **argv)
{
	struct round_args a = round_args(argc, argv);
	pid_t load;

	stop_all();
	load = spawn_load(3);
	for (int i = 1; i <= a.rounds; i++)
		drain_round(a.freq, a.ring, a.secs, i);
	stop_load(load);
	return failures;
}

/* ---- samples in the owner's memory ------------------------------------ */

struct region {
	uint8_t *base;
	size_t len, slot, page;
	uint64_t ring;
	unsigned int ids;
};

/* A region for RING_KB rings and every CPU id; PROT: its protection. */
static int region_map(struct region *g, uint32_t ring_kb, int prot)
{
	char buf[256] = "";
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char *p;

	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	/* The last number of the list is the highest CPU id. */
	p = buf + strcspn(buf, "\n");
	while (p > buf && (p[-1] >= '0' && p[-1] <= '9'))
		p--;
	g->ids = (unsigned int)atoi(p) + 1;
	g->page = (size_t)sysconf(_SC_PAGESIZE);
	for (g->ring = 1; g->ring < ring_kb * 1024ULL;)
		g->ring <<= 1;
	g->slot = g->page + g->ring;
	g->len = g->slot * g->ids;
	g->base = mmap(NULL, g->len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return g->base == MAP_FAILED ? -1 : 0;
}

static int start_region(struct kbnl *k, uint32_t freq, uint32_t ring_kb,
			const uint64_t *addr, const uint64_t *len,
			uint32_t ustack, struct kbreply *r)
{
	struct kbmsg m;
	int ret;

	kbmsg_init(&m, (uint16_t)k->family, NLM_F_REQUEST | NLM_F_ACK,
		   KBENCH_CMD_START, KBENCH_GENL_VERSION);
	kbmsg_put_u32(&m, KBENCH_A_COLLECT, KBENCH_COLLECT_SAMPLES);
	kbmsg_put_u32(&m, KBENCH_A_SAMPLE_FREQ, freq);
	kbmsg_put_u32(&m, KBENCH_A_SAMPLE_RING_KB, ring_kb);
	if (addr)
		kbmsg_put(&m, KBENCH_A_SAMPLE_RING_ADDR, addr, sizeof(*addr));
	if (len)
		kbmsg_put(&m, KBENCH_A_SAMPLE_RING_LEN, len, sizeof(*len));
	if (ustack)
		kbmsg_put_u32(&m, KBENCH_A_SAMPLE_USER_STACK, ustack);
	ret = kbnl_send(k, &m);
	return ret ?: kbnl_recv(k, r, k->buflen, 30000, NULL, NULL);
}

/*
 * Reads every ring of G in place, as the CLI does, into T; frees the
 * space. Returns -1 (and counts a bad record) when a ring is not what the
 * module writes.
 */
static int region_read(struct region *g, struct cpu_tally *t)
{
	for (unsigned int cpu = 0; cpu < g->ids; cpu++) {
		struct kbench_ring_ctl *ctl = (void *)(g->base + cpu * g->slot);
		uint8_t *ring = (uint8_t *)ctl + g->page;
		uint64_t head, tail = ctl->tail;

		if (ctl->size != g->ring)
			continue;
		head = __atomic_load_n(&ctl->head, __ATOMIC_ACQUIRE);
		if (head - tail > g->ring)
			goto bad;
		while (tail < head) {
			const struct kbench_sample *s = (void *)(ring + (tail & (g->ring - 1)));

			if (s->context == KBENCH_CTX_PAD) {
				tail += s->size;
				continue;
			}
			if (s->size < sizeof(*s) || s->size % 8 || s->size > head - tail ||
			    s->size != sizeof(*s) + 8 * (s->nr_kernel + s->nr_user) ||
			    s->cpu != cpu)
				goto bad;
			tally_record(t, s);
			tail += s->size;
		}
		__atomic_store_n(&ctl->tail, tail, __ATOMIC_RELEASE);
	}
	return 0;
bad:
	t->bad++;
	return -1;
}

static void rings_extack(uint32_t ring_kb)
{
	struct region g, ro;
	uint64_t addr, len, odd;
	struct kbreply r;
	struct kbnl k;

	if (region_map(&g, ring_kb, PROT_READ | PROT_WRITE) ||
	    region_map(&ro, ring_kb, PROT_READ)) {
		FAIL("rings: setup", "cannot map a region: %s", strerror(errno));
		return;
	}
	open_or_die(&k);
	addr = (uintptr_t)g.base;
	len = g.len;
	start_region(&k, 999, ring_kb, &addr, NULL, 0, &r);
	expect("rings: extack: an address without a length", &r, -EINVAL,
	       "the ring region needs both its address and its length");
	odd = addr + 8;
	start_region(&k, 999, ring_kb, &odd, &len, 0, &r);
	expect("rings: extack: an address off a page boundary", &r, -EINVAL,
	       "the ring region must start on a page boundary");
	odd = len - g.page;
	start_region(&k, 999, ring_kb, &addr, &odd, 0, &r);
	expect("rings: extack: a length short of a slot", &r, -EINVAL,
	       "the ring region must be a page and a ring for each CPU id below nr_cpu_ids");
	odd = (uintptr_t)ro.base;
	start_region(&k, 999, ring_kb, &odd, &len, 0, &r);
	expect("rings: extack: read-only memory", &r, -EFAULT,
	       "the ring region is not writable memory of the caller");
	munmap(ro.base, ro.len);
	start_region(&k, 999, ring_kb, &odd, &len, 0, &r);
	expect("rings: extack: unmapped memory", &r, -EFAULT,
	       "the ring region is not writable memory of the caller");
	/* Shared memory is a file's (shmem): never pinned for long. */
	ro.base = mmap(NULL, g.len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ro.base == MAP_FAILED) {
		FAIL("rings: setup", "cannot map shared memory: %s", strerror(errno));
	} else {
		odd = (uintptr_t)ro.base;
		start_region(&k, 999, ring_kb, &odd, &len, 0, &r);
		expect("rings: extack: shared memory", &r, -EINVAL,
		       "the ring region must be private anonymous memory");
		munmap(ro.base, g.len);
	}
	start_region(&k, 999, ring_kb, &addr, &len, 0, &r);
	expect("rings: START with a region", &r, 0, NULL);
	kbnl_simple(&k, KBENCH_CMD_READ_SAMPLES, 1, &r, NULL, NULL);
	expect("rings: extack: READ_SAMPLES of rings in the owner's memory", &r,
	       -EBUSY, "the rings are in the owner's memory: it reads them there");
	kbnl_close(&k);
	munmap(g.base, g.len);
}

static int scribbling;

/*
 * Fills every ring with 0xff over and over, where the tick writes its
 * records: the tick must never read a field back from them (sizes and
 * counts that send its next writes past the ring).
 */
static void *scribble(void *arg)
{
	struct region *g = arg;

	while (__atomic_load_n(&scribbling, __ATOMIC_ACQUIRE))
		for (unsigned int cpu = 0; cpu < g->ids; cpu++)
			memset(g->base + cpu * g->slot + g->page, 0xff, g->ring);
	return NULL;
}

/*
 * One session read in place; HOSTILE: user-stack copies (the largest
 * records) into rings scribbled on, garbage tails, then no rings at all.
 */
static void rings_round(uint32_t freq, uint32_t ring_kb, double secs, int round,
			int hostile)
{
	static struct cpu_tally t;
	pthread_t scribbler;
	struct region g;
	uint64_t addr, len, end;
	struct kbreply r;
	struct kbnl k;
	char name[96];
	int n = 0;

	memset(&t, 0, sizeof(t));
	scribbling = hostile;
	if (region_map(&g, ring_kb, PROT_READ | PROT_WRITE)) {
		FAIL("rings: setup", "cannot map a region: %s", strerror(errno));
		return;
	}
	open_or_die(&k);
	addr = (uintptr_t)g.base;
	len = g.len;
	start_region(&k, freq, ring_kb, &addr, &len, hostile ? 4096 : 0, &r);
	expect("rings: START", &r, 0, NULL);
	if (hostile)
		pthread_create(&scribbler, NULL, scribble, &g);
	end = now_ns() + (uint64_t)(secs * 1e9);
	while (now_ns() < end) {
		usleep(20000);
		if (!hostile) {
			if (region_read(&g, &t))
				break;
			continue;
		}
		/* Tails anywhere: the module may only drop or overwrite. */
		for (unsigned int cpu = 0; cpu < g.ids; cpu++) {
			struct kbench_ring_ctl *ctl = (void *)(g.base + cpu * g.slot);

			ctl->tail = (uint64_t)rand() * 2654435761u ^ ((uint64_t)rand() << 40);
			ctl->size = 0;
		}
		if (++n == 10)
			break;
	}
	if (hostile) {
		/* The pages stay pinned and written; only the owner loses them. */
		__atomic_store_n(&scribbling, 0, __ATOMIC_RELEASE);
		pthread_join(scribbler, NULL);
		munmap(g.base, g.len);
		usleep((useconds_t)(secs * 1e6 / 2));
		kbnl_simple(&k, KBENCH_CMD_STOP_SAMPLER, 0, &r, NULL, NULL);
		expect("rings: hostile owner: STOP_SAMPLER", &r, 0, NULL);
		kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
		expect("rings: hostile owner: STOP", &r, 0, NULL);
		kbnl_close(&k);
		return;
	}
	kbnl_simple(&k, KBENCH_CMD_STOP_SAMPLER, 0, &r, NULL, NULL);
	expect("rings: STOP_SAMPLER", &r, 0, NULL);
	region_read(&g, &t);
	snprintf(name, sizeof(name),
		 "rings: round %d: the rings hold every recorded sample", round);
	final_accounting(&k, &t, name, 1, 0);
	kbnl_close(&k);
	munmap(g.base, g.len);
}

static int cmd_rings(int argc, char **argv)
{
	struct round_args a = round_args(argc, argv);
	pid_t load;

	stop_all();
	rings_extack(a.ring);
	load = spawn_load(3);
	for (int i = 1; i <= a.rounds; i++)
		rings_round(a.freq, a.ring, a.secs, i, 0);
	/* Room for four records with 4 KiB of stack each. */
	rings_round(a.freq, a.ring < 64 ? 64 : a.ring, a.secs, a.rounds + 1, 1);
	stop_load(load);
	return failures;
}

static int set_online(int cpu, int on)
{
	char path[80];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, on ? "1" : "0", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

/* Takes each CPU but 0 offline and back, draining as it goes. */
static void hotplug_cycles(struct kbnl *k, struct cpu_tally *t, double secs,
			   const char *name)
{
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9);
	int n = nr_cpus(), cpu = 1, ret;

	while (n > 1 && now_ns() < end) {
		if (t->noff[cpu] < 64) {
			t->off_from[cpu][t->noff[cpu]] = now_ns();
			ret = set_online(cpu, 0);
			if (ret) {
				FAIL(name, "CPU %d offline: %s", cpu, strerror(-ret));
				return;
			}
			usleep(300000);
			drain(k, t, name);
			t->off_to[cpu][t->noff[cpu]++] = now_ns();
		}
		ret = set_online(cpu, 1);
		if (ret) {
			FAIL(name, "CPU %d online: %s", cpu, strerror(-ret));
			return;
		}
		t->last_online[cpu] = now_ns();
		usleep(300000);
		drain(k, t, name);
		cpu = cpu + 1 < n ? cpu + 1 : 1;
	}
}

static void hotplug_check(struct cpu_tally *t, const char *name, int ncycled)
{
	int cpu, back = 1;

	for (cpu = 1; cpu < ncycled; cpu++)
		if (t->noff[cpu] && !t->after_online[cpu] &&
		    (!t->mask || t->mask & (1ULL << cpu)))
			back = 0;
	if (t->in_offline || t->outside_mask || !back)
		FAIL(name, "%llu samples while their CPU was offline, %llu outside the mask, CPUs sampled again after coming back: %s",
		     (unsigned long long)t->in_offline,
		     (unsigned long long)t->outside_mask, back ? "all" : "NOT all");
	else
		OK(name, "%llu samples, none while offline or outside the mask, every CPU sampled again",
		   (unsigned long long)t->records);
}

static int cmd_hotplug(int argc, char **argv)
{
	double secs = argc > 2 ? atof(argv[2]) : 4;
	static struct cpu_tally all, one;
	int n = nr_cpus(), last = n - 1;
	uint8_t mask[8] = { 0 };
	struct kbnl k;
	struct kbreply r;
	pid_t load;

	if (n < 2) {
		FAIL("hotplug", "needs 2 CPUs or more, has %d", n);
		return failures;
	}
	stop_all();
	load = spawn_load(n);
	open_or_die(&k);
	start(&k, KBENCH_COLLECT_SAMPLES, 0, 4000, 256, NULL, 0, &r);
	expect("hotplug: START on every CPU", &r, 0, NULL);
	hotplug_cycles(&k, &all, secs, "hotplug: every CPU");
	final_accounting(&k, &all, "hotplug: every CPU: accounting", 0, 1);
	hotplug_check(&all, "hotplug: every CPU", n);
	kbnl_close(&k);

	/* A one-CPU sampler: its CPU's timer must not go sample another. */
	open_or_die(&k);
	mask[last / 8] = (uint8_t)(1U << (last % 8));
	one.mask = 1ULL << last;
	start(&k, KBENCH_COLLECT_SAMPLES, 0, 4000, 256, mask, sizeof(mask), &r);
	expect("hotplug: START on the last CPU", &r, 0, NULL);
	for (int i = 0; i < 3; i++) {
		one.off_from[last][one.noff[last]] = now_ns();
		set_online(last, 0);
		usleep(400000);
		drain(&k, &one, "hotplug: one CPU");
		one.off_to[last][one.noff[last]++] = now_ns();
		set_online(last, 1);
		one.last_online[last] = now_ns();
		usleep(400000);
		drain(&k, &one, "hotplug: one CPU");
	}
	final_accounting(&k, &one, "hotplug: one CPU: accounting", 0, 1);
	hotplug_check(&one, "hotplug: one CPU", n);
	kbnl_close(&k);
	stop_load(load);
	for (int cpu = 1; cpu < n; cpu++)
		set_online(cpu, 1);
	return failures;
}

/* ---- page faults of the sampler's own reads ---------------------------- */

struct faults {
	uint64_t user, kernel;
	int seen;
};

static void faults_each(const struct nlmsghdr *nlh, void *arg)
{
	struct faults *f = arg;
	struct nlattr *a, *v;
	int len, rem, vrem;

	kbnl_for_each_attr(a, kbnl_attrs(nlh, &len), len, rem) {
		if (kbnl_type(a) != KBENCH_A_FAULTS)
			continue;
		f->seen = 1;
		kbnl_for_each_attr(v, (struct nlattr *)kbnl_data(a), kbnl_len(a), vrem) {
			if (kbnl_len(v) != 8)
				continue;
			if (kbnl_type(v) == KBENCH_A_FAULT_USER)
				memcpy(&f->user, kbnl_data(v), 8);
			if (kbnl_type(v) == KBENCH_A_FAULT_KERNEL)
				memcpy(&f->kernel, kbnl_data(v), 8);
		}
	}
}

/*
 * Spins in user mode with a frame pointer into unmapped memory: every user
 * stack walk of the sampler faults on its first read. No syscall, no
 * fault of its own.
 */
static void badfp_spin(void)
{
	__asm__ volatile(
		"push %%rbp\n\t"
		"mov $0x10000000, %%rbp\n\t"
		"1: jmp 1b\n\t"
		::: "memory");
	__builtin_unreachable();
}

static int cmd_badfp(void)
{
	static struct cpu_tally t;
	struct faults f = { 0 };
	struct kbnl k;
	struct kbreply r;
	int pipefd[2];
	pid_t child;
	char c;

	stop_all();
	if (pipe(pipefd))
		return 100;
	child = fork();
	if (child == 0) {
		close(pipefd[0]);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		badfp_spin();
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1)
		return 100;
	usleep(100000);
	open_or_die(&k);
	start(&k, KBENCH_COLLECT_SAMPLES | KBENCH_COLLECT_FAULTS, (uint32_t)child,
	      20000, 1024, NULL, 0, &r);
	expect("badfp: START on the spinning child", &r, 0, NULL);
	for (int i = 0; i < 15; i++) {
		usleep(100000);
		drain(&k, &t, "badfp");
	}
	kbnl_simple(&k, KBENCH_CMD_GET_COUNTERS, 1, &r, faults_each, &f);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	if (r.err || !f.seen)
		FAIL("badfp", "GET_COUNTERS: %d \"%s\"", r.err, r.msg);
	else if (!t.faulted)
		FAIL("badfp", "no sample's user walk faulted (%llu samples): nothing tested",
		     (unsigned long long)t.records);
	else if (f.kernel)
		FAIL("badfp", "%llu kernel page faults counted for a target that took none (%llu walks faulted)",
		     (unsigned long long)f.kernel, (unsigned long long)t.faulted);
	else
		OK("badfp", "%llu walks faulted, 0 kernel faults counted",
		   (unsigned long long)t.faulted);
	kbnl_close(&k);
	return failures;
}

/* ---- fork/exit storms under counters read over and over ---------------- */

static void *thread_exec(void *arg)
{
	char *const args[] = { "/bin/true", NULL };

	(void)arg;
	execv(args[0], args);
	_exit(0);
}

static void *thread_exit(void *arg)
{
	(void)arg;
	getppid();
	return NULL;
}

/*
 * Forks children that run a thread which exits, or (one in four) whose
 * non-leader thread execs while the leader waits to be reaped by it.
 */
static void storm_child(uint64_t end)
{
	while (now_ns() < end) {
		pid_t p = fork();

		if (p == 0) {
			pthread_t th;

			if ((getpid() & 3) == 0 &&
			    pthread_create(&th, NULL, thread_exec, NULL) == 0)
				pause();
			if (pthread_create(&th, NULL, thread_exit, NULL) == 0)
				pthread_join(th, NULL);
			_exit(0);
		}
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	_exit(0);
}

static int cmd_storm(int argc, char **argv)
{
	double secs = argc > 2 ? atof(argv[2]) : 10;
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9), reads = 0, resets = 0;
	pid_t kids[8];
	int n = nr_cpus(), i, errs = 0;
	struct kbnl k;
	struct kbreply r;

	stop_all();
	open_or_die(&k);
	start(&k, __KBENCH_COLLECT_ALL, 0, 999, 256, NULL, 0, &r);
	expect("storm: START everything system-wide", &r, 0, NULL);
	if (n > 8)
		n = 8;
	for (i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			storm_child(end);
	}
	while (now_ns() < end) {
		kbnl_simple(&k, KBENCH_CMD_GET_COUNTERS, 1, &r, NULL, NULL);
		if (r.err && r.err != -EAGAIN)
			errs++;
		reads++;
		if (reads % 8 == 0) {
			kbnl_simple(&k, KBENCH_CMD_RESET_COUNTERS, 0, &r, NULL, NULL);
			resets++;
		}
		if (reads % 4 == 0) {
			static struct cpu_tally t;

			drain(&k, &t, "storm");
		}
	}
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	if (errs || r.err)
		FAIL("storm", "%d failed reads, STOP %d", errs, r.err);
	else
		OK("storm", "%llu counter reads, %llu resets, %d storming processes",
		   (unsigned long long)reads, (unsigned long long)resets, n);
	kbnl_close(&k);
	return failures;
}

/* ---- other generic netlink families while START and STOP are slow ------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median_u64(uint64_t *v, unsigned int n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* Child: START (system-wide, latency: the largest allocations) and STOP. */
static void slow_ops(uint64_t end, int out)
{
	static uint64_t t[2048];
	struct kbreply r;
	unsigned int n = 0;
	struct kbnl k;
	uint64_t m;

	open_or_die(&k);
	while (now_ns() < end && n < 2048) {
		uint64_t t0 = now_ns();

		start(&k, KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_SYSCALL_LATENCY,
		      0, 0, 0, NULL, 0, &r);
		if (r.err)
			_exit(1);
		t[n++] = now_ns() - t0;
		kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	}
	m = median_u64(t, n);
	if (write(out, &m, sizeof(m)) != sizeof(m))
		_exit(1);
	_exit(0);
}

/*
 * While another process STARTs and STOPs sessions back to back, the
 * generic netlink controller (a family that takes genl_mutex) answers
 * CTRL_CMD_GETFAMILY over and over. Were kbench's operations under
 * genl_mutex, a request would wait for the START or STOP in progress about
 * once a cycle (waits over half a START), and most of the time would go to
 * such waits (requests 20 times slower than the median): with the module
 * built without parallel_ops, 49 such waits and 92% in 5 s. Both must be
 * seen to fail: either alone is also what a loaded host can do.
 */
static int cmd_parallel(int argc, char **argv)
{
	double secs = argc > 2 ? atof(argv[2]) : 5, share;
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9), med, start_med = 0;
	uint64_t total = 0, slow = 0;
	static uint64_t lat[65536];
	unsigned int n = 0, i, waits = 0;
	int fds[2], st;
	struct kbnl k;
	pid_t pid;

	stop_all();
	if (pipe(fds))
		return 1;
	pid = fork();
	if (pid == 0)
		slow_ops(end, fds[1]);
	while (now_ns() < end && n < 65536) {
		uint64_t t0 = now_ns();

		/* kbnl_open() is one CTRL_CMD_GETFAMILY and its reply. */
		open_or_die(&k);
		lat[n++] = now_ns() - t0;
		kbnl_close(&k);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) ||
	    read(fds[0], &start_med, sizeof(start_med)) != sizeof(start_med)) {
		FAIL("parallel", "the START/STOP loop failed");
		return failures;
	}
	med = median_u64(lat, n);
	for (i = 0; i < n; i++) {
		total += lat[i];
		slow += lat[i] > 20 * med ? lat[i] : 0;
		waits += lat[i] > start_med / 2;
	}
	share = total ? 100.0 * (double)slow / (double)total : 0;
	if (waits >= 5 && share >= 50)
		FAIL("parallel", "%u nlctrl requests waited over half a START (%.1f ms), %.0f%% of the time in slow ones: kbench holds genl_mutex?",
		     waits, start_med / 1e6, share);
	else
		OK("parallel", "%u nlctrl requests (median %.3f ms, max %.1f ms) while STARTs took %.1f ms: %u waited over half a START, %.0f%% of the time in slow ones",
		   n, med / 1e6, lat[n - 1] / 1e6, start_med / 1e6, waits, share);
	return failures;
}

/* ---- the largest rings ------------------------------------------------ */

static int cmd_nomem(void)
{
	struct kbnl k;
	struct kbreply r;

	stop_all();
	open_or_die(&k);
	start(&k, KBENCH_COLLECT_SAMPLES, 0, 999, KBENCH_SAMPLE_RING_KB_MAX, NULL,
	      0, &r);
	if (r.err == 0) {
		printf("note nomem: %d CPUs x 64 MiB fit this guest\n", nr_cpus());
		kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	} else {
		expect("nomem: START with the largest rings", &r, -ENOMEM,
		       "the sample rings would take more than an eighth of memory: use smaller rings");
	}
	/* And the system still starts a normal session. */
	start(&k, KBENCH_COLLECT_SAMPLES, 0, 999, 64, NULL, 0, &r);
	expect("nomem: a normal START afterwards", &r, 0, NULL);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	kbnl_close(&k);
	return failures;
}

/* ---- every allocation of START failing in turn ------------------------- */

/* Distinct outcomes of the walk: errno, extack text, how often. */
struct failnth_outcome {
	int err;
	char msg[128];
	unsigned int count, first;
};

static void failnth_tally(struct failnth_outcome *o, unsigned int *n,
			  int err, const char *msg, unsigned int nth)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (o[i].err == err && !strcmp(o[i].msg, msg))
			break;
	if (i == *n) {
		if (*n == 32)
			return;
		o[i] = (struct failnth_outcome){ .err = err, .first = nth };
		snprintf(o[i].msg, sizeof(o[i].msg), "%s", msg);
		(*n)++;
	}
	o[i].count++;
}

/*
 * One START of everything with the NTH fault-injectable allocation of this
 * thread failing (FD: /proc/thread-self/fail-nth, armed just before the
 * request, read back after its reply). Returns how many calls were left
 * (> 0: START made fewer than NTH), or -1 when the walk cannot go on.
 */
static int failnth_once(int fd, unsigned int nth, struct failnth_outcome *o,
			unsigned int *no, int *reached)
{
	char buf[32];
	struct kbreply r;
	struct kbnl k;
	int len, ret;

	open_or_die(&k);
	len = snprintf(buf, sizeof(buf), "%u", nth);
	if (pwrite(fd, buf, len, 0) != len) {
		FAIL("failnth", "cannot arm fail-nth: %s", strerror(errno));
		kbnl_close(&k);
		return -1;
	}
	ret = start(&k, __KBENCH_COLLECT_ALL, 0, 999, 64, NULL, 0, &r);
	len = (int)pread(fd, buf, sizeof(buf) - 1, 0);
	buf[len > 0 ? len : 0] = 0;
	if (pwrite(fd, "0", 1, 0) != 1)
		FAIL("failnth", "cannot disarm fail-nth: %s", strerror(errno));
	if (ret == -ETIMEDOUT) {
		FAIL("failnth", "START with allocation %u failing: no reply", nth);
		ret = -1;
	} else if (ret) {
		/* The request or its ack never made it: kbench was not asked. */
		failnth_tally(o, no, ret, "(sendmsg/recvmsg)", nth);
		ret = atoi(buf);
	} else {
		if (r.err && r.err != -ENOMEM)
			FAIL("failnth", "START with allocation %u failing: %d \"%s\"",
			     nth, r.err, r.msg);
		/*
		 * A reason means kbench's handler ran: from then on every
		 * refusal has one (before, the genetlink core's own buffer
		 * is refused bare).
		 */
		if (r.msg[0])
			*reached = 1;
		else if (r.err && *reached)
			FAIL("failnth", "START with allocation %u failing: %d without a reason",
			     nth, r.err);
		failnth_tally(o, no, r.err, r.msg, nth);
		ret = atoi(buf);
	}
	/* Closing the owner socket stops a session that started. */
	kbnl_close(&k);
	return ret;
}

/*
 * Fails each allocation a START of everything makes, one per START, in
 * order (fail-nth: the kernel's failslab and fail_page_alloc decide which
 * calls count), until a START makes fewer than that: every error path of
 * START has run once. Each START ends started (the failure was absorbed,
 * as by kvmalloc's vmalloc fallback), refused with -ENOMEM and a reason,
 * or refused before kbench saw it (the netlink core's own buffers). KASAN
 * and kmemleak judge the error paths; then a normal session must work.
 */
static int cmd_failnth(int argc, char **argv)
{
	unsigned int max = argc > 2 ? (unsigned int)atoi(argv[2]) : 5000;
	double secs = argc > 3 ? atof(argv[3]) : 600;
	struct failnth_outcome o[32];
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9);
	unsigned int nth, no = 0, i;
	int fd, left = 0, reached = 0;
	struct kbreply r;
	struct kbnl k;

	stop_all();
	fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0) {
		printf("note failnth: no fail-nth here (%s)\n", strerror(errno));
		return 0;
	}
	for (nth = 1; nth <= max && now_ns() < end; nth++) {
		left = failnth_once(fd, nth, o, &no, &reached);
		if (left)
			break;
	}
	close(fd);
	for (i = 0; i < no; i++)
		printf("note failnth: %u x %d \"%s\" (first at allocation %u)\n",
		       o[i].count, o[i].err, o[i].msg, o[i].first);
	if (left > 0)
		OK("failnth", "every one of START's %u allocations failed once",
		   nth - 1);
	else if (left == 0)
		FAIL("failnth", "%u allocations failed in turn, START made more",
		     nth - 1);
	open_or_die(&k);
	start(&k, __KBENCH_COLLECT_ALL, 0, 999, 64, NULL, 0, &r);
	expect("failnth: a normal START afterwards", &r, 0, NULL);
	kbnl_simple(&k, KBENCH_CMD_STOP, 0, &r, NULL, NULL);
	kbnl_close(&k);
	return failures;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "extack"))
		return cmd_extack();
	if (!strcmp(cmd, "privilege"))
		return cmd_privilege();
	if (!strcmp(cmd, "drain"))
		return cmd_drain(argc, argv);
	if (!strcmp(cmd, "rings"))
		return cmd_rings(argc, argv);
	if (!strcmp(cmd, "hotplug"))
		return cmd_hotplug(argc, argv);
	if (!strcmp(cmd, "badfp"))
		return cmd_badfp();
	if (!strcmp(cmd, "storm"))
		return cmd_storm(argc, argv);
	if (!strcmp(cmd, "nomem"))
		return cmd_nomem();
	if (!strcmp(cmd, "parallel"))
		return cmd_parallel(argc, argv);
	if (!strcmp(cmd, "failnth"))
		return cmd_failnth(argc, argv);
	fprintf(stderr, "usage: kbcheck extack|privilege|drain|rings|hotplug|badfp|storm|nomem|parallel|failnth [ARGS]\n");
	return 2;
}

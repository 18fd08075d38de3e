// SPDX-License-Identifier: GPL-2.0
/*
 * clockcheck: is the guest's CLOCK_MONOTONIC a correct clock? Built static
 * by kbench-vm; tests/qemu/cases/clock.sh reads its "key value" lines.
 *
 *   clockcheck mono SECONDS  two threads, pinned to CPUs 0 and 1, each read
 *                            the clock and publish their latest reading in
 *                            one shared word; a reading older than one
 *                            already published is a backward step. "cross"
 *                            counts the checks against the other CPU's
 *                            reading (the ones that test synchronization).
 *   clockcheck rate SECONDS  the clock's elapsed time over SECONDS ticks of
 *                            the CMOS RTC (/dev/rtc0), which QEMU drives
 *                            from the host's own clock: a wrong TSC
 *                            calibration shows as error_ppm.
 *   clockcheck cost N        ns per clock_gettime() and per getppid() over
 *                            N calls each: a clock read through the vDSO
 *                            costs less than a system call, one through a
 *                            system call and an emulated device more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/rtc.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The latest reading, shifted left by one, with the reader's id in bit 0. */
static uint64_t latest;
static uint64_t deadline_ns;
static int handoff;	/* second phase: take turns */

struct reader {
	int id;
	unsigned long reads, cross, backward;
	uint64_t max_back_ns;
	int err;
};

/* One read, checked against the latest one published, then published. */
static uint64_t check_read(struct reader *r, uint64_t seen)
{
	uint64_t t = now_ns();

	/* seen was read before it was published, so before t. */
	if (seen >> 1 > t) {
		r->backward++;
		if ((seen >> 1) - t > r->max_back_ns)
			r->max_back_ns = (seen >> 1) - t;
	}
	if (seen && (int)(seen & 1) != r->id)
		r->cross++;
	r->reads++;
	__atomic_store_n(&latest, t << 1 | (uint64_t)r->id, __ATOMIC_RELEASE);
	return t;
}

/*
 * Free running: both threads read as fast as they can. Under
 * single-threaded TCG the vCPUs take turns of up to 100 ms, so most checks
 * compare a CPU with itself: millions of reads, few crossings.
 */
static void spin_phase(struct reader *r, uint64_t end)
{
	for (;;) {
		uint64_t t = check_read(r, __atomic_load_n(&latest, __ATOMIC_ACQUIRE));

		if (r->reads % 1024 == 0 && t > end)
			return;
	}
}

/*
 * Taking turns: a thread reads only after the other CPU published, then
 * sleeps on the word until the other answers. A sleeping vCPU halts, so
 * the emulator switches CPUs at every turn: every check is a crossing.
 */
static void handoff_phase(struct reader *r, uint64_t end)
{
	/*
	 * A turn is not missed (the wait checks the word, and every turn and
	 * the change of phase wake the other thread); the nap is a safety net.
	 */
	const struct timespec nap = { .tv_nsec = 10000000 };

	for (;;) {
		uint64_t seen = __atomic_load_n(&latest, __ATOMIC_ACQUIRE);
		uint32_t *word = (uint32_t *)&latest;	/* low half, x86 */

		if (__atomic_load_n(&handoff, __ATOMIC_ACQUIRE) > 1)
			return;
		if ((int)(seen & 1) == r->id) {
			syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, (uint32_t)seen,
				&nap, NULL, 0);
			continue;
		}
		if (check_read(r, seen) > end)
			__atomic_store_n(&handoff, 2, __ATOMIC_RELEASE);
		syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void *reader_run(void *arg)
{
	struct reader *r = arg;
	uint64_t half;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(r->id, &set);
	r->err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (r->err)
		return NULL;
	half = deadline_ns - (deadline_ns - now_ns()) / 2;
	spin_phase(r, half);
	/* The other thread may already wait for a turn: give it one. */
	syscall(SYS_futex, (uint32_t *)&latest, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	handoff_phase(r, deadline_ns);
	/* Wake the other thread, which may sleep waiting for a turn. */
	__atomic_store_n(&handoff, 2, __ATOMIC_RELEASE);
	__atomic_store_n(&latest, __atomic_load_n(&latest, __ATOMIC_ACQUIRE) ^ 1,
			 __ATOMIC_RELEASE);
	syscall(SYS_futex, (uint32_t *)&latest, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return NULL;
}

static int mono(double seconds)
{
	struct reader r[2] = { { .id = 0 }, { .id = 1 } };
	pthread_t th[2];
	int i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		fprintf(stderr, "clockcheck: the cross-CPU check needs two online CPUs\n");
		return 2;
	}
	deadline_ns = now_ns() + (uint64_t)(seconds * 1e9);
	for (i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, reader_run, &r[i]))
			return 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++)
		if (r[i].err) {
			fprintf(stderr, "clockcheck: pinning to CPU %d: %s\n",
				i, strerror(r[i].err));
			return 1;
		}
	printf("reads %lu\ncross %lu\nbackward %lu\nmax_back_ns %llu\n",
	       r[0].reads + r[1].reads, r[0].cross + r[1].cross,
	       r[0].backward + r[1].backward,
	       (unsigned long long)(r[0].max_back_ns > r[1].max_back_ns ?
				    r[0].max_back_ns : r[1].max_back_ns));
	return 0;
}

static long rtc_seconds(int fd)
{
	struct rtc_time rt;
	struct tm tm = { 0 };

	if (ioctl(fd, RTC_RD_TIME, &rt))
		return -1;
	tm.tm_sec = rt.tm_sec;
	tm.tm_min = rt.tm_min;
	tm.tm_hour = rt.tm_hour;
	tm.tm_mday = rt.tm_mday;
	tm.tm_mon = rt.tm_mon;
	tm.tm_year = rt.tm_year;
	return (long)timegm(&tm);
}

/*
 * Waits for the RTC's second to change from FROM, and returns when it did:
 * between the start of the last read that still saw FROM (*lo) and the end
 * of the first that did not (*hi). *sec is the new second, -1 on error.
 */
static void rtc_edge(int fd, long from, long *sec, uint64_t *lo, uint64_t *hi)
{
	uint64_t before = now_ns(), after;
	long s;

	*lo = 0;	/* a change seen at the first read has no lower bound */
	for (;;) {
		s = rtc_seconds(fd);
		after = now_ns();
		if (s < 0 || s != from)
			break;
		*lo = before;
		before = after;
	}
	*sec = s;
	*hi = after;
}

/*
 * An edge seen within 5 ms: reads that took longer (the vCPU or the QEMU
 * thread was not running) leave the edge's time too uncertain, and the
 * next second's edge is taken instead, up to 5 times.
 */
#define EDGE_NS 5000000u

static long sharp_edge(int fd, long from, uint64_t *t, uint64_t *width)
{
	uint64_t lo, hi;
	long s = from;
	int tries = 0;

	do
		rtc_edge(fd, s, &s, &lo, &hi);
	while (s >= 0 && hi - lo > EDGE_NS && ++tries < 5);
	*t = lo + (hi - lo) / 2;
	*width = hi - lo;
	return s;
}

static int rate(long seconds)
{
	uint64_t t0, t1, w0, w1;
	long s0, s1;
	double n, err;
	int fd = open("/dev/rtc0", O_RDONLY);

	if (fd < 0) {
		perror("clockcheck: /dev/rtc0");
		return 1;
	}
	s0 = sharp_edge(fd, rtc_seconds(fd), &t0, &w0);
	s1 = s0;
	while (s1 >= 0 && s1 < s0 + seconds)
		s1 = sharp_edge(fd, s1, &t1, &w1);
	if (s0 < 0 || s1 < 0) {
		perror("clockcheck: RTC_RD_TIME");
		return 1;
	}
	n = 1e9 * (double)(s1 - s0);
	err = ((double)(t1 - t0) / n - 1) * 1e6;
	printf("rtc_s %ld\nmono_ns %llu\nerror_ppm %.1f\nresolution_ppm %.1f\n",
	       s1 - s0, (unsigned long long)(t1 - t0), err,
	       1e6 * (double)(w0 + w1) / 2 / n);
	return 0;
}

static int cost(long n)
{
	uint64_t t0, t1, t2;
	long i;

	t0 = now_ns();
	for (i = 0; i < n; i++)
		now_ns();
	t1 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t2 = now_ns();
	printf("clock_ns %.1f\ngetppid_ns %.1f\n", (double)(t1 - t0) / n,
	       (double)(t2 - t1) / n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mono"))
		return mono(atof(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "rate") && atol(argv[2]) > 0)
		return rate(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "cost") && atol(argv[2]) > 0)
		return cost(atol(argv[2]));
	fprintf(stderr, "usage: clockcheck mono SECONDS | rate SECONDS | cost N\n");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Test program for the counters (built static by the QEMU cases).
 *
 *   sctest work PAGES   make an exactly known number of syscalls, touch
 *                       PAGES fresh anonymous pages, print what it did
 *   sctest spin SECONDS call getppid() in a loop (a noisy neighbour)
 *   sctest bench N      print the ns per getppid() over N calls
 *   sctest asuser UID CMD...  drop to UID (no capabilities) and exec CMD
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* The known syscalls: none of them is made by the C runtime or kbench. */
#define N_GETPPID	1000
#define N_SCHED_YIELD	123
#define N_UMASK		77
#define N_DUP_EBADF	55

static int work(long pages)
{
	long page = sysconf(_SC_PAGESIZE);
	struct rusage r0, r1, r2;
	char *mem;
	long i;

	for (i = 0; i < N_GETPPID; i++)
		syscall(SYS_getppid);
	for (i = 0; i < N_SCHED_YIELD; i++)
		syscall(SYS_sched_yield);
	for (i = 0; i < N_UMASK; i++)
		syscall(SYS_umask, 022);
	for (i = 0; i < N_DUP_EBADF; i++)
		if (syscall(SYS_dup, -1) != -1 || errno != EBADF)
			return 1;

	mem = mmap(NULL, pages * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	/* One fault per page; EINVAL: a kernel without THP (the debug one). */
	if (madvise(mem, pages * page, MADV_NOHUGEPAGE) && errno != EINVAL)
		return 1;
	getrusage(RUSAGE_SELF, &r0);
	for (i = 0; i < pages; i++)
		mem[i * page] = 1;
	getrusage(RUSAGE_SELF, &r1);
	getrusage(RUSAGE_SELF, &r2);
	printf("getppid %d\nsched_yield %d\numask %d\ndup %d\n", N_GETPPID,
	       N_SCHED_YIELD, N_UMASK, N_DUP_EBADF);
	printf("touched %ld\ntouch_minflt %ld\ntouch_majflt %ld\n", pages,
	       r1.ru_minflt - r0.ru_minflt, r1.ru_majflt - r0.ru_majflt);
	/* r1 -> r2 shows getrusage itself does not fault. */
	printf("noise_minflt %ld\n", r2.ru_minflt - r1.ru_minflt);
	return 0;
}

static int spin(double seconds)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 1000; i++)
			syscall(SYS_getppid);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
	return 0;
}

static int bench(long n)
{
	struct timespec t0, t1;

	for (long i = 0; i < n / 10; i++)	/* warm up */
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 +
			  (t1.tv_nsec - t0.tv_nsec)) / n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "work"))
		return work(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "spin"))
		return spin(atof(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "bench"))
		return bench(atol(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "asuser")) {
		uid_t uid = (uid_t)atol(argv[2]);

		if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
		    setresuid(uid, uid, uid)) {
			perror("sctest: asuser");
			return 126;
		}
		execv(argv[3], argv + 3);
		perror("sctest: exec");
		return 127;
	}
	fprintf(stderr, "usage: sctest work PAGES | spin S | bench N | asuser UID CMD...\n");
	return 2;
}

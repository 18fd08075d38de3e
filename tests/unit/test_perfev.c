// SPDX-License-Identifier: GPL-2.0
/*
 * The event counters of a measured repetition (bench/perfev.h): nothing
 * stays open outside start..stop, totals add up over repetitions, threads
 * started during one are counted and child processes are not (a child
 * given copies pays for them at fork and exit: on PREEMPT_RT an RCU grace
 * period per event, which made syscall/fork 260 times dearer).
 *
 * Counting needs perf_event_open(2) for software events; where a sandbox
 * refuses it, the tests that count are skipped.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "bench/perfev.h"

#define PAGES 256

/* How many file descriptors this process has open. */
static int open_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			n++;
	return n;
}

/* Faults in PAGES fresh anonymous pages. */
static void *touch_pages(void *arg)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, PAGES * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < PAGES; i++)
		p[i * page] = 1;
	munmap(p, PAGES * page);
	return p;
}

static void nothing_open_between_repetitions(void **state)
{
	struct kb_perf p;
	int before = open_fds();

	(void)state;
	kb_perf_open(&p);
	assert_int_equal(open_fds(), before);
	for (int ev = 0; ev < KB_EV_N; ev++)
		assert_int_equal(p.fd[ev], -1);
	kb_perf_start(&p);
	kb_perf_stop(&p);
	assert_int_equal(open_fds(), before);
	kb_perf_close(&p);
	assert_int_equal(open_fds(), before);
}

/* Page faults counted while FN runs, from a fresh set. */
static uint64_t faults_during(void (*fn)(void))
{
	struct kb_perf p;

	kb_perf_open(&p);
	if (!kb_perf_supported(&p, KB_EV_PAGE_FAULTS))
		return UINT64_MAX;
	kb_perf_start(&p);
	fn();
	kb_perf_stop(&p);
	kb_perf_close(&p);
	return p.total[KB_EV_PAGE_FAULTS];
}

static void in_a_thread(void)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, touch_pages, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void in_a_child(void)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (!pid) {
		touch_pages(NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void threads_counted_children_not(void **state)
{
	uint64_t thread = faults_during(in_a_thread);
	uint64_t child;

	(void)state;
	if (thread == UINT64_MAX)
		skip();
	assert_true(thread >= PAGES);
	child = faults_during(in_a_child);
	assert_true(child < PAGES);
}

static void totals_add_up(void **state)
{
	struct kb_perf p;
	uint64_t once;

	(void)state;
	kb_perf_open(&p);
	if (!kb_perf_supported(&p, KB_EV_PAGE_FAULTS))
		skip();
	kb_perf_start(&p);
	touch_pages(NULL);
	kb_perf_stop(&p);
	once = p.total[KB_EV_PAGE_FAULTS];
	assert_true(once >= PAGES);
	kb_perf_start(&p);
	touch_pages(NULL);
	kb_perf_stop(&p);
	assert_true(p.total[KB_EV_PAGE_FAULTS] >= once + PAGES);
	kb_perf_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_open_between_repetitions),
		cmocka_unit_test(threads_counted_children_not),
		cmocka_unit_test(totals_add_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * execthread [N]: a process whose second thread execs this program again
 * as "execthread calls N", which then calls getppid() N times (default
 * 1000). The exec takes the leader's tid (de_thread()): a target process
 * that does this must stay a target, so `kbench stat -- execthread`
 * counts N getppid calls.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static char *count = "1000";

static void *exec_self(void *arg)
{
	char *const args[] = { "execthread", "calls", count, NULL };

	(void)arg;
	execv("/proc/self/exe", args);
	perror("execthread: execv");
	exit(1);
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc == 3 && !strcmp(argv[1], "calls")) {
		long n = strtol(argv[2], NULL, 10);

		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (argc == 2)
		count = argv[1];
	if (pthread_create(&th, NULL, exec_self, NULL)) {
		perror("execthread: pthread_create");
		return 1;
	}
	/* The exec ends this thread; it never returns. */
	pthread_join(th, NULL);
	return 1;
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "launch.h"

/*
 * Once the child is asleep on the go pipe it cannot fault any more, so its
 * counters are final for the held phase. Waits up to about 2 s for that.
 */
static void read_held_faults(struct kb_child *ch)
{
	struct timespec ts = { 0, 1000000 };
	char path[64], buf[1024], state;
	unsigned long minflt, majflt;
	const char *p;
	ssize_t n;
	int fd;

	ch->held_minflt = ch->held_majflt = -1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)ch->pid);
	for (int i = 0; i < 2000; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = 0;
		/* pid (comm) state ppid pgrp session tty tpgid flags minflt
		 * cminflt majflt: comm may hold anything, so skip past ')'. */
		p = strrchr(buf, ')');
		if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %lu %*u %lu",
				 &state, &minflt, &majflt) != 3)
			return;
		if (state == 'S') {
			ch->held_minflt = (long)minflt;
			ch->held_majflt = (long)majflt;
			return;
		}
		nanosleep(&ts, NULL);
	}
}

int kb_launch(struct kb_child *ch, char *const argv[], char *why, size_t len)
{
	int go[2], err[2], e;
	char c;

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		e = errno;
		snprintf(why, len, "cannot create a pipe: %s", strerror(e));
		return -e;
	}
	ch->pid = fork();
	if (ch->pid < 0) {
		e = errno;
		snprintf(why, len, "cannot fork: %s", strerror(e));
		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		return -e;
	}
	if (ch->pid == 0) {
		close(go[1]);
		close(err[0]);
		/* Held until the parent's session targets this pid. */
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		close(go[0]);
		execvp(argv[0], argv);
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(err[1]);
	ch->go_fd = go[1];
	ch->err_fd = err[0];
	read_held_faults(ch);
	return 0;
}

int kb_launch_release(struct kb_child *ch, char *why, size_t len)
{
	ssize_t n;
	int e = 0;

	if (write(ch->go_fd, "g", 1) != 1) {
		e = errno;
		snprintf(why, len, "cannot release the command: %s", strerror(e));
		kb_launch_abort(ch);
		return -e;
	}
	close(ch->go_fd);
	ch->go_fd = -1;
	do
		n = read(ch->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(ch->err_fd);
	ch->err_fd = -1;
	if (n == (ssize_t)sizeof(e)) {
		snprintf(why, len, "cannot run the command: %s", strerror(e));
		waitpid(ch->pid, NULL, 0);
		return -e;
	}
	return 0;
}

void kb_launch_abort(struct kb_child *ch)
{
	if (ch->go_fd >= 0)
		close(ch->go_fd);
	if (ch->err_fd >= 0)
		close(ch->err_fd);
	ch->go_fd = ch->err_fd = -1;
	kill(ch->pid, SIGKILL);
	waitpid(ch->pid, NULL, 0);
}

int kb_launch_wait(struct kb_child *ch, int *status, struct rusage *ru)
{
	pid_t r;

	do
		r = wait4(ch->pid, status, 0, ru);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fork-and-hold: start a command as a child that waits on a pipe, so a
 * session can target its pid before it runs a single instruction of the
 * command. Shared by stat and record.
 */
#ifndef KBENCH_LAUNCH_H
#define KBENCH_LAUNCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

struct kb_child {
	pid_t pid;
	int go_fd;		/* write end: one byte lets the child exec */
	int err_fd;		/* read end: the exec errno, or EOF on success */
	/*
	 * The child's fault counters while it was held (from /proc, once it
	 * is blocked on the pipe), or -1 when unknown: a session started now
	 * does not see these, getrusage() of the child will.
	 */
	long held_minflt, held_majflt;
};

/*
 * Forks ARGV[0] (searched in PATH) held on a pipe. Returns 0 or -errno with
 * WHY filled in.
 */
int kb_launch(struct kb_child *ch, char *const argv[], char *why, size_t len);

/*
 * Lets the held child exec. Returns 0, or -errno with WHY filled in when
 * the exec failed (the child is then reaped).
 */
int kb_launch_release(struct kb_child *ch, char *why, size_t len);

/* Kills a held child (it never execs) and reaps it. */
void kb_launch_abort(struct kb_child *ch);

/* Waits for the released child; its wait status and rusage. */
int kb_launch_wait(struct kb_child *ch, int *status, struct rusage *ru);

#endif

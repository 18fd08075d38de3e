// SPDX-License-Identifier: GPL-2.0
/* kbench stat: count syscalls and page faults of a command, a process or all. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "cli.h"
#include "commands.h"
#include "target_opts.h"
#include "capture/launch.h"
#include "client/counters.h"
#include "client/nl.h"
#include "client/session.h"
#include "client/status.h"
#include "model/json_io.h"
#include "render/counters_text.h"
#include "util/parse.h"
#include "util/util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench stat [OPTIONS] -- CMD [ARGS...]\n"
		"       kbench stat [OPTIONS] -p PID\n"
		"       kbench stat [OPTIONS] -a\n"
		"\n"
		"Count the syscalls and page faults of a command and everything it\n"
		"starts, of a running process (its threads and what they start from\n"
		"now on) until it exits, or of the whole system. -p and -a stop at\n"
		"Ctrl-C or after --duration. Needs CAP_PERFMON or CAP_SYS_ADMIN.\n"
		"\n"
		"  -p, --pid PID        count process PID and its new descendants\n"
		"  -a, --all            count every task\n"
		"  -d, --duration S     stop after S seconds (-p, -a)\n"
		"  -l, --latency        also time every syscall (errors, histograms)\n"
		"  -o, --output FILE    also write the counters as JSON to FILE\n"
		"  -j, --json           print JSON instead of the table\n"
		"      --collect MASK   send MASK as the raw enum kbench_collect bits\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 counted (whatever CMD's status), 2 error.\n");
}

struct stat_opts {
	struct kb_target t;
	bool json, latency, have_mask;
	uint32_t mask;
	const char *output;
};

#define ONE_TARGET "give exactly one of -- CMD, -p PID or -a"
static const struct kb_target_msgs target_msgs = {
	.cmd = "stat",
	.bad_pid = "-p: '%s' is not a whole number from 1 to 4194304",
	.bad_duration = "-d: '%s' is not a positive number of seconds",
	.all_and_pid = ONE_TARGET,
	.pid_and_cmd = ONE_TARGET,
	.all_and_cmd = ONE_TARGET,
	.nothing = ONE_TARGET,
	.duration_and_cmd = "--duration goes with -p or -a, not a command",
};

struct stat_run {
	int status;		/* CMD's wait status */
	struct rusage ru;	/* CMD's rusage */
	struct kb_child child;
};

static int parse_opts(int argc, char **argv, struct stat_opts *o)
{
	static const struct option longopts[] = {
		KB_TARGET_LONGOPTS,
		{ "latency", no_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "collect", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "stat", .longopts = longopts,
				.shortopts = "+" KB_TARGET_SHORTOPTS "lo:jh" };
	uint64_t v;
	int c, ret;

	memset(o, 0, sizeof(*o));
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		ret = kb_target_opt(&o->t, &target_msgs, c, optarg);
		if (ret < 0)
			return -1;
		if (ret > 0)
			continue;
		switch (c) {
		case 'l':
			o->latency = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'C':
			if (kb_parse_uint(optarg, 0, 0, UINT32_MAX, &v)) {
				kb_err("stat", "--collect: '%s' is not a 32-bit mask", optarg);
				return -1;
			}
			o->mask = (uint32_t)v;
			o->have_mask = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (kb_target_check(&o->t, &target_msgs, argc - optind, argv + optind))
		return -1;
	if (!o->have_mask)
		o->mask = KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_FAULTS |
			  (o->latency ? KBENCH_COLLECT_SYSCALL_LATENCY : 0);
	return 0;
}

/* True while the module still runs a session (ours: there is only one). */
static bool session_alive(struct kb_nl *nl)
{
	char why[KB_NL_ERRLEN];
	struct kb_status st;

	return kb_status_get(nl, &st, why) == 0 &&
	       st.state == KBENCH_STATE_RUNNING;
}

/*
 * Sleeps until PID exits (when set), the duration ends, a signal comes, or
 * the session ends under us (module unloaded): false in that last case.
 */
static bool wait_for_end(struct kb_nl *nl, const struct stat_opts *o)
{
	uint64_t end = o->t.duration > 0 ?
		       kb_now_ns() + (uint64_t)(o->t.duration * 1e9) : 0, t, wake;
	int pidfd = -1;
	bool alive = true;

	if (o->t.pid)
		pidfd = (int)syscall(SYS_pidfd_open, o->t.pid, 0);
	while (!kb_stop_requested && (alive = session_alive(nl))) {
		t = kb_now_ns();
		if (end && t >= end)
			break;
		/* The session is looked at every 250 ms: rmmod can end it. */
		wake = t + 250000000ULL;
		if (end && end < wake)
			wake = end;
		/* Readable pidfd: the target is gone (an error ends it too). */
		if (kb_sleep_until(pidfd, wake))
			break;
	}
	if (pidfd >= 0)
		close(pidfd);
	return alive;
}

static json_t *build_json(const struct stat_opts *o, const struct stat_run *r,
			  const struct kb_counters *c)
{
	json_t *root = kb_counters_json(c), *cmd, *args;

	if (!root)
		return NULL;
	json_object_set_new(root, "target",
			    json_pack("{s:b, s:I}", "system_wide", o->t.all, "pid",
				      (json_int_t)(o->t.cmd ? r->child.pid : o->t.pid)));
	if (!o->t.cmd)
		return root;
	args = json_array();
	for (char **a = o->t.cmd; *a; a++)
		json_array_append_new(args, json_string(*a));
	cmd = json_pack("{s:o, s:I, s:{s:I, s:I}, s:{s:I, s:I}}",
			"argv", args,
			"exit_status", (json_int_t)(WIFEXITED(r->status) ?
				WEXITSTATUS(r->status) : 128 + WTERMSIG(r->status)),
			"rusage", "minflt", (json_int_t)r->ru.ru_minflt,
			"majflt", (json_int_t)r->ru.ru_majflt,
			"held", "minflt", (json_int_t)r->child.held_minflt,
			"majflt", (json_int_t)r->child.held_majflt);
	json_object_set_new(root, "command", cmd);
	return root;
}

static int output(const struct stat_opts *o, const struct stat_run *r,
		  const struct kb_counters *c)
{
	json_t *root = build_json(o, r, c);
	int ret = 0, err;

	if (!root) {
		kb_err("stat", "cannot build JSON: out of memory");
		return -1;
	}
	if (o->output && (err = kb_json_save(o->output, root)) < 0) {
		kb_err("stat", "cannot write %s: %s", o->output, strerror(-err));
		ret = -1;
	}
	if (o->json) {
		if (kb_json_dump(stdout, root))
			ret = -1;
	} else {
		if (o->t.cmd)
			printf("kbench stat: '%s' (pid %d) exited %d\n", o->t.cmd[0],
			       (int)r->child.pid,
			       WIFEXITED(r->status) ? WEXITSTATUS(r->status) :
			       128 + WTERMSIG(r->status));
		kb_counters_print(c, stdout);
	}
	json_decref(root);
	return ret;
}

int cmd_stat(int argc, char **argv)
{
	struct stat_run r = { .child = { .go_fd = -1, .err_fd = -1 } };
	char why[KB_NL_ERRLEN];
	struct kb_counters c;
	struct stat_opts o;
	struct kb_nl *nl;
	pid_t pid;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;

	if (kb_nl_open(&nl, why) < 0) {
		kb_err("stat", "%s", why);
		return KB_EXIT_ERROR;
	}
	pid = o.t.pid;
	if (o.t.cmd) {
		if (kb_launch(&r.child, o.t.cmd, why, sizeof(why)) < 0) {
			kb_err("stat", "%s", why);
			goto err_close;
		}
		pid = r.child.pid;
	}
	if (kb_session_start(nl, o.mask, pid, NULL, why) < 0) {
		kb_err("start", "%s", why);
		if (o.t.cmd)
			kb_launch_abort(&r.child);
		goto err_close;
	}

	if (o.t.cmd) {
		/* Like time(1): Ctrl-C is for the command, we report after. */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		if (kb_launch_release(&r.child, why, sizeof(why)) < 0) {
			kb_err("stat", "%s: %s", o.t.cmd[0], why);
			goto err_stop;
		}
		if (kb_launch_wait(&r.child, &r.status, &r.ru) < 0) {
			kb_err("stat", "cannot wait for '%s': %s", o.t.cmd[0],
			       strerror(errno));
			goto err_stop;
		}
	} else {
		kb_catch_stop(NULL);
		if (!wait_for_end(nl, &o)) {
			kb_err("stat", "the session ended early (stopped from "
			       "elsewhere, or the module was unloaded)");
			goto err_close;
		}
	}

	if (kb_counters_fetch(nl, &c, why) < 0) {
		kb_err("counters", "%s", why);
		goto err_stop;
	}
	if (kb_session_stop(nl, why) < 0) {
		kb_err("stop", "%s", why);
		kb_counters_free(&c);
		goto err_close;
	}
	kb_nl_close(nl);
	ret = output(&o, &r, &c);
	kb_counters_free(&c);
	return ret ? KB_EXIT_ERROR : KB_EXIT_OK;

err_stop:
	kb_session_stop(nl, why);
err_close:
	kb_nl_close(nl);
	return KB_EXIT_ERROR;
}

// SPDX-License-Identifier: GPL-2.0
/* The target options of kbench record and kbench stat: see target_opts.h. */
#include <stdint.h>

#include "target_opts.h"
#include "util/parse.h"
#include "util/util.h"

int kb_target_opt(struct kb_target *t, const struct kb_target_msgs *m, int c,
		  const char *arg)
{
	uint64_t v;

	switch (c) {
	case 'p':
		if (kb_parse_uint(arg, 10, 1, KB_TARGET_PID_MAX, &v)) {
			kb_err(m->cmd, m->bad_pid, arg);
			return -1;
		}
		t->pid = (pid_t)v;
		return 1;
	case 'a':
		t->all = true;
		return 1;
	case 'd':
		if (kb_parse_double(arg, 1e-9, 1e9, &t->duration)) {
			kb_err(m->cmd, m->bad_duration, arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* Says MSG (when the check applies) and fails when BAD. */
static bool refuse(const struct kb_target_msgs *m, bool bad, const char *msg)
{
	if (bad && msg)
		kb_err(m->cmd, "%s", msg);
	return bad && msg;
}

int kb_target_check(struct kb_target *t, const struct kb_target_msgs *m,
		    int rest_argc, char **rest)
{
	if (rest_argc > 0)
		t->cmd = rest;
	if (refuse(m, t->all && t->pid, m->all_and_pid) ||
	    refuse(m, t->pid && t->cmd, m->pid_and_cmd) ||
	    refuse(m, t->all && t->cmd, m->all_and_cmd))
		return -1;
	if (refuse(m, !t->all && !t->pid && !t->cmd, m->nothing)) {
		if (m->nothing_usage)
			m->nothing_usage(stderr);
		return -1;
	}
	if (refuse(m, t->duration > 0 && t->cmd, m->duration_and_cmd))
		return -1;
	return 0;
}

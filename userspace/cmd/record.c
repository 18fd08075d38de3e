// SPDX-License-Identifier: GPL-2.0
/*
 * kbench record: sample the stacks of a command, a process or the system.
 * Options, launching and waiting for the target, and printing; the
 * recording itself is capture/recording.h.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "cli.h"
#include "commands.h"
#include "target_opts.h"
#include "bench/environment.h"
#include "capture/launch.h"
#include "capture/recording.h"
#include "model/json_io.h"
#include "model/record.h"
#include "render/record_text.h"
#include "util/parse.h"
#include "util/util.h"

/*
 * How often the rings are drained while the target runs, by default: about
 * when a ring would be a quarter full of 256-byte samples, within these
 * bounds. Each drain costs the sampled machine CPU time, so no more often
 * than needed (measured under TCG: 10 kHz sampling drained every 50 ms
 * cost a CPU-bound loop 60 % of its speed, every second 39 %).
 */
#define DRAIN_MIN_MS 50
#define DRAIN_MAX_MS 1000
#define DRAIN_SAMPLE_BYTES 256
/* How often the end of the target is checked for without a pidfd. */
#define CHECK_MS 10

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench record [OPTIONS] -- CMD [ARGS...]\n"
		"       kbench record [OPTIONS] -p PID\n"
		"       kbench record [OPTIONS] -a [-- CMD [ARGS...]]\n"
		"\n"
		"Sample the kernel and user stacks of a command and everything it\n"
		"starts, of a running process, or of every CPU (-a; with CMD, for as\n"
		"long as CMD runs), from a timer interrupt on each CPU. Writes\n"
		"results.json, stacks.folded (FlameGraph format) and the raw samples\n"
		"into DIR. Needs CAP_PERFMON or CAP_SYS_ADMIN.\n"
		"\n"
		"  -F, --freq HZ          samples per second per CPU (%d..%d, default %d)\n"
		"  -a, --all              sample every task on every CPU\n"
		"  -p, --pid PID          sample process PID and its new descendants\n"
		"  -d, --duration S       stop after S seconds (-p, -a without CMD)\n"
		"  -o, --output DIR       where results go (default kbench-record)\n"
		"  -j, --json             also print results.json on stdout\n"
		"  -g, --callgraph WHAT   kernel, user or kernel,user (default)\n"
		"      --kernel-depth N   kernel frames per sample (1..%d, default %d)\n"
		"      --user-depth N     user frames per sample (1..%d, default %d)\n"
		"      --unwind fp|dwarf[,SIZE]  how user stacks are walked: frame\n"
		"                         pointers in the kernel (fp, default), or the\n"
		"                         program's call-frame information afterwards,\n"
		"                         from SIZE bytes of user stack copied with each\n"
		"                         sample (dwarf; 8..%d, multiple of 8, default %d)\n"
		"      --ring-kb N        ring size per CPU in KiB (%d..%d, default %d)\n"
		"      --drain-ms N       drain the rings every N ms (10..10000; default\n"
		"                         from ring size and frequency, %d..%d)\n"
		"  -c, --counters         also count syscalls and page faults (each\n"
		"                         syscall then pays a tracepoint; the summary\n"
		"                         says what that cost)\n"
		"  -l, --latency          also time every syscall (histograms);\n"
		"                         implies --counters\n"
		"      --no-counters      count nothing (the default)\n"
		"  -h, --help             show this help\n"
		"\n"
		"Exit status: 0 recorded (whatever CMD's status), 2 error.\n",
		KBENCH_SAMPLE_FREQ_MIN, KBENCH_SAMPLE_FREQ_MAX,
		KBENCH_SAMPLE_FREQ_DEFAULT,
		KBENCH_SAMPLE_DEPTH_MAX, KBENCH_SAMPLE_DEPTH_DEFAULT,
		KBENCH_SAMPLE_DEPTH_MAX, KBENCH_SAMPLE_DEPTH_DEFAULT,
		KBENCH_SAMPLE_USER_STACK_MAX, KBENCH_SAMPLE_USER_STACK_MAX,
		KBENCH_SAMPLE_RING_KB_MIN, KBENCH_SAMPLE_RING_KB_MAX,
		KBENCH_SAMPLE_RING_KB_DEFAULT, DRAIN_MIN_MS,
		DRAIN_MAX_MS);
}

struct record_opts {
	struct kb_sampler_opts s;
	struct kb_target t;
	bool counters, no_counters, latency, json;
	bool kernel, user;		/* -g */
	uint32_t kdepth, udepth;
	uint32_t drain_ms;
	const char *dir;
};

static const struct kb_target_msgs target_msgs = {
	.cmd = "record",
	.bad_pid = "-p: '%s' is not a whole number from 1 to 4194304",
	.bad_duration = "-d: '%s' is not a positive number of seconds",
	.all_and_pid = "-a and -p exclude each other",
	.pid_and_cmd = "-p and a command exclude each other",
	.nothing = "nothing to record: give -- CMD, -p PID or -a",
	.nothing_usage = usage,
	.duration_and_cmd = "-d applies to -p and -a; a command ends the recording itself",
};

enum { OPT_KDEPTH = 256, OPT_UDEPTH, OPT_RING, OPT_NO_COUNTERS, OPT_DRAIN,
	OPT_UNWIND };

static const struct option longopts[] = {
	{ "freq", required_argument, NULL, 'F' },
	KB_TARGET_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "callgraph", required_argument, NULL, 'g' },
	{ "kernel-depth", required_argument, NULL, OPT_KDEPTH },
	{ "user-depth", required_argument, NULL, OPT_UDEPTH },
	{ "unwind", required_argument, NULL, OPT_UNWIND },
	{ "ring-kb", required_argument, NULL, OPT_RING },
	{ "drain-ms", required_argument, NULL, OPT_DRAIN },
	{ "counters", no_argument, NULL, 'c' },
	{ "no-counters", no_argument, NULL, OPT_NO_COUNTERS },
	{ "latency", no_argument, NULL, 'l' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* Parses a whole number in [MIN, MAX]; false (with an error) otherwise. */
static bool parse_u32(const char *opt, const char *arg, uint32_t min,
		      uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (kb_parse_uint(arg, 10, min, max, &v)) {
		kb_err("record", "%s: '%s' is not a whole number from %" PRIu32
		       " to %" PRIu32, opt, arg, min, max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* -g WHAT: kernel, user or kernel,user. */
static bool parse_callgraph(const char *arg, struct record_opts *o)
{
	o->kernel = strstr(arg, "kernel") != NULL;
	o->user = strstr(arg, "user") != NULL;
	if (strspn(arg, "kernelusr,") != strlen(arg) || !(o->kernel || o->user)) {
		kb_err("record", "--callgraph: '%s' is not kernel, user or kernel,user",
		       arg);
		return false;
	}
	return true;
}

/* --unwind fp | dwarf[,SIZE]: the user stack bytes copied per sample. */
static bool parse_unwind(const char *arg, struct record_opts *o)
{
	uint64_t v = KBENCH_SAMPLE_USER_STACK_MAX;

	if (!strcmp(arg, "fp")) {
		o->s.ustack = 0;
		return true;
	}
	if (strncmp(arg, "dwarf", 5) || (arg[5] && arg[5] != ',') ||
	    (arg[5] && (kb_parse_uint(arg + 6, 10, 8, KBENCH_SAMPLE_USER_STACK_MAX,
				      &v) || v % 8))) {
		kb_err("record", "--unwind: '%s' is not fp, dwarf or dwarf,SIZE (SIZE a multiple of 8 from 8 to %d)",
		       arg, KBENCH_SAMPLE_USER_STACK_MAX);
		return false;
	}
	o->s.ustack = (uint32_t)v;
	return true;
}

/* Takes one option C (not a target one): 0, 1 for --help, -1 on error. */
static int take_opt(struct record_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'F':
		return parse_u32("-F", arg, KBENCH_SAMPLE_FREQ_MIN,
				 KBENCH_SAMPLE_FREQ_MAX, &o->s.freq_hz) ? 0 : -1;
	case 'o':
		o->dir = arg;
		return 0;
	case 'g':
		return parse_callgraph(arg, o) ? 0 : -1;
	case OPT_KDEPTH:
		return parse_u32("--kernel-depth", arg, 1, KBENCH_SAMPLE_DEPTH_MAX,
				 &o->kdepth) ? 0 : -1;
	case OPT_UDEPTH:
		return parse_u32("--user-depth", arg, 1, KBENCH_SAMPLE_DEPTH_MAX,
				 &o->udepth) ? 0 : -1;
	case OPT_UNWIND:
		return parse_unwind(arg, o) ? 0 : -1;
	case OPT_RING:
		return parse_u32("--ring-kb", arg, KBENCH_SAMPLE_RING_KB_MIN,
				 KBENCH_SAMPLE_RING_KB_MAX, &o->s.ring_kb) ? 0 : -1;
	case OPT_DRAIN:
		return parse_u32("--drain-ms", arg, 10, 10000, &o->drain_ms) ? 0 : -1;
	case 'c':
		o->counters = true;
		return 0;
	case OPT_NO_COUNTERS:
		o->no_counters = true;
		return 0;
	case 'l':
		o->latency = true;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'h':
		usage(stdout);
		return 1;
	default:
		return -1;
	}
}

/* What the options leave to be worked out: depths and the drain period. */
static void settle_opts(struct record_opts *o)
{
	if (!o->drain_ms) {
		uint64_t rec = DRAIN_SAMPLE_BYTES + (o->s.ustack ? o->s.ustack +
			       sizeof(struct kbench_sample_ustack) : 0);
		uint64_t ms = (uint64_t)o->s.ring_kb * 1024 * 1000 / 4 /
			      ((uint64_t)o->s.freq_hz * rec);

		o->drain_ms = ms < DRAIN_MIN_MS ? DRAIN_MIN_MS :
			      ms > DRAIN_MAX_MS ? DRAIN_MAX_MS : (uint32_t)ms;
	}
	/* The interrupted frame is always kept; depth counts further frames. */
	o->s.kernel_depth = o->kernel ? o->kdepth : 1;
	o->s.user_depth = o->user ? o->udepth : 1;
}

static int parse_opts(int argc, char **argv, struct record_opts *o)
{
	/* '+': options end at the command, whose own options are its own. */
	struct kb_opts opts = { .cmd = "record", .longopts = longopts,
				.shortopts = "+F:" KB_TARGET_SHORTOPTS "o:g:cljh" };
	int c, ret;

	*o = (struct record_opts){
		.s = { .freq_hz = KBENCH_SAMPLE_FREQ_DEFAULT,
		       .ring_kb = KBENCH_SAMPLE_RING_KB_DEFAULT },
		.kernel = true,
		.user = true,
		.kdepth = KBENCH_SAMPLE_DEPTH_DEFAULT,
		.udepth = KBENCH_SAMPLE_DEPTH_DEFAULT,
		.dir = "kbench-record",
	};
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		ret = kb_target_opt(&o->t, &target_msgs, c, optarg);
		if (ret < 0)
			return -1;
		if (ret > 0)
			continue;
		ret = take_opt(o, c, optarg);
		if (ret)
			return ret;
	}
	settle_opts(o);
	if (kb_target_check(&o->t, &target_msgs, argc - optind, argv + optind))
		return -1;
	if (o->no_counters && (o->counters || o->latency)) {
		kb_err("record", "--no-counters excludes %s", o->latency ?
		       "--latency, which counts" : "--counters");
		return -1;
	}
	o->counters |= o->latency;
	if (o->s.ustack && !o->user) {
		kb_err("record", "--unwind dwarf unwinds user stacks: -g must include user");
		return -1;
	}
	return 0;
}

/* A recording under way: its target and what results.json will say of it. */
struct record_run {
	struct kb_recording *rec;
	struct kb_child child;
	struct kb_rec_meta meta;
	struct kb_env env;
	uint64_t start;
};

/*
 * Starts the recording and lets the target go: a command is held until
 * the session targets it (not with -a). 0, or -1 after saying why.
 */
static int start(const struct record_opts *o, struct record_run *run)
{
	struct kb_rec_config cfg;
	char why[KB_REC_WHYLEN];

	/*
	 * What it runs on (accelerator, mode, kernel), for its report: read
	 * before the session, whose samples and CPU time it is not.
	 */
	kb_env_read(&run->env, NULL);
	if (o->t.cmd && kb_launch(&run->child, o->t.cmd, why, sizeof(why)) < 0) {
		kb_err("record", "%s", why);
		run->child.pid = 0;	/* none, or -1 from fork */
		return -1;
	}
	cfg = (struct kb_rec_config){
		.s = o->s,
		.counters = o->counters,
		.latency = o->latency,
		.counting_cost = true,
		.pid = o->t.all ? 0 : run->child.pid ? run->child.pid : o->t.pid,
		.poll_ms = o->drain_ms,
	};
	if (kb_recording_start(&run->rec, o->dir, &cfg, why) < 0) {
		kb_err("record", "%s", why);
		if (run->child.pid)
			kb_launch_abort(&run->child);
		run->child.pid = 0;
		return -1;
	}
	run->meta = (struct kb_rec_meta){
		.mode = o->t.all ? "system" : o->t.pid ? "pid" : "command",
		.command = o->t.cmd,
		.command_status = -1,
		.env = &run->env,
	};
	kb_catch_stop(NULL);
	run->start = kb_now_ns();
	if (run->child.pid && kb_launch_release(&run->child, why, sizeof(why)) < 0) {
		kb_err("record", "%s: %s", o->t.cmd[0], why);
		run->child.pid = 0;	/* reaped */
		return -1;
	}
	return 0;
}

/* True when the target is over: the command exited, or the -p process. */
static bool target_ended(const struct record_opts *o, struct record_run *run,
			 bool pidfd_ready)
{
	struct rusage ru;
	int status;

	if (run->child.pid && wait4(run->child.pid, &status, WNOHANG, &ru) ==
	    run->child.pid) {
		run->meta.command_status = WIFEXITED(status) ? WEXITSTATUS(status) :
					   128 + WTERMSIG(status);
		run->child.pid = 0;
		return true;
	}
	/* Without a pidfd, a zombie -p target still answers kill(). */
	return (pidfd_ready && o->t.pid) ||
	       (o->t.pid && kill(o->t.pid, 0) && errno == ESRCH);
}

/*
 * Sleeps until the target ends, the duration is up, a stop signal comes
 * or the next drain is due; drains only every drain_ms, since each drain
 * costs the machine CPU time, and wakes for nothing else. 0, or -1 after
 * saying why.
 */
static int wait_for_end(const struct record_opts *o, struct record_run *run,
			int pidfd)
{
	uint64_t end = o->t.duration ? run->start + (uint64_t)(o->t.duration * 1e9) : 0;
	uint64_t drain_ns = o->drain_ms * 1000000ULL, next_drain = run->start + drain_ns;
	bool watched = run->child.pid || o->t.pid, ready = false;
	char why[KB_REC_WHYLEN];
	uint64_t t, wake;
	int ret;

	while (!target_ended(o, run, ready)) {
		/* Ctrl-C ends -a and -p normally, but cuts a command short. */
		if (kb_stop_requested) {
			run->meta.partial = o->t.cmd != NULL;
			break;
		}
		t = kb_now_ns();
		if (end && t >= end)
			break;
		if (t >= next_drain) {
			if (kb_recording_poll(run->rec, why) < 0) {
				kb_err("record", "%s", why);
				return -1;
			}
			next_drain = t + drain_ns;
		}
		wake = end && end < next_drain ? end : next_drain;
		/* No pidfd (Linux before 5.3): look for the end every CHECK_MS. */
		if (watched && pidfd < 0 && t + CHECK_MS * 1000000ULL < wake)
			wake = t + CHECK_MS * 1000000ULL;
		ret = kb_sleep_until(pidfd, wake);
		if (ret < 0) {
			kb_err("record", "waiting for the target: %s", strerror(-ret));
			return -1;
		}
		ready = ret > 0;
	}
	return 0;
}

/* Ends a recording that failed, and the command if it still runs. */
static int give_up(struct record_run *run)
{
	kb_recording_abort(run->rec);
	run->rec = NULL;
	if (run->child.pid) {
		kill(run->child.pid, SIGTERM);
		waitpid(run->child.pid, NULL, 0);
	}
	return KB_EXIT_ERROR;
}

/* Ends the recording and says how it went. An exit status. */
static int finish(const struct record_opts *o, struct record_run *run)
{
	struct kb_rec_summary sum;
	char why[KB_REC_WHYLEN];
	int ret;

	run->meta.duration_s = (double)(kb_now_ns() - run->start) / 1e9;
	ret = kb_recording_finish(run->rec, &run->meta, &sum, why);
	run->rec = NULL;	/* freed either way */
	if (ret < 0) {
		kb_err("record", "%s", why);
		return give_up(run);
	}
	ret = KB_EXIT_OK;
	if (sum.no_events[0])
		kb_err("record", "%s", sum.no_events);
	if (sum.events_lost[0])
		kb_err("record", "%s", sum.events_lost);
	if (sum.netlink_rings[0])
		kb_err("record", "%s", sum.netlink_rings);
	kb_record_print_summary(stderr, "kbench: record: ", &sum.rec);
	if (o->json) {
		json_t *root = kb_record_json(&sum.rec);

		if (!root || kb_json_dump(stdout, root)) {
			kb_err("record", "cannot print results.json");
			ret = KB_EXIT_ERROR;
		}
		json_decref(root);
	}
	kb_rec_summary_free(&sum);
	return ret;
}

int cmd_record(int argc, char **argv)
{
	struct record_run run = { .child = { .pid = 0 } };
	struct record_opts o;
	pid_t target;
	int ret, pidfd = -1;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	if (start(&o, &run))
		return give_up(&run);
	target = run.child.pid ? run.child.pid : o.t.pid;
	if (target)
		pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	ret = wait_for_end(&o, &run, pidfd);
	if (pidfd >= 0)
		close(pidfd);
	return ret ? give_up(&run) : finish(&o, &run);
}

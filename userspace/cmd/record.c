// SPDX-License-Identifier: GPL-2.0
/* kbench record: sample the stacks of a command, a process or the system. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "cli.h"
#include "commands.h"
#include "capture/launch.h"
#include "capture/recording.h"
#include "model/json_io.h"
#include "render/counters_text.h"
#include "target_opts.h"
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
		"      --ring-kb N        ring size per CPU in KiB (%d..%d, default %d)\n"
		"      --drain-ms N       drain the rings every N ms (10..10000; default\n"
		"                         from ring size and frequency, %d..%d)\n"
		"  -l, --latency          also time every syscall (histograms)\n"
		"      --no-counters      do not count syscalls and page faults\n"
		"  -h, --help             show this help\n"
		"\n"
		"Exit status: 0 recorded (whatever CMD's status), 2 error.\n",
		KBENCH_SAMPLE_FREQ_MIN, KBENCH_SAMPLE_FREQ_MAX,
		KBENCH_SAMPLE_FREQ_DEFAULT,
		KBENCH_SAMPLE_DEPTH_MAX, KBENCH_SAMPLE_DEPTH_DEFAULT,
		KBENCH_SAMPLE_DEPTH_MAX, KBENCH_SAMPLE_DEPTH_DEFAULT,
		KBENCH_SAMPLE_RING_KB_MIN, KBENCH_SAMPLE_RING_KB_MAX,
		KBENCH_SAMPLE_RING_KB_DEFAULT, DRAIN_MIN_MS,
		DRAIN_MAX_MS);
}

struct record_opts {
	struct kb_sampler_opts s;
	struct kb_target t;
	bool counters, latency, json;
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

static int parse_opts(int argc, char **argv, struct record_opts *o)
{
	enum { OPT_KDEPTH = 256, OPT_UDEPTH, OPT_RING, OPT_NO_COUNTERS, OPT_DRAIN };
	static const struct option longopts[] = {
		{ "freq", required_argument, NULL, 'F' },
		KB_TARGET_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "callgraph", required_argument, NULL, 'g' },
		{ "kernel-depth", required_argument, NULL, OPT_KDEPTH },
		{ "user-depth", required_argument, NULL, OPT_UDEPTH },
		{ "ring-kb", required_argument, NULL, OPT_RING },
		{ "drain-ms", required_argument, NULL, OPT_DRAIN },
		{ "no-counters", no_argument, NULL, OPT_NO_COUNTERS },
		{ "latency", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool kernel = true, user = true;
	uint32_t kdepth = KBENCH_SAMPLE_DEPTH_DEFAULT;
	uint32_t udepth = KBENCH_SAMPLE_DEPTH_DEFAULT;
	/* '+': options end at the command, whose own options are its own. */
	struct kb_opts opts = { .cmd = "record", .longopts = longopts,
				.shortopts = "+F:" KB_TARGET_SHORTOPTS "o:g:ljh" };
	int c, ret;

	*o = (struct record_opts){
		.s = { .freq_hz = KBENCH_SAMPLE_FREQ_DEFAULT,
		       .ring_kb = KBENCH_SAMPLE_RING_KB_DEFAULT },
		.counters = true,
		.dir = "kbench-record",
	};
	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		ret = kb_target_opt(&o->t, &target_msgs, c, optarg);
		if (ret < 0)
			return -1;
		if (ret > 0)
			continue;
		switch (c) {
		case 'F':
			if (!parse_u32("-F", optarg, KBENCH_SAMPLE_FREQ_MIN,
				       KBENCH_SAMPLE_FREQ_MAX, &o->s.freq_hz))
				return -1;
			break;
		case 'o':
			o->dir = optarg;
			break;
		case 'g':
			kernel = strstr(optarg, "kernel") != NULL;
			user = strstr(optarg, "user") != NULL;
			if (strspn(optarg, "kernelusr,") != strlen(optarg) ||
			    !(kernel || user)) {
				kb_err("record", "--callgraph: '%s' is not kernel, user or kernel,user",
				       optarg);
				return -1;
			}
			break;
		case OPT_KDEPTH:
			if (!parse_u32("--kernel-depth", optarg, 1,
				       KBENCH_SAMPLE_DEPTH_MAX, &kdepth))
				return -1;
			break;
		case OPT_UDEPTH:
			if (!parse_u32("--user-depth", optarg, 1,
				       KBENCH_SAMPLE_DEPTH_MAX, &udepth))
				return -1;
			break;
		case OPT_RING:
			if (!parse_u32("--ring-kb", optarg, KBENCH_SAMPLE_RING_KB_MIN,
				       KBENCH_SAMPLE_RING_KB_MAX, &o->s.ring_kb))
				return -1;
			break;
		case OPT_DRAIN:
			if (!parse_u32("--drain-ms", optarg, 10, 10000, &o->drain_ms))
				return -1;
			break;
		case OPT_NO_COUNTERS:
			o->counters = false;
			break;
		case 'l':
			o->latency = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (!o->drain_ms) {
		uint64_t ms = (uint64_t)o->s.ring_kb * 1024 * 1000 / 4 /
			      ((uint64_t)o->s.freq_hz * DRAIN_SAMPLE_BYTES);

		o->drain_ms = ms < DRAIN_MIN_MS ? DRAIN_MIN_MS :
			      ms > DRAIN_MAX_MS ? DRAIN_MAX_MS : (uint32_t)ms;
	}
	/* The interrupted frame is always kept; depth counts further frames. */
	o->s.kernel_depth = kernel ? kdepth : 1;
	o->s.user_depth = user ? udepth : 1;
	if (kb_target_check(&o->t, &target_msgs, argc - optind, argv + optind))
		return -1;
	if (o->latency && !o->counters) {
		kb_err("record", "--latency needs the counters (drop --no-counters)");
		return -1;
	}
	return 0;
}

/* The one-line summary: samples, drops and the top functions. */
static void print_summary(const struct kb_rec_summary *sum, double duration,
			  bool partial)
{
	json_t *t;
	size_t i;

	fprintf(stderr, "kbench: record: %" PRIu64 " samples, %" PRIu64 " dropped, %"
		PRIu64 " missed ticks in %.2f s%s; top:", sum->sum.recorded,
		sum->sum.dropped, sum->sum.missed, duration,
		partial ? " (interrupted)" : "");
	json_array_foreach(sum->top, i, t)
		fprintf(stderr, "%s %s %.1f%%", i ? "," : "",
			json_string_value(json_object_get(t, "function")),
			json_real_value(json_object_get(t, "percent")));
	fprintf(stderr, "%s\n", json_array_size(sum->top) ? "" : " (no samples)");
	if (sum->have_counters)
		kb_counters_print_top(&sum->counters, stderr, "kbench: record: syscalls ", 5);
}

/* -j: the recording's results.json on stdout. */
static int print_results(const char *dir)
{
	char path[4200];
	json_error_t e;
	json_t *root;
	int ret;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	root = json_load_file(path, 0, &e);
	if (!root) {
		kb_err("record", "%s: %s", path, e.text);
		return KB_EXIT_ERROR;
	}
	ret = kb_json_dump(stdout, root);
	json_decref(root);
	return ret ? KB_EXIT_ERROR : KB_EXIT_OK;
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o;
	struct kb_rec_config cfg;
	struct kb_rec_meta meta = { .command_status = -1 };
	struct kb_rec_summary sum;
	struct kb_recording *rec = NULL;
	struct kb_child child = { .pid = 0 };
	char why[KB_REC_WHYLEN];
	uint64_t start, end = 0, next_drain, drain_ns;
	pid_t target;
	int ret, pidfd = -1;
	bool gone = false;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;

	/* A command is held until the session targets it (not with -a). */
	if (o.t.cmd && kb_launch(&child, o.t.cmd, why, sizeof(why)) < 0) {
		kb_err("record", "%s", why);
		return KB_EXIT_ERROR;
	}
	cfg = (struct kb_rec_config){
		.s = o.s,
		.counters = o.counters,
		.latency = o.latency,
		.pid = o.t.all ? 0 : child.pid ? child.pid : o.t.pid,
		.poll_ms = o.drain_ms,
	};
	if (kb_recording_start(&rec, o.dir, &cfg, why) < 0) {
		kb_err("record", "%s", why);
		if (child.pid)
			kb_launch_abort(&child);
		return KB_EXIT_ERROR;
	}
	meta.mode = o.t.all ? "system" : o.t.pid ? "pid" : "command";
	meta.command = o.t.cmd;
	kb_catch_stop(NULL);
	start = kb_now_ns();
	if (child.pid && kb_launch_release(&child, why, sizeof(why)) < 0) {
		kb_err("record", "%s: %s", o.t.cmd[0], why);
		kb_recording_abort(rec);
		return KB_EXIT_ERROR;
	}
	if (o.t.duration)
		end = start + (uint64_t)(o.t.duration * 1e9);

	/*
	 * Sleep until the target ends, the duration is up, a stop signal
	 * comes or the next drain is due; drain only every drain_ms, since
	 * each drain costs the machine CPU time, and wake for nothing else.
	 */
	target = child.pid ? child.pid : o.t.pid;
	if (target)
		pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	drain_ns = o.drain_ms * 1000000ULL;
	next_drain = start + drain_ns;
	for (;;) {
		struct rusage ru;
		int status;
		uint64_t t, wake;

		if (child.pid && wait4(child.pid, &status, WNOHANG, &ru) == child.pid) {
			meta.command_status = WIFEXITED(status) ? WEXITSTATUS(status) :
					      128 + WTERMSIG(status);
			child.pid = 0;
			break;
		}
		/* Without a pidfd, a zombie -p target still answers kill(). */
		if (gone || (o.t.pid && kill(o.t.pid, 0) && errno == ESRCH))
			break;
		/* Ctrl-C ends -a and -p normally, but cuts a command short. */
		if (kb_stop_requested) {
			meta.partial = o.t.cmd != NULL;
			break;
		}
		t = kb_now_ns();
		if (end && t >= end)
			break;
		if (t >= next_drain) {
			if (kb_recording_poll(rec, why) < 0) {
				kb_err("record", "%s", why);
				goto err;
			}
			next_drain = t + drain_ns;
		}
		wake = end && end < next_drain ? end : next_drain;
		/* No pidfd (Linux before 5.3): look for the end every CHECK_MS. */
		if (target && pidfd < 0 && t + CHECK_MS * 1000000ULL < wake)
			wake = t + CHECK_MS * 1000000ULL;
		ret = kb_sleep_until(pidfd, wake);
		if (ret < 0) {
			kb_err("record", "waiting for the target: %s", strerror(-ret));
			goto err;
		}
		gone = ret > 0 && o.t.pid;
	}
	if (pidfd >= 0)
		close(pidfd);
	pidfd = -1;
	meta.duration_s = (double)(kb_now_ns() - start) / 1e9;
	if (kb_recording_finish(rec, &meta, &sum, why) < 0) {
		rec = NULL;
		kb_err("record", "%s", why);
		goto err;
	}
	print_summary(&sum, meta.duration_s, meta.partial);
	kb_rec_summary_free(&sum);
	return o.json ? print_results(o.dir) : KB_EXIT_OK;
err:
	if (pidfd >= 0)
		close(pidfd);
	kb_recording_abort(rec);
	if (child.pid) {
		kill(child.pid, SIGTERM);
		waitpid(child.pid, NULL, 0);
	}
	return KB_EXIT_ERROR;
}

// SPDX-License-Identifier: GPL-2.0
/* kbench status: what the loaded module is and what it is doing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "commands.h"
#include "nl.h"
#include "status.h"
#include "util.h"

static const char *const state_names[] = {
	[KBENCH_STATE_IDLE] = "idle",
	[KBENCH_STATE_RUNNING] = "running",
};

static const char *const feature_names[] = {
	"sampler", "syscalls", "faults",
};

const char *kb_state_name(uint32_t state)
{
	if (state >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[state];
}

const char *kb_feature_name(uint32_t bit)
{
	if (bit >= sizeof(feature_names) / sizeof(feature_names[0]))
		return NULL;
	return feature_names[bit];
}

static int copy_string(struct nlattr *a, char *dst, size_t len)
{
	if (!a || nla_len(a) < 1 || ((char *)nla_data(a))[nla_len(a) - 1])
		return -EPROTO;
	snprintf(dst, len, "%s", (char *)nla_data(a));
	return 0;
}

static int get_u32(struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) != sizeof(uint32_t))
		return -EPROTO;
	*v = nla_get_u32(a);
	return 0;
}

int kb_status_parse(struct nlattr **tb, void *arg)
{
	struct kb_status *st = arg;

	memset(st, 0, sizeof(*st));
	if (copy_string(tb[KBENCH_A_MODULE_VERSION], st->module_version,
			sizeof(st->module_version)) ||
	    copy_string(tb[KBENCH_A_KERNEL_RELEASE], st->kernel_release,
			sizeof(st->kernel_release)) ||
	    get_u32(tb[KBENCH_A_WIRE_VERSION], &st->wire_version) ||
	    get_u32(tb[KBENCH_A_FEATURES], &st->features) ||
	    get_u32(tb[KBENCH_A_STATE], &st->state) ||
	    get_u32(tb[KBENCH_A_NR_CPUS], &st->nr_cpus))
		return -EPROTO;
	/* Only while a session runs. */
	if ((tb[KBENCH_A_COLLECT] && get_u32(tb[KBENCH_A_COLLECT], &st->collect)) ||
	    (tb[KBENCH_A_TARGET_PID] && get_u32(tb[KBENCH_A_TARGET_PID], &st->target_pid)))
		return -EPROTO;
	return 0;
}

static const char *const collect_names[] = {
	"syscalls", "syscall-latency", "faults", "samples",
};

static void print_text(const struct kb_status *st)
{
	int printed = 0;

	printf("module:    kbench.ko %s (wire version %u)\n",
	       st->module_version, st->wire_version);
	printf("kernel:    %s, %u possible CPUs\n", st->kernel_release,
	       st->nr_cpus);
	printf("state:     %s\n", kb_state_name(st->state));
	if (st->state == KBENCH_STATE_RUNNING) {
		printf("session:  ");
		for (uint32_t bit = 0; bit < 4; bit++)
			if (st->collect & (1U << bit))
				printf(" %s", collect_names[bit]);
		if (st->target_pid)
			printf(", process tree of pid %u\n", st->target_pid);
		else
			printf(", system-wide\n");
	}
	printf("features: ");
	for (uint32_t bit = 0; bit < 32; bit++) {
		if (!(st->features & (1U << bit)))
			continue;
		printf(" %s", kb_feature_name(bit) ? kb_feature_name(bit) : "unknown");
		printed++;
	}
	printf("%s\n", printed ? "" : " none");
}

static int print_json(const struct kb_status *st)
{
	json_t *root, *features;
	int ret;

	features = json_array();
	for (uint32_t bit = 0; bit < 32; bit++)
		if (st->features & (1U << bit) && kb_feature_name(bit))
			json_array_append_new(features,
					      json_string(kb_feature_name(bit)));
	root = json_pack("{s:s, s:i, s:s, s:s, s:o, s:i, s:s}",
			 "module_version", st->module_version,
			 "wire_version", (json_int_t)st->wire_version,
			 "kernel_release", st->kernel_release,
			 "state", kb_state_name(st->state),
			 "features", features,
			 "nr_cpus", (json_int_t)st->nr_cpus,
			 "cli_version", KBENCH_VERSION);
	if (!root)
		return -ENOMEM;
	if (st->state == KBENCH_STATE_RUNNING) {
		json_t *collect = json_array();

		for (uint32_t bit = 0; bit < 4; bit++)
			if (st->collect & (1U << bit))
				json_array_append_new(collect, json_string(collect_names[bit]));
		json_object_set_new(root, "session", json_pack("{s:o, s:o}",
			"collect", collect, "target_pid", st->target_pid ?
			json_integer(st->target_pid) : json_null()));
	}
	ret = json_dumpf(root, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(root);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench status [--json]\n"
		"\n"
		"Show the loaded kbench.ko: its version, the kernel it runs on,\n"
		"the features it was built with and whether a session is running.\n"
		"\n"
		"  -j, --json   print JSON instead of text\n");
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char why[KB_NL_ERRLEN];
	struct kb_status st;
	struct kb_nl *nl;
	bool json = false;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return KB_EXIT_OK;
		default:
			kb_err("status", "unknown option '%s'", argv[optind - 1]);
			usage(stderr);
			return KB_EXIT_ERROR;
		}
	}
	if (optind < argc) {
		kb_err("status", "unexpected argument '%s'", argv[optind]);
		return KB_EXIT_ERROR;
	}

	if (kb_nl_open(&nl, why) < 0) {
		kb_err("status", "%s", why);
		return KB_EXIT_ERROR;
	}
	ret = kb_nl_request(nl, KBENCH_CMD_GET_STATUS, 0, NULL, NULL,
			    kb_status_parse, &st, why);
	kb_nl_close(nl);
	if (ret < 0) {
		kb_err("status", "%s", why);
		return KB_EXIT_ERROR;
	}
	if (st.wire_version != KBENCH_GENL_VERSION)
		kb_err("status", "warning: module speaks wire version %u, this CLI %d",
		       st.wire_version, KBENCH_GENL_VERSION);
	if (json) {
		if (print_json(&st) < 0) {
			kb_err("status", "cannot write JSON");
			return KB_EXIT_ERROR;
		}
	} else {
		print_text(&st);
	}
	return KB_EXIT_OK;
}

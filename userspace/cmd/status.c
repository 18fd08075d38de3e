// SPDX-License-Identifier: GPL-2.0
/* kbench status: what the loaded module is and what it is doing. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "cli.h"
#include "commands.h"
#include "client/nl.h"
#include "client/status.h"
#include "model/json_io.h"
#include "render/status.h"
#include "util/util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kbench status [-j] [-o FILE]\n"
		"\n"
		"Show the loaded kbench.ko: its version, the kernel it runs on,\n"
		"the features it was built with and whether a session is running.\n"
		"\n"
		"  -j, --json         print JSON instead of text\n"
		"  -o, --output FILE  also write the JSON to FILE\n"
		"  -h, --help         show this help\n"
		"\n"
		"Exit status: 0 ok, 2 error (the module is not loaded, say).\n");
}

struct status_opts {
	bool json;
	const char *output;
};

/* 0 to go on, 1 after --help, -1 after an error. */
static int parse_opts(int argc, char **argv, struct status_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct kb_opts opts = { .cmd = "status", .shortopts = "jo:h",
				.longopts = longopts };
	int c;

	while ((c = kb_opt_next(&opts, argc, argv)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (optind < argc) {
		kb_opt_unexpected("status", argv[optind]);
		return -1;
	}
	return 0;
}

static int output(const struct status_opts *o, const struct kb_status *st)
{
	json_t *root = o->json || o->output ? kb_status_json(st) : NULL;
	int ret = KB_EXIT_OK, err;

	if ((o->json || o->output) && !root) {
		kb_err("status", "out of memory");
		return KB_EXIT_ERROR;
	}
	if (o->output && (err = kb_json_save(o->output, root))) {
		kb_err("status", "%s: cannot write: %s", o->output, strerror(-err));
		ret = KB_EXIT_ERROR;
	}
	if (o->json)
		kb_json_dump(stdout, root);
	else
		kb_status_print(stdout, st);
	json_decref(root);
	return ret;
}

int cmd_status(int argc, char **argv)
{
	struct status_opts o = { 0 };
	char why[KB_NL_ERRLEN];
	struct kb_status st;
	struct kb_nl *nl;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? KB_EXIT_OK : KB_EXIT_ERROR;
	if (kb_nl_open(&nl, why) < 0) {
		kb_err("status", "%s", why);
		return KB_EXIT_ERROR;
	}
	ret = kb_status_get(nl, &st, why);
	kb_nl_close(nl);
	if (ret < 0) {
		kb_err("status", "%s", why);
		return KB_EXIT_ERROR;
	}
	if (st.wire_version != KBENCH_GENL_VERSION)
		kb_err("status", "warning: module speaks wire version %u, this CLI %d",
		       st.wire_version, KBENCH_GENL_VERSION);
	return output(&o, &st);
}

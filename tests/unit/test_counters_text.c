// SPDX-License-Identifier: GPL-2.0
/*
 * A session's counters as text: kbench stat's table (exact calls and
 * errors, times in human units) and the one-line tops of kbench record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include <linux/kbench.h>

#include "render/counters_text.h"
#include "model/counters.h"

/* getppid (110), dup (32) and read (0) as a session counted them. */
static void three_syscalls(struct kb_counters *c, bool latency)
{
	static struct kb_sc sc[3];

	sc[0] = (struct kb_sc){ .nr = 0, .count = 250000, .total_ns = 12345678 };
	sc[1] = (struct kb_sc){ .nr = 32, .count = 55, .errors = 55,
				.total_ns = 55000 };
	sc[2] = (struct kb_sc){ .nr = 110, .count = 1000, .total_ns = 1230000 };
	*c = (struct kb_counters){
		.collect = KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_FAULTS,
		.latency = latency, .faults = true, .other = 2,
		.fault_user = 64, .fault_kernel = 3, .fault_minor = 66, .fault_major = 1,
		.n = 3, .cap = 3, .sc = sc,
	};
}

static char *print(const struct kb_counters *c, bool top)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	if (top)
		kb_counters_print_top(c, f, "> ", 2);
	else
		kb_counters_print(c, f);
	fclose(f);
	return out;
}

/* With latency: by time, times scaled ("µ" taking one column), counts exact. */
static void table_with_latency(void **state)
{
	struct kb_counters c;
	char *out;

	(void)state;
	three_syscalls(&c, true);
	out = print(&c, false);
	assert_string_equal(out,
		"% time      total        avg      calls     errors  syscall\n"
		" 90.57    12.3 ms    49.4 ns     250000          0  read\n"
		"  9.02    1.23 ms    1.23 µs       1000          0  getppid\n"
		"  0.40    55.0 µs    1.00 µs         55         55  dup\n"
		"100.00    13.6 ms                251055         55  total\n"
		"(2 compat or unknown syscalls not listed)\n"
		"page faults: 64 user, 3 kernel; 66 minor, 1 major\n");
	free(out);
}

/* Without latency: calls only, most called first. */
static void table_of_calls(void **state)
{
	struct kb_counters c;
	char *out;

	(void)state;
	three_syscalls(&c, false);
	c.faults = false;
	c.other = 0;
	out = print(&c, false);
	assert_string_equal(out,
		"     calls  syscall\n"
		"    250000  read\n"
		"      1000  getppid\n"
		"        55  dup\n"
		"    251055  total\n");
	free(out);
}

static void tops_by_calls_and_time(void **state)
{
	struct kb_counters c;
	char *out;

	(void)state;
	three_syscalls(&c, true);
	out = print(&c, true);
	assert_string_equal(out,
		"> by calls: read 250000, getppid 1000\n"
		"> by time: read 12.3 ms, getppid 1.23 ms\n");
	free(out);
	c.n = 0;
	c.latency = false;
	out = print(&c, true);
	assert_string_equal(out, "> by calls: none\n");
	free(out);
}

/* The JSON names the clock that timed the syscalls, with latency only. */
static void json_names_the_latency_clock(void **state)
{
	static const char *const names[] = {
		"tsc", "local_clock", "mono_fast", "tsc_marked_unstable"
	};
	struct kb_counters c;
	json_t *root;

	(void)state;
	for (int clk = 0; clk < 4; clk++) {
		three_syscalls(&c, true);
		c.lat_clock = clk;
		root = kb_counters_json(&c);
		assert_non_null(root);
		assert_string_equal(json_string_value(json_object_get(root,
				    "latency_clock")), names[clk]);
		json_decref(root);
	}
	c.lat_clock = -1;	/* an older module did not say */
	root = kb_counters_json(&c);
	assert_null(json_object_get(root, "latency_clock"));
	json_decref(root);
	three_syscalls(&c, false);
	c.lat_clock = KBENCH_LAT_CLOCK_LOCAL;
	root = kb_counters_json(&c);
	assert_null(json_object_get(root, "latency_clock"));
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_with_latency),
		cmocka_unit_test(table_of_calls),
		cmocka_unit_test(tops_by_calls_and_time),
		cmocka_unit_test(json_names_the_latency_clock),
	};

	return cmocka_run_group_tests_name("counters_text", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The environment of a run read from the system (bench/environment.h):
 * fixture trees under unit/fixtures/env/ stand in for /proc and /sys (a
 * kbench-vm guest, bare metal, a foreign VM, nothing at all); then this
 * machine, and the runner putting it and its boot into the results.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <cmocka.h>

#include "helpers.h"
#include "bench/environment.h"
#include "bench/runner.h"
#include "util/fileio.h"

static void read_fixture(struct kb_env *e, const char *name)
{
	char root[512];

	snprintf(root, sizeof(root), "%s/env/%s", FIXTURES, name);
	kb_env_read(e, root);
}

/* A TCG guest of scripts/kbench-vm, in deterministic mode. */
static void a_kbench_vm_guest(void **state)
{
	struct kb_env e;

	(void)state;
	read_fixture(&e, "guest");
	assert_string_equal(e.accel, "tcg");
	assert_string_equal(e.mode, KB_MODE_DETERMINISTIC);
	assert_string_equal(e.timing, KB_TIMING_METHOD);
	assert_string_equal(e.clocksource, "hpet");
	assert_true(isnan(e.clock_read_ns));	/* measured by kb_env_probe only */
	assert_int_equal(e.cpus, 2);
	assert_int_equal(e.mem_kb, 1004856);
	assert_string_equal(e.kernel, "6.1.0-57-amd64");
	assert_string_equal(e.cmdline, "console=ttyS0 root=/dev/vda rw mitigations=off "
			    "kbench_accel=tcg kbench_mode=deterministic quiet");
	assert_string_equal(e.mitigations, "off");
	assert_string_equal(e.thp, "always");
	assert_string_equal(e.governor, "");
	assert_string_equal(e.boot_id, "0f4c7f0e-9f2b-4c55-a7a4-3d2c1b0e9a11");
	/* The build and the config kbench-vm put beside it in /boot. */
	assert_string_equal(e.build, "#1 SMP PREEMPT_RT Debian 6.1.192-3 (2025-10-12)");
	assert_string_equal(e.config.source, "/boot/config-6.1.0-57-amd64");
	assert_string_equal(e.config.preempt, "rt");
	assert_int_equal(e.config.hz, 250);
	assert_string_equal(e.config.nohz, "full");
	assert_string_equal(e.config.mitigations,
			    "CPU_MITIGATIONS PAGE_TABLE_ISOLATION RETPOLINE RETHUNK "
			    "CPU_UNRET_ENTRY CPU_IBPB_ENTRY CPU_IBRS_ENTRY CPU_SRSO SLS "
			    "MITIGATION_RFDS MITIGATION_SPECTRE_BHI MITIGATION_ITS "
			    "MITIGATION_TSA MITIGATION_VMSCAPE");
	assert_string_equal(e.config.init_on_alloc, "on");
	assert_string_equal(e.config.init_on_free, "off");
	/* PAGE_POISONING waits for page_poison=1: not a cost by itself. */
	assert_string_equal(e.config.debug, "DEBUG_LIST");
}

/* Bare metal: no hypervisor flag ("hypervisor_not" is another word). */
static void bare_metal(void **state)
{
	struct kb_env e;

	(void)state;
	read_fixture(&e, "metal");
	assert_string_equal(e.accel, "none");
	assert_string_equal(e.mode, KB_MODE_WALLCLOCK);
	assert_string_equal(e.clocksource, "tsc");
	assert_int_equal(e.cpus, 5);		/* 0-3,6 */
	assert_int_equal(e.mem_kb, 16303512);
	assert_string_equal(e.kernel, "6.8.0-45-generic");
	assert_string_equal(e.mitigations, "");
	assert_string_equal(e.thp, "madvise");
	assert_string_equal(e.governor, "performance");
	assert_string_equal(e.boot_id, "b7d1f2a4-5c3e-4e8a-9f61-2a0d3c4b5e6f");
	/* A debug build whose preemption and init_on_free the boot changed. */
	assert_string_equal(e.build, "#53-Ubuntu SMP PREEMPT_DYNAMIC Sat Aug 31 12:00:00 UTC 2024");
	assert_string_equal(e.config.preempt, "full (dynamic)");
	assert_int_equal(e.config.hz, 1000);
	assert_string_equal(e.config.nohz, "idle");
	assert_string_equal(e.config.mitigations, "CPU_MITIGATIONS "
			    "MITIGATION_PAGE_TABLE_ISOLATION MITIGATION_RETPOLINE");
	assert_string_equal(e.config.init_on_alloc, "off");
	assert_string_equal(e.config.init_on_free, "on");
	assert_string_equal(e.config.debug, "KASAN LOCKDEP PROVE_LOCKING DEBUG_ATOMIC_SLEEP");
}

/* A VM kbench-vm did not start (an empty kbench_accel=), half its files. */
static void a_foreign_vm(void **state)
{
	struct kb_env e;

	(void)state;
	read_fixture(&e, "vm");
	assert_string_equal(e.accel, "unknown");
	assert_string_equal(e.mode, KB_MODE_WALLCLOCK);
	assert_string_equal(e.mitigations, "auto,nosmt");
	assert_string_equal(e.clocksource, "");
	assert_int_equal(e.cpus, 0);
	assert_int_equal(e.mem_kb, 0);
	assert_string_equal(e.kernel, "");
	assert_string_equal(e.thp, "");
	assert_string_equal(e.boot_id, "");
	/* No release, no config: nothing known, and its JSON says null. */
	assert_string_equal(e.build, "");
	assert_string_equal(e.config.source, "");
	assert_string_equal(e.config.preempt, "");
	assert_int_equal(e.config.hz, 0);
}

/*
 * A kernel built without THP (Debian's -rt- flavour): sysfs has
 * /sys/kernel/mm but no transparent_hugepage, which is a fact to compare,
 * not an unknown.
 */
static void a_kernel_without_thp(void **state)
{
	struct kb_env e;

	(void)state;
	read_fixture(&e, "nothp");
	assert_string_equal(e.thp, "not built");
	assert_string_equal(e.mode, KB_MODE_DETERMINISTIC);
}

/* The config facts survive results.json, and an absent one stays unknown. */
static void kernel_config_json(void **state)
{
	struct kb_env e, back;
	char why[128];
	json_t *j;

	(void)state;
	read_fixture(&e, "metal");
	j = kb_env_json(&e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "kernel_config"), "preempt")), "full (dynamic)");
	assert_int_equal(kb_env_from_json(j, &back, why, sizeof(why)), 0);
	assert_memory_equal(&back.config, &e.config, sizeof(e.config));
	assert_string_equal(back.build, e.build);
	json_decref(j);
	read_fixture(&e, "vm");
	j = kb_env_json(&e);
	assert_true(json_is_null(json_object_get(j, "kernel_config")));
	json_object_set_new(j, "kernel_config", json_string("y"));
	assert_int_equal(kb_env_from_json(j, &back, why, sizeof(why)), -EINVAL);
	json_decref(j);
}

/* Nothing readable: empty fields, and "unknown" (no flags to tell). */
static void nothing_readable(void **state)
{
	struct kb_env e;

	(void)state;
	read_fixture(&e, "absent");
	assert_string_equal(e.accel, "unknown");
	assert_string_equal(e.mode, KB_MODE_WALLCLOCK);
	assert_string_equal(e.timing, KB_TIMING_METHOD);
	assert_string_equal(e.cmdline, "");
	assert_int_equal(e.cpus, 0);
}

/* The shared readers, on the edges noise.c depends on too. */
static void the_readers(void **state)
{
	char buf[64], root[512];

	(void)state;
	assert_int_equal(kb_env_cmdline_param("mitigations=off quiet", "mitigations",
					      buf, sizeof(buf)), 0);
	assert_string_equal(buf, "off");
	assert_int_equal(kb_env_cmdline_param("xmitigations=1 mitigations quiet",
					      "mitigations", buf, sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "");
	assert_int_equal(kb_env_cmdline_param("a kbench_mode=x\n", "kbench_mode",
					      buf, sizeof(buf)), 0);
	assert_string_equal(buf, "x");
	snprintf(root, sizeof(root), "%s/env/guest", FIXTURES);
	assert_int_equal(kb_env_cpuinfo(root, "model name", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "QEMU TCG CPU version 2.5+");
	assert_int_equal(kb_env_cpuinfo(root, "model", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(kb_env_hypervisor(root), 1);
	snprintf(root, sizeof(root), "%s/env/metal", FIXTURES);
	assert_int_equal(kb_env_hypervisor(root), 0);
	snprintf(root, sizeof(root), "%s/env/absent", FIXTURES);
	assert_int_equal(kb_env_hypervisor(root), -ENOENT);
	assert_string_equal(kb_env_path(buf, sizeof(buf), NULL, "/proc/x"), "/proc/x");
	assert_string_equal(kb_env_path(buf, sizeof(buf), "/r", "/proc/x"), "/r/proc/x");
}

/* This machine: what every run records, and its JSON round trip. */
static void this_machine(void **state)
{
	struct kb_env e, back;
	struct utsname u;
	char why[128];
	json_t *j;

	(void)state;
	kb_env_probe(&e);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(e.kernel, u.release);
	assert_string_equal(e.timing, KB_TIMING_METHOD);
	assert_true(e.clock_read_ns > 0 && e.clock_read_ns < 100000);
	assert_true(e.cpus >= 1);
	assert_true(e.mem_kb > 0);
	assert_int_equal(strlen(e.boot_id), 36);
	assert_true(e.accel[0] && e.mode[0]);
	j = kb_env_json(&e);
	assert_int_equal(kb_env_from_json(j, &back, why, sizeof(why)), 0);
	json_decref(j);
	assert_memory_equal(&back, &e, sizeof(e));
}

/* kb_runner_begin() puts the environment and its one boot in the results. */
static void the_runner_records_it(void **state)
{
	const char *names[] = { "hash" };
	struct kb_runner rn = { 0 };
	char out[256], why[KB_RUN_WHY], *argv[] = { "run", "cpu" };

	(void)state;
	snprintf(out, sizeof(out), "%s/run", group_tmpdir());
	rn.plan = (struct kb_run_plan){ .reps = 1, .seconds = 0.01, .out = out };
	assert_int_equal(kb_runner_select(&rn, "cpu", names, 1, why, sizeof(why)), 0);
	assert_int_equal(kb_runner_begin(&rn, "cpu", NULL, 2, argv, why, sizeof(why)), 0);
	assert_string_equal(rn.res->env.timing, KB_TIMING_METHOD);
	assert_true(rn.res->env.clock_read_ns > 0);
	assert_int_equal(rn.res->n_boots, 1);
	assert_string_equal(rn.res->boots[0], rn.res->env.boot_id);
	kb_runner_free(&rn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_kbench_vm_guest),
		cmocka_unit_test(bare_metal),
		cmocka_unit_test(a_foreign_vm),
		cmocka_unit_test(a_kernel_without_thp),
		cmocka_unit_test(nothing_readable),
		cmocka_unit_test(kernel_config_json),
		cmocka_unit_test(the_readers),
		cmocka_unit_test(this_machine),
		cmocka_unit_test(the_runner_records_it),
	};

	return cmocka_run_group_tests_name("environment", tests, group_tmpdir_setup,
					   group_tmpdir_teardown);
}

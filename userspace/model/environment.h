/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run was measured on and how, typed: the facts that decide whether
 * two runs can be compared at all (accelerator, mode, clock, CPUs, memory,
 * timing method) and those a reader should see beside a verdict (kernel
 * release, build and configuration, command line, mitigations, THP,
 * governor). Filled in by bench/ from the running system; results.json
 * keeps it as "environment" (docs/results.md).
 */
#ifndef KBENCH_ENVIRONMENT_H
#define KBENCH_ENVIRONMENT_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

/*
 * The timing method of the workloads: results timed another way are not
 * comparable (results.json "environment.timing"). "batches/1": a clock read
 * per batch of operations, sized so reads cost at most 1 % of the time.
 */
#define KB_TIMING_METHOD "batches/1"

/* Guest time under QEMU's -icount counts instructions, not seconds. */
#define KB_MODE_WALLCLOCK "wallclock"
#define KB_MODE_DETERMINISTIC "deterministic"

/*
 * The kernel's build configuration, as far as it changes what a benchmark
 * measures: what makes two builds of one release (the generic, -rt- and
 * -cloud- flavours, a self-built kernel) differ, from the config file of
 * the running kernel. Strings are "" and hz 0 when no config was found;
 * the lists are "none" when the config has none of their options.
 */
struct kb_kconfig {
	char source[160];	/* the file read ("/boot/config-6.1.0-57-amd64") */
	char preempt[32];	/* "none", "voluntary", "full", "rt"; "(dynamic)" */
	unsigned int hz;	/* CONFIG_HZ */
	char nohz[16];		/* "full", "idle", "periodic"; "off" (nohz=off) */
	char mitigations[320];	/* CPU mitigation options built in, by name */
	char init_on_alloc[8];	/* "on" or "off": the default, or init_on_alloc= */
	char init_on_free[8];	/* the same for init_on_free */
	char debug[320];	/* debug options that cost time at run time */
};

struct kb_env {
	char accel[16];		/* "tcg", "kvm", "none" (no hypervisor), "unknown" */
	char mode[16];		/* KB_MODE_WALLCLOCK or KB_MODE_DETERMINISTIC */
	char timing[16];	/* KB_TIMING_METHOD, or "per-op" (before it) */
	char clocksource[32];	/* the kernel's current clocksource */
	double clock_read_ns;	/* one clock_gettime(), measured; NAN: not */
	unsigned int cpus;	/* online */
	uint64_t mem_kb;	/* MemTotal */
	char kernel[65];	/* uname release */
	char cmdline[1024];	/* /proc/cmdline */
	char mitigations[64];	/* mitigations= of the command line, "" */
	char thp[32];		/* transparent_hugepage: the [selected] mode */
	char governor[32];	/* cpufreq governor of CPU 0, "" */
	char boot_id[40];	/* /proc/sys/kernel/random/boot_id */
	char build[128];	/* uname -v: "#1 SMP PREEMPT_RT Debian 6.1.192-3 ..." */
	struct kb_kconfig config;
};

/* The JSON form ("environment" of results.json). */
json_t *kb_env_json(const struct kb_env *e);

/*
 * Reads the JSON form; a field that is absent stays empty ("" or NAN or
 * 0), as in results written before it existed. -EINVAL with WHY (LEN
 * bytes) when a field has the wrong type.
 */
int kb_env_from_json(json_t *o, struct kb_env *e, char *why, size_t len);

/* An empty environment: every field unknown. */
void kb_env_init(struct kb_env *e);

#endif

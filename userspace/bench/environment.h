/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The environment of a run (model/environment.h) read from the running
 * system: /proc and /sys, the words scripts/kbench-vm puts on a guest's
 * kernel command line (kbench_accel=, kbench_mode=), and the measured cost
 * of a clock read. Every path can be put under a root directory, so that
 * tests read a fixture tree instead of this machine. noise.c shares the
 * readers below for the same files.
 */
#ifndef KBENCH_BENCH_ENVIRONMENT_H
#define KBENCH_BENCH_ENVIRONMENT_H

#include <stddef.h>

#include "model/environment.h"

/*
 * Fills E from the files under ROOT (NULL or "": this system). A file that
 * cannot be read leaves its field empty (accelerator and mode have
 * defaults: "none" or "unknown", "wallclock"); clock_read_ns stays NAN.
 */
void kb_env_read(struct kb_env *e, const char *root);

/* kb_env_read() of this system, with the clock read measured (util/clock.h). */
void kb_env_probe(struct kb_env *e);

/* ROOT + PATH into BUF (LEN bytes); ROOT NULL or "": PATH alone. */
const char *kb_env_path(char *buf, size_t len, const char *root, const char *path);

/*
 * The value of "KEY=value" on the kernel command line CMDLINE into BUF;
 * 0, or -ENOENT (BUF "") when KEY is not given.
 */
int kb_env_cmdline_param(const char *cmdline, const char *key, char *buf,
			 size_t len);

/* The value of the first "KEY<tabs>: value" line of ROOT/proc/cpuinfo; 0 or -errno. */
int kb_env_cpuinfo(const char *root, const char *key, char *buf, size_t len);

/*
 * Whether the CPU flags of ROOT/proc/cpuinfo have "hypervisor": 1 or 0;
 * -errno when there are no flags to read.
 */
int kb_env_hypervisor(const char *root);

/* The [selected] word of a sysfs choice ("always [madvise] never"); 0 or -errno. */
int kb_env_selected(const char *file, char *buf, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel settings that change what some costs in a profile mean, read
 * while recording (model/record.h, struct kb_kernel_facts): whether the
 * kernel zeroes the memory it allocates (init_on_alloc) or frees
 * (init_on_free). The boot log says what the running kernel chose ("mem
 * auto-init: stack:..., heap alloc:on, heap free:off"); without it, the
 * command line's init_on_alloc= and the kernel config's
 * CONFIG_INIT_ON_ALLOC_DEFAULT_ON (/boot/config-RELEASE, /proc/config.gz).
 */
#ifndef KBENCH_KFACTS_H
#define KBENCH_KFACTS_H

#include "model/record.h"

/* Reads the running kernel's settings; unknown ones stay -1. */
void kb_kfacts_read(struct kb_kernel_facts *kf);

/*
 * The same from texts (any may be NULL): the boot log LOG, the kernel
 * command line CMDLINE and the kernel config CONFIG.
 */
void kb_kfacts_parse(struct kb_kernel_facts *kf, const char *log,
		     const char *cmdline, const char *config);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the results are measured on: the host and kernel, and the noise
 * sources that make numbers from different runs incomparable.
 */
#ifndef KBENCH_NOISE_H
#define KBENCH_NOISE_H

#include <jansson.h>

/* {hostname, kernel: {release, version, cmdline}, cpu_model, cpu_count} */
json_t *kb_host_json(void);
/*
 * {governor, cur_freq_khz, smt, thp, mitigations, vulnerabilities,
 *  loadavg, hypervisor}: each null (or "unknown") where unreadable.
 */
json_t *kb_noise_json(void);

#endif

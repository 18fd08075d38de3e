/* SPDX-License-Identifier: GPL-2.0 */
/* kbench status's outputs: text for people, JSON for scripts. */
#ifndef KBENCH_RENDER_STATUS_H
#define KBENCH_RENDER_STATUS_H

#include <stdio.h>
#include <jansson.h>

#include "model/status.h"

void kb_status_print(FILE *f, const struct kb_status *st);

/*
 * {module_version, wire_version, kernel_release, state, features[], nr_cpus,
 *  cli_version, session: {collect[], target_pid} while one runs}, or NULL.
 */
json_t *kb_status_json(const struct kb_status *st);

#endif

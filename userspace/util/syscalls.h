/* SPDX-License-Identifier: GPL-2.0 */
/* Syscall names, from the table syscall_names.c is generated with. */
#ifndef KBENCH_SYSCALLS_H
#define KBENCH_SYSCALLS_H

#include <string.h>

/* The x86-64 name of syscall NR, or NULL when the headers do not know it. */
const char *kb_syscall_name(unsigned int nr);

/* The number of syscall NAME, or -1. */
int kb_syscall_nr(const char *name);

#endif

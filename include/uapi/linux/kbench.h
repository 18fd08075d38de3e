/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kbench: the generic netlink interface of kbench.ko.
 *
 * This header is the protocol. The module (kmod/) and the CLI (userspace/)
 * both include it as <linux/kbench.h>; nothing here is defined anywhere else.
 *
 * Family: KBENCH_GENL_NAME ("kbench"), version KBENCH_GENL_VERSION. The
 * family version changes when a command or attribute changes meaning; new
 * commands and attributes are added without a version change, and a peer
 * that sees an attribute it does not know ignores it (replies) or has it
 * refused (requests: every operation has a strict policy, so an unknown
 * attribute is -EINVAL with an extack message naming it).
 *
 * Commands
 * --------
 * KBENCH_CMD_GET_STATUS (doit, no attributes, no privilege needed)
 *	Replies with one KBENCH_CMD_GET_STATUS message carrying:
 *	  KBENCH_A_MODULE_VERSION	NUL-terminated string, "MAJOR.MINOR.PATCH"
 *	  KBENCH_A_WIRE_VERSION		u32, equal to KBENCH_GENL_VERSION
 *	  KBENCH_A_KERNEL_RELEASE	NUL-terminated string, utsname()->release
 *	  KBENCH_A_FEATURES		u32, bitmask of enum kbench_feature that
 *					this build of the module implements
 *	  KBENCH_A_STATE		u32, enum kbench_state
 *	  KBENCH_A_NR_CPUS		u32, num_possible_cpus()
 *
 * Errors
 * ------
 * Every failed request gets a netlink error with a negative errno and, where
 * the module knows more than the errno says, an extack message:
 *	-EINVAL		attribute outside its policy (type, range, unknown)
 *	-EPERM		operation needs CAP_PERFMON or CAP_SYS_ADMIN
 *	-EOPNOTSUPP	command not implemented by this build of the module
 */
#ifndef _UAPI_LINUX_KBENCH_H
#define _UAPI_LINUX_KBENCH_H

#include <linux/types.h>

#define KBENCH_GENL_NAME	"kbench"
#define KBENCH_GENL_VERSION	1

enum kbench_cmd {
	KBENCH_CMD_UNSPEC,
	KBENCH_CMD_GET_STATUS,
	__KBENCH_CMD_LAST
};
#define KBENCH_CMD_MAX (__KBENCH_CMD_LAST - 1)

/* Top-level attributes. Values start at 1; KBENCH_A_PAD aligns 64-bit ones. */
enum kbench_attr {
	KBENCH_A_UNSPEC,
	KBENCH_A_PAD,
	KBENCH_A_MODULE_VERSION,	/* string */
	KBENCH_A_WIRE_VERSION,		/* u32 */
	KBENCH_A_KERNEL_RELEASE,	/* string */
	KBENCH_A_FEATURES,		/* u32, enum kbench_feature */
	KBENCH_A_STATE,			/* u32, enum kbench_state */
	KBENCH_A_NR_CPUS,		/* u32 */
	__KBENCH_A_LAST
};
#define KBENCH_A_MAX (__KBENCH_A_LAST - 1)

/* What a module build can do; a peer checks a bit before using a command. */
enum kbench_feature {
	KBENCH_FEATURE_SAMPLER		= 1U << 0,	/* stack sampling */
	KBENCH_FEATURE_SYSCALLS		= 1U << 1,	/* syscall counters */
	KBENCH_FEATURE_FAULTS		= 1U << 2,	/* page-fault counters */
	__KBENCH_FEATURE_ALL		= (1U << 3) - 1
};

enum kbench_state {
	KBENCH_STATE_IDLE,	/* no session */
	KBENCH_STATE_RUNNING,	/* a session is collecting */
	__KBENCH_STATE_LAST
};

#endif /* _UAPI_LINUX_KBENCH_H */

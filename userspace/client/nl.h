/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only code that speaks netlink: open a socket, resolve the kbench
 * family once, send a request and hand each reply's attributes to a parser.
 */
#ifndef KBENCH_NL_H
#define KBENCH_NL_H

#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>

struct kb_nl;

/* Called once per reply message with its attributes, indexed by type. */
typedef int (*kb_nl_parse_fn)(struct nlattr **tb, void *arg);

/* Called for every top-level attribute of a reply, in order. */
typedef int (*kb_nl_each_fn)(struct nlattr *attr, void *arg);

/* Room for the kernel's extack message and our own explanation. */
#define KB_NL_ERRLEN 256

/*
 * Opens a socket and resolves the family. Returns 0, or a negative errno
 * with WHY filled in: -ENOENT means the module is not loaded.
 */
int kb_nl_open(struct kb_nl **nlp, char why[KB_NL_ERRLEN]);
void kb_nl_close(struct kb_nl *nl);

/*
 * Sends CMD (with the attributes ADD puts, if any) and parses every reply
 * with PARSE. Returns 0, or a negative errno with WHY filled in from the
 * kernel's extack message when there is one.
 */
int kb_nl_request(struct kb_nl *nl, uint8_t cmd, int flags,
		  int (*add)(struct nl_msg *msg, void *arg), void *add_arg,
		  kb_nl_parse_fn parse, void *parse_arg,
		  char why[KB_NL_ERRLEN]);

/*
 * Sends CMD (no attributes) and hands EACH every top-level attribute of
 * every reply message, repeated ones included (a KBENCH_A_CPU_STATS nest
 * holds 256 CPUs at most, a reply as many nests as it takes).
 */
int kb_nl_request_each(struct kb_nl *nl, uint8_t cmd, kb_nl_each_fn each,
		       void *arg, char why[KB_NL_ERRLEN]);

/*
 * Sends CMD as a dump request: kb_nl_request() with NLM_F_DUMP; PARSE sees
 * every message of the dump. An error the kernel reports in NLMSG_DONE and
 * an interrupted dump (NLM_F_DUMP_INTR, -EAGAIN) are returned like any other.
 */
#define kb_nl_dump(nl, cmd, add, add_arg, parse, parse_arg, why) \
	kb_nl_request(nl, cmd, NLM_F_DUMP, add, add_arg, parse, parse_arg, why)

/* The errno in *ERR and the extack text (or NULL) of an NLMSG_DONE. */
const char *kb_nl_done_error(const struct nlmsghdr *nlh, int *err);

/* Extracts the NLMSGERR_ATTR_MSG text of an error message (or NULL). */
const char *kb_nl_extack_msg(const struct nlmsghdr *nlh);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* Whether output goes to a person at a terminal, or into a log. */
#ifndef KBENCH_TERM_H
#define KBENCH_TERM_H

#include <stdbool.h>

/*
 * True when FD is a terminal that a person watches: progress lines and
 * cursor movement go only there. A terminal with TERM=dumb (what
 * scripts/kbench-vm gives its guest, whose console ends up in a log file)
 * does not count.
 */
bool kb_term_interactive(int fd);

/* kb_term_interactive(), and NO_COLOR is unset or empty: colours are wanted. */
bool kb_term_colour(int fd);

#endif

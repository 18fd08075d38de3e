// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term.h"

bool kb_term_interactive(int fd)
{
	const char *term = getenv("TERM");

	return isatty(fd) && !(term && !strcmp(term, "dumb"));
}

bool kb_term_colour(int fd)
{
	const char *nc = getenv("NO_COLOR");

	return kb_term_interactive(fd) && !(nc && *nc);
}

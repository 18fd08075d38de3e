/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KBENCH_COMMANDS_H
#define KBENCH_COMMANDS_H

/* One entry point per subcommand; each handles its own --help. */
int cmd_status(int argc, char **argv);

#endif

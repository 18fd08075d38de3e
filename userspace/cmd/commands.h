/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KBENCH_COMMANDS_H
#define KBENCH_COMMANDS_H

/* One entry point per subcommand; each handles its own --help. */
int cmd_status(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KBENCH_GENL_H
#define _KBENCH_GENL_H

int kbench_genl_init(void);
void kbench_genl_exit(void);

#endif /* _KBENCH_GENL_H */

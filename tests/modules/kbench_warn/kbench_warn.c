// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: makes the kernel print a WARNING on load, so the QEMU
 * harness can prove that any kernel warning fails a run.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init kbench_warn_init(void)
{
	WARN(1, "kbench_warn: deliberate warning for the harness test\n");
	return 0;
}

static void __exit kbench_warn_exit(void)
{
}

module_init(kbench_warn_init);
module_exit(kbench_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbench test: deliberately warns on load");

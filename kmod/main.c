// SPDX-License-Identifier: GPL-2.0
/*
 * kbench.ko: sampling and counting for kernel benchmarks. This file only
 * wires the pieces together; each piece owns its own file.
 */
#include <linux/module.h>
#include <linux/kbench.h>
#include <net/genetlink.h>

#include "genl.h"
#include "sampler.h"
#include "session.h"

static int __init kbench_init(void)
{
	int ret;

	ret = kbench_sampler_init();
	if (ret)
		return ret;
	ret = kbench_session_init();
	if (ret)
		goto err_sampler_exit;
	ret = kbench_genl_init();
	if (ret)
		goto err_session_exit;

	pr_info("version %s loaded (wire version %d)\n", KBENCH_VERSION,
		KBENCH_GENL_VERSION);
	return 0;

err_session_exit:
	kbench_session_exit();
err_sampler_exit:
	kbench_sampler_exit();
	return ret;
}

static void __exit kbench_exit(void)
{
	/* No request can reach a session once the family is gone. */
	kbench_genl_exit();
	kbench_session_exit();
	kbench_sampler_exit();
	pr_info("unloaded\n");
}

module_init(kbench_init);
module_exit(kbench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbench: kernel benchmark sampling and counters");
MODULE_VERSION(KBENCH_VERSION);
MODULE_ALIAS_GENL_FAMILY(KBENCH_GENL_NAME);

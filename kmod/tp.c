// SPDX-License-Identifier: GPL-2.0
/* Finding, attaching and detaching tracepoint probes by name. */
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "tp.h"

struct kbench_tp_search {
	struct kbench_tp *tps;
	size_t n;
};

static void kbench_tp_match(struct tracepoint *tp, void *priv)
{
	struct kbench_tp_search *s = priv;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!s->tps[i].tp && !strcmp(tp->name, s->tps[i].name))
			s->tps[i].tp = tp;
}

int kbench_tp_lookup(struct kbench_tp *tps, size_t n)
{
	struct kbench_tp_search s = { .tps = tps, .n = n };
	size_t i;
	int ret = 0;

	for (i = 0; i < n; i++)
		tps[i].tp = NULL;
	for_each_kernel_tracepoint(kbench_tp_match, &s);
	for (i = 0; i < n; i++) {
		if (!tps[i].tp) {
			pr_err("tracepoint %s not found in this kernel\n",
			       tps[i].name);
			ret = -ENOENT;
		}
	}
	return ret;
}

int kbench_tp_register(struct kbench_tp *tps, size_t n, void *data)
{
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		if (WARN_ON_ONCE(!tps[i].tp)) {
			ret = -ENOENT;
			goto err_unregister;
		}
		ret = tracepoint_probe_register(tps[i].tp, tps[i].probe, data);
		if (ret)
			goto err_unregister;
	}
	return 0;

err_unregister:
	while (i--)
		tracepoint_probe_unregister(tps[i].tp, tps[i].probe, data);
	return ret;
}

void kbench_tp_unregister(struct kbench_tp *tps, size_t n, void *data)
{
	size_t i;

	for (i = n; i--;)
		WARN_ON_ONCE(tracepoint_probe_unregister(tps[i].tp,
							 tps[i].probe, data));
}

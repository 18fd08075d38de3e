// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"
#include "model/samples.h"

/* Room for CPU numbers up to CPU. */
static int grow_cpus(struct kb_timeline *t, size_t cpu)
{
	uint64_t **p;

	if (cpu < t->ncpu)
		return 0;
	p = realloc(t->bins, (cpu + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (size_t i = t->ncpu; i <= cpu; i++)
		p[i] = NULL;
	t->bins = p;
	t->ncpu = cpu + 1;
	return 0;
}

/* Room for bins up to BIN on every CPU that has samples. */
static int grow_bins(struct kb_timeline *t, uint64_t bin)
{
	if (bin < t->nbins)
		return 0;
	for (size_t c = 0; c < t->ncpu; c++) {
		uint64_t *q;

		if (!t->bins[c])	/* allocated at its first sample */
			continue;
		q = realloc(t->bins[c], (bin + 1) * sizeof(*q));
		if (!q)
			return -ENOMEM;
		memset(q + t->nbins, 0, (bin + 1 - t->nbins) * sizeof(*q));
		t->bins[c] = q;
	}
	t->nbins = bin + 1;
	return 0;
}

static int add_sample(const struct kbench_sample *s, void *arg)
{
	struct kb_timeline *t = arg;
	uint64_t bin;

	if (!t->t0)
		t->t0 = s->time_ns;
	if (s->time_ns < t->t0)
		return 0;
	bin = t->base + (s->time_ns - t->t0) / KB_TIMELINE_BIN_NS;
	if (bin > KB_TIMELINE_MAX_BINS || s->cpu >= KB_TIMELINE_MAX_CPUS)
		return 0;	/* a bogus time or CPU */
	if (grow_cpus(t, s->cpu) || grow_bins(t, bin))
		return t->err = -ENOMEM;
	if (!t->bins[s->cpu]) {
		t->bins[s->cpu] = calloc(t->nbins, sizeof(uint64_t));
		if (!t->bins[s->cpu])
			return t->err = -ENOMEM;
	}
	t->bins[s->cpu][bin]++;
	return 0;
}

int kb_timeline_add(struct kb_timeline *t, const void *buf, size_t len)
{
	int ret;

	if (t->err)
		return t->err;
	t->t0 = 0;
	t->base = t->nbins;
	ret = kb_samples_walk(buf, len, add_sample, t);
	if (ret < 0 || t->err)
		return t->err ? t->err : ret;
	t->profiles++;
	return 0;
}

uint64_t kb_timeline_get(const struct kb_timeline *t, size_t cpu, size_t bin)
{
	if (cpu >= t->ncpu || !t->bins[cpu] || bin >= t->nbins)
		return 0;
	return t->bins[cpu][bin];
}

void kb_timeline_free(struct kb_timeline *t)
{
	for (size_t c = 0; c < t->ncpu; c++)
		free(t->bins[c]);
	free(t->bins);
	memset(t, 0, sizeof(*t));
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <linux/kbench.h>

#include "mmap_events.h"
#include "recording.h"
#include "model/samples.h"
#include "client/session.h"
#include "util/util.h"

#define RECORD_SCHEMA "kbench-record/1"
/* Mapping-event ring per CPU for each second between polls (bounded). */
#define EVENTS_KB_PER_S 128
#define EVENTS_KB_MAX 1024

/* A sampled process, and whether /proc still had its maps at first sight. */
struct seen_pid {
	uint32_t pid;
	bool captured;
	bool user;		/* some sample has user frames to symbolize */
};

/* Everything a recording accumulates while it drains. */
struct kb_recording {
	char dir[4096];
	struct kb_rec_config cfg;
	struct kb_nl *nl;
	FILE *raw;
	uint64_t bytes;
	/* pids whose comm and maps were captured, or found gone */
	struct seen_pid *seen;
	size_t nseen, capseen;
	/* index into seen (+1; 0 is free) by pid hash, 2 x capseen slots */
	uint32_t *slots;
	/* mappings of processes gone before a drain; NULL: not available */
	struct kb_mmev *ev;
	uint64_t from_events;	/* processes whose maps came from the events */
};

/* Slot of PID in r->slots: where it is, or the free one it would take. */
static size_t slot_of(const struct kb_recording *r, uint32_t pid)
{
	size_t mask = 2 * r->capseen - 1, i = (pid * 2654435761u) & mask;

	while (r->slots[i] && r->seen[r->slots[i] - 1].pid != pid)
		i = (i + 1) & mask;
	return i;
}

/*
 * Every sample asks, and a system-wide recording can see thousands of
 * processes: a hash lookup, not a scan.
 */
static struct seen_pid *seen(struct kb_recording *r, uint32_t pid)
{
	size_t i;

	if (!r->nseen)
		return NULL;
	i = slot_of(r, pid);
	return r->slots[i] ? &r->seen[r->slots[i] - 1] : NULL;
}

static int add_seen(struct kb_recording *r, struct seen_pid sp)
{
	if (r->nseen == r->capseen) {
		size_t cap = r->capseen ? r->capseen * 2 : 64;
		struct seen_pid *p = realloc(r->seen, cap * sizeof(*p));
		uint32_t *slots = calloc(2 * cap, sizeof(*slots));

		if (p)
			r->seen = p;
		if (!p || !slots) {
			free(slots);
			return -ENOMEM;
		}
		r->capseen = cap;
		free(r->slots);
		r->slots = slots;
		for (size_t i = 0; i < r->nseen; i++)
			r->slots[slot_of(r, r->seen[i].pid)] = (uint32_t)i + 1;
	}
	r->seen[r->nseen++] = sp;
	r->slots[slot_of(r, sp.pid)] = (uint32_t)r->nseen;
	return 0;
}

/* The events must keep a process that was sampled but gone from /proc. */
static bool needs_events(uint32_t pid, void *arg)
{
	struct seen_pid *sp = seen(arg, pid);

	return sp && !sp->captured;
}

static int on_sample(const struct kbench_sample *s, void *arg)
{
	struct kb_recording *r = arg;
	struct seen_pid *sp;

	if (s->context == KBENCH_CTX_IDLE)
		return 0;
	sp = seen(r, s->pid);
	if (sp) {
		sp->user |= s->nr_user > 0;
		return 0;
	}
	/* A process already gone gets its maps from the events at the end. */
	return add_seen(r, (struct seen_pid){
		s->pid, !kb_profile_capture_proc(r->dir, s->pid), s->nr_user > 0 });
}

static int on_batch(const void *buf, size_t len, void *arg)
{
	struct kb_recording *r = arg;
	int ret;

	ret = kb_samples_walk(buf, len, on_sample, r);
	if (ret)
		return ret;
	if (fwrite(buf, 1, len, r->raw) != len)
		return -EIO;
	r->bytes += len;
	return 0;
}

static int save_kallsyms(const char *dir)
{
	char path[4096], buf[65536];
	FILE *in = fopen("/proc/kallsyms", "r"), *out;
	size_t n;
	int ret = 0;

	if (!in)
		return -errno;
	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	out = fopen(path, "w");
	if (!out) {
		ret = -errno;
		fclose(in);
		return ret;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ret = -EIO;
	fclose(in);
	if (fclose(out))
		ret = -EIO;
	return ret;
}

/* Self samples per leaf function, for the summary's top five. */
struct leaf {
	const char *name;
	uint64_t n;
};

static int by_count(const void *a, const void *b)
{
	const struct leaf *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->name, y->name);
}

static json_t *top_functions(const struct kb_folded *fo, size_t want)
{
	json_t *leaves = json_object(), *top = json_array(), *v;
	const char *stack, *key;
	struct leaf *arr;
	size_t n = 0;

	json_object_foreach((json_t *)fo->stacks, stack, v) {
		const char *leaf = strrchr(stack, ';');
		json_t *cur;

		leaf = leaf ? leaf + 1 : stack;
		cur = json_object_get(leaves, leaf);
		json_object_set_new(leaves, leaf, json_integer(
			(cur ? json_integer_value(cur) : 0) + json_integer_value(v)));
	}
	arr = calloc(json_object_size(leaves) + 1, sizeof(*arr));
	json_object_foreach(leaves, key, v)
		arr[n++] = (struct leaf){ key, (uint64_t)json_integer_value(v) };
	qsort(arr, n, sizeof(*arr), by_count);
	for (size_t i = 0; i < n && i < want; i++)
		json_array_append_new(top, json_pack("{s:s, s:I, s:f}",
			"function", arr[i].name, "samples", (json_int_t)arr[i].n,
			"percent", fo->samples ? 100.0 * arr[i].n / fo->samples : 0.0));
	free(arr);
	json_decref(leaves);
	return top;
}

static json_t *cpu_stats_json(const struct kb_cpu_stats *st, size_t n,
			      struct kb_cpu_stats *sum)
{
	json_t *arr = json_array();

	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, json_pack("{s:i, s:I, s:I, s:I, s:I, s:I}",
			"cpu", (int)st[i].cpu, "fired", (json_int_t)st[i].fired,
			"recorded", (json_int_t)st[i].recorded,
			"dropped", (json_int_t)st[i].dropped,
			"filtered", (json_int_t)st[i].filtered,
			"missed", (json_int_t)st[i].missed));
		sum->fired += st[i].fired;
		sum->recorded += st[i].recorded;
		sum->dropped += st[i].dropped;
		sum->filtered += st[i].filtered;
		sum->missed += st[i].missed;
	}
	return arr;
}

/*
 * Mapping events from before the target is released, so that its exec is
 * seen. Without them recording works as before; said once per process,
 * not once per repetition of `kbench run`.
 */
static void open_events(struct kb_recording *r)
{
	static bool told;
	uint32_t secs = r->cfg.poll_ms ? (r->cfg.poll_ms + 999) / 1000 : 1;
	uint32_t kb = secs < EVENTS_KB_MAX / EVENTS_KB_PER_S ?
		      secs * EVENTS_KB_PER_S : EVENTS_KB_MAX;
	int ret = kb_mmev_open(&r->ev, kb);

	if (ret && !told) {
		kb_err("record", "no mapping events (%s); processes that exit between drains keep raw user addresses",
		       strerror(-ret));
		told = true;
	}
}

/*
 * Writes procs/PID.* from the events for each sampled process that was gone
 * from /proc. Lost events can only cost the user frames of such a process:
 * warn when there are some.
 */
static void write_gone_procs(struct kb_recording *r)
{
	uint64_t lost;
	bool needed = false;

	if (!r->ev)
		return;
	kb_mmev_poll(r->ev);
	for (size_t i = 0; i < r->nseen; i++) {
		struct seen_pid *sp = &r->seen[i];

		if (sp->captured)
			continue;
		/* Without user frames a process still wants its name. */
		needed |= sp->user;
		if (!kb_mmev_write_procs(r->ev, r->dir, sp->pid))
			r->from_events++;
	}
	lost = kb_mmev_lost(r->ev);
	if (lost && needed)
		kb_err("record", "%" PRIu64 " mapping events lost; some user frames may stay unsymbolized",
		       lost);
}

int kb_recording_start(struct kb_recording **rp, const char *dir,
		       const struct kb_rec_config *cfg, char why[KB_REC_WHYLEN])
{
	struct kb_recording *r;
	char path[4200], nlwhy[KB_NL_ERRLEN];
	uint32_t collect = KBENCH_COLLECT_SAMPLES;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(why, KB_REC_WHYLEN, "out of memory");
		return -ENOMEM;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	r->cfg = *cfg;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = -errno;
		snprintf(why, KB_REC_WHYLEN, "cannot create %s: %s", dir, strerror(errno));
		goto err;
	}
	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	r->raw = fopen(path, "w");
	if (!r->raw || kb_raw_write_header(r->raw)) {
		ret = -errno;
		snprintf(why, KB_REC_WHYLEN, "cannot write %s: %s", path, strerror(errno));
		goto err;
	}
	ret = kb_nl_open(&r->nl, nlwhy);
	if (!ret) {
		if (cfg->counters)
			collect |= KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_FAULTS;
		if (cfg->counters && cfg->latency)
			collect |= KBENCH_COLLECT_SYSCALL_LATENCY;
		ret = kb_session_start(r->nl, collect, cfg->pid, &cfg->s, nlwhy);
	}
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "%s", nlwhy);
		goto err;
	}
	open_events(r);
	*rp = r;
	return 0;
err:
	kb_recording_abort(r);
	return ret;
}

void kb_recording_poll_events(struct kb_recording *r)
{
	if (r->ev)
		kb_mmev_poll(r->ev);
}

int kb_recording_poll(struct kb_recording *r, char why[KB_REC_WHYLEN])
{
	char nlwhy[KB_NL_ERRLEN];
	int ret;

	kb_recording_poll_events(r);
	ret = kb_sampler_drain(r->nl, on_batch, r, nlwhy);
	if (ret)
		snprintf(why, KB_REC_WHYLEN, "reading samples: %s", nlwhy);
	else if (r->ev)
		/* A process that exited before this drain has no samples left. */
		kb_mmev_forget_exited(r->ev, needs_events, r);
	return ret;
}

void kb_recording_abort(struct kb_recording *r)
{
	if (!r)
		return;
	/* Closing the socket ends the session it owns. */
	kb_nl_close(r->nl);
	kb_mmev_close(r->ev);
	if (r->raw)
		fclose(r->raw);
	free(r->seen);
	free(r->slots);
	free(r);
}

void kb_rec_summary_free(struct kb_rec_summary *sum)
{
	if (sum->have_counters)
		kb_counters_free(&sum->counters);
	json_decref(sum->top);
	memset(sum, 0, sizeof(*sum));
}

static int write_results(struct kb_recording *r, const struct kb_rec_meta *m,
			 const struct kb_profile *p, const struct kb_cpu_stats *st,
			 size_t nst, const struct kb_counters *c, json_t *top)
{
	struct kb_cpu_stats sum;
	json_t *root, *cmd = json_null(), *target, *samples;
	struct utsname u;
	char path[4200];
	int ret;

	uname(&u);
	if (m->command) {
		cmd = json_array();
		for (char **a = m->command; *a; a++)
			json_array_append_new(cmd, json_string(*a));
	}
	target = json_pack("{s:s}", "mode", m->mode);
	if (r->cfg.pid && strcmp(m->mode, "system"))
		json_object_set_new(target, "pid", json_integer(r->cfg.pid));
	samples = json_pack("{s:o}", "per_cpu", cpu_stats_json(st, nst, &sum));
	json_object_set_new(samples, "fired", json_integer((json_int_t)sum.fired));
	json_object_set_new(samples, "recorded", json_integer((json_int_t)sum.recorded));
	json_object_set_new(samples, "dropped", json_integer((json_int_t)sum.dropped));
	json_object_set_new(samples, "filtered", json_integer((json_int_t)sum.filtered));
	json_object_set_new(samples, "missed", json_integer((json_int_t)sum.missed));
	json_object_set_new(samples, "symbolized", json_integer((json_int_t)p->folded.samples));
	json_object_set_new(samples, "by_context", json_pack("{s:I, s:I, s:I}",
		"user", (json_int_t)p->by_context[KBENCH_CTX_USER],
		"kernel", (json_int_t)p->by_context[KBENCH_CTX_KERNEL],
		"idle", (json_int_t)p->by_context[KBENCH_CTX_IDLE]));

	root = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:i, s:i, s:f, s:b, s:o, s:o,"
			 " s:{s:i, s:i, s:i}, s:o, s:O,"
			 " s:{s:s, s:s, s:s, s:s}}",
		"schema", RECORD_SCHEMA,
		"kbench_version", KBENCH_VERSION,
		"kernel", "release", u.release, "version", u.version, "machine", u.machine,
		"cpus", (int)sysconf(_SC_NPROCESSORS_ONLN),
		"frequency_hz", (int)r->cfg.s.freq_hz,
		"duration_s", m->duration_s,
		"partial", m->partial,
		"command", cmd,
		"target", target,
		"callgraph", "kernel_depth", (int)r->cfg.s.kernel_depth,
			"user_depth", (int)r->cfg.s.user_depth, "ring_kb", (int)r->cfg.s.ring_kb,
		"samples", samples,
		"top", top,
		"files", "raw", "samples.raw", "folded", "stacks.folded",
			"kallsyms", "kallsyms", "procs", "procs/");
	if (!root)
		return -ENOMEM;
	if (m->command_status >= 0)
		json_object_set_new(root, "command_status", json_integer(m->command_status));
	/* null: the kernel gave no mapping events, so none could be counted */
	json_object_set_new(root, "maps_events_lost", r->ev ?
			    json_integer((json_int_t)kb_mmev_lost(r->ev)) : json_null());
	json_object_set_new(root, "maps_from_events",
			    json_integer((json_int_t)r->from_events));
	if (c) {
		json_t *cj = kb_counters_json(c);

		json_object_update(root, cj);
		json_decref(cj);
	}
	snprintf(path, sizeof(path), "%s/results.json", r->dir);
	ret = json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS |
			     JSON_REAL_PRECISION(9)) ? -EIO : 0;
	json_decref(root);
	return ret;
}

int kb_recording_finish(struct kb_recording *r, const struct kb_rec_meta *meta,
			struct kb_rec_summary *sum, char why[KB_REC_WHYLEN])
{
	struct kb_rec_summary s = { 0 };
	struct kb_cpu_stats *st = NULL;
	char nlwhy[KB_NL_ERRLEN], path[4200];
	struct kb_profile p;
	size_t nst = 0;
	FILE *f;
	int ret;

	/*
	 * Quiet timers first: then the last samples and the accounting are
	 * exact, and fired = recorded + dropped + filtered adds up.
	 */
	ret = kb_sampler_stop_timers(r->nl, nlwhy);
	if (!ret)
		ret = kb_sampler_drain(r->nl, on_batch, r, nlwhy);
	if (!ret)
		ret = kb_sampler_stats(r->nl, &st, &nst, nlwhy);
	if (!ret && r->cfg.counters) {
		ret = kb_counters_fetch(r->nl, &s.counters, nlwhy);
		s.have_counters = !ret;
	}
	if (!ret)
		ret = kb_session_stop(r->nl, nlwhy);
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "%s", nlwhy);
		goto out;
	}
	ret = fclose(r->raw) ? -EIO : 0;
	r->raw = NULL;
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "cannot write %s/samples.raw", r->dir);
		goto out;
	}
	ret = save_kallsyms(r->dir);
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "cannot save /proc/kallsyms: %s", strerror(-ret));
		goto out;
	}
	write_gone_procs(r);
	ret = kb_profile_load(&p, r->dir, why);
	if (ret)
		goto out;
	snprintf(path, sizeof(path), "%s/stacks.folded", r->dir);
	f = fopen(path, "w");
	if (f) {
		ret = kb_folded_write(&p.folded, f);
		if (fclose(f))
			ret = -EIO;
	}
	if (!f || ret) {
		snprintf(why, KB_REC_WHYLEN, "cannot write %s", path);
		ret = -EIO;
	}
	s.top = top_functions(&p.folded, 5);
	s.symbolized = p.folded.samples;
	json_decref(cpu_stats_json(st, nst, &s.sum));
	if (!ret && write_results(r, meta, &p, st, nst,
				  s.have_counters ? &s.counters : NULL, s.top)) {
		snprintf(why, KB_REC_WHYLEN, "cannot write %s/results.json", r->dir);
		ret = -EIO;
	}
	kb_profile_free(&p);
out:
	free(st);
	if (sum && !ret)
		*sum = s;
	else
		kb_rec_summary_free(&s);
	kb_recording_abort(r);
	return ret;
}

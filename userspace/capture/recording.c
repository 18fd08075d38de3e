// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/kbench.h>

#include "counting_cost.h"
#include "kfacts.h"
#include "mmap_events.h"
#include "recording.h"
#include "client/nl.h"
#include "client/session.h"
#include "client/user_rings.h"
#include "model/samples.h"

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
	struct kb_user_rings *rings;	/* the module writes samples here */
	bool memlock_short;		/* no rings here: RLIMIT_MEMLOCK */
	FILE *raw;
	char drain_why[KB_REC_WHYLEN];	/* why a drain's records were refused */
	struct seen_pid *last;	/* the process of the last record, if any */
	/* pids whose comm and maps were captured, or found gone */
	struct seen_pid *seen;
	size_t nseen, capseen;
	/* index into seen (+1; 0 is free) by pid hash, 2 x capseen slots */
	uint32_t *slots;
	/* mappings of processes gone before a drain; NULL: not available */
	struct kb_mmev *ev;
	int ev_err;		/* why not, -errno */
	uint64_t from_events;	/* processes whose maps came from the events */
	double counting_ns;	/* counting's cost per syscall; NAN: unknown */
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

	/* A CPU's records come in runs of one process: no lookup for those. */
	if (r->last && r->last->pid == pid)
		return r->last;
	if (!r->nseen)
		return NULL;
	i = slot_of(r, pid);
	if (r->slots[i])
		r->last = &r->seen[r->slots[i] - 1];
	return r->slots[i] ? r->last : NULL;
}

static int add_seen(struct kb_recording *r, struct seen_pid sp)
{
	if (r->nseen == r->capseen) {
		size_t cap = r->capseen ? r->capseen * 2 : 64;
		struct seen_pid *p = realloc(r->seen, cap * sizeof(*p));
		uint32_t *slots = calloc(2 * cap, sizeof(*slots));

		if (p) {
			r->seen = p;
			r->last = NULL;	/* it pointed into the old array */
		}
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

/*
 * A process sampled for the first time gets its comm and maps captured
 * from /proc; one already gone gets them from the events at the end.
 */
static int note_sample(struct kb_recording *r, const struct kbench_sample *s)
{
	struct seen_pid *sp;
	bool captured;

	if (s->context == KBENCH_CTX_IDLE)
		return 0;
	sp = seen(r, s->pid);
	if (sp) {
		sp->user |= s->nr_user > 0;
		return 0;
	}
	captured = !kb_profile_capture_proc(r->dir, s->pid);
	if (!captured && r->ev)
		kb_mmev_keep(r->ev, s->pid);
	return add_seen(r, (struct seen_pid){ s->pid, captured, s->nr_user > 0 });
}

/* Notes the processes of LEN bytes of records, then appends them to disk. */
static int take_records(struct kb_recording *r, const void *data, size_t len,
			char why[KB_REC_WHYLEN])
{
	const struct kbench_sample *s;
	size_t off = 0;
	int ret = 0;

	while (!ret && (s = kb_samples_next(data, len, &off, &ret)))
		ret = note_sample(r, s);
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "reading samples: %s", ret == -EPROTO ?
			 "malformed sample record" : strerror(-ret));
	} else if (fwrite(data, 1, len, r->raw) != len) {
		ret = errno ? -errno : -EIO;
		snprintf(why, KB_REC_WHYLEN, "cannot write %s/samples.raw: %s",
			 r->dir, strerror(-ret));
	}
	return ret;
}

static int take_batch(struct kb_recording *r, struct kb_sample_buf *b,
		      char why[KB_REC_WHYLEN])
{
	int ret = take_records(r, b->data, b->len, why);

	b->len = 0;
	return ret;
}

/* A drain's records, message by message, from the receive buffer. */
static int on_records(const void *data, size_t len, void *arg)
{
	struct kb_recording *r = arg;

	return take_records(r, data, len, r->drain_why);
}

/*
 * Mapping events from before the target is released, so that its exec is
 * seen. Without them recording works as before (the summary says so).
 */
static void open_events(struct kb_recording *r)
{
	uint32_t secs = r->cfg.poll_ms ? (r->cfg.poll_ms + 999) / 1000 : 1;
	uint32_t kb = secs < EVENTS_KB_MAX / EVENTS_KB_PER_S ?
		      secs * EVENTS_KB_PER_S : EVENTS_KB_MAX;

	r->ev_err = kb_mmev_open(&r->ev, kb);
}

int kb_recording_start(struct kb_recording **rp, const char *dir,
		       const struct kb_rec_config *cfg, char why[KB_REC_WHYLEN])
{
	struct kb_recording *r;
	char nlwhy[KB_NL_ERRLEN];
	uint32_t collect = KBENCH_COLLECT_SAMPLES;
	struct kb_sampler_opts sopts = cfg->s;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(why, KB_REC_WHYLEN, "out of memory");
		return -ENOMEM;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	r->cfg = *cfg;
	ret = kb_profile_create(dir, &r->raw, why);
	if (ret)
		goto err;
	r->counting_ns = NAN;
	/* Read in place, as perf reads its rings: no copy through netlink. */
	ret = kb_user_rings_open(&r->rings, cfg->s.ring_kb, NULL, nlwhy);
	if (!ret && !kb_memlock_allows(kb_user_rings_len(r->rings))) {
		/* The module would refuse the pins: its own rings, then. */
		kb_user_rings_close(r->rings);
		r->rings = NULL;
		r->memlock_short = true;
	}
	if (!ret) {
		if (r->rings)
			kb_user_rings_put(r->rings, &sopts);
		ret = kb_nl_open(&r->nl, nlwhy);
	}
	/* Measured, not assumed: the summary says what counting cost. */
	if (!ret && cfg->counters && cfg->counting_cost &&
	    kb_counting_cost(r->nl, KBENCH_COLLECT_SYSCALLS | (cfg->latency ?
			     KBENCH_COLLECT_SYSCALL_LATENCY : 0),
			     &r->counting_ns, nlwhy))
		r->counting_ns = NAN;
	if (!ret) {
		if (cfg->counters)
			collect |= KBENCH_COLLECT_SYSCALLS | KBENCH_COLLECT_FAULTS;
		if (cfg->counters && cfg->latency)
			collect |= KBENCH_COLLECT_SYSCALL_LATENCY;
		ret = kb_session_start(r->nl, collect, cfg->pid, &sopts, nlwhy);
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

int kb_recording_poll(struct kb_recording *r, char why[KB_REC_WHYLEN])
{
	char nlwhy[KB_NL_ERRLEN];
	int ret;

	if (r->ev)
		kb_mmev_poll(r->ev);
	r->drain_why[0] = '\0';
	ret = r->rings ? kb_user_rings_read(r->rings, on_records, r, nlwhy) :
			 kb_sampler_drain_each(r->nl, on_records, r, nlwhy);
	if (ret) {
		if (r->drain_why[0])	/* the records', not the rings' */
			snprintf(why, KB_REC_WHYLEN, "%s", r->drain_why);
		else
			snprintf(why, KB_REC_WHYLEN, "reading samples: %s", nlwhy);
		return ret;
	}
	/* A process that exited before this drain has no samples left. */
	if (!ret && r->ev)
		kb_mmev_forget_exited(r->ev);
	return ret;
}

void kb_recording_abort(struct kb_recording *r)
{
	if (!r)
		return;
	/* Closing the socket ends the session it owns, which unpins the rings. */
	kb_nl_close(r->nl);
	kb_user_rings_close(r->rings);
	kb_mmev_close(r->ev);
	if (r->raw)
		fclose(r->raw);
	free(r->seen);
	free(r->slots);
	free(r);
}

void kb_rec_summary_free(struct kb_rec_summary *sum)
{
	kb_record_free(&sum->rec);
	memset(sum, 0, sizeof(*sum));
}

/*
 * Writes procs/PID.* from the events for each sampled process that was
 * gone from /proc: the events hand back its name and mappings, over its
 * parent's capture when it inherited those. Lost events can only cost the
 * user frames of such a process: true when some could have.
 */
static bool write_gone_procs(struct kb_recording *r)
{
	bool needed = false;

	kb_mmev_poll(r->ev);
	for (size_t i = 0; i < r->nseen; i++) {
		struct seen_pid *sp = &r->seen[i];
		struct kb_procmaps base, pm;
		uint32_t ppid;
		bool have_base;

		if (sp->captured)
			continue;
		/* Without user frames a process still wants its name. */
		needed |= sp->user;
		ppid = kb_mmev_base_pid(r->ev, sp->pid);
		have_base = ppid && !kb_profile_read_proc(r->dir, ppid, &base);
		if (!kb_mmev_proc(r->ev, sp->pid, have_base ? &base : NULL, &pm)) {
			if (!kb_profile_write_proc(r->dir, sp->pid, &pm))
				r->from_events++;
			kb_procmaps_free(&pm);
		}
		if (have_base)
			kb_procmaps_free(&base);
	}
	return needed && kb_mmev_lost(r->ev);
}

/*
 * Finishes the capture: the last records, then what symbolizing needs
 * besides them (kallsyms, procs/ of the processes gone before a drain).
 */
static int finish_capture(struct kb_recording *r, struct kb_sample_buf *last,
			  struct kb_rec_summary *s, char why[KB_REC_WHYLEN])
{
	int ret = take_batch(r, last, why);

	if (ret)
		return ret;
	ret = fclose(r->raw) ? -EIO : 0;
	r->raw = NULL;
	if (ret) {
		snprintf(why, KB_REC_WHYLEN, "cannot write %s/samples.raw", r->dir);
		return ret;
	}
	ret = kb_profile_save_system(r->dir, r->cfg.store, why);
	if (ret)
		return ret;
	if (r->memlock_short)
		snprintf(s->netlink_rings, KB_REC_NOTELEN, "the sample rings would "
			 "exceed RLIMIT_MEMLOCK (ulimit -l); read through netlink "
			 "instead, which costs the machine more per sample");
	if (!r->ev) {
		snprintf(s->no_events, KB_REC_NOTELEN, "no mapping events (%s); "
			 "processes that exit between drains keep raw user addresses",
			 strerror(-r->ev_err));
	} else if (write_gone_procs(r)) {
		snprintf(s->events_lost, KB_REC_NOTELEN, "%" PRIu64 " mapping events "
			 "lost; some user frames may stay unsymbolized",
			 kb_mmev_lost(r->ev));
	}
	return 0;
}

/* What results.json says of the recording, but its stacks. */
static void describe(const struct kb_recording *r, const struct kb_rec_meta *m,
		     struct kb_session_end *end, struct kb_record *rec)
{
	struct utsname u;

	uname(&u);
	snprintf(rec->release, sizeof(rec->release), "%s", u.release);
	snprintf(rec->version, sizeof(rec->version), "%s", u.version);
	snprintf(rec->machine, sizeof(rec->machine), "%s", u.machine);
	kb_kfacts_read(&rec->kfacts);
	rec->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	rec->frequency_hz = r->cfg.s.freq_hz;
	rec->kernel_depth = r->cfg.s.kernel_depth;
	rec->user_depth = r->cfg.s.user_depth;
	rec->ring_kb = r->cfg.s.ring_kb;
	rec->user_stack = r->cfg.s.ustack;
	rec->mode = m->mode;
	rec->pid = strcmp(m->mode, "system") ? (uint32_t)r->cfg.pid : 0;
	rec->command = m->command;
	rec->command_status = m->command_status;
	rec->have_env = m->env != NULL;
	if (m->env)
		rec->env = *m->env;
	rec->duration_s = m->duration_s;
	rec->partial = m->partial;
	kb_record_set_cpus(rec, end->stats, end->nstats);
	end->stats = NULL;
	rec->have_maps_events = r->ev != NULL;
	rec->maps_events_lost = r->ev ? kb_mmev_lost(r->ev) : 0;
	rec->maps_from_events = r->from_events;
	rec->have_counters = end->have_counters;
	rec->counters = end->counters;
	rec->counting_ns = r->counting_ns;
	end->have_counters = false;
}

/* Symbolizes the stacks, then writes stacks.folded and results.json. */
static int write_results(const struct kb_recording *r, struct kb_record *rec,
			 char why[KB_REC_WHYLEN])
{
	struct kb_profile_info info;
	struct kb_stacks st;
	char path[4200];
	int ret;

	kb_stacks_init(&st);
	ret = kb_profile_load(r->dir, &st, &info, why);
	if (!ret)
		ret = kb_profile_write_stacks(r->dir, &st, why);
	if (!ret) {
		rec->symbolized = info.samples;
		rec->user_unknown = info.user_cut;
		rec->dwarf = info.dwarf;
		memcpy(rec->by_context, info.by_context, sizeof(rec->by_context));
		ret = kb_record_set_top(rec, &st);
		snprintf(path, sizeof(path), "%s/results.json", r->dir);
		if (!ret)
			ret = kb_record_save(path, rec);
		if (ret)
			snprintf(why, KB_REC_WHYLEN, "cannot write %s: %s", path,
				 strerror(-ret));
	}
	kb_stacks_free(&st);
	return ret;
}

int kb_recording_finish(struct kb_recording *r, const struct kb_rec_meta *meta,
			struct kb_rec_summary *sum, char why[KB_REC_WHYLEN])
{
	struct kb_rec_summary s = { 0 };
	struct kb_session_end end;
	char nlwhy[KB_NL_ERRLEN];
	int ret;

	ret = kb_session_end(r->nl, r->rings, r->cfg.counters, &end, nlwhy);
	if (ret)
		snprintf(why, KB_REC_WHYLEN, "%s", nlwhy);
	if (!ret)
		ret = finish_capture(r, &end.samples, &s, why);
	if (!ret) {
		describe(r, meta, &end, &s.rec);
		ret = write_results(r, &s.rec, why);
	}
	kb_session_end_free(&end);
	if (sum && !ret)
		*sum = s;
	else
		kb_rec_summary_free(&s);
	kb_recording_abort(r);
	return ret;
}

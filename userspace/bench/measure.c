// SPDX-License-Identifier: GPL-2.0
/* One benchmark measured repetition by repetition (measure.h). */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"
#include "util/fileio.h"
#include "util/summary.h"

/* 0 when a workload hook returned ERR 0, else -errno and "NAME: why". */
static int failed(const struct kb_measure *m, int err, char *why, size_t len)
{
	if (!err)
		return 0;
	snprintf(why, len, "%s: %s", m->w->name, m->ctx.why);
	return err < 0 ? err : -EIO;
}

int kb_measure_open(struct kb_measure *m, const struct kb_run_plan *plan,
		    const struct kb_workload *w, struct kb_bench_result *b,
		    char *why, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->plan = plan;
	m->w = w;
	m->b = b;
	m->ctx.p = &plan->params;
	m->cap = plan->max_reps > plan->reps ? plan->max_reps : plan->reps;
	snprintf(b->name, sizeof(b->name), "%s", w->name);
	snprintf(b->desc, sizeof(b->desc), "%s", w->desc);
	snprintf(b->metric, sizeof(b->metric), "%s", w->metric);
	snprintf(b->unit, sizeof(b->unit), "%s", w->unit);
	b->higher_is_better = w->higher_is_better;
	b->profile.enabled = plan->profiles;
	if (!plan->profiles)
		snprintf(b->profile.reason, sizeof(b->profile.reason), "%s",
			 plan->profile_why);
	b->values = calloc((size_t)m->cap, sizeof(double));
	b->profiled_values = calloc((size_t)plan->profile_reps + 1, sizeof(double));
	if (w->has_latency) {
		m->lat = kb_hist_new();
		m->rep_lat = kb_hist_new();
	}
	if (!b->values || !b->profiled_values ||
	    (w->has_latency && (!m->lat || !m->rep_lat))) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	kb_perf_open(&m->perf);
	m->set_up = true;	/* teardown copes with a failed setup */
	return failed(m, w->setup(&m->ctx), why, len);
}

int kb_measure_warmup(struct kb_measure *m, char *why, size_t len)
{
	struct kb_wl_sample s = { 0 };

	return failed(m, m->w->run(&m->ctx, m->plan->warmup, &s), why, len);
}

bool kb_measure_due(struct kb_measure *m, long rep)
{
	struct kb_bench_result *b = m->b;

	if (rep > m->cap)
		return false;
	if (rep <= m->plan->reps)
		return true;
	/* adaptive: one more only while the values are too noisy */
	kb_summarize(b->values, b->n_values, &b->summary);
	return b->summary.cov_pct > m->plan->target_cov;
}

/*
 * Makes DIR/profiles/SUITE-BENCH/rep-REP for repetition REP into PDIR and
 * starts profiling there; REL gets the directory relative to DIR.
 */
static int profile_begin(struct kb_measure *m, long rep,
			 struct kb_run_profile *prof, char *rel, size_t rel_len,
			 char *why, size_t len)
{
	char slug[sizeof(m->b->name)], pdir[sizeof(prof->dir)];
	char pwhy[KB_RUN_PROFILE_WHY];
	int err = 0;

	kb_slug(slug, sizeof(slug), m->w->name);
	snprintf(rel, rel_len, "profiles/%s/rep-%ld", slug, rep);
	if ((size_t)snprintf(pdir, sizeof(pdir), "%s/%s", m->plan->out, rel) >=
	    sizeof(pdir))
		err = -ENAMETOOLONG;
	else
		err = kb_mkdir_p(pdir);
	if (err)
		snprintf(pwhy, sizeof(pwhy), "cannot create %.200s: %s", pdir,
			 strerror(-err));
	else
		err = kb_run_profile_begin(prof, pdir, pwhy);
	if (err)
		snprintf(why, len, "%s: profile: %s", m->w->name, pwhy);
	return err;
}

/* Ends the profile begun on PROF and keeps what it says about S. */
static int profile_end(struct kb_measure *m, struct kb_run_profile *prof,
		       const char *rel, const struct kb_wl_sample *s,
		       char *why, size_t len)
{
	struct kb_run_profile_result pres;
	char pwhy[KB_RUN_PROFILE_WHY];
	int err = kb_run_profile_end(prof, &pres, pwhy);

	if (err) {
		snprintf(why, len, "%s: profile: %s", m->w->name, pwhy);
		return err;
	}
	for (size_t i = 0; m->warn && i < pres.n_notes; i++)
		m->warn(m->warn_arg, m->w->name, pres.notes[i]);
	if (kb_profiles_add_dir(&m->b->profile, rel)) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	if (pres.have_counters) {
		m->mod_syscalls += (double)pres.syscalls;
		m->mod_ops += s->ops;
	}
	return 0;
}

/*
 * Which repetitions the perf events count: the profiled ones when there
 * are any, so that the measured ones carry no instrumentation at all (a
 * process with counters open pays for them at every context switch:
 * syscall/ctxsw cost 8 % more on 6.1's generic kernel, 28 % on its -rt-
 * flavour, in deterministic mode); else the measured ones.
 */
static bool counted(const struct kb_measure *m, bool profiled)
{
	return profiled == (m->plan->profiles && m->plan->profile_reps > 0);
}

/* A profiled repetition: recorded, its value kept apart. */
static int profiled_rep(struct kb_measure *m, struct kb_wl_sample *s,
			char *why, size_t len)
{
	struct kb_run_profile prof;
	char rel[256];
	int err, perr;

	err = profile_begin(m, m->profiled + 1, &prof, rel, sizeof(rel), why, len);
	if (err)
		return err;
	if (counted(m, true))
		kb_perf_start(&m->perf);
	err = m->w->run(&m->ctx, m->plan->seconds, s);
	if (counted(m, true)) {
		kb_perf_stop(&m->perf);
		m->ops += s->ops;
	}
	perr = profile_end(m, &prof, rel, s, why, len);
	/*
	 * Processing the profile grew the heap; give the pages back, for the
	 * process forks in syscall/fork and the page tables it copies and tears
	 * down at every fork grow with it (fork measured 297, 571 and 648 us in
	 * three repetitions with two profiled ones between them; 296, 333 and
	 * 345 us with this; generic 6.1, deterministic mode).
	 */
	malloc_trim(0);
	if (perr)
		return perr;
	if (err)
		return failed(m, err, why, len);
	if (kb_stop_requested)
		return 1;
	m->b->profiled_values[m->b->n_profiled++] = kb_wl_value_of(m->w, s);
	m->profiled++;
	return 0;
}

int kb_measure_rep(struct kb_measure *m, bool profiled, char *why, size_t len)
{
	struct kb_wl_sample s = { 0 };
	int err;

	if (profiled)
		return profiled_rep(m, &s, why, len);
	if (m->rep_lat) {
		kb_hist_reset(m->rep_lat);
		s.lat = m->rep_lat;
	}
	if (counted(m, false))
		kb_perf_start(&m->perf);
	err = m->w->run(&m->ctx, m->plan->seconds, &s);
	if (counted(m, false))
		kb_perf_stop(&m->perf);
	if (err)
		return failed(m, err, why, len);
	if (kb_stop_requested)		/* cut short: not a measurement */
		return 1;
	m->b->values[m->b->n_values++] = kb_wl_value_of(m->w, &s);
	m->b->batch_ops = s.batch;
	if (counted(m, false))
		m->ops += s.ops;
	if (m->lat)
		kb_hist_merge(m->lat, m->rep_lat);
	return 0;
}

/* The events counted (see counted()), per op. */
static void set_events(struct kb_measure *m)
{
	struct kb_bench_result *b = m->b;
	const struct kb_perf *perf = &m->perf;

	for (int i = 0; i < KB_EV_N && i < KB_EVENTS_MAX; i++) {
		struct kb_event_count *e = &b->events[b->n_events++];

		snprintf(e->name, sizeof(e->name), "%s", kb_ev_name(i));
		e->supported = kb_perf_supported(perf, i);
		if (!e->supported) {
			snprintf(e->reason, sizeof(e->reason), "%s", perf->why[i]);
			continue;
		}
		e->total = perf->total[i];
		e->per_op = m->ops > 0 ? (double)perf->total[i] / m->ops : 0.0;
		e->user_only = perf->user_only[i];
	}
	if (kb_perf_supported(perf, KB_EV_PAGE_FAULTS) && m->ops > 0)
		b->page_faults_per_op = (double)perf->total[KB_EV_PAGE_FAULTS] / m->ops;
	if (m->mod_ops > 0)
		b->syscalls_per_op = m->mod_syscalls / m->mod_ops;
}

/* With --max-reps: how many repetitions it took, and a note when extra. */
static void set_adaptive(struct kb_measure *m)
{
	const struct kb_run_plan *p = m->plan;
	struct kb_bench_result *b = m->b;
	char note[160];

	if (p->max_reps <= 0)
		return;
	b->adaptive = (struct kb_adaptive){
		.enabled = true, .target_cov_pct = p->target_cov,
		.max_reps = p->max_reps, .initial_reps = p->reps,
		.reps = (long)b->n_values,
		.final_cov_pct = b->summary.cov_pct,
		.target_met = b->summary.cov_pct <= p->target_cov,
	};
	if (b->n_values <= (size_t)p->reps)
		return;
	snprintf(note, sizeof(note), "adaptive: %zu repetitions instead of %ld "
		 "to bring the CoV to %.2f %% (target %.2f %%)", b->n_values,
		 p->reps, b->summary.cov_pct, p->target_cov);
	kb_bench_add_note(b, note);
}

/*
 * What profiling cost, in percent of the time an operation takes (so that
 * rates and latencies read alike): from the medians of the profiled and
 * the measured repetitions.
 */
static void set_overhead(struct kb_bench_result *b)
{
	double u = kb_median(b->values, b->n_values);
	double p = kb_median(b->profiled_values, b->n_profiled);

	b->profile_overhead_pct = NAN;
	if (!b->n_values || !b->n_profiled || !(u > 0) || !(p > 0))
		return;
	b->profile_overhead_pct = (b->higher_is_better ? u / p : p / u) * 100 - 100;
}

void kb_measure_finish(struct kb_measure *m, bool partial)
{
	struct kb_bench_result *b = m->b;
	const struct kb_hist *lat = m->lat;

	if (partial)
		b->partial = true;
	kb_summarize(b->values, b->n_values, &b->summary);
	if (lat && lat->count)
		b->latency = (struct kb_latency){
			.valid = true, .count = lat->count,
			.p50 = kb_hist_percentile(lat, 50),
			.p90 = kb_hist_percentile(lat, 90),
			.p99 = kb_hist_percentile(lat, 99),
			.p999 = kb_hist_percentile(lat, 99.9),
			.max = (double)lat->max,
		};
	set_events(m);
	set_overhead(b);
	for (unsigned int i = 0; i < m->ctx.n_notes; i++)
		kb_bench_add_note(b, m->ctx.notes[i]);
	set_adaptive(m);
}

void kb_measure_close(struct kb_measure *m)
{
	if (m->set_up) {
		m->w->teardown(&m->ctx);
		kb_perf_close(&m->perf);
		m->set_up = false;
	}
	kb_hist_free(m->lat);
	kb_hist_free(m->rep_lat);
	m->lat = m->rep_lat = NULL;
}

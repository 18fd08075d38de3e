// SPDX-License-Identifier: GPL-2.0
/*
 * Profiles per repetition (see run_profile.h): each repetition is one
 * recording (recording.h) of this process and its children, with counters.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/kbench.h>

#include "run_profile.h"
#include "capture/recording.h"
#include "client/nl.h"
#include "client/status.h"
#include "util/util.h"

/*
 * The workload runs in this thread, so nothing drains while it runs: the
 * rings must hold a whole repetition (8 MiB is ~20 s of 999 Hz samples of
 * 40 frames per CPU), the mapping events' too (as large as they go, for
 * syscall/fork); beyond that, drops are counted, not hidden.
 */
static const struct kb_rec_config run_rec_config = {
	.s = { .freq_hz = KBENCH_SAMPLE_FREQ_DEFAULT,
	       .kernel_depth = KBENCH_SAMPLE_DEPTH_DEFAULT,
	       .user_depth = KBENCH_SAMPLE_DEPTH_DEFAULT,
	       .ring_kb = 8192 },
	.counters = true,
	.poll_ms = 20000,
	/* DIR is OUT/profiles/BENCH/rep-N: one store for the whole run. */
	.store = "../../shared",
};

struct run_rec {
	struct kb_recording *rec;
	uint64_t start_ns;
	bool told_no_events;	/* the same in every repetition: once */
	bool told_netlink_rings;	/* the same */
};

bool kb_run_profile_available(char why[KB_RUN_PROFILE_WHY])
{
	char nlwhy[KB_NL_ERRLEN];
	struct kb_status st;
	struct kb_nl *nl;
	int ret;

	if (kb_nl_open(&nl, nlwhy) < 0) {
		snprintf(why, KB_RUN_PROFILE_WHY, "%s", nlwhy);
		return false;
	}
	ret = kb_status_get(nl, &st, nlwhy);
	kb_nl_close(nl);
	if (ret < 0) {
		snprintf(why, KB_RUN_PROFILE_WHY, "status: %.200s", nlwhy);
		return false;
	}
	if (!(st.features & KBENCH_FEATURE_SAMPLER)) {
		snprintf(why, KB_RUN_PROFILE_WHY,
			 "the loaded kbench.ko %s has no sampler", st.module_version);
		return false;
	}
	return true;
}

int kb_run_profile_begin(struct kb_run_profile *p, const char *dir,
			 char why[KB_RUN_PROFILE_WHY])
{
	static struct run_rec rr;
	struct kb_rec_config cfg = run_rec_config;
	char rwhy[KB_REC_WHYLEN];
	int ret;

	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	cfg.pid = getpid();
	ret = kb_recording_start(&rr.rec, dir, &cfg, rwhy);
	if (ret) {
		snprintf(why, KB_RUN_PROFILE_WHY, "%.200s", rwhy);
		return ret;
	}
	rr.start_ns = kb_now_ns();
	p->priv = &rr;
	return 0;
}

/* Passes the recording's warnings on to R, the unchanging one once. */
static void take_notes(struct run_rec *rr, const struct kb_rec_summary *sum,
		       struct kb_run_profile_result *r)
{
	if (sum->no_events[0] && !rr->told_no_events) {
		snprintf(r->notes[r->n_notes++], KB_RUN_PROFILE_WHY, "%s",
			 sum->no_events);
		rr->told_no_events = true;
	}
	if (sum->events_lost[0])
		snprintf(r->notes[r->n_notes++], KB_RUN_PROFILE_WHY, "%s",
			 sum->events_lost);
	if (sum->netlink_rings[0] && !rr->told_netlink_rings) {
		snprintf(r->notes[r->n_notes++], KB_RUN_PROFILE_WHY, "%s",
			 sum->netlink_rings);
		rr->told_netlink_rings = true;
	}
}

int kb_run_profile_end(struct kb_run_profile *p,
		       struct kb_run_profile_result *r,
		       char why[KB_RUN_PROFILE_WHY])
{
	struct run_rec *rr = p->priv;
	struct kb_rec_meta meta = { .mode = "pid", .command_status = -1 };
	struct kb_rec_summary sum;
	char rwhy[KB_REC_WHYLEN];
	int ret;

	memset(r, 0, sizeof(*r));
	meta.duration_s = (double)(kb_now_ns() - rr->start_ns) / 1e9;
	ret = kb_recording_finish(rr->rec, &meta, &sum, rwhy);
	rr->rec = NULL;
	p->priv = NULL;
	if (ret) {
		snprintf(why, KB_RUN_PROFILE_WHY, "%.200s", rwhy);
		return ret;
	}
	r->samples = sum.rec.total.recorded;
	r->have_counters = sum.rec.have_counters;
	if (r->have_counters) {
		r->syscalls = kb_counters_total(&sum.rec.counters);
		r->page_faults = sum.rec.counters.fault_minor +
				 sum.rec.counters.fault_major;
	}
	take_notes(rr, &sum, r);
	kb_rec_summary_free(&sum);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profiles per repetition: the integration point between `kbench run` and
 * the sampler. run.c brackets every measured repetition of every benchmark
 * with kb_run_profile_begin() and kb_run_profile_end(); an implementation
 * starts a sampler session (samples, counters) in begin and stops it and
 * writes its profile under DIR in end.
 *
 * One repetition is profiled at a time (begin, end, begin, ...).
 */
#ifndef KBENCH_RUN_PROFILE_H
#define KBENCH_RUN_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#define KB_RUN_PROFILE_WHY 256

struct kb_run_profile {
	void *priv;		/* the implementation's session state */
	char dir[4096];		/* where this repetition's profile goes */
};

/*
 * What one repetition's profile holds. run.c records the directory itself
 * (relative to -o DIR) and, when have_counters is set, syscalls per op
 * (summed over repetitions, divided by their ops) in counters_per_op.
 */
struct kb_run_profile_result {
	uint64_t samples;	/* samples recorded */
	bool have_counters;	/* syscalls and page_faults are valid */
	uint64_t syscalls;	/* by the profiled tasks, this repetition */
	uint64_t page_faults;
	/*
	 * Warnings about the profile for run.c to print (the mapping events
	 * unavailable, said once per run; some lost): NOTES[0 .. N_NOTES).
	 */
	char notes[3][KB_RUN_PROFILE_WHY];
	size_t n_notes;
};

/*
 * True when profiles can be recorded (module loaded, sampler usable);
 * otherwise false with WHY saying why, in words for a user.
 */
bool kb_run_profile_available(char why[KB_RUN_PROFILE_WHY]);

/*
 * Starts profiling this process (and its children) into DIR, which exists
 * (DIR/profiles/SUITE-BENCH/rep-N under -o DIR). Called right before the
 * repetition's timed run, end right after it, also when Ctrl-C cut it
 * short. Returns 0, or a negative errno with WHY filled in; either error
 * stops the run (exit 2, partial results written).
 */
int kb_run_profile_begin(struct kb_run_profile *p, const char *dir,
			 char why[KB_RUN_PROFILE_WHY]);

/* Stops the profile begun on P and describes it in R. 0 or -errno. */
int kb_run_profile_end(struct kb_run_profile *p,
		       struct kb_run_profile_result *r,
		       char why[KB_RUN_PROFILE_WHY]);

#endif

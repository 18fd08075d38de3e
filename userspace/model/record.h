/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.json of a recording (`kbench record`, and each profiled
 * repetition of `kbench run`): the typed form, built once by
 * capture/recording.h, and its writer. The format is documented in
 * docs/record.md; the schema is "kbench-record/1".
 */
#ifndef KBENCH_RECORD_H
#define KBENCH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "counters.h"
#include "environment.h"
#include "samples.h"
#include "stacks.h"

#define KB_RECORD_SCHEMA "kbench-record/1"
/* How many functions "top" lists. */
#define KB_RECORD_TOP 5

/*
 * Kernel settings that change what some costs mean: with init_on_alloc
 * the kernel zeroes every page and object it allocates, with init_on_free
 * every one it frees (capture/kfacts.h finds them).
 */
struct kb_kernel_facts {
	int init_on_alloc;	/* 1 on, 0 off, -1 unknown */
	int init_on_free;
	char source[32];	/* "boot log", "command line", "config", "" */
};

/* A leaf function and its self samples. */
struct kb_record_top {
	char *function;		/* owned */
	uint64_t samples;
	double percent;		/* of the symbolized samples */
};

struct kb_record {
	/* the machine (uname) and its online CPUs */
	char release[65], version[65], machine[65];
	int cpus;
	struct kb_kernel_facts kfacts;
	bool have_env;			/* env is what the command measured on */
	struct kb_env env;
	/* the sampler */
	uint32_t frequency_hz, kernel_depth, user_depth, ring_kb;
	uint32_t user_stack;		/* bytes copied per sample; 0: fp walks */
	/* the target */
	const char *mode;		/* "command", "pid" or "system" */
	uint32_t pid;			/* 0: none (system-wide) */
	char **command;			/* argv, NULL-terminated; NULL: none */
	int command_status;		/* -1: none */
	double duration_s;
	bool partial;			/* Ctrl-C cut the command short */
	/* the samples */
	struct kb_cpu_stats *per_cpu;	/* owned */
	size_t n_cpus;
	struct kb_cpu_stats total;	/* over per_cpu; .cpu unused */
	uint64_t symbolized;
	uint64_t by_context[4];		/* per enum kbench_context */
	uint64_t user_unknown;		/* user walks that ended as [unknown] */
	struct kb_dwarf_stats dwarf;	/* with user_stack: the unwinding */
	struct kb_record_top top[KB_RECORD_TOP];
	size_t n_top;
	/* the mapping events */
	bool have_maps_events;		/* false: the kernel gave none */
	uint64_t maps_events_lost;
	uint64_t maps_from_events;	/* processes whose procs/ came from them */
	/* the counters */
	bool have_counters;
	struct kb_counters counters;	/* owned, valid with have_counters */
	double counting_ns;		/* what counting cost a syscall; NAN: unknown */
};

/* Takes PER_CPU (malloc'ed, N entries) and sums it into R->total. */
void kb_record_set_cpus(struct kb_record *r, struct kb_cpu_stats *per_cpu,
			size_t n);

/*
 * Fills R->top with the leaf functions of ST that have the most samples
 * (ties by name), as percentages of ST's samples. 0 or -ENOMEM.
 */
int kb_record_set_top(struct kb_record *r, const struct kb_stacks *st);

/* The JSON form; NULL when out of memory. */
json_t *kb_record_json(const struct kb_record *r);

/*
 * --unwind dwarf: samples with a stack, how their unwinding ended, and per
 * sample the stack bytes, the unwinding time and COPY_NS, the time a copy
 * added to its tick. The "dwarf" object of results.json and report.json.
 */
json_t *kb_dwarf_json(const struct kb_dwarf_stats *d, double copy_ns);

/* Writes R to PATH (model/json_io.h). 0 or -errno. */
int kb_record_save(const char *path, const struct kb_record *r);

void kb_record_free(struct kb_record *r);

/* One syscall's counts, as a report lists the most called. */
struct kb_record_sc {
	char name[32];
	uint64_t count;
	uint64_t total_ns;	/* 0: not timed */
};

#define KB_RECORD_INFO_SC 8

/*
 * What readers of a recording use (the report): its context, accounting
 * and counters, typed. Fields a results.json does not have (written by an
 * older kbench) stay 0, "" or unknown.
 */
struct kb_record_info {
	char command[160];	/* the command's words joined by spaces; "" */
	unsigned int cpus;	/* CPUs online while recording; 0: not said */
	char release[65];	/* uname -r; "" */
	struct kb_kernel_facts kfacts;
	bool have_env;		/* "environment": accelerator, mode, ... */
	struct kb_env env;
	double frequency_hz, duration_s;
	size_t n_cpus;		/* sampled CPUs (per_cpu entries) */
	struct kb_cpu_stats total;	/* fired, recorded, dropped, ... */
	/*
	 * Over the sampled CPUs, the share of each one's ticks that found a
	 * sampled task, summed: how many CPUs it kept busy on average (ticks
	 * that did fire are the sample; missed ones say nothing). NAN: the
	 * file has no per-CPU counts.
	 */
	double busy_cpus;
	uint64_t by_context[4];	/* per enum kbench_context */
	uint64_t user_unknown;
	/*
	 * --unwind dwarf ("samples.dwarf"; dwarf.samples 0: not used): the
	 * counts, and the sums the per-sample means stand for.
	 */
	struct kb_dwarf_stats dwarf;
	double copy_ns;		/* time the copies added to the ticks */
	/* the counters, when the recording had them */
	bool have_counters;
	uint64_t syscalls;	/* every call, "other" included */
	uint64_t faults_minor, faults_major;
	struct kb_record_sc sc[KB_RECORD_INFO_SC];	/* most called first */
	size_t n_sc;
};

/*
 * Reads ROOT, whose "schema" must be KB_RECORD_SCHEMA. A missing or null
 * field leaves it empty. Returns 0, or -EINVAL with WHY (LEN bytes)
 * naming the field.
 */
int kb_record_info_from_json(json_t *root, struct kb_record_info *rec,
			     char *why, size_t len);

/* The same from the file PATH; WHY names it. 0, -errno or -EINVAL. */
int kb_record_info_load(const char *path, struct kb_record_info *rec,
			char *why, size_t len);

#endif

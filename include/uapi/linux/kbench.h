/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kbench: the generic netlink interface of kbench.ko.
 *
 * This header is the protocol. The module (kmod/) and the CLI (userspace/)
 * both include it as <linux/kbench.h>; nothing here is defined anywhere else.
 *
 * Family: KBENCH_GENL_NAME ("kbench"), version KBENCH_GENL_VERSION. The
 * family version changes when a command or attribute changes meaning; new
 * commands and attributes are added without a version change, and a peer
 * that sees an attribute it does not know ignores it (replies) or has it
 * refused (requests: every operation has a strict policy, so an unknown
 * attribute is -EINVAL with an extack message naming it).
 *
 * Commands
 * --------
 * KBENCH_CMD_GET_STATUS (doit, no attributes, no privilege needed)
 *	Replies with one KBENCH_CMD_GET_STATUS message carrying:
 *	  KBENCH_A_MODULE_VERSION	NUL-terminated string, "MAJOR.MINOR.PATCH"
 *	  KBENCH_A_WIRE_VERSION		u32, equal to KBENCH_GENL_VERSION
 *	  KBENCH_A_KERNEL_RELEASE	NUL-terminated string, utsname()->release
 *	  KBENCH_A_FEATURES		u32, bitmask of enum kbench_feature that
 *					this build of the module implements
 *	  KBENCH_A_STATE		u32, enum kbench_state
 *	  KBENCH_A_NR_CPUS		u32, num_possible_cpus()
 *	While a session runs (state RUNNING), and only when the caller has
 *	the privilege START needs, it also carries the session's
 *	configuration, as given to KBENCH_CMD_START:
 *	  KBENCH_A_COLLECT		u32, enum kbench_collect bits
 *	  KBENCH_A_TARGET_PID		u32, only for a process-tree target,
 *					as the caller's pid namespace numbers
 *					it (absent: system-wide, or a process
 *					the caller's namespace cannot see)
 *	An unprivileged caller learns that a session runs, nothing more.
 *
 * Sessions
 * --------
 * At most one session runs at a time. The socket that sent KBENCH_CMD_START
 * owns it: when that socket is closed (or its process dies) the session
 * stops and its memory is freed, exactly as if KBENCH_CMD_STOP had been sent.
 * Every command but GET_STATUS needs CAP_PERFMON or CAP_SYS_ADMIN (-EPERM
 * otherwise), held both by the credentials the socket was opened with and
 * by the task sending the request (netlink_capable(); for a dump, every
 * message checks the task reading it). Any such socket may STOP or read
 * the running session, not only its owner. docs/security.md has the model.
 *
 * Target set: system-wide (every task), or a process tree: the threads of
 * the process KBENCH_A_TARGET_PID names (in the sender's pid namespace) at
 * START, and every task forked or cloned by a target task after that, for
 * as long as it lives (a thread that execs keeps its place when it takes
 * its leader's tid). Processes that already were children of the target
 * at START are not part of it. Counters only see what target tasks do.
 *
 * KBENCH_CMD_START (doit, privileged)
 *	Starts a session. Attributes:
 *	  KBENCH_A_COLLECT	u32, required, enum kbench_collect bits; bits
 *				outside __KBENCH_COLLECT_ALL are -EINVAL by
 *				policy, 0 is -EINVAL, SYSCALL_LATENCY without
 *				SYSCALLS is -EINVAL
 *	  KBENCH_A_TARGET_PID	u32, optional, 1..4194304; absent means
 *				system-wide. No such process: -ESRCH
 *	With KBENCH_COLLECT_SAMPLES, the sampler's configuration (each
 *	optional, with the default in brackets; outside its range: -EINVAL):
 *	  KBENCH_A_SAMPLE_FREQ		u32, timer ticks per second per CPU,
 *					KBENCH_SAMPLE_FREQ_MIN..MAX
 *					[KBENCH_SAMPLE_FREQ_DEFAULT]
 *	  KBENCH_A_SAMPLE_KERNEL_DEPTH	u32, kernel frames kept per sample,
 *					1..KBENCH_SAMPLE_DEPTH_MAX
 *					[KBENCH_SAMPLE_DEPTH_DEFAULT]
 *	  KBENCH_A_SAMPLE_USER_DEPTH	u32, user frames, 1..DEPTH_MAX
 *					[DEPTH_DEFAULT]
 *	  KBENCH_A_SAMPLE_RING_KB	u32, ring per CPU in KiB (rounded up
 *					to a power of two), RING_KB_MIN..MAX
 *					[KBENCH_SAMPLE_RING_KB_DEFAULT]
 *	  KBENCH_A_SAMPLE_CPUS		binary, a CPU bitmap (bit N of byte
 *					N / 8 is CPU N) [every CPU];
 *					no online CPU in it: -EINVAL
 *	  KBENCH_A_SAMPLE_USER_STACK	u32, bytes of user stack copied with
 *					each sample of a user task, for
 *					DWARF unwinding in user space, a
 *					multiple of 8 up to
 *					KBENCH_SAMPLE_USER_STACK_MAX [0: none;
 *					feature KBENCH_FEATURE_USER_STACK].
 *					A ring that cannot hold four of the
 *					largest records: -EINVAL
 *	  KBENCH_A_SAMPLE_RING_ADDR	u64, and KBENCH_A_SAMPLE_RING_LEN, u64:
 *					the rings in the caller's own memory,
 *					read there in place (struct
 *					kbench_ring_ctl) [absent: rings in
 *					the module, read with READ_SAMPLES;
 *					feature KBENCH_FEATURE_USER_RINGS].
 *					ADDR not page-aligned, LEN not the
 *					region's (see kbench_ring_ctl), or
 *					one without the other, or memory
 *					that is not private and anonymous:
 *					-EINVAL; not writable: -EFAULT
 *	Every online CPU of the bitmap ticks; one that goes offline stops
 *	ticking first (its samples so far stay readable), one that comes
 *	online is sampled from then on. A tick on a task outside the target set is
 *	counted as filtered, one that finds its ring full as dropped, and a
 *	tick that came too late for its period adds the periods it missed.
 *	Replies with an ACK only. -EBUSY when a session already runs. Counters
 *	start at zero. -ENOMEM when the session does not fit: its memory is
 *	charged to the caller, and the sample rings together may take an
 *	eighth of memory at most.
 *
 * KBENCH_CMD_STOP (doit, privileged, no attributes)
 *	Stops the session and frees its counters: read them first.
 *	-ENODATA when no session runs.
 *
 * KBENCH_CMD_GET_COUNTERS (dump only, privileged, no attributes)
 *	Reads the running session's counters (-ENODATA when none runs). The
 *	counters keep running while they are read; each value is exact at the
 *	moment it is read. The dump is split into as many messages as needed;
 *	every message is a KBENCH_CMD_GET_COUNTERS carrying:
 *	  KBENCH_A_SYSCALLS	nest of KBENCH_A_SYSCALL entries, one per
 *				syscall number that was entered at least once,
 *				in increasing number order (the nest may be
 *				empty), each a nest of enum kbench_sc_attr:
 *	    KBENCH_A_SC_NR	u32, the native (x86-64) syscall number
 *	    KBENCH_A_SC_COUNT	u64, times entered
 *	    with KBENCH_COLLECT_SYSCALL_LATENCY only:
 *	    KBENCH_A_SC_ERRORS	u64, times it returned -4095..-1
 *	    KBENCH_A_SC_TOTAL_NS u64, sum of entry-to-exit times (ns)
 *	    KBENCH_A_SC_HIST	nest: attribute type KBENCH_A_HIST_BUCKET0 + B
 *				(u64) counts the calls that lasted N ns with
 *				fls64(N) == B, i.e.
 *				bucket 0 is 0 ns and bucket B >= 1 holds
 *				[2^(B-1), 2^B) ns; the last bucket,
 *				KBENCH_HIST_BUCKETS - 1, also holds every
 *				longer call. Empty buckets are left out.
 *	The first message also carries the session-wide values:
 *	  KBENCH_A_COLLECT	u32, the session's enum kbench_collect bits
 *	  KBENCH_A_SYSCALLS_OTHER u64, syscalls entered by target tasks that
 *				are not native ones (ia32/x32 compat calls,
 *				numbers beyond the module's table)
 *	  KBENCH_A_LATENCY_CLOCK u32, enum kbench_lat_clock, with
 *				KBENCH_COLLECT_SYSCALL_LATENCY only: the clock
 *				that times the syscalls (older modules: absent)
 *	  KBENCH_A_FAULTS	nest of enum kbench_fault_attr (u64 each), with
 *				KBENCH_COLLECT_FAULTS only:
 *	    KBENCH_A_FAULT_USER	 faults raised in user mode (x86
 *				 exceptions:page_fault_user)
 *	    KBENCH_A_FAULT_KERNEL faults raised in kernel mode
 *				 (exceptions:page_fault_kernel)
 *	    KBENCH_A_FAULT_MINOR minor faults: growth of the target tasks'
 *				 min_flt (what getrusage() reports) since
 *				 they joined the target set
 *	    KBENCH_A_FAULT_MAJOR the same for maj_flt
 *	Messages carry NLM_F_DUMP_INTR (libnl: -NLE_DUMP_INTR) when the
 *	counters were reset during the dump. When the session stops during a
 *	dump, the dump ends with -ENODATA in NLMSG_DONE.
 *
 * KBENCH_CMD_RESET_COUNTERS (doit, privileged, no attributes)
 *	Sets every counter of the running session back to zero (-ENODATA when
 *	none runs). Replies with an ACK only.
 *
 * KBENCH_CMD_READ_SAMPLES (dump only, privileged, no attributes)
 *	Moves samples out of the running session's rings (-ENODATA when no
 *	session runs, -EOPNOTSUPP when it does not sample, -EBUSY when its
 *	rings are in its owner's memory, to be read there). Each message
 *	carries one KBENCH_A_SAMPLES: whole struct kbench_sample records of
 *	one CPU, oldest first. The dump ends when every ring is empty, or
 *	after about one ring's worth per CPU so that it always ends; samples
 *	taken meanwhile wait for the next READ_SAMPLES. Reading frees their
 *	space: each sample is delivered once.
 *
 * KBENCH_CMD_STOP_SAMPLER (doit, privileged, no attributes)
 *	Stops the running session's sampler timers for good, keeping the rings
 *	and the accounting for READ_SAMPLES and GET_SAMPLER_STATS, so that a
 *	reader can collect every sample and exact totals before STOP.
 *	Counters keep counting. Idempotent; -ENODATA without a session,
 *	-EOPNOTSUPP when the session does not sample.
 *
 * KBENCH_CMD_GET_SAMPLER_STATS (doit, privileged, no attributes)
 *	Replies with KBENCH_A_CPU_STATS, a nest of one KBENCH_A_CPU per
 *	sampled CPU (enum kbench_cpu_attr), every CPU that had a ring: online
 *	or not. A nest's length is 16 bits, so one holds 256 CPUs at most and
 *	a larger machine's reply carries several KBENCH_A_CPU_STATS in a row:
 *	a reader takes the CPUs of all of them. Each CPU's values are read on
 *	that CPU with its timer quiet, so fired == recorded + dropped +
 *	filtered holds exactly in every reply. With user-stack copies, the
 *	time they took is measured in the tick (local_clock()) and summed.
 *
 * Errors
 * ------
 * Every failed request gets a netlink error with a negative errno and, where
 * the module knows more than the errno says, an extack message. A refused
 * dump (GET_COUNTERS, READ_SAMPLES) gets both in its NLMSG_DONE:
 *	-EINVAL		attribute outside its policy (type, range, unknown)
 *	-EPERM		operation needs CAP_PERFMON or CAP_SYS_ADMIN
 *	-EOPNOTSUPP	command or collect bit not implemented by this build
 *	-EBUSY		START while a session runs
 *	-ENODATA	STOP, GET_COUNTERS, RESET_COUNTERS, READ_SAMPLES,
 *			GET_SAMPLER_STATS without a session
 *	-ESRCH		START: no process has KBENCH_A_TARGET_PID
 *	-ENOMEM		START: not enough memory for the session
 *
 * Version 1 throughout: what changed since (several CPU_STATS nests past
 * 256 CPUs, where one nest overflowed at 911; session details withheld
 * from unprivileged callers; dump refusals in NLMSG_DONE; user-stack
 * copies, which only a request with KBENCH_A_SAMPLE_USER_STACK gets, and
 * which a module without the feature refuses as an unknown attribute)
 * keeps every message a version-1 reader already parsed correctly.
 */
#ifndef _UAPI_LINUX_KBENCH_H
#define _UAPI_LINUX_KBENCH_H

#include <linux/types.h>

#define KBENCH_GENL_NAME	"kbench"
#define KBENCH_GENL_VERSION	1

enum kbench_cmd {
	KBENCH_CMD_UNSPEC,
	KBENCH_CMD_GET_STATUS,
	KBENCH_CMD_START,
	KBENCH_CMD_STOP,
	KBENCH_CMD_GET_COUNTERS,
	KBENCH_CMD_RESET_COUNTERS,
	KBENCH_CMD_READ_SAMPLES,
	KBENCH_CMD_GET_SAMPLER_STATS,
	KBENCH_CMD_STOP_SAMPLER,
	__KBENCH_CMD_LAST
};
#define KBENCH_CMD_MAX (__KBENCH_CMD_LAST - 1)

/* Top-level attributes. Values start at 1; KBENCH_A_PAD aligns 64-bit ones. */
enum kbench_attr {
	KBENCH_A_UNSPEC,
	KBENCH_A_PAD,
	KBENCH_A_MODULE_VERSION,	/* string */
	KBENCH_A_WIRE_VERSION,		/* u32 */
	KBENCH_A_KERNEL_RELEASE,	/* string */
	KBENCH_A_FEATURES,		/* u32, enum kbench_feature */
	KBENCH_A_STATE,			/* u32, enum kbench_state */
	KBENCH_A_NR_CPUS,		/* u32 */
	KBENCH_A_COLLECT,		/* u32, enum kbench_collect */
	KBENCH_A_TARGET_PID,		/* u32 */
	KBENCH_A_SYSCALLS,		/* nest of KBENCH_A_SYSCALL */
	KBENCH_A_SYSCALL,		/* nest, enum kbench_sc_attr */
	KBENCH_A_SYSCALLS_OTHER,	/* u64 */
	KBENCH_A_FAULTS,		/* nest, enum kbench_fault_attr */
	KBENCH_A_SAMPLE_FREQ,		/* u32 */
	KBENCH_A_SAMPLE_KERNEL_DEPTH,	/* u32 */
	KBENCH_A_SAMPLE_USER_DEPTH,	/* u32 */
	KBENCH_A_SAMPLE_RING_KB,	/* u32 */
	KBENCH_A_SAMPLE_CPUS,		/* binary, CPU bitmap */
	KBENCH_A_SAMPLES,		/* binary, struct kbench_sample records */
	KBENCH_A_CPU_STATS,		/* nest of KBENCH_A_CPU */
	KBENCH_A_CPU,			/* nest, enum kbench_cpu_attr */
	KBENCH_A_SAMPLE_USER_STACK,	/* u32, bytes */
	KBENCH_A_LATENCY_CLOCK,		/* u32, enum kbench_lat_clock */
	KBENCH_A_SAMPLE_RING_ADDR,	/* u64, user address */
	KBENCH_A_SAMPLE_RING_LEN,	/* u64, bytes */
	__KBENCH_A_LAST
};
#define KBENCH_A_MAX (__KBENCH_A_LAST - 1)

/* What a module build can do; a peer checks a bit before using a command. */
enum kbench_feature {
	KBENCH_FEATURE_SAMPLER		= 1U << 0,	/* stack sampling */
	KBENCH_FEATURE_SYSCALLS		= 1U << 1,	/* syscall counters */
	KBENCH_FEATURE_FAULTS		= 1U << 2,	/* page-fault counters */
	KBENCH_FEATURE_USER_STACK	= 1U << 3,	/* user stack copies */
	KBENCH_FEATURE_USER_RINGS	= 1U << 4,	/* rings in the caller's memory */
	__KBENCH_FEATURE_ALL		= (1U << 5) - 1
};

/* What a session collects (KBENCH_A_COLLECT). */
enum kbench_collect {
	KBENCH_COLLECT_SYSCALLS		= 1U << 0,	/* per-syscall counts */
	KBENCH_COLLECT_SYSCALL_LATENCY	= 1U << 1,	/* + time, errors, hist */
	KBENCH_COLLECT_FAULTS		= 1U << 2,	/* page faults */
	KBENCH_COLLECT_SAMPLES		= 1U << 3,	/* stack samples */
	__KBENCH_COLLECT_ALL		= (1U << 4) - 1
};

/*
 * The clock that times syscalls (KBENCH_A_LATENCY_CLOCK): the TSC read
 * directly, local_clock(), or ktime_get_mono_fast_ns() where sched_clock
 * only counts ticks (docs/counters.md says which is used where).
 */
enum kbench_lat_clock {
	KBENCH_LAT_CLOCK_TSC,
	KBENCH_LAT_CLOCK_LOCAL,
	KBENCH_LAT_CLOCK_MONO,
	KBENCH_LAT_CLOCK_TSC_UNSTABLE,	/* the TSC, marked unstable since */
};

/* One sampled CPU's accounting (inside KBENCH_A_CPU). */
enum kbench_cpu_attr {
	KBENCH_A_CPU_UNSPEC,
	KBENCH_A_CPU_PAD,
	KBENCH_A_CPU_ID,		/* u32 */
	KBENCH_A_CPU_FIRED,		/* u64, timer callbacks */
	KBENCH_A_CPU_RECORDED,		/* u64, samples put in the ring */
	KBENCH_A_CPU_DROPPED,		/* u64, samples the full ring refused */
	KBENCH_A_CPU_FILTERED,		/* u64, ticks on non-target tasks */
	KBENCH_A_CPU_MISSED,		/* u64, periods lost to late ticks */
	KBENCH_A_CPU_USTACK_COPIES,	/* u64, user stacks copied */
	KBENCH_A_CPU_USTACK_NS,		/* u64, time the copies took */
	__KBENCH_A_CPU_LAST
};
#define KBENCH_A_CPU_MAX (__KBENCH_A_CPU_LAST - 1)

/* One syscall of a GET_COUNTERS dump (inside KBENCH_A_SYSCALL). */
enum kbench_sc_attr {
	KBENCH_A_SC_UNSPEC,
	KBENCH_A_SC_PAD,
	KBENCH_A_SC_NR,			/* u32 */
	KBENCH_A_SC_COUNT,		/* u64 */
	KBENCH_A_SC_ERRORS,		/* u64 */
	KBENCH_A_SC_TOTAL_NS,		/* u64 */
	KBENCH_A_SC_HIST,		/* nest, enum kbench_hist_attr */
	__KBENCH_A_SC_LAST
};
#define KBENCH_A_SC_MAX (__KBENCH_A_SC_LAST - 1)

/* Latency histogram buckets: bucket B counts calls of N ns, fls64(N) == B. */
#define KBENCH_HIST_BUCKETS	40

/* Inside KBENCH_A_SC_HIST: bucket B is attribute KBENCH_A_HIST_BUCKET0 + B. */
enum kbench_hist_attr {
	KBENCH_A_HIST_UNSPEC,
	KBENCH_A_HIST_PAD,
	KBENCH_A_HIST_BUCKET0,		/* u64; up to BUCKET0 + BUCKETS - 1 */
};
#define KBENCH_A_HIST_MAX (KBENCH_A_HIST_BUCKET0 + KBENCH_HIST_BUCKETS - 1)

/* Page-fault totals of a GET_COUNTERS dump (inside KBENCH_A_FAULTS). */
enum kbench_fault_attr {
	KBENCH_A_FAULT_UNSPEC,
	KBENCH_A_FAULT_PAD,
	KBENCH_A_FAULT_USER,		/* u64 */
	KBENCH_A_FAULT_KERNEL,		/* u64 */
	KBENCH_A_FAULT_MINOR,		/* u64 */
	KBENCH_A_FAULT_MAJOR,		/* u64 */
	__KBENCH_A_FAULT_LAST
};
#define KBENCH_A_FAULT_MAX (__KBENCH_A_FAULT_LAST - 1)

enum kbench_state {
	KBENCH_STATE_IDLE,	/* no session */
	KBENCH_STATE_RUNNING,	/* a session is collecting */
	__KBENCH_STATE_LAST
};

/*
 * Sample rings in the session owner's memory (KBENCH_A_SAMPLE_RING_ADDR,
 * perf's way: no copy through netlink). The region has one slot per CPU id
 * below the kernel's nr_cpu_ids (the last CPU of
 * /sys/devices/system/cpu/possible, plus one): CPU N's slot starts N * SLOT
 * bytes in, SLOT being a page plus the ring size (RING_KB * 1024 rounded up
 * to a power of two), so LEN is nr_cpu_ids * SLOT. A slot is a control page
 * (this struct at its start) and then the ring. Slots of CPUs the session
 * samples are pinned at START, their SIZE set, HEAD zeroed; the others are
 * left alone (SIZE stays as the caller left it, normally 0).
 *
 * The module appends struct kbench_sample records at HEAD (bytes ever
 * written; the record at HEAD % SIZE) and publishes HEAD with release
 * semantics; the reader reads up to HEAD (acquire), then stores TAIL
 * (release) to free the space. A record never wraps: the end of the ring
 * is filled with a record whose CONTEXT is KBENCH_CTX_PAD. A TAIL that is
 * not one the records lead to only costs the caller its own samples
 * (dropped, or overwritten); the module never reads the ring.
 */
struct kbench_ring_ctl {
	__u64 head;		/* the module's */
	__u64 __pad0[7];	/* HEAD and TAIL in cache lines of their own */
	__u64 tail;		/* the reader's */
	__u64 __pad1[7];
	__u64 size;		/* ring bytes, a power of two */
};

/* A record that fills the end of a ring, SIZE bytes, to be skipped. */
#define KBENCH_CTX_PAD	0xff

/*
 * One stack sample, as KBENCH_A_SAMPLES carries them: records packed back
 * to back, each 8-byte aligned, SIZE bytes long (header and IPs).
 * IPS holds NR_KERNEL kernel return addresses, innermost (the interrupted
 * instruction) first, then NR_USER user addresses, innermost (the user IP)
 * first. For a KERNEL sample of a user task, the user part is where the
 * task entered the kernel. PID is the thread-group id and TID the thread id,
 * both in the initial pid namespace; TIME_NS is the CLOCK_MONOTONIC time
 * the tick was due (the sample was taken within the timer's latency).
 * With KBENCH_SAMPLE_USER_STACK in FLAGS, a struct kbench_sample_ustack
 * follows the IPs (SIZE counts it).
 */
struct kbench_sample {
	__u16 size;
	__u8 context;		/* enum kbench_context */
	__u8 flags;		/* enum kbench_sample_flag */
	__u16 cpu;
	__u8 nr_kernel;
	__u8 nr_user;
	__u32 pid;
	__u32 tid;
	__u64 time_ns;
	__u64 ips[];
};

enum kbench_context {
	KBENCH_CTX_USER = 1,	/* the timer interrupted user mode */
	KBENCH_CTX_KERNEL,	/* ... kernel mode, in a task */
	KBENCH_CTX_IDLE,	/* ... the idle task */
};

enum kbench_sample_flag {
	KBENCH_SAMPLE_KERNEL_TRUNCATED	= 1U << 0,	/* depth limit hit */
	KBENCH_SAMPLE_USER_TRUNCATED	= 1U << 1,
	KBENCH_SAMPLE_USER_FAULTED	= 1U << 2,	/* walk stopped at an unreadable frame */
	KBENCH_SAMPLE_USER_STACK	= 1U << 3,	/* a kbench_sample_ustack follows */
	KBENCH_SAMPLE_USTACK_CUT	= 1U << 4,	/* ... shorter than asked */
};

/*
 * The user registers and the top of the user stack of a sample (a
 * session with KBENCH_A_SAMPLE_USER_STACK), for unwinding with the
 * program's call-frame information. REGS are the x86-64 user registers
 * in DWARF order: rax rdx rcx rbx rsi rdi rbp rsp r8 ... r15 rip: where
 * the task was interrupted in user mode, or where it entered the kernel.
 * STACK holds SIZE bytes from rsp up, padded with zeroes to 8: as much of
 * what was asked for as could be read without faulting (less, with
 * KBENCH_SAMPLE_USTACK_CUT, at the top of the stack or at a page that is
 * not present). Only 64-bit user tasks get one.
 */
#define KBENCH_UREG_SP		7
#define KBENCH_UREG_IP		16
#define KBENCH_UREGS		17

struct kbench_sample_ustack {
	__u64 regs[KBENCH_UREGS];
	__u32 size;
	__u32 reserved;		/* 0 */
	__u8 stack[];
};

/*
 * Bounds and defaults of the sampler's configuration (KBENCH_CMD_START):
 * the default of an attribute left out. 999 Hz rather than 1000 keeps the
 * ticks from beating with a 1000 Hz scheduler tick.
 */
#define KBENCH_SAMPLE_FREQ_MIN		1
#define KBENCH_SAMPLE_FREQ_MAX		20000
#define KBENCH_SAMPLE_FREQ_DEFAULT	999
#define KBENCH_SAMPLE_DEPTH_MAX		127
#define KBENCH_SAMPLE_DEPTH_DEFAULT	64
#define KBENCH_SAMPLE_RING_KB_MIN	16
#define KBENCH_SAMPLE_RING_KB_MAX	65536
#define KBENCH_SAMPLE_RING_KB_DEFAULT	2048
#define KBENCH_SAMPLE_CPUS_MAX_BYTES	1024	/* bitmap of 8192 CPUs */
/* A record must fit one READ_SAMPLES message: 8 KiB of stack, as perf's default. */
#define KBENCH_SAMPLE_USER_STACK_MAX	8192

#endif /* _UAPI_LINUX_KBENCH_H */

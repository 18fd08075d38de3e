// SPDX-License-Identifier: GPL-2.0
/*
 * The hotspot category table. Patterns are fnmatch(3) patterns on the bare
 * function name (no "_[k]", no " [module]"); within a frame the first
 * matching row wins, so put narrow patterns before wide ones.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "categories.h"
#include "util/syscalls.h"

struct kb_cat_info {
	const char *id, *name, *advice;
};

/* An advice is given only where the pattern supports one: none is NULL. */
static const struct kb_cat_info cats[KB_CAT_COUNT] = {
	[KB_CAT_OTHER] = { "other", "other", NULL },
	[KB_CAT_IDLE] = { "idle", "idle",
		"CPUs were idle: the workload waits (I/O, locks, sleep) or does not use every CPU; look at what it waits for, not at CPU time." },
	[KB_CAT_LOCK] = { "lock", "lock contention",
		"Time goes to waiting for locks (their slow path): shorten critical sections, split the lock (per-CPU or per-bucket data) or read under RCU; the callers say which lock." },
	[KB_CAT_LOCKING] = { "locking", "locking",
		"Taking and releasing locks, without their slow path showing (no contention seen): take fewer per operation, e.g. batch work under one acquisition." },
	[KB_CAT_ALLOC] = { "alloc", "memory allocation",
		"Allocation is hot: reuse buffers, allocate in batches, use a pool or a dedicated slab cache, keep allocation off the fast path." },
	[KB_CAT_COPY] = { "copy", "memory copy",
		"Bytes are copied or zeroed: move fewer bytes (larger I/O units, zero copy with sendfile/splice/mmap), avoid double buffering." },
	[KB_CAT_FAULT] = { "fault", "page-fault handling",
		"Page faults (a new anonymous page is zeroed for each): pre-fault or reuse memory (MAP_POPULATE, madvise, mlock), use huge pages, avoid mmap/munmap churn." },
	[KB_CAT_BLOCK] = { "block", "block I/O",
		"Block I/O path: issue larger, merged requests, check queue depth and I/O scheduler, consider io_uring or aligned O_DIRECT." },
	[KB_CAT_FS] = { "fs", "filesystem",
		"Filesystem overhead: keep files open, cache lookups, avoid repeated open/stat of one path, batch small reads and writes." },
	[KB_CAT_NET] = { "net", "networking",
		"Network stack: batch (sendmmsg/recvmmsg, GSO/GRO), use larger buffers and fewer small packets." },
	[KB_CAT_SCHED] = { "sched", "scheduler",
		"Scheduler and context switches: fewer wake-ups (batch work, no ping-pong between threads), pin cooperating threads, avoid oversubscription." },
	[KB_CAT_IRQ] = { "irq", "interrupts and softirqs",
		"Interrupt work: check interrupt rates and affinity (/proc/interrupts), coalescing, and timers firing too often." },
	[KB_CAT_TIME] = { "time", "timekeeping",
		"Clock reads are hot: read the clock less often, use the vDSO, or a coarse clock where precision allows." },
	[KB_CAT_SYSCALL] = { "syscall", "syscall entry/exit",
		"Syscall entry and exit dominate (samples in a libc wrapper are taken as its syscall returns): make fewer, larger system calls (buffering, readv/writev, io_uring); CPU mitigations make each crossing dearer." },
	[KB_CAT_USER] = { "user", "user code", NULL },
	[KB_CAT_IRQ_ON] = { "irq-on", "irq re-enable artefact",
		"Not time spent here: the sampling timer cannot fire while interrupts are off, so its ticks land where they come back on. The time belongs to what ran with interrupts disabled just before (a critical section under this lock, the context switch): read the callers." },
	[KB_CAT_MEMINIT] = { "mem-init", "kernel memory init",
		"The kernel zeroes the memory it allocates (init_on_alloc) or frees (init_on_free): a hardening setting of this kernel, not the workload's code. Boot with init_on_alloc=0 (init_on_free=0) to measure without it, or allocate fewer fresh pages (reuse buffers)." },
	[KB_CAT_ZEROING] = { "zeroing", "zeroing at allocation",
		"Pages are zeroed as they are allocated: the caller asked for zeroed pages, or init_on_alloc=1 (on in many distributions' kernels) zeroes all of them; this profile does not say which. Compare a boot with init_on_alloc=0." },
};

/*
 * Where interrupts come back on: a timer tick that came while they were
 * off lands here, so as the leaf each is a sampling artefact; as a caller
 * it is what OUTER says.
 */
static const struct {
	const char *pattern;
	enum kb_category outer;
} irq_on[] = {
	{ "_raw_spin_unlock_irq*", KB_CAT_LOCKING },
	{ "_raw_read_unlock_irq*", KB_CAT_LOCKING },
	{ "_raw_write_unlock_irq*", KB_CAT_LOCKING },
	{ "__raw_spin_unlock_irq*", KB_CAT_LOCKING },
	{ "raw_spin_rq_unlock_irq*", KB_CAT_SCHED },
	{ "finish_task_switch*", KB_CAT_SCHED },
	{ "__do_softirq", KB_CAT_IRQ }, { "handle_softirqs", KB_CAT_IRQ },
	{ "arch_local_irq_restore", KB_CAT_OTHER },
	{ "arch_local_irq_enable", KB_CAT_OTHER },
	{ "native_irq_enable", KB_CAT_OTHER },
};

struct kb_cat_pattern {
	const char *pattern;
	enum kb_category cat;
};

/* The table: extend here (tests/unit/test_report.c checks examples). */
static const struct kb_cat_pattern patterns[] = {
	/* idle */
	{ "default_idle*", KB_CAT_IDLE }, { "native_safe_halt", KB_CAT_IDLE },
	{ "arch_cpu_idle*", KB_CAT_IDLE }, { "cpuidle_*", KB_CAT_IDLE },
	{ "do_idle", KB_CAT_IDLE }, { "cpu_startup_entry", KB_CAT_IDLE },
	{ "acpi_idle_*", KB_CAT_IDLE }, { "intel_idle*", KB_CAT_IDLE },
	{ "mwait_idle*", KB_CAT_IDLE }, { "poll_idle", KB_CAT_IDLE },
	{ "swapper*", KB_CAT_IDLE },
	/* lock contention: the slow paths */
	{ "native_queued_spin_lock_slowpath*", KB_CAT_LOCK },
	{ "__pv_queued_spin_lock_slowpath", KB_CAT_LOCK },
	{ "queued_*_lock_slowpath", KB_CAT_LOCK },
	{ "__mutex_lock*", KB_CAT_LOCK }, { "mutex_spin_on_owner", KB_CAT_LOCK },
	{ "osq_lock", KB_CAT_LOCK }, { "rwsem_down_*", KB_CAT_LOCK },
	{ "rwsem_optimistic_spin", KB_CAT_LOCK }, { "rwsem_spin_on_owner", KB_CAT_LOCK },
	{ "futex_*", KB_CAT_LOCK }, { "__lll_lock_wait*", KB_CAT_LOCK },
	{ "rt_mutex_slowlock*", KB_CAT_LOCK }, { "rtlock_slowlock*", KB_CAT_LOCK },
	{ "rt_spin_lock_slowlock*", KB_CAT_LOCK },
	/* locking: taking and releasing */
	{ "_raw_spin_*", KB_CAT_LOCKING }, { "_raw_read_*", KB_CAT_LOCKING },
	{ "_raw_write_*", KB_CAT_LOCKING }, { "mutex_lock*", KB_CAT_LOCKING },
	{ "mutex_unlock*", KB_CAT_LOCKING }, { "rwsem_*", KB_CAT_LOCKING },
	{ "down_read*", KB_CAT_LOCKING }, { "down_write*", KB_CAT_LOCKING },
	{ "up_read", KB_CAT_LOCKING }, { "up_write", KB_CAT_LOCKING },
	{ "pthread_mutex_*", KB_CAT_LOCKING }, { "pthread_rwlock_*", KB_CAT_LOCKING },
	{ "pthread_spin_*", KB_CAT_LOCKING },
	/*
	 * PREEMPT_RT: a spinlock_t is an rt_mutex that keeps its holder on
	 * its CPU, so migrate_disable/enable are part of every lock taken
	 * (else they took the category of the syscall that called them).
	 */
	{ "rt_spin_*", KB_CAT_LOCKING }, { "rt_read_*", KB_CAT_LOCKING },
	{ "rt_write_*", KB_CAT_LOCKING }, { "rt_mutex_*", KB_CAT_LOCKING },
	{ "migrate_disable", KB_CAT_LOCKING }, { "migrate_enable", KB_CAT_LOCKING },
	/* memory allocation */
	{ "kmalloc*", KB_CAT_ALLOC }, { "__kmalloc*", KB_CAT_ALLOC },
	{ "kmem_cache_alloc*", KB_CAT_ALLOC }, { "kmem_cache_free*", KB_CAT_ALLOC },
	{ "kfree*", KB_CAT_ALLOC }, { "kzalloc*", KB_CAT_ALLOC },
	{ "__alloc_pages*", KB_CAT_ALLOC }, { "alloc_pages*", KB_CAT_ALLOC },
	{ "get_page_from_freelist", KB_CAT_ALLOC }, { "rmqueue*", KB_CAT_ALLOC },
	{ "__slab_alloc*", KB_CAT_ALLOC }, { "___slab_alloc*", KB_CAT_ALLOC },
	{ "__slab_free*", KB_CAT_ALLOC }, { "__free_pages*", KB_CAT_ALLOC },
	{ "free_unref_page*", KB_CAT_ALLOC }, { "free_pcppages_bulk", KB_CAT_ALLOC },
	{ "vmalloc*", KB_CAT_ALLOC }, { "__vmalloc*", KB_CAT_ALLOC },
	{ "vfree*", KB_CAT_ALLOC }, { "malloc", KB_CAT_ALLOC },
	{ "free", KB_CAT_ALLOC }, { "calloc", KB_CAT_ALLOC },
	{ "realloc", KB_CAT_ALLOC }, { "_int_malloc", KB_CAT_ALLOC },
	{ "_int_free*", KB_CAT_ALLOC }, { "malloc_consolidate", KB_CAT_ALLOC },
	{ "tcache_*", KB_CAT_ALLOC }, { "operator new*", KB_CAT_ALLOC },
	/* memory copy (and zeroing) */
	{ "copy_user_*", KB_CAT_COPY }, { "copy_to_user*", KB_CAT_COPY },
	{ "copy_from_user*", KB_CAT_COPY }, { "_copy_to_user*", KB_CAT_COPY },
	{ "_copy_from_user*", KB_CAT_COPY }, { "__copy_user*", KB_CAT_COPY },
	{ "_copy_to_iter", KB_CAT_COPY }, { "_copy_from_iter*", KB_CAT_COPY },
	{ "copy_page_to_iter*", KB_CAT_COPY }, { "copy_page_from_iter*", KB_CAT_COPY },
	{ "rep_movs_alternative", KB_CAT_COPY }, { "rep_stos_alternative", KB_CAT_COPY },
	{ "memcpy*", KB_CAT_COPY }, { "__memcpy*", KB_CAT_COPY },
	{ "memmove*", KB_CAT_COPY }, { "__memmove*", KB_CAT_COPY },
	{ "memset*", KB_CAT_COPY }, { "__memset*", KB_CAT_COPY },
	{ "clear_user*", KB_CAT_COPY }, { "__clear_user*", KB_CAT_COPY },
	{ "clear_page*", KB_CAT_COPY }, { "copy_page*", KB_CAT_COPY },
	{ "iov_iter_zero", KB_CAT_COPY }, { "copy_mc_*", KB_CAT_COPY },
	/* page-fault handling */
	{ "asm_exc_page_fault", KB_CAT_FAULT }, { "exc_page_fault", KB_CAT_FAULT },
	{ "do_user_addr_fault", KB_CAT_FAULT }, { "handle_mm_fault", KB_CAT_FAULT },
	{ "__handle_mm_fault", KB_CAT_FAULT }, { "handle_pte_fault", KB_CAT_FAULT },
	{ "do_anonymous_page", KB_CAT_FAULT }, { "do_fault", KB_CAT_FAULT },
	{ "do_read_fault", KB_CAT_FAULT }, { "do_cow_fault", KB_CAT_FAULT },
	{ "do_wp_page", KB_CAT_FAULT }, { "wp_page_copy", KB_CAT_FAULT },
	{ "filemap_map_pages", KB_CAT_FAULT }, { "filemap_fault", KB_CAT_FAULT },
	{ "do_huge_pmd_*", KB_CAT_FAULT },
	/* block I/O */
	{ "blk_*", KB_CAT_BLOCK }, { "__blk_*", KB_CAT_BLOCK },
	{ "submit_bio*", KB_CAT_BLOCK }, { "bio_*", KB_CAT_BLOCK },
	{ "__submit_bio*", KB_CAT_BLOCK }, { "*_queue_rq", KB_CAT_BLOCK },
	{ "scsi_*", KB_CAT_BLOCK }, { "nvme_*", KB_CAT_BLOCK },
	{ "ata_*", KB_CAT_BLOCK }, { "io_schedule*", KB_CAT_BLOCK },
	{ "iomap_dio_*", KB_CAT_BLOCK }, { "__iomap_dio_rw", KB_CAT_BLOCK },
	/* networking */
	{ "tcp_*", KB_CAT_NET }, { "udp_*", KB_CAT_NET }, { "ip_*", KB_CAT_NET },
	{ "ipv6_*", KB_CAT_NET }, { "inet_*", KB_CAT_NET },
	{ "net_rx_action", KB_CAT_NET }, { "__netif_*", KB_CAT_NET },
	{ "netif_*", KB_CAT_NET }, { "napi_*", KB_CAT_NET },
	{ "__dev_queue_xmit", KB_CAT_NET }, { "dev_hard_start_xmit", KB_CAT_NET },
	{ "sock_*", KB_CAT_NET }, { "__sys_sendto", KB_CAT_NET },
	{ "__sys_recvfrom", KB_CAT_NET }, { "skb_*", KB_CAT_NET },
	{ "__skb_*", KB_CAT_NET }, { "unix_stream_*", KB_CAT_NET },
	/* filesystem */
	{ "vfs_*", KB_CAT_FS }, { "ext4_*", KB_CAT_FS }, { "xfs_*", KB_CAT_FS },
	{ "btrfs_*", KB_CAT_FS }, { "jbd2_*", KB_CAT_FS },
	{ "generic_file_*", KB_CAT_FS }, { "generic_perform_write", KB_CAT_FS },
	{ "filemap_*", KB_CAT_FS }, { "do_sys_open*", KB_CAT_FS },
	{ "do_filp_open", KB_CAT_FS }, { "path_openat", KB_CAT_FS },
	{ "path_lookupat", KB_CAT_FS }, { "link_path_walk*", KB_CAT_FS },
	{ "walk_component", KB_CAT_FS }, { "lookup_fast", KB_CAT_FS },
	{ "__d_lookup*", KB_CAT_FS }, { "d_alloc*", KB_CAT_FS },
	{ "dput", KB_CAT_FS }, { "iput", KB_CAT_FS }, { "__fput", KB_CAT_FS },
	{ "fput*", KB_CAT_FS }, { "do_dentry_open", KB_CAT_FS },
	{ "ksys_read", KB_CAT_FS }, { "ksys_write", KB_CAT_FS },
	{ "new_sync_read", KB_CAT_FS }, { "new_sync_write", KB_CAT_FS },
	{ "vfs_fsync*", KB_CAT_FS }, { "do_fsync", KB_CAT_FS },
	{ "vfs_statx", KB_CAT_FS }, { "do_statx", KB_CAT_FS },
	{ "alloc_empty_file", KB_CAT_FS }, { "getname*", KB_CAT_FS },
	{ "putname", KB_CAT_FS }, { "fd_install", KB_CAT_FS },
	{ "__close_fd*", KB_CAT_FS }, { "close_fd*", KB_CAT_FS },
	{ "filp_close", KB_CAT_FS }, { "read_iter_zero", KB_CAT_FS },
	/* scheduler */
	{ "schedule*", KB_CAT_SCHED }, { "__schedule", KB_CAT_SCHED },
	{ "pick_next_task*", KB_CAT_SCHED }, { "enqueue_task*", KB_CAT_SCHED },
	{ "dequeue_task*", KB_CAT_SCHED }, { "try_to_wake_up", KB_CAT_SCHED },
	{ "__switch_to*", KB_CAT_SCHED },
	{ "context_switch", KB_CAT_SCHED }, { "update_curr", KB_CAT_SCHED },
	{ "load_balance", KB_CAT_SCHED }, { "select_task_rq*", KB_CAT_SCHED },
	{ "ttwu_*", KB_CAT_SCHED }, { "__wake_up*", KB_CAT_SCHED },
	{ "wake_up_*", KB_CAT_SCHED }, { "do_sched_yield", KB_CAT_SCHED },
	{ "sched_yield", KB_CAT_SCHED }, { "__sched_yield", KB_CAT_SCHED },
	{ "update_load_avg", KB_CAT_SCHED }, { "set_next_entity", KB_CAT_SCHED },
	/* interrupts */
	{ "__irq_exit_rcu", KB_CAT_IRQ },
	{ "irq_exit*", KB_CAT_IRQ }, { "asm_sysvec_*", KB_CAT_IRQ },
	{ "sysvec_*", KB_CAT_IRQ }, { "asm_common_interrupt", KB_CAT_IRQ },
	{ "common_interrupt", KB_CAT_IRQ }, { "handle_irq_event*", KB_CAT_IRQ },
	{ "hrtimer_interrupt", KB_CAT_IRQ }, { "__hrtimer_run_queues", KB_CAT_IRQ },
	{ "run_timer_softirq", KB_CAT_IRQ }, { "rcu_core*", KB_CAT_IRQ },
	/* timekeeping */
	{ "clock_gettime*", KB_CAT_TIME }, { "__clock_gettime*", KB_CAT_TIME },
	{ "__vdso_clock_gettime", KB_CAT_TIME }, { "__vdso_gettimeofday", KB_CAT_TIME },
	{ "gettimeofday", KB_CAT_TIME }, { "ktime_get*", KB_CAT_TIME },
	{ "read_tsc", KB_CAT_TIME }, { "read_hpet", KB_CAT_TIME },
	{ "__x64_sys_clock_gettime", KB_CAT_TIME }, { "__vdso_*", KB_CAT_TIME },
	{ "time", KB_CAT_TIME },
	{ "posix_get_monotonic*", KB_CAT_TIME },
	/* syscall entry/exit */
	{ "entry_SYSCALL_64*", KB_CAT_SYSCALL }, { "do_syscall_64", KB_CAT_SYSCALL },
	{ "syscall_exit_to_user_mode*", KB_CAT_SYSCALL },
	{ "exit_to_user_mode*", KB_CAT_SYSCALL },
	{ "syscall_enter_from_user_mode*", KB_CAT_SYSCALL },
	{ "syscall_return_via_sysret", KB_CAT_SYSCALL },
	{ "entry_SYSRETQ*", KB_CAT_SYSCALL }, { "__x64_sys_*", KB_CAT_SYSCALL },
	{ "__ia32_sys_*", KB_CAT_SYSCALL }, { "syscall", KB_CAT_SYSCALL },
};

/* Roles of frames in the rules over a stack (kb_category_decide()). */
enum {
	ROLE_ZERO = 1,		/* zeroes memory */
	ROLE_ALLOC = 2,		/* allocates pages or objects */
	ROLE_FREE = 4,		/* frees them */
	ROLE_ANON = 8,		/* a fault's new anonymous page (zeroed by need) */
};

struct kb_role_pattern {
	const char *pattern;
	unsigned char roles;
};

static const struct kb_role_pattern roles[] = {
	{ "clear_page*", ROLE_ZERO }, { "clear_highpage*", ROLE_ZERO },
	{ "kernel_init_pages", ROLE_ZERO }, { "memset*", ROLE_ZERO },
	{ "__memset*", ROLE_ZERO }, { "rep_stos_alternative", ROLE_ZERO },
	{ "get_page_from_freelist", ROLE_ALLOC }, { "post_alloc_hook", ROLE_ALLOC },
	{ "prep_new_page", ROLE_ALLOC }, { "__alloc_pages*", ROLE_ALLOC },
	{ "alloc_pages*", ROLE_ALLOC }, { "__folio_alloc*", ROLE_ALLOC },
	{ "folio_alloc*", ROLE_ALLOC }, { "kmem_cache_alloc*", ROLE_ALLOC },
	{ "__kmem_cache_alloc*", ROLE_ALLOC }, { "__kmalloc*", ROLE_ALLOC },
	{ "kmalloc*", ROLE_ALLOC }, { "slab_post_alloc_hook*", ROLE_ALLOC },
	{ "free_pages_prepare", ROLE_FREE }, { "__free_pages*", ROLE_FREE },
	{ "free_unref_page*", ROLE_FREE }, { "kfree*", ROLE_FREE },
	{ "kmem_cache_free*", ROLE_FREE }, { "slab_free*", ROLE_FREE },
	{ "__slab_free*", ROLE_FREE },
	{ "vma_alloc_folio", ROLE_ANON }, { "vma_alloc_zeroed_movable_folio", ROLE_ANON },
	{ "alloc_anon_folio", ROLE_ANON }, { "do_anonymous_page", ROLE_ANON },
	{ "*do_huge_pmd_anonymous_page", ROLE_ANON },
	{ "alloc_zeroed_user_highpage*", ROLE_ANON }, { "clear_huge_page", ROLE_ANON },
	{ "folio_zero_user", ROLE_ANON },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *kb_category_name(enum kb_category c)
{
	return (unsigned int)c < KB_CAT_COUNT ? cats[c].name : cats[KB_CAT_OTHER].name;
}

const char *kb_category_id(enum kb_category c)
{
	return (unsigned int)c < KB_CAT_COUNT ? cats[c].id : cats[KB_CAT_OTHER].id;
}

const char *kb_category_advice(enum kb_category c)
{
	return (unsigned int)c < KB_CAT_COUNT ? cats[c].advice : NULL;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

const char *kb_frame_func(const char *frame, size_t flen, size_t *len,
			  bool *kernel, const char **mod, size_t *modlen)
{
	size_t n = flen;

	*kernel = ends_with(frame, n, "_[k]");
	*mod = NULL;
	*modlen = 0;
	if (*kernel) {
		n -= 4;
		/* "func [module]" */
		if (n && frame[n - 1] == ']') {
			for (size_t i = n - 1; i > 1; i--) {
				if (frame[i] == '[' && frame[i - 1] == ' ') {
					*mod = frame + i + 1;
					*modlen = n - 1 - (i + 1);
					n = i - 1;
					break;
				}
			}
		}
	}
	*len = n;
	return frame;
}

/* The bare function of FRAME into NAME; whether it is a kernel frame. */
static bool bare_name(const char *frame, size_t flen, char *name, size_t size)
{
	const char *mod;
	size_t len, modlen;
	bool kernel;

	kb_frame_func(frame, flen, &len, &kernel, &mod, &modlen);
	if (len >= size)
		len = size - 1;
	memcpy(name, frame, len);
	name[len] = '\0';
	return kernel;
}

/* Wrapper names that are not the syscall's ("__fstatat64" is newfstatat). */
static const char *const sc_alias[][2] = {
	{ "fstatat", "newfstatat" }, { "fstatat64", "newfstatat" },
	{ "waitpid", "wait4" }, { "sigaction", "rt_sigaction" },
	{ "sigprocmask", "rt_sigprocmask" }, { "fork", "clone" },
};

/* NAME as a syscall, or as one with "64" added or taken off. */
static bool sc_lookup(const char *name, char *out, size_t len)
{
	char alt[64];
	size_t n;

	for (size_t i = 0; i < COUNT(sc_alias); i++)
		if (!strcmp(name, sc_alias[i][0]))
			name = sc_alias[i][1];
	n = strlen(name);
	if (!n || n + 3 > sizeof(alt))
		return false;	/* no syscall has so long a name */
	if (kb_syscall_nr(name) >= 0) {
		snprintf(out, len, "%s", name);
		return true;
	}
	if (n > 2 && !strcmp(name + n - 2, "64"))
		snprintf(alt, sizeof(alt), "%.*s", (int)(n - 2), name);
	else
		snprintf(alt, sizeof(alt), "%.60s64", name);
	if (kb_syscall_nr(alt) < 0)
		return false;
	snprintf(out, len, "%s", alt);
	return true;
}

bool kb_frame_syscall(const char *frame, size_t flen, char *out, size_t len)
{
	static const char *const prefixes[] = { "__GI_", "__libc_", "__", "_" };
	char name[256], *p = name;
	size_t n;

	if (bare_name(frame, flen, name, sizeof(name)))
		return false;	/* a kernel frame */
	for (size_t i = 0; i < COUNT(prefixes); i++)
		while (!strncmp(p, prefixes[i], strlen(prefixes[i])))
			p += strlen(prefixes[i]);
	n = strlen(p);
	if (n > 9 && !strcmp(p + n - 9, "_nocancel"))
		p[n - 9] = '\0';
	return sc_lookup(p, out, len);
}

/* NAME's category as the leaf (*LEAF) and as a caller (*OUTER). */
static bool lookup(const char *name, bool kernel, unsigned char *leaf,
		   unsigned char *outer)
{
	for (size_t i = 0; kernel && i < COUNT(irq_on); i++) {
		if (!fnmatch(irq_on[i].pattern, name, 0)) {
			*leaf = KB_CAT_IRQ_ON;
			*outer = (unsigned char)irq_on[i].outer;
			return true;
		}
	}
	for (size_t i = 0; i < COUNT(patterns); i++) {
		if (!fnmatch(patterns[i].pattern, name, 0)) {
			*leaf = *outer = (unsigned char)patterns[i].cat;
			return true;
		}
	}
	*leaf = *outer = KB_CAT_OTHER;
	return false;
}

void kb_frame_classify(const char *frame, size_t flen, struct kb_frame_class *fc)
{
	char name[256], sc[64];

	fc->kernel = bare_name(frame, flen, name, sizeof(name));
	if (!lookup(name, fc->kernel, &fc->leaf, &fc->outer) && !fc->kernel &&
	    kb_frame_syscall(frame, flen, sc, sizeof(sc)))
		fc->leaf = fc->outer = KB_CAT_SYSCALL;
	fc->roles = 0;
	for (size_t i = 0; fc->kernel && i < COUNT(roles); i++)
		if (!fnmatch(roles[i].pattern, name, 0))
			fc->roles |= roles[i].roles;
}

enum kb_category kb_category_frame(const char *frame, size_t flen)
{
	struct kb_frame_class fc;

	kb_frame_classify(frame, flen, &fc);
	return fc.leaf;
}

/*
 * A zeroing leaf's category from its callers: a fault's new anonymous
 * page must be zeroed; otherwise zeroing under the allocator (or freeing)
 * is the kernel setting's when it is on. KB_CAT_COUNT: no rule applies.
 */
static enum kb_category zeroing(const struct kb_frame_class *fc, size_t n,
				const struct kb_cat_ctx *ctx)
{
	unsigned int seen = 0;

	for (size_t i = n - 1; i-- > 1;)
		seen |= fc[i].roles;
	if (seen & ROLE_ANON)
		return KB_CAT_FAULT;
	if (seen & ROLE_ALLOC) {
		if (!ctx || ctx->init_on_alloc < 0)
			return KB_CAT_ZEROING;
		return ctx->init_on_alloc ? KB_CAT_MEMINIT : KB_CAT_ALLOC;
	}
	if ((seen & ROLE_FREE) && ctx && ctx->init_on_free > 0)
		return KB_CAT_MEMINIT;
	return KB_CAT_COUNT;
}

enum kb_category kb_category_decide(const struct kb_frame_class *fc, size_t n,
				    const struct kb_cat_ctx *ctx, size_t *depth)
{
	enum kb_category c;

	if (depth)
		*depth = 0;
	if (!n)
		return KB_CAT_OTHER;
	if (fc[n - 1].roles & ROLE_ZERO) {
		c = zeroing(fc, n, ctx);
		if (c != KB_CAT_COUNT)
			return c;
	}
	if (fc[n - 1].leaf != KB_CAT_OTHER)
		return fc[n - 1].leaf;
	/* Callers, innermost first; an artefact is one only as the leaf. */
	for (size_t i = n - 1; i-- > 0;) {
		c = fc[i].outer;
		if (c != KB_CAT_OTHER && c != KB_CAT_IRQ_ON) {
			if (depth)
				*depth = n - 1 - i;
			return c;
		}
	}
	return fc[n - 1].kernel ? KB_CAT_OTHER : KB_CAT_USER;
}

enum kb_category kb_category_stack(const char *const *frames,
				   const size_t *lens, size_t n,
				   const struct kb_cat_ctx *ctx)
{
	struct kb_frame_class fc[128];
	size_t skip = n > COUNT(fc) ? n - COUNT(fc) : 0;

	/* The innermost frames decide; the rest of a deep stack is cut. */
	for (size_t i = skip; i < n; i++)
		kb_frame_classify(frames[i], lens[i], &fc[i - skip]);
	return kb_category_decide(fc, n - skip, ctx, NULL);
}

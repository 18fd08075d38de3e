// SPDX-License-Identifier: GPL-2.0
/*
 * The hotspot category table. Patterns are fnmatch(3) patterns on the bare
 * function name (no "_[k]", no " [module]"); within a frame the first
 * matching row wins, so put narrow patterns before wide ones.
 */
#include <fnmatch.h>
#include <string.h>

#include "categories.h"

struct kb_cat_info {
	const char *id, *name, *advice;
};

static const struct kb_cat_info cats[KB_CAT_COUNT] = {
	[KB_CAT_OTHER] = { "other", "other",
		"No known pattern: read the function and its callers in the flamegraph." },
	[KB_CAT_IDLE] = { "idle", "idle",
		"CPUs were idle: the workload waits (I/O, locks, sleep) or does not use every CPU; look at what it waits for, not at CPU time." },
	[KB_CAT_LOCK] = { "lock", "lock contention",
		"Time goes to locks: shorten critical sections, split the lock (per-CPU or per-bucket data) or read under RCU; the callers say which lock." },
	[KB_CAT_ALLOC] = { "alloc", "memory allocation",
		"Allocation is hot: reuse buffers, allocate in batches, use a pool or a dedicated slab cache, keep allocation off the fast path." },
	[KB_CAT_COPY] = { "copy", "memory copy",
		"Bytes are copied or zeroed: move fewer bytes (larger I/O units, zero copy with sendfile/splice/mmap), avoid double buffering." },
	[KB_CAT_FAULT] = { "fault", "page-fault handling",
		"Page faults: pre-fault or reuse memory (MAP_POPULATE, madvise, mlock), use huge pages, avoid mmap/munmap churn." },
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
		"Syscall entry and exit dominate: make fewer, larger system calls (buffering, readv/writev, io_uring); CPU mitigations make each crossing dearer." },
	[KB_CAT_USER] = { "user", "user code",
		"User code: improve the algorithm or data layout of this function; its callers are in the flamegraph." },
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
	/* lock contention */
	{ "native_queued_spin_lock_slowpath*", KB_CAT_LOCK },
	{ "__pv_queued_spin_lock_slowpath", KB_CAT_LOCK },
	{ "queued_*_lock_slowpath", KB_CAT_LOCK },
	{ "_raw_spin_*", KB_CAT_LOCK }, { "_raw_read_*", KB_CAT_LOCK },
	{ "_raw_write_*", KB_CAT_LOCK }, { "mutex_lock*", KB_CAT_LOCK },
	{ "__mutex_lock*", KB_CAT_LOCK }, { "mutex_spin_on_owner", KB_CAT_LOCK },
	{ "mutex_unlock*", KB_CAT_LOCK }, { "osq_lock", KB_CAT_LOCK },
	{ "rwsem_*", KB_CAT_LOCK }, { "down_read*", KB_CAT_LOCK },
	{ "down_write*", KB_CAT_LOCK }, { "up_read", KB_CAT_LOCK },
	{ "up_write", KB_CAT_LOCK }, { "futex_*", KB_CAT_LOCK },
	{ "pthread_mutex_*", KB_CAT_LOCK }, { "pthread_rwlock_*", KB_CAT_LOCK },
	{ "__lll_lock_wait*", KB_CAT_LOCK }, { "pthread_spin_*", KB_CAT_LOCK },
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
	{ "finish_task_switch*", KB_CAT_SCHED }, { "__switch_to*", KB_CAT_SCHED },
	{ "context_switch", KB_CAT_SCHED }, { "update_curr", KB_CAT_SCHED },
	{ "load_balance", KB_CAT_SCHED }, { "select_task_rq*", KB_CAT_SCHED },
	{ "ttwu_*", KB_CAT_SCHED }, { "__wake_up*", KB_CAT_SCHED },
	{ "wake_up_*", KB_CAT_SCHED }, { "do_sched_yield", KB_CAT_SCHED },
	{ "sched_yield", KB_CAT_SCHED }, { "__sched_yield", KB_CAT_SCHED },
	{ "update_load_avg", KB_CAT_SCHED }, { "set_next_entity", KB_CAT_SCHED },
	/* interrupts */
	{ "__do_softirq", KB_CAT_IRQ }, { "__irq_exit_rcu", KB_CAT_IRQ },
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
	{ "__x64_sys_clock_gettime", KB_CAT_TIME },
	{ "posix_get_monotonic*", KB_CAT_TIME },
	/* syscall entry/exit */
	{ "entry_SYSCALL_64*", KB_CAT_SYSCALL }, { "do_syscall_64", KB_CAT_SYSCALL },
	{ "syscall_exit_to_user_mode*", KB_CAT_SYSCALL },
	{ "exit_to_user_mode*", KB_CAT_SYSCALL },
	{ "syscall_enter_from_user_mode*", KB_CAT_SYSCALL },
	{ "syscall_return_via_sysret", KB_CAT_SYSCALL },
	{ "entry_SYSRETQ*", KB_CAT_SYSCALL }, { "__x64_sys_*", KB_CAT_SYSCALL },
	{ "__ia32_sys_*", KB_CAT_SYSCALL }, { "syscall", KB_CAT_SYSCALL },
	{ "__static_call_text_end", KB_CAT_SYSCALL },
};

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
	return (unsigned int)c < KB_CAT_COUNT ? cats[c].advice : cats[KB_CAT_OTHER].advice;
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

enum kb_category kb_category_frame(const char *frame, size_t flen)
{
	char name[256];
	const char *mod;
	size_t len, modlen;
	bool kernel;

	kb_frame_func(frame, flen, &len, &kernel, &mod, &modlen);
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, frame, len);
	name[len] = '\0';
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (!fnmatch(patterns[i].pattern, name, 0))
			return patterns[i].cat;
	return KB_CAT_OTHER;
}

enum kb_category kb_category_stack(const char *const *frames,
				   const size_t *lens, size_t n)
{
	size_t len, modlen;
	const char *mod;
	bool kernel;

	if (!n)
		return KB_CAT_OTHER;
	for (size_t i = n; i-- > 0;) {
		enum kb_category c = kb_category_frame(frames[i], lens[i]);

		if (c != KB_CAT_OTHER)
			return c;
	}
	kb_frame_func(frames[n - 1], lens[n - 1], &len, &kernel, &mod, &modlen);
	return kernel ? KB_CAT_OTHER : KB_CAT_USER;
}

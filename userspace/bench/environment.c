// SPDX-License-Identifier: GPL-2.0
/* The environment of a run read from the running system (environment.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "environment.h"
#include "util/clock.h"
#include "util/fileio.h"

const char *kb_env_path(char *buf, size_t len, const char *root, const char *path)
{
	snprintf(buf, len, "%s%s", root ? root : "", path);
	return buf;
}

int kb_env_cmdline_param(const char *cmdline, const char *key, char *buf,
			 size_t len)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	buf[0] = '\0';
	while ((p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
			const char *v = p + klen + 1;

			snprintf(buf, len, "%.*s", (int)strcspn(v, " \n"), v);
			return 0;
		}
		p += klen;
	}
	return -ENOENT;
}

int kb_env_cpuinfo(const char *root, const char *key, char *buf, size_t len)
{
	char path[4096], line[8192];
	size_t klen = strlen(key);
	FILE *f = fopen(kb_env_path(path, sizeof(path), root, "/proc/cpuinfo"), "re");

	buf[0] = '\0';
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, key, klen) || !colon ||
		    strspn(line + klen, " \t") != (size_t)(colon - line - (long)klen))
			continue;
		colon++;
		colon += strspn(colon, " ");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, len, "%s", colon);
		fclose(f);
		return 0;
	}
	fclose(f);
	return -ENOENT;
}

int kb_env_hypervisor(const char *root)
{
	char flags[8192];
	const char *p = flags;
	int err = kb_env_cpuinfo(root, "flags", flags, sizeof(flags));

	if (err)
		return err;
	while ((p = strstr(p, "hypervisor"))) {
		if ((p == flags || p[-1] == ' ') && (p[10] == ' ' || !p[10]))
			return 1;
		p += 10;
	}
	return 0;
}

int kb_env_selected(const char *file, char *buf, size_t len)
{
	char line[256], *l, *r;
	int err = kb_read_line(file, line, sizeof(line));

	buf[0] = '\0';
	if (err)
		return err;
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r)
		snprintf(buf, len, "%.*s", (int)(r - l - 1), l + 1);
	else
		snprintf(buf, len, "%s", line);
	return 0;
}

/*
 * The THP mode; "not built" when sysfs shows /sys/kernel/mm without it (a
 * kernel without TRANSPARENT_HUGEPAGE, as Debian's PREEMPT_RT flavour is),
 * so that comparing it with one that has THP shows the difference; ""
 * when nothing can be told.
 */
static void read_thp(struct kb_env *e, const char *root)
{
	char path[4096];
	struct stat st;

	if (!kb_env_selected(kb_env_path(path, sizeof(path), root,
					 "/sys/kernel/mm/transparent_hugepage/enabled"),
			     e->thp, sizeof(e->thp)))
		return;
	if (!stat(kb_env_path(path, sizeof(path), root, "/sys/kernel/mm"), &st) &&
	    S_ISDIR(st.st_mode))
		snprintf(e->thp, sizeof(e->thp), "not built");
}

/* ROOT/PATH's first line into BUF (LEN bytes); "" when unreadable. */
static void read_file(const char *root, const char *path, char *buf, size_t len)
{
	char p[4096];

	kb_read_line(kb_env_path(p, sizeof(p), root, path), buf, len);
}

/* CPUs in a list like "0-3,8,10-11"; 0 when it does not parse. */
static unsigned int count_cpus(const char *list)
{
	unsigned int n = 0;
	const char *p = list;
	char *end;

	while (*p) {
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (end == p)
			return 0;
		if (*end == '-') {
			p = end + 1;
			hi = strtoul(p, &end, 10);
			if (end == p || hi < lo)
				return 0;
		}
		n += (unsigned int)(hi - lo + 1);
		if (*end != ',' && *end)
			return 0;
		p = *end ? end + 1 : end;
	}
	return n;
}

/* MemTotal of ROOT/proc/meminfo in kB; 0 when unreadable. */
static uint64_t mem_total_kb(const char *root)
{
	char path[4096];
	unsigned long long kb = 0;

	kb_read_field(kb_env_path(path, sizeof(path), root, "/proc/meminfo"),
		      "MemTotal: %llu kB", &kb);
	return kb;
}

/*
 * What ran it: kbench_accel=, else a CPU without the hypervisor flag is
 * bare metal ("none"), and any other is "unknown".
 */
static void read_accel_mode(struct kb_env *e, const char *root, const char *cmdline)
{
	if (kb_env_cmdline_param(cmdline, "kbench_accel", e->accel, sizeof(e->accel)) ||
	    !e->accel[0])
		snprintf(e->accel, sizeof(e->accel), "%s",
			 kb_env_hypervisor(root) ? "unknown" : "none");
	if (kb_env_cmdline_param(cmdline, "kbench_mode", e->mode, sizeof(e->mode)) ||
	    !e->mode[0])
		snprintf(e->mode, sizeof(e->mode), "%s", KB_MODE_WALLCLOCK);
}

/* S += " " WORD, as long as it fits in LEN bytes. */
static void add_word(char *s, size_t len, const char *word)
{
	size_t at = strlen(s);

	if (at + 1 + strlen(word) < len)
		snprintf(s + at, len - at, "%s%s", at ? " " : "", word);
}

/* CPU mitigations built in, named as the config names them (6.1 to 6.9+). */
static bool is_mitigation(const char *opt)
{
	static const char *const names[] = {
		"CPU_MITIGATIONS", "SPECULATION_MITIGATIONS", "PAGE_TABLE_ISOLATION",
		"RETPOLINE", "RETHUNK", "CPU_UNRET_ENTRY", "CPU_IBPB_ENTRY",
		"CPU_IBRS_ENTRY", "CPU_SRSO", "SLS", "CALL_DEPTH_TRACKING",
		"GDS_FORCE_MITIGATION",
	};

	if (!strncmp(opt, "MITIGATION_", 11))
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(opt, names[i]))
			return true;
	return false;
}

/*
 * Debug options that cost time whenever they are built in (not those that
 * wait for a boot parameter, like PAGE_POISONING, or act at boot only).
 */
static bool is_costly_debug(const char *opt)
{
	static const char *const names[] = {
		"KASAN", "KCSAN", "KMSAN", "UBSAN", "KCOV", "GCOV_KERNEL", "LOCKDEP",
		"PROVE_LOCKING", "DEBUG_LOCK_ALLOC", "LOCK_STAT", "PROVE_RCU",
		"DEBUG_ATOMIC_SLEEP", "DEBUG_PREEMPT", "DEBUG_PAGEALLOC",
		"DEBUG_PAGEALLOC_ENABLE_DEFAULT", "SLUB_DEBUG_ON", "DEBUG_OBJECTS",
		"DEBUG_KMEMLEAK", "DEBUG_VM", "DEBUG_LIST", "DEBUG_SG", "DEBUG_MUTEXES",
		"DEBUG_SPINLOCK", "DEBUG_RT_MUTEXES", "DEBUG_WW_MUTEX_SLOWPATH",
		"DEBUG_KOBJECT", "DEBUG_NOTIFIERS", "DEBUG_CREDENTIALS",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(opt, names[i]))
			return true;
	return false;
}

/* What one "CONFIG_OPT=VAL" line of a config file says; FLAGS collects. */
struct kconfig_flags {
	bool rt, dynamic, full, voluntary, none;
	bool nohz_full, nohz_idle, periodic;
	bool alloc_on, free_on;
};

static void kconfig_line(struct kb_kconfig *k, struct kconfig_flags *fl,
			 const char *opt, const char *val)
{
	bool y = !strcmp(val, "y");

	if (!strcmp(opt, "HZ"))
		k->hz = (unsigned int)strtoul(val, NULL, 10);
	if (!y)
		return;
	fl->rt |= !strcmp(opt, "PREEMPT_RT");
	fl->dynamic |= !strcmp(opt, "PREEMPT_DYNAMIC");
	fl->full |= !strcmp(opt, "PREEMPT");
	fl->voluntary |= !strcmp(opt, "PREEMPT_VOLUNTARY");
	fl->none |= !strcmp(opt, "PREEMPT_NONE");
	fl->nohz_full |= !strcmp(opt, "NO_HZ_FULL");
	fl->nohz_idle |= !strcmp(opt, "NO_HZ_IDLE");
	fl->periodic |= !strcmp(opt, "HZ_PERIODIC");
	fl->alloc_on |= !strcmp(opt, "INIT_ON_ALLOC_DEFAULT_ON");
	fl->free_on |= !strcmp(opt, "INIT_ON_FREE_DEFAULT_ON");
	if (is_mitigation(opt))
		add_word(k->mitigations, sizeof(k->mitigations), opt);
	if (is_costly_debug(opt))
		add_word(k->debug, sizeof(k->debug), opt);
}

/* "on" or "off": the config's default, unless the command line sets KEY. */
static void init_on(char *buf, size_t len, bool def, const char *cmdline,
		    const char *key)
{
	char v[16];

	if (!kb_env_cmdline_param(cmdline, key, v, sizeof(v)))
		def = !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "y");
	snprintf(buf, len, "%s", def ? "on" : "off");
}

/* The facts that FL collected, with what the command line overrides. */
static void kconfig_facts(struct kb_kconfig *k, const struct kconfig_flags *fl,
			  const char *cmdline)
{
	const char *model = fl->rt ? "rt" : fl->full ? "full" :
			    fl->voluntary ? "voluntary" : "none";
	char v[16];

	/* PREEMPT_DYNAMIC: the built default, or the preempt= of the boot. */
	if (fl->dynamic && !fl->rt &&
	    !kb_env_cmdline_param(cmdline, "preempt", v, sizeof(v)) && v[0])
		model = v;
	snprintf(k->preempt, sizeof(k->preempt), "%.16s%s", model,
		 fl->dynamic && !fl->rt ? " (dynamic)" : "");
	snprintf(k->nohz, sizeof(k->nohz), "%s", fl->nohz_full ? "full" :
		 fl->nohz_idle ? "idle" : fl->periodic ? "periodic" : "");
	if (!kb_env_cmdline_param(cmdline, "nohz", v, sizeof(v)) && !strcmp(v, "off"))
		snprintf(k->nohz, sizeof(k->nohz), "off");
	init_on(k->init_on_alloc, sizeof(k->init_on_alloc), fl->alloc_on, cmdline,
		"init_on_alloc");
	init_on(k->init_on_free, sizeof(k->init_on_free), fl->free_on, cmdline,
		"init_on_free");
	if (!k->mitigations[0])
		snprintf(k->mitigations, sizeof(k->mitigations), "none");
	if (!k->debug[0])
		snprintf(k->debug, sizeof(k->debug), "none");
}

/*
 * The running kernel's configuration: ROOT/boot/config-RELEASE, where
 * distributions install it and scripts/kbench-vm puts the booted image's
 * into a guest. Nothing is known without one.
 */
static void read_kconfig(struct kb_kconfig *k, const char *root,
			 const char *release, const char *cmdline)
{
	struct kconfig_flags fl = { 0 };
	char path[4096], line[512], name[160];
	FILE *f;

	memset(k, 0, sizeof(*k));
	if (!release[0])
		return;
	snprintf(name, sizeof(name), "/boot/config-%.120s", release);
	f = fopen(kb_env_path(path, sizeof(path), root, name), "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		if (strncmp(line, "CONFIG_", 7) || !eq)
			continue;
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\n")] = '\0';
		kconfig_line(k, &fl, line + 7, eq + 1);
	}
	fclose(f);
	snprintf(k->source, sizeof(k->source), "%s", name);
	kconfig_facts(k, &fl, cmdline);
}

void kb_env_read(struct kb_env *e, const char *root)
{
	bool here = !root || !root[0];
	char cmdline[4096], buf[256];
	struct utsname u;

	kb_env_init(e);
	read_file(root, "/proc/cmdline", cmdline, sizeof(cmdline));
	snprintf(e->cmdline, sizeof(e->cmdline), "%.*s", (int)sizeof(e->cmdline) - 1,
		 cmdline);
	read_accel_mode(e, root, cmdline);
	snprintf(e->timing, sizeof(e->timing), "%s", KB_TIMING_METHOD);
	read_file(root, "/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  e->clocksource, sizeof(e->clocksource));
	read_file(root, "/sys/devices/system/cpu/online", buf, sizeof(buf));
	e->cpus = count_cpus(buf);
	if (!e->cpus && here && sysconf(_SC_NPROCESSORS_ONLN) > 0)
		e->cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	e->mem_kb = mem_total_kb(root);
	read_file(root, "/proc/sys/kernel/osrelease", e->kernel, sizeof(e->kernel));
	if (!e->kernel[0] && here && !uname(&u))
		snprintf(e->kernel, sizeof(e->kernel), "%s", u.release);
	kb_env_cmdline_param(cmdline, "mitigations", e->mitigations,
			     sizeof(e->mitigations));
	read_thp(e, root);
	read_file(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		  e->governor, sizeof(e->governor));
	read_file(root, "/proc/sys/kernel/random/boot_id", e->boot_id,
		  sizeof(e->boot_id));
	read_file(root, "/proc/sys/kernel/version", e->build, sizeof(e->build));
	if (!e->build[0] && here && !uname(&u))
		snprintf(e->build, sizeof(e->build), "%s", u.version);
	read_kconfig(&e->config, root, e->kernel, cmdline);
}

void kb_env_probe(struct kb_env *e)
{
	kb_env_read(e, NULL);
	e->clock_read_ns = kb_clock_read_ns();
}

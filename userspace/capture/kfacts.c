// SPDX-License-Identifier: GPL-2.0
/* The running kernel's memory auto-init settings (kfacts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "kfacts.h"

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* "on"/"off" after KEY in the boot log's line LINE: 1, 0, or -1. */
static int log_switch(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	if (!p)
		return -1;
	p += strlen(key);
	return !strncmp(p, "on", 2) ? 1 : !strncmp(p, "off", 3) ? 0 : -1;
}

/* KEY=on|off|1|0 on the command line (the last one counts): 1, 0, -1. */
static int cmdline_switch(const char *cmdline, const char *key)
{
	size_t n = strlen(key);
	int v = -1;

	for (const char *p = cmdline; (p = strstr(p, key)); p += n) {
		const char *val = p + n;

		if (p != cmdline && p[-1] != ' ')
			continue;
		if (!strncmp(val, "1", 1) || !strncmp(val, "on", 2))
			v = 1;
		else if (!strncmp(val, "0", 1) || !strncmp(val, "off", 3))
			v = 0;
	}
	return v;
}

/* CONFIG_NAME in a kernel config: 1 (=y), 0 (not set), -1 (absent). */
static int config_switch(const char *config, const char *name)
{
	char set[96], unset[112];

	snprintf(set, sizeof(set), "\n%s=y", name);
	snprintf(unset, sizeof(unset), "\n# %s is not set", name);
	return strstr(config, set) ? 1 : strstr(config, unset) ? 0 : -1;
}

void kb_kfacts_parse(struct kb_kernel_facts *kf, const char *log,
		     const char *cmdline, const char *config)
{
	const char *line = log ? strstr(log, "mem auto-init:") : NULL;

	memset(kf, 0, sizeof(*kf));
	kf->init_on_alloc = kf->init_on_free = -1;
	if (line) {
		kf->init_on_alloc = log_switch(line, "heap alloc:");
		kf->init_on_free = log_switch(line, "heap free:");
		snprintf(kf->source, sizeof(kf->source), "boot log");
		if (kf->init_on_alloc >= 0)
			return;
	}
	if (config) {
		kf->init_on_alloc = config_switch(config, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON");
		kf->init_on_free = config_switch(config, "CONFIG_INIT_ON_FREE_DEFAULT_ON");
		snprintf(kf->source, sizeof(kf->source), "config");
	}
	if (cmdline && (cmdline_switch(cmdline, "init_on_alloc=") >= 0 ||
			cmdline_switch(cmdline, "init_on_free=") >= 0)) {
		int a = cmdline_switch(cmdline, "init_on_alloc="),
		    f = cmdline_switch(cmdline, "init_on_free=");

		kf->init_on_alloc = a >= 0 ? a : kf->init_on_alloc;
		kf->init_on_free = f >= 0 ? f : kf->init_on_free;
		snprintf(kf->source, sizeof(kf->source), config ?
			 "config, command line" : "command line");
	}
	if (kf->init_on_alloc < 0 && kf->init_on_free < 0)
		kf->source[0] = 0;
}

/* The kernel's log buffer (needs CAP_SYSLOG); NULL when unreadable. */
static char *read_log(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), n;
	char *buf;

	if (size <= 0)
		return NULL;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return NULL;
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* A whole (possibly gzip'ed) text file, with a leading newline; or NULL. */
static char *read_text(const char *path)
{
	gzFile f = gzopen(path, "r");
	size_t len = 1, cap = 1 << 16;
	char *buf = NULL, *p;
	int n = 1;

	if (!f)
		return NULL;
	while (n > 0) {
		p = realloc(buf, cap + 1);
		if (!p) {
			free(buf);
			gzclose(f);
			return NULL;
		}
		buf = p;
		buf[0] = '\n';
		n = gzread(f, buf + len, (unsigned int)(cap - len));
		len += n > 0 ? (size_t)n : 0;
		if (len == cap)
			cap *= 2;
	}
	gzclose(f);
	buf[len] = 0;
	return buf;
}

void kb_kfacts_read(struct kb_kernel_facts *kf)
{
	char path[128], *log = read_log(), *cmdline = read_text("/proc/cmdline");
	char *config = NULL;
	struct utsname u;

	if (!uname(&u)) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		config = read_text(path);
	}
	if (!config)
		config = read_text("/proc/config.gz");
	kb_kfacts_parse(kf, log, cmdline, config);
	free(log);
	free(cmdline);
	free(config);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The host and noise blobs of results.json (noise.h); the files they share
 * with the typed environment are read by environment.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "noise.h"
#include "environment.h"
#include "util/fileio.h"
#include "util/parse.h"

static json_t *line_or_null(const char *file)
{
	char buf[4096];

	return kb_read_line(file, buf, sizeof(buf)) ? json_null() : json_string(buf);
}

/* The value of "KEY=value" on the kernel command line, or null. */
static json_t *cmdline_param(const char *cmdline, const char *key)
{
	char buf[1024];

	return kb_env_cmdline_param(cmdline, key, buf, sizeof(buf)) ?
	       json_null() : json_string(buf);
}

json_t *kb_host_json(void)
{
	struct utsname u;
	char cmdline[4096], model[256], host[256];

	uname(&u);
	kb_read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	if (kb_env_cpuinfo(NULL, "model name", model, sizeof(model)))
		snprintf(model, sizeof(model), "unknown");
	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "unknown");
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:I}",
			 "hostname", host,
			 "kernel", "release", u.release, "version", u.version,
			 "machine", u.machine, "cmdline", cmdline,
			 "cpu_model", model,
			 "cpu_count", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN));
}

/* "always [madvise] never" -> "madvise" */
static json_t *bracketed(const char *file)
{
	char buf[256];

	return kb_env_selected(file, buf, sizeof(buf)) ? json_null() : json_string(buf);
}

static json_t *vulnerabilities(void)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	json_t *obj = json_object();
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512], buf[512];

	if (!d)
		return obj;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!kb_read_line(path, buf, sizeof(buf)))
			json_object_set_new(obj, e->d_name, json_string(buf));
	}
	closedir(d);
	return obj;
}

static json_t *hypervisor(const char *cmdline)
{
	char vendor[256], product[256];
	bool hv = kb_env_hypervisor(NULL) > 0;

	kb_read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor));
	kb_read_line("/sys/class/dmi/id/product_name", product, sizeof(product));
	return json_pack("{s:b, s:s?, s:s?, s:o}",
			 "detected", hv,
			 "dmi_vendor", vendor[0] ? vendor : NULL,
			 "dmi_product", product[0] ? product : NULL,
			 "accel", cmdline_param(cmdline, "kbench_accel"));
}

json_t *kb_noise_json(void)
{
	char cmdline[4096], buf[256];
	double load[3] = { 0, 0, 0 };
	uint64_t khz;
	json_t *freq = json_null(), *smt;

	kb_read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	if (!kb_read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq",
			  buf, sizeof(buf)) &&
	    !kb_parse_uint(buf, 10, 0, INT64_MAX, &khz))
		freq = json_integer((json_int_t)khz);
	if (!kb_read_line("/proc/loadavg", buf, sizeof(buf)))
		sscanf(buf, "%lf %lf %lf", &load[0], &load[1], &load[2]);
	smt = json_pack("{s:o, s:o}",
			"active", line_or_null("/sys/devices/system/cpu/smt/active"),
			"control", line_or_null("/sys/devices/system/cpu/smt/control"));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:[f,f,f], s:o}",
			 "governor",
			 line_or_null("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
			 "cur_freq_khz", freq,
			 "smt", smt,
			 "thp", bracketed("/sys/kernel/mm/transparent_hugepage/enabled"),
			 "mitigations", cmdline_param(cmdline, "mitigations"),
			 "vulnerabilities", vulnerabilities(),
			 "cmdline", json_string(cmdline),
			 "loadavg", load[0], load[1], load[2],
			 "hypervisor", hypervisor(cmdline));
}

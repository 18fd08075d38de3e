// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "charts.h"
#include "util/fileio.h"

static int write_file(const char *path, const char *text, char *why, size_t len)
{
	int ret = kb_write_text(path, text, strlen(text));

	if (ret)
		snprintf(why, len, "%s: %s", path, strerror(-ret));
	return ret;
}

/* The gnuplot to run, or NULL when there is none. */
static const char *find_gnuplot(char *buf, size_t len)
{
	const char *env = getenv("KBENCH_GNUPLOT"), *path = getenv("PATH");

	if (env && *env)
		return access(env, X_OK) ? NULL : env;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		if (n && (size_t)snprintf(buf, len, "%.*s/gnuplot", (int)n, path) < len &&
		    !access(buf, X_OK))
			return buf;
		path += n + (colon ? 1 : 0);
	}
	return NULL;
}

/* Runs GNUPLOT SCRIPT in DIR; its stderr goes to ERRBUF. */
static int run_gnuplot(const char *gnuplot, const char *dir, const char *script,
		       char *errbuf, size_t errlen)
{
	int pipefd[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(pipefd[0]);
		close(pipefd[1]);
		return -err;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		dup2(pipefd[1], 2);
		if (chdir(dir))
			_exit(126);
		execl(gnuplot, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], errbuf + got, errlen - 1 - got)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0 && (got += (size_t)n) >= errlen - 1)
			break;
	errbuf[got] = '\0';
	/* Drain what did not fit so that gnuplot does not block. */
	while (got >= errlen - 1 && (n = read(pipefd[0], &(char){ 0 }, 1)) > 0)
		;
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	return -EIO;
}

/* The first line of TEXT that gnuplot flags as an error, else the first. */
static void first_error(const char *text, char *out, size_t len)
{
	const char *p = strstr(text, "error"), *start = text, *end;

	if (p) {
		while (p > text && p[-1] != '\n')
			p--;
		start = p;
	}
	while (*start == '\n' || *start == ' ')
		start++;
	end = strchr(start, '\n');
	snprintf(out, len, "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
}

int kb_chart_render(const char *dir, const char *name, const char *data,
		    const char *script, char *why, size_t len)
{
	char path[4096], gp[4096], gnuplot_buf[4096], errbuf[2048], line[512];
	const char *gnuplot;
	char *text = NULL;
	size_t tlen = 0;
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	ret = write_file(path, data, why, len);
	if (ret)
		return ret;
	f = open_memstream(&text, &tlen);
	if (!f)
		return -ENOMEM;
	fprintf(f,
		"# kbench chart '%s': rerun with `gnuplot %s.gp` in this directory.\n"
		"datafile = '%s.dat'\n"
		"do for [kb_format in \"png svg\"] {\n"
		"    if (kb_format eq \"png\") {\n"
		"        if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
		"            set terminal pngcairo size 900,480 noenhanced font \"sans,10\"\n"
		"        } else {\n"
		"            set terminal png size 900,480 noenhanced\n"
		"        }\n"
		"    } else {\n"
		"        set terminal svg size 900,480 noenhanced font \"sans,11\" background \"#ffffff\"\n"
		"    }\n"
		"    set output '%s.'.kb_format\n"
		"    reset\n"
		"# --- the chart ---\n"
		"%s\n"
		"# --- end of the chart ---\n"
		"    unset output\n"
		"}\n", name, name, name, name, script);
	if (fclose(f)) {
		free(text);
		return -ENOMEM;
	}
	snprintf(gp, sizeof(gp), "%s/%s.gp", dir, name);
	ret = write_file(gp, text, why, len);
	free(text);
	if (ret)
		return ret;

	gnuplot = find_gnuplot(gnuplot_buf, sizeof(gnuplot_buf));
	if (!gnuplot) {
		snprintf(why, len, "gnuplot is not installed");
		return 1;
	}
	snprintf(gp, sizeof(gp), "%s.gp", name);
	ret = run_gnuplot(gnuplot, dir, gp, errbuf, sizeof(errbuf));
	if (ret == -EIO) {
		first_error(errbuf, line, sizeof(line));
		snprintf(why, len, "%s/%s.gp: gnuplot failed: %s", dir, name,
			 line[0] ? line : "no message");
	} else if (ret) {
		snprintf(why, len, "%s: %s", gnuplot, strerror(-ret));
	}
	return ret;
}

void kb_gp_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
}

void kb_gp_label(FILE *f, const char *s, size_t max)
{
	fputc('"', f);
	for (size_t i = 0; s[i] && i < max; i++)
		fputc(s[i] == '"' ? '\'' : s[i], f);
	fputc('"', f);
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "profile.h"
#include "model/samples.h"

FILE *kb_profile_proc_open(const char *dir, uint32_t pid, const char *ext,
			   const char *mode)
{
	char path[4096];

	if (mode[0] == 'w') {
		snprintf(path, sizeof(path), "%s/procs", dir);
		if (mkdir(path, 0755) && errno != EEXIST)
			return NULL;
	}
	snprintf(path, sizeof(path), "%s/procs/%" PRIu32 ".%s", dir, pid, ext);
	return fopen(path, mode);
}

/*
 * Copies /proc/PID/EXT to DIR/procs/PID.EXT: its size, -ESRCH if the
 * process is gone (or went while it was read), -EIO if DIR is unwritable.
 */
static long copy_proc_file(const char *dir, uint32_t pid, const char *ext)
{
	char src[64], buf[8192];
	FILE *in, *out;
	long total = 0;
	bool ok = true, gone;
	size_t n;

	snprintf(src, sizeof(src), "/proc/%" PRIu32 "/%s", pid, ext);
	in = fopen(src, "r");
	if (!in)
		return -ESRCH;
	out = kb_profile_proc_open(dir, pid, ext, "w");
	if (!out) {
		fclose(in);
		return -EIO;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		ok &= fwrite(buf, 1, n, out) == n;
		total += (long)n;
	}
	gone = ferror(in);
	fclose(in);
	ok &= fclose(out) == 0;
	return gone ? -ESRCH : ok ? total : -EIO;
}

int kb_profile_capture_proc(const char *dir, uint32_t pid)
{
	long n = copy_proc_file(dir, pid, "comm");

	if (n >= 0)
		n = copy_proc_file(dir, pid, "maps");
	/* A zombie still has a name, but its mappings are gone. */
	return n < 0 ? (int)n : n ? 0 : -ENODATA;
}

static int load_proc(struct kb_profile *p, const char *dir, uint32_t pid)
{
	char comm[64] = "";
	FILE *f;
	int ret;

	f = kb_profile_proc_open(dir, pid, "comm", "r");
	if (!f)
		return 0;	/* never captured: frames keep their addresses */
	if (fgets(comm, sizeof(comm), f))
		comm[strcspn(comm, "\n")] = 0;
	fclose(f);
	f = kb_profile_proc_open(dir, pid, "maps", "r");
	ret = kb_folded_add_proc(&p->folded, pid, comm, f);
	if (f)
		fclose(f);
	return ret;
}

struct load_ctx {
	struct kb_profile *p;
	const char *dir;
};

static int add_sample(const struct kbench_sample *s, void *arg)
{
	struct load_ctx *ctx = arg;
	int ret;

	if (s->context != KBENCH_CTX_IDLE && !kb_folded_proc(&ctx->p->folded, s->pid)) {
		ret = load_proc(ctx->p, ctx->dir, s->pid);
		if (ret)
			return ret;
	}
	ctx->p->by_context[s->context]++;
	return kb_folded_add(&ctx->p->folded, s);
}

int kb_profile_load(struct kb_profile *p, const char *dir,
		    char why[KB_PROFILE_WHYLEN])
{
	struct load_ctx ctx = { p, dir };
	char path[4096];
	size_t len;
	void *buf;
	FILE *f;
	int ret;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		return -errno;
	}
	ret = kb_ksyms_load(&p->ksyms, f);
	fclose(f);
	if (ret) {
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, ret == -EACCES ?
			 "addresses are hidden (kptr_restrict); record as root" :
			 strerror(-ret));
		return ret;
	}
	ret = kb_folded_init(&p->folded, &p->ksyms);
	if (ret)
		goto err;

	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		goto err;
	}
	ret = kb_raw_read(f, &buf, &len);
	fclose(f);
	if (ret) {
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, ret == -EPROTO ?
			 "not a kbench raw sample file" : strerror(-ret));
		goto err;
	}
	ret = kb_samples_walk(buf, len, add_sample, &ctx);
	free(buf);
	if (ret) {
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, ret == -EPROTO ?
			 "malformed sample record" : strerror(-ret));
		goto err;
	}
	return 0;
err:
	kb_profile_free(p);
	return ret;
}

void kb_profile_free(struct kb_profile *p)
{
	kb_folded_free(&p->folded);
	kb_ksyms_free(&p->ksyms);
}

/* Adds the folded file F (read from PATH) to ST. */
static int read_folded(struct kb_stacks *st, FILE *f, const char *path,
		       char why[KB_PROFILE_WHYLEN])
{
	size_t line;
	int ret = kb_stacks_read(st, f, &line);

	if (ret == -EPROTO)
		snprintf(why, KB_PROFILE_WHYLEN, "%s: line %zu: not 'frame;frame;... COUNT'",
			 path, line);
	else if (ret)
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(-ret));
	return ret;
}

/* DIR's stacks rebuilt from samples.raw, kallsyms and procs/. */
static int rebuild_stacks(const char *dir, struct kb_stacks *st,
			  char why[KB_PROFILE_WHYLEN])
{
	struct kb_profile p;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	ret = kb_profile_load(&p, dir, why);
	if (ret)
		return ret;
	f = open_memstream(&text, &len);
	ret = f ? kb_folded_write(&p.folded, f) : -ENOMEM;
	if (f && fclose(f) && !ret)
		ret = -ENOMEM;
	kb_profile_free(&p);
	if (!ret && len) {
		f = fmemopen(text, len, "r");
		ret = f ? read_folded(st, f, dir, why) : -ENOMEM;
		if (f)
			fclose(f);
	}
	free(text);
	if (ret == -ENOMEM)
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", dir, strerror(-ret));
	return ret;
}

int kb_profile_read_stacks(const char *dir, struct kb_stacks *st,
			   char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/stacks.folded", dir);
	f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return rebuild_stacks(dir, st, why);
	if (!f) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = read_folded(st, f, path, why);
	fclose(f);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "profile.h"
#include "samples.h"

/* Copies SRC to DST; false when SRC cannot be read (the process is gone). */
static bool copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "r"), *out;
	char buf[8192];
	size_t n;
	bool ok = true;

	if (!in)
		return false;
	out = fopen(dst, "w");
	if (!out) {
		fclose(in);
		return false;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ok &= fwrite(buf, 1, n, out) == n;
	ok &= !ferror(in);
	fclose(in);
	ok &= fclose(out) == 0;
	return ok;
}

int kb_profile_capture_proc(const char *dir, uint32_t pid)
{
	char src[64], dst[4096];

	snprintf(dst, sizeof(dst), "%s/procs", dir);
	if (mkdir(dst, 0755) && errno != EEXIST)
		return -errno;
	snprintf(src, sizeof(src), "/proc/%" PRIu32 "/comm", pid);
	snprintf(dst, sizeof(dst), "%s/procs/%" PRIu32 ".comm", dir, pid);
	if (!copy_file(src, dst))
		return -ESRCH;
	snprintf(src, sizeof(src), "/proc/%" PRIu32 "/maps", pid);
	snprintf(dst, sizeof(dst), "%s/procs/%" PRIu32 ".maps", dir, pid);
	return copy_file(src, dst) ? 0 : -ESRCH;
}

static int load_proc(struct kb_profile *p, const char *dir, uint32_t pid)
{
	char path[4096], comm[64] = "";
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/procs/%" PRIu32 ".comm", dir, pid);
	f = fopen(path, "r");
	if (!f)
		return 0;	/* never captured: frames keep their addresses */
	if (fgets(comm, sizeof(comm), f))
		comm[strcspn(comm, "\n")] = 0;
	fclose(f);
	snprintf(path, sizeof(path), "%s/procs/%" PRIu32 ".maps", dir, pid);
	f = fopen(path, "r");
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

// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "folded.h"
#include "ksyms.h"
#include "profile.h"
#include "store.h"
#include "model/samples.h"
#include "util/fileio.h"

/* --- writing, as a recording goes --- */

int kb_profile_create(const char *dir, FILE **raw, char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	int ret;

	*raw = NULL;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "cannot create %s: %s", dir,
			 strerror(errno));
		return ret;
	}
	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	*raw = fopen(path, "w");
	if (*raw && !kb_raw_write_header(*raw))
		return 0;
	ret = errno ? -errno : -EIO;
	snprintf(why, KB_PROFILE_WHYLEN, "cannot write %s: %s", path,
		 strerror(-ret));
	if (*raw)
		fclose(*raw);
	*raw = NULL;
	return ret;
}

/* Reads all of PATH (a /proc file: its size says nothing) into *BUF. */
static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1 << 20, n;
	char *b = NULL, *p;
	int ret = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -errno;
	for (;;) {
		p = realloc(b, cap);
		if (!p) {
			ret = -ENOMEM;
			break;
		}
		b = p;
		n = fread(b + *len, 1, cap - *len, f);
		*len += n;
		if (*len < cap)
			break;
		cap *= 2;
	}
	if (!ret && ferror(f))
		ret = -EIO;
	fclose(f);
	if (ret)
		free(b);
	*buf = ret ? NULL : b;
	return ret;
}

/* Where this process's vDSO is mapped, from its maps. 0 or -ENOENT. */
static int vdso_range(uint64_t *start, uint64_t *end)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f))
		if (strstr(line, " [vdso]") &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64, start, end) == 2 && *end > *start)
			ret = 0;
	fclose(f);
	return ret;
}

int kb_profile_save_system(const char *dir, const char *store,
			   char why[KB_PROFILE_WHYLEN])
{
	struct kb_store_file ks = { .suffix = "" }, vd = { "vdso-", ".so" };
	char prefix[128], *buf;
	uint64_t start, end;
	struct utsname u;
	size_t len;
	int ret;

	uname(&u);
	snprintf(prefix, sizeof(prefix), "kallsyms-%s-", u.release);
	ks.prefix = prefix;
	ret = slurp("/proc/kallsyms", &buf, &len);
	if (ret) {
		snprintf(why, KB_PROFILE_WHYLEN, "cannot save /proc/kallsyms: %s",
			 strerror(-ret));
		return ret;
	}
	ret = kb_store_put(dir, "kallsyms", store, &ks, buf, len, why,
			   KB_PROFILE_WHYLEN);
	free(buf);
	/* Every process of this kernel maps the same vDSO: ours will do. */
	if (!ret && !vdso_range(&start, &end))
		ret = kb_store_put(dir, "vdso.so", store, &vd,
				   (const void *)(uintptr_t)start, end - start,
				   why, KB_PROFILE_WHYLEN);
	return ret;
}

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

int kb_profile_write_proc(const char *dir, uint32_t pid,
			  const struct kb_procmaps *pm)
{
	FILE *f = kb_profile_proc_open(dir, pid, "comm", "w");
	int ret;

	if (!f)
		return -errno;
	fprintf(f, "%s\n", pm->comm);
	if (fclose(f))
		return -EIO;
	f = kb_profile_proc_open(dir, pid, "maps", "w");
	if (!f)
		return -errno;
	ret = kb_procmaps_write(pm, f);
	if (fclose(f))
		ret = -EIO;
	return ret;
}

int kb_profile_read_proc(const char *dir, uint32_t pid,
			 struct kb_procmaps *pm)
{
	FILE *maps, *comm;
	int ret = 0;

	memset(pm, 0, sizeof(*pm));
	maps = kb_profile_proc_open(dir, pid, "maps", "r");
	comm = kb_profile_proc_open(dir, pid, "comm", "r");
	if (!maps && !comm)
		return -ENOENT;
	if (maps) {
		ret = kb_procmaps_read(pm, maps);
		fclose(maps);
	}
	if (comm) {
		if (fgets(pm->comm, sizeof(pm->comm), comm))
			pm->comm[strcspn(pm->comm, "\n")] = 0;
		fclose(comm);
	}
	if (ret)
		kb_procmaps_free(pm);
	return ret;
}

static int write_stacks(FILE *f, void *st)
{
	return kb_stacks_write(st, f);
}

int kb_profile_write_stacks(const char *dir, struct kb_stacks *st,
			    char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	int ret = kb_stacks_sort(st);

	snprintf(path, sizeof(path), "%s/stacks.folded", dir);
	if (!ret)
		ret = kb_write_atomic(path, write_stacks, st);
	if (ret)
		snprintf(why, KB_PROFILE_WHYLEN, "cannot write %s: %s", path,
			 strerror(-ret));
	return ret;
}

/* --- reading back --- */

/* Loads DIR/kallsyms into KS. 0 or -errno with WHY. */
static int load_kallsyms(const char *dir, struct kb_ksyms *ks,
			 char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = kb_ksyms_load(ks, f);
	fclose(f);
	if (ret)
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, ret == -EACCES ?
			 "addresses are hidden (kptr_restrict); record as root" :
			 strerror(-ret));
	return ret;
}

/* Reads DIR/samples.raw whole into *BUF. 0 or -errno with WHY. */
static int load_raw(const char *dir, void **buf, size_t *len,
		    char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = kb_raw_read(f, buf, len);
	fclose(f);
	if (ret)
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, ret == -EPROTO ?
			 "not a kbench raw sample file" : strerror(-ret));
	return ret;
}

/* DIR's vDSO image, when it has one (profiles from before it do not). */
static int set_vdso(struct kb_folded *fo, const char *dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/vdso.so", dir);
	return access(path, R_OK) ? 0 : kb_folded_set_vdso(fo, path);
}

struct load_ctx {
	struct kb_folded fo;
	struct kb_profile_info info;
	const char *dir;
};

/* Gives the symbolizer PID's name and mappings, as DIR/procs has them. */
static int load_proc(struct load_ctx *ctx, uint32_t pid)
{
	char comm[64] = "";
	FILE *f;
	int ret;

	f = kb_profile_proc_open(ctx->dir, pid, "comm", "r");
	if (!f)
		return 0;	/* never captured: frames keep their addresses */
	if (fgets(comm, sizeof(comm), f))
		comm[strcspn(comm, "\n")] = 0;
	fclose(f);
	f = kb_profile_proc_open(ctx->dir, pid, "maps", "r");
	ret = kb_folded_add_proc(&ctx->fo, pid, comm, f);
	if (f)
		fclose(f);
	return ret;
}

/* Symbolizes and counts the records of BUF. 0 or -errno. */
static int add_samples(struct load_ctx *ctx, const void *buf, size_t len)
{
	const struct kbench_sample *s;
	size_t off = 0;
	int ret = 0;

	while (!ret && (s = kb_samples_next(buf, len, &off, &ret))) {
		if (s->context != KBENCH_CTX_IDLE && !kb_folded_proc(&ctx->fo, s->pid))
			ret = load_proc(ctx, s->pid);
		if (!ret) {
			ctx->info.by_context[s->context]++;
			ret = kb_folded_add(&ctx->fo, s);
		}
	}
	return ret;
}

int kb_profile_load(const char *dir, struct kb_stacks *st,
		    struct kb_profile_info *info, char why[KB_PROFILE_WHYLEN])
{
	struct load_ctx ctx = { .dir = dir };
	struct kb_ksyms ks = { 0 };
	void *buf = NULL;
	size_t len;
	int ret;

	ret = load_kallsyms(dir, &ks, why);
	if (ret)
		return ret;
	ret = kb_folded_init(&ctx.fo, &ks, st);
	if (!ret)
		ret = set_vdso(&ctx.fo, dir);
	if (!ret)
		ret = load_raw(dir, &buf, &len, why);
	else
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", dir, strerror(-ret));
	if (!buf)
		goto out;
	ret = add_samples(&ctx, buf, len);
	if (ret)
		snprintf(why, KB_PROFILE_WHYLEN, "%s/samples.raw: %s", dir,
			 ret == -EPROTO ? "malformed sample record" : strerror(-ret));
	ctx.info.samples = ctx.fo.samples;
	ctx.info.user_cut = ctx.fo.user_cut;
	ctx.info.dwarf = ctx.fo.dwarf;
	if (info)
		*info = ctx.info;
out:
	free(buf);
	kb_folded_free(&ctx.fo);
	kb_ksyms_free(&ks);
	return ret;
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

int kb_profile_read_stacks(const char *dir, struct kb_stacks *st,
			   char why[KB_PROFILE_WHYLEN])
{
	char path[4200];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/stacks.folded", dir);
	f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return kb_profile_load(dir, st, NULL, why);
	if (!f) {
		ret = -errno;
		snprintf(why, KB_PROFILE_WHYLEN, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = read_folded(st, f, path, why);
	fclose(f);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kbench report: folded stacks in memory, self/total arithmetic, severity
 * bands, the category table, the flamegraph SVG (parsed with libxml2), the
 * gnuplot charts and the command on fixture directories.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "helpers.h"
#include "analysis/categories.h"
#include "render/charts.h"
#include "cmd/commands.h"
#include "render/flamegraph.h"
#include "analysis/fstats.h"
#include "analysis/hotspots.h"
#include "model/samples.h"
#include "model/stacks.h"

#define REC FIXTURES "/report/record"
#define RUN FIXTURES "/report/run"

static int read_stacks(struct kb_stacks *st, const char *text, size_t *line)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = kb_stacks_read(st, f, line);
	fclose(f);
	return ret;
}

static char *write_stacks(const struct kb_stacks *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(kb_stacks_write(st, f), 0);
	fclose(f);
	return text;
}

static void stacks_merge_sort_round_trip(void **state)
{
	const char *canonical =
		"a;b 1\n"
		"a;b;c 4\n"
		"a;b;d_[k] 2\n"
		"b 7\n"
		"x;func [mod]_[k] 3\n";
	struct kb_stacks st, more;
	size_t line;
	char *out;

	(void)state;
	kb_stacks_init(&st);
	/* Unsorted, duplicated, CRLF and blank lines: merged as read. */
	assert_int_equal(read_stacks(&st, "b 3\r\na;b;c 1\n\na;b;d_[k] 2\n"
				     "x;func [mod]_[k] 3\na;b;c 3\nb 4\na;b 1\n", &line), 0);
	assert_int_equal(st.n, 5);
	assert_int_equal(st.samples, 17);
	assert_int_equal(kb_stacks_sort(&st), 0);
	out = write_stacks(&st);
	assert_string_equal(out, canonical);
	free(out);

	/* The canonical text reads back to itself. */
	kb_stacks_init(&more);
	assert_int_equal(read_stacks(&more, canonical, &line), 0);
	assert_int_equal(kb_stacks_sort(&more), 0);
	out = write_stacks(&more);
	assert_string_equal(out, canonical);
	free(out);

	/* Adding a set to itself doubles every count. */
	assert_int_equal(kb_stacks_add(&st, &more), 0);
	assert_int_equal(st.n, 5);
	assert_int_equal(st.samples, 34);
	assert_int_equal(kb_stacks_sort(&st), 0);
	out = write_stacks(&st);
	assert_string_equal(out, "a;b 2\na;b;c 8\na;b;d_[k] 4\nb 14\nx;func [mod]_[k] 6\n");
	free(out);
	assert_true(kb_stacks_lookup(&st, "func [mod]_[k]", 14) >= 0);
	assert_int_equal(kb_stacks_lookup(&st, "func", 4), -1);
	kb_stacks_free(&more);
	kb_stacks_free(&st);
}

static void stacks_malformed(void **state)
{
	struct kb_stacks st;
	size_t line;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(read_stacks(&st, "a;b 1\na;b\n", &line), -EPROTO);
	assert_int_equal(line, 2);
	assert_int_equal(read_stacks(&st, "a;b 1\n\na 12x\n", &line), -EPROTO);
	assert_int_equal(line, 3);
	assert_int_equal(read_stacks(&st, " 5\n", &line), -EPROTO);
	kb_stacks_free(&st);
}

/* The hotspots of the record fixture, as `kbench report` computes them. */
static void load_fixture(struct kb_stacks *st, struct kb_fstats *fs)
{
	FILE *f = fopen(REC "/stacks.folded", "r");
	size_t line;
	char *text;

	assert_non_null(f);
	kb_stacks_init(st);
	assert_int_equal(kb_stacks_read(st, f, &line), 0);
	fclose(f);
	assert_int_equal(kb_stacks_sort(st), 0);
	text = write_stacks(st);
	f = fmemopen(text, strlen(text), "r");
	assert_int_equal(kb_fstats_read(fs, f, &line), 0);
	fclose(f);
	free(text);
}

static void hotspot_arithmetic(void **state)
{
	struct kb_bands b;
	struct kb_stacks st;
	struct kb_fstats fs;
	struct kb_hotspot *h, *x;
	size_t n;

	(void)state;
	load_fixture(&st, &fs);
	assert_int_equal(fs.samples, 100);
	kb_bands_from_threshold(&b, KB_THRESHOLD_DEFAULT);
	assert_int_equal(kb_hotspots_find(&fs, &st, &b, NULL, &h, &n), 0);
	/* helper (3 %) and the rest are under 5 %. */
	assert_int_equal(n, 4);
	assert_string_equal(h[0].frame, "clear_user_[k]");
	assert_string_equal(h[0].func, "clear_user");
	assert_true(h[0].kernel);
	assert_int_equal(h[0].self, 50);
	assert_int_equal(h[0].total, 50);
	assert_int_equal(h[0].severity, KB_SEV_CRITICAL);
	assert_int_equal(h[0].category, KB_CAT_COPY);
	assert_string_equal(h[1].func, "_raw_spin_lock");
	assert_int_equal(h[1].severity, KB_SEV_HIGH);
	assert_int_equal(h[1].category, KB_CAT_LOCKING);
	/* vfs_read: 10 self, 60 total (its own 10 and clear_user's 50). */
	assert_string_equal(h[2].func, "vfs_read");
	assert_int_equal(h[2].self, 10);
	assert_int_equal(h[2].total, 60);
	assert_true(h[2].self_pct > 9.999 && h[2].self_pct < 10.001);
	assert_true(h[2].total_pct > 59.999 && h[2].total_pct < 60.001);
	assert_int_equal(h[2].severity, KB_SEV_MEDIUM);
	assert_int_equal(h[2].category, KB_CAT_FS);
	assert_string_equal(h[3].frame, "work");
	assert_false(h[3].kernel);
	assert_int_equal(h[3].severity, KB_SEV_LOW);
	assert_int_equal(h[3].category, KB_CAT_USER);
	free(h);

	/* A lower threshold reports more, with other bands. */
	kb_bands_from_threshold(&b, 2);
	assert_int_equal(kb_hotspots_find(&fs, &st, &b, NULL, &h, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(h[3].severity, KB_SEV_HIGH);	/* work: 8 % >= 8 */
	/* kworker_fn ties with a<b>&"c" (2 self, 2 total): either order. */
	x = !strcmp(h[5].frame, "kworker_fn [kbench]_[k]") ? &h[5] : &h[6];
	assert_string_equal(x->frame, "kworker_fn [kbench]_[k]");
	assert_string_equal(x->func, "kworker_fn");
	assert_string_equal(x->module, "kbench");
	assert_true(x->kernel);
	x = x == &h[5] ? &h[6] : &h[5];
	assert_string_equal(x->frame, "a<b>&\"c\"");
	assert_string_equal(x->module, "");
	free(h);
	kb_fstats_free(&fs);
	kb_stacks_free(&st);
}

static void severity_bands(void **state)
{
	static const struct { double pct; enum kb_severity want; } cases[] = {
		{ 0, KB_SEV_NONE }, { 4.99, KB_SEV_NONE }, { 5, KB_SEV_LOW },
		{ 9.99, KB_SEV_LOW }, { 10, KB_SEV_MEDIUM }, { 19.9, KB_SEV_MEDIUM },
		{ 20, KB_SEV_HIGH }, { 39.9, KB_SEV_HIGH }, { 40, KB_SEV_CRITICAL },
		{ 100, KB_SEV_CRITICAL },
	};
	struct kb_bands b;

	(void)state;
	kb_bands_from_threshold(&b, KB_THRESHOLD_DEFAULT);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(kb_severity_of(cases[i].pct, &b), cases[i].want);
	assert_string_equal(kb_severity_name(KB_SEV_CRITICAL), "critical");
	assert_string_equal(kb_severity_name(KB_SEV_LOW), "low");

	assert_int_equal(kb_bands_parse(&b, "1,2.5,3,50"), 0);
	assert_true(b.medium == 2.5 && b.critical == 50);
	assert_int_equal(kb_severity_of(2.9, &b), KB_SEV_MEDIUM);
	assert_int_equal(kb_bands_parse(&b, "1,2,3"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "1,2,2,4"), -EINVAL);	/* not increasing */
	assert_int_equal(kb_bands_parse(&b, "1,2,3,101"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "1,2,3,4,"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "a,2,3,4"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "1,,3,4"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "1,2,3,4,5"), -EINVAL);
	assert_int_equal(kb_bands_parse(&b, "1,2,3,nan"), -EINVAL);
}

static void category_table(void **state)
{
	static const struct { const char *frame; enum kb_category want; } cases[] = {
		{ "kmalloc_[k]", KB_CAT_ALLOC }, { "__kmalloc_node_[k]", KB_CAT_ALLOC },
		{ "kmem_cache_alloc_lru_[k]", KB_CAT_ALLOC }, { "__alloc_pages_[k]", KB_CAT_ALLOC },
		{ "malloc", KB_CAT_ALLOC }, { "_int_malloc", KB_CAT_ALLOC },
		{ "native_queued_spin_lock_slowpath_[k]", KB_CAT_LOCK },
		{ "_raw_spin_lock_irqsave_[k]", KB_CAT_LOCKING }, { "mutex_lock_[k]", KB_CAT_LOCKING },
		{ "__mutex_lock.constprop.0_[k]", KB_CAT_LOCK },
		{ "rwsem_down_read_slowpath_[k]", KB_CAT_LOCK }, { "__lll_lock_wait", KB_CAT_LOCK },
		/* Where interrupts come back on: an artefact as the leaf. */
		{ "_raw_spin_unlock_irqrestore_[k]", KB_CAT_IRQ_ON },
		{ "_raw_spin_unlock_irq_[k]", KB_CAT_IRQ_ON },
		{ "finish_task_switch.isra.0_[k]", KB_CAT_IRQ_ON },
		/* libc's syscall wrappers are their syscalls. */
		{ "__libc_write", KB_CAT_SYSCALL }, { "__pwrite", KB_CAT_SYSCALL },
		{ "__GI___libc_read", KB_CAT_SYSCALL }, { "__open64_nocancel", KB_CAT_SYSCALL },
		{ "fstatat64", KB_CAT_SYSCALL },
		{ "copy_user_enhanced_fast_string_[k]", KB_CAT_COPY },
		{ "rep_movs_alternative_[k]", KB_CAT_COPY }, { "memcpy", KB_CAT_COPY },
		{ "__memcpy_avx_unaligned_erms", KB_CAT_COPY }, { "memset_erms_[k]", KB_CAT_COPY },
		{ "clear_user_[k]", KB_CAT_COPY },
		{ "entry_SYSCALL_64_after_hwframe_[k]", KB_CAT_SYSCALL },
		{ "do_syscall_64_[k]", KB_CAT_SYSCALL },
		{ "syscall_exit_to_user_mode_[k]", KB_CAT_SYSCALL },
		{ "asm_exc_page_fault_[k]", KB_CAT_FAULT }, { "handle_mm_fault_[k]", KB_CAT_FAULT },
		{ "blk_mq_submit_bio_[k]", KB_CAT_BLOCK }, { "virtblk_queue_rq [virtio_blk]_[k]", KB_CAT_BLOCK },
		{ "submit_bio_noacct_[k]", KB_CAT_BLOCK },
		{ "ext4_file_write_iter [ext4]_[k]", KB_CAT_FS }, { "vfs_read_[k]", KB_CAT_FS },
		{ "path_openat_[k]", KB_CAT_FS },
		{ "__schedule_[k]", KB_CAT_SCHED }, { "try_to_wake_up_[k]", KB_CAT_SCHED },
		{ "default_idle_[k]", KB_CAT_IDLE }, { "native_safe_halt_[k]", KB_CAT_IDLE },
		{ "tcp_sendmsg_[k]", KB_CAT_NET }, { "__do_softirq_[k]", KB_CAT_IRQ_ON },
		{ "irq_exit_rcu_[k]", KB_CAT_IRQ },
		{ "ktime_get_[k]", KB_CAT_TIME }, { "__clock_gettime", KB_CAT_TIME },
		{ "kbench_spin_user", KB_CAT_OTHER }, { "0xffffffff81234567_[k]", KB_CAT_OTHER },
		/* Only whole names match: no prefix of a longer word. */
		{ "xkmalloc_[k]", KB_CAT_OTHER }, { "freeze_[k]", KB_CAT_OTHER },
		/* A kernel function named like a syscall is no wrapper. */
		{ "write_[k]", KB_CAT_OTHER }, { "__x86_indirect_thunk_rax_[k]", KB_CAT_OTHER },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum kb_category got = kb_category_frame(cases[i].frame, strlen(cases[i].frame));

		if (got != cases[i].want)
			fail_msg("%s: category %s, want %s", cases[i].frame,
				 kb_category_id(got), kb_category_id(cases[i].want));
	}
	for (int c = 0; c < KB_CAT_COUNT; c++) {
		assert_true(strlen(kb_category_name(c)) > 0);
		assert_true(strlen(kb_category_name(c)) <= 23);	/* the table's column */
		/* Advice only where a pattern supports one. */
		if (c == KB_CAT_OTHER || c == KB_CAT_USER)
			assert_null(kb_category_advice(c));
		else
			assert_true(strlen(kb_category_advice(c)) > 20);
	}
	assert_string_equal(kb_category_name(KB_CAT_LOCK), "lock contention");
	assert_string_equal(kb_category_id(KB_CAT_ALLOC), "alloc");
}

static enum kb_category stack_cat(const char *const *frames, size_t n)
{
	size_t lens[16];

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(frames[i]);
	return kb_category_stack(frames, lens, n, NULL);
}

static void category_from_callers(void **state)
{
	const char *own[] = { "app", "main", "vfs_read_[k]", "memcpy_orig_[k]" };
	const char *caller[] = { "app", "do_syscall_64_[k]", "vfs_read_[k]", "helper_[k]" };
	const char *inner[] = { "app", "do_syscall_64_[k]", "ext4_read [ext4]_[k]",
				"mystery_[k]", "mystery2_[k]" };
	const char *user[] = { "app", "main", "compute" };
	const char *under_malloc[] = { "app", "main", "malloc", "sbrk_helper" };
	const char *kernel[] = { "app", "mystery_[k]" };
	const char *swapper[] = { "swapper", "0xffffffff81000000_[k]" };
	const char *func, *mod;
	size_t len, modlen;
	bool k;

	(void)state;
	assert_int_equal(stack_cat(own, 4), KB_CAT_COPY);
	assert_int_equal(stack_cat(caller, 4), KB_CAT_FS);
	/* The innermost caller with a category decides. */
	assert_int_equal(stack_cat(inner, 5), KB_CAT_FS);
	assert_int_equal(stack_cat(user, 3), KB_CAT_USER);
	assert_int_equal(stack_cat(under_malloc, 4), KB_CAT_ALLOC);
	assert_int_equal(stack_cat(kernel, 2), KB_CAT_OTHER);
	assert_int_equal(stack_cat(swapper, 2), KB_CAT_IDLE);

	func = kb_frame_func("f [mod]_[k]", 11, &len, &k, &mod, &modlen);
	assert_true(k);
	assert_int_equal(len, 1);
	assert_memory_equal(func, "f", 1);
	assert_int_equal(modlen, 3);
	assert_memory_equal(mod, "mod", 3);
	kb_frame_func("libc.so.6+0x1234", 16, &len, &k, &mod, &modlen);
	assert_false(k);
	assert_null(mod);
	assert_int_equal(len, 16);
}

/* Counts elements named NAME with class CLASS (or any, when NULL). */
static size_t count_elems(xmlNode *n, const char *name, const char *class)
{
	size_t c = 0;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name)) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");

			if (!class || (v && !strcmp((const char *)v, class)))
				c++;
			xmlFree(v);
		}
		c += count_elems(n->children, name, class);
	}
	return c;
}

/* Whether some <title> starts with TEXT. */
static bool has_title(xmlNode *n, const char *text)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "title")) {
			xmlChar *t = xmlNodeGetContent(n);
			bool ok = t && !strncmp((const char *)t, text, strlen(text));

			xmlFree(t);
			if (ok)
				return true;
		}
		if (has_title(n->children, text))
			return true;
	}
	return false;
}

static xmlDoc *parse_strict(const char *text, size_t len)
{
	return xmlReadMemory(text, (int)len, "flame.svg", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void describe(const struct kb_flame *fl, size_t node, char *buf,
		     size_t len, void *arg)
{
	(void)arg;
	if (node == 1)
		snprintf(buf, len, "+5 <grown> & \"more\" in %s", kb_flame_name(fl, node));
}

static void flamegraph_layout_and_svg(void **state)
{
	struct kb_stacks st;
	struct kb_flame fl;
	struct kb_flame_opts o = { .title = "t <&> \"q\"", .subtitle = "s'", .describe = describe };
	char *svg = NULL;
	size_t len = 0, line, a, b;
	xmlDoc *doc;
	FILE *f;

	(void)state;
	kb_stacks_init(&st);
	assert_int_equal(read_stacks(&st,
		"app;main;a<b>&\"c\"'d 3\n"
		"app;main;work 5\n"
		"app;main 2\n"
		"app;main;work;read_[k] 10\n"
		"other;bad\xff\x01utf8 1\n", &line), 0);
	assert_int_equal(kb_stacks_sort(&st), 0);
	assert_int_equal(kb_flame_build(&fl, &st), 0);
	assert_int_equal(fl.total, 21);
	assert_int_equal(fl.max_depth, 4);
	/* all, app, main, a<b>..., work, read, other, bad... */
	assert_int_equal(fl.nn, 8);
	assert_int_equal(fl.n[0].w, 21);
	assert_int_equal(fl.n[0].end, 8);
	a = kb_flame_child(&fl, 0, "app");
	assert_int_equal(a, 1);
	assert_int_equal(fl.n[a].w, 20);
	b = kb_flame_child(&fl, kb_flame_child(&fl, a, "main"), "work");
	assert_true(b != (size_t)-1);
	assert_int_equal(fl.n[b].w, 15);
	assert_int_equal(fl.n[b].self, 5);
	assert_int_equal(fl.n[b].depth, 3);
	/*
	 * Siblings sit side by side in name order, after the parent's own
	 * samples (main's 2): a<b>... at 2, work after its 3 samples.
	 */
	assert_int_equal(fl.n[b].x, 5);
	assert_int_equal(fl.n[kb_flame_child(&fl, 2, "a<b>&\"c\"'d")].x, 2);
	assert_int_equal(kb_flame_child(&fl, 0, "nope"), (size_t)-1);
	b = kb_flame_child(&fl, 0, "other");
	assert_int_equal(fl.n[b].x, 20);

	/* The same path in another profile, as a differential graph needs. */
	{
		struct kb_stacks st2;
		struct kb_flame fl2;
		size_t work = kb_flame_child(&fl, 2, "work"), m;

		kb_stacks_init(&st2);
		assert_int_equal(read_stacks(&st2, "app;main;work;read_[k] 4\n"
					     "app;zzz;work 9\napp;main;new 1\n", &line), 0);
		assert_int_equal(kb_stacks_sort(&st2), 0);
		assert_int_equal(kb_flame_build(&fl2, &st2), 0);
		m = kb_flame_match(&fl, work, &fl2);
		assert_true(m != (size_t)-1);
		assert_string_equal(kb_flame_name(&fl2, m), "work");
		assert_string_equal(kb_flame_name(&fl2, fl2.n[m].parent), "main");
		assert_int_equal(fl2.n[m].w, 4);
		assert_int_equal(kb_flame_match(&fl, 0, &fl2), 0);
		/* a<b>... and other exist only in the first profile. */
		assert_int_equal(kb_flame_match(&fl, 3, &fl2), (size_t)-1);
		assert_int_equal(kb_flame_match(&fl, b, &fl2), (size_t)-1);
		kb_flame_free(&fl2);
		kb_stacks_free(&st2);
	}

	f = open_memstream(&svg, &len);
	assert_int_equal(kb_flame_write(&fl, &o, f), 0);
	fclose(f);
	assert_non_null(strstr(svg, "a&lt;b&gt;&amp;&quot;c&quot;&apos;d"));
	assert_null(strstr(svg, "\xff"));
	doc = parse_strict(svg, len);
	if (!doc)
		fail_msg("the flamegraph is not well-formed XML:\n%s", svg);
	/* Every node is drawn: 21 samples on 1180 pixels. */
	assert_int_equal(count_elems(xmlDocGetRootElement(doc), "g", "f"), 8);
	assert_int_equal(count_elems(xmlDocGetRootElement(doc), "script", NULL), 1);
	assert_true(has_title(xmlDocGetRootElement(doc), "a<b>&\"c\"'d (3 samples, 14.29%)"));
	assert_true(has_title(xmlDocGetRootElement(doc), "all (21 samples, 100.00%)"));
	assert_true(has_title(xmlDocGetRootElement(doc), "app (20 samples, 95.24%)\n+5 <grown> & \"more\" in app"));
	assert_non_null(strstr(svg, "t &lt;&amp;&gt; &quot;q&quot;"));
	xmlFreeDoc(doc);
	free(svg);

	/* Frames narrower than min_width are left out, children with them. */
	o.min_width = 200;
	svg = NULL;
	f = open_memstream(&svg, &len);
	assert_int_equal(kb_flame_write(&fl, &o, f), 0);
	fclose(f);
	doc = parse_strict(svg, len);
	assert_non_null(doc);
	/* all 1180 px, app 1124, main 1124, work 843, read 562; not a<b> 169, other. */
	assert_int_equal(count_elems(xmlDocGetRootElement(doc), "g", "f"), 5);
	xmlFreeDoc(doc);
	free(svg);
	kb_flame_free(&fl);
	kb_stacks_free(&st);
}

static void escape_every_special(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	kb_xml_escape(f, "<>&\"' \xc3\xa9\x02\xc3", 10);
	fclose(f);
	assert_string_equal(out, "&lt;&gt;&amp;&quot;&apos; \xc3\xa9??");
	free(out);
}

static bool exists(const char *dir, const char *name)
{
	char path[1024];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !stat(path, &sb) && sb.st_size > 0;
}

static bool have_gnuplot(void)
{
	return !system("command -v gnuplot > /dev/null 2>&1");
}

static void chart_render(void **state)
{
	char why[512], *dir = tmpdir_new();

	(void)state;
	setenv("KBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(kb_chart_render(dir, "c", "1 2\n2 4\n",
					 "plot datafile using 1:2 with lines", why, sizeof(why)), 1);
	assert_string_equal(why, "gnuplot is not installed");
	assert_true(exists(dir, "c.dat"));
	assert_true(exists(dir, "c.gp"));
	assert_false(exists(dir, "c.png"));
	unsetenv("KBENCH_GNUPLOT");
	if (!have_gnuplot()) {
		tmpdir_remove(dir);
		skip();
	}
	assert_int_equal(kb_chart_render(dir, "c", "1 2\n2 4\n",
					 "plot datafile using 1:2 with lines", why, sizeof(why)), 0);
	assert_true(exists(dir, "c.png"));
	assert_true(exists(dir, "c.svg"));
	assert_int_equal(kb_chart_render(dir, "bad", "1 2\n",
					 "plot datafile using 1:2 with nosuchstyle", why, sizeof(why)), -EIO);
	assert_non_null(strstr(why, "bad.gp: gnuplot failed: "));
	assert_int_equal(kb_chart_render("/nonexistent/dir", "c", "", "", why, sizeof(why)), -ENOENT);
	tmpdir_remove(dir);
}

/* Runs `kbench report ARGS...` quietly; returns its exit status. */
static int report(const char *first, ...)
{
	char *argv[16] = { "report" };
	int argc = 1;
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	optind = 0;
	return run_quiet(cmd_report, argc, argv);
}

static json_t *load_json(const char *dir, const char *name)
{
	char path[1024];
	json_error_t e;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	j = json_load_file(path, 0, &e);
	if (!j)
		fail_msg("%s: %s", path, e.text);
	return j;
}

static void assert_svg_file(const char *dir, const char *name)
{
	char path[1024];
	xmlDoc *doc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
			  XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	if (!doc)
		fail_msg("%s is not well-formed XML", path);
	xmlFreeDoc(doc);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void command_on_record(void **state)
{
	char *out = tmpdir_new();
	json_t *j, *h;

	(void)state;
	setenv("KBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(report(REC, "-o", out, NULL), 0);
	unsetenv("KBENCH_GNUPLOT");
	j = load_json(out, "report.json");
	assert_string_equal(json_string_value(json_object_get(j, "schema")), "kbench-report/1");
	assert_false(json_is_true(json_object_get(json_object_get(j, "charts"), "rendered")));
	assert_int_equal(json_array_size(json_object_get(j, "benchmarks")), 0);
	h = json_object_get(json_object_get(j, "overall"), "hotspots");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "overall"), "name")),
			    "readzero 1");
	assert_int_equal(json_array_size(h), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "function")),
			    "clear_user_[k]");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "severity")),
			    "critical");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "category")),
			    "copy");
	assert_non_null(json_string_value(json_object_get(json_array_get(h, 0), "recommendation")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(h, 2), "total_samples")), 60);
	json_decref(j);
	assert_svg_file(out, "flamegraph.svg");
	assert_true(exists(out, "report.html"));
	/* Without gnuplot the data and scripts are still written. */
	assert_true(exists(out, "charts/hotspots-overall.dat"));
	assert_true(exists(out, "charts/hotspots-overall.gp"));
	assert_false(exists(out, "charts/hotspots-overall.png"));

	/* --threshold changes what is reported. */
	assert_int_equal(report(REC, "-o", out, "--threshold", "30", "--json", NULL), 0);
	j = load_json(out, "report.json");
	h = json_object_get(json_object_get(j, "overall"), "hotspots");
	assert_int_equal(json_array_size(h), 1);
	json_decref(j);
	tmpdir_remove(out);
}

static void write_raw(const char *dir)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/samples.raw", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(kb_raw_write_header(f), 0);
	/* 10 samples on CPU 0 in the first 100 ms, 5 on CPU 1 in the third. */
	for (int i = 0; i < 15; i++) {
		struct { struct kbench_sample s; uint64_t ip; } r = { 0 };

		r.s.size = sizeof(r);
		r.s.context = KBENCH_CTX_USER;
		r.s.nr_user = 1;
		r.s.cpu = i < 10 ? 0 : 1;
		r.s.pid = r.s.tid = 42;
		r.s.time_ns = 5000000000ULL + (i < 10 ? i * 1000000ULL : 250000000ULL);
		r.ip = 0x400000;
		assert_int_equal(fwrite(&r, sizeof(r), 1, f), 1);
	}
	fclose(f);
}

static void command_on_run_with_charts(void **state)
{
	char *out, *rec, path[1024], line[256];
	json_t *j, *b, *h;
	FILE *f;

	(void)state;
	if (!have_gnuplot())
		skip();
	out = tmpdir_new();
	rec = tmpdir_new();
	assert_int_equal(report(RUN, "-o", out, NULL), 0);
	j = load_json(out, "report.json");
	assert_true(json_is_true(json_object_get(json_object_get(j, "charts"), "rendered")));
	b = json_object_get(j, "benchmarks");
	assert_int_equal(json_array_size(b), 2);
	/* syscall/null aggregates both repetitions: 80 + 120 of 200. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(b, 0), "name")),
			    "syscall/null");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 0), "samples")), 200);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 0), "profiles")), 2);
	h = json_object_get(json_array_get(b, 0), "hotspots");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "function")),
			    "__clock_gettime");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(h, 0), "self_samples")), 120);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "category")), "time");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "category")), "syscall");
	/* Overall: every benchmark's 400 samples. */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "overall"), "samples")), 400);
	json_decref(j);
	assert_svg_file(out, "flamegraph.svg");
	assert_svg_file(out, "flamegraph-syscall-null.svg");
	assert_svg_file(out, "flamegraph-syscall-open.svg");
	assert_true(exists(out, "charts/reps-syscall-null.png"));
	assert_svg_file(out, "charts/reps-syscall-null.svg");
	assert_true(exists(out, "charts/latency-syscall-open.png"));
	assert_true(exists(out, "charts/hotspots-syscall-open.svg"));
	j = load_json(out, "report.json");
	b = json_object_get(json_object_get(j, "charts"), "files");
	assert_true(json_array_size(b) >= 7);
	for (size_t i = 0; i < json_array_size(b); i++) {
		const char *keys[] = { "dat", "gp", "png", "svg" };

		for (size_t k = 0; k < 4; k++)
			assert_true(exists(out, json_string_value(json_object_get(
				json_array_get(b, i), keys[k]))));
	}
	json_decref(j);

	/* A record with raw samples gets a timeline per CPU. */
	snprintf(path, sizeof(path), "%s/stacks.folded", rec);
	write_text(rec, "results.json", "{\"schema\": \"kbench-record/1\", \"command\": null}\n");
	write_text(rec, "stacks.folded", "app;main 15\n");
	write_raw(rec);
	assert_int_equal(report(rec, NULL), 0);
	assert_true(exists(rec, "charts/timeline-overall.png"));
	snprintf(path, sizeof(path), "%s/charts/timeline-overall.dat", rec);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "time_s cpu0 cpu1\n");
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "0.0 100 0\n");	/* 10 samples in 0.1 s */
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "0.1 0 0\n");
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "0.2 0 50\n");
	fclose(f);
	tmpdir_remove(out);
	tmpdir_remove(rec);
}

static void command_on_run_without_some_profiles(void **state)
{
	char *d = tmpdir_new(), path[1024];
	json_error_t e;
	json_t *root, *b;

	(void)state;
	root = json_load_file(RUN "/results.json", 0, &e);
	assert_non_null(root);
	b = json_array_get(json_object_get(root, "benchmarks"), 1);
	json_object_set_new(b, "profile", json_pack("{s:b, s:s}", "enabled", 0,
						    "reason", "disabled with --no-profile"));
	snprintf(path, sizeof(path), "%s/results.json", d);
	assert_int_equal(json_dump_file(root, path, 0), 0);
	json_decref(root);
	snprintf(path, sizeof(path), "%s/profiles", d);
	assert_int_equal(symlink(RUN "/profiles", path), 0);

	setenv("KBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(report(d, NULL), 0);
	unsetenv("KBENCH_GNUPLOT");
	root = load_json(d, "report.json");
	b = json_object_get(root, "benchmarks");
	assert_true(json_is_true(json_object_get(json_array_get(b, 0), "profiled")));
	assert_false(json_is_true(json_object_get(json_array_get(b, 1), "profiled")));
	assert_int_equal(json_array_size(json_object_get(json_array_get(b, 1), "hotspots")), 0);
	assert_true(json_is_null(json_object_get(json_array_get(b, 1), "flamegraph")));
	/* The overall group holds only the profiled benchmark. */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "overall"),
							    "samples")), 200);
	json_decref(root);
	assert_true(exists(d, "flamegraph-syscall-null.svg"));
	assert_false(exists(d, "flamegraph-syscall-open.svg"));
	/* Its repetitions are still charted (data and script, no gnuplot). */
	assert_true(exists(d, "charts/reps-syscall-open.gp"));
	tmpdir_remove(d);
}

static void command_refuses_bad_input(void **state)
{
	char *d = tmpdir_new(), path[1024];

	(void)state;
	assert_int_equal(report(NULL), 2);
	assert_int_equal(report(d, d, NULL), 2);
	assert_int_equal(report(d, "--threshold", "0", NULL), 2);
	assert_int_equal(report(d, "--bands", "5,4,3,2", NULL), 2);
	/* No results.json, not JSON, an unknown schema. */
	assert_int_equal(report(d, NULL), 2);
	write_text(d, "results.json", "{ nope");
	assert_int_equal(report(d, NULL), 2);
	write_text(d, "results.json", "{\"schema\": \"kbench-record/9\"}");
	assert_int_equal(report(d, NULL), 2);
	write_text(d, "results.json", "{\"schema\": \"kbench-run/2\"}");
	assert_int_equal(report(d, NULL), 2);
	/* A record whose folded stacks are malformed, or missing altogether. */
	write_text(d, "results.json", "{\"schema\": \"kbench-record/1\"}");
	write_text(d, "stacks.folded", "a;b 1\nno count\n");
	assert_int_equal(report(d, NULL), 2);
	assert_false(exists(d, "report.json"));
	snprintf(path, sizeof(path), "%s/stacks.folded", d);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(report(d, NULL), 2);	/* no kallsyms to rebuild from */
	tmpdir_remove(d);
}

static char *read_all(const char *dir, const char *name)
{
	char path[1024], *text = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	m = open_memstream(&text, &len);
	assert_non_null(m);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return text;
}

/* Counts, the summary and latency percentiles read as numbers for people. */
static void command_prints_human_numbers(void **state)
{
	static char out[16384], err[16384];
	char *d = tmpdir_new(), *o = tmpdir_new(), *html;
	char *argv[] = { "report", d, NULL };

	(void)state;
	write_text(d, "results.json", "{\"schema\": \"kbench-record/1\", "
		   "\"command\": [\"readzero\", \"1\"]}\n");
	write_text(d, "stacks.folded", "readzero;main 250000\n"
		   "readzero;read;clear_user_[k] 50000\n");
	setenv("KBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	optind = 0;
	assert_int_equal(run_captured(cmd_report, 2, argv, out, err, sizeof(out)), 0);
	assert_non_null(strstr(out, "readzero 1: 300k samples in 1 profile\n"));
	assert_non_null(strstr(out, "  critical   83.3   83.3     250k  user code               main\n"));
	assert_non_null(strstr(out, "    50000  memory copy "));
	assert_null(strstr(out, "250000"));	/* exact below 100000 only */
	html = read_all(d, "report.html");
	assert_non_null(strstr(html, "300k samples, 2 distinct stacks, 1 profile<"));
	assert_non_null(strstr(html, "<td class=\"num\">250k</td>"));
	free(html);

	/* A run's summary in its unit, its percentiles with units. */
	assert_int_equal(report(RUN, "-o", o, NULL), 0);
	unsetenv("KBENCH_GNUPLOT");
	html = read_all(o, "report.html");
	assert_non_null(strstr(html, "<td class=\"num\">1.97 µs/op</td>"));
	assert_non_null(strstr(html, "<td class=\"num\">19.5 ns/op</td>"));
	assert_non_null(strstr(html, "p50 1.79 µs, p90 1.85 µs, p99 2.94 µs, p99.9 31.6 µs, "
			       "max 4.35 ms over 1.01M operations"));
	assert_null(strstr(html, "1014816"));
	assert_null(strstr(html, "e+0"));
	free(html);
	/* report.json keeps the exact values. */
	html = read_all(o, "report.json");
	assert_non_null(strstr(html, "\"self_samples\": 120"));
	free(html);
	tmpdir_remove(d);
	tmpdir_remove(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stacks_merge_sort_round_trip),
		cmocka_unit_test(stacks_malformed),
		cmocka_unit_test(hotspot_arithmetic),
		cmocka_unit_test(severity_bands),
		cmocka_unit_test(category_table),
		cmocka_unit_test(category_from_callers),
		cmocka_unit_test(flamegraph_layout_and_svg),
		cmocka_unit_test(escape_every_special),
		cmocka_unit_test(chart_render),
		cmocka_unit_test(command_on_record),
		cmocka_unit_test(command_on_run_with_charts),
		cmocka_unit_test(command_on_run_without_some_profiles),
		cmocka_unit_test(command_refuses_bad_input),
		cmocka_unit_test(command_prints_human_numbers),
	};
	int ret = cmocka_run_group_tests_name("report", tests, NULL, NULL);

	xmlCleanupParser();
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/* The kernel's memory auto-init settings, from the boot log or config. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "capture/kfacts.h"

static const char log_6_1[] =
	"<6>[    0.000000] Linux version 6.1.0-57-amd64 ...\n"
	"<6>[    0.081234] mem auto-init: stack:all(zero), heap alloc:on, heap free:off\n"
	"<6>[    0.090000] Memory: 981452K/1048056K available\n";

static const char config[] =
	"\n#\n# Memory initialization\n#\n"
	"CONFIG_INIT_STACK_ALL_ZERO=y\n"
	"CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y\n"
	"# CONFIG_INIT_ON_FREE_DEFAULT_ON is not set\n";

/* The boot log says what the running kernel chose: it wins. */
static void boot_log_decides(void **state)
{
	struct kb_kernel_facts kf;

	(void)state;
	kb_kfacts_parse(&kf, log_6_1, "root=/dev/vda init_on_alloc=0", config);
	assert_int_equal(kf.init_on_alloc, 1);
	assert_int_equal(kf.init_on_free, 0);
	assert_string_equal(kf.source, "boot log");
}

/* Without it, the config, then the command line over it. */
static void config_then_command_line(void **state)
{
	struct kb_kernel_facts kf;

	(void)state;
	kb_kfacts_parse(&kf, "<6>[0.0] nothing of the kind\n", "quiet", config);
	assert_int_equal(kf.init_on_alloc, 1);
	assert_int_equal(kf.init_on_free, 0);
	assert_string_equal(kf.source, "config");
	kb_kfacts_parse(&kf, NULL, "quiet init_on_alloc=0 xinit_on_free=1", config);
	assert_int_equal(kf.init_on_alloc, 0);
	assert_int_equal(kf.init_on_free, 0);
	assert_string_equal(kf.source, "config, command line");
	kb_kfacts_parse(&kf, NULL, "init_on_free=1", NULL);
	assert_int_equal(kf.init_on_alloc, -1);
	assert_int_equal(kf.init_on_free, 1);
	assert_string_equal(kf.source, "command line");
}

/* Nothing to go by: unknown, from nowhere. */
static void unknown_without_sources(void **state)
{
	struct kb_kernel_facts kf;

	(void)state;
	kb_kfacts_parse(&kf, NULL, "quiet", "\nCONFIG_FOO=y\n");
	assert_int_equal(kf.init_on_alloc, -1);
	assert_int_equal(kf.init_on_free, -1);
	assert_string_equal(kf.source, "");
	/* The running system: whatever it says, a valid answer. */
	kb_kfacts_read(&kf);
	assert_true(kf.init_on_alloc >= -1 && kf.init_on_alloc <= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_log_decides),
		cmocka_unit_test(config_then_command_line),
		cmocka_unit_test(unknown_without_sources),
	};

	return cmocka_run_group_tests_name("kfacts", tests, NULL, NULL);
}

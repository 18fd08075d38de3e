// SPDX-License-Identifier: GPL-2.0
/* Summary statistics against values computed by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/summary.h"

#define near(a, b) assert_true((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

static void test_even(void **state)
{
	/* mean 5, deviations^2 sum 32, sample variance 32/7 */
	const double v[] = { 9, 2, 4, 4, 5, 4, 5, 7 };
	struct kb_summary s;

	(void)state;
	kb_summarize(v, 8, &s);
	assert_int_equal(s.n, 8);
	near(s.mean, 5);
	near(s.median, 4.5);
	near(s.stddev, 2.1380899352993950);	/* sqrt(32 / 7) */
	near(s.cov_pct, 42.761798705987900);
	near(s.min, 2);
	near(s.max, 9);
	near(v[0], 9);			/* input untouched */
}

static void test_odd(void **state)
{
	const double v[] = { 10.5, 9.5, 10 };
	struct kb_summary s;

	(void)state;
	kb_summarize(v, 3, &s);
	near(s.mean, 10);
	near(s.median, 10);
	near(s.stddev, 0.5);		/* sqrt((0.25 + 0.25) / 2) */
	near(s.cov_pct, 5);
}

static void test_degenerate(void **state)
{
	const double one = 42, same[] = { 3, 3, 3, 3 };
	struct kb_summary s;

	(void)state;
	kb_summarize(&one, 1, &s);
	near(s.mean, 42);
	near(s.median, 42);
	near(s.stddev, 0);
	near(s.cov_pct, 0);
	kb_summarize(same, 4, &s);
	near(s.stddev, 0);
	near(s.cov_pct, 0);
	kb_summarize(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	near(s.mean, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_even),
		cmocka_unit_test(test_odd),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}

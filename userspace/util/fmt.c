// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

/*
 * |V| / STEP^k in [1, STEP) with three significant digits, where the
 * prefixes PRE[k - LOW] run from STEP^LOW up; a value that rounds up to
 * STEP moves to the next prefix.
 */
static const char *scaled(char *buf, double v, double step,
			  const char *const *pre, int low, int high,
			  const char *sep, const char *unit)
{
	double a = fabs(v), x;
	int k = 0;

	if (!isfinite(v)) {
		snprintf(buf, KB_FMT_LEN, "-");
		return buf;
	}
	if (a > 0) {
		while (k < high && a >= pow(step, k + 1))
			k++;
		while (k > low && a < pow(step, k))
			k--;
	}
	for (;;) {
		x = a / pow(step, k);
		/* Three significant digits, then does it still fit? */
		x = x >= 99.95 ? round(x) : x >= 9.995 ? round(x * 10) / 10 :
		    round(x * 100) / 100;
		if (x < step || k == high)
			break;
		k++;
	}
	snprintf(buf, KB_FMT_LEN, "%s%.*f%s%s%s", v < 0 ? "-" : "",
		 x >= 100 || !a ? 0 : x >= 10 ? 1 : 2, x, sep, pre[k - low], unit);
	return buf;
}

static const char *const si[] = { "n", "µ", "m", "", "k", "M", "G", "T", "P" };

const char *kb_fmt_si(char buf[KB_FMT_LEN], double v)
{
	return scaled(buf, v, 1000, si, -3, 5, "", "");
}

const char *kb_fmt_ns(char buf[KB_FMT_LEN], double ns)
{
	static const char *const t[] = { "ns", "µs", "ms", "s" };

	return scaled(buf, ns, 1000, t, 0, 3, " ", "");
}

const char *kb_fmt_bytes(char buf[KB_FMT_LEN], double bytes)
{
	static const char *const b[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

	return scaled(buf, bytes, 1024, b, 0, 5, " ", "");
}

const char *kb_fmt_value(char buf[KB_FMT_LEN], double v, const char *unit)
{
	static const char *const t[] = { "ns", "µs", "ms", "s" };
	static const char *const bps[] = { "B/s", "kB/s", "MB/s", "GB/s", "TB/s" };
	char rest[KB_FMT_LEN];

	if (!strncmp(unit, "ns", 2) && (!unit[2] || unit[2] == '/')) {
		snprintf(rest, sizeof(rest), "%s", unit + 2);
		return scaled(buf, v, 1000, t, 0, 3, " ", rest);
	}
	if (!strcmp(unit, "MB/s"))
		return scaled(buf, v * 1e6, 1000, bps, 0, 4, " ", "");
	scaled(buf, v, 1000, si, -3, 5, "", "");
	if (*unit && isfinite(v))
		snprintf(buf + strlen(buf), KB_FMT_LEN - strlen(buf), " %s", unit);
	return buf;
}

const char *kb_fmt_count(char buf[KB_FMT_LEN], uint64_t n)
{
	if (n < 100000) {
		snprintf(buf, KB_FMT_LEN, "%" PRIu64, n);
		return buf;
	}
	return kb_fmt_si(buf, (double)n);
}

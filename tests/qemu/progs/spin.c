// SPDX-License-Identifier: GPL-2.0
/*
 * spin SECONDS: burns CPU in user mode inside one known function,
 * kbench_spin_user(), and prints "ops N" (loop rounds done). The sampler
 * tests expect that function on most samples; the overhead benchmark
 * compares N with and without sampling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) unsigned long kbench_spin_user(double seconds)
{
	double end = now() + seconds;
	unsigned long ops = 0;

	while (now() < end) {
		for (unsigned long i = 0; i < 200000; i++)
			sink += i * i;
		ops++;
	}
	return ops;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0;

	if (secs <= 0) {
		fprintf(stderr, "usage: spin SECONDS\n");
		return 2;
	}
	printf("ops %lu\n", kbench_spin_user(secs));
	return 0;
}

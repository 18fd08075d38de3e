// SPDX-License-Identifier: GPL-2.0
/*
 * spin SECONDS [ROUND]: burns CPU in user mode inside one known function,
 * kbench_spin_user(), and prints "ops N" (loop rounds of ROUND iterations
 * done, 200000 by default; the overhead benchmark takes smaller rounds, for
 * a finer count). The sampler
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

__attribute__((noinline)) unsigned long kbench_spin_user(double seconds,
							 unsigned long round)
{
	double end = now() + seconds;
	unsigned long ops = 0;

	while (now() < end) {
		for (unsigned long i = 0; i < round; i++)
			sink += i * i;
		ops++;
	}
	return ops;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0;
	long round = argc > 2 ? atol(argv[2]) : 200000;

	if (secs <= 0 || round <= 0 || argc > 3) {
		fprintf(stderr, "usage: spin SECONDS [ROUND]\n");
		return 2;
	}
	printf("ops %lu\n", kbench_spin_user(secs, (unsigned long)round));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nofp SECONDS: a known call chain, main -> nofp_outer -> nofp_middle ->
 * nofp_leaf, compiled without frame pointers whatever flags the harness
 * passes (the pragma below), as most distribution binaries are: the leaf
 * keeps data in %rbp, so a frame-pointer walk from it reads junk. Between
 * rounds it reads the clock a few thousand times, so that the vDSO gets
 * samples too. Prints "rounds N". The profiles QEMU case records it.
 */
#pragma GCC optimize("omit-frame-pointer")
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile uint64_t sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sixteen live values: the register allocator needs %rbp for one. */
__attribute__((noinline)) uint64_t nofp_leaf(uint64_t s, unsigned int n)
{
	uint64_t a = s, b = s * 3, c = s * 5, d = s * 7, e = s * 11, f = s * 13;
	uint64_t g = s * 17, h = s * 19, i = s * 23, j = s * 29, k = s * 31;
	uint64_t l = s * 37, m = s * 41, o = s * 43, p = s * 47, q = s * 53;

	while (n--) {
		a += b ^ q; b += c ^ a; c += d ^ b; d += e ^ c; e += f ^ d;
		f += g ^ e; g += h ^ f; h += i ^ g; i += j ^ h; j += k ^ i;
		k += l ^ j; l += m ^ k; m += o ^ l; o += p ^ m; p += q ^ o;
		q += a ^ p;
	}
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j ^ k ^ l ^ m ^ o ^ p ^ q;
}

__attribute__((noinline)) uint64_t nofp_middle(uint64_t s)
{
	uint64_t r = nofp_leaf(s, 100000);

	sink = r;
	return r + 1;	/* not a tail call: the caller's frame stays */
}

__attribute__((noinline)) unsigned long nofp_outer(double seconds)
{
	double end = now() + seconds;
	unsigned long rounds = 0;

	while (now() < end) {
		sink += nofp_middle(rounds);
		for (int i = 0; i < 2000; i++)
			sink += (uint64_t)now();
		rounds++;
	}
	return rounds;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0;

	if (secs <= 0) {
		fprintf(stderr, "usage: nofp SECONDS\n");
		return 2;
	}
	printf("rounds %lu\n", nofp_outer(secs));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * readzero SECONDS: large read()s of /dev/zero, so that nearly all time is
 * spent in the kernel zeroing user memory under the read syscall path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0, end;
	unsigned long reads = 0;
	struct timespec ts;
	int fd = open("/dev/zero", O_RDONLY);

	if (secs <= 0 || fd < 0) {
		fprintf(stderr, "usage: readzero SECONDS\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = ts.tv_sec + ts.tv_nsec / 1e9 + secs;
	do {
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
		reads++;
		clock_gettime(CLOCK_MONOTONIC, &ts);
	} while (ts.tv_sec + ts.tv_nsec / 1e9 < end);
	printf("reads %lu\n", reads);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the io benchmarks write: checked before anything runs (a directory
 * this process may write, with room for --size plus a margin), and what it
 * is (the mount behind it), for results.json's parameters.io.
 */
#ifndef KBENCH_IO_TARGET_H
#define KBENCH_IO_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Room needed beyond --size: fsync-write's file and slack. */
#define KB_IO_MARGIN (16ULL << 20)

struct kb_io_target {
	const char *dir;	/* as given: --dir, $KBENCH_IO_DIR or "." */
	char device[1024];	/* the mount's source; "" when not found */
	char fstype[64];	/* "" when not found */
	char dev[32];		/* "major:minor" of DIR */
	uint64_t free_bytes;	/* before the run */
	uint64_t size_bytes;	/* --size */
};

/*
 * Checks DIR for FILES files of SIZE bytes (one per io benchmark: they are
 * all set up for the whole run) and describes it in T. Returns 0, or
 * -errno with WHY saying what is wrong in words for a user ("io directory
 * DIR: not a directory", "DIR: not enough free space: ...").
 */
int kb_io_target_check(const char *dir, uint64_t size, size_t files,
		       struct kb_io_target *t, char *why, size_t len);

/* {dir, device, fstype, dev, free_bytes, size_bytes}; device and fstype
 * are null when the mount was not found. */
json_t *kb_io_target_json(const struct kb_io_target *t);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interactive flamegraph SVGs written by kbench itself. Two steps, so that
 * other graphs (a differential flamegraph) reuse the layout:
 *   kb_flame_build()  merges sorted stacks into a tree of nodes laid out in
 *                     samples (x, width), depth-first;
 *   kb_flame_write()  draws the nodes wider than opts.min_width pixels, with
 *                     a colour and tooltip per node chosen by callbacks, and
 *                     inline JavaScript: hover details, click to zoom, search.
 * Kernel frames ("_[k]") and user frames are coloured apart by default.
 */
#ifndef KBENCH_FLAMEGRAPH_H
#define KBENCH_FLAMEGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/stacks.h"

/* One box. Node 0 is the root "all"; node I's subtree is [I, end). */
struct kb_flame_node {
	uint32_t frame;		/* id in the stacks' names; unused for node 0 */
	uint32_t depth;		/* 0 for "all", 1 for the comm, ... */
	size_t parent;		/* node 0 is its own parent */
	size_t end;		/* one past the last node of the subtree */
	uint64_t x, w;		/* start and width, in samples */
	uint64_t self;		/* samples where this node is the leaf */
};

struct kb_flame {
	const struct kb_stacks *st;	/* names; not owned */
	struct kb_flame_node *n;
	size_t nn;
	uint32_t max_depth;
	uint64_t total;
};

/* Builds the layout of ST, which kb_stacks_sort() must have sorted. */
int kb_flame_build(struct kb_flame *fl, const struct kb_stacks *st);
void kb_flame_free(struct kb_flame *fl);

/* The frame name of NODE ("all" for node 0). */
const char *kb_flame_name(const struct kb_flame *fl, size_t node);
/* The child of NODE called NAME, or (size_t)-1. */
size_t kb_flame_child(const struct kb_flame *fl, size_t node, const char *name);

/*
 * The node of OTHER with the same path (root to NODE, by frame names) as
 * NODE of FL, or (size_t)-1: how a differential flamegraph finds a frame's
 * samples in the profile it compares with.
 */
size_t kb_flame_match(const struct kb_flame *fl, size_t node,
		      const struct kb_flame *other);

/* Height of the SVG kb_flame_write() draws, in pixels. */
unsigned int kb_flame_height(const struct kb_flame *fl);

/* "#rrggbb" and its NUL. */
#define KB_FLAME_RGB 8

struct kb_flame_opts {
	const char *title;		/* NULL: "Flame Graph" */
	const char *subtitle;		/* NULL: none */
	const char *unit;		/* "samples" when NULL */
	unsigned int width;		/* pixels; 0: 1200 */
	double min_width;		/* pixels; 0: 0.1 */
	/* Colour of a node; NULL: kb_flame_color_default. */
	void (*color)(const struct kb_flame *fl, size_t node,
		      char rgb[KB_FLAME_RGB], void *arg);
	/*
	 * Extra tooltip text after "NAME (N samples, P%)", e.g. a difference;
	 * NULL or an empty BUF: none. The text is XML-escaped by the writer.
	 */
	void (*describe)(const struct kb_flame *fl, size_t node, char *buf,
			 size_t len, void *arg);
	void *arg;
	/*
	 * SVG content of the legend under the title (trusted markup, not
	 * escaped); NULL: the kernel and user colour swatches.
	 */
	const char *legend;
};

/* Orange shades for kernel frames, green for user frames, grey for "all". */
void kb_flame_color_default(const struct kb_flame *fl, size_t node,
			    char rgb[KB_FLAME_RGB], void *arg);

/* Writes the SVG document. Returns 0 or -EIO. */
int kb_flame_write(const struct kb_flame *fl, const struct kb_flame_opts *o,
		   FILE *f);

/*
 * Builds the layout of ST (sorted) and writes its SVG to PATH atomically
 * (util/fileio.h); *HEIGHT gets the SVG's height in pixels. 0 or -errno.
 */
int kb_flame_save(const char *path, const struct kb_stacks *st,
		  const struct kb_flame_opts *o, unsigned int *height);

/* Writes S (LEN bytes) with &, <, >, " and ' escaped, and no control bytes. */
void kb_xml_escape(FILE *f, const char *s, size_t len);

#endif

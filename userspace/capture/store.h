/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files that many profiles would otherwise each keep a copy of (the
 * kernel's symbol table, 4 MB a profile; the vDSO image), kept once by
 * content in a store directory that the profiles of one result share
 * (`kbench run`: profiles/shared/). A profile still has each file under
 * its usual name, as a hard link into the store (else a symbolic link,
 * else a copy), so readers need not know about the store and profile
 * directories written before it stay readable.
 */
#ifndef KBENCH_STORE_H
#define KBENCH_STORE_H

#include <stddef.h>

/* The store's file for some content: PREFIX, a hash of it, SUFFIX. */
struct kb_store_file {
	const char *prefix;	/* "kallsyms-6.1.0-amd64-" */
	const char *suffix;	/* "", ".so" */
};

/*
 * Puts LEN bytes of DATA as DIR/NAME. With STORE (a directory; relative
 * to DIR unless absolute; made when missing), the content goes once into
 * STORE/PREFIX<hash>SUFFIX and DIR/NAME links to it; equal content already
 * there is shared, different content under the same hash is not (DIR/NAME
 * is then a plain copy). Without STORE, DIR/NAME is a plain file. Returns
 * 0 or -errno with WHY (LEN_WHY bytes) naming the file.
 */
int kb_store_put(const char *dir, const char *name, const char *store,
		 const struct kb_store_file *sf, const void *data, size_t len,
		 char *why, size_t len_why);

/* The 64-bit hash the store names content by. */
unsigned long long kb_store_hash(const void *data, size_t len);

#endif

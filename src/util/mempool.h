/*
 * mempool.h - arena for parse-lifetime data (account names, payees, tag
 * values). Everything allocated from a pool is freed at once by
 * mempool_release(). With --enable-debug-pool every allocation is a
 * separate malloc so ASan and valgrind see them one by one.
 */
#ifndef CLERK_MEMPOOL_H
#define CLERK_MEMPOOL_H

#include <stddef.h>

struct mp_block;

struct mempool {
	struct mp_block *head;
	size_t block_size;
};

#define MEMPOOL_INIT { NULL, 0 }

/** Returns n bytes (8-aligned) owned by the pool. */
void *mempool_alloc(struct mempool *pool, size_t n);
/** Returns a NUL-terminated copy of the n bytes at s, owned by the pool. */
char *mempool_strndup(struct mempool *pool, const char *s, size_t n);
/** Frees everything allocated from the pool; the pool is reusable. */
void mempool_release(struct mempool *pool);

#endif

#include "compat.h"
#include "util/mempool.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct mp_block {
	struct mp_block *next;
	size_t used, size;
	max_align_t space[];
};

void *mempool_alloc(struct mempool *pool, size_t n)
{
	struct mp_block *b = pool->head;
	n = (n + 7) & ~(size_t)7;
#ifdef CLERK_DEBUG_POOL
	b = xmalloc(sizeof(*b) + n);
	b->used = b->size = n;
	b->next = pool->head;
	pool->head = b;
	return (char *)b->space;
#else
	if (!b || b->size - b->used < n) {
		size_t sz = pool->block_size ? pool->block_size : 64 * 1024;
		if (pool->block_size < 4 * 1024 * 1024)
			pool->block_size = sz * 2;
		if (n > sz / 4) {
			/* big allocation: own block, keep the current one */
			struct mp_block *big = xmalloc(sizeof(*big) + n);
			big->used = big->size = n;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				big->next = NULL;
				pool->head = big;
			}
			return (char *)big->space;
		}
		b = xmalloc(sizeof(*b) + sz);
		b->used = 0;
		b->size = sz;
		b->next = pool->head;
		pool->head = b;
	}
	void *p = (char *)b->space + b->used;
	b->used += n;
	return p;
#endif
}

char *mempool_strndup(struct mempool *pool, const char *s, size_t n)
{
	char *p = mempool_alloc(pool, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void mempool_release(struct mempool *pool)
{
	struct mp_block *b = pool->head;
	while (b) {
		struct mp_block *next = b->next;
		free(b);
		b = next;
	}
	pool->head = NULL;
	pool->block_size = 0;
}

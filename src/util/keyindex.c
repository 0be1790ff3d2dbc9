/*
 * keyindex.c - items grouped by a derived key (keyindex.h).
 */
#include "compat.h"
#include "util/keyindex.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash64(const char *s, size_t len)
{
	/* 8 bytes at a time, multiply-xorshift mixing (not cryptographic) */
	uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0x94D049BB133111EBull;
	return h ^ (h >> 29);
}

/* The group of key (hash h) or UINT32_MAX; *slot is where it is or would go. */
static uint32_t lookup(const struct keyindex *ix, const char *key, size_t len, uint64_t h,
		       keyindex_key_fn key_of, void *ctx, size_t *slot, struct strbuf *scratch)
{
	size_t mask = ix->nslots - 1, i = (size_t)h & mask;
	for (; ix->slots[i]; i = (i + 1) & mask) {
		/* the slot holds half the hash: most misses end here */
		if ((ix->slots[i] >> 32) != (h >> 32))
			continue;
		uint32_t g = (uint32_t)ix->slots[i] - 1;
		if (ix->hash[g] != h)
			continue;
		strbuf_reset(scratch);
		key_of(ctx, ix->rep[g], scratch);
		if (scratch->len == len && !memcmp(scratch->buf, key, len)) {
			*slot = i;
			return g;
		}
	}
	*slot = i;
	return UINT32_MAX;
}

void keyindex_build(struct keyindex *ix, size_t n, keyindex_key_fn key_of, void *ctx)
{
	struct strbuf sb = STRBUF_INIT, scratch = STRBUF_INIT;
	uint32_t *id_of = xmalloc(st_mult(n ? n : 1, sizeof(*id_of)));
	memset(ix, 0, sizeof(*ix));
	ix->nslots = 16;
	while (ix->nslots < 2 * n)
		ix->nslots *= 2;
	ix->slots = xcalloc(ix->nslots, sizeof(*ix->slots));
	ix->hash = xmalloc(st_mult(n ? n : 1, sizeof(*ix->hash)));
	ix->rep = xmalloc(st_mult(n ? n : 1, sizeof(*ix->rep)));
	size_t nin = 0;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		key_of(ctx, i, &sb);
		if (!sb.len) {
			id_of[i] = UINT32_MAX;
			continue;
		}
		uint64_t h = hash64(sb.buf, sb.len);
		size_t slot;
		uint32_t g = lookup(ix, sb.buf, sb.len, h, key_of, ctx, &slot, &scratch);
		if (g == UINT32_MAX) {
			g = (uint32_t)ix->ngroups++;
			ix->hash[g] = h;
			ix->rep[g] = (uint32_t)i;
			ix->slots[slot] = (h >> 32) << 32 | (uint64_t)(g + 1);
		}
		id_of[i] = g;
		nin++;
	}
	/* counting sort by group: start[g] .. start[g + 1] */
	ix->start = xcalloc(ix->ngroups + 2, sizeof(*ix->start));
	for (size_t i = 0; i < n; i++)
		if (id_of[i] != UINT32_MAX)
			ix->start[id_of[i] + 2]++;
	for (size_t k = 2; k < ix->ngroups + 2; k++)
		ix->start[k] += ix->start[k - 1];
	ix->items = xmalloc(st_mult(nin ? nin : 1, sizeof(*ix->items)));
	for (size_t i = 0; i < n; i++)
		if (id_of[i] != UINT32_MAX)
			ix->items[ix->start[id_of[i] + 1]++] = (uint32_t)i;
	free(id_of);
	strbuf_release(&sb);
	strbuf_release(&scratch);
}

size_t keyindex_find(const struct keyindex *ix, const char *key, size_t len, keyindex_key_fn key_of,
		     void *ctx, const uint32_t **items)
{
	struct strbuf scratch = STRBUF_INIT;
	size_t slot, n = 0;
	*items = NULL;
	if (ix->nslots && len) {
		uint32_t g = lookup(ix, key, len, hash64(key, len), key_of, ctx, &slot, &scratch);
		if (g != UINT32_MAX) {
			*items = ix->items + ix->start[g];
			n = ix->start[g + 1] - ix->start[g];
		}
	}
	strbuf_release(&scratch);
	return n;
}

void keyindex_release(struct keyindex *ix)
{
	free(ix->slots);
	free(ix->hash);
	free(ix->rep);
	free(ix->start);
	free(ix->items);
	memset(ix, 0, sizeof(*ix));
}

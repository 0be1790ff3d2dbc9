/*
 * keyindex.h - items grouped by a derived key (a normalised invoice number,
 * a normalised reference), without storing the keys: an open-addressing
 * table of groups keyed by a 64-bit hash, each group's items contiguous
 * and ascending. Equal hashes are confirmed by deriving the key of the
 * group's first item again through the caller's function, so memory is
 * about 20 bytes per item and building it copies no string.
 *
 *   struct keyindex ix;
 *   keyindex_build(&ix, n, key_of, ctx);      // key_of(ctx, i, sb): appends item i's key, or nothing
 *   // or, when the caller met the keys anyway: hash[i] = keyindex_hash(key) or KEYINDEX_NO_KEY
 *   keyindex_build_hashed(&ix, n, hash, key_of, ctx);
 *   size_t k = keyindex_find(&ix, key, len, key_of, ctx, &items);
 *   keyindex_release(&ix);
 *
 * Items whose key is empty are left out.
 */
#ifndef CLERK_KEYINDEX_H
#define CLERK_KEYINDEX_H

#include "compat.h"
#include "util/strbuf.h"

typedef void (*keyindex_key_fn)(void *ctx, size_t item, struct strbuf *out);

struct keyindex {
	uint64_t *hash;  /* sorted: the hash of each indexed item's key */
	uint32_t *items; /* the items in that order (equal keys contiguous, ascending) */
	size_t n;        /* items with a key */
	uint32_t *bucket; /* 2^bits + 1 offsets: the pairs whose hash starts with b are [bucket[b], bucket[b + 1]) */
	unsigned bits;
};

#define KEYINDEX_INIT { NULL, NULL, 0, NULL, 0 }

/* the hash of "no key" in keyindex_build_hashed(); keyindex_hash() never returns it */
#define KEYINDEX_NO_KEY UINT64_C(0)

/** The hash the index uses for key[0..len) (never KEYINDEX_NO_KEY). */
uint64_t keyindex_hash(const char *key, size_t len);
void keyindex_build(struct keyindex *ix, size_t n, keyindex_key_fn key_of, void *ctx);
/**
 * Like keyindex_build() from the hashes of the n items' keys, computed by
 * the caller (keyindex_hash(), or KEYINDEX_NO_KEY for an item without
 * one); key_of is only called for items whose hashes are equal. The index
 * is the same as keyindex_build() gives.
 */
void keyindex_build_hashed(struct keyindex *ix, size_t n, const uint64_t *hash,
			   keyindex_key_fn key_of, void *ctx);
/** Sets *items to the (borrowed, ascending) items whose key is key[0..len); returns their number. */
size_t keyindex_find(const struct keyindex *ix, const char *key, size_t len, keyindex_key_fn key_of,
		     void *ctx, const uint32_t **items);
void keyindex_release(struct keyindex *ix);

#endif

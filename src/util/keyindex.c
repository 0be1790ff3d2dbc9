/*
 * keyindex.c - items grouped by a derived key (keyindex.h).
 *
 * The index is the items sorted by (hash of their key, key, item): one
 * sequential pass computes the hashes, a radix sort orders them, and a
 * lookup is a binary search within the few pairs that share the hash's
 * leading bits (a table of offsets per leading-bits value, about one pair
 * each, so a lookup touches two or three cache lines instead of twenty). A
 * hash table would do one random memory access per item (a cache miss
 * each, with a million items); this does none while building.
 */
#include "compat.h"
#include "util/keyindex.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* LSD radix sort of (hash, item) pairs by hash, 16 bits a pass; stable, so items stay ascending. */
static void radix_sort(uint64_t *hash, uint32_t *item, size_t n)
{
	uint64_t *h2 = xmalloc(st_mult(n ? n : 1, sizeof(*h2)));
	uint32_t *i2 = xmalloc(st_mult(n ? n : 1, sizeof(*i2)));
	size_t *count = xmalloc(65536 * sizeof(*count));
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (size_t k = 0; k < n; k++)
			count[(hash[k] >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t k = 0; k < n; k++) {
			size_t at = count[(hash[k] >> shift) & 0xFFFF]++;
			h2[at] = hash[k];
			i2[at] = item[k];
		}
		memcpy(hash, h2, n * sizeof(*hash));
		memcpy(item, i2, n * sizeof(*item));
	}
	free(h2);
	free(i2);
	free(count);
}

/* keys of a run of equal hashes, for sorting it by key (collisions of different keys: rare) */
struct keyed {
	char *key;
	uint32_t item;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->item < y->item ? -1 : x->item > y->item);
}

/* Orders the run [from, to) of equal hashes by key, then item, when its keys differ. */
static void order_run(struct keyindex *ix, size_t from, size_t to, keyindex_key_fn key_of, void *ctx)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool same = true;
	key_of(ctx, ix->items[from], &a);
	for (size_t k = from + 1; k < to && same; k++) {
		strbuf_reset(&b);
		key_of(ctx, ix->items[k], &b);
		same = a.len == b.len && !memcmp(a.buf, b.buf, a.len);
	}
	strbuf_release(&b);
	strbuf_release(&a);
	if (same)
		return;
	struct keyed *v = xcalloc(to - from, sizeof(*v));
	for (size_t k = from; k < to; k++) {
		struct strbuf s = STRBUF_INIT;
		key_of(ctx, ix->items[k], &s);
		v[k - from].key = strbuf_detach(&s, NULL);
		v[k - from].item = ix->items[k];
	}
	qsort(v, to - from, sizeof(*v), cmp_keyed);
	for (size_t k = from; k < to; k++) {
		ix->items[k] = v[k - from].item;
		free(v[k - from].key);
	}
	free(v);
}

void keyindex_build(struct keyindex *ix, size_t n, keyindex_key_fn key_of, void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	memset(ix, 0, sizeof(*ix));
	ix->hash = xmalloc(st_mult(n ? n : 1, sizeof(*ix->hash)));
	ix->items = xmalloc(st_mult(n ? n : 1, sizeof(*ix->items)));
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		key_of(ctx, i, &sb);
		if (!sb.len)
			continue;
		ix->hash[ix->n] = hash_bytes64(sb.buf, sb.len);
		ix->items[ix->n++] = (uint32_t)i;
	}
	strbuf_release(&sb);
	radix_sort(ix->hash, ix->items, ix->n);
	/* offsets by leading bits: about one pair per bucket, at most 2^24 buckets */
	ix->bits = 1;
	while (ix->bits < 24 && ((size_t)1 << ix->bits) < ix->n)
		ix->bits++;
	size_t nb = (size_t)1 << ix->bits;
	ix->bucket = xmalloc(st_mult(nb + 1, sizeof(*ix->bucket)));
	for (size_t b = 0, k = 0; b <= nb; b++) {
		while (k < ix->n && (ix->hash[k] >> (64 - ix->bits)) < b)
			k++;
		ix->bucket[b] = (uint32_t)k;
	}
	for (size_t from = 0; from < ix->n;) {
		size_t to = from + 1;
		while (to < ix->n && ix->hash[to] == ix->hash[from])
			to++;
		if (to - from > 1)
			order_run(ix, from, to, key_of, ctx);
		from = to;
	}
}

size_t keyindex_find(const struct keyindex *ix, const char *key, size_t len, keyindex_key_fn key_of,
		     void *ctx, const uint32_t **items)
{
	*items = NULL;
	if (!ix->n || !len)
		return 0;
	uint64_t h = hash_bytes64(key, len);
	size_t b = (size_t)(h >> (64 - ix->bits));
	size_t lo = ix->bucket[b], hi = ix->bucket[b + 1];
	while (lo < hi) { /* the first pair with hash >= h */
		size_t mid = lo + (hi - lo) / 2;
		if (ix->hash[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct strbuf s = STRBUF_INIT;
	size_t from = SIZE_MAX, to = lo;
	/* in the run of equal hashes, the items whose key is key (contiguous: see order_run) */
	for (size_t k = lo; k < ix->n && ix->hash[k] == h; k++) {
		strbuf_reset(&s);
		key_of(ctx, ix->items[k], &s);
		bool eq = s.len == len && !memcmp(s.buf, key, len);
		if (eq && from == SIZE_MAX)
			from = k;
		if (eq)
			to = k + 1;
		else if (from != SIZE_MAX)
			break;
	}
	strbuf_release(&s);
	if (from == SIZE_MAX)
		return 0;
	*items = ix->items + from;
	return to - from;
}

void keyindex_release(struct keyindex *ix)
{
	free(ix->hash);
	free(ix->items);
	free(ix->bucket);
	memset(ix, 0, sizeof(*ix));
}

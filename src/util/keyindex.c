/*
 * keyindex.c - items grouped by a derived key (keyindex.h).
 *
 * The index is the items sorted by (hash of their key, key, item): one
 * sequential pass computes the hashes, one counting-sort pass puts them in
 * buckets by the hash's leading bits (about one pair per bucket, each then
 * sorted on its own), and a lookup is a search within the few pairs of
 * one bucket (two or three cache lines instead of a binary search's
 * twenty).
 */
#include "compat.h"
#include "util/keyindex.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* a (hash, item) pair, for sorting an unusually large bucket */
struct pair {
	uint64_t hash;
	uint32_t item;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Sorts the pairs [from, to) by (hash, item): insertion for the few a bucket usually holds. */
static void sort_bucket(uint64_t *hash, uint32_t *item, size_t from, size_t to)
{
	if (to - from > 16) { /* many keys whose hashes share their leading bits */
		struct pair *v = xmalloc(st_mult(to - from, sizeof(*v)));
		for (size_t k = from; k < to; k++)
			v[k - from] = (struct pair){ hash[k], item[k] };
		qsort(v, to - from, sizeof(*v), cmp_pair);
		for (size_t k = from; k < to; k++) {
			hash[k] = v[k - from].hash;
			item[k] = v[k - from].item;
		}
		free(v);
		return;
	}
	for (size_t k = from + 1; k < to; k++) {
		uint64_t h = hash[k];
		uint32_t it = item[k];
		size_t at = k;
		while (at > from && (hash[at - 1] > h || (hash[at - 1] == h && item[at - 1] > it))) {
			hash[at] = hash[at - 1];
			item[at] = item[at - 1];
			at--;
		}
		hash[at] = h;
		item[at] = it;
	}
}

/*
 * Sorts the pairs by hash (items ascending among equal hashes) and fills
 * the bucket table: one counting-sort pass by the hash's leading bits
 * (about one pair per bucket), then each bucket sorted on its own.
 */
static void bucket_sort(struct keyindex *ix)
{
	size_t n = ix->n;
	ix->bits = 1;
	while (ix->bits < 24 && ((size_t)1 << ix->bits) < n)
		ix->bits++;
	size_t nb = (size_t)1 << ix->bits;
	unsigned shift = 64 - ix->bits;
	uint32_t *bucket = xcalloc(nb + 1, sizeof(*bucket));
	for (size_t k = 0; k < n; k++)
		bucket[(ix->hash[k] >> shift) + 1]++;
	for (size_t b = 0; b < nb; b++)
		bucket[b + 1] += bucket[b];
	uint64_t *h2 = xmalloc(st_mult(n ? n : 1, sizeof(*h2)));
	uint32_t *i2 = xmalloc(st_mult(n ? n : 1, sizeof(*i2)));
	for (size_t k = 0; k < n; k++) { /* in item order: stable */
		uint32_t at = bucket[ix->hash[k] >> shift]++;
		h2[at] = ix->hash[k];
		i2[at] = ix->items[k];
	}
	/* bucket[b] is now where bucket b + 1 starts */
	for (size_t b = nb; b > 0; b--)
		bucket[b] = bucket[b - 1];
	bucket[0] = 0;
	for (size_t b = 0; b < nb; b++)
		if (bucket[b + 1] - bucket[b] > 1)
			sort_bucket(h2, i2, bucket[b], bucket[b + 1]);
	free(ix->hash);
	free(ix->items);
	ix->hash = h2;
	ix->items = i2;
	ix->bucket = bucket;
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

uint64_t keyindex_hash(const char *key, size_t len)
{
	uint64_t h = hash_bytes64(key, len);
	return h == KEYINDEX_NO_KEY ? 1 : h;
}

/* Sorts the pairs, makes the bucket table and orders runs of equal hashes. */
static void finish(struct keyindex *ix, keyindex_key_fn key_of, void *ctx)
{
	bucket_sort(ix);
	for (size_t from = 0; from < ix->n;) {
		size_t to = from + 1;
		while (to < ix->n && ix->hash[to] == ix->hash[from])
			to++;
		if (to - from > 1)
			order_run(ix, from, to, key_of, ctx);
		from = to;
	}
}

void keyindex_build(struct keyindex *ix, size_t n, keyindex_key_fn key_of, void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t *hash = xmalloc(st_mult(n ? n : 1, sizeof(*hash)));
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		key_of(ctx, i, &sb);
		hash[i] = sb.len ? keyindex_hash(sb.buf, sb.len) : KEYINDEX_NO_KEY;
	}
	strbuf_release(&sb);
	keyindex_build_hashed(ix, n, hash, key_of, ctx);
	free(hash);
}

void keyindex_build_hashed(struct keyindex *ix, size_t n, const uint64_t *hash,
			   keyindex_key_fn key_of, void *ctx)
{
	memset(ix, 0, sizeof(*ix));
	ix->hash = xmalloc(st_mult(n ? n : 1, sizeof(*ix->hash)));
	ix->items = xmalloc(st_mult(n ? n : 1, sizeof(*ix->items)));
	for (size_t i = 0; i < n; i++) {
		if (hash[i] == KEYINDEX_NO_KEY)
			continue;
		ix->hash[ix->n] = hash[i];
		ix->items[ix->n++] = (uint32_t)i;
	}
	finish(ix, key_of, ctx);
}

size_t keyindex_find(const struct keyindex *ix, const char *key, size_t len, keyindex_key_fn key_of,
		     void *ctx, const uint32_t **items)
{
	*items = NULL;
	if (!ix->n || !len)
		return 0;
	uint64_t h = keyindex_hash(key, len);
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

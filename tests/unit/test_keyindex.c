/*
 * test_keyindex.c - items grouped by a derived key: runs of equal keys come
 * back whole and ascending, empty keys are left out, absent keys find
 * nothing, and the bucket table agrees with a plain scan for every size
 * from empty to past a power of two.
 */
#include "helpers.h"

#include "util/keyindex.h"

/* item i's key: "K<i % mod>" except every seventh item, which has none */
struct keys {
	size_t mod;
};

static void key_of(void *ctx, size_t i, struct strbuf *out)
{
	const struct keys *k = ctx;
	if (i % 7 == 3)
		return;
	strbuf_addf(out, "K%zu", i % k->mod);
}

static void check_size(size_t n, size_t mod)
{
	struct keys k = { mod };
	struct keyindex ix;
	keyindex_build(&ix, n, key_of, &k);
	size_t indexed = 0;
	for (size_t i = 0; i < n; i++)
		indexed += i % 7 != 3;
	cr_assert_eq(ix.n, indexed, "n=%zu: items with a key", n);
	size_t found = 0;
	for (size_t key = 0; key < mod + 3; key++) {
		char buf[32];
		int len = snprintf(buf, sizeof(buf), "K%zu", key);
		const uint32_t *items;
		size_t got = keyindex_find(&ix, buf, (size_t)len, key_of, &k, &items);
		size_t want = 0;
		for (size_t i = key; key < mod && i < n; i += mod)
			if (i % 7 != 3) {
				cr_assert_lt(want, got, "n=%zu %s: item %zu missing", n, buf, i);
				cr_assert_eq(items[want], i, "n=%zu %s: ascending items", n, buf);
				want++;
			}
		cr_assert_eq(got, want, "n=%zu %s", n, buf);
		if (!got)
			cr_assert_null(items);
		found += got;
	}
	cr_assert_eq(found, indexed, "every indexed item under its key");
	const uint32_t *items;
	cr_assert_eq(keyindex_find(&ix, "", 0, key_of, &k, &items), 0, "the empty key");
	cr_assert_eq(keyindex_find(&ix, "K", 1, key_of, &k, &items), 0);
	keyindex_release(&ix);
}

Test(keyindex, sizes_and_runs)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 1000, 1025, 4096, 20000 };
	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		check_size(sizes[s], 1);                                 /* one key for all */
		check_size(sizes[s], 13);                                /* long runs */
		check_size(sizes[s], sizes[s] ? sizes[s] : 1);           /* all distinct */
	}
	ASSERT_NO_LEAKS();
}

Test(keyindex, release_twice_and_empty)
{
	struct keyindex ix = KEYINDEX_INIT;
	keyindex_release(&ix);
	struct keys k = { 5 };
	keyindex_build(&ix, 0, key_of, &k);
	const uint32_t *items = (const uint32_t *)&ix;
	cr_assert_eq(keyindex_find(&ix, "K1", 2, key_of, &k, &items), 0);
	cr_assert_null(items);
	keyindex_release(&ix);
	keyindex_release(&ix);
	ASSERT_NO_LEAKS();
}

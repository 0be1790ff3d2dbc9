#include "compat.h"
#include "util/symtab.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = hash_bytes64(s, len);
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1; /* 0 marks an empty hash */
}

static void rehash(struct symtab *t, size_t nslots)
{
	uint32_t *slots = xcalloc(nslots, sizeof(*slots));
	for (size_t id = 0; id < t->n; id++) {
		size_t i = t->hashes[id] & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = (uint32_t)id + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
}

static uint32_t find_hashed(const struct symtab *t, const char *s, size_t len, uint32_t h)
{
	if (!t->nslots)
		return UINT32_MAX;
	size_t i = h & (t->nslots - 1);
	while (t->slots[i]) {
		uint32_t id = t->slots[i] - 1;
		if (t->hashes[id] == h && t->lens[id] == len && !memcmp(t->names[id], s, len))
			return id;
		i = (i + 1) & (t->nslots - 1);
	}
	return UINT32_MAX;
}

uint32_t symtab_find(const struct symtab *t, const char *s, size_t len)
{
	return t->nslots ? find_hashed(t, s, len, hash_bytes(s, len)) : UINT32_MAX;
}

static void grow_arrays(struct symtab *t, size_t alloc)
{
	t->alloc = alloc;
	t->names = xrealloc(t->names, st_mult(t->alloc, sizeof(*t->names)));
	t->lens = xrealloc(t->lens, st_mult(t->alloc, sizeof(*t->lens)));
	t->hashes = xrealloc(t->hashes, st_mult(t->alloc, sizeof(*t->hashes)));
}

void symtab_reserve(struct symtab *t, size_t n)
{
	size_t nslots = t->nslots ? t->nslots : 64;
	while (n * 2 > nslots)
		nslots *= 2;
	if (nslots != t->nslots)
		rehash(t, nslots);
	if (n > t->alloc)
		grow_arrays(t, n);
}

uint32_t symtab_intern(struct symtab *t, const char *s, size_t len, int *is_new)
{
	uint32_t h = hash_bytes(s, len); /* once: the lookup and the new entry share it */
	uint32_t id = find_hashed(t, s, len, h);
	if (id != UINT32_MAX) {
		if (is_new)
			*is_new = 0;
		return id;
	}
	if ((t->n + 1) * 2 > t->nslots)
		rehash(t, t->nslots ? t->nslots * 2 : 64);
	if (t->n == t->alloc)
		grow_arrays(t, t->alloc ? t->alloc * 2 : 32);
	id = (uint32_t)t->n++;
	t->names[id] = mempool_strndup(&t->pool, s, len);
	t->lens[id] = (uint32_t)len;
	t->hashes[id] = h;
	size_t i = t->hashes[id] & (t->nslots - 1);
	while (t->slots[i])
		i = (i + 1) & (t->nslots - 1);
	t->slots[i] = id + 1;
	if (is_new)
		*is_new = 1;
	return id;
}

void symtab_release(struct symtab *t)
{
	free(t->slots);
	free(t->names);
	free(t->lens);
	free(t->hashes);
	mempool_release(&t->pool);
	memset(t, 0, sizeof(*t));
}

/*
 * hash.h - the one string hash of the code base (not cryptographic): 8
 * bytes at a time, multiply-xorshift mixing. Used by the symbol tables and
 * the key indexes.
 */
#ifndef CLERK_HASH_H
#define CLERK_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t hash_bytes64(const char *s, size_t len)
{
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

#endif

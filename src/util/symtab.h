/*
 * symtab.h - string interning: maps byte strings to dense ids 0..n-1.
 * Interned strings are NUL-terminated copies owned by the table.
 */
#ifndef CLERK_SYMTAB_H
#define CLERK_SYMTAB_H

#include <stddef.h>
#include <stdint.h>
#include "util/mempool.h"

struct symtab {
	uint32_t *slots; /* id + 1, 0 = empty */
	size_t nslots;
	const char **names;
	uint32_t *lens;
	uint32_t *hashes;
	size_t n, alloc;
	struct mempool pool;
};

#define SYMTAB_INIT { NULL, 0, NULL, NULL, NULL, 0, 0, MEMPOOL_INIT }

/** Returns the id of s[0..len), interning it when new; *is_new tells. */
uint32_t symtab_intern(struct symtab *t, const char *s, size_t len, int *is_new);
/** Makes room for n names without growing (a hint: interning more still works). */
void symtab_reserve(struct symtab *t, size_t n);
/** Returns the id of s[0..len), or UINT32_MAX when it is not interned. */
uint32_t symtab_find(const struct symtab *t, const char *s, size_t len);
/** Borrowed name of id, valid as long as the table. */
static inline const char *symtab_name(const struct symtab *t, uint32_t id)
{
	return t->names[id];
}
void symtab_release(struct symtab *t);

#endif

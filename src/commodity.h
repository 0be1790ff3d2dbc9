/*
 * commodity.h - commodities (currencies and other units) and how their
 * amounts are written: symbol side, spacing, decimal mark, digit grouping
 * and display precision.
 *
 * A commodity table belongs to a journal. Id 0 is always the empty
 * commodity "" (a bare number).
 */
#ifndef CLERK_COMMODITY_H
#define CLERK_COMMODITY_H

#include "compat.h"
#include "util/symtab.h"

struct commodity {
	char mark;           /* decimal mark '.' or ','; 0 while unknown */
	char group;          /* digit group mark, or 0 */
	bool left;           /* symbol before the number */
	bool spaced;         /* a space between symbol and number */
	bool declared;       /* named by a commodity directive */
	bool style_declared; /* mark/group/precision fixed by a directive */
	bool style_seen;     /* side/spacing taken from an amount */
	int32_t precision;   /* display precision: declared, else the most seen */
	uint32_t decl_file, decl_line;
};

struct commodity_table {
	struct symtab names;
	struct commodity *v;
	size_t n, alloc;
};

void commodity_table_init(struct commodity_table *t);
void commodity_table_release(struct commodity_table *t);
/** Returns the id of symbol (interning it with an unknown style when new). */
uint32_t commodity_intern(struct commodity_table *t, const char *sym, size_t len);
static inline const char *commodity_symbol(const struct commodity_table *t, uint32_t id)
{
	return symtab_name(&t->names, id);
}
/** True when the symbol must be written in double quotes. */
bool commodity_needs_quotes(const char *sym);
/** True for a byte that may appear in an unquoted commodity symbol. */
bool commodity_symbol_char(unsigned char c);

#endif

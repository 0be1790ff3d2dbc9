#include "compat.h"
#include "commodity.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void commodity_table_init(struct commodity_table *t)
{
	memset(t, 0, sizeof(*t));
	commodity_intern(t, "", 0);
}

void commodity_table_release(struct commodity_table *t)
{
	symtab_release(&t->names);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

uint32_t commodity_intern(struct commodity_table *t, const char *sym, size_t len)
{
	int is_new;
	uint32_t id = symtab_intern(&t->names, sym, len, &is_new);
	if (is_new) {
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? t->alloc * 2 : 16;
			t->v = xrealloc(t->v, st_mult(t->alloc, sizeof(*t->v)));
		}
		memset(&t->v[t->n], 0, sizeof(t->v[0]));
		t->n++;
	}
	return id;
}

bool commodity_symbol_char(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if (c <= ' ' || c == 0x7f)
		return false;
	if (c >= '0' && c <= '9')
		return false;
	return !strchr("-+.,;:'\"@=*/^&|<>(){}[]!%#~?`\\", c);
}

bool commodity_needs_quotes(const char *sym)
{
	if (!*sym)
		return false;
	for (const unsigned char *s = (const unsigned char *)sym; *s; s++)
		if (!commodity_symbol_char(*s))
			return true;
	return false;
}

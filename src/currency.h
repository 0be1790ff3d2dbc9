/*
 * currency.h - ISO 4217 currency codes and their minor units.
 *
 * A static table of the active codes (list of 2025) plus a few withdrawn
 * codes that still turn up in older bank statements (marked historic).
 * Nothing is allocated: the entries are read-only static data.
 */
#ifndef CLERK_CURRENCY_H
#define CLERK_CURRENCY_H

#include "compat.h"

/* exponent of codes without minor unit in ISO 4217 ("N.A.": XAU, XXX, ...) */
#define CURRENCY_EXPONENT_NONE (-1)

struct currency {
	char code[4];    /* three upper-case letters, NUL-terminated */
	int8_t exponent; /* number of minor-unit digits: EUR 2, JPY 0, BHD 3; or _NONE */
	bool historic;   /* withdrawn from ISO 4217 (still accepted) */
};

/**
 * Returns the table entry for code (exactly three upper-case letters), or
 * NULL when code is not an ISO 4217 code. The result is static data.
 */
const struct currency *currency_find(const char *code);

/** Returns the whole table, sorted by code, and its length in *n. */
const struct currency *currency_table(size_t *n);

#endif

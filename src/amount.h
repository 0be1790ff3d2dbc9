/*
 * amount.h - a quantity of a commodity, and the parser for amounts as
 * written in journals ("$-1.00", "-$1.00", "EUR 5", "5 EUR",
 * "\"ABC 1\" 3", "1.000,50 SEK").
 */
#ifndef CLERK_AMOUNT_H
#define CLERK_AMOUNT_H

#include "compat.h"
#include "decimal.h"
#include "commodity.h"

struct amount {
	uint32_t commodity;
	struct dec qty;
};

#define AMOUNT_INIT { 0, DEC_INIT }

/**
 * Parses one amount at *p (before end) using and updating the styles in
 * table: decimal marks come from a declared style, else they must be
 * unambiguous in the text. On success advances *p past the amount (not past
 * following blanks) and returns NULL; otherwise returns a message and sets
 * *errpos to where the problem is. `learn` lets the amount teach the
 * commodity its display style (side, spacing, precision).
 */
const char *amount_parse(const char **p, const char *end, struct commodity_table *table,
			 bool learn, struct amount *out, const char **errpos);

/**
 * Appends a in the commodity's display style (symbol side, spacing,
 * grouping, decimal mark), with at least the display precision and never
 * fewer digits than the value needs (nothing is rounded).
 */
void amount_format(struct strbuf *sb, const struct commodity_table *table, uint32_t commodity,
		   const struct dec *qty);

/** Like amount_format, showing at least min_scale decimals. */
void amount_format_scale(struct strbuf *sb, const struct commodity_table *table, uint32_t commodity,
			 const struct dec *qty, int32_t min_scale);

/**
 * Parses a commodity directive's sample amount ("1.000,00 SEK", "$1,000.00",
 * "1000. JPY") at *p and declares that commodity's style from it: symbol
 * side and spacing, decimal mark (the last mark, or a trailing one), digit
 * group mark and display precision. Returns NULL and the commodity id in
 * *cid, or a message with *errpos.
 */
const char *amount_parse_style(const char **p, const char *end, struct commodity_table *table,
			       uint32_t *cid, const char **errpos);

#endif

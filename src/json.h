/*
 * json.h - the JSON writer of `-O json` (formats/json.md).
 *
 * Every table a command prints as CSV is printed as JSON by converting its
 * CSV (the header names the keys): an array of objects, one per row, values
 * strings (amounts stay exact decimal strings), except the columns the
 * command names as numbers (counts, days), written as JSON numbers (null
 * when empty). Never prints, never fails on CSV that Clerk wrote.
 */
#ifndef CLERK_JSON_H
#define CLERK_JSON_H

#include "compat.h"
#include "util/strbuf.h"

/** Appends s[0..len) as a JSON string: quotes, backslashes and control characters escaped. */
void json_string(struct strbuf *out, const char *s, size_t len);

/**
 * Appends the CSV table csv[0..len) (RFC 4180: a header line, then rows;
 * fields quoted with "" for a quote; LF or CRLF line ends) as a JSON array
 * of objects keyed by the header. Columns named in numeric (NULL-terminated,
 * may be NULL) are numbers when the field is an integer, null when empty,
 * else a string. Returns 0, or CLERK_EINVALID (error set) when a row has
 * more fields than the header or a quote is not closed; out then holds a
 * partial result.
 */
int json_from_csv(struct strbuf *out, const char *csv, size_t len, const char *const *numeric);

/*
 * The same array written piece by piece, for a command that prints its CSV
 * as it goes (clerk camt): the first piece given starts with the header
 * line; every piece ends at the end of a row. The output is the bytes
 * json_from_csv() gives for the whole CSV.
 */
struct json_table;

/** A new table; numeric (borrowed, may be NULL) as for json_from_csv(). Free with json_table_free(). */
struct json_table *json_table_new(const char *const *numeric);
/**
 * Appends the rows of csv[0..len) (the header first, in the first piece)
 * as objects to out ('[' before the first). Returns 0, or CLERK_EINVALID
 * (error set) as json_from_csv(); every later piece is then refused too.
 */
int json_table_add(struct json_table *t, struct strbuf *out, const char *csv, size_t len);
/** Appends the end of the array ("[]" when nothing was added). */
void json_table_end(struct json_table *t, struct strbuf *out);
void json_table_free(struct json_table *t);

#endif

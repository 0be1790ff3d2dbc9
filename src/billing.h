/*
 * billing.h - the billing lines `clerk invoice` turns into invoices and
 * credit notes: an RFC 4180 CSV file with a header row naming the columns
 * key, customer, issue_date, currency, description, quantity, unit_price,
 * vat_category, vat_rate and optionally credits, in any order
 * (formats/invoice.md, "The billing file").
 *
 * The reader checks what a line says by itself (the CSV's shape, dates,
 * numbers, codes); what it means against the books (customers, series,
 * credited invoices) is the invoice module's part (invoice.h). Every
 * problem is an error in a struct diag at FILE:LINE:COL with the source
 * line; reading goes on so that all of them are reported.
 *
 * Ownership: a struct billing owns its lines, their strings (in its pool)
 * and a copy of the file's text (for the source lines of diagnostics);
 * billing_release() frees it all.
 */
#ifndef CLERK_BILLING_H
#define CLERK_BILLING_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "diag.h"
#include "util/mempool.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* Limits: a file, a field and a number's digits. */
#define BILLING_MAX_FILE (256u << 20)
#define BILLING_MAX_FIELD 1000
#define BILLING_MAX_DECIMALS 6

/* The columns, in the order a summary or a message names them. */
enum billing_col {
	BILLING_KEY,
	BILLING_CUSTOMER,
	BILLING_ISSUE_DATE,
	BILLING_CURRENCY,
	BILLING_DESCRIPTION,
	BILLING_QUANTITY,
	BILLING_UNIT_PRICE,
	BILLING_VAT_CATEGORY,
	BILLING_VAT_RATE,
	BILLING_CREDITS,
	BILLING_NCOLS
};

/** The column's name in the header row ("unit_price"). */
const char *billing_col_name(enum billing_col c);

/* One billing line: one line of a document. */
struct billing_line {
	const char *key;         /* the document it belongs to */
	const char *customer;    /* a party account's name */
	clerk_date issue_date;
	char currency[4];        /* ISO 4217 */
	const char *description; /* the item's name (BT-153) */
	struct dec quantity;     /* not zero; negative for a line that takes off */
	struct dec unit_price;   /* not negative (BR-27) */
	char category[3];        /* S, Z, E, AE, K, G, O */
	struct dec rate;         /* percent; 0 when !has_rate */
	bool has_rate;
	const char *credits;     /* the invoice number a credit note reduces, or NULL */
	uint32_t line;           /* the record's first line */
	uint32_t fline[BILLING_NCOLS]; /* where each field starts: line */
	uint32_t fcol[BILLING_NCOLS];  /* and 1-based character column */
};

struct billing {
	char *name; /* the file as shown in messages */
	struct strbuf text;
	VEC(uint32_t) line_starts; /* byte offset of each line's start */
	VEC(struct billing_line) lines;
	bool has_credits;          /* the header has the credits column */
	struct mempool pool;
};

#define BILLING_INIT { NULL, STRBUF_INIT, VEC_INIT, VEC_INIT, false, MEMPOOL_INIT }

/**
 * Reads the billing file at path (opened with fsutil_open_regular(), never
 * waited on, at most BILLING_MAX_FILE bytes) into b, shown as path.
 * Returns 0; CLERK_EPARSE with the problems in d; or CLERK_ENOTFOUND /
 * CLERK_EIO (clerk_error_set) when the file cannot be read.
 */
int billing_read_file(struct billing *b, const char *path, struct diag *d) WARN_UNUSED;
/** Like billing_read_file(), from data[0..len) named name. */
int billing_read_memory(struct billing *b, const char *name, const char *data, size_t len,
			struct diag *d) WARN_UNUSED;
/**
 * Adds an error at field col of line l of b (its source line shown): how
 * the invoice module reports what the books say about a line.
 */
void billing_error(const struct billing *b, struct diag *d, const struct billing_line *l,
		   enum billing_col col, const char *fmt, ...) PRINTF_LIKE(5, 6);
void billing_release(struct billing *b);

#endif

/*
 * invoice.h - invoices and credit notes from billing lines
 * (formats/invoice.md): the documents, their gapless numbers from the
 * books' series, their exact EN 16931 sums and the postings that book them.
 *
 *   struct invoicer *iv = invoicer_new(j);
 *   invoicer_add(iv, &billing, &d);   // per billing file: checked against the books
 *   invoicer_plan(iv, &d);            // numbers, sums, postings
 *   invoicer_text(iv)                 // the journal text to commit
 *
 * Numbers are decided from the books j as loaded: the caller holds the
 * books' lock from loading them to committing the text (cmd/invoice.c), so
 * that no other writer can take a number in between.
 *
 * Ownership: the invoicer borrows j and every billing added (they must
 * outlive it) and owns the rest; invoicer_free() releases it.
 */
#ifndef CLERK_INVOICE_H
#define CLERK_INVOICE_H

#include "compat.h"
#include "billing.h"
#include "decimal.h"
#include "diag.h"
#include "journal.h"
#include "lang.h"
#include "util/strbuf.h"

struct invoicer;
struct einvoice;

/* One line of the VAT breakdown of a document (BG-23). */
struct invoice_vat {
	char category[3];
	struct dec rate;     /* percent; 0 for category O */
	bool has_rate;       /* false for O */
	struct dec taxable;  /* BT-116: the sum of the line nets of this category and rate */
	struct dec tax;      /* BT-117: taxable x rate / 100, half away from zero */
	uint32_t account;    /* the vat-output account (NO_ID when tax is 0) */
};

/* One line of a document (BG-25). */
struct invoice_line {
	const struct billing *b;
	const struct billing_line *l;
	struct dec net;      /* BT-131: quantity x unit price, half away from zero */
};

/* A document as planned. Amounts are positive for credit notes too (as their UBL says). */
struct invoice_doc {
	const char *key;
	bool credit;          /* a credit note (credits given) */
	char number[64];      /* BT-1 */
	const char *credits;  /* BT-25 for a credit note, else NULL */
	clerk_date credited_date; /* BT-26 */
	uint32_t party;       /* the customer's account */
	clerk_date issue, due; /* BT-2, BT-9 (due only for invoices) */
	char currency[4];
	int32_t exponent;     /* the currency's decimals */
	VEC(struct invoice_line) lines;
	VEC(struct invoice_vat) vat;
	struct dec net;       /* BT-106 = BT-109 */
	struct dec tax;       /* BT-110 */
	struct dec total;     /* BT-112 = BT-115 */
	char ref[32];         /* ISO 11649 RF reference (invoices), "" for credit notes */
	uint32_t income;      /* the revenue account */
	char *documents;      /* the transaction's "    ; clerk-document: ..." lines, or NULL (owned) */
};

/** A new invoicer over the loaded, checked books j. */
struct invoicer *invoicer_new(const struct journal *j);
void invoicer_free(struct invoicer *iv);

/**
 * Takes the lines of b (read without errors) into documents by key,
 * checking them against the books: a customer that is no party account
 * below `role: receivable`, a document whose lines disagree on customer,
 * issue date, currency or credited invoice, a credited invoice that the
 * books do not have for that customer and currency. Errors go to d at the
 * line and column; returns the number of errors added.
 */
size_t invoicer_add(struct invoicer *iv, const struct billing *b, struct diag *d);

/**
 * Computes every document's sums, checks what needs them (a total above
 * zero, a credit note no larger than what is left of the invoice it
 * credits, the accounts the postings need), numbers the documents from the
 * series (in issue date order, then as given; never before the date of the
 * series' last number in the books) and writes the journal text. Returns 0,
 * or CLERK_EINVALID with errors in d (for the billing files) or with
 * clerk_error_set() (a policy the books lack: no series, no VAT account).
 */
int invoicer_plan(struct invoicer *iv, struct diag *d) WARN_UNUSED;

/**
 * Records the files written for document i on its transaction: value is a
 * clerk-document: tag's value (documents.h), added as one comment line below the
 * transaction's first line. Call invoicer_rewrite_text() after the last.
 */
void invoicer_add_document(struct invoicer *iv, size_t i, const char *value);
/** Builds the journal text again (with the documents recorded since invoicer_plan()). */
void invoicer_rewrite_text(struct invoicer *iv);

/** The journal text of every document, in number order (after invoicer_plan()). */
const struct strbuf *invoicer_text(const struct invoicer *iv);
/** The documents in number order (invoices, then credit notes); *n set. */
const struct invoice_doc *invoicer_docs(const struct invoicer *iv, size_t *n);
/** The summary: "key,invoice,customer,issue_date,due,currency,net,vat,total,ref,credits". */
void invoicer_summary_csv(const struct invoicer *iv, struct strbuf *out);
/** The summary for people: one line per document. */
void invoicer_summary_text(const struct invoicer *iv, struct strbuf *out);

/**
 * Builds the EN 16931 model of document i (einvoice.h): seller from the
 * books' bank account (name:, vat:, address:, iban:, bic:), buyer from the
 * party account (name:, vat:, address:), lines, breakdown and totals.
 * *out is the caller's (einvoice_free()).
 */
void invoicer_einvoice(const struct invoicer *iv, size_t i, struct einvoice **out);

/** The language of document i's page: lang_of_account() of its customer's account. */
enum lang invoicer_lang(const struct invoicer *iv, size_t i);

/**
 * Appends the document modelled by inv (from invoicer_einvoice()) as one
 * printable, self-contained HTML page (invoice_html.c): both parties' names,
 * addresses and VAT ids, the lines, the VAT breakdown, the totals, how to
 * pay (due date, bank details, the RF reference) and, for a EUR invoice,
 * the EPC069-12 QR code as inline SVG. Deterministic. Returns 0, or
 * CLERK_EINVALID (clerk_error_set) when the QR code cannot be made (a
 * payee name or IBAN EPC069-12 does not allow). Every word is in lg, the
 * customer's language (lang_of_account() of the party account: lang/\*.tsv),
 * dates and amounts written its way (formats/languages.md); the numbers,
 * references, names and addresses as they are.
 */
int invoice_html(const struct einvoice *inv, enum lang lg, struct strbuf *out) WARN_UNUSED;
/** Whether invoice_html() would succeed, without drawing anything: 0 or CLERK_EINVALID. */
int invoice_html_check(const struct einvoice *inv) WARN_UNUSED;

#endif

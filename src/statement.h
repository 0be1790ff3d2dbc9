/*
 * statement.h - statements of account: for one party account and currency,
 * the balance brought forward, every movement of a period with a running
 * balance, the balance at the end and the open items then, with their ages
 * (formats/statement.md).
 *
 * Signs: every amount is positive for what is owed (to us on a receivable,
 * by us on a payable), as in openitems.h. The closing balance is the party
 * account's balance on the end date (negated for payables) and equals the
 * open items plus the unapplied money on that date: statement_compute()
 * checks both and says so in `tied`.
 *
 * The engine computes and never prints; rendering (text, CSV, HTML) is in
 * the same module and never prints either. It expects a journal that
 * passed journal_check().
 *
 * Ownership: statements_release() frees what statement_compute() added.
 * Strings in the lines and open items are borrowed from the journal and
 * live as long as it.
 */
#ifndef CLERK_STATEMENT_H
#define CLERK_STATEMENT_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "util/strbuf.h"
#include "util/vec.h"

enum statement_kind {
	STATEMENT_INVOICE,     /* opens an item: an invoice (a bill on a payable) */
	STATEMENT_CREDIT_NOTE, /* reduces an item without money: a credit note */
	STATEMENT_PAYMENT,     /* money received (paid, on a payable) */
	STATEMENT_RETURNED,    /* a payment returned by the bank, or money paid back */
	STATEMENT_DISCOUNT,    /* an early-payment discount taken */
	STATEMENT_WRITE_OFF,   /* written off */
	STATEMENT_FEE,         /* a dunning fee charged */
	STATEMENT_INTEREST,    /* interest charged on overdue items */
	STATEMENT_ADJUSTMENT,  /* anything else on the account */
	STATEMENT_NKINDS
};

/** The kind's name in CSV ("invoice", "credit-note", "payment", ...). */
const char *statement_kind_name(enum statement_kind k);

struct statement_line {
	clerk_date date;
	uint8_t kind;            /* enum statement_kind */
	const char *document;    /* its own number: the invoice, credit note, fee item; or NULL */
	const char *applies_to;  /* the invoice a reduction names, or NULL (on account) */
	clerk_date due;          /* an invoice's, fee's or interest's `due:`, or DATE_NONE */
	uint32_t posting;        /* journal posting index */
	struct dec amount;       /* owed-positive */
	struct dec balance;      /* running balance after this line */
};

struct statement_open {
	const char *invoice;
	const char *ref;         /* `ref:` (RF reference), or NULL */
	clerk_date date, due;
	int32_t days_past_due;   /* end date - due: negative while not yet due */
	struct dec amount, open;
};

struct statement {
	uint32_t account;        /* the party account */
	uint32_t commodity;      /* NO_ID: nothing on the account up to the end date */
	uint8_t role;            /* ROLE_RECEIVABLE or ROLE_PAYABLE */
	clerk_date from;         /* first day of the period, DATE_NONE: the start of the books */
	clerk_date to;           /* last day (inclusive) */
	struct dec brought_forward; /* balance before `from` */
	struct dec closing;      /* balance at `to` */
	struct dec unapplied;    /* money not applied to an item at `to` (negative: a credit) */
	struct dec open_total;   /* the open items' sum at `to` */
	bool tied;               /* closing = brought forward + lines = open items + unapplied */
	VEC(struct statement_line) lines;
	VEC(struct statement_open) open;
};

typedef VEC(struct statement) statement_vec;

/**
 * Appends to out one statement per commodity used on each party account of
 * accounts[0..n) (postings dated on or before `to`), in the given account
 * order, then commodity symbol; a party account with no posting up to `to`
 * gets one statement with commodity NO_ID. With nonzero_only, statements
 * whose closing balance is zero are left out. `to` must be a date; `from`
 * DATE_NONE or not after `to`. Returns 0, or CLERK_EINVALID (with
 * clerk_error_set) for an account that is not a party account or a bad
 * period; out is unchanged then.
 */
int statement_compute(statement_vec *out, const struct journal *j, const uint32_t *accounts, size_t n,
		      clerk_date from, clerk_date to, bool nonzero_only) WARN_UNUSED;
void statements_release(statement_vec *v);

/**
 * Appends the party accounts (receivable and payable) whose balance on
 * `to` is not zero in some commodity, sorted by account name.
 */
void statement_parties_due(u32_vec *out, const struct journal *j, clerk_date to);

/**
 * The party account named name: the full account name, or the last part
 * of one when only one party account ends so. Returns its id, or NO_ID.
 */
uint32_t statement_find_party(const struct journal *j, const char *name);
/**
 * The party account name nearest to name (util/near.h), for "did you
 * mean", or NULL. Borrowed from the journal.
 */
const char *statement_near_party(const struct journal *j, const char *name);

/**
 * Rendering. Text and CSV are for the clerk (they name the account);
 * HTML is one printable page for the party (formats/statement.md, "The
 * page"), which never shows an account name. statement_html returns 0, or
 * CLERK_EINVALID when the EPC QR code cannot be made from the books' bank
 * details (clerk_error_set says why).
 */
void statement_text(struct strbuf *out, const struct statement *s, const struct journal *j);
void statement_csv_header(struct strbuf *out);
void statement_csv(struct strbuf *out, const struct statement *s, const struct journal *j);
int statement_html(struct strbuf *out, const struct statement *s, const struct journal *j) WARN_UNUSED;

/**
 * The file name of s without extension: statement-DATE-PARTY-CUR, where
 * PARTY is the last part of the account name as written (UTF-8 kept), with
 * '/', '\\', control characters and a leading '.' each replaced by '-'
 * (formats/statement.md, "Files").
 */
void statement_file_name(struct strbuf *out, const struct statement *s, const struct journal *j);

#endif

/*
 * letters.h - the dunning letters: one reminder per party and currency due
 * a notice, as plain text and as a self-contained HTML page
 * (formats/dunning.md, "Letters").
 *
 * A letter is read by the customer: it names our company (the sender), the
 * customer (its `name:`), the invoices and where to pay, and never our own
 * account names. The sender comes from the first account with `role: bank`
 * that has both an `iban:` and a `name:` tag: its `name:` (the account
 * holder, our company), the IBAN and an optional `bic:`. Without such an
 * account no letter can be written truthfully: letters_sender_problem()
 * says why, and letters_each() refuses. Rendering never prints.
 */
#ifndef CLERK_LETTERS_H
#define CLERK_LETTERS_H

#include "compat.h"
#include "dunning.h"
#include "util/strbuf.h"

struct letter_sender {
	const char *name; /* the bank account's `name:` (our company), or NULL */
	const char *iban; /* the bank account's `iban:`, or NULL */
	const char *bic;  /* NULL when not tagged */
	/*
	 * The bank account the details come from: the first `role: bank`
	 * account with `iban:` and `name:`; when there is none, the first with
	 * an `iban:`, else the first `role: bank` account (the one that lacks
	 * them); NO_ID when no account has `role: bank`.
	 */
	uint32_t account;
};

/**
 * Fills s from the books (borrowed strings; blank tag values count as
 * missing). The journal must have passed journal_check() (roles resolved).
 */
void letters_sender(struct letter_sender *s, const struct journal *j);
/**
 * NULL when letters can be written with s (it has a name and an IBAN),
 * else a static reason, a lowercase phrase without a final period, such as
 * "the bank account has no 'name:' (...), so ...". Callers hold the letters and
 * show the reason (with s->account's name and declaration when it is not
 * NO_ID).
 */
const char *letters_sender_problem(const struct letter_sender *s);

/**
 * The postal address of account a, one line a call: its `address:` tags in
 * the order written (blank ones skipped), then its `country:` when tagged;
 * NULL after the last. *i starts at 0 and is the caller's cursor. Borrowed
 * strings. Letters and pages show them under the sender's and the party's
 * names.
 */
const char *letters_address_line(const struct journal *j, uint32_t a, size_t *i);

/**
 * The letter file name of row r without extension: DATE-LEVEL-party-CUR.
 * party is the party account's last part in lower case and Unicode NFC
 * (libunistring), letters, decimal digits and marks of any script kept,
 * every run of anything else one '-', at most 100 bytes, "party" when
 * nothing is left (formats/dunning.md, "File names"). Two rows may get the
 * same name:
 * letters_file_names() tells them apart.
 */
void letters_file_name(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		       clerk_date date);
/**
 * The file names (without extension) of the letters due in d on date, one
 * per row of d (NULL for a row without notice_due), all different: when
 * rows share a letters_file_name(), the one whose party account (then
 * currency symbol) sorts first keeps it and each other gets the party part
 * followed by "-N", the smallest N >= 2 that no other letter of the day
 * has. Caller frees with letters_file_names_free().
 */
char **letters_file_names(const struct dunning *d, const struct journal *j, clerk_date date);
void letters_file_names_free(char **names, const struct dunning *d);

/*
 * The letter for row r as text and as HTML. s must have no
 * letters_sender_problem() (a letter without a sender is a BUG).
 */
void letters_text(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date);
void letters_html(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date);

/* Receives one letter: its file name (letters_file_names() + .txt or .html) and its text. */
typedef int (*letters_emit_fn)(void *ctx, const char *name, const struct strbuf *body);

/**
 * Renders every letter due (text, then HTML, per row with notice_due, in
 * the rows' order) and hands each to emit; stops at the first non-zero it
 * returns and returns that, else 0. When letters are due but the books
 * give no sender (letters_sender_problem()), emits nothing and returns
 * CLERK_EINVALID with the message "cannot write letters: <reason>".
 */
int letters_each(const struct dunning *d, const struct journal *j, const struct openitems *oi,
		 clerk_date date, letters_emit_fn emit, void *ctx);

#endif

/*
 * letters.h - the dunning letters: one reminder per party and currency due
 * a notice, as plain text and as a self-contained HTML page
 * (formats/dunning.md, "Letters").
 *
 * The creditor details come from the first account with `role: bank` that
 * has an `iban:` tag: its `name:` (the account holder, our company), the
 * IBAN and an optional `bic:`. Rendering never prints and never fails.
 */
#ifndef CLERK_LETTERS_H
#define CLERK_LETTERS_H

#include "compat.h"
#include "dunning.h"
#include "util/strbuf.h"

struct letter_sender {
	const char *name; /* the bank account's `name:`, else "" */
	const char *iban; /* NULL when no bank account has one */
	const char *bic;  /* NULL when not tagged */
};

/** Fills s from the books (borrowed strings). */
void letters_sender(struct letter_sender *s, const struct journal *j);
/** The letter file name without extension: DATE-LEVEL-party-CUR, only [A-Za-z0-9._-]. */
void letters_file_name(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		       clerk_date date);
void letters_text(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date);
void letters_html(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date);

/* Receives one letter: its file name (DATE-LEVEL-party-CUR.txt or .html) and its text. */
typedef int (*letters_emit_fn)(void *ctx, const char *name, const struct strbuf *body);

/**
 * Renders every letter due (text, then HTML, per row with notice_due, in
 * the rows' order) and hands each to emit; stops at the first non-zero it
 * returns and returns that, else 0.
 */
int letters_each(const struct dunning *d, const struct journal *j, const struct openitems *oi,
		 clerk_date date, letters_emit_fn emit, void *ctx);

#endif

/*
 * openitems.h - open items: the invoices and bills on party accounts, what
 * was paid or credited on them, and what remains (formats/open-items.md).
 *
 * An open item is identified by party account + commodity + `invoice:`
 * number. Postings to the party account in the opening direction (a debit
 * on a receivable, a credit on a payable) open it; postings with the same
 * number in the other direction reduce it. Postings without `invoice:` are
 * unapplied; reducing postings naming a number never opened on that
 * account are unapplied too, and also listed as "unknown invoice".
 *
 * Signs: every amount here is positive for what is owed (to us for
 * receivables, by us for payables): owed = balance on a receivable,
 * -balance on a payable. An over-reduced item has a negative `open` (a
 * credit), a payment on account a negative unapplied amount.
 *
 * The engine computes and never prints. It expects a journal that passed
 * journal_check() (roles resolved, reserved tags validated, no duplicate
 * invoices); on other journals the results are defined but may surprise.
 *
 * Ownership: openitems_compute() returns a handle the caller frees with
 * openitems_free(). Every pointer obtained from it (items, parties,
 * posting lists, the invoice and tag strings, which are borrowed from the
 * journal) stays valid as long as both the handle and the journal live.
 */
#ifndef CLERK_OPENITEMS_H
#define CLERK_OPENITEMS_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "terms.h"
#include "util/strbuf.h"

struct openitems; /* opaque */

enum openitems_side {
	OPENITEMS_RECEIVABLES = 1,
	OPENITEMS_PAYABLES = 2,
	OPENITEMS_BOTH = 3,
};

struct openitems_options {
	clerk_date as_of;         /* only postings dated on or before it; DATE_NONE: all */
	enum openitems_side side; /* which party accounts */
	bool include_closed;      /* also keep items, unapplied sums and unknown invoices at zero */
	/* build the indexes of openitems_find_normalized() and openitems_find_ref()
	 * while computing, when the numbers are read anyway (for matching many
	 * payments); otherwise each is built on its first lookup */
	bool index_numbers;
	/* only the transactions of journal file `file` (the keys of a history
	 * file, formats/close.md); false: all */
	bool one_file;
	uint32_t file;
};

#define OPENITEMS_OPTIONS_INIT { DATE_NONE, OPENITEMS_RECEIVABLES, false, false, false, 0 }

enum openitem_due_source {
	DUE_FROM_TAG,   /* the item's `due:` tag */
	DUE_FROM_TERMS, /* the party's `terms:` net days after the item date */
	DUE_FROM_DATE,  /* neither: due on the item date */
};

/* A party account (one per party account of the chosen side(s), used or not). */
struct openitems_party {
	uint32_t account;       /* journal account id */
	uint8_t role;           /* ROLE_RECEIVABLE or ROLE_PAYABLE */
	bool has_terms;         /* `terms:` present and valid */
	const char *name;       /* `name:` tag, else the last part of the account name */
	const char *iban;       /* NULL when not tagged (as are the next four) */
	const char *email;
	const char *terms_text; /* the `terms:` tag as written */
	const char *dunning;    /* `dunning:` tag, e.g. "no" */
	struct terms terms;     /* parsed terms (zero when !has_terms) */
};

/* An item. Read-only for callers. */
struct openitem {
	uint32_t party;          /* index for openitems_party() */
	uint32_t account;        /* party account id (journal) */
	uint32_t commodity;      /* commodity id (journal) */
	const char *invoice;     /* the `invoice:` number as written */
	clerk_date date;         /* date of its opening transaction (the earliest) */
	clerk_date due;          /* see due_source */
	clerk_date discount_until; /* last day of the early-payment discount, or DATE_NONE */
	const struct dec *discount_pct; /* percent from the party's terms, or NULL when none */
	clerk_date last_date;    /* date of its latest counted posting */
	const char *dispute;     /* `dispute:` of an opening posting (or its transaction), or NULL */
	const char *ref;         /* `ref:` of an opening posting (or its transaction), or NULL */
	uint32_t opening_txn;    /* the (earliest) transaction that opened it */
	uint8_t due_source;      /* enum openitem_due_source */
	struct dec amount;       /* what it was opened for (owed-positive) */
	struct dec open;         /* what remains: amount less reductions; negative = a credit */
	uint32_t postings_start, npostings; /* see openitems_item_postings() */
};

/*
 * Unapplied money per party account and commodity: the postings without
 * `invoice:` (on_account) plus the reducing postings naming an unknown
 * invoice (unknown). amount = on_account + unknown.
 */
struct openitems_unapplied {
	uint32_t party, account, commodity;
	struct dec amount;
	struct dec on_account;
	struct dec unknown;
	uint32_t postings_start, npostings; /* postings without `invoice:` only */
};

/* Reducing postings naming an invoice never opened on that account and commodity. */
struct openitems_unknown {
	uint32_t party, account, commodity;
	const char *invoice;
	clerk_date date;   /* of the earliest such posting */
	struct dec amount; /* their sum, owed-positive (a payment is negative) */
	uint32_t postings_start, npostings;
};

/**
 * Computes the open items of j with options o (NULL: defaults). Returns 0
 * and a new handle in *out (caller frees with openitems_free()). It does
 * not fail on valid journals; the int is for future policies (returns -1
 * with clerk_error_set only for a bad option value, *out NULL).
 */
int openitems_compute(struct openitems **out, const struct journal *j,
		      const struct openitems_options *o) WARN_UNUSED;
/** Frees the handle; openitems_free(NULL) does nothing. */
void openitems_free(struct openitems *oi);

/** The journal and options the handle was computed from (borrowed). */
const struct journal *openitems_journal(const struct openitems *oi);
clerk_date openitems_as_of(const struct openitems *oi);
enum openitems_side openitems_side(const struct openitems *oi);

/**
 * Items, in the deterministic order: party account name, due, date,
 * invoice number (bytes), commodity symbol. Without include_closed only
 * items whose open is not zero are here. Borrowed.
 */
size_t openitems_count(const struct openitems *oi);
const struct openitem *openitems_item(const struct openitems *oi, size_t i);
/**
 * The postings (journal posting indices) that opened or reduced item i,
 * in date order (then reading order); *n gets their count. Borrowed.
 */
const uint32_t *openitems_item_postings(const struct openitems *oi, size_t i, size_t *n);

/** Party accounts of the chosen side(s), sorted by account name. Borrowed. */
size_t openitems_party_count(const struct openitems *oi);
const struct openitems_party *openitems_party(const struct openitems *oi, size_t i);
/** Returns the index of the party for journal account id, or NO_ID. */
uint32_t openitems_party_of(const struct openitems *oi, uint32_t account);

/**
 * Unapplied sums, sorted by account name then commodity symbol; rows that
 * are zero are left out unless include_closed. Borrowed.
 */
size_t openitems_unapplied_count(const struct openitems *oi);
const struct openitems_unapplied *openitems_unapplied(const struct openitems *oi, size_t i);
/** Postings without `invoice:` of unapplied row i (journal indices, date order). */
const uint32_t *openitems_unapplied_postings(const struct openitems *oi, size_t i, size_t *n);
/** The unapplied row for (account, commodity), or NULL. */
const struct openitems_unapplied *openitems_find_unapplied(const struct openitems *oi,
							    uint32_t account, uint32_t commodity);

/** Unknown-invoice groups, sorted by account name, date, invoice. Borrowed. */
size_t openitems_unknown_count(const struct openitems *oi);
const struct openitems_unknown *openitems_unknown(const struct openitems *oi, size_t i);
const uint32_t *openitems_unknown_postings(const struct openitems *oi, size_t i, size_t *n);

/**
 * Returns the index of the item (account, commodity, invoice), or
 * CLERK_ENOTFOUND (without setting an error: it is an expected outcome)
 * when there is none among the listed items. The number is compared
 * exactly, as written.
 */
int openitems_find(size_t *out, const struct openitems *oi, uint32_t account,
		   uint32_t commodity, const char *invoice);

/**
 * Appends the normalised form of an invoice number to out: every run of
 * ASCII digits loses its leading zeros (a run of zeros becomes "0"), then
 * spaces, tabs and dashes are removed and ASCII letters are upper-cased.
 * "inv-2026-0042", "INV 2026 42" and "INV-2026-042" all give "INV202642".
 */
void openitems_normalize(struct strbuf *out, const char *s);

/**
 * Finds the items, of every party, whose normalised invoice number equals
 * the normalised form of text. Sets *out to a borrowed array of item
 * indices (ascending) and returns their number (0: none, *out NULL). The
 * index is built on the first call, which is why the handle is not const;
 * do not call it from several threads at once.
 */
size_t openitems_find_normalized(const uint32_t **out, struct openitems *oi, const char *text);

/**
 * Finds the items, of every party, whose `ref:` equals ref, both without
 * spaces and upper-cased (refs_normalize()). Like
 * openitems_find_normalized(): borrowed ascending indices, the index built
 * on the first call unless index_numbers built it already.
 */
size_t openitems_find_ref(const uint32_t **out, struct openitems *oi, const char *ref);

/*
 * Like openitems_find_normalized() and openitems_find_ref(), for a key
 * normalised already (openitems_normalize(), refs_normalize()): a caller
 * that needs the key too normalises once.
 */
size_t openitems_find_normalized_key(const uint32_t **out, struct openitems *oi, const char *key,
				     size_t len);
size_t openitems_find_ref_key(const uint32_t **out, struct openitems *oi, const char *key,
			      size_t len);

/* the fewest digits a number without its prefix must have to be looked up */
#define OPENITEMS_BARE_MIN_DIGITS 4

/**
 * Finds the items whose invoice number, normalised and without its leading
 * letters, equals the normalised digits: "2026-0086" finds INV-2026-0086
 * and RE 2026-86 (customers drop the prefix). Only numbers that have a
 * prefix and at least OPENITEMS_BARE_MIN_DIGITS digits after it are in
 * this index; digits must have no letter. Otherwise like
 * openitems_find_normalized().
 */
size_t openitems_find_bare(const uint32_t **out, struct openitems *oi, const char *digits);

#endif

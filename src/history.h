/*
 * history.h - the keys of the settled items a close put in the history
 * file (formats/close.md, "Settled items: the history file").
 *
 * clerk close writes the receivable items settled before the last
 * MREPORT_DSO_DAYS days through D into NEWROOT's history file, which the
 * new root includes, and their numbers and references into the keys file
 * beside it. Every command reads the history file as part of the books;
 * the night leaves it out and looks a number or reference it does not
 * find among the books' items up in the keys, so that a second payment
 * of an invoice settled before the close is still `overpaid`.
 *
 * The keys file is text: a first line `clerk-history-keys 1 SIZE` (SIZE the
 * history file's size in bytes), then lines sorted by their bytes:
 *
 *     KIND TAB KEY TAB ACCOUNT TAB DUE TAB DATE TAB INVOICE TAB COMMODITY
 *
 * KIND `n` (KEY the item's normalised number, openitems_normalize()) or
 * `r` (KEY its normalised reference, refs_normalize()). No field holds a
 * byte below 0x20, so the bytes order lines by KEY, then in the order of
 * the items (account name, due, date, number, commodity). Then the sales
 * lines, one per item date and commodity of the receivable items:
 *
 *     s TAB DATE TAB COMMODITY TAB AMOUNT
 *
 * AMOUNT the sum of their amounts (a plain decimal), for the items dated in
 * the last MREPORT_DSO_DAYS days through the close (older ones are before
 * any night's window): the night's report counts them as credit sales.
 */
#ifndef CLERK_HISTORY_H
#define CLERK_HISTORY_H

#include "compat.h"
#include "diag.h"
#include "journal.h"
#include "openitems.h"
#include "util/strbuf.h"

#define HISTORY_KEYS_MAGIC "clerk-history-keys 1 "

/** Whether item i can be looked up by its keys (no field with a byte below 0x20). */
bool history_item_fits(const struct journal *j, const struct openitems *oi, size_t i);

/**
 * Appends the keys file's text for items[0..n) of oi (each fits; items
 * NULL: the first n items of oi), for a history file of history_size bytes
 * written by a close through `through` (the sales lines are of its last
 * MREPORT_DSO_DAYS days).
 */
void history_keys_text(struct strbuf *out, const struct journal *j, const struct openitems *oi,
		       const uint32_t *items, size_t n, uint64_t history_size,
		       clerk_date through);
/** The close's date on the first line of history file `file` (its marker), or DATE_NONE. */
clerk_date history_date(const struct journal *j, uint32_t file);

/** The length of name without a trailing ".journal" (all of it without one). */
size_t history_stem_len(const char *name);
/** The keys file's path for the history file at path: ".journal" replaced by ".keys". */
void history_keys_path(struct strbuf *out, const char *history_path);

struct history; /* opaque: a keys file mapped into memory */

/**
 * Opens the keys file at path for a history file of history_size bytes.
 * Returns 0 and a handle (free with history_close()), CLERK_ENOTFOUND when
 * the file is missing, CLERK_EINVALID when its first line is not the magic
 * with that size (the history file was changed without it), CLERK_EIO.
 */
int history_open(struct history **out, const char *path, uint64_t history_size) WARN_UNUSED;
/** Like history_open(), on bytes in memory (borrowed; tests and fuzzing). */
int history_open_buffer(struct history **out, const char *data, size_t len,
			uint64_t history_size) WARN_UNUSED;
void history_close(struct history *h);

/** One settled item found by a key; the strings are borrowed from the handle's scratch. */
struct history_row {
	const char *account, *due, *date, *invoice, *commodity;
};

/**
 * The rows of kind ('n' or 'r') whose KEY is key (already normalised), in
 * the file's order. Returns their number; *rows is valid until the next
 * call on h. Malformed lines are passed over.
 */
size_t history_find(struct history *h, char kind, const char *key, size_t keylen,
		    const struct history_row **rows);

/**
 * Calls fn for each `s` line (the sales of one day in one commodity) dated
 * from..to (DATE_NONE: no bound), in date order, with the commodity symbol
 * (not NUL-terminated: len bytes) and the amount. Stops at fn's first
 * non-zero return and returns it; CLERK_EINVALID (error set) at a malformed
 * `s` line.
 */
int history_sales(const struct history *h, clerk_date from, clerk_date to,
		  int (*fn)(void *ctx, clerk_date date, const char *symbol, size_t len,
			    const struct dec *amount),
		  void *ctx) WARN_UNUSED;

/**
 * Reads every history file the books were loaded without (journal_load_
 * options.skip_history) and checks the books with them: the night's way
 * back when the keys do not answer (formats/close.md). 0, or
 * CLERK_EINVALID with an error in d.
 */
int history_read_skipped(struct journal *j, struct diag *d) WARN_UNUSED;
/** Whether the books were loaded without a history file that is still unread. */
bool history_skipped(const struct journal *j);
/**
 * Opens the keys of the history file the books were loaded without: 0 with
 * *out NULL when there is none; 0 and a handle when there is one whose
 * keys file answers for it; else an error, as history_open(), or
 * CLERK_EINVALID when there are several (a close writes one).
 */
int history_open_skipped(struct history **out, const struct journal *j) WARN_UNUSED;

#endif

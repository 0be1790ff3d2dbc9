/*
 * import.h - bank statements into the books, each booked movement exactly
 * once (formats/import.md).
 *
 * An importer reads camt files against loaded books, checks each
 * statement's account (a `role: bank` account with the statement's
 * `iban:`), its sequence (no gap after the last statement of the same kind
 * imported for that account) and its balances (opening = the books' balance
 * before it, closing = after it), skips what the books already hold (by the
 * movement's identity) and what is not booked, and produces the journal
 * text that posts the rest: one transaction per entry, the bank account
 * against the suspense account (charges to the charges account), and one
 * closing-balance transaction per statement that asserts the closing
 * balance, so the books prove continuity by themselves.
 *
 * Usage: importer_new(), importer_add_file() for each statement file,
 * importer_plan(), then importer_text() (what to commit) and
 * importer_report() (what was done and skipped, for people). All data
 * errors go to the struct diag; the functions return CLERK_EPARSE or
 * CLERK_EINVALID when there were any, and nothing must then be committed.
 *
 * Ownership: the importer borrows the journal (which must outlive it) and
 * owns everything else; importer_free(NULL) is a no-op.
 */
#ifndef CLERK_IMPORT_H
#define CLERK_IMPORT_H

#include "compat.h"
#include "diag.h"
#include "journal.h"
#include "util/strbuf.h"

struct importer;

/** Returns a new importer for the checked books j (caller frees). */
struct importer *importer_new(struct journal *j);
void importer_free(struct importer *im);

/**
 * Reads the statement file at path, streamed (its SHA-256 is taken as it is
 * read; the file is never held in memory whole). Data errors go to d
 * (CLERK_EPARSE); CLERK_ENOTFOUND/CLERK_EIO when it cannot be read
 * (clerk_error_set).
 */
int importer_add_file(struct importer *im, const char *path, struct diag *d) WARN_UNUSED;
/**
 * Like importer_add_file(), from the open file fd (read from where it
 * stands), shown as name in diagnostics and the statement's tags; writes
 * the file's SHA-256 into hex (SHA256_HEX_LEN + 1 bytes) when not NULL.
 */
int importer_add_fd(struct importer *im, int fd, const char *name, struct diag *d,
		    char *hex) WARN_UNUSED;
/**
 * Like importer_add_file(), from len bytes at data (borrowed for the call);
 * name is used in diagnostics and in the statement's tags.
 */
int importer_add_buffer(struct importer *im, const char *name, const char *data, size_t len,
			struct diag *d) WARN_UNUSED;

/**
 * Orders the statements per account and sequence, checks accounts,
 * sequences and balances against the books, and decides for every movement
 * (post, or skip and why). Returns 0 or CLERK_EINVALID (errors in d).
 */
int importer_plan(struct importer *im, struct diag *d) WARN_UNUSED;

/** The journal text to commit (borrowed; empty when nothing is new). */
const struct strbuf *importer_text(const struct importer *im);
/**
 * Appends the text to commit to out and empties the importer's (moved,
 * not copied, when out is empty): for a caller that has no more use for
 * the importer's text.
 */
void importer_take_text(struct importer *im, struct strbuf *out);
/** Number of movements (entries) the text posts. */
size_t importer_posted(const struct importer *im);
/** Number of transfers that the pain.002 status reports' rejections reopen (formats/pay.md). */
size_t importer_rejections(const struct importer *im);
/** Appends a human-readable account of what was posted and skipped. */
void importer_report(const struct importer *im, struct strbuf *out);
/* The header line of importer_decisions_csv() (formats/import.md, "The decisions table"). */
#define IMPORTER_DECISIONS_HEADER                                                              \
	"entry,booking_date,amount,currency,counterparty,decision,rule,party,items,applied,"    \
	"unapplied,note,file,statement,applied_currency\n"

/**
 * Appends the decisions table (formats/matching.md): one CSV row per
 * transaction detail of every entry read, with the header line first.
 * Call after importer_plan().
 */
void importer_decisions_csv(const struct importer *im, struct strbuf *out);
/**
 * Appends one line counting the decisions of the decisions table by
 * decision and rule, e.g. "decisions: 2 matched (invoice-number 1,
 * reference 1), 1 suspense\n". Call after importer_plan().
 */
void importer_summary_text(const struct importer *im, struct strbuf *out);
/** Number of decisions a person should look at (suspense, overpaid, on account, ...). */
size_t importer_exceptions(const struct importer *im);
/** Appends the exceptions list: one line per decision a person should look at. */
void importer_exceptions_text(const struct importer *im, struct strbuf *out);
/** Space-separated SHA-256 digests of the statement files read. */
const char *importer_file_digests(const struct importer *im);

#endif

/*
 * receive.h - received bills: vendors' EN 16931 e-invoices into the books,
 * only what is right (formats/einvoice.md, "Receiving bills").
 *
 * A receiver borrows checked books and takes e-invoice documents (UBL
 * Invoice and CreditNote, CII CrossIndustryInvoice). For each it decides:
 *
 *   posted     verified, from a known vendor, nothing to hold: one
 *              transaction in the text to commit;
 *   held       a person must look first (unknown seller, bank details
 *              changed, a probable duplicate, a credit note for no open
 *              bill, no account for the VAT or the net, a vendor on hold);
 *   duplicate  already in the books (the same file, or the vendor's
 *              number): nothing to post;
 *   refused    not an e-invoice, not readable, breaks an EN 16931 rule, or
 *              in a currency the books do not declare.
 *
 * Usage (as `clerk receive` and the night do): receiver_new(),
 * receiver_add_file() / _add_fd() / _add_buffer() for each document (read
 * and verified at once; only what the decisions need is kept, so memory
 * does not grow with the documents' size), receiver_accept() for a
 * probable duplicate a person has looked at, receiver_plan() (the
 * decisions against the books and one another, and the journal text),
 * then receiver_text(), receiver_decisions_csv(), receiver_report(),
 * receiver_exceptions_text(), receiver_refusals_text() and the counts.
 *
 * A problem with one document is a decision, never an error of the call:
 * the functions return errors only for a file that cannot be read (I/O)
 * and for books whose receiving policy is contradictory (two input VAT
 * accounts for one rate...), which go to the struct diag as errors: then
 * nothing may be committed.
 *
 * The text is one transaction per posted document, each preceded by the
 * comment lines "; clerk-receive-source: NAME" and "; clerk-receive-sha256:
 * HEX"; the party posting carries `einvoice-sha256: HEX`, which is how a
 * later call knows the file was received. It is computed from the books,
 * the documents' bytes and names and the accepted names only: no clock.
 *
 * Ownership: the receiver borrows the journal (which must outlive it and
 * must not change until receiver_plan() has run) and owns everything
 * else; receiver_free(NULL) is a no-op.
 */
#ifndef CLERK_RECEIVE_H
#define CLERK_RECEIVE_H

#include "compat.h"
#include "diag.h"
#include "journal.h"
#include "util/strbuf.h"

struct receiver;

enum receive_decision {
	RECEIVE_POSTED,
	RECEIVE_HELD,
	RECEIVE_DUPLICATE,
	RECEIVE_REFUSED,
};

/** "posted", "held", "duplicate", "refused" (the decisions table's words). */
const char *receive_decision_name(enum receive_decision d);

/** Returns a new receiver for the checked books j (caller frees). */
struct receiver *receiver_new(struct journal *j);
void receiver_free(struct receiver *r);

/**
 * Reads the document at path (a regular file, never waited on, read no
 * further than its size), shown as name (NULL: path) in the decisions and
 * the diagnostics. hex, when not NULL, receives its SHA-256 (65 bytes).
 * Returns 0 (whatever the decision), or CLERK_ENOTFOUND / CLERK_EIO with
 * clerk_error_set() when the file cannot be read: then it is not taken.
 */
int receiver_add_file(struct receiver *r, const char *path, const char *name,
                      char *hex) WARN_UNUSED;
/** Like receiver_add_file(), from the open regular file fd (read from where it stands). */
int receiver_add_fd(struct receiver *r, int fd, const char *name, char *hex) WARN_UNUSED;
/** Like receiver_add_file(), from len bytes at data (borrowed for the call). */
void receiver_add_buffer(struct receiver *r, const char *name, const char *data, size_t len,
                         char *hex);

struct einvoice;
/**
 * Takes a document read elsewhere (borrowed for the call): inv, named name,
 * whose bytes have the SHA-256 hex (64 hex digits). For a caller that reads
 * documents itself, and for tests on invoices built in memory.
 */
void receiver_add_einvoice(struct receiver *r, const char *name, const struct einvoice *inv,
                           const char *hex);

/**
 * A person has looked at the document named name (as given to _add_*) and
 * it is not a duplicate: a `probable-duplicate` hold on it is lifted (and
 * recorded on its posting as `accepted: probable-duplicate`). No other hold
 * is lifted: those are settled in the books (a vendor's `vat:` or `iban:`,
 * an account). Returns 0, or CLERK_ENOTFOUND when no document has that name.
 */
int receiver_accept(struct receiver *r, const char *name) WARN_UNUSED;

/**
 * Decides every document against the books and the documents before it,
 * in the order they were added, and composes the text to commit. Returns
 * 0, or CLERK_EINVALID with errors in d when the books' receiving policy
 * is contradictory (then every document is left undecided and the text is
 * empty). Call once.
 */
int receiver_plan(struct receiver *r, struct diag *d) WARN_UNUSED;

/** The journal text to commit (borrowed; empty when nothing is posted). */
const struct strbuf *receiver_text(const struct receiver *r);
/** Appends the text to out and empties the receiver's (moved when out is empty). */
void receiver_take_text(struct receiver *r, struct strbuf *out);

/** Number of documents added, and of those with each decision. */
size_t receiver_count(const struct receiver *r);
size_t receiver_decided(const struct receiver *r, enum receive_decision d);
/**
 * Number of documents a person must look at: the held and refused ones,
 * and a duplicate number whose amount differs from the bill in the books.
 */
size_t receiver_exceptions(const struct receiver *r);

/* The header of receiver_decisions_csv() (formats/einvoice.md, "The decisions table"). */
#define RECEIVER_DECISIONS_HEADER                                                                  \
	"file,syntax,seller,seller_vat,number,issue_date,due,currency,net,vat,total,prepaid,"      \
	"payable,decision,reason,account,sha256,note\n"

/** Appends the decisions table: the header, then one row per document, in the order added. */
void receiver_decisions_csv(const struct receiver *r, struct strbuf *out);
/** Appends the readable summary: a line per document, a sentence for each not posted, totals. */
void receiver_report(const struct receiver *r, struct strbuf *out);
/** Appends one line per document a person must look at (receiver_exceptions()). */
void receiver_exceptions_text(const struct receiver *r, struct strbuf *out);
/**
 * Appends the diagnostics of the refused documents, compiler style
 * ("FILE:LINE:COL: error: BR-CO-15: ..." with the source line), every
 * one of them, in the order of the documents.
 */
void receiver_refusals_text(const struct receiver *r, struct strbuf *out);
/* A document's outcome, for a caller that files the documents (the night). */
struct receive_outcome {
	const char *name;     /* as given */
	enum receive_decision decision;
	bool exception;       /* a person must look */
	const char *reason;   /* the short code, or "" */
	const char *note;     /* the sentence, or "" */
	const char *diagnostics; /* the refusal's diagnostics (FILE:LINE: ...), or "" */
};
/** The outcome of document i (0 .. receiver_count() - 1, in the order added), after receiver_plan(). */
void receiver_outcome(const struct receiver *r, size_t i, struct receive_outcome *out);

/** Space-separated SHA-256 digests of the documents posted. */
const char *receiver_posted_digests(const struct receiver *r);

#endif

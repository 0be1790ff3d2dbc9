/*
 * nightly.h - the nightly run's work, computed in memory: import the
 * statements, reconcile, age, dun, and produce every member of the audit
 * pack (formats/run.md, formats/pack.md).
 *
 * nightly_compute() is a pure function of the books as they were before
 * the run, the statements' bytes and the options: it writes nothing. `clerk
 * run` commits what it returns and writes the files; `clerk verify -f`
 * calls it again with a pack's inputs and compares. So the same inputs and
 * books always give the same bytes: nothing here reads the clock, the
 * environment or a path other than the names given.
 *
 * The journal j is changed: the run's postings (import, then dunning
 * notices) are loaded into it as batches, so afterwards it holds the books
 * as they will be after the run.
 *
 * What a customer reads is computed from complete inputs or held: when a
 * statement of the night is set aside or an inbox entry cannot be read,
 * or the books' statements of a bank account do not reach the run date
 * (bankfeed.h), the night records no dunning notices and writes no letters;
 * the collections list marks them held and the exceptions say why.
 */
#ifndef CLERK_NIGHTLY_H
#define CLERK_NIGHTLY_H

#include "compat.h"
#include "date.h"
#include "diag.h"
#include "documents.h"
#include "journal.h"
#include "sha256.h"
#include "util/strbuf.h"
#include "util/vec.h"

/*
 * A statement as received (borrowed): its file name (no folders) and its
 * bytes: the regular file at path, streamed (opened without following a
 * symbolic link, never held in memory whole), or data[0..len) when path is
 * NULL.
 */
struct nightly_input {
	const char *name;
	const char *path;
	const char *data;
	size_t len;
};

/* What the night did with an inbox entry (the status column of inbox.tsv). */
enum nightly_status {
	NIGHTLY_TAKEN,   /* "taken": read, posted where new, archived */
	NIGHTLY_REFUSED, /* "refused": read, set aside, moved to refused/ */
	NIGHTLY_WAITING, /* "waiting": a statement reaching past the run date, left for a later night */
	NIGHTLY_LEFT,    /* "left": not read (not a regular file, a name a pack cannot keep), left */
	NIGHTLY_HELD,    /* "held": an e-invoice read, held for a person: left, read again next night */
};
/** The word of a status in inbox.tsv. */
const char *nightly_status_name(enum nightly_status s);

/*
 * An inbox entry the caller did not give as an input (borrowed): status
 * NIGHTLY_LEFT, or an entry of an earlier pack's inbox.tsv given back to a
 * re-run (any status but NIGHTLY_TAKEN and NIGHTLY_REFUSED).
 */
struct nightly_left {
	const char *name;   /* as in the inbox: any bytes but '/' and NUL */
	enum nightly_status status; /* NIGHTLY_LEFT or NIGHTLY_WAITING */
	const char *why;
	const char *sha256; /* of a regular file, or NULL */
	uint64_t size;
};

struct nightly_options {
	clerk_date date;        /* the run date: everything is as of it */
	const char *run_id;     /* "2026-11-28", or "2026-11-28.2" for a second run that day */
	const char *books_name; /* the root journal's file name, as recorded */
	const char *version;    /* Clerk's version, as recorded */
	const struct nightly_left *left; /* inbox entries not given as inputs */
	size_t nleft;
	/*
	 * Called (when not NULL) as each stage begins: "read" (the first pass
	 * over the statements), "import", "match",
	 * "dunning", "letters", "notices", "aging", "report", "done". For measuring only: nothing computed depends on it.
	 */
	void (*stage)(void *ctx, const char *name);
	void *stage_ctx;
	/*
	 * The payment run of the night (formats/pay.md, formats/run.md): when
	 * pay is set, the bills due by the run date are paid from pay_from
	 * (an account name; NULL: the books' only bank account with an IBAN),
	 * unless the night's bank data are incomplete.
	 */
	bool pay;
	const char *pay_from;
	/*
	 * The documents for the pack (documents.h, formats/run.md "The audit
	 * pack"), or NULL: each without a why and with a file becomes the
	 * member documents/NAME (streamed from the file); all are listed in
	 * documents.tsv, those with a why in exceptions.txt and log.jsonl.
	 */
	const documents *docs;
};

/*
 * A file the run produced: a pack member (its name in the pack) and its
 * bytes; for an input given by path, the bytes stay in that file (data is
 * empty) and size and sha256 are what the night read.
 */
struct nightly_member {
	char *name;
	struct strbuf data;
	const char *path;
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
};

/* A statement set aside, and why (the diagnostics, as text). */
struct nightly_refused {
	char *name;
	char *reason;
	bool bill; /* an e-invoice (not a bank statement) */
};

/* An inbox entry and what the night did with it: a row of inbox.tsv. */
struct nightly_entry {
	char *name;
	enum nightly_status status;
	char *why;          /* "" when taken */
	char sha256[SHA256_HEX_LEN + 1]; /* "" when not a regular file */
	uint64_t size;
};

struct nightly {
	VEC(struct nightly_member) members; /* every pack member but MANIFEST, by name */
	VEC(struct nightly_refused) refused;
	VEC(struct nightly_entry) inbox;    /* every inbox entry, by name */
	size_t statements;  /* files accepted */
	size_t movements;   /* movements posted */
	size_t exceptions;  /* decisions for a person (suspense, overpaid, on account...) */
	size_t notices;     /* dunning notices issued */
	size_t left, waiting; /* inbox entries not read, statements left for a later night */
	size_t refused_statements; /* of refused: the bank statements (the rest are e-invoices) */
	size_t bills, bills_posted, bills_held, bills_refused; /* e-invoices received (receive.h) */
	bool ties_out;      /* both agings tie out to their control balances */
	struct strbuf held; /* why notices and letters were held ("" when they were not) */
	size_t held_notices; /* how many notices were due, and held */
	bool clean;         /* nothing for a person to look at (`clerk run` exits 0) */
	struct strbuf pay;  /* with nightly_options.pay: what the payment run did, one line */
	size_t documents, documents_refused; /* of nightly_options.docs: all, and those not archived */
};

#define NIGHTLY_INIT                                                                       \
	{ VEC_INIT, VEC_INIT, VEC_INIT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, STRBUF_INIT, 0, true, STRBUF_INIT, 0, 0 }

/**
 * Runs the night on j with inputs in[0..n). Returns 0 and fills out (the
 * caller releases it with nightly_release()), or an error when the run's
 * own postings would not leave the books valid (a bug or books a person
 * must fix): then d holds the diagnostics and nothing may be committed.
 */
int nightly_compute(struct nightly *out, struct journal *j, const struct nightly_input *in, size_t n,
		    const struct nightly_options *o, struct diag *d) WARN_UNUSED;
void nightly_release(struct nightly *n);
/** The member named name, or NULL. */
const struct nightly_member *nightly_member(const struct nightly *n, const char *name);
/** What the run commits (the posted.journal member; empty when nothing). */
const struct strbuf *nightly_posted(const struct nightly *n);
/** The entry of inbox entry name, or NULL. */
const struct nightly_entry *nightly_inbox_entry(const struct nightly *n, const char *name);

/**
 * Reads back an inbox.tsv member: appends its rows to *out (caller
 * releases each with nightly_entry_release() and frees the array). Returns
 * 0 or CLERK_EPARSE (not as nightly_compute() writes it).
 */
int nightly_read_inbox(struct nightly_entry **out, size_t *n, const char *tsv, size_t len) WARN_UNUSED;
void nightly_entry_release(struct nightly_entry *e);
/**
 * Reads whether a night was clean from its log.jsonl member. Returns 0
 * with *clean, or CLERK_EPARSE when the log has no end record.
 */
int nightly_read_clean(bool *clean, const char *log, size_t len) WARN_UNUSED;
/**
 * Appends name for a line of text, reversibly: backslash, control
 * characters and bytes that are not UTF-8 escaped (\\, \t, \n, \r, \xHH).
 */
void nightly_escape_name(struct strbuf *out, const char *name);
/** Undoes nightly_escape_name() for s[0..len), appending to out; -1 when it was not written so. */
int nightly_unescape_name(struct strbuf *out, const char *s, size_t len);

/**
 * Reads back the run.json member nightly_compute() wrote: fills date and
 * the strings (caller frees). Returns 0, or CLERK_EPARSE when a field is
 * missing or not as written by Clerk.
 */
int nightly_read_params(const char *json, size_t len, clerk_date *date, char **run_id,
			char **books_name, char **version) WARN_UNUSED;

/**
 * The payment run asked of the night whose run.json is json: NULL when
 * none, else (caller frees) the account it paid from ("" for the books'
 * only bank account with an IBAN).
 */
char *nightly_read_pay(const char *json, size_t len);

/** Appends s as a JSON string (quoted, escaped). */
void json_add_string(struct strbuf *out, const char *s);

#endif

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
 */
#ifndef CLERK_NIGHTLY_H
#define CLERK_NIGHTLY_H

#include "compat.h"
#include "date.h"
#include "diag.h"
#include "journal.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* A statement as received (borrowed): its file name (no folders) and bytes. */
struct nightly_input {
	const char *name;
	const char *data;
	size_t len;
};

struct nightly_options {
	clerk_date date;        /* the run date: everything is as of it */
	const char *run_id;     /* "2026-11-28", or "2026-11-28.2" for a second run that day */
	const char *books_name; /* the root journal's file name, as recorded */
	const char *version;    /* Clerk's version, as recorded */
	/*
	 * Called (when not NULL) as each stage begins: "import", "match",
	 * "dunning", "letters", "notices", "aging", "report", "done". For measuring only: nothing computed depends on it.
	 */
	void (*stage)(void *ctx, const char *name);
	void *stage_ctx;
};

/* A file the run produced: a pack member (its name in the pack) and its bytes. */
struct nightly_member {
	char *name;
	struct strbuf data;
};

/* A statement set aside, and why (the diagnostics, as text). */
struct nightly_refused {
	char *name;
	char *reason;
};

struct nightly {
	VEC(struct nightly_member) members; /* every pack member but MANIFEST, by name */
	struct strbuf import_text;  /* the import's transactions, "" when nothing */
	struct strbuf dunning_text; /* the notices' transactions, "" when none */
	struct strbuf posted_text;  /* what to commit (kind run): header, import, notices; "" when nothing */
	VEC(struct nightly_refused) refused;
	size_t statements;  /* files accepted */
	size_t movements;   /* movements posted */
	size_t exceptions;  /* decisions for a person (suspense, overpaid, on account...) */
	size_t notices;     /* dunning notices issued */
	bool ties_out;      /* both agings tie out to their control balances */
};

#define NIGHTLY_INIT { VEC_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, VEC_INIT, 0, 0, 0, 0, true }

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

/**
 * Reads back the run.json member nightly_compute() wrote: fills date and
 * the strings (caller frees). Returns 0, or CLERK_EPARSE when a field is
 * missing or not as written by Clerk.
 */
int nightly_read_params(const char *json, size_t len, clerk_date *date, char **run_id,
			char **books_name, char **version) WARN_UNUSED;

/** Appends s as a JSON string (quoted, escaped). */
void json_add_string(struct strbuf *out, const char *s);

#endif

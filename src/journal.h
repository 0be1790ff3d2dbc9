/*
 * journal.h - the books in memory: accounts, commodities, transactions and
 * postings loaded from plain-text journal files (formats/journal.md).
 *
 * Loading parses, infers elided amounts and checks that every transaction
 * balances exactly. journal_check() then runs the book-wide validations
 * (balance assertions in date order, duplicate invoices, declared accounts
 * and commodities with strict). All data errors go to a struct diag; the
 * functions return CLERK_EPARSE / CLERK_EINVALID when any were found, and
 * CLERK_EIO/CLERK_ENOTFOUND (with clerk_error_set) for a root file that
 * cannot be read.
 *
 * Ownership: a struct journal owns everything reachable from it (names,
 * tags, amounts). Borrowed pointers from the getters live as long as it.
 */
#ifndef CLERK_JOURNAL_H
#define CLERK_JOURNAL_H

#include "compat.h"
#include "amount.h"
#include "date.h"
#include "diag.h"
#include "util/mempool.h"
#include "util/symtab.h"
#include "util/vec.h"

#define NO_ID UINT32_MAX

enum account_role {
	ROLE_NONE = 0,
	ROLE_BANK,
	ROLE_RECEIVABLE,
	ROLE_PAYABLE,
	ROLE_SUSPENSE,
	ROLE_WRITEOFF,
	ROLE_DISCOUNT,
	ROLE_CHARGES,
	ROLE_FX,
	ROLE_FEES,     /* income from dunning fees */
	ROLE_INTEREST, /* income from interest charged on overdue items */
	ROLE_VAT_INPUT,   /* input VAT on received bills, reclaimable (tagged per rate: vat-rate:) */
	ROLE_VAT_OUTPUT,  /* output VAT on our invoices (tagged per rate: vat-rate:) */
	ROLE_UNALLOCATED, /* the net of a received bill with no expense account, for a person to split */
	ROLE_TRANSIT,     /* payments in transit: sent to the bank by a payment run, not yet debited */
	ROLE_DISCOUNT_RECEIVED, /* early-payment discounts vendors grant us (income; formats/pay.md) */
	ROLE_INCOME,      /* revenue of our invoices for customers without an income: tag (clerk invoice) */
	ROLE_RETAINED,    /* retained earnings: where clerk close carries income and expenses */
};

/** Returns the role named s ("bank", ...), or -1. */
int account_role_parse(const char *s);
const char *account_role_name(enum account_role r);

struct tag {
	const char *value; /* pool-owned, trimmed, "" when none */
	uint32_t name;     /* id in journal->tag_names */
	uint32_t line;     /* source line (the file is the owner's) */
};

struct account {
	uint32_t parent;       /* NO_ID for a top-level account */
	uint32_t role_account; /* the account that declares the effective role, or NO_ID */
	uint32_t tags_start, ntags;
	uint32_t decl_file, decl_line;
	uint16_t depth;        /* 0 for top level */
	uint8_t own_role, role; /* enum account_role */
	bool declared;
	bool used;             /* has postings (itself) */
};

enum posting_flags {
	POSTING_INFERRED = 1, /* amount was elided and inferred */
	POSTING_COST = 2,
	POSTING_ASSERT = 4,
	POSTING_COPY = 8, /* an extra posting made when an elided amount spans commodities */
};

struct posting {
	struct dec amount;
	uint32_t account;
	uint32_t commodity;
	uint32_t txn;
	uint32_t line;  /* source line of the posting */
	uint32_t extra; /* index into journal->extras, or NO_ID */
	uint16_t col;   /* byte offset of the account name in its line */
	uint8_t flags;
	char status;    /* ' ', '*' or '!' */
};

struct posting_extra {
	uint32_t tags_start, ntags;
	uint32_t aux; /* index into journal->aux (cost, assertion), or NO_ID */
};

struct posting_aux {
	/* cost: amount of cost_commodity per unit (@) or in total (@@) */
	struct dec cost;
	uint32_t cost_commodity;
	bool cost_total;
	/* balance assertion: '=' (one commodity) or '==' (all commodities) */
	bool assert_total;
	struct dec assertion;
	uint32_t assert_commodity;
	uint32_t assert_col; /* byte offset in the posting's line */
};

struct txn {
	clerk_date date;
	uint32_t file;
	uint32_t line;
	uint32_t first_posting, nposting;
	uint32_t tags_start, ntags;
	const char *code;        /* pool-owned, NULL when none */
	const char *description; /* pool-owned, "" when none */
	char status;             /* ' ', '*' or '!' */
};

struct price {
	clerk_date date;
	uint32_t commodity;
	struct amount price;
	uint32_t file, line;
};

struct journal_file {
	char *path;     /* as displayed in messages */
	char *realpath; /* canonical, for include cycles */
	uint32_t included_from;
	bool batch;     /* loaded as a batch to be posted, not part of the books */
	bool posted;    /* lives under posted/ beside the root */
	char *batch_hash; /* space-separated "; clerk-batch-sha256:" digests in the file, or NULL */
	bool history;   /* begins with JOURNAL_HISTORY_MARKER: settled items clerk close carried */
	bool skipped;   /* a history file left unread (journal_load_options.skip_history) */
};

/* The first bytes of a history file (formats/close.md, "Settled items: the history file"). */
#define JOURNAL_HISTORY_MARKER "; clerk-history: "


struct tag_span {
	uint32_t first, last;
};

struct journal {
	struct mempool pool;
	VEC(struct journal_file) files;
	struct symtab account_names;
	VEC(struct account) accounts;
	struct commodity_table commodities;
	VEC(struct txn) txns;
	VEC(struct posting) postings;
	VEC(struct posting_extra) extras;
	VEC(struct posting_aux) aux;
	struct symtab tag_names;
	VEC(struct tag) tags;
	/* per tag name id: the first and last transaction (index) whose tags or
	 * postings' tags hold it ({NO_ID, 0} when none); journal_tag_spans() */
	VEC(struct tag_span) tag_spans;
	VEC(struct price) prices;
	bool dates_ordered; /* txns were read in non-decreasing date order */
	uint32_t ordered_prefix; /* when not: how many leading txns were (a batch appended to ordered books) */
	bool has_assertions;
};

struct journal_load_options {
	bool batch;          /* mark everything loaded as batch (clerk post) */
	bool allow_include;  /* false: 'include' is an error (batches must be self-contained) */
	/*
	 * Canonical paths (realpath) of files an include glob must pass over,
	 * NULL-terminated, or NULL: `clerk run` reads the books as they were
	 * before an interrupted run by leaving out what that run committed.
	 */
	const char *const *skip;
	/*
	 * Leave out an included history file (its first bytes are
	 * JOURNAL_HISTORY_MARKER): it is listed in files (skipped set) but
	 * not read. The night looks settled items up in its keys instead.
	 */
	bool skip_history;
};

#define JOURNAL_LOAD_OPTIONS_INIT { false, true, NULL, false }

struct journal_check_options {
	bool strict;          /* accounts and commodities must be declared; dates ordered per file */
	bool strict_batch;    /* accounts used by batch transactions must be declared */
	/*
	 * The books were checked before the batch was added: validate the tags
	 * of batch items only, and look for duplicate invoices only when the
	 * batch opens one (balance assertions are always checked in full).
	 */
	bool batch_only;
};

#define JOURNAL_CHECK_OPTIONS_INIT { false, false, false }

/** Returns a new empty journal (caller frees with journal_free). */
struct journal *journal_new(void);
void journal_free(struct journal *j);

/**
 * Parses the file at path (following includes) into j. Data errors go to
 * d (and the function returns CLERK_EPARSE); a root file that cannot be read
 * returns CLERK_ENOTFOUND or CLERK_EIO via clerk_error_set.
 */
int journal_load_file(struct journal *j, const char *path, const struct journal_load_options *opts,
		      struct diag *d) WARN_UNUSED;
/**
 * Makes file (loaded with journal_load_buffer() as a batch) the books' file
 * at path, which now holds the same text: what reading the books again
 * would give, without reading them (clerk close after committing its
 * closing transaction). Returns 0, or CLERK_EIO with the error set when
 * path cannot be resolved.
 */
int journal_file_adopt(struct journal *j, uint32_t file, const char *path) WARN_UNUSED;
/**
 * Reads the history file left out when j was loaded (files.v[file].skipped)
 * into j, as if it had been read in its place; then check j again. Returns
 * 0, or CLERK_EPARSE with the errors in d.
 */
int journal_read_skipped(struct journal *j, uint32_t file, struct diag *d) WARN_UNUSED;
/** Whether the file at path (resolved) was read into j. */
bool journal_has_file(const struct journal *j, const char *path);
/** Parses text held in memory, named `name` in messages (for tests and fuzzing). */
int journal_load_buffer(struct journal *j, const char *name, const char *text, size_t len,
			const struct journal_load_options *opts, struct diag *d) WARN_UNUSED;
/** Runs the book-wide checks; returns CLERK_EINVALID when d got errors. */
int journal_check(struct journal *j, const struct journal_check_options *opts, struct diag *d) WARN_UNUSED;

static inline const char *journal_account_name(const struct journal *j, uint32_t id)
{
	return symtab_name(&j->account_names, id);
}
/** Returns the id of the account named name, or NO_ID. */
uint32_t journal_find_account(const struct journal *j, const char *name);
/** Returns the value of tag `name` declared on account id (own tags), or NULL. */
const char *journal_account_tag(const struct journal *j, uint32_t id, const char *name);
/** Returns the id of tag name `name`, or NO_ID when no item has it. */
uint32_t journal_tag_id(const struct journal *j, const char *name);
static inline const char *journal_tag_name(const struct journal *j, uint32_t id)
{
	return symtab_name(&j->tag_names, id);
}
/*
 * False when no transaction numbered txn (an index into j->txns) can hold
 * tag id, on itself or on a posting: it is outside the span of those that
 * were read with it. True does not promise the tag is there. Lets a pass
 * over every posting skip the look-up of a tag only a few transactions
 * hold (openitems' `item-date:`, which only the opening of books made by
 * clerk close has).
 */
static inline bool journal_tag_may_be_in(const struct journal *j, uint32_t id, uint32_t txn)
{
	if (id == NO_ID || id >= j->tag_spans.n)
		return false;
	const struct tag_span *s = &j->tag_spans.v[id];
	return s->first != NO_ID && txn >= s->first && txn <= s->last;
}
/** Returns the value of tag id on the transaction itself, or NULL. */
const char *journal_txn_tag_id(const struct journal *j, const struct txn *t, uint32_t id);
/** Returns the value of tag id on the posting, else on its transaction; or NULL. */
const char *journal_posting_tag_id(const struct journal *j, const struct posting *p, uint32_t id);
/** Returns the tag of a posting, falling back to its transaction's tags; or NULL. */
const char *journal_posting_tag(const struct journal *j, const struct posting *p, const char *name);
const char *journal_txn_tag(const struct journal *j, const struct txn *t, const char *name);
/** True when account id is `anc` or below it. */
bool journal_account_under(const struct journal *j, uint32_t id, uint32_t anc);
/** The first account (by id) that declares role r itself, or NO_ID. */
uint32_t journal_find_role(const struct journal *j, enum account_role r);
/**
 * Where a posting's comment s[0..n) would date the posting in hledger ('[DATE]',
 * '[=DATE]', or a 'date:'/'date2:' tag whose value starts with a digit), or
 * NULL; *bracket says whether it is the bracketed form. Clerk refuses such
 * comments (formats/journal.md).
 */
const char *journal_posting_date_at(const char *s, size_t n, bool *bracket);
/** True when account id is a party account: strictly below a receivable or payable account. */
bool journal_is_party(const struct journal *j, uint32_t id);
/**
 * Returns the text of line `line` of loaded file `file` (no newline; length
 * in *len), or NULL. Used to show the source line in diagnostics.
 */
const char *journal_source_line(struct journal *j, uint32_t file, uint32_t line, size_t *len);
/**
 * Returns the bytes of loaded file `file` as they were read (length in
 * *len; borrowed, valid until journal_free()), or NULL for no such file.
 */
const char *journal_source(const struct journal *j, uint32_t file, size_t *len);
/**
 * Fills *order_out (malloc'd, caller frees) with txn indices in date order
 * (stable: same-date transactions keep their reading order).
 */
void journal_date_order(const struct journal *j, uint32_t **order_out);

#endif

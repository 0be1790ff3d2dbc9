/*
 * query.h - asking the books: account patterns, and the balance and
 * register reports they select (formats/reports.md).
 *
 * A pattern is a POSIX extended regular expression matched, without regard
 * to case, anywhere in an account's full name (as hledger's account
 * patterns); several patterns select the accounts that match any of them,
 * none selects every account. The reports compute; they never print.
 */
#ifndef CLERK_QUERY_H
#define CLERK_QUERY_H

#include "compat.h"
#include "journal.h"
#include "report.h"

#include <regex.h>

struct query {
	regex_t *re; /* n compiled patterns (owned) */
	const char **pattern; /* borrowed from the caller, for messages */
	size_t n;
};

#define QUERY_INIT { NULL, NULL, 0 }

/**
 * Compiles the n patterns (borrowed: they must outlive q). Returns 0, or
 * CLERK_EINVALID with the error set ("bad account pattern '(': ...") and
 * q left empty.
 */
int query_compile(struct query *q, const char *const *patterns, size_t n);
void query_release(struct query *q);

/** Whether the account's full name matches q (always, when q has no patterns). */
bool query_match(const struct query *q, const struct journal *j, uint32_t account);

/**
 * The index of the first pattern from index `from` on that matches no
 * account of j, or -1.
 * *near is set to the account name nearest to it by edit distance (its
 * full name or its last component; borrowed from j), or NULL.
 */
long query_unmatched(const struct query *q, const struct journal *j, size_t from, const char **near);

enum query_layout { QUERY_FLAT, QUERY_TREE };

struct query_balance_options {
	struct balance_options bo; /* dates and -E */
	unsigned depth;            /* 0: all; else accounts deeper are summed into their parent at this depth */
	enum query_layout layout;
};

#define QUERY_BALANCE_OPTIONS_INIT { BALANCE_OPTIONS_INIT, 0, QUERY_FLAT }

/**
 * The balance of the postings whose account matches q, per account and
 * commodity, into out (release with balance_report_release()). Flat: the
 * balance of each account's own postings (after --depth), sorted by name.
 * Tree: every account with its sub-accounts' balances included, its
 * parents before it (sorted by name components). Totals per commodity are
 * those of the postings selected, whatever the layout.
 */
void query_balance(struct balance_report *out, const struct journal *j, const struct query *q,
		   const struct query_balance_options *o);

/**
 * The postings whose account matches q in date order, each with the running
 * total of its commodity over the postings selected (those before begin
 * count in it, as in report_register()).
 */
void query_register(struct register_report *out, const struct journal *j, const struct query *q,
		    const struct balance_options *o);

/* Account classes of the statements, from the first name component (formats/reports.md). */
enum query_class { QUERY_ASSET, QUERY_LIABILITY, QUERY_EQUITY, QUERY_REVENUE, QUERY_EXPENSE, QUERY_OTHER };

/**
 * The class of an account by its top-level name, case-insensitively:
 * assets/asset, liabilities/liability, equity, income/revenue/revenues,
 * expenses/expense; anything else QUERY_OTHER.
 */
enum query_class query_account_class(const struct journal *j, uint32_t account);

#endif

/*
 * bankfeed.h - what the books know of each bank account's statements, and
 * whether they are complete as of a date (formats/run.md, "Complete bank
 * data").
 *
 * A bank account's statements end at the date of its latest
 * closing-balance transaction: the transaction `clerk import` (and `clerk
 * run`) writes for each statement, tagged `statement-kind:`
 * (formats/import.md). They are complete as of D when they end on or after
 * the lag-th banking day before D (Monday to Friday, no holidays), where
 * the lag is the bank account's `statement-lag:` tag in banking days
 * (default 1: a Saturday, Sunday or Monday night needs Friday's statement;
 * 0: the statement of the last banking day on or before D). An account
 * for which no statement was ever imported is not judged: its statements
 * may come on paper.
 *
 * Nothing here prints; the results borrow nothing from the journal.
 */
#ifndef CLERK_BANKFEED_H
#define CLERK_BANKFEED_H

#include "compat.h"
#include "date.h"
#include "journal.h"
#include "util/strbuf.h"

#define BANKFEED_DEFAULT_LAG 1
#define BANKFEED_MAX_LAG 60

/** A bank account whose statements are not complete as of a date. */
struct bankfeed_gap {
	uint32_t account;
	clerk_date last;   /* the end of its latest statement in the books */
	clerk_date needed; /* the banking day they must reach */
	int lag;           /* its statement-lag, in banking days */
};

/**
 * The statement-lag of bank account `account` (its own or an ancestor's
 * `statement-lag:` tag, else BANKFEED_DEFAULT_LAG) into *lag. Returns 0,
 * or CLERK_EINVALID (a value that is not a whole number of days from 0 to
 * BANKFEED_MAX_LAG) naming the account.
 */
int bankfeed_lag(int *lag, const struct journal *j, uint32_t account) WARN_UNUSED;

/**
 * Appends to *gaps (a malloc'd array the caller frees, *ngaps its length)
 * every bank account of j whose statements are not complete as of date,
 * in account order. Returns 0 or the error of bankfeed_lag().
 */
int bankfeed_gaps(struct bankfeed_gap **gaps, size_t *ngaps, const struct journal *j,
		  clerk_date date) WARN_UNUSED;

/** Appends a sentence for people about gap: which account, up to when, what is missing. */
void bankfeed_describe(struct strbuf *out, const struct journal *j, const struct bankfeed_gap *gap);

/**
 * Appends to out the description of every gap as of date (bankfeed_gaps(),
 * bankfeed_describe()), separated by "; " (and after what out holds).
 * Returns 0 or the error of bankfeed_gaps().
 */
int bankfeed_why(struct strbuf *out, const struct journal *j, clerk_date date) WARN_UNUSED;

#endif

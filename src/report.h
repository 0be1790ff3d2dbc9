/*
 * report.h - reports computed from a checked journal: the trial balance
 * (per account and commodity) and an account register.
 *
 * The reports compute; they do not print. Dates filter with begin
 * inclusive and end exclusive (as hledger's -b/-e); DATE_NONE = open.
 */
#ifndef CLERK_REPORT_H
#define CLERK_REPORT_H

#include "compat.h"
#include "journal.h"

struct balance_row {
	uint32_t account;
	uint32_t commodity;
	struct dec amount;
};

struct balance_report {
	struct balance_row *rows; /* sorted by account name, then commodity symbol */
	size_t n;
	struct balance_row *totals; /* one per commodity with a non-zero total (account NO_ID) */
	size_t ntotals;
};

#define BALANCE_REPORT_INIT { NULL, 0, NULL, 0 }

struct balance_options {
	clerk_date begin, end;
	bool empty; /* keep rows whose amount is zero */
};

#define BALANCE_OPTIONS_INIT { DATE_NONE, DATE_NONE, false }

void report_balance(struct balance_report *out, const struct journal *j, const struct balance_options *o);
void balance_report_release(struct balance_report *r);

struct register_row {
	uint32_t txn;
	uint32_t posting;
	struct dec balance; /* running total of the row's commodity */
};

struct register_report {
	struct register_row *rows;
	size_t n;
};

#define REGISTER_REPORT_INIT { NULL, 0 }

/**
 * Postings to `account` and its sub-accounts in date order, with the running
 * total per commodity. Postings before begin count in the opening total.
 */
void report_register(struct register_report *out, const struct journal *j, uint32_t account,
		     const struct balance_options *o);
void register_report_release(struct register_report *r);

#endif

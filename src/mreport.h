/*
 * mreport.h - the management report: one self-contained HTML page with
 * the figures of the books as of a date (formats/report.md): cash per bank
 * account, aged receivables and payables, days sales outstanding, the top
 * overdue customers, what the last import matched and what waits in
 * suspense.
 *
 * Every figure that can be checked against a CSV report is marked with
 * data-figure, data-currency (and data-account) and data-value (a plain
 * decimal as in CSV); the per-currency key figures also get an id such as
 * "ar-total-EUR". The page has no scripts and refers to nothing outside
 * itself.
 *
 * The renderer never prints. It borrows the journal, which must have
 * passed journal_check().
 */
#ifndef CLERK_MREPORT_H
#define CLERK_MREPORT_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "util/strbuf.h"

struct openitems;
struct aging;
struct dunning;

/** Days sales outstanding is computed over this many days ending on the report date. */
#define MREPORT_DSO_DAYS 90

/**
 * Days sales outstanding: receivables / sales * MREPORT_DSO_DAYS, rounded
 * half-even to whole days, exactly (GMP rationals). Sets *out (initialised
 * by the caller) and returns 0, or returns CLERK_ENOTFOUND (no error is
 * recorded: it is an expected outcome, shown as "n/a") when sales is not
 * positive.
 */
int mreport_dso(struct dec *out, const struct dec *receivables, const struct dec *sales) WARN_UNUSED;

/**
 * Appends the whole page for the books j as of date (only postings dated
 * on or before it count) to out. When ties_out is not NULL it is set to
 * whether both agings tie out to their control balances (the page shows
 * the difference when not). Returns 0, or a negative CLERK_E* code with
 * clerk_error_set() when the open items, aging or dunning cannot be
 * computed (bad policy tags: CLERK_EINVALID) or date is DATE_NONE; out
 * may then hold part of the page.
 */
int mreport_html(struct strbuf *out, const struct journal *j, clerk_date date, bool *ties_out) WARN_UNUSED;

/* What the page is computed from, when the caller has it already (clerk run). */
struct history;

struct mreport_inputs {
	const struct openitems *receivables, *payables; /* as of the date */
	const struct aging *receivables_aging, *payables_aging;
	const struct dunning *dunning; /* of the receivables */
	/* the keys of a history file the books were loaded without (the night),
	 * or NULL: its items' credit sales count in the days sales outstanding */
	const struct history *history;
};

/** Like mreport_html(), from the caller's open items, agings and dunning (borrowed). */
int mreport_html_with(struct strbuf *out, const struct journal *j, clerk_date date,
		      const struct mreport_inputs *in, bool *ties_out) WARN_UNUSED;

#endif

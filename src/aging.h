/*
 * aging.h - aged receivables and payables: the open amounts of each party
 * and currency by days past due as of a date, with the tie-out to the
 * control balance (formats/aging.md).
 *
 * Built on openitems: the caller computes the open items (one side, as of
 * the aging date) and hands them in. Every amount is owed-positive (to us
 * for receivables, by us for payables), as in openitems.h. A row's total is
 * the party account's balance at the date (negated for payables); the
 * totals of all rows are compared with the control balance computed
 * independently from the postings of every account with the side's role.
 *
 * Ownership: aging_compute() returns a handle freed with aging_free();
 * pointers from it are valid while the handle, the open items and the
 * journal live. The engine never prints.
 */
#ifndef CLERK_AGING_H
#define CLERK_AGING_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "openitems.h"

#define AGING_MAX_BOUNDS 16

struct aging_options {
	/*
	 * Upper bounds (days past due, ascending, > 0) of the overdue buckets
	 * but the last: {30, 60, 90} gives not_due, days_1_30, days_31_60,
	 * days_61_90, days_over_90. nbounds 0 means the default.
	 */
	uint32_t nbounds;
	int32_t bounds[AGING_MAX_BOUNDS];
};

#define AGING_OPTIONS_INIT { 0, { 0 } }

/** Parses "30,60,90" into o (ascending positive day counts); NULL or a static message. */
const char *aging_parse_bounds(const char *s, struct aging_options *o);

struct aging_row {
	uint32_t party;     /* index for openitems_party(), NO_ID in the totals */
	uint32_t account;   /* journal account id, NO_ID in the totals */
	uint32_t commodity; /* journal commodity id */
	struct dec *bucket; /* aging_bucket_count() amounts: not due, then overdue buckets */
	struct dec credits; /* unapplied money, unknown invoices and over-paid items: <= 0 */
	struct dec total;   /* buckets + credits */
	struct dec disputed; /* part of the buckets on items tagged `dispute:` */
	clerk_date oldest_due; /* earliest due date of an overdue amount, or DATE_NONE */
	uint32_t nitems;    /* open items with a positive amount */
};

/* The tie-out of one currency: the rows against the control balance. */
struct aging_tie {
	uint32_t commodity;
	struct dec rows;    /* sum of the rows' totals */
	struct dec control; /* balance of every account with the side's role at the date */
	bool ok;            /* rows == control */
};

struct aging;

/**
 * Ages the open items oi (one side: receivables or payables, as of a date)
 * of journal j. Returns 0 with *out set, or -1 (clerk_error_set) for bad
 * options or open items of both sides.
 */
int aging_compute(struct aging **out, const struct journal *j, const struct openitems *oi,
		  const struct aging_options *o) WARN_UNUSED;
void aging_free(struct aging *a);

/** Number of amount buckets (nbounds + 2) and the CSV name of bucket k. */
size_t aging_bucket_count(const struct aging *a);
const char *aging_bucket_name(const struct aging *a, size_t k);
/** A heading for bucket k: "Not due", "1-30", ..., "Over 90". */
const char *aging_bucket_label(const struct aging *a, size_t k);
/** Bucket index for an amount `days` past due (days <= 0: not due). */
size_t aging_bucket_of(const struct aging *a, long days);

/** Rows by party account name, then currency symbol. */
size_t aging_row_count(const struct aging *a);
const struct aging_row *aging_row(const struct aging *a, size_t i);
/** One total row per currency (party NO_ID), by currency symbol. */
size_t aging_total_count(const struct aging *a);
const struct aging_row *aging_total(const struct aging *a, size_t i);
/** One tie-out per currency, in the order of the totals. */
const struct aging_tie *aging_tie(const struct aging *a, size_t i);
/** True when every currency ties out. */
bool aging_ties_out(const struct aging *a);
enum openitems_side aging_side(const struct aging *a);

#endif

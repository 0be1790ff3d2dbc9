/*
 * dunning.h - dunning levels, the collections list and the notices due
 * (formats/dunning.md).
 *
 * Each open customer item past due gets a level from its days past due
 * (defaults: 1 reminder from 1 day, 2 second reminder from 15, 3 final
 * notice from 30, 4 collections from 60). A party's level, per currency, is
 * its highest item's. Items tagged `dispute:` and parties tagged
 * `dunning: no` are left out and listed as such.
 *
 * The policy lives in tags on the account that declares `role: receivable`
 * (dunning-levels, dunning-interval, dunning-fees, dunning-interest). The
 * notices issued are recorded in the books as transactions tagged
 * `dunning-notice:` (written by dunning_notices_journal()): an item is due
 * a notice when its level is above the level it was last noticed at, and a
 * party is sent one when one of its items is due and at least the interval
 * has passed since its last notice. Fees and interest are posted with the
 * notice as their own open items (FEE-date, INT-date) so paying the
 * principal does not erase them; they never raise a level themselves.
 *
 * The engine never prints. Ownership as in openitems.h: the handle borrows
 * the journal and the open items.
 */
#ifndef CLERK_DUNNING_H
#define CLERK_DUNNING_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "openitems.h"
#include "util/strbuf.h"

#define DUNNING_MAX_LEVELS 9

struct dunning_policy {
	uint32_t account;   /* the control account declaring it, or NO_ID (defaults) */
	uint32_t nlevels;
	int32_t from_days[DUNNING_MAX_LEVELS]; /* level k+1 from from_days[k] days past due */
	int32_t interval;   /* least days between two notices to a party */
	bool has_fees;
	struct dec fee[DUNNING_MAX_LEVELS];    /* fee with a notice of level k+1 */
	bool has_interest;
	struct dec interest_pct; /* simple interest, percent a year, actual/365 */
	uint32_t fee_account, interest_account; /* role fees / interest, or NO_ID */
};

enum dunning_exclusion {
	DUNNING_DISPUTED = 1,   /* the item is tagged dispute: */
	DUNNING_PARTY_OPTED_OUT, /* the party is tagged dunning: no */
	DUNNING_COVERED,        /* the party's credits cover what is overdue */
};

/* An overdue item of a row (or a fee/interest item of an earlier notice). */
struct dunning_item {
	uint32_t item;   /* openitems index */
	long days;       /* days past due */
	uint8_t level;   /* 0 for fee and interest items */
	uint8_t noticed; /* level of the last notice naming it, 0 if none */
	bool charge;     /* a fee or interest item of an earlier notice */
	struct dec interest; /* interest due with a notice now (zero when none or no notice) */
};

/* One party and currency with overdue items. */
struct dunning_row {
	uint32_t party, account, commodity;
	struct dec overdue;    /* sum of the open amounts of its overdue items (charges included) */
	struct dec credits;    /* unapplied credits of the party in this currency (<= 0) */
	clerk_date oldest_due;
	long days;             /* days past due of the oldest */
	uint8_t level;         /* highest item level */
	bool notice_due;       /* a notice should go out now */
	bool held;             /* one was due, but dunning_hold() held it */
	clerk_date last_notice; /* DATE_NONE if none */
	uint8_t last_level;
	struct dec fee, interest; /* charged with the notice due now (zero when none) */
	uint32_t items_start, nitems;
};

/* What was left out: a disputed item, or a party that is never dunned. */
struct dunning_excluded {
	uint32_t party, commodity;
	uint32_t item; /* openitems index of a disputed item, NO_ID for a party-wide reason */
	enum dunning_exclusion why;
	struct dec amount; /* overdue amount left out */
};

struct dunning;

/**
 * Reads the policy for the receivable control account `account` (NO_ID:
 * the first account declaring role receivable). Returns 0, or
 * CLERK_EINVALID naming the tag that is wrong. Release with
 * dunning_policy_release().
 */
int dunning_policy_load(struct dunning_policy *out, const struct journal *j, uint32_t account) WARN_UNUSED;
void dunning_policy_release(struct dunning_policy *p);
/** The action word of a level: reminder, second-reminder, final-notice, collections (4 and up). */
const char *dunning_action(unsigned level);

/**
 * Computes the dunning state as of the open items' date for the receivable
 * open items oi of j under policy pol (NULL: the books' policy). Returns 0
 * with *out, or an error (bad policy tags: CLERK_EINVALID).
 */
int dunning_compute(struct dunning **out, const struct journal *j, const struct openitems *oi,
		    const struct dunning_policy *pol) WARN_UNUSED;
void dunning_free(struct dunning *d);

/** Rows: level (highest first), then overdue amount (highest first), then party name. */
size_t dunning_row_count(const struct dunning *d);
const struct dunning_row *dunning_row(const struct dunning *d, size_t i);
const struct dunning_item *dunning_row_item(const struct dunning *d, const struct dunning_row *r, size_t k);
size_t dunning_excluded_count(const struct dunning *d);
const struct dunning_excluded *dunning_excluded(const struct dunning *d, size_t i);
const struct dunning_policy *dunning_policy(const struct dunning *d);
/** Rows with notice_due. */
size_t dunning_notices_due(const struct dunning *d);

/**
 * Holds every notice due: no row is due a notice any more (so no letter is
 * written and no notice recorded); those that were are marked held. why
 * (copied) says why, for people: dunning_held() returns it. A second call
 * adds its reason to the first's.
 */
void dunning_hold(struct dunning *d, const char *why);
/** Why the notices are held, or NULL when they are not. */
const char *dunning_held(const struct dunning *d);
/** Rows whose notice is held. */
size_t dunning_notices_held(const struct dunning *d);

/**
 * Appends the journal text recording the notices due now (and their fees
 * and interest) to out: one transaction per row with notice_due. Appends
 * nothing when none is due.
 */
void dunning_notices_journal(struct strbuf *out, const struct dunning *d);

#endif

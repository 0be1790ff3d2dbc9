/*
 * match.h - deciding what one bank movement pays (formats/matching.md).
 *
 * A matcher takes the open items of the books (openitems.h) and, for one
 * booked movement at a time, applies the rules in order, first decision
 * wins:
 *
 *   1. reference       an ISO 11649 RF creditor reference with a valid
 *                      check equal to an open item's `ref:`;
 *   2. invoice-number  invoice numbers in the remittance text or the
 *                      referred documents (normalised: case, spaces,
 *                      dashes and leading zeros do not matter);
 *   3. amount / combination  the counterparty's IBAN (or its unique name)
 *                      names a party; one open item of exactly the amount,
 *                      else one exact combination of its open items (or
 *                      several, of which the oldest-due-first run is one);
 *   4. party           party known, nothing fits: on account;
 *   5. none            nothing known: suspense.
 *
 * Incoming money (a credit on the bank account) is matched against
 * receivables, outgoing money against payables. Once items are chosen the
 * amount decides: exact (matched), less (partial: oldest due first; or
 * written off within the tolerance; or the early-payment discount of the
 * party's terms), more (overpaid: the excess stays on the party's account).
 *
 * The matcher keeps what it applied, so later movements of the same run see
 * the reduced items. It never prints; results are values.
 *
 * Ownership: match_new() borrows the open items (which must outlive the
 * matcher); results own their allocations (match_result_release()).
 */
#ifndef CLERK_MATCH_H
#define CLERK_MATCH_H

#include "compat.h"
#include "decimal.h"
#include "openitems.h"
#include "util/strbuf.h"

enum match_decision {
	MATCH_MATCHED,
	MATCH_PARTIAL,
	MATCH_OVERPAID,
	MATCH_WRITEOFF,
	MATCH_DISCOUNT,
	MATCH_ON_ACCOUNT,
	MATCH_SUSPENSE,
};

enum match_rule {
	RULE_REFERENCE,
	RULE_INVOICE_NUMBER,
	RULE_AMOUNT,
	RULE_COMBINATION,
	RULE_PARTY,
	RULE_NONE,
};

const char *match_decision_name(enum match_decision d);
const char *match_rule_name(enum match_rule r);

struct match_policy {
	struct dec tolerance;    /* shortfall written off without a person; default 0 */
	bool use_reference, use_invoice_number, use_amount, use_combination;
	bool use_discount;         /* grant early-payment discounts (needs a discount account) */
	int max_combination_items; /* default 8 */
	int max_candidates;        /* open items of a party tried in combinations; default 25 */
};

/** Sets the defaults (all rules on, tolerance 0, 8 items, 25 candidates). */
void match_policy_init(struct match_policy *p);
void match_policy_release(struct match_policy *p);

/* What matching needs to know of one movement (strings borrowed). */
struct match_movement {
	struct dec amount;     /* signed for the bank: + money in */
	uint32_t commodity;    /* journal commodity id of its currency */
	clerk_date date;       /* booking date */
	const char *creditor_ref;
	const char *remittance;
	const char *referred_docs;
	const char *counterparty_iban;
	const char *counterparty_name;
};

struct match_allocation {
	size_t item;        /* openitems index */
	struct dec applied; /* owed-positive amount this movement pays on it */
};

struct match_result {
	enum match_decision decision;
	enum match_rule rule;
	uint32_t party;    /* journal account id of the party, or NO_ID */
	struct match_allocation *alloc;
	size_t nalloc;
	struct dec unapplied; /* owed-positive money left on the party's account (overpaid, on account) */
	struct dec writeoff;  /* shortfall written off (owed-positive) */
	struct dec discount;  /* early-payment discount granted (owed-positive) */
	struct strbuf note;   /* a sentence for a person: why, and what to check */
};

void match_result_init(struct match_result *r);
void match_result_release(struct match_result *r);

struct matcher;

/** Returns a new matcher over oi (both sides should be loaded). */
struct matcher *match_new(struct openitems *oi, const struct match_policy *policy);
void match_free(struct matcher *m);
struct history;
/**
 * Also looks the references and numbers the books do not know up in the
 * keys of the history file the books were loaded without (history.h;
 * borrowed, must outlive m): a payment of an invoice settled there is
 * `overpaid`, as if the history file had been read.
 */
void match_set_history(struct matcher *m, struct history *h);

/**
 * Decides what movement mv pays, records it (later movements see the items
 * reduced) and fills out (initialised by the caller with match_result_init).
 * Returns 0.
 */
int match_movement(struct matcher *m, const struct match_movement *mv, struct match_result *out);

/** Takes back what result r applied (the items are open again as before it). */
void match_undo(struct matcher *m, const struct match_result *r);

/** What the matcher has left open on item i (owed-positive). Borrowed. */
const struct dec *match_open(const struct matcher *m, size_t item);

#endif

/*
 * pay.h - the payment run: which bills to pay on a date, the credit
 * transfers that pay them, the postings that move them into transit, and
 * the transfers in transit that the bank's statements clear
 * (formats/pay.md).
 *
 * pay_compute() is a pure function of the books and its options (no
 * clock, no environment, nothing written): for every open bill of the
 * payables a decision (pay, not-due, held, disputed, in-transit,
 * not-approved, credit-netted, not-sepa) with its reason; per vendor and
 * execution date one credit transfer of what the chosen bills come to,
 * less the early-payment discounts worth taking and less the vendor's
 * credits; the journal text that posts the run (each paid bill moved from
 * the vendor's account to the `role: transit` account, tagged with the run
 * id and the transfer's end-to-end id) and the proposal table. The command
 * (or the night) locks, commits and writes; the pain.001 file is then
 * rewritten from the books with pay_run_pain(), so that a file lost
 * between the commit and its writing is made again, byte for byte, by
 * running again.
 *
 * pay_transits_new() lists the transfers the books hold in transit (and
 * those cleared, returned, rejected) by end-to-end id, for the importer to
 * clear them exactly and reopen the bills of a returned or rejected one.
 *
 * Ownership: results borrow the journal (which must outlive them and not
 * change meanwhile) and own everything else; the _free functions accept
 * NULL.
 */
#ifndef CLERK_PAY_H
#define CLERK_PAY_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "diag.h"
#include "journal.h"
#include "pain.h"
#include "util/strbuf.h"

enum pay_decision {
	PAY_PAY,           /* paid by a transfer of this run */
	PAY_NOT_DUE,       /* not due by the run's horizon, and no discount worth taking */
	PAY_HELD,          /* a `hold:` tag, or the vendor has no IBAN */
	PAY_DISPUTED,      /* a `dispute:` tag */
	PAY_IN_TRANSIT,    /* in a run whose transfer the bank has not debited yet */
	PAY_NOT_APPROVED,  /* the books require approval and the bill has no `approved:` */
	PAY_CREDIT_NETTED, /* settled by the vendor's credits (a credit used in netting too) */
	PAY_NOT_SEPA,      /* not in euros, or cannot be paid by SEPA (listed for a person) */
};

/** "pay", "not-due", "held", ... */
const char *pay_decision_name(enum pay_decision d);

struct pay_options {
	clerk_date date;    /* the run date: postings are dated on it; required */
	clerk_date through; /* pay what is due on or before it; DATE_NONE: the run date */
	const char *from;   /* the bank account to pay from (account name), or NULL: the only one with an IBAN */
};

#define PAY_OPTIONS_INIT { DATE_NONE, DATE_NONE, NULL }

/* One row of the proposal. Strings borrowed from the journal or the run. */
struct pay_row {
	uint32_t account;        /* the vendor's account */
	uint32_t commodity;
	const char *party;       /* the vendor's name */
	const char *invoice;     /* bill or credit note number; NULL for unapplied money */
	clerk_date date, due;    /* due: DATE_NONE for a credit */
	clerk_date execution;    /* requested execution date when paid; DATE_NONE otherwise */
	struct dec open;         /* open before the run (owed-positive; negative for a credit) */
	struct dec discount;     /* early-payment discount taken */
	struct dec pay;          /* what the run settles on it (negative for a credit used) */
	const char *end_to_end;  /* the transfer, or NULL */
	const char *reason;      /* "code: words" (formats/pay.md) */
	uint8_t decision;        /* enum pay_decision */
	bool credit;             /* a credit of the vendor used in netting */
};

struct pay;

/**
 * Computes the payment run on the checked books j with options o. Errors
 * (no `role: transit` account, no bank account to pay from or several,
 * a date before the books' latest run, a debtor account without a name or
 * outside the SEPA area while there is something to pay) go to d and give
 * CLERK_EINVALID (*out NULL). Otherwise 0 and a new handle in *out (caller
 * frees with pay_free()), also when nothing is to be paid.
 */
int pay_compute(struct pay **out, const struct journal *j, const struct pay_options *o,
		struct diag *d) WARN_UNUSED;
void pay_free(struct pay *p);

/** The run id (PAY-2026-12-01, PAY-2026-12-01.2 for the second run that day). */
const char *pay_run_id(const struct pay *p);
/** The bank account paid from (journal account id). */
uint32_t pay_bank_account(const struct pay *p);
/** The journal text that posts the run (empty when it pays and nets nothing). Borrowed. */
const struct strbuf *pay_text(const struct pay *p);
/** Number of credit transfers, and their sum (EUR) in *total when not NULL. */
size_t pay_transfer_count(const struct pay *p, struct dec *total);
/** Number of rows whose decision a person should look at (held, not-sepa, disputed, not-approved). */
size_t pay_exceptions(const struct pay *p);
/** The proposal rows, sorted by vendor account, bills before credits, due, number. Borrowed. */
size_t pay_row_count(const struct pay *p);
const struct pay_row *pay_row(const struct pay *p, size_t i);

/* The header line of pay_proposal_csv(). */
#define PAY_PROPOSAL_HEADER                                                                    \
	"party,account,invoice,due,currency,open,discount,pay,end_to_end,decision,reason,"      \
	"execution\n"
/** Appends the proposal as CSV, the header line first (formats/pay.md). */
void pay_proposal_csv(const struct pay *p, struct strbuf *out);
/** Appends the proposal as a table for people, with a summary line. */
void pay_proposal_text(const struct pay *p, struct strbuf *out);

/**
 * Appends the pain.001 of the computed run in version v to out. Returns 0,
 * CLERK_ENOTFOUND when the run makes no transfer, or an error of
 * pain001_write(). Gives the same bytes as pay_run_pain() on the books
 * with the run's text committed.
 */
int pay_pain(const struct pay *p, enum pain_version v, struct strbuf *out) WARN_UNUSED;

/**
 * Appends the pain.001 of run `run_id` as the books j record it (the
 * transit postings of the run: their amounts, end-to-end ids, execution
 * dates, creditors and remittance; the debtor account by its IBAN) in
 * version v. Returns 0, CLERK_ENOTFOUND (error set) when the books hold no
 * transfer of that run, or CLERK_EINVALID (error set) when what they hold
 * cannot make a SEPA file.
 */
int pay_run_pain(const struct journal *j, const char *run_id, enum pain_version v,
		 struct strbuf *out) WARN_UNUSED;

/** Sets out to the latest run id of date in the books (empty when none). */
void pay_last_run(const struct journal *j, clerk_date date, struct strbuf *out);

/**
 * Parses a run id "PAY-YYYY-MM-DD" or "PAY-YYYY-MM-DD.K" (K >= 2): returns
 * true and the date and K (1 for the first run of the day).
 */
bool pay_run_id_parse(const char *id, clerk_date *date, unsigned *k);

/* ------------------------------------------------------------------ */
/* Transfers in transit */

enum pay_transit_state {
	PAY_TRANSIT_OPEN,     /* sent, not debited by the bank yet */
	PAY_TRANSIT_CLEARED,  /* the bank's debit cleared it */
	PAY_TRANSIT_RETURNED, /* cleared, then the money came back: the bills are open again */
	PAY_TRANSIT_REJECTED, /* rejected (pain.002) before the bank debited it */
	PAY_TRANSIT_CLOSED,   /* nothing left in transit, by a posting of a person */
};

struct pay_transit {
	const char *end_to_end;  /* borrowed from the journal */
	const char *run;         /* its pay-run id */
	const char *debtor_iban; /* the account the run pays from */
	clerk_date execution;
	uint32_t account;        /* the transit account */
	uint32_t commodity;
	uint32_t txn;            /* the run's transaction */
	uint32_t vendor;         /* the vendor's account (NO_ID when none) */
	struct dec amount;       /* what the transfer sends (positive) */
	struct dec open;         /* still in transit: amount less what cleared or closed it */
	uint8_t state;           /* enum pay_transit_state; the importer updates it as it posts */
	const char *closed_at;   /* "FILE:LINE" of the posting that cleared or closed it, or NULL */
};

struct pay_transits;

/** The payment runs' transfers in the books j (caller frees). */
struct pay_transits *pay_transits_new(const struct journal *j);
void pay_transits_free(struct pay_transits *t);
size_t pay_transits_count(const struct pay_transits *t);
/** Transfer i; the importer may change its state and open. */
struct pay_transit *pay_transit_at(struct pay_transits *t, size_t i);
/** The index of the transfer with end-to-end id e2e, or SIZE_MAX. */
size_t pay_transits_find(const struct pay_transits *t, const char *e2e);
/**
 * The transfers of the payment information block pmt_inf_id ("RUN/YYYYMMDD"),
 * or of the whole message when pmt_inf_id is a run id: sets *out to a
 * borrowed array of indices (in the order they were sent) and returns
 * their number (0: none, *out NULL).
 */
size_t pay_transits_group(const struct pay_transits *t, const char *id, const size_t **out);

#endif

/*
 * explain.h - the story of one item from the books (formats/explain.md):
 * an invoice or bill number, a bank entry's reference or a run id, told as
 * dated events with the file:line of each posting that makes them. Never
 * prints.
 */
#ifndef CLERK_EXPLAIN_H
#define CLERK_EXPLAIN_H

#include "compat.h"
#include "date.h"
#include "journal.h"
#include "util/strbuf.h"
#include "util/vec.h"

enum explain_kind {
	EXPLAIN_ITEM = 1, /* an invoice or bill number (`invoice:`, `dunned:`) */
	EXPLAIN_ENTRY,    /* a bank entry (`bank-id:`, `tx-ref:`) */
	EXPLAIN_RUN,      /* the transactions a run posted */
};

struct explain_event {
	clerk_date date;
	const char *event; /* static: opened, payment, credit, returned, reminder, written-off, ... */
	char *amount;      /* plain decimal ("-333.00"), or "" */
	char *currency;    /* commodity symbol, or "" */
	char *source;      /* FILE:LINE of the posting (or transaction) */
	char *detail;
};

struct explain {
	enum explain_kind kind;
	VEC(struct explain_event) events; /* in date order, then the books' order */
	char *subject;                    /* "invoice INV-1 of Assets:Receivable:X" */
	char *open_now;                   /* EXPLAIN_ITEM: "595.00 EUR", "nothing (settled)" */
};

#define EXPLAIN_INIT { 0, VEC_INIT, NULL, NULL }

/**
 * The story of item in the books j. run_files (may be NULL) are the
 * canonical paths of the files run `item` posted (books_find_run()); when
 * there are some, item is a run. Else a bank entry (a `bank-id:` of
 * `ref:ITEM` or ITEM, or a `tx-ref:` ITEM), else an invoice or bill
 * number. Returns 0, or CLERK_ENOTFOUND when the books say nothing of it.
 */
int explain_compute(struct explain *out, struct journal *j, const char *item,
		    const char *const *run_files, size_t nrun) WARN_UNUSED;
void explain_release(struct explain *e);

/** For people: the subject, a line per event, what is open now. */
void explain_format_text(struct strbuf *out, const struct explain *e);
/** date,event,amount,currency,source,detail */
void explain_format_csv(struct strbuf *out, const struct explain *e);

#endif

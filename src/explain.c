/*
 * explain.c - an item's story from the books (explain.h,
 * formats/explain.md).
 */
#include "compat.h"
#include "explain.h"
#include "decimal.h"
#include "error.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static const struct txn *txn_of(const struct journal *j, const struct posting *p)
{
	return &j->txns.v[p->txn];
}

static char *source_of(const struct journal *j, uint32_t file, uint32_t line)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%u", j->files.v[file].path, line);
	return strbuf_detach(&sb, NULL);
}

static char *amount_of(const struct journal *j, const struct posting *p)
{
	struct strbuf sb = STRBUF_INIT;
	int32_t prec = p->commodity < j->commodities.n ? j->commodities.v[p->commodity].precision : 2;
	dec_format_plain(&sb, &p->amount, prec < 0 ? 0 : prec);
	return strbuf_detach(&sb, NULL);
}

static const char *tag(const struct journal *j, const struct posting *p, const char *name)
{
	const char *v = journal_posting_tag(j, p, name);
	return v && *v ? v : NULL;
}

/* Appends "; key value" for each tag of p that is set, as evidence. */
static void add_evidence(struct strbuf *d, const struct journal *j, const struct posting *p,
			 const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = tag(j, p, names[i]);
		if (v)
			strbuf_addf(d, "%s%s %s", d->len ? "; " : "", names[i], v);
	}
}

static void push(struct explain *e, const struct journal *j, const struct posting *p, const char *event,
		 struct strbuf *detail, bool with_amount)
{
	const struct txn *t = txn_of(j, p);
	struct explain_event ev = { t->date, event, with_amount ? amount_of(j, p) : xstrdup(""),
				    xstrdup(with_amount ? commodity_symbol(&j->commodities, p->commodity) : ""),
				    source_of(j, t->file, p->line), strbuf_detach(detail, NULL) };
	VEC_PUSH(&e->events, ev);
}

/* The bank entry of p's transaction: the `bank-id:` of its bank posting, or NULL. */
static const char *bank_entry(const struct journal *j, const struct posting *p)
{
	const struct txn *t = txn_of(j, p);
	for (uint32_t k = 0; k < t->nposting; k++) {
		const char *v = tag(j, &j->postings.v[t->first_posting + k], "bank-id");
		if (v)
			return v;
	}
	return NULL;
}

/* A posting of p's transaction on an account of the role, or NULL. */
static const struct posting *other_of_role(const struct journal *j, const struct posting *p, enum account_role r)
{
	const struct txn *t = txn_of(j, p);
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *q = &j->postings.v[t->first_posting + k];
		if (q != p && j->accounts.v[q->account].role == r)
			return q;
	}
	return NULL;
}

/* ------------------------------------------------------------ an invoice or bill */

/*
 * Appends ", together with B-20, B-30" when the payment that p applies also
 * settled other items (rule combination, or one payment of several invoices).
 */
static void add_paid_together(struct strbuf *d, const struct journal *j, const struct posting *p)
{
	const struct txn *t = txn_of(j, p);
	const char *mine = tag(j, p, "invoice");
	size_t n = 0;
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *q = &j->postings.v[t->first_posting + k];
		const char *inv = tag(j, q, "invoice");
		if (q == p || !inv || !tag(j, q, "match") || (mine && !strcmp(inv, mine)))
			continue;
		strbuf_addf(d, "%s%s", n++ ? ", " : ", together with ", inv);
	}
}

/* The event of posting p, which names the item (invoice: or dunned:). */
static void item_event(struct explain *e, const struct journal *j, const struct posting *p, bool first,
		       int open_sign)
{
	static const char *const evidence[] = { "counterparty", "remittance", "creditor-ref", "end-to-end" };
	const struct txn *t = txn_of(j, p);
	struct strbuf d = STRBUF_INIT;
	const char *match = tag(j, p, "match"), *level = tag(j, p, "dunning-level");
	if (tag(j, p, "dunned")) {
		strbuf_addf(&d, "dunning notice, level %s", level ? level : "?");
		const char *until = tag(j, p, "interest-until");
		if (until)
			strbuf_addf(&d, ", interest until %s", until);
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *q = &j->postings.v[t->first_posting + k];
			const char *fee = tag(j, q, "dunning-fee"), *inv = tag(j, q, "invoice");
			if (fee && inv) {
				char *a = amount_of(j, q);
				strbuf_addf(&d, "; fee %s %s as %s", a, commodity_symbol(&j->commodities, q->commodity),
					    inv);
				free(a);
			}
		}
		push(e, j, p, "reminder", &d, false);
		return;
	}
	if (match) {
		const char *rule = tag(j, p, "rule"), *entry = bank_entry(j, p);
		bool reversal = !strcmp(match, "reversal");
		strbuf_addf(&d, "%s", reversal ? "returned payment, the item is open again" : match);
		if (rule)
			strbuf_addf(&d, " by rule %s", rule);
		if (!reversal)
			add_paid_together(&d, j, p);
		if (entry)
			strbuf_addf(&d, "; bank entry %s", entry);
		add_evidence(&d, j, p, evidence, ARRAY_SIZE(evidence));
		push(e, j, p, reversal ? "returned" : "payment", &d, true);
		return;
	}
	const struct posting *w = other_of_role(j, p, ROLE_WRITEOFF);
	if (w) {
		strbuf_addf(&d, "written off to %s: %s", journal_account_name(j, w->account), t->description);
		push(e, j, p, "written-off", &d, true);
		return;
	}
	const char *due = tag(j, p, "due");
	strbuf_addstr(&d, t->description);
	if (due)
		strbuf_addf(&d, "; due %s", due);
	if (first)
		push(e, j, p, "opened", &d, true);
	else if (dec_sgn(&p->amount) * open_sign >= 0)
		push(e, j, p, "charge", &d, true);
	else /* money through a bank account is a payment posted by hand; else a credit */
		push(e, j, p, other_of_role(j, p, ROLE_BANK) ? "payment" : "credit", &d, true);
}

/* What is open of the item: the sum of its postings per commodity. */
static char *open_now(const struct journal *j, const uint32_t *ps, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	bool *done = xcalloc(n ? n : 1, sizeof(*done));
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const struct posting *p = &j->postings.v[ps[i]];
		struct dec sum = DEC_INIT, tmp = DEC_INIT;
		for (size_t k = i; k < n; k++) {
			const struct posting *q = &j->postings.v[ps[k]];
			if (q->commodity != p->commodity)
				continue;
			dec_add(&tmp, &sum, &q->amount);
			dec_set(&sum, &tmp);
			done[k] = true;
		}
		if (dec_sgn(&sum)) {
			int32_t prec = j->commodities.v[p->commodity].precision;
			if (sb.len)
				strbuf_addstr(&sb, ", ");
			dec_format_plain(&sb, &sum, prec < 0 ? 0 : prec);
			strbuf_addf(&sb, " %s", commodity_symbol(&j->commodities, p->commodity));
		}
		dec_clear(&sum);
		dec_clear(&tmp);
	}
	free(done);
	if (!sb.len)
		strbuf_addstr(&sb, "nothing (settled)");
	return strbuf_detach(&sb, NULL);
}

static int explain_item(struct explain *e, const struct journal *j, const char *item)
{
	VEC(uint32_t) own = VEC_INIT; /* the postings that carry the item's amount (invoice:) */
	uint32_t first_account = NO_ID;
	int open_sign = 0;
	for (uint32_t k = 0; k < j->postings.n; k++) {
		const struct posting *p = &j->postings.v[k];
		const char *inv = tag(j, p, "invoice"), *dunned = tag(j, p, "dunned");
		bool mine = inv && !strcmp(inv, item);
		if (!mine && !(dunned && !strcmp(dunned, item)))
			continue;
		bool first = mine && first_account == NO_ID && !tag(j, p, "match");
		if (first) {
			first_account = p->account;
			open_sign = dec_sgn(&p->amount);
		}
		item_event(e, j, p, first, open_sign);
		if (mine)
			VEC_PUSH(&own, k);
	}
	if (!e->events.n) {
		VEC_FREE(&own);
		return clerk_error_set(CLERK_ENOTFOUND, "the books say nothing of '%s': no invoice or bill of "
							"that number, no bank entry of that reference, no run of that id",
				       item);
	}
	struct strbuf s = STRBUF_INIT;
	uint32_t acc = first_account != NO_ID ? first_account : own.n ? j->postings.v[own.v[0]].account : NO_ID;
	enum account_role r = acc != NO_ID ? (enum account_role)j->accounts.v[acc].role : ROLE_NONE;
	strbuf_addf(&s, "%s %s", r == ROLE_PAYABLE ? "bill" : "invoice", item);
	if (acc != NO_ID)
		strbuf_addf(&s, " of %s", journal_account_name(j, acc));
	e->subject = strbuf_detach(&s, NULL);
	e->open_now = open_now(j, own.v, own.n);
	VEC_FREE(&own);
	return 0;
}

/* ------------------------------------------------------------ a bank entry */

static bool is_entry(const struct journal *j, const struct posting *p, const char *item)
{
	const char *id = tag(j, p, "bank-id"), *tx = tag(j, p, "tx-ref");
	if (id && (!strcmp(id, item) || (!strncmp(id, "ref:", 4) && !strcmp(id + 4, item))))
		return true;
	if (tx && !strcmp(tx, item))
		return true;
	return false;
}

/* Every posting of a transaction that holds the entry: the bank line, then where the money went. */
static void entry_txn(struct explain *e, const struct journal *j, const struct txn *t)
{
	static const char *const evidence[] = { "counterparty", "counterparty-iban", "remittance", "creditor-ref",
						"end-to-end" };
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *p = &j->postings.v[t->first_posting + k];
		struct strbuf d = STRBUF_INIT;
		const char *match = tag(j, p, "match"), *rule = tag(j, p, "rule"), *inv = tag(j, p, "invoice");
		const char *event;
		if (tag(j, p, "bank-id")) {
			event = "bank-entry";
			strbuf_addf(&d, "%s on %s", t->description, journal_account_name(j, p->account));
			const char *vd = tag(j, p, "value-date");
			if (vd)
				strbuf_addf(&d, "; value date %s", vd);
		} else {
			event = match && !strcmp(match, "reversal") ? "returned" : match ? "applied" : "posted";
			strbuf_addf(&d, "%s", journal_account_name(j, p->account));
			if (inv)
				strbuf_addf(&d, "; item %s", inv);
			if (match)
				strbuf_addf(&d, "; %s", match);
			if (rule)
				strbuf_addf(&d, " by rule %s", rule);
			add_evidence(&d, j, p, evidence, ARRAY_SIZE(evidence));
		}
		push(e, j, p, event, &d, true);
	}
}

static int explain_entry(struct explain *e, const struct journal *j, const char *item)
{
	uint32_t last = NO_ID;
	for (uint32_t k = 0; k < j->postings.n; k++) {
		const struct posting *p = &j->postings.v[k];
		if (p->txn == last || !is_entry(j, p, item))
			continue;
		last = p->txn;
		entry_txn(e, j, txn_of(j, p));
	}
	if (!e->events.n)
		return CLERK_ENOTFOUND;
	struct strbuf s = STRBUF_INIT;
	strbuf_addf(&s, "bank entry %s", item);
	e->subject = strbuf_detach(&s, NULL);
	return 0;
}

/* ------------------------------------------------------------ a run */

static int explain_run(struct explain *e, const struct journal *j, const char *item, const char *const *files,
		       size_t n)
{
	for (uint32_t i = 0; i < j->txns.n; i++) {
		const struct txn *t = &j->txns.v[i];
		const char *real = j->files.v[t->file].realpath;
		bool mine = false;
		for (size_t f = 0; f < n && !mine; f++)
			mine = real && !strcmp(real, files[f]);
		if (!mine || !t->nposting)
			continue;
		const struct posting *p = &j->postings.v[t->first_posting];
		struct strbuf d = STRBUF_INIT;
		const char *notice = journal_txn_tag(j, t, "dunning-notice");
		strbuf_addstr(&d, t->description);
		const char *entry = bank_entry(j, p);
		if (entry)
			strbuf_addf(&d, "; bank entry %s", entry);
		struct explain_event ev = { t->date,
					    notice && *notice ? "reminder" : entry ? "bank-entry" : "posted",
					    amount_of(j, p), xstrdup(commodity_symbol(&j->commodities, p->commodity)),
					    source_of(j, t->file, t->line), strbuf_detach(&d, NULL) };
		VEC_PUSH(&e->events, ev);
	}
	struct strbuf s = STRBUF_INIT;
	strbuf_addf(&s, "run %s: %zu transaction%s posted", item, e->events.n, e->events.n == 1 ? "" : "s");
	e->subject = strbuf_detach(&s, NULL);
	return 0;
}

/* ------------------------------------------------------------ the story */

static int cmp_event(const void *a, const void *b)
{
	const struct explain_event *x = a, *y = b;
	return x->date < y->date ? -1 : x->date > y->date;
}

/* A stable sort by date: insertion, the events being few and mostly in order. */
static void sort_events(struct explain *e)
{
	for (size_t i = 1; i < e->events.n; i++) {
		struct explain_event ev = e->events.v[i];
		size_t k = i;
		while (k > 0 && cmp_event(&e->events.v[k - 1], &ev) > 0) {
			e->events.v[k] = e->events.v[k - 1];
			k--;
		}
		e->events.v[k] = ev;
	}
}

int explain_compute(struct explain *out, struct journal *j, const char *item, const char *const *run_files,
		    size_t nrun)
{
	int error;
	if (nrun) {
		out->kind = EXPLAIN_RUN;
		error = explain_run(out, j, item, run_files, nrun);
	} else if (!(error = explain_entry(out, j, item))) {
		out->kind = EXPLAIN_ENTRY;
	} else {
		out->kind = EXPLAIN_ITEM;
		error = explain_item(out, j, item);
	}
	if (!error)
		sort_events(out);
	return error;
}

void explain_release(struct explain *e)
{
	for (size_t i = 0; i < e->events.n; i++) {
		free(e->events.v[i].amount);
		free(e->events.v[i].currency);
		free(e->events.v[i].source);
		free(e->events.v[i].detail);
	}
	VEC_FREE(&e->events);
	free(e->subject);
	free(e->open_now);
	*e = (struct explain)EXPLAIN_INIT;
}

void explain_format_text(struct strbuf *out, const struct explain *e)
{
	strbuf_addf(out, "%s\n", e->subject);
	for (size_t i = 0; i < e->events.n; i++) {
		const struct explain_event *ev = &e->events.v[i];
		date_append(out, ev->date);
		strbuf_addf(out, "  %-11s %12s %-3s  %s\n", ev->event, ev->amount, ev->currency, ev->source);
		if (*ev->detail)
			strbuf_addf(out, "%12s%s\n", "", ev->detail);
	}
	if (e->open_now)
		strbuf_addf(out, "open now: %s\n", e->open_now);
}

void explain_format_csv(struct strbuf *out, const struct explain *e)
{
	strbuf_addstr(out, "date,event,amount,currency,source,detail\n");
	for (size_t i = 0; i < e->events.n; i++) {
		const struct explain_event *ev = &e->events.v[i];
		date_append(out, ev->date);
		const char *f[] = { ev->event, ev->amount, ev->currency, ev->source, ev->detail };
		for (size_t k = 0; k < ARRAY_SIZE(f); k++) {
			strbuf_addch(out, ',');
			strbuf_addcsv(out, f[k]);
		}
		strbuf_addch(out, '\n');
	}
}

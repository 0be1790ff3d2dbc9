/*
 * statement.c - statements of account (statement.h, formats/statement.md).
 */
#include "compat.h"
#include "statement.h"
#include "error.h"
#include "html.h"
#include "lang.h"
#include "letters.h"
#include "openitems.h"
#include "qr.h"
#include "render.h"
#include "util/near.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[STATEMENT_NKINDS] = {
	"invoice", "credit-note", "payment", "returned", "discount",
	"write-off", "fee", "interest", "adjustment",
};

const char *statement_kind_name(enum statement_kind k)
{
	return (unsigned)k < STATEMENT_NKINDS ? kind_names[k] : "?";
}

/* ------------------------------------------------------------ classifying a posting */

static const char *tag(const struct journal *j, const struct posting *p, const char *name)
{
	const char *v = journal_posting_tag(j, p, name);
	return v && *v ? v : NULL;
}

/* True when another posting of p's transaction is on an account of role r. */
static bool txn_has_role(const struct journal *j, const struct posting *p, enum account_role r)
{
	const struct txn *t = &j->txns.v[p->txn];
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *q = &j->postings.v[t->first_posting + k];
		if (q != p && j->accounts.v[q->account].role == r)
			return true;
	}
	return false;
}

/* The kind of posting p, whose owed-positive amount has sign sgn (not 0). */
static enum statement_kind classify(const struct journal *j, const struct posting *p, int sgn)
{
	const char *match = tag(j, p, "match");
	if (tag(j, p, "dunning-fee"))
		return STATEMENT_FEE;
	if (tag(j, p, "dunning-interest"))
		return STATEMENT_INTEREST;
	if (match)
		return !strcmp(match, "reversal") || sgn > 0 ? STATEMENT_RETURNED : STATEMENT_PAYMENT;
	if (tag(j, p, "credit-note"))
		return STATEMENT_CREDIT_NOTE;
	if (txn_has_role(j, p, ROLE_BANK) || txn_has_role(j, p, ROLE_TRANSIT))
		return sgn < 0 ? STATEMENT_PAYMENT : STATEMENT_RETURNED;
	if (sgn < 0 && txn_has_role(j, p, ROLE_WRITEOFF))
		return STATEMENT_WRITE_OFF;
	if (sgn < 0 && (txn_has_role(j, p, ROLE_DISCOUNT) || txn_has_role(j, p, ROLE_DISCOUNT_RECEIVED)))
		return STATEMENT_DISCOUNT;
	if (tag(j, p, "invoice"))
		return sgn > 0 ? STATEMENT_INVOICE : STATEMENT_CREDIT_NOTE;
	return STATEMENT_ADJUSTMENT;
}

static void fill_line(struct statement_line *l, const struct journal *j, uint32_t pi, const struct dec *owed)
{
	const struct posting *p = &j->postings.v[pi];
	const char *inv = tag(j, p, "invoice"), *due = tag(j, p, "due");
	l->date = j->txns.v[p->txn].date;
	l->kind = (uint8_t)classify(j, p, dec_sgn(owed));
	l->posting = pi;
	l->document = NULL;
	l->applies_to = NULL;
	l->due = DATE_NONE;
	switch (l->kind) {
	case STATEMENT_INVOICE: case STATEMENT_FEE: case STATEMENT_INTEREST:
		l->document = inv;
		l->due = due ? date_parse_iso(due) : DATE_NONE;
		break;
	case STATEMENT_CREDIT_NOTE:
		l->document = tag(j, p, "credit-note");
		l->applies_to = inv;
		break;
	default:
		l->applies_to = inv;
		break;
	}
	dec_init(&l->amount);
	dec_init(&l->balance);
	dec_set(&l->amount, owed);
}

/* ------------------------------------------------------------ computing */

/* The number of postings of p's transaction on party accounts. */
static size_t party_postings(const struct journal *j, const struct posting *p)
{
	const struct txn *t = &j->txns.v[p->txn];
	size_t n = 0;
	for (uint32_t k = 0; k < t->nposting; k++)
		n += journal_is_party(j, j->postings.v[t->first_posting + k].account);
	return n;
}

/*
 * What the discount and write-off postings of a payment's transaction take
 * off the item, owed-positive (negative or zero), into *part with *kind.
 * Only for a transaction with one party posting: with several, which item
 * got the discount is not written down.
 */
static bool split_part(const struct journal *j, const struct posting *p, uint8_t role, struct dec *part,
		       uint8_t *kind)
{
	const struct txn *t = &j->txns.v[p->txn];
	if (party_postings(j, p) != 1)
		return false;
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *q = &j->postings.v[t->first_posting + k];
		uint8_t r = j->accounts.v[q->account].role;
		if (q->commodity != p->commodity ||
		    (r != ROLE_DISCOUNT && r != ROLE_DISCOUNT_RECEIVED && r != ROLE_WRITEOFF))
			continue;
		*kind = r == ROLE_WRITEOFF ? STATEMENT_WRITE_OFF : STATEMENT_DISCOUNT;
		if (role == ROLE_PAYABLE)
			dec_set(part, &q->amount);
		else
			dec_neg(part, &q->amount);
		return true;
	}
	return false;
}

/*
 * Adds the line(s) of posting pi: one, or for a payment less a discount or
 * a write-off of the rest, the payment and the discount (write-off) apart.
 */
static void add_movement(struct statement *s, const struct journal *j, uint32_t pi, const struct dec *owed)
{
	struct statement_line *l = VEC_GROW(&s->lines);
	fill_line(l, j, pi, owed);
	struct dec part = DEC_INIT, rest = DEC_INIT;
	uint8_t kind;
	if (l->kind == STATEMENT_PAYMENT && split_part(j, &j->postings.v[pi], s->role, &part, &kind) &&
	    dec_sgn(&part) < 0 && dec_cmp(&part, owed) > 0) {
		dec_sub(&rest, owed, &part);
		dec_set(&l->amount, &rest);
		struct statement_line *d = VEC_GROW(&s->lines);
		fill_line(d, j, pi, &part);
		d->kind = kind;
	}
	dec_clear(&part);
	dec_clear(&rest);
}

static void statement_init(struct statement *s, uint32_t account, uint32_t commodity, uint8_t role,
			   clerk_date from, clerk_date to)
{
	memset(s, 0, sizeof(*s));
	s->account = account;
	s->commodity = commodity;
	s->role = role;
	s->from = from;
	s->to = to;
	dec_init(&s->brought_forward);
	dec_init(&s->closing);
	dec_init(&s->unapplied);
	dec_init(&s->open_total);
}

static void statement_release(struct statement *s)
{
	for (size_t i = 0; i < s->lines.n; i++) {
		dec_clear(&s->lines.v[i].amount);
		dec_clear(&s->lines.v[i].balance);
	}
	for (size_t i = 0; i < s->open.n; i++) {
		dec_clear(&s->open.v[i].amount);
		dec_clear(&s->open.v[i].open);
	}
	VEC_FREE(&s->lines);
	VEC_FREE(&s->open);
	dec_clear(&s->brought_forward);
	dec_clear(&s->closing);
	dec_clear(&s->unapplied);
	dec_clear(&s->open_total);
}

void statements_release(statement_vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		statement_release(&v->v[i]);
	VEC_FREE(v);
}

static void dec_add_to(struct dec *acc, const struct dec *v)
{
	struct dec t = DEC_INIT;
	dec_add(&t, acc, v);
	dec_set(acc, &t);
	dec_clear(&t);
}

/* The statement of (account, commodity) among v[first..], made when missing. */
static struct statement *statement_of(statement_vec *v, size_t first, uint32_t account, uint32_t commodity,
				      uint8_t role, clerk_date from, clerk_date to)
{
	for (size_t i = first; i < v->n; i++)
		if (v->v[i].commodity == commodity)
			return &v->v[i];
	struct statement *s = VEC_GROW(v);
	statement_init(s, account, commodity, role, from, to);
	return s;
}

/* The movements of account a up to `to` in date order, one statement per commodity. */
static void walk_postings(statement_vec *v, const struct journal *j, const uint32_t *order, uint32_t a,
			  clerk_date from, clerk_date to)
{
	size_t first = v->n;
	uint8_t role = j->accounts.v[a].role;
	struct dec owed = DEC_INIT;
	uint32_t opening_id = journal_tag_id(j, "clerk-opening");
	for (size_t o = 0; o < j->txns.n; o++) {
		const struct txn *t = &j->txns.v[order[o]];
		if (t->date > to)
			break;
		/* a close's opening (and its history file) is what was owed before: brought forward */
		bool opening = opening_id != NO_ID && journal_txn_tag_id(j, t, opening_id);
		for (uint32_t k = 0; k < t->nposting; k++) {
			uint32_t pi = t->first_posting + k;
			const struct posting *p = &j->postings.v[pi];
			if (p->account != a)
				continue;
			struct statement *s = statement_of(v, first, a, p->commodity, role, from, to);
			if (role == ROLE_PAYABLE)
				dec_neg(&owed, &p->amount);
			else
				dec_set(&owed, &p->amount);
			if (from != DATE_NONE && (t->date < from || opening)) {
				dec_add_to(&s->brought_forward, &owed);
				continue;
			}
			if (dec_is_zero(&owed))
				continue; /* a reminder's marker moves nothing */
			add_movement(s, j, pi, &owed);
		}
	}
	dec_clear(&owed);
}

static int cmp_symbol(const void *x, const void *y, const struct journal *j)
{
	const struct statement *a = x, *b = y;
	return strcmp(commodity_symbol(&j->commodities, a->commodity),
		      commodity_symbol(&j->commodities, b->commodity));
}

/* Insertion sort of v[first..] by commodity symbol (few currencies per party). */
static void sort_by_symbol(statement_vec *v, size_t first, const struct journal *j)
{
	for (size_t i = first + 1; i < v->n; i++) {
		struct statement tmp = v->v[i];
		size_t k = i;
		while (k > first && cmp_symbol(&v->v[k - 1], &tmp, j) > 0) {
			v->v[k] = v->v[k - 1];
			k--;
		}
		v->v[k] = tmp;
	}
}

/* Running balances, the closing balance, the open items and the tie. */
static void finish(struct statement *s, const struct journal *j, const struct openitems *oi)
{
	dec_set(&s->closing, &s->brought_forward);
	for (size_t i = 0; i < s->lines.n; i++) {
		dec_add_to(&s->closing, &s->lines.v[i].amount);
		dec_set(&s->lines.v[i].balance, &s->closing);
	}
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (it->account != s->account || it->commodity != s->commodity)
			continue;
		struct statement_open *o = VEC_GROW(&s->open);
		o->invoice = it->invoice;
		o->ref = it->ref;
		o->date = it->date;
		o->due = it->due;
		o->days_past_due = it->due != DATE_NONE ? s->to - it->due : 0;
		dec_init(&o->amount);
		dec_init(&o->open);
		dec_set(&o->amount, &it->amount);
		dec_set(&o->open, &it->open);
		dec_add_to(&s->open_total, &it->open);
	}
	const struct openitems_unapplied *u = openitems_find_unapplied(oi, s->account, s->commodity);
	if (u)
		dec_set(&s->unapplied, &u->amount);
	struct dec sum = DEC_INIT;
	dec_add(&sum, &s->open_total, &s->unapplied);
	s->tied = dec_cmp(&sum, &s->closing) == 0;
	dec_clear(&sum);
	(void)j;
}

static int check_args(const struct journal *j, const uint32_t *accounts, size_t n, clerk_date from,
		      clerk_date to)
{
	if (to == DATE_NONE)
		return clerk_error_set(CLERK_EINVALID, "a statement needs an end date");
	if (from != DATE_NONE && from > to)
		return clerk_error_set(CLERK_EINVALID, "the period starts after it ends");
	for (size_t i = 0; i < n; i++)
		if (accounts[i] >= j->accounts.n || !journal_is_party(j, accounts[i]))
			return clerk_error_set(CLERK_EINVALID, "'%s' is not a party account",
					       accounts[i] < j->accounts.n ? journal_account_name(j, accounts[i]) : "?");
	return 0;
}

int statement_compute(statement_vec *out, const struct journal *j, const uint32_t *accounts, size_t n,
		      clerk_date from, clerk_date to, bool nonzero_only)
{
	int error = check_args(j, accounts, n, from, to);
	if (error)
		return error;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.as_of = to;
	o.side = OPENITEMS_BOTH;
	struct openitems *oi = NULL;
	if ((error = openitems_compute(&oi, j, &o)))
		return error;
	uint32_t *order = NULL;
	journal_date_order(j, &order);
	for (size_t i = 0; i < n; i++) {
		size_t first = out->n;
		walk_postings(out, j, order, accounts[i], from, to);
		if (out->n == first) { /* nothing on the account yet */
			statement_init(VEC_GROW(out), accounts[i], NO_ID, j->accounts.v[accounts[i]].role,
				       from, to);
			out->v[out->n - 1].tied = true;
			continue;
		}
		sort_by_symbol(out, first, j);
		size_t keep = first;
		for (size_t k = first; k < out->n; k++) {
			finish(&out->v[k], j, oi);
			if (nonzero_only && dec_is_zero(&out->v[k].closing))
				statement_release(&out->v[k]);
			else
				out->v[keep++] = out->v[k];
		}
		out->n = keep;
	}
	free(order);
	openitems_free(oi);
	return 0;
}

void statement_parties_due(u32_vec *out, const struct journal *j, clerk_date to)
{
	/* per (account, commodity): the balance, in a table of account x commodity */
	size_t na = j->accounts.n, nc = j->commodities.n;
	struct dec *bal = xcalloc(na * nc > 0 ? na * nc : 1, sizeof(*bal));
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (j->txns.v[p->txn].date > to || !journal_is_party(j, p->account))
			continue;
		dec_add_to(&bal[(size_t)p->account * nc + p->commodity], &p->amount);
	}
	u32_vec found = VEC_INIT;
	for (size_t a = 0; a < na; a++) {
		bool due = false;
		for (size_t c = 0; c < nc; c++) {
			due |= !dec_is_zero(&bal[a * nc + c]);
			dec_clear(&bal[a * nc + c]);
		}
		if (due)
			VEC_PUSH(&found, (uint32_t)a);
	}
	free(bal);
	/* by account name (insertion sort keeps it short; few parties owe at once) */
	for (size_t i = 1; i < found.n; i++) {
		uint32_t x = found.v[i];
		size_t k = i;
		while (k > 0 && strcmp(journal_account_name(j, found.v[k - 1]), journal_account_name(j, x)) > 0) {
			found.v[k] = found.v[k - 1];
			k--;
		}
		found.v[k] = x;
	}
	for (size_t i = 0; i < found.n; i++)
		VEC_PUSH(out, found.v[i]);
	VEC_FREE(&found);
}

/* ------------------------------------------------------------ finding a party */

static const char *last_part(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

uint32_t statement_find_party(const struct journal *j, const char *name)
{
	uint32_t id = journal_find_account(j, name);
	if (id != NO_ID)
		return journal_is_party(j, id) ? id : NO_ID;
	uint32_t found = NO_ID;
	for (size_t i = 0; i < j->accounts.n; i++) {
		if (!journal_is_party(j, (uint32_t)i) || strcmp(last_part(journal_account_name(j, (uint32_t)i)), name))
			continue;
		if (found != NO_ID)
			return NO_ID; /* two parties of that name: the full name is needed */
		found = (uint32_t)i;
	}
	return found;
}

const char *statement_near_party(const struct journal *j, const char *name)
{
	VEC(const char *) names = VEC_INIT;
	for (size_t i = 0; i < j->accounts.n; i++)
		if (journal_is_party(j, (uint32_t)i))
			VEC_PUSH(&names, journal_account_name(j, (uint32_t)i));
	size_t len = strlen(name);
	unsigned limit = len < 4 ? 1 : len < 10 ? 2 : 3;
	const char *best = near_closest(name, names.v, names.n, limit);
	if (!best) { /* the last part mistyped */
		for (size_t i = 0; i < names.n; i++)
			names.v[i] = last_part(names.v[i]);
		const char *part = near_closest(name, names.v, names.n, limit);
		for (size_t i = 0; part && i < j->accounts.n; i++)
			if (journal_is_party(j, (uint32_t)i) &&
			    last_part(journal_account_name(j, (uint32_t)i)) == part)
				best = journal_account_name(j, (uint32_t)i);
	}
	VEC_FREE(&names);
	return best;
}

/* ------------------------------------------------------------ words */

/* What a line is, in words: "Invoice INV-1", "Payment for INV-1", "Payment on account". */
static void describe(struct strbuf *out, const struct statement_line *l, bool payable)
{
	static const char *const words[STATEMENT_NKINDS] = {
		"Invoice", "Credit note", "Payment", "Returned payment", "Discount",
		"Write-off", "Dunning fee", "Interest", "Adjustment",
	};
	strbuf_addstr(out, l->kind == STATEMENT_INVOICE && payable ? "Bill" : words[l->kind]);
	if (l->document)
		strbuf_addf(out, " %s", l->document);
	if (l->applies_to)
		strbuf_addf(out, " for %s", l->applies_to);
	else if (l->kind == STATEMENT_PAYMENT)
		strbuf_addstr(out, " on account");
}

static const char *party_name(const struct journal *j, uint32_t a)
{
	const char *n = journal_account_tag(j, a, "name");
	return n && *n ? n : last_part(journal_account_name(j, a));
}

static const char *symbol(const struct statement *s, const struct journal *j)
{
	return s->commodity == NO_ID ? "" : commodity_symbol(&j->commodities, s->commodity);
}

static void money(struct strbuf *out, const struct statement *s, const struct journal *j, const struct dec *v)
{
	if (s->commodity == NO_ID)
		dec_format_plain(out, v, 2);
	else
		render_number(out, j, s->commodity, v);
}

static void plain(struct strbuf *out, const struct statement *s, const struct journal *j, const struct dec *v)
{
	if (s->commodity == NO_ID)
		dec_format_plain(out, v, 2);
	else
		render_plain(out, j, s->commodity, v);
}

static void add_date(struct strbuf *out, clerk_date d)
{
	if (d != DATE_NONE)
		date_append(out, d);
}

/* ------------------------------------------------------------ text */

enum { T_DATE, T_TEXT, T_DUE, T_AMOUNT, T_BALANCE, NT };

struct text_table {
	size_t w[NT];
	VEC(char *) cells;
};

static void text_add(struct text_table *t, const char *date, const char *text, const char *due,
		     const char *amount, const char *balance)
{
	const char *row[NT] = { date, text, due, amount, balance };
	render_widen(t->w, row, NT);
	for (int k = 0; k < NT; k++)
		VEC_PUSH(&t->cells, xstrdup(row[k]));
}

static void text_flush(struct strbuf *out, struct text_table *t)
{
	static const bool right[NT] = { false, false, false, true, true };
	for (size_t i = 0; i + NT <= t->cells.n; i += NT)
		render_row(out, (const char *const *)&t->cells.v[i], t->w, right, NT);
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	VEC_FREE(&t->cells);
}

static void text_movements(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	struct text_table t = { { 0 }, VEC_INIT };
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, d = STRBUF_INIT, x = STRBUF_INIT;
	text_add(&t, "Date", "Description", "Due", "Amount", "Balance");
	if (s->from != DATE_NONE) {
		date_append(&d, s->from);
		money(&b, s, j, &s->brought_forward);
		text_add(&t, d.buf, "Balance brought forward", "", "", b.buf);
	}
	for (size_t i = 0; i < s->lines.n; i++) {
		const struct statement_line *l = &s->lines.v[i];
		strbuf_reset(&a), strbuf_reset(&b), strbuf_reset(&d), strbuf_reset(&x);
		date_append(&d, l->date);
		describe(&x, l, s->role == ROLE_PAYABLE);
		money(&a, s, j, &l->amount);
		money(&b, s, j, &l->balance);
		struct strbuf due = STRBUF_INIT;
		add_date(&due, l->due);
		text_add(&t, d.buf, x.buf, due.buf, a.buf, b.buf);
		strbuf_release(&due);
	}
	strbuf_reset(&b), strbuf_reset(&d);
	date_append(&d, s->to);
	money(&b, s, j, &s->closing);
	text_add(&t, d.buf, "Balance", "", "", b.buf);
	text_flush(out, &t);
	strbuf_release(&a), strbuf_release(&b), strbuf_release(&d), strbuf_release(&x);
}

static void text_open(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	struct text_table t = { { 0 }, VEC_INIT };
	struct strbuf a = STRBUF_INIT, d = STRBUF_INIT, due = STRBUF_INIT, days = STRBUF_INIT;
	text_add(&t, "Date", "Open item", "Due", "Days late", "Open");
	for (size_t i = 0; i < s->open.n; i++) {
		const struct statement_open *o = &s->open.v[i];
		strbuf_reset(&a), strbuf_reset(&d), strbuf_reset(&due), strbuf_reset(&days);
		add_date(&d, o->date);
		add_date(&due, o->due);
		if (o->days_past_due > 0)
			strbuf_addf(&days, "%d", (int)o->days_past_due);
		money(&a, s, j, &o->open);
		text_add(&t, d.buf, o->invoice, due.buf, days.buf, a.buf);
	}
	if (!dec_is_zero(&s->unapplied)) {
		strbuf_reset(&a);
		money(&a, s, j, &s->unapplied);
		text_add(&t, "", "Not applied to an item", "", "", a.buf);
	}
	strbuf_reset(&a);
	money(&a, s, j, &s->closing);
	text_add(&t, "", "Total", "", "", a.buf);
	text_flush(out, &t);
	strbuf_release(&a), strbuf_release(&d), strbuf_release(&due), strbuf_release(&days);
}

void statement_text(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	strbuf_addf(out, "Statement of account %s (%s)", journal_account_name(j, s->account),
		    party_name(j, s->account));
	if (s->commodity != NO_ID)
		strbuf_addf(out, ", %s", symbol(s, j));
	strbuf_addstr(out, "\nPeriod: ");
	if (s->from == DATE_NONE)
		strbuf_addstr(out, "the start of the books");
	else
		date_append(out, s->from);
	strbuf_addstr(out, " to ");
	date_append(out, s->to);
	strbuf_addstr(out, s->role == ROLE_PAYABLE ? "; amounts we owe" : "; amounts owed to us");
	strbuf_addstr(out, "\n\n");
	if (s->commodity == NO_ID) {
		strbuf_addstr(out, "Nothing on this account up to ");
		date_append(out, s->to);
		strbuf_addstr(out, ".\n");
		return;
	}
	text_movements(out, s, j);
	strbuf_addstr(out, "\n");
	text_open(out, s, j);
}

/* ------------------------------------------------------------ CSV */

void statement_csv_header(struct strbuf *out)
{
	strbuf_addstr(out, "party,account,currency,date,kind,document,applies_to,due,days_past_due,amount,balance\n");
}

static void csv_row(struct strbuf *out, const struct statement *s, const struct journal *j, clerk_date date,
		    const char *kind, const char *doc, const char *applies, clerk_date due, const char *days,
		    const struct dec *amount, const struct dec *balance)
{
	strbuf_addcsv(out, party_name(j, s->account));
	strbuf_addch(out, ',');
	strbuf_addcsv(out, journal_account_name(j, s->account));
	strbuf_addf(out, ",%s,", symbol(s, j));
	add_date(out, date);
	strbuf_addf(out, ",%s,", kind);
	strbuf_addcsv(out, doc ? doc : "");
	strbuf_addch(out, ',');
	strbuf_addcsv(out, applies ? applies : "");
	strbuf_addch(out, ',');
	add_date(out, due);
	strbuf_addf(out, ",%s,", days);
	if (amount)
		plain(out, s, j, amount);
	strbuf_addch(out, ',');
	if (balance)
		plain(out, s, j, balance);
	strbuf_addch(out, '\n');
}

void statement_csv(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	clerk_date bf = s->from == DATE_NONE ? DATE_NONE : s->from;
	csv_row(out, s, j, bf, "brought-forward", NULL, NULL, DATE_NONE, "", NULL, &s->brought_forward);
	for (size_t i = 0; i < s->lines.n; i++) {
		const struct statement_line *l = &s->lines.v[i];
		csv_row(out, s, j, l->date, statement_kind_name(l->kind), l->document, l->applies_to, l->due, "",
			&l->amount, &l->balance);
	}
	csv_row(out, s, j, s->to, "closing", NULL, NULL, DATE_NONE, "", NULL, &s->closing);
	char days[16];
	for (size_t i = 0; i < s->open.n; i++) {
		const struct statement_open *o = &s->open.v[i];
		snprintf(days, sizeof(days), "%d", (int)o->days_past_due);
		csv_row(out, s, j, o->date, "open-item", o->invoice, NULL, o->due, o->due == DATE_NONE ? "" : days,
			&o->open, NULL);
	}
	if (!dec_is_zero(&s->unapplied))
		csv_row(out, s, j, s->to, "unapplied", NULL, NULL, DATE_NONE, "", &s->unapplied, NULL);
}

/* ------------------------------------------------------------ HTML */

/* The page's language, amounts and dates (lang.h). */
struct page {
	const struct statement *s;
	const struct journal *j;
	enum lang lang;
	int32_t scale;
};

static void page_text(struct strbuf *out, const struct page *pg, enum lang_key k)
{
	lang_fill(out, pg->lang, k, NULL, 0, true);
}

/* Appends the text of k with one argument (escaped here). */
static void page_fill1(struct strbuf *out, const struct page *pg, enum lang_key k, const char *arg)
{
	struct strbuf a = STRBUF_INIT;
	html_escape(&a, arg);
	const char *args[] = { a.buf };
	lang_fill(out, pg->lang, k, args, 1, true);
	strbuf_release(&a);
}

static void page_date(struct strbuf *out, const struct page *pg, clerk_date d)
{
	if (d != DATE_NONE)
		lang_date(out, pg->lang, d);
}

static void page_money(struct strbuf *out, const struct page *pg, const struct dec *v)
{
	lang_number(out, pg->lang, v, pg->scale);
	strbuf_addf(out, " %s", symbol(pg->s, pg->j));
}

/* What a line is, in the party's words: "Rechnung INV-1", "Zahlung zu INV-1". */
static void page_describe(struct strbuf *out, const struct page *pg, const struct statement_line *l)
{
	static const enum lang_key keys[STATEMENT_NKINDS] = {
		LK_KIND_INVOICE, LK_KIND_CREDIT_NOTE, LK_KIND_PAYMENT, LK_KIND_RETURNED, LK_KIND_DISCOUNT,
		LK_KIND_WRITE_OFF, LK_KIND_FEE, LK_KIND_INTEREST, LK_KIND_ADJUSTMENT,
	};
	enum lang_key k = l->kind == STATEMENT_INVOICE && pg->s->role == ROLE_PAYABLE ? LK_KIND_BILL : keys[l->kind];
	struct strbuf what = STRBUF_INIT, doc = STRBUF_INIT, inv = STRBUF_INIT;
	if (l->document)
		html_escape(&doc, l->document);
	const char *args[2] = { doc.buf, NULL };
	lang_fill(&what, pg->lang, k, args, 1, true);
	while (what.len && what.buf[what.len - 1] == ' ') /* "Invoice {1}" without a number */
		strbuf_setlen(&what, what.len - 1);
	args[0] = what.buf;
	if (l->applies_to) {
		html_escape(&inv, l->applies_to);
		args[1] = inv.buf;
		lang_fill(out, pg->lang, LK_FOR_INVOICE, args, 2, true);
	} else if (l->kind == STATEMENT_PAYMENT)
		lang_fill(out, pg->lang, LK_ON_ACCOUNT, args, 1, true);
	else
		strbuf_addstr(out, what.buf);
	strbuf_release(&what), strbuf_release(&doc), strbuf_release(&inv);
}

/*
 * A name and address block: account a's postal address as the letters
 * write it (letters_address_line(): the `address:` lines, then `country:`),
 * then its `vat:`.
 */
static void address_block(struct strbuf *out, const struct page *pg, const char *cls, uint32_t a, const char *name)
{
	const struct journal *j = pg->j;
	const char *line, *vat = journal_account_tag(j, a, "vat");
	strbuf_addf(out, "<div class=\"%s\">\n<p><strong>", cls);
	html_escape(out, name);
	strbuf_addstr(out, "</strong>");
	for (size_t i = 0; (line = letters_address_line(j, a, &i));) {
		strbuf_addstr(out, "<br>");
		html_escape(out, line);
	}
	if (vat && *vat) {
		strbuf_addstr(out, "<br>");
		page_fill1(out, pg, LK_VAT_ID, vat);
	}
	strbuf_addstr(out, "</p>\n</div>\n");
}

static void html_row(struct strbuf *out, const struct page *pg, const char *cls, clerk_date date,
		     const char *text, clerk_date due, const struct dec *amount, const struct dec *balance)
{
	strbuf_addf(out, "<tr%s%s%s><td>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	page_date(out, pg, date);
	strbuf_addf(out, "</td><td>%s</td><td>", text);
	page_date(out, pg, due);
	strbuf_addstr(out, "</td><td class=\"n\">");
	if (amount)
		page_money(out, pg, amount);
	strbuf_addstr(out, "</td><td class=\"n\">");
	page_money(out, pg, balance);
	strbuf_addstr(out, "</td></tr>\n");
}

static void head_cells(struct strbuf *out, const struct page *pg, const enum lang_key *keys, size_t n,
		       size_t first_number)
{
	strbuf_addstr(out, "<tr>");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(out, i >= first_number ? "<th class=\"n\">" : "<th>");
		page_text(out, pg, keys[i]);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr>\n");
}

static void html_movements(struct strbuf *out, const struct page *pg)
{
	static const enum lang_key head[] = { LK_COL_DATE, LK_COL_DESCRIPTION, LK_COL_DUE, LK_COL_AMOUNT,
					      LK_COL_BALANCE };
	const struct statement *s = pg->s;
	struct strbuf x = STRBUF_INIT;
	strbuf_addstr(out, "<table class=\"moves\">\n");
	head_cells(out, pg, head, ARRAY_SIZE(head), 3);
	if (s->from != DATE_NONE) {
		page_text(&x, pg, LK_BROUGHT_FORWARD);
		html_row(out, pg, NULL, s->from, x.buf, DATE_NONE, NULL, &s->brought_forward);
	}
	for (size_t i = 0; i < s->lines.n; i++) {
		const struct statement_line *l = &s->lines.v[i];
		strbuf_reset(&x);
		page_describe(&x, pg, l);
		html_row(out, pg, NULL, l->date, x.buf, l->due, &l->amount, &l->balance);
	}
	strbuf_reset(&x);
	page_text(&x, pg, LK_BALANCE);
	html_row(out, pg, "total", s->to, x.buf, DATE_NONE, NULL, &s->closing);
	strbuf_addstr(out, "</table>\n");
	strbuf_release(&x);
}

static void html_open(struct strbuf *out, const struct page *pg)
{
	static const enum lang_key head[] = { LK_COL_DOCUMENT, LK_COL_DATE, LK_COL_DUE, LK_COL_DAYS_OVERDUE,
					      LK_COL_OPEN };
	const struct statement *s = pg->s;
	if (!s->open.n && dec_is_zero(&s->unapplied))
		return;
	strbuf_addstr(out, "<h2>");
	page_text(out, pg, LK_OPEN_ITEMS);
	strbuf_addstr(out, "</h2>\n<table class=\"open\">\n");
	head_cells(out, pg, head, ARRAY_SIZE(head), 3);
	for (size_t i = 0; i < s->open.n; i++) {
		const struct statement_open *o = &s->open.v[i];
		strbuf_addstr(out, "<tr><td>");
		html_escape(out, o->invoice);
		strbuf_addstr(out, "</td><td>");
		page_date(out, pg, o->date);
		strbuf_addstr(out, "</td><td>");
		page_date(out, pg, o->due);
		strbuf_addstr(out, "</td><td class=\"n\">");
		if (o->days_past_due > 0)
			strbuf_addf(out, "%d", (int)o->days_past_due);
		strbuf_addstr(out, "</td><td class=\"n\">");
		page_money(out, pg, &o->open);
		strbuf_addstr(out, "</td></tr>\n");
	}
	if (!dec_is_zero(&s->unapplied)) {
		strbuf_addstr(out, "<tr><td colspan=\"4\">");
		page_text(out, pg, LK_UNAPPLIED);
		strbuf_addstr(out, "</td><td class=\"n\">");
		page_money(out, pg, &s->unapplied);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</table>\n");
}

/* The one reference to quote: the RF reference of the only open item, else none. */
static const char *single_ref(const struct statement *s)
{
	return s->open.n == 1 && dec_is_zero(&s->unapplied) ? s->open.v[0].ref : NULL;
}

/* What a balance that asks for no payment means. */
static void html_no_payment(struct strbuf *out, const struct page *pg)
{
	int sgn = dec_sgn(&pg->s->closing);
	strbuf_addstr(out, "<p class=\"note\">");
	if (sgn == 0)
		page_text(out, pg, LK_SETTLED);
	else if (pg->s->role == ROLE_PAYABLE)
		page_text(out, pg, sgn > 0 ? LK_WE_OWE : LK_YOUR_CREDIT);
	else if (sgn < 0)
		page_text(out, pg, LK_CREDIT_IN_FAVOUR);
	strbuf_addstr(out, "</p>\n");
}

/* How to pay what is due, with the EPC QR code in euros; or what the balance means. */
static int html_pay(struct strbuf *out, const struct page *pg, const struct letter_sender *snd)
{
	const struct statement *s = pg->s;
	if (s->role == ROLE_PAYABLE || dec_sgn(&s->closing) <= 0 || !snd->iban || !snd->name) {
		html_no_payment(out, pg);
		return 0;
	}
	const char *ref = single_ref(s);
	struct strbuf amount = STRBUF_INIT;
	strbuf_addstr(&amount, "<strong>");
	page_money(&amount, pg, &s->closing);
	strbuf_addstr(&amount, "</strong>");
	const char *args[] = { amount.buf };
	strbuf_addstr(out, "<div class=\"pay\">\n<p>");
	lang_fill(out, pg->lang, LK_PLEASE_PAY, args, 1, true);
	strbuf_addstr(out, "</p>\n<p>");
	html_escape(out, snd->name);
	strbuf_addstr(out, "<br>IBAN ");
	html_escape(out, snd->iban);
	if (snd->bic) {
		strbuf_addstr(out, "<br>BIC ");
		html_escape(out, snd->bic);
	}
	strbuf_addstr(out, "<br>");
	if (ref) {
		strbuf_reset(&amount);
		strbuf_addstr(&amount, "<strong>");
		html_escape(&amount, ref);
		strbuf_addstr(&amount, "</strong>");
		lang_fill(out, pg->lang, LK_REFERENCE_QUOTE, args, 1, true);
	} else
		page_text(out, pg, LK_QUOTE_NUMBERS);
	strbuf_addstr(out, "</p>\n");
	strbuf_release(&amount);
	int rc = 0;
	if (!strcmp(symbol(s, pg->j), "EUR")) {
		struct strbuf payload = STRBUF_INIT;
		rc = qr_epc_payload(&payload, snd->bic, snd->name, snd->iban, &s->closing, ref);
		if (!rc) {
			strbuf_addstr(out, "<figure class=\"qr\">");
			rc = qr_svg(out, payload.buf, 160, lang_text(pg->lang, LK_SCAN_TO_PAY_TITLE));
			strbuf_addstr(out, "<figcaption>");
			page_text(out, pg, LK_SCAN_TO_PAY);
			strbuf_addstr(out, "</figcaption></figure>\n");
		}
		strbuf_release(&payload);
	}
	strbuf_addstr(out, "</div>\n");
	return rc;
}

static const char page_style[] =
	"<style>\n@page { size: A4; margin: 18mm; }\n"
	".parties { display: flex; justify-content: space-between; margin: 1em 0; }\n"
	"td.n, th.n { text-align: right; white-space: nowrap; }\n table.open { margin-top: 0.5em; }\n"
	"tr.total td { font-weight: bold; border-top: 1px solid #000; }\n"
	".pay { margin-top: 1.5em; display: flex; justify-content: space-between; }\n"
	"figure.qr { margin: 0; text-align: center; }\n</style>\n";

/* The head of the page: both parties, the title, the date and the period. */
static void html_head(struct strbuf *out, const struct page *pg, const struct letter_sender *snd)
{
	const struct statement *s = pg->s;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t start = out->len;
	html_begin(out, lang_text(pg->lang, LK_STATEMENT_TITLE));
	/* html_begin() says English: the page's own language (two ASCII letters) */
	const char *en = strstr(out->buf + start, "<html lang=\"en\">");
	if (en && pg->lang != LANG_EN)
		memcpy(out->buf + (en - out->buf) + 12, lang_code(pg->lang), 2);
	strbuf_addstr(out, page_style);
	strbuf_addstr(out, "<div class=\"parties\">\n");
	if (snd->account != NO_ID)
		address_block(out, pg, "sender", snd->account, snd->name ? snd->name : "");
	address_block(out, pg, "party", s->account, party_name(pg->j, s->account));
	strbuf_addstr(out, "</div>\n<h1>");
	page_text(out, pg, LK_STATEMENT_TITLE);
	strbuf_addstr(out, "</h1>\n<p>");
	page_text(out, pg, LK_STATEMENT_DATE);
	strbuf_addstr(out, ": ");
	page_date(out, pg, s->to);
	strbuf_addstr(out, "<br>");
	page_text(out, pg, LK_STATEMENT_PERIOD);
	strbuf_addstr(out, ": ");
	page_date(&b, pg, s->to);
	if (s->from == DATE_NONE) {
		const char *args[] = { b.buf };
		lang_fill(out, pg->lang, LK_STATEMENT_PERIOD_UP_TO, args, 1, true);
	} else {
		page_date(&a, pg, s->from);
		const char *args[] = { a.buf, b.buf };
		lang_fill(out, pg->lang, LK_STATEMENT_PERIOD_FROM_TO, args, 2, true);
	}
	strbuf_addstr(out, "</p>\n");
	strbuf_release(&a), strbuf_release(&b);
}

int statement_html(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	struct letter_sender snd;
	letters_sender(&snd, j);
	int32_t scale = s->commodity == NO_ID ? 2 : j->commodities.v[s->commodity].precision;
	struct page pg = { s, j, lang_of_account(j, s->account), scale < 0 ? 0 : scale };
	html_head(out, &pg, &snd);
	int rc = 0;
	if (s->commodity == NO_ID) {
		strbuf_addstr(out, "<p>");
		page_text(out, &pg, LK_STATEMENT_NONE);
		strbuf_addstr(out, "</p>\n");
	} else {
		html_movements(out, &pg);
		html_open(out, &pg);
		rc = html_pay(out, &pg, &snd);
	}
	html_end(out);
	return rc;
}

/* ------------------------------------------------------------ file names */

void statement_file_name(struct strbuf *out, const struct statement *s, const struct journal *j)
{
	strbuf_addstr(out, "statement-");
	date_append(out, s->to);
	strbuf_addch(out, '-');
	const char *p = last_part(journal_account_name(j, s->account));
	size_t start = out->len;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool bad = c < 0x20 || c == 0x7f || c == '/' || c == '\\' || (out->len == start && c == '.');
		strbuf_addch(out, bad ? '-' : (char)c);
	}
	if (out->len == start)
		strbuf_addstr(out, "party");
	if (s->commodity != NO_ID)
		strbuf_addf(out, "-%s", symbol(s, j));
}

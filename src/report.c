#include "compat.h"
#include "report.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

struct cell {
	uint32_t commodity;
	uint32_t next; /* next cell of the same account, or NO_ID */
	struct dec v;
};

static const struct journal *sort_j;

static int cmp_rows(const void *a, const void *b)
{
	const struct balance_row *x = a, *y = b;
	if (x->account != y->account) {
		if (x->account == NO_ID || y->account == NO_ID)
			return x->account == NO_ID ? 1 : -1;
		int c = strcmp(journal_account_name(sort_j, x->account),
			       journal_account_name(sort_j, y->account));
		if (c)
			return c;
	}
	return strcmp(commodity_symbol(&sort_j->commodities, x->commodity),
		      commodity_symbol(&sort_j->commodities, y->commodity));
}

static bool in_range(clerk_date d, const struct balance_options *o)
{
	return (o->begin == DATE_NONE || d >= o->begin) && (o->end == DATE_NONE || d < o->end);
}

void report_balance(struct balance_report *out, const struct journal *j, const struct balance_options *o)
{
	struct balance_options def = BALANCE_OPTIONS_INIT;
	if (!o)
		o = &def;
	uint32_t *head = xmalloc(st_mult(j->accounts.n ? j->accounts.n : 1, sizeof(*head)));
	for (size_t i = 0; i < j->accounts.n; i++)
		head[i] = NO_ID;
	VEC(struct cell) cells = VEC_INIT;
	for (size_t ti = 0; ti < j->txns.n; ti++) {
		const struct txn *t = &j->txns.v[ti];
		if (!in_range(t->date, o))
			continue;
		const struct posting *p = &j->postings.v[t->first_posting];
		for (uint32_t k = 0; k < t->nposting; k++, p++) {
			uint32_t c = head[p->account];
			while (c != NO_ID && cells.v[c].commodity != p->commodity)
				c = cells.v[c].next;
			if (c == NO_ID) {
				struct cell *nc = VEC_GROW(&cells);
				nc->commodity = p->commodity;
				nc->next = head[p->account];
				dec_init(&nc->v);
				c = (uint32_t)(cells.n - 1);
				head[p->account] = c;
			}
			dec_add(&cells.v[c].v, &cells.v[c].v, &p->amount);
		}
	}
	/* rows */
	out->rows = xmalloc(st_mult(cells.n ? cells.n : 1, sizeof(*out->rows)));
	out->n = 0;
	for (size_t a = 0; a < j->accounts.n; a++)
		for (uint32_t c = head[a]; c != NO_ID; c = cells.v[c].next) {
			if (!o->empty && dec_is_zero(&cells.v[c].v)) {
				dec_clear(&cells.v[c].v);
				continue;
			}
			struct balance_row *r = &out->rows[out->n++];
			r->account = (uint32_t)a;
			r->commodity = cells.v[c].commodity;
			r->amount = cells.v[c].v; /* moves the dec */
		}
	/* totals per commodity */
	VEC(struct balance_row) tot = VEC_INIT;
	for (size_t i = 0; i < out->n; i++) {
		struct balance_row *slot = NULL;
		for (size_t k = 0; k < tot.n; k++)
			if (tot.v[k].commodity == out->rows[i].commodity)
				slot = &tot.v[k];
		if (!slot) {
			slot = VEC_GROW(&tot);
			slot->account = NO_ID;
			slot->commodity = out->rows[i].commodity;
			dec_init(&slot->amount);
		}
		dec_add(&slot->amount, &slot->amount, &out->rows[i].amount);
	}
	size_t nt = 0;
	for (size_t k = 0; k < tot.n; k++) {
		if (dec_is_zero(&tot.v[k].amount)) {
			dec_clear(&tot.v[k].amount);
			continue;
		}
		tot.v[nt++] = tot.v[k];
	}
	out->totals = tot.v;
	out->ntotals = nt;
	sort_j = j;
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), cmp_rows);
	if (out->ntotals > 1)
		qsort(out->totals, out->ntotals, sizeof(*out->totals), cmp_rows);
	sort_j = NULL;
	free(head);
	VEC_FREE(&cells);
}

void balance_report_release(struct balance_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		dec_clear(&r->rows[i].amount);
	for (size_t i = 0; i < r->ntotals; i++)
		dec_clear(&r->totals[i].amount);
	free(r->rows);
	free(r->totals);
	memset(r, 0, sizeof(*r));
}

void report_register(struct register_report *out, const struct journal *j, uint32_t account,
		     const struct balance_options *o)
{
	struct balance_options def = BALANCE_OPTIONS_INIT;
	if (!o)
		o = &def;
	uint32_t *order;
	VEC(struct register_row) rows = VEC_INIT;
	VEC(struct cell) run = VEC_INIT;
	journal_date_order(j, &order);
	for (size_t oi = 0; oi < j->txns.n; oi++) {
		const struct txn *t = &j->txns.v[order[oi]];
		if (o->end != DATE_NONE && t->date >= o->end)
			break;
		for (uint32_t k = 0; k < t->nposting; k++) {
			uint32_t pi = t->first_posting + k;
			const struct posting *p = &j->postings.v[pi];
			if (!journal_account_under(j, p->account, account))
				continue;
			struct cell *c = NULL;
			for (size_t m = 0; m < run.n; m++)
				if (run.v[m].commodity == p->commodity)
					c = &run.v[m];
			if (!c) {
				c = VEC_GROW(&run);
				c->commodity = p->commodity;
				dec_init(&c->v);
			}
			dec_add(&c->v, &c->v, &p->amount);
			if (!in_range(t->date, o))
				continue;
			struct register_row *r = VEC_GROW(&rows);
			r->txn = order[oi];
			r->posting = pi;
			dec_init(&r->balance);
			dec_set(&r->balance, &c->v);
		}
	}
	for (size_t m = 0; m < run.n; m++)
		dec_clear(&run.v[m].v);
	VEC_FREE(&run);
	free(order);
	out->rows = rows.v;
	out->n = rows.n;
}

void register_report_release(struct register_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		dec_clear(&r->rows[i].balance);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

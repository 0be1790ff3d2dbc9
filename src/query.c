#include "compat.h"
#include "query.h"
#include "error.h"
#include "util/near.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int query_compile(struct query *q, const char *const *patterns, size_t n)
{
	memset(q, 0, sizeof(*q));
	if (!n)
		return 0;
	q->re = xcalloc(n, sizeof(*q->re));
	q->pattern = xcalloc(n, sizeof(*q->pattern));
	for (size_t i = 0; i < n; i++) {
		int e = regcomp(&q->re[i], patterns[i], REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (e) {
			char msg[128];
			regerror(e, &q->re[i], msg, sizeof(msg));
			query_release(q);
			return clerk_error_set(CLERK_EINVALID, "bad account pattern '%s': %s", patterns[i], msg);
		}
		q->pattern[i] = patterns[i];
		q->n++;
	}
	return 0;
}

void query_release(struct query *q)
{
	for (size_t i = 0; i < q->n; i++)
		regfree(&q->re[i]);
	free(q->re);
	free(q->pattern);
	memset(q, 0, sizeof(*q));
}

static bool match_name(const struct query *q, const char *name)
{
	for (size_t i = 0; i < q->n; i++)
		if (!regexec(&q->re[i], name, 0, NULL, 0))
			return true;
	return !q->n;
}

bool query_match(const struct query *q, const struct journal *j, uint32_t account)
{
	return match_name(q, journal_account_name(j, account));
}

static const char *leaf_name(const char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

/* The account nearest to word: by its full name, else by its last component. */
static const char *nearest_account(const struct journal *j, const char *word)
{
	size_t n = j->accounts.n;
	const char **full = xcalloc(n ? n : 1, sizeof(*full)), **leaf = xcalloc(n ? n : 1, sizeof(*leaf));
	for (size_t a = 0; a < n; a++) {
		full[a] = journal_account_name(j, (uint32_t)a);
		leaf[a] = leaf_name(full[a]);
	}
	unsigned limit = strlen(word) >= 5 ? 2 : 1;
	const char *near = near_closest(word, full, n, limit);
	if (!near) {
		const char *l = near_closest(word, leaf, n, limit);
		for (size_t a = 0; l && a < n; a++)
			if (leaf[a] == l)
				near = full[a];
	}
	free(full);
	free(leaf);
	return near;
}

long query_unmatched(const struct query *q, const struct journal *j, size_t from, const char **near)
{
	*near = NULL;
	for (size_t i = from; i < q->n; i++) {
		struct query one = { &q->re[i], &q->pattern[i], 1 };
		bool any = false;
		for (size_t a = 0; !any && a < j->accounts.n; a++)
			any = query_match(&one, j, (uint32_t)a);
		if (!any) {
			*near = nearest_account(j, q->pattern[i]);
			return (long)i;
		}
	}
	return -1;
}

/* Per account, a list of amounts by commodity. */
struct cell {
	uint32_t commodity;
	uint32_t next; /* next cell of the same account, or NO_ID */
	struct dec v;
};

struct cells {
	VEC(struct cell) c;
	uint32_t *head; /* per account: first cell, or NO_ID */
};

static void cells_init(struct cells *s, size_t naccounts)
{
	memset(&s->c, 0, sizeof(s->c));
	s->head = xmalloc(st_mult(naccounts ? naccounts : 1, sizeof(*s->head)));
	for (size_t i = 0; i < naccounts; i++)
		s->head[i] = NO_ID;
}

static void cells_add(struct cells *s, uint32_t account, uint32_t commodity, const struct dec *v)
{
	uint32_t c = s->head[account];
	while (c != NO_ID && s->c.v[c].commodity != commodity)
		c = s->c.v[c].next;
	if (c == NO_ID) {
		struct cell *nc = VEC_GROW(&s->c);
		nc->commodity = commodity;
		nc->next = s->head[account];
		dec_init(&nc->v);
		c = (uint32_t)(s->c.n - 1);
		s->head[account] = c;
	}
	dec_add(&s->c.v[c].v, &s->c.v[c].v, v);
}

static void cells_release(struct cells *s)
{
	for (size_t i = 0; i < s->c.n; i++)
		dec_clear(&s->c.v[i].v);
	VEC_FREE(&s->c);
	free(s->head);
}

static bool in_range(clerk_date d, const struct balance_options *o)
{
	return (o->begin == DATE_NONE || d >= o->begin) && (o->end == DATE_NONE || d < o->end);
}

/* The account itself, or its ancestor at depth (1 = top level) when it lies deeper. */
static uint32_t clip(const struct journal *j, uint32_t a, unsigned depth)
{
	while (depth && j->accounts.v[a].depth >= depth && j->accounts.v[a].parent != NO_ID)
		a = j->accounts.v[a].parent;
	return a;
}

/* The selected postings' amounts, on their accounts (clipped to the depth). */
static void collect(struct cells *own, const struct journal *j, const struct query *q,
		    const struct query_balance_options *o)
{
	for (size_t ti = 0; ti < j->txns.n; ti++) {
		const struct txn *t = &j->txns.v[ti];
		if (!in_range(t->date, &o->bo))
			continue;
		const struct posting *p = &j->postings.v[t->first_posting];
		for (uint32_t k = 0; k < t->nposting; k++, p++)
			if (query_match(q, j, p->account))
				cells_add(own, clip(j, p->account, o->depth), p->commodity, &p->amount);
	}
}

/* Each account's amounts added to itself and every ancestor. */
static void include_subaccounts(struct cells *incl, const struct cells *own, const struct journal *j)
{
	for (size_t a = 0; a < j->accounts.n; a++)
		for (uint32_t c = own->head[a]; c != NO_ID; c = own->c.v[c].next)
			for (uint32_t x = (uint32_t)a; x != NO_ID; x = j->accounts.v[x].parent)
				cells_add(incl, x, own->c.v[c].commodity, &own->c.v[c].v);
}

static const struct journal *sort_j;

/* Account names compared component by component (':' before any other character). */
static int cmp_names(const char *x, const char *y)
{
	for (;; x++, y++) {
		unsigned char a = *x == ':' ? 1 : (unsigned char)*x, b = *y == ':' ? 1 : (unsigned char)*y;
		if (a != b || !a)
			return a < b ? -1 : a > b;
	}
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct balance_row *x = pa, *y = pb;
	if (x->account != y->account && x->account != NO_ID && y->account != NO_ID) {
		int c = cmp_names(journal_account_name(sort_j, x->account),
				  journal_account_name(sort_j, y->account));
		if (c)
			return c;
	}
	return strcmp(commodity_symbol(&sort_j->commodities, x->commodity),
		      commodity_symbol(&sort_j->commodities, y->commodity));
}

typedef VEC(struct balance_row) row_vec;

static void add_total(row_vec *tot, uint32_t commodity, const struct dec *v)
{
	for (size_t k = 0; k < tot->n; k++)
		if (tot->v[k].commodity == commodity) {
			dec_add(&tot->v[k].amount, &tot->v[k].amount, v);
			return;
		}
	struct balance_row *r = VEC_GROW(tot);
	r->account = NO_ID;
	r->commodity = commodity;
	dec_init(&r->amount);
	dec_set(&r->amount, v);
}

static void make_rows(struct balance_report *out, const struct journal *j, const struct cells *shown,
		      const struct cells *own, bool empty)
{
	row_vec rows = VEC_INIT, tot = VEC_INIT;
	for (size_t a = 0; a < j->accounts.n; a++) {
		for (uint32_t c = shown->head[a]; c != NO_ID; c = shown->c.v[c].next) {
			if (!empty && dec_is_zero(&shown->c.v[c].v))
				continue;
			struct balance_row *r = VEC_GROW(&rows);
			r->account = (uint32_t)a;
			r->commodity = shown->c.v[c].commodity;
			dec_init(&r->amount);
			dec_set(&r->amount, &shown->c.v[c].v);
		}
		for (uint32_t c = own->head[a]; c != NO_ID; c = own->c.v[c].next)
			add_total(&tot, own->c.v[c].commodity, &own->c.v[c].v);
	}
	size_t nt = 0;
	for (size_t k = 0; k < tot.n; k++) {
		if (dec_is_zero(&tot.v[k].amount))
			dec_clear(&tot.v[k].amount);
		else
			tot.v[nt++] = tot.v[k];
	}
	sort_j = j;
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof(*rows.v), cmp_rows);
	if (nt > 1)
		qsort(tot.v, nt, sizeof(*tot.v), cmp_rows);
	sort_j = NULL;
	out->rows = rows.v;
	out->n = rows.n;
	out->totals = tot.v;
	out->ntotals = nt;
}

void query_balance(struct balance_report *out, const struct journal *j, const struct query *q,
		   const struct query_balance_options *o)
{
	struct cells own, incl;
	cells_init(&own, j->accounts.n);
	collect(&own, j, q, o);
	if (o->layout == QUERY_TREE) {
		cells_init(&incl, j->accounts.n);
		include_subaccounts(&incl, &own, j);
		make_rows(out, j, &incl, &own, o->bo.empty);
		cells_release(&incl);
	} else {
		make_rows(out, j, &own, &own, o->bo.empty);
	}
	cells_release(&own);
}

void query_register(struct register_report *out, const struct journal *j, const struct query *q,
		    const struct balance_options *o)
{
	uint32_t *order;
	VEC(struct register_row) rows = VEC_INIT;
	struct cells run;
	cells_init(&run, 1);
	journal_date_order(j, &order);
	for (size_t oi = 0; oi < j->txns.n; oi++) {
		const struct txn *t = &j->txns.v[order[oi]];
		if (o->end != DATE_NONE && t->date >= o->end)
			break;
		for (uint32_t k = 0; k < t->nposting; k++) {
			uint32_t pi = t->first_posting + k;
			const struct posting *p = &j->postings.v[pi];
			if (!query_match(q, j, p->account))
				continue;
			cells_add(&run, 0, p->commodity, &p->amount);
			if (!in_range(t->date, o))
				continue;
			uint32_t c = run.head[0];
			while (run.c.v[c].commodity != p->commodity)
				c = run.c.v[c].next;
			struct register_row *r = VEC_GROW(&rows);
			r->txn = order[oi];
			r->posting = pi;
			dec_init(&r->balance);
			dec_set(&r->balance, &run.c.v[c].v);
		}
	}
	cells_release(&run);
	free(order);
	out->rows = rows.v;
	out->n = rows.n;
}

enum query_class query_account_class(const struct journal *j, uint32_t account)
{
	static const struct {
		const char *name;
		enum query_class c;
	} top[] = {
		{ "assets", QUERY_ASSET },	 { "asset", QUERY_ASSET },     { "liabilities", QUERY_LIABILITY },
		{ "liability", QUERY_LIABILITY }, { "equity", QUERY_EQUITY },   { "income", QUERY_REVENUE },
		{ "revenue", QUERY_REVENUE },	 { "revenues", QUERY_REVENUE }, { "expenses", QUERY_EXPENSE },
		{ "expense", QUERY_EXPENSE },
	};
	const char *name = journal_account_name(j, account);
	size_t n = strcspn(name, ":");
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (strlen(top[i].name) == n && !strncasecmp(name, top[i].name, n))
			return top[i].c;
	return QUERY_OTHER;
}

/*
 * match.c - the matching rules for one bank movement (see match.h).
 */
#include "compat.h"
#include "match.h"
#include "history.h"
#include "refs.h"
#include "util/symtab.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <string.h>

#define MAX_TOKENS 64
#define SEARCH_BUDGET 200000 /* nodes of the combination search */
#define AMBIGUOUS UINT32_MAX - 1

struct matcher {
	struct openitems *oi;
	const struct journal *j;
	struct match_policy policy;
	struct dec *open;     /* per item: what is still open in this run */
	struct symtab ibans;  /* normalised party IBAN -> party account (or AMBIGUOUS) */
	u32_vec iban_party;
	struct symtab names;  /* lower-cased party name -> party account (or AMBIGUOUS) */
	u32_vec name_party;
	/* per journal account: its items (contiguous: openitems sorts by party account) */
	uint32_t *first_item, *nitems;
	struct history *hist; /* the keys of the history file the books left out, or NULL */
};

/*
 * A settled item a movement names: an item of the books (item), or one of
 * the history file (item NO_ID, its number copied).
 */
struct closed_hit {
	uint32_t item;
	uint32_t account;
	const char *invoice; /* the item's, or owned (owned) when item is NO_ID */
	char *owned;
};
typedef VEC(struct closed_hit) closed_vec;

static void closed_release(closed_vec *v)
{
	for (size_t k = 0; k < v->n; k++)
		free(v->v[k].owned);
	VEC_FREE(v);
}

static const char *const decision_names[] = { "matched",  "partial",	 "overpaid", "writeoff",
					      "discount", "on-account", "suspense" };
static const char *const rule_names[] = { "reference", "invoice-number", "amount",
					  "combination", "party", "none" };

const char *match_decision_name(enum match_decision d)
{
	return decision_names[d];
}

const char *match_rule_name(enum match_rule r)
{
	return rule_names[r];
}

void match_policy_init(struct match_policy *p)
{
	dec_init(&p->tolerance);
	p->use_reference = p->use_invoice_number = p->use_amount = p->use_combination = true;
	p->use_discount = true;
	p->max_combination_items = 8;
	p->max_candidates = 25;
}

void match_policy_release(struct match_policy *p)
{
	dec_clear(&p->tolerance);
}

void match_result_init(struct match_result *r)
{
	memset(r, 0, sizeof(*r));
	r->party = NO_ID;
	r->decision = MATCH_SUSPENSE;
	r->rule = RULE_NONE;
	dec_init(&r->unapplied);
	dec_init(&r->writeoff);
	dec_init(&r->discount);
	strbuf_init(&r->note, 0);
}

void match_result_release(struct match_result *r)
{
	for (size_t i = 0; i < r->nalloc; i++)
		dec_clear(&r->alloc[i].applied);
	free(r->alloc);
	dec_clear(&r->unapplied);
	dec_clear(&r->writeoff);
	dec_clear(&r->discount);
	strbuf_release(&r->note);
	match_result_init(r);
}

static void lower(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		strbuf_addch(out, (char)tolower((unsigned char)*s));
}

/* Interns key -> value in t/vals, marking a key seen twice with another value as AMBIGUOUS. */
static void index_unique(struct symtab *t, u32_vec *vals, const char *key, size_t len, uint32_t v)
{
	int is_new;
	uint32_t id = symtab_intern(t, key, len, &is_new);
	if (is_new)
		VEC_PUSH(vals, v);
	else if (vals->v[id] != v)
		vals->v[id] = AMBIGUOUS;
}

struct matcher *match_new(struct openitems *oi, const struct match_policy *policy)
{
	struct matcher *m = xcalloc(1, sizeof(*m));
	struct strbuf sb = STRBUF_INIT;
	size_t n = openitems_count(oi);
	m->oi = oi;
	m->j = openitems_journal(oi);
	if (policy) {
		m->policy = *policy;
		dec_init(&m->policy.tolerance);
		dec_set(&m->policy.tolerance, &policy->tolerance);
	} else {
		match_policy_init(&m->policy);
	}
	m->open = xcalloc(n ? n : 1, sizeof(*m->open));
	m->first_item = xcalloc(m->j->accounts.n ? m->j->accounts.n : 1, sizeof(*m->first_item));
	m->nitems = xcalloc(m->j->accounts.n ? m->j->accounts.n : 1, sizeof(*m->nitems));
	for (size_t i = 0; i < n; i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (!m->nitems[it->account]++)
			m->first_item[it->account] = (uint32_t)i;
		dec_init(&m->open[i]);
		dec_set(&m->open[i], &it->open);
	}
	for (size_t i = 0; i < openitems_party_count(oi); i++) {
		const struct openitems_party *p = openitems_party(oi, i);
		if (p->iban) {
			strbuf_reset(&sb);
			refs_normalize(&sb, p->iban);
			index_unique(&m->ibans, &m->iban_party, sb.buf, sb.len, p->account);
		}
		if (p->name) {
			strbuf_reset(&sb);
			lower(&sb, p->name);
			index_unique(&m->names, &m->name_party, sb.buf, sb.len, p->account);
		}
	}
	strbuf_release(&sb);
	return m;
}

void match_free(struct matcher *m)
{
	if (!m)
		return;
	size_t n = openitems_count(m->oi);
	for (size_t i = 0; i < n; i++)
		dec_clear(&m->open[i]);
	free(m->open);
	free(m->first_item);
	free(m->nitems);
	symtab_release(&m->ibans);
	symtab_release(&m->names);
	VEC_FREE(&m->iban_party);
	VEC_FREE(&m->name_party);
	match_policy_release(&m->policy);
	free(m);
}

const struct dec *match_open(const struct matcher *m, size_t item)
{
	return &m->open[item];
}

/* True when item i can take money of this movement: right side, commodity, something open. */
static bool eligible(const struct matcher *m, size_t i, uint8_t role, uint32_t commodity)
{
	const struct openitem *it = openitems_item(m->oi, i);
	return m->j->accounts.v[it->account].role == role && it->commodity == commodity &&
	       dec_sgn(&m->open[i]) > 0;
}

/* True when item i is on this side and commodity but has nothing open (settled). */
static bool settled(const struct matcher *m, size_t i, uint8_t role, uint32_t commodity)
{
	const struct openitem *it = openitems_item(m->oi, i);
	return m->j->accounts.v[it->account].role == role && it->commodity == commodity &&
	       dec_sgn(&m->open[i]) <= 0;
}

static void add_item(u32_vec *v, uint32_t i)
{
	for (size_t k = 0; k < v->n; k++)
		if (v->v[k] == i)
			return;
	VEC_PUSH(v, i);
}

void match_set_history(struct matcher *m, struct history *h)
{
	m->hist = h;
}

static void add_closed(closed_vec *v, uint32_t item, uint32_t account, const char *invoice)
{
	for (size_t k = 0; k < v->n; k++)
		if (item != NO_ID ? v->v[k].item == item
				  : v->v[k].item == NO_ID && v->v[k].account == account &&
					    !strcmp(v->v[k].invoice, invoice))
			return;
	struct closed_hit c = { item, account, invoice, NULL };
	if (item == NO_ID)
		c.invoice = c.owned = xstrdup(invoice);
	VEC_PUSH(v, c);
}

/* Item i of the books against history row r, in the order of the items (openitems.h). */
static int cmp_item_row(const struct matcher *m, uint32_t i, const struct history_row *r)
{
	const struct openitem *it = openitems_item(m->oi, i);
	char due[11], date[11];
	int c = strcmp(journal_account_name(m->j, it->account), r->account);
	if (c)
		return c;
	date_format(it->due, due);
	if ((c = strcmp(due, r->due)))
		return c;
	date_format(it->date, date);
	if ((c = strcmp(date, r->date)))
		return c;
	if ((c = strcmp(it->invoice, r->invoice)))
		return c;
	return strcmp(commodity_symbol(&m->j->commodities, it->commodity), r->commodity);
}

/*
 * The books' items hits[0..nh) a key found and the history's rows under it
 * (kind 'n' or 'r', key normalised), in the order of the items as if the
 * history file were read: eligible ones to out, settled ones to closed.
 * Returns the number of items and rows found, of any side and commodity.
 */
static size_t take_hits(struct matcher *m, const uint32_t *hits, size_t nh, char kind,
			const struct strbuf *key, uint8_t role, uint32_t commodity, u32_vec *out,
			closed_vec *closed)
{
	const struct history_row *rows = NULL;
	size_t nr = m->hist && key->len ? history_find(m->hist, kind, key->buf, key->len, &rows) : 0;
	size_t h = 0, r = 0;
	while (h < nh || r < nr) {
		if (r == nr || (h < nh && cmp_item_row(m, hits[h], &rows[r]) <= 0)) {
			uint32_t i = hits[h++];
			if (eligible(m, i, role, commodity))
				add_item(out, i);
			else if (settled(m, i, role, commodity))
				add_closed(closed, i, openitems_item(m->oi, i)->account,
					   openitems_item(m->oi, i)->invoice);
			continue;
		}
		const struct history_row *row = &rows[r++];
		uint32_t a = journal_find_account(m->j, row->account);
		uint32_t c = symtab_find(&m->j->commodities.names, row->commodity, strlen(row->commodity));
		if (a != NO_ID && m->j->accounts.v[a].role == role && c == commodity)
			add_closed(closed, NO_ID, a, row->invoice);
	}
	return nh + nr;
}


static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Rule 2: candidate invoice numbers are tokens of the text and runs of 2 or 3 adjacent tokens. */
static void find_numbers(struct matcher *m, const char *text, uint8_t role, uint32_t commodity,
			 u32_vec *out, closed_vec *closed)
{
	struct strbuf norm = STRBUF_INIT;
	const char *tok[MAX_TOKENS];
	size_t len[MAX_TOKENS], nt = 0;
	const char *p = text;
	struct strbuf cand = STRBUF_INIT;
	while (*p && nt < MAX_TOKENS) {
		while (*p && strchr(" \t,;:/()#\"'", *p))
			p++;
		if (!*p)
			break;
		tok[nt] = p;
		while (*p && !strchr(" \t,;:/()#\"'", *p))
			p++;
		len[nt] = (size_t)(p - tok[nt]);
		nt++;
	}
	for (size_t i = 0; i < nt; i++) {
		for (size_t w = 1; w <= 3 && i + w <= nt; w++) {
			strbuf_reset(&cand);
			bool digit = false;
			for (size_t k = i; k < i + w; k++) {
				strbuf_add(&cand, tok[k], len[k]);
				for (size_t c = 0; c < len[k]; c++)
					digit |= tok[k][c] >= '0' && tok[k][c] <= '9';
			}
			if (!digit)
				continue;
			const uint32_t *hits;
			strbuf_reset(&norm);
			openitems_normalize(&norm, cand.buf);
			size_t nh = openitems_find_normalized_key(&hits, m->oi, norm.buf, norm.len);
			if (take_hits(m, hits, nh, 'n', &norm, role, commodity, out, closed))
				continue;
			/* no such number: digits alone may be a number without its prefix,
			 * taken only when one open item has it (2026-0086 for INV-2026-0086) */
			nh = openitems_find_bare(&hits, m->oi, cand.buf);
			uint32_t only = NO_ID;
			size_t nel = 0;
			for (size_t h = 0; h < nh; h++)
				if (eligible(m, hits[h], role, commodity)) {
					only = hits[h];
					nel++;
				}
			if (nel == 1)
				add_item(out, only);
		}
	}
	strbuf_release(&cand);
	strbuf_release(&norm);
}

static uint32_t find_party(struct matcher *m, const struct match_movement *mv, uint8_t role,
			   const char **how)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t party = NO_ID;
	if (mv->counterparty_iban && *mv->counterparty_iban) {
		refs_normalize(&sb, mv->counterparty_iban);
		uint32_t id = symtab_find(&m->ibans, sb.buf, sb.len);
		if (id != UINT32_MAX && m->iban_party.v[id] != AMBIGUOUS) {
			party = m->iban_party.v[id];
			*how = "IBAN";
		}
	}
	if (party == NO_ID && mv->counterparty_name && *mv->counterparty_name) {
		strbuf_reset(&sb);
		lower(&sb, mv->counterparty_name);
		uint32_t id = symtab_find(&m->names, sb.buf, sb.len);
		if (id != UINT32_MAX && m->name_party.v[id] != AMBIGUOUS) {
			party = m->name_party.v[id];
			*how = "name";
		}
	}
	strbuf_release(&sb);
	if (party != NO_ID && m->j->accounts.v[party].role != role)
		party = NO_ID; /* a customer paying out, a vendor paying in: not this side */
	return party;
}

struct search {
	const struct dec *vals;
	size_t n;
	int kmax;
	long budget;
	int found;       /* solutions seen (stops at 2) */
	uint32_t pick[64], npick;
	uint32_t best[64], nbest;
};

/* Depth-first search for subsets (2..kmax items) summing exactly to target. */
static void dfs(struct search *s, size_t from, const struct dec *left)
{
	if (s->found >= 2 || --s->budget < 0)
		return;
	if (dec_is_zero(left)) {
		if (s->npick >= 2) {
			if (!s->found++) {
				memcpy(s->best, s->pick, s->npick * sizeof(*s->pick));
				s->nbest = s->npick;
			}
		}
		return;
	}
	if ((int)s->npick >= s->kmax)
		return;
	struct dec rest = DEC_INIT;
	for (size_t i = from; i < s->n && s->found < 2 && s->budget >= 0; i++) {
		if (dec_cmp(&s->vals[i], left) > 0)
			continue; /* every value is positive: it cannot fit */
		dec_sub(&rest, left, &s->vals[i]);
		s->pick[s->npick++] = (uint32_t)i;
		dfs(s, i + 1, &rest);
		s->npick--;
	}
	dec_clear(&rest);
}

static void alloc_push(struct match_result *r, size_t item, const struct dec *v)
{
	r->alloc = xrealloc(r->alloc, st_mult(r->nalloc + 1, sizeof(*r->alloc)));
	r->alloc[r->nalloc].item = item;
	dec_init(&r->alloc[r->nalloc].applied);
	dec_set(&r->alloc[r->nalloc].applied, v);
	r->nalloc++;
}

static void note_items(struct strbuf *sb, const struct matcher *m, const u32_vec *items)
{
	for (size_t k = 0; k < items->n; k++) {
		const struct openitem *it = openitems_item(m->oi, items->v[k]);
		strbuf_addstr(sb, k ? ", " : "");
		strbuf_addstr(sb, it->invoice);
	}
}

/* Applies money P (owed-positive) to the chosen items (in due order). */
static void apply(struct matcher *m, const struct match_movement *mv, const struct dec *P,
		  u32_vec *items, struct match_result *r)
{
	struct dec total = DEC_INIT, left = DEC_INIT, a = DEC_INIT, disc = DEC_INIT, d = DEC_INIT;
	mpq_t q, pct;
	qsort(items->v, items->n, sizeof(*items->v), cmp_u32); /* openitems order: due, date */
	for (size_t k = 0; k < items->n; k++)
		dec_add(&total, &total, &m->open[items->v[k]]);
	r->party = openitems_item(m->oi, items->v[0])->account;
	int c = dec_cmp(P, &total);
	struct strbuf *note = &r->note;
	if (c >= 0) {
		for (size_t k = 0; k < items->n; k++)
			alloc_push(r, items->v[k], &m->open[items->v[k]]);
		if (c == 0) {
			r->decision = MATCH_MATCHED;
		} else {
			r->decision = MATCH_OVERPAID;
			dec_sub(&r->unapplied, P, &total);
		}
		goto done;
	}
	/* a shortfall: tolerance, discount, else partial */
	dec_sub(&d, &total, P);
	if (dec_sgn(&m->policy.tolerance) > 0 && dec_cmp(&d, &m->policy.tolerance) <= 0) {
		for (size_t k = 0; k < items->n; k++)
			alloc_push(r, items->v[k], &m->open[items->v[k]]);
		dec_set(&r->writeoff, &d);
		r->decision = MATCH_WRITEOFF;
		goto done;
	}
	mpq_init(q);
	mpq_init(pct);
	bool all_in_time = m->policy.use_discount;
	for (size_t k = 0; all_in_time && k < items->n; k++) {
		const struct openitem *it = openitems_item(m->oi, items->v[k]);
		if (!it->discount_pct || it->discount_until == DATE_NONE || mv->date > it->discount_until) {
			all_in_time = false;
			break;
		}
		/* the discount on this item, rounded half-even to the amount's decimals */
		dec_get_mpq(q, &m->open[items->v[k]]);
		dec_get_mpq(pct, it->discount_pct);
		mpq_mul(q, q, pct);
		mpq_set_ui(pct, 1, 100);
		mpq_mul(q, q, pct);
		int32_t scale = m->open[items->v[k]].scale;
		if (dec_set_mpq(&a, q, scale, DEC_ROUND_HALF_EVEN))
			all_in_time = false;
		dec_add(&disc, &disc, &a);
	}
	mpq_clear(q);
	mpq_clear(pct);
	if (all_in_time && dec_cmp(&d, &disc) == 0) {
		for (size_t k = 0; k < items->n; k++)
			alloc_push(r, items->v[k], &m->open[items->v[k]]);
		dec_set(&r->discount, &d);
		r->decision = MATCH_DISCOUNT;
		goto done;
	}
	/* partial: oldest due first, the residual stays open */
	dec_set(&left, P);
	for (size_t k = 0; k < items->n && dec_sgn(&left) > 0; k++) {
		const struct dec *o = &m->open[items->v[k]];
		if (dec_cmp(o, &left) <= 0)
			dec_set(&a, o);
		else
			dec_set(&a, &left);
		alloc_push(r, items->v[k], &a);
		dec_sub(&left, &left, &a);
	}
	r->decision = MATCH_PARTIAL;
done:
	/* record: the items are reduced for later movements of this run */
	for (size_t k = 0; k < r->nalloc; k++) {
		struct dec *o = &m->open[r->alloc[k].item];
		if (r->decision == MATCH_WRITEOFF || r->decision == MATCH_DISCOUNT)
			dec_set_i64(o, 0, 0);
		else
			dec_sub(o, o, &r->alloc[k].applied);
	}
	strbuf_addf(note, "%s ", match_decision_name(r->decision));
	note_items(note, m, items);
	if (r->decision == MATCH_PARTIAL)
		strbuf_addstr(note, ": less than is open, the rest stays open; ask the payer?");
	else if (r->decision == MATCH_OVERPAID)
		strbuf_addstr(note, ": more than is open, the excess stays on the account as a credit");
	else if (r->decision == MATCH_WRITEOFF)
		strbuf_addstr(note, ": the small difference is within the tolerance and written off");
	else if (r->decision == MATCH_DISCOUNT)
		strbuf_addstr(note, ": paid within the discount period, less the early-payment discount");
	dec_clear(&total);
	dec_clear(&left);
	dec_clear(&a);
	dec_clear(&disc);
	dec_clear(&d);
}

int match_movement(struct matcher *m, const struct match_movement *mv, struct match_result *r)
{
	struct dec P = DEC_INIT;
	u32_vec items = VEC_INIT;
	closed_vec closed = VEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	uint8_t role = dec_sgn(&mv->amount) >= 0 ? ROLE_RECEIVABLE : ROLE_PAYABLE;
	dec_abs(&P, &mv->amount);

	/* 1. structured reference (never on an invalid check) */
	if (m->policy.use_reference && mv->creditor_ref && *mv->creditor_ref) {
		if (rf_valid(mv->creditor_ref)) {
			const uint32_t *hits;
			refs_normalize(&sb, mv->creditor_ref);
			size_t nh = openitems_find_ref_key(&hits, m->oi, sb.buf, sb.len);
			(void)take_hits(m, hits, nh, 'r', &sb, role, mv->commodity, &items, &closed);
			strbuf_reset(&sb);
			if (items.n) {
				r->rule = RULE_REFERENCE;
				apply(m, mv, &P, &items, r);
				goto cleanup;
			}
		} else {
			strbuf_addf(&r->note, "reference '%s' has a bad check digit and was not used; ",
				    mv->creditor_ref);
		}
	}
	/* 2. invoice numbers in the remittance text and referred documents */
	if (m->policy.use_invoice_number) {
		if (mv->remittance)
			find_numbers(m, mv->remittance, role, mv->commodity, &items, &closed);
		if (mv->referred_docs)
			find_numbers(m, mv->referred_docs, role, mv->commodity, &items, &closed);
		if (items.n) {
			r->rule = RULE_INVOICE_NUMBER;
			apply(m, mv, &P, &items, r);
			goto cleanup;
		}
	}
	/* a reference or number of items already settled: paid twice, or paid after a credit */
	if (closed.n) {
		r->rule = mv->creditor_ref && rf_valid(mv->creditor_ref) ? RULE_REFERENCE
									   : RULE_INVOICE_NUMBER;
		r->decision = MATCH_OVERPAID;
		r->party = closed.v[0].account;
		dec_set(&r->unapplied, &P);
		strbuf_addstr(&r->note, "pays ");
		for (size_t k = 0; k < closed.n; k++) {
			strbuf_addstr(&r->note, k ? ", " : "");
			strbuf_addstr(&r->note, closed.v[k].invoice);
		}
		strbuf_addf(&r->note, ", already settled: the money stays on the account as a credit; "
				      "%s",
			    role == ROLE_PAYABLE ? "a bill paid twice? ask the vendor for a refund"
						 : "refund it or apply it to another invoice");
		goto cleanup;
	}
	/* 3. the counterparty names a party: an exact amount, else an exact combination */
	const char *how = NULL;
	uint32_t party = find_party(m, mv, role, &how);
	if (party != NO_ID) {
		u32_vec cands = VEC_INIT;
		size_t from = m->first_item[party], to = from + m->nitems[party];
		for (size_t i = from; i < to && (int)cands.n < m->policy.max_candidates; i++)
			if (eligible(m, i, role, mv->commodity))
				VEC_PUSH(&cands, (uint32_t)i);
		if (m->policy.use_amount) {
			size_t nexact = 0, first = SIZE_MAX;
			for (size_t k = 0; k < cands.n; k++)
				if (!dec_cmp(&m->open[cands.v[k]], &P)) {
					nexact++;
					if (first == SIZE_MAX)
						first = k;
				}
			if (nexact == 1 || (nexact > 1 && first == 0)) {
				VEC_PUSH(&items, cands.v[first]);
				r->rule = RULE_AMOUNT;
				apply(m, mv, &P, &items, r);
				VEC_FREE(&cands);
				goto cleanup;
			}
			if (nexact > 1)
				strbuf_addstr(&r->note, "several open items have exactly this amount; ");
		}
		if (m->policy.use_combination && cands.n >= 2) {
			/* the oldest-due-first run, else a unique exact combination */
			struct dec run = DEC_INIT;
			size_t prefix = 0;
			for (size_t k = 0; k < cands.n && (int)k < m->policy.max_combination_items; k++) {
				dec_add(&run, &run, &m->open[cands.v[k]]);
				if (!dec_cmp(&run, &P)) {
					prefix = k + 1;
					break;
				}
			}
			dec_clear(&run);
			struct search s = { 0 };
			if (prefix < 2) {
				struct dec *vals = xcalloc(cands.n, sizeof(*vals));
				for (size_t k = 0; k < cands.n; k++)
					vals[k] = m->open[cands.v[k]]; /* borrowed */
				s.vals = vals;
				s.n = cands.n;
				s.kmax = m->policy.max_combination_items > 64 ? 64
									     : m->policy.max_combination_items;
				s.budget = SEARCH_BUDGET;
				dfs(&s, 0, &P);
				free(vals);
			}
			if (prefix >= 2 || s.found == 1) {
				if (prefix >= 2)
					for (size_t k = 0; k < prefix; k++)
						VEC_PUSH(&items, cands.v[k]);
				else
					for (size_t k = 0; k < s.nbest; k++)
						VEC_PUSH(&items, cands.v[s.best[k]]);
				r->rule = RULE_COMBINATION;
				apply(m, mv, &P, &items, r);
				VEC_FREE(&cands);
				goto cleanup;
			}
			if (s.found >= 2)
				strbuf_addstr(&r->note, "several combinations of open items fit and the "
							"oldest-first one is not among them; ");
			else if (s.budget < 0)
				strbuf_addstr(&r->note, "the combination search hit its limit; ");
		}
		VEC_FREE(&cands);
		/* 4. party known, nothing fits: on account */
		r->rule = RULE_PARTY;
		r->decision = MATCH_ON_ACCOUNT;
		r->party = party;
		dec_set(&r->unapplied, &P);
		strbuf_addf(&r->note, "the payer's %s points to '%s' but no open item fits: left on account", how,
			    journal_account_name(m->j, party));
		goto cleanup;
	}
	/* 5. nothing known: suspense */
	r->rule = RULE_NONE;
	r->decision = MATCH_SUSPENSE;
	strbuf_addstr(&r->note, "no reference, invoice number or known counterparty: for a person to look at");
cleanup:
	dec_clear(&P);
	VEC_FREE(&items);
	closed_release(&closed);
	strbuf_release(&sb);
	return 0;
}

void match_undo(struct matcher *m, const struct match_result *r)
{
	for (size_t k = 0; k < r->nalloc; k++) {
		struct dec *o = &m->open[r->alloc[k].item];
		if (r->decision == MATCH_WRITEOFF || r->decision == MATCH_DISCOUNT)
			dec_set(o, &r->alloc[k].applied);
		else
			dec_add(o, o, &r->alloc[k].applied);
	}
}

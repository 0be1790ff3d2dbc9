/*
 * dunning.c - dunning levels, collections and notices (dunning.h,
 * formats/dunning.md).
 */
#include "compat.h"
#include "dunning.h"
#include "amount.h"
#include "error.h"
#include "util/xalloc.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const int32_t default_levels[] = { 1, 15, 30, 60 };
#define DEFAULT_INTERVAL 14

/* A notice recorded in the books: its party account, currency, date and level. */
struct notice_rec {
	uint32_t account, commodity;
	clerk_date date;
	uint8_t level;
};

typedef VEC(struct notice_rec) notice_vec;

/* A small level number from a tag value ("3"); 0 when it is not one. */
static uint8_t level_value(const char *s)
{
	unsigned v = 0;
	if (!s)
		return 0;
	for (; *s >= '0' && *s <= '9' && v < 100; s++)
		v = v * 10 + (unsigned)(*s - '0');
	return v > DUNNING_MAX_LEVELS ? DUNNING_MAX_LEVELS : (uint8_t)v;
}

/* Fee or interest items already in the books for the as-of date, per party account and currency. */
struct charge_count {
	uint32_t account, commodity;
	unsigned fees, interest;
};

struct dunning {
	VEC(struct charge_count) charges;
	const struct journal *j;
	const struct openitems *oi;
	struct dunning_policy pol;
	clerk_date as_of;
	VEC(struct dunning_row) rows;
	VEC(struct dunning_item) items;
	VEC(struct dunning_excluded) excluded;
	struct strbuf held; /* why notices are held; empty when they are not */
};

const char *dunning_action(unsigned level)
{
	switch (level) {
	case 0:
		return "none";
	case 1:
		return "reminder";
	case 2:
		return "second-reminder";
	case 3:
		return "final-notice";
	default:
		return "collections";
	}
}

/* Parses a non-negative decimal "12", "5.00" or "8.12" into out; -1 when it is not one. */
static int parse_decimal(struct dec *out, const char *s, size_t n)
{
	char digits[64];
	size_t nd = 0;
	int32_t scale = 0;
	bool point = false;
	if (!n || n >= sizeof(digits))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && !point && i + 1 < n && i > 0) {
			point = true;
		} else if (s[i] >= '0' && s[i] <= '9') {
			digits[nd++] = s[i];
			if (point)
				scale++;
		} else {
			return -1;
		}
	}
	return dec_from_digits(out, digits, nd, scale, false) ? -1 : 0;
}

/* Splits v at blanks: calls back per word; returns the word count or -1 when fn fails. */
static int each_word(const char *v, int (*fn)(void *ctx, size_t k, const char *w, size_t n), void *ctx)
{
	size_t k = 0;
	for (const char *p = v; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (fn(ctx, k++, p, (size_t)(e - p)))
			return -1;
		p = e;
	}
	return (int)k;
}

static int level_word(void *ctx, size_t k, const char *w, size_t n)
{
	struct dunning_policy *p = ctx;
	long v = 0;
	if (k >= DUNNING_MAX_LEVELS || !n || n > 6)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return -1;
		v = v * 10 + (w[i] - '0');
	}
	if (v < 1 || (k && v <= p->from_days[k - 1]))
		return -1;
	p->from_days[k] = (int32_t)v;
	return 0;
}

static int fee_word(void *ctx, size_t k, const char *w, size_t n)
{
	struct dunning_policy *p = ctx;
	if (k >= DUNNING_MAX_LEVELS)
		return -1;
	return parse_decimal(&p->fee[k], w, n);
}

void dunning_policy_release(struct dunning_policy *p)
{
	for (size_t k = 0; k < DUNNING_MAX_LEVELS; k++)
		dec_clear(&p->fee[k]);
	dec_clear(&p->interest_pct);
}

int dunning_policy_load(struct dunning_policy *p, const struct journal *j, uint32_t account)
{
	memset(p, 0, sizeof(*p));
	p->nlevels = ARRAY_SIZE(default_levels);
	memcpy(p->from_days, default_levels, sizeof(default_levels));
	p->interval = DEFAULT_INTERVAL;
	p->account = account != NO_ID ? account : journal_find_role(j, ROLE_RECEIVABLE);
	p->fee_account = journal_find_role(j, ROLE_FEES);
	p->interest_account = journal_find_role(j, ROLE_INTEREST);
	if (p->account == NO_ID)
		return 0;
	const char *name = journal_account_name(j, p->account);
	const char *v;
	if ((v = journal_account_tag(j, p->account, "dunning-levels")) != NULL) {
		int n = each_word(v, level_word, p);
		if (n <= 0)
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-levels: %s': expected 1 to 9 ascending day "
					       "counts separated by spaces, e.g. 1 15 30 60", name, v);
		p->nlevels = (uint32_t)n;
	}
	if ((v = journal_account_tag(j, p->account, "dunning-interval")) != NULL) {
		long n = 0;
		const char *q = v;
		while (*q >= '0' && *q <= '9' && n <= 3650)
			n = n * 10 + (*q++ - '0');
		if (!*v || *q || n > 3650)
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-interval: %s': expected a number of days", name, v);
		p->interval = (int32_t)n;
	}
	if ((v = journal_account_tag(j, p->account, "dunning-fees")) != NULL) {
		int n = each_word(v, fee_word, p);
		if (n != (int)p->nlevels)
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-fees: %s': expected one amount per dunning level "
					       "(%u), e.g. 0 5.00 10.00 15.00", name, v, p->nlevels);
		for (uint32_t k = 0; k < p->nlevels; k++)
			if (!dec_is_zero(&p->fee[k]))
				p->has_fees = true;
		if (p->has_fees && p->fee_account == NO_ID)
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-fees': no account has role 'fees' to credit "
					       "the fees to", name);
	}
	if ((v = journal_account_tag(j, p->account, "dunning-interest")) != NULL) {
		size_t n = strlen(v);
		if (n && v[n - 1] == '%')
			n--;
		if (parse_decimal(&p->interest_pct, v, n))
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-interest: %s': expected a yearly percentage, "
					       "e.g. 8.12", name, v);
		p->has_interest = !dec_is_zero(&p->interest_pct);
		if (p->has_interest && p->interest_account == NO_ID)
			return clerk_error_set(CLERK_EINVALID,
					       "%s: tag 'dunning-interest': no account has role 'interest' to "
					       "credit the interest to", name);
	}
	return 0;
}

static void copy_policy(struct dunning_policy *to, const struct dunning_policy *from)
{
	*to = *from;
	for (size_t k = 0; k < DUNNING_MAX_LEVELS; k++) {
		dec_init(&to->fee[k]);
		dec_set(&to->fee[k], &from->fee[k]);
	}
	dec_init(&to->interest_pct);
	dec_set(&to->interest_pct, &from->interest_pct);
}

static uint8_t level_of(const struct dunning_policy *p, long days)
{
	uint8_t level = 0;
	for (uint32_t k = 0; k < p->nlevels; k++)
		if (days >= p->from_days[k])
			level = (uint8_t)(k + 1);
	return level;
}

static int cmp_notice(const void *a, const void *b)
{
	const struct notice_rec *x = a, *y = b;
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->commodity != y->commodity)
		return x->commodity < y->commodity ? -1 : 1;
	return x->date < y->date ? -1 : x->date > y->date;
}

/* Per-item state read from earlier notices. */
struct item_state {
	uint8_t noticed;
	clerk_date interest_until;
};

/*
 * Reads the recorded notices dated on or before the as-of date: the level
 * each item was last noticed at, how far interest was charged, and the
 * notices per party account and currency (sorted, for bsearch).
 */
static void read_notices(struct dunning *d, struct item_state *st, notice_vec *recs)
{
	const struct journal *j = d->j;
	uint32_t notice_id = journal_tag_id(j, "dunning-notice"), dunned_id = journal_tag_id(j, "dunned"),
		 level_id = journal_tag_id(j, "dunning-level"),
		 until_id = journal_tag_id(j, "interest-until");
	if (notice_id == NO_ID)
		return;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		const char *lv = journal_txn_tag_id(j, tx, notice_id);
		if (!lv || tx->date > d->as_of)
			continue;
		for (uint32_t k = 0; k < tx->nposting; k++) {
			const struct posting *p = &j->postings.v[tx->first_posting + k];
			if (openitems_party_of(d->oi, p->account) == NO_ID)
				continue;
			struct notice_rec *r = VEC_GROW(recs);
			r->account = p->account;
			r->commodity = p->commodity;
			r->date = tx->date;
			r->level = level_value(lv);
			const char *inv = journal_posting_tag_id(j, p, dunned_id);
			size_t idx;
			if (!inv || openitems_find(&idx, d->oi, p->account, p->commodity, inv))
				continue;
			const char *il = journal_posting_tag_id(j, p, level_id);
			int level = il ? level_value(il) : r->level;
			if (level > st[idx].noticed)
				st[idx].noticed = (uint8_t)level;
			const char *until = journal_posting_tag_id(j, p, until_id);
			clerk_date ud = until ? date_parse_iso(until) : DATE_NONE;
			if (ud != DATE_NONE && (st[idx].interest_until == DATE_NONE || ud > st[idx].interest_until))
				st[idx].interest_until = ud;
		}
	}
	if (recs->n)
		qsort(recs->v, recs->n, sizeof(recs->v[0]), cmp_notice);
}

/*
 * The same in 64-bit integers when everything fits (the usual case: it is
 * done for every overdue item); false when it does not, and nothing is set.
 * units = open * pct * days * 10^scale / (36500 * 10^(open.scale + pct.scale)),
 * rounded half-even: exactly what the rational path computes.
 */
static bool interest_small(struct dec *out, const struct dec *open, const struct dec *pct,
			   long days, int32_t scale)
{
	int64_t num, den = 36500;
	if (open->isbig || pct->isbig || open->u.small < 0 || pct->u.small < 0 || days < 0 ||
	    __builtin_mul_overflow(open->u.small, pct->u.small, &num) ||
	    __builtin_mul_overflow(num, (int64_t)days, &num))
		return false;
	int32_t shift = scale - open->scale - pct->scale;
	for (; shift > 0; shift--)
		if (__builtin_mul_overflow(num, (int64_t)10, &num))
			return false;
	for (; shift < 0; shift++)
		if (__builtin_mul_overflow(den, (int64_t)10, &den))
			return false;
	int64_t q = num / den, r = num % den;
	if (r > den - r || (r == den - r && (q & 1)))
		q++; /* half-even */
	dec_set_i64(out, q, scale);
	return true;
}

/* Interest on `open` for `days` at pct a year (actual/365), rounded half-even to scale. */
static void interest_on(struct dec *out, const struct dec *open, const struct dec *pct, long days,
			int32_t scale)
{
	if (interest_small(out, open, pct, days, scale))
		return;
	mpq_t q, r;
	mpq_init(q);
	mpq_init(r);
	dec_get_mpq(q, open);
	dec_get_mpq(r, pct);
	mpq_mul(q, q, r);
	mpq_set_si(r, days, 36500);
	mpq_canonicalize(r);
	mpq_mul(q, q, r);
	if (dec_set_mpq(out, q, scale, DEC_ROUND_HALF_EVEN))
		dec_set_i64(out, 0, scale); /* cannot fail with rounding on */
	mpq_clear(q);
	mpq_clear(r);
}

static bool is_charge(const struct journal *j, const struct openitems *oi, size_t i, uint32_t fee_id,
		      uint32_t int_id)
{
	if (fee_id == NO_ID && int_id == NO_ID)
		return false;
	size_t n = 0;
	const uint32_t *ps = openitems_item_postings(oi, i, &n);
	const struct posting *p = n ? &j->postings.v[ps[0]] : NULL;
	return p && (journal_posting_tag_id(j, p, fee_id) || journal_posting_tag_id(j, p, int_id));
}

/*
 * Counts the fee and interest items the books already hold for the as-of
 * date (FEE-DATE, FEE-DATE-2, ...), so that a second notice the same day
 * (an interval of 0) numbers its charges on instead of reusing a number.
 */
static void count_charges(struct dunning *d)
{
	const struct journal *j = d->j;
	uint32_t inv_id = journal_tag_id(j, "invoice");
	char fee[32], inte[32];
	char date[11];
	date_format(d->as_of, date);
	snprintf(fee, sizeof(fee), "FEE-%s", date);
	snprintf(inte, sizeof(inte), "INT-%s", date);
	size_t nf = strlen(fee);
	for (size_t i = 0; inv_id != NO_ID && i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (j->accounts.v[p->account].role != ROLE_RECEIVABLE || dec_sgn(&p->amount) <= 0)
			continue;
		const char *inv = journal_posting_tag_id(j, p, inv_id);
		if (!inv || (strncmp(inv, fee, nf) && strncmp(inv, inte, nf)) ||
		    (inv[nf] && inv[nf] != '-'))
			continue;
		struct charge_count *c = NULL;
		for (size_t k = 0; k < d->charges.n && !c; k++)
			if (d->charges.v[k].account == p->account && d->charges.v[k].commodity == p->commodity)
				c = &d->charges.v[k];
		if (!c) {
			c = VEC_GROW(&d->charges);
			c->account = p->account;
			c->commodity = p->commodity;
		}
		if (inv[0] == 'F')
			c->fees++;
		else
			c->interest++;
	}
}

static int cmp_rows(const struct dunning *d, const struct dunning_row *x, const struct dunning_row *y)
{
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	int c = dec_cmp(&y->overdue, &x->overdue);
	if (c)
		return c;
	c = strcmp(openitems_party(d->oi, x->party)->name, openitems_party(d->oi, y->party)->name);
	if (c)
		return c;
	c = strcmp(journal_account_name(d->j, x->account), journal_account_name(d->j, y->account));
	if (c)
		return c;
	return strcmp(commodity_symbol(&d->j->commodities, x->commodity),
		      commodity_symbol(&d->j->commodities, y->commodity));
}

static const struct dunning *sort_ctx;
static int cmp_rows_q(const void *a, const void *b)
{
	return cmp_rows(sort_ctx, a, b);
}

static void exclude(struct dunning *d, uint32_t party, uint32_t commodity, uint32_t item,
		    enum dunning_exclusion why, const struct dec *amount)
{
	struct dunning_excluded *x = VEC_GROW(&d->excluded);
	x->party = party;
	x->commodity = commodity;
	x->item = item;
	x->why = why;
	dec_set(&x->amount, amount);
}

/* Builds the row of party p in currency c from the party's items [i0, i1). */
static void build_row(struct dunning *d, const struct item_state *st, const struct notice_rec *recs,
		      size_t nrecs, uint32_t p, uint32_t c, size_t i0, size_t i1, bool opted_out,
		      uint32_t fee_id, uint32_t int_id)
{
	const struct journal *j = d->j;
	const struct openitems *oi = d->oi;
	const struct openitems_party *party = openitems_party(oi, p);
	const struct dunning_policy *pol = &d->pol;
	int32_t scale = j->commodities.v[c].precision;
	struct dunning_row row;
	memset(&row, 0, sizeof(row));
	row.party = p;
	row.account = party->account;
	row.commodity = c;
	row.oldest_due = DATE_NONE;
	row.last_notice = DATE_NONE;
	row.items_start = (uint32_t)d->items.n;
	bool due = false;
	for (size_t i = i0; i < i1; i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (it->commodity != c)
			continue;
		if (dec_sgn(&it->open) < 0) {
			dec_add(&row.credits, &row.credits, &it->open);
			continue;
		}
		long days = (long)d->as_of - (long)it->due;
		if (days < 1 || dec_sgn(&it->open) == 0)
			continue;
		if (it->dispute && !opted_out) {
			exclude(d, p, c, (uint32_t)i, DUNNING_DISPUTED, &it->open);
			continue;
		}
		struct dunning_item *di = VEC_GROW(&d->items);
		di->item = (uint32_t)i;
		di->days = days;
		di->charge = is_charge(j, oi, i, fee_id, int_id);
		di->level = di->charge ? 0 : level_of(pol, days);
		di->noticed = st[i].noticed;
		dec_add(&row.overdue, &row.overdue, &it->open);
		if (di->charge)
			continue;
		if (di->level > row.level)
			row.level = di->level;
		if (row.oldest_due == DATE_NONE || it->due < row.oldest_due)
			row.oldest_due = it->due;
		if (di->level > di->noticed)
			due = true;
	}
	row.nitems = (uint32_t)(d->items.n - row.items_start);
	const struct openitems_unapplied *u = openitems_find_unapplied(oi, party->account, c);
	if (u && dec_sgn(&u->amount) < 0)
		dec_add(&row.credits, &row.credits, &u->amount);
	if (opted_out || row.level == 0) {
		if (opted_out && row.level > 0)
			exclude(d, p, c, NO_ID, DUNNING_PARTY_OPTED_OUT, &row.overdue);
		goto drop;
	}
	struct dec net = DEC_INIT;
	dec_add(&net, &row.overdue, &row.credits);
	bool covered = dec_sgn(&net) <= 0;
	dec_clear(&net);
	if (covered) {
		exclude(d, p, c, NO_ID, DUNNING_COVERED, &row.overdue);
		goto drop;
	}
	row.days = (long)d->as_of - (long)row.oldest_due;
	/* the last notice to this party account in this currency */
	struct notice_rec key = { party->account, c, DATE_NONE, 0 };
	size_t lo = 0, hi = nrecs;
	while (lo < hi) { /* first record after (account, commodity, any date) */
		size_t mid = (lo + hi) / 2;
		int cmp = recs[mid].account != key.account ? (recs[mid].account < key.account ? -1 : 1)
			  : recs[mid].commodity != key.commodity ? (recs[mid].commodity < key.commodity ? -1 : 1)
								 : -1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* lo: first record of a later key; the one before it is the latest of ours */
	if (lo > 0 && recs[lo - 1].account == key.account && recs[lo - 1].commodity == c) {
		row.last_notice = recs[lo - 1].date;
		row.last_level = recs[lo - 1].level;
	}
	if (due && (row.last_notice == DATE_NONE ||
		    (long)d->as_of - (long)row.last_notice >= pol->interval))
		row.notice_due = true;
	if (row.notice_due && pol->has_fees && row.level >= 1)
		dec_set(&row.fee, &pol->fee[(row.level <= pol->nlevels ? row.level : pol->nlevels) - 1]);
	if (row.notice_due && pol->has_interest) {
		for (size_t k = row.items_start; k < d->items.n; k++) {
			struct dunning_item *di = &d->items.v[k];
			if (di->charge)
				continue;
			const struct openitem *it = openitems_item(oi, di->item);
			clerk_date from = it->due;
			if (st[di->item].interest_until != DATE_NONE && st[di->item].interest_until > from)
				from = st[di->item].interest_until;
			long days = (long)d->as_of - (long)from;
			if (days <= 0)
				continue;
			interest_on(&di->interest, &it->open, &pol->interest_pct, days, scale);
			dec_add(&row.interest, &row.interest, &di->interest);
		}
	}
	*VEC_GROW(&d->rows) = row;
	return;
drop:
	for (size_t k = row.items_start; k < d->items.n; k++)
		dec_clear(&d->items.v[k].interest);
	d->items.n = row.items_start;
	dec_clear(&row.overdue);
	dec_clear(&row.credits);
}

int dunning_compute(struct dunning **out, const struct journal *j, const struct openitems *oi,
		    const struct dunning_policy *pol)
{
	*out = NULL;
	clerk_date as_of = openitems_as_of(oi);
	if (as_of == DATE_NONE)
		return clerk_error_set(CLERK_EINVALID, "dunning: the open items need an as-of date");
	struct dunning *d = xcalloc(1, sizeof(*d));
	strbuf_init(&d->held, 0);
	d->j = j;
	d->oi = oi;
	d->as_of = as_of;
	if (pol) {
		copy_policy(&d->pol, pol);
	} else {
		int error = dunning_policy_load(&d->pol, j, NO_ID);
		if (error) {
			dunning_free(d);
			return error;
		}
	}
	size_t ni = openitems_count(oi);
	struct item_state *st = xcalloc(ni ? ni : 1, sizeof(*st));
	for (size_t i = 0; i < ni; i++)
		st[i].interest_until = DATE_NONE;
	notice_vec recs = VEC_INIT;
	read_notices(d, st, &recs);
	uint32_t fee_id = journal_tag_id(j, "dunning-fee"), int_id = journal_tag_id(j, "dunning-interest");
	count_charges(d);
	u32_vec coms = VEC_INIT;
	size_t i = 0;
	for (uint32_t p = 0; p < openitems_party_count(oi); p++) {
		const struct openitems_party *party = openitems_party(oi, p);
		size_t i0 = i;
		while (i < ni && openitems_item(oi, i)->party == p)
			i++;
		if (party->role != ROLE_RECEIVABLE || i == i0)
			continue;
		bool opted_out = party->dunning && !strcasecmp(party->dunning, "no");
		coms.n = 0;
		for (size_t k = i0; k < i; k++) {
			uint32_t c = openitems_item(oi, k)->commodity;
			size_t m = 0;
			while (m < coms.n && coms.v[m] != c)
				m++;
			if (m == coms.n)
				VEC_PUSH(&coms, c);
		}
		for (size_t m = 0; m < coms.n; m++)
			build_row(d, st, recs.v, recs.n, p, coms.v[m], i0, i, opted_out, fee_id, int_id);
	}
	VEC_FREE(&coms);
	VEC_FREE(&recs);
	free(st);
	sort_ctx = d;
	if (d->rows.n > 1)
		qsort(d->rows.v, d->rows.n, sizeof(d->rows.v[0]), cmp_rows_q);
	sort_ctx = NULL;
	*out = d;
	return 0;
}

void dunning_free(struct dunning *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->rows.n; i++) {
		struct dunning_row *r = &d->rows.v[i];
		dec_clear(&r->overdue);
		dec_clear(&r->credits);
		dec_clear(&r->fee);
		dec_clear(&r->interest);
	}
	for (size_t i = 0; i < d->items.n; i++)
		dec_clear(&d->items.v[i].interest);
	for (size_t i = 0; i < d->excluded.n; i++)
		dec_clear(&d->excluded.v[i].amount);
	strbuf_release(&d->held);
	VEC_FREE(&d->rows);
	VEC_FREE(&d->charges);
	VEC_FREE(&d->items);
	VEC_FREE(&d->excluded);
	dunning_policy_release(&d->pol);
	free(d);
}

size_t dunning_row_count(const struct dunning *d)
{
	return d->rows.n;
}

const struct dunning_row *dunning_row(const struct dunning *d, size_t i)
{
	return &d->rows.v[i];
}

const struct dunning_item *dunning_row_item(const struct dunning *d, const struct dunning_row *r, size_t k)
{
	return &d->items.v[r->items_start + k];
}

size_t dunning_excluded_count(const struct dunning *d)
{
	return d->excluded.n;
}

const struct dunning_excluded *dunning_excluded(const struct dunning *d, size_t i)
{
	return &d->excluded.v[i];
}

const struct dunning_policy *dunning_policy(const struct dunning *d)
{
	return &d->pol;
}

size_t dunning_notices_due(const struct dunning *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->rows.n; i++)
		n += d->rows.v[i].notice_due;
	return n;
}

void dunning_hold(struct dunning *d, const char *why)
{
	for (size_t i = 0; i < d->rows.n; i++) {
		struct dunning_row *r = &d->rows.v[i];
		if (r->notice_due) {
			r->notice_due = false;
			r->held = true;
		}
	}
	if (d->held.len)
		strbuf_addstr(&d->held, "; ");
	strbuf_addstr(&d->held, why);
}

const char *dunning_held(const struct dunning *d)
{
	return d->held.len ? d->held.buf : NULL;
}

size_t dunning_notices_held(const struct dunning *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->rows.n; i++)
		n += d->rows.v[i].held;
	return n;
}

/* Appends s without the characters that would end a description or start a comment. */
static void add_safe(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		strbuf_addch(out, *s == ';' || *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static void posting_line(struct strbuf *out, const struct journal *j, uint32_t account,
			 uint32_t commodity, const struct dec *v)
{
	strbuf_addstr(out, "    ");
	strbuf_addstr(out, journal_account_name(j, account));
	strbuf_addstr(out, "  ");
	amount_format(out, &j->commodities, commodity, v);
}

static void charge_lines(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
			 const char *prefix, const char *tag, const char *tag_value,
			 const struct dec *v, uint32_t income)
{
	const struct journal *j = d->j;
	char date[11], due[11];
	date_format(d->as_of, date);
	date_format(d->as_of + d->pol.interval, due);
	struct dec neg = DEC_INIT;
	unsigned before = 0;
	for (size_t k = 0; k < d->charges.n; k++)
		if (d->charges.v[k].account == r->account && d->charges.v[k].commodity == r->commodity)
			before = prefix[0] == 'F' ? d->charges.v[k].fees : d->charges.v[k].interest;
	posting_line(out, j, r->account, r->commodity, v);
	strbuf_addf(out, "  ; invoice: %s-%s", prefix, date);
	if (before)
		strbuf_addf(out, "-%u", before + 1);
	strbuf_addf(out, ", due: %s, %s: %s\n", due, tag, tag_value);
	dec_neg(&neg, v);
	posting_line(out, j, income, r->commodity, &neg);
	strbuf_addch(out, '\n');
	dec_clear(&neg);
}

void dunning_notices_journal(struct strbuf *out, const struct dunning *d)
{
	const struct journal *j = d->j;
	char date[11];
	date_format(d->as_of, date);
	struct dec zero = DEC_INIT;
	for (size_t i = 0; i < d->rows.n; i++) {
		const struct dunning_row *r = &d->rows.v[i];
		if (!r->notice_due)
			continue;
		const struct openitems_party *party = openitems_party(d->oi, r->party);
		strbuf_addf(out, "%s * Dunning notice %u (%s) to ", date, r->level, dunning_action(r->level));
		add_safe(out, party->name);
		strbuf_addf(out, "  ; dunning-notice: %u\n", r->level);
		/* the notice itself; journals need two postings, and it may name only one item */
		posting_line(out, j, r->account, r->commodity, &zero);
		strbuf_addch(out, '\n');
		for (uint32_t k = 0; k < r->nitems; k++) {
			const struct dunning_item *di = dunning_row_item(d, r, k);
			if (di->charge)
				continue;
			const struct openitem *it = openitems_item(d->oi, di->item);
			posting_line(out, j, r->account, r->commodity, &zero);
			strbuf_addstr(out, "  ; dunned: ");
			add_safe(out, it->invoice);
			strbuf_addf(out, ", dunning-level: %u", di->level);
			if (!dec_is_zero(&di->interest))
				strbuf_addf(out, ", interest-until: %s", date);
			strbuf_addch(out, '\n');
		}
		if (!dec_is_zero(&r->fee)) {
			char lv[12];
			snprintf(lv, sizeof(lv), "%u", r->level);
			charge_lines(out, d, r, "FEE", "dunning-fee", lv, &r->fee, d->pol.fee_account);
		}
		if (!dec_is_zero(&r->interest)) {
			struct strbuf pct = STRBUF_INIT;
			dec_format_plain(&pct, &d->pol.interest_pct, 0);
			charge_lines(out, d, r, "INT", "dunning-interest", pct.buf, &r->interest,
				     d->pol.interest_account);
			strbuf_release(&pct);
		}
		strbuf_addch(out, '\n');
	}
	dec_clear(&zero);
}

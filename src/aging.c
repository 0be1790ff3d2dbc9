/*
 * aging.c - aged receivables and payables (aging.h, formats/aging.md).
 */
#include "compat.h"
#include "aging.h"
#include "error.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct aging {
	const struct journal *j;
	enum openitems_side side;
	uint32_t nbounds;
	int32_t bounds[AGING_MAX_BOUNDS];
	char **names, **labels; /* nbounds + 2 each */
	VEC(struct aging_row) rows;
	VEC(struct aging_row) totals;
	VEC(struct aging_tie) ties;
};

static const int32_t default_bounds[] = { 30, 60, 90 };

const char *aging_parse_bounds(const char *s, struct aging_options *o)
{
	uint32_t n = 0;
	const char *p = s;
	while (*p) {
		if (n == AGING_MAX_BOUNDS)
			return "too many buckets (at most 16 bounds)";
		if (*p < '0' || *p > '9')
			return "expected day counts separated by commas, e.g. 30,60,90";
		long v = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			if (v > 100000)
				return "a bound is too large (at most 100000 days)";
		}
		if (v <= 0)
			return "bounds must be positive day counts";
		if (n && v <= o->bounds[n - 1])
			return "bounds must be ascending";
		o->bounds[n++] = (int32_t)v;
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return "expected day counts separated by commas, e.g. 30,60,90";
	}
	if (!n)
		return "expected at least one bound, e.g. 30,60,90";
	o->nbounds = n;
	return NULL;
}

size_t aging_bucket_count(const struct aging *a)
{
	return (size_t)a->nbounds + 2;
}

const char *aging_bucket_name(const struct aging *a, size_t k)
{
	return a->names[k];
}

const char *aging_bucket_label(const struct aging *a, size_t k)
{
	return a->labels[k];
}

size_t aging_bucket_of(const struct aging *a, long days)
{
	if (days <= 0)
		return 0;
	for (uint32_t k = 0; k < a->nbounds; k++)
		if (days <= a->bounds[k])
			return k + 1;
	return (size_t)a->nbounds + 1;
}

static void make_names(struct aging *a)
{
	size_t nb = aging_bucket_count(a);
	char buf[64];
	a->names = xcalloc(nb, sizeof(*a->names));
	a->labels = xcalloc(nb, sizeof(*a->labels));
	a->names[0] = xstrdup("not_due");
	a->labels[0] = xstrdup("Not due");
	for (uint32_t k = 0; k < a->nbounds; k++) {
		long lo = k ? a->bounds[k - 1] + 1 : 1;
		snprintf(buf, sizeof(buf), "days_%ld_%ld", lo, (long)a->bounds[k]);
		a->names[k + 1] = xstrdup(buf);
		snprintf(buf, sizeof(buf), "%ld-%ld", lo, (long)a->bounds[k]);
		a->labels[k + 1] = xstrdup(buf);
	}
	snprintf(buf, sizeof(buf), "days_over_%ld", (long)a->bounds[a->nbounds - 1]);
	a->names[nb - 1] = xstrdup(buf);
	snprintf(buf, sizeof(buf), "Over %ld", (long)a->bounds[a->nbounds - 1]);
	a->labels[nb - 1] = xstrdup(buf);
}

static void row_init(struct aging_row *r, size_t nb, uint32_t party, uint32_t account,
		     uint32_t commodity)
{
	memset(r, 0, sizeof(*r));
	r->party = party;
	r->account = account;
	r->commodity = commodity;
	r->bucket = xcalloc(nb, sizeof(*r->bucket));
	r->oldest_due = DATE_NONE;
}

static void row_release(struct aging_row *r, size_t nb)
{
	for (size_t k = 0; k < nb; k++)
		dec_clear(&r->bucket[k]);
	free(r->bucket);
	dec_clear(&r->credits);
	dec_clear(&r->total);
	dec_clear(&r->disputed);
}

/* The row of (party, commodity) among the rows from `first` on: found or appended. */
static struct aging_row *row_for(struct aging *a, size_t first, uint32_t party, uint32_t account,
				 uint32_t commodity)
{
	for (size_t i = first; i < a->rows.n; i++)
		if (a->rows.v[i].commodity == commodity)
			return &a->rows.v[i];
	struct aging_row *r = VEC_GROW(&a->rows);
	row_init(r, aging_bucket_count(a), party, account, commodity);
	return r;
}

/* Adds an owed-positive amount `v`, due `due`, to row r. */
static void age_amount(struct aging *a, struct aging_row *r, const struct dec *v, clerk_date due,
		       clerk_date as_of, bool disputed)
{
	if (dec_sgn(v) <= 0) {
		dec_add(&r->credits, &r->credits, v);
		return;
	}
	long days = (long)as_of - (long)due;
	size_t k = aging_bucket_of(a, days);
	dec_add(&r->bucket[k], &r->bucket[k], v);
	if (disputed)
		dec_add(&r->disputed, &r->disputed, v);
	if (k > 0 && (r->oldest_due == DATE_NONE || due < r->oldest_due))
		r->oldest_due = due;
}

static int cmp_commodity(const struct aging *a, const struct aging_row *x, const struct aging_row *y)
{
	return strcmp(commodity_symbol(&a->j->commodities, x->commodity),
		      commodity_symbol(&a->j->commodities, y->commodity));
}

/* Insertion sort of rows [first, n) by currency symbol: a party has few currencies. */
static void sort_rows(struct aging *a, struct aging_row *v, size_t first, size_t n)
{
	for (size_t i = first + 1; i < n; i++)
		for (size_t k = i; k > first && cmp_commodity(a, &v[k - 1], &v[k]) > 0; k--) {
			struct aging_row t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
}

/*
 * Positive unapplied money (say a debit on a receivable without an invoice
 * number) has no due date of its own: it is aged from the date of the
 * oldest such posting, the conservative choice.
 */
static clerk_date unapplied_due(const struct aging *a, const struct openitems *oi, size_t u, bool payable)
{
	const struct journal *j = a->j;
	size_t n = 0;
	const uint32_t *ps = openitems_unapplied_postings(oi, u, &n);
	for (size_t i = 0; i < n; i++) {
		const struct posting *p = &j->postings.v[ps[i]];
		int s = dec_sgn(&p->amount);
		if (payable ? s < 0 : s > 0)
			return j->txns.v[p->txn].date;
	}
	return n ? j->txns.v[j->postings.v[ps[0]].txn].date : openitems_as_of(oi);
}

int aging_compute(struct aging **out, const struct journal *j, const struct openitems *oi,
		  const struct aging_options *o)
{
	static const struct aging_options defaults = AGING_OPTIONS_INIT;
	*out = NULL;
	if (!o)
		o = &defaults;
	if (o->nbounds > AGING_MAX_BOUNDS)
		return clerk_error_set(CLERK_EINVALID, "aging: too many buckets");
	for (uint32_t k = 0; k < o->nbounds; k++)
		if (o->bounds[k] <= 0 || (k && o->bounds[k] <= o->bounds[k - 1]))
			return clerk_error_set(CLERK_EINVALID, "aging: bucket bounds must be ascending positive day counts");
	clerk_date as_of = openitems_as_of(oi);
	if (as_of == DATE_NONE)
		return clerk_error_set(CLERK_EINVALID, "aging: the open items need an as-of date");
	/* one side only */
	enum openitems_side side = openitems_side(oi);
	if (side != OPENITEMS_RECEIVABLES && side != OPENITEMS_PAYABLES)
		return clerk_error_set(CLERK_EINVALID, "aging: age receivables and payables separately");

	struct aging *a = xcalloc(1, sizeof(*a));
	a->j = j;
	a->side = side;
	if (o->nbounds) {
		a->nbounds = o->nbounds;
		memcpy(a->bounds, o->bounds, o->nbounds * sizeof(o->bounds[0]));
	} else {
		a->nbounds = ARRAY_SIZE(default_bounds);
		memcpy(a->bounds, default_bounds, sizeof(default_bounds));
	}
	make_names(a);
	size_t nb = aging_bucket_count(a);
	bool payable = side == OPENITEMS_PAYABLES;

	/* rows, party by party (items, unknown invoices and unapplied are sorted by party) */
	size_t ni = openitems_count(oi), nk = openitems_unknown_count(oi),
	       nu = openitems_unapplied_count(oi);
	size_t i = 0, k = 0, u = 0;
	for (uint32_t p = 0; p < openitems_party_count(oi); p++) {
		const struct openitems_party *party = openitems_party(oi, p);
		size_t first = a->rows.n;
		for (; i < ni && openitems_item(oi, i)->party == p; i++) {
			const struct openitem *it = openitems_item(oi, i);
			struct aging_row *r = row_for(a, first, p, party->account, it->commodity);
			age_amount(a, r, &it->open, it->due, as_of, it->dispute != NULL);
			if (dec_sgn(&it->open) > 0)
				r->nitems++;
		}
		for (; k < nk && openitems_unknown(oi, k)->party == p; k++) {
			const struct openitems_unknown *x = openitems_unknown(oi, k);
			struct aging_row *r = row_for(a, first, p, party->account, x->commodity);
			age_amount(a, r, &x->amount, x->date, as_of, false);
		}
		for (; u < nu && openitems_unapplied(oi, u)->party == p; u++) {
			const struct openitems_unapplied *x = openitems_unapplied(oi, u);
			if (dec_is_zero(&x->on_account))
				continue;
			struct aging_row *r = row_for(a, first, p, party->account, x->commodity);
			clerk_date due = dec_sgn(&x->on_account) > 0 ? unapplied_due(a, oi, u, payable)
								     : as_of;
			age_amount(a, r, &x->on_account, due, as_of, false);
		}
		sort_rows(a, a->rows.v, first, a->rows.n);
	}

	/* totals per currency */
	size_t ncom = j->commodities.n;
	uint32_t *slot = xmalloc(st_mult(ncom ? ncom : 1, sizeof(*slot)));
	for (size_t c = 0; c < ncom; c++)
		slot[c] = NO_ID;
	for (size_t r = 0; r < a->rows.n; r++) {
		struct aging_row *row = &a->rows.v[r];
		dec_set(&row->total, &row->credits);
		for (size_t b = 0; b < nb; b++)
			dec_add(&row->total, &row->total, &row->bucket[b]);
		if (slot[row->commodity] == NO_ID) {
			slot[row->commodity] = (uint32_t)a->totals.n;
			row_init(VEC_GROW(&a->totals), nb, NO_ID, NO_ID, row->commodity);
		}
		struct aging_row *t = &a->totals.v[slot[row->commodity]];
		for (size_t b = 0; b < nb; b++)
			dec_add(&t->bucket[b], &t->bucket[b], &row->bucket[b]);
		dec_add(&t->credits, &t->credits, &row->credits);
		dec_add(&t->total, &t->total, &row->total);
		dec_add(&t->disputed, &t->disputed, &row->disputed);
		t->nitems += row->nitems;
		if (row->oldest_due != DATE_NONE &&
		    (t->oldest_due == DATE_NONE || row->oldest_due < t->oldest_due))
			t->oldest_due = row->oldest_due;
	}

	/* the control balance, straight from the postings */
	uint8_t role = payable ? ROLE_PAYABLE : ROLE_RECEIVABLE;
	struct dec *control = xcalloc(ncom ? ncom : 1, sizeof(*control));
	bool *seen = xcalloc(ncom ? ncom : 1, sizeof(*seen));
	for (size_t n = 0; n < j->postings.n; n++) {
		const struct posting *p = &j->postings.v[n];
		if (j->accounts.v[p->account].role != role || j->txns.v[p->txn].date > as_of)
			continue;
		if (payable)
			dec_sub(&control[p->commodity], &control[p->commodity], &p->amount);
		else
			dec_add(&control[p->commodity], &control[p->commodity], &p->amount);
		seen[p->commodity] = true;
	}
	for (size_t c = 0; c < ncom; c++)
		if (seen[c] && !dec_is_zero(&control[c]) && slot[c] == NO_ID) {
			slot[c] = (uint32_t)a->totals.n;
			row_init(VEC_GROW(&a->totals), nb, NO_ID, NO_ID, (uint32_t)c);
		}
	sort_rows(a, a->totals.v, 0, a->totals.n);
	for (size_t t = 0; t < a->totals.n; t++) {
		struct aging_tie *tie = VEC_GROW(&a->ties);
		uint32_t c = a->totals.v[t].commodity;
		memset(tie, 0, sizeof(*tie));
		tie->commodity = c;
		dec_set(&tie->rows, &a->totals.v[t].total);
		dec_set(&tie->control, &control[c]);
		tie->ok = dec_cmp(&tie->rows, &tie->control) == 0;
	}
	for (size_t c = 0; c < ncom; c++)
		dec_clear(&control[c]);
	free(control);
	free(seen);
	free(slot);
	*out = a;
	return 0;
}

void aging_free(struct aging *a)
{
	if (!a)
		return;
	size_t nb = aging_bucket_count(a);
	for (size_t i = 0; i < a->rows.n; i++)
		row_release(&a->rows.v[i], nb);
	for (size_t i = 0; i < a->totals.n; i++)
		row_release(&a->totals.v[i], nb);
	for (size_t i = 0; i < a->ties.n; i++) {
		dec_clear(&a->ties.v[i].rows);
		dec_clear(&a->ties.v[i].control);
	}
	for (size_t k = 0; k < nb; k++) {
		free(a->names[k]);
		free(a->labels[k]);
	}
	free(a->names);
	free(a->labels);
	VEC_FREE(&a->rows);
	VEC_FREE(&a->totals);
	VEC_FREE(&a->ties);
	free(a);
}

size_t aging_row_count(const struct aging *a)
{
	return a->rows.n;
}

const struct aging_row *aging_row(const struct aging *a, size_t i)
{
	return &a->rows.v[i];
}

size_t aging_total_count(const struct aging *a)
{
	return a->totals.n;
}

const struct aging_row *aging_total(const struct aging *a, size_t i)
{
	return &a->totals.v[i];
}

const struct aging_tie *aging_tie(const struct aging *a, size_t i)
{
	return &a->ties.v[i];
}

bool aging_ties_out(const struct aging *a)
{
	for (size_t i = 0; i < a->ties.n; i++)
		if (!a->ties.v[i].ok)
			return false;
	return true;
}

enum openitems_side aging_side(const struct aging *a)
{
	return a->side;
}

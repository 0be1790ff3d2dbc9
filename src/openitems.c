/*
 * openitems.c - the open-items engine (formats/open-items.md).
 *
 * One pass over the transactions dated on or before the as-of date puts
 * every posting to a party account into a group keyed by (account,
 * commodity, invoice) (invoice NULL for postings without `invoice:`),
 * found through an open-addressing hash table; the groups are plain
 * struct openitem slots whose decimals accumulate in place, and the
 * (posting, group) pairs go to one flat array, so nothing is allocated per
 * posting. Then the groups become items, unapplied rows and unknown
 * invoices, their posting lists a single CSR array, and the items are
 * sorted through compact keys.
 */
#include "compat.h"
#include "openitems.h"
#include "util/keyindex.h"
#include "error.h"
#include "refs.h"
#include "util/symtab.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* An index of the items by a key derived by key_of, built when first needed. */
struct lazy_index {
	bool built;
	struct keyindex ix;
	keyindex_key_fn key_of;
};

struct openitems {
	const struct journal *j;
	struct openitems_options opts;
	struct openitems_party *parties;
	size_t nparties;
	uint32_t *party_of; /* per journal account: party index or NO_ID */
	struct openitem *items;
	size_t nitems;
	struct openitems_unapplied *unapplied;
	size_t nunapplied;
	struct openitems_unknown *unknown;
	size_t nunknown;
	uint32_t *postings; /* posting lists of all groups, back to back */
	/* (account, commodity, invoice) -> group + 1, the build's own hash table
	 * kept for openitems_find(); group -> item index or NO_ID (closed
	 * items, unapplied rows, unknown invoices) */
	uint32_t *group_slots, *group_hashes, *item_of_group;
	size_t group_nslots;
	/* (account, commodity) -> unapplied index + 1 */
	uint32_t *un_slots;
	size_t un_nslots;
	/* normalised numbers, references and numbers without their prefix:
	 * built on the first lookup, or while computing (index_numbers) */
	struct lazy_index norm, refs, bare;
};

/* ------------------------------------------------------------------ */
/* hashing */

static uint32_t mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	return h;
}

static uint32_t key_hash(uint32_t account, uint32_t commodity, const char *inv)
{
	uint32_t h = 2166136261U; /* FNV-1a over the number */
	if (inv) {
		for (const unsigned char *s = (const unsigned char *)inv; *s; s++)
			h = (h ^ *s) * 16777619U;
	} else {
		h = 0x5bd1e995U;
	}
	return mix32(h ^ mix32(account * 0x9E3779B1U + commodity));
}

static bool key_eq(const struct openitem *it, uint32_t account, uint32_t commodity, const char *inv)
{
	if (it->account != account || it->commodity != commodity)
		return false;
	if (!it->invoice || !inv)
		return it->invoice == inv;
	return it->invoice == inv || !strcmp(it->invoice, inv);
}

static size_t pow2_at_least(size_t n)
{
	size_t s = 16;
	while (s < n)
		s *= 2;
	return s;
}

/* ------------------------------------------------------------------ */
/* the build */

struct group_table {
	VEC(struct openitem) g; /* groups; invoice NULL = unapplied */
	uint32_t *hashes;       /* per group */
	uint8_t *opened;        /* per group: an opening posting was seen */
	size_t halloc;
	uint32_t *slots;
	size_t nslots;
};

static void groups_rehash(struct group_table *t, size_t nslots)
{
	uint32_t *slots = xcalloc(nslots, sizeof(*slots));
	for (size_t id = 0; id < t->g.n; id++) {
		size_t i = t->hashes[id] & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = (uint32_t)id + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
}

/* The group of (account, commodity, inv), whose key_hash() is h; made when new. */
static uint32_t group_get_hashed(struct group_table *t, uint32_t account, uint32_t commodity,
				 const char *inv, uint32_t h)
{
	if (t->nslots) {
		size_t i = h & (t->nslots - 1);
		while (t->slots[i]) {
			uint32_t id = t->slots[i] - 1;
			if (t->hashes[id] == h && key_eq(&t->g.v[id], account, commodity, inv))
				return id;
			i = (i + 1) & (t->nslots - 1);
		}
	}
	if ((t->g.n + 1) * 2 > t->nslots)
		groups_rehash(t, t->nslots ? t->nslots * 2 : 1024);
	if (t->g.n == t->halloc) {
		t->halloc = t->halloc ? t->halloc * 2 : 1024;
		t->hashes = xrealloc(t->hashes, st_mult(t->halloc, sizeof(*t->hashes)));
		t->opened = xrealloc(t->opened, t->halloc);
	}
	uint32_t id = (uint32_t)t->g.n;
	struct openitem *it = VEC_GROW(&t->g);
	it->account = account;
	it->commodity = commodity;
	it->invoice = inv;
	it->date = DATE_NONE;
	it->last_date = DATE_NONE;
	it->discount_until = DATE_NONE;
	it->opening_txn = NO_ID;
	dec_init(&it->amount);
	dec_init(&it->open);
	t->hashes[id] = h;
	t->opened[id] = 0;
	size_t i = h & (t->nslots - 1);
	while (t->slots[i])
		i = (i + 1) & (t->nslots - 1);
	t->slots[i] = id + 1;
	return id;
}

static uint32_t group_get(struct group_table *t, uint32_t account, uint32_t commodity,
			  const char *inv)
{
	return group_get_hashed(t, account, commodity, inv, key_hash(account, commodity, inv));
}

/* Sizes the table for n groups: no rehash while they are made. */
static void groups_reserve(struct group_table *t, size_t n)
{
	VEC_RESERVE(&t->g, n);
	t->halloc = n ? n : 1;
	t->hashes = xmalloc(st_mult(t->halloc, sizeof(*t->hashes)));
	t->opened = xmalloc(t->halloc);
	groups_rehash(t, pow2_at_least(n * 2 + 2));
}

/* A party posting waiting for its group: its key's hash is known ahead, so its slot can be fetched early. */
struct pending {
	uint32_t posting, hash;
	const char *inv;
};

#define PREFETCH_AHEAD 16

struct pair {
	uint32_t posting, group;
};

static void norm_key(void *ctx, size_t i, struct strbuf *out);
static void ref_key(void *ctx, size_t i, struct strbuf *out);
static void bare_key(void *ctx, size_t i, struct strbuf *out);
static size_t bare_of(const char *norm, size_t len);

static const struct journal *party_sort_j;

static int cmp_party(const void *a, const void *b)
{
	const struct openitems_party *x = a, *y = b;
	return strcmp(journal_account_name(party_sort_j, x->account),
		      journal_account_name(party_sort_j, y->account));
}

static void build_parties(struct openitems *oi)
{
	const struct journal *j = oi->j;
	VEC(struct openitems_party) v = VEC_INIT;
	for (size_t a = 0; a < j->accounts.n; a++) {
		const struct account *acc = &j->accounts.v[a];
		if (!journal_is_party(j, (uint32_t)a))
			continue;
		if (!((acc->role == ROLE_RECEIVABLE && (oi->opts.side & OPENITEMS_RECEIVABLES)) ||
		      (acc->role == ROLE_PAYABLE && (oi->opts.side & OPENITEMS_PAYABLES))))
			continue;
		struct openitems_party *p = VEC_GROW(&v);
		const char *full = journal_account_name(j, (uint32_t)a);
		const char *colon = strrchr(full, ':');
		p->account = (uint32_t)a;
		p->role = acc->role;
		p->name = journal_account_tag(j, (uint32_t)a, "name");
		if (!p->name || !*p->name)
			p->name = colon ? colon + 1 : full;
		p->iban = journal_account_tag(j, (uint32_t)a, "iban");
		p->email = journal_account_tag(j, (uint32_t)a, "email");
		p->dunning = journal_account_tag(j, (uint32_t)a, "dunning");
		p->terms_text = journal_account_tag(j, (uint32_t)a, "terms");
		dec_init(&p->terms.discount_pct);
		if (p->terms_text && !terms_parse(p->terms_text, &p->terms)) {
			p->has_terms = true;
		} else {
			terms_release(&p->terms);
			p->terms.net_days = p->terms.discount_days = 0;
			dec_init(&p->terms.discount_pct);
		}
	}
	party_sort_j = j;
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(*v.v), cmp_party);
	party_sort_j = NULL;
	oi->parties = v.v;
	oi->nparties = v.n;
	oi->party_of = xmalloc(st_mult(j->accounts.n ? j->accounts.n : 1, sizeof(*oi->party_of)));
	for (size_t a = 0; a < j->accounts.n; a++)
		oi->party_of[a] = NO_ID;
	for (size_t i = 0; i < v.n; i++)
		oi->party_of[v.v[i].account] = (uint32_t)i;
}

/* Sorts a posting list by transaction date, then posting index (insertion sort: lists are short). */
static void sort_postings(const struct journal *j, uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		clerk_date dx = j->txns.v[j->postings.v[x].txn].date;
		size_t k = i;
		while (k > 0) {
			uint32_t y = v[k - 1];
			clerk_date dy = j->txns.v[j->postings.v[y].txn].date;
			if (dy < dx || (dy == dx && y < x))
				break;
			v[k] = y;
			k--;
		}
		v[k] = x;
	}
}

struct item_key {
	uint32_t party;
	clerk_date due, date;
	uint32_t crank;
	const char *invoice;
	uint32_t idx;
};

static int cmp_item_key(const void *a, const void *b)
{
	const struct item_key *x = a, *y = b;
	if (x->party != y->party)
		return x->party < y->party ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	int c = strcmp(x->invoice ? x->invoice : "", y->invoice ? y->invoice : "");
	if (c)
		return c;
	if (x->crank != y->crank)
		return x->crank < y->crank ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Sorts keys by cmp_item_key: a counting sort by party (stable), then each
 * party's run sorted only when it is not in order already. Items are made
 * in journal order, so a party's run is usually sorted by due date; the
 * sort is then linear.
 */
static void sort_item_keys(struct item_key *keys, size_t n, size_t nparties)
{
	if (n < 2)
		return;
	size_t *start = xcalloc(nparties + 1, sizeof(*start));
	struct item_key *tmp = xmalloc(st_mult(n, sizeof(*tmp)));
	for (size_t i = 0; i < n; i++)
		start[keys[i].party + 1]++;
	for (size_t p = 0; p < nparties; p++)
		start[p + 1] += start[p];
	for (size_t i = 0; i < n; i++)
		tmp[start[keys[i].party]++] = keys[i];
	memcpy(keys, tmp, st_mult(n, sizeof(*keys)));
	free(tmp);
	/* start[p] is now the end of party p's run */
	for (size_t p = 0, from = 0; p < nparties; from = start[p++]) {
		size_t to = start[p];
		for (size_t i = from + 1; i < to; i++)
			if (cmp_item_key(&keys[i - 1], &keys[i]) > 0) {
				qsort(keys + from, to - from, sizeof(*keys), cmp_item_key);
				break;
			}
	}
	free(start);
}

static const struct commodity_table *crank_table;

static int cmp_commodity_id(const void *a, const void *b)
{
	return strcmp(commodity_symbol(crank_table, *(const uint32_t *)a),
		      commodity_symbol(crank_table, *(const uint32_t *)b));
}

static const uint32_t *sort_crank; /* commodity id -> rank by symbol, while sorting */

static int cmp_unapplied(const void *a, const void *b)
{
	const struct openitems_unapplied *x = a, *y = b;
	if (x->party != y->party)
		return x->party < y->party ? -1 : 1;
	uint32_t cx = sort_crank[x->commodity], cy = sort_crank[y->commodity];
	return cx < cy ? -1 : cx > cy;
}

static int cmp_unknown(const void *a, const void *b)
{
	const struct openitems_unknown *x = a, *y = b;
	if (x->party != y->party)
		return x->party < y->party ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	int c = strcmp(x->invoice, y->invoice);
	if (c)
		return c;
	uint32_t cx = sort_crank[x->commodity], cy = sort_crank[y->commodity];
	return cx < cy ? -1 : cx > cy;
}

/* Sets out to sign * a (sign is +1 or -1). */
static void signed_set(struct dec *out, const struct dec *a, int sign)
{
	if (sign < 0)
		dec_neg(out, a);
	else
		dec_set(out, a);
}

/*
 * The date a posting counts at for its item: its `item-date:` (an item
 * carried into new books by clerk close, formats/close.md), else its
 * transaction's date.
 */
static clerk_date posting_date(const struct journal *j, const struct posting *p,
			       const struct txn *tx, uint32_t item_date_id)
{
	if (!journal_tag_may_be_in(j, item_date_id, p->txn))
		return tx->date;
	const char *s = journal_posting_tag_id(j, p, item_date_id);
	clerk_date d = s ? date_parse_iso(s) : DATE_NONE;
	return d == DATE_NONE ? tx->date : d;
}

static clerk_date add_days(clerk_date d, int n)
{
	return d == DATE_NONE ? DATE_NONE : d + n;
}

/* Fills due, discount, dispute and ref of an item from its opening postings and its party. */
static void item_details(struct openitems *oi, struct openitem *it, uint32_t due_id,
			 uint32_t dispute_id, uint32_t ref_id)
{
	const struct journal *j = oi->j;
	const struct openitems_party *party = &oi->parties[it->party];
	const char *due = NULL;
	for (uint32_t k = 0; k < it->npostings; k++) {
		const struct posting *p = &j->postings.v[oi->postings[it->postings_start + k]];
		int sgn = dec_sgn(&p->amount);
		bool opening = party->role == ROLE_RECEIVABLE ? sgn > 0 : sgn < 0;
		if (!opening)
			continue;
		if (!due)
			due = journal_posting_tag_id(j, p, due_id);
		if (!it->dispute)
			it->dispute = journal_posting_tag_id(j, p, dispute_id);
		if (!it->ref)
			it->ref = journal_posting_tag_id(j, p, ref_id);
	}
	clerk_date d = due ? date_parse_iso(due) : DATE_NONE;
	if (d != DATE_NONE) {
		it->due = d;
		it->due_source = DUE_FROM_TAG;
	} else if (party->has_terms) {
		it->due = add_days(it->date, party->terms.net_days);
		it->due_source = DUE_FROM_TERMS;
	} else {
		it->due = it->date;
		it->due_source = DUE_FROM_DATE;
	}
	if (party->has_terms && party->terms.discount_days > 0 &&
	    !dec_is_zero(&party->terms.discount_pct)) {
		it->discount_until = add_days(it->date, party->terms.discount_days);
		it->discount_pct = &party->terms.discount_pct;
	}
}

static uint32_t *slots_for(size_t n, size_t *nslots)
{
	*nslots = pow2_at_least(n * 2 + 1);
	return xcalloc(*nslots, sizeof(uint32_t));
}

static void slots_put(uint32_t *slots, size_t nslots, uint32_t h, uint32_t idx)
{
	size_t i = h & (nslots - 1);
	while (slots[i])
		i = (i + 1) & (nslots - 1);
	slots[i] = idx + 1;
}

int openitems_compute(struct openitems **out, const struct journal *j,
		      const struct openitems_options *o)
{
	struct openitems_options def = OPENITEMS_OPTIONS_INIT;
	if (!o)
		o = &def;
	*out = NULL;
	if (o->side < OPENITEMS_RECEIVABLES || o->side > OPENITEMS_BOTH)
		return clerk_error_set(-1, "bad side %d for open items", (int)o->side);
	struct openitems *oi = xcalloc(1, sizeof(*oi));
	struct group_table t = { VEC_INIT, NULL, NULL, 0, NULL, 0 };
	VEC(struct pair) pairs = VEC_INIT;
	uint32_t *gstart = NULL, *fill = NULL, *row_of = NULL, *ugroup = NULL, *crank = NULL,
		 *corder = NULL, *group_of = NULL;
	struct item_key *keys = NULL;
	uint64_t *norm_hash = NULL, *ref_hash = NULL, *bare_hash = NULL;
	struct strbuf kb = STRBUF_INIT;
	oi->j = j;
	oi->opts = *o;
	oi->norm.key_of = norm_key;
	oi->refs.key_of = ref_key;
	oi->bare.key_of = bare_key;
	build_parties(oi);

	uint32_t invoice_id = journal_tag_id(j, "invoice");
	uint32_t match_id = journal_tag_id(j, "match");
	uint32_t item_date_id = journal_tag_id(j, "item-date");
	/* 1. group the postings: first their keys and hashes, in journal order
	 * (sequential reads), then the groups, each slot fetched a few postings
	 * ahead (the table is far larger than the caches) */
	VEC(struct pending) pend = VEC_INIT;
	for (size_t ti = 0; oi->nparties && ti < j->txns.n; ti++) {
		const struct txn *tx = &j->txns.v[ti];
		if ((o->as_of != DATE_NONE && tx->date > o->as_of) ||
		    (o->one_file && tx->file != o->file))
			continue;
		for (uint32_t k = 0; k < tx->nposting; k++) {
			uint32_t pi = tx->first_posting + k;
			const struct posting *p = &j->postings.v[pi];
			if (oi->party_of[p->account] == NO_ID)
				continue;
			const char *inv = journal_posting_tag_id(j, p, invoice_id);
			if (inv && !*inv)
				inv = NULL;
			struct pending *w = VEC_GROW(&pend);
			w->posting = pi;
			w->inv = inv;
			w->hash = key_hash(p->account, p->commodity, inv);
		}
	}
	groups_reserve(&t, pend.n);
	VEC_RESERVE(&pairs, pend.n);
	for (size_t w = 0; w < pend.n; w++) {
		if (w + PREFETCH_AHEAD < pend.n)
			PREFETCH(&t.slots[pend.v[w + PREFETCH_AHEAD].hash & (t.nslots - 1)]);
		uint32_t pi = pend.v[w].posting;
		const char *inv = pend.v[w].inv;
		const struct posting *p = &j->postings.v[pi];
		const struct txn *tx = &j->txns.v[p->txn];
		uint32_t party = oi->party_of[p->account];
		clerk_date pdate = posting_date(j, p, tx, item_date_id);
		uint32_t gid = group_get_hashed(&t, p->account, p->commodity, inv, pend.v[w].hash);
		struct openitem *g = &t.g.v[gid];
		int sgn = dec_sgn(&p->amount);
		bool opening = inv && (oi->parties[party].role == ROLE_RECEIVABLE ? sgn > 0 : sgn < 0);
		if (opening && match_id != NO_ID) {
			/* a returned payment written back reopens the item, it does not open
			 * it; a credit netted by a payment run uses the credit up */
			const char *how = journal_posting_tag_id(j, p, match_id);
			opening = !(how && (!strcmp(how, "reversal") || !strcmp(how, "netted")));
		}
		g->party = party;
		if (opening) {
			if (!t.opened[gid] || pdate < g->date) {
				g->date = pdate;
				g->opening_txn = p->txn;
			}
			t.opened[gid] = 1;
			dec_add(&g->amount, &g->amount, &p->amount);
		} else {
			if (!t.opened[gid] && (g->date == DATE_NONE || pdate < g->date))
				g->date = pdate;
			dec_add(&g->open, &g->open, &p->amount);
		}
		if (g->last_date == DATE_NONE || pdate > g->last_date)
			g->last_date = pdate;
		g->npostings++;
		struct pair *pr = VEC_GROW(&pairs);
		pr->posting = pi;
		pr->group = gid;
	}
	VEC_FREE(&pend);
	/* 2. one pass over the groups (the group array is large: every pass
	 * streams all of it): where each group's postings start, a row for each
	 * unapplied group, and for each unknown invoice the unapplied group of
	 * its account and commodity (made when missing: appended, no postings) */
	size_t ng0 = t.g.n, nun = 0, nunk = 0, nit = 0;
	ugroup = xmalloc(st_mult(ng0 ? ng0 : 1, sizeof(*ugroup)));
	gstart = xmalloc(st_mult(ng0 + 1, sizeof(*gstart)));
	row_of = xmalloc(st_mult(ng0 ? ng0 : 1, sizeof(*row_of)));
	gstart[0] = 0;
	for (size_t g = 0; g < ng0; g++) {
		const struct openitem *gr = &t.g.v[g];
		gstart[g + 1] = gstart[g] + gr->npostings;
		ugroup[g] = row_of[g] = NO_ID;
		if (!gr->invoice) {
			row_of[g] = (uint32_t)nun++;
		} else if (t.opened[g]) {
			nit++;
		} else {
			uint32_t party = gr->party;
			uint32_t u = group_get(&t, gr->account, gr->commodity, NULL); /* may move t.g.v */
			t.g.v[u].party = party;
			ugroup[g] = u;
			nunk++;
		}
	}
	size_t ng = t.g.n;
	if (ng > ng0) {
		gstart = xrealloc(gstart, st_mult(ng + 1, sizeof(*gstart)));
		row_of = xrealloc(row_of, st_mult(ng, sizeof(*row_of)));
		for (size_t g = ng0; g < ng; g++) {
			gstart[g + 1] = gstart[g];
			row_of[g] = (uint32_t)nun++;
		}
	}
	/* the posting lists: a counting sort of the pairs by group */
	fill = xmalloc(st_mult(ng + 1, sizeof(*fill)));
	memcpy(fill, gstart, st_mult(ng + 1, sizeof(*fill)));
	oi->postings = xmalloc(st_mult(pairs.n ? pairs.n : 1, sizeof(*oi->postings)));
	for (size_t i = 0; i < pairs.n; i++)
		oi->postings[fill[pairs.v[i].group]++] = pairs.v[i].posting;
	VEC_FREE(&pairs);

	/* commodity ranks (by symbol), for the items' order */
	size_t ncom = j->commodities.n;
	corder = xmalloc(st_mult(ncom ? ncom : 1, sizeof(*corder)));
	crank = xmalloc(st_mult(ncom ? ncom : 1, sizeof(*crank)));
	for (size_t c = 0; c < ncom; c++)
		corder[c] = (uint32_t)c;
	crank_table = &j->commodities;
	if (ncom > 1)
		qsort(corder, ncom, sizeof(*corder), cmp_commodity_id);
	crank_table = NULL;
	for (size_t c = 0; c < ncom; c++)
		crank[corder[c]] = (uint32_t)c;

	/* 3. a second pass: unapplied rows, unknown invoices (their amounts added
	 * to their rows, which calloc left as valid zeros), and the items with
	 * their details and sort keys, moved to the front */
	oi->unapplied = xcalloc(nun ? nun : 1, sizeof(*oi->unapplied));
	oi->unknown = xcalloc(nunk ? nunk : 1, sizeof(*oi->unknown));
	keys = xmalloc(st_mult(nit ? nit : 1, sizeof(*keys)));
	group_of = xmalloc(st_mult(nit ? nit : 1, sizeof(*group_of)));
	if (o->index_numbers) {
		norm_hash = xmalloc(st_mult(nit ? nit : 1, sizeof(*norm_hash)));
		ref_hash = xmalloc(st_mult(nit ? nit : 1, sizeof(*ref_hash)));
		bare_hash = xmalloc(st_mult(nit ? nit : 1, sizeof(*bare_hash)));
	}
	size_t ku = 0, ki = 0;
	uint32_t due_id = journal_tag_id(j, "due"), dispute_id = journal_tag_id(j, "dispute"),
		 ref_id = journal_tag_id(j, "ref");
	for (size_t g = 0; g < ng; g++) {
		struct openitem *gr = &t.g.v[g];
		gr->postings_start = gstart[g];
		if (!j->dates_ordered)
			sort_postings(j, oi->postings + gstart[g], gr->npostings);
		int sign = oi->parties[gr->party].role == ROLE_RECEIVABLE ? 1 : -1;
		if (!gr->invoice) {
			struct openitems_unapplied *u = &oi->unapplied[row_of[g]];
			u->party = gr->party;
			u->account = gr->account;
			u->commodity = gr->commodity;
			signed_set(&u->on_account, &gr->open, sign);
			u->postings_start = gr->postings_start;
			u->npostings = gr->npostings;
			dec_clear(&gr->open);
			dec_clear(&gr->amount);
			continue;
		}
		if (!t.opened[g]) {
			struct openitems_unknown *u = &oi->unknown[ku++];
			u->party = gr->party;
			u->account = gr->account;
			u->commodity = gr->commodity;
			u->invoice = gr->invoice;
			u->date = gr->date;
			signed_set(&u->amount, &gr->open, sign);
			u->postings_start = gr->postings_start;
			u->npostings = gr->npostings;
			struct openitems_unapplied *row = &oi->unapplied[row_of[ugroup[g]]];
			dec_add(&row->unknown, &row->unknown, &u->amount);
			dec_clear(&gr->open);
			dec_clear(&gr->amount);
			continue;
		}
		/* an item: amount = sign * opened, open = amount + sign * reductions */
		if (sign < 0) {
			dec_neg(&gr->amount, &gr->amount);
			dec_neg(&gr->open, &gr->open);
		}
		dec_add(&gr->open, &gr->amount, &gr->open);
		if (!o->include_closed && dec_is_zero(&gr->open)) {
			dec_clear(&gr->open);
			dec_clear(&gr->amount);
			continue;
		}
		item_details(oi, gr, due_id, dispute_id, ref_id);
		if (o->index_numbers) {
			/* the strings are met in journal order here: no cache miss each */
			strbuf_reset(&kb);
			openitems_normalize(&kb, gr->invoice);
			norm_hash[ki] = kb.len ? keyindex_hash(kb.buf, kb.len) : KEYINDEX_NO_KEY;
			size_t from = bare_of(kb.buf, kb.len);
			bare_hash[ki] = from < kb.len ? keyindex_hash(kb.buf + from, kb.len - from)
						      : KEYINDEX_NO_KEY;
			strbuf_reset(&kb);
			if (gr->ref)
				refs_normalize(&kb, gr->ref);
			ref_hash[ki] = kb.len ? keyindex_hash(kb.buf, kb.len) : KEYINDEX_NO_KEY;
		}
		keys[ki] = (struct item_key){ gr->party, gr->due, gr->date, crank[gr->commodity],
					      gr->invoice, (uint32_t)ki };
		group_of[ki] = (uint32_t)g;
		t.g.v[ki++] = *gr; /* moves the decimals (ki <= g) */
	}
	/* unapplied totals, then drop the empty ones */
	size_t nu2 = 0;
	for (size_t i = 0; i < nun; i++) {
		struct openitems_unapplied *u = &oi->unapplied[i];
		dec_add(&u->amount, &u->on_account, &u->unknown);
		if (!o->include_closed && dec_is_zero(&u->on_account) && dec_is_zero(&u->unknown)) {
			dec_clear(&u->amount);
			dec_clear(&u->on_account);
			dec_clear(&u->unknown);
			continue;
		}
		oi->unapplied[nu2++] = *u;
	}
	oi->nunapplied = nu2;
	size_t nk2 = 0;
	for (size_t i = 0; i < nunk; i++) {
		if (!o->include_closed && dec_is_zero(&oi->unknown[i].amount)) {
			dec_clear(&oi->unknown[i].amount);
			continue;
		}
		oi->unknown[nk2++] = oi->unknown[i];
	}
	oi->nunknown = nk2;

	/* 4. order: party (accounts are sorted by name), due, date, invoice, commodity */
	sort_item_keys(keys, ki, oi->nparties);
	oi->item_of_group = xmalloc(st_mult(ng ? ng : 1, sizeof(*oi->item_of_group)));
	for (size_t g = 0; g < ng; g++)
		oi->item_of_group[g] = NO_ID;
	for (size_t i = 0; i < ki; i++)
		oi->item_of_group[group_of[keys[i].idx]] = (uint32_t)i;
	/* the items in that order: a gather (independent loads, unlike moving them in place) */
	oi->items = xmalloc(st_mult(ki ? ki : 1, sizeof(*oi->items)));
	oi->nitems = ki;
	for (size_t i = 0; i < ki; i++)
		oi->items[i] = t.g.v[keys[i].idx]; /* moves the decimals */
	if (o->index_numbers) {
		uint64_t *h = xmalloc(st_mult(ki ? ki : 1, sizeof(*h)));
		for (size_t i = 0; i < ki; i++)
			h[i] = norm_hash[keys[i].idx];
		keyindex_build_hashed(&oi->norm.ix, ki, h, norm_key, oi);
		for (size_t i = 0; i < ki; i++)
			h[i] = ref_hash[keys[i].idx];
		keyindex_build_hashed(&oi->refs.ix, ki, h, ref_key, oi);
		for (size_t i = 0; i < ki; i++)
			h[i] = bare_hash[keys[i].idx];
		keyindex_build_hashed(&oi->bare.ix, ki, h, bare_key, oi);
		oi->norm.built = oi->refs.built = oi->bare.built = true;
		free(h);
	}
	/* unapplied rows: party, then commodity; unknown: party, date, invoice, commodity */
	sort_crank = crank;
	if (oi->nunapplied > 1)
		qsort(oi->unapplied, oi->nunapplied, sizeof(*oi->unapplied), cmp_unapplied);
	if (oi->nunknown > 1)
		qsort(oi->unknown, oi->nunknown, sizeof(*oi->unknown), cmp_unknown);
	sort_crank = NULL;
	/* 5. lookups: the group table stays for openitems_find() */
	oi->group_slots = t.slots;
	oi->group_nslots = t.nslots;
	oi->group_hashes = t.hashes;
	t.slots = NULL;
	t.hashes = NULL;
	oi->un_slots = slots_for(oi->nunapplied, &oi->un_nslots);
	for (size_t i = 0; i < oi->nunapplied; i++)
		slots_put(oi->un_slots, oi->un_nslots,
			  key_hash(oi->unapplied[i].account, oi->unapplied[i].commodity, NULL),
			  (uint32_t)i);

	VEC_FREE(&t.g);
	free(t.hashes);
	free(t.opened);
	free(t.slots);
	free(gstart);
	free(fill);
	free(row_of);
	free(ugroup);
	free(crank);
	free(corder);
	free(keys);
	free(group_of);
	free(norm_hash);
	free(ref_hash);
	free(bare_hash);
	strbuf_release(&kb);
	*out = oi;
	return 0;
}

void openitems_free(struct openitems *oi)
{
	if (!oi)
		return;
	for (size_t i = 0; i < oi->nparties; i++)
		terms_release(&oi->parties[i].terms);
	for (size_t i = 0; i < oi->nitems; i++) {
		dec_clear(&oi->items[i].amount);
		dec_clear(&oi->items[i].open);
	}
	for (size_t i = 0; i < oi->nunapplied; i++) {
		dec_clear(&oi->unapplied[i].amount);
		dec_clear(&oi->unapplied[i].on_account);
		dec_clear(&oi->unapplied[i].unknown);
	}
	for (size_t i = 0; i < oi->nunknown; i++)
		dec_clear(&oi->unknown[i].amount);
	free(oi->parties);
	free(oi->party_of);
	free(oi->items);
	free(oi->unapplied);
	free(oi->unknown);
	free(oi->postings);
	free(oi->group_slots);
	free(oi->group_hashes);
	free(oi->item_of_group);
	free(oi->un_slots);
	keyindex_release(&oi->norm.ix);
	keyindex_release(&oi->refs.ix);
	keyindex_release(&oi->bare.ix);
	free(oi);
}

/* ------------------------------------------------------------------ */
/* accessors */

const struct journal *openitems_journal(const struct openitems *oi)
{
	return oi->j;
}

clerk_date openitems_as_of(const struct openitems *oi)
{
	return oi->opts.as_of;
}

enum openitems_side openitems_side(const struct openitems *oi)
{
	return oi->opts.side;
}

size_t openitems_count(const struct openitems *oi)
{
	return oi->nitems;
}

const struct openitem *openitems_item(const struct openitems *oi, size_t i)
{
	if (i >= oi->nitems)
		BUG("open item %zu of %zu", i, oi->nitems);
	return &oi->items[i];
}

const uint32_t *openitems_item_postings(const struct openitems *oi, size_t i, size_t *n)
{
	const struct openitem *it = openitems_item(oi, i);
	*n = it->npostings;
	return oi->postings + it->postings_start;
}

size_t openitems_party_count(const struct openitems *oi)
{
	return oi->nparties;
}

const struct openitems_party *openitems_party(const struct openitems *oi, size_t i)
{
	if (i >= oi->nparties)
		BUG("party %zu of %zu", i, oi->nparties);
	return &oi->parties[i];
}

uint32_t openitems_party_of(const struct openitems *oi, uint32_t account)
{
	return account < oi->j->accounts.n ? oi->party_of[account] : NO_ID;
}

size_t openitems_unapplied_count(const struct openitems *oi)
{
	return oi->nunapplied;
}

const struct openitems_unapplied *openitems_unapplied(const struct openitems *oi, size_t i)
{
	if (i >= oi->nunapplied)
		BUG("unapplied row %zu of %zu", i, oi->nunapplied);
	return &oi->unapplied[i];
}

const uint32_t *openitems_unapplied_postings(const struct openitems *oi, size_t i, size_t *n)
{
	const struct openitems_unapplied *u = openitems_unapplied(oi, i);
	*n = u->npostings;
	return oi->postings + u->postings_start;
}

const struct openitems_unapplied *openitems_find_unapplied(const struct openitems *oi,
							    uint32_t account, uint32_t commodity)
{
	uint32_t h = key_hash(account, commodity, NULL);
	for (size_t i = h & (oi->un_nslots - 1); oi->un_slots[i]; i = (i + 1) & (oi->un_nslots - 1)) {
		const struct openitems_unapplied *u = &oi->unapplied[oi->un_slots[i] - 1];
		if (u->account == account && u->commodity == commodity)
			return u;
	}
	return NULL;
}

size_t openitems_unknown_count(const struct openitems *oi)
{
	return oi->nunknown;
}

const struct openitems_unknown *openitems_unknown(const struct openitems *oi, size_t i)
{
	if (i >= oi->nunknown)
		BUG("unknown invoice %zu of %zu", i, oi->nunknown);
	return &oi->unknown[i];
}

const uint32_t *openitems_unknown_postings(const struct openitems *oi, size_t i, size_t *n)
{
	const struct openitems_unknown *u = openitems_unknown(oi, i);
	*n = u->npostings;
	return oi->postings + u->postings_start;
}

int openitems_find(size_t *out, const struct openitems *oi, uint32_t account, uint32_t commodity,
		   const char *invoice)
{
	if (!invoice)
		return CLERK_ENOTFOUND;
	if (!oi->group_nslots)
		return CLERK_ENOTFOUND;
	uint32_t h = key_hash(account, commodity, invoice);
	for (size_t i = h & (oi->group_nslots - 1); oi->group_slots[i];
	     i = (i + 1) & (oi->group_nslots - 1)) {
		uint32_t g = oi->group_slots[i] - 1;
		if (oi->group_hashes[g] != h)
			continue;
		/* a group that is no item (closed, unapplied, unknown) has no key here;
		 * keys are unique, so a matching item can only be further on */
		uint32_t idx = oi->item_of_group[g];
		if (idx != NO_ID && key_eq(&oi->items[idx], account, commodity, invoice)) {
			*out = idx;
			return 0;
		}
	}
	return CLERK_ENOTFOUND;
}

/* ------------------------------------------------------------------ */
/* normalised invoice numbers */

void openitems_normalize(struct strbuf *out, const char *s)
{
	/* the result is never longer than s: write into reserved room */
	size_t n = strlen(s);
	strbuf_grow(out, n);
	char *w = out->buf + out->len;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p >= '0' && *p <= '9') {
			const unsigned char *q = p;
			while (*q == '0' && q[1] >= '0' && q[1] <= '9')
				q++;
			while (*q >= '0' && *q <= '9')
				*w++ = (char)*q++;
			p = q;
			continue;
		}
		if (*p != ' ' && *p != '\t' && *p != '-')
			*w++ = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		p++;
	}
	strbuf_setlen(out, (size_t)(w - out->buf));
}

/* keyindex_key_fn: the normalised number of item i */
static void norm_key(void *ctx, size_t i, struct strbuf *out)
{
	const struct openitems *oi = ctx;
	openitems_normalize(out, oi->items[i].invoice);
}

/* keyindex_key_fn: the normalised reference of item i */
static void ref_key(void *ctx, size_t i, struct strbuf *out)
{
	const struct openitems *oi = ctx;
	if (oi->items[i].ref)
		refs_normalize(out, oi->items[i].ref);
}

/* The items under key in li (built now when it is not yet). */
static size_t find_key(struct openitems *oi, struct lazy_index *li, const char *key, size_t len,
		       const uint32_t **out)
{
	if (!li->built) {
		keyindex_build(&li->ix, oi->nitems, li->key_of, oi);
		li->built = true;
	}
	return keyindex_find(&li->ix, key, len, li->key_of, oi, out);
}

size_t openitems_find_ref_key(const uint32_t **out, struct openitems *oi, const char *key,
			      size_t len)
{
	return find_key(oi, &oi->refs, key, len, out);
}

size_t openitems_find_normalized_key(const uint32_t **out, struct openitems *oi, const char *key,
				     size_t len)
{
	return find_key(oi, &oi->norm, key, len, out);
}

size_t openitems_find_ref(const uint32_t **out, struct openitems *oi, const char *ref)
{
	struct strbuf sb = STRBUF_INIT;
	refs_normalize(&sb, ref);
	size_t n = openitems_find_ref_key(out, oi, sb.buf, sb.len);
	strbuf_release(&sb);
	return n;
}

/*
 * Where the bare number starts in a normalised number: after its leading
 * non-digits, when there are some and at least OPENITEMS_BARE_MIN_DIGITS
 * digits follow; len (no bare number) otherwise.
 */
static size_t bare_of(const char *norm, size_t len)
{
	size_t from = 0, digits = 0;
	while (from < len && !(norm[from] >= '0' && norm[from] <= '9'))
		from++;
	for (size_t i = from; i < len; i++)
		digits += norm[i] >= '0' && norm[i] <= '9';
	return from > 0 && digits >= OPENITEMS_BARE_MIN_DIGITS ? from : len;
}

/* keyindex_key_fn: the normalised number of item i without its prefix, or nothing */
static void bare_key(void *ctx, size_t i, struct strbuf *out)
{
	const struct openitems *oi = ctx;
	size_t at = out->len;
	openitems_normalize(out, oi->items[i].invoice);
	size_t from = bare_of(out->buf + at, out->len - at);
	memmove(out->buf + at, out->buf + at + from, out->len - at - from);
	strbuf_setlen(out, out->len - from);
}

size_t openitems_find_bare(const uint32_t **out, struct openitems *oi, const char *digits)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, nd = 0;
	*out = NULL;
	openitems_normalize(&sb, digits);
	for (size_t i = 0; i < sb.len; i++) {
		unsigned char c = (unsigned char)sb.buf[i];
		if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
			nd = 0; /* a letter: not a bare number */
			break;
		}
		nd += c >= '0' && c <= '9';
	}
	if (nd >= OPENITEMS_BARE_MIN_DIGITS)
		n = find_key(oi, &oi->bare, sb.buf, sb.len, out);
	strbuf_release(&sb);
	return n;
}

size_t openitems_find_normalized(const uint32_t **out, struct openitems *oi, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	openitems_normalize(&sb, text);
	size_t n = openitems_find_normalized_key(out, oi, sb.buf, sb.len);
	strbuf_release(&sb);
	return n;
}

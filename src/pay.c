/*
 * pay.c - the payment run (see pay.h and formats/pay.md).
 *
 * pay_compute() goes in steps, each a function below: the accounts (the
 * transit and discount accounts, the bank account paid from) and the run
 * id; the transfers already in transit; a decision for every open bill;
 * the vendors' credits netted against what they are paid; the transfers,
 * one per vendor and execution date, numbered in order; their journal
 * text; the proposal rows.
 */
#include "compat.h"
#include "pay.h"
#include "amount.h"
#include "currency.h"
#include "error.h"
#include "openitems.h"
#include "refs.h"
#include "render.h"
#include "util/mempool.h"
#include "util/symtab.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const decision_names[] = { "pay",	     "not-due",	      "held",
					      "disputed",    "in-transit",    "not-approved",
					      "credit-netted", "not-sepa" };

const char *pay_decision_name(enum pay_decision d)
{
	return decision_names[d];
}

/* ------------------------------------------------------------------ */
/* run ids */

bool pay_run_id_parse(const char *id, clerk_date *date, unsigned *k)
{
	const char *p;
	clerk_date d;
	if (!id || strncmp(id, "PAY-", 4) || strlen(id) < 14 || id[8] != '-' || id[11] != '-')
		return false;
	p = id + 4;
	if (date_parse(&p, id + 14, &d) || p != id + 14)
		return false;
	unsigned n = 1;
	if (*p == '.') {
		n = 0;
		for (p++; *p >= '0' && *p <= '9' && n < 100000; p++)
			n = n * 10 + (unsigned)(*p - '0');
		if (*p || n < 2 || p[-1] == '.')
			return false;
	} else if (*p) {
		return false;
	}
	*date = d;
	*k = n;
	return true;
}

/* The latest run in the books (date, k; date DATE_NONE when none) and the highest k on `date`. */
static void scan_runs(const struct journal *j, clerk_date date, clerk_date *last_date,
		      unsigned *last_k, unsigned *k_on_date)
{
	uint32_t run_id = journal_tag_id(j, "pay-run");
	*last_date = DATE_NONE;
	*last_k = *k_on_date = 0;
	for (size_t i = 0; run_id != NO_ID && i < j->txns.n; i++) {
		const char *v = journal_txn_tag_id(j, &j->txns.v[i], run_id);
		clerk_date d;
		unsigned k;
		if (!v || !pay_run_id_parse(v, &d, &k))
			continue;
		if (*last_date == DATE_NONE || d > *last_date || (d == *last_date && k > *last_k)) {
			*last_date = d;
			*last_k = k;
		}
		if (d == date && k > *k_on_date)
			*k_on_date = k;
	}
}

static void format_run_id(struct strbuf *out, clerk_date d, unsigned k)
{
	strbuf_addstr(out, "PAY-");
	date_append(out, d);
	if (k > 1)
		strbuf_addf(out, ".%u", k);
}

void pay_last_run(const struct journal *j, clerk_date date, struct strbuf *out)
{
	clerk_date last;
	unsigned lk, k;
	strbuf_reset(out);
	scan_runs(j, date, &last, &lk, &k);
	if (k)
		format_run_id(out, date, k);
}

/* ------------------------------------------------------------------ */
/* small helpers */

static int32_t exponent_of(const struct journal *j, uint32_t com)
{
	const struct currency *c = currency_find(commodity_symbol(&j->commodities, com));
	return c && c->exponent > 0 ? c->exponent : 0;
}

/* Appends s as a journal tag value: commas (which end a value) become ';', no control characters. */
static void add_tag_value(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		strbuf_addch(sb, c == ',' ? ';' : c < 0x20 ? ' ' : (char)c);
	}
}

/* Appends ", name: value" (or "  ; name: value" first) when value is set. */
static void tag(struct strbuf *t, const char **sep, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addstr(t, *sep);
	strbuf_addstr(t, name);
	strbuf_addstr(t, ": ");
	add_tag_value(t, value);
	*sep = ", ";
}

/* The latest posting of postings[0..n) with tag id decides: true when it says anything but "no". */
static const char *latest_tag(const struct journal *j, const uint32_t *ps, size_t n, uint32_t id)
{
	const char *v = NULL;
	for (size_t k = 0; id != NO_ID && k < n; k++) {
		const char *x = journal_posting_tag_id(j, &j->postings.v[ps[k]], id);
		if (x)
			v = x;
	}
	return v;
}

static bool says_no(const char *v)
{
	return v && (!strcmp(v, "no") || !strcmp(v, "released"));
}

/* ------------------------------------------------------------------ */
/* transfers in transit */

struct pay_transits {
	const struct journal *j;
	VEC(struct pay_transit) v;
	struct symtab by_e2e;   /* e2e -> index */
	struct symtab groups;   /* PmtInfId or run id -> group */
	VEC(VEC(size_t)) members;
	struct mempool pool;
};

static void group_add(struct pay_transits *t, const char *key, size_t idx)
{
	int is_new;
	uint32_t g = symtab_intern(&t->groups, key, strlen(key), &is_new);
	if (is_new)
		(void)VEC_GROW(&t->members);
	VEC_PUSH(&t->members.v[g], idx);
}

/* The transit postings of the runs: one transfer each. */
static void transits_collect(struct pay_transits *t)
{
	const struct journal *j = t->j;
	uint32_t run_id = journal_tag_id(j, "pay-run"), e2e_id = journal_tag_id(j, "end-to-end");
	uint32_t exec_id = journal_tag_id(j, "execution-date"), deb_id = journal_tag_id(j, "debtor-iban");
	struct strbuf key = STRBUF_INIT;
	for (size_t ti = 0; run_id != NO_ID && e2e_id != NO_ID && ti < j->txns.n; ti++) {
		const struct txn *x = &j->txns.v[ti];
		const char *run = journal_txn_tag_id(j, x, run_id);
		if (!run)
			continue;
		uint32_t vendor = NO_ID;
		for (uint32_t k = 0; k < x->nposting && vendor == NO_ID; k++)
			if (journal_is_party(j, j->postings.v[x->first_posting + k].account))
				vendor = j->postings.v[x->first_posting + k].account;
		for (uint32_t k = 0; k < x->nposting; k++) {
			const struct posting *p = &j->postings.v[x->first_posting + k];
			const char *e2e;
			if (j->accounts.v[p->account].role != ROLE_TRANSIT || dec_sgn(&p->amount) >= 0 ||
			    !(e2e = journal_posting_tag_id(j, p, e2e_id)))
				continue;
			int is_new;
			symtab_intern(&t->by_e2e, e2e, strlen(e2e), &is_new);
			if (!is_new)
				continue; /* the first keeps it: end-to-end ids are unique */
			struct pay_transit *tr = VEC_GROW(&t->v);
			tr->end_to_end = e2e;
			tr->run = run;
			tr->debtor_iban = deb_id != NO_ID ? journal_posting_tag_id(j, p, deb_id) : NULL;
			const char *ex = exec_id != NO_ID ? journal_posting_tag_id(j, p, exec_id) : NULL;
			tr->execution = ex ? date_parse_iso(ex) : x->date;
			if (tr->execution == DATE_NONE)
				tr->execution = x->date;
			tr->account = p->account;
			tr->commodity = p->commodity;
			tr->txn = (uint32_t)ti;
			tr->vendor = vendor;
			dec_init(&tr->amount);
			dec_init(&tr->open);
			dec_neg(&tr->amount, &p->amount);
			dec_set(&tr->open, &tr->amount);
			tr->state = PAY_TRANSIT_OPEN;
			size_t idx = t->v.n - 1;
			strbuf_reset(&key);
			pain_pmt_inf_id(&key, run, tr->execution);
			group_add(t, key.buf, idx);
			group_add(t, run, idx);
		}
	}
	strbuf_release(&key);
}

/* What cleared, rejected, returned or closed each transfer: the later postings with its id. */
static void transits_settle(struct pay_transits *t)
{
	const struct journal *j = t->j;
	uint32_t e2e_id = journal_tag_id(j, "end-to-end"), match_id = journal_tag_id(j, "match");
	size_t n = t->v.n;
	bool *cleared = xcalloc(n ? n : 1, 1), *rejected = xcalloc(n ? n : 1, 1),
	     *reopened = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; n && e2e_id != NO_ID && i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		const char *e2e, *how;
		if (p->extra == NO_ID || !(e2e = journal_posting_tag_id(j, p, e2e_id)))
			continue;
		uint32_t id = symtab_find(&t->by_e2e, e2e, strlen(e2e));
		if (id == UINT32_MAX)
			continue;
		struct pay_transit *tr = &t->v.v[id];
		if (p->txn == tr->txn)
			continue;
		how = match_id != NO_ID ? journal_posting_tag_id(j, p, match_id) : NULL;
		bool transit = j->accounts.v[p->account].role == ROLE_TRANSIT;
		if (transit && p->commodity == tr->commodity) {
			dec_sub(&tr->open, &tr->open, &p->amount);
			const struct txn *x = &j->txns.v[p->txn];
			char *at = mempool_alloc(&t->pool, strlen(j->files.v[x->file].path) + 16);
			memcpy(at, j->files.v[x->file].path, strlen(j->files.v[x->file].path) + 1);
			snprintf(at + strlen(at), 16, ":%u", p->line);
			tr->closed_at = at;
		}
		if (transit && how && !strcmp(how, "cleared"))
			cleared[id] = true;
		else if (transit && how && !strcmp(how, "rejected"))
			rejected[id] = true;
		else if (!transit && how && !strcmp(how, "reversal") && journal_is_party(j, p->account))
			reopened[id] = true;
	}
	for (size_t i = 0; i < n; i++) {
		struct pay_transit *tr = &t->v.v[i];
		if (rejected[i])
			tr->state = PAY_TRANSIT_REJECTED;
		else if (!dec_is_zero(&tr->open))
			tr->state = PAY_TRANSIT_OPEN;
		else if (cleared[i])
			tr->state = reopened[i] ? PAY_TRANSIT_RETURNED : PAY_TRANSIT_CLEARED;
		else
			tr->state = PAY_TRANSIT_CLOSED;
	}
	free(cleared);
	free(rejected);
	free(reopened);
}

struct pay_transits *pay_transits_new(const struct journal *j)
{
	struct pay_transits *t = xcalloc(1, sizeof(*t));
	t->j = j;
	transits_collect(t);
	transits_settle(t);
	return t;
}

void pay_transits_free(struct pay_transits *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->v.n; i++) {
		dec_clear(&t->v.v[i].amount);
		dec_clear(&t->v.v[i].open);
	}
	for (size_t i = 0; i < t->members.n; i++)
		VEC_FREE(&t->members.v[i]);
	VEC_FREE(&t->members);
	VEC_FREE(&t->v);
	symtab_release(&t->by_e2e);
	symtab_release(&t->groups);
	mempool_release(&t->pool);
	free(t);
}

size_t pay_transits_count(const struct pay_transits *t)
{
	return t->v.n;
}

struct pay_transit *pay_transit_at(struct pay_transits *t, size_t i)
{
	return &t->v.v[i];
}

size_t pay_transits_find(const struct pay_transits *t, const char *e2e)
{
	uint32_t id = e2e ? symtab_find(&t->by_e2e, e2e, strlen(e2e)) : UINT32_MAX;
	return id == UINT32_MAX ? SIZE_MAX : id;
}

size_t pay_transits_group(const struct pay_transits *t, const char *id, const size_t **out)
{
	uint32_t g = id ? symtab_find(&t->groups, id, strlen(id)) : UINT32_MAX;
	*out = g == UINT32_MAX ? NULL : t->members.v[g].v;
	return g == UINT32_MAX ? 0 : t->members.v[g].n;
}

/* ------------------------------------------------------------------ */
/* the run */

/* What the run knows of a vendor's account (filled on first use). */
struct vendor {
	bool known;
	bool approval; /* its payable account says `pay-approval: required` */
	const char *name_tag; /* SEPA name as a tag value */
	const char *iban;     /* normalised, or NULL */
	const char *bic;      /* or NULL when absent or not a BIC */
	const char *hold;     /* the account's `hold:`, or NULL */
};

/* One transaction of the run: a transfer (money > 0) or credits netted only. */
struct group {
	uint32_t vendor;
	clerk_date execution;
	struct dec money, discount;
	const char *end_to_end; /* NULL when netted only */
	u32_vec bills, credits; /* row indices */
	const char *cref, *ustrd_tag;
};

/* A credit of a vendor that netting may use. */
struct credit {
	uint32_t account;
	const char *number; /* NULL: money on account */
	clerk_date date;
	struct dec left;    /* positive: what is left to use */
	struct dec total;
};

typedef VEC(struct credit) credit_vec;

struct pay {
	const struct journal *j;
	struct pay_options o;
	clerk_date through;
	struct mempool pool;
	struct openitems *oi;
	struct pay_transits *tr;
	uint32_t transit, discount, bank, eur;
	const char *bank_iban, *bank_bic, *bank_name, *bank_problem;
	const char *run_id;
	unsigned run_k;
	struct vendor *vendors; /* by account id */
	VEC(struct pay_row) rows;
	VEC(struct group) groups;
	struct symtab in_transit; /* "account\x1fcommodity\x1finvoice" of bills in open transfers */
	u32_vec in_transit_tr;    /* per key: the transfer */
	uint32_t *order; /* the rows in the proposal's order */
	struct strbuf text;
	struct dec total;
	size_t ntransfers;
	uint32_t tag_hold, tag_approved;
};

static const char *pstr(struct pay *p, const char *s)
{
	return s ? mempool_strndup(&p->pool, s, strlen(s)) : NULL;
}

static const char *pfmt(struct pay *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static const char *pfmt(struct pay *p, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char *r = pstr(p, sb.buf);
	strbuf_release(&sb);
	return r;
}

static void PRINTF_LIKE(4, 5) account_error(const struct journal *j, struct diag *d, uint32_t acc,
					    const char *fmt, ...)
{
	struct srcloc loc = { NULL, 0, 0 };
	if (acc != NO_ID && j->accounts.v[acc].declared && j->accounts.v[acc].decl_file < j->files.n) {
		const struct account *a = &j->accounts.v[acc];
		loc = (struct srcloc){ j->files.v[a->decl_file].path, a->decl_line, 1 };
	} else if (j->files.n) {
		loc.file = j->files.v[0].path;
	}
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
}

/* The bank account to pay from: --from, else the only `role: bank` account with an IBAN. */
static int choose_bank(struct pay *p, struct diag *d)
{
	const struct journal *j = p->j;
	p->bank = NO_ID;
	if (p->o.from) {
		uint32_t a = journal_find_account(j, p->o.from);
		if (a == NO_ID || j->accounts.v[a].role != ROLE_BANK ||
		    !journal_account_tag(j, a, "iban")) {
			account_error(j, d, a,
				      "cannot pay from '%s': %s", p->o.from,
				      a == NO_ID ? "no such account"
				      : j->accounts.v[a].role != ROLE_BANK ? "it is not a bank account "
									     "(role: bank)"
									   : "it has no 'iban:' tag");
			return CLERK_EINVALID;
		}
		p->bank = a;
	} else {
		struct strbuf names = STRBUF_INIT;
		size_t n = 0;
		for (size_t a = 0; a < j->accounts.n; a++) {
			if (j->accounts.v[a].role != ROLE_BANK || !journal_account_tag(j, (uint32_t)a, "iban"))
				continue;
			strbuf_addf(&names, "%s'%s'", n ? ", " : "", journal_account_name(j, (uint32_t)a));
			p->bank = n++ ? p->bank : (uint32_t)a;
		}
		if (n != 1) {
			account_error(j, d, NO_ID,
				      n ? "several bank accounts have an IBAN (%s): say which one to pay "
					  "from with --from"
					: "no bank account to pay from: declare one with 'role: bank' and "
					  "'iban:'%s",
				      names.buf);
			strbuf_release(&names);
			return CLERK_EINVALID;
		}
		strbuf_release(&names);
	}
	struct strbuf sb = STRBUF_INIT;
	refs_normalize(&sb, journal_account_tag(j, p->bank, "iban"));
	p->bank_iban = pstr(p, sb.buf);
	strbuf_reset(&sb);
	const char *bic = journal_account_tag(j, p->bank, "bic");
	p->bank_bic = bic && pain_bic_valid(bic) ? bic : NULL;
	pain_sepa_text(&sb, journal_account_tag(j, p->bank, "name"), PAIN_MAX_NAME);
	p->bank_name = sb.len ? pstr(p, sb.buf) : NULL;
	strbuf_release(&sb);
	/* a euro account: every posting on it in euros */
	for (size_t i = 0; i < j->postings.n && !p->bank_problem; i++)
		if (j->postings.v[i].account == p->bank && j->postings.v[i].commodity != p->eur)
			p->bank_problem = pfmt(p, "bank-account: '%s' holds %s; SEPA pays from euro "
						  "accounts",
					       journal_account_name(j, p->bank),
					       commodity_symbol(&j->commodities, j->postings.v[i].commodity));
	if (!p->bank_problem && !pain_sepa_country(p->bank_iban))
		p->bank_problem = pfmt(p, "bank-account: the IBAN of '%s' is not in the SEPA area",
				       journal_account_name(j, p->bank));
	return 0;
}

/* The accounts the run posts to, and its id. */
static int setup(struct pay *p, struct diag *d)
{
	const struct journal *j = p->j;
	clerk_date last;
	unsigned last_k, k;
	p->transit = journal_find_role(j, ROLE_TRANSIT);
	p->discount = journal_find_role(j, ROLE_DISCOUNT_RECEIVED);
	uint32_t eur = symtab_find(&j->commodities.names, "EUR", 3);
	p->eur = eur == UINT32_MAX ? NO_ID : eur;
	if (p->transit == NO_ID) {
		account_error(j, d, NO_ID, "the books have no account with 'role: transit' for payments "
					   "in transit (declare one, e.g. 'account Assets:Transit  ; role: "
					   "transit')");
		return CLERK_EINVALID;
	}
	if (choose_bank(p, d))
		return CLERK_EINVALID;
	scan_runs(j, p->o.date, &last, &last_k, &k);
	if (last != DATE_NONE && last > p->o.date) {
		struct strbuf id = STRBUF_INIT;
		format_run_id(&id, last, last_k);
		char day[11];
		date_format(p->o.date, day);
		account_error(j, d, NO_ID,
			      "the books hold the payment run %s, of a later date than %s: payment "
			      "runs go forward in time",
			      id.buf, day);
		strbuf_release(&id);
		return CLERK_EINVALID;
	}
	struct strbuf id = STRBUF_INIT;
	p->run_k = k + 1;
	format_run_id(&id, p->o.date, p->run_k);
	p->run_id = pstr(p, id.buf);
	strbuf_release(&id);
	p->vendors = xcalloc(j->accounts.n ? j->accounts.n : 1, sizeof(*p->vendors));
	p->tag_hold = journal_tag_id(j, "hold");
	p->tag_approved = journal_tag_id(j, "approved");
	return 0;
}

static const struct vendor *vendor_of(struct pay *p, uint32_t account)
{
	const struct journal *j = p->j;
	struct vendor *v = &p->vendors[account];
	if (v->known)
		return v;
	v->known = true;
	uint32_t party = openitems_party_of(p->oi, account);
	const char *name = party != NO_ID ? openitems_party(p->oi, party)->name
					  : journal_account_name(j, account);
	struct strbuf sb = STRBUF_INIT, tv = STRBUF_INIT;
	pain_sepa_text(&sb, name, PAIN_MAX_NAME);
	add_tag_value(&tv, sb.buf);
	v->name_tag = pstr(p, tv.len ? tv.buf : "-");
	const char *iban = journal_account_tag(j, account, "iban");
	strbuf_reset(&sb);
	if (iban)
		refs_normalize(&sb, iban);
	v->iban = iban ? pstr(p, sb.buf) : NULL;
	const char *bic = journal_account_tag(j, account, "bic");
	v->bic = bic && pain_bic_valid(bic) ? bic : NULL;
	v->hold = journal_account_tag(j, account, "hold");
	if (says_no(v->hold))
		v->hold = NULL;
	uint32_t ctl = j->accounts.v[account].role_account;
	const char *pol = ctl != NO_ID ? journal_account_tag(j, ctl, "pay-approval") : NULL;
	v->approval = pol && !strcmp(pol, "required");
	strbuf_release(&sb);
	strbuf_release(&tv);
	return v;
}

/* Bills of transfers still in transit: they are never proposed (and are listed as in-transit). */
static void index_in_transit(struct pay *p)
{
	const struct journal *j = p->j;
	uint32_t inv_id = journal_tag_id(j, "invoice"), e2e_id = journal_tag_id(j, "end-to-end");
	struct strbuf key = STRBUF_INIT;
	for (size_t t = 0; inv_id != NO_ID && t < pay_transits_count(p->tr); t++) {
		const struct pay_transit *tr = pay_transit_at(p->tr, t);
		if (tr->state != PAY_TRANSIT_OPEN)
			continue;
		const struct txn *x = &j->txns.v[tr->txn];
		for (uint32_t k = 0; k < x->nposting; k++) {
			const struct posting *ps = &j->postings.v[x->first_posting + k];
			const char *inv = journal_posting_tag_id(j, ps, inv_id);
			const char *e2e = journal_posting_tag_id(j, ps, e2e_id);
			if (!inv || !e2e || strcmp(e2e, tr->end_to_end) || dec_sgn(&ps->amount) <= 0 ||
			    !journal_is_party(j, ps->account))
				continue;
			strbuf_reset(&key);
			strbuf_addf(&key, "%u\x1f%u\x1f%s", ps->account, ps->commodity, inv);
			int is_new;
			symtab_intern(&p->in_transit, key.buf, key.len, &is_new);
			if (is_new)
				VEC_PUSH(&p->in_transit_tr, (uint32_t)t);
		}
	}
	strbuf_release(&key);
}

static const struct pay_transit *in_transit(struct pay *p, const struct openitem *it)
{
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%u\x1f%u\x1f%s", it->account, it->commodity, it->invoice);
	uint32_t id = symtab_find(&p->in_transit, key.buf, key.len);
	strbuf_release(&key);
	return id == UINT32_MAX ? NULL : pay_transit_at(p->tr, p->in_transit_tr.v[id]);
}

static struct pay_row *new_row(struct pay *p, const struct openitem *it)
{
	struct pay_row *r = VEC_GROW(&p->rows);
	uint32_t party = openitems_party_of(p->oi, it->account);
	r->account = it->account;
	r->commodity = it->commodity;
	r->party = party != NO_ID ? openitems_party(p->oi, party)->name
				  : journal_account_name(p->j, it->account);
	r->invoice = it->invoice;
	r->date = it->date;
	r->due = it->due;
	r->execution = DATE_NONE;
	dec_init(&r->open);
	dec_init(&r->discount);
	dec_init(&r->pay);
	dec_set(&r->open, &it->open);
	return r;
}

/* The discount worth taking on item it if paid by the run: true and its amount in *out. */
static bool discount_of(struct pay *p, const struct openitem *it, struct dec *out)
{
	if (p->discount == NO_ID || !it->discount_pct || it->discount_until == DATE_NONE ||
	    it->discount_until < p->o.date)
		return false;
	mpq_t a, b;
	mpq_init(a);
	mpq_init(b);
	dec_get_mpq(a, &it->open);
	dec_get_mpq(b, it->discount_pct);
	mpq_mul(a, a, b);
	mpq_set_ui(b, 100, 1);
	mpq_div(a, a, b);
	int error = dec_set_mpq(out, a, exponent_of(p->j, it->commodity), DEC_ROUND_HALF_EVEN);
	mpq_clear(a);
	mpq_clear(b);
	return !error && dec_sgn(out) > 0;
}

/* When the bank is asked to execute: the last banking day on or before target, not before the run. */
static clerk_date execution_date(const struct pay *p, clerk_date target)
{
	clerk_date e = date_banking_days_before(target, 0);
	return e < p->o.date ? p->o.date : e;
}

/* "due 2026-11-15, 13 days ago" */
static void days_text(struct strbuf *sb, clerk_date due, clerk_date date)
{
	strbuf_addstr(sb, "due ");
	date_append(sb, due);
	if (due < date)
		strbuf_addf(sb, ", %d day%s ago", (int)(date - due), date - due == 1 ? "" : "s");
}

/*
 * Why a bill with something open is not paid by this run, as a row's
 * decision and reason; false when nothing stops it (then the caller pays it).
 */
static bool stopped(struct pay *p, size_t i, struct pay_row *r, bool discount)
{
	const struct journal *j = p->j;
	const struct openitem *it = openitems_item(p->oi, i);
	const struct vendor *v = vendor_of(p, it->account);
	size_t n;
	const uint32_t *ps = openitems_item_postings(p->oi, i, &n);
	const char *hold = latest_tag(j, ps, n, p->tag_hold), *approved;
	const struct pay_transit *tr;
	struct strbuf sb = STRBUF_INIT;
	if (says_no(hold))
		hold = NULL;
	if ((tr = in_transit(p, it))) {
		r->decision = PAY_IN_TRANSIT;
		r->end_to_end = tr->end_to_end;
		strbuf_addf(&sb, "in-transit: %s of %s, not yet debited by the bank", tr->end_to_end,
			    tr->run);
	} else if (it->dispute) {
		r->decision = PAY_DISPUTED;
		strbuf_addf(&sb, "dispute: %s", it->dispute);
	} else if (hold || v->hold) {
		r->decision = PAY_HELD;
		strbuf_addf(&sb, "hold: %s", hold ? hold : v->hold);
	} else if (it->commodity != p->eur) {
		r->decision = PAY_NOT_SEPA;
		strbuf_addf(&sb, "currency: the bill is in %s; SEPA credit transfers are in euros",
			    commodity_symbol(&j->commodities, it->commodity));
	} else if (p->bank_problem) {
		r->decision = PAY_NOT_SEPA;
		strbuf_addstr(&sb, p->bank_problem);
	} else if (!v->iban) {
		r->decision = PAY_HELD;
		strbuf_addstr(&sb, "no-iban: the vendor's account has no 'iban:' tag");
	} else if (!pain_sepa_country(v->iban)) {
		r->decision = PAY_NOT_SEPA;
		strbuf_addf(&sb, "iban-country: the vendor's IBAN is in %.2s, outside the SEPA area",
			    v->iban);
	} else if (dec_needed_scale(&it->open) > 2) {
		r->decision = PAY_NOT_SEPA;
		strbuf_addstr(&sb, "amount: what is open has more than two decimals");
	} else if (it->due > p->through && !discount) {
		r->decision = PAY_NOT_DUE;
		strbuf_addstr(&sb, "not-due: ");
		days_text(&sb, it->due, p->o.date);
		if (it->discount_until != DATE_NONE && it->discount_until < p->o.date) {
			strbuf_addstr(&sb, " (its discount ended ");
			date_append(&sb, it->discount_until);
			strbuf_addch(&sb, ')');
		}
	} else if (v->approval && (!(approved = latest_tag(j, ps, n, p->tag_approved)) ||
				   says_no(approved))) {
		r->decision = PAY_NOT_APPROVED;
		strbuf_addstr(&sb, "no-approval: the books require an 'approved:' tag on the bill "
				   "(pay-approval: required)");
	}
	bool stop = sb.len > 0;
	if (stop)
		r->reason = pstr(p, sb.buf);
	strbuf_release(&sb);
	return stop;
}

/* A decision for every open bill of the payables, dated on or before the run. */
static void decide(struct pay *p)
{
	struct strbuf sb = STRBUF_INIT;
	struct dec disc = DEC_INIT;
	VEC_RESERVE(&p->rows, openitems_count(p->oi) + openitems_unapplied_count(p->oi) +
				      openitems_unknown_count(p->oi));
	for (size_t i = 0; i < openitems_count(p->oi); i++) {
		const struct openitem *it = openitems_item(p->oi, i);
		if (dec_sgn(&it->open) <= 0 || it->date > p->o.date)
			continue; /* credits are netted below; bills not booked yet wait */
		bool has_disc = discount_of(p, it, &disc);
		struct pay_row *r = new_row(p, it);
		if (stopped(p, i, r, has_disc))
			continue;
		r->decision = PAY_PAY;
		strbuf_reset(&sb);
		clerk_date target = it->due;
		if (has_disc) {
			dec_set(&r->discount, &disc);
			if (it->discount_until < target)
				target = it->discount_until;
			strbuf_addstr(&sb, "discount: ");
			dec_format_plain(&sb, it->discount_pct, 0);
			strbuf_addstr(&sb, " % until ");
			date_append(&sb, it->discount_until);
			strbuf_addstr(&sb, ", ");
			days_text(&sb, it->due, p->o.date);
		} else if (it->due < p->o.date) {
			strbuf_addstr(&sb, "overdue: ");
			days_text(&sb, it->due, p->o.date);
		} else {
			strbuf_addstr(&sb, "due: on ");
			date_append(&sb, it->due);
		}
		r->reason = pstr(p, sb.buf);
		r->execution = execution_date(p, target);
		dec_sub(&r->pay, &r->open, &r->discount);
	}
	strbuf_release(&sb);
	dec_clear(&disc);
}

/* ------------------------------------------------------------------ */
/* netting */

static int cmp_credit(const void *a, const void *b)
{
	const struct credit *x = a, *y = b;
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (!x->number || !y->number)
		return !x->number - !y->number; /* numbered credit notes first */
	return strcmp(x->number, y->number);
}

/* Appends a credit of amount (negative: owed to us) on account's item number. */
static void add_credit(credit_vec *out, uint32_t account, const char *number,
		       clerk_date date, const struct dec *amount)
{
	struct credit *c = VEC_GROW(out);
	c->account = account;
	c->number = number;
	c->date = date;
	dec_neg(&c->left, amount);
	dec_set(&c->total, &c->left);
}

/* The vendors' credits dated on or before the run: credit notes, overpaid bills, money on account. */
static void collect_credits(struct pay *p, credit_vec *out)
{
	const struct openitems *oi = p->oi;
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (dec_sgn(&it->open) < 0 && it->commodity == p->eur && it->date <= p->o.date)
			add_credit(out, it->account, it->invoice, it->date, &it->open);
	}
	for (size_t i = 0; i < openitems_unknown_count(oi); i++) {
		const struct openitems_unknown *u = openitems_unknown(oi, i);
		if (dec_sgn(&u->amount) < 0 && u->commodity == p->eur && u->date <= p->o.date)
			add_credit(out, u->account, u->invoice, u->date, &u->amount);
	}
	for (size_t i = 0; i < openitems_unapplied_count(oi); i++) {
		const struct openitems_unapplied *u = openitems_unapplied(oi, i);
		if (dec_sgn(&u->on_account) >= 0 || u->commodity != p->eur)
			continue;
		size_t n;
		const uint32_t *ps = openitems_unapplied_postings(oi, i, &n);
		struct credit *c = VEC_GROW(out);
		c->account = u->account;
		c->date = n ? p->j->txns.v[p->j->postings.v[ps[0]].txn].date : DATE_NONE;
		dec_neg(&c->left, &u->on_account);
		dec_set(&c->total, &c->left);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_credit);
}

static const struct pay *sort_p;

/* Rows to pay: vendor, execution date, due, date, number. */
static int cmp_pay_rows(const void *a, const void *b)
{
	const struct pay_row *x = &sort_p->rows.v[*(const uint32_t *)a];
	const struct pay_row *y = &sort_p->rows.v[*(const uint32_t *)b];
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->execution != y->execution)
		return x->execution < y->execution ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->invoice, y->invoice);
}

/* A row for the part `used` of credit c, settled in transaction g. */
static uint32_t credit_row(struct pay *p, const struct credit *c, const struct dec *used,
			   clerk_date execution)
{
	struct pay_row *r = VEC_GROW(&p->rows);
	uint32_t party = openitems_party_of(p->oi, c->account);
	r->account = c->account;
	r->commodity = p->eur;
	r->party = openitems_party(p->oi, party)->name;
	r->invoice = c->number;
	r->date = c->date;
	r->due = DATE_NONE;
	r->execution = execution;
	r->credit = true;
	r->decision = PAY_CREDIT_NETTED;
	dec_init(&r->open);
	dec_init(&r->discount);
	dec_init(&r->pay);
	dec_neg(&r->open, &c->total);
	dec_neg(&r->pay, used);
	r->reason = c->number ? "credit: the vendor's credit note, netted"
			      : "credit: the vendor's money on account, netted";
	return (uint32_t)(p->rows.n - 1);
}

static struct group *group_for(struct pay *p, uint32_t vendor, clerk_date execution)
{
	struct group *g = p->groups.n ? &p->groups.v[p->groups.n - 1] : NULL;
	if (g && g->vendor == vendor && g->execution == execution)
		return g;
	g = VEC_GROW(&p->groups);
	g->vendor = vendor;
	g->execution = execution;
	dec_init(&g->money);
	dec_init(&g->discount);
	return g;
}

/*
 * The transactions: the bills to pay by vendor and execution date, each
 * vendor's credits used oldest first against its bills in that order.
 */
static void build_groups(struct pay *p)
{
	credit_vec credits = VEC_INIT;
	u32_vec order = VEC_INIT;
	struct dec need = DEC_INIT, use = DEC_INIT;
	size_t ci = 0;
	collect_credits(p, &credits);
	for (size_t i = 0; i < p->rows.n; i++)
		if (p->rows.v[i].decision == PAY_PAY)
			VEC_PUSH(&order, (uint32_t)i);
	sort_p = p;
	if (order.n > 1)
		qsort(order.v, order.n, sizeof(*order.v), cmp_pay_rows);
	sort_p = NULL;
	for (size_t k = 0; k < order.n; k++) {
		uint32_t ri = order.v[k];
		uint32_t vendor = p->rows.v[ri].account;
		clerk_date exec = p->rows.v[ri].execution;
		struct group *g = group_for(p, vendor, exec);
		VEC_PUSH(&g->bills, ri);
		dec_add(&g->discount, &g->discount, &p->rows.v[ri].discount);
		dec_set(&need, &p->rows.v[ri].pay);
		while (ci < credits.n && credits.v[ci].account < vendor)
			ci++;
		for (size_t c = ci; c < credits.n && credits.v[c].account == vendor && dec_sgn(&need) > 0;
		     c++) {
			struct credit *cr = &credits.v[c];
			if (dec_sgn(&cr->left) <= 0)
				continue;
			dec_set(&use, dec_cmp(&cr->left, &need) < 0 ? &cr->left : &need);
			dec_sub(&cr->left, &cr->left, &use);
			dec_sub(&need, &need, &use);
			uint32_t row = credit_row(p, cr, &use, exec);
			g = &p->groups.v[p->groups.n - 1]; /* rows moved: the group did not */
			VEC_PUSH(&g->credits, row);
		}
		dec_add(&g->money, &g->money, &need);
	}
	/* a bill fully covered by credits is settled by netting, not paid */
	for (size_t k = 0; k < p->groups.n; k++) {
		const struct group *g = &p->groups.v[k];
		if (!dec_is_zero(&g->money))
			continue;
		for (size_t b = 0; b < g->bills.n; b++) {
			p->rows.v[g->bills.v[b]].decision = PAY_CREDIT_NETTED;
			p->rows.v[g->bills.v[b]].reason = "credit: settled by the vendor's credits, nothing to "
							  "transfer";
		}
	}
	for (size_t c = 0; c < credits.n; c++) {
		dec_clear(&credits.v[c].left);
		dec_clear(&credits.v[c].total);
	}
	VEC_FREE(&credits);
	VEC_FREE(&order);
	dec_clear(&need);
	dec_clear(&use);
}

static const struct journal *sort_j;
static const struct group *sort_groups;

/* Transactions in the order they are written: execution date, vendor account name. */
static int cmp_groups(const void *a, const void *b)
{
	const struct group *x = &sort_groups[*(const uint32_t *)a];
	const struct group *y = &sort_groups[*(const uint32_t *)b];
	if (x->execution != y->execution)
		return x->execution < y->execution ? -1 : 1;
	int c = strcmp(journal_account_name(sort_j, x->vendor), journal_account_name(sort_j, y->vendor));
	if (c)
		return c;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* The remittance of transfer g: the bill's reference alone, else its numbers (and the credits'). */
static void remittance_of(struct pay *p, struct group *g)
{
	const struct pay_row *b0 = &p->rows.v[g->bills.v[0]];
	if (g->bills.n == 1 && !g->credits.n) {
		size_t idx;
		if (!openitems_find(&idx, p->oi, b0->account, b0->commodity, b0->invoice)) {
			const char *ref = openitems_item(p->oi, idx)->ref;
			struct strbuf sb = STRBUF_INIT;
			if (ref && rf_valid(ref))
				refs_normalize(&sb, ref);
			else if (ref)
				strbuf_addstr(&sb, ref);
			/* a SEPA identifier: its SEPA text is itself, no blank, no '/' at an end, no "//" */
			struct strbuf t = STRBUF_INIT;
			pain_sepa_text(&t, sb.buf, PAIN_MAX_ID);
			if (sb.len && !strcmp(t.buf, sb.buf) && !strchr(sb.buf, ' ') && sb.buf[0] != '/' &&
			    sb.buf[sb.len - 1] != '/' && !strstr(sb.buf, "//"))
				g->cref = pstr(p, sb.buf);
			strbuf_release(&t);
			strbuf_release(&sb);
			if (g->cref)
				return;
		}
	}
	struct strbuf all = STRBUF_INIT, s = STRBUF_INIT, tv = STRBUF_INIT;
	size_t shown = 0, total = g->bills.n;
	for (size_t k = 0; k < g->bills.n + g->credits.n; k++) {
		bool credit = k >= g->bills.n;
		const struct pay_row *r = &p->rows.v[credit ? g->credits.v[k - g->bills.n] : g->bills.v[k]];
		if (credit && !r->invoice)
			continue;
		strbuf_reset(&s);
		pain_sepa_text(&s, r->invoice, PAIN_MAX_USTRD);
		const char *sep = !k ? "" : credit && k == g->bills.n ? " less " : ", ";
		/* keep room for " and N more" */
		if (all.len + strlen(sep) + s.len + 16 > PAIN_MAX_USTRD && k + 1 < g->bills.n + g->credits.n)
			break;
		if (all.len + strlen(sep) + s.len > PAIN_MAX_USTRD)
			break;
		strbuf_addstr(&all, sep);
		strbuf_addstr(&all, s.buf);
		shown += !credit;
	}
	if (shown < total)
		strbuf_addf(&all, " and %zu more", total - shown);
	add_tag_value(&tv, all.buf);
	g->ustrd_tag = tv.len ? pstr(p, tv.buf) : NULL;
	strbuf_release(&all);
	strbuf_release(&s);
	strbuf_release(&tv);
}

/* Numbers the transfers in order and gives each its end-to-end id and remittance. */
static void number_transfers(struct pay *p)
{
	uint32_t *order = xmalloc(st_mult(p->groups.n ? p->groups.n : 1, sizeof(*order)));
	VEC(struct group) sorted = VEC_INIT;
	int y, m, d;
	unsigned seq = 0;
	for (size_t i = 0; i < p->groups.n; i++)
		order[i] = (uint32_t)i;
	sort_j = p->j;
	sort_groups = p->groups.v;
	if (p->groups.n > 1)
		qsort(order, p->groups.n, sizeof(*order), cmp_groups);
	sort_j = NULL;
	sort_groups = NULL;
	VEC_RESERVE(&sorted, p->groups.n);
	for (size_t i = 0; i < p->groups.n; i++)
		sorted.v[sorted.n++] = p->groups.v[order[i]];
	VEC_FREE(&p->groups);
	p->groups.v = sorted.v;
	p->groups.n = sorted.n;
	p->groups.alloc = sorted.alloc;
	free(order);
	date_to_ymd(p->o.date, &y, &m, &d);
	for (size_t i = 0; i < p->groups.n; i++) {
		struct group *g = &p->groups.v[i];
		if (dec_is_zero(&g->money))
			continue;
		g->end_to_end = pfmt(p, "CLK%04d%02d%02d-%u-%04u", y, m, d, p->run_k, ++seq);
		remittance_of(p, g);
		dec_add(&p->total, &p->total, &g->money);
		p->ntransfers++;
		for (size_t k = 0; k < g->bills.n; k++)
			p->rows.v[g->bills.v[k]].end_to_end = g->end_to_end;
		for (size_t k = 0; k < g->credits.n; k++)
			p->rows.v[g->credits.v[k]].end_to_end = g->end_to_end;
	}
}

/* ------------------------------------------------------------------ */
/* the journal text */

static void amount(struct pay *p, struct strbuf *t, const struct dec *v)
{
	amount_format_scale(t, &p->j->commodities, p->eur, v, 2);
}

static void posting_head(struct pay *p, struct strbuf *t, uint32_t account, const struct dec *v)
{
	strbuf_addf(t, "    %s  ", journal_account_name(p->j, account));
	amount(p, t, v);
}

static void write_group(struct pay *p, const struct group *g)
{
	struct strbuf *t = &p->text;
	const struct vendor *v = vendor_of(p, g->vendor);
	struct dec neg = DEC_INIT;
	struct strbuf items = STRBUF_INIT;
	const char *sep;
	date_append(t, p->o.date);
	strbuf_addstr(t, " * ");
	if (g->end_to_end)
		strbuf_addf(t, "(%s) ", g->end_to_end);
	uint32_t party = openitems_party_of(p->oi, g->vendor);
	const char *name = party != NO_ID ? openitems_party(p->oi, party)->name
					  : journal_account_name(p->j, g->vendor);
	for (const char *s = name; *s; s++) /* no ';' (a comment), no '(' first (a code) */
		strbuf_addch(t, *s == ';' ? ',' : *s == '(' && s == name ? '[' : *s);
	strbuf_addf(t, " | payment run %s%s  ; pay-run: %s\n", p->run_id,
		    g->end_to_end ? "" : ", credits netted", p->run_id);
	for (size_t k = 0; k < g->bills.n; k++) {
		const struct pay_row *r = &p->rows.v[g->bills.v[k]];
		posting_head(p, t, r->account, &r->open);
		sep = "  ; ";
		tag(t, &sep, "invoice", r->invoice);
		tag(t, &sep, "end-to-end", g->end_to_end);
		strbuf_addch(t, '\n');
		if (dec_sgn(&r->discount) > 0) {
			strbuf_addstr(&items, items.len ? ";" : "");
			strbuf_addstr(&items, r->invoice);
		}
	}
	for (size_t k = 0; k < g->credits.n; k++) {
		const struct pay_row *r = &p->rows.v[g->credits.v[k]];
		posting_head(p, t, r->account, &r->pay);
		sep = "  ; ";
		tag(t, &sep, "invoice", r->invoice);
		tag(t, &sep, "match", "netted");
		tag(t, &sep, "end-to-end", g->end_to_end);
		strbuf_addch(t, '\n');
	}
	if (dec_sgn(&g->discount) > 0) {
		dec_neg(&neg, &g->discount);
		posting_head(p, t, p->discount, &neg);
		sep = "  ; ";
		tag(t, &sep, "match", "discount");
		tag(t, &sep, "items", items.buf);
		tag(t, &sep, "end-to-end", g->end_to_end);
		strbuf_addch(t, '\n');
	}
	if (g->end_to_end) {
		char day[11];
		dec_neg(&neg, &g->money);
		posting_head(p, t, p->transit, &neg);
		date_format(g->execution, day);
		sep = "  ; ";
		tag(t, &sep, "end-to-end", g->end_to_end);
		tag(t, &sep, "execution-date", day);
		tag(t, &sep, "counterparty", v->name_tag);
		tag(t, &sep, "counterparty-iban", v->iban);
		tag(t, &sep, "counterparty-bic", v->bic);
		tag(t, &sep, "creditor-ref", g->cref);
		tag(t, &sep, "remittance", g->ustrd_tag);
		tag(t, &sep, "debtor-iban", p->bank_iban);
		strbuf_addch(t, '\n');
	}
	strbuf_addch(t, '\n');
	dec_clear(&neg);
	strbuf_release(&items);
}

/* ------------------------------------------------------------------ */
/* rows of bills in transit, and the order of the proposal */

static void transit_rows(struct pay *p)
{
	const struct journal *j = p->j;
	uint32_t inv_id = journal_tag_id(j, "invoice"), e2e_id = journal_tag_id(j, "end-to-end");
	for (size_t t = 0; inv_id != NO_ID && t < pay_transits_count(p->tr); t++) {
		const struct pay_transit *tr = pay_transit_at(p->tr, t);
		if (tr->state != PAY_TRANSIT_OPEN)
			continue;
		const struct txn *x = &j->txns.v[tr->txn];
		for (uint32_t k = 0; k < x->nposting; k++) {
			const struct posting *ps = &j->postings.v[x->first_posting + k];
			const char *inv = journal_posting_tag_id(j, ps, inv_id);
			const char *e2e = journal_posting_tag_id(j, ps, e2e_id);
			size_t idx;
			if (!inv || !e2e || strcmp(e2e, tr->end_to_end) || dec_sgn(&ps->amount) <= 0 ||
			    !journal_is_party(j, ps->account) ||
			    openitems_find(&idx, p->oi, ps->account, ps->commodity, inv))
				continue;
			const struct openitem *it = openitems_item(p->oi, idx);
			if (dec_sgn(&it->open) > 0)
				continue; /* open too: decide() listed it */
			struct pay_row *r = new_row(p, it);
			r->decision = PAY_IN_TRANSIT;
			r->end_to_end = tr->end_to_end;
			r->execution = tr->execution;
			r->reason = pfmt(p, "in-transit: %s of %s, not yet debited by the bank",
					 tr->end_to_end, tr->run);
		}
	}
}

static const struct pay_row *sort_rows;

/* The proposal's order (row indices: the rows are large, indices cheap to move). */
static int cmp_rows(const void *a, const void *b)
{
	const struct pay_row *x = &sort_rows[*(const uint32_t *)a], *y = &sort_rows[*(const uint32_t *)b];
	int c = strcmp(journal_account_name(sort_j, x->account), journal_account_name(sort_j, y->account));
	if (c)
		return c;
	if (x->credit != y->credit)
		return x->credit ? 1 : -1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	c = strcmp(x->invoice ? x->invoice : "", y->invoice ? y->invoice : "");
	if (c)
		return c;
	return strcmp(x->end_to_end ? x->end_to_end : "", y->end_to_end ? y->end_to_end : "");
}

/* ------------------------------------------------------------------ */

int pay_compute(struct pay **out, const struct journal *j, const struct pay_options *o,
		struct diag *d)
{
	struct pay *p = xcalloc(1, sizeof(*p));
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	size_t before = d->nerrors;
	*out = NULL;
	p->j = j;
	p->o = *o;
	p->through = o->through == DATE_NONE ? o->date : o->through;
	strbuf_init(&p->text, 0);
	dec_init(&p->total);
	if (o->date == DATE_NONE || p->through < o->date) {
		account_error(j, d, NO_ID, "the run needs a date, and --through may not be before it");
		goto fail;
	}
	if (setup(p, d))
		goto fail;
	oo.side = OPENITEMS_PAYABLES;
	oo.include_closed = true; /* bills in transit are closed on the vendor's account */
	if (openitems_compute(&p->oi, j, &oo))
		goto fail;
	p->tr = pay_transits_new(j);
	index_in_transit(p);
	decide(p);
	build_groups(p);
	number_transfers(p);
	if (p->ntransfers && (!p->bank_name || !p->bank_iban)) {
		account_error(j, d, p->bank,
			      "the bank account '%s' has no 'name:' tag: the payment file needs the "
			      "debtor's name",
			      journal_account_name(j, p->bank));
		goto fail;
	}
	for (size_t i = 0; i < p->groups.n; i++)
		write_group(p, &p->groups.v[i]);
	transit_rows(p);
	p->order = xmalloc(st_mult(p->rows.n ? p->rows.n : 1, sizeof(*p->order)));
	for (size_t i = 0; i < p->rows.n; i++)
		p->order[i] = (uint32_t)i;
	sort_j = j;
	sort_rows = p->rows.v;
	if (p->rows.n > 1)
		qsort(p->order, p->rows.n, sizeof(*p->order), cmp_rows);
	sort_j = NULL;
	sort_rows = NULL;
	*out = p;
	return 0;
fail:
	pay_free(p);
	return d->nerrors > before ? CLERK_EINVALID : clerk_error_set(CLERK_EINVALID, "payment run failed");
}

void pay_free(struct pay *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->rows.n; i++) {
		dec_clear(&p->rows.v[i].open);
		dec_clear(&p->rows.v[i].discount);
		dec_clear(&p->rows.v[i].pay);
	}
	for (size_t i = 0; i < p->groups.n; i++) {
		dec_clear(&p->groups.v[i].money);
		dec_clear(&p->groups.v[i].discount);
		VEC_FREE(&p->groups.v[i].bills);
		VEC_FREE(&p->groups.v[i].credits);
	}
	VEC_FREE(&p->rows);
	free(p->order);
	VEC_FREE(&p->groups);
	VEC_FREE(&p->in_transit_tr);
	symtab_release(&p->in_transit);
	free(p->vendors);
	openitems_free(p->oi);
	pay_transits_free(p->tr);
	strbuf_release(&p->text);
	dec_clear(&p->total);
	mempool_release(&p->pool);
	free(p);
}

const char *pay_run_id(const struct pay *p)
{
	return p->run_id;
}

uint32_t pay_bank_account(const struct pay *p)
{
	return p->bank;
}

const struct strbuf *pay_text(const struct pay *p)
{
	return &p->text;
}

size_t pay_transfer_count(const struct pay *p, struct dec *total)
{
	if (total)
		dec_set(total, &p->total);
	return p->ntransfers;
}

size_t pay_exceptions(const struct pay *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->rows.n; i++) {
		uint8_t dd = p->rows.v[i].decision;
		n += dd == PAY_HELD || dd == PAY_NOT_SEPA || dd == PAY_DISPUTED || dd == PAY_NOT_APPROVED;
	}
	return n;
}

size_t pay_row_count(const struct pay *p)
{
	return p->rows.n;
}

const struct pay_row *pay_row(const struct pay *p, size_t i)
{
	return &p->rows.v[p->order[i]];
}

/* ------------------------------------------------------------------ */
/* the proposal */

void pay_proposal_csv(const struct pay *p, struct strbuf *out)
{
	const struct journal *j = p->j;
	strbuf_addstr(out, PAY_PROPOSAL_HEADER);
	for (size_t i = 0; i < p->rows.n; i++) {
		const struct pay_row *r = pay_row(p, i);
		int32_t e = exponent_of(j, r->commodity);
		strbuf_addcsv(out, r->party);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, journal_account_name(j, r->account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, r->invoice ? r->invoice : "");
		strbuf_addch(out, ',');
		date_append(out, r->due);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r->commodity));
		strbuf_addch(out, ',');
		dec_format_plain(out, &r->open, e);
		strbuf_addch(out, ',');
		dec_format_plain(out, &r->discount, e);
		strbuf_addch(out, ',');
		dec_format_plain(out, &r->pay, e);
		strbuf_addf(out, ",%s,%s,", r->end_to_end ? r->end_to_end : "",
			    pay_decision_name(r->decision));
		strbuf_addcsv(out, r->reason ? r->reason : "");
		strbuf_addch(out, ',');
		date_append(out, r->execution);
		strbuf_addch(out, '\n');
	}
}

enum { T_VENDOR, T_BILL, T_DUE, T_OPEN, T_DISCOUNT, T_PAY, T_DECISION, T_REASON, T_NCOL };

/* The cells of row r (or the headings when r is NULL) in cell[]. */
static void text_cells(const struct pay *p, const struct pay_row *r, struct strbuf *cell)
{
	static const char *const head[T_NCOL] = { "Vendor", "Bill", "Due", "Open",
						  "Discount", "Pay", "Decision", "Reason" };
	for (int k = 0; k < T_NCOL; k++)
		strbuf_reset(&cell[k]);
	if (!r) {
		for (int k = 0; k < T_NCOL; k++)
			strbuf_addstr(&cell[k], head[k]);
		return;
	}
	strbuf_addstr(&cell[T_VENDOR], r->party);
	strbuf_addstr(&cell[T_BILL], r->invoice ? r->invoice : "(on account)");
	date_append(&cell[T_DUE], r->due);
	render_number(&cell[T_OPEN], p->j, r->commodity, &r->open);
	strbuf_addch(&cell[T_OPEN], ' ');
	strbuf_addstr(&cell[T_OPEN], commodity_symbol(&p->j->commodities, r->commodity));
	if (!dec_is_zero(&r->discount))
		render_number(&cell[T_DISCOUNT], p->j, r->commodity, &r->discount);
	if (!dec_is_zero(&r->pay))
		render_number(&cell[T_PAY], p->j, r->commodity, &r->pay);
	strbuf_addstr(&cell[T_DECISION], pay_decision_name(r->decision));
	strbuf_addstr(&cell[T_REASON], r->reason ? r->reason : "");
}

void pay_proposal_text(const struct pay *p, struct strbuf *out)
{
	static const bool right[T_NCOL] = { false, false, false, true, true, true, false, false };
	struct strbuf cell[T_NCOL];
	const char *cells[T_NCOL];
	size_t w[T_NCOL] = { 0 };
	for (int k = 0; k < T_NCOL; k++) {
		strbuf_init(&cell[k], 0);
		cells[k] = NULL;
	}
	if (p->text.len) {
		strbuf_addf(out, "payment run %s from %s\n", p->run_id, journal_account_name(p->j, p->bank));
	} else {
		strbuf_addstr(out, "payment proposal of ");
		date_append(out, p->o.date);
		strbuf_addf(out, " from %s: nothing new to post\n", journal_account_name(p->j, p->bank));
	}
	for (int pass = 0; pass < 2 && p->rows.n; pass++) {
		for (size_t i = 0; i <= p->rows.n; i++) {
			text_cells(p, i ? pay_row(p, i - 1) : NULL, cell);
			for (int k = 0; k < T_NCOL; k++)
				cells[k] = cell[k].buf;
			if (!pass)
				render_widen(w, cells, T_NCOL);
			else
				render_row(out, cells, w, right, T_NCOL);
		}
	}
	if (!p->rows.n)
		strbuf_addstr(out, "no open bills\n");
	strbuf_reset(&cell[0]);
	dec_format(&cell[0], &p->total, 2, '.', ',');
	strbuf_addf(out, "%zu transfer%s, %s EUR", p->ntransfers, p->ntransfers == 1 ? "" : "s",
		    cell[0].buf);
	size_t shown = 0;
	clerk_date last = DATE_NONE;
	for (size_t i = 0; i < p->groups.n; i++) {
		const struct group *g = &p->groups.v[i];
		if (!g->end_to_end || g->execution == last)
			continue;
		last = g->execution;
		size_t count = 0;
		for (size_t k = i; k < p->groups.n && p->groups.v[k].execution == g->execution; k++)
			count += p->groups.v[k].end_to_end != NULL;
		if (!count)
			continue;
		strbuf_addstr(out, shown++ ? ", " : "; executed ");
		date_append(out, g->execution);
		strbuf_addf(out, " (%zu)", count);
	}
	strbuf_addch(out, '\n');
	for (int k = 0; k < T_NCOL; k++)
		strbuf_release(&cell[k]);
}

/* ------------------------------------------------------------------ */
/* pain.001 of a run: from the computed run or from the books */

/* A transfer as the books record it: the tag values of its transit posting. */
struct recorded {
	const char *end_to_end, *name_tag, *iban, *bic, *cref, *ustrd_tag;
	clerk_date execution;
	struct dec amount;
};

/* The pain message of a run: its SEPA texts from the tag values (the same in both ways). */
static int message_pain(const char *run_id, const char *debtor_iban, const char *debtor_name_tag,
			const char *debtor_bic, const struct recorded *rec, size_t n,
			enum pain_version v, struct strbuf *out)
{
	struct pain_transfer *tx = xcalloc(n ? n : 1, sizeof(*tx));
	struct strbuf *texts = xcalloc(2 * (n ? n : 1) + 1, sizeof(*texts));
	struct pain_message m = { run_id, DATE_NONE, NULL, debtor_iban, debtor_bic, tx, n };
	clerk_date d;
	unsigned k;
	if (pay_run_id_parse(run_id, &d, &k))
		m.created = d;
	pain_sepa_text(&texts[2 * n], debtor_name_tag, PAIN_MAX_NAME);
	m.debtor_name = texts[2 * n].buf;
	for (size_t i = 0; i < n; i++) {
		tx[i].end_to_end = rec[i].end_to_end;
		tx[i].execution = rec[i].execution;
		tx[i].amount = rec[i].amount; /* borrowed */
		pain_sepa_text(&texts[2 * i], rec[i].name_tag, PAIN_MAX_NAME);
		tx[i].name = texts[2 * i].buf;
		tx[i].iban = rec[i].iban;
		tx[i].bic = rec[i].bic;
		tx[i].creditor_ref = rec[i].cref;
		if (rec[i].ustrd_tag) {
			pain_sepa_text(&texts[2 * i + 1], rec[i].ustrd_tag, PAIN_MAX_USTRD);
			tx[i].remittance = texts[2 * i + 1].buf;
		}
	}
	int error = pain001_write(out, &m, v);
	for (size_t i = 0; i < 2 * n + 1; i++)
		strbuf_release(&texts[i]);
	free(texts);
	free(tx);
	return error;
}

int pay_pain(const struct pay *p, enum pain_version v, struct strbuf *out)
{
	if (!p->ntransfers)
		return clerk_error_set(CLERK_ENOTFOUND, "the run %s makes no transfer", p->run_id);
	struct recorded *rec = xcalloc(p->ntransfers, sizeof(*rec));
	size_t n = 0;
	for (size_t i = 0; i < p->groups.n; i++) {
		const struct group *g = &p->groups.v[i];
		if (!g->end_to_end)
			continue;
		const struct vendor *vd = &p->vendors[g->vendor];
		rec[n] = (struct recorded){ g->end_to_end, vd->name_tag, vd->iban, vd->bic, g->cref,
					    g->ustrd_tag, g->execution, g->money };
		n++;
	}
	int error = message_pain(p->run_id, p->bank_iban, journal_account_tag(p->j, p->bank, "name"),
				 p->bank_bic, rec, n, v, out);
	free(rec);
	return error;
}

/* The bank account whose IBAN is iban (normalised), or NO_ID. */
static uint32_t bank_by_iban(const struct journal *j, const char *iban)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t r = NO_ID;
	for (size_t a = 0; iban && a < j->accounts.n && r == NO_ID; a++) {
		const char *v;
		if (j->accounts.v[a].role != ROLE_BANK || !(v = journal_account_tag(j, (uint32_t)a, "iban")))
			continue;
		strbuf_reset(&sb);
		refs_normalize(&sb, v);
		if (!strcmp(sb.buf, iban))
			r = (uint32_t)a;
	}
	strbuf_release(&sb);
	return r;
}

int pay_run_pain(const struct journal *j, const char *run_id, enum pain_version v,
		 struct strbuf *out)
{
	struct pay_transits *t = pay_transits_new(j);
	const size_t *idx;
	size_t n = pay_transits_group(t, run_id, &idx);
	int error = 0;
	struct recorded *rec = NULL;
	uint32_t ids[6] = {
		journal_tag_id(j, "counterparty"), journal_tag_id(j, "counterparty-iban"),
		journal_tag_id(j, "counterparty-bic"), journal_tag_id(j, "creditor-ref"),
		journal_tag_id(j, "remittance"), NO_ID,
	};
	if (!n) {
		error = clerk_error_set(CLERK_ENOTFOUND, "the books hold no transfer of the payment run "
							 "'%s'",
					run_id);
		goto out;
	}
	rec = xcalloc(n, sizeof(*rec));
	for (size_t i = 0; i < n; i++) {
		const struct pay_transit *tr = pay_transit_at(t, idx[i]);
		const struct txn *x = &j->txns.v[tr->txn];
		const struct posting *ps = NULL;
		for (uint32_t k = 0; k < x->nposting && !ps; k++) {
			const struct posting *q = &j->postings.v[x->first_posting + k];
			if (q->account == tr->account && dec_sgn(&q->amount) < 0)
				ps = q;
		}
		const char *val[6] = { NULL };
		for (size_t k = 0; ps && k < 5; k++)
			val[k] = ids[k] != NO_ID ? journal_posting_tag_id(j, ps, ids[k]) : NULL;
		rec[i] = (struct recorded){ tr->end_to_end, val[0], val[1], val[2], val[3], val[4],
					    tr->execution, tr->amount };
	}
	/* in the order they were sent: execution date, then as written */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && rec[k].execution < rec[k - 1].execution; k--) {
			struct recorded tmp = rec[k];
			rec[k] = rec[k - 1];
			rec[k - 1] = tmp;
		}
	const char *iban = pay_transit_at(t, idx[0])->debtor_iban;
	uint32_t bank = bank_by_iban(j, iban);
	if (bank == NO_ID) {
		error = clerk_error_set(CLERK_EINVALID, "the books have no bank account with the IBAN "
							"'%s' that the run %s paid from",
					iban ? iban : "", run_id);
		goto out;
	}
	const char *bic = journal_account_tag(j, bank, "bic");
	error = message_pain(run_id, iban, journal_account_tag(j, bank, "name"),
			     bic && pain_bic_valid(bic) ? bic : NULL, rec, n, v, out);
out:
	free(rec);
	pay_transits_free(t);
	return error;
}

/*
 * invoice.c - invoices and credit notes from billing lines (formats/invoice.md).
 */
#include "compat.h"
#include "invoice.h"
#include "documents.h"
#include "lang.h"
#include "amount.h"
#include "currency.h"
#include "error.h"
#include "refs.h"
#include "terms.h"
#include "util/symtab.h"

/* A series: a prefix and the highest number the books have with it. */
struct series {
	const char *prefix;   /* NULL when the books set none */
	uint64_t last;        /* the highest number after the prefix (0: none yet) */
	int width;            /* its digits (zero padded), 4 when none yet */
	clerk_date last_date; /* the date of the document with that number */
	char last_number[64];
};

/* A VAT account of the policy: `role: vat-output`, with `vat-rate:` or not. */
struct vat_account {
	uint32_t account;
	struct dec rate;
	bool has_rate;
};

struct invoicer {
	const struct journal *j;
	uint32_t receivable; /* the receivable control account (role declared there) */
	struct series inv, cn; /* cn.prefix NULL: credit notes continue the invoice series */
	VEC(struct vat_account) vat_accounts;
	struct symtab keys;    /* key -> document index */
	VEC(struct invoice_doc) docs;
	VEC(const struct billing *) files;
	struct strbuf text;
	struct mempool pool;
};

/* ------------------------------------------------------------------ */
/* small helpers */

static const char *party_short(const struct journal *j, uint32_t acc)
{
	const char *name = journal_account_name(j, acc);
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static bool rate_eq(const struct dec *a, const struct dec *b)
{
	return dec_cmp(a, b) == 0;
}

/* Appends v in the books' style of the currency (plain with the code when not declared). */
static void fmt_amount(const struct invoicer *iv, struct strbuf *sb, const char *cur, int32_t exp,
		       const struct dec *v)
{
	uint32_t com = symtab_find(&iv->j->commodities.names, cur, strlen(cur));
	if (com == UINT32_MAX) {
		dec_format_plain(sb, v, exp);
		strbuf_addf(sb, " %s", cur);
		return;
	}
	amount_format_scale(sb, &iv->j->commodities, com, v, exp);
}

/* Appends s for a journal description: control characters to spaces, ';' to ',', cut at max bytes. */
static void add_clean(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--; /* never cut a UTF-8 character in two */
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		else if (c == ';')
			c = ',';
		strbuf_addch(sb, c);
	}
}

/* ------------------------------------------------------------------ */
/* the books' policy */

/* Reads `vat-rate:` as a plain number; false when it is not one. */
static bool read_rate(const char *s, struct dec *out)
{
	const char *dot = NULL;
	char digits[32];
	size_t nd = 0;
	if (!*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && !dot) {
			dot = p;
			continue;
		}
		if (*p < '0' || *p > '9' || nd >= sizeof(digits))
			return false;
		digits[nd++] = *p;
	}
	int32_t scale = dot ? (int32_t)strlen(dot + 1) : 0;
	return nd && !dec_from_digits(out, digits, nd, scale, false);
}

static void load_vat_accounts(struct invoicer *iv)
{
	const struct journal *j = iv->j;
	for (size_t i = 0; i < j->accounts.n; i++) {
		if (j->accounts.v[i].role != ROLE_VAT_OUTPUT || !j->accounts.v[i].declared)
			continue;
		struct vat_account *va = VEC_GROW(&iv->vat_accounts);
		va->account = (uint32_t)i;
		dec_init(&va->rate);
		const char *r = journal_account_tag(j, (uint32_t)i, "vat-rate");
		va->has_rate = r && read_rate(r, &va->rate);
	}
}

/* The vat-output account for rate: tagged with it, else the one without a rate; or NO_ID. */
static uint32_t vat_account_for(const struct invoicer *iv, const struct dec *rate)
{
	uint32_t plain = NO_ID;
	size_t nplain = 0;
	for (size_t i = 0; i < iv->vat_accounts.n; i++) {
		const struct vat_account *va = &iv->vat_accounts.v[i];
		if (va->has_rate && rate_eq(&va->rate, rate))
			return va->account;
		if (!va->has_rate) {
			plain = va->account;
			nplain++;
		}
	}
	return nplain == 1 ? plain : NO_ID;
}

/* The revenue account of a customer: its `income:` tag, else the one `role: income` account. */
static uint32_t income_account(const struct invoicer *iv, uint32_t party, const char **why)
{
	const struct journal *j = iv->j;
	const char *tag = journal_account_tag(j, party, "income");
	if (tag) {
		uint32_t a = journal_find_account(j, tag);
		if (a == NO_ID || !j->accounts.v[a].declared) {
			*why = "its 'income:' tag names an account the books do not declare";
			return NO_ID;
		}
		return a;
	}
	uint32_t found = NO_ID;
	for (size_t i = 0; i < j->accounts.n; i++)
		if (j->accounts.v[i].own_role == ROLE_INCOME) {
			if (found != NO_ID) {
				*why = "it has no 'income:' tag and several accounts have 'role: income'";
				return NO_ID;
			}
			found = (uint32_t)i;
		}
	if (found == NO_ID)
		*why = "it has no 'income:' tag and no account has 'role: income'";
	return found;
}

/*
 * The number after prefix in s when s is prefix + digits only (at most 18),
 * with its width; false otherwise.
 */
static bool series_number(const char *prefix, const char *s, uint64_t *n, int *width)
{
	size_t pl = strlen(prefix);
	if (strncmp(s, prefix, pl))
		return false;
	s += pl;
	size_t len = strlen(s);
	if (!len || len > 18)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*n = v;
	*width = (int)len;
	return true;
}

static void series_see(struct series *s, const char *number, clerk_date date)
{
	uint64_t n;
	int w;
	if (!s->prefix || !number || !series_number(s->prefix, number, &n, &w))
		return;
	if (n > s->last || (n == s->last && w > s->width)) {
		s->last = n;
		s->width = w;
		s->last_date = date;
		snprintf(s->last_number, sizeof(s->last_number), "%s", number);
	}
}

/*
 * The highest numbers of the series in the books: `invoice:` on postings
 * that open an item on a customer (a debit), `credit-note:` on any posting.
 */
static void scan_series(struct invoicer *iv)
{
	const struct journal *j = iv->j;
	uint32_t inv_id = journal_tag_id(j, "invoice"), cn_id = journal_tag_id(j, "credit-note");
	struct series *cn = iv->cn.prefix ? &iv->cn : &iv->inv;
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (j->accounts.v[p->account].role != ROLE_RECEIVABLE || !journal_is_party(j, p->account))
			continue;
		clerk_date date = j->txns.v[p->txn].date;
		if (inv_id != NO_ID && dec_sgn(&p->amount) > 0)
			series_see(&iv->inv, journal_posting_tag_id(j, p, inv_id), date);
		if (cn_id != NO_ID)
			series_see(cn, journal_posting_tag_id(j, p, cn_id), date);
	}
}

struct invoicer *invoicer_new(const struct journal *j)
{
	struct invoicer *iv = xcalloc(1, sizeof(*iv));
	iv->j = j;
	strbuf_init(&iv->text, 0);
	iv->receivable = journal_find_role(j, ROLE_RECEIVABLE);
	iv->inv.width = iv->cn.width = 4;
	iv->inv.last_date = iv->cn.last_date = DATE_NONE;
	if (iv->receivable != NO_ID) {
		iv->inv.prefix = journal_account_tag(j, iv->receivable, "invoice-series");
		iv->cn.prefix = journal_account_tag(j, iv->receivable, "credit-note-series");
	}
	load_vat_accounts(iv);
	return iv;
}

static void doc_release(struct invoice_doc *doc)
{
	for (size_t k = 0; k < doc->lines.n; k++)
		dec_clear(&doc->lines.v[k].net);
	for (size_t k = 0; k < doc->vat.n; k++) {
		dec_clear(&doc->vat.v[k].rate);
		dec_clear(&doc->vat.v[k].taxable);
		dec_clear(&doc->vat.v[k].tax);
	}
	VEC_FREE(&doc->lines);
	VEC_FREE(&doc->vat);
	dec_clear(&doc->net);
	dec_clear(&doc->tax);
	dec_clear(&doc->total);
	free(doc->documents);
}

void invoicer_free(struct invoicer *iv)
{
	if (!iv)
		return;
	for (size_t i = 0; i < iv->docs.n; i++)
		doc_release(&iv->docs.v[i]);
	VEC_FREE(&iv->docs);
	for (size_t i = 0; i < iv->vat_accounts.n; i++)
		dec_clear(&iv->vat_accounts.v[i].rate);
	VEC_FREE(&iv->vat_accounts);
	VEC_FREE(&iv->files);
	symtab_release(&iv->keys);
	strbuf_release(&iv->text);
	mempool_release(&iv->pool);
	free(iv);
}

/* ------------------------------------------------------------------ */
/* taking the lines */

/* Whether the customer named on l is a party account below `role: receivable`. */
static uint32_t customer_account(const struct invoicer *iv, const struct billing_line *l)
{
	const struct journal *j = iv->j;
	uint32_t a = journal_find_account(j, l->customer);
	if (a == NO_ID || !j->accounts.v[a].declared || j->accounts.v[a].role != ROLE_RECEIVABLE ||
	    !journal_is_party(j, a))
		return NO_ID;
	return a;
}

/* Checks line l against the first line of its document; errors at the field that differs. */
static size_t same_as_first(const struct billing *b, struct diag *d, const struct invoice_doc *doc,
			    const struct billing_line *l)
{
	const struct invoice_line *f = &doc->lines.v[0];
	const struct billing_line *fl = f->l;
	size_t nerr = 0;
#define DIFF(col, what, a, bb)                                                                  \
	do {                                                                                   \
		billing_error(b, d, l, col,                                                    \
			      "document '%s' mixes " what ": '%s' here, '%s' on line %u of %s", \
			      doc->key, a, bb, fl->line, f->b->name);                          \
		nerr++;                                                                        \
	} while (0)
	if (strcmp(l->customer, fl->customer))
		DIFF(BILLING_CUSTOMER, "customers", l->customer, fl->customer);
	if (strcmp(l->currency, fl->currency))
		DIFF(BILLING_CURRENCY, "currencies", l->currency, fl->currency);
	if (l->issue_date != fl->issue_date) {
		char a[11], c[11];
		date_format(l->issue_date, a);
		date_format(fl->issue_date, c);
		DIFF(BILLING_ISSUE_DATE, "issue dates", a, c);
	}
	const char *ca = l->credits ? l->credits : "", *cb = fl->credits ? fl->credits : "";
	if (strcmp(ca, cb))
		DIFF(BILLING_CREDITS, "credited invoices", ca, cb);
#undef DIFF
	return nerr;
}

/* Whether the books have invoice `number` opened on party in currency; its date in *date. */
static bool find_invoice(const struct journal *j, uint32_t party, const char *cur,
			 const char *number, clerk_date *date)
{
	uint32_t inv_id = journal_tag_id(j, "invoice");
	uint32_t com = symtab_find(&j->commodities.names, cur, strlen(cur));
	if (inv_id == NO_ID || com == UINT32_MAX)
		return false;
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (p->account != party || p->commodity != com || dec_sgn(&p->amount) <= 0)
			continue;
		const char *v = journal_posting_tag_id(j, p, inv_id);
		if (v && !strcmp(v, number)) {
			*date = j->txns.v[p->txn].date;
			return true;
		}
	}
	return false;
}

/* Checks a new document's first line against the books. */
static size_t new_doc(struct invoicer *iv, const struct billing *b, struct diag *d,
		      struct invoice_doc *doc, const struct billing_line *l)
{
	size_t nerr = 0;
	doc->party = customer_account(iv, l);
	if (doc->party == NO_ID) {
		billing_error(b, d, l, BILLING_CUSTOMER,
			      "unknown customer '%s': not a declared account below the 'role: "
			      "receivable' account",
			      l->customer);
		return 1;
	}
	if (l->credits) {
		doc->credit = true;
		doc->credits = l->credits;
		if (!find_invoice(iv->j, doc->party, l->currency, l->credits, &doc->credited_date)) {
			billing_error(b, d, l, BILLING_CREDITS,
				      "the books have no invoice '%s' to '%s' in %s to credit",
				      l->credits, l->customer, l->currency);
			nerr++;
		} else if (l->issue_date < doc->credited_date) {
			char a[11];
			date_format(doc->credited_date, a);
			billing_error(b, d, l, BILLING_ISSUE_DATE,
				      "a credit note dated before the invoice it credits ('%s' of %s)",
				      l->credits, a);
			nerr++;
		}
	}
	return nerr;
}

size_t invoicer_add(struct invoicer *iv, const struct billing *b, struct diag *d)
{
	size_t nerr = 0;
	VEC_PUSH(&iv->files, b);
	for (size_t i = 0; i < b->lines.n; i++) {
		const struct billing_line *l = &b->lines.v[i];
		int is_new;
		uint32_t k = symtab_intern(&iv->keys, l->key, strlen(l->key), &is_new);
		if (is_new) {
			struct invoice_doc *doc = VEC_GROW(&iv->docs);
			doc->key = symtab_name(&iv->keys, k);
			doc->issue = l->issue_date;
			doc->due = DATE_NONE;
			doc->credited_date = DATE_NONE;
			memcpy(doc->currency, l->currency, 4);
			const struct currency *c = currency_find(l->currency);
			doc->exponent = c && c->exponent > 0 ? c->exponent : 0;
			doc->income = NO_ID;
			nerr += new_doc(iv, b, d, doc, l);
		} else {
			nerr += same_as_first(b, d, &iv->docs.v[k], l);
		}
		struct invoice_line *il = VEC_GROW(&iv->docs.v[k].lines);
		il->b = b;
		il->l = l;
		dec_init(&il->net);
	}
	return nerr;
}

/* ------------------------------------------------------------------ */
/* sums */

/* out = round(a x b / div, exp), half away from zero. */
static void mul_round(struct dec *out, const struct dec *a, const struct dec *b, int64_t div,
		      int32_t exp)
{
	mpq_t q, r;
	mpq_init(q);
	mpq_init(r);
	dec_get_mpq(q, a);
	dec_get_mpq(r, b);
	mpq_mul(q, q, r);
	if (div != 1) {
		mpq_set_si(r, div, 1);
		mpq_div(q, q, r);
	}
	if (dec_set_mpq(out, q, exp, DEC_ROUND_HALF_UP))
		BUG("rounding to %d decimals failed", exp);
	mpq_clear(q);
	mpq_clear(r);
}

static struct invoice_vat *vat_group(struct invoice_doc *doc, const struct billing_line *l)
{
	for (size_t i = 0; i < doc->vat.n; i++) {
		struct invoice_vat *x = &doc->vat.v[i];
		if (!strcmp(x->category, l->category) && x->has_rate == l->has_rate &&
		    (!l->has_rate || rate_eq(&x->rate, &l->rate)))
			return x;
	}
	struct invoice_vat *x = VEC_GROW(&doc->vat);
	memcpy(x->category, l->category, sizeof(x->category));
	dec_init(&x->rate);
	dec_set(&x->rate, &l->rate);
	x->has_rate = l->has_rate;
	dec_init(&x->taxable);
	dec_set_i64(&x->taxable, 0, doc->exponent);
	dec_init(&x->tax);
	x->account = NO_ID;
	return x;
}

/* EN 16931's sums: line nets, the breakdown per category and rate, the totals. */
static void compute_sums(struct invoice_doc *doc)
{
	dec_init(&doc->net);
	dec_init(&doc->tax);
	dec_init(&doc->total);
	dec_set_i64(&doc->net, 0, doc->exponent);
	dec_set_i64(&doc->tax, 0, doc->exponent);
	struct dec one = DEC_INIT;
	dec_set_i64(&one, 1, 0);
	for (size_t i = 0; i < doc->lines.n; i++) {
		struct invoice_line *il = &doc->lines.v[i];
		mul_round(&il->net, &il->l->quantity, &il->l->unit_price, 1, doc->exponent);
		struct invoice_vat *x = vat_group(doc, il->l);
		dec_add(&x->taxable, &x->taxable, &il->net);
		dec_add(&doc->net, &doc->net, &il->net);
	}
	for (size_t i = 0; i < doc->vat.n; i++) {
		struct invoice_vat *x = &doc->vat.v[i];
		mul_round(&x->tax, &x->taxable, &x->rate, 100, doc->exponent);
		dec_add(&doc->tax, &doc->tax, &x->tax);
	}
	dec_add(&doc->total, &doc->net, &doc->tax);
	dec_clear(&one);
}

/* ------------------------------------------------------------------ */
/* checks that need the sums */

static const struct invoice_line *first_line(const struct invoice_doc *doc)
{
	return &doc->lines.v[0];
}

/*
 * What is left to credit of invoice `number` on party: its amount less the
 * credit notes the books already have against it (postings with
 * `credit-note:` and `invoice:` the number).
 */
static void left_to_credit(const struct journal *j, const struct invoice_doc *doc, struct dec *out,
			   struct dec *amount)
{
	uint32_t inv_id = journal_tag_id(j, "invoice"), cn_id = journal_tag_id(j, "credit-note");
	uint32_t com = symtab_find(&j->commodities.names, doc->currency, strlen(doc->currency));
	dec_set_i64(out, 0, 0);
	dec_set_i64(amount, 0, 0);
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (p->account != doc->party || p->commodity != com)
			continue;
		const char *v = journal_posting_tag_id(j, p, inv_id);
		if (!v || strcmp(v, doc->credits))
			continue;
		if (dec_sgn(&p->amount) > 0)
			dec_add(amount, amount, &p->amount);
		else if (cn_id != NO_ID && journal_posting_tag_id(j, p, cn_id))
			dec_add(out, out, &p->amount);
	}
	dec_add(out, out, amount);
}

static size_t check_credit(struct invoicer *iv, struct diag *d, struct invoice_doc *doc)
{
	const struct invoice_line *f = first_line(doc);
	struct dec left = DEC_INIT, amount = DEC_INIT;
	size_t nerr = 0;
	left_to_credit(iv->j, doc, &left, &amount);
	/* earlier credit notes of this call against the same invoice */
	for (struct invoice_doc *o = iv->docs.v; o < doc; o++)
		if (o->credit && o->party == doc->party && !strcmp(o->currency, doc->currency) &&
		    !strcmp(o->credits, doc->credits))
			dec_sub(&left, &left, &o->total);
	if (dec_cmp(&doc->total, &left) > 0) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
		dec_format_plain(&a, &doc->total, doc->exponent);
		dec_format_plain(&b, &amount, doc->exponent);
		dec_format_plain(&c, &left, doc->exponent);
		billing_error(f->b, d, f->l, BILLING_CREDITS,
			      "credit note '%s' for %s %s is larger than what is left to credit of "
			      "'%s': %s %s of %s %s",
			      doc->key, a.buf, doc->currency, doc->credits, c.buf, doc->currency,
			      b.buf, doc->currency);
		strbuf_release(&a);
		strbuf_release(&b);
		strbuf_release(&c);
		nerr++;
	}
	dec_clear(&left);
	dec_clear(&amount);
	return nerr;
}

/* The document-level rules: sign of the total, O alone, VAT ids, accounts. */
static size_t check_doc(struct invoicer *iv, struct diag *d, struct invoice_doc *doc)
{
	const struct journal *j = iv->j;
	const struct invoice_line *f = first_line(doc);
	size_t nerr = 0;
	if (dec_sgn(&doc->total) <= 0) {
		struct strbuf a = STRBUF_INIT;
		dec_format_plain(&a, &doc->total, doc->exponent);
		billing_error(f->b, d, f->l, BILLING_KEY,
			      dec_sgn(&doc->total)
				      ? "document '%s' totals %s %s: an invoice cannot be negative; "
					"credit an invoice with a credit note ('credits' column)"
				      : "document '%s' totals %s %s: nothing to invoice",
			      doc->key, a.buf, doc->currency);
		strbuf_release(&a);
		nerr++;
	} else if (doc->credit) {
		nerr += check_credit(iv, d, doc);
	}
	const char *why = NULL;
	doc->income = income_account(iv, doc->party, &why);
	if (doc->income == NO_ID) {
		billing_error(f->b, d, f->l, BILLING_CUSTOMER,
			      "no revenue account for '%s': %s", journal_account_name(j, doc->party),
			      why);
		nerr++;
	}
	bool has_o = false, has_other = false;
	for (size_t i = 0; i < doc->lines.n; i++) {
		const struct invoice_line *il = &doc->lines.v[i];
		bool o = !strcmp(il->l->category, "O");
		if ((o && has_other) || (!o && has_o)) {
			billing_error(il->b, d, il->l, BILLING_VAT_CATEGORY,
				      "document '%s' mixes category O (not subject to VAT) with "
				      "other categories (EN 16931 BR-O-11): invoice them apart",
				      doc->key);
			nerr++;
			break;
		}
		has_o |= o;
		has_other |= !o;
	}
	for (size_t i = 0; i < doc->lines.n; i++) {
		const struct invoice_line *il = &doc->lines.v[i];
		bool needs = !strcmp(il->l->category, "AE") || !strcmp(il->l->category, "K");
		if (needs && !journal_account_tag(j, doc->party, "vat")) {
			billing_error(il->b, d, il->l, BILLING_VAT_CATEGORY,
				      "category %s needs the customer's VAT id (EN 16931 BR-%s-02): "
				      "add a 'vat:' tag to '%s'",
				      il->l->category, !strcmp(il->l->category, "K") ? "IC" : "AE",
				      journal_account_name(j, doc->party));
			nerr++;
			break;
		}
	}
	for (size_t i = 0; i < doc->vat.n; i++) {
		struct invoice_vat *x = &doc->vat.v[i];
		if (dec_is_zero(&x->tax))
			continue;
		x->account = vat_account_for(iv, &x->rate);
		if (x->account == NO_ID) {
			struct strbuf r = STRBUF_INIT;
			dec_format_plain(&r, &x->rate, 0);
			for (size_t k = 0; k < doc->lines.n; k++)
				if (!strcmp(doc->lines.v[k].l->category, x->category) &&
				    rate_eq(&doc->lines.v[k].l->rate, &x->rate)) {
					billing_error(doc->lines.v[k].b, d, doc->lines.v[k].l,
						      BILLING_VAT_RATE,
						      "no account for output VAT at %s %%: tag one "
						      "'role: vat-output' account 'vat-rate: %s' (or "
						      "have one without 'vat-rate:')",
						      r.buf, r.buf);
					break;
				}
			strbuf_release(&r);
			nerr++;
		}
	}
	return nerr;
}

/* ------------------------------------------------------------------ */
/* numbers */

/* Gives the documents their numbers; errors for dates before the series' last. */
static size_t number_docs(struct invoicer *iv, struct diag *d)
{
	size_t nerr = 0;
	/* invoices first, each kind in issue date order, then as given (a stable sort by index) */
	size_t n = iv->docs.n;
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t k = order[i], m = i;
		const struct invoice_doc *x = &iv->docs.v[k];
		while (m > 0) {
			const struct invoice_doc *y = &iv->docs.v[order[m - 1]];
			if (y->credit < x->credit || (y->credit == x->credit && y->issue <= x->issue))
				break;
			order[m] = order[m - 1];
			m--;
		}
		order[m] = k;
	}
	for (size_t i = 0; i < n; i++) {
		struct invoice_doc *doc = &iv->docs.v[order[i]];
		struct series *s = doc->credit && iv->cn.prefix ? &iv->cn : &iv->inv;
		if (s->last_date != DATE_NONE && doc->issue < s->last_date) {
			char a[11];
			date_format(s->last_date, a);
			const struct invoice_line *f = first_line(doc);
			billing_error(f->b, d, f->l, BILLING_ISSUE_DATE,
				      "'%s' would be numbered after '%s' of %s: numbers follow the "
				      "issue dates, so the date cannot be earlier",
				      doc->key, s->last_number, a);
			nerr++;
			continue;
		}
		s->last++;
		snprintf(doc->number, sizeof(doc->number), "%s%0*llu", s->prefix, s->width,
			 (unsigned long long)s->last);
		snprintf(s->last_number, sizeof(s->last_number), "%s", doc->number);
		s->last_date = doc->issue;
	}
	/* the documents in number order from here on */
	VEC(struct invoice_doc) sorted = VEC_INIT;
	VEC_RESERVE(&sorted, n);
	for (size_t i = 0; i < n; i++)
		sorted.v[i] = iv->docs.v[order[i]];
	sorted.n = n;
	free(iv->docs.v);
	iv->docs.v = sorted.v;
	iv->docs.alloc = sorted.alloc;
	free(order);
	return nerr;
}

/* ------------------------------------------------------------------ */
/* postings */

static void add_due_and_ref(struct invoicer *iv, struct invoice_doc *doc)
{
	const char *tt = journal_account_tag(iv->j, doc->party, "terms");
	struct terms tm = TERMS_INIT;
	doc->due = doc->issue;
	if (tt && !terms_parse(tt, &tm))
		doc->due = doc->issue + tm.net_days;
	terms_release(&tm);
	char body[32];
	size_t nb = 0;
	for (const char *p = doc->number; *p && nb < 21; p++)
		if (*p >= '0' && *p <= '9')
			body[nb++] = *p;
	body[nb] = '\0';
	struct strbuf rf = STRBUF_INIT;
	if (nb && !rf_make(&rf, body))
		snprintf(doc->ref, sizeof(doc->ref), "%s", rf.buf);
	strbuf_release(&rf);
}

static void posting(struct invoicer *iv, const struct invoice_doc *doc, uint32_t acc,
		    const struct dec *v, bool negate)
{
	struct strbuf *t = &iv->text;
	struct dec x = DEC_INIT;
	if (negate)
		dec_neg(&x, v);
	else
		dec_set(&x, v);
	strbuf_addf(t, "    %s  ", journal_account_name(iv->j, acc));
	fmt_amount(iv, t, doc->currency, doc->exponent, &x);
	dec_clear(&x);
}

static void write_doc(struct invoicer *iv, const struct invoice_doc *doc)
{
	struct strbuf *t = &iv->text;
	date_append(t, doc->issue);
	strbuf_addf(t, " * (%s) ", doc->number);
	add_clean(t, party_short(iv->j, doc->party), 200);
	strbuf_addstr(t, doc->credit ? " | credit note: " : " | invoice: ");
	add_clean(t, doc->lines.v[0].l->description, 200);
	if (doc->lines.n > 1)
		strbuf_addf(t, " and %zu more line%s", doc->lines.n - 1, doc->lines.n > 2 ? "s" : "");
	strbuf_addch(t, '\n');
	if (doc->documents)
		strbuf_addstr(t, doc->documents);
	/* the customer: a debit for an invoice, a credit for a credit note */
	posting(iv, doc, doc->party, &doc->total, doc->credit);
	if (doc->credit) {
		strbuf_addf(t, "  ; invoice: %s, credit-note: %s\n", doc->credits, doc->number);
	} else {
		strbuf_addf(t, "  ; invoice: %s, due: ", doc->number);
		date_append(t, doc->due);
		if (doc->ref[0])
			strbuf_addf(t, ", ref: %s", doc->ref);
		strbuf_addch(t, '\n');
	}
	/* revenue and VAT per category and rate */
	for (size_t i = 0; i < doc->vat.n; i++) {
		const struct invoice_vat *x = &doc->vat.v[i];
		posting(iv, doc, doc->income, &x->taxable, !doc->credit);
		strbuf_addf(t, "  ; vat-category: %s", x->category);
		if (x->has_rate) {
			strbuf_addstr(t, ", vat-percent: ");
			dec_format_plain(t, &x->rate, 0);
		}
		strbuf_addch(t, '\n');
		if (dec_is_zero(&x->tax))
			continue;
		posting(iv, doc, x->account, &x->tax, !doc->credit);
		strbuf_addf(t, "  ; vat-category: %s, vat-percent: ", x->category);
		dec_format_plain(t, &x->rate, 0);
		strbuf_addstr(t, ", vat-base: ");
		dec_format_plain(t, &x->taxable, doc->exponent);
		strbuf_addch(t, '\n');
	}
	strbuf_addch(t, '\n');
}

int invoicer_plan(struct invoicer *iv, struct diag *d)
{
	size_t nerr = 0;
	if (iv->receivable == NO_ID)
		return clerk_error_set(CLERK_EINVALID, "the books have no account with 'role: "
						       "receivable' to invoice from");
	if (!iv->inv.prefix || !*iv->inv.prefix)
		return clerk_error_set(CLERK_EINVALID,
				       "the books set no invoice series: add a tag like "
				       "'invoice-series: INV-2026-' to '%s'",
				       journal_account_name(iv->j, iv->receivable));
	if (iv->cn.prefix && !*iv->cn.prefix)
		iv->cn.prefix = NULL;
	scan_series(iv);
	for (size_t i = 0; i < iv->docs.n; i++) {
		struct invoice_doc *doc = &iv->docs.v[i];
		compute_sums(doc);
		if (doc->party != NO_ID)
			nerr += check_doc(iv, d, doc);
	}
	if (nerr || d->nerrors)
		return CLERK_EINVALID;
	if (number_docs(iv, d))
		return CLERK_EINVALID;
	for (size_t i = 0; i < iv->docs.n; i++)
		if (!iv->docs.v[i].credit)
			add_due_and_ref(iv, &iv->docs.v[i]);
	invoicer_rewrite_text(iv);
	return 0;
}

void invoicer_rewrite_text(struct invoicer *iv)
{
	strbuf_reset(&iv->text);
	for (size_t i = 0; i < iv->docs.n; i++)
		write_doc(iv, &iv->docs.v[i]);
}

void invoicer_add_document(struct invoicer *iv, size_t i, const char *value)
{
	struct invoice_doc *doc = &iv->docs.v[i];
	struct strbuf sb = STRBUF_INIT;
	if (doc->documents)
		strbuf_addstr(&sb, doc->documents);
	strbuf_addf(&sb, "    ; " DOCUMENTS_TAG ": %s\n", value);
	free(doc->documents);
	doc->documents = strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------------ */
/* results */

const struct strbuf *invoicer_text(const struct invoicer *iv)
{
	return &iv->text;
}

const struct invoice_doc *invoicer_docs(const struct invoicer *iv, size_t *n)
{
	*n = iv->docs.n;
	return iv->docs.v;
}

static void add_signed(struct strbuf *out, const struct invoice_doc *doc, const struct dec *v)
{
	struct dec x = DEC_INIT;
	if (doc->credit)
		dec_neg(&x, v);
	else
		dec_set(&x, v);
	dec_format_plain(out, &x, doc->exponent);
	dec_clear(&x);
}

void invoicer_summary_csv(const struct invoicer *iv, struct strbuf *out)
{
	strbuf_addstr(out, "key,invoice,customer,issue_date,due,currency,net,vat,total,ref,credits\n");
	for (size_t i = 0; i < iv->docs.n; i++) {
		const struct invoice_doc *doc = &iv->docs.v[i];
		strbuf_addcsv(out, doc->key);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, doc->number);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, journal_account_name(iv->j, doc->party));
		strbuf_addch(out, ',');
		date_append(out, doc->issue);
		strbuf_addch(out, ',');
		if (!doc->credit)
			date_append(out, doc->due);
		strbuf_addf(out, ",%s,", doc->currency);
		add_signed(out, doc, &doc->net);
		strbuf_addch(out, ',');
		add_signed(out, doc, &doc->tax);
		strbuf_addch(out, ',');
		add_signed(out, doc, &doc->total);
		strbuf_addf(out, ",%s,", doc->ref);
		if (doc->credit)
			strbuf_addcsv(out, doc->credits);
		strbuf_addch(out, '\n');
	}
}

void invoicer_summary_text(const struct invoicer *iv, struct strbuf *out)
{
	for (size_t i = 0; i < iv->docs.n; i++) {
		const struct invoice_doc *doc = &iv->docs.v[i];
		strbuf_addf(out, "%s  ", doc->number);
		date_append(out, doc->issue);
		strbuf_addf(out, "  %s  ", party_short(iv->j, doc->party));
		fmt_amount(iv, out, doc->currency, doc->exponent, &doc->total);
		if (doc->credit) {
			strbuf_addf(out, "  credit note for %s\n", doc->credits);
		} else {
			strbuf_addstr(out, "  due ");
			date_append(out, doc->due);
			if (doc->ref[0])
				strbuf_addf(out, "  %s", doc->ref);
			strbuf_addch(out, '\n');
		}
	}
}

/* ------------------------------------------------------------------ */
/* the EN 16931 model of a document */

#include "einvoice.h"

#define PEPPOL_CUSTOMIZATION \
	"urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#define PEPPOL_PROFILE "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

/* The company's account: the first `role: bank` account with a `name:`, else the first. */
static uint32_t company_account(const struct journal *j)
{
	uint32_t first = NO_ID;
	for (size_t i = 0; i < j->accounts.n; i++)
		if (j->accounts.v[i].own_role == ROLE_BANK) {
			if (journal_account_tag(j, (uint32_t)i, "name"))
				return (uint32_t)i;
			if (first == NO_ID)
				first = (uint32_t)i;
		}
	return first;
}

/* The `address:` lines of account acc, up to max, in order; returns their number. */
static size_t address_lines(const struct journal *j, uint32_t acc, const char **out, size_t max)
{
	uint32_t id = journal_tag_id(j, "address");
	size_t n = 0;
	if (id == NO_ID || acc == NO_ID)
		return 0;
	const struct account *a = &j->accounts.v[acc];
	for (uint32_t i = 0; i < a->ntags && n < max; i++)
		if (j->tags.v[a->tags_start + i].name == id)
			out[n++] = j->tags.v[a->tags_start + i].value;
	return n;
}

/* The country of a party: its `country:` tag, else its VAT id's prefix (EL is GR). */
static const char *party_country(const struct journal *j, uint32_t acc, char buf[3])
{
	const char *c = journal_account_tag(j, acc, "country");
	if (c)
		return c;
	const char *vat = journal_account_tag(j, acc, "vat");
	if (!vat || strlen(vat) < 2 || vat[0] < 'A' || vat[0] > 'Z' || vat[1] < 'A' || vat[1] > 'Z')
		return NULL;
	buf[0] = vat[0];
	buf[1] = vat[1];
	buf[2] = '\0';
	return strcmp(buf, "EL") ? buf : "GR";
}

static void fill_party(struct einvoice *inv, struct einvoice_party *p, const struct journal *j,
		       uint32_t acc)
{
	const char *lines[3] = { NULL, NULL, NULL };
	char cbuf[3];
	if (acc == NO_ID)
		return;
	p->name = einvoice_strdup(inv, journal_account_tag(j, acc, "name"));
	p->vat_id = einvoice_strdup(inv, journal_account_tag(j, acc, "vat"));
	p->legal_id = einvoice_strdup(inv, journal_account_tag(j, acc, "company-id"));
	const char *email = journal_account_tag(j, acc, "email");
	if (email) {
		p->endpoint = einvoice_strdup(inv, email);
		p->endpoint_scheme = "EM";
	}
	address_lines(j, acc, lines, 3);
	p->address.line1 = einvoice_strdup(inv, lines[0]);
	p->address.line2 = einvoice_strdup(inv, lines[1]);
	p->address.line3 = einvoice_strdup(inv, lines[2]);
	p->address.country = einvoice_strdup(inv, party_country(j, acc, cbuf));
}

static void set_amount(struct einvoice_amount *a, const struct dec *v)
{
	dec_set(&a->v, v);
	a->has = true;
}

/* The exemption reason (BT-120) and code (BT-121, VATEX) of a category that charges no VAT. */
static void exemption(const char *cat, const char **reason, const char **code)
{
	static const struct {
		const char *cat, *reason, *code;
	} t[] = {
		{ "E", "Exempt from VAT", NULL },
		{ "AE", "Reverse charge", "VATEX-EU-AE" },
		{ "K", "Intra-Community supply", "VATEX-EU-IC" },
		{ "G", "Export outside the EU", "VATEX-EU-G" },
		{ "O", "Not subject to VAT", "VATEX-EU-O" },
	};
	*reason = *code = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcmp(cat, t[i].cat)) {
			*reason = t[i].reason;
			*code = t[i].code;
		}
}

static void fill_lines(struct einvoice *inv, const struct invoice_doc *doc)
{
	for (size_t i = 0; i < doc->lines.n; i++) {
		const struct billing_line *bl = doc->lines.v[i].l;
		struct einvoice_line *l = VEC_GROW(&inv->lines);
		char id[24];
		snprintf(id, sizeof(id), "%zu", i + 1);
		l->id = einvoice_strdup(inv, id);
		dec_set(&l->quantity, &bl->quantity);
		l->has_quantity = true;
		l->unit = "C62";
		dec_set(&l->net_amount, &doc->lines.v[i].net);
		l->has_net_amount = true;
		dec_set(&l->net_price, &bl->unit_price);
		l->has_net_price = true;
		l->period_start = l->period_end = DATE_NONE;
		memcpy(l->category, bl->category, sizeof(bl->category));
		if (bl->has_rate)
			set_amount(&l->rate, &bl->rate);
		l->name = einvoice_strdup(inv, bl->description);
	}
}

static void fill_vat(struct einvoice *inv, const struct invoice_doc *doc)
{
	for (size_t i = 0; i < doc->vat.n; i++) {
		const struct invoice_vat *x = &doc->vat.v[i];
		struct einvoice_vat *v = VEC_GROW(&inv->vat);
		memcpy(v->category, x->category, sizeof(x->category));
		if (x->has_rate)
			set_amount(&v->rate, &x->rate);
		dec_set(&v->taxable, &x->taxable);
		dec_set(&v->tax, &x->tax);
		v->has_taxable = v->has_tax = true;
		exemption(x->category, &v->exemption_reason, &v->exemption_code);
	}
}

void invoicer_einvoice(const struct invoicer *iv, size_t i, struct einvoice **out)
{
	const struct journal *j = iv->j;
	const struct invoice_doc *doc = &iv->docs.v[i];
	struct einvoice *inv = einvoice_new();
	uint32_t company = company_account(j);
	inv->syntax = doc->credit ? EINVOICE_UBL_CREDIT_NOTE : EINVOICE_UBL_INVOICE;
	inv->customization = PEPPOL_CUSTOMIZATION;
	inv->profile = PEPPOL_PROFILE;
	inv->number = einvoice_strdup(inv, doc->number);
	inv->issue_date = doc->issue;
	inv->type_code = doc->credit ? "381" : "380";
	memcpy(inv->currency, doc->currency, 4);
	inv->buyer_reference = inv->number;
	if (doc->credit) {
		struct einvoice_ref *r = VEC_GROW(&inv->preceding);
		r->number = einvoice_strdup(inv, doc->credits);
		r->date = doc->credited_date;
	} else {
		inv->due_date = doc->due;
	}
	fill_party(inv, &inv->seller, j, company);
	fill_party(inv, &inv->buyer, j, doc->party);
	if (!doc->credit && company != NO_ID) {
		struct einvoice_means *m = VEC_GROW(&inv->means);
		m->code = strcmp(doc->currency, "EUR") ? "30" : "58";
		m->remittance = doc->ref[0] ? einvoice_strdup(inv, doc->ref) : NULL;
		const char *iban = journal_account_tag(j, company, "iban");
		if (iban) {
			struct strbuf sb = STRBUF_INIT;
			refs_normalize(&sb, iban);
			m->iban = einvoice_strdup(inv, sb.buf);
			strbuf_release(&sb);
		}
		m->account_name = inv->seller.name;
		m->bic = einvoice_strdup(inv, journal_account_tag(j, company, "bic"));
	}
	/* a document not subject to VAT gives no VAT ids (BR-O-02; O is never mixed, BR-O-11) */
	if (doc->vat.n && !strcmp(doc->vat.v[0].category, "O"))
		inv->seller.vat_id = inv->buyer.vat_id = NULL;
	fill_lines(inv, doc);
	fill_vat(inv, doc);
	/*
	 * An intra-community supply names when and where the goods went
	 * (BR-IC-11, BR-IC-12): the issue date and the customer's country.
	 */
	for (size_t k = 0; k < doc->vat.n; k++)
		if (!strcmp(doc->vat.v[k].category, "K")) {
			inv->delivery_date = doc->issue;
			inv->has_deliver_to = true;
			inv->deliver_to.address.country = inv->buyer.address.country;
		}
	set_amount(&inv->totals.line_net, &doc->net);
	set_amount(&inv->totals.without_vat, &doc->net);
	set_amount(&inv->totals.vat, &doc->tax);
	set_amount(&inv->totals.with_vat, &doc->total);
	set_amount(&inv->totals.payable, &doc->total);
	*out = inv;
}

enum lang invoicer_lang(const struct invoicer *iv, size_t i)
{
	return lang_of_account(iv->j, iv->docs.v[i].party);
}

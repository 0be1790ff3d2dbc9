/*
 * einvoice.c - the EN 16931 invoice model: its lifetime, the syntax of a
 * document from its first bytes (einvoice_sniff), whether it credits
 * (einvoice_is_credit) and its verification against the standard's rules
 * (einvoice_verify, formats/einvoice.md "Rules"). The readers are in
 * einvoice_read.c.
 */
#include "compat.h"
#include "currency.h"
#include "einvoice.h"
#include "error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <gmp.h>
#include <stdarg.h>
#include <string.h>

#define NS_UBL_INVOICE "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_UBL_CREDIT_NOTE "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CII "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"

/* ------------------------------------------------------------------ */
/* Lifetime */

const char *einvoice_syntax_name(enum einvoice_syntax s)
{
	switch (s) {
	case EINVOICE_UBL_INVOICE:
		return "UBL Invoice";
	case EINVOICE_UBL_CREDIT_NOTE:
		return "UBL CreditNote";
	case EINVOICE_CII:
		return "CII";
	case EINVOICE_NONE:
		break;
	}
	return "";
}

struct einvoice *einvoice_new(void)
{
	struct einvoice *inv = xcalloc(1, sizeof(*inv));
	inv->issue_date = inv->tax_point_date = inv->due_date = DATE_NONE;
	inv->delivery_date = inv->period_start = inv->period_end = DATE_NONE;
	inv->other_currency.element = "";
	/*
	 * A bill keeps a few KB of strings: a small first block (the pool
	 * doubles from there), so that reading thousands of them does not make
	 * the C library hand memory back and fault it in again for each.
	 */
	inv->pool.block_size = 4096;
	return inv;
}

const char *einvoice_strdup(struct einvoice *inv, const char *s)
{
	return s ? mempool_strndup(&inv->pool, s, strlen(s)) : NULL;
}

static void amount_clear(struct einvoice_amount *a)
{
	dec_clear(&a->v);
}

static void allowances_free(einvoice_allowances *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct einvoice_allowance *a = &v->v[i];
		dec_clear(&a->amount);
		amount_clear(&a->base);
		amount_clear(&a->percent);
		amount_clear(&a->rate);
	}
	VEC_FREE(v);
}

static void line_clear(struct einvoice_line *l)
{
	dec_clear(&l->quantity);
	dec_clear(&l->net_amount);
	dec_clear(&l->net_price);
	amount_clear(&l->price_discount);
	amount_clear(&l->gross_price);
	amount_clear(&l->base_quantity);
	amount_clear(&l->rate);
	allowances_free(&l->allowances);
}

static void totals_clear(struct einvoice_totals *t)
{
	struct einvoice_amount *all[] = { &t->line_net, &t->allowances, &t->charges,
					  &t->without_vat, &t->vat, &t->vat_tax_currency,
					  &t->with_vat, &t->prepaid, &t->rounding, &t->payable };
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		amount_clear(all[i]);
}

void einvoice_free(struct einvoice *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->lines.n; i++)
		line_clear(&inv->lines.v[i]);
	for (size_t i = 0; i < inv->vat.n; i++) {
		amount_clear(&inv->vat.v[i].rate);
		dec_clear(&inv->vat.v[i].taxable);
		dec_clear(&inv->vat.v[i].tax);
	}
	allowances_free(&inv->allowances);
	totals_clear(&inv->totals);
	VEC_FREE(&inv->lines);
	VEC_FREE(&inv->vat);
	VEC_FREE(&inv->notes);
	VEC_FREE(&inv->preceding);
	VEC_FREE(&inv->means);
	VEC_FREE(&inv->documents);
	mempool_release(&inv->pool);
	free(inv);
}

/* ------------------------------------------------------------------ */
/* Sniffing */

/*
 * The ASCII text of head: UTF-8 (a BOM skipped) as it is, UTF-16 (BOM or
 * "<?" pattern) narrowed to its low bytes. Writes at most cap bytes into
 * buf; returns their number.
 */
static size_t sniff_ascii(const char *head, size_t len, char *buf, size_t cap)
{
	const unsigned char *u = (const unsigned char *)head;
	size_t n = 0, i = 0;
	int step = 1, lo = 0; /* UTF-16: every second byte, the low one at offset lo */

	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		i = 3;
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		i = 2, step = 2, lo = 0;
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		i = 2, step = 2, lo = 1;
	} else if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] == '?' && u[3] == 0) {
		step = 2, lo = 0;
	} else if (len >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] == '?') {
		step = 2, lo = 1;
	}
	for (; i + (size_t)(step - 1) < len && n < cap; i += (size_t)step) {
		unsigned char c = u[i + (size_t)lo];
		if (step == 2 && u[i + (size_t)(1 - lo)] != 0)
			c = 0x80; /* a character beyond Latin-1: not a name character we match */
		buf[n++] = (char)c;
	}
	return n;
}

static bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

/* Skips the prolog (white space, declaration, comments, PIs); returns the offset of the root's '<', or n. */
static size_t skip_prolog(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (xml_space(s[i])) {
			i++;
		} else if (i + 1 < n && s[i] == '<' && s[i + 1] == '?') {
			const char *e = NULL;
			for (size_t k = i + 2; k + 1 < n; k++)
				if (s[k] == '?' && s[k + 1] == '>') {
					e = s + k;
					break;
				}
			if (!e)
				return n;
			i = (size_t)(e - s) + 2;
		} else if (i + 3 < n && !memcmp(s + i, "<!--", 4)) {
			size_t k = i + 4;
			while (k + 2 < n && memcmp(s + k, "-->", 3))
				k++;
			if (k + 2 >= n)
				return n;
			i = k + 3;
		} else {
			return s[i] == '<' ? i : n;
		}
	}
	return n;
}

/*
 * Finds the namespace of the prefix (pfx, plen; plen 0 for the default
 * namespace) among the root start tag's attributes s[0..n) (after the
 * name). Sets *uri and *ulen; false when not declared there.
 */
static bool root_ns(const char *s, size_t n, const char *pfx, size_t plen, const char **uri,
		    size_t *ulen)
{
	size_t i = 0;
	while (i < n && s[i] != '>') {
		while (i < n && xml_space(s[i]))
			i++;
		size_t a = i;
		while (i < n && name_char(s[i]))
			i++;
		size_t alen = i - a;
		if (!alen)
			return false; /* '/', '>' or something odd */
		while (i < n && xml_space(s[i]))
			i++;
		if (i >= n || s[i] != '=')
			return false;
		i++;
		while (i < n && xml_space(s[i]))
			i++;
		if (i >= n || (s[i] != '"' && s[i] != '\''))
			return false;
		char q = s[i++];
		size_t v = i;
		while (i < n && s[i] != q)
			i++;
		if (i >= n)
			return false;
		bool match = plen ? (alen == 6 + plen && !memcmp(s + a, "xmlns:", 6) &&
				     !memcmp(s + a + 6, pfx, plen))
				  : (alen == 5 && !memcmp(s + a, "xmlns", 5));
		if (match) {
			*uri = s + v;
			*ulen = i - v;
			return true;
		}
		i++;
	}
	return false;
}

static bool span_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && !memcmp(s, lit, n);
}

enum einvoice_syntax einvoice_sniff(const char *head, size_t len)
{
	char buf[8192];
	size_t n = sniff_ascii(head, len, buf, sizeof(buf));
	size_t i = skip_prolog(buf, n);
	if (i >= n)
		return EINVOICE_NONE;
	i++; /* '<' */
	size_t name = i;
	while (i < n && name_char(buf[i]))
		i++;
	size_t qlen = i - name;
	const char *colon = memchr(buf + name, ':', qlen);
	const char *local = colon ? colon + 1 : buf + name;
	size_t llen = qlen - (size_t)(local - (buf + name));
	size_t plen = colon ? (size_t)(colon - (buf + name)) : 0;
	const char *uri;
	size_t ulen;

	if (!qlen || !root_ns(buf + i, n - i, buf + name, plen, &uri, &ulen))
		return EINVOICE_NONE;
	if (span_is(local, llen, "Invoice") && span_is(uri, ulen, NS_UBL_INVOICE))
		return EINVOICE_UBL_INVOICE;
	if (span_is(local, llen, "CreditNote") && span_is(uri, ulen, NS_UBL_CREDIT_NOTE))
		return EINVOICE_UBL_CREDIT_NOTE;
	if (span_is(local, llen, "CrossIndustryInvoice") && span_is(uri, ulen, NS_CII))
		return EINVOICE_CII;
	return EINVOICE_NONE;
}

/* ------------------------------------------------------------------ */
/* Credit */

/* UNCL 1001 codes of credit notes in EN 16931 (BR-CL-01 list). */
static bool credit_note_code(const char *code)
{
	static const char *const codes[] = { "81", "83", "261", "262", "296", "308",
					     "381", "396", "420", "458", "532" };
	if (!code)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (!strcmp(code, codes[i]))
			return true;
	return false;
}

bool einvoice_is_credit(const struct einvoice *inv)
{
	const struct einvoice_amount *total =
		inv->totals.with_vat.has ? &inv->totals.with_vat : &inv->totals.payable;
	bool negative = total->has && dec_sgn(&total->v) < 0;
	bool credit_note = inv->syntax == EINVOICE_UBL_CREDIT_NOTE || credit_note_code(inv->type_code);
	return credit_note != negative;
}

/* ------------------------------------------------------------------ */
/* Verification (formats/einvoice.md, "Rules") */

#define NSCRATCH 8 /* formatted numbers alive at once in one message */
#define PEPPOL_BIS3 "urn:fdc:peppol.eu:2017:poacc:billing:3.0" /* in BT-24 */

struct verifier {
	const struct einvoice *inv;
	const char *name;
	struct diag *d;
	size_t broken;
	bool peppol;	  /* BT-24 claims Peppol BIS Billing 3.0: its line rules are errors */
	bool whole_units; /* the currency's amounts may be rounded to whole units (HUF, JPY, ...) */
	mpq_t q[8];	  /* scratch rationals, set up once per verification */
	struct strbuf scratch[NSCRATCH];
	unsigned next;
};

static void fail(struct verifier *v, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void fail(struct verifier *v, uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { v->name, line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(v->d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
	v->broken++;
}

/*
 * A Peppol line rule (PEPPOL-EN16931-R040, R046, R120, R121) broken: an
 * error in a document that claims Peppol BIS Billing 3.0, where the rule is
 * normative; a warning (not counted) in any other, EN 16931 having no such
 * rule (formats/einvoice.md, "Rules").
 */
static void line_rule(struct verifier *v, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void line_rule(struct verifier *v, uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { v->name, line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(v->d, v->peppol ? DIAG_ERROR : DIAG_WARNING, &loc, NULL, 0, fmt, ap);
	va_end(ap);
	if (v->peppol)
		v->broken++;
}

/* x as written (all its stored decimals), in one of the rotating scratch buffers. */
static const char *num(struct verifier *v, const struct dec *x)
{
	struct strbuf *sb = &v->scratch[v->next++ % NSCRATCH];
	strbuf_reset(sb);
	dec_format(sb, x, x->scale, '.', 0);
	return sb->buf;
}

/* "invoice line '3'" (BT-126), or its position when it has no id. */
static const char *line_name(struct verifier *v, const struct einvoice_line *l)
{
	struct strbuf *sb = &v->scratch[v->next++ % NSCRATCH];
	strbuf_reset(sb);
	if (l->id)
		strbuf_addf(sb, "invoice line '%s'", l->id);
	else
		strbuf_addf(sb, "invoice line %zu", (size_t)(l - v->inv->lines.v) + 1);
	return sb->buf;
}

/* The optional amount's value, or zero. */
static const struct dec *val(const struct einvoice_amount *a)
{
	static const struct dec zero = DEC_INIT;
	return a->has ? &a->v : &zero;
}

/* out = round(q, scale decimals, half away from zero). */
static void round_q(struct dec *out, const mpq_t q, int32_t scale)
{
	if (dec_set_mpq(out, q, scale, DEC_ROUND_HALF_UP))
		BUG("rounding to %d decimals failed", (int)scale);
}

/* out = round(a x b / c, 2 decimals, half away from zero); c must not be zero. */
static void mul_div_round(struct verifier *v, struct dec *out, const struct dec *a,
			  const struct dec *b, const struct dec *c)
{
	dec_get_mpq(v->q[4], a);
	dec_get_mpq(v->q[5], b);
	dec_get_mpq(v->q[6], c);
	mpq_mul(v->q[4], v->q[4], v->q[5]);
	mpq_div(v->q[4], v->q[4], v->q[6]);
	round_q(out, v->q[4], 2);
}

/*
 * Whether x is what a value in [lo, hi] (in either order) rounds to, half
 * away from zero, at 2 decimals, or at 0 when the currency allows whole
 * units. Rounding is monotonic, so the interval's ends bound the results.
 */
static bool rounds_within(const struct verifier *v, const struct dec *x, const mpq_t lo,
			  const mpq_t hi)
{
	bool ok = false;
	struct dec a = DEC_INIT, b = DEC_INIT;
	for (int32_t scale = 2; scale >= 0 && !ok; scale -= 2) {
		if (scale == 0 && !v->whole_units)
			break;
		round_q(&a, lo, scale);
		round_q(&b, hi, scale);
		if (dec_cmp(&a, &b) > 0) {
			struct dec t = a;
			a = b;
			b = t;
		}
		ok = dec_cmp(&a, x) <= 0 && dec_cmp(x, &b) <= 0;
	}
	dec_clear(&a);
	dec_clear(&b);
	return ok;
}

/*
 * lo and hi: the values a price or percentage x written with more than 2
 * decimals may stand for (it is itself a rounded figure: x - 5 and x + 5 in
 * the next decimal place); x exactly when written with 2 decimals or fewer.
 */
static void written_bounds(struct verifier *v, mpq_t lo, mpq_t hi, const struct dec *x)
{
	dec_get_mpq(lo, x);
	mpq_set(hi, lo);
	if (x->scale <= 2)
		return;
	mpq_ptr half = v->q[7];
	mpz_ui_pow_ui(mpq_denref(half), 10, (unsigned long)x->scale);
	mpz_mul_ui(mpq_denref(half), mpq_denref(half), 2);
	mpz_set_ui(mpq_numref(half), 1);
	mpq_canonicalize(half);
	mpq_sub(lo, lo, half);
	mpq_add(hi, hi, half);
}

static bool has_text(const char *s)
{
	return s && *s;
}

/* ---- mandatory terms ---- */

static bool address_given(const struct einvoice_address *a)
{
	return a->line || a->line1 || a->line2 || a->line3 || a->city || a->postcode ||
	       a->subdivision || a->country;
}

static void check_party_address(struct verifier *v, const struct einvoice_party *p,
				const char *addr_rule, const char *country_rule, const char *who,
				const char *bg, const char *bt)
{
	uint32_t line = p->address.line ? p->address.line : p->line ? p->line : v->inv->line;
	if (!address_given(&p->address))
		fail(v, line, "%s: the %s postal address (%s) is missing", addr_rule, who, bg);
	else if (!has_text(p->address.country))
		fail(v, line, "%s: the %s postal address has no country code (%s)", country_rule,
		     who, bt);
}

static void check_header_terms(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	uint32_t at = inv->line;
	if (!has_text(inv->customization))
		fail(v, at, "BR-01: the specification identifier (BT-24) is missing");
	if (!has_text(inv->number))
		fail(v, at, "BR-02: the invoice number (BT-1) is missing");
	if (inv->issue_date == DATE_NONE)
		fail(v, at, "BR-03: the issue date (BT-2) is missing");
	if (!has_text(inv->type_code))
		fail(v, at, "BR-04: the invoice type code (BT-3) is missing");
	if (!inv->currency[0])
		fail(v, at, "BR-05: the invoice currency code (BT-5) is missing");
	if (!has_text(inv->seller.name))
		fail(v, inv->seller.line ? inv->seller.line : at,
		     "BR-06: the seller's name (BT-27) is missing");
	if (!has_text(inv->buyer.name))
		fail(v, inv->buyer.line ? inv->buyer.line : at,
		     "BR-07: the buyer's name (BT-44) is missing");
	check_party_address(v, &inv->seller, "BR-08", "BR-09", "seller's", "BG-5", "BT-40");
	check_party_address(v, &inv->buyer, "BR-10", "BR-11", "buyer's", "BG-8", "BT-55");
	if (inv->has_payee && !has_text(inv->payee.name))
		fail(v, inv->payee.line ? inv->payee.line : at,
		     "BR-17: the payee (BG-10) has no name (BT-59)");
	if (inv->has_tax_rep) {
		const struct einvoice_party *t = &inv->tax_rep;
		uint32_t l = t->line ? t->line : at;
		if (!has_text(t->name))
			fail(v, l, "BR-18: the seller's tax representative (BG-11) has no name (BT-62)");
		check_party_address(v, t, "BR-19", "BR-20", "tax representative's", "BG-12",
				    "BT-69");
		if (!has_text(t->vat_id))
			fail(v, l, "BR-56: the seller's tax representative (BG-11) has no VAT "
				   "identifier (BT-63)");
	}
	if (!has_text(inv->seller.id) && !has_text(inv->seller.legal_id) &&
	    !has_text(inv->seller.vat_id))
		fail(v, inv->seller.line ? inv->seller.line : at,
		     "BR-CO-26: the seller has no identifier (BT-29), legal registration "
		     "identifier (BT-30) nor VAT identifier (BT-31)");
	for (size_t i = 0; i < inv->preceding.n; i++)
		if (!has_text(inv->preceding.v[i].number))
			fail(v, inv->preceding.v[i].line,
			     "BR-55: a preceding invoice reference (BG-3) has no number (BT-25)");
	if (inv->period_start != DATE_NONE && inv->period_end != DATE_NONE &&
	    inv->period_end < inv->period_start)
		fail(v, at, "BR-29: the invoicing period ends (BT-74) before it starts (BT-73)");
}

static void check_total_terms(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	const struct einvoice_totals *t = &inv->totals;
	uint32_t at = inv->line;
	static const struct {
		const char *rule, *what;
		size_t off;
	} need[] = {
		{ "BR-12", "sum of invoice line net amounts (BT-106)",
		  offsetof(struct einvoice_totals, line_net) },
		{ "BR-13", "invoice total without VAT (BT-109)",
		  offsetof(struct einvoice_totals, without_vat) },
		{ "BR-14", "invoice total with VAT (BT-112)", offsetof(struct einvoice_totals, with_vat) },
		{ "BR-15", "amount due for payment (BT-115)", offsetof(struct einvoice_totals, payable) },
	};
	for (size_t i = 0; i < ARRAY_SIZE(need); i++) {
		const struct einvoice_amount *a =
			(const struct einvoice_amount *)((const char *)t + need[i].off);
		if (!a->has)
			fail(v, at, "%s: the %s is missing", need[i].rule, need[i].what);
	}
	if (!inv->lines.n)
		fail(v, at, "BR-16: the invoice has no line (BG-25)");
	if (!inv->vat.n)
		fail(v, at, "BR-CO-18: the invoice has no VAT breakdown (BG-23)");
	if (inv->tax_currency[0] && !t->vat_tax_currency.has)
		fail(v, at, "BR-53: the VAT accounting currency (BT-6) is %s, but the VAT total in "
			    "it (BT-111) is missing", inv->tax_currency);
	if (t->payable.has && dec_sgn(&t->payable.v) > 0 && inv->due_date == DATE_NONE &&
	    !has_text(inv->payment_terms) && !einvoice_is_credit(inv))
		fail(v, t->payable.line, "BR-CO-25: the amount due (BT-115) is %s, but there is "
					 "neither a due date (BT-9) nor payment terms (BT-20)",
		     num(v, &t->payable.v));
}

static void check_line_terms(struct verifier *v, const struct einvoice_line *l)
{
	const char *ln = line_name(v, l);
	if (!has_text(l->id))
		fail(v, l->line, "BR-21: %s has no identifier (BT-126)", ln);
	if (!l->has_quantity)
		fail(v, l->line, "BR-22: %s has no invoiced quantity (BT-129)", ln);
	else if (!has_text(l->unit))
		fail(v, l->line, "BR-23: %s has no unit of measure (BT-130)", ln);
	if (!l->has_net_amount)
		fail(v, l->line, "BR-24: %s has no net amount (BT-131)", ln);
	if (!has_text(l->name))
		fail(v, l->line, "BR-25: %s has no item name (BT-153)", ln);
	if (!l->has_net_price)
		fail(v, l->line, "BR-26: %s has no item net price (BT-146)", ln);
	else if (dec_sgn(&l->net_price) < 0)
		fail(v, l->price_line ? l->price_line : l->line,
		     "BR-27: the item net price (BT-146) of %s is %s: it must not be negative", ln,
		     num(v, &l->net_price));
	if (l->gross_price.has && dec_sgn(&l->gross_price.v) < 0)
		fail(v, l->gross_price.line, "BR-28: the item gross price (BT-148) of %s is %s: it "
					     "must not be negative", ln, num(v, &l->gross_price.v));
	if (!l->category[0])
		fail(v, l->line, "BR-CO-04: %s has no VAT category code (BT-151)", ln);
	if (l->period_start != DATE_NONE && l->period_end != DATE_NONE &&
	    l->period_end < l->period_start)
		fail(v, l->line, "BR-30: the period of %s ends (BT-135) before it starts (BT-134)", ln);
}

/* BR-31..33, BR-36..38 (document level), BR-41..44 (line level). */
static void check_allowance_terms(struct verifier *v, const struct einvoice_allowance *a,
				  const struct einvoice_line *l)
{
	const char *what = a->charge ? "charge" : "allowance";
	const char *where = l ? line_name(v, l) : "the document";
	if (!a->has_amount)
		fail(v, a->line, "%s: a%s %s of %s has no amount (%s)",
		     l ? (a->charge ? "BR-43" : "BR-41") : (a->charge ? "BR-36" : "BR-31"),
		     a->charge ? "" : "n", what, where,
		     l ? (a->charge ? "BT-141" : "BT-136") : (a->charge ? "BT-99" : "BT-92"));
	if (!l && !a->category[0])
		fail(v, a->line, "%s: a document level %s has no VAT category code (%s)",
		     a->charge ? "BR-37" : "BR-32", what, a->charge ? "BT-102" : "BT-95");
	if (!has_text(a->reason) && !has_text(a->reason_code))
		fail(v, a->line, "%s: a%s %s of %s has neither a reason nor a reason code",
		     l ? (a->charge ? "BR-CO-24" : "BR-CO-23") : (a->charge ? "BR-CO-22" : "BR-CO-21"),
		     a->charge ? "" : "n", what, where);
}

static void check_breakdown_terms(struct verifier *v, const struct einvoice_vat *x)
{
	if (!x->has_taxable)
		fail(v, x->line, "BR-45: a VAT breakdown (BG-23) has no taxable amount (BT-116)");
	if (!x->has_tax)
		fail(v, x->line, "BR-46: a VAT breakdown (BG-23) has no VAT amount (BT-117)");
	if (!x->category[0])
		fail(v, x->line, "BR-47: a VAT breakdown (BG-23) has no VAT category code (BT-118)");
	else if (!x->rate.has && strcmp(x->category, "O"))
		fail(v, x->line, "BR-48: the VAT breakdown of category %s has no rate (BT-119)",
		     x->category);
}

/* ---- decimals (BR-DEC) ---- */

static void check_dec(struct verifier *v, const char *rule, const char *what, const char *of,
		      const struct dec *x, uint32_t line)
{
	if (x->scale > 2)
		fail(v, line, "%s: %s%s%s is %s: at most 2 decimals are allowed", rule, what,
		     of ? " of " : "", of ? of : "", num(v, x));
}

static void check_dec_amount(struct verifier *v, const char *rule, const char *what,
			     const struct einvoice_amount *a)
{
	if (a->has)
		check_dec(v, rule, what, NULL, &a->v, a->line);
}

static void check_dec_allowance(struct verifier *v, const struct einvoice_allowance *a,
				const struct einvoice_line *l)
{
	const char *of = l ? line_name(v, l) : NULL;
	uint32_t at = a->amount_line ? a->amount_line : a->line;
	/* BR-DEC-01/02 BT-92/93, -05/06 BT-99/100, -24/25 BT-136/137, -27/28 BT-141/142 */
	static const char *const rules[2][2][2] = {
		{ { "BR-DEC-01", "BR-DEC-02" }, { "BR-DEC-05", "BR-DEC-06" } },
		{ { "BR-DEC-24", "BR-DEC-25" }, { "BR-DEC-27", "BR-DEC-28" } },
	};
	static const char *const names[2][2][2] = {
		{ { "the allowance amount (BT-92)", "the allowance base amount (BT-93)" },
		  { "the charge amount (BT-99)", "the charge base amount (BT-100)" } },
		{ { "the allowance amount (BT-136)", "the allowance base amount (BT-137)" },
		  { "the charge amount (BT-141)", "the charge base amount (BT-142)" } },
	};
	int lv = l != NULL, ch = a->charge;
	if (a->has_amount)
		check_dec(v, rules[lv][ch][0], names[lv][ch][0], of, &a->amount, at);
	if (a->base.has)
		check_dec(v, rules[lv][ch][1], names[lv][ch][1], of, &a->base.v, a->base.line);
}

static void check_decimals(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	const struct einvoice_totals *t = &inv->totals;
	check_dec_amount(v, "BR-DEC-09", "the sum of line net amounts (BT-106)", &t->line_net);
	check_dec_amount(v, "BR-DEC-10", "the sum of allowances (BT-107)", &t->allowances);
	check_dec_amount(v, "BR-DEC-11", "the sum of charges (BT-108)", &t->charges);
	check_dec_amount(v, "BR-DEC-12", "the total without VAT (BT-109)", &t->without_vat);
	check_dec_amount(v, "BR-DEC-13", "the VAT total (BT-110)", &t->vat);
	check_dec_amount(v, "BR-DEC-14", "the total with VAT (BT-112)", &t->with_vat);
	check_dec_amount(v, "BR-DEC-15", "the VAT total in accounting currency (BT-111)",
			 &t->vat_tax_currency);
	check_dec_amount(v, "BR-DEC-16", "the paid amount (BT-113)", &t->prepaid);
	check_dec_amount(v, "BR-DEC-17", "the rounding amount (BT-114)", &t->rounding);
	check_dec_amount(v, "BR-DEC-18", "the amount due (BT-115)", &t->payable);
	for (size_t i = 0; i < inv->allowances.n; i++)
		check_dec_allowance(v, &inv->allowances.v[i], NULL);
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		check_dec(v, "BR-DEC-19", "the VAT category taxable amount (BT-116)", NULL,
			  &x->taxable, x->line);
		check_dec(v, "BR-DEC-20", "the VAT category tax amount (BT-117)", NULL, &x->tax,
			  x->line);
	}
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		if (l->has_net_amount)
			check_dec(v, "BR-DEC-23", "the net amount (BT-131)", line_name(v, l),
				  &l->net_amount, l->net_amount_line ? l->net_amount_line : l->line);
		for (size_t k = 0; k < l->allowances.n; k++)
			check_dec_allowance(v, &l->allowances.v[k], l);
	}
}

/* ---- lines: net amount, price, allowances ---- */

/*
 * PEPPOL-EN16931-R040: amount = base x percentage / 100 rounded to 2
 * decimals, when both are given (a percentage written with more than 2
 * decimals is taken as the rounded figure it is).
 */
static void check_percentage(struct verifier *v, const struct einvoice_allowance *a,
			     const struct einvoice_line *l)
{
	static const struct dec hundred = { { 100 }, 0, false };
	static const char *const bt[2][2][3] = {
		{ { "BT-92", "BT-93", "BT-94" }, { "BT-99", "BT-100", "BT-101" } },
		{ { "BT-136", "BT-137", "BT-138" }, { "BT-141", "BT-142", "BT-143" } },
	};
	if (!a->has_amount || !a->base.has || !a->percent.has)
		return;
	const char *const *b = bt[l != NULL][a->charge];
	mpq_ptr lo = v->q[0], hi = v->q[1], base = v->q[2];
	written_bounds(v, lo, hi, &a->percent.v);
	dec_get_mpq(base, &a->base.v);
	mpq_mul(lo, lo, base);
	mpq_mul(hi, hi, base);
	mpz_mul_ui(mpq_denref(lo), mpq_denref(lo), 100);
	mpz_mul_ui(mpq_denref(hi), mpq_denref(hi), 100);
	mpq_canonicalize(lo);
	mpq_canonicalize(hi);
	if (!rounds_within(v, &a->amount, lo, hi)) {
		struct dec want = DEC_INIT;
		mul_div_round(v, &want, &a->base.v, &a->percent.v, &hundred);
		line_rule(v, a->amount_line ? a->amount_line : a->line,
			  "PEPPOL-EN16931-R040: the %s amount (%s) of %s is %s, but base amount (%s) "
			  "%s x percentage (%s) %s / 100 = %s (rounded to 2 decimals)",
			  a->charge ? "charge" : "allowance", b[0],
			  l ? line_name(v, l) : "the document", num(v, &a->amount), b[1],
			  num(v, &a->base.v), b[2], num(v, &a->percent.v), num(v, &want));
		dec_clear(&want);
	}
}

/*
 * PEPPOL-EN16931-R121 (base quantity above zero) and R046 (net price = gross
 * price - price discount, or that rounded to the net price's decimals).
 * Returns false when the base quantity cannot be divided by.
 */
static bool check_price(struct verifier *v, const struct einvoice_line *l)
{
	bool ok = true;
	if (l->base_quantity.has && dec_sgn(&l->base_quantity.v) <= 0) {
		line_rule(v, l->base_quantity.line, "PEPPOL-EN16931-R121: the base quantity (BT-149) "
						    "of %s is %s: it must be above zero",
			  line_name(v, l), num(v, &l->base_quantity.v));
		ok = false;
	}
	if (l->gross_price.has && l->has_net_price) {
		struct dec want = DEC_INIT, rounded = DEC_INIT;
		dec_sub(&want, &l->gross_price.v, val(&l->price_discount));
		bool same = !dec_cmp(&want, &l->net_price);
		if (!same && want.scale > l->net_price.scale)
			same = !dec_rescale(&rounded, &want, l->net_price.scale, DEC_ROUND_HALF_UP) &&
			       !dec_cmp(&rounded, &l->net_price);
		if (!same)
			line_rule(v, l->price_line ? l->price_line : l->line,
				  "PEPPOL-EN16931-R046: the item net price (BT-146) of %s is %s, but "
				  "gross price (BT-148) %s - price discount (BT-147) %s = %s",
				  line_name(v, l), num(v, &l->net_price), num(v, &l->gross_price.v),
				  num(v, val(&l->price_discount)), num(v, &want));
		dec_clear(&want);
		dec_clear(&rounded);
	}
	return ok;
}

/*
 * PEPPOL-EN16931-R120: net amount = quantity x net price / base quantity +
 * charges - allowances, rounded to 2 decimals (a net price written with
 * more than 2 decimals is taken as the rounded figure it is).
 */
static void check_line_net(struct verifier *v, const struct einvoice_line *l)
{
	static const struct dec one = { { 1 }, 0, false };
	struct dec want = DEC_INIT, charges = DEC_INIT, allowances = DEC_INIT, adj = DEC_INIT;
	const struct dec *base = l->base_quantity.has ? &l->base_quantity.v : &one;
	mpq_ptr lo = v->q[0], hi = v->q[1], f = v->q[2], a = v->q[3];

	for (size_t i = 0; i < l->allowances.n; i++) {
		const struct einvoice_allowance *x = &l->allowances.v[i];
		struct dec *sum = x->charge ? &charges : &allowances;
		dec_add(sum, sum, &x->amount);
	}
	dec_sub(&adj, &charges, &allowances);
	written_bounds(v, lo, hi, &l->net_price);
	dec_get_mpq(f, &l->quantity);
	dec_get_mpq(a, base);
	mpq_div(f, f, a); /* quantity / base quantity */
	dec_get_mpq(a, &adj);
	mpq_mul(lo, lo, f);
	mpq_add(lo, lo, a);
	mpq_mul(hi, hi, f);
	mpq_add(hi, hi, a);
	if (!rounds_within(v, &l->net_amount, lo, hi)) {
		mul_div_round(v, &want, &l->quantity, &l->net_price, base);
		dec_add(&want, &want, &adj);
		line_rule(v, l->net_amount_line ? l->net_amount_line : l->line,
			  "PEPPOL-EN16931-R120: the net amount (BT-131) of %s is %s, but quantity "
			  "(BT-129) %s x net price (BT-146) %s / base quantity (BT-149) %s + charges "
			  "%s - allowances %s = %s (rounded to 2 decimals)",
			  line_name(v, l), num(v, &l->net_amount), num(v, &l->quantity),
			  num(v, &l->net_price), num(v, base), num(v, &charges), num(v, &allowances),
			  num(v, &want));
	}
	dec_clear(&want);
	dec_clear(&charges);
	dec_clear(&allowances);
	dec_clear(&adj);
}

static void check_lines(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		check_line_terms(v, l);
		for (size_t k = 0; k < l->allowances.n; k++) {
			check_allowance_terms(v, &l->allowances.v[k], l);
			check_percentage(v, &l->allowances.v[k], l);
		}
		bool price_ok = check_price(v, l);
		if (price_ok && l->has_quantity && l->has_net_price && l->has_net_amount)
			check_line_net(v, l);
	}
	for (size_t i = 0; i < inv->allowances.n; i++) {
		check_allowance_terms(v, &inv->allowances.v[i], NULL);
		check_percentage(v, &inv->allowances.v[i], NULL);
	}
	for (size_t i = 0; i < inv->vat.n; i++)
		check_breakdown_terms(v, &inv->vat.v[i]);
}

/* ---- document totals (BR-CO-10 .. BR-CO-16) ---- */

/* Whether a line counts in the totals and the breakdown (not a Factur-X detail line). */
static bool line_counts(const struct einvoice_line *l)
{
	return !l->informational;
}

static void check_sums(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	const struct einvoice_totals *t = &inv->totals;
	struct dec lines = DEC_INIT, allow = DEC_INIT, charge = DEC_INIT, x = DEC_INIT;
	size_t nlines = 0;

	for (size_t i = 0; i < inv->lines.n; i++)
		if (line_counts(&inv->lines.v[i])) {
			dec_add(&lines, &lines, &inv->lines.v[i].net_amount);
			nlines++;
		}
	for (size_t i = 0; i < inv->allowances.n; i++) {
		const struct einvoice_allowance *a = &inv->allowances.v[i];
		dec_add(a->charge ? &charge : &allow, a->charge ? &charge : &allow, &a->amount);
	}
	if (t->line_net.has && dec_cmp(&t->line_net.v, &lines))
		fail(v, t->line_net.line, "BR-CO-10: the sum of line net amounts (BT-106) is %s, but "
					  "the %zu line net amounts (BT-131) add up to %s",
		     num(v, &t->line_net.v), nlines, num(v, &lines));
	if (t->allowances.has && dec_cmp(&t->allowances.v, &allow))
		fail(v, t->allowances.line, "BR-CO-11: the sum of allowances (BT-107) is %s, but the "
					    "document level allowances (BT-92) add up to %s",
		     num(v, &t->allowances.v), num(v, &allow));
	if (t->charges.has && dec_cmp(&t->charges.v, &charge))
		fail(v, t->charges.line, "BR-CO-12: the sum of charges (BT-108) is %s, but the "
					 "document level charges (BT-99) add up to %s",
		     num(v, &t->charges.v), num(v, &charge));
	if (t->without_vat.has) {
		/* without BT-106 (BR-12), what the lines add up to stands for it */
		const struct dec *base = t->line_net.has ? &t->line_net.v : &lines;
		dec_sub(&x, base, val(&t->allowances));
		dec_add(&x, &x, val(&t->charges));
		if (dec_cmp(&x, &t->without_vat.v))
			fail(v, t->without_vat.line,
			     "BR-CO-13: the total without VAT (BT-109) is %s, but line net amounts "
			     "(%s) %s - allowances (BT-107) %s + charges (BT-108) %s = %s",
			     num(v, &t->without_vat.v),
			     t->line_net.has ? "BT-106" : "BT-106 missing: the lines' BT-131", num(v, base),
			     num(v, val(&t->allowances)), num(v, val(&t->charges)), num(v, &x));
	}
	dec_clear(&lines);
	dec_clear(&allow);
	dec_clear(&charge);
	dec_clear(&x);
}

static void check_totals(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	const struct einvoice_totals *t = &inv->totals;
	struct dec tax = DEC_INIT, x = DEC_INIT;

	check_sums(v);
	for (size_t i = 0; i < inv->vat.n; i++)
		dec_add(&tax, &tax, &inv->vat.v[i].tax);
	if (dec_cmp(val(&t->vat), &tax))
		fail(v, t->vat.has ? t->vat.line : inv->line,
		     "BR-CO-14: the VAT total (BT-110) is %s, but the VAT breakdown's amounts "
		     "(BT-117) add up to %s",
		     t->vat.has ? num(v, &t->vat.v) : "missing", num(v, &tax));
	if (t->with_vat.has && t->without_vat.has) {
		dec_add(&x, &t->without_vat.v, val(&t->vat));
		if (dec_cmp(&x, &t->with_vat.v))
			fail(v, t->with_vat.line,
			     "BR-CO-15: the total with VAT (BT-112) is %s, but total without VAT "
			     "(BT-109) %s + VAT (BT-110) %s = %s",
			     num(v, &t->with_vat.v), num(v, &t->without_vat.v), num(v, val(&t->vat)),
			     num(v, &x));
	}
	if (t->payable.has && t->with_vat.has) {
		dec_sub(&x, &t->with_vat.v, val(&t->prepaid));
		dec_add(&x, &x, val(&t->rounding));
		if (dec_cmp(&x, &t->payable.v))
			fail(v, t->payable.line,
			     "BR-CO-16: the amount due (BT-115) is %s, but total with VAT (BT-112) %s "
			     "- paid (BT-113) %s + rounding (BT-114) %s = %s",
			     num(v, &t->payable.v), num(v, &t->with_vat.v), num(v, val(&t->prepaid)),
			     num(v, val(&t->rounding)), num(v, &x));
	}
	dec_clear(&tax);
	dec_clear(&x);
}

/* ---- VAT categories (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG) ---- */

enum cat_rate { RATE_POSITIVE, RATE_ZERO, RATE_NONE, RATE_ANY };

struct category {
	const char *code, *rule, *name;
	enum cat_rate rate;	/* what the rates of lines, allowances and charges must be */
	bool per_rate;		/* one breakdown per rate (else exactly one breakdown) */
	bool zero_tax;		/* its VAT is 0 (-09) */
	int exemption;		/* 1: a reason is required (-10), -1: forbidden, 0: either */
};

/* UNCL 5305 as EN 16931 uses it; K's rules are BR-IC, L's BR-AF (IGIC), M's BR-AG (IPSI). */
static const struct category categories[] = {
	{ "S", "BR-S", "standard rated", RATE_POSITIVE, true, false, -1 },
	{ "Z", "BR-Z", "zero rated", RATE_ZERO, false, true, -1 },
	{ "E", "BR-E", "exempt from VAT", RATE_ZERO, false, true, 1 },
	{ "AE", "BR-AE", "reverse charge", RATE_ZERO, false, true, 1 },
	{ "K", "BR-IC", "intra-community supply", RATE_ZERO, false, true, 1 },
	{ "G", "BR-G", "export outside the EU", RATE_ZERO, false, true, 1 },
	{ "O", "BR-O", "not subject to VAT", RATE_NONE, false, true, 1 },
	{ "L", "BR-AF", "IGIC (Canary Islands)", RATE_ANY, true, false, -1 },
	{ "M", "BR-AG", "IPSI (Ceuta and Melilla)", RATE_ANY, true, false, -1 },
};

static const struct category *category_find(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(categories); i++)
		if (!strcmp(categories[i].code, code))
			return &categories[i];
	return NULL;
}

/* Whether a line, allowance or charge of (code, rate) belongs to breakdown x. */
static bool in_breakdown(const struct einvoice_vat *x, const struct category *c, const char *code,
			 const struct einvoice_amount *rate)
{
	if (strcmp(x->category, code))
		return false;
	if (!c || !c->per_rate)
		return true;
	return rate->has && x->rate.has && !dec_cmp(&rate->v, &x->rate.v);
}

/* "S at 19%", "E", "O" */
static const char *cat_name(struct verifier *v, const char *code, const struct einvoice_amount *rate)
{
	struct strbuf *sb = &v->scratch[v->next++ % NSCRATCH];
	strbuf_reset(sb);
	strbuf_addstr(sb, code);
	if (rate->has) {
		strbuf_addstr(sb, " at ");
		dec_format(sb, &rate->v, rate->v.scale, '.', 0);
		strbuf_addch(sb, '%');
	}
	return sb->buf;
}

/* BR-x-08: the breakdown's taxable amount is what its lines, allowances and charges add up to. */
static void check_taxable(struct verifier *v, const struct einvoice_vat *x, const struct category *c)
{
	const struct einvoice *inv = v->inv;
	struct dec lines = DEC_INIT, allow = DEC_INIT, charge = DEC_INIT, want = DEC_INIT;
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		if (line_counts(l) && in_breakdown(x, c, l->category, &l->rate))
			dec_add(&lines, &lines, &l->net_amount);
	}
	for (size_t i = 0; i < inv->allowances.n; i++) {
		const struct einvoice_allowance *a = &inv->allowances.v[i];
		if (in_breakdown(x, c, a->category, &a->rate))
			dec_add(a->charge ? &charge : &allow, a->charge ? &charge : &allow, &a->amount);
	}
	dec_sub(&want, &lines, &allow);
	dec_add(&want, &want, &charge);
	if (dec_cmp(&want, &x->taxable))
		fail(v, x->line, "%s-08: the taxable amount (BT-116) of VAT category %s is %s, but its "
				 "lines (BT-131) %s - allowances (BT-92) %s + charges (BT-99) %s = %s",
		     c->rule, cat_name(v, x->category, &x->rate), num(v, &x->taxable), num(v, &lines),
		     num(v, &allow), num(v, &charge), num(v, &want));
	dec_clear(&lines);
	dec_clear(&allow);
	dec_clear(&charge);
	dec_clear(&want);
}

/* BR-CO-17 / BR-x-09: the breakdown's VAT amount. */
static void check_tax(struct verifier *v, const struct einvoice_vat *x, const struct category *c)
{
	static const struct dec hundred = { { 100 }, 0, false };
	if (c && c->zero_tax && dec_sgn(&x->tax)) {
		fail(v, x->line, "%s-09: the VAT amount (BT-117) of VAT category %s (%s) is %s: it must "
				 "be 0", c->rule, cat_name(v, x->category, &x->rate), c->name,
		     num(v, &x->tax));
		return;
	}
	if (!x->rate.has)
		return;
	mpq_ptr q = v->q[0]; /* taxable x rate / 100, exactly */
	dec_get_mpq(q, &x->taxable);
	dec_get_mpq(v->q[1], &x->rate.v);
	mpq_mul(q, q, v->q[1]);
	mpz_mul_ui(mpq_denref(q), mpq_denref(q), 100);
	mpq_canonicalize(q);
	if (rounds_within(v, &x->tax, q, q))
		return;
	struct dec want = DEC_INIT;
	mul_div_round(v, &want, &x->taxable, &x->rate.v, &hundred);
	fail(v, x->line, "BR-CO-17: the VAT amount (BT-117) of VAT category %s is %s, but taxable "
			 "amount (BT-116) %s x rate (BT-119) %s / 100 = %s (rounded half away from "
			 "zero to 2 decimals)",
	     cat_name(v, x->category, &x->rate), num(v, &x->tax), num(v, &x->taxable),
	     num(v, &x->rate.v), num(v, &want));
	dec_clear(&want);
}

/* BR-x-10: exemption reasons (BT-120/121), required or forbidden by category. */
static void check_exemption(struct verifier *v, const struct einvoice_vat *x,
			    const struct category *c)
{
	bool given = has_text(x->exemption_reason) || has_text(x->exemption_code);
	if (c->exemption > 0 && !given)
		fail(v, x->line, "%s-10: the VAT breakdown of category %s (%s) has no exemption "
				 "reason (BT-120) nor exemption reason code (BT-121)",
		     c->rule, x->category, c->name);
	else if (c->exemption < 0 && given)
		fail(v, x->line, "%s-10: the VAT breakdown of category %s (%s) must not have an "
				 "exemption reason (BT-120) or code (BT-121)",
		     c->rule, cat_name(v, x->category, &x->rate), c->name);
}

static void check_breakdowns(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		const struct category *c = category_find(x->category);
		if (!x->category[0])
			continue; /* BR-47 */
		if (!c) {
			fail(v, x->line, "BR-CL-18: VAT category code '%s' (BT-118) is not one of UNCL "
					 "5305's for EN 16931 (S, Z, E, AE, K, G, O, L, M)", x->category);
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (in_breakdown(x, c, inv->vat.v[k].category, &inv->vat.v[k].rate)) {
				fail(v, x->line, "%s-01: a second VAT breakdown of category %s: %s", c->rule,
				     cat_name(v, x->category, &x->rate),
				     c->per_rate ? "there is one per category and rate"
						 : "there is exactly one per category");
				break;
			}
		check_taxable(v, x, c);
		check_tax(v, x, c);
		check_exemption(v, x, c);
		if (!strcmp(c->code, "O") && inv->vat.n > 1)
			fail(v, x->line, "BR-O-11: the invoice has a VAT breakdown of category O (not "
					 "subject to VAT), so it must have no other VAT breakdown");
	}
}

/* One line, allowance or charge, as the category rules see it. */
struct item {
	const char *category;
	const struct einvoice_amount *rate;
	uint32_t line;
	int kind; /* 0 line (-02, -05), 1 allowance (-03, -06), 2 charge (-04, -07) */
	const struct einvoice_line *l; /* the line, for its name */
};

static const char *const kind_bt[3] = { "BT-151/BT-152", "BT-95/BT-96", "BT-102/BT-103" };

static const char *item_desc(struct verifier *v, const struct item *it)
{
	if (it->l)
		return line_name(v, it->l);
	return it->kind == 2 ? "a document level charge" : "a document level allowance";
}

/* BR-x-05/06/07: the rate an item of this category may have. */
static void check_item_rate(struct verifier *v, const struct item *it, const struct category *c)
{
	const struct einvoice_amount *r = it->rate;
	const char *rule_no = it->kind == 0 ? "05" : it->kind == 1 ? "06" : "07";
	switch (c->rate) {
	case RATE_POSITIVE:
		if (!r->has || dec_sgn(&r->v) <= 0)
			fail(v, it->line, "%s-%s: %s is of VAT category %s (%s): its rate (%s) must be "
					  "above 0, not %s", c->rule, rule_no, item_desc(v, it), c->code, c->name,
			     kind_bt[it->kind], r->has ? num(v, &r->v) : "missing");
		break;
	case RATE_ZERO:
		if (!r->has || dec_sgn(&r->v))
			fail(v, it->line, "%s-%s: %s is of VAT category %s (%s): its rate (%s) must be "
					  "0, not %s", c->rule, rule_no, item_desc(v, it), c->code, c->name,
			     kind_bt[it->kind], r->has ? num(v, &r->v) : "missing");
		break;
	case RATE_NONE:
		if (r->has)
			fail(v, it->line, "%s-%s: %s is of VAT category %s (%s): it must have no VAT "
					  "rate (%s), not %s", c->rule, rule_no, item_desc(v, it), c->code,
			     c->name, kind_bt[it->kind], num(v, &r->v));
		break;
	case RATE_ANY:
		if (!r->has || dec_sgn(&r->v) < 0)
			fail(v, it->line, "%s-%s: %s is of VAT category %s (%s): its rate (%s) must be "
					  "0 or more, not %s", c->rule, rule_no, item_desc(v, it), c->code,
			     c->name, kind_bt[it->kind], r->has ? num(v, &r->v) : "missing");
		break;
	}
}

static bool seller_registered(const struct einvoice *inv, bool tax_id_counts)
{
	return has_text(inv->seller.vat_id) || (tax_id_counts && has_text(inv->seller.tax_id)) ||
	       (inv->has_tax_rep && has_text(inv->tax_rep.vat_id));
}

/* BR-x-02/03/04: the VAT identifiers an item of this category needs (or, for O, must not have). */
static void check_item_ids(struct verifier *v, const struct item *it, const struct category *c)
{
	const struct einvoice *inv = v->inv;
	const char *rule_no = it->kind == 0 ? "02" : it->kind == 1 ? "03" : "04";
	const char *code = c->code;
	if (!strcmp(code, "O")) {
		if (has_text(inv->seller.vat_id) || has_text(inv->buyer.vat_id) ||
		    (inv->has_tax_rep && has_text(inv->tax_rep.vat_id)))
			fail(v, it->line, "BR-O-%s: %s is not subject to VAT (category O), so the "
					  "invoice must not give the seller's (BT-31), the tax "
					  "representative's (BT-63) or the buyer's (BT-48) VAT identifier",
			     rule_no, item_desc(v, it));
	} else if (!strcmp(code, "AE")) {
		if (!seller_registered(inv, true) ||
		    (!has_text(inv->buyer.vat_id) && !has_text(inv->buyer.legal_id)))
			fail(v, it->line, "BR-AE-%s: %s is reverse charged (category AE): the invoice "
					  "needs the seller's VAT identifier (BT-31, or BT-32, or the tax "
					  "representative's BT-63) and the buyer's (BT-48, or its legal "
					  "registration identifier BT-47)", rule_no, item_desc(v, it));
	} else if (!strcmp(code, "K")) {
		if (!seller_registered(inv, false) || !has_text(inv->buyer.vat_id))
			fail(v, it->line, "BR-IC-%s: %s is an intra-community supply (category K): the "
					  "invoice needs the seller's VAT identifier (BT-31, or the tax "
					  "representative's BT-63) and the buyer's (BT-48)", rule_no,
			     item_desc(v, it));
	} else if (!strcmp(code, "G")) {
		if (!seller_registered(inv, false))
			fail(v, it->line, "BR-G-%s: %s is an export (category G): the invoice needs the "
					  "seller's VAT identifier (BT-31, or the tax representative's "
					  "BT-63)", rule_no, item_desc(v, it));
	} else if (!seller_registered(inv, true)) {
		fail(v, it->line, "%s-%s: %s is of VAT category %s (%s): the invoice needs the "
				  "seller's VAT identifier (BT-31), tax registration identifier (BT-32) "
				  "or the tax representative's VAT identifier (BT-63)",
		     c->rule, rule_no, item_desc(v, it), code, c->name);
	}
}

/* Whether an earlier item (among items[0..n)) had the same category, kind and (for per-rate) rate. */
static bool seen_before(const struct item *items, size_t n, const struct item *it,
			const struct category *c, bool same_kind)
{
	for (size_t i = 0; i < n; i++) {
		const struct item *p = &items[i];
		if (strcmp(p->category, it->category) || (same_kind && p->kind != it->kind))
			continue;
		if (!c->per_rate || (!p->rate->has && !it->rate->has) ||
		    (p->rate->has && it->rate->has && !dec_cmp(&p->rate->v, &it->rate->v)))
			return true;
	}
	return false;
}

static void check_item(struct verifier *v, const struct item *items, size_t i, bool has_o)
{
	static const struct einvoice_amount no_rate = { DEC_INIT, false, 0 };
	const struct einvoice *inv = v->inv;
	const struct item *it = &items[i];
	const struct category *c = category_find(it->category);
	if (!it->category[0])
		return; /* BR-CO-04, BR-32, BR-37 */
	if (!c) {
		if (!seen_before(items, i, it, categories, false))
			fail(v, it->line, "BR-CL-18: %s has VAT category code '%s', not one of UNCL "
					  "5305's for EN 16931 (S, Z, E, AE, K, G, O, L, M)",
			     item_desc(v, it), it->category);
		return;
	}
	check_item_rate(v, it, c);
	if (!seen_before(items, i, it, c, true))
		check_item_ids(v, it, c);
	if (!seen_before(items, i, it, c, false)) {
		bool found = false;
		for (size_t k = 0; k < inv->vat.n && !found; k++)
			found = in_breakdown(&inv->vat.v[k], c, it->category, it->rate);
		if (!found)
			fail(v, it->line, "%s-01: %s is of VAT category %s, but the VAT breakdown "
					  "(BG-23) has no %s", c->rule, item_desc(v, it),
			     cat_name(v, it->category, it->rate),
			     cat_name(v, it->category, c->per_rate ? it->rate : &no_rate));
	}
	if (has_o && strcmp(it->category, "O"))
		fail(v, it->line, "BR-O-%s: the invoice has a VAT breakdown of category O (not subject "
				  "to VAT), but %s is of category %s",
		     it->kind == 0 ? "12" : it->kind == 1 ? "13" : "14", item_desc(v, it), it->category);
}

/* BR-IC-11/12: an intra-community supply says when and where it was delivered. */
static void check_intra_community(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		if (strcmp(x->category, "K"))
			continue;
		if (inv->delivery_date == DATE_NONE && inv->period_start == DATE_NONE &&
		    inv->period_end == DATE_NONE)
			fail(v, x->line, "BR-IC-11: the invoice has an intra-community supply (category "
					 "K), but neither an actual delivery date (BT-72) nor an invoicing "
					 "period (BG-14)");
		if (!inv->has_deliver_to || !has_text(inv->deliver_to.address.country))
			fail(v, x->line, "BR-IC-12: the invoice has an intra-community supply (category "
					 "K), but no deliver-to country code (BT-80)");
		break;
	}
}

static void check_items(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	size_t n = inv->lines.n + inv->allowances.n, k = 0;
	struct item *items = xcalloc(n ? n : 1, sizeof(*items));
	bool has_o = false;

	for (size_t i = 0; i < inv->vat.n; i++)
		has_o |= !strcmp(inv->vat.v[i].category, "O");
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		if (line_counts(l))
			items[k++] = (struct item){ l->category, &l->rate, l->line, 0, l };
	}
	for (size_t i = 0; i < inv->allowances.n; i++) {
		const struct einvoice_allowance *a = &inv->allowances.v[i];
		items[k++] = (struct item){ a->category, &a->rate, a->line, a->charge ? 2 : 1, NULL };
	}
	for (size_t i = 0; i < k; i++)
		check_item(v, items, i, has_o);
	check_intra_community(v);
	free(items);
}

/* PEPPOL-EN16931-R051: every amount is in the invoice currency (BT-111 in BT-6 aside). */
static void check_currency(struct verifier *v)
{
	const struct einvoice *inv = v->inv;
	if (inv->other_currency.element && inv->other_currency.element[0])
		fail(v, inv->other_currency.line,
		     "PEPPOL-EN16931-R051: an amount ('%s') is in %s, but the invoice currency (BT-5) "
		     "is %s: every amount but the VAT total in accounting currency (BT-111) is in "
		     "BT-5", inv->other_currency.element, inv->other_currency.currency,
		     inv->currency[0] ? inv->currency : "missing");
}

size_t einvoice_verify(const struct einvoice *inv, const char *name, struct diag *d)
{
	const struct currency *cur = inv->currency[0] ? currency_find(inv->currency) : NULL;
	struct verifier v;
	memset(&v, 0, sizeof(v));
	v.inv = inv;
	v.name = name;
	v.d = d;
	v.peppol = inv->customization && strstr(inv->customization, PEPPOL_BIS3);
	v.whole_units = cur && (cur->exponent == 0 || !strcmp(cur->code, "HUF"));
	for (size_t i = 0; i < NSCRATCH; i++)
		strbuf_init(&v.scratch[i], 0);
	for (size_t i = 0; i < ARRAY_SIZE(v.q); i++)
		mpq_init(v.q[i]);
	check_header_terms(&v);
	check_total_terms(&v);
	check_decimals(&v);
	check_lines(&v);
	check_totals(&v);
	check_breakdowns(&v);
	check_items(&v);
	check_currency(&v);
	for (size_t i = 0; i < NSCRATCH; i++)
		strbuf_release(&v.scratch[i]);
	for (size_t i = 0; i < ARRAY_SIZE(v.q); i++)
		mpq_clear(v.q[i]);
	return v.broken;
}

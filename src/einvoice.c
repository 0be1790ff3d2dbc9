/*
 * einvoice.c - the EN 16931 invoice model: its lifetime, the syntax of a
 * document from its first bytes (einvoice_sniff), whether it credits
 * (einvoice_is_credit) and its verification against the standard's rules
 * (einvoice_verify, formats/einvoice.md "Rules"). The readers are in
 * einvoice_read.c.
 */
#include "compat.h"
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

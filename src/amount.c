#include "compat.h"
#include "amount.h"
#include "error.h"

#include <string.h>

/*
 * MAX_DIGITS integer digits plus at most DEC_MAX_SCALE decimals, with group
 * marks and the decimal mark, is what amount_format can print: it must fit
 * MAX_NUMBER_CHARS so that every printed amount reads back.
 */
#define MAX_DIGITS 250
#define MAX_NUMBER_CHARS 400

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses a commodity symbol at *p; returns NULL or an error message. */
static const char *parse_symbol(const char **pp, const char *end, const char **sym, size_t *len,
				const char **errpos)
{
	const char *p = *pp;
	if (*p == '"') {
		const char *q = p + 1;
		while (q < end && *q != '"' && *q != '\n')
			q++;
		if (q >= end || *q != '"') {
			*errpos = p;
			return "unterminated quoted commodity symbol";
		}
		if (q == p + 1) {
			*errpos = p;
			return "empty quoted commodity symbol";
		}
		*sym = p + 1;
		*len = (size_t)(q - p - 1);
		*pp = q + 1;
		return NULL;
	}
	const char *q = p;
	while (q < end && commodity_symbol_char((unsigned char)*q))
		q++;
	*sym = p;
	*len = (size_t)(q - p);
	*pp = q;
	return NULL;
}

/* Checks that int_part (which may contain group marks g) is grouped by threes. */
static bool valid_grouping(const char *s, size_t n, char g)
{
	size_t run = 0, groups = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == g) {
			if (run == 0 || (groups == 0 && run > 3) || (groups > 0 && run != 3))
				return false;
			groups++;
			run = 0;
		} else {
			run++;
		}
	}
	if (groups && run != 3)
		return false;
	return true;
}

/*
 * Decides which mark in the number token tok[0..n) is the decimal mark.
 * Returns NULL and sets *dm (0 = none) and *gm (0 = none), or an error.
 */
static const char *decide_marks(const char *tok, size_t n, const struct commodity *c, char *dm,
				char *gm)
{
	size_t ndot = 0, ncomma = 0, last = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (tok[i] == '.')
			ndot++;
		else if (tok[i] == ',')
			ncomma++;
		else
			continue;
		last = i;
	}
	*dm = *gm = 0;
	if (!ndot && !ncomma)
		return NULL;
	if (c->style_declared && c->mark) {
		char d = c->mark, g = d == '.' ? ',' : '.';
		size_t nd = d == '.' ? ndot : ncomma;
		if (nd > 1 || (nd == 1 && tok[last] != d))
			return "number does not match the commodity's declared format";
		const char *dpos = nd ? memchr(tok, d, n) : NULL;
		size_t intlen = dpos ? (size_t)(dpos - tok) : n;
		if ((d == '.' ? ncomma : ndot) && !valid_grouping(tok, intlen, g))
			return "number does not match the commodity's declared format";
		*dm = nd ? d : 0;
		*gm = (d == '.' ? ncomma : ndot) ? g : 0;
		return NULL;
	}
	if (ndot && ncomma) {
		char d = tok[last], g = d == '.' ? ',' : '.';
		if ((d == '.' ? ndot : ncomma) != 1)
			return "malformed number: the decimal mark appears twice";
		if (!valid_grouping(tok, last, g))
			return "malformed number: bad digit grouping";
		*dm = d;
		*gm = g;
		return NULL;
	}
	char m = ndot ? '.' : ',';
	size_t count = ndot ? ndot : ncomma;
	if (count > 1) {
		if (!valid_grouping(tok, n, m))
			return "malformed number: bad digit grouping";
		*gm = m;
		return NULL;
	}
	size_t frac = n - last - 1;
	bool int_zero = last == 0 || (last == 1 && tok[0] == '0');
	if (frac != 3 || int_zero || last > 3) {
		*dm = m;
		return NULL;
	}
	if (c->mark || c->group) {
		if (c->mark ? c->mark == m : c->group != m)
			*dm = m;
		else
			*gm = m;
		return NULL;
	}
	return "ambiguous number: is the mark a decimal mark or a thousands separator? "
	       "declare the format with a commodity directive (e.g. 'commodity 1,000.00 EUR')";
}

static const char *parse_amount(const char **pp, const char *end, struct commodity_table *t,
				bool learn, bool declare, struct amount *out, const char **errpos)
{
	const char *p = *pp;
	const char *sym = NULL;
	size_t symlen = 0;
	bool neg = false, have_sign = false, left = false, spaced = false;
	const char *msg;

	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		have_sign = true;
		p++;
	}
	if (p < end && (*p == '"' || commodity_symbol_char((unsigned char)*p))) {
		if ((msg = parse_symbol(&p, end, &sym, &symlen, errpos)))
			return msg;
		left = true;
		while (p < end && is_blank(*p)) {
			p++;
			spaced = true;
		}
		if (p < end && (*p == '-' || *p == '+')) {
			if (have_sign) {
				*errpos = p;
				return "amount has two signs";
			}
			neg = *p == '-';
			have_sign = true;
			p++;
		}
	}
	const char *tok = p;
	if (!(p < end && (is_digit(*p) || ((*p == '.' || *p == ',') && p + 1 < end && is_digit(p[1]))))) {
		*errpos = p;
		return left ? "expected a number after the commodity symbol" : "expected an amount";
	}
	while (p < end && (is_digit(*p) || *p == '.' || *p == ','))
		p++;
	size_t toklen = (size_t)(p - tok);
	if (toklen > MAX_NUMBER_CHARS) {
		*errpos = tok;
		return "number too long";
	}
	if (!left) {
		const char *q = p;
		while (q < end && is_blank(*q))
			q++;
		if (q < end && (*q == '"' || commodity_symbol_char((unsigned char)*q))) {
			spaced = q > p;
			if ((msg = parse_symbol(&q, end, &sym, &symlen, errpos)))
				return msg;
			p = q;
		}
	}
	if (p < end && (*p == '"' || commodity_symbol_char((unsigned char)*p))) {
		*errpos = p;
		return left ? "amount has a commodity symbol on both sides" : "unexpected text in amount";
	}

	uint32_t cid = commodity_intern(t, sym ? sym : "", sym ? symlen : 0);
	struct commodity *c = &t->v[cid];
	char dm, gm;
	if (declare && c->style_declared) {
		*errpos = *pp;
		return "the commodity's format is already declared";
	}
	if (declare) {
		/* a sample: the last mark (or a trailing one) is the decimal mark */
		const char *last = NULL;
		for (size_t i = 0; i < toklen; i++)
			if (tok[i] == '.' || tok[i] == ',')
				last = tok + i;
		dm = last ? *last : 0;
		gm = 0;
		for (size_t i = 0; last && tok + i < last; i++)
			if ((tok[i] == '.' || tok[i] == ',') && tok[i] != dm)
				gm = tok[i];
		size_t intlen = last ? (size_t)(last - tok) : 0;
		bool dm_twice = false;
		for (size_t i = 0; i < intlen; i++)
			if (tok[i] == dm)
				dm_twice = true;
		if (last && (dm_twice || (gm && !valid_grouping(tok, intlen, gm)))) {
			*errpos = tok;
			return "malformed sample amount: use one decimal mark and groups of three digits";
		}
		bool int_zero = intlen == 0 || (intlen == 1 && tok[0] == '0');
		if (last && !gm && toklen - intlen - 1 == 3 && !int_zero && intlen <= 3) {
			*errpos = tok;
			return "ambiguous sample amount: a mark followed by three digits could be a thousands "
			       "separator; write '1,000.' for no decimals or show both marks (1.000,000)";
		}
	} else if ((msg = decide_marks(tok, toklen, c, &dm, &gm))) {
		*errpos = tok;
		return msg;
	}
	char digits[MAX_NUMBER_CHARS + 1];
	size_t nd = 0;
	int32_t scale = 0;
	bool in_frac = false;
	for (size_t i = 0; i < toklen; i++) {
		char ch = tok[i];
		if (is_digit(ch)) {
			digits[nd++] = ch;
			if (in_frac)
				scale++;
		} else if (dm && ch == dm) {
			in_frac = true;
		}
	}
	if (!nd) {
		*errpos = tok;
		return "expected digits";
	}
	if (nd - (size_t)scale > MAX_DIGITS) {
		*errpos = tok;
		return "number too long (more than 250 digits before the decimal mark)";
	}
	if (scale > DEC_MAX_SCALE) {
		*errpos = tok;
		return "too many decimal places (at most 30)";
	}
	if (dec_from_digits(&out->qty, digits, nd, scale, neg)) {
		*errpos = tok;
		return "malformed number";
	}
	out->commodity = cid;
	if (declare) {
		c->mark = dm ? dm : '.';
		c->group = gm;
		c->precision = scale;
		c->left = left;
		c->spaced = spaced;
		c->style_declared = true;
		c->declared = true;
	} else if (learn) {
		if (!c->style_declared) {
			if (dm && !c->mark && dm != c->group)
				c->mark = dm;
			if (gm && !c->group && gm != c->mark) {
				c->group = gm;
				/* a group mark tells the decimal mark too */
				if (!c->mark)
					c->mark = gm == ',' ? '.' : ',';
			}
			if (scale > c->precision)
				c->precision = scale;
		}
		if (!c->style_seen && !c->style_declared && sym) {
			c->left = left;
			c->spaced = spaced;
			c->style_seen = true;
		}
	}
	*pp = p;
	return NULL;
}

const char *amount_parse(const char **pp, const char *end, struct commodity_table *t, bool learn,
			 struct amount *out, const char **errpos)
{
	return parse_amount(pp, end, t, learn, false, out, errpos);
}

const char *amount_parse_style(const char **pp, const char *end, struct commodity_table *t,
			       uint32_t *cid, const char **errpos)
{
	struct amount a = AMOUNT_INIT;
	const char *msg = parse_amount(pp, end, t, false, true, &a, errpos);
	if (!msg)
		*cid = a.commodity;
	dec_clear(&a.qty);
	return msg;
}

void amount_format(struct strbuf *sb, const struct commodity_table *t, uint32_t cid,
		   const struct dec *qty)
{
	amount_format_scale(sb, t, cid, qty, 0);
}

void amount_format_scale(struct strbuf *sb, const struct commodity_table *t, uint32_t cid,
			 const struct dec *qty, int32_t min_scale)
{
	const struct commodity *c = &t->v[cid];
	const char *sym = commodity_symbol(t, cid);
	bool quote = commodity_needs_quotes(sym);
	bool left = (c->style_seen || c->style_declared) ? c->left : false;
	bool spaced = (c->style_seen || c->style_declared) ? c->spaced : true;
	char mark = c->mark ? c->mark : (c->group == '.' ? ',' : '.');
	int32_t prec = c->precision > min_scale ? c->precision : min_scale;
	if (!c->mark) {
		/* "1.125" would read back as ambiguous: show "1.1250" (the same value) */
		int32_t need = dec_needed_scale(qty);
		if ((need > prec ? need : prec) == 3)
			prec = 4;
	}
	if (*sym && left) {
		if (quote)
			strbuf_addch(sb, '"');
		strbuf_addstr(sb, sym);
		if (quote)
			strbuf_addch(sb, '"');
		if (spaced)
			strbuf_addch(sb, ' ');
	}
	dec_format(sb, qty, prec, mark, c->group);
	if (*sym && !left) {
		if (spaced)
			strbuf_addch(sb, ' ');
		if (quote)
			strbuf_addch(sb, '"');
		strbuf_addstr(sb, sym);
		if (quote)
			strbuf_addch(sb, '"');
	}
}

/*
 * fuzz_amount.c - libFuzzer target for the amount parser (amount.c).
 *
 * Input: one mode byte, then text. Only the text before the first NUL byte
 * is used, as the journal reader never passes a NUL on (it stops there).
 * Every run starts from a fresh commodity table in which the style of SEK
 * is declared from the sample "1.000,00 SEK", so both the declared-format
 * and the guessing paths of the parser are reachable.
 *
 *   mode '0' (byte & 3 == 0)  amount_parse of the text, learn = false
 *   mode '1'                  amount_parse of the text, learn = true
 *   mode '2'                  amount_parse_style of the text (a commodity
 *                             directive's sample), then the consumed sample
 *                             must read back with amount_parse
 *   mode '3'                  a small journal of amounts: each line holds
 *                             amounts separated by blanks and is read with
 *                             learn = true, a line "commodity SAMPLE"
 *                             declares a style; at the end every amount read
 *                             is checked again against the final styles
 *
 * Invariants (abort() when broken):
 *  - on success *p has advanced, and not past the end; on failure *p is
 *    unchanged and *errpos lies within the text;
 *  - amount_format of a parsed amount, read back with amount_parse (learn =
 *    false) on the same table, consumes the whole text and gives the same
 *    commodity and an equal number (dec_cmp == 0). This is what makes
 *    `clerk balance` output readable as a journal again.
 */
#include "compat.h"
#include "amount.h"
#include "commodity.h"
#include "decimal.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SAMPLE_STYLE "1.000,00 SEK"
#define MAX_AMOUNTS 64

static NORETURN void fail(const char *what, const char *text, size_t len, const char *detail)
{
	fprintf(stderr, "fuzz_amount: %s: '%.*s'%s%s\n", what, (int)len, text, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

/* Checks the cursor contract of one amount_parse / amount_parse_style call. */
static void check_cursor(const char *start, const char *end, const char *p, const char *msg,
			 const char *errpos)
{
	if (msg) {
		if (p != start)
			fail("cursor moved on failure", start, (size_t)(end - start), msg);
		if (!errpos || errpos < start || errpos > end)
			fail("error position outside the text", start, (size_t)(end - start), msg);
	} else if (p <= start || p > end) {
		fail("cursor not advanced within bounds on success", start, (size_t)(end - start),
		     NULL);
	}
}

/* Formats a and reads it back; aborts unless it is the same amount. */
static void roundtrip(struct commodity_table *t, const struct amount *a)
{
	struct strbuf sb = STRBUF_INIT, detail = STRBUF_INIT;
	struct amount b = AMOUNT_INIT;
	const char *p, *errpos = NULL, *msg, *what = NULL;

	amount_format(&sb, t, a->commodity, &a->qty);
	p = sb.buf;
	msg = amount_parse(&p, sb.buf + sb.len, t, false, &b, &errpos);
	if (msg) {
		what = "formatted amount does not parse";
		strbuf_addstr(&detail, msg);
	} else if (p != sb.buf + sb.len) {
		what = "formatted amount is not read to its end";
		strbuf_addstr(&detail, p);
	} else if (b.commodity != a->commodity) {
		what = "formatted amount reads back in another commodity";
		strbuf_addstr(&detail, commodity_symbol(t, b.commodity));
	} else if (dec_cmp(&b.qty, &a->qty)) {
		what = "formatted amount reads back as another number";
		dec_format_plain(&detail, &b.qty, 0);
	}
	if (what)
		fail(what, sb.buf, sb.len, detail.buf);
	dec_clear(&b.qty);
	strbuf_release(&sb);
	strbuf_release(&detail);
}

/* Reads one amount at the start of [s, e); on success round-trips it. */
static void one_amount(struct commodity_table *t, const char *s, const char *e, bool learn)
{
	struct amount a = AMOUNT_INIT;
	const char *p = s, *errpos = NULL;
	const char *msg = amount_parse(&p, e, t, learn, &a, &errpos);
	check_cursor(s, e, p, msg, errpos);
	if (!msg)
		roundtrip(t, &a);
	dec_clear(&a.qty);
}

/* A commodity directive's sample: declare, then the sample must read back. */
static void style_sample(struct commodity_table *t, const char *s, const char *e)
{
	uint32_t cid = UINT32_MAX;
	const char *p = s, *errpos = NULL;
	const char *msg = amount_parse_style(&p, e, t, &cid, &errpos);
	check_cursor(s, e, p, msg, errpos);
	if (msg)
		return;
	if (cid >= t->n || !t->v[cid].style_declared)
		fail("sample accepted but no style declared", s, (size_t)(e - s), NULL);

	struct amount a = AMOUNT_INIT;
	const char *q = s, *end = p;
	errpos = NULL;
	msg = amount_parse(&q, end, t, false, &a, &errpos);
	if (msg)
		fail("declared sample does not read as an amount", s, (size_t)(end - s), msg);
	if (q != end)
		fail("declared sample is not read to its end", s, (size_t)(end - s), NULL);
	if (a.commodity != cid)
		fail("declared sample reads back in another commodity", s, (size_t)(end - s), NULL);
	roundtrip(t, &a);
	dec_clear(&a.qty);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Mode 3: lines of blank-separated amounts, learning styles as a journal does. */
static void amount_lines(struct commodity_table *t, const char *s, const char *e)
{
	struct amount seen[MAX_AMOUNTS];
	size_t nseen = 0;

	while (s < e) {
		const char *eol = memchr(s, '\n', (size_t)(e - s));
		if (!eol)
			eol = e;
		if ((size_t)(eol - s) > 10 && !memcmp(s, "commodity ", 10)) {
			style_sample(t, s + 10, eol);
			s = eol + (eol < e);
			continue;
		}
		const char *p = s;
		while (nseen < MAX_AMOUNTS) {
			while (p < eol && is_blank(*p))
				p++;
			if (p >= eol)
				break;
			struct amount a = AMOUNT_INIT;
			const char *start = p, *errpos = NULL;
			const char *msg = amount_parse(&p, eol, t, true, &a, &errpos);
			check_cursor(start, eol, p, msg, errpos);
			if (msg) {
				dec_clear(&a.qty);
				break; /* like a journal: the rest of the line is lost */
			}
			roundtrip(t, &a);
			seen[nseen++] = a;
		}
		s = eol + (eol < e);
	}
	/* what `clerk balance` prints is formatted with the final styles */
	for (size_t i = 0; i < nseen; i++) {
		roundtrip(t, &seen[i]);
		dec_clear(&seen[i].qty);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct commodity_table t;
	uint32_t sek;
	const char *sample = SAMPLE_STYLE, *sp = sample, *errpos = NULL;

	if (size < 1)
		return 0;
	commodity_table_init(&t);
	if (amount_parse_style(&sp, sample + strlen(sample), &t, &sek, &errpos))
		fail("cannot declare the sample style", sample, strlen(sample), NULL);

	const char *s = (const char *)data + 1;
	const char *e = (const char *)data + size;
	const char *nul = memchr(s, '\0', (size_t)(e - s));
	if (nul)
		e = nul;
	switch (data[0] & 3) {
	case 0:
		one_amount(&t, s, e, false);
		break;
	case 1:
		one_amount(&t, s, e, true);
		break;
	case 2:
		style_sample(&t, s, e);
		break;
	default:
		amount_lines(&t, s, e);
		break;
	}
	commodity_table_release(&t);
	return 0;
}

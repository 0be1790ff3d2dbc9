/*
 * test_amount.c - amounts as written in journals: amount_parse(),
 * amount_parse_style() (commodity directive samples) and amount_format().
 */
#include "helpers.h"

#include <criterion/parameterized.h>

#include "amount.h"
#include "commodity.h"

/*
 * Parses text (all of it is available) into out. Returns amount_parse()'s
 * message; *used is how far the cursor moved, *errat the offset errpos
 * points at (SIZE_MAX when not set).
 */
static const char *parse_text(struct commodity_table *t, const char *text, bool learn,
			      struct amount *out, size_t *used, size_t *errat)
{
	const char *p = text, *errpos = NULL;
	const char *msg = amount_parse(&p, text + strlen(text), t, learn, out, &errpos);
	*used = (size_t)(p - text);
	*errat = errpos ? (size_t)(errpos - text) : SIZE_MAX;
	return msg;
}

/* Declares a commodity style from a sample; fails the test when it is rejected. */
static uint32_t declare(struct commodity_table *t, const char *sample)
{
	const char *p = sample, *errpos = NULL;
	uint32_t cid = NO_ID;
	const char *msg = amount_parse_style(&p, sample + strlen(sample), t, &cid, &errpos);
	cr_assert_null(msg, "sample \"%s\" rejected: %s", sample, msg ? msg : "");
	return cid;
}

/* ------------------------------------------------------------------ */
/* amount_parse: accepted forms */

struct ok_case {
	char text[64];
	char symbol[16];
	char value[48]; /* with the scale as parsed */
	size_t used;    /* bytes consumed */
};

ParameterizedTestParameters(amount, parse_ok)
{
	static struct ok_case cases[] = {
		{ "$-1.00", "$", "-1.00", 6 },
		{ "-$1.00", "$", "-1.00", 6 },
		{ "+$1.00", "$", "1.00", 6 },
		{ "EUR 5", "EUR", "5", 5 },
		{ "EUR -5", "EUR", "-5", 6 },
		{ "5 EUR", "EUR", "5", 5 },
		{ "5EUR", "EUR", "5", 4 },
		{ "-5.25 EUR", "EUR", "-5.25", 9 },
		{ "\"ABC 1\" 3", "ABC 1", "3", 9 },
		{ "3 \"ABC 1\"", "ABC 1", "3", 9 },
		{ "\xE2\x82\xAC" "5", "\xE2\x82\xAC", "5", 4 },
		/* both marks: the last one is the decimal mark */
		{ "1,000.50", "", "1000.50", 8 },
		{ "1.000,50", "", "1000.50", 8 },
		{ "1,000,000.25 USD", "USD", "1000000.25", 16 },
		/* one mark that cannot be a thousands separator */
		{ "0.500", "", "0.500", 5 },
		{ "0,500", "", "0.500", 5 },
		{ ".5", "", "0.5", 2 },
		{ "1,5", "", "1.5", 3 },
		{ "1.25", "", "1.25", 4 },
		{ "1000.000", "", "1000.000", 8 },
		{ "12.3456", "", "12.3456", 7 },
		/* the same mark twice is a group mark */
		{ "1.000.000", "", "1000000", 9 },
		{ "1,000,000", "", "1000000", 9 },
		/* 30 decimals is the limit */
		{ "0.000000000000000000000000000001", "", "0.000000000000000000000000000001", 32 },
		/* the cursor stops before following blanks and comments */
		{ "5 EUR ; note", "EUR", "5", 5 },
		{ "5  ; note", "", "5", 1 },
		{ "$5 @ 2 EUR", "$", "5", 2 },
	};
	return cr_make_param_array(struct ok_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct ok_case *c, amount, parse_ok)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	const char *msg = parse_text(&t, c->text, true, &a, &used, &errat);
	cr_assert_null(msg, "\"%s\" rejected: %s", c->text, msg ? msg : "");
	cr_assert_str_eq(commodity_symbol(&t, a.commodity), c->symbol, "symbol of \"%s\"", c->text);
	assert_dec(&a.qty, c->value);
	cr_assert_eq(used, c->used, "\"%s\": consumed %zu bytes, expected %zu", c->text, used,
		     c->used);
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, forty_digit_integer_is_exact)
{
	static const char text[] = "1234567890123456789012345678901234567890 XAU";
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, text, true, &a, &used, &errat));
	cr_assert(a.qty.isbig);
	assert_dec(&a.qty, "1234567890123456789012345678901234567890");
	cr_assert_str_eq(commodity_symbol(&t, a.commodity), "XAU");
	cr_assert_eq(used, strlen(text));
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, bare_number_is_the_empty_commodity)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "42", true, &a, &used, &errat));
	cr_assert_eq(a.commodity, 0, "commodity id 0 is the bare number");
	cr_assert_str_eq(commodity_symbol(&t, 0), "");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* amount_parse: rejected forms */

struct bad_case {
	char text[320];
	char msg[48]; /* part of the message */
	size_t errat; /* offset errpos points at */
};

ParameterizedTestParameters(amount, parse_bad)
{
	static struct bad_case cases[] = {
		{ "1,000", "ambiguous", 0 },
		{ "1.000", "ambiguous", 0 },
		{ "-1,000 EUR", "ambiguous", 1 },
		{ "EUR 1.000", "ambiguous", 4 },
		{ "$1,00,0", "bad digit grouping", 1 },
		{ "1,0000.5", "bad digit grouping", 0 },
		{ "12,34,567", "bad digit grouping", 0 },
		{ "1..5", "bad digit grouping", 0 },
		{ "1.000,5,0", "decimal mark appears twice", 0 },
		{ "-$-1", "two signs", 2 },
		{ "+EUR -1", "two signs", 5 },
		{ "$1EUR", "both sides", 2 },
		{ "0.0000000000000000000000000000001", "too many decimal places", 0 },
		{ "EUR", "expected a number after the commodity symbol", 3 },
		{ "EUR ;", "expected a number after the commodity symbol", 4 },
		{ "", "expected an amount", 0 },
		{ "-", "expected an amount", 1 },
		{ ". 5", "expected an amount", 0 },
		{ "\"ABC 1 3", "unterminated quoted commodity symbol", 0 },
		{ "\"\" 3", "empty quoted commodity symbol", 0 },
		{ "5 \"ABC", "unterminated quoted commodity symbol", 2 },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "12345678901234567890123456789012345678901",
		  "number too long (more than 250 digits", 0 },
	};
	return cr_make_param_array(struct bad_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct bad_case *c, amount, parse_bad)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	const char *msg = parse_text(&t, c->text, true, &a, &used, &errat);
	cr_assert_not_null(msg, "\"%s\" must be rejected", c->text);
	cr_assert(strstr(msg, c->msg), "\"%s\": message \"%s\" lacks \"%s\"", c->text, msg, c->msg);
	cr_assert_eq(errat, c->errat, "\"%s\": errpos at %zu, expected %zu", c->text, errat,
		     c->errat);
	cr_assert_eq(used, 0, "the cursor does not move on failure");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, ambiguity_message_suggests_a_directive)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	const char *msg = parse_text(&t, "1,000 EUR", true, &a, &used, &errat);
	cr_assert_not_null(msg);
	cr_assert(strstr(msg, "commodity directive"), "message: %s", msg);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, text_after_a_blank_is_left_to_the_caller)
{
	/*
	 * "$1 EUR": the amount is "$1" and the cursor stops at the blank, so the
	 * caller sees "EUR" (the journal reports it as unexpected text).
	 */
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "$1 EUR", true, &a, &used, &errat));
	cr_assert_eq(used, 2, "\"EUR\" must not be swallowed into the amount");
	cr_assert_str_eq(commodity_symbol(&t, a.commodity), "$");
	cr_assert_eq(symtab_find(&t.names, "EUR", 3), UINT32_MAX, "EUR was not interned");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* marks: declared and learned styles */

Test(amount, declared_style_decides_the_marks)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	uint32_t sek = declare(&t, "1.000,00 SEK");

	cr_assert_null(parse_text(&t, "1.000,50 SEK", true, &a, &used, &errat));
	cr_assert_eq(a.commodity, sek);
	assert_dec(&a.qty, "1000.50");
	cr_assert_null(parse_text(&t, "1.000 SEK", true, &a, &used, &errat),
		       "not ambiguous once declared");
	assert_dec(&a.qty, "1000");
	cr_assert_null(parse_text(&t, "1,5 SEK", true, &a, &used, &errat));
	assert_dec(&a.qty, "1.5");
	cr_assert_null(parse_text(&t, "-1.234.567,891 SEK", true, &a, &used, &errat));
	assert_dec(&a.qty, "-1234567.891");

	const char *msg = parse_text(&t, "1,000.50 SEK", true, &a, &used, &errat);
	cr_assert_not_null(msg, "'.' as decimal mark contradicts the declaration");
	cr_assert(strstr(msg, "declared format"), "message: %s", msg);
	cr_assert_eq(errat, 0);
	msg = parse_text(&t, "1.5 SEK", true, &a, &used, &errat);
	cr_assert_not_null(msg, "'.' is SEK's group mark: 1.5 is badly grouped");
	cr_assert(strstr(msg, "declared format"), "message: %s", msg);

	/* other commodities are not affected */
	msg = parse_text(&t, "1.000 NOK", true, &a, &used, &errat);
	cr_assert_not_null(msg);
	cr_assert(strstr(msg, "ambiguous"), "message: %s", msg);
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, declared_dot_style)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	declare(&t, "$1,000.00");
	cr_assert_null(parse_text(&t, "$1,000", true, &a, &used, &errat));
	assert_dec(&a.qty, "1000");
	cr_assert_null(parse_text(&t, "$1.000", true, &a, &used, &errat));
	assert_dec(&a.qty, "1.000");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, learned_mark_resolves_later_ambiguity)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "1,5 EUR", true, &a, &used, &errat));
	uint32_t eur = a.commodity;
	cr_assert_eq(t.v[eur].mark, ',', "EUR learned ',' as its decimal mark");
	cr_assert_null(parse_text(&t, "1,000 EUR", true, &a, &used, &errat));
	assert_dec(&a.qty, "1.000");
	cr_assert_null(parse_text(&t, "1.000 EUR", true, &a, &used, &errat));
	assert_dec(&a.qty, "1000");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, learn_false_leaves_the_style_alone)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "EUR 1,5", false, &a, &used, &errat));
	const struct commodity *c = &t.v[a.commodity];
	cr_assert_eq(c->mark, 0);
	cr_assert_eq(c->precision, 0);
	cr_assert(!c->style_seen);
	cr_assert_not_null(parse_text(&t, "1,000 EUR", false, &a, &used, &errat),
			   "still ambiguous");
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, learning_records_side_spacing_and_precision)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "EUR 1.5", true, &a, &used, &errat));
	cr_assert_null(parse_text(&t, "2.125 EUR", true, &a, &used, &errat));
	const struct commodity *c = &t.v[a.commodity];
	cr_assert(c->style_seen);
	cr_assert(c->left, "the first amount seen decides the side");
	cr_assert(c->spaced);
	cr_assert_eq(c->precision, 3, "the most decimals seen");
	cr_assert_eq(c->mark, '.');
	cr_assert(!c->declared);
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* amount_parse_style */

struct style_case {
	char sample[32];
	char symbol[16];
	bool left, spaced;
	char mark, group;
	int32_t precision;
};

ParameterizedTestParameters(amount, parse_style)
{
	static struct style_case cases[] = {
		{ "$1,000.00", "$", true, false, '.', ',', 2 },
		{ "1.000,00 SEK", "SEK", false, true, ',', '.', 2 },
		{ "EUR 1000.00", "EUR", true, true, '.', 0, 2 },
		{ "1,000. JPY", "JPY", false, true, '.', ',', 0 },
		{ "1000 JPY", "JPY", false, true, '.', 0, 0 },
		{ "1000,0000 BTC", "BTC", false, true, ',', 0, 4 },
		{ "\"ABC 1\" 1,000.0000", "ABC 1", true, true, '.', ',', 4 },
	};
	return cr_make_param_array(struct style_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct style_case *c, amount, parse_style)
{
	struct commodity_table t;
	commodity_table_init(&t);
	uint32_t cid = declare(&t, c->sample);
	const struct commodity *k = &t.v[cid];
	cr_assert_str_eq(commodity_symbol(&t, cid), c->symbol, "\"%s\"", c->sample);
	cr_assert_eq(k->left, c->left, "\"%s\": side", c->sample);
	cr_assert_eq(k->spaced, c->spaced, "\"%s\": spacing", c->sample);
	cr_assert_eq(k->mark, c->mark, "\"%s\": mark '%c'", c->sample, k->mark ? k->mark : '0');
	cr_assert_eq(k->group, c->group, "\"%s\": group '%c'", c->sample,
		     k->group ? k->group : '0');
	cr_assert_eq(k->precision, c->precision, "\"%s\": precision %d", c->sample,
		     (int)k->precision);
	cr_assert(k->declared && k->style_declared);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, parse_style_rejects)
{
	static const struct {
		const char *sample, *msg;
	} bad[] = {
		{ "1,00.00 X", "malformed sample amount" },
		{ "1.000.00 X", "malformed sample amount" },
		{ "X", "expected a number" },
	};
	struct commodity_table t;
	commodity_table_init(&t);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *p = bad[i].sample, *errpos = NULL;
		uint32_t cid = 12345;
		const char *msg = amount_parse_style(&p, p + strlen(p), &t, &cid, &errpos);
		cr_assert_not_null(msg, "\"%s\" must be rejected", bad[i].sample);
		cr_assert(strstr(msg, bad[i].msg), "\"%s\": %s", bad[i].sample, msg);
		cr_assert_eq(cid, 12345, "cid untouched on failure");
		cr_assert_eq(p, bad[i].sample, "cursor untouched on failure");
	}
	/* a second declaration of the same commodity */
	declare(&t, "1.000,00 SEK");
	const char *s = "1,000.00 SEK", *p = s, *errpos = NULL;
	uint32_t cid;
	const char *msg = amount_parse_style(&p, s + strlen(s), &t, &cid, &errpos);
	cr_assert_not_null(msg);
	cr_assert(strstr(msg, "already declared"), "message: %s", msg);
	cr_assert_eq(errpos, s);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* amount_format */

struct format_case {
	char sample[32]; /* declared style, "" for none */
	char text[40];   /* amount parsed in that style */
	char want[48];   /* formatted */
};

ParameterizedTestParameters(amount, format_round_trip)
{
	static struct format_case cases[] = {
		{ "$1,000.00", "$-1234.5", "$-1,234.50" },
		{ "$1,000.00", "$0.125", "$0.125" },
		{ "1.000,00 SEK", "-1234567,891 SEK", "-1.234.567,891 SEK" },
		{ "1.000,00 SEK", "5 SEK", "5,00 SEK" },
		{ "EUR 1000.00", "EUR 5", "EUR 5.00" },
		{ "EUR 1000.00", "EUR 1234567.5", "EUR 1234567.50" },
		{ "1,000. JPY", "1234567 JPY", "1,234,567 JPY" },
		{ "1,000. JPY", "-1000 JPY", "-1,000 JPY" },
		{ "\"ABC 1\" 1,000.00", "\"ABC 1\" 3", "\"ABC 1\" 3.00" },
		/* undeclared: the style comes from the first amount seen */
		{ "", "5 EUR", "5 EUR" },
		{ "", "EUR 5", "EUR 5" },
		{ "", "\xE2\x82\xAC" "5", "\xE2\x82\xAC" "5" },
		{ "", "42", "42" },
		{ "", "-0.5", "-0.5" },
	};
	return cr_make_param_array(struct format_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct format_case *c, amount, format_round_trip)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT, b = AMOUNT_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	if (*c->sample)
		declare(&t, c->sample);
	const char *msg = parse_text(&t, c->text, true, &a, &used, &errat);
	cr_assert_null(msg, "\"%s\": %s", c->text, msg ? msg : "");
	amount_format(&sb, &t, a.commodity, &a.qty);
	cr_assert_str_eq(sb.buf, c->want, "\"%s\" formats as \"%s\"", c->text, sb.buf);
	/* and the formatted text parses back to the same amount */
	msg = parse_text(&t, sb.buf, true, &b, &used, &errat);
	cr_assert_null(msg, "\"%s\" does not parse back: %s", sb.buf, msg ? msg : "");
	cr_assert_eq(used, sb.len, "all of \"%s\" is the amount", sb.buf);
	cr_assert_eq(b.commodity, a.commodity);
	cr_assert_eq(dec_cmp(&a.qty, &b.qty), 0, "\"%s\" parses back to another value", sb.buf);
	strbuf_release(&sb);
	dec_clear(&a.qty);
	dec_clear(&b.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, format_pads_to_the_learned_precision)
{
	struct commodity_table t;
	struct amount a = AMOUNT_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t used, errat;
	commodity_table_init(&t);
	cr_assert_null(parse_text(&t, "1234.567 EUR", true, &a, &used, &errat));
	cr_assert_null(parse_text(&t, "1 EUR", true, &a, &used, &errat));
	amount_format(&sb, &t, a.commodity, &a.qty);
	cr_assert_str_eq(sb.buf, "1.000 EUR");
	strbuf_release(&sb);
	dec_clear(&a.qty);
	commodity_table_release(&t);
	ASSERT_NO_LEAKS();
}

Test(amount, symbols_that_need_quotes)
{
	cr_assert(commodity_needs_quotes("ABC 1"));
	cr_assert(commodity_needs_quotes("A1"), "digits force quotes");
	cr_assert(commodity_needs_quotes("X-Y"));
	cr_assert(!commodity_needs_quotes("EUR"));
	cr_assert(!commodity_needs_quotes("$"));
	cr_assert(!commodity_needs_quotes("\xE2\x82\xAC"));
	cr_assert(!commodity_needs_quotes(""), "the bare commodity is never quoted");
	cr_assert(!commodity_symbol_char(' '));
	cr_assert(!commodity_symbol_char(';'));
	cr_assert(commodity_symbol_char('$'));
	ASSERT_NO_LEAKS();
}

/*
 * test_decimal.c - struct dec: exact decimals that live in an int64_t while
 * they fit and move to GMP when an operation would overflow.
 */
#include "helpers.h"

#include <criterion/parameterized.h>

#include "decimal.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* dec_from_digits */

struct digits_case {
	char digits[40];
	int32_t scale;
	bool neg;
	char want[40];
	bool big; /* the coefficient does not fit in an int64_t */
};

ParameterizedTestParameters(decimal, from_digits)
{
	static struct digits_case cases[] = {
		{ "12345", 2, false, "123.45", false },
		{ "5", 3, false, "0.005", false },
		{ "0", 0, false, "0", false },
		{ "000123", 0, true, "-123", false },
		{ "150", 2, false, "1.50", false },
		/* 18 digits: the last length parsed without GMP */
		{ "999999999999999999", 0, false, "999999999999999999", false },
		/* 19 digits that still fit in int64 come back from GMP as small */
		{ "9223372036854775807", 0, false, "9223372036854775807", false },
		{ "9223372036854775808", 0, true, "-9223372036854775808", false },
		{ "9223372036854775808", 0, false, "9223372036854775808", true },
		{ "0000000000000000000000000042", 1, false, "4.2", false },
		{ "123456789012345678901234567890", 30, false, "0.123456789012345678901234567890",
		  true },
		{ "1", 30, true, "-0.000000000000000000000000000001", false },
	};
	return cr_make_param_array(struct digits_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct digits_case *c, decimal, from_digits)
{
	struct dec d = DEC_INIT;
	cr_assert_eq(dec_from_digits(&d, c->digits, strlen(c->digits), c->scale, c->neg), 0,
		     "dec_from_digits(\"%s\", %d) failed", c->digits, (int)c->scale);
	cr_assert_eq(d.scale, c->scale, "scale of \"%s\"", c->digits);
	cr_assert_eq(d.isbig, c->big, "\"%s\": isbig is %d", c->digits, (int)d.isbig);
	assert_dec(&d, c->want);
	dec_clear(&d);
	ASSERT_NO_LEAKS();
}

Test(decimal, from_digits_rejects_bad_input)
{
	struct dec d = DEC_INIT;
	cr_assert_eq(dec_from_digits(&d, "", 0, 0, false), CLERK_EPARSE, "empty digits");
	cr_assert_eq(dec_from_digits(&d, "12a4", 4, 0, false), CLERK_EPARSE, "letter, short");
	cr_assert_eq(dec_from_digits(&d, "1.5", 3, 1, false), CLERK_EPARSE, "a mark is no digit");
	cr_assert_eq(dec_from_digits(&d, "-15", 3, 0, false), CLERK_EPARSE, "a sign is no digit");
	cr_assert_eq(dec_from_digits(&d, "1234567890123456789x", 20, 0, false), CLERK_EPARSE,
		     "letter in a long (GMP) number");
	cr_assert_eq(dec_from_digits(&d, "1", 1, DEC_MAX_SCALE + 1, false), CLERK_EPARSE,
		     "scale 31 is out of range");
	cr_assert_eq(dec_from_digits(&d, "1", 1, -1, false), CLERK_EPARSE,
		     "negative scale is out of range");
	cr_assert_eq(clerk_error_last()->code, CLERK_EPARSE);
	dec_clear(&d);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(decimal, from_digits_reads_only_n_bytes)
{
	struct dec d = DEC_INIT;
	cr_assert_eq(dec_from_digits(&d, "12345xyz", 3, 1, false), 0);
	assert_dec(&d, "12.3");
	dec_clear(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* add, sub, neg, abs */

Test(decimal, add_sub_across_scales)
{
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "1.5");
	set_dec(&b, "0.25");
	dec_add(&r, &a, &b);
	cr_assert_eq(r.scale, 2, "the sum has the larger scale");
	assert_dec(&r, "1.75");
	dec_sub(&r, &b, &a);
	assert_dec(&r, "-1.25");
	set_dec(&a, "1");
	set_dec(&b, "0.001");
	dec_sub(&r, &a, &b);
	assert_dec(&r, "0.999");
	set_dec(&a, "-2.50");
	set_dec(&b, "2.5");
	dec_add(&r, &a, &b);
	cr_assert(dec_is_zero(&r), "-2.50 + 2.5 is zero");
	assert_dec(&r, "0.00");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, add_overflows_into_gmp_and_back)
{
	struct dec a = DEC_INIT, one = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, INT64_MAX, 0);
	dec_set_i64(&one, 1, 0);
	dec_add(&r, &a, &one);
	cr_assert(r.isbig, "INT64_MAX + 1 needs GMP");
	assert_dec(&r, "9223372036854775808");
	dec_sub(&r, &r, &one);
	cr_assert(!r.isbig, "INT64_MAX fits again");
	cr_assert_eq(r.u.small, INT64_MAX);
	cr_assert_eq(dec_cmp(&r, &a), 0);
	dec_clear(&a);
	dec_clear(&one);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, sub_overflows_below_int64_min_and_back)
{
	struct dec a = DEC_INIT, one = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, INT64_MIN, 0);
	dec_set_i64(&one, 1, 0);
	dec_sub(&r, &a, &one);
	cr_assert(r.isbig, "INT64_MIN - 1 needs GMP");
	assert_dec(&r, "-9223372036854775809");
	dec_add(&r, &r, &one);
	cr_assert(!r.isbig);
	cr_assert_eq(r.u.small, INT64_MIN);
	dec_clear(&a);
	dec_clear(&one);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, add_overflows_when_aligning_scales)
{
	/* INT64_MAX has to be multiplied by 10 to meet 0.1's scale */
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, INT64_MAX, 0);
	set_dec(&b, "0.1");
	dec_add(&r, &a, &b);
	cr_assert(r.isbig);
	cr_assert_eq(r.scale, 1);
	assert_dec(&r, "9223372036854775807.1");
	dec_sub(&r, &r, &a);
	cr_assert(!r.isbig, "0.1 is small again");
	assert_dec(&r, "0.1");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, big_values_cancel_to_small_zero)
{
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "123456789012345678901234567890.5");
	set_dec(&b, "-123456789012345678901234567890.50");
	cr_assert(a.isbig && b.isbig);
	dec_add(&r, &a, &b);
	cr_assert(!r.isbig);
	cr_assert(dec_is_zero(&r));
	cr_assert_eq(r.scale, 2);
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, neg_of_int64_min_goes_big)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, INT64_MIN, 2);
	dec_neg(&r, &a);
	cr_assert(r.isbig, "-(INT64_MIN) does not fit in int64");
	cr_assert_eq(r.scale, 2);
	assert_dec(&r, "92233720368547758.08");
	dec_neg(&r, &r);
	cr_assert(!r.isbig, "negating back fits again");
	cr_assert_eq(r.u.small, INT64_MIN);
	dec_abs(&r, &a);
	cr_assert(r.isbig, "|INT64_MIN| does not fit either");
	assert_dec(&r, "92233720368547758.08");
	dec_clear(&a);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, neg_and_abs_keep_scale)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "1.50");
	dec_neg(&r, &a);
	assert_dec(&r, "-1.50");
	dec_abs(&r, &r);
	assert_dec(&r, "1.50");
	dec_abs(&r, &a);
	assert_dec(&r, "1.50");
	cr_assert_eq(dec_sgn(&a), 1);
	dec_neg(&a, &a);
	cr_assert_eq(dec_sgn(&a), -1);
	dec_clear(&a);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* mul */

Test(decimal, mul_adds_scales)
{
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "1.5");
	set_dec(&b, "0.25");
	cr_assert_eq(dec_mul(&r, &a, &b), 0);
	cr_assert_eq(r.scale, 3);
	assert_dec(&r, "0.375");
	set_dec(&a, "-2");
	set_dec(&b, "3.5");
	cr_assert_eq(dec_mul(&r, &a, &b), 0);
	assert_dec(&r, "-7.0");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, mul_overflows_into_gmp)
{
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, INT64_MAX, 0);
	dec_set_i64(&b, 2, 0);
	cr_assert_eq(dec_mul(&r, &a, &b), 0);
	cr_assert(r.isbig);
	assert_dec(&r, "18446744073709551614");

	cr_assert_eq(dec_mul(&r, &a, &a), 0);
	assert_dec(&r, "85070591730234615847396907784232501249");

	/* -1 * INT64_MIN is the one small product that overflows by one */
	dec_set_i64(&a, INT64_MIN, 0);
	dec_set_i64(&b, -1, 0);
	cr_assert_eq(dec_mul(&r, &a, &b), 0);
	cr_assert(r.isbig);
	assert_dec(&r, "9223372036854775808");

	/* big * big, and big * 0 back to small */
	set_dec(&a, "100000000000000000000");
	cr_assert_eq(dec_mul(&r, &a, &a), 0);
	assert_dec(&r, "10000000000000000000000000000000000000000");
	dec_set_i64(&b, 0, 2);
	cr_assert_eq(dec_mul(&r, &a, &b), 0);
	cr_assert(!r.isbig);
	assert_dec(&r, "0.00");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, mul_rejects_scale_over_limit)
{
	struct dec a = DEC_INIT, b = DEC_INIT, r = DEC_INIT;
	dec_set_i64(&a, 1, 20);
	dec_set_i64(&b, 1, 11);
	dec_set_i64(&r, 7, 0);
	cr_assert_eq(dec_mul(&r, &a, &b), CLERK_EINVALID, "scale 31 > DEC_MAX_SCALE");
	cr_assert_eq(r.u.small, 7, "out is unchanged on failure");
	cr_assert_eq(r.scale, 0);
	dec_set_i64(&b, 3, 10);
	cr_assert_eq(dec_mul(&r, &a, &b), 0, "scale 30 is allowed");
	cr_assert_eq(r.scale, 30);
	assert_dec(&r, "0.000000000000000000000000000003");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&r);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* cmp */

struct cmp_case {
	char a[40], b[40];
	int sign;
};

ParameterizedTestParameters(decimal, cmp)
{
	static struct cmp_case cases[] = {
		{ "1.5", "1.50", 0 },
		{ "1.5", "1.49", 1 },
		{ "-1", "0.5", -1 },
		{ "0", "-0.000", 0 },
		{ "2", "10", -1 },
		{ "-2", "-10", 1 },
		/* aligning scales overflows int64: GMP decides */
		{ "9223372036854775807", "922337203685477580.7", 1 },
		{ "-9223372036854775808", "-9223372036854775807.9", -1 },
		/* big against small, both signs */
		{ "99999999999999999999", "1", 1 },
		{ "-99999999999999999999", "1", -1 },
		{ "-99999999999999999999", "-99999999999999999998", -1 },
		{ "0.1", "0.10000000000000000000000000001", -1 },
		{ "12345678901234567890.00", "12345678901234567890", 0 },
	};
	return cr_make_param_array(struct cmp_case, cases, ARRAY_SIZE(cases));
}

static int sign_of(int v)
{
	return (v > 0) - (v < 0);
}

ParameterizedTest(struct cmp_case *c, decimal, cmp)
{
	struct dec a = DEC_INIT, b = DEC_INIT;
	set_dec(&a, c->a);
	set_dec(&b, c->b);
	cr_assert_eq(sign_of(dec_cmp(&a, &b)), c->sign, "cmp(%s, %s)", c->a, c->b);
	cr_assert_eq(sign_of(dec_cmp(&b, &a)), -c->sign, "cmp(%s, %s)", c->b, c->a);
	dec_clear(&a);
	dec_clear(&b);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* format */

struct format_case {
	char value[48];
	int32_t min_scale;
	char mark, group;
	char want[48];
};

ParameterizedTestParameters(decimal, format)
{
	static struct format_case cases[] = {
		{ "1234567.891", 2, '.', ',', "1,234,567.891" },
		{ "1234567.891", 2, ',', '.', "1.234.567,891" },
		{ "1234567.891", 0, '.', 0, "1234567.891" },
		{ "1234567.891", 0, '.', ' ', "1 234 567.891" },
		/* never rounds: more digits than min_scale are kept */
		{ "1.005", 2, '.', 0, "1.005" },
		{ "1.5", 2, '.', 0, "1.50" },
		{ "1.500", 0, '.', 0, "1.5" },
		{ "2.000", 0, '.', 0, "2" },
		{ "0", 2, '.', 0, "0.00" },
		{ "0.000", 0, '.', 0, "0" },
		{ "-0.05", 0, '.', 0, "-0.05" },
		{ "-0.05", 4, ',', '.', "-0,0500" },
		{ "100", 0, '.', ',', "100" },
		{ "1000", 0, '.', ',', "1,000" },
		{ "100000", 2, '.', ',', "100,000.00" },
		{ "-1234", 0, '.', ',', "-1,234" },
		{ "0.000000000000000000000000000001", 0, '.', 0,
		  "0.000000000000000000000000000001" },
		{ "-9223372036854775808", 0, '.', ',', "-9,223,372,036,854,775,808" },
		{ "123456789012345678901234.5678", 2, '.', ',',
		  "123,456,789,012,345,678,901,234.5678" },
		{ "-123456789012345678901234.50", 3, ',', '.',
		  "-123.456.789.012.345.678.901.234,500" },
	};
	return cr_make_param_array(struct format_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct format_case *c, decimal, format)
{
	struct dec d = DEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	set_dec(&d, c->value);
	dec_format(&sb, &d, c->min_scale, c->mark, c->group);
	cr_assert_str_eq(sb.buf, c->want, "format(%s, min_scale %d) gave \"%s\"", c->value,
			 (int)c->min_scale, sb.buf);
	strbuf_release(&sb);
	dec_clear(&d);
	ASSERT_NO_LEAKS();
}

Test(decimal, format_appends)
{
	struct dec d = DEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "total ");
	set_dec(&d, "1.25");
	dec_format_plain(&sb, &d, 0);
	cr_assert_str_eq(sb.buf, "total 1.25");
	strbuf_release(&sb);
	dec_clear(&d);
	ASSERT_NO_LEAKS();
}

Test(decimal, format_plain_trims_stored_scale,
     .description = "dec_format_plain() shows the digits the value needs: stored trailing "
		    "zeros beyond min_scale are not printed")
{
	struct dec d = DEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	set_dec(&d, "1.500");
	dec_format_plain(&sb, &d, 0);
	cr_assert_str_eq(sb.buf, "1.5", "plain form of 1.500 (scale 3) is \"%s\"", sb.buf);
	strbuf_release(&sb);
	dec_clear(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* rescale */

struct rescale_case {
	char value[48];
	int32_t scale;
	enum dec_round mode;
	char want[48];
};

ParameterizedTestParameters(decimal, rescale)
{
	static struct rescale_case cases[] = {
		/* half-even: ties go to the even neighbour */
		{ "0.125", 2, DEC_ROUND_HALF_EVEN, "0.12" },
		{ "0.135", 2, DEC_ROUND_HALF_EVEN, "0.14" },
		{ "-0.125", 2, DEC_ROUND_HALF_EVEN, "-0.12" },
		{ "-0.135", 2, DEC_ROUND_HALF_EVEN, "-0.14" },
		{ "0.1251", 2, DEC_ROUND_HALF_EVEN, "0.13" },
		{ "0.1249", 2, DEC_ROUND_HALF_EVEN, "0.12" },
		{ "2.5", 0, DEC_ROUND_HALF_EVEN, "2" },
		{ "3.5", 0, DEC_ROUND_HALF_EVEN, "4" },
		{ "-2.5", 0, DEC_ROUND_HALF_EVEN, "-2" },
		/* half-up: ties away from zero */
		{ "0.125", 2, DEC_ROUND_HALF_UP, "0.13" },
		{ "-0.125", 2, DEC_ROUND_HALF_UP, "-0.13" },
		{ "0.124", 2, DEC_ROUND_HALF_UP, "0.12" },
		{ "-0.124", 2, DEC_ROUND_HALF_UP, "-0.12" },
		{ "2.5", 0, DEC_ROUND_HALF_UP, "3" },
		/* down: toward zero */
		{ "0.129", 2, DEC_ROUND_DOWN, "0.12" },
		{ "-0.129", 2, DEC_ROUND_DOWN, "-0.12" },
		{ "0.999", 0, DEC_ROUND_DOWN, "0" },
		/* never: fine while only zeros go */
		{ "0.120", 2, DEC_ROUND_NEVER, "0.12" },
		{ "-5.000", 0, DEC_ROUND_NEVER, "-5" },
		/* widening is exact in every mode */
		{ "1.5", 4, DEC_ROUND_NEVER, "1.5000" },
		{ "-1.5", 30, DEC_ROUND_NEVER, "-1.500000000000000000000000000000" },
		{ "9223372036854775807", 2, DEC_ROUND_NEVER, "9223372036854775807.00" },
		/* big coefficients */
		{ "12345678901234567890.125", 2, DEC_ROUND_HALF_EVEN, "12345678901234567890.12" },
		{ "-12345678901234567890.135", 2, DEC_ROUND_HALF_EVEN, "-12345678901234567890.14" },
		{ "12345678901234567890.125", 2, DEC_ROUND_HALF_UP, "12345678901234567890.13" },
		{ "0.1234567890123456789012345", 3, DEC_ROUND_DOWN, "0.123" },
	};
	return cr_make_param_array(struct rescale_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct rescale_case *c, decimal, rescale)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	set_dec(&a, c->value);
	cr_assert_eq(dec_rescale(&r, &a, c->scale, c->mode), 0, "rescale(%s, %d, mode %d)",
		     c->value, (int)c->scale, (int)c->mode);
	cr_assert_eq(r.scale, c->scale);
	assert_dec(&r, c->want);
	/* the same with out aliasing a */
	cr_assert_eq(dec_rescale(&a, &a, c->scale, c->mode), 0);
	cr_assert_eq(dec_cmp(&a, &r), 0, "aliased rescale of %s differs", c->value);
	dec_clear(&a);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, rescale_never_fails_and_leaves_out_unchanged)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "0.125");
	dec_set_i64(&r, 42, 1);
	cr_assert_eq(dec_rescale(&r, &a, 2, DEC_ROUND_NEVER), CLERK_EINVALID);
	cr_assert_eq(clerk_error_last()->code, CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "lose digits"), "message: %s",
		  clerk_error_last()->message);
	cr_assert(!r.isbig);
	cr_assert_eq(r.u.small, 42, "out unchanged");
	cr_assert_eq(r.scale, 1);
	/* aliased: a itself stays as it was */
	cr_assert_eq(dec_rescale(&a, &a, 2, DEC_ROUND_NEVER), CLERK_EINVALID);
	assert_dec(&a, "0.125");
	/* and with a GMP coefficient */
	set_dec(&a, "12345678901234567890.5");
	cr_assert_eq(dec_rescale(&r, &a, 0, DEC_ROUND_NEVER), CLERK_EINVALID);
	cr_assert_eq(r.u.small, 42, "out unchanged");
	dec_clear(&a);
	dec_clear(&r);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(decimal, rescale_rejects_scale_out_of_range)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	set_dec(&a, "1.5");
	cr_assert_eq(dec_rescale(&r, &a, DEC_MAX_SCALE + 1, DEC_ROUND_HALF_EVEN), CLERK_EINVALID);
	cr_assert_eq(dec_rescale(&r, &a, -1, DEC_ROUND_HALF_EVEN), CLERK_EINVALID);
	cr_assert(dec_is_zero(&r), "out unchanged");
	dec_clear(&a);
	dec_clear(&r);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* mpq */

struct mpq_case {
	long num;
	unsigned long den;
	int32_t scale;
	enum dec_round mode;
	char want[16]; /* "": fails with CLERK_EINVALID */
};

ParameterizedTestParameters(decimal, set_mpq)
{
	static struct mpq_case cases[] = {
		{ 1, 3, 2, DEC_ROUND_NEVER, "" },
		{ 1, 3, 2, DEC_ROUND_HALF_EVEN, "0.33" },
		{ 1, 3, 2, DEC_ROUND_HALF_UP, "0.33" },
		{ 2, 3, 2, DEC_ROUND_HALF_EVEN, "0.67" },
		{ 2, 3, 2, DEC_ROUND_DOWN, "0.66" },
		{ -2, 3, 2, DEC_ROUND_DOWN, "-0.66" },
		{ -2, 3, 2, DEC_ROUND_HALF_UP, "-0.67" },
		{ 1, 8, 2, DEC_ROUND_HALF_EVEN, "0.12" },
		{ 3, 8, 2, DEC_ROUND_HALF_EVEN, "0.38" },
		{ -1, 8, 2, DEC_ROUND_HALF_EVEN, "-0.12" },
		{ -1, 8, 2, DEC_ROUND_HALF_UP, "-0.13" },
		{ 1, 8, 3, DEC_ROUND_NEVER, "0.125" },
		{ 1, 8, 5, DEC_ROUND_NEVER, "0.12500" },
		{ 7, 1, 0, DEC_ROUND_NEVER, "7" },
		{ 1, 4, 31, DEC_ROUND_HALF_EVEN, "" },
	};
	return cr_make_param_array(struct mpq_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct mpq_case *c, decimal, set_mpq)
{
	struct dec r = DEC_INIT;
	mpq_t q;
	mpq_init(q);
	mpq_set_si(q, c->num, c->den);
	mpq_canonicalize(q);
	dec_set_i64(&r, 99, 0);
	int rc = dec_set_mpq(&r, q, c->scale, c->mode);
	if (*c->want) {
		cr_assert_eq(rc, 0, "%ld/%lu at %d places", c->num, c->den, (int)c->scale);
		cr_assert_eq(r.scale, c->scale);
		assert_dec(&r, c->want);
	} else {
		cr_assert_eq(rc, CLERK_EINVALID, "%ld/%lu at %d places must fail", c->num, c->den,
			     (int)c->scale);
		cr_assert_eq(r.u.small, 99, "out unchanged on failure");
	}
	mpq_clear(q);
	dec_clear(&r);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(decimal, set_mpq_big)
{
	struct dec r = DEC_INIT;
	mpq_t q;
	mpq_init(q);
	cr_assert_eq(mpq_set_str(q, "1000000000000000000000000000000/3", 10), 0);
	cr_assert_eq(dec_set_mpq(&r, q, 0, DEC_ROUND_DOWN), 0);
	cr_assert(r.isbig);
	assert_dec(&r, "333333333333333333333333333333");
	cr_assert_eq(dec_set_mpq(&r, q, 1, DEC_ROUND_HALF_EVEN), 0);
	assert_dec(&r, "333333333333333333333333333333.3");
	mpq_clear(q);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

Test(decimal, get_mpq)
{
	struct dec a = DEC_INIT, back = DEC_INIT;
	mpq_t q, want;
	mpq_init(q);
	mpq_init(want);

	set_dec(&a, "1.25");
	dec_get_mpq(q, &a);
	mpq_set_ui(want, 5, 4);
	cr_assert(mpq_equal(q, want), "1.25 is 5/4");

	set_dec(&a, "-0.50");
	dec_get_mpq(q, &a);
	mpq_set_si(want, -1, 2);
	cr_assert(mpq_equal(q, want), "-0.50 is -1/2 in lowest terms");

	set_dec(&a, "-12345678901234567890.123");
	dec_get_mpq(q, &a);
	cr_assert_eq(mpq_set_str(want, "-12345678901234567890123/1000", 10), 0);
	cr_assert(mpq_equal(q, want), "big value");
	/* and back at the same scale, exactly */
	cr_assert_eq(dec_set_mpq(&back, q, 3, DEC_ROUND_NEVER), 0);
	cr_assert_eq(dec_cmp(&back, &a), 0);
	assert_dec(&back, "-12345678901234567890.123");

	mpq_clear(q);
	mpq_clear(want);
	dec_clear(&a);
	dec_clear(&back);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* trim, needed_scale */

struct trim_case {
	char value[48];
	int32_t needed;
	char trimmed[48];
};

ParameterizedTestParameters(decimal, trim)
{
	static struct trim_case cases[] = {
		{ "1.500", 1, "1.5" },
		{ "2.000", 0, "2" },
		{ "0.000", 0, "0" },
		{ "0.0010", 3, "0.001" },
		{ "-1.10", 1, "-1.1" },
		{ "1.05", 2, "1.05" },
		{ "100", 0, "100" },
		{ "100000000000000000000.000", 0, "100000000000000000000" },
		{ "-12345678901234567890.1200", 2, "-12345678901234567890.12" },
	};
	return cr_make_param_array(struct trim_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct trim_case *c, decimal, trim)
{
	struct dec a = DEC_INIT, r = DEC_INIT;
	set_dec(&a, c->value);
	cr_assert_eq(dec_needed_scale(&a), c->needed, "needed scale of %s", c->value);
	dec_trim(&r, &a);
	cr_assert_eq(r.scale, c->needed);
	assert_dec(&r, c->trimmed);
	cr_assert_eq(dec_cmp(&r, &a), 0, "trimming keeps the value");
	dec_trim(&a, &a);
	assert_dec(&a, c->trimmed);
	dec_clear(&a);
	dec_clear(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* aliasing and ownership */

Test(decimal, aliasing_out_is_an_input)
{
	struct dec a = DEC_INIT, b = DEC_INIT;
	set_dec(&a, "1.5");
	set_dec(&b, "0.25");
	dec_add(&a, &a, &b);
	assert_dec(&a, "1.75");
	dec_sub(&b, &a, &b);
	assert_dec(&b, "1.50");
	dec_add(&a, &a, &a);
	assert_dec(&a, "3.50");
	cr_assert_eq(dec_mul(&a, &a, &a), 0);
	assert_dec(&a, "12.2500");
	dec_sub(&a, &a, &a);
	cr_assert(dec_is_zero(&a));

	/* the same with GMP coefficients */
	dec_set_i64(&a, INT64_MAX, 0);
	dec_add(&a, &a, &a);
	cr_assert(a.isbig);
	assert_dec(&a, "18446744073709551614");
	cr_assert_eq(dec_mul(&a, &a, &a), 0);
	assert_dec(&a, "340282366920938463389587631136930004996");
	dec_neg(&a, &a);
	assert_dec(&a, "-340282366920938463389587631136930004996");
	dec_set(&a, &a);
	assert_dec(&a, "-340282366920938463389587631136930004996");
	dec_sub(&a, &a, &a);
	cr_assert(!a.isbig);
	cr_assert(dec_is_zero(&a));
	dec_clear(&a);
	dec_clear(&b);
	ASSERT_NO_LEAKS();
}

Test(decimal, set_copies_big_values)
{
	struct dec a = DEC_INIT, b = DEC_INIT;
	set_dec(&b, "-123456789012345678901234567890");
	dec_set(&a, &b);
	dec_clear(&b);
	cr_assert(a.isbig);
	assert_dec(&a, "-123456789012345678901234567890");
	/* a small value into a big out releases the mpz (the leak check sees it) */
	dec_set_i64(&a, 5, 1);
	cr_assert(!a.isbig);
	assert_dec(&a, "0.5");
	set_dec(&b, "99999999999999999999");
	dec_set(&b, &a);
	cr_assert(!b.isbig);
	assert_dec(&b, "0.5");
	dec_clear(&a);
	dec_clear(&b);
	ASSERT_NO_LEAKS();
}

/* xs:decimal of the XML readers (camt, e-invoices): one parser, each reader its messages. */
static enum dec_xs_error xs(struct dec *out, const char *s, bool minus)
{
	return dec_parse_xs(out, s, strlen(s), minus);
}

Test(decimal, parse_xs)
{
	struct dec a = DEC_INIT;
	cr_assert_eq(xs(&a, "0012.50", false), DEC_XS_OK);
	assert_dec(&a, "12.50");
	cr_assert_eq(xs(&a, "+.5", false), DEC_XS_OK);
	assert_dec(&a, "0.5");
	cr_assert_eq(xs(&a, "7.", false), DEC_XS_OK);
	assert_dec(&a, "7");
	cr_assert_eq(xs(&a, "000", false), DEC_XS_OK);
	cr_assert(dec_is_zero(&a));
	cr_assert_eq(xs(&a, "0.00", false), DEC_XS_OK);
	cr_assert(dec_is_zero(&a));
	cr_assert_eq(xs(&a, "-3.25", true), DEC_XS_OK);
	assert_dec(&a, "-3.25");
	cr_assert_eq(xs(&a, "-3.25", false), DEC_XS_NEGATIVE);
	cr_assert_eq(xs(&a, "-0", false), DEC_XS_NEGATIVE);
	const char *bad[] = { "", "+", "-", ".", "+.", "1.2.3", "1e5", " 1", "1 ", "0x10", "1,5", "--1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_assert_eq(xs(&a, bad[i], true), DEC_XS_BAD, "'%s'", bad[i]);
	char big[80];
	memset(big, '9', 65);
	big[65] = '\0';
	cr_assert_eq(xs(&a, big, false), DEC_XS_DIGITS);
	big[64] = '\0';
	cr_assert_eq(xs(&a, big, false), DEC_XS_OK);
	cr_assert_eq(xs(&a, "0.1234567890123456789012345678901234567890", false), DEC_XS_SCALE);
	dec_clear(&a);
	ASSERT_NO_LEAKS();
}

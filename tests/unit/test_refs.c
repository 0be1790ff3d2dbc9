/*
 * test_refs.c - identifiers with check digits (IBAN, ISO 11649 RF
 * references), payment terms and calendar dates.
 */
#include "helpers.h"

#include <criterion/parameterized.h>

#include "date.h"
#include "refs.h"
#include "terms.h"

/* ------------------------------------------------------------------ */
/* IBAN */

struct ref_case {
	char text[48];
	bool valid;
};

ParameterizedTestParameters(refs, iban_valid)
{
	static struct ref_case cases[] = {
		{ "DE89 3704 0044 0532 0130 00", true },
		{ "DE89370400440532013000", true },
		{ "de89 3704 0044 0532 0130 00", true },
		{ "GB82 WEST 1234 5698 7654 32", true },
		{ "NL91ABNA0417164300", true },
		{ "FR14 2004 1010 0505 0001 3M02 606", true },
		{ "BE68 5390 0754 7034", true },
		{ "DE88 3704 0044 0532 0130 00", false }, /* check digits */
		{ "DE89 3704 0044 0532 0130 01", false }, /* account digit */
		{ "GB82 WEST 1234 5698 7654 33", false },
		{ "DE89 3704-0044 0532 0130 00", false }, /* not alphanumeric */
		{ "1289 3704 0044 0532 0130 00", false }, /* country must be letters */
		{ "DEXX 3704 0044 0532 0130 00", false }, /* check must be digits */
		{ "BE68 5390 0754", false },		  /* too short (14) */
		{ "DE89 3704 0044 0532 0130 0000 0000 0000 0", false }, /* 35: too long */
		{ "", false },
	};
	return cr_make_param_array(struct ref_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct ref_case *c, refs, iban_valid)
{
	cr_assert_eq(iban_valid(c->text), c->valid, "iban_valid(\"%s\")", c->text);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* ISO 11649 RF references */

ParameterizedTestParameters(refs, rf_valid)
{
	static struct ref_case cases[] = {
		{ "RF18539007547034", true },
		{ "RF18 5390 0754 7034", true },
		{ "rf18 5390 0754 7034", true },
		{ "RF712348231", true },
		{ "RF19539007547034", false },
		{ "RF18539007547035", false },
		{ "RF18 5390-0754 7034", false },
		{ "XX18539007547034", false },
		{ "RFAB539007547034", false },
		{ "RF18", false },
		{ "RF0012345678901234567890123", false }, /* longer than 25 */
		{ "", false },
	};
	return cr_make_param_array(struct ref_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct ref_case *c, refs, rf_valid)
{
	cr_assert_eq(rf_valid(c->text), c->valid, "rf_valid(\"%s\")", c->text);
	ASSERT_NO_LEAKS();
}

struct rf_make_case {
	char body[32];
	char want[32];
};

ParameterizedTestParameters(refs, rf_make)
{
	static struct rf_make_case cases[] = {
		{ "539007547034", "RF18539007547034" },
		{ "5390 0754 7034", "RF18539007547034" },
		{ "2348231", "RF712348231" },
		{ "7", "RF097" }, /* a check below 10 keeps its zero */
		{ "abc", "RF45ABC" },
		{ "123456789012345678901", "" }, /* 21 characters: computed below */
	};
	return cr_make_param_array(struct rf_make_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct rf_make_case *c, refs, rf_make)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "ref=");
	cr_assert_eq(rf_make(&sb, c->body), 0, "rf_make(\"%s\")", c->body);
	cr_assert_eq(strncmp(sb.buf, "ref=RF", 6), 0, "appends: %s", sb.buf);
	if (*c->want)
		cr_assert_str_eq(sb.buf + 4, c->want, "rf_make(\"%s\")", c->body);
	cr_assert(rf_valid(sb.buf + 4), "rf_make(\"%s\") = %s is not valid", c->body, sb.buf + 4);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(refs, rf_make_rejects_bad_bodies)
{
	static const char *const bad[] = { "", "   ", "1234567890123456789012", "AB-1",
					   "\xC3\xA4" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct strbuf sb = STRBUF_INIT;
		cr_assert_eq(rf_make(&sb, bad[i]), CLERK_EINVALID, "rf_make(\"%s\")", bad[i]);
		cr_assert_eq(sb.len, 0, "nothing appended for \"%s\"", bad[i]);
		strbuf_release(&sb);
	}
	cr_assert(strstr(clerk_error_last()->message, "letters and digits"), "message: %s",
		  clerk_error_last()->message);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(refs, normalize)
{
	struct strbuf sb = STRBUF_INIT;
	refs_normalize(&sb, " rf18 5390 0754 7034 ");
	cr_assert_str_eq(sb.buf, "RF18539007547034");
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* payment terms */

struct terms_case {
	char text[32];
	int net_days, discount_days;
	char pct[8];
};

ParameterizedTestParameters(refs, terms_ok)
{
	static struct terms_case cases[] = {
		{ "net 30", 30, 0, "0" },
		{ "net30", 30, 0, "0" },
		{ "  net 14  ", 14, 0, "0" },
		{ "net 0", 0, 0, "0" },
		{ "2/10 net 30", 30, 10, "2" },
		{ "2%/10 net 30", 30, 10, "2" },
		{ "1.5/10 net 30", 30, 10, "1.5" },
		{ "0.25/30 net 30", 30, 30, "0.25" },
		{ "99.99/1 net 60", 60, 1, "99.99" },
	};
	return cr_make_param_array(struct terms_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct terms_case *c, refs, terms_ok)
{
	struct terms t = TERMS_INIT;
	const char *msg = terms_parse(c->text, &t);
	cr_assert_null(msg, "\"%s\": %s", c->text, msg ? msg : "");
	cr_assert_eq(t.net_days, c->net_days, "\"%s\": net days", c->text);
	cr_assert_eq(t.discount_days, c->discount_days, "\"%s\": discount days", c->text);
	assert_dec(&t.discount_pct, c->pct);
	terms_release(&t);
	ASSERT_NO_LEAKS();
}

struct terms_bad_case {
	char text[32];
	char msg[48];
};

ParameterizedTestParameters(refs, terms_bad)
{
	static struct terms_bad_case cases[] = {
		{ "net thirty", "payment terms must be" },
		{ "", "payment terms must be" },
		{ "30", "payment terms must be" },
		{ "net", "payment terms must be" },
		{ "net -5", "payment terms must be" },
		{ "net 30 days", "payment terms must be" },
		{ "net 30,", "payment terms must be" },
		{ "2/10", "payment terms must be" },
		{ "2/net 30", "payment terms must be" },
		{ "2 net 30", "payment terms must be" },
		{ "/10 net 30", "payment terms must be" },
		{ "1./10 net 30", "payment terms must be" },
		{ "1.5.1/10 net 30", "payment terms must be" },
		{ "net 99999999999", "payment terms must be" },
		{ "2/40 net 30", "discount period is longer than the net period" },
		{ "100/10 net 30", "discount must be less than 100 %" },
		{ "150.5/10 net 30", "discount must be less than 100 %" },
	};
	return cr_make_param_array(struct terms_bad_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct terms_bad_case *c, refs, terms_bad)
{
	struct terms t = TERMS_INIT;
	const char *msg = terms_parse(c->text, &t);
	cr_assert_not_null(msg, "\"%s\" must be rejected", c->text);
	cr_assert(strstr(msg, c->msg), "\"%s\": message \"%s\"", c->text, msg);
	terms_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* dates */

Test(refs, date_from_ymd)
{
	cr_assert_eq(date_from_ymd(1970, 1, 1), 0);
	cr_assert_eq(date_from_ymd(1970, 1, 2), 1);
	cr_assert_eq(date_from_ymd(1969, 12, 31), -1);
	cr_assert_eq(date_from_ymd(2000, 3, 1), 11017);
	cr_assert_eq(date_from_ymd(2024, 3, 1) - date_from_ymd(2024, 2, 28), 2, "2024 is leap");
	cr_assert_eq(date_from_ymd(2023, 3, 1) - date_from_ymd(2023, 2, 28), 1);
	cr_assert_neq(date_from_ymd(2000, 2, 29), DATE_NONE, "divisible by 400: leap");
	cr_assert_eq(date_from_ymd(1900, 2, 29), DATE_NONE, "divisible by 100: not leap");
	cr_assert_eq(date_from_ymd(2023, 2, 29), DATE_NONE);
	cr_assert_eq(date_from_ymd(2023, 4, 31), DATE_NONE);
	cr_assert_eq(date_from_ymd(2023, 13, 1), DATE_NONE);
	cr_assert_eq(date_from_ymd(2023, 0, 1), DATE_NONE);
	cr_assert_eq(date_from_ymd(2023, 1, 0), DATE_NONE);
	cr_assert_eq(date_from_ymd(0, 1, 1), DATE_NONE);
	cr_assert_eq(date_from_ymd(10000, 1, 1), DATE_NONE);
	cr_assert_neq(date_from_ymd(1, 1, 1), DATE_NONE);
	cr_assert_neq(date_from_ymd(9999, 12, 31), DATE_NONE);
	ASSERT_NO_LEAKS();
}

Test(refs, date_round_trip_every_day)
{
	clerk_date first = date_from_ymd(1, 1, 1), last = date_from_ymd(9999, 12, 31);
	int py = 0, pm = 12, pd = 31;
	for (clerk_date day = first; day <= last; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		/* the next day of the previous one */
		bool next_day = (y == py && m == pm && d == pd + 1);
		bool next_month = (y == py && m == pm + 1 && d == 1);
		bool next_year = (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
		if (!(next_day || next_month || next_year))
			cr_assert_fail("day %d is %04d-%02d-%02d after %04d-%02d-%02d", (int)day,
				       y, m, d, py, pm, pd);
		if (date_from_ymd(y, m, d) != day)
			cr_assert_fail("%04d-%02d-%02d does not map back to day %d", y, m, d,
				       (int)day);
		py = y;
		pm = m;
		pd = d;
	}
	cr_assert_eq(py, 9999);
	ASSERT_NO_LEAKS();
}

Test(refs, date_format)
{
	char buf[11];
	date_format(date_from_ymd(2024, 2, 29), buf);
	cr_assert_str_eq(buf, "2024-02-29");
	date_format(date_from_ymd(1, 1, 1), buf);
	cr_assert_str_eq(buf, "0001-01-01");
	date_format(date_from_ymd(9999, 12, 31), buf);
	cr_assert_str_eq(buf, "9999-12-31");
	date_format(0, buf);
	cr_assert_str_eq(buf, "1970-01-01");
	ASSERT_NO_LEAKS();
}

struct date_parse_case {
	char text[24];
	int y, m, d;   /* 0: rejected */
	size_t used;   /* bytes consumed when accepted */
	char msg[40];  /* part of the message when rejected */
};

ParameterizedTestParameters(refs, date_parse)
{
	static struct date_parse_case cases[] = {
		{ "2023-01-05 rest", 2023, 1, 5, 10, "" },
		{ "2023/1/5", 2023, 1, 5, 8, "" },
		{ "2023.01.05", 2023, 1, 5, 10, "" },
		{ "2023-12-31", 2023, 12, 31, 10, "" },
		{ "2024-02-29", 2024, 2, 29, 10, "" },
		{ "2023-02-29", 0, 0, 0, 0, "no such day" },
		{ "2100-02-29", 0, 0, 0, 0, "no such day" },
		{ "2023-04-31", 0, 0, 0, 0, "no such day" },
		{ "0000-01-01", 0, 0, 0, 0, "no such day" },
		{ "2023-13-01", 0, 0, 0, 0, "month out of range" },
		{ "2023-00-10", 0, 0, 0, 0, "month out of range" },
		{ "2023-01/05", 0, 0, 0, 0, "the same separator twice" },
		{ "2023-001-05", 0, 0, 0, 0, "expected a date" },
		{ "2023-01-005", 0, 0, 0, 0, "expected a date" },
		{ "23-01-05", 0, 0, 0, 0, "expected a date" },
		{ "20230105", 0, 0, 0, 0, "expected a date" },
		{ "2023-01-", 0, 0, 0, 0, "expected a date" },
		{ "2023 01 05", 0, 0, 0, 0, "expected a date" },
		{ "", 0, 0, 0, 0, "expected a date" },
	};
	return cr_make_param_array(struct date_parse_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct date_parse_case *c, refs, date_parse)
{
	const char *p = c->text;
	clerk_date out = 12345;
	const char *msg = date_parse(&p, c->text + strlen(c->text), &out);
	if (c->y) {
		cr_assert_null(msg, "\"%s\": %s", c->text, msg ? msg : "");
		cr_assert_eq(out, date_from_ymd(c->y, c->m, c->d), "\"%s\"", c->text);
		cr_assert_eq((size_t)(p - c->text), c->used, "\"%s\": cursor", c->text);
	} else {
		cr_assert_not_null(msg, "\"%s\" must be rejected", c->text);
		cr_assert(strstr(msg, c->msg), "\"%s\": message \"%s\"", c->text, msg);
		cr_assert_eq(p, c->text, "\"%s\": cursor unchanged", c->text);
		cr_assert_eq(out, 12345, "\"%s\": out unchanged", c->text);
	}
	ASSERT_NO_LEAKS();
}

Test(refs, date_parse_honours_end)
{
	/* the same text cut short: the parser never reads past end */
	static const char text[] = "2023-01-15";
	const char *p = text;
	clerk_date out;
	cr_assert_not_null(date_parse(&p, text + 8, &out), "\"2023-01-\" is no date");
	cr_assert_null(date_parse(&p, text + 9, &out), "\"2023-01-1\" is January 1st");
	cr_assert_eq(out, date_from_ymd(2023, 1, 1));
	cr_assert_eq(p, text + 9);
	ASSERT_NO_LEAKS();
}

Test(refs, date_parse_iso)
{
	cr_assert_eq(date_parse_iso("2023-01-05"), date_from_ymd(2023, 1, 5));
	cr_assert_eq(date_parse_iso("2023/01/05"), DATE_NONE);
	cr_assert_eq(date_parse_iso("2023-1-05"), DATE_NONE);
	cr_assert_eq(date_parse_iso("2023-01-05 "), DATE_NONE);
	cr_assert_eq(date_parse_iso("2023-02-30"), DATE_NONE);
	cr_assert_eq(date_parse_iso(""), DATE_NONE);
	ASSERT_NO_LEAKS();
}

struct months_case {
	int y, m, d, n;
	int wy, wm, wd;
};

ParameterizedTestParameters(refs, date_add_months)
{
	static struct months_case cases[] = {
		{ 2024, 1, 31, 1, 2024, 2, 29 }, /* clamped to the leap day */
		{ 2023, 1, 31, 1, 2023, 2, 28 },
		{ 2024, 3, 31, -1, 2024, 2, 29 },
		{ 2023, 5, 31, 1, 2023, 6, 30 },
		{ 2023, 12, 15, 1, 2024, 1, 15 },
		{ 2024, 1, 15, -1, 2023, 12, 15 },
		{ 2024, 2, 29, 12, 2025, 2, 28 },
		{ 2024, 2, 29, 48, 2028, 2, 29 },
		{ 2024, 1, 31, -25, 2021, 12, 31 },
		{ 2023, 6, 10, 0, 2023, 6, 10 },
		{ 2023, 1, 31, 13, 2024, 2, 29 },
	};
	return cr_make_param_array(struct months_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct months_case *c, refs, date_add_months)
{
	clerk_date got = date_add_months(date_from_ymd(c->y, c->m, c->d), c->n);
	char gbuf[11], wbuf[11];
	date_format(got, gbuf);
	date_format(date_from_ymd(c->wy, c->wm, c->wd), wbuf);
	cr_assert_str_eq(gbuf, wbuf, "%04d-%02d-%02d %+d months", c->y, c->m, c->d, c->n);
	ASSERT_NO_LEAKS();
}

Test(refs, date_add_months_out_of_range)
{
	cr_assert_eq(date_add_months(date_from_ymd(9999, 12, 15), 1), DATE_NONE);
	cr_assert_eq(date_add_months(date_from_ymd(1, 1, 15), -1), DATE_NONE);
	ASSERT_NO_LEAKS();
}

Test(refs, date_add_months_before_year_zero,
     .description = "regression: date_add_months() indexes the month-length table with month 0 "
		    "(md[-1]) when the result falls before year 0: total months < 0 and C "
		    "division truncates toward zero. The result is DATE_NONE either way, so "
		    "only the sanitizer build fails this test")
{
	cr_assert_eq(date_add_months(date_from_ymd(1, 1, 15), -13), DATE_NONE);
	cr_assert_eq(date_add_months(date_from_ymd(1, 6, 15), -30), DATE_NONE);
	ASSERT_NO_LEAKS();
}

/*
 * test_lang.c - the languages of the customer's documents: codes and the
 * nearest one, a party's language and its fallbacks, placeholders filled
 * (escaped for HTML), dates and amounts written each language's way, and
 * every text present in every language.
 */
#include "helpers.h"

#include "lang.h"

static char *fill(enum lang l, enum lang_key k, const char *a, const char *b, bool html)
{
	struct strbuf out = STRBUF_INIT;
	const char *args[] = { a, b };
	lang_fill(&out, l, k, args, b ? 2 : a ? 1 : 0, html);
	return strbuf_detach(&out, NULL);
}

Test(lang, codes)
{
	cr_assert_eq(lang_parse("en"), LANG_EN);
	cr_assert_eq(lang_parse("de"), LANG_DE);
	cr_assert_eq(lang_parse("lv"), LANG_LV);
	cr_assert_eq(lang_parse("DE"), -1, "codes are lower case, as in the tables");
	cr_assert_eq(lang_parse("fr"), -1);
	cr_assert_eq(lang_parse(""), -1);
	cr_assert_str_eq(lang_code(LANG_LV), "lv");
	cr_assert_str_eq(lang_near("dee"), "de");
	cr_assert_str_eq(lang_near("lav"), "lv");
	cr_assert_null(lang_near("french"));
	ASSERT_NO_LEAKS();
}

Test(lang, every_text_in_every_language)
{
	for (int l = 0; l < LANG_COUNT; l++)
		for (int k = 0; k < LK_COUNT; k++) {
			const char *t = lang_text((enum lang)l, (enum lang_key)k);
			cr_assert(t && *t, "%s has no text for %s", lang_codes[l], lang_key_names[k]);
		}
	cr_assert_str_eq(lang_text(LANG_DE, LK_STATEMENT_TITLE), "Kontoauszug");
	ASSERT_NO_LEAKS();
}

Test(lang, placeholders)
{
	char *s = fill(LANG_EN, LK_FOR_INVOICE, "Payment", "INV-1", false);
	cr_assert_str_eq(s, "Payment for INV-1");
	free(s);
	s = fill(LANG_DE, LK_STATEMENT_PERIOD_FROM_TO, "01.11.2026", "24.11.2026", false);
	cr_assert_str_eq(s, "01.11.2026 bis 24.11.2026");
	free(s);
	/* a placeholder without its argument stays as written */
	s = fill(LANG_EN, LK_FOR_INVOICE, "Payment", NULL, false);
	cr_assert_str_eq(s, "Payment for {2}");
	free(s);
	/* html: the text is escaped, the arguments go in as given */
	s = fill(LANG_EN, LK_PLEASE_PAY, "<strong>1.00 EUR</strong>", NULL, true);
	cr_assert_str_eq(s, "Please pay <strong>1.00 EUR</strong> to");
	free(s);
	ASSERT_NO_LEAKS();
}

Test(lang, dates_and_numbers)
{
	struct strbuf out = STRBUF_INIT;
	clerk_date d = date_from_ymd(2026, 12, 5);
	lang_date(&out, LANG_EN, d);
	cr_assert_str_eq(out.buf, "2026-12-05");
	strbuf_reset(&out);
	lang_date(&out, LANG_DE, d);
	cr_assert_str_eq(out.buf, "05.12.2026");
	strbuf_reset(&out);
	lang_date(&out, LANG_LV, d);
	cr_assert_str_eq(out.buf, "05.12.2026");
	struct dec v = DEC_INIT;
	set_dec(&v, "-1234567.5");
	const char *want[LANG_COUNT] = { "-1,234,567.50", "-1.234.567,50", "-1 234 567,50" };
	for (int l = 0; l < LANG_COUNT; l++) {
		strbuf_reset(&out);
		lang_number(&out, (enum lang)l, &v, 2);
		cr_assert_str_eq(out.buf, want[l], "%s", lang_codes[l]);
	}
	set_dec(&v, "12.34");
	strbuf_reset(&out);
	lang_number(&out, LANG_LV, &v, 2);
	cr_assert_str_eq(out.buf, "12,34");
	dec_clear(&v);
	strbuf_release(&out);
	ASSERT_NO_LEAKS();
}

Test(lang, a_partys_language)
{
	static const char books[] =
		"account Assets:Receivable  ; role: receivable, lang: lv\n"
		"account Assets:Receivable:Own  ; lang: de\n"
		"account Assets:Receivable:Default\n"
		"account Liabilities:Payable  ; role: payable\n"
		"account Liabilities:Payable:Vendor\n"
		"account Liabilities:Payable:German  ; lang: de\n";
	static const char plain[] =
		"account Assets:Receivable  ; role: receivable\n"
		"account Assets:Receivable:Default\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	cr_assert_eq(d.nerrors, 0);
	cr_assert_eq(lang_of_account(j, journal_find_account(j, "Assets:Receivable:Own")), LANG_DE);
	cr_assert_eq(lang_of_account(j, journal_find_account(j, "Assets:Receivable:Default")), LANG_LV,
		     "the control account's");
	cr_assert_eq(lang_of_account(j, journal_find_account(j, "Liabilities:Payable:Vendor")), LANG_LV,
		     "the books' default on the receivable control account");
	cr_assert_eq(lang_of_account(j, journal_find_account(j, "Liabilities:Payable:German")), LANG_DE);
	journal_free(j);
	diag_release(&d);
	j = load_str(plain, &d);
	cr_assert_eq(lang_of_account(j, journal_find_account(j, "Assets:Receivable:Default")), LANG_EN);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(lang, an_unknown_language_is_an_error_in_the_books)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str("account Assets:Receivable  ; role: receivable\n"
				     "account Assets:Receivable:A  ; lang: dee\n", &d);
	cr_assert_eq(d.nerrors, 1);
	cr_assert(diag_find(&d, "unknown language (did you mean 'de'?)"));
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

#include "helpers.h"

#include "json.h"

static char *convert(const char *csv, const char *const *numeric, int want_rc)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(json_from_csv(&sb, csv, strlen(csv), numeric), want_rc, "%s", csv);
	clerk_error_clear();
	return strbuf_detach(&sb, NULL);
}

Test(json, escapes_quotes_backslashes_and_control_characters)
{
	struct strbuf sb = STRBUF_INIT;
	const char s[] = "a\"b\\c\nd\te\x01" "f\x7f\xc3\xa9";
	json_string(&sb, s, sizeof(s) - 1);
	cr_assert_str_eq(sb.buf, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007f\xc3\xa9\"");
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(json, rows_keyed_by_the_header_amounts_as_strings)
{
	char *js = convert("account,commodity,amount\n"
			   "assets:bank,EUR,944.50\n"
			   "\"a, \"\"quoted\"\" name\",$,-0.10\r\n",
			   NULL, 0);
	cr_assert_str_eq(js, "[\n"
			     "  {\"account\": \"assets:bank\", \"commodity\": \"EUR\", \"amount\": \"944.50\"},\n"
			     "  {\"account\": \"a, \\\"quoted\\\" name\", \"commodity\": \"$\", \"amount\": \"-0.10\"}\n"
			     "]\n");
	free(js);
	ASSERT_NO_LEAKS();
}

Test(json, numeric_columns_are_numbers_or_null)
{
	const char *const numeric[] = { "days", "level", NULL };
	char *js = convert("party,days,level\nA,12,-3\nB,,x1\n", numeric, 0);
	cr_assert_str_eq(js, "[\n  {\"party\": \"A\", \"days\": 12, \"level\": -3},\n"
			     "  {\"party\": \"B\", \"days\": null, \"level\": \"x1\"}\n]\n");
	free(js);
	ASSERT_NO_LEAKS();
}

Test(json, header_only_is_an_empty_array)
{
	char *js = convert("a,b\n", NULL, 0);
	cr_assert_str_eq(js, "[]\n");
	free(js);
	ASSERT_NO_LEAKS();
}

Test(json, bad_csv_is_refused)
{
	free(convert("a,b\n1,2,3\n", NULL, CLERK_EINVALID));
	free(convert("a,b\n1\n", NULL, CLERK_EINVALID));
	free(convert("a,b\n\"1,2\n", NULL, CLERK_EINVALID));
	free(convert("a,b\n\"1\"x,2\n", NULL, CLERK_EINVALID));
	ASSERT_NO_LEAKS();
}

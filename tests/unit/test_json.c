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

Test(json, leading_zeros_stay_strings)
{
	const char *const numeric[] = { "n", NULL };
	char *js = convert("n\n007\n0\n-0\n-01\n10\n", numeric, 0);
	cr_assert_str_eq(js, "[\n  {\"n\": \"007\"},\n  {\"n\": 0},\n  {\"n\": -0},\n"
			     "  {\"n\": \"-01\"},\n  {\"n\": 10}\n]\n");
	free(js);
	ASSERT_NO_LEAKS();
}

/* The CSV in pieces of every size that ends at a row: the bytes of the whole. */
Test(json, pieces_give_the_whole_tables_bytes)
{
	const char *const numeric[] = { "entry", NULL };
	const char csv[] = "file,entry,amount\n"
			   "a.xml,1,\"1,000.00\"\n"
			   "\"b \"\"x\"\".xml\",2,-0.10\n"
			   "c.xml,,3.00\n";
	char *whole = convert(csv, numeric, 0);
	const char *rows[4];
	size_t nrows = 0;
	for (const char *p = csv; *p; p = strchr(p, '\n') + 1)
		rows[nrows++] = p;
	cr_assert_eq(nrows, 4);
	/* split after the header, after any row, or after several */
	for (unsigned mask = 0; mask < 8; mask++) {
		struct json_table *t = json_table_new(numeric);
		struct strbuf sb = STRBUF_INIT;
		const char *from = csv;
		for (size_t k = 1; k <= nrows; k++) {
			const char *to = k < nrows ? rows[k] : csv + sizeof(csv) - 1;
			if (k == nrows || (mask >> (k - 1)) & 1) {
				cr_assert_eq(json_table_add(t, &sb, from, (size_t)(to - from)), 0);
				from = to;
			}
		}
		json_table_end(t, &sb);
		cr_assert_str_eq(sb.buf, whole, "mask %u", mask);
		json_table_free(t);
		strbuf_release(&sb);
	}
	free(whole);
	ASSERT_NO_LEAKS();
}

Test(json, a_table_without_pieces_is_an_empty_array)
{
	struct json_table *t = json_table_new(NULL);
	struct strbuf sb = STRBUF_INIT;
	json_table_end(t, &sb);
	cr_assert_str_eq(sb.buf, "[]\n");
	json_table_free(t);
	t = json_table_new(NULL);
	strbuf_reset(&sb);
	cr_assert_eq(json_table_add(t, &sb, "a,b\n", 4), 0);
	cr_assert_eq(json_table_add(t, &sb, "", 0), 0);
	json_table_end(t, &sb);
	cr_assert_str_eq(sb.buf, "[]\n");
	json_table_free(t);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(json, a_bad_piece_refuses_the_rest)
{
	struct json_table *t = json_table_new(NULL);
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(json_table_add(t, &sb, "a,b\n1,2\n", 8), 0);
	cr_assert_eq(json_table_add(t, &sb, "1,2,3\n", 6), CLERK_EINVALID);
	clerk_error_clear();
	cr_assert_eq(json_table_add(t, &sb, "4,5\n", 4), CLERK_EINVALID);
	clerk_error_clear();
	cr_assert_str_eq(sb.buf, "[\n  {\"a\": \"1\", \"b\": \"2\"}");
	json_table_free(t);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

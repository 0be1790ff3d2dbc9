#include "helpers.h"

#include "query.h"

static const char books[] = "2024-01-01 opening\n"
			    "    Assets:Bank:Checking   100.00 EUR\n"
			    "    Assets:Bank:Savings     50.00 EUR\n"
			    "    Equity:Opening\n"
			    "2024-02-01 rent\n"
			    "    Expenses:Rent           30.00 EUR\n"
			    "    Assets:Bank:Checking\n"
			    "2024-03-01 trip\n"
			    "    Expenses:Travel:Air     $20\n"
			    "    Liabilities:Card\n";

static struct journal *load(void)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	cr_assert_eq(d.nerrors, 0);
	diag_release(&d);
	return j;
}

static uint32_t acc(struct journal *j, const char *name)
{
	uint32_t a = journal_find_account(j, name);
	cr_assert_neq(a, NO_ID, "%s", name);
	return a;
}

/* "ACCOUNT COMMODITY AMOUNT" lines of a report. */
static void rows_text(struct strbuf *sb, const struct journal *j, const struct balance_report *r)
{
	for (size_t i = 0; i < r->n + r->ntotals; i++) {
		const struct balance_row *row = i < r->n ? &r->rows[i] : &r->totals[i - r->n];
		strbuf_addf(sb, "%s %s ", row->account == NO_ID ? "TOTAL" : journal_account_name(j, row->account),
			    commodity_symbol(&j->commodities, row->commodity));
		dec_format_plain(sb, &row->amount, 2);
		strbuf_addch(sb, '\n');
	}
}

static void check_balance(const char *const *pats, size_t n, unsigned depth, enum query_layout layout,
			  const char *want)
{
	struct journal *j = load();
	struct query q = QUERY_INIT;
	struct query_balance_options o = QUERY_BALANCE_OPTIONS_INIT;
	struct balance_report r = BALANCE_REPORT_INIT;
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(query_compile(&q, pats, n), 0);
	o.depth = depth;
	o.layout = layout;
	query_balance(&r, j, &q, &o);
	rows_text(&sb, j, &r);
	cr_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
	balance_report_release(&r);
	query_release(&q);
	journal_free(j);
}

Test(query, match_is_case_insensitive_anywhere_and_any_pattern)
{
	struct journal *j = load();
	const char *pats[] = { "bank:CHECK", "^liab" };
	struct query q = QUERY_INIT;
	cr_assert_eq(query_compile(&q, pats, 2), 0);
	cr_assert(query_match(&q, j, acc(j, "Assets:Bank:Checking")));
	cr_assert(query_match(&q, j, acc(j, "Liabilities:Card")));
	cr_assert_not(query_match(&q, j, acc(j, "Assets:Bank:Savings")));
	cr_assert_not(query_match(&q, j, acc(j, "Expenses:Rent")));
	query_release(&q);
	cr_assert_eq(query_compile(&q, NULL, 0), 0);
	cr_assert(query_match(&q, j, acc(j, "Expenses:Rent")), "no pattern selects every account");
	query_release(&q);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(query, bad_pattern_is_refused)
{
	const char *pats[] = { "ok", "(unclosed" };
	struct query q = QUERY_INIT;
	cr_assert_eq(query_compile(&q, pats, 2), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "'(unclosed'"));
	cr_assert_eq(q.n, 0);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(query, unmatched_pattern_with_nearest_name)
{
	struct journal *j = load();
	const char *pats[] = { "rent", "expences", "qqqqqqq", "savngs" };
	struct query q = QUERY_INIT;
	const char *near;
	cr_assert_eq(query_compile(&q, pats, 4), 0);
	cr_assert_eq(query_unmatched(&q, j, 0, &near), 1);
	cr_assert_str_eq(near, "Expenses");
	cr_assert_eq(query_unmatched(&q, j, 2, &near), 2);
	cr_assert_null(near);
	cr_assert_eq(query_unmatched(&q, j, 3, &near), 3);
	cr_assert_str_eq(near, "Assets:Bank:Savings", "by the last component");
	query_release(&q);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(query, flat_balance_of_selected_postings)
{
	const char *pats[] = { "bank", "rent" };
	check_balance(pats, 2, 0, QUERY_FLAT,
		      "Assets:Bank:Checking EUR 70.00\n"
		      "Assets:Bank:Savings EUR 50.00\n"
		      "Expenses:Rent EUR 30.00\n"
		      "TOTAL EUR 150.00\n");
	ASSERT_NO_LEAKS();
}

Test(query, depth_sums_into_the_parent)
{
	check_balance(NULL, 0, 1, QUERY_FLAT,
		      "Assets EUR 120.00\n"
		      "Equity EUR -150.00\n"
		      "Expenses $ 20.00\n"
		      "Expenses EUR 30.00\n"
		      "Liabilities $ -20.00\n");
	const char *pats[] = { "assets" };
	check_balance(pats, 1, 2, QUERY_FLAT, "Assets:Bank EUR 120.00\nTOTAL EUR 120.00\n");
	ASSERT_NO_LEAKS();
}

Test(query, tree_has_parents_with_subtotals_and_flat_totals)
{
	const char *pats[] = { "expenses" };
	check_balance(pats, 1, 0, QUERY_TREE,
		      "Expenses $ 20.00\n"
		      "Expenses EUR 30.00\n"
		      "Expenses:Rent EUR 30.00\n"
		      "Expenses:Travel $ 20.00\n"
		      "Expenses:Travel:Air $ 20.00\n"
		      "TOTAL $ 20.00\n"
		      "TOTAL EUR 30.00\n");
	ASSERT_NO_LEAKS();
}

Test(query, register_running_total_over_the_selection)
{
	struct journal *j = load();
	const char *pats[] = { "checking", "rent" };
	struct query q = QUERY_INIT;
	struct register_report r = REGISTER_REPORT_INIT;
	struct balance_options bo = BALANCE_OPTIONS_INIT;
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(query_compile(&q, pats, 2), 0);
	query_register(&r, j, &q, &bo);
	for (size_t i = 0; i < r.n; i++) {
		strbuf_addf(&sb, "%s ", journal_account_name(j, j->postings.v[r.rows[i].posting].account));
		dec_format_plain(&sb, &r.rows[i].balance, 2);
		strbuf_addch(&sb, '\n');
	}
	cr_assert_str_eq(sb.buf, "Assets:Bank:Checking 100.00\n"
				 "Expenses:Rent 130.00\n"
				 "Assets:Bank:Checking 100.00\n");
	strbuf_release(&sb);
	register_report_release(&r);
	query_release(&q);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/*
 * test_journal.c - the journal reader: journal_load_buffer() and
 * journal_load_file() (includes), the parsed transactions, postings,
 * directives, and the errors with their positions.
 */
#include "helpers.h"

#include <criterion/parameterized.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

/* Returns posting i of transaction ti. */
static const struct posting *posting(const struct journal *j, size_t ti, size_t i)
{
	cr_assert_lt(ti, j->txns.n, "no transaction %zu", ti);
	cr_assert_lt(i, j->txns.v[ti].nposting, "transaction %zu has no posting %zu", ti, i);
	return &j->postings.v[j->txns.v[ti].first_posting + i];
}

static const char *account_of(const struct journal *j, const struct posting *p)
{
	return journal_account_name(j, p->account);
}

static const char *symbol_of(const struct journal *j, const struct posting *p)
{
	return commodity_symbol(&j->commodities, p->commodity);
}

/* Loads text with journal_load_buffer only (no journal_check); returns its result. */
static int parse_only(struct journal **out, const char *text, size_t len, struct diag *d)
{
	*out = journal_new();
	return journal_load_buffer(*out, TEST_JOURNAL_NAME, text, len, NULL, d);
}

/* ------------------------------------------------------------------ */
/* comments */

Test(journal, comment_lines_and_blocks_are_skipped)
{
	static const char text[] =
		"; a comment\n"
		"# another\n"
		"* org-mode heading\n"
		"% percent\n"
		"| pipe\n"
		"\n"
		"   \n"
		"    ; indented comment at top level\n"
		"comment\n"
		"this is not parsed\n"
		"alias a=b\n"
		"2023-13-45 not a transaction\n"
		"end comment\n"
		"2023-01-05 real\n"
		"    assets:cash  1 EUR\n"
		"    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1);
	cr_assert_str_eq(j->txns.v[0].description, "real");
	cr_assert_eq(j->txns.v[0].line, 14);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, comment_block_without_end_runs_to_the_end)
{
	static const char text[] = "comment\n"
				   "2023-01-05 hidden\n"
				   "    a  1 EUR\n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* transaction headers */

Test(journal, header_fields)
{
	static const char text[] =
		"2023-01-05 * (INV-7) Acme Corp | monthly fee  ; project: alpha, kind:fee\n"
		"    expenses:fees  10 EUR\n"
		"    assets:bank\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1);
	const struct txn *t = &j->txns.v[0];
	cr_assert_eq(t->date, date_from_ymd(2023, 1, 5));
	cr_assert_eq(t->status, '*');
	cr_assert_str_eq(t->code, "INV-7");
	cr_assert_str_eq(t->description, "Acme Corp | monthly fee");
	cr_assert_eq(t->line, 1);
	cr_assert_eq(t->ntags, 2);
	cr_assert_str_eq(journal_txn_tag(j, t, "project"), "alpha");
	cr_assert_str_eq(journal_txn_tag(j, t, "kind"), "fee");
	cr_assert_null(journal_txn_tag(j, t, "missing"));
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, header_minimal_and_pending)
{
	static const char text[] = "2023-01-05\n"
				   "    a  1 EUR\n"
				   "    b\n"
				   "2023-01-06 ! (42)\n"
				   "    a  1 EUR\n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 2);
	cr_assert_eq(j->txns.v[0].status, ' ');
	cr_assert_null(j->txns.v[0].code);
	cr_assert_str_eq(j->txns.v[0].description, "");
	cr_assert_eq(j->txns.v[0].ntags, 0);
	cr_assert_eq(j->txns.v[1].status, '!');
	cr_assert_str_eq(j->txns.v[1].code, "42");
	cr_assert_str_eq(j->txns.v[1].description, "");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

struct date_case {
	char header[24];
	int y, m, d;
};

ParameterizedTestParameters(journal, date_forms)
{
	static struct date_case cases[] = {
		{ "2023-01-05 x", 2023, 1, 5 },	 { "2023/01/05 x", 2023, 1, 5 },
		{ "2023.01.05 x", 2023, 1, 5 },	 { "2023-1-5 x", 2023, 1, 5 },
		{ "2023/1/05 x", 2023, 1, 5 },	 { "2023.12.31 x", 2023, 12, 31 },
		{ "2024-02-29 x", 2024, 2, 29 }, { "2023-01-05", 2023, 1, 5 },
	};
	return cr_make_param_array(struct date_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct date_case *c, journal, date_forms)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	strbuf_addf(&sb, "%s\n    a  1 EUR\n    b\n", c->header);
	struct journal *j = load_str(sb.buf, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1, "\"%s\"", c->header);
	cr_assert_eq(j->txns.v[0].date, date_from_ymd(c->y, c->m, c->d), "\"%s\"", c->header);
	journal_free(j);
	strbuf_release(&sb);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, crlf_and_bom)
{
	static const char text[] = "\xEF\xBB\xBF"
				   "2023-01-05 x ; tag: v\r\n"
				   "    a  1 EUR\r\n"
				   "    b\r\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1);
	cr_assert_str_eq(j->txns.v[0].description, "x");
	cr_assert_str_eq(journal_txn_tag(j, &j->txns.v[0], "tag"), "v", "no '\\r' in the value");
	cr_assert_str_eq(account_of(j, posting(j, 0, 1)), "b");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, blank_line_ends_a_transaction)
{
	static const char text[] = "2023-01-01 x\n"
				   "    a  1 EUR\n"
				   "  \t \n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, strlen(text), &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 2);
	assert_diag_at(&d, "transaction has only one posting", 1, 1);
	assert_diag_at(&d, "unexpected indented line", 4, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* postings and tags */

Test(journal, posting_fields)
{
	static const char text[] = "2023-01-05 x\n"
				   "    * assets:bank:checking  -12.50 EUR\n"
				   "\texpenses:food\t12.50 EUR\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct posting *p0 = posting(j, 0, 0), *p1 = posting(j, 0, 1);
	cr_assert_str_eq(account_of(j, p0), "assets:bank:checking");
	cr_assert_eq(p0->status, '*');
	cr_assert_eq(p0->line, 2);
	cr_assert_eq(p0->col, 6, "byte offset of the account name");
	cr_assert_str_eq(symbol_of(j, p0), "EUR");
	assert_dec(&p0->amount, "-12.50");
	cr_assert_eq(p0->flags, 0);
	cr_assert_eq(p0->txn, 0);
	cr_assert_str_eq(account_of(j, p1), "expenses:food");
	cr_assert_eq(p1->status, ' ');
	cr_assert_eq(p1->col, 1);
	/* parents are interned and linked */
	uint32_t bank = journal_find_account(j, "assets:bank");
	uint32_t assets = journal_find_account(j, "assets");
	cr_assert_neq(bank, NO_ID);
	cr_assert_neq(assets, NO_ID);
	cr_assert_eq(j->accounts.v[p0->account].parent, bank);
	cr_assert_eq(j->accounts.v[bank].parent, assets);
	cr_assert_eq(j->accounts.v[assets].parent, NO_ID);
	cr_assert_eq(j->accounts.v[p0->account].depth, 2);
	cr_assert(j->accounts.v[p0->account].used);
	cr_assert(!j->accounts.v[bank].used, "no postings of its own");
	cr_assert(journal_account_under(j, p0->account, assets));
	cr_assert(!journal_account_under(j, p1->account, assets));
	cr_assert_eq(journal_find_account(j, "nope"), NO_ID);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, posting_tags_and_inherited_transaction_tags)
{
	static const char text[] = "2023-01-05 Shop  ; project: alpha, kind: fee\n"
				   "    expenses:food  10 EUR  ; category: groceries\n"
				   "    expenses:misc   5 EUR  ; project: beta\n"
				   "    assets:cash\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct posting *food = posting(j, 0, 0), *misc = posting(j, 0, 1),
			     *cash = posting(j, 0, 2);
	cr_assert_str_eq(journal_posting_tag(j, food, "category"), "groceries");
	cr_assert_str_eq(journal_posting_tag(j, food, "project"), "alpha", "inherited");
	cr_assert_str_eq(journal_posting_tag(j, misc, "project"), "beta", "own tag wins");
	cr_assert_str_eq(journal_posting_tag(j, misc, "kind"), "fee");
	cr_assert_null(journal_posting_tag(j, cash, "category"));
	cr_assert_str_eq(journal_posting_tag(j, cash, "project"), "alpha");
	cr_assert_null(journal_posting_tag(j, cash, "nonexistent"));
	cr_assert_null(journal_txn_tag(j, &j->txns.v[0], "category"),
		       "posting tags are not the transaction's");
	uint32_t id = journal_tag_id(j, "category");
	cr_assert_neq(id, NO_ID);
	cr_assert_str_eq(journal_tag_name(j, id), "category");
	cr_assert_str_eq(journal_posting_tag_id(j, food, id), "groceries");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, tag_values)
{
	static const char text[] = "2023-01-05 x  ; a: one two , b:, c:3,d: x:y\n"
				   "    a  1 EUR\n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct txn *t = &j->txns.v[0];
	cr_assert_str_eq(journal_txn_tag(j, t, "a"), "one two", "trimmed, runs to the comma");
	cr_assert_str_eq(journal_txn_tag(j, t, "b"), "", "empty value");
	cr_assert_str_eq(journal_txn_tag(j, t, "c"), "3");
	cr_assert_str_eq(journal_txn_tag(j, t, "d"), "x:y", "a value may hold ':'");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, indented_comment_lines_attach_to_txn_or_previous_posting)
{
	static const char text[] = "2023-01-05 Shop\n"
				   "    ; note: before postings\n"
				   "    expenses:food  10 EUR  ; a: 1\n"
				   "    ; receipt: 123\n"
				   "    assets:cash   -10 EUR\n"
				   "      ; src: bank\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct txn *t = &j->txns.v[0];
	cr_assert_eq(t->nposting, 2);
	cr_assert_str_eq(journal_txn_tag(j, t, "note"), "before postings");
	cr_assert_null(journal_txn_tag(j, t, "receipt"));
	const struct posting *food = posting(j, 0, 0), *cash = posting(j, 0, 1);
	cr_assert_str_eq(journal_posting_tag(j, food, "a"), "1");
	cr_assert_str_eq(journal_posting_tag(j, food, "receipt"), "123");
	cr_assert_null(journal_posting_tag(j, food, "src"));
	cr_assert_str_eq(journal_posting_tag(j, cash, "src"), "bank");
	cr_assert_null(journal_posting_tag(j, cash, "receipt"));
	cr_assert_str_eq(journal_posting_tag(j, cash, "note"), "before postings", "inherited");
	/* tags remember their line */
	uint32_t id = journal_tag_id(j, "receipt");
	const struct posting_extra *x = &j->extras.v[food->extra];
	cr_assert_eq(x->ntags, 2);
	cr_assert_eq(j->tags.v[x->tags_start + 1].name, id);
	cr_assert_eq(j->tags.v[x->tags_start + 1].line, 4);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* elided amounts */

Test(journal, elided_amount_single_commodity)
{
	static const char text[] = "2023-01-05 x\n"
				   "    expenses:a  10.50 EUR\n"
				   "    expenses:b   2 EUR\n"
				   "    assets:cash\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.v[0].nposting, 3);
	const struct posting *p = posting(j, 0, 2);
	cr_assert_str_eq(account_of(j, p), "assets:cash");
	cr_assert_str_eq(symbol_of(j, p), "EUR");
	assert_dec(&p->amount, "-12.50");
	cr_assert_eq(p->flags, POSTING_INFERRED);
	cr_assert_eq(posting(j, 0, 0)->flags & POSTING_INFERRED, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, elided_amount_first_posting)
{
	static const char text[] = "2023-01-05 x\n"
				   "    assets:cash\n"
				   "    expenses:a  7 USD\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct posting *p = posting(j, 0, 0);
	cr_assert_str_eq(account_of(j, p), "assets:cash");
	assert_dec(&p->amount, "-7");
	cr_assert_str_eq(symbol_of(j, p), "USD");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, elided_amount_multi_commodity_is_split)
{
	static const char text[] = "2023-01-05 swap\n"
				   "    assets:a   10 EUR\n"
				   "    assets:b    5 USD  ; t: 1\n"
				   "    equity:x  ; memo: m\n"
				   "2023-01-06 after\n"
				   "    assets:a   1 EUR\n"
				   "    equity:x\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 2);
	const struct txn *t = &j->txns.v[0];
	cr_assert_eq(t->nposting, 4, "one extra posting for the second commodity");
	const struct posting *e = posting(j, 0, 2), *copy = posting(j, 0, 3);
	cr_assert_str_eq(account_of(j, e), "equity:x");
	cr_assert_str_eq(symbol_of(j, e), "EUR");
	assert_dec(&e->amount, "-10");
	cr_assert_eq(e->flags, POSTING_INFERRED);
	cr_assert_str_eq(account_of(j, copy), "equity:x");
	cr_assert_str_eq(symbol_of(j, copy), "USD");
	assert_dec(&copy->amount, "-5");
	cr_assert_eq(copy->flags, POSTING_INFERRED | POSTING_COPY);
	cr_assert_eq(copy->line, 4, "the copy keeps the elided posting's line");
	cr_assert_eq(copy->txn, 0);
	cr_assert_str_eq(journal_posting_tag(j, copy, "memo"), "m");
	/* the next transaction's postings come after the copy */
	cr_assert_eq(j->txns.v[1].first_posting, t->first_posting + 4);
	cr_assert_str_eq(account_of(j, posting(j, 1, 0)), "assets:a");
	assert_dec(&posting(j, 1, 1)->amount, "-1");
	cr_assert_eq(j->postings.n, 6);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, elided_amount_zero)
{
	static const char text[] = "2023-01-05 x\n"
				   "    assets:a   10 EUR\n"
				   "    assets:b  -10.00 EUR\n"
				   "    equity:x\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.v[0].nposting, 3, "no copies for a zero");
	const struct posting *p = posting(j, 0, 2);
	cr_assert(dec_is_zero(&p->amount));
	cr_assert_eq(p->commodity, 0, "a zero has no commodity");
	cr_assert_eq(p->flags, POSTING_INFERRED);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* costs and assertions */

static const struct posting_aux *aux_of(const struct journal *j, const struct posting *p)
{
	cr_assert_neq(p->extra, NO_ID, "posting has no extra");
	uint32_t a = j->extras.v[p->extra].aux;
	cr_assert_neq(a, NO_ID, "posting has no aux");
	return &j->aux.v[a];
}

Test(journal, unit_cost_balances_in_the_cost_commodity)
{
	static const char text[] = "2023-01-05 buy\n"
				   "    assets:stock  10 AAPL @ 5.50 USD\n"
				   "    assets:cash  -55.00 USD\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct posting *p = posting(j, 0, 0);
	cr_assert_eq(p->flags, POSTING_COST);
	cr_assert_str_eq(symbol_of(j, p), "AAPL");
	assert_dec(&p->amount, "10");
	const struct posting_aux *x = aux_of(j, p);
	assert_dec(&x->cost, "5.50");
	cr_assert_str_eq(commodity_symbol(&j->commodities, x->cost_commodity), "USD");
	cr_assert(!x->cost_total);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, total_cost_balances_in_the_cost_commodity)
{
	static const char text[] = "2023-01-05 buy\n"
				   "    assets:stock  10 AAPL @@ 55 USD\n"
				   "    assets:cash  -55 USD\n"
				   "2023-01-06 sell\n"
				   "    assets:stock  -10 AAPL @@ 60 USD\n"
				   "    assets:cash\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	const struct posting_aux *x = aux_of(j, posting(j, 0, 0));
	cr_assert(x->cost_total);
	assert_dec(&x->cost, "55");
	const struct posting *cash = posting(j, 1, 1);
	cr_assert_str_eq(symbol_of(j, cash), "USD", "inferred in the cost commodity");
	/* a sale's total cost counts positive in the cost commodity */
	assert_dec(&cash->amount, "60");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, unbalanced_with_cost)
{
	static const char text[] = "2023-01-05 buy\n"
				   "    assets:stock  10 AAPL @ 5 USD\n"
				   "    assets:cash  -55 USD\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "transaction does not balance: 'USD' off by -5", 1, 1);
	cr_assert_eq(d.nerrors, 1);
	cr_assert_eq(j->txns.n, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, cost_errors)
{
	static const char text[] = "2023-01-05 a\n"
				   "    assets:x  10 USD @ 1 USD\n"
				   "    assets:y\n"
				   "2023-01-05 b\n"
				   "    assets:x  10 AAPL @ -5 USD\n"
				   "    assets:y\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "a cost must be in another commodity than the amount", 2, 24);
	assert_diag_at(&d, "a cost must not be negative", 5, 25);
	cr_assert_eq(d.nerrors, 2);
	cr_assert_eq(j->txns.n, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, balance_assertions_are_parsed)
{
	static const char text[] = "2023-01-05 x\n"
				   "    assets:bank  10 EUR = 110 EUR\n"
				   "    assets:cash  -10 EUR == -10.00 EUR  ; t: v\n";
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "t", text, strlen(text), NULL, &d), 0);
	assert_no_diag(&d);
	cr_assert(j->has_assertions);
	const struct posting *bank = posting(j, 0, 0), *cash = posting(j, 0, 1);
	cr_assert_eq(bank->flags, POSTING_ASSERT);
	const struct posting_aux *x = aux_of(j, bank);
	assert_dec(&x->assertion, "110");
	cr_assert_str_eq(commodity_symbol(&j->commodities, x->assert_commodity), "EUR");
	cr_assert(!x->assert_total);
	cr_assert_eq(x->assert_col, 26);
	x = aux_of(j, cash);
	cr_assert(x->assert_total);
	assert_dec(&x->assertion, "-10.00");
	cr_assert_str_eq(journal_posting_tag(j, cash, "t"), "v");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, no_assertions_flag)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str("2023-01-05 x\n  a  1 EUR\n  b\n", &d);
	assert_no_diag(&d);
	cr_assert(!j->has_assertions);
	cr_assert_eq(posting(j, 0, 0)->extra, NO_ID, "no extra without tags, cost or assertion");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* directives */

Test(journal, account_directive_with_tags)
{
	static const char text[] =
		"account assets:bank  ; role: bank, iban: DE89 3704 0044 0532 0130 00\n"
		"    ; note: main account\n"
		"    ; email: a@b.example\n"
		"account expenses\n"
		"2023-01-05 x\n"
		"    assets:bank  1 EUR\n"
		"    expenses\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t bank = journal_find_account(j, "assets:bank");
	cr_assert_neq(bank, NO_ID);
	const struct account *a = &j->accounts.v[bank];
	cr_assert(a->declared);
	cr_assert_eq(a->decl_line, 1);
	cr_assert_eq(a->ntags, 4);
	cr_assert_str_eq(journal_account_tag(j, bank, "role"), "bank");
	cr_assert_str_eq(journal_account_tag(j, bank, "iban"), "DE89 3704 0044 0532 0130 00");
	cr_assert_str_eq(journal_account_tag(j, bank, "note"), "main account");
	cr_assert_str_eq(journal_account_tag(j, bank, "email"), "a@b.example");
	cr_assert_null(journal_account_tag(j, bank, "terms"));
	cr_assert_eq(a->role, ROLE_BANK, "journal_check resolved the role");
	uint32_t assets = journal_find_account(j, "assets");
	cr_assert(!j->accounts.v[assets].declared, "the parent is only interned");
	cr_assert(j->accounts.v[journal_find_account(j, "expenses")].declared);
	cr_assert_eq(j->accounts.v[journal_find_account(j, "expenses")].decl_line, 4);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, account_directive_errors)
{
	static const char text[] = "account assets:bank\n"
				   "account assets:bank\n"
				   "account assets:cash  extra\n"
				   "account assets:other\n"
				   "    alias x\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "account 'assets:bank' is already declared at test.journal:1", 2, 9);
	assert_diag_at(&d, "unexpected text after the account name", 3, 22);
	assert_diag_at(&d, "unsupported account subdirective", 5, 5);
	cr_assert_eq(d.nerrors, 3);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, commodity_directive_sample_amount)
{
	static const char text[] = "commodity 1.000,00 SEK\n"
				   "2023-01-05 x\n"
				   "    assets:a  1.000,50 SEK\n"
				   "    assets:b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t sek = posting(j, 0, 0)->commodity;
	const struct commodity *c = &j->commodities.v[sek];
	cr_assert_str_eq(commodity_symbol(&j->commodities, sek), "SEK");
	cr_assert(c->declared && c->style_declared);
	cr_assert_eq(c->mark, ',');
	cr_assert_eq(c->group, '.');
	cr_assert_eq(c->precision, 2);
	cr_assert_eq(c->decl_line, 1);
	assert_dec(&posting(j, 0, 0)->amount, "1000.50");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, commodity_directive_symbol_and_format_line)
{
	static const char text[] = "commodity EUR\n"
				   "    ; a comment line\n"
				   "    format EUR 1,000.00\n"
				   "commodity $\n"
				   "commodity \"ABC 1\" 1,000.0000\n"
				   "2023-01-05 x\n"
				   "    assets:a  EUR 1,000\n"
				   "    assets:b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t eur = posting(j, 0, 0)->commodity;
	const struct commodity *c = &j->commodities.v[eur];
	cr_assert(c->declared && c->style_declared);
	cr_assert(c->left && c->spaced);
	cr_assert_eq(c->mark, '.');
	cr_assert_eq(c->group, ',');
	cr_assert_eq(c->precision, 2);
	cr_assert_eq(c->decl_line, 1);
	/* the declared format settles the mark */
	assert_dec(&posting(j, 0, 0)->amount, "1000");

	uint32_t usd = symtab_find(&j->commodities.names, "$", 1);
	cr_assert_neq(usd, UINT32_MAX);
	cr_assert(j->commodities.v[usd].declared);
	cr_assert(!j->commodities.v[usd].style_declared, "a bare symbol declares no style");
	cr_assert_eq(j->commodities.v[usd].decl_line, 4);

	uint32_t abc = symtab_find(&j->commodities.names, "ABC 1", 5);
	cr_assert_neq(abc, UINT32_MAX);
	cr_assert(j->commodities.v[abc].style_declared);
	cr_assert_eq(j->commodities.v[abc].precision, 4);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, commodity_directive_errors)
{
	static const char text[] = "commodity EUR\n"
				   "commodity EUR\n"
				   "commodity USD\n"
				   "    format 1.00 GBP\n"
				   "    precision 2\n"
				   "commodity\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "commodity 'EUR' is already declared at test.journal:1", 2, 11);
	assert_diag_at(&d, "format sample is in another commodity", 4, 0);
	assert_diag_at(&d, "unsupported commodity subdirective", 5, 5);
	assert_diag_at(&d, "expected a commodity symbol or a sample amount", 6, 0);
	cr_assert_eq(d.nerrors, 4);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, price_directive_with_a_time_of_day)
{
	static const char text[] = "P 2023-01-01 12:00 EUR 1.10 USD\n"
				   "P 2023-01-02 23:59:59 EUR 1.20 USD  ; closing\n"
				   "P 2023-01-03 00:00 \"ABC 1\" $3\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->prices.n, 3);
	cr_assert_eq(j->prices.v[0].date, date_from_ymd(2023, 1, 1));
	cr_assert_str_eq(commodity_symbol(&j->commodities, j->prices.v[0].commodity), "EUR");
	assert_dec(&j->prices.v[0].price.qty, "1.10");
	cr_assert_eq(j->prices.v[1].date, date_from_ymd(2023, 1, 2));
	assert_dec(&j->prices.v[1].price.qty, "1.20");
	cr_assert_str_eq(commodity_symbol(&j->commodities, j->prices.v[2].commodity), "ABC 1");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, assertion_with_a_cost_compares_the_amount_alone)
{
	static const char text[] = "2023-01-01 buy\n"
				   "    assets:eur  10 EUR @ 1.10 USD = 10 EUR @ 1.10 USD\n"
				   "    assets:usd  -11.00 USD\n"
				   "2023-01-02 buy\n"
				   "    assets:eur  5 EUR @@ 6.00 USD == 15 EUR @@ 16.50 USD\n"
				   "    assets:usd\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 2);
	cr_assert(posting(j, 1, 0)->flags & POSTING_ASSERT);
	assert_dec(&posting(j, 1, 1)->amount, "-6.00");
	journal_free(j);
	diag_release(&d);

	/* the asserted amount still decides: a wrong one fails as without a cost */
	static const char wrong[] = "2023-01-01 buy\n"
				    "    assets:eur  10 EUR @ 1.10 USD = 11 EUR @ 1.00 USD\n"
				    "    assets:usd  -11.00 USD\n";
	j = load_str(wrong, &d);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "balance assertion failed: 'assets:eur' is 10 EUR, asserted 11 EUR", 2, 37);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, single_posting_of_zero_is_a_transaction)
{
	static const char text[] = "2023-01-01 x\n"
				   "    a  5 EUR\n"
				   "    b\n"
				   "\n"
				   "2023-01-02 check\n"
				   "    a  0 EUR = 5 EUR\n"
				   "\n"
				   "2023-01-03 note\n"
				   "    a\n"
				   "\n"
				   "2023-01-04 zero in another commodity\n"
				   "    a  $0.00\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 4);
	for (size_t t = 1; t < 4; t++) {
		cr_assert_eq(j->txns.v[t].nposting, 1);
		cr_assert(dec_is_zero(&posting(j, t, 0)->amount));
	}
	cr_assert_str_eq(symbol_of(j, posting(j, 2, 0)), "", "no amount: 0 without a commodity");
	journal_free(j);
	diag_release(&d);

	/* a single zero posting's assertion is checked like any other */
	static const char wrong[] = "2023-01-01 x\n"
				    "    a  5 EUR\n"
				    "    b\n"
				    "2023-01-02 check\n"
				    "    a  0 EUR = 4 EUR\n";
	j = load_str(wrong, &d);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "balance assertion failed: 'a' is 5 EUR, asserted 4 EUR", 5, 16);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, account_directive_comment_after_one_space)
{
	static const char text[] = "account assets:bank ; role: bank, note: main\n"
				   "account assets:cash ;\n"
				   "account assets:a b  ; two words\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t bank = journal_find_account(j, "assets:bank");
	cr_assert_neq(bank, NO_ID, "the name ends before ' ;'");
	cr_assert(j->accounts.v[bank].declared);
	cr_assert_str_eq(journal_account_tag(j, bank, "role"), "bank");
	cr_assert_str_eq(journal_account_tag(j, bank, "note"), "main");
	cr_assert_neq(journal_find_account(j, "assets:cash"), NO_ID);
	cr_assert_neq(journal_find_account(j, "assets:a b"), NO_ID);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, transaction_date_tag_and_bracketed_words_are_not_posting_dates)
{
	static const char text[] = "2023-01-01 x  ; date: 2023-02-01\n"
				   "    a  1 EUR  ; see [note], updated: 2023-01-05, date: tbd\n"
				   "    ; [x]\n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1);
	cr_assert_str_eq(journal_posting_tag(j, posting(j, 0, 0), "updated"), "2023-01-05");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, price_directive)
{
	static const char text[] = "P 2023-01-01 EUR 1.10 USD\n"
				   "P 2023/01/02 \"ABC 1\" $3\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert_eq(j->prices.n, 2);
	const struct price *p = &j->prices.v[0];
	cr_assert_eq(p->date, date_from_ymd(2023, 1, 1));
	cr_assert_str_eq(commodity_symbol(&j->commodities, p->commodity), "EUR");
	cr_assert_str_eq(commodity_symbol(&j->commodities, p->price.commodity), "USD");
	assert_dec(&p->price.qty, "1.10");
	cr_assert_eq(p->line, 1);
	p = &j->prices.v[1];
	cr_assert_str_eq(commodity_symbol(&j->commodities, p->commodity), "ABC 1");
	cr_assert_str_eq(commodity_symbol(&j->commodities, p->price.commodity), "$");
	cr_assert_eq(p->line, 2);
	cr_assert_eq(j->txns.n, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, price_directive_errors)
{
	static const char text[] = "P 2023-02-30 EUR 1 USD\n"
				   "P 2023-01-01 EUR\n"
				   "P 2023-01-01 EUR 1 USD x\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "no such day", 1, 3);
	assert_diag_at(&d, "expected an amount", 2, 17);
	assert_diag_at(&d, "unexpected text after the price", 3, 24);
	cr_assert_eq(j->prices.n, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* errors, one by one */

struct error_case {
	char text[112];
	char msg[96];
	uint32_t line, col;
};

ParameterizedTestParameters(journal, errors)
{
	static struct error_case cases[] = {
		{ "2023-01-01 x\n    a  10.00 EUR\n    b  -9.99 EUR\n",
		  "transaction does not balance: 'EUR' off by 0.01", 1, 1 },
		{ "2023-01-01 x\n    a  1 EUR\n    b  2 USD\n",
		  "transaction does not balance: 'EUR' off by 1, 'USD' off by 2", 1, 1 },
		{ "2023-01-01 x\n    a  1\n    b  -2\n",
		  "transaction does not balance: off by -1", 1, 1 },
		{ "2023-01-01 x\n    a  1 EUR\n    b\n    c\n",
		  "only one posting may omit its amount", 4, 5 },
		{ "alias a=b\n", "unsupported directive 'alias'", 1, 1 },
		{ "apply account x\n", "unsupported directive 'apply'", 1, 1 },
		{ "year 2023\n", "unsupported directive 'year'", 1, 1 },
		{ "~ monthly\n    a  1 EUR\n    b\n",
		  "periodic transactions ('~') are not supported", 1, 1 },
		{ "= expenses\n    a  1 EUR\n    b\n",
		  "automated transactions ('=') are not supported", 1, 1 },
		{ "2023-01-01 x\n    (a)  1 EUR\n    b\n", "virtual postings", 2, 5 },
		{ "2023-01-01 x\n    [a]  1 EUR\n    b\n", "virtual postings", 2, 5 },
		{ "2023-01-01 x\n    a  = 1 EUR\n    b\n", "balance assignments", 2, 8 },
		{ "2023-01-01 x\n    a  1 EUR =* 1 EUR\n    b\n", "subaccount-inclusive", 2, 14 },
		{ "2023-01-01=2023-01-05 x\n    a  1 EUR\n    b\n", "secondary dates", 1, 11 },
		{ "2023-02-29 x\n    a  1 EUR\n    b\n", "invalid date: no such day", 1, 1 },
		{ "2023-13-01 x\n    a  1 EUR\n    b\n", "invalid date: month out of range", 1, 1 },
		{ "2023-01/05 x\n    a  1 EUR\n    b\n", "the same separator twice", 1, 1 },
		{ "2023-01-01x\n    a  1 EUR\n    b\n", "expected a space after the date", 1, 11 },
		{ "2023-01-01 x\n    assets:cash ; note\n    b  1 EUR\n",
		  "expected two spaces or a tab between the account name and ';'", 2, 16 },
		{ "2023-01-01 x\n    a  1 EUR\n", "transaction has only one posting", 1, 1 },
		{ "2023-01-01 x\n", "transaction has no postings (are they indented?)", 1, 1 },
		{ "2023-01-01 x\n    a::b  1 EUR\n    b\n", "empty part ('::')", 2, 6 },
		{ "2023-01-01 x\n    :a  1 EUR\n    b\n", "must not start with ':'", 2, 5 },
		{ "2023-01-01 x\n    a:  1 EUR\n    b\n", "must not end with ':'", 2, 6 },
		{ "2023-01-01 x\n    a  $1 EUR\n    b\n", "unexpected text after the amount", 2,
		  11 },
		{ "2023-01-01 x\n    a  1,000 EUR\n    b\n", "ambiguous number", 2, 8 },
		{ "2023-01-01 (x\n    a  1 EUR\n    b\n", "unterminated transaction code", 1, 12 },
		{ "    a  1 EUR\n", "unexpected indented line", 1, 5 },
		{ "hello\n", "unexpected text: expected a transaction", 1, 1 },
		{ "include other.journal\n", "'include' is not allowed here", 1, 1 },
		/* hledger compatibility: what Clerk still refuses, and why */
		{ "P 2023-01-01 24:00 EUR 1.10 USD\n", "not a time of day: 24:00", 1, 14 },
		{ "P 2023-01-01 12:60:00 EUR 1 USD\n", "not a time of day: 12:60:00", 1, 14 },
		{ "P 2023-01-01 9:30 EUR 1 USD\n", "expected a time of day HH:MM", 1, 14 },
		{ "P 2023-01-01 12:00: EUR 1 USD\n", "expected a time of day HH:MM", 1, 14 },
		{ "P 2023-01-01 12:00+0100 EUR 1 USD\n", "a time zone after the time of day", 1, 19 },
		{ "2023-01-01 x\n    a  1 EUR  ; date: 2023-01-02\n    b\n",
		  "posting dates (a 'date:' tag on a posting) are not supported", 2, 17 },
		{ "2023-01-01 x\n    a  1 EUR  ; n, date2: 2023-01-02\n    b\n",
		  "posting dates (a 'date:' tag on a posting) are not supported", 2, 20 },
		{ "2023-01-01 x\n    a  1 EUR\n    ; [2023-01-02]\n    b\n",
		  "bracketed posting dates ('[DATE]') are not supported", 3, 7 },
		{ "2023-01-01 x\n    a  1 EUR  ; [=2023-01-02]\n    b\n",
		  "bracketed posting dates ('[DATE]') are not supported", 2, 17 },
		{ "2023-01-01 x\n    a  1 EUR = 1 EUR @ 2 EUR\n    b\n",
		  "a cost must be in another commodity than the amount", 2, 24 },
		{ "2023-01-01 x\n    a  1 EUR = 1 EUR @ -2 USD\n    b\n", "a cost must not be negative",
		  2, 24 },
		{ "2023-01-01 x\n    a  1 EUR = 1 EUR @ 2 USD x\n    b\n",
		  "unexpected text after the amount", 2, 30 },
		{ "2023-01-01 x\n    a  0.01 EUR\n", "transaction has only one posting", 1, 1 },
	};
	return cr_make_param_array(struct error_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct error_case *c, journal, errors)
{
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	int rc = parse_only(&j, c->text, strlen(c->text), &d);
	cr_assert_eq(rc, CLERK_EPARSE, "\"%s\" must fail", c->text);
	cr_assert_eq(d.nerrors, 1, "\"%s\": %zu errors", c->text, d.nerrors);
	assert_diag_at(&d, c->msg, c->line, c->col);
	cr_assert_str_eq(d.items[0].file, TEST_JOURNAL_NAME);
	cr_assert_eq(j->txns.n, 0, "a bad transaction is dropped");
	cr_assert_eq(j->postings.n, 0, "and so are its postings");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, unbalanced_message_is_formatted_like_a_compiler)
{
	static const char text[] = "2023-01-01 x\n"
				   "    a  10.00 EUR\n"
				   "    b  -9.99 EUR\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	char *s = diag_to_str(&d);
	cr_assert_str_eq(s, "test.journal:1:1: error: transaction does not balance: "
			    "'EUR' off by 0.01\n"
			    "    1 | 2023-01-01 x\n"
			    "      | ^\n");
	free(s);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, nul_byte_is_reported_and_input_stops_there)
{
	static const char text[] = "2023-01-01 x\n"
				   "    a  1 EUR\n"
				   "    b\n"
				   "2023-01-02 ab\0cd\n"
				   "    a  1 EUR\n"
				   "    b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, sizeof(text) - 1, &d), CLERK_EPARSE);
	assert_diag_at(&d, "file contains a NUL byte", 4, 14);
	cr_assert_eq(j->txns.n, 1, "the transaction before the NUL is kept");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, all_errors_are_reported_with_line_and_column)
{
	/*
	 * Line 9 has a two-byte character ('\xC3\xBC', u-umlaut) before the
	 * error: the column counts characters, so it is one less than the byte
	 * offset + 1.
	 */
	static const char text[] = "2023-01-01 ok\n"                       /* 1 */
				   "    assets:cash  1 EUR\n"              /* 2 */
				   "    income\n"                          /* 3 */
				   "alias a=b\n"                           /* 4 */
				   "2023-02-29 bad date\n"                 /* 5 */
				   "    a  1 EUR\n"                        /* 6 */
				   "    b\n"                               /* 7 */
				   "2023-01-03 bad amount\n"               /* 8 */
				   "    Ausgaben:Geb\xC3\xBChren  5 EUR x\n" /* 9 */
				   "    b\n"                               /* 10 */
				   "2023-01-04 unbalanced\n"               /* 11 */
				   "    a  1 EUR\n"                        /* 12 */
				   "    b  -2 EUR\n"                       /* 13 */
				   "2023-01-05 \xE2\x82\xAC\n"             /* 14 */
				   "    caf\xC3\xA9  \xE2\x82\xAC" "1,000\n" /* 15 */
				   "    b\n"                               /* 16 */
				   "2023-01-06 ok too\n"                   /* 17 */
				   "    a  1 EUR\n"                        /* 18 */
				   "    b\n";                              /* 19 */
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, strlen(text), &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 5, "every error is reported");
	cr_assert_eq(d.n, 5);
	assert_diag_at(&d, "unsupported directive 'alias'", 4, 1);
	assert_diag_at(&d, "no such day", 5, 1);
	assert_diag_at(&d, "unexpected text after the amount", 9, 30);
	assert_diag_at(&d, "off by -1", 11, 1);
	assert_diag_at(&d, "ambiguous number", 15, 12);
	/* reported in file order */
	for (size_t i = 1; i < d.n; i++)
		cr_assert_lt(d.items[i - 1].line, d.items[i].line);
	/* the good transactions around the bad ones are kept */
	cr_assert_eq(j->txns.n, 2);
	cr_assert_str_eq(j->txns.v[0].description, "ok");
	cr_assert_str_eq(j->txns.v[1].description, "ok too");
	/* the caret sits under the character */
	struct strbuf sb = STRBUF_INIT;
	diag_format_item(&sb, diag_find(&d, "unexpected text after the amount"));
	cr_assert(strstr(sb.buf, "test.journal:9:30: error: unexpected text after the amount\n"),
		  "got: %s", sb.buf);
	struct strbuf caret = STRBUF_INIT;
	strbuf_addstr(&caret, "\n      | ");
	strbuf_addchars(&caret, ' ', 29);
	strbuf_addstr(&caret, "^\n");
	cr_assert(strstr(sb.buf, caret.buf), "caret under column 30: %s", sb.buf);
	strbuf_release(&caret);
	strbuf_release(&sb);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, max_errors_keeps_counting)
{
	static const char text[] = "alias a\nalias b\nalias c\n";
	struct diag d = DIAG_INIT;
	d.max_errors = 2;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, strlen(text), &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 3);
	cr_assert_eq(d.n, 2);
	cr_assert_eq(d.dropped, 1);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, source_line_lookup)
{
	static const char text[] = "; first\r\n"
				   "2023-01-01 x\n"
				   "    a  1 EUR\n"
				   "    b";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, strlen(text), &d), 0);
	size_t len = 0;
	const char *s = journal_source_line(j, 0, 1, &len);
	cr_assert_not_null(s);
	cr_assert_eq(len, 7, "without \\r\\n");
	cr_assert_eq(memcmp(s, "; first", 7), 0);
	s = journal_source_line(j, 0, 4, &len);
	cr_assert_not_null(s);
	cr_assert_eq(len, 5, "the last line has no newline");
	cr_assert_null(journal_source_line(j, 0, 5, &len));
	cr_assert_null(journal_source_line(j, 0, 0, &len));
	cr_assert_null(journal_source_line(j, 1, 1, &len), "no such file");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, date_order)
{
	static const char text[] = "2023-03-01 c\n  a  1 EUR\n  b\n"
				   "2023-01-01 a\n  a  1 EUR\n  b\n"
				   "2023-03-01 d\n  a  1 EUR\n  b\n"
				   "2023-02-01 b\n  a  1 EUR\n  b\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	cr_assert(!j->dates_ordered);
	uint32_t *order = NULL;
	journal_date_order(j, &order);
	static const char *const want[] = { "a", "b", "c", "d" };
	for (size_t i = 0; i < 4; i++)
		cr_assert_str_eq(j->txns.v[order[i]].description, want[i], "position %zu", i);
	free(order);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* journal_load_file and includes */

Test(journal, load_file_missing_root)
{
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, "/nonexistent/clerk/books.journal", NULL, &d),
		     CLERK_ENOTFOUND);
	cr_assert(strstr(clerk_error_last()->message, "/nonexistent/clerk/books.journal"),
		  "message: %s", clerk_error_last()->message);
	cr_assert_eq(d.n, 0, "a missing root is not a data error");
	journal_free(j);
	diag_release(&d);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/*
 * Loads <tdir>/rel with journal_load_file(); returns its result. The
 * journal is left in *out (caller frees).
 */
static int load_tfile(struct journal **out, const char *rel,
		      const struct journal_load_options *opts, struct diag *d)
{
	char *path = tpath(rel);
	*out = journal_new();
	int rc = journal_load_file(*out, path, opts, d);
	free(path);
	return rc;
}

/* Asserts that diagnostic `it` is in file <tdir>/rel. */
static void assert_diag_file(const struct diag_item *it, const char *rel)
{
	char *want = tpath(rel);
	cr_assert_not_null(it);
	cr_assert_str_eq(it->file, want);
	free(want);
}

Test(journal, include_relative_path, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include sub/a.journal\n"
				    "2023-01-02 root\n    a  1 EUR\n    b\n");
	write_file("sub/a.journal", "2023-01-01 from a\n    a  1 EUR\n    b\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), 0);
	assert_no_diag(&d);
	cr_assert_eq(j->files.n, 2);
	cr_assert_eq(j->txns.n, 2);
	cr_assert_str_eq(j->txns.v[0].description, "from a", "the include is read in place");
	cr_assert_eq(j->txns.v[0].file, 1);
	cr_assert_str_eq(j->txns.v[1].description, "root");
	char *sub = tpath("sub/a.journal");
	cr_assert_str_eq(j->files.v[1].path, sub);
	free(sub);
	cr_assert_eq(j->files.v[1].included_from, 0);
	cr_assert_eq(j->files.v[0].included_from, NO_ID);
	cr_assert(!j->files.v[0].batch);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_glob_is_sorted, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include sub/*.journal\n");
	write_file("sub/b.journal", "2023-01-01 b\n    a  1 EUR\n    b\n");
	write_file("sub/c.journal", "2023-01-01 c\n    a  1 EUR\n    b\n");
	write_file("sub/a.journal", "2023-01-01 a\n    a  1 EUR\n    b\n");
	write_file("sub/notes.txt", "not a journal\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), 0);
	assert_no_diag(&d);
	cr_assert_eq(j->files.n, 4);
	cr_assert_eq(j->txns.n, 3);
	cr_assert_str_eq(j->txns.v[0].description, "a");
	cr_assert_str_eq(j->txns.v[1].description, "b");
	cr_assert_str_eq(j->txns.v[2].description, "c");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_glob_skips_the_including_file, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include *.journal\n");
	write_file("other.journal", "2023-01-01 other\n    a  1 EUR\n    b\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), 0);
	assert_no_diag(&d);
	cr_assert_eq(j->txns.n, 1);
	cr_assert_eq(j->files.n, 2);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_glob_matching_nothing, TMPDIR_FIXTURE)
{
	write_file("books.journal", "; books\ninclude sub/*.journal\n");
	write_file("sub/notes.txt", "no journals here\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "no files match 'sub/*.journal'", 2, 9);
	assert_diag_file(&d.items[0], "books.journal");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_glob_in_missing_directory_matches_nothing, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include none/*.journal\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "no files match 'none/*.journal'", 1, 9);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_cycle, TMPDIR_FIXTURE)
{
	write_file("a.journal", "include b.journal\n");
	write_file("b.journal", "; b\ninclude a.journal\n");
	write_file("self.journal", "include self.journal\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "a.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "include cycle", 2, 9);
	assert_diag_file(&d.items[0], "b.journal"); /* where the cycle closes */
	cr_assert_eq(j->files.n, 2);
	journal_free(j);
	diag_release(&d);

	cr_assert_eq(load_tfile(&j, "self.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "include cycle", 1, 9);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_same_file_twice_is_refused_but_not_a_cycle, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include p.journal\ninclude q.journal\n");
	write_file("p.journal", "include common.journal\n");
	write_file("q.journal", "; q\ninclude common.journal\n");
	write_file("common.journal", "account assets\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_null(diag_find(&d, "include cycle"));
	/* the second include is refused where it is: it would count the file twice */
	cr_assert_eq(d.nerrors, 1);
	char *p = tpath("p.journal");
	struct strbuf msg = STRBUF_INIT;
	strbuf_addf(&msg, "already included (by '%s'); including it again would count it twice", p);
	assert_diag_at(&d, msg.buf, 2, 9);
	assert_diag_file(diag_find(&d, msg.buf), "q.journal");
	strbuf_release(&msg);
	free(p);
	cr_assert_null(diag_find(&d, "already declared"), "the file is not read a second time");
	cr_assert_eq(j->files.n, 4);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/*
 * Files that each include the next one twice: read once each, the reading
 * would take 2^N loads (it ran out of memory at N = 40 before a file could
 * be included only once).
 */
Test(journal, include_twice_over_does_not_grow_exponentially, TMPDIR_FIXTURE)
{
	char name[32], text[64];
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%d.journal", i);
		snprintf(text, sizeof(text), "include f%d.journal\ninclude f%d.journal\n", i + 1, i + 1);
		write_file(name, text);
	}
	write_file("f40.journal", "account a\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "f0.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(j->files.n, 41, "each file read once");
	cr_assert_eq(d.nerrors, 40, "one error per second include");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* A glob that matches a file the books already include explicitly. */
Test(journal, include_glob_matching_a_file_already_included, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include sub/a.journal\ninclude sub/*.journal\n");
	write_file("sub/a.journal", "2023-01-01 a\n    x  1 EUR\n    y\n");
	write_file("sub/b.journal", "2023-01-01 b\n    x  1 EUR\n    y\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "sub/a.journal' is already included", 2, 9);
	cr_assert_eq(j->txns.n, 2, "a once, and b");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* What is not a regular file is refused at once, never read or waited on. */
Test(journal, include_of_what_is_not_a_regular_file, TMPDIR_FIXTURE)
{
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo.journal", 0600), 0);
	cr_assert_eq(mkdir("dir.journal", 0700), 0);
	write_file("books.journal", "include fifo.journal\n"
				    "include /dev/zero\n"
				    "include dir.journal\n"
				    "2023-01-01 still read\n    a  1 EUR\n    b\n");
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 3);
	assert_diag_at(&d, "'fifo.journal' is a FIFO, not a regular file", 1, 9);
	assert_diag_at(&d, "'/dev/zero' is a device, not a regular file", 2, 9);
	assert_diag_at(&d, "'dir.journal' is a folder, not a regular file", 3, 9);
	cr_assert_eq(j->txns.n, 1, "parsing goes on after the includes");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* The root itself: a FIFO or a device is an I/O error (exit status 3), with nothing in d. */
Test(journal, root_that_is_not_a_regular_file, TMPDIR_FIXTURE)
{
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo.journal", 0600), 0);
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, "fifo.journal", NULL, &d), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'fifo.journal' is a FIFO, not a regular file");
	cr_assert_eq(journal_load_file(j, "/dev/zero", NULL, &d), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'/dev/zero' is a device, not a regular file");
	cr_assert_eq(d.n, 0);
	journal_free(j);
	diag_release(&d);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/*
 * A file that has more bytes than fstat said (files in /proc say 0) is
 * refused, not read without a bound; an empty regular file is fine.
 */
Test(journal, file_longer_than_its_size_is_refused, TMPDIR_FIXTURE)
{
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	if (access("/proc/self/status", R_OK) == 0) {
		cr_assert_eq(journal_load_file(j, "/proc/self/status", NULL, &d), CLERK_EIO);
		cr_assert(strstr(clerk_error_last()->message, "'/proc/self/status' changed while it was read"),
			  "%s", clerk_error_last()->message);
	}
	write_file("empty.journal", "");
	char *path = tpath("empty.journal");
	cr_assert_eq(journal_load_file(j, path, NULL, &d), 0);
	free(path);
	cr_assert_eq(d.n, 0);
	journal_free(j);
	diag_release(&d);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(journal, include_missing_file, TMPDIR_FIXTURE)
{
	write_file("books.journal", "\n\ninclude missing.journal\n"
				    "2023-01-01 still read\n    a  1 EUR\n    b\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d, "cannot read included file", 3, 9);
	cr_assert(strstr(d.items[0].message, "missing.journal"), "message: %s", d.items[0].message);
	cr_assert_eq(j->txns.n, 1, "parsing goes on after the include");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, errors_in_an_included_file_name_it, TMPDIR_FIXTURE)
{
	write_file("books.journal", "include sub/bad.journal\n");
	write_file("sub/bad.journal", "; c\n2023-01-01 x\n    a  1 EUR\n    b  1 EUR\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "books.journal", NULL, &d), CLERK_EPARSE);
	assert_diag_at(&d, "does not balance", 2, 1);
	assert_diag_file(&d.items[0], "sub/bad.journal");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, include_not_allowed_by_option, TMPDIR_FIXTURE)
{
	write_file("batch.journal", "include other.journal\n");
	write_file("other.journal", "");
	struct journal_load_options o = JOURNAL_LOAD_OPTIONS_INIT;
	o.allow_include = false;
	o.batch = true;
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(load_tfile(&j, "batch.journal", &o, &d), CLERK_EPARSE);
	assert_diag_at(&d, "'include' is not allowed here", 1, 1);
	cr_assert(j->files.v[0].batch);
	cr_assert_eq(j->files.n, 1);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* diagnostics */

Test(journal, diag_sort_and_summary)
{
	struct diag d = DIAG_INIT;
	struct srcloc b3 = { "b.journal", 3, 1 }, a9 = { "a.journal", 9, 4 };
	struct srcloc a2 = { "a.journal", 2, 7 }, a2c1 = { "a.journal", 2, 1 };
	diag_add(&d, DIAG_ERROR, &b3, NULL, 0, "first");
	diag_add(&d, DIAG_ERROR, &a9, NULL, 0, "second");
	diag_add(&d, DIAG_WARNING, &a2, "line two", 8, "third");
	diag_add(&d, DIAG_ERROR, &a2, NULL, 0, "fourth, same place");
	diag_add(&d, DIAG_ERROR, &a2c1, NULL, 0, "fifth");
	cr_assert_eq(d.nerrors, 4, "warnings are not errors");
	diag_sort(&d);
	static const char *const want[] = { "fifth", "third", "fourth, same place", "second",
					    "first" };
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		cr_assert_str_eq(d.items[i].message, want[i], "position %zu", i);
	char *s = diag_to_str(&d);
	cr_assert(strstr(s, "a.journal:2:7: warning: third\n    2 | line two\n      |       ^\n"),
		  "got: %s", s);
	cr_assert(strstr(s, "\n4 errors, 1 warning\n"), "summary line: %s", s);
	free(s);
	diag_release(&d);
	cr_assert_eq(d.n, 0);
	cr_assert_null(d.items);
	ASSERT_NO_LEAKS();
}

/* The summary counts errors and warnings, and is left out for a single diagnostic. */
Test(journal, diag_summary_with_warnings)
{
	static const struct {
		size_t errors, warnings;
		const char *summary; /* NULL: none */
	} cases[] = {
		{ 1, 0, NULL },	       { 0, 1, NULL },		      { 2, 0, "2 errors\n" },
		{ 0, 2, "2 warnings\n" }, { 1, 1, "1 error, 1 warning\n" }, { 3, 2, "3 errors, 2 warnings\n" },
	};
	struct srcloc loc = { "a.journal", 1, 1 };
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct diag d = DIAG_INIT;
		for (size_t i = 0; i < cases[c].errors; i++)
			diag_add(&d, DIAG_ERROR, &loc, NULL, 0, "e");
		for (size_t i = 0; i < cases[c].warnings; i++)
			diag_add(&d, DIAG_WARNING, &loc, NULL, 0, "w");
		cr_assert_eq(d.nerrors, cases[c].errors);
		cr_assert_eq(d.nwarnings, cases[c].warnings);
		char *s = diag_to_str(&d);
		const char *last = s + strlen(s);
		while (last > s && last[-1] == '\n')
			last--;
		while (last > s && last[-1] != '\n')
			last--;
		if (cases[c].summary)
			cr_assert_str_eq(last, cases[c].summary, "case %zu: %s", c, s);
		else
			cr_assert(strstr(last, "a.journal:1:1: ") == last, "case %zu: no summary: %s", c, s);
		free(s);
		diag_release(&d);
	}
	ASSERT_NO_LEAKS();
}

/* Messages and source lines are kept as valid UTF-8; a bad byte is one column. */
Test(journal, diag_sanitizes_invalid_utf8)
{
	struct diag d = DIAG_INIT;
	static const char line[] = "ab\xE9" "cd\xC3\xA4x";
	/* 'x' is at byte 7: a, b, the bad byte, c, d, ä (two bytes) */
	struct srcloc loc = { "a.journal", 1, diag_column(line, 7) };
	cr_assert_eq(loc.col, 7);
	diag_add(&d, DIAG_ERROR, &loc, line, sizeof(line) - 1, "name '%s'", "\xFF");
	char *s = diag_to_str(&d);
	cr_assert_str_eq(s, "a.journal:1:7: error: name '\xEF\xBF\xBD'\n"
			    "    1 | ab\xEF\xBF\xBD" "cd\xC3\xA4x\n"
			    "      |       ^\n");
	free(s);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, diag_column_counts_characters)
{
	cr_assert_eq(diag_column("abc", 0), 1);
	cr_assert_eq(diag_column("abc", 2), 3);
	cr_assert_eq(diag_column("\xC3\xA4\xC3\xB6x", 4), 3, "two 2-byte characters");
	cr_assert_eq(diag_column("\xE2\x82\xAC" "5", 3), 2, "one 3-byte character");
	cr_assert_eq(diag_column("\xE9\x80x", 2), 3, "each invalid byte is one character");
	cr_assert_eq(diag_column("\xE2\x82x", 2), 3, "a sequence cut short: two characters");
	ASSERT_NO_LEAKS();
}

/*
 * journal_date_order: ordered books with a batch appended out of order (as
 * an import adds to the books) give the order of a full stable sort by
 * date: the ordered prefix and the sorted rest merged, ties in reading order.
 */
Test(journal, date_order_merges_an_appended_batch)
{
	static const char books[] = "2026-01-01 a\n    x  1 EUR\n    y\n\n"
				    "2026-01-03 b\n    x  1 EUR\n    y\n\n"
				    "2026-01-05 c\n    x  1 EUR\n    y\n\n"
				    "2026-01-05 d\n    x  1 EUR\n    y\n";
	static const char batch[] = "2026-01-04 e\n    x  1 EUR\n    y\n\n"
				    "2026-01-02 f\n    x  1 EUR\n    y\n\n"
				    "2026-01-05 g\n    x  1 EUR\n    y\n\n"
				    "2026-01-01 h\n    x  1 EUR\n    y\n";
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	cr_assert_eq(parse_only(&j, books, sizeof(books) - 1, &d), 0);
	cr_assert(j->dates_ordered);
	cr_assert_eq(journal_load_buffer(j, "batch", batch, sizeof(batch) - 1, NULL, &d), 0);
	cr_assert(!j->dates_ordered);
	uint32_t *order = NULL;
	journal_date_order(j, &order);
	/* a(1) h(1) f(2) b(3) e(4) c(5) d(5) g(5): ties keep reading order */
	static const char want[] = "ahfbecdg";
	for (size_t i = 0; i < j->txns.n; i++)
		cr_assert_eq(j->txns.v[order[i]].description[0], want[i], "position %zu: %s", i,
			     j->txns.v[order[i]].description);
	free(order);
	diag_release(&d);
	journal_free(j);
}

/* ------------------------------------------------------------------ */
/* UTF-8 */

/*
 * Every invalid UTF-8 sequence is an error at its first byte, wherever it
 * is: account names, descriptions, tag values, comments, directives.
 */
Test(journal, invalid_utf8_is_an_error_at_the_first_bad_byte)
{
	static const struct {
		const char *text; /* one line, at line 2 of the journal below */
		uint32_t col;
		const char *why;
	} cases[] = {
		{ "    assets:caf\xE9  1 EUR", 15, "byte 0xE9 starts a 3-byte sequence but 0x20 follows" },
		{ "    assets:caf\xE9s  1 EUR", 15, "byte 0xE9 starts a 3-byte sequence but 0x73 follows" },
		{ "    assets:\xC3\xA4\x80x  1 EUR", 13, "byte 0x80 continues a sequence that did not start" },
		{ "    assets:\xC0\xAFx  1 EUR", 12, "overlong encoding of U+002F in 2 bytes" },
		{ "    assets:\xE0\x80\xAFx  1 EUR", 12, "overlong encoding of U+002F in 3 bytes" },
		{ "    assets:\xF0\x82\x82\xACx  1 EUR", 12, "overlong encoding of U+20AC in 4 bytes" },
		{ "    assets:\xED\xA0\x80x  1 EUR", 12, "encoded surrogate U+D800" },
		{ "    assets:\xED\xBF\xBFx  1 EUR", 12, "encoded surrogate U+DFFF" },
		{ "    assets:\xF4\x90\x80\x80x  1 EUR", 12, "code point above U+10FFFF (0x110000)" },
		{ "    assets:\xF5\x80\x80\x80x  1 EUR", 12, "code point above U+10FFFF (0x140000)" },
		{ "    assets:\xF8\x88\x80\x80\x80x  1 EUR", 12, "byte 0xF8 never occurs in UTF-8" },
		{ "    assets:\xFFx  1 EUR", 12, "byte 0xFF never occurs in UTF-8" },
		{ "    assets:x  1 EUR  ; note: caf\xE9", 33, "byte 0xE9 starts" },
		{ "    assets:x  1 EUR  ; \xE9t\xE9", 24, "byte 0xE9 starts" },
		{ "    ; caf\xE9 in a comment line\n    assets:x  1 EUR", 10, "byte 0xE9 starts" },
	};
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "2023-01-01 x\n%s\n    income\n", cases[c].text);
		struct diag d = DIAG_INIT;
		struct journal *j = NULL;
		cr_assert_eq(parse_only(&j, sb.buf, sb.len, &d), CLERK_EPARSE, "case %zu", c);
		const struct diag_item *it = diag_find(&d, "invalid UTF-8");
		cr_assert_not_null(it, "case %zu: no UTF-8 error", c);
		cr_assert_eq(d.nerrors, 1, "case %zu: one error", c);
		cr_assert_eq(it->line, 2, "case %zu", c);
		cr_assert_eq(it->col, cases[c].col, "case %zu: column %u", c, it->col);
		cr_assert(strstr(it->message, cases[c].why), "case %zu: %s", c, it->message);
		journal_free(j);
		diag_release(&d);
		strbuf_release(&sb);
	}
	ASSERT_NO_LEAKS();
}

Test(journal, invalid_utf8_in_description_and_tag_value)
{
	static const char text[] = "2023-01-01 Caf\xE9 M\xFCller  ; client: Z\xFCrich\n" /* 1 */
				   "    assets:bank  1 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, sizeof(text) - 1, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1, "one error per line");
	assert_diag_at(&d, "invalid UTF-8: byte 0xE9", 1, 15);
	char *s = diag_to_str(&d);
	/* the line is shown with U+FFFD for each bad byte, the caret under the first */
	cr_assert(strstr(s, "    1 | 2023-01-01 Caf\xEF\xBF\xBD M\xEF\xBF\xBDller  ; client: Z\xEF\xBF\xBDrich\n"
			    "      |               ^\n"),
		  "%s", s);
	free(s);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, invalid_utf8_reported_per_line_and_at_end_of_file)
{
	static const char text[] = "; \xE9\n"               /* 1 */
				   "; fine: \xC3\xA9\n"      /* 2 */
				   "account a:\xE2\x82\n"   /* 3: cut short by the line end */
				   "; \xF0\x9F\x98\x80 ok\n" /* 4: a 4-byte character */
				   "; end \xE2\x82";         /* 5: cut short by the file end */
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, sizeof(text) - 1, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 3);
	assert_diag_at(&d, "byte 0xE9 starts a 3-byte sequence but the line ends", 1, 3);
	assert_diag_at(&d, "byte 0xE2 starts a 3-byte sequence but the line ends", 3, 11);
	assert_diag_at(&d, "byte 0xE2 starts a 3-byte sequence but the file ends", 5, 7);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(journal, valid_utf8_edges_load)
{
	/* U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF; a BOM; CRLF */
	static const char text[] = "\xEF\xBB\xBF"
				   "2023-01-01 \xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\r\n"
				   "    assets:\xEE\x80\x80\xEF\xBF\xBD  1 EUR  ; t: \xF0\x90\x80\x80\r\n"
				   "    income:\xF4\x8F\xBF\xBF\r\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(parse_only(&j, text, sizeof(text) - 1, &d), 0);
	assert_no_diag(&d);
	cr_assert_str_eq(account_of(j, posting(j, 0, 0)), "assets:\xEE\x80\x80\xEF\xBF\xBD");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* A long ASCII run (the eight-byte fast path) with one bad byte anywhere in it. */
Test(journal, invalid_utf8_found_at_every_offset_of_a_long_line)
{
	for (size_t at = 0; at < 80; at++) {
		char line[96];
		memset(line, 'a', sizeof(line));
		memcpy(line, "; ", 2);
		line[2 + at] = (char)0xE9;
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, line, 84);
		strbuf_addch(&sb, '\n');
		struct diag d = DIAG_INIT;
		struct journal *j = NULL;
		cr_assert_eq(parse_only(&j, sb.buf, sb.len, &d), CLERK_EPARSE, "at %zu", at);
		cr_assert_eq(d.n, 1);
		cr_assert_eq(d.items[0].col, 3 + at, "at %zu: column %u", at, d.items[0].col);
		journal_free(j);
		diag_release(&d);
		strbuf_release(&sb);
	}
	ASSERT_NO_LEAKS();
}

/*
 * journal_tag_may_be_in(): a tag's span is the first and last transaction
 * that hold it, on themselves or on a posting; account tags do not count,
 * and a batch loaded later widens it.
 */
Test(journal, tag_span_of_transactions)
{
	static const char text[] = "account Assets:Bank  ; item-date: 2026-01-01, role: bank\n"
				   "2026-01-01 a\n"
				   "    Assets:Bank  1 EUR\n"
				   "    Income\n"
				   "2026-01-02 b  ; kind: x\n"
				   "    Assets:Bank  1 EUR  ; item-date: 2026-01-01\n"
				   "    Income\n"
				   "2026-01-03 c\n"
				   "    Assets:Bank  1 EUR\n"
				   "    Income\n"
				   "    ; item-date: 2026-01-02\n"
				   "2026-01-04 d\n"
				   "    Assets:Bank  1 EUR\n"
				   "    Income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t id = journal_tag_id(j, "item-date"), kind = journal_tag_id(j, "kind");
	cr_assert_neq(id, NO_ID);
	cr_assert(!journal_tag_may_be_in(j, id, 0));
	cr_assert(journal_tag_may_be_in(j, id, 1));
	cr_assert(journal_tag_may_be_in(j, id, 2));
	cr_assert(!journal_tag_may_be_in(j, id, 3));
	cr_assert(journal_tag_may_be_in(j, kind, 1));
	cr_assert(!journal_tag_may_be_in(j, kind, 2));
	/* a tag only on an account, and no tag at all */
	cr_assert(!journal_tag_may_be_in(j, journal_tag_id(j, "role"), 1));
	cr_assert(!journal_tag_may_be_in(j, NO_ID, 1));
	static const char batch[] = "2026-01-05 e\n"
				    "    Assets:Bank  1 EUR  ; item-date: 2026-01-05\n"
				    "    Income\n";
	cr_assert_eq(journal_load_buffer(j, "batch", batch, strlen(batch), NULL, &d), 0);
	cr_assert(journal_tag_may_be_in(j, id, 4));
	cr_assert(journal_tag_may_be_in(j, id, 3)); /* (within the span: may be) */
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

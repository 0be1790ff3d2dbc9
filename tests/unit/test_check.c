/*
 * test_check.c - journal_check(): balance assertions in date order,
 * duplicate invoices and bills, account roles, reserved tags (iban, due,
 * terms, ref, ...) and the strict rules.
 */
#include "helpers.h"

#include "journal.h"

/* Loads text and runs journal_check() with the given strictness. */
static struct journal *load_checked(const char *text, bool strict, struct diag *d)
{
	struct journal_check_options o = JOURNAL_CHECK_OPTIONS_INIT;
	o.strict = strict;
	return load_str_opts(text, &o, d);
}

/* Loads text that must parse, and returns journal_check()'s result. */
static int check_rc(const char *text, struct diag *d, struct journal **out)
{
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, TEST_JOURNAL_NAME, text, strlen(text), NULL, d), 0,
		     "the test journal must parse");
	*out = j;
	return journal_check(j, NULL, d);
}

/* ------------------------------------------------------------------ */
/* balance assertions */

Test(check, assertions_follow_date_order_not_file_order)
{
	static const char text[] = "2023-01-10 later, written first\n"
				   "    assets:bank  10 EUR = 15 EUR\n"
				   "    income\n"
				   "2023-01-01 earlier\n"
				   "    assets:bank  5 EUR = 5 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, same_date_keeps_file_order)
{
	static const char text[] = "2023-01-02 b\n"
				   "    assets:bank  1 EUR\n"
				   "    income\n"
				   "2023-01-01 a1\n"
				   "    assets:bank  5 EUR = 5 EUR\n"
				   "    income\n"
				   "2023-01-01 a2\n"
				   "    assets:bank  2 EUR = 7 EUR\n"
				   "    income\n"
				   "2023-01-02 c\n"
				   "    assets:bank  0 EUR = 8 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, failing_assertion_names_account_actual_asserted_and_difference)
{
	static const char text[] = "2023-01-01 x\n"
				   "    assets:bank  100.00 EUR\n"
				   "    income\n"
				   "2023-01-02 y\n"
				   "    assets:bank  -10 EUR = 80 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d,
		       "balance assertion failed: 'assets:bank' is 90.00 EUR, asserted 80.00 EUR "
		       "(difference 10.00 EUR)",
		       5, 28);
	cr_assert_str_eq(d.items[0].source, "    assets:bank  -10 EUR = 80 EUR");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, assertion_counts_only_the_accounts_own_postings)
{
	static const char text[] = "2023-01-01 x\n"
				   "    assets:bank:a  10 EUR\n"
				   "    income\n"
				   "2023-01-02 y\n"
				   "    assets:bank  0 EUR = 0 EUR\n"
				   "    assets:bank:a  0 EUR = 10 EUR\n"
				   "    income  0 EUR = -10 EUR\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, assertion_in_another_commodity)
{
	static const char text[] = "2023-01-01 x\n"
				   "    assets:wallet  10 EUR\n"
				   "    income\n"
				   "2023-01-02 y\n"
				   "    assets:wallet  0 EUR = 0 USD\n"
				   "    income\n"
				   "2023-01-03 z\n"
				   "    assets:wallet  0 EUR = 1 USD\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1, "0 USD holds; 1 USD does not");
	assert_diag_at(&d, "'assets:wallet' is 0 USD, asserted 1 USD (difference -1 USD)", 8, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, total_assertion_rejects_other_commodities)
{
	static const char text[] = "2023-01-01 x\n"
				   "    assets:wallet  10 EUR\n"
				   "    assets:wallet   5 USD\n"
				   "    income\n"
				   "2023-01-02 single\n"
				   "    assets:wallet  1 EUR = 11 EUR\n"
				   "    income\n"
				   "2023-01-03 total\n"
				   "    assets:wallet  1 EUR == 12 EUR\n"
				   "    income\n"
				   "2023-01-03 only one commodity\n"
				   "    assets:cash  1 EUR == 1 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1);
	assert_diag_at(&d,
		       "balance assertion failed: 'assets:wallet' also holds 5 USD "
		       "('==' asserts the only commodity)",
		       9, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* duplicate invoices and bills */

static const char receivables[] = "account assets:receivable  ; role: receivable\n"; /* line 1 */

Test(check, duplicate_invoice_on_a_customer)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, receivables);
	strbuf_addstr(&sb, "2023-01-01 invoice\n"                              /* 2 */
			   "    assets:receivable:acme  100 EUR  ; invoice: INV-1\n" /* 3 */
			   "    income\n"                                          /* 4 */
			   "2023-01-05 payment\n"                                  /* 5 */
			   "    assets:bank  100 EUR\n"                            /* 6 */
			   "    assets:receivable:acme  -100 EUR  ; invoice: INV-1\n" /* 7 */
			   "2023-01-10 same number again\n"                        /* 8 */
			   "    assets:receivable:acme  50 EUR  ; invoice: INV-1\n" /* 9 */
			   "    income\n");                                        /* 10 */
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(sb.buf, &d, &j), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1, "the payment with the same invoice is fine");
	assert_diag_at(&d,
		       "duplicate invoice 'INV-1' for 'assets:receivable:acme': already opened at "
		       "test.journal:3",
		       9, 5);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, duplicates_are_found_in_date_order)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, receivables);
	strbuf_addstr(&sb, "2023-02-01 written first, dated later\n"           /* 2 */
			   "    assets:receivable:acme  100 EUR  ; invoice: INV-1\n" /* 3 */
			   "    income\n"                                          /* 4 */
			   "2023-01-01 dated first\n"                              /* 5 */
			   "    assets:receivable:acme  100 EUR  ; invoice: INV-1\n" /* 6 */
			   "    income\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(sb.buf, &d, &j), CLERK_EINVALID);
	assert_diag_at(&d, "already opened at test.journal:6", 3, 5);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, same_invoice_number_is_fine_when_not_a_duplicate)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, receivables);
	strbuf_addstr(&sb,
		      /* two customers may use the same number */
		      "2023-01-01 acme\n"
		      "    assets:receivable:acme    100 EUR  ; invoice: INV-1\n"
		      "    income\n"
		      "2023-01-01 globex\n"
		      "    assets:receivable:globex  100 EUR  ; invoice: INV-1\n"
		      "    income\n"
		      /* several lines of one invoice in one transaction */
		      "2023-01-02 two lines\n"
		      "    assets:receivable:acme  10 EUR  ; invoice: INV-2\n"
		      "    assets:receivable:acme  20 EUR  ; invoice: INV-2\n"
		      "    income\n"
		      /* another commodity is another open item */
		      "2023-01-03 in USD\n"
		      "    assets:receivable:acme  10 USD  ; invoice: INV-1\n"
		      "    income\n"
		      /* the receivable account itself is no party */
		      "2023-01-04 a\n"
		      "    assets:receivable  10 EUR  ; invoice: X-1\n"
		      "    income\n"
		      "2023-01-05 b\n"
		      "    assets:receivable  10 EUR  ; invoice: X-1\n"
		      "    income\n"
		      /* accounts without a role are not checked */
		      "2023-01-06 a\n"
		      "    assets:other:acme  10 EUR  ; invoice: Y-1\n"
		      "    income\n"
		      "2023-01-07 b\n"
		      "    assets:other:acme  10 EUR  ; invoice: Y-1\n"
		      "    income\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(sb.buf, &d, &j), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, invoice_tag_inherited_from_the_transaction)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, receivables);
	strbuf_addstr(&sb, "2023-01-01 a  ; invoice: INV-9\n"
			   "    assets:receivable:acme  100 EUR\n"
			   "    income\n"
			   "2023-01-02 b  ; invoice: INV-9\n"
			   "    assets:receivable:acme  100 EUR\n" /* line 6 */
			   "    income\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(sb.buf, &d, &j), CLERK_EINVALID);
	assert_diag_at(&d, "duplicate invoice 'INV-9'", 6, 5);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, duplicate_bill_on_a_supplier)
{
	static const char text[] =
		"account liabilities:payable  ; role: payable\n"          /* 1 */
		"2023-01-01 bill\n"                                        /* 2 */
		"    liabilities:payable:supplier  -100 EUR  ; invoice: B-1\n" /* 3 */
		"    expenses\n"                                           /* 4 */
		"2023-01-05 we pay\n"                                      /* 5 */
		"    liabilities:payable:supplier  100 EUR  ; invoice: B-1\n" /* 6 */
		"    assets:bank\n"                                        /* 7 */
		"2023-01-06 same bill again\n"                             /* 8 */
		"    liabilities:payable:supplier  -100 EUR  ; invoice: B-1\n" /* 9 */
		"    expenses\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(text, &d, &j), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1, "the payment (a debit) is fine");
	assert_diag_at(&d,
		       "duplicate bill 'B-1' for 'liabilities:payable:supplier': already opened at "
		       "test.journal:3",
		       9, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* roles */

Test(check, roles_are_inherited_by_sub_accounts)
{
	static const char text[] = "account assets:receivable  ; role: receivable\n"
				   "account assets:bank\n"
				   "    ; role: bank\n"
				   "account assets:bank:eur  ; role: bank\n"
				   "2023-01-01 x\n"
				   "    assets:receivable:acme:eu  1 EUR\n"
				   "    assets:bank:eur:sub\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	uint32_t recv = journal_find_account(j, "assets:receivable");
	uint32_t eu = journal_find_account(j, "assets:receivable:acme:eu");
	uint32_t acme = journal_find_account(j, "assets:receivable:acme");
	uint32_t assets = journal_find_account(j, "assets");
	uint32_t bank = journal_find_account(j, "assets:bank");
	uint32_t bank_eur = journal_find_account(j, "assets:bank:eur");
	uint32_t sub = journal_find_account(j, "assets:bank:eur:sub");
	cr_assert_eq(j->accounts.v[recv].own_role, ROLE_RECEIVABLE);
	cr_assert_eq(j->accounts.v[recv].role, ROLE_RECEIVABLE);
	cr_assert_eq(j->accounts.v[recv].role_account, recv);
	cr_assert_eq(j->accounts.v[eu].own_role, ROLE_NONE);
	cr_assert_eq(j->accounts.v[eu].role, ROLE_RECEIVABLE);
	cr_assert_eq(j->accounts.v[eu].role_account, recv);
	cr_assert_eq(j->accounts.v[acme].role_account, recv);
	cr_assert_eq(j->accounts.v[assets].role, ROLE_NONE);
	cr_assert_eq(j->accounts.v[assets].role_account, NO_ID);
	cr_assert_eq(j->accounts.v[bank].role, ROLE_BANK, "role from an indented tag line");
	cr_assert_eq(j->accounts.v[sub].role, ROLE_BANK);
	cr_assert_eq(j->accounts.v[sub].role_account, bank_eur, "the nearest declaring account");
	cr_assert_str_eq(account_role_name(ROLE_PAYABLE), "payable");
	cr_assert_eq(account_role_parse("fx"), ROLE_FX);
	cr_assert_eq(account_role_parse(""), -1);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, conflicting_role_inside_another_role)
{
	static const char text[] = "account assets:receivable  ; role: receivable\n"
				   "account assets:receivable:acme  ; role: bank\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d,
		       "account 'assets:receivable:acme' has role 'bank' inside "
		       "'assets:receivable', which has role 'receivable'",
		       2, 1);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, unknown_role_and_role_outside_accounts)
{
	static const char text[] = "account assets:piggy  ; role: piggybank\n"
				   "2023-01-01 x  ; role: bank\n"
				   "    assets:piggy  1 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	cr_assert_eq(d.nerrors, 2);
	assert_diag_at(&d, "tag 'role: piggybank': unknown role", 1, 25);
	assert_diag_at(&d, "tag 'role: bank': roles belong on account directives", 2, 17);
	cr_assert_eq(j->accounts.v[journal_find_account(j, "assets:piggy")].role, ROLE_NONE);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* reserved tags */

Test(check, valid_reserved_tags_pass)
{
	static const char text[] =
		"account assets:bank  ; role: bank, iban: DE89 3704 0044 0532 0130 00\n"
		"account assets:receivable  ; role: receivable\n"
		"account assets:receivable:acme  ; terms: 2/10 net 30, email: ap@acme.example\n"
		"2023-01-01 x  ; due: 2023-02-28, ref: RF18 5390 0754 7034\n"
		"    assets:receivable:acme  1 EUR  ; invoice: INV-1, ref: 4711\n"
		"    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, bad_reserved_tag_values)
{
	static const char text[] =
		"account assets:bank  ; iban: DE88 3704 0044 0532 0130 00\n" /* 1 */
		"account assets:receivable:acme  ; terms: net thirty\n"      /* 2 */
		"account assets:receivable:globex\n"                         /* 3 */
		"    ; email: nobody\n"                                      /* 4 */
		"2023-01-01 x  ; due: 2023-02-30\n"                          /* 5 */
		"    assets:bank  1 EUR  ; ref: RF19 5390 0754 7034\n"       /* 6 */
		"    income  ; due: 2023-3-1\n"                              /* 7 */
		"2023-01-02 y  ; invoice:\n"                                 /* 8 */
		"    assets:bank  1 EUR  ; ref:\n"                           /* 9 */
		"    income  ; invoice: A, invoice: B\n";                    /* 10 */
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_diag_at(&d, "tag 'iban: DE88 3704 0044 0532 0130 00': not a valid IBAN", 1, 24);
	assert_diag_at(&d, "tag 'terms: net thirty': payment terms must be", 2, 35);
	assert_diag_at(&d, "tag 'email: nobody': not an email address", 4, 7);
	assert_diag_at(&d, "tag 'due: 2023-02-30': invalid date: no such day", 5, 17);
	assert_diag_at(&d, "not a valid ISO 11649 RF reference", 6, 27);
	assert_diag_at(&d, "tag 'due: 2023-3-1': expected a date YYYY-MM-DD", 7, 15);
	assert_diag_at(&d, "empty invoice number", 8, 17);
	assert_diag_at(&d, "empty reference", 9, 27);
	assert_diag_at(&d, "tag 'invoice: B': given twice", 10, 0);
	cr_assert_eq(d.nerrors, 9);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, due_must_be_iso,
     .description = "regression: 'due:' accepts 2023/03/01 (any separator), although formats/journal.md "
		    "says 'Due date, YYYY-MM-DD' and the error message asks for YYYY-MM-DD")
{
	static const char text[] = "2023-01-01 x  ; due: 2023/03/01\n"
				   "    assets:bank  1 EUR  ; due: 2023.03.01\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	cr_assert_eq(d.nerrors, 2, "both dates are refused");
	assert_diag_at(&d, "tag 'due: 2023/03/01': expected a date YYYY-MM-DD", 1, 17);
	assert_diag_at(&d, "tag 'due: 2023.03.01': expected a date YYYY-MM-DD", 2, 27);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* strict */

static const char declared_books[] = "account assets:bank\n" /* 1 */
				     "account income\n"      /* 2 */
				     "commodity EUR\n";      /* 3 */

Test(check, strict_wants_declared_accounts_and_commodities)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, declared_books);
	strbuf_addstr(&sb, "2023-01-01 x\n"              /* 4 */
			   "    assets:bank  1 EUR\n"     /* 5 */
			   "    expenses:food  2 USD\n"   /* 6 */
			   "    income  -1 EUR\n"         /* 7 */
			   "    income  -2 USD\n"         /* 8 */
			   "2023-01-02 y\n"              /* 9 */
			   "    expenses:food  1\n"       /* 10 */
			   "    income  -1\n");           /* 11 */
	struct diag d = DIAG_INIT;
	struct journal *j = load_checked(sb.buf, false, &d);
	assert_no_diag(&d);
	journal_free(j);

	j = load_checked(sb.buf, true, &d);
	cr_assert_eq(d.nerrors, 2, "each name is reported once; bare numbers need no declaration");
	assert_diag_at(&d, "undeclared account 'expenses:food'", 6, 5);
	assert_diag_at(&d, "undeclared commodity 'USD'", 6, 20); /* at the amount */
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, strict_wants_commodities_of_costs_and_assertions_declared,
     .description = "regression: --strict only checks the commodity of posting amounts; a commodity "
		    "used only in a cost (@, @@) or a balance assertion is never reported, "
		    "although formats/journal.md asks for every commodity to be declared")
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, declared_books);
	strbuf_addstr(&sb, "2023-01-01 swap\n"                 /* 4 */
			   "    assets:bank  10 EUR @@ 5 USD\n"  /* 5 */
			   "    income  -10 EUR @@ 5 USD\n"      /* 6 */
			   "2023-01-02 check\n"                 /* 7 */
			   "    assets:bank  0 EUR = 0 GBP\n"    /* 8 */
			   "    income\n");
	struct diag d = DIAG_INIT;
	struct journal *j = load_checked(sb.buf, true, &d);
	cr_assert_not_null(diag_find(&d, "undeclared commodity 'USD'"), "USD is only in costs");
	cr_assert_not_null(diag_find(&d, "undeclared commodity 'GBP'"),
			   "GBP is only in an assertion");
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, strict_wants_each_file_in_date_order)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, declared_books);
	strbuf_addstr(&sb, "2023-01-05 a\n    assets:bank  1 EUR\n    income\n"  /* 4 */
			   "2023-01-05 b\n    assets:bank  1 EUR\n    income\n"  /* 7 */
			   "2023-01-03 c\n    assets:bank  1 EUR\n    income\n"  /* 10 */
			   "2023-01-04 d\n    assets:bank  1 EUR\n    income\n"); /* 13 */
	struct diag d = DIAG_INIT;
	struct journal *j = load_checked(sb.buf, false, &d);
	assert_no_diag(&d);
	journal_free(j);

	j = load_checked(sb.buf, true, &d);
	cr_assert_eq(d.nerrors, 1, "same dates are in order; d follows c");
	assert_diag_at(&d, "transaction is dated before the one above it (2023-01-05)", 10, 1);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, strict_batch_applies_to_batch_files_only)
{
	static const char books[] = "account assets:bank\n"
				    "2023-01-01 books\n"
				    "    assets:bank  1 EUR\n"
				    "    equity:opening\n";
	static const char batch[] = "2023-01-02 batch\n"
				    "    assets:bank  1 EUR\n"
				    "    income:sales\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "books.journal", books, strlen(books), &lo, &d), 0);
	lo.batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert(!j->files.v[0].batch);
	cr_assert(j->files.v[1].batch);

	cr_assert_eq(journal_check(j, &co, &d), 0, "no strictness: nothing to report");
	co.strict_batch = true;
	cr_assert_eq(journal_check(j, &co, &d), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1, "equity:opening is in the books, not the batch");
	assert_diag_at(&d, "undeclared account 'income:sales'", 3, 5);
	cr_assert_str_eq(d.items[0].file, "batch.journal");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, strict_batch_is_not_strict)
{
	/* strict_batch does not ask for commodity declarations or date order */
	static const char batch[] = "account assets:bank\n"
				    "account income\n"
				    "2023-01-02 b\n    assets:bank  1 XYZ\n    income\n"
				    "2023-01-01 a\n    assets:bank  1 XYZ\n    income\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	lo.batch = true;
	co.strict_batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert_eq(journal_check(j, &co, &d), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, tag_error_column_is_the_tags_own,
     .description = "regression: tag errors are placed at the first 'name:' in the source line "
		    "(check.c tag_offset() scans from the line start), so a repeated tag or a "
		    "description containing 'name:' moves the caret to the wrong place")
{
	static const char text[] = "2023-01-01 y\n"
				   "    assets:bank  1 EUR\n"
				   "    income  ; invoice: A, invoice: B\n"
				   "2023-01-01 pay due: now  ; due: 2023-02-30\n"
				   "    assets:bank  1 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	cr_assert_eq(d.nerrors, 2);
	assert_diag_at(&d, "tag 'invoice: B': given twice", 3, 27);
	assert_diag_at(&d, "tag 'due: 2023-02-30'", 4, 28);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* batch_only: what the books already held is not checked again, what the batch adds is */
Test(check, batch_only_still_finds_what_the_batch_breaks)
{
	static const char books[] = "account assets:receivable  ; role: receivable\n"
				    "2023-01-01 invoice\n"
				    "    assets:receivable:acme  100 EUR  ; invoice: A-1, due: 2023-02-30\n"
				    "    income:sales\n";
	static const char batch[] = "2023-01-02 payment\n"
				    "    assets:bank  60 EUR\n"
				    "    assets:receivable:acme  -60 EUR  ; invoice: A-1\n"
				    "2023-01-03 the same invoice again\n"
				    "    assets:receivable:acme  5 EUR  ; invoice: A-1, due: soon\n"
				    "    income:sales\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "books.journal", books, strlen(books), &lo, &d), 0);
	lo.batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	co.batch_only = true;
	cr_assert_eq(journal_check(j, &co, &d), CLERK_EINVALID);
	/* the books' bad due date is not reported again; the batch's two faults are */
	cr_assert_eq(d.nerrors, 2, "expected the duplicate invoice and the bad due date");
	cr_assert_not_null(diag_find(&d, "duplicate invoice 'A-1'"));
	cr_assert_not_null(diag_find(&d, "due: soon"));
	cr_assert_null(diag_find(&d, "2023-02-30"));
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, batch_only_skips_the_invoice_scan_when_nothing_opens)
{
	static const char books[] = "account assets:receivable  ; role: receivable\n"
				    "2023-01-01 invoice\n"
				    "    assets:receivable:acme  100 EUR  ; invoice: A-1\n"
				    "    income:sales\n";
	static const char batch[] = "2023-01-02 payment\n"
				    "    assets:bank  100 EUR\n"
				    "    assets:receivable:acme  -100 EUR  ; invoice: A-1\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "books.journal", books, strlen(books), &lo, &d), 0);
	lo.batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	co.batch_only = true;
	cr_assert_eq(journal_check(j, &co, &d), 0, "a payment opens nothing");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

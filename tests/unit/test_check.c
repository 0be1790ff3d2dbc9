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
		      /* the receivable account itself is no party (a warning, not a duplicate) */
		      "2023-01-04 a\n"
		      "    assets:receivable  10 EUR  ; invoice: X-1\n"
		      "    income\n"
		      "2023-01-05 b\n"
		      "    assets:receivable  10 EUR  ; invoice: X-1\n"
		      "    income\n"
		      /* nor are accounts without a role */
		      "2023-01-06 a\n"
		      "    assets:other:acme  10 EUR  ; invoice: Y-1\n"
		      "    income\n"
		      "2023-01-07 b\n"
		      "    assets:other:acme  10 EUR  ; invoice: Y-1\n"
		      "    income\n");
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(sb.buf, &d, &j), 0);
	cr_assert_eq(d.nerrors, 0, "no duplicates");
	/* the invoice numbers on accounts that are not party accounts are warned about */
	cr_assert_eq(d.nwarnings, 4);
	for (size_t i = 0; i < d.n; i++)
		cr_assert(strstr(d.items[i].message, "which is not a party account"), "%s",
			  d.items[i].message);
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
		"    assets:receivable:acme  1 EUR  ; invoice: INV-2\n"
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

/* ------------------------------------------------------------------ */
/* item tags on accounts that are not party accounts */

/* Asserts that d holds exactly n diagnostics, showing them when not. */
#define assert_ndiag(d, want)                                                              \
	do {                                                                               \
		char *assert_ndiag_s_ = diag_to_str(d);                                    \
		bool assert_ndiag_ok_ = (d)->n == (want);                                  \
		if (!assert_ndiag_ok_)                                                     \
			cr_log_error("diagnostics:\n%s", assert_ndiag_s_);                 \
		free(assert_ndiag_s_);                                                     \
		cr_assert(assert_ndiag_ok_, "expected %zu diagnostics, got %zu",         \
			  (size_t)(want), (d)->n);                                         \
	} while (0)

static const char parties[] = "account assets:receivable  ; role: receivable\n"     /* 1 */
			      "account assets:receivable:fjord design\n"            /* 2 */
			      "account assets:receivable:acme\n"                    /* 3 */
			      "account liabilities:payable  ; role: payable\n"      /* 4 */
			      "account liabilities:payable:papierhaus\n"            /* 5 */
			      "account income:design\n"                             /* 6 */
			      "account expenses:writeoff  ; role: writeoff\n"       /* 7 */
			      "account assets:bank  ; role: bank, iban: DE89370400440532013000, name: Us\n"; /* 8 */

/* Loads parties + text with the options; returns the journal (d has the diagnostics). */
static struct journal *load_parties(const char *text, const struct journal_check_options *o,
				    struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, parties);
	strbuf_addstr(&sb, text);
	struct journal *j = load_str_opts(sb.buf, o, d);
	strbuf_release(&sb);
	return j;
}

Test(check, invoice_on_a_misspelt_party_account_warns_with_the_closest)
{
	static const char text[] = "2026-11-30 brochure\n"                                  /* 9 */
				   "    assets:recievable:fjord design  1850  ; invoice: INV-99\n" /* 10 */
				   "    income:design\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	cr_assert_eq(d.nerrors, 0, "a warning, not an error");
	assert_ndiag(&d, 1); /* not also the undeclared account */
	cr_assert_eq(d.items[0].level, DIAG_WARNING);
	assert_diag_at(&d,
		       "tag 'invoice: INV-99' on 'assets:recievable:fjord design', which is not a "
		       "party account; did you mean 'assets:receivable:fjord design'?",
		       10, 5);
	journal_free(j);
	diag_release(&d);

	/* --strict: an error; so in a batch (clerk post) */
	struct journal_check_options o = JOURNAL_CHECK_OPTIONS_INIT;
	o.strict = true;
	j = load_parties(text, &o, &d);
	const struct diag_item *it = diag_find(&d, "which is not a party account; did you mean");
	cr_assert_not_null(it);
	cr_assert_eq(it->level, DIAG_ERROR);
	assert_diag_at(&d,
		       "undeclared account 'assets:recievable:fjord design' (declare it with an "
		       "'account' directive); did you mean 'assets:receivable:fjord design'?",
		       10, 5);
	assert_ndiag(&d, 2);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, item_tags_in_a_batch_are_errors)
{
	static const char batch[] = "account assets:recievable:acme\n"
				    "2026-11-30 x\n"
				    "    assets:recievable:acme  10 EUR  ; due: 2026-12-30\n"
				    "    income:design\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = { .strict_batch = true };
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "books.journal", parties, strlen(parties), &lo, &d), 0);
	lo.batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert_eq(journal_check(j, &co, &d), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 1, "declared, so only the item tag");
	assert_diag_at(&d,
		       "tag 'due: 2026-12-30' on 'assets:recievable:acme', which is not a party "
		       "account; did you mean 'assets:receivable:acme'?",
		       3, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, item_tag_far_from_any_party_account_says_what_counts)
{
	static const char text[] = "2026-11-30 x\n"                                    /* 9 */
				   "    assets:bank  10 EUR  ; ref: RF18 5390 0754 7034\n" /* 10 */
				   "    income:design  ; dispute: wrong colour\n"         /* 11 */
				   "2026-12-01 y  ; invoice: T-1\n"                       /* 12 */
				   "    assets:bank  10 EUR\n"
				   "    income:design\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	cr_assert_eq(d.nerrors, 0);
	cr_assert_eq(d.nwarnings, 3);
	assert_diag_at(&d,
		       "tag 'ref: RF18 5390 0754 7034' on 'assets:bank', which is not a party "
		       "account (invoice:, due:, ref: and dispute: count only on accounts below one "
		       "with 'role: receivable' or 'role: payable')",
		       10, 5);
	assert_diag_at(&d, "tag 'dispute: wrong colour' on 'income:design', which is not a party", 11,
		       5);
	assert_diag_at(&d,
		       "tag 'invoice: T-1' on a transaction that posts to no party account (invoice:, "
		       "due:",
		       12, 17);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, transaction_item_tag_suggests_for_the_misspelt_posting)
{
	static const char text[] = "2026-12-01 y  ; invoice: T-1, due: 2026-12-31\n" /* 9 */
				   "    assets:receivabel:acme  10 EUR\n"
				   "    income:design\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	assert_ndiag(&d, 1); /* one per transaction, and not also the undeclared account */
	assert_diag_at(&d,
		       "tag 'invoice: T-1' on a transaction that posts to no party account; did you "
		       "mean 'assets:receivable:acme' instead of 'assets:receivabel:acme'?",
		       9, 17);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, transaction_item_tag_that_no_party_posting_inherits)
{
	static const char text[] = "2026-12-01 y  ; invoice: T-1\n" /* 9 */
				   "    assets:receivable:acme  10 EUR  ; invoice: T-2\n"
				   "    income:design\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	assert_ndiag(&d, 1);
	assert_diag_at(&d,
		       "tag 'invoice: T-1' on the transaction reaches none of its postings to party "
		       "accounts (each has its own 'invoice:')",
		       9, 17);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* What books legitimately do with item tags stays silent, also under --strict. */
Test(check, item_tags_where_they_belong_are_silent)
{
	static const char text[] =
		/* an invoice; the number repeated on the income line */
		"2026-11-01 invoice  ; ref: RF18 5390 0754 7034\n"
		"    assets:receivable:acme  100 EUR  ; invoice: A-1, due: 2026-12-01\n"
		"    income:design  -100 EUR  ; invoice: A-1\n"
		/* transaction tags reach the party posting */
		"2026-11-02 bill  ; invoice: B-1, due: 2026-12-02, dispute: late\n"
		"    liabilities:payable:papierhaus  -50 EUR\n"
		"    income:design  50 EUR\n"
		/* a payment with a write-off that names the invoice it settles */
		"2026-11-20 payment\n"
		"    assets:bank  99 EUR\n"
		"    assets:receivable:acme  -100 EUR  ; invoice: A-1\n"
		"    expenses:writeoff  1 EUR  ; invoice: A-1\n"
		/* sub-accounts of a party account are party accounts */
		"2026-11-21 x\n"
		"    assets:receivable:acme:branch  5 EUR  ; invoice: A-2\n"
		"    income:design  -5 EUR\n";
	struct journal_check_options o = JOURNAL_CHECK_OPTIONS_INIT;
	o.strict = true;
	struct diag d = DIAG_INIT;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "commodity 1,000.00 EUR\naccount assets:receivable:acme:branch\n");
	strbuf_addstr(&sb, text);
	struct journal *j = load_parties(sb.buf, &o, &d);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(check, item_tag_with_another_value_than_the_party_postings_warns)
{
	static const char text[] = "2026-11-20 payment\n"                                   /* 9 */
				   "    assets:bank  99 EUR\n"                                  /* 10 */
				   "    assets:receivable:acme  -100 EUR  ; invoice: A-1\n"     /* 11 */
				   "    expenses:writeoff  1 EUR  ; invoice: A-9\n";            /* 12 */
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	assert_ndiag(&d, 1);
	assert_diag_at(&d, "tag 'invoice: A-9' on 'expenses:writeoff', which is not a party account",
		       12, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* Books without a receivable or payable account keep no open items: tags are just tags. */
Test(check, item_tags_are_ordinary_tags_in_books_without_party_accounts)
{
	static const char text[] = "2026-11-30 x  ; ref: batch 103\n"
				   "    assets:receivable:customer1  10 EUR  ; invoice: INV-1, due: 2026-12-30\n"
				   "    income:sales  ; dispute: none\n";
	struct journal_check_options o = JOURNAL_CHECK_OPTIONS_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = load_str_opts(text, &o, &d);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* misspelt accounts that are not party accounts */

Test(check, undeclared_near_party_account_warns_once)
{
	static const char text[] = "2026-11-30 payment on account\n" /* 9 */
				   "    assets:bank  10 EUR\n"
				   "    assets:receivable:acmee  -10 EUR\n" /* 11 */
				   "2026-12-01 again\n"
				   "    assets:bank  10 EUR\n"
				   "    assets:receivable:acmee  -10 EUR\n"
				   "2026-12-02 not close to any party\n"
				   "    assets:bank  10 EUR\n"
				   "    assets:other  -10 EUR\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	/* assets:receivable:acmee is a party account itself (below the receivable account) */
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);

	static const char typo[] = "2026-11-30 payment on account\n" /* 9 */
				   "    assets:bank  10 EUR\n"
				   "    assets:receivabel:acme  -10 EUR\n" /* 11 */
				   "2026-12-01 again\n"
				   "    assets:bank  10 EUR\n"
				   "    assets:receivabel:acme  -10 EUR\n"
				   "2026-12-02 not close to any party\n"
				   "    assets:bank  10 EUR\n"
				   "    assets:other  -10 EUR\n";
	j = load_parties(typo, NULL, &d);
	assert_ndiag(&d, 1);
	cr_assert_eq(d.items[0].level, DIAG_WARNING);
	assert_diag_at(&d,
		       "undeclared account 'assets:receivabel:acme' is not a party account; did you "
		       "mean 'assets:receivable:acme'?",
		       11, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(check, strict_undeclared_account_suggests_the_closest_declared)
{
	static const char text[] = "account expenses:office\n"
				   "2026-11-30 x\n"
				   "    expenses:ofice  10 EUR\n"     /* 3: close */
				   "    expenses:travel  -10 EUR\n";  /* 4: not close to anything */
	struct diag d = DIAG_INIT;
	struct journal *j = load_checked(text, true, &d);
	assert_diag_at(&d,
		       "undeclared account 'expenses:ofice' (declare it with an 'account' directive); "
		       "did you mean 'expenses:office'?",
		       3, 5);
	const struct diag_item *it = diag_find(&d, "undeclared account 'expenses:travel'");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message, "undeclared account 'expenses:travel' (declare it with an "
				      "'account' directive)");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* tag names that look like misspelt reserved ones */

Test(check, misspelt_item_tags_warn_and_name_the_reserved_tag)
{
	static const struct {
		const char *tag, *want;
	} cases[] = {
		{ "inovice", "invoice" }, { "Invoice", "invoice" }, { "INVOICE", "invoice" },
		{ "invoce", "invoice" },  { "invioce", "invoice" }, { "invoiec", "invoice" },
		{ "innvoice", "invoice" }, { "nvoice", "invoice" }, { "invoices", "invoice" },
		{ "ivnoce", "invoice" },  { "deu", "due" },	    { "Due", "due" },
		{ "dues", "due" },	  { "rfe", "ref" },	    { "REF", "ref" },
		{ "reff", "ref" },	  { "dispte", "dispute" },  { "dipsute", "dispute" },
		{ "Dispute", "dispute" },
	};
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb,
			    "2026-11-30 x\n"
			    "    assets:receivable:acme  10 EUR  ; %s: X-1\n"
			    "    income:design\n",
			    cases[c].tag);
		struct diag d = DIAG_INIT;
		struct journal *j = load_parties(sb.buf, NULL, &d);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "unknown tag '%s'; did you mean '%s'?", cases[c].tag, cases[c].want);
		assert_ndiag(&d, 1);
		cr_assert_str_eq(d.items[0].message, want.buf);
		cr_assert_eq(d.items[0].level, DIAG_WARNING);
		cr_assert_eq(d.items[0].line, 10);
		cr_assert_eq(d.items[0].col, 39, "case %zu: at the tag", c);
		journal_free(j);
		diag_release(&d);

		struct journal_check_options o = JOURNAL_CHECK_OPTIONS_INIT;
		o.strict = true;
		j = load_parties(sb.buf, &o, &d);
		const struct diag_item *it = diag_find(&d, want.buf);
		cr_assert_not_null(it, "case %zu: strict", c);
		cr_assert_eq(it->level, DIAG_ERROR, "case %zu: an error with --strict", c);
		journal_free(j);
		diag_release(&d);
		strbuf_release(&want);
		strbuf_release(&sb);
	}
	ASSERT_NO_LEAKS();
}

Test(check, misspelt_account_tags_warn)
{
	static const char text[] =
		"account assets:receivable:globex  ; emial: ap@globex.example, trems: net 30\n" /* 9 */
		"    ; Name: Globex, dunnign: no, iabn: DE89370400440532013000\n"               /* 10 */
		"account expenses:writeoff:small  ; tolerence: 0.05\n"                          /* 11 */
		"account income:fees  ; rolle: fees, dunning-fee: 5\n";                         /* 12 */
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(text, NULL, &d);
	cr_assert_eq(d.nerrors, 0);
	assert_diag_at(&d, "unknown tag 'emial'; did you mean 'email'?", 9, 37);
	assert_diag_at(&d, "unknown tag 'trems'; did you mean 'terms'?", 9, 63);
	assert_diag_at(&d, "unknown tag 'Name'; did you mean 'name'?", 10, 7);
	assert_diag_at(&d, "unknown tag 'dunnign'; did you mean 'dunning'?", 10, 21);
	assert_diag_at(&d, "unknown tag 'iabn'; did you mean 'iban'?", 10, 34);
	assert_diag_at(&d, "unknown tag 'tolerence'; did you mean 'tolerance'?", 11, 36);
	assert_diag_at(&d, "unknown tag 'rolle'; did you mean 'role'?", 12, 24);
	/* a posting tag on an account directive is a misspelt account tag */
	assert_diag_at(&d, "unknown tag 'dunning-fee'; did you mean 'dunning-fees'?", 12, 37);
	cr_assert_eq(d.nwarnings, 8);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/*
 * Ordinary tags (hledger users tag freely) are never taken for misspelt
 * reserved ones: on postings, on transactions and on account directives.
 */
Test(check, ordinary_tag_names_stay_silent)
{
	static const char *const names[] = {
		"project", "client", "type", "vat", "tax", "category", "note", "notes", "status",
		"date", "payee", "memo", "cost", "cost-center", "source", "id", "kind", "order",
		"receipt", "location", "trip", "event", "person", "account", "period", "budget",
		"tag", "label", "customer", "vendor", "employee", "department", "dept", "paid",
		"method", "ticket", "contract", "year", "month", "quarter", "time", "hours", "rate",
		"currency", "country", "city", "item", "product", "sku", "qty", "unit", "price",
		"purpose", "reason", "comment", "desc", "doc", "document", "file", "url", "link",
		"phone", "address", "voucher", "batch", "group", "team", "teams", "owner",
		"approved", "reviewed", "recurring", "code", "number", "notice", "advice",
		"service", "device", "office", "choice", "practice", "duty", "date2", "rev", "rep",
		"reg", "red", "re", "nb", "todo", "see", "big", "bid", "dye", "cue", "sue", "ref2",
		"due-date", "invoice-date", "invoice-no", "bank-ref", "mail", "same", "game", "rule",
		"match", "items", "statement", "dunned", "reversal", "unexplained", "bank-id",
		"counterparty", "end-to-end", "dunning-notice", "dunning-level", "interest-until",
		"dunning-fee", "dunning-interest", "unapplied", "tx-ref", "creditor-ref",
	};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		strbuf_addf(&sb,
			    "2026-11-30 x  ; %s: a\n"
			    "    assets:receivable:acme  10 EUR  ; %s: b\n"
			    "    income:design\n",
			    names[i], names[i]);
	/* the account directive's own set, minus the account tags themselves */
	static const char *const account_names[] = { "type", "note", "notes", "kind", "currency",
						      "budget", "code", "number", "owner", "group",
						      "tax", "vat", "desc", "category", "bank",
						      "branch", "phone", "address", "city" };
	for (size_t i = 0; i < ARRAY_SIZE(account_names); i++)
		strbuf_addf(&sb, "account expenses:x%zu  ; %s: a\n", i, account_names[i]);
	struct diag d = DIAG_INIT;
	struct journal *j = load_parties(sb.buf, NULL, &d);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

/* batch_only (import, the night): near misses and item tags of the books are not repeated */
Test(check, batch_only_reports_only_the_batch)
{
	static const char books[] = "account assets:receivable  ; role: receivable\n"
				    "account assets:bank\n"
				    "account assets:receivable:acme  ; emial: a@b.example\n"
				    "2023-01-01 invoice\n"
				    "    assets:receivabel:acme  100 EUR  ; inovice: A-1\n"
				    "    income:sales\n";
	static const char batch[] = "2023-01-02 payment\n"
				    "    assets:bank  60 EUR\n"
				    "    assets:receivable:acme  -60 EUR  ; invocie: A-1\n";
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = { .strict_batch = true, .batch_only = true };
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_buffer(j, "books.journal", books, strlen(books), &lo, &d), 0);
	lo.batch = true;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert_eq(journal_check(j, &co, &d), CLERK_EINVALID);
	assert_ndiag(&d, 1); /* only the batch's */
	cr_assert_eq(d.items[0].level, DIAG_ERROR);
	assert_diag_at(&d, "unknown tag 'invocie'; did you mean 'invoice'?", 3, 40);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* expense: and income: that name no declared account: the nearest one that could take it */
Test(check, net_account_tags_suggest_the_nearest_account_that_can_take_it)
{
	static const char text[] =
		"account assets:bank  ; role: bank\n"                                   /* 1 */
		"account assets:receivable  ; role: receivable\n"                       /* 2 */
		"account assets:receivable:acme  ; income: income:consultnig\n"         /* 3: swap */
		"account liabilities:payable  ; role: payable\n"                        /* 4 */
		"account liabilities:payable:paperco  ; expense: expenses:ofice\n"      /* 5: close */
		"account liabilities:payable:inkco  ; expense: assets:bamk\n"           /* 6: a bank */
		"account liabilities:payable:penco  ; expense: expenses:stationery\n"   /* 7: far */
		"account liabilities:payable:clipco  ; expense: liabilities:payable:paperc\n" /* 8 */
		"account expenses:office\n"
		"account income:consulting\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_checked(text, false, &d);
	const struct diag_item *it = diag_find(&d, "income:consultnig");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message, "tag 'income: income:consultnig': not a declared account; "
				      "did you mean 'income:consulting'?");
	it = diag_find(&d, "expenses:ofice");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message, "tag 'expense: expenses:ofice': not a declared account; "
				      "did you mean 'expenses:office'?");
	/* a bank, a party account: never suggested, however near */
	it = diag_find(&d, "assets:bamk");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message, "tag 'expense: assets:bamk': not a declared account");
	it = diag_find(&d, "payable:paperc'");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message,
			 "tag 'expense: liabilities:payable:paperc': not a declared account");
	it = diag_find(&d, "expenses:stationery");
	cr_assert_not_null(it);
	cr_assert_str_eq(it->message, "tag 'expense: expenses:stationery': not a declared account");
	cr_assert_eq(d.nerrors, 5);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* clerk-document: (the files clerk invoice wrote, src/documents.h) */

#define DOC_SHA "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"

Test(check, document_tags_repeat_on_a_transaction_and_must_parse)
{
	static const char good[] = "2026-12-01 * (INV-1) a\n"
				   "    ; clerk-document: invoices/INV-1.xml 1 " DOC_SHA "\n"
				   "    ; clerk-document: invoices/INV-1.html 1 " DOC_SHA "\n"
				   "    assets:bank  1 EUR\n"
				   "    income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = NULL;
	cr_assert_eq(check_rc(good, &d, &j), 0);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	static const char bad[] = "account assets:bank  ; clerk-document: x.xml 1 " DOC_SHA "\n"
				  "2026-12-01 * (INV-1) a\n"
				  "    ; clerk-document: invoices/INV-1.xml 1\n"
				  "    ; clerk-document: a.xml 01 " DOC_SHA "\n"
				  "    assets:bank  1 EUR  ; clerk-document: /x.xml 1 " DOC_SHA "\n"
				  "    income\n";
	d = (struct diag)DIAG_INIT;
	cr_assert_neq(check_rc(bad, &d, &j), 0);
	assert_diag_at(&d, "a document belongs on the transaction that posted it", 1, 0);
	assert_diag_at(&d, "not 'PATH SIZE SHA256'", 3, 0);
	assert_diag_at(&d, "the size is not a number of bytes", 4, 0);
	assert_diag_at(&d, "the path is absolute", 5, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

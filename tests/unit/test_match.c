/*
 * test_match.c - the matching rules of src/match.c on small books.
 */
#include "compat.h"
#include <criterion/criterion.h>
#include "helpers.h"
#include "history.h"
#include "match.h"
#include "openitems.h"

/* Customers and vendors; RF18539007547034 is a valid ISO 11649 reference. */
static const char books[] =
	"commodity 1,000.00 EUR\n"
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000\n"
	"account Assets:Receivable  ; role: receivable\n"
	"account Assets:Receivable:Acme  ; name: Acme GmbH, iban: DE02120300000000202051, terms: 2/10 net 30\n"
	"account Assets:Receivable:Bolt  ; name: Bolt AG, iban: DE02500105170137075030\n"
	"account Liabilities:Payable  ; role: payable\n"
	"account Liabilities:Payable:Paper  ; name: Paper Inc, iban: DE02100500000054540402\n"
	"account Income:Sales\n"
	"account Expenses:Office\n"
	"\n"
	"2026-11-01 invoice 1\n"
	"    Assets:Receivable:Acme  100.00 EUR  ; invoice: INV-0001, ref: RF18539007547034\n"
	"    Income:Sales\n"
	"2026-11-02 invoice 2\n"
	"    Assets:Receivable:Acme  50.00 EUR  ; invoice: INV-0002\n"
	"    Income:Sales\n"
	"2026-11-03 bolt 10\n"
	"    Assets:Receivable:Bolt  10.00 EUR  ; invoice: B-10, due: 2026-11-10\n"
	"    Income:Sales\n"
	"2026-11-03 bolt 20\n"
	"    Assets:Receivable:Bolt  20.00 EUR  ; invoice: B-20, due: 2026-11-11\n"
	"    Income:Sales\n"
	"2026-11-03 bolt 30\n"
	"    Assets:Receivable:Bolt  30.00 EUR  ; invoice: B-30, due: 2026-11-12\n"
	"    Income:Sales\n"
	"2026-11-03 bolt 40\n"
	"    Assets:Receivable:Bolt  40.00 EUR  ; invoice: B-40, due: 2026-11-13\n"
	"    Income:Sales\n"
	"2026-11-04 paper bill\n"
	"    Liabilities:Payable:Paper  -75.00 EUR  ; invoice: P-7\n"
	"    Expenses:Office\n"
	"2026-11-05 paper bill 6, paid\n"
	"    Liabilities:Payable:Paper  -20.00 EUR  ; invoice: P-6\n"
	"    Expenses:Office\n"
	"2026-11-06 paid P-6\n"
	"    Liabilities:Payable:Paper  20.00 EUR  ; invoice: P-6\n"
	"    Assets:Bank\n";

struct fixture {
	struct diag d;
	struct journal *j;
	struct openitems *oi;
	struct matcher *m;
	struct match_result r;
	uint32_t eur;
};

static void setup_books(struct fixture *f, const char *text, const struct match_policy *policy)
{
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	memset(f, 0, sizeof(*f));
	f->j = load_str(text, &f->d);
	cr_assert_not_null(f->j);
	cr_assert_eq(f->d.nerrors, 0, "the test books do not load");
	o.side = OPENITEMS_BOTH;
	o.include_closed = true;
	cr_assert_eq(openitems_compute(&f->oi, f->j, &o), 0);
	f->m = match_new(f->oi, policy);
	f->eur = symtab_find(&f->j->commodities.names, "EUR", 3);
	match_result_init(&f->r);
}

static void setup(struct fixture *f, const struct match_policy *policy)
{
	setup_books(f, books, policy);
}

static void teardown(struct fixture *f)
{
	match_result_release(&f->r);
	match_free(f->m);
	openitems_free(f->oi);
	journal_free(f->j);
	diag_release(&f->d);
}

/* Runs one movement; amount "+100.00" (in) or "-75.00" (out). */
static void run(struct fixture *f, const char *amount, const char *date, const char *ref,
		const char *remittance, const char *iban, const char *name)
{
	struct match_movement mv = { DEC_INIT, f->eur, date_parse_iso(date), ref, remittance, NULL,
				     iban, name };
	match_result_release(&f->r);
	set_dec(&mv.amount, amount);
	match_movement(f->m, &mv, &f->r);
	dec_clear(&mv.amount);
}

static const char *alloc_invoice(struct fixture *f, size_t k)
{
	cr_assert_lt(k, f->r.nalloc);
	return openitems_item(f->oi, f->r.alloc[k].item)->invoice;
}

Test(match, reference_with_valid_check)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "100.00", "2026-11-20", "RF18 5390 0754 7034", NULL, NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_REFERENCE);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_eq(f.r.nalloc, 1);
	cr_assert_str_eq(alloc_invoice(&f, 0), "INV-0001");
	assert_dec(&f.r.alloc[0].applied, "100.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, bad_check_digit_is_never_matched_by_reference)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "100.00", "2026-11-20", "RF19539007547034", NULL, NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_NONE);
	cr_assert_eq(f.r.decision, MATCH_SUSPENSE);
	cr_assert(strstr(f.r.note.buf, "bad check digit"), "note: %s", f.r.note.buf);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, invoice_numbers_in_text_tolerant_of_case_spaces_and_zeros)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "150.00", "2026-11-20", NULL, "payment for inv 1 and Inv-002, thanks", NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_eq(f.r.nalloc, 2);
	cr_assert_str_eq(alloc_invoice(&f, 0), "INV-0001");
	cr_assert_str_eq(alloc_invoice(&f, 1), "INV-0002");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, partial_then_the_rest)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "60.00", "2026-11-20", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_PARTIAL);
	assert_dec(&f.r.alloc[0].applied, "60.00");
	assert_dec(match_open(f.m, f.r.alloc[0].item), "40.00");
	run(&f, "40.00", "2026-11-21", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	assert_dec(&f.r.alloc[0].applied, "40.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, overpaid_leaves_a_credit)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "120.00", "2026-11-20", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	assert_dec(&f.r.alloc[0].applied, "100.00");
	assert_dec(&f.r.unapplied, "20.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, shortfall_within_tolerance_is_written_off)
{
	struct fixture f;
	struct match_policy p;
	match_policy_init(&p);
	set_dec(&p.tolerance, "0.05");
	setup(&f, &p);
	match_policy_release(&p);
	run(&f, "99.97", "2026-11-20", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_WRITEOFF);
	assert_dec(&f.r.writeoff, "0.03");
	assert_dec(match_open(f.m, f.r.alloc[0].item), "0");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, no_tolerance_means_partial)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "99.97", "2026-11-20", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_PARTIAL);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, early_payment_discount_within_the_period)
{
	struct fixture f;
	setup(&f, NULL);
	/* 2/10 net 30 from 2026-11-01: until 2026-11-11, 2 % of 100.00 */
	run(&f, "98.00", "2026-11-11", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_DISCOUNT);
	assert_dec(&f.r.discount, "2.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, discount_is_not_granted_after_the_period)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "98.00", "2026-11-12", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_PARTIAL);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, payer_iban_and_exact_amount)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "30.00", "2026-11-20", NULL, "thank you", "DE02 5001 0517 0137 0750 30", NULL);
	cr_assert_eq(f.r.rule, RULE_AMOUNT);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_str_eq(alloc_invoice(&f, 0), "B-30");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, oldest_first_combination)
{
	struct fixture f;
	setup(&f, NULL);
	/* 10 + 20 + 30 = 60 is the oldest-first run (also 20 + 40): take it */
	run(&f, "60.00", "2026-11-20", NULL, NULL, "DE02500105170137075030", NULL);
	cr_assert_eq(f.r.rule, RULE_COMBINATION);
	cr_assert_eq(f.r.nalloc, 3);
	cr_assert_str_eq(alloc_invoice(&f, 0), "B-10");
	cr_assert_str_eq(alloc_invoice(&f, 2), "B-30");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, unique_combination)
{
	struct fixture f;
	setup(&f, NULL);
	/* 10 + 40 = 20 + 30 = 50, the run is 10 + 20 + 30: not unique, do not guess */
	run(&f, "50.00", "2026-11-20", NULL, NULL, "DE02500105170137075030", NULL);
	cr_assert_eq(f.r.decision, MATCH_ON_ACCOUNT);
	cr_assert(strstr(f.r.note.buf, "several combinations"), "note: %s", f.r.note.buf);
	assert_dec(&f.r.unapplied, "50.00");
	/* 10 + 20 + 40 = 70 only (30 + 40 = 70 too!): ambiguous as well; 90 = 20 + 30 + 40 only */
	run(&f, "90.00", "2026-11-20", NULL, NULL, "DE02500105170137075030", NULL);
	cr_assert_eq(f.r.rule, RULE_COMBINATION, "decision %s: %s", match_decision_name(f.r.decision),
		     f.r.note.buf);
	cr_assert_eq(f.r.nalloc, 3);
	cr_assert_str_eq(alloc_invoice(&f, 0), "B-20");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, known_payer_nothing_fits_goes_on_account)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "7.00", "2026-11-20", NULL, "advance", NULL, "acme gmbh");
	cr_assert_eq(f.r.rule, RULE_PARTY);
	cr_assert_eq(f.r.decision, MATCH_ON_ACCOUNT);
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Assets:Receivable:Acme");
	assert_dec(&f.r.unapplied, "7.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, unknown_payer_goes_to_suspense)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "12.34", "2026-11-20", NULL, "who knows", "DE44500105175407324931", "Stranger");
	cr_assert_eq(f.r.rule, RULE_NONE);
	cr_assert_eq(f.r.decision, MATCH_SUSPENSE);
	cr_assert_eq(f.r.party, NO_ID);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, outgoing_payment_matches_payables)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "-75.00", "2026-11-20", NULL, "bill P-7", NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_str_eq(alloc_invoice(&f, 0), "P-7");
	/* the same number in an incoming payment does not touch the bill */
	run(&f, "75.00", "2026-11-20", NULL, "bill P-7", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_SUSPENSE);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, paying_a_settled_invoice_twice_is_an_overpayment)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "100.00", "2026-11-20", NULL, "INV-0001", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	run(&f, "100.00", "2026-11-21", NULL, "INV-0001 again", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER);
	cr_assert_eq(f.r.nalloc, 0);
	assert_dec(&f.r.unapplied, "100.00");
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Assets:Receivable:Acme");
	cr_assert(strstr(f.r.note.buf, "already settled"), "note: %s", f.r.note.buf);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, a_bill_paid_twice_is_flagged)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "-20.00", "2026-11-20", NULL, "P-6", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Liabilities:Payable:Paper");
	cr_assert(strstr(f.r.note.buf, "paid twice"), "note: %s", f.r.note.buf);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(match, paying_more_than_a_bill_leaves_a_credit_with_the_vendor)
{
	struct fixture f;
	setup(&f, NULL);
	run(&f, "-80.00", "2026-11-20", NULL, "P-7", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	assert_dec(&f.r.alloc[0].applied, "75.00");
	assert_dec(&f.r.unapplied, "5.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* Rule 2, numbers written without their prefix: taken only when one open item has them. */
static const char bare_books[] =
	"commodity 1,000.00 EUR\n"
	"account Assets:Receivable  ; role: receivable\n"
	"account Assets:Receivable:Acme  ; name: Acme GmbH\n"
	"account Assets:Receivable:Bolt  ; name: Bolt AG\n"
	"account Liabilities:Payable  ; role: payable\n"
	"account Liabilities:Payable:Paper  ; name: Paper Inc\n"
	"account Income:Sales\n"
	"account Expenses:Office\n"
	"\n"
	"2026-11-01 acme\n"
	"    Assets:Receivable:Acme  100.00 EUR  ; invoice: INV-2026-0086\n"
	"    Income:Sales\n"
	"2026-11-02 acme\n"
	"    Assets:Receivable:Acme  50.00 EUR  ; invoice: INV-2026-0090\n"
	"    Income:Sales\n"
	"2026-11-02 bolt, a credit note series with the same digits\n"
	"    Assets:Receivable:Bolt  70.00 EUR  ; invoice: RE-2026-0090\n"
	"    Income:Sales\n"
	"2026-11-03 acme, short number\n"
	"    Assets:Receivable:Acme  30.00 EUR  ; invoice: A-123\n"
	"    Income:Sales\n"
	"2026-11-04 paper bill with the digits of an invoice\n"
	"    Liabilities:Payable:Paper  -40.00 EUR  ; invoice: PB-2026-0086\n"
	"    Expenses:Office\n";

Test(match, invoice_number_without_its_prefix)
{
	struct fixture f;
	setup_books(&f, bare_books, NULL);
	/* 2026-0086: INV-2026-0086 is the one open receivable with those digits
	 * (the bill PB-2026-0086 is money the other way) */
	run(&f, "100.00", "2026-11-20", NULL, "Re 2026-0086 thanks", NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER, "note: %s", f.r.note.buf);
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_eq(f.r.nalloc, 1);
	cr_assert_str_eq(alloc_invoice(&f, 0), "INV-2026-0086");
	/* 2026/90: INV-2026-0090 and RE-2026-0090 both have it: no guess */
	run(&f, "50.00", "2026-11-20", NULL, "2026 0090", NULL, NULL);
	cr_assert_neq(f.r.rule, RULE_INVOICE_NUMBER, "two items have the digits");
	/* the full number still wins, prefix and all */
	run(&f, "50.00", "2026-11-20", NULL, "INV 2026 90", NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER);
	cr_assert_str_eq(alloc_invoice(&f, 0), "INV-2026-0090");
	/* fewer than four digits are not looked up without a prefix */
	run(&f, "30.00", "2026-11-20", NULL, "invoice 123", NULL, NULL);
	cr_assert_neq(f.r.rule, RULE_INVOICE_NUMBER, "123 is too short to stand alone");
	/* an outgoing payment finds the bill by its digits */
	run(&f, "-40.00", "2026-11-20", NULL, "2026-0086", NULL, NULL);
	cr_assert_eq(f.r.rule, RULE_INVOICE_NUMBER);
	cr_assert_str_eq(alloc_invoice(&f, 0), "PB-2026-0086");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* The keys of a history file (history.h): settled items the books were loaded without. */
static const char history_keys[] =
	"clerk-history-keys 1 0\n"
	"n\tINV7\tAssets:Receivable:Acme\t2025-01-31\t2025-01-01\tINV 7\tEUR\n"
	"n\tP5\tLiabilities:Payable:Paper\t2025-02-01\t2025-02-01\tP-5\tEUR\n"
	"r\tRF18539007547034\tAssets:Receivable:Bolt\t2025-01-02\t2025-01-02\tB-1\tEUR\n";

static const char books_with_settled_inv7[] =
	"commodity 1,000.00 EUR\n"
	"account Assets:Bank  ; role: bank\n"
	"account Assets:Receivable  ; role: receivable\n"
	"account Assets:Receivable:Acme  ; name: Acme GmbH\n"
	"account Assets:Receivable:Bolt  ; name: Bolt AG\n"
	"account Liabilities:Payable  ; role: payable\n"
	"account Liabilities:Payable:Paper  ; name: Paper Inc\n"
	"account Income:Sales\n"
	"2026-11-01 Bolt INV-7\n"
	"    Assets:Receivable:Bolt  70.00 EUR  ; invoice: INV-7\n"
	"    Income:Sales\n"
	"2026-11-02 paid\n"
	"    Assets:Receivable:Bolt  -70.00 EUR  ; invoice: INV-7\n"
	"    Assets:Bank\n"
	"2026-11-03 Acme INV-8\n"
	"    Assets:Receivable:Acme  70.00 EUR  ; invoice: INV-8\n"
	"    Income:Sales\n";

Test(match, a_number_of_the_history_file_is_settled_in_the_items_order)
{
	struct fixture f;
	struct history *h = NULL;
	setup_books(&f, books_with_settled_inv7, NULL);
	cr_assert_eq(history_open_buffer(&h, history_keys, strlen(history_keys), 0), 0);
	match_set_history(f.m, h);
	/* INV7 is Bolt's settled INV-7 in the books and Acme's settled "INV 7" in the
	 * history: both, Acme's first (the items' order is by account name), and
	 * not matched by amount to Acme's open INV-8 */
	run(&f, "70.00", "2026-11-20", NULL, "inv 7", NULL, "Acme GmbH");
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Assets:Receivable:Acme");
	cr_assert(strstr(f.r.note.buf, "pays INV 7, INV-7, already settled"), "note: %s", f.r.note.buf);
	/* by reference: the history's B-1 of Bolt */
	run(&f, "5.00", "2026-11-20", "RF18539007547034", NULL, NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	cr_assert_eq(f.r.rule, RULE_REFERENCE);
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Assets:Receivable:Bolt");
	/* a vendor's bill of the history is no customer's invoice: money in naming P-5 */
	run(&f, "70.00", "2026-11-20", NULL, "P-5", NULL, "Acme GmbH");
	cr_assert_eq(f.r.decision, MATCH_MATCHED);
	cr_assert_str_eq(alloc_invoice(&f, 0), "INV-8");
	/* and money out naming it is a bill paid twice */
	run(&f, "-12.00", "2026-11-20", NULL, "P-5", NULL, NULL);
	cr_assert_eq(f.r.decision, MATCH_OVERPAID);
	cr_assert_str_eq(journal_account_name(f.j, f.r.party), "Liabilities:Payable:Paper");
	teardown(&f);
	history_close(h);
	ASSERT_NO_LEAKS();
}

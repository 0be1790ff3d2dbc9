/*
 * test_explain.c - an item's story: opened, reminded (level and fee), paid
 * by a rule with its bank entry and evidence, returned, paid by hand,
 * credited, written off, what is open now per commodity; a bank entry by
 * `ref:` or without it; what the books do not know.
 */
#include "helpers.h"

#include "explain.h"

static const char books[] =
	"commodity 1,000.00 EUR\n"
	"account Assets:Bank  ; role: bank\n"
	"account Assets:Receivable:Acme  ; role: receivable\n"
	"account Income:Sales\n"
	"account Income:Fees  ; role: fees\n"
	"account Expenses:Writeoff  ; role: writeoff\n"
	"\n"
	"2026-01-10 * Acme | INV-1 consulting\n"
	"    Assets:Receivable:Acme  100.00 EUR  ; invoice: INV-1, due: 2026-02-09\n"
	"    Income:Sales\n"
	"\n"
	"2026-02-20 * Dunning notice 1 (reminder) to Acme  ; dunning-notice: 1\n"
	"    Assets:Receivable:Acme  0.00 EUR  ; dunned: INV-1, dunning-level: 1, interest-until: 2026-02-20\n"
	"    Assets:Receivable:Acme  5.00 EUR  ; invoice: FEE-2026-02-20, due: 2026-03-06, dunning-fee: 1\n"
	"    Income:Fees  -5.00 EUR\n"
	"\n"
	"2026-02-25 * Acme | INV 1\n"
	"    Assets:Bank  60.00 EUR  ; bank-id: ref:B1, value-date: 2026-02-25\n"
	"    Assets:Receivable:Acme  -60.00 EUR  ; invoice: INV-1, match: partial, rule: invoice-number, counterparty: Acme AG\n"
	"\n"
	"2026-02-27 * Acme | returned\n"
	"    Assets:Bank  -60.00 EUR  ; bank-id: ref:B2\n"
	"    Assets:Receivable:Acme  60.00 EUR  ; invoice: INV-1, match: reversal\n"
	"\n"
	"2026-03-01 * Acme | paid by hand\n"
	"    Assets:Bank  90.00 EUR\n"
	"    Assets:Receivable:Acme  -90.00 EUR  ; invoice: INV-1\n"
	"\n"
	"2026-03-02 * Acme | credit note\n"
	"    Income:Sales  5.00 EUR\n"
	"    Assets:Receivable:Acme  -5.00 EUR  ; invoice: INV-1\n"
	"\n"
	"2026-03-03 * Acme | rest written off\n"
	"    Expenses:Writeoff  4.00 EUR\n"
	"    Assets:Receivable:Acme  -4.00 EUR  ; invoice: INV-1\n";

static struct journal *load(void)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	cr_assert_eq(d.nerrors, 0, "%s", d.n ? d.items[0].message : "");
	diag_release(&d);
	return j;
}

Test(explain, an_invoice_from_opening_to_write_off)
{
	struct journal *j = load();
	struct explain e = EXPLAIN_INIT;
	cr_assert_eq(explain_compute(&e, j, "INV-1", NULL, 0), 0);
	cr_assert_eq(e.kind, EXPLAIN_ITEM);
	cr_assert_str_eq(e.subject, "invoice INV-1 of Assets:Receivable:Acme");
	const char *want[][3] = {
		{ "opened", "100.00", "test.journal:9" },   { "reminder", "", "test.journal:13" },
		{ "payment", "-60.00", "test.journal:19" }, { "returned", "60.00", "test.journal:23" },
		{ "payment", "-90.00", "test.journal:27" }, { "credit", "-5.00", "test.journal:31" },
		{ "written-off", "-4.00", "test.journal:35" },
	};
	cr_assert_eq(e.events.n, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		cr_assert_str_eq(e.events.v[i].event, want[i][0], "event %zu", i);
		cr_assert_str_eq(e.events.v[i].amount, want[i][1], "event %zu", i);
		cr_assert_str_eq(e.events.v[i].source, want[i][2], "event %zu", i);
	}
	cr_assert_str_eq(e.events.v[1].detail,
			 "dunning notice, level 1, interest until 2026-02-20; fee 5.00 EUR as FEE-2026-02-20");
	cr_assert_str_eq(e.events.v[2].detail, "partial by rule invoice-number; bank entry ref:B1; counterparty Acme AG");
	cr_assert(strstr(e.events.v[6].detail, "written off to Expenses:Writeoff"));
	/* 100 - 60 + 60 - 90 - 5 - 4 = 1.00 open */
	cr_assert_str_eq(e.open_now, "1.00 EUR");
	struct strbuf csv = STRBUF_INIT;
	explain_format_csv(&csv, &e);
	cr_assert(strstr(csv.buf, "date,event,amount,currency,source,detail\n"
				  "2026-01-10,opened,100.00,EUR,test.journal:9,Acme | INV-1 consulting; due 2026-02-09\n"
				  "2026-02-20,reminder,,,test.journal:13,"),
		  "%s", csv.buf);
	strbuf_release(&csv);
	explain_release(&e);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(explain, a_bank_entry_with_or_without_ref)
{
	struct journal *j = load();
	const char *names[] = { "B1", "ref:B1" };
	for (size_t n = 0; n < 2; n++) {
		struct explain e = EXPLAIN_INIT;
		cr_assert_eq(explain_compute(&e, j, names[n], NULL, 0), 0);
		cr_assert_eq(e.kind, EXPLAIN_ENTRY);
		cr_assert_eq(e.events.n, 2);
		cr_assert_str_eq(e.events.v[0].event, "bank-entry");
		cr_assert_str_eq(e.events.v[0].amount, "60.00");
		cr_assert_str_eq(e.events.v[1].event, "applied");
		cr_assert(strstr(e.events.v[1].detail, "item INV-1; partial by rule invoice-number"));
		cr_assert_null(e.open_now);
		explain_release(&e);
	}
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(explain, what_the_books_do_not_know)
{
	struct journal *j = load();
	struct explain e = EXPLAIN_INIT;
	cr_assert_eq(explain_compute(&e, j, "INV-2", NULL, 0), CLERK_ENOTFOUND);
	cr_assert(strstr(clerk_error_last()->message, "say nothing of 'INV-2'"));
	explain_release(&e);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

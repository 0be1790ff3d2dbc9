/*
 * test_pay.c - the payment run engine (pay_compute and what it returns),
 * the transfers in transit read back from the books, and the pain.001 of a
 * run rebuilt from them.
 *
 * Each test loads small books from a string (BOOKS below plus its own
 * bills), computes a run and looks at the rows, the journal text or the
 * file. Every pain.001 written is validated with xmllint against the
 * official XSD (skipped with a message when xmllint or ../shared is
 * missing).
 */
#include "helpers.h"

#include <criterion/parameterized.h>
#include <sys/wait.h>

#include "openitems.h"
#include "pay.h"

#define BOOKS                                                                                   \
	"commodity 1,000.00 EUR\n"                                                              \
	"commodity 1,000.00 USD\n"                                                              \
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Nordlicht Druck " \
	"GmbH, bic: COBADEFFXXX\n"                                                              \
	"account Assets:Transit  ; role: transit\n"                                             \
	"account Income:Discounts  ; role: discount-received\n"                                 \
	"account Liabilities:Payable  ; role: payable\n"                                        \
	"account Liabilities:Payable:Alpha  ; name: Alpha GmbH, iban: DE11200700000012345678, " \
	"terms: net 30\n"                                                                       \
	"account Liabilities:Payable:Beta  ; name: Beta & Söhne, iban: DE95370400440111222333, " \
	"terms: 2/10 net 30, bic: DEUTDEDBHAM\n"                                                \
	"account Liabilities:Payable:Gamma  ; name: Gamma\n"                                    \
	"account Liabilities:Payable:Delta  ; name: Delta Ltda, iban: "                         \
	"BR1800360305000010009795493C1\n"                                                       \
	"account Expenses:Goods\n"                                                              \
	"account Equity:Opening\n"                                                              \
	"2026-10-01 opening\n"                                                                  \
	"    Assets:Bank  10,000.00 EUR\n"                                                      \
	"    Equity:Opening\n"

/* A bill: date, vendor, number, amount and extra tags (", due: ..."). */
#define BILL(date, vendor, number, amount, tags)                                                \
	date " bill " number "\n"                                                               \
	"    Liabilities:Payable:" vendor "  -" amount " EUR  ; invoice: " number tags "\n"         \
	"    Expenses:Goods\n"

struct run {
	struct journal *j;
	struct pay *p;
	struct diag d;
};

static clerk_date day(const char *iso)
{
	return date_parse_iso(iso);
}

/* Loads BOOKS-based text, checks it, computes the run of date (through: NULL = the date). */
static void compute(struct run *r, const char *text, const char *date, const char *through,
		    const char *from)
{
	memset(r, 0, sizeof(*r));
	r->j = load_str(text, &r->d);
	assert_no_diag(&r->d);
	struct pay_options o = { day(date), through ? day(through) : DATE_NONE, from };
	cr_assert_eq(pay_compute(&r->p, r->j, &o, &r->d), 0, "%s", diag_to_str(&r->d));
}

static void run_release(struct run *r)
{
	pay_free(r->p);
	journal_free(r->j);
	diag_release(&r->d);
}

/* The row of bill number (or of the credit number when credit). */
static const struct pay_row *row_of(const struct run *r, const char *number, bool credit)
{
	for (size_t i = 0; i < pay_row_count(r->p); i++) {
		const struct pay_row *x = pay_row(r->p, i);
		if (x->credit == credit && ((!number && !x->invoice) ||
					    (number && x->invoice && !strcmp(x->invoice, number))))
			return x;
	}
	cr_assert_fail("no row for %s", number ? number : "(on account)");
	return NULL;
}

#define assert_row(r, number, dec, reason_start)                                           \
	do {                                                                               \
		const struct pay_row *x_ = row_of((r), (number), false);                   \
		cr_assert_str_eq(pay_decision_name(x_->decision), (dec), "%s: %s (%s)",    \
				 (number), pay_decision_name(x_->decision), x_->reason);   \
		cr_assert(!strncmp(x_->reason, (reason_start), strlen(reason_start)),      \
			  "%s: reason '%s', expected '%s...'", (number), x_->reason,       \
			  (reason_start));                                                 \
	} while (0)

static char *csv(const struct run *r)
{
	struct strbuf sb = STRBUF_INIT;
	pay_proposal_csv(r->p, &sb);
	return strbuf_detach(&sb, NULL);
}

/* Validates xml against the pain.001 XSD of version v (see test_pain.c). */
static void assert_schema_valid(const char *xml, enum pain_version v)
{
	const char *shared = getenv("SHARED"), *top = getenv("top_srcdir");
	struct strbuf dir = STRBUF_INIT, cmd = STRBUF_INIT;
	struct stat st;
	if (shared && *shared)
		strbuf_addf(&dir, "%s/schemas/iso20022", shared);
	else
		strbuf_addf(&dir, "%s/../shared/schemas/iso20022", top && *top ? top : "..");
	if (stat(dir.buf, &st) || system("command -v xmllint >/dev/null 2>&1") != 0) {
		fprintf(stderr, "# xmllint or ../shared/schemas missing: pain.001 not validated\n");
		strbuf_release(&dir);
		return;
	}
	char tmpl[] = "/tmp/clerk-pay-XXXXXX";
	int fd = mkstemp(tmpl);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, xml, strlen(xml)), (ssize_t)strlen(xml));
	close(fd);
	strbuf_addf(&cmd, "xmllint --noout --schema '%s/pain.001.001.%02d.xsd' '%s' 2>/dev/null",
		    dir.buf, (int)v, tmpl);
	int rc = system(cmd.buf);
	unlink(tmpl);
	cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "not valid:\n%s", xml);
	strbuf_release(&dir);
	strbuf_release(&cmd);
}

/* Loads the run's text into the books (as the command commits it) and checks them. */
static void commit(struct run *r)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	const struct strbuf *t = pay_text(r->p);
	cr_assert_eq(journal_load_buffer(r->j, "(pay)", t->buf, t->len, &lo, &r->d), 0, "%s",
		     diag_to_str(&r->d));
	cr_assert_eq(journal_check(r->j, &co, &r->d), 0, "%s\n%s", diag_to_str(&r->d), t->buf);
	assert_no_diag(&r->d);
}

/* ------------------------------------------------------------------ */
/* decisions */

Test(pay, decisions_and_reasons)
{
	struct run r;
	compute(&r,
		BOOKS BILL("2026-10-05", "Alpha", "A-1", "100.00", ", due: 2026-11-04")
		BILL("2026-11-20", "Alpha", "A-2", "200.00", ", due: 2026-12-20")
		BILL("2026-11-01", "Alpha", "A-3", "300.00", ", due: 2026-11-20, dispute: wrong goods")
		BILL("2026-11-02", "Alpha", "A-4", "400.00", ", due: 2026-11-20, hold: no delivery note")
		BILL("2026-11-02", "Gamma", "G-1", "50.00", ", due: 2026-11-20")
		BILL("2026-11-02", "Delta", "D-1", "60.00", ", due: 2026-11-20")
		"2026-11-02 usd bill\n"
		"    Liabilities:Payable:Alpha  -70.00 USD  ; invoice: U-1, due: 2026-11-20\n"
		"    Expenses:Goods\n"
		BILL("2026-11-02", "Alpha", "A-5", "1.005", ", due: 2026-11-20")
		BILL("2026-12-05", "Alpha", "A-6", "9.00", ", due: 2026-11-20"),
		"2026-12-01", NULL, NULL);
	assert_row(&r, "A-1", "pay", "overdue: due 2026-11-04, 27 days ago");
	assert_row(&r, "A-2", "not-due", "not-due: due 2026-12-20");
	assert_row(&r, "A-3", "disputed", "dispute: wrong goods");
	assert_row(&r, "A-4", "held", "hold: no delivery note");
	assert_row(&r, "G-1", "held", "no-iban: ");
	assert_row(&r, "D-1", "not-sepa", "iban-country: the vendor's IBAN is in BR");
	assert_row(&r, "U-1", "not-sepa", "currency: the bill is in USD");
	assert_row(&r, "A-5", "not-sepa", "amount: ");
	for (size_t i = 0; i < pay_row_count(r.p); i++)
		cr_assert_str_neq(pay_row(r.p, i)->invoice, "A-6", "a bill dated after the run waits");
	cr_assert_eq(pay_exceptions(r.p), 6); /* disputed, 2 held, 3 not-sepa */
	struct dec total = DEC_INIT;
	cr_assert_eq(pay_transfer_count(r.p, &total), 1);
	assert_dec(&total, "100.00");
	cr_assert_str_eq(pay_run_id(r.p), "PAY-2026-12-01");
	dec_clear(&total);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, holds_on_the_vendor_and_released_by_a_later_posting)
{
	struct run r;
	compute(&r,
		BOOKS "account Liabilities:Payable:Epsilon  ; name: Eps, iban: DE11200700000012345678, "
		      "hold: vendor under review\n"
		BILL("2026-11-01", "Epsilon", "E-1", "10.00", ", due: 2026-11-20")
		BILL("2026-11-01", "Alpha", "A-1", "20.00", ", due: 2026-11-20, hold: check")
		"2026-11-25 release A-1\n"
		"    Liabilities:Payable:Alpha  0.00 EUR  ; invoice: A-1, hold: no\n"
		"    Liabilities:Payable:Alpha  0.00 EUR\n",
		"2026-12-01", NULL, NULL);
	assert_row(&r, "E-1", "held", "hold: vendor under review");
	assert_row(&r, "A-1", "pay", "overdue");
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, approval_policy)
{
	struct run r;
	static const char books[] =
		"commodity 1,000.00 EUR\n"
		"account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: N\n"
		"account Assets:Transit  ; role: transit\n"
		"account Liabilities:Payable  ; role: payable, pay-approval: required\n"
		"account Liabilities:Payable:Alpha  ; name: Alpha, iban: DE11200700000012345678\n"
		"account Expenses:Goods\n"
		BILL("2026-11-01", "Alpha", "A-1", "10.00", ", due: 2026-11-20")
		BILL("2026-11-01", "Alpha", "A-2", "20.00", ", due: 2026-11-20, approved: K. Lund")
		BILL("2026-11-01", "Alpha", "A-3", "30.00", ", due: 2026-11-20")
		BILL("2026-11-01", "Alpha", "A-4", "40.00", ", due: 2026-12-20")
		"2026-11-25 approvals\n"
		"    Liabilities:Payable:Alpha  0.00 EUR  ; invoice: A-3, approved: M. Jansen\n"
		"    Liabilities:Payable:Alpha  0.00 EUR  ; invoice: A-2, approved: no\n";
	compute(&r, books, "2026-12-01", NULL, NULL);
	assert_row(&r, "A-1", "not-approved", "no-approval: ");
	assert_row(&r, "A-2", "not-approved", "no-approval: ");
	assert_row(&r, "A-3", "pay", "overdue");
	assert_row(&r, "A-4", "not-due", "not-due");
	run_release(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* discounts and execution dates */

Test(pay, discount_worth_taking_and_execution_dates)
{
	struct run r;
	compute(&r,
		BOOKS BILL("2026-11-25", "Beta", "B-1", "1,130.50", "")   /* 2 % until 12-05 (Sat) */
		BILL("2026-11-10", "Beta", "B-2", "100.00", "")            /* discount ended 11-20 */
		BILL("2026-11-11", "Alpha", "A-1", "10.00", ", due: 2026-12-06") /* a Sunday */
		BILL("2026-11-11", "Alpha", "A-2", "20.00", ", due: 2026-12-09")
		BILL("2026-11-11", "Alpha", "A-3", "30.00", ", due: 2026-12-11"),
		"2026-12-01", "2026-12-09", NULL);
	const struct pay_row *b1 = row_of(&r, "B-1", false);
	assert_row(&r, "B-1", "pay", "discount: 2 % until 2026-12-05, due 2026-12-25");
	assert_dec(&b1->discount, "22.61"); /* 2 % of 1,130.50 = 22.61, half even */
	assert_dec(&b1->pay, "1107.89");
	cr_assert_eq(b1->execution, day("2026-12-04"), "the Friday before the discount's Saturday");
	assert_row(&r, "B-2", "not-due", "not-due: due 2026-12-10 (its discount ended 2026-11-20)");
	cr_assert_eq(row_of(&r, "A-1", false)->execution, day("2026-12-04"));
	cr_assert_eq(row_of(&r, "A-2", false)->execution, day("2026-12-09"));
	assert_row(&r, "A-3", "not-due", "not-due");
	cr_assert_eq(pay_transfer_count(r.p, NULL), 3, "Alpha and Beta both on the 4th, Alpha on the 9th");
	commit(&r);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, no_discount_without_a_discount_received_account)
{
	struct run r;
	char *books = xstrdup(BOOKS BILL("2026-11-25", "Beta", "B-1", "1,130.50", ""));
	char *p = strstr(books, "account Income:Discounts  ; role: discount-received\n");
	memmove(p, p + 52, strlen(p + 52) + 1);
	compute(&r, books, "2026-12-01", NULL, NULL);
	assert_row(&r, "B-1", "not-due", "not-due: due 2026-12-25");
	run_release(&r);
	free(books);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* netting */

Test(pay, credits_are_netted_oldest_first)
{
	struct run r;
	compute(&r,
		BOOKS BILL("2026-10-20", "Alpha", "A-1", "500.00", ", due: 2026-11-20")
		BILL("2026-10-21", "Alpha", "A-2", "300.00", ", due: 2026-11-21")
		"2026-11-02 credit note CN-1\n"
		"    Liabilities:Payable:Alpha  120.00 EUR  ; invoice: CN-1\n"
		"    Expenses:Goods\n"
		"2026-11-03 prepayment\n"
		"    Liabilities:Payable:Alpha  50.00 EUR\n"
		"    Assets:Bank\n"
		/* a bill paid twice: a credit of 40.00 */
		BILL("2026-10-01", "Alpha", "A-0", "40.00", ", due: 2026-10-31")
		"2026-10-10 paid A-0\n    Liabilities:Payable:Alpha  40.00 EUR  ; invoice: A-0\n    Assets:Bank\n"
		"2026-10-11 paid A-0 again\n    Liabilities:Payable:Alpha  40.00 EUR  ; invoice: A-0\n    Assets:Bank\n",
		"2026-12-01", NULL, NULL);
	/* credits, oldest first: A-0 (40.00, 10-01), CN-1 (120.00, 11-02), on account (50.00, 11-03) */
	const struct pay_row *c0 = row_of(&r, "A-0", true), *c1 = row_of(&r, "CN-1", true),
			     *c2 = row_of(&r, NULL, true);
	assert_dec(&c0->pay, "-40.00");
	assert_dec(&c1->pay, "-120.00");
	assert_dec(&c2->pay, "-50.00");
	assert_dec(&c2->open, "-50.00");
	struct dec total = DEC_INIT;
	cr_assert_eq(pay_transfer_count(r.p, &total), 1);
	assert_dec(&total, "590.00"); /* 800 - 210 */
	dec_clear(&total);
	const char *t = pay_text(r.p)->buf;
	cr_assert(strstr(t, "Liabilities:Payable:Alpha  -120.00 EUR  ; invoice: CN-1, match: netted, "
			    "end-to-end: CLK20261201-1-0001\n"), "%s", t);
	cr_assert(strstr(t, "Liabilities:Payable:Alpha  -50.00 EUR  ; match: netted, end-to-end: "));
	cr_assert(strstr(t, "remittance: A-1; A-2 less A-0; CN-1"), "%s", t);
	commit(&r);
	/* the credits are used up: the open items show none left */
	struct openitems *oi;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	oo.side = OPENITEMS_PAYABLES;
	cr_assert_eq(openitems_compute(&oi, r.j, &oo), 0);
	cr_assert_eq(openitems_count(oi), 0);
	cr_assert_eq(openitems_unapplied_count(oi), 0);
	cr_assert_eq(openitems_unknown_count(oi), 0);
	openitems_free(oi);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, a_bill_covered_by_credits_is_netted_without_a_transfer)
{
	struct run r;
	compute(&r,
		BOOKS BILL("2026-11-01", "Alpha", "A-1", "50.00", ", due: 2026-11-20")
		"2026-11-03 prepayment\n"
		"    Liabilities:Payable:Alpha  80.00 EUR\n"
		"    Assets:Bank\n",
		"2026-12-01", NULL, NULL);
	assert_row(&r, "A-1", "credit-netted", "credit: settled by the vendor's credits");
	cr_assert_null(row_of(&r, "A-1", false)->end_to_end);
	assert_dec(&row_of(&r, NULL, true)->pay, "-50.00");
	cr_assert_eq(pay_transfer_count(r.p, NULL), 0);
	cr_assert_str_eq(pay_text(r.p)->buf,
			 "2026-12-01 * Alpha GmbH | payment run PAY-2026-12-01, credits netted  ; pay-run: "
			 "PAY-2026-12-01\n"
			 "    Liabilities:Payable:Alpha  50.00 EUR  ; invoice: A-1\n"
			 "    Liabilities:Payable:Alpha  -50.00 EUR  ; match: netted\n\n");
	struct strbuf xml = STRBUF_INIT;
	cr_assert_eq(pay_pain(r.p, PAIN_001_001_09, &xml), CLERK_ENOTFOUND);
	strbuf_release(&xml);
	commit(&r);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the text, the file and reading them back */

static const char two_vendors[] =
	BOOKS BILL("2026-10-20", "Alpha", "A-1", "1,190.00", ", due: 2026-11-19, ref: RF18539007547034")
	BILL("2026-11-25", "Beta", "B-1", "1,130.50", "")
	BILL("2026-11-05", "Beta", "B-2", "595.00", ", due: 2026-11-30");

Test(pay, the_postings)
{
	struct run r;
	compute(&r, two_vendors, "2026-12-01", NULL, NULL);
	cr_assert_str_eq(
		pay_text(r.p)->buf,
		"2026-12-01 * (CLK20261201-1-0001) Alpha GmbH | payment run PAY-2026-12-01  ; pay-run: "
		"PAY-2026-12-01\n"
		"    Liabilities:Payable:Alpha  1,190.00 EUR  ; invoice: A-1, end-to-end: "
		"CLK20261201-1-0001\n"
		"    Assets:Transit  -1,190.00 EUR  ; end-to-end: CLK20261201-1-0001, execution-date: "
		"2026-12-01, counterparty: Alpha GmbH, counterparty-iban: DE11200700000012345678, "
		"creditor-ref: RF18539007547034, debtor-iban: DE89370400440532013000\n"
		"\n"
		"2026-12-01 * (CLK20261201-1-0002) Beta & Söhne | payment run PAY-2026-12-01  ; pay-run: "
		"PAY-2026-12-01\n"
		"    Liabilities:Payable:Beta  595.00 EUR  ; invoice: B-2, end-to-end: CLK20261201-1-0002\n"
		"    Assets:Transit  -595.00 EUR  ; end-to-end: CLK20261201-1-0002, execution-date: "
		"2026-12-01, counterparty: Beta + Soehne, counterparty-iban: DE95370400440111222333, "
		"counterparty-bic: DEUTDEDBHAM, remittance: B-2, debtor-iban: DE89370400440532013000\n"
		"\n"
		"2026-12-01 * (CLK20261201-1-0003) Beta & Söhne | payment run PAY-2026-12-01  ; pay-run: "
		"PAY-2026-12-01\n"
		"    Liabilities:Payable:Beta  1,130.50 EUR  ; invoice: B-1, end-to-end: "
		"CLK20261201-1-0003\n"
		"    Income:Discounts  -22.61 EUR  ; match: discount, items: B-1, end-to-end: "
		"CLK20261201-1-0003\n"
		"    Assets:Transit  -1,107.89 EUR  ; end-to-end: CLK20261201-1-0003, execution-date: "
		"2026-12-04, counterparty: Beta + Soehne, counterparty-iban: DE95370400440111222333, "
		"counterparty-bic: DEUTDEDBHAM, remittance: B-1, debtor-iban: DE89370400440532013000\n"
		"\n");
	char *c = csv(&r);
	cr_assert_str_eq(
		c,
		PAY_PROPOSAL_HEADER
		"Alpha GmbH,Liabilities:Payable:Alpha,A-1,2026-11-19,EUR,1190.00,0.00,1190.00,"
		"CLK20261201-1-0001,pay,\"overdue: due 2026-11-19, 12 days ago\",2026-12-01\n"
		"Beta & Söhne,Liabilities:Payable:Beta,B-2,2026-11-30,EUR,595.00,0.00,595.00,"
		"CLK20261201-1-0002,pay,\"overdue: due 2026-11-30, 1 day ago\",2026-12-01\n"
		"Beta & Söhne,Liabilities:Payable:Beta,B-1,2026-12-25,EUR,1130.50,22.61,1107.89,"
		"CLK20261201-1-0003,pay,\"discount: 2 % until 2026-12-05, due 2026-12-25\",2026-12-04\n");
	free(c);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, the_file_from_the_run_equals_the_file_from_the_books)
{
	struct run r;
	compute(&r, two_vendors, "2026-12-01", NULL, NULL);
	for (int v = 0; v < 2; v++) {
		enum pain_version ver = v ? PAIN_001_001_03 : PAIN_001_001_09;
		struct strbuf a = STRBUF_INIT;
		cr_assert_eq(pay_pain(r.p, ver, &a), 0, "%s", clerk_error_last()->message);
		assert_schema_valid(a.buf, ver);
		if (!v) {
			cr_assert(strstr(a.buf, "<Nm>Beta + Soehne</Nm>"));
			cr_assert(strstr(a.buf, "<Ref>RF18539007547034</Ref>"));
			cr_assert(strstr(a.buf, "<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>2892.89</CtrlSum>"));
		}
		strbuf_release(&a);
	}
	struct strbuf before[2] = { STRBUF_INIT, STRBUF_INIT };
	cr_assert_eq(pay_pain(r.p, PAIN_001_001_09, &before[0]), 0);
	cr_assert_eq(pay_pain(r.p, PAIN_001_001_03, &before[1]), 0);
	char *id = xstrdup(pay_run_id(r.p));
	commit(&r);
	for (int v = 0; v < 2; v++) {
		struct strbuf after = STRBUF_INIT;
		cr_assert_eq(pay_run_pain(r.j, id, v ? PAIN_001_001_03 : PAIN_001_001_09, &after), 0,
			     "%s", clerk_error_last()->message);
		cr_assert_str_eq(after.buf, before[v].buf, "rewritten from the books: other bytes");
		strbuf_release(&after);
		strbuf_release(&before[v]);
	}
	struct strbuf none = STRBUF_INIT;
	cr_assert_eq(pay_run_pain(r.j, "PAY-2026-12-02", PAIN_001_001_09, &none), CLERK_ENOTFOUND);
	strbuf_release(&none);
	free(id);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, remittance_of_many_bills_fits_140)
{
	struct strbuf books = STRBUF_INIT;
	strbuf_addstr(&books, BOOKS);
	for (int i = 0; i < 40; i++)
		strbuf_addf(&books,
			    "2026-11-01 bill\n    Liabilities:Payable:Alpha  -1.00 EUR  ; invoice: "
			    "LONG-NUMBER-%03d, due: 2026-11-20\n    Expenses:Goods\n",
			    i);
	struct run r;
	compute(&r, books.buf, "2026-12-01", NULL, NULL);
	struct strbuf xml = STRBUF_INIT;
	cr_assert_eq(pay_pain(r.p, PAIN_001_001_09, &xml), 0, "%s", clerk_error_last()->message);
	const char *u = strstr(xml.buf, "<Ustrd>"), *e = strstr(xml.buf, "</Ustrd>");
	cr_assert(u && e);
	cr_assert_leq(e - u - 7, 140);
	cr_assert(strstr(xml.buf, "LONG-NUMBER-000, LONG-NUMBER-001"));
	cr_assert(strstr(xml.buf, " and 33 more</Ustrd>"), "%.*s", (int)(e - u), u);
	assert_schema_valid(xml.buf, PAIN_001_001_09);
	strbuf_release(&xml);
	run_release(&r);
	strbuf_release(&books);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* runs after runs */

Test(pay, a_second_run_pays_nothing_twice)
{
	struct run r;
	compute(&r, two_vendors, "2026-12-01", NULL, NULL);
	commit(&r);
	struct pay *p2 = NULL;
	struct pay_options o = { day("2026-12-01"), DATE_NONE, NULL };
	cr_assert_eq(pay_compute(&p2, r.j, &o, &r.d), 0);
	cr_assert_str_eq(pay_run_id(p2), "PAY-2026-12-01.2");
	cr_assert_eq(pay_text(p2)->len, 0, "%s", pay_text(p2)->buf);
	cr_assert_eq(pay_row_count(p2), 3);
	for (size_t i = 0; i < pay_row_count(p2); i++) {
		cr_assert_eq(pay_row(p2, i)->decision, PAY_IN_TRANSIT);
		cr_assert(strstr(pay_row(p2, i)->reason, "of PAY-2026-12-01, not yet debited"));
	}
	struct strbuf last = STRBUF_INIT;
	pay_last_run(r.j, day("2026-12-01"), &last);
	cr_assert_str_eq(last.buf, "PAY-2026-12-01");
	pay_last_run(r.j, day("2026-12-02"), &last);
	cr_assert_str_eq(last.buf, "");
	strbuf_release(&last);
	pay_free(p2);
	/* a run before the latest one is refused */
	o.date = day("2026-11-30");
	cr_assert_eq(pay_compute(&p2, r.j, &o, &r.d), CLERK_EINVALID);
	cr_assert_null(p2);
	cr_assert_not_null(diag_find(&r.d, "the books hold the payment run PAY-2026-12-01, of a "
					   "later date than 2026-11-30"));
	run_release(&r);
	ASSERT_NO_LEAKS();
}

Test(pay, transits_follow_what_the_books_say)
{
	struct run r;
	compute(&r, two_vendors, "2026-12-01", NULL, NULL);
	commit(&r);
	static const char later[] =
		"2026-12-02 debit\n"
		"    Assets:Bank  -1,190.00 EUR\n"
		"    Assets:Transit  1,190.00 EUR  ; end-to-end: CLK20261201-1-0001, match: cleared\n"
		"2026-12-02 debit\n"
		"    Assets:Bank  -595.00 EUR\n"
		"    Assets:Transit  595.00 EUR  ; end-to-end: CLK20261201-1-0002, match: cleared\n"
		"2026-12-03 return\n"
		"    Assets:Bank  595.00 EUR\n"
		"    Liabilities:Payable:Beta  -595.00 EUR  ; invoice: B-2, match: reversal, "
		"end-to-end: CLK20261201-1-0002\n"
		"2026-12-03 rejected\n"
		"    Assets:Transit  1,107.89 EUR  ; end-to-end: CLK20261201-1-0003, match: rejected\n"
		"    Liabilities:Payable:Beta  -1,130.50 EUR  ; invoice: B-1, match: reversal, "
		"end-to-end: CLK20261201-1-0003\n"
		"    Income:Discounts  22.61 EUR  ; match: reversal, end-to-end: CLK20261201-1-0003\n";
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	cr_assert_eq(journal_load_buffer(r.j, "later", later, strlen(later), &lo, &r.d), 0);
	cr_assert_eq(journal_check(r.j, NULL, &r.d), 0, "%s", diag_to_str(&r.d));
	struct pay_transits *t = pay_transits_new(r.j);
	cr_assert_eq(pay_transits_count(t), 3);
	size_t i1 = pay_transits_find(t, "CLK20261201-1-0001"), i2 = pay_transits_find(t, "CLK20261201-1-0002"),
	       i3 = pay_transits_find(t, "CLK20261201-1-0003");
	cr_assert_eq(pay_transit_at(t, i1)->state, PAY_TRANSIT_CLEARED);
	cr_assert_eq(pay_transit_at(t, i2)->state, PAY_TRANSIT_RETURNED);
	cr_assert_eq(pay_transit_at(t, i3)->state, PAY_TRANSIT_REJECTED);
	cr_assert_str_eq(pay_transit_at(t, i1)->closed_at, "later:3");
	assert_dec(&pay_transit_at(t, i3)->amount, "1107.89");
	cr_assert_eq(pay_transit_at(t, i3)->execution, day("2026-12-04"));
	cr_assert_str_eq(pay_transit_at(t, i3)->debtor_iban, "DE89370400440532013000");
	cr_assert_eq(pay_transits_find(t, "nope"), SIZE_MAX);
	const size_t *idx;
	cr_assert_eq(pay_transits_group(t, "PAY-2026-12-01", &idx), 3);
	cr_assert_eq(pay_transits_group(t, "PAY-2026-12-01/20261201", &idx), 2);
	cr_assert_eq(pay_transits_group(t, "PAY-2026-12-01/20261204", &idx), 1);
	cr_assert_eq(idx[0], i3);
	cr_assert_eq(pay_transits_group(t, "PAY-2026-12-01/20261205", &idx), 0);
	cr_assert_null(idx);
	pay_transits_free(t);
	/* the rejected and returned bills are proposed again; the discount ended for B-1 */
	struct pay *p2 = NULL;
	struct pay_options o = { day("2026-12-07"), DATE_NONE, NULL };
	cr_assert_eq(pay_compute(&p2, r.j, &o, &r.d), 0);
	char *c;
	{
		struct strbuf sb = STRBUF_INIT;
		pay_proposal_csv(p2, &sb);
		c = strbuf_detach(&sb, NULL);
	}
	cr_assert(strstr(c, ",B-2,2026-11-30,EUR,595.00,0.00,595.00,CLK20261207-1-0001,pay,"), "%s", c);
	cr_assert(strstr(c, ",B-1,2026-12-25,EUR,1130.50,0.00,0.00,,not-due,"), "%s", c);
	free(c);
	pay_free(p2);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* refusals */

struct refusal {
	char what[32];
	char cut[120];  /* removed from the books */
	char add[200];  /* added to them */
	char from[40];
	char message[120];
};

static struct refusal refusals[] = {
	{ "no transit", "account Assets:Transit  ; role: transit\n", "", "",
	  "the books have no account with 'role: transit'" },
	{ "no bank", "account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: "
		     "Nordlicht Druck GmbH, bic: COBADEFFXXX\n",
	  "account Assets:Bank\n", "", "no bank account to pay from" },
	{ "two banks", "", "account Assets:Bank2  ; role: bank, iban: DE02120300000000202051\n", "",
	  "several bank accounts have an IBAN ('Assets:Bank', 'Assets:Bank2')" },
	{ "from unknown", "", "", "Assets:Nope", "cannot pay from 'Assets:Nope': no such account" },
	{ "from not a bank", "", "", "Equity:Opening", "it is not a bank account" },
	{ "from without iban", "", "account Assets:Cash  ; role: bank\n", "Assets:Cash",
	  "it has no 'iban:' tag" },
	{ "debtor without name", "name: Nordlicht Druck GmbH, ", "", "",
	  "the bank account 'Assets:Bank' has no 'name:' tag" },
};

ParameterizedTestParameters(pay, refuses)
{
	return cr_make_param_array(struct refusal, refusals, ARRAY_SIZE(refusals));
}

ParameterizedTest(struct refusal *c, pay, refuses)
{
	struct strbuf books = STRBUF_INIT;
	strbuf_addstr(&books, BOOKS BILL("2026-11-01", "Alpha", "A-1", "10.00", ", due: 2026-11-20"));
	if (c->cut[0]) {
		char *p = strstr(books.buf, c->cut);
		cr_assert_not_null(p, "%s: nothing to cut", c->what);
		memmove(p, p + strlen(c->cut), strlen(p + strlen(c->cut)) + 1);
		books.len = strlen(books.buf);
	}
	strbuf_addstr(&books, c->add);
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books.buf, &d);
	assert_no_diag(&d);
	struct pay_options o = { day("2026-12-01"), DATE_NONE, c->from[0] ? c->from : NULL };
	struct pay *p = NULL;
	cr_assert_eq(pay_compute(&p, j, &o, &d), CLERK_EINVALID, "%s: accepted", c->what);
	cr_assert_null(p);
	cr_assert_not_null(diag_find(&d, c->message), "%s: %s", c->what, diag_to_str(&d));
	journal_free(j);
	diag_release(&d);
	strbuf_release(&books);
	ASSERT_NO_LEAKS();
}

Test(pay, run_ids)
{
	clerk_date d;
	unsigned k;
	cr_assert(pay_run_id_parse("PAY-2026-12-01", &d, &k));
	cr_assert_eq(d, day("2026-12-01"));
	cr_assert_eq(k, 1);
	cr_assert(pay_run_id_parse("PAY-2026-12-01.12", &d, &k));
	cr_assert_eq(k, 12);
	cr_assert_not(pay_run_id_parse("PAY-2026-12-01.1", &d, &k));
	cr_assert_not(pay_run_id_parse("PAY-2026-12-01.", &d, &k));
	cr_assert_not(pay_run_id_parse("PAY-2026-13-01", &d, &k));
	cr_assert_not(pay_run_id_parse("PAY-2026-12-01x", &d, &k));
	cr_assert_not(pay_run_id_parse("2026-12-01", &d, &k));
	cr_assert_not(pay_run_id_parse(NULL, &d, &k));
	ASSERT_NO_LEAKS();
}

Test(pay, the_proposal_as_text)
{
	struct run r;
	compute(&r, two_vendors, "2026-12-01", NULL, NULL);
	struct strbuf sb = STRBUF_INIT;
	pay_proposal_text(r.p, &sb);
	cr_assert_str_eq(
		sb.buf,
		"payment run PAY-2026-12-01 from Assets:Bank\n"
		"Vendor        Bill  Due                 Open  Discount       Pay  Decision  Reason\n"
		"Alpha GmbH    A-1   2026-11-19  1,190.00 EUR            1,190.00  pay       overdue: due "
		"2026-11-19, 12 days ago\n"
		"Beta & Söhne  B-2   2026-11-30    595.00 EUR              595.00  pay       overdue: due "
		"2026-11-30, 1 day ago\n"
		"Beta & Söhne  B-1   2026-12-25  1,130.50 EUR     22.61  1,107.89  pay       discount: 2 % "
		"until 2026-12-05, due 2026-12-25\n"
		"3 transfers, 2,892.89 EUR; executed 2026-12-01 (2), 2026-12-04 (1)\n");
	strbuf_release(&sb);
	run_release(&r);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the tags of the payment run in clerk check */

Test(pay, check_validates_the_payment_tags)
{
	static const char books[] =
		"commodity 1,000.00 EUR\n"
		"account Liabilities:Payable  ; role: payable, pay-approval: sometimes\n"
		"account Liabilities:Payable:A  ; bic: DEUT1EDB, iban: DE11200700000012345678\n"
		"account Liabilities:Payable:B  ; pay-aproval: required\n"
		"account Income:D  ; role: discount-received\n"
		"account Expenses:Goods\n"
		"2026-11-01 bill\n"
		"    Liabilities:Payable:A  -10.00 EUR  ; invoice: A-1, approved:\n"
		"    Expenses:Goods\n"
		"2026-11-02 * payment  ; pay-approval: required\n"
		"    Liabilities:Payable:A  10.00 EUR  ; invoice: A-1\n"
		"    Expenses:Goods\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	assert_diag_at(&d, "tag 'pay-approval: sometimes': expected 'required' or 'none'", 2, 0);
	assert_diag_at(&d, "tag 'bic: DEUT1EDB': not a BIC", 3, 0);
	assert_diag_at(&d, "unknown tag 'pay-aproval'; did you mean 'pay-approval'?", 4, 0);
	assert_diag_at(&d, "tag 'approved: ': say who approved the bill", 8, 0);
	assert_diag_at(&d, "the approval policy belongs on the payable account's directive", 10, 0);
	cr_assert_null(diag_find(&d, "discount-received"), "the role is known");
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(pay, a_netted_credit_is_no_duplicate_and_opens_nothing)
{
	static const char base[] =
		"commodity 1,000.00 EUR\n"
		"account Liabilities:Payable  ; role: payable\n"
		"account Liabilities:Payable:A\n"
		"account Expenses:Goods\n"
		"2026-11-01 credit note\n"
		"    Liabilities:Payable:A  50.00 EUR  ; invoice: CN-1\n"
		"    Expenses:Goods\n"
		"2026-11-02 netted\n"
		"    Liabilities:Payable:A  -50.00 EUR  ; invoice: CN-1, match: netted\n"
		"    Expenses:Goods\n"
		"2026-11-03 written back\n"
		"    Liabilities:Payable:A  50.00 EUR  ; invoice: CN-1, match: reversal\n"
		"    Expenses:Goods\n";
	struct strbuf books = STRBUF_INIT;
	strbuf_addstr(&books, base);
	strbuf_addstr(&books, "2026-11-04 netted again\n"
			      "    Liabilities:Payable:A  -50.00 EUR  ; invoice: CN-1, match: netted\n"
			      "    Expenses:Goods\n");
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books.buf, &d);
	assert_no_diag(&d);
	struct openitems *oi;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.side = OPENITEMS_PAYABLES;
	o.include_closed = true;
	cr_assert_eq(openitems_compute(&oi, j, &o), 0);
	cr_assert_eq(openitems_count(oi), 0, "netting opens no bill");
	cr_assert_eq(openitems_unknown_count(oi), 1);
	assert_dec(&openitems_unknown(oi, 0)->amount, "0.00"); /* -50 + 50 - 50 + 50 */
	openitems_free(oi);
	journal_free(j);
	/* the same postings without match: netted open a bill, and a second one is a duplicate */
	strbuf_reset(&books);
	strbuf_addstr(&books, base);
	strbuf_addstr(&books, "2026-11-04 opened again\n"
			      "    Liabilities:Payable:A  -50.00 EUR  ; invoice: CN-1\n"
			      "    Expenses:Goods\n"
			      "2026-11-05 and again\n"
			      "    Liabilities:Payable:A  -50.00 EUR  ; invoice: CN-1\n"
			      "    Expenses:Goods\n");
	j = load_str(books.buf, &d);
	cr_assert_not_null(diag_find(&d, "duplicate bill 'CN-1'"), "%s", diag_to_str(&d));
	journal_free(j);
	diag_release(&d);
	strbuf_release(&books);
	ASSERT_NO_LEAKS();
}

/*
 * test_invoice.c - the billing CSV reader (billing.h) and invoices from
 * billing lines (invoice.h): shapes of CSV, bad values at their column,
 * EN 16931 sums and rounding, gapless numbers from the books' series,
 * credit notes, the postings and what the books must provide.
 */
#include "helpers.h"

#include <criterion/parameterized.h>

#include "billing.h"
#include "invoice.h"

#define HEAD "key,customer,issue_date,currency,description,quantity,unit_price,vat_category,vat_rate\n"
#define HEADC HEAD_NOEOL ",credits\n"
#define HEAD_NOEOL                                                                         \
	"key,customer,issue_date,currency,description,quantity,unit_price,vat_category,vat_rate"

/* Books with a customer for every case, two VAT rates and a series. */
static const char books[] =
	"commodity 1,000.00 EUR\n"
	"commodity 1,000.00 USD\n"
	"account Assets:Bank      ; role: bank, iban: DE89370400440532013000\n"
	"account Assets:AR        ; role: receivable, invoice-series: INV-, credit-note-series: CN-\n"
	"account Assets:AR:Acme   ; terms: net 14\n"
	"account Assets:AR:Euro   ; terms: net 30, vat: NL853746219B01, income: Income:Design\n"
	"account Assets:AR:Novat\n"
	"account Income:Sales     ; role: income\n"
	"account Income:Design\n"
	"account Liabilities:VAT  ; role: vat-output, vat-rate: 19\n"
	"account Liabilities:VAT7  ; role: vat-output, vat-rate: 7\n"
	"account Equity:Open\n"
	"2026-01-05 * (INV-0041) Acme\n"
	"    Assets:AR:Acme  119.00 EUR  ; invoice: INV-0041\n"
	"    Income:Sales   -100.00 EUR\n"
	"    Liabilities:VAT -19.00 EUR\n"
	"2026-01-09 * payment with a wrong number\n"
	"    Assets:AR:Acme  -5.00 EUR  ; invoice: INV-9999\n"
	"    Assets:Bank\n";

struct fx {
	struct journal *j;
	struct billing b;
	struct diag d;
	struct invoicer *iv;
};

/* Reads csv, adds it and plans it against books text bk. Returns invoicer_plan's result. */
static int run(struct fx *f, const char *bk, const char *csv)
{
	struct diag jd = DIAG_INIT;
	f->j = load_str(bk, &jd);
	assert_no_diag(&jd);
	diag_release(&jd);
	f->b = (struct billing)BILLING_INIT;
	f->d = (struct diag)DIAG_INIT;
	f->iv = NULL;
	if (billing_read_memory(&f->b, "b.csv", csv, strlen(csv), &f->d))
		return CLERK_EPARSE;
	f->iv = invoicer_new(f->j);
	if (invoicer_add(f->iv, &f->b, &f->d))
		return CLERK_EINVALID;
	return invoicer_plan(f->iv, &f->d);
}

static void done(struct fx *f)
{
	invoicer_free(f->iv);
	billing_release(&f->b);
	diag_release(&f->d);
	journal_free(f->j);
}

/* The text must load with the books and leave them valid. */
static void assert_books_take(struct fx *f)
{
	struct strbuf all = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	strbuf_addstr(&all, books);
	strbuf_add(&all, invoicer_text(f->iv)->buf, invoicer_text(f->iv)->len);
	struct journal *j = load_str(all.buf, &d);
	assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&all);
}

/* ------------------------------------------------------------------ */
/* the CSV */

Test(billing, reads_quoted_fields_any_column_order_bom_crlf)
{
	static const char csv[] =
		"\xEF\xBB\xBF"
		"vat_rate,vat_category,unit_price,quantity,description,currency,issue_date,customer,key\r\n"
		"19,S,10.00,2,\"Cards, \"\"gold\"\" edition\",EUR,2026-02-01,Assets:AR:Acme,k1\r\n"
		"\r\n"
		"7,S,1.5,-1,\"two, lines\",EUR,2026-02-01,Assets:AR:Acme,k1\r\n";
	struct billing b = BILLING_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(billing_read_memory(&b, "b.csv", csv, strlen(csv), &d), 0);
	assert_no_diag(&d);
	cr_assert_eq(b.lines.n, 2);
	cr_assert_str_eq(b.lines.v[0].description, "Cards, \"gold\" edition");
	cr_assert_str_eq(b.lines.v[0].key, "k1");
	assert_dec(&b.lines.v[1].quantity, "-1");
	assert_dec(&b.lines.v[1].unit_price, "1.5");
	cr_assert_eq(b.lines.v[1].line, 4);
	cr_assert_not(b.has_credits);
	billing_release(&b);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

struct bad_case {
	char csv[400];
	char needle[200];
	uint32_t line, col;
};

ParameterizedTestParameters(billing, bad_input)
{
	static struct bad_case cases[] = {
		{ "key,customer\nk,c\n", "the header has no column 'issue_date'", 1, 1 },
		{ HEAD_NOEOL ",colour\n", "unknown column 'colour'", 1, 88 },
		{ HEAD_NOEOL ",key\n", "column 'key' given twice", 1, 88 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,S\n", "8 fields, but the header has 9", 2, 1 },
		{ HEAD "k,A,2026-02-31,EUR,d,1,2.00,S,19\n", "issue_date: ", 2, 5 },
		{ HEAD "k,A,1.2.2026,EUR,d,1,2.00,S,19\n", "expected a date YYYY-MM-DD", 2, 5 },
		{ HEAD "k,A,2026-02-01,EURO,d,1,2.00,S,19\n", "'EURO' is not an ISO 4217", 2, 16 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,\"1,000.00\",S,19\n", "unit_price: expected a number", 2, 24 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,-2.00,S,19\n", "unit_price: negative", 2, 24 },
		{ HEAD "k,A,2026-02-01,EUR,d,0,2.00,S,19\n", "quantity: zero", 2, 22 },
		{ HEAD "k,A,2026-02-01,EUR,d,1e3,2.00,S,19\n", "quantity: expected a number", 2, 22 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.1234567,S,19\n", "more than 6 decimals", 2, 24 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,X,19\n", "'X' is not a VAT category", 2, 29 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,S,0\n", "category S (standard rate) needs a rate above 0", 2, 31 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,Z,19\n", "category Z charges no VAT", 2, 31 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,AE,7\n", "category AE charges no VAT", 2, 32 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,O,0\n", "category O (not subject to VAT) has no rate", 2, 31 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,S,\n", "category S needs a rate", 2, 31 },
		{ HEAD "k,A,2026-02-01,EUR,d,1,2.00,S,100\n", "not a percentage from 0 to below 100", 2, 31 },
		{ HEAD ",A,2026-02-01,EUR,d,1,2.00,S,19\n", "the key is empty", 2, 1 },
		{ HEAD "k,A,2026-02-01,EUR, d,1,2.00,S,19\n", "starts or ends with a space", 2, 20 },
		{ HEAD "k,A,2026-02-01,EUR,\"d\"x,1,2.00,S,19\n", "text after a closing quote", 2, 23 },
		{ HEAD "k,A,2026-02-01,EUR,d\"x,1,2.00,S,19\n", "inside an unquoted field", 2, 21 },
		{ HEAD "k,A,2026-02-01,EUR,\"d,1,2.00,S,19\n", "a quoted field is not closed", 2, 20 },
		{ HEAD "k,A,2026-02-01,EUR,\"a\tb\",1,2.00,S,19\n", "control character", 2, 20 },
		{ HEAD "k,A,2026-02-01,EUR,\xE9t\xE9,1,2.00,S,19\n", "not valid UTF-8", 2, 20 },
		{ HEAD, "no billing lines after the header row", 1, 1 },
		{ "", "an empty file", 1, 1 },
	};
	return cr_make_param_array(struct bad_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct bad_case *c, billing, bad_input)
{
	struct billing b = BILLING_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(billing_read_memory(&b, "b.csv", c->csv, strlen(c->csv), &d), CLERK_EPARSE,
		     "accepted: %s", c->csv);
	assert_diag_at(&d, c->needle, c->line, c->col);
	cr_assert_eq(b.lines.n, 0, "a bad line was kept");
	billing_release(&b);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(billing, line_numbers_after_a_record_over_two_lines)
{
	static const char csv[] = HEAD "k,A,2026-02-01,EUR,\"a\nb\",1,2.00,S,19\n"
				       "k,A,2026-02-01,EUR,d,1,2.00,S,0\n";
	struct billing b = BILLING_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(billing_read_memory(&b, "b.csv", csv, sizeof(csv) - 1, &d), CLERK_EPARSE);
	assert_diag_at(&d, "the description holds a control character", 2, 20);
	assert_diag_at(&d, "needs a rate above 0", 4, 31);
	cr_assert_eq(d.nerrors, 2);
	billing_release(&b);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(billing, nul_byte_is_refused)
{
	static const char csv[] = HEAD "k,A,2026-02-01,EUR,d\0x,1,2.00,S,19\n";
	struct billing b = BILLING_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(billing_read_memory(&b, "b.csv", csv, sizeof(csv) - 1, &d), CLERK_EPARSE);
	assert_diag_at(&d, "a NUL byte", 2, 21);
	billing_release(&b);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* sums */

Test(invoice, sums_round_half_away_from_zero_per_line_and_per_category)
{
	struct fx f;
	/* lines: 0.125 -> 0.13, 2 x 0.50 at 7 % (VAT 0.07 on the total, not 0.04 + 0.04),
	 * 10.50 at 19 % = 1.995 -> 2.00 VAT, a line that takes off: -1 x 0.125 -> -0.13 */
	int rc = run(&f, books,
		     HEAD "k,Assets:AR:Acme,2026-02-01,EUR,a,1,0.125,S,19\n"
			  "k,Assets:AR:Acme,2026-02-01,EUR,b,1,0.50,S,7\n"
			  "k,Assets:AR:Acme,2026-02-01,EUR,c,1,0.50,S,7\n"
			  "k,Assets:AR:Acme,2026-02-01,EUR,d,1,10.50,S,19\n"
			  "k,Assets:AR:Acme,2026-02-01,EUR,e,-1,0.125,S,19\n");
	cr_assert_eq(rc, 0);
	assert_no_diag(&f.d);
	size_t n;
	const struct invoice_doc *doc = invoicer_docs(f.iv, &n);
	cr_assert_eq(n, 1);
	assert_dec(&doc->lines.v[0].net, "0.13");
	assert_dec(&doc->lines.v[4].net, "-0.13");
	cr_assert_eq(doc->vat.n, 2);
	assert_dec(&doc->vat.v[0].taxable, "10.50");
	assert_dec(&doc->vat.v[0].tax, "2.00");
	assert_dec(&doc->vat.v[1].taxable, "1.00");
	assert_dec(&doc->vat.v[1].tax, "0.07");
	assert_dec(&doc->net, "11.50");
	assert_dec(&doc->tax, "2.07");
	assert_dec(&doc->total, "13.57");
	cr_assert_str_eq(doc->number, "INV-0042");
	cr_assert_str_eq(doc->ref, "RF340042");
	char due[11];
	date_format(doc->due, due);
	cr_assert_str_eq(due, "2026-02-15", "net 14");
	assert_books_take(&f);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, postings_text)
{
	struct fx f;
	int rc = run(&f, books,
		     HEAD "k,Assets:AR:Acme,2026-02-01,EUR,Cards; gold,3,100.00,S,19\n"
			  "k,Assets:AR:Acme,2026-02-01,EUR,Book,1,50.00,S,7\n"
			  "e,Assets:AR:Euro,2026-02-02,EUR,Design,1,800,AE,0\n");
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(
		invoicer_text(f.iv)->buf,
		"2026-02-01 * (INV-0042) Acme | invoice: Cards, gold and 1 more line\n"
		"    Assets:AR:Acme  410.50 EUR  ; invoice: INV-0042, due: 2026-02-15, ref: RF340042\n"
		"    Income:Sales  -300.00 EUR  ; vat-category: S, vat-percent: 19\n"
		"    Liabilities:VAT  -57.00 EUR  ; vat-category: S, vat-percent: 19, vat-base: 300.00\n"
		"    Income:Sales  -50.00 EUR  ; vat-category: S, vat-percent: 7\n"
		"    Liabilities:VAT7  -3.50 EUR  ; vat-category: S, vat-percent: 7, vat-base: 50.00\n"
		"\n"
		"2026-02-02 * (INV-0043) Euro | invoice: Design\n"
		"    Assets:AR:Euro  800.00 EUR  ; invoice: INV-0043, due: 2026-03-04, ref: RF070043\n"
		"    Income:Design  -800.00 EUR  ; vat-category: AE, vat-percent: 0\n"
		"\n");
	struct strbuf csv = STRBUF_INIT;
	invoicer_summary_csv(f.iv, &csv);
	cr_assert_str_eq(csv.buf,
			 "key,invoice,customer,issue_date,due,currency,net,vat,total,ref,credits\n"
			 "k,INV-0042,Assets:AR:Acme,2026-02-01,2026-02-15,EUR,350.00,60.50,410.50,"
			 "RF340042,\n"
			 "e,INV-0043,Assets:AR:Euro,2026-02-02,2026-03-04,EUR,800.00,0.00,800.00,"
			 "RF070043,\n");
	strbuf_release(&csv);
	assert_books_take(&f);
	done(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* numbers */

Test(invoice, numbers_follow_issue_dates_then_order_given_credit_notes_own_series)
{
	struct fx f;
	int rc = run(&f, books,
		     HEADC "b,Assets:AR:Acme,2026-02-03,EUR,x,1,1,S,19,\n"
			   "c,Assets:AR:Acme,2026-02-03,EUR,x,1,10,S,19,INV-0041\n"
			   "a,Assets:AR:Acme,2026-02-02,EUR,x,1,1,S,19,\n"
			   "d,Assets:AR:Acme,2026-02-03,EUR,x,1,1,S,19,\n");
	cr_assert_eq(rc, 0);
	assert_no_diag(&f.d);
	size_t n;
	const struct invoice_doc *docs = invoicer_docs(f.iv, &n);
	cr_assert_eq(n, 4);
	/* INV-9999 is a payment's (wrong) number, not an invoice: it does not count */
	cr_assert_str_eq(docs[0].key, "a");
	cr_assert_str_eq(docs[0].number, "INV-0042");
	cr_assert_str_eq(docs[1].key, "b");
	cr_assert_str_eq(docs[1].number, "INV-0043");
	cr_assert_str_eq(docs[2].key, "d");
	cr_assert_str_eq(docs[2].number, "INV-0044");
	cr_assert_str_eq(docs[3].key, "c");
	cr_assert_str_eq(docs[3].number, "CN-0001");
	cr_assert(strstr(invoicer_text(f.iv)->buf,
			 "    Assets:AR:Acme  -11.90 EUR  ; invoice: INV-0041, credit-note: CN-0001\n"
			 "    Income:Sales  10.00 EUR  ; vat-category: S, vat-percent: 19\n"
			 "    Liabilities:VAT  1.90 EUR  ; vat-category: S, vat-percent: 19, vat-base: "
			 "10.00\n"));
	assert_books_take(&f);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, credit_notes_continue_the_invoice_series_without_their_own)
{
	static const char bk[] =
		"account Assets:AR  ; role: receivable, invoice-series: R2026/\n"
		"account Assets:AR:Acme\n"
		"account Income:Sales  ; role: income\n"
		"account Liabilities:VAT  ; role: vat-output\n"
		"2026-01-05 * x\n"
		"    Assets:AR:Acme  119.00 EUR  ; invoice: R2026/007\n"
		"    Income:Sales\n"
		"2026-01-06 * x\n"
		"    Assets:AR:Acme  -1.00 EUR  ; invoice: R2026/007, credit-note: R2026/008\n"
		"    Income:Sales\n";
	struct fx f;
	int rc = run(&f, bk,
		     HEADC "c,Assets:AR:Acme,2026-02-03,EUR,x,1,10,S,19,R2026/007\n"
			   "i,Assets:AR:Acme,2026-02-03,EUR,x,1,10,S,19,\n");
	cr_assert_eq(rc, 0);
	size_t n;
	const struct invoice_doc *docs = invoicer_docs(f.iv, &n);
	cr_assert_str_eq(docs[0].number, "R2026/009", "after the credit note R2026/008");
	cr_assert_str_eq(docs[1].number, "R2026/010");
	cr_assert(docs[1].credit);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, a_date_before_the_series_last_is_refused)
{
	struct fx f;
	int rc = run(&f, books, HEAD "k,Assets:AR:Acme,2026-01-04,EUR,x,1,1,S,19\n");
	cr_assert_eq(rc, CLERK_EINVALID);
	assert_diag_at(&f.d, "would be numbered after 'INV-0041' of 2026-01-05", 2, 18);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, without_a_series_nothing_is_numbered)
{
	struct fx f;
	int rc = run(&f,
		     "account Assets:AR  ; role: receivable\naccount Assets:AR:Acme\n"
		     "account Income:Sales  ; role: income\n",
		     HEAD "k,Assets:AR:Acme,2026-01-04,EUR,x,1,1,Z,0\n");
	cr_assert_eq(rc, CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "'invoice-series: INV-2026-' to 'Assets:AR'"));
	done(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* refused against the books */

ParameterizedTestParameters(invoice, refused)
{
	static struct bad_case cases[] = {
		{ HEAD "k,Assets:AR:Nobody,2026-02-01,EUR,d,1,2.00,S,19\n", "unknown customer 'Assets:AR:Nobody'", 2, 3 },
		{ HEAD "k,Income:Sales,2026-02-01,EUR,d,1,2.00,S,19\n", "unknown customer 'Income:Sales'", 2, 3 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19\n"
		       "k,Assets:AR:Acme,2026-02-01,USD,d,1,2.00,S,19\n",
		  "document 'k' mixes currencies: 'USD' here, 'EUR' on line 2 of b.csv", 3, 29 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19\n"
		       "k,Assets:AR:Euro,2026-02-01,EUR,d,1,2.00,S,19\n",
		  "document 'k' mixes customers", 3, 3 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19\n"
		       "k,Assets:AR:Acme,2026-02-02,EUR,d,1,2.00,S,19\n",
		  "document 'k' mixes issue dates", 3, 18 },
		{ HEADC "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19,INV-0041\n"
			"k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19,\n",
		  "document 'k' mixes credited invoices", 3, 47 },
		{ HEADC "k,Assets:AR:Acme,2026-02-01,EUR,d,1,100.01,S,19,INV-0041\n",
		  "credit note 'k' for 119.01 EUR is larger than what is left to credit of 'INV-0041': "
		  "119.00 EUR of 119.00 EUR", 2, 49 },
		{ HEADC "k,Assets:AR:Acme,2026-02-01,EUR,d,1,60.00,S,19,INV-0041\n"
			"m,Assets:AR:Acme,2026-02-01,EUR,d,1,40.01,S,19,INV-0041\n",
		  "credit note 'm' for 47.61 EUR is larger than what is left to credit of 'INV-0041': "
		  "47.60 EUR", 3, 48 },
		{ HEADC "k,Assets:AR:Euro,2026-02-01,EUR,d,1,1,S,19,INV-0041\n",
		  "the books have no invoice 'INV-0041' to 'Assets:AR:Euro' in EUR", 2, 44 },
		{ HEADC "k,Assets:AR:Acme,2026-02-01,USD,d,1,1,S,19,INV-0041\n",
		  "the books have no invoice 'INV-0041' to 'Assets:AR:Acme' in USD", 2, 44 },
		{ HEADC "k,Assets:AR:Acme,2026-01-04,EUR,d,1,1,S,19,INV-0041\n",
		  "a credit note dated before the invoice it credits", 2, 18 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,-1,2.00,S,19\n",
		  "document 'k' totals -2.38 EUR: an invoice cannot be negative", 2, 1 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,0,S,19\n",
		  "document 'k' totals 0.00 EUR: nothing to invoice", 2, 1 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,O,\n"
		       "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,19\n",
		  "mixes category O", 3, 42 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,AE,0\n",
		  "category AE needs the customer's VAT id", 2, 42 },
		{ HEAD "k,Assets:AR:Novat,2026-02-01,EUR,d,1,2.00,K,0\n",
		  "category K needs the customer's VAT id (EN 16931 BR-IC-02)", 2, 43 },
		{ HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,S,5.5\n",
		  "no account for output VAT at 5.5 %", 2, 44 },
	};
	return cr_make_param_array(struct bad_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct bad_case *c, invoice, refused)
{
	struct fx f;
	int rc = run(&f, books, c->csv);
	cr_assert_neq(rc, 0, "accepted: %s", c->csv);
	assert_diag_at(&f.d, c->needle, c->line, c->col);
	cr_assert_eq(f.iv ? invoicer_text(f.iv)->len : 0, 0, "text written for refused input");
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, no_income_account)
{
	static const char bk[] = "account Assets:AR  ; role: receivable, invoice-series: I-\n"
				 "account Assets:AR:Acme\n"
				 "account Income:A  ; role: income\n"
				 "account Income:B  ; role: income\n";
	struct fx f;
	cr_assert_neq(run(&f, bk, HEAD "k,Assets:AR:Acme,2026-02-01,EUR,d,1,2.00,Z,0\n"), 0);
	assert_diag_at(&f.d, "several accounts have 'role: income'", 2, 3);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, policy_tags_are_checked)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str("account Assets:AR  ; role: receivable, invoice-series: INV 2026\n"
				     "account Assets:AR:Acme  ; income: Assets:AR\n"
				     "account Income:X  ; credit-note-series: CN-\n",
				     &d);
	assert_diag_at(&d, "not a number prefix", 1, 0);
	assert_diag_at(&d, "an invoice's revenue cannot go to a party", 2, 0);
	assert_diag_at(&d, "a number series belongs on the 'role: receivable' account", 3, 0);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the UBL documents, read back by the received-bills reader */

#include "einvoice.h"

static const char books_full[] =
	"commodity 1,000.00 EUR\n"
	"account Assets:Bank  ; role: bank, iban: DE89 3704 0044 0532 0130 00, bic: COBADEFFXXX\n"
	"    ; name: Studio <&> GmbH, vat: DE298765431, address: Speicherstadt 7\n"
	"    ; address: 20457 Hamburg, country: DE, email: ar@studio.example\n"
	"    ; company-id: HRB 123456\n"
	"account Assets:AR  ; role: receivable, invoice-series: INV-, credit-note-series: CN-\n"
	"account Assets:AR:Acme  ; name: Acme \"Ltd\", vat: NL853746219B01, address: Dam 1\n"
	"    ; terms: net 30, email: ap@acme.example\n"
	"account Assets:AR:Greek  ; name: Ellas AE, vat: EL094259216\n"
	"account Income:Sales  ; role: income\n"
	"account Liabilities:VAT  ; role: vat-output, vat-rate: 19\n"
	"account Liabilities:VAT7  ; role: vat-output, vat-rate: 7\n"
	"2026-01-05 * (INV-0041) Acme\n"
	"    Assets:AR:Acme  1,190.00 EUR  ; invoice: INV-0041\n"
	"    Income:Sales  -1,000.00 EUR\n"
	"    Liabilities:VAT  -190.00 EUR\n";

/* Every category, several rates, half cents, a line that takes off, a credit note. */
static const char billing_full[] =
	HEADC "s,Assets:AR:Acme,2026-02-01,EUR,Cards & <menus>,3,0.125,S,19,\n"
	      "s,Assets:AR:Acme,2026-02-01,EUR,Book,2,0.50,S,7,\n"
	      "s,Assets:AR:Acme,2026-02-01,EUR,Discount,-1,0.10,S,19,\n"
	      "s,Assets:AR:Acme,2026-02-01,EUR,Zero,1,5,Z,0,\n"
	      "s,Assets:AR:Acme,2026-02-01,EUR,Exempt,1,7.77,E,0,\n"
	      "ae,Assets:AR:Acme,2026-02-01,EUR,Reverse,1,100,AE,0,\n"
	      "k,Assets:AR:Acme,2026-02-01,EUR,Supply,1,100,K,0,\n"
	      "g,Assets:AR:Greek,2026-02-01,EUR,Export,1,100,G,0,\n"
	      "o,Assets:AR:Greek,2026-02-01,EUR,Outside,1,100,O,,\n"
	      "cn,Assets:AR:Acme,2026-02-02,EUR,Refund,1,100,S,19,INV-0041\n";

Test(invoice, ubl_reads_back_with_the_same_totals_and_passes_the_verifier)
{
	struct fx f;
	cr_assert_eq(run(&f, books_full, billing_full), 0);
	assert_no_diag(&f.d);
	size_t n;
	const struct invoice_doc *docs = invoicer_docs(f.iv, &n);
	cr_assert_eq(n, 6);
	for (size_t i = 0; i < n; i++) {
		struct einvoice *model = NULL, *back = NULL;
		struct strbuf xml = STRBUF_INIT, again = STRBUF_INIT;
		struct diag d = DIAG_INIT;
		invoicer_einvoice(f.iv, i, &model);
		einvoice_write_ubl(model, &xml);
		einvoice_write_ubl(model, &again);
		cr_assert_str_eq(xml.buf, again.buf, "the same model, the same bytes");
		cr_assert_eq(einvoice_read_memory(&back, docs[i].number, xml.buf, xml.len, &d, NULL),
			     0, "%s does not read back:\n%s", docs[i].number, xml.buf);
		(void)einvoice_verify(back, docs[i].number, &d);
		assert_no_diag(&d);
		cr_assert_eq(back->syntax,
			     docs[i].credit ? EINVOICE_UBL_CREDIT_NOTE : EINVOICE_UBL_INVOICE);
		cr_assert_str_eq(back->number, docs[i].number);
		cr_assert_eq(back->lines.n, docs[i].lines.n);
		cr_assert_eq(back->vat.n, docs[i].vat.n);
		cr_assert_eq(dec_cmp(&back->totals.line_net.v, &docs[i].net), 0);
		cr_assert_eq(dec_cmp(&back->totals.without_vat.v, &docs[i].net), 0);
		cr_assert_eq(dec_cmp(&back->totals.vat.v, &docs[i].tax), 0);
		cr_assert_eq(dec_cmp(&back->totals.with_vat.v, &docs[i].total), 0);
		cr_assert_eq(dec_cmp(&back->totals.payable.v, &docs[i].total), 0);
		cr_assert_str_eq(back->seller.name, "Studio <&> GmbH");
		cr_assert_str_eq(back->seller.address.country, "DE");
		cr_assert_eq(einvoice_is_credit(back), docs[i].credit);
		if (docs[i].credit) {
			cr_assert_eq(back->preceding.n, 1);
			cr_assert_str_eq(back->preceding.v[0].number, "INV-0041");
		} else {
			cr_assert_eq(back->means.n, 1);
			cr_assert_str_eq(back->means.v[0].iban, "DE89370400440532013000");
			cr_assert_str_eq(back->means.v[0].remittance, docs[i].ref);
			cr_assert_eq(back->due_date, docs[i].due);
		}
		einvoice_free(model);
		einvoice_free(back);
		strbuf_release(&xml);
		strbuf_release(&again);
		diag_release(&d);
	}
	/* the mixed document: 0.38 - 0.10 at 19 %, 1.00 at 7 %, 5 zero rated, 7.77 exempt */
	assert_dec(&docs[0].net, "14.05");
	assert_dec(&docs[0].tax, "0.12");
	/* the Greek customer's country comes from its VAT id: EL is GR */
	struct einvoice *g = NULL;
	invoicer_einvoice(f.iv, 3, &g);
	cr_assert_str_eq(g->buyer.address.country, "GR");
	einvoice_free(g);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, the_verifier_names_what_the_books_lack)
{
	struct fx f;
	cr_assert_eq(run(&f, books, HEAD "k,Assets:AR:Acme,2026-02-01,EUR,x,1,1,S,19\n"), 0);
	struct einvoice *inv = NULL;
	struct diag d = DIAG_INIT;
	invoicer_einvoice(f.iv, 0, &inv);
	cr_assert_gt(einvoice_verify(inv, "INV-0042.xml", &d), 0);
	cr_assert_not_null(diag_find(&d, "BR-06"), "no seller name");
	cr_assert_not_null(diag_find(&d, "BR-07"), "no buyer name");
	einvoice_free(inv);
	diag_release(&d);
	done(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the EPC069-12 QR code */

#include "qr.h"

Test(qr, epc_payload)
{
	struct strbuf sb = STRBUF_INIT;
	struct dec a = DEC_INIT;
	set_dec(&a, "1224.1");
	cr_assert_eq(qr_epc_payload(&sb, "COBADEFFXXX", "Studio & Co", "DE89 3704 0044 0532 0130 00",
				    &a, "RF18539007547034"),
		     0);
	cr_assert_str_eq(sb.buf, "BCD\n002\n1\nSCT\nCOBADEFFXXX\nStudio & Co\nDE89370400440532013000\n"
				 "EUR1224.10\n\nRF18539007547034");
	strbuf_reset(&sb);
	cr_assert_eq(qr_epc_payload(&sb, NULL, "S", "DE89370400440532013000", &a, NULL), 0);
	cr_assert_str_eq(sb.buf, "BCD\n002\n1\nSCT\n\nS\nDE89370400440532013000\nEUR1224.10",
			 "no BIC, no reference: the trailing fields dropped");
	strbuf_release(&sb);
	dec_clear(&a);
	ASSERT_NO_LEAKS();
}

/* A reminder without one reference: the invoice numbers as field 11, at most 140 bytes on one line. */
Test(qr, epc_payload_text)
{
	struct strbuf sb = STRBUF_INIT;
	struct dec a = DEC_INIT;
	char long_text[142];
	set_dec(&a, "928");
	cr_assert_eq(qr_epc_payload_text(&sb, "COBADEFFXXX", "S", "DE89370400440532013000", &a, NULL,
					 "INV-1 INV-2"),
		     0);
	cr_assert_str_eq(sb.buf, "BCD\n002\n1\nSCT\nCOBADEFFXXX\nS\nDE89370400440532013000\nEUR928.00\n\n\nINV-1 INV-2");
	strbuf_reset(&sb);
	cr_assert_eq(qr_epc_payload_text(&sb, NULL, "S", "DE89370400440532013000", &a, "RF18539007547034", "INV-1"),
		     CLERK_EINVALID, "a reference and a text together");
	memset(long_text, 'x', 141);
	long_text[141] = '\0';
	cr_assert_eq(qr_epc_payload_text(&sb, NULL, "S", "DE89370400440532013000", &a, NULL, long_text),
		     CLERK_EINVALID, "141 bytes of text");
	cr_assert(strstr(clerk_error_last()->message, "140"));
	long_text[140] = '\0';
	cr_assert_eq(qr_epc_payload_text(&sb, NULL, "S", "DE89370400440532013000", &a, NULL, long_text), 0);
	strbuf_reset(&sb);
	cr_assert_eq(qr_epc_payload_text(&sb, NULL, "S", "DE89370400440532013000", &a, NULL, "a\nb"),
		     CLERK_EINVALID, "a line break in the text");
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
	dec_clear(&a);
	ASSERT_NO_LEAKS();
}

struct qr_bad {
	char amount[24], name[100], iban[40], ref[60], needle[60];
};

ParameterizedTestParameters(qr, epc_refused)
{
	static struct qr_bad cases[] = {
		{ "0.00", "S", "DE89370400440532013000", "", "the amount" },
		{ "0.001", "S", "DE89370400440532013000", "", "the amount" },
		{ "1000000000.00", "S", "DE89370400440532013000", "", "the amount" },
		{ "-5", "S", "DE89370400440532013000", "", "the amount" },
		{ "1", "", "DE89370400440532013000", "", "payee name" },
		{ "1", "An extremely long company name that goes on and on beyond seventy bytes GmbH",
		  "DE89370400440532013000", "", "payee name" },
		{ "1", "S", "DE88370400440532013000", "", "not a valid IBAN" },
		{ "1", "S", "DE89370400440532013000", "RF18539007547034RF18539007547034RF185", "reference" },
	};
	return cr_make_param_array(struct qr_bad, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct qr_bad *c, qr, epc_refused)
{
	struct strbuf sb = STRBUF_INIT;
	struct dec a = DEC_INIT;
	set_dec(&a, c->amount);
	cr_assert_eq(qr_epc_payload(&sb, NULL, c->name, c->iban, &a, c->ref), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, c->needle), "%s", clerk_error_last()->message);
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
	dec_clear(&a);
	ASSERT_NO_LEAKS();
}

Test(qr, svg_is_deterministic_and_self_contained)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	cr_assert_eq(qr_svg(&a, "BCD\n002\n1\nSCT\n\nS\nDE89370400440532013000\nEUR1.00", 160, "<pay>"), 0);
	cr_assert_eq(qr_svg(&b, "BCD\n002\n1\nSCT\n\nS\nDE89370400440532013000\nEUR1.00", 160, "<pay>"), 0);
	cr_assert_str_eq(a.buf, b.buf);
	cr_assert(strstr(a.buf, "<title>&lt;pay&gt;</title>"));
	cr_assert_null(strstr(a.buf, "href"));
	strbuf_release(&a);
	strbuf_release(&b);
	ASSERT_NO_LEAKS();
}

/* The page in German and Latvian: every word from the tables, dates and amounts their way. */
Test(invoice, html_page_in_the_customers_language)
{
	struct fx f;
	cr_assert_eq(run(&f, books_full, billing_full), 0);
	struct einvoice *inv = NULL;
	struct strbuf de = STRBUF_INIT, lv = STRBUF_INIT, en = STRBUF_INIT;
	invoicer_einvoice(f.iv, 0, &inv);
	cr_assert_eq(invoice_html(inv, LANG_DE, &de), 0);
	cr_assert_eq(invoice_html(inv, LANG_LV, &lv), 0);
	cr_assert_eq(invoice_html(inv, LANG_EN, &en), 0);
	cr_assert(strstr(de.buf, "<html lang=\"de\">"));
	cr_assert(strstr(de.buf, "<h1>Rechnung INV-0042</h1>"), "%s", de.buf);
	cr_assert(strstr(de.buf, "Verwendungszweck <strong>RF340042</strong>"));
	cr_assert(strstr(lv.buf, "<html lang=\"lv\">"));
	cr_assert(strstr(lv.buf, "<h1>Rēķins INV-0042</h1>"));
	cr_assert(strstr(lv.buf, "<th class=\"n\">Daudzums</th>"));
	const char *english[] = { "Please pay", "Total", "Quantity", "Date:", "Scan to pay", "VAT ID" };
	for (size_t k = 0; k < ARRAY_SIZE(english); k++) {
		cr_assert(strstr(en.buf, english[k]), "%s", english[k]);
		cr_assert_null(strstr(de.buf, english[k]), "%s in German", english[k]);
		cr_assert_null(strstr(lv.buf, english[k]), "%s in Latvian", english[k]);
	}
	einvoice_free(inv);
	strbuf_release(&de);
	strbuf_release(&lv);
	strbuf_release(&en);
	done(&f);
	ASSERT_NO_LEAKS();
}

Test(invoice, html_page_names_no_account_and_pays_by_qr)
{
	struct fx f;
	cr_assert_eq(run(&f, books_full, billing_full), 0);
	struct einvoice *inv = NULL;
	struct strbuf html = STRBUF_INIT;
	invoicer_einvoice(f.iv, 0, &inv);
	cr_assert_eq(invoice_html(inv, LANG_EN, &html), 0);
	cr_assert(strstr(html.buf, "<h1>Invoice INV-0042</h1>"));
	cr_assert(strstr(html.buf, "Studio &lt;&amp;&gt; GmbH"), "escaped");
	cr_assert(strstr(html.buf, "Acme &quot;Ltd&quot;"));
	cr_assert(strstr(html.buf, "Reference <strong>RF340042</strong>"));
	cr_assert(strstr(html.buf, "<figure class=\"qr\"><svg"));
	cr_assert_null(strstr(html.buf, "Assets:"), "an account name on the page");
	cr_assert_null(strstr(html.buf, "Income:"), "an account name on the page");
	einvoice_free(inv);
	strbuf_release(&html);
	done(&f);
	ASSERT_NO_LEAKS();
}

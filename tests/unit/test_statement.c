/*
 * test_statement.c - statements of account: the balance brought forward,
 * every kind of movement with its running balance, a payment less a
 * discount shown as two lines, the open items and their days overdue, the
 * tie to the account and to the open items, payables owed-positive,
 * several currencies, --all's parties, finding a party by name, file names
 * and the page a customer reads.
 */
#include "helpers.h"

#include "statement.h"

static const char books[] =
	"commodity 1,000.00 EUR\n"
	"commodity 1,000.00 USD\n"
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Our Co, bic: COBADEFFXXX\n"
	"    ; address: Street 1, address: 20457 Hamburg, vat: DE298765431\n"
	"account Assets:Receivable  ; role: receivable\n"
	"account Assets:Receivable:Acme  ; name: Acme AG, address: Road 2, address: 10115 Berlin\n"
	"account Assets:Receivable:Quiet\n"
	"account Assets:Receivable:Zero\n"
	"account Assets:Receivable:Other/Side\n"
	"account Liabilities:Payable  ; role: payable\n"
	"account Liabilities:Payable:Paper\n"
	"account Income:Sales\n"
	"account Income:Fees  ; role: fees\n"
	"account Expenses:Writeoff  ; role: writeoff\n"
	"account Expenses:Discounts  ; role: discount\n"
	"account Expenses:Paper\n"
	"\n"
	"2026-01-05 * Acme | INV-0 before the period\n"
	"    Assets:Receivable:Acme  50.00 EUR  ; invoice: INV-0, due: 2026-01-19\n"
	"    Income:Sales\n"
	"\n"
	"2026-01-10 * Acme | INV-1\n"
	"    Assets:Receivable:Acme  100.00 EUR  ; invoice: INV-1, due: 2026-02-09, ref: RF18539007547034\n"
	"    Income:Sales\n"
	"\n"
	"2026-02-01 * Acme | INV-2\n"
	"    Assets:Receivable:Acme  200.00 EUR  ; invoice: INV-2, due: 2026-02-11\n"
	"    Income:Sales\n"
	"\n"
	"2026-02-05 * Acme | USD work\n"
	"    Assets:Receivable:Acme  70.00 USD  ; invoice: INV-3, due: 2026-03-07\n"
	"    Income:Sales\n"
	"\n"
	"2026-02-20 * Dunning notice 1 (reminder) to Acme  ; dunning-notice: 1\n"
	"    Assets:Receivable:Acme  0.00 EUR  ; dunned: INV-1, dunning-level: 1\n"
	"    Assets:Receivable:Acme  5.00 EUR  ; invoice: FEE-2026-02-20, due: 2026-03-06, dunning-fee: 1\n"
	"    Income:Fees  -5.00 EUR\n"
	"\n"
	"2026-02-21 * Acme | INV-2 less 2 %\n"
	"    Assets:Bank  196.00 EUR\n"
	"    Expenses:Discounts  4.00 EUR\n"
	"    Assets:Receivable:Acme  -200.00 EUR  ; invoice: INV-2\n"
	"\n"
	"2026-02-25 * Acme | INV 1\n"
	"    Assets:Bank  60.00 EUR\n"
	"    Assets:Receivable:Acme  -60.00 EUR  ; invoice: INV-1, match: partial, rule: invoice-number\n"
	"\n"
	"2026-02-27 * Acme | returned\n"
	"    Assets:Bank  -60.00 EUR\n"
	"    Assets:Receivable:Acme  60.00 EUR  ; invoice: INV-1, match: reversal\n"
	"\n"
	"2026-03-01 * Acme | credit note\n"
	"    Income:Sales  10.00 EUR\n"
	"    Assets:Receivable:Acme  -10.00 EUR  ; invoice: INV-1, credit-note: CN-1\n"
	"\n"
	"2026-03-02 * Acme | INV-0 written off\n"
	"    Expenses:Writeoff  50.00 EUR\n"
	"    Assets:Receivable:Acme  -50.00 EUR  ; invoice: INV-0\n"
	"\n"
	"2026-03-03 * Acme | on account\n"
	"    Assets:Bank  30.00 EUR\n"
	"    Assets:Receivable:Acme  -30.00 EUR\n"
	"\n"
	"2026-03-04 * Zero | in and out\n"
	"    Assets:Receivable:Zero  10.00 EUR  ; invoice: Z-1\n"
	"    Income:Sales\n"
	"\n"
	"2026-03-05 * Zero | paid\n"
	"    Assets:Bank  10.00 EUR\n"
	"    Assets:Receivable:Zero  -10.00 EUR  ; invoice: Z-1\n"
	"\n"
	"2026-03-06 * Paper | bill\n"
	"    Expenses:Paper  80.00 EUR\n"
	"    Liabilities:Payable:Paper  -80.00 EUR  ; invoice: P-1, due: 2026-03-20\n"
	"\n"
	"2026-03-07 * Paper | paid part\n"
	"    Assets:Bank  -30.00 EUR\n"
	"    Liabilities:Payable:Paper  30.00 EUR  ; invoice: P-1\n"
	"\n"
	"2026-03-08 * Other | work\n"
	"    Assets:Receivable:Other/Side  1.00 EUR  ; invoice: O-1\n"
	"    Income:Sales\n"
	"\n"
	"2026-04-01 * Acme | INV-9 after the period\n"
	"    Assets:Receivable:Acme  999.00 EUR  ; invoice: INV-9\n"
	"    Income:Sales\n";

static struct journal *load(void)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	cr_assert_eq(d.nerrors, 0, "%s", d.n ? d.items[0].message : "");
	diag_release(&d);
	return j;
}

static uint32_t party_id(const struct journal *j, const char *name)
{
	uint32_t id = journal_find_account(j, name);
	cr_assert_neq(id, NO_ID, "%s", name);
	return id;
}

static const struct statement *compute(statement_vec *v, const struct journal *j, const char *account,
				       clerk_date from, clerk_date to)
{
	uint32_t a = party_id(j, account);
	cr_assert_eq(statement_compute(v, j, &a, 1, from, to, false), 0);
	cr_assert_geq(v->n, 1);
	return &v->v[0];
}

static void assert_line(const struct statement_line *l, const char *date, enum statement_kind kind,
			const char *doc, const char *applies, const char *amount, const char *balance)
{
	cr_assert_eq(l->date, date_parse_iso(date), "date of the %s line", statement_kind_name(kind));
	cr_assert_str_eq(statement_kind_name(l->kind), statement_kind_name(kind), "on %s", date);
	if (doc)
		cr_assert_str_eq(l->document ? l->document : "(none)", doc, "on %s", date);
	else
		cr_assert_null(l->document, "on %s", date);
	if (applies)
		cr_assert_str_eq(l->applies_to ? l->applies_to : "(none)", applies, "on %s", date);
	else
		cr_assert_null(l->applies_to, "on %s", date);
	assert_dec(&l->amount, amount);
	assert_dec(&l->balance, balance);
}

Test(statement, every_kind_of_movement_with_its_running_balance)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Assets:Receivable:Acme", date_parse_iso("2026-01-10"),
					    date_parse_iso("2026-03-31"));
	cr_assert_eq(v.n, 2, "one statement per currency");
	cr_assert_str_eq(commodity_symbol(&j->commodities, s->commodity), "EUR");
	assert_dec(&s->brought_forward, "50.00");
	cr_assert_eq(s->lines.n, 10);
	assert_line(&s->lines.v[0], "2026-01-10", STATEMENT_INVOICE, "INV-1", NULL, "100.00", "150.00");
	cr_assert_eq(s->lines.v[0].due, date_parse_iso("2026-02-09"));
	assert_line(&s->lines.v[1], "2026-02-01", STATEMENT_INVOICE, "INV-2", NULL, "200.00", "350.00");
	/* the reminder's 0.00 marker is no line; its fee is */
	assert_line(&s->lines.v[2], "2026-02-20", STATEMENT_FEE, "FEE-2026-02-20", NULL, "5.00", "355.00");
	/* a payment less a discount: two lines, the payment then the discount */
	assert_line(&s->lines.v[3], "2026-02-21", STATEMENT_PAYMENT, NULL, "INV-2", "-196.00", "159.00");
	assert_line(&s->lines.v[4], "2026-02-21", STATEMENT_DISCOUNT, NULL, "INV-2", "-4.00", "155.00");
	assert_line(&s->lines.v[5], "2026-02-25", STATEMENT_PAYMENT, NULL, "INV-1", "-60.00", "95.00");
	assert_line(&s->lines.v[6], "2026-02-27", STATEMENT_RETURNED, NULL, "INV-1", "60.00", "155.00");
	assert_line(&s->lines.v[7], "2026-03-01", STATEMENT_CREDIT_NOTE, "CN-1", "INV-1", "-10.00", "145.00");
	assert_line(&s->lines.v[8], "2026-03-02", STATEMENT_WRITE_OFF, NULL, "INV-0", "-50.00", "95.00");
	assert_line(&s->lines.v[9], "2026-03-03", STATEMENT_PAYMENT, NULL, NULL, "-30.00", "65.00");
	assert_dec(&s->closing, "65.00");
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, ties_to_the_open_items_and_the_unapplied_money)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Assets:Receivable:Acme", DATE_NONE, date_parse_iso("2026-03-10"));
	cr_assert(s->tied);
	assert_dec(&s->brought_forward, "0");
	cr_assert_eq(s->open.n, 2, "INV-1 and the fee; INV-0 and INV-2 are settled");
	cr_assert_str_eq(s->open.v[0].invoice, "INV-1");
	assert_dec(&s->open.v[0].open, "90.00");
	cr_assert_eq(s->open.v[0].days_past_due, 29, "due 2026-02-09, 29 days before 2026-03-10");
	cr_assert_str_eq(s->open.v[0].ref, "RF18539007547034");
	cr_assert_str_eq(s->open.v[1].invoice, "FEE-2026-02-20");
	cr_assert_eq(s->open.v[1].days_past_due, 4);
	assert_dec(&s->open_total, "95.00");
	assert_dec(&s->unapplied, "-30.00");
	assert_dec(&s->closing, "65.00");
	/* the USD statement: its own balance and ages */
	cr_assert_str_eq(commodity_symbol(&j->commodities, v.v[1].commodity), "USD");
	assert_dec(&v.v[1].closing, "70.00");
	cr_assert_eq(v.v[1].open.v[0].days_past_due, 3, "due 2026-03-07");
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, the_closing_balance_is_the_account_balance_on_the_end_date)
{
	struct journal *j = load();
	uint32_t a = party_id(j, "Assets:Receivable:Acme");
	for (clerk_date d = date_parse_iso("2026-01-01"); d <= date_parse_iso("2026-04-02"); d += 3) {
		statement_vec v = VEC_INIT;
		cr_assert_eq(statement_compute(&v, j, &a, 1, d - 20, d, false), 0);
		for (size_t i = 0; i < v.n; i++) {
			const struct statement *s = &v.v[i];
			struct dec want = DEC_INIT, t = DEC_INIT, sum = DEC_INIT;
			for (size_t k = 0; k < j->postings.n; k++) {
				const struct posting *p = &j->postings.v[k];
				if (p->account == a && p->commodity == s->commodity && j->txns.v[p->txn].date <= d) {
					dec_add(&t, &want, &p->amount);
					dec_set(&want, &t);
				}
			}
			cr_assert_eq(dec_cmp(&want, &s->closing), 0, "on day %d", (int)d);
			cr_assert(s->tied, "on day %d", (int)d);
			dec_set(&sum, &s->brought_forward);
			for (size_t k = 0; k < s->lines.n; k++) {
				dec_add(&t, &sum, &s->lines.v[k].amount);
				dec_set(&sum, &t);
				cr_assert_eq(dec_cmp(&sum, &s->lines.v[k].balance), 0);
			}
			cr_assert_eq(dec_cmp(&sum, &s->closing), 0);
			dec_clear(&want), dec_clear(&t), dec_clear(&sum);
		}
		statements_release(&v);
	}
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, a_payable_is_owed_positive)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Liabilities:Payable:Paper", DATE_NONE, date_parse_iso("2026-03-31"));
	cr_assert_eq(s->role, ROLE_PAYABLE);
	assert_line(&s->lines.v[0], "2026-03-06", STATEMENT_INVOICE, "P-1", NULL, "80.00", "80.00");
	assert_line(&s->lines.v[1], "2026-03-07", STATEMENT_PAYMENT, NULL, "P-1", "-30.00", "50.00");
	cr_assert(s->tied);
	struct strbuf out = STRBUF_INIT;
	statement_text(&out, s, j);
	cr_assert(strstr(out.buf, "Bill P-1"), "%s", out.buf);
	cr_assert(strstr(out.buf, "amounts we owe"), "%s", out.buf);
	strbuf_release(&out);
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, nothing_on_the_account_and_bad_arguments)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Assets:Receivable:Quiet", DATE_NONE, date_parse_iso("2026-03-31"));
	cr_assert_eq(s->commodity, NO_ID);
	cr_assert(s->tied);
	statements_release(&v);
	uint32_t bank = party_id(j, "Assets:Bank"), acme = party_id(j, "Assets:Receivable:Acme");
	cr_assert_eq(statement_compute(&v, j, &bank, 1, DATE_NONE, date_parse_iso("2026-03-31"), false),
		     CLERK_EINVALID, "not a party account");
	cr_assert_eq(statement_compute(&v, j, &acme, 1, date_parse_iso("2026-04-01"), date_parse_iso("2026-03-31"),
				       false),
		     CLERK_EINVALID, "the period ends before it starts");
	cr_assert_eq(statement_compute(&v, j, &acme, 1, DATE_NONE, DATE_NONE, false), CLERK_EINVALID);
	cr_assert_eq(v.n, 0);
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, all_parties_with_a_balance)
{
	struct journal *j = load();
	u32_vec due = VEC_INIT;
	statement_parties_due(&due, j, date_parse_iso("2026-03-31"));
	cr_assert_eq(due.n, 3, "Zero is settled, Quiet never used");
	cr_assert_str_eq(journal_account_name(j, due.v[0]), "Assets:Receivable:Acme");
	cr_assert_str_eq(journal_account_name(j, due.v[1]), "Assets:Receivable:Other/Side");
	cr_assert_str_eq(journal_account_name(j, due.v[2]), "Liabilities:Payable:Paper");
	VEC_FREE(&due);
	statement_parties_due(&due, j, date_parse_iso("2026-03-04"));
	cr_assert_eq(due.n, 2, "Zero owes on 2026-03-04");
	cr_assert_str_eq(journal_account_name(j, due.v[1]), "Assets:Receivable:Zero");
	/* nonzero_only leaves out a settled currency */
	uint32_t zero = party_id(j, "Assets:Receivable:Zero");
	statement_vec v = VEC_INIT;
	cr_assert_eq(statement_compute(&v, j, &zero, 1, DATE_NONE, date_parse_iso("2026-03-31"), true), 0);
	cr_assert_eq(v.n, 0);
	statements_release(&v);
	VEC_FREE(&due);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, finding_a_party)
{
	struct journal *j = load();
	cr_assert_eq(statement_find_party(j, "Assets:Receivable:Acme"), party_id(j, "Assets:Receivable:Acme"));
	cr_assert_eq(statement_find_party(j, "Acme"), party_id(j, "Assets:Receivable:Acme"));
	cr_assert_eq(statement_find_party(j, "Assets:Bank"), NO_ID, "not a party");
	cr_assert_eq(statement_find_party(j, "Acne"), NO_ID);
	cr_assert_str_eq(statement_near_party(j, "Acne"), "Assets:Receivable:Acme");
	cr_assert_str_eq(statement_near_party(j, "Assets:Receivable:Acmee"), "Assets:Receivable:Acme");
	cr_assert_null(statement_near_party(j, "Wholly different"));
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, file_names_are_safe)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	compute(&v, j, "Assets:Receivable:Other/Side", DATE_NONE, date_parse_iso("2026-03-31"));
	struct strbuf name = STRBUF_INIT;
	statement_file_name(&name, &v.v[0], j);
	cr_assert_str_eq(name.buf, "statement-2026-03-31-Other-Side-EUR");
	strbuf_release(&name);
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, the_page_names_no_account_and_carries_the_qr_code)
{
	struct journal *j = load();
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Assets:Receivable:Acme", DATE_NONE, date_parse_iso("2026-03-10"));
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
	cr_assert_eq(statement_html(&out, s, j), 0);
	cr_assert_eq(statement_html(&again, s, j), 0);
	cr_assert_str_eq(out.buf, again.buf, "deterministic");
	cr_assert_null(strstr(out.buf, "Assets:"), "an account name on the page");
	cr_assert_null(strstr(out.buf, "Receivable"), "an account name on the page");
	cr_assert(strstr(out.buf, "<strong>Acme AG</strong><br>Road 2<br>10115 Berlin"), "%s", out.buf);
	cr_assert(strstr(out.buf, "<strong>Our Co</strong><br>Street 1<br>20457 Hamburg<br>VAT ID DE298765431"));
	cr_assert(strstr(out.buf, "Please pay <strong>65.00 EUR</strong>"));
	cr_assert(strstr(out.buf, "<figure class=\"qr\"><svg"));
	/* the USD statement: no EPC code (euros only) */
	strbuf_reset(&out);
	cr_assert_eq(statement_html(&out, &v.v[1], j), 0);
	cr_assert_null(strstr(out.buf, "<figure class=\"qr\">"));
	cr_assert(strstr(out.buf, "Please pay <strong>70.00 USD</strong>"));
	strbuf_release(&out);
	strbuf_release(&again);
	statements_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(statement, a_credit_balance_asks_for_nothing)
{
	static const char credit[] =
		"commodity 1,000.00 EUR\n"
		"account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Our Co\n"
		"account Assets:Receivable  ; role: receivable\n"
		"account Assets:Receivable:Acme\n"
		"2026-01-10 * overpaid\n"
		"    Assets:Bank  30.00 EUR\n"
		"    Assets:Receivable:Acme  -30.00 EUR\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(credit, &d);
	cr_assert_eq(d.nerrors, 0);
	statement_vec v = VEC_INIT;
	const struct statement *s = compute(&v, j, "Assets:Receivable:Acme", DATE_NONE, date_parse_iso("2026-01-31"));
	struct strbuf out = STRBUF_INIT;
	cr_assert_eq(statement_html(&out, s, j), 0);
	cr_assert_null(strstr(out.buf, "Please pay"));
	cr_assert_null(strstr(out.buf, "<svg"));
	cr_assert(strstr(out.buf, "a credit in your favour"));
	cr_assert(strstr(out.buf, "<strong>Acme</strong>"), "the last part when there is no name:");
	strbuf_release(&out);
	statements_release(&v);
	diag_release(&d);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

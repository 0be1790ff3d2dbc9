/*
 * test_openitems.c - the open-items engine: opening, reductions, splits,
 * credit notes, payables, overpayment, unapplied and unknown-invoice
 * postings, due dates and discounts, as-of dates, currencies, lookups.
 */
#include "helpers.h"

#include "openitems.h"

/* A chart shared by most tests: one customer with terms, one without, one vendor. */
#define CHART                                                                        \
	"commodity 1,000.00 EUR\n"                                                   \
	"commodity 1,000.00 USD\n"                                                   \
	"account Assets:Receivable  ; role: receivable\n"                            \
	"account Assets:Receivable:Acme  ; name: Acme GmbH, terms: 2/10 net 30\n"    \
	"    ; iban: DE89370400440532013000, email: ap@acme.example\n"               \
	"account Assets:Receivable:Bolt  ; dunning: no\n"                            \
	"account Liabilities:Payable  ; role: payable\n"                             \
	"account Liabilities:Payable:Paper  ; name: Paper AG, terms: net 14\n"      \
	"account Assets:Bank  ; role: bank\n"                                        \
	"\n"

struct fixture {
	struct journal *j;
	struct openitems *oi;
	struct diag d;
};

/* Loads CHART + text (must be valid) and computes with o (NULL: defaults). */
static void setup(struct fixture *f, const char *text, const struct openitems_options *o)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, CHART);
	strbuf_addstr(&sb, text);
	f->d = (struct diag)DIAG_INIT;
	f->j = load_str(sb.buf, &f->d);
	strbuf_release(&sb);
	assert_no_diag(&f->d);
	cr_assert_eq(openitems_compute(&f->oi, f->j, o), 0);
}

static void teardown(struct fixture *f)
{
	openitems_free(f->oi);
	journal_free(f->j);
	diag_release(&f->d);
}

static uint32_t acc(const struct fixture *f, const char *name)
{
	uint32_t a = journal_find_account(f->j, name);
	cr_assert_neq(a, NO_ID, "no account %s", name);
	return a;
}

static uint32_t cur(const struct fixture *f, const char *sym)
{
	uint32_t c = symtab_find(&f->j->commodities.names, sym, strlen(sym));
	cr_assert_neq(c, UINT32_MAX, "no commodity %s", sym);
	return c;
}

/* The item (account, commodity, invoice); fails the test when missing. */
static const struct openitem *item(const struct fixture *f, const char *account, const char *sym,
				   const char *inv)
{
	size_t i;
	cr_assert_eq(openitems_find(&i, f->oi, acc(f, account), cur(f, sym), inv), 0,
		     "no item %s %s %s", account, sym, inv);
	return openitems_item(f->oi, i);
}

static bool has_item(const struct fixture *f, const char *account, const char *sym, const char *inv)
{
	size_t i;
	return openitems_find(&i, f->oi, acc(f, account), cur(f, sym), inv) == 0;
}

static clerk_date D(const char *s)
{
	clerk_date d = date_parse_iso(s);
	cr_assert_neq(d, DATE_NONE, "bad test date %s", s);
	return d;
}

#define INV1                                                                         \
	"2026-11-02 * Acme | invoice 1\n"                                            \
	"    Assets:Receivable:Acme  1,190.00 EUR  ; invoice: INV-1\n"               \
	"    Income\n"                                                               \
	"\n"

Test(openitems, opening)
{
	struct fixture f;
	setup(&f, INV1, NULL);
	cr_assert_eq(openitems_count(f.oi), 1);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-1");
	cr_assert_str_eq(it->invoice, "INV-1");
	assert_dec(&it->amount, "1190.00");
	assert_dec(&it->open, "1190.00");
	cr_assert_eq(it->date, D("2026-11-02"));
	cr_assert_eq(it->due, D("2026-12-02"), "terms net 30");
	cr_assert_eq(it->due_source, DUE_FROM_TERMS);
	cr_assert_null(it->dispute);
	size_t n;
	const uint32_t *ps = openitems_item_postings(f.oi, 0, &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(f.j->postings.v[ps[0]].account, acc(&f, "Assets:Receivable:Acme"));
	const struct openitems_party *p = openitems_party(f.oi, it->party);
	cr_assert_str_eq(p->name, "Acme GmbH");
	cr_assert_str_eq(p->iban, "DE89370400440532013000");
	cr_assert_str_eq(p->email, "ap@acme.example");
	cr_assert_str_eq(p->terms_text, "2/10 net 30");
	cr_assert(p->has_terms);
	cr_assert_null(p->dunning);
	cr_assert_eq(openitems_unapplied_count(f.oi), 0);
	cr_assert_eq(openitems_unknown_count(f.oi), 0);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, partial_and_full_reduction)
{
	struct fixture f;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	setup(&f,
	      INV1 "2026-11-10 * Acme | part\n"
		   "    Assets:Bank  500.00 EUR\n"
		   "    Assets:Receivable:Acme  -500.00 EUR  ; invoice: INV-1\n"
		   "\n",
	      NULL);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-1");
	assert_dec(&it->amount, "1190.00");
	assert_dec(&it->open, "690.00");
	cr_assert_eq(it->last_date, D("2026-11-10"));
	size_t n;
	openitems_item_postings(f.oi, 0, &n);
	cr_assert_eq(n, 2);
	teardown(&f);

	static const char full[] = INV1 "2026-11-10 * Acme | all\n"
					"    Assets:Bank  1,190.00 EUR\n"
					"    Assets:Receivable:Acme  ; invoice: INV-1\n"
					"\n";
	setup(&f, full, NULL);
	cr_assert_eq(openitems_count(f.oi), 0, "a settled item is not listed");
	cr_assert_eq(openitems_unapplied_count(f.oi), 0);
	teardown(&f);
	o.include_closed = true;
	setup(&f, full, &o);
	cr_assert_eq(openitems_count(f.oi), 1, "--closed keeps it");
	assert_dec(&openitems_item(f.oi, 0)->open, "0.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, split_invoice_lines_are_summed)
{
	struct fixture f;
	setup(&f,
	      "2026-11-02 * Acme | two lines  ; invoice: INV-7\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; due: 2026-11-20\n"
	      "    Assets:Receivable:Acme  19.00 EUR  ; dispute: wrong VAT\n"
	      "    Income\n"
	      "\n",
	      NULL);
	cr_assert_eq(openitems_count(f.oi), 1);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-7");
	assert_dec(&it->amount, "119.00");
	assert_dec(&it->open, "119.00");
	cr_assert_eq(it->due, D("2026-11-20"), "due: on one line counts for the item");
	cr_assert_eq(it->due_source, DUE_FROM_TAG);
	cr_assert_str_eq(it->dispute, "wrong VAT");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, credit_note_and_overpayment)
{
	struct fixture f;
	setup(&f,
	      INV1 "2026-11-05 * Acme | credit note\n"
		   "    Assets:Receivable:Acme  -190.00 EUR  ; invoice: INV-1\n"
		   "    Income\n"
		   "\n"
		   "2026-11-12 * Acme | pays too much\n"
		   "    Assets:Bank  1,050.00 EUR\n"
		   "    Assets:Receivable:Acme  -1,050.00 EUR  ; invoice: INV-1\n"
		   "\n",
	      NULL);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-1");
	assert_dec(&it->amount, "1190.00");
	assert_dec(&it->open, "-50.00");
	cr_assert_eq(openitems_count(f.oi), 1, "an over-reduced item stays listed");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, payables_sign)
{
	struct fixture f;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	static const char text[] = INV1 "2026-11-03 * Paper | bill\n"
					"    Expenses:Paper  400.00 EUR\n"
					"    Liabilities:Payable:Paper  -400.00 EUR  ; invoice: P-9\n"
					"\n"
					"2026-11-20 * Paper | we pay too much\n"
					"    Liabilities:Payable:Paper  450.00 EUR  ; invoice: P-9\n"
					"    Assets:Bank\n"
					"\n"
					"2026-11-21 * Paper | on account\n"
					"    Liabilities:Payable:Paper  25.00 EUR\n"
					"    Assets:Bank\n"
					"\n";
	o.side = OPENITEMS_PAYABLES;
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 1, "receivables are not listed");
	const struct openitem *it = item(&f, "Liabilities:Payable:Paper", "EUR", "P-9");
	assert_dec(&it->amount, "400.00");
	assert_dec(&it->open, "-50.00");
	cr_assert_eq(it->due, D("2026-11-17"), "net 14");
	const struct openitems_unapplied *u =
		openitems_find_unapplied(f.oi, acc(&f, "Liabilities:Payable:Paper"), cur(&f, "EUR"));
	cr_assert_not_null(u);
	assert_dec(&u->amount, "-25.00");
	teardown(&f);

	o.side = OPENITEMS_BOTH;
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 2);
	cr_assert_str_eq(openitems_item(f.oi, 0)->invoice, "INV-1", "Assets:... sorts first");
	cr_assert_str_eq(openitems_item(f.oi, 1)->invoice, "P-9");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, unapplied_and_unknown_invoice)
{
	struct fixture f;
	setup(&f,
	      INV1 "2026-11-14 * Acme | on account\n"
		   "    Assets:Bank  300.00 EUR\n"
		   "    Assets:Receivable:Acme  -300.00 EUR\n"
		   "\n"
		   "2026-11-15 * Acme | wrong number\n"
		   "    Assets:Bank  70.00 EUR\n"
		   "    Assets:Receivable:Acme  -70.00 EUR  ; invoice: INV-99\n"
		   "\n",
	      NULL);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-1");
	assert_dec(&it->open, "1190.00"); /* unapplied money is not applied */
	cr_assert_not(has_item(&f, "Assets:Receivable:Acme", "EUR", "INV-99"));
	cr_assert_eq(openitems_unapplied_count(f.oi), 1);
	const struct openitems_unapplied *u = openitems_unapplied(f.oi, 0);
	assert_dec(&u->on_account, "-300.00");
	assert_dec(&u->unknown, "-70.00");
	assert_dec(&u->amount, "-370.00");
	size_t n;
	openitems_unapplied_postings(f.oi, 0, &n);
	cr_assert_eq(n, 1, "only the posting without invoice");
	cr_assert_eq(openitems_unknown_count(f.oi), 1);
	const struct openitems_unknown *k = openitems_unknown(f.oi, 0);
	cr_assert_str_eq(k->invoice, "INV-99");
	assert_dec(&k->amount, "-70.00");
	cr_assert_eq(k->date, D("2026-11-15"));
	openitems_unknown_postings(f.oi, 0, &n);
	cr_assert_eq(n, 1);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, payment_before_invoice_in_the_file)
{
	/* a reduction read before the opening still reduces it */
	struct fixture f;
	setup(&f,
	      "2026-11-20 * Acme | pays\n"
	      "    Assets:Bank  190.00 EUR\n"
	      "    Assets:Receivable:Acme  -190.00 EUR  ; invoice: INV-1\n"
	      "\n" INV1,
	      NULL);
	const struct openitem *it = item(&f, "Assets:Receivable:Acme", "EUR", "INV-1");
	assert_dec(&it->open, "1000.00");
	cr_assert_eq(it->date, D("2026-11-02"));
	cr_assert_eq(openitems_unknown_count(f.oi), 0);
	size_t n;
	const uint32_t *ps = openitems_item_postings(f.oi, 0, &n);
	cr_assert_eq(n, 2);
	cr_assert(f.j->txns.v[f.j->postings.v[ps[0]].txn].date == D("2026-11-02"), "date order");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, due_from_tag_terms_or_date)
{
	struct fixture f;
	setup(&f,
	      "2026-11-02 * Acme | tagged  ; due: 2026-11-09\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: A\n"
	      "    Income\n"
	      "\n"
	      "2026-11-02 * Acme | terms\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: B\n"
	      "    Income\n"
	      "\n"
	      "2026-11-02 * Bolt | no terms\n"
	      "    Assets:Receivable:Bolt  10.00 EUR  ; invoice: C\n"
	      "    Income\n"
	      "\n",
	      NULL);
	const struct openitem *a = item(&f, "Assets:Receivable:Acme", "EUR", "A");
	const struct openitem *b = item(&f, "Assets:Receivable:Acme", "EUR", "B");
	const struct openitem *c = item(&f, "Assets:Receivable:Bolt", "EUR", "C");
	cr_assert_eq(a->due, D("2026-11-09"));
	cr_assert_eq(a->due_source, DUE_FROM_TAG);
	cr_assert_eq(b->due, D("2026-12-02"));
	cr_assert_eq(b->due_source, DUE_FROM_TERMS);
	cr_assert_eq(c->due, D("2026-11-02"));
	cr_assert_eq(c->due_source, DUE_FROM_DATE);
	/* discount: Acme has 2/10 net 30, Bolt no terms */
	cr_assert_eq(a->discount_until, D("2026-11-12"));
	cr_assert_not_null(a->discount_pct);
	assert_dec(a->discount_pct, "2");
	cr_assert_eq(c->discount_until, DATE_NONE);
	cr_assert_null(c->discount_pct);
	/* order: party, due, date, invoice */
	cr_assert_str_eq(openitems_item(f.oi, 0)->invoice, "A");
	cr_assert_str_eq(openitems_item(f.oi, 1)->invoice, "B");
	cr_assert_str_eq(openitems_item(f.oi, 2)->invoice, "C");
	const struct openitems_party *bolt = openitems_party(f.oi, c->party);
	cr_assert_str_eq(bolt->name, "Bolt", "last part of the account name");
	cr_assert_str_eq(bolt->dunning, "no");
	cr_assert_not(bolt->has_terms);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, as_of_date)
{
	static const char text[] = INV1 "2026-11-10 * Acme | pays\n"
					"    Assets:Bank  1,190.00 EUR\n"
					"    Assets:Receivable:Acme  -1,190.00 EUR  ; invoice: INV-1\n"
					"\n"
					"2026-11-12 * Acme | second invoice\n"
					"    Assets:Receivable:Acme  50.00 EUR  ; invoice: INV-2\n"
					"    Income\n"
					"\n";
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	struct fixture f;
	o.as_of = D("2026-11-09");
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 1);
	/* paid later: still open on the day */
	assert_dec(&item(&f, "Assets:Receivable:Acme", "EUR", "INV-1")->open, "1190.00");
	cr_assert_eq(openitems_as_of(f.oi), D("2026-11-09"));
	teardown(&f);
	o.as_of = D("2026-11-10");
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 0, "the payment's own day counts");
	teardown(&f);
	o.as_of = D("2026-11-01");
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 0, "nothing opened yet");
	teardown(&f);
	o.as_of = DATE_NONE;
	setup(&f, text, &o);
	cr_assert_eq(openitems_count(f.oi), 1);
	cr_assert_str_eq(openitems_item(f.oi, 0)->invoice, "INV-2");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, payment_before_as_of_for_invoice_after_is_unknown)
{
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	struct fixture f;
	o.as_of = D("2026-11-05");
	setup(&f,
	      "2026-11-01 * Acme | prepayment\n"
	      "    Assets:Bank  100.00 EUR\n"
	      "    Assets:Receivable:Acme  -100.00 EUR  ; invoice: INV-5\n"
	      "\n"
	      "2026-11-06 * Acme | invoice\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; invoice: INV-5\n"
	      "    Income\n"
	      "\n",
	      &o);
	cr_assert_eq(openitems_count(f.oi), 0);
	cr_assert_eq(openitems_unknown_count(f.oi), 1);
	assert_dec(&openitems_unknown(f.oi, 0)->amount, "-100.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, currencies_are_separate_items)
{
	struct fixture f;
	setup(&f,
	      INV1 "2026-11-03 * Acme | same number in dollars\n"
		   "    Assets:Receivable:Acme  200.00 USD  ; invoice: INV-1\n"
		   "    Income\n"
		   "\n"
		   "2026-11-04 * Acme | pays the dollars\n"
		   "    Assets:Bank  50.00 USD\n"
		   "    Assets:Receivable:Acme  -50.00 USD  ; invoice: INV-1\n"
		   "\n",
	      NULL);
	cr_assert_eq(openitems_count(f.oi), 2);
	assert_dec(&item(&f, "Assets:Receivable:Acme", "EUR", "INV-1")->open, "1190.00");
	assert_dec(&item(&f, "Assets:Receivable:Acme", "USD", "INV-1")->open, "150.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, normalised_lookup)
{
	struct strbuf sb = STRBUF_INIT;
	openitems_normalize(&sb, "inv-2026-0042");
	cr_assert_str_eq(sb.buf, "INV202642");
	strbuf_reset(&sb);
	openitems_normalize(&sb, "INV 2026 42");
	cr_assert_str_eq(sb.buf, "INV202642");
	strbuf_reset(&sb);
	openitems_normalize(&sb, "x-000-007a0");
	cr_assert_str_eq(sb.buf, "X07A0");
	strbuf_release(&sb);

	struct fixture f;
	setup(&f,
	      "2026-11-02 * Acme\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: INV-2026-0042\n"
	      "    Income\n"
	      "\n"
	      "2026-11-02 * Bolt\n"
	      "    Assets:Receivable:Bolt  20.00 EUR  ; invoice: inv 2026 42\n"
	      "    Income\n"
	      "\n"
	      "2026-11-02 * Bolt\n"
	      "    Assets:Receivable:Bolt  30.00 EUR  ; invoice: INV-2026-0043\n"
	      "    Income\n"
	      "\n",
	      NULL);
	const uint32_t *v;
	size_t n = openitems_find_normalized(&v, f.oi, "Inv2026-042");
	cr_assert_eq(n, 2, "both parties' items");
	cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "INV-2026-0042");
	cr_assert_str_eq(openitems_item(f.oi, v[1])->invoice, "inv 2026 42");
	n = openitems_find_normalized(&v, f.oi, "INV-2026-43");
	cr_assert_eq(n, 1);
	cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "INV-2026-0043");
	n = openitems_find_normalized(&v, f.oi, "INV-2026-44");
	cr_assert_eq(n, 0);
	cr_assert_null(v);
	size_t i;
	cr_assert_eq(openitems_find(&i, f.oi, acc(&f, "Assets:Receivable:Acme"), cur(&f, "EUR"),
				    "INV-2026-42"),
		     CLERK_ENOTFOUND, "openitems_find compares exactly");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, order_within_a_party_is_by_due_whatever_the_file_order)
{
	/* posted out of due order, two parties interleaved: party, due, date, invoice */
	struct fixture f;
	setup(&f,
	      "2026-11-05 * Acme  ; due: 2026-11-20\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: LATE\n"
	      "    Income\n"
	      "\n"
	      "2026-11-05 * Bolt\n"
	      "    Assets:Receivable:Bolt  10.00 EUR  ; invoice: B2\n"
	      "    Income\n"
	      "\n"
	      "2026-11-06 * Acme  ; due: 2026-11-07\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: EARLY\n"
	      "    Income\n"
	      "\n"
	      "2026-11-01 * Bolt\n"
	      "    Assets:Receivable:Bolt  10.00 EUR  ; invoice: B1\n"
	      "    Income\n"
	      "\n"
	      "2026-11-06 * Acme  ; due: 2026-11-07\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: AA\n"
	      "    Income\n"
	      "\n",
	      NULL);
	static const char *const want[] = { "AA", "EARLY", "LATE", "B1", "B2" };
	cr_assert_eq(openitems_count(f.oi), 5);
	for (size_t i = 0; i < 5; i++) {
		cr_assert_str_eq(openitems_item(f.oi, i)->invoice, want[i], "item %zu", i);
		size_t at;
		const struct openitem *it = openitems_item(f.oi, i);
		cr_assert_eq(openitems_find(&at, f.oi, it->account, it->commodity, it->invoice), 0);
		cr_assert_eq(at, i, "the lookup finds %s where the order put it", want[i]);
	}
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, lookup_of_closed_unknown_and_many_items)
{
	/* 3000 invoices, every third paid: the paid ones, an unknown invoice and
	 * the unapplied row are not found as items; every open one is */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 3000; i++) {
		strbuf_addf(&sb,
			    "2026-11-02 * Acme\n"
			    "    Assets:Receivable:Acme  1.00 EUR  ; invoice: N-%d\n"
			    "    Income\n\n",
			    i);
		if (i % 3 == 0)
			strbuf_addf(&sb,
				    "2026-11-03 * Acme pays\n"
				    "    Assets:Bank  1.00 EUR\n"
				    "    Assets:Receivable:Acme  -1.00 EUR  ; invoice: N-%d\n\n",
				    i);
	}
	strbuf_addstr(&sb, "2026-11-04 * Acme pays something else\n"
			   "    Assets:Bank  5.00 EUR\n"
			   "    Assets:Receivable:Acme  -5.00 EUR  ; invoice: GHOST\n"
			   "    Assets:Bank  2.00 EUR\n"
			   "    Assets:Receivable:Acme  -2.00 EUR\n\n");
	struct fixture f;
	setup(&f, sb.buf, NULL);
	cr_assert_eq(openitems_count(f.oi), 2000);
	uint32_t acme = acc(&f, "Assets:Receivable:Acme"), eur = cur(&f, "EUR");
	for (int i = 0; i < 3000; i++) {
		char inv[32];
		size_t at;
		snprintf(inv, sizeof(inv), "N-%d", i);
		int rc = openitems_find(&at, f.oi, acme, eur, inv);
		if (i % 3 == 0) {
			cr_assert_eq(rc, CLERK_ENOTFOUND, "%s is paid", inv);
			continue;
		}
		cr_assert_eq(rc, 0, "%s is open", inv);
		cr_assert_str_eq(openitems_item(f.oi, at)->invoice, inv);
		const uint32_t *v;
		cr_assert_eq(openitems_find_normalized(&v, f.oi, inv), 1);
		cr_assert_eq(v[0], at);
	}
	size_t at;
	cr_assert_eq(openitems_find(&at, f.oi, acme, eur, "GHOST"), CLERK_ENOTFOUND);
	cr_assert_eq(openitems_find(&at, f.oi, acme, eur, NULL), CLERK_ENOTFOUND);
	cr_assert_eq(openitems_unknown_count(f.oi), 1);
	cr_assert_not_null(openitems_find_unapplied(f.oi, acme, eur));
	teardown(&f);
	strbuf_release(&sb);

	/* with closed items included, the paid ones are found too */
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.include_closed = true;
	strbuf_addstr(&sb, INV1 "2026-11-05 * Acme\n"
			   "    Assets:Bank  1,190.00 EUR\n"
			   "    Assets:Receivable:Acme  -1,190.00 EUR  ; invoice: INV-1\n\n");
	setup(&f, sb.buf, &o);
	cr_assert(has_item(&f, "Assets:Receivable:Acme", "EUR", "INV-1"));
	teardown(&f);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(openitems, references_and_numbers_indexed_ahead_or_on_first_use)
{
	/* index_numbers builds both indexes while computing; without it they are
	 * built on the first lookup: the answers are the same */
	static const char text[] =
		"2026-11-02 * Acme  ; ref: RF18 5390 0754 7034\n"
		"    Assets:Receivable:Acme  10.00 EUR  ; invoice: INV-0007\n"
		"    Income\n"
		"\n"
		"2026-11-03 * Bolt\n"
		"    Assets:Receivable:Bolt  20.00 EUR  ; invoice: inv 7, ref: rf18539007547034\n"
		"    Income\n"
		"\n"
		"2026-11-04 * Bolt\n"
		"    Assets:Receivable:Bolt  30.00 EUR  ; invoice: INV-8\n"
		"    Income\n"
		"\n"
		"2026-11-05 * Paper\n"
		"    Liabilities:Payable:Paper  -40.00 EUR  ; invoice: P-1, ref: RF18 1234 5678 9\n"
		"    Expenses\n"
		"\n";
	for (int ahead = 0; ahead < 2; ahead++) {
		struct openitems_options o = OPENITEMS_OPTIONS_INIT;
		o.side = OPENITEMS_BOTH;
		o.index_numbers = ahead;
		struct fixture f;
		setup(&f, text, &o);
		const uint32_t *v;
		size_t n = openitems_find_ref(&v, f.oi, "RF18539007547034");
		cr_assert_eq(n, 2, "ahead=%d: the transaction's ref and the posting's, any spacing", ahead);
		cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "INV-0007");
		cr_assert_str_eq(openitems_item(f.oi, v[1])->invoice, "inv 7");
		cr_assert_lt(v[0], v[1]);
		n = openitems_find_ref(&v, f.oi, "rf18 1234 5678 9");
		cr_assert_eq(n, 1);
		cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "P-1");
		cr_assert_eq(openitems_find_ref(&v, f.oi, "RF00"), 0);
		cr_assert_null(v);
		cr_assert_eq(openitems_find_ref(&v, f.oi, ""), 0, "no ref is not a key");
		n = openitems_find_normalized(&v, f.oi, "INV 007");
		cr_assert_eq(n, 2);
		n = openitems_find_normalized(&v, f.oi, "INV-8");
		cr_assert_eq(n, 1);
		cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "INV-8");
		teardown(&f);
	}
	ASSERT_NO_LEAKS();
}

Test(openitems, numbers_without_their_prefix)
{
	for (int ahead = 0; ahead < 2; ahead++) {
		struct openitems_options o = OPENITEMS_OPTIONS_INIT;
		o.index_numbers = ahead;
		struct fixture f;
		setup(&f,
		      "2026-11-02 * Acme\n"
		      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: INV-2026-0086\n"
		      "    Income\n"
		      "\n"
		      "2026-11-02 * Bolt\n"
		      "    Assets:Receivable:Bolt  20.00 EUR  ; invoice: re 2026 86\n"
		      "    Income\n"
		      "\n"
		      "2026-11-02 * Bolt, no prefix\n"
		      "    Assets:Receivable:Bolt  30.00 EUR  ; invoice: 2026-0087\n"
		      "    Income\n"
		      "\n"
		      "2026-11-02 * Bolt, too short\n"
		      "    Assets:Receivable:Bolt  40.00 EUR  ; invoice: A-12\n"
		      "    Income\n"
		      "\n",
		      &o);
		const uint32_t *v;
		size_t n = openitems_find_bare(&v, f.oi, "2026-0086");
		cr_assert_eq(n, 2, "ahead=%d", ahead);
		cr_assert_str_eq(openitems_item(f.oi, v[0])->invoice, "INV-2026-0086");
		cr_assert_str_eq(openitems_item(f.oi, v[1])->invoice, "re 2026 86");
		cr_assert_eq(openitems_find_bare(&v, f.oi, "2026 86"), 2);
		cr_assert_eq(openitems_find_bare(&v, f.oi, "2026-0087"), 0,
			     "a number without a prefix is found by openitems_find_normalized");
		cr_assert_eq(openitems_find_normalized(&v, f.oi, "2026-0087"), 1);
		cr_assert_eq(openitems_find_bare(&v, f.oi, "12"), 0);
		cr_assert_eq(openitems_find_bare(&v, f.oi, "INV-2026-0086"), 0, "letters: not bare");
		cr_assert_eq(openitems_find_bare(&v, f.oi, "2026-0086x"), 0);
		cr_assert_null(v);
		teardown(&f);
	}
	ASSERT_NO_LEAKS();
}

Test(openitems, ties_out_with_the_balance)
{
	/* every party's rows add up to its account balance */
	struct fixture f;
	setup(&f,
	      INV1 "2026-11-05 * Acme\n"
		   "    Assets:Bank  200.00 EUR\n"
		   "    Assets:Receivable:Acme  -200.00 EUR  ; invoice: INV-1\n"
		   "    Assets:Bank  15.00 EUR\n"
		   "    Assets:Receivable:Acme  -15.00 EUR\n"
		   "    Assets:Bank  5.00 EUR\n"
		   "    Assets:Receivable:Acme  -5.00 EUR  ; invoice: NOPE\n"
		   "\n",
	      NULL);
	struct dec sum = DEC_INIT;
	for (size_t i = 0; i < openitems_count(f.oi); i++)
		dec_add(&sum, &sum, &openitems_item(f.oi, i)->open);
	for (size_t i = 0; i < openitems_unapplied_count(f.oi); i++)
		dec_add(&sum, &sum, &openitems_unapplied(f.oi, i)->amount);
	assert_dec(&sum, "970.00");
	dec_clear(&sum);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(openitems, no_parties)
{
	struct journal *j = journal_new();
	struct openitems *oi = NULL;
	cr_assert_eq(openitems_compute(&oi, j, NULL), 0);
	cr_assert_eq(openitems_count(oi), 0);
	cr_assert_eq(openitems_party_count(oi), 0);
	const uint32_t *v;
	cr_assert_eq(openitems_find_normalized(&v, oi, "X"), 0);
	size_t i;
	cr_assert_eq(openitems_find(&i, oi, 0, 0, "X"), CLERK_ENOTFOUND);
	cr_assert_null(openitems_find_unapplied(oi, 0, 0));
	openitems_free(oi);
	openitems_free(NULL);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

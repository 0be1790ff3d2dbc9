/*
 * test_aging.c - the aging engine (src/aging.h, formats/aging.md): bucket
 * boundaries, custom bounds, credits, positive unapplied debits, payables,
 * totals per currency, the tie-out and as-of dates.
 *
 * Every expected figure is worked out by hand from formats/aging.md in the
 * comments beside it.
 */
#include "helpers.h"

#include "aging.h"
#include "openitems.h"

#define CHART                                                                        \
	"commodity 1,000.00 EUR\n"                                                   \
	"commodity 1,000.00 USD\n"                                                   \
	"account Assets:Receivable  ; role: receivable\n"                            \
	"account Assets:Receivable:Acme  ; name: Acme GmbH\n"                        \
	"account Assets:Receivable:Bolt\n"                                           \
	"account Liabilities:Payable  ; role: payable\n"                             \
	"account Liabilities:Payable:Paper  ; name: Paper AG\n"                      \
	"account Assets:Bank  ; role: bank\n"                                        \
	"account Income\n"                                                           \
	"account Expenses\n"                                                         \
	"\n"

struct fixture {
	struct journal *j;
	struct openitems *oi;
	struct aging *a;
	struct diag d;
};

/*
 * Loads CHART + text (must be valid), computes the open items of `side` as
 * of `as_of` and ages them with o (NULL: default buckets).
 */
static void setup_side(struct fixture *f, const char *text, const char *as_of,
		       enum openitems_side side, const struct aging_options *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	strbuf_addstr(&sb, CHART);
	strbuf_addstr(&sb, text);
	f->d = (struct diag)DIAG_INIT;
	f->j = load_str(sb.buf, &f->d);
	strbuf_release(&sb);
	assert_no_diag(&f->d);
	oo.as_of = date_parse_iso(as_of);
	cr_assert_neq(oo.as_of, DATE_NONE, "bad test date %s", as_of);
	oo.side = side;
	cr_assert_eq(openitems_compute(&f->oi, f->j, &oo), 0);
	int rc = aging_compute(&f->a, f->j, f->oi, o);
	cr_assert_eq(rc, 0, "aging_compute: %s", clerk_error_last()->message);
	cr_assert_not_null(f->a);
}

static void setup(struct fixture *f, const char *text, const char *as_of,
		  const struct aging_options *o)
{
	setup_side(f, text, as_of, OPENITEMS_RECEIVABLES, o);
}

static void teardown(struct fixture *f)
{
	aging_free(f->a);
	openitems_free(f->oi);
	journal_free(f->j);
	diag_release(&f->d);
}

static clerk_date D(const char *s)
{
	clerk_date d = date_parse_iso(s);
	cr_assert_neq(d, DATE_NONE, "bad test date %s", s);
	return d;
}

static uint32_t cur(const struct fixture *f, const char *sym)
{
	uint32_t c = symtab_find(&f->j->commodities.names, sym, strlen(sym));
	cr_assert_neq(c, UINT32_MAX, "no commodity %s", sym);
	return c;
}

/* The row of (account, currency); fails the test when there is none. */
static const struct aging_row *row(const struct fixture *f, const char *account, const char *sym)
{
	uint32_t acc = journal_find_account(f->j, account);
	cr_assert_neq(acc, NO_ID, "no account %s", account);
	for (size_t i = 0; i < aging_row_count(f->a); i++) {
		const struct aging_row *r = aging_row(f->a, i);
		if (r->account == acc && r->commodity == cur(f, sym))
			return r;
	}
	cr_assert_fail("no aging row for %s %s", account, sym);
	return NULL;
}

/* The total row of a currency; fails the test when there is none. */
static const struct aging_row *total(const struct fixture *f, const char *sym)
{
	for (size_t i = 0; i < aging_total_count(f->a); i++) {
		const struct aging_row *r = aging_total(f->a, i);
		if (r->commodity == cur(f, sym))
			return r;
	}
	cr_assert_fail("no total row for %s", sym);
	return NULL;
}

/* Asserts that a equals the test literal `want` in value (whatever its scale). */
#define assert_amt(a, want)                                                                \
	do {                                                                               \
		struct dec assert_amt_w_ = DEC_INIT;                                       \
		set_dec(&assert_amt_w_, (want));                                           \
		char *assert_amt_s_ = dec_to_str(a);                                       \
		int assert_amt_c_ = dec_cmp((a), &assert_amt_w_);                          \
		dec_clear(&assert_amt_w_);                                                 \
		cr_assert_eq(assert_amt_c_, 0, "%s is %s, expected %s", #a, assert_amt_s_, \
			     (want));                                                      \
		free(assert_amt_s_);                                                       \
	} while (0)

/* Asserts the five default buckets of r, then credits and total. */
#define assert_buckets(r, nd, b1, b2, b3, b4, cr, tot)                                     \
	do {                                                                               \
		assert_amt(&(r)->bucket[0], nd);                                           \
		assert_amt(&(r)->bucket[1], b1);                                           \
		assert_amt(&(r)->bucket[2], b2);                                           \
		assert_amt(&(r)->bucket[3], b3);                                           \
		assert_amt(&(r)->bucket[4], b4);                                           \
		assert_amt(&(r)->credits, cr);                                             \
		assert_amt(&(r)->total, tot);                                              \
	} while (0)

/* ------------------------------------------------------------------ */
/* buckets */

Test(aging, bucket_of_boundaries)
{
	struct fixture f;
	setup(&f, "", "2026-06-30", NULL);
	cr_assert_eq(aging_bucket_count(f.a), 5);
	/* days <= 0: not due; 1-30; 31-60; 61-90; over 90 */
	static const struct {
		long days;
		size_t bucket;
	} cases[] = {
		{ -400, 0 }, { -1, 0 }, { 0, 0 },  { 1, 1 },  { 30, 1 },  { 31, 2 },
		{ 60, 2 },   { 61, 3 }, { 90, 3 }, { 91, 4 }, { 5000, 4 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		cr_assert_eq(aging_bucket_of(f.a, cases[i].days), cases[i].bucket,
			     "day %ld: bucket %zu, expected %zu", cases[i].days,
			     aging_bucket_of(f.a, cases[i].days), cases[i].bucket);
	static const char *const names[] = { "not_due", "days_1_30", "days_31_60", "days_61_90",
					     "days_over_90" };
	static const char *const labels[] = { "Not due", "1-30", "31-60", "61-90", "Over 90" };
	for (size_t k = 0; k < 5; k++) {
		cr_assert_str_eq(aging_bucket_name(f.a, k), names[k]);
		cr_assert_str_eq(aging_bucket_label(f.a, k), labels[k]);
	}
	cr_assert_eq(aging_row_count(f.a), 0);
	cr_assert_eq(aging_total_count(f.a), 0);
	cr_assert(aging_ties_out(f.a), "nothing to tie out is not a failure");
	cr_assert_eq(aging_side(f.a), OPENITEMS_RECEIVABLES);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/*
 * One item per boundary, as of 2026-06-30, amounts powers of two so that
 * every bucket sum shows which items it holds:
 *
 *   invoice  due         days past due  amount  bucket
 *   B-M10    2026-07-10  -10            256.00  not due
 *   B-0      2026-06-30    0              1.00  not due (due today)
 *   B-1      2026-06-29    1              2.00  1-30
 *   B-30     2026-05-31   30              4.00  1-30
 *   B-31     2026-05-30   31              8.00  31-60
 *   B-60     2026-05-01   60             16.00  31-60
 *   B-61     2026-04-30   61             32.00  61-90
 *   B-90     2026-04-01   90             64.00  61-90
 *   B-91     2026-03-31   91            128.00  over 90
 */
#define BOUNDARY_ITEMS                                                                     \
	"2026-01-15 * Acme | boundary items\n"                                             \
	"    Assets:Receivable:Acme  256.00 EUR  ; invoice: B-M10, due: 2026-07-10\n"      \
	"    Assets:Receivable:Acme  1.00 EUR  ; invoice: B-0, due: 2026-06-30\n"          \
	"    Assets:Receivable:Acme  2.00 EUR  ; invoice: B-1, due: 2026-06-29\n"          \
	"    Assets:Receivable:Acme  4.00 EUR  ; invoice: B-30, due: 2026-05-31\n"         \
	"    Assets:Receivable:Acme  8.00 EUR  ; invoice: B-31, due: 2026-05-30\n"         \
	"    Assets:Receivable:Acme  16.00 EUR  ; invoice: B-60, due: 2026-05-01\n"        \
	"    Assets:Receivable:Acme  32.00 EUR  ; invoice: B-61, due: 2026-04-30\n"        \
	"    Assets:Receivable:Acme  64.00 EUR  ; invoice: B-90, due: 2026-04-01\n"        \
	"    Assets:Receivable:Acme  128.00 EUR  ; invoice: B-91, due: 2026-03-31\n"       \
	"    Income\n"                                                                     \
	"\n"

Test(aging, every_default_boundary)
{
	struct fixture f;
	setup(&f, BOUNDARY_ITEMS, "2026-06-30", NULL);
	cr_assert_eq(aging_row_count(f.a), 1);
	const struct aging_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	/* not due 256 + 1; 1-30: 2 + 4; 31-60: 8 + 16; 61-90: 32 + 64; over 90: 128 */
	assert_buckets(r, "257.00", "6.00", "24.00", "96.00", "128.00", "0", "511.00");
	assert_amt(&r->disputed, "0");
	cr_assert_eq(r->nitems, 9);
	cr_assert_eq(r->oldest_due, D("2026-03-31"), "B-91 is the oldest overdue");
	cr_assert_str_eq(openitems_party(f.oi, r->party)->name, "Acme GmbH");
	/* one currency: the total row is the same, and it ties out to 511.00 */
	cr_assert_eq(aging_total_count(f.a), 1);
	const struct aging_row *t = total(&f, "EUR");
	cr_assert_eq(t->party, NO_ID);
	cr_assert_eq(t->account, NO_ID);
	assert_buckets(t, "257.00", "6.00", "24.00", "96.00", "128.00", "0", "511.00");
	cr_assert_eq(t->nitems, 9);
	cr_assert_eq(t->oldest_due, D("2026-03-31"));
	const struct aging_tie *tie = aging_tie(f.a, 0);
	cr_assert_eq(tie->commodity, cur(&f, "EUR"));
	assert_amt(&tie->rows, "511.00");
	assert_amt(&tie->control, "511.00");
	cr_assert(tie->ok);
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, nothing_overdue_has_no_oldest_due)
{
	struct fixture f;
	setup(&f,
	      "2026-06-01 * Acme | invoice\n"
	      "    Assets:Receivable:Acme  10.00 EUR  ; invoice: N-1, due: 2026-06-30\n"
	      "    Income\n"
	      "\n",
	      "2026-06-30", NULL);
	const struct aging_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	/* due today: day 0 is not overdue */
	assert_buckets(r, "10.00", "0", "0", "0", "0", "0", "10.00");
	cr_assert_eq(r->oldest_due, DATE_NONE);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, due_from_invoice_date)
{
	struct fixture f;
	/*
	 * Bolt has no terms: due on the invoice date 2026-05-30 -> 31 days on
	 * 2026-06-30 (31-60). The Acme invoice has no due: tag and Acme no terms
	 * in this chart either: due 2026-06-29 -> 1 day (1-30).
	 */
	setup(&f,
	      "2026-05-30 * Bolt | invoice\n"
	      "    Assets:Receivable:Bolt  70.00 EUR  ; invoice: T-1\n"
	      "    Income\n"
	      "\n"
	      "2026-06-29 * Acme | invoice\n"
	      "    Assets:Receivable:Acme  3.00 EUR  ; invoice: T-2\n"
	      "    Income\n"
	      "\n",
	      "2026-06-30", NULL);
	assert_buckets(row(&f, "Assets:Receivable:Bolt", "EUR"), "0", "0", "70.00", "0", "0", "0",
		       "70.00");
	assert_buckets(row(&f, "Assets:Receivable:Acme", "EUR"), "0", "3.00", "0", "0", "0", "0",
		       "3.00");
	/* rows sorted by account name: Acme before Bolt */
	cr_assert_eq(aging_row_count(f.a), 2);
	cr_assert_eq(aging_row(f.a, 0)->account, journal_find_account(f.j, "Assets:Receivable:Acme"));
	cr_assert_eq(aging_row(f.a, 1)->account, journal_find_account(f.j, "Assets:Receivable:Bolt"));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* custom bounds */

Test(aging, parse_bounds_good)
{
	struct aging_options o = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("30,60,90", &o));
	cr_assert_eq(o.nbounds, 3);
	cr_assert_eq(o.bounds[0], 30);
	cr_assert_eq(o.bounds[1], 60);
	cr_assert_eq(o.bounds[2], 90);

	struct aging_options p = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("15,45", &p));
	cr_assert_eq(p.nbounds, 2);
	cr_assert_eq(p.bounds[0], 15);
	cr_assert_eq(p.bounds[1], 45);

	struct aging_options q = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("7", &q));
	cr_assert_eq(q.nbounds, 1);
	cr_assert_eq(q.bounds[0], 7);

	/* the most there may be: 16 */
	struct aging_options m = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", &m));
	cr_assert_eq(m.nbounds, 16);
	cr_assert_eq(m.bounds[15], 16);
	ASSERT_NO_LEAKS();
}

Test(aging, parse_bounds_bad)
{
	static const char *const bad[] = {
		"",                                       /* no bound */
		"0",                                      /* not positive */
		"0,30",                                   /* not positive */
		"30,20",                                  /* descending */
		"30,30",                                  /* not strictly ascending */
		"a",                                      /* not a number */
		"30;60",                                  /* wrong separator */
		"-5",                                     /* negative */
		" 30",                                    /* blank */
		"30, 60",                                 /* blank */
		",30",                                    /* empty first */
		"30,,60",                                 /* empty middle */
		"30,",                                    /* empty last (a trailing comma) */
		"100001",                                 /* too large */
		"30.5",                                   /* not a day count */
		"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", /* 17 bounds */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct aging_options o = AGING_OPTIONS_INIT;
		const char *msg = aging_parse_bounds(bad[i], &o);
		cr_assert_not_null(msg, "\"%s\" was accepted", bad[i]);
		cr_assert_gt(strlen(msg), 0);
		cr_assert_eq(o.nbounds, 0, "\"%s\": the options are left at the default", bad[i]);
	}
	ASSERT_NO_LEAKS();
}

Test(aging, compute_refuses_bad_options)
{
	struct journal *j = NULL;
	struct openitems *oi = NULL;
	static char dummy;
	struct aging *a = (struct aging *)(void *)&dummy; /* anything but NULL: must be reset */
	struct diag d = DIAG_INIT;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	j = load_str(CHART BOUNDARY_ITEMS, &d);
	assert_no_diag(&d);
	oo.as_of = D("2026-06-30");
	cr_assert_eq(openitems_compute(&oi, j, &oo), 0);

	struct aging_options o = AGING_OPTIONS_INIT;
	o.nbounds = 2;
	o.bounds[0] = 60;
	o.bounds[1] = 30;
	cr_assert_lt(aging_compute(&a, j, oi, &o), 0, "descending bounds");
	cr_assert_null(a);
	o.bounds[0] = 0;
	o.bounds[1] = 30;
	cr_assert_lt(aging_compute(&a, j, oi, &o), 0, "a zero bound");
	o.nbounds = AGING_MAX_BOUNDS + 1;
	cr_assert_lt(aging_compute(&a, j, oi, &o), 0, "too many bounds");
	cr_assert_null(a);
	openitems_free(oi);

	/* no as-of date */
	oo.as_of = DATE_NONE;
	cr_assert_eq(openitems_compute(&oi, j, &oo), 0);
	cr_assert_lt(aging_compute(&a, j, oi, NULL), 0, "open items without an as-of date");
	cr_assert_null(a);
	openitems_free(oi);

	/* both sides at once */
	oo.as_of = D("2026-06-30");
	oo.side = OPENITEMS_BOTH;
	cr_assert_eq(openitems_compute(&oi, j, &oo), 0);
	cr_assert_lt(aging_compute(&a, j, oi, NULL), 0, "receivables and payables together");
	cr_assert_null(a);
	openitems_free(oi);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(aging, custom_bounds)
{
	struct fixture f;
	struct aging_options o = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("15,45", &o));
	setup(&f, BOUNDARY_ITEMS, "2026-06-30", &o);
	cr_assert_eq(aging_bucket_count(f.a), 4);
	static const char *const names[] = { "not_due", "days_1_15", "days_16_45", "days_over_45" };
	static const char *const labels[] = { "Not due", "1-15", "16-45", "Over 45" };
	for (size_t k = 0; k < 4; k++) {
		cr_assert_str_eq(aging_bucket_name(f.a, k), names[k]);
		cr_assert_str_eq(aging_bucket_label(f.a, k), labels[k]);
	}
	cr_assert_eq(aging_bucket_of(f.a, 0), 0);
	cr_assert_eq(aging_bucket_of(f.a, 1), 1);
	cr_assert_eq(aging_bucket_of(f.a, 15), 1);
	cr_assert_eq(aging_bucket_of(f.a, 16), 2);
	cr_assert_eq(aging_bucket_of(f.a, 45), 2);
	cr_assert_eq(aging_bucket_of(f.a, 46), 3);
	const struct aging_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	/*
	 * not due: 256 + 1 = 257; 1-15: B-1 = 2; 16-45: B-30 + B-31 = 4 + 8 = 12;
	 * over 45: B-60 + B-61 + B-90 + B-91 = 16 + 32 + 64 + 128 = 240
	 */
	assert_amt(&r->bucket[0], "257.00");
	assert_amt(&r->bucket[1], "2.00");
	assert_amt(&r->bucket[2], "12.00");
	assert_amt(&r->bucket[3], "240.00");
	assert_amt(&r->total, "511.00");
	assert_amt(&total(&f, "EUR")->bucket[3], "240.00");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);

	/* one bound: not due, 1-7, over 7 */
	struct aging_options one = AGING_OPTIONS_INIT;
	cr_assert_null(aging_parse_bounds("7", &one));
	setup(&f, BOUNDARY_ITEMS, "2026-06-30", &one);
	cr_assert_eq(aging_bucket_count(f.a), 3);
	cr_assert_str_eq(aging_bucket_name(f.a, 1), "days_1_7");
	cr_assert_str_eq(aging_bucket_name(f.a, 2), "days_over_7");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	/* 1-7: B-1 = 2; over 7: 511 - 257 - 2 = 252 */
	assert_amt(&r->bucket[0], "257.00");
	assert_amt(&r->bucket[1], "2.00");
	assert_amt(&r->bucket[2], "252.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* credits */

Test(aging, credits)
{
	struct fixture f;
	/*
	 * As of 2026-06-30, Acme:
	 *   C-1  1,000.00 due 2026-05-15 (46 days: 31-60), open 1,000.00
	 *   C-2    200.00 paid 250.00: open -50.00 (a credit, not an item)
	 *   300.00 paid on account (no invoice)          -> credits
	 *    70.00 paid naming C-99, never invoiced      -> credits
	 * credits = -50 - 300 - 70 = -420.00; total = 1,000 - 420 = 580.00,
	 * which is the account's balance: 1,000 + 200 - 250 - 300 - 70 = 580.
	 */
	setup(&f,
	      "2026-04-15 * Acme | invoices\n"
	      "    Assets:Receivable:Acme  1,000.00 EUR  ; invoice: C-1, due: 2026-05-15\n"
	      "    Assets:Receivable:Acme  200.00 EUR  ; invoice: C-2, due: 2026-05-15\n"
	      "    Income\n"
	      "\n"
	      "2026-05-20 * Acme | pays C-2 too much\n"
	      "    Assets:Bank  250.00 EUR\n"
	      "    Assets:Receivable:Acme  -250.00 EUR  ; invoice: C-2\n"
	      "\n"
	      "2026-06-01 * Acme | on account\n"
	      "    Assets:Bank  300.00 EUR\n"
	      "    Assets:Receivable:Acme  -300.00 EUR\n"
	      "\n"
	      "2026-06-02 * Acme | wrong number\n"
	      "    Assets:Bank  70.00 EUR\n"
	      "    Assets:Receivable:Acme  -70.00 EUR  ; invoice: C-99\n"
	      "\n",
	      "2026-06-30", NULL);
	const struct aging_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	assert_buckets(r, "0", "0", "1000.00", "0", "0", "-420.00", "580.00");
	cr_assert_eq(r->nitems, 1, "the over-paid item is a credit, not an item with a positive amount");
	cr_assert_eq(r->oldest_due, D("2026-05-15"));
	const struct aging_tie *tie = aging_tie(f.a, 0);
	assert_amt(&tie->rows, "580.00");
	assert_amt(&tie->control, "580.00");
	cr_assert(tie->ok);
	assert_amt(&total(&f, "EUR")->credits, "-420.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, only_credits_make_a_row)
{
	struct fixture f;
	/* Bolt paid 40.00 on account and owes nothing: a row of credits only */
	setup(&f,
	      "2026-06-01 * Bolt | prepayment\n"
	      "    Assets:Bank  40.00 EUR\n"
	      "    Assets:Receivable:Bolt  -40.00 EUR\n"
	      "\n",
	      "2026-06-30", NULL);
	cr_assert_eq(aging_row_count(f.a), 1);
	const struct aging_row *r = row(&f, "Assets:Receivable:Bolt", "EUR");
	assert_buckets(r, "0", "0", "0", "0", "0", "-40.00", "-40.00");
	cr_assert_eq(r->nitems, 0);
	cr_assert_eq(r->oldest_due, DATE_NONE);
	cr_assert_str_eq(openitems_party(f.oi, r->party)->name, "Bolt", "last part of the account");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, positive_unapplied_debit_aged_from_its_date)
{
	struct fixture f;
	/*
	 * Bolt, no invoice numbers: a payment on account of 5.00 on 2026-05-01,
	 * debits of 40.00 on 2026-05-20 and 10.00 on 2026-06-25. Unapplied
	 * net: 45.00 owed, aged from the oldest debit (2026-05-20): 41 days on
	 * 2026-06-30 -> 31-60, not from the older payment (60 days) and not
	 * from the newest debit (5 days).
	 */
	setup(&f,
	      "2026-05-01 * Bolt | paid on account\n"
	      "    Assets:Bank  5.00 EUR\n"
	      "    Assets:Receivable:Bolt  -5.00 EUR\n"
	      "\n"
	      "2026-05-20 * Bolt | charged without a number\n"
	      "    Assets:Receivable:Bolt  40.00 EUR\n"
	      "    Income\n"
	      "\n"
	      "2026-06-25 * Bolt | charged again\n"
	      "    Assets:Receivable:Bolt  10.00 EUR\n"
	      "    Income\n"
	      "\n",
	      "2026-06-30", NULL);
	const struct aging_row *r = row(&f, "Assets:Receivable:Bolt", "EUR");
	assert_buckets(r, "0", "0", "45.00", "0", "0", "0", "45.00");
	cr_assert_eq(r->oldest_due, D("2026-05-20"));
	cr_assert_eq(r->nitems, 0, "unapplied money is not an open item");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, disputed_is_informational)
{
	struct fixture f;
	/* D-1 100.00, 10 days (1-30), disputed; D-2 30.00 not due */
	setup(&f,
	      "2026-06-01 * Acme | invoices\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; invoice: D-1, due: 2026-06-20, dispute: "
	      "short delivery\n"
	      "    Assets:Receivable:Acme  30.00 EUR  ; invoice: D-2, due: 2026-07-20\n"
	      "    Income\n"
	      "\n",
	      "2026-06-30", NULL);
	const struct aging_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	assert_buckets(r, "30.00", "100.00", "0", "0", "0", "0", "130.00");
	assert_amt(&r->disputed, "100.00");
	assert_amt(&total(&f, "EUR")->disputed, "100.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* payables */

#define PAYABLES_TEXT                                                                      \
	"2026-04-20 * Paper | bill P-1\n"                                                  \
	"    Expenses  400.00 EUR\n"                                                       \
	"    Liabilities:Payable:Paper  -400.00 EUR  ; invoice: P-1, due: 2026-05-15\n"   \
	"\n"                                                                               \
	"2026-06-10 * Paper | bill P-2\n"                                                  \
	"    Expenses  50.00 EUR\n"                                                        \
	"    Liabilities:Payable:Paper  -50.00 EUR  ; invoice: P-2, due: 2026-07-15\n"     \
	"\n"                                                                               \
	"2026-06-12 * Paper | we pay part of P-1\n"                                        \
	"    Liabilities:Payable:Paper  100.00 EUR  ; invoice: P-1\n"                      \
	"    Assets:Bank\n"                                                                \
	"\n"                                                                               \
	"2026-06-14 * Paper | we pay on account\n"                                         \
	"    Liabilities:Payable:Paper  25.00 EUR\n"                                       \
	"    Assets:Bank\n"                                                                \
	"\n"                                                                               \
	"2026-06-15 * Acme | a receivable that payables ignore\n"                          \
	"    Assets:Receivable:Acme  9.00 EUR  ; invoice: R-1, due: 2026-06-15\n"          \
	"    Income\n"                                                                     \
	"\n"

Test(aging, payables_sign)
{
	struct fixture f;
	/*
	 * As of 2026-06-30, owed by us (positive):
	 *   P-1 400.00 - 100.00 = 300.00, due 2026-05-15: 46 days -> 31-60
	 *   P-2  50.00, due 2026-07-15: not due
	 *   25.00 paid on account: credits -25.00
	 * total 325.00 = -(balance -400 - 50 + 100 + 25 = -325)
	 */
	setup_side(&f, PAYABLES_TEXT, "2026-06-30", OPENITEMS_PAYABLES, NULL);
	cr_assert_eq(aging_side(f.a), OPENITEMS_PAYABLES);
	cr_assert_eq(aging_row_count(f.a), 1, "receivables are not aged with payables");
	const struct aging_row *r = row(&f, "Liabilities:Payable:Paper", "EUR");
	assert_buckets(r, "50.00", "0", "300.00", "0", "0", "-25.00", "325.00");
	cr_assert_eq(r->nitems, 2);
	cr_assert_eq(r->oldest_due, D("2026-05-15"));
	const struct aging_tie *tie = aging_tie(f.a, 0);
	assert_amt(&tie->rows, "325.00");
	assert_amt(&tie->control, "325.00");
	cr_assert(tie->ok);
	teardown(&f);

	/* the same books, receivables: only Acme's 9.00, due 2026-06-15: 15 days (1-30) */
	setup(&f, PAYABLES_TEXT, "2026-06-30", NULL);
	cr_assert_eq(aging_row_count(f.a), 1);
	cr_assert_eq(aging_side(f.a), OPENITEMS_RECEIVABLES);
	assert_buckets(row(&f, "Assets:Receivable:Acme", "EUR"), "0", "9.00", "0", "0", "0", "0",
		       "9.00");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, payables_positive_unapplied_credit)
{
	struct fixture f;
	/*
	 * A credit of 60.00 on the vendor without a number (we owe it), dated
	 * 2026-06-10: aged from that date, 20 days -> 1-30; owed-positive.
	 */
	setup_side(&f,
		   "2026-06-10 * Paper | bill without a number\n"
		   "    Expenses  60.00 EUR\n"
		   "    Liabilities:Payable:Paper  -60.00 EUR\n"
		   "\n",
		   "2026-06-30", OPENITEMS_PAYABLES, NULL);
	const struct aging_row *r = row(&f, "Liabilities:Payable:Paper", "EUR");
	assert_buckets(r, "0", "60.00", "0", "0", "0", "0", "60.00");
	cr_assert_eq(r->oldest_due, D("2026-06-10"));
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* currencies and totals */

Test(aging, totals_per_currency)
{
	struct fixture f;
	/*
	 * As of 2026-06-30:
	 *   Acme EUR 100.00 due 2026-06-20 (10 days: 1-30)
	 *   Acme USD 200.00 due 2026-03-01 (121 days: over 90)
	 *   Bolt EUR  50.00 due 2026-07-31 (not due)
	 *   Bolt USD: paid 20.00 on account (credits -20.00)
	 * EUR total: not due 50, 1-30 100 -> 150.00
	 * USD total: over 90 200, credits -20 -> 180.00
	 */
	setup(&f,
	      "2026-02-01 * Acme | USD invoice\n"
	      "    Assets:Receivable:Acme  200.00 USD  ; invoice: X-1, due: 2026-03-01\n"
	      "    Income\n"
	      "\n"
	      "2026-06-01 * Acme | EUR invoice\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; invoice: X-1, due: 2026-06-20\n"
	      "    Income\n"
	      "\n"
	      "2026-06-02 * Bolt | EUR invoice\n"
	      "    Assets:Receivable:Bolt  50.00 EUR  ; invoice: X-2, due: 2026-07-31\n"
	      "    Income\n"
	      "\n"
	      "2026-06-03 * Bolt | USD prepayment\n"
	      "    Assets:Bank  20.00 USD\n"
	      "    Assets:Receivable:Bolt  -20.00 USD\n"
	      "\n",
	      "2026-06-30", NULL);
	/* rows by account name, then currency symbol */
	cr_assert_eq(aging_row_count(f.a), 4);
	static const char *const order[][2] = {
		{ "Assets:Receivable:Acme", "EUR" },
		{ "Assets:Receivable:Acme", "USD" },
		{ "Assets:Receivable:Bolt", "EUR" },
		{ "Assets:Receivable:Bolt", "USD" },
	};
	for (size_t i = 0; i < 4; i++) {
		cr_assert_eq(aging_row(f.a, i)->account, journal_find_account(f.j, order[i][0]),
			     "row %zu", i);
		cr_assert_eq(aging_row(f.a, i)->commodity, cur(&f, order[i][1]), "row %zu", i);
	}
	assert_buckets(row(&f, "Assets:Receivable:Acme", "EUR"), "0", "100.00", "0", "0", "0", "0",
		       "100.00");
	assert_buckets(row(&f, "Assets:Receivable:Acme", "USD"), "0", "0", "0", "0", "200.00", "0",
		       "200.00");
	assert_buckets(row(&f, "Assets:Receivable:Bolt", "EUR"), "50.00", "0", "0", "0", "0", "0",
		       "50.00");
	assert_buckets(row(&f, "Assets:Receivable:Bolt", "USD"), "0", "0", "0", "0", "0", "-20.00",
		       "-20.00");
	/* totals by currency symbol */
	cr_assert_eq(aging_total_count(f.a), 2);
	cr_assert_eq(aging_total(f.a, 0)->commodity, cur(&f, "EUR"));
	cr_assert_eq(aging_total(f.a, 1)->commodity, cur(&f, "USD"));
	const struct aging_row *te = total(&f, "EUR"), *tu = total(&f, "USD");
	assert_buckets(te, "50.00", "100.00", "0", "0", "0", "0", "150.00");
	cr_assert_eq(te->nitems, 2);
	cr_assert_eq(te->oldest_due, D("2026-06-20"));
	assert_buckets(tu, "0", "0", "0", "0", "200.00", "-20.00", "180.00");
	cr_assert_eq(tu->nitems, 1);
	cr_assert_eq(tu->oldest_due, D("2026-03-01"));
	/* one tie-out per currency, in the order of the totals */
	cr_assert_eq(aging_tie(f.a, 0)->commodity, cur(&f, "EUR"));
	assert_amt(&aging_tie(f.a, 0)->control, "150.00");
	cr_assert(aging_tie(f.a, 0)->ok);
	cr_assert_eq(aging_tie(f.a, 1)->commodity, cur(&f, "USD"));
	assert_amt(&aging_tie(f.a, 1)->control, "180.00");
	cr_assert(aging_tie(f.a, 1)->ok);
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* tie-out */

Test(aging, tie_out_fails_on_the_control_account)
{
	struct fixture f;
	/*
	 * Rows: Acme 100.00 EUR. Control: every account with the role,
	 * the control account itself included: 100.00 + 99.00 = 199.00 EUR,
	 * and 10.00 USD that only the control account holds (rows 0).
	 */
	setup(&f,
	      "2026-06-01 * Acme | invoice\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; invoice: K-1, due: 2026-06-20\n"
	      "    Income\n"
	      "\n"
	      "2026-06-02 * posted to the control account by mistake\n"
	      "    Assets:Receivable  99.00 EUR\n"
	      "    Assets:Receivable  10.00 USD\n"
	      "    Income  -99.00 EUR\n"
	      "    Income  -10.00 USD\n"
	      "\n",
	      "2026-06-30", NULL);
	cr_assert_eq(aging_row_count(f.a), 1, "the control account is not a party");
	cr_assert_not(aging_ties_out(f.a));
	cr_assert_eq(aging_total_count(f.a), 2);
	const struct aging_tie *eur = aging_tie(f.a, 0), *usd = aging_tie(f.a, 1);
	cr_assert_eq(eur->commodity, cur(&f, "EUR"));
	assert_amt(&eur->rows, "100.00");
	assert_amt(&eur->control, "199.00");
	cr_assert_not(eur->ok);
	cr_assert_eq(usd->commodity, cur(&f, "USD"));
	assert_amt(&usd->rows, "0");
	assert_amt(&usd->control, "10.00");
	cr_assert_not(usd->ok);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(aging, tie_out_ignores_later_postings)
{
	struct fixture f;
	/* a mistake on the control account after the aging date does not count */
	setup(&f,
	      "2026-06-01 * Acme | invoice\n"
	      "    Assets:Receivable:Acme  100.00 EUR  ; invoice: K-1, due: 2026-06-20\n"
	      "    Income\n"
	      "\n"
	      "2026-07-02 * posted to the control account later\n"
	      "    Assets:Receivable  99.00 EUR\n"
	      "    Income\n"
	      "\n",
	      "2026-06-30", NULL);
	assert_amt(&aging_tie(f.a, 0)->control, "100.00");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* as-of dates */

#define LATE_PAYMENT                                                                       \
	"2026-03-01 * Acme | invoice\n"                                                    \
	"    Assets:Receivable:Acme  1,000.00 EUR  ; invoice: L-1, due: 2026-03-31\n"      \
	"    Income\n"                                                                     \
	"\n"                                                                               \
	"2026-07-05 * Acme | pays late\n"                                                  \
	"    Assets:Bank  1,000.00 EUR\n"                                                  \
	"    Assets:Receivable:Acme  -1,000.00 EUR  ; invoice: L-1\n"                      \
	"\n"

Test(aging, as_of_before_a_later_payment)
{
	struct fixture f;
	/* on 2026-06-30 L-1 is open, 91 days past due: over 90 */
	setup(&f, LATE_PAYMENT, "2026-06-30", NULL);
	assert_buckets(row(&f, "Assets:Receivable:Acme", "EUR"), "0", "0", "0", "0", "1000.00", "0",
		       "1000.00");
	cr_assert(aging_ties_out(f.a));
	teardown(&f);

	/* on 2026-03-31 it is due today: not due */
	setup(&f, LATE_PAYMENT, "2026-03-31", NULL);
	assert_buckets(row(&f, "Assets:Receivable:Acme", "EUR"), "1000.00", "0", "0", "0", "0", "0",
		       "1000.00");
	teardown(&f);

	/* on the payment date nothing is left: no row, no total */
	setup(&f, LATE_PAYMENT, "2026-07-05", NULL);
	cr_assert_eq(aging_row_count(f.a), 0);
	cr_assert_eq(aging_total_count(f.a), 0);
	cr_assert(aging_ties_out(f.a));
	teardown(&f);

	/* before the invoice: nothing either */
	setup(&f, LATE_PAYMENT, "2026-02-28", NULL);
	cr_assert_eq(aging_row_count(f.a), 0);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* a side without parties */

/*
 * Regression test for a bug found by this suite and fixed in src/aging.c:
 * the side used to be guessed from the roles of the parties in the open
 * items, and taken to be receivables when there was no party. Payables aged
 * on books without any payable party account were then reported as
 * receivables and tied out to the receivable control balance (`clerk aging
 * --payables` printed "Aged receivables", "DOES NOT TIE OUT" and exited 1).
 * Expected: payables, no rows, nothing to tie out.
 */
Test(aging, payables_without_any_payable_party)
{
	struct diag d = DIAG_INIT;
	struct openitems *oi = NULL;
	struct aging *a = NULL;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	struct journal *j = load_str("commodity 1,000.00 EUR\n"
				     "account Assets:Receivable  ; role: receivable\n"
				     "account Assets:Receivable:Acme\n"
				     "account Liabilities:Payable  ; role: payable\n"
				     "account Income\n"
				     "\n"
				     "2026-06-01 * Acme | invoice\n"
				     "    Assets:Receivable:Acme  100.00 EUR  ; invoice: A-1\n"
				     "    Income\n"
				     "\n",
				     &d);
	assert_no_diag(&d);
	oo.as_of = D("2026-06-30");
	oo.side = OPENITEMS_PAYABLES;
	cr_assert_eq(openitems_compute(&oi, j, &oo), 0);
	cr_assert_eq(aging_compute(&a, j, oi, NULL), 0);
	bool side_ok = aging_side(a) == OPENITEMS_PAYABLES;
	size_t ntotals = aging_total_count(a);
	bool ties = aging_ties_out(a);
	aging_free(a);
	openitems_free(oi);
	journal_free(j);
	diag_release(&d);
	cr_assert(side_ok, "payables were aged as receivables");
	cr_assert_eq(ntotals, 0, "the receivable control balance shows up in a payables aging");
	cr_assert(ties, "nothing is on the payable control account");
	ASSERT_NO_LEAKS();
}

/*
 * test_dunning.c - the dunning engine (src/dunning.h, formats/dunning.md):
 * level boundaries, party levels, exclusions (disputed, `dunning: no`,
 * covered by credits), sorting, the policy tags and their errors, notices
 * recorded in the books and read back, fees and interest as their own
 * items.
 *
 * Every expected figure is worked out by hand from formats/dunning.md in the
 * comments beside it. Recorded notices are the text dunning_notices_journal()
 * writes, appended to the books and loaded again, as `clerk letters
 * --record` does.
 */
#include "helpers.h"

#include "dunning.h"
#include "openitems.h"

/* Parties: Zed's name sorts first and Ann's last, the other way round from their accounts. */
#define PARTIES                                                                      \
	"account Assets:Receivable:Acme  ; name: Acme GmbH\n"                        \
	"account Assets:Receivable:Ann  ; name: Zulu Imports\n"                      \
	"account Assets:Receivable:Bolt  ; name: Bolt AG\n"                          \
	"account Assets:Receivable:Cole  ; name: Cole KG, dunning: no\n"             \
	"account Assets:Receivable:Zed  ; name: Alpha Trading\n"                     \
	"account Assets:Bank  ; role: bank\n"                                        \
	"account Income\n"

#define CHARGE_ACCOUNTS                                                              \
	"account Income:Dunning Fees  ; role: fees\n"                                \
	"account Income:Interest  ; role: interest\n"

struct fixture {
	struct strbuf text; /* the whole journal, notices appended */
	struct journal *j;
	struct openitems *oi;
	struct dunning *du;
	struct diag d;
};

/* Starts the books: the receivable control account with tags `rec_tags`. */
static void books(struct fixture *f, const char *rec_tags, bool charge_accounts, const char *text)
{
	memset(f, 0, sizeof(*f));
	strbuf_init(&f->text, 0);
	strbuf_addstr(&f->text, "commodity 1,000.00 EUR\ncommodity 1,000.00 USD\n");
	strbuf_addf(&f->text, "account Assets:Receivable  ; role: receivable%s\n", rec_tags);
	strbuf_addstr(&f->text, PARTIES);
	if (charge_accounts)
		strbuf_addstr(&f->text, CHARGE_ACCOUNTS);
	strbuf_addstr(&f->text, "\n");
	strbuf_addstr(&f->text, text);
}

static void release_run(struct fixture *f)
{
	dunning_free(f->du);
	openitems_free(f->oi);
	journal_free(f->j);
	diag_release(&f->d);
	f->du = NULL;
	f->oi = NULL;
	f->j = NULL;
}

/* (Re)loads the books and computes the dunning state as of `as_of` with the books' policy. */
static void run(struct fixture *f, const char *as_of)
{
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	release_run(f);
	f->d = (struct diag)DIAG_INIT;
	f->j = load_str(f->text.buf, &f->d);
	assert_no_diag(&f->d);
	oo.as_of = date_parse_iso(as_of);
	cr_assert_neq(oo.as_of, DATE_NONE, "bad test date %s", as_of);
	cr_assert_eq(openitems_compute(&f->oi, f->j, &oo), 0);
	int rc = dunning_compute(&f->du, f->j, f->oi, NULL);
	cr_assert_eq(rc, 0, "dunning_compute: %s", clerk_error_last()->message);
	cr_assert_not_null(f->du);
}

static void teardown(struct fixture *f)
{
	release_run(f);
	strbuf_release(&f->text);
}

/* Returns the notices due now as journal text (caller frees). */
static char *notices(const struct fixture *f)
{
	struct strbuf sb = STRBUF_INIT;
	dunning_notices_journal(&sb, f->du);
	return strbuf_detach(&sb, NULL);
}

/* Records the notices due now in the books, as `clerk letters --record` does. */
static void record(struct fixture *f)
{
	char *t = notices(f);
	cr_assert_gt(strlen(t), 0, "no notice to record");
	strbuf_addstr(&f->text, t);
	free(t);
}

static clerk_date D(const char *s)
{
	clerk_date d = date_parse_iso(s);
	cr_assert_neq(d, DATE_NONE, "bad test date %s", s);
	return d;
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

/* The row of (party account, currency), or NULL. */
static const struct dunning_row *find_row(const struct fixture *f, const char *account,
					  const char *sym)
{
	for (size_t i = 0; i < dunning_row_count(f->du); i++) {
		const struct dunning_row *r = dunning_row(f->du, i);
		if (r->account == acc(f, account) && r->commodity == cur(f, sym))
			return r;
	}
	return NULL;
}

static const struct dunning_row *row(const struct fixture *f, const char *account, const char *sym)
{
	const struct dunning_row *r = find_row(f, account, sym);
	cr_assert_not_null(r, "no dunning row for %s %s", account, sym);
	return r;
}

/* The item of row r with invoice number inv; fails the test when missing. */
static const struct dunning_item *ditem(const struct fixture *f, const struct dunning_row *r,
					const char *inv)
{
	for (size_t k = 0; k < r->nitems; k++) {
		const struct dunning_item *di = dunning_row_item(f->du, r, k);
		if (!strcmp(openitems_item(f->oi, di->item)->invoice, inv))
			return di;
	}
	cr_assert_fail("row has no item %s", inv);
	return NULL;
}

static const char *inv_of(const struct fixture *f, const struct dunning_row *r, size_t k)
{
	return openitems_item(f->oi, dunning_row_item(f->du, r, k)->item)->invoice;
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

/* One invoice line: "    Assets:Receivable:<party>  <amount> <cur>  ; invoice: <inv>, due: <due>\n" */
#define INV(party, amount, cur, inv, due)                                                  \
	"    Assets:Receivable:" party "  " amount " " cur "  ; invoice: " inv ", due: " due "\n"

/* ------------------------------------------------------------------ */
/* levels */

Test(dunning, actions)
{
	cr_assert_str_eq(dunning_action(0), "none");
	cr_assert_str_eq(dunning_action(1), "reminder");
	cr_assert_str_eq(dunning_action(2), "second-reminder");
	cr_assert_str_eq(dunning_action(3), "final-notice");
	cr_assert_str_eq(dunning_action(4), "collections");
	cr_assert_str_eq(dunning_action(5), "collections", "level 4 and above");
	cr_assert_str_eq(dunning_action(9), "collections");
	ASSERT_NO_LEAKS();
}

/*
 * One item per boundary, as of 2026-06-30 (June has 30 days, May 31):
 *
 *   invoice  due         days  level           amount
 *   L-0      2026-06-30    0   - (not overdue)   1.00
 *   L-1      2026-06-29    1   1                 2.00
 *   L-14     2026-06-16   14   1                 4.00
 *   L-15     2026-06-15   15   2                 8.00
 *   L-29     2026-06-01   29   2                16.00
 *   L-30     2026-05-31   30   3                32.00
 *   L-59     2026-05-02   59   3                64.00
 *   L-60     2026-05-01   60   4               128.00
 */
Test(dunning, every_level_boundary_in_one_party)
{
	struct fixture f;
	books(&f, "", false,
	      "2026-01-15 * Acme | boundary items\n"
	      INV("Acme", "1.00", "EUR", "L-0", "2026-06-30")
	      INV("Acme", "2.00", "EUR", "L-1", "2026-06-29")
	      INV("Acme", "4.00", "EUR", "L-14", "2026-06-16")
	      INV("Acme", "8.00", "EUR", "L-15", "2026-06-15")
	      INV("Acme", "16.00", "EUR", "L-29", "2026-06-01")
	      INV("Acme", "32.00", "EUR", "L-30", "2026-05-31")
	      INV("Acme", "64.00", "EUR", "L-59", "2026-05-02")
	      INV("Acme", "128.00", "EUR", "L-60", "2026-05-01")
	      "    Income\n\n");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_row_count(f.du), 1);
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	/* overdue: everything but L-0: 2 + 4 + 8 + 16 + 32 + 64 + 128 = 254.00 */
	assert_amt(&r->overdue, "254.00");
	assert_amt(&r->credits, "0");
	cr_assert_eq(r->nitems, 7, "L-0 is due today, not overdue");
	cr_assert_eq(r->level, 4, "the party's level is its highest item's");
	cr_assert_eq(r->oldest_due, D("2026-05-01"));
	cr_assert_eq(r->days, 60);
	cr_assert(r->notice_due, "never noticed before");
	cr_assert_eq(r->last_notice, DATE_NONE);
	cr_assert_eq(r->last_level, 0);
	assert_amt(&r->fee, "0");
	assert_amt(&r->interest, "0");
	static const struct {
		const char *inv;
		long days;
		uint8_t level;
	} want[] = {
		/* oldest due first */
		{ "L-60", 60, 4 }, { "L-59", 59, 3 }, { "L-30", 30, 3 }, { "L-29", 29, 2 },
		{ "L-15", 15, 2 }, { "L-14", 14, 1 }, { "L-1", 1, 1 },
	};
	for (size_t k = 0; k < ARRAY_SIZE(want); k++) {
		const struct dunning_item *di = dunning_row_item(f.du, r, k);
		cr_assert_str_eq(inv_of(&f, r, k), want[k].inv, "item %zu", k);
		cr_assert_eq(di->days, want[k].days, "%s: days", want[k].inv);
		cr_assert_eq(di->level, want[k].level, "%s: level %u, expected %u", want[k].inv,
			     di->level, want[k].level);
		cr_assert_eq(di->noticed, 0);
		cr_assert_not(di->charge);
	}
	cr_assert_eq(dunning_excluded_count(f.du), 0);
	cr_assert_eq(dunning_notices_due(f.du), 1);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, party_level_at_each_boundary)
{
	static const struct {
		const char *due; /* as of 2026-06-30 */
		long days;
		uint8_t level; /* 0: no row */
	} cases[] = {
		{ "2026-07-01", -1, 0 }, { "2026-06-30", 0, 0 }, { "2026-06-29", 1, 1 },
		{ "2026-06-16", 14, 1 }, { "2026-06-15", 15, 2 }, { "2026-06-01", 29, 2 },
		{ "2026-05-31", 30, 3 }, { "2026-05-02", 59, 3 }, { "2026-05-01", 60, 4 },
		{ "2025-06-30", 365, 4 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fixture f;
		char text[256];
		snprintf(text, sizeof(text),
			 "2025-06-01 * Bolt | invoice\n" INV("Bolt", "10.00", "EUR", "B-1", "%s")
				 "    Income\n\n",
			 cases[i].due);
		books(&f, "", false, text);
		run(&f, "2026-06-30");
		const struct dunning_row *r = find_row(&f, "Assets:Receivable:Bolt", "EUR");
		if (cases[i].level == 0) {
			cr_assert_null(r, "day %ld: no row", cases[i].days);
		} else {
			cr_assert_not_null(r, "day %ld: a row", cases[i].days);
			cr_assert_eq(r->level, cases[i].level, "day %ld: level %u, expected %u",
				     cases[i].days, r->level, cases[i].level);
			cr_assert_eq(r->days, cases[i].days);
			assert_amt(&r->overdue, "10.00");
		}
		cr_assert_eq(dunning_excluded_count(f.du), 0);
		teardown(&f);
	}
	ASSERT_NO_LEAKS();
}

Test(dunning, party_level_is_the_highest_item)
{
	struct fixture f;
	/* as of 2026-06-30: P-1 3 days (level 1), P-2 35 days (level 3) */
	books(&f, "", false,
	      "2026-05-01 * Acme | invoices\n" INV("Acme", "500.00", "EUR", "P-1", "2026-06-27")
		      INV("Acme", "20.00", "EUR", "P-2", "2026-05-26") "    Income\n\n");
	run(&f, "2026-06-30");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 3);
	cr_assert_eq(ditem(&f, r, "P-1")->level, 1);
	cr_assert_eq(ditem(&f, r, "P-2")->level, 3);
	cr_assert_eq(r->oldest_due, D("2026-05-26"));
	cr_assert_eq(r->days, 35);
	assert_amt(&r->overdue, "520.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* left out */

Test(dunning, disputed_item_excluded_and_listed)
{
	struct fixture f;
	/*
	 * As of 2026-06-30:
	 *   Acme DS-1 500.00, 40 days, disputed  -> left out, listed
	 *   Acme DS-2  20.00,  5 days            -> level 1, overdue 20.00
	 *   Bolt DS-3  70.00, 20 days, disputed  -> left out: Bolt has no row
	 */
	books(&f, "", false,
	      "2026-05-01 * Acme | invoices\n"
	      "    Assets:Receivable:Acme  500.00 EUR  ; invoice: DS-1, due: 2026-05-21, "
	      "dispute: goods damaged\n" INV("Acme", "20.00", "EUR", "DS-2", "2026-06-25")
		      "    Income\n\n"
		      "2026-05-02 * Bolt | invoice  ; dispute: price\n" INV(
			      "Bolt", "70.00", "EUR", "DS-3", "2026-06-10") "    Income\n\n");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_row_count(f.du), 1);
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 1, "the disputed item does not count for the level");
	assert_amt(&r->overdue, "20.00");
	cr_assert_eq(r->nitems, 1);
	cr_assert_str_eq(inv_of(&f, r, 0), "DS-2");
	cr_assert_eq(r->oldest_due, D("2026-06-25"));
	cr_assert_null(find_row(&f, "Assets:Receivable:Bolt", "EUR"));
	cr_assert_eq(dunning_excluded_count(f.du), 2);
	bool seen1 = false, seen3 = false;
	for (size_t i = 0; i < 2; i++) {
		const struct dunning_excluded *x = dunning_excluded(f.du, i);
		cr_assert_eq(x->why, DUNNING_DISPUTED);
		cr_assert_neq(x->item, NO_ID);
		cr_assert_eq(x->commodity, cur(&f, "EUR"));
		const struct openitem *it = openitems_item(f.oi, x->item);
		if (!strcmp(it->invoice, "DS-1")) {
			seen1 = true;
			assert_amt(&x->amount, "500.00");
			cr_assert_eq(openitems_party(f.oi, x->party)->account,
				     acc(&f, "Assets:Receivable:Acme"));
		} else if (!strcmp(it->invoice, "DS-3")) {
			seen3 = true;
			assert_amt(&x->amount, "70.00");
		}
	}
	cr_assert(seen1 && seen3, "both disputed items are listed");
	/* the notice names DS-2 only */
	char *t = notices(&f);
	cr_assert_not_null(strstr(t, "dunned: DS-2"), "%s", t);
	cr_assert_null(strstr(t, "DS-1"), "%s", t);
	free(t);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, party_opted_out)
{
	struct fixture f;
	/* Cole (dunning: no): 100.00 70 days + 40.00 3 days late; 25.00 not due */
	books(&f, "", false,
	      "2026-04-01 * Cole | invoices\n" INV("Cole", "100.00", "EUR", "N-1", "2026-04-21")
		      INV("Cole", "40.00", "EUR", "N-2", "2026-06-27")
			      INV("Cole", "25.00", "EUR", "N-3", "2026-07-15") "    Income\n\n");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_row_count(f.du), 0);
	cr_assert_eq(dunning_notices_due(f.du), 0);
	cr_assert_eq(dunning_excluded_count(f.du), 1);
	const struct dunning_excluded *x = dunning_excluded(f.du, 0);
	cr_assert_eq(x->why, DUNNING_PARTY_OPTED_OUT);
	cr_assert_eq(x->item, NO_ID, "a party-wide reason");
	cr_assert_eq(openitems_party(f.oi, x->party)->account, acc(&f, "Assets:Receivable:Cole"));
	cr_assert_eq(x->commodity, cur(&f, "EUR"));
	assert_amt(&x->amount, "140.00"); /* 100 + 40, the overdue part */
	char *t = notices(&f);
	cr_assert_str_eq(t, "");
	free(t);
	teardown(&f);

	/* nothing overdue: nothing to leave out */
	books(&f, "", false,
	      "2026-06-01 * Cole | invoice\n" INV("Cole", "25.00", "EUR", "N-3", "2026-07-15")
		      "    Income\n\n");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_row_count(f.du), 0);
	cr_assert_eq(dunning_excluded_count(f.du), 0);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, covered_by_credits)
{
	struct fixture f;
	/*
	 * As of 2026-06-30:
	 *   Acme CV-1 100.00, 20 days; paid 100.00 on account: covered (equal)
	 *   Bolt CV-2 100.00, 20 days; paid 30.00 on account and CV-3 (50.00)
	 *        paid 60.00: credits -30 - 10 = -40.00, not covered -> a row
	 */
	books(&f, "", false,
	      "2026-05-01 * invoices\n"
	      INV("Acme", "100.00", "EUR", "CV-1", "2026-06-10")
	      INV("Bolt", "100.00", "EUR", "CV-2", "2026-06-10")
	      INV("Bolt", "50.00", "EUR", "CV-3", "2026-06-10")
	      "    Income\n\n"
	      "2026-06-20 * payments\n"
	      "    Assets:Bank  190.00 EUR\n"
	      "    Assets:Receivable:Acme  -100.00 EUR\n"
	      "    Assets:Receivable:Bolt  -30.00 EUR\n"
	      "    Assets:Receivable:Bolt  -60.00 EUR  ; invoice: CV-3\n"
	      "\n");
	run(&f, "2026-06-30");
	cr_assert_null(find_row(&f, "Assets:Receivable:Acme", "EUR"));
	cr_assert_eq(dunning_excluded_count(f.du), 1);
	const struct dunning_excluded *x = dunning_excluded(f.du, 0);
	cr_assert_eq(x->why, DUNNING_COVERED);
	cr_assert_eq(x->item, NO_ID);
	cr_assert_eq(openitems_party(f.oi, x->party)->account, acc(&f, "Assets:Receivable:Acme"));
	assert_amt(&x->amount, "100.00");

	const struct dunning_row *r = row(&f, "Assets:Receivable:Bolt", "EUR");
	assert_amt(&r->overdue, "100.00");
	assert_amt(&r->credits, "-40.00");
	cr_assert_eq(r->level, 2, "20 days");
	cr_assert_eq(r->nitems, 1, "the over-paid item is a credit");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* sorting */

Test(dunning, sorting)
{
	struct fixture f;
	/*
	 * As of 2026-06-30 (day counts from the due dates):
	 *   Bolt  EUR  50.00, 35 days -> level 3
	 *   Acme  EUR 300.00, 20 days -> level 2
	 *   Zed   EUR 100.00, 20 days -> level 2, name "Alpha Trading"
	 *   Ann   EUR 100.00, 20 days -> level 2, name "Zulu Imports"
	 *   Acme  USD 5,000.00, 5 days -> level 1
	 * Order: level (highest first), overdue (highest first), then name:
	 *   Bolt, Acme EUR, Alpha (Zed), Zulu (Ann), Acme USD.
	 */
	books(&f, "", false,
	      "2026-05-01 * invoices\n"
	      INV("Ann", "100.00", "EUR", "S-1", "2026-06-10")
	      INV("Zed", "100.00", "EUR", "S-2", "2026-06-10")
	      INV("Acme", "300.00", "EUR", "S-3", "2026-06-10")
	      INV("Bolt", "50.00", "EUR", "S-4", "2026-05-26")
	      INV("Acme", "5,000.00", "USD", "S-5", "2026-06-25")
	      "    Income  -550.00 EUR\n"
	      "    Income  -5,000.00 USD\n\n");
	run(&f, "2026-06-30");
	static const char *const order[][2] = {
		{ "Assets:Receivable:Bolt", "EUR" }, { "Assets:Receivable:Acme", "EUR" },
		{ "Assets:Receivable:Zed", "EUR" },  { "Assets:Receivable:Ann", "EUR" },
		{ "Assets:Receivable:Acme", "USD" },
	};
	cr_assert_eq(dunning_row_count(f.du), ARRAY_SIZE(order));
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		const struct dunning_row *r = dunning_row(f.du, i);
		cr_assert_eq(r->account, acc(&f, order[i][0]), "row %zu is %s, expected %s", i,
			     journal_account_name(f.j, r->account), order[i][0]);
		cr_assert_eq(r->commodity, cur(&f, order[i][1]), "row %zu", i);
	}
	cr_assert_eq(dunning_row(f.du, 0)->level, 3);
	cr_assert_eq(dunning_row(f.du, 4)->level, 1);
	cr_assert_eq(dunning_notices_due(f.du), 5);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* policy */

Test(dunning, default_policy)
{
	struct fixture f;
	struct dunning_policy p;
	books(&f, "", false, "");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_policy_load(&p, f.j, NO_ID), 0);
	cr_assert_eq(p.account, acc(&f, "Assets:Receivable"));
	cr_assert_eq(p.nlevels, 4);
	cr_assert_eq(p.from_days[0], 1);
	cr_assert_eq(p.from_days[1], 15);
	cr_assert_eq(p.from_days[2], 30);
	cr_assert_eq(p.from_days[3], 60);
	cr_assert_eq(p.interval, 14);
	cr_assert_not(p.has_fees);
	cr_assert_not(p.has_interest);
	cr_assert_eq(p.fee_account, NO_ID);
	cr_assert_eq(p.interest_account, NO_ID);
	dunning_policy_release(&p);
	cr_assert_eq(dunning_policy(f.du)->nlevels, 4);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, custom_policy_tags)
{
	struct fixture f;
	struct dunning_policy p;
	books(&f,
	      ", dunning-levels: 5 20, dunning-interval: 7, dunning-fees: 1.50 4.00, "
	      "dunning-interest: 8.12%",
	      true, "");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_policy_load(&p, f.j, NO_ID), 0);
	cr_assert_eq(p.nlevels, 2);
	cr_assert_eq(p.from_days[0], 5);
	cr_assert_eq(p.from_days[1], 20);
	cr_assert_eq(p.interval, 7);
	cr_assert(p.has_fees);
	assert_amt(&p.fee[0], "1.50");
	assert_amt(&p.fee[1], "4.00");
	cr_assert(p.has_interest);
	assert_amt(&p.interest_pct, "8.12");
	cr_assert_eq(p.fee_account, acc(&f, "Income:Dunning Fees"));
	cr_assert_eq(p.interest_account, acc(&f, "Income:Interest"));
	dunning_policy_release(&p);
	teardown(&f);

	/* nine levels is the most; interval 0; fees all zero need no fees account */
	books(&f, ", dunning-levels: 1 2 3 4 5 6 7 8 9, dunning-interval: 0, "
		  "dunning-fees: 0 0 0 0 0 0 0 0 0", false, "");
	run(&f, "2026-06-30");
	cr_assert_eq(dunning_policy_load(&p, f.j, NO_ID), 0);
	cr_assert_eq(p.nlevels, 9);
	cr_assert_eq(p.from_days[8], 9);
	cr_assert_eq(p.interval, 0);
	cr_assert_not(p.has_fees);
	dunning_policy_release(&p);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, custom_levels_and_interval)
{
	struct fixture f;
	/* levels 5 20: day 4 nothing, 5 level 1, 19 level 1, 20 level 2, 100 level 2 */
	static const struct {
		const char *due; /* as of 2026-06-30 */
		uint8_t level;
	} cases[] = {
		{ "2026-06-26", 0 }, { "2026-06-25", 1 }, { "2026-06-11", 1 },
		{ "2026-06-10", 2 }, { "2026-03-22", 2 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[256];
		snprintf(text, sizeof(text),
			 "2026-01-01 * Acme | invoice\n" INV("Acme", "10.00", "EUR", "C-1", "%s")
				 "    Income\n\n",
			 cases[i].due);
		books(&f, ", dunning-levels: 5 20, dunning-interval: 7", false, text);
		run(&f, "2026-06-30");
		const struct dunning_row *r = find_row(&f, "Assets:Receivable:Acme", "EUR");
		if (!cases[i].level)
			cr_assert_null(r, "due %s: below the first level", cases[i].due);
		else
			cr_assert_eq(r ? r->level : 0, cases[i].level, "due %s", cases[i].due);
		teardown(&f);
	}

	/*
	 * Interval 7 with fees 1.50 4.00: C-1 due 2026-06-01, first notice on
	 * day 15 (2026-06-16, level 1, fee 1.50); day 20 (2026-06-21) is level
	 * 2 but 5 days after it: nothing; 2026-06-22: 6 days, nothing;
	 * 2026-06-23: 7 days, the second notice with fee 4.00.
	 */
	books(&f, ", dunning-levels: 5 20, dunning-interval: 7, dunning-fees: 1.50 4.00", true,
	      "2026-05-01 * Acme | invoice\n" INV("Acme", "10.00", "EUR", "C-1", "2026-06-01")
		      "    Income\n\n");
	run(&f, "2026-06-16");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 1);
	cr_assert(r->notice_due);
	assert_amt(&r->fee, "1.50");
	record(&f);
	run(&f, "2026-06-21");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 2);
	cr_assert_eq(r->last_notice, D("2026-06-16"));
	cr_assert_not(r->notice_due, "5 days after the last notice");
	assert_amt(&r->fee, "0");
	run(&f, "2026-06-22");
	cr_assert_not(row(&f, "Assets:Receivable:Acme", "EUR")->notice_due, "6 days");
	run(&f, "2026-06-23");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due, "7 days: the interval has passed");
	assert_amt(&r->fee, "4.00");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* Asserts that the policy tags `tags` are refused, naming the tag. */
static void assert_bad_policy(const char *tags, bool charge_accounts, const char *tag)
{
	struct fixture f;
	struct dunning_policy p;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	books(&f, tags, charge_accounts, "");
	f.d = (struct diag)DIAG_INIT;
	f.j = load_str(f.text.buf, &f.d);
	assert_no_diag(&f.d);
	clerk_error_clear();
	int rc = dunning_policy_load(&p, f.j, NO_ID);
	dunning_policy_release(&p);
	cr_assert_eq(rc, CLERK_EINVALID, "'%s': rc %d", tags, rc);
	const char *msg = clerk_error_last()->message;
	cr_assert_not_null(strstr(msg, "Assets:Receivable"), "'%s': %s", tags, msg);
	cr_assert_not_null(strstr(msg, tag), "'%s': %s", tags, msg);
	/* dunning_compute with the books' policy fails the same way */
	oo.as_of = D("2026-06-30");
	cr_assert_eq(openitems_compute(&f.oi, f.j, &oo), 0);
	static char dummy;
	f.du = (struct dunning *)(void *)&dummy;
	cr_assert_eq(dunning_compute(&f.du, f.j, f.oi, NULL), CLERK_EINVALID, "'%s'", tags);
	cr_assert_null(f.du);
	teardown(&f);
}

Test(dunning, policy_errors)
{
	assert_bad_policy(", dunning-levels: 15 1", true, "dunning-levels");
	assert_bad_policy(", dunning-levels: 1 1", true, "dunning-levels");
	assert_bad_policy(", dunning-levels: 0 15", true, "dunning-levels");
	assert_bad_policy(", dunning-levels: 1 x", true, "dunning-levels");
	assert_bad_policy(", dunning-levels: 1/15", true, "dunning-levels");
	assert_bad_policy(", dunning-levels: 1 2 3 4 5 6 7 8 9 10", true, "dunning-levels");
	assert_bad_policy(", dunning-interval: -1", true, "dunning-interval");
	assert_bad_policy(", dunning-interval: soon", true, "dunning-interval");
	assert_bad_policy(", dunning-interval: 2 weeks", true, "dunning-interval");
	/* one fee per level: 4 default levels */
	assert_bad_policy(", dunning-fees: 5.00 10.00", true, "dunning-fees");
	assert_bad_policy(", dunning-fees: 0 5.00 10.00 15.00 20.00", true, "dunning-fees");
	assert_bad_policy(", dunning-levels: 1 15 30 60 90, dunning-fees: 0 5.00 10.00 15.00", true,
			  "dunning-fees");
	assert_bad_policy(", dunning-fees: 0 five 10.00 15.00", true, "dunning-fees");
	/* fees without an account with role fees to credit them to */
	assert_bad_policy(", dunning-fees: 0 5.00 10.00 15.00", false, "dunning-fees");
	assert_bad_policy(", dunning-interest: lots", true, "dunning-interest");
	assert_bad_policy(", dunning-interest: 9.12", false, "dunning-interest");
	ASSERT_NO_LEAKS();
}

Test(dunning, explicit_policy)
{
	struct fixture f;
	struct dunning_policy p;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	/* the books say 1 15 30 60; the caller's policy (a copy, changed) wins */
	books(&f, "", false,
	      "2026-05-01 * Acme | invoice\n" INV("Acme", "10.00", "EUR", "E-1", "2026-06-20")
		      "    Income\n\n");
	f.d = (struct diag)DIAG_INIT;
	f.j = load_str(f.text.buf, &f.d);
	assert_no_diag(&f.d);
	oo.as_of = D("2026-06-30");
	cr_assert_eq(openitems_compute(&f.oi, f.j, &oo), 0);
	cr_assert_eq(dunning_policy_load(&p, f.j, NO_ID), 0);
	p.from_days[0] = 11; /* 10 days late: below the first level now */
	cr_assert_eq(dunning_compute(&f.du, f.j, f.oi, &p), 0);
	cr_assert_eq(dunning_row_count(f.du), 0);
	cr_assert_eq(dunning_policy(f.du)->from_days[0], 11);
	dunning_policy_release(&p);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* notices */

#define NOTICE_POLICY ", dunning-fees: 0 5.00 10.00 15.00"
#define NOTICE_BOOKS                                                                       \
	"2026-02-01 * Acme | invoice\n" INV("Acme", "1,000.00", "EUR", "INV-1", "2026-03-01") \
		"    Income\n\n"

Test(dunning, notices_recorded_and_read_back)
{
	struct fixture f;
	books(&f, NOTICE_POLICY, true, NOTICE_BOOKS);

	/* 2026-03-11: INV-1 10 days late, level 1, fee 0.00: a reminder without a fee */
	run(&f, "2026-03-11");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 1);
	cr_assert(r->notice_due);
	assert_amt(&r->fee, "0");
	char *t = notices(&f);
	cr_assert_str_eq(t, "2026-03-11 * Dunning notice 1 (reminder) to Acme GmbH  ; dunning-notice: 1\n"
			    "    Assets:Receivable:Acme  0.00 EUR\n"
			    "    Assets:Receivable:Acme  0.00 EUR  ; dunned: INV-1, dunning-level: 1\n"
			    "\n");
	free(t);
	record(&f);

	/* the same date again: nothing new */
	run(&f, "2026-03-11");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_not(r->notice_due);
	cr_assert_eq(r->last_notice, D("2026-03-11"));
	cr_assert_eq(r->last_level, 1);
	cr_assert_eq(ditem(&f, r, "INV-1")->noticed, 1);
	cr_assert_eq(dunning_notices_due(f.du), 0);
	t = notices(&f);
	cr_assert_str_eq(t, "", "nothing is due on the same date");
	free(t);

	/* 2026-03-15: day 14, still level 1: nothing */
	run(&f, "2026-03-15");
	cr_assert_not(row(&f, "Assets:Receivable:Acme", "EUR")->notice_due);

	/* 2026-03-24: day 23, level 2, but 13 days after the reminder: nothing yet */
	run(&f, "2026-03-24");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 2);
	cr_assert_not(r->notice_due, "before the interval");
	assert_amt(&r->fee, "0");

	/* 2026-03-25: 14 days after it: the second reminder with a fee of 5.00, due 2026-04-08 */
	run(&f, "2026-03-25");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due, "the interval has passed");
	cr_assert_eq(r->level, 2);
	assert_amt(&r->fee, "5.00");
	t = notices(&f);
	cr_assert_str_eq(
		t, "2026-03-25 * Dunning notice 2 (second-reminder) to Acme GmbH  ; dunning-notice: 2\n"
		   "    Assets:Receivable:Acme  0.00 EUR\n"
		   "    Assets:Receivable:Acme  0.00 EUR  ; dunned: INV-1, dunning-level: 2\n"
		   "    Assets:Receivable:Acme  5.00 EUR  ; invoice: FEE-2026-03-25, due: 2026-04-08, "
		   "dunning-fee: 2\n"
		   "    Income:Dunning Fees  -5.00 EUR\n"
		   "\n");
	free(t);
	record(&f);

	/* read back on the same date: the fee is its own item, not yet due; nothing new */
	run(&f, "2026-03-25");
	size_t idx;
	cr_assert_eq(openitems_find(&idx, f.oi, acc(&f, "Assets:Receivable:Acme"), cur(&f, "EUR"),
				    "FEE-2026-03-25"),
		     0);
	cr_assert_eq(openitems_item(f.oi, idx)->due, D("2026-04-08"));
	assert_amt(&openitems_item(f.oi, idx)->open, "5.00");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_not(r->notice_due);
	cr_assert_eq(r->last_level, 2);
	assert_amt(&r->overdue, "1000.00");
	cr_assert_eq(r->nitems, 1);

	/*
	 * 2026-04-20: INV-1 50 days late (level 3), the fee 12 days late (a
	 * charge, level 0), 26 days after the last notice: the final notice,
	 * fee 10.00; overdue 1,000.00 + 5.00.
	 */
	run(&f, "2026-04-20");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due);
	cr_assert_eq(r->level, 3);
	cr_assert_eq(r->days, 50, "of the oldest item, not counting fees");
	cr_assert_eq(r->oldest_due, D("2026-03-01"));
	assert_amt(&r->overdue, "1005.00");
	assert_amt(&r->fee, "10.00");
	cr_assert_eq(r->nitems, 2);
	const struct dunning_item *fee = ditem(&f, r, "FEE-2026-03-25");
	cr_assert(fee->charge);
	cr_assert_eq(fee->level, 0);
	cr_assert_eq(fee->days, 12);
	cr_assert_eq(ditem(&f, r, "INV-1")->noticed, 2);
	t = notices(&f);
	cr_assert_not_null(strstr(t, "Dunning notice 3 (final-notice) to Acme GmbH  ; dunning-notice: 3\n"),
			   "%s", t);
	cr_assert_not_null(strstr(t, "; dunned: INV-1, dunning-level: 3\n"), "%s", t);
	cr_assert_null(strstr(t, "dunned: FEE"), "a fee is not dunned itself: %s", t);
	cr_assert_not_null(strstr(t, "10.00 EUR  ; invoice: FEE-2026-04-20, due: 2026-05-04, "
				     "dunning-fee: 3\n"),
			   "%s", t);
	free(t);
	record(&f);

	/* INV-1 paid: the fees stay open, but a fee alone never starts dunning */
	strbuf_addstr(&f.text, "2026-04-21 * Acme | pays the invoice\n"
			       "    Assets:Bank  1,000.00 EUR\n"
			       "    Assets:Receivable:Acme  -1,000.00 EUR  ; invoice: INV-1\n\n");
	run(&f, "2026-06-30");
	cr_assert_eq(openitems_count(f.oi), 2, "FEE-2026-03-25 and FEE-2026-04-20");
	cr_assert_null(find_row(&f, "Assets:Receivable:Acme", "EUR"),
		       "fees 57 and 87 days late raise no level");
	cr_assert_eq(dunning_excluded_count(f.du), 0);
	cr_assert_eq(dunning_notices_due(f.du), 0);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, only_notices_up_to_the_date_count)
{
	struct fixture f;
	books(&f, "", false, NOTICE_BOOKS);
	run(&f, "2026-04-10"); /* 40 days: level 3 */
	cr_assert_eq(row(&f, "Assets:Receivable:Acme", "EUR")->level, 3);
	record(&f);
	/* a day earlier the notice of 2026-04-10 did not exist yet */
	run(&f, "2026-04-09");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due);
	cr_assert_eq(r->last_notice, DATE_NONE);
	cr_assert_eq(ditem(&f, r, "INV-1")->noticed, 0);
	/* levels may be skipped: the first notice is a final notice at once */
	run(&f, "2026-04-10");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_not(r->notice_due);
	cr_assert_eq(r->last_level, 3);
	/* 2026-04-30: day 60, level 4, 20 days after: the next level goes out */
	run(&f, "2026-04-30");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(r->level, 4);
	cr_assert(r->notice_due);
	char *t = notices(&f);
	cr_assert_not_null(strstr(t, "Dunning notice 4 (collections)"), "%s", t);
	free(t);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, new_item_after_a_notice)
{
	struct fixture f;
	/* INV-1 noticed at level 1; a new overdue INV-2 (level 1, never noticed) is due a notice */
	books(&f, "", false,
	      NOTICE_BOOKS
	      "2026-03-01 * Acme | second invoice\n"
	      INV("Acme", "40.00", "EUR", "INV-2", "2026-03-20")
	      "    Income\n\n");
	run(&f, "2026-03-05"); /* INV-1 4 days, INV-2 not due */
	cr_assert_eq(row(&f, "Assets:Receivable:Acme", "EUR")->nitems, 1);
	record(&f);
	run(&f, "2026-03-18"); /* 13 days later: INV-1 still level 1, INV-2 not due */
	cr_assert_not(row(&f, "Assets:Receivable:Acme", "EUR")->notice_due);
	run(&f, "2026-03-21"); /* INV-1 20 days (2), INV-2 1 day (1), 16 days after */
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due);
	cr_assert_eq(ditem(&f, r, "INV-1")->noticed, 1);
	cr_assert_eq(ditem(&f, r, "INV-2")->noticed, 0);
	char *t = notices(&f);
	cr_assert_not_null(strstr(t, "dunned: INV-1, dunning-level: 2\n"), "%s", t);
	cr_assert_not_null(strstr(t, "dunned: INV-2, dunning-level: 1\n"), "%s", t);
	free(t);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* interest */

Test(dunning, interest_per_item_and_from_the_last_notice)
{
	struct fixture f;
	books(&f, ", dunning-interest: 9.12", true,
	      "2026-01-01 * Acme | invoices\n" INV("Acme", "1,000.00", "EUR", "I-1", "2026-01-31")
		      INV("Acme", "250.00", "EUR", "I-2", "2026-02-20") "    Income\n\n");
	/*
	 * As of 2026-03-02 (2026 is not a leap year):
	 *   I-1 due 2026-01-31: 30 days, level 3;
	 *       1000.00 x 9.12/100 x 30/365 = 2736/365 = 7.49589... -> 7.50
	 *   I-2 due 2026-02-20: 10 days, level 1;
	 *        250.00 x 9.12/100 x 10/365 = 228/365 = 0.62465... -> 0.62
	 *   interest with the notice: 7.50 + 0.62 = 8.12
	 */
	run(&f, "2026-03-02");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due);
	cr_assert_eq(r->level, 3);
	assert_amt(&ditem(&f, r, "I-1")->interest, "7.50");
	assert_amt(&ditem(&f, r, "I-2")->interest, "0.62");
	assert_amt(&r->interest, "8.12");
	assert_amt(&r->fee, "0");
	char *t = notices(&f);
	cr_assert_str_eq(
		t, "2026-03-02 * Dunning notice 3 (final-notice) to Acme GmbH  ; dunning-notice: 3\n"
		   "    Assets:Receivable:Acme  0.00 EUR\n"
		   "    Assets:Receivable:Acme  0.00 EUR  ; dunned: I-1, dunning-level: 3, "
		   "interest-until: 2026-03-02\n"
		   "    Assets:Receivable:Acme  0.00 EUR  ; dunned: I-2, dunning-level: 1, "
		   "interest-until: 2026-03-02\n"
		   "    Assets:Receivable:Acme  8.12 EUR  ; invoice: INT-2026-03-02, due: 2026-03-16, "
		   "dunning-interest: 9.12\n"
		   "    Income:Interest  -8.12 EUR\n"
		   "\n");
	free(t);
	record(&f);

	/* read back on the same date: no notice, so no interest either */
	run(&f, "2026-03-02");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_not(r->notice_due);
	assert_amt(&r->interest, "0");

	/*
	 * As of 2026-04-01 (30 days after the notice; I-1 60 days late: level 4):
	 * interest from interest-until 2026-03-02, 30 days:
	 *   I-1 1000.00 x 9.12/100 x 30/365 = 7.49589... -> 7.50
	 *   I-2  250.00 x 9.12/100 x 30/365 = 684/365 = 1.87397... -> 1.87
	 *   INT-2026-03-02 (8.12, due 2026-03-16, 16 days late): a charge, no interest
	 * interest 9.37; overdue 1000.00 + 250.00 + 8.12 = 1258.12
	 */
	run(&f, "2026-04-01");
	r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due);
	cr_assert_eq(r->level, 4, "from I-1, not from the interest item");
	assert_amt(&ditem(&f, r, "I-1")->interest, "7.50");
	assert_amt(&ditem(&f, r, "I-2")->interest, "1.87");
	const struct dunning_item *charge = ditem(&f, r, "INT-2026-03-02");
	cr_assert(charge->charge);
	cr_assert_eq(charge->level, 0);
	cr_assert_eq(charge->days, 16);
	assert_amt(&charge->interest, "0");
	assert_amt(&r->interest, "9.37");
	assert_amt(&r->overdue, "1258.12");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, interest_rounds_half_even_per_item)
{
	struct fixture f;
	/*
	 * 10 % a year, 73 days (due 2026-04-18, as of 2026-06-30): factor
	 * 10/100 x 73/365 = 0.02 exactly.
	 *   H-1 1.25 -> 0.025 -> 0.02 (half-even; half-up would give 0.03)
	 *   H-2 1.25 -> 0.025 -> 0.02
	 *   H-3 1.75 -> 0.035 -> 0.04 (half-even rounds to the even 4)
	 * The notice charges the sum of the rounded items: 0.08 (rounding
	 * H-1 + H-2 together would give 0.05 for those two, not 0.04).
	 */
	books(&f, ", dunning-interest: 10", true,
	      "2026-04-01 * Acme | small invoices\n" INV("Acme", "1.25", "EUR", "H-1", "2026-04-18")
		      INV("Acme", "1.25", "EUR", "H-2", "2026-04-18")
			      INV("Acme", "1.75", "EUR", "H-3", "2026-04-18") "    Income\n\n");
	run(&f, "2026-06-30");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert_eq(ditem(&f, r, "H-1")->days, 73);
	assert_amt(&ditem(&f, r, "H-1")->interest, "0.02");
	assert_amt(&ditem(&f, r, "H-2")->interest, "0.02");
	assert_amt(&ditem(&f, r, "H-3")->interest, "0.04");
	assert_amt(&r->interest, "0.08");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

Test(dunning, fees_and_interest_together)
{
	struct fixture f;
	/*
	 * Fees 0 5.00 10.00 15.00 and 9.12 %: Bolt B-1 400.00 due 2026-05-01,
	 * as of 2026-06-30: 60 days, level 4, fee 15.00;
	 * interest 400.00 x 9.12/100 x 60/365 = 2188.8/365 = 5.99671... -> 6.00.
	 */
	books(&f, NOTICE_POLICY ", dunning-interest: 9.12", true,
	      "2026-04-01 * Bolt | invoice\n" INV("Bolt", "400.00", "EUR", "B-1", "2026-05-01")
		      "    Income\n\n");
	run(&f, "2026-06-30");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Bolt", "EUR");
	cr_assert_eq(r->level, 4);
	assert_amt(&r->fee, "15.00");
	assert_amt(&r->interest, "6.00");
	char *t = notices(&f);
	cr_assert_not_null(strstr(t, "    Assets:Receivable:Bolt  15.00 EUR  ; invoice: FEE-2026-06-30, "
				     "due: 2026-07-14, dunning-fee: 4\n"
				     "    Income:Dunning Fees  -15.00 EUR\n"
				     "    Assets:Receivable:Bolt  6.00 EUR  ; invoice: INT-2026-06-30, "
				     "due: 2026-07-14, dunning-interest: 9.12\n"
				     "    Income:Interest  -6.00 EUR\n"),
			   "%s", t);
	free(t);
	record(&f);
	/* both are their own open items after recording, and nothing is due again */
	run(&f, "2026-06-30");
	size_t idx;
	uint32_t bolt = acc(&f, "Assets:Receivable:Bolt"), eur = cur(&f, "EUR");
	cr_assert_eq(openitems_find(&idx, f.oi, bolt, eur, "FEE-2026-06-30"), 0);
	assert_amt(&openitems_item(f.oi, idx)->open, "15.00");
	cr_assert_eq(openitems_find(&idx, f.oi, bolt, eur, "INT-2026-06-30"), 0);
	assert_amt(&openitems_item(f.oi, idx)->open, "6.00");
	cr_assert_eq(dunning_notices_due(f.du), 0);
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* interval 0 */

/*
 * Regression test for a bug found by this suite and fixed in src/dunning.c:
 * with `dunning-interval: 0` a party can be due a second notice on the date
 * of its last one (here: INV-1 noticed at level 2 with fee 5.00, then an
 * older invoice INV-0 is booked the same day). The second notice's fee used
 * to be numbered FEE-2026-03-25 again, so the recorded books failed
 * journal_check ("duplicate invoice"). It must get a number of its own.
 */
Test(dunning, interval_zero_second_notice_same_day)
{
	struct fixture f;
	books(&f, ", dunning-interval: 0" NOTICE_POLICY, true, NOTICE_BOOKS);
	run(&f, "2026-03-25");
	record(&f);
	strbuf_addstr(&f.text, "2026-03-25 * Acme | late booking\n"
			       INV("Acme", "7.00", "EUR", "INV-0", "2026-03-05")
			       "    Income\n\n");
	run(&f, "2026-03-25");
	const struct dunning_row *r = row(&f, "Assets:Receivable:Acme", "EUR");
	cr_assert(r->notice_due, "interval 0: a new item is noticed at once");
	assert_amt(&r->fee, "5.00");
	char *t = notices(&f);
	cr_assert_null(strstr(t, "invoice: FEE-2026-03-25,"), "the fee number is reused:\n%s", t);
	cr_assert_not_null(strstr(t, "invoice: FEE-2026-03-25-"), "%s", t);
	free(t);
	record(&f);
	run(&f, "2026-03-25"); /* the books still check: no duplicate invoice */
	cr_assert_not(row(&f, "Assets:Receivable:Acme", "EUR")->notice_due);
	size_t n = 0;
	for (size_t i = 0; i < openitems_count(f.oi); i++)
		n += !strncmp(openitems_item(f.oi, i)->invoice, "FEE-2026-03-25", 14);
	cr_assert_eq(n, 2, "two fee items");
	teardown(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* letters (src/letters.h): the sender, what a letter shows, file names */

#include "letters.h"

/* Books with a bank account tagged bank_tags, the customers given and their overdue invoices. */
struct lbooks {
	struct journal *j;
	struct openitems *oi;
	struct dunning *du;
	struct diag d;
};

static void lbooks_load(struct lbooks *b, const char *bank_tags, const char *customers,
			const char *txns)
{
	struct strbuf t = STRBUF_INIT;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	memset(b, 0, sizeof(*b));
	strbuf_addstr(&t, "commodity 1,000.00 EUR\ncommodity 1,000.00 USD\n");
	strbuf_addf(&t, "account Assets:Bank  ; role: bank%s\n", bank_tags);
	strbuf_addstr(&t, "account Assets:Receivable  ; role: receivable\n");
	strbuf_addstr(&t, customers);
	strbuf_addstr(&t, "account Income\n\n");
	strbuf_addstr(&t, txns);
	b->j = load_str(t.buf, &b->d);
	assert_no_diag(&b->d);
	oo.as_of = D("2026-11-28");
	cr_assert_eq(openitems_compute(&b->oi, b->j, &oo), 0);
	cr_assert_eq(dunning_compute(&b->du, b->j, b->oi, NULL), 0, "%s", clerk_error_last()->message);
	strbuf_release(&t);
}

static void lbooks_free(struct lbooks *b)
{
	dunning_free(b->du);
	openitems_free(b->oi);
	journal_free(b->j);
	diag_release(&b->d);
}

/* An invoice of 100.00 EUR to party (the account's last part), due 2026-11-01. */
#define LINV(party, inv)                                                                   \
	"2026-10-01 * invoice " inv "\n    Assets:Receivable:" party "  100.00 EUR  ; invoice: " \
	inv ", due: 2026-11-01\n    Income\n\n"

Test(letters, sender_from_the_first_bank_account_with_iban_and_name)
{
	struct lbooks b;
	struct letter_sender s;
	/* the first bank account lacks a name, the second has both: the second is the sender */
	lbooks_load(&b, ", iban: DE89370400440532013000",
		    "account Assets:Bank:Second  ; iban: DE02120300000000202051, name: Us GmbH, bic: BYLADEM1001\n"
		    "account Assets:Receivable:Acme  ; name: Acme GmbH\n",
		    LINV("Acme", "A-1"));
	letters_sender(&s, b.j);
	cr_assert_null(letters_sender_problem(&s));
	cr_assert_str_eq(s.name, "Us GmbH");
	cr_assert_str_eq(s.iban, "DE02120300000000202051");
	cr_assert_str_eq(s.bic, "BYLADEM1001");
	cr_assert_eq(s.account, journal_find_account(b.j, "Assets:Bank:Second"));
	lbooks_free(&b);
	ASSERT_NO_LEAKS();
}

Test(letters, sender_problems)
{
	struct lbooks b;
	struct letter_sender s;
	const char *p;

	/* an IBAN but no name (or a blank one): no sender */
	lbooks_load(&b, ", iban: DE89370400440532013000, name: ", "account Assets:Receivable:Acme\n",
		    LINV("Acme", "A-1"));
	letters_sender(&s, b.j);
	cr_assert_null(s.name, "a blank name is no name");
	cr_assert_eq(s.account, journal_find_account(b.j, "Assets:Bank"));
	cr_assert_not_null(p = letters_sender_problem(&s));
	cr_assert_not_null(strstr(p, "no 'name:'"), "%s", p);
	lbooks_free(&b);

	/* a name but no IBAN: nowhere to pay */
	lbooks_load(&b, ", name: Us GmbH", "account Assets:Receivable:Acme\n", LINV("Acme", "A-1"));
	letters_sender(&s, b.j);
	cr_assert_eq(s.account, journal_find_account(b.j, "Assets:Bank"));
	cr_assert_not_null(p = letters_sender_problem(&s));
	cr_assert_not_null(strstr(p, "'iban:'"), "%s", p);
	lbooks_free(&b);

	/* no bank account at all */
	struct diag d = DIAG_INIT;
	struct journal *j = load_str("account Assets:Receivable  ; role: receivable\n", &d);
	assert_no_diag(&d);
	letters_sender(&s, j);
	cr_assert_eq(s.account, NO_ID);
	cr_assert_not_null(p = letters_sender_problem(&s));
	cr_assert_not_null(strstr(p, "no account with 'role: bank'"), "%s", p);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

static int collect_letter(void *ctx, const char *name, const struct strbuf *body)
{
	struct strbuf *all = ctx;
	strbuf_addf(all, "==> %s\n", name);
	strbuf_add(all, body->buf, body->len);
	return 0;
}

Test(letters, no_letter_without_a_sender)
{
	struct lbooks b;
	struct strbuf all = STRBUF_INIT;
	lbooks_load(&b, ", iban: DE89370400440532013000", "account Assets:Receivable:Acme\n",
		    LINV("Acme", "A-1"));
	cr_assert_eq(dunning_notices_due(b.du), 1);
	int rc = letters_each(b.du, b.j, b.oi, D("2026-11-28"), collect_letter, &all);
	cr_assert_eq(rc, CLERK_EINVALID);
	cr_assert_eq(all.len, 0, "nothing emitted:\n%s", all.buf);
	cr_assert_not_null(strstr(clerk_error_last()->message, "cannot write letters: "), "%s",
			   clerk_error_last()->message);
	strbuf_release(&all);
	lbooks_free(&b);
	ASSERT_NO_LEAKS();
}

Test(letters, a_letter_shows_no_account_names)
{
	struct lbooks b;
	struct strbuf all = STRBUF_INIT;
	lbooks_load(&b, ", iban: DE89370400440532013000, name: Lumen & Letter GmbH",
		    "account Assets:Receivable:Baecker  ; name: Bäckerei Müller KG, email: b@example.com\n",
		    LINV("Baecker", "INV-7") LINV("Baecker", "INV-8"));
	cr_assert_eq(letters_each(b.du, b.j, b.oi, D("2026-11-28"), collect_letter, &all), 0);
	cr_assert_not_null(strstr(all.buf, "==> 2026-11-28-2-baecker-EUR.txt\n"), "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "==> 2026-11-28-2-baecker-EUR.html\n"), "%s", all.buf);
	cr_assert_null(strstr(all.buf, "Assets:"), "an account name in a letter:\n%s", all.buf);
	cr_assert_null(strstr(all.buf, "Our account"), "%s", all.buf);
	cr_assert_null(strstr(all.buf, "(our company)"), "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "Lumen & Letter GmbH\n2026-11-28\n\nTo: Bäckerei Müller KG\n"),
			   "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "Dear Bäckerei Müller KG,"), "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "<p>Lumen &amp; Letter GmbH<br>2026-11-28</p>"), "%s",
			   all.buf);
	cr_assert_not_null(strstr(all.buf, "\nINV-7 "), "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "<td>INV-8</td>"), "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "Please transfer it to Lumen & Letter GmbH\nIBAN: DE89 3704"),
			   "%s", all.buf);
	cr_assert_not_null(strstr(all.buf, "Kind regards,\nLumen & Letter GmbH\n"), "%s", all.buf);
	strbuf_release(&all);
	lbooks_free(&b);
	ASSERT_NO_LEAKS();
}

/* The file name of the only row of books whose single customer's account ends in `last`. */
static char *name_of_party(const char *last)
{
	struct lbooks b;
	struct strbuf cust = STRBUF_INIT, tx = STRBUF_INIT, name = STRBUF_INIT;
	strbuf_addf(&cust, "account Assets:Receivable:%s\n", last);
	strbuf_addf(&tx, "2026-10-01 * invoice\n    Assets:Receivable:%s  1.00 EUR  ; invoice: I-1, "
			 "due: 2026-11-20\n    Income\n\n", last);
	lbooks_load(&b, ", iban: DE89370400440532013000, name: Us", cust.buf, tx.buf);
	cr_assert_eq(dunning_row_count(b.du), 1);
	letters_file_name(&name, dunning_row(b.du, 0), b.j, D("2026-11-28"));
	lbooks_free(&b);
	strbuf_release(&cust);
	strbuf_release(&tx);
	return strbuf_detach(&name, NULL);
}

Test(letters, file_names_keep_letters_in_nfc)
{
	static const struct { const char *party, *want; } cases[] = {
		{ "Bäckerei Müller", "bäckerei-müller" },
		{ "BÄCKEREI MÜLLER", "bäckerei-müller" },
		{ "Mu\xcc\x88ller", "m\xc3\xbcller" },          /* decomposed u + diaeresis: NFC */
		{ "Straße Öl Ærø", "straße-öl-ærø" },
		{ "Crème Brûlée & Façade", "crème-brûlée-façade" },
		{ "Łódź Škoda Čapek", "łódź-škoda-čapek" },
		{ "Rīga Jūrmala", "rīga-jūrmala" },
		{ "3×4÷2", "3-4-2" },                           /* signs are no letters */
		{ "Δέλτα", "δέλτα" },
		{ "東京 Tokyo", "東京-tokyo" },
		{ "--Acme (Nord)--", "acme-nord" },
		{ "Acme\xe2\x80\x8f\xe2\x80\xae" "Evil", "acme-evil" }, /* bidi controls */
		{ "\xcc\x88" "Acme", "acme" },                 /* a mark opening the name */
		{ "x/../y\\z.txt", "x-y-z-txt" },
		{ "\xe2\x80\x8b", "party" },                   /* nothing left */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *n = name_of_party(cases[i].party);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "2026-11-28-1-%s-EUR", cases[i].want);
		cr_expect_str_eq(n, want.buf, "%s", cases[i].party);
		for (const char *p = n; *p; p++)
			cr_expect((unsigned char)*p >= 0x80 || strchr("abcdefghijklmnopqrstuvwxyz0123456789-EUR", *p),
				  "%s: byte %02x", n, (unsigned char)*p);
		strbuf_release(&want);
		free(n);
	}
	ASSERT_NO_LEAKS();
}

/* A long name is cut at 100 bytes, between characters: 60 a-umlauts give 50. */
Test(letters, file_names_cut_long_names)
{
	struct strbuf party = STRBUF_INIT, want = STRBUF_INIT;
	for (int i = 0; i < 60; i++)
		strbuf_addstr(&party, "ä");
	strbuf_addstr(&want, "2026-11-28-1-");
	for (int i = 0; i < 50; i++)
		strbuf_addstr(&want, "ä");
	strbuf_addstr(&want, "-EUR");
	char *n = name_of_party(party.buf);
	cr_expect_str_eq(n, want.buf);
	free(n);
	strbuf_release(&party);
	strbuf_release(&want);
	ASSERT_NO_LEAKS();
}

Test(letters, two_parties_never_share_a_file)
{
	struct lbooks b;
	struct strbuf all = STRBUF_INIT;
	/*
	 * Mueller, MUELLER and Nord:Mueller all make "mueller"; "Mueller 2"
	 * makes "mueller-2" on its own, so the third of the group gets -3.
	 * In account order: MUELLER (upper case sorts first) keeps the name,
	 * Mueller gets -3 (as -2 is taken), Nord:Mueller -4. Nord:Müller and
	 * Süd:Müller make "müller": Nord keeps it, Süd gets -2. Two currencies
	 * of one party differ by their symbol already.
	 */
	lbooks_load(&b, ", iban: DE89370400440532013000, name: Us",
		    "account Assets:Receivable:Süd:Müller\naccount Assets:Receivable:Nord:Müller\n"
		    "account Assets:Receivable:Mueller\naccount Assets:Receivable:Mueller 2\n"
		    "account Assets:Receivable:MUELLER\naccount Assets:Receivable:Nord:Mueller\n",
		    LINV("Süd:Müller", "S-1") LINV("Nord:Müller", "N-1") LINV("Mueller", "M-1")
		    LINV("Mueller 2", "M2-1") LINV("MUELLER", "MU-1") LINV("Nord:Mueller", "NM-1")
		    "2026-10-01 * usd\n    Assets:Receivable:Mueller  5.00 USD  ; invoice: M-2, due: 2026-11-01\n"
		    "    Income\n\n");
	char **names = letters_file_names(b.du, b.j, D("2026-11-28"));
	struct { const char *account, *sym, *want; } want[] = {
		{ "Assets:Receivable:MUELLER", "EUR", "2026-11-28-2-mueller-EUR" },
		{ "Assets:Receivable:Mueller", "USD", "2026-11-28-2-mueller-USD" },
		{ "Assets:Receivable:Mueller 2", "EUR", "2026-11-28-2-mueller-2-EUR" },
		{ "Assets:Receivable:Mueller", "EUR", "2026-11-28-2-mueller-3-EUR" },
		{ "Assets:Receivable:Nord:Mueller", "EUR", "2026-11-28-2-mueller-4-EUR" },
		{ "Assets:Receivable:Nord:Müller", "EUR", "2026-11-28-2-müller-EUR" },
		{ "Assets:Receivable:Süd:Müller", "EUR", "2026-11-28-2-müller-2-EUR" },
	};
	cr_assert_eq(dunning_row_count(b.du), ARRAY_SIZE(want));
	for (size_t k = 0; k < ARRAY_SIZE(want); k++) {
		bool found = false;
		for (size_t i = 0; i < dunning_row_count(b.du); i++) {
			const struct dunning_row *r = dunning_row(b.du, i);
			if (strcmp(journal_account_name(b.j, r->account), want[k].account) ||
			    strcmp(commodity_symbol(&b.j->commodities, r->commodity), want[k].sym))
				continue;
			found = true;
			cr_expect_str_eq(names[i], want[k].want, "%s %s", want[k].account, want[k].sym);
		}
		cr_assert(found, "no row for %s %s", want[k].account, want[k].sym);
	}
	/* the letters themselves: fourteen files, all names different */
	cr_assert_eq(letters_each(b.du, b.j, b.oi, D("2026-11-28"), collect_letter, &all), 0);
	size_t n = 0;
	for (const char *p = all.buf; (p = strstr(p, "==> ")); p++)
		n++;
	cr_assert_eq(n, 14);
	for (size_t i = 0; i < dunning_row_count(b.du); i++)
		for (size_t k = i + 1; k < dunning_row_count(b.du); k++)
			cr_assert_str_neq(names[i], names[k]);
	letters_file_names_free(names, b.du);
	strbuf_release(&all);
	lbooks_free(&b);
	ASSERT_NO_LEAKS();
}

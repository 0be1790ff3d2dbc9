/*
 * test_close.c - closing a period (src/close.h, formats/close.md): which
 * accounts are income and expenses, the closing transaction's exact sums,
 * the checks before a close, the new root read back (balances and open
 * items as in the old books) and the seal.
 *
 * Every expected figure is worked out by hand in the comments beside it.
 */
#include "helpers.h"

#include "close.h"
#include "history.h"
#include "openitems.h"
#include "sha256.h"

#include <stdio.h>
#include <unistd.h>

#define CHART                                                                        \
	"commodity 1,000.00 EUR\n"                                                   \
	"commodity 1,000.00 USD\n"                                                   \
	"account Assets:Bank  ; role: bank\n"                                        \
	"account Assets:Receivable  ; role: receivable\n"                            \
	"account Assets:Receivable:Acme  ; terms: net 30\n"                          \
	"account Liabilities:Payable  ; role: payable\n"                             \
	"account Liabilities:Payable:Paper\n"                                        \
	"account Equity:Retained  ; role: retained\n"                                \
	"account Revenue:Sales\n"                                                    \
	"account Expenses:Office\n"                                                  \
	"account Assets:Writeoff  ; role: writeoff\n"                                \
	"account Other:Cost  ; type: X\n"                                            \
	"account Income:Kept  ; type: A\n"                                           \
	"\n"

#define BOOKS                                                                        \
	CHART                                                                        \
	"2026-01-10 * Acme  ; invoice: A-1\n"                                        \
	"    Assets:Receivable:Acme  1,190.00 EUR\n"                                  \
	"    Revenue:Sales  -1,190.00 EUR\n"                                          \
	"2026-02-01 * Acme pays part\n"                                              \
	"    Assets:Bank  400.00 EUR\n"                                               \
	"    Assets:Receivable:Acme  -400.00 EUR  ; invoice: A-1\n"                   \
	"2026-02-05 * Acme on account\n"                                             \
	"    Assets:Bank  10.00 EUR\n"                                                \
	"    Assets:Receivable:Acme  -10.00 EUR\n"                                    \
	"2026-03-01 * Paper  ; invoice: P-7, due: 2026-03-20\n"                      \
	"    Liabilities:Payable:Paper  -200.00 EUR\n"                                \
	"    Expenses:Office  200.00 EUR\n"                                           \
	"2026-03-02 * dollars\n"                                                     \
	"    Assets:Bank  50.00 USD\n"                                                \
	"    Revenue:Sales  -50.00 USD\n"                                             \
	"2026-03-03 * odd costs\n"                                                   \
	"    Other:Cost  0.05 EUR\n"                                                  \
	"    Assets:Writeoff  1.00 EUR\n"                                             \
	"    Assets:Bank  -1.05 EUR\n"

static struct journal *load_ok(const char *text)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	diag_release(&d);
	return j;
}

static uint32_t acc(const struct journal *j, const char *name)
{
	uint32_t a = journal_find_account(j, name);
	cr_assert_neq(a, NO_ID, "no account %s", name);
	return a;
}

Test(close, income_and_expenses)
{
	struct journal *j = load_ok(BOOKS);
	cr_assert(close_is_pl(j, acc(j, "Revenue:Sales")));      /* by name */
	cr_assert(close_is_pl(j, acc(j, "Expenses:Office")));    /* by name */
	cr_assert(close_is_pl(j, acc(j, "Assets:Writeoff")));    /* by role */
	cr_assert(close_is_pl(j, acc(j, "Other:Cost")));         /* type: X */
	cr_assert_not(close_is_pl(j, acc(j, "Income:Kept")));    /* type: A wins over the name */
	cr_assert_not(close_is_pl(j, acc(j, "Equity:Retained")));
	cr_assert_not(close_is_pl(j, acc(j, "Assets:Bank")));
	cr_assert_not(close_is_pl(j, acc(j, "Assets:Receivable:Acme")));
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(close, closing_transaction_exact_per_commodity)
{
	struct journal *j = load_ok(BOOKS);
	struct strbuf sb = STRBUF_INIT;
	close_closing_text(&sb, j, date_parse_iso("2026-12-31"));
	/* EUR: sales -1,190.00, office 200.00, cost 0.05, writeoff 1.00: net -988.95 to retained;
	 * USD: sales -50.00 */
	cr_assert_str_eq(sb.buf,
			 "2026-12-31 * Closing the period through 2026-12-31: income and expenses to "
			 "retained earnings  ; clerk-close: 2026-12-31\n"
			 "    Revenue:Sales  1,190.00 EUR\n"
			 "    Revenue:Sales  50.00 USD\n"
			 "    Expenses:Office  -200.00 EUR\n"
			 "    Assets:Writeoff  -1.00 EUR\n"
			 "    Other:Cost  -0.05 EUR\n"
			 "    Equity:Retained  -988.95 EUR\n"
			 "    Equity:Retained  -50.00 USD\n");
	/* through February only the invoice counts: 1,190.00 */
	strbuf_reset(&sb);
	close_closing_text(&sb, j, date_parse_iso("2026-02-28"));
	cr_assert(strstr(sb.buf, "    Equity:Retained  -1,190.00 EUR\n"), "%s", sb.buf);
	cr_assert_null(strstr(sb.buf, "Office"));
	/* nothing before the first transaction: still a closing transaction (it seals the books) */
	strbuf_reset(&sb);
	close_closing_text(&sb, j, date_parse_iso("2025-12-31"));
	cr_assert_str_eq(sb.buf, "2025-12-31 * Closing the period through 2025-12-31: no income or "
				 "expenses to carry  ; clerk-close: 2025-12-31\n"
				 "    Equity:Retained  0\n"
				 "    Equity:Retained  0\n");
	strbuf_release(&sb);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(close, precheck_refuses)
{
	struct journal *j = load_ok(BOOKS);
	struct diag d = DIAG_INIT;
	cr_assert_eq(close_precheck(j, date_parse_iso("2026-12-31"), &d), 0);
	/* a transaction after D */
	cr_assert_eq(close_precheck(j, date_parse_iso("2026-03-02"), &d), CLERK_EINVALID);
	char *s = diag_to_str(&d);
	cr_assert(strstr(s, "test.journal:30:1: error: a transaction dated after 2026-03-02"), "%s", s);
	free(s);
	diag_release(&d);
	journal_free(j);
	/* no retained account */
	j = load_ok("account Income:X\n2026-01-01 * x\n    Income:X  1.00 EUR\n    Assets:B  -1.00 EUR\n");
	d = (struct diag)DIAG_INIT;
	cr_assert_eq(close_precheck(j, date_parse_iso("2026-12-31"), &d), CLERK_EINVALID);
	s = diag_to_str(&d);
	cr_assert(strstr(s, "no account has 'role: retained'"), "%s", s);
	free(s);
	diag_release(&d);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/* found by fuzz_close: a transaction's tag that would date the item's posting in the new root */
Test(close, precheck_refuses_item_tags_that_would_date_a_posting)
{
	static const char books[] =
		"account Assets:Bank  ; role: bank\n"
		"account Assets:Receivable  ; role: receivable\n"
		"account Assets:Receivable:Acme\n"
		"account Equity:Retained  ; role: retained\n"
		"account Revenue:Sales\n"
		"2026-05-02 * Acme  ; invoice: A[2\n"
		"    Assets:Receivable:Acme  100.00 EUR\n"
		"    Revenue:Sales  -100.00 EUR\n"
		"2026-05-03 * Acme  ; invoice: A-3, note: x date: 5\n"
		"    Assets:Receivable:Acme  100.00 EUR\n"
		"    Revenue:Sales  -100.00 EUR\n"
		"2026-05-04 * cash sale  ; note: [2026\n" /* no party: not carried */
		"    Assets:Bank  10.00 EUR\n"
		"    Revenue:Sales  -10.00 EUR\n";
	struct journal *j = load_ok(books);
	struct diag d = DIAG_INIT;
	cr_assert_eq(close_precheck(j, date_parse_iso("2026-12-31"), &d), CLERK_EINVALID);
	char *s = diag_to_str(&d);
	cr_assert(strstr(s, "test.journal:6:1: error: tag 'invoice: A[2' cannot be carried onto a posting "
			    "of the new books: there hledger would read '[' as the posting's date"), "%s", s);
	cr_assert(strstr(s, "test.journal:9:1: error: tag 'note: x date: 5' cannot be carried"), "%s", s);
	cr_assert_null(strstr(s, ":12:"), "%s", s);
	cr_assert_eq(d.nerrors, 2);
	free(s);
	diag_release(&d);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/* The old books (text) with their closing transaction, and the new root made from them. */
static struct journal *closed_from(const char *books, struct journal **newj, const char *through)
{
	struct strbuf sb = STRBUF_INIT, root = STRBUF_INIT;
	clerk_date d = date_parse_iso(through);
	struct journal *j = load_ok(books);
	strbuf_addstr(&sb, books);
	close_closing_text(&sb, j, d);
	journal_free(j);
	j = load_ok(sb.buf);
	cr_assert_eq(close_newroot_text(&root, j, d, "new/books.journal", NULL), 0);
	*newj = load_ok(root.buf);
	strbuf_release(&sb);
	strbuf_release(&root);
	return j;
}

static struct journal *closed(struct journal **newj, const char *through)
{
	return closed_from(BOOKS, newj, through);
}

/* The balance of account name in commodity sym over all of j. */
static void balance(struct strbuf *out, const struct journal *j, const char *name, const char *sym)
{
	struct dec v = DEC_INIT;
	uint32_t a = journal_find_account(j, name);
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (p->account == a && !strcmp(commodity_symbol(&j->commodities, p->commodity), sym))
			dec_add(&v, &v, &p->amount);
	}
	dec_format_plain(out, &v, 2);
	dec_clear(&v);
}

Test(close, new_root_balances)
{
	struct journal *n, *j = closed(&n, "2026-12-31");
	static const char *const rows[][2] = {
		{ "Assets:Bank", "EUR" },	     { "Assets:Bank", "USD" },
		{ "Assets:Receivable:Acme", "EUR" }, { "Liabilities:Payable:Paper", "EUR" },
		{ "Equity:Retained", "EUR" },	     { "Equity:Retained", "USD" },
		{ "Revenue:Sales", "EUR" },	     { "Expenses:Office", "EUR" },
	};
	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		balance(&a, j, rows[k][0], rows[k][1]);
		balance(&b, n, rows[k][0], rows[k][1]);
		cr_assert_str_eq(a.buf, b.buf, "%s %s", rows[k][0], rows[k][1]);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	/* by hand: bank 400 + 10 - 1.05 = 408.95 EUR; Acme 1,190 - 400 - 10 = 780 */
	struct strbuf s = STRBUF_INIT;
	balance(&s, n, "Assets:Bank", "EUR");
	cr_assert_str_eq(s.buf, "408.95");
	strbuf_reset(&s);
	balance(&s, n, "Assets:Receivable:Acme", "EUR");
	cr_assert_str_eq(s.buf, "780.00");
	strbuf_reset(&s);
	balance(&s, n, "Revenue:Sales", "EUR"); /* income starts at zero */
	cr_assert_str_eq(s.buf, "0.00");
	strbuf_release(&s);
	journal_free(j);
	journal_free(n);
	ASSERT_NO_LEAKS();
}

Test(close, new_root_items_as_before)
{
	struct journal *n, *j = closed(&n, "2026-12-31");
	struct openitems *a, *b;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.as_of = date_parse_iso("2027-01-15");
	o.side = OPENITEMS_BOTH;
	cr_assert_eq(openitems_compute(&a, j, &o), 0);
	cr_assert_eq(openitems_compute(&b, n, &o), 0);
	cr_assert_eq(openitems_count(a), 2);
	cr_assert_eq(openitems_count(b), 2);
	for (size_t i = 0; i < 2; i++) {
		const struct openitem *x = openitems_item(a, i), *y = openitems_item(b, i);
		cr_assert_str_eq(x->invoice, y->invoice);
		cr_assert_eq(x->date, y->date, "%s: date", x->invoice);
		cr_assert_eq(x->due, y->due, "%s: due", x->invoice);
		cr_assert_eq(dec_cmp(&x->amount, &y->amount), 0, "%s: amount", x->invoice);
		cr_assert_eq(dec_cmp(&x->open, &y->open), 0, "%s: open", x->invoice);
	}
	/* 1,190.00 opened 2026-01-10, 790.00 open, due 30 days later (terms) */
	const struct openitem *y = openitems_item(b, 0);
	cr_assert_str_eq(y->invoice, "A-1");
	cr_assert_eq(y->date, date_parse_iso("2026-01-10"));
	cr_assert_eq(y->due, date_parse_iso("2026-02-09"));
	cr_assert_eq(y->due_source, DUE_FROM_TERMS);
	/* 10.00 on account, owed-positive -10.00 */
	const struct openitems_unapplied *u =
	    openitems_find_unapplied(b, acc(n, "Assets:Receivable:Acme"), y->commodity);
	cr_assert_not_null(u);
	struct strbuf s = STRBUF_INIT;
	dec_format_plain(&s, &u->amount, 2);
	cr_assert_str_eq(s.buf, "-10.00");
	strbuf_release(&s);
	openitems_free(a);
	openitems_free(b);
	journal_free(j);
	journal_free(n);
	ASSERT_NO_LEAKS();
}

Test(close, item_date_must_be_a_date)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(CHART "2026-01-10 * x\n"
					   "    Assets:Receivable:Acme  1.00 EUR  ; invoice: A, item-date: 2026-13-01\n"
					   "    Revenue:Sales\n",
				     &d);
	char *s = diag_to_str(&d);
	cr_assert(strstr(s, "tag 'item-date: 2026-13-01'"), "%s", s);
	free(s);
	diag_release(&d);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/* The books holding one seal tag with the value seal; returns the errors. */
static char *seal_errors(const char *seal)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	strbuf_addf(&sb, "2027-01-01 * opening\n    ; clerk-seal: %s\n    A  1.00 EUR\n    B\n", seal);
	struct journal *j = load_ok(sb.buf);
	int rc = close_verify_seals(j, &d);
	char *s = diag_to_str(&d);
	cr_assert_eq(rc ? 1 : 0, d.nerrors ? 1 : 0);
	diag_release(&d);
	journal_free(j);
	strbuf_release(&sb);
	return s;
}

Test(close, seal_checked)
{
	char path[] = "/tmp/clerk-test-seal-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "abc", 3), 3);
	close(fd);
	char hex[SHA256_HEX_LEN + 1], ok[200], bad[200];
	sha256_hex("abc", 3, hex);
	snprintf(ok, sizeof(ok), "3 %s %s", hex, path);
	snprintf(bad, sizeof(bad), "4 %s %s", hex, path);
	char *s = seal_errors(ok);
	cr_assert_str_eq(s, "");
	free(s);
	s = seal_errors(bad); /* the size differs */
	cr_assert(strstr(s, "changed after the close"), "%s", s);
	free(s);
	hex[0] = hex[0] == 'a' ? 'b' : 'a';
	snprintf(bad, sizeof(bad), "3 %s %s", hex, path); /* the digest differs */
	s = seal_errors(bad);
	cr_assert(strstr(s, "changed after the close"), "%s", s);
	free(s);
	s = seal_errors("3 abc /x"); /* not SIZE SHA256 PATH */
	cr_assert(strstr(s, "a clerk-seal: tag is SIZE SHA256 PATH"), "%s", s);
	free(s);
	unlink(path);
	snprintf(ok, sizeof(ok), "3 %s %s", hex, path); /* gone */
	s = seal_errors(ok);
	cr_assert(strstr(s, "No such file"), "%s", s);
	free(s);
	ASSERT_NO_LEAKS();
}

/*
 * A payment of the last 62 days that cleared an item (with a write-off) is
 * carried whole into the history file, followed by its undo, and its
 * identity into the new root; the opening holds what it posted. A refund
 * that opens an item is carried as its identity only; a movement older
 * than 62 days not at all.
 */
#define MOVEMENTS                                                                    \
	CHART                                                                        \
	"2026-01-10 * Acme  ; invoice: A-1\n"                                        \
	"    Assets:Receivable:Acme  1,190.00 EUR\n"                                  \
	"    Revenue:Sales  -1,190.00 EUR\n"                                          \
	"2026-09-01 * Acme pays a part\n"                                            \
	"    Assets:Bank  10.00 EUR  ; bank-id: b3\n"                                 \
	"    Assets:Receivable:Acme  -10.00 EUR  ; invoice: A-1\n"                    \
	"2026-12-20 * Acme pays A-1  ; statement: S-1\n"                             \
	"    Assets:Bank  98.00 EUR  ; bank-id: b1\n"                                 \
	"    Assets:Receivable:Acme  -100.00 EUR  ; invoice: A-1, end-to-end: E1\n"   \
	"    Assets:Writeoff  2.00 EUR  ; items: A-1\n"                               \
	"2026-12-21 * Acme refund\n"                                                 \
	"    Assets:Bank  -50.00 EUR  ; bank-id: b2\n"                                \
	"    Assets:Receivable:Acme  50.00 EUR  ; invoice: C-1\n"

Test(close, movements_carried_whole)
{
	clerk_date d = date_parse_iso("2026-12-31");
	struct strbuf sb = STRBUF_INIT, root = STRBUF_INIT, s = STRBUF_INIT, all = STRBUF_INIT;
	struct close_history h = CLOSE_HISTORY_INIT;
	struct journal *j = load_ok(MOVEMENTS);
	strbuf_addstr(&sb, MOVEMENTS);
	close_closing_text(&sb, j, d);
	journal_free(j);
	j = load_ok(sb.buf);
	cr_assert_eq(close_newroot_text(&root, j, d, "new/books.journal", &h), 0);
	/* in the history file: the payment as it was, tagged, then taken back out */
	cr_assert_not_null(strstr(h.text.buf,
				  "2026-12-20 * Acme pays A-1  ; statement: S-1, clerk-carried: movement\n"
				  "    Assets:Bank  98.00 EUR  ; bank-id: b1\n"
				  "    Assets:Receivable:Acme  -100.00 EUR  ; invoice: A-1, end-to-end: E1\n"
				  "    Assets:Writeoff  2.00 EUR  ; items: A-1\n\n"
				  "2026-12-20 * Acme pays A-1 (folded into the opening)  ; clerk-carried: undo\n"
				  "    Assets:Bank  -98.00 EUR\n"
				  "    Assets:Receivable:Acme  100.00 EUR  ; invoice: A-1, match: reversal\n"
				  "    Assets:Writeoff  -2.00 EUR\n\n"),
			   "%s", h.text.buf);
	/* (no settled item: no settled items' transaction) */
	cr_assert_null(strstr(h.text.buf, "Settled items"), "%s", h.text.buf);
	char want[64]; /* no item: the keys file is its first line */
	snprintf(want, sizeof(want), HISTORY_KEYS_MAGIC "%zu\n", h.text.len);
	cr_assert_str_eq(h.keys.buf, want);
	/* in the new root: its identity, and nothing closed on D for it */
	cr_assert_not_null(strstr(root.buf, "2026-12-20 * bank movement of the closed period  ; "
					    "clerk-carried: movement\n"
					    "    Assets:Bank  98.00 EUR  ; bank-id: b1\n"
					    "    Assets:Bank  -98.00 EUR\n"),
			   "%s", root.buf);
	cr_assert_null(strstr(root.buf, "Acme pays"), "%s", root.buf);
	cr_assert_null(strstr(root.buf, "clerk-carried: closing"), "%s", root.buf);
	cr_assert_not_null(strstr(root.buf, "\ninclude books.history.journal\n"), "%s", root.buf);
	/* the refund opens C-1: only its identity; b3 is older than 62 days */
	cr_assert_not_null(strstr(root.buf, "2026-12-21 * bank movement of the closed period  ; "
					    "clerk-carried: movement\n"
					    "    Assets:Bank  -50.00 EUR  ; bank-id: b2\n"));
	cr_assert_null(strstr(root.buf, "Acme refund"));
	cr_assert_null(strstr(root.buf, "b3"));
	/* the opening, by hand: bank 10 + 98 - 50 = 58; A-1 1,190 less 110 dated at
	 * its last movement; retained -1,190 + 2 */
	cr_assert_not_null(strstr(root.buf, "\n    Assets:Bank  58.00 EUR\n"), "%s", root.buf);
	cr_assert_not_null(strstr(root.buf, "\n    Assets:Receivable:Acme  1,190.00 EUR  ; invoice: A-1, "
					    "item-date: 2026-01-10\n"
					    "    Assets:Receivable:Acme  -110.00 EUR  ; invoice: A-1, "
					    "item-date: 2026-12-20\n"),
			   "%s", root.buf);
	cr_assert_not_null(strstr(root.buf, "\n    Equity:Retained  -1,188.00 EUR\n"), "%s", root.buf);
	/* read back without the history file (as the night) and with it (as the
	 * others, its text after the root's): the balances and A-1 are the old books' */
	const char *inc = strstr(root.buf, "\n; the items settled and the movements");
	cr_assert_not_null(inc);
	strbuf_add(&all, root.buf, (size_t)(inc - root.buf) + 1);
	struct journal *n = load_ok(all.buf);
	strbuf_addstr(&all, h.text.buf);
	struct journal *w = load_ok(all.buf);
	static const char *const rows[] = { "Assets:Bank", "Assets:Receivable:Acme", "Equity:Retained" };
	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
		balance(&a, j, rows[k], "EUR");
		balance(&b, n, rows[k], "EUR");
		balance(&c, w, rows[k], "EUR");
		cr_assert_str_eq(a.buf, b.buf, "%s", rows[k]);
		cr_assert_str_eq(a.buf, c.buf, "%s", rows[k]);
		strbuf_release(&a);
		strbuf_release(&b);
		strbuf_release(&c);
	}
	balance(&s, n, "Assets:Receivable:Acme", "EUR"); /* 1,190 - 10 - 100 + 50 */
	cr_assert_str_eq(s.buf, "1130.00");
	strbuf_reset(&s);
	balance(&s, w, "Assets:Writeoff", "EUR"); /* expenses start at zero */
	cr_assert_str_eq(s.buf, "0.00");
	struct openitems *a, *b, *c;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.as_of = date_parse_iso("2027-01-15");
	o.side = OPENITEMS_BOTH;
	cr_assert_eq(openitems_compute(&a, j, &o), 0);
	cr_assert_eq(openitems_compute(&b, n, &o), 0);
	cr_assert_eq(openitems_compute(&c, w, &o), 0);
	cr_assert_eq(openitems_count(a), openitems_count(b));
	cr_assert_eq(openitems_count(a), openitems_count(c));
	for (size_t i = 0; i < openitems_count(a); i++) {
		const struct openitem *x = openitems_item(a, i);
		for (int k = 0; k < 2; k++) {
			const struct openitem *y = openitems_item(k ? c : b, i);
			cr_assert_str_eq(x->invoice, y->invoice);
			cr_assert_eq(x->date, y->date, "%s: date", x->invoice);
			cr_assert_eq(x->last_date, y->last_date, "%s: last date", x->invoice);
			cr_assert_eq(dec_cmp(&x->amount, &y->amount), 0, "%s: amount", x->invoice);
			cr_assert_eq(dec_cmp(&x->open, &y->open), 0, "%s: open", x->invoice);
		}
	}
	openitems_free(a);
	openitems_free(b);
	openitems_free(c);
	strbuf_release(&s);
	strbuf_release(&sb);
	strbuf_release(&root);
	strbuf_release(&all);
	close_history_release(&h);
	journal_free(j);
	journal_free(n);
	journal_free(w);
	ASSERT_NO_LEAKS();
}

/* A batch dated on or before the latest close's day is refused, at its line; later is fine. */
Test(close, batch_into_closed_period)
{
	static const char books[] = CHART
		"2026-03-31 * Closing  ; clerk-close: 2026-03-31\n"
		"    Equity:Retained  0\n    Equity:Retained  0\n"
		"2026-06-30 * Closing  ; clerk-close: 2026-06-30\n"
		"    Equity:Retained  0\n    Equity:Retained  0\n";
	static const char batch[] = "2026-07-01 * after\n"
				    "    Assets:Bank  1.00 EUR\n    Revenue:Sales  -1.00 EUR\n"
				    "2026-05-01 * between the two closes\n"
				    "    Assets:Bank  2.00 EUR\n    Revenue:Sales  -2.00 EUR\n"
				    "2026-06-30 * on the day\n"
				    "    Assets:Bank  3.00 EUR\n    Revenue:Sales  -3.00 EUR\n";
	struct journal *j = load_ok(books);
	size_t first = j->txns.n;
	struct diag d = DIAG_INIT;
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert_eq(close_check_batch(j, first, &d), CLERK_EINVALID);
	cr_assert_eq(d.nerrors, 2); /* 2026-05-01 (line 4) and 2026-06-30 (line 7), not 2026-07-01 */
	cr_assert_eq(d.items[0].line, 4);
	cr_assert_eq(d.items[1].line, 7);
	cr_assert_not_null(strstr(d.items[0].message, "closed through 2026-06-30"), "%s", d.items[0].message);
	diag_release(&d);
	journal_free(j);
	/* books never closed: nothing to refuse */
	j = load_ok(BOOKS);
	first = j->txns.n;
	cr_assert_eq(journal_load_buffer(j, "batch.journal", batch, strlen(batch), &lo, &d), 0);
	cr_assert_eq(close_check_batch(j, first, &d), 0);
	cr_assert_eq(d.nerrors, 0);
	diag_release(&d);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/* The open items of j as of a date, one line each (items, unknown numbers, unapplied money). */
static void items_text(struct strbuf *out, const struct journal *j, const char *as_of)
{
	struct openitems *oi;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.as_of = date_parse_iso(as_of);
	o.side = OPENITEMS_BOTH;
	cr_assert_eq(openitems_compute(&oi, j, &o), 0);
	char d1[11], d2[11];
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		date_format(it->date, d1);
		date_format(it->due, d2);
		strbuf_addf(out, "item %s %s %s %s ", journal_account_name(j, it->account), it->invoice,
			    d1, d2);
		dec_format_plain(out, &it->amount, 2);
		strbuf_addch(out, ' ');
		dec_format_plain(out, &it->open, 2);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < openitems_unknown_count(oi); i++) {
		const struct openitems_unknown *x = openitems_unknown(oi, i);
		strbuf_addf(out, "unknown %s %s ", journal_account_name(j, x->account), x->invoice);
		dec_format_plain(out, &x->amount, 2);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < openitems_unapplied_count(oi); i++) {
		const struct openitems_unapplied *u = openitems_unapplied(oi, i);
		strbuf_addf(out, "unapplied %s ", journal_account_name(j, u->account));
		dec_format_plain(out, &u->amount, 2);
		strbuf_addch(out, '\n');
	}
	openitems_free(oi);
}

/*
 * Party accounts whose balance through D is exactly zero but that hold
 * open items offset by money on account, a credit note not applied, or a
 * payment naming an unknown number: their items and unapplied money are
 * carried as on any other party account.
 */
#define ZERO_BOOKS                                                                   \
	CHART                                                                        \
	"account Assets:Receivable:Bolt\n"                                           \
	"2026-05-02 * Acme  ; invoice: A-2\n"                                        \
	"    Assets:Receivable:Acme  100.00 EUR\n"                                    \
	"    Revenue:Sales  -100.00 EUR\n"                                            \
	"2026-05-20 * Acme pays on account\n"                                        \
	"    Assets:Bank  100.00 EUR\n"                                               \
	"    Assets:Receivable:Acme  -100.00 EUR\n"                                   \
	"2026-06-01 * Bolt  ; invoice: B-1, due: 2026-06-15\n"                       \
	"    Assets:Receivable:Bolt  50.00 EUR\n"                                     \
	"    Revenue:Sales  -50.00 EUR\n"                                             \
	"2026-06-03 * Bolt pays naming a wrong number\n"                             \
	"    Assets:Bank  50.00 EUR\n"                                                \
	"    Assets:Receivable:Bolt  -50.00 EUR  ; invoice: B-9\n"                     \
	"2026-07-01 * Paper  ; invoice: P-8\n"                                       \
	"    Liabilities:Payable:Paper  -200.00 EUR\n"                                \
	"    Expenses:Office  200.00 EUR\n"                                           \
	"2026-07-05 * Paper's credit note, not applied\n"                            \
	"    Liabilities:Payable:Paper  200.00 EUR  ; credit-note: PC-1\n"             \
	"    Expenses:Office  -200.00 EUR\n"

Test(close, zero_balance_party_keeps_its_items)
{
	struct journal *n, *j = closed_from(ZERO_BOOKS, &n, "2026-12-31");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	items_text(&a, j, "2027-01-15");
	items_text(&b, n, "2027-01-15");
	cr_assert_str_eq(a.buf, b.buf);
	/* by hand: A-2 100.00 open beside 100.00 on account; B-1 50.00 open (due from its tag)
	 * beside 50.00 paid to the unknown B-9; P-8 200.00 open beside the 200.00 credit */
	cr_assert_str_eq(b.buf, "item Assets:Receivable:Acme A-2 2026-05-02 2026-06-01 100.00 100.00\n"
				"item Assets:Receivable:Bolt B-1 2026-06-01 2026-06-15 50.00 50.00\n"
				"item Liabilities:Payable:Paper P-8 2026-07-01 2026-07-01 200.00 200.00\n"
				"unknown Assets:Receivable:Bolt B-9 -50.00\n"
				"unapplied Assets:Receivable:Acme -100.00\n"
				"unapplied Assets:Receivable:Bolt -50.00\n"
				"unapplied Liabilities:Payable:Paper -200.00\n",
			 "%s", b.buf);
	/* and each party account's balance is still zero */
	static const char *const parties[] = { "Assets:Receivable:Acme", "Assets:Receivable:Bolt",
					       "Liabilities:Payable:Paper" };
	for (size_t k = 0; k < ARRAY_SIZE(parties); k++) {
		strbuf_reset(&a);
		balance(&a, n, parties[k], "EUR");
		cr_assert_str_eq(a.buf, "0.00", "%s", parties[k]);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	journal_free(j);
	journal_free(n);
	ASSERT_NO_LEAKS();
}

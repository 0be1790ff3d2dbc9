/*
 * test_history.c - the keys file of a history file (src/history.h,
 * formats/close.md "Settled items: the history file"): the text a close
 * writes, and looking keys up in it (a binary search over sorted lines).
 */
#include "helpers.h"

#include "history.h"
#include "openitems.h"

#include <string.h>

#define BOOKS                                                                        \
	"commodity 1,000.00 EUR\n"                                                   \
	"account Assets:Bank  ; role: bank\n"                                        \
	"account Assets:Receivable  ; role: receivable\n"                            \
	"account Assets:Receivable:Acme  ; terms: net 30\n"                          \
	"account Assets:Receivable:Bolt\n"                                           \
	"account Income:Sales\n"                                                     \
	"2026-01-10 * Acme\n"                                                        \
	"    Assets:Receivable:Acme  100.00 EUR  ; invoice: inv-2026-07, ref: rf18 5390 0754 7034\n" \
	"    Income:Sales\n"                                                         \
	"2026-01-11 * Bolt\n"                                                        \
	"    Assets:Receivable:Bolt  50.00 EUR  ; invoice: INV 2026 7, due: 2026-01-20\n" \
	"    Income:Sales\n"                                                         \
	"2026-01-12 * Acme\n"                                                        \
	"    Assets:Receivable:Acme  20.00 EUR  ; invoice: INV-2026-071\n"           \
	"    Income:Sales\n"

static struct history *open_text(const struct strbuf *sb, uint64_t size)
{
	struct history *h = NULL;
	cr_assert_eq(history_open_buffer(&h, sb->buf, sb->len, size), 0);
	return h;
}

/* The keys of all three items: lines sorted by their bytes, one `r` for the one reference. */
static void keys_of_books(struct strbuf *out, struct journal **jo, struct openitems **oio)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(BOOKS, &d);
	assert_no_diag(&d);
	struct openitems *oi = NULL;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.include_closed = true;
	cr_assert_eq(openitems_compute(&oi, j, &o), 0);
	uint32_t all[3] = { 2, 1, 0 };
	cr_assert_eq(openitems_count(oi), 3);
	history_keys_text(out, j, oi, all, 3, 1234, date_parse_iso("2026-01-31"));
	diag_release(&d);
	*jo = j;
	*oio = oi;
}

Test(history, keys_text_is_sorted_lines_with_the_items_fields)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal *j;
	struct openitems *oi;
	keys_of_books(&sb, &j, &oi);
	/* "inv-2026-07" and "INV 2026 7" both normalise to INV20267, in the
	 * items' order (Acme before Bolt); INV-2026-071 to INV202671
	 * (leading zeros dropped). Acme's
	 * due: 30 days after 2026-01-10; Bolt's its due: tag. */
	cr_assert_str_eq(sb.buf,
			 "clerk-history-keys 1 1234\n"
			 "n\tINV20267\tAssets:Receivable:Acme\t2026-02-09\t2026-01-10\tinv-2026-07\tEUR\n"
			 "n\tINV20267\tAssets:Receivable:Bolt\t2026-01-20\t2026-01-11\tINV 2026 7\tEUR\n"
			 "n\tINV202671\tAssets:Receivable:Acme\t2026-02-11\t2026-01-12\tINV-2026-071\tEUR\n"
			 "r\tRF18539007547034\tAssets:Receivable:Acme\t2026-02-09\t2026-01-10\tinv-2026-07\tEUR\n"
			 "s\t2026-01-10\tEUR\t100\n"
			 "s\t2026-01-11\tEUR\t50\n"
			 "s\t2026-01-12\tEUR\t20\n");
	openitems_free(oi);
	journal_free(j);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(history, find_by_number_and_reference)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal *j;
	struct openitems *oi;
	keys_of_books(&sb, &j, &oi);
	struct history *h = open_text(&sb, 1234);
	const struct history_row *r;
	cr_assert_eq(history_find(h, 'n', "INV20267", 8, &r), 2);
	cr_assert_str_eq(r[0].account, "Assets:Receivable:Acme");
	cr_assert_str_eq(r[0].invoice, "inv-2026-07");
	cr_assert_str_eq(r[0].due, "2026-02-09");
	cr_assert_str_eq(r[0].date, "2026-01-10");
	cr_assert_str_eq(r[0].commodity, "EUR");
	cr_assert_str_eq(r[1].account, "Assets:Receivable:Bolt");
	/* a key that is the start of another is not it, and the other way round */
	cr_assert_eq(history_find(h, 'n', "INV202671", 9, &r), 1);
	cr_assert_str_eq(r[0].invoice, "INV-2026-071");
	cr_assert_eq(history_find(h, 'n', "INV2026", 7, &r), 0);
	cr_assert_eq(history_find(h, 'n', "INV2026710", 10, &r), 0);
	/* before the first line, after the last, and the other kind */
	cr_assert_eq(history_find(h, 'n', "A", 1, &r), 0);
	cr_assert_eq(history_find(h, 'r', "ZZ", 2, &r), 0);
	cr_assert_eq(history_find(h, 'r', "INV20267", 8, &r), 0);
	cr_assert_eq(history_find(h, 'r', "RF18539007547034", 16, &r), 1);
	cr_assert_str_eq(r[0].invoice, "inv-2026-07");
	history_close(h);
	openitems_free(oi);
	journal_free(j);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(history, every_line_of_many_is_found)
{
	/* 1,000 keys: each found once by the binary search, the gaps not */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "clerk-history-keys 1 7\n");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "n\tK%05d\tA\t2026-01-01\t2026-01-01\tK-%d\tEUR\n", i * 2, i * 2);
	struct history *h = open_text(&sb, 7);
	char key[16];
	const struct history_row *r;
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "K%05d", i);
		size_t n = history_find(h, 'n', key, strlen(key), &r);
		cr_assert_eq(n, i % 2 ? 0u : 1u, "key %s", key);
	}
	history_close(h);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

Test(history, keys_of_another_history_size_are_refused)
{
	struct history *h = NULL;
	const char *t = "clerk-history-keys 1 100\n";
	cr_assert_eq(history_open_buffer(&h, t, strlen(t), 101), CLERK_EINVALID);
	cr_assert_null(h);
	cr_assert_eq(history_open_buffer(&h, "clerk-history-keys 1 10", 23, 10), CLERK_EINVALID);
	cr_assert_eq(history_open_buffer(&h, "", 0, 0), CLERK_EINVALID);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(history, malformed_lines_are_passed_over)
{
	/* too few fields, too many, and no newline at the end */
	const char *t = "clerk-history-keys 1 0\n"
			"n\tX\tA\t2026-01-01\n"
			"n\tX\tA\t2026-01-01\t2026-01-01\tX-1\tEUR\textra\n"
			"n\tX\tB\t2026-01-01\t2026-01-01\tX-1\tEUR";
	struct history *h = NULL;
	cr_assert_eq(history_open_buffer(&h, t, strlen(t), 0), 0);
	const struct history_row *r;
	cr_assert_eq(history_find(h, 'n', "X", 1, &r), 1);
	cr_assert_str_eq(r[0].account, "B");
	history_close(h);
	ASSERT_NO_LEAKS();
}

Test(history, keys_path_beside_the_history_file)
{
	struct strbuf sb = STRBUF_INIT;
	history_keys_path(&sb, "new/books.history.journal");
	cr_assert_str_eq(sb.buf, "new/books.history.keys");
	strbuf_reset(&sb);
	history_keys_path(&sb, "h.txt");
	cr_assert_str_eq(sb.buf, "h.txt.keys");
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

/* history_sales(): what it was called with, as "DATE SYMBOL AMOUNT;" */
static int note_sale(void *ctx, clerk_date date, const char *symbol, size_t len,
		     const struct dec *amount)
{
	struct strbuf *sb = ctx;
	char day[11];
	date_format(date, day);
	strbuf_addf(sb, "%s %.*s ", day, (int)len, symbol);
	dec_format_plain(sb, amount, 0);
	strbuf_addch(sb, ';');
	return 0;
}

static int stop_sale(void *ctx, clerk_date date, const char *symbol, size_t len,
		     const struct dec *amount)
{
	(void)ctx;
	(void)date;
	(void)symbol;
	(void)len;
	(void)amount;
	return 7;
}

/* The sales lines: per item date and commodity, summed; read back by date range. */
Test(history, sales_lines_by_date)
{
	struct strbuf sb = STRBUF_INIT, got = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(BOOKS
				     "2026-01-12 * Bolt, in USD and a second one that day\n"
				     "    Assets:Receivable:Bolt  7.25 USD  ; invoice: B-2\n"
				     "    Income:Sales\n"
				     "2026-01-12 * Acme again\n"
				     "    Assets:Receivable:Acme  0.50 EUR  ; invoice: A-3\n"
				     "    Income:Sales\n",
				     &d);
	assert_no_diag(&d);
	struct openitems *oi = NULL;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.include_closed = true;
	cr_assert_eq(openitems_compute(&oi, j, &o), 0);
	history_keys_text(&sb, j, oi, NULL, openitems_count(oi), 99, DATE_NONE);
	cr_assert(strstr(sb.buf, "s\t2026-01-12\tEUR\t20.5\ns\t2026-01-12\tUSD\t7.25\n"), "%s",
		  sb.buf);
	/* a close through 2026-04-11: only the items of its last 90 days (01-12 on) */
	struct strbuf w = STRBUF_INIT;
	history_keys_text(&w, j, oi, NULL, openitems_count(oi), 99, date_parse_iso("2026-04-11"));
	cr_assert(strstr(w.buf, "\ns\t2026-01-12\tEUR\t20.5\n"), "%s", w.buf);
	cr_assert_null(strstr(w.buf, "\ns\t2026-01-11"), "%s", w.buf);
	strbuf_release(&w);
	struct history *h = open_text(&sb, 99);
	cr_assert_eq(history_sales(h, DATE_NONE, DATE_NONE, note_sale, &got), 0);
	cr_assert_str_eq(got.buf, "2026-01-10 EUR 100;2026-01-11 EUR 50;2026-01-12 EUR 20.5;"
				  "2026-01-12 USD 7.25;");
	strbuf_reset(&got);
	cr_assert_eq(history_sales(h, date_parse_iso("2026-01-11"), date_parse_iso("2026-01-11"),
				   note_sale, &got),
		     0);
	cr_assert_str_eq(got.buf, "2026-01-11 EUR 50;");
	strbuf_reset(&got);
	cr_assert_eq(history_sales(h, date_parse_iso("2026-01-13"), DATE_NONE, note_sale, &got), 0);
	cr_assert_str_eq(got.buf, "");
	/* the callback's refusal stops it and is returned */
	cr_assert_eq(history_sales(h, DATE_NONE, DATE_NONE, stop_sale, &got), 7);
	history_close(h);
	/* a malformed sales line is an error, not a zero */
	static const char *const bad[] = { "s\t2026-01-1x\tEUR\t5\n", "s\t2026-01-10\tEUR\tfive\n",
					   "s\t2026-01-10\tEUR\n", "s\t2026-01-10\t\t5\n",
					   "s\t2026\n" };
	for (size_t k = 0; k < ARRAY_SIZE(bad); k++) {
		struct strbuf t = STRBUF_INIT;
		strbuf_addf(&t, HISTORY_KEYS_MAGIC "1\n%s", bad[k]);
		h = open_text(&t, 1);
		strbuf_reset(&got);
		cr_assert_eq(history_sales(h, DATE_NONE, DATE_NONE, note_sale, &got), CLERK_EINVALID,
			     "%s", bad[k]);
		cr_assert_str_eq(got.buf, "");
		clerk_error_clear();
		history_close(h);
		strbuf_release(&t);
	}
	openitems_free(oi);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&sb);
	strbuf_release(&got);
	ASSERT_NO_LEAKS();
}

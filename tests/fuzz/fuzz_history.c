/*
 * fuzz_history.c - libFuzzer target for the reader of a history file's
 * keys (history_open_buffer, history_find; formats/close.md).
 *
 * The input is a whole keys file; its first line names the history file's
 * size, which is taken from the input itself when it parses, so that most
 * inputs get past the magic. Keys are looked up: every line's own key, and
 * some that are not there. Everything found is touched.
 *
 * Invariants (abort() when broken, a real bug):
 *   - history_open_buffer succeeds exactly when the input starts with the
 *     magic and that size;
 *   - every row found for a key comes from a line that starts with
 *     KIND TAB KEY TAB, and has five NUL-terminated fields without a tab;
 *   - in a file whose lines are sorted (as a close writes), a well-formed
 *     line is found by its own key;
 *   - history_sales hands over a non-empty symbol without a tab or a line
 *     end, and in a sorted file only days within the range asked for.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "error.h"
#include "date.h"
#include "history.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NORETURN void broken(const char *what)
{
	fprintf(stderr, "fuzz_history: invariant broken: %s\n", what);
	abort();
}

/* The size the input's first line names, or 0. */
static uint64_t named_size(const char *s, size_t n)
{
	size_t ml = strlen(HISTORY_KEYS_MAGIC);
	uint64_t v = 0;
	if (n < ml || memcmp(s, HISTORY_KEYS_MAGIC, ml))
		return 0;
	for (size_t i = ml; i < n && s[i] >= '0' && s[i] <= '9' && i < ml + 19; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* Whether the lines after the first are in byte order. */
static bool sorted(const char *s, size_t n)
{
	const char *p = memchr(s, '\n', n), *prev = NULL;
	size_t prevlen = 0;
	for (p = p ? p + 1 : s + n; p < s + n;) {
		const char *e = memchr(p, '\n', (size_t)(s + n - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(s + n - p);
		if (prev) {
			int c = memcmp(prev, p, prevlen < len ? prevlen : len);
			if (c > 0 || (c == 0 && prevlen > len))
				return false;
		}
		prev = p;
		prevlen = len;
		p += len + 1;
	}
	return true;
}

static void check_rows(const struct history_row *r, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *f[5] = { r[k].account, r[k].due, r[k].date, r[k].invoice, r[k].commodity };
		for (int i = 0; i < 5; i++)
			if (!f[i] || strchr(f[i], '\t'))
				broken("a row field holds a tab");
	}
}

static void lookup_lines(struct history *h, const char *s, size_t n, bool in_order)
{
	const char *p = memchr(s, '\n', n);
	for (p = p ? p + 1 : s + n; p < s + n;) {
		const char *e = memchr(p, '\n', (size_t)(s + n - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(s + n - p);
		const char *t1 = len > 2 && p[1] == '\t' ? memchr(p + 2, '\t', len - 2) : NULL;
		if (t1) {
			const struct history_row *r;
			size_t klen = (size_t)(t1 - (p + 2));
			size_t tabs = 0;
			for (size_t i = 0; i < len; i++)
				tabs += p[i] == '\t';
			size_t found = history_find(h, p[0], p + 2, klen, &r);
			check_rows(r, found);
			bool clean = p[0] != '\t' && tabs == 6 && !memchr(p, '\0', len);
			if (in_order && clean && found == 0)
				broken("a well-formed line of a sorted file is not found by its key");
		}
		p += len + 1;
	}
}

/* The range history_sales() was asked for, and whether the file is sorted. */
struct sales_range {
	clerk_date from, to;
	bool in_order;
};

static int seen_sale(void *ctx, clerk_date date, const char *symbol, size_t len,
		     const struct dec *amount)
{
	const struct sales_range *r = ctx;
	(void)amount;
	if (!len || memchr(symbol, '\t', len) || memchr(symbol, '\n', len))
		broken("a sales line's symbol is empty or holds a tab or a line end");
	if (r->in_order && ((r->from != DATE_NONE && date < r->from) ||
			    (r->to != DATE_NONE && date > r->to)))
		broken("a sales line outside the range asked for");
	return 0;
}

static void read_sales(struct history *h, bool in_order)
{
	struct sales_range all = { DATE_NONE, DATE_NONE, in_order };
	struct sales_range some = { date_parse_iso("2026-01-01"), date_parse_iso("2026-06-30"),
				    in_order };
	(void)!history_sales(h, all.from, all.to, seen_sale, &all);
	clerk_error_clear();
	(void)!history_sales(h, some.from, some.to, seen_sale, &some);
	clerk_error_clear();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	uint64_t want = named_size(s, size);
	char magic[64];
	int ml = snprintf(magic, sizeof(magic), HISTORY_KEYS_MAGIC "%" PRIu64 "\n", want);
	bool has_magic = (size_t)ml <= size && !memcmp(s, magic, (size_t)ml);
	struct history *h = NULL;
	int error = history_open_buffer(&h, s, size, want);
	clerk_error_clear();
	if ((error == 0) != has_magic)
		broken("history_open_buffer disagrees with the magic");
	if (!h)
		return 0;
	bool in_order = sorted(s, size);
	lookup_lines(h, s, size, in_order);
	read_sales(h, in_order);
	const struct history_row *r = NULL;
	size_t n = history_find(h, 'n', "", 0, &r);
	check_rows(r, n);
	n = history_find(h, 'r', "\xff\xff", 2, &r);
	check_rows(r, n);
	history_close(h);
	return 0;
}

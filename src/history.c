/*
 * history.c - the keys of the settled items in a history file (history.h,
 * formats/close.md).
 */
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "mreport.h"
#include "error.h"
#include "refs.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ */
/* writing */

static bool printable(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20)
			return false;
	return true;
}

bool history_item_fits(const struct journal *j, const struct openitems *oi, size_t i)
{
	const struct openitem *it = openitems_item(oi, i);
	struct strbuf k = STRBUF_INIT;
	openitems_normalize(&k, it->invoice);
	bool ok = k.len && printable(k.buf) && printable(it->invoice) &&
		  printable(journal_account_name(j, it->account)) &&
		  printable(commodity_symbol(&j->commodities, it->commodity));
	if (ok && it->ref) {
		strbuf_reset(&k);
		refs_normalize(&k, it->ref);
		ok = printable(k.buf);
	}
	strbuf_release(&k);
	return ok;
}

/* One line: KIND TAB KEY TAB the item's fields. */
static void key_line(struct strbuf *out, char kind, const struct strbuf *key, const char *rest)
{
	strbuf_addch(out, kind);
	strbuf_addch(out, '\t');
	strbuf_add(out, key->buf, key->len);
	strbuf_addch(out, '\t');
	strbuf_addstr(out, rest);
	strbuf_addch(out, '\n');
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A receivable item's amount for the sales of its date (sales_lines()). */
struct sale {
	clerk_date date;
	const char *symbol;
	const struct dec *amount;
};

static int cmp_sale(const void *a, const void *b)
{
	const struct sale *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

/*
 * The `s` lines: per item date and commodity, the sum of the amounts of the
 * receivable items among items[0..n) dated in the last MREPORT_DSO_DAYS
 * days through `through` (the night's report counts them as credit sales,
 * formats/close.md; DATE_NONE: every one).
 */
static void sales_lines(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			const uint32_t *items, size_t n, clerk_date through)
{
	VEC(struct sale) v = VEC_INIT;
	for (size_t k = 0; k < n; k++) {
		const struct openitem *it = openitems_item(oi, items ? items[k] : k);
		if (openitems_party(oi, it->party)->role != ROLE_RECEIVABLE ||
		    (through != DATE_NONE && it->date + MREPORT_DSO_DAYS <= through))
			continue;
		*VEC_GROW(&v) = (struct sale){ it->date, commodity_symbol(&j->commodities, it->commodity),
					       &it->amount };
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(*v.v), cmp_sale);
	struct dec sum = DEC_INIT;
	char day[11];
	for (size_t i = 0; i < v.n;) {
		dec_set(&sum, v.v[i].amount);
		size_t e = i + 1;
		for (; e < v.n && !cmp_sale(&v.v[i], &v.v[e]); e++)
			dec_add(&sum, &sum, v.v[e].amount);
		date_format(v.v[i].date, day);
		strbuf_addf(out, "s\t%s\t%s\t", day, v.v[i].symbol);
		dec_format_plain(out, &sum, 0);
		strbuf_addch(out, '\n');
		i = e;
	}
	dec_clear(&sum);
	VEC_FREE(&v);
}

void history_keys_text(struct strbuf *out, const struct journal *j, const struct openitems *oi,
		       const uint32_t *items, size_t n, uint64_t history_size, clerk_date through)
{
	struct strbuf lines = STRBUF_INIT, rest = STRBUF_INIT, key = STRBUF_INIT;
	char day[11];
	for (size_t k = 0; k < n; k++) {
		const struct openitem *it = openitems_item(oi, items ? items[k] : k);
		strbuf_reset(&rest);
		strbuf_addstr(&rest, journal_account_name(j, it->account));
		date_format(it->due, day);
		strbuf_addf(&rest, "\t%s", day);
		date_format(it->date, day);
		strbuf_addf(&rest, "\t%s\t%s\t%s", day, it->invoice,
			    commodity_symbol(&j->commodities, it->commodity));
		strbuf_reset(&key);
		openitems_normalize(&key, it->invoice);
		key_line(&lines, 'n', &key, rest.buf);
		strbuf_reset(&key);
		if (it->ref)
			refs_normalize(&key, it->ref);
		if (key.len)
			key_line(&lines, 'r', &key, rest.buf);
	}
	sales_lines(&lines, j, oi, items, n, through);
	/* sort the lines by their bytes (as NUL-terminated strings: no NUL inside) */
	VEC(char *) v = VEC_INIT;
	for (char *p = lines.buf, *e = lines.buf + lines.len; p < e;) {
		char *nl = memchr(p, '\n', (size_t)(e - p));
		*nl = '\0';
		VEC_PUSH(&v, p);
		p = nl + 1;
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(*v.v), cmp_line);
	strbuf_addf(out, HISTORY_KEYS_MAGIC "%" PRIu64 "\n", history_size);
	for (size_t i = 0; i < v.n; i++) {
		if (i && !strcmp(v.v[i], v.v[i - 1]))
			continue;
		strbuf_addstr(out, v.v[i]);
		strbuf_addch(out, '\n');
	}
	VEC_FREE(&v);
	strbuf_release(&lines);
	strbuf_release(&rest);
	strbuf_release(&key);
}

size_t history_stem_len(const char *name)
{
	size_t n = strlen(name), sfx = strlen(".journal");
	return n > sfx && !strcmp(name + n - sfx, ".journal") ? n - sfx : n;
}

void history_keys_path(struct strbuf *out, const char *history_path)
{
	strbuf_add(out, history_path, history_stem_len(history_path));
	strbuf_addstr(out, ".keys");
}

/* ------------------------------------------------------------------ */
/* reading */

struct history {
	const char *data; /* the keys file's bytes */
	size_t len;
	size_t start;     /* the first line after the magic */
	void *map;
	size_t maplen;
	struct strbuf scratch;
	struct strbuf target; /* KIND TAB KEY TAB of the look-up */
	VEC(size_t) offs;     /* where each found line's fields start in scratch */
	VEC(struct history_row) rows;
};

static int check_magic(struct history *h, uint64_t history_size)
{
	char want[64];
	int n = snprintf(want, sizeof(want), HISTORY_KEYS_MAGIC "%" PRIu64 "\n", history_size);
	if ((size_t)n > h->len || memcmp(h->data, want, (size_t)n))
		return CLERK_EINVALID;
	h->start = (size_t)n;
	return 0;
}

int history_open_buffer(struct history **out, const char *data, size_t len, uint64_t history_size)
{
	struct history *h = xcalloc(1, sizeof(*h));
	h->data = data;
	h->len = len;
	*out = NULL;
	if (check_magic(h, history_size)) {
		free(h);
		return clerk_error_set(CLERK_EINVALID, "the keys of the history file are not for it");
	}
	*out = h;
	return 0;
}

int history_open(struct history **out, const char *path, uint64_t history_size)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return clerk_error_set(errno == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
				       "cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return clerk_error_set(CLERK_EINVALID, "'%s' is not a keys file", path);
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (map == MAP_FAILED)
		return clerk_error_set(CLERK_EIO, "cannot read '%s': %s", path, strerror(e));
	int error = history_open_buffer(out, map, (size_t)st.st_size, history_size);
	if (error) {
		munmap(map, (size_t)st.st_size);
		return clerk_error_set(CLERK_EINVALID, "'%s' is not the keys file of the history it is beside "
				       "(its first line does not name the history file's size)", path);
	}
	(*out)->map = map;
	(*out)->maplen = (size_t)st.st_size;
	return 0;
}

void history_close(struct history *h)
{
	if (!h)
		return;
	if (h->map)
		munmap(h->map, h->maplen);
	strbuf_release(&h->scratch);
	strbuf_release(&h->target);
	VEC_FREE(&h->offs);
	VEC_FREE(&h->rows);
	free(h);
}

/* The first line start at or after pos (h->len when none). */
static size_t line_at_or_after(const struct history *h, size_t pos)
{
	if (pos <= h->start || h->data[pos - 1] == '\n')
		return pos < h->start ? h->start : pos;
	const char *nl = memchr(h->data + pos, '\n', h->len - pos);
	return nl ? (size_t)(nl - h->data) + 1 : h->len;
}

static size_t line_end(const struct history *h, size_t s)
{
	const char *nl = memchr(h->data + s, '\n', h->len - s);
	return nl ? (size_t)(nl - h->data) : h->len;
}

/* The line at s against the prefix t (KIND TAB KEY TAB): <0, 0 (it starts with t), >0. */
static int cmp_prefix(const struct history *h, size_t s, const char *t, size_t tlen)
{
	size_t n = line_end(h, s) - s;
	int c = memcmp(h->data + s, t, n < tlen ? n : tlen);
	if (c)
		return c;
	return n < tlen ? -1 : 0;
}

/* The first line not below the prefix t: lines are sorted, so a binary search by bytes. */
static size_t lower_bound(const struct history *h, const char *t, size_t tlen)
{
	size_t lo = h->start, hi = h->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t s = line_at_or_after(h, mid);
		if (s >= hi) {
			hi = mid;
			continue;
		}
		if (cmp_prefix(h, s, t, tlen) < 0) {
			size_t e = line_end(h, s);
			lo = e < h->len ? e + 1 : h->len;
		} else {
			hi = s;
		}
	}
	return lo;
}

size_t history_find(struct history *h, char kind, const char *key, size_t keylen,
		    const struct history_row **rows)
{
	struct strbuf *t = &h->target;
	strbuf_reset(t);
	strbuf_addch(t, kind);
	strbuf_addch(t, '\t');
	strbuf_add(t, key, keylen);
	strbuf_addch(t, '\t');
	strbuf_reset(&h->scratch);
	h->rows.n = 0;
	h->offs.n = 0;
	for (size_t s = lower_bound(h, t->buf, t->len); s < h->len;) {
		size_t e = line_end(h, s);
		if (cmp_prefix(h, s, t->buf, t->len))
			break;
		/* the five fields, copied NUL-terminated into the scratch */
		size_t at = h->scratch.len;
		strbuf_add(&h->scratch, h->data + s + t->len, e - s - t->len);
		strbuf_addch(&h->scratch, '\0');
		VEC_PUSH(&h->offs, at);
		s = e < h->len ? e + 1 : h->len;
	}
	/* the scratch no longer moves: point into it */
	for (size_t k = 0; k < h->offs.n; k++) {
		char *p = h->scratch.buf + h->offs.v[k];
		char *f[5];
		size_t nf = 0;
		f[nf++] = p;
		for (; *p && nf < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				f[nf++] = p + 1;
			}
		if (nf != 5 || strchr(f[4], '\t'))
			continue;
		struct history_row r = { f[0], f[1], f[2], f[3], f[4] };
		VEC_PUSH(&h->rows, r);
	}
	*rows = h->rows.v;
	return h->rows.n;
}

/* The ISO date YYYY-MM-DD in the 10 bytes at s, or DATE_NONE. */
static clerk_date iso_date_at(const char *s)
{
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	return date_parse_iso(day);
}

int history_sales(const struct history *h, clerk_date from, clerk_date to,
		  int (*fn)(void *ctx, clerk_date date, const char *symbol, size_t len,
			    const struct dec *amount),
		  void *ctx)
{
	char t[16];
	date_format(from == DATE_NONE ? 0 : from, t + 2);
	t[0] = 's';
	t[1] = '\t';
	struct dec v = DEC_INIT;
	int error = 0;
	for (size_t s = lower_bound(h, t, from == DATE_NONE ? 2 : 12); s < h->len && !error;) {
		size_t e = line_end(h, s);
		const char *p = h->data + s, *end = h->data + e;
		if (e - s < 2 || memcmp(p, "s\t", 2))
			break;
		/* DATE TAB SYMBOL TAB AMOUNT */
		const char *d = p + 2, *sym = d + 11;
		const char *tab = sym <= end ? memchr(sym, '\t', (size_t)(end - sym)) : NULL;
		clerk_date day = sym <= end && d[10] == '\t' ? iso_date_at(d) : DATE_NONE;
		if (day == DATE_NONE || !tab || tab == sym ||
		    dec_parse_xs(&v, tab + 1, (size_t)(end - tab - 1), true) != DEC_XS_OK) {
			error = clerk_error_set(CLERK_EINVALID, "a malformed sales line in the keys file");
			break;
		}
		if (to != DATE_NONE && day > to)
			break;
		error = fn(ctx, day, sym, (size_t)(tab - sym), &v);
		s = e < h->len ? e + 1 : h->len;
	}
	dec_clear(&v);
	return error;
}

/* ------------------------------------------------------------------ */
/* reading the history file after all */

int history_read_skipped(struct journal *j, struct diag *d)
{
	uint32_t first = NO_ID;
	struct diag hd = DIAG_INIT;
	bool bad = false;
	for (uint32_t k = 0; k < j->files.n && !bad; k++) {
		if (!j->files.v[k].skipped)
			continue;
		if (first == NO_ID)
			first = k;
		bad = journal_read_skipped(j, k, &hd) != 0;
	}
	if (first == NO_ID) {
		diag_release(&hd);
		return 0;
	}
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	if (bad || journal_check(j, &co, &hd) || hd.nerrors) {
		struct srcloc loc = { j->files.v[first].path, 0, 0 };
		diag_add(d, DIAG_ERROR, &loc, NULL, 0,
			 "the history file does not check with the books (run clerk check)");
		diag_release(&hd);
		return CLERK_EINVALID;
	}
	diag_release(&hd);
	return 0;
}

/* The first history file the books were loaded without (NO_ID: none), and how many there are. */
static uint32_t skipped_file(const struct journal *j, size_t *n)
{
	uint32_t f = NO_ID;
	*n = 0;
	for (uint32_t k = 0; k < j->files.n; k++)
		if (j->files.v[k].skipped && (*n)++ == 0)
			f = k;
	return f;
}

bool history_skipped(const struct journal *j)
{
	size_t n;
	return skipped_file(j, &n) != NO_ID;
}

int history_open_skipped(struct history **out, const struct journal *j)
{
	size_t n, len = 0;
	uint32_t f = skipped_file(j, &n);
	*out = NULL;
	if (f == NO_ID)
		return 0;
	if (n > 1)
		return clerk_error_set(CLERK_EINVALID, "the books include %zu history files", n);
	struct strbuf keys = STRBUF_INIT;
	(void)journal_source(j, f, &len);
	history_keys_path(&keys, j->files.v[f].path);
	int error = history_open(out, keys.buf, len);
	strbuf_release(&keys);
	return error;
}

clerk_date history_date(const struct journal *j, uint32_t file)
{
	size_t len = 0, ml = strlen(JOURNAL_HISTORY_MARKER);
	const char *data = journal_source(j, file, &len);
	if (!data || len < ml + 10 || memcmp(data, JOURNAL_HISTORY_MARKER, ml))
		return DATE_NONE;
	return iso_date_at(data + ml);
}

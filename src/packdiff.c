/*
 * packdiff.c - members and CSV rows that differ between two audit packs
 * (packdiff.h).
 */
#include "compat.h"
#include "packdiff.h"
#include "date.h"
#include "error.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ keys */

/* The natural key of each CSV member a run writes (formats/pack.md). */
static const struct {
	const char *member;
	const char *key;
} keys[] = {
	{ "aging-payables.csv", "account, currency" },
	{ "aging-receivables.csv", "account, currency" },
	{ "bills.csv", "account, bill" },
	{ "collections.csv", "account, currency" },
	{ "decisions.csv", "entry" },
	{ "trial-balance-after.csv", "account, commodity" },
	{ "trial-balance-before.csv", "account, commodity" },
};

const char *packdiff_key(const char *member)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].member, member))
			return keys[i].key;
	return NULL;
}

/* ------------------------------------------------------------ CSV */

struct csv_row {
	char **cells;
	size_t n;
	char *raw; /* the record as it stands in the file, without its line end */
	char *key; /* the key's values joined with ", " (or the raw record) */
};

typedef VEC(struct csv_row) csv_rows;

static void rows_release(csv_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		for (size_t c = 0; c < rows->v[i].n; c++)
			free(rows->v[i].cells[c]);
		free(rows->v[i].cells);
		free(rows->v[i].raw);
		free(rows->v[i].key);
	}
	VEC_FREE(rows);
}

/* One field at t[*at..): appended to cell; *at moves past it (not past its separator). */
static int csv_field(struct strbuf *cell, const char *t, size_t len, size_t *at)
{
	size_t i = *at;
	if (i < len && t[i] == '"') {
		for (i++;; i++) {
			if (i == len)
				return clerk_error_set(CLERK_EPARSE, "a quoted field is not closed");
			if (t[i] == '"') {
				if (i + 1 < len && t[i + 1] == '"') {
					strbuf_addch(cell, '"');
					i++;
					continue;
				}
				i++;
				break;
			}
			strbuf_addch(cell, t[i]);
		}
		if (i < len && t[i] != ',' && t[i] != '\n' && !(t[i] == '\r' && i + 1 < len && t[i + 1] == '\n'))
			return clerk_error_set(CLERK_EPARSE, "text after a quoted field");
	} else {
		for (; i < len && t[i] != ',' && t[i] != '\n'; i++) {
			if (t[i] == '"')
				return clerk_error_set(CLERK_EPARSE, "a quote inside an unquoted field");
			if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
				break;
			strbuf_addch(cell, t[i]);
		}
	}
	*at = i;
	return 0;
}

/* Parses RFC 4180 text (LF or CRLF, a last line end optional) into rows. */
static int csv_parse(csv_rows *rows, const char *t, size_t len)
{
	size_t at = 0;
	struct strbuf cell = STRBUF_INIT;
	while (at < len) {
		struct csv_row *r = VEC_GROW(rows);
		VEC(char *) cells = VEC_INIT;
		size_t start = at;
		for (;;) {
			strbuf_reset(&cell);
			int error = csv_field(&cell, t, len, &at);
			if (error) {
				for (size_t c = 0; c < cells.n; c++)
					free(cells.v[c]);
				VEC_FREE(&cells);
				rows->n--;
				strbuf_release(&cell);
				return error;
			}
			VEC_PUSH(&cells, xstrdup(cell.buf ? cell.buf : ""));
			if (at < len && t[at] == ',') {
				at++;
				continue;
			}
			break;
		}
		size_t end = at;
		if (at < len && t[at] == '\r')
			at++;
		if (at < len && t[at] == '\n')
			at++;
		r->cells = cells.v;
		r->n = cells.n;
		r->raw = xmalloc(end - start + 1);
		memcpy(r->raw, t + start, end - start);
		r->raw[end - start] = '\0';
	}
	strbuf_release(&cell);
	return 0;
}

/* ------------------------------------------------------------ rows */

static void add_row(struct packdiff_member *m, enum packdiff_change change, const char *key, const char *column,
		    const char *old, const char *new)
{
	struct packdiff_row r = { change, xstrdup(key), column ? xstrdup(column) : NULL,
				  old ? xstrdup(old) : NULL, new ? xstrdup(new) : NULL };
	VEC_PUSH(&m->rows, r);
}

static int cmp_row_key(const void *a, const void *b)
{
	return strcmp((*(const struct csv_row *const *)a)->key, (*(const struct csv_row *const *)b)->key);
}

/* The data rows (header left out) sorted by key; false when a key repeats. */
static bool sorted_rows(struct csv_row ***out, csv_rows *rows)
{
	size_t n = rows->n ? rows->n - 1 : 0;
	struct csv_row **s = xmalloc((n ? n : 1) * sizeof(*s));
	for (size_t i = 0; i < n; i++)
		s[i] = &rows->v[i + 1];
	qsort(s, n, sizeof(*s), cmp_row_key);
	bool unique = true;
	for (size_t i = 1; i < n; i++)
		if (!strcmp(s[i - 1]->key, s[i]->key))
			unique = false;
	*out = s;
	return unique;
}

/* Sets every data row's key: the values of columns idx[0..nidx) joined with ", ", or the raw row. */
static void set_keys(csv_rows *rows, const size_t *idx, size_t nidx)
{
	for (size_t i = 1; i < rows->n; i++) {
		struct csv_row *r = &rows->v[i];
		struct strbuf k = STRBUF_INIT;
		for (size_t c = 0; c < nidx; c++) {
			if (c)
				strbuf_addstr(&k, ", ");
			strbuf_addstr(&k, idx[c] < r->n ? r->cells[idx[c]] : "");
		}
		free(r->key);
		r->key = nidx ? strbuf_detach(&k, NULL) : xstrdup(r->raw);
		strbuf_release(&k);
	}
}

/* The indexes of the key's columns in the header; false when one is missing (or too many). */
static bool key_columns(size_t *idx, size_t *nidx, const struct csv_row *header, const char *key)
{
	*nidx = 0;
	for (const char *k = key; k && *k;) {
		const char *e = strstr(k, ", ");
		size_t l = e ? (size_t)(e - k) : strlen(k);
		size_t c = 0;
		while (c < header->n && (strlen(header->cells[c]) != l || strncmp(header->cells[c], k, l)))
			c++;
		if (c == header->n || *nidx == 8)
			return false;
		idx[(*nidx)++] = c;
		k = e ? e + 2 : k + l;
	}
	return true;
}

static bool same_header(const csv_rows *a, const csv_rows *b)
{
	if (!a->n || !b->n)
		return a->n == b->n;
	if (a->v[0].n != b->v[0].n)
		return false;
	for (size_t c = 0; c < a->v[0].n; c++)
		if (strcmp(a->v[0].cells[c], b->v[0].cells[c]))
			return false;
	return true;
}

/* The columns that differ between two rows of the same key. */
static void changed_columns(struct packdiff_member *m, const struct csv_row *header, const struct csv_row *o,
			    const struct csv_row *n)
{
	size_t cols = o->n > n->n ? o->n : n->n;
	for (size_t c = 0; c < cols; c++) {
		const char *ov = c < o->n ? o->cells[c] : "", *nv = c < n->n ? n->cells[c] : "";
		if (strcmp(ov, nv))
			add_row(m, PACKDIFF_CHANGED, o->key, c < header->n ? header->cells[c] : "?", ov, nv);
	}
}

/* Merges the sorted rows: keyed, a row in both with other values is changed; whole rows, never. */
static void merge_rows(struct packdiff_member *m, struct csv_row **a, size_t na, struct csv_row **b, size_t nb,
		       const struct csv_row *header, bool keyed)
{
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i]->key, b[j]->key);
		if (c < 0) {
			add_row(m, PACKDIFF_REMOVED, a[i]->key, NULL, a[i]->raw, NULL);
			i++;
		} else if (c > 0) {
			add_row(m, PACKDIFF_ADDED, b[j]->key, NULL, NULL, b[j]->raw);
			j++;
		} else {
			if (keyed && strcmp(a[i]->raw, b[j]->raw))
				changed_columns(m, header, a[i], b[j]);
			i++;
			j++;
		}
	}
}

int packdiff_csv(struct packdiff_member *m, const char *key, const char *a, size_t alen, const char *b,
		 size_t blen)
{
	csv_rows ra = VEC_INIT, rb = VEC_INIT;
	struct csv_row **sa = NULL, **sb = NULL;
	size_t idx[8], nidx = 0;
	int error = csv_parse(&ra, a, alen);
	if (!error)
		error = csv_parse(&rb, b, blen);
	if (error)
		goto out;
	m->key = NULL;
	if (key && !same_header(&ra, &rb))
		m->note = xstrdup("the columns differ: rows compared whole");
	else if (key && ra.n && !key_columns(idx, &nidx, &ra.v[0], key))
		m->note = xstrdup("the key's columns are not all there: rows compared whole");
	else
		m->key = key;
	set_keys(&ra, idx, m->key ? nidx : 0);
	set_keys(&rb, idx, m->key ? nidx : 0);
	bool ua = sorted_rows(&sa, &ra), ub = sorted_rows(&sb, &rb);
	if (m->key && (!ua || !ub)) {
		m->key = NULL;
		m->note = xstrdup("a key repeats: rows compared whole");
		free(sa);
		free(sb);
		set_keys(&ra, idx, 0);
		set_keys(&rb, idx, 0);
		sorted_rows(&sa, &ra);
		sorted_rows(&sb, &rb);
	}
	merge_rows(m, sa, ra.n ? ra.n - 1 : 0, sb, rb.n ? rb.n - 1 : 0, ra.n ? &ra.v[0] : NULL, m->key != NULL);
	m->rows_compared = true;
out:
	free(sa);
	free(sb);
	rows_release(&ra);
	rows_release(&rb);
	return error;
}

/* ------------------------------------------------------------ members */

static struct packdiff_member *add_member(struct packdiff *d, const char *name, enum packdiff_change change,
					  uint64_t old_size, uint64_t new_size)
{
	struct packdiff_member *m = VEC_GROW(&d->members);
	m->name = xstrdup(name);
	m->change = change;
	m->old_size = old_size;
	m->new_size = new_size;
	return m;
}

static bool is_csv(const char *name)
{
	size_t l = strlen(name);
	return l > 4 && !strcmp(name + l - 4, ".csv");
}

/* The rows of a changed CSV member, read from both packs. */
static void compare_csv(struct packdiff_member *m, struct pack *a, struct pack *b)
{
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
	if (m->old_size > PACKDIFF_MAX_CSV || m->new_size > PACKDIFF_MAX_CSV)
		m->note = xstrdup("too large to compare its rows");
	else if (pack_member_read(&ta, a, m->name, PACKDIFF_MAX_CSV) ||
		 pack_member_read(&tb, b, m->name, PACKDIFF_MAX_CSV))
		m->note = xstrdup("cannot be read (verify the packs): rows not compared");
	else if (packdiff_csv(m, packdiff_key(m->name), ta.buf ? ta.buf : "", ta.len, tb.buf ? tb.buf : "",
			      tb.len)) {
		struct strbuf n = STRBUF_INIT;
		strbuf_addf(&n, "not CSV (%s): rows not compared", clerk_error_last()->message);
		m->note = strbuf_detach(&n, NULL);
	}
	clerk_error_clear();
	strbuf_release(&ta);
	strbuf_release(&tb);
}

static char *run_header(const struct pack_manifest *m)
{
	for (size_t i = 0; i < m->nheaders; i++)
		if (!strcmp(m->headers[i].key, "run"))
			return xstrdup(m->headers[i].value);
	return NULL;
}

int packdiff_compute(struct packdiff *out, struct pack *a, struct pack *b)
{
	const struct pack_manifest *ma = NULL, *mb = NULL;
	int error = pack_manifest(&ma, a);
	if (!error)
		error = pack_manifest(&mb, b);
	if (error) {
		char *why = xstrdup(clerk_error_last()->message);
		error = clerk_error_set(error, "'%s' cannot be compared: %s", pack_path(ma ? b : a), why);
		free(why);
		return error;
	}
	date_format(ma->date, out->old_date);
	date_format(mb->date, out->new_date);
	out->old_run = run_header(ma);
	out->new_run = run_header(mb);
	size_t i = 0, j = 0;
	while (i < ma->nentries || j < mb->nentries) {
		const struct pack_entry *ea = i < ma->nentries ? &ma->entries[i] : NULL;
		const struct pack_entry *eb = j < mb->nentries ? &mb->entries[j] : NULL;
		int c = !ea ? 1 : !eb ? -1 : strcmp(ea->name, eb->name);
		if (c < 0 && ea) {
			add_member(out, ea->name, PACKDIFF_REMOVED, ea->size, 0);
			i++;
		} else if (c > 0 && eb) {
			add_member(out, eb->name, PACKDIFF_ADDED, 0, eb->size);
			j++;
		} else if (ea && eb) {
			if (!strcmp(ea->sha256, eb->sha256) && ea->size == eb->size)
				out->same++;
			else {
				struct packdiff_member *m =
					add_member(out, ea->name, PACKDIFF_CHANGED, ea->size, eb->size);
				if (is_csv(m->name))
					compare_csv(m, a, b);
			}
			i++;
			j++;
		}
	}
	return 0;
}

void packdiff_release(struct packdiff *d)
{
	for (size_t i = 0; i < d->members.n; i++) {
		struct packdiff_member *m = &d->members.v[i];
		for (size_t r = 0; r < m->rows.n; r++) {
			free(m->rows.v[r].key);
			free(m->rows.v[r].column);
			free(m->rows.v[r].old);
			free(m->rows.v[r].new);
		}
		VEC_FREE(&m->rows);
		free(m->name);
		free(m->note);
	}
	VEC_FREE(&d->members);
	free(d->old_run);
	free(d->new_run);
	*d = (struct packdiff)PACKDIFF_INIT;
}

/* ------------------------------------------------------------ output */

static const char *change_word(enum packdiff_change c)
{
	return c == PACKDIFF_ADDED ? "added" : c == PACKDIFF_REMOVED ? "removed" : "changed";
}

static char change_mark(enum packdiff_change c)
{
	return c == PACKDIFF_ADDED ? '+' : c == PACKDIFF_REMOVED ? '-' : '~';
}

static void count_rows(const struct packdiff_member *m, size_t n[4])
{
	const char *last = NULL;
	memset(n, 0, 4 * sizeof(*n));
	for (size_t r = 0; r < m->rows.n; r++) {
		const struct packdiff_row *row = &m->rows.v[r];
		if (row->change == PACKDIFF_CHANGED && last && !strcmp(last, row->key))
			continue; /* another column of the same row */
		n[row->change]++;
		last = row->change == PACKDIFF_CHANGED ? row->key : NULL;
	}
}

static void text_member(struct strbuf *out, const struct packdiff_member *m)
{
	strbuf_addf(out, "%c %s", change_mark(m->change), m->name);
	if (m->change == PACKDIFF_ADDED)
		strbuf_addf(out, " (%" PRIu64 " bytes)", m->new_size);
	else if (m->change == PACKDIFF_REMOVED)
		strbuf_addf(out, " (%" PRIu64 " bytes)", m->old_size);
	else
		strbuf_addf(out, " (%" PRIu64 " -> %" PRIu64 " bytes)", m->old_size, m->new_size);
	if (m->rows_compared) {
		size_t n[4];
		count_rows(m, n);
		strbuf_addf(out, ": rows by %s: %zu added, %zu removed, %zu changed", m->key ? m->key : "the whole row",
			    n[PACKDIFF_ADDED], n[PACKDIFF_REMOVED], n[PACKDIFF_CHANGED]);
	}
	if (m->note)
		strbuf_addf(out, " (%s)", m->note);
	strbuf_addch(out, '\n');
	const char *last = NULL;
	for (size_t r = 0; r < m->rows.n; r++) {
		const struct packdiff_row *row = &m->rows.v[r];
		if (row->change == PACKDIFF_ADDED)
			strbuf_addf(out, "    + %s\n", row->new);
		else if (row->change == PACKDIFF_REMOVED)
			strbuf_addf(out, "    - %s\n", row->old);
		else {
			if (!last || strcmp(last, row->key))
				strbuf_addf(out, "    ~ %s:", row->key);
			else
				strbuf_addch(out, ';');
			strbuf_addf(out, " %s %s -> %s", row->column, *row->old ? row->old : "(empty)",
				    *row->new ? row->new : "(empty)");
			bool more = r + 1 < m->rows.n && m->rows.v[r + 1].change == PACKDIFF_CHANGED &&
				    !strcmp(m->rows.v[r + 1].key, row->key);
			if (!more)
				strbuf_addch(out, '\n');
			last = row->key;
			continue;
		}
		last = NULL;
	}
}

void packdiff_format_text(struct strbuf *out, const struct packdiff *d)
{
	size_t n[4] = { 0 };
	for (size_t i = 0; i < d->members.n; i++)
		n[d->members.v[i].change]++;
	strbuf_addf(out, "members: %zu added, %zu removed, %zu changed, %zu the same\n", n[PACKDIFF_ADDED],
		    n[PACKDIFF_REMOVED], n[PACKDIFF_CHANGED], d->same);
	for (size_t i = 0; i < d->members.n; i++)
		text_member(out, &d->members.v[i]);
}

static void csv_line(struct strbuf *out, const char *member, const char *change, const char *key,
		     const char *column, const char *old, const char *new)
{
	const char *f[] = { member, change, key, column, old, new };
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_addcsv(out, f[i] ? f[i] : "");
	}
	strbuf_addch(out, '\n');
}

void packdiff_format_csv(struct strbuf *out, const struct packdiff *d)
{
	char os[24], ns[24];
	strbuf_addstr(out, "member,change,key,column,old,new\n");
	for (size_t i = 0; i < d->members.n; i++) {
		const struct packdiff_member *m = &d->members.v[i];
		snprintf(os, sizeof(os), "%" PRIu64, m->old_size);
		snprintf(ns, sizeof(ns), "%" PRIu64, m->new_size);
		csv_line(out, m->name, change_word(m->change), NULL, "bytes", m->change == PACKDIFF_ADDED ? NULL : os,
			 m->change == PACKDIFF_REMOVED ? NULL : ns);
		for (size_t r = 0; r < m->rows.n; r++) {
			const struct packdiff_row *row = &m->rows.v[r];
			csv_line(out, m->name, change_word(row->change), row->key, row->column, row->old, row->new);
		}
	}
}

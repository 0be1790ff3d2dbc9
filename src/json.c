#include "compat.h"
#include "json.h"
#include "error.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <string.h>

void json_string(struct strbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (char)c);
		} else if (c == '\n') {
			strbuf_addstr(out, "\\n");
		} else if (c == '\r') {
			strbuf_addstr(out, "\\r");
		} else if (c == '\t') {
			strbuf_addstr(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addstr(out, "\\u00");
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		} else {
			strbuf_addch(out, (char)c);
		}
	}
	strbuf_addch(out, '"');
}

/* One CSV record: its fields, unquoted, in fields (each NUL-terminated in buf). */
struct record {
	struct strbuf buf;
	VEC(size_t) start; /* offsets into buf */
};

/* Reads the record at *p; returns 0 (with *p past its line end), 1 at the end, or -1. */
static int read_record(struct record *r, const char **p, const char *end)
{
	const char *s = *p;
	if (s >= end)
		return 1;
	strbuf_reset(&r->buf);
	r->start.n = 0;
	for (;;) {
		VEC_PUSH(&r->start, r->buf.len);
		if (s < end && *s == '"') {
			for (s++;; s++) {
				if (s >= end)
					return -1;
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"')
						s++;
					else
						break;
				}
				strbuf_addch(&r->buf, *s);
			}
			s++;
		} else {
			while (s < end && *s != ',' && *s != '\n' && *s != '\r')
				strbuf_addch(&r->buf, *s++);
		}
		strbuf_addch(&r->buf, '\0');
		if (s < end && *s == ',') {
			s++;
			continue;
		}
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
		else if (s < end)
			return -1;
		*p = s;
		return 0;
	}
}

/* A whole number as JSON writes one: an optional '-', then 0 or digits without a leading 0. */
static bool is_integer(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		return !s[1];
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool is_numeric(const char *name, const char *const *numeric)
{
	for (size_t i = 0; numeric && numeric[i]; i++)
		if (!strcmp(numeric[i], name))
			return true;
	return false;
}

static void add_value(struct strbuf *out, const char *v, bool numeric)
{
	if (numeric && !*v)
		strbuf_addstr(out, "null");
	else if (numeric && is_integer(v))
		strbuf_addstr(out, v);
	else
		json_string(out, v, strlen(v));
}

struct json_table {
	const char *const *numeric;
	struct record head, row;
	bool started, have_head, failed;
	size_t nrows;
};

struct json_table *json_table_new(const char *const *numeric)
{
	struct json_table *t = xcalloc(1, sizeof(*t));
	t->numeric = numeric;
	strbuf_init(&t->head.buf, 0);
	strbuf_init(&t->row.buf, 0);
	return t;
}

void json_table_free(struct json_table *t)
{
	if (!t)
		return;
	strbuf_release(&t->head.buf);
	strbuf_release(&t->row.buf);
	VEC_FREE(&t->head.start);
	VEC_FREE(&t->row.start);
	free(t);
}

/* One row (in t->row) as an object keyed by the header. */
static void add_object(struct json_table *t, struct strbuf *out)
{
	strbuf_addstr(out, t->nrows++ ? ",\n  {" : "\n  {");
	for (size_t k = 0; k < t->row.start.n; k++) {
		const char *name = t->head.buf.buf + t->head.start.v[k];
		if (k)
			strbuf_addstr(out, ", ");
		json_string(out, name, strlen(name));
		strbuf_addstr(out, ": ");
		add_value(out, t->row.buf.buf + t->row.start.v[k], is_numeric(name, t->numeric));
	}
	strbuf_addch(out, '}');
}

int json_table_add(struct json_table *t, struct strbuf *out, const char *csv, size_t len)
{
	const char *p = csv, *end = csv + len;
	int r;
	if (!t->started) {
		strbuf_addch(out, '[');
		t->started = true;
	}
	if (t->failed)
		return clerk_error_set(CLERK_EINVALID, "the CSV was refused before");
	if (!t->have_head && len) {
		if (read_record(&t->head, &p, end) < 0) {
			t->failed = true;
			return clerk_error_set(CLERK_EINVALID, "bad CSV header");
		}
		t->have_head = true;
	}
	while ((r = read_record(&t->row, &p, end)) == 0) {
		if (t->row.start.n != t->head.start.n) {
			t->failed = true;
			return clerk_error_set(CLERK_EINVALID, "CSV row %zu has %zu fields, the header %zu",
					       t->nrows + 1, t->row.start.n, t->head.start.n);
		}
		add_object(t, out);
	}
	if (r < 0) {
		t->failed = true;
		return clerk_error_set(CLERK_EINVALID, "unclosed quote in CSV row %zu", t->nrows + 1);
	}
	return 0;
}

void json_table_end(struct json_table *t, struct strbuf *out)
{
	if (!t->started)
		strbuf_addch(out, '[');
	t->started = true;
	strbuf_addstr(out, t->nrows ? "\n]\n" : "]\n");
}

int json_from_csv(struct strbuf *out, const char *csv, size_t len, const char *const *numeric)
{
	struct json_table *t = json_table_new(numeric);
	int rc = json_table_add(t, out, csv, len);
	json_table_end(t, out);
	json_table_free(t);
	return rc;
}

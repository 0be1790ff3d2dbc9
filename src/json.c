#include "compat.h"
#include "json.h"
#include "error.h"
#include "util/vec.h"

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

static bool is_integer(const char *s)
{
	if (*s == '-')
		s++;
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

int json_from_csv(struct strbuf *out, const char *csv, size_t len, const char *const *numeric)
{
	struct record head = { STRBUF_INIT, VEC_INIT }, row = { STRBUF_INIT, VEC_INIT };
	const char *p = csv, *end = csv + len;
	int rc = 0, r;
	size_t nrows = 0;
	strbuf_addch(out, '[');
	if (read_record(&head, &p, end) < 0) {
		rc = clerk_error_set(CLERK_EINVALID, "bad CSV header");
		goto out;
	}
	while ((r = read_record(&row, &p, end)) == 0) {
		if (row.start.n != head.start.n) {
			rc = clerk_error_set(CLERK_EINVALID, "CSV row %zu has %zu fields, the header %zu",
					     nrows + 1, row.start.n, head.start.n);
			goto out;
		}
		strbuf_addstr(out, nrows++ ? ",\n  {" : "\n  {");
		for (size_t k = 0; k < row.start.n; k++) {
			const char *name = head.buf.buf + head.start.v[k];
			if (k)
				strbuf_addstr(out, ", ");
			json_string(out, name, strlen(name));
			strbuf_addstr(out, ": ");
			add_value(out, row.buf.buf + row.start.v[k], is_numeric(name, numeric));
		}
		strbuf_addch(out, '}');
	}
	if (r < 0)
		rc = clerk_error_set(CLERK_EINVALID, "unclosed quote in CSV row %zu", nrows + 1);
out:
	strbuf_addstr(out, nrows ? "\n]\n" : "]\n");
	strbuf_release(&head.buf);
	strbuf_release(&row.buf);
	VEC_FREE(&head.start);
	VEC_FREE(&row.start);
	return rc;
}

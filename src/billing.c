/*
 * billing.c - the billing CSV reader (formats/invoice.md, "The billing file").
 *
 * RFC 4180: records end at CRLF or LF (a CR alone is data inside quotes
 * only), fields are separated by commas, a field in double quotes may hold
 * commas, line breaks and doubled quotes. A quote inside an unquoted field,
 * text after a closing quote and an unterminated quote are errors.
 */
#include "compat.h"
#include "billing.h"
#include "currency.h"
#include "error.h"
#include "fsutil.h"
#include "util/utf8.h"

#include <fcntl.h>
#include <unistd.h>

static const char *const col_names[BILLING_NCOLS] = {
	[BILLING_KEY] = "key",
	[BILLING_CUSTOMER] = "customer",
	[BILLING_ISSUE_DATE] = "issue_date",
	[BILLING_CURRENCY] = "currency",
	[BILLING_DESCRIPTION] = "description",
	[BILLING_QUANTITY] = "quantity",
	[BILLING_UNIT_PRICE] = "unit_price",
	[BILLING_VAT_CATEGORY] = "vat_category",
	[BILLING_VAT_RATE] = "vat_rate",
	[BILLING_CREDITS] = "credits",
};

const char *billing_col_name(enum billing_col c)
{
	return c < BILLING_NCOLS ? col_names[c] : "";
}

/* One field of a record as read: its text (quotes undone) and where it starts. */
struct field {
	size_t start, end; /* of the raw field in the text */
	struct strbuf value;
	uint32_t line;
	size_t off;        /* byte offset of its start in the text */
};

typedef VEC(struct field) field_vec;

/* The reader's state over one file. */
struct reader {
	struct billing *b;
	struct diag *d;
	const char *s;
	size_t n, pos;
	uint32_t line; /* of pos */
	int map[BILLING_NCOLS]; /* the header position of each column, or -1 */
	size_t ncols;           /* fields in the header */
};

/* ------------------------------------------------------------------ */
/* positions and messages */

/* The text of line `line` (1-based) without its line break; length in *len. */
static const char *line_text(const struct billing *b, uint32_t line, size_t *len)
{
	if (!line || line > b->line_starts.n) {
		*len = 0;
		return NULL;
	}
	size_t st = b->line_starts.v[line - 1];
	const char *s = b->text.buf + st;
	const char *nl = memchr(s, '\n', b->text.len - st);
	size_t n = nl ? (size_t)(nl - s) : b->text.len - st;
	if (n && s[n - 1] == '\r')
		n--;
	*len = n;
	return s;
}

static void verr_at(const struct billing *b, struct diag *d, uint32_t line, uint32_t col,
		    const char *fmt, va_list ap) PRINTF_LIKE(5, 0);
static void verr_at(const struct billing *b, struct diag *d, uint32_t line, uint32_t col,
		    const char *fmt, va_list ap)
{
	size_t len;
	const char *t = line_text(b, line, &len);
	struct srcloc loc = { b->name, line, col };
	diag_vadd(d, DIAG_ERROR, &loc, t, len, fmt, ap);
}

/* An error at byte offset off of the text (on line `line`). */
static void err_off(const struct reader *r, uint32_t line, size_t off, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
static void err_off(const struct reader *r, uint32_t line, size_t off, const char *fmt, ...)
{
	va_list ap;
	size_t st = line && line <= r->b->line_starts.n ? r->b->line_starts.v[line - 1] : 0;
	uint32_t col = diag_column(r->s + st, off >= st ? off - st : 0);
	va_start(ap, fmt);
	verr_at(r->b, r->d, line, col, fmt, ap);
	va_end(ap);
}

void billing_error(const struct billing *b, struct diag *d, const struct billing_line *l,
		   enum billing_col col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (col < BILLING_NCOLS && l->fline[col])
		verr_at(b, d, l->fline[col], l->fcol[col], fmt, ap);
	else
		verr_at(b, d, l->line, 1, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* the CSV layer */

static void index_lines(struct billing *b)
{
	VEC_PUSH(&b->line_starts, 0);
	for (size_t i = 0; i < b->text.len; i++)
		if (b->text.buf[i] == '\n' && i + 1 < b->text.len)
			VEC_PUSH(&b->line_starts, (uint32_t)(i + 1));
}

/* Reads a quoted field from r->pos (at the opening quote) into f. Returns false on error. */
static bool read_quoted(struct reader *r, struct field *f)
{
	uint32_t open_line = r->line;
	size_t open = r->pos++;
	for (;;) {
		if (r->pos >= r->n) {
			err_off(r, open_line, open, "a quoted field is not closed (a '\"' is missing)");
			return false;
		}
		char c = r->s[r->pos];
		if (c == '"') {
			if (r->pos + 1 < r->n && r->s[r->pos + 1] == '"') {
				strbuf_addch(&f->value, '"');
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (c == '\n')
			r->line++;
		strbuf_addch(&f->value, c);
		r->pos++;
	}
	if (r->pos < r->n && r->s[r->pos] != ',' && r->s[r->pos] != '\n' &&
	    !(r->s[r->pos] == '\r' && r->pos + 1 < r->n && r->s[r->pos + 1] == '\n')) {
		err_off(r, r->line, r->pos,
			"text after a closing quote (a '\"' inside a quoted field is written '\"\"')");
		return false;
	}
	return true;
}

/* Reads an unquoted field from r->pos into f. Returns false on error. */
static bool read_plain(struct reader *r, struct field *f)
{
	while (r->pos < r->n) {
		char c = r->s[r->pos];
		if (c == ',' || c == '\n' || (c == '\r' && r->pos + 1 < r->n && r->s[r->pos + 1] == '\n'))
			break;
		if (c == '"') {
			err_off(r, r->line, r->pos,
				"a '\"' inside an unquoted field (quote the whole field)");
			return false;
		}
		if (c == '\r') {
			err_off(r, r->line, r->pos, "a carriage return that does not end a line");
			return false;
		}
		strbuf_addch(&f->value, c);
		r->pos++;
	}
	return true;
}

/*
 * Reads one record into fields (reusing their buffers); *nfields is set.
 * Returns false when the record is broken (an error was added; the reader
 * skips to the next line).
 */
static bool read_record(struct reader *r, field_vec *fields, size_t *nfields)
{
	size_t k = 0;
	bool ok = true;
	for (;;) {
		if (k == fields->n) {
			struct field *nf = VEC_GROW(fields);
			strbuf_init(&nf->value, 0);
		}
		struct field *f = &fields->v[k++];
		strbuf_reset(&f->value);
		f->line = r->line;
		f->off = r->pos;
		if (r->pos < r->n && r->s[r->pos] == '"')
			ok = read_quoted(r, f);
		else
			ok = read_plain(r, f);
		if (ok && f->value.len > BILLING_MAX_FIELD) {
			err_off(r, f->line, f->off, "a field of more than %d bytes", BILLING_MAX_FIELD);
			ok = false;
		}
		if (!ok)
			break;
		if (r->pos < r->n && r->s[r->pos] == ',') {
			r->pos++;
			continue;
		}
		break;
	}
	if (!ok) {
		/* resynchronise at the next line break */
		while (r->pos < r->n && r->s[r->pos] != '\n')
			r->pos++;
	}
	if (r->pos < r->n && r->s[r->pos] == '\r')
		r->pos++;
	if (r->pos < r->n && r->s[r->pos] == '\n') {
		r->pos++;
		r->line++;
	}
	*nfields = k;
	return ok;
}

/* ------------------------------------------------------------------ */
/* values */

/* Whether the record is one empty field (a blank line). */
static bool blank_record(const field_vec *fields, size_t n)
{
	return n == 1 && fields->v[0].value.len == 0;
}

static bool header(struct reader *r, const field_vec *fields, size_t n)
{
	bool ok = true;
	for (size_t c = 0; c < BILLING_NCOLS; c++)
		r->map[c] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields->v[i];
		size_t c = 0;
		while (c < BILLING_NCOLS && strcmp(f->value.buf, col_names[c]))
			c++;
		if (c == BILLING_NCOLS) {
			err_off(r, f->line, f->off,
				"unknown column '%s' (expected key, customer, issue_date, currency, "
				"description, quantity, unit_price, vat_category, vat_rate, credits)",
				f->value.buf);
			ok = false;
		} else if (r->map[c] >= 0) {
			err_off(r, f->line, f->off, "column '%s' given twice", col_names[c]);
			ok = false;
		} else {
			r->map[c] = (int)i;
		}
	}
	for (size_t c = 0; c < BILLING_CREDITS; c++)
		if (r->map[c] < 0) {
			err_off(r, fields->v[0].line, fields->v[0].off,
				"the header has no column '%s'", col_names[c]);
			ok = false;
		}
	r->ncols = n;
	r->b->has_credits = r->map[BILLING_CREDITS] >= 0;
	return ok;
}

/*
 * Parses a plain decimal: an optional '-', digits, optionally '.' and up to
 * BILLING_MAX_DECIMALS digits. Returns NULL or a message.
 */
static const char *parse_number(const char *s, struct dec *out)
{
	bool neg = *s == '-';
	const char *p = s + neg, *dot = NULL;
	char digits[64];
	size_t nd = 0;
	if (!*p)
		return "expected a number like 12.50";
	for (; *p; p++) {
		if (*p == '.' && !dot && p > s + neg) {
			dot = p;
			continue;
		}
		if (*p < '0' || *p > '9')
			return "expected a number like 12.50 (digits, '.' before the decimals, no "
			       "thousands separators)";
		if (nd >= 30)
			return "a number of more than 30 digits";
		digits[nd++] = *p;
	}
	if (dot && !dot[1])
		return "expected digits after the '.'";
	int32_t scale = dot ? (int32_t)(p - dot - 1) : 0;
	if (scale > BILLING_MAX_DECIMALS)
		return "more than 6 decimals";
	if (dec_from_digits(out, digits, nd, scale, neg))
		return "expected a number like 12.50";
	return NULL;
}

static bool parse_category(const char *s, char out[3])
{
	static const char *const cats[] = { "S", "Z", "E", "AE", "K", "G", "O" };
	for (size_t i = 0; i < ARRAY_SIZE(cats); i++)
		if (!strcmp(s, cats[i])) {
			memcpy(out, cats[i], strlen(cats[i]) + 1);
			return true;
		}
	return false;
}

/* The field of column c in the record, or NULL when the file has no such column. */
static const struct field *opt_col(const struct reader *r, const field_vec *fields,
				   enum billing_col c)
{
	return r->map[c] < 0 ? NULL : &fields->v[r->map[c]];
}

/* The field of a required column (the header has them all). */
static const struct field *col(const struct reader *r, const field_vec *fields, enum billing_col c)
{
	if (r->map[c] < 0)
		BUG("required column %s not mapped", col_names[c]);
	return &fields->v[r->map[c]];
}

/* Adds an error at the start of field f. */
#define field_err(r, f, ...) err_off((r), (f)->line, (f)->off + 0, __VA_ARGS__)

static bool text_field(struct reader *r, const struct field *f, const char *what, const char **out)
{
	const char *s = f->value.buf;
	size_t n = f->value.len;
	if (utf8_valid_prefix(s, n) != n) {
		field_err(r, f, "the %s is not valid UTF-8", what);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			field_err(r, f, "the %s holds a control character (line break, tab, ...)",
				  what);
			return false;
		}
	if (n && (s[0] == ' ' || s[n - 1] == ' ')) {
		field_err(r, f, "the %s starts or ends with a space", what);
		return false;
	}
	*out = n ? mempool_strndup(&r->b->pool, s, n) : NULL;
	return true;
}

static bool required(struct reader *r, const struct field *f, const char *what, const char **out)
{
	if (!text_field(r, f, what, out))
		return false;
	if (!*out) {
		field_err(r, f, "the %s is empty", what);
		return false;
	}
	return true;
}

static bool date_field(struct reader *r, const struct field *f, clerk_date *out)
{
	const char *s = f->value.buf, *p = s, *msg = NULL;
	if (f->value.len != 10 || s[4] != '-' || s[7] != '-')
		msg = "expected a date YYYY-MM-DD";
	else if ((msg = date_parse(&p, s + f->value.len, out)) == NULL && *p)
		msg = "expected a date YYYY-MM-DD";
	if (msg)
		field_err(r, f, "issue_date: %s", msg);
	return !msg;
}

static bool currency_field(struct reader *r, const struct field *f, char out[4])
{
	const struct currency *c = f->value.len == 3 ? currency_find(f->value.buf) : NULL;
	if (!c || c->historic) {
		field_err(r, f, "'%s' is not an ISO 4217 currency code (like EUR)", f->value.buf);
		return false;
	}
	if (c->exponent == CURRENCY_EXPONENT_NONE) {
		field_err(r, f, "'%s' is a currency code without minor units (not money to invoice)",
			  f->value.buf);
		return false;
	}
	memcpy(out, c->code, 4);
	return true;
}

static bool number_field(struct reader *r, const struct field *f, const char *what, struct dec *out)
{
	const char *msg = parse_number(f->value.buf, out);
	if (msg)
		field_err(r, f, "%s: %s", what, msg);
	return !msg;
}

/* The numbers of a line: quantity, unit price, rate (checked against the category). */
static bool numbers(struct reader *r, const field_vec *fields, struct billing_line *l)
{
	const struct field *q = col(r, fields, BILLING_QUANTITY),
			   *pr = col(r, fields, BILLING_UNIT_PRICE),
			   *ca = col(r, fields, BILLING_VAT_CATEGORY),
			   *ra = col(r, fields, BILLING_VAT_RATE);
	bool ok = number_field(r, q, "quantity", &l->quantity);
	if (ok && dec_is_zero(&l->quantity)) {
		field_err(r, q, "quantity: zero (leave the line out)");
		ok = false;
	}
	if (number_field(r, pr, "unit_price", &l->unit_price)) {
		if (dec_sgn(&l->unit_price) < 0) {
			field_err(r, pr, "unit_price: negative (EN 16931 BR-27); give a negative "
					 "quantity to take an amount off");
			ok = false;
		}
	} else {
		ok = false;
	}
	if (!parse_category(ca->value.buf, l->category)) {
		field_err(r, ca,
			  "'%s' is not a VAT category (S standard, Z zero rated, E exempt, AE reverse "
			  "charge, K intra-community, G export, O not subject to VAT)",
			  ca->value.buf);
		return false;
	}
	bool is_o = !strcmp(l->category, "O");
	if (!ra->value.len) {
		if (!is_o) {
			field_err(r, ra, "vat_rate: empty; category %s needs a rate in percent",
				  l->category);
			return false;
		}
		return ok;
	}
	if (is_o) {
		field_err(r, ra, "vat_rate: category O (not subject to VAT) has no rate; leave it empty");
		return false;
	}
	if (!number_field(r, ra, "vat_rate", &l->rate))
		return false;
	l->has_rate = true;
	struct dec hundred = DEC_INIT;
	dec_set_i64(&hundred, 100, 0);
	bool s = !strcmp(l->category, "S");
	if (dec_sgn(&l->rate) < 0 || dec_cmp(&l->rate, &hundred) >= 0) {
		field_err(r, ra, "vat_rate: %s is not a percentage from 0 to below 100", ra->value.buf);
		ok = false;
	} else if (s && dec_is_zero(&l->rate)) {
		field_err(r, ra, "vat_rate: category S (standard rate) needs a rate above 0; a 0 %% "
				 "rate is category Z");
		ok = false;
	} else if (!s && !dec_is_zero(&l->rate)) {
		field_err(r, ra, "vat_rate: category %s charges no VAT, its rate is 0, not %s",
			  l->category, ra->value.buf);
		ok = false;
	}
	dec_clear(&hundred);
	return ok;
}

/* Turns a record into a billing line; false (errors added) when a value is bad. */
static bool take_line(struct reader *r, const field_vec *fields, uint32_t line)
{
	struct billing_line l;
	memset(&l, 0, sizeof(l));
	dec_init(&l.quantity);
	dec_init(&l.unit_price);
	dec_init(&l.rate);
	l.line = line;
	for (size_t c = 0; c < BILLING_NCOLS; c++) {
		const struct field *f = opt_col(r, fields, (enum billing_col)c);
		if (!f)
			continue;
		size_t st = r->b->line_starts.v[f->line - 1];
		l.fline[c] = f->line;
		l.fcol[c] = diag_column(r->s + st, f->off - st);
	}
	bool ok = required(r, col(r, fields, BILLING_KEY), "key", &l.key);
	ok &= required(r, col(r, fields, BILLING_CUSTOMER), "customer", &l.customer);
	ok &= date_field(r, col(r, fields, BILLING_ISSUE_DATE), &l.issue_date);
	ok &= currency_field(r, col(r, fields, BILLING_CURRENCY), l.currency);
	ok &= required(r, col(r, fields, BILLING_DESCRIPTION), "description", &l.description);
	ok &= numbers(r, fields, &l);
	const struct field *cr = opt_col(r, fields, BILLING_CREDITS);
	if (cr)
		ok &= text_field(r, cr, "credited invoice number", &l.credits);
	if (!ok) {
		dec_clear(&l.quantity);
		dec_clear(&l.unit_price);
		dec_clear(&l.rate);
		return false;
	}
	VEC_PUSH(&r->b->lines, l);
	return true;
}

/* ------------------------------------------------------------------ */
/* the file */

static int read_text(struct billing *b, struct diag *d)
{
	struct reader r = { b, d, NULL, 0, 0, 1, { 0 }, 0 };
	field_vec fields = VEC_INIT;
	size_t nf, nerr = d->nerrors;
	bool have_header = false;

	index_lines(b);
	r.s = b->text.buf;
	r.n = b->text.len;
	if (r.n >= 3 && !memcmp(r.s, "\xEF\xBB\xBF", 3))
		r.pos = 3;
	const char *nul = memchr(r.s, '\0', r.n);
	if (nul) {
		uint32_t line = 1;
		for (const char *p = r.s; p < nul; p++)
			line += *p == '\n';
		err_off(&r, line, (size_t)(nul - r.s), "a NUL byte: this is not a CSV text file");
		goto done;
	}
	while (r.pos < r.n) {
		uint32_t line = r.line;
		if (!read_record(&r, &fields, &nf))
			continue;
		if (blank_record(&fields, nf))
			continue;
		if (!have_header) {
			have_header = true;
			if (!header(&r, &fields, nf))
				goto done;
			continue;
		}
		if (nf != r.ncols) {
			err_off(&r, line, fields.v[0].off, "%zu field%s, but the header has %zu", nf,
				nf == 1 ? "" : "s", r.ncols);
			continue;
		}
		(void)take_line(&r, &fields, line);
	}
	if (!have_header)
		err_off(&r, 1, 0, "an empty file: expected a header row and billing lines");
	else if (!b->lines.n && d->nerrors == nerr)
		err_off(&r, 1, 0, "no billing lines after the header row");
done:
	for (size_t i = 0; i < fields.n; i++)
		strbuf_release(&fields.v[i].value);
	VEC_FREE(&fields);
	return d->nerrors > nerr ? CLERK_EPARSE : 0;
}

int billing_read_memory(struct billing *b, const char *name, const char *data, size_t len,
			struct diag *d)
{
	free(b->name);
	b->name = xstrdup(name);
	strbuf_reset(&b->text);
	strbuf_add(&b->text, data, len);
	return read_text(b, d);
}

int billing_read_file(struct billing *b, const char *path, struct diag *d)
{
	int fd, error, rc;
	struct stat st;
	if ((error = fsutil_open_regular(&fd, &st, path, 0)))
		return error == CLERK_EINVALID
			       ? clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message)
			       : error;
	if ((uintmax_t)st.st_size > BILLING_MAX_FILE) {
		close(fd);
		return clerk_error_set(CLERK_EIO, "'%s' is too large for a billing file (%jd bytes, "
						  "at most %u)",
				       path, (intmax_t)st.st_size, BILLING_MAX_FILE);
	}
	free(b->name);
	b->name = xstrdup(path);
	strbuf_reset(&b->text);
	rc = strbuf_read_fd(&b->text, fd, (size_t)st.st_size);
	if (rc == STRBUF_READ_CHANGED)
		error = fsutil_changed_error(path, &st);
	else if (rc)
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	close(fd);
	return error ? error : read_text(b, d);
}

void billing_release(struct billing *b)
{
	for (size_t i = 0; i < b->lines.n; i++) {
		dec_clear(&b->lines.v[i].quantity);
		dec_clear(&b->lines.v[i].unit_price);
		dec_clear(&b->lines.v[i].rate);
	}
	VEC_FREE(&b->lines);
	VEC_FREE(&b->line_starts);
	strbuf_release(&b->text);
	free(b->name);
	b->name = NULL;
	mempool_release(&b->pool);
}

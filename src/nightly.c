/*
 * nightly.c - the nightly run's work in memory (nightly.h, formats/run.md).
 */
#include "compat.h"
#include "nightly.h"
#include "aging.h"
#include "bankfeed.h"
#include "bookfiles.h"
#include "camt.h"
#include "dunning.h"
#include "error.h"
#include "history.h"
#include "import.h"
#include "einvoice.h"
#include "receive.h"
#include "letters.h"
#include "mreport.h"
#include "openitems.h"
#include "pay.h"
#include "render.h"
#include "report.h"
#include "sha256.h"
#include "fsutil.h"
#include "util/utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void json_add_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_addstr(out, "\\\"");
			break;
		case '\\':
			strbuf_addstr(out, "\\\\");
			break;
		case '\n':
			strbuf_addstr(out, "\\n");
			break;
		case '\t':
			strbuf_addstr(out, "\\t");
			break;
		case '\r':
			strbuf_addstr(out, "\\r");
			break;
		default:
			if (*p < 0x20)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addch(out, (char)*p);
		}
	}
	strbuf_addch(out, '"');
}

/* The JSON string value of "key": in json (as nightly_compute writes it), unescaped; NULL if absent. */
static char *json_field(const char *json, size_t len, const char *key)
{
	struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;
	strbuf_addf(&k, "\"%s\": \"", key);
	const char *p = NULL;
	for (size_t i = 0; i + k.len <= len; i++)
		if (!memcmp(json + i, k.buf, k.len)) {
			p = json + i + k.len;
			break;
		}
	strbuf_release(&k);
	if (!p)
		return NULL;
	const char *end = json + len;
	for (; p < end && *p != '"'; p++) {
		if (*p != '\\') {
			strbuf_addch(&v, *p);
			continue;
		}
		if (++p >= end)
			break;
		switch (*p) {
		case 'n':
			strbuf_addch(&v, '\n');
			break;
		case 't':
			strbuf_addch(&v, '\t');
			break;
		case 'r':
			strbuf_addch(&v, '\r');
			break;
		case 'u': {
			unsigned c = 0;
			for (int i = 1; i <= 4 && p + i < end; i++) {
				char h = p[i];
				c = c * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
			}
			strbuf_addch(&v, (int)(c & 0x7f));
			p += 4;
			break;
		}
		default:
			strbuf_addch(&v, *p);
		}
	}
	if (p >= end) {
		strbuf_release(&v);
		return NULL;
	}
	return strbuf_detach(&v, NULL);
}

int nightly_read_params(const char *json, size_t len, clerk_date *date, char **run_id,
			char **books_name, char **version)
{
	char *d = json_field(json, len, "date");
	*run_id = json_field(json, len, "run");
	*books_name = json_field(json, len, "books");
	*version = json_field(json, len, "clerk_version");
	*date = d ? date_parse_iso(d) : DATE_NONE;
	free(d);
	if (*date == DATE_NONE || !*run_id || !*books_name || !*version) {
		free(*run_id);
		free(*books_name);
		free(*version);
		*run_id = *books_name = *version = NULL;
		return clerk_error_set(CLERK_EPARSE, "run.json: not the parameters of a clerk run");
	}
	return 0;
}

char *nightly_read_pay(const char *json, size_t len)
{
	return json_field(json, len, "pay");
}

static struct nightly_member *add_member_m(struct nightly *n, const char *name)
{
	struct nightly_member *m = VEC_GROW(&n->members);
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	strbuf_init(&m->data, 0);
	return m;
}

static struct strbuf *add_member(struct nightly *n, const char *name)
{
	return &add_member_m(n, name)->data;
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct nightly_member *)a)->name, ((const struct nightly_member *)b)->name);
}

static int cmp_name_member(const void *key, const void *m)
{
	return strcmp(key, ((const struct nightly_member *)m)->name);
}

/* letters_emit_fn: a letter becomes the pack member letters/NAME */
static int add_letter(void *ctx, const char *name, const struct strbuf *body)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "letters/%s", name);
	strbuf_add(add_member(ctx, path.buf), body->buf, body->len);
	strbuf_release(&path);
	return 0;
}

const struct nightly_member *nightly_member(const struct nightly *n, const char *name)
{
	return n->members.n ? bsearch(name, n->members.v, n->members.n, sizeof(n->members.v[0]),
				      cmp_name_member)
			    : NULL;
}

const struct strbuf *nightly_posted(const struct nightly *n)
{
	static const struct strbuf empty = STRBUF_INIT;
	const struct nightly_member *m = nightly_member(n, "posted.journal");
	return m ? &m->data : &empty;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct nightly_entry *)a)->name, ((const struct nightly_entry *)b)->name);
}

static int cmp_name_entry(const void *key, const void *e)
{
	return strcmp(key, ((const struct nightly_entry *)e)->name);
}

const struct nightly_entry *nightly_inbox_entry(const struct nightly *n, const char *name)
{
	return n->inbox.n ? bsearch(name, n->inbox.v, n->inbox.n, sizeof(n->inbox.v[0]),
				    cmp_name_entry)
			  : NULL;
}

void nightly_entry_release(struct nightly_entry *e)
{
	free(e->name);
	free(e->why);
	e->name = e->why = NULL;
}

void nightly_release(struct nightly *n)
{
	for (size_t i = 0; i < n->members.n; i++) {
		free(n->members.v[i].name);
		strbuf_release(&n->members.v[i].data);
	}
	VEC_FREE(&n->members);
	for (size_t i = 0; i < n->refused.n; i++) {
		free(n->refused.v[i].name);
		free(n->refused.v[i].reason);
	}
	VEC_FREE(&n->refused);
	for (size_t i = 0; i < n->inbox.n; i++)
		nightly_entry_release(&n->inbox.v[i]);
	VEC_FREE(&n->inbox);
	strbuf_release(&n->held);
	strbuf_release(&n->pay);
}

/* ------------------------------------------------------------ inbox.tsv */

void nightly_escape_name(struct strbuf *out, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(name + i, len - i, &cp);
		if (k > 1) {
			strbuf_add(out, p + i, k);
			i += k;
			continue;
		}
		unsigned char c = p[i++];
		if (c == '\\')
			strbuf_addstr(out, "\\\\");
		else if (c == '\t')
			strbuf_addstr(out, "\\t");
		else if (c == '\n')
			strbuf_addstr(out, "\\n");
		else if (c == '\r')
			strbuf_addstr(out, "\\r");
		else if (c < 0x20 || c >= 0x7f)
			strbuf_addf(out, "\\x%02x", c);
		else
			strbuf_addch(out, (char)c);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int nightly_unescape_name(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\') {
			if ((unsigned char)s[i] < 0x20)
				return -1;
			strbuf_addch(out, s[i]);
			continue;
		}
		if (++i >= len)
			return -1;
		switch (s[i]) {
		case '\\':
			strbuf_addch(out, '\\');
			break;
		case 't':
			strbuf_addch(out, '\t');
			break;
		case 'n':
			strbuf_addch(out, '\n');
			break;
		case 'r':
			strbuf_addch(out, '\r');
			break;
		case 'x': {
			int h = i + 2 < len ? hexval(s[i + 1]) : -1, l = h >= 0 ? hexval(s[i + 2]) : -1;
			if (l < 0 || (h == 0 && l == 0))
				return -1;
			strbuf_addch(out, h * 16 + l);
			i += 2;
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

#define INBOX_TSV_HEADER "name\tstatus\tsize\tsha256\twhy\n"

/* Appends why on one line: its line breaks become " / ", tabs spaces. */
static void add_one_line(struct strbuf *out, const char *why)
{
	size_t len = strlen(why);
	while (len && why[len - 1] == '\n')
		len--;
	for (size_t i = 0; i < len; i++) {
		if (why[i] == '\n')
			strbuf_addstr(out, " / ");
		else if (why[i] == '\t' || why[i] == '\r')
			strbuf_addch(out, ' ');
		else
			strbuf_addch(out, why[i]);
	}
}

static void inbox_tsv(struct strbuf *out, const struct nightly *n)
{
	strbuf_addstr(out, INBOX_TSV_HEADER);
	for (size_t i = 0; i < n->inbox.n; i++) {
		const struct nightly_entry *e = &n->inbox.v[i];
		nightly_escape_name(out, e->name);
		strbuf_addf(out, "\t%s\t", nightly_status_name(e->status));
		if (e->sha256[0])
			strbuf_addf(out, "%" PRIu64 "\t%s\t", e->size, e->sha256);
		else
			strbuf_addstr(out, "-\t-\t");
		add_one_line(out, e->why);
		strbuf_addch(out, '\n');
	}
}

static const char *const status_words[] = { "taken", "refused", "waiting", "left", "held" };

const char *nightly_status_name(enum nightly_status st)
{
	return status_words[st];
}

/* The status named s[0..len), or -1. */
static int status_word(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_words); i++)
		if (strlen(status_words[i]) == len && !memcmp(status_words[i], s, len))
			return (int)i;
	return -1;
}

/* Parses one row of inbox.tsv (without its newline) into e. */
static int inbox_row(struct nightly_entry *e, const char *s, size_t len)
{
	const char *f[5];
	size_t fl[5], nf = 0;
	for (size_t i = 0, start = 0; i <= len && nf < 5; i++)
		if (i == len || (s[i] == '\t' && nf < 4)) {
			f[nf] = s + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	struct strbuf name = STRBUF_INIT;
	memset(e, 0, sizeof(*e));
	int st = nf == 5 ? status_word(f[1], fl[1]) : -1;
	if (st < 0 || !fl[0] || nightly_unescape_name(&name, f[0], fl[0])) {
		strbuf_release(&name);
		return -1;
	}
	e->status = (enum nightly_status)st;
	e->name = strbuf_detach(&name, NULL);
	if (memchr(f[4], '\t', fl[4]) || memchr(f[4], '\0', fl[4])) {
		nightly_entry_release(e);
		return -1; /* why is one field of text */
	}
	struct strbuf why = STRBUF_INIT;
	strbuf_add(&why, f[4], fl[4]);
	e->why = strbuf_detach(&why, NULL);
	if (fl[3] == SHA256_HEX_LEN) {
		memcpy(e->sha256, f[3], SHA256_HEX_LEN);
		for (size_t i = 0; i < fl[2] && e->size < UINT64_MAX / 10; i++) {
			if (f[2][i] < '0' || f[2][i] > '9')
				goto bad;
			e->size = e->size * 10 + (uint64_t)(f[2][i] - '0');
		}
		for (size_t i = 0; i < SHA256_HEX_LEN; i++)
			if (hexval(e->sha256[i]) < 0)
				goto bad;
	} else if (fl[3] != 1 || f[3][0] != '-') {
		goto bad;
	}
	return 0;
bad:
	nightly_entry_release(e);
	return -1;
}

int nightly_read_inbox(struct nightly_entry **out, size_t *n, const char *tsv, size_t len)
{
	size_t hl = strlen(INBOX_TSV_HEADER);
	if (len < hl || memcmp(tsv, INBOX_TSV_HEADER, hl))
		return clerk_error_set(CLERK_EPARSE, "inbox.tsv: not as written by clerk run");
	for (size_t i = hl; i < len;) {
		const char *nl = memchr(tsv + i, '\n', len - i);
		if (!nl)
			return clerk_error_set(CLERK_EPARSE, "inbox.tsv: the last line is not complete");
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		if (inbox_row(&(*out)[*n], tsv + i, (size_t)(nl - tsv - (ptrdiff_t)i)))
			return clerk_error_set(CLERK_EPARSE, "inbox.tsv: a line is not as written by clerk run");
		(*n)++;
		i = (size_t)(nl - tsv) + 1;
	}
	return 0;
}

int nightly_read_clean(bool *clean, const char *log, size_t len)
{
	static const char key[] = "{\"event\":\"end\"";
	for (size_t i = 0; i + sizeof(key) - 1 <= len; i++) {
		if ((i && log[i - 1] != '\n') || memcmp(log + i, key, sizeof(key) - 1))
			continue;
		const char *eol = memchr(log + i, '\n', len - i);
		size_t l = eol ? (size_t)(eol - log) - i : len - i;
		static const char t[] = "\"clean\":true", f[] = "\"clean\":false";
		for (size_t k = i; k + sizeof(t) - 1 <= i + l; k++) {
			if (!memcmp(log + k, t, sizeof(t) - 1)) {
				*clean = true;
				return 0;
			}
			if (k + sizeof(f) - 1 <= i + l && !memcmp(log + k, f, sizeof(f) - 1)) {
				*clean = false;
				return 0;
			}
		}
	}
	return clerk_error_set(CLERK_EPARSE, "log.jsonl: no end record saying whether the night was clean");
}

/* Records inbox entry name as status, with why (copied) and its digest (NULL: none). */
static void add_entry(struct nightly *n, const char *name, enum nightly_status status, const char *why,
		      const char *sha256, uint64_t size)
{
	struct nightly_entry *e = VEC_GROW(&n->inbox);
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->status = status;
	e->why = xstrdup(why ? why : "");
	if (sha256)
		memcpy(e->sha256, sha256, SHA256_HEX_LEN + 1);
	e->size = size;
}

/* ------------------------------------------------------------ statements */

/* What a statement file is, read in a first pass: to put the files in order and to find those for a later night. */
struct stmt_key {
	size_t input;
	char account[64];
	clerk_date from;
	int kind_rank;    /* 054 (notifications) first, then 052 reports, then 053 statements */
	unsigned long seq;
	bool seen;
	clerk_date latest; /* the latest day it reaches: period ends and booked entries' dates */
	char sha256[SHA256_HEX_LEN + 1];
	uint64_t size;
};

/* Whether input in is an e-invoice (UBL or CII) rather than a bank statement: its first bytes. */
static int is_einvoice(const struct nightly_input *in, bool *yes)
{
	char head[4096];
	size_t len = 0;
	*yes = false;
	if (!in->path) {
		*yes = einvoice_sniff(in->data, in->len) != EINVOICE_NONE;
		return 0;
	}
	int fd;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, in->path, FSUTIL_NOFOLLOW);
	if (error)
		return error;
	ssize_t got;
	while (len < sizeof(head) && (got = pread(fd, head + len, sizeof(head) - len, (off_t)len)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", in->path);
			break;
		}
		len += (size_t)got;
	}
	close(fd);
	if (!error)
		*yes = einvoice_sniff(head, len) != EINVOICE_NONE;
	return error;
}

static unsigned long seq_number(const char *s)
{
	unsigned long v = 0;
	if (!s)
		return 0;
	for (; *s; s++)
		if (*s >= '0' && *s <= '9' && v < 100000000000UL)
			v = v * 10 + (unsigned long)(*s - '0');
	return v;
}

static void reach(struct stmt_key *k, clerk_date d)
{
	if (d != DATE_NONE && (k->latest == DATE_NONE || d > k->latest))
		k->latest = d;
}

static int key_begin(const struct camt_statement *st, void *ctx)
{
	struct stmt_key *k = ctx;
	reach(k, st->to != DATE_NONE ? st->to : st->from);
	if (k->seen)
		return 0;
	k->seen = true;
	snprintf(k->account, sizeof(k->account), "%s", st->account ? st->account : "");
	k->from = st->from != DATE_NONE ? st->from : st->to;
	k->kind_rank = st->kind == CAMT_054 ? 0 : st->kind == CAMT_052 ? 1 : 2;
	k->seq = seq_number(st->electronic_seq ? st->electronic_seq : st->legal_seq);
	return 0;
}

static int key_entry(const struct camt_statement *st, const struct camt_entry *e, void *ctx)
{
	(void)st;
	if (e->booked)
		reach(ctx, e->booking_date != DATE_NONE ? e->booking_date : e->value_date);
	return 0;
}

static int cmp_keys(const void *a, const void *b)
{
	const struct stmt_key *x = a, *y = b;
	int c = strcmp(x->account, y->account);
	if (c)
		return c;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->kind_rank != y->kind_rank)
		return x->kind_rank < y->kind_rank ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->input < y->input ? -1 : x->input > y->input;
}

/*
 * Reads input in with h (camt_read_fd or camt_read_memory) and writes its
 * SHA-256 into hex and its size into *size. Errors as camt_read_file().
 */
static int read_input(const struct nightly_input *in, const struct camt_handler *h, void *ctx,
		      struct diag *d, char *hex, uint64_t *size)
{
	if (!in->path) {
		sha256_hex(in->data, in->len, hex);
		*size = in->len;
		return camt_read_memory(in->name, in->data, in->len, h, ctx, d);
	}
	int fd;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, in->path, FSUTIL_NOFOLLOW);
	if (error)
		return error;
	*size = (uint64_t)st.st_size;
	error = camt_read_fd(fd, in->name, h, ctx, d, hex);
	struct stat after;
	if (!error && (fstat(fd, &after) || after.st_size != st.st_size))
		error = clerk_error_set(CLERK_EIO, "'%s' changed while it was read", in->path);
	close(fd);
	return error;
}

/* Appends a line of the JSON log: {"event": EVENT, ...fields}. fields is "" or ",\"k\":v...". */
static void log_event(struct strbuf *log, const char *event, const char *fields)
{
	strbuf_addstr(log, "{\"event\":");
	json_add_string(log, event);
	strbuf_addstr(log, fields);
	strbuf_addstr(log, "}\n");
}

/* Sets a statement file aside with its diagnostics (or why) and logs it. */
static void refuse(struct nightly *n, struct strbuf *log, const char *name, const struct diag *d,
		   const char *why)
{
	struct nightly_refused *r = VEC_GROW(&n->refused);
	struct strbuf sb = STRBUF_INIT;
	r->bill = false;
	r->name = xstrdup(name);
	if (d && d->n)
		diag_format(&sb, d);
	else
		strbuf_addf(&sb, "%s\n", why);
	r->reason = strbuf_detach(&sb, NULL);
	strbuf_addstr(&sb, ",\"file\":");
	json_add_string(&sb, name);
	strbuf_addstr(&sb, ",\"status\":\"refused\",\"reason\":");
	json_add_string(&sb, r->reason);
	log_event(log, "statement", sb.buf);
	strbuf_release(&sb);
}

static void trial_balance(struct strbuf *out, const struct journal *j, clerk_date date)
{
	struct balance_report r = BALANCE_REPORT_INIT;
	struct balance_options o = BALANCE_OPTIONS_INIT;
	o.end = date + 1; /* postings dated on or before the run date */
	report_balance(&r, j, &o);
	strbuf_addstr(out, "account,commodity,amount\n");
	for (size_t i = 0; i < r.n; i++) {
		strbuf_addcsv(out, journal_account_name(j, r.rows[i].account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r.rows[i].commodity));
		strbuf_addch(out, ',');
		render_plain(out, j, r.rows[i].commodity, &r.rows[i].amount);
		strbuf_addch(out, '\n');
	}
	balance_report_release(&r);
}

/* Loads the run's own journal text into j and checks the books with it; -1 with d on failure. */
static int load_text(struct journal *j, const char *name, const char *text, size_t len, struct diag *d)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	if (journal_load_buffer(j, name, text, len, &lo, d) || d->nerrors ||
	    journal_check(j, &co, d) || d->nerrors)
		return clerk_error_set(CLERK_EINVALID, "the run's %s would not leave the books valid", name);
	return 0;
}

/* A commodity of the history file's sales that the books know (night_history()). */
static int known_symbol(void *ctx, clerk_date date, const char *symbol, size_t len,
			const struct dec *amount)
{
	const struct journal *j = ctx;
	(void)date;
	(void)amount;
	return symtab_find(&j->commodities.names, symbol, len) == NO_ID ? CLERK_EINVALID : 0;
}

/*
 * The keys of the history file the books were loaded without, whose sales
 * lines the report counts (formats/close.md, "Who reads what"), in *out;
 * NULL when there is none. When there are several, or the keys cannot be
 * read, are not the history file's or name a commodity the books do not
 * know, the history files are read now, as other commands read them (so
 * before anything is computed from the books).
 */
static int night_history(struct journal *j, struct history **out, struct diag *d)
{
	int error = history_open_skipped(out, j);
	if (!error && *out && history_sales(*out, DATE_NONE, DATE_NONE, known_symbol, j)) {
		history_close(*out);
		*out = NULL;
		error = CLERK_EINVALID;
	}
	clerk_error_clear();
	return error ? history_read_skipped(j, d) : 0;
}

static void stage(const struct nightly_options *o, const char *name)
{
	if (o->stage)
		o->stage(o->stage_ctx, name);
}

/*
 * The first pass: what each input is, to put the statements in order. An
 * e-invoice (by its root element) goes to bills[0..*nb). A file that is
 * not a camt document, is broken or has no statement is set aside; one
 * that reaches past the run date waits for a later night. Fills
 * keys[0..*nk) with the files to import, in import order.
 */
static int classify(struct nightly *n, const struct nightly_input *in, size_t nin,
		    const struct nightly_options *o, struct stmt_key *keys, size_t *nk,
		    size_t *bills, size_t *nb, struct strbuf *log)
{
	char date[11];
	date_format(o->date, date);
	for (size_t i = 0; i < nin; i++) {
		struct camt_handler h = { key_begin, key_entry, NULL };
		struct diag pd = DIAG_INIT;
		struct stmt_key *k = &keys[*nk];
		bool einvoice;
		int rc = is_einvoice(&in[i], &einvoice);
		if (rc)
			return rc;
		if (einvoice) {
			bills[(*nb)++] = i; /* received before the statements are imported */
			continue;
		}
		memset(k, 0, sizeof(*k));
		k->input = i;
		k->latest = DATE_NONE;
		pd.max_errors = 20;
		rc = read_input(&in[i], &h, k, &pd, k->sha256, &k->size);
		if (rc == CLERK_EIO || rc == CLERK_ENOTFOUND || rc == CLERK_EINVALID) {
			diag_release(&pd);
			return rc; /* the inbox changed under the run: nothing is decided on half a file */
		}
		if (rc || pd.nerrors || !k->seen) {
			diag_sort(&pd);
			refuse(n, log, in[i].name, pd.nerrors ? &pd : NULL,
			       rc && !pd.nerrors ? clerk_error_last()->message
						 : "no statement, report or notification in the file");
			add_entry(n, in[i].name, NIGHTLY_REFUSED, n->refused.v[n->refused.n - 1].reason,
				  k->sha256, k->size);
			n->refused_statements++;
		} else if (k->latest != DATE_NONE && k->latest > o->date) {
			struct strbuf why = STRBUF_INIT;
			char latest[11];
			date_format(k->latest, latest);
			strbuf_addf(&why, "reaches %s, after the run date %s: it waits for a later night",
				    latest, date);
			add_entry(n, in[i].name, NIGHTLY_WAITING, why.buf, k->sha256, k->size);
			n->waiting++;
			strbuf_release(&why);
		} else {
			(*nk)++;
		}
		diag_release(&pd);
	}
	qsort(keys, *nk, sizeof(*keys), cmp_keys);
	return 0;
}

/* Reads the night's e-invoices into r; their digests into hex[], sizes into size[]. */
static int add_bills(struct receiver *r, const struct nightly_input *in, const size_t *bills,
		     size_t nb, char (*hex)[SHA256_HEX_LEN + 1], uint64_t *size)
{
	int error = 0;
	for (size_t b = 0; b < nb && !error; b++) {
		const struct nightly_input *s = &in[bills[b]];
		if (!s->path) {
			receiver_add_buffer(r, s->name, s->data, s->len, hex[b]);
			size[b] = s->len;
			continue;
		}
		int fd;
		struct stat st;
		if (!(error = fsutil_open_regular(&fd, &st, s->path, FSUTIL_NOFOLLOW))) {
			error = receiver_add_fd(r, fd, s->name, hex[b]);
			size[b] = (uint64_t)st.st_size;
			close(fd);
		}
	}
	return error;
}

/* Files each e-invoice by its decision: taken, set aside, or held in the inbox; logs it. */
static void file_bill(struct nightly *n, struct strbuf *log, const struct receive_outcome *oc,
		      const char *hex, uint64_t size)
{
	struct strbuf why = STRBUF_INIT, f = STRBUF_INIT;
	if (oc->reason[0])
		strbuf_addf(&why, "%s (%s): %s", receive_decision_name(oc->decision), oc->reason, oc->note);
	switch (oc->decision) {
	case RECEIVE_POSTED:
	case RECEIVE_DUPLICATE:
		add_entry(n, oc->name, NIGHTLY_TAKEN, "", hex, size);
		break;
	case RECEIVE_REFUSED:
		refuse(n, log, oc->name, NULL, oc->diagnostics[0] ? oc->diagnostics : why.buf);
		n->refused.v[n->refused.n - 1].bill = true;
		add_entry(n, oc->name, NIGHTLY_REFUSED, n->refused.v[n->refused.n - 1].reason, hex, size);
		n->bills_refused++;
		break;
	case RECEIVE_HELD:
		add_entry(n, oc->name, NIGHTLY_HELD, why.buf, hex, size);
		n->bills_held++;
		break;
	}
	strbuf_addstr(&f, ",\"file\":");
	json_add_string(&f, oc->name);
	strbuf_addf(&f, ",\"decision\":\"%s\",\"reason\":", receive_decision_name(oc->decision));
	json_add_string(&f, oc->reason);
	log_event(log, "bill", f.buf);
	strbuf_release(&why);
	strbuf_release(&f);
}

/*
 * Receives the night's e-invoices (receive.h) before the statements are
 * imported, so that a bill paid in tonight's statement is open by then:
 * the posted and duplicate ones are taken, the refused set aside, the held
 * left in the inbox for a person (each night reads them again until the
 * books settle what held them). Loads what is posted into j and appends it
 * to text; the decisions table to csv, the lines for a person to ex.
 * Books whose receiving policy is contradictory hold every bill.
 */
static int receive_bills(struct nightly *n, struct journal *j, const struct nightly_input *in,
			 const size_t *bills, size_t nb, struct strbuf *text, struct strbuf *csv,
			 struct strbuf *ex, struct strbuf *log, struct diag *fatal)
{
	struct receiver *r = receiver_new(j);
	char (*hex)[SHA256_HEX_LEN + 1] = xcalloc(nb + 1, sizeof(*hex));
	uint64_t *size = xcalloc(nb + 1, sizeof(*size));
	struct diag d = DIAG_INIT;
	int error = add_bills(r, in, bills, nb, hex, size);
	if (!error && receiver_plan(r, &d)) {
		/* the books' policy, not the bills, is wrong: hold them all, say why */
		struct strbuf why = STRBUF_INIT;
		diag_sort(&d);
		diag_format(&why, &d);
		for (size_t b = 0; b < nb; b++) {
			struct receive_outcome oc = { in[bills[b]].name, RECEIVE_HELD, true, "books-policy",
						      why.buf, "" };
			file_bill(n, log, &oc, hex[b], size[b]);
		}
		strbuf_addf(ex, "  every bill is held: the books' receiving policy is contradictory:\n%s",
			    why.buf);
		strbuf_release(&why);
	} else if (!error) {
		for (size_t b = 0; b < nb; b++) {
			struct receive_outcome oc;
			receiver_outcome(r, b, &oc);
			file_bill(n, log, &oc, hex[b], size[b]);
		}
		n->bills_posted = receiver_decided(r, RECEIVE_POSTED);
		receiver_decisions_csv(r, csv);
		receiver_exceptions_text(r, ex);
		receiver_take_text(r, text);
		if (text->len && load_text(j, "bills", text->buf, text->len, fatal))
			error = CLERK_EINVALID;
	}
	n->bills = nb;
	diag_release(&d);
	free(hex);
	free(size);
	receiver_free(r);
	return error;
}

/* One transaction of a generated text: its comment lines, date line and postings. */
struct block {
	const char *p;
	size_t len;
	char date[10]; /* the date line's first ten bytes (YYYY-MM-DD sorts as text) */
};

/* Cuts text into its transactions (blocks between blank lines); the caller frees *v. */
static size_t blocks_of(struct block **v, const char *text, size_t len)
{
	size_t n = 0, cap = 0;
	const char *p = text, *end = text + len;
	*v = NULL;
	while (p < end) {
		while (p < end && *p == '\n')
			p++;
		if (p >= end)
			break;
		const char *start = p;
		const char *date = NULL;
		while (p < end && *p != '\n') { /* to the end of the block: a blank line */
			const char *e = memchr(p, '\n', (size_t)(end - p));
			if (!date && *p != ';')
				date = p;
			p = e ? e + 1 : end;
		}
		if (n == cap)
			*v = xrealloc(*v, (cap = cap ? 2 * cap : 16) * sizeof(**v));
		struct block *b = &(*v)[n++];
		b->p = start;
		b->len = (size_t)(p - start);
		memset(b->date, '9', sizeof(b->date)); /* a block of comments only: last */
		if (date && (size_t)(end - date) >= sizeof(b->date))
			memcpy(b->date, date, sizeof(b->date));
	}
	return n;
}

/*
 * The received bills and the imported movements in one date order, so that
 * the night's file is as a person would write it (clerk check --strict):
 * a stable merge, a bill before a movement of the same date.
 */
static void merge_by_date(struct strbuf *out, const struct strbuf *bills, const struct strbuf *body)
{
	struct block *a, *b;
	size_t na = blocks_of(&a, bills->buf, bills->len), nb = blocks_of(&b, body->buf, body->len);
	size_t i = 0, k = 0;
	while (i < na || k < nb) {
		const struct block *x = k >= nb || (i < na && memcmp(a[i].date, b[k].date, 10) <= 0)
						? &a[i++]
						: &b[k++];
		if (out->len)
			strbuf_addch(out, '\n');
		strbuf_add(out, x->p, x->len);
	}
	free(a);
	free(b);
}

/*
 * Imports the accepted statements one file at a time, in account, date,
 * kind and sequence order, each against the books with the files before it
 * loaded: a return on Friday finds Tuesday's payment. A file the importer
 * refuses is set aside; the next file of that account then meets a gap and
 * is set aside too. Appends the statements' header lines to head and their
 * transactions to body.
 */
static int import_all(struct nightly *n, struct journal *j, const struct nightly_input *in,
		      const struct nightly_options *o, struct stmt_key *keys, size_t nk,
		      struct strbuf *head, struct strbuf *body, struct strbuf *decisions,
		      struct strbuf *exceptions, struct strbuf *log, struct diag *fatal)
{
	struct strbuf f = STRBUF_INIT, csv = STRBUF_INIT;
	int error = 0;
	strbuf_addstr(decisions, IMPORTER_DECISIONS_HEADER);
	(void)csv;
	for (size_t k = 0; k < nk && !error; k++) {
		const struct nightly_input *s = &in[keys[k].input];
		struct importer *im = importer_new(j);
		struct diag d = DIAG_INIT;
		char hex[SHA256_HEX_LEN + 1] = "";
		d.max_errors = 100;
		stage(o, "import");
		int rc;
		if (s->path) {
			int fd;
			struct stat st;
			if (!(rc = fsutil_open_regular(&fd, &st, s->path, FSUTIL_NOFOLLOW))) {
				rc = importer_add_fd(im, fd, s->name, &d, hex);
				close(fd);
			}
		} else {
			rc = importer_add_buffer(im, s->name, s->data, s->len, &d);
			sha256_hex(s->data, s->len, hex);
		}
		if (!rc && strcmp(hex, keys[k].sha256))
			rc = clerk_error_set(CLERK_EIO, "'%s' changed while the run read it", s->name);
		if (rc == CLERK_EIO || rc == CLERK_ENOTFOUND || rc == CLERK_EINVALID) {
			importer_free(im);
			diag_release(&d);
			error = rc;
			break;
		}
		stage(o, "match");
		if (!rc && !d.nerrors)
			(void)!importer_plan(im, &d);
		if (d.nerrors) {
			diag_sort(&d);
			refuse(n, log, s->name, &d, NULL);
			add_entry(n, s->name, NIGHTLY_REFUSED, n->refused.v[n->refused.n - 1].reason,
				  keys[k].sha256, keys[k].size);
			n->refused_statements++;
			importer_free(im);
			diag_release(&d);
			continue;
		}
		diag_release(&d);
		add_entry(n, s->name, NIGHTLY_TAKEN, "", keys[k].sha256, keys[k].size);
		const struct strbuf *text = importer_text(im);
		size_t posted = importer_posted(im), nx = importer_exceptions(im);
		/* the rows, straight into the table (its header line once) */
		size_t at = decisions->len;
		importer_decisions_csv(im, decisions);
		const char *rows = memchr(decisions->buf + at, '\n', decisions->len - at);
		if (rows) {
			size_t hl = (size_t)(rows + 1 - (decisions->buf + at));
			memmove(decisions->buf + at, decisions->buf + at + hl, decisions->len - at - hl);
			strbuf_setlen(decisions, decisions->len - hl);
		}
		importer_exceptions_text(im, exceptions);
		n->statements++;
		n->movements += posted;
		n->exceptions += nx;
		strbuf_reset(&f);
		strbuf_addstr(&f, ",\"file\":");
		json_add_string(&f, s->name);
		strbuf_addf(&f, ",\"status\":\"accepted\",\"posted\":%zu,\"exceptions\":%zu", posted, nx);
		log_event(log, "statement", f.buf);
		if (text->len) {
			strbuf_addf(head, "; clerk-import-source: %s\n", s->name);
			strbuf_addf(head, "; clerk-import-sha256: %s\n", importer_file_digests(im));
			if (load_text(j, s->name, text->buf, text->len, fatal))
				error = CLERK_EINVALID;
			if (body->len)
				strbuf_addch(body, '\n');
			importer_take_text(im, body);
		}
		importer_free(im);
	}
	strbuf_release(&f);
	strbuf_release(&csv);
	return error;
}

/* run.json: the run's parameters and every input read, with its size and SHA-256. */
static void run_params(struct strbuf *run, const struct nightly_options *o,
		       const struct nightly_input *in, const struct nightly *n)
{
	char date[11];
	date_format(o->date, date);
	strbuf_addstr(run, "{\n  \"clerk_version\": ");
	json_add_string(run, o->version);
	strbuf_addstr(run, ",\n  \"date\": ");
	json_add_string(run, date);
	strbuf_addstr(run, ",\n  \"run\": ");
	json_add_string(run, o->run_id);
	strbuf_addstr(run, ",\n  \"books\": ");
	json_add_string(run, o->books_name);
	if (o->pay) {
		strbuf_addstr(run, ",\n  \"pay\": ");
		json_add_string(run, o->pay_from ? o->pay_from : "");
	}
	strbuf_addstr(run, ",\n  \"inputs\": [");
	size_t k = 0;
	for (size_t i = 0; i < n->inbox.n; i++) {
		const struct nightly_entry *e = &n->inbox.v[i];
		if (e->status != NIGHTLY_TAKEN && e->status != NIGHTLY_REFUSED && e->status != NIGHTLY_HELD)
			continue;
		strbuf_addstr(run, k++ ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_add_string(run, e->name);
		strbuf_addf(run, ", \"size\": %" PRIu64 ", \"sha256\": \"%s\"}", e->size, e->sha256);
	}
	(void)in;
	strbuf_addstr(run, k ? "\n  ]\n}\n" : "]\n}\n");
}

/* The inputs read, as pack members inputs/NAME: streamed ones by their path. */
static void add_inputs(struct nightly *n, const struct nightly_input *in, size_t nin)
{
	struct strbuf name = STRBUF_INIT;
	for (size_t i = 0; i < nin; i++) {
		const struct nightly_entry *e = nightly_inbox_entry(n, in[i].name);
		if (!e || (e->status != NIGHTLY_TAKEN && e->status != NIGHTLY_REFUSED &&
			   e->status != NIGHTLY_HELD))
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "inputs/%s", in[i].name);
		struct nightly_member *m = add_member_m(n, name.buf);
		m->size = e->size;
		memcpy(m->sha256, e->sha256, sizeof(m->sha256));
		if (in[i].path)
			m->path = in[i].path;
		else
			strbuf_add(&m->data, in[i].data, in[i].len);
	}
	strbuf_release(&name);
}

/*
 * Holds the notices and letters when the night's bank data are not
 * complete: a statement set aside, an inbox entry not read, or a bank
 * account whose statements in the books do not reach the run date; or when
 * the books give the letters no sender.
 */
static int hold_if_incomplete(struct nightly *n, struct dunning *dn, const struct journal *j,
			      const struct nightly_options *o)
{
	struct strbuf why = STRBUF_INIT;
	if (n->refused_statements)
		strbuf_addf(&why, "%zu statement file%s of the night %s set aside",
			    n->refused_statements, n->refused_statements == 1 ? "" : "s",
			    n->refused_statements == 1 ? "was" : "were");
	if (n->left)
		strbuf_addf(&why, "%s%zu inbox entr%s not read", why.len ? "; " : "", n->left,
			    n->left == 1 ? "y was" : "ies were");
	int error = bankfeed_why(&why, j, o->date);
	/* a letter says who sends it and where to pay: without that, no notice either */
	struct letter_sender sender;
	letters_sender(&sender, j);
	const char *problem = letters_sender_problem(&sender);
	if (problem)
		strbuf_addf(&why, "%sletters cannot be written (%s)", why.len ? "; " : "", problem);
	if (!error && why.len) {
		dunning_hold(dn, why.buf);
		strbuf_addstr(&n->held, why.buf);
		n->held_notices = dunning_notices_held(dn);
	}
	strbuf_release(&why);
	return error;
}

/*
 * The night's payment run (formats/pay.md) on the books after the night's
 * bills, movements and notices: its postings appended to text (loaded into
 * j), the proposal as payments.csv, the pain.001 as payments/RUN.xml. Not
 * made when the bank data are incomplete (a bill paid in a statement set
 * aside would be paid twice) or when the books cannot make one: then
 * n->pay says why, in exceptions.txt, and the night is not clean.
 */
static int pay_step(struct nightly *n, struct journal *j, const struct nightly_options *o,
		    struct strbuf *text, struct strbuf *log, struct diag *fatal)
{
	struct pay_options po = PAY_OPTIONS_INIT;
	struct pay *p = NULL;
	struct diag pd = DIAG_INIT;
	struct strbuf f = STRBUF_INIT, xml = STRBUF_INIT;
	struct dec total = DEC_INIT;
	int error = 0;
	po.date = o->date;
	po.from = o->pay_from && *o->pay_from ? o->pay_from : NULL;
	if (n->held.len) {
		strbuf_addf(&n->pay, "no payment run: the bank data are not complete (%s)", n->held.buf);
		goto log;
	}
	if (pay_compute(&p, j, &po, &pd)) {
		diag_sort(&pd);
		strbuf_addstr(&n->pay, "no payment run: the books cannot make one:\n");
		diag_format(&n->pay, &pd);
		goto log;
	}
	pay_proposal_csv(p, add_member(n, "payments.csv"));
	size_t transfers = pay_transfer_count(p, &total);
	const struct strbuf *posts = pay_text(p);
	if (posts->len) {
		if ((error = load_text(j, "pay", posts->buf, posts->len, fatal)))
			goto out;
		strbuf_addf(text, "; payment run %s\n\n", pay_run_id(p));
		strbuf_add(text, posts->buf, posts->len);
	}
	if (transfers) {
		strbuf_addf(&f, "payments/%s.xml", pay_run_id(p));
		if ((error = pay_pain(p, PAIN_001_001_09, &xml)))
			goto out;
		strbuf_swap(add_member(n, f.buf), &xml);
	}
	if (!posts->len)
		strbuf_addstr(&n->pay, "payment run: nothing to pay");
	else
		strbuf_addf(&n->pay, "payment run %s: %zu transfer%s", pay_run_id(p), transfers,
			    transfers == 1 ? "" : "s");
	if (transfers) {
		strbuf_addstr(&n->pay, ", ");
		dec_format(&n->pay, &total, 2, '.', ',');
		strbuf_addf(&n->pay, " EUR in %s", f.buf);
	}
log:
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"run\":");
	json_add_string(&f, p ? pay_run_id(p) : "");
	strbuf_addstr(&f, ",\"summary\":");
	json_add_string(&f, n->pay.buf);
	log_event(log, "pay", f.buf);
out:
	pay_free(p);
	dec_clear(&total);
	diag_release(&pd);
	strbuf_release(&f);
	strbuf_release(&xml);
	return error;
}

/* The section of exceptions.txt on the documents not put into the pack. */
static void documents_exceptions(struct strbuf *ex, const struct nightly *n, const documents *docs)
{
	if (!n->documents_refused)
		return;
	strbuf_addf(ex, "%zu document%s not put into the pack (missing, or not the bytes the books "
			"record: put back what was sent, or find out why it changed):\n",
		    n->documents_refused, n->documents_refused == 1 ? "" : "s");
	for (size_t i = 0; i < docs->n; i++)
		if (docs->v[i].why) {
			strbuf_addstr(ex, "- ");
			nightly_escape_name(ex, docs->v[i].name);
			strbuf_addf(ex, ": %s\n", docs->v[i].why);
		}
	strbuf_addch(ex, '\n');
}

/*
 * The documents of the night (nightly_options.docs): the members
 * documents/NAME, documents.tsv, and a log record per document not
 * archived. Nothing when there are none.
 */
static void documents_step(struct nightly *n, const documents *docs, struct strbuf *log)
{
	if (!docs || !docs->n)
		return;
	struct strbuf f = STRBUF_INIT;
	for (size_t i = 0; i < docs->n; i++) {
		const struct document *d = &docs->v[i];
		n->documents++;
		if (d->why) {
			n->documents_refused++;
			strbuf_reset(&f);
			strbuf_addstr(&f, ",\"name\":");
			json_add_string(&f, d->name);
			strbuf_addstr(&f, ",\"status\":\"refused\",\"why\":");
			json_add_string(&f, d->why);
			log_event(log, "document", f.buf);
			continue;
		}
		if (!d->file)
			continue; /* clerk verify: compared with the books' record, not re-read */
		strbuf_reset(&f);
		strbuf_addf(&f, "documents/%s", d->name);
		struct nightly_member *m = add_member_m(n, f.buf);
		m->path = d->file;
		m->size = d->size;
		memcpy(m->sha256, d->sha256, sizeof(m->sha256));
	}
	documents_tsv(add_member(n, "documents.tsv"), docs);
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"archived\":%zu,\"refused\":%zu", n->documents - n->documents_refused,
		    n->documents_refused);
	log_event(log, "documents", f.buf);
	strbuf_release(&f);
}

/* exceptions.txt: what a person must look at, section by section. */
static void exceptions_text(struct strbuf *ex, const struct nightly *n, const struct dunning *dn,
			    const struct strbuf *decisions, const struct strbuf *bills, const documents *docs)
{
	if (n->refused_statements) {
		strbuf_addf(ex, "%zu statement file%s set aside:\n", n->refused_statements,
			    n->refused_statements == 1 ? "" : "s");
		for (size_t i = 0; i < n->refused.n; i++)
			if (!n->refused.v[i].bill)
				strbuf_addf(ex, "- %s:\n%s", n->refused.v[i].name, n->refused.v[i].reason);
		strbuf_addch(ex, '\n');
	}
	if (bills->len) {
		strbuf_addf(ex, "%zu received bill%s for a person to look at (held ones stay in the "
				"inbox, refused ones are set aside):\n",
			    n->bills_held + n->bills_refused, n->bills_held + n->bills_refused == 1 ? "" : "s");
		strbuf_add(ex, bills->buf, bills->len);
		for (size_t i = 0; i < n->refused.n; i++)
			if (n->refused.v[i].bill)
				strbuf_addf(ex, "- %s:\n%s", n->refused.v[i].name, n->refused.v[i].reason);
		strbuf_addch(ex, '\n');
	}
	if (n->left) {
		strbuf_addf(ex, "%zu inbox entr%s not read, left in the inbox:\n", n->left,
			    n->left == 1 ? "y" : "ies");
		for (size_t i = 0; i < n->inbox.n; i++)
			if (n->inbox.v[i].status == NIGHTLY_LEFT) {
				strbuf_addstr(ex, "- ");
				nightly_escape_name(ex, n->inbox.v[i].name);
				strbuf_addf(ex, ": %s\n", n->inbox.v[i].why);
			}
		strbuf_addch(ex, '\n');
	}
	if (n->waiting) {
		strbuf_addf(ex, "%zu statement file%s wait%s in the inbox for a later night:\n",
			    n->waiting, n->waiting == 1 ? "" : "s", n->waiting == 1 ? "s" : "");
		for (size_t i = 0; i < n->inbox.n; i++)
			if (n->inbox.v[i].status == NIGHTLY_WAITING) {
				strbuf_addstr(ex, "- ");
				nightly_escape_name(ex, n->inbox.v[i].name);
				strbuf_addf(ex, ": %s\n", n->inbox.v[i].why);
			}
		strbuf_addch(ex, '\n');
	}
	if (n->exceptions) {
		strbuf_addf(ex, "%zu decision%s for a person to look at:\n", n->exceptions,
			    n->exceptions == 1 ? "" : "s");
		strbuf_add(ex, decisions->buf, decisions->len);
		strbuf_addch(ex, '\n');
	}
	if (n->held.len) {
		size_t h = dunning_notices_held(dn);
		strbuf_addf(ex,
			    "Dunning held: no notice recorded and no letter written tonight (%zu notice%s "
			    "would have been due), because %s. The first night with complete bank data "
			    "catches up.\n\n",
			    h, h == 1 ? "" : "s", n->held.buf);
	}
	if (!strncmp(n->pay.buf, "no payment run", 14)) {
		strbuf_add(ex, n->pay.buf, n->pay.len);
		if (n->pay.len && n->pay.buf[n->pay.len - 1] != '\n')
			strbuf_addch(ex, '\n');
		strbuf_addstr(ex, "The first night that can pays what is due by then.\n\n");
	}
	documents_exceptions(ex, n, docs);
	if (!n->ties_out)
		strbuf_addstr(ex, "The aging does not tie out to the control balance: see the aging "
				  "reports.\n");
	if (!ex->len)
		strbuf_addstr(ex, "No exceptions.\n");
}

/* The entries the caller did not give as inputs, recorded as they are. */
static void add_left(struct nightly *n, const struct nightly_options *o)
{
	for (size_t i = 0; i < o->nleft; i++) {
		const struct nightly_left *l = &o->left[i];
		enum nightly_status status = l->status == NIGHTLY_WAITING ? NIGHTLY_WAITING : NIGHTLY_LEFT;
		add_entry(n, l->name, status, l->why, l->sha256, l->size);
		if (status == NIGHTLY_WAITING)
			n->waiting++;
		else
			n->left++;
	}
}

/*
 * Logs the entries the night does not read, by name: the same log whether
 * the caller listed them (a re-run) or the night found them waiting.
 */
static void log_not_read(struct nightly *n, struct strbuf *log)
{
	struct strbuf f = STRBUF_INIT;
	if (n->inbox.n > 1)
		qsort(n->inbox.v, n->inbox.n, sizeof(n->inbox.v[0]), cmp_entry);
	for (size_t i = 0; i < n->inbox.n; i++) {
		const struct nightly_entry *e = &n->inbox.v[i];
		if (e->status != NIGHTLY_WAITING && e->status != NIGHTLY_LEFT)
			continue;
		strbuf_reset(&f);
		strbuf_addstr(&f, ",\"file\":");
		json_add_string(&f, e->name);
		strbuf_addf(&f, ",\"status\":\"%s\",\"reason\":", nightly_status_name(e->status));
		json_add_string(&f, e->why);
		log_event(log, "statement", f.buf);
	}
	strbuf_release(&f);
}

int nightly_compute(struct nightly *n, struct journal *j, const struct nightly_input *in, size_t nin,
		    const struct nightly_options *o, struct diag *d)
{
	struct strbuf log = STRBUF_INIT, f = STRBUF_INIT, decisions = STRBUF_INIT,
		      exceptions = STRBUF_INIT, head = STRBUF_INIT, body = STRBUF_INIT,
		      notices = STRBUF_INIT, bill_text = STRBUF_INIT, bill_csv = STRBUF_INIT,
		      bill_ex = STRBUF_INIT, paid = STRBUF_INIT;
	struct openitems *ar = NULL, *ap = NULL;
	struct aging *aar = NULL, *aap = NULL;
	struct dunning *dn = NULL;
	struct history *hist = NULL;
	struct stmt_key *keys = xcalloc(nin ? nin : 1, sizeof(*keys));
	size_t *bills = xcalloc(nin ? nin : 1, sizeof(*bills));
	size_t nk = 0, nb = 0;
	char date[11];
	int error = 0;
	date_format(o->date, date);

	strbuf_addstr(&f, ",\"date\":");
	json_add_string(&f, date);
	strbuf_addstr(&f, ",\"run\":");
	json_add_string(&f, o->run_id);
	strbuf_addf(&f, ",\"entries\":%zu", nin + o->nleft);
	log_event(&log, "start", f.buf);
	trial_balance(add_member(n, "trial-balance-before.csv"), j, o->date);
	bookfiles books = VEC_INIT; /* the books' files as read, before anything is posted */
	bookfiles_of_journal(&books, j);
	bookfiles_tsv(add_member(n, "books.tsv"), &books);
	bookfiles_release(&books);
	if ((error = night_history(j, &hist, d)))
		goto out;

	add_left(n, o);
	stage(o, "read");
	if ((error = classify(n, in, nin, o, keys, &nk, bills, &nb, &log)))
		goto out;
	log_not_read(n, &log);
	if (nb && (error = receive_bills(n, j, in, bills, nb, &bill_text, &bill_csv, &bill_ex, &log, d)))
		goto out;
	if ((error = import_all(n, j, in, o, keys, nk, &head, &body, &decisions, &exceptions, &log, d)))
		goto out;
	if (n->inbox.n > 1)
		qsort(n->inbox.v, n->inbox.n, sizeof(n->inbox.v[0]), cmp_entry);
	run_params(add_member(n, "run.json"), o, in, n);
	add_inputs(n, in, nin);
	strbuf_swap(add_member(n, "decisions.csv"), &decisions);
	if (nb)
		strbuf_swap(add_member(n, "bills.csv"), &bill_csv);

	/* dunning as of the run date: the collections list, the letters due, the notices */
	stage(o, "dunning");
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	oo.as_of = o->date;
	if ((error = openitems_compute(&ar, j, &oo)) || (error = dunning_compute(&dn, j, ar, NULL)) ||
	    (error = hold_if_incomplete(n, dn, j, o)))
		goto out;
	collections_csv(add_member(n, "collections.csv"), dn, j, ar);
	stage(o, "letters");
	(void)!letters_each(dn, j, ar, o->date, add_letter, n);
	n->notices = dunning_notices_due(dn);
	stage(o, "notices");
	if (n->notices) {
		dunning_notices_journal(&notices, dn);
		if ((error = load_text(j, "dunning", notices.buf, notices.len, d)))
			goto out;
	}
	if (o->pay) {
		stage(o, "pay");
		if ((error = pay_step(n, j, o, &paid, &log, d)))
			goto out;
	}
	/* what the run posts: one file, so the books go from before to after in one step */
	if (body.len || notices.len || bill_text.len || paid.len) {
		/* the header before the import's text: moved in place, not copied */
		struct strbuf pre = STRBUF_INIT;
		bool imported = body.len > 0;
		if (bill_text.len) { /* the bills among the movements, by date */
			struct strbuf merged = STRBUF_INIT;
			merge_by_date(&merged, &bill_text, &body);
			strbuf_swap(&merged, &body);
			strbuf_release(&merged);
			imported = true;
		}
		strbuf_addf(&pre, "; clerk-run: %s\n", o->run_id);
		if (imported) {
			strbuf_add(&pre, head.buf, head.len);
			strbuf_addch(&pre, '\n');
		}
		strbuf_grow(&body, pre.len);
		memmove(body.buf + pre.len, body.buf, body.len + 1);
		memcpy(body.buf, pre.buf, pre.len);
		strbuf_setlen(&body, body.len + pre.len);
		if (notices.len) {
			if (imported)
				strbuf_addch(&body, '\n');
			strbuf_addstr(&body, "; dunning notices\n\n");
			strbuf_add(&body, notices.buf, notices.len);
		}
		if (paid.len) {
			if (imported || notices.len)
				strbuf_addch(&body, '\n');
			strbuf_add(&body, paid.buf, paid.len);
		}
		strbuf_release(&pre);
	}
	strbuf_swap(add_member(n, "posted.journal"), &body);
	strbuf_release(&body);
	strbuf_release(&notices);
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"collections\":%zu,\"notices\":%zu", dunning_row_count(dn), n->notices);
	if (n->held.len) {
		strbuf_addf(&f, ",\"held\":%zu,\"held_because\":", dunning_notices_held(dn));
		json_add_string(&f, n->held.buf);
	}
	log_event(&log, "dunning", f.buf);

	/*
	 * aging and the management report on the books after the run (the
	 * notices' fees and interest included), like the trial balance after:
	 * the figures of the page equal those of the aging files
	 */
	stage(o, "aging");
	struct openitems *ar_after = NULL;
	if (n->notices && (error = openitems_compute(&ar_after, j, &oo)))
		goto out;
	const struct openitems *arx = ar_after ? ar_after : ar;
	oo.side = OPENITEMS_PAYABLES;
	if ((error = openitems_compute(&ap, j, &oo)) || (error = aging_compute(&aar, j, arx, NULL)) ||
	    (error = aging_compute(&aap, j, ap, NULL))) {
		openitems_free(ar_after);
		goto out;
	}
	aging_csv(add_member(n, "aging-receivables.csv"), aar, j, arx);
	aging_csv(add_member(n, "aging-payables.csv"), aap, j, ap);
	n->ties_out = aging_ties_out(aar) && aging_ties_out(aap);
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"receivables_tie_out\":%s,\"payables_tie_out\":%s",
		    aging_ties_out(aar) ? "true" : "false", aging_ties_out(aap) ? "true" : "false");
	log_event(&log, "aging", f.buf);
	stage(o, "report");
	trial_balance(add_member(n, "trial-balance-after.csv"), j, o->date);
	bool report_ties = true;
	/* (an import that read the history file after all: its items are in the books) */
	const struct mreport_inputs mi = { arx, ap, aar, aap, dn,
					   history_skipped(j) ? hist : NULL };
	error = mreport_html_with(add_member(n, "report.html"), j, o->date, &mi, &report_ties);
	/* the agings point into ar_after: free them first */
	aging_free(aar);
	aar = NULL;
	openitems_free(ar_after);
	if (error)
		goto out;

	documents_step(n, o->docs, &log);

	/* the entries set aside or left, one escaped name per line */
	struct strbuf *rl = add_member(n, "refused.txt");
	for (size_t i = 0; i < n->inbox.n; i++)
		if (n->inbox.v[i].status == NIGHTLY_REFUSED || n->inbox.v[i].status == NIGHTLY_LEFT) {
			nightly_escape_name(rl, n->inbox.v[i].name);
			strbuf_addch(rl, '\n');
		}
	inbox_tsv(add_member(n, "inbox.tsv"), n);
	exceptions_text(add_member(n, "exceptions.txt"), n, dn, &exceptions, &bill_ex, o->docs);
	n->clean = !n->refused.n && !n->left && !n->waiting && !n->exceptions && n->ties_out &&
		   !n->documents_refused &&
		   !n->held.len && !bill_ex.len && !n->bills_held &&
		   strncmp(n->pay.buf, "no payment run", 14);

	strbuf_reset(&f);
	strbuf_addf(&f, ",\"statements\":%zu,\"refused\":%zu,\"left\":%zu,\"waiting\":%zu,"
			"\"movements\":%zu,\"exceptions\":%zu,\"notices\":%zu",
		    n->statements, n->refused.n, n->left, n->waiting, n->movements, n->exceptions,
		    n->notices);
	if (nb)
		strbuf_addf(&f, ",\"bills\":%zu,\"bills_posted\":%zu,\"bills_held\":%zu,"
				"\"bills_refused\":%zu",
			    n->bills, n->bills_posted, n->bills_held, n->bills_refused);
	if (n->documents)
		strbuf_addf(&f, ",\"documents\":%zu,\"documents_refused\":%zu", n->documents,
			    n->documents_refused);
	strbuf_addf(&f, ",\"clean\":%s", n->clean ? "true" : "false");
	log_event(&log, "end", f.buf);
	strbuf_swap(add_member(n, "log.jsonl"), &log);
	qsort(n->members.v, n->members.n, sizeof(n->members.v[0]), cmp_member); /* by name, as documented */
	stage(o, "done");
out:
	dunning_free(dn);
	aging_free(aar);
	aging_free(aap);
	openitems_free(ar);
	openitems_free(ap);
	history_close(hist);
	free(keys);
	strbuf_release(&log);
	strbuf_release(&f);
	strbuf_release(&decisions);
	strbuf_release(&exceptions);
	strbuf_release(&head);
	strbuf_release(&body);
	strbuf_release(&notices);
	strbuf_release(&bill_text);
	strbuf_release(&bill_csv);
	strbuf_release(&bill_ex);
	strbuf_release(&paid);
	free(bills);
	return error;
}

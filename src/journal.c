/*
 * journal.c - the journal reader: a hand-written, line-oriented parser for
 * the hledger-compatible subset described in formats/journal.md.
 */
#include "compat.h"
#include "journal.h"
#include "error.h"
#include "fsutil.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_INCLUDE_DEPTH 64
#define MAX_LINE_LEN (1u << 20)
#define MAX_ACCOUNT_LEN 1000
#define MAX_ACCOUNT_DEPTH 32

static const char *const role_names[] = {
	[ROLE_NONE] = "",	       [ROLE_BANK] = "bank",	   [ROLE_RECEIVABLE] = "receivable",
	[ROLE_PAYABLE] = "payable",    [ROLE_SUSPENSE] = "suspense", [ROLE_WRITEOFF] = "writeoff",
	[ROLE_DISCOUNT] = "discount", [ROLE_CHARGES] = "charges",  [ROLE_FX] = "fx",
	[ROLE_FEES] = "fees", [ROLE_INTEREST] = "interest", [ROLE_VAT_INPUT] = "vat-input",
	[ROLE_VAT_OUTPUT] = "vat-output", [ROLE_UNALLOCATED] = "unallocated",
	[ROLE_TRANSIT] = "transit", [ROLE_DISCOUNT_RECEIVED] = "discount-received",
	[ROLE_INCOME] = "income", [ROLE_RETAINED] = "retained",
};

int account_role_parse(const char *s)
{
	for (size_t i = 1; i < ARRAY_SIZE(role_names); i++)
		if (!strcmp(s, role_names[i]))
			return (int)i;
	return -1;
}

const char *account_role_name(enum account_role r)
{
	return (size_t)r < ARRAY_SIZE(role_names) ? role_names[r] : "";
}

/* ------------------------------------------------------------------ */

/*
 * A loaded file's text: a read-only private mapping of a regular file (so
 * that pages already parsed can be dropped from memory and fault back in
 * when a diagnostic needs a line), or a copy in `copy` for anything else.
 */
struct source {
	const char *data;
	size_t len;
	void *map;
	size_t maplen;
	struct strbuf copy;
	uint32_t *lines; /* offsets of line starts, built on demand */
	size_t nlines;
};

struct parser {
	struct journal *j;
	struct diag *d;
	const struct journal_load_options *opts;
	uint32_t file;
	const char *path;
	const char *buf, *end;
	const char *map;     /* start of the mapping when buf is mapped, else NULL */
	const char *dropped; /* pages below this were given back to the kernel */
	const char *line, *eol, *next;
	uint32_t lineno;
	int depth;
	int nerr_before;
	/* per-transaction scratch */
	struct {
		uint32_t commodity;
		struct dec v;
	} *sums;
	size_t nsums, sums_alloc;
};

/* journal-private: sources are kept beside the public struct */
struct journal_private {
	struct journal pub;
	VEC(struct source) sources;
	struct symtab realpaths; /* of the files read, in the order of... */
	u32_vec realpath_file;   /* ...the file each was first read as */
};

static struct journal_private *priv(struct journal *j)
{
	return (struct journal_private *)j;
}

static const struct journal_private *priv_const(const struct journal *j)
{
	return (const struct journal_private *)j;
}

struct journal *journal_new(void)
{
	struct journal_private *jp = xcalloc(1, sizeof(*jp));
	struct journal *j = &jp->pub;
	commodity_table_init(&j->commodities);
	j->dates_ordered = true;
	return j;
}

void journal_free(struct journal *j)
{
	if (!j)
		return;
	struct journal_private *jp = priv(j);
	for (size_t i = 0; i < j->postings.n; i++)
		dec_clear(&j->postings.v[i].amount);
	for (size_t i = 0; i < j->aux.n; i++) {
		dec_clear(&j->aux.v[i].cost);
		dec_clear(&j->aux.v[i].assertion);
	}
	for (size_t i = 0; i < j->prices.n; i++)
		dec_clear(&j->prices.v[i].price.qty);
	for (size_t i = 0; i < j->files.n; i++) {
		free(j->files.v[i].path);
		free(j->files.v[i].realpath);
		free(j->files.v[i].batch_hash);
	}
	for (size_t i = 0; i < jp->sources.n; i++) {
		strbuf_release(&jp->sources.v[i].copy);
		if (jp->sources.v[i].map)
			munmap(jp->sources.v[i].map, jp->sources.v[i].maplen);
		free(jp->sources.v[i].lines);
	}
	VEC_FREE(&jp->sources);
	symtab_release(&jp->realpaths);
	VEC_FREE(&jp->realpath_file);
	VEC_FREE(&j->files);
	VEC_FREE(&j->accounts);
	VEC_FREE(&j->txns);
	VEC_FREE(&j->postings);
	VEC_FREE(&j->extras);
	VEC_FREE(&j->aux);
	VEC_FREE(&j->tags);
	VEC_FREE(&j->tag_spans);
	symtab_release(&j->tag_names);
	VEC_FREE(&j->prices);
	symtab_release(&j->account_names);
	commodity_table_release(&j->commodities);
	mempool_release(&j->pool);
	free(jp);
}

/* Returns the text of line `line` of file `file` (without newline). */
static const char *source_line(struct journal *j, uint32_t file, uint32_t line, size_t *len)
{
	struct journal_private *jp = priv(j);
	if (file >= jp->sources.n || !line)
		return NULL;
	struct source *s = &jp->sources.v[file];
	if (!s->lines) {
		size_t n = 1;
		for (size_t i = 0; i < s->len; i++)
			if (s->data[i] == '\n')
				n++;
		s->lines = xmalloc(st_mult(n, sizeof(*s->lines)));
		s->nlines = 0;
		s->lines[s->nlines++] = 0;
		for (size_t i = 0; i < s->len; i++)
			if (s->data[i] == '\n' && s->nlines < n)
				s->lines[s->nlines++] = (uint32_t)(i + 1);
	}
	if (line > s->nlines)
		return NULL;
	const char *b = s->data + s->lines[line - 1];
	const char *e = memchr(b, '\n', (size_t)(s->data + s->len - b));
	if (!e)
		e = s->data + s->len;
	if (e > b && e[-1] == '\r')
		e--;
	*len = (size_t)(e - b);
	return b;
}

/* ------------------------------------------------------------------ */
/* parser helpers */

static void PRINTF_LIKE(3, 4) perr(struct parser *P, const char *pos, const char *fmt, ...)
{
	struct srcloc loc = { P->path, P->lineno, 0 };
	if (pos && pos >= P->line && pos <= P->eol)
		loc.col = diag_column(P->line, (size_t)(pos - P->line));
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(P->d, DIAG_ERROR, &loc, P->line, (size_t)(P->eol - P->line), fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

static bool next_line(struct parser *P)
{
	if (P->next >= P->end)
		return false;
	P->line = P->next;
	const char *nl = memchr(P->line, '\n', (size_t)(P->end - P->line));
	P->eol = nl ? nl : P->end;
	P->next = nl ? nl + 1 : P->end;
	if (P->eol > P->line && P->eol[-1] == '\r')
		P->eol--;
	P->lineno++;
	return true;
}

/* True when the next line starts with a blank and has non-blank content. */
static bool next_is_indented(struct parser *P)
{
	if (P->next >= P->end || !is_blank(*P->next))
		return false;
	const char *p = P->next;
	while (p < P->end && is_blank(*p))
		p++;
	return p < P->end && *p != '\n' && *p != '\r';
}

static void skip_indented(struct parser *P)
{
	while (next_is_indented(P))
		next_line(P);
}


static const char *pool_str(struct journal *j, const char *s, size_t n)
{
	return mempool_strndup(&j->pool, s, n);
}

static uint32_t intern_account(struct journal *j, const char *name, size_t len)
{
	int is_new;
	uint32_t id = symtab_intern(&j->account_names, name, len, &is_new);
	if (!is_new)
		return id;
	/* the slot for id must exist before recursing (ids are dense) */
	struct account *a = VEC_GROW(&j->accounts);
	(void)a;
	uint32_t parent = NO_ID;
	uint16_t depth = 0;
	const char *colon = NULL;
	for (size_t i = len; i > 0; i--)
		if (name[i - 1] == ':') {
			colon = name + i - 1;
			break;
		}
	if (colon) {
		parent = intern_account(j, name, (size_t)(colon - name));
		depth = (uint16_t)(j->accounts.v[parent].depth + 1);
	}
	a = &j->accounts.v[id];
	a->parent = parent;
	a->depth = depth;
	a->role_account = NO_ID;
	a->decl_file = a->decl_line = 0;
	return id;
}

uint32_t journal_find_account(const struct journal *j, const char *name)
{
	return symtab_find(&j->account_names, name, strlen(name));
}

bool journal_account_under(const struct journal *j, uint32_t id, uint32_t anc)
{
	while (id != NO_ID) {
		if (id == anc)
			return true;
		id = j->accounts.v[id].parent;
	}
	return false;
}

static const char *find_tag_id(const struct journal *j, uint32_t start, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (j->tags.v[start + i].name == id)
			return j->tags.v[start + i].value;
	return NULL;
}

uint32_t journal_tag_id(const struct journal *j, const char *name)
{
	return symtab_find(&j->tag_names, name, strlen(name));
}

const char *journal_account_tag(const struct journal *j, uint32_t id, const char *name)
{
	const struct account *a = &j->accounts.v[id];
	uint32_t t = journal_tag_id(j, name);
	return t == NO_ID ? NULL : find_tag_id(j, a->tags_start, a->ntags, t);
}

const char *journal_txn_tag(const struct journal *j, const struct txn *t, const char *name)
{
	uint32_t id = journal_tag_id(j, name);
	return id == NO_ID ? NULL : find_tag_id(j, t->tags_start, t->ntags, id);
}

const char *journal_txn_tag_id(const struct journal *j, const struct txn *t, uint32_t id)
{
	return id == NO_ID ? NULL : find_tag_id(j, t->tags_start, t->ntags, id);
}

const char *journal_posting_tag_id(const struct journal *j, const struct posting *p, uint32_t id)
{
	if (id == NO_ID)
		return NULL;
	if (p->extra != NO_ID) {
		const struct posting_extra *x = &j->extras.v[p->extra];
		const char *v = find_tag_id(j, x->tags_start, x->ntags, id);
		if (v)
			return v;
	}
	const struct txn *t = &j->txns.v[p->txn];
	return find_tag_id(j, t->tags_start, t->ntags, id);
}

const char *journal_posting_tag(const struct journal *j, const struct posting *p, const char *name)
{
	return journal_posting_tag_id(j, p, journal_tag_id(j, name));
}

/* Widens the span of tag name id to transaction txn (journal_tag_may_be_in). */
static void note_tag_span(struct journal *j, uint32_t id, uint32_t txn)
{
	while (j->tag_spans.n <= id)
		*VEC_GROW(&j->tag_spans) = (struct tag_span){ NO_ID, 0 };
	struct tag_span *s = &j->tag_spans.v[id];
	if (s->first == NO_ID || txn < s->first)
		s->first = txn;
	if (txn > s->last)
		s->last = txn;
}

/*
 * Parses hledger-style tags from comment text [s, e): "name: value" pairs,
 * a value running to the next comma. Appends them to j->tags and extends
 * the range (*start, *count), which must end at the top of j->tags. in_txn:
 * the tags are of the transaction being read (the last one) or of one of its
 * postings, whose span they widen; else of an account.
 */
static void parse_tags(struct parser *P, const char *s, const char *e, uint32_t *start,
		       uint32_t *count, bool in_txn)
{
	struct journal *j = P->j;
	if (!*count)
		*start = (uint32_t)j->tags.n;
	const char *p = s;
	while (p < e) {
		while (p < e && (is_blank(*p) || *p == ','))
			p++;
		const char *ns = p;
		while (p < e && !is_blank(*p) && *p != ':' && *p != ',')
			p++;
		if (p < e && *p == ':' && p > ns) {
			const char *ne = p++;
			p = skip_blanks(p, e);
			const char *vs = p;
			while (p < e && *p != ',')
				p++;
			const char *ve = p;
			while (ve > vs && is_blank(ve[-1]))
				ve--;
			struct tag *t = VEC_GROW(&j->tags);
			t->name = symtab_intern(&j->tag_names, ns, (size_t)(ne - ns), NULL);
			if (in_txn)
				note_tag_span(j, t->name, (uint32_t)j->txns.n - 1);
			t->value = ve > vs ? pool_str(j, vs, (size_t)(ve - vs)) : "";
			t->line = P->lineno;
			(*count)++;
		} else if (p == ns) {
			p++;
		}
	}
}

/* ------------------------------------------------------------------ */
/* accounts names */

/*
 * Scans an account name at p: it ends at a tab, two spaces, or the end of
 * the line; in a directive (in_directive) also at " ;", a comment after one
 * space. Returns the end of the name (trailing blank trimmed) and sets
 * *after to where the rest of the line starts; NULL after reporting.
 */
static const char *scan_account(struct parser *P, const char *p, const char **after,
				bool in_directive)
{
	const char *s = p, *eol = P->eol;
	const char *bad = NULL;
	const char *msg = NULL;
	while (p < eol) {
		unsigned char c = (unsigned char)*p;
		if (c > ' ' && c != ';' && c != ':' && c != 0x7f) {
			p++;
			continue;
		}
		if (c == '\t' || (c == ' ' && p + 1 < eol && p[1] == ' '))
			break;
		if (c == ':') {
			if (!bad && (p == s || (p + 1 < eol && p[1] == ':'))) {
				bad = p;
				msg = p == s ? "account name must not start with ':'"
					     : "account name has an empty part ('::')";
			}
		} else if (c == ';') {
			if (p > s && p[-1] == ' ') {
				if (in_directive) {
					p--;
					break;
				}
				perr(P, p - 1, "expected two spaces or a tab between the account name and ';'");
				return NULL;
			}
		} else if (c != ' ' && !bad) {
			bad = p;
			msg = "account name contains a control character";
		}
		p++;
	}
	const char *e = p;
	while (e > s && e[-1] == ' ')
		e--;
	*after = p;
	if (e == s || *s == ';' || *s == '#') {
		perr(P, s, "expected an account name");
		return NULL;
	}
	if (*s == '(' || *s == '[') {
		perr(P, s, "virtual postings ('(account)' and '[account]') are not supported");
		return NULL;
	}
	if (bad && bad < e) {
		perr(P, bad, "%s", msg);
		return NULL;
	}
	if (e - s > MAX_ACCOUNT_LEN) {
		perr(P, s, "account name too long (more than %d bytes)", MAX_ACCOUNT_LEN);
		return NULL;
	}
	int levels = 1;
	for (const char *q = s; q < e; q++)
		levels += *q == ':';
	if (levels > MAX_ACCOUNT_DEPTH) {
		perr(P, s, "account name has too many levels (more than %d)", MAX_ACCOUNT_DEPTH);
		return NULL;
	}
	if (e[-1] == ':') {
		perr(P, e - 1, "account name must not end with ':'");
		return NULL;
	}
	return e;
}

/* ------------------------------------------------------------------ */
/* transactions */

static struct posting_extra *get_extra(struct journal *j, struct posting *p)
{
	if (p->extra == NO_ID) {
		struct posting_extra *x = VEC_GROW(&j->extras);
		x->tags_start = (uint32_t)j->tags.n;
		x->aux = NO_ID;
		p->extra = (uint32_t)(j->extras.n - 1);
	}
	return &j->extras.v[p->extra];
}

static struct posting_aux *get_aux(struct journal *j, struct posting *p)
{
	struct posting_extra *x = get_extra(j, p);
	if (x->aux == NO_ID) {
		struct posting_aux *a = VEC_GROW(&j->aux);
		dec_init(&a->cost);
		dec_init(&a->assertion);
		x->aux = (uint32_t)(j->aux.n - 1);
	}
	return &j->aux.v[x->aux];
}

static struct dec *sum_slot(struct parser *P, uint32_t commodity)
{
	for (size_t i = 0; i < P->nsums; i++)
		if (P->sums[i].commodity == commodity)
			return &P->sums[i].v;
	if (P->nsums == P->sums_alloc) {
		P->sums_alloc = P->sums_alloc ? P->sums_alloc * 2 : 8;
		P->sums = xrealloc(P->sums, st_mult(P->sums_alloc, sizeof(*P->sums)));
	}
	P->sums[P->nsums].commodity = commodity;
	dec_init(&P->sums[P->nsums].v);
	return &P->sums[P->nsums++].v;
}

static void clear_sums(struct parser *P)
{
	for (size_t i = 0; i < P->nsums; i++)
		dec_clear(&P->sums[i].v);
	P->nsums = 0;
}

static void drop_txn(struct journal *j, size_t first_posting, size_t ntags, size_t nextras,
		     size_t naux)
{
	for (size_t i = first_posting; i < j->postings.n; i++)
		dec_clear(&j->postings.v[i].amount);
	j->postings.n = first_posting;
	for (size_t i = naux; i < j->aux.n; i++) {
		dec_clear(&j->aux.v[i].cost);
		dec_clear(&j->aux.v[i].assertion);
	}
	j->aux.n = naux;
	j->extras.n = nextras;
	j->tags.n = ntags;
	j->txns.n--;
}

/* Balances the last transaction, inferring an elided amount. */
static bool balance_txn(struct parser *P, uint32_t ti, uint32_t elided, uint32_t header_line,
			const char *header, size_t header_len)
{
	struct journal *j = P->j;
	struct txn *t = &j->txns.v[ti];
	struct dec w = DEC_INIT;
	bool ok = true;

	clear_sums(P);
	for (uint32_t i = 0; i < t->nposting; i++) {
		struct posting *p = &j->postings.v[t->first_posting + i];
		if (t->first_posting + i == elided)
			continue;
		if (p->flags & POSTING_COST) {
			struct posting_aux *x = &j->aux.v[j->extras.v[p->extra].aux];
			if (x->cost_total) {
				if (dec_sgn(&p->amount) < 0)
					dec_neg(&w, &x->cost);
				else
					dec_set(&w, &x->cost);
			} else if (dec_mul(&w, &p->amount, &x->cost)) {
				struct srcloc loc = { P->path, p->line, 0 };
				size_t llen = 0;
				const char *ltext = source_line(j, P->file, p->line, &llen);
				loc.col = ltext && p->col <= llen ? diag_column(ltext, p->col) : 0;
				diag_add(P->d, DIAG_ERROR, &loc, ltext, llen, "%s", clerk_error_last()->message);
				ok = false;
				continue;
			}
			struct dec *s = sum_slot(P, x->cost_commodity);
			dec_add(s, s, &w);
		} else {
			struct dec *s = sum_slot(P, p->commodity);
			dec_add(s, s, &p->amount);
		}
	}
	dec_clear(&w);
	if (!ok)
		return false;

	if (elided != NO_ID) {
		bool first = true;
		for (size_t i = 0; i < P->nsums; i++) {
			if (dec_is_zero(&P->sums[i].v))
				continue;
			struct posting *p;
			if (first) {
				p = &j->postings.v[elided];
				first = false;
			} else {
				struct posting copy = j->postings.v[elided];
				dec_init(&copy.amount);
				copy.flags |= POSTING_COPY;
				VEC_PUSH(&j->postings, copy);
				p = &j->postings.v[j->postings.n - 1];
				j->txns.v[ti].nposting++;
			}
			p->commodity = P->sums[i].commodity;
			dec_neg(&p->amount, &P->sums[i].v);
			p->flags |= POSTING_INFERRED;
		}
		if (first) {
			struct posting *p = &j->postings.v[elided];
			p->commodity = 0;
			dec_set_i64(&p->amount, 0, 0);
			p->flags |= POSTING_INFERRED;
		}
		return true;
	}

	struct strbuf msg = STRBUF_INIT;
	for (size_t i = 0; i < P->nsums; i++) {
		if (dec_is_zero(&P->sums[i].v))
			continue;
		strbuf_addstr(&msg, msg.len ? ", " : "transaction does not balance: ");
		const char *sym = commodity_symbol(&j->commodities, P->sums[i].commodity);
		if (*sym)
			strbuf_addf(&msg, "'%s' off by ", sym);
		else
			strbuf_addstr(&msg, "off by ");
		dec_format_plain(&msg, &P->sums[i].v, j->commodities.v[P->sums[i].commodity].precision);
	}
	if (msg.len) {
		struct srcloc loc = { P->path, header_line, 1 };
		diag_add(P->d, DIAG_ERROR, &loc, header, header_len, "%s", msg.buf);
		ok = false;
	}
	strbuf_release(&msg);
	return ok;
}

static bool parse_amount_at(struct parser *P, const char **p, struct amount *a)
{
	const char *errpos = *p;
	const char *msg = amount_parse(p, P->eol, &P->j->commodities, true, a, &errpos);
	if (msg) {
		perr(P, errpos, "%s", msg);
		return false;
	}
	return true;
}

/*
 * A cost after an asserted amount ('= $89.00 @ EUR 0.90'), as hledger 1.25
 * and ledger accept it: checked like a posting's cost, then ignored (an
 * assertion compares the account's balance with the amount alone, in both).
 */
static bool skip_assertion_cost(struct parser *P, const char **s, const struct amount *as)
{
	bool total = *s + 1 < P->eol && (*s)[1] == '@';
	const char *q = skip_blanks(*s + (total ? 2 : 1), P->eol);
	const char *cpos = q;
	struct amount cost = AMOUNT_INIT;
	bool ok = parse_amount_at(P, &q, &cost);
	if (ok && cost.commodity == as->commodity) {
		perr(P, cpos, "a cost must be in another commodity than the amount");
		ok = false;
	} else if (ok && dec_sgn(&cost.qty) < 0) {
		perr(P, cpos, "a cost must not be negative");
		ok = false;
	}
	dec_clear(&cost.qty);
	*s = skip_blanks(q, P->eol);
	return ok;
}

/*
 * hledger dates a posting by a 'date:' (or 'date2:') tag or a bracketed
 * date ('[2026-01-05]') in its comment; Clerk dates postings by their
 * transaction, so that reports by date would differ silently: refused.
 * A 'date:' tag whose value is not a date ('date: tbd') stays an ordinary
 * tag (hledger refuses the file: no total can differ).
 */
/* The length of a 'date:' or 'date2:' tag name starting a word at p, else 0. */
static size_t date_tag_at(const char *s, const char *p, const char *e)
{
	if (p > s && !is_blank(p[-1]) && p[-1] != ',')
		return 0;
	size_t left = (size_t)(e - p);
	if (left >= 5 && !memcmp(p, "date:", 5))
		return 5;
	if (left >= 6 && !memcmp(p, "date2:", 6))
		return 6;
	return 0;
}

const char *journal_posting_date_at(const char *s, size_t n, bool *bracket)
{
	const char *e = s + n;
	for (const char *p = s; p < e; p++) {
		size_t tag = date_tag_at(s, p, e);
		const char *v = tag ? skip_blanks(p + tag, e) : NULL;
		if (v && v < e && is_digit(*v)) {
			*bracket = false;
			return p;
		}
		const char *d = p + 1 < e && p[1] == '=' ? p + 2 : p + 1;
		if (*p == '[' && d < e && is_digit(*d)) {
			*bracket = true;
			return p;
		}
	}
	return NULL;
}

static bool refuse_posting_date(struct parser *P, const char *s, const char *e)
{
	bool bracket;
	const char *p = journal_posting_date_at(s, (size_t)(e - s), &bracket);
	if (!p)
		return true;
	if (bracket)
		perr(P, p, "bracketed posting dates ('[DATE]') are not supported: "
			   "hledger would date this posting by it, Clerk by its transaction");
	else
		perr(P, p, "posting dates (a 'date:' tag on a posting) are not supported: "
			   "hledger would date this posting by it, Clerk by its transaction");
	return false;
}

/* Parses one posting line; returns false after reporting an error. */
static bool parse_posting(struct parser *P, uint32_t ti, uint32_t *elided)
{
	struct journal *j = P->j;
	const char *p = skip_blanks(P->line, P->eol);
	char status = ' ';
	if ((*p == '*' || *p == '!') && p + 1 < P->eol && is_blank(p[1])) {
		status = *p;
		p = skip_blanks(p + 1, P->eol);
	}
	const char *after;
	const char *name_end = scan_account(P, p, &after, false);
	if (!name_end)
		return false;
	struct posting post;
	memset(&post, 0, sizeof(post));
	dec_init(&post.amount);
	post.account = intern_account(j, p, (size_t)(name_end - p));
	post.txn = ti;
	post.line = P->lineno;
	post.col = (uint16_t)((size_t)(p - P->line) > UINT16_MAX ? UINT16_MAX : (size_t)(p - P->line));
	post.extra = NO_ID;
	post.status = status;
	j->accounts.v[post.account].used = true;

	const char *s = skip_blanks(after, P->eol);
	bool have_amount = false;
	struct amount a = AMOUNT_INIT, cost = AMOUNT_INIT, as = AMOUNT_INIT;
	bool have_cost = false, cost_total = false, have_assert = false, assert_total = false;
	uint32_t assert_col = 0;
	if (s < P->eol && *s != ';') {
		if (*s == '=') {
			perr(P, s, "balance assignments (an assertion without an amount) are not supported; "
				   "write the amount");
			return false;
		}
		if (!parse_amount_at(P, &s, &a))
			goto fail;
		have_amount = true;
		s = skip_blanks(s, P->eol);
		if (s < P->eol && *s == '@') {
			cost_total = s + 1 < P->eol && s[1] == '@';
			s = skip_blanks(s + (cost_total ? 2 : 1), P->eol);
			const char *cpos = s;
			if (!parse_amount_at(P, &s, &cost))
				goto fail;
			have_cost = true;
			if (cost.commodity == a.commodity) {
				perr(P, cpos, "a cost must be in another commodity than the amount");
				goto fail;
			}
			if (dec_sgn(&cost.qty) < 0) {
				perr(P, cpos, "a cost must not be negative");
				goto fail;
			}
			s = skip_blanks(s, P->eol);
		}
		if (s < P->eol && *s == '=') {
			assert_total = s + 1 < P->eol && s[1] == '=';
			const char *q = s + (assert_total ? 2 : 1);
			if (q < P->eol && *q == '*') {
				perr(P, s, "subaccount-inclusive balance assertions ('=*') are not supported");
				goto fail;
			}
			s = skip_blanks(q, P->eol);
			assert_col = (uint32_t)(s - P->line);
			if (!parse_amount_at(P, &s, &as))
				goto fail;
			have_assert = true;
			s = skip_blanks(s, P->eol);
			if (s < P->eol && *s == '@' && !skip_assertion_cost(P, &s, &as))
				goto fail;
		}
		if (s < P->eol && *s != ';') {
			perr(P, s, "unexpected text after the amount");
			goto fail;
		}
	}
	if (s < P->eol && *s == ';' && !refuse_posting_date(P, s + 1, P->eol))
		goto fail;
	if (!have_amount) {
		if (*elided != NO_ID) {
			perr(P, p, "only one posting may omit its amount");
			return false;
		}
		*elided = (uint32_t)j->postings.n;
	} else {
		post.commodity = a.commodity;
		dec_set(&post.amount, &a.qty);
	}
	VEC_PUSH(&j->postings, post);
	struct posting *pp = &j->postings.v[j->postings.n - 1];
	j->txns.v[ti].nposting++;
	if (have_cost || have_assert) {
		struct posting_aux *x = get_aux(j, pp);
		if (have_cost) {
			pp->flags |= POSTING_COST;
			dec_set(&x->cost, &cost.qty);
			x->cost_commodity = cost.commodity;
			x->cost_total = cost_total;
		}
		if (have_assert) {
			pp->flags |= POSTING_ASSERT;
			dec_set(&x->assertion, &as.qty);
			x->assert_commodity = as.commodity;
			x->assert_total = assert_total;
			x->assert_col = assert_col;
			j->has_assertions = true;
		}
	}
	if (s < P->eol && *s == ';') {
		struct posting_extra *x = get_extra(j, pp);
		parse_tags(P, s + 1, P->eol, &x->tags_start, &x->ntags, true);
	}
	dec_clear(&a.qty);
	dec_clear(&cost.qty);
	dec_clear(&as.qty);
	return true;
fail:
	dec_clear(&post.amount);
	dec_clear(&a.qty);
	dec_clear(&cost.qty);
	dec_clear(&as.qty);
	return false;
}

static bool single_posting_is_zero(const struct journal *j, const struct txn *t, uint32_t elided)
{
	if (t->first_posting == elided)
		return true;
	return dec_is_zero(&j->postings.v[t->first_posting].amount);
}

static void parse_txn(struct parser *P)
{
	struct journal *j = P->j;
	const char *p = P->line;
	clerk_date date;
	const char *msg = date_parse(&p, P->eol, &date);
	if (msg) {
		perr(P, P->line, "%s", msg);
		skip_indented(P);
		return;
	}
	if (p < P->eol && *p == '=') {
		perr(P, p, "secondary dates ('DATE=DATE2') are not supported");
		skip_indented(P);
		return;
	}
	if (p < P->eol && !is_blank(*p)) {
		perr(P, p, "expected a space after the date");
		skip_indented(P);
		return;
	}
	size_t first_posting = j->postings.n, ntags0 = j->tags.n, nextras0 = j->extras.n;
	size_t naux0 = j->aux.n;
	uint32_t ti = (uint32_t)j->txns.n;
	struct txn *t = VEC_GROW(&j->txns);
	t->date = date;
	t->file = P->file;
	t->line = P->lineno;
	t->first_posting = (uint32_t)first_posting;
	t->status = ' ';
	t->description = "";
	const char *header = P->line;
	size_t header_len = (size_t)(P->eol - P->line);
	uint32_t header_line = P->lineno;
	bool bad = false;

	p = skip_blanks(p, P->eol);
	if (p < P->eol && (*p == '*' || *p == '!')) {
		t->status = *p++;
		p = skip_blanks(p, P->eol);
	}
	if (p < P->eol && *p == '(') {
		const char *close = memchr(p, ')', (size_t)(P->eol - p));
		if (!close) {
			perr(P, p, "unterminated transaction code: expected ')'");
			bad = true;
		} else {
			t->code = pool_str(j, p + 1, (size_t)(close - p - 1));
			p = skip_blanks(close + 1, P->eol);
		}
	}
	if (!bad) {
		const char *semi = memchr(p, ';', (size_t)(P->eol - p));
		const char *de = semi ? semi : P->eol;
		while (de > p && is_blank(de[-1]))
			de--;
		t->description = pool_str(j, p, (size_t)(de - p));
		if (semi)
			parse_tags(P, semi + 1, P->eol, &t->tags_start, &t->ntags, true);
	}

	uint32_t elided = NO_ID;
	while (next_is_indented(P)) {
		next_line(P);
		const char *s = skip_blanks(P->line, P->eol);
		if (*s == ';') {
			t = &j->txns.v[ti];
			if (t->nposting == 0) {
				parse_tags(P, s + 1, P->eol, &t->tags_start, &t->ntags, true);
			} else {
				if (!refuse_posting_date(P, s + 1, P->eol)) {
					bad = true;
					continue;
				}
				struct posting *last = &j->postings.v[j->postings.n - 1];
				struct posting_extra *x = get_extra(j, last);
				if (x->ntags && x->tags_start + x->ntags != j->tags.n) {
					perr(P, s, "comment lines must follow their posting directly");
					bad = true;
					continue;
				}
				parse_tags(P, s + 1, P->eol, &x->tags_start, &x->ntags, true);
			}
			continue;
		}
		if (!parse_posting(P, ti, &elided))
			bad = true;
	}
	t = &j->txns.v[ti];
	if (!bad && t->nposting == 1 && single_posting_is_zero(j, t, elided)) {
		/* one posting of zero (or without an amount: 0), as hledger
		 * allows: a place for a balance assertion, nothing to balance */
	} else if (!bad && t->nposting < 2) {
		struct srcloc loc = { P->path, header_line, 1 };
		diag_add(P->d, DIAG_ERROR, &loc, header, header_len,
			 t->nposting ? "transaction has only one posting"
				     : "transaction has no postings (are they indented?)");
		bad = true;
	}
	if (!bad && !balance_txn(P, ti, elided, header_line, header, header_len))
		bad = true;
	if (bad) {
		drop_txn(j, first_posting, ntags0, nextras0, naux0);
		return;
	}
	if (ti > 0 && j->txns.v[ti - 1].date > date && j->dates_ordered) {
		j->dates_ordered = false;
		j->ordered_prefix = (uint32_t)ti;
	}
}

/* ------------------------------------------------------------------ */
/* directives */

static bool word_is(const char *p, const char *eol, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(eol - p) >= n && !memcmp(p, w, n) && (p + n == eol || is_blank(p[n]));
}

static void parse_account_directive(struct parser *P, const char *p)
{
	struct journal *j = P->j;
	p = skip_blanks(p, P->eol);
	const char *after;
	const char *e = scan_account(P, p, &after, true);
	if (!e) {
		skip_indented(P);
		return;
	}
	uint32_t id = intern_account(j, p, (size_t)(e - p));
	struct account *a = &j->accounts.v[id];
	if (a->declared) {
		perr(P, p, "account '%.*s' is already declared at %s:%u", (int)(e - p), p,
		     j->files.v[a->decl_file].path, a->decl_line);
		skip_indented(P);
		return;
	}
	a->declared = true;
	a->decl_file = P->file;
	a->decl_line = P->lineno;
	a->ntags = 0;
	a->tags_start = (uint32_t)j->tags.n;
	const char *s = skip_blanks(after, P->eol);
	if (s < P->eol) {
		if (*s != ';') {
			perr(P, s, "unexpected text after the account name");
			skip_indented(P);
			return;
		}
		parse_tags(P, s + 1, P->eol, &a->tags_start, &a->ntags, false);
	}
	while (next_is_indented(P)) {
		next_line(P);
		s = skip_blanks(P->line, P->eol);
		a = &j->accounts.v[id];
		if (*s == ';')
			parse_tags(P, s + 1, P->eol, &a->tags_start, &a->ntags, false);
		else
			perr(P, s, "unsupported account subdirective (only '; comment' lines may follow)");
	}
}

/*
 * Scans a commodity symbol at *p, quoted or not: [*s, *e) is the symbol
 * (empty when none), *p moves past it. False after reporting a malformed
 * quoted symbol.
 */
static bool scan_symbol(struct parser *P, const char **p, const char **s, const char **e)
{
	const char *q = *p;
	if (q < P->eol && *q == '"') {
		const char *close = memchr(q + 1, '"', (size_t)(P->eol - q - 1));
		if (!close || close == q + 1) {
			perr(P, q, "malformed quoted commodity symbol");
			return false;
		}
		*s = q + 1;
		*e = close;
		*p = close + 1;
		return true;
	}
	*s = q;
	while (q < P->eol && commodity_symbol_char((unsigned char)*q))
		q++;
	*e = q;
	*p = q;
	return true;
}

static void parse_commodity_directive(struct parser *P, const char *p)
{
	struct journal *j = P->j;
	p = skip_blanks(p, P->eol);
	const char *errpos = p;
	uint32_t cid = NO_ID;
	bool has_digit = false;
	for (const char *q = p; q < P->eol && *q != ';'; q++)
		if (*q >= '0' && *q <= '9')
			has_digit = true;
	if (p >= P->eol || *p == ';') {
		perr(P, p, "expected a commodity symbol or a sample amount");
		skip_indented(P);
		return;
	}
	if (has_digit && *p != '"') {
		const char *msg = amount_parse_style(&p, P->eol, &j->commodities, &cid, &errpos);
		if (msg) {
			perr(P, errpos, "%s", msg);
			skip_indented(P);
			return;
		}
	} else if (*p == '"' || commodity_symbol_char((unsigned char)*p)) {
		const char *s, *e;
		if (!scan_symbol(P, &p, &s, &e)) {
			skip_indented(P);
			return;
		}
		/* a quoted symbol may still be followed by a number: "ABC 1" 1,000.00 */
		const char *q = skip_blanks(p, P->eol);
		if (q < P->eol && *q >= '0' && *q <= '9') {
			const char *start = s - (s > P->line && s[-1] == '"' ? 1 : 0);
			const char *msg = amount_parse_style(&start, P->eol, &j->commodities, &cid, &errpos);
			if (msg) {
				perr(P, errpos, "%s", msg);
				skip_indented(P);
				return;
			}
			p = start;
		} else {
			cid = commodity_intern(&j->commodities, s, (size_t)(e - s));
		}
	} else {
		perr(P, p, "expected a commodity symbol or a sample amount");
		skip_indented(P);
		return;
	}
	struct commodity *c = &j->commodities.v[cid];
	if (c->declared && c->decl_line && !(c->decl_file == P->file && c->decl_line == P->lineno)) {
		perr(P, errpos, "commodity '%s' is already declared at %s:%u",
		     commodity_symbol(&j->commodities, cid), j->files.v[c->decl_file].path, c->decl_line);
		skip_indented(P);
		return;
	}
	c->declared = true;
	c->decl_file = P->file;
	c->decl_line = P->lineno;
	p = skip_blanks(p, P->eol);
	if (p < P->eol && *p != ';') {
		perr(P, p, "unexpected text after the commodity");
		skip_indented(P);
		return;
	}
	while (next_is_indented(P)) {
		next_line(P);
		const char *s = skip_blanks(P->line, P->eol);
		if (*s == ';')
			continue;
		if (word_is(s, P->eol, "format")) {
			s = skip_blanks(s + 6, P->eol);
			uint32_t fid;
			const char *msg = amount_parse_style(&s, P->eol, &j->commodities, &fid, &errpos);
			if (msg) {
				perr(P, errpos, "%s", msg);
				continue;
			}
			if (fid != cid) {
				perr(P, s, "format sample is in another commodity than the directive's");
				continue;
			}
			s = skip_blanks(s, P->eol);
			if (s < P->eol && *s != ';')
				perr(P, s, "unexpected text after the format sample");
			continue;
		}
		perr(P, s, "unsupported commodity subdirective (only 'format' and '; comment' lines)");
	}
}

/*
 * The time of day hledger allows after a P directive's date: HH:MM or
 * HH:MM:SS (a symbol never starts with a digit). Checked, then ignored: Clerk
 * keeps one price per date and order, as hledger does for valuation by day.
 */
static bool skip_time_of_day(struct parser *P, const char **p)
{
	const char *q = *p, *eol = P->eol;
	int part[3] = { 0, 0, 0 }, n = 0;
	while (n < 3) {
		const char *ds = q;
		int v = 0;
		while (q < eol && is_digit(*q) && q - ds < 2)
			v = v * 10 + (*q++ - '0');
		if (q - ds != 2 || (q < eol && is_digit(*q)))
			break;
		part[n++] = v;
		if (q < eol && *q == ':' && n < 3)
			q++;
		else
			break;
	}
	if (n >= 2 && q < eol && (*q == '+' || *q == '-' || *q == 'Z')) {
		perr(P, q, "a time zone after the time of day is not supported (it could move the price "
			   "to another date)");
		return false;
	}
	if (n < 2 || (q < eol && !is_blank(*q)) || q[-1] == ':') {
		perr(P, *p, "expected a time of day HH:MM or HH:MM:SS after the date (or a commodity "
			    "symbol)");
		return false;
	}
	if (part[0] > 23 || part[1] > 59 || part[2] > 59) {
		perr(P, *p, "not a time of day: %.*s (hours 0-23, minutes and seconds 0-59)",
		     (int)(q - *p), *p);
		return false;
	}
	*p = skip_blanks(q, eol);
	return true;
}

static void parse_price_directive(struct parser *P, const char *p)
{
	struct journal *j = P->j;
	p = skip_blanks(p, P->eol);
	clerk_date date;
	const char *msg = date_parse(&p, P->eol, &date);
	if (msg) {
		perr(P, p, "%s", msg);
		return;
	}
	p = skip_blanks(p, P->eol);
	if (p < P->eol && is_digit(*p) && !skip_time_of_day(P, &p))
		return;
	const char *s, *e;
	if (!scan_symbol(P, &p, &s, &e))
		return;
	if (e == s) {
		perr(P, p, "expected a commodity symbol");
		return;
	}
	uint32_t cid = commodity_intern(&j->commodities, s, (size_t)(e - s));
	p = skip_blanks(p, P->eol);
	struct amount a = AMOUNT_INIT;
	if (!parse_amount_at(P, &p, &a)) {
		dec_clear(&a.qty);
		return;
	}
	p = skip_blanks(p, P->eol);
	if (p < P->eol && *p != ';') {
		perr(P, p, "unexpected text after the price");
		dec_clear(&a.qty);
		return;
	}
	struct price *pr = VEC_GROW(&j->prices);
	pr->date = date;
	pr->commodity = cid;
	pr->price = a;
	pr->file = P->file;
	pr->line = P->lineno;
}

static int load_file(struct journal *j, const char *path, const char *display, uint32_t from,
		     const struct journal_load_options *opts, struct diag *d, int depth,
		     struct parser *parent);

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void parse_include(struct parser *P, const char *p)
{
	struct journal *j = P->j;
	p = skip_blanks(p, P->eol);
	const char *e = P->eol;
	while (e > p && is_blank(e[-1]))
		e--;
	if (e == p) {
		perr(P, p, "expected a file name after 'include'");
		return;
	}
	if (!P->opts->allow_include) {
		perr(P, P->line, "'include' is not allowed here (a batch must be self-contained)");
		return;
	}
	if (P->depth >= MAX_INCLUDE_DEPTH) {
		perr(P, p, "includes nested too deeply (more than %d levels)", MAX_INCLUDE_DEPTH);
		return;
	}
	struct strbuf target = STRBUF_INIT;
	if (*p != '/') {
		const char *slash = strrchr(P->path, '/');
		if (slash)
			strbuf_add(&target, P->path, (size_t)(slash - P->path + 1));
	}
	strbuf_add(&target, p, (size_t)(e - p));
	if (memchr(target.buf, '\0', target.len)) {
		perr(P, p, "file name contains a NUL byte");
		strbuf_release(&target);
		return;
	}
	if (is_glob(target.buf)) {
		glob_t g;
		int rc = glob(target.buf, GLOB_ERR, NULL, &g);
		if (rc == GLOB_NOMATCH || rc == GLOB_ABORTED) {
			perr(P, p, "no files match '%.*s'", (int)(e - p), p);
		} else if (rc != 0) {
			perr(P, p, "cannot list files matching '%.*s'", (int)(e - p), p);
		} else {
			const char *self = j->files.v[P->file].realpath;
			for (size_t i = 0; i < g.gl_pathc; i++) {
				char *rp = realpath(g.gl_pathv[i], NULL);
				bool is_self = rp && self && !strcmp(rp, self);
				for (const char *const *sk = P->opts->skip; rp && sk && *sk; sk++)
					if (!strcmp(rp, *sk))
						is_self = true; /* left out on purpose */
				free(rp);
				if (is_self)
					continue;
				load_file(j, g.gl_pathv[i], g.gl_pathv[i], P->file, P->opts, P->d,
					  P->depth + 1, P);
			}
		}
		if (rc == 0)
			globfree(&g);
	} else {
		load_file(j, target.buf, target.buf, P->file, P->opts, P->d, P->depth + 1, P);
	}
	strbuf_release(&target);
}

static const char *const unsupported_directives[] = {
	"alias",    "apply",  "end",   "year",   "Y",	  "D",	   "decimal-mark", "payee",
	"tag",	    "bucket", "A",     "N",	 "C",	  "assert", "check",	    "define",
	"expr",	    "eval",   "value", "python", "import", "def",   "timeclock",    "i",
	"o",	    "b",      "h",     "I",	 "O",	  "source", "apply-tag",    "--",
};

#define DROP_CHUNK (8u << 20)

/* Gives back to the kernel the mapped pages already parsed (they fault back in if needed). */
static void drop_parsed(struct parser *P)
{
	if (!P->map || (size_t)(P->line - P->dropped) < DROP_CHUNK)
		return;
	long pg = sysconf(_SC_PAGESIZE);
	size_t upto = (size_t)(P->line - P->map) & ~((size_t)pg - 1);
	size_t from = (size_t)(P->dropped - P->map) & ~((size_t)pg - 1);
	if (upto > from)
		madvise((void *)(uintptr_t)(P->map + from), upto - from, MADV_DONTNEED);
	P->dropped = P->map + upto;
}

static void parse_toplevel(struct parser *P)
{
	while (next_line(P)) {
		drop_parsed(P);
		const char *p = P->line;
		if (p == P->eol)
			continue;
		if ((size_t)(P->eol - P->line) > MAX_LINE_LEN) {
			perr(P, P->line, "line too long (more than %u bytes)", MAX_LINE_LEN);
			continue;
		}
		char c = *p;
		if (is_blank(c)) {
			const char *s = skip_blanks(p, P->eol);
			if (s == P->eol || *s == ';' || *s == '#' || *s == '*')
				continue;
			perr(P, s, "unexpected indented line (a posting without a transaction?)");
			skip_indented(P);
			continue;
		}
		if (c == ';' || c == '#' || c == '*' || c == '%' || c == '|') {
			static const char hdr[] = "; clerk-batch-sha256: ";
			if ((size_t)(P->eol - p) > sizeof(hdr) - 1 && !memcmp(p, hdr, sizeof(hdr) - 1)) {
				/* space-separated list of the batch digests this file holds */
				const char *v = p + sizeof(hdr) - 1;
				struct journal_file *f = &P->j->files.v[P->file];
				struct strbuf sb = STRBUF_INIT;
				if (f->batch_hash) {
					strbuf_addstr(&sb, f->batch_hash);
					strbuf_addch(&sb, ' ');
					free(f->batch_hash);
				}
				strbuf_add(&sb, v, (size_t)(P->eol - v));
				f->batch_hash = strbuf_detach(&sb, NULL);
			}
			continue;
		}
		if (c >= '0' && c <= '9') {
			parse_txn(P);
			continue;
		}
		if (word_is(p, P->eol, "comment")) {
			while (next_line(P))
				if (word_is(P->line, P->eol, "end") &&
				    word_is(skip_blanks(P->line + 3, P->eol), P->eol, "comment"))
					break;
			continue;
		}
		if (word_is(p, P->eol, "account")) {
			parse_account_directive(P, p + 7);
			continue;
		}
		if (word_is(p, P->eol, "commodity")) {
			parse_commodity_directive(P, p + 9);
			continue;
		}
		if (word_is(p, P->eol, "include")) {
			parse_include(P, p + 7);
			skip_indented(P);
			continue;
		}
		if (word_is(p, P->eol, "P")) {
			parse_price_directive(P, p + 1);
			skip_indented(P);
			continue;
		}
		if (c == '~') {
			perr(P, p, "periodic transactions ('~') are not supported");
			skip_indented(P);
			continue;
		}
		if (c == '=') {
			perr(P, p, "automated transactions ('=') are not supported");
			skip_indented(P);
			continue;
		}
		const char *we = p;
		while (we < P->eol && !is_blank(*we))
			we++;
		bool known = false;
		for (size_t i = 0; i < ARRAY_SIZE(unsupported_directives); i++)
			if ((size_t)(we - p) == strlen(unsupported_directives[i]) &&
			    !memcmp(p, unsupported_directives[i], (size_t)(we - p)))
				known = true;
		if (known)
			perr(P, p, "unsupported directive '%.*s'", (int)(we - p), p);
		else
			perr(P, p, "unexpected text: expected a transaction (a date), a directive or a comment");
		skip_indented(P);
	}
}

/*
 * Reports every line of P's text (from P->next to P->end) that is not valid
 * UTF-8, at its first bad byte; the parse then goes on as usual. Valid text
 * costs one pass, ASCII eight bytes at a time.
 */
static void check_utf8(struct parser *P)
{
	const char *p = P->next, *ls = P->next, *counted = P->next;
	uint32_t line = 1;
	struct strbuf why = STRBUF_INIT;
	while (p < P->end) {
		p += utf8_valid_prefix(p, (size_t)(P->end - p));
		if (p >= P->end)
			break;
		for (const char *q; (q = memchr(counted, '\n', (size_t)(p - counted))) != NULL;
		     counted = q + 1) {
			line++;
			ls = q + 1;
		}
		counted = p;
		const char *le = memchr(p, '\n', (size_t)(P->end - p));
		if (!le)
			le = P->end;
		strbuf_reset(&why);
		utf8_describe_invalid(&why, p, (size_t)(P->end - p));
		struct srcloc loc = { P->path, line, diag_column(ls, (size_t)(p - ls)) };
		diag_add(P->d, DIAG_ERROR, &loc, ls, (size_t)(le - ls),
			 "invalid UTF-8: %s (journal files must be UTF-8 text)", why.buf);
		p = le; /* one error per line */
	}
	strbuf_release(&why);
}

static int parse_buffer(struct journal *j, uint32_t file, const struct journal_load_options *opts,
			struct diag *d, int depth)
{
	struct journal_private *jp = priv(j);
	struct parser P;
	memset(&P, 0, sizeof(P));
	P.j = j;
	P.d = d;
	P.opts = opts;
	P.file = file;
	P.path = j->files.v[file].path;
	P.buf = jp->sources.v[file].data;
	P.end = P.buf + jp->sources.v[file].len;
	P.map = jp->sources.v[file].map ? (const char *)jp->sources.v[file].map : NULL;
	P.dropped = P.buf;
	P.next = P.buf;
	P.depth = depth;
	size_t before = d->nerrors;
	if (P.end - P.buf >= 3 && !memcmp(P.buf, "\xEF\xBB\xBF", 3))
		P.next += 3;
	const char *nul = memchr(P.buf, '\0', (size_t)(P.end - P.buf));
	if (nul) {
		/* report where, then parse only what comes before it */
		const char *ls = P.buf;
		uint32_t line = 1;
		for (const char *q = P.buf; q < nul; q++)
			if (*q == '\n') {
				line++;
				ls = q + 1;
			}
		struct srcloc loc = { P.path, line, diag_column(ls, (size_t)(nul - ls)) };
		diag_add(d, DIAG_ERROR, &loc, NULL, 0, "file contains a NUL byte (is it a journal?)");
		P.end = nul;
	}
	check_utf8(&P);
	parse_toplevel(&P);
	clear_sums(&P);
	free(P.sums);
	return d->nerrors > before ? CLERK_EPARSE : 0;
}

static uint32_t add_file(struct journal *j, const char *display, const char *real, uint32_t from,
			 const struct journal_load_options *opts)
{
	struct journal_file *f = VEC_GROW(&j->files);
	f->path = xstrdup(display);
	f->realpath = real ? xstrdup(real) : NULL;
	f->included_from = from;
	f->batch = opts->batch;
	struct source *s = VEC_GROW(&priv(j)->sources);
	strbuf_init(&s->copy, 0);
	s->data = "";
	return (uint32_t)(j->files.n - 1);
}

/* Where the file name of the include directive on the parser's current line starts. */
static const char *include_pos(struct parser *P)
{
	const char *p = P->line + 7; /* "include" */
	return p <= P->eol ? skip_blanks(p, P->eol) : P->line;
}

/*
 * Maps the regular file at path into s (reads it when it cannot be mapped),
 * no further than the size it had when it was opened. Returns 0, or an
 * error with the message set: *sys_errno is then the errno of a failing
 * open or read, or 0 when the message says it all (not a regular file,
 * changed while it was read).
 */
static int source_open(struct source *s, const char *path, int *sys_errno)
{
	struct stat st;
	int fd, error, rc;
	*sys_errno = 0;
	if ((error = fsutil_open_regular(&fd, &st, path, 0))) {
		if (error != CLERK_EINVALID)
			*sys_errno = errno;
		return error;
	}
	if ((uintmax_t)st.st_size > (uintmax_t)SIZE_MAX / 2) {
		close(fd);
		return clerk_error_set(CLERK_EIO, "'%s' is too large to read (%jd bytes)", path,
				       (intmax_t)st.st_size);
	}
	size_t size = (size_t)st.st_size;
	if (size > 0) {
		void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			error = fsutil_check_end(fd, &st, path);
			close(fd);
			if (error) {
				munmap(m, size);
				return error;
			}
			madvise(m, size, MADV_SEQUENTIAL);
			s->map = m;
			s->maplen = size;
			s->data = m;
			s->len = size;
			return 0;
		}
	}
	/* empty, or cannot be mapped: read (a file in /proc says 0 bytes but has more: refused) */
	rc = strbuf_read_fd(&s->copy, fd, size);
	if (rc == STRBUF_READ_CHANGED)
		error = fsutil_changed_error(path, &st);
	else if (rc)
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	if (rc < 0 && rc != STRBUF_READ_CHANGED)
		*sys_errno = errno;
	close(fd);
	if (error)
		return error;
	s->data = s->copy.buf;
	s->len = s->copy.len;
	return 0;
}

static int load_file(struct journal *j, const char *path, const char *display, uint32_t from,
		     const struct journal_load_options *opts, struct diag *d, int depth,
		     struct parser *parent)
{
	char *real = realpath(path, NULL);
	int error = 0, e;
	if (!real) {
		e = errno;
		if (parent) {
			perr(parent, include_pos(parent), "cannot read included file '%s': %s", display,
			     strerror(e));
			return CLERK_EPARSE;
		}
		return clerk_error_set(e == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
				       "cannot read '%s': %s", display, strerror(e));
	}
	/* include cycle: is real already on the chain of including files? */
	for (uint32_t f = from; parent && f != NO_ID; f = j->files.v[f].included_from) {
		if (j->files.v[f].realpath && !strcmp(j->files.v[f].realpath, real)) {
			perr(parent, include_pos(parent),
			     "include cycle: '%s' is already being read (it includes this file, directly or "
			     "indirectly)",
			     display);
			free(real);
			return CLERK_EPARSE;
		}
	}
	/*
	 * A file already read is not read again: it would count twice, and
	 * files including one another twice over would make the reading grow
	 * exponentially with the depth.
	 */
	struct journal_private *jp = priv(j);
	int is_new;
	uint32_t seen = symtab_intern(&jp->realpaths, real, strlen(real), &is_new);
	if (!is_new && parent) {
		const struct journal_file *jf = &j->files.v[jp->realpath_file.v[seen]];
		if (jf->included_from != NO_ID)
			perr(parent, include_pos(parent),
			     "'%s' is already included (by '%s'); including it again would count it twice",
			     display, j->files.v[jf->included_from].path);
		else
			perr(parent, include_pos(parent),
			     "'%s' is already part of the books; including it again would count it twice",
			     display);
		free(real);
		return CLERK_EPARSE;
	}
	if (is_new)
		VEC_PUSH(&jp->realpath_file, (uint32_t)j->files.n);
	uint32_t file = add_file(j, display, real, from, opts);
	free(real);
	if ((error = source_open(&priv(j)->sources.v[file], path, &e))) {
		if (parent) {
			if (e)
				perr(parent, include_pos(parent), "cannot read included file '%s': %s",
				     display, strerror(e));
			else
				perr(parent, include_pos(parent), "%s", clerk_error_last()->message);
			clerk_error_clear();
			return CLERK_EPARSE;
		}
		/* a file named on the command line: anything wrong with it is an I/O error */
		if (e)
			return clerk_error_set(e == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
					       "cannot read '%s': %s", display, strerror(e));
		return clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message);
	}
	const struct source *src = &priv(j)->sources.v[file];
	size_t ml = strlen(JOURNAL_HISTORY_MARKER);
	if (parent && src->len >= ml && !memcmp(src->data, JOURNAL_HISTORY_MARKER, ml)) {
		j->files.v[file].history = true;
		if (opts->skip_history) {
			j->files.v[file].skipped = true;
			return 0;
		}
	}
	error = parse_buffer(j, file, opts, d, depth);
	return error;
}

int journal_read_skipped(struct journal *j, uint32_t file, struct diag *d)
{
	struct journal_load_options o = JOURNAL_LOAD_OPTIONS_INIT;
	if (file >= j->files.n || !j->files.v[file].skipped)
		return 0;
	j->files.v[file].skipped = false;
	size_t before = d->nerrors;
	(void)parse_buffer(j, file, &o, d, 1);
	return d->nerrors > before ? CLERK_EPARSE : 0;
}

int journal_load_file(struct journal *j, const char *path, const struct journal_load_options *opts,
		      struct diag *d)
{
	struct journal_load_options def = JOURNAL_LOAD_OPTIONS_INIT;
	size_t before = d->nerrors;
	int error = load_file(j, path, path, NO_ID, opts ? opts : &def, d, 0, NULL);
	if (error == CLERK_ENOTFOUND || error == CLERK_EIO)
		return error;
	return d->nerrors > before ? CLERK_EPARSE : 0;
}

int journal_load_buffer(struct journal *j, const char *name, const char *text, size_t len,
			const struct journal_load_options *opts, struct diag *d)
{
	struct journal_load_options def = JOURNAL_LOAD_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	struct journal_load_options o = *opts;
	o.allow_include = false;
	uint32_t file = add_file(j, name, NULL, NO_ID, &o);
	struct source *src = &priv(j)->sources.v[file];
	strbuf_add(&src->copy, text, len);
	src->data = src->copy.buf;
	src->len = src->copy.len;
	return parse_buffer(j, file, &o, d, 0);
}

bool journal_has_file(const struct journal *j, const char *path)
{
	char *real = realpath(path, NULL);
	bool has = real && symtab_find(&priv_const(j)->realpaths, real, strlen(real)) != UINT32_MAX;
	free(real);
	return has;
}

int journal_file_adopt(struct journal *j, uint32_t file, const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return clerk_error_set_errno(CLERK_EIO, "cannot resolve '%s'", path);
	struct journal_private *jp = priv(j);
	struct journal_file *f = &j->files.v[file];
	int is_new;
	symtab_intern(&jp->realpaths, real, strlen(real), &is_new);
	if (is_new)
		VEC_PUSH(&jp->realpath_file, file);
	free(f->path);
	free(f->realpath);
	f->path = xstrdup(path);
	f->realpath = real;
	f->batch = false;
	f->posted = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* ordering */

static const struct journal *sort_j;

static int cmp_txn_date(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	clerk_date dx = sort_j->txns.v[x].date, dy = sort_j->txns.v[y].date;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x < y ? -1 : (x > y);
}

void journal_date_order(const struct journal *j, uint32_t **order_out)
{
	uint32_t *order = xmalloc(st_mult(j->txns.n ? j->txns.n : 1, sizeof(*order)));
	for (size_t i = 0; i < j->txns.n; i++)
		order[i] = (uint32_t)i;
	if (!j->dates_ordered) {
		/*
		 * The first ordered_prefix txns are in order (the books); sort the
		 * rest (typically a batch or an import added to them) and merge:
		 * the same order as sorting everything, at the cost of the rest.
		 */
		size_t np = j->ordered_prefix <= j->txns.n ? j->ordered_prefix : 0, nr = j->txns.n - np;
		sort_j = j;
		qsort(order + np, nr, sizeof(*order), cmp_txn_date);
		if (np && nr) {
			uint32_t *merged = xmalloc(st_mult(j->txns.n, sizeof(*merged)));
			size_t a = 0, b = np, k = 0;
			while (a < np && b < j->txns.n)
				merged[k++] = cmp_txn_date(&order[a], &order[b]) <= 0 ? order[a++] : order[b++];
			while (a < np)
				merged[k++] = order[a++];
			while (b < j->txns.n)
				merged[k++] = order[b++];
			free(order);
			order = merged;
		}
		sort_j = NULL;
	}
	*order_out = order;
}

const char *journal_source_line(struct journal *j, uint32_t file, uint32_t line, size_t *len)
{
	return source_line(j, file, line, len);
}

const char *journal_source(const struct journal *j, uint32_t file, size_t *len)
{
	const struct journal_private *jp = (const struct journal_private *)j;
	if (file >= jp->sources.n)
		return NULL;
	*len = jp->sources.v[file].len;
	return jp->sources.v[file].data;
}

bool journal_is_party(const struct journal *j, uint32_t id)
{
	const struct account *a = &j->accounts.v[id];
	return (a->role == ROLE_RECEIVABLE || a->role == ROLE_PAYABLE) && a->role_account != id;
}

uint32_t journal_find_role(const struct journal *j, enum account_role r)
{
	for (size_t i = 0; i < j->accounts.n; i++)
		if (j->accounts.v[i].own_role == r)
			return (uint32_t)i;
	return NO_ID;
}

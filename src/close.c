/*
 * close.c - closing a period (close.h, formats/close.md).
 */
#include "compat.h"
#include "close.h"
#include "bookfiles.h"
#include "amount.h"
#include "error.h"
#include "fsutil.h"
#include "history.h"
#include "mreport.h"
#include "openitems.h"
#include "sha256.h"
#include "util/xalloc.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONVERSION_ACCOUNT "Equity:Conversion"

static void relative_path(struct strbuf *out, const char *from, const char *to);

/* ------------------------------------------------------------------ */
/* which accounts are income and expenses */

static bool top_name_is(const char *name, const char *const *words, size_t n)
{
	size_t len = strcspn(name, ":");
	for (size_t k = 0; k < n; k++)
		if (strlen(words[k]) == len && !strncasecmp(name, words[k], len))
			return true;
	return false;
}

/* The `type:` tag of the account or its nearest ancestor that has one, or NULL. */
static const char *account_type(const struct journal *j, uint32_t a)
{
	for (; a != NO_ID; a = j->accounts.v[a].parent) {
		const char *t = journal_account_tag(j, a, "type");
		if (t)
			return t;
	}
	return NULL;
}

bool close_is_pl(const struct journal *j, uint32_t account)
{
	static const char *const pl_words[] = { "income", "incomes", "revenue", "revenues",
						"expense", "expenses" };
	const struct account *a = &j->accounts.v[account];
	if (a->role == ROLE_RETAINED)
		return false;
	const char *type = account_type(j, account);
	if (type)
		return !strcasecmp(type, "R") || !strcasecmp(type, "X") ||
		       !strcasecmp(type, "Revenue") || !strcasecmp(type, "Expense");
	switch (a->role) {
	case ROLE_WRITEOFF: case ROLE_DISCOUNT: case ROLE_CHARGES: case ROLE_FX: case ROLE_FEES:
	case ROLE_INTEREST: case ROLE_DISCOUNT_RECEIVED: case ROLE_INCOME:
		return true;
	default:
		break;
	}
	return top_name_is(journal_account_name(j, account), pl_words, ARRAY_SIZE(pl_words));
}

/* ------------------------------------------------------------------ */
/* balances through a date: per account, a short chain of commodities */

struct bal {
	uint32_t commodity, next;
	struct dec v;
};

struct balances {
	uint32_t *head; /* per account: first entry, or NO_ID */
	VEC(struct bal) e;
};

static void balances_add(struct balances *b, uint32_t account, uint32_t commodity,
			 const struct dec *v)
{
	uint32_t i = b->head[account];
	while (i != NO_ID && b->e.v[i].commodity != commodity)
		i = b->e.v[i].next;
	if (i == NO_ID) {
		struct bal *n = VEC_GROW(&b->e);
		n->commodity = commodity;
		n->next = b->head[account];
		dec_init(&n->v);
		i = b->head[account] = (uint32_t)(b->e.n - 1);
	}
	dec_add(&b->e.v[i].v, &b->e.v[i].v, v);
}

/* No balances yet. */
static void balances_init(struct balances *b, const struct journal *j)
{
	b->head = xmalloc((j->accounts.n ? j->accounts.n : 1) * sizeof(uint32_t));
	for (size_t a = 0; a < j->accounts.n; a++)
		b->head[a] = NO_ID;
	b->e.v = NULL;
	b->e.n = b->e.alloc = 0;
}

/* The balances through a date. */
static void balances_compute(struct balances *b, const struct journal *j, clerk_date through)
{
	balances_init(b, j);
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date > through)
			continue;
		for (uint32_t k = 0; k < tx->nposting; k++) {
			const struct posting *p = &j->postings.v[tx->first_posting + k];
			balances_add(b, p->account, p->commodity, &p->amount);
		}
	}
}

static void balances_release(struct balances *b)
{
	for (size_t i = 0; i < b->e.n; i++)
		dec_clear(&b->e.v[i].v);
	VEC_FREE(&b->e);
	free(b->head);
}

/* The entries of account a sorted by commodity symbol (caller frees). */
static uint32_t *account_entries(const struct balances *b, const struct journal *j, uint32_t a,
				 size_t *n)
{
	size_t c = 0;
	for (uint32_t i = b->head[a]; i != NO_ID; i = b->e.v[i].next)
		c++;
	uint32_t *v = xmalloc((c ? c : 1) * sizeof(*v));
	c = 0;
	for (uint32_t i = b->head[a]; i != NO_ID; i = b->e.v[i].next) {
		size_t k = c++;
		const char *sym = commodity_symbol(&j->commodities, b->e.v[i].commodity);
		while (k && strcmp(commodity_symbol(&j->commodities, b->e.v[v[k - 1]].commodity), sym) > 0) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = i;
	}
	*n = c;
	return v;
}

/* ------------------------------------------------------------------ */
/* the movements carried whole (formats/close.md, "Movements carried whole") */

/* A party account, commodity and invoice (NULL: on account) a carried movement posted on. */
struct csum {
	uint32_t account, commodity;
	const char *invoice;
};

struct carry {
	bool *txn;              /* per transaction: carried whole (into the history file) */
	VEC(struct csum) party; /* the keys they touched: sorted, each once */
};

static int csum_key_cmp(uint32_t a1, uint32_t c1, const char *i1, const struct csum *y)
{
	if (a1 != y->account)
		return a1 < y->account ? -1 : 1;
	if (c1 != y->commodity)
		return c1 < y->commodity ? -1 : 1;
	if (!i1 || !y->invoice)
		return (y->invoice == NULL) - (i1 == NULL);
	return strcmp(i1, y->invoice);
}

static int csum_cmp(const void *x, const void *y)
{
	const struct csum *a = x;
	return csum_key_cmp(a->account, a->commodity, a->invoice, y);
}

/* The first entry not before the key (the entries' count when none). */
static size_t csum_lower(const struct carry *c, uint32_t account, uint32_t commodity,
			 const char *invoice)
{
	size_t lo = 0, hi = c->party.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (csum_key_cmp(account, commodity, invoice, &c->party.v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether a movement carried whole posted on the key (it touched the item). */
static bool carried_touched(const struct carry *c, uint32_t account, uint32_t commodity,
			    const char *invoice)
{
	size_t i = csum_lower(c, account, commodity, invoice);
	return i < c->party.n && !csum_key_cmp(account, commodity, invoice, &c->party.v[i]);
}

/* Whether party posting p opens its item (as openitems counts it). */
static bool opens_item(const struct journal *j, const struct openitems *oi, const struct posting *p,
		       uint32_t inv_id, uint32_t match_id)
{
	const char *inv = inv_id != NO_ID ? journal_posting_tag_id(j, p, inv_id) : NULL;
	if (!inv || !*inv)
		return false;
	int sgn = dec_sgn(&p->amount);
	uint8_t role = openitems_party(oi, openitems_party_of(oi, p->account))->role;
	if (role == ROLE_RECEIVABLE ? sgn <= 0 : sgn >= 0)
		return false;
	const char *how = match_id != NO_ID ? journal_posting_tag_id(j, p, match_id) : NULL;
	return !(how && (!strcmp(how, "reversal") || !strcmp(how, "netted")));
}

/*
 * A bank movement of the last CLOSE_MOVEMENT_DAYS days through D (a bank
 * posting with `bank-id:`) that cleared, paid on account or reopened
 * something on a party account and opened no item there.
 */
struct carry_ids {
	uint32_t bank_id, inv_id, match_id;
};

static bool carried_whole(const struct journal *j, const struct openitems *oi,
			  const struct txn *tx, clerk_date through, const struct carry_ids *ids)
{
	uint32_t bank_id = ids->bank_id, inv_id = ids->inv_id, match_id = ids->match_id;
	if (bank_id == NO_ID || tx->date > through || tx->date + CLOSE_MOVEMENT_DAYS <= through)
		return false;
	bool bank = false, party = false;
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		if (j->accounts.v[p->account].role == ROLE_BANK && p->extra != NO_ID &&
		    journal_posting_tag_id(j, p, bank_id))
			bank = true;
		if (openitems_party_of(oi, p->account) == NO_ID)
			continue;
		if (opens_item(j, oi, p, inv_id, match_id))
			return false;
		party = true;
	}
	return bank && party;
}

/* The keys (account, commodity, invoice) of the carried transactions' postings on party accounts. */
static void carry_party_keys(struct carry *c, const struct journal *j, const struct openitems *oi)
{
	uint32_t inv_id = journal_tag_id(j, "invoice");
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		for (uint32_t k = 0; c->txn[t] && k < tx->nposting; k++) {
			const struct posting *p = &j->postings.v[tx->first_posting + k];
			if (openitems_party_of(oi, p->account) == NO_ID)
				continue;
			const char *inv = inv_id != NO_ID ? journal_posting_tag_id(j, p, inv_id) : NULL;
			struct csum *e = VEC_GROW(&c->party);
			e->account = p->account;
			e->commodity = p->commodity;
			e->invoice = inv && *inv ? inv : NULL;
		}
	}
	if (c->party.n > 1)
		qsort(c->party.v, c->party.n, sizeof(*c->party.v), csum_cmp);
	size_t w = 0;
	for (size_t r = 0; r < c->party.n; r++)
		if (!w || csum_cmp(&c->party.v[w - 1], &c->party.v[r]))
			c->party.v[w++] = c->party.v[r];
	c->party.n = w;
}

/*
 * Chooses the movements carried whole (none without a history file to
 * carry them in: then every movement is carried as its identities only)
 * and the keys of their postings on party accounts, which tell the items
 * they touched. The opening holds their effect like any other transaction's.
 */
static void carry_build(struct carry *c, const struct journal *j, const struct openitems *oi,
			clerk_date through, bool history)
{
	struct carry_ids ids = { journal_tag_id(j, "bank-id"), journal_tag_id(j, "invoice"),
				 journal_tag_id(j, "match") };
	c->txn = xcalloc(j->txns.n ? j->txns.n : 1, sizeof(*c->txn));
	for (size_t t = 0; history && t < j->txns.n; t++)
		c->txn[t] = carried_whole(j, oi, &j->txns.v[t], through, &ids);
	c->party.v = NULL;
	c->party.n = c->party.alloc = 0;
	carry_party_keys(c, j, oi);
}

static void carry_release(struct carry *c)
{
	VEC_FREE(&c->party);
	free(c->txn);
}

/* ------------------------------------------------------------------ */
/* checks before closing */

/* Whether transaction tx has a posting on a party account (its tags may go onto an item's posting). */
static bool touches_party(const struct journal *j, const struct txn *tx)
{
	for (uint32_t k = 0; k < tx->nposting; k++)
		if (journal_is_party(j, j->postings.v[tx->first_posting + k].account))
			return true;
	return false;
}

/*
 * A transaction-level tag of an item's transaction is written on the item's
 * posting in the new root, where hledger would read '[2' or 'date: 5' in it
 * as the posting's date (which Clerk refuses): such books are refused first.
 */
static void precheck_item_tags(struct journal *j, struct diag *d)
{
	struct strbuf tag = STRBUF_INIT;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (!tx->ntags || !touches_party(j, tx))
			continue;
		for (uint32_t k = 0; k < tx->ntags; k++) {
			const struct tag *g = &j->tags.v[tx->tags_start + k];
			bool bracket;
			strbuf_reset(&tag);
			strbuf_addf(&tag, "%s: %s", journal_tag_name(j, g->name), g->value);
			const char *at = journal_posting_date_at(tag.buf, tag.len, &bracket);
			if (!at)
				continue;
			size_t len;
			const char *line = journal_source_line(j, tx->file, g->line, &len);
			struct srcloc loc = { j->files.v[tx->file].path, g->line, 1 };
			diag_add(d, DIAG_ERROR, &loc, line, len,
				 "tag '%s' cannot be carried onto a posting of the new books: there "
				 "hledger would read '%s' as the posting's date (rename it before the close)",
				 tag.buf, bracket ? "[" : "date:");
		}
	}
	strbuf_release(&tag);
}

int close_precheck(struct journal *j, clerk_date through, struct diag *d)
{
	uint32_t r = journal_find_role(j, ROLE_RETAINED);
	struct srcloc loc = { j->files.v[0].path, 0, 0 };
	if (r == NO_ID)
		diag_add(d, DIAG_ERROR, &loc, NULL, 0,
			 "no account has 'role: retained' (the retained earnings the period's income "
			 "and expenses are closed to)");
	int y, m, dd;
	date_to_ymd(through + 1, &y, &m, &dd);
	if (y > 9999)
		diag_add(d, DIAG_ERROR, &loc, NULL, 0,
			 "the new books would start after 9999-12-31, which no journal can hold");
	precheck_item_tags(j, d);
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date <= through || j->files.v[tx->file].batch)
			continue;
		char day[11];
		date_format(through, day);
		size_t len;
		const char *line = journal_source_line(j, tx->file, tx->line, &len);
		loc = (struct srcloc){ j->files.v[tx->file].path, tx->line, 1 };
		diag_add(d, DIAG_ERROR, &loc, line, len,
			 "a transaction dated after %s: the books closed through %s may hold nothing "
			 "later (post it to the new books after the close)",
			 day, day);
		break;
	}
	return d->nerrors ? CLERK_EINVALID : 0;
}

uint32_t close_find_closing(const struct journal *j, clerk_date through)
{
	uint32_t id = journal_tag_id(j, "clerk-close");
	if (id == NO_ID)
		return NO_ID;
	char day[11];
	date_format(through, day);
	for (size_t t = j->txns.n; t-- > 0;) {
		const char *v = journal_txn_tag_id(j, &j->txns.v[t], id);
		if (v && !strcmp(v, day))
			return (uint32_t)t;
	}
	return NO_ID;
}

/* The latest closing transaction among the first n transactions of j, or NO_ID. */
static uint32_t latest_closing(const struct journal *j, size_t n, clerk_date *through)
{
	uint32_t id = journal_tag_id(j, "clerk-close"), best = NO_ID;
	for (size_t t = 0; id != NO_ID && t < n; t++) {
		const char *v = journal_txn_tag_id(j, &j->txns.v[t], id);
		clerk_date d = v ? date_parse_iso(v) : DATE_NONE;
		if (d != DATE_NONE && (best == NO_ID || d > *through)) {
			best = (uint32_t)t;
			*through = d;
		}
	}
	return best;
}

int close_check_batch(struct journal *j, size_t first_txn, struct diag *d)
{
	clerk_date through = DATE_NONE;
	uint32_t closing = latest_closing(j, first_txn < j->txns.n ? first_txn : j->txns.n, &through);
	if (closing == NO_ID)
		return 0;
	size_t before = d->nerrors;
	const struct txn *ct = &j->txns.v[closing];
	char day[11], when[11];
	date_format(through, day);
	for (size_t t = first_txn; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date > through)
			continue;
		size_t len;
		const char *line = journal_source_line(j, tx->file, tx->line, &len);
		struct srcloc loc = { j->files.v[tx->file].path, tx->line, 1 };
		date_format(tx->date, when);
		diag_add(d, DIAG_ERROR, &loc, line, len,
			 "a transaction dated %s: the books were closed through %s (%s:%u), and a "
			 "closed period is sealed; post it to the new books",
			 when, day, j->files.v[ct->file].path, ct->line);
	}
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

/* ------------------------------------------------------------------ */
/* the closing transaction */

static void posting_line(struct strbuf *out, const struct journal *j, const char *account,
			 uint32_t commodity, const struct dec *v)
{
	strbuf_addstr(out, "    ");
	strbuf_addstr(out, account);
	strbuf_addstr(out, "  ");
	amount_format(out, &j->commodities, commodity, v);
}

int close_new_root_path(struct strbuf *out, const char *books, const char *newroot)
{
	struct strbuf d1 = STRBUF_INIT, d2 = STRBUF_INIT, c1 = STRBUF_INIT, c2 = STRBUF_INIT;
	int error;
	fsutil_dirname(&d1, books);
	fsutil_dirname(&d2, newroot);
	if (!(error = fsutil_canonical(&c1, d1.buf)) && !(error = fsutil_canonical(&c2, d2.buf))) {
		const char *base = strrchr(newroot, '/');
		strbuf_addstr(&c1, strcmp(c1.buf, "/") ? "/posted" : "posted");
		strbuf_addf(&c2, "%s%s", strcmp(c2.buf, "/") ? "/" : "", base ? base + 1 : newroot);
		relative_path(out, c1.buf, c2.buf);
		if (strpbrk(out->buf, ",\n\r\t"))
			error = clerk_error_set(CLERK_EINVALID,
						"cannot record the new root '%s' in the closing transaction: "
						"its path has a comma or a control character, which a tag "
						"cannot hold",
						newroot);
	}
	strbuf_release(&d1);
	strbuf_release(&d2);
	strbuf_release(&c1);
	strbuf_release(&c2);
	return error;
}

void close_closing_text(struct strbuf *out, const struct journal *j, clerk_date through)
{
	close_closing_text_to(out, j, through, NULL);
}

/* Nothing to carry: two zero postings on the retained account keep a transaction one. */
static void write_zero_postings(struct strbuf *out, const struct journal *j)
{
	const char *r = journal_account_name(j, journal_find_role(j, ROLE_RETAINED));
	strbuf_addf(out, "    %s  0\n    %s  0\n", r, r);
}

void close_closing_text_to(struct strbuf *out, const struct journal *j, clerk_date through,
			   const char *new_root)
{
	struct balances b;
	balances_compute(&b, j, through);
	uint32_t retained = journal_find_role(j, ROLE_RETAINED);
	struct dec *sum = xcalloc(j->commodities.n ? j->commodities.n : 1, sizeof(*sum));
	bool *seen = xcalloc(j->commodities.n ? j->commodities.n : 1, sizeof(*seen));
	struct strbuf lines = STRBUF_INIT;
	struct dec neg = DEC_INIT;
	for (uint32_t a = 0; a < j->accounts.n; a++) {
		if (!close_is_pl(j, a))
			continue;
		size_t n;
		uint32_t *es = account_entries(&b, j, a, &n);
		for (size_t k = 0; k < n; k++) {
			const struct bal *e = &b.e.v[es[k]];
			if (dec_is_zero(&e->v))
				continue;
			dec_neg(&neg, &e->v);
			posting_line(&lines, j, journal_account_name(j, a), e->commodity, &neg);
			strbuf_addch(&lines, '\n');
			if (!seen[e->commodity])
				dec_init(&sum[e->commodity]);
			seen[e->commodity] = true;
			dec_add(&sum[e->commodity], &sum[e->commodity], &e->v);
		}
		free(es);
	}
	char day[11];
	date_format(through, day);
	strbuf_addf(out, "%s * Closing the period through %s: %s  ; clerk-close: %s", day, day,
		    lines.len ? "income and expenses to retained earnings"
			      : "no income or expenses to carry",
		    day);
	if (new_root)
		strbuf_addf(out, ", clerk-new-root: %s", new_root);
	strbuf_addch(out, '\n');
	if (!lines.len) {
		write_zero_postings(out, j); /* it still seals the books */
	} else {
		strbuf_add(out, lines.buf, lines.len);
		/* per commodity, in symbol order */
		for (;;) {
			uint32_t best = NO_ID;
			for (uint32_t c = 0; c < j->commodities.n; c++)
				if (seen[c] && (best == NO_ID || strcmp(commodity_symbol(&j->commodities, c),
									commodity_symbol(&j->commodities, best)) < 0))
					best = c;
			if (best == NO_ID)
				break;
			seen[best] = false;
			if (!dec_is_zero(&sum[best])) {
				posting_line(out, j, journal_account_name(j, retained), best, &sum[best]);
				strbuf_addch(out, '\n');
			}
			dec_clear(&sum[best]);
		}
	}
	dec_clear(&neg);
	strbuf_release(&lines);
	free(sum);
	free(seen);
	balances_release(&b);
}

/* ------------------------------------------------------------------ */
/* the new root: declarations */

static void write_tag_lines(struct strbuf *out, const struct journal *j, uint32_t start, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct tag *t = &j->tags.v[start + k];
		strbuf_addf(out, "    ; %s: %s\n", journal_tag_name(j, t->name), t->value);
	}
}

/*
 * "1,000" with a group mark and no decimals reads as ambiguous: the sample
 * is written "1,000." (the decimal mark after the last digit from at on),
 * as the directive that declared it was.
 */
static void mark_no_decimals(struct strbuf *out, size_t at, char mark)
{
	size_t last = out->len;
	for (size_t i = at; i < out->len; i++)
		if (out->buf[i] >= '0' && out->buf[i] <= '9')
			last = i + 1;
	if (last == out->len) {
		strbuf_addch(out, mark);
		return;
	}
	strbuf_addch(out, 0); /* grow by one, then open a gap at last */
	memmove(out->buf + last + 1, out->buf + last, out->len - 1 - last);
	out->buf[last] = mark;
}

static void write_commodities(struct strbuf *out, const struct journal *j)
{
	struct dec thousand = DEC_INIT;
	dec_set_i64(&thousand, 1000, 0);
	for (uint32_t c = 0; c < j->commodities.n; c++) {
		const struct commodity *cm = &j->commodities.v[c];
		/* an undeclared one only where its amounts would read as ambiguous ("10.000 EUR") */
		if (!cm->declared && !(cm->mark && (cm->precision == 3 || (cm->precision <= 0 && cm->group))))
			continue;
		strbuf_addstr(out, "commodity ");
		size_t at = out->len;
		amount_format(out, &j->commodities, c, &thousand);
		if (cm->precision <= 0 && cm->group && cm->mark)
			mark_no_decimals(out, at, cm->mark);
		strbuf_addch(out, '\n');
	}
	dec_clear(&thousand);
}

static int cmp_decl(const void *x, const void *y, const struct journal *j)
{
	const struct account *a = &j->accounts.v[*(const uint32_t *)x];
	const struct account *b = &j->accounts.v[*(const uint32_t *)y];
	if (a->decl_file != b->decl_file)
		return a->decl_file < b->decl_file ? -1 : 1;
	if (a->decl_line != b->decl_line)
		return a->decl_line < b->decl_line ? -1 : 1;
	return 0;
}

/* Declared accounts in the order of their declarations, each with its tags. */
static void write_accounts(struct strbuf *out, const struct journal *j)
{
	VEC(uint32_t) ids = VEC_INIT;
	for (uint32_t a = 0; a < j->accounts.n; a++)
		if (j->accounts.v[a].declared)
			VEC_PUSH(&ids, a);
	/* a small insertion sort keeps this free of qsort_r portability */
	for (size_t i = 1; i < ids.n; i++) {
		uint32_t v = ids.v[i];
		size_t k = i;
		while (k && cmp_decl(&ids.v[k - 1], &v, j) > 0) {
			ids.v[k] = ids.v[k - 1];
			k--;
		}
		ids.v[k] = v;
	}
	for (size_t i = 0; i < ids.n; i++) {
		const struct account *a = &j->accounts.v[ids.v[i]];
		strbuf_addf(out, "account %s\n", journal_account_name(j, ids.v[i]));
		write_tag_lines(out, j, a->tags_start, a->ntags);
	}
	VEC_FREE(&ids);
}

/* ------------------------------------------------------------------ */
/* market prices */

static const struct price *price_sort_v; /* the prices qsort compares (no qsort_r) */

/* By pair (commodity, price's commodity), then date, then the order read. */
static int cmp_price_index(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	const struct price *p = &price_sort_v[a], *q = &price_sort_v[b];
	if (p->commodity != q->commodity)
		return p->commodity < q->commodity ? -1 : 1;
	if (p->price.commodity != q->price.commodity)
		return p->price.commodity < q->price.commodity ? -1 : 1;
	if (p->date != q->date)
		return p->date < q->date ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * The `P` directives the new books need to value amounts as the old books
 * do after D: of each pair the last price dated through D (the one hledger
 * and ledger use from D on, the last read among those of its date), and
 * every price dated after D, in the order they were read (formats/close.md).
 */
static void write_prices(struct strbuf *out, const struct journal *j, clerk_date through)
{
	size_t n = j->prices.n;
	if (!n)
		return;
	uint32_t *ix = xcalloc(n, sizeof(*ix));
	bool *keep = xcalloc(n, sizeof(*keep));
	for (size_t i = 0; i < n; i++)
		ix[i] = (uint32_t)i;
	price_sort_v = j->prices.v;
	qsort(ix, n, sizeof(*ix), cmp_price_index);
	price_sort_v = NULL;
	for (size_t k = 0; k < n; k++) {
		const struct price *p = &j->prices.v[ix[k]];
		const struct price *next = k + 1 < n ? &j->prices.v[ix[k + 1]] : NULL;
		bool last_of_pair = !next || next->commodity != p->commodity ||
				    next->price.commodity != p->price.commodity || next->date > through;
		keep[ix[k]] = p->date > through || last_of_pair;
	}
	strbuf_addstr(out, "; market prices: the last of each pair through the close, and those after it\n");
	for (size_t i = 0; i < n; i++) {
		const struct price *p = &j->prices.v[i];
		if (!keep[i])
			continue;
		char date[11];
		date_format(p->date, date);
		const char *sym = commodity_symbol(&j->commodities, p->commodity);
		bool quote = commodity_needs_quotes(sym);
		strbuf_addf(out, "P %s %s%s%s ", date, quote ? "\"" : "", sym, quote ? "\"" : "");
		amount_format_scale(out, &j->commodities, p->price.commodity, &p->price.qty,
				    dec_needed_scale(&p->price.qty));
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	free(keep);
	free(ix);
}

/* ------------------------------------------------------------------ */
/* the new root: the seal */

/* Appends the path of canonical `to` relative to canonical folder `from`. */
static void relative_path(struct strbuf *out, const char *from, const char *to)
{
	size_t common = 0, i = 0;
	for (; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i;
	if (!from[i] && (to[i] == '/' || !to[i]))
		common = i;
	else if (!strcmp(from, "/"))
		common = 0;
	for (const char *p = from + common; *p; p++)
		if (*p == '/' && p[1])
			strbuf_addstr(out, "../");
	strbuf_addstr(out, to + common + (to[common] == '/'));
}

/* One clerk-seal: tag, kept to be written in the order of the paths. */
struct seal {
	char *rel; /* relative to the new root's folder */
	uint64_t size;
	char hex[SHA256_HEX_LEN + 1];
};

static int cmp_seal(const void *x, const void *y)
{
	return strcmp(((const struct seal *)x)->rel, ((const struct seal *)y)->rel);
}

/*
 * The seal of every file of the books, in the order of their paths (not of
 * their reading: the same whether the books were read before or after the
 * closing transaction was posted).
 */
static int write_seals(struct strbuf *out, const struct journal *j, const char *newroot)
{
	struct strbuf dir = STRBUF_INIT, canon = STRBUF_INIT, rel = STRBUF_INIT;
	struct seal *seals = xcalloc(j->files.n ? j->files.n : 1, sizeof(*seals));
	size_t n = 0;
	int error = 0;
	fsutil_dirname(&dir, newroot);
	if ((error = fsutil_canonical(&canon, dir.buf)))
		goto done;
	for (size_t f = 0; f < j->files.n && !error; f++) {
		const struct journal_file *jf = &j->files.v[f];
		if (jf->batch || !jf->realpath)
			continue; /* not the books' (a batch), or text held in memory (tests) */
		struct seal *sl = &seals[n];
		if ((error = bookfiles_hash_file(&sl->size, sl->hex, jf->realpath))) /* canonical: no link */
			break;
		strbuf_reset(&rel);
		relative_path(&rel, canon.buf, jf->realpath);
		if (strpbrk(rel.buf, ",\n\r\t")) {
			error = clerk_error_set(CLERK_EINVALID,
						"cannot seal '%s': its path has a comma or a control "
						"character, which a tag cannot hold",
						jf->path);
			break;
		}
		sl->rel = strbuf_detach(&rel, NULL);
		n++;
	}
	qsort(seals, n, sizeof(*seals), cmp_seal);
	for (size_t i = 0; i < n && !error; i++)
		strbuf_addf(out, "    ; clerk-seal: %llu %s %s\n", (unsigned long long)seals[i].size,
			    seals[i].hex, seals[i].rel);
done:
	for (size_t i = 0; i < n; i++)
		free(seals[i].rel);
	free(seals);
	strbuf_release(&dir);
	strbuf_release(&canon);
	strbuf_release(&rel);
	return error;
}

/* ------------------------------------------------------------------ */
/* the new root: the opening transaction */

/* Tags never carried on an item's posting: written from the item itself, or the bank's. */
static bool skip_tag(const char *name)
{
	static const char *const skip[] = {
		"invoice", "due", "ref", "dispute", "item-date", "match", "statement",
		"statement-kind", "statement-seq", "bank-id", "bank-ref", "bank-code", "value-date",
		"rule", "items", "unapplied", "dunning-notice", "dunned", "dunning-level",
		"interest-until", "reversal", "unexplained",
	};
	if (!strncmp(name, "clerk-", 6))
		return true;
	for (size_t k = 0; k < ARRAY_SIZE(skip); k++)
		if (!strcmp(name, skip[k]))
			return true;
	return false;
}

static void add_tags_from(struct strbuf *out, const struct journal *j, uint32_t start, uint32_t n,
			  const struct posting *p, bool txn_level)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct tag *t = &j->tags.v[start + k];
		const char *name = journal_tag_name(j, t->name);
		if (skip_tag(name))
			continue;
		/* a transaction's tag the posting itself overrides is not repeated */
		if (txn_level && p->extra != NO_ID) {
			const struct posting_extra *x = &j->extras.v[p->extra];
			bool own = false;
			for (uint32_t m = 0; m < x->ntags && !own; m++)
				own = j->tags.v[x->tags_start + m].name == t->name;
			if (own)
				continue;
		}
		strbuf_addf(out, ", %s: %s", name, t->value);
	}
}

/* The other tags of an item's first opening posting and of its transaction. */
static void item_other_tags(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			    size_t i)
{
	const struct openitem *it = openitems_item(oi, i);
	const struct txn *tx = &j->txns.v[it->opening_txn];
	size_t n;
	const uint32_t *ps = openitems_item_postings(oi, i, &n);
	for (size_t k = 0; k < n; k++) {
		const struct posting *p = &j->postings.v[ps[k]];
		if (p->txn != it->opening_txn)
			continue;
		if (p->extra != NO_ID) {
			const struct posting_extra *x = &j->extras.v[p->extra];
			add_tags_from(out, j, x->tags_start, x->ntags, p, false);
		}
		add_tags_from(out, j, tx->tags_start, tx->ntags, p, true);
		return;
	}
}

/* Owed-positive v as the journal's sign on a party account of role. */
static void journal_sign(struct dec *out, const struct dec *v, uint8_t role)
{
	if (role == ROLE_RECEIVABLE)
		dec_set(out, v);
	else
		dec_neg(out, v);
}

/* What the opening transaction's postings weigh, per commodity (to balance it). */
struct weights {
	struct dec *total;
	bool *seen;
};

static void weigh(struct weights *w, uint32_t commodity, const struct dec *v)
{
	if (!w->seen[commodity])
		dec_init(&w->total[commodity]);
	w->seen[commodity] = true;
	dec_add(&w->total[commodity], &w->total[commodity], v);
}

/* The `@` unit cost an item was opened at (its first opening posting with one), or NULL. */
static const struct posting_aux *item_unit_cost(const struct journal *j, const struct openitems *oi,
						size_t i)
{
	size_t n;
	const uint32_t *ps = openitems_item_postings(oi, i, &n);
	for (size_t k = 0; k < n; k++) {
		const struct posting *p = &j->postings.v[ps[k]];
		if (!(p->flags & POSTING_COST))
			continue;
		const struct posting_aux *a = &j->aux.v[j->extras.v[p->extra].aux];
		if (!a->cost_total)
			return a;
	}
	return NULL;
}

/* One line of an item: v on the party account, at the item's unit cost when it has one. */
static void item_line(struct strbuf *out, const struct journal *j, const char *acc, uint32_t com,
		      const struct dec *v, const struct posting_aux *cost, struct weights *w)
{
	posting_line(out, j, acc, com, v);
	if (!cost) {
		weigh(w, com, v);
		return;
	}
	struct dec x = DEC_INIT;
	strbuf_addstr(out, " @ ");
	amount_format(out, &j->commodities, cost->cost_commodity, &cost->cost);
	if (dec_mul(&x, v, &cost->cost))
		BUG("exact decimal product failed");
	weigh(w, cost->cost_commodity, &x);
	dec_clear(&x);
}

/* Appends lead and value (strbuf_addf() costs a tenth of a close on large books). */
static void add_tag(struct strbuf *out, const char *lead, const char *value)
{
	strbuf_addstr(out, lead);
	strbuf_addstr(out, value);
}

static void write_item(struct strbuf *out, const struct journal *j, const struct openitems *oi,
		       size_t i, struct weights *w)
{
	const struct openitem *it = openitems_item(oi, i);
	const struct openitems_party *party = openitems_party(oi, it->party);
	const char *acc = journal_account_name(j, it->account);
	const struct posting_aux *cost = item_unit_cost(j, oi, i);
	struct dec v = DEC_INIT, red = DEC_INIT;
	char day[11];
	journal_sign(&v, &it->amount, party->role);
	item_line(out, j, acc, it->commodity, &v, cost, w);
	date_format(it->date, day);
	add_tag(out, "  ; invoice: ", it->invoice);
	add_tag(out, ", item-date: ", day);
	if (it->due_source == DUE_FROM_TAG) {
		date_format(it->due, day);
		add_tag(out, ", due: ", day);
	}
	if (it->ref)
		add_tag(out, ", ref: ", it->ref);
	if (it->dispute)
		add_tag(out, ", dispute: ", it->dispute);
	item_other_tags(out, j, oi, i);
	strbuf_addch(out, '\n');
	/* the reduction: what was paid, credited or written off */
	dec_sub(&red, &it->open, &it->amount);
	journal_sign(&v, &red, party->role);
	if (!dec_is_zero(&v)) {
		item_line(out, j, acc, it->commodity, &v, cost, w);
		date_format(it->last_date, day);
		add_tag(out, "  ; invoice: ", it->invoice);
		add_tag(out, ", item-date: ", day);
		strbuf_addch(out, '\n');
	}
	dec_clear(&v);
	dec_clear(&red);
}

/* Unapplied money of a party account: on account, then per unknown invoice. */
struct party_index;
static size_t first_unknown(const struct party_index *x, uint32_t account);
static void write_unapplied(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			    const struct party_index *px, uint32_t account, uint32_t commodity,
			    uint8_t role, struct weights *w)
{
	const struct openitems_unapplied *u = openitems_find_unapplied(oi, account, commodity);
	struct dec v = DEC_INIT;
	char day[11];
	if (u)
		journal_sign(&v, &u->on_account, role);
	if (!dec_is_zero(&v)) {
		posting_line(out, j, journal_account_name(j, account), commodity, &v);
		weigh(w, commodity, &v);
		strbuf_addch(out, '\n');
	}
	for (size_t k = first_unknown(px, account); k < openitems_unknown_count(oi); k++) {
		const struct openitems_unknown *x = openitems_unknown(oi, k);
		if (x->account != account)
			break;
		if (x->commodity != commodity)
			continue;
		journal_sign(&v, &x->amount, role);
		if (dec_is_zero(&v))
			continue;
		posting_line(out, j, journal_account_name(j, account), commodity, &v);
		weigh(w, commodity, &v);
		date_format(x->date, day);
		strbuf_addf(out, "  ; invoice: %s, item-date: %s\n", x->invoice, day);
	}
	dec_clear(&v);
}

/* Per party account, the first of its items and unknown numbers (both are sorted by account). */
struct party_index {
	uint32_t *first_item, *first_unknown; /* per journal account, or NO_ID */
};

static void party_index_build(struct party_index *x, const struct journal *j,
			      const struct openitems *oi)
{
	size_t n = j->accounts.n ? j->accounts.n : 1;
	x->first_item = xmalloc(n * sizeof(uint32_t));
	x->first_unknown = xmalloc(n * sizeof(uint32_t));
	for (size_t a = 0; a < n; a++)
		x->first_item[a] = x->first_unknown[a] = NO_ID;
	for (size_t i = openitems_count(oi); i-- > 0;)
		x->first_item[openitems_item(oi, i)->account] = (uint32_t)i;
	for (size_t i = openitems_unknown_count(oi); i-- > 0;)
		x->first_unknown[openitems_unknown(oi, i)->account] = (uint32_t)i;
}

static size_t first_unknown(const struct party_index *x, uint32_t account)
{
	return x->first_unknown[account];
}

static void party_index_release(struct party_index *x)
{
	free(x->first_item);
	free(x->first_unknown);
}

/* A party account's balance in one commodity as its items and unapplied money. */
static void write_party(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			const struct party_index *x, uint32_t account, uint32_t commodity,
			struct weights *w)
{
	uint32_t pi = openitems_party_of(oi, account);
	const struct openitems_party *party = openitems_party(oi, pi);
	for (size_t i = x->first_item[account]; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (it->account != account)
			break;
		if (it->commodity == commodity && !dec_is_zero(&it->open))
			write_item(out, j, oi, i, w);
	}
	write_unapplied(out, j, oi, x, account, commodity, party->role, w);
}

/*
 * The items settled in the last CLOSE_SETTLED_DAYS days through D, and
 * those a movement carried whole touched, each as its amount and its
 * reduction (nothing owed): clerk receive still finds a vendor's bill
 * number received before, clerk invoice the highest number of its series.
 * With hist, a receivable item goes to the history file instead, and its
 * index to moved (formats/close.md, "Settled items: the history file");
 * the vendors' bills stay in the opening.
 */
static void write_settled(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			  const struct carry *c, clerk_date through, struct weights *w,
			  struct close_history *hist, u32_vec *moved)
{
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (!dec_is_zero(&it->open) || dec_is_zero(&it->amount))
			continue;
		bool touched = carried_touched(c, it->account, it->commodity, it->invoice);
		if (!touched && it->date + CLOSE_SETTLED_DAYS <= through)
			continue;
		if (hist && j->accounts.v[it->account].role == ROLE_RECEIVABLE &&
		    history_item_fits(j, oi, i)) {
			write_item(&hist->text, j, oi, i, w);
			VEC_PUSH(moved, (uint32_t)i);
			continue;
		}
		write_item(out, j, oi, i, w);
	}
}

/* The opening transaction's postings: every balance-sheet balance, per commodity. */
static void write_opening_postings(struct strbuf *out, const struct journal *j,
				   const struct balances *b, const struct openitems *oi,
				   struct weights *w)
{
	struct party_index px;
	party_index_build(&px, j, oi);
	for (uint32_t a = 0; a < j->accounts.n; a++) {
		if (close_is_pl(j, a))
			continue;
		size_t n;
		bool party = openitems_party_of(oi, a) != NO_ID;
		uint32_t *es = account_entries(b, j, a, &n);
		for (size_t k = 0; k < n; k++) {
			const struct bal *e = &b->e.v[es[k]];
			if (party) {
				/* even at a zero balance: items offset by money on account */
				write_party(out, j, oi, &px, a, e->commodity, w);
			} else if (!party && !dec_is_zero(&e->v)) {
				posting_line(out, j, journal_account_name(j, a), e->commodity, &e->v);
				weigh(w, e->commodity, &e->v);
				strbuf_addch(out, '\n');
			}
		}
		free(es);
	}
	party_index_release(&px);
}

/* What costs (@, @@) left unbalanced per commodity goes to Equity:Conversion; true when any did. */
static bool write_conversion(struct strbuf *out, const struct journal *j, struct dec *total,
			     bool *seen)
{
	struct dec neg = DEC_INIT;
	bool any = false;
	for (uint32_t c = 0; c < j->commodities.n; c++) {
		if (!seen[c])
			continue;
		if (!dec_is_zero(&total[c])) {
			dec_neg(&neg, &total[c]);
			posting_line(out, j, CONVERSION_ACCOUNT, c, &neg);
			strbuf_addch(out, '\n');
			any = true;
		}
		dec_clear(&total[c]);
	}
	dec_clear(&neg);
	return any;
}

/* ------------------------------------------------------------------ */
/* the new root: the dunning notices later nights read */

static void write_txn_tags(struct strbuf *out, const struct journal *j, uint32_t start, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct tag *t = &j->tags.v[start + k];
		strbuf_addf(out, "%s%s: %s", k ? ", " : "  ; ", journal_tag_name(j, t->name), t->value);
	}
}

/*
 * Whether a notice's postings on party account `account` are carried: the
 * party has an item still open, or the notice is of the last
 * CLOSE_SETTLED_DAYS days (its date is the party's last notice, which the
 * interval to the next one counts from), or it names an item a movement
 * carried whole touched (a return of that movement reopens the item at the
 * level it was last noticed at).
 */
static bool notice_keeps(const struct journal *j, const struct carry *c, const struct txn *tx,
			 uint32_t account, bool open, bool recent, uint32_t dunned_id)
{
	if (open || recent)
		return true;
	for (uint32_t k = 0; dunned_id != NO_ID && k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		const char *inv = p->account == account ? journal_posting_tag_id(j, p, dunned_id) : NULL;
		if (inv && carried_touched(c, account, p->commodity, inv))
			return true;
	}
	return false;
}

/* The zero postings of a notice on the party accounts whose notices are carried (notice_keeps()). */
static void write_notice(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			 const struct carry *c, const struct txn *tx, const bool *open_party,
			 clerk_date through)
{
	struct strbuf body = STRBUF_INIT;
	bool recent = tx->date + CLOSE_SETTLED_DAYS > through;
	uint32_t dunned_id = journal_tag_id(j, "dunned");
	unsigned n = 0;
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		uint32_t pi = openitems_party_of(oi, p->account);
		if (pi == NO_ID || !dec_is_zero(&p->amount) ||
		    !notice_keeps(j, c, tx, p->account, open_party[pi], recent, dunned_id))
			continue;
		posting_line(&body, j, journal_account_name(j, p->account), p->commodity, &p->amount);
		if (p->extra != NO_ID)
			write_txn_tags(&body, j, j->extras.v[p->extra].tags_start,
				       j->extras.v[p->extra].ntags);
		strbuf_addch(&body, '\n');
		n++;
	}
	if (n >= 2) {
		char day[11];
		date_format(tx->date, day);
		strbuf_addf(out, "%s * %s", day, tx->description);
		write_txn_tags(out, j, tx->tags_start, tx->ntags);
		strbuf_addch(out, '\n');
		strbuf_add(out, body.buf, body.len);
		strbuf_addch(out, '\n');
	}
	strbuf_release(&body);
}

/* ------------------------------------------------------------------ */
/* the new root: the bank statements' history */

/* A closing-balance transaction of clerk import: statement tags and a bank posting with an assertion. */
static bool is_statement_record(const struct journal *j, const struct txn *tx, uint32_t kind_id,
				uint32_t stmt_id)
{
	if (!journal_txn_tag_id(j, tx, kind_id) || !journal_txn_tag_id(j, tx, stmt_id))
		return false;
	bool bank_assert = false;
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		if (!dec_is_zero(&p->amount))
			return false;
		if (j->accounts.v[p->account].role == ROLE_BANK && (p->flags & POSTING_ASSERT))
			bank_assert = true;
	}
	return bank_assert;
}

/*
 * A statement recorded in the closed books, as its closing-balance
 * transaction without the assertion (the new books' balance before the
 * opening is zero) and tagged `clerk-carried: statement`: clerk import
 * still finds the statements imported and their last sequence numbers.
 */
static void write_statement(struct strbuf *out, const struct journal *j, const struct txn *tx)
{
	char day[11];
	date_format(tx->date, day);
	strbuf_addf(out, "%s * %s", day, tx->description);
	write_txn_tags(out, j, tx->tags_start, tx->ntags);
	strbuf_addstr(out, tx->ntags ? ", clerk-carried: statement\n" : "  ; clerk-carried: statement\n");
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		posting_line(out, j, journal_account_name(j, p->account), p->commodity, &p->amount);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
}

/* A posting's cost as written (` @ UNIT` or ` @@ TOTAL`, unsigned), when it has one. */
static void write_cost(struct strbuf *out, const struct journal *j, const struct posting *p)
{
	if (!(p->flags & POSTING_COST))
		return;
	const struct posting_aux *a = &j->aux.v[j->extras.v[p->extra].aux];
	struct dec v = DEC_INIT;
	strbuf_addstr(out, a->cost_total ? " @@ " : " @ ");
	dec_abs(&v, &a->cost);
	amount_format(out, &j->commodities, a->cost_commodity, &v);
	dec_clear(&v);
}

/* One posting of a carried transaction as it was: amount, cost and tags (no assertion). */
static void write_carried_posting(struct strbuf *out, const struct journal *j,
				  const struct posting *p)
{
	posting_line(out, j, journal_account_name(j, p->account), p->commodity, &p->amount);
	write_cost(out, j, p);
	if (p->extra != NO_ID)
		write_txn_tags(out, j, j->extras.v[p->extra].tags_start, j->extras.v[p->extra].ntags);
	strbuf_addch(out, '\n');
}

/* A movement carried whole: on its date with its description, tags and postings. */
static void write_whole(struct strbuf *out, const struct journal *j, const struct txn *tx)
{
	char day[11];
	date_format(tx->date, day);
	strbuf_addf(out, "%s * %s", day, tx->description);
	write_txn_tags(out, j, tx->tags_start, tx->ntags);
	strbuf_addstr(out, tx->ntags ? ", clerk-carried: movement\n" : "  ; clerk-carried: movement\n");
	for (uint32_t k = 0; k < tx->nposting; k++)
		write_carried_posting(out, j, &j->postings.v[tx->first_posting + k]);
	strbuf_addch(out, '\n');
}

/*
 * What a movement carried whole posted, taken back out (formats/close.md,
 * "Movements carried whole"): on its date, each posting negated with its
 * cost, tagged `clerk-carried: undo`; a party posting keeps only its
 * `invoice:`, with `match: reversal` (a reduction, as a return writes it:
 * it opens nothing). No `bank-id:` or `end-to-end:`: neither the importer's
 * look-up of movements posted nor its search for a returned payment's
 * original finds it.
 */
static void write_undo(struct strbuf *out, const struct journal *j, const struct openitems *oi,
		       const struct txn *tx, uint32_t inv_id)
{
	struct dec neg = DEC_INIT;
	char day[11];
	date_format(tx->date, day);
	strbuf_addf(out, "%s * %s (folded into the opening)  ; clerk-carried: undo\n", day,
		    tx->description);
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		dec_neg(&neg, &p->amount);
		posting_line(out, j, journal_account_name(j, p->account), p->commodity, &neg);
		write_cost(out, j, p);
		const char *inv = inv_id != NO_ID && openitems_party_of(oi, p->account) != NO_ID
					  ? journal_posting_tag_id(j, p, inv_id)
					  : NULL;
		if (inv && *inv)
			strbuf_addf(out, "  ; invoice: %s, match: reversal", inv);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	dec_clear(&neg);
}

/* Only the identities of a movement's bank postings: each moves its amount and back. */
static void write_identities(struct strbuf *out, const struct journal *j, const struct txn *tx,
			     uint32_t bank_id)
{
	struct dec neg = DEC_INIT;
	char day[11];
	date_format(tx->date, day);
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		if (p->extra == NO_ID || j->accounts.v[p->account].role != ROLE_BANK)
			continue;
		const char *id = journal_posting_tag_id(j, p, bank_id);
		if (!id)
			continue;
		const char *acc = journal_account_name(j, p->account);
		strbuf_addf(out, "%s * bank movement of the closed period  ; clerk-carried: movement\n", day);
		posting_line(out, j, acc, p->commodity, &p->amount);
		strbuf_addf(out, "  ; bank-id: %s\n", id);
		dec_neg(&neg, &p->amount);
		posting_line(out, j, acc, p->commodity, &neg);
		strbuf_addstr(out, "\n\n");
	}
	dec_clear(&neg);
}

struct dated {
	clerk_date date;
	uint32_t txn;
};

static int cmp_dated(const void *x, const void *y)
{
	const struct dated *a = x, *b = y;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->txn < b->txn ? -1 : a->txn > b->txn;
}

/* The transactions through D in date order (the books' order within a day); caller frees. */
static struct dated *dated_through(const struct journal *j, clerk_date through, size_t *n)
{
	struct dated *v = xmalloc((j->txns.n ? j->txns.n : 1) * sizeof(*v));
	size_t c = 0;
	for (size_t t = 0; t < j->txns.n; t++)
		if (j->txns.v[t].date <= through)
			v[c++] = (struct dated){ j->txns.v[t].date, (uint32_t)t };
	if (c > 1 && !j->dates_ordered)
		qsort(v, c, sizeof(*v), cmp_dated);
	*n = c;
	return v;
}

/* Per party: whether it has an item still open. Caller frees. */
static bool *open_parties(const struct openitems *oi)
{
	size_t np = openitems_party_count(oi);
	bool *open_party = xcalloc(np ? np : 1, sizeof(*open_party));
	for (size_t i = 0; i < openitems_count(oi); i++)
		if (!dec_is_zero(&openitems_item(oi, i)->open))
			open_party[openitems_item(oi, i)->party] = true;
	return open_party;
}

/*
 * What later nights need of the closed period's transactions, in date
 * order (so the new root is in date order, as `clerk check --strict`
 * wants):
 *
 * - the dunning notices of the last CLOSE_SETTLED_DAYS days, and older ones
 *   that name a party with an item still open (notice_keeps());
 * - every statement recorded (write_statement());
 * - the bank movements of the last CLOSE_MOVEMENT_DAYS days through D as
 *   their identities, each tagged `clerk-carried: movement` and moving no
 *   balance: clerk import finds them as it finds any movement posted (same
 *   account, identity, date, amount). Those that cleared something on a
 *   party account are also carried whole, in the history file
 *   (write_carried_movements()), so a return of one after the close
 *   reopens what it cleared.
 */
static void write_history(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			  const struct carry *c, clerk_date through)
{
	uint32_t bank_id = journal_tag_id(j, "bank-id"), notice = journal_tag_id(j, "dunning-notice");
	uint32_t kind_id = journal_tag_id(j, "statement-kind"), stmt_id = journal_tag_id(j, "statement");
	bool *open_party = open_parties(oi);
	size_t ntx;
	struct dated *order = dated_through(j, through, &ntx);
	for (size_t i = 0; i < ntx; i++) {
		const struct txn *tx = &j->txns.v[order[i].txn];
		if (notice != NO_ID && journal_txn_tag_id(j, tx, notice))
			write_notice(out, j, oi, c, tx, open_party, through);
		else if (kind_id != NO_ID && stmt_id != NO_ID &&
			 is_statement_record(j, tx, kind_id, stmt_id))
			write_statement(out, j, tx);
		else if (bank_id != NO_ID && tx->date + CLOSE_MOVEMENT_DAYS > through)
			write_identities(out, j, tx, bank_id);
	}
	free(order);
	free(open_party);
}

/*
 * The movements carried whole, for the history file: each as it was
 * (write_whole()) and taken back out (write_undo()), in date order. The
 * opening holds what they posted; the two net to nothing.
 */
static void write_carried_movements(struct strbuf *out, const struct journal *j,
				    const struct openitems *oi, const struct carry *c,
				    clerk_date through)
{
	uint32_t inv_id = journal_tag_id(j, "invoice");
	size_t ntx;
	struct dated *order = dated_through(j, through, &ntx);
	for (size_t i = 0; i < ntx; i++) {
		if (!c->txn[order[i].txn])
			continue;
		write_whole(out, j, &j->txns.v[order[i].txn]);
		write_undo(out, j, oi, &j->txns.v[order[i].txn], inv_id);
	}
	free(order);
}

/* Whether transaction text has a posting line (indented, not a comment). */
static bool has_posting(const char *text)
{
	for (const char *p = strstr(text, "\n    "); p; p = strstr(p + 1, "\n    "))
		if (p[5] != ';')
			return true;
	return false;
}

/* ------------------------------------------------------------------ */

/*
 * Puts a and b before the text of body, in body's buffer: the opening is
 * most of a new root, and a second buffer of its size would cost as much
 * memory again (a close's peak) and the time to fault it in.
 */
static void prepend(struct strbuf *body, const struct strbuf *a, const struct strbuf *b)
{
	size_t pre = a->len + b->len, len = body->len;
	strbuf_grow(body, pre);
	memmove(body->buf + pre, body->buf, len);
	memcpy(body->buf, a->buf, a->len);
	memcpy(body->buf + a->len, b->buf, b->len);
	strbuf_setlen(body, len + pre);
}

void close_history_release(struct close_history *h)
{
	strbuf_release(&h->name);
	strbuf_release(&h->text);
	strbuf_release(&h->keys);
}

/* The history file's name beside newroot; false when it could not be an include line's. */
static bool history_name(struct strbuf *out, const char *newroot)
{
	const char *base = strrchr(newroot, '/');
	base = base ? base + 1 : newroot;
	strbuf_reset(out);
	strbuf_add(out, base, history_stem_len(base));
	strbuf_addstr(out, ".history.journal");
	for (const char *p = out->buf; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("*?[", *p))
			return false;
	return out->buf[0] != ' ' && out->buf[out->len - 1] != ' ';
}

bool close_history_paths(struct strbuf *path, struct strbuf *keys, const char *newroot)
{
	struct strbuf name = STRBUF_INIT;
	bool ok = history_name(&name, newroot);
	fsutil_dirname(path, newroot);
	if (path->len && path->buf[path->len - 1] != '/')
		strbuf_addch(path, '/');
	strbuf_add(path, name.buf, name.len);
	history_keys_path(keys, path->buf);
	strbuf_release(&name);
	return ok;
}

/*
 * The history file's head, the movements carried whole (from *movements),
 * and the head of the settled items' transaction (at *settled, which
 * history_finish() cuts when no item follows).
 */
static void history_head(struct close_history *h, const struct journal *j,
			 const struct openitems *oi, const struct carry *c, clerk_date through,
			 size_t *movements, size_t *settled)
{
	char day[11], next[11];
	date_format(through, day);
	date_format(through + 1, next);
	strbuf_addf(&h->text, JOURNAL_HISTORY_MARKER "%s\n"
			      "; The receivable items settled in the %d days through %s, and the bank\n"
			      "; movements of its last %d days that cleared something on a party account,\n"
			      "; each carried whole and taken back out (the opening holds what it\n"
			      "; posted). Nothing here changes a balance or an item. The new root includes\n"
			      "; this file; the night reads only the keys file beside it (formats/close.md).\n\n",
		    day, CLOSE_SETTLED_DAYS, day, CLOSE_MOVEMENT_DAYS);
	*movements = h->text.len;
	write_carried_movements(&h->text, j, oi, c, through);
	*settled = h->text.len;
	strbuf_addf(&h->text, "%s * Settled items carried after closing through %s  ; clerk-opening: %s\n",
		    next, day, day);
}

/*
 * Finishes hist after write_settled moved the items `moved`: without them
 * the settled items' transaction is cut, and with no movement either there
 * is no history file.
 */
static void history_finish(struct close_history *h, struct strbuf *body, const struct journal *j,
			   const struct openitems *oi, const u32_vec *moved, size_t settled,
			   size_t movements, clerk_date through)
{
	if (!moved->n && settled == movements) {
		strbuf_reset(&h->text);
		return;
	}
	if (!moved->n)
		strbuf_setlen(&h->text, settled);
	strbuf_addf(body, "\n; the items settled and the movements carried whole before, for clerk "
			  "receive, invoice,\n; open --closed, statement and a return\ninclude %s\n",
		    h->name.buf);
	history_keys_text(&h->keys, j, oi, moved->v, moved->n, h->text.len, through);
}

int close_newroot_text(struct strbuf *out, struct journal *j, clerk_date through,
		       const char *newroot, struct close_history *hist)
{
	char day[11], next[11];
	date_format(through, day);
	date_format(through + 1, next);
	struct openitems *oi = NULL;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.as_of = through;
	o.side = OPENITEMS_BOTH;
	o.include_closed = true;
	if (openitems_compute(&oi, j, &o))
		return CLERK_ERROR;
	if (hist && !history_name(&hist->name, newroot))
		hist = NULL;
	struct carry c;
	carry_build(&c, j, oi, through, hist != NULL);
	strbuf_addf(out, "; The books of the period from %s on: clerk close carried them over from\n"
			 "; '%s', closed through %s (formats/close.md). The closed books are sealed\n"
			 "; by the clerk-seal: tags of the opening transaction.\n\n",
		    next, j->files.v[0].path, day);
	struct strbuf body = STRBUF_INIT;
	/* about a line and a half an item: one buffer, not a copy at each growth */
	strbuf_grow(&body, openitems_count(oi) * 160 + openitems_party_count(oi) * 80 + 4096);
	strbuf_addf(&body, "%s * Opening balances after closing through %s  ; clerk-opening: %s\n",
		    next, day, day);
	int error = write_seals(&body, j, newroot);
	bool conversion = false;
	if (!error) {
		struct balances b;
		balances_compute(&b, j, through);
		struct dec *total = xcalloc(j->commodities.n ? j->commodities.n : 1, sizeof(*total));
		bool *seen = xcalloc(j->commodities.n ? j->commodities.n : 1, sizeof(*seen));
		struct weights w = { total, seen };
		u32_vec moved = VEC_INIT;
		size_t settled = 0, movements = 0;
		if (hist)
			history_head(hist, j, oi, &c, through, &movements, &settled);
		write_opening_postings(&body, j, &b, oi, &w);
		write_settled(&body, j, oi, &c, through, &w, hist, &moved);
		conversion = write_conversion(&body, j, total, seen);
		if (!has_posting(body.buf))
			write_zero_postings(&body, j); /* (and the seal) */
		if (hist)
			history_finish(hist, &body, j, oi, &moved, settled, movements, through);
		VEC_FREE(&moved);
		free(total);
		free(seen);
		balances_release(&b);
	}
	struct strbuf head = STRBUF_INIT;
	write_commodities(&head, j);
	strbuf_addch(&head, '\n');
	write_accounts(&head, j);
	if (conversion && journal_find_account(j, CONVERSION_ACCOUNT) == NO_ID)
		strbuf_addstr(&head, "account " CONVERSION_ACCOUNT "\n");
	strbuf_addch(&head, '\n');
	write_prices(&head, j, through);
	write_history(&head, j, oi, &c, through);
	prepend(&body, out, &head);
	strbuf_swap(out, &body);
	strbuf_release(&body);
	strbuf_release(&head);
	carry_release(&c);
	openitems_free(oi);
	return error;
}

/* ------------------------------------------------------------------ */
/* checking the seal */

/* Parses "SIZE SHA256 PATH"; false when the value is not that. */
static bool parse_seal(const char *v, uint64_t *size, const char **hex, const char **path)
{
	uint64_t s = 0;
	const char *p = v;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (s > (UINT64_MAX - 9) / 10)
			return false;
		s = s * 10 + (uint64_t)(*p - '0');
	}
	if (*p++ != ' ')
		return false;
	*hex = p;
	for (int k = 0; k < SHA256_HEX_LEN; k++, p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	if (*p++ != ' ' || !*p)
		return false;
	*size = s;
	*path = p;
	return true;
}

static void seal_error(struct journal *j, struct diag *d, const struct txn *tx, const struct tag *t,
		       const char *msg)
{
	size_t len;
	uint32_t file = tx->file;
	const char *line = journal_source_line(j, file, t->line, &len);
	struct srcloc loc = { j->files.v[file].path, t->line, 0 };
	diag_add(d, DIAG_ERROR, &loc, line, len, "%s", msg);
}

static void verify_one(struct journal *j, struct diag *d, const struct txn *tx, const struct tag *t)
{
	uint64_t size, have_size;
	const char *hex, *rel;
	char have[SHA256_HEX_LEN + 1];
	if (!parse_seal(t->value, &size, &hex, &rel)) {
		seal_error(j, d, tx, t, "a clerk-seal: tag is SIZE SHA256 PATH");
		return;
	}
	struct strbuf path = STRBUF_INIT;
	if (*rel != '/')
		fsutil_dirname(&path, j->files.v[tx->file].path);
	if (path.len && path.buf[path.len - 1] != '/')
		strbuf_addch(&path, '/');
	strbuf_addstr(&path, rel);
	struct strbuf msg = STRBUF_INIT;
	int error = bookfiles_hash_file(&have_size, have, path.buf);
	if (error)
		strbuf_addf(&msg, "sealed file '%s' of the closed books: %s", path.buf,
			    clerk_error_last()->message);
	else if (have_size != size || strncmp(have, hex, SHA256_HEX_LEN))
		strbuf_addf(&msg, "sealed file '%s' of the closed books changed after the close "
				  "(its size or SHA-256 is not the one recorded)",
			    path.buf);
	if (msg.len)
		seal_error(j, d, tx, t, msg.buf);
	strbuf_release(&msg);
	strbuf_release(&path);
}

int close_verify_seals(struct journal *j, struct diag *d)
{
	uint32_t id = journal_tag_id(j, "clerk-seal");
	if (id == NO_ID)
		return 0;
	size_t before = d->nerrors;
	for (size_t i = 0; i < j->txns.n; i++) {
		const struct txn *tx = &j->txns.v[i];
		for (uint32_t k = 0; k < tx->ntags; k++) {
			const struct tag *t = &j->tags.v[tx->tags_start + k];
			if (t->name == id)
				verify_one(j, d, tx, t);
		}
	}
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

/* ------------------------------------------------------------------ */
/* checking the keys of a history file */

/*
 * The keys file of history file f against the items f opens: a message in
 * msg when they differ (an error) or the keys file is missing (a warning:
 * the night then reads the history file in full, *warn set).
 */
static void verify_keys(struct journal *j, uint32_t f, const struct openitems *oi,
			struct strbuf *msg, bool *warn)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT, path = STRBUF_INIT;
	size_t len = 0;
	(void)journal_source(j, f, &len);
	/* all: f's own */
	history_keys_text(&want, j, oi, NULL, openitems_count(oi), len, history_date(j, f));
	history_keys_path(&path, j->files.v[f].path);
	int error = fsutil_read_file(&have, path.buf, FSUTIL_NOFOLLOW);
	*warn = error == CLERK_ENOTFOUND;
	if (*warn)
		strbuf_addf(msg, "no keys file '%s' beside this history file: the night reads the "
				 "whole history file instead",
			    path.buf);
	else if (error)
		strbuf_addf(msg, "the keys file '%s' of this history file: %s", path.buf,
			    clerk_error_last()->message);
	else if (have.len != want.len || memcmp(have.buf, want.buf, want.len))
		strbuf_addf(msg, "the keys file '%s' does not hold the keys of this history file's "
				 "items (one of the two was changed after the close, and the night "
				 "decides by the keys): remove it, and the night reads the whole "
				 "history file instead",
			    path.buf);
	clerk_error_clear();
	strbuf_release(&want);
	strbuf_release(&have);
	strbuf_release(&path);
}

int close_verify_history(struct journal *j, struct diag *d)
{
	size_t before = d->nerrors;
	for (uint32_t f = 0; f < j->files.n; f++) {
		if (!j->files.v[f].history || j->files.v[f].skipped)
			continue;
		/* the items as the history file opens them: its transactions only */
		struct openitems *oi = NULL;
		struct openitems_options o = OPENITEMS_OPTIONS_INIT;
		o.side = OPENITEMS_BOTH;
		o.include_closed = true;
		o.one_file = true;
		o.file = f;
		if (openitems_compute(&oi, j, &o))
			return CLERK_ERROR;
		struct strbuf msg = STRBUF_INIT;
		bool warn = false;
		verify_keys(j, f, oi, &msg, &warn);
		if (msg.len) {
			size_t len;
			const char *line = journal_source_line(j, f, 1, &len);
			struct srcloc loc = { j->files.v[f].path, 1, 0 };
			diag_add(d, warn ? DIAG_WARNING : DIAG_ERROR, &loc, line, len, "%s", msg.buf);
		}
		strbuf_release(&msg);
		openitems_free(oi);
	}
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

/*
 * close.c - closing a period (close.h, formats/close.md).
 */
#include "compat.h"
#include "close.h"
#include "amount.h"
#include "error.h"
#include "fsutil.h"
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

static void balances_compute(struct balances *b, const struct journal *j, clerk_date through)
{
	b->head = xmalloc((j->accounts.n ? j->accounts.n : 1) * sizeof(uint32_t));
	for (size_t a = 0; a < j->accounts.n; a++)
		b->head[a] = NO_ID;
	b->e.v = NULL;
	b->e.n = b->e.alloc = 0;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date > through)
			continue;
		for (uint32_t k = 0; k < tx->nposting; k++) {
			const struct posting *p = &j->postings.v[tx->first_posting + k];
			uint32_t i = b->head[p->account];
			while (i != NO_ID && b->e.v[i].commodity != p->commodity)
				i = b->e.v[i].next;
			if (i == NO_ID) {
				struct bal *n = VEC_GROW(&b->e);
				n->commodity = p->commodity;
				n->next = b->head[p->account];
				dec_init(&n->v);
				i = b->head[p->account] = (uint32_t)(b->e.n - 1);
			}
			dec_add(&b->e.v[i].v, &b->e.v[i].v, &p->amount);
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
/* checks before closing */

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

void close_closing_text(struct strbuf *out, const struct journal *j, clerk_date through)
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
	if (lines.len) {
		char day[11];
		date_format(through, day);
		strbuf_addf(out, "%s * Closing the period through %s: income and expenses to retained "
				 "earnings  ; clerk-close: %s\n",
			    day, day, day);
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

static void write_commodities(struct strbuf *out, const struct journal *j)
{
	struct dec thousand = DEC_INIT;
	dec_set_i64(&thousand, 1000, 0);
	for (uint32_t c = 0; c < j->commodities.n; c++) {
		if (!j->commodities.v[c].declared)
			continue;
		strbuf_addstr(out, "commodity ");
		amount_format(out, &j->commodities, c, &thousand);
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
/* the new root: the seal */

/* Sets *size and hex to the size and SHA-256 of the regular file at path. */
static int file_digest(const char *path, uint64_t *size, char hex[static SHA256_HEX_LEN + 1])
{
	int fd, error;
	struct stat st;
	if ((error = fsutil_open_regular(&fd, &st, path, 0)))
		return error;
	struct sha256 *h = sha256_new();
	char buf[1 << 16];
	uint64_t left = (uint64_t)st.st_size;
	while (left) {
		ssize_t r = read(fd, buf, left < sizeof(buf) ? (size_t)left : sizeof(buf));
		if (r < 0) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
			break;
		}
		if (r == 0) {
			error = fsutil_changed_error(path, &st);
			break;
		}
		sha256_update(h, buf, (size_t)r);
		left -= (uint64_t)r;
	}
	if (!error)
		error = fsutil_check_end(fd, &st, path);
	close(fd);
	sha256_final_hex(h, hex);
	sha256_free(h);
	*size = (uint64_t)st.st_size;
	return error;
}

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

static int write_seals(struct strbuf *out, const struct journal *j, const char *newroot)
{
	struct strbuf dir = STRBUF_INIT, canon = STRBUF_INIT, rel = STRBUF_INIT;
	int error = 0;
	fsutil_dirname(&dir, newroot);
	if ((error = fsutil_canonical(&canon, dir.buf)))
		goto done;
	for (size_t f = 0; f < j->files.n && !error; f++) {
		const struct journal_file *jf = &j->files.v[f];
		if (jf->batch || !jf->realpath)
			continue; /* not the books' (a batch), or text held in memory (tests) */
		uint64_t size;
		char hex[SHA256_HEX_LEN + 1];
		if ((error = file_digest(jf->path, &size, hex)))
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
		strbuf_addf(out, "    ; clerk-seal: %llu %s %s\n", (unsigned long long)size, hex, rel.buf);
	}
done:
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
	strbuf_addf(out, "  ; invoice: %s, item-date: %s", it->invoice, day);
	if (it->due_source == DUE_FROM_TAG) {
		date_format(it->due, day);
		strbuf_addf(out, ", due: %s", day);
	}
	if (it->ref)
		strbuf_addf(out, ", ref: %s", it->ref);
	if (it->dispute)
		strbuf_addf(out, ", dispute: %s", it->dispute);
	item_other_tags(out, j, oi, i);
	strbuf_addch(out, '\n');
	dec_sub(&red, &it->open, &it->amount);
	if (!dec_is_zero(&red)) {
		journal_sign(&v, &red, party->role);
		item_line(out, j, acc, it->commodity, &v, cost, w);
		date_format(it->last_date, day);
		strbuf_addf(out, "  ; invoice: %s, item-date: %s\n", it->invoice, day);
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
	if (u && !dec_is_zero(&u->on_account)) {
		journal_sign(&v, &u->on_account, role);
		posting_line(out, j, journal_account_name(j, account), commodity, &v);
		weigh(w, commodity, &v);
		strbuf_addch(out, '\n');
	}
	for (size_t k = first_unknown(px, account); k < openitems_unknown_count(oi); k++) {
		const struct openitems_unknown *x = openitems_unknown(oi, k);
		if (x->account != account)
			break;
		if (x->commodity != commodity || dec_is_zero(&x->amount))
			continue;
		journal_sign(&v, &x->amount, role);
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
 * The items settled in the last CLOSE_SETTLED_DAYS days through D, each as
 * its amount and its reduction (nothing owed): clerk receive still finds a
 * vendor's bill number received before, clerk invoice the highest number
 * of its series.
 */
static void write_settled(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			  clerk_date through, struct weights *w)
{
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (dec_is_zero(&it->open) && !dec_is_zero(&it->amount) &&
		    it->date + CLOSE_SETTLED_DAYS > through)
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
		uint32_t *es = account_entries(b, j, a, &n);
		bool party = openitems_party_of(oi, a) != NO_ID;
		for (size_t k = 0; k < n; k++) {
			const struct bal *e = &b->e.v[es[k]];
			if (dec_is_zero(&e->v))
				continue;
			if (party) {
				write_party(out, j, oi, &px, a, e->commodity, w);
			} else {
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
/* the new root: dunning notices of items still open */

static void write_txn_tags(struct strbuf *out, const struct journal *j, uint32_t start, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct tag *t = &j->tags.v[start + k];
		strbuf_addf(out, "%s%s: %s", k ? ", " : "  ; ", journal_tag_name(j, t->name), t->value);
	}
}

/* The zero postings of a notice on party accounts that have anything open. */
static void write_notice(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			 const struct txn *tx, const bool *open_party)
{
	struct strbuf body = STRBUF_INIT;
	unsigned n = 0;
	for (uint32_t k = 0; k < tx->nposting; k++) {
		const struct posting *p = &j->postings.v[tx->first_posting + k];
		uint32_t pi = openitems_party_of(oi, p->account);
		if (pi == NO_ID || !open_party[pi] || !dec_is_zero(&p->amount))
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

static void write_notices(struct strbuf *out, const struct journal *j, const struct openitems *oi,
			  clerk_date through)
{
	uint32_t notice = journal_tag_id(j, "dunning-notice");
	if (notice == NO_ID)
		return;
	size_t np = openitems_party_count(oi);
	bool *open_party = xcalloc(np ? np : 1, sizeof(*open_party));
	for (size_t i = 0; i < openitems_count(oi); i++)
		if (!dec_is_zero(&openitems_item(oi, i)->open))
			open_party[openitems_item(oi, i)->party] = true;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date <= through && journal_txn_tag_id(j, tx, notice))
			write_notice(out, j, oi, tx, open_party);
	}
	free(open_party);
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
 * Every statement recorded in the closed books, as its closing-balance
 * transaction without the assertion (the new books' balance before the
 * opening is zero) and tagged `clerk-carried: statement`: clerk import
 * still finds the statements imported and their last sequence numbers.
 */
static void write_statements(struct strbuf *out, const struct journal *j, clerk_date through)
{
	uint32_t kind_id = journal_tag_id(j, "statement-kind"), stmt_id = journal_tag_id(j, "statement");
	if (kind_id == NO_ID || stmt_id == NO_ID)
		return;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (tx->date > through || !is_statement_record(j, tx, kind_id, stmt_id))
			continue;
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
}

/*
 * The identities of the bank movements of the last CLOSE_MOVEMENT_DAYS
 * days through D, each as a transaction on its date that moves its amount
 * on the bank account and back (`clerk-carried: movement`): clerk import
 * finds them as it finds any movement posted (same account, identity,
 * date, amount), and no balance changes.
 */
static void write_movements(struct strbuf *out, const struct journal *j, clerk_date through)
{
	uint32_t bank_id = journal_tag_id(j, "bank-id");
	struct dec neg = DEC_INIT;
	for (size_t i = 0; bank_id != NO_ID && i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		const struct txn *tx = &j->txns.v[p->txn];
		if (p->extra == NO_ID || j->accounts.v[p->account].role != ROLE_BANK ||
		    tx->date > through || tx->date + CLOSE_MOVEMENT_DAYS <= through)
			continue;
		const char *id = journal_posting_tag_id(j, p, bank_id);
		if (!id)
			continue;
		char day[11];
		date_format(tx->date, day);
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

/* Whether transaction text has a posting line (indented, not a comment). */
static bool has_posting(const char *text)
{
	for (const char *p = strstr(text, "\n    "); p; p = strstr(p + 1, "\n    "))
		if (p[5] != ';')
			return true;
	return false;
}

/* ------------------------------------------------------------------ */

int close_newroot_text(struct strbuf *out, struct journal *j, clerk_date through,
		       const char *newroot)
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
	strbuf_addf(out, "; The books of the period from %s on: clerk close carried them over from\n"
			 "; '%s', closed through %s (formats/close.md). The closed books are sealed\n"
			 "; by the clerk-seal: tags of the opening transaction.\n\n",
		    next, j->files.v[0].path, day);
	struct strbuf body = STRBUF_INIT;
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
		write_opening_postings(&body, j, &b, oi, &w);
		write_settled(&body, j, oi, through, &w);
		conversion = write_conversion(&body, j, total, seen);
		if (!has_posting(body.buf)) {
			/* nothing to carry: two zero postings keep it a transaction (and the seal) */
			const char *r = journal_account_name(j, journal_find_role(j, ROLE_RETAINED));
			strbuf_addf(&body, "    %s  0\n    %s  0\n", r, r);
		}
		free(total);
		free(seen);
		balances_release(&b);
	}
	write_commodities(out, j);
	strbuf_addch(out, '\n');
	write_accounts(out, j);
	if (conversion && journal_find_account(j, CONVERSION_ACCOUNT) == NO_ID)
		strbuf_addstr(out, "account " CONVERSION_ACCOUNT "\n");
	strbuf_addch(out, '\n');
	write_notices(out, j, oi, through);
	write_statements(out, j, through);
	write_movements(out, j, through);
	strbuf_add(out, body.buf, body.len);
	strbuf_release(&body);
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
	int error = file_digest(path.buf, &have_size, have);
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

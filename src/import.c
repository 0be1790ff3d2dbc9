/*
 * import.c - camt statements into journal text, each booked movement once.
 */
#include "compat.h"
#include "import.h"
#include "history.h"
#include "camt.h"
#include "match.h"
#include "openitems.h"
#include "pain.h"
#include "pay.h"
#include "currency.h"
#include "error.h"
#include "fsutil.h"
#include "refs.h"
#include "sha256.h"
#include "util/mempool.h"
#include "util/symtab.h"
#include "util/vec.h"
#include "util/xalloc.h"

/*
 * How far (days) a booked entry's date may lie outside the dates its
 * statement gives (its period, its opening and closing balances' dates,
 * its creation date): banks book over weekends and holidays
 * (formats/import.md, "Dates").
 */
#define IMPORT_DATE_TOLERANCE 7

enum decision {
	MV_POST,
	MV_DUPLICATE, /* already in the books, or earlier in this import */
	MV_UNBOOKED,  /* pending or information only */
};

/* A party posting written for a detail, kept so that a return later in the same import can undo it. */
/* A posting the import wrote for a movement, kept so that a return later in the same import can undo it. */
struct undo_post {
	uint32_t account;
	const char *invoice; /* NULL for money left unapplied, and off party accounts */
	uint32_t commodity;
	struct dec amount;   /* as posted */
	bool has_cost, cost_total;
	uint32_t cost_commodity;
	struct dec cost;     /* per unit (@), or the total (@@, unsigned) */
};

struct mv_tx {
	struct dec amount; /* signed for the bank account: + credit */
	bool has_amount;
	const char *end_to_end, *acct_ref, *cp_name, *cp_iban, *cref, *remittance, *docs,
		*reason, *btc;
	const char *pmt_inf_id; /* Refs/PmtInfId: the payment information block it was sent in */
	/* AmtDtls/InstdAmt in another currency than the entry (a foreign payment) */
	struct dec instructed;
	char instructed_ccy[4];
	bool has_instructed;
	/* the matching decision, for the report (set when the text is written) */
	const char *decision, *rule, *party, *items, *applied, *unapplied, *note;
	const char *applied_ccy; /* the currency of applied and unapplied when not the entry's */
	struct undo_post *posted; /* what was posted for the detail: party accounts, write-off, fx */
	size_t nposted;
	bool returned;             /* a return later in this import undid it */
};

struct movement {
	uint32_t stmt;
	size_t entry;  /* 1-based index in the statement */
	uint32_t line; /* of <Ntry> */
	clerk_date booking, value; /* booking: BookgDt, else ValDt (value_dated) */
	bool value_dated;
	struct dec amount; /* signed */
	char currency[4];
	bool reversal, booked;
	const char *status, *acct_ref, *btc, *identity;
	const char *batch_pmt_inf_id; /* NtryDtls/Btch/PmtInfId: a batch booking of our block */
	struct dec charges; /* total charges (positive), when has_charges */
	bool has_charges;
	struct mv_tx *txs;
	size_t ntxs;
	struct undo_post *rest; /* the entry's charges or unexplained rest, when posted */
	size_t nrest;
	enum decision decision;
	const char *why; /* for skipped movements */
};

struct statement {
	const char *file, *base, *id, *account, *kind, *seq;
	enum camt_kind ekind;
	long seqnum; /* -1 when there is no usable sequence number */
	uint32_t line;
	clerk_date from, to, closing_date;
	clerk_date first_date, last_date; /* the span of the dates it gives (DATE_NONE: none) */
	struct dec opening, closing;
	bool has_opening, has_closing;
	char currency[4];
	uint32_t bank; /* journal account id */
	uint32_t commodity;
	size_t first_mv, nmv;
	bool recorded; /* the books already hold its closing-balance transaction */
	bool bad;
};

/* What a pain.002 report did to one transfer (a row of the decisions table). */
struct report_row {
	const char *end_to_end, *decision, *party, *name, *items, *note, *reason;
	struct dec amount; /* what the transfer sent */
	bool exception;
};

/* A pain.002 status report given to the import. */
struct report {
	struct pain002 *p;
	const char *base;
	char sha256[SHA256_HEX_LEN + 1];
	VEC(struct report_row) rows;
};

struct importer {
	struct journal *j;
	struct mempool pool;
	VEC(struct statement) st;
	VEC(struct movement) mv;
	VEC(struct mv_tx) txbuf; /* scratch while reading one entry */
	struct strbuf text;
	struct strbuf digests;
	size_t posted;
	/* reading state */
	uint32_t file_first_stmt;
	struct diag *d;
	const char *cur_file;
	uint32_t suspense, charges, writeoff, discount, fx;
	uint32_t discount_received; /* role: discount-received, for discounts vendors grant */
	struct openitems *oi;
	struct matcher *matcher;
	struct history *hist; /* keys of the history file the books were loaded without */
	struct pay_transits *tr; /* the payment runs' transfers (formats/pay.md) */
	VEC(struct report) reports; /* pain.002 status reports */
	size_t rejected;            /* transfers the reports' rejections closed */
};

static const char *pstr(struct importer *im, const char *s)
{
	return s ? mempool_strndup(&im->pool, s, strlen(s)) : NULL;
}

struct importer *importer_new(struct journal *j)
{
	struct importer *im = xcalloc(1, sizeof(*im));
	im->j = j;
	strbuf_init(&im->text, 0);
	strbuf_init(&im->digests, 0);
	im->suspense = im->charges = im->writeoff = im->discount = im->fx = NO_ID;
	im->discount_received = NO_ID;
	return im;
}

static void undo_posts_free(struct undo_post *v, size_t n)
{
	for (size_t q = 0; q < n; q++) {
		dec_clear(&v[q].amount);
		dec_clear(&v[q].cost);
	}
	free(v);
}

void importer_free(struct importer *im)
{
	if (!im)
		return;
	for (size_t i = 0; i < im->st.n; i++) {
		dec_clear(&im->st.v[i].opening);
		dec_clear(&im->st.v[i].closing);
	}
	for (size_t i = 0; i < im->mv.n; i++) {
		struct movement *m = &im->mv.v[i];
		dec_clear(&m->amount);
		dec_clear(&m->charges);
		for (size_t k = 0; k < m->ntxs; k++) {
			dec_clear(&m->txs[k].amount);
			dec_clear(&m->txs[k].instructed);
			undo_posts_free(m->txs[k].posted, m->txs[k].nposted);
		}
		free(m->txs);
		undo_posts_free(m->rest, m->nrest);
	}
	match_free(im->matcher);
	history_close(im->hist);
	openitems_free(im->oi);
	pay_transits_free(im->tr);
	for (size_t i = 0; i < im->reports.n; i++) {
		struct report *r = &im->reports.v[i];
		for (size_t k = 0; k < r->rows.n; k++)
			dec_clear(&r->rows.v[k].amount);
		VEC_FREE(&r->rows);
		pain002_free(r->p);
	}
	VEC_FREE(&im->reports);
	VEC_FREE(&im->st);
	VEC_FREE(&im->mv);
	VEC_FREE(&im->txbuf);
	strbuf_release(&im->text);
	strbuf_release(&im->digests);
	mempool_release(&im->pool);
	free(im);
}

/* ------------------------------------------------------------------ */
/* reading */

static void signed_amount(struct dec *out, const struct dec *v, enum camt_cdi cdi)
{
	if (cdi == CAMT_DEBIT)
		dec_neg(out, v);
	else
		dec_set(out, v);
}

static const char *bank_code(struct importer *im, const struct camt_bank_tx_code *c)
{
	struct strbuf sb = STRBUF_INIT;
	if (c->domain) {
		strbuf_addstr(&sb, c->domain);
		if (c->family)
			strbuf_addf(&sb, "/%s", c->family);
		if (c->subfamily)
			strbuf_addf(&sb, "/%s", c->subfamily);
	}
	if (c->proprietary) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, c->proprietary);
	}
	const char *r = sb.len ? pstr(im, sb.buf) : NULL;
	strbuf_release(&sb);
	return r;
}

static long parse_seq(const char *s)
{
	long v = 0;
	if (!s || !*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000L)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* The date of a CreDtTm as written ("2026-11-25T05:11:58+01:00"), or DATE_NONE. */
static clerk_date created_date(const char *s)
{
	clerk_date d;
	const char *p = s;
	if (!s || strlen(s) < 10 || date_parse(&p, s + 10, &d) || p != s + 10)
		return DATE_NONE;
	return d;
}

/* Widens the span [*first, *last] to take in date (DATE_NONE: nothing). */
static void widen(clerk_date *first, clerk_date *last, clerk_date date)
{
	if (date == DATE_NONE)
		return;
	if (*first == DATE_NONE || date < *first)
		*first = date;
	if (*last == DATE_NONE || date > *last)
		*last = date;
}

static int on_statement_end(const struct camt_statement *cs, void *ctx)
{
	struct importer *im = ctx;
	/* statement_begin may not have run for a statement without entries */
	struct statement *s = VEC_GROW(&im->st);
	const char *base = strrchr(cs->file, '/');
	s->file = pstr(im, cs->file);
	s->base = pstr(im, base ? base + 1 : cs->file);
	s->id = pstr(im, cs->id ? cs->id : "");
	s->account = pstr(im, cs->account ? cs->account : "");
	s->kind = camt_kind_name(cs->kind);
	s->ekind = cs->kind;
	s->seq = pstr(im, cs->electronic_seq ? cs->electronic_seq : cs->legal_seq);
	s->seqnum = parse_seq(s->seq);
	s->line = cs->line;
	s->from = cs->from;
	s->to = cs->to;
	s->bank = NO_ID;
	s->bad = cs->nerrors > 0;
	dec_init(&s->opening);
	dec_init(&s->closing);
	memcpy(s->currency, cs->currency, sizeof(s->currency));
	const struct camt_balance *o = camt_opening(cs), *c = camt_closing(cs);
	if (o) {
		s->has_opening = true;
		dec_set(&s->opening, &o->amount.value);
		if (!s->currency[0])
			memcpy(s->currency, o->amount.currency, 4);
	}
	if (c) {
		s->has_closing = true;
		dec_set(&s->closing, &c->amount.value);
		s->closing_date = c->date;
		if (!s->currency[0])
			memcpy(s->currency, c->amount.currency, 4);
	} else {
		s->closing_date = DATE_NONE;
	}
	/* the dates the statement gives, for its entries' dates to lie within */
	s->first_date = s->last_date = DATE_NONE;
	widen(&s->first_date, &s->last_date, cs->from);
	widen(&s->first_date, &s->last_date, cs->to);
	widen(&s->first_date, &s->last_date, o ? o->date : DATE_NONE);
	widen(&s->first_date, &s->last_date, c ? c->date : DATE_NONE);
	widen(&s->first_date, &s->last_date, created_date(cs->created));
	/* the movements read since the previous statement belong to this one */
	size_t first = im->mv.n;
	while (first > 0 && im->mv.v[first - 1].stmt == UINT32_MAX)
		first--;
	s->first_mv = first;
	s->nmv = im->mv.n - first;
	for (size_t i = first; i < im->mv.n; i++) {
		im->mv.v[i].stmt = (uint32_t)(im->st.n - 1);
		if (!s->currency[0])
			memcpy(s->currency, im->mv.v[i].currency, 4);
	}
	return 0;
}

/*
 * The bank's reference (AcctSvcrRef) as an identity, or NULL: "NONREF" (the
 * German banks' "no reference", which they give every entry alike) and
 * "NOTPROVIDED" are no reference.
 */
static const char *bank_ref(struct importer *im, const char *s)
{
	if (!s || !*s || !strcmp(s, "NONREF") || !strcmp(s, "NOTPROVIDED"))
		return NULL;
	return pstr(im, s);
}

static void canon_add(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, s ? s : "");
	strbuf_addch(sb, '\x1f');
}

static int on_entry(const struct camt_statement *cs, const struct camt_entry *e, void *ctx)
{
	struct importer *im = ctx;
	(void)cs;
	struct movement *m = VEC_GROW(&im->mv);
	m->stmt = UINT32_MAX; /* set at statement_end */
	m->entry = e->index;
	m->line = e->line;
	m->booking = e->booking_date != DATE_NONE ? e->booking_date : e->value_date;
	m->value_dated = e->booking_date == DATE_NONE;
	m->value = e->value_date;
	dec_init(&m->amount);
	dec_init(&m->charges);
	signed_amount(&m->amount, &e->amount.value, e->cdi);
	memcpy(m->currency, e->amount.currency, 4);
	m->reversal = e->reversal;
	m->booked = e->booked;
	m->status = pstr(im, e->status);
	m->btc = bank_code(im, &e->bank_tx_code);
	m->acct_ref = bank_ref(im, e->acct_svcr_ref);
	m->batch_pmt_inf_id = pstr(im, e->batch_pmt_inf_id);
	if (e->charges.total.present) {
		dec_set(&m->charges, &e->charges.total.value);
		m->has_charges = true;
	} else if (e->charges.nrecords) {
		for (size_t k = 0; k < e->charges.nrecords; k++)
			dec_add(&m->charges, &m->charges, &e->charges.records[k].amount.value);
		m->has_charges = true;
	}
	m->ntxs = e->ntxs;
	m->txs = e->ntxs ? xcalloc(e->ntxs, sizeof(*m->txs)) : NULL;
	for (size_t k = 0; k < e->ntxs; k++) {
		const struct camt_tx *tx = &e->txs[k];
		struct mv_tx *t = &m->txs[k];
		const struct camt_amount *a = camt_tx_amount(e, tx);
		dec_init(&t->amount);
		if (a && a->present && !strcmp(a->currency, m->currency)) {
			signed_amount(&t->amount, &a->value, camt_tx_cdi(e, tx));
			t->has_amount = true;
		}
		dec_init(&t->instructed);
		const struct camt_amount *ia = &tx->amount_details.instructed.amount;
		if (ia->present && strcmp(ia->currency, m->currency)) {
			signed_amount(&t->instructed, &ia->value, camt_tx_cdi(e, tx));
			memcpy(t->instructed_ccy, ia->currency, 4);
			t->has_instructed = true;
		}
		t->end_to_end = pstr(im, tx->refs.end_to_end_id);
		if (t->end_to_end && !strcmp(t->end_to_end, "NOTPROVIDED"))
			t->end_to_end = NULL;
		t->acct_ref = bank_ref(im, tx->refs.acct_svcr_ref);
		t->pmt_inf_id = pstr(im, tx->refs.pmt_inf_id);
		/* the counterparty: who paid us, or whom we paid */
		/* (a reversal turns the direction around) */
		bool from_debtor = (e->cdi == CAMT_CREDIT) != e->reversal;
		const struct camt_party *cp = from_debtor ? &tx->debtor : &tx->creditor;
		const struct camt_party *ult = from_debtor ? &tx->ultimate_debtor : &tx->ultimate_creditor;
		t->cp_name = pstr(im, cp->name ? cp->name : ult->name);
		t->cp_iban = pstr(im, cp->iban);
		t->cref = tx->ncreditor_refs ? pstr(im, tx->creditor_refs[0].ref) : NULL;
		struct strbuf sb = STRBUF_INIT;
		for (size_t u = 0; u < tx->nunstructured; u++) {
			if (u)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, tx->unstructured[u]);
		}
		t->remittance = sb.len ? pstr(im, sb.buf) : NULL;
		strbuf_reset(&sb);
		for (size_t u = 0; u < tx->nreferred_docs; u++) {
			if (u)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, tx->referred_docs[u]);
		}
		t->docs = sb.len ? pstr(im, sb.buf) : NULL;
		strbuf_release(&sb);
		t->reason = pstr(im, tx->return_reason);
		t->btc = bank_code(im, &tx->bank_tx_code);
	}
	if (!e->ntxs) {
		/* an entry without details is one detail of the entry's amount */
		m->ntxs = 1;
		m->txs = xcalloc(1, sizeof(*m->txs));
		dec_init(&m->txs[0].amount);
		dec_set(&m->txs[0].amount, &m->amount);
		m->txs[0].has_amount = true;
	}
	if (!m->acct_ref && m->ntxs == 1 && m->txs[0].acct_ref)
		m->acct_ref = m->txs[0].acct_ref;
	return 0;
}

/* Records a statement file's digest, and drops the entries of a statement cut short by an XML error. */
static void after_file(struct importer *im, size_t nmv, const char *hex)
{
	if (im->digests.len)
		strbuf_addch(&im->digests, ' ');
	strbuf_addstr(&im->digests, hex);
	while (im->mv.n > nmv && im->mv.v[im->mv.n - 1].stmt == UINT32_MAX) {
		struct movement *m = &im->mv.v[--im->mv.n];
		dec_clear(&m->amount);
		dec_clear(&m->charges);
		for (size_t k = 0; k < m->ntxs; k++) {
			dec_clear(&m->txs[k].amount);
			dec_clear(&m->txs[k].instructed);
		}
		free(m->txs);
	}
}

/* Keeps a pain.002 status report read from file name, with its digest. */
static void add_report(struct importer *im, struct pain002 *p, const char *name, const char *hex)
{
	struct report *r = VEC_GROW(&im->reports);
	const char *base = strrchr(name, '/');
	r->p = p;
	r->base = pstr(im, base ? base + 1 : name);
	memcpy(r->sha256, hex, sizeof(r->sha256));
	if (im->digests.len)
		strbuf_addch(&im->digests, ' ');
	strbuf_addstr(&im->digests, hex);
}

/* How many bytes of a file's start are looked at to tell a status report from a statement. */
#define SNIFF_BYTES PAIN002_SNIFF_BYTES

int importer_add_buffer(struct importer *im, const char *name, const char *data, size_t len,
			struct diag *d)
{
	struct camt_handler h = { NULL, on_entry, on_statement_end };
	char hex[SHA256_HEX_LEN + 1];
	size_t nmv = im->mv.n;
	sha256_hex(data, len, hex);
	if (pain002_sniff(data, len < SNIFF_BYTES ? len : SNIFF_BYTES)) {
		struct pain002 *p;
		int error = pain002_read_memory(&p, name, data, len, d);
		if (!error)
			add_report(im, p, name, hex);
		return error;
	}
	int error = camt_read_memory(name, data, len, &h, im, d);
	after_file(im, nmv, hex);
	return error;
}

/* Whether the open file fd (from where it stands) is a pain.002 status report. */
static bool fd_is_report(int fd)
{
	char head[SNIFF_BYTES];
	off_t at = lseek(fd, 0, SEEK_CUR);
	ssize_t n = at < 0 ? -1 : pread(fd, head, sizeof(head), at);
	return n > 0 && pain002_sniff(head, (size_t)n);
}

int importer_add_fd(struct importer *im, int fd, const char *name, struct diag *d, char *hex)
{
	struct camt_handler h = { NULL, on_entry, on_statement_end };
	char digest[SHA256_HEX_LEN + 1];
	size_t nmv = im->mv.n;
	int error;
	if (fd_is_report(fd)) {
		struct pain002 *p;
		error = pain002_read_fd(&p, fd, name, d, digest);
		if (error == CLERK_EIO)
			return error;
		if (!error)
			add_report(im, p, name, digest);
	} else {
		error = camt_read_fd(fd, name, &h, im, d, digest);
		if (error == CLERK_EIO)
			return error;
		after_file(im, nmv, digest);
	}
	if (hex)
		memcpy(hex, digest, sizeof(digest));
	return error;
}

int importer_add_file(struct importer *im, const char *path, struct diag *d)
{
	/* streamed: the digest is taken as the bytes go by, the file is never held whole */
	struct stat st;
	int fd, error = fsutil_open_regular(&fd, &st, path, 0);
	if (error == CLERK_EINVALID) /* not a regular file: a file that cannot be read */
		return clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message);
	if (error)
		return error;
	error = importer_add_fd(im, fd, path, d, NULL);
	close(fd);
	return error;
}

/* ------------------------------------------------------------------ */
/* planning */

/* Appends s as a tag value: commas (which end a value) become ';', control
 * characters spaces, runs of blanks one space; at most 500 bytes. */
static void add_tag_value(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	/* the value is never longer than s (a space only replaces skipped characters) nor than 501 */
	size_t n = strlen(s);
	strbuf_grow(sb, n < 502 ? n : 502);
	char *start = sb->buf + sb->len, *w = start;
	bool space = false;
	for (; *s && w - start < 500; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ',')
			c = ';';
		if (c < 0x20 || c == ' ' || c == 0x7f) {
			space = w > start;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = (char)c;
	}
	strbuf_setlen(sb, (size_t)(w - sb->buf));
}

static void identity_of(struct importer *im, struct movement *m, struct symtab *seen_digests,
			u32_vec *counts)
{
	struct strbuf sb = STRBUF_INIT;
	if (m->acct_ref) {
		strbuf_addstr(&sb, "ref:");
		add_tag_value(&sb, m->acct_ref);
	} else {
		struct strbuf c = STRBUF_INIT;
		char date[11], hex[SHA256_HEX_LEN + 1];
		date_format(m->booking, date);
		canon_add(&c, date);
		if (m->value != DATE_NONE)
			date_format(m->value, date);
		canon_add(&c, m->value != DATE_NONE ? date : "");
		dec_format_plain(&c, &m->amount, 0);
		canon_add(&c, m->currency);
		canon_add(&c, m->reversal ? "R" : "");
		canon_add(&c, m->btc);
		for (size_t k = 0; k < m->ntxs; k++) {
			const struct mv_tx *t = &m->txs[k];
			canon_add(&c, t->end_to_end);
			canon_add(&c, t->cp_iban);
			canon_add(&c, t->cp_name);
			canon_add(&c, t->cref);
			canon_add(&c, t->remittance);
			dec_format_plain(&c, &t->amount, 0);
			canon_add(&c, "");
		}
		sha256_hex(c.buf, c.len, hex);
		/* occurrence count within the statement */
		strbuf_addf(&c, "@%u", m->stmt);
		int is_new;
		uint32_t id = symtab_intern(seen_digests, c.buf, c.len, &is_new);
		if (is_new)
			VEC_PUSH(counts, 0);
		counts->v[id]++;
		strbuf_addf(&sb, "sha:%.16s-%u", hex, counts->v[id]);
		strbuf_release(&c);
	}
	m->identity = pstr(im, sb.buf);
	strbuf_release(&sb);
}

static uint32_t find_bank(struct journal *j, const char *account)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	uint32_t found = NO_ID;
	refs_normalize(&want, account);
	for (size_t i = 0; i < j->accounts.n && found == NO_ID; i++) {
		if (j->accounts.v[i].role != ROLE_BANK)
			continue;
		const char *iban = journal_account_tag(j, (uint32_t)i, "iban");
		if (!iban)
			continue;
		strbuf_reset(&have);
		refs_normalize(&have, iban);
		if (have.len == want.len && !memcmp(have.buf, want.buf, want.len))
			found = (uint32_t)i;
	}
	strbuf_release(&want);
	strbuf_release(&have);
	return found;
}

static const struct importer *sort_im;

static int cmp_statements(const void *a, const void *b)
{
	const struct statement *x = &sort_im->st.v[*(const uint32_t *)a];
	const struct statement *y = &sort_im->st.v[*(const uint32_t *)b];
	if (x->bank != y->bank)
		return x->bank < y->bank ? -1 : 1;
	if (x->ekind != y->ekind)
		return x->ekind < y->ekind ? -1 : 1; /* 052 and 054 before the 053 */
	if (x->seqnum >= 0 && y->seqnum >= 0 && x->seqnum != y->seqnum)
		return x->seqnum < y->seqnum ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void PRINTF_LIKE(5, 6) st_error(struct importer *im, struct diag *d, const struct statement *s,
				       uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { s->file, line ? line : s->line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
	(void)im;
}

/* The error for booked entry m, dated outside the dates its statement s gives. */
static void outside_period(struct importer *im, struct diag *d, const struct statement *s,
			   const struct movement *m)
{
	struct strbuf msg = STRBUF_INIT;
	bool frto = s->from != DATE_NONE && s->to != DATE_NONE;
	strbuf_addf(&msg, "entry %zu ", m->entry);
	strbuf_addstr(&msg, m->value_dated ? "has no booking date and its value date is " : "is booked on ");
	date_append(&msg, m->booking);
	/* the period as the statement states it (FrToDt), else the span of its dates */
	strbuf_addf(&msg, ", outside the statement's %s ", frto ? "period" : "dates");
	date_append(&msg, frto ? s->from : s->first_date);
	strbuf_addstr(&msg, "..");
	date_append(&msg, frto ? s->to : s->last_date);
	clerk_date lo = s->first_date - IMPORT_DATE_TOLERANCE, hi = s->last_date + IMPORT_DATE_TOLERANCE;
	clerk_date min = date_from_ymd(1, 1, 1), max = date_from_ymd(9999, 12, 31);
	strbuf_addstr(&msg, " (dates from ");
	date_append(&msg, lo < min ? min : lo);
	strbuf_addstr(&msg, " to ");
	date_append(&msg, hi > max ? max : hi);
	strbuf_addstr(&msg, " are accepted)");
	st_error(im, d, s, m->line, "%s", msg.buf);
	strbuf_release(&msg);
}

/* Running balance of one bank account in one commodity. */
struct running {
	uint32_t account, commodity;
	struct dec v;
};

typedef VEC(struct running) running_vec;

static struct dec *running_of(struct importer *im, running_vec *rs, uint32_t acc, uint32_t com)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].account == acc && rs->v[i].commodity == com)
			return &rs->v[i].v;
	struct running *r = VEC_GROW(rs);
	r->account = acc;
	r->commodity = com;
	dec_init(&r->v);
	const struct journal *j = im->j;
	for (size_t i = 0; i < j->postings.n; i++)
		if (j->postings.v[i].account == acc && j->postings.v[i].commodity == com)
			dec_add(&r->v, &r->v, &j->postings.v[i].amount);
	return &r->v;
}

static void fmt_amount(struct importer *im, struct strbuf *sb, uint32_t com, const struct dec *v,
		       const char *code)
{
	const struct currency *c = currency_find(code);
	int32_t scale = c && c->exponent > 0 ? c->exponent : 0;
	amount_format_scale(sb, &im->j->commodities, com, v, scale);
}

/*
 * The amount v (owed-positive) on the party's side of money moving in
 * direction sign (+1 into the bank): money in reduces what a party owes.
 */
static void party_amount(struct dec *out, const struct dec *v, int sign)
{
	if (sign > 0)
		dec_neg(out, v);
	else
		dec_set(out, v);
}

/* Appends ", name: value" (or the "  ; " that starts the comment) when value is set. */
static void tag(struct strbuf *t, const char **sep, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addstr(t, *sep);
	strbuf_addstr(t, name);
	strbuf_addstr(t, ": ");
	add_tag_value(t, value);
	*sep = ", ";
}

/* The tags every transaction of a statement carries. */
static void statement_tags(struct strbuf *t, const struct statement *s)
{
	strbuf_addstr(t, "  ; statement: ");
	add_tag_value(t, s->id);
	strbuf_addf(t, ", statement-kind: %s", s->kind);
}

/* The evidence a person (and matching) needs, on the first posting of a detail. */
static void evidence(struct strbuf *t, const char **sep, const struct mv_tx *x)
{
	tag(t, sep, "end-to-end", x->end_to_end);
	tag(t, sep, "counterparty", x->cp_name);
	tag(t, sep, "counterparty-iban", x->cp_iban);
	tag(t, sep, "creditor-ref", x->cref);
	tag(t, sep, "remittance", x->remittance);
	tag(t, sep, "referred-docs", x->docs);
	tag(t, sep, "return-reason", x->reason);
	tag(t, sep, "tx-ref", x->acct_ref);
}

/* The number of decimals of a currency (0 when unknown). */
static int32_t exponent_of(const char *code)
{
	const struct currency *c = currency_find(code);
	return c && c->exponent > 0 ? c->exponent : 0;
}

static const char *pdec(struct importer *im, const struct dec *v, const char *currency)
{
	struct strbuf sb = STRBUF_INIT;
	dec_format_plain(&sb, v, exponent_of(currency));
	const char *r = pstr(im, sb.buf);
	strbuf_release(&sb);
	return r;
}

/*
 * Appends a posting to *v: account, invoice (or NULL), amount in commodity
 * com, at a cost when cost is not NULL (cost_com per unit, or in total).
 */
static void remember(struct undo_post **v, size_t *n, uint32_t account, const char *invoice,
		     uint32_t com, const struct dec *amount, const struct dec *cost, bool cost_total,
		     uint32_t cost_com)
{
	*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
	struct undo_post *p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->account = account;
	p->invoice = invoice;
	p->commodity = com;
	dec_init(&p->amount);
	dec_set(&p->amount, amount);
	dec_init(&p->cost);
	if (cost) {
		p->has_cost = true;
		p->cost_total = cost_total;
		p->cost_commodity = cost_com;
		dec_abs(&p->cost, cost);
	}
}

static void remember_post(struct mv_tx *x, uint32_t account, const char *invoice, uint32_t com,
			  const struct dec *v)
{
	remember(&x->posted, &x->nposted, account, invoice, com, v, NULL, false, 0);
}

/* The posting p of the books as an undo_post (its decimals borrowed: do not free). */
static struct undo_post undo_of(const struct journal *j, const struct posting *p, const char *invoice)
{
	struct undo_post u = { p->account, invoice, p->commodity, p->amount, false, false, 0, DEC_INIT };
	if (p->flags & POSTING_COST) {
		const struct posting_aux *a = &j->aux.v[j->extras.v[p->extra].aux];
		u.has_cost = true;
		u.cost_total = a->cost_total;
		u.cost_commodity = a->cost_commodity;
		u.cost = a->cost;
	}
	return u;
}

/*
 * The value of u in commodity com: its amount when it is in com, its cost
 * when that is in com (the total taking the amount's sign); false when
 * neither.
 */
static bool undo_value(const struct undo_post *u, uint32_t com, struct dec *out)
{
	if (u->commodity == com) {
		dec_set(out, &u->amount);
		return true;
	}
	if (!u->has_cost || u->cost_commodity != com)
		return false;
	if (u->cost_total) {
		dec_abs(out, &u->cost);
		if (dec_sgn(&u->amount) < 0)
			dec_neg(out, out);
		return true;
	}
	return dec_mul(out, &u->amount, &u->cost) == 0;
}

/*
 * True when the n postings at u (a party account among them) are worth
 * exactly amt in commodity com: then undoing them balances a return of amt.
 */
static bool undo_balances(const struct journal *j, const struct undo_post *const *u, size_t n,
			  uint32_t com, const struct dec *amt)
{
	struct dec sum = DEC_INIT, v = DEC_INIT;
	bool ok = true, party = false;
	for (size_t q = 0; q < n && ok; q++) {
		party |= journal_is_party(j, u[q]->account);
		ok = undo_value(u[q], com, &v);
		if (ok)
			dec_add(&sum, &sum, &v);
	}
	ok = ok && party && !dec_cmp(&sum, amt);
	dec_clear(&sum);
	dec_clear(&v);
	return ok;
}

/*
 * One posting of a return: u negated (in its own commodity, at its own
 * cost). A party account's posting reopens its item; the write-off,
 * discount, exchange difference or charges that went with the payment are
 * undone beside it.
 */
static void reversal_posting(struct importer *im, const struct statement *s,
			     const struct movement *m, struct mv_tx *x, const struct undo_post *u,
			     struct strbuf *items)
{
	const struct journal *j = im->j;
	struct dec v = DEC_INIT;
	const char *sep = "  ; ";
	bool party = journal_is_party(j, u->account);
	strbuf_addf(&im->text, "    %s  ", journal_account_name(j, u->account));
	dec_neg(&v, &u->amount);
	fmt_amount(im, &im->text, u->commodity, &v,
		   u->commodity == s->commodity ? m->currency
						: commodity_symbol(&j->commodities, u->commodity));
	if (u->has_cost) {
		strbuf_addstr(&im->text, u->cost_total ? " @@ " : " @ ");
		dec_abs(&v, &u->cost);
		amount_format(&im->text, &j->commodities, u->cost_commodity, &v);
	}
	tag(&im->text, &sep, "invoice", party ? u->invoice : NULL);
	tag(&im->text, &sep, "match", "reversal");
	if (party)
		evidence(&im->text, &sep, x);
	strbuf_addch(&im->text, '\n');
	if (u->invoice && party) {
		strbuf_addstr(items, items->len ? ";" : "");
		strbuf_addstr(items, u->invoice);
	}
	if (party)
		x->party = journal_account_name(j, u->account);
	dec_clear(&v);
}

/* The decisions-table fields of a return of amount amt that reopened `items`. */
static void reversal_decided(struct importer *im, const struct movement *m, struct mv_tx *x,
			     const struct strbuf *items, const struct dec *amt)
{
	struct dec v = DEC_INIT;
	x->decision = "reversal";
	x->rule = "none";
	x->items = pstr(im, items->buf);
	dec_abs(&v, amt);
	x->applied = pdec(im, &v, m->currency);
	dec_set_i64(&v, 0, 0);
	x->unapplied = pdec(im, &v, m->currency);
	dec_clear(&v);
}

/*
 * A return of a payment read earlier in this same import (Tuesday's
 * payment and Friday's return in one call): the same two cases as in the
 * books (write_reversal()), from what the import remembered of the
 * payment. Returns true when it wrote the postings.
 */
static bool reverse_in_import(struct importer *im, const struct statement *s,
			      const struct movement *m, struct mv_tx *x, const struct dec *amt)
{
	VEC(const struct undo_post *) undo = VEC_INIT;
	struct dec sum = DEC_INIT;
	bool done = false;
	for (size_t i = 0; i < im->mv.n && !done; i++) {
		struct movement *om = &im->mv.v[i];
		if (om == m)
			break; /* only movements planned before this one */
		if (om->reversal || strcmp(om->currency, m->currency))
			continue;
		for (size_t k = 0; k < om->ntxs && !done; k++) {
			struct mv_tx *ox = &om->txs[k];
			if (ox->returned || !ox->end_to_end || strcmp(ox->end_to_end, x->end_to_end))
				continue;
			/* the whole entry comes back, or this detail of it */
			dec_add(&sum, &om->amount, amt);
			bool whole = dec_is_zero(&sum);
			undo.n = 0;
			for (size_t q = 0; q < om->ntxs; q++) {
				const struct mv_tx *dx = &om->txs[q];
				if ((whole || q == k) && !dx->returned)
					for (size_t u = 0; u < dx->nposted; u++)
						VEC_PUSH(&undo, &dx->posted[u]);
			}
			for (size_t u = 0; whole && u < om->nrest; u++)
				VEC_PUSH(&undo, &om->rest[u]);
			if (!undo_balances(im->j, undo.v, undo.n, s->commodity, amt))
				continue;
			struct strbuf items = STRBUF_INIT;
			for (size_t u = 0; u < undo.n; u++)
				reversal_posting(im, s, m, x, undo.v[u], &items);
			for (size_t q = 0; q < om->ntxs; q++)
				if (whole || q == k)
					om->txs[q].returned = true;
			struct strbuf note = STRBUF_INIT;
			char day[11] = "";
			if (om->booking != DATE_NONE)
				date_format(om->booking, day);
			strbuf_addf(&note, "returned payment: reopens what the %s of %s in this import "
					   "cleared (%s, entry %zu)",
				    whole ? "movement" : "batch entry's detail", day,
				    om->stmt < im->st.n ? im->st.v[om->stmt].base : "", om->entry);
			x->note = pstr(im, note.buf);
			strbuf_release(&note);
			reversal_decided(im, m, x, &items, amt);
			strbuf_release(&items);
			done = true;
		}
	}
	dec_clear(&sum);
	VEC_FREE(&undo);
	return done;
}

/* True when every invoice in the `;`-separated list is one of the n numbers in inv. */
static bool items_within(const char *list, const char *const *inv, size_t n)
{
	if (!list || !*list)
		return false;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			found = strlen(inv[k]) == len && !memcmp(inv[k], p, len);
		if (!found)
			return false;
		p += len + (e != NULL);
	}
	return true;
}

/*
 * A returned payment (RvslInd) reopens what the original movement cleared:
 * finds, in the books, the latest transaction on this bank account that has
 * the return's end-to-end id and either cancels out with it as a whole (its
 * bank postings, returns left out, plus the return make zero) or, for one
 * detail of a batch entry, whose postings for that detail are worth the
 * returned amount: the postings with that end-to-end id and the write-off,
 * discount or exchange difference booked for their invoices. Writes those
 * postings back, negated (party accounts reopen their items), and returns
 * true; false (nothing written) when there is no such movement or it
 * cleared nothing on a party account.
 */
static bool write_reversal(struct importer *im, const struct statement *s, const struct movement *m,
			   struct mv_tx *x, const struct dec *amt)
{
	struct journal *j = im->j;
	struct strbuf want = STRBUF_INIT, items = STRBUF_INIT;
	uint32_t e2e = journal_tag_id(j, "end-to-end"), inv = journal_tag_id(j, "invoice");
	uint32_t rev = journal_tag_id(j, "reversal"), items_id = journal_tag_id(j, "items");
	struct dec sum = DEC_INIT;
	VEC(struct undo_post) undo = VEC_INIT;
	VEC(const struct undo_post *) ptrs = VEC_INIT;
	VEC(const char *) numbers = VEC_INIT;
	bool done = false;
	if (!m->reversal || !x->end_to_end)
		return false;
	if (reverse_in_import(im, s, m, x, amt))
		return true;
	if (e2e == NO_ID)
		return false;
	add_tag_value(&want, x->end_to_end);
	for (size_t ti = j->txns.n; ti-- > 0 && !done;) {
		const struct txn *t = &j->txns.v[ti];
		bool ours = false, same = false;
		dec_set_i64(&sum, 0, 0);
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			const char *val;
			if (p->account == s->bank && p->commodity == s->commodity &&
			    !(rev != NO_ID && journal_posting_tag_id(j, p, rev))) {
				dec_add(&sum, &sum, &p->amount);
				ours = true;
			}
			if (p->extra != NO_ID && (val = journal_posting_tag_id(j, p, e2e)) &&
			    !strcmp(val, want.buf))
				same = true;
		}
		if (!ours || !same)
			continue;
		/* the whole movement comes back, or the detail with this end-to-end id */
		dec_add(&sum, &sum, amt);
		bool whole = dec_is_zero(&sum);
		undo.n = numbers.n = ptrs.n = 0;
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			const char *val = journal_posting_tag_id(j, p, e2e);
			if (p->account == s->bank || (!whole && !(val && !strcmp(val, want.buf))))
				continue;
			const char *number = inv != NO_ID ? journal_posting_tag_id(j, p, inv) : NULL;
			*VEC_GROW(&undo) = undo_of(j, p, number);
			if (number)
				VEC_PUSH(&numbers, number);
		}
		/* the detail's write-off, discount or exchange difference: booked for its invoices */
		for (uint32_t k = 0; !whole && k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			uint8_t role = j->accounts.v[p->account].role;
			if ((role != ROLE_WRITEOFF && role != ROLE_DISCOUNT && role != ROLE_DISCOUNT_RECEIVED &&
			     role != ROLE_FX) ||
			    journal_posting_tag_id(j, p, e2e) ||
			    !items_within(items_id != NO_ID ? journal_posting_tag_id(j, p, items_id) : NULL,
					  numbers.v, numbers.n))
				continue;
			*VEC_GROW(&undo) = undo_of(j, p, NULL);
		}
		for (size_t q = 0; q < undo.n; q++)
			VEC_PUSH(&ptrs, &undo.v[q]);
		/* what is undone must be worth what the bank took back */
		if (!undo_balances(j, ptrs.v, ptrs.n, s->commodity, amt))
			continue;
		for (size_t q = 0; q < undo.n; q++)
			reversal_posting(im, s, m, x, &undo.v[q], &items);
		done = true;
		char date[11];
		date_format(t->date, date);
		struct strbuf note = STRBUF_INIT;
		strbuf_addf(&note, "returned payment: reopens what the %s of %s cleared (%s:%u)",
			    whole ? "movement" : "batch entry's detail", date, j->files.v[t->file].path,
			    t->line);
		x->note = pstr(im, note.buf);
		strbuf_release(&note);
	}
	if (done)
		reversal_decided(im, m, x, &items, amt);
	strbuf_release(&want);
	strbuf_release(&items);
	dec_clear(&sum);
	VEC_FREE(&undo); /* their decimals are the books' */
	VEC_FREE(&ptrs);
	VEC_FREE(&numbers);
	return done;
}

/* The unit cost in commodity com (`@`) with which item i was opened, or NULL. */
static const struct dec *historical_unit(struct importer *im, size_t item, uint32_t com)
{
	const struct journal *j = im->j;
	size_t n;
	const uint32_t *ps = openitems_item_postings(im->oi, item, &n);
	for (size_t k = 0; k < n; k++) {
		const struct posting *p = &j->postings.v[ps[k]];
		if (!(p->flags & POSTING_COST))
			continue;
		const struct posting_aux *a = &j->aux.v[j->extras.v[p->extra].aux];
		if (a->cost_commodity == com && !a->cost_total)
			return &a->cost;
	}
	return NULL;
}

/*
 * A payment in another currency than the bank account's (AmtDtls/InstdAmt,
 * converted by the bank): matched in the instructed currency against items
 * opened at a unit cost in the bank's currency. The party postings carry
 * the items' own unit costs, and the difference between what the bank
 * credited and the items' booked value is the realised exchange difference,
 * posted exactly to the `role: fx` account. Returns false (nothing written,
 * nothing applied) when that does not work out.
 */
static bool write_foreign(struct importer *im, const struct statement *s, const struct movement *m,
			  struct mv_tx *x, const struct dec *amt)
{
	struct journal *j = im->j;
	uint32_t ic = commodity_intern(&j->commodities, x->instructed_ccy, strlen(x->instructed_ccy));
	struct match_result r;
	struct match_movement mv = { DEC_INIT, ic, m->booking, x->cref, x->remittance, x->docs,
				     x->cp_iban, x->cp_name };
	const struct dec **unit = NULL;
	struct dec q = DEC_INIT, w = DEC_INIT, total = DEC_INIT, fx = DEC_INIT, rest_value = DEC_INIT;
	struct strbuf items = STRBUF_INIT;
	int sign = dec_sgn(amt) >= 0 ? 1 : -1;
	bool ok;

	match_result_init(&r);
	dec_set(&mv.amount, &x->instructed);
	(void)match_movement(im->matcher, &mv, &r);
	dec_clear(&mv.amount);
	ok = ((r.decision == MATCH_MATCHED || r.decision == MATCH_PARTIAL ||
	       r.decision == MATCH_OVERPAID) && r.nalloc) ||
	     (r.decision == MATCH_ON_ACCOUNT && r.party != NO_ID);
	unit = xcalloc(r.nalloc ? r.nalloc : 1, sizeof(*unit));
	for (size_t k = 0; ok && k < r.nalloc; k++) {
		unit[k] = historical_unit(im, r.alloc[k].item, s->commodity);
		if (!unit[k])
			ok = false;
	}
	for (size_t k = 0; ok && k < r.nalloc; k++) {
		party_amount(&q, &r.alloc[k].applied, sign);
		if (dec_mul(&w, &q, unit[k]))
			ok = false;
		dec_add(&total, &total, &w);
	}
	/*
	 * What is left unapplied (an overpayment, money on account) stays on the
	 * party's account in the foreign currency, valued at the bank's own rate
	 * for this payment (what it booked / what was instructed), rounded
	 * half-even to the bank currency: it adds no exchange difference.
	 */
	bool has_rest = ok && dec_sgn(&r.unapplied) > 0;
	if (has_rest) {
		mpq_t a, b;
		mpq_init(a);
		mpq_init(b);
		dec_abs(&w, amt);
		dec_get_mpq(a, &w);
		dec_get_mpq(b, &r.unapplied);
		mpq_mul(a, a, b);
		dec_abs(&w, &x->instructed);
		dec_get_mpq(b, &w);
		if (mpq_sgn(b) == 0 ||
		    (mpq_div(a, a, b), dec_set_mpq(&rest_value, a,
						   j->commodities.v[s->commodity].precision,
						   DEC_ROUND_HALF_EVEN)))
			ok = false;
		mpq_clear(a);
		mpq_clear(b);
		party_amount(&q, &r.unapplied, sign);
		if (dec_sgn(&q) < 0)
			dec_sub(&total, &total, &rest_value);
		else
			dec_add(&total, &total, &rest_value);
	}
	if (!ok) {
		match_undo(im->matcher, &r);
		goto cleanup;
	}
	const char *sep;
	x->decision = match_decision_name(r.decision);
	x->rule = match_rule_name(r.rule);
	x->party = journal_account_name(j, r.party);
	for (size_t k = 0; k < r.nalloc; k++) {
		const struct openitem *it = openitems_item(im->oi, r.alloc[k].item);
		strbuf_addf(&im->text, "    %s  ", journal_account_name(j, it->account));
		party_amount(&q, &r.alloc[k].applied, sign);
		fmt_amount(im, &im->text, ic, &q, x->instructed_ccy);
		strbuf_addstr(&im->text, " @ ");
		amount_format(&im->text, &j->commodities, s->commodity, unit[k]);
		remember(&x->posted, &x->nposted, it->account, it->invoice, ic, &q, unit[k], false,
			 s->commodity);
		sep = "  ; ";
		tag(&im->text, &sep, "invoice", it->invoice);
		tag(&im->text, &sep, "match", x->decision);
		tag(&im->text, &sep, "rule", x->rule);
		if (!k)
			evidence(&im->text, &sep, x);
		strbuf_addch(&im->text, '\n');
		strbuf_addstr(&items, k ? ";" : "");
		strbuf_addstr(&items, it->invoice);
		x->party = journal_account_name(j, it->account);
	}
	if (has_rest) {
		strbuf_addf(&im->text, "    %s  ", journal_account_name(j, r.party));
		party_amount(&q, &r.unapplied, sign);
		fmt_amount(im, &im->text, ic, &q, x->instructed_ccy);
		strbuf_addstr(&im->text, " @@ ");
		amount_format(&im->text, &j->commodities, s->commodity, &rest_value);
		remember(&x->posted, &x->nposted, r.party, NULL, ic, &q, &rest_value, true, s->commodity);
		sep = "  ; ";
		tag(&im->text, &sep, "match", x->decision);
		tag(&im->text, &sep, "rule", x->rule);
		tag(&im->text, &sep, "unapplied", "yes");
		if (!r.nalloc)
			evidence(&im->text, &sep, x);
		strbuf_addch(&im->text, '\n');
	}
	/* the exchange difference: what the bank booked against the items' value */
	dec_add(&fx, amt, &total);
	dec_neg(&fx, &fx);
	if (!dec_is_zero(&fx)) {
		uint32_t acc = im->fx != NO_ID ? im->fx : im->suspense;
		strbuf_addf(&im->text, "    %s  ", journal_account_name(j, acc));
		fmt_amount(im, &im->text, s->commodity, &fx, m->currency);
		remember(&x->posted, &x->nposted, acc, NULL, s->commodity, &fx, NULL, false, 0);
		sep = "  ; ";
		tag(&im->text, &sep, "match", "fx");
		tag(&im->text, &sep, "items", items.buf);
		strbuf_addch(&im->text, '\n');
	}
	struct strbuf note = STRBUF_INIT;
	if (dec_is_zero(&fx))
		strbuf_addf(&note, "%s; paid in %s at the bank's rate", r.note.buf, x->instructed_ccy);
	else
		strbuf_addf(&note, "%s; paid in %s, the exchange difference to %s", r.note.buf,
			    x->instructed_ccy,
			    im->fx != NO_ID ? journal_account_name(j, im->fx)
					    : "suspense (no role: fx account)");
	x->note = pstr(im, note.buf);
	strbuf_release(&note);
	x->items = pstr(im, items.buf);
	dec_abs(&q, &x->instructed);
	dec_sub(&q, &q, &r.unapplied); /* what went to the items */
	x->applied = pdec(im, &q, x->instructed_ccy);
	x->unapplied = pdec(im, &r.unapplied, x->instructed_ccy);
	x->applied_ccy = pstr(im, x->instructed_ccy);
cleanup:
	free(unit);
	match_result_release(&r);
	dec_clear(&q);
	dec_clear(&w);
	dec_clear(&total);
	dec_clear(&fx);
	dec_clear(&rest_value);
	strbuf_release(&items);
	return ok;
}

/* ------------------------------------------------------------------ */
/* the payment runs' transfers: cleared, returned, rejected (formats/pay.md) */

/* The bills transfer tr paid, separated by ';' (pool string). */
static const char *transfer_items(struct importer *im, const struct pay_transit *tr)
{
	const struct journal *j = im->j;
	const struct txn *t = &j->txns.v[tr->txn];
	uint32_t inv = journal_tag_id(j, "invoice"), e2e = journal_tag_id(j, "end-to-end");
	struct strbuf sb = STRBUF_INIT;
	for (uint32_t k = 0; inv != NO_ID && k < t->nposting; k++) {
		const struct posting *p = &j->postings.v[t->first_posting + k];
		const char *n = journal_posting_tag_id(j, p, inv), *e = journal_posting_tag_id(j, p, e2e);
		if (!n || !e || strcmp(e, tr->end_to_end) || dec_sgn(&p->amount) <= 0 ||
		    !journal_is_party(j, p->account))
			continue;
		strbuf_addstr(&sb, sb.len ? ";" : "");
		strbuf_addstr(&sb, n);
	}
	const char *r = pstr(im, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* What the state of a transfer says, for notes: "was already debited (FILE:LINE)". */
static const char *transit_state_text(struct importer *im, const struct pay_transit *tr)
{
	struct strbuf sb = STRBUF_INIT;
	switch (tr->state) {
	case PAY_TRANSIT_OPEN:
		strbuf_addstr(&sb, "is still in transit");
		break;
	case PAY_TRANSIT_CLEARED:
		strbuf_addstr(&sb, "was already debited");
		break;
	case PAY_TRANSIT_RETURNED:
		strbuf_addstr(&sb, "was debited and returned already");
		break;
	case PAY_TRANSIT_REJECTED:
		strbuf_addstr(&sb, "was rejected");
		break;
	default:
		strbuf_addstr(&sb, "is no longer in transit");
		break;
	}
	if (tr->closed_at)
		strbuf_addf(&sb, " (%s)", tr->closed_at);
	const char *r = pstr(im, sb.buf);
	strbuf_release(&sb);
	return r;
}

/*
 * A movement of one of our transfers that cannot clear or reopen it
 * exactly goes to suspense, for a person: no matching guesses about money
 * a payment run sent.
 */
static void pay_exception(struct importer *im, const struct statement *s, const struct movement *m,
			  struct mv_tx *x, const struct dec *amt, const char *rule, const char *note)
{
	struct strbuf *t = &im->text;
	struct dec v = DEC_INIT;
	const char *sep = "  ; ";
	strbuf_addf(t, "    %s  ", journal_account_name(im->j, im->suspense));
	dec_neg(&v, amt);
	fmt_amount(im, t, s->commodity, &v, m->currency);
	remember_post(x, im->suspense, NULL, s->commodity, &v);
	tag(t, &sep, "match", "suspense");
	evidence(t, &sep, x);
	strbuf_addch(t, '\n');
	dec_set_i64(&v, 0, 0);
	x->decision = "suspense";
	x->rule = rule;
	x->note = pstr(im, note);
	x->applied = x->unapplied = pdec(im, &v, m->currency);
	dec_clear(&v);
}

/* True when the statement's account is the one transfer tr was sent from. */
static bool same_debtor(const struct statement *s, const struct pay_transit *tr)
{
	struct strbuf a = STRBUF_INIT;
	refs_normalize(&a, s->account);
	bool same = tr->debtor_iban && !strcmp(a.buf, tr->debtor_iban) && tr->commodity == s->commodity;
	strbuf_release(&a);
	return same;
}

/* The decisions-table fields of a movement that cleared transfer tr for amt. */
static void cleared_decided(struct importer *im, const struct movement *m, struct mv_tx *x,
			    const struct pay_transit *tr, const struct dec *amt, const char *rule,
			    const char *note)
{
	struct dec v = DEC_INIT;
	x->decision = "cleared";
	x->rule = rule;
	x->party = tr->vendor != NO_ID ? journal_account_name(im->j, tr->vendor) : NULL;
	x->items = transfer_items(im, tr);
	dec_abs(&v, amt);
	x->applied = pdec(im, &v, m->currency);
	dec_set_i64(&v, 0, 0);
	x->unapplied = pdec(im, &v, m->currency);
	x->note = note;
	dec_clear(&v);
}

/* The transit posting that clears transfer tr (its whole open amount). */
static void clearing_posting(struct importer *im, const struct statement *s, const struct movement *m,
			     const struct mv_tx *x, struct pay_transit *tr, const char *rule, bool first)
{
	struct strbuf *t = &im->text;
	const char *sep = "  ; ";
	strbuf_addf(t, "    %s  ", journal_account_name(im->j, tr->account));
	fmt_amount(im, t, s->commodity, &tr->open, m->currency);
	tag(t, &sep, "end-to-end", tr->end_to_end);
	tag(t, &sep, "match", "cleared");
	tag(t, &sep, "rule", rule);
	if (first) {
		struct mv_tx ev = *x;
		ev.end_to_end = NULL; /* written above */
		evidence(t, &sep, &ev);
	}
	strbuf_addch(t, '\n');
	dec_set_i64(&tr->open, 0, 0);
	tr->state = PAY_TRANSIT_CLEARED;
	tr->closed_at = s->base;
}

/* A bank debit of our transfer tr: cleared when it is exactly what is in transit, else suspense. */
static void clear_transfer(struct importer *im, const struct statement *s, const struct movement *m,
			   struct mv_tx *x, const struct dec *amt, struct pay_transit *tr)
{
	struct dec v = DEC_INIT;
	struct strbuf note = STRBUF_INIT;
	dec_neg(&v, amt);
	strbuf_addf(&note, "our transfer %s of %s (%s)", tr->end_to_end, tr->run, transfer_items(im, tr));
	if (!same_debtor(s, tr)) {
		strbuf_addf(&note, " was sent from another account (%s): a debit here clears nothing; "
				   "for a person", tr->debtor_iban ? tr->debtor_iban : "unknown");
	} else if (tr->state != PAY_TRANSIT_OPEN) {
		strbuf_addf(&note, " %s: a second debit? for a person", transit_state_text(im, tr));
	} else if (dec_cmp(&v, &tr->open)) {
		strbuf_addstr(&note, " sent ");
		dec_format_plain(&note, &tr->open, exponent_of(m->currency));
		strbuf_addstr(&note, ", the bank debited ");
		dec_format_plain(&note, &v, exponent_of(m->currency));
		strbuf_addstr(&note, ": a different amount stays in transit, this one in suspense, for a "
				     "person");
	} else {
		strbuf_addstr(&note, ": debited by the bank, no longer in transit");
		clearing_posting(im, s, m, x, tr, "end-to-end", true);
		cleared_decided(im, m, x, tr, amt, "end-to-end", pstr(im, note.buf));
		goto out;
	}
	pay_exception(im, s, m, x, amt, "end-to-end", note.buf);
out:
	strbuf_release(&note);
	dec_clear(&v);
}

/*
 * Money back for our transfer tr (a return, or the bank reversing its
 * debit): when tr was debited and the whole amount comes back, the run's
 * postings for it (the bills paid, the credits netted, the discount taken)
 * are written back negated, so the bills are open again; else suspense.
 */
static void return_transfer(struct importer *im, const struct statement *s, const struct movement *m,
			    struct mv_tx *x, const struct dec *amt, struct pay_transit *tr)
{
	struct journal *j = im->j;
	const struct txn *t = &j->txns.v[tr->txn];
	uint32_t e2e = journal_tag_id(j, "end-to-end"), inv = journal_tag_id(j, "invoice");
	VEC(struct undo_post) undo = VEC_INIT;
	VEC(const struct undo_post *) ptrs = VEC_INIT;
	struct strbuf note = STRBUF_INIT, items = STRBUF_INIT;
	strbuf_addf(&note, "our transfer %s of %s (%s)", tr->end_to_end, tr->run, transfer_items(im, tr));
	for (uint32_t k = 0; k < t->nposting; k++) {
		const struct posting *p = &j->postings.v[t->first_posting + k];
		const char *e = journal_posting_tag_id(j, p, e2e);
		if (p->account == tr->account || !e || strcmp(e, tr->end_to_end))
			continue;
		*VEC_GROW(&undo) = undo_of(j, p, journal_is_party(j, p->account) && inv != NO_ID
						      ? journal_posting_tag_id(j, p, inv)
						      : NULL);
	}
	for (size_t q = 0; q < undo.n; q++)
		VEC_PUSH(&ptrs, &undo.v[q]);
	if (!same_debtor(s, tr)) {
		strbuf_addstr(&note, " was sent from another account: money back here reopens nothing; "
				     "for a person");
	} else if (tr->state != PAY_TRANSIT_CLEARED) {
		strbuf_addf(&note, " %s: money back for it reopens nothing; for a person",
			    transit_state_text(im, tr));
	} else if (!undo_balances(j, ptrs.v, ptrs.n, s->commodity, amt)) {
		strbuf_addstr(&note, " sent ");
		dec_format_plain(&note, &tr->amount, exponent_of(m->currency));
		strbuf_addstr(&note, ", the bank returned another amount: for a person");
	} else {
		for (size_t q = 0; q < undo.n; q++)
			reversal_posting(im, s, m, x, &undo.v[q], &items);
		tr->state = PAY_TRANSIT_RETURNED;
		tr->closed_at = s->base;
		strbuf_addstr(&note, " came back: its bills are open again for the next payment run");
		reversal_decided(im, m, x, &items, amt);
		x->rule = "end-to-end";
		x->note = pstr(im, note.buf);
		goto out;
	}
	pay_exception(im, s, m, x, amt, "end-to-end", note.buf);
out:
	VEC_FREE(&undo);
	VEC_FREE(&ptrs);
	strbuf_release(&note);
	strbuf_release(&items);
}

/*
 * A detail whose end-to-end id is one of our transfers: a debit clears it,
 * money back reopens its bills (formats/pay.md, "Clearing"). Returns false
 * for any other detail.
 */
static bool write_pay_detail(struct importer *im, const struct statement *s, const struct movement *m,
			     struct mv_tx *x, const struct dec *amt)
{
	size_t ti = im->tr && x->end_to_end ? pay_transits_find(im->tr, x->end_to_end) : SIZE_MAX;
	if (ti == SIZE_MAX || dec_is_zero(amt))
		return false;
	struct pay_transit *tr = pay_transit_at(im->tr, ti);
	if (dec_sgn(amt) < 0 && !m->reversal)
		clear_transfer(im, s, m, x, amt, tr);
	else if (dec_sgn(amt) > 0)
		return_transfer(im, s, m, x, amt, tr);
	else
		return false;
	return true;
}

/* The payment information block a batch-booked debit names, when it is one of ours. */
static const char *our_block(struct importer *im, const struct movement *m)
{
	const char *id = m->batch_pmt_inf_id;
	for (size_t k = 0; !id && k < m->ntxs; k++)
		id = m->txs[k].pmt_inf_id;
	for (size_t k = 0; id && k < m->ntxs; k++)
		if ((m->txs[k].pmt_inf_id && strcmp(m->txs[k].pmt_inf_id, id)) ||
		    (m->txs[k].end_to_end && pay_transits_find(im->tr, m->txs[k].end_to_end) != SIZE_MAX))
			return NULL; /* several blocks, or details that say which transfer they are */
	const size_t *idx;
	return id && strchr(id, '/') && pay_transits_group(im->tr, id, &idx) ? id : NULL;
}

/*
 * A batch booking of one of our payment information blocks (Btch/PmtInfId or
 * Refs/PmtInfId, the details not naming our transfers): it clears every
 * transfer of the block still in transit when it is exactly their sum, else
 * it goes to suspense. Writes the other side of the movement and returns
 * true; false when the movement is no such booking.
 */
static bool write_pay_block(struct importer *im, const struct statement *s, struct movement *m)
{
	const char *id = im->tr && dec_sgn(&m->amount) < 0 && !m->reversal && m->ntxs ? our_block(im, m)
										 : NULL;
	const size_t *idx;
	size_t n = id ? pay_transits_group(im->tr, id, &idx) : 0;
	struct dec sum = DEC_INIT, v = DEC_INIT;
	struct strbuf note = STRBUF_INIT;
	size_t open = 0;
	if (!n)
		return false;
	for (size_t k = 0; k < n; k++) {
		const struct pay_transit *tr = pay_transit_at(im->tr, idx[k]);
		if (tr->state == PAY_TRANSIT_OPEN && same_debtor(s, tr)) {
			dec_add(&sum, &sum, &tr->open);
			open++;
		}
	}
	dec_neg(&v, &m->amount);
	struct mv_tx *x = &m->txs[0];
	if (open && !dec_cmp(&sum, &v)) {
		bool first = true;
		for (size_t k = 0; k < n; k++) {
			struct pay_transit *tr = pay_transit_at(im->tr, idx[k]);
			if (tr->state != PAY_TRANSIT_OPEN || !same_debtor(s, tr))
				continue;
			clearing_posting(im, s, m, x, tr, "payment-info", first);
			first = false;
		}
		strbuf_addf(&note, "batch booking of our payment block %s: %zu transfer%s debited "
				   "together, no longer in transit",
			    id, open, open == 1 ? "" : "s");
		for (size_t k = 0; k < m->ntxs; k++) {
			struct mv_tx *dx = &m->txs[k];
			cleared_decided(im, m, dx, pay_transit_at(im->tr, idx[0]),
					dx->has_amount ? &dx->amount : &m->amount, "payment-info",
					pstr(im, note.buf));
			dx->items = NULL; /* several transfers: the note says which block */
			dx->party = NULL;
		}
	} else {
		strbuf_addf(&note, "batch booking of our payment block %s: the bank debited ", id);
		dec_format_plain(&note, &v, exponent_of(m->currency));
		strbuf_addf(&note, ", the %zu transfer%s in transit come to ", open, open == 1 ? "" : "s");
		dec_format_plain(&note, &sum, exponent_of(m->currency));
		strbuf_addstr(&note, ": for a person");
		pay_exception(im, s, m, x, &m->amount, "payment-info", note.buf);
		for (size_t k = 1; k < m->ntxs; k++) {
			m->txs[k].decision = "suspense";
			m->txs[k].rule = "payment-info";
			m->txs[k].note = x->note;
		}
	}
	strbuf_release(&note);
	dec_clear(&sum);
	dec_clear(&v);
	return true;
}

/*
 * Writes the postings of one transaction detail of signed amount amt (bank
 * side): to the suspense account, or, when matching decided, to the party's
 * account per invoice, with write-off and discount postings.
 */
static void write_detail(struct importer *im, const struct statement *s, const struct movement *m,
			 struct mv_tx *x, const struct dec *amt)
{
	struct journal *j = im->j;
	struct strbuf *t = &im->text;
	struct match_result r;
	struct dec v = DEC_INIT;
	const char *sep;
	int sign = dec_sgn(amt) >= 0 ? 1 : -1;

	match_result_init(&r);
	if (write_pay_detail(im, s, m, x, amt))
		goto done;
	if (write_reversal(im, s, m, x, amt))
		goto done;
	if (im->matcher && x->has_instructed && write_foreign(im, s, m, x, amt))
		goto done;
	if (im->matcher) {
		struct match_movement mv = { DEC_INIT, s->commodity, m->booking, x->cref, x->remittance,
					     x->docs, x->cp_iban, x->cp_name };
		dec_set(&mv.amount, amt);
		(void)match_movement(im->matcher, &mv, &r);
		dec_clear(&mv.amount);
	}
	x->decision = match_decision_name(r.decision);
	x->rule = match_rule_name(r.rule);
	x->note = pstr(im, r.note.buf);
	x->unapplied = pdec(im, &r.unapplied, m->currency);
	/* a bank fee nobody has to explain: money out with an ISO code of the CHRG sub-family */
	const char *code = x->btc ? x->btc : m->btc;
	if (r.decision == MATCH_SUSPENSE && sign < 0 && im->charges != NO_ID && code &&
	    (strstr(code, "/CHRG") != NULL)) {
		strbuf_addf(t, "    %s  ", journal_account_name(j, im->charges));
		dec_neg(&v, amt);
		fmt_amount(im, t, s->commodity, &v, m->currency);
		remember_post(x, im->charges, NULL, s->commodity, &v);
		sep = "  ; ";
		tag(t, &sep, "bank-charges", "yes");
		evidence(t, &sep, x);
		strbuf_addch(t, '\n');
		x->decision = match_decision_name(MATCH_MATCHED);
		x->party = journal_account_name(j, im->charges);
		dec_abs(&v, amt);
		x->applied = pdec(im, &v, m->currency);
		strbuf_reset(&r.note);
		strbuf_addf(&r.note, "bank charges (bank transaction code %s): to the charges account", code);
		x->note = pstr(im, r.note.buf);
		goto done;
	}
	if (r.decision == MATCH_SUSPENSE) {
		strbuf_addf(t, "    %s  ", journal_account_name(j, im->suspense));
		dec_neg(&v, amt);
		fmt_amount(im, t, s->commodity, &v, m->currency);
		remember_post(x, im->suspense, NULL, s->commodity, &v); /* undone with the whole entry */
		sep = "  ; ";
		tag(t, &sep, "match", "suspense");
		evidence(t, &sep, x);
		strbuf_addch(t, '\n');
		x->applied = pdec(im, &r.unapplied, m->currency); /* zero */
		goto done;
	}
	x->party = journal_account_name(j, r.party);
	struct strbuf items = STRBUF_INIT;
	struct dec applied = DEC_INIT;
	bool first = true;
	for (size_t k = 0; k < r.nalloc; k++) {
		const struct openitem *it = openitems_item(im->oi, r.alloc[k].item);
		strbuf_addf(t, "    %s  ", journal_account_name(j, it->account));
		party_amount(&v, &r.alloc[k].applied, sign);
		fmt_amount(im, t, s->commodity, &v, m->currency);
		remember_post(x, it->account, it->invoice, s->commodity, &v);
		sep = "  ; ";
		tag(t, &sep, "invoice", it->invoice);
		tag(t, &sep, "match", x->decision);
		tag(t, &sep, "rule", x->rule);
		if (first)
			evidence(t, &sep, x);
		first = false;
		strbuf_addch(t, '\n');
		strbuf_addstr(&items, k ? ";" : "");
		strbuf_addstr(&items, it->invoice);
		dec_add(&applied, &applied, &r.alloc[k].applied);
	}
	if (dec_sgn(&r.unapplied) > 0) {
		strbuf_addf(t, "    %s  ", journal_account_name(j, r.party));
		party_amount(&v, &r.unapplied, sign);
		fmt_amount(im, t, s->commodity, &v, m->currency);
		remember_post(x, r.party, NULL, s->commodity, &v);
		sep = "  ; ";
		tag(t, &sep, "match", x->decision);
		tag(t, &sep, "rule", x->rule);
		tag(t, &sep, "unapplied", "yes");
		if (first)
			evidence(t, &sep, x);
		strbuf_addch(t, '\n');
	}
	const struct dec *extra[2] = { &r.writeoff, &r.discount };
	/* a discount a vendor grants (money out) goes where the payment run puts it */
	uint32_t extra_acc[2] = { im->writeoff, sign < 0 && im->discount_received != NO_ID
							  ? im->discount_received
							  : im->discount };
	for (int e = 0; e < 2; e++) {
		if (dec_sgn(extra[e]) <= 0)
			continue;
		strbuf_addf(t, "    %s  ", journal_account_name(j, extra_acc[e]));
		party_amount(&v, extra[e], -sign);
		fmt_amount(im, t, s->commodity, &v, m->currency);
		remember_post(x, extra_acc[e], NULL, s->commodity, &v); /* a return undoes it too */
		sep = "  ; ";
		tag(t, &sep, "match", x->decision);
		tag(t, &sep, "items", items.buf);
		strbuf_addch(t, '\n');
	}
	x->items = pstr(im, items.buf);
	x->applied = pdec(im, &applied, m->currency);
	strbuf_release(&items);
	dec_clear(&applied);
done:
	match_result_release(&r);
	dec_clear(&v);
}

static void write_movement(struct importer *im, const struct statement *s, struct movement *m)
{
	struct journal *j = im->j;
	struct strbuf *t = &im->text;
	char date[11];
	struct dec rest = DEC_INIT, neg = DEC_INIT;
	const struct mv_tx *first = m->ntxs ? &m->txs[0] : NULL;

	date_format(m->booking, date);
	strbuf_addf(t, "%s * ", date);
	/* description: counterparty | remittance; no ';' (it would start a comment) */
	struct strbuf desc = STRBUF_INIT;
	if (first && first->cp_name)
		add_tag_value(&desc, first->cp_name);
	else
		strbuf_addstr(&desc, dec_sgn(&m->amount) >= 0 ? "bank credit" : "bank debit");
	if (first && (first->remittance || first->cref)) {
		strbuf_addstr(&desc, " | ");
		add_tag_value(&desc, first->remittance ? first->remittance : first->cref);
	}
	for (size_t i = 0; i < desc.len; i++)
		if (desc.buf[i] == ';')
			desc.buf[i] = ',';
	if (desc.buf[0] == '(')
		desc.buf[0] = '[';
	strbuf_add(t, desc.buf, desc.len);
	strbuf_release(&desc);
	statement_tags(t, s);
	const char *sep = ", ";
	tag(t, &sep, "bank-code", m->btc);
	strbuf_addch(t, '\n');

	/* the bank account */
	strbuf_addf(t, "    %s  ", journal_account_name(j, s->bank));
	fmt_amount(im, t, s->commodity, &m->amount, m->currency);
	strbuf_addstr(t, "  ; bank-id: ");
	strbuf_addstr(t, m->identity);
	if (m->acct_ref && strncmp(m->identity, "ref:", 4)) {
		strbuf_addstr(t, ", bank-ref: ");
		add_tag_value(t, m->acct_ref);
	}
	if (m->value != DATE_NONE) {
		date_format(m->value, date);
		strbuf_addf(t, ", value-date: %s", date);
	}
	if (m->reversal)
		strbuf_addstr(t, ", reversal: yes");
	strbuf_addch(t, '\n');

	if (write_pay_block(im, s, m)) {
		strbuf_addch(t, '\n');
		goto out;
	}
	/* the other side, per detail with an amount: what matching decided */
	dec_neg(&rest, &m->amount);
	bool any = false;
	struct dec amt = DEC_INIT;
	for (size_t k = 0; k < m->ntxs; k++) {
		struct mv_tx *x = &m->txs[k];
		bool last = k + 1 == m->ntxs;
		if (!x->has_amount && !(last && !any))
			continue;
		if (x->has_amount) {
			dec_set(&amt, &x->amount);
			dec_add(&rest, &rest, &x->amount);
		} else {
			dec_neg(&amt, &rest);
			dec_set_i64(&rest, 0, 0);
		}
		write_detail(im, s, m, x, &amt);
		any = true;
	}
	dec_clear(&amt);
	if (!dec_is_zero(&rest)) {
		/* what the details do not explain: the entry's charges, else suspense */
		bool charges = m->has_charges && im->charges != NO_ID;
		if (charges) {
			dec_abs(&neg, &rest);
			charges = dec_cmp(&neg, &m->charges) == 0;
		}
		uint32_t acc = charges ? im->charges : im->suspense;
		strbuf_addf(t, "    %s  ", journal_account_name(j, acc));
		fmt_amount(im, t, s->commodity, &rest, m->currency);
		/* a return of the whole entry undoes it with the details */
		remember(&m->rest, &m->nrest, acc, NULL, s->commodity, &rest, NULL, false, 0);
		strbuf_addstr(t, charges ? "  ; bank-charges: yes" : "  ; unexplained: entry amount minus its details");
		strbuf_addch(t, '\n');
	}
	strbuf_addch(t, '\n');
out:
	dec_clear(&rest);
	dec_clear(&neg);
}

static void write_closing(struct importer *im, const struct statement *s)
{
	struct strbuf *t = &im->text;
	char date[11];
	struct dec zero = DEC_INIT;
	date_format(s->closing_date, date);
	strbuf_addf(t, "%s * closing balance of %s ", date, s->kind);
	add_tag_value(t, s->id);
	statement_tags(t, s);
	const char *sep = ", ";
	tag(t, &sep, "statement-seq", s->seq);
	strbuf_addch(t, '\n');
	strbuf_addf(t, "    %s  ", journal_account_name(im->j, s->bank));
	fmt_amount(im, t, s->commodity, &zero, s->currency);
	strbuf_addstr(t, " = ");
	fmt_amount(im, t, s->commodity, &s->closing, s->currency);
	strbuf_addf(t, "\n    %s  ", journal_account_name(im->j, im->suspense));
	fmt_amount(im, t, s->commodity, &zero, s->currency);
	strbuf_addstr(t, "\n\n");
}

/* Parses a plain decimal "12" or "0.05" (no sign, no marks) into out; false if malformed. */
static bool parse_plain(const char *s, struct dec *out)
{
	char digits[40];
	size_t n = 0;
	int32_t scale = 0;
	bool frac = false;
	for (; *s; s++) {
		if (*s == '.' && !frac) {
			frac = true;
			continue;
		}
		if (*s < '0' || *s > '9' || n + 1 >= sizeof(digits))
			return false;
		digits[n++] = *s;
		scale += frac;
	}
	return n && dec_from_digits(out, digits, n, scale, false) == 0;
}

static void PRINTF_LIKE(4, 5) policy_error(struct importer *im, struct diag *d, uint32_t acc,
					   const char *fmt, ...)
{
	const struct account *a = &im->j->accounts.v[acc];
	struct srcloc loc = { im->j->files.v[a->decl_file].path, a->decl_line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
}

/* Reads a small positive integer tag; false after reporting a bad value. */
static bool policy_int(struct importer *im, struct diag *d, const char *name, int max, int *out)
{
	const char *v = journal_account_tag(im->j, im->suspense, name);
	long n = 0;
	if (!v)
		return true;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > max) {
			n = -1;
			break;
		}
		n = n * 10 + (*p - '0');
	}
	if (!*v || n < 1 || n > max) {
		policy_error(im, d, im->suspense, "tag '%s: %s' must be a number from 1 to %d", name, v,
			     max);
		return false;
	}
	*out = (int)n;
	return true;
}

/*
 * The rules and search limits from the tags of the `role: suspense`
 * account: `match-rules:` (the rules to use, separated by blanks),
 * `match-max-items:` and `match-max-candidates:`. Returns 0 or CLERK_EINVALID.
 */
static int policy_from_suspense(struct importer *im, struct match_policy *p, struct diag *d)
{
	if (im->suspense == NO_ID)
		return 0;
	const char *rules = journal_account_tag(im->j, im->suspense, "match-rules");
	if (rules) {
		p->use_reference = p->use_invoice_number = p->use_amount = p->use_combination = false;
		const char *s = rules;
		while (*s) {
			while (*s == ' ' || *s == ';')
				s++;
			const char *e = s;
			while (*e && *e != ' ' && *e != ';')
				e++;
			size_t n = (size_t)(e - s);
			if (!n)
				break;
			if (n == 9 && !memcmp(s, "reference", n))
				p->use_reference = true;
			else if (n == 14 && !memcmp(s, "invoice-number", n))
				p->use_invoice_number = true;
			else if (n == 6 && !memcmp(s, "amount", n))
				p->use_amount = true;
			else if (n == 11 && !memcmp(s, "combination", n))
				p->use_combination = true;
			else {
				policy_error(im, d, im->suspense,
					     "tag 'match-rules: %s': unknown rule '%.*s' (expected reference, "
					     "invoice-number, amount or combination)",
					     rules, (int)n, s);
				return CLERK_EINVALID;
			}
			s = e;
		}
	}
	if (!policy_int(im, d, "match-max-items", 64, &p->max_combination_items) ||
	    !policy_int(im, d, "match-max-candidates", 1000, &p->max_candidates))
		return CLERK_EINVALID;
	return 0;
}

/* Whether a posting of the books reduces an item of the history file (it names its number). */
static bool history_touched(struct importer *im)
{
	struct strbuf key = STRBUF_INIT;
	bool touched = false;
	for (size_t k = 0; k < openitems_unknown_count(im->oi) && !touched; k++) {
		const struct openitems_unknown *u = openitems_unknown(im->oi, k);
		const struct history_row *rows;
		strbuf_reset(&key);
		openitems_normalize(&key, u->invoice);
		size_t n = key.len ? history_find(im->hist, 'n', key.buf, key.len, &rows) : 0;
		for (size_t r = 0; r < n && !touched; r++)
			touched = !strcmp(rows[r].invoice, u->invoice) &&
				  !strcmp(rows[r].account, journal_account_name(im->j, u->account)) &&
				  !strcmp(rows[r].commodity,
					  commodity_symbol(&im->j->commodities, u->commodity));
	}
	strbuf_release(&key);
	return touched;
}

/* Whether a statement read returns a payment (RvslInd): its original may be in the history file. */
static bool has_return(const struct importer *im)
{
	for (size_t i = 0; i < im->mv.n; i++)
		if (im->mv.v[i].reversal)
			return true;
	return false;
}

/*
 * The settled items of the history file (formats/close.md): looked up in
 * its keys file, unless that is missing or not the history file's, a
 * posting after the close names one of its items, or a statement returns
 * a payment (the movements carried whole are there); then the history
 * file is read as other commands read it, and the open items computed
 * again.
 */
static int setup_history(struct importer *im, const struct openitems_options *o, struct diag *d)
{
	int error = history_open_skipped(&im->hist, im->j);
	clerk_error_clear();
	if (!error && (!im->hist || (!has_return(im) && !history_touched(im))))
		return 0;
	history_close(im->hist);
	im->hist = NULL;
	openitems_free(im->oi);
	im->oi = NULL;
	if (history_read_skipped(im->j, d))
		return CLERK_EINVALID;
	return openitems_compute(&im->oi, im->j, o) ? CLERK_ERROR : 0;
}

/*
 * The open items of the books and the matching policy (formats/matching.md):
 * the write-off tolerance is the `tolerance:` tag of the `role: writeoff`
 * account (0 without one); discounts need a `role: discount` account.
 */
static int setup_matching(struct importer *im, struct diag *d)
{
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	struct match_policy p;
	o.side = OPENITEMS_BOTH;
	o.include_closed = true; /* to tell a payment of a settled invoice */
	o.index_numbers = true;  /* every movement looks numbers and references up */
	if (openitems_compute(&im->oi, im->j, &o) || setup_history(im, &o, d))
		return CLERK_ERROR;
	match_policy_init(&p);
	p.use_discount = im->discount != NO_ID;
	const char *tol = im->writeoff != NO_ID ? journal_account_tag(im->j, im->writeoff, "tolerance")
						: NULL;
	if (tol && !parse_plain(tol, &p.tolerance)) {
		struct srcloc loc = { im->j->files.v[im->j->accounts.v[im->writeoff].decl_file].path,
				      im->j->accounts.v[im->writeoff].decl_line, 0 };
		diag_add(d, DIAG_ERROR, &loc, NULL, 0,
			 "tag 'tolerance: %s' on '%s' is not a plain decimal like 0.05", tol,
			 journal_account_name(im->j, im->writeoff));
		match_policy_release(&p);
		return CLERK_EINVALID;
	}
	if (policy_from_suspense(im, &p, d)) {
		match_policy_release(&p);
		return CLERK_EINVALID;
	}
	im->matcher = match_new(im->oi, &p);
	if (im->hist)
		match_set_history(im->matcher, im->hist);
	match_policy_release(&p);
	im->tr = pay_transits_new(im->j);
	return 0;
}

/* ------------------------------------------------------------------ */
/* pain.002 status reports: rejected transfers (formats/pay.md) */

static struct report_row *report_row(struct importer *im, struct report *r, const char *e2e,
				     const char *decision, const char *reason)
{
	struct report_row *row = VEC_GROW(&r->rows);
	row->end_to_end = pstr(im, e2e);
	row->decision = decision;
	row->reason = pstr(im, reason);
	dec_init(&row->amount);
	return row;
}

/* The date a rejection is posted on: the report's, not before the run's transaction. */
static clerk_date rejection_date(struct importer *im, const struct report *r,
				 const struct pay_transit *tr)
{
	clerk_date run = im->j->txns.v[tr->txn].date;
	return r->p->created == DATE_NONE || r->p->created < run ? run : r->p->created;
}

/*
 * Rejects transfer tr: one transaction that takes it out of transit and
 * writes the run's other postings for it back negated (the bills open
 * again, the credits and the discount undone).
 */
static void write_rejection(struct importer *im, struct report *r, struct pay_transit *tr,
			    const char *reason)
{
	struct journal *j = im->j;
	struct strbuf *t = &im->text;
	const struct txn *x = &j->txns.v[tr->txn];
	uint32_t e2e = journal_tag_id(j, "end-to-end"), inv = journal_tag_id(j, "invoice");
	struct dec v = DEC_INIT;
	const char *sep;
	date_append(t, rejection_date(im, r, tr));
	strbuf_addf(t, " * rejected: %s", tr->end_to_end);
	if (tr->vendor != NO_ID) {
		uint32_t party = openitems_party_of(im->oi, tr->vendor);
		const char *name = party != NO_ID ? openitems_party(im->oi, party)->name
						  : journal_account_name(j, tr->vendor);
		strbuf_addstr(t, " | ");
		for (const char *c = name; *c; c++)
			strbuf_addch(t, *c == ';' ? ',' : *c);
	}
	sep = "  ; ";
	tag(t, &sep, "statement", r->p->msg_id);
	tag(t, &sep, "statement-kind", "pain.002");
	tag(t, &sep, "report-sha256", r->sha256);
	strbuf_addch(t, '\n');
	strbuf_addf(t, "    %s  ", journal_account_name(j, tr->account));
	amount_format_scale(t, &j->commodities, tr->commodity, &tr->open,
			    exponent_of(commodity_symbol(&j->commodities, tr->commodity)));
	sep = "  ; ";
	tag(t, &sep, "end-to-end", tr->end_to_end);
	tag(t, &sep, "match", "rejected");
	tag(t, &sep, "return-reason", reason);
	strbuf_addch(t, '\n');
	for (uint32_t k = 0; k < x->nposting; k++) {
		const struct posting *p = &j->postings.v[x->first_posting + k];
		const char *e = journal_posting_tag_id(j, p, e2e);
		if (p->account == tr->account || !e || strcmp(e, tr->end_to_end))
			continue;
		bool party = journal_is_party(j, p->account);
		strbuf_addf(t, "    %s  ", journal_account_name(j, p->account));
		dec_neg(&v, &p->amount);
		amount_format_scale(t, &j->commodities, p->commodity, &v,
				    exponent_of(commodity_symbol(&j->commodities, p->commodity)));
		sep = "  ; ";
		tag(t, &sep, "invoice", party && inv != NO_ID ? journal_posting_tag_id(j, p, inv) : NULL);
		tag(t, &sep, "match", "reversal");
		tag(t, &sep, "end-to-end", tr->end_to_end);
		strbuf_addch(t, '\n');
	}
	strbuf_addch(t, '\n');
	dec_set_i64(&tr->open, 0, 0);
	tr->state = PAY_TRANSIT_REJECTED;
	tr->closed_at = r->base;
	im->rejected++;
	dec_clear(&v);
}

/* One rejection of transfer index ti (SIZE_MAX: not ours) named e2e by the report. */
static void reject_one(struct importer *im, struct report *r, size_t ti, const char *e2e,
		       const char *reason, bool file_seen)
{
	struct pay_transit *tr = ti == SIZE_MAX ? NULL : pay_transit_at(im->tr, ti);
	struct report_row *row;
	struct strbuf note = STRBUF_INIT;
	if (!tr) {
		row = report_row(im, r, e2e, "unknown", reason);
		row->exception = true;
		row->note = pstr(im, "a rejection of a transfer no payment run of these books sent: "
				     "for a person");
		goto out;
	}
	bool duplicate = file_seen || tr->state == PAY_TRANSIT_REJECTED;
	row = report_row(im, r, tr->end_to_end,
			 duplicate ? "duplicate" : tr->state == PAY_TRANSIT_OPEN ? "rejected" : "unknown",
			 reason);
	row->party = tr->vendor != NO_ID ? journal_account_name(im->j, tr->vendor) : NULL;
	if (tr->vendor != NO_ID && openitems_party_of(im->oi, tr->vendor) != NO_ID)
		row->name = openitems_party(im->oi, openitems_party_of(im->oi, tr->vendor))->name;
	row->items = transfer_items(im, tr);
	dec_set(&row->amount, &tr->amount);
	strbuf_addf(&note, "our transfer %s of %s", tr->end_to_end, tr->run);
	if (duplicate) {
		strbuf_addf(&note, " %s", file_seen ? "was rejected by this report, imported before"
						    : transit_state_text(im, tr));
	} else if (tr->state == PAY_TRANSIT_OPEN) {
		strbuf_addstr(&note, " was rejected: its bills are open again for the next payment run");
		write_rejection(im, r, tr, reason);
	} else {
		strbuf_addf(&note, " %s; the bank rejects it now: for a person", transit_state_text(im, tr));
		row->exception = true;
	}
	row->note = pstr(im, note.buf);
out:
	strbuf_release(&note);
}

/* Rejects every transfer of group id (a run or a payment block) that the report rejects whole. */
static void reject_group(struct importer *im, struct report *r, const char *id, const char *reason,
			 bool file_seen, struct symtab *done)
{
	const size_t *idx;
	size_t n = pay_transits_group(im->tr, id, &idx);
	if (!n) {
		struct report_row *row = report_row(im, r, id, "unknown", reason);
		row->exception = true;
		row->note = pstr(im, "a rejection of a payment file or block no payment run of these "
				     "books sent: for a person");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		const struct pay_transit *tr = pay_transit_at(im->tr, idx[k]);
		int is_new;
		symtab_intern(done, tr->end_to_end, strlen(tr->end_to_end), &is_new);
		if (is_new)
			reject_one(im, r, idx[k], tr->end_to_end, reason, file_seen);
	}
}

/* Whether the books hold a rejection posted from a report with this SHA-256. */
static bool report_seen(struct importer *im, const char *sha)
{
	uint32_t id = journal_tag_id(im->j, "report-sha256");
	for (size_t i = 0; id != NO_ID && i < im->j->txns.n; i++) {
		const char *v = journal_txn_tag_id(im->j, &im->j->txns.v[i], id);
		if (v && !strcmp(v, sha))
			return true;
	}
	return false;
}

static const char *pfmt_status(struct importer *im, const char *status)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "status %s: not a rejection, nothing to do", status ? status : "none");
	const char *r = pstr(im, sb.buf);
	strbuf_release(&sb);
	return r;
}

static bool rjct(const char *status)
{
	return status && !strcmp(status, "RJCT");
}

/*
 * The rejections of a status report: the whole file (GrpSts RJCT), a
 * payment block (PmtInfSts RJCT) or single transactions (TxSts RJCT); other
 * statuses (accepted, pending...) change nothing and are listed.
 */
static void plan_report(struct importer *im, struct report *r)
{
	const struct pain002 *p = r->p;
	struct symtab done = SYMTAB_INIT;
	bool seen = report_seen(im, r->sha256);
	if (rjct(p->group_status))
		reject_group(im, r, p->orig_msg_id, p->group_reason, seen, &done);
	for (size_t b = 0; b < p->nblocks; b++) {
		const struct pain002_block *blk = &p->blocks[b];
		if (rjct(blk->status))
			reject_group(im, r, blk->pmt_inf_id, blk->reason ? blk->reason : p->group_reason,
				     seen, &done);
		for (size_t k = 0; k < blk->ntx; k++) {
			const struct pain002_tx *tx = &p->txs[blk->first_tx + k];
			int is_new = 1;
			if (tx->end_to_end)
				symtab_intern(&done, tx->end_to_end, strlen(tx->end_to_end), &is_new);
			if (!is_new)
				continue;
			if (rjct(tx->status)) {
				reject_one(im, r, pay_transits_find(im->tr, tx->end_to_end), tx->end_to_end,
					   tx->reason, seen);
				continue;
			}
			struct report_row *row = report_row(im, r, tx->end_to_end, "skipped", tx->reason);
			row->note = pfmt_status(im, tx->status);
		}
	}
	if (!r->rows.n) {
		const char *st = p->group_status;
		for (size_t b = 0; !st && b < p->nblocks; b++)
			st = p->blocks[b].status;
		struct report_row *row = report_row(im, r, p->orig_msg_id, "skipped", p->group_reason);
		row->note = pfmt_status(im, st);
	}
	symtab_release(&done);
}

int importer_plan(struct importer *im, struct diag *d)
{
	struct journal *j = im->j;
	size_t before = d->nerrors;
	struct symtab ids = SYMTAB_INIT, digests = SYMTAB_INIT, recorded = SYMTAB_INIT;
	struct symtab lastseq = SYMTAB_INIT;
	VEC(long) lastval = VEC_INIT;
	u32_vec idpost = VEC_INIT; /* per id: posting index, or NO_ID for this import */
	u32_vec counts = VEC_INIT;
	running_vec run = VEC_INIT;
	struct strbuf key = STRBUF_INIT;
	uint32_t *order = NULL;
	struct dec dup = DEC_INIT, sum = DEC_INIT, diff = DEC_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct symtab stmt_refs = SYMTAB_INIT; /* statement and bank reference of each entry */
	u32_vec ref_mv = VEC_INIT;             /* per reference: the movement that gave it first */

	im->suspense = journal_find_role(j, ROLE_SUSPENSE);
	im->charges = journal_find_role(j, ROLE_CHARGES);
	im->writeoff = journal_find_role(j, ROLE_WRITEOFF);
	im->discount = journal_find_role(j, ROLE_DISCOUNT);
	im->discount_received = journal_find_role(j, ROLE_DISCOUNT_RECEIVED);
	im->fx = journal_find_role(j, ROLE_FX);
	if (setup_matching(im, d))
		goto cleanup;
	if (im->suspense == NO_ID && im->st.n) {
		struct srcloc loc = { im->st.v[0].file, 0, 0 };
		diag_add(d, DIAG_ERROR, &loc, NULL, 0,
			 "the books have no account with 'role: suspense' to post bank movements to");
		goto cleanup;
	}

	/* what the books already hold: movement identities and statements */
	uint32_t bank_id = journal_tag_id(j, "bank-id");
	uint32_t kind_id = journal_tag_id(j, "statement-kind");
	uint32_t stmt_id = journal_tag_id(j, "statement");
	for (size_t i = 0; bank_id != NO_ID && i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (p->extra == NO_ID || j->accounts.v[p->account].role != ROLE_BANK)
			continue;
		const char *v = journal_posting_tag_id(j, p, bank_id);
		if (!v)
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%u\x1f%s", p->account, v);
		int is_new;
		symtab_intern(&ids, key.buf, key.len, &is_new);
		if (is_new)
			VEC_PUSH(&idpost, (uint32_t)i);
	}

	/* statements: their bank account, in account and sequence order */
	for (size_t i = 0; i < im->st.n; i++) {
		struct statement *s = &im->st.v[i];
		if (!*s->account) {
			st_error(im, d, s, 0, "statement '%s' names no account", s->id);
			s->bad = true;
			continue;
		}
		s->bank = find_bank(j, s->account);
		if (s->bank == NO_ID) {
			st_error(im, d, s, 0,
				 "no bank account in the books has 'iban: %s' (declare it on the account "
				 "with 'role: bank')",
				 s->account);
			s->bad = true;
			continue;
		}
		if (!s->currency[0]) {
			st_error(im, d, s, 0, "statement '%s' has no currency", s->id);
			s->bad = true;
			continue;
		}
		s->commodity = commodity_intern(&j->commodities, s->currency, strlen(s->currency));
		if (s->closing_date == DATE_NONE)
			s->closing_date = s->to;
		for (size_t k = 0; k < s->nmv; k++) {
			const struct movement *m = &im->mv.v[s->first_mv + k];
			/* only booked entries: a pending one may carry a later (value) date */
			if (m->booked && m->booking != DATE_NONE &&
			    (s->closing_date == DATE_NONE || m->booking > s->closing_date))
				s->closing_date = m->booking;
		}
	}
	if (d->nerrors > before)
		goto cleanup;

	/* statements recorded in the books, and the last sequence per account and kind */
	uint32_t seq_id = journal_tag_id(j, "statement-seq");
	uint32_t carried_id = journal_tag_id(j, "clerk-carried");
	for (size_t ti = 0; kind_id != NO_ID && ti < j->txns.n; ti++) {
		const struct txn *t = &j->txns.v[ti];
		const char *kind = journal_txn_tag_id(j, t, kind_id);
		const char *sid = journal_txn_tag_id(j, t, stmt_id);
		if (!kind || !sid)
			continue;
		const char *seq = journal_txn_tag_id(j, t, seq_id);
		/* a statement of closed books carried into new ones has no assertion (formats/close.md) */
		const char *carried = carried_id == NO_ID ? NULL : journal_txn_tag_id(j, t, carried_id);
		bool carried_stmt = carried && !strcmp(carried, "statement");
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			if (j->accounts.v[p->account].role != ROLE_BANK ||
			    !((p->flags & POSTING_ASSERT) || carried_stmt))
				continue;
			strbuf_reset(&key);
			strbuf_addf(&key, "%u\x1f%s\x1f%s", p->account, kind, sid);
			symtab_intern(&recorded, key.buf, key.len, NULL);
			long v = parse_seq(seq);
			if (v < 0)
				continue;
			/* the last sequence number per bank account and kind */
			strbuf_reset(&key);
			strbuf_addf(&key, "%u\x1f%s", p->account, kind);
			int is_new;
			uint32_t id = symtab_intern(&lastseq, key.buf, key.len, &is_new);
			if (is_new)
				VEC_PUSH(&lastval, v);
			else if (v > lastval.v[id])
				lastval.v[id] = v;
		}
	}

	order = xmalloc(st_mult(im->st.n ? im->st.n : 1, sizeof(*order)));
	for (size_t i = 0; i < im->st.n; i++)
		order[i] = (uint32_t)i;
	sort_im = im;
	qsort(order, im->st.n, sizeof(*order), cmp_statements);
	sort_im = NULL;

	for (size_t oi = 0; oi < im->st.n; oi++) {
		struct statement *s = &im->st.v[order[oi]];
		if (s->bad)
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%u\x1f%s\x1f", s->bank, s->kind);
		add_tag_value(&key, s->id);
		s->recorded = symtab_find(&recorded, key.buf, key.len) != UINT32_MAX;

		/* sequence: no gap after the last statement of this kind for the account */
		long last = -1;
		strbuf_reset(&key);
		strbuf_addf(&key, "%u\x1f%s", s->bank, s->kind);
		uint32_t lid = symtab_find(&lastseq, key.buf, key.len);
		if (lid != UINT32_MAX)
			last = lastval.v[lid];
		for (size_t pi = 0; pi < oi; pi++) {
			const struct statement *p = &im->st.v[order[pi]];
			if (!p->bad && p->bank == s->bank && p->ekind == s->ekind && p->seqnum > last)
				last = p->seqnum;
		}

		dec_set_i64(&dup, 0, 0);
		dec_set_i64(&sum, 0, 0);
		size_t nnew = 0, nerr = 0;
		for (size_t k = 0; k < s->nmv; k++) {
			struct movement *m = &im->mv.v[s->first_mv + k];
			if (!m->booked) {
				m->decision = MV_UNBOOKED;
				m->why = "not booked (status ";
				continue;
			}
			if (strcmp(m->currency, s->currency)) {
				st_error(im, d, s, m->line, "entry %zu is in %s, the statement in %s", m->entry,
					 m->currency, s->currency);
				nerr++;
				continue;
			}
			if (m->booking == DATE_NONE) {
				st_error(im, d, s, m->line, "entry %zu has no booking or value date", m->entry);
				nerr++;
				continue;
			}
			if (s->first_date != DATE_NONE &&
			    (m->booking < s->first_date - IMPORT_DATE_TOLERANCE ||
			     m->booking > s->last_date + IMPORT_DATE_TOLERANCE)) {
				outside_period(im, d, s, m);
				nerr++;
				continue;
			}
			identity_of(im, m, &digests, &counts);
			if (m->acct_ref) {
				/* one bank reference, one movement: a repeat is no duplicate to skip */
				strbuf_reset(&key);
				strbuf_addf(&key, "%zu\x1f%s", oi, m->identity);
				int fresh;
				uint32_t rid = symtab_intern(&stmt_refs, key.buf, key.len, &fresh);
				if (!fresh) {
					const struct movement *first = &im->mv.v[ref_mv.v[rid]];
					st_error(im, d, s, m->line,
						 "entry %zu repeats the bank's reference '%s' of entry %zu "
						 "(line %u); each booked entry must have its own reference "
						 "(AcctSvcrRef)",
						 m->entry, m->acct_ref, first->entry, first->line);
					nerr++;
					continue;
				}
				VEC_PUSH(&ref_mv, (uint32_t)(s->first_mv + k));
			}
			strbuf_reset(&key);
			strbuf_addf(&key, "%u\x1f%s", s->bank, m->identity);
			int is_new;
			uint32_t id = symtab_intern(&ids, key.buf, key.len, &is_new);
			if (is_new) {
				VEC_PUSH(&idpost, NO_ID);
				m->decision = MV_POST;
				dec_add(&sum, &sum, &m->amount);
				nnew++;
				continue;
			}
			m->decision = MV_DUPLICATE;
			dec_add(&dup, &dup, &m->amount);
			uint32_t pi = idpost.v[id];
			if (pi == NO_ID) {
				m->why = "already read earlier in this import";
				continue;
			}
			/* the same identity must mean the same movement */
			const struct posting *p = &j->postings.v[pi];
			const struct txn *t = &j->txns.v[p->txn];
			const char *field = NULL;
			if (t->date != m->booking)
				field = "booking date";
			else if (p->commodity != s->commodity)
				field = "currency";
			else if (dec_cmp(&p->amount, &m->amount))
				field = "amount";
			if (field) {
				st_error(im, d, s, m->line,
					 "entry %zu has the identity '%s' of the movement posted at %s:%u, "
					 "but its %s differs",
					 m->entry, m->identity, j->files.v[t->file].path, t->line, field);
				nerr++;
				continue;
			}
			m->why = "already in the books";
		}
		if (nerr)
			continue; /* its balances would only repeat the entries' errors in other words */
		if (s->recorded && nnew == 0) {
			continue; /* the whole statement was imported before */
		}
		if (s->seqnum >= 0 && last >= 0 && s->seqnum > last + 1) {
			strbuf_reset(&a);
			if (s->seqnum == last + 2)
				strbuf_addf(&a, "number %ld is", last + 1);
			else
				strbuf_addf(&a, "numbers %ld to %ld are", last + 1, s->seqnum - 1);
			st_error(im, d, s, 0,
				 "%s %s for %s has sequence number %ld, but the last one imported is "
				 "%ld: %s missing",
				 s->kind, s->id, s->account, s->seqnum, last, a.buf);
			continue;
		}
		if (s->seqnum >= 0 && last >= 0 && s->seqnum <= last && nnew) {
			st_error(im, d, s, 0,
				 "%s %s for %s has sequence number %ld, but %ld was already imported "
				 "(statements must come in sequence order)",
				 s->kind, s->id, s->account, s->seqnum, last);
			continue;
		}
		/* balances: opening = the books before it, closing = after it */
		struct dec *r = running_of(im, &run, s->bank, s->commodity);
		if (s->has_opening) {
			dec_sub(&diff, r, &dup);
			if (dec_cmp(&diff, &s->opening)) {
				strbuf_reset(&a);
				strbuf_reset(&b);
				fmt_amount(im, &a, s->commodity, &s->opening, s->currency);
				fmt_amount(im, &b, s->commodity, &diff, s->currency);
				st_error(im, d, s, 0,
					 "%s %s: the opening balance %s is not the books' balance of '%s' "
					 "before it, %s (is a statement missing?)",
					 s->kind, s->id, a.buf, journal_account_name(j, s->bank), b.buf);
				continue;
			}
		}
		dec_add(r, r, &sum);
		if (s->has_closing && dec_cmp(r, &s->closing)) {
			strbuf_reset(&a);
			strbuf_reset(&b);
			fmt_amount(im, &a, s->commodity, &s->closing, s->currency);
			fmt_amount(im, &b, s->commodity, r, s->currency);
			st_error(im, d, s, 0,
				 "%s %s: the closing balance %s is not the books' balance of '%s' "
				 "after it, %s (do its entries add up?)",
				 s->kind, s->id, a.buf, journal_account_name(j, s->bank), b.buf);
			continue;
		}
		/* the text */
		for (size_t k = 0; k < s->nmv; k++) {
			struct movement *m = &im->mv.v[s->first_mv + k];
			if (m->decision == MV_POST) {
				write_movement(im, s, m);
				im->posted++;
			}
		}
		if (!s->recorded && s->has_closing && s->closing_date != DATE_NONE)
			write_closing(im, s);
	}
	for (size_t i = 0; d->nerrors == before && i < im->reports.n; i++)
		plan_report(im, &im->reports.v[i]);
cleanup:
	symtab_release(&stmt_refs);
	VEC_FREE(&ref_mv);
	symtab_release(&ids);
	symtab_release(&digests);
	symtab_release(&recorded);
	symtab_release(&lastseq);
	VEC_FREE(&lastval);
	VEC_FREE(&idpost);
	VEC_FREE(&counts);
	for (size_t i = 0; i < run.n; i++)
		dec_clear(&run.v[i].v);
	VEC_FREE(&run);
	strbuf_release(&key);
	strbuf_release(&a);
	strbuf_release(&b);
	dec_clear(&dup);
	dec_clear(&sum);
	dec_clear(&diff);
	free(order);
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

const struct strbuf *importer_text(const struct importer *im)
{
	return &im->text;
}

void importer_take_text(struct importer *im, struct strbuf *out)
{
	strbuf_append_take(out, &im->text);
}

size_t importer_posted(const struct importer *im)
{
	return im->posted;
}

const char *importer_file_digests(const struct importer *im)
{
	return im->digests.buf;
}

/* One line per status report: what it said and did. */
static void reports_text(const struct importer *im, struct strbuf *out)
{
	for (size_t i = 0; i < im->reports.n; i++) {
		const struct report *r = &im->reports.v[i];
		size_t rej = 0, dup = 0, other = 0, unknown = 0;
		for (size_t k = 0; k < r->rows.n; k++) {
			const char *dd = r->rows.v[k].decision;
			rej += !strcmp(dd, "rejected");
			dup += !strcmp(dd, "duplicate");
			unknown += !strcmp(dd, "unknown");
			other += !strcmp(dd, "skipped");
		}
		strbuf_addf(out, "%s: pain.002 %s (status of %s): %zu rejected, %zu already rejected, "
				 "%zu not ours or not in transit, %zu not rejections\n",
			    r->base, r->p->msg_id, r->p->orig_msg_id, rej, dup, unknown, other);
	}
}

void importer_report(const struct importer *im, struct strbuf *out)
{
	reports_text(im, out);
	for (size_t i = 0; i < im->st.n; i++) {
		const struct statement *s = &im->st.v[i];
		size_t post = 0, dupl = 0, unbooked = 0;
		for (size_t k = 0; k < s->nmv; k++) {
			const struct movement *m = &im->mv.v[s->first_mv + k];
			post += m->decision == MV_POST;
			dupl += m->decision == MV_DUPLICATE;
			unbooked += m->decision == MV_UNBOOKED;
		}
		strbuf_addf(out, "%s: %s %s (%s", s->base, s->kind, s->id, s->account);
		if (s->seq)
			strbuf_addf(out, ", sequence %s", s->seq);
		strbuf_addf(out, "): %zu entr%s, %zu new, %zu already imported, %zu not booked%s\n",
			    s->nmv, s->nmv == 1 ? "y" : "ies", post, dupl, unbooked,
			    s->recorded && !post ? " (statement imported before)" : "");
		for (size_t k = 0; k < s->nmv; k++) {
			const struct movement *m = &im->mv.v[s->first_mv + k];
			if (m->decision == MV_POST || !m->why)
				continue;
			strbuf_addf(out, "  skipped entry %zu (line %u): ", m->entry, m->line);
			if (m->decision == MV_UNBOOKED)
				strbuf_addf(out, "%s%s)\n", m->why, m->status ? m->status : "none");
			else
				strbuf_addf(out, "%s (%s)\n", m->why, m->identity ? m->identity : "");
		}
	}
}

static bool is_exception(const char *decision)
{
	return decision && (!strcmp(decision, "suspense") || !strcmp(decision, "overpaid") ||
			    !strcmp(decision, "on-account"));
}

size_t importer_rejections(const struct importer *im)
{
	return im->rejected;
}

size_t importer_exceptions(const struct importer *im)
{
	size_t n = 0;
	for (size_t i = 0; i < im->reports.n; i++)
		for (size_t k = 0; k < im->reports.v[i].rows.n; k++)
			n += im->reports.v[i].rows.v[k].exception;
	for (size_t i = 0; i < im->mv.n; i++) {
		const struct movement *m = &im->mv.v[i];
		for (size_t k = 0; m->decision == MV_POST && k < m->ntxs; k++)
			n += is_exception(m->txs[k].decision);
	}
	return n;
}

/* The decisions table's rows of the status reports: one per transfer they name. */
static void reports_csv(const struct importer *im, struct strbuf *out)
{
	for (size_t i = 0; i < im->reports.n; i++) {
		const struct report *r = &im->reports.v[i];
		for (size_t k = 0; k < r->rows.n; k++) {
			const struct report_row *row = &r->rows.v[k];
			strbuf_addcsv(out, row->end_to_end ? row->end_to_end : "");
			strbuf_addch(out, ',');
			date_append(out, r->p->created);
			strbuf_addstr(out, ",0.00,EUR,");
			strbuf_addcsv(out, row->name ? row->name : "");
			strbuf_addf(out, ",%s,%s,", row->decision,
				    strcmp(row->decision, "skipped") ? "end-to-end" : "none");
			strbuf_addcsv(out, row->party ? row->party : "");
			strbuf_addch(out, ',');
			strbuf_addcsv(out, row->items ? row->items : "");
			strbuf_addch(out, ',');
			dec_format_plain(out, &row->amount, 2);
			strbuf_addstr(out, ",0.00,");
			strbuf_addcsv(out, row->note ? row->note : "");
			strbuf_addch(out, ',');
			strbuf_addcsv(out, r->base);
			strbuf_addch(out, ',');
			strbuf_addcsv(out, r->p->msg_id ? r->p->msg_id : "");
			strbuf_addstr(out, ",EUR\n");
		}
	}
}

/* The decision, rule and note of detail x of movement m (x NULL: the entry as a whole). */
static void decision_of(const struct movement *m, const struct mv_tx *x, const char **decision,
			const char **rule, const char **note)
{
	*rule = "none";
	if (m->decision == MV_DUPLICATE) {
		*decision = "duplicate";
		*note = m->why;
	} else if (m->decision == MV_UNBOOKED) {
		*decision = "skipped";
		*note = "not booked: pending or information only";
	} else if (x && x->decision) {
		*decision = x->decision;
		*rule = x->rule;
		*note = x->note;
	} else {
		*decision = "skipped";
		*note = "not posted: the statement was refused";
	}
}

struct tally {
	const char *decision, *rule;
	size_t n;
};

static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	int c = strcmp(x->decision, y->decision);
	return c ? c : strcmp(x->rule, y->rule);
}

void importer_summary_text(const struct importer *im, struct strbuf *out)
{
	VEC(struct tally) t = VEC_INIT;
	for (size_t i = 0; i < im->st.n; i++) {
		const struct statement *s = &im->st.v[i];
		for (size_t e = 0; e < s->nmv; e++) {
			const struct movement *m = &im->mv.v[s->first_mv + e];
			for (size_t k = 0; k < (m->ntxs ? m->ntxs : 1); k++) {
				const char *decision, *rule, *note;
				decision_of(m, m->ntxs ? &m->txs[k] : NULL, &decision, &rule, &note);
				size_t a = 0;
				while (a < t.n && (strcmp(t.v[a].decision, decision) || strcmp(t.v[a].rule, rule)))
					a++;
				if (a == t.n)
					VEC_PUSH(&t, ((struct tally){ decision, rule, 0 }));
				t.v[a].n++;
			}
		}
	}
	if (t.n > 1)
		qsort(t.v, t.n, sizeof(*t.v), cmp_tally);
	strbuf_addstr(out, "decisions:");
	if (!t.n)
		strbuf_addstr(out, " none");
	for (size_t a = 0; a < t.n;) {
		size_t b = a, total = 0;
		for (; b < t.n && !strcmp(t.v[b].decision, t.v[a].decision); b++)
			total += t.v[b].n;
		strbuf_addf(out, "%s %zu %s", a ? "," : "", total, t.v[a].decision);
		if (b - a == 1 && strcmp(t.v[a].rule, "none")) { /* by which rules */
			strbuf_addf(out, " (by %s)", t.v[a].rule);
		} else if (b - a > 1) {
			strbuf_addstr(out, " (");
			for (size_t r = a; r < b; r++)
				strbuf_addf(out, "%s%s %zu", r > a ? ", " : "", t.v[r].rule, t.v[r].n);
			strbuf_addch(out, ')');
		}
		a = b;
	}
	strbuf_addch(out, '\n');
	VEC_FREE(&t);
}

void importer_decisions_csv(const struct importer *im, struct strbuf *out)
{
	char date[11];
	struct dec zero = DEC_INIT;
	strbuf_addstr(out, IMPORTER_DECISIONS_HEADER);
	for (size_t i = 0; i < im->st.n; i++) {
		const struct statement *s = &im->st.v[i];
		for (size_t e = 0; e < s->nmv; e++) {
			const struct movement *m = &im->mv.v[s->first_mv + e];
			for (size_t k = 0; k < (m->ntxs ? m->ntxs : 1); k++) {
				const struct mv_tx *x = m->ntxs ? &m->txs[k] : NULL;
				struct strbuf cell = STRBUF_INIT;
				/* entry: the identity, with the detail's number in a batch */
				strbuf_addstr(&cell, m->identity ? m->identity : "");
				if (!m->identity)
					strbuf_addf(&cell, "%s#%zu", s->id, m->entry);
				if (m->ntxs > 1)
					strbuf_addf(&cell, "/%zu", k + 1);
				strbuf_addcsv(out, cell.buf);
				strbuf_reset(&cell);
				if (m->booking != DATE_NONE)
					date_format(m->booking, date);
				strbuf_addf(out, ",%s,", m->booking != DATE_NONE ? date : "");
				dec_format_plain(out, x && x->has_amount ? &x->amount : &m->amount,
						 exponent_of(m->currency));
				strbuf_addf(out, ",%s,", m->currency);
				strbuf_addcsv(out, x && x->cp_name ? x->cp_name : "");
				const char *decision, *rule, *note;
				decision_of(m, x, &decision, &rule, &note);
				strbuf_addf(out, ",%s,%s,", decision, rule);
				bool posted = m->decision == MV_POST && x && x->decision;
				strbuf_addcsv(out, posted && x->party ? x->party : "");
				strbuf_addch(out, ',');
				strbuf_addcsv(out, posted && x->items ? x->items : "");
				strbuf_addch(out, ',');
				if (posted && x->applied)
					strbuf_addstr(out, x->applied);
				else
					dec_format_plain(out, &zero, exponent_of(m->currency));
				strbuf_addch(out, ',');
				if (posted && x->unapplied)
					strbuf_addstr(out, x->unapplied);
				else
					dec_format_plain(out, &zero, exponent_of(m->currency));
				strbuf_addch(out, ',');
				strbuf_addcsv(out, note ? note : "");
				strbuf_addch(out, ',');
				strbuf_addcsv(out, s->base);
				strbuf_addch(out, ',');
				strbuf_addcsv(out, s->id);
				strbuf_addch(out, ',');
				strbuf_addstr(out, posted && x->applied_ccy ? x->applied_ccy : m->currency);
				strbuf_addch(out, '\n');
				strbuf_release(&cell);
			}
		}
	}
	reports_csv(im, out);
}

void importer_exceptions_text(const struct importer *im, struct strbuf *out)
{
	char date[11];
	for (size_t i = 0; i < im->reports.n; i++) {
		const struct report *r = &im->reports.v[i];
		for (size_t k = 0; k < r->rows.n; k++) {
			const struct report_row *row = &r->rows.v[k];
			if (!row->exception)
				continue;
			strbuf_addstr(out, "  ");
			date_append(out, r->p->created);
			strbuf_addf(out, " rejection of %s (%s, pain.002 %s): %s\n",
				    row->end_to_end ? row->end_to_end : "?", r->base, r->p->msg_id,
				    row->note ? row->note : "");
		}
	}
	for (size_t i = 0; i < im->st.n; i++) {
		const struct statement *s = &im->st.v[i];
		for (size_t e = 0; e < s->nmv; e++) {
			const struct movement *m = &im->mv.v[s->first_mv + e];
			for (size_t k = 0; m->decision == MV_POST && k < m->ntxs; k++) {
				const struct mv_tx *x = &m->txs[k];
				if (!is_exception(x->decision))
					continue;
				date_format(m->booking, date);
				strbuf_addf(out, "  %s %s ", date, x->decision);
				dec_format_plain(out, x->has_amount ? &x->amount : &m->amount,
						 exponent_of(m->currency));
				bool out_going = dec_sgn(&m->amount) < 0;
				strbuf_addf(out, " %s %s %s (%s, entry %zu): %s\n", m->currency,
					    out_going ? "to" : "from",
					    x->cp_name ? x->cp_name
						       : out_going ? "an unknown payee" : "an unknown payer",
					    s->base, m->entry, x->note ? x->note : "");
			}
		}
	}
}

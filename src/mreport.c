/*
 * mreport.c - the management report page (mreport.h, formats/report.md).
 */
#include "compat.h"
#include "mreport.h"
#include "aging.h"
#include "dunning.h"
#include "error.h"
#include "history.h"
#include "html.h"
#include "openitems.h"
#include "render.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define TOP_OVERDUE 10

/* The key figures of one currency. */
struct figs {
	uint32_t commodity;
	struct dec cash, ar, ar_over, ap, ap_over, suspense, sales;
};

typedef VEC(struct figs) figs_vec;

struct ctx {
	struct strbuf *out;
	const struct journal *j;
	clerk_date date;
	uint32_t *order; /* txn indices in date order */
	figs_vec figs;
};

static struct figs *figs_of(struct ctx *c, uint32_t commodity)
{
	for (size_t i = 0; i < c->figs.n; i++)
		if (c->figs.v[i].commodity == commodity)
			return &c->figs.v[i];
	struct figs *f = VEC_GROW(&c->figs);
	f->commodity = commodity;
	dec_init(&f->cash);
	dec_init(&f->ar);
	dec_init(&f->ar_over);
	dec_init(&f->ap);
	dec_init(&f->ap_over);
	dec_init(&f->suspense);
	dec_init(&f->sales);
	return f;
}

static void figs_release(figs_vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct figs *f = &v->v[i];
		dec_clear(&f->cash);
		dec_clear(&f->ar);
		dec_clear(&f->ar_over);
		dec_clear(&f->ap);
		dec_clear(&f->ap_over);
		dec_clear(&f->suspense);
		dec_clear(&f->sales);
	}
	VEC_FREE(v);
}

static const char *sym(const struct ctx *c, uint32_t commodity)
{
	return commodity_symbol(&c->j->commodities, commodity);
}


/* A currency symbol usable in an id: blanks become '_'. */
static void add_id_symbol(struct strbuf *out, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	for (; *s; s++)
		strbuf_addch(&t, *s == ' ' || *s == '\t' ? '_' : *s);
	html_escape(out, t.buf);
	strbuf_release(&t);
}

/*
 * A table cell with a figure: class num, an id "<id>-<currency>" when id is
 * given, data-figure, data-account (when given), data-currency and
 * data-value (plain), showing the number in the commodity's style.
 */
static void figure_cell(struct ctx *c, const char *id, const char *figure, const char *account,
			uint32_t commodity, const struct dec *v)
{
	struct strbuf *out = c->out;
	strbuf_addstr(out, "<td class=\"num\"");
	if (id) {
		strbuf_addf(out, " id=\"%s-", id);
		add_id_symbol(out, sym(c, commodity));
		strbuf_addch(out, '"');
	}
	if (figure)
		strbuf_addf(out, " data-figure=\"%s\"", figure);
	if (account) {
		strbuf_addstr(out, " data-account=\"");
		html_escape(out, account);
		strbuf_addch(out, '"');
	}
	strbuf_addstr(out, " data-currency=\"");
	html_escape(out, sym(c, commodity));
	strbuf_addstr(out, "\" data-value=\"");
	render_plain(out, c->j, commodity, v);
	strbuf_addstr(out, "\">");
	struct strbuf s = STRBUF_INIT;
	render_number(&s, c->j, commodity, v);
	html_escape(out, s.buf);
	strbuf_release(&s);
	strbuf_addstr(out, "</td>");
}

static void text_cell(struct strbuf *out, const char *cls, const char *s)
{
	if (cls)
		strbuf_addf(out, "<td class=\"%s\">", cls);
	else
		strbuf_addstr(out, "<td>");
	html_escape(out, s);
	strbuf_addstr(out, "</td>");
}

static const char *party_name(const struct journal *j, uint32_t account)
{
	const char *name = journal_account_tag(j, account, "name");
	const char *full = journal_account_name(j, account), *colon;
	if (name && *name)
		return name;
	colon = strrchr(full, ':');
	return colon ? colon + 1 : full;
}

int mreport_dso(struct dec *out, const struct dec *receivables, const struct dec *sales)
{
	mpq_t q, s;
	int error;
	if (dec_sgn(sales) <= 0)
		return CLERK_ENOTFOUND;
	mpq_init(q);
	mpq_init(s);
	dec_get_mpq(q, receivables);
	dec_get_mpq(s, sales);
	mpq_div(q, q, s);
	mpz_mul_ui(mpq_numref(q), mpq_numref(q), MREPORT_DSO_DAYS);
	mpq_canonicalize(q);
	error = dec_set_mpq(out, q, 0, DEC_ROUND_HALF_EVEN);
	mpq_clear(q);
	mpq_clear(s);
	return error;
}

/* ------------------------------------------------------------------ cash */

static void section_cash(struct ctx *c)
{
	const struct journal *j = c->j;
	struct strbuf *out = c->out;
	struct balance_report r = BALANCE_REPORT_INIT;
	struct balance_options bo = BALANCE_OPTIONS_INIT;
	size_t nbank = 0;
	bo.end = c->date + 1;
	report_balance(&r, j, &bo);
	strbuf_addstr(out, "<section id=\"cash\">\n<h2>Cash</h2>\n"
			   "<table class=\"cash\">\n<tr><th>Bank account</th><th>Currency</th>"
			   "<th class=\"num\">Balance</th></tr>\n");
	for (size_t a = 0; a < j->accounts.n; a++) {
		if (j->accounts.v[a].role != ROLE_BANK)
			continue;
		const char *name = journal_account_name(j, (uint32_t)a);
		bool any = false;
		nbank++;
		for (size_t i = 0; i < r.n; i++) {
			const struct balance_row *row = &r.rows[i];
			if (row->account != a)
				continue;
			any = true;
			strbuf_addstr(out, "<tr>");
			text_cell(out, NULL, name);
			text_cell(out, NULL, sym(c, row->commodity));
			figure_cell(c, NULL, "cash", name, row->commodity, &row->amount);
			strbuf_addstr(out, "</tr>\n");
			struct figs *f = figs_of(c, row->commodity);
			dec_add(&f->cash, &f->cash, &row->amount);
		}
		if (!any) {
			strbuf_addstr(out, "<tr>");
			text_cell(out, NULL, name);
			strbuf_addstr(out, "<td></td><td class=\"num\">no money yet</td></tr>\n");
		}
	}
	strbuf_addstr(out, "</table>\n");
	if (!nbank)
		strbuf_addstr(out, "<p class=\"note\">The books have no account with role bank.</p>\n");
	strbuf_addstr(out, "</section>\n");
	balance_report_release(&r);
}

/* ----------------------------------------------------------------- aging */

/* Adds the totals and overdue amounts of an aging to the key figures. */
static void aging_figures(struct ctx *c, const struct aging *a, bool payables)
{
	size_t nb = aging_bucket_count(a);
	for (size_t i = 0; i < aging_total_count(a); i++) {
		const struct aging_row *t = aging_total(a, i);
		struct figs *f = figs_of(c, t->commodity);
		struct dec *total = payables ? &f->ap : &f->ar, *over = payables ? &f->ap_over : &f->ar_over;
		dec_add(total, total, &t->total);
		for (size_t k = 1; k < nb; k++)
			dec_add(over, over, &t->bucket[k]);
	}
}

/* ------------------------------------------------------------------- DSO */

/* A day's credit sales in one commodity from the history file's keys (history_sales()). */
static int add_sales(void *ctx, clerk_date date, const char *symbol, size_t len,
		     const struct dec *amount)
{
	struct ctx *c = ctx;
	(void)date;
	uint32_t com = symtab_find(&c->j->commodities.names, symbol, len);
	if (com == NO_ID) /* (the night checked every symbol: nightly.c, night_history()) */
		return clerk_error_set(CLERK_EINVALID, "a commodity of the history file's sales is not "
						       "in the books");
	struct figs *f = figs_of(c, com);
	dec_add(&f->sales, &f->sales, amount);
	return 0;
}

static int section_dso(struct ctx *c, const struct openitems *all, const struct history *hist)
{
	struct strbuf *out = c->out;
	clerk_date from = c->date - (MREPORT_DSO_DAYS - 1);
	struct dec days = DEC_INIT;
	for (size_t i = 0; i < openitems_count(all); i++) {
		const struct openitem *it = openitems_item(all, i);
		if (it->date < from || it->date > c->date)
			continue;
		struct figs *f = figs_of(c, it->commodity);
		dec_add(&f->sales, &f->sales, &it->amount);
	}
	int error = hist ? history_sales(hist, from, c->date, add_sales, c) : 0;
	if (error)
		return error;
	strbuf_addf(out, "<section id=\"dso\">\n<h2>Days sales outstanding</h2>\n"
			 "<p class=\"note\">Receivables on ");
	date_append(out, c->date);
	strbuf_addf(out, " divided by the credit sales (invoices dated ");
	date_append(out, from);
	strbuf_addstr(out, " to ");
	date_append(out, c->date);
	strbuf_addf(out, "), times %d days, rounded to whole days.</p>\n", MREPORT_DSO_DAYS);
	strbuf_addstr(out, "<table class=\"dso\">\n<tr><th>Currency</th><th class=\"num\">Receivables</th>"
			   "<th class=\"num\">Credit sales</th><th class=\"num\">DSO (days)</th></tr>\n");
	for (size_t i = 0; i < c->figs.n; i++) {
		struct figs *f = &c->figs.v[i];
		if (dec_is_zero(&f->ar) && dec_is_zero(&f->sales))
			continue;
		strbuf_addstr(out, "<tr>");
		text_cell(out, NULL, sym(c, f->commodity));
		figure_cell(c, NULL, "dso-receivables", NULL, f->commodity, &f->ar);
		figure_cell(c, NULL, "dso-sales", NULL, f->commodity, &f->sales);
		strbuf_addstr(out, "<td class=\"num\" id=\"dso-");
		add_id_symbol(out, sym(c, f->commodity));
		strbuf_addstr(out, "\" data-figure=\"dso\" data-currency=\"");
		html_escape(out, sym(c, f->commodity));
		if (mreport_dso(&days, &f->ar, &f->sales)) {
			strbuf_addstr(out, "\" data-value=\"n/a\">n/a</td></tr>\n");
		} else {
			strbuf_addstr(out, "\" data-value=\"");
			dec_format_plain(out, &days, 0);
			strbuf_addstr(out, "\">");
			dec_format_plain(out, &days, 0);
			strbuf_addstr(out, "</td></tr>\n");
		}
	}
	strbuf_addstr(out, "</table>\n</section>\n");
	dec_clear(&days);
	return 0;
}

/* ------------------------------------------------------ top overdue list */

struct overdue {
	const struct aging_row *row;
	struct dec amount;
};

/* Orders by currency symbol, then amount (largest first), then account name. */
static int overdue_cmp(const struct journal *j, const struct overdue *a, const struct overdue *b)
{
	int r = strcmp(commodity_symbol(&j->commodities, a->row->commodity),
		       commodity_symbol(&j->commodities, b->row->commodity));
	if (r)
		return r;
	if ((r = dec_cmp(&b->amount, &a->amount)))
		return r;
	return strcmp(journal_account_name(j, a->row->account), journal_account_name(j, b->row->account));
}

/* qsort's comparator needs the journal: set only while overdue_sort() runs. */
static const struct journal *overdue_journal;

static int overdue_cmp_q(const void *a, const void *b)
{
	return overdue_cmp(overdue_journal, a, b);
}

/* One row per overdue customer: 20,000 of them in large books, so not an insertion sort. */
static void overdue_sort(const struct journal *j, struct overdue *v, size_t n)
{
	overdue_journal = j;
	if (n > 1)
		qsort(v, n, sizeof(*v), overdue_cmp_q);
	overdue_journal = NULL;
}

static const char *excluded_why(const struct dunning *d, uint32_t party, uint32_t commodity)
{
	for (size_t i = 0; i < dunning_excluded_count(d); i++) {
		const struct dunning_excluded *x = dunning_excluded(d, i);
		if (x->party != party || x->commodity != commodity)
			continue;
		switch (x->why) {
		case DUNNING_DISPUTED:
			return "disputed";
		case DUNNING_PARTY_OPTED_OUT:
			return "not dunned";
		default:
			return "covered by credits";
		}
	}
	return NULL;
}

static void overdue_chart(struct ctx *c, const struct overdue *v, size_t n)
{
	struct html_bar *bars = xcalloc(n, sizeof(*bars));
	struct strbuf *vals = xcalloc(n, sizeof(*vals));
	struct strbuf title = STRBUF_INIT;
	const char *s = sym(c, v[0].row->commodity);
	for (size_t i = 0; i < n; i++) {
		strbuf_init(&vals[i], 0);
		render_number(&vals[i], c->j, v[i].row->commodity, &v[i].amount);
		strbuf_addf(&vals[i], " %s", s);
		bars[i].label = party_name(c->j, v[i].row->account);
		bars[i].value = vals[i].buf;
		bars[i].permille = html_permille(&v[i].amount, &v[0].amount);
	}
	strbuf_addf(&title, "Top overdue customers in %s", s);
	html_bar_chart(c->out, title.buf, bars, n);
	for (size_t i = 0; i < n; i++)
		strbuf_release(&vals[i]);
	strbuf_release(&title);
	free(vals);
	free(bars);
}

static void section_overdue(struct ctx *c, const struct aging *a, const struct dunning *d)
{
	struct strbuf *out = c->out;
	size_t nb = aging_bucket_count(a), n = 0;
	struct overdue *v = xcalloc(aging_row_count(a) + 1, sizeof(*v));
	for (size_t i = 0; i < aging_row_count(a); i++) {
		const struct aging_row *r = aging_row(a, i);
		struct overdue *o = &v[n];
		dec_init(&o->amount);
		for (size_t k = 1; k < nb; k++)
			dec_add(&o->amount, &o->amount, &r->bucket[k]);
		o->row = r;
		if (dec_sgn(&o->amount) > 0)
			n++;
		else
			dec_clear(&o->amount);
	}
	overdue_sort(c->j, v, n);
	strbuf_addf(out, "<section id=\"overdue\">\n<h2>Top overdue customers</h2>\n"
			 "<p class=\"note\">The %d largest overdue amounts per currency (open amounts past "
			 "due), with the dunning level and the days past due of the oldest item.</p>\n",
		    TOP_OVERDUE);
	if (!n)
		strbuf_addstr(out, "<p>Nobody is overdue.</p>\n");
	for (size_t start = 0; start < n;) {
		size_t end = start, shown;
		while (end < n && v[end].row->commodity == v[start].row->commodity)
			end++;
		shown = end - start < TOP_OVERDUE ? end - start : TOP_OVERDUE;
		overdue_chart(c, &v[start], shown);
		strbuf_addstr(out, "<table class=\"overdue\">\n<tr><th>Customer</th><th>Currency</th>"
				   "<th class=\"num\">Overdue</th><th>Oldest due</th>"
				   "<th class=\"num\">Days past due</th><th class=\"num\">Level</th>"
				   "<th>Action</th></tr>\n");
		for (size_t i = start; i < start + shown; i++) {
			const struct aging_row *r = v[i].row;
			const struct dunning_row *dr = NULL;
			struct strbuf s = STRBUF_INIT;
			for (size_t k = 0; k < dunning_row_count(d); k++) {
				const struct dunning_row *x = dunning_row(d, k);
				if (x->account == r->account && x->commodity == r->commodity) {
					dr = x;
					break;
				}
			}
			strbuf_addstr(out, "<tr>");
			text_cell(out, NULL, party_name(c->j, r->account));
			text_cell(out, NULL, sym(c, r->commodity));
			figure_cell(c, NULL, "overdue", journal_account_name(c->j, r->account), r->commodity,
				    &v[i].amount);
			clerk_date oldest = dr ? dr->oldest_due : r->oldest_due;
			date_append(&s, oldest);
			text_cell(out, NULL, s.buf);
			strbuf_reset(&s);
			if (dr)
				strbuf_addf(&s, "%ld", dr->days);
			else if (oldest != DATE_NONE)
				strbuf_addf(&s, "%ld", (long)c->date - (long)oldest);
			text_cell(out, "num", s.buf);
			strbuf_reset(&s);
			if (dr) {
				strbuf_addf(&s, "%u", dr->level);
				text_cell(out, "num", s.buf);
				text_cell(out, NULL, dunning_action(dr->level));
			} else {
				const char *why = excluded_why(d, r->party, r->commodity);
				text_cell(out, "num", "");
				text_cell(out, NULL, why ? why : "");
			}
			strbuf_addstr(out, "</tr>\n");
			strbuf_release(&s);
		}
		strbuf_addstr(out, "</table>\n");
		start = end;
	}
	strbuf_addstr(out, "</section>\n");
	for (size_t i = 0; i < n; i++)
		dec_clear(&v[i].amount);
	free(v);
}

/* ----------------------------------------------------------- last import */

/*
 * An import transaction is one that clerk import or clerk run wrote for a
 * bank statement: its `statement:` and `statement-kind:` tags, and a
 * posting to a `role: bank` account (formats/import.md). Those with a
 * `bank-id:` on the bank posting are movements; the others are the
 * statements' closing balances.
 */
struct import_tags {
	uint32_t statement, kind, bank_id;
};

static bool is_import_txn(const struct journal *j, const struct txn *t, const struct import_tags *tg,
			  bool *movement)
{
	bool bank = false;
	*movement = false;
	if (tg->statement == NO_ID || tg->kind == NO_ID || !journal_txn_tag_id(j, t, tg->statement) ||
	    !journal_txn_tag_id(j, t, tg->kind))
		return false;
	for (uint32_t p = t->first_posting; p < t->first_posting + t->nposting; p++) {
		const struct posting *ps = &j->postings.v[p];
		if (j->accounts.v[ps->account].role != ROLE_BANK)
			continue;
		bank = true;
		if (tg->bank_id != NO_ID && ps->extra != NO_ID && journal_posting_tag_id(j, ps, tg->bank_id))
			*movement = true;
	}
	return bank;
}

/*
 * The commit a transaction came with: its file, except that the files
 * loaded as a batch (what clerk run is about to commit, one file per
 * statement and one for its notices) are all one commit.
 */
static size_t commit_of(const struct journal *j, const struct txn *t)
{
	return j->files.v[t->file].batch ? SIZE_MAX - 1 : t->file;
}

/* One statement of the last import, in the order first met. */
struct import_statement {
	const char *id, *kind;
	uint32_t bank;
	size_t movements;
};

static bool is_match_account(const struct journal *j, uint32_t account)
{
	uint8_t role = j->accounts.v[account].role;
	return role == ROLE_RECEIVABLE || role == ROLE_PAYABLE || role == ROLE_SUSPENSE;
}

static const char *const known_decisions[] = {
	"matched", "partial", "overpaid", "writeoff", "discount", "on-account", "suspense", "reversal", "fx",
};

struct decision_count {
	const char *decision;
	size_t n;
};

static size_t decision_rank(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_decisions); i++)
		if (!strcmp(s, known_decisions[i]))
			return i;
	return ARRAY_SIZE(known_decisions);
}

static int decision_cmp(const void *pa, const void *pb)
{
	const struct decision_count *a = pa, *b = pb;
	size_t ra = decision_rank(a->decision), rb = decision_rank(b->decision);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a->decision, b->decision);
}

static void section_import(struct ctx *c)
{
	const struct journal *j = c->j;
	struct strbuf *out = c->out;
	struct import_tags tg = { journal_tag_id(j, "statement"), journal_tag_id(j, "statement-kind"),
				  journal_tag_id(j, "bank-id") };
	uint32_t match_tag = journal_tag_id(j, "match");
	size_t commit = SIZE_MAX, nmoves = 0, total = 0;
	clerk_date first = DATE_NONE, last = DATE_NONE;
	VEC(struct decision_count) counts = VEC_INIT;
	VEC(struct import_statement) stmts = VEC_INIT;
	struct strbuf rows = STRBUF_INIT, s = STRBUF_INIT;
	bool movement;

	/* the commit of the last import transaction (in reading order) dated on or before DATE */
	for (size_t i = j->txns.n; i-- > 0;) {
		const struct txn *t = &j->txns.v[i];
		if (t->date <= c->date && is_import_txn(j, t, &tg, &movement)) {
			commit = commit_of(j, t);
			break;
		}
	}
	strbuf_addstr(out, "<section id=\"last-import\">\n<h2>Last import</h2>\n");
	if (commit == SIZE_MAX) {
		strbuf_addstr(out, "<p id=\"no-import\">No bank statements have been imported yet.</p>\n"
				   "</section>\n");
		goto out;
	}
	for (size_t k = 0; k < j->txns.n; k++) {
		const struct txn *t = &j->txns.v[c->order[k]];
		if (t->date > c->date || commit_of(j, t) != commit || !is_import_txn(j, t, &tg, &movement))
			continue;
		if (first == DATE_NONE)
			first = t->date;
		last = t->date;
		/* its statement */
		const char *sid = journal_txn_tag_id(j, t, tg.statement);
		const char *kind = journal_txn_tag_id(j, t, tg.kind);
		uint32_t bank = NO_ID;
		for (uint32_t p = t->first_posting; p < t->first_posting + t->nposting && bank == NO_ID; p++)
			if (j->accounts.v[j->postings.v[p].account].role == ROLE_BANK)
				bank = j->postings.v[p].account;
		size_t si;
		for (si = 0; si < stmts.n; si++)
			if (stmts.v[si].bank == bank && !strcmp(stmts.v[si].id, sid) &&
			    !strcmp(stmts.v[si].kind, kind))
				break;
		if (si == stmts.n)
			VEC_PUSH(&stmts, ((struct import_statement){ sid, kind, bank, 0 }));
		if (movement) {
			stmts.v[si].movements++;
			nmoves++;
		}
		for (uint32_t p = t->first_posting; p < t->first_posting + t->nposting; p++) {
			const struct posting *ps = &j->postings.v[p];
			const char *decision, *party, *invoice;
			struct dec in = DEC_INIT;
			size_t d;
			if (match_tag == NO_ID || !is_match_account(j, ps->account))
				continue;
			decision = journal_posting_tag_id(j, ps, match_tag);
			if (!decision)
				continue;
			for (d = 0; d < counts.n; d++)
				if (!strcmp(counts.v[d].decision, decision))
					break;
			if (d == counts.n) {
				struct decision_count *dc = VEC_GROW(&counts);
				dc->decision = decision;
			}
			counts.v[d].n++;
			total++;
			if (j->accounts.v[ps->account].role == ROLE_SUSPENSE) {
				party = journal_posting_tag(j, ps, "counterparty");
				if (!party)
					party = journal_account_name(j, ps->account);
			} else {
				party = party_name(j, ps->account);
			}
			invoice = journal_posting_tag(j, ps, "invoice");
			strbuf_addstr(&rows, "<tr>");
			strbuf_reset(&s);
			date_append(&s, t->date);
			text_cell(&rows, NULL, s.buf);
			text_cell(&rows, NULL, party);
			/* money in positive, as the bank sees it */
			dec_neg(&in, &ps->amount);
			strbuf_reset(&s);
			render_number(&s, j, ps->commodity, &in);
			strbuf_addstr(&rows, "<td class=\"num\" data-value=\"");
			render_plain(&rows, j, ps->commodity, &in);
			strbuf_addstr(&rows, "\">");
			html_escape(&rows, s.buf);
			strbuf_addstr(&rows, "</td>");
			text_cell(&rows, NULL, sym(c, ps->commodity));
			text_cell(&rows, NULL, invoice ? invoice : "");
			text_cell(&rows, "decision", decision);
			strbuf_addstr(&rows, "</tr>\n");
			dec_clear(&in);
		}
	}
	strbuf_addf(out, "<p>%zu statement%s, %zu movement%s, dated ", stmts.n, stmts.n == 1 ? "" : "s",
		    nmoves, nmoves == 1 ? "" : "s");
	date_append(out, first);
	if (last != first) {
		strbuf_addstr(out, " to ");
		date_append(out, last);
	}
	strbuf_addstr(out, ".</p>\n<table class=\"statements\">\n<tr><th>Bank account</th>"
			   "<th>Statement</th><th>Kind</th><th class=\"num\">Movements</th></tr>\n");
	for (size_t si = 0; si < stmts.n; si++) {
		strbuf_addstr(out, "<tr>");
		text_cell(out, NULL, journal_account_name(j, stmts.v[si].bank));
		text_cell(out, NULL, stmts.v[si].id);
		text_cell(out, NULL, stmts.v[si].kind);
		strbuf_addf(out, "<td class=\"num\" data-figure=\"import-movements\" data-value=\"%zu\">"
				 "%zu</td></tr>\n",
			    stmts.v[si].movements, stmts.v[si].movements);
	}
	strbuf_addstr(out, "</table>\n");
	if (counts.n > 1)
		qsort(counts.v, counts.n, sizeof(*counts.v), decision_cmp);
	strbuf_addstr(out, "<table class=\"decisions\">\n<tr><th>Decision</th>"
			   "<th class=\"num\">Postings</th></tr>\n");
	for (size_t d = 0; d < counts.n; d++) {
		strbuf_addstr(out, "<tr>");
		text_cell(out, NULL, counts.v[d].decision);
		strbuf_addstr(out, "<td class=\"num\" data-figure=\"import-count\" data-decision=\"");
		html_escape(out, counts.v[d].decision);
		strbuf_addf(out, "\" data-value=\"%zu\">%zu</td></tr>\n", counts.v[d].n, counts.v[d].n);
	}
	strbuf_addf(out, "<tr class=\"total\"><td>Total</td><td class=\"num\" id=\"import-total\" "
			 "data-figure=\"import-total\" data-value=\"%zu\">%zu</td></tr>\n</table>\n",
		    total, total);
	if (total)
		strbuf_addstr(out, "<table class=\"import\">\n<tr><th>Date</th><th>Party</th>"
				   "<th class=\"num\">Amount</th><th>Currency</th><th>Invoice</th>"
				   "<th>Decision</th></tr>\n");
	strbuf_add(out, rows.buf, rows.len);
	if (total)
		strbuf_addstr(out, "</table>\n<p class=\"note\">Amounts as the bank sees them: money in "
				   "positive, money out negative.</p>\n");
	strbuf_addstr(out, "</section>\n");
out:
	VEC_FREE(&counts);
	VEC_FREE(&stmts);
	strbuf_release(&rows);
	strbuf_release(&s);
}

/* -------------------------------------------------------------- suspense */

struct susp_cur {
	uint32_t commodity;
	struct dec balance;
	size_t start; /* first posting (index in the account's list) after the balance was last zero */
};

static void section_suspense(struct ctx *c)
{
	const struct journal *j = c->j;
	struct strbuf *out = c->out;
	u32_vec list = VEC_INIT;
	VEC(struct susp_cur) curs = VEC_INIT;
	struct strbuf s = STRBUF_INIT;
	size_t naccounts = 0;
	strbuf_addstr(out, "<section id=\"suspense\">\n<h2>Waiting in suspense</h2>\n"
			   "<p class=\"note\">Money nobody has explained yet, for a person to assign. "
			   "Amounts as in the books: negative is money received.</p>\n");
	for (size_t a = 0; a < j->accounts.n; a++) {
		if (j->accounts.v[a].role != ROLE_SUSPENSE)
			continue;
		const char *name = journal_account_name(j, (uint32_t)a);
		list.n = 0;
		for (size_t i = 0; i < curs.n; i++)
			dec_clear(&curs.v[i].balance);
		curs.n = 0;
		for (size_t k = 0; k < j->txns.n; k++) {
			const struct txn *t = &j->txns.v[c->order[k]];
			if (t->date > c->date)
				continue;
			for (uint32_t p = t->first_posting; p < t->first_posting + t->nposting; p++) {
				const struct posting *ps = &j->postings.v[p];
				size_t i;
				if (ps->account != a)
					continue;
				VEC_PUSH(&list, p);
				for (i = 0; i < curs.n; i++)
					if (curs.v[i].commodity == ps->commodity)
						break;
				if (i == curs.n) {
					struct susp_cur *sc = VEC_GROW(&curs);
					sc->commodity = ps->commodity;
					dec_init(&sc->balance);
				}
				dec_add(&curs.v[i].balance, &curs.v[i].balance, &ps->amount);
				if (dec_is_zero(&curs.v[i].balance))
					curs.v[i].start = list.n;
			}
		}
		if (!list.n && !j->accounts.v[a].own_role)
			continue;
		naccounts++;
		strbuf_addstr(out, "<h3>");
		html_escape(out, name);
		strbuf_addstr(out, "</h3>\n");
		if (!curs.n) {
			strbuf_addstr(out, "<p>Nothing was ever posted here.</p>\n");
			continue;
		}
		for (size_t i = 0; i < curs.n; i++) {
			struct susp_cur *sc = &curs.v[i];
			struct figs *f = figs_of(c, sc->commodity);
			dec_add(&f->suspense, &f->suspense, &sc->balance);
			strbuf_addstr(out, "<table class=\"suspense\">\n<tr><th>Balance</th><th>Currency</th>"
					   "<th class=\"num\">Amount</th></tr>\n<tr class=\"total\"><td>On ");
			date_append(out, c->date);
			strbuf_addstr(out, "</td>");
			text_cell(out, NULL, sym(c, sc->commodity));
			figure_cell(c, NULL, "suspense", name, sc->commodity, &sc->balance);
			strbuf_addstr(out, "</tr>\n</table>\n");
			if (dec_is_zero(&sc->balance)) {
				strbuf_addstr(out, "<p>Nothing waits.</p>\n");
				continue;
			}
			strbuf_addstr(out, "<table class=\"suspense-postings\">\n<tr><th>Date</th>"
					   "<th>Description</th><th class=\"num\">Amount</th></tr>\n");
			for (size_t k = sc->start; k < list.n; k++) {
				const struct posting *ps = &j->postings.v[list.v[k]];
				const struct txn *t = &j->txns.v[ps->txn];
				if (ps->commodity != sc->commodity || dec_is_zero(&ps->amount))
					continue;
				strbuf_reset(&s);
				date_append(&s, t->date);
				strbuf_addstr(out, "<tr>");
				text_cell(out, NULL, s.buf);
				text_cell(out, NULL, t->description);
				figure_cell(c, NULL, NULL, NULL, ps->commodity, &ps->amount);
				strbuf_addstr(out, "</tr>\n");
			}
			strbuf_addstr(out, "</table>\n");
		}
	}
	if (!naccounts)
		strbuf_addstr(out, "<p>The books have no account with role suspense.</p>\n");
	strbuf_addstr(out, "</section>\n");
	for (size_t i = 0; i < curs.n; i++)
		dec_clear(&curs.v[i].balance);
	VEC_FREE(&curs);
	VEC_FREE(&list);
	strbuf_release(&s);
}

/* ---------------------------------------------------------- key figures */

/* Sorts the key figures by currency symbol (insertion sort: a few currencies). */
static void figs_sort(struct ctx *c)
{
	figs_vec *v = &c->figs;
	for (size_t i = 1; i < v->n; i++) {
		struct figs x = v->v[i];
		size_t k = i;
		for (; k > 0 && strcmp(sym(c, v->v[k - 1].commodity), sym(c, x.commodity)) > 0; k--)
			v->v[k] = v->v[k - 1];
		v->v[k] = x;
	}
}

enum fig { FIG_CASH, FIG_AR, FIG_AR_OVER, FIG_AP, FIG_AP_OVER, FIG_SUSPENSE };

static const struct dec *fig_value(const struct figs *f, enum fig k)
{
	switch (k) {
	case FIG_CASH:
		return &f->cash;
	case FIG_AR:
		return &f->ar;
	case FIG_AR_OVER:
		return &f->ar_over;
	case FIG_AP:
		return &f->ap;
	case FIG_AP_OVER:
		return &f->ap_over;
	default:
		return &f->suspense;
	}
}

static void section_summary(struct ctx *c, struct strbuf *out)
{
	static const struct {
		const char *id, *head;
		enum fig fig;
	} cols[] = {
		{ "cash-total", "Cash", FIG_CASH },
		{ "ar-total", "Receivables", FIG_AR },
		{ "ar-overdue", "Overdue", FIG_AR_OVER },
		{ "ap-total", "Payables", FIG_AP },
		{ "ap-overdue", "Overdue", FIG_AP_OVER },
		{ "suspense-total", "Suspense", FIG_SUSPENSE },
	};
	struct dec days = DEC_INIT;
	struct strbuf *saved = c->out;
	c->out = out;
	strbuf_addstr(out, "<section id=\"summary\">\n<h2>Key figures</h2>\n<table class=\"summary\">\n"
			   "<tr><th>Currency</th>");
	for (size_t k = 0; k < ARRAY_SIZE(cols); k++)
		strbuf_addf(out, "<th class=\"num\">%s</th>", cols[k].head);
	strbuf_addstr(out, "<th class=\"num\">DSO</th></tr>\n");
	for (size_t i = 0; i < c->figs.n; i++) {
		struct figs *f = &c->figs.v[i];
		strbuf_addstr(out, "<tr>");
		text_cell(out, NULL, sym(c, f->commodity));
		for (size_t k = 0; k < ARRAY_SIZE(cols); k++) {
			figure_cell(c, cols[k].id, cols[k].id, NULL, f->commodity, fig_value(f, cols[k].fig));
		}
		if (mreport_dso(&days, &f->ar, &f->sales)) {
			strbuf_addstr(out, "<td class=\"num\">n/a</td></tr>\n");
		} else {
			strbuf_addstr(out, "<td class=\"num\">");
			dec_format_plain(out, &days, 0);
			strbuf_addstr(out, "</td></tr>\n");
		}
	}
	strbuf_addstr(out, "</table>\n");
	if (!c->figs.n)
		strbuf_addstr(out, "<p>The books hold no money yet.</p>\n");
	strbuf_addstr(out, "</section>\n");
	c->out = saved;
	dec_clear(&days);
}

/* ------------------------------------------------------------------ page */

int mreport_html(struct strbuf *out, const struct journal *j, clerk_date date, bool *ties_out)
{
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	struct openitems *ar_oi = NULL, *ap_oi = NULL;
	struct aging *ar = NULL, *ap = NULL;
	struct dunning *dun = NULL;
	int error = 0;

	if (date == DATE_NONE)
		return clerk_error_set(CLERK_EINVALID, "no date for the report");
	oo.as_of = date;
	if ((error = openitems_compute(&ar_oi, j, &oo)) || (error = aging_compute(&ar, j, ar_oi, NULL)) ||
	    (error = dunning_compute(&dun, j, ar_oi, NULL)))
		goto cleanup;
	oo.side = OPENITEMS_PAYABLES;
	if ((error = openitems_compute(&ap_oi, j, &oo)) || (error = aging_compute(&ap, j, ap_oi, NULL)))
		goto cleanup;
	const struct mreport_inputs in = { ar_oi, ap_oi, ar, ap, dun, NULL };
	error = mreport_html_with(out, j, date, &in, ties_out);
cleanup:
	dunning_free(dun);
	aging_free(ar);
	aging_free(ap);
	openitems_free(ar_oi);
	openitems_free(ap_oi);
	return error;
}

int mreport_html_with(struct strbuf *out, const struct journal *j, clerk_date date,
		      const struct mreport_inputs *in, bool *ties_out)
{
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	struct openitems *all_oi = NULL;
	const struct openitems *ar_oi = in->receivables, *ap_oi = in->payables;
	const struct aging *ar = in->receivables_aging;
	/* no vendor accounts at all: no payables section */
	const struct aging *ap = openitems_party_count(ap_oi) ? in->payables_aging : NULL;
	const struct dunning *dun = in->dunning;
	struct ctx c = { NULL, j, date, NULL, VEC_INIT };
	struct strbuf body = STRBUF_INIT, title = STRBUF_INIT;
	const char *company = NULL;
	int error = 0;

	if (date == DATE_NONE)
		return clerk_error_set(CLERK_EINVALID, "no date for the report");
	oo.as_of = date;
	oo.include_closed = true;
	if ((error = openitems_compute(&all_oi, j, &oo)))
		goto cleanup;
	if (ties_out)
		*ties_out = aging_ties_out(ar) && (!ap || aging_ties_out(ap));
	journal_date_order(j, &c.order);

	/* the sections that follow the key figures fill them in as they go */
	c.out = &body;
	section_cash(&c);
	aging_figures(&c, ar, false);
	if (ap)
		aging_figures(&c, ap, true);
	aging_html(&body, ar, j, ar_oi, date);
	if ((error = section_dso(&c, all_oi, in->history)))
		goto cleanup;
	section_overdue(&c, ar, dun);
	if (ap)
		aging_html(&body, ap, j, ap_oi, date);
	else
		strbuf_addstr(&body, "<section id=\"aging-payables\">\n<h2>Aged payables</h2>\n"
				     "<p>The books have no vendor accounts (below an account with role "
				     "payable).</p>\n</section>\n");
	section_import(&c);
	section_suspense(&c);
	figs_sort(&c);

	for (size_t a = 0; a < j->accounts.n && !company; a++)
		if (j->accounts.v[a].role == ROLE_BANK)
			company = journal_account_tag(j, (uint32_t)a, "name");
	strbuf_addstr(&title, "Management report ");
	date_append(&title, date);
	html_begin(out, title.buf);
	strbuf_addstr(out, "<h1>");
	if (company && *company) {
		html_escape(out, company);
		strbuf_addstr(out, ": ");
	}
	strbuf_addstr(out, "management report as of <time id=\"report-date\" datetime=\"");
	date_append(out, date);
	strbuf_addstr(out, "\">");
	date_append(out, date);
	strbuf_addstr(out, "</time></h1>\n<p class=\"note\">Only postings dated on or before ");
	date_append(out, date);
	strbuf_addstr(out, " count. Written by clerk from the books alone.</p>\n");
	section_summary(&c, out);
	strbuf_add(out, body.buf, body.len);
	html_end(out);

cleanup:
	figs_release(&c.figs);
	free(c.order);
	strbuf_release(&body);
	strbuf_release(&title);
	openitems_free(all_oi);
	return error;
}

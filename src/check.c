/*
 * check.c - book-wide validation of a loaded journal: account roles and
 * reserved tags, balance assertions in date order, duplicate invoice
 * numbers, and the --strict rules.
 */
#include "compat.h"
#include "journal.h"
#include "error.h"
#include "letters.h"
#include "refs.h"
#include "terms.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Adds an error at byte offset `off` of line `line` of file `file`
 * (off = 0: column 1; UINT32_MAX: no column).
 */
static void PRINTF_LIKE(6, 7) err_at(struct journal *j, struct diag *d, uint32_t file,
				     uint32_t line, uint32_t off, const char *fmt, ...)
{
	struct srcloc loc = { file < j->files.n ? j->files.v[file].path : NULL, line, 0 };
	size_t len = 0;
	const char *text = journal_source_line(j, file, line, &len);
	if (off != UINT32_MAX)
		loc.col = text && off <= len ? diag_column(text, off) : 1;
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, &loc, text, len, fmt, ap);
	va_end(ap);
}

/*
 * Byte offset of "name:" for tag t in its source line: the nth such tag of
 * that line (nth counts the same-named tags of the line before t), looked
 * for after the comment's ';'. 0 when not found.
 */
static uint32_t tag_offset(struct journal *j, uint32_t file, const struct tag *t)
{
	size_t len = 0;
	const char *text = journal_source_line(j, file, t->line, &len);
	const char *name = journal_tag_name(j, t->name);
	size_t n = strlen(name), nth = 0;
	for (const struct tag *o = t; o > j->tags.v && o[-1].line == t->line; o--)
		if (o[-1].name == t->name)
			nth++;
	const char *semi = text ? memchr(text, ';', len) : NULL;
	for (size_t i = semi ? (size_t)(semi - text) : len; text && i + n < len; i++)
		if (!memcmp(text + i, name, n) && text[i + n] == ':' &&
		    (text[i - 1] == ' ' || text[i - 1] == ',' || text[i - 1] == ';' ||
		     text[i - 1] == '\t') && nth-- == 0)
			return (uint32_t)i;
	return 0;
}

static void tag_error(struct journal *j, struct diag *d, uint32_t file, const struct tag *t,
		      const char *msg)
{
	err_at(j, d, file, t->line, tag_offset(j, file, t), "tag '%s: %s': %s",
	       journal_tag_name(j, t->name), t->value, msg);
}

static void check_tag_value(struct journal *j, struct diag *d, uint32_t file, const struct tag *t,
			    bool on_account)
{
	const char *name = journal_tag_name(j, t->name);
#define tag_error(j, d, t, msg) tag_error(j, d, file, t, msg)
	if (!strcmp(name, "role")) {
		if (!on_account)
			tag_error(j, d, t, "roles belong on account directives");
		else if (account_role_parse(t->value) < 0)
			tag_error(j, d, t,
				  "unknown role (expected bank, receivable, payable, suspense, writeoff, "
				  "discount, charges, fx, fees or interest)");
	} else if (!strcmp(name, "iban")) {
		if (!iban_valid(t->value))
			tag_error(j, d, t, "not a valid IBAN (check digits do not match)");
	} else if (!strcmp(name, "email")) {
		const char *at = strchr(t->value, '@');
		if (!at || at == t->value || !at[1] || strchr(t->value, ' '))
			tag_error(j, d, t, "not an email address");
	} else if (!strcmp(name, "terms")) {
		struct terms tm = TERMS_INIT;
		const char *msg = terms_parse(t->value, &tm);
		terms_release(&tm);
		if (msg)
			tag_error(j, d, t, msg);
	} else if (!strcmp(name, "due")) {
		const char *p = t->value, *end = t->value + strlen(t->value);
		clerk_date dd;
		const char *msg = NULL;
		if (end - t->value != 10 || t->value[4] != '-' || t->value[7] != '-')
			msg = "expected a date YYYY-MM-DD";
		else if ((msg = date_parse(&p, end, &dd)) == NULL && p != end)
			msg = "expected a date YYYY-MM-DD";
		if (msg)
			tag_error(j, d, t, msg);
	} else if (!strcmp(name, "invoice")) {
		if (!*t->value)
			tag_error(j, d, t, "empty invoice number");
	} else if (!strcmp(name, "ref")) {
		if (!*t->value)
			tag_error(j, d, t, "empty reference");
		else if ((t->value[0] == 'R' || t->value[0] == 'r') &&
			 (t->value[1] == 'F' || t->value[1] == 'f') && !rf_valid(t->value))
			tag_error(j, d, t, "not a valid ISO 11649 RF reference (check digits do not match)");
	}
#undef tag_error
}

/* Ids of the reserved tags, looked up once per check. */
static bool *reserved_ids(struct journal *j)
{
	static const char *const names[] = { "role", "iban", "email", "terms", "due",
					     "invoice", "ref", "name" };
	bool *r = xcalloc(j->tag_names.n ? j->tag_names.n : 1, sizeof(*r));
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		uint32_t id = journal_tag_id(j, names[k]);
		if (id != NO_ID)
			r[id] = true;
	}
	return r;
}

static void check_tags(struct journal *j, struct diag *d, const bool *reserved, uint32_t file,
		       uint32_t start, uint32_t n, bool on_account)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct tag *t = &j->tags.v[start + i];
		if (!reserved[t->name])
			continue;
		check_tag_value(j, d, file, t, on_account);
		/* a reserved tag given twice on one item is ambiguous */
		for (uint32_t m = 0; m < i; m++)
			if (j->tags.v[start + m].name == t->name) {
				tag_error(j, d, file, t, "given twice");
				break;
			}
	}
}

static void resolve_roles(struct journal *j, struct diag *d, const bool *reserved)
{
	for (size_t i = 0; i < j->accounts.n; i++) {
		struct account *a = &j->accounts.v[i];
		const char *r = journal_account_tag(j, (uint32_t)i, "role");
		int role = r ? account_role_parse(r) : -1;
		a->own_role = role > 0 ? (uint8_t)role : 0;
	}
	for (size_t i = 0; i < j->accounts.n; i++) {
		struct account *a = &j->accounts.v[i];
		uint32_t k = (uint32_t)i;
		while (k != NO_ID && !j->accounts.v[k].own_role)
			k = j->accounts.v[k].parent;
		a->role_account = k;
		a->role = k == NO_ID ? 0 : j->accounts.v[k].own_role;
	}
	for (size_t i = 0; i < j->accounts.n; i++) {
		struct account *a = &j->accounts.v[i];
		/* a role inside another role's subtree must agree with it */
		if (a->own_role && a->parent != NO_ID && j->accounts.v[a->parent].role &&
		    j->accounts.v[a->parent].role != a->own_role)
			err_at(j, d, a->decl_file, a->decl_line, 0,
			       "account '%s' has role '%s' inside '%s', which has role '%s'",
			       journal_account_name(j, (uint32_t)i), account_role_name(a->own_role),
			       journal_account_name(j, j->accounts.v[a->parent].role_account),
			       account_role_name(j->accounts.v[a->parent].role));
		if (a->ntags)
			check_tags(j, d, reserved, a->decl_file, a->tags_start, a->ntags, true);
	}
}

struct acc_bal {
	uint32_t commodity;
	struct dec v;
};

static void check_assertions(struct journal *j, struct diag *d, const uint32_t *order)
{
	VEC(struct acc_bal) *bals = xcalloc(j->accounts.n ? j->accounts.n : 1, sizeof(*bals));
	bool *track = xcalloc(j->accounts.n ? j->accounts.n : 1, sizeof(*track));
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	struct dec diff = DEC_INIT;

	for (size_t i = 0; i < j->postings.n; i++)
		if (j->postings.v[i].flags & POSTING_ASSERT)
			track[j->postings.v[i].account] = true;
	for (size_t oi = 0; oi < j->txns.n; oi++) {
		const struct txn *t = &j->txns.v[order[oi]];
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			if (!track[p->account])
				continue;
			struct acc_bal *slot = NULL;
			for (size_t m = 0; m < bals[p->account].n; m++)
				if (bals[p->account].v[m].commodity == p->commodity)
					slot = &bals[p->account].v[m];
			if (!slot) {
				slot = VEC_GROW(&bals[p->account]);
				slot->commodity = p->commodity;
				dec_init(&slot->v);
			}
			dec_add(&slot->v, &slot->v, &p->amount);
			if (!(p->flags & POSTING_ASSERT))
				continue;
			const struct posting_aux *x = &j->aux.v[j->extras.v[p->extra].aux];
			struct dec zero = DEC_INIT;
			const struct dec *have = &zero;
			for (size_t m = 0; m < bals[p->account].n; m++)
				if (bals[p->account].v[m].commodity == x->assert_commodity)
					have = &bals[p->account].v[m].v;
			if (dec_cmp(have, &x->assertion)) {
				strbuf_reset(&a);
				strbuf_reset(&b);
				strbuf_reset(&c);
				amount_format(&a, &j->commodities, x->assert_commodity, have);
				amount_format(&b, &j->commodities, x->assert_commodity, &x->assertion);
				dec_sub(&diff, have, &x->assertion);
				amount_format(&c, &j->commodities, x->assert_commodity, &diff);
				err_at(j, d, t->file, p->line, x->assert_col,
				       "balance assertion failed: '%s' is %s, asserted %s (difference %s)",
				       journal_account_name(j, p->account), a.buf, b.buf, c.buf);
			} else if (x->assert_total) {
				for (size_t m = 0; m < bals[p->account].n; m++) {
					const struct acc_bal *o = &bals[p->account].v[m];
					if (o->commodity == x->assert_commodity || dec_is_zero(&o->v))
						continue;
					strbuf_reset(&a);
					amount_format(&a, &j->commodities, o->commodity, &o->v);
					err_at(j, d, t->file, p->line, x->assert_col,
					       "balance assertion failed: '%s' also holds %s ('==' asserts "
					       "the only commodity)",
					       journal_account_name(j, p->account), a.buf);
				}
			}
		}
	}
	for (size_t i = 0; i < j->accounts.n; i++) {
		for (size_t m = 0; m < bals[i].n; m++)
			dec_clear(&bals[i].v[m].v);
		VEC_FREE(&bals[i]);
	}
	free(bals);
	free(track);
	dec_clear(&diff);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}

static void check_invoices(struct journal *j, struct diag *d, const uint32_t *order)
{
	struct symtab keys = SYMTAB_INIT;
	VEC(uint32_t) first = VEC_INIT; /* per key: posting that opened it */
	struct strbuf key = STRBUF_INIT;
	uint32_t invoice_id = journal_tag_id(j, "invoice");
	uint32_t match_id = journal_tag_id(j, "match");
	for (size_t oi = 0; invoice_id != NO_ID && oi < j->txns.n; oi++) {
		const struct txn *t = &j->txns.v[order[oi]];
		for (uint32_t k = 0; k < t->nposting; k++) {
			uint32_t pi = t->first_posting + k;
			const struct posting *p = &j->postings.v[pi];
			if (!journal_is_party(j, p->account))
				continue;
			const char *inv = journal_posting_tag_id(j, p, invoice_id);
			if (!inv || !*inv)
				continue;
			int sgn = dec_sgn(&p->amount);
			bool opening = j->accounts.v[p->account].role == ROLE_RECEIVABLE ? sgn > 0 : sgn < 0;
			if (!opening)
				continue;
			/* a returned payment written back (match: reversal) reopens, it does not open */
			const char *how = match_id != NO_ID ? journal_posting_tag_id(j, p, match_id) : NULL;
			if (how && !strcmp(how, "reversal"))
				continue;
			strbuf_reset(&key);
			strbuf_addf(&key, "%u:%u:", p->account, p->commodity);
			strbuf_addstr(&key, inv);
			int is_new;
			uint32_t id = symtab_intern(&keys, key.buf, key.len, &is_new);
			if (is_new) {
				VEC_PUSH(&first, pi);
				continue;
			}
			const struct posting *f = &j->postings.v[first.v[id]];
			if (f->txn == p->txn)
				continue; /* several lines of one invoice */
			const struct txn *ft = &j->txns.v[f->txn];
			err_at(j, d, t->file, p->line, p->col,
			       "duplicate %s '%s' for '%s': already opened at %s:%u",
			       j->accounts.v[p->account].role == ROLE_RECEIVABLE ? "invoice" : "bill",
			       inv, journal_account_name(j, p->account), j->files.v[ft->file].path,
			       f->line);
		}
	}
	symtab_release(&keys);
	VEC_FREE(&first);
	strbuf_release(&key);
}

/* Byte offset of a posting's amount: past the account name and the blanks after it. */
static uint32_t amount_offset(struct journal *j, uint32_t file, const struct posting *p)
{
	size_t len = 0;
	const char *text = journal_source_line(j, file, p->line, &len);
	size_t i = p->col;
	if (!text || i >= len)
		return p->col;
	while (i < len && text[i] != '\t' && !(text[i] == ' ' && i + 1 < len && text[i + 1] == ' '))
		i++;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i < len ? (uint32_t)i : p->col;
}

static void check_strict(struct journal *j, struct diag *d, const struct journal_check_options *o)
{
	bool *seen_acc = xcalloc(j->accounts.n ? j->accounts.n : 1, 1);
	bool *seen_com = xcalloc(j->commodities.n ? j->commodities.n : 1, 1);
	clerk_date *last = NULL;
	if (o->strict) {
		last = xmalloc(st_mult(j->files.n ? j->files.n : 1, sizeof(*last)));
		for (size_t i = 0; i < j->files.n; i++)
			last[i] = DATE_NONE;
	}
	for (size_t ti = 0; ti < j->txns.n; ti++) {
		const struct txn *t = &j->txns.v[ti];
		bool batch = j->files.v[t->file].batch;
		if (o->strict) {
			if (last[t->file] != DATE_NONE && t->date < last[t->file]) {
				char buf[11];
				date_format(last[t->file], buf);
				err_at(j, d, t->file, t->line, 0,
				       "transaction is dated before the one above it (%s); --strict wants "
				       "each file in date order",
				       buf);
			}
			last[t->file] = t->date;
		}
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			if ((o->strict || (o->strict_batch && batch)) &&
			    !j->accounts.v[p->account].declared && !seen_acc[p->account]) {
				seen_acc[p->account] = true;
				err_at(j, d, t->file, p->line, p->col,
				       "undeclared account '%s' (declare it with an 'account' directive)",
				       journal_account_name(j, p->account));
			}
			uint32_t coms[3] = { p->commodity, 0, 0 };
			if (p->extra != NO_ID && j->extras.v[p->extra].aux != NO_ID) {
				const struct posting_aux *x = &j->aux.v[j->extras.v[p->extra].aux];
				if (p->flags & POSTING_COST)
					coms[1] = x->cost_commodity;
				if (p->flags & POSTING_ASSERT)
					coms[2] = x->assert_commodity;
			}
			for (size_t ci = 0; ci < 3; ci++) {
				uint32_t cm = coms[ci];
				if (!o->strict || !cm || j->commodities.v[cm].declared || seen_com[cm])
					continue;
				seen_com[cm] = true;
				uint32_t col = ci == 2 ? j->aux.v[j->extras.v[p->extra].aux].assert_col
						       : amount_offset(j, t->file, p);
				err_at(j, d, t->file, p->line, col,
				       "undeclared commodity '%s' (declare it with a 'commodity' directive)",
				       commodity_symbol(&j->commodities, cm));
			}
		}
	}
	free(seen_acc);
	free(seen_com);
	free(last);
}

/*
 * --strict: books with customers whose letters would have no sender (no
 * `role: bank` account with `iban:` and `name:`, letters.h) get a warning,
 * on the bank account's declaration when there is one.
 */
static void check_letter_sender(struct journal *j, struct diag *d)
{
	struct letter_sender s;
	const char *problem;
	bool customers = false;
	for (size_t i = 0; i < j->accounts.n && !customers; i++)
		customers = j->accounts.v[i].role == ROLE_RECEIVABLE;
	if (!customers || !j->files.n)
		return;
	letters_sender(&s, j);
	if (!(problem = letters_sender_problem(&s)))
		return;
	const struct account *a = s.account != NO_ID ? &j->accounts.v[s.account] : NULL;
	struct srcloc loc = { j->files.v[0].path, 0, 0 };
	const char *text = NULL;
	size_t len = 0;
	if (a && a->declared && a->decl_line && a->decl_file < j->files.n) {
		loc = (struct srcloc){ j->files.v[a->decl_file].path, a->decl_line, 1 };
		text = journal_source_line(j, a->decl_file, a->decl_line, &len);
	}
	diag_add(d, DIAG_WARNING, &loc, text, len, "letters to customers cannot be written: %s", problem);
}

int journal_check(struct journal *j, const struct journal_check_options *opts, struct diag *d)
{
	struct journal_check_options def = JOURNAL_CHECK_OPTIONS_INIT;
	size_t before = d->nerrors;
	uint32_t *order = NULL;
	if (!opts)
		opts = &def;

	bool *reserved = reserved_ids(j);
	bool opens = !opts->batch_only; /* does anything to check open an invoice? */
	resolve_roles(j, d, reserved);
	for (size_t i = 0; i < j->txns.n; i++) {
		const struct txn *t = &j->txns.v[i];
		if (t->ntags && (!opts->batch_only || j->files.v[t->file].batch))
			check_tags(j, d, reserved, t->file, t->tags_start, t->ntags, false);
	}
	uint32_t invoice_id = journal_tag_id(j, "invoice");
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		const struct txn *t = &j->txns.v[p->txn];
		if (opts->batch_only && !j->files.v[t->file].batch)
			continue;
		if (p->extra != NO_ID && j->extras.v[p->extra].ntags && !(p->flags & POSTING_COPY))
			check_tags(j, d, reserved, t->file, j->extras.v[p->extra].tags_start,
				   j->extras.v[p->extra].ntags, false);
		if (!opens && invoice_id != NO_ID && journal_is_party(j, p->account) &&
		    journal_posting_tag_id(j, p, invoice_id)) {
			int sgn = dec_sgn(&p->amount);
			opens = j->accounts.v[p->account].role == ROLE_RECEIVABLE ? sgn > 0 : sgn < 0;
		}
	}
	free(reserved);
	journal_date_order(j, &order);
	if (j->has_assertions)
		check_assertions(j, d, order);
	if (opens)
		check_invoices(j, d, order);
	if (opts->strict || opts->strict_batch)
		check_strict(j, d, opts);
	if (opts->strict)
		check_letter_sender(j, d);
	free(order);
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

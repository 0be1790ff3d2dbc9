/*
 * check.c - book-wide validation of a loaded journal: account roles and
 * reserved tags, balance assertions in date order, duplicate invoice
 * numbers, item tags on accounts that are not party accounts, tag names
 * that look like misspelt reserved ones, and the --strict rules.
 */
#include "compat.h"
#include "journal.h"
#include "error.h"
#include "bankfeed.h"
#include "documents.h"
#include "lang.h"
#include "letters.h"
#include "pain.h"
#include "refs.h"
#include "terms.h"
#include "util/near.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Adds a diagnostic at byte offset `off` of line `line` of file `file`
 * (off = 0: column 1; UINT32_MAX: no column).
 */
static void PRINTF_LIKE(7, 0) vdiag_at(struct journal *j, struct diag *d, enum diag_level level,
				       uint32_t file, uint32_t line, uint32_t off, const char *fmt,
				       va_list ap)
{
	struct srcloc loc = { file < j->files.n ? j->files.v[file].path : NULL, line, 0 };
	size_t len = 0;
	const char *text = journal_source_line(j, file, line, &len);
	if (off != UINT32_MAX)
		loc.col = text && off <= len ? diag_column(text, off) : 1;
	diag_vadd(d, level, &loc, text, len, fmt, ap);
}

static void PRINTF_LIKE(6, 7) err_at(struct journal *j, struct diag *d, uint32_t file,
				     uint32_t line, uint32_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag_at(j, d, DIAG_ERROR, file, line, off, fmt, ap);
	va_end(ap);
}

static void PRINTF_LIKE(7, 8) diag_at(struct journal *j, struct diag *d, enum diag_level level,
				      uint32_t file, uint32_t line, uint32_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag_at(j, d, level, file, line, off, fmt, ap);
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

/* Whether s is a VAT rate in percent: "19", "5.5", from 0 to 100, at most 4 decimals. */
static bool vat_rate_ok(const char *s)
{
	unsigned whole = 0, before = 0, after = 0, nonzero_after = 0;
	bool point = false;
	for (; *s; s++) {
		if (*s == '.' && !point && before) {
			point = true;
		} else if (*s >= '0' && *s <= '9' && !point) {
			if (++before > 3)
				return false;
			whole = whole * 10 + (unsigned)(*s - '0');
		} else if (*s >= '0' && *s <= '9') {
			after++;
			nonzero_after += *s != '0';
		} else {
			return false;
		}
	}
	return before && (!point || (after && after <= 4)) &&
	       (whole < 100 || (whole == 100 && !nonzero_after));
}

/* Whether s has the shape of a VAT id: a two-letter prefix, then 2 to 14 letters, digits, + or *. */
static bool vat_id_ok(const char *s)
{
	char id[32];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '.' || *s == '-')
			continue;
		if (n + 1 >= sizeof(id))
			return false;
		id[n++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
	}
	if (n < 4 || n > 16 || id[0] < 'A' || id[0] > 'Z' || id[1] < 'A' || id[1] > 'Z')
		return false;
	for (size_t i = 2; i < n; i++)
		if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '+' ||
		      id[i] == '*'))
			return false;
	return true;
}

/*
 * The tags Clerk reads from party accounts only (received bills,
 * formats/einvoice.md): on other accounts and on postings they are the
 * user's own, as before Clerk read them.
 */
static bool party_account_tag(const char *name)
{
	return !strcmp(name, "vat") || !strcmp(name, "expense") || !strcmp(name, "hold");
}

/* An invoice or credit note series' prefix (clerk invoice, formats/invoice.md). */
static bool series_prefix_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '/' || s[i] == '.' ||
		      s[i] == '_'))
			return false;
	return true;
}

/*
 * Whether account a may take a bill's net (expense:) or an invoice's
 * revenue (income:): not a party, bank, VAT or transit account.
 */
static bool net_account_role_ok(const struct journal *j, uint32_t a)
{
	uint8_t role = j->accounts.v[a].role;
	return !journal_is_party(j, a) && role != ROLE_BANK && role != ROLE_RECEIVABLE &&
	       role != ROLE_PAYABLE && role != ROLE_VAT_INPUT && role != ROLE_VAT_OUTPUT &&
	       role != ROLE_TRANSIT;
}

/*
 * The expense: or income: tag t names no declared account: the error says
 * so, with the declared account that could take it whose name is nearest
 * (at most a third of the name's length, and 3, edits away), if any.
 */
static void net_account_undeclared(struct journal *j, struct diag *d, uint32_t file,
				   const struct tag *t)
{
	VEC(const char *) names = VEC_INIT;
	struct strbuf msg = STRBUF_INIT;
	size_t len = strlen(t->value);
	unsigned limit = (unsigned)(len / 3 < 3 ? len / 3 : 3);
	for (size_t a = 0; a < j->accounts.n; a++)
		if (j->accounts.v[a].declared && net_account_role_ok(j, (uint32_t)a))
			VEC_PUSH(&names, journal_account_name(j, (uint32_t)a));
	const char *near = limit ? near_closest(t->value, names.v, names.n, limit) : NULL;
	strbuf_addstr(&msg, "not a declared account");
	if (near)
		strbuf_addf(&msg, "; did you mean '%s'?", near);
	tag_error(j, d, file, t, msg.buf);
	strbuf_release(&msg);
	VEC_FREE(&names);
}

static void check_tag_value(struct journal *j, struct diag *d, uint32_t file, const struct tag *t,
			    bool on_account, uint32_t account)
{
	const char *name = journal_tag_name(j, t->name);
#define tag_error(j, d, t, msg) tag_error(j, d, file, t, msg)
	if (!strcmp(name, "role")) {
		if (!on_account)
			tag_error(j, d, t, "roles belong on account directives");
		else if (account_role_parse(t->value) < 0)
			tag_error(j, d, t,
				  "unknown role (expected bank, receivable, payable, suspense, writeoff, "
				  "discount, charges, fx, fees, interest, vat-input, vat-output, "
				  "unallocated, transit, discount-received, income or retained)");
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
	} else if (!strcmp(name, "due") || !strcmp(name, "item-date")) {
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
	} else if (!strcmp(name, DOCUMENTS_TAG)) {
		struct strbuf path = STRBUF_INIT;
		uint64_t size;
		char sha[SHA256_HEX_LEN + 1];
		if (on_account)
			tag_error(j, d, t, "a document belongs on the transaction that posted it");
		else if (documents_parse_tag(t->value, &path, &size, sha))
			tag_error(j, d, t, clerk_error_last()->message);
		strbuf_release(&path);
		clerk_error_clear();
	} else if (!strcmp(name, "statement-lag")) {
		size_t len = strlen(t->value);
		bool ok = on_account && len > 0 && len <= 2;
		for (size_t i = 0; ok && i < len; i++)
			ok = t->value[i] >= '0' && t->value[i] <= '9';
		if (!on_account)
			tag_error(j, d, t, "a statement lag belongs on a bank account's directive");
		else if (!ok || (len == 2 && (t->value[0] - '0') * 10 + (t->value[1] - '0') > BANKFEED_MAX_LAG))
			tag_error(j, d, t, "not a number of banking days from 0 to 60");
	} else if (!strcmp(name, "vat")) {
		if (!vat_id_ok(t->value))
			tag_error(j, d, t,
				  "not a VAT id (a two-letter country prefix and 2 to 14 letters or "
				  "digits, like DE123456789)");
	} else if (!strcmp(name, "expense")) {
		uint32_t e = journal_find_account(j, t->value);
		const struct account *ea = e == NO_ID ? NULL : &j->accounts.v[e];
		if (j->accounts.v[account].role != ROLE_PAYABLE)
			tag_error(j, d, t, "an expense account belongs on a vendor's account (below "
					   "'role: payable')");
		else if (!ea || !ea->declared)
			net_account_undeclared(j, d, file, t);
		else if (!net_account_role_ok(j, e))
			tag_error(j, d, t,
				  "a bill's net cannot go to a party, bank, VAT or transit account");
	} else if (!strcmp(name, "invoice-series") || !strcmp(name, "credit-note-series")) {
		if (!on_account || j->accounts.v[account].own_role != ROLE_RECEIVABLE)
			tag_error(j, d, t, "a number series belongs on the 'role: receivable' account");
		else if (!series_prefix_ok(t->value))
			tag_error(j, d, t,
				  "not a number prefix (1 to 40 letters, digits, '-', '/', '.' or '_', "
				  "like INV-2026-)");
	} else if (!strcmp(name, "income")) {
		uint32_t e = journal_find_account(j, t->value);
		const struct account *ea = e == NO_ID ? NULL : &j->accounts.v[e];
		if (!on_account || j->accounts.v[account].role != ROLE_RECEIVABLE ||
		    !journal_is_party(j, account))
			tag_error(j, d, t, "an income account belongs on a customer's account (below "
					   "'role: receivable')");
		else if (!ea || !ea->declared)
			net_account_undeclared(j, d, file, t);
		else if (!net_account_role_ok(j, e))
			tag_error(j, d, t,
				  "an invoice's revenue cannot go to a party, bank, VAT or transit account");
	} else if (!strcmp(name, "country")) {
		const char *v = t->value;
		if (strlen(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z')
			tag_error(j, d, t, "not an ISO 3166 country code (two capital letters, like DE)");
	} else if (!strcmp(name, "lang")) {
		if (lang_parse(t->value) < 0) {
			const char *near = lang_near(t->value);
			struct strbuf msg = STRBUF_INIT;
			strbuf_addstr(&msg, "unknown language");
			if (near)
				strbuf_addf(&msg, " (did you mean '%s'?)", near);
			strbuf_addstr(&msg, "; documents are written in en, de or lv");
			tag_error(j, d, t, msg.buf);
			strbuf_release(&msg);
		}
	} else if (!strcmp(name, "address")) {
		if (!*t->value)
			tag_error(j, d, t, "an empty address line");
	} else if (!strcmp(name, "hold")) {
		if (!*t->value)
			tag_error(j, d, t, "say why the vendor is on hold");
	} else if (!strcmp(name, "vat-rate") || !strcmp(name, "self-assess")) {
		bool input = !strcmp(name, "vat-rate");
		uint8_t role = j->accounts.v[account].role;
		if (input ? role != ROLE_VAT_INPUT && role != ROLE_VAT_OUTPUT : role != ROLE_VAT_OUTPUT)
			tag_error(j, d, t,
				  input ? "a VAT rate belongs on a 'role: vat-input' or 'role: vat-output' "
					  "account"
					: "a self-assessment rate belongs on a 'role: vat-output' account");
		else if (!vat_rate_ok(t->value))
			tag_error(j, d, t, "not a VAT rate in percent, like 19 or 5.5");
	} else if (!strcmp(name, "pay-approval")) {
		if (!on_account)
			tag_error(j, d, t, "the approval policy belongs on the payable account's directive");
		else if (strcmp(t->value, "required") && strcmp(t->value, "none"))
			tag_error(j, d, t, "expected 'required' or 'none'");
	} else if (!strcmp(name, "approved")) {
		if (!*t->value)
			tag_error(j, d, t, "say who approved the bill (e.g. 'approved: M. Jansen')");
	} else if (!strcmp(name, "bic")) {
		if (!pain_bic_valid(t->value))
			tag_error(j, d, t, "not a BIC (8 or 11 letters and digits, e.g. COBADEFFXXX)");
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
					     "invoice", "ref", "name", "statement-lag", "vat",
					     "expense", "hold", "vat-rate", "self-assess",
					     "pay-approval", "approved", "bic", "invoice-series",
					     "credit-note-series", "income", "address", "country", "lang",
					     "item-date", DOCUMENTS_TAG };
	bool *r = xcalloc(j->tag_names.n ? j->tag_names.n : 1, sizeof(*r));
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		uint32_t id = journal_tag_id(j, names[k]);
		if (id != NO_ID)
			r[id] = true;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* near misses: names within a small edit distance of another */

/*
 * The tags Clerk reads from account directives. A tag on an account
 * directive whose name is none of these but a near miss of one is reported.
 */
static const char *const account_tag_names[] = {
	"role",		"iban",		  "bic",	  "name",	 "email",
	"terms",	"dunning",	  "dunning-levels", "dunning-interval", "dunning-fees",
	"dunning-interest", "match-rules", "tolerance", "statement-lag", "vat",
	"expense",	"hold",		  "vat-rate",	  "self-assess", "pay-approval",
	"invoice-series", "credit-note-series", "income", "address", "country", "lang",
};

/*
 * The item tags: what makes a posting to a party account an open item and
 * what the open items read from it (formats/open-items.md). They count only
 * on party accounts. A tag on a transaction or posting whose name is a near
 * miss of one of them is reported.
 */
static const char *const item_tag_names[] = { "invoice", "due", "ref", "dispute" };

/*
 * The other tags Clerk itself writes on transactions and postings (clerk
 * import, clerk dunning, clerk run, clerk pay), and those a person writes
 * for the payment run (hold, approved): never near misses, whatever they
 * look like.
 */
static const char *const written_tag_names[] = {
	"statement",	 "statement-kind", "statement-seq", "bank-id",	     "bank-ref",
	"bank-code",	 "value-date",	   "reversal",	    "unexplained",   "end-to-end",
	"counterparty",	 "counterparty-iban", "creditor-ref", "remittance",  "referred-docs",
	"return-reason", "tx-ref",	   "match",	    "rule",	     "items",
	"unapplied",	 "bank-charges",   "dunning-notice", "dunned",	     "dunning-level",
	"interest-until", "dunning-fee",   "dunning-interest", "einvoice-sha256", "credit-note",
	"vat-category",	 "vat-percent",	   "vat-base",	    "self-assessed", "prepaid",
	"rounding",	 "accepted",	   "pay-run",	    "execution-date", "counterparty-bic",
	"debtor-iban",	 "report-sha256",  "hold",	    "approved",	     "item-date",
	"clerk-close",	 "clerk-opening",  "clerk-seal",	    "clerk-carried", DOCUMENTS_TAG,
};

static void code_points(u32_vec *out, const char *s)
{
	out->n = 0;
	near_add_code_points(out, s);
}

/*
 * Accounts to suggest, with their names' code points decoded once: name k
 * (account ids.v[k]) is cps.v[off.v[k]..off.v[k + 1]).
 */
struct candidates {
	u32_vec ids, cps, off;
};

#define CANDIDATES_INIT { VEC_INIT, VEC_INIT, VEC_INIT }

static void candidates_add(struct candidates *c, const struct journal *j, uint32_t id)
{
	if (!c->off.n)
		VEC_PUSH(&c->off, 0);
	VEC_PUSH(&c->ids, id);
	near_add_code_points(&c->cps, journal_account_name(j, id));
	VEC_PUSH(&c->off, (uint32_t)c->cps.n);
}

static void candidates_release(struct candidates *c)
{
	VEC_FREE(&c->ids);
	VEC_FREE(&c->cps);
	VEC_FREE(&c->off);
}

/*
 * Whether tag name u (code points in nr->a) is a near miss of the reserved
 * name t (in nr->b), and how far (*dist). ASCII case differences count:
 * 'Invoice' is a near miss of 'invoice'. Names of fewer than three
 * characters never are ('re:' in a comment is not a misspelt 'ref:'), nor
 * are names with a digit (no reserved name has one: 'ref2' is a tag of its
 * own). The distance allowed is 2 for names of six characters or more and
 * 1 for shorter ones; for the three-letter names ('due', 'ref', 'bic') only
 * a swap, an added letter or a case difference counts, because a changed
 * letter makes common words ('rev', 'rep', 'red', 'big').
 */
static bool tag_near_miss(struct near *nr, unsigned *dist)
{
	size_t un = nr->a.n, tn = nr->b.n;
	if (un < 3)
		return false;
	for (size_t i = 0; i < un; i++)
		if (nr->a.v[i] >= '0' && nr->a.v[i] <= '9')
			return false;
	unsigned limit = tn >= 6 ? 2 : 1;
	unsigned d = near_distance(nr, nr->a.v, un, nr->b.v, tn, limit);
	if (d > limit)
		return false;
	if (tn == 3 && un == 3 && d == 1) {
		unsigned differ = 0;
		for (size_t i = 0; i < 3; i++)
			differ += nr->a.v[i] != nr->b.v[i];
		if (differ != 2)
			return false; /* a substitution, not a swap */
	}
	*dist = d;
	return true;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(name, list[k]))
			return true;
	return false;
}

/*
 * For each tag name of j: the index in `targets` of the name it is a near
 * miss of (the closest; the first of equals), or -1 (also for the names in
 * targets and in `known`). Caller frees.
 */
static int8_t *near_miss_table(struct journal *j, struct near *nr, const char *const *targets,
			       size_t ntargets, const char *const *known, size_t nknown)
{
	int8_t *r = xmalloc(j->tag_names.n ? j->tag_names.n : 1);
	for (size_t id = 0; id < j->tag_names.n; id++) {
		const char *name = journal_tag_name(j, (uint32_t)id);
		r[id] = -1;
		if (in_list(name, targets, ntargets) || in_list(name, known, nknown))
			continue;
		code_points(&nr->a, name);
		unsigned best = UINT_MAX, d;
		for (size_t k = 0; k < ntargets; k++) {
			code_points(&nr->b, targets[k]);
			if (tag_near_miss(nr, &d) && d < best) {
				best = d;
				r[id] = (int8_t)k;
			}
		}
	}
	return r;
}

#define SUGGEST_UNSET (NO_ID - 1)

/* What a check run shares. */
struct checker {
	struct journal *j;
	struct diag *d;
	const struct journal_check_options *o;
	bool *reserved;		/* by tag name id */
	int8_t *near_account;	/* by tag name id: near miss of account_tag_names[k], or -1 */
	int8_t *near_item;	/* by tag name id: near miss of item_tag_names[k], or -1 */
	struct candidates parties; /* the party accounts */
	uint32_t *suggest;	/* by account: its closest party account, NO_ID, or SUGGEST_UNSET */
	bool *reported;		/* by account: an item tag on it was reported */
	struct near nr;
};

/* Errors with --strict, and in a batch (strict_batch); warnings otherwise. */
static enum diag_level level_in(const struct checker *c, uint32_t file)
{
	return c->o->strict || (c->o->strict_batch && c->j->files.v[file].batch) ? DIAG_ERROR
										  : DIAG_WARNING;
}

/* Whether items in file are checked (batch_only: only the batch's). */
static bool in_scope(const struct checker *c, uint32_t file)
{
	return !c->o->batch_only || c->j->files.v[file].batch;
}

/*
 * The account among cands closest to account `id` by edit distance on the
 * whole name (ASCII case folded), when the distance is at most 3 and at
 * most a third of the name's length; ties go to the name first in byte
 * order. NO_ID when none is that close.
 */
static uint32_t closest_account(struct checker *c, uint32_t id, const struct candidates *cands)
{
	struct journal *j = c->j;
	code_points(&c->nr.a, journal_account_name(j, id));
	size_t n = c->nr.a.n;
	unsigned limit = (unsigned)(n / 3 < 3 ? n / 3 : 3);
	unsigned best = limit + 1;
	uint32_t r = NO_ID;
	for (size_t k = 0; k < cands->ids.n && limit; k++) {
		size_t m = cands->off.v[k + 1] - cands->off.v[k];
		if (cands->ids.v[k] == id || (n > m ? n - m : m - n) > limit)
			continue;
		unsigned d = near_distance(&c->nr, c->nr.a.v, n, cands->cps.v + cands->off.v[k], m,
					  best <= limit ? best : limit);
		if (d < best || (d == best && d <= limit && r != NO_ID &&
				 strcmp(journal_account_name(j, cands->ids.v[k]),
					journal_account_name(j, r)) < 0)) {
			best = d;
			r = cands->ids.v[k];
		}
	}
	return best <= limit ? r : NO_ID;
}

/* The party account closest to account id (closest_account()), computed once per account. */
static uint32_t suggest_party(struct checker *c, uint32_t id)
{
	if (c->suggest[id] == SUGGEST_UNSET)
		c->suggest[id] = closest_account(c, id, &c->parties);
	return c->suggest[id];
}

/*
 * Validates the n tags from `start` of one item (an account directive when
 * on_account, else a transaction or posting) in file: reserved tags' values,
 * a reserved tag given twice, and names that are near misses of a reserved
 * one (warnings, or errors per level_in(); in scope only).
 */
static void check_tags(struct checker *c, uint32_t file, uint32_t start, uint32_t n,
		       bool on_account, uint32_t account)
{
	struct journal *j = c->j;
	const int8_t *near = on_account ? c->near_account : c->near_item;
	const char *const *names = on_account ? account_tag_names : item_tag_names;
	bool scope = in_scope(c, file);
	bool party = on_account && journal_is_party(j, account);
	for (uint32_t i = 0; i < n; i++) {
		const struct tag *t = &j->tags.v[start + i];
		if (near[t->name] >= 0) {
			if (scope)
				diag_at(j, c->d, level_in(c, file), file, t->line,
					tag_offset(j, file, t), "unknown tag '%s'; did you mean '%s'?",
					journal_tag_name(j, t->name), names[near[t->name]]);
			continue;
		}
		if (!c->reserved[t->name])
			continue;
		const char *name = journal_tag_name(j, t->name);
		/* vat:, expense:, hold: on other accounts and items are the user's own */
		if (party_account_tag(name) && !party)
			continue;
		/* vat-rate: and self-assess: are read from account directives only */
		if (!on_account && (!strcmp(name, "vat-rate") || !strcmp(name, "self-assess") ||
				    !strcmp(name, "invoice-series") ||
				    !strcmp(name, "credit-note-series") || !strcmp(name, "income") ||
				    !strcmp(name, "address") || !strcmp(name, "country") || !strcmp(name, "lang")))
			continue;
		check_tag_value(j, c->d, file, t, on_account, account);
		/*
		 * a reserved tag given twice on one item is ambiguous; a vendor
		 * may have several IBANs, a document several files
		 */
		if ((party && !strcmp(name, "iban")) || !strcmp(name, "address") ||
		    !strcmp(name, DOCUMENTS_TAG))
			continue;
		for (uint32_t m = 0; m < i; m++)
			if (j->tags.v[start + m].name == t->name) {
				tag_error(j, c->d, file, t, "given twice");
				break;
			}
	}
}

static void resolve_roles(struct checker *c)
{
	struct journal *j = c->j;
	struct diag *d = c->d;
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
			check_tags(c, a->decl_file, a->tags_start, a->ntags, true, (uint32_t)i);
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
			/* a returned payment written back (match: reversal) reopens, it does not open;
			 * a credit netted by a payment run (match: netted) uses a credit up */
			const char *how = match_id != NO_ID ? journal_posting_tag_id(j, p, match_id) : NULL;
			if (how && (!strcmp(how, "reversal") || !strcmp(how, "netted")))
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

/* ------------------------------------------------------------------ */
/* item tags on accounts that are not party accounts */

/* The index in item_tag_names of tag name id, or -1. */
static int item_index(const uint32_t *ids, uint32_t id)
{
	for (int k = 0; k < (int)ARRAY_SIZE(item_tag_names); k++)
		if (ids[k] == id)
			return k;
	return -1;
}

/* The posting's own tag `id` (not its transaction's), or NULL. */
static const char *own_tag(const struct journal *j, const struct posting *p, uint32_t id)
{
	if (p->extra == NO_ID)
		return NULL;
	const struct posting_extra *x = &j->extras.v[p->extra];
	for (uint32_t i = 0; i < x->ntags; i++)
		if (j->tags.v[x->tags_start + i].name == id)
			return j->tags.v[x->tags_start + i].value;
	return NULL;
}

/* Whether t has a posting to a party account. */
static bool has_party_posting(const struct journal *j, const struct txn *t)
{
	for (uint32_t k = 0; k < t->nposting; k++)
		if (journal_is_party(j, j->postings.v[t->first_posting + k].account))
			return true;
	return false;
}

/* The end of the messages that say where item tags count. */
#define ITEM_TAGS_COUNT                                                                     \
	"invoice:, due:, ref: and dispute: count only on accounts below one with 'role: "  \
	"receivable' or 'role: payable'"

/*
 * An item tag reaches the open items only on a posting to a party account.
 * Reports, per posting to another account, its first own item tag that no
 * party posting of the same transaction carries with the same value (a
 * copy beside the party posting, e.g. the invoice number on the income or
 * write-off line, is harmless), and per transaction its first item tag
 * that no party posting inherits. Books that declare no receivable or
 * payable account keep no open items: there item tags are ordinary tags.
 */
static void check_item_tags(struct checker *c)
{
	struct journal *j = c->j;
	uint32_t ids[ARRAY_SIZE(item_tag_names)];
	bool any = false;
	if (!c->parties.ids.n)
		return;
	for (size_t k = 0; k < ARRAY_SIZE(item_tag_names); k++)
		any |= (ids[k] = journal_tag_id(j, item_tag_names[k])) != NO_ID;
	for (size_t ti = 0; any && ti < j->txns.n; ti++) {
		const struct txn *t = &j->txns.v[ti];
		if (!in_scope(c, t->file))
			continue;
		for (uint32_t i = 0; i < t->ntags; i++) {
			const struct tag *tg = &j->tags.v[t->tags_start + i];
			if (item_index(ids, tg->name) < 0)
				continue;
			bool reaches = false, party = has_party_posting(j, t);
			for (uint32_t k = 0; k < t->nposting && !reaches; k++) {
				const struct posting *q = &j->postings.v[t->first_posting + k];
				reaches = journal_is_party(j, q->account) && !own_tag(j, q, tg->name);
			}
			if (reaches)
				continue;
			/* the posting whose account is closest to a party account's, if any is close */
			uint32_t from = NO_ID, to = NO_ID;
			for (uint32_t k = 0; k < t->nposting && !party; k++) {
				uint32_t a = j->postings.v[t->first_posting + k].account;
				uint32_t sp = suggest_party(c, a);
				if (sp != NO_ID && from == NO_ID) {
					from = a;
					to = sp;
				}
			}
			enum diag_level lv = level_in(c, t->file);
			uint32_t off = tag_offset(j, t->file, tg);
			const char *name = journal_tag_name(j, tg->name);
			if (party)
				diag_at(j, c->d, lv, t->file, tg->line, off,
					"tag '%s: %s' on the transaction reaches none of its postings to "
					"party accounts (each has its own '%s:')",
					name, tg->value, name);
			else if (to != NO_ID)
				diag_at(j, c->d, lv, t->file, tg->line, off,
					"tag '%s: %s' on a transaction that posts to no party account; did "
					"you mean '%s' instead of '%s'?",
					name, tg->value, journal_account_name(j, to),
					journal_account_name(j, from));
			else
				diag_at(j, c->d, lv, t->file, tg->line, off,
					"tag '%s: %s' on a transaction that posts to no party account "
					"(" ITEM_TAGS_COUNT ")",
					name, tg->value);
			if (from != NO_ID)
				c->reported[from] = true;
			break;
		}
		for (uint32_t k = 0; k < t->nposting; k++) {
			const struct posting *p = &j->postings.v[t->first_posting + k];
			if (p->extra == NO_ID || !j->extras.v[p->extra].ntags ||
			    (p->flags & POSTING_COPY) || journal_is_party(j, p->account))
				continue;
			const struct posting_extra *x = &j->extras.v[p->extra];
			for (uint32_t i = 0; i < x->ntags; i++) {
				const struct tag *tg = &j->tags.v[x->tags_start + i];
				if (item_index(ids, tg->name) < 0)
					continue;
				bool copy = false;
				for (uint32_t m = 0; m < t->nposting && !copy; m++) {
					const struct posting *q = &j->postings.v[t->first_posting + m];
					const char *v;
					copy = journal_is_party(j, q->account) &&
					       (v = journal_posting_tag_id(j, q, tg->name)) != NULL &&
					       !strcmp(v, tg->value);
				}
				if (copy)
					continue;
				uint32_t to = suggest_party(c, p->account);
				const char *name = journal_tag_name(j, tg->name);
				const char *acc = journal_account_name(j, p->account);
				if (to != NO_ID)
					diag_at(j, c->d, level_in(c, t->file), t->file, p->line, p->col,
						"tag '%s: %s' on '%s', which is not a party account; did "
						"you mean '%s'?",
						name, tg->value, acc, journal_account_name(j, to));
				else
					diag_at(j, c->d, level_in(c, t->file), t->file, p->line, p->col,
						"tag '%s: %s' on '%s', which is not a party account "
						"(" ITEM_TAGS_COUNT ")",
						name, tg->value, acc);
				c->reported[p->account] = true;
				break;
			}
		}
	}
}

/*
 * An undeclared account that is no party account but whose name is a near
 * miss of a party account's (Assets:Recievable:Acme) is most likely a
 * misspelt party account: whatever is posted there is missing from the
 * open items, the aging and its tie-out. Reported once per account, at its
 * first posting, unless an item tag on it was reported already or the
 * strict rules report it as undeclared (with the same suggestion).
 */
static void check_near_parties(struct checker *c)
{
	struct journal *j = c->j;
	bool *flag = NULL;
	size_t nflag = 0;
	if (!c->parties.ids.n)
		return;
	for (size_t i = 0; i < j->accounts.n; i++) {
		const struct account *a = &j->accounts.v[i];
		if (!a->used || a->declared || a->role || c->reported[i] ||
		    suggest_party(c, (uint32_t)i) == NO_ID)
			continue;
		if (!flag)
			flag = xcalloc(j->accounts.n, sizeof(*flag));
		flag[i] = true;
		nflag++;
	}
	for (size_t pi = 0; nflag && pi < j->postings.n; pi++) {
		const struct posting *p = &j->postings.v[pi];
		const struct txn *t = &j->txns.v[p->txn];
		if (!flag[p->account] || !in_scope(c, t->file))
			continue;
		flag[p->account] = false;
		nflag--;
		if (level_in(c, t->file) == DIAG_ERROR)
			continue; /* check_strict() says it is undeclared, with the suggestion */
		diag_at(j, c->d, DIAG_WARNING, t->file, p->line, p->col,
			"undeclared account '%s' is not a party account; did you mean '%s'?",
			journal_account_name(j, p->account),
			journal_account_name(j, suggest_party(c, p->account)));
	}
	free(flag);
}

static void check_strict(struct checker *c)
{
	struct journal *j = c->j;
	struct diag *d = c->d;
	const struct journal_check_options *o = c->o;
	bool *seen_acc = xcalloc(j->accounts.n ? j->accounts.n : 1, 1);
	bool *seen_com = xcalloc(j->commodities.n ? j->commodities.n : 1, 1);
	struct candidates declared = CANDIDATES_INIT;
	bool have_declared = false;
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
				if (!have_declared) {
					for (size_t a = 0; a < j->accounts.n; a++)
						if (j->accounts.v[a].declared)
							candidates_add(&declared, j, (uint32_t)a);
					have_declared = true;
				}
				/* a misspelt account: the closest declared one */
				uint32_t to = closest_account(c, p->account, &declared);
				if (to != NO_ID)
					err_at(j, d, t->file, p->line, p->col,
					       "undeclared account '%s' (declare it with an 'account' "
					       "directive); did you mean '%s'?",
					       journal_account_name(j, p->account),
					       journal_account_name(j, to));
				else
					err_at(j, d, t->file, p->line, p->col,
					       "undeclared account '%s' (declare it with an 'account' "
					       "directive)",
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
	candidates_release(&declared);
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
	struct checker c = { .j = j, .d = d, .o = opts, .parties = CANDIDATES_INIT, .nr = NEAR_INIT };
	size_t nacc = j->accounts.n ? j->accounts.n : 1;

	c.reserved = reserved_ids(j);
	c.near_account = near_miss_table(j, &c.nr, account_tag_names, ARRAY_SIZE(account_tag_names),
					 NULL, 0);
	c.near_item = near_miss_table(j, &c.nr, item_tag_names, ARRAY_SIZE(item_tag_names),
				      written_tag_names, ARRAY_SIZE(written_tag_names));
	c.suggest = xmalloc(st_mult(nacc, sizeof(*c.suggest)));
	for (size_t i = 0; i < nacc; i++)
		c.suggest[i] = SUGGEST_UNSET;
	c.reported = xcalloc(nacc, sizeof(*c.reported));
	bool opens = !opts->batch_only; /* does anything to check open an invoice? */
	resolve_roles(&c);
	for (size_t i = 0; i < j->accounts.n; i++)
		if (journal_is_party(j, (uint32_t)i))
			candidates_add(&c.parties, j, (uint32_t)i);
	for (size_t i = 0; i < j->txns.n; i++) {
		const struct txn *t = &j->txns.v[i];
		if (t->ntags && in_scope(&c, t->file))
			check_tags(&c, t->file, t->tags_start, t->ntags, false, NO_ID);
	}
	uint32_t invoice_id = journal_tag_id(j, "invoice");
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		const struct txn *t = &j->txns.v[p->txn];
		if (!in_scope(&c, t->file))
			continue;
		if (p->extra != NO_ID && j->extras.v[p->extra].ntags && !(p->flags & POSTING_COPY))
			check_tags(&c, t->file, j->extras.v[p->extra].tags_start,
				   j->extras.v[p->extra].ntags, false, NO_ID);
		if (!opens && invoice_id != NO_ID && journal_is_party(j, p->account) &&
		    journal_posting_tag_id(j, p, invoice_id)) {
			int sgn = dec_sgn(&p->amount);
			opens = j->accounts.v[p->account].role == ROLE_RECEIVABLE ? sgn > 0 : sgn < 0;
		}
	}
	check_item_tags(&c);
	check_near_parties(&c);
	journal_date_order(j, &order);
	if (j->has_assertions)
		check_assertions(j, d, order);
	if (opens)
		check_invoices(j, d, order);
	if (opts->strict || opts->strict_batch)
		check_strict(&c);
	if (opts->strict)
		check_letter_sender(j, d);
	free(order);
	free(c.reserved);
	free(c.near_account);
	free(c.near_item);
	free(c.suggest);
	free(c.reported);
	candidates_release(&c.parties);
	near_release(&c.nr);
	return d->nerrors > before ? CLERK_EINVALID : 0;
}

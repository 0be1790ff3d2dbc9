/*
 * receive.c - vendors' e-invoices into the books, only what is right
 * (formats/einvoice.md, "Receiving bills").
 *
 * Steps: each document is read and verified as it is added (doc_read()),
 * keeping only what the decisions need; receiver_plan() learns the books'
 * vendors and policy (setup_*), indexes the bills, credits and files the
 * books hold (index_*), then decides each document in order (decide_*)
 * and writes the transaction of each posted one (write_*).
 */
#include "compat.h"
#include "receive.h"
#include "currency.h"
#include "einvoice.h"
#include "error.h"
#include "fsutil.h"
#include "openitems.h"
#include "refs.h"
#include "sha256.h"
#include "terms.h"
#include "util/mempool.h"
#include "util/symtab.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

/* The longest text kept from a document for a description or a tag value. */
#define RECEIVE_TEXT_MAX 200

/* One VAT breakdown (BG-23) of a document. */
struct rvat {
	char category[4];
	bool has_rate;
	struct dec rate, base, tax; /* BT-119, BT-116, BT-117 */
};

struct doc {
	const char *name; /* as given */
	const char *base; /* without its folders */
	char sha[SHA256_HEX_LEN + 1];
	enum einvoice_syntax syntax;
	bool read; /* read and verified: the fields below are set */
	const char *number, *seller, *seller_vat, *vat_norm;
	clerk_date issue, due_doc;
	char currency[4];
	int sign;    /* -1 for a credit note's type code: its amounts count the other way */
	bool credit; /* it reduces what we owe */
	struct dec net, vat, total, prepaid, rounding, payable; /* BT-109 110 112 113 114 115 */
	struct dec owed; /* sign * payable: what we owe by it (negative for a credit) */
	struct rvat *vats;
	size_t nvats;
	const char **ibans; /* BT-84 of each payment means, as written */
	size_t nibans;
	const char *means;      /* BT-81 of the first payment means, or NULL */
	const char *credited;   /* BT-25 of the first preceding invoice reference */
	const char *remittance; /* BT-83, the first given */
	const char *what;       /* the first line's name (BT-153) */
	size_t nlines;
	/* refused while reading: the reason and the diagnostics */
	const char *reason;
	char *diag_text;
	bool accepted; /* receiver_accept(): not a duplicate */
	bool lifted;   /* accepted, and a probable duplicate indeed */
	/* the decision (receiver_plan()) */
	bool decided;
	enum receive_decision decision;
	bool exception;         /* a person must look */
	const char *note;       /* the sentence */
	uint32_t vendor;        /* vendor index, or NO_ID */
	uint32_t credited_bill; /* the bill a posted credit reduces, or NO_ID */
	clerk_date due;
};

/* A vendor: a party account below a `role: payable` account. */
struct vendor {
	uint32_t account;
	const char *name;   /* `name:`, or NULL */
	const char *vat;    /* `vat:` normalised, or NULL */
	const char **ibans; /* every `iban:`, normalised */
	size_t nibans;
	uint32_t expense; /* `expense:` account, or NO_ID */
	const char *hold; /* `hold:` text, or NULL */
	bool has_terms;
	int net_days;
};

/*
 * Keys to lists of indices: the latest index added under a key (by the
 * symtab's id); each element keeps the index before it (struct bill's next_*).
 */
struct keymap {
	struct symtab keys;
	u32_vec first; /* by key id */
};

/* Vendors by a key (VAT id, IBAN, name): the first two of them and how many. */
struct vhit {
	uint32_t first, second, count;
};

struct vmap {
	struct symtab keys;
	VEC(struct vhit) hits;
};

/* A bill (or a credit) in the books or posted earlier in this call. */
struct bill {
	uint32_t account, commodity;
	const char *number; /* as written in the books */
	clerk_date date;
	struct dec amount; /* owed-positive; a credit's is what it credits (positive) */
	struct dec open;   /* bills: what remains open */
	uint32_t doc;      /* the document of this call, or NO_ID */
	const char *where; /* FILE:LINE in the books, or NULL */
	uint32_t next_number, next_amount; /* chains of the keymaps */
};

/* A VAT account of the policy: `vat-rate:` on a vat-input account. */
struct vat_account {
	uint32_t account;
	struct dec rate;
};

/* A file seen: its digest in the books (a posting) or in this call (a document). */
struct seen {
	uint32_t doc;      /* NO_ID for the books */
	const char *where; /* FILE:LINE in the books */
};

struct receiver {
	struct journal *j;
	struct mempool pool;
	VEC(struct doc) docs;
	/* policy */
	VEC(struct vendor) vendors;
	struct vmap by_vat, by_iban, by_name;
	VEC(struct vat_account) vat_in;
	uint32_t vat_in_untagged; /* the one untagged vat-input account, or NO_ID */
	size_t n_vat_in_untagged;
	uint32_t vat_out; /* the vat-output account with `self-assess:`, or NO_ID */
	struct dec self_rate;
	uint32_t unallocated;
	/* what the books (and this call) hold */
	VEC(struct bill) bills, credits;
	struct keymap bill_numbers, bill_amounts, credit_numbers, credit_amounts;
	struct symtab digests;
	VEC(struct seen) seen;
	/* output */
	struct strbuf text;
	struct strbuf posted_digests;
	bool planned;
};

static const char *pstr(struct receiver *r, const char *s)
{
	return s ? mempool_strndup(&r->pool, s, strlen(s)) : NULL;
}

static const char *PRINTF_LIKE(2, 3) pfmt(struct receiver *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char *s = pstr(r, sb.buf);
	strbuf_release(&sb);
	return s;
}

const char *receive_decision_name(enum receive_decision d)
{
	switch (d) {
	case RECEIVE_POSTED:
		return "posted";
	case RECEIVE_HELD:
		return "held";
	case RECEIVE_DUPLICATE:
		return "duplicate";
	case RECEIVE_REFUSED:
		return "refused";
	}
	return "?";
}

struct receiver *receiver_new(struct journal *j)
{
	struct receiver *r = xcalloc(1, sizeof(*r));
	r->j = j;
	strbuf_init(&r->text, 0);
	strbuf_init(&r->posted_digests, 0);
	r->vat_in_untagged = r->vat_out = r->unallocated = NO_ID;
	return r;
}

static void keymap_release(struct keymap *m)
{
	symtab_release(&m->keys);
	VEC_FREE(&m->first);
}

static void vmap_release(struct vmap *m)
{
	symtab_release(&m->keys);
	VEC_FREE(&m->hits);
}

static void doc_release(struct doc *d)
{
	dec_clear(&d->net);
	dec_clear(&d->vat);
	dec_clear(&d->total);
	dec_clear(&d->prepaid);
	dec_clear(&d->rounding);
	dec_clear(&d->payable);
	dec_clear(&d->owed);
	for (size_t i = 0; i < d->nvats; i++) {
		dec_clear(&d->vats[i].rate);
		dec_clear(&d->vats[i].base);
		dec_clear(&d->vats[i].tax);
	}
	free(d->vats);
	free(d->ibans);
	free(d->diag_text);
}

static void bills_release(struct bill *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dec_clear(&v[i].amount);
		dec_clear(&v[i].open);
	}
}

void receiver_free(struct receiver *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->docs.n; i++)
		doc_release(&r->docs.v[i]);
	VEC_FREE(&r->docs);
	for (size_t i = 0; i < r->vendors.n; i++)
		free(r->vendors.v[i].ibans);
	VEC_FREE(&r->vendors);
	vmap_release(&r->by_vat);
	vmap_release(&r->by_iban);
	vmap_release(&r->by_name);
	for (size_t i = 0; i < r->vat_in.n; i++)
		dec_clear(&r->vat_in.v[i].rate);
	VEC_FREE(&r->vat_in);
	dec_clear(&r->self_rate);
	bills_release(r->bills.v, r->bills.n);
	bills_release(r->credits.v, r->credits.n);
	VEC_FREE(&r->bills);
	VEC_FREE(&r->credits);
	keymap_release(&r->bill_numbers);
	keymap_release(&r->bill_amounts);
	keymap_release(&r->credit_numbers);
	keymap_release(&r->credit_amounts);
	symtab_release(&r->digests);
	VEC_FREE(&r->seen);
	strbuf_release(&r->text);
	strbuf_release(&r->posted_digests);
	mempool_release(&r->pool);
	free(r);
}

/* ------------------------------------------------------------------ */
/* keys */

/*
 * Adds index idx under key to m, as the latest of its key. Returns the index
 * added under key before it (NO_ID when idx is the first), for idx's element
 * to keep as its next: a lookup walks from the latest to the first.
 */
static uint32_t keymap_add(struct keymap *m, const char *key, size_t len, uint32_t idx)
{
	int is_new;
	uint32_t id = symtab_intern(&m->keys, key, len, &is_new);
	if (is_new) {
		VEC_PUSH(&m->first, idx);
		return NO_ID;
	}
	uint32_t old = m->first.v[id];
	m->first.v[id] = idx;
	return old;
}

/* The most recently added index under key, or NO_ID (follow the chain for the others). */
static uint32_t keymap_find(const struct keymap *m, const char *key, size_t len)
{
	uint32_t id = symtab_find(&m->keys, key, len);
	return id == UINT32_MAX ? NO_ID : m->first.v[id];
}

/* A VAT id compared: ASCII upper case, without blanks, dots and dashes. */
static void vat_normalize(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '.' || c == '-' || c == '\n' || c == '\r')
			continue;
		strbuf_addch(out, c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
}

/* A name compared: ASCII lower case, runs of blanks one space, trimmed. */
static void name_normalize(struct strbuf *out, const char *s)
{
	bool space = false;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = out->len > 0;
			continue;
		}
		if (space)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
}

/* An IBAN (or other account id) compared: without blanks, upper case. */
static void iban_normalize(struct strbuf *out, const char *s)
{
	refs_normalize(out, s ? s : "");
}

/* Whether the normalised account id looks like an IBAN: two letters, two digits, more. */
static bool iban_shaped(const char *s)
{
	return strlen(s) >= 15 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9';
}

/* How add_clean() cleans a document's text for the journal. */
enum clean_mode {
	CLEAN_TAG,  /* a tag value: ',' (which ends it) becomes ';' */
	CLEAN_DESC, /* a description: ';' (which starts a comment) becomes ',' */
	CLEAN_CODE, /* a transaction code: also no parentheses */
};

/*
 * Appends s cleaned for the journal: control characters and runs of blanks
 * one space, trimmed, the characters of mode replaced, cut (at a character's
 * start) to at most max bytes.
 */
static void add_clean(struct strbuf *sb, const char *s, size_t max, enum clean_mode mode)
{
	size_t start = sb->len;
	bool space = false;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == ' ' || c == 0x7f) {
			space = sb->len > start;
			continue;
		}
		if (mode == CLEAN_TAG && c == ',')
			c = ';';
		else if (mode != CLEAN_TAG && c == ';')
			c = ',';
		if (mode == CLEAN_CODE && c == '(')
			c = '[';
		else if (mode == CLEAN_CODE && c == ')')
			c = ']';
		size_t clen = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (sb->len - start + space + clen > max)
			break;
		if (space)
			strbuf_addch(sb, ' ');
		space = false;
		strbuf_addch(sb, c);
		for (size_t k = 1; k < clen && s[1]; k++)
			strbuf_addch(sb, *++s);
	}
}

static const char *clean(struct receiver *r, const char *s, enum clean_mode mode)
{
	if (!s)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	add_clean(&sb, s, RECEIVE_TEXT_MAX, mode);
	const char *out = pstr(r, sb.buf);
	strbuf_release(&sb);
	return out;
}

/* ------------------------------------------------------------------ */
/* reading */

/* The UNCL 1001 codes of credit notes in EN 16931 (their amounts count against what is owed). */
static bool credit_note_code(const char *code)
{
	static const char *const codes[] = {"81",  "83",  "261", "262", "296", "308",
	                                    "381", "396", "420", "458", "532"};
	for (size_t i = 0; code && i < ARRAY_SIZE(codes); i++)
		if (!strcmp(code, codes[i]))
			return true;
	return false;
}

static void amount_or_zero(struct dec *out, const struct einvoice_amount *a)
{
	if (a->has)
		dec_set(out, &a->v);
	else
		dec_set_i64(out, 0, 0);
}

/* Copies what the decisions need from inv into doc (the model is freed after). */
static void doc_from_invoice(struct receiver *r, struct doc *doc, const struct einvoice *inv)
{
	struct strbuf sb = STRBUF_INIT;
	doc->read = true;
	doc->syntax = inv->syntax;
	doc->number = clean(r, inv->number, CLEAN_TAG);
	doc->seller = clean(r, inv->seller.name, CLEAN_DESC);
	doc->seller_vat = pstr(r, inv->seller.vat_id);
	if (inv->seller.vat_id && *inv->seller.vat_id) {
		vat_normalize(&sb, inv->seller.vat_id);
		doc->vat_norm = pstr(r, sb.buf);
	}
	doc->issue = inv->issue_date;
	doc->due_doc = inv->due_date;
	memcpy(doc->currency, inv->currency, sizeof(doc->currency));
	doc->currency[3] = '\0';
	amount_or_zero(&doc->net, &inv->totals.without_vat);
	amount_or_zero(&doc->vat, &inv->totals.vat);
	amount_or_zero(&doc->total, &inv->totals.with_vat);
	amount_or_zero(&doc->prepaid, &inv->totals.prepaid);
	amount_or_zero(&doc->rounding, &inv->totals.rounding);
	amount_or_zero(&doc->payable, &inv->totals.payable);
	doc->sign =
	    doc->syntax == EINVOICE_UBL_CREDIT_NOTE || credit_note_code(inv->type_code) ? -1 : 1;
	if (doc->sign < 0)
		dec_neg(&doc->owed, &doc->payable);
	else
		dec_set(&doc->owed, &doc->payable);
	doc->credit = dec_sgn(&doc->owed) < 0 || (dec_is_zero(&doc->owed) && doc->sign < 0);
	doc->nvats = inv->vat.n;
	doc->vats = xcalloc(doc->nvats ? doc->nvats : 1, sizeof(*doc->vats));
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *v = &inv->vat.v[i];
		struct rvat *o = &doc->vats[i];
		memcpy(o->category, v->category, sizeof(o->category));
		o->category[3] = '\0';
		o->has_rate = v->rate.has;
		if (v->rate.has)
			dec_set(&o->rate, &v->rate.v);
		dec_set(&o->base, &v->taxable);
		dec_set(&o->tax, &v->tax);
	}
	doc->ibans = xcalloc(inv->means.n ? inv->means.n : 1, sizeof(*doc->ibans));
	for (size_t i = 0; i < inv->means.n; i++) {
		const struct einvoice_means *m = &inv->means.v[i];
		if (!doc->means && m->code)
			doc->means = pstr(r, m->code);
		if (!doc->remittance && m->remittance && *m->remittance)
			doc->remittance = clean(r, m->remittance, CLEAN_TAG);
		if (m->iban && *m->iban)
			doc->ibans[doc->nibans++] = pstr(r, m->iban);
	}
	if (inv->preceding.n && inv->preceding.v[0].number && *inv->preceding.v[0].number)
		doc->credited = clean(r, inv->preceding.v[0].number, CLEAN_TAG);
	doc->nlines = inv->lines.n;
	if (inv->lines.n)
		doc->what = clean(r, inv->lines.v[0].name, CLEAN_DESC);
	strbuf_release(&sb);
}

/* The text before the first ':' of a verifier's message when it is a rule id ("BR-CO-15"). */
static const char *rule_of(struct receiver *r, const char *msg)
{
	const char *colon = strchr(msg, ':');
	if (!colon || colon == msg || colon - msg > 40)
		return NULL;
	for (const char *p = msg; p < colon; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return NULL;
	return mempool_strndup(&r->pool, msg, (size_t)(colon - msg));
}

/* Whether the first bytes declare a document type (an e-invoice never has one). */
static bool has_doctype(const char *data, size_t len)
{
	static const char dt[] = "<!DOCTYPE";
	for (size_t i = 0; i + sizeof(dt) - 1 <= len; i++)
		if (!memcmp(data + i, dt, sizeof(dt) - 1))
			return true;
	return false;
}

/* Whether the bytes are XML-looking: after a BOM and blanks, a '<'. */
static bool looks_like_xml(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

/* Keeps d's diagnostics as the document's text (refused documents). */
static void keep_diagnostics(struct doc *doc, const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(&sb, d);
	doc->diag_text = strbuf_detach(&sb, NULL);
}

/* Keeps what the decisions need from inv and verifies it (d: scratch, empty). */
static void doc_verify(struct receiver *r, struct doc *doc, const struct einvoice *inv,
                       struct diag *d)
{
	doc_from_invoice(r, doc, inv);
	if (einvoice_verify(inv, doc->name, d) == 0 && !d->nerrors)
		return;
	const struct diag_item *it = NULL;
	for (size_t i = 0; i < d->n && !it; i++)
		if (d->items[i].level == DIAG_ERROR)
			it = &d->items[i];
	const char *rule = it ? rule_of(r, it->message) : NULL;
	doc->decided = true;
	doc->decision = RECEIVE_REFUSED;
	doc->exception = true;
	doc->reason = rule ? rule : "invalid";
	doc->note = pfmt(r, "breaks %zu rule%s of EN 16931, first %s", d->nerrors,
	                 d->nerrors == 1 ? "" : "s", it ? it->message : "(no message)");
	keep_diagnostics(doc, d);
}

/*
 * Reads and verifies the document in data: a refusal (not an e-invoice,
 * not readable, a broken rule) is its decision, already here.
 */
static void doc_read(struct receiver *r, struct doc *doc, const char *data, size_t len)
{
	struct einvoice *inv = NULL;
	struct diag d = DIAG_INIT;
	d.max_errors = 100;
	int error = einvoice_read_memory(&inv, doc->name, data, len, &d, NULL);
	if (error || !inv) {
		size_t head = len < 4096 ? len : 4096;
		enum einvoice_syntax sniffed = einvoice_sniff(data, head);
		doc->decided = true;
		doc->decision = RECEIVE_REFUSED;
		doc->exception = true;
		/* XML of another kind (a camt statement, a PDF) is not an e-invoice; a
		 * document type declaration (hostile or not) is broken XML for one */
		doc->reason = sniffed == EINVOICE_NONE && looks_like_xml(data, len) &&
		                      !has_doctype(data, head)
		                  ? "not-einvoice"
		                  : "bad-xml";
		if (sniffed == EINVOICE_NONE && len >= 4 && !memcmp(data, "%PDF", 4))
			doc->reason = "not-einvoice";
		const char *first = d.n ? d.items[0].message : "cannot be read";
		doc->note =
		    doc->reason[0] == 'n'
		        ? pfmt(r,
		               "not an e-invoice Clerk reads (UBL Invoice or CreditNote, CII "
		               "CrossIndustryInvoice): %s",
		               first)
		        : pfmt(r, "cannot be read: %s", first);
		keep_diagnostics(doc, &d);
		goto out;
	}
	doc_verify(r, doc, inv, &d);
out:
	einvoice_free(inv);
	diag_release(&d);
}

static struct doc *doc_new(struct receiver *r, const char *name)
{
	struct doc *doc = VEC_GROW(&r->docs);
	const char *slash = strrchr(name, '/');
	doc->name = pstr(r, name);
	doc->base = pstr(r, slash ? slash + 1 : name);
	doc->vendor = doc->credited_bill = NO_ID;
	doc->due = doc->issue = doc->due_doc = DATE_NONE;
	doc->sign = 1;
	return doc;
}

void receiver_add_buffer(struct receiver *r, const char *name, const char *data, size_t len,
                         char *hex)
{
	struct doc *doc = doc_new(r, name);
	sha256_hex(data, len, doc->sha);
	if (hex)
		memcpy(hex, doc->sha, sizeof(doc->sha));
	doc_read(r, doc, data, len);
}

void receiver_add_einvoice(struct receiver *r, const char *name, const struct einvoice *inv,
                           const char *hex)
{
	struct doc *doc = doc_new(r, name);
	struct diag d = DIAG_INIT;
	d.max_errors = 100;
	memcpy(doc->sha, hex, SHA256_HEX_LEN);
	doc->sha[SHA256_HEX_LEN] = '\0';
	doc_verify(r, doc, inv, &d);
	diag_release(&d);
}

int receiver_add_file(struct receiver *r, const char *path, const char *name, char *hex)
{
	struct strbuf sb = STRBUF_INIT;
	int error = fsutil_read_file(&sb, path, 0);
	if (!error)
		receiver_add_buffer(r, name ? name : path, sb.buf, sb.len, hex);
	strbuf_release(&sb);
	return error;
}

int receiver_add_fd(struct receiver *r, int fd, const char *name, char *hex)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int error = 0;
	off_t at;
	if (fstat(fd, &st) || (at = lseek(fd, 0, SEEK_CUR)) < 0) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		error = clerk_error_set(CLERK_EIO, "'%s' is %s, not a regular file", name,
		                        fsutil_kind(&st));
		goto out;
	}
	size_t size = at < st.st_size ? (size_t)(st.st_size - at) : 0;
	int rc = strbuf_read_fd(&sb, fd, size);
	if (rc == STRBUF_READ_CHANGED)
		error = fsutil_changed_error(name, &st);
	else if (rc)
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
	if (!error)
		receiver_add_buffer(r, name, sb.buf, sb.len, hex);
out:
	strbuf_release(&sb);
	return error;
}

int receiver_accept(struct receiver *r, const char *name)
{
	bool found = false;
	for (size_t i = 0; i < r->docs.n; i++)
		if (!strcmp(r->docs.v[i].name, name)) {
			r->docs.v[i].accepted = true;
			found = true;
		}
	return found ? 0 : CLERK_ENOTFOUND;
}

/* ------------------------------------------------------------------ */
/* the books' vendors and policy */

static void vmap_add(struct vmap *m, const char *key, uint32_t v)
{
	int is_new;
	if (!key || !*key)
		return;
	uint32_t id = symtab_intern(&m->keys, key, strlen(key), &is_new);
	if (is_new) {
		struct vhit h = {v, NO_ID, 1};
		VEC_PUSH(&m->hits, h);
		return;
	}
	struct vhit *h = &m->hits.v[id];
	if (h->first == v || h->second == v)
		return;
	if (h->second == NO_ID)
		h->second = v;
	h->count++;
}

static const struct vhit *vmap_find(const struct vmap *m, const char *key)
{
	uint32_t id = key && *key ? symtab_find(&m->keys, key, strlen(key)) : UINT32_MAX;
	return id == UINT32_MAX ? NULL : &m->hits.v[id];
}

static const char *where(struct receiver *r, uint32_t file, uint32_t line)
{
	return pfmt(r, "%s:%u", r->j->files.v[file].path, line);
}

static void PRINTF_LIKE(4, 5)
    policy_error(struct receiver *r, struct diag *d, uint32_t acc, const char *fmt, ...)
{
	const struct account *a = &r->j->accounts.v[acc];
	struct srcloc loc = {r->j->files.v[a->decl_file].path, a->decl_line, 0};
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
}

/* Parses a rate "19" or "5.5" (a plain decimal, no sign) into out; false if malformed. */
static bool parse_rate(const char *s, struct dec *out)
{
	char digits[40];
	size_t n = 0;
	int32_t scale = 0;
	bool frac = false;
	for (; *s; s++) {
		if (*s == '.' && !frac && n) {
			frac = true;
			continue;
		}
		if (*s < '0' || *s > '9' || n + 1 >= sizeof(digits))
			return false;
		digits[n++] = *s;
		scale += frac;
	}
	return n && (!frac || scale) && dec_from_digits(out, digits, n, scale, false) == 0;
}

/* The vendors: party accounts below a `role: payable` account, by VAT id, IBAN and name. */
static void setup_vendors(struct receiver *r)
{
	struct journal *j = r->j;
	struct strbuf sb = STRBUF_INIT;
	uint32_t iban_id = journal_tag_id(j, "iban");
	for (size_t i = 0; i < j->accounts.n; i++) {
		const struct account *a = &j->accounts.v[i];
		uint32_t acc = (uint32_t)i;
		if (a->role != ROLE_PAYABLE || !journal_is_party(j, acc))
			continue;
		uint32_t v = (uint32_t)r->vendors.n;
		struct vendor *vd = VEC_GROW(&r->vendors);
		vd->account = acc;
		vd->name = journal_account_tag(j, acc, "name");
		vd->hold = journal_account_tag(j, acc, "hold");
		if (vd->hold && (!strcmp(vd->hold, "no") || !strcmp(vd->hold, "released")))
			vd->hold = NULL; /* released, as the payment run reads it */
		const char *vat = journal_account_tag(j, acc, "vat");
		if (vat) {
			strbuf_reset(&sb);
			vat_normalize(&sb, vat);
			vd->vat = pstr(r, sb.buf);
			vmap_add(&r->by_vat, vd->vat, v);
		}
		const char *exp = journal_account_tag(j, acc, "expense");
		vd->expense = exp ? journal_find_account(j, exp) : NO_ID;
		const char *tm = journal_account_tag(j, acc, "terms");
		struct terms t = TERMS_INIT;
		if (tm && !terms_parse(tm, &t)) {
			vd->has_terms = true;
			vd->net_days = t.net_days;
		}
		terms_release(&t);
		vd->ibans = xcalloc(a->ntags ? a->ntags : 1, sizeof(*vd->ibans));
		for (uint32_t k = 0; k < a->ntags; k++) {
			const struct tag *tg = &j->tags.v[a->tags_start + k];
			if (tg->name != iban_id)
				continue;
			strbuf_reset(&sb);
			iban_normalize(&sb, tg->value);
			vd->ibans[vd->nibans] = pstr(r, sb.buf);
			vmap_add(&r->by_iban, vd->ibans[vd->nibans++], v);
		}
		if (vd->name) {
			strbuf_reset(&sb);
			name_normalize(&sb, vd->name);
			vmap_add(&r->by_name, sb.buf, v);
		}
	}
	strbuf_release(&sb);
}

/*
 * The VAT accounts: `vat-rate:` on `role: vat-input` accounts (one account
 * per rate), the one untagged vat-input account as the fallback, and the
 * `role: vat-output` account with `self-assess:` for reverse charge.
 * Returns 0 or CLERK_EINVALID (errors in d).
 */
static int setup_vat(struct receiver *r, struct diag *d)
{
	struct journal *j = r->j;
	int error = 0;
	for (size_t i = 0; i < j->accounts.n; i++) {
		const struct account *a = &j->accounts.v[i];
		uint32_t acc = (uint32_t)i;
		if (!a->declared)
			continue;
		if (a->role == ROLE_VAT_INPUT) {
			const char *rate = journal_account_tag(j, acc, "vat-rate");
			if (!rate) {
				r->vat_in_untagged = acc;
				r->n_vat_in_untagged++;
				continue;
			}
			struct vat_account va = {acc, DEC_INIT};
			if (!parse_rate(rate, &va.rate)) {
				policy_error(
				    r, d, acc,
				    "tag 'vat-rate: %s' on '%s' is not a rate like 19 or 5.5", rate,
				    journal_account_name(j, acc));
				error = CLERK_EINVALID;
				continue;
			}
			for (size_t k = 0; k < r->vat_in.n; k++)
				if (!dec_cmp(&r->vat_in.v[k].rate, &va.rate)) {
					policy_error(
					    r, d, acc,
					    "input VAT at %s %% goes to '%s' and to '%s': give "
					    "each "
					    "rate one vat-input account",
					    rate, journal_account_name(j, r->vat_in.v[k].account),
					    journal_account_name(j, acc));
					error = CLERK_EINVALID;
				}
			VEC_PUSH(&r->vat_in, va);
		} else if (a->role == ROLE_VAT_OUTPUT) {
			const char *rate = journal_account_tag(j, acc, "self-assess");
			if (!rate)
				continue;
			if (r->vat_out != NO_ID) {
				policy_error(
				    r, d, acc,
				    "'%s' and '%s' both have 'self-assess:': reverse-charge VAT "
				    "goes to one vat-output account",
				    journal_account_name(j, r->vat_out),
				    journal_account_name(j, acc));
				error = CLERK_EINVALID;
			} else if (!parse_rate(rate, &r->self_rate)) {
				policy_error(
				    r, d, acc,
				    "tag 'self-assess: %s' on '%s' is not a rate like 19 or 5.5",
				    rate, journal_account_name(j, acc));
				error = CLERK_EINVALID;
			} else {
				r->vat_out = acc;
			}
		} else if (a->own_role == ROLE_UNALLOCATED && r->unallocated == NO_ID) {
			r->unallocated = acc;
		}
	}
	if (r->n_vat_in_untagged != 1)
		r->vat_in_untagged = NO_ID;
	return error;
}

/* The vat-input account for rate, or NO_ID. */
static uint32_t vat_input_for(const struct receiver *r, const struct dec *rate)
{
	for (size_t k = 0; k < r->vat_in.n; k++)
		if (!dec_cmp(&r->vat_in.v[k].rate, rate))
			return r->vat_in.v[k].account;
	return r->vat_in_untagged;
}

/* ------------------------------------------------------------------ */
/* what the books hold: bills, credits, files */

/* "ACCOUNT<US>NORMALISED-NUMBER" */
static void number_key(struct strbuf *out, uint32_t account, const char *number)
{
	strbuf_reset(out);
	strbuf_addf(out, "%u\x1f", account);
	openitems_normalize(out, number);
}

/* "ACCOUNT<US>COMMODITY<US>DATE<US>AMOUNT" (the amount without trailing zeros) */
static void amount_key(struct strbuf *out, uint32_t account, uint32_t commodity, clerk_date date,
                       const struct dec *amount)
{
	struct dec t = DEC_INIT;
	strbuf_reset(out);
	strbuf_addf(out, "%u\x1f%u\x1f%ld\x1f", account, commodity, (long)date);
	dec_trim(&t, amount);
	dec_format_plain(out, &t, 0);
	dec_clear(&t);
}

/* Adds a bill (credits: a credit) to its list and both indexes; returns its index. */
static uint32_t add_bill(struct receiver *r, bool credit, uint32_t account, uint32_t commodity,
                         const char *number, clerk_date date, const struct dec *amount,
                         const struct dec *open, uint32_t doc, const char *at)
{
	struct strbuf key = STRBUF_INIT;
	uint32_t idx = (uint32_t)(credit ? r->credits.n : r->bills.n);
	struct bill *b = credit ? VEC_GROW(&r->credits) : VEC_GROW(&r->bills);
	b->account = account;
	b->commodity = commodity;
	b->number = number;
	b->date = date;
	dec_set(&b->amount, amount);
	dec_set(&b->open, open);
	b->doc = doc;
	b->where = at;
	number_key(&key, account, number);
	b->next_number =
	    keymap_add(credit ? &r->credit_numbers : &r->bill_numbers, key.buf, key.len, idx);
	amount_key(&key, account, commodity, date, amount);
	b->next_amount =
	    keymap_add(credit ? &r->credit_amounts : &r->bill_amounts, key.buf, key.len, idx);
	strbuf_release(&key);
	return idx;
}

/* The bills of the books: every item of a vendor, open or settled (openitems.h). */
static int index_bills(struct receiver *r)
{
	struct journal *j = r->j;
	struct openitems *oi = NULL;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.side = OPENITEMS_PAYABLES;
	o.include_closed = true;
	if (openitems_compute(&oi, j, &o))
		return CLERK_ERROR;
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		size_t np = 0;
		const uint32_t *ps = openitems_item_postings(oi, i, &np);
		const char *at = NULL;
		for (size_t k = 0; k < np && !at; k++) {
			const struct posting *p = &j->postings.v[ps[k]];
			if (p->txn == it->opening_txn)
				at = where(r, j->txns.v[p->txn].file, p->line);
		}
		add_bill(r, false, it->account, it->commodity, pstr(r, it->invoice), it->date,
		         &it->amount, &it->open, NO_ID, at);
	}
	openitems_free(oi);
	return 0;
}

/*
 * The credit notes received before (the `credit-note:` tag of a posting to
 * a vendor) and the files received before (`einvoice-sha256:`).
 */
static void index_credits_and_files(struct receiver *r)
{
	struct journal *j = r->j;
	uint32_t cn_id = journal_tag_id(j, "credit-note"),
	         sha_id = journal_tag_id(j, "einvoice-sha256");
	if (cn_id == NO_ID && sha_id == NO_ID)
		return;
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		const struct txn *t = &j->txns.v[p->txn];
		const char *sha = journal_posting_tag_id(j, p, sha_id);
		if (sha && *sha) {
			int is_new;
			symtab_intern(&r->digests, sha, strlen(sha), &is_new);
			if (is_new) {
				struct seen s = {NO_ID, where(r, t->file, p->line)};
				VEC_PUSH(&r->seen, s);
			}
		}
		const char *cn = journal_posting_tag_id(j, p, cn_id);
		if (!cn || !*cn || j->accounts.v[p->account].role != ROLE_PAYABLE ||
		    !journal_is_party(j, p->account) || dec_sgn(&p->amount) <= 0)
			continue;
		add_bill(r, true, p->account, p->commodity, cn, t->date, &p->amount, &p->amount,
		         NO_ID, where(r, t->file, p->line));
	}
}

/* ------------------------------------------------------------------ */
/* deciding */

static void PRINTF_LIKE(5, 6) decide(struct receiver *r, struct doc *doc, enum receive_decision dn,
                                     const char *reason, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	doc->decided = true;
	doc->decision = dn;
	doc->reason = reason;
	doc->exception = dn == RECEIVE_HELD || dn == RECEIVE_REFUSED;
	if (fmt) {
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		doc->note = pstr(r, sb.buf);
	}
	strbuf_release(&sb);
}

/* The number of decimals of a currency (0 when unknown). */
static int32_t exponent_of(const char *code)
{
	const struct currency *c = currency_find(code);
	return c && c->exponent > 0 ? c->exponent : 0;
}

/* Appends v in the books' style for the commodity (plain, with the code, when not declared). */
static void fmt_amount(const struct receiver *r, struct strbuf *sb, const struct doc *doc,
                       const struct dec *v)
{
	uint32_t com = symtab_find(&r->j->commodities.names, doc->currency, strlen(doc->currency));
	if (com == UINT32_MAX) {
		dec_format_plain(sb, v, exponent_of(doc->currency));
		strbuf_addf(sb, " %s", doc->currency);
		return;
	}
	amount_format_scale(sb, &r->j->commodities, com, v, exponent_of(doc->currency));
}

static const char *amount_text(struct receiver *r, const struct doc *doc, const struct dec *v)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_amount(r, &sb, doc, v);
	const char *s = pstr(r, sb.buf);
	strbuf_release(&sb);
	return s;
}

static const char *account_of(const struct receiver *r, const struct doc *doc)
{
	return journal_account_name(r->j, r->vendors.v[doc->vendor].account);
}

/* The name a sentence calls the vendor by: its `name:`, else the seller's name. */
static const char *vendor_name(const struct receiver *r, const struct doc *doc)
{
	const struct vendor *v = &r->vendors.v[doc->vendor];
	return v->name ? v->name : doc->seller ? doc->seller : account_of(r, doc);
}

/*
 * Finds the vendor: by the seller's VAT id (BT-31), else the payee IBANs
 * (BT-84), else the seller's name (BT-27), each only when exactly one vendor
 * has it. Returns true, or false after deciding (held).
 */
static bool find_vendor(struct receiver *r, struct doc *doc)
{
	struct strbuf sb = STRBUF_INIT;
	const struct vhit *h = NULL;
	const char *by = NULL, *key = NULL;
	if (doc->vat_norm && (h = vmap_find(&r->by_vat, doc->vat_norm))) {
		by = "VAT id";
		key = doc->vat_norm;
	}
	for (size_t i = 0; !h && i < doc->nibans; i++) {
		strbuf_reset(&sb);
		iban_normalize(&sb, doc->ibans[i]);
		if ((h = vmap_find(&r->by_iban, sb.buf))) {
			by = "IBAN";
			key = pstr(r, sb.buf);
		}
	}
	if (!h && doc->seller) {
		strbuf_reset(&sb);
		name_normalize(&sb, doc->seller);
		if ((h = vmap_find(&r->by_name, sb.buf))) {
			by = "name";
			key = doc->seller;
		}
	}
	strbuf_release(&sb);
	if (h && h->count > 1) {
		decide(r, doc, RECEIVE_HELD, "ambiguous-seller",
		       "the seller's %s %s is on %u vendor accounts ('%s', '%s'%s): Clerk does not "
		       "guess which one billed",
		       by, key, h->count,
		       journal_account_name(r->j, r->vendors.v[h->first].account),
		       journal_account_name(r->j, r->vendors.v[h->second].account),
		       h->count > 2 ? ", ..." : "");
		return false;
	}
	if (h) {
		const struct vendor *v = &r->vendors.v[h->first];
		/* a vendor found by IBAN or name whose VAT id is another is not this seller */
		if (doc->vat_norm && v->vat && strcmp(v->vat, doc->vat_norm)) {
			decide(
			    r, doc, RECEIVE_HELD, "unknown-seller",
			    "no vendor account has the seller's VAT id %s; its %s is that of '%s', "
			    "whose VAT id is %s: not the same seller",
			    doc->vat_norm, by, journal_account_name(r->j, v->account), v->vat);
			return false;
		}
		doc->vendor = h->first;
		return true;
	}
	struct strbuf what = STRBUF_INIT;
	if (doc->vat_norm)
		strbuf_addf(&what, "the VAT id %s, ", doc->vat_norm);
	for (size_t i = 0; i < doc->nibans; i++) {
		strbuf_addstr(&what, "the payee account ");
		iban_normalize(&what, doc->ibans[i]);
		strbuf_addstr(&what, ", ");
	}
	strbuf_addf(&what, "the name '%s'", doc->seller ? doc->seller : "");
	decide(r, doc, RECEIVE_HELD, "unknown-seller",
	       "no vendor account (below a 'role: payable' account) has %s; add the vendor (with "
	       "'vat: %s') and receive it again",
	       what.buf, doc->vat_norm ? doc->vat_norm : "ID");
	strbuf_release(&what);
	return false;
}

/* The books' bill (credit) with the document's number for the vendor, or NO_ID. */
static uint32_t find_number(struct receiver *r, const struct doc *doc, bool credit,
                            const char *number)
{
	struct strbuf key = STRBUF_INIT;
	number_key(&key, r->vendors.v[doc->vendor].account, number);
	uint32_t b = keymap_find(credit ? &r->credit_numbers : &r->bill_numbers, key.buf, key.len);
	strbuf_release(&key);
	return b;
}

static const char *bill_where(struct receiver *r, const struct bill *b)
{
	return b->doc != NO_ID ? pfmt(r, "%s, earlier in this call", r->docs.v[b->doc].name)
	       : b->where      ? b->where
	                       : "the books";
}

/* The vendor's number already received: duplicate. Returns true after deciding. */
static bool is_duplicate_number(struct receiver *r, struct doc *doc, uint32_t com)
{
	uint32_t b = find_number(r, doc, doc->credit, doc->number);
	if (b == NO_ID)
		return false;
	const struct bill *bl = doc->credit ? &r->credits.v[b] : &r->bills.v[b];
	struct dec owed = DEC_INIT;
	dec_abs(&owed, &doc->owed);
	bool same = bl->commodity == com && !dec_cmp(&bl->amount, &owed);
	const char *kind = doc->credit ? "credit note" : "bill";
	if (same)
		decide(r, doc, RECEIVE_DUPLICATE, "same-number",
		       "%s's %s %s is in the books already (%s)", vendor_name(r, doc), kind,
		       doc->number, bill_where(r, bl));
	else {
		struct strbuf amt = STRBUF_INIT;
		amount_format_scale(&amt, &r->j->commodities, bl->commodity, &bl->amount, 0);
		decide(
		    r, doc, RECEIVE_DUPLICATE, "same-number-changed",
		    "%s's %s %s is in the books already (%s) for %s, but this document is for %s: "
		    "a changed document under the same number; ask the vendor for a credit note "
		    "and a new %s",
		    vendor_name(r, doc), kind, doc->number, bill_where(r, bl), amt.buf,
		    amount_text(r, doc, &owed), kind);
		doc->exception = true;
		strbuf_release(&amt);
	}
	dec_clear(&owed);
	return true;
}

/* Same vendor, currency, issue date and amount under another number: held. */
static bool is_probable_duplicate(struct receiver *r, struct doc *doc, uint32_t com)
{
	struct strbuf key = STRBUF_INIT;
	struct dec owed = DEC_INIT;
	dec_abs(&owed, &doc->owed);
	amount_key(&key, r->vendors.v[doc->vendor].account, com, doc->issue, &owed);
	uint32_t b =
	    keymap_find(doc->credit ? &r->credit_amounts : &r->bill_amounts, key.buf, key.len);
	strbuf_release(&key);
	if (b != NO_ID && !doc->accepted) {
		const struct bill *bl = doc->credit ? &r->credits.v[b] : &r->bills.v[b];
		char date[11];
		date_format(doc->issue, date);
		decide(
		    r, doc, RECEIVE_HELD, "probable-duplicate",
		    "%s %s of %s has the amount (%s) and the date (%s) of %s %s (%s): the same %s "
		    "sent again under another number? If it is not, receive it with --accept",
		    doc->credit ? "credit note" : "bill", doc->number, vendor_name(r, doc),
		    amount_text(r, doc, &owed), date, doc->credit ? "credit note" : "bill",
		    bl->number, bill_where(r, bl), doc->credit ? "credit note" : "bill");
	}
	dec_clear(&owed);
	doc->lifted = b != NO_ID && doc->accepted;
	return b != NO_ID && !doc->accepted;
}

/* Every IBAN of the document must be one of the vendor's `iban:`. Returns true after holding. */
static bool is_iban_changed(struct receiver *r, struct doc *doc)
{
	const struct vendor *v = &r->vendors.v[doc->vendor];
	struct strbuf sb = STRBUF_INIT, known = STRBUF_INIT;
	bool held = false;
	for (size_t i = 0; i < doc->nibans && !held; i++) {
		strbuf_reset(&sb);
		iban_normalize(&sb, doc->ibans[i]);
		if (!iban_shaped(sb.buf))
			continue; /* a bank giro or a domestic number: not an IBAN, noted when
			             posted */
		bool ok = false;
		for (size_t k = 0; k < v->nibans && !ok; k++)
			ok = !strcmp(v->ibans[k], sb.buf);
		if (ok)
			continue;
		for (size_t k = 0; k < v->nibans; k++)
			strbuf_addf(&known, "%s%s", k ? ", " : "", v->ibans[k]);
		decide(
		    r, doc, RECEIVE_HELD, "iban-changed",
		    "bank details changed: confirm with the vendor by phone before paying. The "
		    "document asks for payment to %s%s, which is not %s of '%s'; once confirmed, "
		    "add it to the vendor's account ('iban: %s') and receive it again",
		    sb.buf, iban_valid(sb.buf) ? "" : " (not even a valid IBAN)",
		    v->nibans ? pfmt(r, "among the vendor's known IBANs (%s)", known.buf)
		              : "a known IBAN: the books have none",
		    account_of(r, doc), sb.buf);
		held = true;
	}
	strbuf_release(&sb);
	strbuf_release(&known);
	return held;
}

/*
 * A credit that refers to a bill (BT-25) reduces it: the bill must be open
 * with the vendor in the document's currency. Sets *bill (NO_ID when the
 * credit refers to none). Returns true after holding.
 */
static bool is_credited_bill_unknown(struct receiver *r, struct doc *doc, uint32_t com,
                                     uint32_t *bill)
{
	*bill = NO_ID;
	if (!doc->credit || !doc->credited)
		return false;
	const char *why = "is not a bill of the vendor in the books";
	for (uint32_t b = find_number(r, doc, false, doc->credited); b != NO_ID;
	     b = r->bills.v[b].next_number) {
		const struct bill *bl = &r->bills.v[b];
		if (bl->commodity != com) {
			why = "is a bill in another currency";
			continue;
		}
		if (dec_sgn(&bl->open) <= 0) {
			why = pfmt(r, "is settled already (%s)", bill_where(r, bl));
			continue;
		}
		*bill = b;
		return false;
	}
	decide(r, doc, RECEIVE_HELD, "unknown-credited-bill",
	       "credit note %s credits bill %s, which %s: Clerk cannot tell what it reduces",
	       doc->number, doc->credited, why);
	return true;
}

/* Whether category cat is one where the buyer accounts for the VAT (reverse charge, intra-EU). */
static bool self_assessed_category(const char *cat)
{
	return !strcmp(cat, "AE") || !strcmp(cat, "K");
}

/*
 * The VAT of rvat v on the self-assessment rate: base * rate / 100, rounded
 * half away from zero to the currency's decimals (EN 16931's rounding).
 */
static void self_assessed_tax(struct dec *out, const struct receiver *r, const struct doc *doc,
                              const struct rvat *v)
{
	mpq_t q, rate;
	mpq_init(q);
	mpq_init(rate);
	dec_get_mpq(q, &v->base);
	dec_get_mpq(rate, &r->self_rate);
	mpq_mul(q, q, rate);
	mpq_set_ui(rate, 1, 100);
	mpq_mul(q, q, rate);
	if (dec_set_mpq(out, q, exponent_of(doc->currency), DEC_ROUND_HALF_UP))
		BUG("rounding to %d decimals failed", exponent_of(doc->currency));
	mpq_clear(q);
	mpq_clear(rate);
}

/* Every VAT amount has an account (held no-vat-account otherwise); so does the net. */
static bool lacks_accounts(struct receiver *r, struct doc *doc)
{
	const struct vendor *v = &r->vendors.v[doc->vendor];
	for (size_t i = 0; i < doc->nvats; i++) {
		const struct rvat *t = &doc->vats[i];
		bool self = self_assessed_category(t->category) && r->vat_out != NO_ID;
		if (!self && dec_is_zero(&t->tax))
			continue;
		const struct dec *rate = self ? &r->self_rate : t->has_rate ? &t->rate : NULL;
		if (rate && vat_input_for(r, rate) != NO_ID)
			continue;
		struct strbuf rt = STRBUF_INIT;
		if (rate)
			dec_format_plain(&rt, rate, 0);
		decide(r, doc, RECEIVE_HELD, "no-vat-account",
		       "no 'role: vat-input' account takes %s VAT at %s %%: tag one with "
		       "'vat-rate: %s' "
		       "(or keep a single untagged one) and receive it again",
		       self ? "the self-assessed" : "input", rate ? rt.buf : "?",
		       rate ? rt.buf : "?");
		strbuf_release(&rt);
		return true;
	}
	if (v->expense == NO_ID && r->unallocated == NO_ID) {
		decide(r, doc, RECEIVE_HELD, "no-expense-account",
		       "'%s' names no 'expense:' account and the books have no 'role: unallocated' "
		       "account for the net: add one and receive it again",
		       account_of(r, doc));
		return true;
	}
	return false;
}

/*
 * The sums the transaction needs hold: the VAT breakdown adds up to the VAT
 * total (BR-CO-14), the totals to one another (BR-CO-15, BR-CO-16). The
 * verifier checks these; a document that slipped through is refused here
 * rather than written unbalanced. Returns true after refusing.
 */
static bool sums_broken(struct receiver *r, struct doc *doc)
{
	struct dec sum = DEC_INIT, t = DEC_INIT;
	const char *rule = NULL;
	for (size_t i = 0; i < doc->nvats; i++)
		dec_add(&sum, &sum, &doc->vats[i].tax);
	if (dec_cmp(&sum, &doc->vat))
		rule = "BR-CO-14";
	dec_add(&t, &doc->net, &doc->vat);
	if (!rule && dec_cmp(&t, &doc->total))
		rule = "BR-CO-15";
	dec_sub(&t, &doc->total, &doc->prepaid);
	dec_add(&t, &t, &doc->rounding);
	if (!rule && dec_cmp(&t, &doc->payable))
		rule = "BR-CO-16";
	if (rule)
		decide(r, doc, RECEIVE_REFUSED, rule,
		       "its totals do not add up (%s): the transaction would not balance", rule);
	dec_clear(&sum);
	dec_clear(&t);
	return rule != NULL;
}

/* The due date: BT-9, else the vendor's `terms:` from the issue date, else the issue date. */
static clerk_date due_of(const struct receiver *r, const struct doc *doc)
{
	const struct vendor *v = &r->vendors.v[doc->vendor];
	if (doc->due_doc != DATE_NONE)
		return doc->due_doc;
	if (v->has_terms)
		return doc->issue + v->net_days;
	return doc->issue;
}

/* ------------------------------------------------------------------ */
/* writing */

/* Appends ", name: value" (or the "  ; " that starts the comment) when value is set. */
static void tag(struct strbuf *t, const char **sep, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addf(t, "%s%s: %s", *sep, name, value);
	*sep = ", ";
}

/* Appends "    ACCOUNT  AMOUNT" with v multiplied by the document's sign. */
static void posting(struct receiver *r, const struct doc *doc, uint32_t account,
                    const struct dec *v)
{
	struct dec s = DEC_INIT;
	if (doc->sign < 0)
		dec_neg(&s, v);
	else
		dec_set(&s, v);
	strbuf_addf(&r->text, "    %s  ", journal_account_name(r->j, account));
	fmt_amount(r, &r->text, doc, &s);
	dec_clear(&s);
}

static void write_header(struct receiver *r, const struct doc *doc)
{
	struct strbuf *t = &r->text;
	char date[11];
	strbuf_addstr(t, "; clerk-receive-source: ");
	add_clean(t, doc->base, 500, CLEAN_DESC);
	strbuf_addf(t, "\n; clerk-receive-sha256: %s\n", doc->sha);
	date_format(doc->issue, date);
	strbuf_addf(t, "%s * (", date);
	add_clean(t, doc->number, RECEIVE_TEXT_MAX, CLEAN_CODE);
	strbuf_addstr(t, ") ");
	add_clean(t, doc->seller ? doc->seller : vendor_name(r, doc), RECEIVE_TEXT_MAX, CLEAN_DESC);
	strbuf_addstr(t, doc->credit ? " | credit note" : " | bill");
	if (doc->what && *doc->what) {
		strbuf_addstr(t, doc->credit ? ": " : ": ");
		add_clean(t, doc->what, RECEIVE_TEXT_MAX, CLEAN_DESC);
		if (doc->nlines > 1)
			strbuf_addf(t, " and %zu more line%s", doc->nlines - 1,
			            doc->nlines > 2 ? "s" : "");
	}
	strbuf_addch(t, '\n');
}

/*
 * The party posting: what we owe (or are credited), as the open item.
 * A bill opens its own number; a credit reduces the bill it refers to, or
 * is an open credit under its own number.
 */
static void write_party(struct receiver *r, const struct doc *doc, uint32_t credited)
{
	struct strbuf *t = &r->text;
	const struct vendor *v = &r->vendors.v[doc->vendor];
	struct dec neg = DEC_INIT;
	const char *sep = "  ; ";
	char date[11];
	dec_neg(&neg, &doc->payable);
	posting(r, doc, v->account, &neg);
	tag(t, &sep, "invoice", credited != NO_ID ? r->bills.v[credited].number : doc->number);
	if (!doc->credit) {
		date_format(doc->due, date);
		tag(t, &sep, "due", date);
	}
	if (doc->remittance && !doc->credit) { /* what to quote when paying: bills only */
		const char *ref = doc->remittance;
		bool rf = (ref[0] == 'R' || ref[0] == 'r') && (ref[1] == 'F' || ref[1] == 'f');
		if (!rf)
			tag(t, &sep, "ref", ref);
		else if (rf_valid(ref)) {
			struct strbuf n = STRBUF_INIT;
			refs_normalize(&n, ref);
			tag(t, &sep, "ref", n.buf);
			strbuf_release(&n);
		} else
			tag(t, &sep, "remittance", ref);
	}
	if (doc->credit)
		tag(t, &sep, "credit-note", doc->number);
	if (doc->lifted)
		tag(t, &sep, "accepted", "probable-duplicate");
	tag(t, &sep, "einvoice-sha256", doc->sha);
	strbuf_addch(t, '\n');
	if (!dec_is_zero(&doc->prepaid)) {
		/* paid before (BT-113): it uses up what was paid on account */
		dec_neg(&neg, &doc->prepaid);
		posting(r, doc, v->account, &neg);
		strbuf_addstr(t, "  ; prepaid: yes\n");
	}
	dec_clear(&neg);
}

/* The VAT: one posting per breakdown with VAT; reverse charge self-assessed when the books say so.
 */
static void write_vat(struct receiver *r, const struct doc *doc)
{
	struct strbuf *t = &r->text;
	struct dec tax = DEC_INIT, neg = DEC_INIT;
	for (size_t i = 0; i < doc->nvats; i++) {
		const struct rvat *v = &doc->vats[i];
		bool self = self_assessed_category(v->category) && r->vat_out != NO_ID;
		const struct dec *rate = self ? &r->self_rate : &v->rate;
		if (self)
			self_assessed_tax(&tax, r, doc, v);
		else
			dec_set(&tax, &v->tax);
		if (dec_is_zero(&tax))
			continue;
		struct strbuf tags = STRBUF_INIT;
		strbuf_addf(&tags, "  ; vat-category: %s, vat-percent: ", v->category);
		dec_format_plain(&tags, rate, 0);
		strbuf_addstr(&tags, ", vat-base: ");
		dec_format_plain(&tags, &v->base, exponent_of(doc->currency));
		if (self)
			strbuf_addstr(&tags, ", self-assessed: yes");
		posting(r, doc, vat_input_for(r, rate), &tax);
		strbuf_addf(t, "%s\n", tags.buf);
		if (self) {
			dec_neg(&neg, &tax);
			posting(r, doc, r->vat_out, &neg);
			strbuf_addf(t, "%s\n", tags.buf);
		}
		strbuf_release(&tags);
	}
	dec_clear(&tax);
	dec_clear(&neg);
}

static void write_transaction(struct receiver *r, const struct doc *doc, uint32_t credited)
{
	const struct vendor *v = &r->vendors.v[doc->vendor];
	uint32_t expense = v->expense != NO_ID ? v->expense : r->unallocated;
	write_header(r, doc);
	write_party(r, doc, credited);
	posting(r, doc, expense, &doc->net);
	strbuf_addch(&r->text, '\n');
	write_vat(r, doc);
	if (!dec_is_zero(&doc->rounding)) {
		posting(r, doc, expense, &doc->rounding);
		strbuf_addstr(&r->text, "  ; rounding: yes\n");
	}
	strbuf_addch(&r->text, '\n');
}

/* ------------------------------------------------------------------ */
/* planning */

/* What a person reading the summary should know about a posted document. */
static void posted_note(struct receiver *r, struct doc *doc, uint32_t credited)
{
	struct strbuf sb = STRBUF_INIT, acc = STRBUF_INIT;
	const struct vendor *v = &r->vendors.v[doc->vendor];
	if (doc->credit && credited != NO_ID)
		strbuf_addf(&sb, "reduces bill %s; ", r->bills.v[credited].number);
	else if (doc->credit)
		strbuf_addstr(&sb, "refers to no bill: an open credit with the vendor; ");
	if (v->expense == NO_ID)
		strbuf_addf(&sb,
		            "the net went to '%s' for a person to split (the vendor names no "
		            "'expense:' account); ",
		            journal_account_name(r->j, r->unallocated));
	for (size_t i = 0; i < doc->nvats; i++) {
		const struct rvat *t = &doc->vats[i];
		if (!self_assessed_category(t->category))
			continue;
		if (r->vat_out != NO_ID) {
			strbuf_addf(&sb, "%s: VAT self-assessed at ",
			            !strcmp(t->category, "K") ? "intra-community acquisition"
			                                      : "reverse charge");
			dec_format_plain(&sb, &r->self_rate, 0);
			strbuf_addstr(&sb, " %; ");
		} else {
			strbuf_addf(
			    &sb, "%s: no VAT posted (no vat-output account has 'self-assess:'); ",
			    !strcmp(t->category, "K") ? "intra-community acquisition"
			                              : "reverse charge");
		}
		break;
	}
	bool any = false;
	for (size_t i = 0; i < doc->nibans; i++) {
		strbuf_reset(&acc);
		iban_normalize(&acc, doc->ibans[i]);
		if (iban_shaped(acc.buf)) {
			any = true;
			continue;
		}
		strbuf_addf(&sb, "the payee account %s is not an IBAN and was not compared; ",
		            acc.buf);
	}
	if (!doc->nibans && !doc->credit)
		strbuf_addf(
		    &sb, "no payee IBAN in the document (payment means %s): nothing to compare; ",
		    doc->means ? doc->means : "none given");
	(void)any;
	if (doc->remittance && !doc->credit &&
	    (doc->remittance[0] == 'R' || doc->remittance[0] == 'r') &&
	    (doc->remittance[1] == 'F' || doc->remittance[1] == 'f') && !rf_valid(doc->remittance))
		strbuf_addf(&sb,
		            "the payment reference %s is not a valid RF reference (kept as "
		            "remittance:); ",
		            doc->remittance);
	if (doc->lifted)
		strbuf_addstr(&sb, "accepted as not a duplicate; ");
	if (sb.len >= 2)
		strbuf_setlen(&sb, sb.len - 2);
	doc->note = sb.len ? pstr(r, sb.buf) : NULL;
	strbuf_release(&sb);
	strbuf_release(&acc);
}

/* Remembers a posted document as a bill (credit) of the call, and its file. */
static void remember(struct receiver *r, uint32_t d, uint32_t com, uint32_t credited)
{
	struct doc *doc = &r->docs.v[d];
	uint32_t acc = r->vendors.v[doc->vendor].account;
	struct dec owed = DEC_INIT;
	dec_abs(&owed, &doc->owed);
	add_bill(r, doc->credit, acc, com, doc->number, doc->issue, &owed, &owed, d, NULL);
	if (credited != NO_ID)
		dec_sub(&r->bills.v[credited].open, &r->bills.v[credited].open, &owed);
	dec_clear(&owed);
	if (r->posted_digests.len)
		strbuf_addch(&r->posted_digests, ' ');
	strbuf_addstr(&r->posted_digests, doc->sha);
}

/* The same file again: in the books, or earlier in this call. Returns true after deciding. */
static bool is_same_file(struct receiver *r, uint32_t d)
{
	struct doc *doc = &r->docs.v[d];
	int is_new;
	uint32_t id = symtab_intern(&r->digests, doc->sha, strlen(doc->sha), &is_new);
	if (is_new) {
		struct seen s = {d, NULL};
		VEC_PUSH(&r->seen, s);
		return false;
	}
	const struct seen *s = &r->seen.v[id];
	if (s->doc == NO_ID)
		decide(r, doc, RECEIVE_DUPLICATE, "same-file",
		       "the same file was received before (%s): nothing to post", s->where);
	else
		decide(r, doc, RECEIVE_DUPLICATE, "same-file",
		       "the same file as %s, earlier in this call: nothing more to post",
		       r->docs.v[s->doc].name);
	return true;
}

/* Decides one document that was read and verified; posts it when nothing holds it. */
static void decide_document(struct receiver *r, uint32_t d)
{
	struct doc *doc = &r->docs.v[d];
	uint32_t credited = NO_ID;
	if (is_same_file(r, d))
		return;
	if (doc->issue == DATE_NONE || !doc->number || !*doc->number) {
		decide(r, doc, RECEIVE_REFUSED, doc->issue == DATE_NONE ? "BR-03" : "BR-02",
		       "it has no %s", doc->issue == DATE_NONE ? "issue date" : "number");
		return;
	}
	if (sums_broken(r, doc))
		return;
	uint32_t com = symtab_find(&r->j->commodities.names, doc->currency, strlen(doc->currency));
	if (com == UINT32_MAX || !r->j->commodities.v[com].declared) {
		decide(r, doc, RECEIVE_REFUSED, "unknown-currency",
		       "the books declare no commodity '%s' (a 'commodity' directive): bills in it "
		       "cannot be posted",
		       doc->currency);
		return;
	}
	if (!find_vendor(r, doc) || is_duplicate_number(r, doc, com))
		return;
	const struct vendor *v = &r->vendors.v[doc->vendor];
	if (v->hold) {
		decide(r, doc, RECEIVE_HELD, "vendor-hold", "'%s' is on hold: %s",
		       account_of(r, doc), v->hold);
		return;
	}
	if (is_probable_duplicate(r, doc, com) || is_iban_changed(r, doc) ||
	    is_credited_bill_unknown(r, doc, com, &credited) || lacks_accounts(r, doc))
		return;
	doc->due = doc->credit ? DATE_NONE : due_of(r, doc);
	decide(r, doc, RECEIVE_POSTED, NULL, NULL);
	doc->credited_bill = credited;
	posted_note(r, doc, credited);
	remember(r, d, com, credited);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/*
 * The text: the posted documents' transactions in date order (then in the
 * order given), so that the posted file is in date order as `clerk check
 * --strict` wants each file. Each key is the issue date (made unsigned) above
 * the document's index.
 */
static void write_text(struct receiver *r)
{
	VEC(uint64_t) order = VEC_INIT;
	for (size_t i = 0; i < r->docs.n; i++) {
		const struct doc *doc = &r->docs.v[i];
		if (doc->decided && doc->decision == RECEIVE_POSTED)
			VEC_PUSH(&order,
			         ((uint64_t)((uint32_t)doc->issue ^ 0x80000000u) << 32) | i);
	}
	if (order.n > 1)
		qsort(order.v, order.n, sizeof(*order.v), cmp_u64);
	for (size_t k = 0; k < order.n; k++) {
		const struct doc *doc = &r->docs.v[(uint32_t)order.v[k]];
		write_transaction(r, doc, doc->credited_bill);
	}
	VEC_FREE(&order);
}

int receiver_plan(struct receiver *r, struct diag *d)
{
	if (r->planned)
		BUG("receiver_plan() called twice");
	r->planned = true;
	setup_vendors(r);
	if (setup_vat(r, d))
		return CLERK_EINVALID;
	if (index_bills(r))
		return CLERK_ERROR;
	index_credits_and_files(r);
	for (size_t i = 0; i < r->docs.n; i++)
		if (!r->docs.v[i].decided)
			decide_document(r, (uint32_t)i);
	write_text(r);
	return 0;
}

/* ------------------------------------------------------------------ */
/* results */

const struct strbuf *receiver_text(const struct receiver *r)
{
	return &r->text;
}

void receiver_take_text(struct receiver *r, struct strbuf *out)
{
	strbuf_append_take(out, &r->text);
}

size_t receiver_count(const struct receiver *r)
{
	return r->docs.n;
}

size_t receiver_decided(const struct receiver *r, enum receive_decision dn)
{
	size_t n = 0;
	for (size_t i = 0; i < r->docs.n; i++)
		n += r->docs.v[i].decided && r->docs.v[i].decision == dn;
	return n;
}

size_t receiver_exceptions(const struct receiver *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->docs.n; i++)
		n += r->docs.v[i].decided && r->docs.v[i].exception;
	return n;
}

const char *receiver_posted_digests(const struct receiver *r)
{
	return r->posted_digests.buf;
}

static void csv_amount(struct strbuf *out, const struct doc *doc, const struct dec *v)
{
	if (doc->read)
		dec_format_plain(out, v, exponent_of(doc->currency));
	strbuf_addch(out, ',');
}

void receiver_decisions_csv(const struct receiver *r, struct strbuf *out)
{
	char date[11];
	strbuf_addstr(out, RECEIVER_DECISIONS_HEADER);
	for (size_t i = 0; i < r->docs.n; i++) {
		const struct doc *doc = &r->docs.v[i];
		strbuf_addcsv(out, doc->name);
		strbuf_addf(out, ",%s,", doc->read ? einvoice_syntax_name(doc->syntax) : "");
		strbuf_addcsv(out, doc->seller ? doc->seller : "");
		strbuf_addch(out, ',');
		strbuf_addcsv(out, doc->seller_vat ? doc->seller_vat : "");
		strbuf_addch(out, ',');
		strbuf_addcsv(out, doc->number ? doc->number : "");
		strbuf_addch(out, ',');
		if (doc->issue != DATE_NONE) {
			date_format(doc->issue, date);
			strbuf_addstr(out, date);
		}
		strbuf_addch(out, ',');
		if (doc->decided && doc->decision == RECEIVE_POSTED && doc->due != DATE_NONE) {
			date_format(doc->due, date);
			strbuf_addstr(out, date);
		}
		strbuf_addch(out, ',');
		strbuf_addcsv(out, doc->read ? doc->currency : "");
		strbuf_addch(out, ',');
		csv_amount(out, doc, &doc->net);
		csv_amount(out, doc, &doc->vat);
		csv_amount(out, doc, &doc->total);
		csv_amount(out, doc, &doc->prepaid);
		csv_amount(out, doc, &doc->payable);
		strbuf_addf(out, "%s,", doc->decided ? receive_decision_name(doc->decision) : "");
		strbuf_addcsv(out, doc->reason ? doc->reason : "");
		strbuf_addch(out, ',');
		strbuf_addcsv(out, doc->vendor != NO_ID ? account_of(r, doc) : "");
		strbuf_addf(out, ",%s,", doc->sha);
		strbuf_addcsv(out, doc->note ? doc->note : "");
		strbuf_addch(out, '\n');
	}
}

/* "bill PN-46233 of Papierhaus Nord GmbH, 1,428.00 EUR" (what the document is). */
static void describe(const struct receiver *r, struct strbuf *out, const struct doc *doc)
{
	if (!doc->read) {
		strbuf_addstr(out, "(not read)");
		return;
	}
	strbuf_addf(out, "%s %s of %s, ", doc->credit ? "credit note" : "bill",
	            doc->number ? doc->number : "(no number)",
	            doc->seller ? doc->seller : "(no seller name)");
	struct dec owed = DEC_INIT;
	dec_abs(&owed, &doc->owed);
	fmt_amount(r, out, doc, &owed);
	dec_clear(&owed);
}

void receiver_report(const struct receiver *r, struct strbuf *out)
{
	char date[11];
	for (size_t i = 0; i < r->docs.n; i++) {
		const struct doc *doc = &r->docs.v[i];
		if (!doc->decided)
			continue;
		strbuf_addf(out, "%s: %s", doc->name, receive_decision_name(doc->decision));
		if (doc->reason)
			strbuf_addf(out, " (%s)", doc->reason);
		strbuf_addstr(out, ": ");
		describe(r, out, doc);
		if (doc->decision == RECEIVE_POSTED) {
			strbuf_addf(out, " to '%s'", account_of(r, doc));
			if (doc->due != DATE_NONE) {
				date_format(doc->due, date);
				strbuf_addf(out, ", due %s", date);
			}
		}
		strbuf_addch(out, '\n');
		if (doc->note)
			strbuf_addf(out, "  %s\n", doc->note);
	}
	strbuf_addf(out, "%zu document%s: %zu posted, %zu held, %zu duplicate%s, %zu refused\n",
	            r->docs.n, r->docs.n == 1 ? "" : "s", receiver_decided(r, RECEIVE_POSTED),
	            receiver_decided(r, RECEIVE_HELD), receiver_decided(r, RECEIVE_DUPLICATE),
	            receiver_decided(r, RECEIVE_DUPLICATE) == 1 ? "" : "s",
	            receiver_decided(r, RECEIVE_REFUSED));
}

void receiver_exceptions_text(const struct receiver *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->docs.n; i++) {
		const struct doc *doc = &r->docs.v[i];
		if (!doc->decided || !doc->exception)
			continue;
		strbuf_addf(out, "  %s %s (%s): ", receive_decision_name(doc->decision), doc->name,
		            doc->reason ? doc->reason : "");
		describe(r, out, doc);
		strbuf_addf(out, ": %s\n", doc->note ? doc->note : "");
	}
}

void receiver_outcome(const struct receiver *r, size_t i, struct receive_outcome *out)
{
	const struct doc *doc = &r->docs.v[i];
	out->name = doc->name;
	out->decision = doc->decision;
	out->exception = doc->exception;
	out->reason = doc->reason ? doc->reason : "";
	out->note = doc->note ? doc->note : "";
	out->diagnostics = doc->diag_text ? doc->diag_text : "";
}

void receiver_refusals_text(const struct receiver *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->docs.n; i++)
		if (r->docs.v[i].diag_text)
			strbuf_addstr(out, r->docs.v[i].diag_text);
}

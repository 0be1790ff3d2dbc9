/*
 * invoice_html.c - an invoice or credit note as one printable HTML page,
 * drawn from its EN 16931 model (formats/invoice.md, "The printable page"):
 * the same terms the UBL file carries, for people. Self-contained (inline
 * style and SVG, nothing fetched), deterministic, and only what the
 * customer should read: names, addresses and VAT ids from the tags, never
 * an account name.
 */
#include "compat.h"
#include "invoice.h"
#include "einvoice.h"
#include "error.h"
#include "html.h"
#include "lang.h"
#include "qr.h"

#include <string.h>

/* Appends v with the decimals it has (at least 2), the language's way, then the currency code. */
static void money(struct strbuf *out, enum lang lg, const struct dec *v, const char *cur)
{
	lang_number(out, lg, v, 2);
	strbuf_addf(out, " %s", cur);
}

/* A quantity or a rate: plain in English (1000, 7.5), else the language's way (1.000, 7,5). */
static void plain_number(struct strbuf *out, enum lang lg, const struct dec *v)
{
	if (lg == LANG_EN)
		dec_format_plain(out, v, 0);
	else
		lang_number(out, lg, v, 0);
}

static void date_cell(struct strbuf *out, enum lang lg, clerk_date d)
{
	if (d != DATE_NONE)
		lang_date(out, lg, d);
}

/* key's text for HTML (escaped), with args given escaped. */
static void words(struct strbuf *out, enum lang lg, enum lang_key k, const char *const *args, size_t n)
{
	lang_fill(out, lg, k, args, n, true);
}

/* key's text with one date argument. */
static void words_date(struct strbuf *out, enum lang lg, enum lang_key k, clerk_date d)
{
	struct strbuf a = STRBUF_INIT;
	date_cell(&a, lg, d);
	const char *args[] = { a.buf };
	words(out, lg, k, args, 1);
	strbuf_release(&a);
}

/* A table head: "<tr>", then each key in a <th> (class n from first_number on). */
static void head(struct strbuf *out, enum lang lg, const enum lang_key *keys, size_t n, size_t first_number)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(out, i >= first_number ? "<th class=\"n\">" : "<th>");
		words(out, lg, keys[i], NULL, 0);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr>\n");
}

static void text(struct strbuf *out, const char *s)
{
	if (s)
		html_escape(out, s);
}

static void party(struct strbuf *out, enum lang lg, const char *cls, const struct einvoice_party *p)
{
	strbuf_addf(out, "<div class=\"%s\">\n<p><strong>", cls);
	text(out, p->name);
	strbuf_addstr(out, "</strong>");
	const char *lines[] = { p->address.line1, p->address.line2, p->address.line3,
				p->address.country };
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		if (lines[i]) {
			strbuf_addstr(out, "<br>");
			text(out, lines[i]);
		}
	if (p->vat_id) {
		struct strbuf v = STRBUF_INIT;
		text(&v, p->vat_id);
		const char *args[] = { v.buf };
		strbuf_addstr(out, "<br>");
		words(out, lg, LK_VAT_ID, args, 1);
		strbuf_release(&v);
	}
	if (p->legal_id) {
		strbuf_addstr(out, "<br>");
		text(out, p->legal_id);
	}
	strbuf_addstr(out, "</p>\n</div>\n");
}

static void lines_table(struct strbuf *out, enum lang lg, const struct einvoice *inv)
{
	static const enum lang_key keys[] = { LK_COL_DESCRIPTION, LK_COL_QUANTITY, LK_COL_UNIT_PRICE,
					      LK_COL_VAT, LK_COL_NET };
	strbuf_addstr(out, "<table>\n<tr><th>#</th>");
	head(out, lg, keys, ARRAY_SIZE(keys), 1);
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		strbuf_addstr(out, "<tr><td>");
		text(out, l->id);
		strbuf_addstr(out, "</td><td>");
		text(out, l->name);
		strbuf_addstr(out, "</td><td class=\"n\">");
		plain_number(out, lg, &l->quantity);
		strbuf_addstr(out, "</td><td class=\"n\">");
		lang_number(out, lg, &l->net_price, 2);
		strbuf_addf(out, "</td><td class=\"n\">%s", l->category);
		if (l->rate.has) {
			strbuf_addch(out, ' ');
			plain_number(out, lg, &l->rate.v);
			strbuf_addstr(out, " %");
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, lg, &l->net_amount, inv->currency);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</table>\n");
}

static void vat_table(struct strbuf *out, enum lang lg, const struct einvoice *inv)
{
	static const enum lang_key keys[] = { LK_COL_VAT, LK_COL_RATE, LK_COL_TAXABLE, LK_COL_VAT };
	strbuf_addstr(out, "<table class=\"vat\">\n<tr>");
	head(out, lg, keys, ARRAY_SIZE(keys), 1);
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		strbuf_addf(out, "<tr><td>%s", x->category);
		if (x->exemption_reason) {
			strbuf_addstr(out, ": ");
			text(out, x->exemption_reason);
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		if (x->rate.has) {
			plain_number(out, lg, &x->rate.v);
			strbuf_addstr(out, " %");
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, lg, &x->taxable, inv->currency);
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, lg, &x->tax, inv->currency);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</table>\n<table class=\"totals\">\n<tr><td>");
	words(out, lg, LK_INV_TOTAL_NET, NULL, 0);
	strbuf_addstr(out, "</td><td class=\"n\">");
	money(out, lg, &inv->totals.without_vat.v, inv->currency);
	strbuf_addstr(out, "</td></tr>\n<tr><td>");
	words(out, lg, LK_INV_TOTAL_VAT, NULL, 0);
	strbuf_addstr(out, "</td><td class=\"n\">");
	money(out, lg, &inv->totals.vat.v, inv->currency);
	strbuf_addstr(out, "</td></tr>\n<tr class=\"total\"><td>");
	words(out, lg, LK_INV_TOTAL, NULL, 0);
	strbuf_addstr(out, "</td><td class=\"n\">");
	money(out, lg, &inv->totals.payable.v, inv->currency);
	strbuf_addstr(out, "</td></tr>\n</table>\n");
}

/*
 * The EPC069-12 payload of a EUR invoice into payload (*has set), or
 * nothing for another currency or a document without payment means.
 */
static int epc_payload(const struct einvoice *inv, struct strbuf *payload, bool *has)
{
	const struct einvoice_means *m = inv->means.n ? &inv->means.v[0] : NULL;
	*has = m && !strcmp(inv->currency, "EUR") && m->iban && m->account_name;
	if (!*has)
		return 0;
	return qr_epc_payload(payload, m->bic, m->account_name, m->iban, &inv->totals.payable.v,
			      m->remittance);
}

int invoice_html_check(const struct einvoice *inv)
{
	struct strbuf payload = STRBUF_INIT;
	bool has;
	int rc = epc_payload(inv, &payload, &has);
	strbuf_release(&payload);
	return rc;
}

/* How to pay: the amount, the due date, the bank details, the reference; the EPC QR code in EUR. */
static int payment(struct strbuf *out, enum lang lg, const struct einvoice *inv)
{
	const struct einvoice_means *m = inv->means.n ? &inv->means.v[0] : NULL;
	if (!m)
		return 0;
	struct strbuf amount = STRBUF_INIT, due = STRBUF_INIT;
	strbuf_addstr(&amount, "<strong>");
	money(&amount, lg, &inv->totals.payable.v, inv->currency);
	strbuf_addstr(&amount, "</strong>");
	strbuf_addstr(&due, "<strong>");
	date_cell(&due, lg, inv->due_date);
	strbuf_addstr(&due, "</strong>");
	const char *args[] = { amount.buf, due.buf };
	strbuf_addstr(out, "<div class=\"pay\">\n<p>");
	words(out, lg, inv->due_date != DATE_NONE ? LK_INV_PLEASE_PAY_BY : LK_PLEASE_PAY, args, 2);
	strbuf_addstr(out, "</p>\n<p>");
	text(out, m->account_name);
	strbuf_addstr(out, "<br>IBAN ");
	text(out, m->iban);
	if (m->bic) {
		strbuf_addstr(out, "<br>BIC ");
		text(out, m->bic);
	}
	if (m->remittance) {
		strbuf_reset(&amount);
		strbuf_addstr(&amount, "<strong>");
		text(&amount, m->remittance);
		strbuf_addstr(&amount, "</strong>");
		strbuf_addstr(out, "<br>");
		words(out, lg, LK_REFERENCE_QUOTE, args, 1);
	}
	strbuf_release(&amount);
	strbuf_release(&due);
	strbuf_addstr(out, "</p>\n");
	struct strbuf payload = STRBUF_INIT;
	bool has;
	int rc = epc_payload(inv, &payload, &has);
	if (!rc && has) {
		strbuf_addstr(out, "<figure class=\"qr\">");
		rc = qr_svg(out, payload.buf, 160, lang_text(lg, LK_SCAN_TO_PAY_TITLE));
		strbuf_addstr(out, "<figcaption>");
		words(out, lg, LK_SCAN_TO_PAY, NULL, 0);
		strbuf_addstr(out, "</figcaption></figure>\n");
	}
	strbuf_release(&payload);
	strbuf_addstr(out, "</div>\n");
	return rc;
}

static const char style[] =
	"<style>\n@page { size: A4; margin: 18mm; }\n"
	".parties { display: flex; justify-content: space-between; margin: 1em 0; }\n"
	"td.n, th.n { text-align: right; }\n table.vat, table.totals { margin-top: 1em; }\n"
	"tr.total td { font-weight: bold; border-top: 1px solid #000; }\n"
	".pay { margin-top: 1.5em; display: flex; justify-content: space-between; }\n"
	"figure.qr { margin: 0; text-align: center; }\n</style>\n";

/* The title, "Invoice NUMBER" or "Credit note NUMBER" in lg, plain (html false) or escaped. */
static void title_of(struct strbuf *out, enum lang lg, const struct einvoice *inv, bool html)
{
	struct strbuf n = STRBUF_INIT;
	if (html)
		html_escape(&n, inv->number);
	else
		strbuf_addstr(&n, inv->number);
	const char *args[] = { n.buf };
	bool credit = inv->syntax == EINVOICE_UBL_CREDIT_NOTE;
	lang_fill(out, lg, credit ? LK_KIND_CREDIT_NOTE : LK_KIND_INVOICE, args, 1, html);
	strbuf_release(&n);
}

/* The page's head: its language, the title, both parties, the dates. */
static void page_head(struct strbuf *out, enum lang lg, const struct einvoice *inv)
{
	bool credit = inv->syntax == EINVOICE_UBL_CREDIT_NOTE;
	struct strbuf title = STRBUF_INIT;
	title_of(&title, lg, inv, false);
	size_t start = out->len;
	html_begin(out, title.buf);
	/* html_begin() says English: the page's own language (two ASCII letters) */
	const char *en = strstr(out->buf + start, "<html lang=\"en\">");
	if (en && lg != LANG_EN)
		memcpy(out->buf + (en - out->buf) + 12, lang_code(lg), 2);
	strbuf_addstr(out, style);
	strbuf_addstr(out, "<div class=\"parties\">\n");
	party(out, lg, "seller", &inv->seller);
	party(out, lg, "buyer", &inv->buyer);
	strbuf_addstr(out, "</div>\n<h1>");
	title_of(out, lg, inv, true);
	strbuf_addstr(out, "</h1>\n<p>");
	words_date(out, lg, LK_INV_DATE, inv->issue_date);
	if (credit && inv->preceding.n) {
		struct strbuf num = STRBUF_INIT, date = STRBUF_INIT;
		text(&num, inv->preceding.v[0].number);
		date_cell(&date, lg, inv->preceding.v[0].date);
		const char *args[] = { num.buf, date.buf };
		strbuf_addstr(out, "<br>");
		words(out, lg, inv->preceding.v[0].date != DATE_NONE ? LK_INV_CREDITS : LK_INV_CREDITS_UNDATED,
		      args, 2);
		strbuf_release(&num);
		strbuf_release(&date);
	}
	if (inv->delivery_date != DATE_NONE) {
		strbuf_addstr(out, "<br>");
		words_date(out, lg, LK_INV_DELIVERED, inv->delivery_date);
	}
	strbuf_addstr(out, "</p>\n");
	strbuf_release(&title);
}

int invoice_html(const struct einvoice *inv, enum lang lg, struct strbuf *out)
{
	page_head(out, lg, inv);
	lines_table(out, lg, inv);
	vat_table(out, lg, inv);
	int rc = payment(out, lg, inv);
	if (inv->syntax == EINVOICE_UBL_CREDIT_NOTE) {
		strbuf_addstr(out, "<p>");
		words(out, lg, LK_INV_CREDITED, NULL, 0);
		strbuf_addstr(out, "</p>\n");
	}
	html_end(out);
	return rc;
}

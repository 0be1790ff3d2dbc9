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
#include "qr.h"

/* Appends v with the decimals it has, then the currency code. */
static void money(struct strbuf *out, const struct dec *v, const char *cur)
{
	dec_format(out, v, 2, '.', ',');
	strbuf_addf(out, " %s", cur);
}

static void date_cell(struct strbuf *out, clerk_date d)
{
	if (d != DATE_NONE)
		date_append(out, d);
}

static void text(struct strbuf *out, const char *s)
{
	if (s)
		html_escape(out, s);
}

static void party(struct strbuf *out, const char *cls, const struct einvoice_party *p)
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
		strbuf_addstr(out, "<br>VAT ID ");
		text(out, p->vat_id);
	}
	if (p->legal_id) {
		strbuf_addstr(out, "<br>");
		text(out, p->legal_id);
	}
	strbuf_addstr(out, "</p>\n</div>\n");
}

static void lines_table(struct strbuf *out, const struct einvoice *inv)
{
	strbuf_addstr(out, "<table>\n<tr><th>#</th><th>Description</th><th class=\"n\">Quantity</th>"
			   "<th class=\"n\">Unit price</th><th class=\"n\">VAT</th>"
			   "<th class=\"n\">Net</th></tr>\n");
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		strbuf_addstr(out, "<tr><td>");
		text(out, l->id);
		strbuf_addstr(out, "</td><td>");
		text(out, l->name);
		strbuf_addstr(out, "</td><td class=\"n\">");
		dec_format_plain(out, &l->quantity, 0);
		strbuf_addstr(out, "</td><td class=\"n\">");
		dec_format(out, &l->net_price, 2, '.', ',');
		strbuf_addf(out, "</td><td class=\"n\">%s", l->category);
		if (l->rate.has) {
			strbuf_addch(out, ' ');
			dec_format_plain(out, &l->rate.v, 0);
			strbuf_addstr(out, " %");
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, &l->net_amount, inv->currency);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</table>\n");
}

static void vat_table(struct strbuf *out, const struct einvoice *inv)
{
	strbuf_addstr(out, "<table class=\"vat\">\n<tr><th>VAT</th><th class=\"n\">Rate</th>"
			   "<th class=\"n\">Taxable</th><th class=\"n\">VAT</th></tr>\n");
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		strbuf_addf(out, "<tr><td>%s", x->category);
		if (x->exemption_reason) {
			strbuf_addstr(out, ": ");
			text(out, x->exemption_reason);
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		if (x->rate.has) {
			dec_format_plain(out, &x->rate.v, 0);
			strbuf_addstr(out, " %");
		}
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, &x->taxable, inv->currency);
		strbuf_addstr(out, "</td><td class=\"n\">");
		money(out, &x->tax, inv->currency);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</table>\n<table class=\"totals\">\n<tr><td>Total without VAT</td><td class=\"n\">");
	money(out, &inv->totals.without_vat.v, inv->currency);
	strbuf_addstr(out, "</td></tr>\n<tr><td>VAT</td><td class=\"n\">");
	money(out, &inv->totals.vat.v, inv->currency);
	strbuf_addstr(out, "</td></tr>\n<tr class=\"total\"><td>Total</td><td class=\"n\">");
	money(out, &inv->totals.payable.v, inv->currency);
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
static int payment(struct strbuf *out, const struct einvoice *inv)
{
	const struct einvoice_means *m = inv->means.n ? &inv->means.v[0] : NULL;
	if (!m)
		return 0;
	strbuf_addstr(out, "<div class=\"pay\">\n<p>Please pay <strong>");
	money(out, &inv->totals.payable.v, inv->currency);
	strbuf_addstr(out, "</strong>");
	if (inv->due_date != DATE_NONE) {
		strbuf_addstr(out, " by <strong>");
		date_cell(out, inv->due_date);
		strbuf_addstr(out, "</strong>");
	}
	strbuf_addstr(out, " to</p>\n<p>");
	text(out, m->account_name);
	strbuf_addstr(out, "<br>IBAN ");
	text(out, m->iban);
	if (m->bic) {
		strbuf_addstr(out, "<br>BIC ");
		text(out, m->bic);
	}
	if (m->remittance) {
		strbuf_addstr(out, "<br>Reference <strong>");
		text(out, m->remittance);
		strbuf_addstr(out, "</strong> (please quote it)");
	}
	strbuf_addstr(out, "</p>\n");
	struct strbuf payload = STRBUF_INIT;
	bool has;
	int rc = epc_payload(inv, &payload, &has);
	if (!rc && has) {
		strbuf_addstr(out, "<figure class=\"qr\">");
		rc = qr_svg(out, payload.buf, 160, "Scan to pay (EPC QR code)");
		strbuf_addstr(out, "<figcaption>Scan to pay</figcaption></figure>\n");
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

int invoice_html(const struct einvoice *inv, struct strbuf *out)
{
	bool credit = inv->syntax == EINVOICE_UBL_CREDIT_NOTE;
	const char *kind = credit ? "Credit note" : "Invoice";
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%s %s", kind, inv->number);
	html_begin(out, title.buf);
	strbuf_addstr(out, style);
	strbuf_addstr(out, "<div class=\"parties\">\n");
	party(out, "seller", &inv->seller);
	party(out, "buyer", &inv->buyer);
	strbuf_addstr(out, "</div>\n<h1>");
	html_escape(out, title.buf);
	strbuf_addstr(out, "</h1>\n<p>Date: ");
	date_cell(out, inv->issue_date);
	if (credit && inv->preceding.n) {
		strbuf_addstr(out, "<br>Credits invoice ");
		text(out, inv->preceding.v[0].number);
		if (inv->preceding.v[0].date != DATE_NONE) {
			strbuf_addstr(out, " of ");
			date_cell(out, inv->preceding.v[0].date);
		}
	}
	if (inv->delivery_date != DATE_NONE) {
		strbuf_addstr(out, "<br>Delivered: ");
		date_cell(out, inv->delivery_date);
	}
	strbuf_addstr(out, "</p>\n");
	lines_table(out, inv);
	vat_table(out, inv);
	int rc = payment(out, inv);
	if (credit)
		strbuf_addstr(out, "<p>The amount is credited to your account with us.</p>\n");
	html_end(out);
	strbuf_release(&title);
	return rc;
}

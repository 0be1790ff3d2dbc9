/*
 * einvoice_write.c - the EN 16931 model (einvoice.h) written as a UBL 2.1
 * Invoice or CreditNote following Peppol BIS Billing 3.0 (formats/invoice.md,
 * "The UBL file"). The elements come in the order the UBL XSDs require;
 * only what the model holds is written, nothing is computed here.
 */
#include "compat.h"
#include "einvoice.h"

#define NS_INVOICE "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_CREDIT_NOTE "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

/* The writer: the output and the indentation depth. */
struct w {
	struct strbuf *out;
	int depth;
	const struct einvoice *inv;
};

/* Appends s escaped for XML text (strbuf_addxml()). */
static void esc(struct strbuf *out, const char *s)
{
	strbuf_addxml(out, s);
}

static void indent(struct w *w)
{
	strbuf_addchars(w->out, '\t', (size_t)w->depth);
}

static void open_tag(struct w *w, const char *name)
{
	indent(w);
	strbuf_addf(w->out, "<%s>\n", name);
	w->depth++;
}

static void close_tag(struct w *w, const char *name)
{
	w->depth--;
	indent(w);
	strbuf_addf(w->out, "</%s>\n", name);
}

/* <name attr="aval">text</name>, attr NULL for none; nothing for a NULL text. */
static void leaf_attr(struct w *w, const char *name, const char *attr, const char *aval,
		      const char *text)
{
	if (!text)
		return;
	indent(w);
	strbuf_addf(w->out, "<%s", name);
	if (attr && aval) {
		strbuf_addf(w->out, " %s=\"", attr);
		esc(w->out, aval);
		strbuf_addch(w->out, '"');
	}
	strbuf_addch(w->out, '>');
	esc(w->out, text);
	strbuf_addf(w->out, "</%s>\n", name);
}

static void leaf(struct w *w, const char *name, const char *text)
{
	leaf_attr(w, name, NULL, NULL, text);
}

static void leaf_date(struct w *w, const char *name, clerk_date d)
{
	char buf[11];
	if (d == DATE_NONE)
		return;
	date_format(d, buf);
	leaf(w, name, buf);
}

/* An amount with its currencyID, the decimals it has (at least 2, or the model's scale). */
static void leaf_amount(struct w *w, const char *name, const struct dec *v)
{
	struct strbuf sb = STRBUF_INIT;
	dec_format_plain(&sb, v, v->scale);
	leaf_attr(w, name, "currencyID", w->inv->currency, sb.buf);
	strbuf_release(&sb);
}

/* A quantity or percentage: the digits it needs. */
static void leaf_number(struct w *w, const char *name, const char *attr, const char *aval,
			const struct dec *v)
{
	struct strbuf sb = STRBUF_INIT;
	dec_format_plain(&sb, v, 0);
	leaf_attr(w, name, attr, aval, sb.buf);
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ */
/* parts */

static void tax_category(struct w *w, const char *el, const char *cat,
			 const struct einvoice_amount *rate, const char *reason, const char *code)
{
	open_tag(w, el);
	leaf(w, "cbc:ID", cat);
	if (rate->has)
		leaf_number(w, "cbc:Percent", NULL, NULL, &rate->v);
	leaf(w, "cbc:TaxExemptionReasonCode", code);
	leaf(w, "cbc:TaxExemptionReason", reason);
	open_tag(w, "cac:TaxScheme");
	leaf(w, "cbc:ID", "VAT");
	close_tag(w, "cac:TaxScheme");
	close_tag(w, el);
}

static void address(struct w *w, const char *el, const struct einvoice_address *a)
{
	open_tag(w, el);
	leaf(w, "cbc:StreetName", a->line1);
	leaf(w, "cbc:AdditionalStreetName", a->line2);
	leaf(w, "cbc:CityName", a->city);
	leaf(w, "cbc:PostalZone", a->postcode);
	leaf(w, "cbc:CountrySubentity", a->subdivision);
	if (a->line3) {
		open_tag(w, "cac:AddressLine");
		leaf(w, "cbc:Line", a->line3);
		close_tag(w, "cac:AddressLine");
	}
	if (a->country) {
		open_tag(w, "cac:Country");
		leaf(w, "cbc:IdentificationCode", a->country);
		close_tag(w, "cac:Country");
	}
	close_tag(w, el);
}

static void party(struct w *w, const char *el, const struct einvoice_party *p)
{
	open_tag(w, el);
	open_tag(w, "cac:Party");
	leaf_attr(w, "cbc:EndpointID", "schemeID", p->endpoint_scheme, p->endpoint);
	if (p->name) {
		open_tag(w, "cac:PartyName");
		leaf(w, "cbc:Name", p->trading_name ? p->trading_name : p->name);
		close_tag(w, "cac:PartyName");
	}
	address(w, "cac:PostalAddress", &p->address);
	if (p->vat_id) {
		open_tag(w, "cac:PartyTaxScheme");
		leaf(w, "cbc:CompanyID", p->vat_id);
		open_tag(w, "cac:TaxScheme");
		leaf(w, "cbc:ID", "VAT");
		close_tag(w, "cac:TaxScheme");
		close_tag(w, "cac:PartyTaxScheme");
	}
	open_tag(w, "cac:PartyLegalEntity");
	leaf(w, "cbc:RegistrationName", p->name);
	leaf(w, "cbc:CompanyID", p->legal_id);
	close_tag(w, "cac:PartyLegalEntity");
	if (p->contact_name || p->contact_phone || p->contact_email) {
		open_tag(w, "cac:Contact");
		leaf(w, "cbc:Name", p->contact_name);
		leaf(w, "cbc:Telephone", p->contact_phone);
		leaf(w, "cbc:ElectronicMail", p->contact_email);
		close_tag(w, "cac:Contact");
	}
	close_tag(w, "cac:Party");
	close_tag(w, el);
}

/* BG-13 and BT-72: where and when the goods went. */
static void delivery(struct w *w)
{
	const struct einvoice *inv = w->inv;
	if (!inv->has_deliver_to && inv->delivery_date == DATE_NONE)
		return;
	open_tag(w, "cac:Delivery");
	leaf_date(w, "cbc:ActualDeliveryDate", inv->delivery_date);
	if (inv->has_deliver_to) {
		open_tag(w, "cac:DeliveryLocation");
		leaf(w, "cbc:ID", inv->deliver_to.id);
		address(w, "cac:Address", &inv->deliver_to.address);
		close_tag(w, "cac:DeliveryLocation");
		if (inv->deliver_to.name) {
			open_tag(w, "cac:DeliveryParty");
			open_tag(w, "cac:PartyName");
			leaf(w, "cbc:Name", inv->deliver_to.name);
			close_tag(w, "cac:PartyName");
			close_tag(w, "cac:DeliveryParty");
		}
	}
	close_tag(w, "cac:Delivery");
}

static void means(struct w *w, const struct einvoice_means *m)
{
	open_tag(w, "cac:PaymentMeans");
	leaf(w, "cbc:PaymentMeansCode", m->code);
	leaf(w, "cbc:PaymentID", m->remittance);
	if (m->iban) {
		open_tag(w, "cac:PayeeFinancialAccount");
		leaf(w, "cbc:ID", m->iban);
		leaf(w, "cbc:Name", m->account_name);
		if (m->bic) {
			open_tag(w, "cac:FinancialInstitutionBranch");
			leaf(w, "cbc:ID", m->bic);
			close_tag(w, "cac:FinancialInstitutionBranch");
		}
		close_tag(w, "cac:PayeeFinancialAccount");
	}
	close_tag(w, "cac:PaymentMeans");
}

static void tax_total(struct w *w)
{
	const struct einvoice *inv = w->inv;
	open_tag(w, "cac:TaxTotal");
	leaf_amount(w, "cbc:TaxAmount", &inv->totals.vat.v);
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		open_tag(w, "cac:TaxSubtotal");
		leaf_amount(w, "cbc:TaxableAmount", &x->taxable);
		leaf_amount(w, "cbc:TaxAmount", &x->tax);
		tax_category(w, "cac:TaxCategory", x->category, &x->rate, x->exemption_reason,
			     x->exemption_code);
		close_tag(w, "cac:TaxSubtotal");
	}
	close_tag(w, "cac:TaxTotal");
}

static void monetary_total(struct w *w)
{
	const struct einvoice_totals *t = &w->inv->totals;
	open_tag(w, "cac:LegalMonetaryTotal");
	leaf_amount(w, "cbc:LineExtensionAmount", &t->line_net.v);
	leaf_amount(w, "cbc:TaxExclusiveAmount", &t->without_vat.v);
	leaf_amount(w, "cbc:TaxInclusiveAmount", &t->with_vat.v);
	if (t->allowances.has)
		leaf_amount(w, "cbc:AllowanceTotalAmount", &t->allowances.v);
	if (t->charges.has)
		leaf_amount(w, "cbc:ChargeTotalAmount", &t->charges.v);
	if (t->prepaid.has)
		leaf_amount(w, "cbc:PrepaidAmount", &t->prepaid.v);
	if (t->rounding.has)
		leaf_amount(w, "cbc:PayableRoundingAmount", &t->rounding.v);
	leaf_amount(w, "cbc:PayableAmount", &t->payable.v);
	close_tag(w, "cac:LegalMonetaryTotal");
}

static void line(struct w *w, const struct einvoice_line *l, bool credit)
{
	const char *el = credit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
	open_tag(w, el);
	leaf(w, "cbc:ID", l->id);
	leaf(w, "cbc:Note", l->note);
	leaf_number(w, credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", "unitCode",
		    l->unit, &l->quantity);
	leaf_amount(w, "cbc:LineExtensionAmount", &l->net_amount);
	open_tag(w, "cac:Item");
	leaf(w, "cbc:Description", l->description);
	leaf(w, "cbc:Name", l->name);
	if (l->seller_item_id) {
		open_tag(w, "cac:SellersItemIdentification");
		leaf(w, "cbc:ID", l->seller_item_id);
		close_tag(w, "cac:SellersItemIdentification");
	}
	tax_category(w, "cac:ClassifiedTaxCategory", l->category, &l->rate, NULL, NULL);
	close_tag(w, "cac:Item");
	open_tag(w, "cac:Price");
	struct strbuf sb = STRBUF_INIT;
	dec_format_plain(&sb, &l->net_price, w->inv->totals.payable.v.scale);
	leaf_attr(w, "cbc:PriceAmount", "currencyID", w->inv->currency, sb.buf);
	strbuf_release(&sb);
	close_tag(w, "cac:Price");
	close_tag(w, el);
}

/* The header terms before the parties, in the XSD's order. */
static void header(struct w *w, bool credit)
{
	const struct einvoice *inv = w->inv;
	leaf(w, "cbc:CustomizationID", inv->customization);
	leaf(w, "cbc:ProfileID", inv->profile);
	leaf(w, "cbc:ID", inv->number);
	leaf_date(w, "cbc:IssueDate", inv->issue_date);
	if (!credit)
		leaf_date(w, "cbc:DueDate", inv->due_date);
	leaf(w, credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", inv->type_code);
	for (size_t i = 0; i < inv->notes.n; i++)
		leaf(w, "cbc:Note", inv->notes.v[i]);
	leaf(w, "cbc:DocumentCurrencyCode", inv->currency);
	leaf(w, "cbc:BuyerReference", inv->buyer_reference);
	if (inv->order) {
		open_tag(w, "cac:OrderReference");
		leaf(w, "cbc:ID", inv->order);
		close_tag(w, "cac:OrderReference");
	}
	for (size_t i = 0; i < inv->preceding.n; i++) {
		open_tag(w, "cac:BillingReference");
		open_tag(w, "cac:InvoiceDocumentReference");
		leaf(w, "cbc:ID", inv->preceding.v[i].number);
		leaf_date(w, "cbc:IssueDate", inv->preceding.v[i].date);
		close_tag(w, "cac:InvoiceDocumentReference");
		close_tag(w, "cac:BillingReference");
	}
}

void einvoice_write_ubl(const struct einvoice *inv, struct strbuf *out)
{
	bool credit = inv->syntax == EINVOICE_UBL_CREDIT_NOTE;
	const char *root = credit ? "CreditNote" : "Invoice";
	struct w w = { out, 1, inv };
	strbuf_addf(out,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<%s xmlns=\"%s\"\n\txmlns:cac=\"" NS_CAC "\"\n\txmlns:cbc=\"" NS_CBC "\">\n",
		    root, credit ? NS_CREDIT_NOTE : NS_INVOICE);
	header(&w, credit);
	party(&w, "cac:AccountingSupplierParty", &inv->seller);
	party(&w, "cac:AccountingCustomerParty", &inv->buyer);
	delivery(&w);
	for (size_t i = 0; i < inv->means.n; i++)
		means(&w, &inv->means.v[i]);
	if (inv->payment_terms) {
		open_tag(&w, "cac:PaymentTerms");
		leaf(&w, "cbc:Note", inv->payment_terms);
		close_tag(&w, "cac:PaymentTerms");
	}
	tax_total(&w);
	monetary_total(&w);
	for (size_t i = 0; i < inv->lines.n; i++)
		line(&w, &inv->lines.v[i], credit);
	strbuf_addf(out, "</%s>\n", root);
}

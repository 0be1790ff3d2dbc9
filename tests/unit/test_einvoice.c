/*
 * test_einvoice.c - the EN 16931 e-invoice model, its readers (UBL 2.1
 * Invoice and CreditNote, CII D16B), the sniffer, and einvoice_verify().
 *
 * Reader tests read Clerk's own samples (tests/einvoice/samples/, their
 * sums worked out in their comments), some of them changed by string
 * replacements, and check the model field by field. Rule tests change one
 * thing in a sample (or in a small model built in memory) and look for the
 * rule's error at its line, with the values in the message; each rule also
 * has a passing case (the samples themselves verify without a diagnostic).
 */
#include "helpers.h"

#include <sys/stat.h>

#include "einvoice.h"
#include "sha256.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR "."
#endif

#define UBL_NS "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define CAC_NS "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define CBC_NS "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

/* ------------------------------------------------------------------ */
/* helpers */

/* The text of a sample (caller frees). */
static char *sample(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/tests/einvoice/samples/%s", ABS_TOP_SRCDIR, name);
	char *text = read_file(path.buf);
	strbuf_release(&path);
	return text;
}

/* text with the first occurrence of from replaced by to (caller frees); fails when from is absent. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	cr_assert_not_null(at, "the sample has no \"%s\"", from);
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, at + strlen(from));
	return strbuf_detach(&sb, NULL);
}

/* Like replace(), freeing text. */
static char *edit(char *text, const char *from, const char *to)
{
	char *out = replace(text, from, to);
	free(text);
	return out;
}

/* text with every occurrence of from replaced by to (caller frees). */
static char *replace_all(const char *text, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(from);
	const char *p = text, *at;
	while ((at = strstr(p, from)) != NULL) {
		strbuf_add(&sb, p, (size_t)(at - p));
		strbuf_addstr(&sb, to);
		p = at + n;
	}
	strbuf_addstr(&sb, p);
	return strbuf_detach(&sb, NULL);
}

/* The 1-based line of the first occurrence of needle in text. */
static uint32_t line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	cr_assert_not_null(at, "no \"%s\" in the text", needle);
	uint32_t line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

/* Reads text as "t.xml"; fails the test when it does not read. */
static struct einvoice *read_ok(const char *text, struct diag *d)
{
	struct einvoice *inv = NULL;
	int rc = einvoice_read_memory(&inv, "t.xml", text, strlen(text), d, NULL);
	if (rc) {
		char *s = diag_to_str(d);
		cr_log_error("%s", s);
		free(s);
	}
	cr_assert_eq(rc, 0, "einvoice_read_memory returned %d", rc);
	cr_assert_not_null(inv);
	return inv;
}

/* Reads text, expecting CLERK_EPARSE and no model. */
static void read_fails(const char *text, struct diag *d)
{
	struct einvoice *inv = (struct einvoice *)1;
	int rc = einvoice_read_memory(&inv, "t.xml", text, strlen(text), d, NULL);
	cr_assert_eq(rc, CLERK_EPARSE, "einvoice_read_memory returned %d", rc);
	cr_assert_null(inv);
	cr_assert_gt(d->nerrors, 0);
}

/* Reads and verifies text; returns the number of errors (diagnostics in d). */
static size_t verify_text(const char *text, struct diag *d)
{
	struct einvoice *inv = read_ok(text, d);
	size_t n = einvoice_verify(inv, "t.xml", d);
	einvoice_free(inv);
	cr_assert_eq(n, d->nerrors, "einvoice_verify returned %zu with %zu errors in d", n,
		     d->nerrors);
	return n;
}

/* The diagnostic of level lv whose message starts with "RULE: ", or NULL. */
static const struct diag_item *find_rule(const struct diag *d, const char *rule,
					 enum diag_level lv)
{
	size_t n = strlen(rule);
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == lv && !strncmp(d->items[i].message, rule, n) &&
		    d->items[i].message[n] == ':')
			return &d->items[i];
	return NULL;
}

/* Asserts a diagnostic of level lv for rule at line ln (0: any) containing needle (NULL: any). */
static void check_rule(const struct diag *d, const char *rule, uint32_t ln, const char *needle,
		       enum diag_level lv)
{
	const struct diag_item *it = find_rule(d, rule, lv);
	for (size_t i = 0; needle && i < d->n; i++) /* the one with the needle, if several */
		if (d->items[i].level == lv && !strncmp(d->items[i].message, rule, strlen(rule)) &&
		    d->items[i].message[strlen(rule)] == ':' && strstr(d->items[i].message, needle)) {
			it = &d->items[i];
			break;
		}
	if (!it || (needle && !strstr(it->message, needle))) {
		char *s = diag_to_str(d);
		cr_log_error("diagnostics:\n%s", s);
		free(s);
	}
	cr_assert_not_null(it, "no %s %s", lv == DIAG_ERROR ? "error" : "warning", rule);
	if (needle)
		cr_assert(strstr(it->message, needle), "%s: \"%s\" lacks \"%s\"", rule, it->message,
			  needle);
	if (ln)
		cr_assert_eq(it->line, ln, "%s at line %u, expected %u", rule, (unsigned)it->line,
			     (unsigned)ln);
}

#define assert_rule(d, rule, ln, needle) check_rule((d), (rule), (ln), (needle), DIAG_ERROR)
#define assert_warning(d, rule, ln, needle) check_rule((d), (rule), (ln), (needle), DIAG_WARNING)

static void assert_no_rule(const struct diag *d, const char *rule)
{
	const struct diag_item *it = find_rule(d, rule, DIAG_ERROR);
	cr_assert_null(it, "unexpected %s: %s", rule, it ? it->message : "");
	it = find_rule(d, rule, DIAG_WARNING);
	cr_assert_null(it, "unexpected warning %s: %s", rule, it ? it->message : "");
}

/* Verifies a sample changed by one replacement; returns the errors (diagnostics in d). */
static size_t verify_edit(const char *name, const char *from, const char *to, struct diag *d,
			  uint32_t *line)
{
	char *text = sample(name), *t = replace(text, from, to);
	if (line)
		*line = line_of(t, to);
	size_t n = verify_text(t, d);
	free(text);
	free(t);
	return n;
}

static void assert_amount(const struct einvoice_amount *a, const char *want)
{
	cr_assert(a->has, "amount missing, expected %s", want);
	assert_dec(&a->v, want);
}

static void assert_date(clerk_date d, const char *want)
{
	char buf[11];
	cr_assert_neq(d, DATE_NONE, "date missing, expected %s", want);
	date_format(d, buf);
	cr_assert_str_eq(buf, want);
}

/* ------------------------------------------------------------------ */
/* a small model in memory: one line, one breakdown, sums that hold */

static void amt(struct einvoice_amount *a, const char *v)
{
	set_dec(&a->v, v);
	a->has = true;
}

/* net + tax, exactly as test literals */
static void add_literals(struct dec *out, const char *a, const char *b)
{
	struct dec x = DEC_INIT, y = DEC_INIT;
	set_dec(&x, a);
	set_dec(&y, b);
	dec_add(out, &x, &y);
	dec_clear(&x);
	dec_clear(&y);
}

/*
 * A Peppol invoice with one line of category cat at rate (NULL: none),
 * net amount net and VAT tax, whose sums hold; seller and buyer have VAT ids.
 */
static struct einvoice *model(const char *cat, const char *rate, const char *net, const char *tax)
{
	struct einvoice *inv = einvoice_new();
	inv->syntax = EINVOICE_UBL_INVOICE;
	inv->customization = einvoice_strdup(
		inv, "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
	inv->number = einvoice_strdup(inv, "M-1");
	inv->issue_date = date_from_ymd(2026, 11, 1);
	inv->due_date = date_from_ymd(2026, 12, 1);
	inv->type_code = einvoice_strdup(inv, "380");
	memcpy(inv->currency, "EUR", 4);
	inv->seller.name = einvoice_strdup(inv, "Seller GmbH");
	inv->seller.vat_id = einvoice_strdup(inv, "DE123456789");
	inv->seller.address.country = einvoice_strdup(inv, "DE");
	inv->buyer.name = einvoice_strdup(inv, "Buyer AG");
	inv->buyer.vat_id = einvoice_strdup(inv, "DE987654321");
	inv->buyer.address.country = einvoice_strdup(inv, "DE");

	struct einvoice_line *l = VEC_GROW(&inv->lines);
	l->id = einvoice_strdup(inv, "1");
	l->name = einvoice_strdup(inv, "Item");
	l->unit = einvoice_strdup(inv, "C62");
	l->period_start = l->period_end = DATE_NONE;
	set_dec(&l->quantity, "1");
	l->has_quantity = true;
	set_dec(&l->net_price, net[0] == '-' ? net + 1 : net);
	if (net[0] == '-')
		set_dec(&l->quantity, "-1");
	l->has_net_price = true;
	set_dec(&l->net_amount, net);
	l->has_net_amount = true;
	snprintf(l->category, sizeof(l->category), "%s", cat);
	if (rate)
		amt(&l->rate, rate);

	struct einvoice_vat *x = VEC_GROW(&inv->vat);
	snprintf(x->category, sizeof(x->category), "%s", cat);
	if (rate)
		amt(&x->rate, rate);
	set_dec(&x->taxable, net);
	set_dec(&x->tax, tax);
	x->has_taxable = x->has_tax = true;

	struct einvoice_totals *t = &inv->totals;
	amt(&t->line_net, net);
	amt(&t->without_vat, net);
	amt(&t->vat, tax);
	add_literals(&t->with_vat.v, net, tax);
	t->with_vat.has = true;
	dec_set(&t->payable.v, &t->with_vat.v);
	t->payable.has = true;
	return inv;
}

/* Verifies inv (then frees it); returns the errors. */
static size_t verify_model(struct einvoice *inv, struct diag *d)
{
	size_t n = einvoice_verify(inv, "m.xml", d);
	einvoice_free(inv);
	cr_assert_eq(n, d->nerrors);
	return n;
}

/* ------------------------------------------------------------------ */
/* reading UBL */

Test(einvoice_read, ubl_invoice)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	struct einvoice *inv = read_ok(text, &d);

	assert_no_diag(&d);
	cr_assert_eq(inv->syntax, EINVOICE_UBL_INVOICE);
	cr_assert_str_eq(einvoice_syntax_name(inv->syntax), "UBL Invoice");
	cr_assert_str_eq(inv->customization,
			 "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
	cr_assert_str_eq(inv->number, "RE-2026-0815");
	assert_date(inv->issue_date, "2026-11-04");
	assert_date(inv->due_date, "2026-12-04");
	assert_date(inv->delivery_date, "2026-11-02");
	cr_assert_str_eq(inv->type_code, "380");
	cr_assert_str_eq(inv->currency, "EUR");
	cr_assert_str_eq(inv->tax_currency, "");
	cr_assert_str_eq(inv->buyer_reference, "Einkauf 12");
	cr_assert_str_eq(inv->order, "PO-4711");
	cr_assert_eq(inv->notes.n, 1);
	cr_assert_str_eq(inv->notes.v[0], "Lieferung gemäß Bestellung PO-4711");
	/* free text keeps its line break; names are collapsed */
	cr_assert_str_eq(inv->payment_terms, "Zahlbar innerhalb von 30 Tagen netto.\n"
					     "Bei Zahlung bis 2026-11-14 2 % Skonto.");
	/* an element's line is where its start tag ends (libxml2's) */
	cr_assert_eq(inv->line, line_of(text, "xmlns:cbc="));

	cr_assert_str_eq(inv->seller.name, "Nordlicht Bürobedarf GmbH");
	cr_assert_str_eq(inv->seller.trading_name, "Nordlicht Bürobedarf");
	cr_assert_str_eq(inv->seller.vat_id, "DE123456789");
	cr_assert_str_eq(inv->seller.legal_id, "HRB 98765");
	cr_assert_str_eq(inv->seller.endpoint, "DE123456789");
	cr_assert_str_eq(inv->seller.endpoint_scheme, "9930");
	cr_assert_str_eq(inv->seller.address.line1, "Lindenstraße 12");
	cr_assert_str_eq(inv->seller.address.city, "Berlin");
	cr_assert_str_eq(inv->seller.address.postcode, "10969");
	cr_assert_str_eq(inv->seller.address.country, "DE");
	cr_assert_str_eq(inv->seller.contact_email, "rechnung@nordlicht.example");
	cr_assert_str_eq(inv->buyer.name, "Hanse Handel AG");
	cr_assert_str_eq(inv->buyer.vat_id, "DE987654321");
	cr_assert_not(inv->has_payee);
	cr_assert_not(inv->has_tax_rep);

	cr_assert_eq(inv->means.n, 1);
	cr_assert_str_eq(inv->means.v[0].code, "58");
	cr_assert_str_eq(inv->means.v[0].text, "SEPA credit transfer");
	cr_assert_str_eq(inv->means.v[0].iban, "DE89370400440532013000");
	cr_assert_str_eq(inv->means.v[0].bic, "COBADEFFXXX");
	cr_assert_str_eq(inv->means.v[0].remittance, "RE-2026-0815");
	cr_assert_str_eq(inv->means.v[0].account_name, "Nordlicht Bürobedarf GmbH");

	cr_assert_eq(inv->allowances.n, 2);
	const struct einvoice_allowance *a = &inv->allowances.v[0];
	cr_assert_not(a->charge);
	assert_dec(&a->amount, "6.37");
	assert_amount(&a->base, "318.73");
	assert_amount(&a->percent, "2");
	cr_assert_str_eq(a->category, "S");
	assert_amount(&a->rate, "19");
	cr_assert_str_eq(a->reason, "Treuerabatt");
	cr_assert_str_eq(a->reason_code, "95");
	cr_assert(inv->allowances.v[1].charge);
	assert_dec(&inv->allowances.v[1].amount, "5.90");

	cr_assert_eq(inv->vat.n, 2);
	cr_assert_str_eq(inv->vat.v[0].category, "S");
	assert_amount(&inv->vat.v[0].rate, "19");
	assert_dec(&inv->vat.v[0].taxable, "318.26");
	assert_dec(&inv->vat.v[0].tax, "60.47");
	assert_amount(&inv->vat.v[1].rate, "7");

	cr_assert_eq(inv->lines.n, 4);
	const struct einvoice_line *l = &inv->lines.v[0];
	cr_assert_str_eq(l->id, "1");
	assert_dec(&l->quantity, "10");
	cr_assert_str_eq(l->unit, "C62");
	assert_dec(&l->net_amount, "45.00");
	assert_dec(&l->net_price, "4.50");
	assert_amount(&l->price_discount, "0.50");
	assert_amount(&l->gross_price, "5.00");
	cr_assert_str_eq(l->name, "Kopierpapier A4, 500 Blatt");
	cr_assert_str_eq(l->seller_item_id, "KP-A4-500");
	cr_assert_str_eq(l->order_line, "1");
	cr_assert_str_eq(l->category, "S");
	assert_amount(&l->rate, "19");
	cr_assert_eq(l->net_amount_line, line_of(text, ">45.00<"));
	cr_assert_eq(inv->lines.v[1].allowances.n, 1);
	assert_amount(&inv->lines.v[1].allowances.v[0].percent, "10");
	assert_dec(&inv->lines.v[1].allowances.v[0].amount, "26.97");
	cr_assert(inv->lines.v[2].allowances.v[0].charge);
	assert_amount(&inv->lines.v[3].base_quantity, "100");
	cr_assert_str_eq(inv->lines.v[3].base_unit, "C62");

	const struct einvoice_totals *t = &inv->totals;
	assert_amount(&t->line_net, "400.83");
	assert_amount(&t->allowances, "6.37");
	assert_amount(&t->charges, "5.90");
	assert_amount(&t->without_vat, "400.36");
	assert_amount(&t->vat, "66.22");
	cr_assert_not(t->vat_tax_currency.has);
	assert_amount(&t->with_vat, "466.58");
	assert_amount(&t->prepaid, "100.00");
	cr_assert_not(t->rounding.has);
	assert_amount(&t->payable, "366.58");
	cr_assert_eq(t->payable.line, line_of(text, "<cbc:PayableAmount"));
	cr_assert_str_eq(inv->other_currency.element, "");
	cr_assert_not(einvoice_is_credit(inv));

	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	assert_no_diag(&d);
	einvoice_free(inv);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, ubl_credit_note)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-creditnote.xml");
	struct einvoice *inv = read_ok(text, &d);

	cr_assert_eq(inv->syntax, EINVOICE_UBL_CREDIT_NOTE);
	cr_assert_str_eq(einvoice_syntax_name(inv->syntax), "UBL CreditNote");
	cr_assert_str_eq(inv->type_code, "381");
	cr_assert_str_eq(inv->currency, "SEK");
	cr_assert_str_eq(inv->tax_currency, "EUR");
	assert_amount(&inv->totals.vat, "812.32");
	assert_amount(&inv->totals.vat_tax_currency, "70.64");
	assert_amount(&inv->totals.rounding, "0.18");
	assert_amount(&inv->totals.payable, "4251.00");
	assert_date(inv->due_date, "2026-12-15"); /* PaymentMeans/PaymentDueDate */
	cr_assert_eq(inv->preceding.n, 1);
	cr_assert_str_eq(inv->preceding.v[0].number, "F-2026-1001");
	assert_date(inv->preceding.v[0].date, "2026-10-20");
	cr_assert_str_eq(inv->seller.vat_id, "SE556677889901");
	cr_assert_str_eq(inv->seller.tax_id, "Godkänd för F-skatt"); /* a TaxScheme that is not VAT */
	cr_assert_str_eq(inv->seller.legal_id, "5566778899");
	cr_assert_str_eq(inv->seller.legal_id_scheme, "0007");
	cr_assert_eq(inv->lines.n, 3);
	assert_dec(&inv->lines.v[0].quantity, "2"); /* CreditedQuantity */
	cr_assert_str_eq(inv->means.v[0].bic, "SE:BANKGIRO");
	cr_assert(einvoice_is_credit(inv));
	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	assert_no_diag(&d);
	einvoice_free(inv);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, ubl_payee_delivery_intra_community)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-intra-community.xml");
	struct einvoice *inv = read_ok(text, &d);

	cr_assert(inv->has_payee);
	cr_assert_str_eq(inv->payee.name, "Factor Finance SA");
	cr_assert_str_eq(inv->payee.id, "FACTOR-77");
	cr_assert_str_eq(inv->payee.legal_id, "987654321");
	cr_assert(inv->has_deliver_to);
	cr_assert_str_eq(inv->deliver_to.name, "Hanse Handel AG, Lager Süd");
	cr_assert_str_eq(inv->deliver_to.address.country, "DE");
	cr_assert_str_eq(inv->deliver_to.address.postcode, "21107");
	assert_date(inv->delivery_date, "2026-11-05");
	cr_assert_str_eq(inv->vat.v[0].category, "K");
	cr_assert_str_eq(inv->vat.v[0].exemption_code, "VATEX-EU-IC");
	cr_assert_str_eq(inv->vat.v[0].exemption_reason, "Livraison intracommunautaire");
	cr_assert_str_eq(inv->lines.v[0].origin_country, "FR");
	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	assert_no_diag(&d);
	einvoice_free(inv);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* reading CII */

Test(einvoice_read, cii_invoice)
{
	struct diag d = DIAG_INIT;
	char *text = sample("cii-invoice.xml");
	struct einvoice *inv = read_ok(text, &d);

	cr_assert_eq(inv->syntax, EINVOICE_CII);
	cr_assert_str_eq(einvoice_syntax_name(inv->syntax), "CII");
	cr_assert_str_eq(inv->customization,
			 "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
	cr_assert_str_eq(inv->profile, "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
	cr_assert_str_eq(inv->number, "2026-3141");
	assert_date(inv->issue_date, "2026-11-05");
	assert_date(inv->due_date, "2026-12-05");
	assert_date(inv->delivery_date, "2026-10-31");
	assert_date(inv->period_start, "2026-10-01");
	assert_date(inv->period_end, "2026-10-31");
	cr_assert_str_eq(inv->buyer_reference, "04011000-12345-34");
	cr_assert_str_eq(inv->order, "PO-4720");
	cr_assert_eq(inv->notes.n, 2);
	cr_assert_str_eq(inv->notes.v[0], "Beratung und Schulung im Oktober 2026");
	cr_assert_str_eq(inv->notes.v[1], "#REG#Akademie Weiß GmbH, Amtsgericht Köln HRB 4242");
	cr_assert_str_eq(inv->payment_terms, "Zahlbar bis 05.12.2026 ohne Abzug.");

	cr_assert_str_eq(inv->seller.name, "Akademie Weiß GmbH");
	cr_assert_str_eq(inv->seller.vat_id, "DE111222333");  /* schemeID VA */
	cr_assert_str_eq(inv->seller.tax_id, "214/5678/0123"); /* schemeID FC */
	cr_assert_str_eq(inv->seller.legal_id, "HRB 4242");
	cr_assert_str_eq(inv->seller.endpoint, "rechnung@akademie-weiss.example");
	cr_assert_str_eq(inv->seller.endpoint_scheme, "EM");
	cr_assert_str_eq(inv->seller.contact_name, "Jan Weiß");
	cr_assert_str_eq(inv->seller.contact_phone, "+49 221 998877");
	cr_assert_str_eq(inv->seller.address.line1, "Domkloster 1");
	cr_assert_str_eq(inv->seller.address.country, "DE");
	cr_assert_str_eq(inv->buyer.name, "Hanse Handel AG");
	cr_assert_str_eq(inv->buyer.vat_id, "DE987654321");

	cr_assert_eq(inv->means.n, 1);
	cr_assert_str_eq(inv->means.v[0].code, "58");
	cr_assert_str_eq(inv->means.v[0].iban, "DE02120300000000202051");
	cr_assert_str_eq(inv->means.v[0].bic, "BYLADEM1001");
	cr_assert_str_eq(inv->means.v[0].remittance, "2026-3141"); /* PaymentReference */

	cr_assert_eq(inv->vat.n, 2);
	cr_assert_str_eq(inv->vat.v[1].category, "E");
	cr_assert_str_eq(inv->vat.v[1].exemption_code, "VATEX-EU-132-1I");
	cr_assert_str_eq(inv->vat.v[1].exemption_reason, "Steuerfrei nach § 4 Nr. 21 UStG");
	assert_dec(&inv->vat.v[0].tax, "181.17");
	cr_assert_eq(inv->allowances.n, 1);
	cr_assert_str_eq(inv->allowances.v[0].category, "S");
	assert_amount(&inv->allowances.v[0].rate, "19");

	cr_assert_eq(inv->lines.n, 3);
	cr_assert_str_eq(inv->lines.v[0].unit, "HUR");
	assert_date(inv->lines.v[0].period_start, "2026-10-01");
	cr_assert_eq(inv->lines.v[1].allowances.n, 1);
	assert_amount(&inv->lines.v[1].allowances.v[0].percent, "5");
	assert_amount(&inv->lines.v[1].allowances.v[0].base, "1350.00");
	cr_assert_str_eq(inv->lines.v[1].category, "E");
	assert_amount(&inv->lines.v[2].base_quantity, "100");

	const struct einvoice_totals *t = &inv->totals;
	assert_amount(&t->line_net, "2286.00");
	assert_amount(&t->allowances, "50.00");
	cr_assert_not(t->charges.has);
	assert_amount(&t->without_vat, "2236.00");
	assert_amount(&t->vat, "181.17");
	assert_amount(&t->with_vat, "2417.17");
	assert_amount(&t->payable, "2417.17");
	cr_assert_eq(t->with_vat.line, line_of(text, "<ram:GrandTotalAmount>"));
	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	assert_no_diag(&d);
	einvoice_free(inv);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, cii_direct_debit_reverse_charge)
{
	struct diag d = DIAG_INIT;
	char *text = sample("cii-reverse-charge.xml");
	struct einvoice *inv = read_ok(text, &d);

	cr_assert_eq(inv->means.n, 1);
	const struct einvoice_means *m = &inv->means.v[0];
	cr_assert_str_eq(m->code, "59");
	cr_assert_str_eq(m->mandate, "MANDAAT-0042");
	cr_assert_str_eq(m->creditor_id, "NL98ZZZ999999990000");
	cr_assert_str_eq(m->debited_iban, "DE75512108001245126199");
	cr_assert_null(m->iban);
	cr_assert_str_eq(inv->vat.v[0].category, "AE");
	cr_assert_str_eq(inv->vat.v[0].exemption_code, "VATEX-EU-AE");
	cr_assert_str_eq(inv->seller.legal_id_scheme, "0106");
	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	assert_no_diag(&d);
	einvoice_free(inv);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* The same document with other prefixes (and the default namespace moved) reads the same. */
Test(einvoice_read, prefixes_do_not_matter)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	char *a = replace_all(text, "cbc:", "b:");
	char *b = replace_all(a, "xmlns:cbc=", "xmlns:b=");
	char *c = replace_all(b, "cac:", "");
	char *e = replace(c, "xmlns:cac=\"" CAC_NS "\"", "xmlns:inv=\"" UBL_NS "\"");
	/* aggregates in the default namespace now, the root with a prefix */
	char *f = replace(e, "<Invoice xmlns=\"" UBL_NS "\"", "<inv:Invoice xmlns=\"" CAC_NS "\"");
	char *g = replace(f, "</Invoice>", "</inv:Invoice>");
	struct einvoice *inv = read_ok(g, &d);
	cr_assert_eq(inv->syntax, EINVOICE_UBL_INVOICE);
	cr_assert_eq(inv->lines.n, 4);
	cr_assert_str_eq(inv->seller.vat_id, "DE123456789");
	assert_amount(&inv->totals.payable, "366.58");
	cr_assert_eq(einvoice_verify(inv, "t.xml", &d), 0);
	einvoice_free(inv);
	free(text), free(a), free(b), free(c), free(e), free(f), free(g);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* An element of the right name in another namespace is not the business term. */
Test(einvoice_read, other_namespace_ignored)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:ID>RE-2026-0815</cbc:ID>",
			  "<x:ID xmlns:x=\"urn:example:other\">FAKE</x:ID><cbc:ID>RE-2026-0815</cbc:ID>");
	struct einvoice *inv = read_ok(t, &d);
	cr_assert_str_eq(inv->number, "RE-2026-0815");
	einvoice_free(inv);
	free(text);
	free(t);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* malformed values */

Test(einvoice_read, bad_amounts)
{
	static const char *const bad[] = { "12,50", "1E3", "1.2.3", "+-5", "", ".", "0x10", "12 50" };
	char *text = sample("ubl-invoice.xml");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct diag d = DIAG_INIT;
		struct strbuf to = STRBUF_INIT;
		strbuf_addf(&to, "<cbc:PayableAmount currencyID=\"EUR\">%s</cbc:PayableAmount>", bad[i]);
		char *t = replace(text, "<cbc:PayableAmount currencyID=\"EUR\">366.58</cbc:PayableAmount>",
				  to.buf);
		read_fails(t, &d);
		const struct diag_item *it = diag_find(&d, "'cbc:PayableAmount' (BT-115)");
		cr_assert_not_null(it, "no error naming the element for '%s'", bad[i]);
		cr_assert_eq(it->line, line_of(t, "<cbc:PayableAmount"));
		free(t);
		strbuf_release(&to);
		diag_release(&d);
	}
	free(text);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, good_decimal_forms)
{
	static const char *const good[][2] = { { "+366.58", "366.58" }, { "0366.58", "366.58" },
					      { "366.580", "366.580" }, { ".5", "0.5" },
					      { "  366.58\n", "366.58" } };
	char *text = sample("ubl-invoice.xml");
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct diag d = DIAG_INIT;
		struct strbuf to = STRBUF_INIT;
		strbuf_addf(&to, "<cbc:PayableAmount currencyID=\"EUR\">%s</cbc:PayableAmount>",
			    good[i][0]);
		char *t = replace(text, "<cbc:PayableAmount currencyID=\"EUR\">366.58</cbc:PayableAmount>",
				  to.buf);
		struct einvoice *inv = read_ok(t, &d);
		assert_amount(&inv->totals.payable, good[i][1]);
		einvoice_free(inv);
		free(t);
		strbuf_release(&to);
		diag_release(&d);
	}
	free(text);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, bad_dates)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:IssueDate>2026-11-04</cbc:IssueDate>",
			  "<cbc:IssueDate>2026-02-30</cbc:IssueDate>");
	read_fails(t, &d);
	assert_diag_at(&d, "bad date '2026-02-30' in 'cbc:IssueDate' (BT-2): expected YYYY-MM-DD",
		       line_of(t, "2026-02-30"), 0);
	free(t);
	free(text);
	diag_release(&d);

	/* CII: only format 102, YYYYMMDD */
	text = sample("cii-invoice.xml");
	t = replace(text, "<udt:DateTimeString format=\"102\">20261105</udt:DateTimeString>",
		    "<udt:DateTimeString format=\"610\">202611</udt:DateTimeString>");
	read_fails(t, &d);
	assert_diag_at(&d, "has format '610': only format 102 (YYYYMMDD) is read",
		       line_of(t, "format=\"610\""), 0);
	free(t);
	diag_release(&d);
	t = replace(text, "<udt:DateTimeString format=\"102\">20261105</udt:DateTimeString>",
		    "<udt:DateTimeString format=\"102\">2026-11-05</udt:DateTimeString>");
	read_fails(t, &d);
	assert_diag_at(&d, "bad date '2026-11-05' in 'udt:DateTimeString': expected YYYYMMDD",
		       line_of(t, "2026-11-05"), 0);
	free(t);
	diag_release(&d);
	t = replace(text, "<udt:DateTimeString format=\"102\">20261105</udt:DateTimeString>",
		    "<udt:DateTimeString>20261105</udt:DateTimeString>");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "has format '(none)'"));
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, bad_codes)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:DocumentCurrencyCode>EUR", "<cbc:DocumentCurrencyCode>EUX");
	read_fails(t, &d);
	assert_diag_at(&d, "unknown currency 'EUX' in 'cbc:DocumentCurrencyCode' (BT-5)",
		       line_of(t, "EUX"), 0);
	free(t);
	diag_release(&d);
	t = replace(text, "<cbc:ID>S</cbc:ID>", "<cbc:ID>STAN</cbc:ID>");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "bad VAT category code 'STAN'"));
	free(t);
	diag_release(&d);
	t = replace(text, "<cbc:ChargeIndicator>false</cbc:ChargeIndicator>",
		    "<cbc:ChargeIndicator>no</cbc:ChargeIndicator>");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "bad indicator 'no'"));
	free(t);
	diag_release(&d);
	/* an allowance without ChargeIndicator is neither */
	t = replace(text, "<cbc:ChargeIndicator>true</cbc:ChargeIndicator>", "");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "allowance or charge without ChargeIndicator"));
	free(t);
	diag_release(&d);
	/* a charge on the price */
	t = replace(text, "<cbc:ChargeIndicator>false</cbc:ChargeIndicator>\n        <cbc:Amount currencyID=\"EUR\">0.50",
		    "<cbc:ChargeIndicator>true</cbc:ChargeIndicator>\n        <cbc:Amount currencyID=\"EUR\">0.50");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "a charge on the item price"));
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, repeated_total_and_wrong_line_kind)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:PayableAmount currencyID=\"EUR\">366.58</cbc:PayableAmount>",
			  "<cbc:PayableAmount currencyID=\"EUR\">366.58</cbc:PayableAmount>\n"
			  "<cbc:PayableAmount currencyID=\"EUR\">1.00</cbc:PayableAmount>");
	read_fails(t, &d);
	assert_diag_at(&d, "'cbc:PayableAmount' (BT-115) given twice", line_of(t, ">1.00<"), 0);
	free(t);
	free(text);
	diag_release(&d);

	/* a CreditNote with InvoiceLine, an Invoice with CreditNoteTypeCode */
	text = sample("ubl-creditnote.xml");
	t = replace_all(text, "cac:CreditNoteLine>", "cac:InvoiceLine>");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "'InvoiceLine' in a UBL CreditNote (expected 'CreditNoteLine')"));
	free(t);
	free(text);
	diag_release(&d);
	text = sample("ubl-invoice.xml");
	t = replace_all(text, "cbc:InvoiceTypeCode>", "cbc:CreditNoteTypeCode>");
	read_fails(t, &d);
	cr_assert_not_null(diag_find(&d, "'CreditNoteTypeCode' in a UBL Invoice"));
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* An amount in another currency than BT-5 (BT-111 aside) is kept for the verifier. */
Test(einvoice_verify, other_currency)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	size_t n = verify_edit("ubl-invoice.xml", "<cbc:Amount currencyID=\"EUR\">5.90",
			       "<cbc:Amount currencyID=\"USD\">5.90", &d, &line);
	cr_assert_eq(n, 1);
	assert_rule(&d, "PEPPOL-EN16931-R051", line, "('cbc:Amount') is in USD, but the invoice "
						    "currency (BT-5) is EUR");
	diag_release(&d);
	/* BT-111 in the tax currency is fine (the credit note sample), in a third one not */
	n = verify_edit("ubl-creditnote.xml", "<cbc:TaxAmount currencyID=\"EUR\">70.64",
			"<cbc:TaxAmount currencyID=\"NOK\">70.64", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R051", line, "is in NOK");
	assert_rule(&d, "BR-53", 0, "the VAT accounting currency (BT-6) is EUR");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* not an e-invoice */

Test(einvoice_read, not_an_einvoice)
{
	struct diag d = DIAG_INIT;
	read_fails("<?xml version=\"1.0\"?>\n<Document "
		   "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>",
		   &d);
	assert_diag_at(&d, "not an EN 16931 invoice (root element Document in namespace "
			   "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02)", 2, 0);
	diag_release(&d);
	read_fails("<Invoice/>", &d);
	cr_assert_not_null(diag_find(&d, "(root element Invoice in no namespace)"));
	diag_release(&d);
	/* the UBL name in the CII namespace */
	read_fails("<Invoice xmlns=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>", &d);
	cr_assert_not_null(diag_find(&d, "not an EN 16931 invoice"));
	diag_release(&d);
	read_fails("", &d);
	cr_assert_not_null(diag_find(&d, "empty file"));
	diag_release(&d);
	read_fails("Rechnung 4711: 100 EUR", &d);
	cr_assert_not_null(diag_find(&d, "not an XML document"));
	diag_release(&d);
	read_fails("<Invoice xmlns=\"" UBL_NS "\"><cbc:ID xmlns:cbc=\"" CBC_NS "\">1</cbc:ID>", &d);
	cr_assert_not_null(diag_find(&d, "not well-formed XML"));
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_read, pdf_refused)
{
	struct diag d = DIAG_INIT;
	static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
	struct einvoice *inv = NULL;
	int rc = einvoice_read_memory(&inv, "bill.pdf", pdf, sizeof(pdf) - 1, &d, NULL);
	cr_assert_eq(rc, CLERK_EPARSE);
	cr_assert_null(inv);
	cr_assert_eq(d.n, 1);
	cr_assert(strstr(d.items[0].message, "a PDF, not an XML e-invoice"));
	cr_assert(strstr(d.items[0].message, "factur-x.xml"));
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* hostile XML */

#define UBL_HEAD "<Invoice xmlns=\"" UBL_NS "\" xmlns:cbc=\"" CBC_NS "\">"

Test(einvoice_hostile, billion_laughs)
{
	struct diag d = DIAG_INIT;
	read_fails("<?xml version=\"1.0\"?>\n"
		   "<!DOCTYPE Invoice [\n"
		   " <!ENTITY lol \"lol\">\n"
		   " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		   " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		   " <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		   "]>\n" UBL_HEAD "<cbc:Note>&lol9;</cbc:Note></Invoice>",
		   &d);
	assert_diag_at(&d, "document type declaration (<!DOCTYPE ...>) refused", 2, 0);
	cr_assert_eq(d.n, 1, "only the refusal");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_hostile, external_entities_and_dtds)
{
	static const char *const docs[] = {
		/* an external entity reading a local file */
		"<!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" UBL_HEAD
		"<cbc:Note>&x;</cbc:Note></Invoice>",
		/* an external DTD over the network */
		"<!DOCTYPE Invoice SYSTEM \"http://127.0.0.1:9/evil.dtd\">" UBL_HEAD "</Invoice>",
		/* a parameter entity */
		"<!DOCTYPE Invoice [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>" UBL_HEAD
		"</Invoice>",
		/* a DOCTYPE after a comment and a processing instruction */
		"<?xml version=\"1.0\"?><!-- c --><?pi x?>\n\n<!DOCTYPE Invoice>" UBL_HEAD "</Invoice>",
	};
	for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
		struct diag d = DIAG_INIT;
		read_fails(docs[i], &d);
		cr_assert_not_null(diag_find(&d, "document type declaration"), "document %zu", i);
		diag_release(&d);
	}
	ASSERT_NO_LEAKS();
}

/* An entity reference without a declaration is not well-formed; XInclude is not processed. */
Test(einvoice_hostile, undeclared_entity_and_xinclude)
{
	struct diag d = DIAG_INIT;
	read_fails(UBL_HEAD "<cbc:Note>&x;</cbc:Note></Invoice>", &d);
	cr_assert_not_null(diag_find(&d, "not well-formed XML"));
	diag_release(&d);
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:Note>Lieferung gemäß Bestellung PO-4711</cbc:Note>",
			  "<cbc:Note><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
			  "href=\"file:///etc/passwd\" parse=\"text\"/></cbc:Note>");
	struct einvoice *inv = read_ok(t, &d);
	cr_assert_eq(inv->notes.n, 0, "the include was not expanded into the note");
	einvoice_free(inv);
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* The DOCTYPE backstop: UTF-16 input is not scanned byte by byte, libxml2's node is refused. */
Test(einvoice_hostile, utf16_doctype)
{
	const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE Invoice [<!ENTITY a "
			  "\"aaaaaaaa\">]><Invoice xmlns=\"" UBL_NS "\"/>";
	size_t n = strlen(doc);
	char *u16 = xmalloc(2 * n + 2);
	u16[0] = (char)0xFF, u16[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++)
		u16[2 + 2 * i] = doc[i], u16[3 + 2 * i] = 0;
	struct diag d = DIAG_INIT;
	struct einvoice *inv = NULL;
	int rc = einvoice_read_memory(&inv, "t.xml", u16, 2 * n + 2, &d, NULL);
	cr_assert_eq(rc, CLERK_EPARSE);
	cr_assert_null(inv);
	cr_assert_not_null(diag_find(&d, "document type declaration"));
	free(u16);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_hostile, deep_nesting)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, UBL_HEAD);
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "<a>");
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "</a>");
	strbuf_addstr(&sb, "</Invoice>");
	struct diag d = DIAG_INIT;
	read_fails(sb.buf, &d);
	cr_assert_not_null(diag_find(&d, "nesting too deep (more than 64 levels"));
	strbuf_release(&sb);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* A kept text value is bounded; text the reader ignores (an attachment) is not kept at all. */
Test(einvoice_hostile, huge_text)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, UBL_HEAD "<cbc:Note>");
	strbuf_addchars(&sb, 'x', EINVOICE_MAX_TEXT + 1);
	strbuf_addstr(&sb, "</cbc:Note></Invoice>");
	struct diag d = DIAG_INIT;
	read_fails(sb.buf, &d);
	cr_assert_not_null(diag_find(&d, "text too long in 'cbc:Note' (BT-22)"));
	diag_release(&d);

	/* a 4 MB attachment is read past, not kept */
	char *text = sample("ubl-invoice.xml");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "<cac:AdditionalDocumentReference><cbc:ID>Rechnung.pdf</cbc:ID>"
			   "<cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" "
			   "filename=\"Rechnung.pdf\">");
	strbuf_addchars(&sb, 'Q', 4u << 20);
	strbuf_addstr(&sb, "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>"
			   "</cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>");
	char *t = replace(text, "<cac:AccountingSupplierParty>", sb.buf);
	struct einvoice *inv = read_ok(t, &d);
	cr_assert_eq(inv->documents.n, 1);
	cr_assert_str_eq(inv->documents.v[0].id, "Rechnung.pdf");
	cr_assert_str_eq(inv->documents.v[0].mime_code, "application/pdf");
	cr_assert_str_eq(inv->documents.v[0].filename, "Rechnung.pdf");
	einvoice_free(inv);
	free(t);
	free(text);
	strbuf_release(&sb);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* What a document keeps is bounded: many notes of 60 KB each pass the limit. */
Test(einvoice_hostile, kept_bytes_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	size_t notes = EINVOICE_MAX_KEPT / 60000 + 2;
	strbuf_addstr(&sb, UBL_HEAD);
	for (size_t i = 0; i < notes; i++) {
		strbuf_addstr(&sb, "<cbc:Note>");
		strbuf_addchars(&sb, 'n', 60000);
		strbuf_addstr(&sb, "</cbc:Note>\n");
	}
	strbuf_addstr(&sb, "</Invoice>");
	struct diag d = DIAG_INIT;
	read_fails(sb.buf, &d);
	cr_assert_not_null(diag_find(&d, "document too large (more than 32 MiB"));
	strbuf_release(&sb);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* files */

Test(einvoice_read, file_digest_and_errors, TMPDIR_FIXTURE)
{
	char *text = sample("cii-invoice.xml"), hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	write_file("bill.xml", text);
	char *path = tpath("bill.xml");
	struct diag d = DIAG_INIT;
	struct einvoice *inv = NULL;
	cr_assert_eq(einvoice_read_file(&inv, path, "bill.xml", &d, hex), 0);
	sha256_hex(text, strlen(text), want);
	cr_assert_str_eq(hex, want);
	cr_assert_str_eq(inv->number, "2026-3141");
	einvoice_free(inv);

	/* the same through an open descriptor, and from memory */
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(einvoice_read_fd(&inv, fd, "bill.xml", &d, hex), 0);
	close(fd);
	cr_assert_str_eq(hex, want);
	einvoice_free(inv);
	cr_assert_eq(einvoice_read_memory(&inv, "bill.xml", text, strlen(text), &d, hex), 0);
	cr_assert_str_eq(hex, want);
	einvoice_free(inv);

	/* a refused file still has its whole digest */
	write_file("bad.xml", "<Document xmlns=\"urn:x\"/>\n<!-- more -->\n");
	char *bad = tpath("bad.xml");
	cr_assert_eq(einvoice_read_file(&inv, bad, NULL, &d, hex), CLERK_EPARSE);
	sha256_hex("<Document xmlns=\"urn:x\"/>\n<!-- more -->\n", 40, want);
	cr_assert_str_eq(hex, want);
	cr_assert_not_null(diag_find(&d, "not an EN 16931 invoice"));
	cr_assert_str_eq(d.items[0].file, bad, "the path names it when no name is given");
	diag_release(&d);

	char *missing = tpath("missing.xml");
	cr_assert_eq(einvoice_read_file(&inv, missing, "missing.xml", &d, NULL), CLERK_ENOTFOUND);
	cr_assert_null(inv);
	cr_assert_eq(einvoice_read_file(&inv, tdir, "dir", &d, NULL), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "a folder"));
	char *fifo = tpath("fifo.xml");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(einvoice_read_file(&inv, fifo, "fifo.xml", &d, NULL), CLERK_EIO,
		     "a FIFO is refused, never waited on");
	cr_assert_eq(d.n, 0);
	free(fifo);
	free(missing);
	free(bad);
	free(path);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* sniffing */

Test(einvoice_sniff, roots)
{
	static const struct {
		const char *head;
		enum einvoice_syntax want;
	} cases[] = {
		{ "<Invoice xmlns=\"" UBL_NS "\">", EINVOICE_UBL_INVOICE },
		{ "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a comment with <Invoice> -->\n"
		  "<?stylesheet x?>\n  <ubl:Invoice xmlns:cbc='x' xmlns:ubl='" UBL_NS "'>",
		  EINVOICE_UBL_INVOICE },
		{ "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"",
		  EINVOICE_UBL_CREDIT_NOTE },
		{ "<?xml version='1.0'?><rsm:CrossIndustryInvoice xmlns:ram=\"r\"\n"
		  "  xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">",
		  EINVOICE_CII },
		/* the name without its namespace, or in another */
		{ "<Invoice>", EINVOICE_NONE },
		{ "<Invoice xmlns:x=\"" UBL_NS "\">", EINVOICE_NONE },
		{ "<x:Invoice xmlns=\"" UBL_NS "\">", EINVOICE_NONE },
		{ "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\">",
		  EINVOICE_NONE },
		{ "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">", EINVOICE_NONE },
		{ "%PDF-1.7", EINVOICE_NONE },
		{ "", EINVOICE_NONE },
		{ "<?xml version=\"1.0\"?>", EINVOICE_NONE },
		{ "<!-- unterminated", EINVOICE_NONE },
		{ "<Invoice xmlns=\"" UBL_NS, EINVOICE_NONE }, /* cut short */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		cr_assert_eq(einvoice_sniff(cases[i].head, strlen(cases[i].head)), cases[i].want,
			     "case %zu", i);
	ASSERT_NO_LEAKS();
}

Test(einvoice_sniff, utf16_and_samples)
{
	const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Invoice xmlns=\"" UBL_NS "\"/>";
	size_t n = strlen(doc);
	char le[512], be[512];
	le[0] = (char)0xFF, le[1] = (char)0xFE, be[0] = (char)0xFE, be[1] = (char)0xFF;
	for (size_t i = 0; i < n; i++) {
		le[2 + 2 * i] = doc[i], le[3 + 2 * i] = 0;
		be[2 + 2 * i] = 0, be[3 + 2 * i] = doc[i];
	}
	cr_assert_eq(einvoice_sniff(le, 2 * n + 2), EINVOICE_UBL_INVOICE);
	cr_assert_eq(einvoice_sniff(be, 2 * n + 2), EINVOICE_UBL_INVOICE);
	cr_assert_eq(einvoice_sniff(le + 2, 2 * n), EINVOICE_UBL_INVOICE, "no BOM");

	static const struct {
		const char *name;
		enum einvoice_syntax want;
	} samples[] = { { "ubl-invoice.xml", EINVOICE_UBL_INVOICE },
			{ "ubl-creditnote.xml", EINVOICE_UBL_CREDIT_NOTE },
			{ "cii-invoice.xml", EINVOICE_CII } };
	for (size_t i = 0; i < ARRAY_SIZE(samples); i++) {
		char *text = sample(samples[i].name);
		size_t len = strlen(text);
		cr_assert_eq(einvoice_sniff(text, len < 4096 ? len : 4096), samples[i].want, "%s",
			     samples[i].name);
		free(text);
	}
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* credit */

Test(einvoice_model, is_credit)
{
	struct einvoice *inv = model("S", "19", "100.00", "19.00");
	cr_assert_not(einvoice_is_credit(inv));
	inv->type_code = "381";
	cr_assert(einvoice_is_credit(inv));
	inv->type_code = "396";
	cr_assert(einvoice_is_credit(inv));
	inv->type_code = "380";
	set_dec(&inv->totals.with_vat.v, "-119.00"); /* a negative invoice */
	cr_assert(einvoice_is_credit(inv));
	inv->type_code = "381";
	cr_assert_not(einvoice_is_credit(inv), "a credit note of a negative total debits");
	inv->type_code = "380";
	set_dec(&inv->totals.with_vat.v, "119.00");
	set_dec(&inv->totals.payable.v, "-81.00"); /* prepaid 200.00: still a bill */
	cr_assert_not(einvoice_is_credit(inv));
	inv->totals.with_vat.has = false;
	cr_assert(einvoice_is_credit(inv), "without BT-112 the sign of BT-115 decides");
	einvoice_free(inv);
	einvoice_free(NULL);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* document totals */

Test(einvoice_verify, br_co_10_to_16)
{
	struct diag d = DIAG_INIT;
	uint32_t line;

	verify_edit("ubl-invoice.xml", "<cbc:LineExtensionAmount currencyID=\"EUR\">400.83",
		    "<cbc:LineExtensionAmount currencyID=\"EUR\">400.84", &d, &line);
	assert_rule(&d, "BR-CO-10", line, "is 400.84, but the 4 line net amounts (BT-131) add "
					  "up to 400.83");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:AllowanceTotalAmount currencyID=\"EUR\">6.37",
		    "<cbc:AllowanceTotalAmount currencyID=\"EUR\">6.38", &d, &line);
	assert_rule(&d, "BR-CO-11", line, "the sum of allowances (BT-107) is 6.38, but the "
					  "document level allowances (BT-92) add up to 6.37");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:ChargeTotalAmount currencyID=\"EUR\">5.90",
		    "<cbc:ChargeTotalAmount currencyID=\"EUR\">6.90", &d, &line);
	assert_rule(&d, "BR-CO-12", line, "is 6.90, but the document level charges (BT-99) add "
					  "up to 5.90");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:TaxExclusiveAmount currencyID=\"EUR\">400.36",
		    "<cbc:TaxExclusiveAmount currencyID=\"EUR\">400.35", &d, &line);
	assert_rule(&d, "BR-CO-13", line, "the total without VAT (BT-109) is 400.35, but line net "
					  "amounts (BT-106) 400.83 - allowances (BT-107) 6.37 + "
					  "charges (BT-108) 5.90 = 400.36");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:TaxAmount currencyID=\"EUR\">66.22",
		    "<cbc:TaxAmount currencyID=\"EUR\">66.23", &d, &line);
	assert_rule(&d, "BR-CO-14", line, "the VAT total (BT-110) is 66.23, but the VAT "
					  "breakdown's amounts (BT-117) add up to 66.22");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:TaxInclusiveAmount currencyID=\"EUR\">466.58",
		    "<cbc:TaxInclusiveAmount currencyID=\"EUR\">466.59", &d, &line);
	assert_rule(&d, "BR-CO-15", line, "the total with VAT (BT-112) is 466.59, but total "
					  "without VAT (BT-109) 400.36 + VAT (BT-110) 66.22 = 466.58");
	diag_release(&d);
	cr_assert_eq(verify_edit("ubl-invoice.xml", "<cbc:PayableAmount currencyID=\"EUR\">366.58",
				 "<cbc:PayableAmount currencyID=\"EUR\">366.57", &d, &line), 1);
	assert_rule(&d, "BR-CO-16", line, "the amount due (BT-115) is 366.57, but total with VAT "
					  "(BT-112) 466.58 - paid (BT-113) 100.00 + rounding "
					  "(BT-114) 0 = 366.58");
	diag_release(&d);
	/* BR-CO-16 with a rounding amount (the credit note: 4250.82 + 0.18) */
	verify_edit("ubl-creditnote.xml", "<cbc:PayableRoundingAmount currencyID=\"SEK\">0.18",
		    "<cbc:PayableRoundingAmount currencyID=\"SEK\">0.17", &d, &line);
	assert_rule(&d, "BR-CO-16", 0, "+ rounding (BT-114) 0.17 = 4250.99");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, br_co_17_rounding)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* 953.50 x 19% = 181.165: half away from zero is 181.17 (the sample); 181.16 is wrong */
	char *text = sample("cii-invoice.xml");
	char *t = replace_all(text, "181.17", "181.16");
	t = edit(t, "<ram:GrandTotalAmount>2417.17", "<ram:GrandTotalAmount>2417.16");
	t = edit(t, "<ram:DuePayableAmount>2417.17", "<ram:DuePayableAmount>2417.16");
	cr_assert_eq(verify_text(t, &d), 1);
	assert_rule(&d, "BR-CO-17", line_of(t, "<ram:ApplicableTradeTax>\n        <ram:CalculatedAmount>"),
		    "the VAT amount (BT-117) of VAT category S at 19% is 181.16, but taxable amount "
		    "(BT-116) 953.50 x rate (BT-119) 19 / 100 = 181.17");
	free(t);
	free(text);
	diag_release(&d);
	/* negative: -953.50 x 19% = -181.165 -> -181.17 */
	struct einvoice *inv = model("S", "19", "-953.50", "-181.17");
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("S", "19", "-953.50", "-181.16");
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "BR-CO-17", 0, "= -181.17");
	diag_release(&d);
	(void)line;
	ASSERT_NO_LEAKS();
}

/* HUF (and currencies without minor units) may round VAT and line nets to whole units. */
Test(einvoice_verify, whole_units)
{
	struct diag d = DIAG_INIT;
	struct einvoice *inv = model("S", "27", "69180.00", "18679.00");
	memcpy(inv->currency, "HUF", 4);
	cr_assert_eq(verify_model(inv, &d), 0, "18678.60 in whole forints");
	inv = model("S", "27", "69180.00", "18678.60");
	memcpy(inv->currency, "HUF", 4);
	cr_assert_eq(verify_model(inv, &d), 0, "or to 2 decimals");
	inv = model("S", "27", "69180.00", "18680.00");
	memcpy(inv->currency, "HUF", 4);
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "BR-CO-17", 0, NULL);
	diag_release(&d);
	inv = model("S", "27", "69180.00", "18679.00");
	cr_assert_eq(verify_model(inv, &d), 1, "not in EUR");
	diag_release(&d);
	inv = model("S", "10", "1234", "123");
	memcpy(inv->currency, "JPY", 4);
	cr_assert_eq(verify_model(inv, &d), 0, "JPY has no minor unit: 123.4 -> 123");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, br_co_18_and_mandatory_terms)
{
	struct diag d = DIAG_INIT;
	struct einvoice *inv = model("S", "19", "100.00", "19.00");
	struct einvoice_vat *x = &inv->vat.v[0];
	dec_clear(&x->rate.v);
	dec_clear(&x->taxable);
	dec_clear(&x->tax);
	inv->vat.n = 0;
	inv->number = NULL;
	inv->issue_date = DATE_NONE;
	inv->type_code = NULL;
	inv->seller.name = NULL;
	inv->buyer.address.country = NULL;
	inv->buyer.address.city = "Hamburg";
	inv->seller.vat_id = NULL;
	inv->customization = NULL;
	verify_model(inv, &d);
	assert_rule(&d, "BR-CO-18", 0, "no VAT breakdown (BG-23)");
	assert_rule(&d, "BR-01", 0, "specification identifier (BT-24)");
	assert_rule(&d, "BR-02", 0, "invoice number (BT-1)");
	assert_rule(&d, "BR-03", 0, "issue date (BT-2)");
	assert_rule(&d, "BR-04", 0, "type code (BT-3)");
	assert_rule(&d, "BR-06", 0, "seller's name (BT-27)");
	assert_rule(&d, "BR-11", 0, "has no country code (BT-55)");
	assert_rule(&d, "BR-CO-26", 0, NULL);
	assert_rule(&d, "BR-S-01", 0, "the VAT breakdown (BG-23) has no S at 19%");
	assert_rule(&d, "BR-S-02", 0, "needs the seller's VAT identifier");
	diag_release(&d);

	inv = model("S", "19", "100.00", "19.00");
	inv->currency[0] = '\0';
	inv->buyer.name = NULL;
	inv->seller.address.country = NULL;
	inv->totals.line_net.has = inv->totals.without_vat.has = false;
	inv->totals.with_vat.has = inv->totals.payable.has = false;
	verify_model(inv, &d);
	assert_rule(&d, "BR-05", 0, NULL);
	assert_rule(&d, "BR-07", 0, NULL);
	assert_rule(&d, "BR-08", 0, "the seller's postal address (BG-5) is missing");
	assert_rule(&d, "BR-12", 0, NULL);
	assert_rule(&d, "BR-13", 0, NULL);
	assert_rule(&d, "BR-14", 0, NULL);
	assert_rule(&d, "BR-15", 0, NULL);
	diag_release(&d);

	inv = model("S", "19", "100.00", "19.00");
	struct einvoice_line *l = &inv->lines.v[0];
	l->id = NULL;
	l->unit = NULL;
	l->name = NULL;
	l->has_net_price = false;
	verify_model(inv, &d);
	assert_rule(&d, "BR-21", 0, NULL);
	assert_rule(&d, "BR-23", 0, "no unit of measure (BT-130)");
	assert_rule(&d, "BR-25", 0, NULL);
	assert_rule(&d, "BR-26", 0, NULL);
	diag_release(&d);

	inv = model("S", "19", "100.00", "19.00");
	inv->lines.v[0].has_quantity = false;
	inv->lines.v[0].has_net_amount = false;
	inv->lines.v[0].category[0] = '\0';
	verify_model(inv, &d);
	assert_rule(&d, "BR-22", 0, NULL);
	assert_rule(&d, "BR-24", 0, NULL);
	assert_rule(&d, "BR-CO-04", 0, NULL);
	diag_release(&d);

	inv = model("S", "19", "100.00", "19.00");
	for (size_t i = 0; i < inv->lines.n; i++) {
		dec_clear(&inv->lines.v[i].quantity);
		dec_clear(&inv->lines.v[i].net_amount);
		dec_clear(&inv->lines.v[i].net_price);
		dec_clear(&inv->lines.v[i].rate.v);
	}
	inv->lines.n = 0;
	verify_model(inv, &d);
	assert_rule(&d, "BR-16", 0, "no line (BG-25)");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, due_date_or_terms)
{
	struct diag d = DIAG_INIT;
	struct einvoice *inv = model("S", "19", "100.00", "19.00");
	inv->due_date = DATE_NONE;
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "BR-CO-25", 0, "the amount due (BT-115) is 119.00, but there is neither a "
				       "due date (BT-9) nor payment terms (BT-20)");
	diag_release(&d);
	inv = model("S", "19", "100.00", "19.00");
	inv->due_date = DATE_NONE;
	inv->payment_terms = "30 days net";
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("S", "19", "100.00", "19.00");
	inv->due_date = DATE_NONE;
	inv->type_code = "381";
	cr_assert_eq(verify_model(inv, &d), 0, "a credit note's amount is owed to the buyer");
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* VAT breakdown and categories */

Test(einvoice_verify, standard_rated)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* BR-S-08: the taxable amount is the lines' less allowances plus charges of that rate */
	char *text = sample("ubl-invoice.xml");
	char *t = replace(text, "<cbc:TaxableAmount currencyID=\"EUR\">82.10",
			  "<cbc:TaxableAmount currencyID=\"EUR\">82.20");
	verify_text(t, &d);
	assert_rule(&d, "BR-S-08", line_of(t, "82.20") - 1,
		    "the taxable amount (BT-116) of VAT category S at 7% is 82.20, but its lines "
		    "(BT-131) 82.10 - allowances (BT-92) 0 + charges (BT-99) 0 = 82.10");
	assert_no_rule(&d, "BR-CO-17"); /* 82.20 x 7% = 5.754: still 5.75 */
	free(t);
	diag_release(&d);
	/* the 19% breakdown counts the 19% allowance and charge, not the 7% line */
	t = replace(text, "<cbc:TaxableAmount currencyID=\"EUR\">318.26",
		    "<cbc:TaxableAmount currencyID=\"EUR\">318.25");
	verify_text(t, &d);
	assert_rule(&d, "BR-S-08", 0, "its lines (BT-131) 318.73 - allowances (BT-92) 6.37 + "
				      "charges (BT-99) 5.90 = 318.26");
	free(t);
	free(text);
	diag_release(&d);

	/* BR-S-05: a standard rated line has a rate above 0; BR-S-01: a breakdown for its rate */
	struct einvoice *inv = model("S", "19", "100.00", "19.00");
	set_dec(&inv->lines.v[0].rate.v, "0");
	verify_model(inv, &d);
	assert_rule(&d, "BR-S-05", 0, "invoice line '1' is of VAT category S (standard rated): its "
				      "rate (BT-151/BT-152) must be above 0, not 0");
	assert_rule(&d, "BR-S-01", 0, "has no S at 0%");
	diag_release(&d);
	/* BR-S-10: no exemption reason */
	inv = model("S", "19", "100.00", "19.00");
	inv->vat.v[0].exemption_reason = "Exempt";
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "BR-S-10", 0, "must not have an exemption reason");
	diag_release(&d);
	/* two breakdowns of the same rate */
	inv = model("S", "19", "100.00", "19.00");
	struct einvoice_vat *x = VEC_GROW(&inv->vat);
	memcpy(x->category, "S", sizeof("S"));
	amt(&x->rate, "19.00");
	x->has_taxable = x->has_tax = true;
	verify_model(inv, &d);
	assert_rule(&d, "BR-S-01", 0, "a second VAT breakdown of category S at 19.00%");
	diag_release(&d);
	(void)line;
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, zero_rated_and_exempt)
{
	struct diag d = DIAG_INIT;
	struct einvoice *inv = model("Z", "0", "100.00", "0.00");
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("Z", "0", "100.00", "1.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-Z-09", 0, "the VAT amount (BT-117) of VAT category Z at 0% (zero "
				      "rated) is 1.00: it must be 0");
	diag_release(&d);
	inv = model("Z", "7", "100.00", "0.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-Z-05", 0, "must be 0, not 7");
	diag_release(&d);

	/* E needs an exemption reason or code (BR-E-10) */
	inv = model("E", "0", "100.00", "0.00");
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "BR-E-10", 0, "the VAT breakdown of category E (exempt from VAT) has no "
				      "exemption reason (BT-120) nor exemption reason code (BT-121)");
	diag_release(&d);
	inv = model("E", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_code = "VATEX-EU-132";
	cr_assert_eq(verify_model(inv, &d), 0);
	/* BR-E-08: exempt taxable amount; BR-E-01: exactly one E breakdown */
	inv = model("E", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_code = "VATEX-EU-132";
	set_dec(&inv->vat.v[0].taxable, "90.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-E-08", 0, "is 90.00, but its lines (BT-131) 100.00");
	diag_release(&d);
	inv = model("E", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_code = "VATEX-EU-132";
	struct einvoice_vat *x = VEC_GROW(&inv->vat);
	memcpy(x->category, "E", sizeof("E"));
	amt(&x->rate, "0");
	x->exemption_code = "VATEX-EU-132";
	x->has_taxable = x->has_tax = true;
	verify_model(inv, &d);
	assert_rule(&d, "BR-E-01", 0, "there is exactly one per category");
	diag_release(&d);
	/* the E breakdown of the CII sample, its reason removed */
	char *text = sample("cii-invoice.xml");
	char *t = replace(text, "<ram:ExemptionReason>Steuerfrei nach § 4 Nr. 21 UStG</ram:ExemptionReason>", "");
	t = edit(t, "<ram:ExemptionReasonCode>VATEX-EU-132-1I</ram:ExemptionReasonCode>", "");
	cr_assert_eq(verify_text(t, &d), 1);
	assert_rule(&d, "BR-E-10", line_of(t, "<ram:CalculatedAmount>0.00") - 1, NULL);
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, reverse_charge)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* the buyer's VAT id is required (BR-AE-02, and -04 for the charge) */
	char *text = sample("cii-reverse-charge.xml");
	char *t = replace(text, "<ram:ID schemeID=\"VA\">DE987654321</ram:ID>",
			  "<ram:ID schemeID=\"FC\">DE987654321</ram:ID>");
	cr_assert_eq(verify_text(t, &d), 2);
	assert_rule(&d, "BR-AE-02", line_of(t, "<ram:IncludedSupplyChainTradeLineItem>"),
		    "invoice line '1' is reverse charged (category AE)");
	assert_rule(&d, "BR-AE-04", 0, "a document level charge is reverse charged");
	free(t);
	diag_release(&d);
	/* reason (BR-AE-10), zero VAT (BR-AE-09), taxable amount with the charge (BR-AE-08) */
	t = replace(text, "<ram:ExemptionReason>Reverse charge</ram:ExemptionReason>", "");
	t = edit(t, "<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>", "");
	verify_text(t, &d);
	assert_rule(&d, "BR-AE-10", 0, NULL);
	free(t);
	diag_release(&d);
	verify_edit("cii-reverse-charge.xml", "<ram:BasisAmount>3980.00", "<ram:BasisAmount>3800.00",
		    &d, &line);
	assert_rule(&d, "BR-AE-08", line - 4, "is 3800.00, but its lines (BT-131) 3800.00 - "
					      "allowances (BT-92) 0 + charges (BT-99) 180.00 = 3980.00");
	diag_release(&d);
	struct einvoice *inv = model("AE", "0", "100.00", "19.00");
	inv->vat.v[0].exemption_reason = "Reverse charge";
	inv->totals.vat.has = true;
	verify_model(inv, &d);
	assert_rule(&d, "BR-AE-09", 0, "it must be 0");
	diag_release(&d);
	free(text);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, intra_community)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* BR-IC-02..04: the buyer's VAT id (its legal id will not do, unlike AE) */
	char *text = sample("ubl-intra-community.xml");
	char *t = replace(text, "<cbc:CompanyID>DE987654321</cbc:CompanyID>", "<cbc:CompanyID>DE987654321</cbc:CompanyID>");
	free(t);
	t = replace(text, "      <cac:PartyTaxScheme>\n        <cbc:CompanyID>DE987654321</cbc:CompanyID>\n"
			  "        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n        </cac:TaxScheme>\n"
			  "      </cac:PartyTaxScheme>\n", "");
	verify_text(t, &d);
	assert_rule(&d, "BR-IC-02", 0, "invoice line '1' is an intra-community supply (category K)");
	assert_rule(&d, "BR-IC-04", 0, NULL);
	free(t);
	diag_release(&d);
	/* BR-IC-11 delivery date or period, BR-IC-12 deliver-to country */
	t = replace(text, "<cbc:ActualDeliveryDate>2026-11-05</cbc:ActualDeliveryDate>", "");
	t = edit(t, "<cbc:IdentificationCode>DE</cbc:IdentificationCode>\n        </cac:Country>\n      </cac:Address>",
		 "</cac:Country>\n      </cac:Address>");
	verify_text(t, &d);
	assert_rule(&d, "BR-IC-11", 0, "neither an actual delivery date (BT-72) nor an invoicing "
				       "period (BG-14)");
	assert_rule(&d, "BR-IC-12", 0, "no deliver-to country code (BT-80)");
	free(t);
	diag_release(&d);
	/* BR-IC-10: an exemption reason */
	t = replace(text, "<cbc:TaxExemptionReasonCode>VATEX-EU-IC</cbc:TaxExemptionReasonCode>", "");
	t = edit(t, "<cbc:TaxExemptionReason>Livraison intracommunautaire</cbc:TaxExemptionReason>", "");
	cr_assert_eq(verify_text(t, &d), 1);
	assert_rule(&d, "BR-IC-10", 0, "category K (intra-community supply)");
	free(t);
	diag_release(&d);
	/* BR-IC-08 */
	verify_edit("ubl-intra-community.xml", "<cbc:TaxableAmount currencyID=\"EUR\">1199.00",
		    "<cbc:TaxableAmount currencyID=\"EUR\">1114.00", &d, &line);
	assert_rule(&d, "BR-IC-08", line - 1, "+ charges (BT-99) 85.00 = 1199.00");
	diag_release(&d);
	free(text);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, export_outside_scope_and_others)
{
	struct diag d = DIAG_INIT;
	/* G: the seller's VAT id (a tax registration id will not do) */
	struct einvoice *inv = model("G", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_code = "VATEX-EU-G";
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("G", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_code = "VATEX-EU-G";
	inv->seller.vat_id = NULL;
	inv->seller.tax_id = "12/345/67890";
	verify_model(inv, &d);
	assert_rule(&d, "BR-G-02", 0, "is an export (category G)");
	diag_release(&d);
	inv = model("G", "0", "100.00", "0.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-G-10", 0, NULL);
	diag_release(&d);

	/* O: no rate, no VAT ids, no other category (BR-O-02, -05, -11, -12) */
	inv = model("O", NULL, "100.00", "0.00");
	inv->vat.v[0].exemption_reason = "Not subject to VAT";
	inv->seller.vat_id = inv->buyer.vat_id = NULL;
	inv->seller.id = "SELLER-1";
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("O", "0", "100.00", "0.00");
	inv->vat.v[0].exemption_reason = "Not subject to VAT";
	verify_model(inv, &d);
	assert_rule(&d, "BR-O-05", 0, "it must have no VAT rate (BT-151/BT-152), not 0");
	assert_rule(&d, "BR-O-02", 0, "must not give the seller's (BT-31)");
	diag_release(&d);
	inv = model("O", NULL, "100.00", "0.00");
	inv->vat.v[0].exemption_reason = "Not subject to VAT";
	inv->seller.vat_id = inv->buyer.vat_id = NULL;
	inv->seller.id = "SELLER-1";
	struct einvoice_allowance *a = VEC_GROW(&inv->allowances);
	a->charge = true;
	set_dec(&a->amount, "0.00");
	a->has_amount = true;
	memcpy(a->category, "S", 2);
	amt(&a->rate, "19");
	a->reason = "Freight";
	verify_model(inv, &d);
	assert_rule(&d, "BR-O-14", 0, "a document level charge is of category S");
	assert_rule(&d, "BR-S-01", 0, NULL);
	diag_release(&d);
	inv = model("O", NULL, "100.00", "0.00");
	inv->vat.v[0].exemption_reason = "Not subject to VAT";
	struct einvoice_vat *x = VEC_GROW(&inv->vat);
	memcpy(x->category, "E", sizeof("E"));
	amt(&x->rate, "0");
	x->exemption_code = "VATEX-EU-132";
	x->has_taxable = x->has_tax = true;
	verify_model(inv, &d);
	assert_rule(&d, "BR-O-11", 0, "must have no other VAT breakdown");
	diag_release(&d);

	/* L (IGIC) and M (IPSI): per rate, 0 or more (BR-AF, BR-AG) */
	inv = model("L", "7", "100.00", "7.00");
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("M", "4", "100.00", "4.00");
	cr_assert_eq(verify_model(inv, &d), 0);
	inv = model("L", "7", "100.00", "7.00");
	set_dec(&inv->vat.v[0].taxable, "99.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-AF-08", 0, "VAT category L at 7%");
	diag_release(&d);
	inv = model("M", "-1", "100.00", "-1.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-AG-05", 0, "must be 0 or more, not -1");
	diag_release(&d);

	/* a code EN 16931 does not know */
	inv = model("X", "0", "100.00", "0.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-CL-18", 0, "VAT category code 'X' (BT-118)");
	assert_rule(&d, "BR-CL-18", 0, "invoice line '1' has VAT category code 'X'");
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* decimals */

Test(einvoice_verify, decimals)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* an amount with 3 decimals that holds otherwise still breaks BR-DEC */
	verify_edit("ubl-invoice.xml", "<cbc:LineExtensionAmount currencyID=\"EUR\">31.00",
		    "<cbc:LineExtensionAmount currencyID=\"EUR\">31.000", &d, &line);
	cr_assert_eq(d.nerrors, 1);
	assert_rule(&d, "BR-DEC-23", line, "the net amount (BT-131) of invoice line '4' is 31.000: "
					   "at most 2 decimals are allowed");
	diag_release(&d);
	static const struct {
		const char *from, *to, *rule;
		int below; /* the line reported is this many above the amount's (its breakdown's) */
	} cases[] = {
		{ "<cbc:TaxExclusiveAmount currencyID=\"EUR\">400.36", "<cbc:TaxExclusiveAmount currencyID=\"EUR\">400.360", "BR-DEC-12", 0 },
		{ "<cbc:PayableAmount currencyID=\"EUR\">366.58", "<cbc:PayableAmount currencyID=\"EUR\">366.580", "BR-DEC-18", 0 },
		{ "<cbc:PrepaidAmount currencyID=\"EUR\">100.00", "<cbc:PrepaidAmount currencyID=\"EUR\">100.000", "BR-DEC-16", 0 },
		{ "<cbc:Amount currencyID=\"EUR\">6.37", "<cbc:Amount currencyID=\"EUR\">6.370", "BR-DEC-01", 0 },
		{ "<cbc:BaseAmount currencyID=\"EUR\">318.73", "<cbc:BaseAmount currencyID=\"EUR\">318.730", "BR-DEC-02", 0 },
		{ "<cbc:Amount currencyID=\"EUR\">5.90", "<cbc:Amount currencyID=\"EUR\">5.900", "BR-DEC-05", 0 },
		{ "<cbc:TaxableAmount currencyID=\"EUR\">82.10", "<cbc:TaxableAmount currencyID=\"EUR\">82.100", "BR-DEC-19", 1 },
		{ "<cbc:TaxAmount currencyID=\"EUR\">5.75", "<cbc:TaxAmount currencyID=\"EUR\">5.750", "BR-DEC-20", 2 },
		{ "<cbc:Amount currencyID=\"EUR\">26.97", "<cbc:Amount currencyID=\"EUR\">26.970", "BR-DEC-24", 0 },
		{ "<cbc:BaseAmount currencyID=\"EUR\">269.70", "<cbc:BaseAmount currencyID=\"EUR\">269.700", "BR-DEC-25", 0 },
		{ "<cbc:Amount currencyID=\"EUR\">2.50", "<cbc:Amount currencyID=\"EUR\">2.500", "BR-DEC-27", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		verify_edit("ubl-invoice.xml", cases[i].from, cases[i].to, &d, &line);
		assert_rule(&d, cases[i].rule, line - (uint32_t)cases[i].below,
			    "at most 2 decimals are allowed");
		diag_release(&d);
	}
	/* prices and quantities may have more */
	struct einvoice *inv = model("S", "19", "100.00", "19.00");
	set_dec(&inv->lines.v[0].net_price, "100.0000");
	set_dec(&inv->lines.v[0].quantity, "1.000");
	cr_assert_eq(verify_model(inv, &d), 0);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* line checks (Peppol) */

Test(einvoice_verify, line_net_amount)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	/* a Peppol document: an error, at the line's net amount */
	char *ubl = sample("ubl-invoice.xml");
	char *u = replace(ubl, "<cbc:PriceAmount currencyID=\"EUR\">89.90",
			  "<cbc:PriceAmount currencyID=\"EUR\">89.91");
	cr_assert_eq(verify_text(u, &d), 1);
	free(ubl);
	line = line_of(u, "<cbc:LineExtensionAmount currencyID=\"EUR\">242.73");
	free(u);
	assert_rule(&d, "PEPPOL-EN16931-R120", line,
		    "the net amount (BT-131) of invoice line '2' is 242.73, but quantity (BT-129) 3 x "
		    "net price (BT-146) 89.91 / base quantity (BT-149) 1 + charges 0 - allowances "
		    "26.97 = 242.76 (rounded to 2 decimals)");
	diag_release(&d);
	/* with a base quantity and a charge */
	verify_edit("ubl-invoice.xml", "<cbc:BaseQuantity unitCode=\"C62\">100",
		    "<cbc:BaseQuantity unitCode=\"C62\">10", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R120", 0, "250 x net price (BT-146) 12.40 / base quantity "
						  "(BT-149) 10 + charges 0 - allowances 0 = 310.00");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:Amount currencyID=\"EUR\">2.50",
		    "<cbc:Amount currencyID=\"EUR\">2.40", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R120", 0, "+ charges 2.40 - allowances 0 = 82.00");
	diag_release(&d);

	/* a document that does not claim Peppol BIS: a warning, no error */
	char *text = sample("cii-invoice.xml");
	char *t = replace(text, "<ram:ChargeAmount>120.00", "<ram:ChargeAmount>121.00");
	cr_assert_eq(verify_text(t, &d), 0);
	assert_warning(&d, "PEPPOL-EN16931-R120", line_of(t, "<ram:LineTotalAmount>960.00"),
		       "8 x net price (BT-146) 121.00 / base quantity (BT-149) 1 + charges 0 - "
		       "allowances 0 = 968.00");
	free(t);
	diag_release(&d);
	/* a price written with 4 decimals is a rounded figure: 3 x 0.3333 may be 1.00 */
	struct einvoice *inv = model("S", "19", "1.00", "0.19");
	set_dec(&inv->lines.v[0].quantity, "3");
	set_dec(&inv->lines.v[0].net_price, "0.3333");
	cr_assert_eq(verify_model(inv, &d), 0);
	assert_no_rule(&d, "PEPPOL-EN16931-R120");
	inv = model("S", "19", "1.00", "0.19");
	set_dec(&inv->lines.v[0].quantity, "3");
	set_dec(&inv->lines.v[0].net_price, "0.33"); /* at cents it is exact: 0.99 */
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "PEPPOL-EN16931-R120", 0, "= 0.99");
	diag_release(&d);
	/* but not further than the written digits allow: 3 x 0.33595 = 1.00785 rounds to 1.01 */
	inv = model("S", "19", "1.00", "0.19");
	set_dec(&inv->lines.v[0].quantity, "3");
	set_dec(&inv->lines.v[0].net_price, "0.3360");
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "PEPPOL-EN16931-R120", 0, "= 1.01");
	diag_release(&d);
	/* base quantity 0 (R121) is not divided by */
	inv = model("S", "19", "100.00", "19.00");
	amt(&inv->lines.v[0].base_quantity, "0");
	cr_assert_eq(verify_model(inv, &d), 1);
	assert_rule(&d, "PEPPOL-EN16931-R121", 0, "is 0: it must be above zero");
	assert_no_rule(&d, "PEPPOL-EN16931-R120");
	diag_release(&d);
	/* a negative line (a return) */
	inv = model("S", "19", "-100.00", "-19.00");
	cr_assert_eq(verify_model(inv, &d), 0);
	free(text);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, allowance_percentage_and_net_price)
{
	struct diag d = DIAG_INIT;
	uint32_t line;
	verify_edit("ubl-invoice.xml", "<cbc:MultiplierFactorNumeric>2<",
		    "<cbc:MultiplierFactorNumeric>2.5<", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R040", line + 1,
		    "the allowance amount (BT-92) of the document is 6.37, but base amount (BT-93) "
		    "318.73 x percentage (BT-94) 2.5 / 100 = 7.97 (rounded to 2 decimals)");
	diag_release(&d);
	verify_edit("ubl-invoice.xml", "<cbc:MultiplierFactorNumeric>10<",
		    "<cbc:MultiplierFactorNumeric>11<", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R040", 0, "the allowance amount (BT-136) of invoice line "
						  "'2' is 26.97, but base amount (BT-137) 269.70 x "
						  "percentage (BT-138) 11 / 100 = 29.67");
	diag_release(&d);
	/* a percentage written with 4 decimals is a rounded figure too */
	verify_edit("ubl-invoice.xml", "<cbc:MultiplierFactorNumeric>2<",
		    "<cbc:MultiplierFactorNumeric>1.9986<", &d, &line);
	assert_no_rule(&d, "PEPPOL-EN16931-R040"); /* 318.73 x 1.99855% = 6.3699 -> 6.37 */
	diag_release(&d);
	/* the net price is the gross price less the discount (R046) */
	verify_edit("ubl-invoice.xml", "<cbc:BaseAmount currencyID=\"EUR\">5.00",
		    "<cbc:BaseAmount currencyID=\"EUR\">5.10", &d, &line);
	assert_rule(&d, "PEPPOL-EN16931-R046", 0, "the item net price (BT-146) of invoice line '1' "
						  "is 4.50, but gross price (BT-148) 5.10 - price "
						  "discount (BT-147) 0.50 = 4.60");
	diag_release(&d);
	/* ... or that rounded to the net price's decimals: 2.75 - 0.275 = 2.475 -> 2.48 */
	struct einvoice *inv = model("S", "19", "2.48", "0.47");
	amt(&inv->lines.v[0].gross_price, "2.75");
	amt(&inv->lines.v[0].price_discount, "0.275");
	cr_assert_eq(verify_model(inv, &d), 0);
	/* BR-27/28: prices are not negative */
	inv = model("S", "19", "100.00", "19.00");
	set_dec(&inv->lines.v[0].net_price, "-100.00");
	set_dec(&inv->lines.v[0].quantity, "-1");
	amt(&inv->lines.v[0].gross_price, "-100.00");
	verify_model(inv, &d);
	assert_rule(&d, "BR-27", 0, "is -100.00: it must not be negative");
	assert_rule(&d, "BR-28", 0, NULL);
	diag_release(&d);
	/* allowances need an amount and a reason (BR-31, BR-33 / BR-CO-21), a category (BR-32) */
	inv = model("S", "19", "100.00", "19.00");
	struct einvoice_allowance *a = VEC_GROW(&inv->allowances);
	a->line = 7;
	verify_model(inv, &d);
	assert_rule(&d, "BR-31", 7, "an allowance of the document has no amount (BT-92)");
	assert_rule(&d, "BR-32", 7, NULL);
	assert_rule(&d, "BR-CO-21", 7, NULL);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(einvoice_verify, tax_currency)
{
	struct diag d = DIAG_INIT;
	char *text = sample("ubl-creditnote.xml");
	char *t = replace(text, "  <cac:TaxTotal>\n    <cbc:TaxAmount currencyID=\"EUR\">70.64</cbc:TaxAmount>\n  </cac:TaxTotal>\n", "");
	cr_assert_eq(verify_text(t, &d), 1);
	assert_rule(&d, "BR-53", 0, "the VAT accounting currency (BT-6) is EUR, but the VAT total "
				    "in it (BT-111) is missing");
	free(t);
	free(text);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* Every message names a rule first; a model built in memory has no lines to point at. */
Test(einvoice_verify, messages_start_with_the_rule)
{
	struct diag d = DIAG_INIT;
	struct einvoice *inv = model("S", "19", "100.00", "19.01");
	set_dec(&inv->totals.payable.v, "1");
	verify_model(inv, &d);
	cr_assert_gt(d.n, 0);
	for (size_t i = 0; i < d.n; i++) {
		cr_assert(!strncmp(d.items[i].message, "BR-", 3) ||
			  !strncmp(d.items[i].message, "PEPPOL-", 7), "%s", d.items[i].message);
		cr_assert_str_eq(d.items[i].file, "m.xml");
		cr_assert_eq(d.items[i].line, 0);
	}
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

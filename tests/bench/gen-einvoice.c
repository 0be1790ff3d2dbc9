/*
 * gen-einvoice.c - deterministic vendors' e-invoices for the `clerk receive`
 * benchmark.
 *
 * Usage: gen-einvoice N DIR [SEED]
 *
 * Writes DIR/books.journal (a chart with 200 vendors: name, VAT id, IBAN,
 * terms, expense account; input VAT accounts for 19 % and 7 %) and N
 * documents DIR/docs/NNNNNN-ubl.xml or -cii.xml: half UBL 2.1 Invoice, half
 * UN/CEFACT CII, each from one of the vendors, with 2 to 6 lines at 19 or
 * 7 %, a VAT breakdown per rate, the totals, addresses, contacts, notes and
 * payment terms as real ones have them (5 to 10 KB each). They are what
 * `clerk receive` must take: about one in 40 is a UBL CreditNote for the
 * vendor's bill just before it; one in 100 asks for payment to an IBAN the
 * vendor does not have (held), one in 100 repeats the number of the
 * vendor's previous bill (a duplicate). The rest verify and post.
 *
 * Amounts are integers of cents; the VAT of a breakdown is its taxable
 * amount times the rate, rounded half away from zero to the cent, as
 * EN 16931 says. The output depends only on N and SEED (default 1).
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -o gen-einvoice gen-einvoice.c
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VENDORS 200
#define MAX_LINES 6

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)((rng_next() >> 11) % n);
}

struct vendor {
	char name[64], vat[16], iban[32], street[64], city[32], zip[8];
	unsigned last_number; /* the vendor's last bill number */
	int64_t last_payable; /* its amount due, cents */
	int last_day;
};

static struct vendor vendors[VENDORS];

static const char *const firms[] = {"Papier",   "Druck",     "Strom",  "Büro",  "Logistik",
                                    "Software", "Reinigung", "Kaffee", "Möbel", "Werbung"};
static const char *const streets[] = {"Hauptstraße", "Bahnhofstraße",   "Am Markt",
                                      "Lindenweg",   "Industriestraße", "Hafenstraße"};
static const char *const cities[] = {"Hamburg", "Bremen", "Kiel", "Lübeck", "Hannover", "Berlin"};
static const char *const items[] = {"Coated paper 150 g, pallet", "Toner cartridge, black",
                                    "Service call, per hour",     "Office chair, ergonomic",
                                    "Electricity, kWh",           "Courier, same day",
                                    "Cleaning, monthly",          "Licence, per seat and month"};

/* An IBAN DE + check + 18 digits with valid check digits (ISO 13616, MOD 97-10). */
static void make_iban(char *out, unsigned bank, unsigned account)
{
	char bban[19];
	snprintf(bban, sizeof(bban), "%08u%010u", bank, account);
	/* BBAN + "DE00" as digits: D=13, E=14 */
	unsigned rem = 0;
	const char *p;
	for (p = bban; *p; p++)
		rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	const char *tail = "131400";
	for (p = tail; *p; p++)
		rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	snprintf(out, 32, "DE%02u%s", 98 - rem, bban);
}

static void setup_vendors(void)
{
	for (unsigned k = 0; k < VENDORS; k++) {
		struct vendor *v = &vendors[k];
		snprintf(v->name, sizeof(v->name), "%s Nord %03u GmbH", firms[k % 10], k);
		snprintf(v->vat, sizeof(v->vat), "DE%09u", 100000000u + k * 4567u);
		make_iban(v->iban, 20050550u + k, 1000000u + k * 37u);
		snprintf(v->street, sizeof(v->street), "%s %u", streets[k % 6], 1 + k % 90);
		snprintf(v->city, sizeof(v->city), "%s", cities[k % 6]);
		snprintf(v->zip, sizeof(v->zip), "%05u", 20000 + k * 13);
	}
}

static int write_books(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/books.journal", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("; books.journal - the benchmark's books: 200 vendors (gen-einvoice.c)\n\n"
	      "commodity 1,000.00 EUR\n\n"
	      "account Assets:Bank  ; role: bank, iban: DE89370400440532013000\n"
	      "account Assets:VAT:Input  ; role: vat-input\n"
	      "account Assets:VAT:Input:19  ; vat-rate: 19\n"
	      "account Assets:VAT:Input:7  ; vat-rate: 7\n"
	      "account Liabilities:VAT:Output  ; role: vat-output, self-assess: 19\n"
	      "account Liabilities:Payable  ; role: payable\n",
	      f);
	for (unsigned k = 0; k < VENDORS; k++)
		fprintf(f,
		        "account Liabilities:Payable:V%03u  ; name: %s, vat: %s\n"
		        "    ; iban: %s, terms: net 30, expense: Expenses:Purchases\n",
		        k, vendors[k].name, vendors[k].vat, vendors[k].iban);
	fputs("account Expenses:Purchases\n"
	      "account Expenses:Unallocated  ; role: unallocated\n"
	      "account Equity:Opening\n",
	      f);
	return fclose(f);
}

/* Civil date of day number d (days since 1970-01-01), Howard Hinnant's algorithm. */
static void civil(int64_t d, int *y, int *m, int *dd)
{
	d += 719468;
	int64_t era = (d >= 0 ? d : d - 146096) / 146097;
	int64_t doe = d - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void fmt_date(char *out, int day, int compact)
{
	int y, m, d;
	civil(day, &y, &m, &d);
	snprintf(out, 12, compact ? "%04d%02d%02d" : "%04d-%02d-%02d", y, m, d);
}

static void fmt_cents(char *out, int64_t c)
{
	int64_t a = c < 0 ? -c : c;
	snprintf(out, 32, "%s%" PRId64 ".%02d", c < 0 ? "-" : "", a / 100, (int)(a % 100));
}

struct line {
	unsigned qty, item, rate;
	int64_t price, net; /* cents */
};

struct doc {
	unsigned vendor, nlines;
	char number[32], credited[32];
	int day, credit;
	const char *iban;
	char other_iban[32];
	struct line lines[MAX_LINES];
	int64_t base[2], tax[2]; /* [0] 19 %, [1] 7 % */
	int64_t net, vat, total;
};

/* Rounds cents * rate / 100 half away from zero. */
static int64_t vat_of(int64_t cents, unsigned rate)
{
	int64_t p = cents * (int64_t)rate;
	return p >= 0 ? (p + 50) / 100 : -((-p + 50) / 100);
}

static void draw(struct doc *d, uint64_t i)
{
	memset(d, 0, sizeof(*d));
	d->vendor = rng_below(VENDORS);
	struct vendor *v = &vendors[d->vendor];
	d->day = 20760 + (int)(i / 40); /* from 2026-11-03 on, 40 documents a day */
	d->iban = v->iban;
	unsigned kind = rng_below(100);
	d->credit = kind < 2 && v->last_number; /* a credit note for the vendor's last bill */
	if (kind == 2) {                        /* bank details changed */
		make_iban(d->other_iban, 76026000u, 9000000u + (unsigned)i);
		d->iban = d->other_iban;
	}
	if (d->credit) {
		snprintf(d->number, sizeof(d->number), "G-%03u-%06" PRIu64, d->vendor, i);
		snprintf(d->credited, sizeof(d->credited), "R-%03u-%06u", d->vendor,
		         v->last_number);
	} else if (kind == 3 && v->last_number) { /* the previous number again */
		snprintf(d->number, sizeof(d->number), "R-%03u-%06u", d->vendor, v->last_number);
	} else {
		v->last_number = (unsigned)i + 1;
		snprintf(d->number, sizeof(d->number), "R-%03u-%06u", d->vendor, v->last_number);
	}
	d->nlines = d->credit ? 1 : 2 + rng_below(5);
	for (unsigned k = 0; k < d->nlines; k++) {
		struct line *l = &d->lines[k];
		l->qty = 1 + rng_below(20);
		l->item = rng_below(8);
		l->rate = rng_below(4) == 0 ? 7 : 19;
		l->price = 100 + (int64_t)rng_below(50000);
		l->net = l->qty * l->price;
		if (d->credit) { /* a tenth of the bill back, at most */
			l->qty = 1;
			l->price = l->net = 100 + (int64_t)rng_below(1000);
		}
		d->base[l->rate == 7] += l->net;
		d->net += l->net;
	}
	for (int r = 0; r < 2; r++) {
		d->tax[r] = vat_of(d->base[r], r ? 7 : 19);
		d->vat += d->tax[r];
	}
	d->total = d->net + d->vat;
}

/* Text a real bill carries that a reader has to walk past: notes, terms. */
static const char filler[] =
    "Es gelten unsere Allgemeinen Geschäftsbedingungen in der Fassung vom 1. Januar 2026. "
    "Reklamationen innerhalb von 8 Tagen nach Erhalt der Ware. Die Ware bleibt bis zur "
    "vollständigen Bezahlung unser Eigentum. Bei Zahlungsverzug berechnen wir Zinsen in "
    "Höhe von neun Prozentpunkten über dem Basiszinssatz.";

static void ubl_tax(FILE *f, const char *el, const char *cat, unsigned rate)
{
	fprintf(
	    f,
	    "      <cac:%s>\n        <cbc:ID>%s</cbc:ID>\n        <cbc:Percent>%u</cbc:Percent>\n"
	    "        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n        </cac:TaxScheme>\n"
	    "      </cac:%s>\n",
	    el, cat, rate, el);
}

static void ubl_party(FILE *f, const char *role, const char *name, const char *vat,
                      const char *street, const char *zip, const char *city, const char *mail)
{
	fprintf(
	    f,
	    "  <cac:%s>\n    <cac:Party>\n      <cbc:EndpointID "
	    "schemeID=\"EM\">%s</cbc:EndpointID>\n"
	    "      <cac:PartyName>\n        <cbc:Name>%s</cbc:Name>\n      </cac:PartyName>\n"
	    "      <cac:PostalAddress>\n        <cbc:StreetName>%s</cbc:StreetName>\n"
	    "        <cbc:CityName>%s</cbc:CityName>\n        <cbc:PostalZone>%s</cbc:PostalZone>\n"
	    "        <cac:Country>\n          <cbc:IdentificationCode>DE</cbc:IdentificationCode>\n"
	    "        </cac:Country>\n      </cac:PostalAddress>\n"
	    "      <cac:PartyTaxScheme>\n        <cbc:CompanyID>%s</cbc:CompanyID>\n"
	    "        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n        </cac:TaxScheme>\n"
	    "      </cac:PartyTaxScheme>\n      <cac:PartyLegalEntity>\n"
	    "        <cbc:RegistrationName>%s</cbc:RegistrationName>\n      "
	    "</cac:PartyLegalEntity>\n"
	    "      <cac:Contact>\n        <cbc:Name>Buchhaltung</cbc:Name>\n"
	    "        <cbc:Telephone>+49 40 123456</cbc:Telephone>\n"
	    "        <cbc:ElectronicMail>%s</cbc:ElectronicMail>\n      </cac:Contact>\n"
	    "    </cac:Party>\n  </cac:%s>\n",
	    role, mail, name, street, city, zip, vat, name, mail, role);
}

static void write_ubl(FILE *f, const struct doc *d)
{
	const struct vendor *v = &vendors[d->vendor];
	const char *root = d->credit ? "CreditNote" : "Invoice";
	char date[12], due[12], a[32], b[32], c[32];
	fmt_date(date, d->day, 0);
	fmt_date(due, d->day + 30, 0);
	fprintf(
	    f,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<%s xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:%s-2\"\n"
	    "    "
	    "xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-"
	    "2\"\n"
	    "    "
	    "xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
	    "  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:"
	    "billing:3.0</cbc:CustomizationID>\n"
	    "  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>\n"
	    "  <cbc:ID>%s</cbc:ID>\n  <cbc:IssueDate>%s</cbc:IssueDate>\n",
	    root, root, d->number, date);
	if (d->credit)
		fprintf(f, "  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n");
	else
		fprintf(f,
		        "  <cbc:DueDate>%s</cbc:DueDate>\n  "
		        "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n",
		        due);
	fprintf(f,
	        "  <cbc:Note>%s</cbc:Note>\n  "
	        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n"
	        "  <cbc:BuyerReference>LL-EINKAUF</cbc:BuyerReference>\n"
	        "  <cac:OrderReference>\n    <cbc:ID>PO-%s</cbc:ID>\n  </cac:OrderReference>\n",
	        filler, d->number);
	if (d->credit)
		fprintf(f,
		        "  <cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n"
		        "      <cbc:ID>%s</cbc:ID>\n    </cac:InvoiceDocumentReference>\n"
		        "  </cac:BillingReference>\n",
		        d->credited);
	ubl_party(f, "AccountingSupplierParty", v->name, v->vat, v->street, v->zip, v->city,
	          "rechnung@vendor.example");
	ubl_party(f, "AccountingCustomerParty", "Lumen &amp; Letter Studio GmbH", "DE298765432",
	          "Lange Reihe 41", "20099", "Hamburg", "buchhaltung@lumen-letter.example");
	fprintf(f,
	        "  <cac:PaymentMeans>\n    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>\n"
	        "    <cbc:PaymentID>%s</cbc:PaymentID>\n    <cac:PayeeFinancialAccount>\n"
	        "      <cbc:ID>%s</cbc:ID>\n      <cbc:Name>%s</cbc:Name>\n"
	        "    </cac:PayeeFinancialAccount>\n  </cac:PaymentMeans>\n"
	        "  <cac:PaymentTerms>\n    <cbc:Note>Zahlbar innerhalb von 30 Tagen ohne "
	        "Abzug.</cbc:Note>\n"
	        "  </cac:PaymentTerms>\n",
	        d->number, d->iban, v->name);
	fmt_cents(a, d->vat);
	fprintf(f, "  <cac:TaxTotal>\n    <cbc:TaxAmount currencyID=\"EUR\">%s</cbc:TaxAmount>\n",
	        a);
	for (int r = 0; r < 2; r++) {
		if (!d->base[r])
			continue;
		fmt_cents(a, d->base[r]);
		fmt_cents(b, d->tax[r]);
		fprintf(f,
		        "    <cac:TaxSubtotal>\n      <cbc:TaxableAmount "
		        "currencyID=\"EUR\">%s</cbc:TaxableAmount>\n"
		        "      <cbc:TaxAmount currencyID=\"EUR\">%s</cbc:TaxAmount>\n",
		        a, b);
		ubl_tax(f, "TaxCategory", "S", r ? 7 : 19);
		fprintf(f, "    </cac:TaxSubtotal>\n");
	}
	fmt_cents(a, d->net);
	fmt_cents(b, d->total);
	fmt_cents(c, d->total);
	fprintf(f,
	        "  </cac:TaxTotal>\n  <cac:LegalMonetaryTotal>\n"
	        "    <cbc:LineExtensionAmount currencyID=\"EUR\">%s</cbc:LineExtensionAmount>\n"
	        "    <cbc:TaxExclusiveAmount currencyID=\"EUR\">%s</cbc:TaxExclusiveAmount>\n"
	        "    <cbc:TaxInclusiveAmount currencyID=\"EUR\">%s</cbc:TaxInclusiveAmount>\n"
	        "    <cbc:PayableAmount currencyID=\"EUR\">%s</cbc:PayableAmount>\n"
	        "  </cac:LegalMonetaryTotal>\n",
	        a, a, b, c);
	for (unsigned k = 0; k < d->nlines; k++) {
		const struct line *l = &d->lines[k];
		const char *el = d->credit ? "CreditNoteLine" : "InvoiceLine";
		fmt_cents(a, l->net);
		fmt_cents(b, l->price);
		fprintf(
		    f,
		    "  <cac:%s>\n    <cbc:ID>%u</cbc:ID>\n"
		    "    <cbc:Note>Lieferschein LS-%s-%u</cbc:Note>\n"
		    "    <cbc:%sQuantity unitCode=\"C62\">%u</cbc:%sQuantity>\n"
		    "    <cbc:LineExtensionAmount currencyID=\"EUR\">%s</cbc:LineExtensionAmount>\n"
		    "    <cac:Item>\n      <cbc:Name>%s</cbc:Name>\n"
		    "      <cac:SellersItemIdentification>\n        <cbc:ID>ART-%u</cbc:ID>\n"
		    "      </cac:SellersItemIdentification>\n",
		    el, k + 1, d->number, k + 1, d->credit ? "Credited" : "Invoiced", l->qty,
		    d->credit ? "Credited" : "Invoiced", a, items[l->item], l->item);
		ubl_tax(f, "ClassifiedTaxCategory", "S", l->rate);
		fprintf(f,
		        "    </cac:Item>\n    <cac:Price>\n"
		        "      <cbc:PriceAmount currencyID=\"EUR\">%s</cbc:PriceAmount>\n"
		        "    </cac:Price>\n  </cac:%s>\n",
		        b, el);
	}
	fprintf(f, "</%s>\n", root);
}

static void cii_party(FILE *f, const char *role, const char *name, const char *vat,
                      const char *street, const char *zip, const char *city)
{
	fprintf(
	    f,
	    "      <ram:%s>\n        <ram:Name>%s</ram:Name>\n"
	    "        <ram:DefinedTradeContact>\n          "
	    "<ram:PersonName>Buchhaltung</ram:PersonName>\n"
	    "          <ram:TelephoneUniversalCommunication>\n"
	    "            <ram:CompleteNumber>+49 40 123456</ram:CompleteNumber>\n"
	    "          </ram:TelephoneUniversalCommunication>\n        </ram:DefinedTradeContact>\n"
	    "        <ram:PostalTradeAddress>\n          <ram:PostcodeCode>%s</ram:PostcodeCode>\n"
	    "          <ram:LineOne>%s</ram:LineOne>\n          <ram:CityName>%s</ram:CityName>\n"
	    "          <ram:CountryID>DE</ram:CountryID>\n        </ram:PostalTradeAddress>\n"
	    "        <ram:SpecifiedTaxRegistration>\n          <ram:ID "
	    "schemeID=\"VA\">%s</ram:ID>\n"
	    "        </ram:SpecifiedTaxRegistration>\n      </ram:%s>\n",
	    role, name, zip, street, city, vat, role);
}

static void write_cii(FILE *f, const struct doc *d)
{
	const struct vendor *v = &vendors[d->vendor];
	char date[12], due[12], a[32], b[32];
	fmt_date(date, d->day, 1);
	fmt_date(due, d->day + 30, 1);
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<rsm:CrossIndustryInvoice "
	        "xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"\n"
	        "    xmlns:ram=\"urn:un:unece:uncefact:data:standard:"
	        "ReusableAggregateBusinessInformationEntity:100\"\n"
	        "    xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\n"
	        "  <rsm:ExchangedDocumentContext>\n"
	        "    <ram:GuidelineSpecifiedDocumentContextParameter>\n"
	        "      <ram:ID>urn:cen.eu:en16931:2017</ram:ID>\n"
	        "    </ram:GuidelineSpecifiedDocumentContextParameter>\n"
	        "  </rsm:ExchangedDocumentContext>\n  <rsm:ExchangedDocument>\n"
	        "    <ram:ID>%s</ram:ID>\n    <ram:TypeCode>380</ram:TypeCode>\n"
	        "    <ram:IssueDateTime>\n      <udt:DateTimeString "
	        "format=\"102\">%s</udt:DateTimeString>\n"
	        "    </ram:IssueDateTime>\n    <ram:IncludedNote>\n      "
	        "<ram:Content>%s</ram:Content>\n"
	        "    </ram:IncludedNote>\n  </rsm:ExchangedDocument>\n"
	        "  <rsm:SupplyChainTradeTransaction>\n",
	        d->number, date, filler);
	for (unsigned k = 0; k < d->nlines; k++) {
		const struct line *l = &d->lines[k];
		fmt_cents(a, l->net);
		fmt_cents(b, l->price);
		fprintf(
		    f,
		    "    <ram:IncludedSupplyChainTradeLineItem>\n"
		    "      <ram:AssociatedDocumentLineDocument>\n        "
		    "<ram:LineID>%u</ram:LineID>\n"
		    "        <ram:IncludedNote>\n          <ram:Content>Lieferschein "
		    "LS-%s-%u</ram:Content>\n"
		    "        </ram:IncludedNote>\n      </ram:AssociatedDocumentLineDocument>\n"
		    "      <ram:SpecifiedTradeProduct>\n        "
		    "<ram:SellerAssignedID>ART-%u</ram:SellerAssignedID>\n"
		    "        <ram:Name>%s</ram:Name>\n      </ram:SpecifiedTradeProduct>\n"
		    "      <ram:SpecifiedLineTradeAgreement>\n        "
		    "<ram:NetPriceProductTradePrice>\n"
		    "          <ram:ChargeAmount>%s</ram:ChargeAmount>\n"
		    "        </ram:NetPriceProductTradePrice>\n      "
		    "</ram:SpecifiedLineTradeAgreement>\n"
		    "      <ram:SpecifiedLineTradeDelivery>\n"
		    "        <ram:BilledQuantity unitCode=\"C62\">%u</ram:BilledQuantity>\n"
		    "      </ram:SpecifiedLineTradeDelivery>\n      "
		    "<ram:SpecifiedLineTradeSettlement>\n"
		    "        <ram:ApplicableTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode>\n"
		    "          <ram:CategoryCode>S</ram:CategoryCode>\n"
		    "          <ram:RateApplicablePercent>%u</ram:RateApplicablePercent>\n"
		    "        </ram:ApplicableTradeTax>\n"
		    "        <ram:SpecifiedTradeSettlementLineMonetarySummation>\n"
		    "          <ram:LineTotalAmount>%s</ram:LineTotalAmount>\n"
		    "        </ram:SpecifiedTradeSettlementLineMonetarySummation>\n"
		    "      </ram:SpecifiedLineTradeSettlement>\n"
		    "    </ram:IncludedSupplyChainTradeLineItem>\n",
		    k + 1, d->number, k + 1, l->item, items[l->item], b, l->qty, l->rate, a);
	}
	fprintf(f, "    <ram:ApplicableHeaderTradeAgreement>\n"
	           "      <ram:BuyerReference>LL-EINKAUF</ram:BuyerReference>\n");
	cii_party(f, "SellerTradeParty", v->name, v->vat, v->street, v->zip, v->city);
	cii_party(f, "BuyerTradeParty", "Lumen &amp; Letter Studio GmbH", "DE298765432",
	          "Lange Reihe 41", "20099", "Hamburg");
	fprintf(
	    f,
	    "      <ram:BuyerOrderReferencedDocument>\n"
	    "        <ram:IssuerAssignedID>PO-%s</ram:IssuerAssignedID>\n"
	    "      </ram:BuyerOrderReferencedDocument>\n"
	    "    </ram:ApplicableHeaderTradeAgreement>\n    <ram:ApplicableHeaderTradeDelivery/>\n"
	    "    <ram:ApplicableHeaderTradeSettlement>\n"
	    "      <ram:PaymentReference>%s</ram:PaymentReference>\n"
	    "      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>\n"
	    "      <ram:SpecifiedTradeSettlementPaymentMeans>\n        "
	    "<ram:TypeCode>58</ram:TypeCode>\n"
	    "        <ram:PayeePartyCreditorFinancialAccount>\n          "
	    "<ram:IBANID>%s</ram:IBANID>\n"
	    "        </ram:PayeePartyCreditorFinancialAccount>\n"
	    "      </ram:SpecifiedTradeSettlementPaymentMeans>\n",
	    d->number, d->number, d->iban);
	for (int r = 0; r < 2; r++) {
		if (!d->base[r])
			continue;
		fmt_cents(a, d->tax[r]);
		fmt_cents(b, d->base[r]);
		fprintf(f,
		        "      <ram:ApplicableTradeTax>\n        "
		        "<ram:CalculatedAmount>%s</ram:CalculatedAmount>\n"
		        "        <ram:TypeCode>VAT</ram:TypeCode>\n        "
		        "<ram:BasisAmount>%s</ram:BasisAmount>\n"
		        "        <ram:CategoryCode>S</ram:CategoryCode>\n"
		        "        <ram:RateApplicablePercent>%d</ram:RateApplicablePercent>\n"
		        "      </ram:ApplicableTradeTax>\n",
		        a, b, r ? 7 : 19);
	}
	fprintf(f,
	        "      <ram:SpecifiedTradePaymentTerms>\n"
	        "        <ram:Description>Zahlbar innerhalb von 30 Tagen ohne "
	        "Abzug.</ram:Description>\n"
	        "        <ram:DueDateDateTime>\n"
	        "          <udt:DateTimeString format=\"102\">%s</udt:DateTimeString>\n"
	        "        </ram:DueDateDateTime>\n      </ram:SpecifiedTradePaymentTerms>\n",
	        due);
	fmt_cents(a, d->net);
	fmt_cents(b, d->vat);
	char t[32];
	fmt_cents(t, d->total);
	fprintf(f,
	        "      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>\n"
	        "        <ram:LineTotalAmount>%s</ram:LineTotalAmount>\n"
	        "        <ram:TaxBasisTotalAmount>%s</ram:TaxBasisTotalAmount>\n"
	        "        <ram:TaxTotalAmount currencyID=\"EUR\">%s</ram:TaxTotalAmount>\n"
	        "        <ram:GrandTotalAmount>%s</ram:GrandTotalAmount>\n"
	        "        <ram:DuePayableAmount>%s</ram:DuePayableAmount>\n"
	        "      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>\n"
	        "    </ram:ApplicableHeaderTradeSettlement>\n  </rsm:SupplyChainTradeTransaction>\n"
	        "</rsm:CrossIndustryInvoice>\n",
	        a, a, b, t, t);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen-einvoice N DIR [SEED]\n");
		return 2;
	}
	char *end;
	unsigned long long n = strtoull(argv[1], &end, 10);
	if (*end || n > 10000000) {
		fprintf(stderr, "gen-einvoice: bad N '%s'\n", argv[1]);
		return 2;
	}
	rng_state = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
	const char *dir = argv[2];
	char path[4096];
	snprintf(path, sizeof(path), "%s/docs", dir);
	if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(path, 0755) && errno != EEXIST)) {
		perror(dir);
		return 1;
	}
	setup_vendors();
	if (write_books(dir)) {
		perror("books.journal");
		return 1;
	}
	struct doc d;
	for (uint64_t i = 0; i < n; i++) {
		draw(&d, i);
		/* credit notes are UBL (a CII credit note is TypeCode 381: also read, not
		 * generated) */
		int ubl = d.credit || i % 2 == 0;
		snprintf(path, sizeof(path), "%s/docs/%06" PRIu64 "-%s.xml", dir, i,
		         ubl ? "ubl" : "cii");
		FILE *f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		if (ubl)
			write_ubl(f, &d);
		else
			write_cii(f, &d);
		if (fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

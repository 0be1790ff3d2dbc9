/*
 * einvoice-dump.c - the test driver of the e-invoice reader (built under
 * check_PROGRAMS, not installed).
 *
 *   einvoice-dump [--verify] [--fields] FILE...
 *
 * Reads each FILE with einvoice_read_file() and prints, on standard output,
 * a CSV header and one row per file in the columns of the shared corpus's
 * catalog.csv (file, syntax, type, id, currency, tax_currency, lines,
 * BT106 .. BT115 as written, vat as "category@rate" (distinct, in order),
 * seller_vat, buyer, iban, debit_iban, due as YYYY-MM-DD), then
 * errors, the number of rules einvoice_verify() found broken (with
 * --verify; else empty). With --fields, every field of the model follows
 * each row as "  name: value" lines instead (for people, not scripts).
 * Diagnostics go to standard error as clerk prints them.
 *
 * Exit status: 0 when every file was read (and, with --verify, broke no
 * rule); 1 when one was refused or broke a rule; 2 on bad usage.
 */
#include "compat.h"
#include "diag.h"
#include "einvoice.h"
#include "error.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

static void add_amount(struct strbuf *sb, const struct einvoice_amount *a)
{
	if (a->has)
		dec_format(sb, &a->v, a->v.scale, '.', 0);
}

static void add_date(struct strbuf *sb, clerk_date d)
{
	date_append(sb, d);
}

/* Appends s to a space-separated list in sb unless it is there already. */
static void add_uniq(struct strbuf *sb, const char *s)
{
	if (!s || !*s)
		return;
	size_t n = strlen(s);
	for (const char *p = sb->buf; (p = strstr(p, s)) != NULL; p++)
		if ((p == sb->buf || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return;
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, s);
}

static void csv_field(struct strbuf *out, const char *s, bool last)
{
	strbuf_addcsv(out, s ? s : "");
	strbuf_addch(out, last ? '\n' : ',');
}

static void row(struct strbuf *out, const char *file, const struct einvoice *inv, long errors)
{
	struct strbuf f = STRBUF_INIT;
	const struct einvoice_totals *t = &inv->totals;
	const struct einvoice_amount *amounts[] = { &t->line_net, &t->allowances, &t->charges,
						    &t->without_vat, &t->vat, &t->with_vat,
						    &t->prepaid, &t->rounding, &t->payable };

	csv_field(out, file, false);
	csv_field(out, einvoice_syntax_name(inv->syntax), false);
	csv_field(out, inv->type_code, false);
	csv_field(out, inv->number, false);
	csv_field(out, inv->currency, false);
	csv_field(out, inv->tax_currency, false);
	strbuf_addf(out, "%zu,", inv->lines.n);
	for (size_t i = 0; i < ARRAY_SIZE(amounts); i++) {
		strbuf_reset(&f);
		add_amount(&f, amounts[i]);
		csv_field(out, f.buf, false);
	}
	strbuf_reset(&f);
	for (size_t i = 0; i < inv->vat.n; i++) {
		struct strbuf one = STRBUF_INIT;
		strbuf_addstr(&one, inv->vat.v[i].category);
		if (inv->vat.v[i].rate.has) {
			strbuf_addch(&one, '@');
			add_amount(&one, &inv->vat.v[i].rate);
		}
		add_uniq(&f, one.buf);
		strbuf_release(&one);
	}
	csv_field(out, f.buf, false);
	csv_field(out, inv->seller.vat_id, false);
	csv_field(out, inv->buyer.name, false);
	strbuf_reset(&f);
	for (size_t i = 0; i < inv->means.n; i++)
		add_uniq(&f, inv->means.v[i].iban);
	csv_field(out, f.buf, false);
	strbuf_reset(&f);
	for (size_t i = 0; i < inv->means.n; i++)
		add_uniq(&f, inv->means.v[i].debited_iban);
	csv_field(out, f.buf, false);
	strbuf_reset(&f);
	add_date(&f, inv->due_date);
	csv_field(out, f.buf, false);
	if (errors >= 0)
		strbuf_addf(out, "%ld", errors);
	strbuf_addch(out, '\n');
	strbuf_release(&f);
}

/* ------------------------------------------------------------------ */
/* --fields */

static void field_str(struct strbuf *out, const char *indent, const char *name, const char *v)
{
	if (v)
		strbuf_addf(out, "%s%s: %s\n", indent, name, v);
}

static void field_dec(struct strbuf *out, const char *indent, const char *name,
		      const struct dec *v)
{
	strbuf_addf(out, "%s%s: ", indent, name);
	dec_format(out, v, v->scale, '.', 0);
	strbuf_addch(out, '\n');
}

static void field_amount(struct strbuf *out, const char *indent, const char *name,
			 const struct einvoice_amount *a)
{
	if (a->has)
		field_dec(out, indent, name, &a->v);
}

static void field_date(struct strbuf *out, const char *indent, const char *name, clerk_date d)
{
	if (d != DATE_NONE) {
		strbuf_addf(out, "%s%s: ", indent, name);
		date_append(out, d);
		strbuf_addch(out, '\n');
	}
}

static void fields_party(struct strbuf *out, const char *what, const struct einvoice_party *p)
{
	struct strbuf in = STRBUF_INIT;
	strbuf_addf(out, "  %s:\n", what);
	strbuf_addstr(&in, "    ");
	field_str(out, in.buf, "name", p->name);
	field_str(out, in.buf, "trading_name", p->trading_name);
	field_str(out, in.buf, "id", p->id);
	field_str(out, in.buf, "id_scheme", p->id_scheme);
	field_str(out, in.buf, "legal_id", p->legal_id);
	field_str(out, in.buf, "legal_id_scheme", p->legal_id_scheme);
	field_str(out, in.buf, "vat_id", p->vat_id);
	field_str(out, in.buf, "tax_id", p->tax_id);
	field_str(out, in.buf, "legal_info", p->legal_info);
	field_str(out, in.buf, "endpoint", p->endpoint);
	field_str(out, in.buf, "endpoint_scheme", p->endpoint_scheme);
	field_str(out, in.buf, "line1", p->address.line1);
	field_str(out, in.buf, "line2", p->address.line2);
	field_str(out, in.buf, "line3", p->address.line3);
	field_str(out, in.buf, "city", p->address.city);
	field_str(out, in.buf, "postcode", p->address.postcode);
	field_str(out, in.buf, "subdivision", p->address.subdivision);
	field_str(out, in.buf, "country", p->address.country);
	field_str(out, in.buf, "contact_name", p->contact_name);
	field_str(out, in.buf, "contact_phone", p->contact_phone);
	field_str(out, in.buf, "contact_email", p->contact_email);
	strbuf_release(&in);
}

static void fields_allowance(struct strbuf *out, const char *indent,
			     const struct einvoice_allowance *a)
{
	strbuf_addf(out, "%s%s (line %u):", indent, a->charge ? "charge" : "allowance", a->line);
	if (a->has_amount) {
		strbuf_addch(out, ' ');
		dec_format(out, &a->amount, a->amount.scale, '.', 0);
	}
	if (a->category[0])
		strbuf_addf(out, " %s", a->category);
	if (a->rate.has) {
		strbuf_addch(out, '@');
		dec_format(out, &a->rate.v, a->rate.v.scale, '.', 0);
	}
	if (a->base.has) {
		strbuf_addstr(out, " base ");
		dec_format(out, &a->base.v, a->base.v.scale, '.', 0);
	}
	if (a->percent.has) {
		strbuf_addstr(out, " percent ");
		dec_format(out, &a->percent.v, a->percent.v.scale, '.', 0);
	}
	if (a->reason_code)
		strbuf_addf(out, " code %s", a->reason_code);
	if (a->reason)
		strbuf_addf(out, " reason %s", a->reason);
	strbuf_addch(out, '\n');
}

static void fields_line(struct strbuf *out, const struct einvoice_line *l)
{
	const char *in = "    ";
	strbuf_addf(out, "  line %s (line %u)%s:\n", l->id ? l->id : "?", l->line,
		    l->informational ? " informational" : "");
	field_str(out, in, "note", l->note);
	field_str(out, in, "object_id", l->object_id);
	if (l->has_quantity)
		field_dec(out, in, "quantity", &l->quantity);
	field_str(out, in, "unit", l->unit);
	if (l->has_net_amount)
		field_dec(out, in, "net_amount", &l->net_amount);
	field_str(out, in, "order_line", l->order_line);
	field_str(out, in, "accounting_ref", l->accounting_ref);
	field_date(out, in, "period_start", l->period_start);
	field_date(out, in, "period_end", l->period_end);
	if (l->has_net_price)
		field_dec(out, in, "net_price", &l->net_price);
	field_amount(out, in, "price_discount", &l->price_discount);
	field_amount(out, in, "gross_price", &l->gross_price);
	field_amount(out, in, "base_quantity", &l->base_quantity);
	field_str(out, in, "base_unit", l->base_unit);
	if (l->category[0])
		strbuf_addf(out, "%scategory: %s\n", in, l->category);
	field_amount(out, in, "rate", &l->rate);
	field_str(out, in, "name", l->name);
	field_str(out, in, "description", l->description);
	field_str(out, in, "seller_item_id", l->seller_item_id);
	field_str(out, in, "buyer_item_id", l->buyer_item_id);
	field_str(out, in, "standard_id", l->standard_id);
	field_str(out, in, "standard_scheme", l->standard_scheme);
	for (const struct einvoice_attr *a = l->classifications; a; a = a->next)
		strbuf_addf(out, "%sclassification: %s %s\n", in, a->name ? a->name : "-",
			    a->value ? a->value : "-");
	field_str(out, in, "origin_country", l->origin_country);
	for (const struct einvoice_attr *a = l->attributes; a; a = a->next)
		strbuf_addf(out, "%sattribute: %s = %s\n", in, a->name ? a->name : "-",
			    a->value ? a->value : "-");
	field_str(out, in, "parent_id", l->parent_id);
	for (size_t i = 0; i < l->allowances.n; i++)
		fields_allowance(out, in, &l->allowances.v[i]);
}

static void fields(struct strbuf *out, const struct einvoice *inv)
{
	const char *in = "  ";
	const struct einvoice_totals *t = &inv->totals;
	field_str(out, in, "customization", inv->customization);
	field_str(out, in, "profile", inv->profile);
	field_str(out, in, "number", inv->number);
	field_date(out, in, "issue_date", inv->issue_date);
	field_str(out, in, "type_code", inv->type_code);
	field_str(out, in, "currency", inv->currency);
	field_str(out, in, "tax_currency", inv->tax_currency[0] ? inv->tax_currency : NULL);
	field_date(out, in, "tax_point_date", inv->tax_point_date);
	field_str(out, in, "tax_point_code", inv->tax_point_code);
	field_date(out, in, "due_date", inv->due_date);
	field_str(out, in, "buyer_reference", inv->buyer_reference);
	field_str(out, in, "project", inv->project);
	field_str(out, in, "contract", inv->contract);
	field_str(out, in, "order", inv->order);
	field_str(out, in, "sales_order", inv->sales_order);
	field_str(out, in, "receiving_advice", inv->receiving_advice);
	field_str(out, in, "despatch_advice", inv->despatch_advice);
	field_str(out, in, "tender", inv->tender);
	field_str(out, in, "object_id", inv->object_id);
	field_str(out, in, "accounting_ref", inv->accounting_ref);
	field_str(out, in, "payment_terms", inv->payment_terms);
	for (size_t i = 0; i < inv->notes.n; i++)
		field_str(out, in, "note", inv->notes.v[i]);
	for (size_t i = 0; i < inv->preceding.n; i++) {
		field_str(out, in, "preceding", inv->preceding.v[i].number);
		field_date(out, in, "preceding_date", inv->preceding.v[i].date);
	}
	fields_party(out, "seller", &inv->seller);
	fields_party(out, "buyer", &inv->buyer);
	if (inv->has_payee)
		fields_party(out, "payee", &inv->payee);
	if (inv->has_tax_rep)
		fields_party(out, "tax_rep", &inv->tax_rep);
	if (inv->has_deliver_to)
		fields_party(out, "deliver_to", &inv->deliver_to);
	field_date(out, in, "delivery_date", inv->delivery_date);
	field_date(out, in, "period_start", inv->period_start);
	field_date(out, in, "period_end", inv->period_end);
	for (size_t i = 0; i < inv->means.n; i++) {
		const struct einvoice_means *m = &inv->means.v[i];
		strbuf_addf(out, "  means (line %u):\n", m->line);
		field_str(out, "    ", "code", m->code);
		field_str(out, "    ", "text", m->text);
		field_str(out, "    ", "remittance", m->remittance);
		field_str(out, "    ", "iban", m->iban);
		field_str(out, "    ", "account_name", m->account_name);
		field_str(out, "    ", "bic", m->bic);
		field_str(out, "    ", "card_number", m->card_number);
		field_str(out, "    ", "card_holder", m->card_holder);
		field_str(out, "    ", "mandate", m->mandate);
		field_str(out, "    ", "creditor_id", m->creditor_id);
		field_str(out, "    ", "debited_iban", m->debited_iban);
	}
	for (size_t i = 0; i < inv->documents.n; i++) {
		const struct einvoice_document *d = &inv->documents.v[i];
		strbuf_addf(out, "  document %s (line %u):", d->id ? d->id : "?", d->line);
		if (d->description)
			strbuf_addf(out, " %s", d->description);
		if (d->uri)
			strbuf_addf(out, " uri %s", d->uri);
		if (d->mime_code)
			strbuf_addf(out, " %s", d->mime_code);
		if (d->filename)
			strbuf_addf(out, " %s", d->filename);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < inv->allowances.n; i++)
		fields_allowance(out, in, &inv->allowances.v[i]);
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *v = &inv->vat.v[i];
		strbuf_addf(out, "  vat %s", v->category);
		if (v->rate.has) {
			strbuf_addch(out, '@');
			dec_format(out, &v->rate.v, v->rate.v.scale, '.', 0);
		}
		strbuf_addstr(out, ": taxable ");
		dec_format(out, &v->taxable, v->taxable.scale, '.', 0);
		strbuf_addstr(out, " tax ");
		dec_format(out, &v->tax, v->tax.scale, '.', 0);
		if (v->exemption_code)
			strbuf_addf(out, " exemption code %s", v->exemption_code);
		if (v->exemption_reason)
			strbuf_addf(out, " exemption reason %s", v->exemption_reason);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < inv->lines.n; i++)
		fields_line(out, &inv->lines.v[i]);
	field_amount(out, in, "BT-106", &t->line_net);
	field_amount(out, in, "BT-107", &t->allowances);
	field_amount(out, in, "BT-108", &t->charges);
	field_amount(out, in, "BT-109", &t->without_vat);
	field_amount(out, in, "BT-110", &t->vat);
	field_amount(out, in, "BT-111", &t->vat_tax_currency);
	field_amount(out, in, "BT-112", &t->with_vat);
	field_amount(out, in, "BT-113", &t->prepaid);
	field_amount(out, in, "BT-114", &t->rounding);
	field_amount(out, in, "BT-115", &t->payable);
	if (inv->other_currency.element[0])
		strbuf_addf(out, "  other_currency: %s %s (line %u)\n", inv->other_currency.element,
			    inv->other_currency.currency, inv->other_currency.line);
	strbuf_addf(out, "  credit: %s\n", einvoice_is_credit(inv) ? "yes" : "no");
}

int main(int argc, char **argv)
{
	bool verify = false, show_fields = false;
	int status = 0, i = 1;
	struct strbuf out = STRBUF_INIT;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--verify"))
			verify = true;
		else if (!strcmp(argv[i], "--fields"))
			show_fields = true;
		else {
			fprintf(stderr, "usage: einvoice-dump [--verify] [--fields] FILE...\n");
			return 2;
		}
	}
	if (i == argc) {
		fprintf(stderr, "usage: einvoice-dump [--verify] [--fields] FILE...\n");
		return 2;
	}
	strbuf_addstr(&out, "file,syntax,type,id,currency,tax_currency,lines,BT106,BT107,BT108,"
			    "BT109,BT110,BT112,BT113,BT114,BT115,vat,seller_vat,buyer,iban,"
			    "debit_iban,due,errors\n");
	for (; i < argc; i++) {
		struct diag d = DIAG_INIT;
		struct einvoice *inv = NULL;
		const char *base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		int rc = einvoice_read_file(&inv, argv[i], base, &d, NULL);
		if (rc && rc != CLERK_EPARSE)
			fprintf(stderr, "%s: error: %s\n", base, clerk_error_last()->message);
		if (rc) {
			status = 1;
		} else {
			long errors = -1;
			if (verify) {
				errors = (long)einvoice_verify(inv, base, &d);
				if (errors)
					status = 1;
			}
			row(&out, base, inv, errors);
			if (show_fields)
				fields(&out, inv);
		}
		struct strbuf err = STRBUF_INIT;
		diag_sort(&d);
		diag_format(&err, &d);
		fputs(err.buf, stderr);
		strbuf_release(&err);
		diag_release(&d);
		einvoice_free(inv);
	}
	fputs(out.buf, stdout);
	strbuf_release(&out);
	if (fflush(stdout) || ferror(stdout))
		return 1;
	return status;
}

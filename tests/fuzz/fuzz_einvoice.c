/*
 * fuzz_einvoice.c - libFuzzer target for the e-invoice readers (UBL 2.1
 * Invoice and CreditNote, CII D16B) and the verifier.
 *
 * The input is a whole file, read with einvoice_read_memory() (the same
 * reader as einvoice_read_file(), fed from memory). A model that was read
 * has every field touched (strings, decimals formatted, dates formatted,
 * lists walked) so that ASan sees any dangling or uninitialised pointer;
 * then it is verified with einvoice_verify(), the diagnostics are
 * formatted, everything is freed and LeakSanitizer checks the pool and the
 * arrays. einvoice_sniff() runs on the same bytes.
 *
 * Invariants (abort() when broken, a real bug):
 *   - einvoice_read_memory returns 0 exactly when it reported no error, and
 *     then gives a model (of one of the three syntaxes); else CLERK_EPARSE
 *     and no model;
 *   - the digest it returns is the SHA-256 of the input, read or not;
 *   - einvoice_verify returns the number of errors it added to d, and says
 *     the same the second time;
 *   - when einvoice_sniff names a syntax and the document was read, it is
 *     the syntax the reader found;
 *   - every line number in a model is within the input's lines.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "diag.h"
#include "einvoice.h"
#include "error.h"
#include "sha256.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NORETURN void broken(const char *what)
{
	fprintf(stderr, "fuzz_einvoice: invariant broken: %s\n", what);
	abort();
}

struct touch {
	struct strbuf out;
	uint32_t max_line;
};

static void line_ok(struct touch *t, uint32_t line)
{
	if (line > t->max_line)
		broken("a line number beyond the input's lines");
}

static void str(struct touch *t, const char *s)
{
	if (s) {
		strbuf_addstr(&t->out, s);
		strbuf_addch(&t->out, '|');
	}
}

static void num(struct touch *t, const struct dec *d)
{
	dec_format(&t->out, d, d->scale, '.', 0);
}

static void amount(struct touch *t, const struct einvoice_amount *a)
{
	if (a->has) {
		num(t, &a->v);
		line_ok(t, a->line);
	}
}

static void date(struct touch *t, clerk_date d)
{
	char buf[11];
	if (d != DATE_NONE) {
		date_format(d, buf);
		strbuf_addstr(&t->out, buf);
	}
}

static void address(struct touch *t, const struct einvoice_address *a)
{
	str(t, a->line1), str(t, a->line2), str(t, a->line3), str(t, a->city);
	str(t, a->postcode), str(t, a->subdivision), str(t, a->country);
	line_ok(t, a->line);
}

static void party(struct touch *t, const struct einvoice_party *p)
{
	str(t, p->name), str(t, p->trading_name), str(t, p->id), str(t, p->id_scheme);
	str(t, p->legal_id), str(t, p->legal_id_scheme), str(t, p->vat_id), str(t, p->tax_id);
	str(t, p->legal_info), str(t, p->endpoint), str(t, p->endpoint_scheme);
	str(t, p->contact_name), str(t, p->contact_phone), str(t, p->contact_email);
	address(t, &p->address);
	line_ok(t, p->line);
}

static void allowances(struct touch *t, const einvoice_allowances *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct einvoice_allowance *a = &v->v[i];
		strbuf_addch(&t->out, a->charge ? '+' : '-');
		num(t, &a->amount);
		amount(t, &a->base), amount(t, &a->percent), amount(t, &a->rate);
		if (strlen(a->category) > 3)
			broken("a category code longer than 3");
		str(t, a->category), str(t, a->reason), str(t, a->reason_code);
		line_ok(t, a->line), line_ok(t, a->amount_line);
	}
}

static void line(struct touch *t, const struct einvoice_line *l)
{
	str(t, l->id), str(t, l->note), str(t, l->object_id), str(t, l->object_scheme);
	num(t, &l->quantity), num(t, &l->net_amount), num(t, &l->net_price);
	str(t, l->unit), str(t, l->order_line), str(t, l->accounting_ref);
	date(t, l->period_start), date(t, l->period_end);
	amount(t, &l->price_discount), amount(t, &l->gross_price), amount(t, &l->base_quantity);
	str(t, l->base_unit), str(t, l->category), amount(t, &l->rate);
	str(t, l->name), str(t, l->description), str(t, l->seller_item_id), str(t, l->buyer_item_id);
	str(t, l->standard_id), str(t, l->standard_scheme), str(t, l->origin_country);
	str(t, l->parent_id);
	for (const struct einvoice_attr *a = l->classifications; a; a = a->next)
		str(t, a->name), str(t, a->value);
	for (const struct einvoice_attr *a = l->attributes; a; a = a->next)
		str(t, a->name), str(t, a->value);
	allowances(t, &l->allowances);
	line_ok(t, l->line), line_ok(t, l->net_amount_line), line_ok(t, l->price_line);
}

static void model(struct touch *t, const struct einvoice *inv)
{
	const struct einvoice_totals *tot = &inv->totals;
	str(t, einvoice_syntax_name(inv->syntax));
	str(t, inv->number), str(t, inv->type_code), str(t, inv->currency), str(t, inv->tax_currency);
	date(t, inv->issue_date), date(t, inv->tax_point_date), date(t, inv->due_date);
	date(t, inv->delivery_date), date(t, inv->period_start), date(t, inv->period_end);
	str(t, inv->tax_point_code), str(t, inv->buyer_reference), str(t, inv->project);
	str(t, inv->contract), str(t, inv->order), str(t, inv->sales_order);
	str(t, inv->receiving_advice), str(t, inv->despatch_advice), str(t, inv->tender);
	str(t, inv->object_id), str(t, inv->object_scheme), str(t, inv->accounting_ref);
	str(t, inv->payment_terms), str(t, inv->customization), str(t, inv->profile);
	for (size_t i = 0; i < inv->notes.n; i++)
		str(t, inv->notes.v[i]);
	for (size_t i = 0; i < inv->preceding.n; i++) {
		str(t, inv->preceding.v[i].number);
		date(t, inv->preceding.v[i].date);
		line_ok(t, inv->preceding.v[i].line);
	}
	party(t, &inv->seller), party(t, &inv->buyer), party(t, &inv->payee);
	party(t, &inv->tax_rep), party(t, &inv->deliver_to);
	for (size_t i = 0; i < inv->means.n; i++) {
		const struct einvoice_means *m = &inv->means.v[i];
		str(t, m->code), str(t, m->text), str(t, m->remittance), str(t, m->iban);
		str(t, m->account_name), str(t, m->bic), str(t, m->card_number), str(t, m->card_holder);
		str(t, m->mandate), str(t, m->creditor_id), str(t, m->debited_iban);
		line_ok(t, m->line);
	}
	for (size_t i = 0; i < inv->documents.n; i++) {
		const struct einvoice_document *d = &inv->documents.v[i];
		str(t, d->id), str(t, d->description), str(t, d->uri), str(t, d->mime_code);
		str(t, d->filename);
		line_ok(t, d->line);
	}
	allowances(t, &inv->allowances);
	for (size_t i = 0; i < inv->vat.n; i++) {
		const struct einvoice_vat *x = &inv->vat.v[i];
		str(t, x->category), amount(t, &x->rate), num(t, &x->taxable), num(t, &x->tax);
		str(t, x->exemption_reason), str(t, x->exemption_code);
		line_ok(t, x->line);
	}
	for (size_t i = 0; i < inv->lines.n; i++)
		line(t, &inv->lines.v[i]);
	amount(t, &tot->line_net), amount(t, &tot->allowances), amount(t, &tot->charges);
	amount(t, &tot->without_vat), amount(t, &tot->vat), amount(t, &tot->vat_tax_currency);
	amount(t, &tot->with_vat), amount(t, &tot->prepaid), amount(t, &tot->rounding);
	amount(t, &tot->payable);
	str(t, inv->other_currency.element), str(t, inv->other_currency.currency);
	line_ok(t, inv->other_currency.line), line_ok(t, inv->line), line_ok(t, inv->currency_line);
	strbuf_addch(&t->out, einvoice_is_credit(inv) ? 'C' : 'I');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct touch t = { STRBUF_INIT, 1 };
	struct diag d = DIAG_INIT;
	struct einvoice *inv = NULL;
	char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	const char *text = (const char *)data;

	for (size_t i = 0; i < size; i++)
		t.max_line += data[i] == '\n' || data[i] == '\r'; /* an upper bound, CR LF counted twice */
	d.max_errors = 100;
	enum einvoice_syntax sniffed = einvoice_sniff(text, size < 8192 ? size : 8192);
	int rc = einvoice_read_memory(&inv, "fuzz.xml", text, size, &d, hex);
	sha256_hex(data, size, want);
	if (strcmp(hex, want))
		broken("the digest is not the input's");
	if (rc != 0 && rc != CLERK_EPARSE) {
		fprintf(stderr, "fuzz_einvoice: unexpected result %d\n", rc);
		abort();
	}
	if ((rc == 0) != (d.nerrors == 0))
		broken("einvoice_read_memory's result disagrees with its errors");
	if ((rc == 0) != (inv != NULL))
		broken("a model exactly when the document was read");
	if (inv) {
		if (inv->syntax == EINVOICE_NONE)
			broken("a model without a syntax");
		if (sniffed != EINVOICE_NONE && sniffed != inv->syntax)
			broken("einvoice_sniff names another syntax than the reader found");
		model(&t, inv);
		size_t before = d.nerrors;
		size_t n = einvoice_verify(inv, "fuzz.xml", &d);
		if (d.nerrors - before != n)
			broken("einvoice_verify's count disagrees with the errors it added");
		struct diag again = DIAG_INIT;
		again.max_errors = 100;
		if (einvoice_verify(inv, "fuzz.xml", &again) != n)
			broken("einvoice_verify says something else the second time");
		diag_release(&again);
	}
	diag_sort(&d);
	diag_format(&t.out, &d);
	einvoice_free(inv);
	diag_release(&d);
	strbuf_release(&t.out);
	return 0;
}

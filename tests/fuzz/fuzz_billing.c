/*
 * fuzz_billing.c - libFuzzer target for the billing CSV reader (billing.c)
 * and what `clerk invoice` builds from it (invoice.c, einvoice_write.c):
 * whatever a billing file holds, what would be committed leaves the books
 * valid and every document written reads back as itself.
 *
 * The input is one billing file. It is read with billing_read_memory();
 * when it reads, an invoicer over fixed books (customers with and without
 * VAT ids and income accounts, two output VAT rates, an invoice to credit,
 * both series) takes it and plans; the summaries are formatted; the text
 * is loaded into the books as a batch and checked; every document's model
 * is written as UBL and read back with the received-bills reader.
 *
 * Invariants (abort() when broken, a real bug):
 *   - billing_read_memory() returns 0 exactly when it added no error, and
 *     then every line has a key, a customer, a description, a date, a
 *     currency, a non-zero quantity and a price that is not negative;
 *   - invoicer_add() returns the number of errors it added; invoicer_plan()
 *     fails only with an error added (the fixed books have a policy);
 *   - a planned text, loaded into the books as a batch and checked as
 *     `clerk invoice` does, gives no diagnostic at all;
 *   - numbers are gapless: invoices INV-0042, INV-0043, ... and credit
 *     notes CN-0001, ... in the order of the documents;
 *   - each document's net is the sum of its lines, its total net + VAT, its
 *     total above zero; its UBL reads back with the same number and totals;
 *   - the summary CSV has a header and one line per document.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "billing.h"
#include "error.h"
#include "einvoice.h"
#include "invoice.h"
#include "journal.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char books[] =
	"commodity 1,000.00 EUR\n"
	"commodity 1,000.00 USD\n"
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Studio GmbH\n"
	"    ; vat: DE298765431, company-id: HRB 1, address: Speicherstadt 7, country: DE\n"
	"account Assets:AR  ; role: receivable, invoice-series: INV-, credit-note-series: CN-\n"
	"account Assets:AR:Acme  ; terms: net 14, name: Acme GmbH, vat: DE231456789, country: DE\n"
	"account Assets:AR:Euro  ; vat: NL853746219B01, income: Income:Design, name: Euro BV\n"
	"account Assets:AR:Novat  ; name: Novat Inc., country: US\n"
	"account Income:Sales  ; role: income\n"
	"account Income:Design\n"
	"account Liabilities:VAT  ; role: vat-output, vat-rate: 19\n"
	"account Liabilities:VAT7  ; role: vat-output, vat-rate: 7\n"
	"account Assets:Cash\n"
	"2026-01-05 * (INV-0041) Acme\n"
	"    Assets:AR:Acme  119.00 EUR  ; invoice: INV-0041\n"
	"    Income:Sales  -100.00 EUR\n"
	"    Liabilities:VAT  -19.00 EUR\n";

static NORETURN void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_billing: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static struct journal *load_books(struct diag *d)
{
	struct journal *j = journal_new();
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	if (journal_load_buffer(j, "books", books, strlen(books), &lo, d) || journal_check(j, &co, d))
		fail("the fixed books do not load", NULL);
	return j;
}

static void check_lines(const struct billing *b)
{
	for (size_t i = 0; i < b->lines.n; i++) {
		const struct billing_line *l = &b->lines.v[i];
		if (!l->key || !l->customer || !l->description || l->issue_date == DATE_NONE ||
		    strlen(l->currency) != 3 || dec_is_zero(&l->quantity) ||
		    dec_sgn(&l->unit_price) < 0)
			fail("a line read without an error misses a value", l->key);
	}
}

/* The committed text must leave the books valid, without a single diagnostic. */
static void check_text(const struct invoicer *iv)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_books(&d);
	const struct strbuf *t = invoicer_text(iv);
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	(void)!journal_load_buffer(j, "(invoice)", t->buf, t->len, &lo, &d);
	if (!d.nerrors)
		(void)!journal_check(j, &co, &d);
	if (d.n) {
		struct strbuf sb = STRBUF_INIT;
		diag_format(&sb, &d);
		fprintf(stderr, "%s\n%s", t->buf, sb.buf);
		fail("the text does not leave the books valid", NULL);
	}
	journal_free(j);
	diag_release(&d);
}

static void check_doc(const struct invoicer *iv, size_t i, const struct invoice_doc *doc,
		      unsigned *ninv, unsigned *ncn)
{
	char want[64];
	if (doc->credit)
		snprintf(want, sizeof(want), "CN-%04u", ++*ncn);
	else
		snprintf(want, sizeof(want), "INV-%04u", 41 + ++*ninv);
	if (strcmp(doc->number, want))
		fail("numbers are not gapless", doc->number);
	struct dec sum = DEC_INIT, total = DEC_INIT;
	for (size_t k = 0; k < doc->lines.n; k++)
		dec_add(&sum, &sum, &doc->lines.v[k].net);
	dec_add(&total, &doc->net, &doc->tax);
	if (dec_cmp(&sum, &doc->net) || dec_cmp(&total, &doc->total) || dec_sgn(&doc->total) <= 0)
		fail("the sums do not add up", doc->number);
	dec_clear(&sum);
	dec_clear(&total);

	struct einvoice *model = NULL, *back = NULL;
	struct strbuf xml = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	invoicer_einvoice(iv, i, &model);
	einvoice_write_ubl(model, &xml);
	if (einvoice_read_memory(&back, doc->number, xml.buf, xml.len, &d, NULL)) {
		fprintf(stderr, "%s\n", xml.buf);
		fail("the UBL written does not read back", doc->number);
	}
	if (strcmp(back->number, doc->number) || dec_cmp(&back->totals.payable.v, &doc->total) ||
	    dec_cmp(&back->totals.vat.v, &doc->tax) || back->lines.n != doc->lines.n)
		fail("the UBL reads back as another document", doc->number);
	(void)einvoice_verify(back, doc->number, &d);
	einvoice_free(model);
	einvoice_free(back);
	strbuf_release(&xml);
	diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct billing b = BILLING_INIT;
	struct diag d = DIAG_INIT;
	int rc = billing_read_memory(&b, "b.csv", (const char *)data, size, &d);
	if ((rc == 0) != (d.nerrors == 0))
		fail("billing_read_memory's result disagrees with its errors", NULL);
	if (rc)
		goto done;
	check_lines(&b);
	struct diag jd = DIAG_INIT;
	struct journal *j = load_books(&jd);
	struct invoicer *iv = invoicer_new(j);
	size_t before = d.nerrors;
	if (invoicer_add(iv, &b, &d) != d.nerrors - before)
		fail("invoicer_add does not count its errors", NULL);
	if (!d.nerrors) {
		if (invoicer_plan(iv, &d)) {
			if (!d.nerrors)
				fail("invoicer_plan failed without an error", clerk_error_last()->message);
		} else {
			size_t n;
			unsigned ninv = 0, ncn = 0;
			const struct invoice_doc *docs = invoicer_docs(iv, &n);
			check_text(iv);
			for (size_t i = 0; i < n; i++)
				check_doc(iv, i, &docs[i], &ninv, &ncn);
			struct strbuf csv = STRBUF_INIT, text = STRBUF_INIT;
			invoicer_summary_csv(iv, &csv);
			invoicer_summary_text(iv, &text);
			size_t nl = 0;
			for (size_t k = 0; k < csv.len; k++)
				nl += csv.buf[k] == '\n';
			if (nl < n + 1)
				fail("the summary lacks a line per document", NULL);
			strbuf_release(&csv);
			strbuf_release(&text);
		}
	}
	struct strbuf sb = STRBUF_INIT;
	diag_format(&sb, &d);
	strbuf_release(&sb);
	invoicer_free(iv);
	journal_free(j);
	diag_release(&jd);
done:
	billing_release(&b);
	diag_release(&d);
	return 0;
}

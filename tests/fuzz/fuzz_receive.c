/*
 * fuzz_receive.c - libFuzzer target for the received-bills engine: whatever
 * a vendor sends, what `clerk receive` would commit leaves the books valid.
 *
 * The input is one document. It is given to a receiver over fixed books
 * (the demo company's vendors, VAT accounts per rate, reverse charge
 * self-assessed, an unallocated account, a bill for credit notes to
 * reduce) twice, under two names, then once more as the model read from it
 * (receiver_add_einvoice()); the receiver plans; the decisions table, the
 * text report, the exceptions and the refusals are formatted (ASan sees
 * every string handed out); the text to commit is loaded into the books as
 * a batch and checked; all is freed.
 *
 * Invariants (abort() when broken, a real bug):
 *   - receiver_plan() returns 0 (the books' policy is sound);
 *   - at most one of the three copies is posted, and when one is, the
 *     others are duplicates (the same file, the same number);
 *   - the counts of the four decisions add up to the documents;
 *   - the decisions table has a header and one line per document;
 *   - the text, loaded into the books as a batch and checked as `clerk
 *     receive` checks it, gives no diagnostic at all: it parses, balances
 *     exactly, declares its accounts, opens no duplicate invoice and has no
 *     item tag out of place;
 *   - the text is empty exactly when nothing was posted.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "einvoice.h"
#include "journal.h"
#include "receive.h"
#include "sha256.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char books[] =
	"commodity 1,000.00 EUR\n"
	"commodity 1,000.00 USD\n"
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000\n"
	"account Assets:VAT:Input  ; role: vat-input\n"
	"account Assets:VAT:Input:19  ; vat-rate: 19\n"
	"account Assets:VAT:Input:7  ; vat-rate: 7\n"
	"account Liabilities:VAT:Output  ; role: vat-output, self-assess: 19\n"
	"account Liabilities:Payable  ; role: payable\n"
	"account Liabilities:Payable:Papierhaus Nord  ; name: Papierhaus Nord GmbH\n"
	"    ; vat: DE813245611, iban: DE79200700000123450000, terms: net 30\n"
	"    ; expense: Expenses:Paper\n"
	"account Liabilities:Payable:Elbstrom  ; name: Elbstrom Energie GmbH, vat: DE276452187\n"
	"    ; iban: DE22200300000077123456, iban: DE02120300000000202051\n"
	"account Liabilities:Payable:Cloudberry  ; name: Cloudberry Software B.V.\n"
	"    ; vat: NL862147913B01, iban: NL20INGB0001234567, expense: Expenses:Software\n"
	"account Liabilities:Payable:Kontorhaus  ; name: Kontorhaus Vermietung KG\n"
	"    ; vat: DE301998442, hold: lease under review\n"
	"account Expenses:Paper\n"
	"account Expenses:Software\n"
	"account Expenses:Unallocated  ; role: unallocated\n"
	"account Equity\n"
	"\n"
	"2026-11-17 * (PN-46107) Papierhaus Nord | uncoated paper\n"
	"    Liabilities:Payable:Papierhaus Nord  -1,142.40 EUR  ; invoice: PN-46107, due: 2026-12-17\n"
	"    Expenses:Paper  960.00 EUR\n"
	"    Assets:VAT:Input:19  182.40 EUR\n";

static NORETURN void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_receive: invariant broken: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static struct journal *load_books(void)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	if (journal_load_buffer(j, "books.journal", books, strlen(books), NULL, &d) ||
	    journal_check(j, NULL, &d) || d.n)
		broken("the fixed books do not check", NULL);
	diag_release(&d);
	return j;
}

/* Lines of the decisions table (newlines outside quotes). */
static size_t csv_lines(const struct strbuf *csv)
{
	size_t n = 0;
	bool q = false;
	for (size_t i = 0; i < csv->len; i++) {
		if (csv->buf[i] == '"')
			q = !q;
		else if (csv->buf[i] == '\n' && !q)
			n++;
	}
	return n;
}

/* The text loads and checks with the books as clerk receive checks it: no diagnostic. */
static void check_text(struct journal *j, const struct strbuf *text)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict_batch = true, .batch_only = true };
	struct diag d = DIAG_INIT;
	int rc = journal_load_buffer(j, "(receive)", text->buf, text->len, &lo, &d);
	if (!rc)
		rc = journal_check(j, &co, &d);
	if (rc || d.n) {
		struct strbuf sb = STRBUF_INIT;
		diag_format(&sb, &d);
		strbuf_addstr(&sb, "--- text:\n");
		strbuf_add(&sb, text->buf, text->len);
		broken("the text to commit does not leave the books valid", sb.buf);
	}
	diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal *j = load_books();
	struct receiver *r = receiver_new(j);
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;
	char hex[SHA256_HEX_LEN + 1];
	const char *doc = (const char *)data;

	receiver_add_buffer(r, "a.xml", doc, size, hex);
	receiver_add_buffer(r, "b.xml", doc, size, NULL);
	/* the model read from it, under a digest of its own (another file, the same bill) */
	struct einvoice *inv = NULL;
	struct diag rd = DIAG_INIT;
	if (!einvoice_read_memory(&inv, "c.xml", doc, size, &rd, NULL) && inv) {
		hex[0] = hex[0] == '0' ? '1' : '0';
		receiver_add_einvoice(r, "c.xml", inv, hex);
	}
	einvoice_free(inv);
	diag_release(&rd);
	if (receiver_accept(r, "b.xml")) /* an accepted copy is still the same file */
		broken("b.xml is not a document of the receiver", NULL);

	if (receiver_plan(r, &d) || d.n)
		broken("receiver_plan failed on sound books", NULL);
	size_t n = receiver_count(r), posted = receiver_decided(r, RECEIVE_POSTED);
	size_t sum = posted + receiver_decided(r, RECEIVE_HELD) +
		     receiver_decided(r, RECEIVE_DUPLICATE) + receiver_decided(r, RECEIVE_REFUSED);
	if (sum != n)
		broken("the decisions do not add up to the documents", NULL);
	if (posted > 1)
		broken("the same document was posted more than once", receiver_text(r)->buf);
	if (posted && receiver_decided(r, RECEIVE_DUPLICATE) != n - 1)
		broken("a copy of a posted document is not a duplicate", NULL);

	receiver_decisions_csv(r, &out);
	if (csv_lines(&out) != n + 1)
		broken("the decisions table does not have a line per document", out.buf);
	strbuf_reset(&out);
	receiver_report(r, &out);
	receiver_exceptions_text(r, &out);
	receiver_refusals_text(r, &out);
	(void)receiver_posted_digests(r);

	const struct strbuf *text = receiver_text(r);
	if (!text->len != !posted)
		broken("the text is empty exactly when nothing is posted", text->buf);
	if (text->len)
		check_text(j, text);

	strbuf_release(&out);
	diag_release(&d);
	receiver_free(r);
	journal_free(j);
	return 0;
}

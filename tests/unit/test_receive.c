/*
 * test_receive.c - the received-bills engine (receive.h) on invoices built
 * in memory: vendors by VAT id, IBAN and name, bank details changed,
 * duplicates (file, number, probable), credit notes, VAT per rate and
 * reverse charge, prepaid and rounding, due dates, the accounts for the net,
 * the decisions table; and the reserved tags it reads (clerk check).
 */
#include "helpers.h"

#include "einvoice.h"
#include "openitems.h"
#include "receive.h"
#include "sha256.h"

/* The books the tests receive into. */
#define CHART                                                                                      \
	"commodity 1,000.00 EUR\n"                                                                 \
	"commodity 1,000.00 USD\n"                                                                 \
	"account Assets:Bank  ; role: bank\n"                                                      \
	"account Assets:VAT:Input  ; role: vat-input\n"                                            \
	"account Assets:VAT:Input:19  ; vat-rate: 19\n"                                            \
	"account Assets:VAT:Input:7  ; vat-rate: 7\n"                                              \
	"account Liabilities:VAT:Output  ; role: vat-output, self-assess: 19\n"                    \
	"account Liabilities:Payable  ; role: payable\n"                                           \
	"account Liabilities:Payable:Papier  ; name: Papierhaus Nord GmbH\n"                       \
	"    ; vat: DE 123.456.789, iban: DE79200700000123450000, terms: net 30\n"                 \
	"    ; expense: Expenses:Paper\n"                                                          \
	"account Liabilities:Payable:Strom  ; name: Elbstrom  Energie GmbH\n"                      \
	"    ; iban: DE22200300000077123456\n"                                                     \
	"    ; iban: DE75512108001245126199\n"                                                     \
	"account Liabilities:Payable:Cloud  ; name: Cloudberry Software B.V., vat: "               \
	"NL123456789B01\n"                                                                         \
	"    ; expense: Expenses:Software\n"                                                       \
	"account Expenses:Paper\n"                                                                 \
	"account Expenses:Software\n"                                                              \
	"account Expenses:Unallocated  ; role: unallocated\n"                                      \
	"account Equity\n"                                                                         \
	"\n"

#define PAPIER_VAT "DE123456789"
#define PAPIER_IBAN "DE79200700000123450000"
#define STROM_IBAN "DE22200300000077123456"

/* ------------------------------------------------------------------ */
/* invoices built in memory */

static void set_amount(struct einvoice_amount *a, const char *s)
{
	set_dec(&a->v, s);
	a->has = true;
}

/* A UBL invoice in EUR from seller (VAT id vat, may be NULL) to the demo studio, without lines. */
static struct einvoice *invoice(const char *number, const char *issue, const char *seller,
                                const char *vat)
{
	struct einvoice *inv = einvoice_new();
	inv->syntax = EINVOICE_UBL_INVOICE;
	inv->number = einvoice_strdup(inv, number);
	inv->issue_date = date_parse_iso(issue);
	cr_assert_neq(inv->issue_date, DATE_NONE, "bad test date %s", issue);
	inv->type_code = einvoice_strdup(inv, "380");
	inv->customization = einvoice_strdup(inv, "urn:cen.eu:en16931:2017");
	inv->payment_terms = einvoice_strdup(inv, "Payable within 30 days");
	memcpy(inv->currency, "EUR", 4);
	inv->seller.name = einvoice_strdup(inv, seller);
	inv->seller.vat_id = einvoice_strdup(inv, vat);
	if (!vat) /* a German tax number (BT-32): no VAT id, and not compared with vat: */
		inv->seller.tax_id = einvoice_strdup(inv, "46/123/45678");
	inv->seller.legal_id = einvoice_strdup(inv, "HRB 4711");
	inv->seller.address.country = einvoice_strdup(inv, "DE");
	inv->buyer.name = einvoice_strdup(inv, "Lumen & Letter Studio GmbH");
	inv->buyer.address.country = einvoice_strdup(inv, "DE");
	return inv;
}

/* A credit note (UBL CreditNote, 381) crediting bill `credits` (NULL: none). */
static struct einvoice *credit_note(const char *number, const char *issue, const char *seller,
                                    const char *vat, const char *credits)
{
	struct einvoice *inv = invoice(number, issue, seller, vat);
	inv->syntax = EINVOICE_UBL_CREDIT_NOTE;
	inv->type_code = einvoice_strdup(inv, "381");
	if (credits) {
		struct einvoice_ref *ref = VEC_GROW(&inv->preceding);
		ref->number = einvoice_strdup(inv, credits);
		ref->date = DATE_NONE;
	}
	return inv;
}

/* A line of quantity 1 at price net, in VAT category cat at rate (NULL: none, category O). */
static void line(struct einvoice *inv, const char *name, const char *net, const char *cat,
                 const char *rate)
{
	struct einvoice_line *l = VEC_GROW(&inv->lines);
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%zu", inv->lines.n);
	l->id = einvoice_strdup(inv, id.buf);
	strbuf_release(&id);
	l->name = einvoice_strdup(inv, name);
	/* a negative line is a negative quantity at a positive price (BR-27) */
	set_dec(&l->quantity, net[0] == '-' ? "-1" : "1");
	l->has_quantity = true;
	l->unit = einvoice_strdup(inv, "C62");
	set_dec(&l->net_amount, net);
	l->has_net_amount = true;
	set_dec(&l->net_price, net[0] == '-' ? net + 1 : net);
	l->has_net_price = true;
	snprintf(l->category, sizeof(l->category), "%s", cat);
	if (rate)
		set_amount(&l->rate, rate);
}

/* A payment means: code (30 credit transfer, 58 SEPA, 59 direct debit), payee IBAN, reference. */
static void means(struct einvoice *inv, const char *code, const char *iban, const char *remittance)
{
	struct einvoice_means *m = VEC_GROW(&inv->means);
	m->code = einvoice_strdup(inv, code);
	m->iban = einvoice_strdup(inv, iban);
	m->remittance = einvoice_strdup(inv, remittance);
}

/* base * rate / 100 rounded half away from zero to 2 decimals */
static void tax_of(struct dec *out, const struct dec *base, const struct dec *rate)
{
	mpq_t q, r;
	mpq_init(q);
	mpq_init(r);
	dec_get_mpq(q, base);
	dec_get_mpq(r, rate);
	mpq_mul(q, q, r);
	mpq_set_ui(r, 1, 100);
	mpq_mul(q, q, r);
	cr_assert_eq(dec_set_mpq(out, q, 2, DEC_ROUND_HALF_UP), 0);
	mpq_clear(q);
	mpq_clear(r);
}

/*
 * Completes the sums as EN 16931 has them: the VAT breakdown per category
 * and rate from the lines, the totals, prepaid and rounding (NULL: none) and
 * the amount due, all consistent.
 */
static void finish(struct einvoice *inv, const char *prepaid, const char *rounding)
{
	struct einvoice_totals *t = &inv->totals;
	set_amount(&t->line_net, "0.00");
	for (size_t i = 0; i < inv->lines.n; i++) {
		const struct einvoice_line *l = &inv->lines.v[i];
		dec_add(&t->line_net.v, &t->line_net.v, &l->net_amount);
		struct einvoice_vat *v = NULL;
		for (size_t k = 0; k < inv->vat.n && !v; k++)
			if (!strcmp(inv->vat.v[k].category, l->category) &&
			    inv->vat.v[k].rate.has == l->rate.has &&
			    (!l->rate.has || !dec_cmp(&inv->vat.v[k].rate.v, &l->rate.v)))
				v = &inv->vat.v[k];
		if (!v) {
			v = VEC_GROW(&inv->vat);
			memcpy(v->category, l->category, sizeof(v->category));
			v->rate.has = l->rate.has;
			if (l->rate.has)
				dec_set(&v->rate.v, &l->rate.v);
			set_dec(&v->taxable, "0.00");
			v->has_taxable = v->has_tax = true;
			if (!strcmp(l->category, "E") || !strcmp(l->category, "AE") ||
			    !strcmp(l->category, "K") || !strcmp(l->category, "O"))
				v->exemption_reason =
				    einvoice_strdup(inv, "exempt or reverse charge");
		}
		dec_add(&v->taxable, &v->taxable, &l->net_amount);
	}
	set_amount(&t->vat, "0.00");
	for (size_t k = 0; k < inv->vat.n; k++) {
		struct einvoice_vat *v = &inv->vat.v[k];
		if (v->rate.has)
			tax_of(&v->tax, &v->taxable, &v->rate.v);
		else
			set_dec(&v->tax, "0.00");
		dec_add(&t->vat.v, &t->vat.v, &v->tax);
	}
	set_amount(&t->without_vat, "0.00");
	dec_add(&t->without_vat.v, &t->without_vat.v, &t->line_net.v);
	set_amount(&t->with_vat, "0.00");
	dec_add(&t->with_vat.v, &t->without_vat.v, &t->vat.v);
	set_amount(&t->payable, "0.00");
	dec_add(&t->payable.v, &t->payable.v, &t->with_vat.v);
	if (prepaid) {
		set_amount(&t->prepaid, prepaid);
		dec_sub(&t->payable.v, &t->payable.v, &t->prepaid.v);
	}
	if (rounding) {
		set_amount(&t->rounding, rounding);
		dec_add(&t->payable.v, &t->payable.v, &t->rounding.v);
	}
}

/* Papierhaus' bill: one line of net at 19 %, paid to its known IBAN. */
static struct einvoice *papier_bill(const char *number, const char *issue, const char *net)
{
	struct einvoice *inv = invoice(number, issue, "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "Paper A4", net, "S", "19");
	means(inv, "58", PAPIER_IBAN, NULL);
	finish(inv, NULL, NULL);
	return inv;
}

/* ------------------------------------------------------------------ */
/* a receiver on the chart */

struct fx {
	struct journal *j;
	struct receiver *r;
	struct diag d;
	struct strbuf csv;
};

/* Loads chart + books (must check) and makes a receiver. */
static void fx_init_chart(struct fx *f, const char *chart, const char *books)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, chart);
	strbuf_addstr(&sb, books ? books : "");
	f->d = (struct diag)DIAG_INIT;
	f->j = load_str(sb.buf, &f->d);
	strbuf_release(&sb);
	assert_no_diag(&f->d);
	f->r = receiver_new(f->j);
	strbuf_init(&f->csv, 0);
}

/* Loads CHART + books (must check) and makes a receiver. */
static void fx_init(struct fx *f, const char *books)
{
	fx_init_chart(f, CHART, books);
}

static void fx_release(struct fx *f)
{
	receiver_free(f->r);
	journal_free(f->j);
	diag_release(&f->d);
	strbuf_release(&f->csv);
}

/* A digest for a test document: the SHA-256 of its name unless given. */
static void hex_of(char hex[SHA256_HEX_LEN + 1], const char *seed)
{
	sha256_hex(seed, strlen(seed), hex);
}

/* Takes inv (and frees it) as the document `name`, its digest that of `seed` (NULL: name). */
static void take(struct fx *f, const char *name, struct einvoice *inv, const char *seed)
{
	char hex[SHA256_HEX_LEN + 1];
	hex_of(hex, seed ? seed : name);
	receiver_add_einvoice(f->r, name, inv, hex);
	einvoice_free(inv);
}

/* Plans (no policy error expected) and keeps the decisions table. */
static void plan(struct fx *f)
{
	cr_assert_eq(receiver_plan(f->r, &f->d), 0);
	assert_no_diag(&f->d);
	receiver_decisions_csv(f->r, &f->csv);
}

/* Field k (0-based) of CSV row `row` (1 = the first document) of the decisions table (caller
 * frees). */
static char *cell(const struct fx *f, size_t row, size_t k)
{
	const char *p = f->csv.buf;
	for (size_t i = 0; i < row; i++) {
		bool q = false;
		for (; *p && (q || *p != '\n'); p++)
			if (*p == '"')
				q = !q;
		cr_assert(*p, "no row %zu in:\n%s", row, f->csv.buf);
		p++;
	}
	struct strbuf sb = STRBUF_INIT;
	size_t field = 0;
	bool q = false;
	for (; *p && (q || *p != '\n'); p++) {
		if (*p == '"') {
			if (q && p[1] == '"' && field == k)
				strbuf_addch(&sb, '"'), p++;
			else
				q = !q;
		} else if (*p == ',' && !q) {
			field++;
		} else if (field == k) {
			strbuf_addch(&sb, *p);
		}
	}
	return strbuf_detach(&sb, NULL);
}

enum {
	C_FILE,
	C_SYNTAX,
	C_SELLER,
	C_SELLER_VAT,
	C_NUMBER,
	C_ISSUE,
	C_DUE,
	C_CURRENCY,
	C_NET,
	C_VAT,
	C_TOTAL,
	C_PREPAID,
	C_PAYABLE,
	C_DECISION,
	C_REASON,
	C_ACCOUNT,
	C_SHA,
	C_NOTE
};

#define assert_cell(f, row, k, want)                                                               \
	do {                                                                                       \
		char *assert_cell_s_ = cell((f), (row), (k));                                      \
		cr_assert_str_eq(assert_cell_s_, (want),                                           \
		                 "row %d column %d: '%s', expected '%s'\n%s", (int)(row),          \
		                 (int)(k), assert_cell_s_, (want), (f)->csv.buf);                  \
		free(assert_cell_s_);                                                              \
	} while (0)

#define assert_decision(f, row, decision, reason)                                                  \
	do {                                                                                       \
		assert_cell((f), (row), C_DECISION, (decision));                                   \
		assert_cell((f), (row), C_REASON, (reason));                                       \
	} while (0)

/* The note of row contains needle. */
static void assert_note_has(const struct fx *f, size_t row, const char *needle)
{
	char *note = cell(f, row, C_NOTE);
	cr_assert(strstr(note, needle), "note of row %zu is '%s', expected it to contain '%s'", row,
	          note, needle);
	free(note);
}

/*
 * The text to commit is what clerk receive commits: with the books it
 * loads and checks as a batch would (no warning either).
 */
static void assert_text_loads(struct fx *f)
{
	const struct strbuf *t = receiver_text(f->r);
	struct journal_load_options lo = {.batch = true, .allow_include = false};
	struct journal_check_options co = {.strict_batch = true, .batch_only = true};
	struct diag d = DIAG_INIT;
	int rc = journal_load_buffer(f->j, "(receive)", t->buf, t->len, &lo, &d);
	if (!rc)
		rc = journal_check(f->j, &co, &d);
	if (d.n)
		cr_log_error("text:\n%s", t->buf);
	assert_no_diag(&d);
	cr_assert_eq(rc, 0);
	diag_release(&d);
}

/* The text holds the line want (a whole line). */
static void assert_text_has(const struct fx *f, const char *want)
{
	const struct strbuf *t = receiver_text(f->r);
	struct strbuf w = STRBUF_INIT;
	strbuf_addf(&w, "\n%s\n", want);
	bool found = strstr(t->buf, w.buf) != NULL || !strncmp(t->buf, w.buf + 1, w.len - 1);
	strbuf_release(&w);
	cr_assert(found, "no line '%s' in:\n%s", want, t->buf);
}

/* ------------------------------------------------------------------ */
/* posting */

Test(receive, a_bill_from_a_vendor_known_by_vat_id_is_posted)
{
	struct fx f;
	char hex[SHA256_HEX_LEN + 1];
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-46233", "2026-11-20", "1200.00");
	inv->due_date = date_parse_iso("2026-12-04");
	take(&f, "inbox/pn-46233.xml", inv, NULL);
	plan(&f);
	hex_of(hex, "inbox/pn-46233.xml");
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(
	    &want,
	    "; clerk-receive-source: pn-46233.xml\n"
	    "; clerk-receive-sha256: %s\n"
	    "2026-11-20 * (PN-46233) Papierhaus Nord GmbH | bill: Paper A4\n"
	    "    Liabilities:Payable:Papier  -1,428.00 EUR  ; invoice: PN-46233, due: 2026-12-04, "
	    "einvoice-sha256: %s\n"
	    "    Expenses:Paper  1,200.00 EUR\n"
	    "    Assets:VAT:Input:19  228.00 EUR  ; vat-category: S, vat-percent: 19, vat-base: "
	    "1200.00\n"
	    "\n",
	    hex, hex);
	cr_assert_str_eq(receiver_text(f.r)->buf, want.buf);
	strbuf_release(&want);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_FILE, "inbox/pn-46233.xml");
	assert_cell(&f, 1, C_SYNTAX, "UBL Invoice");
	assert_cell(&f, 1, C_SELLER, "Papierhaus Nord GmbH");
	assert_cell(&f, 1, C_SELLER_VAT, "DE123456789");
	assert_cell(&f, 1, C_NUMBER, "PN-46233");
	assert_cell(&f, 1, C_ISSUE, "2026-11-20");
	assert_cell(&f, 1, C_DUE, "2026-12-04");
	assert_cell(&f, 1, C_CURRENCY, "EUR");
	assert_cell(&f, 1, C_NET, "1200.00");
	assert_cell(&f, 1, C_VAT, "228.00");
	assert_cell(&f, 1, C_TOTAL, "1428.00");
	assert_cell(&f, 1, C_PREPAID, "0.00");
	assert_cell(&f, 1, C_PAYABLE, "1428.00");
	assert_cell(&f, 1, C_ACCOUNT, "Liabilities:Payable:Papier");
	assert_cell(&f, 1, C_SHA, hex);
	assert_cell(&f, 1, C_NOTE, "");
	cr_assert_eq(receiver_decided(f.r, RECEIVE_POSTED), 1);
	cr_assert_eq(receiver_exceptions(f.r), 0);
	cr_assert_str_eq(receiver_posted_digests(f.r), hex);
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, the_header_row_is_the_issues_columns_first)
{
	cr_assert_eq(
	    strncmp(RECEIVER_DECISIONS_HEADER,
	            "file,syntax,seller,seller_vat,number,issue_date,due,currency,net,vat,"
	            "total,prepaid,payable,decision,reason,",
	            strlen("file,syntax,seller,seller_vat,number,issue_date,due,currency,net,"
	                   "vat,total,prepaid,payable,decision,reason,")),
	    0);
	ASSERT_NO_LEAKS();
}

Test(receive, due_date_from_the_document_else_the_vendors_terms_else_the_issue_date)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "terms.xml", papier_bill("PN-1", "2026-11-20", "100.00"), NULL); /* net 30 */
	struct einvoice *inv = invoice("EE-1", "2026-11-20", "Elbstrom Energie GmbH", NULL);
	line(inv, "power", "100.00", "S", "19");
	means(inv, "58", STROM_IBAN, NULL);
	finish(inv, NULL, NULL);
	take(&f, "no-terms.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_DUE, "2026-12-20");
	assert_decision(&f, 2, "posted", "");
	assert_cell(&f, 2, C_DUE, "2026-11-20");
	/* Elbstrom has no expense account: the net goes to the unallocated account */
	assert_text_has(&f, "    Expenses:Unallocated  100.00 EUR");
	assert_note_has(&f, 2, "the net went to 'Expenses:Unallocated' for a person to split");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the vendor */

Test(receive, vendor_by_iban_when_no_vendor_has_the_vat_id_and_by_name_else)
{
	struct fx f;
	fx_init(&f, NULL);
	/* Elbstrom has no vat: tag: found by its second IBAN (iban: may be repeated) */
	struct einvoice *inv =
	    invoice("EE-2", "2026-11-20", "Elbstrom GmbH (new name)", "DE999999999");
	line(inv, "power", "10.00", "S", "19");
	means(inv, "58", "de75 5121 0800 1245 1261 99", NULL);
	finish(inv, NULL, NULL);
	take(&f, "by-iban.xml", inv, NULL);
	/* no IBAN, no VAT id: by name, ignoring case and runs of blanks */
	inv = invoice("EE-3", "2026-11-20", "  ELBSTROM energie   gmbh ", NULL);
	line(inv, "power", "20.00", "S", "19");
	means(inv, "59", NULL, NULL);
	finish(inv, NULL, NULL);
	take(&f, "by-name.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_ACCOUNT, "Liabilities:Payable:Strom");
	assert_decision(&f, 2, "posted", "");
	assert_cell(&f, 2, C_ACCOUNT, "Liabilities:Payable:Strom");
	/* a direct debit has no payee IBAN: posted, and the note says so */
	assert_note_has(&f, 2, "no payee IBAN in the document (payment means 59)");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, unknown_seller_is_held)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = invoice("X-1", "2026-11-20", "Fremd AG", "DE 111-222-333");
	line(inv, "thing", "10.00", "S", "19");
	means(inv, "58", "DE02120300000000202051", NULL);
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "unknown-seller");
	assert_note_has(
	    &f, 1,
	    "no vendor account (below a 'role: payable' account) has the VAT id "
	    "DE111222333, the payee account DE02120300000000202051, the name 'Fremd AG'");
	cr_assert_eq(receiver_text(f.r)->len, 0);
	cr_assert_eq(receiver_exceptions(f.r), 1);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_vendor_found_by_iban_with_another_vat_id_is_not_the_seller)
{
	struct fx f;
	fx_init(&f, NULL);
	/* the IBAN is Papierhaus', but the VAT id is nobody's and not Papierhaus' own */
	struct einvoice *inv = invoice("PN-9", "2026-11-20", "Papierhaus Nord GmbH", "DE987654321");
	line(inv, "paper", "10.00", "S", "19");
	means(inv, "58", PAPIER_IBAN, NULL);
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "unknown-seller");
	assert_note_has(&f, 1, "whose VAT id is DE123456789: not the same seller");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_name_on_two_vendors_is_ambiguous)
{
	struct fx f;
	fx_init(&f, "account Liabilities:Payable:Strom2  ; name: Elbstrom Energie GmbH\n");
	struct einvoice *inv = invoice("EE-4", "2026-11-20", "Elbstrom Energie GmbH", NULL);
	line(inv, "power", "10.00", "S", "19");
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "ambiguous-seller");
	assert_note_has(&f, 1, "the seller's name Elbstrom Energie GmbH is on 2 vendor accounts");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_vendor_on_hold_is_held)
{
	struct fx f;
	fx_init(&f,
	        "account Liabilities:Payable:Frozen  ; vat: FR12345678901, hold: in dispute over "
	        "the October delivery\n");
	struct einvoice *inv = invoice("F-1", "2026-11-20", "Frozen SARL", "FR 12 345678901");
	line(inv, "ice", "10.00", "S", "19");
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "vendor-hold");
	assert_note_has(&f, 1,
	                "'Liabilities:Payable:Frozen' is on hold: in dispute over the October "
	                "delivery");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* bank details */

Test(receive, an_iban_that_is_not_the_vendors_is_held_as_bank_details_changed)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-2", "2026-11-20", "100.00");
	means(inv, "30", "GB29 NWBK 6016 1331 9268 19", NULL); /* a second means, another account */
	take(&f, "fraud.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "iban-changed");
	assert_note_has(&f, 1,
	                "bank details changed: confirm with the vendor by phone before paying. "
	                "The document asks for payment to GB29NWBK60161331926819, which is not "
	                "among the vendor's known IBANs (DE79200700000123450000)");
	cr_assert_eq(receiver_text(f.r)->len, 0, "held: nothing posted");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, an_account_id_that_is_no_iban_is_not_compared_but_noted)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-3", "2026-11-20", "100.00");
	means(inv, "30", "5678-1234", NULL); /* a Swedish bankgiro number */
	take(&f, "bg.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_note_has(&f, 1, "the payee account 5678-1234 is not an IBAN and was not compared");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* duplicates */

Test(receive, the_same_file_twice_posts_once)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "a.xml", papier_bill("PN-5", "2026-11-20", "100.00"), "same bytes");
	take(&f, "copy-of-a.xml", papier_bill("PN-5", "2026-11-20", "100.00"), "same bytes");
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_decision(&f, 2, "duplicate", "same-file");
	assert_note_has(&f, 2, "the same file as a.xml, earlier in this call");
	cr_assert_eq(receiver_exceptions(f.r), 0, "a file received twice needs nobody");
	assert_text_loads(&f);

	/* and in a later call, with the text committed: posts nothing */
	struct strbuf books = STRBUF_INIT;
	strbuf_addstr(&books, receiver_text(f.r)->buf);
	struct fx g;
	fx_init(&g, books.buf);
	take(&g, "again.xml", papier_bill("PN-5", "2026-11-20", "100.00"), "same bytes");
	plan(&g);
	assert_decision(&g, 1, "duplicate", "same-file");
	assert_note_has(&g, 1, "the same file was received before (test.journal:");
	cr_assert_eq(receiver_text(g.r)->len, 0);
	strbuf_release(&books);
	fx_release(&g);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_number_in_the_books_is_a_duplicate_compared_normalised)
{
	struct fx f;
	fx_init(&f, "2026-11-10 * Papierhaus | typed in by hand\n"
	            "    Liabilities:Payable:Papier  -119.00 EUR  ; invoice: PN-046233\n"
	            "    Expenses:Paper\n");
	take(&f, "again.xml", papier_bill("pn 46233", "2026-11-10", "100.00"), NULL);
	take(&f, "changed.xml", papier_bill("PN-46233", "2026-11-12", "150.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "duplicate", "same-number");
	assert_note_has(&f, 1,
	                "Papierhaus Nord GmbH's bill pn 46233 is in the books already "
	                "(test.journal:");
	assert_decision(&f, 2, "duplicate", "same-number-changed");
	assert_note_has(&f, 2, "for 119.00 EUR, but this document is for 178.50 EUR");
	cr_assert_eq(receiver_exceptions(f.r), 1, "only the changed one needs a person");
	cr_assert_eq(receiver_text(f.r)->len, 0);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_number_of_another_vendor_is_no_duplicate)
{
	struct fx f;
	fx_init(&f, "2026-11-10 * Elbstrom\n"
	            "    Liabilities:Payable:Strom  -119.00 EUR  ; invoice: PN-7\n"
	            "    Expenses:Paper\n");
	take(&f, "a.xml", papier_bill("PN-7", "2026-11-10", "100.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, duplicates_among_the_documents_of_one_call)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "a.xml", papier_bill("PN-8", "2026-11-10", "100.00"), NULL);
	take(&f, "b.xml", papier_bill("PN-8", "2026-11-10", "100.00"), NULL); /* other bytes */
	take(&f, "c.xml", papier_bill("PN-9", "2026-11-10", "100.00"), NULL); /* other number */
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_decision(&f, 2, "duplicate", "same-number");
	assert_note_has(&f, 2, "(a.xml, earlier in this call)");
	assert_decision(&f, 3, "held", "probable-duplicate");
	assert_note_has(&f, 3,
	                "bill PN-9 of Papierhaus Nord GmbH has the amount (119.00 EUR) and the "
	                "date (2026-11-10) of bill PN-8 (a.xml, earlier in this call)");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_probable_duplicate_in_the_books_is_held_unless_accepted)
{
	static const char books[] =
	    "2026-11-10 * Papierhaus\n"
	    "    Liabilities:Payable:Papier  -119.00 EUR  ; invoice: PN-10\n"
	    "    Expenses:Paper\n";
	struct fx f;
	fx_init(&f, books);
	take(&f, "a.xml", papier_bill("PN-11", "2026-11-10", "100.00"), NULL);
	take(&f, "other-day.xml", papier_bill("PN-12", "2026-11-11", "100.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "probable-duplicate");
	assert_note_has(&f, 1, "If it is not, receive it with --accept");
	assert_decision(&f, 2, "posted", "");
	fx_release(&f);

	fx_init(&f, books);
	take(&f, "a.xml", papier_bill("PN-11", "2026-11-10", "100.00"), NULL);
	cr_assert_eq(receiver_accept(f.r, "a.xml"), 0);
	cr_assert_eq(receiver_accept(f.r, "nothing.xml"), CLERK_ENOTFOUND);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_note_has(&f, 1, "accepted as not a duplicate");
	cr_assert(strstr(receiver_text(f.r)->buf,
	                 "    Liabilities:Payable:Papier  -119.00 EUR  ; invoice: PN-11, due: "
	                 "2026-12-10, accepted: probable-duplicate, einvoice-sha256: "),
	          "%s", receiver_text(f.r)->buf);
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* credit notes */

/* What is open of Papierhaus' bill number after loading the text (owed-positive). */
static void assert_open(struct fx *f, const char *account, const char *number, const char *want)
{
	struct openitems *oi = NULL;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	o.side = OPENITEMS_PAYABLES;
	o.include_closed = true;
	cr_assert_eq(openitems_compute(&oi, f->j, &o), 0);
	size_t i;
	uint32_t eur = symtab_find(&f->j->commodities.names, "EUR", 3);
	cr_assert_eq(openitems_find(&i, oi, journal_find_account(f->j, account), eur, number), 0,
	             "no item %s", number);
	assert_dec(&openitems_item(oi, i)->open, want);
	openitems_free(oi);
}

#define PN20                                                                                       \
	"2026-11-01 * Papierhaus\n"                                                                \
	"    Liabilities:Payable:Papier  -1,190.00 EUR  ; invoice: PN-20\n"                        \
	"    Expenses:Paper\n"                                                                     \
	"2026-11-02 * Papierhaus\n"                                                                \
	"    Liabilities:Payable:Papier  -595.00 EUR  ; invoice: PN-21\n"                          \
	"    Expenses:Paper\n"                                                                     \
	"2026-11-05 * paid\n"                                                                      \
	"    Liabilities:Payable:Papier  595.00 EUR  ; invoice: PN-21\n"                           \
	"    Assets:Bank\n"

static struct einvoice *papier_credit(const char *number, const char *credits, const char *net)
{
	struct einvoice *inv =
	    credit_note(number, "2026-11-15", "Papierhaus Nord GmbH", "DE123456789", credits);
	line(inv, "returned paper", net, "S", "19");
	finish(inv, NULL, NULL);
	return inv;
}

Test(receive, a_credit_note_reduces_the_open_bill_it_refers_to)
{
	struct fx f;
	fx_init(&f, PN20);
	take(&f, "cn-1.xml", papier_credit("CN-1", "pn 020", "100.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_SYNTAX, "UBL CreditNote");
	assert_cell(&f, 1, C_PAYABLE, "119.00");
	assert_cell(&f, 1, C_DUE, "");
	assert_note_has(&f, 1, "reduces bill PN-20");
	assert_text_has(&f,
	                "2026-11-15 * (CN-1) Papierhaus Nord GmbH | credit note: returned paper");
	cr_assert(
	    strstr(receiver_text(f.r)->buf,
	           "    Liabilities:Payable:Papier  119.00 EUR  ; invoice: PN-20, credit-note: "
	           "CN-1, einvoice-sha256: "));
	assert_text_has(&f, "    Expenses:Paper  -100.00 EUR");
	assert_text_has(&f,
	                "    Assets:VAT:Input:19  -19.00 EUR  ; vat-category: S, vat-percent: 19, "
	                "vat-base: 100.00");
	assert_text_loads(&f);
	assert_open(&f, "Liabilities:Payable:Papier", "PN-20", "1071.00");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_credit_note_for_a_settled_or_unknown_bill_is_held)
{
	struct fx f;
	fx_init(&f, PN20);
	take(&f, "settled.xml", papier_credit("CN-2", "PN-21", "10.00"), NULL);
	take(&f, "unknown.xml", papier_credit("CN-3", "PN-99", "10.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "unknown-credited-bill");
	assert_note_has(&f, 1,
	                "credit note CN-2 credits bill PN-21, which is settled already "
	                "(test.journal:");
	assert_decision(&f, 2, "held", "unknown-credited-bill");
	assert_note_has(&f, 2, "which is not a bill of the vendor in the books");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_credit_note_without_reference_is_an_open_credit_under_its_own_number)
{
	struct fx f;
	fx_init(&f, PN20);
	take(&f, "cn-4.xml", papier_credit("CN-4", NULL, "10.00"), NULL);
	/* a negative invoice (380) credits too: its amounts are negative already */
	struct einvoice *inv =
	    invoice("PN-NEG", "2026-11-16", "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "bonus", "-50.00", "S", "19");
	finish(inv, NULL, NULL);
	take(&f, "neg.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_note_has(&f, 1, "refers to no bill: an open credit with the vendor");
	cr_assert(strstr(
	    receiver_text(f.r)->buf,
	    "    Liabilities:Payable:Papier  11.90 EUR  ; invoice: CN-4, credit-note: CN-4, "));
	assert_decision(&f, 2, "posted", "");
	assert_cell(&f, 2, C_PAYABLE, "-59.50");
	cr_assert(
	    strstr(receiver_text(f.r)->buf,
	           "    Liabilities:Payable:Papier  59.50 EUR  ; invoice: PN-NEG, credit-note: "
	           "PN-NEG, "));
	assert_text_has(&f, "    Expenses:Paper  -50.00 EUR");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_credit_note_received_before_is_a_duplicate)
{
	struct fx f;
	fx_init(&f, PN20);
	take(&f, "cn-1.xml", papier_credit("CN-1", "PN-20", "100.00"), NULL);
	plan(&f);
	struct strbuf books = STRBUF_INIT;
	strbuf_addf(&books, "%s%s", PN20, receiver_text(f.r)->buf);
	struct fx g;
	fx_init(&g, books.buf);
	take(&g, "cn-1-resent.xml", papier_credit("CN-1", "PN-20", "100.00"), NULL);
	take(&g, "cn-5.xml", papier_credit("CN-5", "PN-20", "100.00"), NULL); /* same day, amount */
	plan(&g);
	assert_decision(&g, 1, "duplicate", "same-number");
	assert_note_has(&g, 1, "Papierhaus Nord GmbH's credit note CN-1 is in the books already");
	assert_decision(&g, 2, "held", "probable-duplicate");
	strbuf_release(&books);
	fx_release(&g);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* VAT */

Test(receive, vat_per_rate_to_the_account_tagged_with_it_else_the_one_untagged)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv =
	    invoice("PN-40", "2026-11-20", "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "paper", "100.00", "S", "19");
	line(inv, "books", "50.00", "S", "7");
	line(inv, "food", "200.00", "S", "5.5");
	line(inv, "stamps", "3.00", "E", "0");
	means(inv, "58", PAPIER_IBAN, NULL);
	finish(inv, NULL, NULL);
	take(&f, "rates.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_VAT, "33.50");
	assert_text_has(&f, "    Expenses:Paper  353.00 EUR");
	assert_text_has(&f,
	                "    Assets:VAT:Input:19  19.00 EUR  ; vat-category: S, vat-percent: 19, "
	                "vat-base: 100.00");
	assert_text_has(&f, "    Assets:VAT:Input:7  3.50 EUR  ; vat-category: S, vat-percent: 7, "
	                    "vat-base: 50.00");
	assert_text_has(&f, "    Assets:VAT:Input  11.00 EUR  ; vat-category: S, vat-percent: 5.5, "
	                    "vat-base: 200.00");
	cr_assert_null(strstr(receiver_text(f.r)->buf, "vat-category: E"), "no posting for 0 VAT");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, vat_at_a_rate_no_account_takes_is_held)
{
	struct fx f;
	fx_init(&f,
	        "account Assets:VAT:Other  ; role: vat-input\n"); /* two untagged: no fallback */
	struct einvoice *inv =
	    invoice("PN-41", "2026-11-20", "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "food", "200.00", "S", "5.5");
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	take(&f, "y.xml", papier_bill("PN-42", "2026-11-21", "10.00"), NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "no-vat-account");
	assert_note_has(&f, 1,
	                "no 'role: vat-input' account takes input VAT at 5.5 %: tag one with "
	                "'vat-rate: 5.5'");
	assert_decision(&f, 2, "posted", "");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

static struct einvoice *cloud_bill(const char *number, const char *cat)
{
	struct einvoice *inv = invoice(number, cat[0] == 'K' ? "2026-11-02" : "2026-11-01",
	                               "Cloudberry Software B.V.", "NL123456789B01");
	inv->seller.address.country = einvoice_strdup(inv, "NL");
	inv->buyer.vat_id = einvoice_strdup(inv, "DE811111111");
	line(inv, "design suite", "240.00", cat, "0");
	finish(inv, NULL, NULL);
	/* an intra-community supply says when and where it was delivered (BR-IC-11, -12) */
	inv->delivery_date = inv->issue_date;
	inv->has_deliver_to = true;
	inv->deliver_to.address.country = einvoice_strdup(inv, "DE");
	return inv;
}

Test(receive, reverse_charge_and_intra_community_bills_are_self_assessed_at_the_books_rate)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "ae.xml", cloud_bill("CB-1", "AE"), NULL);
	take(&f, "k.xml", cloud_bill("CB-2", "K"), NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_VAT, "0.00");
	assert_note_has(&f, 1, "reverse charge: VAT self-assessed at 19 %");
	assert_text_has(&f, "    Expenses:Software  240.00 EUR");
	assert_text_has(&f,
	                "    Assets:VAT:Input:19  45.60 EUR  ; vat-category: AE, vat-percent: 19, "
	                "vat-base: 240.00, self-assessed: yes");
	assert_text_has(&f,
	                "    Liabilities:VAT:Output  -45.60 EUR  ; vat-category: AE, vat-percent: "
	                "19, vat-base: 240.00, self-assessed: yes");
	assert_decision(&f, 2, "posted", "");
	assert_note_has(&f, 2, "intra-community acquisition: VAT self-assessed at 19 %");
	assert_text_has(&f,
	                "    Assets:VAT:Input:19  45.60 EUR  ; vat-category: K, vat-percent: 19, "
	                "vat-base: 240.00, self-assessed: yes");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* CHART without the self-assessment rate and without the unallocated account */
#define PLAIN_CHART                                                                                \
	"commodity 1,000.00 EUR\n"                                                                 \
	"account Assets:VAT:Input  ; role: vat-input\n"                                            \
	"account Liabilities:VAT:Output  ; role: vat-output, vat-rate: 19\n"                       \
	"account Liabilities:Payable  ; role: payable\n"                                           \
	"account Liabilities:Payable:Cloud  ; vat: NL123456789B01, expense: Expenses:Software\n"   \
	"account Liabilities:Payable:Papier  ; vat: DE123456789\n"                                 \
	"account Expenses:Software\n"

Test(receive, without_a_self_assessment_rate_reverse_charge_posts_the_net_only)
{
	struct fx f;
	fx_init_chart(&f, PLAIN_CHART, NULL);
	take(&f, "ae.xml", cloud_bill("CB-3", "AE"), NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_note_has(&f, 1,
	                "reverse charge: no VAT posted (no vat-output account has "
	                "'self-assess:')");
	cr_assert_null(strstr(receiver_text(f.r)->buf, "Assets:VAT"));
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, no_account_for_the_net_is_held)
{
	struct fx f;
	fx_init_chart(&f, PLAIN_CHART, NULL);
	struct einvoice *inv =
	    invoice("PN-50", "2026-11-20", "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "paper", "100.00", "S", "19");
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "held", "no-expense-account");
	assert_note_has(&f, 1,
	                "'Liabilities:Payable:Papier' names no 'expense:' account and the "
	                "books have no 'role: unallocated' account");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, two_input_vat_accounts_for_one_rate_stop_everything)
{
	struct fx f;
	fx_init(&f, "account Assets:VAT:Other  ; role: vat-input, vat-rate: 19.0\n");
	take(&f, "x.xml", papier_bill("PN-51", "2026-11-20", "10.00"), NULL);
	cr_assert_eq(receiver_plan(f.r, &f.d), CLERK_EINVALID);
	assert_diag_at(&f.d,
	               "input VAT at 19.0 % goes to 'Assets:VAT:Input:19' and to "
	               "'Assets:VAT:Other': give each rate one vat-input account",
	               22, 0);
	cr_assert_eq(receiver_text(f.r)->len, 0);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* prepaid, rounding, currency, refusals */

Test(receive, prepaid_and_rounding_balance_and_the_open_item_is_the_amount_due)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv =
	    invoice("PN-30", "2026-11-20", "Papierhaus Nord GmbH", "DE123456789");
	line(inv, "press", "1000.00", "S", "19");
	means(inv, "58", PAPIER_IBAN, "RF18 5390 0754 7034");
	finish(inv, "500.00", "0.01");
	take(&f, "pre.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_TOTAL, "1190.00");
	assert_cell(&f, 1, C_PREPAID, "500.00");
	assert_cell(&f, 1, C_PAYABLE, "690.01");
	cr_assert(strstr(
	    receiver_text(f.r)->buf,
	    "    Liabilities:Payable:Papier  -690.01 EUR  ; invoice: PN-30, due: 2026-12-20, "
	    "ref: RF18539007547034, einvoice-sha256: "));
	assert_text_has(&f, "    Liabilities:Payable:Papier  -500.00 EUR  ; prepaid: yes");
	assert_text_has(&f, "    Expenses:Paper  1,000.00 EUR");
	assert_text_has(&f, "    Expenses:Paper  0.01 EUR  ; rounding: yes");
	assert_text_loads(&f);
	assert_open(&f, "Liabilities:Payable:Papier", "PN-30", "690.01");
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_reference_that_is_not_a_valid_rf_is_kept_as_remittance)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-31", "2026-11-20", "10.00");
	inv->means.v[0].remittance = einvoice_strdup(inv, "RF19 5390 0754 7034");
	take(&f, "a.xml", inv, NULL);
	inv = papier_bill("PN-32", "2026-11-20", "20.00");
	inv->means.v[0].remittance = einvoice_strdup(inv, "Kd 4711, Re 32");
	take(&f, "b.xml", inv, NULL);
	plan(&f);
	assert_note_has(&f, 1,
	                "the payment reference RF19 5390 0754 7034 is not a valid RF reference");
	cr_assert(strstr(receiver_text(f.r)->buf, "remittance: RF19 5390 0754 7034, "));
	cr_assert(strstr(receiver_text(f.r)->buf, "ref: Kd 4711; Re 32, "));
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, a_currency_the_books_do_not_declare_is_refused_a_declared_one_posted)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-60", "2026-11-20", "10.00");
	memcpy(inv->currency, "SEK", 4);
	take(&f, "sek.xml", inv, NULL);
	inv = papier_bill("PN-61", "2026-11-20", "1000.00");
	memcpy(inv->currency, "USD", 4);
	take(&f, "usd.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "refused", "unknown-currency");
	assert_note_has(&f, 1, "the books declare no commodity 'SEK'");
	assert_decision(&f, 2, "posted", "");
	assert_cell(&f, 2, C_CURRENCY, "USD");
	assert_text_has(&f, "    Expenses:Paper  1,000.00 USD");
	assert_text_loads(&f);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, totals_that_do_not_add_up_are_refused_never_written_unbalanced)
{
	struct fx f;
	fx_init(&f, NULL);
	struct einvoice *inv = papier_bill("PN-70", "2026-11-20", "100.00");
	set_dec(&inv->totals.payable.v, "118.99");
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "refused", "BR-CO-16");
	cr_assert_eq(receiver_text(f.r)->len, 0);
	cr_assert_eq(receiver_exceptions(f.r), 1);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, what_is_not_an_einvoice_is_refused)
{
	struct fx f;
	fx_init(&f, NULL);
	receiver_add_buffer(f.r, "notes.txt", "hello", 5, NULL);
	receiver_add_buffer(f.r, "page.html", "\xEF\xBB\xBF <html/>", 12, NULL);
	plan(&f);
	assert_decision(&f, 1, "refused", "bad-xml");
	assert_cell(&f, 1, C_SYNTAX, "");
	assert_cell(&f, 1, C_NET, "");
	assert_decision(&f, 2, "refused", "not-einvoice");
	cr_assert_eq(receiver_exceptions(f.r), 2);
	struct strbuf sb = STRBUF_INIT;
	receiver_refusals_text(f.r, &sb);
	cr_assert(strstr(sb.buf, "notes.txt:"), "%s", sb.buf);
	cr_assert(strstr(sb.buf, "page.html:"), "%s", sb.buf);
	strbuf_release(&sb);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, text_and_exceptions_say_what_happened)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "ok.xml", papier_bill("PN-80", "2026-11-20", "100.00"), NULL);
	struct einvoice *inv = papier_bill("PN-81", "2026-11-21", "100.00");
	inv->means.v[0].iban = einvoice_strdup(inv, "GB29NWBK60161331926819");
	take(&f, "fraud.xml", inv, NULL);
	plan(&f);
	struct strbuf sb = STRBUF_INIT;
	receiver_report(f.r, &sb);
	cr_assert_str_eq(
	    sb.buf,
	    "ok.xml: posted: bill PN-80 of Papierhaus Nord GmbH, 119.00 EUR to "
	    "'Liabilities:Payable:Papier', due 2026-12-20\n"
	    "fraud.xml: held (iban-changed): bill PN-81 of Papierhaus Nord GmbH, 119.00 EUR\n"
	    "  bank details changed: confirm with the vendor by phone before paying. The "
	    "document asks for payment to GB29NWBK60161331926819, which is not among the "
	    "vendor's known IBANs (DE79200700000123450000) of 'Liabilities:Payable:Papier'; "
	    "once confirmed, add it to the vendor's account ('iban: "
	    "GB29NWBK60161331926819') and receive it again\n"
	    "2 documents: 1 posted, 1 held, 0 duplicates, 0 refused\n");
	strbuf_reset(&sb);
	receiver_exceptions_text(f.r, &sb);
	cr_assert(!strncmp(sb.buf,
	                   "  held fraud.xml (iban-changed): bill PN-81 of Papierhaus Nord "
	                   "GmbH, 119.00 EUR: bank details changed",
	                   strlen("  held fraud.xml (iban-changed): bill PN-81 of Papierhaus Nord "
	                          "GmbH, 119.00 EUR: bank details changed")),
	          "%s", sb.buf);
	cr_assert_eq(strchr(sb.buf, '\n') - sb.buf + 1, (long)sb.len, "one line");
	strbuf_release(&sb);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the tags clerk check validates for receiving */

static void check_books(const char *text, const char *want)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	if (want)
		cr_assert_not_null(diag_find(&d, want), "no diagnostic '%s'", want);
	else
		assert_no_diag(&d);
	journal_free(j);
	diag_release(&d);
}

#define TAG_CHART                                                                                  \
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000\n"                        \
	"account Assets:VAT  ; role: vat-input\n"                                                  \
	"account Liabilities:VAT  ; role: vat-output\n"                                            \
	"account Assets:Receivable  ; role: receivable\n"                                          \
	"account Liabilities:Payable  ; role: payable\n"                                           \
	"account Expenses:Paper  ; vat: 19\n" /* the user's own tag off party accounts */

Test(receive, check_reads_vat_ids_expense_accounts_holds_and_rates)
{
	check_books(TAG_CHART "account Liabilities:Payable:A  ; vat: de 123.456-789, expense: "
	                      "Expenses:Paper, hold: checking bank details\n"
	                      "    ; iban: DE79200700000123450000, iban: DE22200300000077123456\n"
	                      "account Assets:VAT:19  ; vat-rate: 19\n"
	                      "account Assets:VAT:5  ; vat-rate: 5.5\n"
	                      "account Liabilities:VAT:RC  ; self-assess: 19, vat-rate: 100\n",
	            NULL);
	check_books(TAG_CHART "account Liabilities:Payable:A  ; vat: 123456789\n",
	            "tag 'vat: 123456789': not a VAT id");
	check_books(TAG_CHART "account Liabilities:Payable:A  ; expense: Expenses:Nowhere\n",
	            "tag 'expense: Expenses:Nowhere': not a declared account");
	check_books(TAG_CHART "account Liabilities:Payable:A  ; expense: Assets:Bank\n",
	            "a bill's net cannot go to a party, bank, VAT or transit account");
	check_books(TAG_CHART "account Assets:Receivable:C  ; expense: Expenses:Paper\n",
	            "an expense account belongs on a vendor's account");
	check_books(TAG_CHART "account Liabilities:Payable:A  ; hold:\n",
	            "say why the vendor is on hold");
	check_books(TAG_CHART "account Expenses:Paper2  ; vat-rate: 19\n",
	            "a VAT rate belongs on a 'role: vat-input' or 'role: vat-output' account");
	check_books(TAG_CHART "account Assets:VAT:19  ; vat-rate: 19 %\n",
	            "not a VAT rate in percent, like 19 or 5.5");
	check_books(TAG_CHART "account Assets:VAT:19  ; vat-rate: 100.5\n",
	            "not a VAT rate in percent, like 19 or 5.5");
	check_books(TAG_CHART "account Assets:VAT:19  ; self-assess: 19\n",
	            "a self-assessment rate belongs on a 'role: vat-output' account");
	/* a bank account has one IBAN; a vendor may have several */
	check_books(TAG_CHART "account Assets:Bank:B  ; iban: DE89370400440532013000, iban: "
	                      "DE79200700000123450000\n",
	            "given twice");
	ASSERT_NO_LEAKS();
}

Test(receive, the_text_is_in_date_order_whatever_the_order_given)
{
	struct fx f;
	fx_init(&f, NULL);
	take(&f, "late.xml", papier_bill("PN-92", "2026-11-22", "10.00"), NULL);
	take(&f, "early.xml", papier_bill("PN-90", "2026-11-02", "20.00"), NULL);
	take(&f, "same-day.xml", papier_bill("PN-91", "2026-11-22", "30.00"), NULL);
	plan(&f);
	/* the decisions stay in the order given */
	assert_cell(&f, 1, C_NUMBER, "PN-92");
	assert_cell(&f, 2, C_NUMBER, "PN-90");
	const char *t = receiver_text(f.r)->buf;
	const char *a = strstr(t, "(PN-90)"), *b = strstr(t, "(PN-92)"), *c = strstr(t, "(PN-91)");
	cr_assert(a && b && c && a < b && b < c, "not in date order (ties as given):\n%s", t);
	/* so the posted file passes clerk check --strict's date order */
	struct journal_load_options lo = {.batch = true, .allow_include = false};
	struct journal_check_options co = {.strict = true};
	struct diag d = DIAG_INIT;
	cr_assert_eq(journal_load_buffer(f.j, "(receive)", t, strlen(t), &lo, &d), 0);
	cr_assert_eq(journal_check(f.j, &co, &d), 0);
	assert_no_diag(&d);
	diag_release(&d);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, two_self_assessment_accounts_stop_everything)
{
	struct fx f;
	fx_init(&f, "account Liabilities:VAT:Output2  ; role: vat-output, self-assess: 7\n");
	take(&f, "x.xml", papier_bill("PN-52", "2026-11-20", "10.00"), NULL);
	cr_assert_eq(receiver_plan(f.r, &f.d), CLERK_EINVALID);
	assert_diag_at(&f.d,
	               "'Liabilities:VAT:Output' and 'Liabilities:VAT:Output2' both have "
	               "'self-assess:'",
	               22, 0);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, document_texts_are_cleaned_for_the_journal)
{
	struct fx f;
	fx_init(&f, NULL);
	/* a number with a comma, parentheses and a semicolon; a name with a ';' and a
	 * line break; a first line's name longer than 200 bytes, cut at a character */
	struct einvoice *inv =
	    invoice("A(1), B;2", "2026-11-20", "Papierhaus Nord GmbH", "DE123456789");
	struct strbuf longname = STRBUF_INIT;
	for (int i = 0; i < 70; i++)
		strbuf_addstr(&longname, "Pä ");
	line(inv, longname.buf, "10.00", "S", "19");
	inv->seller.name = einvoice_strdup(inv, "Papierhaus;\nNord GmbH");
	finish(inv, NULL, NULL);
	take(&f, "x.xml", inv, NULL);
	plan(&f);
	assert_decision(&f, 1, "posted", "");
	assert_cell(&f, 1, C_NUMBER, "A(1); B;2");
	const char *t = receiver_text(f.r)->buf;
	cr_assert(strstr(t, "2026-11-20 * (A[1], B,2) Papierhaus, Nord GmbH | bill: Pä Pä "), "%s",
	          t);
	cr_assert(strstr(t, "; invoice: A(1); B;2, due: "), "%s", t);
	/* the description is cut to 200 bytes, never inside the two bytes of an ä */
	const char *d = strstr(t, "| bill: ") + strlen("| bill: ");
	size_t n = (size_t)(strchr(d, '\n') - d);
	cr_assert(n <= 200 && n >= 195, "description of %zu bytes", n);
	cr_assert(d[n - 1] != '\xC3', "cut inside a character");
	assert_text_loads(&f);
	strbuf_release(&longname);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

Test(receive, documents_from_files_and_open_files, TMPDIR_FIXTURE)
{
	static const char notxml[] = "Rechnung folgt per Post.\n";
	struct fx f;
	char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	fx_init(&f, NULL);
	write_file("letter.txt", notxml);
	char *path = tpath("letter.txt");
	cr_assert_eq(receiver_add_file(f.r, path, "letter.txt", hex), 0);
	sha256_hex(notxml, strlen(notxml), want);
	cr_assert_str_eq(hex, want);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(read(fd, hex, 9), 9); /* an open file is read from where it stands */
	cr_assert_eq(receiver_add_fd(f.r, fd, "rest.txt", hex), 0);
	close(fd);
	sha256_hex(notxml + 9, strlen(notxml) - 9, want);
	cr_assert_str_eq(hex, want);
	char *missing = tpath("nothing.xml");
	cr_assert_eq(receiver_add_file(f.r, missing, NULL, NULL), CLERK_ENOTFOUND);
	cr_assert_eq(receiver_add_file(f.r, tdir, NULL, NULL), CLERK_EIO, "a folder is refused");
	cr_assert_eq(receiver_count(f.r), 2, "what cannot be read is not taken");
	plan(&f);
	assert_decision(&f, 1, "refused", "bad-xml");
	assert_decision(&f, 2, "refused", "bad-xml");
	free(path);
	free(missing);
	fx_release(&f);
	ASSERT_NO_LEAKS();
}

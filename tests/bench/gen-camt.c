/*
 * gen-camt.c - deterministic camt.053 generator for benchmarks.
 *
 * Usage: gen-camt N [SEED]
 *
 * Writes to standard output one camt.053.001.08 statement (one Stmt) with N
 * entries (Ntry), streaming: memory does not grow with N. Every entry has
 * transaction details: about one in ten is a batch of 2 to 5 TxDtls, the
 * others have one. Each TxDtls has references (EndToEndId, AcctSvcrRef,
 * UETR-like TxId), its amount, a bank transaction code, the debtor and the
 * creditor with name and IBAN, and remittance information (Ustrd, and for
 * a third of them a structured creditor reference). One entry in twenty is
 * an outgoing payment with charges (Chrgs/Rcrd, not included: the entry
 * amount is the transaction amount plus the charge); one in fifty is
 * pending (Sts/Cd PDNG), the rest booked (BOOK).
 *
 * The opening balance (OPBD) is 100000.00 EUR and the closing balance
 * (CLBD) is the opening plus the booked credits minus the booked debits, so
 * `clerk camt --summary` says the statement is balanced. The generator makes
 * two passes with the same pseudo-random sequence: the first adds up the
 * amounts, the second writes, because the balances come before the entries.
 *
 * The output depends only on N and SEED (default 1): the pseudo-random
 * generator is splitmix64, implemented here.
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -o gen-camt gen-camt.c
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define MAX_TXS 5

struct tx {
	int64_t cents;
	uint32_t party, ref;
	int structured;
};

struct entry {
	int credit, booked, charges, ntxs;
	int64_t cents; /* entry amount */
	struct tx txs[MAX_TXS];
};

static const char *const names[] = {
	"Acme GmbH",	       "Paperco Ltd",	"Müller &amp; Söhne KG", "Jean Dupont",
	"Stadtwerke Nord",     "Fabrikam Inc",	"Contoso AG",	     "Ørsted Handel A/S",
	"Northwind Traders",   "Tailspin Toys", "Wide World Importers", "Adventure Works",
};

/* Draws one entry; both passes call this in the same order. */
static void draw(struct entry *e)
{
	e->credit = rng_below(2);
	e->booked = rng_below(50) != 0;
	e->ntxs = rng_below(10) == 0 ? 2 + (int)rng_below(4) : 1;
	e->charges = !e->credit && rng_below(20) == 0;
	e->cents = 0;
	for (int i = 0; i < e->ntxs; i++) {
		struct tx *t = &e->txs[i];
		t->cents = 1 + (int64_t)rng_below(500000);
		t->party = rng_below((uint32_t)(sizeof(names) / sizeof(names[0])));
		t->ref = rng_below(1000000000);
		t->structured = rng_below(3) == 0;
		e->cents += t->cents;
	}
	if (e->charges)
		e->cents += 150;
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

static void put_date(int64_t day)
{
	int y, m, d;
	civil(day, &y, &m, &d);
	printf("%04d-%02d-%02d", y, m, d);
}

static void put_amount(const char *indent, const char *tag, int64_t cents)
{
	printf("%s<%s Ccy=\"EUR\">%" PRId64 ".%02d</%s>\n", indent, tag, cents / 100,
	       (int)(cents % 100), tag);
}

static void put_balance(const char *code, int64_t cents, int64_t day)
{
	printf("      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>%s</Cd>\n"
	       "          </CdOrPrtry>\n        </Tp>\n",
	       code);
	put_amount("        ", "Amt", cents < 0 ? -cents : cents);
	printf("        <CdtDbtInd>%s</CdtDbtInd>\n        <Dt>\n          <Dt>",
	       cents < 0 ? "DBIT" : "CRDT");
	put_date(day);
	printf("</Dt>\n        </Dt>\n      </Bal>\n");
}

static void put_party(const char *role, uint32_t party, uint32_t salt)
{
	printf("              <%s>\n                <Pty>\n                  <Nm>%s</Nm>\n"
	       "                </Pty>\n              </%s>\n"
	       "              <%sAcct>\n                <Id>\n"
	       "                  <IBAN>DE%02u%08u%010u</IBAN>\n"
	       "                </Id>\n              </%sAcct>\n",
	       role, names[party], role, role, (party * 7 + 11) % 90 + 10,
	       37040044u + party, salt, role);
}

static void put_entry(uint64_t index, const struct entry *e, int64_t day)
{
	printf("      <Ntry>\n");
	put_amount("        ", "Amt", e->cents);
	printf("        <CdtDbtInd>%s</CdtDbtInd>\n        <Sts>\n          <Cd>%s</Cd>\n"
	       "        </Sts>\n        <BookgDt>\n          <Dt>",
	       e->credit ? "CRDT" : "DBIT", e->booked ? "BOOK" : "PDNG");
	put_date(day);
	printf("</Dt>\n        </BookgDt>\n        <ValDt>\n          <Dt>");
	put_date(day + (index % 3 == 0));
	printf("</Dt>\n        </ValDt>\n        <AcctSvcrRef>BANK%012" PRIu64 "</AcctSvcrRef>\n",
	       index);
	printf("        <BkTxCd>\n          <Domn>\n            <Cd>PMNT</Cd>\n            <Fmly>\n"
	       "              <Cd>%s</Cd>\n              <SubFmlyCd>%s</SubFmlyCd>\n"
	       "            </Fmly>\n          </Domn>\n        </BkTxCd>\n",
	       e->credit ? "RCDT" : "ICDT", e->ntxs > 1 ? "BOOK" : "ESCT");
	if (e->charges)
		printf("        <Chrgs>\n          <TtlChrgsAndTaxAmt Ccy=\"EUR\">1.50</TtlChrgsAndTaxAmt>\n"
		       "          <Rcrd>\n            <Amt Ccy=\"EUR\">1.50</Amt>\n"
		       "            <CdtDbtInd>DBIT</CdtDbtInd>\n"
		       "            <ChrgInclInd>false</ChrgInclInd>\n          </Rcrd>\n"
		       "        </Chrgs>\n");
	printf("        <NtryDtls>\n");
	if (e->ntxs > 1)
		printf("          <Btch>\n            <PmtInfId>BATCH-%" PRIu64 "</PmtInfId>\n"
		       "            <NbOfTxs>%d</NbOfTxs>\n          </Btch>\n",
		       index, e->ntxs);
	for (int i = 0; i < e->ntxs; i++) {
		const struct tx *t = &e->txs[i];
		printf("          <TxDtls>\n            <Refs>\n"
		       "              <AcctSvcrRef>TX%012" PRIu64 "-%d</AcctSvcrRef>\n"
		       "              <EndToEndId>E2E-%09u</EndToEndId>\n"
		       "              <TxId>%016" PRIx64 "</TxId>\n            </Refs>\n",
		       index, i + 1, t->ref, index * 977 + (uint64_t)i);
		put_amount("            ", "Amt", t->cents);
		printf("            <CdtDbtInd>%s</CdtDbtInd>\n            <RltdPties>\n",
		       e->credit ? "CRDT" : "DBIT");
		put_party("Dbtr", e->credit ? t->party : 0, t->ref % 100000u);
		put_party("Cdtr", e->credit ? 0 : t->party, t->ref % 99991u);
		printf("            </RltdPties>\n            <RmtInf>\n"
		       "              <Ustrd>Invoice INV-%09u of customer %u</Ustrd>\n",
		       t->ref, t->party);
		if (t->structured)
			printf("              <Strd>\n                <CdtrRefInf>\n"
			       "                  <Tp>\n                    <CdOrPrtry>\n"
			       "                      <Cd>SCOR</Cd>\n                    </CdOrPrtry>\n"
			       "                  </Tp>\n                  <Ref>REF%09u</Ref>\n"
			       "                </CdtrRefInf>\n              </Strd>\n",
			       t->ref);
		printf("            </RmtInf>\n          </TxDtls>\n");
	}
	printf("        </NtryDtls>\n      </Ntry>\n");
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	char *end;
	uint64_t n, seed = 1;
	int64_t opening = 10000000, closing, first_day = 19723; /* 2024-01-01 */
	uint64_t per_day;
	struct entry e;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen-camt N [SEED]\n");
		return 2;
	}
	n = strtoull(argv[1], &end, 10);
	if (*end || !*argv[1]) {
		fprintf(stderr, "gen-camt: bad N '%s'\n", argv[1]);
		return 2;
	}
	if (argc == 3) {
		seed = strtoull(argv[2], &end, 10);
		if (*end || !*argv[2]) {
			fprintf(stderr, "gen-camt: bad SEED '%s'\n", argv[2]);
			return 2;
		}
	}
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	per_day = n / 365 ? n / 365 : 1;

	/* pass 1: the closing balance */
	rng_state = seed;
	closing = opening;
	for (uint64_t i = 0; i < n; i++) {
		draw(&e);
		if (e.booked)
			closing += e.credit ? e.cents : -e.cents;
	}

	/* pass 2: the document */
	rng_state = seed;
	int64_t last_day = first_day + (int64_t)((n ? n - 1 : 0) / per_day);
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
	       "  <BkToCstmrStmt>\n    <GrpHdr>\n      <MsgId>GEN-%" PRIu64 "-%" PRIu64 "</MsgId>\n"
	       "      <CreDtTm>2025-01-01T06:00:00+01:00</CreDtTm>\n    </GrpHdr>\n"
	       "    <Stmt>\n      <Id>GEN-STMT-%" PRIu64 "</Id>\n"
	       "      <ElctrncSeqNb>1</ElctrncSeqNb>\n"
	       "      <CreDtTm>2025-01-01T06:00:00+01:00</CreDtTm>\n      <FrToDt>\n        <FrDtTm>",
	       n, seed, n);
	put_date(first_day);
	printf("T00:00:00+01:00</FrDtTm>\n        <ToDtTm>");
	put_date(last_day);
	printf("T23:59:59+01:00</ToDtTm>\n      </FrToDt>\n      <Acct>\n        <Id>\n"
	       "          <IBAN>DE89370400440532013000</IBAN>\n        </Id>\n"
	       "        <Ccy>EUR</Ccy>\n      </Acct>\n");
	put_balance("OPBD", opening, first_day - 1);
	put_balance("CLBD", closing, last_day);
	for (uint64_t i = 0; i < n; i++) {
		draw(&e);
		put_entry(i + 1, &e, first_day + (int64_t)(i / per_day));
	}
	printf("    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n");
	if (fflush(stdout) || ferror(stdout)) {
		perror("gen-camt: write");
		return 1;
	}
	return 0;
}

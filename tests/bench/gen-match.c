/*
 * gen-match.c - deterministic books and camt.053 statement for benchmarking
 * `clerk import` (matching bank movements to open items).
 *
 * Usage: gen-match BOOKS.journal STATEMENT.xml N_ITEMS N_MOVEMENTS [SEED [END]]
 *
 * END (YYYY-MM-DD), when given, is the statement's last day: the
 * movements are booked in the 20 days up to it instead of right after the
 * last invoice (the night benchmark ends them on the Friday before its
 * run date, so that its bank data are complete: formats/run.md).
 *
 * BOOKS.journal:
 *   - `commodity 1,000.00 EUR`; the bank account `Assets:Bank` (role bank,
 *     IBAN DE89370400440532013000), `Assets:Suspense` (role suspense),
 *     `Assets:Receivable` (role receivable), `Income:Sales`, `Equity:Opening`;
 *   - max(1, N_ITEMS/50) customers (GEN_CUSTOMERS) `Assets:Receivable:C000123` with a
 *     `name:` and a valid `iban:` (DE, mod-97 check digits computed here);
 *   - an opening transaction putting the bank at 50,000.00 EUR (asserted);
 *   - N_ITEMS invoices INV-0000001... in date order from 2020-01-01, invoice
 *     i for customer (i-1) mod customers, each debiting the customer with
 *     `invoice:`, `due:` (date + 30) and `ref:` (an ISO 11649 RF reference
 *     whose body is the invoice's digits) and crediting Income:Sales.
 *
 * STATEMENT.xml: one camt.053.001.02 statement for the bank's IBAN with
 * N_MOVEMENTS booked credit entries, each with a unique AcctSvcrRef and one
 * TxDtls, dated after the last invoice:
 *   - 40% pay one invoice by its RF reference (Strd/CdtrRefInf/Ref), exact;
 *   - 30% name one invoice in Ustrd ("Invoice INV-0001234"); one in five of
 *     them pays half of it (partial), the others the exact amount;
 *   - 20% give only the customer's IBAN (another name, no number) and the
 *     exact amount of one of its open items: the customer's oldest invoice
 *     not yet paid, among its first 25 (whose cents are unique per customer,
 *     so the amount rule finds exactly that one);
 *   - 10% come from unknown payers (unknown IBAN and name, no number): they
 *     go to suspense.
 * Every invoice is paid at most once: the first 25 invoices of each customer
 * are kept for the amount rule, the others are drawn without repetition
 * (a stride permutation) for the reference and invoice-number rules. When a
 * pool runs out the movement takes from the other one (small books), and
 * when both are used up it becomes an unknown payer.
 * OPBD is the books' bank balance, CLBD = OPBD + the sum of the entries.
 *
 * Every generated IBAN and RF reference is checked with the algorithm of
 * ISO 13616 / ISO 11649 (move the first four characters to the end, letters
 * A=10..Z=35, mod 97 must be 1) before it is written; the generator aborts
 * otherwise.
 *
 * Environment (all optional; unset, the output is exactly as without them):
 *   GEN_DAYS  the invoices spread evenly over exactly this many days from
 *             2020-01-01 (default: N_ITEMS/1000 a day, about 1000 days);
 *             3653 gives the ten years 2020-2029;
 *   GEN_PAID  percent (0-100) of the invoices the statement does not pay
 *             that the customer paid before, as a bank movement in the books
 *             (`bank-id: GP<invoice>`, `invoice:` on the customer's side)
 *             5 to 64 days after the invoice (at the latest on the last
 *             invoice's day); one in ten of them pays half (a partial
 *             payment), the rest exactly. The others stay open. The
 *             statement's OPBD is then the bank's balance after them.
 *   GEN_PARTIAL percent (0-100, default 10) of those payments that pay
 *             half instead of one in ten (0: every one pays exactly, as
 *             a company whose customers pay in full; the ten-year close
 *             benchmark uses that, so that a year's open items at its
 *             close are the (100 - GEN_PAID) % never paid).
 *   GEN_CUSTOMERS the number of customers instead of max(1, N_ITEMS/50)
 *             (the close benchmark's company that started this year with
 *             as many customers as the company of ten years).
 *   GEN_OLD_OPEN K open items taken over from before 2020 (a company that
 *             started keeping its books here with what its customers
 *             still owed): one transaction on 2019-12-31 after the bank's
 *             opening, K postings `invoice: OLD-0000001` ... with
 *             `item-date:` (spread over the ten years before), `due:` 30
 *             days later and an RF `ref:` (body 8 and the number), against
 *             Equity:Opening; customer (k * 7919) mod customers, cents 50
 *             to 99 (so that none has the amount the amount rule looks
 *             for, whose cents are below 25). Never paid.
 *
 * The output depends only on the arguments: the pseudo-random generator is
 * splitmix64, implemented here. Memory: O(customers + N_MOVEMENTS).
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -o gen-match gen-match.c
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64.                                                        */

static uint64_t rng_state;

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t rng_next(void)
{
	return mix(rng_state += UINT64_C(0x9E3779B97F4A7C15));
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)((rng_next() >> 11) % n);
}

/* ------------------------------------------------------------------------ */
/* Output buffer, one per file.                                             */

#define OUT_CAP (1u << 20)
#define OUT_SLACK 8192u /* more than one transaction or entry needs */

struct out {
	FILE *f;
	const char *name;
	size_t len;
	char buf[OUT_CAP];
};

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		perror(o->name);
		exit(1);
	}
	o->len = 0;
}

static void out_reserve(struct out *o)
{
	if (o->len > OUT_CAP - OUT_SLACK)
		out_flush(o);
}

static void out_str(struct out *o, const char *s)
{
	size_t n = strlen(s);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_ch(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

static void out_uint(struct out *o, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n > 0)
		out_ch(o, tmp[--n]);
}

/* Cents as 1,234.56 (journal) or 1234.56 (XML). */
static void out_cents(struct out *o, int64_t cents, int grouped)
{
	char tmp[32];
	int n = 0, digits = 0;
	uint64_t v;
	if (cents < 0) {
		out_ch(o, '-');
		cents = -cents;
	}
	v = (uint64_t)cents / 100;
	do {
		if (grouped && digits > 0 && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		digits++;
	} while (v);
	while (n > 0)
		out_ch(o, tmp[--n]);
	out_ch(o, '.');
	out_uint(o, (uint64_t)cents % 100, 2);
}

/* Civil date of day number d (days since 1970-01-01), H. Hinnant. */
static void out_date(struct out *o, int64_t d)
{
	d += 719468;
	int64_t era = (d >= 0 ? d : d - 146096) / 146097;
	int64_t doe = d - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);
	out_uint(o, (uint64_t)y, 4);
	out_ch(o, '-');
	out_uint(o, (uint64_t)m, 2);
	out_ch(o, '-');
	out_uint(o, (uint64_t)dd, 2);
}

/* ------------------------------------------------------------------------ */
/* Mod 97 (ISO 7064) for IBAN and RF references.                            */

/* Remainder mod 97 of the string with letters A=10..Z=35. */
static unsigned mod97(const char *s)
{
	unsigned r = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			r = (r * 10 + (unsigned)(*s - '0')) % 97;
		else if (*s >= 'A' && *s <= 'Z') {
			unsigned v = (unsigned)(*s - 'A') + 10;
			r = (r * 100 + v) % 97;
		} else {
			fprintf(stderr, "gen-match: bad character in '%s'\n", s);
			exit(1);
		}
	}
	return r;
}

/* Valid iff moving the first four characters to the end gives 1 mod 97. */
static int check97(const char *code)
{
	char tmp[64];
	size_t n = strlen(code);
	if (n < 5 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, code + 4, n - 4);
	memcpy(tmp + n - 4, code, 4);
	tmp[n] = 0;
	return mod97(tmp) == 1;
}

/* prefix "DE"/"RF" + check digits + body; check = 98 - mod97(body prefix 00). */
static void make97(char *dst, size_t cap, const char *prefix, const char *body)
{
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%s%s00", body, prefix);
	snprintf(dst, cap, "%s%02u%s", prefix, 98 - mod97(tmp), body);
	if (!check97(dst)) {
		fprintf(stderr, "gen-match: generated '%s' fails its mod-97 check\n", dst);
		exit(1);
	}
}

static void iban(char *dst, size_t cap, const char *blz, uint64_t account)
{
	char body[32];
	snprintf(body, sizeof(body), "%s%010" PRIu64, blz, account);
	make97(dst, cap, "DE", body);
}

/* ------------------------------------------------------------------------ */
/* The data.                                                                */

#define FIRST_DAY 18262 /* 2020-01-01 */
#define OPENING_CENTS INT64_C(5000000)
#define AMOUNT_POOL 25 /* the amount rule looks at 25 items per customer */

static uint64_t n_items, n_movs, n_cust, seed, per_day, n_days = 1000, paid_pct, partial_pct = 10,
		n_old_open;
static int64_t bank_cents = OPENING_CENTS; /* the books' bank balance at the statement */

/* A payment in the books (GEN_PAID), sorted by day for writing. */
struct pay {
	int64_t day, cents;
	uint64_t item;
};
static struct pay *pays;
static uint64_t n_pays;

/* Invoice i is 1-based; customer and rank within the customer. */
static uint64_t cust_of(uint64_t i) { return (i - 1) % n_cust; }
static uint64_t rank_of(uint64_t i) { return (i - 1) / n_cust; }
static bool days_given; /* GEN_DAYS: invoices spread evenly over exactly n_days days */
static int64_t day_of(uint64_t i)
{
	if (days_given)
		return FIRST_DAY + (int64_t)((i - 1) * n_days / n_items);
	return FIRST_DAY + (int64_t)((i - 1) / per_day);
}

/* Amount: 10.00 to 9,999.xx with the rank as cents, so that a customer's
 * first 100 invoices all differ. */
static int64_t cents_of(uint64_t i)
{
	uint64_t h = mix(seed * UINT64_C(0x9E3779B97F4A7C15) + i);
	return (int64_t)(10 + h % 9990) * 100 + (int64_t)(rank_of(i) % 100);
}

static void rf_of(char *dst, size_t cap, uint64_t i)
{
	char body[24];
	snprintf(body, sizeof(body), "%07" PRIu64, i);
	make97(dst, cap, "RF", body);
}

enum kind { K_REF, K_NUMBER, K_AMOUNT, K_UNKNOWN };

struct mov {
	uint64_t item; /* invoice paid, 0 for unknown payers */
	int64_t cents;
	uint8_t kind;
};

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* The oldest invoice of customer c (else of the next customers) among its
 * first AMOUNT_POOL not yet taken; 0 when all are taken. */
static uint64_t take_oldest(uint64_t *next_rank, uint64_t c)
{
	for (uint64_t tries = 0; tries < n_cust; tries++, c = (c + 1) % n_cust) {
		uint64_t i = next_rank[c] * n_cust + c + 1;
		if (next_rank[c] < AMOUNT_POOL && i <= n_items) {
			next_rank[c]++;
			return i;
		}
	}
	return 0;
}

static void put_payment(struct out *o, const struct pay *p)
{
	out_reserve(o);
	out_ch(o, '\n');
	out_date(o, p->day);
	out_str(o, " * Customer ");
	out_uint(o, cust_of(p->item) + 1, 6);
	out_str(o, " | payment INV-");
	out_uint(o, p->item, 7);
	out_str(o, "\n    Assets:Bank  ");
	out_cents(o, p->cents, 1);
	out_str(o, " EUR  ; bank-id: GP");
	out_uint(o, p->item, 7);
	out_str(o, "\n    Assets:Receivable:C");
	out_uint(o, cust_of(p->item) + 1, 6);
	out_str(o, "  ");
	out_cents(o, -p->cents, 1);
	out_str(o, " EUR  ; invoice: INV-");
	out_uint(o, p->item, 7);
	out_ch(o, '\n');
}

/*
 * GEN_PAID: the payments in the books of the invoices the statement does
 * not pay (paid[] marks those), sorted by day (a counting sort), and the
 * bank's balance after them.
 */
static int make_payments(const unsigned char *paid)
{
	int64_t last = day_of(n_items), span = last - FIRST_DAY + 1;
	uint64_t *count = calloc((size_t)span + 1, sizeof(*count));
	pays = calloc(n_items, sizeof(*pays));
	if (!count || !pays)
		return -1;
	for (uint64_t i = 1; i <= n_items; i++) {
		uint64_t h = mix(seed * UINT64_C(0xD1B54A32D192ED03) + i);
		if (paid[i] || h % 100 >= paid_pct)
			continue;
		struct pay *p = &pays[n_pays++];
		p->item = i;
		p->day = day_of(i) + 5 + (int64_t)((h >> 8) % 60);
		if (p->day > last)
			p->day = last;
		p->cents = cents_of(i);
		if ((h >> 20) % 100 < partial_pct)
			p->cents = p->cents / 2 > 0 ? p->cents / 2 : 1;
		bank_cents += p->cents;
		count[p->day - FIRST_DAY + 1]++;
	}
	for (int64_t d = 1; d <= span; d++)
		count[d] += count[d - 1];
	struct pay *sorted = calloc(n_pays ? n_pays : 1, sizeof(*sorted));
	if (!sorted) {
		free(count);
		return -1;
	}
	for (uint64_t k = 0; k < n_pays; k++) /* stable: by invoice within a day */
		sorted[count[pays[k].day - FIRST_DAY]++] = pays[k];
	free(pays);
	free(count);
	pays = sorted;
	return 0;
}

/* GEN_OLD_OPEN: the open items taken over, on the day before the first. */
static void put_old_open(struct out *o)
{
	char rf[40], body[24];
	out_ch(o, '\n');
	out_date(o, FIRST_DAY - 1);
	out_str(o, " * open items taken over\n");
	for (uint64_t k = 1; k <= n_old_open; k++) {
		uint64_t c = (k * 7919) % n_cust;
		int64_t day = FIRST_DAY - 1 - (int64_t)(1 + (k - 1) * 3650 / n_old_open);
		uint64_t h = mix(seed * UINT64_C(0xD1B54A32D192ED03) + k);
		int64_t cents = (int64_t)(10 + h % 9990) * 100 + 50 + (int64_t)(k % 50);
		out_reserve(o);
		snprintf(body, sizeof(body), "8%07" PRIu64, k);
		make97(rf, sizeof(rf), "RF", body);
		out_str(o, "    Assets:Receivable:C");
		out_uint(o, c + 1, 6);
		out_str(o, "  ");
		out_cents(o, cents, 1);
		out_str(o, " EUR  ; invoice: OLD-");
		out_uint(o, k, 7);
		out_str(o, ", item-date: ");
		out_date(o, day);
		out_str(o, ", due: ");
		out_date(o, day + 30);
		out_str(o, ", ref: ");
		out_str(o, rf);
		out_ch(o, '\n');
	}
	out_str(o, "    Equity:Opening\n");
}

static void put_journal(struct out *o)
{
	char ib[40], rf[40];
	out_str(o, "; gen-match: ");
	out_uint(o, n_items, 1);
	out_str(o, " invoices of ");
	out_uint(o, n_cust, 1);
	out_str(o, " customers, seed ");
	out_uint(o, seed, 1);
	out_str(o, "\ncommodity 1,000.00 EUR\n\n"
		   "account Assets:Bank  ; role: bank, iban: DE89370400440532013000\n"
		   "account Assets:Suspense  ; role: suspense\n"
		   "account Assets:Receivable  ; role: receivable\n");
	for (uint64_t c = 0; c < n_cust; c++) {
		out_reserve(o);
		iban(ib, sizeof(ib), "50010517", c + 1);
		out_str(o, "account Assets:Receivable:C");
		out_uint(o, c + 1, 6);
		out_str(o, "  ; name: Customer ");
		out_uint(o, c + 1, 6);
		out_str(o, ", iban: ");
		out_str(o, ib);
		out_ch(o, '\n');
	}
	out_str(o, "account Income:Sales\naccount Equity:Opening\n\n");
	out_date(o, FIRST_DAY - 1);
	out_str(o, " opening balance\n    Assets:Bank  ");
	out_cents(o, OPENING_CENTS, 1);
	out_str(o, " EUR = ");
	out_cents(o, OPENING_CENTS, 1);
	out_str(o, " EUR\n    Equity:Opening\n");
	if (n_old_open)
		put_old_open(o);
	uint64_t next_pay = 0;
	for (uint64_t i = 1; i <= n_items; i++) {
		int64_t cents = cents_of(i);
		/* the payments before this invoice's day, in date order */
		while (next_pay < n_pays && pays[next_pay].day < day_of(i))
			put_payment(o, &pays[next_pay++]);
		out_reserve(o);
		rf_of(rf, sizeof(rf), i);
		out_ch(o, '\n');
		out_date(o, day_of(i));
		out_str(o, " * Customer ");
		out_uint(o, cust_of(i) + 1, 6);
		out_str(o, " | INV-");
		out_uint(o, i, 7);
		out_str(o, "\n    Assets:Receivable:C");
		out_uint(o, cust_of(i) + 1, 6);
		out_str(o, "  ");
		out_cents(o, cents, 1);
		out_str(o, " EUR  ; invoice: INV-");
		out_uint(o, i, 7);
		out_str(o, ", due: ");
		out_date(o, day_of(i) + 30);
		out_str(o, ", ref: ");
		out_str(o, rf);
		out_str(o, "\n    Income:Sales  ");
		out_cents(o, -cents, 1);
		out_str(o, " EUR\n");
	}
	while (next_pay < n_pays)
		put_payment(o, &pays[next_pay++]);
}

static void put_party(struct out *o, const struct mov *m, uint64_t j)
{
	char ib[40];
	out_str(o, "              <Dbtr>\n                <Nm>");
	if (m->kind == K_UNKNOWN) {
		out_str(o, "Walk-in Payer");
		iban(ib, sizeof(ib), "10020030", j + 1);
	} else {
		uint64_t c = cust_of(m->item) + 1;
		/* the amount rule gets a name that is not the party's */
		out_str(o, m->kind == K_AMOUNT ? "C. " : "Customer ");
		out_uint(o, c, 6);
		if (m->kind == K_AMOUNT)
			out_str(o, " Holding");
		iban(ib, sizeof(ib), "50010517", c);
	}
	out_str(o, "</Nm>\n              </Dbtr>\n              <DbtrAcct>\n"
		   "                <Id>\n                  <IBAN>");
	out_str(o, ib);
	out_str(o, "</IBAN>\n                </Id>\n              </DbtrAcct>\n");
}

static void put_amt(struct out *o, const char *indent, int64_t cents)
{
	out_str(o, indent);
	out_str(o, "<Amt Ccy=\"EUR\">");
	out_cents(o, cents, 0);
	out_str(o, "</Amt>\n");
}

static void put_balance(struct out *o, const char *code, int64_t cents, int64_t day)
{
	out_str(o, "      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>");
	out_str(o, code);
	out_str(o, "</Cd>\n          </CdOrPrtry>\n        </Tp>\n");
	put_amt(o, "        ", cents < 0 ? -cents : cents);
	out_str(o, cents < 0 ? "        <CdtDbtInd>DBIT</CdtDbtInd>\n"
			     : "        <CdtDbtInd>CRDT</CdtDbtInd>\n");
	out_str(o, "        <Dt>\n          <Dt>");
	out_date(o, day);
	out_str(o, "</Dt>\n        </Dt>\n      </Bal>\n");
}

static void put_statement(struct out *o, const struct mov *movs, int64_t first_day,
			  uint64_t mov_per_day)
{
	int64_t sum = 0, last_day;
	char rf[40];
	for (uint64_t j = 0; j < n_movs; j++)
		sum += movs[j].cents;
	last_day = first_day + (int64_t)((n_movs ? n_movs - 1 : 0) / mov_per_day);
	out_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
		   "  <BkToCstmrStmt>\n    <GrpHdr>\n      <MsgId>GEN-MATCH-");
	out_uint(o, n_movs, 1);
	out_str(o, "</MsgId>\n      <CreDtTm>");
	out_date(o, last_day + 1);
	out_str(o, "T06:00:00</CreDtTm>\n    </GrpHdr>\n    <Stmt>\n      <Id>GEN-MATCH-STMT-1</Id>\n"
		   "      <ElctrncSeqNb>1</ElctrncSeqNb>\n      <CreDtTm>");
	out_date(o, last_day + 1);
	out_str(o, "T06:00:00</CreDtTm>\n      <FrToDt>\n        <FrDtTm>");
	out_date(o, first_day);
	out_str(o, "T00:00:00</FrDtTm>\n        <ToDtTm>");
	out_date(o, last_day);
	out_str(o, "T23:59:59</ToDtTm>\n      </FrToDt>\n      <Acct>\n        <Id>\n"
		   "          <IBAN>DE89370400440532013000</IBAN>\n        </Id>\n"
		   "        <Ccy>EUR</Ccy>\n      </Acct>\n");
	put_balance(o, "OPBD", bank_cents, first_day - 1);
	put_balance(o, "CLBD", bank_cents + sum, last_day);
	for (uint64_t j = 0; j < n_movs; j++) {
		const struct mov *m = &movs[j];
		int64_t day = first_day + (int64_t)(j / mov_per_day);
		out_reserve(o);
		out_str(o, "      <Ntry>\n");
		put_amt(o, "        ", m->cents);
		out_str(o, "        <CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n"
			   "        <BookgDt>\n          <Dt>");
		out_date(o, day);
		out_str(o, "</Dt>\n        </BookgDt>\n        <ValDt>\n          <Dt>");
		out_date(o, day);
		out_str(o, "</Dt>\n        </ValDt>\n        <AcctSvcrRef>MB");
		out_uint(o, j + 1, 10);
		out_str(o, "</AcctSvcrRef>\n        <BkTxCd>\n          <Domn>\n"
			   "            <Cd>PMNT</Cd>\n            <Fmly>\n"
			   "              <Cd>RCDT</Cd>\n              <SubFmlyCd>ESCT</SubFmlyCd>\n"
			   "            </Fmly>\n          </Domn>\n        </BkTxCd>\n"
			   "        <NtryDtls>\n          <TxDtls>\n            <Refs>\n"
			   "              <EndToEndId>E2E-");
		out_uint(o, j + 1, 10);
		out_str(o, "</EndToEndId>\n            </Refs>\n            <AmtDtls>\n"
			   "              <TxAmt>\n");
		put_amt(o, "                ", m->cents);
		out_str(o, "              </TxAmt>\n            </AmtDtls>\n"
			   "            <RltdPties>\n");
		put_party(o, m, j);
		out_str(o, "            </RltdPties>\n            <RmtInf>\n");
		switch (m->kind) {
		case K_REF:
			rf_of(rf, sizeof(rf), m->item);
			out_str(o, "              <Strd>\n                <CdtrRefInf>\n"
				   "                  <Tp>\n                    <CdOrPrtry>\n"
				   "                      <Cd>SCOR</Cd>\n"
				   "                    </CdOrPrtry>\n                  </Tp>\n"
				   "                  <Ref>");
			out_str(o, rf);
			out_str(o, "</Ref>\n                </CdtrRefInf>\n              </Strd>\n");
			break;
		case K_NUMBER:
			out_str(o, "              <Ustrd>Invoice INV-");
			out_uint(o, m->item, 7);
			out_str(o, " thank you</Ustrd>\n");
			break;
		case K_AMOUNT:
			out_str(o, "              <Ustrd>Payment thank you</Ustrd>\n");
			break;
		default:
			out_str(o, "              <Ustrd>Cash deposit</Ustrd>\n");
			break;
		}
		out_str(o, "            </RmtInf>\n          </TxDtls>\n        </NtryDtls>\n"
			   "      </Ntry>\n");
	}
	out_str(o, "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n");
}

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);
	if (*end || !*s || *s == '-') {
		fprintf(stderr, "gen-match: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static FILE *open_out(const char *name)
{
	FILE *f = fopen(name, "w");
	if (!f) {
		perror(name);
		exit(1);
	}
	return f;
}

static void close_out(struct out *o)
{
	out_flush(o);
	if (fclose(o->f)) {
		perror(o->name);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static struct out jo, so;
	uint64_t *next_rank, pool_base, pool_size, stride = 1, taken = 0;
	uint64_t counts[4] = { 0, 0, 0, 0 };
	struct mov *movs;

	if (argc < 5 || argc > 7) {
		fprintf(stderr, "usage: gen-match BOOKS.journal STATEMENT.xml N_ITEMS "
				"N_MOVEMENTS [SEED [END]]\n");
		return 2;
	}
	n_items = parse_u64(argv[3], "N_ITEMS");
	n_movs = parse_u64(argv[4], "N_MOVEMENTS");
	seed = argc >= 6 ? parse_u64(argv[5], "SEED") : 1;
	int64_t end_day = -1;
	if (argc == 7) {
		const char *e = argv[6];
		if (strlen(e) != 10 || e[4] != '-' || e[7] != '-') {
			fprintf(stderr, "gen-match: END must be YYYY-MM-DD\n");
			return 2;
		}
		int y = (e[0] - '0') * 1000 + (e[1] - '0') * 100 + (e[2] - '0') * 10 + (e[3] - '0');
		unsigned m = (unsigned)((e[5] - '0') * 10 + (e[6] - '0'));
		unsigned d = (unsigned)((e[8] - '0') * 10 + (e[9] - '0'));
		/* days_from_civil (Howard Hinnant) */
		y -= m <= 2;
		int era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		end_day = (int64_t)era * 146097 + (int64_t)doe - 719468;
	}
	if (n_items < 1 || n_items > 9999999) {
		fprintf(stderr, "gen-match: N_ITEMS must be 1 to 9999999\n");
		return 2;
	}
	n_cust = n_items / 50 ? n_items / 50 : 1;
	const char *env = getenv("GEN_DAYS");
	if (env && *env) {
		n_days = parse_u64(env, "GEN_DAYS");
		days_given = true;
	}
	env = getenv("GEN_PAID");
	if (env && *env)
		paid_pct = parse_u64(env, "GEN_PAID");
	env = getenv("GEN_PARTIAL");
	if (env && *env)
		partial_pct = parse_u64(env, "GEN_PARTIAL");
	env = getenv("GEN_CUSTOMERS");
	if (env && *env)
		n_cust = parse_u64(env, "GEN_CUSTOMERS");
	env = getenv("GEN_OLD_OPEN");
	if (env && *env)
		n_old_open = parse_u64(env, "GEN_OLD_OPEN");
	if (n_old_open > 9999999) {
		fprintf(stderr, "gen-match: GEN_OLD_OPEN must be 0 to 9999999\n");
		return 2;
	}
	if (n_cust < 1 || n_cust > 999999) {
		fprintf(stderr, "gen-match: GEN_CUSTOMERS must be 1 to 999999\n");
		return 2;
	}
	if (n_days < 1 || paid_pct > 100 || partial_pct > 100) {
		fprintf(stderr, "gen-match: GEN_DAYS must be 1 or more, GEN_PAID and GEN_PARTIAL 0 to 100\n");
		return 2;
	}
	per_day = n_items / n_days ? n_items / n_days : 1; /* about n_days days of invoices */

	/* Pools: ranks below AMOUNT_POOL are for the amount rule. */
	pool_base = n_cust * AMOUNT_POOL + 1;
	pool_size = pool_base <= n_items ? n_items - pool_base + 1 : 0;
	if (pool_size > 1) {
		stride = (pool_size * 5) / 8 + 1;
		while (gcd(stride, pool_size) != 1)
			stride++;
	}
	next_rank = calloc(n_cust, sizeof(*next_rank));
	movs = calloc(n_movs ? n_movs : 1, sizeof(*movs));
	if (!next_rank || !movs) {
		fprintf(stderr, "gen-match: out of memory\n");
		return 1;
	}

	rng_state = seed;
	for (uint64_t j = 0; j < n_movs; j++) {
		struct mov *m = &movs[j];
		uint32_t r = rng_below(100);
		int kind = r < 40 ? K_REF : r < 70 ? K_NUMBER : r < 90 ? K_AMOUNT : K_UNKNOWN;
		m->item = 0;
		uint64_t c0 = rng_next() % n_cust;
		if (kind == K_AMOUNT) {
			m->item = take_oldest(next_rank, c0);
			if (!m->item)
				kind = K_REF;
		}
		if (kind == K_REF || kind == K_NUMBER) {
			if (taken < pool_size)
				m->item = pool_base + (taken++ * stride) % pool_size;
			else if (!(m->item = take_oldest(next_rank, c0))) /* small books */
				kind = K_UNKNOWN;
		}
		m->kind = (uint8_t)kind;
		if (kind == K_UNKNOWN) {
			m->cents = 100 + (int64_t)rng_below(200000);
		} else {
			m->cents = cents_of(m->item);
			if (kind == K_NUMBER && rng_below(5) == 0)
				m->cents = m->cents / 2 > 0 ? m->cents / 2 : 1;
		}
		counts[kind]++;
	}

	if (paid_pct) {
		unsigned char *paid = calloc(n_items + 1, 1);
		if (!paid) {
			fprintf(stderr, "gen-match: out of memory\n");
			return 1;
		}
		for (uint64_t j = 0; j < n_movs; j++)
			paid[movs[j].item] = 1; /* (item 0: unknown payers) */
		if (make_payments(paid)) {
			fprintf(stderr, "gen-match: out of memory\n");
			return 1;
		}
		free(paid);
	}

	jo.f = open_out(argv[1]);
	jo.name = argv[1];
	put_journal(&jo);
	close_out(&jo);

	so.f = open_out(argv[2]);
	so.name = argv[2];
	{
		int64_t first_day = day_of(n_items) + 1;
		uint64_t mov_per_day = n_movs / 20 ? n_movs / 20 : 1; /* about 20 days */
		if (end_day >= 0)
			first_day = end_day - (int64_t)((n_movs ? n_movs - 1 : 0) / mov_per_day);
		put_statement(&so, movs, first_day, mov_per_day);
	}
	close_out(&so);

	fprintf(stderr,
		"gen-match: %" PRIu64 " invoices, %" PRIu64 " customers; %" PRIu64
		" movements: %" PRIu64 " reference, %" PRIu64 " invoice-number, %" PRIu64
		" amount, %" PRIu64 " unknown\n",
		n_items, n_cust, n_movs, counts[K_REF], counts[K_NUMBER], counts[K_AMOUNT],
		counts[K_UNKNOWN]);
	if (paid_pct)
		fprintf(stderr, "gen-match: %" PRIu64 " invoices paid in the books\n", n_pays);
	free(next_rank);
	free(movs);
	free(pays);
	return 0;
}

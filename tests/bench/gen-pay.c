/*
 * gen-pay.c - deterministic books with many open vendor bills, for
 * benchmarking `clerk pay` (the payment run) beside `clerk open --payables`.
 *
 * Usage: gen-pay BOOKS.journal N_BILLS [SEED]
 *
 * BOOKS.journal (one file, no includes):
 *   - `commodity 1,000.00 EUR`; the bank account `Assets:Bank` (role bank,
 *     IBAN DE89370400440532013000, a name and a BIC), `Assets:Transit`
 *     (role transit), `Income:Discounts Received` (role discount-received),
 *     `Liabilities:Payable` (role payable), `Expenses:Goods`, `Equity:Opening`;
 *   - max(1, N_BILLS/50) vendors `Liabilities:Payable:V000123` with a
 *     `name:` and a valid `iban:` (DE, mod-97 check digits computed here);
 *     one vendor in five has `terms: 2/10 net 30`, the others `net 30`;
 *     one in ten a `bic:`;
 *   - an opening transaction putting 1,000,000,000.00 EUR in the bank;
 *   - N_BILLS bills B0000001... in date order over the 400 days up to
 *     2026-12-01 (the run date the benchmark uses), bill i for vendor
 *     (i-1) mod vendors, crediting the vendor with `invoice:` (and one in
 *     four a `due:` of its own, one in twenty a `hold:`, one in fifty a
 *     `dispute:`), debiting Expenses:Goods. With net 30, about 93 % are
 *     due on 2026-12-01; the last 10 days' bills of 2/10 vendors are paid
 *     early for their discount.
 *   - one credit note (CN-) per vendor, netted against its bills.
 *
 * The output depends only on the arguments (splitmix64 is implemented
 * here). Memory: O(1) beyond the output buffer.
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -o gen-pay gen-pay.c
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

static unsigned mod97(const char *s)
{
	unsigned r = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			r = (r * 10 + (unsigned)(*s - '0')) % 97;
		else
			r = (r * 100 + (unsigned)(*s - 'A') + 10) % 97;
	}
	return r;
}

static void iban(char *dst, size_t cap, uint64_t account)
{
	char body[32], tmp[40];
	snprintf(body, sizeof(body), "37040044%010" PRIu64, account);
	snprintf(tmp, sizeof(tmp), "%sDE00", body);
	snprintf(dst, cap, "DE%02u%s", 98 - mod97(tmp), body);
	snprintf(tmp, sizeof(tmp), "%s%.4s", dst + 4, dst);
	if (mod97(tmp) != 1) {
		fprintf(stderr, "gen-pay: generated IBAN %s fails its check\n", dst);
		exit(1);
	}
}

/* Civil date of day number d (days since 1970-01-01), H. Hinnant. */
static void date_str(char *buf, int64_t d)
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
	snprintf(buf, 11, "%04d-%02d-%02d", (int)y, m, dd);
}

#define RUN_DAY 20788 /* 2026-12-01 */
#define SPAN 400

static void cents(char *buf, size_t cap, uint64_t c)
{
	snprintf(buf, cap, "%" PRIu64 ".%02" PRIu64, c / 100, c % 100);
}

static uint64_t number(const char *s)
{
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9') {
			fprintf(stderr, "gen-pay: not a number\n");
			exit(2);
		}
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen-pay BOOKS.journal N_BILLS [SEED]\n");
		return 2;
	}
	uint64_t n = number(argv[2]);
	rng_state = argc > 3 ? number(argv[3]) : 1;
	uint64_t nv = n / 50 ? n / 50 : 1;
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	char ib[40], day[11], due[11], amt[32];
	fputs("commodity 1,000.00 EUR\n"
	      "account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Bench GmbH, bic: "
	      "COBADEFFXXX\n"
	      "account Assets:Transit  ; role: transit\n"
	      "account Income:Discounts Received  ; role: discount-received\n"
	      "account Liabilities:Payable  ; role: payable\n"
	      "account Expenses:Goods\naccount Equity:Opening\n",
	      f);
	for (uint64_t v = 0; v < nv; v++) {
		iban(ib, sizeof(ib), v + 1);
		fprintf(f, "account Liabilities:Payable:V%06" PRIu64 "  ; name: Vendor %" PRIu64
			   " GmbH, iban: %s, terms: %s%s\n",
			v, v, ib, v % 5 == 0 ? "2/10 net 30" : "net 30", v % 10 == 1 ? ", bic: DEUTDEDBHAM" : "");
	}
	date_str(day, RUN_DAY - SPAN - 1);
	fprintf(f, "\n%s * opening\n    Assets:Bank  1000000000.00 EUR\n    Equity:Opening\n\n", day);
	for (uint64_t i = 1; i <= n; i++) {
		uint64_t v = (i - 1) % nv, r = rng_next();
		int64_t d = RUN_DAY - SPAN + (int64_t)((i - 1) * SPAN / n);
		date_str(day, d);
		cents(amt, sizeof(amt), 1000 + r % 500000);
		fprintf(f, "%s * (B%07" PRIu64 ") bill\n    Liabilities:Payable:V%06" PRIu64 "  -%s EUR  ; "
			   "invoice: B%07" PRIu64,
			day, i, v, amt, i);
		if (i % 4 == 0) {
			date_str(due, d + 14 + (int64_t)(r >> 40) % 30);
			fprintf(f, ", due: %s", due);
		}
		if (i % 20 == 7)
			fputs(", hold: check", f);
		else if (i % 50 == 9)
			fputs(", dispute: quality", f);
		fputs("\n    Expenses:Goods\n\n", f);
	}
	date_str(day, RUN_DAY - 5);
	for (uint64_t v = 0; v < nv; v++)
		fprintf(f, "%s * (CN%06" PRIu64 ") credit note\n    Liabilities:Payable:V%06" PRIu64
			   "  10.00 EUR  ; invoice: CN%06" PRIu64 "\n    Expenses:Goods\n\n",
			day, v, v, v);
	if (fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}

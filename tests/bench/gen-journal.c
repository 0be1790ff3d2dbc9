/*
 * gen-journal.c - deterministic synthetic journal generator for benchmarks.
 *
 * Usage: gen-journal N [SEED]
 *
 * Writes to standard output a journal of N transactions in the common subset
 * of hledger (1.25), ledger (3.3) and Clerk journal syntax:
 *
 *   - a header of exactly 200 `account NAME  ; tags` directives and three
 *     `commodity` directives ($, EUR, SEK; period decimal mark, comma
 *     thousands separator, two decimals);
 *   - N transactions dated in non-decreasing order from 2020-01-01, each with
 *     2 to 4 postings in a single commodity; in about 70% of transactions
 *     exactly one posting has its amount elided, otherwise all amounts are
 *     written and sum to exactly zero;
 *   - tags as trailing comments on some transaction and posting lines.
 *
 * No balance assertions, costs, prices, periodic/automated transactions or
 * other directives are emitted.
 *
 * The output depends only on N and SEED (default 1): the pseudo-random
 * generator is splitmix64, implemented here, so the bytes are identical on
 * every platform and libc.
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -o gen-journal gen-journal.c
 */

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64 (Steele, Lea, Flood 2014).                              */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform-ish integer in [0, n); the modulo bias is negligible for the small
 * n used here and, more importantly, fully deterministic. */
static uint32_t rng_below(uint32_t n)
{
    return (uint32_t)((rng_next() >> 11) % n);
}

/* Integer in [lo, hi]. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)((rng_next() >> 11) % (uint64_t)(hi - lo + 1));
}

/* ------------------------------------------------------------------------ */
/* Output buffer.                                                           */

#define OUT_CAP (1u << 20)
#define OUT_SLACK 8192u /* more than any single transaction needs */

static char out_buf[OUT_CAP];
static size_t out_len;

static void out_flush(void)
{
    if (out_len > 0) {
        if (fwrite(out_buf, 1, out_len, stdout) != out_len) {
            perror("gen-journal: write");
            exit(1);
        }
        out_len = 0;
    }
}

static void out_reserve(void)
{
    if (out_len > OUT_CAP - OUT_SLACK)
        out_flush();
}

static void out_mem(const char *s, size_t n)
{
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

static void out_str(const char *s)
{
    out_mem(s, strlen(s));
}

static void out_ch(char c)
{
    out_buf[out_len++] = c;
}

/* Unsigned decimal, zero-padded to at least `width` digits. */
static void out_uint(uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < width)
        tmp[n++] = '0';
    while (n > 0)
        out_ch(tmp[--n]);
}

/* Unsigned decimal with ',' every three digits (1,234,567). */
static void out_grouped(uint64_t v)
{
    char tmp[32];
    int n = 0, digits = 0;
    do {
        if (digits > 0 && digits % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        digits++;
    } while (v != 0);
    while (n > 0)
        out_ch(tmp[--n]);
}

/* ------------------------------------------------------------------------ */
/* Dates: proleptic Gregorian, as days since 1970-01-01 (H. Hinnant).       */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void out_date(int64_t z)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y0 = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = y0 + (m <= 2);
    out_uint((uint64_t)y, 4);
    out_ch('-');
    out_uint(m, 2);
    out_ch('-');
    out_uint(d, 2);
}

/* ------------------------------------------------------------------------ */
/* Chart of accounts: exactly 200 accounts.                                 */

#define N_ACCOUNTS 200
#define N_CUSTOMERS 60
#define N_VENDORS 40
#define N_PRODUCTS 20
#define N_EXP_CATS 17
#define N_EXP_SUBS 4

enum {
    A_CHECKING = 0,
    A_SAVINGS,
    A_BANK_EUR,
    A_BANK_SEK,
    A_CASH,
    A_RECV0, /* 60 customers */
    A_PAY0 = A_RECV0 + N_CUSTOMERS, /* 40 vendors */
    A_CARD = A_PAY0 + N_VENDORS,
    A_LOAN,
    A_VAT,
    A_EQ_OPENING,
    A_EQ_RETAINED,
    A_SALES0, /* 20 products */
    A_CONSULTING = A_SALES0 + N_PRODUCTS,
    A_INTEREST_INC,
    A_EXP0, /* 17 x 4 expense accounts */
    A_END = A_EXP0 + N_EXP_CATS * N_EXP_SUBS
};

_Static_assert(A_END == N_ACCOUNTS, "chart of accounts must have 200 accounts");

static const char *const exp_cats[N_EXP_CATS] = {
    "Office", "Travel", "Facilities", "Utilities", "Payroll", "Marketing",
    "Professional", "IT", "Insurance", "Vehicle", "Training", "Banking",
    "Taxes", "Meals", "Shipping", "Research", "Misc",
};

static const char *const exp_subs[N_EXP_CATS][N_EXP_SUBS] = {
    {"Supplies", "Software", "Furniture", "Postage"},
    {"Air", "Hotel", "Meals", "Taxi"},
    {"Rent", "Cleaning", "Repairs", "Security"},
    {"Electricity", "Water", "Internet", "Phone"},
    {"Salaries", "Bonuses", "Benefits", "PayrollTax"},
    {"Advertising", "Events", "Sponsorship", "Design"},
    {"Legal", "Accounting", "Consulting", "Recruiting"},
    {"Hosting", "Hardware", "Licenses", "Support"},
    {"Liability", "Property", "Health", "Vehicle"},
    {"Fuel", "Maintenance", "Parking", "Tolls"},
    {"Courses", "Books", "Conferences", "Certifications"},
    {"Fees", "Interest", "FX", "CardFees"},
    {"Property", "Vat", "Income", "Other"},
    {"Client", "Team", "Catering", "Coffee"},
    {"Freight", "Couriers", "Packaging", "Customs"},
    {"Materials", "Equipment", "Lab", "Samples"},
    {"Gifts", "Donations", "Subscriptions", "Other"},
};

/* Indices into the expense block for accounts used by specific kinds. */
#define EXP(cat, sub) (A_EXP0 + (cat) * N_EXP_SUBS + (sub))
#define E_SALARIES EXP(4, 0)
#define E_BENEFITS EXP(4, 2)
#define E_PAYROLLTAX EXP(4, 3)
#define E_BANK_INTEREST EXP(11, 1)
#define E_BANK_FEES EXP(11, 0)

static char acct_name[N_ACCOUNTS][48];
static size_t acct_len[N_ACCOUNTS];

static void set_acct(int i, const char *name)
{
    size_t n = strlen(name);
    if (n >= sizeof acct_name[i]) {
        fprintf(stderr, "gen-journal: account name too long: %s\n", name);
        exit(1);
    }
    memcpy(acct_name[i], name, n + 1);
    acct_len[i] = n;
}

static void build_accounts(void)
{
    char tmp[64];
    set_acct(A_CHECKING, "Assets:Bank:Checking");
    set_acct(A_SAVINGS, "Assets:Bank:Savings");
    set_acct(A_BANK_EUR, "Assets:Bank:EUR");
    set_acct(A_BANK_SEK, "Assets:Bank:SEK");
    set_acct(A_CASH, "Assets:Cash");
    for (int i = 0; i < N_CUSTOMERS; i++) {
        snprintf(tmp, sizeof tmp, "Assets:Receivable:Customer%03d", i + 1);
        set_acct(A_RECV0 + i, tmp);
    }
    for (int i = 0; i < N_VENDORS; i++) {
        snprintf(tmp, sizeof tmp, "Liabilities:Payable:Vendor%03d", i + 1);
        set_acct(A_PAY0 + i, tmp);
    }
    set_acct(A_CARD, "Liabilities:CreditCard:Visa");
    set_acct(A_LOAN, "Liabilities:Loan:Bank");
    set_acct(A_VAT, "Liabilities:Tax:VAT");
    set_acct(A_EQ_OPENING, "Equity:Opening");
    set_acct(A_EQ_RETAINED, "Equity:Retained");
    for (int i = 0; i < N_PRODUCTS; i++) {
        snprintf(tmp, sizeof tmp, "Income:Sales:Product%02d", i + 1);
        set_acct(A_SALES0 + i, tmp);
    }
    set_acct(A_CONSULTING, "Income:Services:Consulting");
    set_acct(A_INTEREST_INC, "Income:Interest");
    for (int c = 0; c < N_EXP_CATS; c++)
        for (int s = 0; s < N_EXP_SUBS; s++) {
            snprintf(tmp, sizeof tmp, "Expenses:%s:%s", exp_cats[c],
                     exp_subs[c][s]);
            set_acct(EXP(c, s), tmp);
        }
}

static void out_header(void)
{
    out_str("; Synthetic journal generated by tests/bench/gen-journal.c\n"
            "; Deterministic for a given transaction count and seed.\n\n");
    for (int i = 0; i < N_ACCOUNTS; i++) {
        out_reserve();
        out_str("account ");
        out_mem(acct_name[i], acct_len[i]);
        if (i == A_CHECKING || i == A_SAVINGS) {
            out_str("  ; role: bank");
        } else if (i == A_BANK_EUR) {
            out_str("  ; role: bank, currency: EUR");
        } else if (i == A_BANK_SEK) {
            out_str("  ; role: bank, currency: SEK");
        } else if (i == A_CASH) {
            out_str("  ; kind: cash");
        } else if (i >= A_RECV0 && i < A_RECV0 + N_CUSTOMERS) {
            out_str("  ; name: Customer ");
            out_uint((uint64_t)(i - A_RECV0 + 1), 3);
            out_str(", terms: net 30");
        } else if (i >= A_PAY0 && i < A_PAY0 + N_VENDORS) {
            out_str("  ; name: Vendor ");
            out_uint((uint64_t)(i - A_PAY0 + 1), 3);
            out_str(", terms: net 45");
        } else if (i == A_CARD) {
            out_str("  ; kind: card");
        } else if (i == A_LOAN) {
            out_str("  ; kind: loan");
        } else if (i == A_VAT) {
            out_str("  ; kind: tax, rate: 25%");
        } else if (i >= A_EXP0 && (i - A_EXP0) % N_EXP_SUBS == 0) {
            out_str("  ; budget: yes");
        }
        out_ch('\n');
    }
    out_str("\n"
            "commodity $1,000.00\n"
            "commodity EUR 1,000.00\n"
            "commodity 1,000.00 SEK\n");
}

/* ------------------------------------------------------------------------ */
/* Transactions.                                                            */

enum { C_USD, C_EUR, C_SEK };

#define MAX_POSTINGS 4
#define TAG_CAP 96

struct posting {
    int acct;
    int64_t cents; /* signed, in hundredths of the commodity */
    char tag[TAG_CAP]; /* trailing comment text without "; ", or "" */
};

static struct posting post[MAX_POSTINGS];
static int npost;

static struct posting *add_posting(int acct, int64_t cents)
{
    struct posting *p = &post[npost++];
    p->acct = acct;
    p->cents = cents;
    p->tag[0] = '\0';
    return p;
}

static void out_amount(int comm, int64_t cents)
{
    uint64_t mag = cents < 0 ? (uint64_t)(-cents) : (uint64_t)cents;
    int neg = cents < 0;
    uint64_t whole = mag / 100, frac = mag % 100;
    switch (comm) {
    case C_USD:
        out_ch('$');
        break;
    case C_EUR:
        out_str("EUR ");
        break;
    default:
        break;
    }
    if (neg)
        out_ch('-');
    if (whole >= 1000)
        out_grouped(whole);
    else
        out_uint(whole, 1);
    out_ch('.');
    out_uint(frac, 2);
    if (comm == C_SEK)
        out_str(" SEK");
}

/* A positive amount in cents with a wide, skewed spread so that both small
 * figures and figures with thousands separators are common. */
static int64_t gen_amount(void)
{
    uint32_t r = rng_below(100);
    if (r < 55)
        return rng_range(100, 99999); /* 1.00 .. 999.99 */
    if (r < 90)
        return rng_range(100000, 999999); /* 1,000.00 .. 9,999.99 */
    return rng_range(1000000, 9999999); /* 10,000.00 .. 99,999.99 */
}

/* Format an ASCII tag via a tiny local writer (no snprintf in the hot path). */
static size_t tag_put(char *dst, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at + n >= TAG_CAP)
        n = TAG_CAP - 1 - at;
    memcpy(dst + at, s, n);
    dst[at + n] = '\0';
    return at + n;
}

static size_t tag_uint(char *dst, size_t at, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < width)
        tmp[n++] = '0';
    while (n > 0 && at + 1 < TAG_CAP)
        dst[at++] = tmp[--n];
    dst[at] = '\0';
    return at;
}

/* Write a date into a tag string. */
static size_t tag_date(char *dst, size_t at, int64_t z)
{
    /* Reuse out_date through the output buffer would couple the two; do the
     * conversion again here (cheap). */
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y0 = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = y0 + (m <= 2);
    at = tag_uint(dst, at, (uint64_t)y, 4);
    at = tag_put(dst, at, "-");
    at = tag_uint(dst, at, m, 2);
    at = tag_put(dst, at, "-");
    return tag_uint(dst, at, d, 2);
}

static const char *const notes[] = {
    "monthly", "urgent", "reconciled", "per contract", "see email",
    "quarterly", "one-off", "recurring", "adjusted", "approved by finance",
};
#define N_NOTES (sizeof notes / sizeof notes[0])

static const char *const projects[] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
};
#define N_PROJECTS (sizeof projects / sizeof projects[0])

/* Per-customer, per-commodity most recent invoice number (0 = none yet). */
static uint64_t last_invoice[N_CUSTOMERS][3];
static uint64_t invoice_seq; /* global, so numbers are unique everywhere */
static uint64_t bill_seq;

static int bank_for(int comm)
{
    if (comm == C_EUR)
        return A_BANK_EUR;
    if (comm == C_SEK)
        return A_BANK_SEK;
    uint32_t r = rng_below(10);
    return r < 7 ? A_CHECKING : (r < 9 ? A_SAVINGS : A_CASH);
}

static int random_expense(void)
{
    return A_EXP0 + (int)rng_below(N_EXP_CATS * N_EXP_SUBS);
}

static void maybe_project_tag(struct posting *p)
{
    uint32_t r = rng_below(10);
    size_t at;
    if (r < 2) {
        at = tag_put(p->tag, 0, "project: ");
        tag_put(p->tag, at, projects[rng_below(N_PROJECTS)]);
    } else if (r < 3) {
        at = tag_put(p->tag, 0, "cost-center: CC-");
        tag_uint(p->tag, at, rng_below(50) + 1, 2);
    }
}

/* Payee written into the description. */
enum { PAYEE_CUSTOMER, PAYEE_VENDOR, PAYEE_GENERIC };

static void gen_transaction(uint64_t index, int64_t day)
{
    int comm;
    uint32_t r;
    int payee_kind = PAYEE_GENERIC;
    int payee_no = 0;
    char txtag[TAG_CAP];

    npost = 0;
    txtag[0] = '\0';

    r = rng_below(100);
    comm = r < 70 ? C_USD : (r < 90 ? C_EUR : C_SEK);

    if (index == 0) {
        /* Opening balances. */
        comm = C_USD;
        add_posting(A_CHECKING, gen_amount() * 10);
        add_posting(A_SAVINGS, gen_amount() * 10);
        add_posting(A_CASH, gen_amount());
        add_posting(A_EQ_OPENING, -(post[0].cents + post[1].cents +
                                    post[2].cents));
        payee_no = 0;
    } else if ((r = rng_below(100)) < 25) {
        /* Sale on credit: receivable debit with a fresh invoice number. */
        int cust = (int)rng_below(N_CUSTOMERS);
        int64_t net1 = gen_amount(), net2 = 0, vat = 0;
        if (rng_below(4) == 0)
            net2 = gen_amount();
        if (rng_below(2) == 0)
            vat = (net1 + net2) / 4;
        struct posting *p = add_posting(A_RECV0 + cust, net1 + net2 + vat);
        uint64_t inv = ++invoice_seq;
        last_invoice[cust][comm] = inv;
        size_t at = tag_put(p->tag, 0, "invoice: INV-");
        at = tag_uint(p->tag, at, inv, 6);
        at = tag_put(p->tag, at, ", due: ");
        tag_date(p->tag, at, day + 30);
        add_posting(A_SALES0 + (int)rng_below(N_PRODUCTS), -net1);
        if (net2)
            add_posting(A_SALES0 + (int)rng_below(N_PRODUCTS), -net2);
        if (vat)
            add_posting(A_VAT, -vat);
        payee_kind = PAYEE_CUSTOMER;
        payee_no = cust + 1;
    } else if (r < 40) {
        /* Customer payment: bank debit, receivable credit. */
        int cust = (int)rng_below(N_CUSTOMERS);
        int64_t a = gen_amount();
        add_posting(bank_for(comm), a);
        struct posting *p = add_posting(A_RECV0 + cust, -a);
        if (last_invoice[cust][comm]) {
            size_t at = tag_put(p->tag, 0, "invoice: INV-");
            tag_uint(p->tag, at, last_invoice[cust][comm], 6);
        }
        payee_kind = PAYEE_CUSTOMER;
        payee_no = cust + 1;
    } else if (r < 60) {
        /* Vendor bill: 1-3 expense debits, payable credit. */
        int vend = (int)rng_below(N_VENDORS);
        int nexp = 1 + (int)rng_below(3);
        int64_t total = 0;
        for (int i = 0; i < nexp; i++) {
            int64_t a = gen_amount();
            total += a;
            maybe_project_tag(add_posting(random_expense(), a));
        }
        struct posting *p = add_posting(A_PAY0 + vend, -total);
        size_t at = tag_put(p->tag, 0, "invoice: BILL-");
        at = tag_uint(p->tag, at, ++bill_seq, 6);
        at = tag_put(p->tag, at, ", due: ");
        tag_date(p->tag, at, day + 45);
        payee_kind = PAYEE_VENDOR;
        payee_no = vend + 1;
    } else if (r < 70) {
        /* Vendor payment. */
        int vend = (int)rng_below(N_VENDORS);
        int64_t a = gen_amount();
        add_posting(A_PAY0 + vend, a);
        add_posting(bank_for(comm), -a);
        payee_kind = PAYEE_VENDOR;
        payee_no = vend + 1;
    } else if (r < 85) {
        /* Card purchase: 1-3 expense debits, card credit. */
        int nexp = 1 + (int)rng_below(3);
        int64_t total = 0;
        for (int i = 0; i < nexp; i++) {
            int64_t a = gen_amount();
            total += a;
            maybe_project_tag(add_posting(random_expense(), a));
        }
        add_posting(A_CARD, -total);
        payee_no = 1 + (int)rng_below(500);
    } else if (r < 88) {
        /* Transfer between own accounts, or card repayment. */
        int64_t a = gen_amount();
        int from = bank_for(comm);
        int to = rng_below(2) ? A_CARD : (from == A_SAVINGS ? A_CHECKING
                                                            : A_SAVINGS);
        add_posting(to, a);
        add_posting(from, -a);
        payee_no = 1 + (int)rng_below(500);
    } else if (r < 93) {
        /* Payroll: 2-3 expense debits, bank credit. */
        int64_t sal = gen_amount() * 3, ben = gen_amount() / 2 + 1;
        int64_t tax = rng_below(2) ? sal / 5 : 0;
        add_posting(E_SALARIES, sal);
        add_posting(E_BENEFITS, ben);
        if (tax)
            add_posting(E_PAYROLLTAX, tax);
        add_posting(bank_for(comm), -(sal + ben + tax));
        payee_no = 1 + (int)rng_below(500);
    } else if (r < 96) {
        /* Loan repayment: principal + interest. */
        int64_t principal = gen_amount(), interest = principal / 20 + 1;
        add_posting(A_LOAN, principal);
        add_posting(E_BANK_INTEREST, interest);
        add_posting(bank_for(comm), -(principal + interest));
        payee_no = 1 + (int)rng_below(500);
    } else if (r < 98) {
        /* Interest income, sometimes with a bank fee. */
        int64_t a = gen_amount() / 10 + 1;
        int bank = bank_for(comm);
        if (rng_below(3) == 0) {
            int64_t fee = a / 10 + 1;
            add_posting(bank, a - fee);
            add_posting(E_BANK_FEES, fee);
        } else {
            add_posting(bank, a);
        }
        add_posting(A_INTEREST_INC, -a);
        payee_no = 1 + (int)rng_below(500);
    } else {
        /* Consulting paid on the spot, with VAT. */
        int64_t net = gen_amount(), vat = net / 4;
        add_posting(bank_for(comm), net + vat);
        add_posting(A_CONSULTING, -net);
        add_posting(A_VAT, -vat);
        payee_kind = PAYEE_CUSTOMER;
        payee_no = 1 + (int)rng_below(N_CUSTOMERS);
    }

    /* Transaction-level tags. */
    r = rng_below(100);
    if (r < 15) {
        size_t at = tag_put(txtag, 0, "ref: batch ");
        tag_uint(txtag, at, rng_below(1000) + 1, 1);
    } else if (r < 20) {
        size_t at = tag_put(txtag, 0, "project: ");
        tag_put(txtag, at, projects[rng_below(N_PROJECTS)]);
    }

    /* Which posting, if any, has its amount elided (about 70%). */
    int elide = rng_below(10) < 7 ? (int)rng_below((uint32_t)npost) : -1;

    /* Header line. */
    out_reserve();
    out_date(day);
    r = rng_below(100);
    if (r < 85)
        out_str(" *");
    else if (r < 90)
        out_str(" !");
    if (rng_below(10) < 4) {
        out_str(" (C");
        out_uint(index + 1, 6);
        out_ch(')');
    }
    out_ch(' ');
    if (index == 0) {
        out_str("Opening balances");
    } else if (payee_kind == PAYEE_CUSTOMER) {
        out_str("Customer ");
        out_uint((uint64_t)payee_no, 3);
    } else if (payee_kind == PAYEE_VENDOR) {
        out_str("Vendor ");
        out_uint((uint64_t)payee_no, 3);
    } else {
        out_str("Payee ");
        out_uint((uint64_t)payee_no, 3);
    }
    if (rng_below(10) < 3) {
        out_str(" | ");
        out_str(notes[rng_below(N_NOTES)]);
    }
    if (txtag[0]) {
        out_str("  ; ");
        out_str(txtag);
    }
    out_ch('\n');

    /* Postings. */
    for (int i = 0; i < npost; i++) {
        const struct posting *p = &post[i];
        out_str("    ");
        out_mem(acct_name[p->acct], acct_len[p->acct]);
        if (i != elide) {
            out_str("  ");
            out_amount(comm, p->cents);
        }
        if (p->tag[0]) {
            out_str("  ; ");
            out_str(p->tag);
        }
        out_ch('\n');
    }
}

/* ------------------------------------------------------------------------ */

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s == '\0' || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t n, seed = 1;

    if (argc < 2 || argc > 3 || parse_u64(argv[1], &n) != 0 ||
        (argc == 3 && parse_u64(argv[2], &seed) != 0)) {
        fprintf(stderr, "usage: %s N [SEED]\n"
                        "  writes a deterministic journal of N transactions "
                        "to standard output\n",
                argc > 0 ? argv[0] : "gen-journal");
        return 2;
    }

    rng_state = seed;
    build_accounts();
    out_header();

    int64_t day = days_from_civil(2020, 1, 1);
    const int64_t last_day = days_from_civil(9999, 11, 1);
    for (uint64_t i = 0; i < n; i++) {
        out_ch('\n');
        gen_transaction(i, day);
        /* Advance the date every few transactions (on average one day per
         * four transactions; occasionally a gap of two days). */
        uint32_t r = rng_below(16);
        if (r < 3)
            day += 1;
        else if (r == 3)
            day += 2;
        /* Keep every date, due dates included, within year 9999 (ledger
         * cannot read five-digit years), whatever N is. */
        if (day > last_day)
            day = last_day;
    }

    out_flush();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-journal: write");
        return 1;
    }
    return 0;
}

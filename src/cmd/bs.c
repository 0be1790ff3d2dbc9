/*
 * bs.c - `clerk bs` (balance sheet) and `clerk is` (income statement):
 * the trial balance grouped by account class (formats/reports.md).
 */
#include "compat.h"
#include "cmd.h"
#include "query.h"
#include "report.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char bs_usage[] =
	"usage: clerk bs -f BOOKS [--date DATE | --end DATE] [-O text|csv|json]\n\n"
	"Balance sheet: assets, liabilities and equity, with the current result\n"
	"(revenue less expenses, not yet closed into equity), per commodity, tied\n"
	"out to the trial balance. Classes come from the first component of the\n"
	"account name (formats/reports.md). Liabilities and equity are shown as\n"
	"positive amounts when they are credits. The csv output has the columns\n"
	"section,account,commodity,amount.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      as of the end of DATE (default: today, said on standard\n"
	"                       error: docs/dates.md)\n"
	"  -e, --end DATE       only transactions before DATE (exclusive, as hledger)\n"
	"  -o, --out FILE       write to FILE (atomically) instead of standard output\n"
	"  -O, --output FORMAT  text (default), csv or json (formats/json.md)\n";

static const char is_usage[] =
	"usage: clerk is -f BOOKS [--begin DATE] [--end DATE] [-O text|csv|json]\n\n"
	"Income statement: revenue and expenses of the period, per commodity, and\n"
	"the net result (revenue less expenses). Revenue is shown positive when it\n"
	"is a credit. The csv output has the columns section,account,commodity,amount.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -b, --begin DATE     only transactions on or after DATE\n"
	"  -e, --end DATE       only transactions before DATE (exclusive, as hledger);\n"
	"                       default: up to the end of today, said on standard error\n"
	"                       (docs/dates.md)\n"
	"  -o, --out FILE       write to FILE (atomically) instead of standard output\n"
	"  -O, --output FORMAT  text (default), csv or json (formats/json.md)\n";

#define NCLASS (QUERY_OTHER + 1)

/* Amounts per commodity (balance rows without an account). */
typedef VEC(struct balance_row) sums;

static void sums_add(sums *s, uint32_t commodity, const struct dec *v, bool negate)
{
	struct balance_row *slot = NULL;
	for (size_t k = 0; k < s->n; k++)
		if (s->v[k].commodity == commodity)
			slot = &s->v[k];
	if (!slot) {
		slot = VEC_GROW(s);
		slot->account = NO_ID;
		slot->commodity = commodity;
		dec_init(&slot->amount);
	}
	if (negate)
		dec_sub(&slot->amount, &slot->amount, v);
	else
		dec_add(&slot->amount, &slot->amount, v);
}

static void sums_add_all(sums *s, const sums *t, bool negate)
{
	for (size_t k = 0; k < t->n; k++)
		sums_add(s, t->v[k].commodity, &t->v[k].amount, negate);
}

static void sums_release(sums *s)
{
	for (size_t k = 0; k < s->n; k++)
		dec_clear(&s->v[k].amount);
	VEC_FREE(s);
}

static bool sums_equal(const sums *a, const sums *b)
{
	sums d = VEC_INIT;
	bool eq = true;
	sums_add_all(&d, a, false);
	sums_add_all(&d, b, true);
	for (size_t k = 0; k < d.n; k++)
		eq = eq && dec_is_zero(&d.v[k].amount);
	sums_release(&d);
	return eq;
}

struct statement {
	const struct journal *j;
	struct balance_report r;
	sums total[NCLASS]; /* per class, as shown (credit classes negated) */
	sums tb;            /* the trial balance's total */
	bool csv;
	struct strbuf *out;
};

/* Credit-normal classes are shown negated: a credit balance is positive. */
static bool shown_negated(enum query_class c)
{
	return c == QUERY_LIABILITY || c == QUERY_EQUITY || c == QUERY_REVENUE;
}

static void statement_compute(struct statement *st, const struct journal *j, const struct balance_options *bo)
{
	memset(st->total, 0, sizeof(st->total));
	memset(&st->tb, 0, sizeof(st->tb));
	st->j = j;
	report_balance(&st->r, j, bo);
	for (size_t i = 0; i < st->r.n; i++) {
		const struct balance_row *row = &st->r.rows[i];
		enum query_class c = query_account_class(j, row->account);
		sums_add(&st->total[c], row->commodity, &row->amount, shown_negated(c));
		sums_add(&st->tb, row->commodity, &row->amount, false);
	}
}

static void statement_release(struct statement *st)
{
	for (int c = 0; c < NCLASS; c++)
		sums_release(&st->total[c]);
	sums_release(&st->tb);
	balance_report_release(&st->r);
}

/* One line: amount (right-aligned in 20 columns), label; or a CSV row. */
static void line(struct statement *st, const char *section, const char *label, uint32_t commodity,
		 const struct dec *v)
{
	struct strbuf *out = st->out;
	if (st->csv) {
		strbuf_addcsv(out, section);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, label);
		strbuf_addch(out, ',');
		if (commodity != NO_ID) {
			strbuf_addcsv(out, commodity_symbol(&st->j->commodities, commodity));
			strbuf_addch(out, ',');
			dec_format_plain(out, v, st->j->commodities.v[commodity].precision);
		} else {
			strbuf_addstr(out, ",0");
		}
		strbuf_addch(out, '\n');
		return;
	}
	struct strbuf amt = STRBUF_INIT;
	if (commodity != NO_ID)
		amount_format(&amt, &st->j->commodities, commodity, v);
	else
		strbuf_addch(&amt, '0');
	size_t w = utf8_width_n(amt.buf, amt.len);
	strbuf_addchars(out, ' ', w < 20 ? 20 - w : 0);
	strbuf_add(out, amt.buf, amt.len);
	if (*label) {
		strbuf_addstr(out, "  ");
		strbuf_addstr(out, label);
	}
	strbuf_addch(out, '\n');
	strbuf_release(&amt);
}

/* Lines of s (one per commodity, "0" when empty), labelled. */
static void sum_lines(struct statement *st, const char *section, const char *label, const sums *s)
{
	size_t shown = 0;
	for (size_t k = 0; k < s->n; k++)
		if (!dec_is_zero(&s->v[k].amount)) {
			line(st, section, label, s->v[k].commodity, &s->v[k].amount);
			shown++;
		}
	if (!shown)
		line(st, section, label, NO_ID, NULL);
}

static void heading(struct statement *st, const char *title)
{
	if (!st->csv)
		strbuf_addf(st->out, "\n%s\n", title);
}

static void rule(struct statement *st)
{
	if (!st->csv) {
		strbuf_addchars(st->out, '-', 20);
		strbuf_addch(st->out, '\n');
	}
}

/* A class's accounts and its total; extra (may be NULL) is one more labelled line before the total. */
static void section(struct statement *st, enum query_class c, const char *title, const char *key,
		    const char *extra_label, const sums *extra)
{
	struct dec v;
	dec_init(&v);
	heading(st, title);
	for (size_t i = 0; i < st->r.n; i++) {
		const struct balance_row *row = &st->r.rows[i];
		if (query_account_class(st->j, row->account) != c)
			continue;
		if (shown_negated(c))
			dec_neg(&v, &row->amount);
		else
			dec_set(&v, &row->amount);
		line(st, key, journal_account_name(st->j, row->account), row->commodity, &v);
	}
	dec_clear(&v);
	if (extra)
		sum_lines(st, key, extra_label, extra);
	rule(st);
	sums t = VEC_INIT;
	sums_add_all(&t, &st->total[c], false);
	if (extra)
		sums_add_all(&t, extra, false);
	sum_lines(st, key, "total", &t);
	sums_release(&t);
}

/* The period of is: bo->end is always set (--end, or the day after today: run()). */
static void period_text(struct strbuf *out, const struct balance_options *bo)
{
	char a[11], b[11];
	if (bo->begin != DATE_NONE)
		date_format(bo->begin, a);
	date_format(bo->end - 1, b);
	strbuf_addf(out, "%s to %s", bo->begin != DATE_NONE ? a : "the start", b);
}

static void balance_sheet(struct statement *st, const struct balance_options *bo)
{
	sums result = VEC_INIT, net = VEC_INIT, tie = VEC_INIT;
	/* the current result, shown as equity: revenue less expenses */
	sums_add_all(&result, &st->total[QUERY_REVENUE], false);
	sums_add_all(&result, &st->total[QUERY_EXPENSE], true);
	if (st->csv) {
		strbuf_addstr(st->out, "section,account,commodity,amount\n");
	} else {
		char d[11];
		date_format(bo->end - 1, d); /* always set: --date, --end or today (run()) */
		strbuf_addf(st->out, "Balance sheet as of %s\n", d);
	}
	section(st, QUERY_ASSET, "Assets", "assets", NULL, NULL);
	section(st, QUERY_LIABILITY, "Liabilities", "liabilities", NULL, NULL);
	section(st, QUERY_EQUITY, "Equity", "equity", "current result (revenue less expenses, not closed)",
		&result);
	bool other = false;
	for (size_t i = 0; i < st->r.n && !other; i++)
		other = query_account_class(st->j, st->r.rows[i].account) == QUERY_OTHER;
	if (other)
		section(st, QUERY_OTHER, "Other (not assets, liabilities, equity, revenue or expenses)", "other",
			NULL, NULL);
	/* net assets = assets - liabilities (hledger's "Net:") */
	sums_add_all(&net, &st->total[QUERY_ASSET], false);
	sums_add_all(&net, &st->total[QUERY_LIABILITY], true);
	heading(st, "Net assets (assets less liabilities)");
	sum_lines(st, "net", "", &net);
	/* tie-out: net assets + other - equity - result = the trial balance's total */
	sums_add_all(&tie, &net, false);
	sums_add_all(&tie, &st->total[QUERY_OTHER], false);
	sums_add_all(&tie, &st->total[QUERY_EQUITY], true);
	sums_add_all(&tie, &result, true);
	if (!st->csv) {
		bool ok = sums_equal(&tie, &st->tb);
		strbuf_addf(st->out, "\nTie-out: net assets%s less equity %s the trial balance's total\n"
				     "(not zero only where commodities were converted at cost):\n",
			    other ? " and other" : "", ok ? "equal" : "DO NOT EQUAL");
		sum_lines(st, "", "", &tie);
	}
	sums_release(&result);
	sums_release(&net);
	sums_release(&tie);
}

static void income_statement(struct statement *st, const struct balance_options *bo)
{
	sums net = VEC_INIT;
	if (st->csv) {
		strbuf_addstr(st->out, "section,account,commodity,amount\n");
	} else {
		strbuf_addstr(st->out, "Income statement for ");
		period_text(st->out, bo);
		strbuf_addch(st->out, '\n');
	}
	section(st, QUERY_REVENUE, "Revenue", "revenue", NULL, NULL);
	section(st, QUERY_EXPENSE, "Expenses", "expenses", NULL, NULL);
	sums_add_all(&net, &st->total[QUERY_REVENUE], false);
	sums_add_all(&net, &st->total[QUERY_EXPENSE], true);
	heading(st, "Net result (revenue less expenses)");
	sum_lines(st, "net", "", &net);
	sums_release(&net);
}

static int run(const char *cmd, bool is, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "begin", required_argument, NULL, 'b' },
		{ "end", required_argument, NULL, 'e' },    { "date", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'O' }, { "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *shortopts = is ? "f:b:e:O:o:h" : "f:e:d:O:o:h";
	struct balance_options bo = BALANCE_OPTIONS_INIT;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	const char *outfile = NULL;
	clerk_date date = DATE_NONE;
	int c, rc;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'b':
		case 'e':
		case 'd':
			if ((c == 'b' && !is) || (c == 'd' && is))
				return cmd_usage_error(cmd, "option '--%s' is not for clerk %s",
						       c == 'b' ? "begin" : "date", cmd);
			if ((rc = cmd_parse_date(cmd, optarg, c == 'b' ? &bo.begin : c == 'e' ? &bo.end : &date)))
				return rc;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error(cmd, "unknown output format '%s'", optarg);
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'h':
			fputs(is ? is_usage : bs_usage, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(cmd, argv, shortopts);
		}
	}
	if (optind < argc)
		return cmd_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (date != DATE_NONE && bo.end != DATE_NONE)
		return cmd_usage_error(cmd, "give either --date or --end, not both");
	if ((rc = cmd_books_path(cmd, &file)))
		return rc;
	/* bs as of today, is up to the end of today: the net result of one is the other's */
	bool defaulted = date == DATE_NONE && bo.end == DATE_NONE;
	if (defaulted && (rc = cmd_today(cmd, &date)))
		return rc;
	if (date != DATE_NONE)
		bo.end = date + 1;
	struct journal *j;
	if ((rc = cmd_load_books(&j, file, false)))
		return rc;
	cmd_say_date(cmd, bo.end - 1, defaulted, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	struct statement st;
	struct strbuf out = STRBUF_INIT;
	st.csv = fmt == OUTPUT_CSV;
	st.out = &out;
	statement_compute(&st, j, &bo);
	if (is)
		income_statement(&st, &bo);
	else
		balance_sheet(&st, &bo);
	rc = cmd_write_report(cmd, outfile, &out, json, j, file);
	strbuf_release(&out);
	statement_release(&st);
	journal_free(j);
	return rc;
}

int cmd_bs(int argc, char **argv)
{
	return run("bs", false, argc, argv);
}

int cmd_is(int argc, char **argv)
{
	return run("is", true, argc, argv);
}

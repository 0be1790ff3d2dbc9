#include "compat.h"
#include "util/utf8.h"
#include "cmd.h"
#include "query.h"
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk balance -f BOOKS [PATTERN...] [--begin DATE] [--end DATE] [--depth N]\n"
	"                     [--tree|--flat] [-E] [--strict] [-O text|csv|json]\n\n"
	"Trial balance: the balance of every account in every commodity, exact.\n"
	"Accounts with a zero balance are left out unless -E is given. PATTERNs\n"
	"(case-insensitive extended regular expressions, matched anywhere in the\n"
	"account's full name; any of them) select the postings counted.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -b, --begin DATE     only transactions on or after DATE (YYYY-MM-DD)\n"
	"  -e, --end DATE       only transactions before DATE (exclusive, as hledger)\n"
	"  -E, --empty          also show zero balances\n"
	"      --depth N        sum accounts deeper than N into their parent at depth N\n"
	"      --tree           indent sub-accounts under their parents, with subtotals\n"
	"      --flat           one line per account with its own balance (the default)\n"
	"      --strict         check the books with --strict first\n"
	"  -o, --out FILE       write to FILE (atomically) instead of standard output\n"
	"  -O, --output FORMAT  text (default), csv (account,commodity,amount) or json\n";

/* The account's name as shown: in a tree its last component, indented by its depth. */
static void add_name(struct strbuf *out, const struct journal *j, uint32_t account, bool tree)
{
	const char *name = journal_account_name(j, account);
	const char *leaf = strrchr(name, ':');
	if (!tree) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_addchars(out, ' ', 2 * (size_t)j->accounts.v[account].depth);
	strbuf_addstr(out, leaf ? leaf + 1 : name);
}

static void format_text(struct strbuf *out, const struct journal *j, const struct balance_report *r,
			bool tree)
{
	struct strbuf amt = STRBUF_INIT;
	size_t width = 20;
	/* first pass: width of the amount column */
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < r->n + r->ntotals; i++) {
			const struct balance_row *row = i < r->n ? &r->rows[i] : &r->totals[i - r->n];
			strbuf_reset(&amt);
			amount_format(&amt, &j->commodities, row->commodity, &row->amount);
			size_t w = utf8_width_n(amt.buf, amt.len);
			if (pass == 0) {
				if (w > width)
					width = w;
				continue;
			}
			if (i == r->n)
				strbuf_addchars(out, '-', width), strbuf_addch(out, '\n');
			strbuf_addchars(out, ' ', width - w);
			strbuf_add(out, amt.buf, amt.len);
			if (i < r->n) {
				strbuf_addstr(out, "  ");
				add_name(out, j, row->account, tree);
			}
			strbuf_addch(out, '\n');
		}
	}
	if (!r->ntotals) {
		strbuf_addchars(out, '-', width);
		strbuf_addch(out, '\n');
		strbuf_addchars(out, ' ', width - 1);
		strbuf_addstr(out, "0\n");
	}
	strbuf_release(&amt);
}

static void format_csv(struct strbuf *out, const struct journal *j, const struct balance_report *r)
{
	strbuf_addstr(out, "account,commodity,amount\n");
	for (size_t i = 0; i < r->n; i++) {
		strbuf_addcsv(out, journal_account_name(j, r->rows[i].account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r->rows[i].commodity));
		strbuf_addch(out, ',');
		dec_format_plain(out, &r->rows[i].amount,
				 j->commodities.v[r->rows[i].commodity].precision);
		strbuf_addch(out, '\n');
	}
}

/* --depth N: a whole number from 1 to 99. */
static int parse_depth(const char *s, unsigned *out)
{
	unsigned v = 0;
	size_t n = strlen(s);
	if (!n || n > 2 || strspn(s, "0123456789") != n)
		return cmd_usage_error("balance", "bad depth '%s' (expected a number from 1 to 99)", s);
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	if (!v)
		return cmd_usage_error("balance", "bad depth '%s' (expected a number from 1 to 99)", s);
	*out = v;
	return 0;
}

int cmd_balance(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "begin", required_argument, NULL, 'b' },
		{ "end", required_argument, NULL, 'e' },    { "empty", no_argument, NULL, 'E' },
		{ "output", required_argument, NULL, 'O' }, { "strict", no_argument, NULL, 's' },
		{ "depth", required_argument, NULL, 'D' },  { "tree", no_argument, NULL, 't' },
		{ "flat", no_argument, NULL, 'l' },	    { "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct query_balance_options qo = QUERY_BALANCE_OPTIONS_INIT;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	const char *outfile = NULL;
	bool strict = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:b:e:EO:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'b':
			if ((rc = cmd_parse_date("balance", optarg, &qo.bo.begin)))
				return rc;
			break;
		case 'e':
			if ((rc = cmd_parse_date("balance", optarg, &qo.bo.end)))
				return rc;
			break;
		case 'E':
			qo.bo.empty = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("balance", "unknown output format '%s'", optarg);
			break;
		case 's':
			strict = true;
			break;
		case 'D':
			if ((rc = parse_depth(optarg, &qo.depth)))
				return rc;
			break;
		case 't':
			qo.layout = QUERY_TREE;
			break;
		case 'l':
			qo.layout = QUERY_FLAT;
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("balance", argv, "f:b:e:EO:o:h");
		}
	}
	if ((rc = cmd_books_path("balance", &file)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, strict);
	if (rc)
		return rc;
	struct query q = QUERY_INIT;
	if ((rc = cmd_query_patterns("balance", &q, j, argv + optind, (size_t)(argc - optind)))) {
		journal_free(j);
		return rc;
	}
	struct balance_report r = BALANCE_REPORT_INIT;
	struct strbuf out = STRBUF_INIT;
	query_balance(&r, j, &q, &qo);
	if (fmt == OUTPUT_CSV)
		format_csv(&out, j, &r);
	else
		format_text(&out, j, &r, qo.layout == QUERY_TREE);
	rc = cmd_write_report("balance", outfile, &out, json, j, file);
	strbuf_release(&out);
	balance_report_release(&r);
	query_release(&q);
	journal_free(j);
	return rc;
}

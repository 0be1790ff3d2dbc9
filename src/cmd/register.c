#include "compat.h"
#include "cmd.h"
#include "query.h"
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk register -f BOOKS [PATTERN...] [--begin DATE] [--end DATE] [-O text|csv|json]\n\n"
	"The postings of the accounts that match a PATTERN (case-insensitive extended\n"
	"regular expressions, matched anywhere in the account's full name: ACCOUNT\n"
	"also selects its sub-accounts; none selects every account) in date order,\n"
	"each with the running balance of its commodity. The csv output has the columns\n"
	"date,code,description,account,commodity,amount,balance.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -b, --begin DATE     only postings on or after DATE (earlier ones count in the balance)\n"
	"  -e, --end DATE       only postings before DATE\n"
	"  -O, --output FORMAT  text (default), csv or json (formats/json.md)\n";

int cmd_register(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "begin", required_argument, NULL, 'b' },
		{ "end", required_argument, NULL, 'e' },    { "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },	    { NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct balance_options bo = BALANCE_OPTIONS_INIT;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:b:e:O:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'b':
			if ((rc = cmd_parse_date("register", optarg, &bo.begin)))
				return rc;
			break;
		case 'e':
			if ((rc = cmd_parse_date("register", optarg, &bo.end)))
				return rc;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("register", "unknown output format '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("register", argv, "f:b:e:O:h");
		}
	}
	if ((rc = cmd_books_path("register", &file)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, false);
	if (rc)
		return rc;
	struct query q = QUERY_INIT;
	if ((rc = cmd_query_patterns("register", &q, j, argv + optind, (size_t)(argc - optind)))) {
		journal_free(j);
		return rc;
	}
	struct register_report r = REGISTER_REPORT_INIT;
	struct strbuf out = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	char date[11];
	query_register(&r, j, &q, &bo);
	if (fmt == OUTPUT_CSV)
		strbuf_addstr(&out, "date,code,description,account,commodity,amount,balance\n");
	for (size_t i = 0; i < r.n; i++) {
		const struct posting *p = &j->postings.v[r.rows[i].posting];
		const struct txn *t = &j->txns.v[r.rows[i].txn];
		date_format(t->date, date);
		if (fmt == OUTPUT_CSV) {
			strbuf_addf(&out, "%s,", date);
			strbuf_addcsv(&out, t->code ? t->code : "");
			strbuf_addch(&out, ',');
			strbuf_addcsv(&out, t->description);
			strbuf_addch(&out, ',');
			strbuf_addcsv(&out, journal_account_name(j, p->account));
			strbuf_addch(&out, ',');
			strbuf_addcsv(&out, commodity_symbol(&j->commodities, p->commodity));
			strbuf_addch(&out, ',');
			int32_t prec = j->commodities.v[p->commodity].precision;
			dec_format_plain(&out, &p->amount, prec);
			strbuf_addch(&out, ',');
			dec_format_plain(&out, &r.rows[i].balance, prec);
			strbuf_addch(&out, '\n');
		} else {
			strbuf_reset(&a);
			strbuf_reset(&b);
			amount_format(&a, &j->commodities, p->commodity, &p->amount);
			amount_format(&b, &j->commodities, p->commodity, &r.rows[i].balance);
			strbuf_addf(&out, "%s %-30s %-30s %15s %15s\n", date, t->description,
				    journal_account_name(j, p->account), a.buf, b.buf);
		}
	}
	if (cmd_write_table(&out, json))
		rc = EXIT_IO;
	strbuf_release(&out);
	strbuf_release(&a);
	strbuf_release(&b);
	register_report_release(&r);
	query_release(&q);
	journal_free(j);
	return rc;
}

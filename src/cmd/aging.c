/*
 * aging.c - `clerk aging`: aged receivables or payables as of a date, with
 * the tie-out to the control balance (formats/aging.md).
 */
#include "compat.h"
#include "aging.h"
#include "cmd.h"
#include "html.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk aging -f BOOKS [--date DATE] [--payables] [--buckets 30,60,90]\n"
	"                   [-O text|csv|json|html] [-o FILE]\n\n"
	"Aged receivables (or payables): per party and currency, the open amounts by\n"
	"days past due on DATE, unapplied credits as negative amounts, and the total,\n"
	"which is the party account's balance on DATE. Only postings dated on or\n"
	"before DATE count. The sum of all rows is compared with the control balance\n"
	"(every account with role receivable, or payable) on DATE: the tie-out.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      the aging date (YYYY-MM-DD); default: today, said on\n"
	"                       standard error (docs/dates.md)\n"
	"  -p, --payables       vendor bills instead of customer invoices\n"
	"  -b, --buckets LIST   upper bounds of the overdue buckets (default 30,60,90)\n"
	"  -o, --out FILE       write to FILE (atomically) instead of standard output\n"
	"  -O, --output FORMAT  text (default), csv, json or html. CSV columns: party,account,\n"
	"                       currency,not_due,days_1_30,days_31_60,days_61_90,\n"
	"                       days_over_90,credits,total,disputed,items,oldest_due\n\n"
	"Exit status: 0, or 1 when the rows do not tie out to the control balance\n"
	"(the report is still printed, with the difference).\n";

int cmd_aging(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },    { "date", required_argument, NULL, 'd' },
		{ "payables", no_argument, NULL, 'p' },      { "buckets", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'O' },  { "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *format = "text", *outfile = NULL;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	struct aging_options ao = AGING_OPTIONS_INIT;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:d:pb:O:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("aging", optarg, &oo.as_of)))
				return rc;
			break;
		case 'p':
			oo.side = OPENITEMS_PAYABLES;
			break;
		case 'b': {
			const char *msg = aging_parse_bounds(optarg, &ao);
			if (msg)
				return cmd_usage_error("aging", "bad --buckets '%s': %s", optarg, msg);
			break;
		}
		case 'O':
			if (strcmp(optarg, "text") && strcmp(optarg, "csv") && strcmp(optarg, "html") &&
			    strcmp(optarg, "json"))
				return cmd_usage_error("aging", "unknown output format '%s'", optarg);
			format = optarg;
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("aging", argv, "f:d:b:O:o:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("aging", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("aging", &file)))
		return rc;
	bool defaulted = oo.as_of == DATE_NONE;
	if (defaulted && (rc = cmd_today("aging", &oo.as_of)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, false);
	if (rc)
		return rc;
	cmd_say_date("aging", oo.as_of, defaulted, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	struct openitems *oi = NULL;
	struct aging *ag = NULL;
	int error = openitems_compute(&oi, j, &oo);
	if (!error)
		error = aging_compute(&ag, j, oi, &ao);
	if (error) {
		rc = cmd_fail(error);
		goto out;
	}
	struct strbuf out = STRBUF_INIT;
	if (!strcmp(format, "csv") || !strcmp(format, "json"))
		aging_csv(&out, ag, j, oi);
	else if (!strcmp(format, "html"))
		aging_html_page(&out, ag, j, oi, oo.as_of);
	else
		aging_text(&out, ag, j, oi, oo.as_of);
	rc = cmd_write_report("aging", outfile, &out, !strcmp(format, "json"), j, file);
	strbuf_release(&out);
	if (!aging_ties_out(ag)) {
		fprintf(stderr, "clerk: error: the aging does not tie out to the %s control balance "
				"(postings on the control account itself?)\n",
			oo.side == OPENITEMS_PAYABLES ? "payable" : "receivable");
		if (!rc)
			rc = EXIT_DATA;
	}
out:
	aging_free(ag);
	openitems_free(oi);
	journal_free(j);
	return rc;
}

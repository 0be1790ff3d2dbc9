/*
 * report.c - `clerk report`: the management report, one self-contained
 * HTML page (formats/report.md).
 */
#include "compat.h"
#include "cmd.h"
#include "error.h"
#include "mreport.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: clerk report -f BOOKS [--date DATE] [-O html] [-o FILE]\n\n"
	"The management report as one self-contained HTML page (no scripts, nothing\n"
	"fetched): key figures per currency, cash per bank account, aged receivables\n"
	"and payables with charts, days sales outstanding, the top overdue customers,\n"
	"what the last bank statement import matched and what waits in suspense.\n"
	"Only postings dated on or before DATE count.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      the report date (YYYY-MM-DD); default: today, said on\n"
	"                       standard error (docs/dates.md)\n"
	"  -o, --out FILE       write the page to FILE (atomically); without it the\n"
	"                       page goes to standard output, never to a terminal\n"
	"  -O, --output FORMAT  html (the default and only format; the figures are\n"
	"                       in `clerk balance`, `clerk aging` and `clerk collections`\n"
	"                       as text or CSV)\n\n"
	"Exit status: 0, or 1 when an aging does not tie out to its control balance\n"
	"(the page is still written, with the difference).\n";

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "date", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'O' }, { "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *outfile = NULL;
	clerk_date date = DATE_NONE;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:d:O:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("report", optarg, &date)))
				return rc;
			break;
		case 'O':
			if (strcmp(optarg, "html"))
				return cmd_usage_error("report", "unknown output format '%s' (the report is "
								 "written as html only)", optarg);
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("report", argv, "f:d:O:o:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (!outfile && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "clerk: error: refusing to pour HTML onto the terminal; give -o FILE "
				"(or redirect the output)\n");
		return EXIT_USAGE;
	}
	if ((rc = cmd_books_path("report", &file)))
		return rc;
	bool defaulted = date == DATE_NONE;
	if (defaulted && (rc = cmd_today("report", &date)))
		return rc;
	struct journal *j;
	int error;
	rc = cmd_load_books(&j, file, false);
	if (rc)
		return rc;
	cmd_say_date("report", date, defaulted, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	struct strbuf out = STRBUF_INIT;
	bool ties_out = true;
	if ((error = mreport_html(&out, j, date, &ties_out))) {
		rc = cmd_fail(error);
		goto out;
	}
	rc = cmd_write_report("report", outfile, &out, false, j, file);
	if (!ties_out) {
		fprintf(stderr, "clerk: error: an aging does not tie out to its control balance "
				"(postings on a control account itself?)\n");
		if (!rc)
			rc = EXIT_DATA;
	}
out:
	strbuf_release(&out);
	journal_free(j);
	return rc;
}

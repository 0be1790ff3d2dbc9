#include "compat.h"
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

static const char usage_text[] =
	"usage: clerk check -f BOOKS [--strict] [-q]\n\n"
	"Load the books and validate them: syntax, balanced transactions (exactly,\n"
	"per commodity), balance assertions in date order, includes, dates, account\n"
	"roles and reserved tags, and duplicate invoice numbers. Every error is\n"
	"reported as FILE:LINE:COL with the source line.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"      --strict       also require declared accounts and commodities, and\n"
	"                     each file in date order\n"
	"  -q, --quiet        print nothing when the books are valid\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "strict", no_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },	  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	bool strict = false, quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 's':
			strict = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error("check", "bad option");
		}
	}
	if (optind < argc)
		return cmd_usage_error("check", "unexpected argument '%s'", argv[optind]);
	file = cmd_books_path(file);
	if (!file)
		return cmd_usage_error("check", "no books given (use -f FILE or set CLERK_BOOKS)");
	struct journal *j;
	int rc = cmd_load_books(&j, file, strict);
	if (rc)
		return rc;
	if (!quiet)
		printf("%s: ok: %zu transactions, %zu postings, %zu accounts, %zu commodities, %zu files\n",
		       file, j->txns.n, j->postings.n, j->accounts.n, j->commodities.n - 1, j->files.n);
	journal_free(j);
	return EXIT_OK;
}

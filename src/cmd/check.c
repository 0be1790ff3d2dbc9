#include "compat.h"
#include "close.h"
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

static const char usage_text[] =
	"usage: clerk check -f BOOKS [--strict] [-q]\n\n"
	"Load the books and validate them: UTF-8 text, syntax, balanced transactions\n"
	"(exactly, per commodity), balance assertions in date order, includes, dates,\n"
	"account roles and reserved tags, and duplicate invoice numbers. Every error\n"
	"is reported as FILE:LINE:COL with the source line. Warnings (exit status 0)\n"
	"point at likely mistakes: invoice:, due:, ref: or dispute: on an account that\n"
	"is not a party account, a tag name close to a reserved one ('inovice:'), an\n"
	"undeclared account close to a party account.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"      --strict       make the warnings errors, and also require declared\n"
	"                     accounts and commodities, and each file in date order\n"
	"  -q, --quiet        print nothing when the books are valid (warnings are\n"
	"                     still printed)\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "strict", no_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },	  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	bool strict = false, quiet = false;
	int c, rc;
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
			return cmd_bad_option("check", argv, "f:qh");
		}
	}
	if (optind < argc)
		return cmd_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("check", &file)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, strict);
	if (rc)
		return rc;
	/* the seal of books closed by clerk close: read here only, not by every command */
	struct diag sd = DIAG_INIT;
	int sealed = close_verify_seals(j, &sd), keyed = close_verify_history(j, &sd);
	if (sd.n) {
		diag_sort(&sd);
		cmd_print_diag(&sd);
	}
	if (sealed || keyed) {
		diag_release(&sd);
		journal_free(j);
		return EXIT_DATA;
	}
	diag_release(&sd);
	if (!quiet)
		printf("%s: ok: %zu transaction%s, %zu posting%s, %zu account%s, %zu commodit%s, %zu file%s\n",
		       file, j->txns.n, j->txns.n == 1 ? "" : "s", j->postings.n,
		       j->postings.n == 1 ? "" : "s", j->accounts.n, j->accounts.n == 1 ? "" : "s",
		       j->commodities.n - 1, j->commodities.n - 1 == 1 ? "y" : "ies", j->files.n,
		       j->files.n == 1 ? "" : "s");
	journal_free(j);
	return EXIT_OK;
}

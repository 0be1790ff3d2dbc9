/*
 * explain.c - `clerk explain`: the story of an invoice or bill, a bank
 * entry or a run, from the books, with the file:line of every posting
 * (formats/explain.md, src/explain.h).
 */
#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "explain.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk explain -f BOOKS [-O text|csv] ITEM\n\n"
	"Tell the story of ITEM from the books, each event with the file and line\n"
	"of the posting that makes it. ITEM is a run id (the transactions that run\n"
	"posted), a bank entry's reference (the bank line and where the money went:\n"
	"the items, the matching rule and its evidence), or an invoice or bill\n"
	"number (opened, payments and credits with their bank entry, rule and\n"
	"evidence, returns, reminders with level and fee, write-offs, and what is\n"
	"open now).\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"  -O, --output FMT   text (default) or csv: date,event,amount,currency,source,detail\n\n"
	"Exit status: 0 told, 1 the books do not load or say nothing of ITEM, 2 usage,\n"
	"3 the books cannot be read.\n";

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *books = NULL;
	enum output_format fmt = OUTPUT_TEXT;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:O:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			books = optarg;
			break;
		case 'O':
			if (cmd_parse_format(optarg, &fmt) || (fmt != OUTPUT_TEXT && fmt != OUTPUT_CSV))
				return cmd_usage_error("explain", "bad output format '%s' (text or csv)", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("explain", argv, "f:O:");
		}
	}
	if (optind == argc)
		return cmd_usage_error("explain", "no item given (an invoice or bill number, a bank entry, a run id)");
	if (optind + 1 < argc)
		return cmd_usage_error("explain", "unexpected argument '%s'", argv[optind + 1]);
	if ((rc = cmd_books_path("explain", &books)))
		return rc;
	const char *item = argv[optind];
	struct journal *j = NULL;
	if ((rc = cmd_load_books(&j, books, false)))
		return rc;
	books_run_files run = VEC_INIT;
	books_find_run(&run, books, item);
	const char **files = xcalloc(run.n + 1, sizeof(*files));
	for (size_t i = 0; i < run.n; i++)
		files[i] = run.v[i].real;
	struct explain e = EXPLAIN_INIT;
	struct strbuf out = STRBUF_INIT;
	int error = explain_compute(&e, j, item, files, run.n);
	if (error)
		rc = cmd_fail(error == CLERK_ENOTFOUND ? CLERK_EINVALID : error);
	else {
		if (fmt == OUTPUT_CSV)
			explain_format_csv(&out, &e);
		else
			explain_format_text(&out, &e);
		fwrite(out.buf, 1, out.len, stdout);
		rc = cmd_finish_stdout(EXIT_OK);
	}
	strbuf_release(&out);
	explain_release(&e);
	free(files);
	books_run_files_release(&run);
	journal_free(j);
	return rc;
}

#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "import.h"
#include "sha256.h"

static const char usage_text[] =
	"usage: clerk import -f BOOKS [--dry-run] [-q] [-O text|csv|json] [--report FILE] STATEMENT...\n\n"
	"Import ISO 20022 bank statements (camt.053, camt.052, camt.054) into the\n"
	"books, each booked movement exactly once: the bank account is the one with\n"
	"'role: bank' and the statement's 'iban:'; statements are taken per account\n"
	"in sequence order; the opening balance must equal the books' balance before\n"
	"the statement and the closing balance the balance after it; a gap in the\n"
	"sequence is refused. Movements already in the books (same identity) and\n"
	"entries that are not booked are skipped and reported. Each movement is\n"
	"posted against the suspense account, and each statement's closing balance\n"
	"is asserted in the books (formats/import.md). Matching puts each movement\n"
	"on the invoices it pays (formats/matching.md). A bank debit of a payment\n"
	"run's transfer (its EndToEndId) clears it exactly; a return opens its bills\n"
	"again, and so does a rejection in a pain.002 status report given here like\n"
	"a statement (formats/pay.md). All files of one call are committed together,\n"
	"or none.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"  -n, --dry-run      check and report, write nothing\n"
	"  -q, --quiet        print only errors\n"
	"  -O, --output FMT   text (default): what was imported and skipped; csv: the\n"
	"                     decisions table, one row per movement (formats/matching.md);\n"
	"                     json: that table as an array of objects (formats/json.md)\n"
	"      --report FILE  also write the decisions table to FILE (mode 0600): CSV,\n"
	"                     or JSON with -O json\n";

/* " and N rejections" when status reports rejected transfers, else "". */
/* The last line of the text output: the decisions counted by decision and rule. */
static void print_summary(const struct importer *im)
{
	struct strbuf sb = STRBUF_INIT;
	importer_summary_text(im, &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

static const char *rejections(const struct importer *im)
{
	static char buf[64];
	size_t n = importer_rejections(im);
	if (!n)
		return "";
	snprintf(buf, sizeof(buf), " and %zu rejection%s", n, n == 1 ? "" : "s");
	return buf;
}

/* Writes the decisions table (CSV, or JSON) to path (when given), atomically, mode 0600. */
static int write_report(const char *path, const struct importer *im, bool json)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;
	if (!path)
		return EXIT_OK;
	importer_decisions_csv(im, &sb);
	rc = cmd_write_table_file(path, &sb, json, 0600);
	strbuf_release(&sb);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },	  { "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'O' }, { "report", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TEXT;
	const char *report = NULL;
	const char *file = NULL;
	bool dry = false, quiet = false, json = false;
	int c, rc = EXIT_OK, error;
	while ((c = getopt_long(argc, argv, "f:nqhO:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("import", "unknown output format '%s' (text, csv or json)",
						       optarg);
			break;
		case 'r':
			report = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("import", argv, "f:nqhO:");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("import", "no statement given");
	if ((rc = cmd_books_path("import", &file)))
		return rc;

	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct importer *im = NULL;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT, head = STRBUF_INIT;
	char *posted = NULL;
	d.max_errors = CMD_MAX_DIAGNOSTICS;

	if (!dry && (error = books_lock(&lock, file))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (!dry)
		books_clean_temporaries(file);
	if ((rc = cmd_load_books_night(&j, file, false, NULL, true)) ||
	    (rc = cmd_check_output("import", report, j, file, argv + optind, (size_t)(argc - optind))))
		goto cleanup;
	im = importer_new(j);
	for (int i = optind; i < argc; i++) {
		error = importer_add_file(im, argv[i], &d);
		if (error == CLERK_ENOTFOUND || error == CLERK_EIO) {
			rc = cmd_fail(error);
			goto cleanup;
		}
	}
	if (!d.nerrors)
		(void)!importer_plan(im, &d);
	if (d.nerrors) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: nothing was imported\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	if (d.n)
		cmd_print_diag(&d); /* warnings */
	if (fmt == OUTPUT_CSV)
		importer_decisions_csv(im, &out);
	else
		importer_report(im, &out);
	const struct strbuf *text = importer_text(im);
	if (!quiet && fmt == OUTPUT_CSV)
		(void)cmd_write_table(&out, json);
	else if (!quiet)
		cmd_write_stdout(&out);
	bool say = !quiet && fmt == OUTPUT_TEXT;
	if (!text->len) {
		if (say)
			printf("nothing new to import\n");
		if (say && importer_exceptions(im)) {
			/* a status report's rejection of something not in transit posts nothing */
			struct strbuf ex = STRBUF_INIT;
			importer_exceptions_text(im, &ex);
			printf("%zu decision%s for a person to look at:\n%s", importer_exceptions(im),
			       importer_exceptions(im) == 1 ? "" : "s", ex.buf);
			strbuf_release(&ex);
		}
		if (say)
			print_summary(im);
		rc = write_report(report, im, json);
		goto cleanup;
	}
	/* the books with the import must still check: balances, assertions */
	if ((rc = cmd_check_text(j, "import", text, "import", "imported")))
		goto cleanup;
	/* the posted file: a head naming the statements, then the text (not copied) */
	for (int i = optind; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');
		strbuf_addf(&head, "; clerk-import-source: %s\n", base ? base + 1 : argv[i]);
	}
	strbuf_addf(&head, "; clerk-import-sha256: %s\n\n", importer_file_digests(im));
	if (dry) {
		if (say) {
			printf("would import %zu movement%s%s\n", importer_posted(im),
			       importer_posted(im) == 1 ? "" : "s", rejections(im));
			print_summary(im);
		}
		goto cleanup;
	}
	char hash[SHA256_HEX_LEN + 1];
	struct sha256 *sh = sha256_new();
	sha256_update(sh, head.buf, head.len);
	sha256_update(sh, text->buf, text->len);
	sha256_final_hex(sh, hash);
	sha256_free(sh);
	struct fsutil_part parts[] = { { head.buf, head.len }, { text->buf, text->len } };
	if ((error = books_prepare(file)) ||
	    (error = books_commit_parts(file, "import", hash, parts, 2, &posted))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (say) {
		printf("imported %zu movement%s%s as %s\n", importer_posted(im),
		       importer_posted(im) == 1 ? "" : "s", rejections(im), posted);
		size_t nx = importer_exceptions(im);
		if (nx) {
			struct strbuf ex = STRBUF_INIT;
			importer_exceptions_text(im, &ex);
			printf("%zu decision%s for a person to look at (suspense, overpaid, on account):\n%s",
			       nx, nx == 1 ? "" : "s", ex.buf);
			strbuf_release(&ex);
		}
		print_summary(im);
	}
	rc = write_report(report, im, json);
cleanup:
	free(posted);
	strbuf_release(&out);
	strbuf_release(&head);
	diag_release(&d);
	importer_free(im);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

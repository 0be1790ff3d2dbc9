/*
 * cmd/receive.c - `clerk receive`: vendors' e-invoices into the books, only
 * what is right (formats/einvoice.md, "Receiving bills").
 */
#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "receive.h"
#include "sha256.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "usage: clerk receive -f BOOKS [--dry-run] [-q] [-O text|csv|json] [--report FILE]\n"
    "                     [--accept FILE]... DOCUMENT...\n\n"
    "Receive vendors' bills and credit notes as EN 16931 e-invoices (UBL 2.1\n"
    "Invoice and CreditNote, as in Peppol BIS 3 and XRechnung; UN/CEFACT CII, as\n"
    "in Factur-X and ZUGFeRD) and post only what is right. Each document is\n"
    "verified (EN 16931's rules, exactly), its seller must be a vendor of the\n"
    "books (a party account below 'role: payable' with the seller's 'vat:', else\n"
    "its 'iban:', else its 'name:'), it must ask for payment only to the vendor's\n"
    "known IBANs, and it must not be in the books already (the same file, the\n"
    "vendor's number, or the same amount and date under another number). Each\n"
    "document is posted, held for a person, a duplicate, or refused; the posted\n"
    "ones are committed together, or none (formats/einvoice.md).\n\n"
    "  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
    "  -n, --dry-run      decide and report, write nothing\n"
    "  -q, --quiet        print only errors\n"
    "  -O, --output FMT   text (default): a line per document, a sentence for each\n"
    "                     not posted; csv: the decisions table; json: that table as\n"
    "                     an array of objects (formats/json.md)\n"
    "      --report FILE  also write the decisions table to FILE (mode 0600): CSV,\n"
    "                     or JSON with -O json\n"
    "      --accept FILE  FILE (given as a DOCUMENT) is not a duplicate of the bill\n"
    "                     with its vendor, amount and date: post it\n\n"
    "Exit status: 0 every document posted (or received before), 5 some held or\n"
    "refused (a person must look), 1 invalid books, 2 usage, 3 a document cannot\n"
    "be read, 4 books locked.\n";

struct options {
	const char *file, *report;
	enum output_format fmt;
	bool dry, quiet, json;
	char **accept;
	size_t naccept;
};

/* Parses the options; returns -1 when the command goes on, else the exit code. */
static int parse(struct options *o, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"file", required_argument, NULL, 'f'},   {"dry-run", no_argument, NULL, 'n'},
	    {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
	    {"output", required_argument, NULL, 'O'}, {"report", required_argument, NULL, 'r'},
	    {"accept", required_argument, NULL, 'a'}, {NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "f:nqhO:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->file = optarg;
			break;
		case 'n':
			o->dry = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &o->fmt, &o->json))
				return cmd_usage_error("receive",
				                       "unknown output format '%s' (text, csv or json)",
				                       optarg);
			break;
		case 'r':
			o->report = optarg;
			break;
		case 'a':
			o->accept[o->naccept++] = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("receive", argv, "f:nqhO:");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("receive", "no document given");
	return cmd_books_path("receive", &o->file) ? EXIT_USAGE : -1;
}

/* Writes the decisions table (CSV, or JSON) to path (when given), atomically, mode 0600. */
static int write_report(const char *path, const struct receiver *r, bool json)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;
	if (!path)
		return EXIT_OK;
	receiver_decisions_csv(r, &sb);
	rc = cmd_write_table_file(path, &sb, json, 0600);
	strbuf_release(&sb);
	return rc;
}

/* Commits the text as posted/NNNNNN-receive-HASH.journal; *posted gets its path. */
static int commit(const char *file, const struct strbuf *text, char **posted)
{
	char hash[SHA256_HEX_LEN + 1];
	int error;
	sha256_hex(text->buf, text->len, hash);
	if ((error = books_prepare(file)) ||
	    (error = books_commit(file, "receive", hash, text->buf, text->len, posted)))
		return cmd_fail(error);
	return EXIT_OK;
}

/* Reads every document and the --accept names; returns EXIT_OK or an exit code. */
static int take_documents(struct receiver *r, const struct options *o, int argc, char **argv)
{
	for (int i = optind; i < argc; i++) {
		int error = receiver_add_file(r, argv[i], NULL, NULL);
		if (error)
			return cmd_fail(error);
	}
	for (size_t i = 0; i < o->naccept; i++)
		if (receiver_accept(r, o->accept[i]))
			return cmd_usage_error("receive",
			                       "--accept '%s' is not one of the documents given",
			                       o->accept[i]);
	return EXIT_OK;
}

/* Prints the decisions (the table, or a line per document) and what was committed. */
static void print_outcome(const struct receiver *r, const struct options *o, const char *posted)
{
	struct strbuf out = STRBUF_INIT;
	size_t n = receiver_decided(r, RECEIVE_POSTED);
	if (o->fmt == OUTPUT_CSV) {
		receiver_decisions_csv(r, &out);
	} else {
		receiver_report(r, &out);
		if (posted)
			strbuf_addf(&out, "posted %zu document%s as %s\n", n, n == 1 ? "" : "s",
			            posted);
		else if (o->dry)
			strbuf_addf(&out, "would post %zu document%s (dry run: nothing written)\n",
			            n, n == 1 ? "" : "s");
		else
			strbuf_addstr(&out, "nothing new to post\n");
	}
	if (o->fmt == OUTPUT_CSV)
		(void)cmd_write_table(&out, o->json);
	else
		cmd_write_stdout(&out);
	strbuf_release(&out);
}

int cmd_receive(int argc, char **argv)
{
	struct options o = {.fmt = OUTPUT_TEXT};
	o.accept = xcalloc((size_t)argc, sizeof(*o.accept));
	int rc = parse(&o, argc, argv);
	if (rc >= 0) {
		free(o.accept);
		return rc;
	}
	rc = EXIT_OK;

	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct receiver *r = NULL;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;
	char *posted = NULL;
	int error;
	d.max_errors = CMD_MAX_DIAGNOSTICS;

	if (!o.dry && (error = books_lock(&lock, o.file))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (!o.dry)
		books_clean_temporaries(o.file);
	if ((rc = cmd_load_books(&j, o.file, false)) ||
	    (rc = cmd_check_output("receive", o.report, j, o.file, argv + optind,
	                           (size_t)(argc - optind))))
		goto cleanup;
	r = receiver_new(j);
	if ((rc = take_documents(r, &o, argc, argv)))
		goto cleanup;
	if (receiver_plan(r, &d)) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr,
		        "clerk: error: the books' policy for bills is contradictory; nothing "
		        "was received\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	/* the documents refused, compiler style, before anything else */
	receiver_refusals_text(r, &out);
	fwrite(out.buf, 1, out.len, stderr);
	strbuf_reset(&out);

	const struct strbuf *text = receiver_text(r);
	if (text->len && (rc = cmd_check_text(j, "receive", text, "bills", "received")))
		goto cleanup;
	if (text->len && !o.dry && (rc = commit(o.file, text, &posted)))
		goto cleanup;
	if (!o.dry && (rc = write_report(o.report, r, o.json)))
		goto cleanup;

	if (!o.quiet)
		print_outcome(r, &o, posted);
	rc = receiver_exceptions(r) ? EXIT_EXCEPTIONS : EXIT_OK;
cleanup:
	free(posted);
	free(o.accept);
	strbuf_release(&out);
	diag_release(&d);
	receiver_free(r);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

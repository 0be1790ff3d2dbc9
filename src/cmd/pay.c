/*
 * pay.c - `clerk pay`: the payment run (formats/pay.md). The engine
 * (src/pay.c) decides and writes the postings; this command locks the
 * books, commits the run, then writes the pain.001 file, rebuilt from the
 * books after the commit so that running again after a crash between the
 * two writes the same bytes.
 */
#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "pay.h"
#include "sha256.h"

static const char usage_text[] =
	"usage: clerk pay -f BOOKS [--date DATE] [--through DATE] [--from ACCOUNT] --out FILE.xml\n"
	"                 [--pain 09|03] [--dry-run] [-q] [-O text|csv|json]\n"
	"       clerk pay -f BOOKS --run RUN --out FILE.xml [--pain 09|03]\n\n"
	"Propose and commit one payment run: every open vendor bill due on or before\n"
	"the horizon (--through, default the run date), or with an early-payment\n"
	"discount still to be had, is paid once, by one SEPA credit transfer per\n"
	"vendor and execution date, less the vendor's credit notes; bills disputed,\n"
	"held, in transit, not approved (when the books require it) or not payable by\n"
	"SEPA are listed with the reason. The run moves the paid bills to the\n"
	"'role: transit' account in one atomic commit, then writes the ISO 20022\n"
	"pain.001 file for the bank. Importing the bank's statements clears the\n"
	"transfers; a return or a rejection (pain.002) opens the bills again.\n"
	"Running again the same day pays nothing twice (formats/pay.md).\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      the run date (YYYY-MM-DD): postings are dated on it;\n"
	"                       default: today, said on standard error (docs/dates.md)\n"
	"  -t, --through DATE   also pay what falls due up to DATE (on its due date)\n"
	"      --from ACCOUNT   the bank account to pay from (default: the only one\n"
	"                       with an 'iban:' tag)\n"
	"  -o, --out FILE       where to write the pain.001 file (mode 0600)\n"
	"      --pain VERSION   09 (pain.001.001.09, default) or 03 (pain.001.001.03)\n"
	"      --run RUN        write the pain.001 of an earlier run (PAY-DATE[.N])\n"
	"                       again, from the books; posts nothing\n"
	"  -n, --dry-run        propose only: write nothing\n"
	"  -q, --quiet          print only errors (not the date line either)\n"
	"  -O, --output FMT     text (default) or csv: the proposal, one row per bill\n"
	"                       (party,account,invoice,due,currency,open,discount,pay,\n"
	"                       end_to_end,decision,reason,execution); json: those rows\n"
	"                       as an array of objects (formats/json.md)\n";

struct pay_args {
	const char *file, *from, *out, *run;
	clerk_date date, through;
	enum pain_version version;
	enum output_format fmt;
	bool dry, quiet, json;
	bool date_defaulted; /* no --date: today */
};

static int parse_args(int argc, char **argv, struct pay_args *a)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },    { "date", required_argument, NULL, 'd' },
		{ "through", required_argument, NULL, 't' }, { "from", required_argument, NULL, 'F' },
		{ "out", required_argument, NULL, 'o' },     { "pain", required_argument, NULL, 'P' },
		{ "run", required_argument, NULL, 'R' },     { "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },	     { "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },	     { NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "f:d:t:o:nqO:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->file = optarg;
			break;
		case 'd':
			if (cmd_parse_date("pay", optarg, &a->date))
				return EXIT_USAGE;
			break;
		case 't':
			if (cmd_parse_date("pay", optarg, &a->through))
				return EXIT_USAGE;
			break;
		case 'F':
			a->from = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'P':
			if (!strcmp(optarg, "09") || !strcmp(optarg, "pain.001.001.09"))
				a->version = PAIN_001_001_09;
			else if (!strcmp(optarg, "03") || !strcmp(optarg, "pain.001.001.03"))
				a->version = PAIN_001_001_03;
			else
				return cmd_usage_error("pay", "unknown pain version '%s' (09 or 03)", optarg);
			break;
		case 'R':
			a->run = optarg;
			break;
		case 'n':
			a->dry = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &a->fmt, &a->json))
				return cmd_usage_error("pay", "unknown output format '%s' (text, csv or json)",
						       optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cmd_bad_option("pay", argv, "f:d:t:o:O:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("pay", "unexpected argument '%s'", argv[optind]);
	clerk_date d;
	unsigned k;
	if (a->run) {
		if (!pay_run_id_parse(a->run, &d, &k))
			return cmd_usage_error("pay", "bad run id '%s' (expected PAY-YYYY-MM-DD or "
						      "PAY-YYYY-MM-DD.N)", a->run);
		if (!a->out)
			return cmd_usage_error("pay", "--run needs --out FILE.xml");
		if (a->date != DATE_NONE || a->through != DATE_NONE || a->dry || a->from)
			return cmd_usage_error("pay", "--run writes an earlier run's file: it takes no "
						      "--date, --through, --from or --dry-run");
		return EXIT_OK;
	}
	if (a->date == DATE_NONE) {
		int rc = cmd_today("pay", &a->date);
		if (rc)
			return rc;
		a->date_defaulted = true;
	}
	if (a->through != DATE_NONE && a->through < a->date)
		return cmd_usage_error("pay", "--through is before %s",
				       a->date_defaulted ? "today (give --date)" : "--date");
	if (!a->dry && !a->out)
		return cmd_usage_error("pay", "a payment run needs --out FILE.xml for the bank (or "
					      "--dry-run)");
	return EXIT_OK;
}

static const char *version_name(enum pain_version v)
{
	return v == PAIN_001_001_03 ? "pain.001.001.03" : "pain.001.001.09";
}

/*
 * Writes the pain.001 of run `id` as the books j hold it to --out, after
 * removing the temporary file a killed earlier write of it left.
 */
static int write_pain(const struct journal *j, const char *id, const struct pay_args *a)
{
	struct strbuf xml = STRBUF_INIT, dir = STRBUF_INIT;
	const char *base = strrchr(a->out, '/');
	int error = pay_run_pain(j, id, a->version, &xml);
	base = base ? base + 1 : a->out;
	fsutil_dirname(&dir, a->out);
	if (!error)
		error = fsutil_remove_temporaries(dir.buf, &base, 1);
	if (!error)
		error = fsutil_write_atomic(a->out, xml.buf, xml.len, 0600, "pay-file");
	strbuf_release(&xml);
	strbuf_release(&dir);
	return error ? cmd_fail(error) : EXIT_OK;
}

/* --run: the file of an earlier run, again. */
static int rewrite_run(const struct journal *j, const struct pay_args *a)
{
	int rc = write_pain(j, a->run, a);
	if (!rc && !a->quiet)
		printf("wrote the %s of %s to %s, from the books\n", version_name(a->version), a->run,
		       a->out);
	return rc;
}

/* Nothing new to pay: the day's latest run (if any) is written to --out again, from the books. */
static int nothing_new(const struct journal *j, const struct pay_args *a, bool say)
{
	struct strbuf last = STRBUF_INIT;
	int rc = EXIT_OK;
	pay_last_run(j, a->date, &last);
	if (!last.len || a->dry || !a->out) {
		if (say)
			printf("nothing to pay: no transfer and no credit to net\n");
		goto out;
	}
	struct strbuf xml = STRBUF_INIT;
	int error = pay_run_pain(j, last.buf, a->version, &xml);
	strbuf_release(&xml);
	if (error == CLERK_ENOTFOUND) { /* that run only netted credits */
		clerk_error_clear();
		if (say)
			printf("nothing to pay: no transfer and no credit to net\n");
		goto out;
	}
	if ((rc = write_pain(j, last.buf, a)))
		goto out;
	if (say)
		printf("nothing new to pay; the %s of %s (posted earlier) written again to %s, the "
		       "same bytes\n",
		       version_name(a->version), last.buf, a->out);
out:
	strbuf_release(&last);
	return rc;
}

/* Validates and commits the run, then writes its file from the books. */
static int commit_run(struct journal *j, const struct pay *p, const struct pay_args *a, bool say)
{
	struct strbuf text = STRBUF_INIT;
	char *posted = NULL;
	int rc;
	strbuf_addf(&text, "; clerk-pay: %s\n\n", pay_run_id(p));
	strbuf_add(&text, pay_text(p)->buf, pay_text(p)->len);
	if (a->dry) {
		rc = cmd_check_text(j, "pay", &text, "payment run", "written");
		if (!rc && say)
			printf("would post %s; nothing written\n", pay_run_id(p));
		goto out;
	}
	if ((rc = cmd_commit_text(j, a->file, "pay", &text, &posted)))
		goto out;
	size_t n = pay_transfer_count(p, NULL);
	if (n && (rc = write_pain(j, pay_run_id(p), a)))
		goto out;
	if (say) {
		printf("posted %s as %s", pay_run_id(p), posted);
		if (n)
			printf("; %s written to %s\n", version_name(a->version), a->out);
		else
			printf("; no transfer, so no file for the bank\n");
	}
out:
	free(posted);
	strbuf_release(&text);
	return rc;
}

int cmd_pay(int argc, char **argv)
{
	struct pay_args a = { NULL, NULL, NULL, NULL, DATE_NONE, DATE_NONE, PAIN_001_001_09,
			      OUTPUT_TEXT, false, false, false, false };
	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct pay *p = NULL;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;
	int rc = parse_args(argc, argv, &a), error;
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cmd_books_path("pay", &a.file)))
		return rc;
	bool writes = !a.dry;
	bool say = !a.quiet && a.fmt == OUTPUT_TEXT;
	if (writes && (error = books_lock(&lock, a.file))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (writes)
		books_clean_temporaries(a.file);
	if ((rc = cmd_load_books(&j, a.file, false)) ||
	    (rc = cmd_check_output("pay", a.out, j, a.file, NULL, 0)))
		goto cleanup;
	if (a.run) {
		rc = rewrite_run(j, &a);
		goto cleanup;
	}
	if (!a.quiet)
		cmd_say_date("pay", a.date, a.date_defaulted, j, CMD_SAY_FUTURE);
	struct pay_options o = { a.date, a.through, a.from };
	d.max_errors = CMD_MAX_DIAGNOSTICS;
	if (pay_compute(&p, j, &o, &d)) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: no payment run; nothing was written\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	if (a.quiet)
		; /* no proposal to print */
	else if (a.fmt == OUTPUT_CSV)
		pay_proposal_csv(p, &out);
	else
		pay_proposal_text(p, &out);
	if (!a.quiet && (a.fmt == OUTPUT_CSV ? cmd_write_table(&out, a.json) : cmd_write_stdout(&out))) {
		rc = EXIT_IO;
		goto cleanup;
	}
	if (!pay_text(p)->len)
		rc = nothing_new(j, &a, say);
	else
		rc = commit_run(j, p, &a, say);
cleanup:
	strbuf_release(&out);
	diag_release(&d);
	pay_free(p);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

/*
 * dunning.c - `clerk collections` (the collections list with dunning
 * levels) and `clerk letters` (the reminders due, and recording them in
 * the books): formats/dunning.md.
 */
#include "compat.h"
#include "bankfeed.h"
#include "books.h"
#include "cmd.h"
#include "dunning.h"
#include "error.h"
#include "fsutil.h"
#include "letters.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char collections_usage[] =
	"usage: clerk collections -f BOOKS [--date DATE] [-O text|csv|json] [-o FILE]\n\n"
	"The collections list: one row per customer and currency with overdue items,\n"
	"its dunning level (1 reminder from 1 day past due, 2 second reminder from 15,\n"
	"3 final notice from 30, 4 collections from 60, unless the books set other\n"
	"levels), sorted by level then amount, highest first. Disputed items and\n"
	"customers tagged `dunning: no` are left out and listed as such.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      as of DATE (YYYY-MM-DD); default: today, said on standard\n"
	"                       error (docs/dates.md)\n"
	"  -o, --out FILE       write to FILE (atomically) instead of standard output\n"
	"  -O, --output FORMAT  text (default), csv or json: party,account,currency,overdue,\n"
	"                       oldest_due,days_past_due,level,action,items,email,credits,\n"
	"                       notice_due,last_notice,fee,interest\n";

static const char letters_usage[] =
	"usage: clerk letters -f BOOKS [--date DATE] --out DIR [--record]\n\n"
	"Writes one reminder (DIR/DATE-LEVEL-party-CUR.txt and .html) per customer and\n"
	"currency due a notice on DATE: its overdue items, amounts and days late, any\n"
	"fee and interest, the bank details to pay to and the reference to quote.\n"
	"A customer is due a notice when an item reached a higher level than it was\n"
	"last noticed at, and the interval since the last notice has passed.\n"
	"The sender and the bank details come from the first account with 'role: bank'\n"
	"that has 'iban:' and 'name:'; without one, no letter is written (exit 1).\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      the letters' date (YYYY-MM-DD); default: today, said on\n"
	"                       standard error (docs/dates.md)\n"
	"  -o, --out DIR        where to write the letters (created if missing)\n"
	"  -r, --record         record the notices (and post their fees and interest)\n"
	"                       in the books, so that they are not issued again\n"
	"  -n, --dry-run        list the letters that would be written, write nothing\n";

/* Loads the books and computes open items and dunning as of *date (default: today, said). */
static int load(const char *cmd, const char *file, clerk_date *date, struct journal **j,
		struct openitems **oi, struct dunning **d)
{
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	bool defaulted = *date == DATE_NONE;
	int rc, error;
	if (defaulted && (rc = cmd_today(cmd, date)))
		return rc;
	if ((rc = cmd_load_books(j, file, false)))
		return rc;
	cmd_say_date(cmd, *date, defaulted, *j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	oo.as_of = *date;
	if ((error = openitems_compute(oi, *j, &oo)) || (error = dunning_compute(d, *j, *oi, NULL)))
		return cmd_fail(error);
	/* what a customer reads is computed from complete bank data, or held */
	struct strbuf why = STRBUF_INIT;
	if ((error = bankfeed_why(&why, *j, *date))) {
		strbuf_release(&why);
		return cmd_fail(error);
	}
	if (why.len)
		dunning_hold(*d, why.buf);
	strbuf_release(&why);
	return EXIT_OK;
}

int cmd_collections(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "date", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'O' }, { "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	clerk_date date = DATE_NONE;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	const char *outfile = NULL;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:d:O:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("collections", optarg, &date)))
				return rc;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("collections", "unknown output format '%s'", optarg);
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'h':
			fputs(collections_usage, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("collections", argv, "f:d:O:o:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("collections", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("collections", &file)))
		return rc;
	struct journal *j = NULL;
	struct openitems *oi = NULL;
	struct dunning *d = NULL;
	rc = load("collections", file, &date, &j, &oi, &d);
	if (!rc) {
		struct strbuf out = STRBUF_INIT;
		if (fmt == OUTPUT_CSV)
			collections_csv(&out, d, j, oi);
		else
			collections_text(&out, d, j, oi, date);
		rc = cmd_write_report("collections", outfile, &out, json, j, file);
		strbuf_release(&out);
	}
	dunning_free(d);
	openitems_free(oi);
	journal_free(j);
	return rc;
}

struct write_ctx {
	const char *dir;
	struct strbuf *names, path;
};

static int write_letter(void *ctx, const char *name, const struct strbuf *body)
{
	struct write_ctx *w = ctx;
	strbuf_reset(&w->path);
	strbuf_addf(&w->path, "%s/%s", w->dir, name);
	int error = fsutil_write_atomic(w->path.buf, body->buf, body->len, 0600, "letter");
	if (!error && w->names)
		strbuf_addf(w->names, "%s\n", name);
	return error;
}

int letters_write(const char *dir, const struct dunning *d, const struct journal *j,
		  const struct openitems *oi, clerk_date date, struct strbuf *names)
{
	struct write_ctx w = { dir, names, STRBUF_INIT };
	int error = letters_each(d, j, oi, date, write_letter, &w);
	strbuf_release(&w.path);
	return error;
}

int cmd_letters(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "date", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },  { "record", no_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },	  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *dir = NULL;
	clerk_date date = DATE_NONE;
	bool record = false, dry = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:d:o:rnh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("letters", optarg, &date)))
				return rc;
			break;
		case 'o':
			dir = optarg;
			break;
		case 'r':
			record = true;
			break;
		case 'n':
			dry = true;
			break;
		case 'h':
			fputs(letters_usage, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("letters", argv, "f:d:o:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("letters", "unexpected argument '%s'", argv[optind]);
	if (!dir && !dry)
		return cmd_usage_error("letters", "no output folder given (use --out DIR)");
	if (dry && record)
		return cmd_usage_error("letters", "give either --dry-run or --record, not both");
	if ((rc = cmd_books_path("letters", &file)))
		return rc;
	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct openitems *oi = NULL;
	struct dunning *d = NULL;
	struct strbuf names = STRBUF_INIT, text = STRBUF_INIT;
	char *posted = NULL;
	int error;
	if (record && (error = books_lock(&lock, file))) {
		rc = cmd_fail(error);
		goto out;
	}
	if (record)
		books_clean_temporaries(file);
	if ((rc = load("letters", file, &date, &j, &oi, &d)))
		goto out;
	/* a letter says who sends it and where to pay: without that, none is written */
	struct letter_sender sender;
	letters_sender(&sender, j);
	const char *problem = letters_sender_problem(&sender);
	if (problem) {
		if (sender.account != NO_ID)
			clerk_error_set(CLERK_EINVALID, "cannot write letters: '%s': %s",
					journal_account_name(j, sender.account), problem);
		else
			clerk_error_set(CLERK_EINVALID, "cannot write letters: %s", problem);
		rc = cmd_fail(CLERK_EINVALID);
		goto out;
	}
	size_t due = dunning_notices_due(d);
	if (dunning_held(d)) {
		size_t held = dunning_notices_held(d);
		fprintf(stderr,
			"clerk: letters held (%zu notice%s would be due): %s; no letter written%s\n",
			held, held == 1 ? "" : "s", dunning_held(d), record ? ", nothing recorded" : "");
		rc = EXIT_EXCEPTIONS;
		goto out;
	}
	if (dry) {
		char **stems = letters_file_names(d, j, date);
		for (size_t i = 0; i < dunning_row_count(d); i++)
			if (stems[i])
				printf("would write %s.txt and %s.html\n", stems[i], stems[i]);
		letters_file_names_free(stems, d);
		printf("%zu letter%s due\n", due, due == 1 ? "" : "s");
		goto out;
	}
	if (due && (error = fsutil_mkdir(dir))) {
		rc = cmd_fail(error);
		goto out;
	}
	if ((error = letters_write(dir, d, j, oi, date, &names))) {
		rc = cmd_fail(error);
		goto out;
	}
	if (record && due) {
		dunning_notices_journal(&text, d);
		if ((rc = cmd_commit_text(j, file, "dunning", &text, &posted)))
			goto out;
	}
	fputs(names.buf, stdout);
	char day[11];
	date_format(date, day);
	if (!due)
		printf("no notices due on %s\n", day);
	else
		printf("%zu letter%s written to %s%s%s\n", due, due == 1 ? "" : "s", dir,
		       posted ? ", notices recorded in " : "", posted ? posted : "");
out:
	free(posted);
	strbuf_release(&names);
	strbuf_release(&text);
	dunning_free(d);
	openitems_free(oi);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

/*
 * statement.c - `clerk statement`: statements of account for customers and
 * vendors (formats/statement.md, src/statement.h).
 */
#include "compat.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "json.h"
#include "statement.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: clerk statement -f BOOKS (PARTY... | --all) [--from D1] [--date D]\n"
	"                       [-O text|csv|json|html] [--out DIR]\n\n"
	"A statement of account per party account (customer or vendor) and currency:\n"
	"the balance brought forward at D1, every invoice, payment, credit note,\n"
	"write-off and fee from D1 to D with the running balance, the balance at D\n"
	"and the open items at D with their days overdue. Amounts are positive for\n"
	"what is owed (to us by a customer, by us to a vendor). PARTY is a party\n"
	"account's full name or its last part.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"  -a, --all          every party account with a balance at D\n"
	"      --from D1      the first day of the period (default: the start of the books)\n"
	"  -d, --date D       the last day (default: today, said on standard error:\n"
	"                     docs/dates.md)\n"
	"  -O, --output FMT   text (default), csv, json (the CSV's rows as objects,\n"
	"                     formats/json.md), or html: a printable page for the\n"
	"                     party, without our account names, with the EPC QR code\n"
	"                     for a balance due in euros\n"
	"  -o, --out DIR      write one file per statement into DIR\n"
	"                     (statement-D-PARTY-CUR.txt, .csv, .json or .html) and\n"
	"                     list them\n\n"
	"Exit status: 0 written, 1 the books do not load or a PARTY is unknown,\n"
	"2 usage, 3 a file cannot be read or written.\n";

enum st_format { ST_TEXT, ST_CSV, ST_HTML, ST_JSON };

struct st_args {
	const char *file, *dir;
	bool all;
	clerk_date from, to;
	enum st_format fmt;
	char **parties;
	size_t nparties;
};

static int parse_args(struct st_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "all", no_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'F' }, { "date", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'O' }, { "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },	   { NULL, 0, NULL, 0 },
	};
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:ad:O:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->file = optarg;
			break;
		case 'a':
			a->all = true;
			break;
		case 'F':
			if ((rc = cmd_parse_date("statement", optarg, &a->from)))
				return rc;
			break;
		case 'd':
			if ((rc = cmd_parse_date("statement", optarg, &a->to)))
				return rc;
			break;
		case 'O':
			if (!strcmp(optarg, "text"))
				a->fmt = ST_TEXT;
			else if (!strcmp(optarg, "csv"))
				a->fmt = ST_CSV;
			else if (!strcmp(optarg, "html"))
				a->fmt = ST_HTML;
			else if (!strcmp(optarg, "json"))
				a->fmt = ST_JSON;
			else
				return cmd_usage_error("statement", "bad output format '%s' (text, csv, json or html)",
						       optarg);
			break;
		case 'o':
			a->dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cmd_bad_option("statement", argv, "f:d:O:o:");
		}
	}
	a->parties = argv + optind;
	a->nparties = (size_t)(argc - optind);
	if (!a->all && !a->nparties)
		return cmd_usage_error("statement", "no party given (a party account, or --all)");
	if (a->all && a->nparties)
		return cmd_usage_error("statement", "give either parties or --all, not both");
	if (a->from != DATE_NONE && a->to != DATE_NONE && a->from > a->to)
		return cmd_usage_error("statement", "--from is after --date");
	if (a->fmt == ST_HTML && !a->dir && isatty(STDOUT_FILENO))
		return cmd_usage_error("statement", "HTML is not written to a terminal (use --out DIR)");
	return cmd_books_path("statement", &a->file);
}

/* The party accounts asked for; an unknown one is an error with the nearest name. */
static int resolve_parties(u32_vec *out, const struct journal *j, const struct st_args *a)
{
	if (a->all) {
		statement_parties_due(out, j, a->to);
		return EXIT_OK;
	}
	for (size_t i = 0; i < a->nparties; i++) {
		uint32_t id = statement_find_party(j, a->parties[i]);
		if (id != NO_ID) {
			VEC_PUSH(out, id);
			continue;
		}
		if (journal_find_account(j, a->parties[i]) != NO_ID) {
			fprintf(stderr, "clerk: error: '%s' is not a party account (one below the account with "
					"'role: receivable' or 'role: payable')\n", a->parties[i]);
			return EXIT_DATA;
		}
		const char *near = statement_near_party(j, a->parties[i]);
		fprintf(stderr, "clerk: error: no party account '%s' in the books%s%s%s\n", a->parties[i],
			near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int render(struct strbuf *out, const struct statement *s, const struct journal *j, enum st_format fmt,
		  bool header)
{
	switch (fmt) {
	case ST_CSV:
	case ST_JSON: /* its CSV, written as JSON when the output is complete */
		if (header)
			statement_csv_header(out);
		statement_csv(out, s, j);
		return 0;
	case ST_HTML:
		return statement_html(out, s, j);
	default:
		statement_text(out, s, j);
		return 0;
	}
}

/* With -O json, the CSV in body becomes its JSON array. Returns 0 or an error code. */
static int as_json(struct strbuf *body, enum st_format fmt)
{
	struct strbuf js = STRBUF_INIT;
	if (fmt != ST_JSON)
		return 0;
	int error = json_from_csv(&js, body->buf, body->len, cmd_json_numbers("statement"));
	strbuf_swap(body, &js);
	strbuf_release(&js);
	return error;
}

static int write_files(const statement_vec *v, const struct journal *j, const struct st_args *a)
{
	static const char *const ext[] = { ".txt", ".csv", ".html", ".json" };
	int rc = cmd_check_output("statement", a->dir, j, a->file, NULL, 0), error = 0;
	if (rc)
		return rc;
	if ((error = fsutil_mkdir(a->dir)))
		return cmd_fail(error);
	struct strbuf name = STRBUF_INIT, path = STRBUF_INIT, body = STRBUF_INIT;
	for (size_t i = 0; i < v->n && !error; i++) {
		strbuf_reset(&name), strbuf_reset(&path), strbuf_reset(&body);
		statement_file_name(&name, &v->v[i], j);
		strbuf_addstr(&name, ext[a->fmt]);
		strbuf_addf(&path, "%s/%s", a->dir, name.buf);
		if (!(error = render(&body, &v->v[i], j, a->fmt, true)) &&
		    !(error = as_json(&body, a->fmt)) &&
		    !(error = fsutil_write_atomic(path.buf, body.buf, body.len, 0644, "statement")))
			printf("%s\n", name.buf);
	}
	strbuf_release(&name), strbuf_release(&path), strbuf_release(&body);
	return error ? cmd_fail(error) : cmd_finish_stdout(EXIT_OK);
}

static int write_stdout(const statement_vec *v, const struct journal *j, const struct st_args *a)
{
	if (a->fmt == ST_HTML && v->n != 1)
		return cmd_usage_error("statement", "%zu statements make %zu pages: use --out DIR", v->n, v->n);
	struct strbuf out = STRBUF_INIT;
	int error = 0;
	for (size_t i = 0; i < v->n && !error; i++) {
		if (i && a->fmt == ST_TEXT)
			strbuf_addch(&out, '\n');
		error = render(&out, &v->v[i], j, a->fmt, i == 0);
	}
	if ((a->fmt == ST_CSV || a->fmt == ST_JSON) && !v->n)
		statement_csv_header(&out);
	if (!error)
		error = as_json(&out, a->fmt);
	int rc = error ? cmd_fail(error) : EXIT_OK;
	if (!error)
		rc = cmd_write_stdout(&out) ? cmd_finish_stdout(EXIT_IO) : cmd_finish_stdout(EXIT_OK);
	strbuf_release(&out);
	return rc;
}

/* Every statement must tie to the account (a bug otherwise: the engine's sums disagree). */
static int check_tied(const statement_vec *v, const struct journal *j)
{
	for (size_t i = 0; i < v->n; i++)
		if (!v->v[i].tied) {
			fprintf(stderr, "clerk: internal error: the statement of %s does not tie to its open items\n",
				journal_account_name(j, v->v[i].account));
			return EXIT_INTERNAL;
		}
	return EXIT_OK;
}

/*
 * Books a close made begin with its opening (formats/close.md): the
 * statement starts there (what was owed then is brought forward), and
 * cannot start before it, where the closed books hold the movements.
 */
static int check_from_opening(const struct journal *j, struct st_args *a)
{
	uint32_t id = journal_tag_id(j, "clerk-opening");
	clerk_date first = DATE_NONE;
	for (size_t i = 0; id != NO_ID && i < j->txns.n; i++)
		if (journal_txn_tag_id(j, &j->txns.v[i], id) &&
		    (first == DATE_NONE || j->txns.v[i].date > first))
			first = j->txns.v[i].date;
	if (first == DATE_NONE)
		return EXIT_OK;
	if (a->from == DATE_NONE) {
		a->from = first;
		return EXIT_OK;
	}
	if (a->from >= first)
		return EXIT_OK;
	char day[11], from[11];
	date_format(first, day);
	date_format(a->from, from);
	fprintf(stderr,
		"clerk: error: the books begin on %s with the opening of a close: a statement from "
		"%s needs the closed books (-f the old root), or --from %s or later\n",
		day, from, day);
	return EXIT_USAGE;
}

int cmd_statement(int argc, char **argv)
{
	struct st_args a = { NULL, NULL, false, DATE_NONE, DATE_NONE, ST_TEXT, NULL, 0 };
	int rc = parse_args(&a, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct journal *j = NULL;
	bool defaulted = a.to == DATE_NONE;
	if (defaulted && (rc = cmd_today("statement", &a.to)))
		return rc;
	if (a.from != DATE_NONE && a.from > a.to)
		return cmd_usage_error("statement", "--from is after %s (give --date)",
				       defaulted ? "today" : "--date");
	if ((rc = cmd_load_books(&j, a.file, false)))
		return rc;
	cmd_say_date("statement", a.to, defaulted, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	u32_vec parties = VEC_INIT;
	statement_vec v = VEC_INIT;
	int error;
	if ((rc = check_from_opening(j, &a)) || (rc = resolve_parties(&parties, j, &a)))
		goto out;
	if ((error = statement_compute(&v, j, parties.v, parties.n, a.from, a.to, a.all))) {
		rc = cmd_fail(error);
		goto out;
	}
	if ((rc = check_tied(&v, j)))
		goto out;
	if (a.all && !v.n && !a.dir && a.fmt == ST_TEXT) {
		char day[11];
		date_format(a.to, day);
		printf("no party has a balance on %s\n", day);
		rc = cmd_finish_stdout(EXIT_OK);
	} else
		rc = a.dir ? write_files(&v, j, &a) : write_stdout(&v, j, &a);
out:
	statements_release(&v);
	VEC_FREE(&parties);
	journal_free(j);
	return rc;
}

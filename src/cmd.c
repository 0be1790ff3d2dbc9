#include "compat.h"
#define CLERK_CMD_NO_GETOPT_MACRO
#include "cmd.h"
#include "books.h"
#include "error.h"
#include "fsutil.h"
#include "json.h"
#include "query.h"
#include "sha256.h"
#include "util/near.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("clerk: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'clerk %s --help'.\n", cmd);
	else
		fputs("\nTry 'clerk --help'.\n", stderr);
	return EXIT_USAGE;
}

/* The long options and the name of the command being parsed (see cmd_getopt_long()). */
static const struct option *current_longopts;
static const char *current_cmd;

int cmd_getopt_long(int argc, char *const *argv, const char *shortopts,
		    const struct option *longopts, int *longind)
{
	current_longopts = longopts;
	current_cmd = argc > 0 ? argv[0] : NULL;
	return getopt_long(argc, argv, shortopts, longopts, longind);
}

/* The name of "--name=value" without its dashes and value, in buf. */
static const char *long_name(struct strbuf *buf, const char *arg)
{
	const char *eq = strchr(arg + 2, '=');
	strbuf_reset(buf);
	strbuf_add(buf, arg + 2, eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2));
	return buf->buf;
}

/* An unknown or ambiguous long option: the names it may have meant, or none. */
static int bad_long_option(const char *cmd, const char *arg)
{
	struct strbuf name = STRBUF_INIT, list = STRBUF_INIT;
	VEC(const char *) names = VEC_INIT;
	size_t nprefix = 0;
	int rc;
	long_name(&name, arg);
	for (const struct option *o = current_longopts; o && o->name; o++) {
		VEC_PUSH(&names, o->name);
		if (name.len && !strncmp(o->name, name.buf, name.len)) {
			strbuf_addf(&list, "%s'--%s'", nprefix ? ", " : "", o->name);
			nprefix++;
		}
	}
	const char *near = near_closest(name.buf, names.v, names.n, name.len >= 5 ? 2 : 1);
	if (nprefix > 1)
		rc = cmd_usage_error(cmd, "option '%s' is ambiguous: it may mean %s", arg, list.buf);
	else if (near)
		rc = cmd_usage_error(cmd, "unknown option '%s'; did you mean '--%s'?", arg, near);
	else
		rc = cmd_usage_error(cmd, "unknown option '%s'", arg);
	VEC_FREE(&names);
	strbuf_release(&name);
	strbuf_release(&list);
	return rc;
}

int cmd_bad_option(const char *cmd, char **argv, const char *shortopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (!optopt) {
		if (arg[0] == '-' && arg[1] == '-')
			return bad_long_option(cmd, arg);
		return cmd_usage_error(cmd, "unknown option '%s'", arg);
	}
	if (arg[0] == '-' && arg[1] == '-' && strchr(arg, '=')) {
		struct strbuf name = STRBUF_INIT;
		int rc = cmd_usage_error(cmd, "option '--%s' takes no argument", long_name(&name, arg));
		strbuf_release(&name);
		return rc;
	}
	if (arg[0] == '-' && arg[1] == '-')
		return cmd_usage_error(cmd, "option '%s' needs an argument", arg);
	if (strchr(shortopts, optopt))
		return cmd_usage_error(cmd, "option '-%c' needs an argument", optopt);
	return cmd_usage_error(cmd, "unknown option '-%c'", optopt);
}

int cmd_exit_code(int code)
{
	switch (code) {
	case 0:
		return EXIT_OK;
	case CLERK_EPARSE:
	case CLERK_EUNBALANCED:
	case CLERK_ECURRENCY:
	case CLERK_EAMBIGUOUS:
	case CLERK_EINVALID:
	case CLERK_EEXISTS:
		return EXIT_DATA;
	case CLERK_ENOTFOUND:
	case CLERK_EIO:
		return EXIT_IO;
	case CLERK_ELOCKED:
		return EXIT_LOCKED;
	case CLERK_ESEALED:
		return EXIT_USAGE;
	default:
		return EXIT_INTERNAL;
	}
}

int cmd_fail(int code)
{
	fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
	return cmd_exit_code(code);
}

void cmd_print_diag(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(&sb, d);
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
}

int cmd_parse_format(const char *s, enum output_format *out)
{
	if (!strcmp(s, "text"))
		*out = OUTPUT_TEXT;
	else if (!strcmp(s, "csv"))
		*out = OUTPUT_CSV;
	else
		return -1;
	return 0;
}

int cmd_parse_table_format(const char *s, enum output_format *out, bool *json)
{
	*json = !strcmp(s, "json");
	if (*json) {
		*out = OUTPUT_CSV;
		return 0;
	}
	return cmd_parse_format(s, out);
}

/* The columns of each command's CSV that -O json writes as numbers (formats/json.md). */
const char *const *cmd_json_numbers(const char *cmd)
{
	static const char *const open[] = { "days_past_due", NULL };
	static const char *const aging[] = { "items", NULL };
	static const char *const collections[] = { "days_past_due", "level", "items", NULL };
	/* entries: entry and tx; --summary: entries and booked_entries */
	static const char *const camt[] = { "entry", "tx", "entries", "booked_entries", NULL };
	static const char *const statement[] = { "days_past_due", NULL };
	static const struct {
		const char *cmd;
		const char *const *cols;
	} table[] = { { "open", open },	    { "aging", aging },		{ "collections", collections },
		      { "camt", camt },	    { "statement", statement } };
	for (size_t i = 0; cmd && i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].cmd, cmd))
			return table[i].cols;
	return NULL;
}

/* The bytes of the output: sb itself, or its CSV as JSON in js. Returns 0 or -1 (a bug, said). */
static int table_bytes(struct strbuf *js, const struct strbuf *sb, bool json, const struct strbuf **bytes)
{
	*bytes = sb;
	if (!json)
		return 0;
	*bytes = js;
	if (!json_from_csv(js, sb->buf, sb->len, cmd_json_numbers(current_cmd)))
		return 0;
	fprintf(stderr, "clerk: error: %s (a bug: the CSV cannot be written as JSON)\n",
		clerk_error_last()->message);
	clerk_error_clear();
	return -1;
}

int cmd_write_table(const struct strbuf *sb, bool json)
{
	struct strbuf js = STRBUF_INIT;
	const struct strbuf *bytes;
	int rc = table_bytes(&js, sb, json, &bytes);
	if (!rc)
		rc = cmd_write_stdout(bytes);
	strbuf_release(&js);
	return rc;
}

int cmd_write_table_file(const char *path, const struct strbuf *sb, bool json, mode_t mode)
{
	struct strbuf js = STRBUF_INIT;
	const struct strbuf *bytes;
	int rc = EXIT_OK, error;
	if (table_bytes(&js, sb, json, &bytes))
		rc = EXIT_IO;
	else if ((error = fsutil_write_atomic(path, bytes->buf, bytes->len, mode, NULL)))
		rc = cmd_fail(error);
	strbuf_release(&js);
	return rc;
}

int cmd_write_report(const char *cmd, const char *path, const struct strbuf *sb, bool json,
		     const struct journal *j, const char *root)
{
	struct strbuf js = STRBUF_INIT;
	const struct strbuf *bytes;
	struct stat st;
	int rc;
	if (!path)
		return cmd_write_table(sb, json) ? EXIT_IO : EXIT_OK;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: refusing to write to '%s': it is a folder; nothing was done\n",
			path);
		return EXIT_USAGE;
	}
	if ((rc = cmd_check_output(cmd, path, j, root, NULL, 0)))
		return rc;
	if (table_bytes(&js, sb, json, &bytes)) {
		rc = EXIT_IO;
	} else {
		int error = fsutil_write_atomic(path, bytes->buf, bytes->len, 0644, "output");
		rc = error ? cmd_fail(error) : EXIT_OK;
	}
	strbuf_release(&js);
	return rc;
}

int cmd_parse_date(const char *cmd, const char *s, clerk_date *out)
{
	const char *p = s, *end = s + strlen(s);
	if (date_parse(&p, end, out) || p != end)
		return cmd_usage_error(cmd, "bad date '%s' (expected YYYY-MM-DD)", s);
	return 0;
}

int cmd_books_path(const char *cmd, const char **file)
{
	if (*file)
		return 0;
	const char *env = getenv("CLERK_BOOKS");
	if (env && *env) {
		*file = env;
		return 0;
	}
	return cmd_usage_error(cmd, "no books given (use -f FILE or set CLERK_BOOKS)");
}

int cmd_load_books(struct journal **out, const char *path, bool strict)
{
	return cmd_load_books_night(out, path, strict, NULL, false);
}

int cmd_load_books_night(struct journal **out, const char *path, bool strict,
			 const char *const *skip, bool skip_history)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	d.max_errors = CMD_MAX_DIAGNOSTICS;
	int error;
	*out = NULL;
	co.strict = strict;
	lo.skip = skip;
	lo.skip_history = skip_history;
	error = journal_load_file(j, path, &lo, &d);
	if (error == CLERK_ENOTFOUND || error == CLERK_EIO) {
		journal_free(j);
		diag_release(&d);
		return cmd_fail(error);
	}
	if (!error)
		error = journal_check(j, &co, &d);
	if (d.n || d.dropped) {
		/* errors refuse the books; warnings are printed and the command goes on */
		diag_sort(&d);
		cmd_print_diag(&d);
	}
	if (d.nerrors) {
		journal_free(j);
		diag_release(&d);
		return EXIT_DATA;
	}
	diag_release(&d);
	*out = j;
	return EXIT_OK;
}

int cmd_write_stdout(const struct strbuf *sb)
{
	if (sb->len && fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return -1;
	return 0;
}

int cmd_finish_stdout(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return code;
		fprintf(stderr, "clerk: error: cannot write output: %s\n", strerror(errno));
		return code ? code : EXIT_IO;
	}
	return code;
}

clerk_date cmd_last_date(const struct journal *j)
{
	clerk_date d = DATE_NONE;
	for (size_t i = 0; i < j->txns.n; i++)
		if (d == DATE_NONE || j->txns.v[i].date > d)
			d = j->txns.v[i].date;
	return d;
}

int cmd_today(const char *cmd, clerk_date *out)
{
	const char *env = getenv("CLERK_TODAY");
	if (env && *env) {
		clerk_date d = date_parse_iso(env);
		if (d == DATE_NONE) {
			fprintf(stderr, "clerk: error: bad CLERK_TODAY '%s', the default date of clerk %s "
					"(expected YYYY-MM-DD)\n", env, cmd);
			return EXIT_USAGE;
		}
		*out = d;
		return EXIT_OK;
	}
	time_t t = time(NULL);
	struct tm tm;
	if (t == (time_t)-1 || !localtime_r(&t, &tm)) {
		fprintf(stderr, "clerk: error: cannot read the clock for the default date of clerk %s; "
				"give --date\n", cmd);
		return EXIT_USAGE;
	}
	*out = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return EXIT_OK;
}

/* How many transactions of j are dated after date. */
static size_t count_after(const struct journal *j, clerk_date date)
{
	size_t n = 0;
	for (size_t i = 0; i < j->txns.n; i++)
		n += j->txns.v[i].date > date;
	return n;
}

void cmd_say_date(const char *cmd, clerk_date date, bool defaulted, const struct journal *j,
		  unsigned flags)
{
	struct strbuf line = STRBUF_INIT;
	char day[11];
	clerk_date last = j ? cmd_last_date(j) : DATE_NONE;
	bool future = (flags & CMD_SAY_FUTURE) && j && (last == DATE_NONE || date > last);
	size_t later = defaulted && (flags & CMD_SAY_LATER) && j ? count_after(j, date) : 0;
	if (!defaulted && !future)
		return;
	date_format(date, day);
	strbuf_addf(&line, "clerk %s: as of %s%s", cmd, day, defaulted ? " (today)" : "");
	if (future && last == DATE_NONE) {
		strbuf_addstr(&line, "; the books have no transactions");
	} else if (future) {
		date_format(last, day);
		strbuf_addf(&line, "; the books' last transaction is dated %s", day);
	}
	if (later)
		strbuf_addf(&line, "; %zu transaction%s dated after it %s left out", later,
			    later == 1 ? "" : "s", later == 1 ? "is" : "are");
	fprintf(stderr, "%s\n", line.buf);
	strbuf_release(&line);
}

int cmd_check_text(struct journal *j, const char *kind, const struct strbuf *text, const char *what,
		   const char *done)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	struct diag vd = DIAG_INIT;
	char name[64];
	int rc = EXIT_OK;
	vd.max_errors = CMD_MAX_DIAGNOSTICS;
	snprintf(name, sizeof(name), "(%s)", kind);
	if (journal_load_buffer(j, name, text->buf, text->len, &lo, &vd) || journal_check(j, &co, &vd)) {
		diag_sort(&vd);
		cmd_print_diag(&vd);
		fprintf(stderr, "clerk: error: the %s would not leave the books valid; nothing was %s\n",
			what, done);
		rc = EXIT_DATA;
	}
	diag_release(&vd);
	return rc;
}

int cmd_commit_text(struct journal *j, const char *file, const char *kind,
		    const struct strbuf *text, char **posted)
{
	char hash[SHA256_HEX_LEN + 1];
	int rc, error;
	*posted = NULL;
	if ((rc = cmd_check_text(j, kind, text, kind, "written to the books")))
		return rc;
	sha256_hex(text->buf, text->len, hash);
	if ((error = books_prepare(file)) ||
	    (error = books_commit(file, kind, hash, text->buf, text->len, posted)))
		return cmd_fail(error);
	return EXIT_OK;
}

/* Refuses path (canonical: canon) when it is what (canonical: other). */
static int same_path(const char *cmd, const char *path, const char *canon, const char *other,
		     const char *what)
{
	if (!other || strcmp(canon, other))
		return EXIT_OK;
	(void)cmd;
	fprintf(stderr, "clerk: error: refusing to write to '%s': it is %s; nothing was done\n", path,
		what);
	return EXIT_USAGE;
}

int cmd_check_output(const char *cmd, const char *path, const struct journal *j, const char *root,
		     char *const *inputs, size_t n)
{
	struct strbuf canon = STRBUF_INIT, other = STRBUF_INIT, lock = STRBUF_INIT;
	int rc = EXIT_OK;
	if (!path)
		return EXIT_OK;
	if (fsutil_canonical(&canon, path)) {
		rc = cmd_fail(CLERK_EIO);
		goto out;
	}
	for (size_t i = 0; !rc && i < j->files.n; i++)
		if (!j->files.v[i].batch)
			rc = same_path(cmd, path, canon.buf, j->files.v[i].realpath,
				       "a journal of the books");
	strbuf_addf(&lock, "%s.lock", root);
	if (!rc && !fsutil_canonical(&other, lock.buf))
		rc = same_path(cmd, path, canon.buf, other.buf, "the books' lock");
	strbuf_reset(&other);
	strbuf_reset(&lock);
	books_posted_dir(&lock, root);
	if (!rc && !fsutil_canonical(&other, lock.buf) && fsutil_within(canon.buf, other.buf)) {
		fprintf(stderr,
			"clerk: error: refusing to write to '%s': it lies inside the books' posted folder; "
			"nothing was done\n",
			path);
		rc = EXIT_USAGE;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		strbuf_reset(&other);
		if (!fsutil_canonical(&other, inputs[i]))
			rc = same_path(cmd, path, canon.buf, other.buf, "one of the inputs");
	}
out:
	clerk_error_clear();
	strbuf_release(&canon);
	strbuf_release(&other);
	strbuf_release(&lock);
	return rc;
}

/* Compiles the patterns; refuses one that matches no account (with the nearest name). */
int cmd_query_patterns(const char *cmd, struct query *q, const struct journal *j, char **pats, size_t n)
{
	const char *near;
	int rc;
	int error = query_compile(q, (const char *const *)pats, n);
	if (error) {
		rc = cmd_usage_error(cmd, "%s", clerk_error_last()->message);
		clerk_error_clear();
		return rc;
	}
	/* a pattern that matches nothing is a warning while another matches, else an error */
	size_t nbad = 0;
	for (long bad = query_unmatched(q, j, 0, &near); bad >= 0;
	     bad = query_unmatched(q, j, (size_t)bad + 1, &near))
		nbad++;
	const char *kind = nbad == q->n ? "error" : "warning";
	for (long bad = query_unmatched(q, j, 0, &near); bad >= 0;
	     bad = query_unmatched(q, j, (size_t)bad + 1, &near)) {
		if (near)
			fprintf(stderr, "clerk: %s: no account matches '%s'; did you mean '%s'?\n", kind,
				q->pattern[bad], near);
		else
			fprintf(stderr, "clerk: %s: no account matches '%s'\n", kind, q->pattern[bad]);
	}
	if (!nbad || nbad < q->n)
		return EXIT_OK;
	query_release(q);
	return EXIT_DATA;
}

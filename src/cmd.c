#include "compat.h"
#include "cmd.h"
#include "books.h"
#include "error.h"
#include "sha256.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cmd_bad_option(const char *cmd, char **argv, const char *shortopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (!optopt)
		return cmd_usage_error(cmd, "unknown option '%s'", arg);
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
	return cmd_load_books_skip(out, path, strict, NULL);
}

int cmd_load_books_skip(struct journal **out, const char *path, bool strict, const char *const *skip)
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
	error = journal_load_file(j, path, &lo, &d);
	if (error == CLERK_ENOTFOUND || error == CLERK_EIO) {
		journal_free(j);
		diag_release(&d);
		return cmd_fail(error);
	}
	if (!error)
		error = journal_check(j, &co, &d);
	if (d.nerrors) {
		diag_sort(&d);
		cmd_print_diag(&d);
		journal_free(j);
		diag_release(&d);
		return EXIT_DATA;
	}
	if (d.n) { /* warnings only: shown, and the books load */
		diag_sort(&d);
		cmd_print_diag(&d);
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

int cmd_commit_text(struct journal *j, const char *file, const char *kind,
		    const struct strbuf *text, char **posted)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	struct diag vd = DIAG_INIT;
	char hash[SHA256_HEX_LEN + 1], name[64];
	int error;
	*posted = NULL;
	vd.max_errors = CMD_MAX_DIAGNOSTICS;
	snprintf(name, sizeof(name), "(%s)", kind);
	if (journal_load_buffer(j, name, text->buf, text->len, &lo, &vd) || journal_check(j, &co, &vd)) {
		diag_sort(&vd);
		cmd_print_diag(&vd);
		fprintf(stderr, "clerk: error: the %s would not leave the books valid; nothing was "
				"written to the books\n", kind);
		diag_release(&vd);
		return EXIT_DATA;
	}
	diag_release(&vd);
	sha256_hex(text->buf, text->len, hash);
	if ((error = books_prepare(file)) ||
	    (error = books_commit(file, kind, hash, text->buf, text->len, posted)))
		return cmd_fail(error);
	return EXIT_OK;
}

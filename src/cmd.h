/*
 * cmd.h - the command layer: exit codes, the command table and helpers
 * shared by the files in src/cmd/. Only this layer prints and chooses exit codes.
 */
#ifndef CLERK_CMD_H
#define CLERK_CMD_H

#include "compat.h"
#include "date.h"
#include "diag.h"
#include "journal.h"

#include <getopt.h>

/* Exit codes (docs/exit-codes.md). */
#define EXIT_OK 0
#define EXIT_DATA 1       /* invalid data: the input was refused */
#define EXIT_USAGE 2      /* bad command line */
#define EXIT_IO 3         /* a file could not be read or written */
#define EXIT_LOCKED 4     /* the books are locked by another clerk process */
#define EXIT_EXCEPTIONS 5 /* reserved: done, with exceptions for a person (clerk run) */
#define EXIT_UNSIGNED 6   /* clerk verify --pubkey: a signature is missing */
#define EXIT_OTHER_KEY 7  /* clerk verify --pubkey: signed by another key */
#define EXIT_INTERNAL 70  /* internal error (a bug) */

/* Diagnostics kept and printed; more are counted ("N further diagnostics not shown"). */
#define CMD_MAX_DIAGNOSTICS 1000

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

int cmd_check(int argc, char **argv);
int cmd_balance(int argc, char **argv);
int cmd_accounts(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_bs(int argc, char **argv);
int cmd_is(int argc, char **argv);
int cmd_post(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_receive(int argc, char **argv);
int cmd_pay(int argc, char **argv);
int cmd_invoice(int argc, char **argv);
int cmd_camt(int argc, char **argv);
int cmd_open(int argc, char **argv);
int cmd_aging(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_collections(int argc, char **argv);
int cmd_letters(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_statement(int argc, char **argv);
int cmd_close(int argc, char **argv);

enum output_format { OUTPUT_TEXT, OUTPUT_CSV };

/*
 * Every command parses its options with getopt_long(); this layer stands in
 * for it (the macro below) to remember the command's table of long options,
 * so that cmd_bad_option() can suggest the nearest one ("did you mean").
 */
int cmd_getopt_long(int argc, char *const *argv, const char *shortopts,
		    const struct option *longopts, int *longind);
#ifndef CLERK_CMD_NO_GETOPT_MACRO
#define getopt_long cmd_getopt_long
#endif

/** Prints "clerk: error: ..." and a hint to stderr; returns EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
/**
 * Reports the option getopt_long just refused; returns EXIT_USAGE. An
 * unknown long option gets the nearest of the command's own long options
 * ("did you mean '--dry-run'?"), an abbreviation of several the names it
 * could mean.
 */
int cmd_bad_option(const char *cmd, char **argv, const char *shortopts);
/** Prints "clerk: error: <last error>" to stderr; returns the exit code for code. */
int cmd_fail(int code);
/** Maps a CLERK_E* code to an exit code. */
int cmd_exit_code(int code);
/** Prints diagnostics to stderr. */
void cmd_print_diag(const struct diag *d);
/** Parses -O's argument; returns 0 or -1. */
int cmd_parse_format(const char *s, enum output_format *out);
/**
 * Parses -O's argument of a command that prints tables: text, csv, or json
 * (then *out is OUTPUT_CSV and *json true: the command makes its CSV and
 * cmd_write_table() writes it as JSON). Returns 0 or -1.
 */
int cmd_parse_table_format(const char *s, enum output_format *out, bool *json);
/**
 * The columns of command cmd's CSV that -O json writes as numbers
 * (NULL-terminated, static; NULL for none), formats/json.md.
 */
const char *const *cmd_json_numbers(const char *cmd);
/**
 * Writes the command's output sb to stdout: as it is, or, when json, its
 * CSV as JSON (formats/json.md). Returns 0 or -1 when output failed.
 */
int cmd_write_table(const struct strbuf *sb, bool json);
/**
 * Writes the table sb (as cmd_write_table(): CSV, or JSON when json) to
 * path atomically with mode (a --report FILE, checked by the caller).
 * Returns EXIT_OK or an exit code (after a message).
 */
int cmd_write_table_file(const char *path, const struct strbuf *sb, bool json, mode_t mode);
/**
 * Writes a report (sb, as cmd_write_table()) to path, -o FILE: atomically
 * (a temporary file renamed over it, mode 0644), refusing a folder and
 * whatever cmd_check_output() refuses (the books' journals, lock, posted/
 * folder of the books j with root journal root). Without path, to stdout.
 * Returns EXIT_OK or an exit code (after a message).
 */
int cmd_write_report(const char *cmd, const char *path, const struct strbuf *sb, bool json,
		     const struct journal *j, const char *root);
/**
 * Parses a YYYY-MM-DD option value of command cmd; returns 0, or reports
 * "bad date" (cmd_usage_error()) and returns EXIT_USAGE.
 */
int cmd_parse_date(const char *cmd, const char *s, clerk_date *out);
/**
 * Sets *file to the books path: the -f value already in *file, else
 * $CLERK_BOOKS. Returns 0, or reports that none was given and returns
 * EXIT_USAGE.
 */
int cmd_books_path(const char *cmd, const char **file);
/**
 * Loads and checks the books at path, printing diagnostics (warnings too:
 * they do not stop the command). Returns EXIT_OK with *out set, or an exit
 * code (and *out NULL).
 */
int cmd_load_books(struct journal **out, const char *path, bool strict);
/**
 * Before a command writes a file it was asked to write (`--report FILE`):
 * refuses, with a message and EXIT_USAGE, a path that is one of the books'
 * journals (j), their lock, lies inside their posted/ folder (root is the
 * root journal) or is one of the n inputs; EXIT_OK otherwise.
 */
int cmd_check_output(const char *cmd, const char *path, const struct journal *j, const char *root,
		     char *const *inputs, size_t n);
/**
 * Like cmd_load_books(), for the night: leaving out the posted files in
 * skip (journal_load_options.skip) and, with skip_history, the history
 * file of settled items a close carried (the night reads its keys).
 */
int cmd_load_books_night(struct journal **out, const char *path, bool strict,
			 const char *const *skip, bool skip_history);
/** The date of the last transaction in j (DATE_NONE when it has none). */
clerk_date cmd_last_date(const struct journal *j);
/**
 * The date a command takes when none is given (docs/dates.md): today on the
 * local clock, or $CLERK_TODAY (YYYY-MM-DD; empty counts as unset) when set.
 * Returns EXIT_OK with *out set, or prints "bad CLERK_TODAY" and returns
 * EXIT_USAGE (*out untouched). The only use of the clock for a date.
 */
int cmd_today(const char *cmd, clerk_date *out);
/** What cmd_say_date() adds to the line (flags). */
enum {
	CMD_SAY_FUTURE = 1, /* a date after the books' last transaction: say it */
	CMD_SAY_LATER = 2,  /* a defaulted date before later transactions: they are left out */
};
/**
 * Says on standard error, in one line, the date command cmd works on
 * (docs/dates.md): "clerk CMD: as of DATE (today)" when it was defaulted;
 * with CMD_SAY_FUTURE and j, "; the books' last transaction is dated LAST"
 * when date is after it (or "; the books have no transactions"), a given
 * date being said only then; with CMD_SAY_LATER and a defaulted date,
 * "; N transactions dated after it are left out". The caller leaves it out
 * under -q.
 */
void cmd_say_date(const char *cmd, clerk_date date, bool defaulted, const struct journal *j,
		  unsigned flags);
/**
 * Loads the journal text `text` (named "(KIND)") into the loaded books j and
 * checks them with it, as a commit would. Returns EXIT_OK, or prints the
 * diagnostics and "the WHAT would not leave the books valid; nothing was
 * DONE" and returns EXIT_DATA.
 */
int cmd_check_text(struct journal *j, const char *kind, const struct strbuf *text, const char *what,
		   const char *done);
/**
 * Checks that the journal text `text` added to the loaded books j leaves
 * them valid (printing diagnostics), then commits it under posted/ as KIND
 * (the books must be locked by the caller). Returns EXIT_OK with the new
 * file's path in *posted (caller frees), or an exit code. j is changed:
 * the text is loaded into it.
 */
int cmd_commit_text(struct journal *j, const char *file, const char *kind,
		    const struct strbuf *text, char **posted);
struct dunning;
struct openitems;
/** Writes the letters due (text and HTML) into dir; appends their names to names. */
int letters_write(const char *dir, const struct dunning *d, const struct journal *j,
		  const struct openitems *oi, clerk_date date, struct strbuf *names);
struct query;
/**
 * Compiles the account patterns pats[0..n) of command cmd into q. Returns
 * EXIT_OK, or reports a bad pattern (EXIT_USAGE) or one that matches no
 * account of j, with the nearest name ("did you mean", EXIT_DATA); q is
 * then empty.
 */
int cmd_query_patterns(const char *cmd, struct query *q, const struct journal *j, char **pats, size_t n);
/** Writes sb to stdout; returns 0 or -1 when output failed. */
int cmd_write_stdout(const struct strbuf *sb);
/** Flushes and closes stdout; returns EXIT_OK or EXIT_IO (after a message). */
int cmd_finish_stdout(int code);

#endif

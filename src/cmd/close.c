#include "compat.h"
#include "books.h"
#include "close.h"
#include "history.h"
#include "cmd.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "sha256.h"

#include <glob.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
	"usage: clerk close -f BOOKS --through DATE --to NEWROOT [--dry-run]\n\n"
	"Close the books through DATE: post, dated DATE, the closing transaction that\n"
	"carries every income and expense account to the 'role: retained' account,\n"
	"then write NEWROOT, the root journal of the new period: the same\n"
	"declarations and one opening transaction dated the day after with every\n"
	"balance-sheet balance, each party account split into its open items, and\n"
	"the seal (size and SHA-256) of every file of the closed books, which\n"
	"'clerk check' on the new books verifies. Killed at any point, running it\n"
	"again finishes it with the same files (formats/close.md).\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"      --through DATE   the last day of the period closed (YYYY-MM-DD)\n"
	"      --to NEWROOT     the new root journal, in an existing folder other than BOOKS'\n"
	"  -n, --dry-run        print the closing transaction and the new root, write nothing\n";

struct close_args {
	const char *file, *to;
	clerk_date through;
	bool dry;
};

static int parse_args(int argc, char **argv, struct close_args *a)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "through", required_argument, NULL, 't' },
		{ "to", required_argument, NULL, 'o' },	  { "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },	  { NULL, 0, NULL, 0 },
	};
	int c, rc;
	a->through = DATE_NONE;
	while ((c = getopt_long(argc, argv, "f:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->file = optarg;
			break;
		case 't':
			if ((rc = cmd_parse_date("close", optarg, &a->through)))
				return rc;
			break;
		case 'o':
			a->to = optarg;
			break;
		case 'n':
			a->dry = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cmd_bad_option("close", argv, "f:nh");
		}
	}
	if (optind < argc)
		return cmd_usage_error("close", "unexpected argument '%s'", argv[optind]);
	if (a->through == DATE_NONE)
		return cmd_usage_error("close", "--through DATE is required");
	if (!a->to || !*a->to)
		return cmd_usage_error("close", "--to NEWROOT is required");
	return cmd_books_path("close", &a->file);
}

/* NEWROOT may not share the books' folder (their posted/ would be one) nor be one of their files. */
static int check_newroot(const struct close_args *a, const struct journal *j)
{
	struct strbuf d1 = STRBUF_INIT, d2 = STRBUF_INIT, c1 = STRBUF_INIT, c2 = STRBUF_INIT;
	int rc = cmd_check_output("close", a->to, j, a->file, NULL, 0);
	struct stat st;
	fsutil_dirname(&d1, a->file);
	fsutil_dirname(&d2, a->to);
	if (!rc && (stat(d2.buf, &st) || !S_ISDIR(st.st_mode))) {
		/* found before the closing transaction is posted, not after */
		fprintf(stderr, "clerk: error: '%s' is not a folder: make the new books' folder first; "
				"nothing was done\n",
			d2.buf);
		rc = EXIT_USAGE;
	} else if (!rc && !fsutil_canonical(&c1, d1.buf) && !fsutil_canonical(&c2, d2.buf) &&
		   !strcmp(c1.buf, c2.buf)) {
		fprintf(stderr,
			"clerk: error: '%s' is in the folder of the books: the new books need their own "
			"folder (their posted/ would be the old books'); nothing was done\n",
			a->to);
		rc = EXIT_USAGE;
	}
	strbuf_release(&d1);
	strbuf_release(&d2);
	strbuf_release(&c1);
	strbuf_release(&c2);
	return rc;
}

/*
 * Books already closed are sealed (books_check_open()): only the close that
 * sealed them may run again, to finish (the same DATE, and the same NEWROOT
 * when its closing transaction records one).
 */
static int check_sealed(struct journal *j, const struct close_args *a)
{
	int error = books_check_open(a->file);
	if (!error)
		return EXIT_OK;
	uint32_t t = close_find_closing(j, a->through);
	if (t != NO_ID) {
		const char *rec = journal_txn_tag(j, &j->txns.v[t], "clerk-new-root");
		struct strbuf rel = STRBUF_INIT;
		bool same = !rec || (!close_new_root_path(&rel, a->file, a->to) && !strcmp(rel.buf, rec));
		strbuf_release(&rel);
		if (same)
			return EXIT_OK;
	}
	return cmd_fail(error);
}

/* Loads the books and checks they can be closed. */
static int load(struct journal **j, const struct close_args *a)
{
	struct diag d = DIAG_INIT;
	int rc = cmd_load_books(j, a->file, false);
	if (rc || (rc = check_sealed(*j, a)))
		return rc;
	if (close_precheck(*j, a->through, &d)) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: the books cannot be closed; nothing was done\n");
		rc = EXIT_DATA;
	}
	diag_release(&d);
	return rc;
}

/*
 * Writes the file at path, or finds it written already by an earlier run:
 * the same text (whole, or with more after it when prefix: the new root,
 * maybe posted to since).
 */
static int write_own(const char *path, const char *what, const struct strbuf *text, bool prefix,
		     bool *existed)
{
	struct strbuf have = STRBUF_INIT;
	int error = fsutil_read_file(&have, path, FSUTIL_NOFOLLOW), rc = EXIT_OK;
	*existed = !error;
	if (!error) {
		if (have.len < text->len || (!prefix && have.len != text->len) ||
		    memcmp(have.buf, text->buf, text->len)) {
			fprintf(stderr, "clerk: error: '%s' exists and is not the %s this close "
					"writes; nothing was written to it\n",
				path, what);
			rc = EXIT_DATA;
		}
	} else if (error != CLERK_ENOTFOUND) {
		rc = cmd_fail(error);
	} else if ((error = fsutil_write_atomic(path, text->buf, text->len, 0600, NULL))) {
		rc = cmd_fail(error);
	}
	strbuf_release(&have);
	return rc;
}

/*
 * Writes the history file and its keys (when there is one), then NEWROOT,
 * which includes it: a kill between them leaves files a rerun finds.
 */
static int write_newroot(const struct close_args *a, const struct strbuf *text,
			 const struct close_history *h, bool *existed)
{
	struct strbuf path = STRBUF_INIT, keys = STRBUF_INIT;
	bool had;
	int rc = EXIT_OK;
	if (h->text.len) {
		(void)close_history_paths(&path, &keys, a->to);
		rc = write_own(path.buf, "history file", &h->text, false, &had);
		if (!rc)
			rc = write_own(keys.buf, "keys file", &h->keys, false, &had);
	}
	if (!rc && h->text.len)
		fault_point("close:before-root-file");
	if (!rc)
		rc = write_own(a->to, "new root", text, true, existed);
	strbuf_release(&path);
	strbuf_release(&keys);
	return rc;
}

static int dry_run(struct journal *j, const struct close_args *a, const struct strbuf *closing)
{
	struct strbuf root = STRBUF_INIT;
	struct close_history hist = CLOSE_HISTORY_INIT;
	struct diag d = DIAG_INIT;
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	int rc = EXIT_OK, error;
	if (closing->len && journal_load_buffer(j, "(close)", closing->buf, closing->len, &lo, &d)) {
		cmd_print_diag(&d);
		rc = EXIT_DATA;
	} else if ((error = close_newroot_text(&root, j, a->through, a->to, &hist))) {
		rc = cmd_fail(error);
	} else {
		printf("; the closing transaction (in %s)\n%s\n; the new root (%s; the closing "
		       "transaction's file is sealed too once posted)\n%s",
		       a->file, closing->buf, a->to, root.buf);
		if (hist.text.len)
			printf("\n; the history file (%s, beside it, with its keys)\n%s", hist.name.buf,
			       hist.text.buf);
	}
	close_history_release(&hist);
	diag_release(&d);
	strbuf_release(&root);
	return rc;
}

/*
 * Like cmd_commit_text(), without requiring declared accounts: the closing
 * transaction names the books' own income and expense accounts, declared
 * or not (clerk check accepts them undeclared without --strict).
 */
static int commit_closing(struct journal *j, const char *file, const struct strbuf *text,
			  char **posted)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = false, .batch_only = true };
	struct diag vd = DIAG_INIT;
	char hash[SHA256_HEX_LEN + 1];
	int error;
	vd.max_errors = CMD_MAX_DIAGNOSTICS;
	if (journal_load_buffer(j, "(close)", text->buf, text->len, &lo, &vd) ||
	    journal_check(j, &co, &vd)) {
		diag_sort(&vd);
		cmd_print_diag(&vd);
		fprintf(stderr, "clerk: error: the closing transaction would not leave the books valid; "
				"nothing was written\n");
		diag_release(&vd);
		return EXIT_DATA;
	}
	diag_release(&vd);
	sha256_hex(text->buf, text->len, hash);
	if ((error = books_prepare(file)) ||
	    (error = books_commit(file, "close", hash, text->buf, text->len, posted)))
		return cmd_fail(error);
	return EXIT_OK;
}

/*
 * NEWROOT is made from the books as a rerun reads them from disk: the
 * closing transaction, loaded as a batch to be checked, becomes the posted
 * file that holds it, and the other files of posted/ the commit made (the
 * first commit's placeholder) are read, as the include line would; the
 * books are not read again.
 */
static int adopt_commit(struct journal *j, const char *root, const char *posted)
{
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	struct strbuf dir = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	glob_t g;
	int error = journal_file_adopt(j, (uint32_t)(j->files.n - 1), posted), rc = EXIT_OK;
	if (error)
		return cmd_fail(error);
	books_posted_dir(&dir, root);
	strbuf_addstr(&dir, "/*.journal");
	if (glob(dir.buf, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && !rc; i++)
			if (!journal_has_file(j, g.gl_pathv[i]) &&
			    journal_load_file(j, g.gl_pathv[i], &lo, &d)) {
				cmd_print_diag(&d);
				rc = EXIT_DATA;
			}
		globfree(&g);
	}
	diag_release(&d);
	strbuf_release(&dir);
	return rc;
}

/* Before the closing transaction: NEWROOT and its history files may not exist yet. */
static int check_fresh(const struct close_args *a)
{
	struct strbuf hist = STRBUF_INIT, keys = STRBUF_INIT;
	struct stat st;
	(void)close_history_paths(&hist, &keys, a->to);
	const char *paths[] = { a->to, hist.buf, keys.buf };
	int rc = EXIT_OK;
	for (size_t i = 0; i < 3 && !rc; i++)
		if (lstat(paths[i], &st) == 0) {
			/* only a rerun of this close finds its files in place */
			fprintf(stderr, "clerk: error: '%s' exists and the books were not closed through "
					"that date yet; nothing was done\n",
				paths[i]);
			rc = EXIT_DATA;
		}
	strbuf_release(&hist);
	strbuf_release(&keys);
	return rc;
}

static int close_books(struct close_args *a)
{
	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct strbuf closing = STRBUF_INIT, root = STRBUF_INIT;
	struct close_history hist = CLOSE_HISTORY_INIT;
	char *posted = NULL;
	bool existed = false;
	int rc, error;
	if (!a->dry && (error = books_lock_sealed(&lock, a->file)))
		return cmd_fail(error);
	if (!a->dry)
		books_clean_temporaries(a->file);
	if ((rc = load(&j, a)) || (rc = check_newroot(a, j)))
		goto done;
	bool posted_before = close_find_closing(j, a->through) != NO_ID;
	if (!posted_before) {
		/* the closing transaction records the new root, for the refusal of later commits */
		struct strbuf rel = STRBUF_INIT;
		if ((error = close_new_root_path(&rel, a->file, a->to))) {
			strbuf_release(&rel);
			rc = cmd_fail(error);
			goto done;
		}
		close_closing_text_to(&closing, j, a->through, rel.buf);
		strbuf_release(&rel);
	}
	if (!posted_before && closing.len && !a->dry && (rc = check_fresh(a)))
		goto done;
	if (a->dry) {
		rc = dry_run(j, a, &closing);
		goto done;
	}
	if (!posted_before && ((rc = commit_closing(j, a->file, &closing, &posted)) ||
			       (rc = adopt_commit(j, a->file, posted))))
		goto done;
	fault_point("close:before-newroot");
	if ((error = close_newroot_text(&root, j, a->through, a->to, &hist))) {
		rc = cmd_fail(error);
		goto done;
	}
	if ((rc = write_newroot(a, &root, &hist, &existed)))
		goto done;
	char day[11];
	date_format(a->through, day);
	if (posted)
		printf("closed %s through %s: the closing transaction is %s\n", a->file, day, posted);
	else
		printf("%s was closed through %s already\n", a->file, day);
	printf("%s %s: the new books from %s on\n", existed ? "found" : "wrote", a->to,
	       (date_format(a->through + 1, day), day));
done:
	free(posted);
	close_history_release(&hist);
	strbuf_release(&closing);
	strbuf_release(&root);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

int cmd_close(int argc, char **argv)
{
	struct close_args a = { NULL, NULL, DATE_NONE, false };
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	return close_books(&a);
}

/*
 * books.h - the books on disk: a root journal, the posted/ folder beside it
 * and the commit that adds to them.
 *
 * Layout (formats/books.md): the root journal ends with the line
 * "include posted/<star>.journal"; every commit is one new file
 * posted/NNNNNN-KIND-HASH.journal written atomically. posted/ always holds
 * 000000-clerk.journal (no transactions) so the glob never matches nothing.
 * A commit is visible exactly when its file has been renamed into place:
 * a crash leaves the books as they were before or after it.
 */
#ifndef CLERK_BOOKS_H
#define CLERK_BOOKS_H

#include "compat.h"
#include "util/strbuf.h"
#include "util/vec.h"

#define BOOKS_INCLUDE_LINE "include posted/*.journal"

/**
 * Refuses to commit to closed books (formats/close.md, "Sealed"): when
 * posted/ holds a closing transaction's file (NNNNNN-close-HASH.journal
 * with `clerk-close: D` on its first line), returns CLERK_ESEALED with a
 * message naming D, that file and the new root it records
 * (`clerk-new-root:`), if any. Returns 0 otherwise. Reads posted/'s names
 * and the closing files only. books_lock() and books_prepare() call it.
 */
int books_check_open(const char *root) WARN_UNUSED;

/**
 * Makes sure posted/ exists with its placeholder and the root journal ends
 * with the include line (rewriting the root atomically when it must add it).
 * Returns 0 or CLERK_EIO; CLERK_ESEALED, changing nothing, when the books
 * were closed (books_check_open()). Call with the books locked.
 */
int books_prepare(const char *root) WARN_UNUSED;

/**
 * Removes temporary files a killed commit may have left in posted/. Call
 * with the books locked.
 */
void books_clean_temporaries(const char *root);

/**
 * Commits text as the next posted file, named after `kind` (a short word:
 * "batch", "import") and hash (its first 12 characters are used). Sets
 * *path_out (malloc'd, caller frees) to the new file's path. Returns 0 or
 * CLERK_EIO. Call with the books locked, after books_prepare().
 */
int books_commit(const char *root, const char *kind, const char *hash, const char *text, size_t len,
		 char **path_out) WARN_UNUSED;
/** Like books_commit(), the text being the parts one after the other (no copy joins them). */
struct fsutil_part;
int books_commit_parts(const char *root, const char *kind, const char *hash,
		       const struct fsutil_part *parts, size_t nparts, char **path_out) WARN_UNUSED;

/** Appends the posted/ folder path of the root journal to out. */
void books_posted_dir(struct strbuf *out, const char *root);

/* A file `clerk run` committed: posted/NNNNNN-run-HASH.journal starting "; clerk-run: ID". */
struct books_run_file {
	char *path; /* as found under the books' posted/ folder */
	char *real; /* canonical path, for journal_load_options.skip */
	struct strbuf text;
};
typedef VEC(struct books_run_file) books_run_files;

/** Appends the posted files of run `id` (normally one) to out (only theirs are read whole). */
void books_find_run(books_run_files *out, const char *root, const char *id);
/**
 * Sets out to the latest run id among the books' posted run files (by date,
 * then run number), reading only their first lines; leaves it empty when
 * there is none.
 */
void books_last_run(struct strbuf *out, const char *root);
/** Orders run ids "DATE" and "DATE.K": by date, then run number (a plain date is run 1). */
int books_run_id_cmp(const char *a, const char *b);
void books_run_files_release(books_run_files *v);

#endif

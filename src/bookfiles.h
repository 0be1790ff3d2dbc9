/*
 * bookfiles.h - the books' files as a night read them: every journal file
 * of the books with its path relative to the books' root folder, its size
 * and its SHA-256 (the `books.tsv` member of an audit pack,
 * formats/pack.md, "The books' files").
 *
 * A night records them before it posts anything; `clerk verify -f`
 * compares them with the files on disk today and names a file that was
 * changed, removed or added since that night.
 */
#ifndef CLERK_BOOKFILES_H
#define CLERK_BOOKFILES_H

#include "compat.h"
#include "journal.h"
#include "sha256.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* The header line of books.tsv. */
#define BOOKFILES_TSV_HEADER "path\tsize\tsha256\n"

/* One journal file. */
struct bookfile {
	char *path; /* relative to the root journal's folder, '/'-separated, "../" when outside it (owned) */
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
};

typedef VEC(struct bookfile) bookfiles;

/**
 * Appends the journal files of j that are part of the books (not the
 * batches loaded to be posted) to out, sorted by path (bytewise), each
 * once: the bytes each was read as, hashed (read again from the file
 * through a small buffer, so that a mapped journal is not brought back
 * into memory; from the loaded bytes when the file is no longer their
 * size). The root is listed without BOOKFILES_ROOT_SUFFIX when it ends
 * with it, and BOOKFILES_PLACEHOLDER is not listed: what Clerk writes when
 * it first posts does not change the record (a night killed after it and
 * run again records what the whole night would have). The root is the first file
 * of the books; a file without a canonical path (loaded from memory) is
 * listed by the name it was loaded as.
 */
void bookfiles_of_journal(bookfiles *out, const struct journal *j);

/** Appends books.tsv: the header line, then "path\tsize\tsha256\n" per file (path escaped as nightly_escape_name()). */
void bookfiles_tsv(struct strbuf *out, const bookfiles *v);

/**
 * Reads back what bookfiles_tsv() wrote: appends its rows to out. Returns
 * 0, or CLERK_EPARSE (message set: the line and what is wrong).
 */
int bookfiles_parse(bookfiles *out, const char *tsv, size_t len) WARN_UNUSED;

/** The row of path in v (sorted by path), or NULL. */
const struct bookfile *bookfiles_find(const bookfiles *v, const char *path);

/**
 * Reads the regular file at path (never following a symbolic link, never
 * blocking) through a small buffer and fills *size and sha256. Returns 0,
 * CLERK_ENOTFOUND (no such file) or CLERK_EIO (message set).
 */
int bookfiles_hash_file(uint64_t *size, char sha256[static SHA256_HEX_LEN + 1], const char *path) WARN_UNUSED;

/*
 * What books_prepare() appends to the root journal when Clerk first posts
 * (after a line feed when the file did not end with one): the only change
 * to a file of the books that is not a new posted file.
 */
#define BOOKFILES_ROOT_SUFFIX                                                           \
	"\n; clerk posts batches and imports into posted/ (see formats/books.md)\n" \
	"include posted/*.journal\n"

/**
 * True when the regular file at path is the root journal rec was of, with
 * only BOOKFILES_ROOT_SUFFIX appended since (the first rec->size bytes have
 * rec->sha256, the rest is that suffix, after a line feed when those bytes
 * did not end with one). Reads the file through a small buffer.
 */
bool bookfiles_root_prepared(const char *path, const struct bookfile *rec);

/* The placeholder books_prepare() writes under posted/: comments only, never listed. */
#define BOOKFILES_PLACEHOLDER "posted/000000-clerk.journal"

/**
 * Appends to out the path of file relative to the folder dir (both
 * canonical, absolute): '/'-separated, "../" when file is outside dir.
 */
/**
 * Reads a size field of books.tsv (and of documents.tsv, clerk-document:):
 * decimal digits, no leading zero (but "0"), at most 19 of them.
 */
bool bookfiles_parse_size(uint64_t *out, const char *s, size_t len);
void bookfiles_relative_to(struct strbuf *out, const char *file, const char *dir);

/** Frees the rows and re-initialises v. */
void bookfiles_release(bookfiles *v);

#endif

/*
 * documents.h - the documents Clerk wrote for customers (invoices and
 * credit notes, formats/invoice.md) as the books record them, and which of
 * them go into a night's audit pack (formats/run.md, "The audit pack").
 *
 * `clerk invoice` records each file it wrote on the document's posted
 * transaction as a tag
 *
 *     ; clerk-document: invoices/INV-2026-0001.xml 2931 SHA256
 *
 * (the path relative to the root journal's folder, the size in bytes and
 * the lowercase hex SHA-256). A night puts into its pack, as
 * documents/NAME, every document recorded in a books file the previous
 * pack's books.tsv did not list, after checking the file still has the
 * recorded size and SHA-256; `clerk verify -f` checks the members against
 * the books' record.
 */
#ifndef CLERK_DOCUMENTS_H
#define CLERK_DOCUMENTS_H

#include "bookfiles.h"
#include "compat.h"
#include "journal.h"
#include "sha256.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* The tag's name. */
#define DOCUMENTS_TAG "clerk-document"

/* The header line of the pack's documents.tsv. */
#define DOCUMENTS_TSV_HEADER "name\tstatus\tsize\tsha256\tpath\twhy\n"

/* One document file as the books record it. */
struct document {
	char *name;  /* its file name (the member documents/NAME): the path's last component (owned) */
	char *path;  /* as recorded: relative to the root journal's folder (owned) */
	char *file;  /* where it is read from (the root's folder joined with path), or NULL (owned) */
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
	char *why;   /* NULL: it goes into the pack; else why not, one line (owned) */
	uint32_t txn; /* the transaction that records it (NO_ID when read back from documents.tsv) */
};

typedef VEC(struct document) documents;

/**
 * Parses a clerk-document: tag's value "PATH SIZE SHA256" (PATH may hold
 * spaces: the last two fields are read from the right). Fills path (reset
 * first), *size and sha256. Returns 0, or CLERK_EINVALID with a message
 * saying what is wrong (an absolute path, a "." or ".." name, a control
 * character or comma, a size that is not a number, a digest that is not 64
 * lowercase hex digits).
 */
int documents_parse_tag(const char *value, struct strbuf *path, uint64_t *size,
			char sha256[static SHA256_HEX_LEN + 1]) WARN_UNUSED;

/** Appends the tag's value for a file: "PATH SIZE SHA256". */
void documents_tag_value(struct strbuf *out, const char *path, uint64_t size, const char *sha256);

/**
 * Appends to out the documents recorded on j's transactions whose file is
 * not one prev lists (prev NULL: every document), sorted by name; file is
 * set relative to the root journal's folder. A tag that does not parse is
 * skipped (`clerk check` reports it). A second document of a name already
 * listed gets a why.
 */
void documents_of_journal(documents *out, const struct journal *j, const bookfiles *prev);

/**
 * Checks each document in v without a why against its file: a file that
 * is missing, not a regular file, unreadable, or whose size or SHA-256
 * differs from the record gets a why. Reads each file through a small
 * buffer (never through a symbolic link, never blocking).
 */
void documents_check(documents *v);

/** The number of documents in v with a why (not put into the pack). */
size_t documents_refused(const documents *v);

/** The first document of name in v (sorted by name: a binary search), or NULL. */
const struct document *documents_find(const documents *v, const char *name);

/** Appends documents.tsv: the header line, one row per document (name, path and why escaped). */
void documents_tsv(struct strbuf *out, const documents *v);

/**
 * Reads back what documents_tsv() wrote: appends its rows to out (file
 * NULL, txn NO_ID). Returns 0, or CLERK_EPARSE (message set).
 */
int documents_parse_tsv(documents *out, const char *tsv, size_t len) WARN_UNUSED;

/** Frees the rows and re-initialises v. */
void documents_release(documents *v);

#endif

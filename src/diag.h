/*
 * diag.h - collected diagnostics (compiler-style errors with the line shown).
 *
 * The core adds diagnostics; the command layer prints them with
 * diag_format(). Each diagnostic keeps a copy of its source line, so it
 * stays printable after the file's text is gone. Messages and source lines
 * are kept as valid UTF-8: a byte that is not (a journal line with invalid
 * UTF-8) is replaced by U+FFFD and counts as one column.
 *
 * Errors make the input invalid; warnings point at something that is
 * probably a mistake but leaves the input valid (the command goes on and
 * its exit status does not change); notes add to the diagnostic before them.
 */
#ifndef CLERK_DIAG_H
#define CLERK_DIAG_H

#include "compat.h"
#include "util/strbuf.h"

struct srcloc {
	const char *file; /* borrowed; owned by whoever loaded the file */
	uint32_t line;    /* 1-based; 0 = no position */
	uint32_t col;     /* 1-based, in characters; 0 = none */
};

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag_item {
	enum diag_level level;
	char *file;    /* owned copy */
	uint32_t line, col;
	char *message; /* owned */
	char *source;  /* owned copy of the source line, or NULL */
	size_t seq;    /* insertion order, the sort's tie-breaker */
};

struct diag {
	struct diag_item *items;
	size_t n, alloc;
	size_t nerrors;
	size_t max_errors; /* 0 = unlimited; further diagnostics are counted, not kept */
	size_t dropped;
	size_t nwarnings;
};

#define DIAG_INIT { NULL, 0, 0, 0, 0, 0, 0 }

/**
 * Adds a diagnostic at loc. line_text/line_len is the text of the source
 * line (without newline), or NULL. The message is formatted printf-style.
 */
void diag_add(struct diag *d, enum diag_level level, const struct srcloc *loc,
	      const char *line_text, size_t line_len, const char *fmt, ...) PRINTF_LIKE(6, 7);
void diag_vadd(struct diag *d, enum diag_level level, const struct srcloc *loc,
	       const char *line_text, size_t line_len, const char *fmt, va_list ap)
	PRINTF_LIKE(6, 0);
/** Sorts diagnostics by file, line and column (stable). */
void diag_sort(struct diag *d);
/**
 * Appends one diagnostic as "FILE:LINE:COL: error: message" (or "warning:",
 * "note:"), the source line and a caret under the column.
 */
void diag_format_item(struct strbuf *out, const struct diag_item *it);
/**
 * Appends all diagnostics, then, when there is more than one error or
 * warning, a summary: "3 errors", "2 warnings", "1 error, 2 warnings".
 */
void diag_format(struct strbuf *out, const struct diag *d);
void diag_release(struct diag *d);

/**
 * Returns the 1-based character column of byte offset off in line (a byte
 * that is not valid UTF-8 counts as one character).
 */
uint32_t diag_column(const char *line, size_t off);

#endif

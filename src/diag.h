/*
 * diag.h - collected diagnostics (compiler-style errors with the line shown).
 *
 * The core adds diagnostics; the command layer prints them with
 * diag_format(). Each diagnostic keeps a copy of its source line, so it
 * stays printable after the file's text is gone.
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
	size_t max_errors; /* 0 = unlimited; further errors are counted, not kept */
	size_t dropped;
};

#define DIAG_INIT { NULL, 0, 0, 0, 0, 0 }

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
 * Appends one diagnostic as "FILE:LINE:COL: error: message", the source line
 * and a caret under the column.
 */
void diag_format_item(struct strbuf *out, const struct diag_item *it);
/** Appends all diagnostics, then "N errors" summary when more than one. */
void diag_format(struct strbuf *out, const struct diag *d);
void diag_release(struct diag *d);

/** Returns the 1-based character column of byte offset off in line. */
uint32_t diag_column(const char *line, size_t off);

#endif

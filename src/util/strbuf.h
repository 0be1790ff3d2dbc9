/*
 * strbuf.h - growable NUL-terminated byte buffer (git's strbuf).
 *
 * Invariants: buf is never NULL (STRBUF_INIT points at a shared empty
 * string), buf[len] == '\0'. A strbuf owns its buffer; strbuf_detach()
 * hands it to the caller, who frees it with free().
 */
#ifndef CLERK_STRBUF_H
#define CLERK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include "compat.h"

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
/** Frees the buffer and re-initialises sb. */
void strbuf_release(struct strbuf *sb);
/** Exchanges the contents of a and b. */
void strbuf_swap(struct strbuf *a, struct strbuf *b);
/** Returns the buffer (caller frees) and re-initialises sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/** Appends s quoted for CSV (RFC 4180) when it needs quoting. */
void strbuf_addcsv(struct strbuf *sb, const char *s);
/**
 * Reads the whole file at path into sb (appending). Returns 0, or -1 with
 * errno set.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t hint);

#endif

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
/** Appends from to sb and releases from (no copy when sb is empty). */
void strbuf_append_take(struct strbuf *sb, struct strbuf *from);
/**
 * Appends s escaped for XML and HTML text and attribute values: & < > " '
 * as entities; control characters other than tab and line feed, which XML
 * 1.0 cannot carry, are dropped.
 */
void strbuf_addxml(struct strbuf *sb, const char *s);
/* strbuf_read_fd(): the file ended before `size` bytes, or went on after them. */
#define STRBUF_READ_CHANGED (-2)
/**
 * Appends exactly size bytes read from fd, which stands at the start of
 * that many (a regular file whose size fstat gave): reads never more than
 * size + 1 bytes, the one more only to check that the file ends there.
 * Returns 0; -1 with errno set when read(2) fails; or STRBUF_READ_CHANGED
 * when the file ends early or goes on after size bytes (it changed while it
 * was read, or it is a file whose size says nothing, like those in /proc).
 * On failure sb holds what it held before the call.
 */
int strbuf_read_fd(struct strbuf *sb, int fd, size_t size) WARN_UNUSED;
/**
 * Reads the whole file at path into sb (appending) with strbuf_read_fd(): no
 * further than the size it had when it was opened. Never blocks: the file
 * is opened O_NONBLOCK and anything but a regular file is refused. Returns
 * 0, or -1 with errno set: EISDIR for a folder, EINVAL for anything else
 * that is not a regular file (a FIFO, a device, a socket), EIO when the
 * file changed while it was read. hint is not used (the size is fstat's).
 * Code that reports the failure to a person should use fsutil_read_file(),
 * whose message says what is wrong ("'X' is a FIFO, not a regular file").
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t hint);

#endif

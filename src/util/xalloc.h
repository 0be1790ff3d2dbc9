/*
 * xalloc.h - allocators that never return NULL: out of memory prints a
 * message and aborts (GMP does the same for its own allocations).
 */
#ifndef CLERK_XALLOC_H
#define CLERK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/** Returns a malloc'd copy of s (caller frees). */
char *xstrdup(const char *s);
/** Returns a malloc'd NUL-terminated copy of the n bytes at s (caller frees). */
char *xmemdupz(const void *s, size_t n);
/** Returns nmemb * size, aborting on overflow. */
size_t st_mult(size_t nmemb, size_t size);

#endif

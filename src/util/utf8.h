/*
 * utf8.h - the display width of UTF-8 text, for aligned text columns: the
 * number of characters (bytes that do not continue a sequence). Wide and
 * combining characters are not treated specially.
 */
#ifndef CLERK_UTF8_H
#define CLERK_UTF8_H

#include <stddef.h>

static inline size_t utf8_width_n(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static inline size_t utf8_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

#endif

/*
 * utf8.h - UTF-8 text: the display width of text for aligned text columns
 * (the number of characters: bytes that do not continue a sequence; wide
 * and combining characters are not treated specially), and validation
 * (RFC 3629: overlong forms, surrogates and code points above U+10FFFF are
 * invalid).
 */
#ifndef CLERK_UTF8_H
#define CLERK_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

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

/**
 * Decodes the sequence at s[0..n) (n > 0). Returns its length (1 to 4) and
 * the code point in *cp, or 0 when s does not start with a valid sequence
 * (*cp is then unchanged).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/**
 * Returns the length of the longest prefix of s[0..n) that is valid UTF-8:
 * n when all of it is, else the offset of the first byte of the first
 * invalid sequence. Runs of ASCII are checked eight bytes at a time.
 */
size_t utf8_valid_prefix(const char *s, size_t n);

/**
 * Appends to out why s[0..n) (n > 0, utf8_decode() == 0) does not start
 * with valid UTF-8, e.g. "byte 0xE9 starts a 3-byte sequence but 0x63
 * follows" or "encoded surrogate U+D800". No leading or trailing text.
 */
void utf8_describe_invalid(struct strbuf *out, const char *s, size_t n);

/**
 * Appends s[0..n) to out with every byte that is not part of a valid
 * sequence replaced by U+FFFD (so that out is valid UTF-8 and each bad byte
 * counts as one character).
 */
void utf8_add_sanitized(struct strbuf *out, const char *s, size_t n);

#endif

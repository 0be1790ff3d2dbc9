/*
 * utf8.h - UTF-8 text: decoding one sequence strictly, and the display
 * width for aligned text columns: the number of characters (bytes that do
 * not continue a sequence). Wide and combining characters are not treated
 * specially.
 */
#ifndef CLERK_UTF8_H
#define CLERK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one UTF-8 sequence at s[0..len) (len > 0). Returns its length
 * and the code point in *cp, or 0 when the bytes are not valid UTF-8
 * (overlong forms, surrogates and values above U+10FFFF are invalid).
 */
static inline size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

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

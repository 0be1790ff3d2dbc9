#include "compat.h"
#include "util/utf8.h"
#include "util/strbuf.h"

#include <string.h>

/*
 * The length a lead byte announces (2 to 4), with the bits it contributes
 * in *c; 0 for a byte that cannot start a multi-byte sequence.
 */
static size_t lead_length(unsigned char b, uint32_t *c)
{
	if ((b & 0xE0) == 0xC0) {
		*c = b & 0x1Fu;
		return 2;
	}
	if ((b & 0xF0) == 0xE0) {
		*c = b & 0x0Fu;
		return 3;
	}
	if ((b & 0xF8) == 0xF0) {
		*c = b & 0x07u;
		return 4;
	}
	return 0;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t len = lead_length(p[0], &c);
	if (!len || n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

#define HIGH_BITS UINT64_C(0x8080808080808080)

size_t utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		/* ASCII fast path: 32, then 8 bytes at a time */
		while (i + 32 <= n) {
			uint64_t w[4];
			memcpy(w, s + i, sizeof(w));
			if ((w[0] | w[1] | w[2] | w[3]) & HIGH_BITS)
				break;
			i += 32;
		}
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, sizeof(w));
			if (w & HIGH_BITS)
				break;
			i += 8;
		}
		if (i >= n)
			return n;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
}

void utf8_describe_invalid(struct strbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = 0;
	size_t len = lead_length(p[0], &c);
	if ((p[0] & 0xC0) == 0x80) {
		strbuf_addf(out, "byte 0x%02X continues a sequence that did not start", p[0]);
		return;
	}
	if (!len) {
		strbuf_addf(out, "byte 0x%02X never occurs in UTF-8", p[0]);
		return;
	}
	for (size_t i = 1; i < len; i++) {
		if (i >= n || p[i] == '\n' || p[i] == '\r') {
			strbuf_addf(out, "byte 0x%02X starts a %zu-byte sequence but the %s ends", p[0],
				    len, i >= n ? "file" : "line");
			return;
		}
		if ((p[i] & 0xC0) != 0x80) {
			strbuf_addf(out, "byte 0x%02X starts a %zu-byte sequence but 0x%02X follows",
				    p[0], len, p[i]);
			return;
		}
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if (c >= 0xD800 && c <= 0xDFFF)
		strbuf_addf(out, "encoded surrogate U+%04X", c);
	else if (c > 0x10FFFF)
		strbuf_addf(out, "code point above U+10FFFF (0x%X)", c);
	else
		strbuf_addf(out, "overlong encoding of U+%04X in %zu bytes", c, len);
}

void utf8_add_sanitized(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t ok = utf8_valid_prefix(s + i, n - i);
		strbuf_add(out, s + i, ok);
		i += ok;
		if (i < n) {
			strbuf_add(out, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
}

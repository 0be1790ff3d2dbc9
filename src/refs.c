#include "compat.h"
#include "refs.h"
#include "error.h"

#include <string.h>

void refs_normalize(struct strbuf *out, const char *s)
{
	/* never longer than s: written into room reserved once */
	strbuf_grow(out, strlen(s));
	char *w = out->buf + out->len;
	for (; *s; s++) {
		char c = *s;
		if (c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		*w++ = c;
	}
	strbuf_setlen(out, (size_t)(w - out->buf));
}

/* MOD 97-10 of the string with its first 4 chars moved to the end; -1 if bad chars. */
static int mod97_rotated(const char *s, size_t n)
{
	unsigned r = 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[(k + 4) % n];
		if (c >= '0' && c <= '9') {
			r = (r * 10 + (unsigned)(c - '0')) % 97;
		} else if (c >= 'A' && c <= 'Z') {
			unsigned v = (unsigned)(c - 'A') + 10;
			r = (r * 100 + v) % 97;
		} else {
			return -1;
		}
	}
	return (int)r;
}

bool iban_valid(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	refs_normalize(&sb, s);
	if (sb.len >= 15 && sb.len <= 34 && sb.buf[0] >= 'A' && sb.buf[0] <= 'Z' && sb.buf[1] >= 'A' &&
	    sb.buf[1] <= 'Z' && sb.buf[2] >= '0' && sb.buf[2] <= '9' && sb.buf[3] >= '0' &&
	    sb.buf[3] <= '9')
		ok = mod97_rotated(sb.buf, sb.len) == 1;
	strbuf_release(&sb);
	return ok;
}

bool rf_valid(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	refs_normalize(&sb, s);
	if (sb.len >= 5 && sb.len <= 25 && sb.buf[0] == 'R' && sb.buf[1] == 'F' && sb.buf[2] >= '0' &&
	    sb.buf[2] <= '9' && sb.buf[3] >= '0' && sb.buf[3] <= '9')
		ok = mod97_rotated(sb.buf, sb.len) == 1;
	strbuf_release(&sb);
	return ok;
}

int rf_make(struct strbuf *out, const char *body)
{
	struct strbuf sb = STRBUF_INIT;
	refs_normalize(&sb, body);
	if (sb.len < 1 || sb.len > 21) {
		strbuf_release(&sb);
		return clerk_error_set(CLERK_EINVALID, "RF reference body must have 1 to 21 characters");
	}
	struct strbuf t = STRBUF_INIT;
	strbuf_addstr(&t, "RF00");
	strbuf_add(&t, sb.buf, sb.len);
	int m = mod97_rotated(t.buf, t.len);
	strbuf_release(&t);
	if (m < 0) {
		strbuf_release(&sb);
		return clerk_error_set(CLERK_EINVALID, "RF reference body must be letters and digits");
	}
	strbuf_addf(out, "RF%02d", 98 - m);
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

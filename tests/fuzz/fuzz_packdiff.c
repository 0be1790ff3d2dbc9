/*
 * fuzz_packdiff.c - libFuzzer target for the CSV comparison of `clerk diff`
 * (packdiff_csv()), which reads the CSV members of two audit packs.
 *
 * The input is split at its first NUL byte into the old and the new text
 * (no NUL: the input against itself); both are compared with each natural
 * key of packdiff.h and without a key. Invariants (abort() when broken):
 *   - packdiff_csv returns 0 or CLERK_EPARSE with a message, and no rows
 *     on failure;
 *   - a text compared with itself gives no row at all;
 *   - every row has a key; an added row has only new, a removed row only
 *     old, a changed row a column, an old and a new value that differ;
 *   - a key is reported as used only when it was asked for;
 *   - the text and CSV reports of the result can be formatted.
 * Everything is freed (LeakSanitizer checks the release).
 */
#include "compat.h"
#include "error.h"
#include "packdiff.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_rows(const struct packdiff_member *m)
{
	for (size_t i = 0; i < m->rows.n; i++) {
		const struct packdiff_row *r = &m->rows.v[i];
		if (!r->key)
			abort();
		if (r->change == PACKDIFF_ADDED && (!r->new || r->old || r->column))
			abort();
		if (r->change == PACKDIFF_REMOVED && (!r->old || r->new || r->column))
			abort();
		if (r->change == PACKDIFF_CHANGED && (!r->column || !r->old || !r->new || !strcmp(r->old, r->new)))
			abort();
	}
}

static void compare(const char *key, const char *a, size_t alen, const char *b, size_t blen, bool same)
{
	struct packdiff d = PACKDIFF_INIT;
	struct packdiff_member *m = VEC_GROW(&d.members);
	m->name = xstrdup("x.csv");
	m->change = PACKDIFF_CHANGED;
	int rc = packdiff_csv(m, key, a, alen, b, blen);
	if (rc && (rc != CLERK_EPARSE || !*clerk_error_last()->message || m->rows.n))
		abort();
	clerk_error_clear();
	if (!rc && same && m->rows.n)
		abort();
	if (m->key && (!key || strcmp(m->key, key)))
		abort();
	check_rows(m);
	struct strbuf out = STRBUF_INIT;
	packdiff_format_text(&out, &d);
	packdiff_format_csv(&out, &d);
	strbuf_release(&out);
	packdiff_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	const char *nul = memchr(t, '\0', size);
	size_t alen = nul ? (size_t)(nul - t) : size;
	const char *b = nul ? nul + 1 : t;
	size_t blen = nul ? size - alen - 1 : size;
	const char *keys[] = { NULL, "entry", "account, currency", "account, commodity" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
		compare(keys[k], t, alen, b, blen, !nul);
		compare(keys[k], t, alen, t, alen, true);
	}
	return 0;
}

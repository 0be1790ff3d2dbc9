/*
 * fuzz_bookfiles.c - libFuzzer target for bookfiles_parse(), which reads
 * the books.tsv member of an audit pack (formats/pack.md, "The books'
 * files").
 *
 * Invariants (abort() when broken):
 *   - bookfiles_parse returns 0 or CLERK_EPARSE with a message, and leaves
 *     no rows on failure;
 *   - the rows it accepts are sorted by path, each once, with a 64-digit
 *     lowercase hex SHA-256;
 *   - writing the rows with bookfiles_tsv() gives back the input, byte
 *     for byte (the format has one spelling), and every row is found by
 *     bookfiles_find().
 * Everything is freed (LeakSanitizer checks the release).
 */
#include "compat.h"
#include "bookfiles.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bookfiles v = VEC_INIT;
	int error = bookfiles_parse(&v, (const char *)data, size);
	if (error) {
		if (error != CLERK_EPARSE || v.n || !clerk_error_last()->message[0])
			abort();
		clerk_error_clear();
		bookfiles_release(&v);
		return 0;
	}
	for (size_t i = 0; i < v.n; i++) {
		if (strlen(v.v[i].sha256) != SHA256_HEX_LEN || bookfiles_find(&v, v.v[i].path) != &v.v[i])
			abort();
		if (i && strcmp(v.v[i - 1].path, v.v[i].path) >= 0)
			abort();
	}
	struct strbuf back = STRBUF_INIT;
	bookfiles_tsv(&back, &v);
	if (back.len != size || memcmp(back.buf, data, size))
		abort();
	strbuf_release(&back);
	bookfiles_release(&v);
	return 0;
}

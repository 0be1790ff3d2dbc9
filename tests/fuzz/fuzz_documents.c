/*
 * fuzz_documents.c - libFuzzer target for what src/documents.h reads from
 * outside: the documents.tsv member of an audit pack
 * (documents_parse_tsv(), when the input starts with "name\t") and the
 * value of a clerk-document: tag in the books (documents_parse_tag(),
 * otherwise; the input up to its first NUL).
 *
 * Invariants (abort() when broken):
 *   - each returns 0 or its error code with a message, and
 *     documents_parse_tsv leaves no rows on failure;
 *   - accepted rows are sorted by name, each name the last part of its
 *     path, a reason exactly for the refused ones, a 64-digit lowercase
 *     SHA-256; written back with documents_tsv() they give the input byte
 *     for byte (one spelling only);
 *   - an accepted tag value, written back with documents_tag_value(), is
 *     the input byte for byte.
 * Everything is freed (LeakSanitizer checks the release).
 */
#include "compat.h"
#include "documents.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void tsv(const char *data, size_t size)
{
	documents v = VEC_INIT;
	int error = documents_parse_tsv(&v, data, size);
	if (error) {
		if (error != CLERK_EPARSE || v.n || !clerk_error_last()->message[0])
			abort();
		clerk_error_clear();
		documents_release(&v);
		return;
	}
	for (size_t i = 0; i < v.n; i++) {
		const struct document *d = &v.v[i];
		const char *slash = strrchr(d->path, '/');
		if (strlen(d->sha256) != SHA256_HEX_LEN || strcmp(d->name, slash ? slash + 1 : d->path) ||
		    (d->why && !*d->why) || d->file || (i && strcmp(v.v[i - 1].name, d->name) > 0))
			abort();
	}
	struct strbuf back = STRBUF_INIT;
	documents_tsv(&back, &v);
	if (back.len != size || memcmp(back.buf, data, size))
		abort();
	strbuf_release(&back);
	documents_release(&v);
}

static void tag(const char *data, size_t size)
{
	char *value = malloc(size + 1);
	if (!value)
		abort();
	memcpy(value, data, size);
	value[size] = '\0';
	struct strbuf path = STRBUF_INIT, back = STRBUF_INIT;
	uint64_t n = 0;
	char sha[SHA256_HEX_LEN + 1];
	int error = documents_parse_tag(value, &path, &n, sha);
	if (error) {
		if (error != CLERK_EINVALID || !clerk_error_last()->message[0])
			abort();
		clerk_error_clear();
	} else {
		documents_tag_value(&back, path.buf, n, sha);
		if (strcmp(back.buf, value))
			abort();
	}
	strbuf_release(&path);
	strbuf_release(&back);
	free(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 5 && !memcmp(data, "name\t", 5))
		tsv((const char *)data, size);
	else
		tag((const char *)data, size);
	return 0;
}

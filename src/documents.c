/*
 * documents.c - the documents the books record and which go into a
 * night's audit pack (documents.h, formats/run.md "The audit pack").
 */
#include "compat.h"
#include "documents.h"
#include "error.h"
#include "fsutil.h"
#include "nightly.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Why path[0..len) cannot be a recorded document path, or NULL. */
static const char *bad_path(const char *p, size_t len)
{
	if (!len)
		return "no path";
	if (p[0] == '/')
		return "the path is absolute (it is relative to the root journal's folder)";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == ',')
			return "the path holds a comma or a control character";
	const char *base = p + len;
	while (base > p && base[-1] != '/')
		base--;
	size_t bl = (size_t)(p + len - base);
	if (!bl || (bl == 1 && base[0] == '.') || (bl == 2 && base[0] == '.' && base[1] == '.'))
		return "the path does not end with a file name";
	return NULL;
}

/* The last space in s[0..len), or NULL. */
static const char *last_space(const char *s, size_t len)
{
	while (len--)
		if (s[len] == ' ')
			return s + len;
	return NULL;
}

int documents_parse_tag(const char *value, struct strbuf *path, uint64_t *size,
			char sha256[static SHA256_HEX_LEN + 1])
{
	size_t len = strlen(value);
	const char *s2 = last_space(value, len);
	const char *s1 = s2 ? last_space(value, (size_t)(s2 - value)) : NULL;
	if (!s1)
		return clerk_error_set(CLERK_EINVALID, "not 'PATH SIZE SHA256' (e.g. 'invoices/INV-2026-0001.xml "
						       "2931 9f86d0...')");
	const char *why = bad_path(value, (size_t)(s1 - value));
	if (why)
		return clerk_error_set(CLERK_EINVALID, "%s", why);
	if (!bookfiles_parse_size(size, s1 + 1, (size_t)(s2 - s1 - 1)))
		return clerk_error_set(CLERK_EINVALID, "the size is not a number of bytes");
	if (!sha256_is_hex(s2 + 1, len - (size_t)(s2 + 1 - value)))
		return clerk_error_set(CLERK_EINVALID, "the SHA-256 is not 64 lowercase hex digits");
	memcpy(sha256, s2 + 1, SHA256_HEX_LEN);
	sha256[SHA256_HEX_LEN] = '\0';
	strbuf_reset(path);
	strbuf_add(path, value, (size_t)(s1 - value));
	return 0;
}

void documents_tag_value(struct strbuf *out, const char *path, uint64_t size, const char *sha256)
{
	strbuf_addf(out, "%s %" PRIu64 " %s", path, size, sha256);
}

static int cmp_document(const void *a, const void *b)
{
	const struct document *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->txn > y->txn) - (x->txn < y->txn);
}

/*
 * For each file of j: whether prev lists it (its path relative to root,
 * the root's folder). Caller frees.
 */
static bool *files_listed(const struct journal *j, const bookfiles *prev, const char *root)
{
	bool *listed = xcalloc(j->files.n ? j->files.n : 1, sizeof(*listed));
	struct strbuf rel = STRBUF_INIT;
	for (uint32_t f = 0; f < j->files.n; f++) {
		strbuf_reset(&rel);
		if (j->files.v[f].realpath && root)
			bookfiles_relative_to(&rel, j->files.v[f].realpath, root);
		else
			strbuf_addstr(&rel, j->files.v[f].path);
		listed[f] = bookfiles_find(prev, rel.buf) != NULL;
	}
	strbuf_release(&rel);
	return listed;
}

/* Appends the documents of transaction t (index ti). */
static void add_txn_documents(documents *out, const struct journal *j, uint32_t ti, uint32_t tag_id,
			      const char *root)
{
	const struct txn *t = &j->txns.v[ti];
	struct strbuf path = STRBUF_INIT;
	for (uint32_t k = 0; k < t->ntags; k++) {
		const struct tag *g = &j->tags.v[t->tags_start + k];
		struct document d = { NULL, NULL, NULL, 0, "", NULL, ti };
		if (g->name != tag_id || documents_parse_tag(g->value, &path, &d.size, d.sha256)) {
			clerk_error_clear();
			continue;
		}
		const char *slash = strrchr(path.buf, '/');
		d.name = xstrdup(slash ? slash + 1 : path.buf);
		if (root) {
			struct strbuf file = STRBUF_INIT;
			strbuf_addf(&file, "%s/%s", root, path.buf);
			d.file = strbuf_detach(&file, NULL);
		}
		d.path = strbuf_detach(&path, NULL);
		VEC_PUSH(out, d);
	}
	strbuf_release(&path);
}

/* A document of a name already taken gets a why (the first, by transaction, keeps it). */
static void mark_duplicates(documents *v, size_t first, const struct journal *j)
{
	for (size_t i = first + 1; i < v->n; i++) {
		struct document *d = &v->v[i], *p = &v->v[i - 1];
		if (strcmp(d->name, p->name))
			continue;
		const struct txn *t = &j->txns.v[p->txn];
		struct strbuf why = STRBUF_INIT;
		strbuf_addf(&why, "another document of this name ('%s', %s:%" PRIu32 ") goes into the pack",
			    p->path, j->files.v[t->file].path, t->line);
		d->why = strbuf_detach(&why, NULL);
	}
}

void documents_of_journal(documents *out, const struct journal *j, const bookfiles *prev)
{
	uint32_t tag_id = journal_tag_id(j, DOCUMENTS_TAG);
	if (tag_id == NO_ID)
		return;
	struct strbuf root = STRBUF_INIT;
	const char *rootp = NULL;
	if (j->files.n && j->files.v[0].realpath) {
		fsutil_dirname(&root, j->files.v[0].realpath);
		rootp = root.buf;
	}
	bool *listed = prev ? files_listed(j, prev, rootp) : NULL;
	size_t first = out->n;
	for (uint32_t i = 0; i < j->txns.n; i++) {
		const struct txn *t = &j->txns.v[i];
		/* a batch is not the books; a file an earlier pack listed had its documents packed then */
		if (!t->ntags || j->files.v[t->file].batch || (listed && listed[t->file]))
			continue;
		add_txn_documents(out, j, i, tag_id, rootp);
	}
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_document);
	mark_duplicates(out, first, j);
	free(listed);
	strbuf_release(&root);
}

/* Why the file of d is not the recorded document, or NULL when it is. */
static char *check_one(const struct document *d)
{
	uint64_t size = 0;
	char sha[SHA256_HEX_LEN + 1] = "";
	struct strbuf why = STRBUF_INIT;
	int error = d->file ? bookfiles_hash_file(&size, sha, d->file) : CLERK_ENOTFOUND;
	if (error == CLERK_ENOTFOUND)
		strbuf_addf(&why, "'%s' is missing", d->path);
	else if (error)
		strbuf_addf(&why, "'%s' cannot be read: %s", d->path, clerk_error_last()->message);
	else if (size != d->size || strcmp(sha, d->sha256))
		strbuf_addf(&why,
			    "'%s' is not the document the books record (%" PRIu64 " bytes, SHA-256 %.12s..., "
			    "recorded %" PRIu64 " bytes, %.12s...)",
			    d->path, size, sha, d->size, d->sha256);
	clerk_error_clear();
	return why.len ? strbuf_detach(&why, NULL) : (strbuf_release(&why), NULL);
}

void documents_check(documents *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (!v->v[i].why)
			v->v[i].why = check_one(&v->v[i]);
}

size_t documents_refused(const documents *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		n += v->v[i].why != NULL;
	return n;
}

const struct document *documents_find(const documents *v, const char *name)
{
	size_t lo = 0, hi = v->n; /* the first row not before name: rows are sorted by name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && !strcmp(v->v[lo].name, name) ? &v->v[lo] : NULL;
}

void documents_tsv(struct strbuf *out, const documents *v)
{
	strbuf_addstr(out, DOCUMENTS_TSV_HEADER);
	for (size_t i = 0; i < v->n; i++) {
		const struct document *d = &v->v[i];
		nightly_escape_name(out, d->name);
		strbuf_addf(out, "\t%s\t%" PRIu64 "\t%s\t", d->why ? "refused" : "archived", d->size, d->sha256);
		nightly_escape_name(out, d->path);
		strbuf_addch(out, '\t');
		if (d->why)
			nightly_escape_name(out, d->why);
		strbuf_addch(out, '\n');
	}
}

/* Splits s[0..len) at tabs into f[0..6); false unless exactly six fields. */
static bool split6(const char *s, size_t len, const char *f[6], size_t fl[6])
{
	size_t k = 0;
	const char *p = s, *end = s + len;
	while (k < 6) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		f[k] = p;
		fl[k] = (size_t)((t ? t : end) - p);
		k++;
		if (!t)
			break;
		p = t + 1;
	}
	return k == 6 && f[5] + fl[5] == end;
}

/* Unescapes s[0..len) into out when it is spelt as nightly_escape_name() writes it (one spelling only). */
static bool unescape_canonical(struct strbuf *out, const char *s, size_t len)
{
	struct strbuf again = STRBUF_INIT;
	bool ok = !nightly_unescape_name(out, s, len) && !memchr(out->buf, '\0', out->len);
	if (ok) {
		nightly_escape_name(&again, out->buf);
		ok = again.len == len && !memcmp(again.buf, s, len);
	}
	strbuf_release(&again);
	return ok;
}

/* Whether name is the last component of path. */
static bool name_of(const char *name, const char *path)
{
	const char *slash = strrchr(path, '/');
	return !strcmp(name, slash ? slash + 1 : path);
}

/* Parses one row into d; a static message when it is not one. */
static const char *parse_row(struct document *d, const char *s, size_t len)
{
	const char *f[6];
	size_t fl[6];
	struct strbuf name = STRBUF_INIT, path = STRBUF_INIT, why = STRBUF_INIT;
	const char *msg = NULL;
	bool refused = false;
	if (!split6(s, len, f, fl))
		msg = "not six fields separated by tabs";
	else if (!fl[0] || !unescape_canonical(&name, f[0], fl[0]) ||
		 !unescape_canonical(&path, f[4], fl[4]) || bad_path(path.buf, path.len) ||
		 !unescape_canonical(&why, f[5], fl[5]))
		msg = "a name, path or reason not escaped as Clerk writes it";
	else if (!name_of(name.buf, path.buf))
		msg = "the name is not the path's file name";
	else if (!((refused = fl[1] == 7 && !memcmp(f[1], "refused", 7)) ||
		   (fl[1] == 8 && !memcmp(f[1], "archived", 8))))
		msg = "the status is neither 'archived' nor 'refused'";
	else if (refused != (why.len > 0))
		msg = "a refused document without a reason, or an archived one with one";
	else if (!bookfiles_parse_size(&d->size, f[2], fl[2]) || !sha256_is_hex(f[3], fl[3]))
		msg = "the size or SHA-256 is not as Clerk writes it";
	if (!msg) {
		memcpy(d->sha256, f[3], SHA256_HEX_LEN);
		d->sha256[SHA256_HEX_LEN] = '\0';
		d->name = strbuf_detach(&name, NULL);
		d->path = strbuf_detach(&path, NULL);
		d->why = refused ? strbuf_detach(&why, NULL) : NULL;
	}
	strbuf_release(&name);
	strbuf_release(&path);
	strbuf_release(&why);
	return msg;
}

int documents_parse_tsv(documents *out, const char *tsv, size_t len)
{
	size_t hl = strlen(DOCUMENTS_TSV_HEADER), first = out->n, line = 1;
	if (len < hl || memcmp(tsv, DOCUMENTS_TSV_HEADER, hl))
		return clerk_error_set(CLERK_EPARSE, "documents.tsv:1: the header is not Clerk's");
	for (size_t i = hl; i < len;) {
		line++;
		const char *nl = memchr(tsv + i, '\n', len - i);
		struct document d = { NULL, NULL, NULL, 0, "", NULL, NO_ID };
		const char *why = nl ? parse_row(&d, tsv + i, (size_t)(nl - tsv - i))
				     : "the last line does not end with a line feed";
		if (!why && out->n > first && strcmp(out->v[out->n - 1].name, d.name) > 0)
			why = "not sorted by name";
		if (why) {
			free(d.name);
			free(d.path);
			free(d.why);
			for (size_t k = first; k < out->n; k++) {
				free(out->v[k].name);
				free(out->v[k].path);
				free(out->v[k].why);
			}
			out->n = first;
			return clerk_error_set(CLERK_EPARSE, "documents.tsv:%zu: %s", line, why);
		}
		VEC_PUSH(out, d);
		i = (size_t)(nl - tsv) + 1;
	}
	return 0;
}

void documents_release(documents *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].name);
		free(v->v[i].path);
		free(v->v[i].file);
		free(v->v[i].why);
	}
	VEC_FREE(v);
	*v = (documents)VEC_INIT;
}

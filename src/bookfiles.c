/*
 * bookfiles.c - the books' files as a night read them (bookfiles.h,
 * formats/pack.md "The books' files").
 */
#include "compat.h"
#include "bookfiles.h"
#include "error.h"
#include "fsutil.h"
#include "nightly.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void bookfiles_relative_to(struct strbuf *out, const char *file, const char *dir)
{
	size_t common = 0; /* length of the common leading folders, at a '/' */
	for (size_t i = 0;; i++) {
		if (!dir[i]) {
			if (file[i] == '/')
				common = i;
			else if (i == 1) /* dir is "/" */
				common = 0;
			break;
		}
		if (file[i] != dir[i])
			break;
		if (dir[i] == '/')
			common = i;
	}
	/* one "../" per folder of dir below the common part */
	for (const char *p = dir + common; *p; p++)
		if (*p == '/' && p[1])
			strbuf_addstr(out, "../");
	strbuf_addstr(out, file + common + 1);
}

static int hash_file(uint64_t *size, char sha256[static SHA256_HEX_LEN + 1], const char *path, uint64_t limit);

/* The length of loaded file i. */
static size_t journal_len(const struct journal *j, uint32_t i)
{
	size_t len = 0;
	(void)journal_source(j, i, &len);
	return len;
}

static int cmp_bookfile(const void *a, const void *b)
{
	return strcmp(((const struct bookfile *)a)->path, ((const struct bookfile *)b)->path);
}

void bookfiles_of_journal(bookfiles *out, const struct journal *j)
{
	struct strbuf root = STRBUF_INIT, rel = STRBUF_INIT;
	bool have_root = false, seen_root = false;
	size_t first = out->n, slen = strlen(BOOKFILES_ROOT_SUFFIX);
	for (uint32_t i = 0; i < j->files.n; i++) {
		const struct journal_file *f = &j->files.v[i];
		size_t len = 0;
		const char *data = journal_source(j, i, &len);
		if (f->batch || !data)
			continue;
		bool is_root = !seen_root;
		seen_root = true;
		if (!have_root && f->realpath) {
			fsutil_dirname(&root, f->realpath);
			have_root = true;
		}
		strbuf_reset(&rel);
		if (f->realpath && have_root)
			bookfiles_relative_to(&rel, f->realpath, root.buf);
		else
			strbuf_addstr(&rel, f->path);
		if (!strcmp(rel.buf, BOOKFILES_PLACEHOLDER))
			continue; /* Clerk's, comments only: written when it first posts */
		/* the root without the include block Clerk appends when it first posts */
		if (is_root && len >= slen && !memcmp(data + len - slen, BOOKFILES_ROOT_SUFFIX, slen))
			len -= slen;
		struct bookfile *b = VEC_GROW(out);
		b->path = strbuf_detach(&rel, NULL);
		/*
		 * hashed from the file through a small buffer, not from the
		 * journal's mapping (that would fault every page of the books
		 * back into memory); the loaded bytes when the file is no longer
		 * their size
		 */
		uint64_t size = 0;
		if (!f->realpath || hash_file(&size, b->sha256, f->realpath, len) ||
		    size != len + (len < journal_len(j, i) ? slen : 0)) {
			clerk_error_clear();
			sha256_hex(data, len, b->sha256);
		}
		b->size = len;
	}
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_bookfile);
	/* a file read twice is listed once */
	size_t w = first;
	for (size_t r = first; r < out->n; r++) {
		if (w > first && !strcmp(out->v[w - 1].path, out->v[r].path)) {
			free(out->v[r].path);
			continue;
		}
		out->v[w++] = out->v[r];
	}
	out->n = w;
	strbuf_release(&root);
	strbuf_release(&rel);
}

void bookfiles_tsv(struct strbuf *out, const bookfiles *v)
{
	strbuf_addstr(out, BOOKFILES_TSV_HEADER);
	for (size_t i = 0; i < v->n; i++) {
		nightly_escape_name(out, v->v[i].path);
		strbuf_addf(out, "\t%" PRIu64 "\t%s\n", v->v[i].size, v->v[i].sha256);
	}
}

bool bookfiles_parse_size(uint64_t *out, const char *s, size_t len)
{
	if (!len || len > 19 || (len > 1 && s[0] == '0'))
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* Parses one row s[0..len) (no LF) into b; a static message when it is not a row. */
static const char *parse_row(struct bookfile *b, const char *s, size_t len)
{
	const char *t1 = memchr(s, '\t', len);
	const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - s)) : NULL;
	if (!t2 || memchr(t2 + 1, '\t', len - (size_t)(t2 + 1 - s)))
		return "not three fields separated by tabs";
	struct strbuf path = STRBUF_INIT, again = STRBUF_INIT;
	bool canonical = t1 > s && !nightly_unescape_name(&path, s, (size_t)(t1 - s)) &&
			 !memchr(path.buf, '\0', path.len);
	if (canonical) { /* one spelling only: what bookfiles_tsv() writes */
		nightly_escape_name(&again, path.buf);
		canonical = again.len == (size_t)(t1 - s) && !memcmp(again.buf, s, again.len);
	}
	strbuf_release(&again);
	if (!canonical) {
		strbuf_release(&path);
		return "the path is empty or not escaped as Clerk writes it";
	}
	if (!bookfiles_parse_size(&b->size, t1 + 1, (size_t)(t2 - t1 - 1))) {
		strbuf_release(&path);
		return "the size is not a number";
	}
	if (!sha256_is_hex(t2 + 1, len - (size_t)(t2 + 1 - s))) {
		strbuf_release(&path);
		return "the sha256 is not 64 lowercase hex digits";
	}
	memcpy(b->sha256, t2 + 1, SHA256_HEX_LEN);
	b->sha256[SHA256_HEX_LEN] = '\0';
	b->path = strbuf_detach(&path, NULL);
	return NULL;
}

int bookfiles_parse(bookfiles *out, const char *tsv, size_t len)
{
	size_t hl = strlen(BOOKFILES_TSV_HEADER);
	if (len < hl || memcmp(tsv, BOOKFILES_TSV_HEADER, hl))
		return clerk_error_set(CLERK_EPARSE, "books.tsv:1: the header is not 'path, size, sha256'");
	size_t first = out->n, line = 1;
	for (size_t i = hl; i < len;) {
		line++;
		const char *nl = memchr(tsv + i, '\n', len - i);
		const char *why = NULL;
		struct bookfile b = { NULL, 0, "" };
		if (!nl)
			why = "the last line does not end with a line feed";
		else
			why = parse_row(&b, tsv + i, (size_t)(nl - tsv - i));
		if (!why && out->n > first && strcmp(out->v[out->n - 1].path, b.path) >= 0)
			why = "not sorted by path, or a path twice";
		if (why) {
			free(b.path);
			for (size_t k = first; k < out->n; k++)
				free(out->v[k].path);
			out->n = first;
			return clerk_error_set(CLERK_EPARSE, "books.tsv:%zu: %s", line, why);
		}
		VEC_PUSH(out, b);
		i = (size_t)(nl - tsv) + 1;
	}
	return 0;
}

static int cmp_path_bookfile(const void *key, const void *b)
{
	return strcmp(key, ((const struct bookfile *)b)->path);
}

const struct bookfile *bookfiles_find(const bookfiles *v, const char *path)
{
	return v->n ? bsearch(path, v->v, v->n, sizeof(*v->v), cmp_path_bookfile) : NULL;
}

/* Hashes the first `limit` bytes of the file (all of it when it is shorter); *size is the file's size. */
static int hash_file(uint64_t *size, char sha256[static SHA256_HEX_LEN + 1], const char *path, uint64_t limit)
{
	int fd = -1;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, path, FSUTIL_NOFOLLOW);
	if (error)
		return error;
	struct sha256 *h = sha256_new();
	char buf[65536];
	uint64_t left = (uint64_t)st.st_size < limit ? (uint64_t)st.st_size : limit;
	while (left) {
		ssize_t r = read(fd, buf, left < sizeof(buf) ? (size_t)left : sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			error = r < 0 ? clerk_error_set(CLERK_EIO, "cannot read '%s': %s", path, strerror(errno))
				      : fsutil_changed_error(path, &st);
			break;
		}
		sha256_update(h, buf, (size_t)r);
		left -= (uint64_t)r;
	}
	if (!error && limit >= (uint64_t)st.st_size)
		error = fsutil_check_end(fd, &st, path);
	sha256_final_hex(h, sha256);
	sha256_free(h);
	close(fd);
	*size = (uint64_t)st.st_size;
	return error;
}

int bookfiles_hash_file(uint64_t *size, char sha256[static SHA256_HEX_LEN + 1], const char *path)
{
	return hash_file(size, sha256, path, UINT64_MAX);
}

bool bookfiles_root_prepared(const char *path, const struct bookfile *rec)
{
	const char *suffix = BOOKFILES_ROOT_SUFFIX;
	size_t slen = strlen(suffix);
	int fd = -1;
	struct stat st;
	if (fsutil_open_regular(&fd, &st, path, FSUTIL_NOFOLLOW)) {
		clerk_error_clear();
		return false;
	}
	uint64_t size = (uint64_t)st.st_size;
	bool ok = size == rec->size + slen || size == rec->size + slen + 1;
	struct sha256 *h = ok ? sha256_new() : NULL;
	char buf[65536], last = '\n', hex[SHA256_HEX_LEN + 1];
	uint64_t at = 0;
	struct strbuf tail = STRBUF_INIT;
	while (ok && at < size) {
		size_t want = size - at < sizeof(buf) ? (size_t)(size - at) : sizeof(buf);
		ssize_t r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ok = false;
			break;
		}
		size_t n = (size_t)r, head = at >= rec->size ? 0 : rec->size - at < n ? (size_t)(rec->size - at) : n;
		sha256_update(h, buf, head);
		if (head)
			last = buf[head - 1];
		strbuf_add(&tail, buf + head, n - head);
		at += n;
	}
	if (ok) {
		sha256_final_hex(h, hex);
		bool nl = last != '\n'; /* books_prepare() ends the last line first */
		ok = !strcmp(hex, rec->sha256) && tail.len == slen + nl && (!nl || tail.buf[0] == '\n') &&
		     !memcmp(tail.buf + nl, suffix, slen);
	}
	sha256_free(h);
	strbuf_release(&tail);
	close(fd);
	return ok;
}

void bookfiles_release(bookfiles *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].path);
	VEC_FREE(v);
}

/*
 * pack.c - audit packs (formats/pack.md): the libzip adapter behind pack.h.
 *
 * Determinism: libzip converts DOS times through mktime()/localtime(), so the
 * time it writes depends on TZ (a local midnight that does not exist, on a
 * day daylight saving time starts at 00:00, comes out as 01:00). After
 * zip_close() the date and time fields of every local and central header
 * are therefore overwritten with the run date at 00:00:00 (patch_dos_times()).
 */
#include "compat.h"
#include "pack.h"
#include "util/symtab.h"
#include "util/utf8.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "util/xalloc.h"

#include <zip.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK 65536
/* Fixed, so that a pack is deterministic; 6 is zlib's default: nearly the size of 9 at a fraction of the time. */
#define PACK_DEFLATE_LEVEL 6

/* ------------------------------------------------------------------ */
/* names and text */

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/*
 * Returns NULL when s[0..len) is valid UTF-8 without control characters,
 * else a static message.
 */
static const char *text_problem(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!n)
			return "is not valid UTF-8";
		if (is_control(cp))
			return "contains a control character";
		i += n;
	}
	return NULL;
}

/*
 * Appends s[0..len) to sb for messages: valid UTF-8 as is, control
 * characters and bytes that are not UTF-8 as \xNN.
 */
static void add_escaped(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!n || is_control(cp)) {
			size_t k = n ? n : 1;
			for (size_t j = 0; j < k; j++)
				strbuf_addf(sb, "\\x%02x", p[i + j]);
			i += k;
		} else {
			strbuf_add(sb, p + i, n);
			i += n;
		}
	}
}

static char *escaped(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	add_escaped(&sb, s, strlen(s));
	return strbuf_detach(&sb, NULL);
}

const char *pack_name_problem(const char *name, size_t len)
{
	if (!len)
		return "is empty";
	if (len > PACK_MAX_NAME)
		return "is longer than 255 bytes";
	if (memchr(name, '\0', len))
		return "contains a control character";
	const char *t = text_problem(name, len);
	if (t)
		return t;
	if (memchr(name, '\\', len))
		return "contains a backslash";
	if (name[0] == '/')
		return "is absolute (starts with '/')";
	if (name[len - 1] == '/')
		return "ends with '/'";
	for (size_t i = 0; i < len;) {
		const char *slash = memchr(name + i, '/', len - i);
		size_t n = (slash ? (size_t)(slash - name) : len) - i;
		if (n == 0)
			return "contains an empty part ('//')";
		if ((n == 1 && name[i] == '.') || (n == 2 && name[i] == '.' && name[i + 1] == '.'))
			return "contains a '.' or '..' part";
		i += n + 1;
	}
	return NULL;
}

static bool is_reserved_key(const char *key, size_t len)
{
	static const char *const reserved[] = { "clerk-pack", "date", "previous" };
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (strlen(reserved[i]) == len && !memcmp(reserved[i], key, len))
			return true;
	return false;
}

/* Returns NULL when key[0..len) is a valid header key, else a static message. */
static const char *key_problem(const char *key, size_t len)
{
	if (!len || len > PACK_MAX_HEADER_KEY)
		return "must be 1 to 64 characters";
	if (!(key[0] >= 'a' && key[0] <= 'z'))
		return "must start with a lowercase letter";
	for (size_t i = 0; i < len; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
		      key[i] == '-'))
			return "may only contain a-z, 0-9 and '-'";
	if (is_reserved_key(key, len))
		return "is reserved";
	return NULL;
}

/* Returns NULL when value[0..len) is a valid header value, else a static message. */
static const char *value_problem(const char *value, size_t len)
{
	if (!len || len > PACK_MAX_HEADER_VALUE)
		return "must be 1 to 1000 bytes";
	if (memchr(value, '\0', len))
		return "contains a control character";
	const char *t = text_problem(value, len);
	if (t)
		return t;
	if (value[0] == ' ' || value[len - 1] == ' ')
		return "starts or ends with a space";
	return NULL;
}

/* The DOS date of a run date, or 0 when it is outside 1980-2107. */
static uint16_t dos_date(clerk_date date)
{
	int y, m, d;
	if (date == DATE_NONE)
		return 0;
	date_to_ymd(date, &y, &m, &d);
	if (y < 1980 || y > 2107)
		return 0;
	return (uint16_t)(((unsigned)(y - 1980) << 9) | ((unsigned)m << 5) | (unsigned)d);
}

/* ------------------------------------------------------------------ */
/* the builder */

struct builder_header {
	char *key;
	char *value;
};

struct builder_member {
	char *name;
	char *data;
	size_t len;
	char *path; /* pack_builder_add_file(): the bytes are this file's (data is NULL) */
	char sha256[SHA256_HEX_LEN + 1]; /* given with path */
};

struct pack_builder {
	clerk_date date;
	uint16_t dosdate;
	bool has_previous;
	char previous[SHA256_HEX_LEN + 1];
	VEC(struct builder_header) headers;
	VEC(struct builder_member) members;
	struct symtab names;   /* the members' names, for the checks at add time */
	struct symtab folders; /* every folder a member name implies ("a/" of "a/b") */
};

int pack_builder_new(struct pack_builder **out, clerk_date date)
{
	uint16_t dd = dos_date(date);
	*out = NULL;
	if (!dd)
		return clerk_error_set(CLERK_EINVALID,
				       "pack date out of range (zip dates run from 1980 to 2107)");
	struct pack_builder *b = xcalloc(1, sizeof(*b));
	const struct symtab empty = SYMTAB_INIT;
	b->names = empty;
	b->folders = empty;
	b->date = date;
	b->dosdate = dd;
	*out = b;
	return 0;
}

void pack_builder_free(struct pack_builder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->headers.n; i++) {
		free(b->headers.v[i].key);
		free(b->headers.v[i].value);
	}
	VEC_FREE(&b->headers);
	for (size_t i = 0; i < b->members.n; i++) {
		free(b->members.v[i].name);
		free(b->members.v[i].data);
		free(b->members.v[i].path);
	}
	VEC_FREE(&b->members);
	symtab_release(&b->names);
	symtab_release(&b->folders);
	free(b);
}

int pack_builder_set_previous(struct pack_builder *b, const char *hex)
{
	if (!hex) {
		b->has_previous = false;
		b->previous[0] = '\0';
		return 0;
	}
	if (!sha256_is_hex(hex, strlen(hex)))
		return clerk_error_set(CLERK_EINVALID,
				       "bad previous manifest digest (expected 64 lowercase hex digits)");
	memcpy(b->previous, hex, SHA256_HEX_LEN + 1);
	b->has_previous = true;
	return 0;
}

int pack_builder_add_header(struct pack_builder *b, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	const char *why = key_problem(key, klen);
	if (why) {
		char *k = escaped(key);
		int e = clerk_error_set(CLERK_EINVALID, "bad manifest header key '%s': %s", k, why);
		free(k);
		return e;
	}
	why = value_problem(value, vlen);
	if (why)
		return clerk_error_set(CLERK_EINVALID, "bad value for manifest header '%s': %s", key,
				       why);
	for (size_t i = 0; i < b->headers.n; i++)
		if (!strcmp(b->headers.v[i].key, key))
			return clerk_error_set(CLERK_EEXISTS, "manifest header '%s' given twice", key);
	struct builder_header h = { xstrdup(key), xstrdup(value) };
	VEC_PUSH(&b->headers, h);
	return 0;
}


/* Checks that name can be added to b and records it; returns 0 or an error. */
static int take_name(struct pack_builder *b, const char *name)
{
	size_t nlen = strlen(name);
	const char *why = pack_name_problem(name, nlen);
	if (!why && !strcmp(name, PACK_MANIFEST_NAME))
		why = "is reserved for the manifest";
	if (!why && !strcmp(name, PACK_SIGNATURE_NAME))
		why = "is reserved for the manifest's signature";
	if (why) {
		char *n = escaped(name);
		int e = clerk_error_set(CLERK_EINVALID, "bad member name '%s': %s", n, why);
		free(n);
		return e;
	}
	if (b->members.n >= PACK_MAX_MEMBERS)
		return clerk_error_set(CLERK_EINVALID, "too many members (at most %d)",
				       PACK_MAX_MEMBERS);
	/* a name given twice, or a file that is also a folder ("a" and "a/b"): hash lookups, not a scan */
	if (symtab_find(&b->names, name, nlen) != UINT32_MAX)
		return clerk_error_set(CLERK_EEXISTS, "member '%s' added twice", name);
	if (symtab_find(&b->folders, name, nlen) != UINT32_MAX)
		return clerk_error_set(CLERK_EINVALID,
				       "member '%s' clashes with another member below it (a file cannot "
				       "also be a folder)",
				       name);
	for (size_t k = 0; k < nlen; k++)
		if (name[k] == '/' && symtab_find(&b->names, name, k) != UINT32_MAX)
			return clerk_error_set(CLERK_EINVALID,
					       "member '%s' clashes with member '%.*s' (a file cannot "
					       "also be a folder)",
					       name, (int)k, name);
	int is_new;
	(void)symtab_intern(&b->names, name, nlen, &is_new);
	for (size_t k = 0; k < nlen; k++)
		if (name[k] == '/')
			(void)symtab_intern(&b->folders, name, k, &is_new);
	return 0;
}

int pack_builder_add(struct pack_builder *b, const char *name, const void *data, size_t len)
{
	int error = take_name(b, name);
	if (error)
		return error;
	struct builder_member m = { xstrdup(name), xmalloc(len ? len : 1), len, NULL, "" };
	if (len)
		memcpy(m.data, data, len);
	VEC_PUSH(&b->members, m);
	return 0;
}

int pack_builder_add_strbuf(struct pack_builder *b, const char *name, struct strbuf *sb)
{
	int error = take_name(b, name);
	if (error)
		return error;
	size_t len;
	char *data = strbuf_detach(sb, &len);
	struct builder_member m = { xstrdup(name), data, len, NULL, "" };
	VEC_PUSH(&b->members, m);
	return 0;
}

int pack_builder_add_file(struct pack_builder *b, const char *name, const char *path,
			  uint64_t size, const char *sha256)
{
	if (size > SIZE_MAX || !sha256_is_hex(sha256, strlen(sha256)))
		return clerk_error_set(CLERK_EINVALID, "bad size or digest for member '%s'", name);
	int error = take_name(b, name);
	if (error)
		return error;
	struct builder_member m = { xstrdup(name), NULL, (size_t)size, xstrdup(path), "" };
	memcpy(m.sha256, sha256, sizeof(m.sha256));
	VEC_PUSH(&b->members, m);
	return 0;
}

static int cmp_member_ptr(const void *a, const void *b)
{
	const struct builder_member *x = *(const struct builder_member *const *)a;
	const struct builder_member *y = *(const struct builder_member *const *)b;
	return strcmp(x->name, y->name);
}

static int cmp_header_ptr(const void *a, const void *b)
{
	const struct builder_header *x = *(const struct builder_header *const *)a;
	const struct builder_header *y = *(const struct builder_header *const *)b;
	return strcmp(x->key, y->key);
}

/* Appends the MANIFEST text for b, whose members are given sorted. */
static void manifest_text(struct strbuf *out, const struct pack_builder *b,
			  struct builder_member *const *sorted)
{
	char date[11];
	date_format(b->date, date);
	strbuf_addf(out, "clerk-pack: %d\ndate: %s\nprevious: %s\n", PACK_FORMAT_VERSION, date,
		    b->has_previous ? b->previous : "none");
	const struct builder_header **hs = xmalloc(st_mult(b->headers.n + 1, sizeof(*hs)));
	for (size_t i = 0; i < b->headers.n; i++)
		hs[i] = &b->headers.v[i];
	qsort(hs, b->headers.n, sizeof(*hs), cmp_header_ptr);
	for (size_t i = 0; i < b->headers.n; i++)
		strbuf_addf(out, "%s: %s\n", hs[i]->key, hs[i]->value);
	free(hs);
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < b->members.n; i++) {
		char hex[SHA256_HEX_LEN + 1];
		if (sorted[i]->path)
			memcpy(hex, sorted[i]->sha256, sizeof(hex));
		else
			sha256_hex(sorted[i]->data, sorted[i]->len, hex);
		strbuf_addf(out, "%s  %zu  %s\n", hex, sorted[i]->len, sorted[i]->name);
	}
}

static int zip_fail(const char *what, zip_error_t *ze)
{
	return clerk_error_set(CLERK_ERROR, "cannot build the pack: %s: %s", what,
			       zip_error_strerror(ze));
}

/*
 * A member streamed from a file (pack_builder_add_file()): a libzip source
 * that reads the file as libzip deflates it and, at its end, checks that
 * the bytes had the size and SHA-256 the MANIFEST lists.
 */
struct file_source {
	const struct builder_member *m;
	int fd;
	uint64_t got;
	struct sha256 *digest;
	zip_error_t error;
	char *problem; /* why the file cannot be used, for the caller's message */
};

static zip_int64_t file_source_fail(struct file_source *fs, const char *why)
{
	if (!fs->problem)
		fs->problem = xstrdup(why);
	zip_error_set(&fs->error, ZIP_ER_READ, 0);
	return -1;
}

static zip_int64_t file_source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct file_source *fs = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN: {
		struct stat st;
		if (fs->fd >= 0)
			close(fs->fd);
		if (fsutil_open_regular(&fs->fd, &st, fs->m->path, FSUTIL_NOFOLLOW))
			return file_source_fail(fs, clerk_error_last()->message);
		sha256_free(fs->digest);
		fs->digest = sha256_new();
		fs->got = 0;
		return 0;
	}
	case ZIP_SOURCE_READ: {
		if (len > SSIZE_MAX)
			len = SSIZE_MAX;
		if (!fs->digest)
			return 0; /* read to its end and checked already */
		ssize_t n;
		do
			n = read(fs->fd, data, (size_t)len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return file_source_fail(fs, strerror(errno));
		fs->got += (uint64_t)n;
		if (fs->got > fs->m->len)
			return file_source_fail(fs, "it grew while the pack was written");
		sha256_update(fs->digest, data, (size_t)n);
		if (n == 0) {
			char hex[SHA256_HEX_LEN + 1];
			sha256_final_hex(fs->digest, hex);
			sha256_free(fs->digest);
			fs->digest = NULL;
			if (fs->got != fs->m->len || strcmp(hex, fs->m->sha256))
				return file_source_fail(fs, "it changed after it was read");
		}
		return n;
	}
	case ZIP_SOURCE_CLOSE:
		if (fs->fd >= 0)
			close(fs->fd);
		fs->fd = -1;
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = fs->m->len;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&fs->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0; /* fs belongs to the builder's build */
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
						      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
						      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&fs->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static void file_sources_free(struct file_source *fs, size_t n)
{
	for (size_t i = 0; fs && i < n; i++) {
		if (fs[i].fd >= 0)
			close(fs[i].fd);
		sha256_free(fs[i].digest);
		zip_error_fini(&fs[i].error);
		free(fs[i].problem);
	}
	free(fs);
}

/*
 * Adds name = data[0..len) (or the file of fs, when fs is not NULL) to za
 * with the fixed compression, time and attributes.
 */
static int add_to_zip(zip_t *za, const char *name, const char *data, size_t len, uint16_t dosdate,
		      struct file_source *fs)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *s = fs ? zip_source_function_create(file_source_cb, fs, &ze)
			     : zip_source_buffer_create(data, len, 0, &ze);
	if (!s) {
		int e = zip_fail(name, &ze);
		zip_error_fini(&ze);
		return e;
	}
	zip_error_fini(&ze);
	zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(s);
		return zip_fail(name, zip_get_error(za));
	}
	zip_uint64_t i = (zip_uint64_t)idx;
	if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, PACK_DEFLATE_LEVEL) ||
	    zip_file_set_dostime(za, i, 0, dosdate, 0) ||
	    zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, (0100000u | 0600u) << 16))
		return zip_fail(name, zip_get_error(za));
	return 0;
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v & 0xFF);
	p[1] = (unsigned char)(v >> 8);
}

/*
 * Sets the modification time of every entry of the archive z[0..len),
 * written by libzip without a comment, to 00:00:00 of dosdate, in the
 * central directory and in the local headers. Returns 0, CLERK_EINVALID
 * when the archive needs zip64, -1 when it is not laid out as expected.
 */
static int patch_dos_times(unsigned char *z, size_t len, size_t nentries, uint16_t dosdate)
{
	if (len < 22 || get32(z + len - 22) != 0x06054b50 || get16(z + len - 2) != 0)
		return clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
	const unsigned char *eocd = z + len - 22;
	if ((len >= 42 && get32(z + len - 42) == 0x07064b50) || get16(eocd + 10) == 0xFFFF ||
	    get32(eocd + 16) == 0xFFFFFFFF || get32(eocd + 12) == 0xFFFFFFFF)
		return clerk_error_set(CLERK_EINVALID,
				       "cannot build the pack: it would be 4 GiB or more (zip64)");
	size_t n = get16(eocd + 10), off = get32(eocd + 16), end = off + get32(eocd + 12);
	if (n != nentries || end > len - 22)
		return clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
	for (size_t i = 0; i < n; i++) {
		if (off + 46 > end || get32(z + off) != 0x02014b50)
			return clerk_error_set(CLERK_ERROR,
					       "cannot build the pack: unexpected zip layout");
		unsigned char *c = z + off;
		size_t lho = get32(c + 42);
		if (lho == 0xFFFFFFFF)
			return clerk_error_set(CLERK_EINVALID, "cannot build the pack: it would be "
							       "4 GiB or more (zip64)");
		if (lho + 30 > len || get32(z + lho) != 0x04034b50)
			return clerk_error_set(CLERK_ERROR,
					       "cannot build the pack: unexpected zip layout");
		put16(c + 12, 0);
		put16(c + 14, dosdate);
		put16(z + lho + 10, 0);
		put16(z + lho + 12, dosdate);
		off += 46 + (size_t)get16(c + 28) + get16(c + 30) + get16(c + 32);
	}
	return 0;
}

/* Reads the whole of source s into a new buffer. */
static int read_source(char **out, size_t *out_len, zip_source_t *s)
{
	zip_stat_t st;
	*out = NULL;
	if (zip_source_open(s) < 0)
		return zip_fail("reading back", zip_source_error(s));
	zip_stat_init(&st);
	if (zip_source_stat(s, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > SIZE_MAX - 1) {
		int e = zip_fail("reading back", zip_source_error(s));
		zip_source_close(s);
		return e;
	}
	size_t len = (size_t)st.size, got = 0;
	char *buf = xmalloc(len ? len : 1);
	while (got < len) {
		zip_int64_t r = zip_source_read(s, buf + got, len - got);
		if (r <= 0) {
			int e = zip_fail("reading back", zip_source_error(s));
			zip_source_close(s);
			free(buf);
			return e;
		}
		got += (size_t)r;
	}
	zip_source_close(s);
	*out = buf;
	*out_len = len;
	return 0;
}

/* Adds the MANIFEST and b's members (sorted) to the new archive za; the sources of file members go to fs. */
static int fill_archive(zip_t *za, const struct pack_builder *b, struct builder_member *const *sorted,
			const struct strbuf *manifest, struct file_source *fs, size_t *nfs)
{
	int error = add_to_zip(za, PACK_MANIFEST_NAME, manifest->buf, manifest->len, b->dosdate, NULL);
	for (size_t i = 0; !error && i < b->members.n; i++) {
		struct file_source *f = NULL;
		if (sorted[i]->path) {
			f = &fs[(*nfs)++];
			f->m = sorted[i];
			f->fd = -1;
			zip_error_init(&f->error);
		}
		error = add_to_zip(za, sorted[i]->name, sorted[i]->data, sorted[i]->len, b->dosdate, f);
	}
	return error;
}

/* The error of a zip_close() that failed: a member file that could not be used, else none (0). */
static int file_source_error(const struct file_source *fs, size_t nfs)
{
	for (size_t i = 0; i < nfs; i++)
		if (fs[i].problem)
			return clerk_error_set(CLERK_EIO, "cannot build the pack: '%s': %s", fs[i].m->path,
					       fs[i].problem);
	return 0;
}

int pack_builder_build(char **out, size_t *out_len, char manifest_sha256[static SHA256_HEX_LEN + 1],
		       const struct pack_builder *b)
{
	struct strbuf manifest = STRBUF_INIT;
	struct builder_member **sorted = xmalloc(st_mult(b->members.n + 1, sizeof(*sorted)));
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	struct file_source *fs = NULL;
	size_t nfs = 0;
	char *data = NULL;
	size_t len = 0;
	int error = 0;

	*out = NULL;
	*out_len = 0;
	zip_error_init(&ze);
	for (size_t i = 0; i < b->members.n; i++)
		sorted[i] = &b->members.v[i];
	qsort(sorted, b->members.n, sizeof(*sorted), cmp_member_ptr);
	manifest_text(&manifest, b, sorted);

	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		error = zip_fail("creating the archive", &ze);
		goto cleanup;
	}
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		error = zip_fail("creating the archive", &ze);
		goto cleanup;
	}
	zip_source_keep(src); /* zip_close() / zip_discard() release one reference */
	fs = xcalloc(b->members.n + 1, sizeof(*fs));
	if ((error = fill_archive(za, b, sorted, &manifest, fs, &nfs)))
		goto cleanup;
	if (zip_close(za)) {
		if (!(error = file_source_error(fs, nfs)))
			error = zip_fail("writing the archive", zip_get_error(za));
		goto cleanup;
	}
	za = NULL;
	error = read_source(&data, &len, src);
	if (!error)
		error = patch_dos_times((unsigned char *)data, len, b->members.n + 1, b->dosdate);
	if (error)
		goto cleanup;
	sha256_hex(manifest.buf, manifest.len, manifest_sha256);
	*out = data;
	*out_len = len;
	data = NULL;

cleanup:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	file_sources_free(fs, nfs);
	free(data);
	free(sorted);
	strbuf_release(&manifest);
	return error;
}

/* ------------------------------------------------------------------ */
/* writing a pack file as it is produced */

/*
 * The archive file of a build: a libzip source that reads the archive
 * being changed from in_fd (-1: a new, empty archive) and writes the new
 * archive to out_fd, the temporary file beside the destination, as libzip
 * produces it (it seeks back to complete each local header). Nothing of
 * the archive is held in memory.
 */
struct archive_file {
	int in_fd, out_fd;
	uint64_t in_size, in_pos;
	uint64_t out_pos, out_end;
	zip_error_t error;
	int sys_errno; /* of a failed write, for the caller's message */
	const char *out_path;
};

static zip_int64_t archive_fail(struct archive_file *af, int zip_code, int sys)
{
	if (!af->sys_errno)
		af->sys_errno = sys;
	zip_error_set(&af->error, zip_code, sys);
	return -1;
}

/* Writes data[0..len) at the write position; a full disk (or CLERK_FAULT=write:enospc) fails it. */
static zip_int64_t archive_write(struct archive_file *af, const void *data, zip_uint64_t len)
{
	fault_point("pack:write");
	if (fault_error("write:enospc"))
		return archive_fail(af, ZIP_ER_WRITE, ENOSPC);
	const char *p = data;
	zip_uint64_t left = len;
	while (left) {
		ssize_t n = pwrite(af->out_fd, p, left > SSIZE_MAX ? SSIZE_MAX : (size_t)left,
				   (off_t)af->out_pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return archive_fail(af, ZIP_ER_WRITE, n < 0 ? errno : EIO);
		p += n;
		left -= (zip_uint64_t)n;
		af->out_pos += (uint64_t)n;
	}
	if (af->out_pos > af->out_end)
		af->out_end = af->out_pos;
	return (zip_int64_t)len;
}

/* The new offset of a seek (whence, offset) from pos in a file of size end, or -1. */
static int64_t seek_to(const zip_source_args_seek_t *a, uint64_t pos, uint64_t end)
{
	int64_t base = a->whence == SEEK_SET ? 0 : a->whence == SEEK_CUR ? (int64_t)pos
		     : a->whence == SEEK_END ? (int64_t)end : -1;
	if (base < 0 || (a->offset < 0 && -a->offset > base) || (a->offset > 0 && a->offset > INT64_MAX - base))
		return -1;
	return base + a->offset;
}

static zip_int64_t archive_file_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct archive_file *af = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		af->in_pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		if (af->in_fd < 0 || af->in_pos >= af->in_size)
			return 0;
		if (len > af->in_size - af->in_pos)
			len = af->in_size - af->in_pos;
		if (len > SSIZE_MAX)
			len = SSIZE_MAX;
		ssize_t n;
		do
			n = pread(af->in_fd, data, (size_t)len, (off_t)af->in_pos);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return archive_fail(af, ZIP_ER_READ, errno);
		af->in_pos += (uint64_t)n;
		return n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_SEEK: {
		zip_source_args_seek_t *a = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &af->error);
		int64_t to = a ? seek_to(a, af->in_pos, af->in_size) : -1;
		if (to < 0)
			return archive_fail(af, ZIP_ER_INVAL, 0);
		af->in_pos = (uint64_t)to;
		return 0;
	}
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)af->in_pos;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = af->in_size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_BEGIN_WRITE:
		af->out_pos = af->out_end = 0;
		if (ftruncate(af->out_fd, 0))
			return archive_fail(af, ZIP_ER_WRITE, errno);
		return 0;
	case ZIP_SOURCE_WRITE:
		return archive_write(af, data, len);
	case ZIP_SOURCE_SEEK_WRITE: {
		zip_source_args_seek_t *a = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &af->error);
		int64_t to = a ? seek_to(a, af->out_pos, af->out_end) : -1;
		if (to < 0)
			return archive_fail(af, ZIP_ER_INVAL, 0);
		af->out_pos = (uint64_t)to;
		return 0;
	}
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)af->out_pos;
	case ZIP_SOURCE_COMMIT_WRITE:
		return 0; /* synced and renamed by the caller, after the times are set */
	case ZIP_SOURCE_ROLLBACK_WRITE:
		(void)!ftruncate(af->out_fd, 0);
		return 0;
	case ZIP_SOURCE_REMOVE:
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&af->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0; /* af belongs to the caller */
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
			ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS,
			ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
			ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
	default:
		return archive_fail(af, ZIP_ER_OPNOTSUPP, 0);
	}
}

/*
 * patch_dos_times() for an archive in the file fd of size len: the central
 * directory is read, patched and written back, and each local header's
 * date and time written in place (4 bytes each). Returns 0, CLERK_EINVALID
 * (zip64), CLERK_EIO (message names path) or CLERK_ERROR.
 */
static int patch_dos_times_fd(int fd, uint64_t len, size_t nentries, uint16_t dosdate, const char *path)
{
	unsigned char eocd[22], lh[4];
	if (len < 22 || fsutil_pread_all(fd, eocd, 22, len - 22))
		return clerk_error_set_errno(CLERK_EIO, "cannot read back '%s'", path);
	if (get32(eocd) != 0x06054b50 || get16(eocd + 20) != 0)
		return clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
	if (get16(eocd + 10) == 0xFFFF || get32(eocd + 16) == 0xFFFFFFFF || get32(eocd + 12) == 0xFFFFFFFF)
		return clerk_error_set(CLERK_EINVALID, "cannot build the pack: it would be 4 GiB or more (zip64)");
	if (len >= 42) {
		unsigned char loc[4];
		if (fsutil_pread_all(fd, loc, 4, len - 42))
			return clerk_error_set_errno(CLERK_EIO, "cannot read back '%s'", path);
		if (get32(loc) == 0x07064b50)
			return clerk_error_set(CLERK_EINVALID,
					       "cannot build the pack: it would be 4 GiB or more (zip64)");
	}
	size_t n = get16(eocd + 10), off = get32(eocd + 16), size = get32(eocd + 12);
	if (n != nentries || (uint64_t)off + size > len - 22)
		return clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
	unsigned char *cd = xmalloc(size ? size : 1);
	int error = 0;
	if (fsutil_pread_all(fd, cd, size, off)) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot read back '%s'", path);
		goto out;
	}
	for (size_t i = 0, at = 0; i < n; i++) {
		if (at + 46 > size || get32(cd + at) != 0x02014b50) {
			error = clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
			goto out;
		}
		unsigned char *c = cd + at;
		uint64_t lho = get32(c + 42);
		if (lho == 0xFFFFFFFF) {
			error = clerk_error_set(CLERK_EINVALID,
						"cannot build the pack: it would be 4 GiB or more (zip64)");
			goto out;
		}
		if (lho + 30 > off || fsutil_pread_all(fd, lh, 4, lho) || get32(lh) != 0x04034b50) {
			error = clerk_error_set(CLERK_ERROR, "cannot build the pack: unexpected zip layout");
			goto out;
		}
		put16(c + 12, 0);
		put16(c + 14, dosdate);
		put16(lh, 0);
		put16(lh + 2, dosdate);
		if (fsutil_pwrite_all(fd, lh, 4, lho + 10)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", path);
			goto out;
		}
		at += 46 + (size_t)get16(c + 28) + get16(c + 30) + get16(c + 32);
	}
	if (fsutil_pwrite_all(fd, cd, size, off))
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", path);
out:
	free(cd);
	return error;
}

/* A temporary file beside path, ".NAME.tmp.PID", created empty with mode 0600. */
static int create_temporary(int *fd, struct strbuf *tmp, const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	struct stat st;
	const char *base = strrchr(path, '/');
	int error = 0;
	*fd = -1;
	fsutil_dirname(&dir, path);
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		error = clerk_error_set(CLERK_EIO, "refusing to replace '%s': not a regular file", path);
		goto out;
	}
	strbuf_addf(tmp, "%s/.%s.tmp.%ld", dir.buf, base ? base + 1 : path, (long)getpid());
	unlink(tmp->buf); /* a leftover of a killed process with our pid */
	*fd = open(tmp->buf, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (*fd < 0)
		error = clerk_error_set_errno(CLERK_EIO, "cannot create '%s'", tmp->buf);
	else if (fchmod(*fd, 0600))
		error = clerk_error_set_errno(CLERK_EIO, "cannot set the mode of '%s'", tmp->buf);
out:
	strbuf_release(&dir);
	return error;
}

/*
 * Completes the archive written to tmp (open as fd, len bytes, nentries
 * members): the members' times, fsync, the crash point TAG:before-rename,
 * rename onto path, TAG:after-rename, fsync of the folder. Closes fd.
 */
static int finish_file(int fd, const char *tmp, const char *path, uint64_t len, size_t nentries,
		       uint16_t dosdate, const char *tag)
{
	struct strbuf point = STRBUF_INIT, dir = STRBUF_INIT;
	int error = patch_dos_times_fd(fd, len, nentries, dosdate, tmp);
	if (!error && fsync(fd))
		error = clerk_error_set_errno(CLERK_EIO, "cannot sync '%s'", tmp);
	if (close(fd) && !error)
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", tmp);
	if (!error) {
		strbuf_addf(&point, "%s:before-rename", tag);
		fault_point(point.buf);
		if (rename(tmp, path))
			error = clerk_error_set_errno(CLERK_EIO, "cannot rename '%s' to '%s'", tmp, path);
	}
	if (!error) {
		strbuf_reset(&point);
		strbuf_addf(&point, "%s:after-rename", tag);
		fault_point(point.buf);
		fsutil_dirname(&dir, path);
		error = fsutil_fsync_dir(dir.buf);
	}
	strbuf_release(&point);
	strbuf_release(&dir);
	return error;
}

/* The error of a failed zip_close() on an archive_file: a write's errno names the file. */
static int archive_close_error(const struct archive_file *af, zip_t *za, const char *what)
{
	if (af->sys_errno) {
		errno = af->sys_errno;
		return clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", af->out_path);
	}
	return zip_fail(what, zip_get_error(za));
}

int pack_builder_write(char manifest_sha256[static SHA256_HEX_LEN + 1],
		       const struct pack_builder *b, const char *path)
{
	struct strbuf manifest = STRBUF_INIT, tmp = STRBUF_INIT;
	struct builder_member **sorted = xmalloc(st_mult(b->members.n + 1, sizeof(*sorted)));
	struct archive_file af = { .in_fd = -1, .out_fd = -1 };
	struct file_source *fs = NULL;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	size_t nfs = 0;
	bool renamed = false;

	zip_error_init(&ze);
	zip_error_init(&af.error);
	for (size_t i = 0; i < b->members.n; i++)
		sorted[i] = &b->members.v[i];
	qsort(sorted, b->members.n, sizeof(*sorted), cmp_member_ptr);
	manifest_text(&manifest, b, sorted);
	int error = create_temporary(&af.out_fd, &tmp, path);
	if (error)
		goto cleanup;
	af.out_path = tmp.buf;
	if (!(src = zip_source_function_create(archive_file_cb, &af, &ze)) ||
	    !(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		error = zip_fail("creating the archive", &ze);
		goto cleanup;
	}
	zip_source_keep(src); /* zip_close() / zip_discard() release one reference */
	fs = xcalloc(b->members.n + 1, sizeof(*fs));
	if ((error = fill_archive(za, b, sorted, &manifest, fs, &nfs)))
		goto cleanup;
	/* libzip deflates and writes each member in turn, reading file members as it goes */
	if (zip_close(za)) {
		if (!(error = file_source_error(fs, nfs)))
			error = archive_close_error(&af, za, "writing the archive");
		goto cleanup;
	}
	za = NULL;
	error = finish_file(af.out_fd, tmp.buf, path, af.out_end, b->members.n + 1, b->dosdate, "pack");
	af.out_fd = -1;
	renamed = !error;
	if (!error)
		sha256_hex(manifest.buf, manifest.len, manifest_sha256);
cleanup:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	if (af.out_fd >= 0)
		close(af.out_fd);
	if (!renamed && tmp.len)
		unlink(tmp.buf);
	zip_error_fini(&ze);
	zip_error_fini(&af.error);
	file_sources_free(fs, nfs);
	free(sorted);
	strbuf_release(&manifest);
	strbuf_release(&tmp);
	return error;
}

int pack_add_signature(const char *path, const void *data, size_t len)
{
	struct pack *p = NULL;
	const struct pack_manifest *m = NULL;
	struct strbuf tmp = STRBUF_INIT;
	struct archive_file af = { .in_fd = -1, .out_fd = -1 };
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	struct stat st;
	uint16_t dosdate = 0;
	size_t nmembers = 0;
	bool renamed = false;

	zip_error_init(&ze);
	zip_error_init(&af.error);
	int error = pack_open(&p, path);
	if (!error)
		error = pack_manifest(&m, p);
	for (size_t i = 0; !error && i < pack_member_count(p); i++)
		if (!strcmp(pack_member_name(p, i), PACK_SIGNATURE_NAME))
			error = clerk_error_set(CLERK_EEXISTS, "the pack '%s' already holds %s", path,
						PACK_SIGNATURE_NAME);
	if (!error) {
		dosdate = dos_date(m->date);
		nmembers = pack_member_count(p);
	}
	pack_free(p);
	if (error)
		goto cleanup;
	/* the pack is read from its file as libzip copies its members' compressed bytes */
	if ((error = fsutil_open_regular(&af.in_fd, &st, path, FSUTIL_NOFOLLOW)) ||
	    (error = create_temporary(&af.out_fd, &tmp, path)))
		goto cleanup;
	af.in_size = (uint64_t)st.st_size;
	af.out_path = tmp.buf;
	if (!(src = zip_source_function_create(archive_file_cb, &af, &ze)) ||
	    !(za = zip_open_from_source(src, ZIP_CHECKCONS, &ze))) {
		error = zip_fail("reopening the pack", &ze);
		goto cleanup;
	}
	zip_source_keep(src);
	if ((error = add_to_zip(za, PACK_SIGNATURE_NAME, data, len, dosdate, NULL)))
		goto cleanup;
	if (zip_close(za)) {
		error = archive_close_error(&af, za, "writing the archive");
		goto cleanup;
	}
	za = NULL;
	error = finish_file(af.out_fd, tmp.buf, path, af.out_end, nmembers + 1, dosdate, "pack-sign");
	af.out_fd = -1;
	renamed = !error;
cleanup:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	if (af.in_fd >= 0)
		close(af.in_fd);
	if (af.out_fd >= 0)
		close(af.out_fd);
	if (!renamed && tmp.len)
		unlink(tmp.buf);
	zip_error_fini(&ze);
	zip_error_fini(&af.error);
	strbuf_release(&tmp);
	return error;
}

/* ------------------------------------------------------------------ */
/* reading */

struct member_rec {
	char *name;       /* raw bytes of the name in the archive */
	uint64_t size;    /* uncompressed size the archive claims */
	zip_uint64_t index;
};

struct pack {
	char *path;
	char *data; /* the archive bytes (pack_open_buffer()); NULL when read from a file */
	size_t len;
	zip_t *za;
	struct member_rec *members; /* archive order */
	size_t nmembers;
	struct member_rec **by_name; /* sorted by name, then archive order */

	bool manifest_done;
	int manifest_error;
	char *manifest_message;
	char *manifest_text; /* the MANIFEST bytes, cut into strings by the parser */
	struct pack_header *headers;
	struct pack_entry *entries;
	struct pack_manifest manifest;
};

static int cmp_rec_ptr(const void *a, const void *b)
{
	const struct member_rec *x = *(const struct member_rec *const *)a;
	const struct member_rec *y = *(const struct member_rec *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index < y->index ? -1 : x->index > y->index);
}

/* The first member (in archive order) called name, or NULL. */
static struct member_rec *find_member(const struct pack *p, const char *name)
{
	size_t lo = 0, hi = p->nmembers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(p->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nmembers && !strcmp(p->by_name[lo]->name, name) ? p->by_name[lo] : NULL;
}

/*
 * Opens the archive behind src (taking it, also on failure) as p, named
 * name; data (taken, may be NULL) is the memory src reads from. When it is
 * not a zip archive libzip can read, returns CLERK_EPARSE with the message
 * "'name' is not ..." and, when why is not NULL, the reason alone ("not a
 * zip archive") in why.
 */
static int open_source(struct pack **out, zip_source_t *src, char *data, size_t len,
		       const char *name, struct strbuf *why)
{
	struct pack *p = xcalloc(1, sizeof(*p));
	struct strbuf reason = STRBUF_INIT;
	zip_error_t ze;
	int error = 0;

	*out = NULL;
	p->path = xstrdup(name);
	p->data = data;
	p->len = len;
	zip_error_init(&ze);
	if (!len) {
		zip_source_free(src);
		strbuf_addstr(&reason, "not a zip archive (the file is empty)");
		goto bad;
	}
	p->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!p->za) {
		zip_source_free(src);
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP)
			strbuf_addstr(&reason, "not a zip archive");
		else if (zip_error_code_zip(&ze) == ZIP_ER_EXISTS)
			strbuf_addstr(&reason, "not a readable zip archive (two members have the "
					       "same name)");
		else
			strbuf_addf(&reason, "not a readable zip archive (%s)", zip_error_strerror(&ze));
		goto bad;
	}
	zip_int64_t n = zip_get_num_entries(p->za, 0);
	if (n < 0)
		n = 0;
	p->members = xcalloc((size_t)n + 1, sizeof(*p->members));
	p->by_name = xcalloc((size_t)n + 1, sizeof(*p->by_name));
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(p->za, i, ZIP_FL_ENC_RAW, &st) || !(st.valid & ZIP_STAT_NAME)) {
			strbuf_addf(&reason, "not a readable zip archive (%s)", zip_strerror(p->za));
			goto bad;
		}
		struct member_rec *m = &p->members[p->nmembers++];
		m->name = xstrdup(st.name);
		m->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
		m->index = i;
		p->by_name[i] = m;
	}
	qsort(p->by_name, p->nmembers, sizeof(*p->by_name), cmp_rec_ptr);
	*out = p;
	p = NULL;
	goto cleanup;

bad:
	error = clerk_error_set(CLERK_EPARSE, "'%s' is %s", name, reason.buf);
	if (why)
		strbuf_add(why, reason.buf, reason.len);
cleanup:
	zip_error_fini(&ze);
	strbuf_release(&reason);
	pack_free(p);
	return error;
}

/*
 * Opens the pack file at path for reading from the file itself (never
 * loaded whole: a pack of any size is read in bounded memory), without
 * blocking and only when it is a regular file (fsutil_open_regular()):
 * anything else is CLERK_EIO, like a file that cannot be read.
 */
static int open_file(struct pack **out, const char *path, struct strbuf *why)
{
	struct stat st;
	zip_error_t ze;
	zip_source_t *src;
	FILE *fp;
	int fd, error;
	*out = NULL;
	if ((error = fsutil_open_regular(&fd, &st, path, 0))) {
		if (error == CLERK_EINVALID) { /* not a regular file: it cannot be read as a pack */
			char *msg = xstrdup(clerk_error_last()->message);
			error = clerk_error_set(CLERK_EIO, "%s", msg);
			free(msg);
		}
		return error;
	}
	if (!(fp = fdopen(fd, "rb"))) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
		close(fd);
		return error;
	}
	zip_error_init(&ze);
	src = zip_source_filep_create(fp, 0, (zip_int64_t)st.st_size, &ze);
	if (!src) {
		error = clerk_error_set(CLERK_ERROR, "cannot read '%s': %s", path, zip_error_strerror(&ze));
		fclose(fp);
		zip_error_fini(&ze);
		return error;
	}
	zip_error_fini(&ze);
	return open_source(out, src, NULL, (size_t)st.st_size, path, why);
}

int pack_open(struct pack **out, const char *path)
{
	return open_file(out, path, NULL);
}

int pack_open_buffer(struct pack **out, const void *data, size_t len, const char *name)
{
	char *copy = xmalloc(len ? len : 1);
	zip_error_t ze;
	if (len)
		memcpy(copy, data, len);
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(copy, len, 0, &ze);
	if (!src) {
		int error = clerk_error_set(CLERK_ERROR, "cannot read '%s': %s", name,
					    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		free(copy);
		*out = NULL;
		return error;
	}
	zip_error_fini(&ze);
	return open_source(out, src, copy, len, name, NULL);
}

void pack_free(struct pack *p)
{
	if (!p)
		return;
	if (p->za)
		zip_discard(p->za); /* frees the source, not the data */
	for (size_t i = 0; i < p->nmembers; i++)
		free(p->members[i].name);
	free(p->members);
	free(p->by_name);
	free(p->manifest_message);
	free(p->manifest_text);
	free(p->headers);
	free(p->entries);
	free(p->data);
	free(p->path);
	free(p);
}

const char *pack_path(const struct pack *p)
{
	return p->path;
}

size_t pack_member_count(const struct pack *p)
{
	return p->nmembers;
}

const char *pack_member_name(const struct pack *p, size_t i)
{
	return p->members[i].name;
}

uint64_t pack_member_size(const struct pack *p, size_t i)
{
	return p->members[i].size;
}

/*
 * Reads member m through a small buffer, appending to sb and adding to h
 * (either may be NULL), at most limit bytes: it asks the archive for no
 * more than limit + 1 bytes in all, and when that last byte comes (the
 * member has more), stops and sets *over. *total gets the bytes taken (at
 * most limit). Returns 0, or CLERK_EINVALID with the message "data is
 * damaged (<libzip's reason>)" when libzip cannot deliver the data (a CRC
 * mismatch, bad compressed data, an unsupported method or encryption).
 */
static int stream_member(struct pack *p, const struct member_rec *m, uint64_t limit,
			 struct strbuf *sb, struct sha256 *h, uint64_t *total, bool *over)
{
	char *buf = NULL;
	int error = 0;
	*total = 0;
	*over = false;
	zip_file_t *zf = zip_fopen_index(p->za, m->index, 0);
	if (!zf)
		return clerk_error_set(CLERK_EINVALID, "data is damaged (%s)", zip_strerror(p->za));
	buf = xmalloc(READ_CHUNK);
	for (;;) {
		uint64_t room = limit - *total; /* bytes still allowed; one more says "over" */
		zip_uint64_t want = room < READ_CHUNK ? room + 1 : READ_CHUNK;
		zip_int64_t n = zip_fread(zf, buf, want);
		if (n < 0) {
			error = clerk_error_set(CLERK_EINVALID, "data is damaged (%s)",
						zip_file_strerror(zf));
			break;
		}
		if (n == 0)
			break;
		if ((uint64_t)n > room) {
			*over = true;
			break;
		}
		*total += (uint64_t)n;
		if (sb)
			strbuf_add(sb, buf, (size_t)n);
		if (h)
			sha256_update(h, buf, (size_t)n);
	}
	zip_fclose(zf);
	free(buf);
	return error;
}

int pack_member_read(struct strbuf *out, struct pack *p, const char *name, size_t max)
{
	const struct member_rec *m = find_member(p, name);
	if (!m)
		return clerk_error_set(CLERK_ENOTFOUND, "'%s' has no member '%s'", p->path, name);
	if (m->size > max)
		return clerk_error_set(CLERK_EINVALID, "'%s': member '%s' is bigger than %zu bytes",
				       p->path, name, max);
	size_t old = out->len;
	uint64_t total;
	bool over;
	int error = stream_member(p, m, max, out, NULL, &total, &over);
	if (!error && over)
		error = clerk_error_set(CLERK_EINVALID, "'%s': member '%s' is bigger than %zu bytes",
					p->path, name, max);
	else if (error)
		error = clerk_error_set(CLERK_EINVALID, "'%s': member '%s': %s", p->path, name,
					clerk_error_last()->message);
	if (error)
		strbuf_setlen(out, old);
	return error;
}

int pack_member_compare(bool *same, uint64_t *size, struct pack *p, const char *name,
			const void *data, size_t len)
{
	const struct member_rec *m = find_member(p, name);
	const unsigned char *want = data;
	char *buf = NULL;
	uint64_t total = 0;
	int error = 0;
	*same = false;
	if (size)
		*size = 0;
	if (!m)
		return clerk_error_set(CLERK_ENOTFOUND, "'%s' has no member '%s'", p->path, name);
	if (size)
		*size = m->size;
	if (m->size != len)
		return 0; /* differs: the archive says so, no need to read it */
	zip_file_t *zf = zip_fopen_index(p->za, m->index, 0);
	if (!zf)
		return clerk_error_set(CLERK_EINVALID, "'%s': member '%s': data is damaged (%s)",
				       p->path, name, zip_strerror(p->za));
	buf = xmalloc(READ_CHUNK);
	bool equal = true;
	for (;;) {
		/* no more than len + 1 bytes: one more than data has is enough to differ */
		uint64_t room = (uint64_t)len - total;
		zip_uint64_t ask = room < READ_CHUNK ? room + 1 : READ_CHUNK;
		zip_int64_t n = zip_fread(zf, buf, ask);
		if (n < 0) {
			error = clerk_error_set(CLERK_EINVALID, "'%s': member '%s': data is damaged (%s)",
						p->path, name, zip_file_strerror(zf));
			break;
		}
		if (n == 0)
			break;
		if ((uint64_t)n > room || memcmp(buf, want + total, (size_t)n)) {
			equal = false;
			break;
		}
		total += (uint64_t)n;
	}
	zip_fclose(zf);
	free(buf);
	if (!error)
		*same = equal && total == len;
	return error;
}

/* ------------------------------------------------------------------ */
/* the manifest */

/*
 * Parses the MANIFEST text t[0..len) (NUL-terminated, modified in place:
 * line ends become NULs) into p. Returns 0 or CLERK_EPARSE with a message
 * "line N: ...".
 */
static int parse_manifest(struct pack *p, char *t, size_t len)
{
	struct pack_manifest *m = &p->manifest;
	size_t nheaders = 0, nentries = 0, lineno = 0, halloc = 1, ealloc = 1;
	char *s = t, *end = t + len;
	const char *prev_key = NULL, *prev_name = NULL;
	bool in_entries = false;

	if (!len)
		return clerk_error_set(CLERK_EPARSE, "MANIFEST is empty");
	if (end[-1] != '\n')
		return clerk_error_set(CLERK_EPARSE, "MANIFEST does not end with a newline");
	/* grown as lines are accepted: sized by the line count, a MANIFEST of newlines (64 MiB
	   from a few hundred compressed bytes) would allocate gigabytes before line 1 fails */
	p->headers = xcalloc(halloc, sizeof(*p->headers));
	p->entries = xcalloc(ealloc, sizeof(*p->entries));
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)(nl - s);
		*nl = '\0';
		lineno++;
		const char *why = memchr(s, '\0', n) ? "contains a control character" : text_problem(s, n);
		if (why)
			return clerk_error_set(CLERK_EPARSE, "MANIFEST line %zu %s", lineno, why);
		if (lineno == 1) {
			if (strncmp(s, "clerk-pack: ", 12))
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line 1: expected 'clerk-pack: %d'",
						       PACK_FORMAT_VERSION);
			if (strcmp(s + 12, "1"))
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line 1: unsupported pack version '%s'",
						       s + 12);
			m->version = PACK_FORMAT_VERSION;
		} else if (lineno == 2) {
			if (strncmp(s, "date: ", 6) || (m->date = date_parse_iso(s + 6)) == DATE_NONE)
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line 2: expected 'date: YYYY-MM-DD'");
		} else if (lineno == 3) {
			if (!strncmp(s, "previous: ", 10) && !strcmp(s + 10, "none")) {
				m->has_previous = false;
			} else if (!strncmp(s, "previous: ", 10) && sha256_is_hex(s + 10, n - 10)) {
				m->has_previous = true;
				memcpy(m->previous, s + 10, SHA256_HEX_LEN + 1);
			} else {
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line 3: expected 'previous: none' or "
						       "'previous: <64 lowercase hex digits>'");
			}
		} else if (!in_entries) {
			if (!n) {
				in_entries = true;
			} else {
				char *colon = strstr(s, ": ");
				if (!colon)
					return clerk_error_set(CLERK_EPARSE,
							       "MANIFEST line %zu: expected 'key: value' "
							       "or an empty line",
							       lineno);
				*colon = '\0';
				const char *v = colon + 2;
				why = key_problem(s, (size_t)(colon - s));
				if (!why)
					why = value_problem(v, strlen(v));
				if (why)
					return clerk_error_set(CLERK_EPARSE,
							       "MANIFEST line %zu: header '%s' %s",
							       lineno, s, why);
				if (prev_key && strcmp(prev_key, s) >= 0)
					return clerk_error_set(CLERK_EPARSE,
							       "MANIFEST line %zu: header '%s' repeated "
							       "or out of order",
							       lineno, s);
				if (nheaders == halloc)
					vec_reserve_((void **)&p->headers, &halloc, nheaders + 1,
						     sizeof(*p->headers));
				p->headers[nheaders].key = s;
				p->headers[nheaders++].value = v;
				prev_key = s;
			}
		} else {
			if (nentries == ealloc)
				vec_reserve_((void **)&p->entries, &ealloc, nentries + 1,
					     sizeof(*p->entries));
			struct pack_entry *e = &p->entries[nentries];
			const char *q = s + SHA256_HEX_LEN + 2;
			uint64_t size = 0;
			if (n < SHA256_HEX_LEN + 2 || !sha256_is_hex(s, SHA256_HEX_LEN) ||
			    s[SHA256_HEX_LEN] != ' ' || s[SHA256_HEX_LEN + 1] != ' ')
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line %zu: expected '<sha256>  <size>  "
						       "<name>'",
						       lineno);
			const char *digits = q;
			while (*q >= '0' && *q <= '9') {
				if (__builtin_mul_overflow(size, 10, &size) ||
				    __builtin_add_overflow(size, (uint64_t)(*q - '0'), &size))
					break;
				q++;
			}
			if (q == digits || (*digits == '0' && q - digits > 1) ||
			    strncmp(q, "  ", 2))
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line %zu: bad size (expected '<sha256>  "
						       "<size>  <name>')",
						       lineno);
			const char *name = q + 2;
			why = pack_name_problem(name, strlen(name));
			if (!why && !strcmp(name, PACK_MANIFEST_NAME))
				why = "is reserved";
			if (why)
				return clerk_error_set(CLERK_EPARSE, "MANIFEST line %zu: name '%s' %s",
						       lineno, name, why);
			if (prev_name && strcmp(prev_name, name) >= 0)
				return clerk_error_set(CLERK_EPARSE,
						       "MANIFEST line %zu: '%s' repeated or out of order",
						       lineno, name);
			memcpy(e->sha256, s, SHA256_HEX_LEN);
			e->sha256[SHA256_HEX_LEN] = '\0';
			e->size = size;
			e->name = name;
			prev_name = name;
			nentries++;
		}
		s = nl + 1;
	}
	if (lineno < 3)
		return clerk_error_set(CLERK_EPARSE, "MANIFEST line %zu: missing %s", lineno + 1,
				       lineno == 1 ? "'date:'" : "'previous:'");
	if (!in_entries)
		return clerk_error_set(CLERK_EPARSE,
				       "MANIFEST has no empty line between the header and the list");
	m->headers = p->headers;
	m->nheaders = nheaders;
	m->entries = p->entries;
	m->nentries = nentries;
	return 0;
}

static int load_manifest(struct pack *p)
{
	const struct member_rec *r = find_member(p, PACK_MANIFEST_NAME);
	struct strbuf sb = STRBUF_INIT;
	uint64_t total;
	bool over;
	int error;
	if (!r)
		return clerk_error_set(CLERK_ENOTFOUND, "no MANIFEST");
	if (r->size > PACK_MAX_MANIFEST_SIZE)
		return clerk_error_set(CLERK_EPARSE, "MANIFEST is too big (%" PRIu64 " bytes)",
				       r->size);
	error = stream_member(p, r, PACK_MAX_MANIFEST_SIZE, &sb, NULL, &total, &over);
	if (!error && over)
		error = clerk_error_set(CLERK_EPARSE, "MANIFEST is too big");
	if (error) {
		strbuf_release(&sb);
		if (error == CLERK_EINVALID)
			error = clerk_error_set(CLERK_EINVALID, "MANIFEST %s",
						clerk_error_last()->message);
		return error;
	}
	sha256_hex(sb.buf, sb.len, p->manifest.sha256);
	size_t len;
	p->manifest_text = strbuf_detach(&sb, &len);
	return parse_manifest(p, p->manifest_text, len);
}

int pack_manifest(const struct pack_manifest **out, struct pack *p)
{
	*out = NULL;
	if (!p->manifest_done) {
		p->manifest_done = true;
		p->manifest_error = load_manifest(p);
		if (p->manifest_error)
			p->manifest_message = xstrdup(clerk_error_last()->message);
	}
	if (p->manifest_error)
		return clerk_error_set(p->manifest_error, "%s", p->manifest_message);
	*out = &p->manifest;
	return 0;
}

/* ------------------------------------------------------------------ */
/* verification */

void pack_verification_release(struct pack_verification *v)
{
	for (size_t i = 0; i < v->findings.n; i++) {
		free(v->findings.v[i].member);
		free(v->findings.v[i].message);
	}
	VEC_FREE(&v->findings);
	v->members = 0;
	v->manifest_sha256[0] = '\0';
}

void pack_finding_add(struct pack_verification *v, enum pack_finding_kind kind, const char *member,
		      const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	struct pack_finding f = { kind, member ? escaped(member) : NULL, strbuf_detach(&sb, NULL) };
	VEC_PUSH(&v->findings, f);
}

/* Compares member r with manifest entry e. */
static void check_member(struct pack_verification *v, struct pack *p, const struct member_rec *r,
			 const struct pack_entry *e)
{
	struct sha256 *h = sha256_new();
	char hex[SHA256_HEX_LEN + 1];
	uint64_t total;
	bool over;
	if (stream_member(p, r, e->size, NULL, h, &total, &over))
		pack_finding_add(v, PACK_FINDING_ALTERED, e->name, "altered: %s", clerk_error_last()->message);
	else if (over)
		pack_finding_add(v, PACK_FINDING_ALTERED, e->name,
			"altered: more than %" PRIu64 " bytes, MANIFEST lists %" PRIu64, e->size,
			e->size);
	else if (total != e->size)
		pack_finding_add(v, PACK_FINDING_ALTERED, e->name,
			"altered: %" PRIu64 " bytes, MANIFEST lists %" PRIu64, total, e->size);
	else {
		sha256_final_hex(h, hex);
		if (strcmp(hex, e->sha256))
			pack_finding_add(v, PACK_FINDING_ALTERED, e->name,
				"altered: sha256 %s, MANIFEST lists %s", hex, e->sha256);
	}
	sha256_free(h);
}

static void check_chain(struct pack_verification *v, const struct pack_manifest *m,
			struct pack *previous)
{
	const struct pack_manifest *pm;
	const char *pp = pack_path(previous);
	int rc = pack_manifest(&pm, previous);
	if (rc == CLERK_ENOTFOUND) {
		pack_finding_add(v, PACK_FINDING_BAD_PREVIOUS, NULL, "previous pack '%s' has no MANIFEST", pp);
		return;
	}
	if (rc) {
		pack_finding_add(v, PACK_FINDING_BAD_PREVIOUS, NULL, "previous pack '%s': %s", pp,
			clerk_error_last()->message);
		return;
	}
	if (!m->has_previous)
		pack_finding_add(v, PACK_FINDING_CHAIN, NULL,
			"chain broken: 'previous: none', but a previous pack '%s' was given", pp);
	else if (strcmp(m->previous, pm->sha256))
		pack_finding_add(v, PACK_FINDING_CHAIN, NULL,
			"chain broken: 'previous: %s', but the MANIFEST of '%s' has sha256 %s",
			m->previous, pp, pm->sha256);
	if (pm->date > m->date) {
		char a[11], b[11];
		date_format(pm->date, a);
		date_format(m->date, b);
		pack_finding_add(v, PACK_FINDING_CHAIN_DATE, NULL,
			"previous pack '%s' is dated %s, after this pack's date %s", pp, a, b);
	}
}

int pack_verify(struct pack_verification *out, struct pack *p, struct pack *previous)
{
	const struct pack_manifest *m;

	/* names: allowed, and each once */
	for (size_t i = 0; i < p->nmembers; i++) {
		const char *name = p->by_name[i]->name;
		if (i && !strcmp(p->by_name[i - 1]->name, name))
			continue;
		size_t k = 1;
		while (i + k < p->nmembers && !strcmp(p->by_name[i + k]->name, name))
			k++;
		const char *why = pack_name_problem(name, strlen(name));
		if (why)
			pack_finding_add(out, PACK_FINDING_BAD_NAME, name, "name not allowed: %s", why);
		if (k > 1)
			pack_finding_add(out, PACK_FINDING_BAD_NAME, name, "stored %zu times", k);
	}

	int rc = pack_manifest(&m, p);
	if (rc == CLERK_ENOTFOUND) {
		pack_finding_add(out, PACK_FINDING_NO_MANIFEST, NULL, "no MANIFEST member");
		return 0;
	}
	if (rc) {
		pack_finding_add(out, PACK_FINDING_BAD_MANIFEST, PACK_MANIFEST_NAME, "%s",
			clerk_error_last()->message);
		return 0;
	}
	out->members = m->nentries;
	memcpy(out->manifest_sha256, m->sha256, sizeof(out->manifest_sha256));

	/* merge the sorted manifest entries with the sorted archive members */
	size_t i = 0, j = 0;
	while (i < m->nentries || j < p->nmembers) {
		const struct member_rec *r = j < p->nmembers ? p->by_name[j] : NULL;
		if (r && (!strcmp(r->name, PACK_MANIFEST_NAME) || !strcmp(r->name, PACK_SIGNATURE_NAME) ||
			  (j && !strcmp(p->by_name[j - 1]->name, r->name)))) {
			j++; /* the manifest itself, its signature, or a duplicate (reported above) */
			continue;
		}
		int c = !r ? -1 : i == m->nentries ? 1 : strcmp(m->entries[i].name, r->name);
		if (c < 0) {
			pack_finding_add(out, PACK_FINDING_MISSING, m->entries[i].name,
				"missing: listed in MANIFEST but not in the archive");
			i++;
		} else if (c > 0) {
			pack_finding_add(out, PACK_FINDING_UNLISTED, r->name,
				"unlisted: in the archive but not in MANIFEST");
			j++;
		} else {
			check_member(out, p, r, &m->entries[i]);
			i++;
			j++;
		}
	}

	if (previous)
		check_chain(out, m, previous);
	return 0;
}

int pack_verify_file(struct pack_verification *out, const char *path, const char *previous_path)
{
	struct pack *p = NULL, *prev = NULL;
	struct strbuf why = STRBUF_INIT;
	int error = open_file(&p, path, &why);
	if (error == CLERK_EPARSE) {
		pack_finding_add(out, PACK_FINDING_NOT_ZIP, NULL, "%s", why.buf);
		error = 0;
	}
	if (error)
		goto cleanup;
	if (previous_path) {
		strbuf_reset(&why);
		error = open_file(&prev, previous_path, &why);
		if (error == CLERK_EPARSE) {
			if (p)
				pack_finding_add(out, PACK_FINDING_BAD_PREVIOUS, NULL,
					"previous pack '%s' is %s", previous_path, why.buf);
			error = 0;
		}
		if (error)
			goto cleanup;
	}
	if (p)
		error = pack_verify(out, p, prev);
cleanup:
	strbuf_release(&why);
	pack_free(prev);
	pack_free(p);
	return error;
}

/*
 * test_pack.c - audit packs: deterministic bytes (member order, header
 * order, time zone), the MANIFEST, reading back, the chain, and every kind
 * of damage verify must report: members rewritten with libzip, raw bytes
 * flipped in the compressed data, members removed or added, a tampered or
 * malformed MANIFEST, files that are not zip archives; refused names.
 */
#include "helpers.h"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <zip.h>

#include "date.h"
#include "fsutil.h"
#include "pack.h"
#include "sha256.h"

static clerk_date D(const char *s)
{
	clerk_date d = date_parse_iso(s);
	cr_assert_neq(d, DATE_NONE, "bad test date %s", s);
	return d;
}

#define assert_ok(expr)                                                                    \
	do {                                                                               \
		int assert_ok_rc_ = (expr);                                                \
		cr_assert_eq(assert_ok_rc_, 0, "%s: %d: %s", #expr, assert_ok_rc_,         \
			     clerk_error_last()->message);                                 \
	} while (0)

struct built {
	char *data;
	size_t len;
	char hex[SHA256_HEX_LEN + 1];
};

static void built_free(struct built *b)
{
	free(b->data);
	b->data = NULL;
}

static void build(struct built *out, const struct pack_builder *b)
{
	assert_ok(pack_builder_build(&out->data, &out->len, out->hex, b));
}

static void add_str(struct pack_builder *b, const char *name, const char *text)
{
	assert_ok(pack_builder_add(b, name, text, strlen(text)));
}

/* A small pack: three members, one header, dated date, chained to prev (or none). */
static struct pack_builder *sample(const char *date, const char *prev)
{
	struct pack_builder *b;
	assert_ok(pack_builder_new(&b, D(date)));
	assert_ok(pack_builder_set_previous(b, prev));
	assert_ok(pack_builder_add_header(b, "clerk-version", "0.1"));
	add_str(b, "reports/balance.txt", "Assets:Bank  100.00 EUR\n");
	add_str(b, "books.journal", "2026-01-01 opening\n    a  1 EUR\n    b\n");
	add_str(b, "reports/open.csv", "party,invoice\nAcme,INV-1\n");
	return b;
}

static void build_sample(struct built *out, const char *date, const char *prev)
{
	struct pack_builder *b = sample(date, prev);
	build(out, b);
	pack_builder_free(b);
}

static struct pack *open_buf(const struct built *b, const char *name)
{
	struct pack *p;
	assert_ok(pack_open_buffer(&p, b->data, b->len, name));
	return p;
}

/* Verifies data (and optionally prev) in memory. */
static void verify(struct pack_verification *v, const char *data, size_t len,
		   const struct built *prev)
{
	struct pack *p, *pp = NULL;
	assert_ok(pack_open_buffer(&p, data, len, "pack.zip"));
	if (prev)
		assert_ok(pack_open_buffer(&pp, prev->data, prev->len, "prev.zip"));
	assert_ok(pack_verify(v, p, pp));
	pack_free(pp);
	pack_free(p);
}

static char *findings_str(const struct pack_verification *v)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < v->findings.n; i++)
		strbuf_addf(&sb, "[%d] %s: %s\n", (int)v->findings.v[i].kind,
			    v->findings.v[i].member ? v->findings.v[i].member : "-",
			    v->findings.v[i].message);
	return strbuf_detach(&sb, NULL);
}

#define assert_no_findings(v)                                                              \
	do {                                                                               \
		char *assert_nf_s_ = findings_str(v);                                      \
		bool assert_nf_ok_ = (v)->findings.n == 0;                                 \
		if (!assert_nf_ok_)                                                        \
			cr_log_error("findings:\n%s", assert_nf_s_);                       \
		free(assert_nf_s_);                                                        \
		cr_assert(assert_nf_ok_, "expected no findings");                          \
	} while (0)

/* Asserts a finding of kind about member (NULL: the pack) whose message contains needle. */
static void assert_finding(const struct pack_verification *v, enum pack_finding_kind kind,
			   const char *member, const char *needle)
{
	for (size_t i = 0; i < v->findings.n; i++) {
		const struct pack_finding *f = &v->findings.v[i];
		if (f->kind != kind)
			continue;
		if (member ? !f->member || strcmp(f->member, member) : f->member != NULL)
			continue;
		if (needle && !strstr(f->message, needle))
			continue;
		return;
	}
	char *s = findings_str(v);
	cr_log_error("findings:\n%s", s);
	free(s);
	cr_assert_fail("no finding of kind %d for %s containing \"%s\"", (int)kind,
		       member ? member : "(pack)", needle ? needle : "");
}

/* ------------------------------------------------------------------ */
/* raw zip access and libzip editing, to damage packs */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

/* Offset of the local header of member name in z, failing when there is none. */
static size_t local_header(const char *z, size_t len, const char *name)
{
	const unsigned char *u = (const unsigned char *)z;
	size_t nlen = strlen(name);
	for (size_t off = 0; off + 30 <= len; off++)
		if (le32(u + off) == 0x04034b50 && le16(u + off + 26) == nlen &&
		    off + 30 + nlen <= len && !memcmp(u + off + 30, name, nlen))
			return off;
	cr_assert_fail("no local header for %s", name);
	return 0;
}

/* Flips one byte in the middle of member name's compressed data. */
static void flip_data_byte(char *z, size_t len, const char *name)
{
	const unsigned char *u = (const unsigned char *)z;
	size_t off = local_header(z, len, name);
	size_t csize = le32(u + off + 18);
	size_t start = off + 30 + le16(u + off + 26) + le16(u + off + 28);
	cr_assert_gt(csize, 2, "%s: compressed data too short to damage", name);
	cr_assert_leq(start + csize, len);
	z[start + csize / 2] ^= 0x55;
}

typedef void (*zip_edit_fn)(zip_t *za, const void *arg);

/* Opens z with libzip, applies edit, closes, and returns the new bytes. */
static void zip_edit(struct built *out, const struct built *in, zip_edit_fn edit, const void *arg)
{
	zip_error_t ze;
	zip_error_init(&ze);
	char *copy = xmalloc(in->len);
	memcpy(copy, in->data, in->len);
	zip_source_t *src = zip_source_buffer_create(copy, in->len, 1, &ze);
	cr_assert_not_null(src);
	zip_t *za = zip_open_from_source(src, 0, &ze);
	cr_assert_not_null(za, "zip_open_from_source: %s", zip_error_strerror(&ze));
	zip_source_keep(src);
	edit(za, arg);
	cr_assert_eq(zip_close(za), 0, "zip_close: %s", zip_strerror(za));
	zip_stat_t st;
	cr_assert_eq(zip_source_open(src), 0);
	cr_assert_eq(zip_source_stat(src, &st), 0);
	out->len = (size_t)st.size;
	out->data = xmalloc(out->len);
	cr_assert_eq(zip_source_read(src, out->data, out->len), (zip_int64_t)out->len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
}

struct replace {
	const char *name;
	const char *text;
};

static void edit_replace(zip_t *za, const void *arg)
{
	const struct replace *r = arg;
	zip_int64_t i = zip_name_locate(za, r->name, 0);
	cr_assert_geq(i, 0, "no member %s", r->name);
	zip_source_t *s = zip_source_buffer(za, r->text, strlen(r->text), 0);
	cr_assert_not_null(s);
	cr_assert_eq(zip_file_replace(za, (zip_uint64_t)i, s, 0), 0, "%s", zip_strerror(za));
}

static void edit_add(zip_t *za, const void *arg)
{
	const struct replace *r = arg;
	zip_source_t *s = zip_source_buffer(za, r->text, strlen(r->text), 0);
	cr_assert_not_null(s);
	cr_assert_geq(zip_file_add(za, r->name, s, 0), 0, "%s", zip_strerror(za));
}

static void edit_delete(zip_t *za, const void *arg)
{
	zip_int64_t i = zip_name_locate(za, arg, 0);
	cr_assert_geq(i, 0);
	cr_assert_eq(zip_delete(za, (zip_uint64_t)i), 0);
}

/* A zip (not built by pack.c) holding MANIFEST = manifest and the members given. */
static void handmade(struct built *out, const char *manifest, const struct replace *members,
		     size_t n)
{
	struct pack_builder *b;
	struct built empty = { 0 };
	assert_ok(pack_builder_new(&b, D("2026-01-31")));
	build(&empty, b);
	pack_builder_free(b);
	struct replace r = { PACK_MANIFEST_NAME, manifest };
	struct built tmp = { 0 };
	zip_edit(&tmp, &empty, edit_replace, &r);
	built_free(&empty);
	for (size_t i = 0; i < n; i++) {
		struct built next = { 0 };
		zip_edit(&next, &tmp, edit_add, &members[i]);
		built_free(&tmp);
		tmp = next;
	}
	*out = tmp;
}

/* ------------------------------------------------------------------ */
/* determinism */

Test(pack, same_input_same_bytes)
{
	struct built a, b, c;
	build_sample(&a, "2026-01-31", NULL);
	build_sample(&b, "2026-01-31", NULL);
	cr_assert_eq(a.len, b.len);
	cr_assert(!memcmp(a.data, b.data, a.len), "two builds differ");
	cr_assert_str_eq(a.hex, b.hex);

	/* the same members and headers added in another order */
	struct pack_builder *pb;
	assert_ok(pack_builder_new(&pb, D("2026-01-31")));
	add_str(pb, "reports/open.csv", "party,invoice\nAcme,INV-1\n");
	add_str(pb, "books.journal", "2026-01-01 opening\n    a  1 EUR\n    b\n");
	add_str(pb, "reports/balance.txt", "Assets:Bank  100.00 EUR\n");
	assert_ok(pack_builder_add_header(pb, "clerk-version", "0.1"));
	build(&c, pb);
	pack_builder_free(pb);
	cr_assert_eq(a.len, c.len);
	cr_assert(!memcmp(a.data, c.data, a.len), "insertion order changed the bytes");
	built_free(&a);
	built_free(&b);
	built_free(&c);
	ASSERT_NO_LEAKS();
}

Test(pack, header_order_does_not_matter)
{
	struct pack_builder *x, *y;
	struct built a, b;
	assert_ok(pack_builder_new(&x, D("2026-02-01")));
	assert_ok(pack_builder_new(&y, D("2026-02-01")));
	assert_ok(pack_builder_add_header(x, "clerk-version", "0.1"));
	assert_ok(pack_builder_add_header(x, "books", "books.journal"));
	assert_ok(pack_builder_add_header(y, "books", "books.journal"));
	assert_ok(pack_builder_add_header(y, "clerk-version", "0.1"));
	build(&a, x);
	build(&b, y);
	cr_assert_eq(a.len, b.len);
	cr_assert(!memcmp(a.data, b.data, a.len));
	pack_builder_free(x);
	pack_builder_free(y);
	built_free(&a);
	built_free(&b);
	ASSERT_NO_LEAKS();
}

Test(pack, different_date_different_bytes)
{
	struct built a, b;
	build_sample(&a, "2026-01-31", NULL);
	build_sample(&b, "2026-02-01", NULL);
	cr_assert(a.len != b.len || memcmp(a.data, b.data, a.len), "dates do not show");
	cr_assert_str_neq(a.hex, b.hex);
	built_free(&a);
	built_free(&b);
	ASSERT_NO_LEAKS();
}

/*
 * In Sao Paulo, daylight saving time began at 00:00 on 2018-11-04: that
 * local midnight does not exist. libzip's own conversion would write 01:00
 * there; the pack must not depend on TZ.
 */
Test(pack, independent_of_time_zone)
{
	struct built utc, sp;
	setenv("TZ", "UTC", 1);
	tzset();
	build_sample(&utc, "2018-11-04", NULL);
	setenv("TZ", "America/Sao_Paulo", 1);
	tzset();
	build_sample(&sp, "2018-11-04", NULL);
	cr_assert_eq(utc.len, sp.len);
	cr_assert(!memcmp(utc.data, sp.data, utc.len), "bytes depend on TZ");

	/* every local and central header: 00:00:00 of 2018-11-04 */
	const unsigned char *u = (const unsigned char *)sp.data;
	uint16_t want = (uint16_t)(((2018 - 1980) << 9) | (11 << 5) | 4);
	size_t locals = 0, centrals = 0;
	for (size_t off = 0; off + 46 <= sp.len; off++) {
		if (le32(u + off) == 0x04034b50) {
			cr_assert_eq(le16(u + off + 10), 0);
			cr_assert_eq(le16(u + off + 12), want);
			cr_assert_eq(le16(u + off + 28), 0, "extra field in a local header");
			locals++;
		} else if (le32(u + off) == 0x02014b50) {
			cr_assert_eq(le16(u + off + 12), 0);
			cr_assert_eq(le16(u + off + 14), want);
			cr_assert_eq(le16(u + off + 30), 0, "extra field in a central header");
			cr_assert_eq(le32(u + off + 38), (0100600u << 16), "external attributes");
			centrals++;
		}
	}
	cr_assert_eq(locals, 4);
	cr_assert_eq(centrals, 4);
	built_free(&utc);
	built_free(&sp);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the manifest and reading back */

Test(pack, manifest_and_members)
{
	struct built a;
	build_sample(&a, "2026-01-31", NULL);
	struct pack *p = open_buf(&a, "a.zip");
	cr_assert_str_eq(pack_path(p), "a.zip");
	cr_assert_eq(pack_member_count(p), 4);
	cr_assert_str_eq(pack_member_name(p, 0), "MANIFEST");
	cr_assert_str_eq(pack_member_name(p, 1), "books.journal");
	cr_assert_str_eq(pack_member_name(p, 2), "reports/balance.txt");
	cr_assert_str_eq(pack_member_name(p, 3), "reports/open.csv");
	cr_assert_eq(pack_member_size(p, 3), strlen("party,invoice\nAcme,INV-1\n"));

	struct strbuf sb = STRBUF_INIT;
	assert_ok(pack_member_read(&sb, p, "MANIFEST", 1 << 20));
	char h1[65], h2[65], h3[65], want_hex[65];
	sha256_hex("2026-01-01 opening\n    a  1 EUR\n    b\n", 38, h1);
	sha256_hex("Assets:Bank  100.00 EUR\n", 24, h2);
	sha256_hex("party,invoice\nAcme,INV-1\n", 25, h3);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want,
		    "clerk-pack: 1\n"
		    "date: 2026-01-31\n"
		    "previous: none\n"
		    "clerk-version: 0.1\n"
		    "\n"
		    "%s  38  books.journal\n"
		    "%s  24  reports/balance.txt\n"
		    "%s  25  reports/open.csv\n",
		    h1, h2, h3);
	cr_assert_str_eq(sb.buf, want.buf);
	sha256_hex(sb.buf, sb.len, want_hex);
	cr_assert_str_eq(a.hex, want_hex, "the returned hash is the MANIFEST's");

	const struct pack_manifest *m;
	assert_ok(pack_manifest(&m, p));
	cr_assert_eq(m->version, 1);
	cr_assert_eq(m->date, D("2026-01-31"));
	cr_assert_not(m->has_previous);
	cr_assert_str_eq(m->previous, "");
	cr_assert_str_eq(m->sha256, a.hex);
	cr_assert_eq(m->nheaders, 1);
	cr_assert_str_eq(m->headers[0].key, "clerk-version");
	cr_assert_str_eq(m->headers[0].value, "0.1");
	cr_assert_eq(m->nentries, 3);
	cr_assert_str_eq(m->entries[1].name, "reports/balance.txt");
	cr_assert_eq(m->entries[1].size, 24);
	cr_assert_str_eq(m->entries[1].sha256, h2);

	strbuf_reset(&sb);
	assert_ok(pack_member_read(&sb, p, "reports/open.csv", 1 << 20));
	cr_assert_str_eq(sb.buf, "party,invoice\nAcme,INV-1\n");
	cr_assert_eq(pack_member_read(&sb, p, "nope", 100), CLERK_ENOTFOUND);
	cr_assert_eq(pack_member_read(&sb, p, "reports/open.csv", 10), CLERK_EINVALID);
	cr_assert_str_eq(sb.buf, "party,invoice\nAcme,INV-1\n", "a failed read adds nothing");

	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify(&v, p, NULL));
	assert_no_findings(&v);
	cr_assert_eq(v.members, 3);
	cr_assert_str_eq(v.manifest_sha256, a.hex);
	pack_verification_release(&v);
	strbuf_release(&want);
	strbuf_release(&sb);
	pack_free(p);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, empty_pack)
{
	struct pack_builder *b;
	struct built a;
	assert_ok(pack_builder_new(&b, D("2026-03-01")));
	build(&a, b);
	pack_builder_free(b);
	struct pack *p = open_buf(&a, "e.zip");
	struct strbuf sb = STRBUF_INIT;
	assert_ok(pack_member_read(&sb, p, "MANIFEST", 1000));
	cr_assert_str_eq(sb.buf, "clerk-pack: 1\ndate: 2026-03-01\nprevious: none\n\n");
	cr_assert_eq(pack_member_count(p), 1);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify(&v, p, NULL));
	assert_no_findings(&v);
	cr_assert_eq(v.members, 0);
	pack_verification_release(&v);
	strbuf_release(&sb);
	pack_free(p);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, empty_member_and_utf8_names)
{
	struct pack_builder *b;
	struct built a;
	assert_ok(pack_builder_new(&b, D("2026-03-01")));
	assert_ok(pack_builder_add(b, "empty", "", 0));
	add_str(b, "Rechnungen/März/Müller – Nr. 1.txt", "ü\n");
	add_str(b, ".hidden..x", "x");
	build(&a, b);
	pack_builder_free(b);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, a.data, a.len, NULL);
	assert_no_findings(&v);
	cr_assert_eq(v.members, 3);
	pack_verification_release(&v);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, big_member)
{
	size_t n = 1 << 20;
	unsigned char *big = xmalloc(n);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) { /* half noise, half text: deflate has work to do */
		x = x * 1103515245u + 12345u;
		big[i] = (i / 4096) % 2 ? (unsigned char)(x >> 24) : (unsigned char)('a' + i % 26);
	}
	struct pack_builder *b;
	struct built a;
	assert_ok(pack_builder_new(&b, D("2026-03-01")));
	assert_ok(pack_builder_add(b, "big.bin", big, n));
	build(&a, b);
	pack_builder_free(b);
	struct pack *p = open_buf(&a, "big.zip");
	struct strbuf sb = STRBUF_INIT;
	assert_ok(pack_member_read(&sb, p, "big.bin", n));
	cr_assert_eq(sb.len, n);
	cr_assert(!memcmp(sb.buf, big, n));
	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify(&v, p, NULL));
	assert_no_findings(&v);
	pack_verification_release(&v);
	pack_free(p);

	/* a flipped byte deep inside the compressed data */
	flip_data_byte(a.data, a.len, "big.bin");
	verify(&v, a.data, a.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "big.bin", "altered");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);
	strbuf_release(&sb);
	built_free(&a);
	free(big);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* writing files */

/* The names in folder dir of tdir, but "." and "..", as one string "a b ". */
static char *listing(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = tpath(dir);
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	DIR *d = opendir(path);
	cr_assert_not_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			VEC_PUSH(&names, xstrdup(e->d_name));
	closedir(d);
	for (size_t i = 0; i < names.n; i++)
		for (size_t k = i + 1; k < names.n; k++)
			if (strcmp(names.v[k], names.v[i]) < 0) {
				char *t = names.v[i];
				names.v[i] = names.v[k];
				names.v[k] = t;
			}
	for (size_t i = 0; i < names.n; i++)
		strbuf_addf(&sb, "%s ", names.v[i]);
	fsutil_names_release(&names);
	free(path);
	return strbuf_detach(&sb, NULL);
}

Test(pack, write_streams_members_into_the_file_byte_for_byte, TMPDIR_FIXTURE)
{
	/* members large enough for many writes: from memory and from a file */
	size_t n = 3u << 20;
	char *big = xmalloc(n);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(i % 7 ? 'a' + (x >> 24) % 26 : '\n');
	}
	char hex[SHA256_HEX_LEN + 1], fhex[SHA256_HEX_LEN + 1];
	write_file("out/.keep", "");
	{
		char *k = tpath("out/.keep");
		unlink(k);
		free(k);
	}
	char *member = tpath("out/member.txt"), *path = tpath("out/p.zip");
	FILE *f = fopen(member, "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(big, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
	sha256_hex(big, n, fhex);
	struct pack_builder *b;
	assert_ok(pack_builder_new(&b, D("2026-03-29"))); /* a day DST starts in Europe */
	assert_ok(pack_builder_add(b, "a/memory.txt", big, n));
	assert_ok(pack_builder_add_file(b, "b/file.txt", member, n, fhex));
	assert_ok(pack_builder_add(b, "empty", "", 0));
	struct built mem;
	build(&mem, b);
	assert_ok(pack_builder_write(hex, b, path));
	cr_assert_str_eq(hex, mem.hex);
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(strbuf_read_file(&sb, path, 0), 0);
	cr_assert_eq(sb.len, mem.len);
	cr_assert(!memcmp(sb.buf, mem.data, mem.len), "the streamed file is not the built archive");
	char *l = listing("out");
	cr_assert_str_eq(l, "member.txt p.zip ", "a temporary was left: %s", l);
	free(l);

	/* the file member changes: an error naming it, the old pack kept, no temporary left */
	big[n / 2] ^= 1;
	f = fopen(member, "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(big, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(pack_builder_write(hex, b, path), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "changed after it was read"), "%s",
		  clerk_error_last()->message);
	struct strbuf again = STRBUF_INIT;
	cr_assert_eq(strbuf_read_file(&again, path, 0), 0);
	cr_assert(again.len == sb.len && !memcmp(again.buf, sb.buf, sb.len), "the old pack was changed");
	l = listing("out");
	cr_assert_str_eq(l, "member.txt p.zip ", "a temporary was left: %s", l);
	free(l);
	strbuf_release(&again);
	strbuf_release(&sb);
	built_free(&mem);
	pack_builder_free(b);
	free(member);
	free(path);
	free(big);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(pack, write_file, TMPDIR_FIXTURE)
{
	struct pack_builder *b = sample("2026-01-31", NULL);
	struct built a;
	char hex[SHA256_HEX_LEN + 1];
	char *path = tpath("2026-01-31.zip");
	build(&a, b);
	assert_ok(pack_builder_write(hex, b, path));
	cr_assert_str_eq(hex, a.hex);
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(strbuf_read_file(&sb, path, 0), 0);
	cr_assert_eq(sb.len, a.len);
	cr_assert(!memcmp(sb.buf, a.data, a.len), "the file is not the built archive");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);

	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify_file(&v, path, NULL));
	assert_no_findings(&v);
	cr_assert_str_eq(v.manifest_sha256, hex);
	pack_verification_release(&v);

	/* never written through a symbolic link */
	char *target = tpath("target"), *link = tpath("link.zip");
	write_file("target", "keep");
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(pack_builder_write(hex, b, link), CLERK_EIO);
	char *t = read_file(target);
	cr_assert_str_eq(t, "keep");
	free(t);
	free(target);
	free(link);
	strbuf_release(&sb);
	free(path);
	built_free(&a);
	pack_builder_free(b);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* the chain */

Test(pack, chain_ok_and_broken)
{
	struct built a, b, c, d;
	build_sample(&a, "2026-01-30", NULL);
	build_sample(&b, "2026-01-31", a.hex);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, b.data, b.len, &a);
	assert_no_findings(&v);
	pack_verification_release(&v);

	/* same day is fine too */
	build_sample(&c, "2026-01-30", a.hex);
	verify(&v, c.data, c.len, &a);
	assert_no_findings(&v);
	pack_verification_release(&v);
	built_free(&c);

	/* chained to another pack */
	build_sample(&c, "2026-02-01", b.hex);
	verify(&v, c.data, c.len, &a);
	assert_finding(&v, PACK_FINDING_CHAIN, NULL, "chain broken");
	assert_finding(&v, PACK_FINDING_CHAIN, NULL, a.hex);
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);

	/* previous: none but a previous pack given */
	build_sample(&d, "2026-02-01", NULL);
	verify(&v, d.data, d.len, &a);
	assert_finding(&v, PACK_FINDING_CHAIN, NULL, "previous: none");
	pack_verification_release(&v);
	built_free(&d);

	/* the previous pack dated later */
	build_sample(&d, "2026-01-29", a.hex);
	verify(&v, d.data, d.len, &a);
	assert_finding(&v, PACK_FINDING_CHAIN_DATE, NULL, "dated 2026-01-30, after");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);
	built_free(&d);

	/* a previous pack whose MANIFEST was rewritten no longer matches */
	struct replace r = { PACK_MANIFEST_NAME, "clerk-pack: 1\ndate: 2026-01-30\nprevious: none\n\n" };
	zip_edit(&d, &a, edit_replace, &r);
	verify(&v, b.data, b.len, &d);
	assert_finding(&v, PACK_FINDING_CHAIN, NULL, "chain broken");
	pack_verification_release(&v);
	built_free(&d);

	/* a previous pack without a MANIFEST */
	zip_edit(&d, &a, edit_delete, PACK_MANIFEST_NAME);
	verify(&v, b.data, b.len, &d);
	assert_finding(&v, PACK_FINDING_BAD_PREVIOUS, NULL, "has no MANIFEST");
	pack_verification_release(&v);
	built_free(&d);

	built_free(&a);
	built_free(&b);
	built_free(&c);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* damage */

Test(pack, member_rewritten_with_libzip)
{
	struct built a, t;
	build_sample(&a, "2026-01-31", NULL);
	/* same size, one character changed */
	struct replace r = { "reports/balance.txt", "Assets:Bank  900.00 EUR\n" };
	zip_edit(&t, &a, edit_replace, &r);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "reports/balance.txt", "altered: sha256");
	cr_assert_eq(v.findings.n, 1, "only the changed member is reported");
	pack_verification_release(&v);
	built_free(&t);

	/* another size */
	struct replace r2 = { "books.journal", "" };
	zip_edit(&t, &a, edit_replace, &r2);
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "books.journal", "0 bytes, MANIFEST lists 38");
	pack_verification_release(&v);
	built_free(&t);

	/* longer than listed */
	struct replace r3 = { "reports/open.csv", "party,invoice\nAcme,INV-1\nBolt,INV-2\n" };
	zip_edit(&t, &a, edit_replace, &r3);
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "reports/open.csv", "more than 25 bytes");
	pack_verification_release(&v);
	built_free(&t);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, raw_byte_flipped)
{
	struct built a;
	build_sample(&a, "2026-01-31", NULL);
	flip_data_byte(a.data, a.len, "books.journal");
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, a.data, a.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "books.journal", "altered");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);

	/* reading it for a comparison fails cleanly too */
	struct pack *p = open_buf(&a, "a.zip");
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(pack_member_read(&sb, p, "books.journal", 1000), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "books.journal"));
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
	pack_free(p);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, removed_and_extra_members)
{
	struct built a, t, u;
	build_sample(&a, "2026-01-31", NULL);
	zip_edit(&t, &a, edit_delete, "reports/balance.txt");
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_MISSING, "reports/balance.txt", "missing");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);

	struct replace r = { "reports/extra.txt", "sneaked in\n" };
	zip_edit(&u, &t, edit_add, &r);
	verify(&v, u.data, u.len, NULL);
	assert_finding(&v, PACK_FINDING_MISSING, "reports/balance.txt", NULL);
	assert_finding(&v, PACK_FINDING_UNLISTED, "reports/extra.txt", "not in MANIFEST");
	cr_assert_eq(v.findings.n, 2, "all findings, not only the first");
	pack_verification_release(&v);
	built_free(&u);

	/* a member whose name is not allowed */
	struct replace bad = { "../evil", "x" };
	zip_edit(&u, &a, edit_add, &bad);
	verify(&v, u.data, u.len, NULL);
	assert_finding(&v, PACK_FINDING_BAD_NAME, "../evil", "not allowed");
	assert_finding(&v, PACK_FINDING_UNLISTED, "../evil", NULL);
	pack_verification_release(&v);
	built_free(&u);
	built_free(&t);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, duplicate_member_names)
{
	struct pack_builder *b;
	struct built a;
	assert_ok(pack_builder_new(&b, D("2026-01-31")));
	add_str(b, "a1", "one");
	add_str(b, "a2", "two");
	build(&a, b);
	pack_builder_free(b);
	/* rename a2 to a1 in the local and the central header (the CRC does not cover names) */
	size_t renamed = 0;
	for (size_t off = 1; off + 2 <= a.len; off++)
		if (!memcmp(a.data + off, "a2", 2) && a.data[off - 1] == 0) {
			a.data[off + 1] = '1';
			renamed++;
		}
	cr_assert_eq(renamed, 2, "a2 found %zu times", renamed);
	struct pack *p;
	int rc = pack_open_buffer(&p, a.data, a.len, "dup.zip");
	if (rc == 0) {
		struct pack_verification v = PACK_VERIFICATION_INIT;
		assert_ok(pack_verify(&v, p, NULL));
		assert_finding(&v, PACK_FINDING_BAD_NAME, "a1", "stored 2 times");
		assert_finding(&v, PACK_FINDING_MISSING, "a2", NULL);
		pack_verification_release(&v);
		pack_free(p);
	} else {
		/* libzip 1.7 refuses such archives itself */
		cr_assert_eq(rc, CLERK_EPARSE);
		cr_assert(strstr(clerk_error_last()->message, "two members have the same name"),
			  "%s", clerk_error_last()->message);
	}
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, manifest_tampered)
{
	struct built a, t;
	build_sample(&a, "2026-01-31", NULL);
	struct pack *p = open_buf(&a, "a.zip");
	struct strbuf m = STRBUF_INIT;
	assert_ok(pack_member_read(&m, p, "MANIFEST", 1 << 20));
	pack_free(p);

	/* a listed digest changed: the member no longer matches it */
	char *digest = strstr(m.buf, "\n\n") + 2;
	digest[0] = digest[0] == '0' ? '1' : '0';
	struct replace r = { PACK_MANIFEST_NAME, m.buf };
	zip_edit(&t, &a, edit_replace, &r);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "books.journal", "MANIFEST lists");
	cr_assert_eq(v.findings.n, 1);
	cr_assert_str_neq(v.manifest_sha256, a.hex);
	pack_verification_release(&v);
	built_free(&t);

	/* a raw byte flipped in the MANIFEST's compressed data */
	struct built c;
	build_sample(&c, "2026-01-31", NULL);
	flip_data_byte(c.data, c.len, "MANIFEST");
	verify(&v, c.data, c.len, NULL);
	assert_finding(&v, PACK_FINDING_BAD_MANIFEST, "MANIFEST", "damaged");
	cr_assert_str_eq(v.manifest_sha256, "");
	pack_verification_release(&v);
	built_free(&c);

	/* no MANIFEST at all */
	zip_edit(&t, &a, edit_delete, PACK_MANIFEST_NAME);
	verify(&v, t.data, t.len, NULL);
	assert_finding(&v, PACK_FINDING_NO_MANIFEST, NULL, "no MANIFEST");
	pack_verification_release(&v);
	built_free(&t);
	strbuf_release(&m);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

Test(pack, manifest_malformed)
{
	static const struct {
		const char *text;
		const char *needle;
	} cases[] = {
		{ "", "empty" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n", "no empty line" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  1  a", "newline" },
		{ "clerk-pack: 2\ndate: 2026-01-31\nprevious: none\n\n", "unsupported pack version '2'" },
		{ "clerk-pack:1\ndate: 2026-01-31\nprevious: none\n\n", "line 1" },
		{ "clerk-pack: 1\r\ndate: 2026-01-31\r\nprevious: none\r\n\r\n", "line 1" },
		{ "clerk-pack: 1\ndate: 2026-02-30\nprevious: none\n\n", "line 2" },
		{ "clerk-pack: 1\ndate: 2026-01-31\n", "missing 'previous:'" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: abc\n\n", "line 3" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: " H64 "\nx: 1\nx: 2\n\n", "repeated" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\ndate: 2026-01-31\n\n", "reserved" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\nNo: 1\n\n", "line 4" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  1  b\n" H64 "  1  a\n",
		  "out of order" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  01  a\n", "bad size" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  99999999999999999999  a\n",
		  "bad size" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 " 1 a\n", "line 5" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  1  ../a\n", "'..'" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n" H64 "  1  MANIFEST\n",
		  "reserved" },
		{ "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\nABCDEF\n", "line 5" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct built t;
		handmade(&t, cases[i].text, NULL, 0);
		struct pack_verification v = PACK_VERIFICATION_INIT;
		verify(&v, t.data, t.len, NULL);
		cr_assert_eq(v.findings.n, 1, "case %zu: %zu findings", i, v.findings.n);
		assert_finding(&v, PACK_FINDING_BAD_MANIFEST, "MANIFEST", cases[i].needle);
		pack_verification_release(&v);
		built_free(&t);
	}
	ASSERT_NO_LEAKS();
}

Test(pack, handmade_valid_manifest)
{
	char hex[65];
	sha256_hex("hello\n", 6, hex);
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "clerk-pack: 1\ndate: 2026-01-31\nprevious: " H64
			"\na: x\nb-2: y z\n\n%s  6  dir/hello.txt\n",
		    hex);
	struct replace members[] = { { "dir/hello.txt", "hello\n" } };
	struct built t;
	handmade(&t, m.buf, members, 1);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, t.data, t.len, NULL);
	assert_no_findings(&v);
	pack_verification_release(&v);
	struct pack *p = open_buf(&t, "t.zip");
	const struct pack_manifest *pm;
	assert_ok(pack_manifest(&pm, p));
	cr_assert(pm->has_previous);
	cr_assert_str_eq(pm->previous, H64);
	cr_assert_eq(pm->nheaders, 2);
	cr_assert_str_eq(pm->headers[1].key, "b-2");
	cr_assert_str_eq(pm->headers[1].value, "y z");
	pack_free(p);
	built_free(&t);
	strbuf_release(&m);
	ASSERT_NO_LEAKS();
}

Test(pack, not_a_zip, TMPDIR_FIXTURE)
{
	struct pack *p;
	cr_assert_eq(pack_open_buffer(&p, "hello", 5, "x.zip"), CLERK_EPARSE);
	cr_assert_null(p);
	cr_assert(strstr(clerk_error_last()->message, "not a zip archive"));
	cr_assert_eq(pack_open_buffer(&p, "", 0, "x.zip"), CLERK_EPARSE);

	/* a zip truncated in the middle */
	struct built a;
	build_sample(&a, "2026-01-31", NULL);
	cr_assert_eq(pack_open_buffer(&p, a.data, a.len / 2, "half.zip"), CLERK_EPARSE);

	write_file("text.zip", "just text\n");
	write_file("empty.zip", "");
	char *text = tpath("text.zip"), *empty = tpath("empty.zip"), *none = tpath("none.zip");
	char *good = tpath("good.zip");
	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify_file(&v, text, NULL));
	assert_finding(&v, PACK_FINDING_NOT_ZIP, NULL, "not a zip archive");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);
	assert_ok(pack_verify_file(&v, empty, NULL));
	assert_finding(&v, PACK_FINDING_NOT_ZIP, NULL, "empty");
	pack_verification_release(&v);

	cr_assert_eq(pack_verify_file(&v, none, NULL), CLERK_ENOTFOUND);
	cr_assert(strstr(clerk_error_last()->message, "none.zip"));
	cr_assert_eq(pack_open(&p, tdir), CLERK_EIO);

	/* a previous pack that is not a zip */
	struct pack_builder *b = sample("2026-01-31", NULL);
	char hex[65];
	assert_ok(pack_builder_write(hex, b, good));
	pack_builder_free(b);
	assert_ok(pack_verify_file(&v, good, text));
	assert_finding(&v, PACK_FINDING_BAD_PREVIOUS, NULL, "not a zip archive");
	pack_verification_release(&v);
	cr_assert_eq(pack_verify_file(&v, good, none), CLERK_ENOTFOUND);
	pack_verification_release(&v);

	free(text);
	free(empty);
	free(none);
	free(good);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* reading in bounded memory, and never past the limit */

/* CRC-32 (IEEE), bit by bit: the handmade archives below need it for their MANIFEST. */
static uint32_t crc32_of(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

static void put_le(struct strbuf *sb, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		strbuf_addch(sb, (char)((v >> (8 * i)) & 0xFF));
}

/* A member of a raw archive: its bytes as stored, and what the headers say. */
struct raw_member {
	const char *name;
	uint16_t method; /* 0 stored, 8 deflated */
	const char *data;
	size_t len;
	uint32_t crc, usize;
};

/* A zip archive written byte by byte (no libzip: the compressed data is whatever is given). */
static void raw_zip(struct built *out, const struct raw_member *m, size_t n)
{
	struct strbuf z = STRBUF_INIT, cd = STRBUF_INIT;
	uint16_t date = (uint16_t)(((2026 - 1980) << 9) | (1 << 5) | 31);
	for (size_t i = 0; i < n; i++) {
		uint32_t off = (uint32_t)z.len;
		uint16_t nlen = (uint16_t)strlen(m[i].name);
		put_le(&z, 0x04034b50, 4);
		put_le(&z, 20, 2);
		put_le(&z, 0, 2);
		put_le(&z, m[i].method, 2);
		put_le(&z, 0, 2);
		put_le(&z, date, 2);
		put_le(&z, m[i].crc, 4);
		put_le(&z, (uint32_t)m[i].len, 4);
		put_le(&z, m[i].usize, 4);
		put_le(&z, nlen, 2);
		put_le(&z, 0, 2);
		strbuf_addstr(&z, m[i].name);
		strbuf_add(&z, m[i].data, m[i].len);
		put_le(&cd, 0x02014b50, 4);
		put_le(&cd, 0x031e, 2);
		put_le(&cd, 20, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, m[i].method, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, date, 2);
		put_le(&cd, m[i].crc, 4);
		put_le(&cd, (uint32_t)m[i].len, 4);
		put_le(&cd, m[i].usize, 4);
		put_le(&cd, nlen, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, 0, 2);
		put_le(&cd, 0100600u << 16, 4);
		put_le(&cd, off, 4);
		strbuf_addstr(&cd, m[i].name);
	}
	uint32_t cdoff = (uint32_t)z.len;
	strbuf_add(&z, cd.buf, cd.len);
	put_le(&z, 0x06054b50, 4);
	put_le(&z, 0, 2);
	put_le(&z, 0, 2);
	put_le(&z, (uint32_t)n, 2);
	put_le(&z, (uint32_t)n, 2);
	put_le(&z, (uint32_t)cd.len, 4);
	put_le(&z, cdoff, 4);
	put_le(&z, 0, 2);
	strbuf_release(&cd);
	out->data = strbuf_detach(&z, &out->len);
}

/*
 * A pack whose member big.txt holds more bytes than its MANIFEST (and its
 * own headers) say: 1000 listed, but its deflate data is one stored block
 * of 1002 'x' and then a block of the reserved type 3, which no inflater
 * accepts. Reading 1001 bytes (the limit and one more, enough to know it
 * is too big) succeeds; reading 1002 or more meets the bad block, and
 * libzip then reports the data as damaged. So whoever reads past 1001
 * bytes says "damaged" instead of "more than 1000 bytes".
 */
static void overlong_member_pack(struct built *out)
{
	static char x[1002];
	memset(x, 'x', sizeof(x));
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(x, 1000, hex);
	struct strbuf man = STRBUF_INIT, big = STRBUF_INIT;
	strbuf_addf(&man, "clerk-pack: 1\ndate: 2026-01-31\nprevious: none\n\n%s  1000  big.txt\n",
		    hex);
	strbuf_addch(&big, 0x00); /* a stored block, not the last */
	put_le(&big, sizeof(x), 2);
	put_le(&big, (uint32_t)(~sizeof(x) & 0xFFFF), 2);
	strbuf_add(&big, x, sizeof(x));
	strbuf_addch(&big, 0x07); /* the last block, of the reserved type 3 */
	struct raw_member m[] = {
		{ PACK_MANIFEST_NAME, 0, man.buf, man.len, crc32_of(man.buf, man.len), (uint32_t)man.len },
		{ "big.txt", 8, big.buf, big.len, crc32_of(x, 1000), 1000 },
	};
	raw_zip(out, m, ARRAY_SIZE(m));
	strbuf_release(&man);
	strbuf_release(&big);
}

Test(pack, reading_stops_one_byte_past_the_limit)
{
	struct built a;
	overlong_member_pack(&a);
	/* verify: more than the MANIFEST says, found without reading further */
	struct pack_verification v = PACK_VERIFICATION_INIT;
	verify(&v, a.data, a.len, NULL);
	assert_finding(&v, PACK_FINDING_ALTERED, "big.txt", "altered: more than 1000 bytes, MANIFEST lists 1000");
	cr_assert_eq(v.findings.n, 1);
	pack_verification_release(&v);

	struct pack *p = open_buf(&a, "overlong.zip");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "keep");
	cr_assert_eq(pack_member_read(&sb, p, "big.txt", 1000), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "bigger than 1000 bytes"), "%s",
		  clerk_error_last()->message);
	cr_assert_str_eq(sb.buf, "keep", "the buffer is unchanged on failure");
	/* a comparison with 1000 bytes reads 1001 at most: different, not damaged */
	char x[1000];
	memset(x, 'x', sizeof(x));
	bool same = true;
	uint64_t size = 0;
	assert_ok(pack_member_compare(&same, &size, p, "big.txt", x, sizeof(x)));
	cr_assert_not(same);
	cr_assert_eq(size, 1000, "the size the archive claims");
	pack_free(p);
	strbuf_release(&sb);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

Test(pack, member_compare)
{
	struct built a;
	build_sample(&a, "2026-01-31", NULL);
	struct pack *p = open_buf(&a, "a.zip");
	const char *text = "party,invoice\nAcme,INV-1\n";
	bool same = false;
	uint64_t size = 0;
	assert_ok(pack_member_compare(&same, &size, p, "reports/open.csv", text, strlen(text)));
	cr_assert(same);
	cr_assert_eq(size, strlen(text));
	/* the same size, one byte different */
	assert_ok(pack_member_compare(&same, &size, p, "reports/open.csv", "party,invoice\nAcme,INV-2\n",
				      strlen(text)));
	cr_assert_not(same);
	/* shorter and longer */
	assert_ok(pack_member_compare(&same, &size, p, "reports/open.csv", text, strlen(text) - 1));
	cr_assert_not(same);
	cr_assert_eq(size, strlen(text));
	assert_ok(pack_member_compare(&same, NULL, p, "reports/open.csv", "party,invoice\nAcme,INV-1\n\n",
				      strlen(text) + 1));
	cr_assert_not(same);
	/* only a member that is not there is "not found" */
	cr_assert_eq(pack_member_compare(&same, &size, p, "reports/none.csv", "", 0), CLERK_ENOTFOUND);
	cr_assert_not(same);
	pack_free(p);

	/* damaged data is an error, not a difference */
	flip_data_byte(a.data, a.len, "books.journal");
	p = open_buf(&a, "a.zip");
	const char *books = "2026-01-01 opening\n    a  1 EUR\n    b\n";
	cr_assert_eq(pack_member_compare(&same, NULL, p, "books.journal", books, strlen(books)),
		     CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "damaged"), "%s", clerk_error_last()->message);
	pack_free(p);
	built_free(&a);
	ASSERT_NO_LEAKS();
}

/* Virtual memory of this process, in bytes (from /proc/self/status), or 0. */
static size_t vm_size(void)
{
	/* /proc files say they are empty: read them to their end, not to their size */
	struct strbuf sb = STRBUF_INIT;
	size_t kb = 0;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	char buf[4096];
	ssize_t got;
	while (fd >= 0 && (got = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)got);
	if (fd >= 0)
		close(fd);
	if (sb.len) {
		const char *v = strstr(sb.buf, "\nVmSize:");
		if (v)
			for (v += 9; *v == ' ' || *v == '\t' || (*v >= '0' && *v <= '9'); v++)
				if (*v >= '0' && *v <= '9')
					kb = kb * 10 + (size_t)(*v - '0');
	}
	strbuf_release(&sb);
	return kb * 1024;
}

/*
 * A pack file of 24 MiB (an incompressible member, listed correctly) is
 * verified, and its big member compared, with the address space limited to
 * 16 MiB more than the process uses: reading the pack whole, or the member
 * into memory, would not fit. Criterion runs each test in its own process,
 * so the limit ends with it. (Skipped under AddressSanitizer, whose shadow
 * memory does not live with an address space limit.)
 */
Test(pack, big_pack_verified_in_bounded_memory, TMPDIR_FIXTURE)
{
#ifdef CLERK_TEST_LSAN
	cr_skip_test("an address space limit and AddressSanitizer do not mix");
#else
	size_t n = 24u << 20;
	unsigned char *big = xmalloc(n);
	uint64_t x = 88172645463325252ull;
	for (size_t i = 0; i < n; i++) { /* xorshift: nothing for deflate to squeeze */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		big[i] = (unsigned char)x;
	}
	char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	sha256_hex(big, n, want);
	struct pack_builder *b;
	char *path = tpath("big.zip");
	assert_ok(pack_builder_new(&b, D("2026-03-01")));
	assert_ok(pack_builder_add(b, "inputs/big.bin", big, n));
	add_str(b, "small.txt", "small\n");
	assert_ok(pack_builder_write(hex, b, path));
	pack_builder_free(b);
	free(big);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_gt(st.st_size, (off_t)n, "the pack file is at least as big as the member");

	struct rlimit rl;
	cr_assert_eq(getrlimit(RLIMIT_AS, &rl), 0);
	size_t now = vm_size();
	cr_assert_gt(now, 0);
	rl.rlim_cur = now + (16u << 20);
	cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);

	struct pack_verification v = PACK_VERIFICATION_INIT;
	assert_ok(pack_verify_file(&v, path, NULL));
	assert_no_findings(&v);
	cr_assert_eq(v.members, 2);
	pack_verification_release(&v);

	struct pack *p;
	assert_ok(pack_open(&p, path));
	const struct pack_manifest *m;
	assert_ok(pack_manifest(&m, p));
	cr_assert_str_eq(m->entries[0].name, "inputs/big.bin");
	cr_assert_str_eq(m->entries[0].sha256, want);
	cr_assert_eq(m->entries[0].size, n);
	/* a member far bigger than what it is compared with: different, and there */
	bool same = true;
	uint64_t size = 0;
	assert_ok(pack_member_compare(&same, &size, p, "inputs/big.bin", "small\n", 6));
	cr_assert_not(same);
	cr_assert_eq(size, n);
	pack_free(p);
	free(path);
	ASSERT_NO_LEAKS();
#endif
}

Test(pack, only_regular_files_are_opened, TMPDIR_FIXTURE)
{
	struct pack *p = NULL;
	char *fifo = tpath("fifo.zip");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	/* a FIFO nobody writes to: refused at once, never waited on */
	cr_assert_eq(pack_open(&p, fifo), CLERK_EIO);
	cr_assert_null(p);
	cr_assert(strstr(clerk_error_last()->message, "is a FIFO, not a regular file"), "%s",
		  clerk_error_last()->message);
	struct pack_verification v = PACK_VERIFICATION_INIT;
	cr_assert_eq(pack_verify_file(&v, fifo, NULL), CLERK_EIO);
	pack_verification_release(&v);
	cr_assert_eq(pack_open(&p, tdir), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "is a folder, not a regular file"), "%s",
		  clerk_error_last()->message);
	free(fifo);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* refused input */

Test(pack, bad_member_names_refused)
{
	static const char *const bad[] = {
		"",	    "/abs",	"../x",	   "a/../b",  "a\\b",	  "a//b",    "a/",
		".",	    "..",	"a/./b",   "a/.",     "ctl\x01", "tab\there", "new\nline",
		"del\x7f",  "\xff",	"\xc0\xaf", "\xed\xa0\x80", "c1\xc2\x9b", "MANIFEST",
	};
	struct pack_builder *b;
	assert_ok(pack_builder_new(&b, D("2026-01-31")));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		cr_assert_eq(pack_builder_add(b, bad[i], "x", 1), CLERK_EINVALID, "name %zu accepted", i);
		cr_assert_null(strchr(clerk_error_last()->message, '\n'), "raw control char in message");
	}
	char longname[PACK_MAX_NAME + 2];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cr_assert_eq(pack_builder_add(b, longname, "x", 1), CLERK_EINVALID);
	longname[PACK_MAX_NAME] = '\0';
	assert_ok(pack_builder_add(b, longname, "x", 1));

	static const char *const good[] = { "a", "..a", "a..", "x/.y", "MANIFEST.txt", "manifest",
					    "ü/ñ €.txt", "日本/帳簿.journal", "a b/c d" };
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_ok(pack_builder_add(b, good[i], "x", 1));
	cr_assert_eq(pack_builder_add(b, "a", "y", 1), CLERK_EEXISTS);
	cr_assert_eq(pack_builder_add(b, "a/b", "y", 1), CLERK_EINVALID, "a is a file");
	cr_assert(strstr(clerk_error_last()->message, "clashes"));
	cr_assert_eq(pack_builder_add(b, "x", "y", 1), CLERK_EINVALID, "x is a folder (x/.y)");
	pack_builder_free(b);
	ASSERT_NO_LEAKS();
}

Test(pack, bad_headers_and_previous_refused)
{
	struct pack_builder *b;
	assert_ok(pack_builder_new(&b, D("2026-01-31")));
	static const char *const bad_keys[] = { "", "Clerk", "1st", "a b", "a:b", "date",
						"previous", "clerk-pack", "ü" };
	for (size_t i = 0; i < ARRAY_SIZE(bad_keys); i++)
		cr_assert_eq(pack_builder_add_header(b, bad_keys[i], "v"), CLERK_EINVALID, "key %zu",
			     i);
	static const char *const bad_values[] = { "", " lead", "trail ", "new\nline", "\xff",
						  "cr\r" };
	for (size_t i = 0; i < ARRAY_SIZE(bad_values); i++)
		cr_assert_eq(pack_builder_add_header(b, "k", bad_values[i]), CLERK_EINVALID,
			     "value %zu", i);
	assert_ok(pack_builder_add_header(b, "k", "v: w"));
	cr_assert_eq(pack_builder_add_header(b, "k", "again"), CLERK_EEXISTS);

	cr_assert_eq(pack_builder_set_previous(b, "abc"), CLERK_EINVALID);
	cr_assert_eq(pack_builder_set_previous(b, "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"),
		     CLERK_EINVALID);
	assert_ok(pack_builder_set_previous(b, H64));
	assert_ok(pack_builder_set_previous(b, NULL));
	pack_builder_free(b);

	cr_assert_eq(pack_builder_new(&b, D("1979-12-31")), CLERK_EINVALID);
	cr_assert_null(b);
	cr_assert_eq(pack_builder_new(&b, D("2108-01-01")), CLERK_EINVALID);
	assert_ok(pack_builder_new(&b, D("2107-12-31")));
	pack_builder_free(b);
	assert_ok(pack_builder_new(&b, D("1980-01-01")));
	pack_builder_free(b);
	ASSERT_NO_LEAKS();
}

Test(sha256, incremental_matches_one_shot)
{
	char a[65], b[65];
	sha256_hex("hello world", 11, a);
	struct sha256 *h = sha256_new();
	sha256_update(h, "hello", 5);
	sha256_update(h, "", 0);
	sha256_update(h, " world", 6);
	sha256_final_hex(h, b);
	cr_assert_str_eq(a, b);
	sha256_final_hex(h, b); /* starts afresh */
	cr_assert_str_eq(b, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_free(h);
	sha256_free(NULL);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* members streamed from files */

Test(pack, member_from_a_file_is_the_same_pack, TMPDIR_FIXTURE)
{
	static const char text[] = "2026-01-01 opening\n    a  1 EUR\n    b\n";
	char hex[SHA256_HEX_LEN + 1];
	write_file("books.journal", text);
	char *path = tpath("books.journal");
	sha256_hex(text, sizeof(text) - 1, hex);

	struct built mem, file;
	build_sample(&mem, "2026-01-31", NULL);
	struct pack_builder *b;
	assert_ok(pack_builder_new(&b, D("2026-01-31")));
	assert_ok(pack_builder_add_header(b, "clerk-version", "0.1"));
	add_str(b, "reports/balance.txt", "Assets:Bank  100.00 EUR\n");
	assert_ok(pack_builder_add_file(b, "books.journal", path, sizeof(text) - 1, hex));
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "party,invoice\nAcme,INV-1\n");
	assert_ok(pack_builder_add_strbuf(b, "reports/open.csv", &sb));
	cr_assert_eq(sb.len, 0, "the builder took the buffer");
	build(&file, b);
	cr_assert_eq(file.len, mem.len);
	cr_assert(!memcmp(file.data, mem.data, mem.len), "streamed and in-memory members differ");
	cr_assert_str_eq(file.hex, mem.hex);
	built_free(&file);

	/* the file changed after it was read: the pack is not built */
	write_file("books.journal", "2026-01-01 opening\n    a  2 EUR\n    b\n");
	char *data = NULL;
	size_t len = 0;
	char h2[SHA256_HEX_LEN + 1];
	cr_assert_eq(pack_builder_build(&data, &len, h2, b), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "changed after it was read"), "%s",
		  clerk_error_last()->message);
	cr_assert_null(data);
	/* replaced by a symbolic link: not followed */
	unlink(path);
	write_file("other", text);
	char *other = tpath("other");
	cr_assert_eq(symlink(other, path), 0);
	cr_assert_eq(pack_builder_build(&data, &len, h2, b), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "symbolic link"), "%s",
		  clerk_error_last()->message);
	/* a bad digest is refused when added */
	cr_assert_eq(pack_builder_add_file(b, "x", path, 1, "ABC"), CLERK_EINVALID);
	clerk_error_clear();
	free(other);
	free(path);
	strbuf_release(&sb);
	built_free(&mem);
	pack_builder_free(b);
	ASSERT_NO_LEAKS();
}

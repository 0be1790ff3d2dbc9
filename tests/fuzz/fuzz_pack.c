/*
 * fuzz_pack.c - libFuzzer target for the audit-pack reader and the run
 * parameters reader.
 *
 * The input is a whole file, opened with pack_open_buffer() as an audit
 * pack: an auditor opens packs months after they were written, and a pack
 * may have been damaged or tampered with since. When it opens, every member
 * is listed and read (with several limits), the MANIFEST is parsed, the pack
 * is verified alone, against itself as the previous pack, and chained both
 * ways with a pack built from its members, and run.json (when present) goes
 * through nightly_read_params(). The input's raw bytes go through
 * nightly_read_params() as well, so that the JSON reader is fuzzed directly,
 * and through the readers of the night's inbox.tsv and log.jsonl
 * (nightly_read_inbox(), nightly_read_clean()), whose rows and names must
 * read back the same when written again (check_inbox()).
 *
 * Then a pack is built with pack_builder from the input's own members: the
 * members of the opened pack that can be read (date, previous and headers
 * from its MANIFEST when it parses), or, when the input is not a zip
 * archive, the pieces of the input between NUL bytes (the first line of a
 * piece is a member name, or "key: value" for a manifest header; the rest
 * is the member's bytes). That pack is opened and verified again, and a
 * second pack chained to it. Everything is freed, and LeakSanitizer checks
 * the release.
 *
 * Invariants (abort() when broken, a real bug):
 *   - pack_open_buffer either fails with CLERK_EPARSE and a message, or
 *     opens; the display name is the one given;
 *   - pack_manifest returns 0 with a manifest, or an error with a message
 *     and no manifest; CLERK_ENOTFOUND exactly when no member is called
 *     MANIFEST; a second call returns the same. A manifest is version 1,
 *     dated, has a valid `previous:` and SHA-256, headers sorted by key and
 *     unique, entries sorted by name and unique, each name allowed;
 *   - pack_member_read never appends more than its max, leaves the buffer
 *     unchanged when it fails, fails with CLERK_EINVALID when the member
 *     has more bytes than max, returns the same bytes every time, and
 *     CLERK_ENOTFOUND only for a name that is not in the pack;
 *   - pack_verify returns 0; every finding has a message, and a chain
 *     finding only comes with a previous pack; the members count and the
 *     MANIFEST SHA-256 are those of the manifest (0 and "" when it cannot be
 *     read); when there is no finding, every member is listed and reads
 *     back with the listed size and SHA-256;
 *   - a pack built by pack_builder from the input's members opens, has the
 *     MANIFEST first and the members sorted after it, reads back byte for
 *     byte, lists the headers, date and previous given, and pack_verify
 *     reports no finding for it; a second pack chained to it verifies
 *     against it with no finding, and it does not verify against the second
 *     (chain broken);
 *   - pack_builder_add accepts exactly the allowed names (pack_name_problem)
 *     other than MANIFEST and MANIFEST.minisig, and refuses names given twice;
 *   - nightly_read_params returns 0 with a date and three strings, or
 *     CLERK_EPARSE with all three NULL; what it reads, written back as
 *     run.json, reads back the same.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "date.h"
#include "error.h"
#include "nightly.h"
#include "pack.h"
#include "sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Members taken into the built pack: at most this many, this many bytes in all. */
#define MAX_BUILD_MEMBERS 64
#define MAX_BUILD_BYTES (1u << 20)
/* The largest read of one member of the fuzzed pack. */
#define MAX_READ (1u << 20)

struct member {
	char *name;
	struct strbuf data;
};

struct header {
	char *key;
	char *value;
};

struct build_input {
	clerk_date date;
	bool has_previous;
	char previous[SHA256_HEX_LEN + 1];
	struct member members[MAX_BUILD_MEMBERS];
	size_t nmembers, bytes;
	struct header headers[MAX_BUILD_MEMBERS];
	size_t nheaders;
};

static NORETURN void broken(const char *what)
{
	fprintf(stderr, "fuzz_pack: invariant broken: %s (last error: %s)\n", what,
		clerk_error_last()->message);
	abort();
}

/* The names the builder keeps for itself: the manifest and its signature. */
static bool reserved_member(const char *name)
{
	return !strcmp(name, PACK_MANIFEST_NAME) || !strcmp(name, PACK_SIGNATURE_NAME);
}

static bool is_hex64(const char *s)
{
	if (strlen(s) != SHA256_HEX_LEN)
		return false;
	for (size_t i = 0; i < SHA256_HEX_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool has_message(void)
{
	const char *m = clerk_error_last()->message;
	return m && *m;
}

static bool date_in_zip_range(clerk_date d)
{
	int y, m, day;
	if (d == DATE_NONE)
		return false;
	date_to_ymd(d, &y, &m, &day);
	return y >= 1980 && y <= 2107;
}

/* ------------------------------------------------------------------ */
/* run.json */

/* Writes run.json the way nightly_compute() does (no inputs). */
static void write_params(struct strbuf *out, clerk_date date, const char *run_id,
			 const char *books_name, const char *version)
{
	char d[11];
	date_format(date, d);
	strbuf_addstr(out, "{\n  \"clerk_version\": ");
	json_add_string(out, version);
	strbuf_addstr(out, ",\n  \"date\": ");
	json_add_string(out, d);
	strbuf_addstr(out, ",\n  \"run\": ");
	json_add_string(out, run_id);
	strbuf_addstr(out, ",\n  \"books\": ");
	json_add_string(out, books_name);
	strbuf_addstr(out, ",\n  \"inputs\": []\n}\n");
}

static void check_params(const char *json, size_t len)
{
	static char unset[] = "unset"; /* must be replaced by NULL on failure */
	clerk_date date = 0, date2 = 0;
	char *run_id = unset, *books = unset, *version = unset;
	char *run_id2 = NULL, *books2 = NULL, *version2 = NULL;
	int rc = nightly_read_params(json, len, &date, &run_id, &books, &version);
	if (rc) {
		if (rc != CLERK_EPARSE || run_id || books || version || !has_message())
			broken("nightly_read_params failed without CLERK_EPARSE, a message and NULLs");
		return;
	}
	if (date == DATE_NONE || !run_id || !books || !version)
		broken("nightly_read_params succeeded without a date or a string");
	struct strbuf sb = STRBUF_INIT;
	write_params(&sb, date, run_id, books, version);
	if (nightly_read_params(sb.buf, sb.len, &date2, &run_id2, &books2, &version2))
		broken("run.json as written does not read back");
	if (date2 != date || strcmp(run_id, run_id2) || strcmp(books, books2) ||
	    strcmp(version, version2))
		broken("run.json reads back different parameters");
	strbuf_release(&sb);
	free(run_id);
	free(books);
	free(version);
	free(run_id2);
	free(books2);
	free(version2);
}

/*
 * inbox.tsv: what nightly_read_inbox() accepts reads back the same when its
 * names are escaped again; any name (the input up to its first NUL) escaped
 * by nightly_escape_name() reads back exactly; nightly_read_clean() never
 * succeeds without saying which.
 */
static void check_inbox(const char *data, size_t len)
{
	struct nightly_entry *rows = NULL;
	size_t n = 0;
	struct strbuf tsv = STRBUF_INIT, name = STRBUF_INIT;
	int rc = nightly_read_inbox(&rows, &n, data, len);
	if (rc && (rc != CLERK_EPARSE || !has_message()))
		broken("nightly_read_inbox failed without CLERK_EPARSE and a message");
	strbuf_addstr(&tsv, "name\tstatus\tsize\tsha256\twhy\n");
	for (size_t i = 0; !rc && i < n; i++) {
		if (!rows[i].name[0] || strchr(rows[i].why, '\n') || strchr(rows[i].why, '\t'))
			broken("an inbox.tsv row read back with an empty name or a broken why");
		nightly_escape_name(&tsv, rows[i].name);
		strbuf_addf(&tsv, "\t%s\t-\t-\t%s\n", nightly_status_name(rows[i].status), rows[i].why);
	}
	/* the input's first line as a name */
	strbuf_add(&name, data, strnlen(data, len));
	if (name.len) {
		nightly_escape_name(&tsv, name.buf);
		strbuf_addstr(&tsv, "\tleft\t-\t-\t\n");
	}
	struct nightly_entry *back = NULL;
	size_t nb = 0;
	if (nightly_read_inbox(&back, &nb, tsv.buf, tsv.len))
		broken("inbox.tsv as written does not read back");
	if (nb != (rc ? 0 : n) + (name.len ? 1 : 0))
		broken("inbox.tsv reads back another number of rows");
	for (size_t i = 0; i < nb; i++) {
		const char *want = i < (rc ? 0 : n) ? rows[i].name : name.buf;
		if (strcmp(back[i].name, want))
			broken("an escaped name reads back different");
		nightly_entry_release(&back[i]);
	}
	for (size_t i = 0; i < n; i++)
		nightly_entry_release(&rows[i]);
	free(rows);
	free(back);
	bool clean = false;
	rc = nightly_read_clean(&clean, data, len);
	if (rc && (rc != CLERK_EPARSE || !has_message()))
		broken("nightly_read_clean failed without CLERK_EPARSE and a message");
	clerk_error_clear();
	strbuf_release(&tsv);
	strbuf_release(&name);
}

/* ------------------------------------------------------------------ */
/* a pack from arbitrary bytes */

static void check_manifest(const struct pack_manifest *m)
{
	if (m->version != PACK_FORMAT_VERSION || m->date == DATE_NONE)
		broken("manifest version or date");
	if (m->has_previous ? !is_hex64(m->previous) : m->previous[0] != '\0')
		broken("manifest previous is not 64 hex digits or empty");
	if (!is_hex64(m->sha256))
		broken("manifest sha256 is not 64 hex digits");
	for (size_t i = 0; i < m->nheaders; i++) {
		if (!m->headers[i].key || !m->headers[i].value || !*m->headers[i].key ||
		    !*m->headers[i].value)
			broken("manifest header without key or value");
		if (i && strcmp(m->headers[i - 1].key, m->headers[i].key) >= 0)
			broken("manifest headers not sorted or not unique");
	}
	for (size_t i = 0; i < m->nentries; i++) {
		const struct pack_entry *e = &m->entries[i];
		if (!e->name || pack_name_problem(e->name, strlen(e->name)) ||
		    !strcmp(e->name, PACK_MANIFEST_NAME))
			broken("manifest entry with a name that is not allowed");
		if (!is_hex64(e->sha256))
			broken("manifest entry sha256 is not 64 hex digits");
		if (i && strcmp(m->entries[i - 1].name, e->name) >= 0)
			broken("manifest entries not sorted or not unique");
	}
}

/* Reads name with limit max into a buffer holding "x"; checks the limit and that a failure changes nothing. */
static int read_checked(struct strbuf *sb, struct pack *p, const char *name, size_t max)
{
	strbuf_reset(sb);
	strbuf_addch(sb, 'x');
	int rc = pack_member_read(sb, p, name, max);
	if (rc) {
		if ((rc != CLERK_EINVALID && rc != CLERK_ENOTFOUND) || !has_message())
			broken("pack_member_read failed without CLERK_EINVALID/ENOTFOUND and a message");
		if (sb->len != 1 || sb->buf[0] != 'x')
			broken("pack_member_read failed but changed the buffer");
	} else {
		if (sb->len < 1 || sb->buf[0] != 'x')
			broken("pack_member_read did not append");
		if (sb->len - 1 > max)
			broken("pack_member_read read more than its max");
	}
	return rc;
}

static void check_members(struct pack *p)
{
	size_t n = pack_member_count(p);
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const char *name = pack_member_name(p, i);
		if (!name)
			broken("member without name");
		(void)pack_member_size(p, i);
		/* the first member of that name is the one read */
		uint64_t claimed = 0;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(pack_member_name(p, k), name)) {
				claimed = pack_member_size(p, k);
				break;
			}
		int rc = read_checked(&sb, p, name, MAX_READ);
		if (rc == CLERK_ENOTFOUND)
			broken("a listed member is not found");
		if (!rc && claimed > MAX_READ)
			broken("a member claimed bigger than max was read");
		if (rc)
			continue;
		size_t got = sb.len - 1;
		if (read_checked(&again, p, name, got) ||
		    again.len != sb.len || memcmp(again.buf, sb.buf, sb.len))
			broken("a member does not read back the same with max = its size");
		if (got && read_checked(&again, p, name, got - 1) != CLERK_EINVALID)
			broken("a member was read with max below its size");
	}
	if (read_checked(&sb, p, "no/such\x7fmember", MAX_READ) != CLERK_ENOTFOUND)
		broken("a member that is not in the pack was found");
	strbuf_release(&sb);
	strbuf_release(&again);
}

static bool has_member(struct pack *p, const char *name)
{
	for (size_t i = 0; i < pack_member_count(p); i++)
		if (!strcmp(pack_member_name(p, i), name))
			return true;
	return false;
}

/* Verifies p (against previous, may be NULL) and checks the findings; returns their number. */
static size_t verify_checked(struct pack *p, struct pack *previous, bool want_clean)
{
	struct pack_verification v = PACK_VERIFICATION_INIT;
	const struct pack_manifest *m = NULL;
	int mrc = pack_manifest(&m, p);
	if (pack_verify(&v, p, previous))
		broken("pack_verify failed");
	for (size_t i = 0; i < v.findings.n; i++) {
		const struct pack_finding *f = &v.findings.v[i];
		if (!f->message || !*f->message)
			broken("a finding without message");
		if (f->kind < PACK_FINDING_NO_MANIFEST || f->kind > PACK_FINDING_BAD_PREVIOUS)
			broken("a finding of an unexpected kind");
		if (!previous && (f->kind == PACK_FINDING_CHAIN || f->kind == PACK_FINDING_CHAIN_DATE ||
				  f->kind == PACK_FINDING_BAD_PREVIOUS))
			broken("a chain finding without a previous pack");
		if (want_clean)
			fprintf(stderr, "fuzz_pack: finding %d %s: %s\n", (int)f->kind,
				f->member ? f->member : "-", f->message);
	}
	if (mrc) {
		if (v.members || v.manifest_sha256[0])
			broken("verification of an unreadable manifest counts members");
		if (!v.findings.n)
			broken("an unreadable manifest but no finding");
	} else if (v.members != m->nentries || strcmp(v.manifest_sha256, m->sha256)) {
		broken("verification members or sha256 differ from the manifest");
	}
	if (want_clean && v.findings.n)
		broken("pack_verify reports a finding for a pack built by pack_builder");
	if (!v.findings.n) {
		/* clean: every member listed, each reads back as listed */
		struct strbuf sb = STRBUF_INIT;
		char hex[SHA256_HEX_LEN + 1];
		if (mrc)
			broken("no finding without a manifest");
		if (pack_member_count(p) != m->nentries + 1)
			broken("no finding but members are not the entries and MANIFEST");
		for (size_t i = 0; i < m->nentries; i++) {
			strbuf_reset(&sb);
			if (pack_member_read(&sb, p, m->entries[i].name, SIZE_MAX))
				broken("no finding but a listed member does not read");
			sha256_hex(sb.buf, sb.len, hex);
			if (sb.len != m->entries[i].size || strcmp(hex, m->entries[i].sha256))
				broken("no finding but a member differs from the manifest");
		}
		strbuf_release(&sb);
	}
	size_t count = v.findings.n;
	pack_verification_release(&v);
	if (v.findings.n || v.members || v.manifest_sha256[0])
		broken("pack_verification_release did not re-initialise");
	return count;
}

/* Everything a reader of an audit pack does, on the pack opened from the input. */
static const struct pack_manifest *check_pack(struct pack *p)
{
	const struct pack_manifest *m = (const struct pack_manifest *)p, *m2 = NULL;
	int rc = pack_manifest(&m, p);
	if (rc) {
		if (m || !has_message())
			broken("pack_manifest failed but gave a manifest or no message");
		if (rc != CLERK_ENOTFOUND && rc != CLERK_EINVALID && rc != CLERK_EPARSE)
			broken("pack_manifest failed with an unexpected code");
		if ((rc == CLERK_ENOTFOUND) == has_member(p, PACK_MANIFEST_NAME))
			broken("pack_manifest: CLERK_ENOTFOUND is not 'no MANIFEST member'");
	} else {
		if (!m)
			broken("pack_manifest succeeded without a manifest");
		check_manifest(m);
	}
	if (pack_manifest(&m2, p) != rc || m2 != (rc ? NULL : m))
		broken("pack_manifest gives another result the second time");

	check_members(p);

	size_t n1 = verify_checked(p, NULL, false);
	if (verify_checked(p, NULL, false) != n1)
		broken("pack_verify gives other findings the second time");
	(void)verify_checked(p, p, false);

	if (has_member(p, "run.json")) {
		struct strbuf sb = STRBUF_INIT;
		if (!pack_member_read(&sb, p, "run.json", 1u << 20))
			check_params(sb.buf, sb.len);
		strbuf_release(&sb);
	}
	return rc ? NULL : m;
}

/* ------------------------------------------------------------------ */
/* a pack built from the input's members */

static void add_member(struct build_input *in, const char *name, size_t nlen, const void *data,
		       size_t len)
{
	if (in->nmembers == MAX_BUILD_MEMBERS || len > MAX_BUILD_BYTES - in->bytes)
		return;
	struct member *mb = &in->members[in->nmembers++];
	mb->name = xmalloc(nlen + 1);
	memcpy(mb->name, name, nlen);
	mb->name[nlen] = '\0';
	strbuf_init(&mb->data, 0);
	strbuf_add(&mb->data, data, len);
	in->bytes += len;
}

static void add_header(struct build_input *in, const char *key, size_t klen, const char *value,
		       size_t vlen)
{
	if (in->nheaders == MAX_BUILD_MEMBERS)
		return;
	struct header *h = &in->headers[in->nheaders++];
	h->key = xmalloc(klen + 1);
	memcpy(h->key, key, klen);
	h->key[klen] = '\0';
	h->value = xmalloc(vlen + 1);
	memcpy(h->value, value, vlen);
	h->value[vlen] = '\0';
}

/* The members (and manifest fields) of the opened pack p, m its manifest or NULL. */
static void input_from_pack(struct build_input *in, struct pack *p, const struct pack_manifest *m)
{
	struct strbuf sb = STRBUF_INIT;
	if (m) {
		if (date_in_zip_range(m->date))
			in->date = m->date;
		in->has_previous = m->has_previous;
		memcpy(in->previous, m->previous, sizeof(in->previous));
		for (size_t i = 0; i < m->nheaders; i++)
			add_header(in, m->headers[i].key, strlen(m->headers[i].key),
				   m->headers[i].value, strlen(m->headers[i].value));
	}
	for (size_t i = 0; i < pack_member_count(p); i++) {
		const char *name = pack_member_name(p, i);
		strbuf_reset(&sb);
		if (!strcmp(name, PACK_MANIFEST_NAME) ||
		    pack_member_read(&sb, p, name, MAX_BUILD_BYTES - in->bytes))
			continue;
		add_member(in, name, strlen(name), sb.buf, sb.len);
	}
	strbuf_release(&sb);
}

/* The pieces of the raw input between NUL bytes: "name\nbytes" or "key: value". */
static void input_from_bytes(struct build_input *in, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const char *nul = memchr(s, '\0', (size_t)(end - s));
		const char *stop = nul ? nul : end;
		const char *nl = memchr(s, '\n', (size_t)(stop - s));
		const char *line_end = nl ? nl : stop;
		const char *colon = NULL;
		for (const char *q = s; q + 1 < line_end; q++)
			if (q[0] == ':' && q[1] == ' ') {
				colon = q;
				break;
			}
		if (colon && !nl)
			add_header(in, s, (size_t)(colon - s), colon + 2, (size_t)(line_end - colon - 2));
		else
			add_member(in, s, (size_t)(line_end - s), nl ? nl + 1 : stop,
				   nl ? (size_t)(stop - nl - 1) : 0);
		s = stop + 1;
	}
}

static void release_input(struct build_input *in)
{
	for (size_t i = 0; i < in->nmembers; i++) {
		free(in->members[i].name);
		strbuf_release(&in->members[i].data);
	}
	for (size_t i = 0; i < in->nheaders; i++) {
		free(in->headers[i].key);
		free(in->headers[i].value);
	}
}

static int cmp_member_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct member *const *)a)->name,
		      (*(const struct member *const *)b)->name);
}

static int cmp_header_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct header *const *)a)->key,
		      (*(const struct header *const *)b)->key);
}

/* Checks the pack built from `in` (accepted members and headers given) as a reader sees it. */
static void check_built(struct pack *bp, const struct build_input *in, const struct member **mem,
			size_t nmem, const struct header **hdr, size_t nhdr, const char *hex)
{
	const struct pack_manifest *m;
	struct strbuf sb = STRBUF_INIT;

	if (pack_manifest(&m, bp))
		broken("the manifest of a built pack does not read");
	check_manifest(m);
	if (strcmp(m->sha256, hex))
		broken("the built manifest's sha256 is not the one pack_builder_build gave");
	if (m->date != in->date || m->has_previous != in->has_previous ||
	    (in->has_previous && strcmp(m->previous, in->previous)))
		broken("the built manifest's date or previous differ");
	if (m->nheaders != nhdr || m->nentries != nmem)
		broken("the built manifest does not list what was added");
	qsort(hdr, nhdr, sizeof(*hdr), cmp_header_ptr);
	for (size_t i = 0; i < nhdr; i++)
		if (strcmp(m->headers[i].key, hdr[i]->key) || strcmp(m->headers[i].value, hdr[i]->value))
			broken("the built manifest's headers differ");
	qsort(mem, nmem, sizeof(*mem), cmp_member_ptr);
	if (pack_member_count(bp) != nmem + 1 ||
	    strcmp(pack_member_name(bp, 0), PACK_MANIFEST_NAME))
		broken("a built pack does not start with MANIFEST");
	for (size_t i = 0; i < nmem; i++) {
		char h[SHA256_HEX_LEN + 1];
		const struct strbuf *d = &mem[i]->data;
		sha256_hex(d->buf, d->len, h);
		if (strcmp(pack_member_name(bp, i + 1), mem[i]->name) ||
		    pack_member_size(bp, i + 1) != d->len)
			broken("a built pack's members are not those added, sorted");
		if (strcmp(m->entries[i].name, mem[i]->name) || m->entries[i].size != d->len ||
		    strcmp(m->entries[i].sha256, h))
			broken("a built manifest's entry differs from the member added");
		if (read_checked(&sb, bp, mem[i]->name, d->len) || sb.len != d->len + 1 ||
		    memcmp(sb.buf + 1, d->buf, d->len))
			broken("a built member does not read back byte for byte");
		if (d->len && read_checked(&sb, bp, mem[i]->name, d->len - 1) != CLERK_EINVALID)
			broken("a built member was read with max below its size");
	}
	strbuf_release(&sb);
	(void)verify_checked(bp, NULL, true);
}

static void build_and_check(struct build_input *in, struct pack *original)
{
	struct pack_builder *b = NULL, *b2 = NULL;
	const struct member *mem[MAX_BUILD_MEMBERS];
	const struct header *hdr[MAX_BUILD_MEMBERS];
	size_t nmem = 0, nhdr = 0;
	char *zip = NULL, *zip2 = NULL, hex[SHA256_HEX_LEN + 1], hex2[SHA256_HEX_LEN + 1];
	size_t len = 0, len2 = 0;
	struct pack *bp = NULL, *bp2 = NULL;

	if (pack_builder_new(&b, in->date) || !b)
		broken("pack_builder_new refused a date in range");
	if (pack_builder_set_previous(b, in->has_previous ? in->previous : NULL))
		broken("pack_builder_set_previous refused the previous of a manifest");
	for (size_t i = 0; i < in->nheaders; i++) {
		int rc = pack_builder_add_header(b, in->headers[i].key, in->headers[i].value);
		if (!rc)
			hdr[nhdr++] = &in->headers[i];
		else if ((rc != CLERK_EINVALID && rc != CLERK_EEXISTS) || !has_message())
			broken("pack_builder_add_header failed without EINVALID/EEXISTS and a message");
	}
	for (size_t i = 0; i < in->nmembers; i++) {
		const struct member *mb = &in->members[i];
		const char *why = pack_name_problem(mb->name, strlen(mb->name));
		bool dup = false;
		for (size_t k = 0; k < nmem; k++)
			dup |= !strcmp(mem[k]->name, mb->name);
		int rc = pack_builder_add(b, mb->name, mb->data.buf, mb->data.len);
		if (!rc) {
			if (why || dup || reserved_member(mb->name))
				broken("pack_builder_add accepted a bad, reserved or repeated name");
			mem[nmem++] = mb;
		} else if (rc == CLERK_EEXISTS) {
			if (!dup)
				broken("pack_builder_add: CLERK_EEXISTS for a new name");
		} else if (rc != CLERK_EINVALID || !has_message()) {
			broken("pack_builder_add failed without EINVALID/EEXISTS and a message");
		} else if (!why && !dup && !reserved_member(mb->name) &&
			   !strchr(mb->name, '/')) {
			/* a name without '/' can only clash as the folder of an earlier member */
			size_t nl = strlen(mb->name);
			bool folder = false;
			for (size_t k = 0; k < nmem; k++)
				folder |= !strncmp(mem[k]->name, mb->name, nl) && mem[k]->name[nl] == '/';
			if (!folder)
				broken("pack_builder_add refused an allowed name");
		}
	}

	if (pack_builder_build(&zip, &len, hex, b))
		broken("pack_builder_build failed on a small pack");
	if (pack_open_buffer(&bp, zip, len, "built.zip"))
		broken("a pack built by pack_builder does not open");
	check_built(bp, in, mem, nmem, hdr, nhdr, hex);

	/* the next night's pack, chained to the built one */
	if (pack_builder_new(&b2, in->date) || pack_builder_set_previous(b2, hex) ||
	    pack_builder_add(b2, "run.json", zip, len > 64 ? 64 : len) ||
	    pack_builder_build(&zip2, &len2, hex2, b2))
		broken("cannot build the next pack");
	if (pack_open_buffer(&bp2, zip2, len2, "next.zip"))
		broken("the next pack does not open");
	(void)verify_checked(bp2, bp, true);
	{
		struct pack_verification v = PACK_VERIFICATION_INIT;
		bool chain = false;
		if (pack_verify(&v, bp, bp2))
			broken("pack_verify failed");
		for (size_t i = 0; i < v.findings.n; i++)
			chain |= v.findings.v[i].kind == PACK_FINDING_CHAIN;
		if (!chain)
			broken("a pack verified against a later pack shows no broken chain");
		pack_verification_release(&v);
	}
	if (original) {
		(void)verify_checked(bp, original, false);
		(void)verify_checked(original, bp, false);
	}

	pack_free(bp2);
	pack_free(bp);
	free(zip2);
	free(zip);
	pack_builder_free(b2);
	pack_builder_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct build_input in;
	struct pack *p = (struct pack *)&in;
	const struct pack_manifest *m = NULL;

	memset(&in, 0, sizeof(in));
	in.date = date_from_ymd(2026, 11, 28);

	check_params((const char *)data, size);
	check_inbox((const char *)data, size);

	int rc = pack_open_buffer(&p, data, size, "fuzz.zip");
	if (rc) {
		if (p || rc != CLERK_EPARSE || !strstr(clerk_error_last()->message, "'fuzz.zip'"))
			broken("pack_open_buffer failed without CLERK_EPARSE and a message naming it");
		input_from_bytes(&in, (const char *)data, size);
	} else {
		if (!p || strcmp(pack_path(p), "fuzz.zip"))
			broken("pack_open_buffer opened without a pack or under another name");
		m = check_pack(p);
		input_from_pack(&in, p, m);
	}
	build_and_check(&in, p);
	release_input(&in);
	pack_free(p);
	return 0;
}

/*
 * verify.c - `clerk verify`: check an audit pack against its MANIFEST and,
 * with --previous, its link to the pack before it (formats/pack.md).
 */
#include "compat.h"
#include "books.h"
#include "bookfiles.h"
#include "cmd.h"
#include "documents.h"
#include "error.h"
#include "fsutil.h"
#include "nightly.h"
#include "pack.h"
#include "sign.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
	"usage: clerk verify PACK.zip [--previous PACK.zip] [-f BOOKS] [--pubkey KEY.pub]\n"
	"       clerk verify --chain DIR [-f BOOKS] [--pubkey KEY.pub]\n\n"
	"Verify an audit pack: its MANIFEST is well formed, every member it lists\n"
	"is in the archive with the listed size and SHA-256, and nothing else is.\n"
	"With --previous, also check the chain: the pack's 'previous:' line must be\n"
	"the SHA-256 of the previous pack's MANIFEST, and the previous pack must not\n"
	"be dated later. Every problem is reported on standard error. Only when\n"
	"every check holds (the re-run too, with -f) is anything printed on standard\n"
	"output: 'PACK.zip: ok (N members, manifest sha256 HEX)', and with -f a\n"
	"second line for the re-run.\n\n"
	"  -p, --previous PACK  the pack of the run before (default: no chain check)\n"
	"  -f, --file BOOKS     also re-run the pack's inputs on these books (as they\n"
	"                       were before the run: the run's own posted file and\n"
	"                       those posted after it are left out) and check that the\n"
	"                       same transactions, reports and letters come out,\n"
	"                       and that the books' posted file is the pack's\n"
	"  -c, --chain DIR      check every pack of a packs folder (clerk-RUN.zip) in\n"
	"                       order of run: each one, its link to the one before,\n"
	"                       dates and run ids in order, none missing; a line per\n"
	"                       pack and a summary; with -f, each night re-run on\n"
	"                       the books as of that night\n"
	"  -k, --pubkey KEY.pub also check the pack's signatures with this minisign\n"
	"                       public key: PACK.zip.minisig over the file, and the\n"
	"                       MANIFEST.minisig member over the MANIFEST\n\n"
	"Exit status: 0 the pack holds, 1 it does not (a changed byte, a bad signature),\n"
	"2 usage, 3 a file cannot be read; with --pubkey, when all else holds: 7 signed\n"
	"by another key, 6 a signature is missing.\n";

static void finding(const char *path, const char *member, const char *msg)
{
	fprintf(stderr, "clerk: verify: %s: %s: %s\n", path, member, msg);
}

/* The number NNNNNN of a posted file "NNNNNN-KIND-HASH.journal", or -1. */
static long posted_number(const char *name)
{
	long n = 0;
	size_t i = 0;
	for (; i < 6; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return name[i] == '-' ? n : -1;
}

/* The run id in the first line ("; clerk-run: ID") of a posted run file, into id; false when none. */
static bool posted_run_id(const char *path, struct strbuf *id)
{
	struct strbuf text = STRBUF_INIT;
	bool ok = false;
	strbuf_reset(id);
	if (!fsutil_read_file(&text, path, FSUTIL_NOFOLLOW) && text.len > 13 &&
	    !strncmp(text.buf, "; clerk-run: ", 13)) {
		const char *e = memchr(text.buf + 13, '\n', text.len - 13);
		strbuf_add(id, text.buf + 13, e ? (size_t)(e - text.buf - 13) : text.len - 13);
		ok = true;
	}
	clerk_error_clear();
	strbuf_release(&text);
	return ok;
}

/*
 * The books as of an old night: the canonical paths of the files posted
 * after it (appended to later), to be left out with the run's own. After
 * it means numbered after the run's own posted file; when the run posted
 * nothing, from the first file of a later run on (formats/pack.md).
 */
static void later_posted_files(struct fsutil_names *later, const char *books, const char *run_id,
			       const books_run_files *own, long recorded_cutoff)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, id = STRBUF_INIT, real = STRBUF_INIT;
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	long cutoff = recorded_cutoff; /* files numbered cutoff and after are later */
	books_posted_dir(&dir, books);
	if (fsutil_list_dir(dir.buf, &names))
		goto out;
	for (size_t i = 0; recorded_cutoff < 0 && i < own->n; i++) {
		const char *base = strrchr(own->v[i].path, '/');
		long n = posted_number(base ? base + 1 : own->v[i].path);
		if (n >= 0 && (cutoff < 0 || n + 1 > cutoff))
			cutoff = n + 1;
	}
	for (size_t i = 0; cutoff < 0 && i < names.n; i++) {
		long n = posted_number(names.v[i]);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names.v[i]);
		if (n >= 0 && strstr(names.v[i], "-run-") && posted_run_id(path.buf, &id) &&
		    books_run_id_cmp(id.buf, run_id) > 0)
			cutoff = n;
	}
	for (size_t i = 0; cutoff >= 0 && i < names.n; i++) {
		long n = posted_number(names.v[i]);
		size_t len = strlen(names.v[i]);
		if (n < cutoff || len < 8 || strcmp(names.v[i] + len - 8, ".journal"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names.v[i]);
		strbuf_reset(&real);
		bool mine = false; /* the run's own file is left out as such, not counted as later */
		for (size_t k = 0; k < own->n; k++)
			mine = mine || !strcmp(own->v[k].path, path.buf) || !strcmp(own->v[k].real, path.buf);
		if (!mine && !fsutil_canonical(&real, path.buf)) {
			for (size_t k = 0; k < own->n; k++)
				mine = mine || !strcmp(own->v[k].real, real.buf);
			if (!mine)
				VEC_PUSH(later, strbuf_detach(&real, NULL));
		}
	}
out:
	clerk_error_clear();
	fsutil_names_release(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&id);
	strbuf_release(&real);
}

/*
 * The books' files the night recorded (its books.tsv member) into *out:
 * 0 when the pack has them, 1 when it has no books.tsv (a pack of an older
 * Clerk), -1 after reporting a books.tsv that cannot be read.
 */
static int recorded_books(bookfiles *out, const char *path, struct pack *p)
{
	struct strbuf tsv = STRBUF_INIT;
	int error = pack_member_read(&tsv, p, "books.tsv", 1u << 26);
	if (error == CLERK_ENOTFOUND) {
		clerk_error_clear();
		strbuf_release(&tsv);
		return 1;
	}
	if (!error)
		error = bookfiles_parse(out, tsv.buf, tsv.len);
	strbuf_release(&tsv);
	if (error) {
		char msg[512];
		snprintf(msg, sizeof(msg), "unreadable (%s): the books cannot be compared with that night's",
			 clerk_error_last()->message);
		finding(path, "books.tsv", msg);
		clerk_error_clear();
		return -1;
	}
	return 0;
}

/* The number after the last posted file the night read (0 when it read none): files from it on are later. */
static long recorded_cutoff(const bookfiles *rec)
{
	long cutoff = 1; /* 000000-clerk.journal is Clerk's placeholder, without transactions */
	for (size_t i = 0; i < rec->n; i++) {
		const char *p = rec->v[i].path;
		long n = strncmp(p, "posted/", 7) || strchr(p + 7, '/') ? -1 : posted_number(p + 7);
		if (n >= 0 && n + 1 > cutoff)
			cutoff = n + 1;
	}
	return cutoff;
}

/*
 * Compares the files the night read with those on disk today, under the
 * folder of the root journal books: one reported per file changed or
 * missing since. Returns how many were reported.
 */
static size_t check_recorded_files(const char *path, const char *books, const char *run_id,
				   const bookfiles *rec)
{
	struct strbuf root = STRBUF_INIT, file = STRBUF_INIT, msg = STRBUF_INIT;
	const char *base = strrchr(books, '/');
	size_t bad = 0;
	fsutil_dirname(&root, books);
	base = base ? base + 1 : books;
	for (size_t i = 0; i < rec->n; i++) {
		const struct bookfile *b = &rec->v[i];
		uint64_t size = 0;
		char sha[SHA256_HEX_LEN + 1];
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/%s", root.buf, b->path);
		strbuf_reset(&msg);
		int error = bookfiles_hash_file(&size, sha, file.buf);
		if (!error && (size != b->size || strcmp(sha, b->sha256)) && !strcmp(b->path, base) &&
		    bookfiles_root_prepared(file.buf, b))
			continue; /* the root journal, with the include line Clerk adds when it first posts */
		if (error == CLERK_ENOTFOUND)
			strbuf_addf(&msg, "%s is missing since the night of %s (it had %" PRIu64 " bytes)",
				    b->path, run_id, b->size);
		else if (error)
			strbuf_addf(&msg, "%s cannot be compared with the night of %s: %s", b->path, run_id,
				    clerk_error_last()->message);
		else if (size != b->size)
			strbuf_addf(&msg, "%s changed since the night of %s (size %" PRIu64 " -> %" PRIu64 ")",
				    b->path, run_id, b->size, size);
		else if (strcmp(sha, b->sha256))
			strbuf_addf(&msg, "%s changed since the night of %s (sha256 %.12s… -> %.12s…)", b->path,
				    run_id, b->sha256, sha);
		clerk_error_clear();
		if (msg.len) {
			finding(path, "books.tsv", msg.buf);
			bad++;
		}
	}
	strbuf_release(&root);
	strbuf_release(&file);
	strbuf_release(&msg);
	return bad;
}

/*
 * Compares the files the books read today as of the night (j) with those
 * the night read: one reported per file added before the night's posted
 * files, or no longer read though it is still there. Returns how many.
 */
static size_t check_loaded_files(const char *path, const char *books, const char *run_id,
				 const bookfiles *rec, const struct journal *j)
{
	bookfiles now = VEC_INIT;
	struct strbuf root = STRBUF_INIT, file = STRBUF_INIT, msg = STRBUF_INIT;
	size_t bad = 0;
	bookfiles_of_journal(&now, j);
	for (size_t i = 0; i < now.n; i++)
		if (!bookfiles_find(rec, now.v[i].path) && strcmp(now.v[i].path, BOOKFILES_PLACEHOLDER)) {
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s is in the books as of the night of %s, but that night did not "
					  "read it (added since)",
				    now.v[i].path, run_id);
			finding(path, "books.tsv", msg.buf);
			bad++;
		}
	fsutil_dirname(&root, books);
	for (size_t i = 0; i < rec->n; i++) {
		struct stat st;
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/%s", root.buf, rec->v[i].path);
		if (!bookfiles_find(&now, rec->v[i].path) && !lstat(file.buf, &st)) {
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s was read by the night of %s, the books no longer read it "
					  "(an include removed?)",
				    rec->v[i].path, run_id);
			finding(path, "books.tsv", msg.buf);
			bad++;
		}
	}
	bookfiles_release(&now);
	strbuf_release(&root);
	strbuf_release(&file);
	strbuf_release(&msg);
	return bad;
}

/*
 * Re-runs the night recorded in the pack on the books and compares every
 * member the run produces with the pack's, reading the pack's as it goes
 * (a member of any size is compared in bounded memory). Problems go to
 * stderr; what held is appended to ok_line (printed by the caller only
 * when everything held). Returns an exit code.
 */
/*
 * The night's documents as its documents.tsv lists them, into docs (*have:
 * whether the pack has one). Returns 0, or CLERK_EPARSE (a finding printed).
 */
static int pack_documents(documents *docs, bool *have, const char *path, struct pack *p)
{
	struct strbuf tsv = STRBUF_INIT;
	int error = pack_member_read(&tsv, p, "documents.tsv", 1u << 26);
	*have = !error;
	if (error == CLERK_ENOTFOUND)
		error = 0;
	else if (!error)
		error = documents_parse_tsv(docs, tsv.buf, tsv.len);
	if (error)
		finding(path, "documents.tsv", clerk_error_last()->message);
	clerk_error_clear();
	strbuf_release(&tsv);
	return error;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Why member name (a document, its bytes data) is not what the books record, or NULL. */
static const char *document_finding(const documents *recorded, const documents *listed,
				    const char *name, const struct strbuf *data)
{
	const struct document *rec = documents_find(recorded, name + 10);
	const struct document *row = documents_find(listed, name + 10);
	char sha[SHA256_HEX_LEN + 1];
	sha256_hex(data->buf, data->len, sha);
	if (!rec)
		return "the books record no document of this name";
	for (; rec < recorded->v + recorded->n && !strcmp(rec->name, name + 10); rec++)
		if (rec->size == data->len && !strcmp(rec->sha256, sha))
			return !row || row->why ? "documents.tsv does not list it as archived" : NULL;
	return "its SHA-256 is not the one the books record for it";
}

/*
 * Checks the pack's documents/ members against the books' record (j, the
 * books as of the night) and its documents.tsv (listed): each member must
 * be a document the books record, byte for byte, and each row archived
 * must be a member. Returns the number of findings.
 */
static size_t check_documents(const char *path, struct pack *p, const struct journal *j,
			      const documents *listed)
{
	documents recorded = VEC_INIT;
	struct strbuf data = STRBUF_INIT;
	VEC(const char *) members = VEC_INIT; /* the documents/ members, sorted */
	size_t bad = 0;
	documents_of_journal(&recorded, j, NULL);
	for (size_t i = 0; i < pack_member_count(p); i++) {
		const char *m = pack_member_name(p, i), *why;
		if (strncmp(m, "documents/", 10))
			continue;
		VEC_PUSH(&members, m + 10);
		strbuf_reset(&data);
		if (pack_member_read(&data, p, m, 1u << 28))
			why = "cannot be read: its data is damaged";
		else
			why = document_finding(&recorded, listed, m, &data);
		if (why) {
			finding(path, m, why);
			bad++;
		}
	}
	if (members.n > 1)
		qsort(members.v, members.n, sizeof(*members.v), cmp_str);
	for (size_t i = 0; i < listed->n; i++) {
		const char *key = listed->v[i].name;
		if (listed->v[i].why || (members.n && bsearch(&key, members.v, members.n, sizeof(*members.v), cmp_str)))
			continue;
		strbuf_reset(&data);
		strbuf_addf(&data, "documents/%s", key);
		finding(path, data.buf, "documents.tsv lists it as archived, the pack does not hold it");
		bad++;
	}
	clerk_error_clear();
	documents_release(&recorded);
	strbuf_release(&data);
	VEC_FREE(&members);
	return bad;
}

static int verify_rerun(const char *path, const char *books, struct strbuf *ok_line)
{
	struct pack *p = NULL;
	struct strbuf params = STRBUF_INIT;
	struct journal *j = NULL;
	struct nightly night = NIGHTLY_INIT;
	struct diag d = DIAG_INIT;
	books_run_files own = VEC_INIT;
	struct fsutil_names later = FSUTIL_NAMES_INIT;
	struct nightly_input *in = NULL;
	struct strbuf *data = NULL;
	const char **skip = NULL;
	char *run_id = NULL, *books_name = NULL, *version = NULL, *pay_from = NULL;
	struct nightly_entry *entries = NULL;
	struct nightly_left *left = NULL;
	size_t nentries = 0, nleft = 0, docs_bad = 0;
	documents docs = VEC_INIT;
	bool has_docs = false;
	clerk_date date;
	size_t nin = 0, nm = 0, bad = 0, books_bad = 0;
	bookfiles rec = VEC_INIT;
	int rc = EXIT_OK, error = pack_open(&p, path);
	if (error)
		return cmd_fail(error);
	if ((error = pack_member_read(&params, p, "run.json", 1u << 20)) ||
	    (error = nightly_read_params(params.buf, params.len, &date, &run_id, &books_name, &version))) {
		finding(path, "run.json", "missing or unreadable: the pack cannot be re-run");
		rc = EXIT_DATA;
		goto out;
	}
	/* the inputs as received, each read no further than its MANIFEST size */
	const struct pack_manifest *man = NULL;
	if ((error = pack_manifest(&man, p))) {
		finding(path, PACK_MANIFEST_NAME, "unreadable: the pack cannot be re-run");
		rc = EXIT_DATA;
		goto out;
	}
	nm = pack_member_count(p);
	in = xcalloc(nm ? nm : 1, sizeof(*in));
	data = xcalloc(nm ? nm : 1, sizeof(*data));
	for (size_t i = 0; i < nm; i++) {
		const char *name = pack_member_name(p, i);
		if (strncmp(name, "inputs/", 7))
			continue;
		strbuf_init(&data[nin], 0);
		size_t listed = 0;
		for (size_t e = 0; e < man->nentries; e++)
			if (!strcmp(man->entries[e].name, name))
				listed = (size_t)man->entries[e].size;
		if ((error = pack_member_read(&data[nin], p, name, listed))) {
			finding(path, name, clerk_error_last()->message);
			rc = EXIT_DATA;
			goto out;
		}
		in[nin] = (struct nightly_input){ name + 7, NULL, data[nin].buf, data[nin].len };
		nin++;
	}
	/* the books' files the night read, compared with today's first (older packs have none) */
	int has_rec = recorded_books(&rec, path, p);
	if (has_rec < 0) {
		rc = EXIT_DATA;
		goto out;
	}
	if (!has_rec)
		books_bad = check_recorded_files(path, books, run_id, &rec);
	/* the books before the run: without the run's own posted file, nor those posted after it */
	books_find_run(&own, books, run_id);
	later_posted_files(&later, books, run_id, &own, has_rec ? -1 : recorded_cutoff(&rec));
	skip = xcalloc(own.n + later.n + 1, sizeof(*skip));
	for (size_t i = 0; i < own.n; i++)
		skip[i] = own.v[i].real;
	for (size_t i = 0; i < later.n; i++)
		skip[own.n + i] = later.v[i];
	if ((rc = cmd_load_books_night(&j, books, false, skip, true))) {
		if (books_bad && rc != EXIT_IO)
			rc = EXIT_DATA; /* the files named above are why */
		if (rc == EXIT_DATA)
			fprintf(stderr, "clerk: verify: %s: the books do not check, the run cannot be repeated\n",
				books);
		goto out;
	}
	if (!has_rec)
		books_bad += check_loaded_files(path, books, run_id, &rec, j);
	/* the inbox entries the night did not read, as it recorded them */
	struct strbuf tsv = STRBUF_INIT;
	if (!pack_member_read(&tsv, p, "inbox.tsv", 1u << 26) &&
	    nightly_read_inbox(&entries, &nentries, tsv.buf, tsv.len)) {
		strbuf_release(&tsv);
		finding(path, "inbox.tsv", "unreadable: the pack cannot be re-run");
		rc = EXIT_DATA;
		goto out;
	}
	strbuf_release(&tsv);
	clerk_error_clear();
	left = xcalloc(nentries ? nentries : 1, sizeof(*left));
	for (size_t i = 0; i < nentries; i++)
		if (entries[i].status == NIGHTLY_WAITING || entries[i].status == NIGHTLY_LEFT)
			left[nleft++] = (struct nightly_left){ entries[i].name, entries[i].status,
								entries[i].why,
								entries[i].sha256[0] ? entries[i].sha256 : NULL,
								entries[i].size };
	pay_from = nightly_read_pay(params.buf, params.len); /* the night's payment run, if asked */
	if (pack_documents(&docs, &has_docs, path, p)) {
		rc = EXIT_DATA;
		goto out;
	}
	docs_bad = check_documents(path, p, j, &docs);
	struct nightly_options no = { date,  run_id, books_name, version,	  left,
				      nleft, NULL,   NULL,	 pay_from != NULL, pay_from,
				      has_docs ? &docs : NULL };
	if ((error = nightly_compute(&night, j, in, nin, &no, &d))) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: verify: %s: re-running the pack's inputs fails: %s\n", path,
			clerk_error_last()->message);
		rc = EXIT_DATA;
		goto out;
	}
	/* every member the run makes must be in the pack, byte for byte, and no other */
	for (size_t i = 0; i < night.members.n; i++) {
		const struct nightly_member *m = &night.members.v[i];
		bool same;
		uint64_t size;
		if (!strcmp(m->name, "books.tsv"))
			continue; /* compared file by file above (the root gains its include line); older packs lack it */
		error = pack_member_compare(&same, &size, p, m->name, m->data.buf, m->data.len);
		if (error == CLERK_ENOTFOUND) {
			finding(path, m->name, "the re-run produces it, the pack does not hold it");
			bad++;
		} else if (error) {
			finding(path, m->name, "cannot be compared with what the re-run produces: its data "
					       "is damaged");
			bad++;
		} else if (!same && size != m->data.len) {
			char msg[160];
			snprintf(msg, sizeof(msg),
				 "differs from what the re-run produces: %" PRIu64 " bytes in the pack, "
				 "%zu from the re-run",
				 size, m->data.len);
			finding(path, m->name, msg);
			bad++;
		} else if (!same) {
			finding(path, m->name, "differs from what the re-run produces");
			bad++;
		}
	}
	for (size_t i = 0; i < nm; i++) {
		const char *name = pack_member_name(p, i);
		if (strcmp(name, PACK_MANIFEST_NAME) && strcmp(name, PACK_SIGNATURE_NAME) &&
		    strncmp(name, "documents/", 10) && !nightly_member(&night, name)) {
			finding(path, name, "in the pack, but the re-run does not produce it");
			bad++;
		}
	}
	/* the books hold what the pack says the run posted */
	for (size_t i = 0; i < own.n; i++)
		if (own.v[i].text.len != nightly_posted(&night)->len ||
		    memcmp(own.v[i].text.buf, nightly_posted(&night)->buf, own.v[i].text.len)) {
			fprintf(stderr, "clerk: verify: %s: differs from the pack's posted.journal\n",
				own.v[i].path);
			bad++;
		}
	clerk_error_clear();
	bad += books_bad + docs_bad;
	if (bad)
		rc = EXIT_DATA;
	else
		strbuf_addf(ok_line, "%s: re-run on %s: the same %zu members%s", path, books,
			    night.members.n - (has_rec ? 1 : 0),
			    own.n ? ", and the books hold the posted transactions" : "");
	if (!bad && docs.n - documents_refused(&docs))
		strbuf_addf(ok_line, "; %zu document%s as the books record them", docs.n - documents_refused(&docs),
			    docs.n - documents_refused(&docs) == 1 ? "" : "s");
	if (!bad && later.n)
		strbuf_addf(ok_line, " (the books as of that night: %zu later posted file%s left out)", later.n,
			    later.n == 1 ? "" : "s");
	if (!bad)
		strbuf_addch(ok_line, '\n');
out:
	documents_release(&docs);
	for (size_t i = 0; i < nentries; i++)
		nightly_entry_release(&entries[i]);
	free(entries);
	free(left);
	for (size_t i = 0; i < nin; i++)
		strbuf_release(&data[i]);
	free(data);
	free(in);
	free(skip);
	fsutil_names_release(&later);
	free(run_id);
	free(books_name);
	free(version);
	free(pay_from);
	books_run_files_release(&own);
	bookfiles_release(&rec);
	nightly_release(&night);
	diag_release(&d);
	journal_free(j);
	strbuf_release(&params);
	pack_free(p);
	return rc;
}

/* The exit status of a verification's findings: 1 for anything that does not hold, else 7, 6 or 0. */
static int findings_status(const struct pack_verification *v)
{
	bool unsigned_ = false, other_key = false;
	for (size_t i = 0; i < v->findings.n; i++) {
		enum pack_finding_kind k = v->findings.v[i].kind;
		if (k == PACK_FINDING_UNSIGNED)
			unsigned_ = true;
		else if (k == PACK_FINDING_OTHER_KEY)
			other_key = true;
		else
			return EXIT_DATA;
	}
	/* what is changed wins over who signed, and that over a signature left out */
	return other_key ? EXIT_OTHER_KEY : unsigned_ ? EXIT_UNSIGNED : EXIT_OK;
}

/* How bad an exit status is: 0, 6, 7, 1, 2, 3, then anything else (70). */
static int badness(int rc)
{
	static const int order[] = { EXIT_OK, EXIT_UNSIGNED, EXIT_OTHER_KEY, EXIT_DATA, EXIT_USAGE, EXIT_IO };
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (order[i] == rc)
			return (int)i;
	return (int)ARRAY_SIZE(order);
}

/* The worse of two exit statuses. */
static int worse(int a, int b)
{
	return badness(a) >= badness(b) ? a : b;
}

static void print_findings(const char *path, const struct pack_verification *v)
{
	for (size_t i = 0; i < v->findings.n; i++) {
		const struct pack_finding *f = &v->findings.v[i];
		if (f->member)
			fprintf(stderr, "clerk: verify: %s: %s: %s\n", path, f->member, f->message);
		else
			fprintf(stderr, "clerk: verify: %s: %s\n", path, f->message);
	}
}

/* The run id of a pack file name "clerk-ID.zip" (ID: DATE or DATE.K, K > 1), or NULL. */
static char *pack_file_run_id(const char *name)
{
	size_t len = strlen(name);
	if (len < 20 || strncmp(name, "clerk-", 6) || strcmp(name + len - 4, ".zip"))
		return NULL;
	char ds[11];
	memcpy(ds, name + 6, 10);
	ds[10] = '\0';
	if (date_parse_iso(ds) == DATE_NONE)
		return NULL;
	if (len != 20) {
		if (name[16] != '.' || len < 22 || name[17] == '0')
			return NULL;
		for (size_t i = 17; i < len - 4; i++)
			if (name[i] < '0' || name[i] > '9')
				return NULL;
	}
	char *id = xmalloc(len - 10 + 1);
	memcpy(id, name + 6, len - 10);
	id[len - 10] = '\0';
	return id;
}

struct chain_pack {
	char *name, *id, *path;
};

static int cmp_chain_pack(const void *a, const void *b)
{
	return books_run_id_cmp(((const struct chain_pack *)a)->id, ((const struct chain_pack *)b)->id);
}

/*
 * What the chain needs of pack c beyond pack_verify() with its previous one:
 * its MANIFEST's date and run are those of its file name, and the first pack
 * starts the chain. Appends findings to v.
 */
static void check_chain_names(struct pack_verification *v, const struct chain_pack *c, bool first)
{
	struct pack *p = NULL;
	const struct pack_manifest *m = NULL;
	if (pack_open(&p, c->path) || pack_manifest(&m, p)) {
		clerk_error_clear();
		pack_free(p);
		return; /* pack_verify() said why */
	}
	char ds[11];
	date_format(m->date, ds);
	if (strncmp(c->id, ds, 10))
		pack_finding_add(v, PACK_FINDING_CHAIN_DATE, NULL,
				 "the MANIFEST is dated %s, the file name says run %s", ds, c->id);
	for (size_t i = 0; i < m->nheaders; i++)
		if (!strcmp(m->headers[i].key, "run") && strcmp(m->headers[i].value, c->id))
			pack_finding_add(v, PACK_FINDING_CHAIN, NULL,
					 "the MANIFEST is of run %s, the file name says run %s",
					 m->headers[i].value, c->id);
	if (first && m->has_previous)
		pack_finding_add(v, PACK_FINDING_CHAIN, NULL,
				 "chain: previous: %.12s…, but no pack before it is in the folder (the "
				 "chain's start is missing)",
				 m->previous);
	pack_free(p);
}

/* `clerk verify --chain DIR`: every pack of DIR in order of run. */
static int verify_chain(const char *dir, const char *books, const struct sign_pubkey *pk, const char *keyid)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	VEC(struct chain_pack) packs = VEC_INIT;
	int rc = EXIT_OK;
	size_t broken = 0;
	const char *first_broken = NULL;
	if (fsutil_list_dir(dir, &names)) {
		fprintf(stderr, "clerk: error: cannot read the folder '%s': %s\n", dir, strerror(errno));
		return EXIT_IO;
	}
	for (size_t i = 0; i < names.n; i++) {
		char *id = pack_file_run_id(names.v[i]);
		if (!id)
			continue;
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s/%s", dir, names.v[i]);
		struct chain_pack c = { xstrdup(names.v[i]), id, strbuf_detach(&path, NULL) };
		VEC_PUSH(&packs, c);
	}
	if (packs.n)
		qsort(packs.v, packs.n, sizeof(*packs.v), cmp_chain_pack);
	for (size_t i = 0; i < packs.n; i++) {
		const struct chain_pack *c = &packs.v[i];
		struct pack_verification v = PACK_VERIFICATION_INIT;
		int error = pack_verify_file(&v, c->path, i ? packs.v[i - 1].path : NULL);
		if (!error)
			check_chain_names(&v, c, i == 0);
		if (!error && pk)
			error = sign_verify_pack(&v, c->path, pk);
		int r = error ? cmd_exit_code(error) : findings_status(&v);
		if (error)
			fprintf(stderr, "clerk: verify: %s: %s\n", c->path, clerk_error_last()->message);
		print_findings(c->path, &v);
		struct strbuf rerun = STRBUF_INIT;
		if (books && !error)
			r = worse(r, verify_rerun(c->path, books, &rerun));
		strbuf_release(&rerun);
		if (r == EXIT_OK)
			printf("%s: ok (run %s, %zu member%s, manifest sha256 %.12s…%s)\n", c->name, c->id, v.members,
			       v.members == 1 ? "" : "s", v.manifest_sha256, books ? ", the re-run the same" : "");
		else {
			printf("%s: not ok (run %s: see the messages on standard error)\n", c->name, c->id);
			if (!broken++)
				first_broken = c->name;
		}
		rc = worse(rc, r);
		pack_verification_release(&v);
	}
	if (!packs.n) {
		fprintf(stderr, "clerk: verify: %s: no audit packs (clerk-RUN.zip) in the folder\n", dir);
		rc = EXIT_DATA;
	} else if (!broken)
		printf("%s: the chain holds: %zu pack%s, runs %s to %s%s%s\n", dir, packs.n,
		       packs.n == 1 ? "" : "s", packs.v[0].id, packs.v[packs.n - 1].id,
		       pk ? ", every one signed by key " : "", pk ? keyid : "");
	else
		printf("%s: the chain does not hold: %zu of %zu packs not ok, the first is %s\n", dir, broken,
		       packs.n, first_broken);
	for (size_t i = 0; i < packs.n; i++) {
		free(packs.v[i].name);
		free(packs.v[i].id);
		free(packs.v[i].path);
	}
	VEC_FREE(&packs);
	fsutil_names_release(&names);
	return cmd_finish_stdout(rc);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "previous", required_argument, NULL, 'p' },
		{ "file", required_argument, NULL, 'f' },
		{ "pubkey", required_argument, NULL, 'k' },
		{ "chain", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *previous = NULL, *books = NULL, *pubkey = NULL, *chain = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "p:f:k:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			previous = optarg;
			break;
		case 'f':
			books = optarg;
			break;
		case 'k':
			pubkey = optarg;
			break;
		case 'c':
			chain = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("verify", argv, "p:f:k:c:");
		}
	}
	if (chain && previous)
		return cmd_usage_error("verify", "--chain checks the links itself: not with --previous");
	if (chain && optind < argc)
		return cmd_usage_error("verify", "unexpected argument '%s' (--chain takes the folder)",
				       argv[optind]);
	if (!chain && optind == argc)
		return cmd_usage_error("verify", "no pack given");
	if (!chain && optind + 1 < argc)
		return cmd_usage_error("verify", "unexpected argument '%s'", argv[optind + 1]);

	struct sign_pubkey pk;
	char keyid[2 * SIGN_KEYID_LEN + 1] = "";
	int error = pubkey ? sign_pubkey_read(&pk, pubkey) : 0;
	if (error == CLERK_EPARSE) {
		fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
		return EXIT_USAGE;
	}
	if (error)
		return cmd_fail(error);
	if (pubkey)
		sign_keyid_hex(keyid, pk.keyid);
	if (chain)
		return verify_chain(chain, books, pubkey ? &pk : NULL, keyid);
	const char *path = argv[optind];

	struct pack_verification v = PACK_VERIFICATION_INIT;
	error = pack_verify_file(&v, path, previous);
	if (!error && pubkey)
		error = sign_verify_pack(&v, path, &pk);
	if (error) {
		pack_verification_release(&v);
		return cmd_fail(error);
	}
	/* stdout says what held, and only when everything did: no "ok" before the re-run */
	struct strbuf ok = STRBUF_INIT;
	print_findings(path, &v);
	int rc = findings_status(&v);
	strbuf_addf(&ok, "%s: ok (%zu member%s, manifest sha256 %s", path, v.members,
		    v.members == 1 ? "" : "s", v.manifest_sha256);
	if (pubkey)
		strbuf_addf(&ok, ", signed by key %s", keyid);
	strbuf_addstr(&ok, ")\n");
	pack_verification_release(&v);
	if (books)
		rc = worse(rc, verify_rerun(path, books, &ok));
	if (rc == EXIT_OK)
		fputs(ok.buf, stdout);
	strbuf_release(&ok);
	return rc;
}

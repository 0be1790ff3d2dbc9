#include "compat.h"
#include "billing.h"
#include "einvoice.h"
#include "bookfiles.h"
#include "books.h"
#include "documents.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "invoice.h"
#include "sha256.h"

#include <errno.h>
#include <sys/stat.h>

static const char usage_text[] =
	"usage: clerk invoice -f BOOKS [--dry-run] [-q] [-O text|csv] [--out DIR] BILLING.csv...\n\n"
	"Turn billing lines into invoices and credit notes and post them, all in one\n"
	"commit or none (formats/invoice.md). Each CSV file has a header row with the\n"
	"columns key, customer, issue_date, currency, description, quantity,\n"
	"unit_price, vat_category, vat_rate and optionally credits; the lines of one\n"
	"key form one document, a credits value (an invoice number) makes it a credit\n"
	"note. Numbers continue the books' series ('invoice-series:' and\n"
	"'credit-note-series:' on the receivable account) without a gap; sums follow\n"
	"EN 16931 (line nets and VAT per category and rate rounded half away from\n"
	"zero). Each document is also written as NUMBER.xml, a UBL 2.1 Invoice or\n"
	"CreditNote (Peppol BIS Billing 3.0), and NUMBER.html, a printable page\n"
	"(with an EPC QR code to pay EUR invoices); each file's path, size and\n"
	"SHA-256 are recorded on its transaction (clerk-document:), for the next\n"
	"night's audit pack. Any bad line refuses every file:\n"
	"nothing is posted and no file is written.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"  -n, --dry-run      check, number and show the documents, post nothing\n"
	"  -q, --quiet        print only errors\n"
	"  -O, --output FMT   text (default): one line per document; csv: key,invoice,\n"
	"                     customer,issue_date,due,currency,net,vat,total,ref,credits\n"
	"  -o, --out DIR      where the documents go (default: invoices/ beside the books;\n"
	"                     created if missing)\n";

/* One billing file of the call: its lines and digest. */
struct input {
	struct billing b;
	char hash[SHA256_HEX_LEN + 1];
};

/* Whether space-separated list holds hash. */
static bool hash_listed(const char *list, const char *hash)
{
	size_t n = strlen(hash);
	for (const char *p = list; p && *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len == n && !memcmp(p, hash, n))
			return true;
		p = sp ? sp + 1 : NULL;
	}
	return false;
}

/* Marks the books' files that lie in their posted/ folder (only those count as committed). */
static void mark_posted(struct journal *j, const char *root)
{
	struct strbuf pdir = STRBUF_INIT;
	books_posted_dir(&pdir, root);
	char *preal = realpath(pdir.buf, NULL);
	strbuf_release(&pdir);
	size_t plen = preal ? strlen(preal) : 0;
	for (size_t f = 0; f < j->files.n; f++) {
		const char *rp = j->files.v[f].realpath;
		j->files.v[f].posted = preal && rp && !strncmp(rp, preal, plen) && rp[plen] == '/' &&
				       !strchr(rp + plen + 1, '/');
	}
	free(preal);
}

/*
 * Reads the billing files; refuses a file already invoiced (its digest is in
 * a posted file's "; clerk-batch-sha256:") or given twice. Returns an exit code.
 */
static int read_inputs(struct input *in, char **paths, size_t n, struct journal *j,
		       const char *root, struct diag *d)
{
	int rc = EXIT_OK, error;
	size_t nfiles = j->files.n;
	mark_posted(j, root);
	for (size_t i = 0; i < n; i++) {
		error = billing_read_file(&in[i].b, paths[i], d);
		if (error == CLERK_ENOTFOUND || error == CLERK_EIO)
			return cmd_fail(error);
		sha256_hex(in[i].b.text.buf, in[i].b.text.len, in[i].hash);
		for (size_t f = 0; f < nfiles; f++)
			if (j->files.v[f].posted && hash_listed(j->files.v[f].batch_hash, in[i].hash)) {
				fprintf(stderr,
					"clerk: error: '%s' was already invoiced (%s); invoicing it "
					"again would bill its customers twice\n",
					paths[i], j->files.v[f].path);
				rc = EXIT_DATA;
			}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(in[k].hash, in[i].hash)) {
				fprintf(stderr, "clerk: error: billing file '%s' is given twice ('%s')\n",
					paths[i], paths[k]);
				rc = EXIT_DATA;
			}
	}
	return rc;
}

/* The posted file: a head naming the billing files and their digests, then the text. */
static void posted_text(struct strbuf *out, const struct input *in, char **paths, size_t n,
			const struct strbuf *text)
{
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(paths[i], '/');
		strbuf_addf(out, "; clerk-batch-sha256: %s\n; clerk-invoice-source: %s\n", in[i].hash,
			    base ? base + 1 : paths[i]);
	}
	strbuf_addch(out, '\n');
	strbuf_add(out, text->buf, text->len);
}

/*
 * A document's two files, NUMBER.xml and NUMBER.html, rendered one document
 * at a time (never all at once: 20,000 invoices are hundreds of MB of
 * pages).
 */
struct doc_files {
	struct strbuf path[2];
	struct strbuf bytes[2];
};

static const char *const file_ext[2] = { "xml", "html" };

/*
 * Renders document i into f: its EN 16931 model is checked with the
 * received-bills verifier (broken rules into d), written as UBL and drawn as
 * a page. Returns EXIT_OK or EXIT_DATA (a page that cannot be drawn: the
 * message printed).
 */
static int render_doc(const struct invoicer *iv, size_t i, const char *dir, struct doc_files *f,
		      struct diag *d)
{
	size_t n;
	const struct invoice_doc *docs = invoicer_docs(iv, &n);
	struct einvoice *inv = NULL;
	int rc = EXIT_OK;
	for (int k = 0; k < 2; k++) {
		strbuf_reset(&f->path[k]);
		strbuf_reset(&f->bytes[k]);
		strbuf_addf(&f->path[k], "%s/%s.%s", dir, docs[i].number, file_ext[k]);
	}
	invoicer_einvoice(iv, i, &inv);
	size_t before = d->nerrors;
	(void)einvoice_verify(inv, f->path[0].buf + strlen(dir) + 1, d);
	einvoice_write_ubl(inv, &f->bytes[0]);
	if (d->nerrors == before && invoice_html(inv, invoicer_lang(iv, i), &f->bytes[1])) {
		fprintf(stderr, "clerk: error: %s: %s\n", f->path[1].buf, clerk_error_last()->message);
		rc = EXIT_DATA;
	}
	einvoice_free(inv);
	return rc;
}

/* Refuses to replace an existing file with other bytes. Returns an exit code. */
static int check_existing(const char *path, const struct strbuf *bytes)
{
	struct strbuf old = STRBUF_INIT;
	int rc = EXIT_OK, error;
	struct stat st;
	if (lstat(path, &st) && errno == ENOENT)
		return EXIT_OK;
	if ((error = fsutil_read_file(&old, path, FSUTIL_NOFOLLOW)))
		rc = cmd_fail(error);
	else if (old.len != bytes->len || memcmp(old.buf, bytes->buf, old.len)) {
		fprintf(stderr,
			"clerk: error: '%s' exists with other content: it is not the document the "
			"books would number so (move it away if it was never sent); nothing was "
			"invoiced\n",
			path);
		rc = EXIT_DATA;
	}
	strbuf_release(&old);
	return rc;
}

/*
 * Checks document i when neither of its files exists yet: its rules and
 * whether its page can be drawn, without rendering either file (drawing
 * the QR codes is most of the rendering). Returns EXIT_OK or EXIT_DATA.
 */
static int check_doc_fresh(const struct invoicer *iv, size_t i, const char *number,
			   struct diag *d)
{
	struct einvoice *inv = NULL;
	struct strbuf name = STRBUF_INIT;
	int rc = EXIT_OK;
	invoicer_einvoice(iv, i, &inv);
	strbuf_addf(&name, "%s.xml", number);
	size_t before = d->nerrors;
	(void)einvoice_verify(inv, name.buf, d);
	if (d->nerrors == before && invoice_html_check(inv)) {
		fprintf(stderr, "clerk: error: %s.html: %s\n", number, clerk_error_last()->message);
		rc = EXIT_DATA;
	}
	strbuf_release(&name);
	einvoice_free(inv);
	return rc;
}

/* Whether path names anything (a file in the way, whatever it is). */
static bool exists(const char *path)
{
	struct stat st;
	return !lstat(path, &st) || errno != ENOENT;
}

/*
 * The first pass: every document checked (its rules, its page, the files
 * in the way: rendered only when one is there, to compare), nothing kept,
 * nothing written. Returns an exit code.
 */
static int check_docs(const struct invoicer *iv, const char *dir)
{
	size_t n;
	(void)invoicer_docs(iv, &n);
	struct doc_files f;
	struct diag d = DIAG_INIT;
	int rc = EXIT_OK;
	for (int k = 0; k < 2; k++) {
		strbuf_init(&f.path[k], 0);
		strbuf_init(&f.bytes[k], 0);
	}
	const struct invoice_doc *docs = invoicer_docs(iv, &n);
	for (size_t i = 0; i < n && rc != EXIT_IO; i++) {
		int r;
		for (int k = 0; k < 2; k++) {
			strbuf_reset(&f.path[k]);
			strbuf_addf(&f.path[k], "%s/%s.%s", dir, docs[i].number, file_ext[k]);
		}
		if (!exists(f.path[0].buf) && !exists(f.path[1].buf)) {
			r = check_doc_fresh(iv, i, docs[i].number, &d);
		} else {
			r = render_doc(iv, i, dir, &f, &d);
			for (int k = 0; k < 2 && r == EXIT_OK; k++)
				r = check_existing(f.path[k].buf, &f.bytes[k]);
		}
		if (r && rc != EXIT_IO)
			rc = r;
	}
	if (d.nerrors) {
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: the documents would break EN 16931's rules; give the "
				"books what they lack (name:, vat:, address:, country: on the bank "
				"account and the customers); nothing was invoiced\n");
		rc = EXIT_DATA;
	}
	for (int k = 0; k < 2; k++) {
		strbuf_release(&f.path[k]);
		strbuf_release(&f.bytes[k]);
	}
	diag_release(&d);
	return rc;
}

/*
 * The folder dir (existing) relative to the root journal's folder, into
 * rel ("" when it is that folder, else ending with '/'). Returns an exit code.
 */
static int docs_folder(struct strbuf *rel, const char *dir, const char *books)
{
	char *d = realpath(dir, NULL), *b = realpath(books, NULL);
	struct strbuf root = STRBUF_INIT;
	int rc = EXIT_OK;
	if (!d || !b) {
		rc = cmd_fail(clerk_error_set(CLERK_EIO, "cannot resolve '%s': %s", d ? books : dir,
					      strerror(errno)));
	} else {
		fsutil_dirname(&root, b);
		strbuf_reset(rel);
		if (strcmp(d, root.buf)) {
			bookfiles_relative_to(rel, d, root.buf);
			strbuf_addch(rel, '/');
		}
	}
	strbuf_release(&root);
	free(d);
	free(b);
	return rc;
}

/*
 * Records file path (written with bytes) on document i's transaction: the
 * clerk-document: tag (documents.h), the path relative to the root journal's
 * folder. Returns an exit code (a path a tag cannot hold: exit 2).
 */
static int record_doc(struct invoicer *iv, size_t i, const char *rel, const char *name,
		      const struct strbuf *bytes)
{
	struct strbuf path = STRBUF_INIT, value = STRBUF_INIT, back = STRBUF_INIT;
	char sha[SHA256_HEX_LEN + 1], again[SHA256_HEX_LEN + 1];
	uint64_t size;
	int rc = EXIT_OK;
	sha256_hex(bytes->buf, bytes->len, sha);
	strbuf_addf(&path, "%s%s", rel, name);
	documents_tag_value(&value, path.buf, bytes->len, sha);
	if (documents_parse_tag(value.buf, &back, &size, again) || strcmp(back.buf, path.buf)) {
		fprintf(stderr, "clerk: error: '%s' cannot be recorded in the books: %s\n", path.buf,
			clerk_error_last()->message);
		clerk_error_clear();
		rc = EXIT_USAGE;
	} else {
		invoicer_add_document(iv, i, value.buf);
	}
	strbuf_release(&path);
	strbuf_release(&value);
	strbuf_release(&back);
	return rc;
}

/*
 * The second pass: each document rendered again (the same bytes) and its
 * files written atomically into dir (created when missing), each recorded
 * on its transaction (record_doc); one sync of the file system at the end.
 * Returns an exit code.
 */
static int write_docs(struct invoicer *iv, const char *dir, const char *books)
{
	size_t n;
	(void)invoicer_docs(iv, &n);
	struct doc_files f;
	struct diag d = DIAG_INIT;
	int rc = EXIT_OK, error = 0;
	for (int k = 0; k < 2; k++) {
		strbuf_init(&f.path[k], 0);
		strbuf_init(&f.bytes[k], 0);
	}
	struct strbuf rel = STRBUF_INIT;
	if ((error = fsutil_mkdir(dir)))
		rc = cmd_fail(error);
	else
		rc = docs_folder(&rel, dir, books);
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = render_doc(iv, i, dir, &f, &d)) || d.nerrors)
			BUG("document %zu rendered differently the second time", i);
		for (int k = 0; k < 2 && !rc; k++)
			rc = record_doc(iv, i, rel.buf, f.path[k].buf + strlen(dir) + 1, &f.bytes[k]);
		for (int k = 0; k < 2 && !rc; k++)
			if ((error = fsutil_write_atomic_flags(f.path[k].buf, f.bytes[k].buf,
							       f.bytes[k].len, 0600, "invoice-file",
							       FSUTIL_NO_SYNC)))
				rc = cmd_fail(error);
	}
	strbuf_release(&rel);
	if (!rc)
		invoicer_rewrite_text(iv);
	if (!rc && n && (error = fsutil_sync_fs(dir)))
		rc = cmd_fail(error);
	for (int k = 0; k < 2; k++) {
		strbuf_release(&f.path[k]);
		strbuf_release(&f.bytes[k]);
	}
	diag_release(&d);
	return rc;
}

static void count_docs(const struct invoicer *iv, size_t *ninv, size_t *ncn)
{
	size_t n;
	const struct invoice_doc *docs = invoicer_docs(iv, &n);
	*ninv = *ncn = 0;
	for (size_t i = 0; i < n; i++)
		++*(docs[i].credit ? ncn : ninv);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int cmd_invoice(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },	    { "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'O' }, { "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TEXT;
	const char *file = NULL, *outdir = NULL;
	bool dry = false, quiet = false;
	int c, rc = EXIT_OK, error;
	while ((c = getopt_long(argc, argv, "f:nqhO:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'O':
			if (cmd_parse_format(optarg, &fmt))
				return cmd_usage_error("invoice", "unknown output format '%s'", optarg);
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("invoice", argv, "f:nqhO:o:");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("invoice", "no billing file given");
	if ((rc = cmd_books_path("invoice", &file)))
		return rc;

	size_t nin = (size_t)(argc - optind);
	struct input *in = xcalloc(nin, sizeof(*in));
	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct invoicer *iv = NULL;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT, content = STRBUF_INIT;
	char *posted = NULL;
	size_t nfiles = 0;
	struct strbuf dir = STRBUF_INIT;
	d.max_errors = CMD_MAX_DIAGNOSTICS;
	if (outdir) {
		strbuf_addstr(&dir, outdir);
	} else {
		fsutil_dirname(&dir, file);
		if (!strcmp(dir.buf, "."))
			strbuf_reset(&dir);
		else
			strbuf_addch(&dir, '/');
		strbuf_addstr(&dir, "invoices");
	}

	for (const char *p = dir.buf; *p; p++)
		if (*p == ',' || (unsigned char)*p < 0x20 || *p == 0x7f) {
			rc = cmd_usage_error("invoice", "the documents' folder '%s' holds a comma or a "
							"control character: the books could not record "
							"its files (formats/invoice.md)",
					     dir.buf);
			goto cleanup;
		}
	/* the numbers are decided from the books under their lock, up to the commit */
	if (!dry && (error = books_lock(&lock, file))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (!dry)
		books_clean_temporaries(file);
	if ((rc = cmd_load_books(&j, file, false)) ||
	    (rc = read_inputs(in, argv + optind, nin, j, file, &d)))
		goto cleanup;
	iv = invoicer_new(j);
	if (!d.nerrors)
		for (size_t i = 0; i < nin; i++)
			(void)invoicer_add(iv, &in[i].b, &d);
	if (!d.nerrors && (error = invoicer_plan(iv, &d)) && !d.nerrors) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (d.nerrors) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: nothing was invoiced\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	const struct strbuf *text = invoicer_text(iv);
	(void)invoicer_docs(iv, &nfiles);
	nfiles *= 2;
	if ((rc = cmd_check_text(j, "invoice", text, "documents", "posted")) ||
	    (rc = cmd_check_output("invoice", dir.buf, j, file, argv + optind, nin)) ||
	    (rc = check_docs(iv, dir.buf)))
		goto cleanup;
	size_t ninv, ncn;
	count_docs(iv, &ninv, &ncn);
	/*
	 * The files first, then the commit: a kill in between leaves files for
	 * numbers the books do not have, which the next run writes again with
	 * the same bytes (or refuses to replace when its documents differ).
	 */
	if (!dry && (rc = write_docs(iv, dir.buf, file)))
		goto cleanup; /* the clerk-document: tags parse as clerk check reads them (record_doc) */
	if (!dry) {
		char hash[SHA256_HEX_LEN + 1];
		posted_text(&content, in, argv + optind, nin, text);
		sha256_hex(content.buf, content.len, hash);
		if ((error = books_prepare(file)) ||
		    (error = books_commit(file, "invoice", hash, content.buf, content.len, &posted))) {
			rc = cmd_fail(error);
			goto cleanup;
		}
	}
	if (quiet)
		goto cleanup;
	if (fmt == OUTPUT_CSV) {
		invoicer_summary_csv(iv, &out);
	} else {
		invoicer_summary_text(iv, &out);
		strbuf_addf(&out, "%s %zu %s and %zu %s", dry ? "would post" : "posted", ninv,
			    plural(ninv, "invoice", "invoices"), ncn,
			    plural(ncn, "credit note", "credit notes"));
		if (posted)
			strbuf_addf(&out, " as %s", posted);
		strbuf_addch(&out, '\n');
		if (!dry && nfiles)
			strbuf_addf(&out, "wrote %zu file%s into %s\n", nfiles, nfiles == 1 ? "" : "s",
				    dir.buf);
	}
	cmd_write_stdout(&out);
cleanup:
	strbuf_release(&dir);
	free(posted);
	strbuf_release(&out);
	strbuf_release(&content);
	diag_release(&d);
	invoicer_free(iv);
	for (size_t i = 0; i < nin; i++)
		billing_release(&in[i].b);
	free(in);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

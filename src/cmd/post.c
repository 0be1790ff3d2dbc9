#include "compat.h"
#include "books.h"
#include "close.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "sha256.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk post -f BOOKS [--dry-run] [--strict] BATCH.journal...\n\n"
	"Validate journal batches against the books and commit them, whole or not\n"
	"at all: the batches' transactions must balance, use declared accounts,\n"
	"keep every balance assertion true, reuse no invoice or bill number, and\n"
	"raise none of clerk check's warnings (item tags on accounts that are not\n"
	"party accounts, misspelt reserved tags).\n"
	"All batches of one call go into one new file under posted/ beside the root\n"
	"journal, written atomically; a batch already posted is refused.\n\n"
	"  -f, --file BOOKS   the root journal (default: $CLERK_BOOKS)\n"
	"  -n, --dry-run      validate and report, write nothing\n"
	"      --strict       check the whole books with --strict\n"
	"  -q, --quiet        print nothing on success\n";

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

struct batch {
	const char *path;
	struct strbuf text;
	char hash[SHA256_HEX_LEN + 1];
};

int cmd_post(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' }, { "dry-run", no_argument, NULL, 'n' },
		{ "strict", no_argument, NULL, 's' },	  { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },	  { NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	bool dry = false, strict = false, quiet = false;
	int c, rc = EXIT_OK, error;
	while ((c = getopt_long(argc, argv, "f:nqh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 's':
			strict = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("post", argv, "f:nqh");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("post", "no batch given");
	if ((rc = cmd_books_path("post", &file)))
		return rc;

	size_t nb = (size_t)(argc - optind);
	struct batch *b = xcalloc(nb, sizeof(*b));
	struct books_lock *lock = NULL;
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	struct strbuf content = STRBUF_INIT;
	char *posted = NULL;
	d.max_errors = CMD_MAX_DIAGNOSTICS;
	for (size_t i = 0; i < nb; i++) {
		b[i].path = argv[optind + (int)i];
		strbuf_init(&b[i].text, 0);
	}

	if (!dry && (error = books_lock(&lock, file))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (!dry)
		books_clean_temporaries(file);
	error = journal_load_file(j, file, NULL, &d);
	if (error == CLERK_ENOTFOUND || error == CLERK_EIO) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	size_t nbooks_files = j->files.n, nbooks_txns = j->txns.n;
	if (d.nerrors) {
		diag_sort(&d);
		cmd_print_diag(&d);
		fprintf(stderr, "clerk: error: the books have errors; fix them before posting\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	/* only files in posted/ count as committed batches */
	struct strbuf pdir = STRBUF_INIT;
	books_posted_dir(&pdir, file);
	char *preal = realpath(pdir.buf, NULL);
	strbuf_release(&pdir);
	size_t plen = preal ? strlen(preal) : 0;
	for (size_t f = 0; f < nbooks_files; f++) {
		const char *rp = j->files.v[f].realpath;
		j->files.v[f].posted = preal && rp && !strncmp(rp, preal, plen) && rp[plen] == '/' &&
				       !strchr(rp + plen + 1, '/');
	}
	free(preal);
	for (size_t i = 0; i < nb; i++) {
		/* never blocks, reads no further than the batch's size (a FIFO, a device: refused) */
		if ((error = fsutil_read_file(&b[i].text, b[i].path, 0))) {
			rc = cmd_fail(error);
			goto cleanup;
		}
		char *real = realpath(b[i].path, NULL);
		for (size_t f = 0; real && f < nbooks_files; f++)
			if (j->files.v[f].realpath && !strcmp(j->files.v[f].realpath, real)) {
				fprintf(stderr, "clerk: error: '%s' is already part of the books\n", b[i].path);
				rc = EXIT_DATA;
			}
		free(real);
		sha256_hex(b[i].text.buf, b[i].text.len, b[i].hash);
		for (size_t f = 0; f < nbooks_files; f++)
			if (j->files.v[f].posted && hash_listed(j->files.v[f].batch_hash, b[i].hash)) {
				fprintf(stderr,
					"clerk: error: batch '%s' was already posted (%s); posting it again "
					"would count it twice\n",
					b[i].path, j->files.v[f].path);
				rc = EXIT_DATA;
			}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(b[k].hash, b[i].hash)) {
				fprintf(stderr, "clerk: error: batch '%s' is given twice ('%s')\n", b[i].path,
					b[k].path);
				rc = EXIT_DATA;
			}
		if (rc)
			goto cleanup;
	}
	/* the very bytes read above are checked and posted: the batch is not read twice */
	for (size_t i = 0; i < nb; i++) {
		struct journal_load_options lo = { .batch = true, .allow_include = false };
		(void)!journal_load_buffer(j, b[i].path, b[i].text.buf, b[i].text.len, &lo, &d);
	}
	struct journal_check_options co = { .strict = strict, .strict_batch = true };
	if (!d.nerrors && journal_check(j, &co, &d) && !d.nerrors)
		BUG("journal_check failed without a diagnostic");
	/* a period closed by clerk close is sealed (formats/close.md) */
	(void)!close_check_batch(j, nbooks_txns, &d);
	if (d.n || d.dropped) {
		/* the batch's problems are errors (strict_batch); the books' may be warnings */
		diag_sort(&d);
		cmd_print_diag(&d);
	}
	if (d.nerrors) {
		fprintf(stderr, "clerk: error: nothing was posted\n");
		rc = EXIT_DATA;
		goto cleanup;
	}
	size_t ntx = j->txns.n - nbooks_txns, npost = 0;
	for (size_t t = nbooks_txns; t < j->txns.n; t++)
		npost += j->txns.v[t].nposting;
	bool declares = false;
	for (size_t a = 0; a < j->accounts.n; a++)
		if (j->accounts.v[a].declared && j->accounts.v[a].decl_file >= nbooks_files)
			declares = true;
	if (!ntx && !declares) {
		fprintf(stderr, "clerk: error: nothing to post: the batch has no transactions\n");
		rc = EXIT_DATA;
		goto cleanup;
	}

	for (size_t i = 0; i < nb; i++) {
		const char *base = strrchr(b[i].path, '/');
		base = base ? base + 1 : b[i].path;
		strbuf_addf(&content, "; clerk-batch-sha256: %s\n; clerk-batch-source: %s\n\n", b[i].hash,
			    base);
		strbuf_add(&content, b[i].text.buf, b[i].text.len);
		if (b[i].text.len && b[i].text.buf[b[i].text.len - 1] != '\n')
			strbuf_addch(&content, '\n');
		strbuf_addch(&content, '\n');
	}
	if (dry) {
		if (!quiet)
			printf("would post %zu transaction%s (%zu posting%s) from %zu batch%s\n", ntx,
			       ntx == 1 ? "" : "s", npost, npost == 1 ? "" : "s", nb, nb == 1 ? "" : "es");
		goto cleanup;
	}
	char hash[SHA256_HEX_LEN + 1];
	sha256_hex(content.buf, content.len, hash);
	if ((error = books_prepare(file)) ||
	    (error = books_commit(file, "batch", hash, content.buf, content.len, &posted))) {
		rc = cmd_fail(error);
		goto cleanup;
	}
	if (!quiet)
		printf("posted %zu transaction%s (%zu posting%s) from %zu batch%s as %s\n", ntx,
		       ntx == 1 ? "" : "s", npost, npost == 1 ? "" : "s", nb, nb == 1 ? "" : "es", posted);
cleanup:
	for (size_t i = 0; i < nb; i++)
		strbuf_release(&b[i].text);
	free(b);
	free(posted);
	strbuf_release(&content);
	diag_release(&d);
	journal_free(j);
	books_unlock(lock);
	return rc;
}

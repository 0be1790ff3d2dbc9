/*
 * test_documents.c - the documents the books record and which go into a
 * night's pack (src/documents.h, formats/run.md "The audit pack"). Every
 * test that touches files works in its own mkdtemp() directory.
 */
#include "helpers.h"

#include "documents.h"
#include "sha256.h"

#define SHA_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" /* "a" */
#define SHA_B "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d" /* "b" */

static int parse(const char *value, struct strbuf *path, uint64_t *size, char *sha)
{
	int e = documents_parse_tag(value, path, size, sha);
	clerk_error_clear();
	return e;
}

Test(documents, tag_values_read_from_the_right)
{
	struct strbuf path = STRBUF_INIT, v = STRBUF_INIT;
	uint64_t size = 0;
	char sha[SHA256_HEX_LEN + 1];
	cr_assert_eq(parse("invoices/INV-2026-0001.xml 1 " SHA_A, &path, &size, sha), 0);
	cr_assert_str_eq(path.buf, "invoices/INV-2026-0001.xml");
	cr_assert_eq(size, 1);
	cr_assert_str_eq(sha, SHA_A);
	/* a path with spaces, and outside the root's folder */
	cr_assert_eq(parse("../sent docs/CN 1.html 0 " SHA_B, &path, &size, sha), 0);
	cr_assert_str_eq(path.buf, "../sent docs/CN 1.html");
	cr_assert_eq(size, 0);
	/* what documents_tag_value() writes reads back */
	documents_tag_value(&v, "a b/c.xml", 12345, SHA_A);
	cr_assert_str_eq(v.buf, "a b/c.xml 12345 " SHA_A);
	cr_assert_eq(parse(v.buf, &path, &size, sha), 0);
	cr_assert_str_eq(path.buf, "a b/c.xml");
	cr_assert_eq(size, 12345);
	strbuf_release(&path);
	strbuf_release(&v);
	ASSERT_NO_LEAKS();
}

Test(documents, bad_tag_values_refused)
{
	struct strbuf path = STRBUF_INIT;
	uint64_t size;
	char sha[SHA256_HEX_LEN + 1];
	const char *bad[] = {
		"",
		"invoices/x.xml",
		"invoices/x.xml 12",
		"/abs/x.xml 1 " SHA_A,                  /* absolute */
		"invoices/ 1 " SHA_A,                   /* no file name */
		"invoices/.. 1 " SHA_A,
		"a,b.xml 1 " SHA_A,                     /* hledger ends a tag's value at a comma */
		"a\tb.xml 1 " SHA_A,                    /* a control character */
		"x.xml 01 " SHA_A,                      /* a leading zero */
		"x.xml -1 " SHA_A,
		"x.xml 1.5 " SHA_A,
		"x.xml 12345678901234567890 " SHA_A,    /* 20 digits */
		"x.xml 1 " "CA978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", /* upper case */
		"x.xml 1 ca978112",                     /* short */
		"x.xml 1 " SHA_A "0",                   /* long */
		" 1 " SHA_A,                            /* no path */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		cr_assert_eq(parse(bad[i], &path, &size, sha), CLERK_EINVALID, "accepted '%s'", bad[i]);
	strbuf_release(&path);
	ASSERT_NO_LEAKS();
}

/* Loads books whose root includes the posted files a and b, each with a document. */
static struct journal *two_files(void)
{
	write_file("books/main.journal", "include posted/a.journal\ninclude posted/b.journal\n");
	write_file("books/posted/a.journal",
		   "2026-11-02 * (INV-1) first\n    ; clerk-document: invoices/INV-1.xml 1 " SHA_A "\n"
		   "    a  1 EUR\n    b\n");
	write_file("books/posted/b.journal",
		   "2026-11-03 * (INV-2) second\n    ; clerk-document: ../sent/INV-2.xml 1 " SHA_B "\n"
		   "    ; clerk-document: invoices/INV-1.xml 1 " SHA_B "\n"
		   "    ; clerk-document: not a document\n"
		   "    a  1 EUR\n    b\n");
	char *root = tpath("books/main.journal");
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, root, NULL, &d), 0);
	diag_release(&d);
	free(root);
	return j;
}

Test(documents, listed_by_name_only_from_files_the_previous_pack_did_not_list, TMPDIR_FIXTURE)
{
	struct journal *j = two_files();
	documents v = VEC_INIT;
	/* no earlier pack: every document, sorted by name; a tag that does not parse is skipped */
	documents_of_journal(&v, j, NULL);
	cr_assert_eq(v.n, 3);
	cr_assert_str_eq(v.v[0].name, "INV-1.xml");
	cr_assert_str_eq(v.v[0].path, "invoices/INV-1.xml");
	cr_assert_null(v.v[0].why);
	/* the same name a second time (a later transaction) is not packed: it would replace the first */
	cr_assert_str_eq(v.v[1].name, "INV-1.xml");
	cr_assert_not_null(v.v[1].why);
	cr_assert(strstr(v.v[1].why, "another document of this name"), "%s", v.v[1].why);
	/* found by name: the first of the two */
	cr_assert_eq(documents_find(&v, "INV-1.xml"), &v.v[0]);
	cr_assert_eq(documents_find(&v, "INV-2.xml"), &v.v[2]);
	cr_assert_null(documents_find(&v, "INV-0.xml"));
	cr_assert_null(documents_find(&v, "INV-3.xml"));
	cr_assert_str_eq(v.v[2].name, "INV-2.xml");
	cr_assert_str_eq(v.v[2].path, "../sent/INV-2.xml");
	char *file = tpath("books/../sent/INV-2.xml");
	cr_assert_str_eq(v.v[2].file + strlen(v.v[2].file) - strlen("books/../sent/INV-2.xml"),
			 "books/../sent/INV-2.xml");
	free(file);
	documents_release(&v);
	/* an earlier pack listed a.journal: only b's documents are new */
	bookfiles prev = VEC_INIT;
	const char *tsv = "path\tsize\tsha256\nmain.journal\t1\t" SHA_A "\nposted/a.journal\t1\t" SHA_A "\n";
	cr_assert_eq(bookfiles_parse(&prev, tsv, strlen(tsv)), 0);
	documents_of_journal(&v, j, &prev);
	cr_assert_eq(v.n, 2);
	cr_assert_str_eq(v.v[0].name, "INV-1.xml");
	cr_assert_str_eq(v.v[0].sha256, SHA_B);
	cr_assert_null(v.v[0].why);
	cr_assert_str_eq(v.v[1].name, "INV-2.xml");
	documents_release(&v);
	bookfiles_release(&prev);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(documents, checked_against_their_files, TMPDIR_FIXTURE)
{
	struct journal *j = two_files();
	documents v = VEC_INIT;
	write_file("books/invoices/INV-1.xml", "a"); /* as recorded in a.journal */
	write_file("sent/INV-2.xml", "bb");           /* one byte more than recorded */
	documents_of_journal(&v, j, NULL);
	documents_check(&v);
	cr_assert_null(v.v[0].why, "%s", v.v[0].why);
	cr_assert_not_null(v.v[2].why);
	cr_assert(strstr(v.v[2].why, "is not the document the books record (2 bytes"), "%s", v.v[2].why);
	cr_assert_eq(documents_refused(&v), 2);
	documents_release(&v);
	/* the same size, other bytes */
	write_file("sent/INV-2.xml", "a");
	documents_of_journal(&v, j, NULL);
	documents_check(&v);
	cr_assert(strstr(v.v[2].why, "is not the document the books record (1 bytes"), "%s", v.v[2].why);
	documents_release(&v);
	/* missing, and a symbolic link (never followed) */
	char *target = tpath("sent/INV-2.xml"), *link = tpath("books/invoices/INV-1.xml");
	cr_assert_eq(unlink(link), 0);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(unlink(target), 0);
	documents_of_journal(&v, j, NULL);
	documents_check(&v);
	cr_assert_not_null(v.v[0].why);
	cr_assert(strstr(v.v[0].why, "'invoices/INV-1.xml' cannot be read"), "%s", v.v[0].why);
	cr_assert_str_eq(v.v[2].why, "'../sent/INV-2.xml' is missing");
	documents_release(&v);
	free(target);
	free(link);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

Test(documents, tsv_reads_back, TMPDIR_FIXTURE)
{
	struct journal *j = two_files();
	documents v = VEC_INIT, back = VEC_INIT;
	documents_of_journal(&v, j, NULL);
	documents_check(&v); /* every one refused: no files */
	free(v.v[0].why);
	v.v[0].why = NULL;
	struct strbuf tsv = STRBUF_INIT;
	documents_tsv(&tsv, &v);
	cr_assert(!strncmp(tsv.buf, DOCUMENTS_TSV_HEADER "INV-1.xml\tarchived\t1\t" SHA_A "\tinvoices/INV-1.xml\t\n",
			   strlen(DOCUMENTS_TSV_HEADER) + 20), "%s", tsv.buf);
	cr_assert_eq(documents_parse_tsv(&back, tsv.buf, tsv.len), 0);
	cr_assert_eq(back.n, 3);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_str_eq(back.v[i].name, v.v[i].name);
		cr_assert_str_eq(back.v[i].path, v.v[i].path);
		cr_assert_str_eq(back.v[i].sha256, v.v[i].sha256);
		cr_assert_eq(back.v[i].size, v.v[i].size);
		cr_assert_eq(back.v[i].why == NULL, v.v[i].why == NULL);
		if (v.v[i].why)
			cr_assert_str_eq(back.v[i].why, v.v[i].why);
		cr_assert_null(back.v[i].file);
	}
	cr_assert_eq(documents_find(&back, "INV-2.xml"), &back.v[2]);
	cr_assert_null(documents_find(&back, "INV-3.xml"));
	documents_release(&back);
	/* what Clerk does not write is refused, and nothing is kept */
	const char *bad[] = {
		"name\tstatus\n",
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\t1\t" SHA_A "\tx.xml\t",            /* no LF */
		DOCUMENTS_TSV_HEADER "x.xml\tsent\t1\t" SHA_A "\tx.xml\t\n",              /* status */
		DOCUMENTS_TSV_HEADER "x.xml\trefused\t1\t" SHA_A "\tx.xml\t\n",           /* no reason */
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\t1\t" SHA_A "\tx.xml\twhy\n",       /* a reason */
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\tone\t" SHA_A "\tx.xml\t\n",        /* size */
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\t1\tabc\tx.xml\t\n",                /* sha */
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\t1\t" SHA_A "\t/x.xml\t\n",         /* path */
		DOCUMENTS_TSV_HEADER "x.xml\tarchived\t1\t" SHA_A "\tx.xml\n",            /* five fields */
		DOCUMENTS_TSV_HEADER "b.xml\tarchived\t1\t" SHA_A "\tb.xml\t\n"
				     "a.xml\tarchived\t1\t" SHA_A "\ta.xml\t\n",          /* not sorted */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		cr_assert_eq(documents_parse_tsv(&back, bad[i], strlen(bad[i])), CLERK_EPARSE, "accepted %zu", i);
		cr_assert_eq(back.n, 0);
		clerk_error_clear();
	}
	documents_release(&back);
	strbuf_release(&tsv);
	documents_release(&v);
	journal_free(j);
	ASSERT_NO_LEAKS();
}

/*
 * test_bookfiles.c - the books' files a night records (src/bookfiles.h,
 * books.tsv in formats/pack.md). Every test that touches files works in
 * its own mkdtemp() directory.
 */
#include "helpers.h"

#include <sys/stat.h>

#include "bookfiles.h"
#include "books.h"
#include "sha256.h"

#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static int parse(bookfiles *v, const char *text)
{
	return bookfiles_parse(v, text, strlen(text));
}

Test(bookfiles, journal_files_relative_to_the_root_sorted_hashed, TMPDIR_FIXTURE)
{
	write_file("books/main.journal", "include sub/b.journal\ninclude ../outside.journal\n"
					 "include a.journal\n");
	write_file("books/sub/b.journal", "; b\n");
	write_file("books/a.journal", "");
	write_file("outside.journal", "; outside\n");
	char *root = tpath("books/main.journal");
	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, root, NULL, &d), 0);
	/* a batch loaded to be posted is not part of the books */
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	cr_assert_eq(journal_load_buffer(j, "batch", "; batch\n", 8, &lo, &d), 0);
	bookfiles v = VEC_INIT;
	bookfiles_of_journal(&v, j);
	cr_assert_eq(v.n, 4);
	cr_assert_str_eq(v.v[0].path, "../outside.journal");
	cr_assert_str_eq(v.v[1].path, "a.journal");
	cr_assert_str_eq(v.v[2].path, "main.journal");
	cr_assert_str_eq(v.v[3].path, "sub/b.journal");
	cr_assert_eq(v.v[1].size, 0);
	cr_assert_str_eq(v.v[1].sha256, EMPTY_SHA);
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex("; b\n", 4, hex);
	cr_assert_eq(v.v[3].size, 4);
	cr_assert_str_eq(v.v[3].sha256, hex);
	struct strbuf tsv = STRBUF_INIT;
	bookfiles_tsv(&tsv, &v);
	cr_assert(!strncmp(tsv.buf, "path\tsize\tsha256\n../outside.journal\t10\t", 39), "%s", tsv.buf);
	/* it reads back the same */
	bookfiles back = VEC_INIT;
	cr_assert_eq(bookfiles_parse(&back, tsv.buf, tsv.len), 0);
	cr_assert_eq(back.n, 4);
	for (size_t i = 0; i < 4; i++) {
		cr_assert_str_eq(back.v[i].path, v.v[i].path);
		cr_assert_eq(back.v[i].size, v.v[i].size);
		cr_assert_str_eq(back.v[i].sha256, v.v[i].sha256);
	}
	cr_assert_eq(bookfiles_find(&back, "sub/b.journal"), &back.v[3]);
	cr_assert_null(bookfiles_find(&back, "b.journal"));
	bookfiles_release(&back);
	bookfiles_release(&v);
	strbuf_release(&tsv);
	journal_free(j);
	diag_release(&d);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(bookfiles, a_path_with_a_tab_is_escaped_and_read_back)
{
	bookfiles v = VEC_INIT, back = VEC_INIT;
	struct bookfile b = { xstrdup("odd\tname.journal"), 0, EMPTY_SHA };
	VEC_PUSH(&v, b);
	struct strbuf tsv = STRBUF_INIT;
	bookfiles_tsv(&tsv, &v);
	cr_assert_str_eq(tsv.buf, "path\tsize\tsha256\nodd\\tname.journal\t0\t" EMPTY_SHA "\n");
	cr_assert_eq(bookfiles_parse(&back, tsv.buf, tsv.len), 0);
	cr_assert_str_eq(back.v[0].path, "odd\tname.journal");
	bookfiles_release(&v);
	bookfiles_release(&back);
	strbuf_release(&tsv);
	ASSERT_NO_LEAKS();
}

static void refused(const char *text, const char *why)
{
	bookfiles v = VEC_INIT;
	cr_assert_eq(parse(&v, text), CLERK_EPARSE, "accepted: %s", text);
	cr_assert_eq(v.n, 0, "rows left after a refusal");
	cr_assert(strstr(clerk_error_last()->message, why), "'%s' does not say '%s'",
		  clerk_error_last()->message, why);
	clerk_error_clear();
	bookfiles_release(&v);
}

Test(bookfiles, what_clerk_does_not_write_is_refused)
{
	refused("", "header");
	refused("path\tsize\n", "header");
	refused("path\tsize\tsha256\na\t1\t" EMPTY_SHA, "books.tsv:2: the last line does not end");
	refused("path\tsize\tsha256\na\t01\t" EMPTY_SHA "\n", "the size is not a number");
	refused("path\tsize\tsha256\na\t-1\t" EMPTY_SHA "\n", "the size is not a number");
	refused("path\tsize\tsha256\na\t1\t" EMPTY_SHA "0\n", "64 lowercase hex");
	refused("path\tsize\tsha256\na\t1\tE3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\n",
		"64 lowercase hex");
	refused("path\tsize\tsha256\na\t1\n", "three fields");
	refused("path\tsize\tsha256\na\t1\t" EMPTY_SHA "\textra\n", "three fields");
	refused("path\tsize\tsha256\n\t1\t" EMPTY_SHA "\n", "the path is empty");
	refused("path\tsize\tsha256\n\\x41\t1\t" EMPTY_SHA "\n", "not escaped as Clerk writes it");
	refused("path\tsize\tsha256\nb\t1\t" EMPTY_SHA "\na\t1\t" EMPTY_SHA "\n",
		"books.tsv:3: not sorted by path");
	refused("path\tsize\tsha256\na\t1\t" EMPTY_SHA "\na\t1\t" EMPTY_SHA "\n", "a path twice");
	bookfiles v = VEC_INIT;
	cr_assert_eq(parse(&v, "path\tsize\tsha256\n"), 0, "no files at all is fine");
	cr_assert_eq(v.n, 0);
	bookfiles_release(&v);
	ASSERT_NO_LEAKS();
}

Test(bookfiles, hashing_a_file, TMPDIR_FIXTURE)
{
	write_file("f.journal", "; text\n");
	char *f = tpath("f.journal"), *missing = tpath("missing"), *fifo = tpath("fifo");
	uint64_t size = 0;
	char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	sha256_hex("; text\n", 7, want);
	cr_assert_eq(bookfiles_hash_file(&size, hex, f), 0);
	cr_assert_eq(size, 7);
	cr_assert_str_eq(hex, want);
	cr_assert_eq(bookfiles_hash_file(&size, hex, missing), CLERK_ENOTFOUND);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_neq(bookfiles_hash_file(&size, hex, fifo), 0, "a FIFO is refused, never waited on");
	clerk_error_clear();
	free(f);
	free(missing);
	free(fifo);
	ASSERT_NO_LEAKS();
}

/* The row of the file at rel as it is now. */
static struct bookfile row_of(const char *rel)
{
	char *p = tpath(rel);
	struct bookfile b = { NULL, 0, "" };
	cr_assert_eq(bookfiles_hash_file(&b.size, b.sha256, p), 0);
	free(p);
	return b;
}

static bool prepared(const char *rel, const struct bookfile *b)
{
	char *p = tpath(rel);
	bool yes = bookfiles_root_prepared(p, b);
	free(p);
	return yes;
}

Test(bookfiles, the_root_may_gain_only_the_include_line_books_prepare_adds, TMPDIR_FIXTURE)
{
	/* what books_prepare() really writes, with and without a final line feed */
	write_file("a/books.journal", "account assets\n");
	write_file("b/books.journal", "account assets");
	struct bookfile a = row_of("a/books.journal"), b = row_of("b/books.journal");
	char *ra = tpath("a/books.journal"), *rb = tpath("b/books.journal");
	cr_assert_eq(books_prepare(ra), 0);
	cr_assert_eq(books_prepare(rb), 0);
	cr_assert(prepared("a/books.journal", &a));
	cr_assert(prepared("b/books.journal", &b));
	/* not the file it was before: another digest */
	struct bookfile other = a;
	other.sha256[0] = other.sha256[0] == '0' ? '1' : '0';
	cr_assert_not(prepared("a/books.journal", &other));
	/* anything more, or another text, is a change */
	write_file("c/books.journal", "account assets\n");
	struct bookfile c = row_of("c/books.journal");
	write_file("c/books.journal", "account assets\n" BOOKFILES_ROOT_SUFFIX "; more\n");
	cr_assert_not(prepared("c/books.journal", &c));
	write_file("c/books.journal", "account assets\n\n" BOOKFILES_ROOT_SUFFIX);
	cr_assert_not(prepared("c/books.journal", &c), "an extra line feed");
	write_file("c/books.journal", "account bssets\n" BOOKFILES_ROOT_SUFFIX);
	cr_assert_not(prepared("c/books.journal", &c), "the text before it changed");
	write_file("c/books.journal", "account assets\n" BOOKFILES_ROOT_SUFFIX);
	cr_assert(prepared("c/books.journal", &c));
	cr_assert_not(prepared("missing.journal", &c));
	free(ra);
	free(rb);
	ASSERT_NO_LEAKS();
}

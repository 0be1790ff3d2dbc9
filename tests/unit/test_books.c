/*
 * test_books.c - the books on disk: atomic file replacement, the books'
 * lock, books_prepare() and books_commit(), and loading the result.
 * Every test works in its own mkdtemp() directory.
 */
#include "helpers.h"

#include <dirent.h>
#include <sys/wait.h>

#include "books.h"
#include "fsutil.h"
#include "sha256.h"

/* Returns the permission bits of path (lstat), failing when it does not exist. */
static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(lstat(path, &st), 0, "stat %s: %s", path, strerror(errno));
	return st.st_mode & 07777;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Returns the names in dir, sorted and joined with ' ', without "." and ".." (caller frees). */
static char *list_dir(const char *dir)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	cr_assert_geq(n, 0, "scandir %s: %s", dir, strerror(errno));
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *s = names[i]->d_name;
		if (strcmp(s, ".") && strcmp(s, "..")) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, s);
		}
		free(names[i]);
	}
	free(names);
	return strbuf_detach(&sb, NULL);
}

/* Asserts that path holds exactly `want`. */
static void assert_file(const char *path, const char *want)
{
	char *got = read_file(path);
	cr_assert_str_eq(got, want, "contents of %s", path);
	free(got);
}

/* ------------------------------------------------------------------ */
/* fsutil_write_atomic */

Test(books, write_atomic_creates_mode_0600, TMPDIR_FIXTURE)
{
	umask(022);
	char *path = tpath("out.journal");
	cr_assert_eq(fsutil_write_atomic(path, "hello\n", 6, 0600, NULL), 0);
	cr_assert_eq(mode_of(path), 0600, "mode %o", (unsigned)mode_of(path));
	assert_file(path, "hello\n");
	/* the mode is exact even when the umask would take bits away */
	umask(077);
	char *wide = tpath("wide");
	cr_assert_eq(fsutil_write_atomic(wide, "x", 1, 0644, "test"), 0);
	cr_assert_eq(mode_of(wide), 0644, "mode %o", (unsigned)mode_of(wide));
	umask(022);
	free(wide);
	free(path);
	ASSERT_NO_LEAKS();
}

Test(books, write_atomic_replaces_and_leaves_no_temporary, TMPDIR_FIXTURE)
{
	char *path = tpath("out.journal");
	struct stat before, after;
	cr_assert_eq(fsutil_write_atomic(path, "one\n", 4, 0600, NULL), 0);
	cr_assert_eq(lstat(path, &before), 0);
	cr_assert_eq(fsutil_write_atomic(path, "two, longer\n", 12, 0600, NULL), 0);
	cr_assert_eq(lstat(path, &after), 0);
	assert_file(path, "two, longer\n");
	cr_assert_neq(before.st_ino, after.st_ino, "a new file is renamed over the old one");
	cr_assert_eq(fsutil_write_atomic(path, "", 0, 0600, NULL), 0);
	assert_file(path, "");
	char *names = list_dir(tdir);
	cr_assert_str_eq(names, "out.journal", "no temporary file is left behind");
	free(names);
	free(path);
	ASSERT_NO_LEAKS();
}

Test(books, write_atomic_refuses_a_symlink, TMPDIR_FIXTURE)
{
	char *victim = tpath("victim");
	char *link = tpath("link");
	write_file("victim", "keep\n");
	cr_assert_eq(symlink(victim, link), 0);
	cr_assert_eq(fsutil_write_atomic(link, "evil\n", 5, 0600, NULL), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "not a regular file"), "message: %s",
		  clerk_error_last()->message);
	assert_file(victim, "keep\n");
	struct stat st;
	cr_assert_eq(lstat(link, &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link is still a link");
	char *names = list_dir(tdir);
	cr_assert_str_eq(names, "link victim");
	free(names);
	free(victim);
	free(link);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(books, write_atomic_refuses_a_directory, TMPDIR_FIXTURE)
{
	char *sub = tpath("sub");
	cr_assert_eq(mkdir(sub, 0700), 0);
	write_file("sub/inside", "keep\n");
	cr_assert_eq(fsutil_write_atomic(sub, "x", 1, 0600, NULL), CLERK_EIO);
	struct stat st;
	cr_assert_eq(lstat(sub, &st), 0);
	cr_assert(S_ISDIR(st.st_mode));
	char *names = list_dir(tdir);
	cr_assert_str_eq(names, "sub");
	free(names);
	free(sub);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(books, write_atomic_does_not_follow_a_planted_temporary_symlink, TMPDIR_FIXTURE)
{
	/* someone plants a link where the temporary file will be created */
	char *path = tpath("out.journal");
	char *victim = tpath("victim");
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s/.out.journal.tmp.%ld", tdir, (long)getpid());
	write_file("victim", "keep\n");
	cr_assert_eq(symlink(victim, tmp.buf), 0);
	cr_assert_eq(fsutil_write_atomic(path, "data\n", 5, 0600, NULL), 0);
	assert_file(victim, "keep\n");
	assert_file(path, "data\n");
	cr_assert_eq(mode_of(path), 0600);
	cr_assert(!exists(tmp.buf), "the planted link is gone");
	strbuf_release(&tmp);
	free(path);
	free(victim);
	ASSERT_NO_LEAKS();
}

Test(books, write_atomic_into_a_missing_directory, TMPDIR_FIXTURE)
{
	char *path = tpath("none/out.journal");
	cr_assert_eq(fsutil_write_atomic(path, "x", 1, 0600, NULL), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "cannot create"), "message: %s",
		  clerk_error_last()->message);
	char *names = list_dir(tdir);
	cr_assert_str_eq(names, "");
	free(names);
	free(path);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(books, mkdir_and_dirname, TMPDIR_FIXTURE)
{
	char *sub = tpath("posted");
	cr_assert_eq(fsutil_mkdir(sub), 0);
	cr_assert_eq(mode_of(sub), 0700);
	cr_assert_eq(fsutil_mkdir(sub), 0, "an existing directory is fine");
	write_file("file", "");
	char *file = tpath("file");
	cr_assert_eq(fsutil_mkdir(file), CLERK_EIO, "a file in the way");

	struct strbuf sb = STRBUF_INIT;
	fsutil_dirname(&sb, "a/b/c.journal");
	cr_assert_str_eq(sb.buf, "a/b");
	strbuf_reset(&sb);
	fsutil_dirname(&sb, "c.journal");
	cr_assert_str_eq(sb.buf, ".");
	strbuf_reset(&sb);
	fsutil_dirname(&sb, "/c.journal");
	cr_assert_str_eq(sb.buf, "/");
	strbuf_reset(&sb);
	books_posted_dir(&sb, "books.journal");
	cr_assert_str_eq(sb.buf, "posted");
	strbuf_reset(&sb);
	books_posted_dir(&sb, "/srv/acme/books.journal");
	cr_assert_str_eq(sb.buf, "/srv/acme/posted");
	strbuf_release(&sb);
	free(sub);
	free(file);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* books_lock */

/*
 * Tries books_lock() on root in a child process (flock locks belong to the
 * open file description, so only another open() can conflict). Returns the
 * child's exit code: 0 locked, 1 CLERK_ELOCKED naming the pid `holder`,
 * 2 CLERK_ELOCKED without it, 3 anything else.
 */
static int lock_in_child(const char *root, pid_t holder)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct books_lock *l = NULL;
		int rc = books_lock(&l, root);
		int code = 3;
		if (rc == 0 && l) {
			code = 0;
		} else if (rc == CLERK_ELOCKED && !l) {
			char want[64];
			snprintf(want, sizeof(want), "(pid %ld)", (long)holder);
			code = strstr(clerk_error_last()->message, want) ? 1 : 2;
		}
		_exit(code);
	}
	int status = 0;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "the child did not exit normally");
	return WEXITSTATUS(status);
}

Test(books, lock_excludes_another_process_until_unlocked, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	char *lockfile = tpath("books.journal.lock");
	write_file("books.journal", "");
	struct books_lock *l = NULL;
	cr_assert_eq(books_lock(&l, root), 0);
	cr_assert_not_null(l);
	cr_assert_eq(mode_of(lockfile), 0600);
	char *pid = read_file(lockfile);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%ld\n", (long)getpid());
	cr_assert_str_eq(pid, want.buf, "the lock file names the holder");

	cr_assert_eq(lock_in_child(root, getpid()), 1,
		     "a second books_lock() fails with CLERK_ELOCKED and names the holder");
	books_unlock(l);
	free(pid);
	pid = read_file(lockfile);
	cr_assert_str_eq(pid, "", "books_unlock() clears the pid");
	cr_assert_eq(lock_in_child(root, getpid()), 0, "free again after books_unlock()");
	cr_assert_eq(books_lock(&l, root), 0, "and this process can take it again");
	books_unlock(l);
	books_unlock(NULL);

	strbuf_release(&want);
	free(pid);
	free(lockfile);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, lock_refuses_a_symlinked_lock_file, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	char *lockfile = tpath("books.journal.lock");
	char *victim = tpath("victim");
	write_file("victim", "keep\n");
	cr_assert_eq(symlink(victim, lockfile), 0);
	struct books_lock *l = (struct books_lock *)&l;
	cr_assert_eq(books_lock(&l, root), CLERK_EIO);
	cr_assert_null(l, "*out is NULL on failure");
	assert_file(victim, "keep\n");
	free(victim);
	free(lockfile);
	free(root);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* books_prepare */

static const char include_block[] = "\n; clerk posts batches and imports into posted/ (see "
				    "formats/books.md)\n" BOOKS_INCLUDE_LINE "\n";

Test(books, prepare_adds_the_include_once, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	char *placeholder = tpath("posted/000000-clerk.journal");
	write_file("books.journal", "account assets\n");
	cr_assert_eq(chmod(root, 0640), 0);

	cr_assert_eq(books_prepare(root), 0);
	struct strbuf want = STRBUF_INIT;
	strbuf_addstr(&want, "account assets\n");
	strbuf_addstr(&want, include_block);
	assert_file(root, want.buf);
	cr_assert_eq(mode_of(root), 0640, "the root keeps its mode");
	cr_assert(exists(placeholder));
	cr_assert_eq(mode_of(placeholder), 0600);
	char *ph = read_file(placeholder);
	cr_assert(strlen(ph) > 0 && ph[0] == ';', "the placeholder holds only comments");
	free(ph);
	char *posted = tpath("posted");
	cr_assert_eq(mode_of(posted), 0700);

	/* idempotent: a second call changes nothing */
	cr_assert_eq(books_prepare(root), 0);
	assert_file(root, want.buf);
	char *names = list_dir(posted);
	cr_assert_str_eq(names, "000000-clerk.journal");
	free(names);
	names = list_dir(tdir);
	cr_assert_str_eq(names, "books.journal posted", "no temporary files");
	free(names);

	strbuf_release(&want);
	free(posted);
	free(placeholder);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, prepare_root_without_final_newline, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	write_file("books.journal", "account assets");
	cr_assert_eq(books_prepare(root), 0);
	struct strbuf want = STRBUF_INIT;
	strbuf_addstr(&want, "account assets\n");
	strbuf_addstr(&want, include_block);
	assert_file(root, want.buf);
	strbuf_release(&want);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, prepare_keeps_an_existing_include_line, TMPDIR_FIXTURE)
{
	static const char text[] = "; mine\ninclude posted/*.journal  \r\naccount assets\n";
	char *root = tpath("books.journal");
	write_file("books.journal", text);
	cr_assert_eq(books_prepare(root), 0);
	assert_file(root, text);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, prepare_missing_root, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	cr_assert_eq(books_prepare(root), CLERK_EIO);
	cr_assert(strstr(clerk_error_last()->message, "cannot read"), "message: %s",
		  clerk_error_last()->message);
	free(root);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* books_commit */

static const char batch1[] = "2023-01-02 first batch\n"
			     "    assets:bank  10 EUR\n"
			     "    income\n";
static const char batch2[] = "2023-01-03 second batch\n"
			     "    assets:bank  5 EUR\n"
			     "    income\n";

/* Commits text under its own SHA-256; returns the new file's path (caller frees). */
static char *commit(const char *root, const char *text)
{
	char hash[SHA256_HEX_LEN + 1];
	char *path = NULL;
	sha256_hex(text, strlen(text), hash);
	cr_assert_eq(books_commit(root, "batch", hash, text, strlen(text), &path), 0, "%s",
		     clerk_error_last()->message);
	cr_assert_not_null(path);
	return path;
}

Test(books, commit_numbers_files_in_sequence, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	write_file("books.journal", "account assets:bank\n");
	cr_assert_eq(books_prepare(root), 0);

	char hash[SHA256_HEX_LEN + 1];
	sha256_hex(batch1, strlen(batch1), hash);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s/posted/000001-batch-%.12s.journal", tdir, hash);
	char *p1 = commit(root, batch1);
	cr_assert_str_eq(p1, want.buf);
	assert_file(p1, batch1);
	cr_assert_eq(mode_of(p1), 0600);

	sha256_hex(batch2, strlen(batch2), hash);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/posted/000002-batch-%.12s.journal", tdir, hash);
	char *p2 = commit(root, batch2);
	cr_assert_str_eq(p2, want.buf);
	assert_file(p2, batch2);

	/* numbering continues after the highest number present */
	write_file("posted/000041-import-0123456789ab.journal", "");
	write_file("posted/notes.txt", "");
	write_file("posted/1234567-too-long.journal", "");
	char *p3 = NULL;
	cr_assert_eq(books_commit(root, "import", "abc", "", 0, &p3), 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/posted/000042-import-abc.journal", tdir);
	cr_assert_str_eq(p3, want.buf);

	strbuf_release(&want);
	free(p1);
	free(p2);
	free(p3);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, committed_books_load_with_their_transactions, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	write_file("books.journal", "account assets:bank\n"
					 "2023-01-01 opening\n"
					 "    assets:bank  100 EUR\n"
					 "    equity\n");
	cr_assert_eq(books_prepare(root), 0);
	free(commit(root, batch1));
	free(commit(root, batch2));

	struct diag d = DIAG_INIT;
	struct journal *j = journal_new();
	cr_assert_eq(journal_load_file(j, root, NULL, &d), 0);
	cr_assert_eq(journal_check(j, NULL, &d), 0);
	assert_no_diag(&d);
	cr_assert_eq(j->files.n, 4, "root, placeholder and two commits");
	cr_assert(strstr(j->files.v[1].path, "/posted/000000-clerk.journal"), "%s",
		  j->files.v[1].path);
	cr_assert(strstr(j->files.v[2].path, "/posted/000001-batch-"), "%s", j->files.v[2].path);
	cr_assert(strstr(j->files.v[3].path, "/posted/000002-batch-"), "%s", j->files.v[3].path);
	cr_assert_eq(j->txns.n, 3);
	cr_assert_str_eq(j->txns.v[0].description, "opening");
	cr_assert_str_eq(j->txns.v[1].description, "first batch");
	cr_assert_eq(j->txns.v[1].file, 2);
	cr_assert_str_eq(j->txns.v[2].description, "second batch");
	cr_assert_eq(j->txns.v[2].file, 3);
	journal_free(j);
	diag_release(&d);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, clean_temporaries, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	write_file("books.journal", "");
	cr_assert_eq(books_prepare(root), 0);
	/* left by killed atomic writes: in posted/ and beside the root */
	write_file("posted/.000001-batch-0123456789ab.journal.tmp.4242", "partial");
	write_file(".books.journal.tmp.4242", "partial");
	/* not ours */
	write_file("posted/000001-batch-0123456789ab.journal", "");
	write_file("posted/.keep", "");
	write_file(".other.journal.tmp.4242", "someone else's");
	books_clean_temporaries(root);
	char *posted = tpath("posted");
	char *names = list_dir(posted);
	cr_assert_str_eq(names, ".keep 000000-clerk.journal 000001-batch-0123456789ab.journal");
	free(names);
	names = list_dir(tdir);
	cr_assert_str_eq(names, ".other.journal.tmp.4242 books.journal posted");
	free(names);
	free(posted);
	free(root);
	ASSERT_NO_LEAKS();
}

Test(books, prepare_refuses_a_symlinked_root, TMPDIR_FIXTURE)
{
	char *root = tpath("books.journal");
	char *real = tpath("real.journal");
	write_file("real.journal", "account assets\n");
	cr_assert_eq(symlink(real, root), 0);
	cr_assert_eq(books_prepare(root), CLERK_EIO);
	assert_file(real, "account assets\n");
	struct stat st;
	cr_assert_eq(lstat(root, &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link is left alone");
	free(real);
	free(root);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(books, prepare_refuses_commits_the_root_does_not_include, TMPDIR_FIXTURE)
{
	/* posted/ holds a commit but the include line was removed from the root */
	char *root = tpath("books.journal");
	write_file("books.journal", "account assets\n");
	write_file("posted/000000-clerk.journal", "; placeholder\n");
	write_file("posted/000001-batch-0123456789ab.journal", "; a batch\n");
	cr_assert_eq(books_prepare(root), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, BOOKS_INCLUDE_LINE), "message: %s",
		  clerk_error_last()->message);
	assert_file(root, "account assets\n");
	free(root);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/*
 * Books whose posted/ holds a closing transaction's file are sealed: the
 * lock and books_prepare() refuse them (CLERK_ESEALED), naming the date,
 * the file and the new root it records; nothing changes on disk.
 */
Test(books, closed_books_are_sealed, TMPDIR_FIXTURE)
{
	char *root = tpath("old/books.journal");
	struct books_lock *lock = NULL;
	write_file("old/books.journal", "account assets\ninclude posted/*.journal\n");
	write_file("old/posted/000000-clerk.journal", "; placeholder\n");
	write_file("old/posted/000001-batch-0123456789ab.journal", "; clerk-close: 2020-01-01\n");
	/* a batch that mentions the tag is not a closing transaction's file */
	cr_assert_eq(books_check_open(root), 0);
	cr_assert_eq(books_lock(&lock, root), 0);
	books_unlock(lock);
	write_file("old/posted/000002-close-0123456789ab.journal",
		   "2026-11-30 * Closing  ; clerk-close: 2026-11-30, clerk-new-root: ../../new/./books.journal\n"
		   "    Income:Sales  1 EUR\n    Equity:Retained  -1 EUR\n");
	cr_assert_eq(books_prepare(root), CLERK_ESEALED);
	const char *m = clerk_error_last()->message;
	cr_assert(strstr(m, "closed through 2026-11-30"), "%s", m);
	cr_assert(strstr(m, "000002-close-0123456789ab.journal"), "%s", m);
	cr_assert(strstr(m, "commit to the new books '"), "%s", m);
	cr_assert(strstr(m, "/new/books.journal' instead"), "%s", m);
	cr_assert_null(strstr(m, "posted/../"), "%s", m);
	cr_assert_eq(books_lock(&lock, root), CLERK_ESEALED);
	cr_assert_null(lock);
	/* the lock was given back: clerk close's own lock still takes it */
	cr_assert_eq(books_lock_sealed(&lock, root), 0);
	books_unlock(lock);
	/* a later closing wins; without clerk-new-root: the message says so */
	write_file("old/posted/000003-close-abcdef012345.journal",
		   "2027-12-31 * Closing  ; clerk-close: 2027-12-31\n    Income:Sales  1 EUR\n"
		   "    Equity:Retained  -1 EUR\n");
	cr_assert_eq(books_check_open(root), CLERK_ESEALED);
	m = clerk_error_last()->message;
	cr_assert(strstr(m, "closed through 2027-12-31"), "%s", m);
	cr_assert(strstr(m, "commit to the new books clerk close wrote instead"), "%s", m);
	char *posted = tpath("old/posted");
	char *names = list_dir(posted);
	free(posted);
	cr_assert_str_eq(names, "000000-clerk.journal 000001-batch-0123456789ab.journal "
				"000002-close-0123456789ab.journal 000003-close-abcdef012345.journal");
	free(names);
	assert_file(root, "account assets\ninclude posted/*.journal\n");
	free(root);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

Test(books, sha256)
{
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ASSERT_NO_LEAKS();
}

Test(books, open_regular_refuses_what_is_not_a_regular_file, TMPDIR_FIXTURE)
{
	int fd = -1;
	struct stat st;
	write_file("plain.journal", "account a\n");
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo", 0600), 0);
	cr_assert_eq(mkdir("dir", 0700), 0);
	cr_assert_eq(symlink("plain.journal", "link"), 0);

	cr_assert_eq(fsutil_open_regular(&fd, &st, "plain.journal", FSUTIL_NOFOLLOW), 0);
	cr_assert_eq(st.st_size, 10);
	char buf[16];
	cr_assert_eq(read(fd, buf, sizeof(buf)), 10);
	close(fd);
	/* a symbolic link is followed unless FSUTIL_NOFOLLOW */
	cr_assert_eq(fsutil_open_regular(&fd, &st, "link", 0), 0);
	close(fd);
	cr_assert_eq(fsutil_open_regular(&fd, &st, "link", FSUTIL_NOFOLLOW), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "a symbolic link"), "%s", clerk_error_last()->message);
	cr_assert_eq(fd, -1);
	/* a FIFO without a writer: refused at once, never waited on */
	cr_assert_eq(fsutil_open_regular(&fd, &st, "fifo", 0), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "'fifo' is a FIFO, not a regular file"), "%s",
		  clerk_error_last()->message);
	cr_assert_eq(fsutil_open_regular(&fd, &st, "dir", 0), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "a folder"), "%s", clerk_error_last()->message);
	cr_assert_eq(fsutil_open_regular(&fd, &st, "/dev/zero", 0), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "a device"), "%s", clerk_error_last()->message);
	cr_assert_eq(fsutil_open_regular(&fd, &st, "missing", 0), CLERK_ENOTFOUND);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* fsutil_read_file(): what the commands read as their input (batches, the root). */
Test(books, read_file_reads_a_regular_file_and_refuses_the_rest, TMPDIR_FIXTURE)
{
	struct strbuf sb = STRBUF_INIT;
	write_file("plain.journal", "account a\n");
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo", 0600), 0);
	cr_assert_eq(mkdir("dir", 0700), 0);
	strbuf_addstr(&sb, "kept:");
	cr_assert_eq(fsutil_read_file(&sb, "plain.journal", 0), 0);
	cr_assert_str_eq(sb.buf, "kept:account a\n", "appended");
	/* not a regular file: an input that cannot be read (CLERK_EIO), sb untouched */
	cr_assert_eq(fsutil_read_file(&sb, "fifo", 0), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'fifo' is a FIFO, not a regular file");
	cr_assert_eq(fsutil_read_file(&sb, "/dev/zero", 0), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'/dev/zero' is a device, not a regular file");
	cr_assert_eq(fsutil_read_file(&sb, "dir", 0), CLERK_EIO);
	cr_assert_str_eq(clerk_error_last()->message, "'dir' is a folder, not a regular file");
	cr_assert_eq(fsutil_read_file(&sb, "missing", 0), CLERK_ENOTFOUND);
	cr_assert_str_eq(clerk_error_last()->message,
			 "cannot read 'missing': No such file or directory");
	if (access("/proc/self/status", R_OK) == 0) {
		/* says 0 bytes and has more: refused, not read without a bound */
		cr_assert_eq(fsutil_read_file(&sb, "/proc/self/status", 0), CLERK_EIO);
		cr_assert(strstr(clerk_error_last()->message,
				 "'/proc/self/status' changed while it was read: it is no longer "
				 "the 0 bytes"),
			  "%s", clerk_error_last()->message);
	}
	cr_assert_str_eq(sb.buf, "kept:account a\n");
	strbuf_release(&sb);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/*
 * strbuf_read_fd() reads exactly the size it is given: a file that grew or
 * shrank since (its fstat) is STRBUF_READ_CHANGED, and sb keeps what it had.
 */
Test(books, read_fd_reads_no_further_than_the_size, TMPDIR_FIXTURE)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = tpath("f");
	write_file("f", "0123456789");
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(strbuf_read_fd(&sb, fd, 10), 0);
	cr_assert_str_eq(sb.buf, "0123456789");
	/* grown: the one byte more finds it, nothing is added */
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	cr_assert_eq(strbuf_read_fd(&sb, fd, 4), STRBUF_READ_CHANGED);
	cr_assert_str_eq(sb.buf, "0123456789");
	/* shrunk: it ends before the size */
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	cr_assert_eq(strbuf_read_fd(&sb, fd, 11), STRBUF_READ_CHANGED);
	cr_assert_eq(sb.len, 10);
	close(fd);
	/* a device would give bytes for ever: strbuf_read_fd stops at size + 1 */
	fd = open("/dev/zero", O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(strbuf_read_fd(&sb, fd, 1 << 20), STRBUF_READ_CHANGED);
	close(fd);
	cr_assert_eq(sb.len, 10);
	/* strbuf_read_file(): never blocks, regular files only (errno says why) */
	cr_assert_eq(chdir(tdir), 0);
	cr_assert_eq(mkfifo("fifo", 0600), 0);
	errno = 0;
	cr_assert_eq(strbuf_read_file(&sb, "fifo", 0), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(strbuf_read_file(&sb, "/dev/zero", 0), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(strbuf_read_file(&sb, tdir, 0), -1);
	cr_assert_eq(errno, EISDIR);
	cr_assert_eq(strbuf_read_file(&sb, "f", 0), 0);
	cr_assert_str_eq(sb.buf, "01234567890123456789");
	free(path);
	strbuf_release(&sb);
	ASSERT_NO_LEAKS();
}

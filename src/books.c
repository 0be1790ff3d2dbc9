#include "compat.h"
#include "books.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char placeholder[] =
	"; posted/ holds the batches and imports that clerk has committed to these books.\n"
	"; The root journal includes every posted/*.journal file; each file is written once,\n"
	"; atomically, and never changed. This file keeps the include pattern from matching\n"
	"; nothing (hledger and ledger reject an include that matches no file).\n";

void books_posted_dir(struct strbuf *out, const char *root)
{
	fsutil_dirname(out, root);
	strbuf_addstr(out, "/posted");
}

static bool has_include_line(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t n = strlen(BOOKS_INCLUDE_LINE);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *t = e;
		while (t > p && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
			t--;
		if ((size_t)(t - p) == n && !memcmp(p, BOOKS_INCLUDE_LINE, n))
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

int books_prepare(const char *root)
{
	struct strbuf dir = STRBUF_INIT, ph = STRBUF_INIT, text = STRBUF_INIT;
	int error = 0;
	struct stat st;

	books_posted_dir(&dir, root);
	if ((error = fsutil_mkdir(dir.buf)))
		goto cleanup;
	strbuf_addf(&ph, "%s/000000-clerk.journal", dir.buf);
	if (lstat(ph.buf, &st) != 0 &&
	    (error = fsutil_write_atomic(ph.buf, placeholder, sizeof(placeholder) - 1, 0600,
					 "prepare-placeholder")))
		goto cleanup;
	if (strbuf_read_file(&text, root, 0)) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", root);
		goto cleanup;
	}
	if (!has_include_line(text.buf, text.len)) {
		if (stat(root, &st)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot stat '%s'", root);
			goto cleanup;
		}
		if (text.len && text.buf[text.len - 1] != '\n')
			strbuf_addch(&text, '\n');
		strbuf_addstr(&text, "\n; clerk posts batches and imports into posted/ (see formats/books.md)\n");
		strbuf_addstr(&text, BOOKS_INCLUDE_LINE "\n");
		error = fsutil_write_atomic(root, text.buf, text.len, st.st_mode & 07777, "prepare-root");
	}
cleanup:
	strbuf_release(&dir);
	strbuf_release(&ph);
	strbuf_release(&text);
	return error;
}

void books_clean_temporaries(const char *root)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	books_posted_dir(&dir, root);
	DIR *d = opendir(dir.buf);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (e->d_name[0] == '.' && strstr(e->d_name, ".journal.tmp.") && n > 14) {
				strbuf_reset(&path);
				strbuf_addf(&path, "%s/%s", dir.buf, e->d_name);
				unlink(path.buf);
			}
		}
		closedir(d);
	}
	strbuf_release(&dir);
	strbuf_release(&path);
}

/* Returns the highest NNNNNN prefix among posted/ files, or 0. */
static long max_sequence(const char *dir)
{
	long max = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *s = e->d_name;
		long v = 0;
		int n = 0;
		while (n < 9 && s[n] >= '0' && s[n] <= '9') {
			v = v * 10 + (s[n] - '0');
			n++;
		}
		if (n == 6 && s[6] == '-' && v > max)
			max = v;
	}
	closedir(d);
	return max;
}

int books_commit(const char *root, const char *kind, const char *hash, const char *text, size_t len,
		 char **path_out)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	int error = 0;
	*path_out = NULL;
	books_posted_dir(&dir, root);
	long seq = max_sequence(dir.buf) + 1;
	if (seq > 999999) {
		error = clerk_error_set(CLERK_EIO, "posted/ is full (999999 commits)");
		goto cleanup;
	}
	strbuf_addf(&path, "%s/%06ld-%s-%.12s.journal", dir.buf, seq, kind, hash);
	fault_point("commit:start");
	if ((error = fsutil_write_atomic(path.buf, text, len, 0600, "commit")))
		goto cleanup;
	*path_out = strbuf_detach(&path, NULL);
cleanup:
	strbuf_release(&dir);
	strbuf_release(&path);
	return error;
}

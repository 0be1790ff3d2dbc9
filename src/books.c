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
	if (!strchr(root, '/')) {
		strbuf_addstr(out, "posted");
		return;
	}
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

/* True when posted/ holds committed files (anything but the placeholder). */
static bool has_commits(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	bool found = false;
	while (dp && (e = readdir(dp))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] != '.' && n > 8 && !strcmp(e->d_name + n - 8, ".journal") &&
		    strcmp(e->d_name, "000000-clerk.journal"))
			found = true;
	}
	if (dp)
		closedir(dp);
	return found;
}

int books_prepare(const char *root)
{
	struct strbuf dir = STRBUF_INIT, ph = STRBUF_INIT, text = STRBUF_INIT;
	int error = 0;
	struct stat st;
	bool add_line;

	books_posted_dir(&dir, root);
	strbuf_addf(&ph, "%s/000000-clerk.journal", dir.buf);
	/* decide everything before changing anything */
	if ((error = fsutil_read_file(&text, root, 0))) {
		if (error == CLERK_ENOTFOUND)
			error = CLERK_EIO;
		goto cleanup;
	}
	add_line = !has_include_line(text.buf, text.len);
	if (add_line) {
		if (lstat(root, &st)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot stat '%s'", root);
			goto cleanup;
		}
		if (!S_ISREG(st.st_mode)) {
			error = clerk_error_set(CLERK_EIO,
						"'%s' is not a regular file (a symbolic link?): clerk will not "
						"rewrite it; add the line '" BOOKS_INCLUDE_LINE "' to it yourself",
						root);
			goto cleanup;
		}
		if (has_commits(dir.buf)) {
			error = clerk_error_set(CLERK_EINVALID,
						"'%s' holds committed files but '%s' does not include them; "
						"restore the line '" BOOKS_INCLUDE_LINE "' (or move the files away)",
						dir.buf, root);
			goto cleanup;
		}
	}
	if (lstat(dir.buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		error = clerk_error_set(CLERK_EIO, "'%s' is not a directory", dir.buf);
		goto cleanup;
	}
	if (lstat(ph.buf, &st) == 0 && !S_ISREG(st.st_mode)) {
		error = clerk_error_set(CLERK_EIO, "'%s' is not a regular file (a symbolic link?)", ph.buf);
		goto cleanup;
	}
	if ((error = fsutil_mkdir(dir.buf)))
		goto cleanup;
	if (lstat(ph.buf, &st) != 0 &&
	    (error = fsutil_write_atomic(ph.buf, placeholder, sizeof(placeholder) - 1, 0600,
					 "prepare-placeholder")))
		goto cleanup;
	if (add_line) {
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

/* Removes ".BASE.tmp.PID" files in dir (left by a killed atomic write). */
static void clean_dir(const char *dir, const char *base)
{
	struct strbuf path = STRBUF_INIT, prefix = STRBUF_INIT;
	strbuf_addf(&prefix, ".%s", base ? base : "");
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			const char *tmp = strstr(e->d_name, ".tmp.");
			if (e->d_name[0] != '.' || !tmp || !tmp[5])
				continue;
			if (base && (strncmp(e->d_name, prefix.buf, prefix.len) ||
				     e->d_name + prefix.len != tmp))
				continue;
			if (!base && (size_t)(tmp - e->d_name) < 9)
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, e->d_name);
			unlink(path.buf);
		}
		closedir(d);
	}
	strbuf_release(&path);
	strbuf_release(&prefix);
}

void books_clean_temporaries(const char *root)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = strrchr(root, '/');
	books_posted_dir(&dir, root);
	clean_dir(dir.buf, NULL);
	strbuf_reset(&dir);
	fsutil_dirname(&dir, root);
	clean_dir(dir.buf, base ? base + 1 : root);
	strbuf_release(&dir);
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
	struct fsutil_part part = { text, len };
	return books_commit_parts(root, kind, hash, &part, 1, path_out);
}

int books_commit_parts(const char *root, const char *kind, const char *hash,
		       const struct fsutil_part *parts, size_t nparts, char **path_out)
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
	if ((error = fsutil_write_atomic_parts(path.buf, parts, nparts, 0600, "commit", 0)))
		goto cleanup;
	*path_out = strbuf_detach(&path, NULL);
cleanup:
	strbuf_release(&dir);
	strbuf_release(&path);
	return error;
}

void books_find_run(books_run_files *out, const char *root, const char *id)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, want = STRBUF_INIT;
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	books_posted_dir(&dir, root);
	strbuf_addf(&want, "; clerk-run: %s\n", id);
	(void)fsutil_list_dir(dir.buf, &names); /* none readable: no such files */
	for (size_t i = 0; i < names.n; i++) {
		if (!strstr(names.v[i], "-run-"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names.v[i]);
		struct strbuf text = STRBUF_INIT;
		if (fsutil_read_file(&text, path.buf, 0) || text.len < want.len ||
		    memcmp(text.buf, want.buf, want.len)) {
			strbuf_release(&text);
			continue;
		}
		struct books_run_file *f = VEC_GROW(out);
		f->path = xstrdup(path.buf);
		f->real = realpath(path.buf, NULL);
		if (!f->real)
			f->real = xstrdup(path.buf);
		f->text = text;
	}
	fsutil_names_release(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&want);
}

void books_run_files_release(books_run_files *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].path);
		free(v->v[i].real);
		strbuf_release(&v->v[i].text);
	}
	VEC_FREE(v);
}

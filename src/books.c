#include "compat.h"
#include "books.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "util/vec.h"
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

/* A closing transaction's file: NNNNNN-close-HASH.journal (books_commit() of clerk close). */
static bool is_close_file(const char *name)
{
	size_t n = strlen(name), k = 0;
	while (k < n && name[k] >= '0' && name[k] <= '9')
		k++;
	return k == 6 && !strncmp(name + k, "-close-", 7) && n > 8 + 7 + k &&
	       !strcmp(name + n - 8, ".journal");
}

/* The value of tag `name` on the first line of text (up to ',' or the end of the line). */
static void first_line_tag(struct strbuf *out, const char *text, const char *name)
{
	size_t line = strcspn(text, "\n"), nl = strlen(name);
	for (const char *p = text; (p = strstr(p, name)) && (size_t)(p - text) < line; p++) {
		if ((p > text && p[-1] != ' ' && p[-1] != ';') || strncmp(p + nl, ": ", 2))
			continue;
		const char *v = p + nl + 2;
		size_t len = strcspn(v, ",\n");
		while (len && v[len - 1] == ' ')
			len--;
		strbuf_add(out, v, len);
		return;
	}
}

/* Appends dir/rel with "." and "name/.." taken out (a path to show, not to open). */
static void join_lexical(struct strbuf *out, const char *dir, const char *rel)
{
	struct strbuf all = STRBUF_INIT;
	VEC(char *) parts = VEC_INIT;
	if (*rel != '/' && *dir)
		strbuf_addf(&all, "%s/", dir);
	strbuf_addstr(&all, rel);
	bool abs = all.buf[0] == '/';
	for (char *p = all.buf, *next; *p; p = next) {
		size_t n = strcspn(p, "/");
		next = p[n] ? p + n + 1 : p + n;
		p[n] = '\0';
		if (!*p || !strcmp(p, "."))
			continue;
		if (!strcmp(p, "..") && parts.n && strcmp(parts.v[parts.n - 1], ".."))
			parts.n--;
		else
			VEC_PUSH(&parts, p);
	}
	if (abs)
		strbuf_addch(out, '/');
	for (size_t k = 0; k < parts.n; k++)
		strbuf_addf(out, "%s%s", k ? "/" : "", parts.v[k]);
	if (!abs && !parts.n)
		strbuf_addch(out, '.');
	VEC_FREE(&parts);
	strbuf_release(&all);
}

int books_check_open(const char *root)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf through = STRBUF_INIT, best = STRBUF_INIT, to = STRBUF_INIT, shown = STRBUF_INIT;
	struct strbuf best_path = STRBUF_INIT;
	struct fsutil_names names = { 0 };
	int error = 0;
	books_posted_dir(&dir, root);
	if (fsutil_list_dir(dir.buf, &names))
		goto done; /* no posted/ (yet): nothing was closed */
	for (size_t i = 0; i < names.n; i++) {
		if (!is_close_file(names.v[i]))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names.v[i]);
		strbuf_reset(&text);
		strbuf_reset(&through);
		if (fsutil_read_file(&text, path.buf, FSUTIL_NOFOLLOW))
			continue; /* loading the books reports it */
		first_line_tag(&through, text.buf, "clerk-close");
		if (!through.len || (best.len && strcmp(through.buf, best.buf) <= 0))
			continue;
		strbuf_reset(&best);
		strbuf_addstr(&best, through.buf);
		strbuf_reset(&best_path);
		strbuf_addstr(&best_path, path.buf);
		strbuf_reset(&to);
		first_line_tag(&to, text.buf, "clerk-new-root");
	}
	if (!best.len)
		goto done;
	if (to.len) {
		strbuf_addstr(&shown, "; commit to the new books '");
		join_lexical(&shown, dir.buf, to.buf);
		strbuf_addstr(&shown, "' instead");
	} else {
		strbuf_addstr(&shown, "; commit to the new books clerk close wrote instead");
	}
	error = clerk_error_set(CLERK_ESEALED,
				"the books '%s' were closed through %s (%s) and are sealed: nothing more "
				"is committed to them%s",
				root, best.buf, best_path.buf, shown.buf);
done:
	fsutil_names_release(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&through);
	strbuf_release(&best);
	strbuf_release(&to);
	strbuf_release(&shown);
	strbuf_release(&best_path);
	return error;
}

int books_prepare(const char *root)
{
	struct strbuf dir = STRBUF_INIT, ph = STRBUF_INIT, text = STRBUF_INIT;
	int error = 0;
	struct stat st;
	bool add_line;

	/* closed books are sealed (formats/close.md) */
	if ((error = books_check_open(root)))
		return error;
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

/* Removes ".BASE.tmp.PID" files in dir (left by a killed atomic write); base NULL: any. */
static void clean_dir(const char *dir, const char *base)
{
	struct strbuf path = STRBUF_INIT;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!fsutil_is_temporary(e->d_name, base))
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, e->d_name);
			unlink(path.buf);
		}
		closedir(d);
	}
	strbuf_release(&path);
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

/*
 * The run id of a posted file's first line "; clerk-run: ID" into id (at
 * most idsize - 1 bytes), reading no more than that line. Returns false
 * when the file does not start so.
 */
static bool run_file_id(const char *path, char *id, size_t idsize)
{
	static const char prefix[] = "; clerk-run: ";
	char buf[128];
	int fd = -1;
	struct stat st;
	if (fsutil_open_regular(&fd, &st, path, FSUTIL_NOFOLLOW)) {
		clerk_error_clear();
		return false;
	}
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	if (n <= (ssize_t)(sizeof(prefix) - 1) || memcmp(buf, prefix, sizeof(prefix) - 1))
		return false;
	buf[n] = '\0';
	char *start = buf + sizeof(prefix) - 1, *nl = strchr(start, '\n');
	if (!nl || nl == start || (size_t)(nl - start) >= idsize)
		return false;
	memcpy(id, start, (size_t)(nl - start));
	id[nl - start] = '\0';
	return true;
}

/* Calls fn for every posted file that `clerk run` committed, with its path and run id. */
static void each_run_file(const char *root, void (*fn)(void *, const char *, const char *), void *ctx)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	books_posted_dir(&dir, root);
	(void)fsutil_list_dir(dir.buf, &names); /* none readable: no such files */
	for (size_t i = 0; i < names.n; i++) {
		char id[64];
		if (!strstr(names.v[i], "-run-"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names.v[i]);
		if (run_file_id(path.buf, id, sizeof(id)))
			fn(ctx, path.buf, id);
	}
	fsutil_names_release(&names);
	strbuf_release(&dir);
	strbuf_release(&path);
}

struct find_run {
	books_run_files *out;
	const char *id;
};

static void find_run_file(void *ctx, const char *path, const char *id)
{
	struct find_run *fr = ctx;
	struct strbuf text = STRBUF_INIT;
	if (strcmp(id, fr->id) || fsutil_read_file(&text, path, FSUTIL_NOFOLLOW)) {
		clerk_error_clear();
		strbuf_release(&text);
		return;
	}
	struct books_run_file *f = VEC_GROW(fr->out);
	f->path = xstrdup(path);
	f->real = realpath(path, NULL);
	if (!f->real)
		f->real = xstrdup(path);
	f->text = text;
}

void books_find_run(books_run_files *out, const char *root, const char *id)
{
	struct find_run fr = { out, id };
	each_run_file(root, find_run_file, &fr);
}

/* The run number of a run id: K of "DATE.K", 1 for a plain date. */
static unsigned long run_number(const char *id)
{
	unsigned long k = 0;
	if (strlen(id) < 12 || id[10] != '.')
		return 1;
	for (const char *p = id + 11; *p >= '0' && *p <= '9' && k < 1000000; p++)
		k = k * 10 + (unsigned long)(*p - '0');
	return k;
}

int books_run_id_cmp(const char *a, const char *b)
{
	int c = strncmp(a, b, 10);
	if (c)
		return c;
	unsigned long ka = run_number(a), kb = run_number(b);
	return ka < kb ? -1 : ka > kb;
}

static void last_run_file(void *ctx, const char *path, const char *id)
{
	struct strbuf *last = ctx;
	(void)path;
	if (strlen(id) >= 10 && (!last->len || books_run_id_cmp(id, last->buf) > 0)) {
		strbuf_reset(last);
		strbuf_addstr(last, id);
	}
}

void books_last_run(struct strbuf *out, const char *root)
{
	each_run_file(root, last_run_file, out);
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
